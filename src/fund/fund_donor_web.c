/* fund_donor_web.c: donors that may be one and their merge, as a page and as JSON. Donors are
 * shared by every fund, so the domain (donor_merge) lets only the Board merge; the page lists
 * every pair with what made it a pair and each side's gifts, and the person chooses which donor
 * survives (the other keeps its record, marked merged, and its history moves; audited). */
#include <string.h>

#include "fund.h"
#include "fund_pages.h"

static void side_html(req *r, const struct donor_pair_side *s, const char *label)
{
    html(r, "<section class=\"review-side\"><h3>%s: %s</h3><dl>", label, s->name);
    html(r, "<dt>Số</dt><dd>%D (%s)</dd>", s->id, s->kind);
    if (s->tax_code) html(r, "<dt>Mã số thuế</dt><dd>%s</dd>", s->tax_code);
    html(r, "<dt>Danh tính</dt><dd>%s</dd>", s->identity_confirmed ? "đã xác minh" : "chưa xác minh");
    html(r, "<dt>Đã ủng hộ</dt><dd>%D lượt, %M đồng</dd></dl></section>", s->gifts, s->given);
}

static void duplicates_render(req *r, const struct field_errors *fe)
{
    struct donor_pair *v;
    int n;
    if (donor_duplicate_pairs(r->db, &r->a, 200, &v, &n) < 0) { web_fail(r, "donor duplicates"); return; }
    int status = r->status;
    page_begin(r, "Nhà tài trợ có thể trùng nhau");
    if (web_param(r, "notice")) page_notice(r, "ok", "Đã gộp; lịch sử ủng hộ chuyển sang nhà tài trợ được giữ lại.");
    if (fe && fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa gộp được:</p><ul>");
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
        html(r, "</ul></div>");
    }
    html(r, "<p>Gộp chỉ do Ban Thi đua – Khen thưởng thực hiện (nhà tài trợ dùng chung cho mọi quỹ). Hồ sơ bị gộp vẫn được giữ, "
            "đánh dấu đã gộp; các khoản ủng hộ và cam kết chuyển sang hồ sơ được giữ lại.</p>");
    if (!n) html(r, "<p class=\"muted\">Không có cặp nào trùng mã số thuế, số tài khoản hoặc tên.</p>");
    for (int i = 0; i < n; i++) {
        const struct donor_pair *p = &v[i];
        html(r, "<article class=\"review\" aria-labelledby=\"pair-%D-%D\"><h2 id=\"pair-%D-%D\">%s và %s</h2>", p->a.id, p->b.id,
             p->a.id, p->b.id, p->a.name, p->b.name);
        html(r, "<p><strong>Vì sao có thể trùng:</strong> %s.</p><div class=\"review-sides\">", p->why);
        side_html(r, &p->a, "A");
        side_html(r, &p->b, "B");
        html(r, "</div>");
        form_begin(r, "/donors/merge", "class=\"review-decide\"");
        html(r, "<fieldset><legend>Giữ lại hồ sơ nào?</legend>"
                "<label><input type=\"radio\" name=\"keep\" value=\"%D\" required> A: %s (số %D)</label>"
                "<label><input type=\"radio\" name=\"keep\" value=\"%D\"> B: %s (số %D)</label></fieldset>",
             p->a.id, p->a.name, p->a.id, p->b.id, p->b.name, p->b.id);
        html(r, "<input type=\"hidden\" name=\"pair\" value=\"%D-%D\">", p->a.id, p->b.id);
        html(r, "<div class=\"actions\"><button type=\"submit\">Gộp vào hồ sơ được giữ lại</button></div></form></article>");
    }
    page_end(r);
    r->status = status;
}

void donor_duplicates_page(req *r) { duplicates_render(r, NULL); }

/* POST /donors/merge: pair=A-B, keep=A or B; the other is merged into the one kept. */
void donor_merge_page(req *r)
{
    struct field_errors fe = {0};
    const char *pair = web_param(r, "pair"), *keep_text = web_param(r, "keep");
    int64_t a = 0, b = 0, keep = 0;
    const char *dash = pair ? strchr(pair, '-') : NULL;
    if (!dash || !parse_int64(arena_strndup(&r->a, pair, (size_t)(dash - pair)), &a) || !parse_int64(dash + 1, &b))
        ferr_add(&fe, "pair", "Thiếu cặp nhà tài trợ cần gộp.");
    else if (str_empty(keep_text) || !parse_int64(keep_text, &keep) || (keep != a && keep != b))
        ferr_add(&fe, "keep", "Hãy chọn hồ sơ được giữ lại (A hoặc B).");
    int rc = 0;
    if (!fe.n) {
        struct actor me = actor_of_req(r);
        rc = donor_merge(r->db, &r->a, &me, keep == a ? b : a, keep, &fe);
    }
    if (rc < 0) { web_fail(r, "merge donors"); return; }
    if (rc > 0) { web_redirect(r, "/donors/duplicates?notice=merged"); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    r->status = 400;
    duplicates_render(r, &fe);
}

const struct api_member donor_merge_body[] = {{"from", API_INT}, {"into", API_INT}, {NULL, 0}};

void donor_merge_api(req *r)
{
    struct field_errors fe = {0};
    int64_t from = 0, into = 0;
    if (!api_int(r, "from", &from)) ferr_add(&fe, "from", "Cần số của nhà tài trợ bị gộp.");
    if (!api_int(r, "into", &into)) ferr_add(&fe, "into", "Cần số của nhà tài trợ được giữ lại.");
    int rc = 0;
    if (!fe.n) {
        struct actor me = actor_of_req(r);
        rc = donor_merge(r->db, &r->a, &me, from, into, &fe);
    }
    if (rc > 0) { web_json(r, 200, json_pack("{s:I, s:I}", "merged", (json_int_t)from, "into", (json_int_t)into)); return; }
    api_result(r, rc, &fe, "merge donors");
}

void donor_duplicates_api(req *r)
{
    struct api_page pg;
    struct field_errors fe = {0};
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    struct donor_pair *v;
    int n;
    if (donor_duplicate_pairs(r->db, &r->a, (int)(pg.offset + pg.limit), &v, &n) < 0) { web_fail(r, "donor duplicates"); return; }
    json_t *items = json_array();
    for (int64_t i = pg.offset; i < n; i++) {
        json_t *side[2];
        const struct donor_pair_side *s[2] = {&v[i].a, &v[i].b};
        for (int k = 0; k < 2; k++)
            side[k] = json_pack("{s:I, s:s, s:s, s:s?, s:b, s:I, s:I}", "id", (json_int_t)s[k]->id, "name", s[k]->name, "kind",
                                s[k]->kind, "tax_code", s[k]->tax_code, "identity_confirmed", s[k]->identity_confirmed, "gifts",
                                (json_int_t)s[k]->gifts, "given", (json_int_t)s[k]->given);
        json_array_append_new(items, json_pack("{s:o, s:o, s:s}", "a", side[0], "b", side[1], "why", v[i].why));
    }
    /* not counted: the pairs are found by a join, and a page says whether more follow by being full */
    web_json(r, 200, api_list(items, -1, &pg));
}
