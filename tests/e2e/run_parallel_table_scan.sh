#!/usr/bin/env bash
# Delta tables are read in parallel by row-group ranges of their data files (tables are
# written with 128 Ki-row row groups): the same rows as a serial read, strings, arrays
# and columns added later (NULL in older files) included, in pipelines and in queries.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P"
cat > "$P/p.sql" <<'SQL'
CREATE OR REFRESH MATERIALIZED VIEW big AS
  SELECT id, id % 7 AS g, concat('s-', CAST(id % 1000 AS STRING)) AS s,
         array(id % 3, id % 5) AS a FROM (SELECT explode(sequence(1, 400000)) AS id);
CREATE OR REFRESH MATERIALIZED VIEW dim AS
  SELECT id AS k, concat('n', CAST(id AS STRING)) AS name FROM (SELECT explode(sequence(0, 5)) AS id);
CREATE OR REFRESH MATERIALIZED VIEW summary AS
  SELECT g, count(*) AS n, sum(id) AS sid, count(DISTINCT s) AS ds, max(s) AS ms,
         sum(a[1]) AS sa FROM big GROUP BY g;
SQL
SLUICE_SCAN_THREADS=2 "$SLUICE" run "$P" --storage "$S" >/dev/null 2>"$WORK/err"; rc=$?
check partable.status 0 "$rc"
check partable.one_file 1 "$(find "$S/tables/default/big" -name '*.parquet' | wc -l)"
Q='SELECT count(*), sum(id), count(DISTINCT s), max(s), sum(a[0]), sum(size(a)) FROM big'
serial=$(SLUICE_SCAN_THREADS=1 q "$S" "$Q")
check partable.serial "400000,80000200000,1000,s-999,400000,800000" "$serial"
check partable.parallel_query "$serial" "$(SLUICE_SCAN_THREADS=2 q "$S" "$Q")"
check partable.parallel_pipeline "0,57142,11428428571,1000,s-999,114286" \
    "$(q "$S" 'SELECT * FROM summary WHERE g = 0')"
check partable.count_only "400000" "$(SLUICE_SCAN_THREADS=2 q "$S" 'SELECT count(*) FROM big')"
if duckdb_dir >/dev/null; then
    f=$(find "$S/tables/default/big" -name '*.parquet' | head -1)
    check partable.row_groups_of_128ki 4 "$(dq "SELECT count(DISTINCT row_group_id) FROM parquet_metadata('$f')" | tail -1)"
else
    echo "SKIP partable.row_groups_of_128ki: DuckDB is not installed"
fi

# Aggregates over a big scan run on two threads, each over its share of the row groups,
# and merge their groups: the same results as one thread (exact aggregates only here).
AQ='SELECT g, count(*), sum(id), min(s), max(s), avg(id), count(a), bool_or(id = 7), max(a[0]) FROM big WHERE id % 11 <> 0 GROUP BY g ORDER BY g'
serial=$(SLUICE_SCAN_THREADS=1 q "$S" "$AQ" | paste -sd' ')
check partable.agg_serial_groups 7 "$(SLUICE_SCAN_THREADS=1 q "$S" "$AQ" | wc -l)"
check partable.agg_parallel "$serial" "$(SLUICE_SCAN_THREADS=2 q "$S" "$AQ" | paste -sd' ')"
GQ='SELECT count(*), sum(id), min(s), max(id), count(DISTINCT g) FROM big'
check partable.global_agg "$(SLUICE_SCAN_THREADS=1 q "$S" "$GQ")" "$(SLUICE_SCAN_THREADS=2 q "$S" "$GQ")"
check partable.global_agg_values "400000,80000200000,s-0,400000,7" "$(SLUICE_SCAN_THREADS=2 q "$S" "$GQ")"
check partable.empty_filter "0," "$(SLUICE_SCAN_THREADS=2 q "$S" 'SELECT count(*), sum(id) FROM big WHERE id < 0')"

# ... and joins: each thread joins its part of the left side with all of the right.
for jq in 'SELECT d.name, count(*), sum(b.id) FROM big b JOIN dim d ON b.g = d.k GROUP BY d.name ORDER BY 1' \
          'SELECT d.name, count(*), sum(b.id) FROM big b LEFT JOIN dim d ON b.g = d.k AND b.id % 2 = 0 GROUP BY d.name ORDER BY 1' \
          'SELECT count(*), sum(b.id) FROM big b LEFT ANTI JOIN dim d ON b.g = d.k' \
          'SELECT d.name, count(b.id) FROM big b RIGHT JOIN dim d ON b.g = d.k + 3 GROUP BY d.name ORDER BY 1'; do
    check "partable.join_$((++nj))" "$(SLUICE_SCAN_THREADS=1 q "$S" "$jq" | paste -sd' ')" \
        "$(SLUICE_SCAN_THREADS=2 q "$S" "$jq" | paste -sd' ')"
done
check partable.join_values "57143,11428771429" "$(SLUICE_SCAN_THREADS=2 q "$S" 'SELECT count(*), sum(b.id) FROM big b LEFT ANTI JOIN dim d ON b.g = d.k')"

# ORDER BY ... LIMIT: each thread keeps its best rows, then the best of those.
for tq in 'SELECT id, s FROM big ORDER BY s DESC, id LIMIT 20' \
          'SELECT id, g FROM big WHERE id % 3 = 0 ORDER BY g, id DESC LIMIT 7 OFFSET 5' \
          'SELECT b.id, d.name FROM big b JOIN dim d ON b.g = d.k ORDER BY b.id DESC LIMIT 3'; do
    check "partable.topn_$((++nt))" "$(SLUICE_SCAN_THREADS=1 q "$S" "$tq" | paste -sd' ')" \
        "$(SLUICE_SCAN_THREADS=2 q "$S" "$tq" | paste -sd' ')"
done
check partable.topn_values "399999,n5 399998,n4 399997,n3" "$(SLUICE_SCAN_THREADS=2 q "$S" 'SELECT b.id, d.name FROM big b JOIN dim d ON b.g = d.k ORDER BY b.id DESC LIMIT 3' | paste -sd' ')"
