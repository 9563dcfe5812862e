/* vn_lunar.c: the Vietnamese lunisolar calendar (âm lịch), computed from astronomy for the
 * time zone UTC+7, 1900–2100, and the can-chi names.
 *
 * The rules (as Hồ Ngọc Đức's public description of the Vietnamese calendar states them):
 *   1. A month starts on the local day of the new moon.
 *   2. Month 11 is the month that contains the December solstice (sun's longitude 270°).
 *   3. From one month 11 to the next there are 12 or 13 months; with 13, the first month after
 *      month 11 that contains no major solar term (trung khí: the sun's longitude a multiple of
 *      30°) is the leap month and repeats the number of the month before it.
 * A month "contains" a term when the term's instant falls between the local midnights that
 * begin the month and the next month, so every comparison is made at local midnight.
 *
 * The astronomy is written here from the published formulas, not copied from any program:
 *   - new moons: Meeus, Astronomical Algorithms (2nd ed.), ch. 49, with all periodic terms and
 *     the fourteen planetary corrections (error well under a minute);
 *   - the sun's apparent longitude: Meeus ch. 25 (low-accuracy series, ~0.01°), with the
 *     nutation and aberration terms;
 *   - ΔT (TT − UT): the Espenak–Meeus polynomials (NASA eclipse web site, 2006).
 * Floating point is used only for the astronomy; every result is an integer day.
 * Historical note: before 1968 Vietnam followed the Chinese calendar (UTC+8); this module uses
 * UTC+7 throughout, as the official Vietnamese calendar has since 1968, so some dates before
 * 1968 differ from what was printed then (e.g. Tết Mậu Thân 1968 in the South). */
#include "vn_calendar.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PI 3.14159265358979323846
static double rad(double deg) { return deg * (PI / 180.0); }

static double norm360(double x)
{
    x = fmod(x, 360.0);
    return x < 0 ? x + 360.0 : x;
}

/* TT − UT in seconds for a decimal year (Espenak & Meeus). */
static double delta_t(double y)
{
    double t;
    if (y < 1900) {
        t = y - 1860;
        return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t - 0.0004473624 * pow(t, 4) + pow(t, 5) / 233174;
    }
    if (y < 1920) {
        t = y - 1900;
        return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * pow(t, 4);
    }
    if (y < 1941) {
        t = y - 1920;
        return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
    }
    if (y < 1961) {
        t = y - 1950;
        return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
    }
    if (y < 1986) {
        t = y - 1975;
        return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
    }
    if (y < 2005) {
        t = y - 2000;
        return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * pow(t, 4) +
               0.00002373599 * pow(t, 5);
    }
    if (y < 2050) {
        t = y - 2000;
        return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
    t = (y - 1820) / 100;
    return -20 + 32 * t * t - 0.5628 * (2150 - y);
}

static double tt_minus_ut_days(double jd)
{
    return delta_t(2000.0 + (jd - 2451545.0) / 365.25) / 86400.0;
}

/* Julian Ephemeris Day (TT) of the new moon of lunation k (k = 0: 6 January 2000). */
static double new_moon_jde(int k)
{
    double T = k / 1236.85, T2 = T * T, T3 = T2 * T, T4 = T3 * T;
    double jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * T2 - 0.000000150 * T3 + 0.00000000073 * T4;
    double E = 1 - 0.002516 * T - 0.0000074 * T2;
    double M = rad(2.5534 + 29.10535670 * k - 0.0000014 * T2 - 0.00000011 * T3);
    double Mp = rad(201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4);
    double F = rad(160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4);
    double O = rad(124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3);
    double c = -0.40720 * sin(Mp) + 0.17241 * E * sin(M) + 0.01608 * sin(2 * Mp) + 0.01039 * sin(2 * F) +
               0.00739 * E * sin(Mp - M) - 0.00514 * E * sin(Mp + M) + 0.00208 * E * E * sin(2 * M) -
               0.00111 * sin(Mp - 2 * F) - 0.00057 * sin(Mp + 2 * F) + 0.00056 * E * sin(2 * Mp + M) -
               0.00042 * sin(3 * Mp) + 0.00042 * E * sin(M + 2 * F) + 0.00038 * E * sin(M - 2 * F) -
               0.00024 * E * sin(2 * Mp - M) - 0.00017 * sin(O) - 0.00007 * sin(Mp + 2 * M) +
               0.00004 * sin(2 * Mp - 2 * F) + 0.00004 * sin(3 * M) + 0.00003 * sin(Mp + M - 2 * F) +
               0.00003 * sin(2 * Mp + 2 * F) - 0.00003 * sin(Mp + M + 2 * F) + 0.00003 * sin(Mp - M + 2 * F) -
               0.00002 * sin(Mp - M - 2 * F) - 0.00002 * sin(3 * Mp + M) + 0.00002 * sin(4 * Mp);
    /* planetary arguments */
    static const double a0[14] = {299.77, 251.88, 251.83, 349.42, 84.66, 141.74, 207.14,
                                  154.84, 34.52, 207.19, 291.34, 161.72, 239.56, 331.55};
    static const double a1[14] = {0.107408, 0.016321, 26.651886, 36.412478, 18.206239, 53.303771, 2.453732,
                                  7.306860, 27.261239, 0.121824, 1.844379, 24.198154, 25.513099, 3.592518};
    static const double amp[14] = {0.000325, 0.000165, 0.000164, 0.000126, 0.000110, 0.000062, 0.000060,
                                   0.000056, 0.000047, 0.000042, 0.000040, 0.000037, 0.000035, 0.000023};
    for (int i = 0; i < 14; i++) {
        double a = a0[i] + a1[i] * k;
        if (i == 0) a -= 0.009173 * T2;
        c += amp[i] * sin(rad(a));
    }
    return jde + c;
}

/* Apparent geocentric longitude of the sun, degrees, at Julian Ephemeris Day jde. */
static double sun_longitude(double jde)
{
    double T = (jde - 2451545.0) / 36525.0, T2 = T * T;
    double L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T2;
    double M = rad(357.52911 + 35999.05029 * T - 0.0001537 * T2);
    double C = (1.914602 - 0.004817 * T - 0.000014 * T2) * sin(M) + (0.019993 - 0.000101 * T) * sin(2 * M) +
               0.000289 * sin(3 * M);
    double O = rad(125.04 - 1934.136 * T);
    return norm360(L0 + C - 0.00569 - 0.00478 * sin(O));
}

/* The local day (Julian day number) on which lunation k's new moon falls. */
static int32_t new_moon_day(int k, int tz)
{
    double jde = new_moon_jde(k);
    double ut = jde - tt_minus_ut_days(jde);
    return (int32_t)floor(ut + 0.5 + tz / 24.0);
}

/* Index (0–11) of the last major term passed at the local midnight that begins day jdn. */
static int term_index_at(int32_t jdn, int tz)
{
    double ut = jdn - 0.5 - tz / 24.0;
    return (int)(sun_longitude(ut + tt_minus_ut_days(ut)) / 30.0);
}

/* Lunation whose month contains day jdn: new_moon_day(k) <= jdn < new_moon_day(k + 1). */
static int lunation_of(int32_t jdn, int tz)
{
    int k = (int)floor((jdn - 2451550.09766) / 29.530588861);
    while (new_moon_day(k, tz) > jdn) k--;
    while (new_moon_day(k + 1, tz) <= jdn) k++;
    return k;
}

/* Lunation of month 11 of Gregorian year y: the month containing the December solstice.
 * The solstice's instant is found by Newton's method on the sun's longitude; the month is the
 * one whose first local midnight is not after it. */
static int month11_lunation(int y, int tz)
{
    double jd = vn_date_jdn((struct vn_date){y, 12, 21}) + 0.0;   /* noon UT, near the solstice */
    for (int i = 0; i < 8; i++) {
        double lon = sun_longitude(jd + tt_minus_ut_days(jd));
        double diff = 270.0 - lon;
        if (diff > 180) diff -= 360;
        if (diff < -180) diff += 360;
        jd += diff / 0.98564736 * 1.0;
        if (fabs(diff) < 1e-9) break;
    }
    int32_t day = (int32_t)floor(jd + 0.5 + tz / 24.0);   /* local day of the solstice */
    return lunation_of(day, tz);
}

struct lmonth {
    int32_t start;          /* JDN of day 1 */
    int number, year;
    bool leap;
};

/* The months from month 11 of year L-1 up to (not including) month 11 of year L, plus the start
 * of that next month 11 in months[n].start. Returns n (12 or 13). */
static int lunar_span(int L, int tz, struct lmonth *months)
{
    int ka = month11_lunation(L - 1, tz), kb = month11_lunation(L, tz);
    int n = kb - ka;
    int leap_at = -1;
    for (int j = 0; j <= n; j++) months[j].start = new_moon_day(ka + j, tz);
    if (n == 13) {
        for (int j = 1; j < 13; j++)
            if (term_index_at(months[j].start, tz) == term_index_at(months[j + 1].start, tz)) {
                leap_at = j;
                break;
            }
    }
    for (int j = 0; j < n; j++) {
        int idx = leap_at >= 0 && j >= leap_at ? j - 1 : j;
        months[j].number = (10 + idx) % 12 + 1;
        months[j].leap = j == leap_at;
        months[j].year = months[j].number >= 11 ? L - 1 : L;
    }
    return n;
}

static int lunar_fail(struct vn_error *err, const char *msg)
{
    if (err) {
        err->offset = err->length = 0;
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    return -1;
}

int vn_solar_to_lunar_tz(struct vn_date d, int tz, struct vn_lunar_date *out, struct vn_error *err)
{
    memset(out, 0, sizeof *out);
    if (vn_date_check(d, err) < 0) return -1;
    if (d.year < VN_LUNAR_FIRST_YEAR || d.year > VN_LUNAR_LAST_YEAR)
        return lunar_fail(err, "âm lịch chỉ tính cho các ngày từ 01/01/1900 đến 31/12/2100");
    if (tz < -12 || tz > 14) return lunar_fail(err, "múi giờ không hợp lệ");
    int32_t jdn = vn_date_jdn(d);
    struct lmonth m[14];
    int L = d.year;
    int n = lunar_span(L + 1, tz, m);
    if (jdn < m[0].start) n = lunar_span(L, tz, m);
    for (int j = 0; j < n; j++)
        if (jdn >= m[j].start && jdn < m[j + 1].start) {
            out->year = m[j].year;
            out->month = m[j].number;
            out->leap = m[j].leap;
            out->day = (int)(jdn - m[j].start) + 1;
            return 0;
        }
    return lunar_fail(err, "không tìm được tháng âm lịch chứa ngày này");
}

int vn_solar_to_lunar(struct vn_date d, struct vn_lunar_date *out, struct vn_error *err)
{
    return vn_solar_to_lunar_tz(d, VN_LUNAR_TZ_HOURS, out, err);
}

/* Finds lunar month (year, month, leap) in its span; returns the index or -1. */
static int find_month(int year, int month, bool leap, struct lmonth *m, int *n)
{
    if (year < VN_LUNAR_FIRST_YEAR - 1 || year > VN_LUNAR_LAST_YEAR || month < 1 || month > 12) return -1;
    *n = lunar_span(month >= 11 ? year + 1 : year, VN_LUNAR_TZ_HOURS, m);
    for (int j = 0; j < *n; j++)
        if (m[j].year == year && m[j].number == month && m[j].leap == leap) return j;
    return -1;
}

int vn_lunar_to_solar(struct vn_lunar_date l, struct vn_date *out, struct vn_error *err)
{
    struct lmonth m[14];
    int n;
    char msg[200];
    memset(out, 0, sizeof *out);
    if (l.month < 1 || l.month > 12) {
        snprintf(msg, sizeof msg, "tháng âm lịch %d không có (tháng từ 1 đến 12)", l.month);
        return lunar_fail(err, msg);
    }
    if (l.day < 1 || l.day > 30) {
        snprintf(msg, sizeof msg, "ngày âm lịch %d không có (ngày từ 1 đến 30)", l.day);
        return lunar_fail(err, msg);
    }
    if (l.year < VN_LUNAR_FIRST_YEAR - 1 || l.year > VN_LUNAR_LAST_YEAR)
        return lunar_fail(err, "âm lịch chỉ tính cho các ngày từ 01/01/1900 đến 31/12/2100");
    int j = find_month(l.year, l.month, l.leap, m, &n);
    if (j < 0) {
        if (l.leap) {
            int lm = vn_lunar_leap_month(l.year);
            if (lm > 0) snprintf(msg, sizeof msg, "năm âm lịch %d không có tháng %d nhuận (tháng nhuận là tháng %d)", l.year, l.month, lm);
            else snprintf(msg, sizeof msg, "năm âm lịch %d không có tháng nhuận", l.year);
        } else {
            snprintf(msg, sizeof msg, "không tính được tháng %d năm âm lịch %d", l.month, l.year);
        }
        return lunar_fail(err, msg);
    }
    int len = (int)(m[j + 1].start - m[j].start);
    if (l.day > len) {
        snprintf(msg, sizeof msg, "tháng %d%s năm âm lịch %d là tháng thiếu (%d ngày): không có ngày %d", l.month,
                 l.leap ? " nhuận" : "", l.year, len, l.day);
        return lunar_fail(err, msg);
    }
    struct vn_date d = vn_date_from_jdn(m[j].start + l.day - 1);
    if (d.year < VN_LUNAR_FIRST_YEAR || d.year > VN_LUNAR_LAST_YEAR)
        return lunar_fail(err, "âm lịch chỉ tính cho các ngày từ 01/01/1900 đến 31/12/2100");
    *out = d;
    return 0;
}

int vn_lunar_leap_month(int year)
{
    if (year < VN_LUNAR_FIRST_YEAR - 1 || year > VN_LUNAR_LAST_YEAR) return -1;
    /* A leap month of year Y lies in the span of Y (months 1–10) or, for a leap 11 or 12, in
     * the span of Y+1. */
    struct lmonth m[14];
    for (int span = year; span <= year + 1; span++) {
        int n = lunar_span(span, VN_LUNAR_TZ_HOURS, m);
        for (int j = 0; j < n; j++)
            if (m[j].leap && m[j].year == year) return m[j].number;
    }
    return 0;
}

int vn_lunar_month_days(int year, int month, bool leap)
{
    struct lmonth m[14];
    int n;
    int j = find_month(year, month, leap, m, &n);
    return j < 0 ? -1 : (int)(m[j + 1].start - m[j].start);
}

/* ------------------------------------------------------------------------------ can-chi */

static const char *const stems[10] = {"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"};
static const char *const branches[12] = {"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"};

static int mod(long a, int m) { return (int)(((a % m) + m) % m); }

static int canchi(int stem, int branch, char *out, size_t cap)
{
    int k = snprintf(out, cap, "%s %s", stems[stem], branches[branch]);
    return k < 0 || (size_t)k >= cap ? -1 : 0;
}

int vn_canchi_year(int y, char *out, size_t cap) { return canchi(mod(y + 6, 10), mod(y + 8, 12), out, cap); }

int vn_canchi_month(int y, int month, char *out, size_t cap)
{
    /* Month 1 is always a Dần month; its stem follows the year's stem (Giáp/Kỷ years: Bính Dần). */
    return canchi(mod((long)y * 12 + month + 3, 10), mod(month + 1, 12), out, cap);
}

int vn_canchi_day(struct vn_date d, char *out, size_t cap)
{
    int32_t j = vn_date_jdn(d);
    return canchi(mod(j + 9, 10), mod(j + 1, 12), out, cap);
}

int vn_lunar_format(struct vn_lunar_date l, char *out, size_t cap)
{
    int k = snprintf(out, cap, "%d/%d/%d%s", l.day, l.month, l.year, l.leap ? " nhuận" : "");
    return k < 0 || (size_t)k >= cap ? -1 : 0;
}

/* ------------------------------------------------------------------------------ reading */

static int tok_num(const char *text, const struct vn_tok *t)
{
    if (t->type != VN_TOK_NUM || t->len > 4) return -1;
    int v = 0;
    for (size_t k = 0; k < t->len; k++) v = v * 10 + (text[t->off + k] - '0');
    return v;
}

int vn_lunar_parse(const char *text, struct vn_lunar_date *out, struct vn_error *err)
{
    struct vn_tok t[VN_TOKENS_MAX];
    memset(out, 0, sizeof *out);
    if (!text) text = "";
    int n = vn_cal_tokenize(text, t, VN_TOKENS_MAX, err);
    if (n < 0) return -1;
    int i = 0;
#define KEY(j, s) ((j) < n && strcmp(t[j].key, s) == 0)
#define FAIL(a, b, msg) return vn_cal_error(err, text, (a) < n ? &t[a] : NULL, (b) < n ? &t[b] : NULL, msg)
    if (n == 0) FAIL(0, 0, "không có ngày âm lịch");
    if (KEY(i, "ngày") || KEY(i, "ngay")) i++;
    int day = i < n ? tok_num(text, &t[i]) : -1;
    if (day < 0) FAIL(i, i, "cần ngày âm lịch ở chỗ \"%s\"");
    i++;
    bool words = KEY(i, "tháng") || KEY(i, "thang");
    if (!words && !(KEY(i, "/") || KEY(i, "-") || KEY(i, "."))) FAIL(i, i, "cần \"/\" hoặc \"tháng\" ở chỗ \"%s\"");
    i++;
    int month = i < n ? tok_num(text, &t[i]) : -1;
    if (month < 0) FAIL(i, i, "cần tháng âm lịch ở chỗ \"%s\"");
    i++;
    bool leap = false;
    if (KEY(i, "n") && !t[i].space_before) {
        leap = true;
        i++;
    } else if (KEY(i, "nhuận") || KEY(i, "nhuan")) {
        leap = true;
        i++;
    }
    if (words ? !(KEY(i, "năm") || KEY(i, "nam")) : !(KEY(i, "/") || KEY(i, "-") || KEY(i, "."))) {
        if (i >= n) FAIL(n - 1, n - 1, "thiếu năm âm lịch sau \"%s\"");
        FAIL(i, i, "cần năm âm lịch ở chỗ \"%s\"");
    }
    i++;
    int year = i < n ? tok_num(text, &t[i]) : -1;
    if (year < 0) FAIL(i, i, "cần năm âm lịch ở chỗ \"%s\"");
    int year_tok = i++;
    if (!leap && (KEY(i, "nhuận") || KEY(i, "nhuan"))) {
        leap = true;
        i++;
    }
    if (KEY(i, "âm") || KEY(i, "am")) {
        if (KEY(i + 1, "lịch") || KEY(i + 1, "lich")) i += 2;
    }
    if (KEY(i, "(")) {
        /* can-chi of the year, checked */
        int open = i++;
        char want[32], got[64] = "";
        vn_canchi_year(year, want, sizeof want);
        size_t o = 0;
        while (i < n && !KEY(i, ")")) {
            size_t l = t[i].len;
            if (o + l + 2 > sizeof got) FAIL(open, i, "\"%s\" không phải can chi của năm");
            if (o) got[o++] = ' ';
            memcpy(got + o, text + t[i].off, l);
            o += l;
            got[o] = 0;
            i++;
        }
        if (!KEY(i, ")")) FAIL(open, n - 1, "thiếu \")\" sau \"%s\"");
        char fw[64], fg[64];
        if (vn_cal_fold(want, strlen(want), fw, sizeof fw) < 0 || vn_cal_fold(got, strlen(got), fg, sizeof fg) < 0 ||
            strcmp(fw, fg) != 0) {
            char msg[200];
            snprintf(msg, sizeof msg, "\"%%s\": năm âm lịch %d là năm %s", year, want);
            FAIL(year_tok, i, msg);
        }
        i++;
    }
    if (i < n) FAIL(i, n - 1, "thừa \"%s\" sau ngày âm lịch");
#undef KEY
#undef FAIL
    out->day = day;
    out->month = month;
    out->year = year;
    out->leap = leap;
    return 0;
}
