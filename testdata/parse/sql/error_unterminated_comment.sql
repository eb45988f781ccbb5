-- sluice: parse
-- An unterminated block comment (they nest: the inner one is closed, the outer is not).
CREATE MATERIALIZED VIEW ok AS SELECT 1 AS x;
/* outer /* inner */
CREATE MATERIALIZED VIEW hidden AS SELECT 1;
