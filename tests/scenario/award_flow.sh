# tests/scenario/award_flow.sh: the award-flow half of commendation over HTTP and the CLI:
# a unit's reporter drafts and submits a proposal, the Board receives, assigns, appraises and
# approves it, refusals for the wrong role and the wrong step, the JSON API with its body rules,
# the timeline and deadline on the page; then a council of three votes by secret ballot and the
# Board closes the meeting — after which no table (sqlite3 dump), no log line, no page or API
# reply and no audit entry links a member to a choice.
. "$ROOT/tests/scenario/lib.sh"

loc_id() { grep -i '^Location:' "$REPLY_FILE" | sed 's/.*\/\([0-9][0-9]*\)[^0-9]*$/\1/' | tr -d '\r'; }
SYT=$(unit_id SYT)
YEAR=$(date +%Y)

# ---- a unit's reporter drafts and submits ----
login baocao.soyte || exit 1
http POST /proposals/new "_csrf=$CSRF&unit_id=$SYT&subject_kind=collective&subject_unit_id=$SYT&subject_ref=&achievement=&subject_name=$(urlenc 'Sở Y tế')&form_code=BK_CT_UBND_TINH&year=2025&reason=$(urlenc 'Đã có thành tích xuất sắc trong công tác phòng, chống dịch năm 2025')"
expect_status reporter-creates 303
P=$(loc_id)
http GET "/proposals/$P"; expect_body draft-shown "Bản nháp"
expect_body submit-offered "Gửi hồ sơ"
expect_no_body reporter-no-receive "Tiếp nhận</summary>"
# refused input: no reason, a form that is not for collectives, a unit outside the reporter's tree
http POST /proposals/new "_csrf=$CSRF&unit_id=$SYT&subject_kind=collective&subject_unit_id=$SYT&subject_name=X&form_code=BK_CT_UBND_TINH&year=2025&reason="
expect_status missing-reason 400
expect_body missing-reason-msg "Thành tích: không được để trống"
http POST /proposals/new "_csrf=$CSRF&unit_id=$SYT&subject_kind=collective&subject_unit_id=$SYT&subject_name=X&form_code=CSTD_CS&year=2025&reason=R"
expect_body wrong-kind "không dành cho loại đối tượng này"
STC=$(unit_id STC)
http POST /proposals/new "_csrf=$CSRF&unit_id=$STC&subject_kind=collective&subject_unit_id=$STC&subject_name=X&form_code=BK_CT_UBND_TINH&year=2025&reason=R"
expect_status other-unit-refused 403
# the same achievement twice
http POST /proposals/new "_csrf=$CSRF&unit_id=$SYT&subject_kind=collective&subject_unit_id=$SYT&subject_name=$(urlenc 'Sở Y tế')&form_code=BK_CT_UBND_TINH&year=2025&reason=R"
expect_body once-only "một thành tích chỉ khen thưởng một lần"
# the dossier's documents: a PDF accepted, an HTML page refused (all or nothing), listed with a link
printf '%%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n' > "$T/totrinh.pdf"
printf '<!DOCTYPE html><html><script>alert(1)</script></html>' > "$T/x.html"
upload() { # PATH KIND NAME:TYPE:FILE …
  path=$1; kind=$2; shift 2
  python3 - "$T/request" "$path" "$COOKIE" "$CSRF" "$kind" "$@" <<'PY'
import sys
out, path, cookie, csrf, kind = sys.argv[1:6]
b = b"----thiduaBoundary7"
parts = []
def field(name, value): parts.append(b"--" + b + b'\r\nContent-Disposition: form-data; name="' + name + b'"\r\n\r\n' + value + b"\r\n")
field(b"_csrf", csrf.encode()); field(b"kind", kind.encode())
for spec in sys.argv[6:]:
    name, ctype, f = spec.split(":", 2)
    parts.append(b"--" + b + b'\r\nContent-Disposition: form-data; name="file"; filename="' + name.encode() + b'"\r\nContent-Type: '
                 + ctype.encode() + b"\r\n\r\n" + open(f, "rb").read() + b"\r\n")
body = b"".join(parts) + b"--" + b + b"--\r\n"
head = "POST %s HTTP/1.1\r\nHost: test\r\nCookie: %s\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n" % (
    path, cookie, b.decode(), len(body))
open(out, "wb").write(head.encode() + body)
PY
  http_raw "$T/request"
}
upload "/proposals/$P/files" to_trinh "Tờ trình số 12.pdf:application/pdf:$T/totrinh.pdf" "trang.html:text/html:$T/x.html"
expect_status upload-html-refused 400
[ "$(sql "SELECT count(*) FROM file_attachment WHERE owner_kind='award_proposal'")" = 0 ] && ok upload-all-or-nothing || fail upload-all-or-nothing "a file of a refused upload was kept"
upload "/proposals/$P/files" to_trinh "Tờ trình số 12.pdf:application/pdf:$T/totrinh.pdf"
expect_status upload 303
http GET "/proposals/$P"; expect_body upload-listed "Tờ trình số 12.pdf"
expect_body upload-kind "Tờ trình kèm danh sách"
FILE_LINK=$(grep -o 'href="/files/award_proposal/[0-9]*/[0-9]*"' "$BODY_FILE" | head -n 1 | sed 's/href="//; s/"$//')
http GET "$FILE_LINK"; expect_status download 200
expect_header download-type "application/pdf"
http POST "/proposals/$P/move" "_csrf=$CSRF&action=submit&note=&on="; expect_status submit 303
upload "/proposals/$P/files" bien_ban "Biên bản.pdf:application/pdf:$T/totrinh.pdf"
expect_status upload-after-submit-refused 400
http GET "/proposals/$P"; expect_body submitted "Đã gửi"
expect_body check-deadline "Hạn kiểm tra hồ sơ"
http POST "/proposals/$P/move" "_csrf=$CSRF&action=receive"; expect_status reporter-cannot-receive 403
[ "$(sql "SELECT due_on FROM award_proposal WHERE id=$P")" = "$("$THIDUA" holiday add-workdays "$(date +%Y-%m-%d)" 5 --db "$DB" 2>/dev/null | tail -n 1)" ] \
  && ok due-is-5-working-days || fail due-is-5-working-days "due_on $(sql "SELECT due_on FROM award_proposal WHERE id=$P")"

# ---- the Board ----
login canbo.ban || exit 1
OFFICER=$(sql "SELECT id FROM app_user WHERE login='canbo.ban'")
http POST "/proposals/$P/move" "_csrf=$CSRF&action=return"; expect_status return-needs-reason 400
expect_body return-reason-msg "Hãy ghi lý do"
http POST "/proposals/$P/move" "_csrf=$CSRF&action=receive"; expect_status receive 303
http POST "/proposals/$P/move" "_csrf=$CSRF&action=approve"; expect_status approve-too-early 400
expect_body approve-too-early-msg "Không thể"
http POST "/proposals/$P/move" "_csrf=$CSRF&action=assign&assignee_id=$OFFICER"; expect_status assign 303
http POST "/proposals/$P/move" "_csrf=$CSRF&action=appraise&eligible=1&note=$(urlenc 'Hồ sơ đầy đủ, thành tích có xác nhận')"
expect_status appraise 303
http GET "/proposals/$P"; expect_body appraisal-checks "Đối chiếu tiêu chuẩn"
expect_body no-council-for-bk "Duyệt</summary>"
http POST "/proposals/$P/move" "_csrf=$CSRF&action=to_council"; expect_body bk-no-vote "không cần Hội đồng bỏ phiếu"
http POST "/proposals/$P/move" "_csrf=$CSRF&action=approve"; expect_status approve 303
http GET "/proposals/$P"
for s in "Bản nháp" "Đã gửi" "Đã tiếp nhận" "Đã phân công" "Đã thẩm định" "Được duyệt"; do
  expect_body "timeline-$s" "<strong>$s</strong>"
done
[ "$(sql "SELECT count(*) FROM audit_log WHERE entity='award_proposal' AND entity_id='$P'")" = 7 ] \
  && ok moves-audited || fail moves-audited "want 7 audit rows (create, attach, 5 moves)"

# ---- the JSON API ----
json POST /api/proposals '{"unit_id":'"$SYT"',"subject_kind":"collective","subject_unit_id":'"$SYT"',"subject_name":"Sở Y tế","form_code":"TTLDXS","year":2024,"reason":"Hoàn thành xuất sắc nhiệm vụ năm 2024","colour":"red"}'
expect_status api-unknown-member 400
expect_body api-unknown-member-named "colour"
json POST /api/proposals '{"unit_id":'"$SYT"',"subject_kind":"collective","subject_unit_id":'"$SYT"',"subject_name":"Sở Y tế","form_code":"TTLDXS","year":2024,"reason":"Hoàn thành xuất sắc nhiệm vụ năm 2024"}'
expect_status api-create 201
Q=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["proposal"]["id"])' "$BODY_FILE")
expect_body api-needs-vote '"needs_vote":true'
# the department's 2024 rating (HTXSNV) that TTLDXS requires, as the award-rules half's history keeps it
sqlite3 "$DB" "INSERT INTO award_history(subject_id, year, form_code, decision_ref, source, created_at, created_by)
  SELECT subject_id, 2024, 'HTXSNV', '12/QĐ-SYT', 'manual', '2025-01-10T00:00:00Z', 'test' FROM award_proposal WHERE id=$Q"
json POST "/api/proposals/$Q/move" '{"action":"receive"}'; expect_status api-wrong-step 409
for step in '{"action":"submit"}' '{"action":"receive"}' '{"action":"assign","assignee_id":'"$OFFICER"'}' \
            '{"action":"appraise","eligible":true,"note":"Đủ tiêu chuẩn"}' '{"action":"to_council"}'; do
  json POST "/api/proposals/$Q/move" "$step"
  [ "$STATUS" = 200 ] || { fail "api-move $step" "status $STATUS: $(head -c 300 "$BODY_FILE")"; break; }
done
[ "$STATUS" = 200 ] && ok api-moves
expect_body api-to-council '"state":"to_council"'
json GET "/api/proposals/$Q"; expect_body api-timeline '"timeline"'
json GET "/api/proposals?state=bogus"; expect_status api-bad-filter 400

# ---- the council: three members, a secret ballot ----
for u in hoidong2 hoidong3; do
  printf '%s\n' "$DEMO_PASSWORD" | "$THIDUA" user add --login $u --name "Thành viên $u" --unit code:20 --role council --db "$DB" >/dev/null 2>&1 \
    || fail "user-$u" "cannot add"
done
for u in hoidong hoidong2 hoidong3; do
  http POST /council/members "_csrf=$CSRF&year=$YEAR&user_id=$(sql "SELECT id FROM app_user WHERE login='$u'")&position=$(urlenc 'Ủy viên')"
  expect_status "member-$u" 303
done
http POST /council/members "_csrf=$CSRF&year=$YEAR&user_id=$OFFICER&position=X"; expect_body member-needs-ballot "không có quyền bỏ phiếu"
http POST /council/meetings "_csrf=$CSRF&held_on=$(date +%Y-%m-%d)&title=$(urlenc 'Phiên họp kiểm thử')"; expect_status meeting 303
M=$(loc_id)
http POST "/council/meetings/$M/items" "_csrf=$CSRF&proposal_id=$P"; expect_body item-needs-to-council "chưa được trình Hội đồng"
http POST "/council/meetings/$M/items" "_csrf=$CSRF&proposal_id=$Q"; expect_status item 303
ITEM=$(sql "SELECT id FROM council_item WHERE meeting_id=$M")
http POST "/council/items/$ITEM/vote" "_csrf=$CSRF&choice=for"; expect_status officer-cannot-vote 403
LOGS="$T/http-logs"; : > "$LOGS"
vote() { # USER CHOICE
  login "$1" || return
  http POST "/council/items/$ITEM/vote" "_csrf=$CSRF&choice=$2"
  cat "$REPLY_FILE" >> "$T/replies"
}
vote hoidong against; expect_status vote-1 303
expect_header vote-reply-has-no-choice "notice=voted"
http GET "/council/meetings/$M"; expect_body voted-shown "Bạn đã bỏ phiếu"
expect_no_body no-tally-while-open "không đồng ý 1"
http POST "/council/items/$ITEM/vote" "_csrf=$CSRF&choice=for"; expect_body one-vote-only "mỗi thành viên một phiếu"
json GET "/api/council/meetings/$M"; expect_body api-no-tally-while-open '"tally":null'
vote hoidong2 for; expect_status vote-2 303
vote hoidong3 abstain; expect_status vote-3 303
login canbo.ban || exit 1
http POST "/council/meetings/$M/close" "_csrf=$CSRF"; expect_status close 303
http GET "/council/meetings/$M"
# 3 members, 1 for: below the pass threshold of the rule in force
expect_body tally-after-close "đồng ý 1, không đồng ý 1, không biểu quyết 1"
expect_body result-shown "Không được thông qua"
http GET "/council/meetings/$M/minutes.pdf"; expect_status minutes 200
cp "$BODY_FILE" "$T/minutes.pdf"
pdftotext -layout "$T/minutes.pdf" "$T/minutes.txt" 2>/dev/null
grep -q 'BIÊN BẢN' "$T/minutes.txt" && grep -q '3/3' "$T/minutes.txt" && ok minutes-counts || fail minutes-counts "$(head -c 300 "$T/minutes.txt")"
for u in hoidong2 hoidong3 "Thành viên"; do
  grep -q "$u" "$T/minutes.txt" && fail "minutes-no-member-$u" "a member is named in the minutes" || ok "minutes-no-member-$u"
done
[ "$(sql "SELECT state FROM award_proposal WHERE id=$Q")" = refused ] && ok council-refused-proposal || fail council-refused-proposal "state $(sql "SELECT state FROM award_proposal WHERE id=$Q")"

# ---- secrecy: nothing links a member to a choice ----
python3 - "$DB" <<'PY' && ok secrecy-schema || fail secrecy-schema "a table links voters and choices"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
# Virtual tables (the donation search's FTS5 index) need thidua's tokenizer to be opened; their
# columns are in their CREATE statement, which is checked as text instead.
tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
bad = [r[0] for r in c.execute("SELECT name, sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")
       if any(k in r[1] for k in ("member_id", "voter_id")) and any(k in r[1] for k in ("choice", "votes_"))]
for t in tables:
    cols = [r[1] for r in c.execute(f'PRAGMA table_info("{t}")')]
    has_voter = any(k in cols for k in ("member_id", "voter_id")) or (t.startswith("council") and "user_id" in cols and t != "council_member")
    has_choice = any(k in cols for k in ("choice", "vote", "votes_for", "votes_against", "votes_abstain"))
    if has_voter and has_choice: bad.append(t)
cast = [r[1] for r in c.execute('PRAGMA table_info("council_ballot_cast")')]
if sorted(cast) != ["item_id", "member_id"]: bad.append("council_ballot_cast has " + ",".join(cast))
if bad: print(bad); sys.exit(1)
PY
sqlite3 "$DB" .dump > "$T/dump.sql"
# every statement that names a voter (the cast rows, the vote audit entries) must carry no choice
grep -E 'INSERT INTO (")?council_ballot_cast' "$T/dump.sql" | grep -qiE 'for|against|abstain|đồng ý' \
  && fail secrecy-dump-cast "a cast row carries a choice" || ok secrecy-dump-cast
grep -E "'vote'" "$T/dump.sql" | grep -iE 'against|abstain|"for"|choice|đồng ý' >/dev/null \
  && fail secrecy-dump-audit "a vote's audit entry carries a choice" || ok secrecy-dump-audit
[ "$(sql "SELECT count(*) FROM audit_log WHERE action='vote' AND entity_id='$ITEM'")" = 3 ] && ok votes-audited || fail votes-audited "want 3"
grep -qiE 'choice=|against|abstain' "$T/replies" && fail secrecy-replies "a reply repeats the choice" || ok secrecy-replies
# the server's log (serve transport) or the request log lines: the path and the user, never the body
for f in "$T"/transport-serve.*.log; do
  [ -f "$f" ] || continue
  grep -qiE 'choice|against|abstain' "$f" && fail secrecy-log "the server log holds a choice" || ok secrecy-log
  grep -q 'council.vote\|/council/items/' "$f" || true
done
json GET "/api/audit?entity=council_item"
grep -qiE 'against|abstain|choice' "$BODY_FILE" && fail secrecy-audit-api "the audit API shows a choice" || ok secrecy-audit-api

# ---- the CLI ----
"$THIDUA" proposal list --json --db "$DB" > "$T/list.json" && grep -q "\"id\": $P" "$T/list.json" && ok cli-list || fail cli-list "no proposal $P"
"$THIDUA" proposal show "$P" --db "$DB" | grep -q '^state: approved' && ok cli-show || fail cli-show "state"
"$THIDUA" proposal move "$P" submit --db "$DB" 2>"$T/err"; [ $? -ne 0 ] && grep -q 'Không thể' "$T/err" && ok cli-refused-move || fail cli-refused-move "$(cat "$T/err")"
"$THIDUA" council show "$M" --json --db "$DB" | grep -q '"result": "failed"' && ok cli-council-show || fail cli-council-show "no result"
