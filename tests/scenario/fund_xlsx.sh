# tests/scenario/fund_xlsx.sh: bank statements as XLSX through the CLI and the page (issue 11).
# The workbooks are written at test time by libxlsxwriter from the committed samples
# (build/tests/test_fund_xlsx --write DIR; test_fund_xlsx.c checks the same at the domain): each
# imported by `thidua donation import` gives exactly the line count and sum of its CSV imported
# the same way; one uploaded on /funds/{id}/import gives them too; a workbook with a broken amount
# cell writes nothing and the page names its sheet row and the column. Both transports (lib.sh).
. "$ROOT/tests/scenario/lib.sh"

cli() { "$THIDUA" "$@" --db "$DB"; }
FIX="$ROOT/tests/fixtures/statements"
WRITER="$ROOT/${BUILD:-build-san}/tests/test_fund_xlsx"
[ -x "$WRITER" ] || { fail setup "$WRITER is not built (make ${BUILD:-build-san}/tests/test_fund_xlsx)"; exit 1; }
"$WRITER" --write "$T" || { fail setup "the workbooks were not written"; exit 1; }
count() { sql "SELECT count(*) FROM donation WHERE fund_id=$1"; }
total() { sql "SELECT coalesce(sum(amount), 0) FROM donation WHERE fund_id=$1"; }

# ---- the CLI: every sample, CSV and XLSX into empty funds ----
i=0
for name in MTTQ_BIDV_1-12 MTTQ_BIDV_10-17 MTTQ_BIDV_18-19 CTTU_Vietinbank_17; do
  i=$((i + 1))
  cli fund add --name "CSV $name" --code "CSV$i" --owner 20 >/dev/null
  cli fund add --name "XLSX $name" --code "XLSX$i" --owner 20 >/dev/null
  C=$(sql "SELECT id FROM fund WHERE code='CSV$i'"); X=$(sql "SELECT id FROM fund WHERE code='XLSX$i'")
  cli donation import --fund "$C" --profile saoke --year 2024 "$FIX/$name.sample.csv" >/dev/null 2>&1
  cli donation import --fund "$X" --profile saoke --year 2024 "$T/$name.xlsx" > "$T/out" 2>&1
  lines=$(($(wc -l < "$FIX/$name.sample.csv")))     # no final newline: the header is not counted
  [ "$(count "$X")" = "$lines" ] && [ "$(count "$X")" = "$(count "$C")" ] && [ "$(total "$X")" = "$(total "$C")" ] \
    && ok "cli-xlsx-$name" || fail "cli-xlsx-$name" "xlsx $(count "$X") / $(total "$X"), csv $(count "$C") / $(total "$C"), want $lines lines: $(tail -3 "$T/out")"
done
X1=$(sql "SELECT id FROM fund WHERE code='XLSX1'")
before=$(count "$X1")
cli donation import --fund "$X1" --profile saoke --year 2024 "$T/MTTQ_BIDV_1-12.xlsx" >/dev/null 2>&1
[ "$(count "$X1")" = "$before" ] && ok cli-xlsx-again-nothing || fail cli-xlsx-again-nothing "$before -> $(count "$X1")"
cli fund add --name "XLSX hỏng" --code XLSXBAD --owner 20 >/dev/null
BAD=$(sql "SELECT id FROM fund WHERE code='XLSXBAD'")
cli donation import --fund "$BAD" --profile saoke --year 2024 "$T/broken.xlsx" > "$T/out" 2>&1 && fail cli-broken-status "exit 0" || ok cli-broken-status
grep -q "3O0.000" "$T/out" && grep -q "amount" "$T/out" && ok cli-broken-named || fail cli-broken-named "$(head -5 "$T/out")"
[ "$(count "$BAD")" = 0 ] && ok cli-broken-nothing || fail cli-broken-nothing "$(count "$BAD") written"

# ---- the page: an upload of the workbook ----
login canbo.ban || exit 1
upload() { # FUND FILE: the import form posted with the file (binary) as multipart
  python3 - "$T/request" "$1" "$2" "$COOKIE" "$CSRF" <<'PY'
import sys, os
out, fund, path, cookie, csrf = sys.argv[1:]
b = b"XLSXB"
data = open(path, "rb").read()
body = (b"--" + b + b'\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n' + csrf.encode() + b"\r\n"
        b"--" + b + b'\r\nContent-Disposition: form-data; name="year"\r\n\r\n2024\r\n'
        b"--" + b + b'\r\nContent-Disposition: form-data; name="profile"\r\n\r\nsaoke\r\n'
        b"--" + b + b'\r\nContent-Disposition: form-data; name="file"; filename="' + os.path.basename(path).encode() +
        b'"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n' + data + b"\r\n"
        b"--" + b + b"--\r\n")
head = ("POST /funds/%s/import HTTP/1.1\r\nHost: test\r\nCookie: %s\r\nContent-Type: multipart/form-data; boundary=XLSXB\r\n"
        "Content-Length: %d\r\n\r\n" % (fund, cookie, len(body))).encode()
open(out, "wb").write(head + body)
PY
  http_raw "$T/request"
}
cli fund add --name "XLSX trang" --code XLSXPAGE --owner 20 >/dev/null
PAGE=$(sql "SELECT id FROM fund WHERE code='XLSXPAGE'")
C1=$(sql "SELECT id FROM fund WHERE code='CSV1'")
upload "$PAGE" "$T/MTTQ_BIDV_1-12.xlsx"; expect_status page-xlsx 200
[ "$(count "$PAGE")" = "$(count "$C1")" ] && [ "$(total "$PAGE")" = "$(total "$C1")" ] && ok page-xlsx-count-sum \
  || fail page-xlsx-count-sum "page $(count "$PAGE") / $(total "$PAGE"), csv $(count "$C1") / $(total "$C1")"
expect_body page-xlsx-report "$(count "$C1") giao dịch mới"
cli fund add --name "XLSX trang hỏng" --code XLSXPAGEBAD --owner 20 >/dev/null
PBAD=$(sql "SELECT id FROM fund WHERE code='XLSXPAGEBAD'")
upload "$PBAD" "$T/broken.xlsx"; expect_status page-broken 400
expect_body page-broken-value "3O0.000"
python3 - "$BODY_FILE" <<'PY' && ok page-broken-row-column || fail page-broken-row-column "no row 4 with the amount column in the report"
import re, sys
body = open(sys.argv[1], encoding="utf-8").read()
rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
sys.exit(0 if any(re.search(r">\s*4\s*<", r) and "amount" in r and "3O0.000" in r for r in rows) else 1)
PY
[ "$(count "$PBAD")" = 0 ] && ok page-broken-nothing || fail page-broken-nothing "$(count "$PBAD") written"
