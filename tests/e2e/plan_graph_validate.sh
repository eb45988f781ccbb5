#!/usr/bin/env bash
# Planner end to end: graph formats (the html page loaded in headless Chromium must
# show every dataset's node), validate (missing file inputs and external tables are
# errors), explain of a written plan file, and refusal of a plan of another version.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; mkdir -p "$P" "$WORK/in"
printf '{"id":1,"city":"oslo"}\n' > "$WORK/in/f1.json"
cat > "$P/p.sql" <<SQL
CREATE STREAMING TABLE bronze AS SELECT * FROM STREAM read_files('$WORK/in', format => 'json');
CREATE STREAMING TABLE silver AS SELECT id, city FROM STREAM(bronze);
CREATE MATERIALIZED VIEW gold AS SELECT city, count(*) AS n FROM silver GROUP BY city;
CREATE MATERIALIZED VIEW side AS SELECT 1 AS one;
SQL

"$SLUICE" graph --format dot "$P" > "$WORK/g.dot" 2>/dev/null
check plan.graph_dot_edges 2 "$(grep -c -- '->' "$WORK/g.dot")"
"$SLUICE" graph --format mermaid "$P" > "$WORK/g.mmd" 2>/dev/null
check plan.graph_mermaid_edges 2 "$(grep -c -- '-->' "$WORK/g.mmd")"
"$SLUICE" graph --format html "$P" > "$WORK/g.html" 2>/dev/null
check plan.graph_html_nodes 4 "$(grep -c 'class="node"' "$WORK/g.html")"
check plan.graph_html_offline 0 "$(grep -c -E 'https?://[^"]*\.(js|css)' "$WORK/g.html")"
CHROME=""
for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do [ -x "$c" ] && CHROME=$c && break; done
if [ -z "$CHROME" ]; then
    echo "SKIP plan.graph_html_chromium: chromium is not installed"
else
    dom=$("$CHROME" --headless --no-sandbox --disable-gpu --dump-dom "file://$WORK/g.html" 2>/dev/null)
    found=0
    for n in bronze silver gold side; do
        printf '%s' "$dom" | grep -q "data-name=\"$n\"" && found=$((found + 1))
    done
    check plan.graph_html_chromium 4 "$found"
fi

"$SLUICE" validate "$P" > "$WORK/v.out" 2>&1; rc=$?
check plan.validate_ok "0 pipeline is valid" "$rc $(cat "$WORK/v.out")"
printf "CREATE MATERIALIZED VIEW m AS SELECT * FROM read_files('%s/nope', format => 'json');\nCREATE MATERIALIZED VIEW e AS SELECT * FROM sales.orders;\n" "$WORK" > "$WORK/bad.sql"
"$SLUICE" validate --storage "$WORK/store" "$WORK/bad.sql" > "$WORK/v.out" 2>&1; rc=$?
check plan.validate_missing_rc 2 "$rc"
check plan.validate_missing_file 1 "$(grep -c "error: file input '$WORK/nope' does not exist" "$WORK/v.out")"
check plan.validate_missing_table 1 "$(grep -c "error: external table 'sales.orders' does not exist in the store" "$WORK/v.out")"

"$SLUICE" compile "$P" -o "$WORK/plan.json" 2>/dev/null; rc=$?
check plan.compile_file_rc 0 "$rc"
"$SLUICE" explain "$WORK/plan.json" > "$WORK/e1" 2>&1
"$SLUICE" explain "$P" > "$WORK/e2" 2>&1
check plan.explain_file_same_as_sources 1 "$(cmp -s "$WORK/e1" "$WORK/e2" && echo 1 || echo 0)"
"$SLUICE" compile "$P" -o "$WORK/plan2.json" 2>/dev/null
check plan.compile_deterministic 1 "$(cmp -s "$WORK/plan.json" "$WORK/plan2.json" && echo 1 || echo 0)"
sed 's/"version":\t1/"version":\t99/' "$WORK/plan.json" > "$WORK/old.json"
"$SLUICE" explain "$WORK/old.json" > "$WORK/e3" 2>&1; rc=$?
check plan.explain_refuses_version "2 sluice explain: plan '$WORK/old.json' has version 99; this sluice reads version 1: compile it again" "$rc $(cat "$WORK/e3")"
