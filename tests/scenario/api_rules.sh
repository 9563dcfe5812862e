# tests/scenario/api_rules.sh: the rules every JSON write route follows (docs/api.md), generated
# from the route table itself (`thidua routes --json`), so a new route is checked the day it is
# added: each JSON route with a writing method declares its body's members; a body with an
# unknown member is a 400 naming that member, and one with a member of the wrong type is a 400
# naming that member — before the handler runs, so nothing is written (checked: the audit log
# does not move). Sent as an administrator with an API token, so no capability or CSRF check
# stands in front of the rule.
. "$ROOT/tests/scenario/lib.sh"

token=$("$THIDUA" user token admin --label api-rules --expires-days 1 --db "$DB" 2>/dev/null | tail -n 1)
[ -n "$token" ] || { fail api-rules-token "no token"; exit 0; }
audit_before=$(sql "SELECT count(*) FROM audit_log")

"$THIDUA" routes --json > "$T/routes.json"
python3 - "$T/routes.json" > "$T/cases" <<'PY'
import json, sys
wrong = {"text": 12345, "text|null": 12345, "int": "x", "bool": "x", "ref": True, "ref|null": True,
         "array": "x", "object": "x"}
for rt in json.load(open(sys.argv[1])):
    if "json" not in rt["flags"]:
        continue
    path = rt["path"].replace("{year}", "2019")
    while "{" in path:
        a = path.index("{"); b = path.index("}", a)
        path = path[:a] + "1" + path[b + 1:]
    for m in rt["methods"]:
        if m not in ("POST", "PATCH", "PUT", "DELETE"):
            continue
        if rt["body"] == "file":
            continue          # an uploaded file, not a JSON object (api_file_body)
        if rt["body"] is None:
            print("\t".join([m, path, "-", "-", rt["name"]]))
            continue
        print("\t".join([m, path, json.dumps({"zz_unknown_member": 1}), "zz_unknown_member", rt["name"]]))
        if rt["body"]:
            first = rt["body"][0]
            print("\t".join([m, path, json.dumps({first["name"]: wrong[first["type"]]}), first["name"], rt["name"]]))
PY
n=$(wc -l < "$T/cases")
[ "$n" -ge 20 ] && ok "api-rules-cases ($n cases from the route table)" || fail api-rules-cases "only $n cases"

# Each reply's status and body are kept (case N: $T/reply.N) and judged in one Python run after
# the loop, one PASS or FAIL per case as before: a Python start per case was most of this
# script's time.
i=0
while IFS="$(printf '\t')" read -r method path body field name; do
  i=$((i + 1))
  if [ "$body" = "-" ]; then
    fail "api-rules-declared $method $path" "route $name declares no body members (struct route .body)"
    continue
  fi
  EXTRA_HEADERS="Authorization: Bearer $token"
  http "$method" "$path" "$body" application/json
  EXTRA_HEADERS=""
  printf '%s\n' "$STATUS" > "$T/status.$i"
  cp "$BODY_FILE" "$T/reply.$i"
done < "$T/cases"
python3 - "$T" "$TAG" <<'PY' || fail api-rules-judged "the Python run that judges the replies failed"
import json, os, sys
folder, tag = sys.argv[1], sys.argv[2]
for i, line in enumerate(open(os.path.join(folder, "cases"), encoding="utf-8"), 1):
    method, path, body, field, name = line.rstrip("\n").split("\t")
    if body == "-":
        continue                      # reported in the loop (no body members declared)
    status = open(os.path.join(folder, "status.%d" % i)).read().strip()
    raw = open(os.path.join(folder, "reply.%d" % i), "rb").read()
    try:
        d = json.loads(raw)
        got = "yes" if field in (d.get("fields") or {}) else "no"
    except Exception:
        got = "not-json"
    label = "api-rules %s %s %s" % (method, path, field)
    if status == "400" and got == "yes":
        print("PASS %s%s" % (tag, label))
    else:
        print("FAIL %s%s: status %s, field named: %s; body: %s"
              % (tag, label, status, got, raw[:200].decode("utf-8", "replace")))
PY

[ "$(sql "SELECT count(*) FROM audit_log")" = "$audit_before" ] && ok api-rules-wrote-nothing ||
  fail api-rules-wrote-nothing "the audit log moved"
