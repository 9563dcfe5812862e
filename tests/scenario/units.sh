# tests/scenario/units.sh: the unit tree end to end over `thidua http` and the CLI: tree and
# search without diacritics, create/edit (form and API), tax code checks, reorganise with
# lineage, CSV import twice (idempotent), atomic vs --skip-bad, export neutralisation and round
# trip, scope denial for a reporter editing another unit, hostile input.
. "$ROOT/tests/scenario/lib.sh"

# upload PATH FILE [FIELD=VALUE …]: a multipart POST with the CSV file and form fields.
upload() {
  up_path=$1; up_file=$2; shift 2
  {
    printf -- '--XyZbOuNdArY\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n' "$CSRF"
    for kv in "$@"; do
      printf -- '--XyZbOuNdArY\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' "${kv%%=*}" "${kv#*=}"
    done
    printf -- '--XyZbOuNdArY\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: text/csv\r\n\r\n' "$(basename "$up_file")"
    cat "$up_file"
    printf -- '\r\n--XyZbOuNdArY--\r\n'
  } > "$T/mp.body"
  {
    printf 'POST %s HTTP/1.1\r\nHost: test\r\nCookie: %s\r\n' "$up_path" "$COOKIE"
    printf 'Content-Type: multipart/form-data; boundary=XyZbOuNdArY\r\nContent-Length: %s\r\n\r\n' "$(wc -c < "$T/mp.body")"
    cat "$T/mp.body"
  } > "$T/mp.req"
  http_raw "$T/mp.req"
}
location_id() { grep -i '^Location:' "$REPLY_FILE" | sed 's/.*\/units\/\([0-9]*\).*/\1/' | tr -d '\r'; }

login admin || exit 1

# ---- tree and search ----
http GET /units; expect_status tree 200
expect_body tree-province "Tỉnh Lạng Sơn"
expect_body tree-details "<details open><summary>"
expect_no_body tree-historic-hidden "Huyện Tràng Định"
http GET "/units?historic=1"; expect_body tree-historic-shown "Huyện Tràng Định"
http GET "/units?at=2019-08-20"; expect_body tree-at-2019 "Huyện Tràng Định"
expect_no_body tree-at-2019-no-new "Phường Lương Văn Tri"
http GET "/units?q=lang+son"; expect_body search-folded "Tỉnh Lạng Sơn"
http GET "/units?q=LANG%20SON"; expect_body search-upper "Tỉnh Lạng Sơn"
http GET "/units?q=l%E1%BA%A1ng"; expect_body search-diacritics "Tỉnh Lạng Sơn"
http GET "/units?q=dong+kinh"; expect_body search-dong-kinh "Phường Đông Kinh"
http GET "/units?q=thanh+pho+lang+son"; expect_no_body search-current-only "Thành phố Lạng Sơn</a>"
http GET "/units?q=thanh+pho+lang+son&historic=1"; expect_body search-historic "Thành phố Lạng Sơn</a>"
http GET "/units?q=SYT"; expect_body search-code "Sở Y tế"
http GET "/units?q=%25%25%25"; expect_status search-only-percent 200
http GET "/units?at=31/02/2025"; expect_body bad-date-notice "Ngày lọc không hợp lệ"

# ---- create, edit (form) ----
SNV=$(unit_id SNV); SYT=$(unit_id SYT); STC=$(unit_id STC); PROV=$(unit_id 20)
http POST /units/new "_csrf=$CSRF&name=Trung+t%C3%A2m+Th%E1%BB%AD+nghi%E1%BB%87m&kind=agency&parent_id=$SNV&code=TTTN&valid_from=01%2F01%2F2020"
expect_status create-303 303
NEW=$(location_id)
http GET "/units/$NEW"; expect_body create-shown "Trung tâm Thử nghiệm"
expect_body create-date-iso-shown "01/01/2020"
http POST /units/new "_csrf=$CSRF&name=C%C3%B4ng+ty+X&kind=enterprise&parent_id=$PROV&tax_code=0100233480"
expect_status bad-tax-400 400
expect_body bad-tax-message "chữ số kiểm tra"
http POST /units/new "_csrf=$CSRF&name=C%C3%B4ng+ty+X&kind=enterprise&parent_id=$PROV&tax_code=0100233488"
expect_status good-tax-303 303
http POST /units/new "_csrf=$CSRF&name=C%C3%B4ng+ty+Y&kind=enterprise&parent_id=$PROV&tax_code=0100233488"
expect_body dup-tax "đã có ở đơn vị"
http POST /units/new "_csrf=$CSRF&name=&kind=&parent_id="
expect_status empty-form-400 400
expect_body empty-form-name "<p class=\"error\" id=\"e-name\">"
http POST /units/new "_csrf=$CSRF&name=Tr%C3%B9ng+m%C3%A3&kind=agency&parent_id=$SNV&code=TTTN"
expect_body dup-code "đã được dùng"
http POST /units/new "name=NoCsrf&kind=agency&parent_id=$SNV"; expect_status create-no-csrf 403
http POST "/units/$NEW/edit" "_csrf=$CSRF&name=Trung+t%C3%A2m+Ki%E1%BB%83m+%C4%91%E1%BB%8Bnh&kind=agency&parent_id=$SNV&code=TTTN"
expect_status edit-303 303
http GET "/units/$NEW"; expect_body edit-shown "Trung tâm Kiểm định"
http POST "/units/$SNV/edit" "_csrf=$CSRF&name=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5&kind=department&parent_id=$NEW"
expect_body edit-cycle-refused "dưới chính nó"
[ "$(sql "SELECT count(*) FROM audit_log WHERE entity='unit' AND action='update' AND entity_id='$NEW'")" = 1 ] \
  && ok edit-audited || fail edit-audited "no update audit row"

# ---- hostile text is escaped ----
http POST /units/new "_csrf=$CSRF&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&kind=agency&parent_id=$SNV"
XSS=$(location_id)
http GET "/units/$XSS"; expect_no_body xss-escaped "<script>alert(1)"
expect_body xss-shown "&lt;script&gt;alert(1)"
http GET /units/999999; expect_status unknown-unit 404
http GET /units/abc; expect_status non-numeric-unit 404
http GET "/units/$XSS/edit%00"; expect_status nul-path 400

# ---- API ----
json POST /api/units "{\"name\":\"Trường Mầm non Hoa Sen (mẫu)\",\"kind\":\"school\",\"parent_id\":\"SGDDT\",\"code\":\"MNHS\"}"
expect_status api-create 201
expect_body api-create-body "\"code\":\"MNHS\""
json POST /api/units "{\"name\":\"X\",\"kind\":\"nope\",\"parent_id\":$PROV}"
expect_status api-bad-kind 400
expect_body api-bad-kind-field "\"kind\""
json POST /api/units "[1,2]"; expect_status api-not-object 400
http GET "/api/units?q=hoa+sen"; expect_body api-search "Trường Mầm non Hoa Sen"
MNHS=$(unit_id MNHS)
json PATCH "/api/units/$MNHS" '{"address":"Phường Lương Văn Tri"}'; expect_status api-patch 200
expect_body api-patch-body "\"address\":\"Ph"
http GET "/api/units/$MNHS"; expect_body api-get-path "\"path\":[{\"id\":$PROV"
# one set of API rules: a member of the wrong type or an unknown member is a 400 naming it,
# before anything is written (a number is not a name)
json PATCH "/api/units/$MNHS" '{"name":5}'; expect_status api-name-number-400 400
expect_body api-name-number-field '"name":"Phải là'
[ "$(sql "SELECT name FROM unit WHERE id=$MNHS")" = "Trường Mầm non Hoa Sen (mẫu)" ] && ok api-name-number-unchanged \
  || fail api-name-number-unchanged "renamed to $(sql "SELECT name FROM unit WHERE id=$MNHS")"
json PATCH "/api/units/$MNHS" '{"parent_code":"SGDDT"}'; expect_status api-unknown-member-400 400
# the list envelope: items, count, total, limit, offset
http GET "/api/units?q=hoa+sen&limit=1"
expect_body api-list-items '"items":[{'
expect_body api-list-count '"count":1'
expect_body api-list-limit '"limit":1'
expect_body api-list-offset '"offset":0'
# one reference rule: a JSON string is a code, a number an id; in text bare digits are an id,
# refused when they are also another unit's code. The demo province's code is "20".
PCODE=$(sql "SELECT code FROM unit WHERE id=$PROV")
U20=$(sql "SELECT id FROM unit WHERE id=$PCODE")
if [ "$PCODE" = 20 ] && [ -n "$U20" ] && [ "$U20" != "$PROV" ]; then
  http GET "/api/units?parent=20"; expect_status ref-ambiguous-400 400
  expect_body ref-ambiguous-message "hãy viết id:20 hoặc code:20"
  http GET "/api/units?parent=code:20&limit=1"; expect_status ref-code-prefix 200
  expect_body ref-code-prefix-children "\"parent_id\":$PROV,"
  http GET "/api/units?parent=id:20"; expect_status ref-id-prefix 200
  "$THIDUA" unit show 20 --db "$DB" > "$T/ref.out" 2>&1 && fail cli-ref-ambiguous "accepted" \
    || { grep -q "id:20" "$T/ref.out" && ok cli-ref-ambiguous || fail cli-ref-ambiguous "$(cat "$T/ref.out")"; }
  "$THIDUA" unit show code:20 --db "$DB" | grep -q "Tỉnh Lạng Sơn" && ok cli-ref-code || fail cli-ref-code "not the province"
  json POST /api/units '{"name":"Phòng mã chuỗi","kind":"other","parent_id":"20"}'; expect_status ref-json-string-is-code 201
  expect_body ref-json-string-parent "\"parent_id\":$PROV"
else
  fail ref-fixture "the demo province's code is not 20 or no unit has id 20 ($PCODE, $U20)"
fi

# ---- reorganise: rename keeps the history ----
http POST "/units/$NEW/reorganise" "_csrf=$CSRF&change=rename&new_name=Trung+t%C3%A2m+Ki%E1%BB%83m+%C4%91%E1%BB%8Bnh+t%E1%BB%89nh&effective=2026-01-01&legal_basis=Q%C4%90+s%E1%BB%91+1%2FQ%C4%90-UBND"
expect_status rename-303 303
RENAMED=$(location_id)
http GET "/units/$RENAMED"; expect_body rename-lineage "đổi tên"
expect_body rename-basis "QĐ số 1/QĐ-UBND"
[ "$(sql "SELECT valid_to FROM unit WHERE id=$NEW")" = 2025-12-31 ] && ok rename-closes-old || fail rename-closes-old "valid_to not 2025-12-31"
[ "$(sql "SELECT code FROM unit WHERE id=$RENAMED")" = TTTN ] && ok rename-moves-code || fail rename-moves-code "code not moved"
http GET "/api/units/$RENAMED/lineage"; expect_body lineage-ids "\"ids\":[$RENAMED,$NEW]"
# lineage through two steps: the demo's Sở Tài chính absorbed Sở KH&ĐT; merge it again into a new unit
json POST /api/units/reorganise "{\"change\":\"merge\",\"sources\":[\"STC\",\"SXD\"],\"new\":[{\"name\":\"Sở Tài chính và Xây dựng (thử)\"}],\"effective\":\"2026-03-01\"}"
expect_status merge-api 201
MERGED=$(sql "SELECT id FROM unit WHERE name='Sở Tài chính và Xây dựng (thử)'")
http GET "/api/units/$MERGED/lineage"
for code in STC SXD SKHDT SGTVT; do expect_body "lineage-transitive-$code" "\"id\":$(unit_id $code)"; done
json POST /api/units/reorganise "{\"change\":\"merge\",\"sources\":[\"STC\"],\"into\":[$MERGED],\"effective\":\"2026-03-01\"}"
expect_status merge-ended-source 400
json POST /api/units/reorganise "{\"change\":\"split\",\"sources\":[$MERGED],\"new\":[{\"name\":\"A\"}],\"effective\":\"2027-01-01\"}"
expect_status split-needs-two 400
[ "$(sql "SELECT count(*) FROM audit_log WHERE action='reorganise' AND entity_id='$MERGED'")" = 1 ] \
  && ok reorganise-one-audit || fail reorganise-one-audit "not exactly one audit entry"

# ---- import: twice, atomic, skip-bad ----
cat > "$T/good.csv" <<'EOF'
Mã,Tên đơn vị,Loại,Mã cấp trên,Mã số thuế,Từ ngày
TRAMYT1,Trạm Y tế thử nghiệm 1,Khác,SYT,,01/07/2025
TRAMYT2,"Trạm Y tế thử nghiệm 2, khu B",other,TRAMYT1,,
DNTEST,Công ty Thử nghiệm (mẫu),Doanh nghiệp,20,0314409058,2025-07-01
EOF
upload /units/import "$T/good.csv"; expect_status import-ok 200
expect_body import-summary "Đã nhập 3 dòng mới"
[ "$(sql "SELECT parent_id FROM unit WHERE code='TRAMYT2'")" = "$(unit_id TRAMYT1)" ] && ok import-parent-in-file || fail import-parent-in-file "parent not resolved"
A1=$(sql "SELECT count(*) FROM audit_log WHERE action='import' AND entity='unit'")
U1=$(sql "SELECT count(*) FROM unit")
upload /units/import "$T/good.csv"; expect_body import-again "cả 3 dòng đều đã có"
[ "$(sql "SELECT count(*) FROM unit")" = "$U1" ] && ok import-idempotent || fail import-idempotent "unit count changed"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action='import' AND entity='unit'")" = "$A1" ] && ok import-again-no-audit || fail import-again-no-audit "audit grew"
[ "$A1" = 1 ] && ok import-one-audit || fail import-one-audit "want 1 import audit entry, got $A1"
SHA=$(sha256sum "$T/good.csv" | cut -c1-64)
[ "$(sql "SELECT count(*) FROM audit_log WHERE action='import' AND after_json LIKE '%$SHA%' AND after_json LIKE '%\"accepted\":3%'")" = 1 ] \
  && ok import-audit-sha256 || fail import-audit-sha256 "audit lacks sha256/counts"
# Lines are checked before any is written: a line naming an earlier line as its parent (by name
# too) or repeating it is judged as if that line were stored.
cat > "$T/infile.csv" <<'EOF'
code,name,kind,parent_code,parent_name
FD1,Trạm Tệp Một,other,SYT,
FD1,Trạm Tệp Một lặp mã,other,SYT,
,Trạm Tệp Con,other,,tram tep mot
,Trạm Tệp Con,other,,Trạm Tệp Một
EOF
upload /units/import "$T/infile.csv"; expect_status import-in-file-200 200
expect_body import-in-file-summary "Đã nhập 2 dòng mới; 2 dòng trùng"
expect_body import-in-file-dup-code "đã có đơn vị mã &quot;FD1&quot; ở dòng 2"
expect_body import-in-file-dup-name "đã có đơn vị cùng tên dưới cùng đơn vị cấp trên ở dòng 4"
[ "$(sql "SELECT parent_id FROM unit WHERE name='Trạm Tệp Con'")" = "$(unit_id FD1)" ] \
  && [ "$(sql "SELECT count(*) FROM unit WHERE name LIKE 'Trạm Tệp%'")" = 2 ] && ok import-in-file-parent-by-name \
  || fail import-in-file-parent-by-name "parent $(sql "SELECT parent_id FROM unit WHERE name='Trạm Tệp Con'")"

cat > "$T/mixed.csv" <<'EOF'
code,name,kind,parent_code,tax_code
MIX1,Đơn vị hợp lệ 1,other,SYT,
MIX2,Đơn vị sai mã số thuế,enterprise,20,1234567890
MIX3,Đơn vị hợp lệ 3,other,SYT,
MIX4,Đơn vị cấp trên không có,other,KHONGCO,
EOF
U2=$(sql "SELECT count(*) FROM unit")
upload /units/import "$T/mixed.csv"; expect_status atomic-400 400
expect_body atomic-nothing "Không có gì được ghi vì 2 dòng bị từ chối"
expect_body atomic-line-3 "<td>3</td><td>Bị từ chối</td><td>tax_code</td>"
expect_body atomic-line-5 "<td>5</td><td>Bị từ chối</td><td>parent_code</td>"
[ "$(sql "SELECT count(*) FROM unit")" = "$U2" ] && ok atomic-no-write || fail atomic-no-write "units were written"
upload /units/import "$T/mixed.csv" dry_run=1; expect_body dry-run "Chạy thử"
upload /units/import "$T/mixed.csv" skip_bad=1; expect_status skip-bad 200
expect_body skip-bad-summary "Đã nhập 2 dòng mới"
[ "$(sql "SELECT count(*) FROM unit WHERE code IN ('MIX1','MIX3')")" = 2 ] && ok skip-bad-wrote-good || fail skip-bad-wrote-good "good lines missing"
[ "$(sql "SELECT count(*) FROM unit WHERE code IN ('MIX2','MIX4')")" = 0 ] && ok skip-bad-no-bad || fail skip-bad-no-bad "bad lines written"

# CLI import: exit codes and the same idempotence
cat > "$T/cli.csv" <<'EOF'
code,name,kind,parent_code
CLI1,Đơn vị nhập bằng CLI,other,SNV
CLI2,"Đơn vị ""có ngoặc kép""",other,CLI1
EOF
"$THIDUA" unit import "$T/cli.csv" --db "$DB" > "$T/cli.out" 2>&1 && ok cli-import || fail cli-import "$(cat "$T/cli.out")"
case "$(sql "SELECT user_login FROM audit_log WHERE entity='unit' ORDER BY id DESC LIMIT 1")" in
  cli:?*) ok cli-import-audit-login ;;
  *) fail cli-import-audit-login "$(sql "SELECT user_login FROM audit_log WHERE entity='unit' ORDER BY id DESC LIMIT 1")" ;;
esac
"$THIDUA" unit import "$T/cli.csv" --db "$DB" > "$T/cli.out" 2>&1 && grep -q "cả 2 dòng" "$T/cli.out" && ok cli-import-again || fail cli-import-again "$(cat "$T/cli.out")"
"$THIDUA" unit import "$T/mixed.csv" --db "$DB" > "$T/cli.out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "dòng 3: rejected, cột tax_code" "$T/cli.out" && ok cli-atomic-exit-1 || fail cli-atomic-exit-1 "rc=$rc $(cat "$T/cli.out")"
[ "$(sql "SELECT name FROM unit WHERE code='CLI2'")" = 'Đơn vị "có ngoặc kép"' ] && ok cli-quotes || fail cli-quotes "quoted name wrong"

# ---- hostile files ----
printf 'code,name,kind,parent_code\nBAD1,T\341\273\213nh sai,other,SNV\nBAD2,L\340ng,other,SNV\n' > "$T/latin1.csv"
upload /units/import "$T/latin1.csv"; expect_status bad-utf8 400
expect_body bad-utf8-where "dòng 3, byte thứ 7 của dòng"
printf 'code,name,kind,parent_code\nQ1,Tên "lạ",other,SNV\nQ2,"Tên đúng",other,SNV\n' > "$T/stray.csv"
upload /units/import "$T/stray.csv"; expect_body stray-quote "dòng 2, cột 8"
printf 'code,name,kind,parent_code\nN1,a\0b,other,SNV\n' > "$T/nul.csv"
upload /units/import "$T/nul.csv"; expect_body nul-file "ký tự NUL ở dòng 2"
printf 'ma;ten;loai;ma_cap_tren\r\nSEMI1;Đơn vị dấu chấm phẩy;khac;SNV' > "$T/semi.csv"
upload /units/import "$T/semi.csv"; expect_body semicolon-no-final-newline "Đã nhập 1 dòng mới"
printf 'code,name,kind,parent_code,extra\nE1,x,other,SNV,1\n' > "$T/extra.csv"
upload /units/import "$T/extra.csv"; expect_body unknown-column "&quot;extra&quot;"
printf '' > "$T/empty.csv"
upload /units/import "$T/empty.csv"; expect_body empty-file "tệp rỗng"
http POST /units/import "_csrf=$CSRF"; expect_status import-no-file 400

# ---- export: neutralised cells and a lossless round trip ----
json POST /api/units "{\"name\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\",\"kind\":\"other\",\"parent_id\":\"SNV\",\"code\":\"FORMULA\"}"
expect_status formula-unit 201
json POST /api/units '{"name":"+84 tổng đài","kind":"other","parent_id":"SNV","note":"-5 và @chú thích"}'
http GET /units/export.csv; expect_status export 200
expect_header export-type "Content-Type: text/csv"
expect_header export-attachment "Content-Disposition: attachment"
expect_body export-neutral-eq "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
expect_body export-neutral-plus "'+84 tổng đài"
if grep -q '^=\|,=\|,+\|,-\|,@' "$BODY_FILE"; then fail export-no-live-formula "a cell starts with = + - @"; else ok export-no-live-formula; fi
cp "$BODY_FILE" "$T/export.csv"
U3=$(sql "SELECT count(*) FROM unit")
upload /units/import "$T/export.csv"; expect_body export-reimport-all-duplicates "Không có dòng mới"
[ "$(sql "SELECT count(*) FROM unit")" = "$U3" ] && ok export-round-trip || fail export-round-trip "re-import added units"
"$THIDUA" unit export --db "$DB" --out "$T/cli-export.csv" && cmp -s "$T/cli-export.csv" "$T/export.csv" \
  && ok cli-export-same || fail cli-export-same "CLI export differs from the page's"

# a fresh database takes the export as a whole (parents come before children)
"$THIDUA" init --cheap-hash --db "$T/fresh.db" >/dev/null
"$THIDUA" unit import "$T/export.csv" --db "$T/fresh.db" > "$T/fresh.out" 2>&1 && ok export-into-fresh-db \
  || fail export-into-fresh-db "$(tail -n 5 "$T/fresh.out")"

# ---- scope: a reporter of Sở Y tế ----
login baocao.soyte || exit 1
http GET "/units/$SYT/edit"; expect_status reporter-edit-own 200
http POST "/units/$STC/edit" "_csrf=$CSRF&name=Hacked&kind=department&parent_id=$PROV"; expect_status reporter-edit-other-403 403
[ "$(sql "SELECT name FROM unit WHERE id=$STC")" = "Sở Tài chính" ] && ok reporter-no-change || fail reporter-no-change "name changed"
http POST /units/new "_csrf=$CSRF&name=Ph%C3%B2ng+m%E1%BB%9Bi&kind=other&parent_id=$STC"; expect_status reporter-create-elsewhere-403 403
http POST /units/new "_csrf=$CSRF&name=Ph%C3%B2ng+Nghi%E1%BB%87p+v%E1%BB%A5+Y&kind=other&parent_id=$SYT"; expect_status reporter-create-own 303
BVDK=$(unit_id BVDK)
http POST "/units/$BVDK/edit" "_csrf=$CSRF&name=B%E1%BB%87nh+vi%E1%BB%87n+%C4%90a+khoa+t%E1%BB%89nh+L%E1%BA%A1ng+S%C6%A1n&kind=hospital&parent_id=$STC"
expect_status reporter-move-out-403 403
json PATCH "/api/units/$STC" '{"name":"Hacked"}'; expect_status reporter-api-patch-403 403
json POST /api/units/reorganise "{\"change\":\"rename\",\"sources\":[\"SYT\"],\"new\":[{\"name\":\"Sở Y tế mới\"}],\"effective\":\"2027-01-01\"}"
expect_status reporter-rename-own-root-403 403
printf 'code,name,kind,parent_code\nR1,Trạm thuộc Sở Y tế,other,SYT\nR2,Trạm thuộc Sở Tài chính,other,STC\n' > "$T/scope.csv"
upload /units/import "$T/scope.csv"; expect_body reporter-import-scope "không có quyền"
# nor a second root, by any route: the form (empty or absent parent), the API, the importer
ROOTS=$(sql "SELECT count(*) FROM unit WHERE parent_id IS NULL")
http POST /units/new "_csrf=$CSRF&name=T%E1%BB%89nh+th%E1%BB%A9+hai&kind=province&parent_id="; expect_status reporter-form-root-403 403
http POST /units/new "_csrf=$CSRF&name=T%E1%BB%89nh+th%E1%BB%A9+hai&kind=province"; expect_status reporter-form-root-absent-403 403
json POST /api/units '{"name":"Tỉnh thứ hai","kind":"province"}'; expect_status reporter-api-root-403 403
json POST /api/units '{"name":"Tỉnh thứ hai","kind":"province","parent_id":null}'; expect_status reporter-api-root-null-403 403
printf 'code,name,kind,parent_code\nROOT2,Tỉnh thứ hai,province,\n' > "$T/root.csv"
upload /units/import "$T/root.csv"; expect_body reporter-import-root "không có quyền"
[ "$(sql "SELECT count(*) FROM unit WHERE parent_id IS NULL")" = "$ROOTS" ] && ok reporter-no-second-root \
  || fail reporter-no-second-root "roots $ROOTS -> $(sql "SELECT count(*) FROM unit WHERE parent_id IS NULL")"
[ "$(sql "SELECT count(*) FROM unit WHERE code IN ('R1','R2')")" = 0 ] && ok reporter-import-atomic || fail reporter-import-atomic "written"
# the reporter's import quota (import.max_rows.reporter) on the import page
"$THIDUA" setting set import.max_rows.reporter 1 --db "$DB" > /dev/null
printf 'code,name,kind,parent_code\nR3,Trạm 3,other,SYT\nR4,Trạm 4,other,SYT\n' > "$T/quota.csv"
upload /units/import "$T/quota.csv"; expect_status reporter-import-quota-400 400
expect_body reporter-import-quota-message "tệp có 2 dòng dữ liệu, nhiều hơn giới hạn 1 dòng cho một lần nhập (thiết lập import.max_rows.reporter)"
[ "$(sql "SELECT count(*) FROM unit WHERE code IN ('R3','R4')")" = 0 ] && ok reporter-import-quota-nothing || fail reporter-import-quota-nothing "written"
"$THIDUA" setting set import.max_rows.reporter 50000 --db "$DB" > /dev/null
http GET /units; expect_status reporter-reads-tree 200

login xem || exit 1
http GET /units/new; expect_status viewer-new-403 403
http GET /units; expect_status viewer-reads 200
logout_local
http GET /units; expect_status anonymous-redirect 303
http GET /api/units; expect_status anonymous-api-401 401

# ---- search results a page at a time (100 per page) ----
{
  echo "code,name,kind,parent_code"
  for i in $(seq 1 130); do echo "PT$i,Trường Phân Trang số $i,school,SGDDT"; done
} > "$T/paging.csv"
THIDUA_QUIET=1 "$THIDUA" unit import "$T/paging.csv" --db "$DB" > "$T/paging.out" 2>&1 \
  && ok "paging: 130 units imported" || fail paging-import "$(cat "$T/paging.out")"
login canbo.ban
http GET "/units?q=phan+trang"
expect_body "paging: the count covers every match" "Tìm thấy 130 đơn vị"
n=$(grep -o '<li><a href="/units/[0-9]*">Trường Phân Trang' "$BODY_FILE" | wc -l)
[ "$n" = 100 ] && ok "paging: the first page shows 100" || fail paging-first "$n shown"
expect_body "paging: a link to the next page keeps the query" 'href="/units?q=phan%20trang&amp;page=2" rel="next"'
expect_no_body "paging: no previous page on the first" 'rel="prev"'
http GET "/units?q=phan+trang&page=2"
n=$(grep -o '<li><a href="/units/[0-9]*">Trường Phân Trang' "$BODY_FILE" | wc -l)
[ "$n" = 30 ] && ok "paging: the second page shows the other 30" || fail paging-second "$n shown"
expect_body "paging: the second page links back" 'rel="prev"'
expect_no_body "paging: no next page after the last" 'rel="next"'
http GET "/units?q=phan+trang&page=abc"
expect_body "paging: a bad page number means the first page" "Trang sau"

# ---- the API's path runs from the province down, the unit itself left out ----
DK=$(sqlite3 "$DB" "SELECT id FROM unit WHERE code='05980'")   # the ward as it was until 30/6/2025
http GET "/api/units/$DK"
python3 - "$BODY_FILE" <<'PY' && ok "api path: province, then city, for Phường Đông Kinh" || fail api-path "$(head -c 300 "$BODY_FILE")"
import json, sys
d = json.load(open(sys.argv[1]))
names = [p["name"] for p in d["path"]]
sys.exit(0 if names == ["Tỉnh Lạng Sơn", "Thành phố Lạng Sơn"] and d["unit"]["name"] == "Phường Đông Kinh" else 1)
PY
