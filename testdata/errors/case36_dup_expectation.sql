-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW t (
  CONSTRAINT dup EXPECT (qty > 0),
  CONSTRAINT dup EXPECT (qty < 100) ON VIOLATION DROP ROW
) AS SELECT 5 AS qty;
