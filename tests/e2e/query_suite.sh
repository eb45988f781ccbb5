#!/usr/bin/env bash
# The engine's correctness suite: builds the suite's tables (testdata/query/tables.sql over
# testdata/query/data/) with `sluice run`, then runs every query of testdata/query/*.test
# and compares its CSV with the expected output checked in beside it (query_run.py).
. "$(dirname "$0")/lib.sh"
Q=$ROOT/testdata/query
mkdir -p "$WORK/p"
sed "s|@DATA@|$Q/data|g" "$Q/tables.sql" > "$WORK/p/tables.sql"
if ! "$SLUICE" run "$WORK/p" --storage "$WORK/store" >/dev/null 2>"$WORK/err"; then
    echo "FAIL query.setup"
    sed 's/^/  /' "$WORK/err" | head -20
    exit 0
fi
echo "PASS query.setup"
QUERY_DATA=$Q/data python3 "$ROOT/tests/e2e/query_run.py" "$SLUICE" "$WORK/store" "$Q"/*.test
