# tests/scenario/server_limits.sh: a live `thidua serve` against the attacks of issue #7, each
# check made so that it failed before its fix:
#  - the reply cache keys on the query string (three queries on one connection, three answers);
#  - a body nobody may send is refused from the request head, before it is read: anonymous
#    60 MiB uploads get their 401 at once and the server's memory (VmRSS) does not grow; an
#    administrator's upload goes to a temporary file, not memory; the bodies being received at
#    once share one budget (http.upload_total_mb: 503 past it, 413 over it); a real import works;
#  - one address holding 1,100 half-open connections does not lock out another address
#    (http.max_connections_per_ip), and a client trickling its head or body is cut at the
#    request deadline (http.request_deadline_seconds) while an idle keep-alive is not;
#  - %00 in a path is refused; a Transfer-Encoding other than chunked gets 501, not a hang;
#    256, 470 and 5,000 query pairs get replies (libmicrohttpd's pool used to run out silently);
#    an unreadable X-Forwarded-For from a trusted proxy is refused, not taken for the proxy.
# Runs its own servers on loopback (the second address is 127.0.0.2, as a client's source).
. "$ROOT/tests/scenario/lib.sh"
only_transport http "it starts and probes its own servers; the transport does not change it"
command -v curl >/dev/null || { fail server-limits "curl is missing (scripts/install-deps installs it)"; exit 1; }

S1=""; S2=""
trap 'for p in $S1 $S2; do kill "$p" 2>/dev/null; done' EXIT
for kv in http.max_connections_per_ip=8 http.request_deadline_seconds=5 http.upload_total_mb=8; do
  "$THIDUA" setting set "${kv%%=*}" "${kv#*=}" --db "$DB" >/dev/null || fail "setting $kv" "thidua setting set refused it"
done
TOKEN=$("$THIDUA" user token admin --label limits --db "$DB" 2>/dev/null | head -n1)
[ -n "$TOKEN" ] || { fail server-limits "no API token for admin"; exit 1; }
mkdir -p "$T/tmp"
# The flood below needs ~1,100 descriptors on each side.
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null
TMPDIR="$T/tmp" THIDUA_QUIET=0 serve_start "$T/serve.log" --threads 2 || { fail server-limits "server did not start: $(cat "$T/serve.log")"; exit 1; }
S1=$SRV
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$SRV/status"; }   # kB

cat > "$T/client.py" <<'PY'
import os, resource, socket, sys, threading, time
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, 4096), hard), hard))
port = int(sys.argv[2])

def connect(src="127.0.0.1", timeout=5):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(src, 0))

def read_reply(s, timeout):
    """Status of the first reply on s within timeout: 'none' if the server closed without one,
    'timeout' if nothing came."""
    s.settimeout(timeout)
    data = b""
    try:
        while b"\r\n" not in data:
            c = s.recv(4096)
            if not c:
                break
            data += c
    except socket.timeout:
        return "timeout"
    except OSError:
        pass
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    return line.split(" ")[1] if line.startswith("HTTP/") else "none"

def whole_reply(s, timeout):
    """Status of one whole reply (head and Content-Length body) on a keep-alive connection."""
    s.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            c = s.recv(4096)
            if not c:
                return "none"
            data += c
        head, rest = data.split(b"\r\n\r\n", 1)
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            c = s.recv(65536)
            if not c:
                return "none"
            rest += c
    except OSError:
        return "none"
    return head.split(b" ")[1].decode()

def wait_for(path, seconds):
    t0 = time.monotonic()
    while not os.path.exists(path) and time.monotonic() - t0 < seconds:
        time.sleep(0.05)

cmd = sys.argv[1]
if cmd == "raw":   # raw PORT REQUEST(with \r\n escapes) [TIMEOUT]: the reply's status
    s = connect()
    s.sendall(sys.argv[3].encode("latin-1").decode("unicode_escape").encode("latin-1"))
    print(read_reply(s, float(sys.argv[4]) if len(sys.argv) > 4 else 5))
elif cmd == "uploads":   # uploads PORT N MiB TOKEN|- READY STOP: N uploads declared 60 MiB - 1, MiB of each sent, held
    n, mib, token, ready, stop = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
    auth = "" if token == "-" else "Authorization: Bearer %s\r\n" % token
    head = ("POST /api/units/import HTTP/1.1\r\nHost: x\r\n%sContent-Type: multipart/form-data; boundary=b\r\n"
            "Content-Length: %d\r\n\r\n" % (auth, 60 * 1024 * 1024 - 1)).encode()
    # from four source addresses, so the per-address limit (8 here) does not refuse them first
    socks = [connect("127.0.0.%d" % (1 + i % 4), timeout=10) for i in range(n)]
    for s in socks:
        s.sendall(head)
    early = [read_reply(s, 1.0 if i == 0 else 0.05) for i, s in enumerate(socks)]
    chunk = b"--b\r\n" + b"x" * (1024 * 1024 - 5)
    sent = 0
    for s in socks:
        try:
            for _ in range(mib):
                s.sendall(chunk)
                sent += 1
        except OSError:
            pass
    print("early=%s sent_mib=%d" % (",".join(sorted(set(early))), sent))
    sys.stdout.flush()
    open(ready, "w").close()
    wait_for(stop, 20)
elif cmd == "flood":   # flood PORT N LIMIT: N half-open heads from 127.0.0.1, then one request from 127.0.0.2
    n = int(sys.argv[3])
    flood = []
    for _ in range(n):
        try:
            s = connect(timeout=2)
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            flood.append(s)
        except OSError:
            pass
    limit = int(sys.argv[4])
    def count_open():
        n = 0
        for s in flood:
            s.setblocking(False)
            try:
                n += 0 if s.recv(1) == b"" else 1
            except BlockingIOError:
                n += 1
            except OSError:
                pass
        return n
    t0 = time.monotonic()   # until the server has accepted (and refused) what waits in its queue
    while count_open() > limit and time.monotonic() - t0 < 5:
        time.sleep(0.2)
    t0 = time.monotonic()
    try:
        other = connect("127.0.0.2", timeout=3)
        other.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        st = read_reply(other, 3)
    except OSError as e:
        st = "error:" + type(e).__name__
    took = time.monotonic() - t0
    print("other=%s took=%.1f opened=%d still_open=%d" % (st, took, len(flood), count_open()))
elif cmd == "trickle":   # trickle PORT: a head and a body trickled, and an idle keep-alive; seconds until each is cut
    out = {}
    def head():
        s = connect()
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        t0 = time.monotonic()
        s.settimeout(0.2)
        for i in range(60):   # one header line every 0.25 s, for up to 15 s
            try:
                s.sendall(b"X-Slow-%d: v\r\n" % i)
                if s.recv(4096) == b"":
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        out["head"] = time.monotonic() - t0
    def body():
        s = connect()
        s.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n")
        t0 = time.monotonic()
        s.settimeout(0.2)
        for i in range(60):
            try:
                s.sendall(b"a=bcdefghi&")
                if s.recv(4096) == b"":
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        out["body"] = time.monotonic() - t0
    def keepalive():
        s = connect()
        first = second = "none"
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            first = whole_reply(s, 3)
            time.sleep(3)   # idle under the 5 s deadline and the 30 s idle timeout
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            second = whole_reply(s, 3)
        except OSError:
            pass
        out["keepalive"] = first + "," + second
    ts = [threading.Thread(target=f) for f in (head, body, keepalive)]
    for t in ts: t.start()
    for t in ts: t.join()
    print("head=%.1f body=%.1f keepalive=%s" % (out["head"], out["body"], out["keepalive"]))
PY
client() { c=$1; shift; python3 "$T/client.py" "$c" "$PORT" "$@"; }

# ======== 1. the reply cache and the query string ========
# The first request of a token records its use (a write, which empties the cache): warm up on
# another route first, so the three queries meet a cache that keeps what it holds.
curl -s -H "Authorization: Bearer $TOKEN" -w '##%{http_code}##' "$U/api/units/1" \
  "$U/api/units?limit=1" "$U/api/units?kind=nonsense" "$U/api/units?historic=1&limit=5000" -v 2> "$T/curl.v" > "$T/three"
answers=$(python3 - "$T/three" <<'PY'
import json, re, sys
parts = re.split(r"##(\d+)##", open(sys.argv[1]).read())[2:]   # after the warm-up
out = []
for body, code in zip(parts[0::2], parts[1::2]):
    try:
        d = json.loads(body)
        out.append("%s:%s" % (code, d.get("count", d.get("error"))))
    except ValueError:
        out.append("%s:unreadable" % code)
print(" ".join(out))
PY
)
n_all=$(sqlite3 "$DB" "SELECT count(*) FROM unit")
if grep -q 'Re-using existing connection' "$T/curl.v" && [ "$answers" = "200:1 400:bad_request 200:$n_all" ]; then
  ok "three queries on one connection, three answers ($answers)"
else fail cache-query "answers: $answers (want 200:1 400:bad_request 200:$n_all)"; fi

# ======== 2. bodies: decided from the head, spooled, budgeted ========
# -- anonymous uploads: 16 connections declare 60 MiB - 1 and send 4 MiB each, then hold --
r0=$(rss)
client uploads 16 4 - "$T/ready1" "$T/stop1" > "$T/up1.out" 2>&1 &
cp1=$!
for _ in $(seq 1 200); do [ -f "$T/ready1" ] && break; sleep 0.05; done
sleep 0.3
r1=$(rss)
touch "$T/stop1"; wait "$cp1"
up1=$(cat "$T/up1.out")
grown=$(( (r1 - r0) / 1024 ))
case $up1 in
  early=401\ *) ok "anonymous uploads: 401 from the head, before any body was sent ($up1)" ;;
  *) fail anon-upload-early "replies before the body: $up1" ;;
esac
[ "$grown" -lt 16 ] && ok "anonymous uploads: server memory grew ${grown} MiB (VmRSS $((r0 / 1024)) → $((r1 / 1024)) MiB)" \
  || fail anon-upload-rss "VmRSS grew ${grown} MiB ($((r0 / 1024)) → $((r1 / 1024)) MiB) while 16 anonymous uploads were held"

# -- an administrator's upload goes to a temporary file (unlinked), not to memory --
# (declared 60 MiB - 1 is over the 8 MiB budget of this test: 413 first, then one that fits)
client uploads 1 1 "$TOKEN" "$T/ready2" "$T/stop2" > "$T/up2.out" 2>&1 &
cp2=$!
for _ in $(seq 1 100); do [ -f "$T/ready2" ] && break; sleep 0.05; done
touch "$T/stop2"; wait "$cp2"
case $(cat "$T/up2.out") in early=413\ *) ok "an upload larger than the whole budget: 413 from the head" ;;
  *) fail upload-over-budget "$(cat "$T/up2.out")" ;; esac
python3 - "$PORT" "$TOKEN" "$T/ready3" "$T/stop3" > "$T/up3.out" 2>&1 <<'PY' &
import os, socket, sys, time
port, token, ready, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def held(mib_declared, mib_sent):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(("POST /api/units/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
               "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n"
               % (token, mib_declared * 1024 * 1024)).encode())
    s.sendall(b"x" * (mib_sent * 1024 * 1024))
    return s
first = held(6, 5)
second = socket.create_connection(("127.0.0.1", port), timeout=5)
second.sendall(("POST /api/units/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n" % (token, 6 << 20)).encode())
second.settimeout(2)
reply = b""
try:
    while b"\r\n\r\n" not in reply:
        c = second.recv(4096)
        if not c: break
        reply += c
except socket.timeout:
    pass
status = reply.split(b" ")[1].decode() if reply.startswith(b"HTTP/") else "none"
retry = b"retry-after: 30" in reply.lower()
print("second=%s retry_after=%s" % (status, retry))
sys.stdout.flush()
open(ready, "w").close()
t0 = time.monotonic()
while not os.path.exists(stop) and time.monotonic() - t0 < 20: time.sleep(0.05)
PY
cp3=$!
for _ in $(seq 1 100); do [ -f "$T/ready3" ] && break; sleep 0.05; done
r3=$(rss)
spool=$(ls -l "/proc/$SRV/fd" 2>/dev/null | grep -c "$T/tmp/thidua-upload-.*(deleted)")
touch "$T/stop3"; wait "$cp3"
grown=$(( (r3 - r0) / 1024 ))
[ "$spool" = 1 ] && [ "$grown" -lt 16 ] \
  && ok "an administrator's 5 MiB upload in flight: an unlinked temporary file, memory +${grown} MiB" \
  || fail upload-spool "temporary upload files open: $spool; VmRSS +${grown} MiB"
case $(cat "$T/up3.out") in
  "second=503 retry_after=True") ok "a second upload while the budget (8 MiB) is in use: 503 with Retry-After" ;;
  *) fail upload-budget "$(cat "$T/up3.out")" ;;
esac
# -- and a real import still works, now that the budget is free again --
printf 'code,name,kind,parent_code\nLIM1,Phòng Thử Giới Hạn,other,SGDDT\n' > "$T/lim.csv"
sleep 0.2
code=$(curl -s -o "$T/imp" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -F "file=@$T/lim.csv;type=text/csv" "$U/api/units/import")
[ "$code" = 200 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM unit WHERE code='LIM1'")" = 1 ] \
  && ok "an administrator's import through the spooled path works (200, the unit is there)" || fail upload-import "$code: $(head -c 300 "$T/imp")"
ls "$T/tmp" | grep -q . && fail upload-tmp "files left in the temporary directory: $(ls "$T/tmp")" || ok "no temporary file is left behind"

# ======== 3. one address cannot hold the server; slow clients are cut ========
out=$(client flood 1100 8)
other=$(echo "$out" | sed 's/.*other=\([^ ]*\).*/\1/'); still=$(echo "$out" | sed 's/.*still_open=\([0-9]*\).*/\1/')
[ "$other" = 200 ] && ok "1,100 half-open connections from 127.0.0.1: 127.0.0.2 is still served ($out)" || fail flood-other "$out"
[ -n "$still" ] && [ "$still" -le 8 ] && ok "127.0.0.1 kept at most its 8 connections ($still)" || fail flood-limit "$out"
sleep 0.5
out=$(client trickle)
head=$(echo "$out" | sed 's/.*head=\([0-9.]*\).*/\1/'); body=$(echo "$out" | sed 's/.*body=\([0-9.]*\).*/\1/')
if awk -v h="$head" -v b="$body" 'BEGIN { exit !(h >= 4 && h <= 8 && b >= 4 && b <= 8) }'; then
  ok "a trickled head and a trickled body are cut at the 5 s deadline ($out)"
else fail trickle "want both cut at 5 s (±): $out"; fi
case $out in *keepalive=200,200*) ok "an idle keep-alive connection is not cut: its next request is served" ;;
  *) fail keepalive "$out" ;; esac

# ======== 4. smaller points ========
for p in "/static/style.css%00.js" "/metrics%00.css" "/healthz%00"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$U$p")
  [ "$code" = 400 ] && ok "NUL in the path refused: $p" || fail "nul-path $p" "status $code"
done
for te in gzip "chunked, gzip" "gzip, chunked"; do
  st=$(client raw "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: $te\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nabc" 5)
  [ "$st" = 501 ] && ok "Transfer-Encoding: $te gets 501 at once" || fail "te $te" "got $st"
done
st=$(client raw "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n6\r\nlogin=\r\nf\r\nxem&password=ab\r\n0\r\n\r\n" 5)
[ "$st" = 401 ] && ok "a chunked body is still read (401 for a wrong password)" || fail te-chunked "got $st"
q470=$(python3 -c 'print("&".join("f%d=1" % i for i in range(470)), end="")')
q5000=$(python3 -c 'print("&".join("f%d=1" % i for i in range(5000)), end="")')
st=$(client raw "GET /login?$q470 HTTP/1.1\r\nHost: x\r\n\r\n" 5)
[ "$st" = 414 ] && ok "470 query pairs: answered 414 (over 256)" || fail query-470 "got $st"
q256=$(python3 -c 'print("&".join("field%d=%s" % (i, "x" * 40) for i in range(256)), end="")')
st=$(client raw "GET /login?$q256 HTTP/1.1\r\nHost: x\r\n\r\n" 5)
[ "$st" = 200 ] && ok "256 query pairs of 12 KiB: answered 200" || fail query-256 "got $st"
st=$(client raw "GET /login?$q5000 HTTP/1.1\r\nHost: x\r\n\r\n" 5)
[ "$st" = 414 ] && ok "5,000 query pairs: answered 414" || fail query-5000 "got $st"
code=$(curl -s -o "$T/q" -w '%{http_code}' "$U/login?$(python3 -c 'print("&".join("f%d=1" % i for i in range(257)), end="")')")
[ "$code" = 414 ] && grep -q 'quá nhiều tham số' "$T/q" && ok "257 query pairs: 414 with the reason" || fail query-257 "got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/healthz")
[ "$code" = 200 ] && ok "the server is healthy after all of the above" || fail health "status $code"
kill "$S1"; wait "$S1" 2>/dev/null; S1=""

# -- behind a trusted proxy: an unreadable X-Forwarded-For is refused; the proxy has no limit --
THIDUA_QUIET=1 serve_start "$T/proxy.log" --threads 2 --trusted-proxy 127.0.0.1 || { fail proxy-server "$(cat "$T/proxy.log")"; exit 1; }
S2=$SRV
for xff in "not-an-address" "203.0.113.9, junk"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $xff" "$U/metrics")
  [ "$code" = 400 ] && ok "via a trusted proxy, X-Forwarded-For '$xff' on /metrics: 400" || fail "xff $xff" "status $code"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 203.0.113.9" "$U/metrics")
[ "$code" = 403 ] && ok "via a trusted proxy, a remote client gets no /metrics (403)" || fail xff-remote "status $code"
out=$(client flood 30 30)
case $out in *other=200*still_open=30*) ok "a trusted proxy is not held to the per-address limit ($out)" ;;
  *) fail proxy-limit "$out" ;; esac
kill "$S2"; wait "$S2" 2>/dev/null; S2=""
trap - EXIT
