# tests/scenario/holidays.sh: the working-day calendar: rule defaults, administrators'
# amendments through the CLI, the page and the API, deadline arithmetic, permissions, and the
# range of years (an error outside it).
. "$ROOT/tests/scenario/lib.sh"

out=$("$THIDUA" holiday list 2026 --db "$DB")
echo "$out" | grep -q "17/02/2026.*mùng 1 Tết" && ok holiday-defaults-tet || fail holiday-defaults-tet "$out"
echo "$out" | grep -q "27/04/2026.*Nghỉ bù" && ok holiday-defaults-compensatory || fail holiday-defaults-compensatory "$out"

# 25 working days from 10/08/2026 skip 1/9 and 2/9 (Quốc khánh) → 16/09/2026.
[ "$("$THIDUA" holiday add-workdays 2026-08-10 25 --db "$DB")" = 2026-09-16 ] && ok deadline-default || fail deadline-default "wrong date"
# An amendment moves every deadline: make Monday 14/09/2026 a day off.
"$THIDUA" holiday amend 14/09/2026 off --note "Nghỉ thử nghiệm" --db "$DB" >/dev/null
[ "$("$THIDUA" holiday add-workdays 2026-08-10 25 --db "$DB")" = 2026-09-17 ] && ok deadline-amended || fail deadline-amended "amendment ignored"
"$THIDUA" holiday remove 2026-09-14 --db "$DB" >/dev/null
[ "$("$THIDUA" holiday add-workdays 2026-08-10 25 --db "$DB")" = 2026-09-16 ] && ok deadline-restored || fail deadline-restored "remove ignored"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE entity='holiday_amendment'")
[ "$n" = 2 ] && ok holiday-audited || fail holiday-audited "$n audit rows, want 2"

if "$THIDUA" holiday amend 31/04/2026 off --db "$DB" 2>"$T/err"; then fail bad-date "accepted 31/04"
else grep -q "31/04/2026" "$T/err" && ok bad-date-named || fail bad-date-named "$(cat "$T/err")"; fi

# Web: a viewer sees the calendar but cannot amend; an administrator can.
login xem
http GET "/holidays?year=2026"; expect_status page-viewer 200; expect_body page-grid 'class="month"'
expect_no_body page-viewer-no-form 'Lưu điều chỉnh'
http POST /holidays "_csrf=$CSRF&day=21%2F02%2F2026&kind=work"; expect_status amend-viewer-denied 403
login admin
http POST /holidays "_csrf=$CSRF&day=21%2F02%2F2026&kind=work&note=L%C3%A0m+b%C3%B9&year=2026"; expect_status amend-admin 303
http GET "/holidays?year=2026"; expect_body amend-shown "Làm bù"
http POST /holidays "_csrf=$CSRF&day=2026-13-01&kind=off&year=2026"; expect_status amend-invalid 400
expect_body amend-invalid-message 'has-error'
http POST /holidays "_csrf=$CSRF&day=01%2F03%2F2026&kind=sometimes&year=2026"; expect_status amend-bad-kind 400
http GET "/holidays?year=2026&from=10%2F08%2F2026&n=25"; expect_body calculator "16/09/2026"

# API
http GET "/api/holidays?year=2026"; expect_status api-list 200; expect_body api-list-tet '"name":"Tết Nguyên đán"'
http GET "/api/workdays?from=2026-08-10&n=25"; expect_body api-workdays '"date":"2026-09-16"'
http GET "/api/workdays?from=2026-08-10&to=2026-09-16"; expect_body api-count '"working_days":25'
EXTRA_HEADERS="X-CSRF-Token: $CSRF"
http POST /api/holidays '{"day":"2026-12-31","kind":"off","note":"Nghỉ cuối năm"}' application/json; expect_status api-amend 200
http POST /api/holidays '{"day":"31/12","kind":"off"}' application/json; expect_status api-amend-no-year 400
id=$(sqlite3 "$DB" "SELECT id FROM holiday_amendment WHERE day='2026-12-31'")
http DELETE "/api/holidays/$id"; expect_status api-delete 200
http DELETE "/api/holidays/$id"; expect_status api-delete-again 404
EXTRA_HEADERS=""
http DELETE "/api/holidays/$id"; expect_status api-delete-no-csrf 403

# The years the calendar covers, at their edges; outside them an error, never another year
# (the live-server checks of every parameter are in auth_attacks.sh).
login xem
http GET "/api/holidays?year=2100"; expect_status api-year-last 200; expect_body api-year-last-echo '"year":2100'
http GET "/api/holidays?year=1994"; expect_status api-year-before-first 400; expect_body api-year-before-first-field '"year":"Năm phải'
http GET "/holidays?year=1995"; expect_status page-year-first 200
http GET "/holidays?year=2101"; expect_status page-year-after-last 400
