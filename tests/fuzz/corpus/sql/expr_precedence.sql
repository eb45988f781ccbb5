-- sluice: parse
-- Spark precedence: OR < AND < NOT < comparisons < | < ^ < & < + - || < * / % DIV < unary.
CREATE MATERIALIZED VIEW prec AS SELECT
  a OR b AND c,
  NOT a AND b,
  NOT a = b,
  a = b AND c <> d OR e <=> f,
  a + b * c - d / e % f DIV g,
  a || b + c,
  a | b ^ c & d,
  a & b + c,
  -a * b,
  - - a,
  (a + b) * c,
  a < b = c,
  a IS NULL AND b IS NOT NULL,
  a = b IS NULL,
  NOT a IN (1, 2)
FROM t;
