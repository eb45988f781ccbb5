#!/usr/bin/env bash
# The headline benchmark (design.md section 10): the tutorial pipeline over N clickstream
# rows (default 2 M, about 210 MB of JSON), Sluice vs DuckDB doing the same work
# (shared/bench/tutorial_duckdb.sql), alternating, 2 threads each, same machine, one run.
# Prints the median times, the ratio Sluice / DuckDB and peak memory.
#   bench/tutorial_bench.sh [ROWS] [RUNS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${1:-2000000}; RUNS=${2:-3}
W=${BENCH_DIR:-/tmp/sluice-bench-tutorial}
S="$ROOT/build/sluice"
DUCK=${SLUICE_DUCKDB_DIR:-$HOME/.cache/sluice-duckdb}
[ -x "$S" ] || make -C "$ROOT" -s
[ -d "$DUCK/node_modules/@duckdb/node-api" ] || { echo "DuckDB (@duckdb/node-api) is not installed in $DUCK"; exit 1; }
mkdir -p "$W/data/clickstream" "$W/duck" "$W/p"
IN="$W/data/clickstream/part-00000.json"
[ -f "$IN" ] && [ "$(wc -l < "$IN")" = "$ROWS" ] || python3 "$ROOT/scripts/gen_clickstream.py" --rows "$ROWS" --out "$IN"
cp "$ROOT/examples/clickstream_sql/clickstream.sql" "$W/p/"
sed "s|\"storage\": \"[^\"]*\"|\"storage\": \"$W/store\"|; s|\"/databricks-datasets/wikipedia\": \"[^\"]*\"|\"/databricks-datasets/wikipedia\": \"$W/data\"|" \
    "$ROOT/examples/clickstream_sql/pipeline.json" > "$W/p/pipeline.json"
SHARED="$ROOT/../shared/bench"
sed "s|INPUT|$IN|; s|OUTDIR|$W/duck|g" "$SHARED/tutorial_duckdb.sql" > "$W/duck.sql"
cp "$SHARED/duckdb_run.mjs" "$DUCK/"
s_times=(); d_times=(); s_mem=0; d_mem=0
for i in $(seq "$RUNS"); do
    rm -rf "$W/store" "$W/duck"/*.parquet
    /usr/bin/time -f "%e %M" -o "$W/t" "$S" run --settings "$W/p/pipeline.json" >/dev/null
    read -r t m < "$W/t"; s_times+=("$t"); [ "$m" -gt "$s_mem" ] && s_mem=$m
    (cd "$DUCK" && /usr/bin/time -f "%e %M" -o "$W/t" node duckdb_run.mjs --threads 2 "$W/duck.sql" >/dev/null 2>&1)
    read -r t m < "$W/t"; d_times+=("$t"); [ "$m" -gt "$d_mem" ] && d_mem=$m
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(median "${s_times[@]}"); md=$(median "${d_times[@]}")
echo "tutorial pipeline, $ROWS rows, $RUNS runs each (median wall time, whole process)"
echo "  sluice: ${ms} s  (peak RSS $((s_mem / 1024)) MB)"
echo "  duckdb: ${md} s  (peak RSS $((d_mem / 1024)) MB, node + DuckDB)"
awk -v a="$ms" -v b="$md" 'BEGIN {printf "  ratio sluice/duckdb: %.2f\n", a / b}'
