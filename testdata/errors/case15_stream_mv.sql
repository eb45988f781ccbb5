-- sluice: compile -o /dev/null
CREATE STREAMING TABLE raw AS SELECT * FROM STREAM read_files('/in', format => 'json');
CREATE MATERIALIZED VIEW m AS SELECT * FROM STREAM(raw);
