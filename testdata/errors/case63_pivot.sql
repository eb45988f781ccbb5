-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW s AS SELECT 'a' AS k, 1 AS v;
CREATE MATERIALIZED VIEW p AS SELECT * FROM s PIVOT (sum(v) FOR k IN ('a', 'b'));
