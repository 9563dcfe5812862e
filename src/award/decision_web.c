/* decision_web.c: the /decisions pages (list, draft from approved proposals, edit or discard a draft, show, sign, revoke,
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
    if (str_eq(web_param(r, "notice"), "discarded")) page_notice(r, "ok", "Đã hủy dự thảo quyết định.");
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

/* The ids of the proposals ticked on the form ("proposal_id", repeated); a value that is not an id
 * is a field error. */
static int64_t *form_proposal_ids(req *r, int *n, struct field_errors *fe)
{
    int cap = 0;
    *n = 0;
    int64_t *ids = arena_grow(&r->a, NULL, 0, &cap, sizeof *ids);
    for (int k = 0; k < r->form.n; k++) {
        int64_t v;
        if (!str_eq(r->form.items[k].name, "proposal_id")) continue;
        if (parse_int64(r->form.items[k].value, &v)) *ARENA_PUSH(&r->a, ids, *n, cap) = v;
        else ferr_add(fe, "proposal_ids", "Hồ sơ không hợp lệ.");
    }
    return ids;
}

static void input_from_form(req *r, struct decision_input *in, struct field_errors *fe)
{
    *in = (struct decision_input){
        .issuer_code = web_param(r, "issuer_code"), .issuer = web_param(r, "issuer"), .parent_body = web_param(r, "parent_body"),
        .symbol = web_param(r, "symbol"), .place = web_param(r, "place"), .decided_on = web_param(r, "decided_on"),
        .summary = web_param(r, "summary"), .legal_bases = web_param(r, "legal_bases"), .proposer = web_param(r, "proposer"),
        .signer_authority = web_param(r, "signer_authority"), .signer_position = web_param(r, "signer_position"),
        .signer_name = web_param(r, "signer_name"), .distribution = web_param(r, "distribution")};
    in->proposal_ids = form_proposal_ids(r, &in->n_proposals, fe);
}

/* The draft form: a new draft (d NULL) prefilled from the settings (org.*) that name the issuer and
 * the signer, or the draft d being edited; a posted form shows what was posted. The proposals
 * offered are the approved ones, those of d ticked. */
static void decision_form(req *r, const struct decision *d, const struct field_errors *fe)
{
    struct proposal *p;
    int np;
    int64_t total;
    struct proposal_filter f = {.state = PS_APPROVED};
    if (proposal_list(r->db, &r->a, &f, &p, &np, &total) < 0) { web_fail(r, "approved proposals"); return; }
    struct decision_recipient *rv = NULL;
    int nrv = 0;
    if (d && decision_recipients(r->db, &r->a, d->id, &rv, &nrv) < 0) { web_fail(r, "decision recipients"); return; }
    award_form_errors(r, fe);
    if (!np) {
        html(r, "<p class=\"muted\">Chưa có hồ sơ nào được duyệt để đưa vào quyết định.</p>");
        return;
    }
    bool posted = web_is_post(r);
    /* the value shown: as posted, else the draft's, else the setting's (or a fixed default) */
    #define VAL(name, field, fallback) (posted ? web_param(r, name) : d ? (field) : (fallback))
    form_begin(r, d ? arena_printf(&r->a, "/decisions/%lld/edit", (long long)d->id) : "/decisions/new", "class=\"narrow\"");
    html(r, "<fieldset><legend>Hồ sơ được duyệt (cùng một hình thức)</legend>");
    for (int i = 0; i < np; i++) {
        const char *idtxt = arena_printf(&r->a, "%lld", (long long)p[i].id);
        bool checked = false;
        if (posted) {
            for (int k = 0; k < r->form.n; k++)
                if (str_eq(r->form.items[k].name, "proposal_id") && str_eq(r->form.items[k].value, idtxt)) checked = true;
        } else {
            for (int k = 0; k < nrv; k++) checked |= rv[k].proposal_id == p[i].id;
        }
        html(r, "<label><input type=\"checkbox\" name=\"proposal_id\" value=\"%s\"%R> Số %D: %s — %s (%d)</label><br>", idtxt,
             checked ? " checked" : "", // raw: a fixed attribute
             p[i].id, p[i].subject_name, p[i].form_label, p[i].year);
    }
    html(r, "</fieldset>");
    if (ferr_get(fe, "proposal_ids")) html(r, "<p class=\"field-error\">%s</p>", ferr_get(fe, "proposal_ids"));
    form_field(r, "text", "issuer", "Cơ quan ban hành",
               VAL("issuer", d->issuer, setting_text(r->db, &r->a, "org.issuer_name")), ferr_get(fe, "issuer"),
               "maxlength=\"300\" required");
    form_field(r, "text", "parent_body", "Cơ quan chủ quản (không bắt buộc)", VAL("parent_body", d->parent_body, NULL),
               ferr_get(fe, "parent_body"), "maxlength=\"300\"");
    form_field(r, "text", "issuer_code", "Mã sổ đăng ký số của cơ quan (ví dụ UBND)", VAL("issuer_code", d->issuer_code, "UBND"),
               ferr_get(fe, "issuer_code"), "maxlength=\"40\" required");
    form_field(r, "text", "symbol", "Ký hiệu", VAL("symbol", d->symbol, "QĐ-UBND"), ferr_get(fe, "symbol"),
               "maxlength=\"40\" required");
    form_field(r, "text", "place", "Địa danh", VAL("place", d->place, setting_text(r->db, &r->a, "org.place_name")),
               ferr_get(fe, "place"), "maxlength=\"40\" required");
    form_field(r, "date", "decided_on", "Ngày ký", VAL("decided_on", d->decided_on, NULL), ferr_get(fe, "decided_on"), "required");
    form_field(r, "text", "summary", "Trích yếu", VAL("summary", d->summary, NULL), ferr_get(fe, "summary"),
               "maxlength=\"300\" required placeholder=\"Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\"");
    form_field(r, "textarea", "legal_bases", "Căn cứ (mỗi căn cứ một dòng)", VAL("legal_bases", d->legal_bases, NULL),
               ferr_get(fe, "legal_bases"), "maxlength=\"4000\" required");
    form_field(r, "text", "proposer", "Xét đề nghị của", VAL("proposer", d->proposer, NULL), ferr_get(fe, "proposer"),
               "maxlength=\"300\" required");
    form_field(r, "text", "signer_authority", "Quyền hạn ký (ví dụ KT. CHỦ TỊCH)",
               VAL("signer_authority", d->signer_authority, setting_text(r->db, &r->a, "org.default_signer_authority")),
               ferr_get(fe, "signer_authority"), "maxlength=\"40\"");
    form_field(r, "text", "signer_position", "Chức vụ người ký",
               VAL("signer_position", d->signer_position, setting_text(r->db, &r->a, "org.default_signer_position")),
               ferr_get(fe, "signer_position"), "maxlength=\"40\" required");
    form_field(r, "text", "signer_name", "Họ tên người ký",
               VAL("signer_name", d->signer_name, setting_text(r->db, &r->a, "org.default_signer_name")),
               ferr_get(fe, "signer_name"), "maxlength=\"300\" required");
    form_field(r, "textarea", "distribution", "Nơi nhận (mỗi nơi một dòng)",
               VAL("distribution", d->distribution, decision_distribution_default), ferr_get(fe, "distribution"),
               "maxlength=\"4000\"");
    #undef VAL
    form_end(r, "Lưu dự thảo");
}

void decision_new_page(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct decision_input in;
        input_from_form(r, &in, &fe);
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : decision_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create decision"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/decisions/%lld?notice=created", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, "Soạn quyết định khen thưởng");
    decision_form(r, NULL, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

void decision_edit_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct decision d;
    int rc = decision_get(r->db, &r->a, id, &d);
    if (rc < 0) { web_fail(r, "get decision"); return; }
    if (!rc) { web_error(r, 404, "Không có quyết định này."); return; }
    if (!str_eq(d.state, "draft")) {
        web_error(r, 409, "Quyết định đã ký: không sửa được; nếu sai thì thu hồi và ban hành quyết định khác.");
        return;
    }
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct decision_input in;
        input_from_form(r, &in, &fe);
        struct actor me = actor_of_req(r);
        int64_t done = fe.n ? 0 : decision_update(r->db, &r->a, &me, id, &in, &fe);
        if (done < 0) { web_fail(r, "update decision"); return; }
        if (done > 0) { web_redirect(r, arena_printf(&r->a, "/decisions/%lld?notice=updated", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, "Sửa dự thảo quyết định");
    decision_form(r, &d, &fe);
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
    else if (str_eq(notice, "updated")) page_notice(r, "ok", "Đã lưu các thay đổi của dự thảo; tiền thưởng đã được tính lại.");
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
    html(r, "<dt>Nơi nhận</dt><dd class=\"pre\">%s</dd>", d.distribution);
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
        html(r, "<p class=\"actions\"><a class=\"button secondary\" href=\"/decisions/%D/edit\">Sửa dự thảo</a></p>", id);
        html(r, "<h2>Ghi ký và cấp số</h2><p>Để trống số: lấy số tiếp theo trong sổ đăng ký của cơ quan (liên tục theo "
                "năm). Nhập số: số do văn thư đã cấp trên sổ giấy (không được trùng).</p>");
        form_begin(r, arena_printf(&r->a, "/decisions/%lld/sign", (long long)id), "class=\"narrow\"");
        form_field(r, "number", "number", "Số quyết định (không bắt buộc)", web_param(r, "number"), ferr_get(fe, "number"),
                   "min=\"1\"");
        form_end(r, "Ghi ký, cấp số");
        html(r, "<h2>Hủy dự thảo</h2><p>Dự thảo chưa có số nên hủy không để lại khoảng trống trong sổ đăng ký; các hồ sơ "
                "trở lại danh sách chờ đưa vào quyết định. Nhật ký vẫn giữ nội dung dự thảo.</p>");
        form_begin(r, arena_printf(&r->a, "/decisions/%lld/delete", (long long)id), "class=\"narrow\"");
        form_end(r, "Hủy dự thảo");
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

void decision_delete_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = decision_discard(r->db, &r->a, &me, id, &fe);
    if (rc > 0) { web_redirect(r, "/decisions?notice=discarded"); return; }
    decision_result(r, id, rc, &fe, "discard decision", "discarded");
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
    {"signer_name", API_TEXT}, {"distribution", API_TEXT_NULL}, {"proposal_ids", API_ARRAY}, {NULL, 0},
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

/* The JSON body as a draft's input; "proposal_ids" must be an array of ids. */
static void input_from_json(req *r, struct decision_input *in, struct field_errors *fe)
{
    json_t *arr = json_object_get(r->json, "proposal_ids");
    size_t n = arr ? json_array_size(arr) : 0;
    int64_t *ids = arena_alloc(&r->a, sizeof *ids * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_integer(v)) { ferr_add(fe, "proposal_ids", "\"proposal_ids\" phải là một mảng số id."); break; }
        ids[i] = json_integer_value(v);
    }
    *in = (struct decision_input){
        .issuer_code = api_text(r, "issuer_code"), .issuer = api_text(r, "issuer"), .parent_body = api_text(r, "parent_body"),
        .symbol = api_text(r, "symbol"), .place = api_text(r, "place"), .decided_on = api_text(r, "decided_on"),
        .summary = api_text(r, "summary"), .legal_bases = api_text(r, "legal_bases"), .proposer = api_text(r, "proposer"),
        .signer_authority = api_text(r, "signer_authority"), .signer_position = api_text(r, "signer_position"),
        .signer_name = api_text(r, "signer_name"), .distribution = api_text(r, "distribution"), .proposal_ids = ids,
        .n_proposals = (int)n};
}

void decisions_api(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct decision_input in;
        input_from_json(r, &in, &fe);
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

static void decision_api_result(req *r, int64_t id, int64_t rc, const struct field_errors *fe, const char *what);

/* GET one decision; PATCH a draft (members left out keep their values, "proposal_ids" included);
 * DELETE a draft ({"deleted": true}). */
void decision_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct actor me = actor_of_req(r);
    struct field_errors fe = {0};
    if (str_eq(r->method, "DELETE")) {
        int64_t rc = decision_discard(r->db, &r->a, &me, id, &fe);
        if (rc > 0) { web_json(r, 200, json_pack("{s:b}", "deleted", 1)); return; }
        decision_api_result(r, id, rc, &fe, "discard decision");
        return;
    }
    if (str_eq(r->method, "PATCH")) {
        struct decision d;
        struct decision_recipient *rv;
        int n, rc = decision_get(r->db, &r->a, id, &d);
        if (rc < 0 || (rc == 1 && decision_recipients(r->db, &r->a, id, &rv, &n) < 0)) { web_fail(r, "get decision"); return; }
        if (!rc) { web_error(r, 404, "Không có quyết định này."); return; }
        struct decision_input in;
        input_from_json(r, &in, &fe);
        #define KEEP(member, field) if (!api_has(r, member)) in.field = d.field
        KEEP("issuer_code", issuer_code); KEEP("issuer", issuer); KEEP("parent_body", parent_body); KEEP("symbol", symbol);
        KEEP("place", place); KEEP("decided_on", decided_on); KEEP("summary", summary); KEEP("legal_bases", legal_bases);
        KEEP("proposer", proposer); KEEP("signer_authority", signer_authority); KEEP("signer_position", signer_position);
        KEEP("signer_name", signer_name); KEEP("distribution", distribution);
        #undef KEEP
        if (!api_has(r, "proposal_ids")) {
            int64_t *ids = arena_alloc(&r->a, sizeof *ids * (size_t)(n ? n : 1));
            for (int i = 0; i < n; i++) ids[i] = rv[i].proposal_id;
            in.proposal_ids = ids;
            in.n_proposals = n;
        }
        decision_api_result(r, id, fe.n ? 0 : decision_update(r->db, &r->a, &me, id, &in, &fe), &fe, "update decision");
        return;
    }
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
