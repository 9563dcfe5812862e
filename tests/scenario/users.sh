# tests/scenario/users.sh: users and roles over `thidua http` and the CLI: who may see the
# pages, list filters and folded search, create/edit/lock/reset, hostile input (invalid UTF-8,
# over-long fields, injection strings: a clear 4xx and nothing written), escaping, the JSON
# API, role editing with the last-administrator guard, unit scope and masking for an
# administrator of one unit, and the `thidua user` commands.
. "$ROOT/tests/scenario/lib.sh"

users_count() { "$THIDUA" user list --json --db "$DB" | grep -c '"login"'; }
location() { grep -i '^Location:' "$REPLY_FILE" | sed 's/^[^:]*: //' | tr -d '\r'; }
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval("d"+sys.argv[2]))' "$BODY_FILE" "$1"; }
refresh_csrf() { http GET /account; CSRF=$(grep -o 'name="_csrf" value="[0-9a-f]*"' "$BODY_FILE" | head -n1 | sed 's/.*value="//; s/"//'); }
PWFILE="$T/pw"; printf 'mat-khau-ban-dau-1\n' > "$PWFILE"

# ---- who may see the pages ----
http GET /users; expect_status anon-redirected 303
expect_header anon-to-login "Location: /login?next=%2Fusers"
login xem
http GET /users; expect_status viewer-forbidden 403
http GET /api/users; expect_status viewer-api-forbidden 403
http GET /roles; expect_status viewer-roles-forbidden 403

# ---- list, filters, search ----
# Official lists order people by given name (tên), then family name, then middle name.
"$THIDUA" user list --db "$DB" | awk 'NR>1 {print $2}' | tr '\n' ' ' | grep -q "^canbo.ban baocao.soyte hoidong admin xem " \
  && ok list-order-by-given-name || fail list-order-by-given-name "$("$THIDUA" user list --db "$DB" | awk 'NR>1 {print $2}' | tr '\n' ' ')"
login admin
http GET /users; expect_status list 200; expect_body list-demo-user "Nguyễn Thị Hoa"
expect_body list-has-filter 'name="q"'
http GET "/users?role=viewer"; expect_body filter-role "Lương Thị Xem"; expect_no_body filter-role-excludes "Nguyễn Thị Hoa"
http GET "/users?q=nguyen+hoa"; expect_body search-folded "Nguyễn Thị Hoa"; expect_no_body search-narrow "Lương Thị Xem"
http GET "/users?q=%25"; expect_body search-wildcard-literal "0 người dùng"
http GET "/users?status=disabled"; expect_body filter-status "0 người dùng"

# ---- create ----
http POST /users/new "_csrf=$CSRF&login=Dang.Duc&name=$(urlenc '  Đặng   Văn Đức ')&email=Duc@SoYTe.vn&phone=$(urlenc '+84 912 345 678')&unit=1&role=reporter&password=mat-khau-ban-dau-1&must_change=1"
expect_status create 303
DUC=$(location | sed 's|/users/||; s|?.*||')
case "$DUC" in ''|*[!0-9]*) fail create-id "no id in Location '$(location)'";; *) ok create-id;; esac
http GET "/users/$DUC?ok=created"; expect_body created-notice "Đã tạo người dùng."
expect_body created-normalised "Đặng Văn Đức"; expect_body created-login-lower "dang.duc"
expect_body created-email-lower "duc@soyte.vn"; expect_body created-phone-domestic "0912345678"
http GET "/users?q=dang+duc"; expect_body search-d-stroke "Đặng Văn Đức"

# ---- hostile input: a clear 4xx, nothing written ----
before=$(users_count)
http POST /users/new "_csrf=$CSRF&login=dang.duc&name=X&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status duplicate 400; expect_body duplicate-says "đã được dùng"
http POST /users/new "_csrf=$CSRF&login=utf&name=%C3%28&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status invalid-utf8 400; expect_body invalid-utf8-says "UTF-8"
long=$(python3 -c 'print("Ê"*300, end="")')
http POST /users/new "_csrf=$CSRF&login=dai&name=$(urlenc "$long")&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status overlong-name 400; expect_body overlong-says "Dài quá 100 ký tự"
http POST /users/new "_csrf=$CSRF&login=$(urlenc "x'); DROP TABLE app_user;--")&name=X&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status sql-login 400; expect_body sql-login-says "Tên đăng nhập chỉ gồm"
http POST /users/new "_csrf=$CSRF&login=rlo&name=$(urlenc 'tên')%E2%80%AEabc&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status bidi-override 400
http POST /users/new "_csrf=$CSRF&login=mail&name=X&email=$(urlenc 'a@b@c')&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status bad-email 400; expect_body bad-email-says "đúng một ký tự @"
http POST /users/new "_csrf=$CSRF&login=donvi&name=X&unit=$(urlenc "1 OR 1=1")&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status bad-unit 400; expect_body bad-unit-says "Không có đơn vị"
http POST /users/new "_csrf=$CSRF&login=vaitro&name=X&unit=1&role=$(urlenc "admin' --")&password=mat-khau-ban-dau-1"
expect_status bad-role 400
http POST /users/new "_csrf=$CSRF&login=yeu&name=X&unit=1&role=viewer&password=1234567890"
expect_status weak-password 400; expect_body weak-password-says "phổ biến"
http POST /users/new "login=nocsrf&name=X&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status no-csrf 403
big=$(python3 -c 'print("a"*70000, end="")')
http POST /users/new "_csrf=$CSRF&login=to&name=$big&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status field-too-big 400
after=$(users_count)
if [ "$before" = "$after" ]; then ok hostile-nothing-written; else fail hostile-nothing-written "users $before -> $after"; fi
http GET /users/999999; expect_status unknown-user 404
http GET /users/abc; expect_status bad-user-id 404

# ---- escaping: markup in a name is text ----
http POST /users/new "_csrf=$CSRF&login=xss.test&name=$(urlenc '<script>alert(1)</script>')&unit=1&role=viewer&password=mat-khau-ban-dau-1"
expect_status markup-name-created 303
http GET "/users?q=script"; expect_body markup-escaped "&lt;script&gt;alert(1)&lt;/script&gt;"
expect_no_body markup-not-raw "<script>alert(1)"

# ---- edit, version check, lock, reset ----
http GET "/users/$DUC"
V=$(grep -o 'name="v" value="[^"]*"' "$BODY_FILE" | sed 's/.*value="//; s/"//')
http POST "/users/$DUC" "_csrf=$CSRF&v=$V&name=$(urlenc 'Đặng Văn Đức')&email=duc2@soyte.vn&phone=0987000111&unit=1&role=viewer"
expect_status edit 303
http GET "/users/$DUC"; expect_body edit-saved "duc2@soyte.vn"; expect_body edit-role "Người xem"
sleep 1
http POST "/users/$DUC" "_csrf=$CSRF&v=$V&name=Cu&unit=1&role=viewer"
expect_status edit-stale-version 409; expect_body edit-stale-says "Người khác vừa sửa"
http POST "/users/$DUC/disable" "_csrf=$CSRF"; expect_status disable 303
SAVE=$COOKIE; COOKIE=""
http POST /login "login=dang.duc&password=mat-khau-ban-dau-1"; expect_status disabled-cannot-login 401
COOKIE=$SAVE
http POST "/users/$DUC/enable" "_csrf=$CSRF"; expect_status enable 303
http POST "/users/$DUC/password" "_csrf=$CSRF&password=ngan"; expect_status reset-weak 400
http POST "/users/$DUC/password" "_csrf=$CSRF&password=mat-khau-dat-lai-99&must_change=1"; expect_status reset 303
SAVE=$COOKIE; COOKIE=""
http POST /login "login=dang.duc&password=mat-khau-dat-lai-99"; expect_status reset-login 303
expect_header reset-must-change "Location: /account?must=1"
COOKIE=$SAVE
http POST /users/1/disable "_csrf=$CSRF"; expect_status self-disable-refused 400
http POST /users/1/password "_csrf=$CSRF&password=mat-khau-dat-lai-99"; expect_status self-reset-refused 400

# ---- JSON API ----
TOKEN=$("$THIDUA" user token admin --label "users.sh" --db "$DB" 2>/dev/null)
case "$TOKEN" in thd_*) ok cli-token;; *) fail cli-token "got '$TOKEN'";; esac
COOKIE=""; EXTRA_HEADERS="Authorization: Bearer $TOKEN"
http GET "/api/users?role=viewer&limit=2"; expect_status api-list 200
[ "$(json_get '["limit"]')" = 2 ] && ok api-limit || fail api-limit "$(head -c 200 "$BODY_FILE")"
# The one list envelope (api.h): a page of items, its count, the total of all matches.
[ "$(json_get '["count"]')" = "$(json_get '["items"].__len__()')" ] && [ "$(json_get '["count"]')" -le 2 ] \
  && [ "$(json_get '["items"][0]["role"]["name"]')" = viewer ] && [ "$(json_get '["total"]')" -ge "$(json_get '["count"]')" ] \
  && [ "$(json_get '["offset"]')" = 0 ] && ok api-list-envelope || fail api-list-envelope "$(head -c 200 "$BODY_FILE")"
http GET "/api/users?limit=0"; expect_status api-bad-limit 400
http GET "/api/users?status=gone"; expect_status api-bad-status 400
before=$(users_count)
http POST /api/users '{"login":"api.one","name":"Tr\u1ea7n API","unit":"20","role":"viewer","password":"mat-khau-api-123","phone":"0912 000 111"}' application/json
expect_status api-create 201; expect_header api-create-location "Location: /api/users/"
API_ID=$(json_get '["id"]')
http POST /api/users '{"login":"api.two","name":"x","unit":1,"role":"viewer","password":"mat-khau-api-123","bogus":true}' application/json
expect_status api-unknown-field 400; expect_body api-unknown-field-named '"bogus"'
http POST /api/users '{"login":"api.two","name":5,"unit":1,"role":"viewer","password":"mat-khau-api-123"}' application/json
expect_status api-wrong-type 400; expect_body api-wrong-type-named '"name"'
http POST /api/users "$(printf '{"login":"api.two","name":"\377\376","unit":1,"role":"viewer","password":"mat-khau-api-123"}')" application/json
expect_status api-invalid-utf8 400
http POST /api/users '{"login":"api.two","name":"a\u0000b","unit":1,"role":"viewer","password":"mat-khau-api-123"}' application/json
expect_status api-nul 400
http POST /api/users '[1,2,3]' application/json; expect_status api-array 400
http POST /api/users '{"login":"api.two","name":"x",' application/json; expect_status api-broken-json 400
http POST /api/users "{\"login\":\"$(python3 -c 'print("a"*65, end="")')\",\"name\":\"x\",\"unit\":1,\"role\":\"viewer\",\"password\":\"mat-khau-api-123\"}" application/json
expect_status api-long-login 400; expect_body api-long-login-named '"login"'
http POST /api/users 'login=api.two' ; expect_status api-form-body 415
after=$(users_count)
[ $((before + 1)) = "$after" ] && ok api-only-valid-written || fail api-only-valid-written "users $before -> $after"
http GET "/api/users/$API_ID"; expect_status api-get 200; expect_body api-get-phone '"0912000111"'
V=$(json_get '["updated_at"]')
http PATCH "/api/users/$API_ID" "{\"phone\":null,\"role\":\"council\",\"version\":\"$V\"}" application/json
expect_status api-patch 200; expect_body api-patch-phone-cleared '"phone":null'
http PATCH "/api/users/$API_ID" '{"name":"x","version":"2000-01-01T00:00:00Z"}' application/json
expect_status api-patch-stale 409
http PATCH "/api/users/$API_ID" '{"login":"renamed"}' application/json; expect_status api-patch-login 400
http PATCH /api/users/1 '{"disabled":true}' application/json; expect_status api-self-disable 400
http GET /api/roles; expect_status api-roles 200; expect_body api-roles-caps '"user.admin"'
EXTRA_HEADERS=""

# ---- roles ----
login admin
http GET /roles; expect_status roles 200; expect_body roles-label "Quản lý người dùng và vai trò"
http POST /roles/new "_csrf=$CSRF&name=unitadmin&label=$(urlenc 'Quản trị đơn vị')&cap=unit.read&cap=user.admin"
expect_status role-create 303
http POST /roles/new "_csrf=$CSRF&name=unitadmin&label=X&cap=unit.read"; expect_status role-duplicate 409
http POST /roles/new "_csrf=$CSRF&name=Bad-Name&label=X&cap=unit.read"; expect_status role-bad-name 400
http POST /roles/new "_csrf=$CSRF&name=other&label=X&cap=root"; expect_status role-bad-cap 400
http POST /roles/admin "_csrf=$CSRF&label=$(urlenc 'Quản trị hệ thống')&whole_tree=1&cap=unit.read"
expect_status role-last-admin-guard 409; expect_body role-last-admin-says "không còn người quản trị"
http GET /roles; expect_body role-unchanged "Quản lý người dùng và vai trò"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity='role' AND entity_id='unitadmin'")
[ "$n" = 1 ] && ok role-audited || fail role-audited "$n audit rows"

# ---- an administrator of one unit: scope and masking ----
# Fixture units of our own (codes KT-…), so the test does not depend on the demo tree's shape.
sqlite3 "$DB" "INSERT INTO unit(parent_id, kind, name, code, name_fold, sort_key, created_at, updated_at) VALUES
  (1, 'department', 'Sở Kiểm thử', 'KT-SO', 'so kiem thu', 'so kiem thu', 't', 't');
  INSERT INTO unit(parent_id, kind, name, code, name_fold, sort_key, created_at, updated_at) VALUES
  ((SELECT id FROM unit WHERE code='KT-SO'), 'hospital', 'Bệnh viện Kiểm thử', 'KT-BV', 'benh vien kiem thu', 'benh vien', 't', 't'),
  ((SELECT id FROM unit WHERE code='KT-SO'), 'hospital', 'Bệnh viện cũ', 'KT-BVC', 'benh vien cu', 'benh vien cu', 't', 't'),
  (1, 'department', 'Sở Kiểm thử Khác', 'KT-KHAC', 'so kiem thu khac', 'so kiem thu khac', 't', 't');
  UPDATE unit SET valid_from='2000-01-01', valid_to='2020-01-01' WHERE code='KT-BVC'"
U_BV=$(unit_id KT-BV); U_BVC=$(unit_id KT-BVC); U_KHAC=$(unit_id KT-KHAC)
"$THIDUA" user add --login qt.syt --name "Quản trị Sở Kiểm thử" --unit KT-SO --role unitadmin --password-file "$PWFILE" --db "$DB" >/dev/null \
  && ok cli-add-scoped-admin || fail cli-add-scoped-admin "exit $?"
"$THIDUA" user add --login bs.an --name "Bác sĩ An" --unit code:KT-BV --role viewer --phone 0987654321 --email an@bv.vn --db "$DB" < "$PWFILE" >/dev/null \
  && ok cli-add-stdin-password || fail cli-add-stdin-password "exit $?"
"$THIDUA" user add --login gv.binh --name "Giáo viên Bình" --unit "id:$U_KHAC" --role viewer --password mat-khau-ban-dau-1 --db "$DB" >/dev/null \
  && ok cli-add-explicit-password || fail cli-add-explicit-password "exit $?"
AN=$("$THIDUA" user list --json --search "bac si an" --db "$DB" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
BINH=$("$THIDUA" user list --json --search binh --db "$DB" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
login qt.syt mat-khau-ban-dau-1
http GET /users; expect_body scoped-sees-subtree "Bác sĩ An"; expect_no_body scoped-hides-others "Giáo viên Bình"
expect_body scoped-masked-phone "0987***321"; expect_no_body scoped-no-phone "0987654321"
expect_body scoped-masked-email "a***@bv.vn"
http GET "/users/$BINH"; expect_status scoped-other-unit-403 403
http GET "/api/users/$BINH"; expect_status scoped-api-other-unit-403 403
http POST /users/new "_csrf=$CSRF&login=ngoai&name=X&unit=$U_KHAC&role=viewer&password=mat-khau-ban-dau-1"
expect_status scoped-create-outside 400; expect_body scoped-create-outside-says "ngoài phạm vi"
http POST /users/new "_csrf=$CSRF&login=leo&name=X&unit=$U_BV&role=admin&password=mat-khau-ban-dau-1"
expect_status scoped-no-escalation 400; expect_body scoped-no-escalation-says "toàn tỉnh"
http POST /users/new "_csrf=$CSRF&login=cu&name=X&unit=$U_BVC&role=viewer&password=mat-khau-ban-dau-1"
expect_status scoped-expired-unit 400; expect_body scoped-expired-unit-says "hết hiệu lực"
http POST /users/new "_csrf=$CSRF&login=y.ta&name=$(urlenc 'Y tá Cúc')&unit=$U_BV&role=viewer&password=mat-khau-ban-dau-1"
expect_status scoped-create-inside 303
http GET "/users/$AN"; V=$(grep -o 'name="v" value="[^"]*"' "$BODY_FILE" | sed 's/.*value="//; s/"//')
http POST "/users/$AN" "_csrf=$CSRF&v=$V&name=$(urlenc 'Bác sĩ Nguyễn An')&email=&phone=&unit=$U_BV&role=viewer"
expect_status scoped-edit 303
"$THIDUA" user list --json --search "nguyen an" --db "$DB" > "$T/an.json"
grep -q '"0987654321"' "$T/an.json" && ok masked-field-kept || fail masked-field-kept "phone lost: $(cat "$T/an.json")"
http GET /roles/admin; expect_status scoped-roles-edit-403 403

# ---- CLI ----
"$THIDUA" user list --db "$DB" > "$T/list.txt"; head -n1 "$T/list.txt" | grep -q "LOGIN" && ok cli-list-table || fail cli-list-table "$(head -n2 "$T/list.txt")"
grep -q "dang.duc" "$T/list.txt" && ok cli-list-rows || fail cli-list-rows "no dang.duc"
"$THIDUA" user list --json --role viewer --db "$DB" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d and all(u["role"]["name"]=="viewer" for u in d)' \
  && ok cli-list-json-filter || fail cli-list-json-filter "filter by role"
"$THIDUA" user list --unit KT-SO --db "$DB" | grep -q "bs.an" && ok cli-list-unit-subtree || fail cli-list-unit-subtree "bs.an not under KT-SO"
printf 'mat-khau-cli-moi-1\n' | "$THIDUA" user passwd bs.an --db "$DB" >/dev/null && ok cli-passwd || fail cli-passwd "exit $?"
printf 'ngan\n' | "$THIDUA" user passwd bs.an --db "$DB" 2>"$T/err" >/dev/null; rc=$?
[ $rc = 1 ] && grep -q "10 ký tự" "$T/err" && ok cli-passwd-weak || fail cli-passwd-weak "exit $rc: $(cat "$T/err")"
"$THIDUA" user disable bs.an --db "$DB" >/dev/null && ok cli-disable || fail cli-disable "exit $?"
"$THIDUA" user list --status disabled --db "$DB" | grep -q "bs.an" && ok cli-disabled-listed || fail cli-disabled-listed "not listed"
"$THIDUA" user enable bs.an --db "$DB" >/dev/null && ok cli-enable || fail cli-enable "exit $?"
"$THIDUA" user disable admin --db "$DB" 2>"$T/err" >/dev/null; rc=$?
[ $rc = 1 ] && grep -q "refused" "$T/err" && ok cli-last-admin || fail cli-last-admin "exit $rc: $(cat "$T/err")"
"$THIDUA" user add --login x --db "$DB" 2>/dev/null; rc=$?; [ $rc = 2 ] && ok cli-usage-exit-2 || fail cli-usage-exit-2 "exit $rc"
"$THIDUA" user add --login zz.zz --name Z --unit NOPE --role viewer --password mat-khau-ban-dau-1 --db "$DB" 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q -- "--unit" "$T/err" && ok cli-bad-unit || fail cli-bad-unit "exit $rc: $(cat "$T/err")"
"$THIDUA" user list --db "$T/missing.db" 2>"$T/err"; rc=$?
[ $rc = 1 ] && [ ! -e "$T/missing.db" ] && ok cli-no-db-created || fail cli-no-db-created "exit $rc"
"$THIDUA" user token bs.an --list --db "$DB" | grep -q "LABEL" && ok cli-token-list || fail cli-token-list "no header"
TID=$("$THIDUA" user token bs.an --label cron --expires-days 7 --db "$DB" 2>&1 >/dev/null | sed -n 's/^token \([0-9]*\) .*/\1/p')
"$THIDUA" user token bs.an --revoke "$TID" --db "$DB" >/dev/null && ok cli-token-revoke || fail cli-token-revoke "id '$TID'"
"$THIDUA" user roles --db "$DB" | grep -q "unitadmin" && ok cli-roles || fail cli-roles "no unitadmin"

# ---- the audit log names every change and holds no secret ----
sqlite3 "$DB" "SELECT coalesce(before_json,'') || coalesce(after_json,'') FROM audit_log" > "$T/audit.txt"
if grep -q -e 'mat-khau' -e 'argon2' -e 'thd_' -e '0987654321' -e 'an@bv.vn' "$T/audit.txt"; then
  fail audit-no-secrets "a password, hash, token or personal datum is in the audit log"
else ok audit-no-secrets; fi
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE user_login LIKE 'cli:%' AND action='create' AND entity='user'")
[ "$n" = 3 ] && ok audit-cli-actor || fail audit-cli-actor "$n CLI creations audited"
"$THIDUA" check-db --db "$DB" >/dev/null && ok db-integrity || fail db-integrity "check-db failed"
