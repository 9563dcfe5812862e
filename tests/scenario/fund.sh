# tests/scenario/fund.sh: fundraising over HTTP (the statement imports through the CLI are
# fund_import.sh): the demo's public fund pages, the honour roll (anonymity, consent), the
# donation search found without diacritics or case (page, JSON, CLI), amounts and ranges,
# paging without a count, public pages with no unmasked account or phone number, unpublished
# funds hidden, managers only in their scope, the JSON writes and an import over HTTP. Runs
# under both transports (lib.sh).
. "$ROOT/tests/scenario/lib.sh"

FIX="$ROOT/tests/fixtures/statements"
cli() { "$THIDUA" "$@" --db "$DB"; }

# ---- the demo funds over HTTP ----
ROAD=$(sql "SELECT id FROM fund WHERE code='GTNT-2019'")
YAGI=$(sql "SELECT id FROM fund WHERE code='YAGI-2024-MAU'")
http GET /funds; expect_status public-list 200
expect_body public-list-road "Quỹ xây dựng đường giao thông nông thôn năm 2019"
http GET "/funds/$ROAD"; expect_status public-fund 200
expect_body road-total "14.055.000.000 đồng"
expect_body road-out "6.500.000.000 đồng"
expect_body road-progress "Tiến độ so với mục tiêu"
expect_body road-qr 'class="qr"'
expect_body road-vietqr "000201010211"
http GET "/funds/$ROAD/honour"; expect_status honour 200
expect_body honour-bk "Bằng khen của Chủ tịch UBND tỉnh"
expect_body honour-anonymous "Nhà hảo tâm ẩn danh"
expect_no_body honour-anonymous-name "Doanh nghiệp không nêu tên"
expect_no_body honour-no-consent "Nông sản Tràng Định"
expect_body honour-withheld "không muốn công khai tên"
http GET "/api/funds/$ROAD"; expect_status api-fund 200
expect_body api-fund-sum '"sum":14055000000'
[ "$(sql "SELECT count(*) FROM proposal_intake WHERE source='fund_tier' AND form_code='BK_CT_UBND_TINH'")" = 10 ] \
  && ok demo-ten-proposals || fail demo-ten-proposals "$(sql "SELECT count(*) FROM proposal_intake")"

# search without diacritics or case: a donor registered with them
cli donor add --kind individual --name "Nguyễn Huy Thọ" > "$T/d" 2>/dev/null
cli donation add --fund "$YAGI" --amount 2000000 --on 12/09/2024 --donor "id:$(cat "$T/d")" --message "Ung ho dong bao vung lu 0912345678" >/dev/null
for q in "nguyen+huy+tho" "NGUYEN+HUY+THO" "Nguy%E1%BB%85n+Huy+Th%E1%BB%8D"; do
  http GET "/funds/$YAGI/donations?q=$q"; expect_body "search-$q" "Nguyễn Huy Thọ"
done
expect_no_body search-phone-masked "0912345678"
expect_body search-phone-mask "0912***678"
http GET "/api/funds/$YAGI/donations?q=nguyen+huy+tho"; expect_body api-search '"donor":"Nguyễn Huy Thọ"'
expect_body api-search-no-total '"total":null'
cli donation search --fund "$YAGI" "NGUYEN HUY THO" --json | grep -q '"donor": "Nguyễn Huy Thọ"' && ok cli-search || fail cli-search "not found"
http GET "/api/funds/$YAGI/donations?q=100000-100000&limit=5"; expect_body api-amount '"amount":100000'
expect_body api-more '"more":true'
http GET "/funds/$YAGI/donations?q=500000-100000"; expect_status search-bad-range 400
# public pages: no full account or phone number of the statements (full accounts appear in
# the 1-12 sample's messages: "TKThe :0001151002176")
http GET "/funds/$YAGI/donations?limit=200"
python3 - "$BODY_FILE" <<'PY' && ok public-masked || fail public-masked "an unmasked number on the public page"
import re, sys
body = open(sys.argv[1], encoding="utf-8").read()
cells = re.findall(r'<td class="message">(.*?)</td>', body)
bad = [c for c in cells for run in re.findall(r'(?<![0-9*])[0-9]{9,19}(?![0-9*])', c)]
sys.exit(1 if bad or not cells else 0)
PY
grep -q "0001151002176" "$FIX/MTTQ_BIDV_1-12.sample.csv" && { http GET "/funds/$YAGI/donations?q=TKThe+VU+THI+THUY+LINH"; expect_no_body full-account-masked "0001151002176"; }

# unpublished funds are not public
cli fund add --name "Quỹ nháp" --code DRAFT >/dev/null
DRAFT=$(sql "SELECT id FROM fund WHERE code='DRAFT'")
http GET "/funds/$DRAFT"; expect_status draft-hidden 404

# ---- managers ----
login baocao.soyte || exit 1
http GET "/funds/$ROAD/manage"; expect_status reporter-not-owner 403
json POST "/api/funds/$ROAD/tiers" '{"threshold": 1000000, "label": "Thử"}'; expect_status reporter-api-403 403
json POST /api/funds '{"name": "Quỹ khuyến học Sở Y tế", "target": 100000000}'; expect_status reporter-own-fund 201
OWN=$(sed -n 's/.*"id": *\([0-9]*\).*/\1/p' "$BODY_FILE")
json POST "/api/funds/$OWN/disbursements" '{"amount": 1000000, "paid_on": "01/10/2024", "payee": "Bệnh viện Đa khoa tỉnh", "purpose": "Học bổng"}'
expect_status reporter-own-disburse 201
login canbo.ban || exit 1
http GET "/funds/$ROAD/manage"; expect_status board-manage 200
json POST "/api/funds/$ROAD/tiers" '{"threshold": 100000000, "label": "Thư cảm ơn của Chủ tịch UBND tỉnh"}'; expect_status board-tier 201
json POST "/api/funds/$ROAD/tiers" '{"threshold": -5, "label": "Sai"}'; expect_status bad-tier 400
expect_body bad-tier-field '"threshold"'
json POST "/api/funds/$ROAD/donations" '{"amount": 5000000, "given_on": "20/09/2019", "channel": "in_kind"}'; expect_status in-kind-needs-what 400
expect_body in-kind-field '"in_kind"'
printf 'date,bank,id,money,desc,page\n20/09 10:00:00,BIDV,1,7000000,CONG TY TEST ung ho,_\n' > "$T/up.csv"
EXTRA_HEADERS="X-CSRF-Token: $CSRF"
http POST "/api/funds/$ROAD/import?profile=saoke&year=2019" "$(printf -- '--XB\r\nContent-Disposition: form-data; name="file"; filename="up.csv"\r\nContent-Type: text/csv\r\n\r\n%s\r\n--XB--\r\n' "$(cat "$T/up.csv")")" "multipart/form-data; boundary=XB"
EXTRA_HEADERS=""
expect_status api-import 200
expect_body api-import-new '"new_transfers":1'
TIER=$(sql "SELECT id FROM fund_tier WHERE fund_id=$ROAD AND form_code='BK_CT_UBND_TINH'")
json POST "/api/funds/$ROAD/tiers/$TIER/propose" '{"year": 2019}'; expect_status propose-again 200
expect_body propose-again-existing '"existing":10'

# a statement above import.job_threshold_lines goes to a background job with a progress page
"$THIDUA" setting set import.job_threshold_lines 1 --db "$DB" >/dev/null 2>&1
before=$(sql "SELECT count(*) FROM donation WHERE fund_id=$YAGI")
http POST "/funds/$YAGI/import" "$(printf -- '--XB\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n--XB\r\nContent-Disposition: form-data; name="year"\r\n\r\n2024\r\n--XB\r\nContent-Disposition: form-data; name="file"; filename="job.csv"\r\nContent-Type: text/csv\r\n\r\ndate,bank,id,money,desc,page\r\n21/09 10:00:00,BIDV,1,111000,LE VAN JOB ung ho,_\r\n21/09 10:00:01,BIDV,2,222000,LE VAN JOB ung ho,_\r\n--XB--\r\n' "$CSRF")" "multipart/form-data; boundary=XB"
expect_status page-import-job 303
expect_header page-import-job-page "Location: /jobs/"
JOB=$(grep -i '^Location:' "$REPLY_FILE" | sed 's|.*/jobs/\([0-9]*\).*|\1|' | tr -d '\r')
for _ in $(seq 1 50); do [ "$(sql "SELECT state FROM job WHERE id=${JOB:-0}")" = done ] && break; sleep 0.1; done
after=$(sql "SELECT count(*) FROM donation WHERE fund_id=$YAGI")
[ "$(sql "SELECT state FROM job WHERE id=${JOB:-0}")" = done ] && [ "$after" = $((before + 2)) ] && ok page-import-job-done \
  || fail page-import-job-done "job ${JOB:-?} $(sql "SELECT state || ' ' || message FROM job WHERE id=${JOB:-0}"), $before -> $after"
