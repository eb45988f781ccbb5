-- sluice: parse
-- An unterminated string runs to the end of the file.
CREATE MATERIALIZED VIEW ok AS SELECT 'fine' AS x;
CREATE MATERIALIZED VIEW s AS SELECT 'no end AS x;
CREATE MATERIALIZED VIEW never AS SELECT 1;
