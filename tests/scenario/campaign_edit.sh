# tests/scenario/campaign_edit.sh: editing what was added to the seed's campaign, through the pages
# and the JSON API: a target's pre-filled form, its values changed by the Board and its status
# changing on the campaign page and in the API on the same kept reports; a bad value refused naming
# the field and writing nothing; a target with reports not removed (its reports kept), one without
# removed; a content group renumbered and retitled, removed with its target when nothing is
# reported on it, and refused (writing nothing) when reports are behind it; an occasion's year changed and its anniversary
# computed again, then removed; participants added and removed (a unit kind whose units reported is
# refused); a news post edited with a photo added and removed, and unpublished off the public page;
# a reporter refused everywhere; after the close the Board refused and the administrator allowed
# only with a reason, which the audit log keeps.
. "$ROOT/tests/scenario/lib.sh"

C=$(sql "SELECT id FROM campaign WHERE code='CD-2019-HVT'")
T22=$(sql "SELECT id FROM campaign_target WHERE code='2.2' AND campaign_id=$C")
audit_count() { sql "SELECT count(*) FROM audit_log"; }
status_of() { # TARGET-CODE → the target's status code in the campaign's API reply
  http GET "/api/campaigns/$C"
  python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["campaign"]
print(next(t["status"]["code"] for g in d["groups"] for t in g["targets"] if t["code"]==sys.argv[2]))' "$BODY_FILE" "$1"
}

# ---- who may open the forms ----
http GET "/campaigns/$C/targets/$T22/edit"; expect_status anon-target-form 303
login baocao.soyte || exit 1
http GET "/campaigns/$C/targets/$T22/edit"; expect_status reporter-target-form 403
json PATCH "/api/campaigns/$C/targets/$T22" '{"value_a":"10"}'; expect_status reporter-target-api 403

# ---- a target's form, pre-filled; its values changed and its status with them ----
login canbo.ban || exit 1
[ "$(status_of 2.2)" = met ] && ok target-met-before || fail target-met-before "2.2 is $(status_of 2.2)"
http GET "/campaigns/$C/targets/$T22/edit"; expect_status target-form 200
expect_body target-form-value-a 'name="value_a" value="90"'
expect_body target-form-value-b 'name="value_b" value="95"'
expect_body target-form-comparator '<option value="between" selected>'
expect_body target-form-deadline 'name="deadline" value="2019-10-19"'
expect_no_body target-form-no-reason 'name="reason"'
form="group=2&code=2.2&subject=Thu+ng%C3%A2n+s%C3%A1ch&measure_unit=%25+d%E1%BB%B1+to%C3%A1n&comparator=between&weight=1&accumulates=0&rollup=none&units=STC"
before=$(audit_count)
http POST "/campaigns/$C/targets/$T22/edit" "_csrf=$CSRF&$form&value_a=97&value_b=abc"
expect_status target-bad-value 400
expect_body target-bad-value-msg "Cận trên: &quot;abc&quot; không phải là số"
expect_body target-bad-value-kept 'name="value_a" value="97"'
[ "$(audit_count)" = "$before" ] && [ "$(sql "SELECT value_a FROM campaign_target WHERE id=$T22")" = 90000 ] &&
  ok target-bad-writes-nothing || fail target-bad-writes-nothing "something was written"
http POST "/campaigns/$C/targets/$T22/edit" "_csrf=$CSRF&$form&value_a=97&value_b=99"
expect_status target-saved 303
expect_header target-saved-to-campaign "Location: /campaigns/$C?notice=edited"
[ "$(status_of 2.2)" = missed ] && ok target-status-changed || fail target-status-changed "2.2 is $(status_of 2.2)"
http GET "/campaigns/$C"; expect_body target-page-goal "97 – 99"
expect_body target-page-status "Không đạt"
[ "$(sql "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")" = target_update ] &&
  [ "$(sql "SELECT json_extract(before_json, '\$.value_a') || '>' || json_extract(after_json, '\$.value_a') FROM audit_log ORDER BY id DESC LIMIT 1")" = "90000>97000" ] &&
  ok target-audit-before-after || fail target-audit-before-after "$(sql "SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1")"

# the API: a change keeps what it does not name; back to 90 – 95 and met again
json PATCH "/api/campaigns/$C/targets/$T22" '{"value_a":"90","value_b":"95","weight":2}'
expect_status api-target-patch 200
[ "$(status_of 2.2)" = met ] && ok api-target-met-again || fail api-target-met-again "2.2 is $(status_of 2.2)"
[ "$(sql "SELECT subject || '|' || weight FROM campaign_target WHERE id=$T22")" = "Thu ngân sách|2" ] &&
  ok api-target-kept-members || fail api-target-kept-members "$(sql "SELECT subject || '|' || weight FROM campaign_target WHERE id=$T22")"
json PATCH "/api/campaigns/$C/targets/$T22" '{"comparator":"between","value_b":null}'
expect_status api-target-missing-b 400
expect_body api-target-missing-b-field '"value_b"'
json PATCH "/api/campaigns/$C/targets/$T22" '{"parent_code":"2.1"}'
expect_status api-target-undeclared 400
json PATCH "/api/campaigns/$C/targets/999999" '{"weight":1}'; expect_status api-target-unknown 404
# moving a target to another group, through the API
json PATCH "/api/campaigns/$C/targets/$T22" '{"group":3}'
expect_status api-target-move 200
[ "$(sql "SELECT g.number FROM campaign_target t JOIN campaign_group g ON g.id=t.group_id WHERE t.id=$T22")" = 3 ] &&
  ok api-target-moved || fail api-target-moved "not in group 3"

# ---- removing: refused while reports depend on it, done when none ----
reports=$(sql "SELECT count(*) FROM campaign_report")
json DELETE "/api/campaigns/$C/targets/$T22"
expect_status api-target-remove-refused 400
expect_body api-target-remove-why "không xoá được"
[ "$(sql "SELECT count(*) FROM campaign_report")" = "$reports" ] && ok reports-kept || fail reports-kept "reports were deleted"
json POST "/api/campaigns/$C/targets" '{"group":4,"code":"4.9","subject":"Chỉ tiêu nhập nhầm","measure_unit":"%","comparator":"ge","value_a":"50"}'
T49=$(sql "SELECT id FROM campaign_target WHERE code='4.9' AND campaign_id=$C")
http POST "/campaigns/$C/targets/$T49/remove" "_csrf=$CSRF"
expect_status form-target-removed 303
[ -z "$(sql "SELECT id FROM campaign_target WHERE id=$T49")" ] && ok target-gone || fail target-gone "still there"

# ---- content groups ----
G5=$(sql "SELECT id FROM campaign_group WHERE campaign_id=$C AND number=5")
http GET "/campaigns/$C/groups/$G5/edit"; expect_status group-form 200
expect_body group-form-number 'name="number" value="5"'
json PATCH "/api/campaigns/$C/groups/$G5" '{"number":6}'
expect_status api-group-taken 400
expect_body api-group-taken-msg "Đã có nhóm nội dung số 6"
http POST "/campaigns/$C/groups/$G5/edit" "_csrf=$CSRF&number=7&title=Nh%C3%B3m+n%E1%BB%99i+dung+n%C4%83m+(%C4%91%C3%A3+s%E1%BB%ADa)&note="
expect_status form-group-saved 303
[ "$(sql "SELECT number || '|' || title || '|' || coalesce(note, '-') FROM campaign_group WHERE id=$G5")" = "7|Nhóm nội dung năm (đã sửa)|-" ] &&
  ok group-renumbered || fail group-renumbered "$(sql "SELECT number || '|' || title FROM campaign_group WHERE id=$G5")"
json PATCH "/api/campaigns/$C/groups/$G5" '{"number":5}'; expect_status api-group-back 200

# ---- occasions: the anniversary computed again ----
O1=$(sql "SELECT id FROM campaign_occasion WHERE campaign_id=$C ORDER BY position LIMIT 1")
http GET "/campaigns/$C/occasions/$O1/edit"; expect_status occasion-form 200
expect_body occasion-form-date 'name="event_date" value="1909-11-04"'
json PATCH "/api/campaigns/$C/occasions/$O1" '{"year":2029}'
expect_status api-occasion-year 200
http GET "/campaigns/$C"; expect_body occasion-recomputed "120 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2029)"
http POST "/campaigns/$C/occasions/$O1/edit" "_csrf=$CSRF&event=ng%C3%A0y+sinh+%C4%91%E1%BB%93ng+ch%C3%AD+Ho%C3%A0ng+V%C4%83n+Th%E1%BB%A5&event_date=04%2F11%2F1909&year=1900"
expect_status form-occasion-bad-year 400
expect_body form-occasion-bad-year-msg "phải sau năm của sự kiện"
json DELETE "/api/campaigns/$C/occasions/$O1"; expect_status api-occasion-removed 200
[ "$(sql "SELECT count(*) FROM campaign_occasion WHERE campaign_id=$C")" = 1 ] && ok occasion-gone || fail occasion-gone "still 2"

# ---- participants ----
PDEPT=$(sql "SELECT id FROM campaign_participant WHERE campaign_id=$C AND unit_kind='department'")
json DELETE "/api/campaigns/$C/participants/$PDEPT"
expect_status api-participant-reported 400
expect_body api-participant-reported-msg "Đơn vị vẫn tham gia"
[ -n "$(sql "SELECT id FROM campaign_participant WHERE id=$PDEPT")" ] && ok participant-kept || fail participant-kept "removed"
QUIET=$(sql "SELECT code FROM unit WHERE code IS NOT NULL AND id NOT IN (SELECT unit_id FROM campaign_report) ORDER BY id LIMIT 1")
json POST "/api/campaigns/$C/participants" "{\"kind\":\"unit\",\"unit\":\"$QUIET\"}"
expect_status api-participant-add 201
PSTC=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["campaign"]["participants"][-1]["id"])' "$BODY_FILE")
json POST "/api/campaigns/$C/participants" '{"kind":"unit","unit":"STC"}'
PREP=$(sql "SELECT max(id) FROM campaign_participant WHERE campaign_id=$C")
http POST "/campaigns/$C/participants/$PREP/remove" "_csrf=$CSRF"
expect_status form-participant-reported 400
expect_body form-participant-reported-msg "Sở Tài chính"
http GET "/campaigns/$C/edit"; expect_body edit-page-participant "/campaigns/$C/participants/$PSTC/remove"
expect_body edit-page-target-link "/campaigns/$C/targets/$T22/edit"
http POST "/campaigns/$C/participants/$PSTC/remove" "_csrf=$CSRF"
expect_status form-participant-removed 303
http POST "/campaigns/$C/participants" "_csrf=$CSRF&kind=unit&ref=KHONG-CO"
expect_status form-participant-unknown 400
expect_body form-participant-unknown-msg "Không có đơn vị này"

# ---- news: edit a published post, add and remove a photo, unpublish ----
N=$(sql "SELECT min(id) FROM campaign_news WHERE campaign_id=$C AND status='published'")
http GET "/news/$N/edit"; expect_status news-form 200
expect_body news-form-prefilled 'name="title" value="Lạng Sơn phát động'
json PATCH "/api/news/$N" '{"title":"Lạng Sơn phát động 60 ngày đêm thi đua (đã sửa)"}'
expect_status api-news-patch 200
expect_body api-news-still-published '"status":"published"'
json PATCH "/api/news/$N" '{"title":""}'; expect_status api-news-empty-title 400
PNG='89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b90000000049454e44ae426082'
python3 - "/news/$N/edit" "$COOKIE" "$CSRF" "$PNG" "$T/mp" <<'PY'
import sys
path, cookie, csrf, png, out = sys.argv[1:]
b = b"----thiduaboundary"
fields = (("_csrf", csrf), ("title", "Lạng Sơn phát động 60 ngày đêm thi đua (đã sửa)"), ("body", "Nội dung đã sửa."),
          ("source", "Báo Lạng Sơn"), ("caption", "Lễ phát động"))
parts = [b"--" + b + b'\r\nContent-Disposition: form-data; name="' + k.encode() + b'"\r\n\r\n' + v.encode() + b"\r\n" for k, v in fields]
parts.append(b"--" + b + b'\r\nContent-Disposition: form-data; name="photos"; filename="le-phat-dong.png"\r\nContent-Type: image/png\r\n\r\n'
             + bytes.fromhex(png) + b"\r\n")
body = b"".join(parts) + b"--" + b + b"--\r\n"
head = (f"POST {path} HTTP/1.1\r\nHost: test\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary=----thiduaboundary\r\n"
        f"Content-Length: {len(body)}\r\n\r\n").encode()
open(out, "wb").write(head + body)
PY
http_raw "$T/mp"
expect_status form-news-photo-added 303
F=$(sql "SELECT file_id FROM file_attachment WHERE owner_kind='campaign_news' AND owner_id=$N ORDER BY file_id DESC LIMIT 1")
http GET "/news/$N"; expect_body news-photo-caption "Lễ phát động"
expect_body news-body-edited "Nội dung đã sửa."
json PATCH "/api/news/$N" "{\"remove_photos\":[$F]}"
expect_status api-news-photo-removed 200
python3 -c 'import json,sys; assert all(p["id"] != int(sys.argv[2]) for p in json.load(open(sys.argv[1]))["news"]["photos"])' "$BODY_FILE" "$F" &&
  ok api-news-photo-gone || fail api-news-photo-gone "$(head -c 300 "$BODY_FILE")"
json PATCH "/api/news/$N" '{"remove_photos":[999999]}'
expect_status api-news-foreign-photo 400
http POST "/news/$N/unpublish" "_csrf=$CSRF"; expect_status form-news-unpublished 303
logout_local
http GET "/news/$N"; expect_status news-unpublished-hidden 404
http GET "/campaigns/$C"; expect_no_body news-off-campaign-page "60 ngày đêm thi đua (đã sửa)"

# ---- a content group removed: never with reports behind it ----
login canbo.ban || exit 1
G5=$(sql "SELECT id FROM campaign_group WHERE campaign_id=$C AND number=5")
http GET "/campaigns/$C/edit"; expect_body edit-links-group-remove "/campaigns/$C/groups/$G5/remove"
http GET "/campaigns/$C/groups/$G5/remove"; expect_status group-remove-confirm 200
expect_body group-remove-lists-targets "Xoá nhóm cũng xoá"
before=$(audit_count); targets=$(sql "SELECT count(*) FROM campaign_target WHERE campaign_id=$C")
http POST "/campaigns/$C/groups/$G5/remove" "_csrf=$CSRF"; expect_status group-with-reports-refused 400
expect_body group-with-reports-reason "báo cáo tiến độ"
json DELETE "/api/campaigns/$C/groups/$G5"; expect_status api-group-with-reports-refused 400
expect_body api-group-with-reports-field '"reports"'
[ "$(audit_count)" = "$before" ] && [ "$(sql "SELECT count(*) FROM campaign_target WHERE campaign_id=$C")" = "$targets" ] \
  && ok group-refusal-writes-nothing || fail group-refusal-writes-nothing "audit or targets moved"
json POST "/api/campaigns/$C/groups" '{"number":9,"title":"Nhóm tạm"}'; expect_status group-temp-added 201
json POST "/api/campaigns/$C/targets" '{"group":9,"code":"9.1","subject":"Chỉ tiêu tạm","measure_unit":"%","comparator":"ge","value_a":"50"}'
expect_status group-temp-target 201
G9=$(sql "SELECT id FROM campaign_group WHERE campaign_id=$C AND number=9")
http GET "/campaigns/$C/groups/$G9/remove"; expect_body group-remove-names-target "9.1"
http POST "/campaigns/$C/groups/$G9/remove" "_csrf=$CSRF"; expect_status group-removed 303
[ "$(sql "SELECT count(*) FROM campaign_group WHERE id=$G9")" = 0 ] && [ "$(sql "SELECT count(*) FROM campaign_target WHERE campaign_id=$C AND code='9.1'")" = 0 ] \
  && ok group-removed-with-target || fail group-removed-with-target "group or target left"
[ "$(sql "SELECT action || '/' || json_extract(before_json, '\$.targets_removed') FROM audit_log ORDER BY id DESC LIMIT 1")" = "group_remove/1" ] \
  && ok group-remove-audited || fail group-remove-audited "$(sql "SELECT action, before_json FROM audit_log ORDER BY id DESC LIMIT 1")"
json POST "/api/campaigns/$C/groups" '{"number":9,"title":"Nhóm tạm hai"}'; expect_status group-temp2-added 201
G9=$(sql "SELECT id FROM campaign_group WHERE campaign_id=$C AND number=9")
login baocao.soyte || exit 1
json DELETE "/api/campaigns/$C/groups/$G9"; expect_status reporter-group-remove-refused 403
login canbo.ban || exit 1
json DELETE "/api/campaigns/$C/groups/$G9"; expect_status api-group-removed 200
[ "$(sql "SELECT count(*) FROM campaign_group WHERE id=$G9")" = 0 ] && ok api-group-gone || fail api-group-gone "still there"

# ---- after the close: the administrator only, with a reason ----
login canbo.ban || exit 1
json POST "/api/campaigns/$C/status" '{"status":"closed"}'; expect_status closed 200
json PATCH "/api/campaigns/$C/targets/$T22" '{"weight":1}'
expect_status closed-board-refused 403
login admin || exit 1
http GET "/campaigns/$C/targets/$T22/edit"; expect_body closed-form-asks-reason 'name="reason"'
json PATCH "/api/campaigns/$C/targets/$T22" '{"weight":1}'
expect_status closed-admin-no-reason 400
expect_body closed-admin-no-reason-field '"reason"'
json PATCH "/api/campaigns/$C/targets/$T22" '{"weight":1,"reason":"Quyết định sửa trọng số của Hội đồng"}'
expect_status closed-admin-with-reason 200
[ "$(sql "SELECT json_extract(after_json, '\$.reason') FROM audit_log ORDER BY id DESC LIMIT 1")" = "Quyết định sửa trọng số của Hội đồng" ] &&
  ok closed-reason-audited || fail closed-reason-audited "$(sql "SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1")"
