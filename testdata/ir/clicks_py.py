# sluice: compile --ir
import dlt
from pyspark.sql import functions as F

@dlt.table(comment="top referrers")
def top_referrers():
    return (dlt.read("clicks_clean")
            .filter(F.col("page_title") == "Apache_Spark")
            .groupBy("referrer").agg(F.sum("clicks").alias("total")))
