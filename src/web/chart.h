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
#endif
