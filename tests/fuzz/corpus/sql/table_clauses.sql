-- sluice: parse
-- Table clauses, in any order; TBLPROPERTIES with optional '=', bare dotted keys, literals.
CREATE OR REFRESH STREAMING TABLE a
  USING DELTA
  PARTITIONED BY (day, region)
  LOCATION '/mnt/tables/a'
  COMMENT 'all the clauses'
  TBLPROPERTIES ('quality' = 'silver', pipelines.reset.allowed = 'false',
                 delta.enableChangeDataFeed true, 'k' 'v', n = 10, neg = -1.5, t = TRUE)
  OPTIONS (mergeSchema 'true')
  WITH ROW FILTER sec.region_filter ON (region)
AS SELECT * FROM STREAM(raw);
CREATE MATERIALIZED VIEW b
  TBLPROPERTIES (x = 'y')
  COMMENT 'reversed'
  CLUSTER BY (id, ts)
  WITH ROW FILTER f ON ()
AS SELECT 1 AS id, 2 AS ts;
CREATE MATERIALIZED VIEW c CLUSTER BY AUTO AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW d CLUSTER BY NONE AS SELECT 1 AS x;
