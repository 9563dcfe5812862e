# tests/scenario/hostile.sh: hostile input. Each case sends something a careless or malicious
# client would (invalid UTF-8, over-long fields, SQL and script injection, missing or forged
# CSRF tokens, oversized bodies, malformed request lines and headers, bad percent-encoding,
# duplicate JSON keys, wrong content types) and checks that the reply is a clear 4xx with the
# security headers, and that nothing was written: the row counts of the audit log and of the
# tables the request could touch are compared before and after with sqlite3. Injection strings
# that a form may legitimately store must come back escaped (&lt;script&gt;), never executed.
# The second half repeats a few cases against a live `thidua serve` (libmicrohttpd's own
# parsing) with curl and a raw socket, including an upload over the limit sent slowly.
# Long inputs are made with Perl, which starts ten times faster than Python here.
. "$ROOT/tests/scenario/lib.sh"

TABLES="audit_log session app_user unit login_failure api_token setting"
COUNT_SQL=$(for t in $TABLES; do printf "'%s=' || (SELECT count(*) FROM %s) || ' ' || " "$t" "$t"; done)
counts() { # one line "table=N …" for the tables hostile requests could touch (one sqlite3 run)
  sqlite3 -batch "$DB" "SELECT ${COUNT_SQL}''" </dev/null
}
secure() { grep -qi '^Content-Security-Policy: .*default-src' "$REPLY_FILE" && grep -qi '^X-Content-Type-Options: nosniff' "$REPLY_FILE"; }

# expect_refused NAME WANT_STATUS: checks the last reply and that the counts did not move since
# the caller's `before=$(counts)`.
expect_refused() {
  after=$(counts)
  if [ "$STATUS" != "$2" ]; then fail "$1" "status $STATUS, want $2; body: $(head -c 200 "$BODY_FILE")"
  elif ! secure; then fail "$1" "reply lacks the security headers"
  elif [ "$before" != "$after" ]; then fail "$1" "something was written: before [$before] after [$after]"
  else ok "$1"; fi
}

raw() { # sends $T/raw as the request through thidua http
  http_raw "$T/raw"
}
label() { # a printf-escaped request, shortened and without backslashes (echo would expand them)
  printf '%s' "$1" | sed 's/\\r\\n/|/g; s/\\/~/g' | cut -c1-"${2:-50}"
}

login admin || exit 1
ADMIN_COOKIE=$COOKIE; ADMIN_CSRF=$CSRF
login xem || exit 1
XEM_CSRF=$CSRF
COOKIE=$ADMIN_COOKIE; CSRF=$ADMIN_CSRF

# ---- CSRF: missing, empty, forged, another session's ----
for token in "" "_csrf=" "_csrf=0000000000000000000000000000000000000000000000000000000000000000" \
              "_csrf=$XEM_CSRF" "_csrf=${ADMIN_CSRF}0" "_csrf[]=$ADMIN_CSRF"; do
  before=$(counts)
  http POST /logout "$token"
  expect_refused "csrf refused: '${token%%=*}=…' ($(printf '%s' "$token" | wc -c) bytes)" 403
done
http GET /; expect_body "csrf: the session survived forged logouts" "Quản trị hệ thống"
# The token in a header works only for the right session too.
before=$(counts)
EXTRA_HEADERS="X-CSRF-Token: $XEM_CSRF"; http POST /logout ""; EXTRA_HEADERS=""
expect_refused "csrf refused: another session's token in X-CSRF-Token" 403

# ---- invalid UTF-8 in form fields (lone continuation, overlong, surrogate, truncated, > U+10FFFF) ----
for bad in '%80' '%C0%AF' '%ED%A0%80' '%E1%BB' '%F4%90%80%80' '%FE' 'a%FFb'; do
  before=$(counts)
  http POST /login "login=$bad&password=thidua-demo-2019"
  expect_refused "utf-8 refused in a form value: $bad" 400
  expect_body "utf-8 error says which field: $bad" "login"
done
before=$(counts)
http POST /login "lo%FFgin=admin&password=x"
expect_refused "utf-8 refused in a form field name" 400
before=$(counts)
http POST /logout "_csrf=$CSRF&note=%C3%28"
expect_refused "utf-8 refused before the handler runs (logout)" 400
before=$(counts)
http GET "/login?next=%E0%80%AF"
expect_refused "utf-8 refused in a query string" 400

# ---- bad percent-encoding and NUL ----
for bad in 'login=%zz' 'login=%4' 'login=%' 'login=ad%00min' '=x' '%=x'; do
  before=$(counts)
  http POST /login "$bad&password=thidua-demo-2019"
  expect_refused "percent-encoding refused in a form: $bad" 400
done
for p in '/%zz' '/static/%' '/static/a%00.css' '/login?next=%g0' '/login?a=%'; do
  before=$(counts)
  http GET "$p"
  expect_refused "percent-encoding refused in the target: $p" 400
done

# ---- over-long input ----
long=$(perl -e 'print "a" x 70000')
before=$(counts)
http POST /login "login=$long&password=thidua-demo-2019"
expect_refused "a field over 64 KiB is refused" 400
before=$(counts)
http POST /login "login=$(perl -e 'print "b" x 100')&password=thidua-demo-2019"
expect_refused "a login over 64 characters is refused before any lookup" 400
before=$(counts)
http GET "/$(perl -e 'print "p" x 3000')"
expect_refused "a path over 2 KiB is refused" 400
before=$(counts)
http GET "/login?$(perl -e 'print join("&", map { "f${_}=1" } 0 .. 1199)')"
expect_refused "a query of 1200 fields is refused (414)" 414
perl -e 'print "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1100000\r\n\r\nlogin=" . "x" x 1099994' > "$T/raw"
before=$(counts)
raw; expect_refused "a body over 1 MiB is refused with 413" 413

# ---- SQL and script injection: refused or shown escaped, never executed ----
before_users=$(sqlite3 "$DB" "SELECT count(*) FROM app_user")
for inj in "admin' OR '1'='1" "admin'--" "x'; DROP TABLE app_user; --" "\" OR 1=1 --" "admin\\"; do
  COOKIE=""
  http POST /login "login=$(urlenc "$inj")&password=$(urlenc "' OR ''='")"
  if [ "$STATUS" = 401 ] && ! grep -qi '^Set-Cookie: thidua_session=[0-9a-f]' "$REPLY_FILE"; then ok "sql injection in login is just a wrong login: $inj"
  else fail "sql injection in login: $inj" "status $STATUS, or a session cookie was set"; fi
done
COOKIE=$ADMIN_COOKIE
[ "$(sqlite3 "$DB" "SELECT count(*) FROM app_user")" = "$before_users" ] && ok "sql injection: app_user intact" || fail "sql injection" "app_user changed"
COOKIE=""
http POST /login "login=$(urlenc '<script>alert(1)</script>')&password=wrong-password-1"
if grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$BODY_FILE" && ! grep -qF '<script>alert' "$BODY_FILE"; then
  ok "script injection in a re-rendered form value is escaped"
else fail "script injection in login form" "not escaped: $(grep -o '.\{20\}script.\{20\}' "$BODY_FILE" | head -n3)"; fi
http GET "/login?next=$(urlenc '/"><script>alert(1)</script>')"
if grep -qF 'value="/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' "$BODY_FILE" && ! grep -qF '<script>alert' "$BODY_FILE"; then
  ok "script injection in a query value is escaped in an attribute"
else fail "script injection in next" "$(grep -o 'name="next"[^>]*' "$BODY_FILE")"; fi
http POST /login "login=xem&password=thidua-demo-2019&next=$(urlenc '/x
Set-Cookie: evil=1')"
loc=$(grep -i '^Location:' "$REPLY_FILE" | tr -d '\r')
if [ "$STATUS" = 303 ] && ! grep -qi '^Set-Cookie: evil' "$REPLY_FILE" && [ "$loc" = "Location: /" ]; then
  ok "header injection through next is refused (Location /)"
else fail "header injection through next" "status $STATUS; $(grep -i '^Location\|^Set-Cookie: evil' "$REPLY_FILE")"; fi
http GET "/login?next=//evil.example/"
grep -qF 'name="next" value="/"' "$BODY_FILE" && ok "open redirect through next is refused" || fail "open redirect" "$(grep -o 'name="next"[^>]*' "$BODY_FILE")"
COOKIE=$ADMIN_COOKIE

# ---- cookies and tokens that are not ours ----
for c in 'thidua_session=../../etc/passwd' "thidua_session=$(perl -e 'print "f" x 64')" \
         'thidua_session=' "thidua_session=$(perl -e 'print "a" x 5000')" 'thidua_session="x"; thidua_session=y'; do
  COOKIE=$c
  http GET /
  if [ "$STATUS" = 200 ] && grep -qF 'href="/login"' "$BODY_FILE"; then ok "forged cookie is anonymous (${#c} bytes)"
  else fail "forged cookie (${#c} bytes)" "status $STATUS"; fi
done
COOKIE=""
before=$(counts)
EXTRA_HEADERS="Authorization: Bearer ' OR 1=1 --"; http POST /logout ""; EXTRA_HEADERS=""
expect_refused "a forged bearer token is anonymous" 401
COOKIE=$ADMIN_COOKIE

# ---- malformed request lines and headers (thidua http's parser) ----
# Under the serve transport libmicrohttpd parses these first, and answers some its own way (505
# for HTTP/2.0, its own 400 without our headers, or waiting for a body that never comes); the
# live half at the end checks that server's answers to malformed input.
[ "$THIDUA_TRANSPORT" = http ] && i=0 && while IFS= read -r line; do
  case $line in ''|'#'*) continue ;; esac
  i=$((i + 1))
  printf "$line" > "$T/raw"
  before=$(counts)
  raw; expect_refused "malformed request $i: $(label "$line")" 400
done <<'EOF'
GET /\r\n\r\n
GET / HTTP/2.0\r\n\r\n
GET / HTTP/1.1 extra\r\n\r\n
get / HTTP/1.1\r\n\r\n
 / HTTP/1.1\r\n\r\n
GET  HTTP/1.1\r\n\r\n
G\000T / HTTP/1.1\r\n\r\n
GET / HTTP/1.1
GET / HTTP/1.1\r\nHost x\r\n\r\n
GET / HTTP/1.1\r\nBad Name: x\r\n\r\n
GET / HTTP/1.1\r\n: novalue\r\n\r\n
GET / HTTP/1.1\r\nX-A: a\000b\r\n\r\n
GET / HTTP/1.1\r\nHost: x\r\n
POST /login HTTP/1.1\r\nContent-Length: abc\r\n\r\n
POST /login HTTP/1.1\r\nContent-Length: -1\r\n\r\n
POST /login HTTP/1.1\r\nContent-Length: +5\r\n\r\nlogin
POST /login HTTP/1.1\r\nContent-Length: 500\r\n\r\nlogin=x
POST /login HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nlogin=
EOF
perl -e 'print "GET / HTTP/1.1\r\n" . join("", map { "X-H${_}: v\r\n" } 0 .. 100) . "\r\n"' > "$T/raw"
before=$(counts)
raw; expect_refused "101 headers are refused" 400

# ---- content types ----
before=$(counts)
http POST /logout "_csrf=$CSRF" text/plain
expect_refused "a form route refuses text/plain" 415
before=$(counts)
http POST /logout "{\"_csrf\":\"$CSRF\"}" application/json
if [ "$STATUS" = 403 ] && [ "$before" = "$(counts)" ]; then ok "JSON to a form route carries no form CSRF token: 403"
else fail "JSON to a form route" "status $STATUS"; fi
before=$(counts)
http POST /logout "--b
Content-Disposition: form-data; name=\"_csrf\"

x
--b--" "multipart/form-data; boundary=b"
expect_refused "multipart with LF-only lines is refused" 400

# ---- a resource form and its JSON API (units): stored as given, shown escaped, or refused ----
COOKIE=$ADMIN_COOKIE; CSRF=$ADMIN_CSRF
PROV=$(sqlite3 "$DB" "SELECT id FROM unit WHERE code = '20'")
units_before=$(sqlite3 "$DB" "SELECT count(*) FROM unit")
evil='<script>alert(1)</script> & "q" '"'s'"
http POST /units/new "_csrf=$CSRF&name=$(urlenc "$evil")&kind=agency&parent_id=$PROV"
new_id=$(grep -i '^Location: /units/' "$REPLY_FILE" | sed 's|.*/units/\([0-9]*\).*|\1|' | tr -d '\r')
if [ "$STATUS" = 303 ] && [ -n "$new_id" ]; then
  stored=$(sqlite3 "$DB" "SELECT name FROM unit WHERE id = $new_id")
  [ "$stored" = "$evil" ] && ok "script injection: a unit name is stored exactly as typed" || fail "stored name" "'$stored'"
  for page in "/units/$new_id" /units "/units?q=script"; do
    http GET "$page"
    if grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;' "$BODY_FILE" && ! grep -qF '<script>alert' "$BODY_FILE"; then
      ok "script injection: shown escaped on $page"
    else fail "script injection on $page" "status $STATUS: $(grep -o '.\{30\}alert(1).\{30\}' "$BODY_FILE" | head -n2)"; fi
  done
  EXTRA_HEADERS=""; http GET "/api/units/$new_id"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["unit"]["name"] == sys.argv[2] else 1)' "$BODY_FILE" "$evil" \
    && grep -qi '^Content-Type: application/json' "$REPLY_FILE" && ok "script injection: the JSON API returns the name as a JSON string" \
    || fail "script injection in JSON" "$(head -c 200 "$BODY_FILE")"
else fail "script injection: create" "status $STATUS: $(head -c 300 "$BODY_FILE")"; fi
sqlinj="x'); DROP TABLE unit; --"
http POST /units/new "_csrf=$CSRF&name=$(urlenc "$sqlinj")&kind=agency&parent_id=$PROV"
n=$(sqlite3 "$DB" "SELECT count(*) FROM unit WHERE name = '$(printf '%s' "$sqlinj" | sed "s/'/''/g")'")
[ "$STATUS" = 303 ] && [ "$n" = 1 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM unit")" = $((units_before + 2)) ] \
  && ok "sql injection: a unit name is data, the table is intact" || fail "sql injection in a unit name" "status $STATUS, rows $n"
before=$(counts)
http POST /units/new "_csrf=$CSRF&name=$(perl -e 'print "Đ" x 201')&kind=agency&parent_id=$PROV"
expect_refused "a unit name over 200 characters is refused" 400
expect_body "the form says what is wrong with the name" "Tên đơn vị"
before=$(counts)
http POST /units/new "_csrf=$CSRF&name=S%E1%BB%9F%FF&kind=agency&parent_id=$PROV"
expect_refused "invalid UTF-8 in a unit name is refused" 400
before=$(counts)
http POST /units/new "_csrf=$CSRF&name=a%00b&kind=agency&parent_id=$PROV"
expect_refused "NUL in a unit name is refused" 400
before=$(counts)
http POST /units/new "_csrf=$CSRF&name=Ph%C3%B2ng&kind=%27%20OR%201%3D1&parent_id=$PROV"
expect_refused "an unknown kind is refused" 400
before=$(counts)
http POST /units/new "_csrf=$CSRF&name=Ph%C3%B2ng&kind=agency&parent_id=1%20OR%201%3D1"
expect_refused "a parent id that is not a number is refused" 400
before=$(counts)
http POST /units/new "name=Ph%C3%B2ng&kind=agency&parent_id=$PROV"
expect_refused "a unit form without its CSRF token is refused" 403
before=$(counts)
http POST /units/new "_csrf=$XEM_CSRF&name=Ph%C3%B2ng&kind=agency&parent_id=$PROV"
expect_refused "a unit form with another session's CSRF token is refused" 403

EXTRA_HEADERS="X-CSRF-Token: $CSRF"
jbody() { printf '{"name":"%s","kind":"agency","parent_id":%s}' "$1" "$PROV"; }
before=$(counts)
http POST /api/units "$(printf '{"name":"S\377","kind":"agency","parent_id":%s}' "$PROV")" application/json
expect_refused "JSON API: invalid UTF-8 inside a string" 400
before=$(counts)
http POST /api/units "$(printf '{"name":"A","name":"B","kind":"agency","parent_id":%s}' "$PROV")" application/json
expect_refused "JSON API: duplicate keys" 400
before=$(counts)
http POST /api/units "$(jbody "$(perl -e 'print "x" x 300')")" application/json
expect_refused "JSON API: a name over 200 characters" 400
grep -q '"fields":{[^}]*"name"' "$BODY_FILE" && ok "JSON API: the error names the field" || fail "JSON field error" "$(head -c 200 "$BODY_FILE")"
before=$(counts)
http POST /api/units "$(printf '{"name":123,"kind":["agency"],"parent_id":"%s"}' "$PROV")" application/json
expect_refused "JSON API: values of the wrong type" 400
before=$(counts)
http POST /api/units "$(jbody Ph)" application/x-www-form-urlencoded
expect_refused "JSON API: a form content type" 415
before=$(counts)
http POST /api/units "$(jbody Ph)" text/plain
expect_refused "JSON API: text/plain" 415
before=$(counts)
http POST /api/units "$(perl -e 'print "[" x 5000, "]" x 5000')" application/json
expect_refused "JSON API: nesting 5000 deep" 400
before=$(counts)
http POST /api/units "$(perl -e 'print "{\"name\":\"", "a" x 1100000, "\"}"')" application/json
expect_refused "JSON API: a body over 1 MiB" 413
before=$(counts)
EXTRA_HEADERS=""
http POST /api/units "$(jbody Ph)" application/json
expect_refused "JSON API: a cookie session without the CSRF header" 403
COOKIE=$ADMIN_COOKIE; CSRF=$ADMIN_CSRF

# ---- the database is intact after all of the above ----
chk=$("$THIDUA" check-db --db "$DB" 2>&1)
[ "$chk" = ok ] && ok "hostile: database integrity after the attacks" || fail "hostile: check-db" "$chk"

# ======== live server: libmicrohttpd's own parsing ========
# Its own server, whatever the transport: run once, under the default one.
[ "$THIDUA_TRANSPORT" = http ] || exit 0
command -v curl >/dev/null || { fail "hostile-live" "curl is missing (scripts/install-deps installs it)"; exit 1; }
THIDUA_QUIET=1 serve_start "$T/serve.log" --threads 2 \
  || { fail "hostile-live" "server did not start: $(cat "$T/serve.log")"; kill "$SRV" 2>/dev/null; exit 1; }
port=$PORT; srv=$SRV
trap 'kill "$srv" 2>/dev/null' EXIT
C=$ADMIN_COOKIE

live() { # NAME WANT curl-args… : status check, security headers, nothing written
  name=$1; want=$2; shift 2
  before=$(counts)
  code=$(curl -s -o "$T/live.body" -D "$T/live.head" -w '%{http_code}' "$@")
  after=$(counts)
  if [ "$code" != "$want" ]; then fail "live: $name" "status $code, want $want: $(head -c 200 "$T/live.body")"
  elif ! grep -qi '^Content-Security-Policy:' "$T/live.head"; then fail "live: $name" "no security headers"
  elif [ "$before" != "$after" ]; then fail "live: $name" "written: [$before] → [$after]"
  else ok "live: $name"; fi
}
live "forged CSRF" 403 -b "$C" -d "_csrf=00" "$U/logout"
live "invalid UTF-8 form" 400 -b "$C" --data-binary "_csrf=$ADMIN_CSRF&x=%C0%AF" "$U/logout"
live "bad percent-encoding in a form" 400 --data-binary "login=%zz&password=x" "$U/login"
live "invalid UTF-8 in the query" 400 "$U/login?next=%FF"
live "wrong content type" 415 -b "$C" -H 'Content-Type: text/plain' --data-binary "_csrf=$ADMIN_CSRF" "$U/logout"
live "script in the query is escaped" 200 "$U/login?next=/%22%3E%3Cscript%3E"
grep -qF '&quot;&gt;&lt;script&gt;' "$T/live.body" && ! grep -qF '"><script>' "$T/live.body" \
  && ok "live: escaped script in the page" || fail "live: escaping" "$(grep -o 'name="next"[^>]*' "$T/live.body")"
live "101 headers" 400 $(i=0; while [ $i -lt 101 ]; do printf -- "-H X-H$i:v "; i=$((i + 1)); done) "$U/"
head -c 2000000 /dev/zero | tr '\0' 'a' > "$T/big"
live "2 MB form body: 413 before reading it" 413 --data-binary "@$T/big" "$U/login"
# A slow upload of 3 MB declared up front: refused at the headers, the body is never sent (curl
# waits for "100 Continue", which does not come).
head -c 3000000 /dev/zero | tr '\0' 'b' > "$T/slow"
before=$(counts)
out=$(curl -s -o "$T/live.body" -w '%{http_code} %{size_upload}' --limit-rate 300k -H 'Content-Type: application/x-www-form-urlencoded' \
      --data-binary "@$T/slow" "$U/login")
code=${out% *}; sent=${out#* }
if [ "$code" = 413 ] && [ "${sent%.*}" -lt 3000000 ] && [ "$before" = "$(counts)" ]; then
  ok "live: slow 3 MB upload refused with 413 after $sent of 3000000 bytes"
else fail "live: slow upload" "status $code after $sent bytes"; fi
# The same without waiting for 100 Continue: the client starts sending; the 413 still comes at
# once and the connection closes, the 3 MB never all go out.
before=$(counts)
out=$(curl -s -o "$T/live.body" -w '%{http_code} %{size_upload}' --limit-rate 300k -H 'Expect:' \
      -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/slow" "$U/login")
code=${out% *}; sent=${out#* }
if [ "$code" = 413 ] && [ "${sent%.*}" -lt 3000000 ] && [ "$before" = "$(counts)" ]; then
  ok "live: slow upload without Expect refused with 413 after $sent of 3000000 bytes"
else fail "live: slow upload without Expect" "status $code after $sent bytes"; fi
# Chunked, trickled (no declared length): the server reads up to the 1 MiB limit, then hangs up.
before=$(counts)
out=$(curl -s -o /dev/null -w '%{http_code} %{size_upload}' --limit-rate 500k -H 'Transfer-Encoding: chunked' \
      -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/slow" "$U/login"); rc=$?
code=${out% *}; sent=${out#* }
if [ "$code" != 200 ] && [ "$code" != 401 ] && [ "${sent%.*}" -lt 3000000 ] && [ "$before" = "$(counts)" ]; then
  ok "live: slow chunked upload cut off at the limit (curl exit $rc after $sent bytes)"
else fail "live: slow chunked upload" "curl exit $rc, status $code after $sent bytes"; fi
# Raw bytes no client library would send.
rawsock() { python3 - "$port" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(sys.argv[2].encode("latin-1").decode("unicode_escape").encode("latin-1"))
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk: break
        data += chunk
except socket.timeout:
    pass
line = data.split(b"\r\n", 1)[0].decode("latin-1")
print(line.split(" ")[1] if line.startswith("HTTP/") and " " in line else "none")
PY
}
for req in 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n' 'GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n' \
           'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n' 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab' \
           'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' \
           "GET /$(perl -e 'print "x" x 40000') HTTP/1.1\r\nHost: x\r\n\r\n"; do
  code=$(rawsock "$req")
  case $code in
    4??) ok "live: malformed request answered $code: $(label "$req")" ;;
    none) ok "live: malformed request closed without a reply: $(label "$req")" ;;
    *) fail "live: malformed request" "$code for $(label "$req" 80)" ;;
  esac
done
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/healthz")
[ "$code" = 200 ] && ok "live: server still healthy after the hostile requests" || fail "live: health" "status $code"
kill "$srv"; wait "$srv" 2>/dev/null
trap - EXIT
