-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Bronze

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE bronze AS
SELECT * FROM STREAM read_files('/in', format => 'json')

-- COMMAND ----------

CREATE MATERIALIZED VIEW silver AS SELECT * FROM bronze;
CREATE MATERIALIZED VIEW broken AS SELECT FROM
-- COMMAND ----------
CREATE MATERIALIZED VIEW gold AS SELECT count(*) FROM silver
