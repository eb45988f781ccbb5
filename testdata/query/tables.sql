-- The query suite's tables: each input file of data/ typed explicitly (the DuckDB side of
-- tests/e2e/query_gen.py types them the same way). @DATA@ is replaced by the data folder.
CREATE MATERIALIZED VIEW emp AS SELECT CAST(id AS INT) AS id, CAST(name AS STRING) AS name,
  CAST(dept AS STRING) AS dept, CAST(salary AS DECIMAL(10,2)) AS salary, CAST(age AS INT) AS age,
  CAST(bonus AS DOUBLE) AS bonus, CAST(hired AS DATE) AS hired,
  CAST(login_ts AS TIMESTAMP) AS login_ts, CAST(active AS BOOLEAN) AS active,
  CAST(level AS BIGINT) AS level
FROM read_files('@DATA@/emp.csv', format => 'csv', header => 'true', inferSchema => 'false');

CREATE MATERIALIZED VIEW sales AS SELECT CAST(sale_id AS BIGINT) AS sale_id,
  CAST(emp_id AS INT) AS emp_id, CAST(amount AS DOUBLE) AS amount, CAST(qty AS INT) AS qty,
  CAST(sold_at AS TIMESTAMP) AS sold_at, CAST(region AS STRING) AS region,
  CAST(note AS STRING) AS note
FROM read_files('@DATA@/sales.json', format => 'json');

CREATE MATERIALIZED VIEW dept AS SELECT dept, dname, budget, floor
FROM read_files('@DATA@/dept.parquet', format => 'parquet');

CREATE MATERIALIZED VIEW nums AS SELECT CAST(k AS INT) AS k, CAST(i AS INT) AS i,
  CAST(j AS BIGINT) AS j, CAST(d AS DOUBLE) AS d, CAST(s AS STRING) AS s
FROM read_files('@DATA@/nums.csv', format => 'csv', header => 'true', inferSchema => 'false');

CREATE MATERIALIZED VIEW strs AS SELECT CAST(k AS INT) AS k, CAST(s AS STRING) AS s
FROM read_files('@DATA@/strs.json', format => 'json');

-- ARRAY and MAP columns stored in a Delta table (Parquet LIST / MAP), read by 15_nested_store.
CREATE MATERIALIZED VIEW emp_nested AS SELECT dept,
  sort_array(collect_list(id)) AS ids, sort_array(collect_list(name)) AS names,
  CASE WHEN dept = 'hr' THEN NULL ELSE array(min(age), CAST(NULL AS INT), max(age)) END AS ages,
  CASE WHEN dept = 'ops' THEN slice(sort_array(collect_set(hired)), 1, 0)
       ELSE sort_array(collect_set(hired)) END AS hired,
  sort_array(collect_list(salary)) AS salaries, sort_array(collect_set(active)) AS actives,
  sort_array(collect_list(login_ts)) AS logins,
  map('n', count(*), 'none', CAST(NULL AS BIGINT)) AS counts,
  array(slice(sort_array(collect_list(age)), 1, 2), NULL, slice(array(1), 1, 0)) AS ages2
FROM emp GROUP BY dept;
