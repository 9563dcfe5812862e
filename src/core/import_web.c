/* import_web.c: the import report and the expected columns as HTML, for the import pages of
 * every importer (unit.c's /units/import, later others). The runner and the other faces of
 * the report are import.c; the words of the verdict come from there, so every face agrees. */
#include "import.h"

#include <string.h>

#include "html.h"

static const char *outcome_label(enum import_outcome o)
{
    switch (o) {
    case IMPORT_ACCEPTED: return "Nhận";
    case IMPORT_DUPLICATE: return "Trùng, bỏ qua";
    case IMPORT_REJECTED: return "Bị từ chối";
    default: return "Lỗi";
    }
}

void import_report_html(req *r, const struct import_report *rep, bool all_lines, const char *link_prefix)
{
    const char *kind;
    const char *summary = import_report_summary(&r->a, rep, &kind);
    html(r, "<section class=\"import-report\" aria-labelledby=\"import-report-h\">"
            "<h2 id=\"import-report-h\">Kết quả nhập tệp %s</h2>", rep->file_name);
    page_notice(r, kind, summary);
    if (rep->fatal) {
        html(r, "</section>");
        return;
    }
    html(r, "<ul><li>Tổng số dòng dữ liệu: %d</li><li>Nhận: %d</li><li>Trùng (bỏ qua): %d</li>"
            "<li>Bị từ chối: %d</li><li class=\"muted\">SHA-256 của tệp: <code>%s</code></li></ul>",
         rep->total, rep->accepted, rep->duplicate, rep->rejected, rep->sha256);
    int shown = 0;
    for (int i = 0; i < rep->nlines; i++)
        if (all_lines || rep->lines[i].outcome != IMPORT_ACCEPTED || rep->lines[i].message) shown++;
    if (!shown) {
        html(r, "</section>");
        return;
    }
    html(r, "<div class=\"table-wrap\"><table><caption>Kết quả từng dòng</caption><thead><tr><th scope=\"col\">Dòng</th>"
            "<th scope=\"col\">Kết quả</th><th scope=\"col\">Cột</th><th scope=\"col\">Ghi chú</th></tr></thead><tbody>");
    for (int i = 0; i < rep->nlines; i++) {
        const struct import_line *l = &rep->lines[i];
        if (!all_lines && l->outcome == IMPORT_ACCEPTED && !l->message) continue;
        html(r, "<tr class=\"%s\"><td>%d</td><td>%s</td><td>%s</td><td>", import_outcome_name(l->outcome), l->line,
             outcome_label(l->outcome), l->field ? l->field : "");
        if (l->message) html(r, "%s", l->message);
        if (l->id && link_prefix) html(r, " <a href=\"%s%D\">(số %D)</a>", link_prefix, l->id, l->id);
        html(r, "</td></tr>");
    }
    html(r, "</tbody></table></div></section>");
}

void import_columns_html(req *r, const struct import_column *cols, int n)
{
    html(r, "<div class=\"table-wrap\"><table><caption>Các cột của tệp CSV</caption><thead><tr>"
            "<th scope=\"col\">Cột</th><th scope=\"col\">Tên khác được nhận</th><th scope=\"col\">Bắt buộc</th>"
            "<th scope=\"col\">Nội dung</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        const char *names = cols[i].names;
        size_t first = strcspn(names, "|");
        const char *rest = names[first] ? names + first + 1 : "";
        html(r, "<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td>%s</td></tr>",
             arena_strndup(&r->a, names, first), rest, cols[i].required ? "có" : "không", cols[i].help);
    }
    html(r, "</tbody></table></div>");
}
