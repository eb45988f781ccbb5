#!/usr/bin/env bash
# The event log of a clean bronze -> silver -> gold run (dlt-language.md case 66), the
# `sluice events` formats, and the log read through `sluice query` as system.events.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; S=$WORK/store; mkdir -p "$P" "$WORK/in"
printf '{"id":1}\n{"id":2}\n' > "$WORK/in/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE bronze AS SELECT * FROM STREAM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH STREAMING TABLE silver AS SELECT id * 10 AS id FROM STREAM(bronze);
CREATE OR REFRESH MATERIALIZED VIEW gold AS SELECT sum(id) AS total FROM silver;
SQL
"$SLUICE" run "$P" --storage "$S" >/dev/null 2>&1
"$SLUICE" events --storage "$S" --format json > "$WORK/ev"
seq_of() { sed -n 's/.*"control_plane_seq_no":\([0-9]*\).*/\1/p' "$WORK/ev"; }
check events.sequence_increasing "$(seq_of | sort -n | paste -sd,)" "$(seq_of | paste -sd,)"
shape() {  # event_type[:state or status] per line
    while IFS= read -r l; do
        t=$(echo "$l" | sed -n 's/.*"event_type":"\([a-z_]*\)".*/\1/p')
        st=$(echo "$l" | sed -n 's/.*"\(state\|status\)":"\([A-Z_]*\)".*/\2/p')
        ds=$(echo "$l" | sed -n 's/.*"dataset_name":"\([a-z]*\)".*/\1/p')
        echo "$t${st:+:$st}${ds:+@$ds}"
    done < "$WORK/ev"
}
shape > "$WORK/shape"
check events.head "create_update update_progress:INITIALIZING" "$(head -2 "$WORK/shape" | paste -sd' ')"
check events.definitions "3 3" "$(grep -c '^dataset_definition' "$WORK/shape") $(grep -c '^flow_definition' "$WORK/shape")"
check events.setup_then_running "update_progress:SETTING_UP_TABLES update_progress:RUNNING" \
    "$(grep '^update_progress' "$WORK/shape" | sed -n '2,3p' | paste -sd' ')"
check events.flow_lifecycle "flow_progress:QUEUED@silver flow_progress:STARTING@silver flow_progress:RUNNING@silver flow_progress:COMPLETED@silver" \
    "$(grep '@silver' "$WORK/shape" | grep flow_progress | paste -sd' ')"
check events.last "update_progress:COMPLETED" "$(tail -1 "$WORK/shape")"
check events.metrics 2 "$(flow_rows "$S" silver)"
check events.table_format 1 "$("$SLUICE" events --storage "$S" | grep -c "INFO .*create_update .*Update .* started")"
check events.query "$(printf 'flow_progress,12\nupdate_progress,4')" \
    "$(q "$S" "SELECT event_type, count(*) FROM system.events WHERE event_type LIKE '%progress' GROUP BY 1 ORDER BY 1")"
check events.graph_metrics 1 "$("$SLUICE" graph "$P" --storage "$S" --format html | grep -c 'data-name="silver".*COMPLETED, 2 rows')"
