#!/usr/bin/env bash
# Big line-delimited inputs are read by two worker threads in ~8 MB morsels (rt_parscan.c):
# the ingested rows, their sums and distinct counts must equal a single-threaded read
# (SLUICE_SCAN_THREADS=1) and the generator's own totals; LIMIT over a big file stops early;
# a bad record in FAILFAST mode fails the update with one error; CSV with a header splits too.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; mkdir -p "$P" "$WORK/in" "$WORK/csv" "$WORK/bad"
# ~40 MB of NDJSON (5 morsels); escapes, UTF-8 and varying lengths so records straddle
# morsel boundaries in every way; the same rows as CSV; prints count, sum(amount),
# distinct users, sum(length(note)).
expect=$(python3 - "$WORK/in/big.json" "$WORK/csv/big.csv" <<'PY'
import random, sys
random.seed(7)
n, total, users, notes = 400000, 0, set(), 0
with open(sys.argv[1], "w", encoding="utf-8") as f, open(sys.argv[2], "w") as c:
    c.write("id,user,amount\n")
    for i in range(n):
        u, a, k = random.randrange(50000), random.randrange(-1000, 100000), random.randrange(1, 12)
        total += a; users.add(u); notes += 5 * k
        note = 'x\u00e9\\n\\"q' * k
        f.write('{"id":%d,"user":"u%05d","amount":%d,"note":"%s"}\n' % (i, u, a, note))
        c.write('%d,"u%05d",%d\n' % (i, u, a))
print("%d,%d,%d,%d" % (n, total, len(users), notes))
PY
)
cat > "$P/pipeline.sql" <<SQL
CREATE OR REFRESH STREAMING TABLE ev AS
  SELECT * FROM STREAM read_files('$WORK/in', format => 'json');
CREATE OR REFRESH MATERIALIZED VIEW ev_stats AS
  SELECT count(*) AS n, sum(amount) AS total, count(DISTINCT user) AS users,
         sum(length(note)) AS notes, count(DISTINCT id) AS ids
  FROM read_files('$WORK/in', format => 'json');
SQL
STATS='SELECT count(*), sum(amount), count(DISTINCT user), sum(length(note)),
              count(DISTINCT id), min(id), max(id) FROM ev'
SLUICE_SCAN_THREADS=1 "$SLUICE" run "$P" --storage "$WORK/s1" >/dev/null 2>"$WORK/err1"
check run_parallel_scan.single_status "" "$(cat "$WORK/err1")"
"$SLUICE" run "$P" --storage "$WORK/s2" >/dev/null 2>"$WORK/err2"; rc=$?
check run_parallel_scan.parallel_status 0 "$rc"
check run_parallel_scan.parallel_no_stderr "" "$(cat "$WORK/err2")"
check run_parallel_scan.generator_totals "$expect,400000,0,399999" "$(q "$WORK/s2" "$STATS")"
check run_parallel_scan.equals_single_threaded "$(q "$WORK/s1" "$STATS")" \
    "$(q "$WORK/s2" "$STATS")"
check run_parallel_scan.mv_totals "$expect,400000" \
    "$(q "$WORK/s2" 'SELECT n, total, users, notes, ids FROM ev_stats')"
check run_parallel_scan.metric 400000 "$(flow_rows "$WORK/s2" ev)"
# the same rows, value for value (not just the aggregates): a row-wise hash sum
H='SELECT sum(hash(id, user, amount, note)) FROM ev'
check run_parallel_scan.row_hash "$(q "$WORK/s1" "$H")" "$(q "$WORK/s2" "$H")"
# a second update reads no new file: the checkpoint recorded the big file once
"$SLUICE" run "$P" --storage "$WORK/s2" >/dev/null 2>>"$WORK/err2"
check run_parallel_scan.incremental_no_new_rows 0 "$(flow_rows "$WORK/s2" ev)"
check run_parallel_scan.incremental_rows 400000 "$(q "$WORK/s2" 'SELECT count(*) FROM ev')"

# ad hoc queries over the files: LIMIT stops the workers early; the aggregate matches
RF="read_files('$WORK/in', format => 'json')"
check run_parallel_scan.limit 5 \
    "$(q "$WORK/s2" "SELECT count(*) FROM (SELECT id FROM $RF LIMIT 5)")"
check run_parallel_scan.limit_rows 3 "$(q "$WORK/s2" "SELECT id, user FROM $RF LIMIT 3" | wc -l)"
check run_parallel_scan.query_totals "$expect" "$(q "$WORK/s2" \
    "SELECT count(*), sum(amount), count(DISTINCT user), sum(length(note)) FROM $RF")"
# more threads than cores and a CSV file with a header split into morsels
CSV="read_files('$WORK/csv', format => 'csv', header => true,
                schema => 'id BIGINT, user STRING, amount BIGINT')"
check run_parallel_scan.csv_threads4 "${expect%,*}" "$(SLUICE_SCAN_THREADS=4 q "$WORK/s2" \
    "SELECT count(*), sum(amount), count(DISTINCT user) FROM $CSV")"

# a malformed record deep inside a big file, FAILFAST: the query fails with one error,
# the same as a single-threaded read reports
{ head -c 30000000 "$WORK/in/big.json" | sed '$d'; echo '{"id": broken'
  tail -n 1000 "$WORK/in/big.json"; } > "$WORK/bad/bad.json"
FF="read_files('$WORK/bad', format => 'json', mode => 'FAILFAST',
               schema => 'id BIGINT, user STRING, amount BIGINT, note STRING')"
ff() {
    "$SLUICE" query --storage "$WORK/s2" --format csv "SELECT count(*) FROM $FF" 2>&1
    echo "rc=$?"
}
one=$(SLUICE_SCAN_THREADS=1 ff); two=$(ff)
check run_parallel_scan.failfast_error 1 \
    "$(printf '%s\n' "$one" | grep -c 'bad.json:[0-9]*: error: malformed JSON record')"
check run_parallel_scan.failfast_same_error "$one" "$two"
