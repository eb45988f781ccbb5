-- sluice: parse
-- Select lists: DISTINCT / ALL, stars, EXCEPT lists, aliases with and without AS.
CREATE MATERIALIZED VIEW items AS
SELECT DISTINCT *, t.*, s.t.*, * EXCEPT (a, b), t.* EXCEPT (c),
       a AS x, b y, c AS `z z`, d AS date, explode(m) AS (k, v), count(*) cnt
FROM t;
CREATE MATERIALIZED VIEW items2 AS SELECT ALL a FROM t;
-- unreserved keywords as aliases without AS
CREATE MATERIALIZED VIEW items3 AS
SELECT c.name name, max(ts) last, x type, y comment, z date FROM t data JOIN u keys ON data.k = keys.k;
