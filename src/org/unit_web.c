/* unit_web.c: the unit pages (/units…) and JSON API (/api/units…): lists, the tree, a unit's
 * page, the create and edit forms, CSV import and export pages; personal numbers masked for
 * readers without pii.read. Handlers build the actor and call the domain (unit.c, unit_csv.c),
 * which decides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "block.h"
#include "import.h"
#include "org_pages.h"
#include "privacy.h"
#include "setting.h"
#include "unit_internal.h"
#include "vn.h"
#include "vn_calendar.h"


/* ======================================================================================
 * Personal numbers in free text
 * ====================================================================================== */

/* A unit's address and note are free text in which people write phone and citizen ID numbers
 * ("liên hệ ông An 0912345678"). Whoever may not read personal data (privacy_can_see: no
 * pii.read, or a public page) gets them masked (mask_text, docs/privacy.md), in place, on every
 * page, API answer and export of units. */
void unit_mask_for(req *r, struct unit *v, int n)
{
    if (privacy_can_see(r)) return;
    for (int i = 0; i < n; i++) {
        v[i].address = mask_text(&r->a, v[i].address);
        v[i].note = mask_text(&r->a, v[i].note);
    }
}

/* True if a and b are the same text but for carriage returns (a browser sends a textarea's line
 * breaks as CRLF). */
static bool same_text(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    for (;;) {
        while (*a == '\r') a++;
        while (*b == '\r') b++;
        if (*a != *b) return false;
        if (!*a) return true;
        a++, b++;
    }
}

/* An edit by someone who saw the address and note masked: a field sent back exactly as it was
 * shown keeps the stored text (otherwise saving a form, or PATCHing back a unit read from the
 * API, would replace the numbers with stars). A field changed is taken as typed. */
static void keep_masked_fields(req *r, const struct unit *stored, struct unit_input *in)
{
    if (privacy_can_see(r)) return;
    if (in->address && stored->address && same_text(in->address, mask_text(&r->a, stored->address))) in->address = NULL;
    if (in->note && stored->note && same_text(in->note, mask_text(&r->a, stored->note))) in->note = NULL;
}

/* ======================================================================================
 * Pages
 * ====================================================================================== */

/* The little labels after a unit's name: its kind, and its validity when not current. */
static void unit_tags(req *r, const struct unit *u, const char *today)
{
    html(r, " <span class=\"tag\">%s</span>", unit_kind_label(u->kind));
    if (u->valid_to && strcmp(u->valid_to, today) < 0)
        html(r, " <span class=\"tag old\">đến %T</span>", u->valid_to);
    else if (u->valid_from && strcmp(u->valid_from, today) > 0)
        html(r, " <span class=\"tag old\">từ %T</span>", u->valid_from);
}

static const char *notice_text(const char *code)
{
    if (str_eq(code, "created")) return "Đã thêm đơn vị.";
    if (str_eq(code, "updated")) return "Đã lưu thay đổi.";
    if (str_eq(code, "reorganised")) return "Đã sắp xếp lại đơn vị; lịch sử kế thừa được ghi bên dưới.";
    return NULL;
}

#define TREE_CHILDREN_MAX 100   /* children of one unit drawn in the /units tree */

static void tree_render(req *r, const struct unit_tree *t, int i, int depth, const char *today)
{
    const struct unit *u = &t->v[i];
    bool kids = t->first_child[i] >= 0 && depth < UNIT_MAX_DEPTH;
    html(r, "<li>");
    if (kids) html(r, "<details%s><summary>", depth < 1 ? " open" : "");
    html(r, "<a href=\"/units/%D\">%s</a>", u->id, u->name);
    unit_tags(r, u, today);
    if (!kids) { html(r, "</li>"); return; }
    int count = 0;
    for (int c = t->first_child[i]; c >= 0; c = t->next_sibling[c]) count++;
    html(r, " <span class=\"muted\">(%d)</span></summary><ul>", count);
    /* A unit with thousands of children (an import) would make the tree page as large as the
     * database: the first ones are shown, the unit's own page lists them all, a page at a time. */
    int shown = 0;
    for (int c = t->first_child[i]; c >= 0 && shown < TREE_CHILDREN_MAX; c = t->next_sibling[c], shown++)
        tree_render(r, t, c, depth + 1, today);
    if (shown < count)
        html(r, "<li class=\"muted\"><a href=\"/units/%D#truc-thuoc\">… và %d đơn vị khác</a></li>", u->id, count - shown);
    html(r, "</ul></details></li>");
}

#define UNITS_PER_PAGE 100   /* search results on /units */

void units_page(req *r)
{
    char today[11], at[11] = "";
    iso_date_today(today);
    const char *q = web_param(r, "q");
    const char *at_in = web_param(r, "at");
    bool historic = str_eq(web_param(r, "historic"), "1");
    bool bad_at = !str_empty(at_in) && !vn_day_iso(at_in, at);
    struct unit_list_opts o = {.q = str_empty(q) ? NULL : q, .historic = historic, .at = at[0] ? at : NULL};
    struct unit *v;
    int n, total = 0;
    /* Search results a page at a time: a short query ("truong") can match thousands of units. */
    int64_t page = page_number(r);
    if (o.q) {
        o.limit = UNITS_PER_PAGE;
        o.offset = (int)((page - 1) * UNITS_PER_PAGE);
    }
    if ((o.q ? unit_list_page(r->db, &r->a, &o, &v, &n, &total) : unit_list(r->db, &r->a, &o, &v, &n)) < 0) {
        web_fail(r, "list units");
        return;
    }
    page_begin(r, "Cây đơn vị");
    if (web_has_cap(r, CAP_UNIT_WRITE))
        html(r, "<p class=\"actions\"><a class=\"button\" href=\"/units/new\">Thêm đơn vị</a>"
                "<a class=\"button secondary\" href=\"/units/import\">Nhập từ tệp CSV, Excel</a>"
                "<a class=\"button secondary\" href=\"/units/export.csv\">Tải về CSV</a>"
                "<a class=\"button secondary\" href=\"/units/export.xlsx\">Tải về Excel</a></p>");
    else
        html(r, "<p class=\"actions\"><a class=\"button secondary\" href=\"/units/export.csv\">Tải về CSV</a>"
                "<a class=\"button secondary\" href=\"/units/export.xlsx\">Tải về Excel</a></p>");
    html(r, "<form method=\"get\" action=\"/units\" class=\"search\" role=\"search\">"
            "<label for=\"q\" class=\"muted\">Tìm theo tên (không cần dấu) hoặc mã</label>"
            "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" placeholder=\"vd: lang son\">"
            "<label for=\"at\" class=\"muted\">Hiệu lực ngày</label>"
            "<input id=\"at\" name=\"at\" type=\"date\" value=\"%s\">"
            "<label><input type=\"checkbox\" name=\"historic\" value=\"1\"%s> Cả đơn vị đã giải thể, sáp nhập</label>"
            "<button type=\"submit\">Lọc</button></form>",
         q ? q : "", at[0] ? at : (bad_at ? at_in : ""), historic ? " checked" : "");
    if (bad_at) page_notice(r, "error", "Ngày lọc không hợp lệ; đang hiển thị các đơn vị hiện có.");
    const char *when = at[0] ? at : today;
    if (o.q) {
        html(r, "<p>Tìm thấy %d đơn vị cho “%s”%s.</p><ul>", total, q,
             historic ? " (kể cả đơn vị đã giải thể, sáp nhập)" : "");
        for (int i = 0; i < n; i++) {
            html(r, "<li><a href=\"/units/%D\">%s</a>", v[i].id, v[i].name);
            unit_tags(r, &v[i], when);
            if (v[i].parent_name) html(r, " <span class=\"muted\">— thuộc %s</span>", v[i].parent_name);
            html(r, "</li>");
        }
        html(r, "</ul>");
        static const char *const keep[] = {"q", "at", "historic", NULL};
        page_links(r, "/units", keep, page, o.offset + n < total);
        if (!total) html(r, "<p class=\"muted\">Không có đơn vị nào khớp. Hãy thử bớt từ, hoặc chọn “cả đơn vị đã giải thể”.</p>");
    } else {
        struct unit_tree t;
        unit_tree_build(&r->a, v, n, &t);
        if (historic && !at[0]) html(r, "<p class=\"muted\">Hiển thị mọi đơn vị, kể cả đơn vị đã giải thể, sáp nhập (%d đơn vị).</p>", n);
        else html(r, "<p class=\"muted\">Các đơn vị có hiệu lực ngày %T (%d đơn vị).</p>", when, n);
        html(r, "<ul class=\"tree\">");
        for (int i = 0; i < n; i++)
            if (t.parent_ix[i] < 0) tree_render(r, &t, i, 0, when);
        html(r, "</ul>");
    }
    page_end(r);
}

static void options_walk(req *r, const struct unit_tree *t, int i, int depth, int64_t self, const struct actor *sc,
                         const char **opt, int *k)
{
    const struct unit *u = &t->v[i];
    if (u->id == self) return;   /* a unit cannot go under itself or its own subtree */
    if (sc->whole_tree || unit_tree_under(t, i, sc->unit_id)) {
        buf label = {0};
        for (int d = 0; d < depth; d++) buf_puts(&label, "— ");
        buf_puts(&label, u->name);
        opt[(*k)++] = arena_printf(&r->a, "%lld", (long long)u->id);
        opt[(*k)++] = arena_strdup(&r->a, buf_str(&label));
        buf_free(&label);
    }
    if (depth >= UNIT_MAX_DEPTH) return;
    for (int c = t->first_child[i]; c >= 0; c = t->next_sibling[c]) options_walk(r, t, c, depth + 1, self, sc, opt, k);
}

/* Options of the parent select: the current units the user may write, in tree order, indented;
 * plus `keep` (the unit's present parent) even if out of scope or ended. */
const char *const *unit_parent_options(req *r, int64_t self, int64_t keep)
{
    struct unit_list_opts o = {0};
    struct unit *v;
    int n;
    if (unit_list(r->db, &r->a, &o, &v, &n) < 0) n = 0;
    struct unit_tree t;
    unit_tree_build(&r->a, v, n, &t);
    struct actor sc = actor_of_req(r);
    const char **opt = arena_alloc(&r->a, sizeof *opt * (size_t)(2 * n + 8));
    int k = 0;
    opt[k++] = "";
    opt[k++] = "— chọn đơn vị cấp trên —";
    if (sc.whole_tree) {
        opt[k++] = "0";
        opt[k++] = "(không có: đơn vị gốc, cấp tỉnh)";
    }
    for (int i = 0; i < n; i++)
        if (t.parent_ix[i] < 0) options_walk(r, &t, i, 0, self, &sc, opt, &k);
    bool kept = keep == 0;
    const char *keep_txt = arena_printf(&r->a, "%lld", (long long)keep);
    for (int i = 2; i < k && !kept; i += 2) kept = str_eq(opt[i], keep_txt);
    struct unit p;
    if (!kept && unit_get(r->db, &r->a, keep, &p) == 1) {
        opt[k++] = keep_txt;
        opt[k++] = arena_printf(&r->a, "%s (hiện tại)", p.name);
    }
    opt[k] = NULL;
    return opt;
}

const char *const *unit_kind_options(req *r)
{
    size_t nk = 0;
    while (unit_kinds[nk]) nk++;
    const char **opt = arena_alloc(&r->a, sizeof *opt * (2 * nk + 3));
    int k = 0;
    opt[k++] = "";
    opt[k++] = "— chọn loại —";
    for (size_t i = 0; i < nk; i++) {
        opt[k++] = unit_kinds[i];
        opt[k++] = unit_kind_label(unit_kinds[i]);
    }
    opt[k] = NULL;
    return opt;
}

/* The create/edit form; `u` holds the values to show. */
static void unit_form(req *r, const char *action, const struct unit *u, const struct field_errors *fe, int64_t self)
{
    if (fe && fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, action, "class=\"narrow\"");
    form_field(r, "text", "name", "Tên đơn vị", u->name, fe ? ferr_get(fe, "name") : NULL, "required maxlength=\"200\"");
    form_field(r, "text", "short_name", "Tên viết tắt", u->short_name, fe ? ferr_get(fe, "short_name") : NULL, "maxlength=\"100\"");
    form_select(r, "kind", "Loại đơn vị", unit_kind_options(r), u->kind, fe ? ferr_get(fe, "kind") : NULL);
    form_select(r, "parent_id", "Đơn vị cấp trên", unit_parent_options(r, self, u->parent_id),
                u->parent_id ? arena_printf(&r->a, "%lld", (long long)u->parent_id) : (u->id && !u->parent_id ? "0" : ""),
                fe ? ferr_get(fe, "parent_id") : NULL);
    form_field(r, "text", "code", "Mã đơn vị (mã hành chính hoặc mã nội bộ, không bắt buộc)", u->code,
               fe ? ferr_get(fe, "code") : NULL, "maxlength=\"32\" autocomplete=\"off\"");
    form_field(r, "text", "tax_code", "Mã số thuế (doanh nghiệp: 10 số, chi nhánh: 10 số-3 số)", u->tax_code,
               fe ? ferr_get(fe, "tax_code") : NULL, "inputmode=\"numeric\" maxlength=\"20\" autocomplete=\"off\"");
    form_field(r, "text", "address", "Địa chỉ", u->address, fe ? ferr_get(fe, "address") : NULL, "maxlength=\"300\"");
    form_field(r, "date", "valid_from", "Có hiệu lực từ ngày", u->valid_from, fe ? ferr_get(fe, "valid_from") : NULL, NULL);
    form_field(r, "date", "valid_to", "Hết hiệu lực từ sau ngày (để trống nếu còn hoạt động)", u->valid_to,
               fe ? ferr_get(fe, "valid_to") : NULL, NULL);
    form_field(r, "textarea", "note", "Ghi chú", u->note, fe ? ferr_get(fe, "note") : NULL, "maxlength=\"2000\"");
    form_end(r, "Lưu");
}

/* Reads the form into an input (every field given: an empty box clears it). */
static void input_from_form(req *r, struct unit_input *in, struct field_errors *fe)
{
    memset(in, 0, sizeof *in);
    const char *keys[] = {"kind", "name", "short_name", "code", "tax_code", "address", "note", "valid_from", "valid_to"};
    const char **dst[] = {&in->kind, &in->name, &in->short_name, &in->code, &in->tax_code, &in->address, &in->note,
                          &in->valid_from, &in->valid_to};
    for (size_t i = 0; i < countof(keys); i++) {
        const char *v = web_param(r, keys[i]);
        *dst[i] = v ? v : "";
    }
    const char *p = web_param(r, "parent_id");
    if (!str_empty(p)) {
        in->set_parent = true;
        if (!parse_int64(p, &in->parent_id) || in->parent_id < 0) ferr_add(fe, "parent_id", "Đơn vị cấp trên không hợp lệ.");
    }
}

/* The values a form shows again after an error: what was typed. */
static struct unit unit_from_input(const struct unit_input *in)
{
    struct unit u = {0};
    u.kind = in->kind; u.name = in->name; u.short_name = in->short_name; u.code = in->code; u.tax_code = in->tax_code;
    u.address = in->address; u.note = in->note; u.valid_from = in->valid_from; u.valid_to = in->valid_to;
    u.parent_id = in->parent_id;
    return u;
}

void unit_new_page(req *r)
{
    struct field_errors fe = {0};
    struct unit u = {0};
    if (web_is_post(r)) {
        struct unit_input in;
        input_from_form(r, &in, &fe);
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : unit_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create unit"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/units/%lld?notice=created", (long long)id)); return; }
        u = unit_from_input(&in);
        r->status = 400;
    } else {
        const char *p = web_param(r, "parent");
        int64_t pid;
        if (p && parse_int64(p, &pid)) u.parent_id = pid;
    }
    int status = r->status;
    page_begin(r, "Thêm đơn vị");
    unit_form(r, "/units/new", &u, &fe, 0);
    page_end(r);
    r->status = status;
}

static void unit_lineage_html(req *r, const struct unit *u)
{
    struct unit_lineage back, fwd;
    if (unit_lineage(r->db, u->id, &r->a, &back) < 0 || unit_successors(r->db, u->id, &r->a, &fwd) < 0) {
        html(r, "<p class=\"notice error\">Không đọc được lịch sử kế thừa.</p>");
        return;
    }
    html(r, "<h2 id=\"lich-su\">Lịch sử sắp xếp, kế thừa</h2>");
    if (back.nedges == 0 && fwd.nedges == 0) {
        html(r, "<p class=\"muted\">Đơn vị chưa qua sáp nhập, chia tách hay đổi tên.</p>");
        return;
    }
    /* Each group (successor, change, date) is one sentence: "X được hình thành ngày … do sáp
     * nhập: A, B". Names come from the lineage lists. */
    struct unit_lineage *ls[2] = {&back, &fwd};
    const char *heads[2] = {"Tiền thân (đơn vị mà đơn vị này kế thừa, kể cả gián tiếp)",
                            "Đơn vị kế thừa (đơn vị đã thay thế đơn vị này)"};
    for (int d = 0; d < 2; d++) {
        struct unit_lineage *l = ls[d];
        if (!l->nedges) continue;
        html(r, "<h3>%s</h3><ul>", heads[d]);
        for (int i = 0; i < l->nedges; i++) {
            struct unit_edge *e = &l->edges[i];
            bool first = true;
            for (int j = 0; j < i; j++)
                if (l->edges[j].successor_id == e->successor_id && str_eq(l->edges[j].change, e->change) &&
                    str_eq(l->edges[j].effective, e->effective))
                    first = false;
            if (!first) continue;
            const char *succ = "?";
            for (int k = 0; k < l->n; k++)
                if (l->units[k].id == e->successor_id) succ = l->units[k].name;
            html(r, "<li>Ngày %T, %s: ", e->effective, unit_change_label(e->change));
            bool comma = false;
            for (int j = i; j < l->nedges; j++) {
                struct unit_edge *f = &l->edges[j];
                if (f->successor_id != e->successor_id || !str_eq(f->change, e->change) || !str_eq(f->effective, e->effective))
                    continue;
                const char *pred = "?";
                for (int k = 0; k < l->n; k++)
                    if (l->units[k].id == f->predecessor_id) pred = l->units[k].name;
                html(r, "%s<a href=\"/units/%D\">%s</a>", comma ? ", " : "", f->predecessor_id, pred);
                comma = true;
            }
            html(r, " → <a href=\"/units/%D\">%s</a>", e->successor_id, succ);
            if (e->legal_basis) html(r, " <span class=\"muted\">(căn cứ: %s)</span>", e->legal_basis);
            html(r, "</li>");
        }
        html(r, "</ul>");
    }
}

void unit_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct unit u;
    int rc = unit_get(r->db, &r->a, id, &u);
    if (rc < 0) { web_fail(r, "get unit"); return; }
    if (!rc) { web_error(r, 404, "Không có đơn vị này."); return; }
    char today[11];
    iso_date_today(today);
    struct unit *path;
    int np;
    if (unit_path(r->db, &r->a, id, &path, &np) < 0) { web_fail(r, "unit path"); return; }
    /* Children a page at a time: an import can put tens of thousands under one unit. */
    int64_t page = page_number(r);
    struct unit_list_opts co = {.historic = true, .by_parent = true, .parent_id = id, .limit = UNITS_PER_PAGE,
                                .offset = (int)((page - 1) * UNITS_PER_PAGE)};
    struct unit *kids;
    int nk, nkids;
    if (unit_list_page(r->db, &r->a, &co, &kids, &nk, &nkids) < 0) { web_fail(r, "unit children"); return; }
    unit_mask_for(r, &u, 1);
    page_begin(r, u.name);
    const char *notice = notice_text(web_param(r, "notice"));
    if (notice) page_notice(r, "ok", notice);
    if (np) {
        html(r, "<nav aria-label=\"Vị trí trong cây đơn vị\"><p class=\"muted\"><a href=\"/units\">Cây đơn vị</a>");
        for (int i = 0; i < np; i++) html(r, " › <a href=\"/units/%D\">%s</a>", path[i].id, path[i].name);
        html(r, "</p></nav>");
    }
    if (u.valid_to && strcmp(u.valid_to, today) < 0)
        page_notice(r, "info", arena_printf(&r->a, "Đơn vị này đã thôi hoạt động sau ngày %s (xem lịch sử kế thừa bên dưới).",
                                            u.valid_to));
    struct actor me = actor_of_req(r);
    bool can_write = unit_may_write(r->db, &me, id);   /* the domain's own rule */
    if (can_write)
        html(r, "<p class=\"actions\"><a class=\"button\" href=\"/units/%D/edit\">Sửa</a>"
                "<a class=\"button secondary\" href=\"/units/new?parent=%D\">Thêm đơn vị trực thuộc</a>"
                "<a class=\"button secondary\" href=\"/units/%D/reorganise\">Sáp nhập, chia tách, đổi tên</a></p>",
             id, id, id);
    html(r, "<div class=\"table-wrap\"><table><tbody>"
            "<tr><th scope=\"row\">Loại</th><td>%s</td></tr>", unit_kind_label(u.kind));
    if (u.short_name) html(r, "<tr><th scope=\"row\">Tên viết tắt</th><td>%s</td></tr>", u.short_name);
    if (u.parent_id) html(r, "<tr><th scope=\"row\">Đơn vị cấp trên</th><td><a href=\"/units/%D\">%s</a></td></tr>",
                          u.parent_id, u.parent_name);
    if (u.code) html(r, "<tr><th scope=\"row\">Mã đơn vị</th><td>%s</td></tr>", u.code);
    if (u.tax_code) html(r, "<tr><th scope=\"row\">Mã số thuế</th><td>%s</td></tr>", u.tax_code);
    if (u.address) html(r, "<tr><th scope=\"row\">Địa chỉ</th><td>%s</td></tr>", u.address);
    html(r, "<tr><th scope=\"row\">Hiệu lực</th><td>%s%T%s%T</td></tr>", u.valid_from ? "từ " : "", u.valid_from,
         u.valid_to ? " đến hết ngày " : (u.valid_from ? "" : "không giới hạn"), u.valid_to);
    if (u.note) html(r, "<tr><th scope=\"row\">Ghi chú</th><td>%s</td></tr>", u.note);
    html(r, "</tbody></table></div>");
    html(r, "<h2 id=\"truc-thuoc\">Đơn vị trực thuộc</h2>");
    if (!nkids) html(r, "<p class=\"muted\">Không có.</p>");
    else {
        if (nkids > UNITS_PER_PAGE)
            html(r, "<p class=\"muted\">%d đơn vị; từ %d đến %d.</p>", nkids, co.offset + (nk ? 1 : 0), co.offset + nk);
        html(r, "<ul>");
        for (int i = 0; i < nk; i++) {
            html(r, "<li><a href=\"/units/%D\">%s</a>", kids[i].id, kids[i].name);
            unit_tags(r, &kids[i], today);
            html(r, "</li>");
        }
        html(r, "</ul>");
        page_links(r, arena_printf(&r->a, "/units/%lld", (long long)id), NULL, page, co.offset + nk < nkids);
    }
    unit_lineage_html(r, &u);
    block_unit_section(r, id);
    page_end(r);
}

/* The unit named by the path's {id}, if this user may change it; otherwise the 404 or 403 (with
 * `denied`) is answered here and false returned. */
bool unit_writable_of_path(req *r, int64_t *id, struct unit *u, const char *denied)
{
    if (!web_param_id(r, 0, id)) return false;
    int rc = unit_get(r->db, &r->a, *id, u);
    if (rc < 0) { web_fail(r, "get unit"); return false; }
    if (!rc) { web_error(r, 404, "Không có đơn vị này."); return false; }
    if (!actor_req_in_scope(r, *id)) { web_error(r, 403, denied); return false; }
    return true;
}

void unit_edit_page(req *r)
{
    int64_t id;
    struct unit u;
    if (!unit_writable_of_path(r, &id, &u, "Bạn chỉ sửa được đơn vị của mình và các đơn vị trực thuộc.")) return;
    int rc;
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct unit_input in;
        input_from_form(r, &in, &fe);
        keep_masked_fields(r, &u, &in);
        if (!in.set_parent && !fe.n) ferr_add(&fe, "parent_id", "Hãy chọn đơn vị cấp trên.");
        struct actor me = actor_of_req(r);
        rc = fe.n ? 0 : unit_update(r->db, &r->a, &me, id, &in, &fe);
        if (rc < 0) { web_fail(r, "update unit"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/units/%lld?notice=updated", (long long)id)); return; }
        struct unit shown = unit_from_input(&in);
        shown.id = id;
        if (!in.address) shown.address = u.address;   /* kept fields show as they were shown */
        if (!in.note) shown.note = u.note;
        u = shown;
        r->status = 400;
    }
    unit_mask_for(r, &u, 1);
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Sửa: %s", u.name && *u.name ? u.name : "đơn vị"));
    html(r, "<p class=\"muted\">Sửa để chỉnh thông tin sai. Khi đơn vị được đổi tên, sáp nhập hay chia tách theo quyết định "
            "của cấp có thẩm quyền, hãy dùng <a href=\"/units/%D/reorganise\">sắp xếp lại</a> để giữ lịch sử.</p>", id);
    unit_form(r, arena_printf(&r->a, "/units/%lld/edit", (long long)id), &u, &fe, id);
    page_end(r);
    r->status = status;
}

/* ---- import / export ---- */
static const struct upload *find_upload(req *r, const char *field)
{
    for (int i = 0; i < r->n_uploads; i++)
        if (str_eq(r->uploads[i].field, field)) return &r->uploads[i];
    return NULL;
}

/* The file name as shown and audited: its last path component, at most 200 bytes. */
static const char *upload_name(arena *a, const struct upload *u)
{
    const char *n = u->filename ? u->filename : "";
    const char *slash = strrchr(n, '/'), *back = strrchr(n, '\\');
    if (slash && (!back || slash > back)) n = slash + 1;
    else if (back) n = back + 1;
    size_t len = strlen(n);
    if (len > 200) len = 200;
    while (len && ((unsigned char)n[len] & 0xC0) == 0x80) len--;   /* do not cut a character */
    return arena_strndup(a, n, len);
}

/* The import quota of a signed-in user: the setting import.max_rows.<role> (setting.c). */
static struct import_quota import_quota_of(req *r)
{
    const char *name = arena_printf(&r->a, "import.max_rows.%s", r->user.role ? r->user.role : "");
    struct import_quota q = {setting_int(r->db, name), name};
    return q;
}

static void import_form(req *r)
{
    form_begin(r, "/units/import", "enctype=\"multipart/form-data\" class=\"narrow\"");
    form_field(r, "file", "file", "Tệp CSV (UTF-8) hoặc Excel .xlsx; dòng đầu là tên cột", NULL, NULL,
               "accept=\".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\" "
               "required");
    form_field(r, "text", "sheet", "Trang tính (chỉ với tệp .xlsx; để trống: trang đầu tiên)", web_param(r, "sheet"),
               NULL, "maxlength=\"31\"");
    html(r, "<div class=\"field\"><label><input type=\"checkbox\" name=\"skip_bad\" value=\"1\"> Bỏ qua các dòng lỗi "
            "(mặc định: có một dòng lỗi thì không ghi gì)</label>"
            "<label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> Chỉ kiểm tra, không ghi</label></div>");
    form_end(r, "Nhập");
}

void units_import_page(req *r)
{
    struct import_report rep;
    bool ran = false;
    if (web_is_post(r)) {
        const struct upload *up = find_upload(r, "file");
        if (!up) {
            r->status = 400;
        } else {
            unsigned flags = (str_eq(web_param(r, "skip_bad"), "1") ? IMPORT_SKIP_BAD : 0) |
                             (str_eq(web_param(r, "dry_run"), "1") ? IMPORT_DRY_RUN : 0);
            struct actor me = actor_of_req(r);
            struct import_quota quota = import_quota_of(r);
            /* A large file runs as a background job (job.h) with a progress page; a small one
             * here, answered with its report. */
            const char *sheet = web_param(r, "sheet");
            int64_t threshold = setting_int(r->db, "import.job_threshold_lines");
            if (unit_import_data_lines(&r->a, up->data, up->len, sheet, (int)threshold) > threshold) {
                int64_t job = unit_import_job_start(r->db, &me, &quota, upload_name(&r->a, up), up->data, up->len, sheet,
                                                    flags);
                if (job < 0) { web_fail(r, "start the unit import job"); return; }
                web_redirect(r, arena_printf(&r->a, "/jobs/%lld", (long long)job));
                return;
            }
            if (unit_import_sheet(r->db, &r->a, &me, &quota, upload_name(&r->a, up), up->data, up->len, flags, sheet,
                                  &rep) < 0) {
                web_fail(r, "import units");
                return;
            }
            ran = true;
            if (rep.fatal || (!rep.written && rep.rejected && !rep.dry_run)) r->status = 400;
        }
    }
    int status = r->status;
    page_begin(r, "Nhập đơn vị từ tệp CSV hoặc Excel");
    if (web_is_post(r) && !ran) page_notice(r, "error", "Hãy chọn một tệp CSV hoặc .xlsx để nhập.");
    if (ran) import_report_html(r, &rep, rep.total <= 500, "/units/");   /* every line of a small file */
    html(r, "<p>Mỗi dòng của tệp là một đơn vị. Dòng có mã, mã số thuế, hoặc tên và đơn vị cấp trên trùng với đơn vị đã có "
            "được bỏ qua, nên nhập lại cùng một tệp không tạo bản sao. Với tệp Excel, số dòng trong báo cáo là số hàng của trang "
            "tính. Tệp mẫu: danh sách đơn vị hiện có, <a href=\"/units/export.csv\">dạng CSV</a> hoặc "
            "<a href=\"/units/export.xlsx\">dạng Excel</a>.</p>");
    import_form(r);
    import_columns_html(r, unit_columns, C__N);
    page_end(r);
    r->status = status;
}

/* /units/export.csv and /units/export.xlsx: the same column spec (unit_export), the format from
 * the path's suffix. */
void units_export_page(req *r)
{
    char at[11] = "";
    const char *at_in = web_param(r, "at");
    if (!str_empty(at_in) && !vn_day_iso(at_in, at)) {
        web_error(r, 400, "Ngày không hợp lệ (tham số at).");
        return;
    }
    const char *dot = strrchr(r->path, '.');
    enum export_format fmt = EXPORT_CSV;
    if (!dot || !export_format_parse(dot + 1, &fmt)) {
        web_error(r, 404, "Không có định dạng tải về này.");
        return;
    }
    char err[256];
    export_doc *x = unit_export_doc(r->db, &r->a, at[0] ? at : NULL, !privacy_can_see(r), fmt, err, sizeof err);
    if (!x) {
        log_error("export units: %s", err);
        web_fail(r, "export units");
        return;
    }
    char today[11];
    iso_date_today(today);
    export_reply(r, x, arena_printf(&r->a, "don-vi-%s", at[0] ? at : today));
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

/* The members of a unit in a JSON body (POST /api/units, PATCH /api/units/{id}, and each object
 * of a reorganisation's "new"): the dispatcher refuses any other member and a wrong type. A
 * string clears an optional field when empty or null; parent_id is a reference (number: id,
 * string: code; null: no parent, a root). */
const struct api_member unit_body[] = {
    {"name", API_TEXT}, {"kind", API_TEXT}, {"short_name", API_TEXT_NULL}, {"code", API_TEXT_NULL},
    {"tax_code", API_TEXT_NULL}, {"address", API_TEXT_NULL}, {"note", API_TEXT_NULL},
    {"valid_from", API_TEXT_NULL}, {"valid_to", API_TEXT_NULL}, {"parent_id", API_REF_NULL}, {NULL, 0},
};

void unit_input_from_body(req *r, struct unit_input *in, struct field_errors *fe)
{
    memset(in, 0, sizeof *in);
    in->kind = api_text(r, "kind");
    in->name = api_text(r, "name");
    in->short_name = api_text(r, "short_name");
    in->code = api_text(r, "code");
    in->tax_code = api_text(r, "tax_code");
    in->address = api_text(r, "address");
    in->note = api_text(r, "note");
    in->valid_from = api_text(r, "valid_from");
    in->valid_to = api_text(r, "valid_to");
    struct ref p = api_ref(r, "parent_id");
    if (p.kind == REF_NULL) {
        in->set_parent = true;
    } else if (p.kind != REF_NONE) {
        const char *why;
        int rc = unit_resolve(r->db, &r->a, p, &in->parent_id, &why);
        if (rc < 0) ferr_add(fe, "_", "resolve parent");
        else if (!rc) ferr_add(fe, "parent_id", why);
        else in->set_parent = true;
    }
}

/* A unit list's paging: ?limit= (1–5000, default 500) and ?offset=, into o and p. */
static bool list_window(req *r, struct unit_list_opts *o, struct api_page *p, struct field_errors *fe)
{
    bool ok = api_page_read(r, p, 500, 5000, fe);
    o->limit = (int)p->limit;
    o->offset = (int)p->offset;
    return ok;
}

/* One page of a unit list in the list envelope (api_list), masked for this reader; NULL on a
 * store error. */
static json_t *units_page_json(req *r, const struct unit_list_opts *o, const struct api_page *p)
{
    struct unit *v;
    int n, total;
    if (unit_list_page(r->db, &r->a, o, &v, &n, &total) < 0) return NULL;
    unit_mask_for(r, v, n);
    return api_list(unit_list_json(v, n), total, p);
}

/* A refused write: 403 outside the actor's capability or scope (the domain's "scope"), else
 * the field errors. */
static void unit_refused(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "scope")) web_error(r, 403, ferr_get(fe, "scope"));
    else api_reply_errors(r, fe);
}

void units_api(req *r)
{
    if (web_is_post(r)) {
        struct field_errors fe = {0};
        struct unit_input in;
        unit_input_from_body(r, &in, &fe);
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : unit_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create unit"); return; }
        if (!id) { unit_refused(r, &fe); return; }
        struct unit u;
        if (unit_get(r->db, &r->a, id, &u) != 1) { web_fail(r, "get unit"); return; }
        unit_mask_for(r, &u, 1);
        web_header(r, "Location", arena_printf(&r->a, "/api/units/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "unit", unit_json(&u)));
        return;
    }
    char at[11] = "";
    const char *at_in = web_param(r, "at");
    struct field_errors fe = {0};
    if (!str_empty(at_in) && !vn_day_iso(at_in, at)) ferr_add(&fe, "at", "Ngày không hợp lệ.");
    struct unit_list_opts o = {.historic = str_eq(web_param(r, "historic"), "1"), .at = at[0] ? at : NULL};
    const char *q = web_param(r, "q"), *kind = web_param(r, "kind"), *parent = web_param(r, "parent");
    if (!str_empty(q)) o.q = q;
    if (!str_empty(kind)) {
        o.kind = unit_kind_from_text(kind);
        if (!o.kind) ferr_add(&fe, "kind", "Loại đơn vị không có trong danh mục.");
    }
    if (!str_empty(parent)) {
        /* The same reference rule as every other place a unit is named. */
        o.by_parent = true;
        const char *why;
        int rc = str_eq(parent, "0") ? 1 : unit_find_ref(r->db, &r->a, parent, &o.parent_id, &why);
        if (rc < 0) { web_fail(r, "resolve parent"); return; }
        if (!rc) ferr_add(&fe, "parent", why);
    }
    struct api_page pg;
    list_window(r, &o, &pg, &fe);
    if (fe.n) { api_reply_errors(r, &fe); return; }
    json_t *list = units_page_json(r, &o, &pg);
    if (!list) { web_fail(r, "list units"); return; }
    web_json(r, 200, list);
}

void unit_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct unit u;
    int rc = unit_get(r->db, &r->a, id, &u);
    if (rc < 0) { web_fail(r, "get unit"); return; }
    if (!rc) { web_error(r, 404, "Không có đơn vị này."); return; }
    if (str_eq(r->method, "PATCH")) {
        struct field_errors fe = {0};
        struct unit_input in;
        unit_input_from_body(r, &in, &fe);
        keep_masked_fields(r, &u, &in);
        struct actor me = actor_of_req(r);
        rc = fe.n ? 0 : unit_update(r->db, &r->a, &me, id, &in, &fe);
        if (rc < 0) { web_fail(r, "update unit"); return; }
        if (!rc) { unit_refused(r, &fe); return; }
        if (unit_get(r->db, &r->a, id, &u) != 1) { web_fail(r, "get unit"); return; }
        unit_mask_for(r, &u, 1);
        web_json(r, 200, json_pack("{s:o}", "unit", unit_json(&u)));
        return;
    }
    /* Children in the list envelope, a window at a time (limit, offset). */
    struct field_errors fe = {0};
    struct unit_list_opts co = {.historic = true, .by_parent = true, .parent_id = id};
    struct api_page pg;
    if (!list_window(r, &co, &pg, &fe)) { api_reply_errors(r, &fe); return; }
    struct unit *path;
    int np;
    struct block_membership *bm;
    int nb;
    json_t *children = NULL;
    if (unit_path(r->db, &r->a, id, &path, &np) < 0 || !(children = units_page_json(r, &co, &pg)) ||
        block_memberships_of_unit(r->db, &r->a, id, &bm, &nb) < 0) {
        json_decref(children);
        web_fail(r, "unit details");
        return;
    }
    json_t *jp = json_array(), *jb = json_array();
    for (int i = 0; i < np; i++)
        json_array_append_new(jp, json_pack("{s:I, s:s}", "id", (json_int_t)path[i].id, "name", path[i].name));
    for (int i = 0; i < nb; i++) {
        json_t *b = json_pack("{s:I, s:s, s:s}", "block_id", (json_int_t)bm[i].block_id, "name", bm[i].block_name,
                              "kind", bm[i].kind);
        unit_json_text(b, "joined", bm[i].joined);
        unit_json_text(b, "left_on", bm[i].left_on);
        unit_json_text(b, "head_years", bm[i].head_years);
        unit_json_text(b, "deputy_years", bm[i].deputy_years);
        json_array_append_new(jb, b);
    }
    unit_mask_for(r, &u, 1);
    struct actor me = actor_of_req(r);
    bool can_write = unit_may_write(r->db, &me, id);   /* the domain's own rule */
    web_json(r, 200, json_pack("{s:o, s:o, s:o, s:o, s:b}", "unit", unit_json(&u), "path", jp, "children", children,
                               "blocks", jb, "can_write", can_write));
}


void unit_lineage_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct unit_lineage back, fwd;
    int rc = unit_lineage(r->db, id, &r->a, &back);
    if (rc < 0 || unit_successors(r->db, id, &r->a, &fwd) < 0) { web_fail(r, "lineage"); return; }
    if (!rc) { web_error(r, 404, "Không có đơn vị này."); return; }
    json_t *ids = json_array();
    for (int i = 0; i < back.n; i++) json_array_append_new(ids, json_integer(back.units[i].id));
    web_json(r, 200, json_pack("{s:I, s:o, s:o, s:o}", "unit_id", (json_int_t)id, "ids", ids, "predecessors",
                               unit_lineage_json(&back), "successors", unit_lineage_json(&fwd)));
}

void units_import_api(req *r)
{
    const struct upload *up = find_upload(r, "file");
    if (!up) {
        json_t *f = json_object();
        json_object_set_new(f, "file", json_string("Gửi tệp CSV trong trường \"file\" (multipart/form-data)."));
        web_json_fields(r, "Thiếu tệp CSV.", f);
        return;
    }
    unsigned flags = (str_eq(web_param(r, "skip_bad"), "1") ? IMPORT_SKIP_BAD : 0) |
                     (str_eq(web_param(r, "dry_run"), "1") ? IMPORT_DRY_RUN : 0);
    struct actor me = actor_of_req(r);
    struct import_quota quota = import_quota_of(r);
    struct import_report rep;
    if (unit_import_sheet(r->db, &r->a, &me, &quota, upload_name(&r->a, up), up->data, up->len, flags,
                          web_param(r, "sheet"), &rep) < 0) {
        web_fail(r, "import units");
        return;
    }
    json_t *report = import_report_json(&rep);
    if (rep.fatal || (!rep.written && rep.rejected && !rep.dry_run && !rep.skip_bad)) {
        json_t *o = json_pack("{s:s, s:O, s:s, s:o}", "error", "bad_request", "message",
                              json_object_get(report, "summary"), "request_id", r->request_id, "report", report);
        web_json(r, 400, o);
        return;
    }
    web_json(r, 200, report);
}
