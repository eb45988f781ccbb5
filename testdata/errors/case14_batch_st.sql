-- sluice: compile -o /dev/null
CREATE STREAMING TABLE raw AS SELECT * FROM STREAM read_files('/in', format => 'json');
CREATE STREAMING TABLE s AS SELECT * FROM raw;
