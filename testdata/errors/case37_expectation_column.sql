-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW t (
  CONSTRAINT c EXPECT (no_such_col > 0)
) AS SELECT 5 AS qty;
