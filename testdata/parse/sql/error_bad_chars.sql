-- sluice: parse
-- Characters that start no token: one error per run, then parsing goes on.
CREATE MATERIALIZED VIEW a AS SELECT x @ y FROM t;
CREATE MATERIALIZED VIEW b AS SELECT café FROM t;
CREATE MATERIALIZED VIEW c AS SELECT a # b ? c FROM t;
CREATE MATERIALIZED VIEW d AS SELECT X'GG' AS bin, `` AS empty FROM t;
CREATE MATERIALIZED VIEW e AS SELECT 1 AS ok;
