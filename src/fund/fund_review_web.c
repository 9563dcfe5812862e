/* fund_review_web.c: the review queue of a fund as a page and as JSON (the fund's managers):
 * every uncertain item with its two sides next to each other — the transfer already in the fund
 * and the other statement's line, or the transfer and the registered donor its sender's name
 * equals — the rule that matched and why it is uncertain, and the two decisions with their
 * consequence spelled out on the buttons. The domain (fund_review_decide) applies them. */
#include <string.h>

#include "fund.h"
#include "fund_pages.h"
#include "import.h"
#include "pii.h"

/* Statement text as this reader may see it (managers with pii.read see the numbers). */
static const char *shown(req *r, const char *text)
{
    return text && !privacy_can_see(r) ? mask_text(&r->a, text) : text;
}

static void side_transfer(req *r, const struct fund_review_item *v, const char *title)
{
    html(r, "<section class=\"review-side\"><h3>%s</h3><dl>", title);
    html(r, "<dt>Giao dịch</dt><dd>#%D · %T %s · <strong>%M đồng</strong>%s%s</dd>", v->donation_id, v->given_on,
         v->given_time ? v->given_time : "", v->amount, v->bank ? " · " : "", v->bank ? v->bank : "");
    html(r, "<dt>Nội dung</dt><dd class=\"message\">%s</dd>", v->message ? shown(r, v->message) : "(không có)");
    html(r, "<dt>Người chuyển (đọc từ nội dung)</dt><dd>%s</dd>", v->sender_name ? v->sender_name : "(không đọc được)");
    if (v->donation_statement) html(r, "<dt>Từ sao kê</dt><dd>%s</dd>", v->donation_statement);
    html(r, "</dl></section>");
}

static void side_line(req *r, const struct fund_review_item *v)
{
    html(r, "<section class=\"review-side\"><h3>Dòng của sao kê khác</h3><dl>");
    html(r, "<dt>Sao kê</dt><dd>%s, dòng %D</dd>", v->line_statement ? v->line_statement : "", v->line_no);
    html(r, "<dt>Ngày, giờ, số tiền</dt><dd>%T %s · <strong>%M đồng</strong> (quy tắc ghép yêu cầu trùng)</dd>", v->given_on,
         v->given_time ? v->given_time : "", v->amount);
    html(r, "<dt>Nội dung</dt><dd class=\"message\">%s</dd>",
         v->line_message ? shown(r, v->line_message) : "(nội dung dòng không được lưu: mục có từ trước bản cập nhật)");
    html(r, "<dt>Người chuyển (đọc từ nội dung)</dt><dd>%s</dd>", v->line_sender ? v->line_sender : "(không đọc được)");
    html(r, "</dl></section>");
}

static void side_donor(req *r, const struct fund_review_item *v)
{
    html(r, "<section class=\"review-side\"><h3>Nhà tài trợ đã đăng ký</h3><dl>");
    html(r, "<dt>Tên</dt><dd>%s (số %D)</dd>", v->donor_name ? v->donor_name : "", v->donor_id);
    if (v->donor_tax_code) html(r, "<dt>Mã số thuế</dt><dd>%s</dd>", v->donor_tax_code);
    html(r, "<dt>Danh tính</dt><dd>%s</dd>", v->donor_confirmed ? "đã xác minh" : "chưa xác minh");
    html(r, "<dt>Độ giống của cách viết tên</dt><dd>%d/100</dd>", v->score);
    html(r, "</dl></section>");
}

static void review_item_html(req *r, const struct fund *f, const struct fund_review_item *v, const struct field_errors *fe,
                             int64_t failed_id)
{
    bool match = str_eq(v->kind, "statement_match");
    html(r, "<article class=\"review\" id=\"review-%D\" aria-labelledby=\"review-%D-title\">", v->id, v->id);
    html(r, "<h2 id=\"review-%D-title\">Mục %D: %s</h2>", v->id, v->id,
         match ? "Đối chiếu hai sao kê chồng nhau" : "Nhận diện nhà tài trợ từ tên người chuyển");
    html(r, "<p><strong>Quy tắc:</strong> %s.</p>", match ? STATEMENT_MATCH_RULE : FUND_DONOR_MATCH_RULE);
    html(r, "<p><strong>Vì sao chưa chắc chắn:</strong> %s</p>", v->note);
    html(r, "<div class=\"review-sides\">");
    side_transfer(r, v, match ? "Giao dịch đã có trong quỹ" : "Giao dịch chưa ghi cho ai");
    if (match) side_line(r, v);
    else side_donor(r, v);
    html(r, "</div>");
    if (!str_eq(v->state, "open")) {
        html(r, "<p class=\"review-decided\">%s bởi %s lúc %s%s%s.", str_eq(v->state, "accepted") ? "Đã chấp nhận" : "Đã bác bỏ",
             v->decided_by ? v->decided_by : "", v->decided_at ? v->decided_at : "", v->decision_note ? ". Lý do: " : "",
             v->decision_note ? v->decision_note : "");
        if (v->result_donation_id) html(r, " Dòng này thành khoản ủng hộ #%D.", v->result_donation_id);
        html(r, "</p></article>");
        return;
    }
    form_begin(r, arena_printf(&r->a, "/funds/%lld/reviews/%lld", (long long)f->id, (long long)v->id), "class=\"review-decide\"");
    form_field(r, "text", "note", "Lý do (không bắt buộc)", NULL, failed_id == v->id && fe ? ferr_get(fe, "note") : NULL,
               "maxlength=\"1000\"");
    html(r, "<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"accept\">%s</button> "
            "<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"secondary\">%s</button></div></form>",
         match ? "Chấp nhận: cùng một giao dịch (tính một lần)" : "Chấp nhận: ghi cho nhà tài trợ này",
         match ? "Bác bỏ: hai giao dịch khác nhau (dòng này thành khoản ủng hộ riêng)" : "Bác bỏ: không phải nhà tài trợ này");
    html(r, "</article>");
}

static void reviews_render(req *r, const struct fund *f, const struct field_errors *fe, int64_t failed_id)
{
    bool all = str_eq(web_param(r, "all"), "1");
    struct fund_review_item *v;
    int n;
    if (fund_review_list(r->db, &r->a, f->id, !all, 0, 200, &v, &n) < 0) { web_fail(r, "reviews"); return; }
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Cần xem xét: %s", f->name));
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "accepted")) page_notice(r, "ok", "Đã chấp nhận.");
    else if (str_eq(notice, "rejected")) page_notice(r, "ok", "Đã bác bỏ; hệ quả đã được áp dụng vào số liệu của quỹ.");
    if (fe && fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Mục %D chưa được quyết định:</p><ul>", failed_id);
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
        html(r, "</ul></div>");
    }
    html(r, "<p><a href=\"/funds/%D/manage\">← Quản lý quỹ</a> · ", f->id);
    if (all) html(r, "<a href=\"/funds/%D/reviews\">Chỉ các mục chưa quyết định</a></p>", f->id);
    else html(r, "<a href=\"/funds/%D/reviews?all=1\">Xem cả các mục đã quyết định</a></p>", f->id);
    if (!n) html(r, "<p class=\"muted\">Không có mục nào cần xem xét.</p>");
    for (int i = 0; i < n; i++) review_item_html(r, f, &v[i], fe, failed_id);
    if (n == 200) html(r, "<p class=\"muted\">Hiện 200 mục đầu; quyết định xong các mục này để xem tiếp.</p>");
    page_end(r);
    r->status = status;
}

void fund_reviews_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    reviews_render(r, &f, NULL, 0);
}

/* The review of the path, in this fund; false after a 404 (HTML or JSON as the route is). */
static bool review_in_fund(req *r, int64_t fund_id, int64_t *id)
{
    if (!web_param_id(r, 1, id)) return false;
    int64_t in_fund = 0;
    int found = store_int64(r->db, &in_fund, "SELECT fund_id FROM fund_review WHERE id = $1", "i", *id);
    if (found < 0) { web_fail(r, "review"); return false; }
    if (!found || in_fund != fund_id) { web_error(r, 404, "Quỹ không có mục cần xem xét này."); return false; }
    return true;
}

/* "accept" → 1, "reject" → 0, else -1 with a field error. */
static int decision_of(const char *text, struct field_errors *fe)
{
    if (str_eq(text, "accept")) return 1;
    if (str_eq(text, "reject")) return 0;
    ferr_add(fe, "decision", "Quyết định: accept (chấp nhận) hoặc reject (bác bỏ).");
    return -1;
}

void fund_review_decide_page(req *r)
{
    struct fund f;
    int64_t id;
    if (!managed_fund(r, &f) || !review_in_fund(r, f.id, &id)) return;
    struct field_errors fe = {0};
    int accept = decision_of(web_param(r, "decision"), &fe);
    int rc = 0;
    if (accept >= 0) {
        struct actor me = actor_of_req(r);
        rc = fund_review_decide(r->db, &r->a, &me, id, accept == 1, web_param(r, "note"), NULL, &fe);
    }
    if (rc < 0) { web_fail(r, "decide review"); return; }
    if (rc > 0) {
        web_redirect(r, arena_printf(&r->a, "/funds/%lld/reviews?notice=%s", (long long)f.id, accept ? "accepted" : "rejected"));
        return;
    }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    /* a decided item is shown with the others (?all=1 keeps it on the page) */
    r->status = ferr_get(&fe, "state") ? 409 : 400;
    reviews_render(r, &f, &fe, id);
}

/* ---- JSON ---- */
const struct api_member review_decision_body[] = {{"decision", API_TEXT}, {"note", API_TEXT_NULL}, {NULL, 0}};

void fund_reviews_api(req *r)
{
    int64_t id;
    if (!api_fund(r, &id)) return;
    struct api_page pg;
    struct field_errors fe = {0};
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    bool all = str_eq(web_param(r, "all"), "1");
    struct fund_review_item *v;
    int n;
    int64_t total = 0;
    if (fund_review_list(r->db, &r->a, id, !all, pg.offset, (int)pg.limit, &v, &n) < 0 ||
        store_int64(r->db, &total, "SELECT count(*) FROM fund_review WHERE fund_id = $1 AND ($2 = 1 OR state = 'open') AND "
                                       IMPORT_VISIBLE("import_batch_id"), "ii", id,
                    (int64_t)all) < 0) {
        web_fail(r, "reviews");
        return;
    }
    json_t *items = json_array();
    bool mask = !privacy_can_see(r);
    for (int i = 0; i < n; i++) json_array_append_new(items, fund_review_json(&v[i], mask));
    web_json(r, 200, api_list(items, total, &pg));
}

void fund_review_decide_api(req *r)
{
    int64_t fund_id, id;
    if (!api_fund(r, &fund_id) || !review_in_fund(r, fund_id, &id)) return;
    struct field_errors fe = {0};
    int accept = decision_of(api_text(r, "decision"), &fe);
    if (accept < 0) { api_result(r, 0, &fe, "decide review"); return; }
    struct actor me = actor_of_req(r);
    const char *note = api_text(r, "note");
    int rc = fund_review_decide(r->db, &r->a, &me, id, accept == 1, str_empty(note) ? NULL : note, NULL, &fe);
    if (rc > 0) {
        struct fund_review_item v;
        if (fund_review_get(r->db, &r->a, id, &v) != 1) { web_fail(r, "review"); return; }
        web_json(r, 200, fund_review_json(&v, !privacy_can_see(r)));
        return;
    }
    if (rc == 0 && ferr_get(&fe, "state")) {
        web_json(r, 409, json_pack("{s:s, s:s, s:o}", "error", "conflict", "message", ferr_get(&fe, "state"), "fields",
                                   ferr_json(&fe)));
        return;
    }
    api_result(r, rc, &fe, "decide review");
}
