/* fund_review_web.c: the review queue of a fund as a page and as JSON (the fund's managers):
 * every uncertain item with its two sides next to each other — the transfer already in the fund
 * and the other statement's line, or the transfer and the registered donor its sender's name
 * equals — the rule that matched and why it is uncertain, and the two decisions with their
 * consequence spelled out on the buttons. The queue is filtered by kind and state and paged by
 * keyset (?after= / ?before= an item id; links that stay right while items are decided), with the
 * fund's open count and the filter's total on every page; the JSON gives a `next` cursor. The
 * domain (fund_review_page, fund_review_decide) reads and applies. */
#include <string.h>

#include "fund.h"
#include "fund_pages.h"
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

static void review_item_html(req *r, const struct fund *f, const struct fund_review_item *v, const struct review_filter *filter,
                             const struct field_errors *fe, int64_t failed_id)
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
    /* back to the same page of the same filter after the decision */
    if (filter->kind) html(r, "<input type=\"hidden\" name=\"kind\" value=\"%s\">", filter->kind);
    if (filter->state != REVIEW_OPEN) html(r, "<input type=\"hidden\" name=\"state\" value=\"%s\">", fund_review_state_name(filter->state));
    if (filter->after) html(r, "<input type=\"hidden\" name=\"after\" value=\"%D\">", filter->after);
    if (filter->before) html(r, "<input type=\"hidden\" name=\"before\" value=\"%D\">", filter->before);
    form_field(r, "text", "note", "Lý do (không bắt buộc)", NULL, failed_id == v->id && fe ? ferr_get(fe, "note") : NULL,
               "maxlength=\"1000\"");
    html(r, "<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"accept\">%s</button> "
            "<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"secondary\">%s</button></div></form>",
         match ? "Chấp nhận: cùng một giao dịch (tính một lần)" : "Chấp nhận: ghi cho nhà tài trợ này",
         match ? "Bác bỏ: hai giao dịch khác nhau (dòng này thành khoản ủng hộ riêng)" : "Bác bỏ: không phải nhà tài trợ này");
    html(r, "</article>");
}

#define REVIEW_PAGE_ITEMS 50     /* items per page: each shows both sides in full */

/* The queue's filter from ?kind=&state=&after=&before= (a form's hidden fields after a decision;
 * ?all=1, the older link, is state=all); false with field errors naming the parameter. */
static bool review_filter_read(req *r, int64_t fund_id, int limit, struct review_filter *f, struct field_errors *fe)
{
    *f = (struct review_filter){.fund_id = fund_id, .limit = limit};
    const char *kind = web_param(r, "kind");
    if (str_eq(kind, "statement_match") || str_eq(kind, "donor_match")) f->kind = kind;
    else if (!str_empty(kind))
        ferr_add(fe, "kind", arena_printf(&r->a, "Loại mục \"%s\": statement_match (đối chiếu hai sao kê) hoặc donor_match "
                                                 "(nhận diện nhà tài trợ).", kind));
    const char *state = web_param(r, "state");
    if (str_empty(state) && str_eq(web_param(r, "all"), "1")) state = "all";
    if (!fund_review_state_read(state, &f->state))
        ferr_add(fe, "state", arena_printf(&r->a, "Tình trạng \"%s\": open (chưa quyết định), decided (đã quyết định) hoặc all.",
                                           state));
    const char *names[2] = {"after", "before"};
    int64_t *cursor[2] = {&f->after, &f->before};
    for (int i = 0; i < 2; i++) {
        const char *v = web_param(r, names[i]);
        if (!str_empty(v) && (!parse_int64(v, cursor[i]) || *cursor[i] < 0))
            ferr_add(fe, names[i], arena_printf(&r->a, "%s=\"%s\": phải là số của một mục.", names[i], v));
    }
    if (f->after > 0 && f->before > 0) ferr_add(fe, "before", "Chỉ dùng một trong after= và before=.");
    return fe->n == 0;
}

/* The filter's parameters, for links and the hidden fields of the decision forms. */
static void review_keep(const struct review_filter *f, const char *keep[5])
{
    keep[0] = "kind";
    keep[1] = f->kind;
    keep[2] = "state";
    keep[3] = f->state == REVIEW_OPEN ? NULL : fund_review_state_name(f->state);
    keep[4] = NULL;
}

static void reviews_render(req *r, const struct fund *f, const struct field_errors *fe, int64_t failed_id)
{
    struct field_errors filter_errors = {0};
    struct review_filter filter;
    struct review_page pg = {0};
    bool filter_ok = review_filter_read(r, f->id, REVIEW_PAGE_ITEMS, &filter, &filter_errors);
    if (filter_ok && fund_review_page(r->db, &r->a, &filter, &pg) < 0) { web_fail(r, "reviews"); return; }
    const char *keep[5];
    review_keep(&filter, keep);
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
    if (!filter_ok) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Bộ lọc chưa đúng:</p><ul>");
        for (int i = 0; i < filter_errors.n; i++) html(r, "<li>%s</li>", filter_errors.items[i].value);
        html(r, "</ul></div>");
        status = 400;
    }
    html(r, "<p><a href=\"/funds/%D/manage\">← Quản lý quỹ</a></p>", f->id);
    if (filter_ok) html(r, "<p role=\"status\">Quỹ có <strong>%D</strong> mục chưa quyết định.</p>", pg.open);
    /* the filter: a GET form, so the filtered page is a link to share */
    html(r, "<form method=\"get\" action=\"/funds/%D/reviews\" class=\"filters\">", f->id);
    static const char *const kinds[] = {"", "Mọi loại", "statement_match", "Đối chiếu hai sao kê", "donor_match",
                                        "Nhận diện nhà tài trợ", NULL};
    static const char *const states[] = {"open", "Chưa quyết định", "decided", "Đã quyết định", "all", "Tất cả", NULL};
    form_select(r, "kind", "Loại mục", kinds, filter.kind ? filter.kind : "", ferr_get(&filter_errors, "kind"));
    form_select(r, "state", "Tình trạng", states, fund_review_state_name(filter.state), ferr_get(&filter_errors, "state"));
    html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">Lọc</button></div></form>");
    if (filter_ok) {
        if (!pg.n) html(r, "<p class=\"muted\">Không có mục nào theo bộ lọc này.</p>");
        else
            html(r, "<p>Bộ lọc này có %D mục; trang này hiện %d mục (số %D đến %D).</p>", pg.total, pg.n, pg.items[0].id,
                 pg.items[pg.n - 1].id);
        for (int i = 0; i < pg.n; i++) review_item_html(r, f, &pg.items[i], &filter, fe, failed_id);
        cursor_links(r, arena_printf(&r->a, "/funds/%lld/reviews", (long long)f->id), keep,
                     pg.more_before && pg.n ? arena_printf(&r->a, "%lld", (long long)pg.items[0].id) : NULL,
                     pg.more_after && pg.n ? arena_printf(&r->a, "%lld", (long long)pg.items[pg.n - 1].id) : NULL);
    }
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
        struct review_filter filter;
        struct field_errors ignored = {0};
        review_filter_read(r, f.id, REVIEW_PAGE_ITEMS, &filter, &ignored);   /* a bad one falls back to the start */
        const char *keep[5];
        review_keep(&filter, keep);
        const char *cursor = filter.before ? "before" : filter.after ? "after" : NULL;
        const char *q = cursor_query(r, keep, cursor, arena_printf(&r->a, "%lld", (long long)(filter.before + filter.after)));
        web_redirect(r, arena_printf(&r->a, "/funds/%lld/reviews?%s%snotice=%s", (long long)f.id, q, *q ? "&" : "",
                                     accept ? "accepted" : "rejected"));
        return;
    }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    /* a decided item is shown with the others (?all=1 keeps it on the page) */
    r->status = ferr_get(&fe, "state") ? 409 : 400;
    reviews_render(r, &f, &fe, id);
}

/* ---- JSON ---- */
const struct api_member review_decision_body[] = {{"decision", API_TEXT}, {"note", API_TEXT_NULL}, {NULL, 0}};

/* GET /api/funds/{id}/reviews?kind=&state=&after=&before=&limit=: the list envelope with
 * "open" (the fund's open items) and the cursors "next" and "prev" (an item id as text, or null
 * at either end); offset is refused (keyset paging: a decided item would shift offsets). */
void fund_reviews_api(req *r)
{
    int64_t id;
    if (!api_fund(r, &id)) return;
    struct api_page pg;
    struct field_errors fe = {0};
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    if (pg.offset) ferr_add(&fe, "offset", "Danh sách này phân trang bằng con trỏ: dùng after= (giá trị \"next\" của trang trước).");
    struct review_filter filter;
    if (!review_filter_read(r, id, (int)pg.limit, &filter, &fe) || fe.n) { api_reply_errors(r, &fe); return; }
    struct review_page page;
    if (fund_review_page(r->db, &r->a, &filter, &page) < 0) { web_fail(r, "reviews"); return; }
    json_t *items = json_array();
    bool mask = !privacy_can_see(r);
    for (int i = 0; i < page.n; i++) json_array_append_new(items, fund_review_json(&page.items[i], mask));
    json_t *o = api_list(items, page.total, &pg);
    json_object_set_new(o, "open", json_integer(page.open));
    json_object_set_new(o, "next", page.more_after && page.n ? json_string(arena_printf(&r->a, "%lld", (long long)page.items[page.n - 1].id))
                                                             : json_null());
    json_object_set_new(o, "prev", page.more_before && page.n ? json_string(arena_printf(&r->a, "%lld", (long long)page.items[0].id))
                                                              : json_null());
    web_json(r, 200, o);
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
