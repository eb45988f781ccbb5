#!/usr/bin/env bash
# libcurl is loaded only when a mail is sent: the binary must not link it, a pipeline
# without SMTP never needs it, and a missing library is a clear warning, not a failure.
. "$(dirname "$0")/lib.sh"
if command -v ldd >/dev/null; then
    check notify_nocurl.not_linked "" "$(ldd "$SLUICE" | grep -o 'libcurl[^ ]*')"
fi
P=$WORK/p; mkdir -p "$P"
echo 'CREATE OR REFRESH MATERIALIZED VIEW good AS SELECT 1 AS x;' > "$P/p.sql"
cat > "$WORK/s.json" <<JSON
{"name": "nocurl", "libraries": [{"file": {"path": "$P/p.sql"}}],
 "storage": "$WORK/store",
 "notifications": [{"email_recipients": ["data@example.com"], "alerts": ["on-update-success"]}],
 "smtp": {"url": "smtp://127.0.0.1:9", "from": "sluice@localhost"}}
JSON
SLUICE_LIBCURL=$WORK/no-such-libcurl.so "$SLUICE" run --settings "$WORK/s.json" \
    >/dev/null 2>"$WORK/err"
rc=$?
check notify_nocurl.update_succeeds 0 "$rc"
check notify_nocurl.warning \
    "sluice: warning: notification not sent: cannot load $WORK/no-such-libcurl.so" \
    "$(grep -o '^sluice: warning: notification not sent: cannot load [^ ]*' "$WORK/err")"
check notify_nocurl.names_package 1 "$(grep -c 'needs libcurl (Debian package libcurl4)' "$WORK/err")"
check notify_nocurl.event_logged 1 \
    "$("$SLUICE" events --storage "$WORK/store" --format json | grep -c 'cannot load')"
# a library without curl's symbols is refused by name, not called
SLUICE_LIBCURL=libz.so.1 "$SLUICE" run --settings "$WORK/s.json" >/dev/null 2>"$WORK/err2"
check notify_nocurl.wrong_library \
    "sluice: warning: notification not sent: libcurl has no 'curl_easy_init'" "$(cat "$WORK/err2")"
