# sluice: parse
import dlt
import a.b as c, d
import pyspark.pipelines as dp
from pyspark import pipelines as dp
from . import x
from .. import (y as z, w,)
from ...m.n import *
from .pkg.mod import a, b as bb
from pyspark.sql.functions import col, lit, expr
