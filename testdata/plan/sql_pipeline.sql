-- sluice: compile --explain
CREATE OR REFRESH STREAMING TABLE orders_bronze
COMMENT 'raw orders'
TBLPROPERTIES ('quality' = 'bronze')
AS SELECT * FROM STREAM read_files('data/orders.json', format => 'json');

CREATE OR REFRESH STREAMING TABLE orders_silver (
  order_id BIGINT NOT NULL COMMENT 'business key',
  customer STRING,
  amount DOUBLE,
  CONSTRAINT positive_amount EXPECT (amount > 0) ON VIOLATION DROP ROW,
  CONSTRAINT has_customer EXPECT (customer IS NOT NULL)
)
PARTITIONED BY (customer)
AS SELECT order_id, upper(customer) AS customer, amount FROM STREAM(LIVE.orders_bronze);

CREATE OR REFRESH MATERIALIZED VIEW revenue_by_customer AS
SELECT customer, count(*), sum(amount), round(avg(amount), 2) AS avg_amount
FROM orders_silver
GROUP BY customer
ORDER BY customer;

CREATE TEMPORARY LIVE VIEW big_orders AS
SELECT o.order_id, o.amount FROM LIVE.orders_silver o WHERE o.amount > 10;

CREATE OR REFRESH MATERIALIZED VIEW big_count AS SELECT count(*) AS n FROM big_orders;
