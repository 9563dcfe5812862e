# tests/scenario/lib.sh: helpers for scenario tests over `thidua http` and the CLI.
# Source it from a test script:  . "$ROOT/tests/scenario/lib.sh"
# It creates a fresh demo database ($DB) with a cheap password hash, and gives:
#   http METHOD PATH [BODY [CONTENT-TYPE]]  → raw reply in $REPLY_FILE; status in $STATUS,
#                                            body in $BODY_FILE; sends $COOKIE and $EXTRA_HEADERS
#   login USER                             → sets COOKIE and CSRF for that demo user
#   ok NAME / fail NAME WHY                → print PASS/FAIL lines
#   expect_status NAME WANT, expect_body NAME TEXT, expect_no_body NAME TEXT, expect_header NAME TEXT
#   json METHOD PATH [BODY]                → http with a JSON body and the session's CSRF header
#   sql QUERY → first column of the first row of $DB; unit_id CODE → that unit's id
#   serve_start LOG [OPTIONS…]              → `thidua serve` on $DB at a free loopback port, up and
#                                            answering /healthz: sets PORT, SRV (its pid), U (base URL)
set -u
: "${THIDUA:?THIDUA must point to the binary}" "${TEST_TMP:=$(mktemp -d)}"
T=$(mktemp -d "$TEST_TMP/scn.XXXXXX")
DB="$T/test.db"
REPLY_FILE="$T/reply"; BODY_FILE="$T/body"
COOKIE=""; CSRF=""; EXTRA_HEADERS=""; STATUS=0
export THIDUA_QUIET=1
DEMO_PASSWORD="thidua-demo-2019"

"$THIDUA" init --demo --cheap-hash --db "$DB" >/dev/null || { echo "FAIL setup: init --demo failed"; exit 1; }

# only_transport NAME REASON: this script runs under one transport only (see tests/run); under
# the other it says so and stops, passing nothing.
only_transport() {
  [ "${THIDUA_TRANSPORT:-http}" = "$1" ] && return 0
  echo "SKIP $(basename "$0") under ${THIDUA_TRANSPORT:-http}: $2"; exit 0
}

ok() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

http() { # METHOD PATH [BODY [CONTENT-TYPE]]
  m=$1; p=$2; b=${3-}; ct=${4:-application/x-www-form-urlencoded}
  {
    printf '%s %s HTTP/1.1\r\nHost: test\r\n' "$m" "$p"
    [ -n "$COOKIE" ] && printf 'Cookie: %s\r\n' "$COOKIE"
    [ -n "$EXTRA_HEADERS" ] && printf '%s\r\n' "$EXTRA_HEADERS"
    if [ -n "$b" ] || [ "$m" = POST ]; then
      printf 'Content-Type: %s\r\nContent-Length: %s\r\n' "$ct" "$(printf '%s' "$b" | wc -c)"
    fi
    printf '\r\n%s' "$b"
  } > "$T/request"
  "$THIDUA" http --db "$DB" < "$T/request" > "$REPLY_FILE" 2>"$T/stderr"
  STATUS=$(head -n1 "$REPLY_FILE" | awk '{print $2}' | tr -d '\r')
  sed '1,/^\r$/d' "$REPLY_FILE" > "$BODY_FILE"
}

# Sends a raw request file as is (for malformed input).
http_raw() { "$THIDUA" http --db "$DB" < "$1" > "$REPLY_FILE" 2>"$T/stderr"
  STATUS=$(head -n1 "$REPLY_FILE" | awk '{print $2}' | tr -d '\r'); sed '1,/^\r$/d' "$REPLY_FILE" > "$BODY_FILE"; }

urlenc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""),end="")' "$1"; }

login() { # USER [PASSWORD]
  COOKIE=""; CSRF=""
  http POST /login "login=$(urlenc "$1")&password=$(urlenc "${2:-$DEMO_PASSWORD}")"
  COOKIE=$(grep -i '^Set-Cookie: thidua_session=' "$REPLY_FILE" | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
  [ -n "$COOKIE" ] || { echo "FAIL login $1: no session cookie (status $STATUS)"; return 1; }
  http GET /
  CSRF=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$BODY_FILE" | head -n1 | sed 's/.*value="//; s/"//')
  [ -n "$CSRF" ] || { echo "FAIL login $1: no CSRF token on the home page"; return 1; }
}
logout_local() { COOKIE=""; CSRF=""; }

expect_status() { if [ "$STATUS" = "$2" ]; then ok "$1"; else fail "$1" "status $STATUS, want $2; body: $(head -c 300 "$BODY_FILE")"; fi; }
expect_body() { if grep -qF -- "$2" "$BODY_FILE"; then ok "$1"; else fail "$1" "body lacks '$2' (status $STATUS): $(head -c 300 "$BODY_FILE")"; fi; }
expect_no_body() { if grep -qF -- "$2" "$BODY_FILE"; then fail "$1" "body contains '$2'"; else ok "$1"; fi; }
expect_header() { if grep -qiF -- "$2" "$REPLY_FILE"; then ok "$1"; else fail "$1" "reply lacks header '$2'"; fi; }

json() { EXTRA_HEADERS="X-CSRF-Token: $CSRF"; http "$1" "$2" "${3-}" application/json; EXTRA_HEADERS=""; }
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$DB" "$1"; }
unit_id() { sql "SELECT id FROM unit WHERE code='$1'"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
serve_start() { # LOG [OPTIONS…]: 0 once /healthz answers, 1 if the server died or 15 s passed
  log=$1; shift
  PORT=$(free_port)
  "$THIDUA" serve --db "$DB" --listen "127.0.0.1:$PORT" "$@" > "$log" 2>&1 &
  SRV=$!
  U="http://127.0.0.1:$PORT"
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "$U/healthz" && return 0
    kill -0 "$SRV" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
