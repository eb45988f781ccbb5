-- sluice: parse
-- Expectations: warn (no action), DROP ROW, FAIL UPDATE; a list of only expectations.
CREATE OR REFRESH STREAMING TABLE clean (
  CONSTRAINT valid_id EXPECT (id IS NOT NULL),
  CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION DROP ROW,
  CONSTRAINT recent EXPECT (ts > '2020-01-01' AND ts < current_timestamp()) ON VIOLATION FAIL UPDATE
) AS SELECT * FROM STREAM(raw);
CREATE TEMPORARY LIVE VIEW checked (
  id BIGINT,
  CONSTRAINT `has id` EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW
) AS SELECT id FROM raw;
