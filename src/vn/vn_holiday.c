/* vn_holiday.c: Vietnamese public holidays and working days. The law is data here: each rule
 * is a row with its period of force and its citation, so a 2019 deadline is computed with 2019
 * rules and a 2026 one with 2026 rules. A year's calendar = the days the rules give (holidays,
 * plus nghỉ bù when a holiday falls on a weekly rest day) + the administrator's amendments
 * (extra days off, cancelled days, worked Saturdays "làm bù"), which the Government decides
 * each year and the platform stores; this file only applies them.
 * Rows marked [verify] in comments rest on one source and should be checked against the
 * official text; they are data, so a correction is a one-line change. */
#include "vn_calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Labour Code 1994 (in force 1/1/1995), Art. 73: 1/1, Tết 4 days ("một ngày cuối năm và ba
 * ngày đầu năm âm lịch"), 30/4, 1/5, 2/9. Law 84/2007/QH11 added Giỗ Tổ Hùng Vương [verify the
 * date of force; first observed 26/4/2007]. Labour Code 2012 (in force 1/5/2013), Art. 115: Tết
 * 5 days. Labour Code 2019 (in force 1/1/2021), Art. 112: 2/9 becomes 2 days (2/9 and one day
 * before or after). The Tết days the law leaves to the Prime Minister default here to the last
 * day of the old year and the first days of the new one. */
const struct vn_holiday_rule vn_holiday_rules[] = {
    {"1995-01-01", "2013-04-30", "Tết Dương lịch", VN_ANCHOR_SOLAR, 1, 1, 0, 0, false,
     "Bộ luật Lao động 1994, Điều 73"},
    {"1995-01-01", "2013-04-30", "Tết Nguyên đán", VN_ANCHOR_LUNAR, 1, 1, 1, 2, false,
     "Bộ luật Lao động 1994, Điều 73"},
    {"2007-04-02", "2013-04-30", "Giỗ Tổ Hùng Vương", VN_ANCHOR_LUNAR, 3, 10, 0, 0, false,
     "Luật số 84/2007/QH11 sửa đổi Điều 73 Bộ luật Lao động 1994"},
    {"1995-01-01", "2013-04-30", "Ngày Chiến thắng", VN_ANCHOR_SOLAR, 4, 30, 0, 0, false,
     "Bộ luật Lao động 1994, Điều 73"},
    {"1995-01-01", "2013-04-30", "Ngày Quốc tế Lao động", VN_ANCHOR_SOLAR, 5, 1, 0, 0, false,
     "Bộ luật Lao động 1994, Điều 73"},
    {"1995-01-01", "2013-04-30", "Quốc khánh", VN_ANCHOR_SOLAR, 9, 2, 0, 0, false,
     "Bộ luật Lao động 1994, Điều 73"},

    {"2013-05-01", "2020-12-31", "Tết Dương lịch", VN_ANCHOR_SOLAR, 1, 1, 0, 0, false,
     "Bộ luật Lao động 2012, Điều 115"},
    {"2013-05-01", "2020-12-31", "Tết Nguyên đán", VN_ANCHOR_LUNAR, 1, 1, 1, 3, false,
     "Bộ luật Lao động 2012, Điều 115"},
    {"2013-05-01", "2020-12-31", "Giỗ Tổ Hùng Vương", VN_ANCHOR_LUNAR, 3, 10, 0, 0, false,
     "Bộ luật Lao động 2012, Điều 115"},
    {"2013-05-01", "2020-12-31", "Ngày Chiến thắng", VN_ANCHOR_SOLAR, 4, 30, 0, 0, false,
     "Bộ luật Lao động 2012, Điều 115"},
    {"2013-05-01", "2020-12-31", "Ngày Quốc tế Lao động", VN_ANCHOR_SOLAR, 5, 1, 0, 0, false,
     "Bộ luật Lao động 2012, Điều 115"},
    {"2013-05-01", "2020-12-31", "Quốc khánh", VN_ANCHOR_SOLAR, 9, 2, 0, 0, false,
     "Bộ luật Lao động 2012, Điều 115"},

    {"2021-01-01", NULL, "Tết Dương lịch", VN_ANCHOR_SOLAR, 1, 1, 0, 0, false,
     "Bộ luật Lao động 2019, Điều 112"},
    {"2021-01-01", NULL, "Tết Nguyên đán", VN_ANCHOR_LUNAR, 1, 1, 1, 3, false,
     "Bộ luật Lao động 2019, Điều 112"},
    {"2021-01-01", NULL, "Giỗ Tổ Hùng Vương", VN_ANCHOR_LUNAR, 3, 10, 0, 0, false,
     "Bộ luật Lao động 2019, Điều 112"},
    {"2021-01-01", NULL, "Ngày Chiến thắng", VN_ANCHOR_SOLAR, 4, 30, 0, 0, false,
     "Bộ luật Lao động 2019, Điều 112"},
    {"2021-01-01", NULL, "Ngày Quốc tế Lao động", VN_ANCHOR_SOLAR, 5, 1, 0, 0, false,
     "Bộ luật Lao động 2019, Điều 112"},
    {"2021-01-01", NULL, "Quốc khánh", VN_ANCHOR_SOLAR, 9, 2, 0, 0, true,
     "Bộ luật Lao động 2019, Điều 112"},
};
const size_t vn_holiday_rule_count = sizeof vn_holiday_rules / sizeof vn_holiday_rules[0];

#define SAT (1u << 6)
#define SUN (1u << 7)
/* Weekly rest of state offices and the nghỉ bù rule. Before the 40-hour week (Decision
 * 188/1999/QĐ-TTg, from 2/10/1999 [verify]) Saturday was a working day. */
const struct vn_rest_rule vn_rest_rules[] = {
    {"1995-01-01", "1999-10-01", SUN, "Bộ luật Lao động 1994, Điều 72, 73 (nghỉ bù)"},
    {"1999-10-02", "2013-04-30", SAT | SUN,
     "Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ); Bộ luật Lao động 1994, Điều 73 (nghỉ bù)"},
    {"2013-05-01", "2020-12-31", SAT | SUN,
     "Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ); Bộ luật Lao động 2012, Điều 115 khoản 3 (nghỉ bù)"},
    {"2021-01-01", NULL, SAT | SUN,
     "Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ); Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù)"},
};
const size_t vn_rest_rule_count = sizeof vn_rest_rules / sizeof vn_rest_rules[0];

static int32_t iso_jdn(const char *iso)
{
    struct vn_date d;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &d.year, &d.month, &d.day) != 3) return 0;
    return vn_date_jdn(d);
}

static bool in_force(const char *from, const char *until, int32_t jdn)
{
    return (!from || jdn >= iso_jdn(from)) && (!until || jdn <= iso_jdn(until));
}

static unsigned rest_mask_at(int32_t jdn, const char **citation)
{
    for (size_t i = 0; i < vn_rest_rule_count; i++)
        if (in_force(vn_rest_rules[i].from, vn_rest_rules[i].until, jdn)) {
            if (citation) *citation = vn_rest_rules[i].citation;
            return vn_rest_rules[i].rest_mask;
        }
    if (citation) *citation = "";
    return SUN;
}

static bool is_rest(int32_t jdn) { return (rest_mask_at(jdn, NULL) >> (jdn % 7 + 1)) & 1u; }

static int hfail(struct vn_error *err, const char *fmt, int v)
{
    if (err) {
        err->offset = err->length = 0;
        snprintf(err->message, sizeof err->message, fmt, v);
    }
    return -1;
}

static const char *const lunar_day_names[] = {"", "mùng 1", "mùng 2", "mùng 3", "mùng 4", "mùng 5",
                                              "mùng 6", "mùng 7", "mùng 8", "mùng 9", "mùng 10"};

static int by_date(const void *a, const void *b)
{
    const struct vn_calendar_day *x = a, *y = b;
    int32_t jx = vn_date_jdn(x->date), jy = vn_date_jdn(y->date);
    if (jx != jy) return jx < jy ? -1 : 1;
    return (int)x->source - (int)y->source;
}

struct list {
    struct vn_calendar_day *d;
    size_t n, cap;
};

static struct vn_calendar_day *push(struct list *l)
{
    if (l->n == l->cap) return NULL;
    struct vn_calendar_day *e = &l->d[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

static bool listed_off(const struct list *l, int32_t jdn)
{
    for (size_t i = 0; i < l->n; i++)
        if (!l->d[i].working && vn_date_jdn(l->d[i].date) == jdn) return true;
    return false;
}

/* The second day of Quốc khánh: the neighbour of 2/9 that is a working day next to a weekly
 * rest day, so that the days off join the weekend (the Government's choice in 2021–2025:
 * 3/9/2021 Fri, 1/9/2022 Thu, 1/9/2023 Fri, 3/9/2024 Tue, 1/9/2025 Mon); when both or neither
 * qualify (2/9 on a Wednesday), the day before. Administrators amend other choices. */
static int32_t adjacent_day(int32_t anchor)
{
    int best = -1;
    int32_t pick = anchor - 1;
    for (int side = -1; side <= 1; side += 2) {
        int32_t c = anchor + side;
        int score = is_rest(c) ? 0 : (is_rest(c + side) ? 2 : 1);
        if (score > best) {
            best = score;
            pick = c;
        }
    }
    return pick;
}

static int rule_days(int year, struct list *l, struct vn_error *err)
{
    for (size_t r = 0; r < vn_holiday_rule_count; r++) {
        const struct vn_holiday_rule *rule = &vn_holiday_rules[r];
        struct vn_date anchor = {year, rule->month, rule->day};
        if (rule->anchor == VN_ANCHOR_LUNAR) {
            struct vn_lunar_date ld = {year, rule->month, rule->day, false};
            if (vn_lunar_to_solar(ld, &anchor, err) < 0) return -1;
        }
        int32_t a = vn_date_jdn(anchor);
        if (!in_force(rule->from, rule->until, a)) continue;
        for (int k = -rule->days_before; k <= rule->days_after; k++) {
            struct vn_calendar_day *e = push(l);
            if (!e) return hfail(err, "quá nhiều ngày nghỉ trong năm %d", year);
            e->date = vn_date_from_jdn(a + k);
            e->source = VN_DAY_RULE;
            e->name = rule->name;
            e->citation = rule->citation;
            if (rule->anchor == VN_ANCHOR_LUNAR) {
                struct vn_lunar_date ld;
                if (vn_solar_to_lunar(e->date, &ld, err) < 0) return -1;
                if (rule->month == 1 && rule->day == 1 && ld.month == 1 && ld.day <= 10)
                    snprintf(e->detail, sizeof e->detail, "%s Tết (%d/%d âm lịch)", lunar_day_names[ld.day], ld.day, ld.month);
                else if (ld.month == 12)
                    snprintf(e->detail, sizeof e->detail, "%d tháng Chạp (%d/12 âm lịch)", ld.day, ld.day);
                else
                    snprintf(e->detail, sizeof e->detail, "%d/%d âm lịch", ld.day, ld.month);
            }
        }
        if (rule->adjacent) {
            struct vn_calendar_day *e = push(l);
            if (!e) return hfail(err, "quá nhiều ngày nghỉ trong năm %d", year);
            e->date = vn_date_from_jdn(adjacent_day(a));
            e->source = VN_DAY_RULE;
            e->name = rule->name;
            e->citation = rule->citation;
            snprintf(e->detail, sizeof e->detail, "ngày liền kề");
        }
    }
    /* nghỉ bù: each rule day on a rest day gives the next day that is neither a rest day, nor a
     * holiday, nor already a nghỉ bù. Two holidays on one day give two days (each is owed). */
    qsort(l->d, l->n, sizeof l->d[0], by_date);
    size_t rules_n = l->n;
    for (size_t i = 0; i < rules_n; i++) {
        int32_t j = vn_date_jdn(l->d[i].date);
        bool dup = i > 0 && vn_date_jdn(l->d[i - 1].date) == j;
        if (!is_rest(j) && !dup) continue;
        int32_t c = j + 1;
        while (is_rest(c) || listed_off(l, c)) c++;
        const char *cite;
        rest_mask_at(j, &cite);
        struct vn_calendar_day *e = push(l);
        if (!e) return hfail(err, "quá nhiều ngày nghỉ trong năm %d", year);
        e->date = vn_date_from_jdn(c);
        e->source = VN_DAY_COMPENSATORY;
        e->name = "Nghỉ bù";
        e->citation = cite;
        snprintf(e->detail, sizeof e->detail, "nghỉ bù cho %02d/%02d/%04d", l->d[i].date.day, l->d[i].date.month,
                 l->d[i].date.year);
    }
    return 0;
}

static void remove_date(struct list *l, int32_t jdn)
{
    size_t o = 0;
    for (size_t i = 0; i < l->n; i++)
        if (vn_date_jdn(l->d[i].date) != jdn) l->d[o++] = l->d[i];
    l->n = o;
}

int vn_holidays(const struct vn_holiday_calendar *cal, int year, struct vn_calendar_day *out, size_t cap,
                struct vn_error *err)
{
    if (year < VN_HOLIDAY_FIRST_YEAR || year > VN_HOLIDAY_LAST_YEAR)
        return hfail(err, "chỉ có lịch ngày nghỉ cho các năm 1995–2100, không có năm %d", year);
    struct vn_calendar_day tmp[VN_CALENDAR_DAYS_MAX];
    struct list l = {tmp, 0, VN_CALENDAR_DAYS_MAX};
    if (rule_days(year, &l, err) < 0) return -1;
    /* nghỉ bù may fall after 31/12 only in theory; keep the year's own days */
    size_t o = 0;
    for (size_t i = 0; i < l.n; i++)
        if (l.d[i].date.year == year) l.d[o++] = l.d[i];
    l.n = o;
    if (cal)
        for (size_t i = 0; i < cal->n_amendments; i++) {
            const struct vn_amendment *a = &cal->amendments[i];
            if (a->date.year != year || !vn_date_valid(a->date)) continue;
            int32_t j = vn_date_jdn(a->date);
            remove_date(&l, j);
            if (a->kind == VN_AMEND_CANCEL) continue;
            struct vn_calendar_day *e = push(&l);
            if (!e) return hfail(err, "quá nhiều ngày điều chỉnh trong năm %d", year);
            e->date = a->date;
            e->working = a->kind == VN_AMEND_WORKING;
            e->source = VN_DAY_AMENDED;
            e->name = a->note && *a->note ? a->note : e->working ? "Làm bù" : "Ngày nghỉ (điều chỉnh)";
            e->citation = "";
        }
    qsort(l.d, l.n, sizeof l.d[0], by_date);
    if (l.n > cap) return hfail(err, "không đủ chỗ cho %d ngày", (int)l.n);
    memcpy(out, l.d, l.n * sizeof l.d[0]);
    return (int)l.n;
}

/* One year's working-day map, recomputed when a walk crosses into another year. */
struct year_map {
    int year;
    int32_t first;          /* JDN of 1 January */
    unsigned char working[366];
};

static int year_map_load(const struct vn_holiday_calendar *cal, int year, struct year_map *m, struct vn_error *err)
{
    struct vn_calendar_day days[VN_CALENDAR_DAYS_MAX];
    int n = vn_holidays(cal, year, days, VN_CALENDAR_DAYS_MAX, err);
    if (n < 0) return -1;
    m->year = year;
    m->first = vn_date_jdn((struct vn_date){year, 1, 1});
    int len = vn_leap_year(year) ? 366 : 365;
    for (int i = 0; i < len; i++) m->working[i] = !is_rest(m->first + i);
    for (int i = 0; i < n; i++) m->working[vn_date_jdn(days[i].date) - m->first] = days[i].working;
    return 0;
}

static int working_at(const struct vn_holiday_calendar *cal, int32_t jdn, struct year_map *m, struct vn_error *err)
{
    struct vn_date d = vn_date_from_jdn(jdn);
    if (d.year != m->year && year_map_load(cal, d.year, m, err) < 0) return -1;
    return m->working[jdn - m->first];
}

int vn_is_working_day(const struct vn_holiday_calendar *cal, struct vn_date d, struct vn_error *err)
{
    if (vn_date_check(d, err) < 0) return -1;
    struct year_map m = {.year = 0};
    return working_at(cal, vn_date_jdn(d), &m, err);
}

int vn_add_working_days(const struct vn_holiday_calendar *cal, struct vn_date d, int n, struct vn_date *out,
                        struct vn_error *err)
{
    if (vn_date_check(d, err) < 0) return -1;
    if (d.year < VN_HOLIDAY_FIRST_YEAR || d.year > VN_HOLIDAY_LAST_YEAR)
        return hfail(err, "chỉ có lịch ngày nghỉ cho các năm 1995–2100, không có năm %d", d.year);
    struct year_map m = {.year = 0};
    int32_t j = vn_date_jdn(d);
    int step = n < 0 ? -1 : 1;
    for (int left = n < 0 ? -n : n; left > 0;) {
        j += step;
        int w = working_at(cal, j, &m, err);
        if (w < 0) return -1;
        if (w) left--;
    }
    *out = vn_date_from_jdn(j);
    return 0;
}

int vn_count_working_days(const struct vn_holiday_calendar *cal, struct vn_date from, struct vn_date to, int *out,
                          struct vn_error *err)
{
    if (vn_date_check(from, err) < 0 || vn_date_check(to, err) < 0) return -1;
    int32_t a = vn_date_jdn(from), b = vn_date_jdn(to);
    int sign = 1;
    if (b < a) {
        int32_t t = a;
        a = b;
        b = t;
        sign = -1;
    }
    struct year_map m = {.year = 0};
    int count = 0;
    for (int32_t j = a + 1; j <= b; j++) {
        int w = working_at(cal, j, &m, err);
        if (w < 0) return -1;
        count += w;
    }
    *out = sign * count;
    return 0;
}

int vn_amendment_parse(const char *line, struct vn_amendment *a, char *note_buf, size_t cap, struct vn_error *err)
{
    memset(a, 0, sizeof *a);
    if (cap) note_buf[0] = 0;
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    const char *date_end = p;
    while (*date_end && *date_end != ' ' && *date_end != '\t') date_end++;
    char date[40];
    size_t dl = (size_t)(date_end - p);
    if (dl == 0 || dl >= sizeof date) {
        if (err) {
            err->offset = (size_t)(p - line);
            err->length = dl;
            snprintf(err->message, sizeof err->message, "dòng điều chỉnh phải bắt đầu bằng một ngày (YYYY-MM-DD)");
        }
        return -1;
    }
    memcpy(date, p, dl);
    date[dl] = 0;
    struct vn_date_parsed dp;
    if (vn_date_parse(date, NULL, 0, &dp, err) < 0 || dp.kind != VN_DATE_DAY) {
        if (err) {
            if (dp.kind != VN_DATE_DAY) snprintf(err->message, sizeof err->message, "\"%s\" không phải một ngày", date);
            err->offset += (size_t)(p - line);
        }
        return -1;
    }
    a->date = dp.date;
    const char *k = date_end;
    while (*k == ' ' || *k == '\t') k++;
    const char *k_end = k;
    while (*k_end && *k_end != ' ' && *k_end != '\t') k_end++;
    char kind[48];
    int kl = vn_cal_fold(k, (size_t)(k_end - k), kind, sizeof kind);
    static const struct { const char *w; enum vn_amend_kind kind; } kinds[] = {
        {"off", VN_AMEND_DAY_OFF}, {"nghỉ", VN_AMEND_DAY_OFF}, {"nghi", VN_AMEND_DAY_OFF},
        {"cancel", VN_AMEND_CANCEL}, {"hủy", VN_AMEND_CANCEL}, {"huỷ", VN_AMEND_CANCEL}, {"huy", VN_AMEND_CANCEL},
        {"work", VN_AMEND_WORKING}, {"làm-bù", VN_AMEND_WORKING}, {"lam-bu", VN_AMEND_WORKING},
    };
    bool found = false;
    for (size_t i = 0; kl > 0 && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kind, kinds[i].w) == 0) {
            a->kind = kinds[i].kind;
            found = true;
        }
    if (!found) {
        if (err) {
            err->offset = (size_t)(k - line);
            err->length = (size_t)(k_end - k);
            snprintf(err->message, sizeof err->message,
                     "loại điều chỉnh \"%.*s\" không có (dùng off, cancel hoặc work)", (int)(k_end - k > 40 ? 40 : k_end - k), k);
        }
        return -1;
    }
    const char *note = k_end;
    while (*note == ' ' || *note == '\t') note++;
    size_t nl = strlen(note);
    while (nl && (note[nl - 1] == ' ' || note[nl - 1] == '\t' || note[nl - 1] == '\r' || note[nl - 1] == '\n')) nl--;
    if (nl && cap) {
        if (nl >= cap) nl = cap - 1;
        while (nl && ((unsigned char)note[nl] & 0xC0) == 0x80) nl--;   /* whole characters */
        memcpy(note_buf, note, nl);
        note_buf[nl] = 0;
        a->note = note_buf;
    }
    return 0;
}
