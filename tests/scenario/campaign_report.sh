# tests/scenario/campaign_report.sh: the printable campaign report as PDF (campaign_pdf.c), from
# the page (/campaigns/{id}/report.pdf, linked from the dashboard, signed-in users only) and from
# `thidua campaign report ID --pdf FILE`: pdftotext reads back the Decree 30 head, the title, the
# campaign and its occasions, the counts, every group with its targets, values, statuses and
# rules, the block ranking and the signing block, in that order and with the Vietnamese intact;
# pdftoppm finds the coloured bars of the status chart beside their labels and nothing printed in
# the left margin. The CLI never overwrites a file. The Board sets the report's number and "Nơi
# nhận" on the campaign's edit page and through PATCH /api/campaigns/{id}: a malformed number is
# refused writing nothing; the PDF (page and CLI) prints "Số: 15/BC-UBND" in the head and the typed
# list in the foot, and with the number cleared the unnumbered line again; a reporter is refused.
. "$ROOT/tests/scenario/lib.sh"
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || { fail report-tools "poppler-utils missing"; exit 0; }

C=$(sql "SELECT id FROM campaign WHERE code='CD-2019-HVT'")
http GET "/campaigns/$C/report.pdf"; expect_status anonymous-to-login 303
login xem || exit 1
http GET "/campaigns/$C?on=2019-10-19"; expect_body dashboard-links-pdf "/campaigns/$C/report.pdf?on=2019-10-19"
http GET "/campaigns/$C/report.pdf?on=2019-10-19"; expect_status pdf-page 200
expect_header pdf-type "application/pdf"
head -c 5 "$BODY_FILE" | grep -q '%PDF-' && ok pdf-bytes || fail pdf-bytes "not a PDF"
cp "$BODY_FILE" "$T/web.pdf"

"$THIDUA" campaign report CD-2019-HVT --on 2019-10-19 --pdf "$T/r.pdf" --db "$DB" && ok cli-report || fail cli-report "failed"
"$THIDUA" campaign report CD-2019-HVT --pdf "$T/r.pdf" --db "$DB" 2>/dev/null && fail cli-no-overwrite "overwrote" || ok cli-no-overwrite
"$THIDUA" campaign report CD-2019-HVT --db "$DB" 2>/dev/null; [ $? = 2 ] && ok cli-needs-pdf || fail cli-needs-pdf "no usage error"
[ "$(pdftotext "$T/web.pdf" - | grep -c 'Xếp hạng\|XẾP HẠNG')" = "$(pdftotext "$T/r.pdf" - | grep -c 'Xếp hạng\|XẾP HẠNG')" ] \
  && ok web-and-cli-agree || fail web-and-cli-agree "different sections"

pdftotext "$T/r.pdf" "$T/r.txt"
python3 - "$T/r.txt" <<'PY' && ok report-parts-in-order || fail report-parts-in-order "see $T/r.txt"
import sys, re
t = re.sub(r"\s+", " ", open(sys.argv[1]).read())
parts = ["ỦY BAN NHÂN DÂN TỈNH", "BAN THI ĐUA", "/BC-BTĐKT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Lạng Sơn, ngày", "BÁO CÁO",
         "Kết quả thực hiện Phong trào thi đua cao điểm lập thành tích", "I. PHONG TRÀO VÀ KẾT QUẢ CHUNG", "(mã CD-2019-HVT",
         "thời gian từ 19/08/2019 đến 19/10/2019 (62 ngày)",
         "Dịp kỷ niệm: 110 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909",
         "Dịp kỷ niệm: 188 năm ngày thành lập tỉnh Lạng Sơn", "Tại ngày 19/10/2019", "14 chỉ tiêu: Đạt", "Chưa có số liệu",
         "Nhóm 1", "Nhóm 6", "Cả phong trào", "II. KẾT QUẢ THEO NHÓM NỘI DUNG",
         "Nhóm 1. Thi đua đẩy mạnh công tác cải cách hành chính", "Số liệu mới", "1.3", "99,6 %, ngày 15/10/2019", "Đạt: 99,6 % > 99 %",
         "1.4", "Chậm tiến độ: 27 % < 30 %", "Nhóm 2.", "Nhóm 5.", "Nhóm 6.", "III. XẾP HẠNG KHỐI, CỤM THI ĐUA", "Bằng tổng điểm thì xếp trên",
         "Khối văn hóa – xã hội, năm 2019", "(dẫn đầu)", "Sở Giáo dục và Đào tạo", "Nơi nhận", "Lưu: VT", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
pos = 0
for p in parts:
    i = t.find(p, pos)
    if i < 0:
        print("missing or out of order:", p, "after", t[max(0, pos - 80):pos]); sys.exit(1)
    pos = i + len(p)
PY
# the chart: where pdftotext puts "Cả phong trào" (its row), the bar to the right of the label is
# coloured; the left margin has no ink at all
pdftotext -f 1 -l 1 -bbox "$T/r.pdf" "$T/bbox.html"
pdftoppm -r 50 -f 1 -l 1 "$T/r.pdf" "$T/chart"
python3 - "$T/bbox.html" "$T"/chart*.ppm <<'PY' && ok chart-drawn || fail chart-drawn "no coloured bars beside the labels, or ink in the margin"
import re, sys
words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', open(sys.argv[1]).read())
rows = [(float(y0), float(y1)) for x0, y0, x1, y1, w in words if w == "Cả"]
if not rows: print("no 'Cả phong trào' on page 1"); sys.exit(1)
pt_mm = 25.4 / 72
y0, y1 = rows[-1][0] * pt_mm, rows[-1][1] * pt_mm
data = open(sys.argv[2], "rb").read()
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2]); px = parts[4]
def coloured(x0, ya, x1, yb):
    n = 0
    for y in range(int(ya * h / 297), int(yb * h / 297)):
        for x in range(int(x0 * w / 210), int(x1 * w / 210)):
            r, g, b = px[3 * (y * w + x):3 * (y * w + x) + 3]
            n += max(r, g, b) - min(r, g, b) > 60
    return n
def ink(x0, ya, x1, yb):
    return sum(min(px[3 * (y * w + x):3 * (y * w + x) + 3]) < 200 for y in range(int(ya * h / 297), int(yb * h / 297))
               for x in range(int(x0 * w / 210), int(x1 * w / 210)))
bar = coloured(62, y0 - 1, 160, y1 + 1)
label = coloured(30, y0, 55, y1)
margin = ink(0, 25, 25, 280)
print("bar", bar, "label", label, "margin", margin)
sys.exit(0 if bar > 200 and label == 0 and margin == 0 else 1)
PY

# ---- the report's number and "Nơi nhận", set by the Board ----
audit_count() { sql "SELECT count(*) FROM audit_log"; }
grep -q "Thường trực UBND tỉnh" "$T/r.txt" && ok default-recipients || fail default-recipients "standard list missing"
login canbo.ban || exit 1
http GET "/campaigns/$C/edit"; expect_body print-form 'name="report_number"'
expect_body print-form-default-list "- Thường trực UBND tỉnh;"
before=$(audit_count)
http POST "/campaigns/$C/edit" "_csrf=$CSRF&what=report&report_number=BC-UBND+s%E1%BB%91+15&report_recipients=-+S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5%3B"
expect_status print-bad-number 400
expect_body print-bad-number-field 'id="e-report_number"'
expect_body print-bad-number-keeps-list "- Sở Nội vụ;"
[ "$(audit_count)" = "$before" ] && [ "$(sql "SELECT count(*) FROM campaign WHERE id=$C AND report_number IS NULL")" = 1 ] \
  && ok print-bad-writes-nothing || fail print-bad-writes-nothing "written"
http POST "/campaigns/$C/edit" "_csrf=$CSRF&what=report&report_number=S%E1%BB%91%3A+15%2FBC-UBND&report_recipients=$(urlenc "- Ban Thường vụ Tỉnh ủy;
- Sở Nội vụ;
- Lưu: VT, TĐKT.")"
expect_status print-saved 303
[ "$(sql "SELECT report_number FROM campaign WHERE id=$C")" = "15/BC-UBND" ] && ok print-number-stored || fail print-number-stored "$(sql "SELECT report_number FROM campaign WHERE id=$C")"
[ "$(sql "SELECT action || '/' || json_extract(after_json, '\$.report_number') FROM audit_log ORDER BY id DESC LIMIT 1")" = "report_print/15/BC-UBND" ] \
  && ok print-audited || fail print-audited "$(sql "SELECT action, after_json FROM audit_log ORDER BY id DESC LIMIT 1")"
http GET "/campaigns/$C/edit"; expect_body print-form-prefilled 'value="15/BC-UBND"'
http GET "/campaigns/$C/report.pdf?on=2019-10-19"; expect_status print-pdf-page 200
cp "$BODY_FILE" "$T/numbered-web.pdf"
"$THIDUA" campaign report CD-2019-HVT --on 2019-10-19 --pdf "$T/numbered.pdf" --db "$DB" && ok print-cli || fail print-cli "failed"
for f in numbered-web numbered; do
  pdftotext "$T/$f.pdf" "$T/$f.txt"
  python3 - "$T/$f.txt" <<'PY' && ok "print-pdf-$f" || fail "print-pdf-$f" "see $T/$f.txt"
import sys, re
t = re.sub(r"\s+", " ", open(sys.argv[1]).read())
assert "/BC-BTĐKT" not in t, "unnumbered symbol still printed"
assert "Thường trực UBND tỉnh" not in t, "the standard list still printed"
parts = ["Số: 15/BC-UBND", "BÁO CÁO", "Nơi nhận", "Ban Thường vụ Tỉnh ủy;", "Sở Nội vụ;",
         "Lưu: VT, TĐKT."]
pos = 0
for p in parts:
    i = t.find(p, pos)
    if i < 0:
        print("missing or out of order:", p); sys.exit(1)
    pos = i + len(p)
PY
done
json PATCH "/api/campaigns/$C" '{"report_number":"15 BC"}'; expect_status api-print-bad-number 400
expect_body api-print-bad-number-field '"report_number"'
json PATCH "/api/campaigns/$C" '{"report_number":null}'; expect_status api-print-number-cleared 200
[ "$(sql "SELECT count(*) FROM campaign WHERE id=$C AND report_number IS NULL AND report_recipients LIKE '%Sở Nội vụ%'")" = 1 ] \
  && ok api-print-cleared-number-only || fail api-print-cleared-number-only "number left or list lost"
"$THIDUA" campaign report CD-2019-HVT --on 2019-10-19 --pdf "$T/cleared.pdf" --db "$DB" >/dev/null 2>&1
pdftotext "$T/cleared.pdf" - | tr -s ' \n' '  ' | grep -q "/BC-BTĐKT" && pdftotext "$T/cleared.pdf" - | grep -q "Sở Nội vụ;" \
  && ok print-unnumbered-again || fail print-unnumbered-again "number or list wrong"
login baocao.soyte || exit 1
json PATCH "/api/campaigns/$C" '{"report_number":"1/BC-X"}'; expect_status reporter-print-refused 403
