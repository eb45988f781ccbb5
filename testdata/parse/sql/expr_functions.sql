-- sluice: parse
-- Function calls: DISTINCT / ALL, count(*), FILTER, IGNORE / RESPECT NULLS (inside and after
-- the parentheses), named arguments, qualified names, keyword-named functions, EXTRACT.
CREATE MATERIALIZED VIEW funcs AS SELECT
  count(*), count(1), count(DISTINCT a), count(DISTINCT a, b), sum(ALL x), now(),
  sum(x) FILTER (WHERE x > 0), count(*) FILTER (WHERE ok),
  first(x IGNORE NULLS), last(x) IGNORE NULLS, first_value(x) RESPECT NULLS OVER (ORDER BY t),
  read_files_like(path => '/x', format => 'json'),
  cat.sch.my_udf(a), left(s, 2), right(s, 3), if(a, 1, 2), date(ts), timestamp(d),
  year(ts), map('k', 1), array(1, 2), struct(a, b), named_struct('x', 1), filter(xs, x -> x > 0),
  exists(xs, x -> x IS NULL), extract(YEAR FROM ts), EXTRACT(day FROM ts), current_date
FROM t;
