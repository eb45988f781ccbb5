-- sluice: compile --explain
-- no header: _c0, _c1 (from the first record); a declared schema with _corrupt_record
CREATE MATERIALIZED VIEW plain AS SELECT * FROM csv.`data/bad.csv`;
CREATE MATERIALIZED VIEW typed AS SELECT * FROM read_files('data/bad.csv', format => 'csv',
  schema => 'a INT, b STRING, _corrupt_record STRING', mode => 'PERMISSIVE');
