#!/usr/bin/env bash
# sluice run of APPLY CHANGES / AUTO CDC flows over several updates: SCD 1 and SCD 2,
# tombstones, TRACK HISTORY, IGNORE NULL UPDATES, truncates, late events, NULL and
# duplicate sequences, metrics, full refresh, a crash, and Python dlt.apply_changes
# (dlt-language.md 4.7, cases 43-47 and 50).
. "$(dirname "$0")/lib.sh"

# pipeline NAME CLAUSES: a pipeline whose CDC target `t` reads `src` (an ST over the
# JSON files of $WORK/NAME/in); each call gets its own input folder and storage.
pipeline() {
    mkdir -p "$WORK/$1/in" "$WORK/$1/p"
    cat > "$WORK/$1/p/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE src AS
  SELECT * FROM STREAM read_files('$WORK/$1/in', format => 'json',
    schema => 'id BIGINT, name STRING, city STRING, phone STRING, op STRING, seq BIGINT');
CREATE OR REFRESH STREAMING TABLE t;
APPLY CHANGES INTO t FROM STREAM(src) KEYS (id) $2;
SQL
}
run() { "$SLUICE" run "$WORK/$1/p" --storage "$WORK/$1/s" >/dev/null 2>"$WORK/$1/err"; echo $?; }
feed() { printf '%s\n' "${@:3}" > "$WORK/$1/in/$2.json"; }
rows() { q "$WORK/$1/s" "$2"; }
metric() {
    "$SLUICE" events --storage "$WORK/$1/s" --format json | grep '"flow_progress"' |
        grep '"dataset_name":"t"' | grep '"COMPLETED"' | tail -1 |
        sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p"
}
flow_error() {
    "$SLUICE" events --storage "$WORK/$1/s" --format json | grep '"flow_progress"' |
        grep '"dataset_name":"t"' | grep '"FAILED"' | tail -1 | grep -o "$2" | head -1
}
SCD1="APPLY AS DELETE WHEN op = 'D' SEQUENCE BY seq COLUMNS * EXCEPT (op, seq) STORED AS SCD TYPE 1"
SCD2="APPLY AS DELETE WHEN op = 'D' SEQUENCE BY seq COLUMNS * EXCEPT (op, seq) STORED AS SCD TYPE 2"

# Case 43: within one batch the highest sequence wins, whatever the arrival order.
pipeline c43 "$SCD1"
feed c43 f1 '{"id":1,"name":"b","seq":2,"op":"U"}' '{"id":1,"name":"a","seq":1,"op":"U"}' \
    '{"id":2,"name":"x","seq":1,"op":"U"}'
check cdc.case43_status 0 "$(run c43)"
check cdc.case43_rows "$(printf '1,b\n2,x')" "$(rows c43 'SELECT id, name FROM t ORDER BY id')"
check cdc.case43_columns "id,name,city,phone" \
    "$("$SLUICE" query --storage "$WORK/c43/s" --format csv 'SELECT * FROM t LIMIT 0')"
check cdc.case43_upserted 3 "$(metric c43 num_upserted_rows)"
check cdc.case43_deleted 0 "$(metric c43 num_deleted_rows)"
# Update 2: an update of key 2, a new key 3; update 3: no new input leaves the table alone.
feed c43 f2 '{"id":2,"name":"y","seq":5,"op":"U"}' '{"id":3,"name":"n","seq":1,"op":"U"}'
check cdc.case43_update2_status 0 "$(run c43)"
check cdc.case43_update2_rows "$(printf '1,b\n2,y\n3,n')" \
    "$(rows c43 'SELECT id, name FROM t ORDER BY id')"
check cdc.case43_update2_upserted 2 "$(metric c43 num_upserted_rows)"
check cdc.case43_update3_status 0 "$(run c43)"
check cdc.case43_update3_output 0 "$(metric c43 num_output_rows)"
check cdc.case43_update3_rows "$(printf '1,b\n2,y\n3,n')" \
    "$(rows c43 'SELECT id, name FROM t ORDER BY id')"
check cdc.case43_no_stderr "" "$(cat "$WORK/c43/err")"

# Case 44: a delete leaves a tombstone; a later update with a lower sequence stays out,
# an older update of a live key is ignored too, a newer one re-inserts.
pipeline c44 "$SCD1"
feed c44 f1 '{"id":1,"name":"a","seq":1,"op":"U"}' '{"id":2,"name":"b","seq":1,"op":"U"}'
run c44 >/dev/null
feed c44 f2 '{"id":1,"seq":5,"op":"D"}'
check cdc.case44_delete_status 0 "$(run c44)"
check cdc.case44_deleted "2" "$(rows c44 'SELECT id FROM t ORDER BY id')"
check cdc.case44_deleted_metric 1 "$(metric c44 num_deleted_rows)"
feed c44 f3 '{"id":1,"name":"late","seq":3,"op":"U"}' '{"id":2,"name":"old","seq":0,"op":"U"}'
check cdc.case44_late_status 0 "$(run c44)"
check cdc.case44_tombstone "2,b" "$(rows c44 'SELECT id, name FROM t ORDER BY id')"
check cdc.case44_late_upserted 0 "$(metric c44 num_upserted_rows)"
feed c44 f4 '{"id":1,"name":"again","seq":6,"op":"U"}'
run c44 >/dev/null
check cdc.case44_reinsert "$(printf '1,again\n2,b')" \
    "$(rows c44 'SELECT id, name FROM t ORDER BY id')"

# Case 45: SCD 2 versions; the delete closes the current version.
pipeline c45 "$SCD2"
feed c45 f1 '{"id":1,"name":"a","seq":1,"op":"U"}' '{"id":1,"name":"b","seq":2,"op":"U"}' \
    '{"id":1,"seq":3,"op":"D"}'
check cdc.case45_status 0 "$(run c45)"
check cdc.case45_rows "$(printf '1,a,1,2\n1,b,2,3')" \
    "$(rows c45 'SELECT id, name, __START_AT, __END_AT FROM t ORDER BY __START_AT')"
check cdc.case45_columns "id,name,city,phone,__START_AT,__END_AT" \
    "$("$SLUICE" query --storage "$WORK/c45/s" --format csv 'SELECT * FROM t LIMIT 0')"
check cdc.case45_no_current 0 "$(rows c45 'SELECT count(*) FROM t WHERE __END_AT IS NULL')"
# Across updates: a new version after the delete, a late event slotted into history,
# identical values add nothing.
feed c45 f2 '{"id":1,"name":"c","seq":7,"op":"U"}' '{"id":2,"name":"x","seq":4,"op":"U"}'
run c45 >/dev/null
feed c45 f3 '{"id":1,"name":"a0","seq":0,"op":"U"}' '{"id":2,"name":"x","seq":6,"op":"U"}'
check cdc.case45_late_status 0 "$(run c45)"
check cdc.case45_history "$(printf '1,a0,0,1\n1,a,1,2\n1,b,2,3\n1,c,7,\n2,x,4,')" \
    "$(rows c45 'SELECT id, name, __START_AT, __END_AT FROM t ORDER BY id, __START_AT, name')"
check cdc.case45_late_upserted 1 "$(metric c45 num_upserted_rows)"

# Case 46: TRACK HISTORY ON (city): a phone-only change updates the current version.
pipeline c46 "SEQUENCE BY seq COLUMNS * EXCEPT (op, seq) STORED AS SCD TYPE 2 TRACK HISTORY ON (city)"
feed c46 f1 '{"id":1,"name":"n","city":"Oslo","phone":"1","seq":1}'
run c46 >/dev/null
feed c46 f2 '{"id":1,"name":"n","city":"Oslo","phone":"2","seq":2}'
check cdc.case46_status 0 "$(run c46)"
check cdc.case46_in_place "1,Oslo,2,1," \
    "$(rows c46 'SELECT id, city, phone, __START_AT, __END_AT FROM t ORDER BY __START_AT')"
feed c46 f3 '{"id":1,"name":"n","city":"Rome","phone":"2","seq":3}' \
    '{"id":1,"name":"n","city":"Rome","phone":"2","seq":4}'
run c46 >/dev/null
check cdc.case46_tracked "$(printf '1,Oslo,2,1,3\n1,Rome,2,3,')" \
    "$(rows c46 'SELECT id, city, phone, __START_AT, __END_AT FROM t ORDER BY __START_AT')"

# Case 47: IGNORE NULL UPDATES keeps the stored value; without it NULL overwrites.
for mode in ignore plain; do
    clause=$([ $mode = ignore ] && echo "IGNORE NULL UPDATES")
    pipeline c47$mode "$clause SEQUENCE BY seq COLUMNS (id, city, phone)"
    feed c47$mode f1 '{"id":1,"city":"Oslo","phone":"9","seq":1}'
    run c47$mode >/dev/null
    feed c47$mode f2 '{"id":1,"city":null,"phone":"7","seq":2}'
    check "cdc.case47_${mode}_status" 0 "$(run c47$mode)"
done
check cdc.case47_ignore_null_updates "1,Oslo,7" "$(rows c47ignore 'SELECT * FROM t')"
check cdc.case47_null_overwrites "1,,7" "$(rows c47plain 'SELECT * FROM t')"

# Case 50: a NULL sequence and two events with one key and sequence fail the flow and
# commit nothing; the next update after fixing the input works.
pipeline c50 "$SCD1"
feed c50 f1 '{"id":1,"name":"a","seq":1,"op":"U"}'
run c50 >/dev/null
feed c50 f2 '{"id":1,"name":"b","op":"U"}'
check cdc.case50_null_seq_status 1 "$(run c50)"
check cdc.case50_null_seq_error "SEQUENCE BY value of a change event is NULL" \
    "$(flow_error c50 'SEQUENCE BY value of a change event is NULL')"
check cdc.case50_null_seq_unchanged "1,a" "$(rows c50 'SELECT id, name FROM t')"
rm "$WORK/c50/in/f2.json"
"$SLUICE" run "$WORK/c50/p" --storage "$WORK/c50/s" --full-refresh >/dev/null 2>&1
feed c50 f3 '{"id":1,"name":"c","seq":4,"op":"U"}' '{"id":1,"name":"d","seq":4,"op":"U"}'
check cdc.case50_duplicate_status 1 "$(run c50)"
check cdc.case50_duplicate_error "two change events for key (id=1) have the same SEQUENCE BY value 4" \
    "$(flow_error c50 'two change events for key (id=1) have the same SEQUENCE BY value 4')"
check cdc.case50_duplicate_unchanged "1,a" "$(rows c50 'SELECT id, name FROM t')"
pipeline c50n "$SCD1"
feed c50n f1 '{"name":"a","seq":1,"op":"U"}'
check cdc.case50_null_key_status 1 "$(run c50n)"
check cdc.case50_null_key_error "a change event has a NULL key" \
    "$(flow_error c50n 'a change event has a NULL key')"

# Truncate (SCD 1): empties the table; later events apply, earlier ones stay out.
pipeline trunc "APPLY AS TRUNCATE WHEN op = 'T' SEQUENCE BY seq COLUMNS (id, name)"
feed trunc f1 '{"id":1,"name":"a","seq":1}' '{"id":2,"name":"b","seq":2}'
run trunc >/dev/null
feed trunc f2 '{"op":"T","seq":5}' '{"id":3,"name":"c","seq":6}' '{"id":4,"name":"d","seq":4}'
check cdc.truncate_status 0 "$(run trunc)"
check cdc.truncate_rows "3,c" "$(rows trunc 'SELECT * FROM t ORDER BY id')"
check cdc.truncate_deleted 2 "$(metric trunc num_deleted_rows)"
feed trunc f3 '{"id":1,"name":"late","seq":3}'
run trunc >/dev/null
check cdc.truncate_late_ignored "3,c" "$(rows trunc 'SELECT * FROM t ORDER BY id')"

# SEQUENCE BY STRUCT(seq, name): ties on seq are broken by the second field.
pipeline struct "SEQUENCE BY STRUCT(seq, name) COLUMNS (id, name)"
feed struct f1 '{"id":1,"name":"b","seq":1}' '{"id":1,"name":"a","seq":1}'
check cdc.struct_seq_status 0 "$(run struct)"
check cdc.struct_seq_rows "1,b" "$(rows struct 'SELECT * FROM t')"

# Full refresh forgets the per-key state with the table: every event is applied again.
"$SLUICE" run "$WORK/c44/p" --storage "$WORK/c44/s" --full-refresh >/dev/null 2>&1
check cdc.full_refresh_rows "$(printf '1,again\n2,b')" \
    "$(rows c44 'SELECT id, name FROM t ORDER BY id')"

# A crash between the table commit and the promotion of the state (simulated: the
# new state files put back as pending): the next run promotes them, so the tombstone
# written with the delete still stops a late update. A pending state of a batch the
# table never committed is dropped.
pipeline crash "$SCD1"
ck=$WORK/crash/s/checkpoints/t
feed crash f1 '{"id":1,"name":"a","seq":1,"op":"U"}' '{"id":2,"name":"b","seq":1,"op":"U"}'
run crash >/dev/null
cp "$ck/cdc_state.json" "$WORK/crash/old_cdc"; cp "$ck/state.json" "$WORK/crash/old_ck"
feed crash f2 '{"id":1,"seq":5,"op":"D"}'
run crash >/dev/null
mv "$ck/cdc_state.json" "$ck/cdc_pending.json"; mv "$ck/state.json" "$ck/pending.json"
cp "$WORK/crash/old_cdc" "$ck/cdc_state.json"; cp "$WORK/crash/old_ck" "$ck/state.json"
feed crash f3 '{"id":1,"name":"late","seq":3,"op":"U"}'
check cdc.crash_next_run 0 "$(run crash)"
check cdc.crash_tombstone_kept "2,b" "$(rows crash 'SELECT id, name FROM t ORDER BY id')"
check cdc.crash_pending_promoted 0 "$(ls "$ck" | grep -c pending)"
printf '{"batch":99,"trunc":null,"keys":[]}' > "$ck/cdc_pending.json"
feed crash f4 '{"id":2,"name":"b2","seq":2,"op":"U"}'
check cdc.crash_stale_pending_run 0 "$(run crash)"
check cdc.crash_stale_pending_rows "2,b2" "$(rows crash 'SELECT id, name FROM t ORDER BY id')"
check cdc.crash_stale_pending_dropped 0 "$(ls "$ck" | grep -c pending)"

# SCD 2 tombstone: a delete of a key never seen, then a late insert: the late version
# is closed at the delete's sequence, never current.
pipeline tomb2 "$SCD2"
feed tomb2 f1 '{"id":9,"seq":5,"op":"D"}'
check cdc.scd2_tombstone_first 0 "$(run tomb2)"
feed tomb2 f2 '{"id":9,"name":"late","seq":2,"op":"U"}'
run tomb2 >/dev/null
check cdc.scd2_tombstone_late "9,late,2,5" \
    "$(rows tomb2 'SELECT id, name, __START_AT, __END_AT FROM t')"

# A damaged state file of the committed batch is an error that names the way out.
sed -i 's/"v0500000000000000"/"vzz"/' "$WORK/tomb2/s/checkpoints/t/cdc_state.json"
feed tomb2 f3 '{"id":9,"name":"new","seq":7,"op":"U"}'
check cdc.corrupt_state_status 1 "$(run tomb2)"
check cdc.corrupt_state_error "run a full refresh of 't'" \
    "$(grep -o "run a full refresh of 't'" "$WORK/tomb2/err" | head -1)"

# The state records the sequence's type: a changed SEQUENCE BY type is refused, not
# misread; a full refresh starts over.
pipeline seqtype "SEQUENCE BY seq COLUMNS (id, name)"
feed seqtype f1 '{"id":1,"name":"a","seq":1}'
run seqtype >/dev/null
check cdc.state_seq_type '"seq_type":"bigint"' \
    "$(grep -o '"seq_type":"[a-z,]*"' "$WORK/seqtype/s/checkpoints/t/cdc_state.json")"
sed -i 's/SEQUENCE BY seq /SEQUENCE BY CAST(seq AS DOUBLE) /' "$WORK/seqtype/p/p.sql"
feed seqtype f2 '{"id":1,"name":"b","seq":2}'
check cdc.seq_type_changed_status 1 "$(run seqtype)"
check cdc.seq_type_changed_error "SEQUENCE BY type changed from bigint to double" \
    "$(grep -o 'SEQUENCE BY type changed from bigint to double' "$WORK/seqtype/err" | head -1)"
"$SLUICE" run "$WORK/seqtype/p" --storage "$WORK/seqtype/s" --full-refresh >/dev/null 2>&1
check cdc.seq_type_full_refresh "1,b" "$(rows seqtype 'SELECT * FROM t')"

# A downstream materialized view reads the CDC target in batch (case 51).
pipeline mv "$SCD2"
cat >> "$WORK/mv/p/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW current AS SELECT id, name FROM t WHERE __END_AT IS NULL;
SQL
feed mv f1 '{"id":1,"name":"a","seq":1,"op":"U"}' '{"id":2,"name":"b","seq":1,"op":"U"}'
run mv >/dev/null
feed mv f2 '{"id":1,"name":"a2","seq":2,"op":"U"}' '{"id":2,"seq":2,"op":"D"}'
check cdc.mv_status 0 "$(run mv)"
check cdc.mv_rows "1,a2" "$(rows mv 'SELECT * FROM current ORDER BY id')"

# A streaming reader of the CDC target (case 51): inserts of new keys are appends, so
# it keeps working; the first update of a stored key rewrites the table and stops it.
pipeline st "$SCD1"
cat >> "$WORK/st/p/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE down AS SELECT id, name FROM STREAM(t);
SQL
feed st f1 '{"id":1,"name":"a","seq":1,"op":"U"}'
check cdc.case51_update1_status 0 "$(run st)"
feed st f2 '{"id":2,"name":"b","seq":1,"op":"U"}'
check cdc.case51_insert_status 0 "$(run st)"
check cdc.case51_insert_rows "$(printf '1,a\n2,b')" "$(rows st 'SELECT * FROM down ORDER BY id')"
feed st f3 '{"id":1,"name":"a2","seq":2,"op":"U"}'
check cdc.case51_update_status 1 "$(run st)"
check cdc.case51_update_error "cannot be read as an append-only stream" \
    "$(grep -o 'cannot be read as an append-only stream' "$WORK/st/err" | head -1)"
check cdc.case51_target_updated "$(printf '1,a2\n2,b')" "$(rows st 'SELECT id, name FROM t ORDER BY id')"

# Python dlt.apply_changes gives the same table as the SQL pipeline of case 45.
mkdir -p "$WORK/py/p" "$WORK/py/in"
cp "$WORK/c45/in/"*.json "$WORK/py/in/"
cat > "$WORK/py/p/p.py" <<PY
import dlt
from pyspark.sql.functions import col, expr

@dlt.table
def src():
    return (spark.readStream.format("cloudFiles").option("cloudFiles.format", "json")
            .schema("id BIGINT, name STRING, city STRING, phone STRING, op STRING, seq BIGINT")
            .load("$WORK/py/in"))

dlt.create_streaming_table("t")
dlt.apply_changes(target="t", source="src", keys=["id"], sequence_by=col("seq"),
                  apply_as_deletes=expr("op = 'D'"), except_column_list=["op", "seq"],
                  stored_as_scd_type=2)
PY
check cdc.python_status 0 "$(run py)"
check cdc.python_same_as_sql \
    "$(rows c45 'SELECT * FROM t ORDER BY id, __START_AT, name')" \
    "$(rows py 'SELECT * FROM t ORDER BY id, __START_AT, name')"
