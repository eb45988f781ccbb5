# Databricks notebook source
# MAGIC %md
# MAGIC # Silver: cleaned and typed clickstream

# COMMAND ----------

import dlt
from pyspark.sql.functions import col, expr

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
