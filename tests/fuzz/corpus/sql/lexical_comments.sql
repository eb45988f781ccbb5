-- sluice: parse
-- Comments: line comments, block comments (which nest, as in Spark), hints, comments
-- between any two tokens.
/* leading block comment */
CREATE /* one */ MATERIALIZED -- two
VIEW /* outer /* nested */ still comment */ c AS
SELECT /*+ BROADCAST(t) */ a -- trailing
, b/**/FROM t--no space
;
-- a file may end with a comment and no semicolon
CREATE VIEW last AS SELECT 1 -- the end