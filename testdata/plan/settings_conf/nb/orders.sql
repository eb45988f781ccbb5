-- Databricks notebook source
CREATE STREAMING TABLE ${env}_orders AS
SELECT * FROM STREAM read_files('${source.root}/orders.json', format => 'json')

-- COMMAND ----------

CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total FROM shop.dev_orders GROUP BY customer
