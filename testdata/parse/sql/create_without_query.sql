-- sluice: parse
-- A streaming table may omit AS query: it is then the target of flows.
CREATE OR REFRESH STREAMING TABLE customers;
CREATE OR REFRESH STREAMING TABLE orders (id BIGINT, amount DOUBLE);
CREATE STREAMING TABLE events
  COMMENT 'filled by flows'
  TBLPROPERTIES ('quality' = 'bronze');
