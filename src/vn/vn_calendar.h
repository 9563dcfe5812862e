/* vn_calendar.h: the calendar, amount and encoding half of the Vietnamese text module.
 *   amounts   (vn_amount.c)  read "hơn 14 tỷ", "1,536 tỷ đồng", "Mười bốn tỷ đồng" into exact đồng;
 *                            write "14.000.000.000 đồng", "1,5 tỷ" and amounts in words.
 *   dates     (vn_date.c)    read "19/8/2019", "ngày 19 tháng 8 năm 2019", "cuối tháng 9/2019" …;
 *                            write dd/mm/yyyy, "Thứ Ba, 20/08/2019", "ngày 20 tháng 8 năm 2019";
 *                            anniversaries ("năm tròn", "năm chẵn", Decree 145/2013/NĐ-CP).
 *   lunar     (vn_lunar.c)   the Vietnamese lunisolar calendar (UTC+7), 1900–2100, can-chi.
 *   holidays  (vn_holiday.c) effective-dated public-holiday rules, a year's days off = rule
 *                            defaults + administrator amendments, working-day arithmetic.
 *   legacy    (vn_legacy.c)  TCVN3 (ABC), VNI-Windows, VIQR, Windows-1258, UTF-16 → UTF-8 NFC,
 *                            and detection of which of them a text is in.
 * Money is int64 đồng, never floating point. Every parser reports failure through struct
 * vn_error: the byte offset and length of the part it could not read in the caller's input and
 * a Vietnamese message that quotes that part. No function here allocates except where a
 * `buf` is filled (the caller frees it with buf_free). All functions are thread-safe. */
#ifndef THIDUA_VN_CALENDAR_H
#define THIDUA_VN_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "vn_error.h"


/* ===================================================================== amounts (vn_amount.c) */

/* Largest amount read or written: 999 999 999 999 999 999 đồng ("chín trăm chín mươi chín
 * triệu tỷ …"). 10^18 would need "tỷ tỷ", which documents do not use. */
#define VN_AMOUNT_MAX INT64_C(999999999999999999)

/* What the text says about the amount: exact, or only a bound. */
enum vn_bound {
    VN_BOUND_EXACT,
    VN_BOUND_MORE_THAN,  /* hơn, trên, ngoài: lower bound, exclusive */
    VN_BOUND_AT_LEAST,   /* ít nhất, tối thiểu, không dưới, từ … (trở lên): lower bound */
    VN_BOUND_LESS_THAN,  /* dưới, chưa đến, chưa tới: upper bound, exclusive */
    VN_BOUND_AT_MOST,    /* tối đa, không quá, … trở xuống: upper bound */
    VN_BOUND_NEARLY,     /* gần: approximate, from below */
    VN_BOUND_ABOUT,      /* khoảng, xấp xỉ, chừng, ước tính, tầm, cỡ: approximate */
};

struct vn_amount {
    int64_t dong;          /* exact value in đồng, 0 … VN_AMOUNT_MAX */
    enum vn_bound bound;
    char qualifier[48];    /* the qualifier words as written (folded to lower case), or "" */
    bool in_words;         /* the number was written in words ("mười bốn tỷ") */
    bool has_unit;         /* "đồng", "đ", "VNĐ", "₫" … was present */
};

/* Reads one amount. Accepts digits with dot thousands ("14.000.000.000", a dot must be followed
 * by exactly three digits) and a comma decimal mark ("1,536 tỷ"), space-grouped digits
 * ("50 000 000"), scale words (nghìn/ngàn/k, triệu/tr, tỷ/tỉ, and compounds "nghìn tỷ"),
 * several terms ("14 tỷ 500 triệu"), "rưỡi" after a scale ("2 triệu rưỡi"), numbers in words
 * ("Một trăm linh năm nghìn đồng", with mốt, tư, lăm/nhăm, linh/lẻ, nghìn/ngàn, tỷ/tỉ,
 * mươi/mười), an optional unit (đồng, đ, VNĐ, VND, ₫, "chẵn"), and a bound qualifier before
 * ("hơn", "khoảng" …) or after ("trở lên", "trở xuống"). Case and Unicode normalisation
 * (NFC/NFD) do not matter; unaccented unit and qualifier words (trieu, ty, dong, hon) are read.
 * Returns 0 and fills *out, or -1 and fills *err (an amount that is not a whole number of đồng,
 * is above VN_AMOUNT_MAX, or has a part that cannot be read). */
int vn_amount_parse(const char *text, struct vn_amount *out, struct vn_error *err);
/* Converters for a command's option table (cli.h, CLI_OPT_CONVERT): an exact amount in đồng
 * (digits with dots, or words: "14 tỷ"; a bound such as "hơn 5 triệu" is refused) into an
 * int64_t; a calendar day (vn_day_iso) into a char[11] ISO date. */
bool vn_amount_option(const char *text, void *dong);
bool vn_day_option(const char *text, void *iso);
#define VN_AMOUNT_OPTION_EXPECT "số tiền (đồng)"
#define VN_DAY_OPTION_EXPECT "một ngày (dd/mm/yyyy)"

/* "lower bound", "upper bound", "approximate" … (English, for logs and the CLI); "" for exact. */
const char *vn_bound_describe(enum vn_bound b);
/* Machine name: "exact", "more_than", "at_least", "less_than", "at_most", "nearly", "about". */
const char *vn_bound_name(enum vn_bound b);

/* Flags of vn_amount_words. */
enum {
    VN_WORDS_LE = 1,        /* "lẻ" instead of "linh" (105 = một trăm lẻ năm) */
    VN_WORDS_NGAN = 2,      /* "ngàn" instead of "nghìn" */
    VN_WORDS_DONG = 4,      /* append " đồng" */
    VN_WORDS_LOWER = 8,     /* do not capitalise the first letter */
};
#define VN_WORDS_MAX 768
/* Writes n (0 … VN_AMOUNT_MAX) in words as documents do: "Mười bốn tỷ", "Hai mươi mốt",
 * "Hai mươi tư", "Hai mươi lăm", "Mười lăm", "Một triệu không trăm linh năm nghìn". Groups of
 * three digits below a higher non-zero group are read in full ("không trăm linh năm"); zero
 * groups are skipped; 10^12 and 10^15 are "nghìn tỷ" and "triệu tỷ". Returns 0, or -1 if n is
 * out of range or cap (use VN_WORDS_MAX) is too small; out is always NUL-terminated. */
int vn_amount_words(int64_t n, unsigned flags, char *out, size_t cap);

/* Writes n with dot thousands: "14.000.000.000", plus " đồng" if with_unit. Negative values get
 * a leading '-'. Returns 0, or -1 if cap (32 is always enough) is too small. */
int vn_amount_format(int64_t n, bool with_unit, char *out, size_t cap);

/* Short form for screens: "14 tỷ", "1,5 tỷ", "500 triệu", "1.000 tỷ", "50 nghìn", "900".
 * Uses the largest of tỷ/triệu/nghìn that the value reaches, with at most three decimals,
 * rounded half up when needed. Returns 1 if the text is exact, 0 if it was rounded, -1 if n is
 * negative or cap (32 is enough) is too small. */
int vn_amount_short(int64_t n, char *out, size_t cap);

/* Folds a piece of text for keyword matching: NFC, lower case, "ƣ" (PDF extraction) read as
 * "ư". out gets at most cap-1 bytes; returns the folded length, or -1 if invalid UTF-8 or too
 * long. Used by the calendar parsers; exported so they share one definition. */
int vn_cal_fold(const char *s, size_t n, char *out, size_t cap);

/* The tokens the calendar parsers read: a run of digits, a word (letters and combining
 * marks), or one other character (punctuation, symbol). Spaces separate tokens and are
 * recorded in `space_before`. `key` is the token folded by vn_cal_fold ("" if longer than the
 * key holds). */
enum vn_tok_type { VN_TOK_NUM, VN_TOK_WORD, VN_TOK_PUNCT };
struct vn_tok {
    enum vn_tok_type type;
    size_t off, len;        /* in the input */
    bool space_before;
    char key[56];
};
#define VN_TOKENS_MAX 160
/* Splits text into at most cap tokens. Returns the count, or -1 with *err for invalid UTF-8,
 * a control character, or too many tokens. */
int vn_cal_tokenize(const char *text, struct vn_tok *toks, size_t cap, struct vn_error *err);
/* Fills *err: offset/length of the token range [first, last] and a message formatted from fmt
 * (which may use %s once, for the quoted text of that range). Returns -1 for tail calls. */
int vn_cal_error(struct vn_error *err, const char *text, const struct vn_tok *first,
                 const struct vn_tok *last, const char *fmt);

/* ======================================================================== dates (vn_date.c) */

struct vn_date { int year, month, day; };

bool vn_leap_year(int year);
int vn_days_in_month(int year, int month);           /* 0 for an invalid month */
bool vn_date_valid(struct vn_date d);                 /* years 1 … 9999, proleptic Gregorian */
/* Julian day number (days since noon 1 Jan 4713 BC; 2019-08-19 is 2458715) and back.
 * vn_date_from_jdn is exact for jdn 1721426 (0001-01-01) … 5373484 (9999-12-31). */
int32_t vn_date_jdn(struct vn_date d);
struct vn_date vn_date_from_jdn(int32_t jdn);
struct vn_date vn_date_add_days(struct vn_date d, int32_t days);
int vn_weekday(struct vn_date d);                     /* 1 = Monday (Thứ Hai) … 7 = Sunday */
const char *vn_weekday_name(int weekday);             /* "Thứ Hai" … "Thứ Bảy", "Chủ nhật" */
const char *vn_weekday_abbr(int weekday);             /* "T2" … "T7", "CN" */
/* Checks a date and explains why it is invalid ("năm 2019 không nhuận: tháng 2 chỉ có 28
 * ngày"). Returns 0 if valid, else -1 with *err filled (offset 0, length 0). */
int vn_date_check(struct vn_date d, struct vn_error *err);

enum vn_date_kind {
    VN_DATE_DAY,            /* a day */
    VN_DATE_END_OF_MONTH,   /* "cuối tháng 9/2019": the last day of the month, flagged */
    VN_DATE_MONTH,          /* "tháng 10-2025": a whole month */
    VN_DATE_YEAR,           /* "năm 2019": a whole year */
};
struct vn_date_parsed {
    enum vn_date_kind kind;
    struct vn_date date;    /* the day; the first day of a month or year; the month's last day
                               for VN_DATE_END_OF_MONTH */
    struct vn_date last;    /* the last day the text covers (= date for a day) */
    bool year_from_ref;     /* the text had no year: taken from the reference date */
    int weekday;            /* weekday written in the text (1–7, checked), or 0 */
    bool has_time;          /* a time "08:53" or "08:53:10" followed the date */
    int hour, minute, second;
};
enum {
    VN_DATE_US_ORDER = 1,   /* read n/n/yyyy as month/day/year (the seed's "T3, 08/20/2019") */
};
/* Reads a date: "19/8/2019", "19-10-2019", "19.10.2019", "2019-08-19" (ISO), "ngày 19 tháng 8
 * năm 2019", "19 tháng 8 năm 2019", an optional weekday before ("Thứ Ba, 20/08/2019",
 * "T3, …", "Chủ nhật", "CN"; checked against the date), "cuối tháng 9/2019", "tháng 10-2025",
 * "tháng 10 năm 2025", "năm 2019", and an optional time after ("- 08:53"). Without a year
 * ("19/8", "ngày 19 tháng 8", "tháng 9") the year of *ref is used; ref may be NULL, and then
 * a missing year is an error. Two-digit years are refused (ambiguous). Returns 0 or -1 with
 * *err naming the part: an impossible date, an unknown word, a weekday that does not match. */
int vn_date_parse(const char *text, const struct vn_date *ref, unsigned flags,
                  struct vn_date_parsed *out, struct vn_error *err);
/* The one reader of a calendar day that a person typed or a file gave, for every form, API and
 * import of thidua: vn_date_parse kept to one real day with a year between 1800 and 2200 (a
 * month, a year, a time or a missing year is refused), written ISO into out. false if it is not
 * one. vn_day_iso_month_end also takes "cuối tháng 9/2019" as that month's last day (deadlines). */
bool vn_day_iso(const char *text, char out[11]);
bool vn_day_iso_month_end(const char *text, char out[11]);

enum vn_date_style {
    VN_DATE_DMY,            /* 20/08/2019 */
    VN_DATE_ISO,            /* 2019-08-20 */
    VN_DATE_WEEKDAY,        /* Thứ Ba, 20/08/2019 */
    VN_DATE_WEEKDAY_ABBR,   /* T3, 20/08/2019 */
    VN_DATE_LONG,           /* ngày 20 tháng 8 năm 2019 (Decree 30/2020/NĐ-CP: a day below 10
                               and months 1 and 2 take a leading zero: ngày 05 tháng 02 năm 2020) */
    VN_DATE_LONG_PLAIN,     /* ngày 5 tháng 2 năm 2020 */
};
/* Writes d (must be valid) in a style. Returns 0, or -1 if cap (48 is enough) is too small. */
int vn_date_format(struct vn_date d, enum vn_date_style style, char *out, size_t cap);

enum vn_anniversary_class {
    VN_ANNIV_PLAIN,         /* the count ends in neither 0 nor 5 */
    VN_ANNIV_TRON,          /* "năm tròn": the count ends in 0 (Decree 145/2013/NĐ-CP) */
    VN_ANNIV_CHAN,          /* "năm chẵn": the count ends in 5 */
};
struct vn_anniversary {
    int count;              /* years since the event */
    struct vn_date event;   /* the event's date */
    struct vn_date date;    /* the anniversary's date in the given year (29/2 → 28/2 in a
                               common year) */
    enum vn_anniversary_class cls;
};
/* The anniversary of `event` in `year` (> event's year). Returns 0, or -1 with *err. */
int vn_anniversary(struct vn_date event, int year, struct vn_anniversary *out, struct vn_error *err);
const char *vn_anniversary_class_name(enum vn_anniversary_class c); /* "năm tròn", "năm chẵn", "" */
/* "110 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2019)"; `what` may be NULL or
 * "" ("110 năm (04/11/1909 - 04/11/2019)"). Returns 0, or -1 if cap is too small. */
int vn_anniversary_format(const struct vn_anniversary *a, const char *what, char *out, size_t cap);

/* ======================================================================= lunar (vn_lunar.c) */

struct vn_lunar_date { int year, month, day; bool leap; };

/* The range of solar dates converted: 1900-01-01 … 2100-12-31 (lunar 1/12/1899 …). */
#define VN_LUNAR_FIRST_YEAR 1900
#define VN_LUNAR_LAST_YEAR 2100
#define VN_LUNAR_TZ_HOURS 7

/* Solar (Gregorian) date → Vietnamese lunar date, computed astronomically for UTC+7: a month
 * starts on the day of the new moon; month 11 contains the December solstice; in a year of 13
 * months the first month without a major solar term (trung khí) is the leap month. Returns 0,
 * or -1 with *err if the date is invalid or outside 1900–2100. */
int vn_solar_to_lunar(struct vn_date d, struct vn_lunar_date *out, struct vn_error *err);
/* Lunar → solar. Fails (-1, *err) if the month has no day 30, the year has no such leap month,
 * or the date is outside the range. */
int vn_lunar_to_solar(struct vn_lunar_date l, struct vn_date *out, struct vn_error *err);
/* Same with another time zone (whole hours east of UTC), e.g. 8 for the Chinese calendar; for
 * comparisons and tests. */
int vn_solar_to_lunar_tz(struct vn_date d, int tz_hours, struct vn_lunar_date *out, struct vn_error *err);
/* The leap month of lunar year `year` (1–12), 0 if none, -1 out of range. */
int vn_lunar_leap_month(int year);
/* Days in a lunar month (29 or 30), or -1 if it does not exist / out of range. */
int vn_lunar_month_days(int year, int month, bool leap);
/* Can-chi names: year "Kỷ Hợi"; month (of a lunar year) "Bính Dần"; day "Giáp Tý".
 * Each returns 0, or -1 if cap (32 is enough) is too small. */
int vn_canchi_year(int lunar_year, char *out, size_t cap);
int vn_canchi_month(int lunar_year, int month, char *out, size_t cap);
int vn_canchi_day(struct vn_date d, char *out, size_t cap);
/* "1/1/2019", "1/4/2020 nhuận". Returns 0, or -1 if cap (32 is enough) is too small. */
int vn_lunar_format(struct vn_lunar_date l, char *out, size_t cap);
/* Reads a lunar date: "10/3/2026", "1/4/2020 nhuận", "1/4n/2020", "ngày 10 tháng 3 năm 2026",
 * "10 tháng 3 nhuận năm 2020", optionally followed by the year's can-chi in parentheses
 * "(Kỷ Hợi)", which must match. Only the form is checked: convert to know the date exists. */
int vn_lunar_parse(const char *text, struct vn_lunar_date *out, struct vn_error *err);

/* ================================================================ holidays (vn_holiday.c) */

/* A public-holiday rule, in force from `from` to `until` (ISO dates, inclusive; NULL = open):
 * `days_before` days before the anchor and `days_after` days after it are also off (Tết: the
 * last day of the old lunar year and mùng 1–4). `adjacent` adds the one neighbouring day the
 * Government chooses (2/9 since 2021, see vn_holiday.c for the default choice). */
enum vn_holiday_anchor { VN_ANCHOR_SOLAR, VN_ANCHOR_LUNAR };
struct vn_holiday_rule {
    const char *from, *until;
    const char *name;
    enum vn_holiday_anchor anchor;
    int month, day;
    int days_before, days_after;
    bool adjacent;
    const char *citation;
};
/* Weekly rest days in force (bit 1 << weekday, weekday 1–7) and the rule that a holiday on a
 * rest day is compensated on the next working day (nghỉ bù). */
struct vn_rest_rule {
    const char *from, *until;
    unsigned rest_mask;
    const char *citation;
};
extern const struct vn_holiday_rule vn_holiday_rules[];
extern const size_t vn_holiday_rule_count;
extern const struct vn_rest_rule vn_rest_rules[];
extern const size_t vn_rest_rule_count;
/* Years for which the rule tables and the lunar calendar give a calendar. */
#define VN_HOLIDAY_FIRST_YEAR 1995
#define VN_HOLIDAY_LAST_YEAR 2100

enum vn_day_source {
    VN_DAY_RULE,            /* a holiday from vn_holiday_rules */
    VN_DAY_COMPENSATORY,    /* nghỉ bù for a holiday on a rest day */
    VN_DAY_AMENDED,         /* added by an amendment */
};
/* One entry of a year's calendar: a day off (holiday, nghỉ bù, added day) or, when
 * `working`, a rest day that is worked (làm bù). Strings point to static data or to the
 * caller's amendments. */
struct vn_calendar_day {
    struct vn_date date;
    bool working;
    enum vn_day_source source;
    const char *name;
    const char *citation;
    char detail[48];        /* "mùng 1 Tết (1/1 âm lịch)", "nghỉ bù cho 26/04/2026", or "" */
};

/* An administrator's change to the defaults of one day. */
enum vn_amend_kind {
    VN_AMEND_DAY_OFF,       /* the day is off (an extra Tết day, a day swapped with a Saturday) */
    VN_AMEND_CANCEL,        /* a default day off (holiday or nghỉ bù) is not off this year */
    VN_AMEND_WORKING,       /* a rest day is worked ("làm bù", e.g. a Saturday) */
};
struct vn_amendment {
    struct vn_date date;
    enum vn_amend_kind kind;
    const char *note;       /* shown as the entry's name; may be NULL */
};
/* A holiday calendar: the rule defaults plus amendments (borrowed, any order, any years;
 * applied in order, a later one for the same day wins). A zeroed struct = the defaults. */
struct vn_holiday_calendar {
    const struct vn_amendment *amendments;
    size_t n_amendments;
};
#define VN_CALENDAR_DAYS_MAX 96

/* The entries of `year` (VN_HOLIDAY_FIRST_YEAR … LAST) sorted by date: with cal NULL the rule
 * defaults only (holidays and nghỉ bù), else the defaults with cal's amendments applied.
 * Returns the number of entries (≤ cap; VN_CALENDAR_DAYS_MAX always suffices), or -1 with *err. */
int vn_holidays(const struct vn_holiday_calendar *cal, int year, struct vn_calendar_day *out,
                size_t cap, struct vn_error *err);
/* 1 if d is a working day, 0 if not, -1 with *err if d is outside the covered years. */
int vn_is_working_day(const struct vn_holiday_calendar *cal, struct vn_date d, struct vn_error *err);
/* The n-th working day after d (n > 0), before d (n < 0), or d itself (n = 0): the deadline of
 * "n ngày làm việc" counted from d. Returns 0, or -1 with *err. */
int vn_add_working_days(const struct vn_holiday_calendar *cal, struct vn_date d, int n,
                        struct vn_date *out, struct vn_error *err);
/* Working days in (from, to]: after `from`, up to and including `to`; negative if to < from.
 * So vn_count_working_days(d, vn_add_working_days(d, n)) = n. Returns 0, or -1 with *err. */
int vn_count_working_days(const struct vn_holiday_calendar *cal, struct vn_date from,
                          struct vn_date to, int *out, struct vn_error *err);
/* Reads an amendment line "2026-02-14 off Nghỉ bù Tết", "2026-02-21 work", "2026-09-01 cancel"
 * (kinds: off|nghi, cancel|huy, work|lam-bu; dates in any form vn_date_parse reads with a year).
 * The note, if any, is copied into note_buf (cap bytes) and a->note points to it. */
int vn_amendment_parse(const char *line, struct vn_amendment *a, char *note_buf, size_t cap,
                       struct vn_error *err);

/* =================================================================== legacy (vn_legacy.c) */

enum vn_encoding {
    VN_ENC_UNKNOWN,
    VN_ENC_ASCII,           /* 7-bit text with no VIQR marks */
    VN_ENC_UTF8,
    VN_ENC_UTF16LE,         /* with byte-order mark */
    VN_ENC_UTF16BE,
    VN_ENC_CP1258,          /* Windows-1258 */
    VN_ENC_TCVN3,           /* TCVN 5712:1993 VN3, the ".Vn" (ABC) fonts */
    VN_ENC_VNI,             /* VNI-Windows ("VNI-" fonts) */
    VN_ENC_VIQR,            /* RFC 1456 */
};
const char *vn_encoding_name(enum vn_encoding e);     /* "utf-8", "tcvn3", "vni", "viqr" … */
/* Reads a name ("tcvn3", "abc", "vni", "viqr", "cp1258", "windows-1258", "utf-8", "utf-16"…);
 * returns 0 or -1. */
int vn_encoding_from_name(const char *name, enum vn_encoding *out);

enum {
    VN_LEGACY_LENIENT = 1,  /* replace undecodable bytes by U+FFFD instead of failing */
    VN_LEGACY_RECASE = 2,   /* TCVN3 only: restore capitals in all-capital words (VN3 has no
                               capital toned letters; .VnTimeH fonts drew lower-case codes as
                               capitals), e.g. "CéNG HOµ" → "CỘNG HOÀ" */
    VN_LEGACY_MOJIBAKE = 4, /* the input is UTF-8 text whose characters each stand for one
                               Windows-1252 byte (legacy text pasted into a Unicode file, e.g.
                               "ViÖt Nam"): map them back to bytes first */
};
/* Decodes `len` bytes in encoding `enc` (not UNKNOWN or ASCII, which is read as UTF-8) to
 * UTF-8 NFC appended to *out. Returns 0, or -1 with *err locating the first byte that cannot
 * be decoded (unless VN_LEGACY_LENIENT). */
int vn_legacy_decode(enum vn_encoding enc, const uint8_t *in, size_t len, unsigned flags,
                     buf *out, struct vn_error *err);
/* Encodes UTF-8 text into `enc` (CP1258, TCVN3, VNI, VIQR, UTF-16LE/BE with BOM, UTF-8).
 * Fails (-1, *err) on invalid UTF-8 or a character the encoding cannot hold (TCVN3 has no
 * capital toned letters). */
int vn_legacy_encode(enum vn_encoding enc, const char *utf8, size_t len, buf *out,
                     struct vn_error *err);

struct vn_detection {
    enum vn_encoding enc;
    double confidence;      /* 0 … 1 */
    bool mojibake;          /* UTF-8 whose characters stand for Windows-1252 bytes of `enc` */
    enum vn_encoding runner_up;
    double runner_up_confidence;
};
/* Guesses the encoding of a text: a byte-order mark is certain; otherwise each candidate is
 * decoded and scored by how many of its words are valid Vietnamese syllables. Never fails;
 * empty input gives VN_ENC_ASCII with confidence 0. */
void vn_legacy_detect(const uint8_t *in, size_t len, struct vn_detection *out);

#endif
