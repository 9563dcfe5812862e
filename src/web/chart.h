/* chart.h: charts drawn as inline SVG through the escaping HTML layer, so pages show pictures
 * without JavaScript and print them. Each chart carries a text alternative (role="img" with
 * a title and a description listing the values) for screen readers. */
#ifndef THIDUA_CHART_H
#define THIDUA_CHART_H
#include <stdint.h>

#include "web.h"

struct chart_bar { const char *label; int64_t value; const char *href; /* may be NULL */ };
/* Horizontal bar chart: one bar per item, longest = full width, value written after the bar. */
void chart_bars(req *r, const char *title, const struct chart_bar *bars, int n);

/* ---- dashboards (#9): formats, negatives, stacked bars, progress, lines ----
 * Every chart has a title and a description (<title>, <desc>, aria-labelledby) and is followed
 * by a table alternative (class "chart-table": visually hidden on screen, shown in print and to
 * screen readers). Colours come from CSS classes only (no inline style: the CSP forbids it). */
enum chart_format {
    CHART_NUMBER = 0,          /* 1.234 */
    CHART_MONEY,               /* đồng: 14.000.000.000 đ (axis ticks shortened: 14 tỷ) */
    CHART_PERCENT,             /* value in hundredths of a percent: 9950 → 99,5 % */
};
struct chart_opts {
    const char *title;         /* required */
    const char *desc;          /* one sentence on what the chart shows */
    enum chart_format format;
};
/* Bars with a format; negative values extend left of a zero line. */
void chart_bars_fmt(req *r, const struct chart_opts *o, const struct chart_bar *bars, int n);
/* Stacked horizontal bars: one bar per label, one segment per series (e.g. the five statuses);
 * values row-major [label][series]; css_class per series ("st-met", "st-risk" …). */
struct chart_series { const char *name; const char *css_class; };
void chart_stacked(req *r, const struct chart_opts *o, const char *const *labels, int nlabels,
                   const struct chart_series *series, int nseries, const int64_t *values);
/* One progress bar toward a target (value of target, the percentage written beside it; over 100 %
 * drawn full and marked). */
void chart_progress(req *r, const struct chart_opts *o, int64_t value, int64_t target);
/* A line over dates (ISO, ascending); target ≥ 0 draws a dashed target line, < 0 none. */
struct chart_point { const char *date; int64_t value; };
void chart_line(req *r, const struct chart_opts *o, const struct chart_point *pts, int n, int64_t target);
#endif
