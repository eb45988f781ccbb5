-- sluice: parse
-- An unterminated backquoted identifier.
CREATE MATERIALIZED VIEW b AS SELECT `col FROM t;
