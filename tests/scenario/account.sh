# tests/scenario/account.sh: one's own account over `thidua http`: profile, password change
# (session rotation, other sessions ended), API tokens (the password asked again, a bounded
# lifetime, shown once, used, listed, revoked, no token minted by a token, kept or revoked on a
# password change), the JSON password change, and two-factor login: enrolment, login with a
# code computed independently (python3 hmac, RFC 6238), replay refused, disabling. The attacks
# on a live server (stolen session, parallel guesses) are in auth_attacks.sh.
. "$ROOT/tests/scenario/lib.sh"

set_cookie() { grep -i '^Set-Cookie: thidua_session=' "$REPLY_FILE" | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r'; }
refresh_csrf() { http GET /account; CSRF=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$BODY_FILE" | head -n1 | sed 's/.*value="//; s/"//'); }
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d"+sys.argv[2]))' "$BODY_FILE" "$1"; }
totp() { # SECRET [OFFSET_SECONDS]: the 6-digit code, computed without thidua
  python3 - "$1" "${2:-0}" <<'PY'
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1]
key = base64.b32decode(s + "=" * (-len(s) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time() + int(sys.argv[2])) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
}

# ---- profile ----
login baocao.soyte
http GET /account; expect_status account 200; expect_body account-sections "Mã truy cập API"
http POST /account "_csrf=$CSRF&name=$(urlenc 'Nguyễn Thị Hoa')&email=hoa@soyte.vn&phone=0911222333"
expect_status profile-save 303
http GET "/account?ok=profile"; expect_body profile-saved "hoa@soyte.vn"; expect_body profile-notice "Đã lưu thông tin"
http POST /account "_csrf=$CSRF&name=$(urlenc 'Nguyễn Thị Hoa')&email=khong-hop-le&phone="
expect_status profile-bad-email 400
http POST /account "_csrf=$CSRF&name=&email=&phone="; expect_status profile-empty-name 400

# ---- password change ----
OTHER=$COOKIE                          # a second browser of the same user
login baocao.soyte
MINE=$COOKIE
http POST /account/password "_csrf=$CSRF&current=sai-mat-khau-nhe&password=mat-khau-moi-cua-hoa&password2=mat-khau-moi-cua-hoa"
expect_status pw-wrong-current 400; expect_body pw-wrong-current-says "Mật khẩu hiện tại không đúng"
http POST /account/password "_csrf=$CSRF&current=$DEMO_PASSWORD&password=mat-khau-moi-cua-hoa&password2=khac-han"
expect_status pw-mismatch 400
http POST /account/password "_csrf=$CSRF&current=$DEMO_PASSWORD&password=ngan&password2=ngan"
expect_status pw-too-short 400; expect_body pw-too-short-says "10 ký tự"
http POST /account/password "_csrf=$CSRF&current=$DEMO_PASSWORD&password=$DEMO_PASSWORD&password2=$DEMO_PASSWORD"
expect_status pw-same 400
http POST /account/password "_csrf=$CSRF&current=$DEMO_PASSWORD&password=mat-khau-moi-cua-hoa&password2=mat-khau-moi-cua-hoa"
expect_status pw-change 303
NEW=$(set_cookie)
[ -n "$NEW" ] && [ "$NEW" != "$MINE" ] && ok pw-session-rotated || fail pw-session-rotated "cookie '$NEW'"
COOKIE=$MINE; http GET /account; expect_status pw-old-token-dead 303
COOKIE=$OTHER; http GET /account; expect_status pw-other-session-ended 303
COOKIE=$NEW; http GET /account; expect_status pw-new-session-works 200
COOKIE=""
http POST /login "login=baocao.soyte&password=$DEMO_PASSWORD"; expect_status pw-old-password-refused 401
login baocao.soyte mat-khau-moi-cua-hoa && ok pw-new-password-login

# ---- API tokens ----
# The form asks for the password again; a session alone does not mint a token.
http GET /account; expect_body token-form-asks-password 'name="token_password"'
expect_body token-form-names-limit "dài nhất 365 ngày"
expect_no_body token-form-no-forever "Không hết hạn"
http POST /account/tokens "_csrf=$CSRF&label=$(urlenc 'Báo cáo tự động')&expires_days=30"
expect_status token-needs-password 400; expect_body token-needs-password-says "Hãy nhập mật khẩu của bạn"
http POST /account/tokens "_csrf=$CSRF&label=$(urlenc 'Báo cáo tự động')&expires_days=30&token_password=sai-mat-khau-nhe"
expect_status token-wrong-password 400; expect_body token-wrong-password-says "Mật khẩu không đúng"
expect_body token-wrong-password-keeps-label 'value="Báo cáo tự động"'
http POST /account/tokens "_csrf=$CSRF&label=$(urlenc 'Báo cáo tự động')&expires_days=30&token_password=mat-khau-moi-cua-hoa"
expect_status token-create 201; expect_body token-shown-once "hãy sao chép"
TOKEN=$(grep -o 'thd_[0-9a-f]\{60\}' "$BODY_FILE" | head -n1)
[ -n "$TOKEN" ] && ok token-format || fail token-format "no token on the page"
http GET /account; expect_no_body token-not-shown-again "$TOKEN"; expect_body token-listed "Báo cáo tự động"
http POST /account/tokens "_csrf=$CSRF&label=&expires_days=30&token_password=mat-khau-moi-cua-hoa"; expect_status token-no-label 400
http POST /account/tokens "_csrf=$CSRF&label=x&expires_days=99999&token_password=mat-khau-moi-cua-hoa"
expect_status token-bad-days 400; expect_body token-bad-days-names-limit "365 ngày (giới hạn token.max_days)"
http POST /account/tokens "_csrf=$CSRF&label=x&expires_days=0&token_password=mat-khau-moi-cua-hoa"
expect_status token-no-expiry 400; expect_body token-no-expiry-names-limit "từ 1 đến 365 ngày"
SESSION=$COOKIE; COOKIE=""; EXTRA_HEADERS="Authorization: Bearer $TOKEN"
http GET /api/account; expect_status token-auth 200; expect_body token-auth-who '"login":"baocao.soyte"'
expect_body token-auth-flag '"via_token":true'
http GET /api/tokens; expect_status token-list 200
# The one list envelope (api.h): items, count, total, limit, offset.
[ "$(json_get '["count"]')" = "$(json_get '["total"]')" ] && [ "$(json_get '["offset"]')" = 0 ] \
  && [ -n "$(json_get '["items"][0]["label"]')" ] && ok token-list-envelope || fail token-list-envelope "$(head -c 200 "$BODY_FILE")"
TID=$(json_get '["items"][0]["id"]')
http POST /api/tokens '{"label":"from a token"}' application/json; expect_status token-cannot-mint 403
http POST /account/totp/start ""; expect_status token-cannot-enrol-totp 403
http POST /api/account/password '{"current":"mat-khau-moi-cua-hoa","new":"mat-khau-api-doi-1","extra":1}' application/json
expect_status api-pw-unknown-field 400
http POST /api/account/password '{"current":"sai-roi-nhe-ban","new":"mat-khau-api-doi-1"}' application/json
expect_status api-pw-wrong-current 400
http POST /api/account/password '{"current":"mat-khau-moi-cua-hoa","new":"mat-khau-api-doi-1","keep_tokens":"yes"}' application/json
expect_status api-pw-keep-tokens-bool 400
# Kept on request: the token that made the change still works after it.
http POST /api/account/password '{"current":"mat-khau-moi-cua-hoa","new":"mat-khau-api-doi-1","keep_tokens":true}' application/json
expect_status api-pw-change 200; expect_body api-pw-change-kept '"tokens_revoked":0'
http POST "/api/tokens/$TID/revoke" ""; expect_status token-revoke 200
http GET /api/account; expect_status token-revoked-dead 401
EXTRA_HEADERS=""; COOKIE=$SESSION
http GET /account; expect_status api-pw-ended-sessions 303
login baocao.soyte mat-khau-api-doi-1 && ok api-pw-new-login
# A user cannot revoke someone else's token.
OTHER_TOKEN=$("$THIDUA" user token xem --label other --db "$DB" 2>/dev/null)
OTHER_ID=$("$THIDUA" user token xem --list --db "$DB" | awk 'NR==2 {print $1}')
http POST "/account/tokens/$OTHER_ID/revoke" "_csrf=$CSRF"; expect_status token-not-yours 404
COOKIE=""; EXTRA_HEADERS="Authorization: Bearer $OTHER_TOKEN"
http GET /api/account; expect_status token-other-still-works 200
EXTRA_HEADERS=""
# JSON token creation with a cookie session needs the CSRF header, and the password.
login baocao.soyte mat-khau-api-doi-1
http POST /api/tokens '{"label":"json","expires_days":7,"password":"mat-khau-api-doi-1"}' application/json
expect_status api-token-needs-csrf 403
EXTRA_HEADERS="X-CSRF-Token: $CSRF"
http POST /api/tokens '{"label":"json","expires_days":7}' application/json
expect_status api-token-needs-password 400; expect_body api-token-needs-password-field '"password":'
http POST /api/tokens '{"label":"json","expires_days":7,"password":"mat-khau-api-doi-1"}' application/json
expect_status api-token-create 201; expect_body api-token-has-token '"token":"thd_'
JTOKEN=$(json_get '["token"]')
http POST /api/tokens '{"label":"json","expires_days":"7","password":"mat-khau-api-doi-1"}' application/json
expect_status api-token-bad-days 400
http POST /api/tokens '{"label":"json","expires_days":0,"password":"mat-khau-api-doi-1"}' application/json
expect_status api-token-no-expiry 400; expect_body api-token-no-expiry-field '"expires_days":"Mã truy cập phải có thời hạn'
http POST /api/tokens '{"label":"json","expires_days":366,"password":"mat-khau-api-doi-1"}' application/json
expect_status api-token-too-long 400; expect_body api-token-too-long-names-limit "token.max_days"
# Without the box ticked, a password change revokes every token of the user.
http POST /account/password "_csrf=$CSRF&current=mat-khau-api-doi-1&password=mat-khau-api-doi-2&password2=mat-khau-api-doi-2"
expect_status pw-change-revokes 303; expect_header pw-change-revokes-notice "Location: /account?ok=password"
COOKIE=$(set_cookie)
http GET "/account?ok=password"; expect_body pw-change-revokes-says "đã bị thu hồi"
EXTRA_HEADERS="Authorization: Bearer $JTOKEN"; COOKIE=""
http GET /api/account; expect_status pw-change-token-revoked 401
EXTRA_HEADERS=""
n=$(sqlite3 "$DB" "SELECT after_json FROM audit_log WHERE action='password.change' ORDER BY id DESC LIMIT 1")
case $n in *'"tokens_revoked": 1'*|*'"tokens_revoked":1'*) ok pw-change-audits-revocation ;; *) fail pw-change-audits-revocation "$n" ;; esac

# ---- two-factor login ----
login admin
http POST /account/totp/start "_csrf=$CSRF"; expect_status totp-start 303
http GET /account
SECRET=$(grep -o '<code class="secret">[A-Z2-7]*</code>' "$BODY_FILE" | head -n1 | sed 's/<[^>]*>//g')
[ ${#SECRET} = 32 ] && ok totp-secret-shown || fail totp-secret-shown "secret '$SECRET'"
expect_body totp-uri "otpauth://totp/thidua:admin?secret=$SECRET&amp;issuer=thidua"
http POST /account/totp/confirm "_csrf=$CSRF&code=abc"; expect_status totp-confirm-bad 400
sqlite3 "$DB" "SELECT count(*) FROM app_user WHERE login='admin' AND totp_secret IS NULL" | grep -qx 1 \
  && ok totp-not-enabled-by-bad-code || fail totp-not-enabled-by-bad-code "enabled"
http POST /account/totp/confirm "_csrf=$CSRF&code=$(totp "$SECRET")"; expect_status totp-confirm 303
COOKIE=$(set_cookie); refresh_csrf
http GET "/account?ok=totp_on"; expect_body totp-on "Đang bật"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action IN ('totp.enrol','totp.enable')")
[ "$n" = 2 ] && ok totp-audited || fail totp-audited "$n rows"
sqlite3 "$DB" "SELECT coalesce(before_json,'') || coalesce(after_json,'') FROM audit_log" | grep -q "$SECRET" \
  && fail totp-secret-not-audited "secret in the audit log" || ok totp-secret-not-audited
SESSION=$COOKIE; COOKIE=""
http POST /login "login=admin&password=$DEMO_PASSWORD"; expect_status totp-asks-code 200; expect_body totp-code-field 'name="code"'
http POST /login "login=admin&password=$DEMO_PASSWORD&code=000000"; expect_status totp-wrong-code 401
# The confirming code is spent; the next step's code is within the ±1 window.
CODE=$(totp "$SECRET" 30)
http POST /login "login=admin&password=$DEMO_PASSWORD&code=$CODE"; expect_status totp-login 303
http POST /login "login=admin&password=$DEMO_PASSWORD&code=$CODE"; expect_status totp-replay-refused 401
COOKIE=$SESSION; refresh_csrf
http POST /account/totp/disable "_csrf=$CSRF&password=sai-mat-khau-nhe"; expect_status totp-disable-wrong-password 400
http POST /account/totp/disable "_csrf=$CSRF&password=$DEMO_PASSWORD"; expect_status totp-disable 303
COOKIE=""
http POST /login "login=admin&password=$DEMO_PASSWORD"; expect_status totp-off-login 303

# ---- recovery from a lost authenticator ----
login admin
http POST /account/totp/start "_csrf=$CSRF"; http GET /account
SECRET=$(grep -o '<code class="secret">[A-Z2-7]*</code>' "$BODY_FILE" | head -n1 | sed 's/<[^>]*>//g')
http POST /account/totp/confirm "_csrf=$CSRF&code=$(totp "$SECRET")"; expect_status totp-reenrol 303
"$THIDUA" user totp-off admin --db "$DB" >/dev/null && ok cli-totp-off || fail cli-totp-off "exit $?"
COOKIE=""
http POST /login "login=admin&password=$DEMO_PASSWORD"; expect_status totp-off-by-cli-login 303

# ---- must change ----
printf 'mat-khau-tam-thoi-1\n' | "$THIDUA" user passwd hoidong --must-change --db "$DB" >/dev/null
http POST /login "login=hoidong&password=mat-khau-tam-thoi-1"; expect_status must-change-login 303
expect_header must-change-redirect "Location: /account?must=1"
COOKIE=$(set_cookie)
http GET "/account?must=1"; expect_body must-change-notice "hãy đổi mật khẩu mới"
# Until the temporary password is changed, only the account pages and logout are open.
CSRF=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$BODY_FILE" | head -n1 | sed 's/.*value="//; s/"//')
http GET /units; expect_status must-change-pages-redirect 303
expect_header must-change-pages-to-account "Location: /account?must=1"
http GET /api/units; expect_status must-change-api-403 403
expect_body must-change-api-says-why "đổi mật khẩu"
http GET /api/account; expect_status must-change-own-account-api 200
TOK=$("$THIDUA" user token hoidong --label must-change --db "$DB" 2>/dev/null | head -n1)
COOKIE_SAVED=$COOKIE; COOKIE=""; EXTRA_HEADERS="Authorization: Bearer $TOK"
http GET /api/units; expect_status must-change-token-403 403
EXTRA_HEADERS=""; COOKIE=$COOKIE_SAVED
# The box "giữ các token API" keeps the token made in between.
http POST /account/password "_csrf=$CSRF&current=mat-khau-tam-thoi-1&password=mat-khau-that-cua-hoi-dong-9&password2=mat-khau-that-cua-hoi-dong-9&keep_tokens=1"
expect_status must-change-changed 303; expect_header must-change-kept-notice "Location: /account?ok=password_kept"
[ -n "$(set_cookie)" ] && COOKIE=$(set_cookie)
http GET /units; expect_status must-change-then-open 200
EXTRA_HEADERS="Authorization: Bearer $TOK"; COOKIE=""
http GET /api/units; expect_status must-change-then-token-works 200
EXTRA_HEADERS=""
