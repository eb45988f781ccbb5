#!/usr/bin/env bash
# `sluice query` without --storage/--settings: files are read, tables are refused by name,
# and nothing is created in (or read as a store from) the current directory.
. "$(dirname "$0")/lib.sh"
DATA=$ROOT/testdata/query/data
mkdir -p "$WORK/empty"
out=$(cd "$WORK/empty" && "$SLUICE" query --format csv \
    "SELECT count(*), sum(qty) FROM json.\`$DATA/sales.json\`" 2>&1)
check query_nostore.json_file "$(printf 'count(1),sum(qty)\n1500,8035')" "$out"
(cd "$WORK/empty" && "$SLUICE" query "SELECT * FROM t" >/dev/null 2>&1)
check query_nostore.table_status 2 "$?"
check query_nostore.no_side_effects "" "$(ls -A "$WORK/empty")"

# A store in the current directory is not used unless named: `--storage .` reads it.
P=$WORK/p; mkdir -p "$P"
echo 'CREATE OR REFRESH MATERIALIZED VIEW t AS SELECT 41 + 1 AS x;' > "$P/p.sql"
cat > "$WORK/s.json" <<JSON
{"name": "nostore", "libraries": [{"file": {"path": "$P/p.sql"}}], "storage": "$WORK/cwd"}
JSON
"$SLUICE" run --settings "$WORK/s.json" >/dev/null 2>&1
before=$(cd "$WORK/cwd" && find . | sort)
err=$(cd "$WORK/cwd" && "$SLUICE" query --format csv "SELECT x FROM t" 2>&1 >/dev/null)
check query_nostore.cwd_store_ignored \
    "table 't' cannot be read without a store: pass --storage DIR or --settings FILE" \
    "$(printf '%s\n' "$err" | sed -n 's/^<query>:1:15: error: //p')"
check query_nostore.cwd_store_named 42 \
    "$(cd "$WORK/cwd" && "$SLUICE" query --storage . --format csv "SELECT x FROM t" | tail -n +2)"
check query_nostore.cwd_unchanged "$before" "$(cd "$WORK/cwd" && find . | sort)"
# SQL from a file: its diagnostics are located in the file
printf 'SELECT *\nFROM nope.t\n' > "$WORK/q.sql"
loc=$("$SLUICE" query --file "$WORK/q.sql" 2>&1 | grep -o '^.*: error: table .nope.t. cannot be read')
check query_nostore.file_location "$WORK/q.sql:2:6: error: table 'nope.t' cannot be read" "$loc"
