-- sluice: parse
-- An unterminated backquoted identifier and binary literal.
CREATE MATERIALIZED VIEW b AS SELECT X'AB AS x;
