# Databricks notebook source
# MAGIC %md
# MAGIC # Wikipedia clickstream, in Python
# MAGIC The Delta Live Tables tutorial: ingest the raw clickstream, clean it, and find what
# MAGIC people read and where they come from.

# COMMAND ----------

import dlt
from pyspark.sql.functions import col, desc, expr, sum

CLICKS_PATH = spark.conf.get("clicks.path")

# COMMAND ----------

@dlt.table(
    comment="The raw Wikipedia clickstream dataset, ingested from /databricks-datasets.",
    table_properties={"quality": "bronze"},
)
def clickstream_raw():
    return spark.readStream.format("json").load(CLICKS_PATH)

# COMMAND ----------

@dlt.table(
    comment="Wikipedia clickstream data cleaned and prepared for analysis.",
    table_properties={"quality": "silver"},
)
@dlt.expect("valid_current_page_title", "current_page_title IS NOT NULL")
@dlt.expect_or_fail("valid_count", "click_count > 0")
def clickstream_clean():
    return (
        dlt.read_stream("clickstream_raw")
        .withColumn("current_page_id", expr("CAST(curr_id AS INT)"))
        .withColumn("click_count", expr("CAST(n AS INT)"))
        .withColumn("previous_page_id", expr("CAST(prev_id AS INT)"))
        .withColumnRenamed("curr_title", "current_page_title")
        .withColumnRenamed("prev_title", "previous_page_title")
        .select("current_page_id", "current_page_title", "click_count",
                "previous_page_id", "previous_page_title")
    )

# COMMAND ----------

@dlt.table(
    comment="A table containing the top pages linking to the Apache Spark page.",
    table_properties={"quality": "gold"},
)
def top_spark_referers():
    return (
        dlt.read("clickstream_clean")
        .filter(expr("current_page_title == 'Apache_Spark'"))
        .withColumnRenamed("previous_page_title", "referrer")
        .sort(desc("click_count"))
        .select("referrer", "click_count")
        .limit(10)
    )

# COMMAND ----------

@dlt.table(
    comment="The 50 most visited pages.",
    table_properties={"quality": "gold"},
)
def top_pages():
    return (
        dlt.read("clickstream_clean")
        .groupBy("current_page_title")
        .agg(sum("click_count").alias("total_clicks"))
        .sort(desc("total_clicks"))
        .limit(50)
    )
