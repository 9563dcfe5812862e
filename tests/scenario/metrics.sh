# tests/scenario/metrics.sh: what /metrics reports beyond requests: the store's statement cache
# (statements served from a connection's cache vs prepared), on a live server where the counts
# accumulate across requests: a second round of the same pages prepares nothing new.
. "$ROOT/tests/scenario/lib.sh"
only_transport http "it starts its own live server; the transport changes nothing in it"

serve_start "$T/serve.log" --threads 1 || { fail serve-start "$(tail -5 "$T/serve.log")"; exit 0; }
stat() { curl -s "$U/metrics" | awk -v r="$1" '$1 == "thidua_db_statements_total{result=\"" r "\"}" {print $2}'; }
token=$("$THIDUA" user token admin --label metrics --expires-days 1 --db "$DB" 2>/dev/null | tail -n1)
pages() { for p in /api/units /api/blocks /api/users /api/audit /api/holidays; do
  curl -s -o /dev/null -H "Authorization: Bearer $token" "$U$p?nocache=$1"; done; }
pages 1
p1=$(stat prepared); c1=$(stat cached)
[ -n "$p1" ] && [ -n "$c1" ] && ok metrics-statement-series || fail metrics-statement-series "missing: $(curl -s "$U/metrics" | grep statements)"
pages 2
p2=$(stat prepared); c2=$(stat cached)
[ "$p2" = "$p1" ] && ok second-round-prepares-nothing || fail second-round-prepares-nothing "prepared $p1 then $p2"
[ "${c2:-0}" -gt "${c1:-0}" ] && ok second-round-from-cache || fail second-round-from-cache "cached $c1 then $c2"
kill "$SRV"; wait "$SRV" 2>/dev/null
