#!/usr/bin/env bash
# Expectations on views (checked on the view's rows inside each reading flow, reported
# per reading flow with the view as their dataset) and on a CDC target (checked on the
# incoming change records): dlt-language.md 4.6.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/in" "$WORK/cdc"
printf '{"id":1,"amount":10}\n{"id":2,"amount":-5}\n{"id":3,"amount":null}\n{"id":4,"amount":7}\n' > "$WORK/in/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW src AS SELECT * FROM read_files('$WORK/in', format => 'json');
CREATE TEMPORARY LIVE VIEW clean (CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION DROP ROW,
  CONSTRAINT small EXPECT (amount < 9)) AS SELECT * FROM src;
CREATE OR REFRESH MATERIALIZED VIEW total AS SELECT count(*) AS n, sum(amount) AS s FROM clean;
CREATE OR REFRESH MATERIALIZED VIEW ids AS SELECT id FROM clean;
SQL
cat > "$P/v.py" <<'PY'
import dlt

@dlt.view
@dlt.expect("has_id", "id IS NOT NULL")
@dlt.expect_or_drop("not_four", "id <> 4")
def pyview():
    return dlt.read("src")

@dlt.table
def from_pyview():
    return dlt.read("pyview").select("id")
PY
"$SLUICE" run "$P" --storage "$S" >"$WORK/out" 2>"$WORK/err"; rc=$?
check view_exp.status 0 "$rc"
check view_exp.drop_applied "3,17" "$(q "$S" 'SELECT n, s FROM total')"
check view_exp.drop_applied_pruned "1,3,4" "$(q "$S" 'SELECT id FROM ids ORDER BY id' | paste -sd,)"
check view_exp.python_view "1,2,3" "$(q "$S" 'SELECT id FROM from_pyview ORDER BY id' | paste -sd,)"
ev() { "$SLUICE" events --storage "$S" --format json | grep '"flow_progress"' | grep "\"dataset_name\":\"$1\"" | grep COMPLETED | tail -1; }
counts() { ev "$1" | grep -o '"name":"[a-z_]*","dataset":"[a-z_]*","passed_records":[0-9]*,"failed_records":[0-9]*' | paste -sd' '; }
check view_exp.per_reader_total '"name":"positive","dataset":"clean","passed_records":3,"failed_records":1 "name":"small","dataset":"clean","passed_records":3,"failed_records":1' "$(counts total)"
check view_exp.per_reader_ids '"name":"positive","dataset":"clean","passed_records":3,"failed_records":1 "name":"small","dataset":"clean","passed_records":3,"failed_records":1' "$(counts ids)"
check view_exp.dropped_records 1 "$(ev total | sed -n 's/.*"dropped_records":\([0-9]*\).*/\1/p')"
check view_exp.python_counts '"name":"has_id","dataset":"pyview","passed_records":4,"failed_records":0 "name":"not_four","dataset":"pyview","passed_records":3,"failed_records":1' "$(counts from_pyview)"
check view_exp.summary_line 1 "$(grep -c 'total .*dropped clean.positive: 1 failed  warn clean.small: 1 failed' "$WORK/out")"

# FAIL on a view: the reading flow fails with the view's rule and nothing is committed.
rm "$P/v.py"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW src AS SELECT * FROM read_files('$WORK/in', format => 'json');
CREATE TEMPORARY LIVE VIEW strict (CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION FAIL UPDATE) AS SELECT * FROM src;
CREATE OR REFRESH MATERIALIZED VIEW total AS SELECT count(*) AS n, sum(amount) AS s FROM strict;
SQL
"$SLUICE" run "$P" --storage "$S" >"$WORK/out" 2>"$WORK/err"; rc=$?
check view_exp.fail_status 1 "$rc"
check view_exp.fail_message "    Flow 'strict' failed to meet the expectation. Violated expectations: 'positive'. Offending record: {\"amount\":-5,\"id\":2}" \
    "$(grep 'failed to meet' "$WORK/err")"
check view_exp.fail_unchanged "3,17" "$(q "$S" 'SELECT n, s FROM total')"

# A CDC target's expectations are checked on the change records before they are applied.
printf '{"id":1,"v":5,"ts":1}\n{"id":2,"v":-3,"ts":2}\n{"id":3,"v":null,"ts":3}\n{"id":1,"v":7,"ts":4}\n' > "$WORK/cdc/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE tgt (CONSTRAINT pos EXPECT (v > 0) ON VIOLATION DROP ROW);
APPLY CHANGES INTO tgt FROM STREAM read_files('$WORK/cdc', format => 'json') KEYS (id) SEQUENCE BY ts;
SQL
S=$WORK/store2
"$SLUICE" run "$P" --storage "$S" >"$WORK/out" 2>"$WORK/err"; rc=$?
check view_exp.cdc_status 0 "$rc"
check view_exp.cdc_rows "1,7;3," "$(q "$S" 'SELECT id, v FROM tgt ORDER BY id' | paste -sd';')"
check view_exp.cdc_counts '"name":"pos","dataset":"tgt","passed_records":3,"failed_records":1' "$(counts tgt | sed 's/ .*//')"
