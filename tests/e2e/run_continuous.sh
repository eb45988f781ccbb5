#!/usr/bin/env bash
# Continuous mode: new files are picked up while the run keeps polling; SIGTERM
# finishes the batch in hand and exits 0 (dlt-language.md 4.8).
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/in"
printf '{"id":1}\n' > "$WORK/in/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW total AS SELECT count(*) AS n FROM raw;
CREATE OR REFRESH MATERIALIZED VIEW batch_total AS SELECT count(*) AS n FROM read_files('$WORK/in', format => 'json');
SQL
"$SLUICE" run "$P" --storage "$S" --continuous --conf pipelines.trigger.interval=200ms >"$WORK/out" 2>&1 &
pid=$!
wait_for() {  # wait_for SQL EXPECTED: poll up to 15 s
    for _ in $(seq 150); do
        [ "$(q "$S" "$1" 2>/dev/null)" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
wait_for 'SELECT n FROM total' 1; check continuous.first_cycle 0 $?
printf '{"id":2}\n{"id":3}\n' > "$WORK/in/b.json"
wait_for 'SELECT n FROM total' 3; check continuous.new_file_picked_up 0 $?
# a materialized view reading files directly is recomputed when the listing changes
wait_for 'SELECT n FROM batch_total' 3; check continuous.batch_mv_recomputed 0 $?
batch_versions=$(ls "$S/tables/default/batch_total/_delta_log/" | grep -c '\.json$')
sleep 1
check continuous.batch_mv_idle_without_change "$batch_versions" "$(ls "$S/tables/default/batch_total/_delta_log/" | grep -c '\.json$')"
check continuous.still_running 1 "$(kill -0 $pid 2>/dev/null && echo 1 || echo 0)"
kill -TERM $pid
wait $pid; rc=$?
check continuous.sigterm_exit 0 "$rc"
check continuous.rows 3 "$(q "$S" 'SELECT count(*) FROM raw')"
check continuous.canceled_event 1 "$("$SLUICE" events --storage "$S" --format json | grep -c '"state":"CANCELED"')"
check continuous.no_empty_commits 2 "$(ls "$S/tables/default/raw/_delta_log/" | grep -c '\.json$' | awk '{print $1 - 1}')"
