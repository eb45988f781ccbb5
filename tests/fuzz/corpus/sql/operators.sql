-- sluice: parse
-- Every operator token, compared through the dump.
CREATE MATERIALIZED VIEW ops AS SELECT
  a = b, a == b, a <> b, a != b, a < b, a <= b, a > b, a >= b, a <=> b,
  a || b, a + b, a - b, a * b, a / b, a % b, a DIV b, a & b, a | b, a ^ b,
  ~a, -a, +a, !a, NOT a, a::int, raw:path, transform(xs, x -> x), f(k => v)
FROM t;
