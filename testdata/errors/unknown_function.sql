-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW s AS SELECT 'x' AS name;
CREATE MATERIALIZED VIEW t AS SELECT uper(name) AS u, upper(name, 2) AS v, nosuchfn(name) AS w FROM s;
