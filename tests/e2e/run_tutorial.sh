#!/usr/bin/env bash
# The tutorial pipeline in SQL and in Python on generated clickstream data: both give
# the same tables, and DuckDB (the reference) computes the same gold results from the
# raw JSON and reads every table Sluice wrote.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/data/clickstream"
python3 "$ROOT/scripts/gen_clickstream.py" --rows 30000 --seed 3 --out "$WORK/data/clickstream/part-00000.json"
for lang in sql python; do
    mkdir -p "$WORK/$lang"
    cp "$ROOT/examples/clickstream_$lang/"*.* "$WORK/$lang/"
    sed -i "s|\"storage\": \"[^\"]*\"|\"storage\": \"$WORK/store_$lang\"|; s|\"/databricks-datasets/wikipedia\": \"[^\"]*\"|\"/databricks-datasets/wikipedia\": \"$WORK/data\"|" "$WORK/$lang/pipeline.json"
    "$SLUICE" run --settings "$WORK/$lang/pipeline.json" >/dev/null 2>"$WORK/err_$lang"; rc=$?
    check "tutorial.${lang}_status" 0 "$rc"
done
for t in clickstream_raw clickstream_clean top_spark_referers top_pages; do
    a=$(q "$WORK/store_sql" "SELECT * FROM $t ORDER BY 1, 2")
    b=$(q "$WORK/store_python" "SELECT * FROM $t ORDER BY 1, 2")
    check "tutorial.same_$t" "$a" "$b"
done
check tutorial.clean_rows 30000 "$(q "$WORK/store_sql" 'SELECT count(*) FROM clickstream_clean')"
if ! duckdb_dir >/dev/null; then
    echo "SKIP tutorial.duckdb: DuckDB (@duckdb/node-api) is not installed"
    exit 0
fi
IN="$WORK/data/clickstream/part-00000.json"
CLEAN="CREATE TABLE c AS SELECT CAST(curr_id AS INT) AS current_page_id, curr_title AS current_page_title, CAST(n AS INT) AS click_count, CAST(prev_id AS INT) AS previous_page_id, prev_title AS previous_page_title FROM read_json('$IN', format='newline_delimited');
"
check tutorial.duckdb_top_pages "$(dq "${CLEAN}SELECT current_page_title, SUM(click_count) FROM c GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50")" \
    "$(q "$WORK/store_sql" 'SELECT * FROM top_pages ORDER BY 2 DESC, 1')"
check tutorial.duckdb_referrer_counts "$(dq "${CLEAN}SELECT click_count FROM c WHERE current_page_title = 'Apache_Spark' ORDER BY 1 DESC LIMIT 10")" \
    "$(q "$WORK/store_sql" 'SELECT click_count FROM top_spark_referers ORDER BY 1 DESC')"
check tutorial.duckdb_null_titles "$(dq "${CLEAN}SELECT count(*) FROM c WHERE current_page_title IS NULL")" \
    "$("$SLUICE" events --storage "$WORK/store_sql" --format json | grep '"flow_progress"' | grep COMPLETED | grep -o '"name":"valid_current_page_title","dataset":"clickstream_clean","passed_records":[0-9]*,"failed_records":[0-9]*' | sed 's/.*://')"
for t in clickstream_raw clickstream_clean top_spark_referers top_pages; do
    files=$(delta_files "$WORK/store_sql/tables/clickstream/$t")
    check "tutorial.duckdb_reads_$t" "$(q "$WORK/store_sql" "SELECT count(*) FROM $t")" \
        "$(dq "SELECT count(*) FROM read_parquet($files)")"
done
check tutorial.duckdb_reads_clean_rows "$(q "$WORK/store_sql" 'SELECT sum(click_count), count(current_page_title), min(previous_page_title) FROM clickstream_clean')" \
    "$(dq "SELECT sum(click_count), count(current_page_title), min(previous_page_title) FROM read_parquet($(delta_files "$WORK/store_sql/tables/clickstream/clickstream_clean"))")"
