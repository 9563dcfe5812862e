# tests/scenario/authz.sh: the authorisation matrix. Runs every row of tests/authz/matrix.tsv
# (a request × the six roles: anonymous, admin, officer, reporter, council, viewer) through
# `thidua http` and compares each reply's status (and Location) with the row's expectation; every
# reply must also carry the security headers. Then checks the matrix against `thidua routes`:
# a route with a method the matrix has no row for FAILS (a new route must be added here with its
# expectations), as does a row for a route that no longer exists. Also lints the table itself:
# state-changing routes that need a login must carry CSRF, scope-checked writes on a unit need
# rows for an own and an other unit, route names are unique.
. "$ROOT/tests/scenario/lib.sh"
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
DEFS=$T/def; VALS=$T/val
mkdir -p "$DEFS" "$VALS"

# ---- placeholders ----
grep "^%def$TAB" "$MATRIX" | while IFS="$TAB" read -r _ name sql; do
  printf '%s\n' "$sql" > "$DEFS/$name"
done

resolve() { # NAME ROLE → value on stdout; empty if unknown
  if [ "$1" = csrf ]; then eval "printf '%s' \"\${CSRF_$2-}\""; return; fi
  cache="$VALS/$1.$2"
  if [ ! -f "$cache" ]; then
    [ -f "$DEFS/$1" ] || { : > "$cache"; return; }
    sql=$(sed "s/:login/'$(login_of "$2")'/g" "$DEFS/$1")
    q "$sql" | head -n1 | tr -d '\n' > "$cache"
  fi
  cat "$cache"
}

substitute() { # TEXT ROLE → TEXT with every {name} resolved; returns 1 if one is empty
  s=$1
  while ph=$(printf '%s' "$s" | grep -o '{[a-z_][a-z0-9_]*}' | head -n1) && [ -n "$ph" ]; do
    name=${ph#\{}; name=${name%\}}
    v=$(resolve "$name" "$2")
    [ -n "$v" ] || [ "$name" = csrf ] || { printf '%s' "$ph"; return 1; }
    s=$(printf '%s' "$s" | sed "s|{$name}|$v|g")
  done
  printf '%s' "$s"
}

# ---- data: the matrix's own fixtures, then a unit outside every role's subtree ----
grep "^%setup$TAB" "$MATRIX" | cut -f2- | while IFS= read -r sql; do
  q "$sql" || fail authz-setup "%setup failed: $sql"
done

for role in $ROLES; do
  if [ -z "$(resolve other "$role")" ]; then
    q "INSERT INTO unit(kind, name, name_fold, sort_key, created_at, updated_at)
       VALUES ('other', 'Đơn vị kiểm thử ngoài cây', 'don vi kiem thu ngoai cay', x'01',
               '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')" || fail authz-setup "cannot add the outside unit"
    rm -f "$VALS/"*
    break
  fi
done

# ---- one session per role ----
for role in $ROLES; do
  [ "$role" = anonymous ] && continue
  login "$(login_of "$role")" || exit 1
  eval "COOKIE_$role=\$COOKIE; CSRF_$role=\$CSRF"
done
COOKIE=""; CSRF=""; CSRF_anonymous=""
BASE_DB=$DB
# Resolve every placeholder for every role now, so the parallel requests below only read.
for f in "$DEFS"/*; do
  [ -f "$f" ] || continue
  for role in $ROLES; do resolve "$(basename "$f")" "$role" >/dev/null; done
done

# ---- the rows ----
: > "$T/covered"
rows=0
while IFS="$TAB" read -r method route path body e1 e2 e3 e4 e5 e6 extra; do
  case $method in ''|'#'*|%*) continue ;; esac
  rows=$((rows + 1))
  if [ -z "${e6:-}" ] || [ -n "${extra:-}" ]; then
    fail "authz-matrix" "row '$method $path' must have 4 fields and 6 statuses (one per role)"; continue
  fi
  [ "$route" != - ] && printf '%s %s\n' "$method" "$route" >> "$T/covered"
  # The six roles' requests are independent (each its own reply files and, for writes, its own
  # copy of the database): run them side by side, then compare.
  i=0
  for role in $ROLES; do
    i=$((i + 1))
    eval "want=\$e$i"
    (
      T=$T/role.$role; mkdir -p "$T"; REPLY_FILE=$T/reply; BODY_FILE=$T/body; : > "$T/problem"
      if ! p=$(substitute "$path" "$role"); then echo "$role: placeholder $p has no value" > "$T/problem"; exit 0; fi
      b=""
      if [ "$body" != - ] && ! b=$(substitute "$body" "$role"); then echo "$role: placeholder $b has no value" > "$T/problem"; exit 0; fi
      case $b in '{'*|'['*) ct=application/json ;; *) ct=application/x-www-form-urlencoded ;; esac
      if [ "$role" = anonymous ]; then COOKIE=""; else eval "COOKIE=\$COOKIE_$role"; fi
      case $method in
        GET|HEAD) DB=$BASE_DB ;;
        *) cp "$BASE_DB" "$T/scratch.db"; rm -f "$T/scratch.db-wal" "$T/scratch.db-shm"; DB=$T/scratch.db ;;
      esac
      # API clients send the session's CSRF token in a header (JSON bodies, bodiless DELETEs).
      EXTRA_HEADERS=""
      case "$method:$b" in GET:*|HEAD:*) ;; *:|*:'{'*|*:'['*) [ -n "$COOKIE" ] && eval "EXTRA_HEADERS=\"X-CSRF-Token: \$CSRF_$role\"" ;; esac
      http "$method" "$p" "$b" "$ct"
      want_status=${want%%:*}
      loc=$(grep -i '^Location: ' "$REPLY_FILE" | head -n1 | sed 's/^[^:]*: //' | tr -d '\r')
      if [ "$STATUS" != "$want_status" ]; then
        echo "$role: got $STATUS${loc:+ → $loc}, want $want" > "$T/problem"
      elif [ "$want" != "$want_status" ]; then
        want_loc=${want#*:}
        case $want_loc in
          *'*') case $loc in "${want_loc%\*}"*) ;; *) echo "$role: Location '$loc', want '$want_loc'" > "$T/problem" ;; esac ;;
          *) [ "$loc" = "$want_loc" ] || echo "$role: Location '$loc', want '$want_loc'" > "$T/problem" ;;
        esac
      fi
      if ! grep -qi '^Content-Security-Policy: .*default-src' "$REPLY_FILE" || ! grep -qi '^X-Content-Type-Options: nosniff' "$REPLY_FILE" \
         || ! grep -qi '^X-Frame-Options: DENY' "$REPLY_FILE"; then
        echo "$role: security headers missing (status $STATUS)" >> "$T/problem"
      fi
    ) &
  done
  wait
  problems=$(cat "$T"/role.*/problem | tr '\n' ';' | sed 's/;$//; s/;/; /g')
  if [ -z "$problems" ]; then ok "authz: $method $path"; else fail "authz: $method $path" "$problems"; fi
done < "$MATRIX"
[ "$rows" -gt 0 ] || fail authz-matrix "no rows in $MATRIX"

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
