CREATE TEMPORARY VIEW v AS
WITH a (x, y) AS (SELECT 1, 2), b AS (SELECT * FROM a)
SELECT DISTINCT first(x) IGNORE NULLS AS f, f(g(x) IGNORE NULLS) g2, t.*, * EXCEPT (a, b),
  count(*), count(DISTINCT x), sum(x) FILTER (WHERE x > 1) OVER (PARTITION BY y ORDER BY z DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
  rank() OVER w, CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END, CASE x WHEN 1 THEN 'a' END,
  CAST(x AS DECIMAL(10, 2)), TRY_CAST(y AS ARRAY<STRUCT<a: INT, b STRING>>), x::int, raw:a.b[0]::string,
  a[0], m['k'], s.f.g, f(x).y, transform(arr, x -> x + 1), aggregate(arr, 0, (acc, x) -> acc + x),
  DATE '2024-01-31', TIMESTAMP '2024-01-01 00:00:00', X'1F2E', INTERVAL 3 DAYS, INTERVAL '1' HOUR, INTERVAL 1 HOUR 30 MINUTES,
  INTERVAL '1-2' YEAR TO MONTH, INTERVAL '1 day', 1L, 2S, 3Y, 1.5, 1.5D, 1e3, 1.5BD, 'a' 'b' "c", NULL, TRUE,
  a IS NULL, a IS NOT DISTINCT FROM b, a NOT IN (1, 2), a IN (SELECT 1), a NOT BETWEEN 1 AND 2, a LIKE 'x%' ESCAPE '!', a NOT RLIKE 'x',
  NOT a = b, a <=> b, a || b, a div b, -a, ~a, a & b | c ^ d, EXISTS (SELECT 1), (SELECT max(x) FROM t), (a, b)
FROM LIVE.x o LEFT JOIN STREAM(LIVE.y) p ON o.id = p.id
  CROSS JOIN read_files('/p', format => 'csv') r
  LEFT ANTI JOIN json.`/data/x.json` j USING (id)
  LATERAL VIEW OUTER explode(arr) e AS c1, c2
WHERE x > 0 AND y < 1 OR z
GROUP BY 1, y HAVING count(*) > 1 QUALIFY row_number() OVER w = 1
WINDOW w AS (PARTITION BY a ORDER BY b)
UNION ALL SELECT * FROM VALUES (1, 2), (3, 4) AS t(a, b)
INTERSECT SELECT * FROM c VERSION AS OF 3
ORDER BY 1 ASC LIMIT 10 OFFSET 5;
CREATE MATERIALIZED VIEW p AS SELECT * FROM s PIVOT (sum(v) AS s FOR k IN ('a' AS a, 'b'));
CREATE LIVE TABLE d AS SELECT date, type, year, comment, location, keys, count FROM t;
