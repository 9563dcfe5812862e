/* eligibility_web.c: the yearly report of who newly qualifies for what (/award-eligibility and
 * /api/award-eligibility): every subject that meets a title's or form's criteria this year, did
 * not meet them last year and has not received it this year, with the verdict's clauses and
 * evidence. The judging is eligibility.c's; routes in award_rules_routes.c. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "award_rules_internal.h"
#include "award_rules_pages.h"
#include "award_subject.h"
#include "html.h"

void award_qualified_page(req *r)
{
    int year;
    const char *ye = award_year_param(r, &year);
    if (ye) { web_error(r, 400, ye); return; }
    struct award_qualifier *q;
    int n;
    if (award_newly_qualified(r->db, &r->a, year, &q, &n) < 0) { web_fail(r, "newly qualified"); return; }
    page_begin(r, arena_printf(&r->a, "Đối tượng mới đủ điều kiện năm %d", year));
    html(r, "<form method=\"get\" action=\"/award-eligibility\" class=\"search\"><label>Năm <input name=\"year\" type=\"number\" "
            "min=\"1945\" max=\"2200\" value=\"%d\"></label><button type=\"submit\">Xem</button></form>", year);
    html(r, "<p>Những đối tượng năm %d đạt mọi điều kiện bắt buộc của một danh hiệu, hình thức (theo quy định có hiệu lực "
            "năm đó), năm %d chưa đạt, và chưa được tặng trong năm. Điều kiện cần xem trong hồ sơ được ghi là cần kiểm tra.</p>",
         year, year - 1);
    if (!n) page_notice(r, "info", "Không có đối tượng nào mới đủ điều kiện.");
    const char *form = NULL;
    for (int i = 0; i < n; i++) {
        if (!str_eq(form, q[i].verdict.form_code)) {
            form = q[i].verdict.form_code;
            html(r, "<h2>%s</h2>", q[i].verdict.form_name);
        }
        struct award_subject m = award_subject_mask(r, &q[i].subject);
        html(r, "<details class=\"qualifier\"><summary><a href=\"/award-subjects/%D?form=%u&amp;year=%d\">%s</a> — %s%s%s</summary>",
             m.id, q[i].verdict.form_code, year, m.name, award_kind_label(m.kind), m.unit_name ? ", " : "", m.unit_name);
        award_verdict_html(r, &q[i].verdict);
        html(r, "</details>");
    }
    page_end(r);
}

void award_qualified_api(req *r)
{
    int year;
    const char *ye = award_year_param(r, &year);
    if (ye) { web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "year", ye)); return; }
    struct award_qualifier *q;
    int n;
    if (award_newly_qualified(r->db, &r->a, year, &q, &n) < 0) { web_fail(r, "newly qualified"); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        struct award_subject m = award_subject_mask(r, &q[i].subject);
        json_array_append_new(items, json_pack("{s:o, s:o}", "subject", award_subject_json(&m), "verdict",
                                               award_eligibility_json(&q[i].verdict)));
    }
    struct api_page p = {n, 0};
    json_t *o = api_list(items, n, &p);
    json_object_set_new(o, "year", json_integer(year));
    web_json(r, 200, o);
}
