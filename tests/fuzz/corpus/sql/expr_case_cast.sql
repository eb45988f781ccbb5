-- sluice: parse
-- CASE (searched and simple), CAST, TRY_CAST, :: casts.
CREATE MATERIALIZED VIEW cc AS SELECT
  CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END,
  CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END,
  CASE WHEN a IS NULL THEN NULL END,
  CAST(a AS BIGINT), CAST(b AS DECIMAL(10, 2)), CAST(c AS STRING), CAST(d AS ARRAY<INT>),
  CAST(e AS STRUCT<x: INT, y: STRING>), CAST(f AS MAP<STRING, ARRAY<DATE>>),
  TRY_CAST(g AS DATE), TRY_CAST('1' AS INT),
  h::int, i::decimal(5,1), j::timestamp_ntz, (k + 1)::string, l::int::string
FROM t;
