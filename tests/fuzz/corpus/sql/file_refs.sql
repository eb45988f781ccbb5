-- sluice: parse
-- format.`path` file references (default options); other two-part names stay tables.
CREATE MATERIALIZED VIEW files AS
SELECT * FROM json.`/data/a.json`, csv.`/data/b.csv` b, parquet.`/data/c`, text.`/logs`,
  orc.`/o`, avro.`/a`, delta.`/tables/t`, binaryFile.`/img`, JSON.`/upper`,
  json.events, `json`.`/quoted/format`;
