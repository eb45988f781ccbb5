-- sluice: compile --explain
CREATE STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/orders.json', format => 'json');
CREATE MATERIALIZED VIEW per_customer AS SELECT customer, sum(amount) AS total FROM raw GROUP BY customer;
