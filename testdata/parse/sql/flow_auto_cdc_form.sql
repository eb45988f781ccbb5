-- sluice: parse
-- CREATE ... STREAMING TABLE t FLOW AUTO CDC: the target is the table itself.
CREATE OR REFRESH STREAMING TABLE customers
FLOW AUTO CDC
FROM STREAM(customers_cdc)
KEYS (customer_id)
APPLY AS DELETE WHEN operation = 'DELETE'
SEQUENCE BY sequence_num
COLUMNS * EXCEPT (operation, sequence_num)
STORED AS SCD TYPE 2;
