# tests/scenario/lib.sh: helpers for scenario tests over HTTP and the CLI.
# Source it from a test script:  . "$ROOT/tests/scenario/lib.sh"
# It creates a fresh demo database ($DB) with a cheap password hash, and gives:
#   http METHOD PATH [BODY [CONTENT-TYPE]]  → raw reply in $REPLY_FILE; status in $STATUS,
#                                            body in $BODY_FILE; sends $COOKIE and $EXTRA_HEADERS
#   http_raw FILE                          → the same for a request written by hand
#   login USER                             → sets COOKIE and CSRF for that demo user
#   ok NAME / fail NAME WHY                → print PASS/FAIL lines
#   expect_status NAME WANT, expect_body NAME TEXT, expect_no_body NAME TEXT, expect_header NAME TEXT
#   json METHOD PATH [BODY]                → http with a JSON body and the session's CSRF header
#   sql QUERY → first column of the first row of $DB; unit_id CODE → that unit's id
#   serve_start LOG [OPTIONS…]              → `thidua serve` on $DB at a free loopback port, up and
#                                            answering /healthz: sets PORT, SRV (its pid), U (base URL)
#   only_transport NAME REASON             → the script runs under that transport only
#
# Transports. THIDUA_TRANSPORT=http (the default) answers each request with `thidua http --db
# $DB`; THIDUA_TRANSPORT=serve sends the very same bytes over a socket to a `thidua serve`
# started on $DB as this file is sourced (and again if the script points $DB elsewhere), so every
# script checks the live server too: its parser, its caches, its keep-alive framing. tests/run
# runs the scripts under both. The live server caches and sees writes by other processes (the
# CLI, sqlite3) within 50 ms (web_cache.c); so before a request, if the database files changed
# since the last reply (a write the server did not make), the transport waits 60 ms, as a client
# of a real deployment would simply be later. PASS/FAIL lines say [serve] under that transport.
set -u
: "${THIDUA:?THIDUA must point to the binary}" "${TEST_TMP:=$(mktemp -d)}"
T=$(mktemp -d "$TEST_TMP/scn.XXXXXX")
DB="$T/test.db"
REPLY_FILE="$T/reply"; BODY_FILE="$T/body"
COOKIE=""; CSRF=""; EXTRA_HEADERS=""; STATUS=0
export THIDUA_QUIET=1
DEMO_PASSWORD="thidua-demo-2019"

# The fresh demo database is built once per test folder and binary, then copied: every script
# starts from the same `init --demo --cheap-hash`, which costs the sanitizer build more than a
# second of CPU, and tests/run starts ~80 scripts. The first script to need it publishes it with a
# rename (atomic), so scripts running side by side never copy a half-written file; the binary's
# size and time are in the name, so a rebuilt binary gets its own.
DEMO_TEMPLATE="$TEST_TMP/demo-cheap-hash.$(stat -L -c '%s-%Y' "$THIDUA").db"
if [ -f "$DEMO_TEMPLATE" ]; then
  cp "$DEMO_TEMPLATE" "$DB" || { echo "FAIL setup: copying the demo database failed"; exit 1; }
else
  "$THIDUA" init --demo --cheap-hash --db "$DB" >/dev/null || { echo "FAIL setup: init --demo failed"; exit 1; }
  cp "$DB" "$T/demo-template.db" && mv "$T/demo-template.db" "$DEMO_TEMPLATE"
fi

# only_transport NAME REASON: this script runs under one transport only (see tests/run); under
# the other it says so and stops, passing nothing.
only_transport() {
  [ "${THIDUA_TRANSPORT:-http}" = "$1" ] && return 0
  echo "SKIP $(basename "$0") under ${THIDUA_TRANSPORT:-http}: $2"; exit 0
}

THIDUA_TRANSPORT=${THIDUA_TRANSPORT:-http}
case $THIDUA_TRANSPORT in
  http) TAG="" ;;
  serve) TAG="[serve] " ;;
  *) echo "FAIL setup: THIDUA_TRANSPORT is http or serve, not '$THIDUA_TRANSPORT'"; exit 1 ;;
esac
ok() { echo "PASS $TAG$1"; }
fail() { echo "FAIL $TAG$1: $2"; }

# ---- the serve transport ----
TRANSPORT_PID=""; TRANSPORT_DB=""; TRANSPORT_PORT=""; TRANSPORT_STAMP=""
# The state of the database files: changes when anyone writes (size or modification time).
db_stamp() { stat -c '%s %y' "$DB" "$DB-wal" 2>/dev/null; }
transport_stop() {
  [ -n "$TRANSPORT_PID" ] || return 0
  kill -TERM "$TRANSPORT_PID" 2>/dev/null
  TRANSPORT_PID=""
}
transport_start() { # a server on $DB; 0 once /healthz answers
  transport_stop
  TRANSPORT_PORT=$(free_port)
  tlog="$T/transport-serve.$TRANSPORT_PORT.log"
  "$THIDUA" serve --db "$DB" --listen "127.0.0.1:$TRANSPORT_PORT" --threads 2 > "$tlog" 2>&1 &
  TRANSPORT_PID=$!
  TRANSPORT_DB=$DB
  # tests/run stops these servers after the script and reads their logs for sanitizer reports;
  # run by hand, the watcher below stops the server once the script is gone (looking every 2 s:
  # a `sleep` process twice a second was a few per cent of a core in every [serve] run).
  [ -n "${TRANSPORT_REGISTRY:-}" ] && echo "$TRANSPORT_PID $tlog" >> "$TRANSPORT_REGISTRY"
  tpid=$TRANSPORT_PID
  ( while kill -0 "$tpid" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 2; done
    kill -TERM "$tpid" 2>/dev/null ) >/dev/null 2>&1 &
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "http://127.0.0.1:$TRANSPORT_PORT/healthz" && { TRANSPORT_STAMP=$(db_stamp); return 0; }
    kill -0 "$TRANSPORT_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL ${TAG}transport: thidua serve on $DB did not start: $(tail -n 5 "$tlog")"
  TRANSPORT_PID=""
  return 1
}
# Sends a request file through the transport; the raw reply goes to $REPLY_FILE.
send_request() {
  if [ "$THIDUA_TRANSPORT" = http ]; then
    "$THIDUA" http --db "$DB" < "$1" > "$REPLY_FILE" 2>"$T/stderr"
    return
  fi
  if [ -z "$TRANSPORT_PID" ] || [ "$TRANSPORT_DB" != "$DB" ] || ! kill -0 "$TRANSPORT_PID" 2>/dev/null; then
    transport_start || { : > "$REPLY_FILE"; return; }
  fi
  [ "$(db_stamp)" = "$TRANSPORT_STAMP" ] || sleep 0.06
  perl "$T/send.pl" "$TRANSPORT_PORT" "$1" > "$REPLY_FILE" 2>"$T/stderr"
  TRANSPORT_STAMP=$(db_stamp)
}
if [ "$THIDUA_TRANSPORT" = serve ]; then
  command -v curl >/dev/null || { echo "FAIL setup: the serve transport needs curl"; exit 1; }
  # Perl, not Python: the client runs once per request, and Perl starts in a few milliseconds
  # (Python took most of a second on a loaded machine). perl-base is Essential on Debian.
  cat > "$T/send.pl" <<'PL'
# One request file over one connection; the reply (head and body, as framed by Content-Length)
# to standard output. Nothing, if the server closed without a reply.
use strict; use warnings; use IO::Socket::INET;
my ($port, $path) = @ARGV;
open(my $fh, '<:raw', $path) or die "$path: $!";
my $data = do { local $/; <$fh> };
close $fh;
my ($method) = $data =~ /^(\S*)/;
binmode STDOUT;
my $buf = '';
$SIG{ALRM} = sub { print $buf; exit 0 };   # a reply that never ends: what came, after 30 s
alarm 30;
$SIG{PIPE} = 'IGNORE';
my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp') or die "connect: $!";
for (my $off = 0; $off < length $data;) {   # a refusal from the head closes early: read it anyway
    my $n = syswrite($s, $data, length($data) - $off, $off);
    last unless $n;
    $off += $n;
}
sub more { my $n = sysread($s, my $c, 65536); $buf .= $c if $n; return $n; }
my ($head, $rest, $status);
while (1) {
    1 while index($buf, "\r\n\r\n") < 0 && more();
    if (index($buf, "\r\n\r\n") < 0) { print $buf; exit 0; }
    ($head, $rest) = split /\r\n\r\n/, $buf, 2;
    ($status) = $head =~ m{^HTTP/\S+ (\d+)};
    last unless defined $status && $status == 100;
    $buf = $rest;
}
my ($length) = $head =~ /^content-length:\s*(\d+)/mi;
$length = 0 if $method eq 'HEAD' || $status == 204 || $status == 304;
$buf = $rest;
1 while (!defined $length || length($buf) < $length) && more();
print $head, "\r\n\r\n", defined $length ? substr($buf, 0, $length) : $buf;
PL
fi

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
  http_raw "$T/request"
}

# Sends a raw request file as is (for malformed input too).
# The status is read by the shell itself: three processes fewer per request, and a script makes
# hundreds of requests.
CR=$(printf '\r')
http_raw() { send_request "$1"
  STATUS=""; read -r _ STATUS _ < "$REPLY_FILE"; STATUS=${STATUS%"$CR"}
  sed '1,/^\r$/d' "$REPLY_FILE" > "$BODY_FILE"; }

# Percent-encodes every byte but letters, digits and -._~ (what Python's quote(safe="") does).
# Perl, like send.pl: these helpers run several times per check, and Perl starts ten times faster.
urlenc() { perl -e '$_ = shift; s/([^A-Za-z0-9_.~-])/sprintf("%%%02X", ord $1)/ge; print' -- "$1"; }

login() { # USER [PASSWORD]
  COOKIE=""; CSRF=""
  http POST /login "login=$(urlenc "$1")&password=$(urlenc "${2:-$DEMO_PASSWORD}")"
  COOKIE=$(grep -i '^Set-Cookie: thidua_session=' "$REPLY_FILE" | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
  [ -n "$COOKIE" ] || { fail "login $1" "no session cookie (status $STATUS)"; return 1; }
  http GET /
  CSRF=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$BODY_FILE" | head -n1 | sed 's/.*value="//; s/"//')
  [ -n "$CSRF" ] || { fail "login $1" "no CSRF token on the home page"; return 1; }
}
logout_local() { COOKIE=""; CSRF=""; }

expect_status() { if [ "$STATUS" = "$2" ]; then ok "$1"; else fail "$1" "status $STATUS, want $2; body: $(head -c 300 "$BODY_FILE")"; fi; }
expect_body() { if grep -qF -- "$2" "$BODY_FILE"; then ok "$1"; else fail "$1" "body lacks '$2' (status $STATUS): $(head -c 300 "$BODY_FILE")"; fi; }
expect_no_body() { if grep -qF -- "$2" "$BODY_FILE"; then fail "$1" "body contains '$2'"; else ok "$1"; fi; }
expect_header() { if grep -qiF -- "$2" "$REPLY_FILE"; then ok "$1"; else fail "$1" "reply lacks header '$2'"; fi; }

json() { EXTRA_HEADERS="X-CSRF-Token: $CSRF"; http "$1" "$2" "${3-}" application/json; EXTRA_HEADERS=""; }
# sql QUERY: the first column of the first row, NULL printed as None (as the Python helper this
# replaces printed it). The sqlite3 shell with unit and record separators, so a value holding '|'
# or a line break comes back whole; a 5 s busy timeout, as Python's sqlite3 had.
SQL_US=$(printf '\037'); SQL_RS=$(printf '\036')
sql() {
  sqlite3 -batch -noheader -list -separator "$SQL_US" -newline "$SQL_RS" -nullvalue None \
    -cmd '.timeout 5000' "$DB" "$1" </dev/null | awk 'BEGIN { RS = "\036"; FS = "\037" } NR == 1 { print $1; exit }'
}
unit_id() { sql "SELECT id FROM unit WHERE code='$1'"; }

free_port() { perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Proto => "tcp") or die "bind: $!"; print $s->sockport, "\n"'; }
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
# Started here, in the script's own shell, not by a first request that may run in a subshell.
if [ "$THIDUA_TRANSPORT" = serve ]; then transport_start || exit 1; fi
