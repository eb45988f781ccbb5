-- sluice: parse
-- Select lists: DISTINCT / ALL, stars, EXCEPT lists, aliases with and without AS.
CREATE MATERIALIZED VIEW items AS
SELECT DISTINCT *, t.*, s.t.*, * EXCEPT (a, b), t.* EXCEPT (c),
       a AS x, b y, c AS `z z`, d AS date, explode(m) AS (k, v), count(*) cnt
FROM t;
CREATE MATERIALIZED VIEW items2 AS SELECT ALL a FROM t;
