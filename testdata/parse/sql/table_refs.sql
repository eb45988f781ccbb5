-- sluice: parse
-- Table references: 1-3 part names, LIVE., STREAM in every spelling.
CREATE MATERIALIZED VIEW refs AS
SELECT * FROM t1, sch.t2, cat.sch.t3, LIVE.t4, live.t5 a,
  STREAM(t6), STREAM t7, STREAM(LIVE.t8), STREAM LIVE.t9 AS s, STREAM(cat.sch.t10) x;
