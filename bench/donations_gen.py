#!/usr/bin/env python3
# bench/donations_gen.py N [SEED] [START_SECOND]: N bank transfers shaped like the public statements of
# ../shared/data/bank-statements (date,bank,id,money,desc,page; "dd/mm h:mm:ss" without a year;
# sender names in capitals without diacritics; masked and full account numbers, bank references,
# the bank's own time stamp; twins sharing a time and an amount), written as CSV to standard
# output with no final newline, like the originals. Deterministic for a seed; START_SECOND (from
# 1/9, 0:00:00) lets a second file follow the first in time instead of overlapping it. Names and numbers
# are generated: no real person is in the output.
import random, sys

n = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2024)
HO = "NGUYEN TRAN LE PHAM HOANG HUYNH PHAN VU VO DANG BUI DO HO NGO DUONG LY".split()
DEM = "VAN THI HUU DUC MINH THANH NGOC QUANG XUAN HONG KIM ANH BAO GIA".split()
TEN = ("AN BINH CUONG DUNG HA HAI HANH HIEU HOA HUNG HUONG KHANH LAN LINH LONG MAI NAM NGA NHUNG "
       "PHUONG QUAN SON TAM THAO THO THU TRANG TUAN VIET YEN").split()
BANKS = "VCB TCB MSCBVNVX ICBVVNVX Agribank ACB Sacombank BVBank".split()
WORDS = ("ung ho dong bao mien Bac khac phuc hau qua bao Yagi chuyen tien chia se kho khan "
         "ba con vung lu lut gop chut tam long").split()
AMOUNTS = [10000, 20000, 50000, 100000, 200000, 200000, 300000, 500000, 500000, 1000000, 2000000, 5000000, 10000000]

def name():
    return " ".join([rng.choice(HO), rng.choice(DEM), rng.choice(TEN)])

# How the published statements hide an account's last three digits (both forms occur in them).
STATEMENT_MASKS = ("*" * 3, "x" * 3)


def message(i, daymonth, t):
    who = name()
    acct = "%d" % rng.randrange(10**9, 10**13)
    shown = acct[:-3] + rng.choice(STATEMENT_MASKS) if rng.random() < 0.7 else acct
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 9)))
    kind = rng.randrange(3)
    if kind == 0:
        return "%s TKThe :%s tai %s. %s %s -CTLNHIDI%015d-1/1-CRE-002; thoi gian GD:%s/2024 %s" % (
            shown, shown, rng.choice(BANKS), who, words, rng.randrange(10**15), daymonth, t)
    if kind == 1:
        return "1261122666 %s %s" % (who, words)
    return "CT nhanh 247 den: %s chuyen tien (CT1111) %s %s***" % (who, who, acct[:9])

out = ["date,bank,id,money,desc,page"]
t_sec = int(sys.argv[3]) if len(sys.argv) > 3 else 0
for i in range(1, n + 1):
    if rng.random() > 0.02:          # 2 % share the previous line's time (twins when the amount matches too)
        t_sec += rng.randrange(0, 4)
    days = t_sec // 86400
    month, day = 9 + days // 30, 1 + days % 30        # 30-day months from September: always a real date
    s = t_sec % 86400
    t = "%d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60)
    out.append("%02d/%02d %s,BIDV,%d,%d,%s,_" % (day, month, t, i, rng.choice(AMOUNTS), message(i, "%02d/%02d" % (day, month), t)))
    if len(out) >= 10000:
        sys.stdout.write("\n".join(out) + "\n")
        out = []
sys.stdout.write("\n".join(out))
