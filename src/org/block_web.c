/* block_web.c: the /blocks pages and the /api/blocks endpoints; handlers build the actor and
 * call block.c, which decides (a refusal "scope" is a 403). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "block.h"
#include "org_pages.h"
#include "unit.h"
#include "vn.h"


/* ======================================================================================
 * Pages
 * ====================================================================================== */

static const char *const block_kind_options[] = {"khoi", "Khối thi đua", "cum", "Cụm thi đua", NULL};

void block_unit_section(req *r, int64_t unit_id)
{
    struct block_membership *m;
    int n;
    html(r, "<h2>Khối, cụm thi đua</h2>");
    if (block_memberships_of_unit(r->db, &r->a, unit_id, &m, &n) < 0) {
        html(r, "<p class=\"notice error\">Không đọc được khối thi đua.</p>");
        return;
    }
    if (!n) { html(r, "<p class=\"muted\">Đơn vị không thuộc khối, cụm thi đua nào.</p>"); return; }
    html(r, "<ul>");
    for (int i = 0; i < n; i++) {
        html(r, "<li><a href=\"/blocks/%D\">%s</a>", m[i].block_id, m[i].block_name);
        if (m[i].left_on) html(r, " <span class=\"tag old\">đã rời ngày %T</span>", m[i].left_on);
        if (m[i].head_years) html(r, " — trưởng khối năm %s", m[i].head_years);
        if (m[i].deputy_years) html(r, " — phó khối năm %s", m[i].deputy_years);
        html(r, "</li>");
    }
    html(r, "</ul>");
}

void blocks_page(req *r)
{
    struct block *v;
    int n;
    if (block_list(r->db, &r->a, &v, &n) < 0) { web_fail(r, "list blocks"); return; }
    page_begin(r, "Khối, cụm thi đua");
    if (web_has_cap(r, CAP_BLOCK_WRITE))
        html(r, "<p class=\"actions\"><a class=\"button\" href=\"/blocks/new\">Thêm khối, cụm</a></p>");
    if (!n) {
        html(r, "<p class=\"muted\">Chưa có khối, cụm thi đua nào.</p>");
        page_end(r);
        return;
    }
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Tên</th><th scope=\"col\">Loại</th>"
            "<th scope=\"col\" class=\"num\">Thành viên</th><th scope=\"col\">Trưởng khối gần nhất</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        struct block_leader *l;
        int nl;
        if (block_leaders(r->db, &r->a, v[i].id, &l, &nl) < 0) { web_fail(r, "block leaders"); return; }
        html(r, "<tr><td><a href=\"/blocks/%D\">%s</a></td><td>%s</td><td class=\"num\">%d</td><td>", v[i].id, v[i].name,
             block_kind_label(v[i].kind), v[i].members);
        if (nl) html(r, "%s (%d)", l[0].head_name, l[0].year);
        html(r, "</td></tr>");
    }
    html(r, "</tbody></table></div>");
    page_end(r);
}

static void block_form(req *r, const char *action, const char *name, const char *kind, const char *desc,
                       const struct field_errors *fe)
{
    if (fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, action, "class=\"narrow\"");
    form_field(r, "text", "name", "Tên khối, cụm", name, ferr_get(fe, "name"), "required maxlength=\"200\"");
    form_select(r, "kind", "Loại", block_kind_options, kind ? kind : "khoi", ferr_get(fe, "kind"));
    form_field(r, "textarea", "description", "Mô tả (thành phần, giao ước …)", desc, ferr_get(fe, "description"),
               "maxlength=\"2000\"");
    form_end(r, "Lưu");
}

void block_new_page(req *r)
{
    struct field_errors fe = {0};
    const char *name = web_param(r, "name"), *kind = web_param(r, "kind"), *desc = web_param(r, "description");
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int64_t id = block_create(r->db, &r->a, &me, name, kind, desc, &fe);
        if (id < 0) { web_fail(r, "create block"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/blocks/%lld?notice=created", (long long)id)); return; }
    }
    page_begin(r, "Thêm khối, cụm thi đua");
    block_form(r, "/blocks/new", name, kind, desc, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

void block_edit_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct block b;
    int64_t rc = block_get(r->db, &r->a, id, &b);
    if (rc < 0) { web_fail(r, "get block"); return; }
    if (!rc) { web_error(r, 404, "Không có khối, cụm này."); return; }
    struct field_errors fe = {0};
    struct actor sc = actor_of_req(r);
    /* The form is offered only to who may save it (the same rule as block_update). */
    if ((rc = block_may_edit(r->db, &r->a, &sc, id, b.name, &fe)) != 1) {
        if (rc < 0) web_fail(r, "block scope");
        else web_error(r, 403, ferr_get(&fe, "scope"));
        return;
    }
    const char *name = b.name, *kind = b.kind, *desc = b.description;
    if (web_is_post(r)) {
        name = web_param(r, "name");
        kind = web_param(r, "kind");
        desc = web_param(r, "description");
        rc = block_update(r->db, &r->a, &sc, id, name ? name : "", kind ? kind : "",
                          desc ? desc : "", &fe);
        if (rc < 0) { web_fail(r, "update block"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/blocks/%lld?notice=updated", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, arena_printf(&r->a, "Sửa: %s", b.name));
    block_form(r, arena_printf(&r->a, "/blocks/%lld/edit", (long long)id), name, kind, desc, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

/* The block page; `fe` carries the errors of a form posted to it (member or leader forms). */
static void block_render(req *r, int64_t id, const struct field_errors *fe)
{
    struct block b;
    int64_t rc = block_get(r->db, &r->a, id, &b);
    if (rc < 0) { web_fail(r, "get block"); return; }
    if (!rc) { web_error(r, 404, "Không có khối, cụm này."); return; }
    struct block_member *m;
    struct block_leader *l;
    int nm, nl;
    if (block_members(r->db, &r->a, id, &m, &nm) < 0 || block_leaders(r->db, &r->a, id, &l, &nl) < 0) {
        web_fail(r, "block details");
        return;
    }
    char today[11];
    iso_date_today(today);
    bool can = web_has_cap(r, CAP_BLOCK_WRITE);
    struct actor sc = actor_of_req(r);
    struct field_errors why = {0};
    bool can_edit = can && block_may_edit(r->db, &r->a, &sc, id, b.name, &why) == 1;
    int status = fe->n ? 400 : r->status;
    page_begin(r, b.name);
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "created")) page_notice(r, "ok", "Đã tạo khối, cụm.");
    else if (str_eq(notice, "updated")) page_notice(r, "ok", "Đã lưu thay đổi.");
    if (fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa lưu được:</p><ul>");
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
        html(r, "</ul></div>");
    }
    html(r, "<p><span class=\"tag\">%s</span> %s</p>", block_kind_label(b.kind), b.description ? b.description : "");
    if (can_edit) html(r, "<p class=\"actions\"><a class=\"button secondary\" href=\"/blocks/%D/edit\">Sửa tên, mô tả</a></p>", id);

    html(r, "<h2>Trưởng khối, phó khối theo năm</h2>");
    if (!nl) html(r, "<p class=\"muted\">Chưa có.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Năm</th><th scope=\"col\">Trưởng khối</th>"
                "<th scope=\"col\">Phó khối</th></tr></thead><tbody>");
        for (int i = 0; i < nl; i++) {
            html(r, "<tr><td>%d</td><td><a href=\"/units/%D\">%s</a></td><td>", l[i].year, l[i].head_id, l[i].head_name);
            if (l[i].deputy_id) html(r, "<a href=\"/units/%D\">%s</a>", l[i].deputy_id, l[i].deputy_name);
            html(r, "</td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (can && nm) {
        html(r, "<h3>Chọn trưởng khối, phó khối cho một năm</h3>");
        form_begin(r, arena_printf(&r->a, "/blocks/%lld/leaders", (long long)id), "class=\"narrow\"");
        form_field(r, "number", "year", "Năm", web_param(r, "year") ? web_param(r, "year") : arena_strndup(&r->a, today, 4),
                   ferr_get(fe, "year"),
                   "min=\"1945\" max=\"2200\" required");
        /* every member, current or former: a past year may be led by a unit that has since left */
        const char **opt = arena_alloc(&r->a, sizeof *opt * (size_t)(2 * nm + 3));
        int k = 0;
        opt[k++] = "";
        opt[k++] = "— chọn đơn vị —";
        for (int i = 0; i < nm; i++) {
            opt[k++] = arena_printf(&r->a, "%lld", (long long)m[i].unit_id);
            opt[k++] = m[i].unit_name;
        }
        opt[k] = NULL;
        form_select(r, "head_unit_id", "Trưởng khối", opt, web_param(r, "head_unit_id"), ferr_get(fe, "head_unit_id"));
        const char **dopt = arena_alloc(&r->a, sizeof *dopt * (size_t)(2 * nm + 3));
        dopt[0] = "0";
        dopt[1] = "(không có)";
        memcpy(dopt + 2, opt + 2, sizeof *opt * (size_t)(k - 1));
        form_select(r, "deputy_unit_id", "Phó khối", dopt, web_param(r, "deputy_unit_id"), ferr_get(fe, "deputy_unit_id"));
        form_end(r, "Lưu");
    }

    html(r, "<h2>Thành viên</h2>");
    if (!nm) html(r, "<p class=\"muted\">Chưa có thành viên.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Đơn vị</th><th scope=\"col\">Tham gia</th>"
                "<th scope=\"col\">Rời khối</th>");
        if (can) html(r, "<th scope=\"col\">Thao tác</th>");
        html(r, "</tr></thead><tbody>");
        for (int i = 0; i < nm; i++) {
            bool current = !m[i].left_on || strcmp(m[i].left_on, today) >= 0;
            html(r, "<tr><td><a href=\"/units/%D\">%s</a>", m[i].unit_id, m[i].unit_name);
            if (!m[i].unit_current) html(r, " <span class=\"tag old\">đơn vị đã giải thể</span>");
            html(r, "</td><td>%T</td><td>%T</td>", m[i].joined, m[i].left_on);
            if (can) {
                html(r, "<td>");
                if (current) {
                    form_begin(r, arena_printf(&r->a, "/blocks/%lld/members/%lld/remove", (long long)id, (long long)m[i].unit_id),
                               "class=\"inline\"");
                    html(r, "<button type=\"submit\" class=\"secondary\">Cho rời khối</button></form>");
                }
                html(r, "</td>");
            }
            html(r, "</tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (can) {
        html(r, "<h3>Thêm thành viên</h3>");
        struct unit_list_opts o = {0};
        struct unit *v;
        int n;
        if (unit_list(r->db, &r->a, &o, &v, &n) < 0) { web_fail(r, "list units"); return; }
        const char **opt = arena_alloc(&r->a, sizeof *opt * (size_t)(2 * n + 3));
        int k = 0;
        opt[k++] = "";
        opt[k++] = "— chọn đơn vị —";
        for (int i = 0; i < n; i++) {
            bool member = false;
            for (int j = 0; j < nm && !member; j++)
                member = m[j].unit_id == v[i].id && (!m[j].left_on || strcmp(m[j].left_on, today) >= 0);
            if (member) continue;
            opt[k++] = arena_printf(&r->a, "%lld", (long long)v[i].id);
            opt[k++] = v[i].name;
        }
        opt[k] = NULL;
        form_begin(r, arena_printf(&r->a, "/blocks/%lld/members", (long long)id), "class=\"narrow\"");
        form_select(r, "unit_id", "Đơn vị", opt, NULL, ferr_get(fe, "unit_id"));
        form_field(r, "date", "joined", "Tham gia từ ngày (không bắt buộc)", NULL, ferr_get(fe, "joined"), NULL);
        form_end(r, "Thêm vào khối");
    }
    page_end(r);
    r->status = status;
}

/* The answer to a form posted to a block: back to the block when done, 403 when outside the
 * writer's scope, the block page with the field errors otherwise. */
static void block_page_result(req *r, int64_t id, int64_t rc, const struct field_errors *fe, const char *what)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/blocks/%lld", (long long)id)); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    block_render(r, id, fe);
}

void block_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    block_render(r, id, &fe);
}

void block_member_add_page(req *r)
{
    int64_t id, unit_id = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    const char *u = web_param(r, "unit_id");
    if (str_empty(u) || !parse_int64(u, &unit_id) || unit_id <= 0) ferr_add(&fe, "unit_id", "Hãy chọn đơn vị.");
    struct actor sc = actor_of_req(r);
    int64_t rc = fe.n ? 0 : block_member_add(r->db, &r->a, &sc, id, unit_id, web_param(r, "joined"), &fe);
    block_page_result(r, id, rc, &fe, "add member");
}

void block_member_remove_page(req *r)
{
    int64_t id, unit_id;
    if (!web_param_id(r, 0, &id) || !web_param_id(r, 1, &unit_id)) return;
    struct field_errors fe = {0};
    struct actor sc = actor_of_req(r);
    int64_t rc = block_member_remove(r->db, &r->a, &sc, id, unit_id, web_param(r, "left_on"), &fe);
    block_page_result(r, id, rc, &fe, "remove member");
}

void block_leader_page(req *r)
{
    int64_t id, year = 0, head = 0, deputy = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    const char *y = web_param(r, "year"), *h = web_param(r, "head_unit_id"), *d = web_param(r, "deputy_unit_id");
    if (!y || !parse_int64(y, &year)) ferr_add(&fe, "year", "Hãy nhập năm.");
    if (!h || !parse_int64(h, &head)) ferr_add(&fe, "head_unit_id", "Hãy chọn trưởng khối.");
    if (!str_empty(d) && !parse_int64(d, &deputy)) ferr_add(&fe, "deputy_unit_id", "Phó khối không hợp lệ.");
    if (year < 0 || year > 100000) year = 0;
    struct actor sc = actor_of_req(r);
    int64_t rc = fe.n ? 0 : block_leader_set(r->db, &r->a, &sc, id, (int)year, head, deputy, &fe);
    block_page_result(r, id, rc, &fe, "set leader");
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

/* The JSON bodies of the block write routes (api.h), declared on their rows in org_routes.c. */
const struct api_member block_body[] = {
    {"name", API_TEXT}, {"kind", API_TEXT}, {"description", API_TEXT_NULL}, {NULL, 0},
};
const struct api_member block_member_body[] = {{"unit_id", API_REF}, {"joined", API_TEXT_NULL}, {NULL, 0}};
const struct api_member block_leader_body[] = {{"head_unit_id", API_REF}, {"deputy_unit_id", API_REF_NULL}, {NULL, 0}};

/* The unit a body member names (unit.h's one resolver); 0 with a field error naming the member
 * when it names none, or -1 on a store error (also a field error "_": a 500). */
static int64_t body_unit(req *r, const char *member, struct field_errors *fe)
{
    int64_t id = 0;
    const char *why;
    int rc = unit_resolve(r->db, &r->a, api_ref(r, member), &id, &why);
    if (rc < 0) { ferr_add(fe, "_", "resolve unit"); return -1; }
    if (!rc) { ferr_add(fe, member, why); return 0; }
    return id;
}

/* A refused API write: 404 for an unknown block, 403 outside the writer's capability or scope,
 * else the field errors (api_reply_errors). */
static void block_json_refused(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "id")) { web_error(r, 404, "Không có khối, cụm này."); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    api_reply_errors(r, fe);
}

static json_t *block_full_json(req *r, int64_t id)
{
    struct block b;
    struct block_member *m;
    struct block_leader *l;
    int nm, nl;
    if (block_get(r->db, &r->a, id, &b) != 1 || block_members(r->db, &r->a, id, &m, &nm) < 0 ||
        block_leaders(r->db, &r->a, id, &l, &nl) < 0)
        return NULL;
    json_t *o = block_json(&b), *jm = json_array(), *jl = json_array();
    for (int i = 0; i < nm; i++) {
        json_t *x = json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)m[i].unit_id, "name", m[i].unit_name, "kind", m[i].unit_kind);
        json_object_set_new(x, "joined", m[i].joined ? json_string(m[i].joined) : json_null());
        json_object_set_new(x, "left_on", m[i].left_on ? json_string(m[i].left_on) : json_null());
        json_array_append_new(jm, x);
    }
    for (int i = 0; i < nl; i++) {
        json_t *x = json_pack("{s:i, s:I, s:s}", "year", l[i].year, "head_unit_id", (json_int_t)l[i].head_id, "head_name", l[i].head_name);
        json_object_set_new(x, "deputy_unit_id", l[i].deputy_id ? json_integer(l[i].deputy_id) : json_null());
        json_object_set_new(x, "deputy_name", l[i].deputy_name ? json_string(l[i].deputy_name) : json_null());
        json_array_append_new(jl, x);
    }
    json_object_set_new(o, "member_list", jm);
    json_object_set_new(o, "leaders", jl);
    return o;
}

void blocks_api(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int64_t id = block_create(r->db, &r->a, &me, api_text(r, "name"), api_text(r, "kind"), api_text(r, "description"),
                                  &fe);
        if (id < 0) { web_fail(r, "create block"); return; }
        if (!id) { block_json_refused(r, &fe); return; }
        json_t *o = block_full_json(r, id);
        if (!o) { web_fail(r, "get block"); return; }
        web_header(r, "Location", arena_printf(&r->a, "/api/blocks/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "block", o));
        return;
    }
    struct api_page pg;
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    struct block *v;
    int n;
    int64_t total;
    if (block_list_page(r->db, &r->a, pg.limit, pg.offset, &v, &n, &total) < 0) { web_fail(r, "list blocks"); return; }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, block_json(&v[i]));
    web_json(r, 200, api_list(a, total, &pg));
}

void block_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct block b;
    int64_t rc = block_get(r->db, &r->a, id, &b);
    if (rc < 0) { web_fail(r, "get block"); return; }
    if (!rc) { web_error(r, 404, "Không có khối, cụm này."); return; }
    if (str_eq(r->method, "PATCH")) {
        struct field_errors fe = {0};
        struct actor sc = actor_of_req(r);
        int64_t w = block_update(r->db, &r->a, &sc, id, api_text(r, "name"), api_text(r, "kind"),
                                 api_text(r, "description"), &fe);
        if (w < 0) { web_fail(r, "update block"); return; }
        if (!w) { block_json_refused(r, &fe); return; }
    }
    json_t *o = block_full_json(r, id);
    if (!o) { web_fail(r, "get block"); return; }
    web_json(r, 200, json_pack("{s:o}", "block", o));
}

/* POST {unit_id: id or code, joined} adds; DELETE …/members/{unit}?left_on=DATE ends a membership. */
void block_members_api(req *r)
{
    int64_t id, unit_id = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    int64_t rc;
    struct actor sc = actor_of_req(r);
    if (str_eq(r->method, "DELETE")) {
        if (!web_param_id(r, 1, &unit_id)) return;
        rc = block_member_remove(r->db, &r->a, &sc, id, unit_id, web_param(r, "left_on"), &fe);
    } else {
        if (!api_has(r, "unit_id")) ferr_add(&fe, "unit_id", "Hãy gửi \"unit_id\": số id hoặc mã đơn vị.");
        else unit_id = body_unit(r, "unit_id", &fe);
        rc = unit_id > 0 ? block_member_add(r->db, &r->a, &sc, id, unit_id, api_text(r, "joined"), &fe) : 0;
    }
    if (rc < 0) { web_fail(r, "block member"); return; }
    if (!rc) { block_json_refused(r, &fe); return; }
    json_t *o = block_full_json(r, id);
    if (!o) { web_fail(r, "get block"); return; }
    web_json(r, 200, json_pack("{s:o}", "block", o));
}

/* PUT /api/blocks/{id}/leaders/{year} {head_unit_id, deputy_unit_id}: ids or codes. */
void block_leader_api(req *r)
{
    int64_t id, year;
    if (!web_param_id(r, 0, &id)) return;
    if (!parse_int64(r->params[1], &year) || year < 1945 || year > 2200) {
        web_error(r, 404, "Năm phải từ 1945 đến 2200.");
        return;
    }
    struct field_errors fe = {0};
    int64_t head = 0, deputy = 0;
    if (!api_has(r, "head_unit_id")) ferr_add(&fe, "head_unit_id", "Hãy chọn đơn vị trưởng khối.");
    else head = body_unit(r, "head_unit_id", &fe);
    struct ref d = api_ref(r, "deputy_unit_id");
    if (d.kind != REF_NONE && d.kind != REF_NULL) deputy = body_unit(r, "deputy_unit_id", &fe);
    struct actor sc = actor_of_req(r);
    int64_t rc = fe.n ? 0 : block_leader_set(r->db, &r->a, &sc, id, (int)year, head, deputy, &fe);
    if (rc < 0) { web_fail(r, "set leader"); return; }
    if (!rc) { block_json_refused(r, &fe); return; }
    json_t *o = block_full_json(r, id);
    if (!o) { web_fail(r, "get block"); return; }
    web_json(r, 200, json_pack("{s:o}", "block", o));
}
