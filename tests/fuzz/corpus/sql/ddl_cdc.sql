CREATE OR REFRESH STREAMING TABLE orders_bronze (
  order_id BIGINT NOT NULL COMMENT 'business key',
  amount   DECIMAL(10,2),
  ts       TIMESTAMP,
  CONSTRAINT positive_amount EXPECT (amount > 0) ON VIOLATION DROP ROW
)
PARTITIONED BY (order_id)
COMMENT 'raw orders'
TBLPROPERTIES ('quality' = 'bronze', pipelines.reset.allowed = 'false')
AS SELECT order_id, amount, ts FROM STREAM read_files('/in/orders', format => 'json');

CREATE OR REFRESH STREAMING TABLE customers;
APPLY CHANGES INTO customers
  FROM STREAM(customers_cdc)
  KEYS (customer_id)
  APPLY AS DELETE WHEN op = 'D'
  SEQUENCE BY change_seq
  COLUMNS * EXCEPT (op, change_seq)
  STORED AS SCD TYPE 2;
SET source.root = /landing/shop;
INSERT INTO t VALUES (1);
CRATE TABLE x;
SELECT first(x) IGNORE NULLS, f(g(x) IGNORE NULLS) FROM t
