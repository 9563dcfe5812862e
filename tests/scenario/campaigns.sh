# tests/scenario/campaigns.sh: the seed's campaign over HTTP and the CLI: the public pages and API
# without login (groups, targets, statuses, the rule beside each, no official's login shown); the
# evaluation on a chosen date; a commune's reporter reports for its own commune and is refused for
# another commune and for accepting; the Board accepts and the status changes; bad input names its
# field and writes nothing; after the close only the administrator changes a report, with a reason;
# the CLI's list, show --json, export and report add.
. "$ROOT/tests/scenario/lib.sh"

C=$(sql "SELECT id FROM campaign WHERE code='CD-2019-HVT'")
audit_count() { sql "SELECT count(*) FROM audit_log"; }

# ---- public ----
http GET /campaigns; expect_status public-list 200
expect_body public-list-title "Phong trào thi đua cao điểm lập thành tích"
http GET "/campaigns/$C"; expect_status public-campaign 200
expect_body occasion-hvt "110 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2019)"
expect_body occasion-province "188 năm ngày thành lập tỉnh Lạng Sơn (04/11/1831 - 04/11/2019)"
expect_body period-from-dates "(62 ngày)"
expect_body group-5-note "mất nhãn"
expect_body illustrative-notice "minh hoạ"
expect_body rule-shown "Đạt, vượt: 96,2 % dự toán"
expect_no_body public-no-logins "demo"
http GET "/campaigns/$C?on=2019-09-20"; expect_body on-date-pace "Chậm tiến độ: 40 doanh nghiệp"
http GET "/api/campaigns/$C?on=2019-09-20"; expect_status public-api 200
python3 - "$BODY_FILE" <<'PY' && ok api-counts-mid || fail api-counts-mid "$(head -c 300 "$BODY_FILE")"
import json, sys
d = json.load(open(sys.argv[1]))["campaign"]
c = d["counts"]
assert d["days"] == 62 and c["total"] == 14 and c["on_track"] == 2 and c["at_risk"] == 1 and c["met"] == 1, c
assert [g["number"] for g in d["groups"]] == [1, 2, 3, 4, 5, 6]
PY
http GET "/campaigns/$C/export?format=csv"; expect_header export-csv "text/csv"
expect_body export-row "2.2,Thu ngân sách"
http GET "/campaigns/$C/export?format=xlsx"; expect_header export-xlsx "spreadsheetml"

# ---- two commune reporters and a target both communes answer for ----
# two of the communes formed on 1/7/2025 (the 2019 ones have ended and take no new users)
MS=$(sql "SELECT id FROM unit WHERE name='Xã Mẫu Sơn' AND valid_to IS NULL")
LB=$(sql "SELECT id FROM unit WHERE name='Xã Lộc Bình' AND valid_to IS NULL")
for u in "baocao.mauson $MS" "baocao.locbinh $LB"; do
  set -- $u
  "$THIDUA" user add --login "$1" --name "Cán bộ $1" --unit "id:$2" --role reporter --password "$DEMO_PASSWORD" --db "$DB" >/dev/null \
    || fail "user-$1" "user add failed"
done
login canbo.ban || exit 1
json POST "/api/campaigns/$C/targets" '{"group":3,"code":"3.9","subject":"Số km đường giao thông nông thôn làm mới (minh hoạ)","measure_unit":"km","comparator":"ge","value_a":"5","units":['"$MS,$LB"'],"accumulates":true}'
expect_status board-adds-target 201
T39=$(sql "SELECT id FROM campaign_target WHERE code='3.9'")
# the same through the Board's HTML form: a between target without its upper bound is refused, naming the field
http POST "/campaigns/$C/edit" "_csrf=$CSRF&what=target&group=2&code=2.9&subject=Th%E1%BB%AD&measure_unit=%25&comparator=between&value_a=90"
expect_status form-target-missing-b 400
expect_body form-target-missing-b-msg "cận trên"
http POST "/campaigns/$C/edit" "_csrf=$CSRF&what=target&group=2&code=2.9&subject=Th%E1%BB%AD&measure_unit=%25&comparator=between&value_a=90&value_b=95&unit=STC&accumulates=1"
expect_status form-target 303
[ "$(sql "SELECT value_b FROM campaign_target WHERE code='2.9'")" = 95000 ] && ok form-target-stored || fail form-target-stored "value_b not 95000"

login baocao.mauson || exit 1
json POST /api/reports "{\"target_id\":$T39,\"unit\":$MS,\"as_of\":\"2019-10-10\",\"value\":\"5,5\",\"note\":\"Minh hoạ\"}"
expect_status commune-reports-own 201
R=$(sql "SELECT max(id) FROM campaign_report WHERE target_id=$T39")
json POST /api/reports "{\"target_id\":$T39,\"unit\":$LB,\"as_of\":\"2019-10-10\",\"value\":\"9\"}"
expect_status commune-not-for-other-commune 403
expect_body commune-not-for-other-msg "ngoài phạm vi"
json POST "/api/reports/$R/decision" '{"accept":true}'; expect_status reporter-cannot-accept 403
before=$(audit_count)
json POST /api/reports "{\"target_id\":$T39,\"unit\":$MS,\"as_of\":\"2019-10-10\",\"value\":\"12,5,1\"}"
expect_status bad-value 400
expect_body bad-value-field '"value"'
json POST /api/reports "{\"target_id\":$T39,\"unit\":$MS,\"as_of\":\"31/02/2019\",\"value\":\"1\"}"
expect_body bad-date-field '"as_of"'
[ "$(audit_count)" = "$before" ] && ok bad-input-writes-nothing || fail bad-input-writes-nothing "audit moved"
http GET "/campaigns/$C/reports/new?unit=$LB"; expect_status form-other-commune-refused 403

login canbo.ban || exit 1
http GET "/campaigns/$C"; expect_no_body before-accept "Đạt: 5,5 km ≥ 5 km"
json POST "/api/reports/$R/decision" '{"accept":true}'; expect_status board-accepts 200
http GET "/campaigns/$C"; expect_body after-accept-status "Đạt: 5,5 km ≥ 5 km"
json POST "/api/reports/$R/decision" '{"accept":true}'; expect_status accept-once 400

# a return needs a reason; the HTML form path too
login baocao.mauson || exit 1
http POST "/campaigns/$C/reports/new?unit=$MS" "_csrf=$CSRF&target=$T39&as_of=2019-10-15&value=6"
expect_status html-report 303
R2=$(sql "SELECT max(id) FROM campaign_report WHERE target_id=$T39")

# evidence files go with a report (multipart); a file that is not what it claims refuses the whole report
multipart() { # PATH FILENAME CONTENT-TYPE PYTHON-BYTES-EXPRESSION VALUE → raw request in $T/mp
  python3 - "$1" "$2" "$3" "$4" "$5" "$COOKIE" "$CSRF" "$T39" "$T/mp" <<'PY'
import sys
path, name, ctype, expr, value, cookie, csrf, target, out = sys.argv[1:]
data = eval(expr)
b = b"----thiduaboundary"
parts = []
for k, v in (("_csrf", csrf), ("target", target), ("as_of", "2019-10-16"), ("value", value)):
    parts.append(b"--" + b + b'\r\nContent-Disposition: form-data; name="' + k.encode() + b'"\r\n\r\n' + v.encode() + b"\r\n")
parts.append(b"--" + b + b'\r\nContent-Disposition: form-data; name="evidence"; filename="' + name.encode() + b'"\r\nContent-Type: '
             + ctype.encode() + b"\r\n\r\n" + data + b"\r\n")
body = b"".join(parts) + b"--" + b + b"--\r\n"
head = (f"POST {path} HTTP/1.1\r\nHost: test\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=----thiduaboundary\r\n"
        f"Content-Length: {len(body)}\r\n\r\n").encode()
open(out, "wb").write(head + body)
PY
  http_raw "$T/mp"
}
PNG='bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b90000000049454e44ae426082")'
before=$(sql "SELECT count(*) FROM campaign_report")
multipart "/campaigns/$C/reports/new?unit=$MS" "bien-ban.png" "image/png" 'b"<html><script>alert(1)</script></html>"' 7
expect_status evidence-disguised-refused 400
expect_body evidence-disguised-msg "bien-ban.png"
[ "$(sql "SELECT count(*) FROM campaign_report")" = "$before" ] && ok evidence-refused-writes-nothing || fail evidence-refused-writes-nothing "a report was written"
multipart "/campaigns/$C/reports/new?unit=$MS" "anh-nghiem-thu.png" "image/png" "$PNG" 7
expect_status evidence-report 303
RE=$(sql "SELECT max(id) FROM campaign_report")
[ "$(sql "SELECT count(*) FROM file_attachment WHERE owner_kind='campaign_report' AND owner_id=$RE")" = 1 ] \
  && ok evidence-attached || fail evidence-attached "no attachment"
http GET "/reports/$RE"; expect_body evidence-listed "anh-nghiem-thu.png"
FILEURL=$(grep -o 'href="/files/campaign_report/[^"]*"' "$BODY_FILE" | head -n1 | sed 's/href="//; s/"$//')
http GET "$FILEURL"; expect_status evidence-download 200
expect_header evidence-type "image/png"
COOKIE_SAVE=$COOKIE; COOKIE=""
http GET "$FILEURL"; [ "$STATUS" != 200 ] && ok evidence-not-public || fail evidence-not-public "anonymous got the evidence"
COOKIE=$COOKIE_SAVE
login canbo.ban || exit 1
json POST "/api/reports/$R2/decision" '{"accept":false}'; expect_status return-needs-reason 400
http POST "/reports/$R2/decision" "_csrf=$CSRF&accept=0&reason=Thi%E1%BA%BFu+bi%C3%AAn+b%E1%BA%A3n+nghi%E1%BB%87m+thu"
expect_status html-return 303
http GET "/reports/$R2"; expect_body returned-reason "Thiếu biên bản nghiệm thu"

# ---- CLI ----
"$THIDUA" campaign list --db "$DB" | grep -q "CD-2019-HVT" && ok cli-list || fail cli-list "no demo campaign"
"$THIDUA" campaign show CD-2019-HVT --json --on 2019-09-20 --db "$DB" > "$T/show.json" && python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))["campaign"]; assert d["evaluated_on"]=="2019-09-20" and len(d["groups"])==6' "$T/show.json" \
  && ok cli-show-json || fail cli-show-json "$(head -c 200 "$T/show.json")"
"$THIDUA" campaign export CD-2019-HVT --db "$DB" | grep -q "^5,5.1.b," && ok cli-export || fail cli-export "no 5.1.b row"
out=$("$THIDUA" report add --campaign CD-2019-HVT --target 4.2 --unit STC --as-of 2019-09-30 --value 100 --db "$DB" 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q "không được giao chỉ tiêu 4.2" && ok cli-report-wrong-unit || fail cli-report-wrong-unit "$out"

# ---- after the close ----
json POST "/api/campaigns/$C/status" '{"status":"closed"}'; expect_status close 200
login baocao.mauson || exit 1
json POST "/api/reports/$R/versions" '{"as_of":"2019-10-19","value":"6"}'; expect_status closed-reporter-refused 403
login admin || exit 1
json POST "/api/reports/$R/versions" '{"as_of":"2019-10-19","value":"6"}'; expect_status closed-admin-needs-reason 400
expect_body closed-admin-reason-field '"change_reason"'
json POST "/api/reports/$R/versions" '{"as_of":"2019-10-19","value":"6","change_reason":"Đính chính theo biên bản nghiệm thu"}'
expect_status closed-admin-changes 201
[ "$(sql "SELECT count(*) FROM campaign_report WHERE series_id=$R")" = 2 ] && ok versions-kept || fail versions-kept "not 2 versions"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action='change_after_close' AND entity='campaign_report'")" = 1 ] \
  && ok change-audited || fail change-audited "no audit entry"

# ---- kept statuses and counts (sql/023, campaign_tally.c) ----
# the page from the kept counts is the page from every target read one by one (the kept rows marked
# stale, as a database from before the migration), and `campaign refresh` makes them current again
http GET "/campaigns/$C"; cp "$BODY_FILE" "$T/kept.html"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE campaign_tally_state SET rules_version = 0"); c.commit()' "$DB"
http GET "/campaigns/$C"
cmp -s "$BODY_FILE" "$T/kept.html" && ok kept-page-as-read || fail kept-page-as-read "$(diff "$T/kept.html" "$BODY_FILE" | head -5)"
out=$("$THIDUA" campaign refresh --all --db "$DB" 2>&1)
echo "$out" | grep -q "^$C	refreshed" && [ "$(sql "SELECT count(*) FROM campaign_tally_state WHERE rules_version = 0")" = 0 ] \
  && ok cli-refresh || fail cli-refresh "$out"
out=$("$THIDUA" campaign refresh NO-SUCH --db "$DB" 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q "no campaign 'NO-SUCH'" && ok cli-refresh-unknown || fail cli-refresh-unknown "$out"
http GET "/campaigns/$C"
cmp -s "$BODY_FILE" "$T/kept.html" && ok kept-page-after-refresh || fail kept-page-after-refresh "$(diff "$T/kept.html" "$BODY_FILE" | head -5)"
