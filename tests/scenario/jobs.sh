# tests/scenario/jobs.sh: background jobs (core/job.c) through a real route: a unit import from
# the page with more lines than import.job_threshold_lines becomes a job and redirects to its
# page; under `thidua serve` it runs in the background and is polled to done, a second one is
# seen running (its page reloads itself, with the bar and a cancel button) and cancelled before
# it writes; under `thidua http` (no
# runner) the same job runs in the foreground of the request and is done at the redirect. Also:
# the small file stays synchronous, the result file's download, another user's 404, the CLI,
# and the dead-server rule on a second server's start; retention: that start also purges finished
# jobs older than job.keep_days (never a running one, however old), and `thidua job purge`.
. "$ROOT/tests/scenario/lib.sh"

upload() { # PATH FILE: the import form as a browser sends it
  {
    printf -- '--XyZbOuNdArY\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n%s\r\n' "$CSRF"
    printf -- '--XyZbOuNdArY\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: text/csv\r\n\r\n' "$(basename "$2")"
    cat "$2"
    printf -- '\r\n--XyZbOuNdArY--\r\n'
  } > "$T/mp.body"
  {
    printf 'POST %s HTTP/1.1\r\nHost: test\r\nCookie: %s\r\n' "$1" "$COOKIE"
    printf 'Content-Type: multipart/form-data; boundary=XyZbOuNdArY\r\nContent-Length: %s\r\n\r\n' "$(wc -c < "$T/mp.body")"
    cat "$T/mp.body"
  } > "$T/mp.req"
  http_raw "$T/mp.req"
}
units_csv() { # FILE PREFIX N
  python3 - "$@" <<'PY'
import sys
path, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, "w", encoding="utf-8") as f:
    f.write("Mã,Tên đơn vị,Loại,Mã cấp trên\n")
    for i in range(n):
        f.write(f"{prefix}{i:06d},Đơn vị thử việc nền {prefix} {i},Khác,SYT\n")
PY
}
job_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$BODY_FILE" "$1"; }

# Over import.job_threshold_lines (2,000 by default): a job.
N=10000
"$THIDUA" setting set 'import.max_rows.*' 100000 --db "$DB" >/dev/null
units_csv "$T/big.csv" JOB "$N"
units_csv "$T/small.csv" SMALL 3
UNITS0=$(sql "SELECT count(*) FROM unit")
login admin || exit 1

# ---- the small file: synchronous, as before ----
upload /units/import "$T/small.csv"
expect_status small-import-synchronous 200
expect_body small-import-report "Đã nhập 3 dòng mới"

# ---- the large file: a job ----
upload /units/import "$T/big.csv"
expect_status big-import-redirects 303
JOB=$(grep -i '^Location:' "$REPLY_FILE" | sed 's#.*/jobs/\([0-9]*\).*#\1#' | tr -d '\r')
[ -n "$JOB" ] && ok big-import-job-page || { fail big-import-job-page "no /jobs/N location: $(grep -i '^Location:' "$REPLY_FILE")"; exit 0; }
saw_running=0; state=""
for _ in $(seq 1 600); do
  http GET "/jobs/$JOB"
  grep -q '<meta http-equiv="refresh" content="1">' "$BODY_FILE" && saw_running=1
  http GET "/api/jobs/$JOB"
  state=$(job_field state)
  case $state in done|failed|cancelled) break ;; esac
  sleep 0.1
done
[ "$state" = done ] && ok big-import-job-done || fail big-import-job-done "state '$state': $(head -c 300 "$BODY_FILE")"
if [ "$THIDUA_TRANSPORT" = http ]; then
  [ "$saw_running" = 0 ] && ok job-foreground-done-at-redirect || fail job-foreground-done-at-redirect "still running after the request"
fi
[ "$(job_field done)" = "$N" ] && [ "$(job_field total)" = "$N" ] && ok job-progress-complete || fail job-progress-complete "done/total $(job_field done)/$(job_field total)"
[ "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'JOB%'")" = "$N" ] && ok job-units-written || fail job-units-written "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'JOB%'") units"
[ "$(sql "SELECT count(*) FROM audit_log WHERE action='import' AND entity='unit'")" = 2 ] && ok job-one-audit-entry || fail job-one-audit-entry "want 2 import entries (small + big)"
http GET "/jobs/$JOB"
expect_body job-page-done "Hoàn thành"
expect_body job-page-summary "Đã nhập $N dòng mới"
expect_no_body job-page-no-refresh-when-done 'http-equiv="refresh"'
expect_body job-page-download-link "/jobs/$JOB/result"
http GET "/jobs/$JOB/result"
expect_status job-result-download 200
expect_header job-result-attachment "Content-Disposition: attachment"
expect_header job-result-type "Content-Type: text/plain"
expect_body job-result-summary "Đã nhập $N dòng mới"
http GET /jobs
expect_body jobs-list "Nhập đơn vị từ tệp big.csv"

# ---- another user: someone else's job does not exist for them ----
ADMIN_COOKIE=$COOKIE ADMIN_CSRF=$CSRF
login xem || exit 1
http GET "/jobs/$JOB"; expect_status job-other-user-404 404
http GET "/jobs/$JOB/result"; expect_status job-result-other-user-404 404
http GET "/api/jobs/$JOB"; expect_status job-api-other-user-404 404
http GET /api/jobs
[ "$(job_field total)" = 0 ] && ok jobs-list-own-only || fail jobs-list-own-only "viewer sees $(job_field total) jobs"
COOKIE=$ADMIN_COOKIE CSRF=$ADMIN_CSRF

# ---- the CLI ----
"$THIDUA" job show "$JOB" --json --db "$DB" > "$T/show.json" && grep -q '"state": "done"' "$T/show.json" &&
  ok cli-job-show || fail cli-job-show "$(head -c 300 "$T/show.json")"
"$THIDUA" job list --db "$DB" | grep -q "^$JOB	done	$N/$N	admin	unit.import" && ok cli-job-list || fail cli-job-list "$("$THIDUA" job list --db "$DB" | head -3)"

# ---- cancel: before it writes, nothing of the file is left ----
if [ "$THIDUA_TRANSPORT" = serve ]; then
  units_csv "$T/cancel.csv" CAN 60000
  upload /units/import "$T/cancel.csv"
  CJOB=$(grep -i '^Location:' "$REPLY_FILE" | sed 's#.*/jobs/\([0-9]*\).*#\1#' | tr -d '\r')
  # Running (60,000 lines take the server seconds): the page reloads itself, shows the bar and
  # the cancel button.
  http GET "/jobs/$CJOB"
  expect_body job-page-refreshes-while-running '<meta http-equiv="refresh" content="1">'
  expect_body job-page-progress-bar '<progress max="100" value="'
  expect_body job-page-cancel-button "Hủy việc này"
  http POST "/jobs/$CJOB/cancel" "_csrf=$CSRF"
  expect_status job-cancel-redirects 303
  for _ in $(seq 1 300); do
    http GET "/api/jobs/$CJOB"; state=$(job_field state)
    case $state in done|failed|cancelled) break ;; esac
    sleep 0.1
  done
  [ "$state" = cancelled ] && ok job-cancelled || fail job-cancelled "state '$state'"
  [ "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'CAN%'")" = 0 ] && ok job-cancelled-wrote-nothing || fail job-cancelled-wrote-nothing "units written"
  [ "$(sql "SELECT count(*) FROM audit_log WHERE entity='job' AND action='cancel'")" = 1 ] && ok job-cancel-audited || fail job-cancel-audited "no audit entry"
fi

# ---- the dead-server rule: a second server's start fails the jobs of a process that is gone ----
sh -c 'exit 0' & DEAD=$!; wait "$DEAD"
python3 - "$DB" "$(hostname):$DEAD" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO job(owner_id, owner_login, kind, title, state, runner, created_at, started_at)"
          " VALUES (1, 'admin', 'test', 'left running', 'running', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", (sys.argv[2],))
# Retention: ended 2 months ago (purged at the start), 2 days ago (kept: job.keep_days is 30).
for title, ended in (("ended long ago", "-60 days"), ("ended lately", "-2 days")):
    c.execute("INSERT INTO job(owner_id, owner_login, kind, title, state, runner, created_at, finished_at)"
              " VALUES (1, 'admin', 'test', ?, 'done', 'x:1', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?),"
              " strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?))", (title, ended, ended))
c.commit()
PY
serve_start "$T/second.log" --threads 1 || fail second-server "did not start: $(tail -n 3 "$T/second.log")"
kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null
[ "$(sql "SELECT state || ': ' || message FROM job WHERE title='left running'")" = "failed: máy chủ dừng khi đang chạy" ] &&
  ok dead-server-job-failed || fail dead-server-job-failed "$(sql "SELECT state || ': ' || message FROM job WHERE title='left running'")"
[ "$(sql "SELECT count(*) FROM job WHERE title='ended long ago'")" = 0 ] && ok serve-start-purges-old-jobs ||
  fail serve-start-purges-old-jobs "a job that ended 60 days ago is still there"
[ "$(sql "SELECT count(*) FROM job WHERE title IN ('ended lately', 'left running')")" = 2 ] && ok serve-start-keeps-young-and-recovered ||
  fail serve-start-keeps-young-and-recovered "$(sql "SELECT group_concat(title) FROM job")"
[ "$(sql "SELECT count(*) FROM audit_log WHERE entity='job' AND action='purge' AND user_login='system'")" = 1 ] &&
  ok serve-start-purge-audited || fail serve-start-purge-audited "no purge entry by system"

# ---- `thidua job purge` ----
"$THIDUA" job purge --older-than soon --db "$DB" > "$T/purge.out" 2> "$T/purge.err"; rc=$?
# (a negative age is refused too, naming its bounds)
"$THIDUA" job purge --older-than -1 --db "$DB" 2>&1 | grep -q -- "--older-than: -1 nằm ngoài khoảng 0–36500" && ok cli-purge-negative-days ||
  fail cli-purge-negative-days "$("$THIDUA" job purge --older-than -1 --db "$DB" 2>&1)"
[ "$rc" = 2 ] && grep -q -- "--older-than: 'soon' không phải số nguyên" "$T/purge.err" && ok cli-purge-bad-days ||
  fail cli-purge-bad-days "exit $rc: $(cat "$T/purge.err")"
# --older-than 0 purges what ended before this second: a job that ended in the same second as the
# purge is kept (seen once on a loaded machine), so the second turns first
sleep 1
ENDED=$(sql "SELECT count(*) FROM job WHERE state IN ('done','failed','cancelled')")
ACTIVE=$(sql "SELECT count(*) FROM job WHERE state IN ('queued','running')")
"$THIDUA" job purge --older-than 0 --dry-run --json --db "$DB" > "$T/purge.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["dry_run"] and d["jobs"]==int(sys.argv[2]) and d["files"]>=1 else 1)' \
  "$T/purge.json" "$ENDED" && ok cli-purge-dry-run-counts || fail cli-purge-dry-run-counts "$(cat "$T/purge.json")"
[ "$(sql "SELECT count(*) FROM job WHERE state IN ('done','failed','cancelled')")" = "$ENDED" ] && ok cli-purge-dry-run-keeps ||
  fail cli-purge-dry-run-keeps "jobs deleted by a dry run"
"$THIDUA" job purge --older-than 0 --db "$DB" > "$T/purge.out" && grep -q "^purged $ENDED finished job(s)" "$T/purge.out" &&
  ok cli-purge || fail cli-purge "$(cat "$T/purge.out")"
[ "$(sql "SELECT count(*) FROM job")" = "$ACTIVE" ] && [ "$(sql "SELECT count(*) FROM job_file")" = 0 ] &&
  ok cli-purge-leaves-active-only || fail cli-purge-leaves-active-only "$(sql "SELECT group_concat(state) FROM job")"
[ "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'JOB%'")" = "$N" ] && ok cli-purge-keeps-imported-units ||
  fail cli-purge-keeps-imported-units "the job's units went with it"
http GET "/jobs/$JOB"; expect_status purged-job-page-404 404
http GET "/jobs/$JOB/result"; expect_status purged-job-result-404 404
