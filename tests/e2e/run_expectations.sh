#!/usr/bin/env bash
# Expectations: warn keeps and counts, drop removes, fail stops the flow before
# anything is committed and skips what is downstream (dlt-language.md cases 31-35).
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/in"
printf '{"qty":5,"x":1}\n{"qty":-1,"x":-1}\n{"qty":3,"x":2}\n{"qty":null,"x":-1}\n' > "$WORK/in/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW src AS SELECT * FROM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW warned (CONSTRAINT c EXPECT (qty > 0)) AS SELECT * FROM src;
CREATE OR REFRESH MATERIALIZED VIEW dropped (CONSTRAINT c EXPECT (qty > 0) ON VIOLATION DROP ROW) AS SELECT * FROM src;
CREATE OR REFRESH MATERIALIZED VIEW dropped_strict (CONSTRAINT c EXPECT (qty IS NOT NULL AND qty > 0) ON VIOLATION DROP ROW) AS SELECT * FROM src;
SQL
cat > "$P/p.py" <<'PY'
import dlt

@dlt.table
@dlt.expect_all_or_drop({"a": "qty > 0", "b": "x > 0"})
def both():
    return dlt.read("src")
PY
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>"$WORK/err"; rc=$?
check expectations.status 0 "$rc"
check expectations.warn_rows 4 "$(q "$S" 'SELECT count(*) FROM warned')"
check expectations.drop_rows_null_kept 3 "$(q "$S" 'SELECT count(*) FROM dropped')"
check expectations.drop_strict 2 "$(q "$S" 'SELECT count(*) FROM dropped_strict')"
check expectations.drop_all_once 2 "$(q "$S" 'SELECT count(*) FROM both')"
ev() { "$SLUICE" events --storage "$S" --format json | grep '"flow_progress"' | grep "\"dataset_name\":\"$1\"" | grep COMPLETED | tail -1; }
check expectations.warn_counts 'passed 3 failed 1 dropped 0' \
    "$(ev warned | sed -n 's/.*"dropped_records":\([0-9]*\).*"passed_records":\([0-9]*\),"failed_records":\([0-9]*\).*/passed \2 failed \3 dropped \1/p')"
check expectations.drop_counts 'passed 3 failed 1 dropped 1' \
    "$(ev dropped | sed -n 's/.*"dropped_records":\([0-9]*\).*"passed_records":\([0-9]*\),"failed_records":\([0-9]*\).*/passed \2 failed \3 dropped \1/p')"
check expectations.expect_all_counts '"name":"a","dataset":"both","passed_records":3,"failed_records":1 "name":"b","dataset":"both","passed_records":2,"failed_records":2 dropped 2' \
    "$(ev both | grep -o '"name":"[ab]","dataset":"both","passed_records":[0-9]*,"failed_records":[0-9]*' | paste -sd' ') dropped $(ev both | sed -n 's/.*"dropped_records":\([0-9]*\).*/\1/p')"

# FAIL UPDATE: nothing committed, downstream skipped, independent datasets complete.
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW src AS SELECT * FROM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW warned (CONSTRAINT c EXPECT (qty > 0) ON VIOLATION FAIL UPDATE) AS SELECT * FROM src;
CREATE OR REFRESH MATERIALIZED VIEW after_warned AS SELECT count(*) AS n FROM warned;
CREATE OR REFRESH MATERIALIZED VIEW independent AS SELECT 1 AS one;
SQL
rm "$P/p.py"
"$SLUICE" run "$P" --storage "$S" >"$WORK/out" 2>"$WORK/err"; rc=$?
check expectations.fail_status 1 "$rc"
check expectations.fail_message "    Flow 'warned' failed to meet the expectation. Violated expectations: 'c'. Offending record: {\"qty\":-1,\"x\":-1}" \
    "$(grep 'failed to meet' "$WORK/err")"
check expectations.fail_target_unchanged 4 "$(q "$S" 'SELECT count(*) FROM warned')"
check expectations.fail_downstream_skipped 1 "$(grep -c 'after_warned.*SKIPPED' "$WORK/out")"
check expectations.fail_independent_done 1 "$(q "$S" 'SELECT one FROM independent')"
check expectations.fail_event_error 1 "$("$SLUICE" events --storage "$S" --format json | grep -c '"level":"ERROR".*failed to meet the expectation')"
