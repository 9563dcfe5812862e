# tests/scenario/audit.sh: the audit log from the outside: `thidua audit head|verify|list`,
# tampering done with the sqlite3 shell (drop the triggers, edit, delete, insert, re-hash with
# an independent Python implementation of the documented row hash), the /audit pages and
# /api/audit with their filters, masking of personal values for roles without pii.read, who
# may see the log, and `thidua privacy erase|mask`.
. "$ROOT/tests/scenario/lib.sh"

# Appends a row or re-hashes rows with the hash format of docs/privacy.md ("The chain"), in
# Python: if this and the C code disagree, verify fails and so does this test.
pyaudit() { python3 - "$@" <<'PY'
import hashlib, json, sqlite3, sys
def row_hash(prev, id, at, user_id, login, action, entity, entity_id, before, after):
    s = ("thidua-audit-v1|%d|%d" % (id, user_id or 0)).encode()
    for f in (prev, at, login, action, entity, entity_id, before, after):
        b = (f if f is not None else "").encode()
        s += b"|%d:" % len(b) + b + (b"" if f is not None else b"~")
    return hashlib.sha256(s).hexdigest()
db = sqlite3.connect(sys.argv[2])
cols = "id, at, user_id, user_login, action, entity, entity_id, before_json, after_json"
if sys.argv[1] == "append":          # append LOGIN ACTION ENTITY ENTITY_ID BEFORE AFTER [REF FIELD VALUE_JSON]
    login, action, entity, eid, before, after = sys.argv[3:9]
    before = before or None
    last = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    id, prev = last[0] + 1, last[1]
    at = "2024-09-10T01:02:03Z"
    h = row_hash(prev, id, at, 1, login, action, entity, eid, before, after)
    db.execute("INSERT INTO audit_log(" + cols + ", prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               (id, at, 1, login, action, entity, eid, before, after, prev, h))
    if len(sys.argv) > 9:
        ref, field, value = sys.argv[9:12]
        db.execute("INSERT INTO pii_vault(ref, subject, subject_id, field, value, created_at, last_used)"
                   " VALUES (?,?,?,?,?,?,?)", (ref, entity, eid, field, value, at, at))
elif sys.argv[1] == "rehash":        # rehash FROM: recompute every hash from row FROM on
    db.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    prev = db.execute("SELECT hash FROM audit_log WHERE id=?", (int(sys.argv[3]) - 1,)).fetchone()[0]
    for r in db.execute("SELECT " + cols + " FROM audit_log WHERE id>=? ORDER BY id", (int(sys.argv[3]),)).fetchall():
        h = row_hash(prev, *r)
        db.execute("UPDATE audit_log SET prev_hash=?, hash=? WHERE id=?", (prev, h, r[0]))
        prev = h
db.commit()
PY
}

# ---- CLI: head, verify, list ----
# The demo database's own rows come first: N is its last row, P the row this test appends.
N=$(sqlite3 "$DB" "SELECT max(id) FROM audit_log"); P=$((N + 1))
NSYS=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE user_login='system'")
NSYSLAST=$(sqlite3 "$DB" "SELECT max(id) FROM audit_log WHERE user_login='system'")
HEAD=$("$THIDUA" audit head --db "$DB")
case "$HEAD" in $N:[0-9a-f]*) [ ${#HEAD} -eq $(( ${#N} + 65 )) ] && ok cli-head || fail cli-head "got '$HEAD'";; *) fail cli-head "got '$HEAD'";; esac
"$THIDUA" audit verify --db "$DB" > "$T/v" 2>&1 && grep -q "^ok: $N rows" "$T/v" && ok cli-verify-clean || fail cli-verify-clean "$(cat "$T/v")"
"$THIDUA" audit verify --db "$DB" --anchor "$HEAD" > "$T/v" 2>&1 && grep -q 'matches the anchor' "$T/v" && ok cli-verify-anchor || fail cli-verify-anchor "$(cat "$T/v")"
"$THIDUA" audit verify --db "$DB" --anchor "5:xyz" > "$T/v" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q 'ID:HASH' "$T/v" && ok cli-verify-bad-anchor || fail cli-verify-bad-anchor "rc $rc: $(cat "$T/v")"
"$THIDUA" audit verify --db "$T/no-such.db" > /dev/null 2>"$T/e"; rc=$?
[ $rc -eq 1 ] && grep -q 'no such database' "$T/e" && [ ! -e "$T/no-such.db" ] && ok cli-verify-missing-db || fail cli-verify-missing-db "rc $rc"
n=$("$THIDUA" audit list --db "$DB" --entity user --limit 2 | wc -l)
[ "$n" -eq 2 ] && ok cli-list-limit || fail cli-list-limit "$n lines"
"$THIDUA" audit list --db "$DB" --user system --since 2000-01-01 --limit 100000 --json > "$T/l"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); n,m=int(sys.argv[2]),int(sys.argv[3]); assert len(a)==m and a[0]["id"]==n and all(x["user"]=="system" for x in a)' "$T/l" "$NSYSLAST" "$NSYS" \
  && ok cli-list-json || fail cli-list-json "$(head -c 300 "$T/l")"
grep -q 'Lương Thị Xem' "$T/l" && ok cli-list-utf8 || fail cli-list-utf8 "names not in UTF-8"
[ "$("$THIDUA" audit list --db "$DB" --user nobody | wc -l)" -eq 0 ] && ok cli-list-filter-empty || fail cli-list-filter-empty "rows for user nobody"
"$THIDUA" audit list --db "$DB" --since 31/02/2024 > /dev/null 2>"$T/e"; rc=$?
[ $rc -eq 2 ] && grep -q -- '--since wants a date' "$T/e" && ok cli-list-bad-date || fail cli-list-bad-date "rc $rc"

# ---- the hash format is what the docs say: an entry appended by Python verifies ----
pyaudit append "$DB" admin update user 3 '{"note":"cũ","phone":{"$pii":"0123456789abcdef0123456789abcdef"}}' \
  '{"note":"mới","phone":{"$pii":"0123456789abcdef0123456789abcdef"},"unit_id":7}' \
  0123456789abcdef0123456789abcdef phone '"0912345678"'
"$THIDUA" audit verify --db "$DB" > "$T/v" 2>&1 && ok hash-format-documented || fail hash-format-documented "$(cat "$T/v")"
ANCHOR=$("$THIDUA" audit head --db "$DB")

# ---- tampering with the sqlite3 shell; each case on its own copy ----
# Copies go through SQLite's backup, not cp: under the serve transport a live server holds the
# database open and recent commits are still in its WAL file, which cp of the main file misses.
copy_db() { sqlite3 "$DB" ".backup '$1'"; }
tampered() { copy_db "$T/$1.db"; sqlite3 "$T/$1.db" "$2" || echo "FAIL $1: sqlite3 refused the edit"; }
expect_verify_fails() { # NAME DBNAME TEXT [ANCHOR]
  if [ -n "${4-}" ]; then "$THIDUA" audit verify --db "$T/$2.db" --anchor "$4" > "$T/v" 2>&1; rc=$?
  else "$THIDUA" audit verify --db "$T/$2.db" > "$T/v" 2>&1; rc=$?; fi
  if [ $rc -eq 1 ] && grep -qF -- "$3" "$T/v"; then ok "$1"; else fail "$1" "rc $rc, want 1 and '$3': $(cat "$T/v")"; fi
}
tampered edited "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after_json='{\"login\":\"ke-gian\"}' WHERE id=3;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;"
expect_verify_fails tamper-edited edited "row 3: edited"
tampered edited-open "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_login='x' WHERE id=2;"
expect_verify_fails tamper-triggers-dropped edited-open "append-only triggers are gone"
tampered deleted "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id=3;"
expect_verify_fails tamper-deleted-middle deleted "row 3: deleted"
tampered inserted "INSERT INTO audit_log(id, at, user_id, user_login, action, entity, entity_id, after_json, prev_hash, hash)
  SELECT $((N + 2)), '2024-09-11T00:00:00Z', 1, 'admin', 'delete', 'unit', '1', NULL, prev_hash, hash FROM audit_log WHERE id=4;"
expect_verify_fails tamper-inserted inserted "row $((N + 2)): edited"
copy_db "$T/forged.db"
sqlite3 "$T/forged.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after_json='{\"role\":\"admin\"}' WHERE id=4;"
pyaudit rehash "$T/forged.db" 4
sqlite3 "$T/forged.db" "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;"
"$THIDUA" audit verify --db "$T/forged.db" > /dev/null 2>&1 && ok tamper-forged-passes-without-anchor \
  || fail tamper-forged-passes-without-anchor "the re-hash helper does not match the C hash"
expect_verify_fails tamper-forged-with-anchor forged "row $P: differs from the anchor" "$ANCHOR"
tampered cut "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id>=$N;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;"
"$THIDUA" audit verify --db "$T/cut.db" > /dev/null 2>&1 && ok tamper-cut-passes-without-anchor || fail tamper-cut-passes-without-anchor "?"
expect_verify_fails tamper-cut-tail-with-anchor cut "rows $N-$P: missing up to the anchor" "$ANCHOR"

# ---- web: who may see the log ----
http GET /audit; expect_status anon-audit-redirects 303
http GET /api/audit; expect_status anon-api-401 401
login canbo.ban
http GET /audit; expect_status officer-audit-403 403
http GET /api/audit/verify; expect_status officer-api-403 403
login admin
http GET /audit; expect_status admin-audit 200
# The demo's own rows (campaign, funds, awards) fill the first page; its users are one filter away.
http GET "/audit?entity=user"
expect_body admin-audit-rows "baocao.soyte"
http GET /audit
expect_body admin-audit-diff "<code>note</code>: <del>cũ</del> → <ins>mới</ins>"
expect_body admin-audit-diff-added "<code>unit_id</code>: <ins>7</ins>"
expect_body admin-audit-diff-unchanged "1 trường không đổi"
http GET "/audit?entity=user&entity_id=3"; expect_body audit-filter-entity "/audit/$P"
expect_no_body audit-filter-excludes "/audit/$N\""
http GET "/audit?user=admin&action=login"; expect_body audit-filter-user-action "Đăng nhập"
expect_no_body audit-filter-user-action-excludes "/audit/$P\""
http GET "/audit?from=32/01/2024"; expect_status audit-bad-date 400
expect_body audit-bad-date-message "Ngày không hợp lệ"
http GET "/audit?from=2000-01-01&to=2000-01-02"; expect_body audit-empty-range "Không có dòng nhật ký nào"
http GET /audit/$P; expect_status audit-entry 200
expect_body admin-sees-pii "0912345678"
expect_body audit-entry-hash "$(echo "$ANCHOR" | cut -d: -f2)"
http GET /audit/99999; expect_status audit-entry-404 404
http GET /audit/9223372036854775807; expect_status audit-entry-max-id 404
http GET /audit/abc; expect_status audit-entry-bad-id 404
http GET /audit/verify; expect_body audit-verify-page "Chuỗi nhật ký nguyên vẹn"
http GET "/audit/verify?anchor=$ANCHOR"; expect_body audit-verify-anchor "khớp với mốc"
http GET "/audit/verify?anchor=nonsense"; expect_status audit-verify-bad-anchor 400
http GET "/api/audit?limit=2"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["items"])==2 and d["count"]==2 and d["limit"]==2 and d["total"] is None and d["next_before"]==d["items"][1]["id"], d' "$BODY_FILE" \
  && ok api-list-paging || fail api-list-paging "$(head -c 300 "$BODY_FILE")"
http GET "/api/audit?entity=user&entity_id=3&action=update"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); it=d["items"]; r=it[0]["after"]["phone"]["$pii"]; assert len(it)==1 and d["pii"][r]["value"]=="0912345678", d' "$BODY_FILE" \
  && ok api-pii-clear-for-pii-read || fail api-pii-clear-for-pii-read "$(head -c 400 "$BODY_FILE")"
http GET "/api/audit?limit=9999"; expect_status api-bad-limit 400
expect_body api-bad-limit-field '"limit"'
http GET "/api/audit/verify"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["rows"]>=6, d' "$BODY_FILE" && ok api-verify || fail api-verify "$(cat "$BODY_FILE")"

# A role that may read the log but not personal data sees masked values.
sqlite3 "$DB" "INSERT INTO role_capability(role, capability) VALUES ('viewer', 'audit.read');"
login xem
http GET "/audit?entity=user&entity_id=3"; expect_status viewer-audit 200
http GET /audit/$P; expect_body viewer-sees-masked "0912***678"
expect_no_body viewer-no-clear-pii "0912345678"
http GET "/api/audit?entity=user&entity_id=3&action=update"
grep -q '"masked":"0912\*\*\*678"' "$BODY_FILE" && ! grep -q 0912345678 "$BODY_FILE" && ok api-masked-for-viewer \
  || fail api-masked-for-viewer "$(head -c 400 "$BODY_FILE")"

# The web verify page on a tampered copy.
SAVED_DB=$DB; DB="$T/deleted.db"; login admin
http GET /audit/verify; expect_body web-verify-tampered "Mất dòng 3: đã bị xoá"
http GET /api/audit/verify
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not d["ok"] and d["problems"][0]["kind"]=="deleted" and d["problems"][0]["id"]==3, d' "$BODY_FILE" \
  && ok api-verify-tampered || fail api-verify-tampered "$(cat "$BODY_FILE")"
DB=$SAVED_DB

# ---- privacy: erase a person, masking from the command line ----
"$THIDUA" privacy erase --db "$DB" --entity user --id 3 --reason "yêu cầu ngày 10/09/2024" > "$T/o" 2>&1 \
  && grep -q 'erased user 3: .* 1 vault value' "$T/o" && ok erase-user || fail erase-user "$(cat "$T/o")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM pii_vault WHERE subject='user' AND subject_id='3' AND value IS NOT NULL")" = 0 ] \
  && ok erase-vault-values || fail erase-vault-values "values left"
[ "$(sqlite3 "$DB" "SELECT login || '|' || disabled FROM app_user WHERE id=3")" = "erased-3|1" ] && ok erase-live-record || fail erase-live-record "not anonymised"
"$THIDUA" audit verify --db "$DB" --anchor "$ANCHOR" > "$T/v" 2>&1 && ok erase-keeps-chain || fail erase-keeps-chain "$(cat "$T/v")"
"$THIDUA" audit list --db "$DB" --action erase --json > "$T/l"
grep -q '"fields"' "$T/l" && ! grep -q 0912345678 "$T/l" && ok erase-recorded-without-values || fail erase-recorded-without-values "$(cat "$T/l")"
login admin
http GET /audit/$P; expect_body erase-shown-as-erased "đã xoá theo yêu cầu"
expect_no_body erase-value-gone "0912345678"
COOKIE=""; http POST /login "login=baocao.soyte&password=$DEMO_PASSWORD"; expect_status erased-user-cannot-login 401
"$THIDUA" privacy erase --db "$DB" --entity user --id 1 > "$T/o" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q 'last active administrator' "$T/o" && ok erase-last-admin-refused || fail erase-last-admin-refused "rc $rc: $(cat "$T/o")"
"$THIDUA" privacy erase --db "$DB" --entity planet --id 1 > "$T/o" 2>&1; rc=$?
[ $rc -eq 1 ] && ok erase-unknown-entity || fail erase-unknown-entity "rc $rc"
"$THIDUA" privacy erase --db "$DB" --entity user > "$T/o" 2>&1; rc=$?
[ $rc -eq 2 ] && ok erase-usage || fail erase-usage "rc $rc"
out=$("$THIDUA" privacy mask "CK tu TK 10401234257 SDT 0912 345 678 CCCD 001099012345")
[ "$out" = "CK tu TK 1040****257 SDT 0912 *** 678 CCCD 001******345" ] && ok cli-mask-text || fail cli-mask-text "$out"
out=$("$THIDUA" privacy mask --kind email an.nguyen@gmail.com)
[ "$out" = "a***@gmail.com" ] && ok cli-mask-email || fail cli-mask-email "$out"
