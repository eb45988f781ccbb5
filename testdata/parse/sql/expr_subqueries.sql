-- sluice: parse
-- EXISTS, NOT EXISTS, scalar subqueries, IN subqueries, correlated names.
CREATE MATERIALIZED VIEW subq AS
SELECT (SELECT max(x) FROM u WHERE u.k = t.k) AS mx,
       EXISTS (SELECT 1 FROM v WHERE v.k = t.k) AS e,
       ((SELECT 1)) AS nested
FROM t
WHERE NOT EXISTS (SELECT * FROM w WHERE w.k = t.k) AND k IN (SELECT k FROM z UNION SELECT 0);
