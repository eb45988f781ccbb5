-- sluice: compile --explain
-- CSV inference in CSVInferSchema order with a header
CREATE MATERIALIZED VIEW c AS
SELECT * FROM read_files('data/typed.csv', format => 'csv', header => 'true', inferSchema => 'true');
