-- sluice: parse
-- Table-valued functions: read_files with named options, cloud_files with a map,
-- STREAM read_files, STREAM(read_files(...)), option names in backquotes.
CREATE OR REFRESH STREAMING TABLE raw1 AS
SELECT * FROM STREAM read_files('/in/orders', format => 'json',
  `cloudFiles.schemaHints` => 'id INT', header => true);
CREATE OR REFRESH STREAMING TABLE raw2 AS
SELECT * FROM STREAM(read_files('/in/csv', format => 'csv', sep => ';')) r;
CREATE OR REFRESH STREAMING TABLE raw3 AS
SELECT * FROM cloud_files('/in/clicks', 'json', map('cloudFiles.inferColumnTypes', 'true'));
CREATE MATERIALIZED VIEW batch AS SELECT * FROM read_files('/in/x.parquet') AS f, range(10), my.udtf();
