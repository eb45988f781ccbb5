-- sluice: compile --ir
SET pipelines.trigger.interval = 10 seconds;
CREATE OR REFRESH PRIVATE STREAMING TABLE orders_bronze (
  order_id BIGINT NOT NULL COMMENT 'business key',
  amount DECIMAL(10,2),
  ts TIMESTAMP,
  day DATE GENERATED ALWAYS AS (CAST(ts AS DATE)),
  CONSTRAINT positive_amount EXPECT (amount > 0) ON VIOLATION DROP ROW,
  CONSTRAINT recent EXPECT (ts > '2020-01-01') ON VIOLATION FAIL UPDATE
)
PARTITIONED BY (order_id)
COMMENT 'raw orders'
TBLPROPERTIES ('quality' = 'bronze', pipelines.reset.allowed = 'false')
AS SELECT order_id, amount, ts FROM STREAM read_files('/in/orders', format => 'json', header => 'true');
USE SCHEMA other;
CREATE LIVE TABLE d1_mv AS
WITH recent AS (SELECT * FROM LIVE.orders_bronze WHERE ts > current_date() - INTERVAL 3 DAYS)
SELECT r.order_id, c.name, row_number() OVER (PARTITION BY c.name ORDER BY r.ts DESC) AS rn
FROM recent r LEFT JOIN customers c USING (order_id)
ORDER BY rn NULLS LAST LIMIT 5;
CREATE STREAMING TABLE target;
CREATE FLOW backfill AS INSERT INTO ONCE target BY NAME SELECT * FROM csv.`/archive`;
APPLY CHANGES INTO LIVE.target FROM STREAM(cdc_src) KEYS (id, region)
  IGNORE NULL UPDATES APPLY AS DELETE WHEN op = 'D' SEQUENCE BY STRUCT(ts, seq)
  COLUMNS * EXCEPT (op) STORED AS SCD TYPE 2 TRACK HISTORY ON * EXCEPT (city);
CREATE TEMPORARY LIVE VIEW v AS SELECT x, CASE WHEN x IN (1, 2) THEN 'low' ELSE 'high' END AS lvl,
  x BETWEEN 1 AND 9 AS mid, s LIKE 'a%' AS a, s IS NULL AS n, EXISTS (SELECT 1 FROM t2) AS e
FROM cloud_files('/landing', 'csv', map('header', 'true'));
