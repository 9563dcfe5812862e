# tests/scenario/auth_attacks.sh: attacks on a live `thidua serve` (issue #7), driven with curl.
# - The login throttle under parallel guesses: 40 wrong passwords sent at once to a server with
#   8 worker threads hash exactly the throttle's limit, per account and per address, never more.
# - Holiday and working-day parameters: a bad year, date or count is a 400 naming the field,
#   never quietly replaced (year=99999 answered with this year's days).
# - A stolen session cookie: it mints no API token without the password (and the two-factor
#   code where that is on); guesses through the token forms count toward the login throttle;
#   tokens end within token.max_days (page, API, CLI); a password change revokes them unless
#   the owner keeps them, an administrator's reset (page, API, CLI) always does; tokens from
#   before the limit get it from the upgrade (migration 007).
. "$ROOT/tests/scenario/lib.sh"
only_transport http "it drives its own live servers with curl; the transport changes nothing in it"
command -v curl >/dev/null || { fail auth-attacks "curl is missing (scripts/install-deps installs it)"; exit 1; }

q() { sqlite3 -batch -noheader "$DB" "$1" </dev/null; }
stop_server() { [ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null; SRV=""; }
trap stop_server EXIT
start_server() { # OPTIONS…
  THIDUA_QUIET=1 serve_start "$T/serve.log" "$@" && return 0
  fail server-start "did not start: $(tail -n 5 "$T/serve.log")"; exit 1
}
hashes() { curl -s "$U/metrics" | sed -n 's/^thidua_password_hashes_total //p'; }
# Like lib.sh's http, against the live server: status in $STATUS, body in $BODY_FILE, headers in
# $REPLY_FILE; sends and updates the cookie jar $JAR, and sends $EXTRA_HEADERS (one header).
JAR=$T/jar.none
chttp() { # METHOD PATH [BODY [CONTENT-TYPE]]
  if [ "$1" = GET ]; then
    STATUS=$(curl -s -b "$JAR" -c "$JAR" -D "$REPLY_FILE" -o "$BODY_FILE" -w '%{http_code}' \
             -H "${EXTRA_HEADERS:-X-Test: 1}" "$U$2")
  else
    STATUS=$(curl -s -b "$JAR" -c "$JAR" -D "$REPLY_FILE" -o "$BODY_FILE" -w '%{http_code}' \
             -H "${EXTRA_HEADERS:-X-Test: 1}" -X "$1" -H "Content-Type: ${4:-application/x-www-form-urlencoded}" \
             --data-binary "${3-}" "$U$2")
  fi
}
cjson() { EXTRA_HEADERS="X-CSRF-Token: $CSRF"; chttp "$1" "$2" "${3-}" application/json; EXTRA_HEADERS=""; }
clogin() { # USER [PASSWORD]: a fresh cookie jar ($JAR) signed in as USER, and its $CSRF
  JAR=$T/jar.$1; rm -f "$JAR"
  chttp POST /login "login=$(urlenc "$1")&password=$(urlenc "${2:-$DEMO_PASSWORD}")"
  [ "$STATUS" = 303 ] || { fail "login-$1" "status $STATUS"; return 1; }
  chttp GET /account
  CSRF=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$BODY_FILE" | head -n1 | sed 's/.*value="//; s/"//')
  [ -n "$CSRF" ] || { fail "login-$1" "no CSRF token on /account"; return 1; }
}
# Sends one login per argument (LOGIN:PASSWORD), all at once: every connection is opened first,
# then the requests go out together past a barrier, so they reach the worker threads at the same
# moment. Each reply's status goes to a line of $T/par.
parallel_logins() {
  python3 - "$PORT" "$@" > "$T/par" <<'PY'
import http.client, sys, threading, urllib.parse
port, pairs = int(sys.argv[1]), sys.argv[2:]
gate = threading.Barrier(len(pairs))
out = [None] * len(pairs)
def one(i, pair):
    login, password = pair.split(":", 1)
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.connect()
    body = urllib.parse.urlencode({"login": login, "password": password})
    gate.wait()
    c.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
    out[i] = c.getresponse().status
    c.close()
threads = [threading.Thread(target=one, args=(i, p)) for i, p in enumerate(pairs)]
for t in threads: t.start()
for t in threads: t.join()
print("\n".join(str(s) for s in out))
PY
}
count_status() { grep -cx "$1" "$T/par"; }
totp() { # SECRET [OFFSET_SECONDS]: the 6-digit code, computed without thidua (RFC 6238)
  python3 - "$1" "${2:-0}" <<'PY'
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1]
key = base64.b32decode(s + "=" * (-len(s) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time() + int(sys.argv[2])) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
}
bearer_status() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$U/api/account"; }
token_of() { grep -o 'thd_[0-9a-f]\{60\}' "$BODY_FILE" | head -n1; }
failures() { q "SELECT count(*) FROM login_failure WHERE login='$1'"; }

# ---- item 9: the throttle holds under parallel guesses ----
# The real cost (Argon2id "interactive", ~64 MiB) for this part, as on a production database: a
# hash then lasts long enough for every worker to be inside one at once, which is when a check
# made before the hash and a failure recorded after it let guesses through.
q "UPDATE setting SET value='interactive' WHERE name='auth.pwhash'"
"$THIDUA" user passwd xem --password "$DEMO_PASSWORD" --db "$DB" >/dev/null || fail throttle-setup "user passwd xem"
start_server --threads 8
h0=$(hashes)
set --
for i in $(seq 1 40); do set -- "$@" "xem:sai-mat-khau-$i"; done
parallel_logins "$@"
h1=$(hashes)
rows=$(q "SELECT count(*) FROM login_failure WHERE login='xem'")
n401=$(count_status 401); n429=$(count_status 429)
echo "throttle per account: 40 parallel wrong logins: $((h1 - h0)) hashes, $rows failure rows, $n401 × 401, $n429 × 429"
[ $((h1 - h0)) = 5 ] && ok throttle-account-hashes || fail throttle-account-hashes "$((h1 - h0)) password hashes, want 5 (the per-account limit)"
[ "$rows" = 5 ] && ok throttle-account-rows || fail throttle-account-rows "$rows failures recorded, want 5"
[ "$n401" = 5 ] && [ "$n429" = 35 ] && ok throttle-account-replies || fail throttle-account-replies "$n401 × 401 and $n429 × 429, want 5 and 35"
# The right password waits too, without a hash.
code=$(curl -s -o /dev/null -w '%{http_code}' --data "login=xem&password=$DEMO_PASSWORD" "$U/login")
[ "$code" = 429 ] && [ "$(hashes)" = "$h1" ] && ok throttle-account-holds || fail throttle-account-holds "status $code, hashes $(hashes) (was $h1)"

# Per address: a spray over 40 accounts that do not exist. The first unknown login computes the
# dummy hash (once per process); that warm-up's failure row is removed so the spray starts at 0.
curl -s -o /dev/null --data "login=khong-ai-ca&password=x-x-x-x-x-x" "$U/login"
q "DELETE FROM login_failure"
h0=$(hashes)
set --
for i in $(seq 1 40); do set -- "$@" "khong-co-$i:sai-mat-khau-$i"; done
parallel_logins "$@"
h1=$(hashes)
rows=$(q "SELECT count(*) FROM login_failure WHERE remote_addr='127.0.0.1'")
n401=$(count_status 401); n429=$(count_status 429)
echo "throttle per address: 40 parallel wrong logins: $((h1 - h0)) hashes, $rows failure rows, $n401 × 401, $n429 × 429"
[ $((h1 - h0)) = 20 ] && ok throttle-address-hashes || fail throttle-address-hashes "$((h1 - h0)) password hashes, want 20 (the per-address limit)"
[ "$rows" = 20 ] && ok throttle-address-rows || fail throttle-address-rows "$rows failures recorded, want 20"
[ "$n401" = 20 ] && [ "$n429" = 20 ] && ok throttle-address-replies || fail throttle-address-replies "$n401 × 401 and $n429 × 429, want 20 and 20"
q "DELETE FROM login_failure"
q "UPDATE setting SET value='cheap' WHERE name='auth.pwhash'"
stop_server

# ---- item 10d: holiday and working-day parameters are checked, never replaced ----
start_server --threads 2
clogin xem
chttp GET "/api/holidays?year=99999"; expect_status api-holidays-year-out-of-range 400
expect_body api-holidays-year-field '"year":"Năm phải là một số từ 1995 đến 2100'
chttp GET "/api/holidays?year=2026abc"; expect_status api-holidays-year-not-a-number 400
chttp GET "/api/holidays?year=2026"; expect_status api-holidays-year 200; expect_body api-holidays-year-echo '"year":2026'
chttp GET "/api/holidays"; expect_status api-holidays-this-year 200
expect_body api-holidays-this-year-echo "\"year\":$(date -u +%Y)"
chttp GET "/holidays?year=99999"; expect_status page-holidays-year-out-of-range 400
expect_body page-holidays-year-says "Năm phải là một số từ 1995 đến 2100"
expect_no_body page-holidays-no-other-year "Lịch nghỉ lễ, Tết năm"
chttp GET "/holidays?year=2026&from=10%2F08%2F2026&n=abc"; expect_status page-calculator-bad-n 400
expect_body page-calculator-bad-n-says "Số ngày làm việc phải là một số nguyên"
chttp GET "/holidays?year=2026&n=25"; expect_status page-calculator-no-from 400
expect_body page-calculator-no-from-says "Ngày bắt đầu"
chttp GET "/holidays?year=2026&from=10%2F08%2F2026&n=25"; expect_status page-calculator 200; expect_body page-calculator-date "16/09/2026"
chttp GET "/api/workdays?from=2026-08-10&n=25&to=2026-09-16"; expect_status api-workdays-n-and-to 400
expect_body api-workdays-n-and-to-field '"n":'
chttp GET "/api/workdays?from=10-08-2026x&n=25"; expect_status api-workdays-bad-from 400; expect_body api-workdays-from-field '"from":'
chttp GET "/api/workdays?from=2026-08-10&n=abc"; expect_status api-workdays-bad-n 400; expect_body api-workdays-n-field '"n":'
chttp GET "/api/workdays?from=2026-08-10&to=2026-09-31"; expect_status api-workdays-bad-to 400; expect_body api-workdays-to-field '"to":'
clogin admin
cjson POST /api/holidays '{"day":"2026-12-30","kind":"off","note":5}'; expect_status api-amend-note-number 400
expect_body api-amend-note-field '"note":"Phải là chuỗi hoặc null."'
cjson POST /api/holidays '{"day":"2026-12-30","kind":"off","reason":"x"}'; expect_status api-amend-unknown-member 400
n=$(q "SELECT count(*) FROM holiday_amendment WHERE day='2026-12-30'")
[ "$n" = 0 ] && ok api-amend-nothing-saved || fail api-amend-nothing-saved "$n amendments saved"
stop_server

# ---- item 5: a stolen session does not become permanent access ----
start_server --threads 2
V=baocao.soyte
VID=$(q "SELECT id FROM app_user WHERE login='$V'")
clogin "$V"
cp "$JAR" "$T/jar.thief"; JAR=$T/jar.thief     # the thief has the cookie, not the password
chttp POST /account/tokens "_csrf=$CSRF&label=thief&expires_days=30"
expect_status stolen-session-page-refused 400; expect_body stolen-session-page-asks "Hãy nhập mật khẩu của bạn"
[ -z "$(token_of)" ] && ok stolen-session-page-no-token || fail stolen-session-page-no-token "a token was shown"
cjson POST /api/tokens '{"label":"thief"}'
expect_status stolen-session-api-refused 400; expect_body stolen-session-api-field '"password":"Hãy nhập mật khẩu'
n=$(q "SELECT count(*) FROM api_token WHERE user_id=$VID")
[ "$n" = 0 ] && ok stolen-session-no-token-stored || fail stolen-session-no-token-stored "$n tokens"
# Guessing the password through the token forms counts toward the login throttle.
chttp POST /account/tokens "_csrf=$CSRF&label=thief&expires_days=30&token_password=doan-lan-mot"
expect_status stolen-session-wrong-password 400; expect_body stolen-session-wrong-password-says "Mật khẩu không đúng"
cjson POST /api/tokens '{"label":"thief","expires_days":30,"password":"doan-lan-hai"}'
expect_status stolen-session-api-wrong-password 400; expect_body stolen-session-api-wrong-field '"password":"Mật khẩu không đúng."'
[ "$(failures "$V")" = 2 ] && ok stolen-session-guesses-counted || fail stolen-session-guesses-counted "$(failures "$V") failures, want 2"
for g in 3 4 5; do cjson POST /api/tokens "{\"label\":\"thief\",\"expires_days\":30,\"password\":\"doan-lan-$g\"}"; done
h0=$(hashes)
cjson POST /api/tokens "{\"label\":\"thief\",\"expires_days\":30,\"password\":\"$DEMO_PASSWORD\"}"
expect_status stolen-session-throttled 429
[ "$(hashes)" = "$h0" ] && ok stolen-session-throttled-no-hash || fail stolen-session-throttled-no-hash "hashed while throttled"
code=$(curl -s -o /dev/null -w '%{http_code}' --data "login=$V&password=$DEMO_PASSWORD" "$U/login")
[ "$code" = 429 ] && ok stolen-session-throttles-login || fail stolen-session-throttles-login "login status $code"
q "DELETE FROM login_failure"

# The owner, with the password: a token, with an end no later than token.max_days.
clogin "$V"
cjson POST /api/tokens "{\"label\":\"owner\",\"expires_days\":30,\"password\":\"$DEMO_PASSWORD\"}"
expect_status owner-token 201; T1=$(token_of)
[ "$(bearer_status "$T1")" = 200 ] && ok owner-token-works || fail owner-token-works "token '$T1'"
cjson POST /api/tokens "{\"label\":\"forever\",\"expires_days\":0,\"password\":\"$DEMO_PASSWORD\"}"
expect_status api-no-expiry 400; expect_body api-no-expiry-names-limit 'từ 1 đến 365 ngày (giới hạn token.max_days)'
cjson POST /api/tokens "{\"label\":\"long\",\"expires_days\":400,\"password\":\"$DEMO_PASSWORD\"}"
expect_status api-too-long 400; expect_body api-too-long-names-limit '365 ngày (giới hạn token.max_days)'
chttp POST /account/tokens "_csrf=$CSRF&label=forever&expires_days=0&token_password=$DEMO_PASSWORD"
expect_status page-no-expiry 400; expect_body page-no-expiry-names-limit "từ 1 đến 365 ngày"
chttp GET /account; expect_no_body page-offers-no-forever "Không hết hạn"
for d in 0 400; do
  if "$THIDUA" user token "$V" --label cli --expires-days $d --db "$DB" >/dev/null 2>"$T/err"; then fail cli-refuses-$d "a token was made"
  else grep -q "token.max_days" "$T/err" && ok cli-refuses-$d || fail cli-refuses-$d "$(cat "$T/err")"; fi
done
"$THIDUA" user token "$V" --label cli-default --db "$DB" >/dev/null 2>&1 || fail cli-default "no token"
days=$(q "SELECT CAST(round(julianday(expires_at) - julianday(created_at)) AS INTEGER) FROM api_token WHERE label='cli-default'")
[ "$days" = 90 ] && ok cli-default-90-days || fail cli-default-90-days "$days days"
"$THIDUA" setting set token.max_days 30 --db "$DB" >/dev/null
cjson POST /api/tokens "{\"label\":\"owner\",\"expires_days\":31,\"password\":\"$DEMO_PASSWORD\"}"
expect_status setting-lowers-limit 400; expect_body setting-lowers-limit-names "30 ngày (giới hạn token.max_days)"
"$THIDUA" setting set token.max_days 365 --db "$DB" >/dev/null

# A password change revokes the tokens, unless the owner asks to keep them; an administrator's
# reset (page, API, CLI) always does.
chttp POST /account/password "_csrf=$CSRF&current=$DEMO_PASSWORD&password=mat-khau-moi-sau-vu-lo&password2=mat-khau-moi-sau-vu-lo"
expect_status change-password 303
[ "$(bearer_status "$T1")" = 401 ] && ok change-password-revokes || fail change-password-revokes "token still answers $(bearer_status "$T1")"
clogin "$V" mat-khau-moi-sau-vu-lo
cjson POST /api/tokens '{"label":"kept","expires_days":30,"password":"mat-khau-moi-sau-vu-lo"}'; T2=$(token_of)
chttp POST /account/password "_csrf=$CSRF&current=mat-khau-moi-sau-vu-lo&password=mat-khau-moi-lan-hai&password2=mat-khau-moi-lan-hai&keep_tokens=1"
expect_status change-password-keep 303
[ "$(bearer_status "$T2")" = 200 ] && ok change-password-keeps-on-request || fail change-password-keeps-on-request "$(bearer_status "$T2")"
clogin "$V" mat-khau-moi-lan-hai
cjson POST /api/account/password '{"current":"mat-khau-moi-lan-hai","new":"mat-khau-moi-lan-ba"}'
expect_status api-change-password 200; expect_body api-change-password-count '"tokens_revoked":1'
[ "$(bearer_status "$T2")" = 401 ] && ok api-change-password-revokes || fail api-change-password-revokes "$(bearer_status "$T2")"
clogin "$V" mat-khau-moi-lan-ba
cjson POST /api/tokens '{"label":"reset","expires_days":30,"password":"mat-khau-moi-lan-ba"}'; T3=$(token_of)
clogin admin
chttp POST "/users/$VID/password" "_csrf=$CSRF&password=mat-khau-quan-tri-dat&must_change=1"
expect_status admin-reset 303
[ "$(bearer_status "$T3")" = 401 ] && ok admin-reset-revokes || fail admin-reset-revokes "$(bearer_status "$T3")"
T4=$("$THIDUA" user token "$V" --label api-reset --db "$DB" 2>/dev/null)
cjson PATCH "/api/users/$VID" '{"password":"mat-khau-quan-tri-dat-2"}'; expect_status admin-api-reset 200
[ "$(bearer_status "$T4")" = 401 ] && ok admin-api-reset-revokes || fail admin-api-reset-revokes "$(bearer_status "$T4")"
T5=$("$THIDUA" user token "$V" --label cli-reset --db "$DB" 2>/dev/null)
[ "$(bearer_status "$T5")" = 200 ] || fail cli-reset-setup "token '$T5' does not work"
"$THIDUA" user passwd "$V" --password mat-khau-quan-tri-dat-3 --db "$DB" >/dev/null
[ "$(bearer_status "$T5")" = 401 ] && ok cli-reset-revokes || fail cli-reset-revokes "$(bearer_status "$T5")"

# With two-factor login on, a token also needs the current code, good once.
clogin canbo.ban
chttp POST /account/totp/start "_csrf=$CSRF"; chttp GET /account
SECRET=$(grep -o '<code class="secret">[A-Z2-7]*</code>' "$BODY_FILE" | head -n1 | sed 's/<[^>]*>//g')
chttp POST /account/totp/confirm "_csrf=$CSRF&code=$(totp "$SECRET")"; expect_status totp-on 303
chttp GET /account
CSRF=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$BODY_FILE" | head -n1 | sed 's/.*value="//; s/"//')
expect_body totp-form-asks-code 'name="token_code"'
cjson POST /api/tokens "{\"label\":\"2fa\",\"expires_days\":30,\"password\":\"$DEMO_PASSWORD\"}"
expect_status totp-token-needs-code 400; expect_body totp-token-needs-code-field '"code":'
cjson POST /api/tokens "{\"label\":\"2fa\",\"expires_days\":30,\"password\":\"$DEMO_PASSWORD\",\"code\":\"000000\"}"
expect_status totp-token-wrong-code 400; expect_body totp-token-wrong-code-says "Mật khẩu hoặc mã xác thực 2 lớp không đúng"
[ "$(failures canbo.ban)" = 1 ] && ok totp-wrong-code-counted || fail totp-wrong-code-counted "$(failures canbo.ban) failures"
CODE=$(totp "$SECRET" 30)   # the confirming code is spent; the next step's is within the window
cjson POST /api/tokens "{\"label\":\"2fa\",\"expires_days\":30,\"password\":\"$DEMO_PASSWORD\",\"code\":\"$CODE\"}"
expect_status totp-token 201
cjson POST /api/tokens "{\"label\":\"2fa\",\"expires_days\":30,\"password\":\"$DEMO_PASSWORD\",\"code\":\"$CODE\"}"
expect_status totp-token-code-replay 400
stop_server

# Tokens from before the limit: the upgrade gives them token.max_days from the migration on.
q "INSERT INTO api_token(token_hash, user_id, label, created_at) VALUES ('legacy-1', $VID, 'legacy', '2020-01-01T00:00:00Z')"
q "INSERT INTO api_token(token_hash, user_id, label, created_at, expires_at) VALUES ('legacy-2', $VID, 'legacy-long', '2020-01-01T00:00:00Z', '2999-01-01T00:00:00Z')"
q "DELETE FROM schema_migration WHERE num=7"
"$THIDUA" migrate --db "$DB" >/dev/null || fail legacy-migrate "thidua migrate failed"
days=$(q "SELECT group_concat(CAST(round(julianday(expires_at) - julianday('now')) AS INTEGER)) FROM api_token WHERE label LIKE 'legacy%'")
[ "$days" = "365,365" ] && ok legacy-tokens-capped || fail legacy-tokens-capped "days left: '$days', want 365,365"
