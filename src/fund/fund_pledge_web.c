/* fund_pledge_web.c: the managers' pages and JSON for pledges and reversals of a fund: pledges
 * listed with their due date, what has been received against each and the overdue ones marked,
 * with the form that records one; one pledge's pre-filled edit page with the donations tied to it
 * (untie beside each, tie one by its number), its delete page that asks first, and the same as
 * GET/PATCH/DELETE /api/funds/{id}/pledges/{pledge} with POST …/tie and …/untie; reversing a
 * donation (a returned transfer) with its date and reason, from a page that shows the donation
 * first. The domain (pledge.c, donation_reverse) checks everything; these handlers read the
 * fields and show its errors beside them. */
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

/* The body's "donor" reference (a number: an id; a string: a code); as donor_of_text. */
static int donor_of_body(req *r, int64_t *id, struct field_errors *fe)
{
    struct ref d = api_ref(r, "donor");
    return d.kind == REF_ID ? donor_of_text(r, arena_printf(&r->a, "id:%lld", (long long)d.id), id, fe)
           : d.kind == REF_CODE ? donor_of_text(r, arena_printf(&r->a, "code:%s", d.code), id, fe)
                                : donor_of_text(r, NULL, id, fe);
}

/* ---- pledges ---- */
/* What a pledge's row says about it on `today`. */
static const char *pledge_state(const struct pledge *p, const char *today)
{
    if (p->received >= p->amount) return "Đã nhận đủ";
    if (pledge_overdue(p, today)) return "Quá hạn";
    return p->received ? "Đã nhận một phần" : "Chưa nhận";
}

static void pledges_render(req *r, const struct fund *f, const struct field_errors *fe)
{
    struct pledge *v;
    int n;
    if (pledge_list(r->db, &r->a, f->id, &v, &n) < 0) { web_fail(r, "pledges"); return; }
    char today[11];
    iso_date_today(today);
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Cam kết ủng hộ: %s", f->name));
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "added")) page_notice(r, "ok", "Đã ghi cam kết.");
    else if (str_eq(notice, "deleted")) page_notice(r, "ok", "Đã xoá cam kết.");
    if (fe && fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    html(r, "<p><a href=\"/funds/%D/manage\">← Quản lý quỹ</a></p>", f->id);
    if (!n) html(r, "<p class=\"muted\">Chưa có cam kết nào.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table class=\"pledges\"><caption>Cam kết theo hạn nộp</caption><thead><tr>"
                "<th scope=\"col\">Nhà tài trợ</th><th scope=\"col\" class=\"num\">Cam kết (đồng)</th>"
                "<th scope=\"col\" class=\"num\">Đã nhận</th><th scope=\"col\" class=\"num\">Còn lại</th>"
                "<th scope=\"col\">Ngày cam kết</th><th scope=\"col\">Hạn nộp</th><th scope=\"col\">Tình trạng</th>"
                "<th scope=\"col\">Thao tác</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            int64_t left = v[i].amount - v[i].received;
            bool overdue = pledge_overdue(&v[i], today);
            html(r, "<tr%s><td>%s</td><td class=\"num\">%M</td><td class=\"num\">%M</td><td class=\"num\">%M</td><td>%T</td>"
                    "<td>%T</td><td>%s</td><td><a href=\"/funds/%D/pledges/%D/edit\">Sửa cam kết của %s</a></td></tr>",
                 overdue ? " class=\"overdue\"" : "", v[i].donor_name, v[i].amount, v[i].received, left > 0 ? left : 0,
                 v[i].pledged_on, v[i].due_on ? v[i].due_on : "—", pledge_state(&v[i], today), f->id, v[i].id,
                 v[i].donor_name);
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
        if (donor_of_body(r, &in.donor_id, &fe) < 0) { web_fail(r, "find donor"); return; }
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
    for (int64_t i = pg.offset; i < n && i < pg.offset + pg.limit; i++) json_array_append_new(items, pledge_json(&v[i], today));
    web_json(r, 200, api_list(items, n, &pg));
}

/* ---- one pledge: edit, delete, tie and untie ---- */
/* The pledge of the path ({pledge}, the second id) in this fund; false after a 404. */
static bool pledge_of_path(req *r, int64_t fund_id, struct pledge *p)
{
    int64_t id;
    if (!web_param_id(r, 1, &id)) return false;
    int got = pledge_get(r->db, &r->a, id, p);
    if (got < 0) { web_fail(r, "pledge"); return false; }
    if (!got || p->fund_id != fund_id) { web_error(r, 404, "Quỹ không có cam kết này."); return false; }
    return true;
}

/* A stored ISO day as the form shows it (dd/mm/yyyy); NULL stays NULL. */
static const char *day_shown(arena *a, const char *iso)
{
    return iso && strlen(iso) == 10 ? arena_printf(a, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso) : iso;
}

/* A donation number typed in a form ("1234" or "#1234"); 0 with a field error. */
static int64_t donation_number(req *r, struct field_errors *fe)
{
    const char *text = web_param(r, "donation");
    int64_t id = 0;
    const char *digits = text && *text == '#' ? text + 1 : text;
    if (str_empty(digits) || !parse_int64(digits, &id) || id <= 0) {
        ferr_add(fe, "donation", arena_printf(&r->a, "Số khoản ủng hộ \"%s\" phải là một số (ví dụ 1234).", text ? text : ""));
        return 0;
    }
    return id;
}

/* The edit page: the pledge's fields (as stored, or as typed when a save failed), the donations
 * tied to it with an untie button each, the tie form and the way to the delete page. */
static void pledge_edit_render(req *r, const struct fund *f, const struct pledge *p, const struct field_errors *fe, bool typed)
{
    struct donation *d;
    int nd;
    if (pledge_donations(r->db, &r->a, p->id, &d, &nd) < 0) { web_fail(r, "pledge donations"); return; }
    int status = r->status;
    char today[11];
    iso_date_today(today);
    page_begin(r, arena_printf(&r->a, "Sửa cam kết của %s", p->donor_name));
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "saved")) page_notice(r, "ok", "Đã lưu cam kết.");
    else if (str_eq(notice, "tied")) page_notice(r, "ok", "Đã gắn khoản ủng hộ vào cam kết.");
    else if (str_eq(notice, "untied")) page_notice(r, "ok", "Đã gỡ khoản ủng hộ khỏi cam kết.");
    if (fe && fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa lưu được:</p><ul>");
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
        html(r, "</ul></div>");
    }
    html(r, "<p><a href=\"/funds/%D/pledges\">← Cam kết của quỹ %s</a></p>", f->id, f->name);
    html(r, "<dl class=\"facts\"><dt>Cam kết</dt><dd>%M đồng</dd><dt>Đã nhận</dt><dd>%M đồng (%D khoản)</dd>"
            "<dt>Tình trạng</dt><dd>%s</dd></dl>",
         p->amount, p->received, p->gifts, pledge_state(p, today));
    html(r, "<h2>Nội dung cam kết</h2>");
    form_begin(r, arena_printf(&r->a, "/funds/%lld/pledges/%lld/edit", (long long)f->id, (long long)p->id), "class=\"narrow\"");
    const char *field_donor = typed ? web_param(r, "donor") : arena_printf(&r->a, "id:%lld", (long long)p->donor_id);
    const char *field_amount = typed ? web_param(r, "amount") : arena_printf(&r->a, "%lld", (long long)p->amount);
    const char *field_on = typed ? web_param(r, "pledged_on") : day_shown(&r->a, p->pledged_on);
    const char *field_due = typed ? web_param(r, "due_on") : day_shown(&r->a, p->due_on);
    const char *field_note = typed ? web_param(r, "note") : p->note;
    const struct field_errors *e = typed ? fe : NULL;
    form_field(r, "text", "donor", "Nhà tài trợ (id:N hoặc mã số thuế)", field_donor, e ? ferr_get(e, "donor") : NULL, "required");
    form_field(r, "text", "amount", "Số tiền cam kết (đồng; không nhỏ hơn số đã nhận)", field_amount,
               e ? ferr_get(e, "amount") : NULL, "required inputmode=\"numeric\"");
    form_field(r, "text", "pledged_on", "Ngày cam kết", field_on, e ? ferr_get(e, "pledged_on") : NULL,
               "required placeholder=\"dd/mm/yyyy\"");
    form_field(r, "text", "due_on", "Hạn nộp (để trống: không có hạn)", field_due, e ? ferr_get(e, "due_on") : NULL,
               "placeholder=\"dd/mm/yyyy\"");
    form_field(r, "textarea", "note", "Ghi chú", field_note, e ? ferr_get(e, "note") : NULL, "maxlength=\"2000\"");
    form_end(r, "Lưu cam kết");

    html(r, "<h2>Các khoản ủng hộ theo cam kết</h2>");
    if (!nd) html(r, "<p class=\"muted\">Chưa có khoản nào gắn với cam kết này.</p>");
    else {
        bool mask = !privacy_can_see(r);
        html(r, "<div class=\"table-wrap\"><table class=\"pledge-gifts\"><caption>Khoản đã gắn</caption><thead><tr>"
                "<th scope=\"col\">#</th><th scope=\"col\">Ngày</th><th scope=\"col\" class=\"num\">Số tiền</th>"
                "<th scope=\"col\">Nội dung</th><th scope=\"col\">Thao tác</th></tr></thead><tbody>");
        for (int i = 0; i < nd; i++) {
            html(r, "<tr><td>%D</td><td>%T</td><td class=\"num\">%M%s</td><td class=\"message\">%s</td><td>", d[i].id, d[i].given_on,
                 d[i].amount, d[i].reversed_on ? " (đã hoàn trả, không tính)" : "",
                 d[i].message ? (mask ? mask_text(&r->a, d[i].message) : d[i].message) : "");
            form_begin(r, arena_printf(&r->a, "/funds/%lld/pledges/%lld/untie", (long long)f->id, (long long)p->id), NULL);
            html(r, "<input type=\"hidden\" name=\"donation\" value=\"%D\">", d[i].id);
            html(r, "<button type=\"submit\" class=\"secondary\">Gỡ khoản #%D khỏi cam kết</button></form></td></tr>", d[i].id);
        }
        html(r, "</tbody></table></div>");
    }
    html(r, "<h3>Gắn một khoản ủng hộ đã có</h3><p>Chỉ khoản của quỹ này, chưa hoàn trả, của chính nhà tài trợ cam kết hoặc "
            "chưa ghi cho ai (khi đó khoản được ghi cho nhà tài trợ cam kết; gỡ ra thì trở lại như cũ).</p>");
    form_begin(r, arena_printf(&r->a, "/funds/%lld/pledges/%lld/tie", (long long)f->id, (long long)p->id), "class=\"narrow\"");
    form_field(r, "text", "donation", "Số khoản ủng hộ (cột # trong danh sách, biên nhận)", typed ? NULL : web_param(r, "donation"),
               !typed && fe ? ferr_get(fe, "donation") : NULL, "required inputmode=\"numeric\"");
    form_end(r, "Gắn vào cam kết");
    html(r, "<h2>Xoá cam kết</h2><p><a class=\"button secondary\" href=\"/funds/%D/pledges/%D/delete\">Xoá cam kết này…</a></p>",
         f->id, p->id);
    page_end(r);
    r->status = status;
}

/* A refused write of a pledge page: 403 for scope, 409 when the pledge's state refuses it, else 400
 * with the page again. */
static void pledge_refused(req *r, const struct fund *f, const struct pledge *p, const struct field_errors *fe, bool typed)
{
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    r->status = ferr_get(fe, "pledge") ? 409 : 400;
    pledge_edit_render(r, f, p, fe, typed);
}

/* The form's fields as a pledge (the donor resolved); 1, 0 with fe, < 0. */
static int pledge_of_form(req *r, struct pledge *in, struct field_errors *fe)
{
    in->pledged_on = web_param(r, "pledged_on");
    in->due_on = web_param(r, "due_on");
    in->note = str_empty(web_param(r, "note")) ? NULL : web_param(r, "note");
    int found = donor_of_text(r, web_param(r, "donor"), &in->donor_id, fe);
    if (found < 0) return found;
    form_amount(r, "amount", "Số tiền cam kết", &in->amount, fe);
    return fe->n ? 0 : 1;
}

void fund_pledge_edit_page(req *r)
{
    struct fund f;
    struct pledge p;
    if (!managed_fund(r, &f) || !pledge_of_path(r, f.id, &p)) return;
    if (!web_is_post(r)) { pledge_edit_render(r, &f, &p, NULL, false); return; }
    struct field_errors fe = {0};
    struct pledge in = {.fund_id = f.id};
    int rc = pledge_of_form(r, &in, &fe);
    if (rc > 0) {
        struct actor me = actor_of_req(r);
        rc = pledge_update(r->db, &r->a, &me, p.id, &in, &fe);
    }
    if (rc < 0) { web_fail(r, "update pledge"); return; }
    if (rc > 0) {
        web_redirect(r, arena_printf(&r->a, "/funds/%lld/pledges/%lld/edit?notice=saved", (long long)f.id, (long long)p.id));
        return;
    }
    pledge_refused(r, &f, &p, &fe, true);
}

/* POST …/tie and …/untie: donation=N. */
static void pledge_tie_form(req *r, bool tie)
{
    struct fund f;
    struct pledge p;
    if (!managed_fund(r, &f) || !pledge_of_path(r, f.id, &p)) return;
    struct field_errors fe = {0};
    int64_t donation = donation_number(r, &fe);
    int rc = 0;
    if (donation) {
        struct actor me = actor_of_req(r);
        rc = tie ? pledge_tie(r->db, &r->a, &me, p.id, donation, &fe) : pledge_untie(r->db, &r->a, &me, p.id, donation, &fe);
    }
    if (rc < 0) { web_fail(r, tie ? "tie donation" : "untie donation"); return; }
    if (rc > 0) {
        web_redirect(r, arena_printf(&r->a, "/funds/%lld/pledges/%lld/edit?notice=%s", (long long)f.id, (long long)p.id,
                                     tie ? "tied" : "untied"));
        return;
    }
    pledge_refused(r, &f, &p, &fe, false);
}

void fund_pledge_tie_page(req *r) { pledge_tie_form(r, true); }
void fund_pledge_untie_page(req *r) { pledge_tie_form(r, false); }

/* GET: what would be deleted and a button to confirm; POST: delete. Something received refuses. */
void fund_pledge_delete_page(req *r)
{
    struct fund f;
    struct pledge p;
    if (!managed_fund(r, &f) || !pledge_of_path(r, f.id, &p)) return;
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int rc = pledge_delete(r->db, &r->a, &me, p.id, &fe);
        if (rc < 0) { web_fail(r, "delete pledge"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/funds/%lld/pledges?notice=deleted", (long long)f.id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, arena_printf(&r->a, "Xoá cam kết của %s?", p.donor_name));
    if (fe.n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa xoá được:</p><ul>");
        for (int i = 0; i < fe.n; i++) html(r, "<li>%s</li>", fe.items[i].value);
        html(r, "</ul></div>");
    }
    html(r, "<dl class=\"facts\"><dt>Nhà tài trợ</dt><dd>%s</dd><dt>Cam kết</dt><dd>%M đồng, ngày %T</dd><dt>Hạn nộp</dt><dd>%T</dd>"
            "<dt>Đã nhận</dt><dd>%M đồng (%D khoản)</dd></dl>",
         p.donor_name, p.amount, p.pledged_on, p.due_on ? p.due_on : "—", p.received, p.gifts);
    if (p.received > 0) {
        html(r, "<p role=\"status\">Đã nhận tiền theo cam kết này nên không xoá được. Nếu các khoản bị gắn nhầm, hãy "
                "<a href=\"/funds/%D/pledges/%D/edit\">gỡ chúng khỏi cam kết</a> trước.</p>", f.id, p.id);
    } else {
        html(r, "<p>Cam kết sẽ bị xoá hẳn; nhật ký kiểm tra giữ lại nội dung của nó.</p>");
        form_begin(r, arena_printf(&r->a, "/funds/%lld/pledges/%lld/delete", (long long)f.id, (long long)p.id), NULL);
        html(r, "<div class=\"actions\"><button type=\"submit\" class=\"danger\">Xoá cam kết</button> "
                "<a href=\"/funds/%D/pledges/%D/edit\">Không xoá, quay lại</a></div></form>", f.id, p.id);
    }
    page_end(r);
    if (fe.n) r->status = ferr_get(&fe, "pledge") ? 409 : 400;
}

/* ---- one pledge as JSON ---- */
const struct api_member pledge_tie_body[] = {{"donation", API_INT}, {NULL, 0}};

/* The pledge with its tied donations, as GET and the writes answer it. */
static void pledge_reply(req *r, int64_t id)
{
    struct pledge p;
    struct donation *d;
    int nd;
    if (pledge_get(r->db, &r->a, id, &p) != 1 || pledge_donations(r->db, &r->a, id, &d, &nd) < 0) { web_fail(r, "pledge"); return; }
    char today[11];
    iso_date_today(today);
    json_t *o = pledge_json(&p, today), *gifts = json_array();
    bool mask = !privacy_can_see(r);
    for (int i = 0; i < nd; i++) json_array_append_new(gifts, donation_json(&d[i], mask));
    json_object_set_new(o, "donations", gifts);
    web_json(r, 200, o);
}

/* A refused JSON write: 409 when the pledge's state refuses it, else as api_result. */
static void pledge_api_refused(req *r, int rc, const struct field_errors *fe, const char *what)
{
    if (rc == 0 && ferr_get(fe, "pledge") && !ferr_get(fe, "scope")) {
        web_json(r, 409, json_pack("{s:s, s:s, s:o}", "error", "conflict", "message", ferr_get(fe, "pledge"), "fields",
                                   ferr_json(fe)));
        return;
    }
    api_result(r, rc, fe, what);
}

/* GET, PATCH (members absent keep their value; null clears due_on and note), DELETE. */
void fund_pledge_api(req *r)
{
    int64_t fund_id;
    struct pledge p;
    if (!api_fund(r, &fund_id) || !pledge_of_path(r, fund_id, &p)) return;
    if (str_eq(r->method, "GET")) { pledge_reply(r, p.id); return; }
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    if (str_eq(r->method, "DELETE")) {
        int rc = pledge_delete(r->db, &r->a, &me, p.id, &fe);
        if (rc > 0) { web_json(r, 200, json_pack("{s:I}", "deleted", (json_int_t)p.id)); return; }
        pledge_api_refused(r, rc, &fe, "delete pledge");
        return;
    }
    struct pledge in = p;
    if (api_has(r, "donor")) {
        if (donor_of_body(r, &in.donor_id, &fe) < 0) { web_fail(r, "find donor"); return; }
    }
    if (api_has(r, "amount") && !api_int(r, "amount", &in.amount)) ferr_add(&fe, "amount", "Cần số tiền cam kết (số đồng).");
    if (api_has(r, "pledged_on")) in.pledged_on = api_text(r, "pledged_on");
    if (api_has(r, "due_on")) in.due_on = api_text(r, "due_on");
    if (api_has(r, "note")) in.note = str_empty(api_text(r, "note")) ? NULL : api_text(r, "note");
    int rc = fe.n ? 0 : pledge_update(r->db, &r->a, &me, p.id, &in, &fe);
    if (rc > 0) { pledge_reply(r, p.id); return; }
    pledge_api_refused(r, rc, &fe, "update pledge");
}

static void pledge_tie_json(req *r, bool tie)
{
    int64_t fund_id, donation = 0;
    struct pledge p;
    if (!api_fund(r, &fund_id) || !pledge_of_path(r, fund_id, &p)) return;
    struct field_errors fe = {0};
    if (!api_int(r, "donation", &donation)) ferr_add(&fe, "donation", "Cần \"donation\": số của khoản ủng hộ.");
    struct actor me = actor_of_req(r);
    int rc = fe.n ? 0 : tie ? pledge_tie(r->db, &r->a, &me, p.id, donation, &fe) : pledge_untie(r->db, &r->a, &me, p.id, donation, &fe);
    if (rc > 0) { pledge_reply(r, p.id); return; }
    pledge_api_refused(r, rc, &fe, tie ? "tie donation" : "untie donation");
}

void fund_pledge_tie_api(req *r) { pledge_tie_json(r, true); }
void fund_pledge_untie_api(req *r) { pledge_tie_json(r, false); }

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
