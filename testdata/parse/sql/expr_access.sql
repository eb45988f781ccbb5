-- sluice: parse
-- Names and fields (a.b.c stays one dotted name for the planner), field access on other
-- expressions, subscripts, JSON paths, lambdas, struct values.
CREATE MATERIALIZED VIEW access AS SELECT
  a, t.a, s.t.a, c.s.t.a, a.b.c.d.e, t.end, w.`start`,
  f(x).field, a[0], a[0].b, m['key'], m['k'][1], (a).b, named_struct('x', 1).x,
  raw:a, raw:a.b, raw:a[0].b, raw:['key with space'], raw:a.b::int, raw:`quoted`.c,
  transform(xs, x -> x * 2), zip_with(a, b, (x, y) -> x + y), aggregate(xs, 0, (acc, x) -> acc + x,
  acc -> acc / 2), (a, b) AS pair, (1, 'x', NULL)
FROM t;
