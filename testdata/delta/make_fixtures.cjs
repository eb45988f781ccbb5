// Regenerates the Delta fixture tables in this folder with DuckDB (an independent
// Parquet writer): tables whose JSON commits before a checkpoint were cleaned up,
// as Spark does, so they can only be read through the (nested) checkpoint.
//   NODE_PATH=$HOME/.cache/sluice-duckdb/node_modules node make_fixtures.cjs
const fs = require('fs');
const path = require('path');
const { DuckDBInstance } = require('@duckdb/node-api');

const SCHEMA = JSON.stringify({type: 'struct', fields: [
  {name: 'id', type: 'long', nullable: true, metadata: {}},
  {name: 'name', type: 'string', nullable: true, metadata: {}}]});
const CK_COLS = `txn STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT),
  add STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT,
    modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR),
    deletionVector STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, "offset" INTEGER,
      sizeInBytes INTEGER, cardinality BIGINT)),
  remove STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN,
    extendedFileMetadata BOOLEAN, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT),
  metaData STRUCT(id VARCHAR, name VARCHAR, description VARCHAR,
    format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), schemaString VARCHAR,
    partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT),
  protocol STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)`;
const q = s => "'" + s.replace(/'/g, "''") + "'";

async function make(con, dir, parts) {
  fs.rmSync(dir, {recursive: true, force: true});
  fs.mkdirSync(path.join(dir, '_delta_log'), {recursive: true});
  const f0 = 'part-00000-aaaa.snappy.parquet', f1 = 'part-00001-bbbb.snappy.parquet';
  await con.run(`COPY (SELECT * FROM (VALUES (1::BIGINT, 'a'), (2, 'b'), (3, NULL)) t(id, name))
                 TO ${q(path.join(dir, f0))} (FORMAT parquet, COMPRESSION snappy)`);
  // name as BLOB: a BYTE_ARRAY without the UTF8 annotation still reads as the string column.
  await con.run(`COPY (SELECT * FROM (VALUES (4::BIGINT, 'd'::BLOB), (5, 'e'::BLOB)) t(id, name))
                 TO ${q(path.join(dir, f1))} (FORMAT parquet, COMPRESSION snappy)`);
  const size = f => fs.statSync(path.join(dir, f)).size;
  await con.run(`CREATE OR REPLACE TABLE ck (${CK_COLS})`);
  await con.run(`INSERT INTO ck (protocol) VALUES ({'minReaderVersion': 1, 'minWriterVersion': 2})`);
  await con.run(`INSERT INTO ck (metaData) VALUES ({'id': 'f1x7', 'name': NULL,
    'description': 'fixture', 'format': {'provider': 'parquet', 'options': MAP {}},
    'schemaString': ${q(SCHEMA)}, 'partitionColumns': [],
    'configuration': MAP {'quality': 'gold', 'delta.checkpointInterval': '3'},
    'createdTime': 1718000000000})`);
  await con.run(`INSERT INTO ck (txn) VALUES ({'appId': 'flow-x', 'version': 9007199254740993,
    'lastUpdated': 1718000000001})`);
  const stats0 = '{"numRecords":3,"minValues":{"id":1,"name":"a"},"maxValues":{"id":3,"name":"b"},"nullCount":{"id":0,"name":1}}';
  await con.run(`INSERT INTO ck (add) VALUES ({'path': ${q(f0)}, 'partitionValues': MAP {},
    'size': ${size(f0)}, 'modificationTime': 1718000000002, 'dataChange': true,
    'stats': ${q(stats0)}, 'tags': NULL, 'deletionVector': NULL})`);
  await con.run(`INSERT INTO ck (remove) VALUES ({'path': 'part-old.snappy.parquet',
    'deletionTimestamp': 1718000000003, 'dataChange': true, 'extendedFileMetadata': true,
    'partitionValues': MAP {}, 'size': 10})`);
  const log = path.join(dir, '_delta_log');
  if (parts === 1) {
    await con.run(`COPY ck TO ${q(path.join(log, '00000000000000000003.checkpoint.parquet'))}
                   (FORMAT parquet, COMPRESSION snappy)`);
  } else {
    await con.run(`COPY (SELECT * FROM ck WHERE rowid < 2) TO
      ${q(path.join(log, '00000000000000000003.checkpoint.0000000001.0000000002.parquet'))} (FORMAT parquet)`);
    await con.run(`COPY (SELECT * FROM ck WHERE rowid >= 2) TO
      ${q(path.join(log, '00000000000000000003.checkpoint.0000000002.0000000002.parquet'))} (FORMAT parquet)`);
  }
  fs.writeFileSync(path.join(log, '_last_checkpoint'),
    JSON.stringify(parts === 1 ? {version: 3, size: 5} : {version: 3, size: 5, parts: 2}));
  const stats1 = '{"numRecords":2,"minValues":{"id":4,"name":"d"},"maxValues":{"id":5,"name":"e"},"nullCount":{"id":0,"name":0}}';
  fs.writeFileSync(path.join(log, '00000000000000000004.json'),
    JSON.stringify({commitInfo: {timestamp: 1718000000004, operation: 'WRITE',
                    operationParameters: {mode: 'Append', partitionBy: '[]'}}}) + '\n' +
    JSON.stringify({add: {path: f1, partitionValues: {}, size: size(f1),
                    modificationTime: 1718000000004, dataChange: true, stats: stats1}}) + '\n');
}

// A table partitioned Hive style by region and day: those columns are not in the data
// files; their values come from add.partitionValues (null: __HIVE_DEFAULT_PARTITION__).
async function makePartitioned(con, dir) {
  fs.rmSync(dir, {recursive: true, force: true});
  fs.mkdirSync(path.join(dir, '_delta_log'), {recursive: true});
  const files = [
    ['region=eu/day=2024-01-01', 'part-00000-cccc.c000.snappy.parquet', '(1::BIGINT), (2)', {region: 'eu', day: '2024-01-01'}],
    ['region=us/day=2024-01-02', 'part-00000-dddd.c000.snappy.parquet', '(3::BIGINT)', {region: 'us', day: '2024-01-02'}],
    ['region=__HIVE_DEFAULT_PARTITION__/day=__HIVE_DEFAULT_PARTITION__', 'part-00000-eeee.c000.snappy.parquet', '(4::BIGINT)', {region: null, day: null}],
  ];
  const schema = JSON.stringify({type: 'struct', fields: [
    {name: 'id', type: 'long', nullable: true, metadata: {}},
    {name: 'region', type: 'string', nullable: true, metadata: {}},
    {name: 'day', type: 'date', nullable: true, metadata: {}}]});
  let log = JSON.stringify({protocol: {minReaderVersion: 1, minWriterVersion: 2}}) + '\n' +
    JSON.stringify({metaData: {id: 'p4rt', format: {provider: 'parquet', options: {}},
      schemaString: schema, partitionColumns: ['region', 'day'], configuration: {},
      createdTime: 1718000000000}}) + '\n';
  for (const [sub, name, rows, pv] of files) {
    fs.mkdirSync(path.join(dir, sub), {recursive: true});
    const file = path.join(dir, sub, name);
    // "ID": Parquet columns match table columns by name, ignoring case.
    await con.run(`COPY (SELECT * FROM (VALUES ${rows}) t("ID")) TO ${q(file)} (FORMAT parquet)`);
    log += JSON.stringify({add: {path: sub + '/' + name, partitionValues: pv,
      size: fs.statSync(file).size, modificationTime: 1718000000000, dataChange: true}}) + '\n';
  }
  fs.writeFileSync(path.join(dir, '_delta_log', '00000000000000000000.json'), log);
}

(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await make(con, path.join(__dirname, 'checkpoint_classic'), 1);
  await make(con, path.join(__dirname, 'checkpoint_multipart'), 2);
  await makePartitioned(con, path.join(__dirname, 'partitioned'));
})().catch(e => { console.error(String(e)); process.exit(1); });
