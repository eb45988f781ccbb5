-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Bronze: raw clickstream
-- MAGIC Ingests the Wikipedia clickstream sample as it lands.

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE clickstream_raw
COMMENT 'The raw Wikipedia clickstream dataset, ingested from /databricks-datasets.'
TBLPROPERTIES ('quality' = 'bronze')
AS SELECT * FROM STREAM read_files('${clicks.path}', format => 'json')
