# sluice: compile --explain
# explode via select (dlt-language.md 3.6): one generator among other select items
import dlt
from pyspark.sql import functions as F

@dlt.table
def e():
    return spark.createDataFrame([(1, "a,b")], "id INT, s STRING").select("id", F.explode(F.split("s", ",")).alias("part"))
