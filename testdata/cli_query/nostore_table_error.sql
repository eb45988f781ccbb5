-- sluice: query --file
-- A table needs a store: the error names it and says how to give one.
SELECT e.name, d.dname
FROM emp e JOIN parquet.`../query/data/dept.parquet` d ON e.dept = d.dept
