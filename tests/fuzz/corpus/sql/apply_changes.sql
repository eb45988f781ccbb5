-- sluice: parse
-- The APPLY CHANGES example of dlt-language.md 2.4.
CREATE OR REFRESH STREAMING TABLE customers;
APPLY CHANGES INTO customers
  FROM STREAM(customers_cdc)
  KEYS (customer_id)
  APPLY AS DELETE WHEN op = 'D'
  SEQUENCE BY change_seq
  COLUMNS * EXCEPT (op, change_seq)
  STORED AS SCD TYPE 2;
