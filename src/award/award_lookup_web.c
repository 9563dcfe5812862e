/* award_lookup_web.c: the public lookup of awards, open without signing in: /tra-cuu-khen-thuong
 * (search by a person's or a unit's name without diacritics or case), one subject's awards in
 * force (/tra-cuu-khen-thuong/{id}) and /api/public/awards. Public pages never show a citizen
 * ID, a birth date or a subject key (award_lookup.c reads none of them). */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "award_rules_internal.h"
#include "award_rules_pages.h"
#include "award_subject.h"
#include "html.h"

void award_lookup_page(req *r)
{
    const char *q = web_param(r, "q");
    struct award_subject *v = NULL;
    int n = 0;
    if (!str_empty(q) && award_lookup(r->db, &r->a, q, 100, &v, &n) < 0) { web_fail(r, "award lookup"); return; }
    page_begin(r, "Tra cứu khen thưởng");
    html(r, "<p>Tìm cá nhân, tập thể, hộ gia đình hoặc doanh nghiệp đã được khen thưởng theo tên người hoặc tên đơn vị; gõ "
            "không dấu cũng được (ví dụ: nguyen van an, so y te).</p><form method=\"get\" action=\"/tra-cuu-khen-thuong\" "
            "class=\"search\" role=\"search\"><label>Tên <input name=\"q\" value=\"%s\" required></label>"
            "<button type=\"submit\">Tìm</button></form>", q);
    if (!str_empty(q)) {
        if (!n) page_notice(r, "info", "Không tìm thấy ai được khen thưởng với tên này.");
        else {
            html(r, "<p>%d kết quả%s.</p><ul class=\"lookup\">", n, n == 100 ? " (100 đầu tiên: hãy gõ thêm từ)" : "");
            for (int i = 0; i < n; i++)
                html(r, "<li><a href=\"/tra-cuu-khen-thuong/%D\">%s</a> — %s%s%s</li>", v[i].id, v[i].name,
                     award_kind_label(v[i].kind), v[i].unit_name ? ", " : "", v[i].unit_name);
            html(r, "</ul>");
        }
    }
    page_end(r);
}

void award_lookup_subject_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct award_subject s;
    int rc = award_lookup_subject(r->db, &r->a, id, &s);
    if (rc < 0) { web_fail(r, "award lookup"); return; }
    if (rc == 0) { web_error(r, 404, "Không có thông tin khen thưởng công khai của đối tượng này."); return; }
    struct award_history *h;
    int nh;
    if (award_lookup_history(r->db, &r->a, id, &h, &nh) < 0) { web_fail(r, "award history"); return; }
    page_begin(r, s.name);
    html(r, "<p>%s%s%s%s%s</p>", award_kind_label(s.kind), s.position ? ", " : "", s.position, s.unit_name ? ", " : "", s.unit_name);
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th>Năm</th><th>Danh hiệu, hình thức</th><th>Quyết định</th>"
            "<th>Thành tích</th></tr></thead><tbody>");
    for (int i = 0; i < nh; i++)
        html(r, "<tr><td>%d</td><td>%s</td><td>%s %T</td><td>%s</td></tr>", h[i].year, h[i].form_name ? h[i].form_name : h[i].form_code,
             h[i].decision_ref, h[i].decision_date ? h[i].decision_date : "", h[i].reason);
    html(r, "</tbody></table></div><p><a href=\"/tra-cuu-khen-thuong\">← Tra cứu khác</a></p>");
    page_end(r);
}

void award_lookup_api(req *r)
{
    const char *q = web_param(r, "q");
    if (str_empty(q)) { web_json_fields(r, "Thiếu từ khóa.", json_pack("{s:s}", "q", "Bắt buộc: tên người hoặc đơn vị.")); return; }
    struct award_subject *v;
    int n;
    if (award_lookup(r->db, &r->a, q, 50, &v, &n) < 0) { web_fail(r, "award lookup"); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        struct award_history *h;
        int nh;
        if (award_lookup_history(r->db, &r->a, v[i].id, &h, &nh) < 0) { json_decref(items); web_fail(r, "award history"); return; }
        json_t *hj = json_array();
        for (int k = 0; k < nh; k++)
            json_array_append_new(hj, json_pack("{s:i, s:s, s:s?, s:s?, s:s?, s:s?}", "year", h[k].year, "form_code",
                                                h[k].form_code, "form_name", h[k].form_name, "decision_ref", h[k].decision_ref,
                                                "decision_date", h[k].decision_date, "reason", h[k].reason));
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:o}", "id", (json_int_t)v[i].id, "kind", v[i].kind,
                                               "name", v[i].name, "unit_name", v[i].unit_name, "position", v[i].position,
                                               "history", hj));
    }
    struct api_page p = {50, 0};
    web_json(r, 200, api_list(items, n, &p));
}
