-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW s AS SELECT 1 AS amount, 'x' AS customer;
CREATE MATERIALIZED VIEW t AS SELECT amout, customer FROM s;
