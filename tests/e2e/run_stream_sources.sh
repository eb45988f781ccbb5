#!/usr/bin/env bash
# A streaming read of a table that is not append-only (a materialized view, which is
# overwritten on every update) fails with a clear message at the update after the
# change, unless skipChangeCommits is set (dlt-language.md cases 20 and 51).
. "$(dirname "$0")/lib.sh"
P=$WORK/p; mkdir -p "$P" "$WORK/in"
printf '{"id":1}\n' > "$WORK/in/a.json"
cat > "$P/p.sql" <<SQL
CREATE OR REFRESH MATERIALIZED VIEW m AS SELECT * FROM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH STREAMING TABLE s AS SELECT * FROM STREAM(m);
SQL
cat > "$P/p.py" <<'PY'
import dlt

@dlt.table
def s_skip():
    return spark.readStream.option("skipChangeCommits", "true").table("m")
PY
"$SLUICE" compile "$P" -o /dev/null 2>"$WORK/warn"
check stream_sources.compile_warns 1 "$(grep -c 'p.sql:2:.*warning: .*materialized view' "$WORK/warn")"
"$SLUICE" run "$P" --storage "$WORK/s" >/dev/null 2>&1; rc=$?
check stream_sources.first_update 0 "$rc"
check stream_sources.first_rows 1 "$(q "$WORK/s" 'SELECT count(*) FROM s')"
printf '{"id":2}\n' > "$WORK/in/b.json"
"$SLUICE" run "$P" --storage "$WORK/s" >/dev/null 2>"$WORK/err"; rc=$?
check stream_sources.second_update_fails 1 "$rc"
check stream_sources.message 1 "$(grep -c "streaming source 'm' changed by update/delete/overwrite" "$WORK/err")"
check stream_sources.skip_change_commits_ok 1 "$(q "$WORK/s" 'SELECT count(*) FROM s_skip')"
check stream_sources.skip_change_commits_completed 0 "$(grep -c 's_skip .*FAILED' "$WORK/err")"
