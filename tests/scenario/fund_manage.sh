# tests/scenario/fund_manage.sh: the managers' pages for pledges, reversals and donor merges
# (issue 11), with their JSON twins: a pledge recorded from a form (a wrong date or donor is named
# beside its field, the typed values kept), listed with its due date, what was received against
# it and "Quá hạn" when late; a returned transfer reversed with a date and reason (the fund's total
# drops; a second reversal is refused); duplicate donors listed in pairs and merged by the Board
# only, the surviving donor chosen, the history moved. Runs under both transports (lib.sh).
. "$ROOT/tests/scenario/lib.sh"

cli() { "$THIDUA" "$@" --db "$DB"; }
ROAD=$(sql "SELECT id FROM fund WHERE code='GTNT-2019'")
fund_sum() { sql "SELECT sum(amount) FROM donation WHERE fund_id=$ROAD AND reversed_on IS NULL"; }
DONOR=$(cli donor add --kind organisation --name "Công ty Cam Kết Thử")

# ---- pledges ----
login canbo.ban || exit 1
http GET "/funds/$ROAD/manage"; expect_body manage-links-pledges "/funds/$ROAD/pledges"
http GET "/funds/$ROAD/pledges"; expect_status pledges-page 200
expect_body pledges-form 'name="due_on"'
http POST "/funds/$ROAD/pledges" "_csrf=$CSRF&donor=id:$DONOR&amount=$(urlenc "300 triệu")&pledged_on=32/08/2019&due_on=30/08/2019"
expect_status pledge-bad-date 400
expect_body pledge-bad-date-says "Ngày cam kết: viết dd/mm/yyyy."
expect_body pledge-kept-value 'value="30/08/2019"'
http POST "/funds/$ROAD/pledges" "_csrf=$CSRF&donor=id:999999&amount=1000000&pledged_on=01/08/2019"
expect_status pledge-bad-donor 400
expect_body pledge-bad-donor-says "Nhà tài trợ &quot;id:999999&quot;"
http POST "/funds/$ROAD/pledges" "_csrf=$CSRF&donor=id:$DONOR&amount=$(urlenc "300 triệu")&pledged_on=01/08/2019&due_on=30/08/2019&note="
expect_status pledge-added 303
PLEDGE=$(sql "SELECT id FROM pledge WHERE donor_id=$DONOR")
http GET "/funds/$ROAD/pledges"; expect_body pledge-listed "Công ty Cam Kết Thử"
expect_body pledge-amount "300.000.000"
expect_body pledge-due "30/08/2019"
expect_body pledge-overdue "Quá hạn"
cli donation add --fund "$ROAD" --donor "id:$DONOR" --pledge "$PLEDGE" --amount 100000000 --on 20/08/2019 --channel transfer >/dev/null
http GET "/funds/$ROAD/pledges"; expect_body pledge-received "100.000.000"
expect_body pledge-left "200.000.000"
http GET "/api/funds/$ROAD/pledges"; expect_status api-pledges 200
expect_body api-pledge-received '"received":100000000'
expect_body api-pledge-overdue '"overdue":true'
json POST "/api/funds/$ROAD/pledges" "{\"donor\": $DONOR, \"amount\": 50000000, \"pledged_on\": \"01/09/2019\", \"due_on\": \"31/12/2099\"}"
expect_status api-pledge-add 201
json POST "/api/funds/$ROAD/pledges" "{\"donor\": $DONOR, \"amount\": 50000000, \"pledged_on\": \"01/09/2019\", \"due_on\": \"01/01/2019\"}"
expect_status api-pledge-due-before 400
expect_body api-pledge-due-field '"due_on"'

# ---- reversals ----
GIFT=$(sql "SELECT id FROM donation WHERE fund_id=$ROAD AND donor_id=$DONOR")
http GET "/funds/$ROAD/reversal"; expect_status reversal-page 200
http GET "/funds/$ROAD/reversal?donation=$GIFT"; expect_body reversal-shows "Khoản ủng hộ #$GIFT"
expect_body reversal-amount "100.000.000 đồng"
http GET "/funds/$ROAD/reversal?donation=abc"; expect_status reversal-bad-number 400
expect_body reversal-bad-number-says "phải là một số"
s0=$(fund_sum)
http POST "/funds/$ROAD/reversal" "_csrf=$CSRF&donation=$GIFT&on=21/08/2019&reason="
expect_status reversal-no-reason 400
expect_body reversal-no-reason-says "Lý do: không được để trống"
http POST "/funds/$ROAD/reversal" "_csrf=$CSRF&donation=$GIFT&on=19/08/2019&reason=x"
expect_status reversal-before-gift 400
expect_body reversal-before-gift-says "không thể trước ngày ủng hộ"
[ "$(fund_sum)" = "$s0" ] && ok reversal-refused-wrote-nothing || fail reversal-refused-wrote-nothing "$s0 -> $(fund_sum)"
http POST "/funds/$ROAD/reversal" "_csrf=$CSRF&donation=$GIFT&on=25/08/2019&reason=$(urlenc "Ngân hàng hoàn trả: sai tài khoản")"
expect_status reversal-done 303
[ "$(fund_sum)" = $((s0 - 100000000)) ] && ok reversal-total || fail reversal-total "$s0 -> $(fund_sum)"
http GET "/funds/$ROAD/reversal?donation=$GIFT"; expect_body reversal-shown "Đã hoàn trả ngày 25/08/2019"
OTHER=$(sql "SELECT min(id) FROM donation WHERE fund_id=$ROAD AND reversed_on IS NULL")
json POST "/api/funds/$ROAD/donations/$OTHER/reverse" '{"on": "31/12/2019", "reason": "Chuyển nhầm"}'
expect_status api-reverse 200
expect_body api-reverse-date '"reversed_on":"2019-12-31"'
json POST "/api/funds/$ROAD/donations/$OTHER/reverse" '{"on": "31/12/2019", "reason": "Lần hai"}'
expect_status api-reverse-twice 400
expect_body api-reverse-twice-says "đã được hoàn trả"

# ---- duplicate donors and the merge ----
A=$(cli donor add --kind individual --name "Bùi Văn Trùng")
B=$(cli donor add --kind individual --name "BUI VAN TRUNG" 2>/dev/null)
cli donation add --fund "$ROAD" --donor "id:$B" --amount 2000000 --on 01/09/2019 >/dev/null
http GET /donors/duplicates; expect_status duplicates-page 200
expect_body duplicates-pair "Bùi Văn Trùng và BUI VAN TRUNG"
expect_body duplicates-why "cùng tên (không dấu)"
expect_body duplicates-keep 'name="keep"'
http GET "/api/donors/duplicates"; expect_body api-duplicates-why '"why":"cùng tên (không dấu)"'
login baocao.soyte || exit 1
http POST /donors/merge "_csrf=$CSRF&pair=$A-$B&keep=$A"; expect_status reporter-merge-403 403
login canbo.ban || exit 1
http POST /donors/merge "_csrf=$CSRF&pair=$A-$B"; expect_status merge-no-choice 400
expect_body merge-no-choice-says "Hãy chọn hồ sơ được giữ lại"
http POST /donors/merge "_csrf=$CSRF&pair=$A-$B&keep=$A"; expect_status merge-done 303
[ "$(sql "SELECT merged_into FROM donor WHERE id=$B")" = "$A" ] && [ "$(sql "SELECT count(*) FROM donation WHERE donor_id=$A")" = 1 ] \
  && ok merge-history-moved || fail merge-history-moved "merged_into $(sql "SELECT merged_into FROM donor WHERE id=$B")"
[ "$(sql "SELECT count(*) FROM audit_log WHERE entity='donor' AND action='merge' AND entity_id=$A")" = 1 ] && ok merge-audited \
  || fail merge-audited "no audit entry"
http GET /donors/duplicates; expect_no_body duplicates-gone "Bùi Văn Trùng và BUI VAN TRUNG"
json POST /api/donors/merge "{\"from\": $B, \"into\": $A}"; expect_status api-merge-again 400
expect_body api-merge-again-field '"from"'
