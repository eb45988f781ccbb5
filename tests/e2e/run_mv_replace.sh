#!/usr/bin/env bash
# A materialized view whose query (and schema) changed, or that is fully refreshed, is
# replaced by one overwrite commit carrying the new schema: a crash or failure before
# that commit leaves the table at its last version, rows and schema.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P"
echo "CREATE MATERIALIZED VIEW m AS SELECT 1 AS a, 'x' AS b;" > "$P/p.sql"
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1
check mv_replace.first "1,x" "$(q "$S" 'SELECT * FROM m')"
echo "CREATE MATERIALIZED VIEW m AS SELECT 2.5 AS c;" > "$P/p.sql"
for at in after_data_file before_commit; do
    (SLUICE_CRASH_AT=$at "$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1) 2>/dev/null
    check "mv_replace.crash_$at" "a,b 1,x" "$("$SLUICE" query --storage "$S" --format csv 'SELECT * FROM m' | paste -sd' ')"
done
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1
check mv_replace.new_schema "c 2.5" "$("$SLUICE" query --storage "$S" --format csv 'SELECT * FROM m' | paste -sd' ')"
check mv_replace.one_commit "WRITE" "$("$SLUICE" history m --storage "$S" 2>/dev/null | sed -n 2p | awk '{print $4}')"
check mv_replace.old_version_kept "1,x" "$(q "$S" 'SELECT * FROM m VERSION AS OF 1')"
# A full refresh of a materialized view that fails keeps the table as it was.
printf "SET spark.sql.ansi.enabled = true;\nCREATE MATERIALIZED VIEW m AS SELECT CAST(s AS INT) AS d FROM VALUES ('q') AS t(s);\n" > "$P/p.sql"
"$SLUICE" run "$P" --storage "$S" --full-refresh >/dev/null 2>&1; rc=$?
check mv_replace.refresh_failed 1 "$rc"
check mv_replace.refresh_kept "c 2.5" "$("$SLUICE" query --storage "$S" --format csv 'SELECT * FROM m' | paste -sd' ')"
