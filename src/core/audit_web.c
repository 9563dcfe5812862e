/* audit_web.c: the audit log's web face: the administrators' pages /audit, /audit/{id} and
 * /audit/verify with their JSON twins /api/audit and /api/audit/verify (routes in
 * core_routes.c), showing vaulted personal values only to those who may see them (pii.h); and
 * audit_req/audit_import_req, which record a write as the request's signed-in user. */
#include "api.h"
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_pages.h"
#include "html.h"
#include "pii.h"

/* ---- writing as the request's user ---- */

int64_t audit_req(req *r, const char *action, const char *entity, int64_t entity_id,
                  json_t *before, json_t *after)
{
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)entity_id);
    return audit_write(r->db, r->user.id, r->user.login, action, entity, entity_id ? idtxt : NULL,
                       before, after);
}

int64_t audit_import_req(req *r, const char *entity, const char *file_name, const char *file_sha256,
                         struct audit_counts counts)
{
    return audit_import(r->db, r->user.id, r->user.login, entity, file_name, file_sha256, counts);
}

/* ---- web: filters shared by the page and the API ---- */

struct web_filter {
    struct audit_filter f;
    const char *from, *to, *before, *after;   /* as typed */
    struct field_errors errors;
};

static const char *param_or_null(req *r, const char *name)
{
    const char *v = web_param(r, name);
    return str_empty(v) ? NULL : v;
}

static void read_filter(req *r, struct web_filter *w, int default_limit, int max_limit)
{
    memset(w, 0, sizeof *w);
    w->f.entity = param_or_null(r, "entity");
    w->f.action = param_or_null(r, "action");
    w->f.user = param_or_null(r, "user");
    w->f.entity_id = param_or_null(r, "entity_id");
    w->from = param_or_null(r, "from");
    w->to = param_or_null(r, "to");
    w->before = param_or_null(r, "before");
    w->after = param_or_null(r, "after");
    w->f.limit = default_limit;
    char bound[21];
    if (w->from) {
        if (audit_day_bound(w->from, false, bound)) w->f.from_at = arena_strdup(&r->a, bound);
        else ferr_add(&w->errors, "from", "Ngày không hợp lệ: hãy nhập dd/mm/yyyy.");
    }
    if (w->to) {
        if (audit_day_bound(w->to, true, bound)) w->f.to_at = arena_strdup(&r->a, bound);
        else ferr_add(&w->errors, "to", "Ngày không hợp lệ: hãy nhập dd/mm/yyyy.");
    }
    if (w->f.from_at && w->f.to_at && strcmp(w->f.from_at, w->f.to_at) >= 0)
        ferr_add(&w->errors, "to", "Ngày kết thúc phải không sớm hơn ngày bắt đầu.");
    if (w->before && (!parse_int64(w->before, &w->f.before_id) || w->f.before_id <= 0))
        ferr_add(&w->errors, "before", "Phải là một số dương.");
    if (w->after && (!parse_int64(w->after, &w->f.after_id) || w->f.after_id <= 0))
        ferr_add(&w->errors, "after", "Phải là một số dương.");
    const char *limit = param_or_null(r, "limit");
    int64_t l = 0;
    if (limit) {
        if (!parse_int64(limit, &l) || l < 1 || l > max_limit)
            ferr_add(&w->errors, "limit", arena_printf(&r->a, "Phải là số từ 1 đến %d.", max_limit));
        else w->f.limit = (int)l;
    }
    const char *const texts[][2] = {{"entity", w->f.entity}, {"action", w->f.action}, {"user", w->f.user},
                                    {"entity_id", w->f.entity_id}};
    for (size_t i = 0; i < countof(texts); i++)
        if (texts[i][1] && strlen(texts[i][1]) > 200) ferr_add(&w->errors, texts[i][0], "Quá dài (tối đa 200 ký tự).");
}

/* The filter as a query string prefix ("entity=…&user=…&"), for paging links. */
static const char *filter_query(req *r, const struct web_filter *w)
{
    buf b = {0};
    const char *const pairs[][2] = {{"entity", w->f.entity}, {"action", w->f.action}, {"user", w->f.user},
                                    {"entity_id", w->f.entity_id}, {"from", w->from}, {"to", w->to}};
    for (size_t i = 0; i < countof(pairs); i++) {
        if (!pairs[i][1]) continue;
        html_buf(&b, "%s=%u&amp;", pairs[i][0], pairs[i][1]);
    }
    const char *q = arena_strdup(&r->a, buf_str(&b));
    buf_free(&b);
    return q;
}

/* ---- web: showing values ---- */

struct vault_entry { const char *field, *value_json, *erased_at; bool found; };

static struct vault_entry vault_get(req *r, const char *ref)
{
    struct vault_entry e = {0};
    stmt *q = store_query(r->db, "SELECT field, value, erased_at FROM pii_vault WHERE ref=$1", "t", ref);
    if (q && stmt_step(q) == STORE_ROW) {
        e.found = true;
        e.field = stmt_text_dup(q, 0, &r->a);
        e.value_json = stmt_text_dup(q, 1, &r->a);
        e.erased_at = stmt_text_dup(q, 2, &r->a);
    }
    stmt_finalize(q);
    return e;
}

/* The text of a vaulted value: JSON strings as they are, anything else as compact JSON. */
static const char *vault_value_text(req *r, const char *value_json)
{
    json_t *j = json_loads(value_json, JSON_DECODE_ANY, NULL);
    if (!j) return value_json;
    const char *t;
    if (json_is_string(j)) t = arena_strdup(&r->a, json_string_value(j));
    else {
        char *d = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        t = arena_strdup(&r->a, d ? d : "");
        free(d);
    }
    json_decref(j);
    return t;
}

/* A vaulted value as this request may see it: clear with pii.read, masked otherwise (hidden
 * entirely when the field has no masking rule), or a note that it was erased. */
static const char *pii_display(req *r, const char *ref)
{
    struct vault_entry e = vault_get(r, ref);
    if (!e.found) return "[dữ liệu cá nhân: không tìm thấy]";
    if (!e.value_json) return arena_printf(&r->a, "[đã xoá theo yêu cầu, %s]", iso_local_time(&r->a, e.erased_at, true));
    const char *text = vault_value_text(r, e.value_json);
    if (privacy_can_see(r)) return text;
    enum pii_kind kind = privacy_field_kind(e.field);
    if (kind == PII_NONE) return "[dữ liệu cá nhân]";
    return privacy_mask(&r->a, kind, text);
}

/* A value for the diff: strings as is, markers resolved, the rest as compact JSON. */
static json_t *display_copy(req *r, json_t *v)
{
    if (audit_is_marker(v, "$pii") && json_is_string(json_object_get(v, "$pii")))
        return json_string(pii_display(r, json_string_value(json_object_get(v, "$pii"))));
    if (audit_is_marker(v, "$secret")) return json_string("[bí mật, không ghi]");
    if (json_is_object(v)) {
        json_t *o = json_object();
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) json_object_set_new(o, k, display_copy(r, x));
        return o;
    }
    if (json_is_array(v)) {
        json_t *arr = json_array();
        for (size_t i = 0; i < json_array_size(v); i++) json_array_append_new(arr, display_copy(r, json_array_get(v, i)));
        return arr;
    }
    return json_incref(v);
}

static const char *value_text(req *r, json_t *v)
{
    if (!v || json_is_null(v)) return "—";
    json_t *d = display_copy(r, v);
    const char *t;
    if (json_is_string(d)) t = arena_strdup(&r->a, json_string_value(d));
    else {
        char *s = json_dumps(d, JSON_COMPACT | JSON_ENCODE_ANY);
        t = arena_strdup(&r->a, s ? s : "");
        free(s);
    }
    json_decref(d);
    return t;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* before → after as a list of changed fields: added, removed, changed (old struck out, new
 * marked), unchanged ones only counted. Non-object values are shown whole. */
static void render_diff(req *r, const char *before_json, const char *after_json)
{
    json_t *b = before_json ? json_loads(before_json, JSON_DECODE_ANY, NULL) : NULL;
    json_t *a = after_json ? json_loads(after_json, JSON_DECODE_ANY, NULL) : NULL;
    if ((b && !json_is_object(b)) || (a && !json_is_object(a))) {
        if (b) html(r, "<p>Trước: <code>%s</code></p>", value_text(r, b));
        if (a) html(r, "<p>Sau: <code>%s</code></p>", value_text(r, a));
        json_decref(b);
        json_decref(a);
        return;
    }
    if (!b && !a) {
        html(r, "<span class=\"muted\">—</span>");
        return;
    }
    size_t cap = json_object_size(b) + json_object_size(a), n = 0;
    const char **keys = arena_alloc(&r->a, sizeof *keys * (cap + 1));
    const char *k;
    json_t *v;
    json_object_foreach(b, k, v) keys[n++] = k;
    json_object_foreach(a, k, v) if (!json_object_get(b, k)) keys[n++] = k;
    qsort(keys, n, sizeof *keys, cmp_str);
    int same = 0;
    html(r, "<ul class=\"diff\">");
    for (size_t i = 0; i < n; i++) {
        json_t *old = b ? json_object_get(b, keys[i]) : NULL, *new = a ? json_object_get(a, keys[i]) : NULL;
        if (old && new && json_equal(old, new)) {
            /* A create or a delete shows its whole record; an update only what changed. */
            if (b && a) { same++; continue; }
        }
        if (!b) html(r, "<li><code>%s</code>: %s</li>", keys[i], value_text(r, new));
        else if (!a) html(r, "<li><code>%s</code>: <del>%s</del></li>", keys[i], value_text(r, old));
        else if (!old) html(r, "<li><code>%s</code>: <ins>%s</ins> <span class=\"tag\">thêm</span></li>",
                            keys[i], value_text(r, new));
        else if (!new) html(r, "<li><code>%s</code>: <del>%s</del> <span class=\"tag\">bỏ</span></li>",
                            keys[i], value_text(r, old));
        else html(r, "<li><code>%s</code>: <del>%s</del> → <ins>%s</ins></li>", keys[i], value_text(r, old),
                  value_text(r, new));
    }
    html(r, "</ul>");
    if (same) html(r, "<p class=\"muted\">%d trường không đổi.</p>", same);
    json_decref(b);
    json_decref(a);
}

/* Every field of before and after side by side (personal values resolved or masked). */
static void render_fields(req *r, const char *before_json, const char *after_json)
{
    json_t *b = before_json ? json_loads(before_json, JSON_DECODE_ANY, NULL) : NULL;
    json_t *a = after_json ? json_loads(after_json, JSON_DECODE_ANY, NULL) : NULL;
    if ((b && !json_is_object(b)) || (a && !json_is_object(a)) || (!a && !b)) {
        json_decref(b);
        json_decref(a);
        return;
    }
    size_t n = 0;
    const char **keys = arena_alloc(&r->a, sizeof *keys * (json_object_size(b) + json_object_size(a) + 1));
    const char *k;
    json_t *v;
    json_object_foreach(b, k, v) keys[n++] = k;
    json_object_foreach(a, k, v) if (!json_object_get(b, k)) keys[n++] = k;
    qsort(keys, n, sizeof *keys, cmp_str);
    html(r, "<h2>Mọi trường</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Trường</th><th scope=\"col\">Trước</th>"
            "<th scope=\"col\">Sau</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        html(r, "<tr><th scope=\"row\"><code>%s</code></th><td>%s</td><td>%s</td></tr>", keys[i],
             b ? value_text(r, json_object_get(b, keys[i])) : "", a ? value_text(r, json_object_get(a, keys[i])) : "");
    html(r, "</tbody></table></div>");
    json_decref(b);
    json_decref(a);
}

/* ---- web: pages ---- */

static const char *action_label(const char *action)
{
    static const char *const labels[][2] = {
        {"create", "Tạo mới"}, {"update", "Sửa"}, {"delete", "Xoá"}, {"import", "Nhập tệp"},
        {"login", "Đăng nhập"}, {"logout", "Đăng xuất"}, {"erase", "Xoá dữ liệu cá nhân"},
        {"purge", "Hết hạn lưu trữ"},
    };
    for (size_t i = 0; i < countof(labels); i++)
        if (str_eq(action, labels[i][0])) return labels[i][1];
    return action;
}

static void filter_form(req *r, const struct web_filter *w)
{
    html(r, "<form method=\"get\" action=\"/audit\" class=\"filters\" aria-label=\"Lọc nhật ký\">"
            "<fieldset><legend>Lọc</legend><div class=\"search\">");
    /* Entities come from the log itself (an index makes this cheap). */
    stmt *q = store_query(r->db, "SELECT DISTINCT entity FROM audit_log ORDER BY entity", "");
    const char **opts = arena_alloc(&r->a, sizeof *opts * 2 * 66);
    int n = 0;
    opts[n++] = "";
    opts[n++] = "Tất cả";
    while (q && n < 2 * 65 && stmt_step(q) == STORE_ROW) {
        opts[n] = stmt_text_dup(q, 0, &r->a);
        opts[n + 1] = opts[n];
        n += 2;
    }
    stmt_finalize(q);
    opts[n] = NULL;
    form_select(r, "entity", "Đối tượng", opts, w->f.entity ? w->f.entity : "", ferr_get(&w->errors, "entity"));
    form_field(r, "text", "entity_id", "Mã đối tượng", w->f.entity_id, ferr_get(&w->errors, "entity_id"),
               "inputmode=\"numeric\" maxlength=\"200\"");
    form_field(r, "text", "action", "Thao tác", w->f.action, ferr_get(&w->errors, "action"),
               "maxlength=\"200\" placeholder=\"create, update, import, login…\"");
    form_field(r, "text", "user", "Người thực hiện", w->f.user, ferr_get(&w->errors, "user"),
               "maxlength=\"200\" autocomplete=\"off\" placeholder=\"tên đăng nhập\"");
    form_field(r, "date", "from", "Từ ngày", w->from, ferr_get(&w->errors, "from"), NULL);
    form_field(r, "date", "to", "Đến ngày", w->to, ferr_get(&w->errors, "to"), NULL);
    html(r, "</div><p class=\"actions\"><button type=\"submit\">Lọc</button> <a href=\"/audit\">Bỏ lọc</a></p>"
            "</fieldset></form>");
}

void audit_page(req *r)
{
    struct web_filter w;
    read_filter(r, &w, 50, 50);
    page_begin(r, "Nhật ký kiểm toán");
    html(r, "<p>Mọi thay đổi dữ liệu, ai làm, lúc nào, trước và sau. Mỗi dòng mang mã băm của dòng trước "
            "nên không thể sửa, chèn hay xoá dòng nào mà không bị phát hiện. "
            "<a href=\"/audit/verify\">Kiểm tra chuỗi băm</a>.</p>");
    if (!privacy_can_see(r))
        html(r, "<p class=\"muted\">Dữ liệu cá nhân được che vì tài khoản của bạn không có quyền xem.</p>");
    filter_form(r, &w);
    if (w.errors.n) {
        r->status = 400;
        page_notice(r, "error", "Bộ lọc có lỗi; hãy sửa các ô được đánh dấu.");
        page_end(r);
        return;
    }
    struct audit_row *rows = NULL;
    int n = audit_list(r->db, &w.f, &r->a, &rows);
    if (n < 0) { web_fail(r, "audit list"); return; }
    if (w.f.after_id > 0) {   /* fetched oldest first to page forward: show newest first */
        for (int i = 0; i < n / 2; i++) {
            struct audit_row t = rows[i];
            rows[i] = rows[n - 1 - i];
            rows[n - 1 - i] = t;
        }
    }
    if (n == 0) {
        page_notice(r, "info", "Không có dòng nhật ký nào khớp bộ lọc.");
    } else {
        html(r, "<div class=\"table-wrap\"><table><caption class=\"muted\">Giờ Việt Nam (UTC+7), mới nhất trước"
                "</caption><thead><tr><th scope=\"col\">Số</th><th scope=\"col\">Thời điểm</th>"
                "<th scope=\"col\">Người thực hiện</th><th scope=\"col\">Thao tác</th><th scope=\"col\">Đối tượng</th>"
                "<th scope=\"col\">Thay đổi</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            const struct audit_row *row = &rows[i];
            html(r, "<tr><td class=\"num\"><a href=\"/audit/%D\">%D</a></td><td>%s</td><td>%s</td><td>%s</td>"
                    "<td>%s%s%s</td><td>", row->id, row->id, iso_local_time(&r->a, row->at, true),
                 row->user_login ? row->user_login : "hệ thống", action_label(row->action), row->entity,
                 row->entity_id ? " #" : "", row->entity_id);
            render_diff(r, row->before_json, row->after_json);
            html(r, "</td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    const char *fq = filter_query(r, &w);
    html(r, "<nav class=\"pager\" aria-label=\"Trang\">");
    if (n > 0 && (w.f.before_id > 0 || w.f.after_id > 0))
        html(r, "<a href=\"/audit?%Rafter=%D\">← Mới hơn</a>", fq, rows[0].id); // raw: fq is built by filter_query with %u
    if (w.f.before_id > 0 || w.f.after_id > 0) html(r, "<a href=\"/audit?%R\">Mới nhất</a>", fq); // raw: as above
    if (n == w.f.limit)
        html(r, "<a href=\"/audit?%Rbefore=%D\">Cũ hơn →</a>", fq, rows[n - 1].id); // raw: as above
    html(r, "</nav>");
    page_end(r);
}

void audit_entry_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    if (id == INT64_MAX) { web_error(r, 404, "Không có dòng nhật ký này."); return; }
    struct audit_filter f = {.before_id = id + 1, .after_id = id - 1, .limit = 1};
    struct audit_row *rows = NULL;
    int n = audit_list(r->db, &f, &r->a, &rows);
    if (n < 0) { web_fail(r, "audit entry"); return; }
    if (n == 0) { web_error(r, 404, "Không có dòng nhật ký này."); return; }
    const struct audit_row *row = &rows[0];
    page_begin(r, arena_printf(&r->a, "Nhật ký: dòng %lld", (long long)id));
    html(r, "<p><a href=\"/audit\">← Nhật ký</a></p><dl class=\"facts\">"
            "<dt>Thời điểm</dt><dd>%s (giờ Việt Nam); %s UTC</dd>"
            "<dt>Người thực hiện</dt><dd>%s</dd><dt>Thao tác</dt><dd>%s (<code>%s</code>)</dd>"
            "<dt>Đối tượng</dt><dd>%s%s%s</dd></dl>", iso_local_time(&r->a, row->at, true), row->at,
         row->user_login ? row->user_login : "hệ thống", action_label(row->action), row->action, row->entity,
         row->entity_id ? " #" : "", row->entity_id);
    if (row->entity_id)
        html(r, "<p><a href=\"/audit?entity=%u&amp;entity_id=%u\">Mọi thay đổi của đối tượng này</a></p>",
             row->entity, row->entity_id);
    html(r, "<h2>Thay đổi</h2>");
    render_diff(r, row->before_json, row->after_json);
    render_fields(r, row->before_json, row->after_json);
    html(r, "<h2>Bản ghi gốc</h2><p class=\"muted\">Đúng như đã băm: dữ liệu cá nhân chỉ là mã tham chiếu "
            "<code>$pii</code> tới kho dữ liệu cá nhân, bí mật không được ghi.</p>"
            "<dl class=\"facts\"><dt>Trước</dt><dd class=\"table-wrap\"><pre>%s</pre></dd><dt>Sau</dt>"
            "<dd class=\"table-wrap\"><pre>%s</pre></dd>"
            "<dt>Mã băm dòng trước</dt><dd><code>%s</code></dd><dt>Mã băm</dt><dd><code>%s</code></dd></dl>",
         row->before_json ? row->before_json : "—", row->after_json ? row->after_json : "—", row->prev_hash,
         row->hash);
    page_end(r);
}

/* Adds to `pii` every vault reference found in v: {field, value | masked | erased_at | missing}. */
static void collect_refs(req *r, json_t *v, json_t *pii, bool clear)
{
    if (audit_is_marker(v, "$pii") && json_is_string(json_object_get(v, "$pii"))) {
        const char *ref = json_string_value(json_object_get(v, "$pii"));
        if (json_object_get(pii, ref)) return;
        struct vault_entry e = vault_get(r, ref);
        json_t *d = json_pack("{s:s?}", "field", e.field);
        if (!e.found) json_object_set_new(d, "missing", json_true());
        else if (!e.value_json) json_object_set_new(d, "erased_at", json_string(e.erased_at));
        else if (clear) json_object_set_new(d, "value", audit_json_parse(e.value_json));
        else json_object_set_new(d, "masked", json_string(pii_display(r, ref)));
        json_object_set_new(pii, ref, d);
        return;
    }
    const char *k;
    json_t *x;
    if (json_is_object(v)) json_object_foreach(v, k, x) collect_refs(r, x, pii, clear);
    else if (json_is_array(v))
        for (size_t i = 0; i < json_array_size(v); i++) collect_refs(r, json_array_get(v, i), pii, clear);
}

void audit_api(req *r)
{
    struct web_filter w;
    read_filter(r, &w, 50, 500);
    if (w.errors.n) { web_json_fields(r, "Bộ lọc không hợp lệ.", ferr_json(&w.errors)); return; }
    struct audit_row *rows = NULL;
    int n = audit_list(r->db, &w.f, &r->a, &rows);
    if (n < 0) { web_fail(r, "audit api"); return; }
    json_t *items = json_array(), *pii = json_object();
    bool clear = privacy_can_see(r);
    for (int i = 0; i < n; i++) {
        int at = w.f.after_id > 0 ? n - 1 - i : i;   /* newest first, whichever way it was fetched */
        json_t *item = audit_row_json(&rows[at]);
        /* The personal values this page refers to, clear or masked as the role allows; the
         * records themselves stay as hashed, so a client can recompute the chain. */
        collect_refs(r, json_object_get(item, "before"), pii, clear);
        collect_refs(r, json_object_get(item, "after"), pii, clear);
        json_array_append_new(items, item);
    }
    /* The one list envelope (api.h), paged by position: no offset, no total (the log is long and
     * grows), `next_before` for the next page. */
    struct api_page page = {w.f.limit, 0};
    json_t *body = api_list(items, -1, &page);
    json_object_del(body, "offset");
    json_object_set_new(body, "pii", pii);
    int64_t oldest = n ? (w.f.after_id > 0 ? rows[0].id : rows[n - 1].id) : 0;
    json_object_set_new(body, "next_before", n == w.f.limit && oldest > 1 ? json_integer(oldest) : json_null());
    web_json(r, 200, body);
}

static json_t *report_json(arena *a, const struct audit_report *rep)
{
    json_t *problems = json_array();
    for (int i = 0; i < rep->n; i++) {
        const struct audit_problem *p = &rep->problems[i];
        json_array_append_new(problems, json_pack("{s:s, s:I, s:I, s:I, s:s}", "kind",
                                                  audit_problem_kind_name(p->kind), "id", (json_int_t)p->id,
                                                  "to", (json_int_t)p->to, "other", (json_int_t)p->other,
                                                  "message", audit_problem_text(a, p, true)));
    }
    char *head = arena_printf(a, "%lld:%s", (long long)rep->head_id, rep->head_hash);
    return json_pack("{s:b, s:I, s:s, s:b, s:o, s:I}", "ok", rep->n == 0 && rep->more == 0, "rows",
                     (json_int_t)rep->rows, "head", head, "anchor_checked", rep->anchor_checked,
                     "problems", problems, "more", (json_int_t)rep->more);
}

void audit_verify_api(req *r)
{
    const char *anchor = param_or_null(r, "anchor");
    struct audit_report *rep = arena_alloc(&r->a, sizeof *rep);
    int rc = audit_verify(r->db, anchor, rep);
    if (rc == -2) {
        web_json_fields(r, "Mốc không hợp lệ.", json_pack("{s:s}", "anchor", "Mốc có dạng SỐ:MÃBĂM (64 chữ số hex)."));
        return;
    }
    if (rc < 0) { web_fail(r, "audit verify"); return; }
    web_json(r, 200, report_json(&r->a, rep));
}

void audit_verify_page(req *r)
{
    const char *anchor = param_or_null(r, "anchor");
    struct audit_report *rep = arena_alloc(&r->a, sizeof *rep);
    int rc = audit_verify(r->db, anchor, rep);
    if (rc < 0 && rc != -2) { web_fail(r, "audit verify"); return; }
    page_begin(r, "Kiểm tra chuỗi nhật ký");
    html(r, "<p><a href=\"/audit\">← Nhật ký</a></p>");
    if (rc == -2) {
        r->status = 400;
        page_notice(r, "error", "Mốc không hợp lệ: mốc có dạng SỐ:MÃBĂM, ví dụ 1234:9f86d0…(64 chữ số hex).");
    } else if (rep->n == 0) {
        page_notice(r, "ok", arena_printf(&r->a, "Chuỗi nhật ký nguyên vẹn: %lld dòng, không dòng nào bị sửa, "
                                                 "chèn hay xoá%s.", (long long)rep->rows,
                                          rep->anchor_checked ? ", và khớp với mốc đã lưu" : ""));
    } else {
        page_notice(r, "error", arena_printf(&r->a, "Phát hiện %lld vấn đề trong %lld dòng nhật ký.",
                                             (long long)(rep->n + rep->more), (long long)rep->rows));
        html(r, "<ul>");
        for (int i = 0; i < rep->n; i++) {
            const struct audit_problem *p = &rep->problems[i];
            if (p->id > 0 && p->kind != AUDIT_DELETED && p->kind != AUDIT_TRUNCATED)
                html(r, "<li><a href=\"/audit/%D\">%s</a></li>", p->id, audit_problem_text(&r->a, p, true));
            else html(r, "<li>%s</li>", audit_problem_text(&r->a, p, true));
        }
        if (rep->more) html(r, "<li>… và %D vấn đề nữa.</li>", rep->more);
        html(r, "</ul>");
    }
    if (rc == 0 && rep->n == 0)
        html(r, "<h2>Mốc hiện tại</h2><p>Hãy lưu mốc này ở ngoài cơ sở dữ liệu (cùng bản sao lưu, trong biên bản): "
                "với nó, việc sửa rồi tính lại toàn bộ mã băm, hay cắt bỏ phần cuối nhật ký, đều bị phát hiện.</p>"
                "<p><code>%D:%s</code></p>", rep->head_id, rep->head_hash);
    else if (rc == 0)
        html(r, "<h2>Đầu chuỗi hiện tại</h2><p>Chuỗi có vấn đề: đừng dùng giá trị này làm mốc.</p>"
                "<p><code>%D:%s</code></p>", rep->head_id, rep->head_hash);
    html(r, "<form method=\"get\" action=\"/audit/verify\" aria-label=\"Kiểm tra với mốc\">");
    form_field(r, "text", "anchor", "Kiểm tra với mốc đã lưu (SỐ:MÃBĂM)", anchor,
               rc == -2 ? "Mốc có dạng SỐ:MÃBĂM (64 chữ số hex)." : NULL,
               "maxlength=\"90\" autocomplete=\"off\" spellcheck=\"false\"");
    html(r, "<p class=\"actions\"><button type=\"submit\">Kiểm tra</button></p></form>");
    page_end(r);
}
