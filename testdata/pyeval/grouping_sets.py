# sluice: compile --explain
# df.rollup / df.cube (and F.grouping_id) plan as GROUP BY ROLLUP / CUBE: an expand of
# the input per grouping set, then one aggregate over the keys and the grouping id
import dlt
from pyspark.sql import functions as F

@dlt.table
def src():
    return spark.createDataFrame([(1, "a", 3), (1, "b", 4), (2, "a", 5)], "x int, y string, z int")

@dlt.table
def rolled():
    return dlt.read("src").rollup("x", "y").agg(F.sum("z").alias("s"), F.grouping_id().alias("g"))

@dlt.table
def cubed():
    return dlt.read("src").cube("x").agg(F.count("*").alias("n"))
