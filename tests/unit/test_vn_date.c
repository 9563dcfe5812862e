/* test_vn_date.c: dates read and written as Vietnamese texts (vn_date.c): the forms of the
 * issue, validation messages, weekdays, the Decree 30/2020 long form, anniversaries, and the
 * Julian-day arithmetic checked day by day against mktime over 1900–2100. */
#include <time.h>

#include "check.h"
#include "vn_calendar.h"

static void expect(const char *text, const struct vn_date *ref, unsigned flags, enum vn_date_kind kind, int y, int m, int d)
{
    struct vn_date_parsed p;
    struct vn_error e;
    if (vn_date_parse(text, ref, flags, &p, &e) != 0) {
        check_fail_at(__FILE__, __LINE__, "\"%s\": error %s", text, e.message);
        return;
    }
    if (p.kind != kind || p.date.year != y || p.date.month != m || p.date.day != d)
        check_fail_at(__FILE__, __LINE__, "\"%s\" = kind %d %04d-%02d-%02d, want kind %d %04d-%02d-%02d", text, p.kind,
                      p.date.year, p.date.month, p.date.day, kind, y, m, d);
}

static void expect_error(const char *text, const struct vn_date *ref, unsigned flags, const char *part)
{
    struct vn_date_parsed p;
    struct vn_error e;
    if (vn_date_parse(text, ref, flags, &p, &e) == 0) {
        check_fail_at(__FILE__, __LINE__, "\"%s\" parsed, want an error with \"%s\"", text, part);
        return;
    }
    CHECK_CONTAINS(e.message, part);
    CHECK(e.offset + e.length <= strlen(text));
}

static void test_forms(void)
{
    expect("19/8/2019", NULL, 0, VN_DATE_DAY, 2019, 8, 19);
    expect("19-10-2019", NULL, 0, VN_DATE_DAY, 2019, 10, 19);
    expect("19.10.2019", NULL, 0, VN_DATE_DAY, 2019, 10, 19);
    expect("04/11/1909", NULL, 0, VN_DATE_DAY, 1909, 11, 4);
    expect("2019-08-19", NULL, 0, VN_DATE_DAY, 2019, 8, 19);
    expect("ngày 19 tháng 8 năm 2019", NULL, 0, VN_DATE_DAY, 2019, 8, 19);
    expect("Ngày 19 tháng 08 năm 2019", NULL, 0, VN_DATE_DAY, 2019, 8, 19);
    expect("19 tháng 8 năm 2019", NULL, 0, VN_DATE_DAY, 2019, 8, 19);
    expect("ngay 19 thang 8 nam 2019", NULL, 0, VN_DATE_DAY, 2019, 8, 19);
    expect("Thứ Ba, 20/08/2019", NULL, 0, VN_DATE_DAY, 2019, 8, 20);
    expect("T3, 20/08/2019", NULL, 0, VN_DATE_DAY, 2019, 8, 20);
    expect("thứ 3, 20/08/2019", NULL, 0, VN_DATE_DAY, 2019, 8, 20);
    expect("Chủ nhật, 18/8/2019", NULL, 0, VN_DATE_DAY, 2019, 8, 18);
    expect("CN 18/8/2019", NULL, 0, VN_DATE_DAY, 2019, 8, 18);
    expect("cuối tháng 9/2019", NULL, 0, VN_DATE_END_OF_MONTH, 2019, 9, 30);
    expect("cuối tháng 2 năm 2024", NULL, 0, VN_DATE_END_OF_MONTH, 2024, 2, 29);
    expect("tháng 10-2025", NULL, 0, VN_DATE_MONTH, 2025, 10, 1);
    expect("tháng 10 năm 2025", NULL, 0, VN_DATE_MONTH, 2025, 10, 1);
    expect("năm 2019", NULL, 0, VN_DATE_YEAR, 2019, 1, 1);
    expect("năm 938", NULL, 0, VN_DATE_YEAR, 938, 1, 1);
    expect("ngày 19/8/2019.", NULL, 0, VN_DATE_DAY, 2019, 8, 19);
    struct vn_date_parsed p;
    struct vn_error e;
    CHECK_INT(vn_date_parse("tháng 10-2025", NULL, 0, &p, &e), 0);
    CHECK_INT(p.last.day, 31);
    CHECK_INT(vn_date_parse("cuối tháng 9/2019", NULL, 0, &p, &e), 0);
    CHECK_INT(p.kind, VN_DATE_END_OF_MONTH);
    CHECK_INT(p.last.day, 30);
}

static void test_reference_year(void)
{
    struct vn_date ref = {2024, 9, 10};
    expect("19/8", &ref, 0, VN_DATE_DAY, 2024, 8, 19);
    expect("ngày 19 tháng 8", &ref, 0, VN_DATE_DAY, 2024, 8, 19);
    expect("tháng 9", &ref, 0, VN_DATE_MONTH, 2024, 9, 1);
    expect("29/2", &ref, 0, VN_DATE_DAY, 2024, 2, 29);
    struct vn_date_parsed p;
    struct vn_error e;
    CHECK_INT(vn_date_parse("19/8", &ref, 0, &p, &e), 0);
    CHECK(p.year_from_ref);
    expect_error("19/8", NULL, 0, "thiếu năm");
    struct vn_date ref2 = {2023, 1, 1};
    expect_error("29/2", &ref2, 0, "không nhuận");
}

static void test_us_order_only_by_option(void)
{
    expect_error("08/20/2019", NULL, 0, "kiểu Mỹ");
    expect("08/20/2019", NULL, VN_DATE_US_ORDER, VN_DATE_DAY, 2019, 8, 20);
    struct vn_date_parsed p;
    struct vn_error e;
    CHECK_INT(vn_date_parse("T3, 08/20/2019 - 08:53", NULL, VN_DATE_US_ORDER, &p, &e), 0);
    CHECK(p.has_time);
    CHECK_INT(p.hour, 8);
    CHECK_INT(p.minute, 53);
    CHECK_INT(p.weekday, 2);
}

static void test_validation(void)
{
    expect("29/2/2020", NULL, 0, VN_DATE_DAY, 2020, 2, 29);
    expect("29/2/2000", NULL, 0, VN_DATE_DAY, 2000, 2, 29);
    expect_error("29/2/2019", NULL, 0, "năm 2019 không nhuận");
    expect_error("29/2/1900", NULL, 0, "năm 1900 không nhuận");
    expect_error("31/4/2019", NULL, 0, "tháng 4 năm 2019 chỉ có 30 ngày");
    expect_error("0/4/2019", NULL, 0, "không có");
    expect_error("12/13/2019", NULL, 0, "kiểu Mỹ");
    expect_error("30/13/2019", NULL, 0, "tháng 13 không có");
    expect_error("19/8/19", NULL, 0, "bốn chữ số");
    expect_error("Thứ Hai, 20/08/2019", NULL, 0, "là Thứ Ba, không phải Thứ Hai");
    expect_error("19/8/2019 abc", NULL, 0, "\"abc\"");
    expect_error("cuối tuần", NULL, 0, "tháng");
    expect_error("tháng 13/2019", NULL, 0, "tháng \"13\"");
    expect_error("19/8/2019 25:00", NULL, 0, "giờ");
    expect_error("", NULL, 0, "không có ngày");
    struct vn_error e;
    CHECK_INT(vn_date_check((struct vn_date){2019, 4, 31}, &e), -1);
    CHECK_CONTAINS(e.message, "31/04/2019");
    CHECK_INT(vn_date_check((struct vn_date){2019, 4, 30}, &e), 0);
}

static void format_is(struct vn_date d, enum vn_date_style s, const char *want)
{
    char out[64];
    CHECK_INT(vn_date_format(d, s, out, sizeof out), 0);
    CHECK_STR(out, want);
}

static void test_format(void)
{
    struct vn_date d = {2019, 8, 20};
    format_is(d, VN_DATE_DMY, "20/08/2019");
    format_is(d, VN_DATE_ISO, "2019-08-20");
    format_is(d, VN_DATE_WEEKDAY, "Thứ Ba, 20/08/2019");
    format_is(d, VN_DATE_WEEKDAY_ABBR, "T3, 20/08/2019");
    format_is(d, VN_DATE_LONG, "ngày 20 tháng 8 năm 2019");
    format_is((struct vn_date){2020, 2, 5}, VN_DATE_LONG, "ngày 05 tháng 02 năm 2020");
    format_is((struct vn_date){2020, 12, 5}, VN_DATE_LONG, "ngày 05 tháng 12 năm 2020");
    format_is((struct vn_date){2020, 2, 5}, VN_DATE_LONG_PLAIN, "ngày 5 tháng 2 năm 2020");
    format_is((struct vn_date){2019, 8, 18}, VN_DATE_WEEKDAY, "Chủ nhật, 18/08/2019");
    CHECK_STR(vn_weekday_abbr(7), "CN");
    CHECK_STR(vn_weekday_name(6), "Thứ Bảy");
    char small[4];
    CHECK_INT(vn_date_format(d, VN_DATE_LONG, small, sizeof small), -1);
}

static void test_anniversaries(void)
{
    struct vn_anniversary a;
    struct vn_error e;
    char s[256];
    CHECK_INT(vn_anniversary((struct vn_date){1909, 11, 4}, 2019, &a, &e), 0);
    CHECK_INT(a.count, 110);
    CHECK_INT(a.cls, VN_ANNIV_TRON);
    vn_anniversary_format(&a, "ngày sinh đồng chí Hoàng Văn Thụ", s, sizeof s);
    CHECK_STR(s, "110 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2019)");
    CHECK_INT(vn_anniversary((struct vn_date){1831, 11, 4}, 2019, &a, &e), 0);
    CHECK_INT(a.count, 188);
    CHECK_INT(a.cls, VN_ANNIV_PLAIN);
    vn_anniversary_format(&a, NULL, s, sizeof s);
    CHECK_STR(s, "188 năm (04/11/1831 - 04/11/2019)");
    CHECK_INT(vn_anniversary((struct vn_date){1945, 9, 2}, 2020, &a, &e), 0);
    CHECK_INT(a.cls, VN_ANNIV_CHAN);
    CHECK_STR(vn_anniversary_class_name(a.cls), "năm chẵn");
    CHECK_STR(vn_anniversary_class_name(VN_ANNIV_TRON), "năm tròn");
    CHECK_INT(vn_anniversary((struct vn_date){2000, 2, 29}, 2019, &a, &e), 0);
    CHECK_INT(a.date.day, 28);
    CHECK_INT(vn_anniversary((struct vn_date){2019, 8, 19}, 2019, &a, &e), -1);
    CHECK_CONTAINS(e.message, "phải sau");
}

/* The integer day arithmetic agrees with the C library for every day of 1900–2100. */
static void test_jdn_against_libc(void)
{
    struct vn_date d = {1900, 1, 1};
    int32_t j = vn_date_jdn(d);
    CHECK_INT(j, 2415021);
    CHECK_INT(vn_date_jdn((struct vn_date){2019, 8, 19}), 2458715);
    int bad = 0;
    for (int32_t k = j; k <= vn_date_jdn((struct vn_date){2100, 12, 31}); k++) {
        struct vn_date x = vn_date_from_jdn(k);
        struct tm tm = {0};
        tm.tm_year = x.year - 1900;
        tm.tm_mon = x.month - 1;
        tm.tm_mday = x.day;
        tm.tm_hour = 12;
        time_t t = timegm(&tm);
        struct tm back;
        gmtime_r(&t, &back);
        int iso_wd = back.tm_wday == 0 ? 7 : back.tm_wday;
        if (!vn_date_valid(x) || vn_date_jdn(x) != k || back.tm_mday != x.day || back.tm_mon != x.month - 1 ||
            ((int64_t)t - 43200) / 86400 + 2440588 != k || vn_weekday(x) != iso_wd) {
            if (bad++ < 3) check_fail_at(__FILE__, __LINE__, "day %d = %04d-%02d-%02d", (int)k, x.year, x.month, x.day);
        }
    }
    CHECK_INT(bad, 0);
}

/* vn_day_iso: the one reader of a typed day for forms and imports. */
static void test_day_iso(void)
{
    char out[11];
    CHECK(vn_day_iso("19/8/2019", out));
    CHECK_STR(out, "2019-08-19");
    CHECK(vn_day_iso("ngày 4 tháng 11 năm 1909", out));
    CHECK_STR(out, "1909-11-04");
    CHECK(!vn_day_iso("19/8/2019 - 08:53", out));       /* a time is not a day */
    CHECK(!vn_day_iso("tháng 9/2019", out));            /* a month is not a day */
    CHECK(!vn_day_iso("cuối tháng 9/2019", out));
    CHECK(vn_day_iso_month_end("cuối tháng 9/2019", out));
    CHECK_STR(out, "2019-09-30");
    CHECK(!vn_day_iso("19/8", out));                    /* no year */
    CHECK(!vn_day_iso("1/1/1799", out));                /* outside 1800–2200 */
    CHECK(!vn_day_iso(NULL, out));
}

int main(void)
{
    RUN(test_forms);
    RUN(test_reference_year);
    RUN(test_us_order_only_by_option);
    RUN(test_validation);
    RUN(test_format);
    RUN(test_anniversaries);
    RUN(test_jdn_against_libc);
    RUN(test_day_iso);
    return check_done();
}
