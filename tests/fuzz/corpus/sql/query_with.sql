-- sluice: parse
-- WITH: column lists, AS optional, nested WITH in a CTE and in a subquery.
CREATE MATERIALIZED VIEW ctes AS
WITH a (x, y) AS (SELECT 1, 2),
     b AS (WITH inner_q AS (SELECT x FROM a) SELECT * FROM inner_q),
     c (SELECT y FROM a)
SELECT * FROM a, b, c, (WITH d AS (SELECT 3 AS z) SELECT z FROM d) AS sub;
