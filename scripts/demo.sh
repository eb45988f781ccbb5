#!/bin/sh
# The tutorial pipeline on bundled sample data: generate a small clickstream sample,
# run the tutorial in SQL and in Python (examples/clickstream_sql, clickstream_python),
# and print the gold tables with `sluice query`.
set -e
BUILD=${1:-build}
S="$BUILD/sluice"
DATA="$BUILD/demo/data/clickstream"
mkdir -p "$DATA"
[ -f "$DATA/part-00000.json" ] || python3 scripts/gen_clickstream.py --rows 20000 --out "$DATA/part-00000.json"
echo "== sample data: $(wc -l < "$DATA/part-00000.json") clickstream rows in $DATA"
for lang in sql python; do
    settings=examples/clickstream_$lang/pipeline.json
    rm -rf "$BUILD/demo/storage_$lang"
    echo
    echo "== the tutorial pipeline in $(echo $lang | sed 's/sql/SQL/; s/python/Python/') ($settings)"
    "$S" run --settings "$settings"
done
echo
echo "== top 10 referrers of Apache_Spark"
"$S" query --settings examples/clickstream_sql/pipeline.json "SELECT * FROM top_spark_referers ORDER BY click_count DESC, referrer"
echo
echo "== top 50 pages by clicks"
"$S" query --settings examples/clickstream_sql/pipeline.json "SELECT * FROM top_pages ORDER BY total_clicks DESC, current_page_title"
echo
echo "== the Python pipeline computed the same gold tables:"
for t in top_spark_referers top_pages; do
    a=$("$S" query --settings examples/clickstream_sql/pipeline.json --format csv "SELECT * FROM $t ORDER BY 2 DESC, 1")
    b=$("$S" query --settings examples/clickstream_python/pipeline.json --format csv "SELECT * FROM $t ORDER BY 2 DESC, 1")
    if [ "$a" = "$b" ]; then echo "   $t: identical"; else echo "   $t: DIFFERENT"; exit 1; fi
done
