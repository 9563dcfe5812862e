# tests/scenario/cache.sh: the workers' cache (src/web_cache.c) never serves what the database no
# longer says. Against a live server with two workers: a repeated read is a cache hit and the same
# bytes; a write through the API and a logged-out session are seen on the very next request, on
# every worker; a write by another process (the CLI), a revoked API token and a disabled user
# within 50 ms (checked after 100);
# two users, and two sessions of one user, each get their own reply (can_write, CSRF tokens);
# `--cache 0` serves the same bytes without a cache.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "it tests the caches of its own live servers; the transport changes nothing in it"
command -v curl >/dev/null || { fail cache "curl is missing (scripts/install-deps installs it)"; exit 1; }

SRV=""
start_server() { # [EXTRA OPTIONS]: sets PORT, SRV, U
  serve_start "$T/serve.log" --threads 2 "$@" && return 0
  fail cache-server-start "did not start: $(cat "$T/serve.log")"; exit 1
}
stop_server() { kill -TERM "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; SRV=""; }
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null' EXIT

TOKEN=$("$THIDUA" user token admin --label cache-test --db "$DB" 2>/dev/null | head -n1)
RTOKEN=$("$THIDUA" user token baocao.soyte --label cache-test --db "$DB" 2>/dev/null | head -n1)
VTOKEN=$("$THIDUA" user token xem --label cache-test --db "$DB" 2>/dev/null | head -n1)
[ -n "$TOKEN" ] && [ -n "$RTOKEN" ] && [ -n "$VTOKEN" ] || { fail cache-tokens "thidua user token gave no token"; exit 0; }
UNIT=$(sqlite3 "$DB" "SELECT id FROM unit WHERE code='VPUBND'")
start_server

get() { # TOKEN PATH → body in $T/got, status in $CODE
  CODE=$(curl -s -o "$T/got" -w '%{http_code}' -H "Authorization: Bearer $1" "$U$2")
}
hits() { curl -s "$U/metrics" | awk '/^thidua_cache_lookups_total\{result="hit"\}/ {print $2}'; }
# Every check below asks several times: each request may land on either worker, and each worker
# has its own cache, so one answer alone could come from the worker that did not cache.
all_say() { # NAME TOKEN PATH TEXT: 6 requests in a row, each must contain TEXT
  n=0
  for _ in 1 2 3 4 5 6; do get "$2" "$3"; grep -qF -- "$4" "$T/got" && n=$((n + 1)); done
  if [ $n = 6 ]; then ok "$1"; else fail "$1" "$n of 6 replies contain '$4'; last ($CODE): $(head -c 300 "$T/got")"; fi
}

# ---- a repeated read is served from the cache, byte for byte ----
get "$TOKEN" "/api/units/$UNIT"; cp "$T/got" "$T/first"
h0=$(hits)
for _ in 1 2 3 4 5 6; do get "$TOKEN" "/api/units/$UNIT"; cmp -s "$T/got" "$T/first" || break; done
h1=$(hits)
if cmp -s "$T/got" "$T/first" && [ "$CODE" = 200 ]; then ok "repeated read: the same bytes"; else fail cache-same "differs: $(head -c 300 "$T/got")"; fi
if [ -n "$h0" ] && [ -n "$h1" ] && [ "$h1" -ge $((h0 + 6)) ]; then ok "repeated read: cache hits counted in /metrics ($h0 → $h1)"
else fail cache-hits "hits $h0 → $h1"; fi

# ---- a write by another process (the CLI) is seen within 50 ms ----
THIDUA_QUIET=1 "$THIDUA" unit add --name "Phòng Kiểm tra bộ nhớ đệm" --kind other --parent "$UNIT" --db "$DB" >/dev/null
sleep 0.1
all_say "a CLI write is seen 100 ms later" "$TOKEN" "/api/units/$UNIT" "Phòng Kiểm tra bộ nhớ đệm"
all_say "the unit list sees it too" "$TOKEN" "/api/units?q=kiem+tra+bo+nho" "Phòng Kiểm tra bộ nhớ đệm"

# ---- a write through the API is seen at once ----
code=$(curl -s -o "$T/patch" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' --data '{"short_name":"VP tỉnh (đổi)"}' "$U/api/units/$UNIT")
[ "$code" = 200 ] && ok "PATCH through the API" || fail cache-patch "$code: $(head -c 300 "$T/patch")"
all_say "an API write is seen on the next request" "$TOKEN" "/api/units/$UNIT" '"short_name":"VP tỉnh (đổi)"'

# ---- two users: each their own reply ----
all_say "admin may write the unit" "$TOKEN" "/api/units/$UNIT" '"can_write":true'
all_say "a reporter of another unit may not" "$RTOKEN" "/api/units/$UNIT" '"can_write":false'

# ---- credentials: revoked token, disabled user ----
all_say "the reporter's token works" "$RTOKEN" "/api/units/$UNIT" '"unit"'
RID=$(sqlite3 "$DB" "SELECT t.id FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE u.login='baocao.soyte' AND t.label='cache-test'")
sqlite3 "$DB" "PRAGMA busy_timeout=5000; UPDATE api_token SET revoked=1 WHERE id=$RID" >/dev/null
sleep 0.1
n=0; for _ in 1 2 3 4 5 6; do get "$RTOKEN" "/api/units/$UNIT"; [ "$CODE" = 401 ] && n=$((n + 1)); done
[ $n = 6 ] && ok "a token revoked by another process is refused 100 ms later" || fail cache-revoked "$n of 6 refused"
all_say "the viewer's token works" "$VTOKEN" "/api/units/$UNIT" '"unit"'
THIDUA_QUIET=1 "$THIDUA" user disable xem --db "$DB" >/dev/null
sleep 0.1
n=0; for _ in 1 2 3 4 5 6; do get "$VTOKEN" "/api/units/$UNIT"; [ "$CODE" = 401 ] && n=$((n + 1)); done
[ $n = 6 ] && ok "a user disabled by the CLI is refused 100 ms later" || fail cache-disabled "$n of 6 refused"
THIDUA_QUIET=1 "$THIDUA" user enable xem --db "$DB" >/dev/null
sleep 0.1
all_say "enabled again: served again" "$VTOKEN" "/api/units/$UNIT" '"unit"'

# ---- sessions: each page carries its own session's CSRF token; logout ends it at once ----
session() { # USER → cookie line in $T/jar.USER.N
  curl -s -o /dev/null -c "$1" --data "login=canbo.ban&password=$DEMO_PASSWORD" "$U/login"
}
session "$T/jar1"; session "$T/jar2"
curl -s -b "$T/jar1" "$U/units/$UNIT" > "$T/p1"; curl -s -b "$T/jar1" "$U/units/$UNIT" > "$T/p1b"
curl -s -b "$T/jar2" "$U/units/$UNIT" > "$T/p2"
c1=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$T/p1" | head -n1); c1b=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$T/p1b" | head -n1)
c2=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$T/p2" | head -n1)
if [ -n "$c1" ] && [ "$c1" = "$c1b" ] && [ -n "$c2" ] && [ "$c1" != "$c2" ]; then ok "two sessions: each page carries its own CSRF token"
else fail cache-csrf "session 1: '$c1' / '$c1b', session 2: '$c2'"; fi
curl -s -o /dev/null -b "$T/jar1" --data-urlencode "_csrf=$(echo "$c1" | sed 's/.*value="//; s/"//')" "$U/logout"
n=0; for _ in 1 2 3 4 5 6; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar1" "$U/units/$UNIT"); [ "$code" = 303 ] && n=$((n + 1)); done
[ $n = 6 ] && ok "after logout the session's pages redirect to the login" || fail cache-logout "$n of 6 redirected"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar2" "$U/units/$UNIT")
[ "$code" = 200 ] && ok "the other session goes on" || fail cache-other-session "$code"

# ---- --cache 0: the same bytes, no cache ----
get "$TOKEN" "/api/units/$UNIT"; cp "$T/got" "$T/cached"
stop_server
start_server --cache 0
get "$TOKEN" "/api/units/$UNIT"
cmp -s "$T/got" "$T/cached" && ok "--cache 0 serves the same bytes" || fail cache-off "differs: $(head -c 300 "$T/got")"
h=$(hits); [ "$h" = 0 ] && ok "--cache 0: no cache lookups" || fail cache-off-hits "hits $h"
"$THIDUA" serve --db "$DB" --cache -1 > "$T/bad" 2>&1; rc=$?
[ $rc = 2 ] && grep -q -- "--cache" "$T/bad" && ok "--cache -1 refused with a reason" || fail cache-bad-option "exit $rc: $(cat "$T/bad")"
stop_server
