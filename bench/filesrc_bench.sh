#!/usr/bin/env bash
# File-source speed against DuckDB's read_json / read_csv on the same 1 M-row clickstream
# data (NDJSON, and the same rows as CSV): a full read computing count, integer sums and
# string maxima, first with schema inference (Sluice samples like Spark, up to 64 MiB;
# DuckDB samples 20 480 rows), then with a declared schema (the runtime's case: the
# planner inferred it at compile time). Alternates the engines RUNS times and prints
# the medians and the ratio Sluice / DuckDB.
#   bench/filesrc_bench.sh [BUILD] [ROWS] [THREADS] [RUNS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}; ROWS=${2:-1000000}; THREADS=${3:-1}; RUNS=${4:-3}
MODULES=${SLUICE_DUCKDB:-$HOME/.cache/sluice-duckdb/node_modules}
DIR=$(mktemp -d /tmp/sluice_srcbench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cd "$ROOT"
BIN="$BUILD/bench/filesrc_bench"
mkdir -p "$BUILD/bench"
# compiled from the sources it needs, so it runs even while other modules don't build
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -g -pthread -Icommon -Iruntime -Iruntime/store -o "$BIN" \
    bench/filesrc_bench.c runtime/src_*.c runtime/batch.c common/arena.c common/str.c \
    common/types.c common/hashmap.c runtime/store/thrift.c runtime/store/compress.c \
    runtime/store/pq_*.c runtime/store/parquet_*.c -lzstd -lsnappy -lz -llz4 -lm
python3 /work/shared/bench/gen_clickstream.py --rows "$ROWS" --out "$DIR/cs.json" >/dev/null
python3 - "$DIR/cs.json" "$DIR/cs.csv" <<'PY'
import csv, json, sys
cols = ["prev_id", "curr_id", "n", "prev_title", "curr_title", "type"]
with open(sys.argv[1]) as f, open(sys.argv[2], "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(cols)
    for line in f:
        o = json.loads(line)
        w.writerow(["" if o.get(c) is None else o[c] for c in cols])
PY
if [ ! -f "$MODULES/@duckdb/node-api/package.json" ]; then
    echo "SKIP duckdb side: not installed in $MODULES"
    "$BIN" "$DIR/cs.json" json "$THREADS"; "$BIN" "$DIR/cs.csv" csv "$THREADS"; exit 0
fi
cat > "$DIR/duck.mjs" <<JS
import { createRequire } from 'node:module';
const require = createRequire('$MODULES/');
const { DuckDBInstance } = require('@duckdb/node-api');
const db = await DuckDBInstance.create(':memory:', { threads: '$THREADS' });
const con = await db.connect();
const cols = "columns = {prev_id: 'BIGINT', curr_id: 'BIGINT', n: 'BIGINT', prev_title: 'VARCHAR', " +
  "curr_title: 'VARCHAR', type: 'VARCHAR'}";
const declared = process.argv[3] === 'declared';
const q = process.argv[2] === 'json'
  ? (declared ? \`read_json('$DIR/cs.json', \${cols})\` : "read_json('$DIR/cs.json')")
  : (declared ? \`read_csv('$DIR/cs.csv', header = true, \${cols})\` : "read_csv('$DIR/cs.csv')");
const t0 = performance.now();
const r = await con.runAndReadAll(\`SELECT count(*), sum(prev_id) + sum(curr_id) + sum(n),
  greatest(max(prev_title), max(curr_title), max(type)) FROM \${q}\`);
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms: Math.round(ms), check: r.getRowsJson()[0].map(String) }));
JS
DDL="prev_id BIGINT, curr_id BIGINT, n BIGINT, prev_title STRING, curr_title STRING, type STRING"
for mode in inferred declared; do
for fmt in json csv; do
    S=(); D=()
    for i in $(seq "$RUNS"); do
        if [ $mode = declared ]; then s=$("$BIN" "$DIR/cs.$fmt" "$fmt" "$THREADS" "$DDL")
        else s=$("$BIN" "$DIR/cs.$fmt" "$fmt" "$THREADS"); fi
        d=$(node "$DIR/duck.mjs" "$fmt" "$mode")
        S+=("$s"); D+=("$d")
    done
    python3 - "$fmt ($mode schema)" "$THREADS" "${S[*]}" "${D[*]}" <<'PY'
import json, statistics, sys
fmt, th = sys.argv[1], sys.argv[2]
dec = json.JSONDecoder()
def parse(text):
    out, i = [], 0
    while i < len(text):
        if text[i].isspace(): i += 1; continue
        o, i = dec.raw_decode(text, i); out.append(o)
    return out
s, d = parse(sys.argv[3]), parse(sys.argv[4])
st = statistics.median(x["infer_ms"] + x["read_ms"] for x in s)
dt = statistics.median(x["ms"] for x in d)
print(f"{fmt} threads={th}: sluice {st:.0f} ms (infer {s[0]['infer_ms']:.0f} + read "
      f"{s[0]['read_ms']:.0f}), duckdb {dt:.0f} ms, ratio sluice/duckdb {st / max(dt, 1):.2f}")
print(f"  check sluice rows={s[0]['rows']} sum={s[0]['int_sum']} max={s[0]['max_string']}"
      f" | duckdb {d[0]['check']}")
PY
done
done
