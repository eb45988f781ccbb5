-- sluice: compile -o /dev/null
CREATE STREAMING TABLE raw AS SELECT 'a' AS k, 1 AS v FROM STREAM read_files('/in', format => 'json');
CREATE STREAMING TABLE agg AS SELECT k, count(*) AS n FROM STREAM(raw) GROUP BY k;
