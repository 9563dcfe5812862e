# tests/scenario/fund_receipts.sh: receipt numbers stay gap-free under concurrent issuing over
# HTTP. Two `thidua serve` processes on one database; eight clients (curl loops, alternating the
# two servers) issue receipts for distinct donations of one fund for FUND_RECEIPT_SECONDS
# (default 5 s for CI; the issue asks for 30 s by hand: FUND_RECEIPT_SECONDS=30). Then: the
# numbers are 1..N with no gap and no repeat, every number in the register belongs to a stored
# receipt of that donation, and every number a client was given is one of them, once. Also a PDF
# receipt with the amount in words. It starts its own servers, so it runs under the http
# transport only.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "it runs its own two servers"

SECONDS_RUN=${FUND_RECEIPT_SECONDS:-5}
CLIENTS=8
"$THIDUA" fund add --name "Quỹ thử biên nhận" --code RCPT --db "$DB" >/dev/null
FUND=$(sql "SELECT id FROM fund WHERE code='RCPT'")
# enough donations that no client runs out: 4,000 transfers of 2024
awk 'BEGIN { print "date,bank,id,money,desc,page";
             for (i = 1; i <= 4000; i++) printf "%02d/09 %02d:%02d:%02d,BIDV,%d,%d,NGUYEN VAN KHACH %d ung ho,_\n",
                 1 + i % 28, i % 24, i % 60, (i * 7) % 60, i, 10000 * (1 + i % 50), i }' > "$T/many.csv"
"$THIDUA" donation import --fund RCPT --profile saoke --year 2024 "$T/many.csv" --db "$DB" >/dev/null 2>&1
N=$(sql "SELECT count(*) FROM donation WHERE fund_id=$FUND")
[ "$N" = 4000 ] && ok receipts-setup || { fail receipts-setup "$N donations"; exit 0; }
sql "SELECT id FROM donation WHERE fund_id=$FUND" >/dev/null
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("\n".join(str(r[0]) for r in c.execute("SELECT id FROM donation WHERE fund_id=? ORDER BY id", (int(sys.argv[2]),))))' "$DB" "$FUND" > "$T/ids"

login canbo.ban || exit 1
serve_start "$T/srv1.log" --threads 4 || { fail receipts-serve1 "$(tail -3 "$T/srv1.log")"; exit 0; }
U1=$U; S1=$SRV
serve_start "$T/srv2.log" --threads 4 || { fail receipts-serve2 "$(tail -3 "$T/srv2.log")"; kill "$S1"; exit 0; }
U2=$U; S2=$SRV

end=$(( $(date +%s) + SECONDS_RUN ))
pids=""
for k in $(seq 0 $((CLIENTS - 1))); do
  (
    n=0
    awk -v k="$k" -v c="$CLIENTS" 'NR % c == k' "$T/ids" | while read -r id; do
      [ "$(date +%s)" -lt "$end" ] || break
      if [ $((n % 2)) = 0 ]; then u=$U1; else u=$U2; fi
      n=$((n + 1))
      # one line per reply: the body, a space, the status
      { curl -s -w ' %{http_code}' -X POST -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" \
          "$u/api/funds/$FUND/donations/$id/receipt" | tr -d '\n'; echo; } >> "$T/client.$k"
    done
  ) &
  pids="$pids $!"
done
wait $pids
kill -TERM "$S1" "$S2" 2>/dev/null
wait "$S1" "$S2" 2>/dev/null

python3 - "$DB" "$FUND" "$T" "$CLIENTS" "$SECONDS_RUN" <<'PY'
import glob, json, sqlite3, sys
db, fund, tmp, clients, secs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
c = sqlite3.connect(db)
def check(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
given, statuses = [], {}
for f in glob.glob(tmp + "/client.*"):
    for line in open(f, encoding="utf-8").read().split("\n"):
        if not line: continue
        body, _, code = line.rpartition(" ")
        statuses[code] = statuses.get(code, 0) + 1
        if code == "201":
            given.append(json.loads(body)["number"])
nums = [r[0] for r in c.execute("SELECT number FROM donation_receipt WHERE fund_id=? AND year=2024 ORDER BY number", (fund,))]
check("receipts-issued (%d in %s s by %d clients over 2 servers; replies %s)" % (len(nums), secs, clients, statuses),
      len(nums) > 0 and set(statuses) == {"201"}, "replies %s" % statuses)
check("receipts-no-gap-no-repeat", nums == list(range(1, len(nums) + 1)), "numbers %s…" % nums[:20])
reg = c.execute("SELECT number, document FROM numbering_entry WHERE kind='receipt' AND owner=? AND year=2024 ORDER BY number",
                ("fund:%d" % fund,)).fetchall()
stored = {n: d for n, d in c.execute("SELECT number, donation_id FROM donation_receipt WHERE fund_id=? AND year=2024", (fund,))}
check("receipts-register-matches", len(reg) == len(nums) and all(stored.get(n) is not None and d == "donation_receipt:%d" % stored[n] for n, d in reg),
      "%d register entries for %d receipts" % (len(reg), len(nums)))
check("receipts-clients-got-each-once", sorted(given) == nums, "%d numbers given, %d stored" % (len(given), len(nums)))
PY

# a PDF receipt: amount in figures and words
FIRST=$(sql "SELECT donation_id FROM donation_receipt WHERE fund_id=$FUND AND number=1")
"$THIDUA" donation receipt "$FIRST" --pdf "$T/r.pdf" --db "$DB" >/dev/null
if command -v pdftotext >/dev/null; then
  pdftotext "$T/r.pdf" - > "$T/r.txt" 2>/dev/null
  grep -q "BIÊN NHẬN" "$T/r.txt" && grep -q "Bằng chữ:" "$T/r.txt" && grep -q "Số: 1/2024/BN-RCPT" "$T/r.txt" \
    && ok receipt-pdf || fail receipt-pdf "$(head -20 "$T/r.txt")"
else
  echo "SKIP receipt-pdf: no pdftotext"
fi
