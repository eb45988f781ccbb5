-- sluice: compile -o /dev/null
CREATE STREAMING TABLE s AS SELECT * FROM read_files('/in', format => 'json');
