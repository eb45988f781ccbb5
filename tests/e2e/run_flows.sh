#!/usr/bin/env bash
# Append flows into one streaming table, a once flow, private tables, views, and
# `sluice init` (dlt-language.md cases 28, 29, 65).
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/us" "$WORK/eu" "$WORK/archive"
printf '{"id":1,"amount":10}\n' > "$WORK/us/a.json"
printf '{"id":2,"amount":20}\n{"id":3,"amount":30}\n' > "$WORK/eu/a.json"
printf '{"id":0,"amount":5}\n' > "$WORK/archive/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE us_orders AS SELECT * FROM STREAM read_files('$WORK/us', format => 'json');
CREATE OR REFRESH STREAMING TABLE eu_orders AS SELECT * FROM STREAM read_files('$WORK/eu', format => 'json');
CREATE OR REFRESH STREAMING TABLE all_orders;
CREATE FLOW us AS INSERT INTO all_orders BY NAME SELECT * FROM STREAM(us_orders);
CREATE FLOW eu AS INSERT INTO all_orders BY NAME SELECT * FROM STREAM(eu_orders);
CREATE FLOW backfill AS INSERT INTO ONCE all_orders BY NAME SELECT * FROM read_files('$WORK/archive', format => 'json');
CREATE OR REFRESH PRIVATE MATERIALIZED VIEW big_orders AS SELECT * FROM all_orders WHERE amount >= 20;
CREATE TEMPORARY VIEW doubled AS SELECT id, amount * 2 AS amount2 FROM big_orders;
CREATE OR REFRESH MATERIALIZED VIEW report AS SELECT count(*) AS n, sum(amount2) AS s FROM doubled;
SQL
"$SLUICE" run "$P" --storage "$S" >"$WORK/out" 2>&1; rc=$?
check flows.status 0 "$rc"
check flows.union_of_flows "0,1,2,3" "$(q "$S" 'SELECT id FROM all_orders ORDER BY id' | paste -sd,)"
check flows.report "2,100" "$(q "$S" 'SELECT n, s FROM report')"
check flows.private_not_published 1 \
    "$("$SLUICE" query --storage "$S" 'SELECT * FROM big_orders' 2>&1 | grep -c 'does not exist')"
check flows.private_stored 1 "$([ -d "$S/private/default/big_orders/_delta_log" ] && echo 1 || echo 0)"
check flows.view_not_stored 0 "$(ls "$S/tables/default" | grep -c doubled)"
printf '{"id":4,"amount":40}\n' > "$WORK/us/b.json"
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1
check flows.once_runs_once "0,1,2,3,4" "$(q "$S" 'SELECT id FROM all_orders ORDER BY id' | paste -sd,)"
check flows.report_update2 "3,180" "$(q "$S" 'SELECT n, s FROM report')"
"$SLUICE" run "$P" --storage "$S" --full-refresh-tables all_orders >/dev/null 2>&1
check flows.once_after_full_refresh "0,1,2,3,4" "$(q "$S" 'SELECT id FROM all_orders ORDER BY id' | paste -sd,)"

"$SLUICE" init "$WORK/starter" >/dev/null; rc=$?
check init.status 0 "$rc"
"$SLUICE" run --settings "$WORK/starter/pipeline.json" >/dev/null 2>"$WORK/err"; rc=$?
check init.runs 0 "$rc"
check init.no_warnings "" "$(cat "$WORK/err")"
check init.result "$(printf 'IT,2,335.00\nNO,2,138.75\n,1,42.00')" \
    "$("$SLUICE" query --settings "$WORK/starter/pipeline.json" --format csv 'SELECT * FROM revenue_by_country ORDER BY revenue DESC' | tail -n +2)"
"$SLUICE" init "$WORK/starter" >/dev/null 2>&1; rc=$?
check init.refuses_to_overwrite 2 "$rc"
