/* user_web.c: the pages /users, /users/new, /users/{id} (and its password, disable and enable
 * forms) and the JSON API /api/users, /api/users/{id}. Rules and storage are user.c's, which
 * also checks that the signed-in user may manage the target; this file builds the actor from
 * the request, turns forms and JSON bodies into user_input, and outcomes into pages and
 * replies. One's own account is account_web.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "people_pages.h"
#include "privacy.h"
#include "role.h"
#include "user.h"

/* ---- option lists for <select> ---- */
struct optlist { const char **v; int n, cap; };

static void opt_add(arena *a, struct optlist *o, const char *value, const char *label)
{
    if (o->n + 3 > o->cap) {
        int cap = o->cap ? o->cap * 2 : 32;
        const char **v = arena_alloc(a, sizeof *v * (size_t)cap);
        if (o->n) memcpy(v, o->v, sizeof *v * (size_t)o->n);
        o->v = v;
        o->cap = cap;
    }
    o->v[o->n++] = value;
    o->v[o->n++] = label;
    o->v[o->n] = NULL;
}

/* The units the actor may use: their subtree, or every unit for a whole-tree role. Filters
 * list historic units too (marked); forms offer only units still in force. */
static const char *const *unit_options(req *r, bool with_historic, const char *first_label)
{
    struct optlist o = {0};
    if (first_label) opt_add(&r->a, &o, "", first_label);
    char today[11];
    iso_date_today(today);
    bool whole = r->user.whole_tree;
    stmt *q = store_query(r->db,
        "WITH RECURSIVE sc(id) AS (SELECT id FROM unit WHERE id = $1"
        " UNION SELECT c.id FROM unit c JOIN sc ON c.parent_id = sc.id)"
        " SELECT id, name, code, valid_to FROM unit"
        " WHERE ($2 = 1 OR id IN (SELECT id FROM sc)) AND ($3 = 1 OR valid_to IS NULL OR valid_to >= $4)"
        " ORDER BY sort_key, name, id LIMIT 5000", "iiit",
        r->user.unit_id, (int64_t)whole, (int64_t)with_historic, today);
    while (q && stmt_step(q) == STORE_ROW) {
        const char *code = stmt_text(q, 2), *valid_to = stmt_text(q, 3);
        bool old = valid_to && strcmp(valid_to, today) < 0;
        opt_add(&r->a, &o, arena_printf(&r->a, "%lld", (long long)stmt_int64(q, 0)),
                arena_printf(&r->a, "%s%s%s%s%s", stmt_text(q, 1), code ? " (" : "", code ? code : "",
                             code ? ")" : "", old ? " — đã hết hiệu lực" : ""));
    }
    stmt_finalize(q);
    if (!o.v) opt_add(&r->a, &o, "", "(không có đơn vị nào)");
    return o.v;
}

/* The roles the actor may hand out (all of them for a whole-tree administrator). */
static const char *const *role_options(req *r, const char *first_label)
{
    struct optlist o = {0};
    if (first_label) opt_add(&r->a, &o, "", first_label);
    bool whole = r->user.whole_tree;
    stmt *q = store_query(r->db, "SELECT name, label FROM role ORDER BY whole_tree DESC, name", "");
    while (q && stmt_step(q) == STORE_ROW) {
        const char *name = stmt_text_dup(q, 0, &r->a), *label = stmt_text_dup(q, 1, &r->a);
        uint64_t caps = 0;
        bool role_whole = false;
        if (!whole && (role_info(r->db, name, &caps, &role_whole) != 1 || role_whole || (caps & ~r->user.caps)))
            continue;
        opt_add(&r->a, &o, name, label);
    }
    stmt_finalize(q);
    if (!o.v) opt_add(&r->a, &o, "", "(không có vai trò nào)");
    return o.v;
}


/* The list's filter from the query string, limited to the actor's subtree. */
static void user_filter_from_query(req *r, struct user_filter *f)
{
    memset(f, 0, sizeof *f);
    f->q = web_param(r, "q");
    f->role = web_param(r, "role");
    f->status = web_param(r, "status");
    int64_t v;
    if (parse_int64(web_param(r, "unit"), &v) && v > 0) f->unit_id = v;
    f->scope_unit = r->user.whole_tree ? 0 : r->user.unit_id;
}

static const char *status_label(const struct user_row *u)
{
    return u->disabled ? "Đã khoá" : u->must_change ? "Phải đổi mật khẩu" : "Đang hoạt động";
}

#define USERS_PER_PAGE 50

void users_page(req *r)
{
    struct user_filter f;
    user_filter_from_query(r, &f);
    int64_t page = page_number(r);
    f.limit = USERS_PER_PAGE;
    f.offset = (page - 1) * USERS_PER_PAGE;
    if (f.q && strlen(f.q) > 200) { web_error(r, 400, "Từ khoá tìm kiếm dài quá 200 ký tự."); return; }
    struct user_row *rows;
    int n;
    int64_t total = 0;
    if (user_list(r->db, &r->a, &f, &rows, &n, &total) != 0) { web_fail(r, "users list"); return; }
    page_begin(r, "Người dùng");
    html(r, "<p class=\"actions\"><a class=\"button\" href=\"/users/new\">Thêm người dùng</a>"
            "<a class=\"button secondary\" href=\"/roles\">Vai trò và quyền</a></p>");
    html(r, "<form method=\"get\" action=\"/users\" class=\"search\" role=\"search\">");
    form_field(r, "search", "q", "Tìm theo tên hoặc tên đăng nhập", f.q, NULL, "maxlength=\"200\"");
    form_select(r, "role", "Vai trò", role_options(r, "Mọi vai trò"), f.role, NULL);
    form_select(r, "unit", "Đơn vị (gồm cả đơn vị trực thuộc)", unit_options(r, true, "Mọi đơn vị"),
                f.unit_id ? arena_printf(&r->a, "%lld", (long long)f.unit_id) : "", NULL);
    static const char *const statuses[] = {"", "Mọi trạng thái", "active", "Đang hoạt động", "disabled", "Đã khoá", NULL};
    form_select(r, "status", "Trạng thái", statuses, f.status, NULL);
    html(r, "<p class=\"actions\"><button type=\"submit\">Lọc</button></p></form>");
    html(r, "<p role=\"status\">%D người dùng%s</p>", total, total > n ? arena_printf(&r->a, ", trang %lld", (long long)page) : "");
    if (n) {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Họ tên</th><th scope=\"col\">Tên đăng nhập</th>"
                "<th scope=\"col\">Đơn vị</th><th scope=\"col\">Vai trò</th><th scope=\"col\">Liên hệ</th>"
                "<th scope=\"col\">Trạng thái</th><th scope=\"col\">Đăng nhập gần nhất</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            const struct user_row *u = &rows[i];
            const char *email = privacy_show(r, PII_EMAIL, u->email);
            const char *phone = privacy_show(r, PII_PHONE, u->phone);
            html(r, "<tr><td><a href=\"/users/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s%s%s</td>"
                    "<td>%s%s</td><td>%s</td></tr>",
                 u->id, u->name, u->login, u->unit_name, u->role_label, email, email && phone ? ", " : "", phone,
                 status_label(u), u->totp ? " · 2 lớp" : "",
                 u->last_login ? iso_local_time(&r->a, u->last_login, false) : "chưa đăng nhập");
        }
        html(r, "</tbody></table></div>");
    } else {
        page_notice(r, "info", "Không có người dùng nào khớp bộ lọc.");
    }
    static const char *const keep[] = {"q", "role", "unit", "status", NULL};
    page_links(r, "/users", keep, page, total > f.offset + n);
    page_end(r);
}

/* ---- one user: pages ---- */
static const char *unit_value(const char *unit) { return str_starts(unit, "id:") ? unit + 3 : unit; }

/* Form fields into `in`. A form's unit is always an id (its <select> values), so it is passed
 * as "id:N": a unit code that happens to equal another unit's id cannot redirect it. */
static void user_input_from_form(req *r, struct user_input *in, bool creating)
{
    memset(in, 0, sizeof *in);
    in->disabled = -1;
    in->must_change = creating ? (kv_get(&r->form, "must_change") ? 1 : 0) : -1;
    if (creating) {
        in->login = kv_get(&r->form, "login");
        in->password = kv_get(&r->form, "password");
    }
    in->name = kv_get(&r->form, "name");
    in->email = kv_get(&r->form, "email");
    in->phone = kv_get(&r->form, "phone");
    in->role = kv_get(&r->form, "role");
    const char *unit = kv_get(&r->form, "unit");
    if (unit) in->unit = *unit ? arena_printf(&r->a, "id:%s", unit) : "";
}

/* Operational failures after a create or update (its result `res`): true if a reply was made.
 * USER_FORBIDDEN is no operational failure: the form shows its reason on the field. */
static bool fe_operational(req *r, int64_t res, const struct field_errors *fe)
{
    if (res == USER_BUSY) {
        web_header(r, "Retry-After", "5");
        web_error(r, 503, ferr_get(fe, "_busy"));
        return true;
    }
    if (res == USER_FAILED) {
        web_fail(r, "user write");
        return true;
    }
    return false;
}

void people_checkbox(req *r, const char *name, const char *value, const char *label, bool checked)
{
    html(r, "<div class=\"field check\"><label><input type=\"checkbox\" name=\"%s\" value=\"%s\"%R> %s</label></div>",
         name, value, checked ? " checked" : "", label); // raw: constant attribute
}

static void user_form_fields(req *r, const struct user_input *v, const struct field_errors *fe, bool creating)
{
    bool pii = web_has_cap(r, CAP_PII_READ);
    if (creating)
        form_field(r, "text", "login", "Tên đăng nhập (chữ không dấu, số, . _ -)", v->login, ferr_get(fe, "login"),
                   "required maxlength=\"64\" autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\"");
    form_field(r, "text", "name", "Họ và tên", v->name, ferr_get(fe, "name"), "required maxlength=\"100\"");
    const char *hidden = "placeholder=\"(đã ẩn — để trống nếu không đổi)\"";
    form_field(r, "email", "email", "Email", v->email, ferr_get(fe, "email"), pii || creating ? "maxlength=\"254\"" : hidden);
    form_field(r, "tel", "phone", "Số điện thoại", v->phone, ferr_get(fe, "phone"), pii || creating ? "maxlength=\"40\"" : hidden);
    form_select(r, "unit", "Đơn vị", unit_options(r, !creating, creating ? "— chọn đơn vị —" : NULL),
                unit_value(v->unit), ferr_get(fe, "unit"));
    form_select(r, "role", "Vai trò", role_options(r, creating ? "— chọn vai trò —" : NULL), v->role, ferr_get(fe, "role"));
    if (creating) {
        form_field(r, "password", "password", "Mật khẩu ban đầu (ít nhất 10 ký tự)", NULL, ferr_get(fe, "password"),
                   "required autocomplete=\"new-password\"");
        people_checkbox(r, "must_change", "1", "Bắt buộc đổi mật khẩu ở lần đăng nhập đầu", v->must_change != 0);
    }
}

void user_new_page(req *r)
{
    struct user_input in = {.disabled = -1, .must_change = 1};
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        user_input_from_form(r, &in, true);
        struct actor me = actor_of_req(r);
        int64_t id = user_create(r->db, &r->a, &me, &in, &fe);
        if (id > 0) {
            web_redirect(r, arena_printf(&r->a, "/users/%lld?ok=created", (long long)id));
            return;
        }
        if (fe_operational(r, id, &fe)) return;
        r->status = 400;
    }
    page_begin(r, "Thêm người dùng");
    html(r, "<p><a href=\"/users\">← Danh sách người dùng</a></p>");
    if (fe.n) page_notice(r, "error", "Chưa tạo được người dùng: hãy sửa các ô được đánh dấu.");
    form_begin(r, "/users/new", "class=\"narrow\"");
    user_form_fields(r, &in, &fe, true);
    form_end(r, "Tạo người dùng");
    page_end(r);
}

static const char *ok_notice(const char *ok)
{
    static const struct { const char *key, *text; } notices[] = {
        {"created", "Đã tạo người dùng."},
        {"saved", "Đã lưu thay đổi."},
        {"password", "Đã đặt lại mật khẩu; mọi phiên đăng nhập của người này đã kết thúc, mọi mã truy cập API đã bị thu hồi."},
        {"disabled", "Đã khoá tài khoản; các phiên đăng nhập của người này đã kết thúc và mã truy cập API ngừng hoạt động."},
        {"enabled", "Đã mở khoá tài khoản."},
    };
    for (size_t i = 0; ok && i < countof(notices); i++)
        if (str_eq(ok, notices[i].key)) return notices[i].text;
    return NULL;
}

/* The page of one user: summary, edit form, password reset, lock/unlock. `vals` (NULL: the
 * stored values) and `fe` re-show a rejected form. */
static void user_show(req *r, const struct user_row *u, const struct user_input *vals,
                      const struct field_errors *fe, const char *error)
{
    static const struct field_errors none = {0};
    if (!fe) fe = &none;
    bool pii = web_has_cap(r, CAP_PII_READ), self = u->id == r->user.id;
    struct user_input stored = {
        .name = u->name, .role = u->role, .disabled = -1, .must_change = -1,
        .email = pii ? u->email : NULL, .phone = pii ? u->phone : NULL,
        .unit = arena_printf(&r->a, "%lld", (long long)u->unit_id),
    };
    if (!vals) vals = &stored;
    int64_t now = now_unix(), sessions = 0, tokens = 0;
    char now_iso[21];
    iso_time(now, now_iso);
    store_int64(r->db, &sessions, "SELECT count(*) FROM session WHERE user_id=$1 AND expires_at > $2 AND last_seen > $3",
                "iii", u->id, now, now - AUTH_SESSION_IDLE);
    store_int64(r->db, &tokens, "SELECT count(*) FROM api_token WHERE user_id=$1 AND revoked=0"
                                " AND (expires_at IS NULL OR expires_at > $2)", "it", u->id, now_iso);
    page_begin(r, u->name);
    html(r, "<p><a href=\"/users\">← Danh sách người dùng</a></p>");
    const char *notice = ok_notice(web_param(r, "ok"));
    if (error) page_notice(r, "error", error);
    else if (fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu.");
    else if (notice) page_notice(r, "ok", notice);
    html(r, "<dl class=\"facts\"><dt>Tên đăng nhập</dt><dd>%s</dd><dt>Trạng thái</dt><dd>%s</dd>"
            "<dt>Đơn vị</dt><dd>%s</dd><dt>Vai trò</dt><dd>%s</dd>"
            "<dt>Email</dt><dd>%s</dd><dt>Điện thoại</dt><dd>%s</dd>"
            "<dt>Xác thực 2 lớp</dt><dd>%s</dd><dt>Tạo lúc</dt><dd>%s</dd>"
            "<dt>Đổi mật khẩu lần cuối</dt><dd>%s</dd><dt>Đăng nhập gần nhất</dt><dd>%s</dd>"
            "<dt>Phiên đăng nhập đang mở</dt><dd>%D</dd><dt>Mã truy cập API còn hiệu lực</dt><dd>%D</dd></dl>",
         u->login, status_label(u), u->unit_name, u->role_label,
         u->email ? privacy_show(r, PII_EMAIL, u->email) : "—",
         u->phone ? privacy_show(r, PII_PHONE, u->phone) : "—",
         u->totp ? "Đang bật" : "Chưa bật", iso_local_time(&r->a, u->created_at, false),
         u->password_changed_at ? iso_local_time(&r->a, u->password_changed_at, false) : "—",
         u->last_login ? iso_local_time(&r->a, u->last_login, false) : "chưa đăng nhập", sessions, tokens);
    html(r, "<h2 id=\"edit\">Sửa thông tin</h2>");
    const char *action = arena_printf(&r->a, "/users/%lld", (long long)u->id);
    form_begin(r, action, "class=\"narrow\"");
    /* The version the editor saw: a save over someone else's newer change is refused. */
    html(r, "<input type=\"hidden\" name=\"v\" value=\"%s\">", u->updated_at);
    user_form_fields(r, vals, fe, false);
    form_end(r, "Lưu thay đổi");
    if (self) {
        html(r, "<p class=\"muted\">Đây là tài khoản của bạn: đổi mật khẩu và xác thực 2 lớp ở trang "
                "<a href=\"/account\">Tài khoản của tôi</a>.</p>");
    } else {
        html(r, "<h2 id=\"password\">Đặt lại mật khẩu</h2><p>Mọi phiên đăng nhập của người này sẽ kết thúc "
                "và mọi mã truy cập API (token) của họ bị thu hồi.</p>");
        form_begin(r, arena_printf(&r->a, "/users/%lld/password", (long long)u->id), "class=\"narrow\"");
        form_field(r, "password", "password", "Mật khẩu mới (ít nhất 10 ký tự)", NULL, ferr_get(fe, "password"),
                   "required autocomplete=\"new-password\"");
        people_checkbox(r, "must_change", "1", "Bắt buộc đổi mật khẩu ở lần đăng nhập tới", true);
        form_end(r, "Đặt lại mật khẩu");
        html(r, "<h2 id=\"status\">%s</h2>", u->disabled ? "Mở khoá tài khoản" : "Khoá tài khoản");
        form_begin(r, arena_printf(&r->a, "/users/%lld/%s", (long long)u->id, u->disabled ? "enable" : "disable"), NULL);
        html(r, "<p>%s</p><p class=\"actions\"><button type=\"submit\"%R>%s</button></p></form>",
             u->disabled ? "Người này sẽ đăng nhập và dùng mã truy cập API được trở lại."
                         : "Người này không đăng nhập được nữa; các phiên đang mở kết thúc ngay, mã truy cập API ngừng hoạt động.",
             u->disabled ? "" : " class=\"danger\"", // raw: constant attribute
             u->disabled ? "Mở khoá" : "Khoá tài khoản");
    }
    page_end(r);
}

/* Loads user {id} of the route for a page, checking it is within the actor's scope; replies
 * and returns false otherwise. With `write`, also checks the actor may manage that user. */
static bool user_for_page(req *r, struct user_row *u, bool write)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = user_load(r->db, &r->a, id, u);
    if (rc < 0) { web_fail(r, "user load"); return false; }
    if (rc == 0) { web_error(r, 404, "Không có người dùng này."); return false; }
    struct actor me = actor_of_req(r);
    if (!user_may_see(r->db, &me, u->unit_id)) {
        web_error(r, 403, "Người dùng này thuộc đơn vị ngoài phạm vi quản lý của bạn.");
        return false;
    }
    const char *field, *p;
    if (write && (p = user_manage_problem(r->db, &me, u->unit_id, u->role, &field))) {
        web_error(r, 403, p);
        return false;
    }
    return true;
}

/* Replies to the outcome of user_update for a page. */
static void user_update_reply(req *r, const struct user_row *u, int res, const struct user_input *vals,
                              const struct field_errors *fe, const char *ok)
{
    switch (res) {
    case 1:
        web_redirect(r, arena_printf(&r->a, "/users/%lld?ok=%s", (long long)u->id, ok));
        return;
    case 0:
    case USER_FORBIDDEN:
        r->status = 400;
        user_show(r, u, vals, fe, NULL);
        return;
    case USER_CONFLICT:
        r->status = 409;
        user_show(r, u, NULL, NULL, "Người khác vừa sửa người dùng này trong lúc bạn sửa; thông tin dưới đây là bản "
                                    "mới nhất. Hãy xem lại rồi sửa lần nữa.");
        return;
    case USER_LAST_ADMIN:
        r->status = 409;
        user_show(r, u, vals, NULL, "Không thể thay đổi như vậy: hệ thống sẽ không còn người quản trị nào đang hoạt "
                                    "động có quyền quản lý người dùng trên toàn tỉnh.");
        return;
    case USER_NOT_FOUND:
        web_error(r, 404, "Không có người dùng này.");
        return;
    case USER_BUSY:
        fe_operational(r, res, fe);
        return;
    default:
        web_fail(r, "user update");
    }
}

void user_page(req *r)
{
    struct user_row u;
    if (!user_for_page(r, &u, web_is_post(r))) return;
    if (!web_is_post(r)) { user_show(r, &u, NULL, NULL, NULL); return; }
    struct user_input in;
    user_input_from_form(r, &in, false);
    if (!web_has_cap(r, CAP_PII_READ)) {
        /* The form could not show these: an empty field means "unchanged", not "erase". */
        if (str_empty(in.email)) in.email = NULL;
        if (str_empty(in.phone)) in.phone = NULL;
    }
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int res = user_update(r->db, &r->a, &me, u.id, &in, kv_get(&r->form, "v"), &fe);
    user_update_reply(r, &u, res, &in, &fe, "saved");
}

void user_password_page(req *r)
{
    struct user_row u;
    if (!user_for_page(r, &u, true)) return;
    if (u.id == r->user.id) {
        web_error(r, 400, "Hãy đổi mật khẩu của chính bạn ở trang Tài khoản của tôi (cần mật khẩu hiện tại).");
        return;
    }
    const char *problem = NULL;
    struct actor me = actor_of_req(r);
    int res = user_set_password(r->db, &me, u.id, kv_get(&r->form, "password"),
                                kv_get(&r->form, "must_change") != NULL, NULL, false, "password.reset", NULL, &problem);
    if (res == 1) { web_redirect(r, arena_printf(&r->a, "/users/%lld?ok=password#password", (long long)u.id)); return; }
    if (res == USER_BUSY) { web_header(r, "Retry-After", "5"); web_error(r, 503, problem); return; }
    if (res == 0) {
        struct field_errors fe = {0};
        ferr_add(&fe, "password", problem);
        r->status = 400;
        user_show(r, &u, NULL, &fe, NULL);
        return;
    }
    user_update_reply(r, &u, res, NULL, NULL, "password");
}

static void user_set_disabled(req *r, bool disabled)
{
    struct user_row u;
    if (!user_for_page(r, &u, true)) return;
    if (disabled && u.id == r->user.id) {
        web_error(r, 400, "Bạn không thể tự khoá tài khoản của mình.");
        return;
    }
    struct user_input in = {.disabled = disabled, .must_change = -1};
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int res = user_update(r->db, &r->a, &me, u.id, &in, NULL, &fe);
    user_update_reply(r, &u, res, NULL, &fe, disabled ? "disabled" : "enabled");
}

void user_disable_page(req *r) { user_set_disabled(r, true); }
void user_enable_page(req *r) { user_set_disabled(r, false); }


/* ---- JSON API ---- */
/* The members of a new user and of a change (docs/api.md); the dispatcher refuses others. */
const struct api_member user_create_body[] = {
    {"login", API_TEXT}, {"name", API_TEXT}, {"email", API_TEXT_NULL}, {"phone", API_TEXT_NULL},
    {"unit", API_REF}, {"role", API_TEXT}, {"password", API_TEXT}, {"must_change_password", API_BOOL}, {NULL, 0},
};
const struct api_member user_update_body[] = {
    {"name", API_TEXT}, {"email", API_TEXT_NULL}, {"phone", API_TEXT_NULL}, {"unit", API_REF},
    {"role", API_TEXT}, {"password", API_TEXT}, {"disabled", API_BOOL}, {"must_change_password", API_BOOL},
    {"version", API_TEXT}, {NULL, 0},
};

/* A user from a body the dispatcher checked against user_create_body or user_update_body. JSON
 * tells numbers from strings, so the unit needs no guessing: a number is an id, a string a code. */
static void user_input_from_json(req *r, struct user_input *in, bool creating)
{
    memset(in, 0, sizeof *in);
    if (creating) in->login = api_text(r, "login");
    in->name = api_text(r, "name");
    in->email = api_text(r, "email");
    in->phone = api_text(r, "phone");
    in->role = api_text(r, "role");
    in->password = api_text(r, "password");
    struct ref unit = api_ref(r, "unit");
    if (unit.kind == REF_ID) in->unit = arena_printf(&r->a, "id:%lld", (long long)unit.id);
    else if (unit.kind == REF_CODE) in->unit = arena_printf(&r->a, "code:%s", unit.code);
    in->disabled = creating ? -1 : api_bool(r, "disabled");
    in->must_change = api_bool(r, "must_change_password");
    if (creating && in->must_change < 0) in->must_change = 0;
}

/* Replies to a failed create or update: 403 with the reason, 503 busy, 500, or 400 fields. */
static void user_write_failed(req *r, int64_t res, const struct field_errors *fe)
{
    if (res == USER_FORBIDDEN) web_error(r, 403, fe->n ? fe->items[0].value : "Không được phép.");
    else if (res == USER_FAILED) web_fail(r, "user write");
    else api_reply_errors(r, fe);
}

void users_api(req *r)
{
    bool pii = web_has_cap(r, CAP_PII_READ);
    struct field_errors fe = {0};
    if (!web_is_post(r)) {
        struct user_filter f;
        user_filter_from_query(r, &f);
        struct api_page page;
        api_page_read(r, &page, 100, 1000, &fe);
        if (f.q && strlen(f.q) > 200) ferr_add(&fe, "q", "Từ khoá tìm kiếm dài quá 200 ký tự.");
        if (f.status && *f.status && !str_eq(f.status, "active") && !str_eq(f.status, "disabled"))
            ferr_add(&fe, "status", "Phải là active hoặc disabled.");
        if (fe.n) { api_reply_errors(r, &fe); return; }
        f.limit = page.limit;
        f.offset = page.offset;
        struct user_row *rows;
        int n;
        int64_t total = 0;
        if (user_list(r->db, &r->a, &f, &rows, &n, &total) != 0) { web_fail(r, "users list"); return; }
        json_t *list = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(list, user_json(&r->a, &rows[i], !pii));
        web_json(r, 200, api_list(list, total, &page));
        return;
    }
    struct user_input in;
    user_input_from_json(r, &in, true);
    struct actor me = actor_of_req(r);
    int64_t id = user_create(r->db, &r->a, &me, &in, &fe);
    if (id <= 0) { user_write_failed(r, id, &fe); return; }
    struct user_row u;
    if (user_load(r->db, &r->a, id, &u) != 1) { web_fail(r, "user load"); return; }
    web_header(r, "Location", arena_printf(&r->a, "/api/users/%lld", (long long)id));
    web_json(r, 201, user_json(&r->a, &u, !pii));
}

void user_api(req *r)
{
    struct user_row u;
    bool patch = str_eq(r->method, "PATCH");
    if (!user_for_page(r, &u, patch)) return;
    bool pii = web_has_cap(r, CAP_PII_READ);
    if (!patch) { web_json(r, 200, user_json(&r->a, &u, !pii)); return; }
    struct user_input in;
    struct field_errors fe = {0};
    user_input_from_json(r, &in, false);
    if (u.id == r->user.id && (in.disabled == 1 || in.password)) {
        web_error(r, 400, in.password ? "Đổi mật khẩu của chính bạn qua POST /api/account/password (cần mật khẩu hiện tại)."
                                      : "Bạn không thể tự khoá tài khoản của mình.");
        return;
    }
    struct actor me = actor_of_req(r);
    int res = user_update(r->db, &r->a, &me, u.id, &in, api_text(r, "version"), &fe);
    switch (res) {
    case 1:
        if (user_load(r->db, &r->a, u.id, &u) != 1) { web_fail(r, "user load"); return; }
        web_json(r, 200, user_json(&r->a, &u, !pii));
        return;
    case USER_CONFLICT: web_error(r, 409, "Người dùng đã được sửa sau phiên bản (version) bạn gửi; hãy đọc lại rồi sửa."); return;
    case USER_LAST_ADMIN:
        web_error(r, 409, "Thay đổi này sẽ làm hệ thống không còn quản trị viên toàn tỉnh nào đang hoạt động.");
        return;
    case USER_NOT_FOUND: web_error(r, 404, "Không có người dùng này."); return;
    default: user_write_failed(r, res, &fe);
    }
}
