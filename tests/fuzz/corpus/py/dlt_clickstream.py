import dlt
from pyspark.sql import functions as F

RAW = spark.conf.get("clicks.path", "/data/clickstream")

@dlt.table(comment="raw clickstream, ingested incrementally")
def clicks_raw():
    return (spark.readStream.format("cloudFiles")
            .option("cloudFiles.format", "json")
            .option("cloudFiles.inferColumnTypes", "true")
            .load(RAW))

@dlt.table(comment="typed and renamed")
@dlt.expect("has_title", "page_title IS NOT NULL")
@dlt.expect_or_fail("positive_clicks", "clicks > 0")
def clicks_clean():
    return (dlt.read_stream("clicks_raw")
            .withColumn("clicks", F.col("n").cast("int"))
            .withColumnRenamed("curr_title", "page_title")
            .withColumnRenamed("prev_title", "referrer")
            .select("page_title", "referrer", "clicks"))

@dlt.table(comment="top referrers to the Apache Spark page")
def top_spark_referrers():
    return (dlt.read("clicks_clean")
            .filter(F.col("page_title") == "Apache_Spark")
            .groupBy("referrer").agg(F.sum("clicks").alias("total"))
            .orderBy(F.desc("total")).limit(10))
