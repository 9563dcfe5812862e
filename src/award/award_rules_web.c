/* award_rules_web.c: the rule base's web face: /award-rules (the forms in force on a date, the
 * money calculator that shows which rows it used, and every table of rules with its citations),
 * /award-rules/new (an administrator adds the rows of a new decree), and the JSON API
 * (/api/award-rules, /api/award-rules/in-force, /api/award-money). Validation and writes are
 * award_rules.c's; routes in award_rules_routes.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "award_rules.h"
#include "award_rules_internal.h"
#include "award_rules_pages.h"
#include "html.h"
#include "vn_calendar.h"

/* ?date= (any form award_date_parse reads) or today; NULL on success, else a message. */
static const char *date_param(req *r, const char *name, char out[11])
{
    const char *s = web_param(r, name);
    if (str_empty(s)) { iso_date_today(out); return NULL; }
    if (!vn_day_iso(s, out)) return arena_printf(&r->a, "Ngày \"%s\" không hợp lệ (dd/mm/yyyy).", s);
    return NULL;
}

static const char *yes_no(bool b) { return b ? "Có" : "Không"; }

static void kind_tabs(req *r, int current)
{
    html(r, "<nav class=\"tabs\" aria-label=\"Loại quy định\"><a href=\"/award-rules\"%s>Tổng quan</a>",
         current < 0 ? " aria-current=\"page\"" : "");
    for (int k = 0; k < AWARD_RULE__COUNT; k++)
        html(r, "<a href=\"/award-rules?kind=%u\"%s>%s</a>", award_rule_kind_name(k),
             k == current ? " aria-current=\"page\"" : "", award_rule_kind_label(k));
    html(r, "</nav>");
}

static void forms_table(req *r, const struct award_form *f, int n)
{
    html(r, "<div class=\"table-wrap\"><table class=\"award-forms\"><thead><tr><th>Mã</th><th>Danh hiệu, hình thức</th>"
            "<th>Cấp</th><th>Đối tượng</th><th>Thẩm quyền</th><th>Hội đồng bỏ phiếu</th><th>Căn cứ</th><th>Hiệu lực</th>"
            "</tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        html(r, "<tr><td><code>%s</code></td><td>%s</td><td>%s</td><td>", f[i].code, f[i].name, f[i].level);
        for (int k = 0; award_subject_kinds[k]; k++)
            if (award_form_for_kind(&f[i], award_subject_kinds[k]))
                html(r, "<span class=\"tag\">%s</span> ", award_kind_label(award_subject_kinds[k]));
        html(r, "</td><td>%s</td><td>%s</td><td>%s", f[i].decided_by, yes_no(f[i].council_vote), f[i].citation);
        if (f[i].note) html(r, "<br><small>%s</small>", f[i].note);
        html(r, "</td><td>%T – %T</td></tr>", f[i].valid_from, f[i].valid_to ? f[i].valid_to : "");
    }
    html(r, "</tbody></table></div>");
}

static void overview(req *r)
{
    arena *a = &r->a;
    char date[11];
    const char *bad = date_param(r, "date", date);
    if (bad) { r->status = 400; page_notice(r, "error", bad); iso_date_today(date); }
    html(r, "<form method=\"get\" action=\"/award-rules\" class=\"search\"><label>Quy định có hiệu lực ngày "
            "<input name=\"date\" value=\"%s\" placeholder=\"dd/mm/yyyy\" inputmode=\"numeric\"></label>"
            "<button type=\"submit\">Xem</button></form>", award_vn_day(a, date));
    struct award_form *forms;
    int n;
    if (award_forms_at(r->db, a, date, &forms, &n) < 0) { web_fail(r, "award forms"); return; }
    html(r, "<h2>Danh hiệu và hình thức khen thưởng ngày %T</h2>", date);
    if (!n) page_notice(r, "info", "Không có danh hiệu, hình thức nào có hiệu lực ngày này.");
    else forms_table(r, forms, n);

    int64_t salary, salary_id;
    int rc = award_base_salary_at(r->db, date, &salary, &salary_id);
    if (rc < 0) { web_fail(r, "base salary"); return; }
    if (rc) html(r, "<p>Mức lương cơ sở: <strong>%M đồng</strong>.</p>", salary);
    struct award_ballot_rule b;
    if ((rc = award_ballot_rule_at(r->db, a, date, &b)) < 0) { web_fail(r, "ballot rule"); return; }
    if (rc)
        html(r, "<p>Hội đồng bỏ phiếu kín: cần %s%% thành viên có mặt; đạt khi từ %s%% %s đồng ý (%s).</p>",
             award_milli_text(a, b.quorum_bp * 10), award_milli_text(a, b.pass_bp * 10),
             str_eq(b.pass_base, "members") ? "tổng số thành viên" : "số thành viên có mặt", b.citation);

    /* The calculator: coefficient × base salary on the decision date, with the rows used. */
    html(r, "<h2>Tính tiền thưởng</h2><form method=\"get\" action=\"/award-rules\" class=\"search award-calc\">"
            "<label>Mã hình thức <input name=\"form\" value=\"%s\" required></label><label>Đối tượng <select name=\"subject\">",
         web_param(r, "form"));
    for (int k = 0; award_subject_kinds[k]; k++)
        html(r, "<option value=\"%s\"%s>%s</option>", award_subject_kinds[k],
             str_eq(web_param(r, "subject"), award_subject_kinds[k]) ? " selected" : "", award_kind_label(award_subject_kinds[k]));
    html(r, "</select></label><label>Ngày quyết định <input name=\"on\" value=\"%s\" placeholder=\"dd/mm/yyyy\"></label>"
            "<input type=\"hidden\" name=\"date\" value=\"%s\"><button type=\"submit\">Tính</button></form>",
         web_param(r, "on"), award_vn_day(a, date));
    if (!str_empty(web_param(r, "form"))) {
        char on[11];
        const char *e = date_param(r, "on", on);
        if (e) { r->status = 400; page_notice(r, "error", e); return; }
        const char *kind = web_param(r, "subject");
        if (!award_is_subject_kind(kind)) { r->status = 400; page_notice(r, "error", "Loại đối tượng không hợp lệ."); return; }
        int64_t amount;
        struct award_money_explain x;
        rc = award_money(r->db, a, web_param(r, "form"), kind, on, &amount, &x);
        if (rc < 0) { web_fail(r, "award money"); return; }
        if (rc == 0) page_notice(r, "error", x.text);
        else if (x.no_money) page_notice(r, "info", x.text);
        else html(r, "<p class=\"notice ok\" role=\"status\">Tiền thưởng: <strong>%M đồng</strong><br>%s</p>", amount, x.text);
    }
}

static void kind_table(req *r, int k)
{
    struct award_rule_row *rows;
    int n;
    if (award_rule_list(r->db, &r->a, k, &rows, &n) < 0) { web_fail(r, "award rules"); return; }
    if (web_has_cap(r, CAP_SETTINGS))
        html(r, "<p><a class=\"button\" href=\"/award-rules/new?kind=%u\">Thêm dòng quy định</a></p>", award_rule_kind_name(k));
    const char *const *fields = award_rule_fields(k);
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th>Số</th>");
    for (int i = 0; fields[i]; i++) html(r, "<th>%s</th>", award_rule_field_label(k, fields[i]));
    html(r, "</tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        html(r, "<tr><td>%D</td>", rows[i].id);
        for (int c = 0; c < rows[i].n; c++) {
            const char *name = rows[i].cols[c].name, *v = rows[i].cols[c].value;
            if (str_eq(name, "valid_from") || str_eq(name, "valid_to")) html(r, "<td>%T</td>", v ? v : "");
            else if (str_eq(name, "amount") || str_eq(name, "min_amount")) html(r, "<td class=\"num\">%M</td>", (int64_t)(v ? atoll(v) : 0));
            else html(r, "<td>%s</td>", v);
        }
        html(r, "</tr>");
    }
    html(r, "</tbody></table></div>");
}

void award_rules_page(req *r)
{
    const char *kname = web_param(r, "kind");
    int k = str_empty(kname) ? -1 : award_rule_kind_from(kname);
    if (!str_empty(kname) && k < 0) { web_error(r, 400, "Loại quy định không hợp lệ (tham số kind)."); return; }
    page_begin(r, k < 0 ? "Cơ sở quy định khen thưởng" : award_rule_kind_label(k));
    html(r, "<p>Mỗi quy định là một dòng có hiệu lực từ ngày đến ngày và ghi căn cứ pháp lý; một việc tính cho ngày nào "
            "dùng dòng có hiệu lực ngày đó. Dòng ghi [verify] lấy từ một nguồn chưa đối chiếu: quản trị viên sửa bằng cách "
            "thêm dòng mới.</p>");
    kind_tabs(r, k);
    int status = r->status;
    if (k < 0) overview(r);
    else kind_table(r, k);
    if (r->status >= 500) return;
    status = r->status > status ? r->status : status;
    page_end(r);
    r->status = status;
}

static void rule_form(req *r, int k, const struct field_errors *fe)
{
    form_begin(r, "/award-rules/new", "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"kind\" value=\"%s\">", award_rule_kind_name(k));
    const char *const *fields = award_rule_fields(k);
    for (int i = 0; fields[i]; i++) {
        const char *label = award_rule_field_label(k, fields[i]);
        if (award_rule_field_required(k, fields[i])) label = arena_printf(&r->a, "%s (bắt buộc)", label);
        form_field(r, "text", fields[i], label, fe ? web_param(r, fields[i]) : NULL, fe ? ferr_get(fe, fields[i]) : NULL,
                   award_rule_field_required(k, fields[i]) ? "required" : NULL);
    }
    form_end(r, "Thêm dòng");
}

void award_rule_new_page(req *r)
{
    int k = award_rule_kind_from(web_param(r, "kind"));
    if (k < 0) { web_error(r, 400, "Loại quy định không hợp lệ (tham số kind)."); return; }
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct award_rule_input in = {0};
        const char *const *fields = award_rule_fields(k);
        for (int i = 0; fields[i] && in.n < 24; i++) {
            const char *v = web_param(r, fields[i]);
            if (str_empty(v)) continue;
            in.items[in.n++] = (struct kv){fields[i], v, strlen(v)};
        }
        struct actor me = actor_of_req(r);
        int64_t id = award_rule_add(r->db, &r->a, &me, k, &in, &fe);
        if (id < 0) { web_fail(r, "add award rule"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/award-rules?kind=%s", award_rule_kind_name(k))); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        r->status = 400;
    }
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Thêm dòng: %s", award_rule_kind_label(k)));
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các mục được đánh dấu bên dưới.");
    html(r, "<p>Ngày viết dd/mm/yyyy; hệ số viết 1,5; tiền viết bằng đồng. Dòng mới không xóa dòng cũ: một ngày dùng dòng "
            "có hiệu lực mới nhất. Mọi thay đổi được ghi vào nhật ký.</p>");
    rule_form(r, k, web_is_post(r) ? &fe : NULL);
    page_end(r);
    r->status = status;
}

/* ---- JSON ---- */

json_t *award_form_json(const struct award_form *f)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s?, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)f->id,
                     "code", f->code, "name", f->name, "category", f->category, "level", f->level, "subject_kinds",
                     f->subject_kinds, "decided_by", f->decided_by, "council_vote", f->council_vote,
                     "certificate_title", f->certificate_title, "citation", f->citation, "valid_from", f->valid_from,
                     "valid_to", f->valid_to, "note", f->note);
}

void award_rules_api(req *r)
{
    if (web_is_post(r)) {
        const char *kname = api_text(r, "kind");
        int k = award_rule_kind_from(kname);
        if (k < 0) {
            web_json_fields(r, "Loại quy định không hợp lệ.", json_pack("{s:s}", "kind",
                            "Một trong: form, coefficient, base_salary, ballot, time_limit, donation, criterion."));
            return;
        }
        /* Every other member becomes a field of the row; numbers and booleans as their text. */
        struct award_rule_input in = {0};
        const char *key;
        json_t *v;
        json_object_foreach(r->json, key, v) {
            if (str_eq(key, "kind") || in.n >= 24) continue;
            const char *text = json_is_string(v) ? json_string_value(v)
                             : json_is_integer(v) ? arena_printf(&r->a, "%lld", (long long)json_integer_value(v))
                             : json_is_boolean(v) ? (json_is_true(v) ? "1" : "0") : NULL;
            if (!text) continue;   /* null: the same as absent */
            in.items[in.n++] = (struct kv){key, text, strlen(text)};
        }
        struct field_errors fe = {0};
        struct actor me = actor_of_req(r);
        int64_t id = award_rule_add(r->db, &r->a, &me, k, &in, &fe);
        if (id < 0) { web_fail(r, "add award rule"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        if (!id) { web_json_fields(r, "Dòng quy định không hợp lệ.", ferr_json(&fe)); return; }
        web_json(r, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "kind", award_rule_kind_name(k)));
        return;
    }
    const char *kname = web_param(r, "kind");
    int k = award_rule_kind_from(kname);
    if (k < 0) {
        web_json_fields(r, "Thiếu hoặc sai tham số kind.", json_pack("{s:s}", "kind",
                        "Một trong: form, coefficient, base_salary, ballot, time_limit, donation, criterion."));
        return;
    }
    struct award_rule_row *rows;
    int n;
    if (award_rule_list(r->db, &r->a, k, &rows, &n) < 0) { web_fail(r, "award rules"); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_pack("{s:I}", "id", (json_int_t)rows[i].id);
        for (int c = 0; c < rows[i].n; c++)
            json_object_set_new(o, rows[i].cols[c].name, rows[i].cols[c].value ? json_string(rows[i].cols[c].value) : json_null());
        json_array_append_new(items, o);
    }
    struct api_page p = {n, 0};
    web_json(r, 200, api_list(items, n, &p));
}

void award_rules_in_force_api(req *r)
{
    arena *a = &r->a;
    char date[11];
    const char *bad = date_param(r, "date", date);
    if (bad) { web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "date", bad)); return; }
    struct award_form *forms;
    struct award_donation_threshold *d;
    struct award_ballot_rule b;
    int nf, nd;
    int64_t salary = 0, salary_id = 0;
    int rb, rs;
    if (award_forms_at(r->db, a, date, &forms, &nf) < 0 || award_donation_thresholds_at(r->db, a, date, &d, &nd) < 0 ||
        (rb = award_ballot_rule_at(r->db, a, date, &b)) < 0 || (rs = award_base_salary_at(r->db, date, &salary, &salary_id)) < 0) {
        web_fail(r, "award rules in force");
        return;
    }
    json_t *fj = json_array(), *dj = json_array(), *tj = json_array();
    for (int i = 0; i < nf; i++) json_array_append_new(fj, award_form_json(&forms[i]));
    for (int i = 0; i < nd; i++)
        json_array_append_new(dj, json_pack("{s:I, s:s, s:I, s:s?, s:s, s:s}", "id", (json_int_t)d[i].id, "donor_kind",
                                            d[i].donor_kind, "min_amount", (json_int_t)d[i].min_amount, "form_code",
                                            d[i].form_code, "label", d[i].label, "citation", d[i].citation));
    static const char *const steps[] = {"check", "appraise", "council", "decide", "total", NULL};
    for (int i = 0; steps[i]; i++) {
        struct award_time_limit t;
        int rc = award_time_limit_at(r->db, a, steps[i], NULL, date, &t);
        if (rc < 0) { json_decref(fj); json_decref(dj); json_decref(tj); web_fail(r, "time limits"); return; }
        if (rc) json_array_append_new(tj, json_pack("{s:I, s:s, s:i, s:s}", "id", (json_int_t)t.id, "step", t.step,
                                                    "working_days", t.working_days, "citation", t.citation));
    }
    json_t *ballot = rb ? json_pack("{s:I, s:i, s:i, s:s, s:s}", "id", (json_int_t)b.id, "quorum_bp", b.quorum_bp, "pass_bp",
                                    b.pass_bp, "pass_base", b.pass_base, "citation", b.citation)
                        : json_null();
    json_t *sal = rs ? json_pack("{s:I, s:I}", "id", (json_int_t)salary_id, "amount", (json_int_t)salary) : json_null();
    web_json(r, 200, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "date", date, "forms", fj, "base_salary", sal, "ballot",
                               ballot, "time_limits", tj, "donation_thresholds", dj));
}

void award_money_api(req *r)
{
    char date[11];
    const char *bad = date_param(r, "date", date);
    const char *form = web_param(r, "form"), *kind = web_param(r, "kind");
    json_t *f = json_object();
    if (bad) json_object_set_new(f, "date", json_string(bad));
    if (str_empty(form)) json_object_set_new(f, "form", json_string("Bắt buộc: mã hình thức (BK_CT_UBND_TINH …)."));
    if (!award_is_subject_kind(kind))
        json_object_set_new(f, "kind", json_string("Một trong: individual, collective, household, enterprise."));
    if (json_object_size(f)) { web_json_fields(r, "Tham số không hợp lệ.", f); return; }
    json_decref(f);
    int64_t amount;
    struct award_money_explain x;
    int rc = award_money(r->db, &r->a, form, kind, date, &amount, &x);
    if (rc < 0) { web_fail(r, "award money"); return; }
    if (rc == 0) { web_json(r, 404, json_pack("{s:s, s:s}", "error", "not_found", "message", x.text)); return; }
    json_t *o = award_money_json(amount, &x);
    json_object_set_new(o, "form", json_string(form));
    json_object_set_new(o, "kind", json_string(kind));
    json_object_set_new(o, "date", json_string(date));
    web_json(r, 200, o);
}

/* The members of POST /api/award-rules: "kind" and every field of every kind (award_rules.c
 * refuses one that does not belong to the kind sent, naming it). */
const struct api_member award_rule_body[] = {
    {"kind", API_TEXT}, {"code", API_TEXT}, {"name", API_TEXT}, {"category", API_TEXT}, {"level", API_TEXT_NULL},
    {"subject_kinds", API_TEXT}, {"decided_by", API_TEXT}, {"council_vote", API_BOOL},
    {"certificate_title", API_TEXT_NULL}, {"citation", API_TEXT},
    {"valid_from", API_TEXT}, {"valid_to", API_TEXT_NULL}, {"note", API_TEXT_NULL}, {"form_code", API_TEXT_NULL},
    {"subject_kind", API_TEXT_NULL}, {"coefficient", API_TEXT}, {"no_money", API_BOOL}, {"amount", API_INT},
    {"quorum_percent", API_TEXT}, {"pass_percent", API_TEXT}, {"pass_base", API_TEXT}, {"step", API_TEXT},
    {"working_days", API_INT}, {"donor_kind", API_TEXT}, {"min_amount", API_INT}, {"label", API_TEXT},
    {"alternative", API_TEXT_NULL}, {"check", API_TEXT}, {"forms", API_TEXT_NULL}, {"count", API_INT},
    {"years", API_INT}, {"blocking", API_BOOL}, {"text", API_TEXT}, {NULL, 0},
};
