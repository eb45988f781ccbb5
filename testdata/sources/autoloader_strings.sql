-- sluice: compile --explain
-- Auto Loader infers every column as STRING unless cloudFiles.inferColumnTypes is true
CREATE STREAMING TABLE raw AS SELECT * FROM cloud_files('data/mixed.json', 'json');
CREATE STREAMING TABLE typed AS
SELECT * FROM cloud_files('data/mixed.json', 'json', map('cloudFiles.inferColumnTypes', 'true'));
