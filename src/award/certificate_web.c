/* certificate_web.c: the certificates of a decision as PDF (/decisions/{id}/certificates.pdf),
 * the calibration page of the pre-printed blanks (/certificates/blanks), and the two public pages:
 * the published decisions (/published/decisions) and the verification page a certificate's QR code
 * opens (/verify/{code}), which shows the award and whether it was revoked. Public pages show
 * names, forms, reasons and numbers only — never a citizen ID or any other personal number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "award_pages.h"
#include "award_rules.h"
#include "certificate.h"
#include "decision.h"

/* The address the QR codes point to: this server as the client reached it. */
static const char *base_url(req *r)
{
    const char *host = kv_get(&r->headers, "host");
    const char *proto = r->via_proxy ? kv_get(&r->headers, "x-forwarded-proto") : NULL;
    if (str_empty(host)) return "";
    return arena_printf(&r->a, "%s://%s", str_eq(proto, "https") ? "https" : "http", host);
}

void certificates_pdf_page(req *r)
{
    int64_t id, recipient = 0, blank = 0;
    if (!web_param_id(r, 0, &id)) return;
    const char *rs = web_param(r, "recipient"), *bs = web_param(r, "blank");
    if ((rs && !parse_int64(rs, &recipient)) || (bs && !parse_int64(bs, &blank))) {
        web_error(r, 400, "Tham số recipient và blank phải là số.");
        return;
    }
    const char *mode = web_param(r, "mode") ? web_param(r, "mode") : "full";
    /* a whole decision with many recipients prints in the background (certificate_job.c) */
    struct decision d;
    if (!recipient && (str_eq(mode, "full") || str_eq(mode, "overprint")) && decision_get(r->db, &r->a, id, &d) == 1 &&
        !str_eq(d.state, "draft") && d.recipients > CERTIFICATE_JOB_THRESHOLD) {
        struct actor me = actor_of_req(r);
        int64_t job = certificate_job_start(r->db, &me, id, mode, blank, base_url(r));
        if (job < 0) { web_fail(r, "start certificate job"); return; }
        web_redirect(r, arena_printf(&r->a, "/jobs/%lld", (long long)job));
        return;
    }
    buf out = {0};
    char err[300];
    if (certificate_pdf(r->db, &r->a, id, recipient, mode, blank, base_url(r), &out, err, sizeof err) != 0) {
        buf_free(&out);
        web_error(r, 400, err);
        return;
    }
    web_header(r, "Content-Disposition", arena_printf(&r->a, "inline; filename=\"bang-khen-%lld.pdf\"", (long long)id));
    web_body(r, "application/pdf", out.data, out.len);
    buf_free(&out);
}

/* ---- calibration of the blanks ---- */
static void blanks_render(req *r, const struct field_errors *fe)
{
    struct cert_blank *v;
    int n;
    if (certificate_blanks(r->db, &r->a, &v, &n) < 0) { web_fail(r, "blanks"); return; }
    int status = fe->n ? 400 : r->status;
    page_begin(r, "Căn chỉnh phôi bằng khen, giấy khen");
    if (str_eq(web_param(r, "notice"), "saved")) page_notice(r, "ok", "Đã lưu cách căn chỉnh.");
    award_form_errors(r, fe);
    html(r, "<p>Mỗi lô phôi in sẵn (quốc huy, khung, chữ cố định) có vị trí riêng cho phần chữ thay đổi. Đo trên phôi, "
            "tính bằng milimét từ góc trên bên trái của tờ A4 ngang; lưu lại và dùng khi in \"lên phôi\".</p>");
    if (n) {
        html(r, "<ul>");
        for (int i = 0; i < n; i++)
            html(r, "<li>%s (%s) — lưu %s bởi %s · số lô: %D</li>", v[i].name, v[i].form_code,
                 iso_local_time(&r->a, v[i].updated_at, false), v[i].updated_by, v[i].id);
        html(r, "</ul>");
    }
    const struct cert_pos *start = n ? v[0].pos : cert_default_pos;
    form_begin(r, "/certificates/blanks", "class=\"calibration\"");
    form_field(r, "text", "name", "Tên lô phôi", n ? v[0].name : web_param(r, "name"), ferr_get(fe, "name"),
               "maxlength=\"200\" required");
    form_select(r, "form_code", "Hình thức", award_form_options(r), n ? v[0].form_code : web_param(r, "form_code"),
                ferr_get(fe, "form_code"));
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Phần chữ</th><th scope=\"col\">Trái (mm)</th>"
            "<th scope=\"col\">Trên (mm)</th><th scope=\"col\">Rộng (mm)</th><th scope=\"col\">Cỡ chữ (pt)</th></tr></thead><tbody>");
    for (int f = 0; f < CF__COUNT; f++) {
        const char *nm = cert_field_name((enum cert_field)f);
        html(r, "<tr><th scope=\"row\">%s", cert_field_label((enum cert_field)f));
        if (ferr_get(fe, nm)) html(r, "<br><span class=\"field-error\">%s</span>", ferr_get(fe, nm));
        html(r, "</th>");
        const double vals[3] = {start[f].x_mm, start[f].y_mm, start[f].width_mm};
        static const char *const suffix[3] = {"x", "y", "w"};
        for (int k = 0; k < 3; k++)
            html(r, "<td><input type=\"number\" step=\"0.1\" min=\"0\" max=\"297\" name=\"%s_%s\" value=\"%s\" "
                    "aria-label=\"%s — %s\"></td>", nm, suffix[k], arena_printf(&r->a, "%.1f", vals[k]),
                 cert_field_label((enum cert_field)f), suffix[k]);
        if (f == CF_QR) html(r, "<td>—</td>");
        else html(r, "<td><input type=\"number\" min=\"6\" max=\"72\" name=\"%s_size\" value=\"%d\" aria-label=\"%s — cỡ chữ\"></td>",
                  nm, start[f].size_pt, cert_field_label((enum cert_field)f));
        html(r, "</tr>");
    }
    html(r, "</tbody></table></div>");
    form_end(r, "Lưu căn chỉnh");
    page_end(r);
    r->status = status;
}

void certificate_blanks_page(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct cert_pos pos[CF__COUNT];
        for (int f = 0; f < CF__COUNT; f++) {
            const char *nm = cert_field_name((enum cert_field)f);
            double v[3] = {-1, -1, -1};
            static const char *const suffix[3] = {"x", "y", "w"};
            for (int k = 0; k < 3; k++) {
                const char *t = web_param(r, arena_printf(&r->a, "%s_%s", nm, suffix[k]));
                char *end = NULL;
                if (t && *t) v[k] = strtod(t, &end);
                if (!t || !*t || (end && *end)) v[k] = -1;
            }
            int64_t size = 0;
            if (f != CF_QR) parse_int64(web_param(r, arena_printf(&r->a, "%s_size", nm)), &size);
            pos[f] = (struct cert_pos){v[0], v[1], v[2], (int)(size > 0 && size < 1000 ? size : 0)};
        }
        struct actor me = actor_of_req(r);
        int64_t id = certificate_blank_save(r->db, &r->a, &me, web_param(r, "name"), web_param(r, "form_code"), pos, &fe);
        if (id < 0) { web_fail(r, "save blank"); return; }
        if (id > 0) { web_redirect(r, "/certificates/blanks?notice=saved"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    blanks_render(r, &fe);
}

/* ---- public pages ---- */
void published_decisions_page(req *r)
{
    struct decision *v;
    int n;
    if (decision_list(r->db, &r->a, true, &v, &n) < 0) { web_fail(r, "list decisions"); return; }
    page_begin(r, "Quyết định khen thưởng đã ban hành");
    if (!n) html(r, "<p class=\"muted\">Chưa có quyết định nào được công bố.</p>");
    for (int i = 0; i < n; i++) {
        struct decision_recipient *rv;
        int nr;
        if (decision_recipients(r->db, &r->a, v[i].id, &rv, &nr) < 0) { web_fail(r, "recipients"); return; }
        html(r, "<section class=\"decision\"><h2>Quyết định số %s ngày %T</h2><p>%s — %s</p>", v[i].number_symbol,
             v[i].decided_on, v[i].issuer, v[i].summary);
        if (str_eq(v[i].state, "revoked"))
            html(r, "<p class=\"notice error\">Đã thu hồi ngày %T: %s</p>", v[i].revoked_on, v[i].revoked_reason);
        html(r, "<ol>");
        for (int k = 0; k < nr; k++) html(r, "<li>%s — %s</li>", rv[k].subject_name, rv[k].reason);
        html(r, "</ol></section>");
    }
    page_end(r);
}

void verify_page(req *r)
{
    const char *code = r->params[0];
    struct decision d;
    struct decision_recipient rc;
    int found = 0;
    /* the codes are 24 hexadecimal digits; anything else is not looked up */
    bool shaped = code && strlen(code) == 24 && strspn(code, "0123456789abcdef") == 24;
    if (shaped && (found = decision_by_verify_code(r->db, &r->a, code, &d, &rc)) < 0) { web_fail(r, "verify"); return; }
    if (!found || str_eq(d.state, "draft")) {
        web_error(r, 404, "Không tìm thấy khen thưởng với mã xác minh này. Hãy kiểm tra lại đường dẫn hoặc mã QR.");
        return;
    }
    page_begin(r, "Xác minh khen thưởng");
    if (str_eq(d.state, "revoked"))
        html(r, "<p class=\"notice error\" role=\"alert\"><strong>ĐÃ THU HỒI</strong> ngày %T. Lý do: %s</p>", d.revoked_on,
             d.revoked_reason);
    else html(r, "<p class=\"notice ok\" role=\"status\"><strong>Còn hiệu lực.</strong> Khen thưởng này có trong sổ của "
                 "cơ quan ban hành.</p>");
    html(r, "<dl class=\"facts\"><dt>Tập thể, cá nhân</dt><dd>%s</dd><dt>Hình thức</dt><dd>%s</dd><dt>Thành tích</dt><dd>%s</dd>"
            "<dt>Quyết định</dt><dd>Số %s ngày %T của %s</dd><dt>Người ký</dt><dd>%s %s %s</dd><dt>Sổ vàng số</dt><dd>%D</dd></dl>",
         rc.subject_name, d.form_name, rc.reason, d.number_symbol, d.decided_on, d.issuer,
         d.signer_authority ? d.signer_authority : "", d.signer_position, d.signer_name, rc.so_vang);
    page_end(r);
}
