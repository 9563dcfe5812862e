# tests/scenario/cli_options.sh: the one option rule of the command line (cli_options,
# docs/cli.md "Options"), seen from the outside on commands of every folder that declares a
# table: core (audit, job, privacy, holiday, setting, register), people (user), org (unit,
# block, reorganise) and app (init, backup, demo-logins). Each wrong invocation must exit 2 with
# its first line on standard error naming the option and the mistake, then the usage; and none
# of them may write: the audit head is the same at the end. A few right invocations in the forms
# the table allows (--name=value, options among positionals) check nothing was lost.
set -u
: "${THIDUA:?THIDUA must point to the binary}" "${TEST_TMP:=$(mktemp -d)}"
T=$(mktemp -d "$TEST_TMP/cliopt.XXXXXX")
DB="$T/t.db"
export THIDUA_QUIET=1
ok() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

"$THIDUA" init --cheap-hash --db "$DB" > /dev/null || { fail setup "init failed"; exit 1; }
HEAD=$("$THIDUA" audit head --db "$DB")

# expect_usage NAME 'FIRST LINE OF STDERR' COMMAND…: exit 2, that line first, a usage after it,
# nothing on standard output.
expect_usage() {
  name=$1 want=$2; shift 2
  "$THIDUA" "$@" > "$T/out" 2> "$T/err"; rc=$?
  first=$(head -n 1 "$T/err")
  if [ $rc -eq 2 ] && [ "$first" = "$want" ] && grep -q 'usage' "$T/err" && [ ! -s "$T/out" ]; then ok "$name"
  else fail "$name" "rc $rc, stderr: $(cat "$T/err" | head -n 3), stdout: $(head -c 200 "$T/out")"; fi
}

# ---- core
expect_usage core-unknown 'thidua audit list: --nam: tùy chọn không biết' audit list --db "$DB" --nam 2024
expect_usage core-unknown-eq 'thidua setting list: --jsn: tùy chọn không biết' setting list --jsn=1 --db "$DB"
expect_usage core-no-value 'thidua job list: --limit: thiếu giá trị' job list --db "$DB" --limit
expect_usage core-bad-number "thidua audit list: --limit: 'mười' không phải số nguyên" audit list --db "$DB" --limit mười
expect_usage core-out-of-range 'thidua job list: --limit: 0 nằm ngoài khoảng 1–100000' job list --limit 0 --db "$DB"
expect_usage core-repeated 'thidua holiday amend: --note: chỉ được ghi một lần' \
  holiday amend 2025-05-02 off --note a --note b --db "$DB"
expect_usage core-missing 'thidua privacy erase: thiếu --id' privacy erase --entity user --db "$DB"
expect_usage core-id-not-number "thidua privacy erase: --id: 'ba' không phải số nguyên" \
  privacy erase --entity user --id ba --db "$DB"
expect_usage core-no-options 'thidua register list: --all: tùy chọn không biết' register list --all --db "$DB"
expect_usage core-required-reason 'thidua register void: thiếu --reason' register void receipt fund:1 2025 1 --db "$DB"

# ---- people
expect_usage people-unknown 'thidua user add: --pasword: tùy chọn không biết' \
  user add --login a --name A --unit 1 --role admin --pasword x --db "$DB"
expect_usage people-missing 'thidua user add: thiếu --role' user add --login a --name A --unit 1 --password x --db "$DB"
expect_usage people-no-value 'thidua user list: --status: thiếu giá trị' user list --db "$DB" --status
expect_usage people-bad-status "thidua user list: --status: 'on' không phải active hoặc disabled" \
  user list --status on --db "$DB"
expect_usage people-flag-value 'thidua user roles: --json: không nhận giá trị' user roles --json=yes --db "$DB"
expect_usage people-token-modes 'thidua user token: dùng đúng một trong --label, --list, --revoke' \
  user token admin --label x --list --db "$DB"
expect_usage people-token-days 'thidua user token: --expires-days: chỉ đi cùng --label' \
  user token admin --list --expires-days 5 --db "$DB"
expect_usage people-token-revoke "thidua user token: --revoke: 'x' không phải số nguyên" user token admin --revoke x --db "$DB"
expect_usage people-both-passwords 'thidua user passwd: --password-file và --password: chỉ dùng một' \
  user passwd admin --password a --password-file "$T/pw" --db "$DB"
expect_usage people-disable-unknown 'thidua user disable: --force: tùy chọn không biết' user disable admin --force --db "$DB"

# ---- org
expect_usage org-missing 'thidua unit add: thiếu --kind' unit add --name "Sở Thử" --db "$DB"
expect_usage org-unknown 'thidua unit add: --nam: tùy chọn không biết' unit add --nam "Sở Thử" --kind department --db "$DB"
expect_usage org-bad-day "thidua unit list: --at: '31/02/2024' không phải một ngày (dd/mm/yyyy)" unit list --at 31/02/2024 --db "$DB"
expect_usage org-export-format "thidua unit export: --format: 'pdf' không phải csv hoặc xlsx" unit export --format pdf --db "$DB"
expect_usage org-repeated 'thidua block add: --name: chỉ được ghi một lần' block add --name A --name B --kind khoi --db "$DB"
expect_usage org-no-value 'thidua block member: --date: thiếu giá trị' block member 1 add 2 --db "$DB" --date
expect_usage org-import-unknown 'thidua unit import: --skip: tùy chọn không biết' unit import x.csv --skip --db "$DB"
# a 17th --source was dropped without a word by the old reader; now it is refused
set -- unit reorganise --change merge --effective 2025-07-01 --db "$DB"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do set -- "$@" --source "U$i"; done
expect_usage org-list-most 'thidua unit reorganise: --source: nhiều nhất 16 lần' "$@"
expect_usage org-kind-alone 'thidua unit reorganise: --kind: chỉ đi cùng --new-name' \
  unit reorganise --change merge --source A --into B --kind ward --effective 2025-07-01 --db "$DB"

# ---- app
expect_usage app-unknown 'thidua init: --forse: tùy chọn không biết' init --forse --db "$T/other.db"
[ ! -e "$T/other.db" ] && ok app-unknown-creates-nothing || fail app-unknown-creates-nothing "init made $T/other.db"
expect_usage app-backup-unknown 'thidua backup: --check: tùy chọn không biết' backup --check --db "$DB" "$T/copy.db"
expect_usage app-demo-logins 'thidua demo-logins: --db: không nhận đối số (danh sách như nhau với mọi cơ sở dữ liệu demo)' \
  demo-logins --db "$DB"

# ---- store, web, vn, and the two commands of campaign and fund that read options one at a time
expect_usage store-migrate-extra 'usage: thidua migrate [--status] --db FILE' migrate now --db "$DB"
expect_usage store-check-unknown 'thidua check-db: --fast: tùy chọn không biết' check-db --fast --db "$DB"
expect_usage web-routes-unknown 'thidua routes: --jsn: tùy chọn không biết' routes --jsn
expect_usage web-serve-range 'thidua serve: --threads: 0 nằm ngoài khoảng 1–256' serve --threads 0 --db "$DB"
expect_usage web-http-extra 'thidua http: GET: không nhận đối số (yêu cầu HTTP đọc từ đầu vào chuẩn)' http GET --db "$DB"
expect_usage vn-text-calendar-db 'thidua text lunar: --db: tùy chọn không biết' text lunar 2025-01-29 --db "$DB"
expect_usage vn-text-amend-no-value 'thidua text holidays: --amend: thiếu giá trị' text holidays 2025 --amend
expect_usage campaign-report-no-value 'thidua campaign report: --pdf: thiếu giá trị' campaign report 1 --db "$DB" --pdf
expect_usage fund-review-unknown 'thidua donation review accept: --nte: tùy chọn không biết' donation review accept 1 --nte x --db "$DB"
# string tools print no usage after a mistake (they never did): the message alone, exit 2
"$THIDUA" text fold --jsn Hà > "$T/out" 2> "$T/err"; rc=$?
[ $rc -eq 2 ] && [ "$(cat "$T/err")" = 'thidua text fold: --jsn: tùy chọn không biết' ] && ok vn-text-fold-unknown \
  || fail vn-text-fold-unknown "rc $rc: $(cat "$T/err")"
# after "--" every word is input: the old reader took a "--json" there as the flag
out=$("$THIDUA" text fold -- "--JSON" Hà 2> "$T/err")
[ "$out" = "$(printf -- '--json\nha')" ] && ok vn-text-fold-after-dashes || fail vn-text-fold-after-dashes "got '$out' $(cat "$T/err")"

# ---- right invocations in every form the table allows
"$THIDUA" unit add --db="$DB" --name="Tỉnh Thử Nghiệm" --kind=province --code=STN > "$T/out" 2> "$T/err" \
  && [ -s "$T/out" ] && ok right-eq-forms || fail right-eq-forms "$(cat "$T/err")"
"$THIDUA" unit list --q "thu nghiem" --db "$DB" --json > "$T/out" 2> "$T/err" && grep -q '"STN"' "$T/out" \
  && ok right-list || fail right-list "$(cat "$T/err")"
"$THIDUA" unit show STN --json --db "$DB" > "$T/out" 2> "$T/err" && grep -q "Tỉnh Thử Nghiệm" "$T/out" \
  && ok right-positional-between || fail right-positional-between "$(cat "$T/err")"
"$THIDUA" job list --limit=5 --db "$DB" > /dev/null 2> "$T/err" && ok right-int-eq || fail right-int-eq "$(cat "$T/err")"
n=$("$THIDUA" audit list --db "$DB" --entity unit --limit 1 | wc -l)
[ "$n" -eq 1 ] && ok right-audit-list || fail right-audit-list "$n lines"

# ---- none of the wrong invocations wrote: the only entry since the start is the unit added above
NOW=$("$THIDUA" audit head --db "$DB")
[ "${NOW%%:*}" -eq $((${HEAD%%:*} + 1)) ] && ok wrong-invocations-wrote-nothing \
  || fail wrong-invocations-wrote-nothing "head $HEAD, then $NOW, with one unit added"
