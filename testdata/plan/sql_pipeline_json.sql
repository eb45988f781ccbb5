-- sluice: compile -o -
CREATE OR REFRESH STREAMING TABLE raw AS
SELECT * FROM STREAM read_files('data/orders.json', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW totals AS
SELECT customer, sum(amount) AS total, count(*) AS n FROM raw WHERE amount > 1 GROUP BY customer;
