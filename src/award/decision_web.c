/* decision_web.c: the /decisions pages (list, draft from approved proposals, show, sign, revoke,
 * the PDF and the recipients' list as CSV/XLSX) and the /api/decisions endpoints, for the Board
 * (capability appraise; decision.c checks it again). */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "award_pages.h"
#include "decision.h"
#include "export.h"
#include "proposal.h"
#include "setting.h"

static void state_tag(req *r, const struct decision *d)
{
    html(r, "<span class=\"tag decision-%s\">%s</span>", d->state,
         str_eq(d->state, "draft") ? "Dự thảo" : str_eq(d->state, "signed") ? "Đã ký" : "Đã thu hồi");
}

void decisions_page(req *r)
{
    struct decision *v;
    int n;
    if (decision_list(r->db, &r->a, false, &v, &n) < 0) { web_fail(r, "list decisions"); return; }
    page_begin(r, "Quyết định khen thưởng");
    html(r, "<p class=\"actions\"><a class=\"button\" href=\"/decisions/new\">Soạn quyết định</a> "
            "<a class=\"button secondary\" href=\"/certificates/blanks\">Căn chỉnh phôi</a></p>");
    if (!n) html(r, "<p class=\"muted\">Chưa có quyết định nào.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Số, ký hiệu</th><th scope=\"col\">Ngày</th>"
                "<th scope=\"col\">Trích yếu</th><th scope=\"col\" class=\"num\">Số người nhận</th>"
                "<th scope=\"col\" class=\"num\">Tiền thưởng (đồng)</th><th scope=\"col\">Trạng thái</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            html(r, "<tr><td><a href=\"/decisions/%D\">%s</a></td><td>%T</td><td>%s</td><td class=\"num\">%d</td>"
                    "<td class=\"num\">%M</td><td>", v[i].id, v[i].number_symbol ? v[i].number_symbol : "(chưa có số)",
                 v[i].decided_on, v[i].summary, v[i].recipients, v[i].total_money);
            state_tag(r, &v[i]);
            html(r, "</td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    page_end(r);
}

/* The draft form, prefilled from the settings (org.*) that name the issuer and the signer. */
static void decision_form(req *r, const struct field_errors *fe)
{
    struct proposal *p;
    int np;
    int64_t total;
    struct proposal_filter f = {.state = PS_APPROVED};
    if (proposal_list(r->db, &r->a, &f, &p, &np, &total) < 0) { web_fail(r, "approved proposals"); return; }
    award_form_errors(r, fe);
    if (!np) {
        html(r, "<p class=\"muted\">Chưa có hồ sơ nào được duyệt để đưa vào quyết định.</p>");
        return;
    }
    #define DEF(name, setting) (web_param(r, name) ? web_param(r, name) : setting_text(r->db, &r->a, setting))
    form_begin(r, "/decisions/new", "class=\"narrow\"");
    html(r, "<fieldset><legend>Hồ sơ được duyệt (cùng một hình thức)</legend>");
    for (int i = 0; i < np; i++) {
        const char *idtxt = arena_printf(&r->a, "%lld", (long long)p[i].id);
        bool checked = false;
        for (int k = 0; k < r->form.n; k++)
            if (str_eq(r->form.items[k].name, "proposal_id") && str_eq(r->form.items[k].value, idtxt)) checked = true;
        html(r, "<label><input type=\"checkbox\" name=\"proposal_id\" value=\"%s\"%R> Số %D: %s — %s (%d)</label><br>", idtxt,
             checked ? " checked" : "", // raw: a fixed attribute
             p[i].id, p[i].subject_name, p[i].form_label, p[i].year);
    }
    html(r, "</fieldset>");
    if (ferr_get(fe, "proposal_ids")) html(r, "<p class=\"field-error\">%s</p>", ferr_get(fe, "proposal_ids"));
    const char *issuer = DEF("issuer", "org.issuer_name");
    form_field(r, "text", "issuer", "Cơ quan ban hành", issuer, ferr_get(fe, "issuer"), "maxlength=\"300\" required");
    form_field(r, "text", "parent_body", "Cơ quan chủ quản (không bắt buộc)", web_param(r, "parent_body"),
               ferr_get(fe, "parent_body"), "maxlength=\"300\"");
    form_field(r, "text", "issuer_code", "Mã sổ đăng ký số của cơ quan (ví dụ UBND)",
               web_param(r, "issuer_code") ? web_param(r, "issuer_code") : "UBND", ferr_get(fe, "issuer_code"),
               "maxlength=\"40\" required");
    form_field(r, "text", "symbol", "Ký hiệu", web_param(r, "symbol") ? web_param(r, "symbol") : "QĐ-UBND",
               ferr_get(fe, "symbol"), "maxlength=\"40\" required");
    form_field(r, "text", "place", "Địa danh", DEF("place", "org.place_name"), ferr_get(fe, "place"), "maxlength=\"40\" required");
    form_field(r, "date", "decided_on", "Ngày ký", web_param(r, "decided_on"), ferr_get(fe, "decided_on"), "required");
    form_field(r, "text", "summary", "Trích yếu", web_param(r, "summary"), ferr_get(fe, "summary"),
               "maxlength=\"300\" required placeholder=\"Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\"");
    form_field(r, "textarea", "legal_bases", "Căn cứ (mỗi căn cứ một dòng)", web_param(r, "legal_bases"),
               ferr_get(fe, "legal_bases"), "maxlength=\"4000\" required");
    form_field(r, "text", "proposer", "Xét đề nghị của", web_param(r, "proposer"), ferr_get(fe, "proposer"),
               "maxlength=\"300\" required");
    form_field(r, "text", "signer_authority", "Quyền hạn ký (ví dụ KT. CHỦ TỊCH)", DEF("signer_authority", "org.default_signer_authority"),
               ferr_get(fe, "signer_authority"), "maxlength=\"40\"");
    form_field(r, "text", "signer_position", "Chức vụ người ký", DEF("signer_position", "org.default_signer_position"),
               ferr_get(fe, "signer_position"), "maxlength=\"40\" required");
    form_field(r, "text", "signer_name", "Họ tên người ký", DEF("signer_name", "org.default_signer_name"),
               ferr_get(fe, "signer_name"), "maxlength=\"300\" required");
    #undef DEF
    form_end(r, "Lưu dự thảo");
}

void decision_new_page(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        int cap = 0, n = 0;
        int64_t *ids = arena_grow(&r->a, NULL, 0, &cap, sizeof *ids);
        for (int k = 0; k < r->form.n; k++) {
            int64_t v;
            if (!str_eq(r->form.items[k].name, "proposal_id")) continue;
            if (parse_int64(r->form.items[k].value, &v)) *ARENA_PUSH(&r->a, ids, n, cap) = v;
            else ferr_add(&fe, "proposal_ids", "Hồ sơ không hợp lệ.");
        }
        struct decision_input in = {
            .issuer_code = web_param(r, "issuer_code"), .issuer = web_param(r, "issuer"), .parent_body = web_param(r, "parent_body"),
            .symbol = web_param(r, "symbol"), .place = web_param(r, "place"), .decided_on = web_param(r, "decided_on"),
            .summary = web_param(r, "summary"), .legal_bases = web_param(r, "legal_bases"), .proposer = web_param(r, "proposer"),
            .signer_authority = web_param(r, "signer_authority"), .signer_position = web_param(r, "signer_position"),
            .signer_name = web_param(r, "signer_name"), .proposal_ids = ids, .n_proposals = n};
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : decision_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create decision"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/decisions/%lld?notice=created", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, "Soạn quyết định khen thưởng");
    decision_form(r, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

static void decision_render(req *r, int64_t id, const struct field_errors *fe)
{
    struct decision d;
    struct decision_recipient *rv;
    int n;
    int rc = decision_get(r->db, &r->a, id, &d);
    if (rc < 0 || (rc == 1 && decision_recipients(r->db, &r->a, id, &rv, &n) < 0)) { web_fail(r, "get decision"); return; }
    if (!rc) { web_error(r, 404, "Không có quyết định này."); return; }
    int status = fe->n ? 400 : r->status;
    page_begin(r, d.number_symbol ? arena_printf(&r->a, "Quyết định số %s", d.number_symbol) : "Dự thảo quyết định");
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "created")) page_notice(r, "ok", "Đã lưu dự thảo quyết định.");
    else if (str_eq(notice, "signed")) page_notice(r, "ok", "Đã ghi ký: quyết định đã có số, các người nhận đã có số sổ vàng.");
    else if (str_eq(notice, "revoked")) page_notice(r, "ok", "Đã thu hồi quyết định.");
    award_form_errors(r, fe);
    html(r, "<p>");
    state_tag(r, &d);
    html(r, "</p><dl class=\"facts\"><dt>Cơ quan ban hành</dt><dd>%s</dd><dt>Ngày ký</dt><dd>%T</dd><dt>Trích yếu</dt><dd>%s</dd>"
            "<dt>Hình thức</dt><dd>%s</dd><dt>Người ký</dt><dd>%s %s %s</dd>",
         d.issuer, d.decided_on, d.summary, d.form_name, d.signer_authority ? d.signer_authority : "", d.signer_position,
         d.signer_name);
    html(r, "<dt>Tổng tiền thưởng</dt><dd>%M đồng (%s)</dd>", d.total_money, decision_amount_words(&r->a, d.total_money));
    if (d.money_rule) html(r, "<dt>Căn cứ tính tiền</dt><dd>%s</dd>", d.money_rule);
    if (d.revoked_reason) html(r, "<dt>Thu hồi</dt><dd>%T: %s</dd>", d.revoked_on, d.revoked_reason);
    html(r, "</dl><p class=\"actions\"><a class=\"button secondary\" href=\"/decisions/%D/decision.pdf\">Tải PDF</a> "
            "<a class=\"button secondary\" href=\"/decisions/%D/recipients?format=xlsx\">Danh sách (XLSX)</a> "
            "<a class=\"button secondary\" href=\"/decisions/%D/recipients?format=csv\">Danh sách (CSV)</a>", id, id, id);
    if (!str_eq(d.state, "draft"))
        html(r, " <a class=\"button\" href=\"/decisions/%D/certificates.pdf?mode=full\">In bằng khen (trang đầy đủ)</a>"
                " <a class=\"button secondary\" href=\"/decisions/%D/certificates.pdf?mode=overprint\">In lên phôi</a>", id, id);
    html(r, "</p><h2>Danh sách</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">STT</th>"
            "<th scope=\"col\">Tập thể, cá nhân</th><th scope=\"col\">Thành tích</th><th scope=\"col\" class=\"num\">Tiền thưởng</th>"
            "<th scope=\"col\">Cách tính</th><th scope=\"col\">Sổ vàng</th><th scope=\"col\">Bằng</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        html(r, "<tr><td>%d</td><td><a href=\"/proposals/%D\">%s</a></td><td>%s</td><td class=\"num\">%M</td><td>%s</td><td>",
             rv[i].line_no, rv[i].proposal_id, rv[i].subject_name, rv[i].reason, rv[i].money, rv[i].money_basis);
        if (rv[i].so_vang) html(r, "%D", rv[i].so_vang);
        html(r, "</td><td>");
        if (!str_eq(d.state, "draft"))
            html(r, "<a href=\"/decisions/%D/certificates.pdf?mode=full&amp;recipient=%D\">PDF</a> · "
                    "<a href=\"/verify/%u\">Xác minh</a>", id, rv[i].id, rv[i].verify_code);
        html(r, "</td></tr>");
    }
    html(r, "</tbody></table></div>");
    if (str_eq(d.state, "draft")) {
        html(r, "<h2>Ghi ký và cấp số</h2><p>Để trống số: lấy số tiếp theo trong sổ đăng ký của cơ quan (liên tục theo "
                "năm). Nhập số: số do văn thư đã cấp trên sổ giấy (không được trùng).</p>");
        form_begin(r, arena_printf(&r->a, "/decisions/%lld/sign", (long long)id), "class=\"narrow\"");
        form_field(r, "number", "number", "Số quyết định (không bắt buộc)", web_param(r, "number"), ferr_get(fe, "number"),
                   "min=\"1\"");
        form_end(r, "Ghi ký, cấp số");
    } else if (str_eq(d.state, "signed")) {
        html(r, "<h2>Thu hồi quyết định</h2>");
        form_begin(r, arena_printf(&r->a, "/decisions/%lld/revoke", (long long)id), "class=\"narrow\"");
        form_field(r, "textarea", "reason", "Lý do thu hồi", web_param(r, "reason"), ferr_get(fe, "reason"),
                   "maxlength=\"4000\" required");
        form_end(r, "Thu hồi");
    }
    page_end(r);
    r->status = status;
}

void decision_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    decision_render(r, id, &fe);
}

static void decision_result(req *r, int64_t id, int64_t rc, const struct field_errors *fe, const char *what, const char *notice)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/decisions/%lld?notice=%s", (long long)id, notice)); return; }
    if (ferr_get(fe, "id")) { web_error(r, 404, ferr_get(fe, "id")); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    decision_render(r, id, fe);
}

void decision_sign_page(req *r)
{
    int64_t id, number = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    const char *num = web_param(r, "number");
    if (!str_empty(num) && (!parse_int64(num, &number) || number <= 0)) ferr_add(&fe, "number", "Số quyết định phải là số nguyên dương.");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : decision_sign(r->db, &r->a, &me, id, number, &fe);
    decision_result(r, id, rc, &fe, "sign decision", "signed");
}

void decision_revoke_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = decision_revoke(r->db, &r->a, &me, id, web_param(r, "reason"), &fe);
    decision_result(r, id, rc, &fe, "revoke decision", "revoked");
}

void decision_pdf_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct decision d;
    int rc = decision_get(r->db, &r->a, id, &d);
    if (rc < 0) { web_fail(r, "get decision"); return; }
    if (!rc) { web_error(r, 404, "Không có quyết định này."); return; }
    buf out = {0};
    char err[300];
    if (decision_pdf(r->db, &r->a, id, &out, err, sizeof err) != 0) {
        buf_free(&out);
        web_fail(r, err);
        return;
    }
    web_header(r, "Content-Disposition", arena_printf(&r->a, "inline; filename=\"quyet-dinh-%lld.pdf\"", (long long)id));
    web_body(r, "application/pdf", out.data, out.len);
    buf_free(&out);
}

/* The recipients' list; the same columns in CSV and XLSX. */
export_doc *decision_recipients_export(store *s, arena *a, int64_t id, enum export_format fmt)
{
    static const struct export_column cols[] = {
        {"STT", EXPORT_INT}, {"Tập thể, cá nhân", EXPORT_TEXT}, {"Loại", EXPORT_TEXT}, {"Thành tích", EXPORT_TEXT},
        {"Tiền thưởng (đồng)", EXPORT_MONEY}, {"Cách tính", EXPORT_TEXT}, {"Số sổ vàng", EXPORT_INT},
        {"Quyết định", EXPORT_TEXT}, {"Ngày ký", EXPORT_DATE},
    };
    struct decision d;
    struct decision_recipient *rv;
    int n;
    if (decision_get(s, a, id, &d) != 1 || decision_recipients(s, a, id, &rv, &n) < 0) return NULL;
    export_doc *x = export_begin(fmt, "Danh sách", cols, (int)countof(cols));
    if (!x) return NULL;
    for (int i = 0; i < n; i++) {
        const char *cells[] = {
            arena_printf(a, "%d", rv[i].line_no), rv[i].subject_name, rv[i].subject_kind, rv[i].reason,
            arena_printf(a, "%lld", (long long)rv[i].money), rv[i].money_basis,
            rv[i].so_vang ? arena_printf(a, "%lld", (long long)rv[i].so_vang) : NULL, d.number_symbol, d.decided_on,
        };
        export_row(x, cells);
    }
    return x;
}

void decision_recipients_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    enum export_format fmt;
    if (!export_format_parse(web_param(r, "format") ? web_param(r, "format") : "xlsx", &fmt)) {
        web_error(r, 400, "Định dạng phải là csv hoặc xlsx.");
        return;
    }
    export_doc *x = decision_recipients_export(r->db, &r->a, id, fmt);
    if (!x) { web_error(r, 404, "Không có quyết định này."); return; }
    export_reply(r, x, arena_printf(&r->a, "danh-sach-quyet-dinh-%lld", (long long)id));
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

const struct api_member decision_body[] = {
    {"issuer_code", API_TEXT}, {"issuer", API_TEXT}, {"parent_body", API_TEXT_NULL}, {"symbol", API_TEXT},
    {"place", API_TEXT}, {"decided_on", API_TEXT}, {"summary", API_TEXT}, {"legal_bases", API_TEXT},
    {"proposer", API_TEXT}, {"signer_authority", API_TEXT_NULL}, {"signer_position", API_TEXT},
    {"signer_name", API_TEXT}, {"proposal_ids", API_ARRAY}, {NULL, 0},
};
const struct api_member decision_sign_body[] = {{"number", API_INT}, {NULL, 0}};
const struct api_member decision_revoke_body[] = {{"reason", API_TEXT}, {NULL, 0}};

static json_t *decision_full_json(req *r, int64_t id)
{
    struct decision d;
    struct decision_recipient *rv;
    int n;
    if (decision_get(r->db, &r->a, id, &d) != 1 || decision_recipients(r->db, &r->a, id, &rv, &n) < 0) return NULL;
    json_t *o = decision_json(&d), *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, decision_recipient_json(&rv[i]));
    json_object_set_new(o, "recipient_list", a);
    json_object_set_new(o, "total_in_words", json_string(decision_amount_words(&r->a, d.total_money)));
    return o;
}

void decisions_api(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        json_t *arr = json_object_get(r->json, "proposal_ids");
        size_t n = arr ? json_array_size(arr) : 0;
        int64_t *ids = arena_alloc(&r->a, sizeof *ids * (n ? n : 1));
        for (size_t i = 0; i < n; i++) {
            json_t *v = json_array_get(arr, i);
            if (!json_is_integer(v)) { ferr_add(&fe, "proposal_ids", "\"proposal_ids\" phải là một mảng số id."); break; }
            ids[i] = json_integer_value(v);
        }
        struct decision_input in = {
            .issuer_code = api_text(r, "issuer_code"), .issuer = api_text(r, "issuer"), .parent_body = api_text(r, "parent_body"),
            .symbol = api_text(r, "symbol"), .place = api_text(r, "place"), .decided_on = api_text(r, "decided_on"),
            .summary = api_text(r, "summary"), .legal_bases = api_text(r, "legal_bases"), .proposer = api_text(r, "proposer"),
            .signer_authority = api_text(r, "signer_authority"), .signer_position = api_text(r, "signer_position"),
            .signer_name = api_text(r, "signer_name"), .proposal_ids = ids, .n_proposals = (int)n};
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : decision_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create decision"); return; }
        if (!id) { award_json_refused(r, &fe); return; }
        json_t *o = decision_full_json(r, id);
        if (!o) { web_fail(r, "get decision"); return; }
        web_header(r, "Location", arena_printf(&r->a, "/api/decisions/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "decision", o));
        return;
    }
    struct decision *v;
    int n;
    if (decision_list(r->db, &r->a, false, &v, &n) < 0) { web_fail(r, "list decisions"); return; }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, decision_json(&v[i]));
    struct api_page pg = {.limit = n ? n : 1, .offset = 0};
    web_json(r, 200, api_list(a, n, &pg));
}

void decision_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    json_t *o = decision_full_json(r, id);
    if (!o) { web_error(r, 404, "Không có quyết định này."); return; }
    web_json(r, 200, json_pack("{s:o}", "decision", o));
}

static void decision_api_result(req *r, int64_t id, int64_t rc, const struct field_errors *fe, const char *what)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (!rc) {
        if (ferr_get(fe, "state") && fe->n == 1) { web_error(r, 409, ferr_get(fe, "state")); return; }
        award_json_refused(r, fe);
        return;
    }
    json_t *o = decision_full_json(r, id);
    if (!o) { web_fail(r, "get decision"); return; }
    web_json(r, 200, json_pack("{s:o}", "decision", o));
}

void decision_sign_api(req *r)
{
    int64_t id, number = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    api_int(r, "number", &number);
    struct actor me = actor_of_req(r);
    decision_api_result(r, id, decision_sign(r->db, &r->a, &me, id, number, &fe), &fe, "sign decision");
}

void decision_revoke_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    decision_api_result(r, id, decision_revoke(r->db, &r->a, &me, id, api_text(r, "reason"), &fe), &fe, "revoke decision");
}
