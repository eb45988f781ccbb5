#!/usr/bin/env bash
# Engine benchmark: Sluice vs DuckDB on the same machine in one run, 2 threads each,
# alternating, median of RUNS: JSON and CSV ingest into a table, then queries over Parquet
# (filter+project, GROUP BY sum over 1 M rows, join 1 M x 100 K, ORDER BY ... LIMIT).
# Prints per case the median wall time of the whole process for both, DuckDB's in-process
# time (without node's start-up), and both ratios Sluice / DuckDB; the startup case
# (SELECT 1) shows each side's fixed cost. Not a test.
#   bench/engine_bench.sh [ROWS (1000000)] [RUNS (3)]      BUILD=build-qs to pick the binary
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${1:-1000000}; RUNS=${2:-3}; DIM=$((ROWS / 10))
W=${BENCH_DIR:-/tmp/sluice-bench-engine}
S="$ROOT/${BUILD:-build}/sluice"
DUCK=${SLUICE_DUCKDB_DIR:-$HOME/.cache/sluice-duckdb}
[ -x "$S" ] || make -C "$ROOT" -s BUILD="${BUILD:-build}"
[ -d "$DUCK/node_modules/@duckdb/node-api" ] || { echo "DuckDB (@duckdb/node-api) is not installed in $DUCK"; exit 1; }
mkdir -p "$W/data" "$W/out"
[ -e "$W/node_modules" ] || ln -s "$DUCK/node_modules" "$W/node_modules"
cp "$ROOT/../shared/bench/duckdb_run.mjs" "$W/duckdb_run.mjs"
D=$W/data
export SLUICE_SCAN_THREADS=${SLUICE_SCAN_THREADS:-2}  # 2 threads each (DuckDB: --threads 2)

# Inputs, generated once per ROWS by DuckDB: facts (ROWS) and dim (ROWS / 10) as Parquet,
# the facts again as newline-delimited JSON and as CSV.
if [ ! -f "$D/rows" ] || [ "$(cat "$D/rows")" != "$ROWS" ]; then
    cat > "$W/gen.sql" <<SQL
CREATE TABLE facts AS SELECT i AS id, (hash(i) % $DIM)::BIGINT AS k, (i % 1000)::INT AS g,
  ((hash(i * 7) % 1000000) / 1000000.0)::DOUBLE AS v, 'item-' || (i % 5000) AS s,
  DATE '2020-01-01' + (i % 1500)::INT AS d FROM range($ROWS) t(i);
CREATE TABLE dim AS SELECT i AS k, 'name-' || i AS name, (i % 97)::DOUBLE AS w FROM range($DIM) t(i);
COPY facts TO '$D/facts.parquet' (FORMAT parquet);
COPY dim TO '$D/dim.parquet' (FORMAT parquet);
COPY facts TO '$D/events.json' (FORMAT json);
COPY facts TO '$D/events.csv' (FORMAT csv, HEADER);
SQL
    (cd "$W" && node duckdb_run.mjs --threads 2 gen.sql 2>/dev/null)
    echo "$ROWS" > "$D/rows"
fi

# Each case: a Sluice command (run in $W) and a DuckDB script.
mkdir -p "$W/p_json" "$W/p_csv"
echo "CREATE MATERIALIZED VIEW events AS SELECT * FROM read_files('$D/events.json', format => 'json');" \
    > "$W/p_json/p.sql"
echo "CREATE MATERIALIZED VIEW events AS SELECT * FROM read_files('$D/events.csv', format => 'csv', header => 'true', inferSchema => 'true');" \
    > "$W/p_csv/p.sql"
FACTS="parquet.\`$D/facts.parquet\`"; DIMT="parquet.\`$D/dim.parquet\`"
Q_FILTER="SELECT id, v * 2 AS v2, upper(s) AS s FROM $FACTS WHERE v > 0.99 AND g < 500"
Q_GROUP="SELECT g, sum(v) AS sv, count(*) AS n FROM $FACTS GROUP BY g"
Q_JOIN="SELECT count(*) AS n, sum(f.v * d.w) AS x FROM $FACTS f JOIN $DIMT d ON f.k = d.k"
Q_TOPN="SELECT id, v, s FROM $FACTS ORDER BY v DESC, id LIMIT 100"
duck_sql() { echo "$1" | sed "s|parquet.\`\([^\`]*\)\`|read_parquet('\1')|g"; }
cases=(startup ingest_json ingest_csv filter_project group_by_sum join_1m_100k order_by_limit)
sluice_cmd() {
    case $1 in
    startup) "$S" query --storage "$W/store" --format csv "SELECT 1 AS x" > "$W/out/s.csv" ;;
    ingest_json) rm -rf "$W/store"; "$S" run "$W/p_json" --storage "$W/store" ;;
    ingest_csv) rm -rf "$W/store"; "$S" run "$W/p_csv" --storage "$W/store" ;;
    filter_project) "$S" query --storage "$W/store" --format csv "$Q_FILTER" > "$W/out/s.csv" ;;
    group_by_sum) "$S" query --storage "$W/store" --format csv "$Q_GROUP" > "$W/out/s.csv" ;;
    join_1m_100k) "$S" query --storage "$W/store" --format csv "$Q_JOIN" > "$W/out/s.csv" ;;
    order_by_limit) "$S" query --storage "$W/store" --format csv "$Q_TOPN" > "$W/out/s.csv" ;;
    esac
}
duck_script() {
    case $1 in
    startup) echo "SELECT 1 AS x;" ;;
    ingest_json) echo "CREATE TABLE events AS SELECT * FROM read_json('$D/events.json', format='newline_delimited');
COPY events TO '$W/out/events.parquet' (FORMAT parquet);" ;;
    ingest_csv) echo "CREATE TABLE events AS SELECT * FROM read_csv('$D/events.csv', header=true);
COPY events TO '$W/out/events.parquet' (FORMAT parquet);" ;;
    filter_project) echo "COPY ($(duck_sql "$Q_FILTER")) TO '$W/out/d.csv' (HEADER);" ;;
    group_by_sum) echo "COPY ($(duck_sql "$Q_GROUP")) TO '$W/out/d.csv' (HEADER);" ;;
    join_1m_100k) echo "COPY ($(duck_sql "$Q_JOIN")) TO '$W/out/d.csv' (HEADER);" ;;
    order_by_limit) echo "COPY ($(duck_sql "$Q_TOPN")) TO '$W/out/d.csv' (HEADER);" ;;
    esac
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mkdir -p "$W/store"
echo "engine benchmark: $ROWS x $DIM rows, $RUNS runs each, alternating (median seconds)"
printf '  %-16s %9s %9s %11s %7s %9s\n' case sluice duckdb duck-inproc ratio ratio-inp
for c in "${cases[@]}"; do
    duck_script "$c" > "$W/duck.sql"
    st=(); dt=(); di=()
    for _ in $(seq "$RUNS"); do
        t0=$EPOCHREALTIME; (cd "$W" && sluice_cmd "$c" >/dev/null 2>"$W/s.err") || { echo "  $c: sluice failed:"; head -5 "$W/s.err"; }
        t1=$EPOCHREALTIME; st+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')")
        t0=$EPOCHREALTIME; (cd "$W" && node duckdb_run.mjs --threads 2 duck.sql >/dev/null 2>"$W/d.err") || { echo "  $c: duckdb failed"; head -5 "$W/d.err"; }
        t1=$EPOCHREALTIME; dt+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')")
        di+=("$(sed -n 's/.*"ms": *\([0-9]*\).*/\1/p' "$W/d.err" | tail -1 | awk '{printf "%.3f", $1 / 1000}')")
    done
    ms=$(median "${st[@]}"); md=$(median "${dt[@]}"); mi=$(median "${di[@]}")
    awk -v c="$c" -v a="$ms" -v b="$md" -v i="$mi" \
        'BEGIN {printf "  %-16s %9.3f %9.3f %11.3f %7.2f %9.2f\n", c, a, b, i, a / b, (i > 0 ? a / i : 0)}'
done
# The ingested table stays for the query cases' --storage; the queries read Parquet files.
