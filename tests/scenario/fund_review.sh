# tests/scenario/fund_review.sh: the review queue of a fund decided from the page, the JSON API and
# the CLI (issue 11): the demo's second fund (the committed overlapping statement samples) has
# uncertain statement matches; a page lists both lines side by side with the rule and the reason;
# only the fund's managers see and decide; accepting keeps the transfer counted once, rejecting
# makes the line its own donation and the fund's total grows by it; a second decision is refused
# (409) with nothing written; a sender name equal to a registered donor's is attributed on accept
# (the donor then reaches the fund's tier and the honour roll) and left unattributed on reject.
# With 120 more items: the page shows 50 at a time with the fund's open count and the filter's
# total, "Trang sau/Trang trước" links by keyset that walk every item once both ways, filters by
# kind and state (a bad one named, 400), a decision that returns to the same page; the JSON walks
# the same items by its `next` cursor and refuses offset; the CLI lists every item.
# Runs under both transports (lib.sh).
. "$ROOT/tests/scenario/lib.sh"

cli() { "$THIDUA" "$@" --db "$DB"; }
YAGI=$(sql "SELECT id FROM fund WHERE code='YAGI-2024-MAU'")
ROAD=$(sql "SELECT id FROM fund WHERE code='GTNT-2019'")
I1=$(sql "SELECT min(id) FROM fund_review WHERE fund_id=$YAGI AND kind='statement_match' AND state='open'")
I2=$(sql "SELECT min(id) FROM fund_review WHERE fund_id=$YAGI AND kind='statement_match' AND state='open' AND id > $I1")
[ -n "$I1" ] && [ -n "$I2" ] && ok demo-has-reviews || fail demo-has-reviews "no open statement matches in the demo fund"
audits() { sql "SELECT count(*) FROM audit_log WHERE entity='fund_review'"; }
donations() { sql "SELECT count(*) FROM donation WHERE fund_id=$YAGI AND reversed_on IS NULL"; }
fund_sum() { sql "SELECT sum(amount) FROM donation WHERE fund_id=$YAGI AND reversed_on IS NULL"; }

# ---- who may see and decide ----
http GET "/funds/$YAGI/reviews"; expect_status anonymous-redirected 303
http GET "/api/funds/$YAGI/reviews"; expect_status anonymous-api 401
login baocao.soyte || exit 1
http GET "/funds/$YAGI/reviews"; expect_status reporter-other-unit 403
json POST "/api/funds/$YAGI/reviews/$I1" '{"decision": "accept"}'; expect_status reporter-decide-403 403
[ "$(audits)" = 0 ] && [ "$(sql "SELECT state FROM fund_review WHERE id=$I1")" = open ] && ok reporter-wrote-nothing \
  || fail reporter-wrote-nothing "audit $(audits), state $(sql "SELECT state FROM fund_review WHERE id=$I1")"

# ---- the page: both lines side by side, the rule and why ----
login canbo.ban || exit 1
http GET "/funds/$YAGI/manage"; expect_body manage-links-reviews "/funds/$YAGI/reviews"
http GET "/funds/$YAGI/reviews"; expect_status reviews-page 200
expect_body reviews-rule "cùng cột ngân hàng, ngày, giờ"
expect_body reviews-why "Vì sao chưa chắc chắn"
expect_body reviews-side-existing "Giao dịch đã có trong quỹ"
expect_body reviews-side-line "Dòng của sao kê khác"
expect_body reviews-line-file "MTTQ_BIDV_10-17"
expect_body reviews-accept-says "Chấp nhận: cùng một giao dịch (tính một lần)"
expect_body reviews-reject-says "Bác bỏ: hai giao dịch khác nhau (dòng này thành khoản ủng hộ riêng)"
expect_body reviews-form "action=\"/funds/$YAGI/reviews/$I1\""
http GET "/api/funds/$YAGI/reviews?limit=2"; expect_status api-reviews 200
expect_body api-reviews-line '"line":'
expect_body api-reviews-rule '"rule":'
expect_body api-reviews-envelope '"limit":2'

# ---- accept on the page: the same transfer, counted once ----
n0=$(donations); s0=$(fund_sum)
http POST "/funds/$YAGI/reviews/$I1" "_csrf=$CSRF&decision=accept&note=$(urlenc "Cùng người chuyển")"
expect_status page-accept 303
expect_header page-accept-back "Location: /funds/$YAGI/reviews?notice=accepted"
[ "$(sql "SELECT state || ' ' || decided_by || ' ' || decision_note FROM fund_review WHERE id=$I1")" = "accepted canbo.ban Cùng người chuyển" ] \
  && ok accept-recorded || fail accept-recorded "$(sql "SELECT state || ' ' || coalesce(decided_by,'-') FROM fund_review WHERE id=$I1")"
[ "$(donations)" = "$n0" ] && ok accept-counted-once || fail accept-counted-once "$n0 -> $(donations)"

# ---- reject through the API: the line becomes its own donation ----
AMOUNT=$(sql "SELECT d.amount FROM fund_review r JOIN donation d ON d.id=r.donation_id WHERE r.id=$I2")
json POST "/api/funds/$YAGI/reviews/$I2" '{"decision": "reject", "note": "Hai người chuyển khác nhau"}'
expect_status api-reject 200
expect_body api-reject-state '"state":"rejected"'
NEW=$(sql "SELECT result_donation_id FROM fund_review WHERE id=$I2")
[ -n "$NEW" ] && [ "$(donations)" = $((n0 + 1)) ] && [ "$(fund_sum)" = $((s0 + AMOUNT)) ] && ok reject-own-donation \
  || fail reject-own-donation "new '$NEW', donations $n0 -> $(donations), sum $s0 -> $(fund_sum) (+$AMOUNT)"
[ "$(sql "SELECT donation_id FROM donation_line WHERE id=(SELECT line_id FROM fund_review WHERE id=$I2)")" = "$NEW" ] \
  && ok reject-line-repointed || fail reject-line-repointed "the line still points elsewhere"
http GET "/api/funds/$YAGI"; expect_body api-fund-total "\"sum\":$((s0 + AMOUNT))"

# ---- a second decision is refused, nothing written ----
a0=$(audits)
json POST "/api/funds/$YAGI/reviews/$I2" '{"decision": "accept"}'; expect_status api-twice 409
expect_body api-twice-field '"state"'
http POST "/funds/$YAGI/reviews/$I1" "_csrf=$CSRF&decision=reject"; expect_status page-twice 409
expect_body page-twice-says "chỉ quyết định một lần"
[ "$(audits)" = "$a0" ] && [ "$(donations)" = $((n0 + 1)) ] && ok twice-wrote-nothing || fail twice-wrote-nothing "audit $a0 -> $(audits)"
json POST "/api/funds/$YAGI/reviews/$I1" '{"decision": "maybe"}'; expect_status api-bad-decision 400
expect_body api-bad-decision-field '"decision"'
json POST "/api/funds/$ROAD/reviews/$I1" '{"decision": "accept"}'; expect_status api-other-fund 404
http GET "/funds/$YAGI/reviews?all=1"; expect_body page-all-decided "Đã bác bỏ bởi canbo.ban"
expect_body page-all-result "thành khoản ủng hộ #$NEW"

# ---- donor matches, through the CLI: accept attributes, reject leaves unattributed ----
cli donor add --kind individual --name "Hoàng Minh Châu" >/dev/null
cli donor add --kind individual --name "Lý Thị Quế Anh" >/dev/null
CHAU=$(sql "SELECT id FROM donor WHERE name='Hoàng Minh Châu'")
cli fund tier-add --fund "$YAGI" --threshold 3000000 --label "Thư cảm ơn" >/dev/null
printf 'date,bank,id,money,desc,page\n25/09 10:00:00,BIDV,1,3000000,HOANG MINH CHAU chuyen tien ung ho,_\n25/09 10:05:00,BIDV,2,4000000,LY THI QUE ANH chuyen tien ung ho,_\n' > "$T/donors.csv"
cli donation import --fund "$YAGI" --profile saoke --year 2024 "$T/donors.csv" >/dev/null 2>&1
D1=$(sql "SELECT id FROM fund_review WHERE fund_id=$YAGI AND kind='donor_match' AND donor_id=$CHAU")
D2=$(sql "SELECT r.id FROM fund_review r JOIN donor o ON o.id=r.donor_id WHERE r.fund_id=$YAGI AND o.name='Lý Thị Quế Anh'")
[ -n "$D1" ] && [ -n "$D2" ] && ok donor-matches-queued || fail donor-matches-queued "'$D1' '$D2'"
cli donation review list --fund "$YAGI" --json > "$T/list.json"
python3 - "$T/list.json" "$D1" <<'PY' && ok cli-list-json || fail cli-list-json "no donor side for $D1"
import json, sys
items = {i["id"]: i for i in json.load(open(sys.argv[1]))}
i = items[int(sys.argv[2])]
sys.exit(0 if i["kind"] == "donor_match" and i["donor"]["name"] == "Hoàng Minh Châu" and i["state"] == "open" else 1)
PY
cli fund tiers "$YAGI" | grep -q "Hoàng Minh Châu" && fail tier-before "qualifies before the decision" || ok tier-before
cli donation review accept "$D1" --json | grep -q '"state": "accepted"' && ok cli-accept || fail cli-accept "not accepted"
[ "$(sql "SELECT d.donor_id FROM fund_review r JOIN donation d ON d.id=r.donation_id WHERE r.id=$D1")" = "$CHAU" ] \
  && ok accept-attributed || fail accept-attributed "the transfer is not the donor's"
cli fund tiers "$YAGI" | grep -q "Hoàng Minh Châu" && ok tier-after || fail tier-after "the donor does not reach the tier"
http GET "/funds/$YAGI/honour"; expect_body honour-after "Hoàng Minh Châu"
cli donation review reject "$D2" --note "Người trùng tên" >/dev/null && ok cli-reject || fail cli-reject "refused"
[ "$(sql "SELECT count(*) FROM fund_review r JOIN donation d ON d.id=r.donation_id WHERE r.id=$D2 AND d.donor_id IS NULL")" = 1 ] \
  && ok reject-unattributed || fail reject-unattributed "the transfer was attributed"
cli donation review reject "$D2" 2>"$T/err" && fail cli-twice "decided twice" || grep -q "một lần" "$T/err" && ok cli-twice \
  || fail cli-twice "$(cat "$T/err")"
[ "$(sql "SELECT count(*) FROM audit_log WHERE entity='fund_review'")" = 4 ] && ok audited || fail audited "$(audits) entries"

# ---- the queue paged by keyset (shareable links both ways), filtered, counted: nothing capped ----
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
  INSERT INTO fund_review(fund_id, kind, donation_id, line_id, note, state, created_at)
  SELECT $YAGI, CASE WHEN i % 4 = 0 THEN 'donor_match' ELSE 'statement_match' END, r.donation_id, r.line_id,
         'Mục thử phân trang ' || i, 'open', '2024-09-30' FROM n, fund_review r WHERE r.id = $I1"
open_ids() { sqlite3 "$DB" "SELECT id FROM fund_review WHERE fund_id=$YAGI AND state='open' ${1-} ORDER BY id"; }
OPEN=$(open_ids | wc -l)
ID1=$(open_ids | sed -n 1p); ID50=$(open_ids | sed -n 50p); ID51=$(open_ids | sed -n 51p); ID100=$(open_ids | sed -n 100p)
LAST=$(open_ids | tail -n 1)
next_link() { grep -o 'href="[^"]*" rel="next"' "$BODY_FILE" | sed 's/^href="//; s/" rel="next"$//; s/&amp;/\&/g'; }
prev_link() { grep -o 'href="[^"]*" rel="prev"' "$BODY_FILE" | sed 's/^href="//; s/" rel="prev"$//; s/&amp;/\&/g'; }
items_on_page() { grep -o '<article class="review" id="review-[0-9]*"' "$BODY_FILE" | wc -l; }
http GET "/funds/$YAGI/reviews"; expect_body paging-open-count "Quỹ có <strong>$OPEN</strong> mục chưa quyết định"
expect_body paging-page-says "trang này hiện 50 mục (số $ID1 đến $ID50)"
[ "$(items_on_page)" = 50 ] && ok paging-first-50 || fail paging-first-50 "$(items_on_page) items"
[ "$(next_link)" = "/funds/$YAGI/reviews?after=$ID50" ] && ok paging-next-link || fail paging-next-link "'$(next_link)'"
[ -z "$(prev_link)" ] && ok paging-first-no-prev || fail paging-first-no-prev "$(prev_link)"
http GET "$(next_link)"; expect_body paging-second-starts "id=\"review-$ID51\""
[ "$(prev_link)" = "/funds/$YAGI/reviews?before=$ID51" ] && ok paging-prev-link || fail paging-prev-link "'$(prev_link)'"
http GET "$(next_link)"; n3=$(items_on_page)
[ "$n3" = $((OPEN - 100)) ] && [ -z "$(next_link)" ] && ok paging-last-page || fail paging-last-page "$n3 items, next '$(next_link)'"
expect_body paging-last-item "id=\"review-$LAST\""
http GET "/funds/$YAGI/reviews?before=$ID51"; expect_body paging-back-first "id=\"review-$ID1\""
[ "$(items_on_page)" = 50 ] && [ -z "$(prev_link)" ] && ok paging-back-is-first || fail paging-back-is-first "$(items_on_page) items, prev '$(prev_link)'"
# filters: kind and state, each with its own total
DONOR_OPEN=$(open_ids "AND kind='donor_match'" | wc -l)
http GET "/funds/$YAGI/reviews?kind=donor_match"; expect_body filter-kind-total "Bộ lọc này có $DONOR_OPEN mục"
expect_no_body filter-kind-only "Đối chiếu hai sao kê chồng nhau"
expect_body filter-kind-selected '<option value="donor_match" selected>'
DECIDED=$(sqlite3 "$DB" "SELECT count(*) FROM fund_review WHERE fund_id=$YAGI AND state<>'open'")
http GET "/funds/$YAGI/reviews?state=decided"; expect_body filter-decided-total "Bộ lọc này có $DECIDED mục"
expect_no_body filter-decided-no-forms "Chấp nhận: cùng một giao dịch"
http GET "/funds/$YAGI/reviews?kind=everything"; expect_status filter-bad-kind 400
expect_body filter-bad-kind-says "Loại mục &quot;everything&quot;"
http GET "/funds/$YAGI/reviews?after=abc"; expect_status filter-bad-cursor 400
# a decision from page 2 comes back to page 2 of the same filter
http GET "/funds/$YAGI/reviews?after=$ID50"
expect_body decide-form-keeps-cursor "<input type=\"hidden\" name=\"after\" value=\"$ID50\">"
TARGET=$(open_ids "AND kind='statement_match' AND id > $ID50" | sed -n 1p)
http POST "/funds/$YAGI/reviews/$TARGET" "_csrf=$CSRF&decision=accept&after=$ID50"
expect_header decide-back-to-page "Location: /funds/$YAGI/reviews?after=$ID50&notice=accepted"
# the JSON: a next cursor to follow until null, the open count, offset refused
http GET "/api/funds/$YAGI/reviews?limit=40"; expect_body api-paging-open "\"open\":$((OPEN - 1))"
expect_body api-paging-total "\"total\":$((OPEN - 1))"
seen=0; url="/api/funds/$YAGI/reviews?limit=40"; pages=0
while [ -n "$url" ] && [ $pages -lt 10 ]; do
  http GET "$url"; pages=$((pages + 1))
  seen=$((seen + $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$BODY_FILE")))
  nxt=$(python3 -c 'import json,sys; n=json.load(open(sys.argv[1]))["next"]; print(n or "")' "$BODY_FILE")
  url=${nxt:+/api/funds/$YAGI/reviews?limit=40&after=$nxt}
done
[ "$seen" = $((OPEN - 1)) ] && [ $pages = 4 ] && ok api-paging-walk || fail api-paging-walk "$seen items in $pages pages, want $((OPEN - 1))"
http GET "/api/funds/$YAGI/reviews?kind=donor_match&limit=1000"; expect_body api-filter-kind "\"total\":$DONOR_OPEN"
expect_body api-filter-kind-last '"next":null'
http GET "/api/funds/$YAGI/reviews?offset=5"; expect_status api-offset-refused 400
expect_body api-offset-field '"offset"'
out=$(cli donation review list --fund "$YAGI" --kind statement_match | wc -l)
[ "$out" = "$(open_ids "AND kind='statement_match'" | wc -l)" ] && ok cli-list-uncapped || fail cli-list-uncapped "$out lines"
