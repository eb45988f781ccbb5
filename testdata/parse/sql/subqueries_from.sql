-- sluice: parse
-- Subqueries in FROM: with and without alias, column aliases, LATERAL, parentheses.
CREATE MATERIALIZED VIEW subs AS
SELECT *
FROM (SELECT 1 AS a) AS x,
     (SELECT 2 AS b) y (bb),
     (SELECT 3),
     ((SELECT 4 AS c)) z,
     LATERAL (SELECT x.a + 1 AS d) w;
