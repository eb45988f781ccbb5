#!/bin/sh
# The tutorial pipeline on bundled sample data: generate a small clickstream sample,
# then compile, run and query the pipeline in examples/clickstream (SQL + Python).
set -e
BUILD=${1:-build}
S="$BUILD/sluice"
ROOT=$(pwd)
DATA="$BUILD/demo/data/clickstream"
mkdir -p "$DATA"
[ -f "$DATA/part-00000.json" ] || python3 scripts/gen_clickstream.py --rows 20000 --out "$DATA/part-00000.json"
echo "== sample data: $(wc -l < "$DATA/part-00000.json") clickstream rows in $DATA"
if "$S" help | grep -q '^  run '; then
    rm -rf "$BUILD/demo/storage"
    "$S" run --settings examples/clickstream/pipeline.json
    echo "== top 10 referrers of Apache_Spark"
    "$S" query --settings examples/clickstream/pipeline.json "SELECT * FROM top_spark_referers"
    echo "== top 50 pages"
    "$S" query --settings examples/clickstream/pipeline.json "SELECT * FROM top_pages"
else
    echo "== (sluice run is not built yet: showing the compiled plan)"
    "$S" compile --settings examples/clickstream/pipeline.json --explain
fi
