// Run SQL statements in DuckDB (the reference engine of the tests) and print the rows
// of the last one as CSV (RFC 4180 quoting) without a header. Usage: node duckdb_query.mjs "SQL; SQL"
import { DuckDBInstance } from '@duckdb/node-api';
const stmts = process.argv[2].split(/;\s*\n/).map(s => s.trim()).filter(Boolean);
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await db.connect();
let last = null;
for (const s of stmts) last = await con.runAndReadAll(s);
const csv = v => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
};
for (const row of last.getRowsJson()) console.log(row.map(csv).join(','));
