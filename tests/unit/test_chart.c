/* test_chart.c: the dashboards' SVG charts (chart.c): labels escaped, the geometry of a
 * negative bar around the zero line, stacked segments adding up to their bar exactly, a
 * progress bar over its target, a line over dates with its dashed target, value formats
 * (money, percent in hundredths, shortened money ticks), the title/description wiring and the
 * table alternative, and never a style attribute (the CSP forbids inline style). */
#include <stdio.h>
#include <stdlib.h>

#include "chart.h"
#include "check.h"

static void render_begin(req *r) { req_init(r); }

static void check_common(const char *o, int id)
{
    char want[200];
    snprintf(want, sizeof want, "aria-labelledby=\"chart%d-t chart%d-d\"", id, id);
    CHECK_CONTAINS(o, want);
    snprintf(want, sizeof want, "<title id=\"chart%d-t\">", id);
    CHECK_CONTAINS(o, want);
    snprintf(want, sizeof want, "<desc id=\"chart%d-d\">", id);
    CHECK_CONTAINS(o, want);
    CHECK_CONTAINS(o, "<table class=\"chart-table\"><caption>");
    CHECK(strstr(o, "style=") == NULL);
    CHECK(strstr(o, "<script") == NULL);
}

static void test_bars_negative_and_escaping(void)
{
    req r;
    render_begin(&r);
    struct chart_bar bars[] = {{"<b>Xã & \"A\"</b>", 100, NULL}, {"Phường B", -50, "/units/2?x=<1>"}};
    struct chart_opts o = {"Chênh lệch <so với> kế hoạch", "Mỗi đơn vị: thu trừ chi", CHART_NUMBER};
    chart_bars_fmt(&r, &o, bars, 2);
    const char *out = buf_str(&r.out);
    check_common(out, 1);
    CHECK_CONTAINS(out, "&lt;b&gt;Xã &amp; &quot;A&quot;&lt;/b&gt;");
    CHECK(strstr(out, "<b>") == NULL);
    CHECK_CONTAINS(out, "<title id=\"chart1-t\">Chênh lệch &lt;so với&gt; kế hoạch</title>");
    CHECK_CONTAINS(out, "href=\"/units/2?x=&lt;1&gt;\"");
    /* span 150 over 400 px: zero at 220 + 50·400/150 = 353; the -50 bar ends there */
    CHECK_CONTAINS(out, "<rect class=\"bar neg\" x=\"220\" y=\"36\" width=\"133\" height=\"20\">");
    CHECK_CONTAINS(out, "<rect class=\"bar\" x=\"353\" y=\"8\" width=\"266\" height=\"20\">");
    CHECK_CONTAINS(out, "<line class=\"zero\" x1=\"353\" y1=\"0\" x2=\"353\"");
    CHECK_CONTAINS(out, "<td class=\"num\">-50</td>");
    /* a second chart on the page gets its own ids */
    struct chart_opts m = {"Tiền ủng hộ", "Theo quỹ", CHART_MONEY};
    struct chart_bar money[] = {{"Quỹ vì người nghèo", 14000000000LL, NULL}};
    chart_bars_fmt(&r, &m, money, 1);
    out = buf_str(&r.out);
    CHECK_CONTAINS(out, "aria-labelledby=\"chart2-t chart2-d\"");
    CHECK_CONTAINS(out, "14.000.000.000 đ");
    req_free(&r);
}

static void test_percent_format(void)
{
    req r;
    render_begin(&r);
    struct chart_bar bars[] = {{"A", 9950, NULL}, {"B", 1234, NULL}, {"C", 10000, NULL}, {"D", -250, NULL}, {"E", 7, NULL}};
    struct chart_opts o = {"Tỉ lệ hoàn thành", "Theo đơn vị", CHART_PERCENT};
    chart_bars_fmt(&r, &o, bars, 5);
    const char *out = buf_str(&r.out);
    CHECK_CONTAINS(out, ">99,5 %<");
    CHECK_CONTAINS(out, ">12,34 %<");
    CHECK_CONTAINS(out, ">100 %<");
    CHECK_CONTAINS(out, ">-2,5 %<");
    CHECK_CONTAINS(out, ">0,07 %<");
    req_free(&r);
}

/* The widths of the stacked segments (rects with a <title>) whose y is `y`, summed. */
static int segment_sum(const char *out, int y)
{
    int sum = 0;
    for (const char *p = out; (p = strstr(p, "<rect class=\"seg ")); p++) {
        const char *end = strstr(p, "</rect>");
        const char *title = strstr(p, "<title>");
        if (!end || !title || title > end) continue;       /* a legend swatch */
        int x, yy, w;
        const char *q = strstr(p, "x=\"");
        if (q && sscanf(q, "x=\"%d\" y=\"%d\" width=\"%d\"", &x, &yy, &w) == 3 && yy == y) sum += w;
    }
    return sum;
}

static void test_stacked(void)
{
    req r;
    render_begin(&r);
    const char *labels[] = {"Sở Y tế", "Huyện <Cao Lộc>"};
    struct chart_series series[] = {{"Đạt", "st-met"}, {"Có nguy cơ", "st-risk"}, {"Chậm", "st-late"}};
    int64_t values[] = {3, 1, 2, 1, 1, 1};
    struct chart_opts o = {"Chỉ tiêu theo trạng thái", "Số chỉ tiêu của mỗi đơn vị theo trạng thái", CHART_NUMBER};
    chart_stacked(&r, &o, labels, 2, series, 3, values);
    const char *out = buf_str(&r.out);
    check_common(out, 1);
    CHECK_INT(segment_sum(out, 8), 400);       /* the longest total fills the width */
    CHECK_INT(segment_sum(out, 36), 200);      /* half the total, half the width */
    CHECK_CONTAINS(out, "class=\"seg st-risk\"");
    CHECK_CONTAINS(out, "Huyện &lt;Cao Lộc&gt;");
    CHECK_CONTAINS(out, "<th scope=\"col\">Chậm</th><th scope=\"col\">Tổng</th>");
    CHECK_CONTAINS(out, "<td class=\"num\">6</td></tr>");
    /* thirds that do not divide the width still add up to the bar exactly */
    req r2;
    render_begin(&r2);
    int64_t thirds[] = {1, 1, 1};
    const char *one[] = {"X"};
    chart_stacked(&r2, &o, one, 1, series, 3, thirds);
    CHECK_INT(segment_sum(buf_str(&r2.out), 8), 400);
    req_free(&r2);
    req_free(&r);
}

static void test_progress(void)
{
    req r;
    render_begin(&r);
    struct chart_opts o = {"Tiến độ quyên góp", "Số đã nhận so với chỉ tiêu năm", CHART_MONEY};
    chart_progress(&r, &o, 1500000000, 1000000000);
    const char *out = buf_str(&r.out);
    check_common(out, 1);
    CHECK_CONTAINS(out, "<figure class=\"chart chart-progress over\">");
    CHECK_CONTAINS(out, "<rect class=\"bar over\" x=\"0\" y=\"8\" width=\"400\"");     /* drawn full */
    CHECK_CONTAINS(out, "150 % (vượt chỉ tiêu)");
    CHECK_CONTAINS(out, "<td class=\"num\">1.500.000.000 đ</td><td class=\"num\">1.000.000.000 đ</td><td class=\"num\">150 %</td>");
    req r2;
    render_begin(&r2);
    chart_progress(&r2, &o, 995, 1000);
    CHECK_CONTAINS(buf_str(&r2.out), "<rect class=\"bar\" x=\"0\" y=\"8\" width=\"398\"");
    CHECK_CONTAINS(buf_str(&r2.out), ">99,5 %<");
    req_free(&r2);
    req_free(&r);
}

static void test_line(void)
{
    req r;
    render_begin(&r);
    struct chart_point pts[] = {{"2026-01-01", 0}, {"2026-01-11", 2500000000LL}, {"2026-01-31", 14000000000LL}};
    struct chart_opts o = {"Lũy kế tiền ủng hộ", "Theo ngày nhận", CHART_MONEY};
    chart_line(&r, &o, pts, 3, 10000000000LL);
    const char *out = buf_str(&r.out);
    check_common(out, 1);
    /* x by days: 0, 10 and 30 days over 400 px from x = 90; y: 14 tỷ at the top (12), 0 at 212 */
    CHECK_CONTAINS(out, "<polyline class=\"line\" points=\"90,212 223,177 490,12\">");
    CHECK_CONTAINS(out, "<line class=\"target\" x1=\"90\" y1=\"70\" x2=\"490\" y2=\"70\">");
    CHECK_CONTAINS(out, ">14 tỷ<");
    CHECK_CONTAINS(out, ">31/01/2026<");
    CHECK_CONTAINS(out, "<th scope=\"row\">11/01/2026</th><td class=\"num\">2.500.000.000 đ</td>");
    CHECK_CONTAINS(out, "<th scope=\"row\">Chỉ tiêu</th>");
    /* no target: no dashed line */
    req r2;
    render_begin(&r2);
    chart_line(&r2, &o, pts, 3, -1);
    CHECK(strstr(buf_str(&r2.out), "class=\"target\"") == NULL);
    req_free(&r2);
    req_free(&r);
}

int main(void)
{
    RUN(test_bars_negative_and_escaping);
    RUN(test_percent_format);
    RUN(test_stacked);
    RUN(test_progress);
    RUN(test_line);
    return check_done();
}
