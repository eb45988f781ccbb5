-- sluice: compile --explain
CREATE STREAMING TABLE s AS SELECT * FROM cloud_files('data', 'json');
CREATE STREAMING TABLE t AS SELECT * FROM cloud_files('/nowhere/in', 'json', map('cloudFiles.inferColumnTypes', 'true'));
