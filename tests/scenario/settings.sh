# tests/scenario/settings.sh: the settings table (setting.c): defaults, bounds, families keyed
# by a role name, audited changes, clear errors that leave the stored value alone; text settings
# (NFC, one line, length, required or optional) with their audit entry.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "CLI only: it sends no HTTP request"

[ "$("$THIDUA" setting get token.max_days --db "$DB")" = 365 ] && ok setting-default || fail setting-default "not 365"
"$THIDUA" setting set token.max_days 30 --db "$DB" && [ "$("$THIDUA" setting get token.max_days --db "$DB")" = 30 ] &&
  ok setting-set || fail setting-set "value not stored"
if "$THIDUA" setting set token.max_days 0 --db "$DB" 2>"$T/err"; then fail setting-bounds "0 accepted"
else grep -q "token.max_days: 0" "$T/err" && ok setting-bounds-named || fail setting-bounds-named "$(cat "$T/err")"; fi
[ "$("$THIDUA" setting get token.max_days --db "$DB")" = 30 ] && ok setting-kept-after-error || fail setting-kept-after-error "changed"
if "$THIDUA" setting set token.max_days 12abc --db "$DB" 2>"$T/err"; then fail setting-not-number "accepted"
else grep -q "12abc" "$T/err" && ok setting-not-number || fail setting-not-number "$(cat "$T/err")"; fi
if "$THIDUA" setting set no.such 1 --db "$DB" 2>"$T/err"; then fail setting-unknown "accepted"
else grep -q "no.such" "$T/err" && ok setting-unknown || fail setting-unknown "$(cat "$T/err")"; fi
# A family: the role's own value, then the family's, then the default.
[ "$("$THIDUA" setting get import.max_rows.reporter --db "$DB")" = 50000 ] && ok family-default || fail family-default "not 50000"
"$THIDUA" setting set 'import.max_rows.*' 2000 --db "$DB"
"$THIDUA" setting set import.max_rows.reporter 100 --db "$DB"
[ "$("$THIDUA" setting get import.max_rows.reporter --db "$DB")" = 100 ] && ok family-member || fail family-member "not 100"
[ "$("$THIDUA" setting get import.max_rows.admin --db "$DB")" = 2000 ] && ok family-value || fail family-value "not 2000"
"$THIDUA" setting list --json --db "$DB" | grep -q '"import.max_rows.reporter"' && ok list-members || fail list-members "member not listed"
n=$(sql "SELECT count(*) FROM audit_log WHERE entity='setting'")
[ "$n" = 3 ] && ok settings-audited || fail settings-audited "$n audit rows, want 3"
"$THIDUA" audit verify --db "$DB" >/dev/null && ok audit-chain || fail audit-chain "broken"
# ---- text settings (the province, the Board, the signers printed on documents) ----
[ "$("$THIDUA" setting get org.issuer_name --db "$DB")" = "Ủy ban nhân dân tỉnh Lạng Sơn" ] && ok text-default || fail text-default "$("$THIDUA" setting get org.issuer_name --db "$DB")"
"$THIDUA" setting set org.default_signer_name "  Nguyễn   Văn A " --db "$DB" &&
  [ "$("$THIDUA" setting get org.default_signer_name --db "$DB")" = "Nguyễn Văn A" ] && ok text-set-normalised || fail text-set-normalised "not normalised"
if "$THIDUA" setting set org.place_name "$(printf 'Lạng\nSơn')" --db "$DB" 2>"$T/err"; then fail text-one-line "line break accepted"
else grep -q "org.place_name" "$T/err" && ok text-one-line || fail text-one-line "$(cat "$T/err")"; fi
if "$THIDUA" setting set org.province "" --db "$DB" 2>"$T/err"; then fail text-required "empty accepted"
else grep -q "org.province" "$T/err" && ok text-required || fail text-required "$(cat "$T/err")"; fi
"$THIDUA" setting list --json --db "$DB" | python3 -c '
import json, sys
rows = {r["name"]: r for r in json.load(sys.stdin)}
r = rows["org.board_name"]
assert r["kind"] == "text" and r["value"] == "Ban Thi đua – Khen thưởng tỉnh Lạng Sơn" and r["max_chars"] == 200, r
assert rows["http.public_burst"]["kind"] == "integer"' && ok text-list-json || fail text-list-json "bad list"
after=$(sql "SELECT after_json FROM audit_log WHERE entity='setting' AND entity_id='org.default_signer_name' ORDER BY id DESC LIMIT 1")
case $after in *'Nguy\u1EC5n V\u0103n A'*) ok text-audited ;; *) fail text-audited "after_json '$after'" ;; esac
"$THIDUA" audit verify --db "$DB" >/dev/null && ok audit-chain-after-text || fail audit-chain-after-text "broken"
