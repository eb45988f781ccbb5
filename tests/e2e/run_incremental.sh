#!/usr/bin/env bash
# sluice run: streaming tables read only new input; materialized views recompute;
# full refresh re-reads everything (dlt-language.md section 5, cases 22, 23, 25).
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/in"
cat > "$P/pipeline.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE orders_st AS SELECT * FROM STREAM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW orders_mv AS SELECT * FROM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH STREAMING TABLE orders_silver AS SELECT id, upper(city) AS city FROM STREAM(orders_st);
CREATE OR REFRESH MATERIALIZED VIEW city_counts AS SELECT city, count(*) AS n FROM orders_silver GROUP BY city;
SQL
printf '{"id":1,"city":"oslo"}\n{"id":2,"city":"rome"}\n' > "$WORK/in/f1.json"
printf '{"id":3,"city":"oslo"}\n' > "$WORK/in/f2.json"
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>"$WORK/err"; rc=$?
check run_incremental.update1_status 0 "$rc"
check run_incremental.update1_st_rows 3 "$(q "$S" 'SELECT count(*) FROM orders_st')"
check run_incremental.update1_metric 3 "$(flow_rows "$S" orders_st)"
printf '{"id":4,"city":"rome"}\n{"id":5,"city":"paris"}\n' > "$WORK/in/f3.json"
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>>"$WORK/err"
check run_incremental.update2_st_rows 5 "$(q "$S" 'SELECT count(*) FROM orders_st')"
check run_incremental.update2_metric 2 "$(flow_rows "$S" orders_st)"
check run_incremental.update2_mv_metric 5 "$(flow_rows "$S" orders_mv)"
check run_incremental.time_travel "0 3 5" \
    "$(for v in 0 1 2; do q "$S" "SELECT count(*) FROM orders_st VERSION AS OF $v"; done | paste -sd' ')"
check run_incremental.update2_downstream "$(printf 'OSLO,2\nPARIS,1\nROME,2')" \
    "$(q "$S" 'SELECT city, n FROM city_counts ORDER BY city')"
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>>"$WORK/err"
check run_incremental.update3_no_new_input 0 "$(flow_rows "$S" orders_st)"
check run_incremental.update3_rows 5 "$(q "$S" 'SELECT count(*) FROM orders_st')"
check run_incremental.history "WRITE,WRITE,WRITE,CREATE" \
    "$("$SLUICE" history orders_mv --storage "$S" | tail -n +2 | awk '{print $4}' | paste -sd,)"
check run_incremental.vacuum "vacuum orders_mv: 2 unreferenced files deleted" \
    "$("$SLUICE" vacuum orders_mv --storage "$S" --retain 0)"
check run_incremental.after_vacuum 5 "$(q "$S" 'SELECT count(*) FROM orders_mv')"
"$SLUICE" run "$P" --storage "$S" --full-refresh >/dev/null 2>>"$WORK/err"
check run_incremental.full_refresh_rows 5 "$(q "$S" 'SELECT count(*) FROM orders_st')"
check run_incremental.full_refresh_metric 5 "$(flow_rows "$S" orders_st)"
check run_incremental.full_refresh_silver "1,2,3,4,5" \
    "$(q "$S" 'SELECT id FROM orders_silver ORDER BY id' | paste -sd,)"
check run_incremental.no_stderr "" "$(cat "$WORK/err")"
