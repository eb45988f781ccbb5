#!/usr/bin/env bash
# CDC tombstones: kept forever by default (a late, lower-sequence upsert cannot
# resurrect a deleted key), forgotten after pipelines.cdc.tombstoneGCThresholdInSeconds
# when the target sets it (the late upsert is then applied as new).
. "$(dirname "$0")/lib.sh"
for mode in keep gc; do
    P=$WORK/$mode/p; S=$WORK/$mode/store; IN=$WORK/$mode/in; mkdir -p "$P" "$IN"
    props=""
    [ $mode = gc ] && props="TBLPROPERTIES ('pipelines.cdc.tombstoneGCThresholdInSeconds' = '0')"
    cat > "$P/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE t $props;
APPLY CHANGES INTO t FROM STREAM read_files('$IN', format => 'json') KEYS (id)
  APPLY AS DELETE WHEN op = 'D' SEQUENCE BY seq COLUMNS * EXCEPT (op);
SQL
    printf '{"id":1,"v":"a","seq":1,"op":"U"}\n{"id":2,"v":"b","seq":1,"op":"U"}\n' > "$IN/1.json"
    "$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1
    printf '{"id":1,"v":null,"seq":5,"op":"D"}\n' > "$IN/2.json"
    "$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1
    check "cdc_tomb.$mode.deleted" "2,b" "$(q "$S" 'SELECT id, v FROM t ORDER BY id' | paste -sd' ')"
    sleep 0.01
    "$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1  # an update with no events: GC runs
    printf '{"id":1,"v":"late","seq":3,"op":"U"}\n' > "$IN/3.json"
    "$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1; rc=$?
    check "cdc_tomb.$mode.status" 0 "$rc"
done
check cdc_tomb.keep.late_ignored "2,b" "$(q "$WORK/keep/store" 'SELECT id, v FROM t ORDER BY id' | paste -sd' ')"
check cdc_tomb.gc.late_applied "1,late 2,b" "$(q "$WORK/gc/store" 'SELECT id, v FROM t ORDER BY id' | paste -sd' ')"
check cdc_tomb.gc.no_tombstone_left 0 "$(cat "$WORK"/gc/store/checkpoints/*/cdc_state.json | grep -c ',true,')"
check cdc_tomb.keep.tombstone_kept 1 "$(cat "$WORK"/keep/store/checkpoints/*/cdc_state.json | grep -c ',true,')"
