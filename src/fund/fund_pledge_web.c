/* fund_pledge_web.c: the managers' pages and JSON for pledges and reversals of a fund: pledges
 * listed with their due date, what has been received against each and the overdue ones marked,
 * with the form that records one; reversing a donation (a returned transfer) with its date and
 * reason, from a page that shows the donation first. The domain (pledge_add, donation_reverse)
 * checks everything; these handlers read the fields and show its errors beside them. */
#include <string.h>

#include "fund.h"
#include "fund_pages.h"
#include "pii.h"
#include "vn_calendar.h"

/* A donor typed in a form or sent as a reference: "id:N", a tax code, a code; 1, 0 (field error
 * under "donor"), < 0. */
static int donor_of_text(req *r, const char *text, int64_t *id, struct field_errors *fe)
{
    if (str_empty(text)) { ferr_add(fe, "donor", "Nhà tài trợ: nhập id:N hoặc mã số thuế."); return 0; }
    const char *why;
    int found = donor_find_ref(r->db, &r->a, text, id, &why);
    if (found == 0) ferr_add(fe, "donor", arena_printf(&r->a, "Nhà tài trợ \"%s\": %s.", text, why));
    return found;
}

/* ---- pledges ---- */
static void pledges_render(req *r, const struct fund *f, const struct field_errors *fe)
{
    struct pledge *v;
    int n;
    if (pledge_list(r->db, &r->a, f->id, &v, &n) < 0) { web_fail(r, "pledges"); return; }
    char today[11];
    iso_date_today(today);
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Cam kết ủng hộ: %s", f->name));
    if (web_param(r, "notice")) page_notice(r, "ok", "Đã ghi cam kết.");
    if (fe && fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    html(r, "<p><a href=\"/funds/%D/manage\">← Quản lý quỹ</a></p>", f->id);
    if (!n) html(r, "<p class=\"muted\">Chưa có cam kết nào.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table class=\"pledges\"><caption>Cam kết theo hạn nộp</caption><thead><tr>"
                "<th scope=\"col\">Nhà tài trợ</th><th scope=\"col\" class=\"num\">Cam kết (đồng)</th>"
                "<th scope=\"col\" class=\"num\">Đã nhận</th><th scope=\"col\" class=\"num\">Còn lại</th>"
                "<th scope=\"col\">Ngày cam kết</th><th scope=\"col\">Hạn nộp</th><th scope=\"col\">Tình trạng</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            int64_t left = v[i].amount - v[i].received;
            bool done = left <= 0, overdue = !done && v[i].due_on && strcmp(v[i].due_on, today) < 0;
            html(r, "<tr%s><td>%s</td><td class=\"num\">%M</td><td class=\"num\">%M</td><td class=\"num\">%M</td><td>%T</td>"
                    "<td>%T</td><td>%s</td></tr>",
                 overdue ? " class=\"overdue\"" : "", v[i].donor_name, v[i].amount, v[i].received, left > 0 ? left : 0,
                 v[i].pledged_on, v[i].due_on ? v[i].due_on : "—",
                 done ? "Đã nhận đủ" : overdue ? "Quá hạn" : v[i].received ? "Đã nhận một phần" : "Chưa nhận");
        }
        html(r, "</tbody></table></div>");
    }
    html(r, "<h2>Ghi cam kết mới</h2>");
    form_begin(r, arena_printf(&r->a, "/funds/%lld/pledges", (long long)f->id), "class=\"narrow\"");
    const struct field_errors *e = fe;
    form_field(r, "text", "donor", "Nhà tài trợ (id:N hoặc mã số thuế)", web_param(r, "donor"), e ? ferr_get(e, "donor") : NULL,
               "required");
    form_field(r, "text", "amount", "Số tiền cam kết (đồng)", web_param(r, "amount"), e ? ferr_get(e, "amount") : NULL,
               "required inputmode=\"numeric\"");
    form_field(r, "text", "pledged_on", "Ngày cam kết", web_param(r, "pledged_on"), e ? ferr_get(e, "pledged_on") : NULL,
               "required placeholder=\"dd/mm/yyyy\"");
    form_field(r, "text", "due_on", "Hạn nộp (không bắt buộc)", web_param(r, "due_on"), e ? ferr_get(e, "due_on") : NULL,
               "placeholder=\"dd/mm/yyyy\"");
    form_field(r, "textarea", "note", "Ghi chú", web_param(r, "note"), e ? ferr_get(e, "note") : NULL, "maxlength=\"2000\"");
    form_end(r, "Ghi cam kết");
    page_end(r);
    r->status = status;
}

void fund_pledges_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    if (!web_is_post(r)) { pledges_render(r, &f, NULL); return; }
    struct field_errors fe = {0};
    struct pledge in = {.fund_id = f.id, .pledged_on = web_param(r, "pledged_on"), .due_on = web_param(r, "due_on"),
                        .note = web_param(r, "note")};
    if (str_empty(in.note)) in.note = NULL;   /* an empty box is no note */
    int found = donor_of_text(r, web_param(r, "donor"), &in.donor_id, &fe);
    if (found < 0) { web_fail(r, "find donor"); return; }
    form_amount(r, "amount", "Số tiền cam kết", &in.amount, &fe);
    int64_t id = 0;
    if (!fe.n) {
        struct actor me = actor_of_req(r);
        id = pledge_add(r->db, &r->a, &me, &in, &fe);
    }
    if (id < 0) { web_fail(r, "add pledge"); return; }
    if (id > 0) { web_redirect(r, arena_printf(&r->a, "/funds/%lld/pledges?notice=added", (long long)f.id)); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    r->status = 400;
    pledges_render(r, &f, &fe);
}

const struct api_member pledge_body[] = {
    {"donor", API_REF}, {"amount", API_INT}, {"pledged_on", API_TEXT}, {"due_on", API_TEXT_NULL}, {"note", API_TEXT_NULL},
    {NULL, 0},
};

void fund_pledges_api(req *r)
{
    int64_t id;
    if (!api_fund(r, &id)) return;
    if (web_is_post(r)) {
        struct field_errors fe = {0};
        struct pledge in = {.fund_id = id, .pledged_on = api_text(r, "pledged_on"), .due_on = api_text(r, "due_on"),
                            .note = api_text(r, "note")};
        if (str_empty(in.note)) in.note = NULL;
        struct ref d = api_ref(r, "donor");
        int found = d.kind == REF_ID ? donor_of_text(r, arena_printf(&r->a, "id:%lld", (long long)d.id), &in.donor_id, &fe)
                    : d.kind == REF_CODE ? donor_of_text(r, arena_printf(&r->a, "code:%s", d.code), &in.donor_id, &fe)
                                         : donor_of_text(r, NULL, &in.donor_id, &fe);
        if (found < 0) { web_fail(r, "find donor"); return; }
        if (!api_int(r, "amount", &in.amount)) ferr_add(&fe, "amount", "Cần số tiền cam kết (số đồng).");
        struct actor me = actor_of_req(r);
        api_result(r, fe.n ? 0 : pledge_add(r->db, &r->a, &me, &in, &fe), &fe, "add pledge");
        return;
    }
    struct api_page pg;
    struct field_errors fe = {0};
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    struct pledge *v;
    int n;
    if (pledge_list(r->db, &r->a, id, &v, &n) < 0) { web_fail(r, "pledges"); return; }
    char today[11];
    iso_date_today(today);
    json_t *items = json_array();
    for (int64_t i = pg.offset; i < n && i < pg.offset + pg.limit; i++) {
        bool overdue = v[i].received < v[i].amount && v[i].due_on && strcmp(v[i].due_on, today) < 0;
        json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s?, s:s?, s:b}", "id", (json_int_t)v[i].id,
                                               "donor_id", (json_int_t)v[i].donor_id, "donor", v[i].donor_name, "amount",
                                               (json_int_t)v[i].amount, "received", (json_int_t)v[i].received, "pledged_on",
                                               v[i].pledged_on, "due_on", v[i].due_on, "note", v[i].note, "overdue", overdue));
    }
    web_json(r, 200, api_list(items, n, &pg));
}

/* ---- reversals ---- */
/* The donation of ?donation= (GET) or the form (POST), in this fund; 1, 0 (not given or not in
 * the fund: a field error), < 0. */
static int donation_in_fund(req *r, int64_t fund_id, struct donation *d, struct field_errors *fe)
{
    const char *text = web_param(r, "donation");
    int64_t id = 0;
    if (str_empty(text)) return 0;
    if (*text == '#') text++;
    if (!parse_int64(text, &id) || id <= 0) {
        ferr_add(fe, "donation", arena_printf(&r->a, "Số khoản ủng hộ \"%s\" phải là một số (ví dụ 1234).", web_param(r, "donation")));
        return 0;
    }
    int got = donation_get(r->db, &r->a, id, d);
    if (got < 0) return got;
    if (!got || d->fund_id != fund_id) {
        ferr_add(fe, "donation", arena_printf(&r->a, "Quỹ không có khoản ủng hộ số %lld.", (long long)id));
        return 0;
    }
    return 1;
}

void fund_reversal_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    struct field_errors fe = {0};
    struct donation d;
    int got = donation_in_fund(r, f.id, &d, &fe);
    if (got < 0) { web_fail(r, "donation"); return; }
    if (got && web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int rc = donation_reverse(r->db, &r->a, &me, d.id, web_param(r, "on"), web_param(r, "reason"), &fe);
        if (rc < 0) { web_fail(r, "reverse donation"); return; }
        if (rc > 0) {
            web_redirect(r, arena_printf(&r->a, "/funds/%lld/reversal?donation=%lld&notice=reversed", (long long)f.id,
                                         (long long)d.id));
            return;
        }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, arena_printf(&r->a, "Hoàn trả khoản ủng hộ: %s", f.name));
    if (str_eq(web_param(r, "notice"), "reversed")) page_notice(r, "ok", "Đã ghi hoàn trả; khoản này không còn được tính.");
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    html(r, "<p><a href=\"/funds/%D/manage\">← Quản lý quỹ</a></p>", f.id);
    /* step one: which donation (a GET form, so the page can be bookmarked and reloaded) */
    html(r, "<form method=\"get\" action=\"/funds/%D/reversal\" class=\"narrow\">", f.id);
    form_field(r, "text", "donation", "Số khoản ủng hộ (cột # trong danh sách, biên nhận)", web_param(r, "donation"),
               ferr_get(&fe, "donation") ? ferr_get(&fe, "donation") : ferr_get(&fe, "id"), "required inputmode=\"numeric\"");
    html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">Xem khoản ủng hộ</button></div></form>");
    if (got) {
        bool mask = !privacy_can_see(r);
        html(r, "<h2>Khoản ủng hộ #%D</h2><dl class=\"facts\">", d.id);
        html(r, "<dt>Ngày</dt><dd>%T %s</dd><dt>Số tiền</dt><dd>%M đồng</dd><dt>Hình thức</dt><dd>%s</dd>", d.given_on,
             d.given_time ? d.given_time : "", d.amount, d.channel);
        html(r, "<dt>Nhà tài trợ</dt><dd>%s</dd>", d.donor_name ? d.donor_name : d.sender_name ? d.sender_name : "(chưa rõ)");
        html(r, "<dt>Nội dung</dt><dd class=\"message\">%s</dd></dl>",
             d.message ? (mask ? mask_text(&r->a, d.message) : d.message) : "");
        if (d.reversed_on) {
            html(r, "<p role=\"status\">Đã hoàn trả ngày %T. Lý do: %s</p>", d.reversed_on, d.reversal_reason);
        } else {
            form_begin(r, arena_printf(&r->a, "/funds/%lld/reversal", (long long)f.id), "class=\"narrow\"");
            html(r, "<input type=\"hidden\" name=\"donation\" value=\"%D\">", d.id);
            form_field(r, "text", "on", "Ngày ngân hàng hoàn trả", web_param(r, "on"), ferr_get(&fe, "on"),
                       "required placeholder=\"dd/mm/yyyy\"");
            form_field(r, "textarea", "reason", "Lý do (ví dụ: chuyển nhầm, ngân hàng hoàn lại)", web_param(r, "reason"),
                       ferr_get(&fe, "reason"), "required maxlength=\"2000\"");
            form_end(r, "Ghi hoàn trả");
        }
    }
    page_end(r);
    if (fe.n) r->status = 400;
}

const struct api_member reversal_body[] = {{"on", API_TEXT}, {"reason", API_TEXT}, {NULL, 0}};

void fund_reversal_api(req *r)
{
    int64_t fund_id, id;
    if (!api_fund(r, &fund_id) || !web_param_id(r, 1, &id)) return;
    struct donation d;
    int got = donation_get(r->db, &r->a, id, &d);
    if (got < 0) { web_fail(r, "donation"); return; }
    if (!got || d.fund_id != fund_id) { web_error(r, 404, "Quỹ không có khoản ủng hộ này."); return; }
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int rc = donation_reverse(r->db, &r->a, &me, id, api_text(r, "on"), api_text(r, "reason"), &fe);
    if (rc > 0) {
        if (donation_get(r->db, &r->a, id, &d) != 1) { web_fail(r, "donation"); return; }
        web_json(r, 200, donation_json(&d, !privacy_can_see(r)));
        return;
    }
    api_result(r, rc, &fe, "reverse donation");
}
