#!/bin/sh
# tests/scenario/text_calendar.sh: the `thidua text` calendar/amount/encoding commands through
# the CLI: one result per line, --json, standard input, and errors naming the line and part.
T=${THIDUA:-build/thidua}
TMP=${TEST_TMP:-/tmp}
check() { # name expected actual
  if [ "$2" = "$3" ]; then echo "PASS text_calendar:$1"; else echo "FAIL text_calendar:$1: got [$3], want [$2]"; fi
}
check amount_bound "14000000000 (lower bound: \"hơn\")" "$("$T" text amount "hơn 14 tỷ")"
check amount_many "$(printf '1536000000\n50000000')" "$("$T" text amount "1,536 tỷ đồng" "50.000.000đ")"
check amount_stdin "$(printf '500000000\n2500000')" "$(printf '500 triệu\n2,5 triệu\n' | "$T" text amount)"
check amount_short "1,5 tỷ" "$("$T" text amount --as short "1.500.000.000 đồng")"
check amount_json '"dong":14000000000' "$("$T" text amount --json "Mười bốn tỷ đồng" | grep -o '"dong":14000000000')"
err=$(printf '14 tỷ\n1.5 tỷ\n' | "$T" text amount 2>&1 >/dev/null); rc=$(printf '1.5 tỷ\n' | "$T" text amount >/dev/null 2>&1; echo $?)
check amount_error_line "1" "$(echo "$err" | grep -c 'dòng 2, cột 2: .*"\.5"')"
check amount_error_status "1" "$rc"
check words "Một trăm linh năm nghìn đồng" "$("$T" text words 105000)"
check words_le_ngan "Một trăm lẻ năm ngàn" "$("$T" text words --le --ngan --no-unit 105000)"
check date "2019-09-30 (end of month)" "$("$T" text date "cuối tháng 9/2019")"
check date_format "Thứ Ba, 20/08/2019" "$("$T" text date --format weekday 20/8/2019)"
check date_us "2019-08-20 08:53:00" "$("$T" text date --us "T3, 08/20/2019 - 08:53")"
check date_invalid "1" "$("$T" text date 29/2/2019 2>&1 | grep -c 'không nhuận')"
check anniversary "110 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2019) — năm tròn" \
  "$("$T" text anniversary --event "ngày sinh đồng chí Hoàng Văn Thụ" 04/11/1909 2019)"
check lunar "1/1/2019 (Kỷ Hợi)" "$("$T" text lunar 2019-02-05)"
check lunar_leap "1/4/2020 nhuận (Canh Tý)" "$("$T" text lunar 2020-05-23)"
check solar "2020-05-23" "$("$T" text solar "1/4/2020 nhuận")"
check holidays_2026 "12" "$("$T" text holidays 2026 | wc -l | tr -d ' ')"
check add_workdays "2026-09-16" "$("$T" text add-workdays 2026-08-10 25)"
check workdays_tet "15" "$("$T" text workdays 2026-01-31 2026-02-28)"
printf '2026-02-23 off Nghỉ thêm sau Tết\n2026-02-28 work\n' > "$TMP/amend.txt"
check workdays_amended "15" "$("$T" text workdays --amend "$TMP/amend.txt" 2026-01-31 2026-02-28)"
check holidays_amended "2" "$("$T" text holidays --amend "$TMP/amend.txt" 2026 | grep -c -e 'Nghỉ thêm' -e 'làm việc: Làm bù')"
check decode_tcvn3 "Việt Nam" "$(printf 'Vi\326t Nam' | "$T" text decode --from tcvn3)"
check decode_viqr "Việt Nam" "$("$T" text decode --from viqr 'Vie^.t Nam')"
check detect_vni "vni" "$(printf 'Tro\342\370ng ca\342y ga\342y ro\342\370ng, Vie\344t Nam \361\366\364\370ng xa' | "$T" text detect | cut -d' ' -f1)"
check decode_auto "Trồng cây gây rồng, Việt Nam đường xa" "$(printf 'Tro\342\370ng ca\342y ga\342y ro\342\370ng, Vie\344t Nam \361\366\364\370ng xa' | "$T" text decode)"
check unknown_option "2" "$("$T" text amount --bogus 1 >/dev/null 2>&1; echo $?)"
