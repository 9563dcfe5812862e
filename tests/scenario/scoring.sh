# tests/scenario/scoring.sh: block scoring sheets made and run from the pages and the API, both
# faces calling the same audited domain (scoring.c): the Board creates a sheet for a block and a
# year, adds, changes, reorders and removes criteria (a computed one reading chosen groups), enters
# every unit's points in one grid form (a cell above its maximum or a bonus without a reason refuses
# the whole grid, each error beside its cell, nothing written), sees the ranking and a unit's score
# explained line by line, and proposes the leader; a unit's reporter can do none of it; the JSON API
# does the same with errors naming the entry. Then a sheet's title, block and year are edited
# (page and PATCH): a sheet whose leader is proposed keeps its block and year, a move that would drop
# the Board's points on a unit outside the block is refused naming the unit, a block and year that
# already have a sheet are refused, a valid move keeps the points; each refusal writes nothing; after
# the campaign's close only the administrator, with a reason the audit entry keeps.
. "$ROOT/tests/scenario/lib.sh"

C=$(sql "SELECT id FROM campaign WHERE code='CD-2019-HVT'")
BLOCK=$(sql "SELECT id FROM emulation_block WHERE name='Khối văn hóa – xã hội'")
SYT=$(unit_id SYT); SGD=$(unit_id SGDDT); SVH=$(unit_id SVHTTDL)
audit_count() { sql "SELECT count(*) FROM audit_log"; }

# ---- the Board makes a sheet from the pages ----
login canbo.ban || exit 1
http GET "/campaigns/$C"; expect_body campaign-links-new-sheet "/campaigns/$C/scoring/new"
http GET "/campaigns/$C/scoring/new"; expect_status new-sheet-form 200
expect_body new-sheet-block-option "Khối văn hóa – xã hội"
http POST "/campaigns/$C/scoring/new" "_csrf=$CSRF&block=$BLOCK&year=2019&title=Tr%C3%B9ng"
expect_status duplicate-sheet-refused 400
expect_body duplicate-sheet-msg "đã có bảng điểm năm 2019"
http POST "/campaigns/$C/scoring/new" "_csrf=$CSRF&block=$BLOCK&year=2020&title=B%E1%BA%A3ng+%C4%91i%E1%BB%83m+2020"
expect_status new-sheet 303
S=$(sql "SELECT id FROM scoring_sheet WHERE year=2020 AND block_id=$BLOCK")
[ -n "$S" ] && ok new-sheet-stored || fail new-sheet-stored "no 2020 sheet"
http GET "/scoring/$S"; expect_body empty-sheet-says-so "chưa có tiêu chí nào"

# criteria: a computed one over groups 1 and 3 that needs all met, one entered, a bonus, a penalty
add() { http POST "/scoring/$S/criteria/new" "_csrf=$CSRF&$1"; }
add "code=1&title=Ch%E1%BB%89+ti%C3%AAu&kind=targets&max_points=30&weight=1&group_numbers=4%2C+1&method=all"
expect_status add-computed 303
[ "$(sql "SELECT group_numbers || '/' || method FROM scoring_criterion WHERE sheet_id=$S AND code='1'")" = "1,4/all" ] \
  && ok computed-groups-normalised || fail computed-groups-normalised "$(sql "SELECT group_numbers FROM scoring_criterion WHERE sheet_id=$S")"
add "code=2&title=Chuy%C3%AAn+m%C3%B4n&kind=entered&max_points=50&weight=1"; expect_status add-entered 303
add "code=3&title=Th%C6%B0%E1%BB%9Fng&kind=bonus&max_points=5&weight=1"; expect_status add-bonus 303
add "code=4&title=Tr%E1%BB%AB&kind=penalty&max_points=5&weight=2"; expect_status add-penalty 303
before=$(audit_count)
add "code=5&title=Sai&kind=targets&max_points=10&group_numbers=9"; expect_status add-bad-group 400
expect_body add-bad-group-msg "không phải số thứ tự một nhóm"
add "code=2&title=Tr%C3%B9ng&kind=entered&max_points=10"; expect_status add-duplicate-code 400
add "code=6&title=Nh%C3%B3m&kind=entered&max_points=10&group_numbers=1"; expect_status add-groups-on-entered 400
add "code=7&title=Kh%C3%B4ng&kind=entered&max_points=0"; expect_status add-zero-max 400
[ "$(audit_count)" = "$before" ] && ok bad-criteria-write-nothing || fail bad-criteria-write-nothing "audit moved"
C4=$(sql "SELECT id FROM scoring_criterion WHERE sheet_id=$S AND code='4'")
C3=$(sql "SELECT id FROM scoring_criterion WHERE sheet_id=$S AND code='3'")
http POST "/scoring/$S/criteria/$C4/move" "_csrf=$CSRF&direction=up"; expect_status move-up 303
[ "$(sql "SELECT group_concat(code, '') FROM (SELECT code FROM scoring_criterion WHERE sheet_id=$S ORDER BY position)")" = 1243 ] \
  && ok moved-order || fail moved-order "order wrong"
C1=$(sql "SELECT id FROM scoring_criterion WHERE sheet_id=$S AND code='1'")
http POST "/scoring/$S/criteria/$C1/move" "_csrf=$CSRF&direction=up"; expect_status move-first-up-refused 400
http GET "/scoring/$S/criteria/$C4"; expect_status edit-form 200
http POST "/scoring/$S/criteria/$C4" "_csrf=$CSRF&code=4&title=%C4%90i%E1%BB%83m+tr%E1%BB%AB&kind=penalty&max_points=4&weight=1"
expect_status edit-criterion 303
[ "$(sql "SELECT max_points || '/' || weight FROM scoring_criterion WHERE id=$C4")" = "4000/1" ] && ok edit-stored || fail edit-stored "not changed"

# ---- the grid: all cells or none ----
http GET "/scoring/$S/grid"; expect_status grid-form 200
expect_body grid-cell "name=\"p_$(sql "SELECT id FROM scoring_criterion WHERE sheet_id=$S AND code='2'")_$SYT\""
C2=$(sql "SELECT id FROM scoring_criterion WHERE sheet_id=$S AND code='2'")
before=$(audit_count)
http POST "/scoring/$S/grid" "_csrf=$CSRF&p_${C2}_$SYT=45&p_${C2}_$SGD=55&p_${C3}_$SVH=2"
expect_status grid-errors 400
expect_body grid-above-max "Điểm vượt mức tối đa 50 của tiêu chí 2"
expect_body grid-bonus-reason "hãy ghi lý do"
expect_body grid-error-beside-cell "id=\"e-p_${C2}_$SGD\""
expect_body grid-keeps-input "value=\"55\""
[ "$(audit_count)" = "$before" ] && [ "$(sql "SELECT count(*) FROM scoring_entry WHERE sheet_id=$S")" = 0 ] \
  && ok grid-error-writes-nothing || fail grid-error-writes-nothing "something was written"
http POST "/scoring/$S/grid" "_csrf=$CSRF&p_${C2}_$SYT=45&p_${C2}_$SGD=46%2C5&p_${C2}_$SVH=40&p_${C3}_$SVH=2&n_${C3}_$SVH=M%C3%B4+h%C3%ACnh+m%E1%BB%9Bi&p_${C4}_$SGD=1&n_${C4}_$SGD=Ch%E1%BA%ADm+b%C3%A1o+c%C3%A1o"
expect_status grid-saved 303
[ "$(sql "SELECT count(*) FROM scoring_entry WHERE sheet_id=$S")" = 5 ] && ok grid-five-cells || fail grid-five-cells "$(sql "SELECT count(*) FROM scoring_entry WHERE sheet_id=$S")"
[ "$(audit_count)" = "$((before + 1))" ] && ok grid-one-audit-entry || fail grid-one-audit-entry "audit count"
http GET "/scoring/$S"; expect_status ranking-page 200
expect_body ranking-tie-rule "Bằng tổng điểm thì xếp trên"
expect_body ranking-scope "nhóm 1,4; đạt tất cả mới có điểm"
http GET "/scoring/$S/units/$SVH"; expect_body explain-bonus "Ban chấm 2/5 điểm: Mô hình mới"
expect_body explain-computed "tiêu chí cho 30 điểm khi đạt tất cả"
# clearing a cell removes that entry only
http POST "/scoring/$S/grid" "_csrf=$CSRF&p_${C2}_$SYT=&p_${C2}_$SGD=46%2C5&p_${C2}_$SVH=40&p_${C3}_$SVH=2&n_${C3}_$SVH=M%C3%B4+h%C3%ACnh+m%E1%BB%9Bi&p_${C4}_$SGD=1&n_${C4}_$SGD=Ch%E1%BA%ADm+b%C3%A1o+c%C3%A1o"
expect_status grid-clear 303
[ "$(sql "SELECT count(*) FROM scoring_entry WHERE sheet_id=$S")" = 4 ] && ok grid-cleared-one || fail grid-cleared-one "count"
# an entered criterion with points cannot become computed; a maximum below given points is refused
http POST "/scoring/$S/criteria/$C2" "_csrf=$CSRF&code=2&title=X&kind=targets&max_points=50"; expect_status entered-to-computed-refused 400
http POST "/scoring/$S/criteria/$C2" "_csrf=$CSRF&code=2&title=X&kind=entered&max_points=40"; expect_status max-below-points-refused 400
expect_body max-below-points-msg "46,5"

# ---- a reporter may read, not write ----
login baocao.soyte || exit 1
http GET "/scoring/$S"; expect_status reporter-reads 200
expect_no_body reporter-no-grid-link "/scoring/$S/grid"
http POST "/scoring/$S/grid" "_csrf=$CSRF&p_${C2}_$SYT=1"; expect_status reporter-grid-refused 403
json POST "/api/scoring/$S/criteria" '{"code":"9","title":"X","kind":"entered","max_points":"5"}'; expect_status reporter-api-refused 403

# ---- the API ----
login canbo.ban || exit 1
json POST "/api/scoring/$S/criteria" '{"code":"9","title":"Phong trào văn hóa","kind":"entered","max_points":"10","weight":2}'
expect_status api-add-criterion 201
C9=$(sql "SELECT id FROM scoring_criterion WHERE sheet_id=$S AND code='9'")
json POST "/api/scoring/$S/criteria/$C9/move" '{"direction":"up"}'; expect_status api-move 200
json POST "/api/scoring/$S/criteria/$C9" '{"code":"9","title":"Phong trào văn hóa","kind":"entered","max_points":"8"}'
expect_status api-change 200
before=$(audit_count)
json POST "/api/scoring/$S/grid" '{"entries":[{"criterion":"9","unit":"SYT","points":"8"},{"criterion":"9","unit":"SGDDT","points":"9"},{"criterion":"1","unit":"SYT","points":"1"}]}'
expect_status api-grid-errors 400
expect_body api-grid-names-entry '"entries[1]"'
expect_body api-grid-computed-refused '"entries[2]"'
[ "$(audit_count)" = "$before" ] && ok api-grid-error-writes-nothing || fail api-grid-error-writes-nothing "audit moved"
json POST "/api/scoring/$S/grid" '{"entries":[{"criterion":"9","unit":"SYT","points":"8"},{"criterion":"9","unit":'"$SGD"',"points":"7,5"}]}'
expect_status api-grid 200
python3 - "$BODY_FILE" <<'PY' && ok api-grid-ranking || fail api-grid-ranking "$(head -c 300 "$BODY_FILE")"
import json, sys
d = json.load(open(sys.argv[1]))["scoring"]
assert [c["code"] for c in d["criteria"]] == ["1", "2", "4", "9", "3"], d["criteria"]
ranks = {u["unit_name"]: (u["rank"], u["total"]) for u in d["ranking"]}
assert len(ranks) == 3, ranks
assert all(u["lines"] for u in d["ranking"])
PY
json POST "/api/scoring/$S/criteria/$C9/remove"; expect_status api-remove 200
[ "$(sql "SELECT count(*) FROM scoring_entry WHERE criterion_id=$C9")" = 0 ] && ok remove-drops-points || fail remove-drops-points "entries left"
expect_no_body api-removed-gone '"code": "9"'
http POST "/scoring/$S/propose" "_csrf=$CSRF"; expect_status propose-leader 303
[ "$(sql "SELECT count(*) FROM proposal_intake WHERE source='campaign_result' AND achievement LIKE 'campaign:$C/block:$BLOCK/2020'")" -ge 1 ] \
  && ok proposal-intake-row || fail proposal-intake-row "no intake row"

# ---- the sheet's title, block and year ----
GEN=$(sql "SELECT id FROM emulation_block WHERE name='Khối các cơ quan tổng hợp'")
http GET "/scoring/$S"; expect_body sheet-links-edit "/scoring/$S/edit"
http GET "/scoring/$S/edit"; expect_status sheet-edit-form 200
expect_body sheet-edit-prefilled 'value="Bảng điểm 2020"'
expect_body sheet-edit-block-selected "<option value=\"$BLOCK\" selected>"
expect_body sheet-edit-counts-points "Ban đã chấm 4 ô điểm"
before=$(audit_count)
http POST "/scoring/$S/edit" "_csrf=$CSRF&title=B%E1%BA%A3ng+%C4%91i%E1%BB%83m+2020&block=$GEN&year=2020"
expect_status proposed-sheet-block-refused 400
expect_body proposed-sheet-block-msg "đã được đề nghị khen thưởng"
expect_body proposed-sheet-keeps-input "<option value=\"$GEN\" selected>"
[ "$(audit_count)" = "$before" ] && [ "$(sql "SELECT block_id FROM scoring_sheet WHERE id=$S")" = "$BLOCK" ] \
  && ok proposed-sheet-unmoved || fail proposed-sheet-unmoved "moved or audited"
http POST "/scoring/$S/edit" "_csrf=$CSRF&title=B%E1%BA%A3ng+ch%E1%BA%A5m+%C4%91i%E1%BB%83m+2020&block=$BLOCK&year=2020"
expect_status sheet-title-saved 303
[ "$(sql "SELECT title FROM scoring_sheet WHERE id=$S")" = "Bảng chấm điểm 2020" ] && ok sheet-title-stored || fail sheet-title-stored "title"
[ "$(sql "SELECT action || '/' || json_extract(before_json, '\$.title') FROM audit_log ORDER BY id DESC LIMIT 1")" = "update/Bảng điểm 2020" ] \
  && ok sheet-title-audited || fail sheet-title-audited "$(sql "SELECT before_json FROM audit_log ORDER BY id DESC LIMIT 1")"
http POST "/scoring/$S/edit" "_csrf=$CSRF&title=&block=$BLOCK&year=1800"; expect_status sheet-bad-input 400
expect_body sheet-bad-title 'id="e-title"'
expect_body sheet-bad-year "Năm phải từ 1945 đến 2200"

# the API on a new sheet with the Board's points on Sở Y tế
json POST "/api/campaigns/$C/scoring" '{"block":'"$BLOCK"',"year":2021,"title":"Bảng 2021","criteria":[{"code":"2","title":"Chuyên môn","kind":"entered","max_points":"50"}]}'
expect_status api-sheet-2021 201
S2=$(sql "SELECT id FROM scoring_sheet WHERE block_id=$BLOCK AND year=2021 AND campaign_id=$C")
json POST "/api/scoring/$S2/entries" '{"criterion":"2","unit":"SYT","points":"30"}'; expect_status api-sheet-2021-points 200
before=$(audit_count)
json PATCH "/api/scoring/$S2" '{"block":'"$GEN"'}'; expect_status api-block-with-points-refused 400
expect_body api-block-refused-field '"block"'
expect_body api-block-refused-names-unit "Sở Y tế"
json PATCH "/api/scoring/$S2" '{"year":2020}'; expect_status api-year-taken-refused 400
expect_body api-year-taken-msg "đã có bảng điểm năm 2020"
json PATCH "/api/scoring/$S2" '{}'; expect_status api-empty-patch-refused 400
json PATCH "/api/scoring/$S2" '{"year":"2022"}'; expect_status api-year-mistyped 400
[ "$(audit_count)" = "$before" ] && ok api-refusals-write-nothing || fail api-refusals-write-nothing "audit moved"
json PATCH "/api/scoring/$S2" '{"year":2022,"title":"Bảng 2022"}'; expect_status api-year-moved 200
expect_body api-year-moved-reply '"year":2022'
[ "$(sql "SELECT year || '/' || title FROM scoring_sheet WHERE id=$S2")" = "2022/Bảng 2022" ] \
  && [ "$(sql "SELECT count(*) FROM scoring_entry WHERE sheet_id=$S2")" = 1 ] && ok api-year-moved-points-kept || fail api-year-moved-points-kept "not moved or points lost"
[ "$(sql "SELECT json_extract(after_json, '\$.entries_kept') FROM audit_log ORDER BY id DESC LIMIT 1")" = 1 ] \
  && ok api-year-moved-audited || fail api-year-moved-audited "$(sql "SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1")"
login baocao.soyte || exit 1
json PATCH "/api/scoring/$S2" '{"title":"X"}'; expect_status reporter-sheet-edit-refused 403
http GET "/scoring/$S2/edit"; expect_status reporter-sheet-edit-page-refused 403

# after the close: the administrator only, with a reason
login canbo.ban || exit 1
json POST "/api/campaigns/$C/status" '{"status":"closed"}'; expect_status sheet-campaign-closed 200
json PATCH "/api/scoring/$S2" '{"title":"Bảng sau kết thúc"}'; expect_status closed-sheet-board-refused 403
login admin || exit 1
http GET "/scoring/$S2/edit"; expect_body closed-sheet-form-asks-reason 'name="reason"'
json PATCH "/api/scoring/$S2" '{"title":"Bảng sau kết thúc"}'; expect_status closed-sheet-admin-no-reason 400
expect_body closed-sheet-reason-field '"reason"'
json PATCH "/api/scoring/$S2" '{"title":"Bảng sau kết thúc","reason":"Tên theo kế hoạch sửa đổi"}'; expect_status closed-sheet-admin 200
[ "$(sql "SELECT json_extract(after_json, '\$.reason') FROM audit_log ORDER BY id DESC LIMIT 1")" = "Tên theo kế hoạch sửa đổi" ] \
  && ok closed-sheet-reason-audited || fail closed-sheet-reason-audited "$(sql "SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1")"
