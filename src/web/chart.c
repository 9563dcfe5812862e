/* chart.c: inline SVG charts (chart.h). Geometry is computed here in integers; text goes
 * through html() so labels are escaped like everything else on a page. */
#include "chart.h"

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
