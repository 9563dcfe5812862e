/* award_subject_web.c: the web face of subjects, their history and initiatives, and one
 * subject's eligibility: /award-subjects (search), /award-subjects/new, /award-subjects/{id}
 * (details with personal data masked for roles without pii.read, history, initiatives, the forms
 * to add to them, and an eligibility check showing clause and evidence), revocation, the import of
 * earlier years' lists (/award-history/import), and the JSON API under /api/award-subjects and
 * /api/award-history. Validation and writes are the domain's (award_subject.c, award_history*.c,
 * eligibility.c); routes in award_rules_routes.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "award_history_internal.h"
#include "award_rules_internal.h"
#include "award_rules_pages.h"
#include "award_subject.h"
#include "html.h"
#include "import.h"
#include "setting.h"

/* ---- helpers shared by the award web files (award_rules_internal.h) ---- */

const char *award_year_param(req *r, int *year)
{
    char today[11];
    iso_date_today(today);
    *year = atoi(today);
    const char *s = web_param(r, "year");
    if (str_empty(s)) return NULL;
    int64_t y;
    if (!parse_int64(s, &y) || y < 1945 || y > 2200) return "Năm phải là một số từ 1945 đến 2200.";
    *year = (int)y;
    return NULL;
}

const struct upload *award_upload(req *r, const char *field)
{
    for (int i = 0; i < r->n_uploads; i++)
        if (str_eq(r->uploads[i].field, field)) return &r->uploads[i];
    return NULL;
}

const char *award_upload_name(arena *a, const struct upload *u)
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

void award_verdict_html(req *r, const struct award_eligibility *e)
{
    if (e->eligible)
        html(r, "<p class=\"notice ok verdict\" role=\"status\"><strong>Đủ điều kiện</strong> %s năm %d%s%s%s.</p>",
             e->form_name, e->year, *e->alternative_met ? " (theo phương án " : "", e->alternative_met,
             *e->alternative_met ? ")" : "");
    else
        html(r, "<p class=\"notice error verdict\" role=\"status\"><strong>Chưa đủ điều kiện</strong> %s năm %d: "
                "%d điều kiện bắt buộc chưa đạt.</p>", e->form_name, e->year, e->blocking_failures);
    if (e->warnings) html(r, "<p>%d điểm cần kiểm tra thêm trong hồ sơ.</p>", e->warnings);
    html(r, "<div class=\"table-wrap\"><table class=\"checks\"><thead><tr><th>Kết quả</th><th>Phương án</th><th>Điều kiện</th>"
            "<th>Căn cứ</th><th>Bằng chứng</th></tr></thead><tbody>");
    for (int i = 0; i < e->n; i++) {
        const struct award_check *c = &e->checks[i];
        const char *cls = c->outcome == AWARD_CHECK_PASS ? "pass" : c->outcome == AWARD_CHECK_WARN || !c->blocking ? "warn" : "fail";
        const char *label = c->outcome == AWARD_CHECK_PASS ? "Đạt"
                          : c->outcome == AWARD_CHECK_WARN ? "Cần kiểm tra"
                          : c->blocking ? "Không đạt" : "Không đạt (không bắt buộc)";
        html(r, "<tr class=\"%s\"><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", cls, label,
             *c->alternative ? c->alternative : "chung", c->text, c->citation, c->evidence);
    }
    html(r, "</tbody></table></div>");
}

/* The subject of a path: its id, or its key ("unit:12", "cid:…", "tax:…", "hh:…"), so a client
 * that knows a unit or a person need not look the id up first. False after a 404 reply. */
static bool subject_param(req *r, int64_t *id)
{
    const char *p = r->params[0];
    if (p && parse_int64(p, id) && *id > 0) return true;
    struct award_subject s;
    int rc = p && strchr(p, ':') ? award_subject_by_key(r->db, &r->a, p, &s) : 0;
    if (rc < 0) { web_fail(r, "award subject by key"); return false; }
    if (rc == 0) { web_error(r, 404, "Không có đối tượng này."); return false; }
    *id = s.id;
    return true;
}

/* ---- pages ---- */

static const char *const kind_options[] = {"individual", "Cá nhân", "collective", "Tập thể (đơn vị)", "household",
                                           "Hộ gia đình", "enterprise", "Doanh nghiệp", NULL};

void award_subjects_page(req *r)
{
    arena *a = &r->a;
    int64_t page = page_number(r);
    const char *kind = web_param(r, "kind");
    if (!str_empty(kind) && !award_is_subject_kind(kind)) { web_error(r, 400, "Loại đối tượng không hợp lệ."); return; }
    struct award_subject_query q = {.q = web_param(r, "q"), .kind = str_empty(kind) ? NULL : kind, .limit = 50,
                                    .offset = (int)((page - 1) * 50)};
    struct award_subject *v;
    int n, total;
    if (award_subject_list(r->db, a, &q, &v, &n, &total) < 0) { web_fail(r, "award subjects"); return; }
    page_begin(r, "Đối tượng khen thưởng");
    html(r, "<p>Cá nhân (theo số CCCD), tập thể (theo đơn vị, kể cả đơn vị tiền thân), hộ gia đình và doanh nghiệp (theo mã số "
            "thuế), với các danh hiệu, hình thức đã được tặng và sáng kiến.</p><p>");
    if (web_has_cap(r, CAP_DOSSIER_WRITE) || web_has_cap(r, CAP_APPRAISE))
        html(r, "<a class=\"button\" href=\"/award-subjects/new\">Thêm đối tượng</a> ");
    if (web_has_cap(r, CAP_APPRAISE))
        html(r, "<a class=\"button\" href=\"/award-history/import\">Nhập danh sách khen thưởng các năm trước</a> ");
    html(r, "<a href=\"/award-eligibility\">Ai mới đủ điều kiện năm nay</a></p>");
    html(r, "<form method=\"get\" action=\"/award-subjects\" class=\"search\" role=\"search\"><label>Tên "
            "<input name=\"q\" value=\"%s\" placeholder=\"không cần dấu\"></label><label>Loại <select name=\"kind\">"
            "<option value=\"\">Tất cả</option>", web_param(r, "q"));
    for (int i = 0; kind_options[i]; i += 2)
        html(r, "<option value=\"%s\"%s>%s</option>", kind_options[i], str_eq(kind, kind_options[i]) ? " selected" : "",
             kind_options[i + 1]);
    html(r, "</select></label><button type=\"submit\">Tìm</button></form>");
    html(r, "<p>%d đối tượng.</p><div class=\"table-wrap\"><table><thead><tr><th>Tên</th><th>Loại</th><th>Khóa</th>"
            "<th>Đơn vị</th><th>Chức vụ</th></tr></thead><tbody>", total);
    for (int i = 0; i < n; i++) {
        struct award_subject m = award_subject_mask(r, &v[i]);
        html(r, "<tr><td><a href=\"/award-subjects/%D\">%s</a></td><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td></tr>",
             m.id, m.name, award_kind_label(m.kind), m.key, m.unit_name, m.position);
    }
    html(r, "</tbody></table></div>");
    static const char *const keep[] = {"q", "kind", NULL};
    page_links(r, "/award-subjects", keep, page, (page - 1) * 50 + n < total);
    page_end(r);
}

/* The key of a new subject from the form's fields for its kind. */
static const char *key_from_form(req *r)
{
    const char *kind = web_param(r, "kind");
    if (str_eq(kind, "individual")) return arena_printf(&r->a, "cid:%s", web_param(r, "citizen_id") ? web_param(r, "citizen_id") : "");
    if (str_eq(kind, "enterprise")) return arena_printf(&r->a, "tax:%s", web_param(r, "tax_code") ? web_param(r, "tax_code") : "");
    if (str_eq(kind, "household")) return arena_printf(&r->a, "hh:%s", web_param(r, "household_key") ? web_param(r, "household_key") : "");
    return arena_printf(&r->a, "unit:%s", web_param(r, "unit_id") ? web_param(r, "unit_id") : "");
}

static bool form_unit(req *r, int64_t *unit_id, struct field_errors *fe)
{
    *unit_id = 0;
    const char *u = web_param(r, "unit_id");
    if (str_empty(u)) return true;
    if (!parse_int64(u, unit_id) || *unit_id <= 0) { ferr_add(fe, "unit_id", "Mã số đơn vị phải là số."); return false; }
    return true;
}

void award_subject_new_page(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        int64_t unit_id;
        form_unit(r, &unit_id, &fe);
        const char *kind = web_param(r, "kind");
        struct award_subject_input in = {.kind = kind, .name = str_empty(web_param(r, "name")) ? NULL : web_param(r, "name"), .birth_date = web_param(r, "birth_date"),
                                         .gender = web_param(r, "gender"), .position = web_param(r, "position"),
                                         .subject_class = web_param(r, "subject_class"), .address = web_param(r, "address"),
                                         .unit_id = str_eq(kind, "collective") ? 0 : unit_id};
        int64_t id = 0;
        int rc = 0;
        if (!fe.n) {
            struct actor me = actor_of_req(r);
            rc = award_subject_find_or_add(r->db, &r->a, &me, key_from_form(r), &in, &id, &fe);
        }
        if (rc < 0) { web_fail(r, "add award subject"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/award-subjects/%lld", (long long)id)); return; }
        /* The key's error belongs to the field the user typed it in. */
        const char *ke = ferr_get(&fe, "key");
        if (ke) {
            const char *kind_field = str_eq(kind, "individual") ? "citizen_id" : str_eq(kind, "enterprise") ? "tax_code"
                                   : str_eq(kind, "household") ? "household_key" : "unit_id";
            ferr_add(&fe, kind_field, ke);
        }
        r->status = 400;
    }
    int status = r->status;
    page_begin(r, "Thêm đối tượng khen thưởng");
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các mục được đánh dấu bên dưới.");
    html(r, "<p>Đối tượng đã có (cùng số CCCD, mã số thuế, đơn vị hoặc khóa hộ) không được tạo lại: trang của đối tượng đó "
            "được mở.</p>");
    bool post = web_is_post(r);
    form_begin(r, "/award-subjects/new", "class=\"narrow\"");
    form_select(r, "kind", "Loại đối tượng", kind_options, post ? web_param(r, "kind") : "individual", ferr_get(&fe, "kind"));
    form_field(r, "text", "name", "Họ tên / tên (tập thể: trống là tên đơn vị)", post ? web_param(r, "name") : NULL,
               ferr_get(&fe, "name"), "maxlength=\"200\"");
    form_field(r, "text", "citizen_id", "Số CCCD (cá nhân)", post ? web_param(r, "citizen_id") : NULL,
               ferr_get(&fe, "citizen_id"), "inputmode=\"numeric\" autocomplete=\"off\"");
    form_field(r, "text", "tax_code", "Mã số thuế (doanh nghiệp)", post ? web_param(r, "tax_code") : NULL,
               ferr_get(&fe, "tax_code"), NULL);
    form_field(r, "text", "household_key", "Khóa hộ gia đình (CCCD chủ hộ hoặc địa chỉ)", post ? web_param(r, "household_key") : NULL,
               ferr_get(&fe, "household_key"), NULL);
    form_field(r, "number", "unit_id", "Mã số đơn vị (tập thể: chính đơn vị; cá nhân: nơi công tác)",
               post ? web_param(r, "unit_id") : NULL, ferr_get(&fe, "unit_id"), "min=\"1\"");
    form_field(r, "text", "position", "Chức vụ", post ? web_param(r, "position") : NULL, ferr_get(&fe, "position"), NULL);
    struct award_subject_class *cls;
    int nc;
    char today[11];
    iso_date_today(today);
    if (award_subject_classes(r->db, &r->a, today, &cls, &nc) < 0) { web_fail(r, "subject classes"); return; }
    const char **opts = arena_alloc(&r->a, sizeof *opts * (size_t)(2 * nc + 3));
    int k = 0;
    opts[k++] = "";
    opts[k++] = "(không áp dụng)";
    for (int i = 0; i < nc; i++) { opts[k++] = cls[i].code; opts[k++] = cls[i].label; }
    opts[k] = NULL;
    form_select(r, "subject_class", "Nhóm đối tượng (biểu 0603.N)", opts, post ? web_param(r, "subject_class") : "",
                ferr_get(&fe, "subject_class"));
    form_field(r, "text", "birth_date", "Ngày sinh (dd/mm/yyyy)", post ? web_param(r, "birth_date") : NULL,
               ferr_get(&fe, "birth_date"), NULL);
    static const char *const genders[] = {"", "(không ghi)", "nam", "Nam", "nu", "Nữ", NULL};
    form_select(r, "gender", "Giới tính", genders, post ? web_param(r, "gender") : "", ferr_get(&fe, "gender"));
    form_field(r, "text", "address", "Địa chỉ", post ? web_param(r, "address") : NULL, ferr_get(&fe, "address"), NULL);
    form_end(r, "Lưu");
    page_end(r);
    r->status = status;
}

static void subject_render(req *r, int64_t id, const struct field_errors *hist_fe, const struct field_errors *init_fe)
{
    arena *a = &r->a;
    struct award_subject s;
    int rc = award_subject_get(r->db, a, id, &s);
    if (rc < 0) { web_fail(r, "award subject"); return; }
    if (rc == 0) { web_error(r, 404, "Không có đối tượng này."); return; }
    struct award_subject m = award_subject_mask(r, &s);
    struct award_history *h;
    struct award_initiative *in;
    int nh, ni;
    if (award_history_of(r->db, a, id, true, &h, &nh) < 0 || award_initiatives_of(r->db, a, id, &in, &ni) < 0) {
        web_fail(r, "award history");
        return;
    }
    int status = r->status;
    page_begin(r, m.name);
    if ((hist_fe && hist_fe->n) || (init_fe && init_fe->n))
        page_notice(r, "error", "Chưa lưu được: hãy sửa các mục được đánh dấu bên dưới.");
    html(r, "<dl class=\"facts\"><dt>Loại</dt><dd>%s</dd><dt>Khóa</dt><dd><code>%s</code></dd>", award_kind_label(m.kind), m.key);
    if (m.unit_name) html(r, "<dt>Đơn vị</dt><dd>%s</dd>", m.unit_name);
    if (m.position) html(r, "<dt>Chức vụ</dt><dd>%s</dd>", m.position);
    if (m.birth_date) html(r, "<dt>Ngày sinh</dt><dd>%T</dd>", m.birth_date);
    if (m.subject_class) html(r, "<dt>Nhóm (0603.N)</dt><dd>%s</dd>", m.subject_class);
    html(r, "</dl>");

    html(r, "<h2>Lịch sử khen thưởng</h2>");
    if (!nh) html(r, "<p>Chưa có.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th>Năm</th><th>Danh hiệu, hình thức</th><th>Quyết định</th>"
                "<th>Thành tích</th><th>Tiền thưởng</th><th>Nguồn</th><th>Tình trạng</th></tr></thead><tbody>");
        for (int i = 0; i < nh; i++) {
            html(r, "<tr%s><td>%d</td><td>%s</td><td>%s %T</td><td>%s%s%s</td><td class=\"num\">%M</td><td>%s</td><td>",
                 h[i].revoked_at ? " class=\"revoked\"" : "", h[i].year, h[i].form_name ? h[i].form_name : h[i].form_code,
                 h[i].decision_ref, h[i].decision_date ? h[i].decision_date : "", h[i].reason,
                 h[i].reason && h[i].achievement_key ? " — " : "", h[i].achievement_key, h[i].amount, h[i].source);
            if (h[i].subject_id != id) html(r, "(của đơn vị tiền thân %s) ", h[i].subject_name);
            if (h[i].revoked_at) html(r, "Đã thu hồi %T: %s", h[i].revoked_at, h[i].revoked_reason);
            else if (web_has_cap(r, CAP_APPRAISE))
                html(r, "<form method=\"post\" action=\"/award-history/%D/revoke\" class=\"inline\"><input type=\"hidden\" "
                        "name=\"_csrf\" value=\"%s\"><label>Lý do thu hồi <input name=\"reason\" required maxlength=\"2000\"></label>"
                        "<button type=\"submit\" class=\"link\">Thu hồi</button></form>", h[i].id, r->user.csrf);
            else html(r, "Còn hiệu lực");
            html(r, "</td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (web_has_cap(r, CAP_APPRAISE)) {
        bool show = hist_fe && hist_fe->n;
        html(r, "<h3>Ghi một danh hiệu, hình thức đã được tặng</h3>");
        form_begin(r, arena_printf(a, "/award-subjects/%lld/history", (long long)id), "class=\"narrow\"");
        form_field(r, "number", "year", "Năm", show ? web_param(r, "year") : NULL, show ? ferr_get(hist_fe, "year") : NULL,
                   "required min=\"1945\" max=\"2200\"");
        form_field(r, "text", "form_code", "Mã hoặc tên danh hiệu, hình thức", show ? web_param(r, "form_code") : NULL,
                   show ? ferr_get(hist_fe, "form_code") : NULL, "required");
        form_field(r, "text", "decision_ref", "Số quyết định", show ? web_param(r, "decision_ref") : NULL,
                   show ? ferr_get(hist_fe, "decision_ref") : NULL, NULL);
        form_field(r, "text", "decision_date", "Ngày quyết định (dd/mm/yyyy)", show ? web_param(r, "decision_date") : NULL,
                   show ? ferr_get(hist_fe, "decision_date") : NULL, NULL);
        form_field(r, "text", "achievement_key", "Mã thành tích (một thành tích chỉ khen một lần)",
                   show ? web_param(r, "achievement_key") : NULL, show ? ferr_get(hist_fe, "achievement_key") : NULL, NULL);
        form_field(r, "textarea", "reason", "Nội dung thành tích", show ? web_param(r, "reason") : NULL,
                   show ? ferr_get(hist_fe, "reason") : NULL, NULL);
        form_end(r, "Ghi");
    }

    html(r, "<h2>Sáng kiến</h2>");
    if (!ni) html(r, "<p>Chưa có.</p>");
    else {
        html(r, "<ul class=\"initiatives\">");
        for (int i = 0; i < ni; i++)
            html(r, "<li>%d — %s (%s)%s%s</li>", in[i].year, in[i].title, award_initiative_level_label(in[i].level),
                 in[i].recognised_by ? ", " : "", in[i].recognised_by);
        html(r, "</ul>");
    }
    if (web_has_cap(r, CAP_DOSSIER_WRITE) || web_has_cap(r, CAP_APPRAISE)) {
        bool show = init_fe && init_fe->n;
        html(r, "<h3>Ghi một sáng kiến được công nhận</h3>");
        form_begin(r, arena_printf(a, "/award-subjects/%lld/initiatives", (long long)id), "class=\"narrow\"");
        form_field(r, "number", "year", "Năm", show ? web_param(r, "year") : NULL, show ? ferr_get(init_fe, "year") : NULL,
                   "required min=\"1945\" max=\"2200\"");
        form_field(r, "text", "title", "Tên sáng kiến", show ? web_param(r, "title") : NULL, show ? ferr_get(init_fe, "title") : NULL,
                   "required maxlength=\"500\"");
        static const char *const levels[] = {"co_so", "Cấp cơ sở", "tinh", "Cấp tỉnh", "toan_quoc", "Toàn quốc", NULL};
        form_select(r, "level", "Phạm vi ảnh hưởng", levels, show ? web_param(r, "level") : "co_so",
                    show ? ferr_get(init_fe, "level") : NULL);
        form_field(r, "text", "recognised_by", "Quyết định công nhận", show ? web_param(r, "recognised_by") : NULL,
                   show ? ferr_get(init_fe, "recognised_by") : NULL, NULL);
        form_end(r, "Ghi");
    }

    /* Eligibility: judged when a form is asked for. */
    html(r, "<h2>Xét điều kiện</h2><form method=\"get\" action=\"/award-subjects/%D\" class=\"search\">"
            "<label>Mã danh hiệu, hình thức <input name=\"form\" value=\"%s\" required></label>"
            "<label>Năm <input name=\"year\" type=\"number\" min=\"1945\" max=\"2200\" value=\"%s\"></label>"
            "<label>Mã thành tích đề nghị <input name=\"achievement\" value=\"%s\"></label>"
            "<button type=\"submit\">Xét</button></form>",
         id, web_param(r, "form"), web_param(r, "year"), web_param(r, "achievement"));
    if (!str_empty(web_param(r, "form"))) {
        int year;
        const char *ye = award_year_param(r, &year);
        if (ye) { status = 400; page_notice(r, "error", ye); }
        else {
            struct award_eligibility e;
            rc = award_eligibility_for(r->db, a, id, web_param(r, "form"), year,
                                       str_empty(web_param(r, "achievement")) ? NULL : web_param(r, "achievement"), &e);
            if (rc < 0) { web_fail(r, "eligibility"); return; }
            if (rc == 0) { status = 400; page_notice(r, "error", "Không có danh hiệu, hình thức này có hiệu lực trong năm đó."); }
            else award_verdict_html(r, &e);
        }
    }
    page_end(r);
    r->status = status;
}

void award_subject_page(req *r)
{
    int64_t id;
    if (!subject_param(r, &id)) return;
    subject_render(r, id, NULL, NULL);
}

void award_subject_history_page(req *r)
{
    int64_t id, year = 0;
    if (!subject_param(r, &id)) return;
    struct field_errors fe = {0};
    if (!parse_int64(web_param(r, "year") ? web_param(r, "year") : "", &year)) ferr_add(&fe, "year", "Năm phải là số.");
    struct award_history_input in = {.subject_id = id, .year = (int)(year > 0 && year < 10000 ? year : 0),
                                     .form_code = web_param(r, "form_code"), .decision_ref = web_param(r, "decision_ref"),
                                     .decision_date = web_param(r, "decision_date"),
                                     .achievement_key = web_param(r, "achievement_key"), .reason = web_param(r, "reason"),
                                     .source = "manual"};
    struct actor me = actor_of_req(r);
    int64_t hid = fe.n ? 0 : award_history_add(r->db, &r->a, &me, &in, &fe);
    if (hid < 0) { web_fail(r, "add award history"); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    if (ferr_get(&fe, "subject_id")) { web_error(r, 404, ferr_get(&fe, "subject_id")); return; }
    if (hid > 0) { web_redirect(r, arena_printf(&r->a, "/award-subjects/%lld", (long long)id)); return; }
    r->status = 400;
    subject_render(r, id, &fe, NULL);
}

void award_subject_initiative_page(req *r)
{
    int64_t id, year = 0;
    if (!subject_param(r, &id)) return;
    struct field_errors fe = {0};
    if (!parse_int64(web_param(r, "year") ? web_param(r, "year") : "", &year)) ferr_add(&fe, "year", "Năm phải là số.");
    struct award_initiative_input in = {.subject_id = id, .year = (int)(year > 0 && year < 10000 ? year : 0),
                                        .title = web_param(r, "title"), .level = web_param(r, "level"),
                                        .recognised_by = web_param(r, "recognised_by"),
                                        .recognised_on = web_param(r, "recognised_on")};
    struct actor me = actor_of_req(r);
    int64_t iid = fe.n ? 0 : award_initiative_add(r->db, &r->a, &me, &in, &fe);
    if (iid < 0) { web_fail(r, "add initiative"); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    if (ferr_get(&fe, "subject_id")) { web_error(r, 404, ferr_get(&fe, "subject_id")); return; }
    if (iid > 0) { web_redirect(r, arena_printf(&r->a, "/award-subjects/%lld", (long long)id)); return; }
    r->status = 400;
    subject_render(r, id, NULL, &fe);
}

void award_history_revoke_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct award_history h;
    int rc = award_history_get(r->db, &r->a, id, &h);
    if (rc < 0) { web_fail(r, "award history"); return; }
    if (rc == 0) { web_error(r, 404, "Không có bản ghi khen thưởng này."); return; }
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    rc = award_history_revoke(r->db, &r->a, &me, id, web_param(r, "reason"), &fe);
    if (rc < 0) { web_fail(r, "revoke award"); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    if (rc == 0) { web_error(r, 400, fe.n ? fe.items[0].value : "Không thu hồi được."); return; }
    web_redirect(r, arena_printf(&r->a, "/award-subjects/%lld", (long long)h.subject_id));
}

static struct import_quota quota_of(req *r)
{
    const char *name = arena_printf(&r->a, "import.max_rows.%s", r->user.role ? r->user.role : "");
    struct import_quota q = {setting_int(r->db, name), name};
    return q;
}

void award_history_import_page(req *r)
{
    struct import_report rep;
    bool ran = false;
    if (web_is_post(r)) {
        const struct upload *up = award_upload(r, "file");
        if (!up) r->status = 400;
        else {
            unsigned flags = (str_eq(web_param(r, "skip_bad"), "1") ? IMPORT_SKIP_BAD : 0) |
                             (str_eq(web_param(r, "dry_run"), "1") ? IMPORT_DRY_RUN : 0);
            struct actor me = actor_of_req(r);
            struct import_quota quota = quota_of(r);
            if (award_history_import(r->db, &r->a, &me, &quota, award_upload_name(&r->a, up), up->data, up->len, flags,
                                     web_param(r, "sheet"), &rep) < 0) {
                web_fail(r, "import award history");
                return;
            }
            ran = true;
            if (rep.fatal || (!rep.written && rep.rejected && !rep.dry_run)) r->status = 400;
        }
    }
    int status = r->status;
    page_begin(r, "Nhập danh sách khen thưởng các năm trước");
    if (web_is_post(r) && !ran) page_notice(r, "error", "Hãy chọn một tệp CSV hoặc .xlsx để nhập.");
    if (ran) import_report_html(r, &rep, rep.total <= 500, NULL);
    html(r, "<p>Mỗi dòng là một danh hiệu hoặc hình thức một đối tượng đã được tặng trong một năm. Đối tượng nhận ra theo số "
            "CCCD, mã số thuế, khóa hộ gia đình hoặc mã đơn vị, và được tạo nếu chưa có. Dòng đã có (cùng đối tượng, danh hiệu, "
            "năm) được bỏ qua, nên nhập lại cùng tệp không tạo bản sao; có một dòng lỗi thì không ghi gì.</p>");
    form_begin(r, "/award-history/import", "enctype=\"multipart/form-data\" class=\"narrow\"");
    form_field(r, "file", "file", "Tệp CSV (UTF-8) hoặc Excel .xlsx; dòng đầu là tên cột", NULL, NULL,
               "accept=\".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\" required");
    form_field(r, "text", "sheet", "Tên trang tính (Excel; trống: trang đầu)", web_param(r, "sheet"), NULL, "maxlength=\"31\"");
    html(r, "<div class=\"field\"><label><input type=\"checkbox\" name=\"skip_bad\" value=\"1\"> Bỏ qua các dòng lỗi</label>"
            "<label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> Chỉ kiểm tra, không ghi</label></div>");
    form_end(r, "Nhập");
    import_columns_html(r, award_history_import_columns, award_history_import_ncolumns);
    page_end(r);
    r->status = status;
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

const struct api_member award_subject_body[] = {
    {"key", API_TEXT}, {"kind", API_TEXT}, {"name", API_TEXT}, {"citizen_id", API_TEXT_NULL},
    {"birth_date", API_TEXT_NULL}, {"gender", API_TEXT_NULL}, {"tax_code", API_TEXT_NULL}, {"unit_id", API_INT},
    {"position", API_TEXT_NULL}, {"subject_class", API_TEXT_NULL}, {"address", API_TEXT_NULL}, {NULL, 0},
};
const struct api_member award_history_body[] = {
    {"year", API_INT}, {"form_code", API_TEXT}, {"decision_ref", API_TEXT_NULL}, {"decision_date", API_TEXT_NULL},
    {"achievement_key", API_TEXT_NULL}, {"reason", API_TEXT_NULL}, {"amount", API_INT}, {NULL, 0},
};
const struct api_member award_revoke_body[] = {{"reason", API_TEXT}, {NULL, 0}};
const struct api_member award_initiative_body[] = {
    {"year", API_INT}, {"title", API_TEXT}, {"level", API_TEXT}, {"recognised_by", API_TEXT_NULL},
    {"recognised_on", API_TEXT_NULL}, {NULL, 0},
};

/* A text member, with null (cleared) read as absent. */
static const char *body_text(req *r, const char *name)
{
    const char *v = api_text(r, name);
    return v && *v ? v : NULL;
}

static json_t *subject_out(req *r, const struct award_subject *s)
{
    struct award_subject m = award_subject_mask(r, s);
    return award_subject_json(&m);
}

static void reply_errors(req *r, const char *message, const struct field_errors *fe)
{
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    web_json_fields(r, message, ferr_json(fe));
}

void award_subjects_api(req *r)
{
    if (web_is_post(r)) {
        int64_t unit_id = 0;
        api_int(r, "unit_id", &unit_id);
        struct award_subject_input in = {.kind = body_text(r, "kind"), .name = body_text(r, "name"),
                                         .citizen_id = body_text(r, "citizen_id"), .birth_date = body_text(r, "birth_date"),
                                         .gender = body_text(r, "gender"), .tax_code = body_text(r, "tax_code"),
                                         .position = body_text(r, "position"), .subject_class = body_text(r, "subject_class"),
                                         .address = body_text(r, "address"), .unit_id = unit_id};
        struct field_errors fe = {0};
        struct actor me = actor_of_req(r);
        int64_t id = 0;
        int rc = award_subject_find_or_add(r->db, &r->a, &me, body_text(r, "key"), &in, &id, &fe);
        if (rc < 0) { web_fail(r, "add award subject"); return; }
        if (rc == 0) { reply_errors(r, "Đối tượng không hợp lệ.", &fe); return; }
        struct award_subject s;
        if (award_subject_get(r->db, &r->a, id, &s) != 1) { web_fail(r, "read award subject"); return; }
        json_t *o = subject_out(r, &s);
        json_object_set_new(o, "created", json_boolean(rc == 2));
        web_json(r, rc == 2 ? 201 : 200, o);
        return;
    }
    struct api_page p;
    struct field_errors fe = {0};
    if (!api_page_read(r, &p, 50, 500, &fe)) { api_reply_errors(r, &fe); return; }
    const char *kind = web_param(r, "kind");
    if (!str_empty(kind) && !award_is_subject_kind(kind)) {
        web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "kind", "Một trong: individual, collective, household, enterprise."));
        return;
    }
    int64_t unit = 0;
    if (!str_empty(web_param(r, "unit_id")) && !parse_int64(web_param(r, "unit_id"), &unit)) {
        web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "unit_id", "Phải là số."));
        return;
    }
    struct award_subject_query q = {.q = web_param(r, "q"), .kind = str_empty(kind) ? NULL : kind, .unit_id = unit,
                                    .limit = (int)p.limit, .offset = (int)p.offset};
    struct award_subject *v;
    int n, total;
    if (award_subject_list(r->db, &r->a, &q, &v, &n, &total) < 0) { web_fail(r, "award subjects"); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, subject_out(r, &v[i]));
    web_json(r, 200, api_list(items, total, &p));
}

void award_subject_api(req *r)
{
    int64_t id;
    if (!subject_param(r, &id)) return;
    arena *a = &r->a;
    if (str_eq(r->method, "PATCH")) {
        int64_t unit_id = 0;
        api_int(r, "unit_id", &unit_id);
        struct award_subject_input in = {.kind = api_text(r, "kind"), .key = api_text(r, "key"), .name = api_text(r, "name"),
                                         .citizen_id = api_text(r, "citizen_id"), .birth_date = api_text(r, "birth_date"),
                                         .gender = api_text(r, "gender"), .tax_code = api_text(r, "tax_code"),
                                         .position = api_text(r, "position"), .subject_class = api_text(r, "subject_class"),
                                         .address = api_text(r, "address"), .unit_id = unit_id};
        struct field_errors fe = {0};
        struct actor me = actor_of_req(r);
        int rc = award_subject_update(r->db, a, &me, id, &in, &fe);
        if (rc < 0) { web_fail(r, "update award subject"); return; }
        if (ferr_get(&fe, "id")) { web_error(r, 404, ferr_get(&fe, "id")); return; }
        if (rc == 0) { reply_errors(r, "Đối tượng không hợp lệ.", &fe); return; }
    }
    struct award_subject s;
    int rc = award_subject_get(r->db, a, id, &s);
    if (rc < 0) { web_fail(r, "award subject"); return; }
    if (rc == 0) { web_error(r, 404, "Không có đối tượng này."); return; }
    struct award_history *h;
    struct award_initiative *in;
    int nh, ni;
    if (award_history_of(r->db, a, id, true, &h, &nh) < 0 || award_initiatives_of(r->db, a, id, &in, &ni) < 0) {
        web_fail(r, "award history");
        return;
    }
    json_t *o = subject_out(r, &s), *hj = json_array(), *ij = json_array();
    for (int i = 0; i < nh; i++) json_array_append_new(hj, award_history_json(&h[i]));
    for (int i = 0; i < ni; i++) json_array_append_new(ij, award_initiative_json(&in[i]));
    json_object_set_new(o, "history", hj);
    json_object_set_new(o, "initiatives", ij);
    web_json(r, 200, o);
}

void award_subject_history_api(req *r)
{
    int64_t id, year = 0, amount = 0;
    if (!subject_param(r, &id)) return;
    api_int(r, "year", &year);
    api_int(r, "amount", &amount);
    struct award_history_input in = {.subject_id = id, .year = (int)(year > 0 && year < 10000 ? year : 0),
                                     .form_code = body_text(r, "form_code"), .decision_ref = body_text(r, "decision_ref"),
                                     .decision_date = body_text(r, "decision_date"),
                                     .achievement_key = body_text(r, "achievement_key"), .reason = body_text(r, "reason"),
                                     .amount = amount, .source = "manual"};
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t hid = award_history_add(r->db, &r->a, &me, &in, &fe);
    if (hid < 0) { web_fail(r, "add award history"); return; }
    if (ferr_get(&fe, "subject_id")) { web_error(r, 404, ferr_get(&fe, "subject_id")); return; }
    if (hid == 0) { reply_errors(r, "Bản ghi khen thưởng không hợp lệ.", &fe); return; }
    struct award_history h;
    if (award_history_get(r->db, &r->a, hid, &h) != 1) { web_fail(r, "read award history"); return; }
    web_json(r, 201, award_history_json(&h));
}

void award_subject_initiatives_api(req *r)
{
    int64_t id, year = 0;
    if (!subject_param(r, &id)) return;
    api_int(r, "year", &year);
    struct award_initiative_input in = {.subject_id = id, .year = (int)(year > 0 && year < 10000 ? year : 0),
                                        .title = body_text(r, "title"), .level = body_text(r, "level"),
                                        .recognised_by = body_text(r, "recognised_by"),
                                        .recognised_on = body_text(r, "recognised_on")};
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t iid = award_initiative_add(r->db, &r->a, &me, &in, &fe);
    if (iid < 0) { web_fail(r, "add initiative"); return; }
    if (ferr_get(&fe, "subject_id")) { web_error(r, 404, ferr_get(&fe, "subject_id")); return; }
    if (iid == 0) { reply_errors(r, "Sáng kiến không hợp lệ.", &fe); return; }
    web_json(r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)iid, "subject_id", (json_int_t)id));
}

void award_subject_eligibility_api(req *r)
{
    int64_t id;
    if (!subject_param(r, &id)) return;
    int year;
    const char *ye = award_year_param(r, &year);
    const char *form = web_param(r, "form");
    json_t *f = json_object();
    if (ye) json_object_set_new(f, "year", json_string(ye));
    if (str_empty(form)) json_object_set_new(f, "form", json_string("Bắt buộc: mã danh hiệu, hình thức."));
    if (json_object_size(f)) { web_json_fields(r, "Tham số không hợp lệ.", f); return; }
    json_decref(f);
    struct award_eligibility e;
    const char *ach = web_param(r, "achievement");
    int rc = award_eligibility_for(r->db, &r->a, id, form, year, str_empty(ach) ? NULL : ach, &e);
    if (rc < 0) { web_fail(r, "eligibility"); return; }
    if (rc == 0) { web_error(r, 404, "Không có đối tượng này, hoặc danh hiệu, hình thức này không có hiệu lực năm đó."); return; }
    web_json(r, 200, award_eligibility_json(&e));
}

void award_history_revoke_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int rc = award_history_revoke(r->db, &r->a, &me, id, body_text(r, "reason"), &fe);
    if (rc < 0) { web_fail(r, "revoke award"); return; }
    if (rc == 0 && ferr_get(&fe, "id") && !strstr(ferr_get(&fe, "id"), "đã bị thu hồi")) { web_error(r, 404, ferr_get(&fe, "id")); return; }
    if (rc == 0) { reply_errors(r, "Không thu hồi được.", &fe); return; }
    struct award_history h;
    if (award_history_get(r->db, &r->a, id, &h) != 1) { web_fail(r, "read award history"); return; }
    web_json(r, 200, award_history_json(&h));
}

void award_history_import_api(req *r)
{
    const struct upload *up = award_upload(r, "file");
    if (!up) {
        web_json_fields(r, "Thiếu tệp.", json_pack("{s:s}", "file", "Gửi tệp CSV hoặc .xlsx trong trường \"file\" (multipart/form-data)."));
        return;
    }
    unsigned flags = (str_eq(web_param(r, "skip_bad"), "1") ? IMPORT_SKIP_BAD : 0) |
                     (str_eq(web_param(r, "dry_run"), "1") ? IMPORT_DRY_RUN : 0);
    struct actor me = actor_of_req(r);
    struct import_quota quota = quota_of(r);
    struct import_report rep;
    if (award_history_import(r->db, &r->a, &me, &quota, award_upload_name(&r->a, up), up->data, up->len, flags,
                             web_param(r, "sheet"), &rep) < 0) {
        web_fail(r, "import award history");
        return;
    }
    json_t *report = import_report_json(&rep);
    if (rep.fatal || (!rep.written && rep.rejected && !rep.dry_run && !rep.skip_bad)) {
        json_t *o = json_pack("{s:s, s:O, s:s, s:o}", "error", "bad_request", "message", json_object_get(report, "summary"),
                              "request_id", r->request_id, "report", report);
        web_json(r, 400, o);
        return;
    }
    web_json(r, 200, report);
}
