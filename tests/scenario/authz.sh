# tests/scenario/authz.sh: the authorisation matrix. Runs every row of tests/authz/matrix.tsv
# (a request × the six roles: anonymous, admin, officer, reporter, council, viewer) against a
# live `thidua serve --test-rollback` (every request's writes undone, so rows stay independent)
# and compares each reply's status (and Location) with the row's expectation; every reply must
# also carry the security headers, and the server must end without a sanitizer report. Then
# checks the matrix against `thidua routes`: a route with a method the matrix has no row for
# FAILS (a new route must be added here with its expectations), as does a row for a route that
# no longer exists. Also lints the table itself: state-changing routes that need a login must
# carry CSRF, scope-checked writes on a unit need rows for an own and an other unit, route
# names are unique. The rows are sent by one small Python program over kept-alive connections:
# a shell spawning processes per request was the slow part, not the server.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "its matrix runs against its own live server (--test-rollback); only its logins use the transport"
MATRIX=${AUTHZ_MATRIX:-$ROOT/tests/authz/matrix.tsv}
TAB=$(printf '\t')
ROLES="anonymous admin officer reporter council viewer"
login_of() {
  case $1 in
    admin) echo admin ;; officer) echo canbo.ban ;; reporter) echo baocao.soyte ;;
    council) echo hoidong ;; viewer|anonymous) echo xem ;;
  esac
}
q() { sqlite3 -batch -noheader "$DB" "$1" </dev/null; }

[ -f "$MATRIX" ] || { fail authz "no matrix file $MATRIX"; exit 1; }
command -v curl >/dev/null || { fail authz "curl is missing (scripts/install-deps installs it)"; exit 1; }

# ---- data: the matrix's own fixtures, then a unit outside every role's subtree ----
grep "^%setup$TAB" "$MATRIX" | cut -f2- | while IFS= read -r sql; do
  q "$sql" || fail authz-setup "%setup failed: $sql"
done
other_sql=$(grep "^%def${TAB}other$TAB" "$MATRIX" | cut -f3-)
for role in $ROLES; do
  if [ -z "$(q "$(echo "$other_sql" | sed "s/:login/'$(login_of "$role")'/g")")" ]; then
    q "INSERT INTO unit(kind, name, name_fold, sort_key, created_at, updated_at)
       VALUES ('other', 'Đơn vị kiểm thử ngoài cây', 'don vi kiem thu ngoai cay', x'01',
               '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')" || fail authz-setup "cannot add the outside unit"
    break
  fi
done

# ---- one session per role (before the server: its test mode would roll a login back) ----
for role in $ROLES; do
  [ "$role" = anonymous ] && continue
  login "$(login_of "$role")" || exit 1
  eval "COOKIE_$role=\$COOKIE; CSRF_$role=\$CSRF; export COOKIE_$role CSRF_$role"
done
COOKIE=""; CSRF=""

# ---- the server, in test mode ----
THIDUA_QUIET=1 serve_start "$T/serve.log" --threads 2 --test-rollback \
  || { fail authz-server "did not start: $(tail -n 5 "$T/serve.log")"; kill "$SRV" 2>/dev/null; exit 1; }
trap 'kill "$SRV" 2>/dev/null' EXIT
before_audit=$(q "SELECT count(*) FROM audit_log")

# ---- the rows ----
python3 - "$MATRIX" "$DB" "$PORT" "$T/covered" <<'PY'
import http.client, os, re, sqlite3, sys

matrix, db, port, covered_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ROLES = ["anonymous", "admin", "officer", "reporter", "council", "viewer"]
LOGIN = {"anonymous": "xem", "admin": "admin", "officer": "canbo.ban", "reporter": "baocao.soyte",
         "council": "hoidong", "viewer": "xem"}
lines = open(matrix, encoding="utf-8").read().split("\n")
defs = {l.split("\t")[1]: l.split("\t", 2)[2] for l in lines if l.startswith("%def\t")}
con = sqlite3.connect(db)
cache = {}

def resolve(name, role):
    if name == "csrf":
        return os.environ.get("CSRF_" + role, "")
    if (name, role) not in cache:
        v = ""
        if name in defs:
            row = con.execute(defs[name].replace(":login", "'%s'" % LOGIN[role])).fetchone()
            v = "" if row is None or row[0] is None else str(row[0])
        cache[(name, role)] = v
    return cache[(name, role)]

def substitute(text, role):
    missing = []
    def one(m):
        v = resolve(m.group(1), role)
        if v == "" and m.group(1) != "csrf":
            missing.append(m.group(0))
        return v
    out = re.sub(r"\{([a-z_][a-z0-9_]*)\}", one, text)
    return out, missing

conn = None
def send(method, path, headers, body):
    global conn
    for attempt in (1, 2):
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            if r.getheader("Connection", "").lower() == "close":
                conn.close(); conn = None
            return r
        except (http.client.HTTPException, ConnectionError, OSError):
            if conn: conn.close()
            conn = None
            if attempt == 2:
                raise

def judge(role, want, r):
    status = str(r.status)
    loc = r.getheader("Location") or ""
    want_status, _, want_loc = want.partition(":")
    probs = []
    if status != want_status:
        probs.append("%s: got %s%s, want %s" % (role, status, " → " + loc if loc else "", want))
    elif want_loc:
        ok = loc.startswith(want_loc[:-1]) if want_loc.endswith("*") else loc == want_loc
        if not ok:
            probs.append("%s: Location '%s', want '%s'" % (role, loc, want_loc))
    csp = r.getheader("Content-Security-Policy") or ""
    if "default-src" not in csp or r.getheader("X-Content-Type-Options") != "nosniff" \
       or r.getheader("X-Frame-Options") != "DENY":
        probs.append("%s: security headers missing (status %s)" % (role, status))
    return probs

covered = open(covered_path, "w")
rows = 0
for line in lines:
    if not line or line[0] in "#%":
        continue
    f = line.split("\t")
    if len(f) != 10 or any(x == "" for x in f):
        print("FAIL authz-matrix: row '%s' must have 4 fields and 6 statuses (one per role)" % line[:80])
        continue
    rows += 1
    method, route, path, body, wants = f[0], f[1], f[2], f[3], f[4:]
    if route != "-":
        covered.write("%s %s\n" % (method, route))
    problems = []
    for role, want in zip(ROLES, wants):
        p, miss = substitute(path, role)
        b, miss2 = substitute(body, role) if body != "-" else ("", [])
        if miss or miss2:
            problems.append("%s: placeholder %s has no value" % (role, (miss + miss2)[0]))
            continue
        headers = {"Host": "test"}
        if role != "anonymous":
            headers["Cookie"] = os.environ["COOKIE_" + role]
            # API clients send the session's CSRF token in a header (JSON bodies, bodiless writes).
            if method not in ("GET", "HEAD") and (b == "" or b[0] in "{["):
                headers["X-CSRF-Token"] = os.environ["CSRF_" + role]
        data = None
        if method not in ("GET", "HEAD"):
            headers["Content-Type"] = "application/json" if b[:1] in ("{", "[") else "application/x-www-form-urlencoded"
            data = b.encode("utf-8")
        try:
            r = send(method, p, headers, data)
        except Exception as e:
            problems.append("%s: no reply (%s)" % (role, e))
            continue
        problems += judge(role, want, r)
    if problems:
        print("FAIL authz: %s %s: %s" % (method, path, "; ".join(problems)))
    else:
        print("PASS authz: %s %s" % (method, path))
    sys.stdout.flush()
covered.close()
if rows == 0:
    print("FAIL authz-matrix: no rows in %s" % matrix)
PY
after_audit=$(q "SELECT count(*) FROM audit_log")
[ "$before_audit" = "$after_audit" ] && ok "authz: every write was rolled back (audit log unchanged)" \
  || fail "authz: test rollback" "audit log went from $before_audit to $after_audit rows"
kill "$SRV"; wait "$SRV" 2>/dev/null
trap - EXIT
if grep -q 'Sanitizer\|runtime error' "$T/serve.log"; then
  fail "authz: the server stayed clean" "$(grep -m3 'Sanitizer\|runtime error' "$T/serve.log")"
else ok "authz: the server stayed clean (no sanitizer reports)"; fi

# ---- coverage against the route table ----
"$THIDUA" routes > "$T/routes" 2>"$T/routes.err" || { fail authz-routes "thidua routes failed: $(cat "$T/routes.err")"; exit 1; }
missing=""; scope=""; csrf=""
while IFS="$TAB" read -r methods rpath cap flags name; do
  case $methods in '#'*|'') continue ;; esac
  for m in $methods; do
    grep -qxF "$m $rpath" "$T/covered" || missing="$missing $m $rpath;"
    # A write that needs a signed-in user must carry the CSRF check (cookie sessions are ambient).
    if [ "$m" != GET ] && [ "$cap" != public ]; then
      case ",$flags," in *,csrf,*) ;; *) csrf="$csrf $m $rpath;" ;; esac
    fi
    # Scope-checked unit writes need an own-unit and an other-unit row.
    case "$cap:$rpath" in
      unit.write:*'{'*|report.write:*'{'*|dossier.write:*'{'*)
        for which in own other; do
          awk -F"$TAB" -v m="$m" -v r="$rpath" -v w="{$which}" '$1 == m && $2 == r && index($3, w) { found = 1 } END { exit !found }' "$MATRIX" \
            || scope="$scope $m $rpath needs a {$which} row;"
        done ;;
    esac
  done
done < "$T/routes"
if [ -z "$missing" ]; then ok "authz: every route in the table has matrix rows ($(grep -vc '^#' "$T/routes") routes)"
else fail "authz: routes without matrix rows" "${missing% ;} — add rows with the expected status per role to tests/authz/matrix.tsv"; fi
stale=""
while read -r m r; do
  awk -F"$TAB" -v m="$m" -v r="$r" '$2 == r { n = split($1, a, " "); for (i = 1; i <= n; i++) if (a[i] == m) f = 1 } END { exit !f }' "$T/routes" \
    || stale="$stale $m $r;"
done < "$T/covered"
if [ -z "$stale" ]; then ok "authz: every matrix row names an existing route"
else fail "authz: matrix rows for routes that do not exist" "$stale"; fi
if [ -z "$csrf" ]; then ok "authz: every signed-in write carries the CSRF check"
else fail "authz: writes without CSRF" "$csrf"; fi
if [ -z "$scope" ]; then ok "authz: unit-scoped writes are tested on an own and an other unit"
else fail "authz: unit-scoped writes lack rows" "$scope"; fi
dups=$(grep -v '^#' "$T/routes" | cut -f5 | sort | uniq -d | tr '\n' ' ')
if [ -z "$dups" ]; then ok "authz: route names are unique"; else fail "authz: duplicate route names" "$dups"; fi
