#!/usr/bin/env bash
# Notifications: .eml files without an SMTP server; real mail to a loopback SMTP server
# (aiosmtpd, Debian's python3-aiosmtpd) when the settings name one.
. "$(dirname "$0")/lib.sh"
P=$WORK/p; mkdir -p "$P"
cat > "$P/p.sql" <<'SQL'
CREATE OR REFRESH MATERIALIZED VIEW good AS SELECT 1 AS x;
CREATE OR REFRESH MATERIALIZED VIEW bad (CONSTRAINT positive EXPECT (x > 0) ON VIOLATION FAIL UPDATE) AS SELECT -1 AS x;
SQL
settings() {  # settings FILE STORAGE SMTP_JSON
    cat > "$1" <<JSON
{"name": "notify_test", "libraries": [{"file": {"path": "$P/p.sql"}}], "storage": "$2",
 "notifications": [{"email_recipients": ["data@example.com", "oncall@example.com"],
                    "alerts": ["on-update-failure", "on-flow-failure", "on-update-success"]}],
 "smtp": $3}
JSON
}
settings "$WORK/s1.json" "$WORK/store1" null
"$SLUICE" run --settings "$WORK/s1.json" >/dev/null 2>&1; rc=$?
check notify.failed_update 1 "$rc"
emls=$(ls "$WORK/store1/system/notifications/"*.eml 2>/dev/null | wc -l)
check notify.eml_files 2 "$emls"
check notify.eml_flow_subject 1 "$(grep -l "^Subject: \[sluice\] notify_test: flow 'bad' failed" "$WORK/store1/system/notifications/"*.eml | wc -l)"
check notify.eml_update_subject 1 "$(grep -l '^Subject: \[sluice\] notify_test: update FAILED' "$WORK/store1/system/notifications/"*.eml | wc -l)"
check notify.eml_recipients 2 "$(grep -l '^To: data@example.com, oncall@example.com' "$WORK/store1/system/notifications/"*.eml | wc -l)"

PY=/usr/bin/python3
if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
    echo "SKIP notify.smtp: python3-aiosmtpd is not installed"
    exit 0
fi
PORT=$((20000 + RANDOM % 20000))
mkdir -p "$WORK/mail/tmp" "$WORK/mail/new" "$WORK/mail/cur"
$PY -m aiosmtpd -n -l "127.0.0.1:$PORT" -c aiosmtpd.handlers.Mailbox "$WORK/mail" >/dev/null 2>&1 &
SMTPD=$!
for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
settings "$WORK/s2.json" "$WORK/store2" "{\"url\": \"smtp://127.0.0.1:$PORT\", \"from\": \"sluice@localhost\"}"
"$SLUICE" run --settings "$WORK/s2.json" >/dev/null 2>"$WORK/err"
sleep 0.5
kill $SMTPD 2>/dev/null; wait $SMTPD 2>/dev/null
check notify.smtp_messages 2 "$(ls "$WORK/mail/new" 2>/dev/null | wc -l)"
check notify.smtp_flow_mail 1 "$(cat "$WORK/mail/new/"* 2>/dev/null | grep -c "Subject: \[sluice\] notify_test: flow 'bad' failed")"
check notify.smtp_body 1 "$(cat "$WORK/mail/new/"* 2>/dev/null | grep -c "Violated expectations: 'positive'")"
check notify.smtp_no_warning "" "$(grep 'notification not sent' "$WORK/err")"
check notify.smtp_no_eml 0 "$(ls "$WORK/store2/system/notifications" 2>/dev/null | wc -l)"
