/* proposal_web.c: the /proposals pages (list, new, show with its timeline and the moves the user
 * may make, edit, the intake list) and the /api/proposals endpoints. Handlers build the actor and
 * call proposal.c, which decides; they also hold the few page helpers of award_pages.h. */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "award_pages.h"
#include "award_rules.h"
#include "award_subject.h"
#include "proposal.h"
#include "proposal_intake.h"
#include "vn.h"

/* ======================================================================================
 * Helpers shared by the award pages
 * ====================================================================================== */

const char **award_unit_options(req *r, bool scoped)
{
    char today[11];
    iso_date_today(today);
    int64_t root = (scoped && !r->user.whole_tree) ? r->user.unit_id : 0;
    stmt *q = store_query(r->db,
        "SELECT id, name FROM unit WHERE (valid_to IS NULL OR valid_to >= $1)"
        " AND ($2 = 0 OR id IN (WITH RECURSIVE sub(id) AS (SELECT $2 UNION SELECT c.id FROM unit c JOIN sub"
        " ON c.parent_id = sub.id) SELECT id FROM sub)) ORDER BY sort_key", "ti", today, root);
    int cap = 0, n = 0;
    const char **v = arena_grow(&r->a, NULL, 0, &cap, sizeof *v);
    *ARENA_PUSH(&r->a, v, n, cap) = "";
    *ARENA_PUSH(&r->a, v, n, cap) = "— chọn đơn vị —";
    while (q && stmt_step(q) == STORE_ROW) {
        *ARENA_PUSH(&r->a, v, n, cap) = arena_printf(&r->a, "%lld", (long long)stmt_int64(q, 0));
        *ARENA_PUSH(&r->a, v, n, cap) = stmt_text_dup(q, 1, &r->a);
    }
    stmt_finalize(q);
    *ARENA_PUSH(&r->a, v, n, cap) = NULL;
    return v;
}

const char **award_form_options(req *r)
{
    struct award_form *f;
    int n = 0;
    int cap = 0, k = 0;
    const char **v = arena_grow(&r->a, NULL, 0, &cap, sizeof *v);
    *ARENA_PUSH(&r->a, v, k, cap) = "";
    *ARENA_PUSH(&r->a, v, k, cap) = "— chọn hình thức, danh hiệu —";
    if (award_forms_at(r->db, &r->a, NULL, &f, &n) >= 0)
        for (int i = 0; i < n; i++) {
            if (str_eq(f[i].category, "rating")) continue;
            bool seen = false;
            for (int j = 2; j < k && !seen; j += 2) seen = str_eq(v[j], f[i].code);
            if (seen) continue;
            *ARENA_PUSH(&r->a, v, k, cap) = f[i].code;
            *ARENA_PUSH(&r->a, v, k, cap) = f[i].name;
        }
    *ARENA_PUSH(&r->a, v, k, cap) = NULL;
    return v;
}

void award_form_errors(req *r, const struct field_errors *fe)
{
    if (!fe->n) return;
    html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa thực hiện được:</p><ul>");
    for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
    html(r, "</ul></div>");
}

void award_json_refused(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "id")) { web_error(r, 404, ferr_get(fe, "id")); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    api_reply_errors(r, fe);
}

/* ======================================================================================
 * Pages
 * ====================================================================================== */

static const char *const kind_options[] = {
    "", "— chọn loại —", "collective", "Tập thể", "enterprise", "Doanh nghiệp", "individual", "Cá nhân",
    "household", "Hộ gia đình", NULL,
};
static const char *kind_label(const char *k)
{
    for (int i = 2; kind_options[i]; i += 2)
        if (str_eq(kind_options[i], k)) return kind_options[i + 1];
    return k;
}

/* Who may read which proposals: the Board and whole-tree roles all, a unit's staff its subtree. */
static int64_t read_scope(req *r)
{
    return (r->user.whole_tree || web_has_cap(r, CAP_APPRAISE)) ? 0 : r->user.unit_id;
}

static void state_tag(req *r, const struct proposal *p)
{
    html(r, "<span class=\"tag state-%s\">%s</span>", proposal_state_name(p->state), proposal_state_label(p->state));
    if (p->overdue) html(r, " <span class=\"tag overdue\">Quá hạn (%T)</span>", p->due_on);
}

void proposals_page(req *r)
{
    int st = proposal_state_from_name(web_param(r, "state"));
    bool overdue = str_eq(web_param(r, "overdue"), "1");
    int64_t page = page_number(r);
    struct proposal_filter f = {.state = st, .unit_scope = read_scope(r), .overdue_only = overdue, .limit = 50,
                                .offset = (page - 1) * 50};
    struct proposal *v;
    int n;
    int64_t total;
    if (proposal_list(r->db, &r->a, &f, &v, &n, &total) < 0) { web_fail(r, "list proposals"); return; }
    page_begin(r, "Hồ sơ đề nghị khen thưởng");
    html(r, "<p class=\"actions\"><a class=\"button\" href=\"/proposals/new\">Lập hồ sơ đề nghị</a>");
    if (web_has_cap(r, CAP_APPRAISE)) html(r, " <a class=\"button secondary\" href=\"/proposals/intake\">Đề xuất chuyển sang</a>");
    html(r, "</p>");
    html(r, "<form method=\"get\" action=\"/proposals\" class=\"filters\"><label>Bước <select name=\"state\">"
            "<option value=\"\">Tất cả</option>");
    for (int i = 0; i < PS__COUNT; i++)
        html(r, "<option value=\"%s\"%R>%s</option>", proposal_state_name((enum proposal_state)i),
             i == st ? " selected" : "", // raw: a fixed attribute
             proposal_state_label((enum proposal_state)i));
    html(r, "</select></label> <label><input type=\"checkbox\" name=\"overdue\" value=\"1\"%R> Chỉ hồ sơ quá hạn</label>"
            " <button type=\"submit\">Lọc</button></form>",
         overdue ? " checked" : ""); // raw: a fixed attribute
    if (!n) html(r, "<p class=\"muted\">Không có hồ sơ nào.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Số</th><th scope=\"col\">Đối tượng</th>"
                "<th scope=\"col\">Hình thức</th><th scope=\"col\">Năm</th><th scope=\"col\">Đơn vị đề nghị</th>"
                "<th scope=\"col\">Bước</th><th scope=\"col\">Hạn</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            html(r, "<tr><td><a href=\"/proposals/%D\">%D</a></td><td>%s</td><td>%s</td><td>%d</td><td>%s</td><td>",
                 v[i].id, v[i].id, v[i].subject_name, v[i].form_label, v[i].year, v[i].unit_name);
            state_tag(r, &v[i]);
            html(r, "</td><td>%T</td></tr>", v[i].due_on);
        }
        html(r, "</tbody></table></div>");
    }
    static const char *const keep[] = {"state", "overdue", NULL};
    page_links(r, "/proposals", keep, page, page * 50 < total);
    page_end(r);
}

static void proposal_form(req *r, const char *action, const struct proposal_input *in, const struct field_errors *fe)
{
    award_form_errors(r, fe);
    form_begin(r, action, "class=\"narrow\"");
    const char **units = award_unit_options(r, true);
    form_select(r, "unit_id", "Đơn vị đề nghị", units, in->unit_id ? arena_printf(&r->a, "%lld", (long long)in->unit_id) : NULL,
                ferr_get(fe, "unit_id"));
    form_select(r, "subject_kind", "Loại đối tượng", kind_options, in->subject_kind, ferr_get(fe, "subject_kind"));
    form_field(r, "text", "subject_name", "Tên đối tượng (như sẽ in trên quyết định)", in->subject_name,
               ferr_get(fe, "subject_name"), "maxlength=\"300\" required");
    form_select(r, "subject_unit_id", "Tập thể: đơn vị được khen", award_unit_options(r, false),
                in->subject_unit_id ? arena_printf(&r->a, "%lld", (long long)in->subject_unit_id) : NULL,
                ferr_get(fe, "subject_unit_id"));
    form_field(r, "text", "subject_ref", "Cá nhân: số căn cước; doanh nghiệp: mã số thuế; hộ gia đình: địa chỉ",
               in->subject_ref, ferr_get(fe, "subject_ref"), "maxlength=\"120\" autocomplete=\"off\"");
    form_select(r, "form_code", "Hình thức, danh hiệu đề nghị", award_form_options(r), in->form_code,
                ferr_get(fe, "form_code"));
    form_field(r, "number", "year", "Năm thành tích", in->year ? arena_printf(&r->a, "%d", in->year) : NULL,
               ferr_get(fe, "year"), "min=\"1945\" max=\"2200\" required");
    form_field(r, "textarea", "reason", "Thành tích (như sẽ in: \"Đã có thành tích xuất sắc trong …\")", in->reason,
               ferr_get(fe, "reason"), "maxlength=\"2000\" required");
    form_field(r, "text", "achievement", "Mã thành tích (không bắt buộc; mặc định: thành tích của năm)", in->achievement,
               ferr_get(fe, "achievement"), "maxlength=\"120\"");
    form_end(r, "Lưu bản nháp");
}

static void input_from_form(req *r, struct proposal_input *in)
{
    int64_t v = 0;
    memset(in, 0, sizeof *in);
    if (parse_int64(web_param(r, "unit_id"), &v)) in->unit_id = v;
    if (parse_int64(web_param(r, "subject_unit_id"), &v)) in->subject_unit_id = v;
    if (parse_int64(web_param(r, "year"), &v) && v > 0 && v < 100000) in->year = (int)v;
    in->subject_kind = web_param(r, "subject_kind");
    in->subject_name = web_param(r, "subject_name");
    in->subject_ref = web_param(r, "subject_ref");
    in->form_code = web_param(r, "form_code");
    in->reason = web_param(r, "reason");
    in->achievement = web_param(r, "achievement");
}

void proposal_new_page(req *r)
{
    struct field_errors fe = {0};
    struct proposal_input in;
    input_from_form(r, &in);
    if (!web_is_post(r)) {
        char today[11];
        iso_date_today(today);
        in.unit_id = r->user.unit_id;
        in.year = (int)((today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0'));
    } else {
        struct actor me = actor_of_req(r);
        int64_t id = proposal_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create proposal"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/proposals/%lld?notice=created", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, "Lập hồ sơ đề nghị khen thưởng");
    proposal_form(r, "/proposals/new", &in, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

/* The proposal if it exists and the user may read it; otherwise the reply is sent. */
static bool load_readable(req *r, int64_t id, struct proposal *p)
{
    int rc = proposal_get(r->db, &r->a, id, p);
    if (rc < 0) { web_fail(r, "get proposal"); return false; }
    struct actor me = actor_of_req(r);
    if (!rc || !proposal_may_read(r->db, &me, p)) { web_error(r, 404, "Không có hồ sơ đề nghị này."); return false; }
    return true;
}

/* The form of one move the user may make, with the fields it needs. */
static void move_form(req *r, const struct proposal *p, enum proposal_action act, const struct field_errors *fe)
{
    html(r, "<details class=\"move\"%R><summary>%s</summary>", // raw: a fixed attribute
         (fe->n && str_eq(web_param(r, "action"), proposal_action_name(act))) ? " open" : "", proposal_action_label(act));
    form_begin(r, arena_printf(&r->a, "/proposals/%lld/move", (long long)p->id), "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"action\" value=\"%s\">", proposal_action_name(act));
    if (act == PA_ASSIGN) {
        stmt *q = store_query(r->db, "SELECT u.id, u.name, u.login FROM app_user u JOIN role_capability c ON c.role = u.role"
                                     " WHERE c.capability = 'appraise' AND u.disabled = 0 ORDER BY u.login", "");
        int cap = 0, k = 0;
        const char **opt = arena_grow(&r->a, NULL, 0, &cap, sizeof *opt);
        while (q && stmt_step(q) == STORE_ROW) {
            *ARENA_PUSH(&r->a, opt, k, cap) = arena_printf(&r->a, "%lld", (long long)stmt_int64(q, 0));
            *ARENA_PUSH(&r->a, opt, k, cap) = arena_printf(&r->a, "%s (%s)", stmt_text(q, 1), stmt_text(q, 2));
        }
        stmt_finalize(q);
        *ARENA_PUSH(&r->a, opt, k, cap) = NULL;
        form_select(r, "assignee_id", "Chuyên viên thẩm định", opt, arena_printf(&r->a, "%lld", (long long)r->user.id),
                    ferr_get(fe, "assignee_id"));
    }
    if (act == PA_APPRAISE) {
        static const char *const el[] = {"", "— chọn —", "1", "Đủ điều kiện", "0", "Không đủ điều kiện", NULL};
        form_select(r, "eligible", "Kết luận", el, web_param(r, "eligible"), ferr_get(fe, "eligible"));
    }
    bool needs_note = act == PA_RETURN || act == PA_REFUSE || act == PA_APPRAISE;
    form_field(r, "textarea", "note", needs_note ? "Lý do, ý kiến (bắt buộc)" : "Ghi chú (không bắt buộc)", NULL,
               ferr_get(fe, "note"), needs_note ? "maxlength=\"2000\" required" : "maxlength=\"2000\"");
    form_field(r, "date", "on", "Ngày thực hiện (để trống: hôm nay)", NULL, ferr_get(fe, "on"), NULL);
    form_end(r, proposal_action_label(act));
    html(r, "</details>");
}

static void proposal_render(req *r, int64_t id, const struct field_errors *fe)
{
    struct proposal p;
    if (!load_readable(r, id, &p)) return;
    struct proposal_event *ev;
    int ne;
    if (proposal_events(r->db, &r->a, id, &ev, &ne) < 0) { web_fail(r, "proposal events"); return; }
    int status = fe->n ? 400 : r->status;
    page_begin(r, arena_printf(&r->a, "Hồ sơ số %lld: %s", (long long)id, p.subject_name));
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "created")) page_notice(r, "ok", "Đã lưu bản nháp hồ sơ.");
    else if (str_eq(notice, "moved")) page_notice(r, "ok", "Đã cập nhật bước xử lý.");
    else if (str_eq(notice, "updated")) page_notice(r, "ok", "Đã lưu thay đổi.");
    else if (str_eq(notice, "files")) page_notice(r, "ok", "Đã thêm tài liệu vào hồ sơ.");
    award_form_errors(r, fe);
    html(r, "<p>");
    state_tag(r, &p);
    html(r, "</p><dl class=\"facts\"><dt>Đối tượng</dt><dd>%s (%s)</dd><dt>Hình thức, danh hiệu</dt><dd>%s</dd>"
            "<dt>Năm thành tích</dt><dd>%d</dd><dt>Đơn vị đề nghị</dt><dd>%s</dd><dt>Thành tích</dt><dd>%s</dd>",
         p.subject_name, kind_label(p.subject_kind), p.form_label, p.year, p.unit_name, p.reason);
    html(r, "<dt>Hội đồng bỏ phiếu</dt><dd>%s</dd>", p.needs_vote ? "Có (bỏ phiếu kín)" : "Không");
    if (p.due_on)
        html(r, "<dt>Hạn %s</dt><dd>%T%s</dd>", str_eq(p.due_step, "check") ? "kiểm tra hồ sơ" : "giải quyết", p.due_on,
             p.overdue ? " — quá hạn" : "");
    if (p.assignee_login) html(r, "<dt>Chuyên viên thẩm định</dt><dd>%s</dd>", p.assignee_login);
    if (p.eligible >= 0) html(r, "<dt>Kết quả thẩm định</dt><dd>%s</dd>", p.eligible ? "Đủ điều kiện" : "Không đủ điều kiện");
    if (p.decision_id) html(r, "<dt>Quyết định</dt><dd><a href=\"/decisions/%D\">Xem quyết định</a></dd>", p.decision_id);
    html(r, "</dl>");
    if (p.appraisal) html(r, "<h2>Ý kiến thẩm định</h2><p class=\"pre\">%s</p>", p.appraisal);

    struct actor me = actor_of_req(r);
    if ((p.state == PS_DRAFT || p.state == PS_RETURNED) && actor_has(&me, CAP_DOSSIER_WRITE) &&
        actor_in_scope(r->db, &me, p.unit_id))
        html(r, "<p class=\"actions\"><a class=\"button secondary\" href=\"/proposals/%D/edit\">Sửa hồ sơ</a></p>", id);
    bool any = false;
    for (int a = 0; a < PA__COUNT; a++) {
        if (proposal_move_refusal(r->db, &r->a, &me, &p, (enum proposal_action)a)) continue;
        if (!any) html(r, "<h2>Xử lý</h2>");
        any = true;
        move_form(r, &p, (enum proposal_action)a, fe);
    }
    dossier_section(r, &p, NULL);
    if (p.state == PS_TO_COUNCIL) html(r, "<p class=\"muted\">Đang chờ Hội đồng bỏ phiếu kín.</p>");
    if (p.state == PS_APPROVED) html(r, "<p class=\"muted\">Đã duyệt: chờ đưa vào quyết định khen thưởng.</p>");

    html(r, "<h2>Diễn biến xử lý</h2><ol class=\"timeline\">");
    for (int i = 0; i < ne; i++) {
        int to = proposal_state_from_name(ev[i].to_state);
        html(r, "<li><time datetime=\"%s\">%T</time> <strong>%s</strong> — %s", ev[i].on_date, ev[i].on_date,
             to >= 0 ? proposal_state_label((enum proposal_state)to) : ev[i].to_state, ev[i].actor);
        if (ev[i].note) html(r, "<p class=\"pre\">%s</p>", ev[i].note);
        html(r, "</li>");
    }
    html(r, "</ol>");
    page_end(r);
    r->status = status;
}

void proposal_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    proposal_render(r, id, &fe);
}

void proposal_edit_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct proposal p;
    if (!load_readable(r, id, &p)) return;
    struct actor me = actor_of_req(r);
    /* the form only for who may save it (proposal_update decides the same) */
    if (!actor_has(&me, CAP_DOSSIER_WRITE) || !actor_in_scope(r->db, &me, p.unit_id)) {
        web_error(r, 403, "Bạn không có quyền sửa hồ sơ này.");
        return;
    }
    struct field_errors fe = {0};
    struct proposal_input in;
    if (web_is_post(r)) {
        input_from_form(r, &in);
        int64_t rc = proposal_update(r->db, &r->a, &me, id, &in, &fe);
        if (rc < 0) { web_fail(r, "update proposal"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/proposals/%lld?notice=updated", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    } else {
        in = (struct proposal_input){.unit_id = p.unit_id, .subject_kind = p.subject_kind, .subject_name = p.subject_name,
                                     .form_code = p.form_code, .achievement = p.achievement, .reason = p.reason,
                                     .year = p.year};
        if (str_eq(p.subject_kind, "collective")) {
            struct award_subject sub;
            int64_t u = 0;
            if (award_subject_get(r->db, &r->a, p.subject_id, &sub) == 1 && str_starts(sub.key, "unit:") &&
                parse_int64(sub.key + 5, &u))
                in.subject_unit_id = u;
        }
    }
    page_begin(r, arena_printf(&r->a, "Sửa hồ sơ số %lld", (long long)id));
    if (!web_is_post(r) && !str_eq(p.subject_kind, "collective"))
        page_notice(r, "info", "Số định danh của đối tượng không hiển thị lại (dữ liệu cá nhân): để trống để giữ nguyên.");
    proposal_form(r, arena_printf(&r->a, "/proposals/%lld/edit", (long long)id), &in, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

static void move_from_params(req *r, struct proposal_move *m, struct field_errors *fe)
{
    int a = proposal_action_from_name(web_param(r, "action"));
    if (a < 0) ferr_add(fe, "action", "Thao tác không hợp lệ.");
    m->action = a < 0 ? PA__COUNT : (enum proposal_action)a;
    m->note = web_param(r, "note");
    m->on = web_param(r, "on");
    int64_t v = 0;
    m->assignee_id = parse_int64(web_param(r, "assignee_id"), &v) ? v : 0;
    const char *el = web_param(r, "eligible");
    m->eligible = str_eq(el, "1") ? 1 : str_eq(el, "0") ? 0 : -1;
}

void proposal_move_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct proposal p;
    if (!load_readable(r, id, &p)) return;
    struct field_errors fe = {0};
    struct proposal_move m;
    move_from_params(r, &m, &fe);
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : proposal_move(r->db, &r->a, &me, id, &m, &fe);
    if (rc < 0) { web_fail(r, "move proposal"); return; }
    if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/proposals/%lld?notice=moved", (long long)id)); return; }
    if (ferr_get(&fe, "id")) { web_error(r, 404, "Không có hồ sơ đề nghị này."); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    proposal_render(r, id, &fe);
}

void proposal_intake_page(req *r)
{
    struct proposal_intake *v;
    int n;
    if (proposal_intake_list(r->db, &r->a, "pending", NULL, &v, &n) < 0) { web_fail(r, "list intake"); return; }
    page_begin(r, "Đề xuất khen thưởng chuyển sang");
    html(r, "<p>Đề xuất từ các quỹ (mức ủng hộ) và kết quả phong trào, chờ lập hồ sơ đề nghị.</p>");
    if (!n) html(r, "<p class=\"muted\">Không có đề xuất nào đang chờ.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Đối tượng</th><th scope=\"col\">Hình thức</th>"
                "<th scope=\"col\">Năm</th><th scope=\"col\">Lý do</th><th scope=\"col\">Thao tác</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            html(r, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%s</td><td>", v[i].subject_name, v[i].form_code, v[i].year,
                 v[i].reason);
            form_begin(r, arena_printf(&r->a, "/proposals/intake/%lld/take", (long long)v[i].id), "class=\"inline\"");
            html(r, "<button type=\"submit\">Lập hồ sơ</button></form></td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    page_end(r);
}

void proposal_intake_take_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = proposal_from_intake(r->db, &r->a, &me, id, 0, &fe);
    if (rc < 0) { web_fail(r, "take intake"); return; }
    if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/proposals/%lld?notice=created", (long long)rc)); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    page_begin(r, "Đề xuất khen thưởng chuyển sang");
    award_form_errors(r, &fe);
    html(r, "<p><a href=\"/proposals/intake\">Quay lại danh sách</a></p>");
    page_end(r);
    r->status = 400;
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

const struct api_member proposal_body[] = {
    {"unit_id", API_INT}, {"subject_kind", API_TEXT}, {"subject_name", API_TEXT}, {"subject_ref", API_TEXT_NULL},
    {"subject_unit_id", API_INT}, {"form_code", API_TEXT}, {"year", API_INT}, {"reason", API_TEXT},
    {"achievement", API_TEXT_NULL}, {NULL, 0},
};
const struct api_member proposal_move_body[] = {
    {"action", API_TEXT}, {"note", API_TEXT_NULL}, {"on", API_TEXT_NULL}, {"assignee_id", API_INT},
    {"eligible", API_BOOL}, {NULL, 0},
};
const struct api_member proposal_intake_body[] = {{"intake_id", API_INT}, {"unit_id", API_INT}, {NULL, 0}};

static json_t *proposal_full_json(req *r, int64_t id)
{
    struct proposal p;
    struct proposal_event *ev;
    int n;
    if (proposal_get(r->db, &r->a, id, &p) != 1 || proposal_events(r->db, &r->a, id, &ev, &n) < 0) return NULL;
    json_t *o = proposal_json(&p), *t = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(t, proposal_event_json(&ev[i]));
    json_object_set_new(o, "timeline", t);
    return o;
}

static void input_from_json(req *r, struct proposal_input *in)
{
    int64_t v = 0;
    memset(in, 0, sizeof *in);
    if (api_int(r, "unit_id", &v)) in->unit_id = v;
    if (api_int(r, "subject_unit_id", &v)) in->subject_unit_id = v;
    if (api_int(r, "year", &v) && v > 0 && v < 100000) in->year = (int)v;
    in->subject_kind = api_text(r, "subject_kind");
    in->subject_name = api_text(r, "subject_name");
    in->subject_ref = api_text(r, "subject_ref");
    in->form_code = api_text(r, "form_code");
    in->reason = api_text(r, "reason");
    in->achievement = api_text(r, "achievement");
}

void proposals_api(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct proposal_input in;
        input_from_json(r, &in);
        if (!in.unit_id) in.unit_id = r->user.unit_id;
        struct actor me = actor_of_req(r);
        int64_t id = proposal_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create proposal"); return; }
        if (!id) { award_json_refused(r, &fe); return; }
        json_t *o = proposal_full_json(r, id);
        if (!o) { web_fail(r, "get proposal"); return; }
        web_header(r, "Location", arena_printf(&r->a, "/api/proposals/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "proposal", o));
        return;
    }
    struct api_page pg;
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    const char *sn = web_param(r, "state");
    int st = proposal_state_from_name(sn);
    if (!str_empty(sn) && st < 0) {
        ferr_add(&fe, "state", "Bước không hợp lệ.");
        api_reply_errors(r, &fe);
        return;
    }
    struct proposal_filter f = {.state = st, .unit_scope = read_scope(r), .overdue_only = str_eq(web_param(r, "overdue"), "1"),
                                .limit = pg.limit, .offset = pg.offset};
    struct proposal *v;
    int n;
    int64_t total;
    if (proposal_list(r->db, &r->a, &f, &v, &n, &total) < 0) { web_fail(r, "list proposals"); return; }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, proposal_json(&v[i]));
    web_json(r, 200, api_list(a, total, &pg));
}

void proposal_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct proposal p;
    int rc = proposal_get(r->db, &r->a, id, &p);
    if (rc < 0) { web_fail(r, "get proposal"); return; }
    struct actor me = actor_of_req(r);
    if (!rc || !proposal_may_read(r->db, &me, &p)) { web_error(r, 404, "Không có hồ sơ đề nghị này."); return; }
    if (str_eq(r->method, "PATCH")) {
        struct field_errors fe = {0};
        struct proposal_input in;
        input_from_json(r, &in);
        /* absent members keep their values */
        if (!api_has(r, "unit_id")) in.unit_id = p.unit_id;
        if (!in.subject_kind) in.subject_kind = p.subject_kind;
        if (!in.subject_name) in.subject_name = p.subject_name;
        if (!in.form_code) in.form_code = p.form_code;
        if (!in.reason) in.reason = p.reason;
        if (!api_has(r, "achievement")) in.achievement = p.achievement;
        if (!in.year) in.year = p.year;
        int64_t w = proposal_update(r->db, &r->a, &me, id, &in, &fe);
        if (w < 0) { web_fail(r, "update proposal"); return; }
        if (!w) { award_json_refused(r, &fe); return; }
    }
    json_t *o = proposal_full_json(r, id);
    if (!o) { web_fail(r, "get proposal"); return; }
    web_json(r, 200, json_pack("{s:o}", "proposal", o));
}

void proposal_move_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    int a = proposal_action_from_name(api_text(r, "action"));
    if (a < 0) {
        ferr_add(&fe, "action", "Thao tác phải là một trong: submit, receive, return, assign, appraise, to_council, "
                                "approve, refuse.");
        api_reply_errors(r, &fe);
        return;
    }
    int64_t assignee = 0;
    api_int(r, "assignee_id", &assignee);
    struct proposal_move m = {.action = (enum proposal_action)a, .note = api_text(r, "note"), .on = api_text(r, "on"),
                              .assignee_id = assignee, .eligible = api_bool(r, "eligible")};
    struct actor me = actor_of_req(r);
    struct proposal p;
    int rc = proposal_get(r->db, &r->a, id, &p);
    if (rc < 0) { web_fail(r, "get proposal"); return; }
    if (!rc || !proposal_may_read(r->db, &me, &p)) { web_error(r, 404, "Không có hồ sơ đề nghị này."); return; }
    int64_t w = proposal_move(r->db, &r->a, &me, id, &m, &fe);
    if (w < 0) { web_fail(r, "move proposal"); return; }
    if (!w) {
        /* a move the state does not allow is a conflict, not a bad body */
        if (ferr_get(&fe, "state") && fe.n == 1) { web_error(r, 409, ferr_get(&fe, "state")); return; }
        award_json_refused(r, &fe);
        return;
    }
    json_t *o = proposal_full_json(r, id);
    if (!o) { web_fail(r, "get proposal"); return; }
    web_json(r, 200, json_pack("{s:o}", "proposal", o));
}

void proposal_intake_api(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        int64_t intake = 0, unit = 0;
        if (!api_int(r, "intake_id", &intake)) {
            ferr_add(&fe, "intake_id", "Hãy gửi \"intake_id\".");
            api_reply_errors(r, &fe);
            return;
        }
        api_int(r, "unit_id", &unit);
        struct actor me = actor_of_req(r);
        int64_t id = proposal_from_intake(r->db, &r->a, &me, intake, unit, &fe);
        if (id < 0) { web_fail(r, "take intake"); return; }
        if (!id) { award_json_refused(r, &fe); return; }
        json_t *o = proposal_full_json(r, id);
        if (!o) { web_fail(r, "get proposal"); return; }
        web_header(r, "Location", arena_printf(&r->a, "/api/proposals/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "proposal", o));
        return;
    }
    struct proposal_intake *v;
    int n;
    if (proposal_intake_list(r->db, &r->a, "pending", NULL, &v, &n) < 0) { web_fail(r, "list intake"); return; }
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:I}", "id", (json_int_t)v[i].id,
                                           "source", v[i].source, "subject_kind", v[i].subject_kind, "subject_name",
                                           v[i].subject_name, "form_code", v[i].form_code, "reason", v[i].reason,
                                           "year", v[i].year, "amount", (json_int_t)v[i].amount));
    struct api_page pg = {.limit = n ? n : 1, .offset = 0};
    web_json(r, 200, api_list(a, n, &pg));
}
