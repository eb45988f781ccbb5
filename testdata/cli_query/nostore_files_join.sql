-- sluice: query --format csv --file
-- Files only, no --storage/--settings: parquet, json and csv (read_files) joined.
SELECT e.dept, d.dname, count(*) AS sales, round(sum(s.amount), 2) AS amount
FROM json.`../query/data/sales.json` s
JOIN read_files('../query/data/emp.csv', format => 'csv', header => true,
                schemaHints => 'id INT') e ON s.emp_id = e.id
LEFT JOIN parquet.`../query/data/dept.parquet` d ON d.dept = e.dept AND d.floor IS NOT NULL
GROUP BY e.dept, d.dname
ORDER BY e.dept NULLS FIRST, d.dname
