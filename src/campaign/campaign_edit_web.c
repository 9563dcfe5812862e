/* campaign_edit_web.c: editing what was added to a campaign, on the web: the lists of the edit
 * page (groups, targets, occasions, participants, each with its edit link or remove button), the
 * pre-filled forms of a target, a content group and an occasion, the participants' add and remove
 * buttons, a content group's removal (a confirm page), and the JSON API (PATCH and DELETE on
 * …/targets/{target}, …/groups/{group}, …/occasions/{occasion}; POST …/participants, DELETE
 * …/participants/{participant}). campaign.c
 * decides every write: the Board while the campaign runs, after the close only the administrator
 * with a reason (the forms then ask for it). */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "campaign.h"
#include "campaign_pages.h"

static bool campaign_closed(const struct campaign *c)
{
    return str_eq(c->status, "closed") || str_eq(c->status, "reviewed");
}

bool campaign_may_edit(req *r, const struct campaign *c)
{
    return campaign_closed(c) ? web_has_cap(r, CAMPAIGN_ADMIN_CAP) : web_has_cap(r, CAP_CAMPAIGN_WRITE);
}

/* The campaign of path parameter 0 and the record of parameter 1 in `table`, which must belong to
 * it; false after answering 404 (or 500). */
static bool record_of_path(req *r, const char *table, struct campaign *c, int64_t *record_id)
{
    if (!campaign_of_path(r, c) || !web_param_id(r, 1, record_id)) return false;
    int64_t owner = 0;
    int rc = campaign_of_record(r->db, table, *record_id, &owner);
    if (rc < 0) { web_fail(r, "record of campaign"); return false; }
    if (!rc || owner != c->id) {
        web_error(r, 404, "Không có mục này trong phong trào.");
        return false;
    }
    return true;
}

/* The reason field of an edit form: required once the campaign is closed (the administrator). */
void campaign_reason_field(req *r, const struct campaign *c, const char *value, const struct field_errors *fe)
{
    if (!campaign_closed(c)) return;
    form_field(r, "textarea", "reason", "Lý do sửa (phong trào đã kết thúc: bắt buộc, được ghi vào nhật ký)", value,
               ferr_get(fe, "reason"), "required maxlength=\"500\"");
}

/* A refused form: the scope and a missing record answer on their own; the rest is shown above
 * the form again, which keeps what was typed. */
bool campaign_refused_elsewhere(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return true; }
    if (ferr_get(fe, "id")) { web_error(r, 404, ferr_get(fe, "id")); return true; }
    return false;
}

void campaign_errors_box(req *r, const struct field_errors *fe)
{
    if (!fe->n) return;
    html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa lưu được:</p><ul>");
    for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
    html(r, "</ul></div>");
}

/* A one-button form posting to `action` (remove), with the reason when the campaign is closed. */
static void remove_button(req *r, const struct campaign *c, const char *action, const char *label)
{
    form_begin(r, action, "class=\"inline\"");
    if (campaign_closed(c))
        html(r, "<label class=\"visually-hidden\" for=\"r-%s\">Lý do</label><input id=\"r-%s\" name=\"reason\" required "
                "placeholder=\"Lý do (bắt buộc)\">", action, action);
    html(r, "<button type=\"submit\" class=\"secondary\">%s</button></form>", label);
}

/* ======================================================================================
 * The edit page's lists (/campaigns/{id}/edit)
 * ====================================================================================== */

void campaign_edit_lists(req *r, const struct campaign *c)
{
    struct campaign_group *g;
    struct campaign_target *t;
    struct campaign_occasion *o;
    struct campaign_participant *p;
    int ng = 0, nt = 0, no = 0, np = 0;
    if (campaign_groups(r->db, &r->a, c->id, &g, &ng) != STORE_OK || campaign_targets(r->db, &r->a, c->id, &t, &nt) != STORE_OK ||
        campaign_occasions(r->db, &r->a, c->id, &o, &no) != STORE_OK ||
        campaign_participants(r->db, &r->a, c->id, &p, &np) != STORE_OK)
        return;
    if (campaign_closed(c))
        page_notice(r, "info", "Phong trào đã kết thúc: chỉ quản trị hệ thống sửa được nội dung, và mỗi lần sửa phải ghi lý do.");
    html(r, "<h2>Nội dung hiện có</h2>");
    for (int k = 0; k < ng; k++) {
        html(r, "<section class=\"group\"><h3>(%d) %s <small><a href=\"/campaigns/%D/groups/%D/edit\" aria-label=\"Sửa nhóm %d\">sửa nhóm</a>"
                " · <a href=\"/campaigns/%D/groups/%D/remove\" aria-label=\"Xoá nhóm %d\">xoá nhóm</a></small></h3><ul class=\"edit-list\">",
             g[k].number, g[k].title, c->id, g[k].id, g[k].number, c->id, g[k].id, g[k].number);
        for (int i = 0; i < nt; i++) {
            if (t[i].group_id != g[k].id) continue;
            html(r, "<li%R><a href=\"/campaigns/%D/targets/%D/edit\">%s</a> %s", t[i].parent_id ? " class=\"sub\"" : "", // raw: constant attribute
                 c->id, t[i].id, t[i].code, t[i].subject);
            if (t[i].unit_name) html(r, " <span class=\"tag\">%s</span>", t[i].unit_name);
            html(r, " <small class=\"muted\">%s</small></li>", campaign_target_goal(&r->a, &t[i]));
        }
        html(r, "</ul></section>");
    }
    if (!ng) html(r, "<p class=\"muted\">Chưa có nhóm nội dung nào.</p>");
    html(r, "<h3>Ngày kỷ niệm được chào mừng</h3>");
    if (!no) html(r, "<p class=\"muted\">Chưa có.</p>");
    else {
        html(r, "<ul class=\"edit-list\">");
        for (int i = 0; i < no; i++)
            html(r, "<li>Kỷ niệm %s <a href=\"/campaigns/%D/occasions/%D/edit\">sửa</a></li>", o[i].label, c->id, o[i].id);
        html(r, "</ul>");
    }
    html(r, "<h3 id=\"tham-gia\">Đơn vị tham gia</h3>");
    if (!np) html(r, "<p class=\"muted\">Chưa có đơn vị tham gia nào.</p>");
    else {
        html(r, "<ul class=\"edit-list\">");
        for (int i = 0; i < np; i++) {
            const char *kind = p[i].unit_id ? "đơn vị" : p[i].block_id ? "khối, cụm" : "loại đơn vị";
            html(r, "<li>%s <span class=\"tag\">%s</span> ", p[i].name ? p[i].name : p[i].unit_kind, kind);
            remove_button(r, c, arena_printf(&r->a, "/campaigns/%lld/participants/%lld/remove", (long long)c->id, (long long)p[i].id),
                          "Bỏ khỏi phong trào");
            html(r, "</li>");
        }
        html(r, "</ul>");
    }
    html(r, "<h3>Thêm đơn vị tham gia</h3>");
    form_begin(r, arena_printf(&r->a, "/campaigns/%lld/participants", (long long)c->id), "class=\"narrow\"");
    static const char *const kinds[] = {"unit", "Một đơn vị (mã đơn vị)", "block", "Một khối, cụm thi đua (số id)",
                                        "unit_kind", "Mọi đơn vị một loại (ví dụ: department)", NULL};
    form_select(r, "kind", "Tham gia theo", kinds, "unit", NULL);
    form_field(r, "text", "ref", "Mã đơn vị, số khối hoặc loại đơn vị", NULL, NULL, "required");
    form_end(r, "Thêm đơn vị tham gia");
}

/* ======================================================================================
 * Pages
 * ====================================================================================== */

static int parse_weight(const char *text, struct field_errors *fe)
{
    int64_t w = -1;
    if (str_empty(text)) return -1;
    if (!parse_int64(text, &w) || w < 0 || w > 1000) {
        ferr_add(fe, "weight", "Trọng số là số nguyên từ 0 đến 1000.");
        return -1;
    }
    return (int)w;
}

/* The unit codes of a form field ("SYT, 06532; id:12"): resolved one by one, each unknown named. */
static int units_of_text(req *r, const char *text, int64_t **ids, int *n, struct field_errors *fe)
{
    int cap = 0, cnt = 0;
    int64_t *v = NULL;
    char *copy = arena_strdup(&r->a, text ? text : "");
    for (char *save = NULL, *tok = strtok_r(copy, ",; \t\r\n", &save); tok; tok = strtok_r(NULL, ",; \t\r\n", &save)) {
        int64_t id = 0, n = 0;
        int rc = str_starts(tok, "id:") && parse_int64(tok + 3, &n)
                     ? store_int64(r->db, &id, "SELECT id FROM unit WHERE id = $1", "i", n)
                     : store_int64(r->db, &id, "SELECT id FROM unit WHERE code = $1", "t", tok);
        if (rc < 0) return STORE_ERR;
        if (rc == 0) {
            ferr_add(fe, "units", arena_printf(&r->a, "Đơn vị được giao: không có đơn vị mã \"%s\".", tok));
            continue;
        }
        *ARENA_PUSH(&r->a, v, cnt, cap) = id;
    }
    *ids = v;
    *n = cnt;
    return 1;
}

/* The unit codes of a target's responsible units, for its form. */
static const char *units_text(req *r, int64_t target_id)
{
    const char *out = "";
    stmt *q = store_query(r->db, "SELECT u.code, u.id FROM campaign_target_unit tu JOIN unit u ON u.id = tu.unit_id"
                                 " WHERE tu.target_id = $1 ORDER BY u.sort_key", "i", target_id);
    while (q && stmt_step(q) == STORE_ROW) {
        const char *one = stmt_is_null(q, 0) ? arena_printf(&r->a, "id:%lld", (long long)stmt_int64(q, 1)) : stmt_text(q, 0);
        out = *out ? arena_printf(&r->a, "%s, %s", out, one) : arena_strdup(&r->a, one);
    }
    stmt_finalize(q);
    return out;
}

static const char *const rollup_options[] = {"none", "Không (chỉ tiêu đơn)", "all", "Mọi tiêu chí con đều đạt", "sum",
                                             "Cộng số liệu các đơn vị", "ratio", "Tỉ lệ tổng tử số / tổng mẫu số", "count",
                                             "Số đơn vị đạt", NULL};
static const char *const acc_options[] = {"1", "Cộng dồn trong kỳ (tính tiến độ theo thời gian)", "0", "Mức tại một thời điểm", NULL};

/* GET/POST /campaigns/{id}/targets/{target}/edit: every field of the target, pre-filled. */
void campaign_target_edit_page(req *r)
{
    struct campaign c;
    int64_t tid;
    if (!record_of_path(r, "campaign_target", &c, &tid)) return;
    struct campaign_target t;
    if (campaign_target_get(r->db, &r->a, tid, &t) != 1) { web_fail(r, "get target"); return; }
    struct field_errors fe = {0};
    bool post = web_is_post(r);
    /* the form's values: what was posted, else the stored target */
    const char *group = post ? web_param(r, "group") : arena_printf(&r->a, "%d", t.group_number);
#define VAL(name, stored) (post ? web_param(r, name) : (stored))
    const char *code = VAL("code", t.code), *phrase = VAL("phrase", t.phrase), *subject = VAL("subject", t.subject),
               *unit = VAL("measure_unit", t.measure_unit), *cmp = VAL("comparator", t.comparator),
               *va = VAL("value_a", campaign_value_text(&r->a, t.has_a, t.value_a)),
               *vb = VAL("value_b", campaign_value_text(&r->a, t.has_b, t.value_b)),
               *base = VAL("baseline_value", campaign_value_text(&r->a, t.has_baseline, t.baseline_value)),
               *bperiod = VAL("baseline_period", t.baseline_period), *deadline = VAL("deadline", t.deadline),
               *weight = VAL("weight", arena_printf(&r->a, "%d", t.weight)), *acc = VAL("accumulates", t.accumulates ? "1" : "0"),
               *rollup = VAL("rollup", t.rollup), *units = VAL("units", units_text(r, tid)), *reason = VAL("reason", NULL);
    const char *split = post ? web_param(r, "split_unit") : NULL;
#undef VAL
    if (post) {
        struct actor me = actor_of_req(r);
        int64_t *uids = NULL, split_id = 0;
        int nu = 0;
        int w = parse_weight(weight, &fe);
        if (units_of_text(r, units, &uids, &nu, &fe) < 0) { web_fail(r, "resolve unit"); return; }
        if (!str_empty(split) &&
            campaign_unit_ref(r, (struct ref){.kind = REF_CODE, .code = split}, "split_unit", &split_id, &fe) < 0) {
            web_fail(r, "resolve unit");
            return;
        }
        struct campaign_target_input in = {
            .group_ref = group, .code = code, .phrase = phrase ? phrase : "", .subject = subject ? subject : "",
            .measure_unit = unit ? unit : "", .comparator = cmp ? cmp : "", .value_a = va ? va : "", .value_b = vb ? vb : "",
            .baseline_value = base ? base : "", .baseline_period = bperiod ? bperiod : "", .deadline = deadline ? deadline : "",
            .weight = w, .accumulates = str_eq(acc, "1") ? 1 : str_eq(acc, "0") ? 0 : -1, .rollup = rollup,
            .unit_ids = uids, .n_units = nu, .split_unit_id = split_id,
        };
        int64_t rc = fe.n ? 0 : campaign_target_update(r->db, &r->a, &me, tid, &in, true, reason, &fe);
        if (rc < 0) { web_fail(r, "update target"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/campaigns/%lld?notice=edited#nhom-%s", (long long)c.id, group)); return; }
        if (campaign_refused_elsewhere(r, &fe)) return;
    }
    page_begin(r, arena_printf(&r->a, "Sửa chỉ tiêu %s", t.code));
    html(r, "<p><a href=\"/campaigns/%D\">← %s</a> · <a href=\"/campaigns/%D/edit\">Soạn nội dung</a></p>", c.id, c.title, c.id);
    campaign_errors_box(r, &fe);
    if (t.parent_id) html(r, "<p class=\"muted\">Đây là chỉ tiêu con%s: nó đi theo nhóm của chỉ tiêu cấp trên.</p>",
                          t.unit_name ? arena_printf(&r->a, " (phần của %s)", t.unit_name) : "");
    form_begin(r, arena_printf(&r->a, "/campaigns/%lld/targets/%lld/edit", (long long)c.id, (long long)tid), "class=\"narrow\"");
    form_field(r, "number", "group", "Nhóm nội dung số", group, ferr_get(&fe, "group"), "required min=\"1\" max=\"99\"");
    form_field(r, "text", "code", "Mã chỉ tiêu", code, ferr_get(&fe, "code"), "required maxlength=\"40\"");
    form_field(r, "textarea", "phrase", "Nguyên văn trong kế hoạch", phrase, ferr_get(&fe, "phrase"), NULL);
    form_field(r, "text", "subject", "Nội dung đo", subject, ferr_get(&fe, "subject"), "required");
    form_field(r, "text", "measure_unit", "Đơn vị tính (%, doanh nghiệp, xã …)", unit, ferr_get(&fe, "measure_unit"), "required");
    form_select(r, "comparator", "Yêu cầu", campaign_cmp_options, cmp, ferr_get(&fe, "comparator"));
    form_field(r, "text", "value_a", "Giá trị A", va, ferr_get(&fe, "value_a"), "inputmode=\"decimal\"");
    form_field(r, "text", "value_b", "Giá trị B (cận trên; số tiêu chí)", vb, ferr_get(&fe, "value_b"), "inputmode=\"decimal\"");
    form_field(r, "text", "baseline_value", "Số liệu kỳ gốc", base, ferr_get(&fe, "baseline_value"), "inputmode=\"decimal\"");
    form_field(r, "text", "baseline_period", "Kỳ gốc (ví dụ: cùng kỳ năm trước)", bperiod, ferr_get(&fe, "baseline_period"), NULL);
    form_field(r, "date", "deadline", "Hạn (để trống: ngày kết thúc phong trào)", deadline, ferr_get(&fe, "deadline"), NULL);
    form_field(r, "number", "weight", "Trọng số", weight, ferr_get(&fe, "weight"), "min=\"0\" max=\"1000\"");
    form_select(r, "accumulates", "Loại số liệu", acc_options, acc, NULL);
    form_select(r, "rollup", "Tổng hợp từ chỉ tiêu con", rollup_options, rollup, ferr_get(&fe, "rollup"));
    form_field(r, "text", "units", "Đơn vị được giao (mã đơn vị, cách nhau dấu phẩy)", units, ferr_get(&fe, "units"), NULL);
    if (t.unit_id) {
        char *split_code = NULL;
        store_text(r->db, &split_code, &r->a, "SELECT code FROM unit WHERE id = $1", "i", t.unit_id);
        form_field(r, "text", "split_unit", "Đơn vị nhận phần chỉ tiêu này (mã)", post ? split : split_code, ferr_get(&fe, "split_unit"), NULL);
    }
    campaign_reason_field(r, &c, reason, &fe);
    form_end(r, "Lưu chỉ tiêu");
    html(r, "<h2>Xoá chỉ tiêu</h2><p class=\"muted\">Chỉ xoá được chỉ tiêu chưa có báo cáo tiến độ nào (kể cả chỉ tiêu con); các "
            "chỉ tiêu con đi cùng.</p>");
    remove_button(r, &c, arena_printf(&r->a, "/campaigns/%lld/targets/%lld/remove", (long long)c.id, (long long)tid), "Xoá chỉ tiêu");
    page_end(r);
    if (fe.n) r->status = 400;
}

/* The answer to a removal by form: back to the edit page, or the refusal with its reason. */
static void removed_reply(req *r, int64_t campaign_id, int64_t rc, const struct field_errors *fe, const char *what)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (!rc) { campaign_refused(r, fe); return; }
    web_redirect(r, arena_printf(&r->a, "/campaigns/%lld/edit?notice=removed", (long long)campaign_id));
}

void campaign_target_remove_page(req *r)
{
    struct campaign c;
    int64_t tid;
    if (!record_of_path(r, "campaign_target", &c, &tid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    removed_reply(r, c.id, campaign_target_remove(r->db, &r->a, &me, tid, web_param(r, "reason"), &fe), &fe, "remove target");
}

/* GET/POST /campaigns/{id}/groups/{group}/edit: its number, content and note. */
void campaign_group_edit_page(req *r)
{
    struct campaign c;
    int64_t gid;
    if (!record_of_path(r, "campaign_group", &c, &gid)) return;
    struct campaign_group *g;
    int ng = 0, k = 0;
    if (campaign_groups(r->db, &r->a, c.id, &g, &ng) != STORE_OK) { web_fail(r, "groups"); return; }
    while (k < ng && g[k].id != gid) k++;
    if (k == ng) { web_fail(r, "group"); return; }
    struct field_errors fe = {0};
    bool post = web_is_post(r);
    const char *number = post ? web_param(r, "number") : arena_printf(&r->a, "%d", g[k].number);
    const char *title = post ? web_param(r, "title") : g[k].title, *note = post ? web_param(r, "note") : g[k].note;
    const char *reason = post ? web_param(r, "reason") : NULL;
    if (post) {
        int64_t n = 0;
        if (!parse_int64(number, &n) || n < 1 || n > 99) ferr_add(&fe, "number", "Số thứ tự nhóm nội dung từ 1 đến 99.");
        struct actor me = actor_of_req(r);
        int64_t rc = fe.n ? 0 : campaign_group_update(r->db, &r->a, &me, gid, (int)n, title ? title : "", note ? note : "", reason, &fe);
        if (rc < 0) { web_fail(r, "update group"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/campaigns/%lld?notice=edited#nhom-%lld", (long long)c.id, (long long)n)); return; }
        if (campaign_refused_elsewhere(r, &fe)) return;
    }
    page_begin(r, arena_printf(&r->a, "Sửa nhóm nội dung %d", g[k].number));
    html(r, "<p><a href=\"/campaigns/%D/edit\">← Soạn nội dung: %s</a></p>", c.id, c.code);
    campaign_errors_box(r, &fe);
    html(r, "<p class=\"muted\">Đổi số thứ tự sang một số đang có: hãy đổi số của nhóm kia trước. Chuyển một chỉ tiêu sang nhóm "
            "khác ở trang sửa chỉ tiêu đó.</p>");
    form_begin(r, arena_printf(&r->a, "/campaigns/%lld/groups/%lld/edit", (long long)c.id, (long long)gid), "class=\"narrow\"");
    form_field(r, "number", "number", "Số thứ tự", number, ferr_get(&fe, "number"), "required min=\"1\" max=\"99\"");
    form_field(r, "textarea", "title", "Nội dung", title, ferr_get(&fe, "title"), "required");
    form_field(r, "text", "note", "Ghi chú", note, ferr_get(&fe, "note"), NULL);
    campaign_reason_field(r, &c, reason, &fe);
    form_end(r, "Lưu nhóm");
    page_end(r);
    if (fe.n) r->status = 400;
}

/* GET/POST /campaigns/{id}/groups/{group}/remove: the confirm page lists the targets that go with
 * the group; campaign_group_remove refuses a group with reports behind it (shown here, 400). */
void campaign_group_remove_page(req *r)
{
    struct campaign c;
    int64_t gid;
    if (!record_of_path(r, "campaign_group", &c, &gid)) return;
    struct field_errors fe = {0};
    const char *reason = web_is_post(r) ? web_param(r, "reason") : NULL;
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int64_t rc = campaign_group_remove(r->db, &r->a, &me, gid, reason, &fe);
        if (rc < 0) { web_fail(r, "remove group"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/campaigns/%lld/edit?notice=removed", (long long)c.id)); return; }
        if (campaign_refused_elsewhere(r, &fe)) return;
    }
    struct campaign_group *g;
    struct campaign_target *t;
    int ng = 0, nt = 0, k = 0, going = 0;
    if (campaign_groups(r->db, &r->a, c.id, &g, &ng) != STORE_OK || campaign_targets(r->db, &r->a, c.id, &t, &nt) != STORE_OK) {
        web_fail(r, "groups");
        return;
    }
    while (k < ng && g[k].id != gid) k++;
    if (k == ng) { web_fail(r, "group"); return; }
    page_begin(r, arena_printf(&r->a, "Xoá nhóm nội dung %d", g[k].number));
    html(r, "<p><a href=\"/campaigns/%D/edit\">← Soạn nội dung: %s</a></p>", c.id, c.code);
    campaign_errors_box(r, &fe);
    html(r, "<p>Nhóm (%d) %s</p>", g[k].number, g[k].title);
    for (int i = 0; i < nt; i++) going += t[i].group_id == gid;
    if (going) {
        html(r, "<p>Xoá nhóm cũng xoá %d chỉ tiêu của nhóm (kể cả chỉ tiêu con và phần giao cho từng đơn vị):</p><ul class=\"edit-list\">",
             going);
        for (int i = 0; i < nt; i++)
            if (t[i].group_id == gid) html(r, "<li%R>%s %s</li>", t[i].parent_id ? " class=\"sub\"" : "", t[i].code, t[i].subject); // raw: constant attribute
        html(r, "</ul>");
    } else html(r, "<p>Nhóm chưa có chỉ tiêu nào.</p>");
    html(r, "<p class=\"muted\">Nhóm có báo cáo tiến độ thì không xoá được: báo cáo không bao giờ bị xoá. Việc xoá được ghi vào nhật ký.</p>");
    form_begin(r, arena_printf(&r->a, "/campaigns/%lld/groups/%lld/remove", (long long)c.id, (long long)gid), "class=\"narrow\"");
    campaign_reason_field(r, &c, reason, &fe);
    html(r, "<button type=\"submit\" class=\"danger\">Xoá nhóm %d</button></form>", g[k].number);
    page_end(r);
    if (fe.n) r->status = 400;
}

/* GET/POST /campaigns/{id}/occasions/{occasion}/edit: the event, its date and the year
 * celebrated; the anniversary is computed again from them. */
void campaign_occasion_edit_page(req *r)
{
    struct campaign c;
    int64_t oid;
    if (!record_of_path(r, "campaign_occasion", &c, &oid)) return;
    struct campaign_occasion *o;
    int no = 0, k = 0;
    if (campaign_occasions(r->db, &r->a, c.id, &o, &no) != STORE_OK) { web_fail(r, "occasions"); return; }
    while (k < no && o[k].id != oid) k++;
    if (k == no) { web_fail(r, "occasion"); return; }
    struct field_errors fe = {0};
    bool post = web_is_post(r);
    const char *event = post ? web_param(r, "event") : o[k].event, *date = post ? web_param(r, "event_date") : o[k].event_date;
    const char *year = post ? web_param(r, "year") : arena_printf(&r->a, "%d", o[k].year), *reason = post ? web_param(r, "reason") : NULL;
    if (post) {
        int64_t y = 0;
        if (!str_empty(year) && (!parse_int64(year, &y) || y < 1 || y > 9999)) ferr_add(&fe, "year", "Năm kỷ niệm không hợp lệ.");
        struct actor me = actor_of_req(r);
        int64_t rc = fe.n ? 0 : campaign_occasion_update(r->db, &r->a, &me, oid, event ? event : "", date ? date : "", (int)y, reason, &fe);
        if (rc < 0) { web_fail(r, "update occasion"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/campaigns/%lld?notice=edited", (long long)c.id)); return; }
        if (campaign_refused_elsewhere(r, &fe)) return;
    }
    page_begin(r, "Sửa ngày kỷ niệm");
    html(r, "<p><a href=\"/campaigns/%D/edit\">← Soạn nội dung: %s</a></p><p>Hiện nay: Kỷ niệm %s</p>", c.id, c.code, o[k].label);
    campaign_errors_box(r, &fe);
    form_begin(r, arena_printf(&r->a, "/campaigns/%lld/occasions/%lld/edit", (long long)c.id, (long long)oid), "class=\"narrow\"");
    form_field(r, "text", "event", "Sự kiện (ví dụ: ngày sinh đồng chí …)", event, ferr_get(&fe, "event"), "required");
    form_field(r, "date", "event_date", "Ngày của sự kiện", date, ferr_get(&fe, "event_date"), "required");
    form_field(r, "number", "year", "Năm kỷ niệm (để trống: giữ năm đang có)", year, ferr_get(&fe, "year"), "min=\"1\" max=\"9999\"");
    campaign_reason_field(r, &c, reason, &fe);
    form_end(r, "Lưu ngày kỷ niệm");
    html(r, "<h2>Bỏ ngày kỷ niệm</h2>");
    remove_button(r, &c, arena_printf(&r->a, "/campaigns/%lld/occasions/%lld/remove", (long long)c.id, (long long)oid), "Bỏ ngày kỷ niệm này");
    page_end(r);
    if (fe.n) r->status = 400;
}

void campaign_occasion_remove_page(req *r)
{
    struct campaign c;
    int64_t oid;
    if (!record_of_path(r, "campaign_occasion", &c, &oid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    removed_reply(r, c.id, campaign_occasion_remove(r->db, &r->a, &me, oid, web_param(r, "reason"), &fe), &fe, "remove occasion");
}

/* A participant's reference as a form gives it: a unit code, a block id, a unit kind. */
static int64_t participant_add(req *r, const struct campaign *c, const char *kind, const char *ref, struct field_errors *fe)
{
    struct actor me = actor_of_req(r);
    int64_t id = 0;
    if (str_eq(kind, "unit")) {
        int rc = str_empty(ref) ? 0 : campaign_unit_ref(r, (struct ref){.kind = REF_CODE, .code = ref}, "unit_id", &id, fe);
        if (rc < 0) return STORE_ERR;
        if (!rc) {
            if (!ferr_get(fe, "unit_id")) ferr_add(fe, "unit_id", "Hãy nhập mã đơn vị.");
            return 0;
        }
    } else if (str_eq(kind, "block") && !str_empty(ref) && !parse_int64(ref, &id)) {
        ferr_add(fe, "block_id", "Khối, cụm thi đua: hãy nhập số id của khối.");
        return 0;
    }
    return campaign_participant_add(r->db, &r->a, &me, c->id, kind, str_eq(kind, "unit_kind") ? ref : NULL, id, fe);
}

void campaign_participant_add_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct field_errors fe = {0};
    int64_t rc = participant_add(r, &c, web_param(r, "kind"), web_param(r, "ref"), &fe);
    if (rc < 0) { web_fail(r, "add participant"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/campaigns/%lld/edit?notice=participant#tham-gia", (long long)c.id));
}

void campaign_participant_remove_page(req *r)
{
    struct campaign c;
    int64_t pid;
    if (!record_of_path(r, "campaign_participant", &c, &pid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    removed_reply(r, c.id, campaign_participant_remove(r->db, &r->a, &me, pid, web_param(r, "reason"), &fe), &fe,
                  "remove participant");
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

const struct api_member campaign_target_edit_body[] = {
    {"group", API_INT}, {"code", API_TEXT}, {"phrase", API_TEXT_NULL}, {"subject", API_TEXT}, {"measure_unit", API_TEXT},
    {"comparator", API_TEXT}, {"value_a", API_TEXT_NULL}, {"value_b", API_TEXT_NULL}, {"baseline_value", API_TEXT_NULL},
    {"baseline_period", API_TEXT_NULL}, {"deadline", API_TEXT_NULL}, {"weight", API_INT}, {"accumulates", API_BOOL},
    {"rollup", API_TEXT}, {"units", API_ARRAY}, {"split_unit", API_REF}, {"reason", API_TEXT}, {NULL, 0},
};
const struct api_member campaign_group_edit_body[] = {
    {"number", API_INT}, {"title", API_TEXT}, {"note", API_TEXT_NULL}, {"reason", API_TEXT}, {NULL, 0},
};
const struct api_member campaign_occasion_edit_body[] = {
    {"event", API_TEXT}, {"event_date", API_TEXT}, {"year", API_INT}, {"reason", API_TEXT}, {NULL, 0},
};
const struct api_member campaign_participant_body[] = {
    {"kind", API_TEXT}, {"unit_kind", API_TEXT}, {"block", API_INT}, {"unit", API_REF}, {NULL, 0},
};

/* The reason of a JSON edit: the body's "reason"; a DELETE takes no body, so ?reason=. */
static const char *api_reason(req *r)
{
    return str_eq(r->method, "DELETE") ? web_param(r, "reason") : api_text(r, "reason");
}

/* PATCH (a change: members not sent are kept; null clears) or DELETE /api/campaigns/{id}/targets/{target}. */
void campaign_target_api(req *r)
{
    struct campaign c;
    int64_t tid;
    if (!record_of_path(r, "campaign_target", &c, &tid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    if (str_eq(r->method, "DELETE")) {
        campaign_write_reply(r, c.id, campaign_target_remove(r->db, &r->a, &me, tid, api_reason(r), &fe), &fe, 200);
        return;
    }
    int64_t group = 0, weight = -1, split = 0;
    if (api_has(r, "group") && (!api_int(r, "group", &group) || group < 1 || group > 99))
        ferr_add(&fe, "group", "\"group\": số thứ tự nhóm nội dung, 1–99.");
    if (api_has(r, "weight") && (!api_int(r, "weight", &weight) || weight < 0 || weight > 1000))
        ferr_add(&fe, "weight", "Trọng số là số nguyên từ 0 đến 1000.");
    int64_t *uids = NULL;
    int nu = 0;
    bool set_units = api_has(r, "units");
    if (set_units && campaign_units_of_body(r, &uids, &nu, &fe) < 0) { web_fail(r, "resolve unit"); return; }
    struct ref sref = api_ref(r, "split_unit");
    if (sref.kind != REF_NONE && campaign_unit_ref(r, sref, "split_unit", &split, &fe) < 0) { web_fail(r, "resolve unit"); return; }
    struct campaign_target_input in = {
        .group_ref = group ? arena_printf(&r->a, "%lld", (long long)group) : NULL, .code = api_text(r, "code"),
        .phrase = api_text(r, "phrase"), .subject = api_text(r, "subject"), .measure_unit = api_text(r, "measure_unit"),
        .comparator = api_text(r, "comparator"), .value_a = api_text(r, "value_a"), .value_b = api_text(r, "value_b"),
        .baseline_value = api_text(r, "baseline_value"), .baseline_period = api_text(r, "baseline_period"),
        .deadline = api_text(r, "deadline"), .weight = (int)weight, .accumulates = api_bool(r, "accumulates"),
        .rollup = api_text(r, "rollup"), .unit_ids = uids, .n_units = nu, .split_unit_id = split,
    };
    int64_t rc = fe.n ? 0 : campaign_target_update(r->db, &r->a, &me, tid, &in, set_units, api_reason(r), &fe);
    campaign_write_reply(r, c.id, rc, &fe, 200);
}

/* PATCH /api/campaigns/{id}/groups/{group}: number, title, note (null clears); DELETE removes it
 * (?reason= after the close). */
void campaign_group_api(req *r)
{
    struct campaign c;
    int64_t gid, number = 0;
    if (!record_of_path(r, "campaign_group", &c, &gid)) return;
    struct field_errors fe = {0};
    if (api_has(r, "number") && (!api_int(r, "number", &number) || number < 1 || number > 99))
        ferr_add(&fe, "number", "\"number\": số thứ tự nhóm, 1–99.");
    struct actor me = actor_of_req(r);
    int64_t rc = str_eq(r->method, "DELETE") ? campaign_group_remove(r->db, &r->a, &me, gid, api_reason(r), &fe)
                 : fe.n                        ? 0
                                               : campaign_group_update(r->db, &r->a, &me, gid, (int)number, api_text(r, "title"),
                                                                       api_text(r, "note"), api_reason(r), &fe);
    campaign_write_reply(r, c.id, rc, &fe, 200);
}

/* PATCH /api/campaigns/{id}: the printed report's "Nơi nhận" and number (null or "": back to the
 * standard list / unnumbered; absent: kept). */
const struct api_member campaign_print_body[] = {
    {"report_recipients", API_TEXT_NULL}, {"report_number", API_TEXT_NULL}, {"reason", API_TEXT}, {NULL, 0},
};

void campaign_print_api(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct field_errors fe = {0};
    if (!api_has(r, "report_recipients") && !api_has(r, "report_number"))
        ferr_add(&fe, "report_recipients", "Hãy gửi \"report_recipients\" hoặc \"report_number\".");
    /* api_text: NULL when absent (kept), "" for a JSON null (back to the default) */
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : campaign_report_print_set(r->db, &r->a, &me, c.id, api_text(r, "report_recipients"),
                                                      api_text(r, "report_number"), api_reason(r), &fe);
    campaign_write_reply(r, c.id, rc, &fe, 200);
}

/* PATCH or DELETE /api/campaigns/{id}/occasions/{occasion}. */
void campaign_occasion_api(req *r)
{
    struct campaign c;
    int64_t oid, year = 0;
    if (!record_of_path(r, "campaign_occasion", &c, &oid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc;
    if (str_eq(r->method, "DELETE")) rc = campaign_occasion_remove(r->db, &r->a, &me, oid, api_reason(r), &fe);
    else {
        if (api_has(r, "year") && (!api_int(r, "year", &year) || year < 1 || year > 9999)) ferr_add(&fe, "year", "Năm kỷ niệm không hợp lệ.");
        rc = fe.n ? 0 : campaign_occasion_update(r->db, &r->a, &me, oid, api_text(r, "event"), api_text(r, "event_date"), (int)year,
                                                 api_reason(r), &fe);
    }
    campaign_write_reply(r, c.id, rc, &fe, 200);
}

/* POST /api/campaigns/{id}/participants {kind: unit|block|unit_kind, unit | block | unit_kind}. */
void campaign_participants_api(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct field_errors fe = {0};
    const char *kind = api_text(r, "kind");
    int64_t ref_id = 0;
    if (str_eq(kind, "unit")) {
        struct ref ref = api_ref(r, "unit");
        if (ref.kind == REF_NONE) ferr_add(&fe, "unit", "Hãy gửi \"unit\": số id hoặc mã đơn vị.");
        else if (campaign_unit_ref(r, ref, "unit", &ref_id, &fe) < 0) { web_fail(r, "resolve unit"); return; }
    } else if (str_eq(kind, "block") && !api_int(r, "block", &ref_id)) ferr_add(&fe, "block", "Hãy gửi \"block\": số id của khối.");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : campaign_participant_add(r->db, &r->a, &me, c.id, kind ? kind : "", api_text(r, "unit_kind"), ref_id, &fe);
    campaign_write_reply(r, c.id, rc, &fe, 201);
}

/* DELETE /api/campaigns/{id}/participants/{participant}: refused while a unit it brings in has reports. */
void campaign_participant_api(req *r)
{
    struct campaign c;
    int64_t pid;
    if (!record_of_path(r, "campaign_participant", &c, &pid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    campaign_write_reply(r, c.id, campaign_participant_remove(r->db, &r->a, &me, pid, api_reason(r), &fe), &fe, 200);
}
