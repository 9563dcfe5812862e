# tests/scenario/org_attacks.sh: the unit and block items of issue #7, replayed against a live
# `thidua serve` of the demo database, as the attacker did:
#  4. a unit is reorganised once: a second merge or rename of it is refused (sequentially and as 12
#     merges at once: exactly one 201), and so is a date that contradicts the unit's validity;
#  6. a custom role scoped to one department, with block.write, renames and chooses the head only
#     of blocks whose units lie in its scope (form and API);
#  7. personal numbers in a unit's note and address are masked for a viewer on /api/units/{id},
#     /units/{id} and the CSV export, and shown to a role with pii.read;
#  8. an import over the role's quota (import.max_rows.<role>) is refused before writing; small
#     writes through the server during a 20,000-line import are all answered; checking the lines
#     holds no write lock (another connection takes it without waiting meanwhile), so during an
#     import of mostly known lines no small write waits half of its run; the unit page and its API
#     page a unit's children.
. "$ROOT/tests/scenario/lib.sh"
command -v curl >/dev/null || { fail org-attacks "curl is missing (scripts/install-deps installs it)"; exit 1; }

# ---- helpers (curl against the live server) ----
# api TOKEN METHOD PATH [JSON]: sets ST (status) and leaves the body in $T/api.out
api() {
  if [ -n "${4-}" ]; then
    ST=$(curl -s -o "$T/api.out" -w '%{http_code}' -X "$2" -H "Authorization: Bearer $1" \
      -H 'Content-Type: application/json' --data "$4" "$U$3")
  else
    ST=$(curl -s -o "$T/api.out" -w '%{http_code}' -X "$2" -H "Authorization: Bearer $1" "$U$3")
  fi
}
# web_login JAR LOGIN: a browser session in cookie jar JAR; prints the session's CSRF token
web_login() {
  rm -f "$1"
  curl -s -c "$1" -b "$1" -o /dev/null --data "login=$2&password=$DEMO_PASSWORD" "$U/login"
  curl -s -b "$1" "$U/" | grep -o 'name="_csrf" value="[0-9a-f]*"' | head -n1 | sed 's/.*value="//; s/"//'
}
# web JAR METHOD PATH [FORM]: sets ST and leaves the body in $T/web.out
web() {
  if [ -n "${4-}" ]; then
    ST=$(curl -s -o "$T/web.out" -w '%{http_code}' -b "$1" -X "$2" --data "$4" "$U$3")
  else
    ST=$(curl -s -o "$T/web.out" -w '%{http_code}' -b "$1" -X "$2" "$U$3")
  fi
}
# jget FILE EXPR: a value from a JSON file, EXPR in Python over `d`
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null; }
check() { # NAME CONDITION-STATUS WHY: PASS when the previous command succeeded
  if [ "$2" = 0 ]; then ok "$1"; else fail "$1" "$3"; fi
}
token() { "$THIDUA" user token "$1" --label org-attacks --db "$DB" 2>/dev/null | head -n1; }

ADMIN=$(token admin); VIEWER=$(token xem); REPORTER=$(token baocao.soyte)
[ -n "$ADMIN" ] && [ -n "$VIEWER" ] && [ -n "$REPORTER" ] || { fail org-setup "no API tokens"; exit 1; }
THIDUA_QUIET=1 serve_start "$T/serve.log" --threads 4 || { fail org-server "did not start: $(cat "$T/serve.log")"; exit 1; }
trap 'kill "$SRV" 2>/dev/null' EXIT
PROV=$(unit_id 20)

# ======== 4. a unit is reorganised once ========
new_unit() { # NAME [EXTRA-JSON]: creates a department under the province as admin; prints its id
  api "$ADMIN" POST /api/units "{\"name\":\"$1\",\"kind\":\"department\",\"parent_id\":$PROV${2-}}"
  jget "$T/api.out" 'd["unit"]["id"]'
}
S=$(new_unit "Sở Thử Sắp Xếp")
api "$ADMIN" POST /api/units/reorganise "{\"change\":\"merge\",\"sources\":[$S],\"into\":[\"STC\"],\"effective\":\"2025-04-01\"}"
[ "$ST" = 201 ]; check "reorg: the first merge of a unit (into Sở Tài chính) is taken" $? "status $ST: $(head -c 300 "$T/api.out")"
api "$ADMIN" POST /api/units/reorganise "{\"change\":\"merge\",\"sources\":[$S],\"into\":[\"SXD\"],\"effective\":\"2025-04-01\"}"
[ "$ST" = 400 ] && grep -q 'Sở Thử Sắp Xếp' "$T/api.out" && grep -q '01/04/2025' "$T/api.out"
check "reorg: a second merge of the same unit, same date, is refused naming the unit and the date" $? \
  "status $ST: $(head -c 400 "$T/api.out")"
api "$ADMIN" POST /api/units/reorganise "{\"change\":\"merge\",\"sources\":[$S],\"into\":[\"STP\"],\"effective\":\"2025-09-01\"}"
[ "$ST" = 400 ]; check "reorg: a third merge at a later date is refused too" $? "status $ST: $(head -c 300 "$T/api.out")"
[ "$(sql "SELECT count(*) FROM unit_succession WHERE predecessor_id=$S")" = 1 ]
check "reorg: the unit has exactly one successor" $? "$(sql "SELECT count(*) FROM unit_succession WHERE predecessor_id=$S") successors"
[ "$(sql "SELECT valid_to FROM unit WHERE id=$S")" = 2025-03-31 ]
check "reorg: its end date stays 31/03/2025" $? "valid_to $(sql "SELECT valid_to FROM unit WHERE id=$S")"

# A rename at an earlier date would move the end backwards: refused.
R=$(new_unit "Sở Thử Đổi Tên")
api "$ADMIN" POST /api/units/reorganise "{\"change\":\"rename\",\"sources\":[$R],\"new\":[{\"name\":\"Sở Thử Đổi Tên Mới\"}],\"effective\":\"2026-01-01\"}"
[ "$ST" = 201 ]; check "reorg: a rename is taken" $? "status $ST: $(head -c 300 "$T/api.out")"
api "$ADMIN" POST /api/units/reorganise "{\"change\":\"rename\",\"sources\":[$R],\"new\":[{\"name\":\"Sở Thử Đổi Tên Lần Hai\"}],\"effective\":\"2025-06-01\"}"
[ "$ST" = 400 ] && [ "$(sql "SELECT valid_to FROM unit WHERE id=$R")" = 2025-12-31 ]
check "reorg: renaming it again with an earlier date is refused; its end stays 31/12/2025" $? \
  "status $ST, valid_to $(sql "SELECT valid_to FROM unit WHERE id=$R")"
# A unit whose end was entered by hand (31/12/2026): a reorganisation must start the next day.
E=$(new_unit "Sở Thử Có Ngày Kết Thúc" ',"valid_from":"2020-01-01","valid_to":"2026-12-31"')
api "$ADMIN" POST /api/units/reorganise "{\"change\":\"merge\",\"sources\":[$E],\"into\":[\"STC\"],\"effective\":\"2026-06-01\"}"
[ "$ST" = 400 ] && grep -q '31/12/2026' "$T/api.out" && [ "$(sql "SELECT valid_to FROM unit WHERE id=$E")" = 2026-12-31 ]
check "reorg: a date before a recorded end is refused, naming that end" $? "status $ST: $(head -c 400 "$T/api.out")"
api "$ADMIN" POST /api/units/reorganise "{\"change\":\"merge\",\"sources\":[$E],\"into\":[\"STC\"],\"effective\":\"2020-01-01\"}"
[ "$ST" = 400 ] && grep -q '01/01/2020' "$T/api.out"
check "reorg: a date on or before the unit's first day is refused" $? "status $ST: $(head -c 400 "$T/api.out")"
api "$ADMIN" POST /api/units/reorganise "{\"change\":\"merge\",\"sources\":[$E],\"into\":[\"STC\"],\"effective\":\"2027-01-01\"}"
[ "$ST" = 201 ]; check "reorg: the day after the recorded end is taken" $? "status $ST: $(head -c 300 "$T/api.out")"
# The form says the same.
JAR_ADMIN="$T/admin.jar"; CSRF_ADMIN=$(web_login "$JAR_ADMIN" admin)
web "$JAR_ADMIN" POST "/units/$S/reorganise" "_csrf=$CSRF_ADMIN&change=merge&into=$(unit_id STP)&effective=2025-04-01"
[ "$ST" = 400 ] && grep -q 'Sở Thử Sắp Xếp' "$T/web.out"
check "reorg: the form refuses the second merge too" $? "status $ST"

# 12 merges of one unit at once, each into another unit: exactly one is taken.
P=$(new_unit "Sở Thử Song Song")
targets=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do targets="$targets $(new_unit "Đơn vị Đích Song Song $i")"; done
i=0; pids=""
for t in $targets; do
  i=$((i + 1))
  curl -s -o "$T/par.$i" -w '%{http_code}\n' -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    --data "{\"change\":\"merge\",\"sources\":[$P],\"into\":[$t],\"effective\":\"2025-04-01\"}" \
    "$U/api/units/reorganise" > "$T/par.code.$i" &
  pids="$pids $!"
done
for p in $pids; do wait "$p"; done
n201=$(cat "$T"/par.code.* | grep -c '^201$'); n400=$(cat "$T"/par.code.* | grep -c '^400$')
[ "$n201" = 1 ] && [ "$n400" = 11 ]
check "reorg: 12 concurrent merges of one unit: exactly one 201, eleven 400" $? \
  "201: $n201, 400: $n400, all: $(cat "$T"/par.code.* | tr '\n' ' ')"
[ "$(sql "SELECT count(*) FROM unit_succession WHERE predecessor_id=$P")" = 1 ] \
  && [ "$(sql "SELECT count(*) FROM audit_log WHERE action='reorganise' AND after_json LIKE '%\"id\":$P,%'")" = 1 ]
check "reorg: after the race the unit has one successor and one audit entry" $? \
  "successors $(sql "SELECT count(*) FROM unit_succession WHERE predecessor_id=$P")"
# The rule is also a constraint, so a backend without one write lock (PostgreSQL) keeps it: a unit
# ends in at most one reorganisation.
python3 - "$DB" "$P" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
try:
    c.execute("INSERT INTO unit_reorg_source(unit_id, change, effective) VALUES (?, 'merge', '2025-05-01')", (int(sys.argv[2]),))
    sys.exit(1)
except sqlite3.IntegrityError:
    sys.exit(0)
PY
check "reorg: the database refuses a second ending of the same unit (unit_reorg_source)" $? "second row accepted"

# ======== 6. block scope for a role scoped to one department ========
B1=$(sql "SELECT id FROM emulation_block WHERE name='Khối các cơ quan tổng hợp'")
B2=$(sql "SELECT id FROM emulation_block WHERE name='Khối văn hóa – xã hội'")
web "$JAR_ADMIN" POST /roles/new "_csrf=$CSRF_ADMIN&name=khoi_so&label=C%C3%A1n+b%E1%BB%99+kh%E1%BB%91i+c%E1%BB%A7a+S%E1%BB%9F&cap=unit.read&cap=block.write"
[ "$ST" = 303 ]; check "blocks: an administrator creates a role with block.write scoped to the user's unit" $? "status $ST"
printf '%s\n' "$DEMO_PASSWORD" | "$THIDUA" user add --login khoi.soyte --name "Cán bộ khối Sở Y tế" --unit SYT \
  --role khoi_so --db "$DB" > /dev/null 2>&1
SCOPED=$(token khoi.soyte)
JAR_SC="$T/scoped.jar"; CSRF_SC=$(web_login "$JAR_SC" khoi.soyte)
[ -n "$SCOPED" ] && [ -n "$CSRF_SC" ]; check "blocks: the scoped user signs in and has a token" $? "no session or token"
name_b1=$(sql "SELECT name FROM emulation_block WHERE id=$B1")
api "$SCOPED" PATCH "/api/blocks/$B1" '{"name":"Khối bị đổi tên"}'
[ "$ST" = 403 ]; check "blocks: the scoped role cannot rename a block of other units (API)" $? "status $ST"
web "$JAR_SC" POST "/blocks/$B1/edit" "_csrf=$CSRF_SC&name=Kh%E1%BB%91i+b%E1%BB%8B+%C4%91%E1%BB%95i&kind=khoi"
[ "$ST" = 403 ]; check "blocks: nor by the form" $? "status $ST"
web "$JAR_SC" GET "/blocks/$B1/edit"
[ "$ST" = 403 ]; check "blocks: nor open its edit page" $? "status $ST"
[ "$(sql "SELECT name FROM emulation_block WHERE id=$B1")" = "$name_b1" ]
check "blocks: the block kept its name" $? "renamed to $(sql "SELECT name FROM emulation_block WHERE id=$B1")"
api "$SCOPED" PUT "/api/blocks/$B2/leaders/2024" '{"head_unit_id":"SGDDT","deputy_unit_id":"SVHTTDL"}'
[ "$ST" = 403 ]; check "blocks: the scoped role cannot make another department head (API)" $? "status $ST"
web "$JAR_SC" POST "/blocks/$B2/leaders" "_csrf=$CSRF_SC&year=2024&head_unit_id=$(unit_id SGDDT)&deputy_unit_id=0"
[ "$ST" = 403 ]; check "blocks: nor by the form" $? "status $ST"
api "$SCOPED" PUT "/api/blocks/$B2/leaders/2019" '{"head_unit_id":"SYT"}'
[ "$ST" = 403 ]; check "blocks: nor displace another department from a year it heads" $? "status $ST"
[ "$(sql "SELECT count(*) FROM block_leadership WHERE block_id=$B2 AND year=2024")" = 0 ] \
  && [ "$(sql "SELECT head_unit_id FROM block_leadership WHERE block_id=$B2 AND year=2019")" = "$(unit_id SGDDT)" ]
check "blocks: no leadership was written" $? "leadership changed"
# Memberships keep the rule they had, now applied by the same check in the domain functions.
api "$SCOPED" POST "/api/blocks/$B2/members" '{"unit_id":"STC"}'
[ "$ST" = 403 ]; check "blocks: the scoped role cannot add another department to a block (API)" $? "status $ST"
web "$JAR_SC" POST "/blocks/$B2/members" "_csrf=$CSRF_SC&unit_id=$(unit_id STC)"
[ "$ST" = 403 ]; check "blocks: nor by the form" $? "status $ST"
api "$SCOPED" DELETE "/api/blocks/$B2/members/$(unit_id SVHTTDL)"
[ "$ST" = 403 ]; check "blocks: nor end another department's membership (API)" $? "status $ST"
web "$JAR_SC" POST "/blocks/$B2/members/$(unit_id SVHTTDL)/remove" "_csrf=$CSRF_SC"
[ "$ST" = 403 ]; check "blocks: nor by the form" $? "status $ST"
[ "$(sql "SELECT count(*) FROM block_member WHERE block_id=$B2 AND left_on IS NULL")" = 3 ]
check "blocks: the memberships are unchanged" $? "$(sql "SELECT count(*) FROM block_member WHERE block_id=$B2 AND left_on IS NULL") current members"
# Within its scope it may: a block of Sở Y tế and its hospital.
api "$SCOPED" POST /api/blocks '{"name":"Khối y tế (thử)","kind":"khoi"}'
BY=$(jget "$T/api.out" 'd["block"]["id"]')
api "$SCOPED" POST "/api/blocks/$BY/members" '{"unit_id":"SYT","joined":"2024-01-01"}'
api "$SCOPED" POST "/api/blocks/$BY/members" '{"unit_id":"BVDK","joined":"2024-01-01"}'
api "$SCOPED" PUT "/api/blocks/$BY/leaders/2024" '{"head_unit_id":"SYT","deputy_unit_id":"BVDK"}'
[ "$ST" = 200 ]; check "blocks: the scoped role chooses the head of its own units' block" $? "status $ST: $(head -c 300 "$T/api.out")"
api "$SCOPED" PATCH "/api/blocks/$BY" '{"name":"Khối y tế Sở Y tế"}'
[ "$ST" = 200 ]; check "blocks: and renames that block" $? "status $ST: $(head -c 300 "$T/api.out")"
web "$JAR_SC" GET "/blocks/$BY/edit"
[ "$ST" = 200 ]; check "blocks: and opens its edit page" $? "status $ST"
api "$ADMIN" POST "/api/blocks/$BY/members" '{"unit_id":"STC","joined":"2024-01-01"}'
api "$SCOPED" PATCH "/api/blocks/$BY" '{"name":"Khối y tế đổi lần hai"}'
[ "$ST" = 403 ]; check "blocks: once a unit outside its scope joins, the block is no longer its alone" $? "status $ST"
web "$JAR_SC" GET "/blocks/$BY"
! grep -q "/blocks/$BY/edit" "$T/web.out"
check "blocks: the block page offers no edit link it would refuse" $? "edit link shown"

# ======== 7. personal numbers in a unit's note and address ========
api "$ADMIN" POST /api/units "{\"name\":\"Trạm Thử Riêng Tư\",\"kind\":\"other\",\"parent_id\":\"SYT\",\"note\":\"Liên hệ ông An 0912345678, CCCD 001099012345\",\"address\":\"Số 5 Lê Lợi, điện thoại 0987 654 321\"}"
PV=$(jget "$T/api.out" 'd["unit"]["id"]')
clear_in() { grep -q 0912345678 "$1" && grep -q 001099012345 "$1" && grep -q '0987 654 321' "$1"; }
masked_in() { ! grep -q '0912345678\|001099012345\|0987 654 321' "$1" && grep -q '0912\*\*\*678' "$1" \
  && grep -q '001\*\*\*\*\*\*345' "$1" && grep -q '0987 \*\*\* 321' "$1"; }
api "$VIEWER" GET "/api/units/$PV"; masked_in "$T/api.out"
check "privacy: a viewer gets the note and address masked on /api/units/{id}" $? "$(grep -o '"note":"[^"]*"\|"address":"[^"]*"' "$T/api.out")"
api "$VIEWER" GET "/api/units?q=tram+thu+rieng+tu"; masked_in "$T/api.out"
check "privacy: and on the units list" $? "$(grep -o '"note":"[^"]*"' "$T/api.out")"
api "$VIEWER" GET "/api/units/$(unit_id SYT)"; masked_in "$T/api.out"
check "privacy: and in its parent's list of children" $? "$(grep -o '"note":"[^"]*"' "$T/api.out" | head -n 3)"
JAR_V="$T/viewer.jar"; web_login "$JAR_V" xem > /dev/null
web "$JAR_V" GET "/units/$PV"; masked_in "$T/web.out"
check "privacy: a viewer gets them masked on /units/{id}" $? "$(grep -o 'Ghi chú</th><td>[^<]*' "$T/web.out")"
web "$JAR_V" GET /units/export.csv; masked_in "$T/web.out"
check "privacy: a viewer gets them masked in the CSV export" $? "$(grep 'Trạm Thử Riêng Tư' "$T/web.out")"
# A writer without pii.read (the reporter of Sở Y tế) sees the masks in the edit form; saving the
# form, or PATCHing back what the API gave, keeps the stored numbers.
JAR_R="$T/reporter.jar"; CSRF_R=$(web_login "$JAR_R" baocao.soyte)
web "$JAR_R" GET "/units/$PV/edit"; masked_in "$T/web.out"
check "privacy: the reporter's edit form shows the masks" $? "$(grep -o 'name="address"[^>]*>' "$T/web.out")"
web "$JAR_R" POST "/units/$PV/edit" "_csrf=$CSRF_R&name=Tr%E1%BA%A1m+Th%E1%BB%AD+Ri%C3%AAng+T%C6%B0+2&kind=other&parent_id=$(unit_id SYT)&note=$(urlenc "Liên hệ ông An 0912***678, CCCD 001******345")&address=$(urlenc "Số 5 Lê Lợi, điện thoại 0987 *** 321")"
[ "$ST" = 303 ] && [ "$(sql "SELECT note FROM unit WHERE id=$PV")" = "Liên hệ ông An 0912345678, CCCD 001099012345" ] \
  && [ "$(sql "SELECT name FROM unit WHERE id=$PV")" = "Trạm Thử Riêng Tư 2" ]
check "privacy: saving the form unchanged keeps the stored numbers (the name changed)" $? \
  "status $ST, note $(sql "SELECT note FROM unit WHERE id=$PV")"
api "$REPORTER" GET "/api/units/$PV"
python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))["unit"]; print(json.dumps({"note":u["note"],"address":u["address"],"short_name":"TTRT"}))' \
  "$T/api.out" > "$T/patch.json"
api "$REPORTER" PATCH "/api/units/$PV" "$(cat "$T/patch.json")"
[ "$ST" = 200 ] && [ "$(sql "SELECT address FROM unit WHERE id=$PV")" = "Số 5 Lê Lợi, điện thoại 0987 654 321" ] \
  && [ "$(sql "SELECT short_name FROM unit WHERE id=$PV")" = TTRT ] && masked_in "$T/api.out"
check "privacy: PATCHing back the masked values keeps them too, and answers masked" $? \
  "status $ST, address $(sql "SELECT address FROM unit WHERE id=$PV")"
api "$ADMIN" GET "/api/units/$PV"; clear_in "$T/api.out"
check "privacy: an administrator (pii.read) sees them on /api/units/{id}" $? "$(grep -o '"note":"[^"]*"' "$T/api.out")"
web "$JAR_ADMIN" GET "/units/$PV"; clear_in "$T/web.out"
check "privacy: and on /units/{id}" $? "page lacks the numbers"
web "$JAR_ADMIN" GET /units/export.csv; clear_in "$T/web.out"
check "privacy: and in the CSV export" $? "export lacks the numbers"

# ======== 8. import quota, concurrent writers, paging ========
# upload_api TOKEN FILE: the CSV to /api/units/import; sets ST, body in $T/imp.out
upload_api() { ST=$(curl -s -o "$T/imp.out" -w '%{http_code}' -H "Authorization: Bearer $1" -F "file=@$2;type=text/csv" "$U/api/units/import"); }
gen() { # N PREFIX PARENT FILE
  python3 - "$@" <<'PY'
import sys
n, prefix, parent, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
with open(out, "w", encoding="utf-8") as f:
    f.write("code,name,kind,parent_code\n")
    for i in range(n):
        f.write(f"{prefix}{i},Trạm {prefix} số {i},other,{parent}\n")
PY
}
"$THIDUA" setting set import.max_rows.reporter 100 --db "$DB" > /dev/null
gen 101 QA SYT "$T/q101.csv"; gen 100 QB SYT "$T/q100.csv"
audit0=$(sql "SELECT count(*) FROM audit_log WHERE action='import'")
upload_api "$REPORTER" "$T/q101.csv"
[ "$ST" = 400 ] && grep -q 'import.max_rows.reporter' "$T/imp.out" && grep -q '101' "$T/imp.out" && grep -q '100' "$T/imp.out" \
  && [ "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'QA%'")" = 0 ] \
  && [ "$(sql "SELECT count(*) FROM audit_log WHERE action='import'")" = "$audit0" ]
check "import: a reporter's file over the quota is refused, naming the limit, the count and the setting; nothing written" $? \
  "status $ST: $(head -c 400 "$T/imp.out")"
upload_api "$REPORTER" "$T/q100.csv"
[ "$ST" = 200 ] && [ "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'QB%'")" = 100 ]
check "import: a file at the quota is taken" $? "status $ST: $(head -c 300 "$T/imp.out")"
# The default quota (50,000) holds without any setting, for a role that has none stored.
"$THIDUA" setting set import.max_rows.reporter 50000 --db "$DB" > /dev/null
sqlite3 "$DB" "DELETE FROM setting WHERE name='import.max_rows.reporter'"
gen 50001 QD SYT "$T/q50001.csv"
upload_api "$REPORTER" "$T/q50001.csv"
[ "$ST" = 400 ] && grep -q '50.000' "$T/imp.out" && grep -q '50.001' "$T/imp.out" \
  && [ "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'QD%'")" = 0 ]
check "import: the default quota of 50,000 lines refuses 50,001" $? "status $ST: $(head -c 400 "$T/imp.out")"

# Small writes during a 20,000-line import. The import checks its lines without the write lock and
# then writes them in one short transaction (import.h): a small write through the server meanwhile
# is answered 200, never "database busy", and waits at most for that short write.
# during_import FILE: imports FILE as the administrator while PATCHing a unit's note, one request
# after another (so some request is always waiting if the import holds the lock);
# sets IMP_STATUS, IMP_MS (the import's run), SMALL_N, SMALL_OK, SMALL_MAX_MS (longest small write)
during_import() {
  note_unit=$(unit_id SNV)
  t0=$(date +%s%N)
  ( upload_api "$ADMIN" "$1"; echo "$ST" > "$T/during.status"; cp "$T/imp.out" "$T/during.out" ) &
  imp=$!
  i=0; : > "$T/small"
  while kill -0 "$imp" 2>/dev/null; do
    i=$((i + 1))
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X PATCH -H "Authorization: Bearer $ADMIN" \
      -H 'Content-Type: application/json' --data "{\"note\":\"Ghi song song $i\"}" "$U/api/units/$note_unit" >> "$T/small"
  done
  wait "$imp"
  IMP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  IMP_STATUS=$(cat "$T/during.status")
  SMALL_N=$(wc -l < "$T/small"); SMALL_OK=$(grep -c '^200 ' "$T/small")
  SMALL_MAX_MS=$(awk '{ if ($2 > m) m = $2 } END { printf "%d", m * 1000 }' "$T/small")
  echo "# import of $(($(wc -l < "$1") - 1)) lines: ${IMP_MS} ms (check $(jget "$T/during.out" 'd["check_ms"]') ms," \
    "write lock $(jget "$T/during.out" 'd["write_ms"]') ms); $SMALL_N small writes meanwhile, longest $SMALL_MAX_MS ms"
}
gen 20000 BIG SGDDT "$T/big.csv"
during_import "$T/big.csv"
[ "$IMP_STATUS" = 200 ] && [ "$(sql "SELECT count(*) FROM unit WHERE code LIKE 'BIG%'")" = 20000 ] \
  && [ "$(sql "SELECT count(*) FROM audit_log WHERE action='import' AND after_json LIKE '%big.csv%'")" = 1 ]
check "import: the 20,000-line import is written whole, with one audit entry" $? "status $IMP_STATUS"
[ "$SMALL_N" -ge 1 ] && [ "$SMALL_OK" = "$SMALL_N" ]
check "import: every small write during it answered 200 ($SMALL_OK of $SMALL_N)" $? \
  "answers: $(cut -d' ' -f1 "$T/small" | sort | uniq -c | tr '\n' ' ')"
# The same 20,000 lines again with 1,000 of them new.
{ head -n 19001 "$T/big.csv"; tail -n +2 "$T/big.csv" | head -n 1000 | sed 's/^BIG/BIGNEW/; s/Trạm BIG/Trạm BIGNEW/'; } > "$T/again.csv"
# Checking holds no write lock at all: while the server checks the file (a dry run: everything but
# the write), another connection takes the write lock at every attempt without waiting for it
# (busy timeout 0). Before, the whole check ran inside the import's write transaction.
cat > "$T/probe.py" <<'PY'
import os, sqlite3, sys, time
db, stop, out = sys.argv[1:4]
c = sqlite3.connect(db, timeout=0, isolation_level=None)
open(out + ".ready", "w").close()
ok = refused = 0
while not os.path.exists(stop):
    try:
        c.execute("BEGIN IMMEDIATE"); c.execute("ROLLBACK"); ok += 1
    except sqlite3.OperationalError:
        refused += 1
    time.sleep(0.002)
open(out, "w").write(f"{ok} {refused}\n")
PY
rm -f "$T/probe.stop"
python3 "$T/probe.py" "$DB" "$T/probe.stop" "$T/probe.out" &
probe=$!
while [ ! -e "$T/probe.out.ready" ] && kill -0 "$probe" 2>/dev/null; do sleep 0.01; done
ST=$(curl -s -o "$T/dry.out" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" -F "file=@$T/again.csv;type=text/csv" \
  -F dry_run=1 "$U/api/units/import")
touch "$T/probe.stop"; wait "$probe"
read -r probe_ok probe_refused < "$T/probe.out"
echo "# dry run of $(($(wc -l < "$T/again.csv") - 1)) lines: the write lock was free $probe_ok times, refused $probe_refused times"
[ "$ST" = 200 ] && [ "$(jget "$T/dry.out" 'd["accepted"]')" = 1000 ] && [ "$probe_ok" -ge 1 ] && [ "$probe_refused" = 0 ]
check "import: checking 20,000 lines never holds the write lock (free $probe_ok times, refused $probe_refused)" $? \
  "status $ST, lock free $probe_ok times, refused $probe_refused times"
# The real import of that file: the 19,000 known lines are only checked, so the lock is held just
# while the 1,000 new ones are written, and no small write waits for as long as half of the run (a
# ratio within one run).
during_import "$T/again.csv"
[ "$IMP_STATUS" = 200 ] && [ "$(jget "$T/during.out" 'd["accepted"]')" = 1000 ] && [ "$(jget "$T/during.out" 'd["duplicate"]')" = 19000 ]
check "import: the mixed file adds its 1,000 new lines and skips the 19,000 known ones" $? "status $IMP_STATUS"
[ "$SMALL_OK" = "$SMALL_N" ] && [ $((SMALL_MAX_MS * 2)) -lt "$IMP_MS" ]
check "import: no small write waited half of the import's run (longest $SMALL_MAX_MS ms of $IMP_MS ms)" $? \
  "$SMALL_OK of $SMALL_N answered 200; longest small write $SMALL_MAX_MS ms, import $IMP_MS ms"

# The unit page and its API page a unit's children.
gen 130 KID THPTVB "$T/kids.csv"
THIDUA_QUIET=1 "$THIDUA" unit import "$T/kids.csv" --db "$DB" > /dev/null 2>&1
VB=$(unit_id THPTVB)
web "$JAR_V" GET "/units/$VB"
n=$(grep -o '<li><a href="/units/[0-9]*">Trạm KID' "$T/web.out" | wc -l)
[ "$n" = 100 ] && grep -q "href=\"/units/$VB?page=2\" rel=\"next\"" "$T/web.out" && grep -q '130' "$T/web.out"
check "paging: /units/{id} shows 100 of 130 children, the count, and a link to the next page" $? "$n shown"
web "$JAR_V" GET "/units/$VB?page=2"
n=$(grep -o '<li><a href="/units/[0-9]*">Trạm KID' "$T/web.out" | wc -l)
[ "$n" = 30 ]; check "paging: the second page shows the other 30" $? "$n shown"
api "$VIEWER" GET "/api/units/$VB?limit=100"
[ "$(jget "$T/api.out" 'd["children"]["total"]')" = 130 ] && [ "$(jget "$T/api.out" 'len(d["children"]["items"])')" = 100 ] \
  && [ "$(jget "$T/api.out" 'd["children"]["count"]')" = 100 ] && [ "$(jget "$T/api.out" 'd["children"]["offset"]')" = 0 ]
check "paging: /api/units/{id} gives the children in the list envelope (total 130, first 100)" $? "$(head -c 300 "$T/api.out")"
api "$VIEWER" GET "/api/units/$VB?limit=50&offset=100"
[ "$(jget "$T/api.out" 'd["children"]["count"]')" = 30 ] && [ "$(jget "$T/api.out" 'd["children"]["offset"]')" = 100 ]
check "paging: limit and offset page the API's children" $? "$(head -c 300 "$T/api.out")"
api "$VIEWER" GET "/api/units/$VB?limit=0"
[ "$ST" = 400 ]; check "paging: a bad limit is a 400" $? "status $ST"

kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null
