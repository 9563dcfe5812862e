# tests/scenario/decisions.sh: decisions and certificates. Three enterprises put forward by the
# fund (hand-over rows the test writes itself) become proposals through the CLI, dated August
# 2019; the Board drafts one decision through the API (money from the 2019 rule rows: an
# enterprise's Bằng khen is 2.0 × 1,490,000 = 2,980,000 đồng), signs it with the register's next
# number, and a second decision with a number entered from the paper register (a taken number is
# refused). The decision's PDF read back by pdftotext has the Decree 30 parts in order, its first
# page rendered by pdftoppm has ink where the head is and none in the margins; the certificates
# (full page) carry the number, date, sổ vàng number and a QR code; the public verification page
# shows the award, then the revocation; the recipients' list downloads as XLSX and CSV.
. "$ROOT/tests/scenario/lib.sh"

command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || { fail decisions-tools "poppler-utils missing"; exit 0; }
# tax codes valid in form and check digit (10 - weighted sum of the first nine mod 11)
taxcode() { python3 -c 'import sys
w=[31,29,23,19,17,13,7,5,3]; n=int(sys.argv[1])
while True:
    d="%09d" % n; s=sum(a*int(b) for a,b in zip(w,d))
    if s % 11: print(d + str(10 - s % 11)); break
    n += 1' "$1"; }
for i in 1 2 3 4; do
  TAX=$(taxcode $((499990100 + i * 13)))
  sqlite3 "$DB" "INSERT INTO proposal_intake(source, source_ref, subject_kind, subject_name, subject_key, form_code, achievement,
    reason, amount, year, created_at, created_by) VALUES ('fund_tier', 'fund:9/tier:1', 'enterprise',
    'Công ty kiểm thử số $i (minh hoạ)', 'tax:$TAX', 'BK_CT_UBND_TINH', 'fund:9/tier:1/2019',
    'Đã ủng hộ 600.000.000 đồng cho Quỹ an sinh xã hội tỉnh năm 2019', 600000000, 2019, '2019-08-01T00:00:00Z', 'test')"
done
OFFICER=canbo.ban
P=""
for intake in $(sqlite3 "$DB" "SELECT id FROM proposal_intake WHERE source_ref='fund:9/tier:1' ORDER BY id"); do
  id=$("$THIDUA" proposal take "$intake" --unit "$(unit_id BTDKT)" --db "$DB") || { fail "take-$intake" "refused"; continue; }
  for step in "submit --on 2019-08-05" "receive --on 2019-08-06" "assign --assignee $OFFICER --on 2019-08-07" \
              "appraise --eligible yes --note Đủ --on 2019-08-12" "approve --on 2019-08-14"; do
    # shellcheck disable=SC2086
    "$THIDUA" proposal move "$id" $step --db "$DB" || fail "move-$id" "$step"
  done
  P="$P $id"
done
set -- $P
[ $# = 4 ] && ok proposals-approved || fail proposals-approved "only $# proposals"
"$THIDUA" proposal take "$(sqlite3 "$DB" "SELECT id FROM proposal_intake WHERE source_ref='fund:9/tier:1' ORDER BY id LIMIT 1")" \
  --db "$DB" 2>/dev/null && fail intake-once "taken twice" || ok intake-once

login canbo.ban || exit 1
BASES='"legal_bases":"Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;\nCăn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;"'
DEC='"issuer_code":"UBND","issuer":"Ủy ban nhân dân tỉnh Lạng Sơn","symbol":"QĐ-UBND","place":"Lạng Sơn","decided_on":"2019-08-20","summary":"Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",'"$BASES"',"proposer":"Trưởng ban Ban Thi đua – Khen thưởng tỉnh","signer_authority":null,"signer_position":"CHỦ TỊCH","signer_name":"Nguyễn Văn Kiểm Thử"'
json POST /api/decisions "{$DEC,\"proposal_ids\":[$1,$2,$3]}"; expect_status draft 201
D=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["decision"]["id"])' "$BODY_FILE")
expect_body money-per-recipient '"money":2980000'
expect_body total '"total_money":8940000'
expect_body total-words "Tám triệu chín trăm bốn mươi nghìn đồng"
json POST /api/decisions "{$DEC,\"proposal_ids\":[$1]}"; expect_status proposal-once 400
expect_body proposal-once-msg "đã có trong dự thảo quyết định"
# a draft is edited: "Nơi nhận" typed by the drafter (PATCH keeps what it does not name)
json PATCH "/api/decisions/$D" '{"distribution":"- Như Điều 3;\n- Sở Nội vụ;\n- Lưu: VT, TĐKT."}'; expect_status draft-patch 200
expect_body draft-patch-distribution '"distribution":"- Như Điều 3;\n- Sở Nội vụ;\n- Lưu: VT, TĐKT."'
expect_body draft-patch-keeps-recipients '"total_money":8940000'
json PATCH "/api/decisions/$D" '{"decided_on":"20/13/2019"}'; expect_status draft-patch-bad-date 400
expect_body draft-patch-bad-date-field '"decided_on"'
# through the pages: a draft of proposal 4 made, edited, discarded — and proposal 4 is free again
form() { python3 -c 'import sys, urllib.parse; print(urllib.parse.urlencode([tuple(a.split("=", 1)) for a in sys.argv[1:]]))' "$@"; }
PAGEDEC=$(form "_csrf=$CSRF" "proposal_id=$4" issuer_code=UBND "issuer=Ủy ban nhân dân tỉnh Lạng Sơn" symbol=QĐ-UBND \
  "place=Lạng Sơn" decided_on=2019-08-20 "summary=Về việc tặng Bằng khen (dự thảo thử)" "legal_bases=Căn cứ Luật Thi đua, khen thưởng;" \
  "proposer=Trưởng ban Ban Thi đua – Khen thưởng tỉnh" "signer_position=CHỦ TỊCH" "signer_name=Nguyễn Văn Kiểm Thử")
http POST /decisions/new "$PAGEDEC"; expect_status page-draft 303
D3=$(sql "SELECT max(id) FROM award_decision WHERE summary = 'Về việc tặng Bằng khen (dự thảo thử)'")
http GET "/decisions/$D3/edit"; expect_status page-edit-form 200
expect_body page-edit-prefilled "Về việc tặng Bằng khen (dự thảo thử)"
expect_body page-edit-distribution "Nơi nhận (mỗi nơi một dòng)"
http POST "/decisions/$D3/edit" "$(form "_csrf=$CSRF" "proposal_id=$4" issuer_code=UBND "issuer=Ủy ban nhân dân tỉnh Lạng Sơn" \
  symbol=QĐ-UBND "place=Lạng Sơn" decided_on=2019-08-20 "summary=Về việc tặng Bằng khen (đã sửa)" \
  "legal_bases=Căn cứ Luật Thi đua, khen thưởng;" "proposer=Trưởng ban" "signer_position=CHỦ TỊCH" "signer_name=Nguyễn Văn Kiểm Thử")"
expect_status page-edit 303
[ "$(sql "SELECT summary FROM award_decision WHERE id = $D3")" = "Về việc tặng Bằng khen (đã sửa)" ] && ok page-edit-saved || fail page-edit-saved "not saved"
http POST "/decisions/$D3/edit" "$(form "_csrf=$CSRF" "proposal_id=$4" issuer_code=UBND symbol=QĐ-UBND decided_on=2019-08-20)"
expect_status page-edit-missing 400
expect_body page-edit-missing-msg "Hãy nhập tên cơ quan ban hành"
http POST "/decisions/$D3/delete" "_csrf=$CSRF"; expect_status page-discard 303
[ "$(sql "SELECT count(*) FROM award_decision WHERE id = $D3")" = 0 ] && ok page-discarded || fail page-discarded "still there"
[ "$(sql "SELECT count(*) FROM audit_log WHERE entity = 'award_decision' AND entity_id = '$D3' AND action IN ('create','update','delete')")" = 3 ] \
  && ok discard-audited || fail discard-audited "want create, update, delete"
# The demo database already holds the demo's decision of 2019 (and its sổ vàng numbers): this
# decision takes the next number of each register.
N0=$(sql "SELECT coalesce(max(number),0) FROM numbering_entry WHERE kind='decision' AND owner='issuer:UBND' AND year=2019")
S0=$(sql "SELECT coalesce(max(number),0) FROM numbering_entry WHERE kind='so_vang' AND owner='register:UBND-BK_CT_UBND_TINH' AND year=2019")
NUM=$(printf '%02d' $((N0 + 1)))
export NUM S0
http POST "/decisions/$D/sign" "_csrf=$CSRF"; expect_status sign 303
[ "$(sql "SELECT number || '/' || year FROM award_decision WHERE id=$D")" = "$((N0 + 1))/2019" ] && ok register-number || fail register-number "$(sql "SELECT number FROM award_decision WHERE id=$D")"
[ "$(sql "SELECT count(*) FROM award_decision_recipient WHERE decision_id=$D AND so_vang IS NOT NULL")" = 3 ] && ok so-vang || fail so-vang "missing"
[ "$(sql "SELECT count(*) FROM award_history WHERE decision_id=$D")" = 3 ] && ok history-written || fail history-written "want 3"
[ "$(sql "SELECT count(*) FROM award_proposal WHERE decision_id=$D AND state='decided'")" = 3 ] && ok proposals-decided || fail proposals-decided "want 3"
http GET "/decisions/$D"; expect_body page-number "Quyết định số $NUM/QĐ-UBND"
# a second decision: the paper register's number, checked unique per issuer and year
json POST /api/decisions "{$DEC,\"proposal_ids\":[$4]}"; D2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["decision"]["id"])' "$BODY_FILE")
json POST "/api/decisions/$D2/sign" "{\"number\":$((N0 + 1))}"; expect_status entered-taken 400
expect_body entered-taken-field '"number"'
json POST "/api/decisions/$D2/sign" '{"number":163}'; expect_status entered 200
expect_body entered-symbol '"number_symbol":"163/QĐ-UBND"'
json POST "/api/decisions/$D2/sign" '{}'; expect_status sign-twice 409
json PATCH "/api/decisions/$D2" '{"summary":"Sửa sau khi ký"}'; expect_status signed-no-edit 409
json DELETE "/api/decisions/$D2"; expect_status signed-no-discard 409
http GET "/decisions/$D2/edit"; expect_status signed-no-edit-page 409

# ---- the decision's PDF ----
"$THIDUA" decision pdf "$D" "$T/d.pdf" --db "$DB" || fail decision-pdf "failed"
pdftotext -layout "$T/d.pdf" "$T/d.txt"
python3 - "$T/d.txt" <<'PY' && ok decision-pdf-parts-in-order || fail decision-pdf-parts-in-order "see $T/d.txt"
import sys, re
t = re.sub(r"\s+", " ", open(sys.argv[1]).read())
parts = ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: %s/QĐ-UBND" % __import__("os").environ["NUM"],
         "Lạng Sơn, ngày 20 tháng 8 năm 2019", "QUYẾT ĐỊNH", "Về việc tặng Bằng khen", "Căn cứ Luật Thi đua",
         "Căn cứ Nghị định số 91/2017", "Xét đề nghị của", "QUYẾT ĐỊNH:", "Điều 1.", "Điều 2.", "8.940.000",
         "Tám triệu chín trăm bốn mươi nghìn đồng", "Điều 3.", "Nơi nhận", "CHỦ TỊCH", "Nguyễn Văn Kiểm Thử",
         "DANH SÁCH", "Công ty kiểm thử số 1", "2.980.000", "Bằng chữ"]
pos = 0
for p in parts:
    i = t.find(p, pos)
    if i < 0:
        print("missing or out of order:", p); sys.exit(1)
    pos = i + len(p)
PY
grep -q "Sở Nội vụ;" "$T/d.txt" && grep -q "Lưu: VT, TĐKT." "$T/d.txt" && ok decision-pdf-distribution || fail decision-pdf-distribution "Nơi nhận not as typed: see $T/d.txt"
pdftoppm -r 30 -gray -f 1 -l 1 "$T/d.pdf" "$T/page"
python3 - "$T"/page*.pgm <<'PY' && ok decision-page-image || fail decision-page-image "blank where text is, or ink in the margin"
import sys
data = open(sys.argv[1], "rb").read()
# binary PGM: P5 width height maxval, then bytes
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2]); px = parts[4]
def dark(x0, y0, x1, y1):   # share of dark pixels in a box given in millimetres of an A4 page
    n = d = 0
    for y in range(int(y0 * h / 297), int(y1 * h / 297)):
        for x in range(int(x0 * w / 210), int(x1 * w / 210)):
            n += 1; d += px[y * w + x] < 128
    return d / max(n, 1)
head = dark(30, 20, 195, 45)          # the two-column head
left_margin = dark(0, 30, 25, 280)    # Decree 30: 30 mm left margin, nothing printed there
print("head", head, "margin", left_margin)
sys.exit(0 if w < h and head > 0.01 and left_margin == 0 else 1)
PY

# ---- certificates ----
"$THIDUA" certificate pdf "$D" "$T/c.pdf" --base-url http://thidua.test --db "$DB" || fail certificate-pdf "failed"
pdftotext -layout "$T/c.pdf" "$T/c.txt"
python3 - "$T/c.txt" <<'PY' && ok certificate-parts || fail certificate-parts "see $T/c.txt"
import sys, re
t = open(sys.argv[1]).read()
pages = t.split("\f")
pages = [p for p in pages if p.strip()]
assert len(pages) == 3, len(pages)
for i, p in enumerate(pages):
    p = re.sub(r"\s+", " ", p)
    for part in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Tặng", "BẰNG KHEN", "Công ty kiểm thử số", "Đã ủng hộ",
                 "Quyết định số %s/QĐ-UBND ngày 20/08/2019" % __import__("os").environ["NUM"],
                 "Sổ vàng số: %d" % (int(__import__("os").environ["S0"]) + i + 1), "Lạng Sơn, ngày 20 tháng 8 năm 2019",
                 "CHỦ TỊCH", "Nguyễn Văn Kiểm Thử"]:
        assert part in p, (i, part)
PY
pdftoppm -r 20 -gray -f 1 -l 1 "$T/c.pdf" "$T/cert"
python3 - "$T"/cert*.pgm <<'PY' && ok certificate-page-image || fail certificate-page-image "not landscape, no border or no QR"
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2]); px = parts[4]
def dark(x0, y0, x1, y1):
    n = d = 0
    for y in range(int(y0 * h / 210), int(y1 * h / 210)):
        for x in range(int(x0 * w / 297), int(x1 * w / 297)):
            n += 1; d += px[y * w + x] < 128
    return d / max(n, 1)
border = dark(11, 60, 16, 150)       # the drawn border runs down the left side
qr = dark(25, 165, 49, 189)          # the QR code's square bottom left
emblem = dark(128, 19, 168, 35)      # the emblem's place (inside the border) stays empty
print("border", border, "qr", qr, "emblem", emblem)
sys.exit(0 if w > h and border > 0.05 and qr > 0.2 and emblem == 0 else 1)
PY
"$THIDUA" certificate pdf "$D" "$T/o.pdf" --mode overprint --recipient 2 --base-url http://thidua.test --db "$DB" || fail overprint "failed"
pdftotext "$T/o.pdf" - | grep -q 'Công ty kiểm thử số 2' && ok overprint-text || fail overprint-text "no name"
pdftotext "$T/o.pdf" - | grep -q 'CỘNG HÒA' && fail overprint-only-variable "the fixed lines are printed" || ok overprint-only-variable
http GET "/decisions/$D/certificates.pdf?mode=full&recipient=1"; expect_status cert-web 200
expect_header cert-web-type "application/pdf"
# calibration of a blank, then overprint with it
http POST /certificates/blanks "_csrf=$CSRF&name=Ph%C3%B4i+th%E1%BB%AD&form_code=BK_CT_UBND_TINH&recipient_x=30&recipient_y=100&recipient_w=237&recipient_size=20&reason_x=40&reason_y=115&reason_w=217&reason_size=14&decision_x=25&decision_y=150&decision_w=115&decision_size=12&so_vang_x=25&so_vang_y=157&so_vang_w=115&so_vang_size=12&place_date_x=160&place_date_y=148&place_date_w=115&place_date_size=13&signer_position_x=160&signer_position_y=156&signer_position_w=115&signer_position_size=13&signer_name_x=160&signer_name_y=186&signer_name_w=115&signer_name_size=14&qr_x=25&qr_y=165&qr_w=24"
expect_status blank-saved 303
http POST /certificates/blanks "_csrf=$CSRF&name=Ph%C3%B4i+sai&form_code=BK_CT_UBND_TINH&recipient_x=400&recipient_y=100&recipient_w=237&recipient_size=20"
expect_status blank-refused 400
expect_body blank-refused-msg "297 × 210 mm"
B=$(sql "SELECT id FROM certificate_blank WHERE name='Phôi thử'")
http GET "/decisions/$D/certificates.pdf?mode=overprint&blank=$B"; expect_status overprint-blank 200

# ---- the public pages ----
CODE=$(sql "SELECT verify_code FROM award_decision_recipient WHERE decision_id=$D ORDER BY line_no LIMIT 1")
logout_local
http GET "/verify/$CODE"; expect_status verify-public 200
expect_body verify-valid "Còn hiệu lực"
expect_body verify-number "$NUM/QĐ-UBND"
http GET "/verify/0123456789abcdef01234567"; expect_status verify-unknown 404
http GET /published/decisions; expect_status published 200
expect_body published-lists "Công ty kiểm thử số 3"
login canbo.ban || exit 1
http POST "/decisions/$D/revoke" "_csrf=$CSRF&reason=$(urlenc 'Kê khai không đúng (kiểm thử)')"; expect_status revoke 303
[ "$(sql "SELECT count(*) FROM award_history WHERE decision_id=$D AND revoked_at IS NOT NULL")" = 3 ] && ok history-revoked || fail history-revoked "want 3"
logout_local
http GET "/verify/$CODE"; expect_body verify-revoked "ĐÃ THU HỒI"

# ---- lists and the CLI ----
login canbo.ban || exit 1
http GET "/decisions/$D/recipients?format=xlsx"; expect_status xlsx 200
expect_header xlsx-type "spreadsheetml"
http GET "/decisions/$D/recipients?format=csv"; expect_body csv-names "Công ty kiểm thử số 1"
"$THIDUA" decision list --db "$DB" | grep -q "$NUM/QĐ-UBND" && ok cli-list || fail cli-list "no number"
"$THIDUA" decision show "$D" --json --db "$DB" | grep -q '"state": "revoked"' && ok cli-show-json || fail cli-show-json "no state"
"$THIDUA" decision pdf "$D" "$T/d.pdf" --db "$DB" 2>/dev/null && fail cli-pdf-no-overwrite "overwrote" || ok cli-pdf-no-overwrite

# ---- a decision with many recipients prints its certificates as a background job ----
sqlite3 "$DB" "INSERT INTO award_subject(kind, subject_key, name, name_fold, sort_key, unit_id, created_at, updated_at)
  SELECT 'collective', 'unit:' || id, name, name_fold, sort_key, id, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM unit
  WHERE ('unit:' || id) NOT IN (SELECT subject_key FROM award_subject) ORDER BY id LIMIT 21;
  INSERT INTO award_proposal(unit_id, subject_kind, subject_name, subject_id, form_code, achievement, reason, year, state,
    needs_vote, eligible, created_at, created_by, updated_at)
  SELECT (SELECT id FROM unit WHERE code = 'BTDKT'), 'collective', s.name, s.id, 'BK_CT_UBND_TINH', 'job:' || s.id,
    'Đã có thành tích xuất sắc', 2019, 'approved', 0, 1, '2026-01-01T00:00:00Z', 'test', '2026-01-01T00:00:00Z'
  FROM award_subject s WHERE s.subject_key LIKE 'unit:%' AND s.id NOT IN (SELECT subject_id FROM award_proposal) LIMIT 21"
IDS=$(sqlite3 "$DB" "SELECT id FROM award_proposal WHERE achievement LIKE 'job:%'" | paste -sd, -)
json POST /api/decisions "{$DEC,\"proposal_ids\":[$IDS]}"; expect_status many-draft 201
DM=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["decision"]["id"])' "$BODY_FILE")
json POST "/api/decisions/$DM/sign" '{}'; expect_status many-sign 200
http GET "/decisions/$DM/certificates.pdf?mode=full"; expect_status many-is-a-job 303
JOB=$(grep -i '^Location:' "$REPLY_FILE" | sed 's/.*\/jobs\/\([0-9]*\).*/\1/' | tr -d '\r')
state=""
for _ in $(seq 1 100); do
  state=$(sql "SELECT state FROM job WHERE id=$JOB")
  [ "$state" = done ] || [ "$state" = failed ] && break
  sleep 0.2
done
[ "$state" = done ] && ok many-job-done || fail many-job-done "job $JOB: $state"
http GET "/jobs/$JOB/result"; expect_status many-job-result 200
cp "$BODY_FILE" "$T/many.pdf"
[ "$(pdfinfo "$T/many.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" = 21 ] && ok many-pages || fail many-pages "$(pdfinfo "$T/many.pdf" 2>&1 | grep Pages)"
