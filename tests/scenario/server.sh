# tests/scenario/server.sh: the live server (`thidua serve`): keep-alive (curl reuses one
# connection for two requests), GET /healthz, GET /metrics in Prometheus text format (requests by
# route and status, latency histogram, database time) and only from loopback, and the graceful
# stop: SIGTERM while a slow upload is in flight lets that request finish, refuses new
# connections, and ends with exit status 0; an idle keep-alive connection does not hold it up.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "it starts its own servers (keep-alive, metrics, graceful stop) and calls thidua http --remote itself"
command -v curl >/dev/null || { fail server "curl is missing (scripts/install-deps installs it)"; exit 1; }

start_server() { # sets PORT, SRV, U
  THIDUA_QUIET=${QUIET:-1} serve_start "$T/serve.log" --threads 2 && return 0
  fail server-start "did not start: $(cat "$T/serve.log")"; exit 1
}
wait_exit() { # PID SECONDS: waits for the process (a child of this shell) to end, killing it after
  # SECONDS; sets RC to its exit status (137 if it had to be killed).
  ( sleep "$2"; kill -KILL "$1" 2>/dev/null ) &
  watchdog=$!
  wait "$1"; RC=$?
  kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null
}
trap 'kill "$SRV" 2>/dev/null' EXIT

start_server

# ---- health and keep-alive ----
code=$(curl -s -o "$T/h" -w '%{http_code} %{content_type}' "$U/healthz")
if [ "$code" = "200 application/json; charset=utf-8" ] && grep -q '"status":"ok"' "$T/h"; then ok "healthz answers ok as JSON"
else fail healthz "$code: $(cat "$T/h")"; fi
curl -sv -o /dev/null -o /dev/null "$U/healthz" "$U/" 2> "$T/curl.v"
if grep -q 'Re-using existing connection' "$T/curl.v" && [ "$(grep -c '^< HTTP/1.1 200' "$T/curl.v")" = 2 ]; then
  ok "keep-alive: the second request reuses the connection"
else fail keep-alive "$(grep -i 'connect\|^< HTTP\|closing' "$T/curl.v" | head -n 8)"; fi
# A login (a POST with a body, which has its own path through the server) keeps it too.
curl -sv -o /dev/null -d "login=xem&password=$DEMO_PASSWORD" "$U/login" --next -o /dev/null "$U/healthz" 2> "$T/curl.v"
grep -q 'Re-using existing connection' "$T/curl.v" && ok "keep-alive after a POST with a body" \
  || fail keep-alive-post "$(grep -i 'connect\|^< HTTP\|closing' "$T/curl.v" | head -n 8)"
code=$(curl -s -o /dev/null -w '%{http_code}' -I "$U/")
[ "$code" = 200 ] && ok "HEAD / answers 200" || fail head "status $code"

# ---- metrics ----
for _ in 1 2 3; do curl -s -o /dev/null "$U/healthz"; curl -s -o /dev/null "$U/nosuch"; done
curl -s -o /dev/null --data "login=xem&password=$DEMO_PASSWORD" "$U/login"   # one password hash
# Two 400s that match no route by different paths: one refused before dispatch (too many
# headers), one by the dispatcher (a path over 2 KiB). They must share one series.
curl -s -o /dev/null $(i=0; while [ $i -lt 101 ]; do printf -- "-H X-H$i:v "; i=$((i + 1)); done) "$U/"
curl -s -o /dev/null "$U/$(python3 -c 'print("p" * 2100, end="")')"
code=$(curl -s -o "$T/m" -w '%{http_code} %{content_type}' "$U/metrics")
case $code in "200 text/plain; version=0.0.4"*) ok "metrics: 200 in Prometheus text format" ;; *) fail metrics "$code" ;; esac
n1=$(sed -n 's/^thidua_http_requests_total{route="healthz",status="200"} //p' "$T/m")
[ -n "$n1" ] && [ "$n1" -ge 4 ] && ok "metrics: requests by route and status (healthz 200: $n1)" || fail metrics-requests "$(grep requests_total "$T/m")"
grep -q '^thidua_http_requests_total{route="unmatched",status="404"} [0-9]' "$T/m" && ok "metrics: unmatched 404s are counted" \
  || fail metrics-404 "$(grep requests_total "$T/m")"
if grep -q '^# TYPE thidua_http_request_duration_seconds histogram' "$T/m" && grep -q '_bucket{le="0.001"} [0-9]' "$T/m" \
   && grep -q '_bucket{le="+Inf"} [0-9]' "$T/m" && grep -q '^thidua_http_request_duration_seconds_count [0-9]' "$T/m"; then
  ok "metrics: latency histogram"
else fail metrics-histogram "$(grep duration "$T/m" | head -n 5)"; fi
# Buckets are cumulative: never decreasing, +Inf equals the count.
awk '/_bucket\{/ { v = $NF + 0; if (v < last) bad = 1; last = v; inf = v } /_seconds_count / { c = $NF + 0 }
     END { exit !(bad == 0 && inf == c && c > 0) }' "$T/m" && ok "metrics: histogram buckets are cumulative" || fail metrics-cumulative "$(grep duration "$T/m")"
grep -q '^thidua_db_seconds_total [0-9]' "$T/m" && ok "metrics: database time" || fail metrics-db "$(grep db_ "$T/m")"
h=$(sed -n 's/^thidua_password_hashes_total //p' "$T/m")
[ -n "$h" ] && [ "$h" -ge 1 ] && grep -q '^thidua_password_hash_slots [1-9]' "$T/m" && grep -q '^thidua_password_hashes_running 0$' "$T/m" \
  && ok "metrics: password hashing (total $h, slots, none running now)" || fail metrics-hashing "$(grep password_hash "$T/m")"
grep -q '^thidua_cache_lookups_total{result="hit"} [0-9]' "$T/m" && grep -q '^thidua_cache_flushes_total [0-9]' "$T/m" \
  && ok "metrics: cache lookups and flushes" || fail metrics-cache "$(grep cache_ "$T/m")"
dups=$(grep '^thidua_' "$T/m" | sed 's/ [^ ]*$//' | sort | uniq -d)
n400=$(grep -c '^thidua_http_requests_total{route="unmatched",status="400"} 2$' "$T/m")
[ -z "$dups" ] && [ "$n400" = 1 ] && ok "metrics: one series per route and status" || fail metrics-series "duplicates: $dups; unmatched 400 lines: $n400"
curl -s -o /dev/null "$U/healthz"
curl -s -o "$T/m2" "$U/metrics"
n2=$(sed -n 's/^thidua_http_requests_total{route="healthz",status="200"} //p' "$T/m2")
[ "$n2" = $((n1 + 1)) ] && ok "metrics: counters move with requests" || fail metrics-counter "$n1 then $n2"
# Loopback only: the same request from another address is refused.
printf 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n' > "$T/mreq"
"$THIDUA" http --db "$DB" --remote 10.1.2.3 < "$T/mreq" > "$T/mreply" 2>/dev/null
st=$(head -n1 "$T/mreply" | cut -d' ' -f2)
if [ "$st" = 403 ] && ! grep -q thidua_http_requests_total "$T/mreply"; then ok "metrics refused from 10.1.2.3 (403)"
else fail metrics-remote "status $st"; fi
for addr in ::1 127.0.0.1; do
  "$THIDUA" http --db "$DB" --remote "$addr" < "$T/mreq" > "$T/mreply" 2>/dev/null
  st=$(head -n1 "$T/mreply" | cut -d' ' -f2)
  [ "$st" = 200 ] && ok "metrics answered to $addr" || fail "metrics-$addr" "status $st"
done
"$THIDUA" http --db "$DB" --remote 192.168.1.127 < "$T/mreq" > "$T/mreply" 2>/dev/null
st=$(head -n1 "$T/mreply" | cut -d' ' -f2)
[ "$st" = 403 ] && ok "metrics refused from 192.168.1.127" || fail metrics-remote2 "status $st"

# ---- graceful stop with a request in flight ----
kill "$SRV"; wait "$SRV" 2>/dev/null
QUIET=0 start_server
# 240 KB at 60 KB/s: about 4 s on the wire, well inside the 10 s the server grants.
pad=$(python3 -c 'print("x" * 60000, end="")')
printf 'login=xem&password=%s&next=/healthz&p1=%s&p2=%s&p3=%s&p4=%s' "$DEMO_PASSWORD" "$pad" "$pad" "$pad" "$pad" > "$T/slow"
curl -s -o "$T/slow.body" -D "$T/slow.head" -w '%{http_code} %{size_upload}' --limit-rate 60k \
     --data-binary "@$T/slow" "$U/login" > "$T/slow.out" 2>&1 &
cpid=$!
sleep 1.5
if kill -0 "$cpid" 2>/dev/null; then
  kill -TERM "$SRV"
  sleep 0.5
  # The listener is closed at once: a new connection is refused while the upload goes on.
  newc=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$U/healthz"); newrc=$?
  still=$(kill -0 "$cpid" 2>/dev/null && echo yes || echo no)
  wait "$cpid"
  out=$(cat "$T/slow.out")
  if [ "${out% *}" = 303 ] && [ "${out#* }" = "$(wc -c < "$T/slow")" ] && grep -qi '^Location: /healthz' "$T/slow.head" \
     && grep -qi '^Set-Cookie: thidua_session=' "$T/slow.head"; then
    ok "graceful stop: the in-flight upload completed (303 after ${out#* } bytes)"
  else fail graceful-inflight "curl: $out; $(head -n1 "$T/slow.head")"; fi
  [ "$still" = yes ] && ok "graceful stop: SIGTERM arrived while the upload was still in flight" \
    || fail graceful-timing "the upload had finished before SIGTERM; the test proved nothing"
  [ "$newc" = 000 ] && [ "$newrc" -ne 0 ] && ok "graceful stop: new connections refused while draining (curl $newrc)" \
    || fail graceful-new "a new request got $newc during the stop"
  wait_exit "$SRV" 15
  [ "$RC" = 0 ] && ok "graceful stop: server exited 0" || fail graceful-exit "exit: $RC; log: $(tail -n 3 "$T/serve.log")"
  grep -q 'stopping; 1 request(s) in flight' "$T/serve.log" && grep -q 'serve: stopped' "$T/serve.log" \
    && ok "graceful stop: logged the in-flight request and the stop" || fail graceful-log "$(grep serve: "$T/serve.log")"
else
  fail graceful "the slow upload ended within 1.5 s: $(cat "$T/slow.out")"
fi

# ---- an idle keep-alive connection does not delay the stop ----
QUIET=0 start_server
python3 - "$PORT" > "$T/idle.out" 2>&1 <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
print(s.recv(4096).split(b"\r\n")[0].decode())
sys.stdout.flush()
time.sleep(20)   # hold the connection open and idle
PY
ipid=$!
for _ in $(seq 1 100); do grep -q HTTP "$T/idle.out" 2>/dev/null && break; sleep 0.1; done
kill -TERM "$SRV"
wait_exit "$SRV" 15; rc=$RC
kill "$ipid" 2>/dev/null; wait "$ipid" 2>/dev/null
# An idle connection is not a request: the server must not wait for it (it would, for its full
# 10 s grace, if it counted connections instead of requests).
if [ "$rc" = 0 ] && grep -q 'stopping; 0 request(s) in flight' "$T/serve.log" && grep -q 'HTTP/1.1 200' "$T/idle.out"; then
  ok "stop is not held up by an idle keep-alive connection"
else fail stop-idle "exit $rc; log: $(grep serve: "$T/serve.log"); client: $(cat "$T/idle.out")"; fi
trap - EXIT
