-- sluice: compile -o -
SET spark.sql.ansi.enabled = true;
CREATE STREAMING TABLE changes AS
SELECT order_id AS id, customer AS name, 'U' AS op, order_id AS seq
FROM STREAM read_files('data/orders.json', format => 'json');
CREATE STREAMING TABLE customers (CONSTRAINT has_name EXPECT (name IS NOT NULL));
APPLY CHANGES INTO customers FROM STREAM(changes) KEYS (id)
  APPLY AS DELETE WHEN op = 'D' SEQUENCE BY seq COLUMNS * EXCEPT (op, seq)
  STORED AS SCD TYPE 2 TRACK HISTORY ON (name);
