# tests/scenario/reliability.sh: what must survive a crash and concurrency (design: "kill -9
# during a large import, restart, check integrity and that a re-run completes exactly once;
# concurrent writers through several server processes lose nothing").
#  1. A 20,000-line unit import killed with SIGKILL part-way: the database checks clean, holds
#     none of the file's units, the audit chain verifies; the re-run imports every line once, and
#     a third run finds them all present (nothing doubled).
#  2. Two `thidua serve` processes on one database, four clients writing through both at once:
#     every unit answered 201 is stored exactly once, nothing else is, the audit log has one entry
#     per unit and verifies, and both servers (each with its workers' caches) list all of them.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "its servers and CLI runs are its own; it sends no request through the transport"
command -v curl >/dev/null || { fail reliability "curl is missing (scripts/install-deps installs it)"; exit 1; }
units() { sqlite3 "$1" "SELECT count(*) FROM unit WHERE name LIKE '$2%'"; }

# ======== 1. SIGKILL in the middle of an import ========
N=20000
{
  echo "code,name,kind,parent_code"
  i=0; while [ $i -lt $N ]; do echo "RL$i,Trường Thử Sập Nguồn số $i,school,SGDDT"; i=$((i + 1)); done
} > "$T/big.csv"
# How long a whole import takes here (on a copy), so the kill can land inside the next one.
cp "$DB" "$T/timing.db"
t0=$(date +%s%N)
THIDUA_QUIET=1 "$THIDUA" unit import "$T/big.csv" --db "$T/timing.db" > /dev/null 2>&1
full_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
rm -f "$T"/timing.db*

# Kill once the import is writing: it checks every line first, without the write lock, and then
# writes them all in one transaction whose pages reach the WAL before the commit (SQLite spills
# them), so a WAL of 256 KiB means the kill lands inside that transaction; polled every 10 ms for
# up to a whole run. The first attempt that kills a live process counts.
killed=""
for attempt in 1 2 3; do
  cp "$DB" "$T/crash.db"
  THIDUA_QUIET=1 "$THIDUA" unit import "$T/big.csv" --db "$T/crash.db" > "$T/import.out" 2>&1 &
  pid=$!
  wal=0; waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$wal" -lt 262144 ] && [ $waited -lt $((full_ms + 300)) ]; do
    sleep 0.01; waited=$((waited + 10))
    wal=$(stat -c %s "$T/crash.db-wal" 2>/dev/null || echo 0)
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null; rc=$?
  if [ "$rc" = 137 ]; then killed="while writing: WAL at $wal bytes, ~${waited} ms in; a full run takes ${full_ms} ms"; break; fi
  rm -f "$T"/crash.db*
done
if [ -z "$killed" ]; then
  fail "reliability: kill -9 mid-import" "every import finished before the kill (full run ${full_ms} ms)"
else
  ok "reliability: an import of $N lines killed with SIGKILL ($killed)"
  chk=$("$THIDUA" check-db --db "$T/crash.db" 2>&1)
  [ "$chk" = ok ] && ok "reliability: after the kill the database checks clean" || fail "reliability: check-db" "$chk"
  n=$(units "$T/crash.db" "Trường Thử Sập Nguồn")
  [ "$n" = 0 ] && ok "reliability: nothing of the killed import is stored (atomic)" || fail "reliability: half-written" "$n units stored"
  "$THIDUA" audit verify --db "$T/crash.db" > "$T/verify.out" 2>&1 \
    && ok "reliability: the audit chain verifies after the kill" || fail "reliability: audit after kill" "$(cat "$T/verify.out")"
  THIDUA_QUIET=1 "$THIDUA" unit import "$T/big.csv" --db "$T/crash.db" > "$T/rerun.out" 2>&1; rc=$?
  n=$(units "$T/crash.db" "Trường Thử Sập Nguồn")
  [ $rc = 0 ] && [ "$n" = $N ] && ok "reliability: the re-run imports all $N lines" || fail "reliability: re-run" "exit $rc, $n units: $(tail -n 3 "$T/rerun.out")"
  THIDUA_QUIET=1 "$THIDUA" unit import "$T/big.csv" --db "$T/crash.db" > "$T/third.out" 2>&1
  n=$(units "$T/crash.db" "Trường Thử Sập Nguồn")
  [ "$n" = $N ] && grep -q "$N dòng đều đã có" "$T/third.out" && ok "reliability: a third run adds nothing ($N duplicates)" \
    || fail "reliability: third run" "$n units: $(tail -n 2 "$T/third.out")"
  "$THIDUA" audit verify --db "$T/crash.db" > "$T/verify.out" 2>&1 \
    && ok "reliability: the audit chain verifies after the re-runs" || fail "reliability: audit after re-runs" "$(cat "$T/verify.out")"
fi

# ======== 2. concurrent writers through two server processes ========
TOKEN=$("$THIDUA" user token admin --label reliability --db "$DB" 2>/dev/null | head -n1)
[ -n "$TOKEN" ] || { fail "reliability: token" "thidua user token gave none"; exit 0; }
THIDUA_QUIET=1 serve_start "$T/serve-a.log" --threads 2 || { fail "reliability: server A" "$(cat "$T/serve-a.log")"; exit 0; }
UA=$U; SA=$SRV
THIDUA_QUIET=1 serve_start "$T/serve-b.log" --threads 2 || { fail "reliability: server B" "$(cat "$T/serve-b.log")"; kill "$SA"; exit 0; }
UB=$U; SB=$SRV
trap 'kill "$SA" "$SB" 2>/dev/null' EXIT
audit_before=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action='create' AND entity='unit'")

W=4; PER=40
writer() { # K: PER units, alternately through A and B; one line "status name" per request
  i=0
  while [ $i -lt $PER ]; do
    if [ $((i % 2)) = 0 ]; then base=$UA; else base=$UB; fi
    name="Đơn vị Ghi Song Song $1-$i"
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' --data "{\"name\":\"$name\",\"kind\":\"other\",\"parent_id\":\"SGDDT\"}" \
      "$base/api/units")
    echo "$code $name"
    i=$((i + 1))
  done > "$T/writer.$1"
}
pids=""
k=1; while [ $k -le $W ]; do writer $k & pids="$pids $!"; k=$((k + 1)); done
for p in $pids; do wait "$p"; done
cat "$T"/writer.* > "$T/written"
created=$(grep -c '^201 ' "$T/written")
others=$(grep -vc '^201 ' "$T/written")
stored=$(units "$DB" "Đơn vị Ghi Song Song")
[ "$created" = $((W * PER)) ] && ok "reliability: $created concurrent creates through two servers, all answered 201" \
  || fail "reliability: concurrent answers" "$created of $((W * PER)) answered 201; others: $(grep -v '^201 ' "$T/written" | cut -d' ' -f1 | sort | uniq -c | tr '\n' ' ')"
missing=0; doubled=0
while read -r code name; do
  c=$(sqlite3 "$DB" "SELECT count(*) FROM unit WHERE name = '$name'")
  if [ "$code" = 201 ] && [ "$c" != 1 ]; then missing=$((missing + 1)); fi
  if [ "$code" != 201 ] && [ "$c" != 0 ]; then doubled=$((doubled + 1)); fi
done < "$T/written"
[ "$missing" = 0 ] && [ "$doubled" = 0 ] && [ "$stored" = "$created" ] \
  && ok "reliability: every 201 stored exactly once, nothing else ($stored units; $others refused)" \
  || fail "reliability: lost or extra writes" "missing $missing, stored without 201 $doubled, stored $stored, created $created"
audit_after=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action='create' AND entity='unit'")
[ $((audit_after - audit_before)) = "$created" ] && ok "reliability: one audit entry per created unit" \
  || fail "reliability: audit entries" "$((audit_after - audit_before)) entries for $created units"
"$THIDUA" audit verify --db "$DB" > "$T/verify.out" 2>&1 \
  && ok "reliability: the audit chain verifies after concurrent writers" || fail "reliability: audit concurrent" "$(cat "$T/verify.out")"
sleep 0.1   # another process's writes reach a server's caches within 50 ms
for s in A B; do
  if [ $s = A ]; then base=$UA; else base=$UB; fi
  total=""
  for _ in 1 2 3 4; do   # several requests: each may land on either worker of the server
    t=$(curl -s -H "Authorization: Bearer $TOKEN" "$base/api/units?q=ghi+song+song&limit=1000" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null)
    [ "$t" = "$stored" ] || { total="$t"; break; }
    total=$t
  done
  [ "$total" = "$stored" ] && ok "reliability: server $s lists all $stored units on every worker" \
    || fail "reliability: server $s listing" "total $total, stored $stored"
done
kill -TERM "$SA" "$SB" 2>/dev/null; wait "$SA" "$SB" 2>/dev/null
chk=$("$THIDUA" check-db --db "$DB" 2>&1)
[ "$chk" = ok ] && ok "reliability: the database checks clean after both servers stop" || fail "reliability: check-db end" "$chk"
