# tests/scenario/blocks.sh: emulation blocks and clusters: the demo's blocks, create, members
# (add, leave, re-add), head and deputy per year (must be members that year, must differ),
# the JSON API, the CLI, and who may change them.
. "$ROOT/tests/scenario/lib.sh"

block_loc() { grep -i '^Location:' "$REPLY_FILE" | sed 's/.*\/blocks\/\([0-9]*\).*/\1/' | tr -d '\r'; }

login admin || exit 1
http GET /blocks; expect_status list 200
expect_body demo-khoi "Khối các cơ quan tổng hợp"
expect_body demo-cum "Cụm thi đua các huyện, thành phố"
expect_body demo-head-2019 "Sở Tài chính (2019)"
CUM=$(sql "SELECT id FROM emulation_block WHERE kind='cum'")
http GET "/blocks/$CUM"; expect_body cum-head "Thành phố Lạng Sơn"
expect_body cum-left "30/06/2025"
http GET "/units/$(unit_id STC)"; expect_body unit-page-block "trưởng khối năm 2019"
# a unit merged away leaves its blocks the day before the merger (Sở KH&ĐT, 1/3/2025)
[ "$(sql "SELECT left_on FROM block_member WHERE unit_id=$(unit_id SKHDT)")" = 2025-02-28 ] && ok merged-unit-left-block \
  || fail merged-unit-left-block "Sở KH&ĐT still a member"

# create
http POST /blocks/new "_csrf=$CSRF&name=Kh%E1%BB%91i+doanh+nghi%E1%BB%87p+(th%E1%BB%AD)&kind=khoi&description=Th%E1%BB%AD"
expect_status create 303
B=$(block_loc)
http POST /blocks/new "_csrf=$CSRF&name=Kh%E1%BB%91i+doanh+nghi%E1%BB%87p+(th%E1%BB%AD)&kind=khoi"
expect_status duplicate-name 400
expect_body duplicate-name-msg "Đã có khối, cụm tên"
http POST /blocks/new "_csrf=$CSRF&name=X&kind=nhom"; expect_body bad-kind "khối (khoi) hoặc cụm (cum)"

# members and leaders
DN1=$(sql "SELECT id FROM unit WHERE tax_code='4999900173'")
DN2=$(sql "SELECT id FROM unit WHERE tax_code='4999900247'")
DN3=$(sql "SELECT id FROM unit WHERE tax_code='4999900310'")
for u in $DN1 $DN2; do
  http POST "/blocks/$B/members" "_csrf=$CSRF&unit_id=$u&joined=01%2F01%2F2024"; expect_status "add-member-$u" 303
done
http POST "/blocks/$B/members" "_csrf=$CSRF&unit_id=$DN1"; expect_body already-member "đã là thành viên"
http POST "/blocks/$B/leaders" "_csrf=$CSRF&year=2024&head_unit_id=$DN1&deputy_unit_id=$DN2"; expect_status set-leader 303
http GET "/blocks/$B"; expect_body leader-shown "<td>2024</td>"
http POST "/blocks/$B/leaders" "_csrf=$CSRF&year=2024&head_unit_id=$DN3&deputy_unit_id=0"
expect_status head-not-member 400
expect_body head-not-member-msg "phải là thành viên"
http POST "/blocks/$B/leaders" "_csrf=$CSRF&year=2023&head_unit_id=$DN1"
expect_body not-member-before-joining "phải là thành viên"
http POST "/blocks/$B/leaders" "_csrf=$CSRF&year=2024&head_unit_id=$DN1&deputy_unit_id=$DN1"
expect_body deputy-differs "Phó khối phải khác trưởng khối"
http POST "/blocks/$B/leaders" "_csrf=$CSRF&year=1800&head_unit_id=$DN1"; expect_body year-range "1945"
http POST "/blocks/$B/leaders" "_csrf=$CSRF&year=2025&head_unit_id=$DN2&deputy_unit_id=$DN1"; expect_status replace-other-year 303
[ "$(sql "SELECT count(*) FROM block_leadership WHERE block_id=$B")" = 2 ] && ok two-years || fail two-years "want 2 rows"
http POST "/blocks/$B/members/$DN2/remove" "_csrf=$CSRF&left_on=2024-12-31"
expect_body cannot-leave-while-leading "trưởng hoặc phó khối năm 2025"
http POST "/blocks/$B/leaders" "_csrf=$CSRF&year=2025&head_unit_id=$DN1&deputy_unit_id=0"; expect_status change-2025 303
http POST "/blocks/$B/members/$DN2/remove" "_csrf=$CSRF&left_on=2024-12-31"; expect_status leave 303
[ "$(sql "SELECT left_on FROM block_member WHERE block_id=$B AND unit_id=$DN2")" = 2024-12-31 ] && ok left-on-kept || fail left-on-kept "left_on not set"
http POST "/blocks/$B/members" "_csrf=$CSRF&unit_id=$DN2"; expect_status re-add 303
[ "$(sql "SELECT coalesce(left_on,'none') FROM block_member WHERE block_id=$B AND unit_id=$DN2")" = none ] && ok re-add-clears || fail re-add-clears "left_on kept"
[ "$(sql "SELECT count(*) FROM audit_log WHERE entity='block' AND entity_id='$B'")" -ge 7 ] && ok block-writes-audited || fail block-writes-audited "missing audit rows"

# the JSON API
json POST /api/blocks '{"name":"Cụm thi đua thử nghiệm","kind":"cụm"}'; expect_status api-create 201
AB=$(sql "SELECT id FROM emulation_block WHERE name='Cụm thi đua thử nghiệm'")
json POST "/api/blocks/$AB/members" '{"unit_id":"SYT"}'; expect_status api-add 200
json POST "/api/blocks/$AB/members" '{"unit_id":"SGDDT","joined":"2020-01-01"}'; expect_status api-add-2 200
json PUT "/api/blocks/$AB/leaders/2021" '{"head_unit_id":"SYT","deputy_unit_id":"SGDDT"}'; expect_status api-leader 200
expect_body api-leader-body "\"year\":2021"
json PUT "/api/blocks/$AB/leaders/2021" '{"head_unit_id":"STC"}'; expect_status api-leader-nonmember 400
json PUT "/api/blocks/$AB/leaders/1900" '{"head_unit_id":"SYT"}'; expect_status api-leader-bad-year 404
json DELETE "/api/blocks/$AB/members/$(unit_id SGDDT)?left_on=2020-12-31"; expect_status api-remove-while-deputy 400
json PATCH "/api/blocks/$AB" '{"description":"Mô tả mới"}'; expect_status api-patch 200
expect_body api-patch-body "Mô tả mới"
http GET /api/blocks; expect_body api-list "\"count\":5"
expect_body api-list-envelope '"items":[{'
expect_body api-list-total '"total":5'
http GET "/api/blocks?limit=2"; expect_body api-page-count '"count":2'
expect_body api-page-total '"total":5'
http GET "/api/blocks?limit=2&offset=4"; expect_body api-page-last '"count":1'
http GET "/api/blocks?limit=0"; expect_status api-page-bad-limit 400
json PATCH "/api/blocks/$AB" '{"name":5}'; expect_status api-name-number-400 400
json POST "/api/blocks/$AB/members" '{"unit_code":"SYT"}'; expect_status api-unknown-member-400 400
http GET "/api/blocks/$AB"; expect_body api-get-members "\"member_list\""

# the CLI
CB=$("$THIDUA" block add --name "Khối CLI" --kind khoi --db "$DB") && ok cli-add || fail cli-add "no id"
"$THIDUA" block member "Khối CLI" add SYT --db "$DB" && ok cli-member || fail cli-member "failed"
"$THIDUA" block member "$CB" add STC --date 2019-01-01 --db "$DB" && ok cli-member-2 || fail cli-member-2 "failed"
"$THIDUA" block leader "Khối CLI" 2022 SYT STC --db "$DB" && ok cli-leader || fail cli-leader "failed"
# the command line writes as cli:<operator> (actor_cli), never a bare "cli"
[ "$(sql "SELECT count(*) FROM audit_log WHERE entity='block' AND entity_id='$CB' AND user_login NOT LIKE 'cli:_%'")" = 0 ] \
  && [ "$(sql "SELECT count(*) FROM audit_log WHERE entity='block' AND entity_id='$CB'")" -ge 4 ] && ok cli-audit-login \
  || fail cli-audit-login "$(sql "SELECT group_concat(user_login) FROM audit_log WHERE entity='block' AND entity_id='$CB'")"
"$THIDUA" block leader "Khối CLI" 2022 SYT SYT --db "$DB" 2>"$T/err"; [ $? = 1 ] && grep -q "khác trưởng khối" "$T/err" && ok cli-leader-same || fail cli-leader-same "accepted"
"$THIDUA" block show "Khối CLI" --db "$DB" | grep -q "leader 2022: head" && ok cli-show || fail cli-show "no leader line"
"$THIDUA" block list --db "$DB" | grep -q "Khối CLI" && ok cli-list || fail cli-list "missing"
# A unit's API lists each of its blocks with the years it led or deputised there.
http GET "/api/units/$(unit_id SYT)"
expect_body unit-api-head-2021 '"head_years":"2021"'
expect_body unit-api-head-2022 '"head_years":"2022"'
http GET "/api/units/$(unit_id STC)"
expect_body unit-api-deputy-2022 '"name":"Khối CLI","kind":"khoi","joined":"2019-01-01","left_on":null,"head_years":null,"deputy_years":"2022"'
"$THIDUA" block member "Khối CLI" add NOPE --db "$DB" 2>/dev/null; [ $? = 1 ] && ok cli-unknown-unit || fail cli-unknown-unit "accepted"

# who may change blocks
login baocao.soyte || exit 1
http GET /blocks; expect_status reporter-reads 200
http POST /blocks/new "_csrf=$CSRF&name=X&kind=khoi"; expect_status reporter-cannot-create 403
json PUT "/api/blocks/$AB/leaders/2022" '{"head_unit_id":"SYT"}'; expect_status reporter-cannot-lead 403
login canbo.ban || exit 1
http POST "/blocks/$B/members" "_csrf=$CSRF&unit_id=$DN3"; expect_status officer-adds 303
