# Helpers for end-to-end tests: each test prints PASS/FAIL/SKIP lines for the runner.
# Sourced by tests/e2e/*.sh; SLUICE points at the binary, ROOT at the repository.
: "${SLUICE:=$ROOT/build/sluice}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sluice-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# check NAME EXPECTED ACTUAL
check() {
    if [ "$2" = "$3" ]; then echo "PASS $1"
    else
        echo "FAIL $1"
        printf '  expected: %s\n  actual:   %s\n' "$2" "$3" | head -20
    fi
}

# q STORAGE SQL: the rows of a query as CSV without the header
q() { "$SLUICE" query --storage "$1" --format csv "$2" 2>&1 | tail -n +2; }

# event_metric STORAGE DATASET FIELD: the last flow_progress COMPLETED metric of a dataset
flow_rows() {
    "$SLUICE" events --storage "$1" --format json | grep '"flow_progress"' | grep "\"dataset_name\":\"$2\"" |
        grep '"COMPLETED"' | tail -1 | sed -n 's/.*"num_output_rows":\([0-9]*\).*/\1/p'
}

duckdb_dir() {
    local d=${SLUICE_DUCKDB_DIR:-$HOME/.cache/sluice-duckdb}
    [ -d "$d/node_modules/@duckdb/node-api" ] && command -v node >/dev/null && echo "$d"
}

# dq SQL: run SQL in DuckDB (statements separated by ";\n"), rows as CSV; needs duckdb_dir
dq() {
    local d; d=$(duckdb_dir) || return 1
    [ -e "$WORK/node_modules" ] || ln -s "$d/node_modules" "$WORK/node_modules"
    cp "$ROOT/tests/e2e/duckdb_query.mjs" "$WORK/duckdb_query.mjs"
    node "$WORK/duckdb_query.mjs" "$1"
}

# delta_files TABLE_DIR: the live data files of a Delta table, as a DuckDB list literal
delta_files() {
    python3 - "$1" <<'PY'
import json, os, sys
t = sys.argv[1]; live = {}
log = os.path.join(t, "_delta_log")
for f in sorted(os.listdir(log)):
    if not f.endswith(".json"): continue
    for line in open(os.path.join(log, f)):
        a = json.loads(line)
        if "add" in a: live[a["add"]["path"]] = 1
        if "remove" in a: live.pop(a["remove"]["path"], None)
print("[" + ",".join("'%s'" % os.path.join(t, p) for p in live) + "]")
PY
}
