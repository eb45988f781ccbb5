-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW s AS SELECT 'x' AS name, DATE '2024-01-01' AS d;
CREATE MATERIALIZED VIEW t AS SELECT d + name AS bad FROM s WHERE name;
