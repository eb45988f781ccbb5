# sluice: compile --explain
import dlt
from pyspark.sql import functions as F

REGIONS = ["emea", "apac"]

@dlt.table
def orders():
    return spark.createDataFrame([(1, "emea", 10.0), (2, "apac", 5.5)], "id INT, region STRING, amount DOUBLE")

for r in REGIONS:
    @dlt.table(name=f"orders_{r}")
    def _t():
        return dlt.read("orders").where(f"region = '{r}'")

for r in REGIONS:
    @dlt.table(name=f"sales_{r}")
    def _s(region=r):
        return dlt.read("orders").where(F.col("region") == region)

def make_gold(metric):
    @dlt.materialized_view(name=f"gold_{metric}")
    def _g():
        return dlt.read("orders").groupBy("region").agg(F.sum(metric).alias(metric))

for m in ["amount", "id"]:
    make_gold(m)
