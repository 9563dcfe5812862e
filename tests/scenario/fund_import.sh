# tests/scenario/fund_import.sh: bank-statement import through the CLI (`thidua donation
# import`). Each committed statement sample (and each full statement of ../shared/data when
# present, else SKIP) imported into an empty fund gives exactly its line count and sum (counted
# here with awk, or the data's README); importing again adds nothing; MTTQ_BIDV_1-12 +
# MTTQ_BIDV_10-17 into one fund are 11,231 transfers with the 5,254 of 10–12/9 counted once (the
# samples: their overlap counted here by day, time and amount); a broken file is reported line by
# line and writes nothing; a missing year is named; --map keeps commas inside messages. The CLI
# only: it runs under the http transport alone (the web face is fund.sh).
. "$ROOT/tests/scenario/lib.sh"
only_transport http "the statement imports run through the CLI, not HTTP"

FIX="$ROOT/tests/fixtures/statements"
SHARED=${THIDUA_SHARED_DATA:-$ROOT/../shared/data}/bank-statements
cli() { "$THIDUA" "$@" --db "$DB"; }
fund_count() { cli fund show "$1" --json | python3 -c 'import json,sys; d=json.load(sys.stdin)["donations"]; print(d["count"], d["sum"])'; }
# data lines and the sum of the money column of a statement (header skipped; no final newline)
awk_count() { awk -F, 'NR > 1 && NF { n++; s += $4 } END { printf "%d %d\n", n, s }'; }

# ---- each sample into its own fund: its lines and sum ----
i=0
for f in "$FIX"/*.sample.csv; do
  i=$((i + 1))
  name=$(basename "$f" .sample.csv)
  cli fund add --name "Mẫu $name" --code "S$i" >/dev/null
  cli donation import --fund "S$i" --profile saoke --year 2024 "$f" > "$T/imp" 2>&1 || { fail "sample-$name" "$(tail -3 "$T/imp")"; continue; }
  want=$(awk_count < "$f"); got=$(fund_count "S$i")
  [ "$got" = "$want" ] && ok "sample-$name ($got)" || fail "sample-$name" "got $got, want $want"
  cli donation import --fund "S$i" --profile saoke --year 2024 "$f" > "$T/imp2" 2>&1
  got2=$(fund_count "S$i")
  [ "$got2" = "$want" ] && grep -q "0 new transfers" "$T/imp2" && ok "sample-$name-again-adds-nothing" \
    || fail "sample-$name-again-adds-nothing" "got $got2; $(tail -1 "$T/imp2")"
done

# ---- the two overlapping samples into one fund: the shared transfers once ----
cli fund add --name "Mẫu chồng lấn" --code OVL >/dev/null
cli donation import --fund OVL --profile saoke --year 2024 "$FIX/MTTQ_BIDV_1-12.sample.csv" "$FIX/MTTQ_BIDV_10-17.sample.csv" > "$T/ovl" 2>&1
# expected: lines of both minus the transfers both publish (same day, time as h:mm:ss, amount;
# counted as a multiset so twins count as often as they occur)
want=$(python3 - "$FIX/MTTQ_BIDV_1-12.sample.csv" "$FIX/MTTQ_BIDV_10-17.sample.csv" <<'PY'
import sys, collections
def keys(path):
    out = []
    for line in open(path, encoding="utf-8").read().split("\n")[1:]:
        if not line.strip(): continue
        p = line.split(",")
        day, _, t = p[0].partition(" ")
        if t: h, m, s = t.split(":"); t = "%02d:%s:%s" % (int(h), m, s)
        out.append((day, t, p[1], int(p[3])))
    return out
a, b = keys(sys.argv[1]), keys(sys.argv[2])
shared = sum((collections.Counter(a) & collections.Counter(b)).values())
print(len(a) + len(b) - shared, shared)
PY
)
total=${want% *}; shared=${want#* }
got=$(fund_count OVL | cut -d' ' -f1)
[ "$got" = "$total" ] && grep -q "$shared lines matched transfers of another statement" "$T/ovl" \
  && ok "samples-overlap ($total transfers, $shared matched)" || fail samples-overlap "got $got, want $total ($shared shared): $(tail -1 "$T/ovl")"

# ---- the full statements, when present ----
if [ -f "$SHARED/MTTQ_BIDV_1-12.csv.gz" ]; then
  # each file into an empty fund; 1-12 goes into the fund that then takes 10-17 too, so the
  # 47,000 lines are read once each, plus one overlap and one repeat
  full() { # FILE CODE LINES SUM
    cli fund add --name "Sao kê $2" --code "$2" >/dev/null 2>&1
    cli donation import --fund "$2" --profile saoke --year 2024 "$SHARED/$1.csv.gz" > "$T/full" 2>&1
    got=$(fund_count "$2")
    [ "$got" = "$3 $4" ] && ok "full-$1 ($got)" || fail "full-$1" "got $got, want $3 $4: $(tail -2 "$T/full")"
  }
  full MTTQ_BIDV_1-12 F117 5800 5979558156
  full MTTQ_BIDV_10-17 F1017 10685 8100055664
  full MTTQ_BIDV_18-19 F1819 159 2305733652
  full CTTU_Vietinbank_17 FCTTU 14327 16238524680
  cli donation import --fund F117 --profile saoke --year 2024 "$SHARED/MTTQ_BIDV_10-17.csv.gz" > "$T/full" 2>&1
  got=$(fund_count F117 | cut -d' ' -f1)
  [ "$got" = 11231 ] && grep -q "5254 lines matched" "$T/full" && ok "full-overlap (11231 transfers, 5254 matched)" \
    || fail full-overlap "got $got: $(tail -1 "$T/full")"
  cli donation import --fund F117 --profile saoke --year 2024 "$SHARED/MTTQ_BIDV_1-12.csv.gz" > "$T/full" 2>&1
  got=$(fund_count F117 | cut -d' ' -f1)
  [ "$got" = 11231 ] && grep -q "5800 lines imported before" "$T/full" && ok full-again-adds-nothing \
    || fail full-again-adds-nothing "got $got: $(tail -1 "$T/full")"
else
  echo "SKIP full statements: $SHARED absent (the samples ran)"
fi

# ---- a broken file: reported line by line, nothing written ----
printf 'date,bank,id,money,desc,page\n12/09 08:00:00,BIDV,1,300000,PHAM VAN DUNG chuyen tien,_\n12/09 08:01:00,BIDV,2,3O0000,HOANG THI EM,_\n12/09 08:02\n' > "$T/broken.csv"
before=$(fund_count S1)
cli donation import --fund S1 --profile saoke --year 2024 "$T/broken.csv" > "$T/br" 2>&1 && fail broken-exit "exit 0" || ok broken-exit
grep -q "3" "$T/br" && grep -q "amount" "$T/br" && ok broken-line-named || fail broken-line-named "$(cat "$T/br")"
[ "$(fund_count S1)" = "$before" ] && ok broken-nothing-written || fail broken-nothing-written "$(fund_count S1) vs $before"
cli donation import --fund S1 --profile saoke "$FIX/MTTQ_BIDV_18-19.sample.csv" > "$T/ny" 2>&1
grep -q -- "--year" "$T/ny" && ok no-year-named || fail no-year-named "$(head -3 "$T/ny")"
# --map: another layout, commas in the message
printf '2024-09-20,08:00:00,150000,NGUYEN VAN TEST ung ho, mien Bac, 2024\n' > "$T/map.csv"
cli donation import --fund S1 --map "head=3,tail=0,date=1,time=2,amount=3,message=4,header=0" "$T/map.csv" > "$T/mp" 2>&1 \
  && cli donation search --fund S1 "nguyen van test" | grep -q "mien Bac, 2024" && ok map-commas-kept || fail map-commas-kept "$(cat "$T/mp")"

