# tests/scenario/xlsx_import.sh: units in and out as XLSX, end to end, under both transports.
# Export: /units/export.xlsx and `thidua unit export --format xlsx` are real workbooks (a frozen
# header, date cells) that import back as all duplicates. Import: a workbook written by hand
# here (python3's zipfile, so not by our own writer) with a notes sheet first and the data on a
# named sheet, shared strings, a sparse row, a date-formatted serial, blank sheet rows and a bad
# parent at sheet row 9 — through the page (sheet field), the API and the CLI (--sheet): the
# rejected line is reported by its sheet row, atomic refuses everything, --skip-bad writes the rest,
# and a missing sheet is refused naming the sheets there are.
. "$ROOT/tests/scenario/lib.sh"

# upload PATH FILE [FIELD=VALUE …]: a multipart POST of an .xlsx with form fields.
upload() {
  up_path=$1; up_file=$2; shift 2
  {
    printf -- '--XyZbOuNdArY\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n' "$CSRF"
    for kv in "$@"; do
      printf -- '--XyZbOuNdArY\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' "${kv%%=*}" "${kv#*=}"
    done
    printf -- '--XyZbOuNdArY\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n' "$(basename "$up_file")"
    printf 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n'
    cat "$up_file"
    printf -- '\r\n--XyZbOuNdArY--\r\n'
  } > "$T/mp.body"
  {
    printf 'POST %s HTTP/1.1\r\nHost: test\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n' "$up_path" "$COOKIE" "$CSRF"
    printf 'Content-Type: multipart/form-data; boundary=XyZbOuNdArY\r\nContent-Length: %s\r\n\r\n' "$(wc -c < "$T/mp.body")"
    cat "$T/mp.body"
  } > "$T/mp.req"
  http_raw "$T/mp.req"
}

# The body of the last reply, byte for byte (lib.sh's copy is line-based), into FILE.
raw_body() {
  python3 - "$REPLY_FILE" "$1" <<'EOF'
import sys
d = open(sys.argv[1], 'rb').read()
head, _, body = d.partition(b'\r\n\r\n')
if b'transfer-encoding: chunked' in head.lower():
    out, rest = b'', body
    while True:
        size, _, rest = rest.partition(b'\r\n')
        n = int(size, 16)
        if n == 0: break
        out += rest[:n]; rest = rest[n + 2:]
    body = out
open(sys.argv[2], 'wb').write(body)
EOF
}

# Checks a workbook: a zip whose first sheet freezes row 1 and has date-formatted cells.
check_workbook() { # NAME FILE
  if python3 - "$2" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
s = z.read('xl/worksheets/sheet1.xml').decode()
styles = z.read('xl/styles.xml').decode()
assert 'state="frozen"' in s and 'ySplit="1"' in s, 'no frozen header'
assert 'dd/mm/yyyy' in styles, 'no date format'
assert '<cols>' in s, 'no fitted widths'
EOF
  then ok "$1"; else fail "$1" "not the workbook expected"; fi
}

login admin || exit 1

# ---- export ----
http GET /units/export.xlsx; expect_status export-xlsx-200 200
expect_header export-xlsx-type "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
expect_header export-xlsx-name ".xlsx\""
raw_body "$T/web.xlsx"; check_workbook export-xlsx-workbook "$T/web.xlsx"
"$THIDUA" unit export --format xlsx --out "$T/cli.xlsx" --db "$DB" && check_workbook cli-export-xlsx "$T/cli.xlsx" \
  || fail cli-export-xlsx "exit status"
"$THIDUA" unit export --format ods --db "$DB" > /dev/null 2>&1 && fail cli-export-bad-format "ods accepted" \
  || ok cli-export-bad-format
# the exported workbook imports back as duplicates only: nothing lost, nothing new
N0=$(sql "SELECT count(*) FROM unit")
"$THIDUA" unit import "$T/cli.xlsx" --db "$DB" > "$T/rt.out" 2>&1
grep -q " 0 dòng bị từ chối\|đều đã có" "$T/rt.out" && [ "$(sql "SELECT count(*) FROM unit")" = "$N0" ] \
  && ok export-import-roundtrip || fail export-import-roundtrip "$(tail -n 3 "$T/rt.out")"

# ---- a workbook written by hand ----
PARENT=$(sql "SELECT code FROM unit WHERE parent_id IS NULL AND code IS NOT NULL ORDER BY id LIMIT 1")
python3 - "$T/hand.xlsx" "$PARENT" <<'EOF'
import sys, zipfile
path, parent = sys.argv[1], sys.argv[2]
def esc(s): return s.replace('&', '&amp;').replace('<', '&lt;')
sst = ['code', 'name', 'kind', 'parent_code', 'valid_from', 'Trạm Xlsx Một', 'commune', parent, 'Trạm Xlsx Hai', 'KHONGCO']
def s(i): return '<c r="%s" t="s"><v>%d</v></c>'
rows = [
  (1, [('A', 's', 0), ('B', 's', 1), ('C', 's', 2), ('D', 's', 3), ('E', 's', 4)]),
  # sheet row 3: a date serial with a date style (43696 = 19/08/2019); row 2 is blank
  (3, [('A', 'str', 'XLSX1'), ('B', 's', 5), ('C', 's', 6), ('D', 's', 7), ('E', 'date', 43696)]),
  # sheet row 4: sparse (no valid_from cell at all), inline string name with rich runs
  (4, [('A', 'str', 'XLSX2'), ('B', 'rich', ['Trạm Xlsx ', 'Hai']), ('C', 's', 6), ('D', 's', 7)]),
  # sheet row 9: a parent code nobody has
  (9, [('A', 'str', 'XLSX3'), ('B', 'str', 'Trạm Xlsx Ba'), ('C', 's', 6), ('D', 's', 9)]),
]
def cell(col, r, kind, v):
    ref = '%s%d' % (col, r)
    if kind == 's': return '<c r="%s" t="s"><v>%d</v></c>' % (ref, v)
    if kind == 'str': return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, esc(v))
    if kind == 'rich': return '<c r="%s" t="inlineStr"><is>%s</is></c>' % (ref, ''.join('<r><rPr><b/></rPr><t xml:space="preserve">%s</t></r>' % esc(x) for x in v))
    if kind == 'date': return '<c r="%s" s="1"><v>%d</v></c>' % (ref, v)
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         + ''.join('<row r="%d">%s</row>' % (r, ''.join(cell(c, r, k, v) for c, k, v in cells)) for r, cells in rows)
         + '</sheetData></worksheet>')
notes = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         '<row r="1"><c r="A1" t="inlineStr"><is><t>Ghi chú cho người nhập</t></is></c></row></sheetData></worksheet>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
z = zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED)
z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook %s><sheets><sheet name="Ghi chú" sheetId="1" r:id="rId1"/>'
           '<sheet name="Đơn vị" sheetId="2" r:id="rId2"/></sheets></workbook>' % NS)
z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x" Target="/xl/worksheets/sheet2.xml"/></Relationships>')
z.writestr('xl/sharedStrings.xml', '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + ''.join('<si><t>%s</t></si>' % esc(x) for x in sst) + '</sst>')
z.writestr('xl/styles.xml', '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
z.writestr('xl/worksheets/sheet1.xml', notes)
z.writestr('xl/worksheets/sheet2.xml', sheet)
z.close()
EOF

# the page: the first sheet is the notes (its header is no column of ours); the named one is read
upload /units/import "$T/hand.xlsx"; expect_status page-first-sheet-400 400
expect_body page-first-sheet-header "Ghi chú cho người nhập"
upload /units/import "$T/hand.xlsx" "sheet=Sổ khác"; expect_status page-no-such-sheet 400
expect_body page-no-such-sheet-names "không có trang tính &quot;Sổ khác&quot;; các trang tính có: &quot;Ghi chú&quot;, &quot;Đơn vị&quot;"
upload /units/import "$T/hand.xlsx" "sheet=Đơn vị"; expect_status page-atomic-400 400
expect_body page-rejected-sheet-row '<tr class="rejected"><td>9</td>'
expect_body page-rejected-column "parent_code"
[ "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'XLSX%'")" = 0 ] && ok page-atomic-nothing-written \
  || fail page-atomic-nothing-written "units written"

# the API: the same report as JSON, line 9 rejected on parent_code
EXTRA_HEADERS=""
upload "/api/units/import?dry_run=1" "$T/hand.xlsx" "sheet=Đơn vị"
raw_body "$T/api.json"
python3 - "$T/api.json" <<'EOF' && ok api-report-sheet-rows || fail api-report-sheet-rows "$(head -c 400 "$T/api.json")"
import json, sys
o = json.load(open(sys.argv[1]))
r = o.get('report', o)
lines = {l['line']: l for l in r['lines']}
assert sorted(lines) == [3, 4, 9], sorted(lines)
assert lines[9]['outcome'] == 'rejected' and lines[9]['field'] == 'parent_code', lines[9]
assert lines[3]['outcome'] == 'accepted' and lines[4]['outcome'] == 'accepted'
EOF

# skip-bad through the page: rows 3 and 4 written, the date serial stored as ISO, the sparse row's
# missing date empty, the rich-text name whole
upload /units/import "$T/hand.xlsx" "sheet=Đơn vị" skip_bad=1; expect_status page-skip-bad 200
[ "$(sql "SELECT valid_from FROM unit WHERE code='XLSX1'")" = 2019-08-19 ] && ok xlsx-date-cell \
  || fail xlsx-date-cell "valid_from $(sql "SELECT valid_from FROM unit WHERE code='XLSX1'")"
[ "$(sql "SELECT name FROM unit WHERE code='XLSX2'")" = "Trạm Xlsx Hai" ] && ok xlsx-rich-inline-string \
  || fail xlsx-rich-inline-string "$(sql "SELECT name FROM unit WHERE code='XLSX2'")"
[ "$(sql "SELECT count(*) FROM unit WHERE code='XLSX3'")" = 0 ] && ok xlsx-bad-row-not-written || fail xlsx-bad-row-not-written "written"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action='import' AND after_json LIKE '%hand.xlsx%'")" = 1 ] \
  && ok xlsx-import-one-audit || fail xlsx-import-one-audit "want one audit entry for hand.xlsx"

# the CLI: --sheet, the same report by sheet row, idempotent
"$THIDUA" unit import "$T/hand.xlsx" --sheet "Đơn vị" --db "$DB" > "$T/cli.out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^dòng 9: rejected, cột parent_code' "$T/cli.out" && grep -q '^dòng 3: duplicate' "$T/cli.out" \
  && ok cli-sheet-row-report || fail cli-sheet-row-report "rc $rc: $(cat "$T/cli.out")"
"$THIDUA" unit import "$T/hand.xlsx" --db "$DB" > "$T/cli.out" 2>&1 && fail cli-first-sheet "accepted the notes sheet" \
  || { grep -q 'Ghi chú cho người nhập' "$T/cli.out" && ok cli-first-sheet || fail cli-first-sheet "$(cat "$T/cli.out")"; }

# a corrupt workbook: a clear message, nothing written
head -c 300 "$T/hand.xlsx" > "$T/cut.xlsx"
upload /units/import "$T/cut.xlsx"; expect_status corrupt-400 400
expect_body corrupt-message "tệp XLSX hỏng"
exit 0
