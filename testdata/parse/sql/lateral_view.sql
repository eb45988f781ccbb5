-- sluice: parse
-- LATERAL VIEW [OUTER] generators, chained, with and without AS before the columns.
CREATE MATERIALIZED VIEW exploded AS
SELECT id, item, pos, k, v
FROM orders o
  LATERAL VIEW explode(items) it AS item
  LATERAL VIEW OUTER posexplode(items) p AS pos, item2
  LATERAL VIEW explode(attrs) a k, v
  LATERAL VIEW inline(structs) s
WHERE id > 0;
