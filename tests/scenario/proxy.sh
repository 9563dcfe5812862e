# tests/scenario/proxy.sh: thidua behind a reverse proxy (--trusted-proxy). From a trusted proxy,
# X-Forwarded-For names the client (the right-most address that is not a trusted proxy): login
# failures are recorded against it, /metrics (loopback only) refuses a remote client that comes
# through a proxy on loopback, an X-Forwarded-For it cannot read is refused (400) rather than
# taken for the proxy itself, and X-Forwarded-Proto: https makes the session cookie Secure. From
# any other peer the same headers change nothing. A bad --trusted-proxy is refused.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "it fakes peer addresses with thidua http --remote, which a loopback socket cannot (server_limits.sh checks X-Forwarded-For live)"

req() { # REMOTE TRUSTED METHOD PATH [HEADERS] [BODY]: raw reply in $REPLY_FILE, status in $STATUS
  {
    printf '%s %s HTTP/1.1\r\nHost: test\r\n' "$3" "$4"
    [ -n "${5:-}" ] && printf '%b\r\n' "$5"
    if [ -n "${6:-}" ]; then
      printf 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %s\r\n' "$(printf '%s' "$6" | wc -c)"
    fi
    printf '\r\n%s' "${6:-}"
  } > "$T/request"
  if [ -n "$2" ]; then "$THIDUA" http --db "$DB" --remote "$1" --trusted-proxy "$2" < "$T/request" > "$REPLY_FILE" 2>"$T/stderr"
  else "$THIDUA" http --db "$DB" --remote "$1" < "$T/request" > "$REPLY_FILE" 2>"$T/stderr"; fi
  STATUS=$(head -n1 "$REPLY_FILE" | awk '{print $2}' | tr -d '\r')
}
last_failure_addr() { sqlite3 "$DB" "SELECT remote_addr FROM login_failure ORDER BY rowid DESC LIMIT 1"; }
# Each failed login under a login of its own: five failures on one account would throttle it.
N=0
bad() { N=$((N + 1)); bad_login="login=nobody$N&password=wrong-password"; }

# ---- through a trusted proxy ----
bad; req 127.0.0.1 127.0.0.1 POST /login "X-Forwarded-For: 203.0.113.9" "$bad_login"
a=$(last_failure_addr)
[ "$a" = 203.0.113.9 ] && ok "via a trusted proxy: a failed login is recorded against the client" || fail proxy-client "recorded '$a'"
bad; req 127.0.0.1 127.0.0.1 POST /login "X-Forwarded-For: 198.51.100.1, 203.0.113.10" "$bad_login"
a=$(last_failure_addr)
[ "$a" = 203.0.113.10 ] && ok "the right-most address counts (the left ones are the client's own claim)" || fail proxy-rightmost "recorded '$a'"
bad; req 127.0.0.1 "127.0.0.1,10.0.0.2" POST /login "X-Forwarded-For: 203.0.113.11, 10.0.0.2" "$bad_login"
a=$(last_failure_addr)
[ "$a" = 203.0.113.11 ] && ok "a chain of trusted proxies is skipped" || fail proxy-chain "recorded '$a'"
bad; req 127.0.0.1 127.0.0.1 POST /login "X-Forwarded-For: ::ffff:203.0.113.12" "$bad_login"
a=$(last_failure_addr)
[ -n "$a" ] && [ "$a" != 127.0.0.1 ] && ok "an IPv6 client address is taken ($a)" || fail proxy-v6 "recorded '$a'"
bad; req 127.0.0.1 127.0.0.1 POST /login "X-Forwarded-For: 203.0.113.13:51234" "$bad_login"
a=$(last_failure_addr)
[ "$a" = 203.0.113.13 ] && ok "an IPv4 address with the client's port: the port is dropped" || fail proxy-port4 "recorded '$a'"
bad; req 127.0.0.1 127.0.0.1 POST /login "X-Forwarded-For: [2001:db8::7]:51234" "$bad_login"
a=$(last_failure_addr)
[ "$a" = 2001:db8::7 ] && ok "a bracketed IPv6 address with a port: the port is dropped" || fail proxy-port6 "recorded '$a'"
bad; req 127.0.0.1 127.0.0.1 POST /login "X-Forwarded-For: 2001:db8::8" "$bad_login"
a=$(last_failure_addr)
[ "$a" = 2001:db8::8 ] && ok "a bare IPv6 address is taken whole" || fail proxy-v6-bare "recorded '$a'"
# An unreadable X-Forwarded-For from a trusted proxy names no client: falling back to the
# proxy's own address would make everyone behind it local (/metrics) and one throttling bucket.
n0=$(sqlite3 "$DB" "SELECT count(*) FROM login_failure")
bad; req 127.0.0.1 127.0.0.1 POST /login "X-Forwarded-For: not-an-address" "$bad_login"
[ "$STATUS" = 400 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM login_failure")" = "$n0" ] \
  && ok "an unreadable X-Forwarded-For is refused (400), no failure recorded" || fail proxy-garbage "status $STATUS; recorded '$(last_failure_addr)'"
for xff in "not-an-address" "" "203.0.113.9, junk" "127.0.0.1 x"; do
  req 127.0.0.1 127.0.0.1 GET /metrics "X-Forwarded-For: $xff"
  expect_status "via a proxy, /metrics with X-Forwarded-For '$xff' is refused, not local" 400
done
req 127.0.0.1 127.0.0.1 GET /metrics "X-Forwarded-For: 203.0.113.9"
expect_status "via a proxy on loopback, a remote client gets no /metrics" 403
req 127.0.0.1 127.0.0.1 GET /metrics
expect_status "the proxy's own request for /metrics (no X-Forwarded-For) is local" 200
req 127.0.0.1 127.0.0.1 POST /login "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https" \
  "login=xem&password=$DEMO_PASSWORD"
if grep -i '^Set-Cookie: thidua_session=' "$REPLY_FILE" | grep -q '; Secure'; then ok "X-Forwarded-Proto: https from the proxy: the cookie is Secure"
else fail proxy-secure "$(grep -i '^Set-Cookie' "$REPLY_FILE")"; fi

# ---- from anyone else, the headers change nothing ----
bad; req 198.51.100.7 127.0.0.1 POST /login "X-Forwarded-For: 203.0.113.99" "$bad_login"
a=$(last_failure_addr)
[ "$a" = 198.51.100.7 ] && ok "from an untrusted peer X-Forwarded-For is ignored" || fail proxy-untrusted "recorded '$a'"
req 198.51.100.7 127.0.0.1 GET /metrics "X-Forwarded-For: 127.0.0.1"
expect_status "a remote peer cannot claim loopback through X-Forwarded-For" 403
bad; req 127.0.0.1 "" POST /login "X-Forwarded-For: 203.0.113.9" "$bad_login"
a=$(last_failure_addr)
[ "$a" = 127.0.0.1 ] && ok "without --trusted-proxy the header is ignored" || fail proxy-none "recorded '$a'"
req 127.0.0.1 "" POST /login "X-Forwarded-Proto: https" "login=xem&password=$DEMO_PASSWORD"
if grep -i '^Set-Cookie: thidua_session=' "$REPLY_FILE" | grep -q '; Secure'; then fail proxy-proto-ignored "cookie Secure on a claim"
else ok "X-Forwarded-Proto from an untrusted peer is ignored"; fi

# ---- bad option ----
"$THIDUA" http --db "$DB" --trusted-proxy "127.0.0.1,nonsense" < /dev/null > "$T/out" 2>&1; rc=$?
[ $rc = 2 ] && grep -q "'nonsense' is not an IP address" "$T/out" && ok "--trusted-proxy with a non-address is refused with the reason" \
  || fail proxy-bad-option "exit $rc: $(cat "$T/out")"
"$THIDUA" serve --db "$DB" --trusted-proxy "10.0.0.300" > "$T/out" 2>&1; rc=$?
[ $rc = 2 ] && grep -q "not an IP address" "$T/out" && ok "serve refuses it too" || fail proxy-bad-serve "exit $rc: $(cat "$T/out")"
