-- sluice: compile -o /dev/null
CREATE TEMPORARY VIEW abc AS SELECT 1 AS a, 2 AS b;
CREATE MATERIALIZED VIEW both_sides AS SELECT * FROM abc l JOIN abc r ON l.a = r.a;
