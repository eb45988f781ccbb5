-- sluice: compile --explain
CREATE STREAMING TABLE changes AS
SELECT order_id AS id, customer AS name, amount, 'U' AS op, order_id AS seq
FROM STREAM read_files('data/orders.json', format => 'json');
CREATE OR REFRESH STREAMING TABLE customers;
APPLY CHANGES INTO customers
  FROM STREAM(changes)
  KEYS (id)
  APPLY AS DELETE WHEN op = 'D'
  SEQUENCE BY seq
  COLUMNS * EXCEPT (op, seq)
  STORED AS SCD TYPE 2;
CREATE MATERIALIZED VIEW current_customers AS SELECT id, name FROM customers WHERE __END_AT IS NULL;
