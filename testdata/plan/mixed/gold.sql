-- dlt-language.md 5 case 8: SQL reads a Python table and the other way round
CREATE MATERIALIZED VIEW g AS SELECT * FROM py_tbl;
CREATE STREAMING TABLE raw AS
SELECT * FROM STREAM read_files('../data/orders.json', format => 'json');
CREATE MATERIALIZED VIEW agg AS SELECT count(*) AS n, sum(amount2) AS s FROM py_clean;
