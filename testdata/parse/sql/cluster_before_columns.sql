-- sluice: parse
-- Old docs put CLUSTER BY before the column list; both orders parse.
CREATE OR REFRESH STREAMING TABLE events CLUSTER BY (event_date) (
  event_id STRING,
  event_date DATE
) AS SELECT * FROM STREAM(raw);
CREATE OR REFRESH STREAMING TABLE events2 (event_id STRING) CLUSTER BY (event_id)
AS SELECT * FROM STREAM(raw);
