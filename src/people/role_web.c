/* role_web.c: the pages /roles and /roles/{name} and the API /api/roles. Reading and saving
 * roles, with the check of who may edit them, is role.c's; this file turns forms into calls
 * and outcomes into pages. */
#include "actor.h"
#include "people_pages.h"
#include "role.h"

void roles_page(req *r)
{
    struct role_row *roles;
    int n;
    if (roles_load(r->db, &r->a, &roles, &n) != 0) { web_fail(r, "roles"); return; }
    struct actor me = actor_of_req(r);
    bool editor = me.whole_tree;
    page_begin(r, "Vai trò và quyền");
    html(r, "<p><a href=\"/users\">← Người dùng</a></p>"
            "<p>Mỗi vai trò là một tập quyền. Vai trò <em>phạm vi toàn tỉnh</em> được ghi dữ liệu của mọi đơn vị; "
            "vai trò khác chỉ ghi được dữ liệu của đơn vị mình và các đơn vị trực thuộc.</p>");
    if (str_eq(web_param(r, "ok"), "saved")) page_notice(r, "ok", "Đã lưu vai trò.");
    if (editor) html(r, "<p class=\"actions\"><a class=\"button\" href=\"/roles/new\">Thêm vai trò</a></p>");
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Vai trò</th><th scope=\"col\">Phạm vi</th>"
            "<th scope=\"col\">Quyền</th><th scope=\"col\" class=\"num\">Người dùng</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        html(r, "<tr><td>");
        if (editor) html(r, "<a href=\"/roles/%u\">%s</a>", roles[i].name, roles[i].label);
        else html(r, "%s", roles[i].label);
        html(r, " <span class=\"tag\">%s</span></td><td>%s</td><td><ul>", roles[i].name,
             roles[i].whole_tree ? "Toàn tỉnh" : "Đơn vị và cấp dưới");
        for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
            if (roles[i].caps & CAP_BIT(c)) html(r, "<li>%s</li>", role_cap_label(cap_name((enum capability)c)));
        html(r, "</ul></td><td class=\"num\">%D</td></tr>", roles[i].users);
    }
    html(r, "</tbody></table></div>");
    page_end(r);
}

static void role_form(req *r, const char *name, bool creating, const char *label, bool whole, uint64_t caps,
                      const struct field_errors *fe, const char *error)
{
    page_begin(r, creating ? "Thêm vai trò" : arena_printf(&r->a, "Vai trò: %s", label));
    html(r, "<p><a href=\"/roles\">← Vai trò và quyền</a></p>");
    if (error) page_notice(r, "error", error);
    else if (fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu.");
    form_begin(r, creating ? "/roles/new" : arena_printf(&r->a, "/roles/%s", name), "class=\"narrow\"");
    if (creating)
        form_field(r, "text", "name", "Mã vai trò (a–z, 0–9, _)", name, ferr_get(fe, "name"), "required maxlength=\"32\"");
    form_field(r, "text", "label", "Tên hiển thị", label, ferr_get(fe, "label"), "required maxlength=\"100\"");
    people_checkbox(r, "whole_tree", "1", "Phạm vi toàn tỉnh (ghi được dữ liệu của mọi đơn vị)", whole);
    html(r, "<fieldset><legend>Quyền</legend>");
    if (ferr_get(fe, "capabilities")) html(r, "<p class=\"error\">%s</p>", ferr_get(fe, "capabilities"));
    for (size_t i = 0; i < role_caps_count; i++)
        people_checkbox(r, "cap", cap_name(role_caps[i].cap),
                        arena_printf(&r->a, "%s (%s)", role_caps[i].label, cap_name(role_caps[i].cap)),
                        (caps & CAP_BIT(role_caps[i].cap)) != 0);
    html(r, "</fieldset>");
    form_end(r, creating ? "Tạo vai trò" : "Lưu vai trò");
    page_end(r);
}

/* GET shows a role's form, POST saves it; "/roles/new" creates one. */
void role_page(req *r)
{
    const char *name = r->params[0];
    bool creating = str_eq(name, "new");
    struct actor me = actor_of_req(r);
    /* Checked here too, before anything is shown: the form itself is for editors only. */
    if (!me.whole_tree) {
        web_error(r, 403, "Chỉ quản trị viên phạm vi toàn tỉnh mới sửa được vai trò.");
        return;
    }
    struct role_row before = {0};
    if (!creating) {
        int rc = role_load(r->db, &r->a, name, &before);
        if (rc < 0) { web_fail(r, "role"); return; }
        if (rc == 0) { web_error(r, 404, "Không có vai trò này."); return; }
    }
    struct field_errors fe = {0};
    if (!web_is_post(r)) {
        role_form(r, creating ? "" : name, creating, creating ? "" : before.label, before.whole_tree, before.caps, &fe, NULL);
        return;
    }
    const char *new_name = creating ? kv_get(&r->form, "name") : name;
    const char *label = kv_get(&r->form, "label");
    bool whole = kv_get(&r->form, "whole_tree") != NULL;
    uint64_t caps = 0;
    for (int i = 0; i < r->form.n; i++) {
        if (!str_eq(r->form.items[i].name, "cap")) continue;
        int c = cap_from_name(r->form.items[i].value);
        if (c <= CAP_LOGIN) ferr_add(&fe, "capabilities", arena_printf(&r->a, "Không có quyền '%.40s'.", r->form.items[i].value));
        else caps |= CAP_BIT(c);
    }
    int res = fe.n ? 0 : role_save(r->db, &r->a, &me, new_name ? new_name : "", creating, label, whole, caps, &fe);
    const char *error = NULL;
    switch (res) {
    case 1: web_redirect(r, "/roles?ok=saved"); return;
    case 0: r->status = 400; break;
    case ROLE_EXISTS: r->status = 409; error = "Mã vai trò này đã có."; break;
    case ROLE_LAST_ADMIN:
        r->status = 409;
        error = "Không thể lưu như vậy: hệ thống sẽ không còn người quản trị nào đang hoạt động có quyền quản lý "
                "người dùng trên toàn tỉnh.";
        break;
    case ROLE_NOT_FOUND: web_error(r, 404, "Không có vai trò này."); return;
    case ROLE_FORBIDDEN: web_error(r, 403, "Chỉ quản trị viên phạm vi toàn tỉnh mới sửa được vai trò."); return;
    default: web_fail(r, "role save"); return;
    }
    /* The form shows what was typed, cleaned where the cleaning succeeded. */
    role_form(r, new_name, creating, label, whole, caps, &fe, error);
}

void roles_api(req *r)
{
    struct role_row *roles;
    int n;
    if (roles_load(r->db, &r->a, &roles, &n) != 0) { web_fail(r, "roles"); return; }
    json_t *list = json_array(), *caps = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(list, role_json(&roles[i], true));
    for (size_t i = 0; i < role_caps_count; i++)
        json_array_append_new(caps, json_pack("{s:s, s:s}", "name", cap_name(role_caps[i].cap), "label", role_caps[i].label));
    web_json(r, 200, json_pack("{s:o, s:o}", "roles", list, "capabilities", caps));
}
