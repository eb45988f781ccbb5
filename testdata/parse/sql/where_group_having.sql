-- sluice: parse
-- WHERE, GROUP BY (expressions, ordinals, ALL), HAVING, QUALIFY.
CREATE MATERIALIZED VIEW agg AS
SELECT region, date_trunc('day', ts) AS day, count(*) AS n
FROM events
WHERE kind = 'click' AND ts IS NOT NULL
GROUP BY region, 2
HAVING count(*) > 10
QUALIFY row_number() OVER (PARTITION BY region ORDER BY n DESC) <= 3;
CREATE MATERIALIZED VIEW agg2 AS SELECT region, sum(x) FROM t GROUP BY ALL;
