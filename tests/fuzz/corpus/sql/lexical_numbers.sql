-- sluice: parse
-- Numbers and their type suffixes.
CREATE MATERIALIZED VIEW numbers AS SELECT
  0, 12, 2147483648, 12L, 12l, 7S, 3Y, 1.5, 1., .5, 1.5D, 2d, 1e3, 1E-3, 2.5e+10, 1.5F,
  1.5BD, 10bd, -1, -1.5, +2;
