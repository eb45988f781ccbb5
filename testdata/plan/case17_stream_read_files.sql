-- sluice: compile --explain
CREATE STREAMING TABLE s AS SELECT order_id, amount FROM STREAM read_files('data/orders.json', format => 'json');
