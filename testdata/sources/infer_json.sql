-- sluice: compile --explain
-- JSON inference: fields sorted by name, bigint widened to double, nested values as STRING
CREATE MATERIALIZED VIEW m AS SELECT * FROM read_files('data/mixed.json');
