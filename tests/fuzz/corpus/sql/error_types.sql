-- sluice: parse
-- Type errors found by the parser.
CREATE STREAMING TABLE t (
  a FOO, b DECIMAL(40, 2), c DECIMAL(5, 6), d ARRAY, e MAP<INT>, f STRUCT<INT, STRING>,
  g INT(3), h ARRAY<INT, INT>, i STRING<INT>, j VARCHAR(1, 2)
);
