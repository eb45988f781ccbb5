-- sluice: query --format json --file
SELECT _c0 AS k, _c4 AS s FROM csv.`../query/data/nums.csv` WHERE _c0 IN ('k', '1', '2') ORDER BY 1
