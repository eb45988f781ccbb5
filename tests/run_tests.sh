#!/usr/bin/env bash
# The test runner: unit tests (build/tests/test_*), golden tests (testdata/),
# and end-to-end scripts (tests/e2e/*.sh). Ends with "N passed, N failed, N skipped".
#
# Golden cases:
#   testdata/<stage>/<case>.<ext>  whose first line is "-- sluice: ARGS" or "# sluice: ARGS"
#                                  (or a sidecar <case>.<ext>.cmd holding ARGS);
#                                  run as `sluice ARGS <case>.<ext>` in its folder.
#   testdata/<stage>/<case>/cmd    a folder case: `sluice ARGS` run inside the folder.
# Expected output (<case>.expected or <case>/expected): stdout, then "--- stderr" and
# stderr if any, then "--- exit N" when the status is not 0. UPDATE=1 rewrites them.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SLUICE="$ROOT/$BUILD/sluice"
export SLUICE ROOT BUILD
pass=0; fail=0; skip=0
failed_names=()

note_result() {  # name status(PASS|FAIL|SKIP) [detail]
    case "$2" in
    PASS) pass=$((pass + 1)) ;;
    SKIP) skip=$((skip + 1)); echo "SKIP $1${3:+: $3}" ;;
    *) fail=$((fail + 1)); failed_names+=("$1"); echo "FAIL $1"; [ -n "${3:-}" ] && echo "$3" | head -40 ;;
    esac
}

# Unit tests
for t in "$ROOT/$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    out=$(cd "$ROOT" && timeout 300 "$t" 2>&1); rc=$?
    np=$(printf '%s\n' "$out" | grep -c '^PASS ')
    nf=$(printf '%s\n' "$out" | grep -c '^FAIL ')
    pass=$((pass + np)); fail=$((fail + nf))
    if [ "$nf" -gt 0 ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; }; then
        printf '%s\n' "$out" | grep -v '^PASS ' | head -60
        failed_names+=("$(basename "$t")")
    fi
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        fail=$((fail + 1)); echo "FAIL $(basename "$t") crashed with status $rc"
    fi
done

run_case() {  # dir args... ; prints normalized output
    local dir=$1; shift
    local out err rc
    out=$(mktemp); err=$(mktemp)
    (cd "$dir" && SLUICE_TEST=1 timeout 60 "$SLUICE" "$@" >"$out" 2>"$err"); rc=$?
    cat "$out"
    if [ -s "$err" ]; then echo "--- stderr"; cat "$err"; fi
    [ "$rc" -ne 0 ] && echo "--- exit $rc"
    rm -f "$out" "$err"
}

check_golden() {  # name expected-file actual-text
    local name=$1 exp=$2 act=$3
    if [ "${UPDATE:-0}" = 1 ]; then
        printf '%s\n' "$act" > "$exp"; note_result "$name" PASS; return
    fi
    if [ ! -f "$exp" ]; then note_result "$name" FAIL "  missing $exp"; return; fi
    if [ "$(cat "$exp")" = "$act" ]; then note_result "$name" PASS
    else note_result "$name" FAIL "$(diff <(cat "$exp") <(printf '%s\n' "$act") | head -30)"; fi
}

# Golden file cases
while IFS= read -r f; do
    case "$f" in *.expected|*.cmd|*/cmd|*/expected) continue ;; esac
    dir=$(dirname "$f"); base=$(basename "$f")
    [ -f "$dir/cmd" ] && continue  # part of a folder case
    args=""
    if [ -f "$f.cmd" ]; then args=$(head -n1 "$f.cmd")
    else
        first=$(head -n1 "$f" 2>/dev/null | tr -d '\r')
        case "$first" in
        "-- sluice: "*) args=${first#-- sluice: } ;;
        "# sluice: "*) args=${first#\# sluice: } ;;
        *) continue ;;
        esac
    fi
    exp="${f%.*}.expected"
    # shellcheck disable=SC2086
    act=$(run_case "$dir" $args "$base")
    check_golden "${f#$ROOT/}" "$exp" "$act"
done < <(find "$ROOT/testdata" -type f 2>/dev/null | sort)

# Golden folder cases
while IFS= read -r c; do
    dir=$(dirname "$c")
    args=$(head -n1 "$c")
    # shellcheck disable=SC2086
    act=$(run_case "$dir" $args)
    check_golden "${dir#$ROOT/}" "$dir/expected" "$act"
done < <(find "$ROOT/testdata" -type f -name cmd 2>/dev/null | sort)

# End-to-end scripts: each prints PASS/FAIL/SKIP lines
for s in "$ROOT"/tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    out=$(cd "$ROOT" && timeout 600 bash "$s" 2>&1); rc=$?
    np=$(printf '%s\n' "$out" | grep -c '^PASS ')
    nf=$(printf '%s\n' "$out" | grep -c '^FAIL ')
    ns=$(printf '%s\n' "$out" | grep -c '^SKIP ')
    pass=$((pass + np)); fail=$((fail + nf)); skip=$((skip + ns))
    printf '%s\n' "$out" | grep -E '^(FAIL|SKIP) |^  ' | head -60
    if [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ]; then
        fail=$((fail + 1)); echo "FAIL $(basename "$s") exited with status $rc"
    fi
done

if [ ${#failed_names[@]} -gt 0 ]; then echo "failed: ${failed_names[*]}" | head -c 2000; echo; fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
