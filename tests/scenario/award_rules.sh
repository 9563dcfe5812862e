# tests/scenario/award_rules.sh: the first half of commendation through the CLI, the pages and the
# JSON API, on the demo data: money by decision date (2019 rows, 2026 rows), an administrator's new
# decree row (audited; refused to others; bad rows named), subjects by key with personal data
# masked for roles without pii.read, history with "one achievement is rewarded once", a reporter
# kept to its unit, eligibility with its evidence, the newly-qualified report, the import of
# earlier years (idempotent, all-or-nothing), statistics 0603.N, revocation, and the public
# lookup (no sign-in, no diacritics, no personal data).
. "$ROOT/tests/scenario/lib.sh"

# sqlite3 rather than lib.sh's Python helpers: one process start each, and this script makes many.
q() { sqlite3 "$DB" "$1"; }
audits() { q "SELECT count(*) FROM audit_log WHERE entity LIKE 'award%'"; }
uid() { q "SELECT id FROM unit WHERE code='$1'"; }
# One sign-in per role (each costs two requests and a Python start in lib.sh), then switch.
for who in xem canbo.ban admin baocao.soyte; do
  login "$who"; v=$(echo "$who" | tr -c 'a-z\n' '_')
  eval "C_$v=\$COOKIE; X_$v=\$CSRF"
done
as_user() { v=$(echo "$1" | tr -c 'a-z\n' '_'); eval "COOKIE=\$C_$v; CSRF=\$X_$v"; }

# ---- CLI: money with the rows used, admin rows ----
out=$("$THIDUA" award-rule money BK_CT_UBND_TINH individual 10/08/2026 --db "$DB")
[ "$(echo "$out" | head -n1)" = 3800000 ] && ok cli-money-2026 || fail cli-money-2026 "$out"
echo "$out" | grep -q "1,5 × 2.530.000 = 3.795.000" && ok cli-money-explained || fail cli-money-explained "$out"
out=$("$THIDUA" award-rule money BK_CT_UBND_TINH individual 2019-08-20 --db "$DB")
[ "$(echo "$out" | head -n1)" = 1490000 ] && echo "$out" | grep -q "91/2017" && ok cli-money-2019 || fail cli-money-2019 "$out"
"$THIDUA" award-rule list coefficient --db "$DB" | grep -q "BK_CT_UBND_TINH	individual	1,5" && ok cli-rule-list || fail cli-rule-list "no 1,5 row"
if "$THIDUA" award-rule add coefficient --form_code NOPE --subject_kind robot --coefficient x --db "$DB" 2>"$T/err"; then
  fail cli-rule-bad "accepted"
else grep -q "form_code" "$T/err" && grep -q "subject_kind" "$T/err" && grep -q "citation" "$T/err" && ok cli-rule-bad-named || fail cli-rule-bad-named "$(cat "$T/err")"; fi

# ---- API: rules in force, money, an administrator's new row ----
as_user xem
http GET "/api/award-money?form=BK_CT_UBND_TINH&kind=individual&date=2026-08-10"; expect_status api-money 200
expect_body api-money-amount '"amount":3800000'
http GET "/api/award-money?form=BK_CT_UBND_TINH&kind=robot&date=2026-08-10"; expect_status api-money-bad-kind 400
http GET "/api/award-rules/in-force?date=20/08/2019"; expect_status api-in-force 200
expect_body api-in-force-2019-salary '"amount":1490000}'
json POST /api/award-rules '{"kind":"base_salary","amount":3000000,"citation":"Nghị định thử","valid_from":"2027-07-01"}'
expect_status api-rule-viewer-denied 403
as_user canbo.ban
json POST /api/award-rules '{"kind":"base_salary","amount":3000000,"citation":"Nghị định thử","valid_from":"2027-07-01"}'
expect_status api-rule-officer-denied 403
as_user admin
before=$(audits)
json POST /api/award-rules '{"kind":"base_salary","amount":3000000,"citation":"Nghị định thử","valid_from":"2027-07-01"}'
expect_status api-rule-admin 201
[ "$(audits)" = $((before + 1)) ] && ok api-rule-audited || fail api-rule-audited "audit rows $before → $(audits)"
http GET "/api/award-money?form=BK_CT_UBND_TINH&kind=individual&date=2027-08-01"
expect_body api-rule-used '"amount":4500000'
json POST /api/award-rules '{"kind":"coefficient","form_code":"BK_CT_UBND_TINH","subject_kind":"individual","coefficient":"1,2345","valid_from":"2027-13-01"}'
expect_status api-rule-bad 400; expect_body api-rule-bad-coefficient '"coefficient"'; expect_body api-rule-bad-date '"valid_from"'
expect_body api-rule-bad-citation '"citation"'
http GET "/award-rules?kind=coefficient"; expect_status page-rules 200; expect_body page-rules-add 'Thêm dòng quy định'
http POST /award-rules/new "_csrf=$CSRF&kind=base_salary&amount=abc&citation=x&valid_from=2028-07-01"
expect_status page-rule-invalid 400; expect_body page-rule-invalid-field 'không phải số tiền hợp lệ'
http GET "/award-rules?form=BK_CT_UBND_TINH&subject=enterprise&on=20%2F08%2F2019"; expect_body page-calculator '2.980.000'

# ---- subjects: masking, keys, scope ----
binh=$(q "SELECT id FROM award_subject WHERE subject_key='cid:020085001234'")
as_user xem
http GET "/api/award-subjects?q=NGUYEN%20VAN%20BINH"; expect_status api-subjects-viewer 200
expect_body api-subjects-masked '020******234'; expect_no_body api-subjects-no-cid '020085001234'
http GET "/award-subjects/$binh"; expect_status page-subject-viewer 200; expect_no_body page-subject-masked '020085001234'
expect_no_body page-subject-viewer-no-form 'Ghi một danh hiệu'
as_user canbo.ban
http GET "/api/award-subjects/$binh"; expect_body api-subject-officer-sees '020085001234'
json POST /api/award-subjects '{"key":"cid:020 099 000 111","name":"Đinh Văn Thử","unit_id":'"$(uid SYT)"'}'
expect_status api-subject-add 201
json POST /api/award-subjects '{"key":"cid:020099000111","name":"Đinh Văn Thử"}'
expect_status api-subject-existing 200; expect_body api-subject-existing-flag '"created":false'
json POST /api/award-subjects '{"key":"cid:123","name":"X"}'; expect_status api-subject-bad-key 400; expect_body api-subject-bad-key-field '"key"'
json POST /api/award-subjects '{"key":"cid:020099000112","name":"X","nickname":"y"}'; expect_status api-subject-unknown-member 400
thu=$(q "SELECT id FROM award_subject WHERE subject_key='cid:020099000111'")
json POST /api/award-subjects '{"key":"hh:020188001122","kind":"household","name":"Hộ bà Lương Thị Nhà"}'
expect_status api-household-add 201
json POST /api/award-subjects '{"key":"tax:0100233487","name":"Công ty sai mã"}'
expect_status api-tax-check-digit 400; expect_body api-tax-check-digit-named 'số kiểm tra'
as_user xem
http GET "/api/award-subjects?kind=household"; expect_body api-household-listed 'Lương Thị Nhà'
expect_no_body api-household-key-masked '020188001122'
as_user canbo.ban

# ---- history: one achievement once ----
json POST "/api/award-subjects/$thu/history" '{"year":2026,"form_code":"BK_CT_UBND_TINH","decision_ref":"5/QĐ-UBND","achievement_key":"campaign:7/2026"}'
expect_status api-history-add 201
hist=$(q "SELECT id FROM award_history WHERE subject_id=$thu AND form_code='BK_CT_UBND_TINH'")
json POST "/api/award-subjects/$thu/history" '{"year":2027,"form_code":"GK_THU_TRUONG","achievement_key":"campaign:7/2026"}'
expect_status api-history-once 400; expect_body api-history-once-field '"achievement_key"'
http GET "/api/award-subjects/$thu/eligibility?form=BK_CT_UBND_TINH&year=2026&achievement=campaign:7/2026"
expect_body api-eligibility-once '"eligible":false'; expect_body api-eligibility-once-cited 'Điều 6'
http POST "/award-subjects/$thu/history" "_csrf=$CSRF&year=2026&form_code=Hu%C3%A2n+ch%C6%B0%C6%A1ng"
expect_status page-history-bad-form 400; expect_body page-history-bad-form-message 'không có trong cơ sở quy định'

# ---- a reporter: its own unit only, no history ----
as_user baocao.soyte
json POST /api/award-subjects '{"key":"cid:020099000113","name":"Ngoài Phạm Vi","unit_id":'"$(uid BVDK)"'}'
if [ "$(q "SELECT count(*) FROM unit WHERE id=$(uid BVDK) AND parent_id=$(uid SYT)")" = 1 ]; then
  expect_status api-reporter-subunit 201     # the hospital is under the department: in scope
else expect_status api-reporter-subunit 403; fi
json POST /api/award-subjects '{"key":"cid:020099000114","name":"Ngoài Phạm Vi","unit_id":'"$(uid SGDDT)"'}'
expect_status api-reporter-other-unit 403
json POST "/api/award-subjects/$thu/history" '{"year":2025,"form_code":"LDTT"}'; expect_status api-reporter-no-history 403

# ---- eligibility and the yearly report ----
as_user xem
http GET "/api/award-subjects/$binh/eligibility?form=CSTD_TINH&year=2026"; expect_status api-eligibility 200
expect_body api-eligibility-cstd-tinh '"eligible":true'
expect_body api-eligibility-evidence '52/QĐ-BVĐK'
http GET "/api/award-subjects/$binh/eligibility?form=CSTD_TINH&year=2025"
expect_body api-eligibility-edge '"eligible":false'
http GET "/api/award-eligibility?year=2026"; expect_status api-qualified 200
expect_body api-qualified-binh 'Nguyễn Văn Bình'; expect_no_body api-qualified-not-hanh 'Lý Thị Hạnh'
expect_no_body api-qualified-masked '020085001234'
http GET "/award-eligibility?year=2026"; expect_status page-qualified 200; expect_body page-qualified-verdict 'Đủ điều kiện'

# ---- import of earlier years (CLI), statistics ----
cat > "$T/ds.csv" <<'CSV'
Họ tên,Số CCCD,Mã đơn vị,Năm,Danh hiệu,Số quyết định,Ngày quyết định,Nhóm đối tượng
Mạc Văn Cũ,020070000001,SYT,2019,Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh,1200/QĐ-UBND,20/12/2019,truc_tiep
Mạc Văn Cũ,020070000001,SYT,2018,CSTD_CS,15/QĐ-SYT,14/12/2018,truc_tiep
CSV
"$THIDUA" award-subject import "$T/ds.csv" --db "$DB" > "$T/imp" && grep -q "2" "$T/imp" && ok cli-import || fail cli-import "$(cat "$T/imp")"
n=$(q "SELECT count(*) FROM award_history WHERE source='import' AND subject_id=(SELECT id FROM award_subject WHERE subject_key='cid:020070000001')")
[ "$n" = 2 ] && ok cli-import-rows || fail cli-import-rows "$n rows"
"$THIDUA" award-subject import "$T/ds.csv" --db "$DB" > "$T/imp2"
[ "$(q "SELECT count(*) FROM award_history WHERE subject_id=(SELECT id FROM award_subject WHERE subject_key='cid:020070000001')")" = 2 ] && ok cli-import-idempotent || fail cli-import-idempotent "$(cat "$T/imp2")"
printf 'Họ tên,Số CCCD,Năm,Danh hiệu\nA,020070000002,2019,CSTD_CS\nB,020070000003,20x9,CSTD_CS\n' > "$T/bad.csv"
if "$THIDUA" award-subject import "$T/bad.csv" --db "$DB" > "$T/imp3" 2>&1; then fail cli-import-bad "accepted"
else grep -q "3" "$T/imp3" && ok cli-import-bad-line || fail cli-import-bad-line "$(cat "$T/imp3")"; fi
[ -z "$(q "SELECT id FROM award_subject WHERE subject_key='cid:020070000002'")" ] && ok cli-import-atomic || fail cli-import-atomic "line 2 written"
http GET "/api/award-stats?year=2019"; expect_status api-stats 200
expect_body api-stats-classes '"individual":2,"by_class":{"lanh_dao_cap_cao":1,"lanh_dao_phong":0,"cong_chuc":0,"doanh_nhan":0,"truc_tiep":1}'
http GET "/award-stats?year=2019"; expect_status page-stats 200; expect_body page-stats-total 'Tổng cộng'
http GET "/award-stats.xlsx?year=2019"; expect_status stats-xlsx 200
expect_header stats-xlsx-type 'spreadsheetml.sheet'; expect_header stats-xlsx-name 'bieu-0603N-2019.xlsx'
http GET "/award-stats.csv?year=2019"; expect_status stats-csv 200; expect_body stats-csv-total 'Tổng cộng'

# ---- revocation and the public lookup ----
logout_local
http GET "/tra-cuu-khen-thuong?q=dinh%20van%20thu"; expect_status lookup-public 200; expect_body lookup-found 'Đinh Văn Thử'
expect_no_body lookup-no-cid '020099000111'
http GET "/api/public/awards?q=HOANG%20VAN%20DUC"; expect_status lookup-api 200
expect_body lookup-api-history '1290/QĐ-UBND'; expect_no_body lookup-api-no-cid '020078005678'; expect_no_body lookup-api-no-key 'citizen_id'
http GET "/api/public/awards?q=so%20y%20te"; expect_body lookup-by-unit 'Sở Y tế'
http GET "/tra-cuu-khen-thuong/$thu"; expect_status lookup-subject 200; expect_body lookup-subject-award '5/QĐ-UBND'
as_user canbo.ban
json POST "/api/award-history/$hist/revoke" '{"reason":"Kê khai không đúng thành tích"}'; expect_status api-revoke 200
json POST "/api/award-history/$hist/revoke" '{"reason":"lần hai"}'; expect_status api-revoke-again 400
logout_local
http GET "/tra-cuu-khen-thuong/$thu"; expect_status lookup-after-revoke 404
