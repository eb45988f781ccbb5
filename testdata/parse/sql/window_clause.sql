-- sluice: parse
-- Named windows: WINDOW w AS (...) and OVER w.
CREATE MATERIALIZED VIEW win AS
SELECT rank() OVER w AS r, sum(x) OVER w2 AS s
FROM t
WINDOW w AS (PARTITION BY a ORDER BY b), w2 AS (ORDER BY c ROWS 2 PRECEDING);
