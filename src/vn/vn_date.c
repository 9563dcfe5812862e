/* vn_date.c: Gregorian dates as Vietnamese texts write them: day arithmetic (Julian day
 * numbers), validation with a reason, the reader for "19/8/2019", "ngày 19 tháng 8 năm 2019",
 * "cuối tháng 9/2019", "tháng 10-2025" …, the writers (dd/mm/yyyy, "Thứ Ba, 20/08/2019",
 * "ngày 20 tháng 8 năm 2019") and anniversaries ("năm tròn", "năm chẵn"). */
#include "vn_calendar.h"

#include <stdio.h>
#include <string.h>

bool vn_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int vn_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && vn_leap_year(y) ? 29 : days[m - 1];
}

bool vn_date_valid(struct vn_date d)
{
    return d.year >= 1 && d.year <= 9999 && d.day >= 1 && d.day <= vn_days_in_month(d.year, d.month);
}

/* Fliegel and Van Flandern's integer conversion for the proleptic Gregorian calendar. */
int32_t vn_date_jdn(struct vn_date d)
{
    int32_t a = (14 - d.month) / 12;
    int32_t y = d.year + 4800 - a;
    int32_t m = d.month + 12 * a - 3;
    return d.day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

struct vn_date vn_date_from_jdn(int32_t jdn)
{
    int32_t a = jdn + 32044;
    int32_t b = (4 * a + 3) / 146097;
    int32_t c = a - 146097 * b / 4;
    int32_t d = (4 * c + 3) / 1461;
    int32_t e = c - 1461 * d / 4;
    int32_t m = (5 * e + 2) / 153;
    struct vn_date r;
    r.day = e - (153 * m + 2) / 5 + 1;
    r.month = m + 3 - 12 * (m / 10);
    r.year = 100 * b + d - 4800 + m / 10;
    return r;
}

struct vn_date vn_date_add_days(struct vn_date d, int32_t days) { return vn_date_from_jdn(vn_date_jdn(d) + days); }

int vn_weekday(struct vn_date d) { return (int)(vn_date_jdn(d) % 7) + 1; }

static const char *const weekday_names[8] = {"", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};
static const char *const weekday_abbrs[8] = {"", "T2", "T3", "T4", "T5", "T6", "T7", "CN"};

const char *vn_weekday_name(int wd) { return wd >= 1 && wd <= 7 ? weekday_names[wd] : ""; }
const char *vn_weekday_abbr(int wd) { return wd >= 1 && wd <= 7 ? weekday_abbrs[wd] : ""; }

int vn_date_check(struct vn_date d, struct vn_error *err)
{
    if (vn_date_valid(d)) return 0;
    if (!err) return -1;
    err->offset = err->length = 0;
    if (d.year < 1 || d.year > 9999)
        snprintf(err->message, sizeof err->message, "năm %d nằm ngoài khoảng 1–9999", d.year);
    else if (d.month < 1 || d.month > 12)
        snprintf(err->message, sizeof err->message, "tháng %d không có (tháng từ 1 đến 12)", d.month);
    else if (d.day < 1)
        snprintf(err->message, sizeof err->message, "ngày %d không có", d.day);
    else if (d.month == 2 && d.day == 29)
        snprintf(err->message, sizeof err->message, "ngày 29/02/%04d không có: năm %d không nhuận, tháng 2 chỉ có 28 ngày",
                 d.year, d.year);
    else
        snprintf(err->message, sizeof err->message, "ngày %02d/%02d/%04d không có: tháng %d năm %d chỉ có %d ngày",
                 d.day, d.month, d.year, d.month, d.year, vn_days_in_month(d.year, d.month));
    return -1;
}

int vn_date_format(struct vn_date d, enum vn_date_style style, char *out, size_t cap)
{
    int k = -1;
    if (!out || cap == 0) return -1;
    int wd = vn_weekday(d);
    switch (style) {
    case VN_DATE_DMY: k = snprintf(out, cap, "%02d/%02d/%04d", d.day, d.month, d.year); break;
    case VN_DATE_ISO: k = snprintf(out, cap, "%04d-%02d-%02d", d.year, d.month, d.day); break;
    case VN_DATE_WEEKDAY:
        k = snprintf(out, cap, "%s, %02d/%02d/%04d", vn_weekday_name(wd), d.day, d.month, d.year);
        break;
    case VN_DATE_WEEKDAY_ABBR:
        k = snprintf(out, cap, "%s, %02d/%02d/%04d", vn_weekday_abbr(wd), d.day, d.month, d.year);
        break;
    case VN_DATE_LONG:
        /* Decree 30/2020/NĐ-CP, Appendix I: a day below 10 and the months 1 and 2 are written
         * with a leading zero, so that nobody can add a digit afterwards. */
        k = snprintf(out, cap, d.month <= 2 ? "ngày %02d tháng %02d năm %d" : "ngày %02d tháng %d năm %d", d.day,
                     d.month, d.year);
        break;
    case VN_DATE_LONG_PLAIN: k = snprintf(out, cap, "ngày %d tháng %d năm %d", d.day, d.month, d.year); break;
    }
    if (k < 0 || (size_t)k >= cap) {
        out[0] = 0;
        return -1;
    }
    return 0;
}

/* ----------------------------------------------------------------------------- reading */

struct dp {
    const char *text;
    struct vn_tok *t;
    int n, i;
    struct vn_error *err;
};

static int dfail(struct dp *p, int first, int last, const char *fmt)
{
    const struct vn_tok *a = first >= 0 && first < p->n ? &p->t[first] : NULL;
    const struct vn_tok *b = last >= 0 && last < p->n ? &p->t[last] : a;
    return vn_cal_error(p->err, p->text, a, b, fmt);
}

static bool is_key(struct dp *p, int i, const char *key) { return i < p->n && strcmp(p->t[i].key, key) == 0; }
static bool is_num(struct dp *p, int i) { return i < p->n && p->t[i].type == VN_TOK_NUM; }
static bool is_sep(struct dp *p, int i)
{
    return i < p->n && p->t[i].type == VN_TOK_PUNCT && (is_key(p, i, "/") || is_key(p, i, "-") || is_key(p, i, "."));
}

/* The value of a digit token (at most 4 digits; longer → -1). */
static int num_val(struct dp *p, int i)
{
    if (!is_num(p, i) || p->t[i].len > 4) return -1;
    int v = 0;
    for (size_t k = 0; k < p->t[i].len; k++) v = v * 10 + (p->text[p->t[i].off + k] - '0');
    return v;
}

/* A weekday written before a date: "Thứ Ba", "thứ 3", "T3", "Chủ nhật", "CN". */
static int read_weekday(struct dp *p)
{
    static const char *const words[8] = {"", "hai", "ba", "tư", "năm", "sáu", "bảy", ""};
    int i = p->i;
    if ((is_key(p, i, "thứ") || is_key(p, i, "thu")) && i + 1 < p->n) {
        for (int w = 1; w <= 6; w++)
            if (is_key(p, i + 1, words[w]) || (w == 6 && is_key(p, i + 1, "bẩy")) ||
                (is_num(p, i + 1) && num_val(p, i + 1) == w + 1)) {
                p->i = i + 2;
                return w;
            }
    }
    if ((is_key(p, i, "chủ") || is_key(p, i, "chu")) && (is_key(p, i + 1, "nhật") || is_key(p, i + 1, "nhat"))) {
        p->i = i + 2;
        return 7;
    }
    if (is_key(p, i, "cn")) {
        p->i = i + 1;
        return 7;
    }
    if (i < p->n && p->t[i].type == VN_TOK_WORD && is_key(p, i, "t") && is_num(p, i + 1) && !p->t[i + 1].space_before) {
        int w = num_val(p, i + 1);
        if (w >= 2 && w <= 7) {
            p->i = i + 2;
            return w - 1;
        }
    }
    return 0;
}

/* A year token: `strict` (numeric forms) wants four digits; after "năm" one to four. */
static int read_year(struct dp *p, int i, bool strict, int *year)
{
    if (!is_num(p, i)) return dfail(p, i, i, "cần năm ở chỗ \"%s\"");
    if (p->t[i].len > 4) return dfail(p, i, i, "năm \"%s\" quá dài");
    if (strict && p->t[i].len != 4)
        return dfail(p, i, i, "năm \"%s\" phải viết đủ bốn chữ số");
    *year = num_val(p, i);
    if (*year < 1) return dfail(p, i, i, "năm \"%s\" không có");
    return 0;
}

static int check_date(struct dp *p, int first, int last, struct vn_date d)
{
    struct vn_error e;
    if (vn_date_check(d, &e) == 0) return 0;
    char fmt[sizeof e.message + 16];
    snprintf(fmt, sizeof fmt, "\"%%s\": %s", e.message);
    return dfail(p, first, last, fmt);
}

/* Month and year after "tháng": "9/2019", "9-2019", "09.2019", "9 năm 2019", "9" (with ref). */
static int read_month_year(struct dp *p, const struct vn_date *ref, int *month, int *year, bool *from_ref)
{
    int i = p->i;
    int m = num_val(p, i);
    if (m < 0) return dfail(p, i, i, "cần số tháng ở chỗ \"%s\"");
    if (m < 1 || m > 12) return dfail(p, i, i, "tháng \"%s\" không có (tháng từ 1 đến 12)");
    i++;
    *from_ref = false;
    if (is_sep(p, i) && is_num(p, i + 1)) {
        if (read_year(p, i + 1, true, year) < 0) return -1;
        i += 2;
    } else if ((is_key(p, i, "năm") || is_key(p, i, "nam")) && is_num(p, i + 1)) {
        if (read_year(p, i + 1, false, year) < 0) return -1;
        i += 2;
    } else if (ref) {
        *year = ref->year;
        *from_ref = true;
    } else {
        return dfail(p, p->i, p->i, "thiếu năm sau tháng \"%s\" (và không có ngày tham chiếu)");
    }
    *month = m;
    p->i = i;
    return 0;
}

int vn_date_parse(const char *text, const struct vn_date *ref, unsigned flags,
                  struct vn_date_parsed *out, struct vn_error *err)
{
    struct vn_tok toks[VN_TOKENS_MAX];
    memset(out, 0, sizeof *out);
    if (!text) text = "";
    int n = vn_cal_tokenize(text, toks, VN_TOKENS_MAX, err);
    if (n < 0) return -1;
    struct dp P = {text, toks, n, 0, err}, *p = &P;
    if (n == 0) return dfail(p, -1, -1, "không có ngày tháng");
    if (ref && !vn_date_valid(*ref)) return dfail(p, -1, -1, "ngày tham chiếu không hợp lệ");

    int wd_first = p->i;
    int wd = read_weekday(p);
    int wd_last = p->i - 1;
    if (wd && (is_key(p, p->i, ",") || is_key(p, p->i, "-"))) p->i++;
    int start = p->i;
    if (p->i >= n) return dfail(p, wd_first, wd_last, "sau \"%s\" thiếu ngày tháng");

    struct vn_date d = {0, 0, 0};
    bool end_of_month = is_key(p, p->i, "cuối") || is_key(p, p->i, "cuoi");
    if (end_of_month) p->i++;
    if (is_key(p, p->i, "tháng") || is_key(p, p->i, "thang")) {
        p->i++;
        if (read_month_year(p, ref, &d.month, &d.year, &out->year_from_ref) < 0) return -1;
        if (check_date(p, start, p->i - 1, (struct vn_date){d.year, d.month, 1}) < 0) return -1;
        d.day = vn_days_in_month(d.year, d.month);
        out->kind = end_of_month ? VN_DATE_END_OF_MONTH : VN_DATE_MONTH;
        out->date = end_of_month ? d : (struct vn_date){d.year, d.month, 1};
        out->last = d;
    } else if (end_of_month) {
        return dfail(p, start, start, "sau \"%s\" cần \"tháng …\"");
    } else if ((is_key(p, p->i, "năm") || is_key(p, p->i, "nam")) && is_num(p, p->i + 1) && !is_sep(p, p->i + 2)) {
        if (read_year(p, p->i + 1, false, &d.year) < 0) return -1;
        p->i += 2;
        out->kind = VN_DATE_YEAR;
        out->date = (struct vn_date){d.year, 1, 1};
        out->last = (struct vn_date){d.year, 12, 31};
    } else {
        if (is_key(p, p->i, "ngày") || is_key(p, p->i, "ngay")) p->i++;
        int i = p->i;
        if (!is_num(p, i)) {
            if (i >= n) return dfail(p, start, n - 1, "sau \"%s\" thiếu ngày");
            return dfail(p, i, i, "không đọc được \"%s\" như một ngày tháng");
        }
        if (p->t[i].len == 4 && is_key(p, i + 1, "-") && is_num(p, i + 2) && is_key(p, i + 3, "-") && is_num(p, i + 4)) {
            /* ISO 8601: 2019-08-19 */
            d.year = num_val(p, i);
            d.month = num_val(p, i + 2);
            d.day = num_val(p, i + 4);
            if (p->t[i + 2].len > 2 || p->t[i + 4].len > 2) return dfail(p, i, i + 4, "ngày ISO \"%s\" phải có dạng YYYY-MM-DD");
            p->i = i + 5;
        } else {
            int a = num_val(p, i);
            if (a < 0 || p->t[i].len > 2) return dfail(p, i, i, "ngày \"%s\" không hợp lệ");
            if (is_sep(p, i + 1) && is_num(p, i + 2)) {
                int b = num_val(p, i + 2);
                if (b < 0 || p->t[i + 2].len > 2) return dfail(p, i + 2, i + 2, "tháng \"%s\" không hợp lệ");
                p->i = i + 3;
                if (is_sep(p, p->i) && is_num(p, p->i + 1) && strcmp(p->t[p->i].key, p->t[i + 1].key) == 0) {
                    if (p->t[p->i + 1].len == 2)
                        return dfail(p, p->i + 1, p->i + 1, "năm hai chữ số \"%s\" không rõ thế kỷ: viết đủ bốn chữ số");
                    if (read_year(p, p->i + 1, true, &d.year) < 0) return -1;
                    p->i += 2;
                } else if (ref) {
                    d.year = ref->year;
                    out->year_from_ref = true;
                } else {
                    return dfail(p, i, i + 2, "\"%s\" thiếu năm (và không có ngày tham chiếu)");
                }
                if (flags & VN_DATE_US_ORDER) {
                    d.month = a;
                    d.day = b;
                } else {
                    d.day = a;
                    d.month = b;
                    if (b > 12 && a <= 12 && !out->year_from_ref) {
                        struct vn_date us = {d.year, a, b};
                        if (vn_date_valid(us))
                            return dfail(p, i, p->i - 1,
                                         "\"%s\": không có tháng lớn hơn 12; nếu đây là thứ tự tháng/ngày kiểu Mỹ, "
                                         "hãy dùng tùy chọn đọc kiểu Mỹ");
                    }
                }
            } else if ((is_key(p, i + 1, "tháng") || is_key(p, i + 1, "thang"))) {
                d.day = a;
                p->i = i + 2;
                int m = num_val(p, p->i);
                if (m < 0 || p->t[p->i].len > 2) return dfail(p, p->i, p->i, "cần số tháng ở chỗ \"%s\"");
                d.month = m;
                p->i++;
                if ((is_key(p, p->i, "năm") || is_key(p, p->i, "nam"))) {
                    if (read_year(p, p->i + 1, false, &d.year) < 0) return -1;
                    p->i += 2;
                } else if (is_sep(p, p->i) && is_num(p, p->i + 1)) {
                    if (read_year(p, p->i + 1, true, &d.year) < 0) return -1;
                    p->i += 2;
                } else if (ref) {
                    d.year = ref->year;
                    out->year_from_ref = true;
                } else {
                    return dfail(p, i, p->i - 1, "\"%s\" thiếu năm (và không có ngày tham chiếu)");
                }
            } else {
                return dfail(p, i, i < n - 1 ? i + 1 : i, "không đọc được \"%s\" như một ngày tháng");
            }
        }
        if (check_date(p, start, p->i - 1, d) < 0) return -1;
        out->kind = VN_DATE_DAY;
        out->date = out->last = d;
    }

    if (wd) {
        if (out->kind != VN_DATE_DAY && out->kind != VN_DATE_END_OF_MONTH)
            return dfail(p, wd_first, p->i - 1, "\"%s\": thứ trong tuần chỉ đi với một ngày");
        int real = vn_weekday(out->date);
        if (real != wd) {
            char msg[200];
            snprintf(msg, sizeof msg, "\"%%s\": ngày %02d/%02d/%04d là %s, không phải %s", out->date.day,
                     out->date.month, out->date.year, vn_weekday_name(real), vn_weekday_name(wd));
            return dfail(p, wd_first, p->i - 1, msg);
        }
        out->weekday = wd;
    }

    /* optional time: "- 08:53", ", 08:53:10", "lúc 8:53" */
    if (p->i < n) {
        int i = p->i;
        if (is_key(p, i, "-") || is_key(p, i, ",") || is_key(p, i, "lúc") || is_key(p, i, "luc")) i++;
        if (is_num(p, i) && is_key(p, i + 1, ":") && is_num(p, i + 2)) {
            int h = num_val(p, i), mi = num_val(p, i + 2), s = 0, last = i + 2;
            if (is_key(p, i + 3, ":") && is_num(p, i + 4)) {
                s = num_val(p, i + 4);
                last = i + 4;
            }
            if (p->t[i].len > 2 || p->t[i + 2].len != 2 || (last == i + 4 && p->t[i + 4].len != 2) || h < 0 ||
                h > 23 || mi > 59 || s > 59)
                return dfail(p, i, last, "giờ \"%s\" không hợp lệ");
            out->has_time = true;
            out->hour = h;
            out->minute = mi;
            out->second = s;
            p->i = last + 1;
        }
    }
    if (p->i < n && is_key(p, p->i, ".") && p->i == n - 1) p->i++;
    if (p->i < n) return dfail(p, p->i, n - 1, "thừa \"%s\" sau ngày tháng");
    return 0;
}

/* ----------------------------------------------------------------------- anniversaries */

const char *vn_anniversary_class_name(enum vn_anniversary_class c)
{
    switch (c) {
    case VN_ANNIV_TRON: return "năm tròn";
    case VN_ANNIV_CHAN: return "năm chẵn";
    case VN_ANNIV_PLAIN: return "";
    }
    return "";
}

int vn_anniversary(struct vn_date event, int year, struct vn_anniversary *out, struct vn_error *err)
{
    memset(out, 0, sizeof *out);
    if (vn_date_check(event, err) < 0) return -1;
    if (year <= event.year || year > 9999) {
        if (err) {
            err->offset = err->length = 0;
            snprintf(err->message, sizeof err->message, "năm kỷ niệm %d phải sau năm của sự kiện (%d)", year, event.year);
        }
        return -1;
    }
    out->count = year - event.year;
    out->event = event;
    out->date = (struct vn_date){year, event.month, event.day};
    if (!vn_date_valid(out->date)) out->date.day = 28;   /* 29/2 in a common year */
    out->cls = out->count % 10 == 0 ? VN_ANNIV_TRON : out->count % 10 == 5 ? VN_ANNIV_CHAN : VN_ANNIV_PLAIN;
    return 0;
}

int vn_anniversary_format(const struct vn_anniversary *a, const char *what, char *out, size_t cap)
{
    char d1[16], d2[16];
    if (!out || cap == 0) return -1;
    if (vn_date_format(a->event, VN_DATE_DMY, d1, sizeof d1) < 0 || vn_date_format(a->date, VN_DATE_DMY, d2, sizeof d2) < 0)
        return -1;
    int k = what && *what ? snprintf(out, cap, "%d năm %s (%s - %s)", a->count, what, d1, d2)
                          : snprintf(out, cap, "%d năm (%s - %s)", a->count, d1, d2);
    if (k < 0 || (size_t)k >= cap) {
        out[0] = 0;
        return -1;
    }
    return 0;
}

static bool day_iso(const char *text, bool month_end_ok, char out[11])
{
    struct vn_date_parsed p;
    struct vn_error err;
    if (!text || vn_date_parse(text, NULL, 0, &p, &err) != 0) return false;
    if (!(p.kind == VN_DATE_DAY || (month_end_ok && p.kind == VN_DATE_END_OF_MONTH))) return false;
    if (p.has_time || p.date.year < 1800 || p.date.year > 2200) return false;
    return vn_date_format(p.date, VN_DATE_ISO, out, 11) == 0;
}

bool vn_day_iso(const char *text, char out[11]) { return day_iso(text, false, out); }
bool vn_day_option(const char *text, void *iso) { return day_iso(text, false, (char *)iso); }
bool vn_day_iso_month_end(const char *text, char out[11]) { return day_iso(text, true, out); }
