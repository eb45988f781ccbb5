#!/usr/bin/env bash
# Crash safety, the storage lock, schema evolution and refresh selection.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/in"
printf '{"id":1,"city":"oslo"}\n{"id":2,"city":"rome"}\n' > "$WORK/in/f1.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE bronze AS SELECT * FROM STREAM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH STREAMING TABLE silver AS SELECT id, city FROM STREAM(bronze);
CREATE OR REFRESH MATERIALIZED VIEW gold AS SELECT count(*) AS n FROM silver;
SQL
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1
# Kill -9 at each crash point, then a clean run: every row exactly once.
n=3
for point in after_data_file before_commit after_commit; do
    printf '{"id":%d,"city":"x"}\n' "$n" > "$WORK/in/c$n.json"
    (SLUICE_CRASH_AT=$point "$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1) 2>/dev/null; rc=$?
    check "safety.crash_${point}_aborted" 1 "$([ "$rc" -ge 128 ] && echo 1 || echo 0)"
    "$SLUICE" run "$P" --storage "$S" >/dev/null 2>"$WORK/err"; rc=$?
    check "safety.crash_${point}_next_run" 0 "$rc"
    check "safety.crash_${point}_rows" "$n" "$(q "$S" 'SELECT count(*) FROM bronze')"
    check "safety.crash_${point}_no_dup" "$n" "$(q "$S" 'SELECT count(DISTINCT id) FROM silver')"
    n=$((n + 1))
done
check safety.gold_after_crashes 5 "$(q "$S" 'SELECT n FROM gold')"

# One update at a time per storage location.
( flock -x 9; sleep 3 ) 9>"$S/system/update.lock" &
sleep 0.5
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>"$WORK/err"; rc=$?
check safety.lock_status 1 "$rc"
check safety.lock_message 1 "$(grep -c 'another update is running' "$WORK/err")"
wait
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1; rc=$?
check safety.lock_released 0 "$rc"

# Schema evolution: a new column is added, old rows get NULL.
sed -i 's/SELECT id, city FROM STREAM(bronze)/SELECT id, city, upper(city) AS city_uc FROM STREAM(bronze)/' "$P/p.sql"
printf '{"id":9,"city":"kyiv"}\n' > "$WORK/in/f9.json"
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>"$WORK/err"; rc=$?
check safety.evolution_status 0 "$rc"
check safety.evolution_rows "$(printf '1,\n9,KYIV')" "$(q "$S" 'SELECT id, city_uc FROM silver WHERE id IN (1, 9) ORDER BY id')"
# An incompatible change needs a full refresh of that table.
sed -i 's/SELECT id, city, upper(city) AS city_uc FROM STREAM(bronze)/SELECT CAST(id AS STRING) AS id FROM STREAM(bronze)/' "$P/p.sql"
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>"$WORK/err"; rc=$?
check safety.incompatible_status 1 "$rc"
check safety.incompatible_message 1 "$(grep -c "a full refresh of 'silver' is required" "$WORK/err")"
"$SLUICE" run "$P" --storage "$S" --full-refresh-tables silver >/dev/null 2>"$WORK/err"; rc=$?
check safety.incompatible_fixed 0 "$rc"
check safety.incompatible_rows 6 "$(q "$S" 'SELECT count(*) FROM silver')"

# Refresh selection: only the selected dataset runs; others are excluded.
printf '{"id":10,"city":"lima"}\n' > "$WORK/in/f10.json"
"$SLUICE" run "$P" --storage "$S" --refresh gold >"$WORK/out" 2>&1
check safety.refresh_only_gold "gold" "$(grep -Eo '^  (bronze|silver|gold) ' "$WORK/out" | tr -d ' ' | paste -sd,)"
check safety.refresh_bronze_untouched 6 "$(q "$S" 'SELECT count(*) FROM bronze')"
