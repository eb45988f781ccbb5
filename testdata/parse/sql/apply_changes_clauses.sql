-- sluice: parse
-- Every APPLY CHANGES clause, in an unusual order; LIVE. target; STREAM x source.
APPLY CHANGES INTO LIVE.target
  SEQUENCE BY struct(ts, seq)
  STORED AS SCD TYPE 1
  COLUMNS (id, name, city)
  KEYS (id, region)
  WHERE region <> 'test'
  FROM STREAM LIVE.source
  IGNORE NULL UPDATES
  APPLY AS TRUNCATE WHEN op = 'T'
  APPLY AS DELETE WHEN op = 'D';
APPLY CHANGES INTO t2 FROM STREAM(s2) KEYS (id) SEQUENCE BY seq
  STORED AS SCD TYPE 2 TRACK HISTORY ON (city, phone);
APPLY CHANGES INTO t3 FROM src KEYS (id) SEQUENCE BY seq
  STORED AS SCD TYPE 2 TRACK HISTORY ON * EXCEPT (updated_at);
