/* award_stats_web.c: statistics form 0603.N as a page (/award-stats?year=), a file to send
 * (/award-stats.xlsx, /award-stats.csv) and JSON (/api/award-stats?year=): the provincial awards of a year by form and subject class, counted
 * by award_stats.c. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "export.h"
#include "award_rules_internal.h"
#include "award_rules_pages.h"
#include "html.h"

static void stats_row_html(req *r, const struct award_stats *st, const struct award_stats_row *row, bool total)
{
    html(r, total ? "<tr class=\"total\"><th scope=\"row\">%s</th>" : "<tr><th scope=\"row\">%s</th>", row->form_name ? row->form_name : row->form_code);
    html(r, "<td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td>",
         row->collective, row->enterprise, row->household, row->individual);
    for (int i = 0; i < st->nclasses; i++) html(r, "<td class=\"num\">%d</td>", row->by_class[i]);
    html(r, "<td class=\"num\">%d</td></tr>", row->unclassified);
}

void award_stats_page(req *r)
{
    int year;
    const char *ye = award_year_param(r, &year);
    if (ye) { web_error(r, 400, ye); return; }
    struct award_stats st;
    if (award_stats_0603(r->db, &r->a, year, &st) < 0) { web_fail(r, "award stats"); return; }
    page_begin(r, arena_printf(&r->a, "Biểu 0603.N: khen thưởng cấp tỉnh năm %d", year));
    html(r, "<form method=\"get\" action=\"/award-stats\" class=\"search\"><label>Năm <input name=\"year\" type=\"number\" "
            "min=\"1945\" max=\"2200\" value=\"%d\"></label><button type=\"submit\">Xem</button></form>", year);
    html(r, "<p>Số lượt khen thưởng cấp tỉnh còn hiệu lực, theo đối tượng (Thông tư 02/2023/TT-BNV, biểu 0603.N; hạn báo "
            "cáo 15/12). Nhóm cá nhân lấy từ hồ sơ đối tượng; cá nhân chưa phân nhóm được đếm riêng.</p>");
    html(r, "<div class=\"table-wrap\"><table class=\"stats\"><thead><tr><th rowspan=\"2\" scope=\"col\">Danh hiệu, hình thức</th>"
            "<th colspan=\"2\" scope=\"colgroup\">Tập thể</th><th rowspan=\"2\" scope=\"col\">Hộ gia đình</th>"
            "<th colspan=\"%d\" scope=\"colgroup\">Cá nhân</th></tr><tr><th scope=\"col\">Tổng</th><th scope=\"col\">Trong đó doanh nghiệp</th>"
            "<th scope=\"col\">Tổng</th>", st.nclasses + 2);
    for (int i = 0; i < st.nclasses; i++) html(r, "<th scope=\"col\">%s</th>", st.classes[i].label);
    html(r, "<th scope=\"col\">Chưa phân nhóm</th></tr></thead><tbody>");
    for (int i = 0; i < st.nrows; i++) stats_row_html(r, &st, &st.rows[i], false);
    stats_row_html(r, &st, &st.total, true);
    html(r, "</tbody></table></div><p><a class=\"button\" href=\"/award-stats.xlsx?year=%d\" download>Tải biểu (.xlsx)</a> "
            "<a href=\"/award-stats.csv?year=%d\" download>Tải CSV</a></p>", year, year);
    page_end(r);
}

void award_stats_export_page(req *r)
{
    int year;
    const char *ye = award_year_param(r, &year);
    if (ye) { web_error(r, 400, ye); return; }
    const char *dot = strrchr(r->path, '.');
    enum export_format fmt = EXPORT_CSV;
    if (!dot || !export_format_parse(dot + 1, &fmt)) { web_error(r, 404, "Không có định dạng tải về này."); return; }
    char err[256];
    export_doc *x = award_stats_export(r->db, &r->a, year, fmt, err, sizeof err);
    if (!x) {
        log_error("export 0603.N: %s", err);
        web_fail(r, "export award stats");
        return;
    }
    export_reply(r, x, arena_printf(&r->a, "bieu-0603N-%d", year));
}

static json_t *row_json(const struct award_stats *st, const struct award_stats_row *row)
{
    json_t *cls = json_object();
    for (int i = 0; i < st->nclasses; i++) json_object_set_new(cls, st->classes[i].code, json_integer(row->by_class[i]));
    return json_pack("{s:s, s:s?, s:i, s:i, s:i, s:i, s:o, s:i}", "form_code", row->form_code, "form_name", row->form_name,
                     "collective", row->collective, "enterprise", row->enterprise, "household", row->household,
                     "individual", row->individual, "by_class", cls, "unclassified", row->unclassified);
}

void award_stats_api(req *r)
{
    int year;
    const char *ye = award_year_param(r, &year);
    if (ye) { web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "year", ye)); return; }
    struct award_stats st;
    if (award_stats_0603(r->db, &r->a, year, &st) < 0) { web_fail(r, "award stats"); return; }
    json_t *rows = json_array(), *classes = json_array();
    for (int i = 0; i < st.nrows; i++) json_array_append_new(rows, row_json(&st, &st.rows[i]));
    for (int i = 0; i < st.nclasses; i++)
        json_array_append_new(classes, json_pack("{s:s, s:s, s:s}", "code", st.classes[i].code, "label", st.classes[i].label,
                                                 "citation", st.classes[i].citation));
    web_json(r, 200, json_pack("{s:s, s:i, s:o, s:o, s:o}", "form", "0603.N", "year", year, "classes", classes, "rows", rows,
                               "total", row_json(&st, &st.total)));
}
