/* chart.c: inline SVG charts (chart.h): the plain bar chart, and the dashboards' charts (bars
 * with formats and negatives, stacked bars, progress toward a target, a line over dates), each
 * with a title, a description and a table alternative. Geometry is computed here in integers;
 * text goes through html() so labels are escaped like everything else on a page. */
#include "chart.h"

#include <stdio.h>
#include <string.h>

#include "html.h"

void chart_bars(req *r, const char *title, const struct chart_bar *bars, int n)
{
    enum { ROW = 28, LABEL_W = 260, BAR_W = 360, VALUE_W = 80 };
    int64_t max = 1;
    for (int i = 0; i < n; i++)
        if (bars[i].value > max) max = bars[i].value;
    int height = n * ROW + 8;
    buf desc = {0};
    for (int i = 0; i < n; i++) buf_printf(&desc, "%s%s: %lld", i ? "; " : "", bars[i].label, (long long)bars[i].value);
    html(r, "<figure class=\"chart\"><figcaption>%s</figcaption>"
            "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" role=\"img\" aria-label=\"%s: %s\">",
         title, LABEL_W + BAR_W + VALUE_W, height, LABEL_W + BAR_W + VALUE_W, title, buf_str(&desc));
    for (int i = 0; i < n; i++) {
        int y = 4 + i * ROW;
        int w = (int)(bars[i].value * BAR_W / max);
        if (bars[i].value > 0 && w < 2) w = 2;
        if (bars[i].href) html(r, "<a href=\"%s\">", bars[i].href);
        html(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" fill=\"#1d1b20\">%s</text>"
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"#b3261e\"></rect>"
                "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#1d1b20\">%D</text>",
             LABEL_W - 8, y + 18, bars[i].label, LABEL_W, y + 4, w, ROW - 8, LABEL_W + w + 6, y + 18, bars[i].value);
        if (bars[i].href) html(r, "</a>");
    }
    html(r, "</svg></figure>");
    buf_free(&desc);
}

/* ======================================================================================
 * Dashboards (#9): bars with formats and negatives, stacked bars, progress, lines over dates.
 * Every chart: <figure class="chart …"> holding the SVG (role="img", aria-labelledby its
 * <title> and <desc>) and a table with the same numbers (class "chart-table": hidden on screen,
 * shown in print; screen readers read it). Colours and dashes come from classes in style.css:
 * the CSP forbids inline style, and print and dark themes change them in one place.
 * ====================================================================================== */
enum { CH_LABEL_W = 220, CH_PLOT_W = 400, CH_VALUE_W = 150, CH_ROW = 28 };

/* v * num / den without overflow for any money amount (int64 × a few hundred pixels). */
static int64_t scale(int64_t v, int64_t num, int64_t den)
{
    if (den <= 0) return 0;
    return (int64_t)((__int128)v * num / den);
}

/* A value as people read it: 1.234 · 14.000.000.000 đ · 99,5 % (hundredths of a percent). */
static void format_value(buf *b, enum chart_format f, int64_t v)
{
    if (f == CHART_PERCENT) {
        uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        if (v < 0) buf_putc(b, '-');
        money_format(b, (int64_t)(u / 100));
        unsigned frac = (unsigned)(u % 100);
        if (frac % 10 == 0 && frac) buf_printf(b, ",%u", frac / 10);
        else if (frac) buf_printf(b, ",%02u", frac);
        buf_puts(b, " %");
        return;
    }
    money_format(b, v);
    if (f == CHART_MONEY) buf_puts(b, " đ");
}

/* Axis ticks in money are shortened: 14 tỷ, 2,5 tỷ, 500 triệu, 20 nghìn. */
static void format_tick(buf *b, enum chart_format f, int64_t v)
{
    if (f != CHART_MONEY) { format_value(b, f, v); return; }
    static const struct { int64_t unit; const char *name; } units[] = {
        {1000000000, "tỷ"}, {1000000, "triệu"}, {1000, "nghìn"}};
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (u < (uint64_t)units[i].unit) continue;
        if (v < 0) buf_putc(b, '-');
        uint64_t whole = u / (uint64_t)units[i].unit, tenth = u % (uint64_t)units[i].unit * 10 / (uint64_t)units[i].unit;
        money_format(b, (int64_t)whole);
        if (tenth) buf_printf(b, ",%u", (unsigned)tenth);
        buf_printf(b, " %s", units[i].name);
        return;
    }
    format_value(b, CHART_NUMBER, v);
}

static const char *fmt_value(req *r, enum chart_format f, int64_t v)
{
    buf b = {0};
    format_value(&b, f, v);
    const char *s = arena_strdup(&r->a, buf_str(&b));
    buf_free(&b);
    return s;
}

static const char *fmt_tick(req *r, enum chart_format f, int64_t v)
{
    buf b = {0};
    format_tick(&b, f, v);
    const char *s = arena_strdup(&r->a, buf_str(&b));
    buf_free(&b);
    return s;
}

/* The chart's number on its page (1, 2 …): ids stay unique and the same for the same page. */
static int chart_seq(req *r)
{
    int n = 1;
    for (const char *p = buf_str(&r->out); (p = strstr(p, "<figure class=\"chart ")); p++) n++;
    return n;
}

/* Opens the figure and the SVG with its title and description; returns the chart's number. */
static int chart_open(req *r, const struct chart_opts *o, const char *kind, int width, int height)
{
    int id = chart_seq(r);
    html(r, "<figure class=\"chart %s\"><svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" role=\"img\" "
            "aria-labelledby=\"chart%d-t chart%d-d\"><title id=\"chart%d-t\">%s</title><desc id=\"chart%d-d\">%s</desc>",
         kind, width, height, width, id, id, id, o->title ? o->title : "", id, o->desc ? o->desc : "");
    return id;
}

/* Closes the SVG; the table alternative follows (chart_table_open … chart_close). */
static void chart_table_open(req *r, const struct chart_opts *o, const char *const *heads, int nheads)
{
    html(r, "</svg><figcaption>%s</figcaption><table class=\"chart-table\"><caption>%s</caption><thead><tr>",
         o->title ? o->title : "", o->title ? o->title : "");
    for (int i = 0; i < nheads; i++) html(r, "<th scope=\"col\">%s</th>", heads[i]);
    html(r, "</tr></thead><tbody>");
}

static void chart_close(req *r) { html(r, "</tbody></table></figure>"); }

void chart_bars_fmt(req *r, const struct chart_opts *o, const struct chart_bar *bars, int n)
{
    int64_t lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        if (bars[i].value < lo) lo = bars[i].value;
        if (bars[i].value > hi) hi = bars[i].value;
    }
    int64_t span = hi - lo > 0 ? hi - lo : 1;
    int zero_x = CH_LABEL_W + (int)scale(-lo, CH_PLOT_W, span);
    int width = CH_LABEL_W + CH_PLOT_W + CH_VALUE_W, height = n * CH_ROW + 8;
    chart_open(r, o, "chart-bars", width, height);
    for (int i = 0; i < n; i++) {
        int y = 4 + i * CH_ROW;
        int64_t v = bars[i].value;
        int w = (int)scale(v < 0 ? -v : v, CH_PLOT_W, span);
        if (v && w < 2) w = 2;                          /* a small value still shows */
        int x = v < 0 ? zero_x - w : zero_x;
        if (bars[i].href) html(r, "<a href=\"%s\">", bars[i].href);
        html(r, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                "<rect class=\"bar%R\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"></rect>"
                "<text class=\"value\" x=\"%d\" y=\"%d\">%s</text>",
             CH_LABEL_W - 8, y + 18, bars[i].label, v < 0 ? " neg" : "",   // raw: a literal class name
             x, y + 4, w, CH_ROW - 8, CH_LABEL_W + CH_PLOT_W + 8, y + 18, fmt_value(r, o->format, v));
        if (bars[i].href) html(r, "</a>");
    }
    if (lo < 0) html(r, "<line class=\"zero\" x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\"></line>", zero_x, zero_x, height);
    static const char *const heads[] = {"Mục", "Giá trị"};
    chart_table_open(r, o, heads, 2);
    for (int i = 0; i < n; i++)
        html(r, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td></tr>", bars[i].label, fmt_value(r, o->format, bars[i].value));
    chart_close(r);
}

void chart_stacked(req *r, const struct chart_opts *o, const char *const *labels, int nlabels,
                   const struct chart_series *series, int nseries, const int64_t *values)
{
    /* negative counts have no length: drawn as 0, shown as given in the table */
    int64_t max_total = 1;
    for (int i = 0; i < nlabels; i++) {
        int64_t t = 0;
        for (int j = 0; j < nseries; j++) t += values[i * nseries + j] > 0 ? values[i * nseries + j] : 0;
        if (t > max_total) max_total = t;
    }
    enum { LEGEND_ROW = 22 };
    int width = CH_LABEL_W + CH_PLOT_W + CH_VALUE_W, legend_y = nlabels * CH_ROW + 12;
    int height = legend_y + ((nseries + 2) / 3) * LEGEND_ROW + 4;
    chart_open(r, o, "chart-stacked", width, height);
    for (int i = 0; i < nlabels; i++) {
        int y = 4 + i * CH_ROW;
        html(r, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", CH_LABEL_W - 8, y + 18, labels[i]);
        /* segment edges from the running sum, so the segments add up to the bar exactly */
        int64_t cum = 0, total = 0;
        for (int j = 0; j < nseries; j++) {
            int64_t v = values[i * nseries + j] > 0 ? values[i * nseries + j] : 0;
            int x0 = CH_LABEL_W + (int)scale(cum, CH_PLOT_W, max_total);
            cum += v;
            int x1 = CH_LABEL_W + (int)scale(cum, CH_PLOT_W, max_total);
            if (x1 > x0)
                html(r, "<rect class=\"seg %s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"><title>%s: %s</title></rect>",
                     series[j].css_class, x0, y + 4, x1 - x0, CH_ROW - 8, series[j].name, fmt_value(r, o->format, v));
            total += values[i * nseries + j];
        }
        html(r, "<text class=\"value\" x=\"%d\" y=\"%d\">%s</text>", CH_LABEL_W + CH_PLOT_W + 8, y + 18,
             fmt_value(r, o->format, total));
    }
    for (int j = 0; j < nseries; j++) {
        int x = 8 + (j % 3) * ((width - 16) / 3), y = legend_y + (j / 3) * LEGEND_ROW;
        html(r, "<rect class=\"seg %s\" x=\"%d\" y=\"%d\" width=\"14\" height=\"14\"></rect>"
                "<text class=\"legend\" x=\"%d\" y=\"%d\">%s</text>",
             series[j].css_class, x, y, x + 20, y + 12, series[j].name);
    }
    const char **heads = arena_alloc(&r->a, sizeof *heads * (size_t)(nseries + 2));
    heads[0] = "Mục";
    for (int j = 0; j < nseries; j++) heads[j + 1] = series[j].name;
    heads[nseries + 1] = "Tổng";
    chart_table_open(r, o, heads, nseries + 2);
    for (int i = 0; i < nlabels; i++) {
        int64_t total = 0;
        html(r, "<tr><th scope=\"row\">%s</th>", labels[i]);
        for (int j = 0; j < nseries; j++) {
            total += values[i * nseries + j];
            html(r, "<td class=\"num\">%s</td>", fmt_value(r, o->format, values[i * nseries + j]));
        }
        html(r, "<td class=\"num\">%s</td></tr>", fmt_value(r, o->format, total));
    }
    chart_close(r);
}

void chart_progress(req *r, const struct chart_opts *o, int64_t value, int64_t target)
{
    /* the share in hundredths of a percent; no target means nothing to measure against */
    int64_t share = target > 0 ? scale(value, 10000, target) : 0;
    bool over = target > 0 && value > target;
    int w = (int)scale(share < 0 ? 0 : share > 10000 ? 10000 : share, CH_PLOT_W, 10000);
    int width = CH_PLOT_W + CH_VALUE_W, height = 40;
    chart_open(r, o, over ? "chart-progress over" : "chart-progress", width, height);
    html(r, "<rect class=\"track\" x=\"0\" y=\"8\" width=\"%d\" height=\"22\"></rect>"
            "<rect class=\"bar%R\" x=\"0\" y=\"8\" width=\"%d\" height=\"22\"></rect>"
            "<text class=\"value\" x=\"%d\" y=\"25\">%s%R</text>",
         CH_PLOT_W, over ? " over" : "", w, CH_PLOT_W + 8,   // raw: a literal class name
         target > 0 ? fmt_value(r, CHART_PERCENT, share) : "chưa có chỉ tiêu",
         over ? " (vượt chỉ tiêu)" : "");   // raw: a literal phrase
    static const char *const heads[] = {"Đạt", "Chỉ tiêu", "Tỉ lệ"};
    chart_table_open(r, o, heads, 3);
    html(r, "<tr><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>",
         fmt_value(r, o->format, value), target > 0 ? fmt_value(r, o->format, target) : "—",
         target > 0 ? fmt_value(r, CHART_PERCENT, share) : "—");
    chart_close(r);
}

/* Days since 1970-01-01 of an ISO date (proleptic Gregorian), or false if it is not one. */
static bool iso_day_number(const char *s, int64_t *out)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31) return false;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400, doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    *out = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    return true;
}

void chart_line(req *r, const struct chart_opts *o, const struct chart_point *pts, int n, int64_t target)
{
    enum { AXIS_W = 90, PLOT_H = 200, TOP = 12, BOTTOM = 30, RIGHT = 16 };
    int width = AXIS_W + CH_PLOT_W + RIGHT, height = TOP + PLOT_H + BOTTOM;
    int64_t lo = 0, hi = target > 0 ? target : 0, first = 0, last = 0;
    int good = 0;
    int64_t *day = arena_alloc(&r->a, sizeof *day * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        if (!iso_day_number(pts[i].date, &day[i])) { day[i] = INT64_MIN; continue; }
        if (!good++) first = day[i];
        last = day[i];
        if (pts[i].value < lo) lo = pts[i].value;
        if (pts[i].value > hi) hi = pts[i].value;
    }
    int64_t span = hi - lo > 0 ? hi - lo : 1, days = last - first > 0 ? last - first : 1;
#define LINE_X(d) (AXIS_W + (good > 1 ? (int)scale((d) - first, CH_PLOT_W, days) : CH_PLOT_W / 2))
#define LINE_Y(v) (TOP + PLOT_H - (int)scale((v) - lo, PLOT_H, span))
    chart_open(r, o, "chart-line", width, height);
    /* axes: the lowest and highest values, the first and last dates */
    html(r, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"></line>"
            "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
            "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
         AXIS_W, LINE_Y(lo < 0 ? 0 : lo), AXIS_W + CH_PLOT_W, LINE_Y(lo < 0 ? 0 : lo),
         AXIS_W - 6, TOP + PLOT_H, fmt_tick(r, o->format, lo), AXIS_W - 6, TOP + 10, fmt_tick(r, o->format, hi));
    if (good) {
        const char *first_date = NULL, *last_date = NULL;
        for (int i = 0; i < n; i++)
            if (day[i] != INT64_MIN) { if (!first_date) first_date = pts[i].date; last_date = pts[i].date; }
        html(r, "<text class=\"tick\" x=\"%d\" y=\"%d\">%T</text>", AXIS_W, TOP + PLOT_H + 20, first_date);
        if (good > 1)
            html(r, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%T</text>", AXIS_W + CH_PLOT_W,
                 TOP + PLOT_H + 20, last_date);
    }
    if (target >= 0)
        html(r, "<line class=\"target\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"><title>Chỉ tiêu: %s</title></line>",
             AXIS_W, LINE_Y(target), AXIS_W + CH_PLOT_W, LINE_Y(target), fmt_value(r, o->format, target));
    if (good > 1) {
        buf pointsattr = {0};
        for (int i = 0; i < n; i++)
            if (day[i] != INT64_MIN) buf_printf(&pointsattr, "%s%d,%d", pointsattr.len ? " " : "", LINE_X(day[i]), LINE_Y(pts[i].value));
        html(r, "<polyline class=\"line\" points=\"%s\"></polyline>", buf_str(&pointsattr));
        buf_free(&pointsattr);
    }
    for (int i = 0; i < n; i++)
        if (day[i] != INT64_MIN)
            html(r, "<circle class=\"pt\" cx=\"%d\" cy=\"%d\" r=\"3\"><title>%T: %s</title></circle>", LINE_X(day[i]),
                 LINE_Y(pts[i].value), pts[i].date, fmt_value(r, o->format, pts[i].value));
#undef LINE_X
#undef LINE_Y
    static const char *const heads[] = {"Ngày", "Giá trị"};
    chart_table_open(r, o, heads, 2);
    for (int i = 0; i < n; i++)
        html(r, "<tr><th scope=\"row\">%T</th><td class=\"num\">%s</td></tr>", pts[i].date, fmt_value(r, o->format, pts[i].value));
    if (target >= 0) html(r, "<tr><th scope=\"row\">Chỉ tiêu</th><td class=\"num\">%s</td></tr>", fmt_value(r, o->format, target));
    chart_close(r);
}
