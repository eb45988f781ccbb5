-- sluice: query --format csv --file
SELECT * FROM parquet.`no/such/file.parquet`
