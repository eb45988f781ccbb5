-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW t (id INT, name STRING) AS SELECT 1 AS id, 'x' AS name, 2 AS extra;
CREATE MATERIALIZED VIEW u (id INT) AS SELECT 12345678901 AS id;
