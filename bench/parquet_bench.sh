#!/usr/bin/env bash
# Parquet write/read speed against DuckDB on the same 1 M-row, 8-column table
# (snappy). Prints milliseconds for both and the ratios Sluice / DuckDB.
#   bench/parquet_bench.sh [BUILD] [ROWS] [DUCKDB_THREADS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}; ROWS=${2:-1000000}; THREADS=${3:-1}
MODULES=${SLUICE_DUCKDB:-$HOME/.cache/sluice-duckdb/node_modules}
DIR=$(mktemp -d /tmp/sluice_pqbench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cd "$ROOT"
BIN="$BUILD/bench/parquet_bench"
if [ ! -x "$BIN" ]; then  # the library may not build yet: compile the Parquet sources alone
    mkdir -p "$BUILD/bench"
    ${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -g -Icommon -Iruntime -Iruntime/store -o "$BIN" \
        bench/parquet_bench.c runtime/store/thrift.c runtime/store/compress.c runtime/store/pq_*.c \
        runtime/store/parquet_*.c common/arena.c common/str.c common/types.c runtime/batch.c \
        -lzstd -lsnappy -lz -llz4 -lm
fi
if [ ! -f "$MODULES/@duckdb/node-api/package.json" ]; then
    echo "SKIP parquet_bench: duckdb not installed"; "$BIN" "$DIR/sluice.parquet" "$ROWS"; exit 0
fi
cat > "$DIR/duck.mjs" <<JS
import { createRequire } from 'node:module';
const require = createRequire('$MODULES/');
const { DuckDBInstance } = require('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:', { threads: '$THREADS' });
const con = await db.connect();
await con.run(\`CREATE TABLE t AS SELECT range AS id, ((range * 7919) % 1000003)::INT AS a,
  (range * 2654435761) % 4294967296 AS b, (range * 0.5)::DOUBLE AS x, ((range * 31) % 10007) / 7.0 AS y,
  'name_' || (range % 1000) AS s, 'item-' || range || '-' || (range * 13 % 97) AS t,
  DATE '2000-01-01' + (range % 10000)::INT AS d FROM range($ROWS)\`);
// wall and CPU time (process.cpuUsage covers DuckDB's threads)
const time = async (sql) => { const t0 = performance.now(), c0 = process.cpuUsage();
  const r = await con.runAndReadAll(sql); const c = process.cpuUsage(c0);
  return [performance.now() - t0, r, (c.user + c.system) / 1000]; };
const [w, , wc] = await time("COPY t TO '$DIR/duck.parquet' (FORMAT parquet, COMPRESSION snappy)");
const q = (f) => \`SELECT count(*), sum(id), sum(a), sum(b), sum(x), sum(y), max(s), max(t), max(d) FROM read_parquet('\${f}')\`;
const [r, , rc] = await time(q('$DIR/duck.parquet'));
const [rs, res] = await time(q('$DIR/sluice.parquet'));
console.log(JSON.stringify({ duck_write_ms: Math.round(w), duck_read_ms: Math.round(r),
  duck_write_cpu_ms: Math.round(wc), duck_read_cpu_ms: Math.round(rc),
  duck_reads_sluice_ms: Math.round(rs), check: res.getRowsJson()[0].map(String) }));
JS
S=$("$BIN" "$DIR/sluice.parquet" "$ROWS")
D=$(NODE_PATH="$MODULES" node "$DIR/duck.mjs")
O=$("$BIN" "$DIR/sluice2.parquet" "$ROWS" "$DIR/duck.parquet" | tail -1)
echo "sluice: $S"
echo "sluice reads duckdb's file: $O"
echo "duckdb (threads=$THREADS): $D"
python3 - "$S" "$D" "$O" "$DIR" <<'PY'
import json, sys, os
s = json.loads(sys.argv[1]); d = json.loads(sys.argv[2]); o = json.loads(sys.argv[3])
print("write ratio sluice/duckdb: %.2f" % (s["write_ms"] / max(d["duck_write_ms"], 1)))
print("read ratio sluice/duckdb:  %.2f (own files), %.2f (duckdb's file)" % (
    s["read_ms"] / max(d["duck_read_ms"], 1), o["read_other_ms"] / max(d["duck_read_ms"], 1)))
print("cpu write ratio: %.2f   cpu read ratio: %.2f (own files), %.2f (duckdb's file)" % (
    s["write_cpu_ms"] / max(d["duck_write_cpu_ms"], 1), s["read_cpu_ms"] / max(d["duck_read_cpu_ms"], 1),
    o["read_other_cpu_ms"] / max(d["duck_read_cpu_ms"], 1)))
print("sizes: sluice %d bytes, duckdb %d bytes" % (s["bytes"], os.path.getsize(sys.argv[4] + "/duck.parquet")))
PY
