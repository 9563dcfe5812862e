# tests/scenario/registers.sh: the numbering registers' pages and CLI (numbering_web.c,
# numbering_cmd.c): the list and a register's numbers, voiding with a reason (kept, audited,
# refused twice, refused without a reason or the capability), and the same through the CLI.
# Numbers are put in as fixtures: features take them with numbering_next (test_numbering.c).
. "$ROOT/tests/scenario/lib.sh"

python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = [("receipt", "fund:1", 2026, n, "donation_receipt:%d" % n, "auto") for n in (1, 2, 3)]
rows.append(("decision", "issuer:UBND", 2026, 12, "decision:<b>7</b>", "claim"))
c.executemany("INSERT INTO numbering_entry(kind, owner, year, number, document, origin, created_at)"
              " VALUES (?,?,?,?,?,?,'2026-03-01T02:00:00Z')", rows)
c.commit()
PY

out=$("$THIDUA" register list --db "$DB")
echo "$out" | grep -q "^receipt	fund:1	2026	3	3	0$" && ok cli-list || fail cli-list "$out"

login xem
http GET /registers; expect_status viewer-denied 403
login admin
http GET /registers; expect_status list 200
expect_body list-link 'href="/registers/receipt/fund%3A1/2026"'
http GET /registers/receipt/fund:1/2026; expect_status show 200
expect_body show-document 'donation_receipt:2'
expect_body show-void-form 'action="/registers/receipt/fund%3A1/2026/2/void"'
http GET /registers/decision/issuer:UBND/2026; expect_body show-escaped 'decision:&lt;b&gt;7&lt;/b&gt;'
expect_body show-claimed 'số nhập tay'
http GET /registers/receipt/fund:9/2026; expect_status show-unknown 404

http POST /registers/receipt/fund:1/2026/2/void "_csrf=$CSRF&reason=+"; expect_status void-no-reason 400
expect_body void-no-reason-message 'Hãy ghi lý do hủy số 2'
http POST /registers/receipt/fund:1/2026/9/void "_csrf=$CSRF&reason=x"; expect_status void-unknown 404
http POST /registers/receipt/fund:1/2026/2/void "_csrf=$CSRF&reason=Bi%C3%AAn+nh%E1%BA%ADn+vi%E1%BA%BFt+sai"
expect_status void 303
http GET /registers/receipt/fund:1/2026; expect_body void-shown 'Biên nhận viết sai'
http POST /registers/receipt/fund:1/2026/2/void "_csrf=$CSRF&reason=again"; expect_status void-twice 400
expect_body void-twice-message 'đã bị hủy trước đó'
n=$(sql "SELECT count(*) FROM audit_log WHERE entity='numbering' AND action='void'")
[ "$n" = 1 ] && ok void-audited || fail void-audited "$n audit rows, want 1"
n=$(sql "SELECT count(*) FROM numbering_entry WHERE owner='fund:1'")
[ "$n" = 3 ] && ok void-kept || fail void-kept "$n numbers, want 3 (a void never deletes)"

login baocao.soyte
http POST /registers/receipt/fund:1/2026/3/void "_csrf=$CSRF&reason=x"; expect_status void-reporter-denied 403

if "$THIDUA" register void receipt fund:1 2026 3 --db "$DB" 2>"$T/err"; then fail cli-void-needs-reason "accepted"
else ok cli-void-needs-reason; fi
"$THIDUA" register void receipt fund:1 2026 3 --reason "Trùng biên nhận" --db "$DB" 2>"$T/err" && ok cli-void || fail cli-void "$(cat "$T/err")"
if "$THIDUA" register void receipt fund:1 2026 3 --reason "lần nữa" --db "$DB" 2>"$T/err"; then fail cli-void-twice "accepted"
else grep -q "đã bị hủy" "$T/err" && ok cli-void-twice || fail cli-void-twice "$(cat "$T/err")"; fi
out=$("$THIDUA" register show receipt fund:1 2026 --db "$DB")
echo "$out" | grep -q "^3	donation_receipt:3	auto	.*	Trùng biên nhận$" && ok cli-show || fail cli-show "$out"
