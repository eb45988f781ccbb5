-- sluice: compile --explain
-- a declared schema overrides inference; schemaHints override single columns
CREATE MATERIALIZED VIEW d AS SELECT * FROM read_files('data/mixed.json', schema => 'b DOUBLE, a STRING');
CREATE MATERIALIZED VIEW h AS
SELECT * FROM read_files('data/mixed.json', schemaHints => 'b DECIMAL(10,2)');
