-- sluice: compile -o /dev/null
CREATE STREAMING TABLE src AS SELECT 1 AS id, 'T' AS op, 1 AS seq FROM STREAM read_files('/in', format => 'json');
CREATE STREAMING TABLE t;
APPLY CHANGES INTO t FROM STREAM(src) KEYS (id)
  APPLY AS TRUNCATE WHEN op = 'T'
  SEQUENCE BY seq
  STORED AS SCD TYPE 2;
