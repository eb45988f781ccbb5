-- sluice: compile -o /dev/null
CREATE MATERIALIZED VIEW clickstream_raw AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW b AS SELECT * FROM LIVE.missing;
CREATE MATERIALIZED VIEW c AS SELECT * FROM clickstream_rwa;
