/* fund_donor_web.c: donors that may be one and their merge, as a page and as JSON. Donors are
 * shared by every fund, so the domain (donor_merge) lets only the Board merge; the page lists
 * every pair with what made it a pair and each side's gifts, and the person chooses which donor
 * survives (the other keeps its record, marked merged, and its history moves; audited). The list
 * is filtered by rule and paged by keyset (?after= / ?before= a pair "A-B"), with its total on
 * every page; the JSON gives a `next` cursor. */
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

#define PAIR_PAGE_ITEMS 50

/* The list's filter from ?rule=&after=&before= (a form's hidden fields after a merge); false with
 * field errors naming the parameter. */
static bool pair_filter_read(req *r, int limit, struct pair_filter *f, struct field_errors *fe)
{
    *f = (struct pair_filter){.limit = limit};
    const char *rule = web_param(r, "rule");
    if (str_eq(rule, "tax") || str_eq(rule, "account") || str_eq(rule, "name")) f->rule = rule;
    else if (!str_empty(rule))
        ferr_add(fe, "rule", arena_printf(&r->a, "Lý do trùng \"%s\": tax (mã số thuế), account (số tài khoản) hoặc name (tên).", rule));
    const char *after = web_param(r, "after"), *before = web_param(r, "before");
    if (!str_empty(after) && !donor_pair_cursor_read(after, &f->after_a, &f->after_b))
        ferr_add(fe, "after", arena_printf(&r->a, "after=\"%s\": phải là một cặp số A-B.", after));
    if (!str_empty(before) && !donor_pair_cursor_read(before, &f->before_a, &f->before_b))
        ferr_add(fe, "before", arena_printf(&r->a, "before=\"%s\": phải là một cặp số A-B.", before));
    if (f->after_a && f->before_a) ferr_add(fe, "before", "Chỉ dùng một trong after= và before=.");
    return fe->n == 0;
}

static const char *pair_cursor(req *r, const struct donor_pair *p)
{
    return arena_printf(&r->a, "%lld-%lld", (long long)p->a.id, (long long)p->b.id);
}

static void duplicates_render(req *r, const struct field_errors *fe)
{
    struct field_errors filter_errors = {0};
    struct pair_filter filter;
    struct pair_page pg = {0};
    bool filter_ok = pair_filter_read(r, PAIR_PAGE_ITEMS, &filter, &filter_errors);
    if (filter_ok && donor_duplicate_page(r->db, &r->a, &filter, &pg) < 0) { web_fail(r, "donor duplicates"); return; }
    int status = r->status;
    page_begin(r, "Nhà tài trợ có thể trùng nhau");
    if (web_param(r, "notice")) page_notice(r, "ok", "Đã gộp; lịch sử ủng hộ chuyển sang nhà tài trợ được giữ lại.");
    if (fe && fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa gộp được:</p><ul>");
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
        html(r, "</ul></div>");
    }
    if (!filter_ok) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Bộ lọc chưa đúng:</p><ul>");
        for (int i = 0; i < filter_errors.n; i++) html(r, "<li>%s</li>", filter_errors.items[i].value);
        html(r, "</ul></div>");
        status = 400;
    }
    html(r, "<p>Gộp chỉ do Ban Thi đua – Khen thưởng thực hiện (nhà tài trợ dùng chung cho mọi quỹ). Hồ sơ bị gộp vẫn được giữ, "
            "đánh dấu đã gộp; các khoản ủng hộ và cam kết chuyển sang hồ sơ được giữ lại.</p>");
    html(r, "<form method=\"get\" action=\"/donors/duplicates\" class=\"filters\">");
    static const char *const rules[] = {"", "Mọi lý do", "tax", "Cùng mã số thuế", "account", "Cùng số tài khoản", "name",
                                        "Cùng tên (không dấu)", NULL};
    form_select(r, "rule", "Lý do có thể trùng", rules, filter.rule ? filter.rule : "", ferr_get(&filter_errors, "rule"));
    html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">Lọc</button></div></form>");
    if (filter_ok && !pg.n) html(r, "<p class=\"muted\">Không có cặp nào theo bộ lọc này.</p>");
    else if (filter_ok)
        html(r, "<p role=\"status\">Có <strong>%D</strong> cặp theo bộ lọc này; trang này hiện %d cặp.</p>", pg.total, pg.n);
    for (int i = 0; i < pg.n; i++) {
        const struct donor_pair *p = &pg.items[i];
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
        /* back to the same page of the same filter after the merge */
        if (filter.rule) html(r, "<input type=\"hidden\" name=\"rule\" value=\"%s\">", filter.rule);
        if (filter.after_a) html(r, "<input type=\"hidden\" name=\"after\" value=\"%D-%D\">", filter.after_a, filter.after_b);
        if (filter.before_a) html(r, "<input type=\"hidden\" name=\"before\" value=\"%D-%D\">", filter.before_a, filter.before_b);
        html(r, "<div class=\"actions\"><button type=\"submit\">Gộp vào hồ sơ được giữ lại</button></div></form></article>");
    }
    const char *keep[] = {"rule", filter.rule, NULL};
    if (pg.n)
        cursor_links(r, "/donors/duplicates", keep, pg.more_before ? pair_cursor(r, &pg.items[0]) : NULL,
                     pg.more_after ? pair_cursor(r, &pg.items[pg.n - 1]) : NULL);
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
    if (rc > 0) {
        struct pair_filter filter;
        struct field_errors ignored = {0};
        pair_filter_read(r, PAIR_PAGE_ITEMS, &filter, &ignored);   /* a bad one falls back to the start */
        const char *keep[] = {"rule", filter.rule, NULL};
        const char *after = web_param(r, "after"), *before = web_param(r, "before");
        const char *q = filter.before_a ? cursor_query(r, keep, "before", before)
                        : filter.after_a ? cursor_query(r, keep, "after", after)
                                         : cursor_query(r, keep, NULL, NULL);
        web_redirect(r, arena_printf(&r->a, "/donors/duplicates?%s%snotice=merged", q, *q ? "&" : ""));
        return;
    }
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

/* GET /api/donors/duplicates?rule=&after=&before=&limit=: the list envelope with the pairs'
 * total and the cursors "next" and "prev" ("A-B", or null at either end); offset is refused. */
void donor_duplicates_api(req *r)
{
    struct api_page pg;
    struct field_errors fe = {0};
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    if (pg.offset) ferr_add(&fe, "offset", "Danh sách này phân trang bằng con trỏ: dùng after= (giá trị \"next\" của trang trước).");
    struct pair_filter filter;
    if (!pair_filter_read(r, (int)pg.limit, &filter, &fe) || fe.n) { api_reply_errors(r, &fe); return; }
    struct pair_page page;
    if (donor_duplicate_page(r->db, &r->a, &filter, &page) < 0) { web_fail(r, "donor duplicates"); return; }
    json_t *items = json_array();
    for (int i = 0; i < page.n; i++) {
        json_t *side[2];
        const struct donor_pair_side *s[2] = {&page.items[i].a, &page.items[i].b};
        for (int k = 0; k < 2; k++)
            side[k] = json_pack("{s:I, s:s, s:s, s:s?, s:b, s:I, s:I}", "id", (json_int_t)s[k]->id, "name", s[k]->name, "kind",
                                s[k]->kind, "tax_code", s[k]->tax_code, "identity_confirmed", s[k]->identity_confirmed, "gifts",
                                (json_int_t)s[k]->gifts, "given", (json_int_t)s[k]->given);
        json_array_append_new(items, json_pack("{s:o, s:o, s:s, s:s}", "a", side[0], "b", side[1], "rule", page.items[i].rule,
                                               "why", page.items[i].why));
    }
    json_t *o = api_list(items, page.total, &pg);
    json_object_set_new(o, "next", page.more_after && page.n ? json_string(pair_cursor(r, &page.items[page.n - 1])) : json_null());
    json_object_set_new(o, "prev", page.more_before && page.n ? json_string(pair_cursor(r, &page.items[0])) : json_null());
    web_json(r, 200, o);
}
