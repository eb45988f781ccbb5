CREATE MATERIALIZED VIEW mounted AS SELECT order_id FROM json.`/databricks-datasets/orders.json`;
CREATE MATERIALIZED VIEW qualified AS SELECT * FROM main.shop.totals;
