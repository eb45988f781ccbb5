-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Wikipedia clickstream, in SQL
-- MAGIC The Delta Live Tables tutorial: ingest the raw clickstream, clean it, and find what
-- MAGIC people read and where they come from.

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE clickstream_raw
COMMENT 'The raw Wikipedia clickstream dataset, ingested from /databricks-datasets.'
TBLPROPERTIES ('quality' = 'bronze')
AS SELECT * FROM STREAM read_files('${clicks.path}', format => 'json');

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE clickstream_clean (
  CONSTRAINT valid_current_page_title EXPECT (current_page_title IS NOT NULL),
  CONSTRAINT valid_count EXPECT (click_count > 0) ON VIOLATION FAIL UPDATE
)
COMMENT 'Wikipedia clickstream data cleaned and prepared for analysis.'
TBLPROPERTIES ('quality' = 'silver')
AS SELECT
  CAST(curr_id AS INT) AS current_page_id,
  curr_title AS current_page_title,
  CAST(n AS INT) AS click_count,
  CAST(prev_id AS INT) AS previous_page_id,
  prev_title AS previous_page_title
FROM STREAM(clickstream_raw);

-- COMMAND ----------

CREATE OR REFRESH MATERIALIZED VIEW top_spark_referers
COMMENT 'A table containing the top pages linking to the Apache Spark page.'
TBLPROPERTIES ('quality' = 'gold')
AS SELECT previous_page_title AS referrer, click_count
FROM clickstream_clean
WHERE current_page_title = 'Apache_Spark'
ORDER BY click_count DESC
LIMIT 10;

-- COMMAND ----------

CREATE OR REFRESH MATERIALIZED VIEW top_pages
COMMENT 'The 50 most visited pages.'
TBLPROPERTIES ('quality' = 'gold')
AS SELECT current_page_title, SUM(click_count) AS total_clicks
FROM clickstream_clean
GROUP BY current_page_title
ORDER BY 2 DESC
LIMIT 50;
