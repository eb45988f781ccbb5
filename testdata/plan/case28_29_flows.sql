-- sluice: compile --explain
CREATE STREAMING TABLE us_orders AS SELECT * FROM STREAM read_files('data/orders.json', format => 'json');
CREATE STREAMING TABLE eu_orders AS SELECT * FROM STREAM read_files('data/orders.json', format => 'json');
CREATE MATERIALIZED VIEW archive AS SELECT order_id, customer FROM us_orders;
CREATE STREAMING TABLE all_orders;
CREATE FLOW us AS INSERT INTO all_orders BY NAME SELECT * FROM STREAM(us_orders);
CREATE FLOW eu AS INSERT INTO all_orders BY NAME SELECT * FROM STREAM(eu_orders);
CREATE FLOW backfill AS INSERT INTO ONCE all_orders BY NAME SELECT * FROM archive;
