-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW t AS SELECT 1 AS x;
INSERT INTO t VALUES (1);
