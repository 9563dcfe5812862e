#!/bin/sh
# tests/scenario/text_strings.sh: `thidua text` string commands end to end (fold, sortkey, sort,
# split-name, sender, normalize): arguments and standard input, --json, and the errors for
# input that is not UTF-8 and for unknown options. Needs THIDUA and TEST_TMP (tests/run).
set -u
T=${THIDUA:?}
D=${TEST_TMP:-/tmp}/text_strings.$$
mkdir -p "$D"

check() { # name expected actual
  if [ "$2" = "$3" ]; then echo "PASS text_strings:$1"; else
    echo "FAIL text_strings:$1: expected [$2], got [$3]"; fi
}

check fold-arg "duong tran hung dao, lang son" "$("$T" text fold "ĐƯỜNG Trần Hưng Đạo, Lạng Sơn")"
check fold-stdin "$(printf 'nguyen\nle loi')" "$(printf 'Nguyễn\r\nLê Lợi\n' | "$T" text fold)"
check fold-json '{"input":"Đạo","fold":"dao"}' "$("$T" text fold --json "Đạo")"

# The letters of the whole string decide before the tones: "ả b" < "a c".
check sort-levels "$(printf 'ả b\na c\nan\nĂn\nÂn\nđa\nĐa\ne')" \
  "$(printf 'e\nÂn\nĐa\nđa\nan\na c\nĂn\nả b\n' | "$T" text sort)"
check sort-names "$(printf 'Lê Thị An\nTrần An\nNguyễn Văn Án\nĐỗ Bình')" \
  "$(printf 'Đỗ Bình\nNguyễn Văn Án\nTrần An\nLê Thị An\n' | "$T" text sort --names)"
nfc=$("$T" text sortkey "Nguyễn")
nfd=$("$T" text sortkey "$(printf 'Nguye\314\202\314\203n')")
check sortkey-nfd "$nfc" "$nfd"
case $("$T" text sortkey --json "a") in
  '{"input":"a","key":"'*'"}') echo "PASS text_strings:sortkey-json" ;;
  *) echo "FAIL text_strings:sortkey-json: $("$T" text sortkey --json a)" ;;
esac

check split-name "$(printf 'Nguyễn\tVăn Thị\tAn')" "$("$T" text split-name "Nguyễn  Văn Thị An")"
check split-name-json '{"input":"Âu Dương Phong","ho":"Âu Dương","dem":"","ten":"Phong","words":3}' \
  "$("$T" text split-name --json "Âu Dương Phong")"

msg='CT nhanh 247 den: thoi gian GD:15/09/2024 23:08:17 NGUYEN HUY THO 104004257***'
check sender "NGUYEN HUY THO" "$("$T" text sender "$msg")"
check sender-match "$(printf 'NGUYEN HUY THO\t100')" "$("$T" text sender --match "Nguyễn Huy Thọ" "$msg")"
check sender-none "" "$("$T" text sender "1261122666 ung ho dong bao lu lut")"
case $("$T" text sender --json "$msg") in
  *'"name":"NGUYEN HUY THO"'*'"confidence":'*) echo "PASS text_strings:sender-json" ;;
  *) echo "FAIL text_strings:sender-json: $("$T" text sender --json "$msg")" ;;
esac
# A whole statement through standard input: one line out per line in.
printf '1261122666 TRAN QUANG HUY Chuyen tien\n1261122666 ck\nTKThe :1 tai VCB. LE VAN A chuyen tien\n' \
  > "$D/msgs"
check sender-stdin "$(printf 'TRAN QUANG HUY\n\nLE VAN A')" "$("$T" text sender < "$D/msgs")"

check normalize "Nguyễn Văn An" "$("$T" text normalize "  Nguye$(printf '\314\202\314\203')n   Văn An ")"
check normalize-repair "Dương Văn Bình" "$("$T" text normalize --repair "Dƣơng  Văn Bình")"
check normalize-multiline "$(printf 'a b\n\nc')" "$(printf 'a  b \r\n\r\n\r\nc\n' | "$T" text normalize --multiline)"

# Input that is not UTF-8: exit 1, message naming the line and the byte, earlier lines done.
printf 'ok\nbad\377here\nnever\n' > "$D/bad"
out=$("$T" text fold < "$D/bad" 2>"$D/err"); rc=$?
check invalid-utf8-status 1 "$rc"
check invalid-utf8-output "ok" "$out"
check invalid-utf8-message "thidua text fold: dòng 2: UTF-8 không hợp lệ ở byte thứ 4" "$(cat "$D/err")"
"$T" text normalize "$(printf 'a\001b')" >/dev/null 2>"$D/err"; rc=$?
check control-status 1 "$rc"
check control-message "thidua text normalize: đối số 1: có ký tự điều khiển ở byte thứ 2" "$(cat "$D/err")"
"$T" text sort --bogus </dev/null >/dev/null 2>&1; rc=$?
check unknown-option 2 "$rc"
rm -rf "$D"
