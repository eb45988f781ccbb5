import dlt
from pyspark.sql import functions as F

@dlt.table
def py_tbl():
    return spark.read.table("ext.src")

@dlt.table(comment="typed")
@dlt.expect_or_drop("pos", "amount > 0")
def py_clean():
    return (dlt.read_stream("raw")
            .withColumn("amount2", F.col("amount") * 2)
            .select("order_id", "amount", "amount2"))
