-- sluice: query --file
SELECT dept, budget, floor FROM parquet.`../query/data/dept.parquet` WHERE floor > 2 ORDER BY floor
