-- sluice: parse
-- PIVOT / UNPIVOT parse into nodes so that the planner can report them.
CREATE MATERIALIZED VIEW p1 AS
SELECT * FROM sales PIVOT (sum(amount) AS total, count(*) FOR quarter IN ('Q1' AS q1, 'Q2' q2, 'Q3')) AS pv;
CREATE MATERIALIZED VIEW p2 AS
SELECT * FROM s PIVOT (avg(v) FOR (k1, k2) IN ((1, 'a') AS x, (2, 'b') AS y));
CREATE MATERIALIZED VIEW u1 AS
SELECT * FROM wide UNPIVOT INCLUDE NULLS (val FOR month IN (jan AS `1`, feb, mar));
CREATE MATERIALIZED VIEW u2 AS
SELECT * FROM wide UNPIVOT ((a, b) FOR k IN ((a1, b1) AS one, (a2, b2) AS two)) u;
