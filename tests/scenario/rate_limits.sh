# tests/scenario/rate_limits.sh: the public rate limit of `thidua serve` (server_guard.c): an
# anonymous address gets its burst of public pages, then 429 with Retry-After in whole seconds
# and a Vietnamese page; another address is unaffected; a forged X-Forwarded-For from an
# untrusted peer changes nothing, while behind --trusted-proxy each forwarded client has its own
# bucket; a signed-in user is not limited; /metrics counts the refusals; the limits are settings.
. "$ROOT/tests/scenario/lib.sh"
only_transport serve "the buckets live in a running server; \`thidua http\` answers one request per process and keeps none"

# Five requests at once, then one a minute: the sixth within the minute is refused.
"$THIDUA" setting set http.public_burst 5 --db "$DB" >/dev/null
"$THIDUA" setting set http.public_rate_per_minute 1 --db "$DB" >/dev/null
login admin || exit 1            # through the transport's server, before ours starts
ADMIN_COOKIE=$COOKIE

serve_start "$T/rl.log" --threads 2 || { fail rl-server "did not start: $(tail -n 3 "$T/rl.log")"; exit 1; }
get() { # URL [CURL OPTIONS…]: status in $CODE, headers in $T/h, body in $T/b
  url=$1; shift
  CODE=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' "$@" "$url")
}
n_ok=0
for _ in 1 2 3 4 5; do get "$U/login"; [ "$CODE" = 200 ] && n_ok=$((n_ok + 1)); done
[ "$n_ok" = 5 ] && ok burst-admitted || fail burst-admitted "$n_ok of 5 answered 200"
get "$U/login"
[ "$CODE" = 429 ] && ok over-burst-429 || fail over-burst-429 "status $CODE"
retry=$(grep -i '^Retry-After:' "$T/h" | sed 's/^[^:]*: *//' | tr -d '\r')
case $retry in ''|*[!0-9]*) fail retry-after-seconds "Retry-After '$retry'" ;;
  *) [ "$retry" -ge 1 ] && [ "$retry" -le 60 ] && ok retry-after-seconds || fail retry-after-seconds "Retry-After $retry, want 1–60" ;; esac
grep -q "Có quá nhiều yêu cầu từ địa chỉ của bạn" "$T/b" && ok refusal-message-vietnamese || fail refusal-message-vietnamese "$(head -c 200 "$T/b")"
get "$U/"
[ "$CODE" = 429 ] && ok limit-covers-every-public-page || fail limit-covers-every-public-page "status $CODE"
# A forged X-Forwarded-For from a peer that is not a trusted proxy is ignored.
get "$U/login" -H 'X-Forwarded-For: 203.0.113.9'
[ "$CODE" = 429 ] && ok forged-forwarded-for-ignored || fail forged-forwarded-for-ignored "status $CODE"
# Another address (all of 127/8 is loopback) has its own bucket.
get "$U/login" --interface 127.0.0.2
[ "$CODE" = 200 ] && ok other-address-unaffected || fail other-address-unaffected "status $CODE"
# Static files and health checks are not counted.
get "$U/static/style.css"; [ "$CODE" = 200 ] && ok static-not-limited || fail static-not-limited "status $CODE"
get "$U/healthz"; [ "$CODE" = 200 ] && ok healthz-not-limited || fail healthz-not-limited "status $CODE"
# A signed-in user is not limited, on public pages and others.
get "$U/" -H "Cookie: $ADMIN_COOKIE"
[ "$CODE" = 200 ] && ok signed-in-not-limited || fail signed-in-not-limited "status $CODE"
get "$U/units" -H "Cookie: $ADMIN_COOKIE"
[ "$CODE" = 200 ] && ok signed-in-other-pages || fail signed-in-other-pages "status $CODE"
get "$U/metrics"
got=$(grep '^thidua_http_rate_limited_total{class="public"}' "$T/b" | awk '{print $2}')
[ "$got" = 3 ] && ok metric-counts-refusals || fail metric-counts-refusals "counter '$got', want 3"
grep -q '^thidua_http_rate_limited_total{class="search"} 0' "$T/b" && ok metric-search-class || fail metric-search-class "no search series"
kill "$SRV"; wait "$SRV" 2>/dev/null

# ---- behind a trusted proxy: each forwarded client has its own bucket ----
serve_start "$T/rl-proxy.log" --threads 2 --trusted-proxy 127.0.0.1 || { fail rl-proxy-server "did not start"; exit 1; }
n_ok=0
for _ in 1 2 3 4 5; do get "$U/login" -H 'X-Forwarded-For: 198.51.100.1'; [ "$CODE" = 200 ] && n_ok=$((n_ok + 1)); done
get "$U/login" -H 'X-Forwarded-For: 198.51.100.1'
[ "$n_ok" = 5 ] && [ "$CODE" = 429 ] && ok proxy-client-limited || fail proxy-client-limited "$n_ok admitted, then $CODE"
get "$U/login" -H 'X-Forwarded-For: 198.51.100.2'
[ "$CODE" = 200 ] && ok proxy-other-client-unaffected || fail proxy-other-client-unaffected "status $CODE"
get "$U/login" -H 'X-Forwarded-For: 198.51.100.1, 127.0.0.1'
[ "$CODE" = 429 ] && ok proxy-chain-rightmost-client || fail proxy-chain-rightmost-client "status $CODE"
kill "$SRV"; wait "$SRV" 2>/dev/null
if grep -q 'Sanitizer\|runtime error' "$T/rl.log" "$T/rl-proxy.log"; then fail rl-sanitizer-clean "$(grep -m3 'Sanitizer\|runtime error' "$T/rl.log" "$T/rl-proxy.log")"
else ok rl-sanitizer-clean; fi
