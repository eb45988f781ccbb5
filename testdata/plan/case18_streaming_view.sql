-- sluice: compile --explain
CREATE STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/orders.json', format => 'json');
CREATE TEMPORARY STREAMING LIVE VIEW v AS SELECT order_id, amount FROM STREAM(raw);
CREATE STREAMING TABLE s AS SELECT * FROM STREAM(v);
