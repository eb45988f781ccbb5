-- sluice: parse
-- Time travel after a table name.
CREATE MATERIALIZED VIEW tt AS
SELECT * FROM a VERSION AS OF 3, b TIMESTAMP AS OF '2024-01-01' AS bb,
  c FOR VERSION AS OF 12, d FOR TIMESTAMP AS OF current_timestamp() - INTERVAL 1 DAY;
