-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Gold: what people read, and where they come from

-- COMMAND ----------

CREATE OR REFRESH MATERIALIZED VIEW top_spark_referers
COMMENT 'A table containing the top pages linking to the Apache Spark page.'
TBLPROPERTIES ('quality' = 'gold')
AS SELECT
  previous_page_title AS referrer,
  click_count
FROM clickstream_clean
WHERE current_page_title = 'Apache_Spark'
ORDER BY click_count DESC
LIMIT 10;

-- COMMAND ----------

CREATE OR REFRESH MATERIALIZED VIEW top_pages
COMMENT 'The 50 most visited pages.'
TBLPROPERTIES ('quality' = 'gold')
AS SELECT
  current_page_title,
  SUM(click_count) AS total_clicks
FROM clickstream_clean
GROUP BY current_page_title
ORDER BY 2 DESC
LIMIT 50;
