/* reorganise_web.c: the reorganisation page (/units/{id}/reorganise) and
 * /api/units/reorganise: they read the form or the body and call reorganise.c. */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "org_pages.h"
#include "unit_internal.h"


/* ---- reorganise ---- */
static void reorg_errors(req *r, const struct field_errors *fe)
{
    if (!fe->n) return;
    html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa sắp xếp được:</p><ul>");
    for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
    html(r, "</ul></div>");
}

/* A labelled input of one of the three reorganise forms; ids carry the form's name so the
 * page's labels stay unique. */
static void reorg_input(req *r, const char *form, const char *type, const char *name, const char *label,
                        const char *extra_raw)
{
    html(r, "<div class=\"field\"><label for=\"f-%s-%s\">%s</label>", form, name, label);
    if (str_eq(type, "textarea"))
        html(r, "<textarea id=\"f-%s-%s\" name=\"%s\" %R></textarea>", form, name, name, extra_raw); // raw: constant attributes
    else
        html(r, "<input id=\"f-%s-%s\" type=\"%s\" name=\"%s\" %R>", form, name, type, name, extra_raw); // raw: constant attributes
    html(r, "</div>");
}

static void date_and_basis(req *r, const char *form)
{
    reorg_input(r, form, "date", "effective", "Có hiệu lực từ ngày", "required");
    reorg_input(r, form, "text", "legal_basis", "Căn cứ (số nghị quyết, quyết định)",
                "maxlength=\"300\" placeholder=\"vd: Nghị quyết 1672/NQ-UBTVQH15\"");
}

void unit_reorganise_page(req *r)
{
    int64_t id;
    struct unit u;
    if (!unit_writable_of_path(r, &id, &u, "Bạn chỉ sắp xếp được đơn vị của mình và các đơn vị trực thuộc.")) return;
    int rc;
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        const char *change = web_param(r, "change");
        int64_t sources[UNIT_REORG_MAX] = {id}, existing[UNIT_REORG_MAX];
        int ns = 1, ne = 0, nc = 0;
        struct unit_input created[UNIT_REORG_MAX];
        memset(created, 0, sizeof created);
        if (str_eq(change, "merge")) {
            for (int i = 0; i < r->form.n; i++) {
                int64_t other;
                if (!str_eq(r->form.items[i].name, "with") || !parse_int64(r->form.items[i].value, &other)) continue;
                if (ns >= UNIT_REORG_MAX) { ferr_add(&fe, "sources", "Tối đa 16 đơn vị mỗi lần."); break; }
                if (other != id) sources[ns++] = other;
            }
            int64_t into;
            const char *into_s = web_param(r, "into");
            if (!str_empty(into_s) && parse_int64(into_s, &into) && into > 0) existing[ne++] = into;
            else {
                created[0].name = web_param(r, "new_name");
                created[0].kind = str_empty(web_param(r, "new_kind")) ? NULL : web_param(r, "new_kind");
                const char *np = web_param(r, "new_parent_id");
                if (!str_empty(np) && parse_int64(np, &created[0].parent_id)) created[0].set_parent = true;
                nc = 1;
            }
        } else if (str_eq(change, "split")) {
            const char *names = web_param(r, "names");
            for (const char *p = names ? names : ""; *p && nc < UNIT_REORG_MAX;) {
                size_t n = strcspn(p, "\r\n");
                const char *line = unit_trimmed(&r->a, arena_strndup(&r->a, p, n));
                if (line) created[nc++].name = line;
                p += n;
                while (*p == '\r' || *p == '\n') p++;
            }
        } else if (str_eq(change, "rename")) {
            created[0].name = web_param(r, "new_name");
            const char *sn = web_param(r, "new_short_name");
            if (!str_empty(sn)) created[0].short_name = sn;
            nc = 1;
        }
        struct actor me = actor_of_req(r);
        struct unit_reorg op = {change, sources, ns, existing, ne, created, nc, web_param(r, "effective"),
                                web_param(r, "legal_basis")};
        struct unit_reorg_result res;
        rc = fe.n ? 0 : unit_reorganise(r->db, &r->a, &me, &op, &fe, &res);
        if (rc < 0) { web_fail(r, "reorganise unit"); return; }
        if (rc > 0) {
            web_redirect(r, arena_printf(&r->a, "/units/%lld?notice=reorganised#lich-su", (long long)res.successors[0]));
            return;
        }
        r->status = ferr_get(&fe, "scope") ? 403 : 400;
    }
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Sắp xếp lại: %s", u.name));
    reorg_errors(r, &fe);
    html(r, "<p>Mỗi thao tác được ghi một lần vào nhật ký; đơn vị cũ hết hiệu lực vào ngày trước ngày có hiệu lực, "
            "lịch sử (khen thưởng, báo cáo) đi theo đơn vị kế thừa.</p>");
    /* merge */
    struct unit_list_opts o = {0};
    struct unit *v;
    int n;
    if (unit_list(r->db, &r->a, &o, &v, &n) < 0) { web_fail(r, "list units"); return; }
    html(r, "<h2>Sáp nhập</h2><p class=\"muted\">%s cùng các đơn vị được chọn hợp thành một đơn vị: một đơn vị có sẵn "
            "(vd: Sở Kế hoạch và Đầu tư sáp nhập vào Sở Tài chính) hoặc một đơn vị mới.</p>", u.name);
    form_begin(r, arena_printf(&r->a, "/units/%lld/reorganise", (long long)id), "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"change\" value=\"merge\">"
            "<div class=\"field\"><label for=\"f-with\">Cùng sáp nhập với (giữ Ctrl để chọn nhiều)</label>"
            "<select id=\"f-with\" name=\"with\" multiple size=\"8\">");
    struct actor sc = actor_of_req(r);
    struct unit_tree t;
    unit_tree_build(&r->a, v, n, &t);
    int self = unit_tree_find(&t, id);
    for (int i = 0; i < n; i++)   /* not itself, not its ancestors or descendants: siblings and cousins */
        if (v[i].id != id && (self < 0 || !unit_tree_under(&t, self, v[i].id)) && !unit_tree_under(&t, i, id) &&
            (sc.whole_tree || unit_tree_under(&t, i, sc.unit_id)))
            html(r, "<option value=\"%D\">%s</option>", v[i].id, v[i].name);
    html(r, "</select></div><div class=\"field\"><label for=\"f-into\">Vào đơn vị</label><select id=\"f-into\" name=\"into\">"
            "<option value=\"\">Một đơn vị mới (điền tên bên dưới)</option>");
    for (int i = 0; i < n; i++)
        if (v[i].id != id) html(r, "<option value=\"%D\">%s</option>", v[i].id, v[i].name);
    html(r, "</select></div>");
    reorg_input(r, "merge", "text", "new_name", "Tên đơn vị mới", "maxlength=\"200\"");
    form_select(r, "new_kind", "Loại đơn vị mới (để trống: như đơn vị này)", unit_kind_options(r), NULL, ferr_get(&fe, "new_kind"));
    form_select(r, "new_parent_id", "Cấp trên của đơn vị mới (để trống: như đơn vị này)", unit_parent_options(r, 0, 0), NULL,
                ferr_get(&fe, "new_parent_id"));
    date_and_basis(r, "merge");
    form_end(r, "Sáp nhập");
    /* split */
    html(r, "<h2>Chia tách</h2><p class=\"muted\">%s thôi hoạt động; mỗi dòng dưới đây thành một đơn vị mới cùng loại, "
            "cùng cấp trên. Đơn vị trực thuộc (nếu có) cần được chuyển từng đơn vị sau đó.</p>", u.name);
    form_begin(r, arena_printf(&r->a, "/units/%lld/reorganise", (long long)id), "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"change\" value=\"split\">");
    reorg_input(r, "split", "textarea", "names", "Tên các đơn vị mới, mỗi dòng một tên", "required");
    date_and_basis(r, "split");
    form_end(r, "Chia tách");
    /* rename */
    html(r, "<h2>Đổi tên</h2><p class=\"muted\">Tạo đơn vị mang tên mới thay cho %s (giữ mã, mã số thuế, địa chỉ, "
            "đơn vị trực thuộc).</p>", u.name);
    form_begin(r, arena_printf(&r->a, "/units/%lld/reorganise", (long long)id), "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"change\" value=\"rename\">");
    reorg_input(r, "rename", "text", "new_name", "Tên mới", "maxlength=\"200\" required");
    reorg_input(r, "rename", "text", "new_short_name", "Tên viết tắt mới", "maxlength=\"100\"");
    date_and_basis(r, "rename");
    form_end(r, "Đổi tên");
    page_end(r);
    r->status = status;
}

/* The body of POST /api/units/reorganise. "sources" and "into" are arrays of unit references
 * (number: id, string: code), "new" an array of unit objects with unit_body's members; the
 * dispatcher checks the top level, this handler the items (with the same accessors, each item
 * read as a body of its own). */
const struct api_member reorganise_body[] = {
    {"change", API_TEXT}, {"sources", API_ARRAY}, {"into", API_ARRAY}, {"new", API_ARRAY},
    {"effective", API_TEXT}, {"legal_basis", API_TEXT_NULL}, {NULL, 0},
};

/* The references of an array member into ids[] (at most UNIT_REORG_MAX); field errors name the
 * member and the item's position. */
static int refs_of(req *r, const char *member, int64_t *ids, struct field_errors *fe)
{
    json_t *arr = json_object_get(r->json, member), *v;
    size_t i;
    int n = 0;
    json_array_foreach(arr, i, v) {
        if (n >= UNIT_REORG_MAX) { ferr_add(fe, member, "Tối đa 16 đơn vị."); break; }
        /* A number is an id, a string a code: the rule of api_ref, for an array's items. */
        struct ref ref = json_is_integer(v) && json_integer_value(v) > 0 ? (struct ref){REF_ID, json_integer_value(v), NULL}
                         : json_is_string(v) ? (struct ref){REF_CODE, 0, json_string_value(v)}
                                             : (struct ref){REF_BAD, 0, NULL};
        const char *why;
        int rc = unit_resolve(r->db, &r->a, ref, &ids[n], &why);
        if (rc < 0) { ferr_add(fe, "_", "resolve unit"); break; }
        if (!rc) ferr_add(fe, arena_printf(&r->a, "%s[%zu]", member, i), why);
        else n++;
    }
    return n;
}

void units_reorganise_api(req *r)
{
    struct field_errors fe = {0};
    int64_t sources[UNIT_REORG_MAX], existing[UNIT_REORG_MAX];
    struct unit_input created[UNIT_REORG_MAX];
    int ns = refs_of(r, "sources", sources, &fe), ne = refs_of(r, "into", existing, &fe), nc = 0;
    if (!api_has(r, "sources")) ferr_add(&fe, "sources", "Hãy gửi \"sources\": danh sách id hoặc mã đơn vị.");
    json_t *body = r->json, *jn = json_object_get(body, "new"), *v;
    size_t i;
    json_array_foreach(jn, i, v) {
        if (nc >= UNIT_REORG_MAX) { ferr_add(&fe, "new", "Tối đa 16 đơn vị."); break; }
        if (!json_is_object(v)) { ferr_add(&fe, arena_printf(&r->a, "new[%zu]", i), "Mỗi đơn vị mới là một đối tượng JSON."); continue; }
        /* Each new unit passes the very check of POST /api/units (members and types), then the
         * same reader. */
        r->json = v;
        struct field_errors one = {0};
        if (api_body_check(r, unit_body, &one)) unit_input_from_body(r, &created[nc++], &one);
        r->json = body;
        for (int k = 0; k < one.n; k++)
            ferr_add(&fe, str_eq(one.items[k].name, "_") ? "_" : arena_printf(&r->a, "new[%zu].%s", i, one.items[k].name),
                     one.items[k].value);
    }
    if (fe.n) { api_reply_errors(r, &fe); return; }
    struct actor me = actor_of_req(r);
    struct unit_reorg op = {api_text(r, "change"), sources, ns, existing, ne, created, nc, api_text(r, "effective"),
                            api_text(r, "legal_basis")};
    struct unit_reorg_result res;
    int rc = unit_reorganise(r->db, &r->a, &me, &op, &fe, &res);
    if (rc < 0) { web_fail(r, "reorganise"); return; }
    if (!rc) {
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        api_reply_errors(r, &fe);
        return;
    }
    json_t *succ = json_array();
    for (int k = 0; k < res.nsuccessors; k++) json_array_append_new(succ, json_integer(res.successors[k]));
    web_json(r, 201, json_pack("{s:o, s:i, s:i, s:i, s:I}", "successors", succ, "moved_children", res.moved_children,
                               "children_left", res.children_left, "memberships_ended", res.memberships_ended,
                               "audit_id", (json_int_t)res.audit_id));
}
