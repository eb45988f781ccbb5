#!/usr/bin/env bash
# Production mode retries a failed flow (pipelines.maxFlowRetryAttempts, default 2);
# development mode fails at once; expectation failures are never retried.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; mkdir -p "$P"
cat > "$P/p.sql" <<'SQL'
CREATE OR REFRESH MATERIALIZED VIEW flaky AS SELECT 1 AS x;
CREATE OR REFRESH MATERIALIZED VIEW strict (CONSTRAINT c EXPECT (x > 1) ON VIOLATION FAIL UPDATE) AS SELECT 1 AS x;
SQL
SLUICE_FAIL_FLOW=flaky:2 "$SLUICE" run "$P" --storage "$WORK/s1" --production >"$WORK/out" 2>&1
check retries.production_flaky_completed 1 "$(q "$WORK/s1" 'SELECT x FROM flaky')"
check retries.production_strict_failed 1 "$(grep -c 'strict .*FAILED' "$WORK/out")"
SLUICE_FAIL_FLOW=flaky:3 "$SLUICE" run "$P" --storage "$WORK/s2" --production >"$WORK/out" 2>&1
check retries.production_gives_up 1 "$(grep -c 'flaky .*FAILED' "$WORK/out")"
SLUICE_FAIL_FLOW=flaky:1 "$SLUICE" run "$P" --storage "$WORK/s3" --development >"$WORK/out" 2>&1
check retries.development_no_retry 1 "$(grep -c 'flaky .*FAILED' "$WORK/out")"
SLUICE_FAIL_FLOW=flaky:1 "$SLUICE" run "$P" --storage "$WORK/s4" --production --conf pipelines.maxFlowRetryAttempts=0 >"$WORK/out" 2>&1
check retries.max_attempts_setting 1 "$(grep -c 'flaky .*FAILED' "$WORK/out")"
