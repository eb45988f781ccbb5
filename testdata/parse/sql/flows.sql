-- sluice: parse
-- CREATE FLOW: append flows (both INSERT spellings, ONCE, BY NAME optional) and CDC flows.
CREATE FLOW us_orders AS INSERT INTO all_orders BY NAME SELECT * FROM STREAM(us);
CREATE FLOW eu_orders COMMENT 'europe' AS INSERT INTO LIVE.all_orders BY NAME
SELECT * FROM STREAM(eu);
CREATE FLOW backfill AS INSERT INTO ONCE all_orders BY NAME SELECT * FROM archive;
CREATE FLOW backfill2 AS INSERT ONCE INTO all_orders SELECT * FROM archive;
CREATE FLOW old_style AS INSERT INTO all_orders SELECT * FROM STREAM(legacy);
CREATE FLOW once_target AS INSERT INTO once BY NAME SELECT 1 AS x;
CREATE FLOW with_cte AS INSERT INTO t BY NAME WITH q AS (SELECT 1 AS x) SELECT * FROM q;
CREATE FLOW cdc_flow AS AUTO CDC INTO customers FROM STREAM(cdc) KEYS (id) SEQUENCE BY seq;
CREATE FLOW cdc_once AS AUTO CDC ONCE INTO customers FROM snapshot KEYS (id) SEQUENCE BY seq;
CREATE OR REFRESH FLOW legacy_cdc AS APPLY CHANGES INTO customers FROM STREAM(cdc) KEYS (id)
SEQUENCE BY seq;
