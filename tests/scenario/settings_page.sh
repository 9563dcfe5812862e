# tests/scenario/settings_page.sh: the settings page and API (core/setting_web.c): an
# administrator sees every setting with its value in force and changes one through the form and
# through the API, each change one audit entry with the value before and after; a bad value is a
# 400 naming the field that leaves the stored value alone; other roles get 403.
. "$ROOT/tests/scenario/lib.sh"

login admin || exit 1
http GET /settings
expect_status settings-page 200
expect_body settings-page-province "org.province"
expect_body settings-page-value "Ban Thi đua – Khen thưởng tỉnh Lạng Sơn"
expect_body settings-page-rate "http.public_rate_per_minute"
A0=$(sql "SELECT count(*) FROM audit_log WHERE entity='setting'")
http POST /settings "_csrf=$CSRF&name=org.default_signer_name&value=$(urlenc 'Hoàng Văn Bình')"
expect_status settings-form-saves 303
[ "$(sql "SELECT value FROM setting WHERE name='org.default_signer_name'")" = "Hoàng Văn Bình" ] && ok settings-form-stored || fail settings-form-stored "not stored"
http GET /settings?saved=1
expect_body settings-saved-notice "Đã lưu thiết lập."
expect_body settings-page-new-value 'value="Hoàng Văn Bình"'
http POST /settings "_csrf=$CSRF&name=org.place_name&value=$(urlenc "$(printf 'a\nb')")"
expect_status settings-form-bad-400 400
expect_body settings-form-bad-named "org.place_name"
http POST /settings "_csrf=$CSRF&name=http.public_burst&value=0"
expect_status settings-form-bounds-400 400
expect_body settings-form-bounds-named "http.public_burst: 0 nằm ngoài khoảng"
[ "$(sql "SELECT count(*) FROM setting WHERE name IN ('org.place_name','http.public_burst')")" = 0 ] && ok settings-bad-not-stored || fail settings-bad-not-stored "stored"
json POST /api/settings '{"name":"org.board_name","value":"Ban Thi đua – Khen thưởng tỉnh"}'
expect_status settings-api-saves 200
expect_body settings-api-value '"value":"Ban Thi đua – Khen thưởng tỉnh"'
json POST /api/settings '{"name":"no.such","value":"1"}'
expect_status settings-api-unknown-400 400
expect_body settings-api-unknown-field '"name"'
json POST /api/settings '{"name":"token.max_days","value":"abc"}'
expect_status settings-api-bad-400 400
expect_body settings-api-bad-field '"value"'
http GET /api/settings
expect_body settings-api-list '"org.issuer_name"'
A1=$(sql "SELECT count(*) FROM audit_log WHERE entity='setting'")
[ "$A1" = $((A0 + 2)) ] && ok settings-two-audit-entries || fail settings-two-audit-entries "$A0 → $A1, want +2"
before=$(sql "SELECT before_json FROM audit_log WHERE entity='setting' AND entity_id='org.board_name' ORDER BY id DESC LIMIT 1")
case $before in *'"default":true'*'Ban Thi \u0111ua'*|*'Ban Thi \u0111ua'*'"default":true'*) ok settings-audit-before ;; *) fail settings-audit-before "before_json '$before'" ;; esac
[ "$(sql "SELECT user_login FROM audit_log WHERE entity='setting' ORDER BY id DESC LIMIT 1")" = admin ] && ok settings-audit-who || fail settings-audit-who "not admin"
login canbo.ban || exit 1
http GET /settings; expect_status settings-officer-403 403
http POST /settings "_csrf=$CSRF&name=org.province&value=X"; expect_status settings-officer-post-403 403
[ "$(sql "SELECT count(*) FROM setting WHERE name='org.province'")" = 0 ] && ok settings-officer-nothing-stored || fail settings-officer-nothing-stored "stored"
