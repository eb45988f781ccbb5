-- sluice: compile --explain
SET src = data;
CREATE MATERIALIZED VIEW m AS SELECT customer FROM read_files('${src}/orders.json');
