# tests/scenario/backup.sh: a backup taken from a live server while writes keep coming, then
# the restore procedure of docs/operations.md: stop the server, check the copy (check-db and
# audit verify against the anchor the backup printed), put it in place, start, and see that
# the restored server serves the data.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "it backs up and restores under its own live servers; the transport changes nothing in it"
command -v curl >/dev/null 2>&1 || { fail backup-setup "curl is not installed"; exit 0; }

wait_up() { # PORT: until /healthz answers (10 s at most)
  i=0
  while [ $i -lt 100 ]; do
    curl -fs "http://127.0.0.1:$1/healthz" > /dev/null 2>&1 && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
stop_server() { kill -TERM "$1" 2>/dev/null; wait "$1"; }   # status of the server itself
max_id() { sqlite3 "$1" "SELECT coalesce(max(id), 0) FROM audit_log"; }

# `thidua serve` closes its worker threads' connections on SIGTERM, so leak checks stay on.
SERVE_ASAN="${ASAN_OPTIONS:-}"

SERVER=""; SERVER2=""; W1=""; W2=""; W3=""
# Whatever happens, stop what this script started (by process id).
trap 'touch "$T/stop"; for p in $SERVER $SERVER2 $W1 $W2 $W3; do kill "$p" 2>/dev/null; done' EXIT

LIVE=$DB
# The writers below log in as fast as they can from one address; anonymous requests (a login
# form post is one) are rate-limited per address, which is not what this script measures.
"$THIDUA" setting set http.public_burst 100000 --db "$LIVE" >/dev/null
"$THIDUA" setting set http.public_rate_per_minute 100000 --db "$LIVE" >/dev/null
PORT=$(free_port)
ASAN_OPTIONS=$SERVE_ASAN "$THIDUA" serve --db "$LIVE" --listen "127.0.0.1:$PORT" --threads 4 > "$T/serve.log" 2>&1 &
SERVER=$!
if wait_up "$PORT"; then ok serve-started; else fail serve-started "$(tail -n 5 "$T/serve.log")"; kill "$SERVER"; exit 0; fi

# Writers: every login writes a session and an audit row, in one transaction.
writer() {
  while [ ! -f "$T/stop" ]; do
    curl -s -o /dev/null -w '%{http_code}\n' --data-urlencode "login=$1" --data-urlencode "password=$DEMO_PASSWORD" \
      "http://127.0.0.1:$PORT/login" >> "$T/codes.$1"
  done
}
writer admin & W1=$!
writer canbo.ban & W2=$!
writer xem & W3=$!
sleep 1
BEFORE=$(max_id "$LIVE")
"$THIDUA" backup --db "$LIVE" "$T/copy.db" > "$T/backup.out" 2> "$T/backup.err"; rc=$?
[ $rc -eq 0 ] && ok backup-during-writes || fail backup-during-writes "rc $rc: $(cat "$T/backup.err")"
sleep 1
touch "$T/stop"
wait "$W1" "$W2" "$W3"; W1=""; W2=""; W3=""
AFTER=$(max_id "$LIVE")
ANCHOR=$(sed -n 's/^anchor //p' "$T/backup.out")
AID=${ANCHOR%%:*}; AHASH=${ANCHOR#*:}
case "$ANCHOR" in [0-9]*:*) [ ${#AHASH} -eq 64 ] && ok backup-prints-anchor || fail backup-prints-anchor "'$ANCHOR'";;
  *) fail backup-prints-anchor "no anchor line: $(cat "$T/backup.out")"; AID=0;; esac
# The copy is a snapshot from the middle of the writes: later than what was there before it
# started, earlier than what the writers went on to add.
if [ "$AID" -ge "$BEFORE" ] && [ "$AID" -lt "$AFTER" ] && [ "$BEFORE" -gt 5 ]; then ok backup-taken-mid-writes
else fail backup-taken-mid-writes "rows before $BEFORE, copy $AID, after $AFTER"; fi
codes=$(cat "$T"/codes.* | sort | uniq -c | tr -s ' ' | tr '\n' ',')
bad=$(cat "$T"/codes.* | grep -vc '^303$')
[ "$bad" -eq 0 ] && ok writes-all-succeeded || fail writes-all-succeeded "status counts: $codes"
echo "# $(cat "$T"/codes.* | wc -l) logins during the test; copy at row $AID of $AFTER"

# Check the copy exactly as docs/operations.md says, before trusting it.
"$THIDUA" check-db --db "$T/copy.db" > "$T/o" 2>&1 && ok copy-check-db || fail copy-check-db "$(cat "$T/o")"
"$THIDUA" audit verify --db "$T/copy.db" --anchor "$ANCHOR" > "$T/o" 2>&1 && ok copy-audit-verify || fail copy-audit-verify "$(cat "$T/o")"
# The copy's history is a prefix of the live one: the live log still matches its anchor.
"$THIDUA" audit verify --db "$LIVE" --anchor "$ANCHOR" > "$T/o" 2>&1 && ok live-matches-copy-anchor || fail live-matches-copy-anchor "$(cat "$T/o")"
[ ! -e "$T/copy.db-wal" ] && ok copy-is-one-file || fail copy-is-one-file "a -wal file beside the copy"
"$THIDUA" backup --db "$LIVE" "$T/copy.db" > /dev/null 2> "$T/o"; rc=$?
[ $rc -eq 1 ] && grep -q 'already exists' "$T/o" && ok backup-refuses-overwrite || fail backup-refuses-overwrite "rc $rc"

# Restore: stop the server, put the checked copy in place (a new path here), start.
stop_server "$SERVER"; rc=$?; SERVER=""
[ $rc -eq 0 ] && ok server-stopped || fail server-stopped "exit $rc"
mkdir -p "$T/restored"
cp "$T/copy.db" "$T/restored/thidua.db"
PORT2=$(free_port)
ASAN_OPTIONS=$SERVE_ASAN "$THIDUA" serve --db "$T/restored/thidua.db" --listen "127.0.0.1:$PORT2" > "$T/serve2.log" 2>&1 &
SERVER2=$!
if wait_up "$PORT2"; then ok restored-serves; else fail restored-serves "$(tail -n 5 "$T/serve2.log")"; fi
JAR="$T/jar"
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" --data-urlencode "login=admin" --data-urlencode "password=$DEMO_PASSWORD" \
  "http://127.0.0.1:$PORT2/login")
[ "$code" = 303 ] && ok restored-login || fail restored-login "status $code"
curl -s -b "$JAR" "http://127.0.0.1:$PORT2/api/audit?before=$((AID + 1))&limit=1" > "$T/a.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); i=d["items"][0]; assert i["id"]==int(sys.argv[2]) and i["hash"]==sys.argv[3], d' \
  "$T/a.json" "$AID" "$AHASH" && ok restored-has-the-anchored-row || fail restored-has-the-anchored-row "$(head -c 300 "$T/a.json")"
curl -s -b "$JAR" "http://127.0.0.1:$PORT2/api/audit?limit=1" > "$T/a.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); i=d["items"][0]; assert i["id"]==int(sys.argv[2])+1 and i["action"]=="login", d' \
  "$T/a.json" "$AID" && ok restored-accepts-writes || fail restored-accepts-writes "$(head -c 300 "$T/a.json")"
curl -s -b "$JAR" "http://127.0.0.1:$PORT2/api/audit/verify?anchor=$ANCHOR" > "$T/v.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["anchor_checked"], d' "$T/v.json" \
  && ok restored-verifies-over-http || fail restored-verifies-over-http "$(cat "$T/v.json")"
stop_server "$SERVER2"; SERVER2=""
