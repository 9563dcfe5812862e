/* fund_manage_web.c: the managers' face of a fund (fund.write, in the owner unit's subtree; the
 * Board everywhere): creating a fund, publishing it, its tiers, accounts, money out, donations
 * entered by hand, bank-statement import, the review queue and the proposals a tier hands to
 * commendation; as forms and as JSON. The domain (fund.h) decides every write: a refusal on
 * "scope" is a 403 here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "fund.h"
#include "fund_pages.h"
#include "setting.h"
#include "vn_calendar.h"

/* ---- shared helpers ---- */

static const struct upload *find_upload(req *r, const char *field)
{
    for (int i = 0; i < r->n_uploads; i++)
        if (str_eq(r->uploads[i].field, field)) return &r->uploads[i];
    return NULL;
}

/* The file name as shown and audited: its last path component, at most 200 bytes. */
static const char *upload_name(arena *a, const struct upload *u)
{
    const char *n = u->filename ? u->filename : "";
    const char *slash = strrchr(n, '/'), *back = strrchr(n, '\\');
    if (slash && (!back || slash > back)) n = slash + 1;
    else if (back) n = back + 1;
    size_t len = strlen(n);
    if (len > 200) len = 200;
    while (len && ((unsigned char)n[len] & 0xC0) == 0x80) len--;
    return arena_strndup(a, n, len);
}

static struct import_quota import_quota_of(req *r)
{
    const char *name = arena_printf(&r->a, "import.max_rows.%s", r->user.role ? r->user.role : "");
    struct import_quota q = {setting_int(r->db, name), name};
    return q;
}

/* An amount typed in a form: "14000000000", "14.000.000.000", "14 tỷ". */
bool form_amount(req *r, const char *name, const char *label, int64_t *out, struct field_errors *fe)
{
    const char *v = web_param(r, name);
    if (str_empty(v)) { ferr_add(fe, name, arena_printf(&r->a, "%s: không được để trống.", label)); return false; }
    struct vn_amount am;
    struct vn_error err;
    if (vn_amount_parse(v, &am, &err) != 0 || am.bound != VN_BOUND_EXACT) {
        ferr_add(fe, name, arena_printf(&r->a, "%s: \"%s\" không phải số tiền (ví dụ 50000000 hoặc 50 triệu).", label, v));
        return false;
    }
    *out = am.dong;
    return true;
}

/* The fund of the path and whether this user manages it; false after answering 404 or 403. */
bool managed_fund(req *r, struct fund *f)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = fund_get(r->db, &r->a, id, f);
    if (rc < 0) { web_fail(r, "get fund"); return false; }
    if (!rc) { web_error(r, 404, "Không có quỹ này."); return false; }
    struct actor me = actor_of_req(r);
    if (!fund_may_manage(r->db, &me, f)) {
        web_error(r, 403, "Chỉ cán bộ của đơn vị chủ quỹ (và Ban Thi đua – Khen thưởng) mới quản lý được quỹ này.");
        return false;
    }
    return true;
}

/* After a form: back to the manage page, 403 for scope, or the page with the errors. */
static void manage_render(req *r, const struct fund *f, const struct field_errors *fe, const struct statement_result *imp);
static void form_result(req *r, const struct fund *f, int64_t rc, const struct field_errors *fe, const char *what,
                        const char *notice)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/funds/%lld/manage?notice=%s", (long long)f->id, notice)); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    manage_render(r, f, fe, NULL);
    r->status = 400;
}

static json_t *errors_json(const struct field_errors *fe) { return ferr_json(fe); }

/* A domain answer as JSON: 201 with the id, 403 for scope, 400 with fields. */
void api_result(req *r, int64_t rc, const struct field_errors *fe, const char *what)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (rc > 0) { web_json(r, 201, json_pack("{s:I}", "id", (json_int_t)rc)); return; }
    if (ferr_get(fe, "scope")) {
        web_json(r, 403, json_pack("{s:s, s:s}", "error", "forbidden", "message", ferr_get(fe, "scope")));
        return;
    }
    web_json_fields(r, "Dữ liệu chưa hợp lệ.", errors_json(fe));
}

const char *cursor_query(req *r, const char *const *keep, const char *cursor_name, const char *cursor)
{
    buf qs = {0};
    for (const char *const *k = keep; k && k[0]; k += 2) {
        if (str_empty(k[1])) continue;
        buf_printf(&qs, "%s%s=", qs.len ? "&" : "", k[0]);
        url_encode(&qs, k[1]);
    }
    if (cursor_name) {
        buf_printf(&qs, "%s%s=", qs.len ? "&" : "", cursor_name);
        url_encode(&qs, cursor);
    }
    const char *out = arena_strndup(&r->a, qs.len ? qs.data : "", qs.len);
    buf_free(&qs);
    return out;
}

void cursor_links(req *r, const char *path, const char *const *keep, const char *before, const char *after)
{
    if (!before && !after) return;
    html(r, "<nav class=\"pager\" aria-label=\"Trang\">");
    if (before) html(r, "<a href=\"%s?%s\" rel=\"prev\">← Trang trước</a>", path, cursor_query(r, keep, "before", before));
    if (after) html(r, "<a href=\"%s?%s\" rel=\"next\">Trang sau →</a>", path, cursor_query(r, keep, "after", after));
    html(r, "</nav>");
}

#define MANAGE_REVIEWS_SHOWN 50   /* the manage page's summary of the queue; the queue's own page pages them all */

/* ---- /funds/new ---- */
void fund_new_page(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct fund_input in = {
            .name = web_param(r, "name"), .code = web_param(r, "code"), .purpose = web_param(r, "purpose"),
            .campaign_ref = web_param(r, "campaign"), .period_from = web_param(r, "period_from"),
            .period_to = web_param(r, "period_to"), .published = str_eq(web_param(r, "published"), "1"),
        };
        const char *owner = web_param(r, "owner");
        if (!str_empty(owner)) {
            struct ref ref = ref_parse(owner);
            int found = ref.kind == REF_ID || ref.kind == REF_DIGITS
                            ? store_int64(r->db, &in.owner_unit_id, "SELECT id FROM unit WHERE id = $1", "i", ref.id)
                        : ref.kind == REF_CODE ? store_int64(r->db, &in.owner_unit_id, "SELECT id FROM unit WHERE code = $1", "t", ref.code)
                                               : 0;
            if (found < 0) { web_fail(r, "owner unit"); return; }
            if (!found) ferr_add(&fe, "owner", "Không có đơn vị với mã hoặc số hiệu này.");
        }
        if (!str_empty(web_param(r, "target"))) form_amount(r, "target", "Mục tiêu", &in.target_amount, &fe);
        if (!fe.n) {
            struct actor me = actor_of_req(r);
            int64_t id = fund_create(r->db, &r->a, &me, &in, &fe);
            if (id < 0) { web_fail(r, "create fund"); return; }
            if (id > 0) { web_redirect(r, arena_printf(&r->a, "/funds/%lld/manage?notice=created", (long long)id)); return; }
        }
    }
    page_begin(r, "Lập quỹ mới");
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, "/funds/new", "class=\"narrow\"");
    form_field(r, "text", "name", "Tên quỹ", web_param(r, "name"), ferr_get(&fe, "name"), "required maxlength=\"300\"");
    form_field(r, "text", "code", "Mã quỹ (không bắt buộc)", web_param(r, "code"), ferr_get(&fe, "code"), "maxlength=\"100\"");
    form_field(r, "textarea", "purpose", "Mục đích", web_param(r, "purpose"), ferr_get(&fe, "purpose"), "maxlength=\"2000\"");
    form_field(r, "text", "owner", "Đơn vị chủ quỹ (mã đơn vị; bỏ trống: đơn vị của bạn)", web_param(r, "owner"),
               ferr_get(&fe, "owner"), NULL);
    form_field(r, "text", "campaign", "Phong trào thi đua (mã, không bắt buộc)", web_param(r, "campaign"), ferr_get(&fe, "campaign"), NULL);
    form_field(r, "text", "period_from", "Từ ngày", web_param(r, "period_from"), ferr_get(&fe, "period_from"), "placeholder=\"dd/mm/yyyy\"");
    form_field(r, "text", "period_to", "Đến ngày", web_param(r, "period_to"), ferr_get(&fe, "period_to"), "placeholder=\"dd/mm/yyyy\"");
    form_field(r, "text", "target", "Mục tiêu (đồng)", web_param(r, "target"), ferr_get(&fe, "target"), "inputmode=\"numeric\"");
    form_end(r, "Lập quỹ");
    page_end(r);
    if (fe.n) r->status = 400;
}

/* ---- /funds/{id}/manage ---- */
static const char *const profile_options[] = {"saoke", "Sao kê công khai (date,bank,id,money,desc,page)", NULL};
static const char *const channel_options[] = {"cash", "Tiền mặt", "transfer", "Chuyển khoản", "in_kind", "Hiện vật", NULL};

static void manage_render(req *r, const struct fund *f, const struct field_errors *fe, const struct statement_result *imp)
{
    struct fund_totals t;
    struct fund_tier *tiers;
    struct fund_review *rev;
    int nt, nrev;
    int64_t open_reviews;
    if (fund_totals_get(r->db, f->id, &t) < 0 || fund_tiers(r->db, &r->a, f->id, &tiers, &nt) < 0 ||
        fund_reviews(r->db, &r->a, f->id, MANAGE_REVIEWS_SHOWN, &rev, &nrev, &open_reviews) < 0) {
        web_fail(r, "manage fund");
        return;
    }
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Quản lý: %s", f->name));
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "created")) page_notice(r, "ok", "Đã lập quỹ.");
    else if (notice) page_notice(r, "ok", "Đã lưu.");
    if (fe && fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa lưu được:</p><ul>");
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s: %s</li>", fe->items[i].name, fe->items[i].value);
        html(r, "</ul></div>");
    }
    if (imp) {
        import_report_html(r, &imp->rep, imp->rep.total <= 500, NULL);
        html(r, "<p role=\"status\">%d giao dịch mới (%M đồng); %d dòng trùng giao dịch của sao kê khác (%d chờ xem xét); "
                "%d dòng đã nhập trước đây; %d tên người chuyển cần đối chiếu với nhà tài trợ.</p>",
             imp->fresh, imp->sum_fresh, imp->matched, imp->uncertain, imp->already, imp->donor_reviews);
    }
    html(r, "<p><a href=\"/funds/%D\">Trang công khai của quỹ</a> · Đã nhận %M đồng (%D lượt) · Đã chi %M đồng</p>", f->id,
         t.donated, t.donations, t.disbursed);

    html(r, "<h2>Công khai</h2>");
    form_begin(r, arena_printf(&r->a, "/funds/%lld/publish", (long long)f->id), "class=\"inline\"");
    html(r, "<input type=\"hidden\" name=\"published\" value=\"%s\">", f->published ? "0" : "1");
    html(r, "<button type=\"submit\">%s</button></form>", f->published ? "Thôi công khai" : "Công khai quỹ");

    html(r, "<h2>Nhập sao kê ngân hàng</h2>");
    form_begin(r, arena_printf(&r->a, "/funds/%lld/import", (long long)f->id), "enctype=\"multipart/form-data\" class=\"narrow\"");
    form_field(r, "file", "file", "Tệp sao kê (CSV hoặc CSV nén .gz)", NULL, fe ? ferr_get(fe, "file") : NULL, "required");
    form_select(r, "profile", "Dạng sao kê", profile_options, "saoke", NULL);
    form_field(r, "number", "year", "Năm (cho ngày không ghi năm)", NULL, fe ? ferr_get(fe, "year") : NULL, "min=\"1900\" max=\"2200\"");
    html(r, "<div class=\"field\"><label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> Chỉ kiểm tra, không ghi</label></div>");
    form_end(r, "Nhập");

    html(r, "<h2>Mức ghi nhận</h2>");
    if (nt) {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Mức</th><th scope=\"col\" class=\"num\">Từ (đồng)</th>"
                "<th scope=\"col\">Hình thức khen thưởng</th><th scope=\"col\" class=\"num\">Đạt</th><th scope=\"col\">Đề nghị</th>"
                "</tr></thead><tbody>");
        for (int i = 0; i < nt; i++) {
            struct tier_qualifier *q;
            int nq;
            if (tier_qualifiers(r->db, &r->a, &tiers[i], &q, &nq) < 0) { web_fail(r, "qualifiers"); return; }
            html(r, "<tr><td>%s</td><td class=\"num\">%M</td><td>%s</td><td class=\"num\">%d</td><td>", tiers[i].label,
                 tiers[i].threshold, tiers[i].form_code ? tiers[i].form_code : "", nq);
            if (tiers[i].form_code) {
                form_begin(r, arena_printf(&r->a, "/funds/%lld/tiers/%lld/propose", (long long)f->id, (long long)tiers[i].id),
                           "class=\"inline\"");
                char year[5];
                char today[11];
                iso_date_today(today);
                memcpy(year, f->period_from ? f->period_from : today, 4);
                year[4] = 0;
                html(r, "<label>Năm <input type=\"number\" name=\"year\" value=\"%s\" min=\"1900\" max=\"2200\" required></label> "
                        "<button type=\"submit\" class=\"secondary\">Tạo đề nghị khen thưởng</button></form>", year);
            }
            html(r, "</td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    form_begin(r, arena_printf(&r->a, "/funds/%lld/tiers", (long long)f->id), "class=\"narrow\"");
    form_field(r, "text", "label", "Tên mức", NULL, fe ? ferr_get(fe, "label") : NULL, "maxlength=\"300\"");
    form_field(r, "text", "threshold", "Từ (đồng)", NULL, fe ? ferr_get(fe, "threshold") : NULL, "inputmode=\"numeric\"");
    form_field(r, "text", "form_code", "Hình thức khen thưởng (mã, ví dụ BK_CT_UBND_TINH)", NULL, NULL, NULL);
    form_field(r, "text", "basis", "Căn cứ (kế hoạch, quyết định)", NULL, NULL, NULL);
    form_end(r, "Thêm mức");

    html(r, "<h2>Ghi nhận khoản ủng hộ</h2>");
    form_begin(r, arena_printf(&r->a, "/funds/%lld/donations/new", (long long)f->id), "class=\"narrow\"");
    form_field(r, "text", "amount", "Số tiền hoặc giá trị quy đổi (đồng)", NULL, fe ? ferr_get(fe, "amount") : NULL, "inputmode=\"numeric\"");
    form_field(r, "text", "given_on", "Ngày", NULL, fe ? ferr_get(fe, "given_on") : NULL, "placeholder=\"dd/mm/yyyy\"");
    form_select(r, "channel", "Hình thức", channel_options, "cash", NULL);
    form_field(r, "text", "in_kind", "Hiện vật (khi ủng hộ bằng hiện vật)", NULL, fe ? ferr_get(fe, "in_kind") : NULL, NULL);
    form_field(r, "text", "donor", "Nhà tài trợ (id:N hoặc mã số thuế)", NULL, fe ? ferr_get(fe, "donor") : NULL, NULL);
    form_field(r, "text", "message", "Nội dung", NULL, NULL, NULL);
    form_end(r, "Ghi nhận");

    html(r, "<h2>Ghi khoản chi</h2>");
    form_begin(r, arena_printf(&r->a, "/funds/%lld/disbursements", (long long)f->id), "class=\"narrow\"");
    form_field(r, "text", "amount", "Số tiền (đồng)", NULL, NULL, "inputmode=\"numeric\"");
    form_field(r, "text", "paid_on", "Ngày chi", NULL, fe ? ferr_get(fe, "paid_on") : NULL, "placeholder=\"dd/mm/yyyy\"");
    form_field(r, "text", "payee", "Đơn vị/người nhận", NULL, fe ? ferr_get(fe, "payee") : NULL, NULL);
    form_field(r, "text", "purpose", "Nội dung chi", NULL, fe ? ferr_get(fe, "purpose") : NULL, NULL);
    form_field(r, "text", "document", "Chứng từ (số, ngày)", NULL, NULL, NULL);
    form_end(r, "Ghi khoản chi");

    html(r, "<h2>Cần xem xét (%D mục chưa quyết định)</h2>", open_reviews);
    html(r, "<p><a href=\"/funds/%D/reviews\">Xem xét và quyết định từng mục</a></p>", f->id);
    if (!nrev) html(r, "<p class=\"muted\">Không có.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><caption>%s</caption><thead><tr><th scope=\"col\">Loại</th>"
                "<th scope=\"col\">Giao dịch</th><th scope=\"col\">Người chuyển</th><th scope=\"col\">Nhà tài trợ</th>"
                "<th scope=\"col\">Ghi chú</th></tr></thead><tbody>",
             nrev == MANAGE_REVIEWS_SHOWN ? arena_printf(&r->a, "%d mục đầu (chưa quyết định trước); mọi mục ở trang Xem xét",
                                                         MANAGE_REVIEWS_SHOWN)
                                          : "Các mục, chưa quyết định trước");
        for (int i = 0; i < nrev; i++)
            html(r, "<tr><td>%s</td><td>#%D %T %M</td><td>%s</td><td>%s</td><td>%s</td></tr>",
                 str_eq(rev[i].kind, "statement_match") ? "Đối chiếu sao kê" : "Nhận diện nhà tài trợ", rev[i].donation_id,
                 rev[i].given_on, rev[i].amount, rev[i].sender_name ? rev[i].sender_name : "",
                 rev[i].donor_name ? rev[i].donor_name : "", rev[i].note);
        html(r, "</tbody></table></div>");
    }
    html(r, "<h2>Cam kết và hoàn trả</h2><ul><li><a href=\"/funds/%D/pledges\">Cam kết ủng hộ: hạn nộp, đã nhận, quá hạn; sửa, xoá, "
            "gắn khoản ủng hộ</a></li>"
            "<li><a href=\"/funds/%D/reversal\">Ghi hoàn trả một khoản ủng hộ (chuyển khoản bị trả lại)</a></li>"
            "<li><a href=\"/donors/duplicates\">Nhà tài trợ có thể trùng nhau: gộp</a></li></ul>", f->id, f->id);
    page_end(r);
    r->status = status;
}

void fund_manage_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    manage_render(r, &f, NULL, NULL);
}

void fund_publish_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int rc = fund_set_published(r->db, &r->a, &me, f.id, str_eq(web_param(r, "published"), "1"), &fe);
    form_result(r, &f, rc, &fe, "publish fund", "published");
}

void fund_tier_add_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    struct field_errors fe = {0};
    struct fund_tier in = {.fund_id = f.id, .label = web_param(r, "label"), .form_code = web_param(r, "form_code"),
                           .basis = web_param(r, "basis"), .period_from = web_param(r, "period_from"),
                           .period_to = web_param(r, "period_to")};
    if (str_empty(in.form_code)) in.form_code = NULL;
    if (str_empty(in.basis)) in.basis = NULL;
    int64_t rc = 0;
    if (form_amount(r, "threshold", "Ngưỡng", &in.threshold, &fe)) {
        struct actor me = actor_of_req(r);
        rc = fund_tier_add(r->db, &r->a, &me, &in, &fe);
    }
    form_result(r, &f, rc, &fe, "add tier", "tier");
}

void fund_disburse_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    struct field_errors fe = {0};
    struct fund_disbursement in = {.fund_id = f.id, .paid_on = web_param(r, "paid_on"), .payee = web_param(r, "payee"),
                                   .purpose = web_param(r, "purpose"), .document = web_param(r, "document")};
    if (str_empty(in.document)) in.document = NULL;
    int64_t rc = 0;
    if (form_amount(r, "amount", "Số tiền chi", &in.amount, &fe)) {
        struct actor me = actor_of_req(r);
        rc = fund_disburse(r->db, &r->a, &me, &in, &fe);
    }
    form_result(r, &f, rc, &fe, "disburse", "disbursed");
}

void fund_donation_add_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    struct field_errors fe = {0};
    struct donation_input in = {.fund_id = f.id, .given_on = web_param(r, "given_on"), .channel = web_param(r, "channel"),
                                .in_kind = web_param(r, "in_kind"), .message = web_param(r, "message"),
                                .reference = web_param(r, "reference")};
    if (str_empty(in.in_kind)) in.in_kind = NULL;
    if (str_empty(in.message)) in.message = NULL;
    if (str_empty(in.reference)) in.reference = NULL;
    const char *donor = web_param(r, "donor"), *why;
    if (!str_empty(donor)) {
        int found = donor_find_ref(r->db, &r->a, donor, &in.donor_id, &why);
        if (found < 0) { web_fail(r, "find donor"); return; }
        if (!found) ferr_add(&fe, "donor", arena_printf(&r->a, "Nhà tài trợ \"%s\": %s.", donor, why));
    }
    int64_t rc = 0;
    if (form_amount(r, "amount", "Số tiền", &in.amount, &fe) && !fe.n) {
        struct actor me = actor_of_req(r);
        rc = donation_add(r->db, &r->a, &me, &in, &fe);
    }
    form_result(r, &f, rc, &fe, "add donation", "donation");
}

/* Reads the import's profile and year from the request; NULL with a field error. */
static const struct statement_profile *import_profile(req *r, struct statement_profile *mp, int *year, struct field_errors *fe)
{
    const char *profile = web_param(r, "profile"), *map = web_param(r, "map"), *y = web_param(r, "year"), *why = NULL;
    int64_t yy = 0;
    *year = 0;
    if (!str_empty(y)) {
        if (parse_int64(y, &yy) && yy >= 1900 && yy <= 2200) *year = (int)yy;
        else ferr_add(fe, "year", "Năm gồm 4 chữ số (1900 đến 2200).");
    }
    if (!str_empty(map)) {
        if (!statement_profile_parse(&r->a, map, mp, &why)) { ferr_add(fe, "map", why); return NULL; }
        return mp;
    }
    const struct statement_profile *p = statement_profile_find(str_empty(profile) ? "saoke" : profile);
    if (!p) ferr_add(fe, "profile", "Dạng sao kê không có sẵn (có: saoke); hoặc mô tả bằng map=….");
    return p;
}

void fund_import_page(req *r)
{
    struct fund f;
    if (!managed_fund(r, &f)) return;
    if (!web_is_post(r)) { manage_render(r, &f, NULL, NULL); return; }
    struct field_errors fe = {0};
    struct statement_profile mp;
    int year;
    const struct statement_profile *p = import_profile(r, &mp, &year, &fe);
    const struct upload *up = find_upload(r, "file");
    if (!up) ferr_add(&fe, "file", "Hãy chọn tệp sao kê để nhập.");
    if (fe.n) { manage_render(r, &f, &fe, NULL); r->status = 400; return; }
    struct actor me = actor_of_req(r);
    struct import_quota quota = import_quota_of(r);
    unsigned flags = str_eq(web_param(r, "dry_run"), "1") ? IMPORT_DRY_RUN : 0;
    /* A large statement runs as a background job with a progress page; a small one here. */
    int64_t threshold = setting_int(r->db, "import.job_threshold_lines");
    if (statement_data_lines(up->data, up->len, (int)threshold) > threshold) {
        int64_t job = statement_job_start(r->db, &me, f.id, p, year, &quota, upload_name(&r->a, up), up->data, up->len, flags);
        if (job < 0) { web_fail(r, "start the statement import job"); return; }
        web_redirect(r, arena_printf(&r->a, "/jobs/%lld", (long long)job));
        return;
    }
    struct statement_result res;
    int rc = statement_import(r->db, &r->a, &me, f.id, p, year, upload_name(&r->a, up), up->data, up->len, flags, &quota,
                              NULL, NULL, &res, &fe);
    if (rc < 0) { web_fail(r, "import statement"); return; }
    if (fe.n) { form_result(r, &f, 0, &fe, "import statement", ""); return; }
    if (res.rep.fatal || (!res.rep.written && res.rep.rejected && !res.rep.dry_run)) r->status = 400;
    manage_render(r, &f, NULL, &res);
}

void fund_propose_page(req *r)
{
    struct fund f;
    int64_t tier_id, year = 0;
    if (!managed_fund(r, &f) || !web_param_id(r, 1, &tier_id)) return;
    struct field_errors fe = {0};
    const char *y = web_param(r, "year");
    if (!y || !parse_int64(y, &year) || year < 1900 || year > 2200) ferr_add(&fe, "year", "Năm gồm 4 chữ số.");
    int created = 0, existing = 0, skipped = 0;
    int rc = 0;
    if (!fe.n) {
        struct actor me = actor_of_req(r);
        rc = tier_propose(r->db, &r->a, &me, tier_id, (int)year, &created, &existing, &skipped, &fe);
    }
    if (rc > 0) {
        web_redirect(r, arena_printf(&r->a, "/funds/%lld/manage?notice=proposed", (long long)f.id));
        return;
    }
    form_result(r, &f, rc, &fe, "propose", "proposed");
}

/* ---- JSON ---- */
const struct api_member fund_body[] = {
    {"name", API_TEXT}, {"code", API_TEXT_NULL}, {"purpose", API_TEXT_NULL}, {"owner", API_REF_NULL},
    {"campaign", API_TEXT_NULL}, {"period_from", API_TEXT_NULL}, {"period_to", API_TEXT_NULL}, {"target", API_INT},
    {"published", API_BOOL}, {NULL, 0},
};
const struct api_member fund_publish_body[] = {{"published", API_BOOL}, {NULL, 0}};
const struct api_member tier_body[] = {
    {"threshold", API_INT}, {"label", API_TEXT}, {"form_code", API_TEXT_NULL}, {"period_from", API_TEXT_NULL},
    {"period_to", API_TEXT_NULL}, {"basis", API_TEXT_NULL}, {NULL, 0},
};
const struct api_member disbursement_body[] = {
    {"amount", API_INT}, {"paid_on", API_TEXT}, {"payee", API_TEXT}, {"purpose", API_TEXT}, {"document", API_TEXT_NULL},
    {NULL, 0},
};
const struct api_member donation_body[] = {
    {"amount", API_INT}, {"given_on", API_TEXT}, {"given_time", API_TEXT_NULL}, {"channel", API_TEXT},
    {"in_kind", API_TEXT_NULL}, {"reference", API_TEXT_NULL}, {"message", API_TEXT_NULL}, {"donor", API_REF_NULL},
    {NULL, 0},
};
const struct api_member propose_body[] = {{"year", API_INT}, {NULL, 0}};
const struct api_member donor_body[] = {
    {"kind", API_TEXT}, {"name", API_TEXT}, {"display_name", API_TEXT_NULL}, {"tax_code", API_TEXT_NULL},
    {"citizen_id", API_TEXT_NULL}, {"account_no", API_TEXT_NULL}, {"anonymous", API_BOOL}, {"honour_consent", API_BOOL},
    {"identity_confirmed", API_BOOL}, {NULL, 0},
};

/* A text member: NULL when absent, null or empty. */
static const char *body_text(req *r, const char *name)
{
    const char *v = api_text(r, name);
    return str_empty(v) ? NULL : v;
}

/* A JSON route on a fund: the fund of the path, managed by this user; false after a 404 or a
 * 403 (scope first, so a writer outside it learns nothing from field errors). */
bool api_fund(req *r, int64_t *id)
{
    if (!web_param_id(r, 0, id)) return false;
    struct fund f;
    int rc = fund_get(r->db, &r->a, *id, &f);
    if (rc < 0) { web_fail(r, "get fund"); return false; }
    if (!rc) { web_error(r, 404, "Không có quỹ này."); return false; }
    struct actor me = actor_of_req(r);
    if (!fund_may_manage(r->db, &me, &f)) {
        web_json(r, 403, json_pack("{s:s, s:s}", "error", "forbidden", "message",
                                   "Chỉ cán bộ của đơn vị chủ quỹ (và Ban Thi đua – Khen thưởng) mới quản lý được quỹ này."));
        return false;
    }
    return true;
}

void funds_create_api(req *r)
{
    struct field_errors fe = {0};
    struct fund_input in = {
        .name = body_text(r, "name"), .code = body_text(r, "code"), .purpose = body_text(r, "purpose"),
        .campaign_ref = body_text(r, "campaign"), .period_from = body_text(r, "period_from"),
        .period_to = body_text(r, "period_to"), .published = api_bool(r, "published") == 1,
    };
    api_int(r, "target", &in.target_amount);
    struct ref owner = api_ref(r, "owner");
    if (owner.kind == REF_ID || owner.kind == REF_CODE) {
        int found = owner.kind == REF_ID ? store_int64(r->db, &in.owner_unit_id, "SELECT id FROM unit WHERE id = $1", "i", owner.id)
                                         : store_int64(r->db, &in.owner_unit_id, "SELECT id FROM unit WHERE code = $1", "t", owner.code);
        if (found < 0) { web_fail(r, "owner unit"); return; }
        if (!found) ferr_add(&fe, "owner", "Không có đơn vị này.");
    }
    int64_t rc = 0;
    if (!fe.n) {
        struct actor me = actor_of_req(r);
        rc = fund_create(r->db, &r->a, &me, &in, &fe);
    }
    api_result(r, rc, &fe, "create fund");
}

void fund_publish_api(req *r)
{
    int64_t id;
    if (!api_fund(r, &id)) return;
    struct field_errors fe = {0};
    int b = api_bool(r, "published");
    if (b < 0) { ferr_add(&fe, "published", "Cần published: true hoặc false."); api_result(r, 0, &fe, "publish"); return; }
    struct actor me = actor_of_req(r);
    int rc = fund_set_published(r->db, &r->a, &me, id, b == 1, &fe);
    if (rc > 0) { web_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "published", b == 1)); return; }
    api_result(r, rc, &fe, "publish");
}

void fund_tiers_api(req *r)
{
    int64_t id;
    if (!api_fund(r, &id)) return;
    struct field_errors fe = {0};
    struct fund_tier in = {.fund_id = id, .label = body_text(r, "label"), .form_code = body_text(r, "form_code"),
                           .period_from = body_text(r, "period_from"), .period_to = body_text(r, "period_to"),
                           .basis = body_text(r, "basis")};
    if (!api_int(r, "threshold", &in.threshold)) ferr_add(&fe, "threshold", "Cần ngưỡng (số đồng).");
    struct actor me = actor_of_req(r);
    api_result(r, fe.n ? 0 : fund_tier_add(r->db, &r->a, &me, &in, &fe), &fe, "add tier");
}

void fund_disbursements_api(req *r)
{
    int64_t id;
    if (!api_fund(r, &id)) return;
    struct field_errors fe = {0};
    struct fund_disbursement in = {.fund_id = id, .paid_on = body_text(r, "paid_on"), .payee = body_text(r, "payee"),
                                   .purpose = body_text(r, "purpose"), .document = body_text(r, "document")};
    if (!api_int(r, "amount", &in.amount)) ferr_add(&fe, "amount", "Cần số tiền chi (số đồng).");
    struct actor me = actor_of_req(r);
    api_result(r, fe.n ? 0 : fund_disburse(r->db, &r->a, &me, &in, &fe), &fe, "disburse");
}

void fund_donations_create_api(req *r)
{
    int64_t id;
    if (!api_fund(r, &id)) return;
    struct field_errors fe = {0};
    struct donation_input in = {.fund_id = id, .given_on = body_text(r, "given_on"), .given_time = body_text(r, "given_time"),
                                .channel = body_text(r, "channel"), .in_kind = body_text(r, "in_kind"),
                                .reference = body_text(r, "reference"), .message = body_text(r, "message")};
    if (!api_int(r, "amount", &in.amount)) ferr_add(&fe, "amount", "Cần số tiền (số đồng).");
    struct ref d = api_ref(r, "donor");
    if (d.kind == REF_ID) {
        in.donor_id = d.id;
    } else if (d.kind == REF_CODE) {
        const char *why;
        int found = donor_find_ref(r->db, &r->a, arena_printf(&r->a, "code:%s", d.code), &in.donor_id, &why);
        if (found < 0) { web_fail(r, "find donor"); return; }
        if (!found) ferr_add(&fe, "donor", why);
    }
    struct actor me = actor_of_req(r);
    api_result(r, fe.n ? 0 : donation_add(r->db, &r->a, &me, &in, &fe), &fe, "add donation");
}

void fund_import_api(req *r)
{
    int64_t id;
    if (!api_fund(r, &id)) return;
    struct field_errors fe = {0};
    struct statement_profile mp;
    int year;
    const struct statement_profile *p = import_profile(r, &mp, &year, &fe);
    const struct upload *up = find_upload(r, "file");
    if (!up) ferr_add(&fe, "file", "Gửi tệp sao kê trong trường \"file\" (multipart/form-data).");
    if (fe.n) { api_result(r, 0, &fe, "import statement"); return; }
    struct actor me = actor_of_req(r);
    struct import_quota quota = import_quota_of(r);
    struct statement_result res;
    int rc = statement_import(r->db, &r->a, &me, id, p, year, upload_name(&r->a, up), up->data, up->len,
                              str_eq(web_param(r, "dry_run"), "1") ? IMPORT_DRY_RUN : 0, &quota, NULL, NULL, &res, &fe);
    if (rc < 0) { web_fail(r, "import statement"); return; }
    if (fe.n) { api_result(r, 0, &fe, "import statement"); return; }
    json_t *o = statement_result_json(&res, true);
    bool bad = res.rep.fatal || (!res.rep.written && res.rep.rejected && !res.rep.dry_run && !res.rep.skip_bad);
    web_json(r, bad ? 400 : 200, o);
}

void fund_propose_api(req *r)
{
    int64_t id, tier_id, year = 0;
    if (!api_fund(r, &id) || !web_param_id(r, 1, &tier_id)) return;
    struct field_errors fe = {0};
    if (!api_int(r, "year", &year) || year < 1900 || year > 2200) ferr_add(&fe, "year", "Cần năm (4 chữ số).");
    int64_t tier_fund = 0;
    int found = store_int64(r->db, &tier_fund, "SELECT fund_id FROM fund_tier WHERE id = $1", "i", tier_id);
    if (found < 0) { web_fail(r, "tier"); return; }
    if (!found || tier_fund != id) { web_error(r, 404, "Quỹ không có mức ghi nhận này."); return; }
    int created = 0, existing = 0, skipped = 0, rc = 0;
    if (!fe.n) {
        struct actor me = actor_of_req(r);
        rc = tier_propose(r->db, &r->a, &me, tier_id, (int)year, &created, &existing, &skipped, &fe);
    }
    if (rc > 0) {
        web_json(r, 200, json_pack("{s:i, s:i, s:i}", "created", created, "existing", existing, "unconfirmed", skipped));
        return;
    }
    api_result(r, rc, &fe, "propose");
}

void donors_create_api(req *r)
{
    struct field_errors fe = {0};
    struct donor_input in = {
        .kind = body_text(r, "kind"), .name = body_text(r, "name"), .display_name = body_text(r, "display_name"),
        .tax_code = body_text(r, "tax_code"), .citizen_id = body_text(r, "citizen_id"), .account_no = body_text(r, "account_no"),
        .anonymous = api_bool(r, "anonymous") == 1, .no_honour = api_bool(r, "honour_consent") == 0,
        .identity_confirmed = api_bool(r, "identity_confirmed") == 1,
    };
    struct actor me = actor_of_req(r);
    api_result(r, donor_create(r->db, &r->a, &me, &in, &fe), &fe, "create donor");
}

void fund_donor_add_page(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct donor_input in = {
            .kind = web_param(r, "kind"), .name = web_param(r, "name"), .display_name = web_param(r, "display_name"),
            .tax_code = web_param(r, "tax_code"), .anonymous = str_eq(web_param(r, "anonymous"), "1"),
            .no_honour = str_eq(web_param(r, "no_honour"), "1"), .identity_confirmed = str_eq(web_param(r, "confirmed"), "1"),
        };
        if (str_empty(in.display_name)) in.display_name = NULL;
        struct actor me = actor_of_req(r);
        int64_t id = donor_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create donor"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/donors/new?notice=%lld", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    static const char *const kinds[] = {"enterprise", "Doanh nghiệp", "organisation", "Tổ chức", "unit", "Cơ quan, đơn vị",
                                        "household", "Hộ gia đình", "individual", "Cá nhân", NULL};
    page_begin(r, "Thêm nhà tài trợ");
    const char *notice = web_param(r, "notice");
    if (notice) page_notice(r, "ok", arena_printf(&r->a, "Đã thêm nhà tài trợ số %s.", notice));
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, "/donors/new", "class=\"narrow\"");
    form_select(r, "kind", "Loại", kinds, web_param(r, "kind"), ferr_get(&fe, "kind"));
    form_field(r, "text", "name", "Tên", web_param(r, "name"), ferr_get(&fe, "name"), "required maxlength=\"300\"");
    form_field(r, "text", "display_name", "Tên hiển thị công khai (không bắt buộc)", web_param(r, "display_name"),
               ferr_get(&fe, "display_name"), NULL);
    form_field(r, "text", "tax_code", "Mã số thuế", web_param(r, "tax_code"), ferr_get(&fe, "tax_code"), NULL);
    html(r, "<div class=\"field\"><label><input type=\"checkbox\" name=\"anonymous\" value=\"1\"> Ẩn danh</label>"
            "<label><input type=\"checkbox\" name=\"no_honour\" value=\"1\"> Không muốn được vinh danh công khai</label>"
            "<label><input type=\"checkbox\" name=\"confirmed\" value=\"1\"> Đã xác minh danh tính (mã số thuế, giấy tờ)</label></div>");
    if (ferr_get(&fe, "identity_confirmed")) html(r, "<p class=\"error\">%s</p>", ferr_get(&fe, "identity_confirmed"));
    form_end(r, "Thêm");
    page_end(r);
    if (fe.n) r->status = 400;
}

/* ---- receipts ---- */
/* POST /funds/{id}/donations/{donation}/receipt: issue (or find) the receipt, then its PDF. */
void fund_receipt_page(req *r)
{
    struct fund f;
    int64_t donation_id;
    if (!managed_fund(r, &f) || !web_param_id(r, 1, &donation_id)) return;
    int64_t in_fund = 0;
    int found = store_int64(r->db, &in_fund, "SELECT fund_id FROM donation WHERE id = $1 AND "
                              IMPORT_VISIBLE("import_batch_id"), "i", donation_id);
    if (found < 0) { web_fail(r, "donation"); return; }
    if (!found || in_fund != f.id) { web_error(r, 404, "Quỹ không có khoản ủng hộ này."); return; }
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t id = receipt_issue(r->db, &r->a, &me, donation_id, NULL, &fe);
    if (id > 0) { web_redirect(r, arena_printf(&r->a, "/funds/%lld/receipts/%lld", (long long)f.id, (long long)id)); return; }
    form_result(r, &f, id, &fe, "issue receipt", "");
}

/* GET /funds/{id}/receipts/{receipt}: the PDF. */
void fund_receipt_pdf_page(req *r)
{
    struct fund f;
    int64_t id;
    if (!managed_fund(r, &f) || !web_param_id(r, 1, &id)) return;
    struct receipt rc;
    int got = receipt_get(r->db, &r->a, id, &rc);
    if (got < 0) { web_fail(r, "receipt"); return; }
    if (!got || rc.fund_id != f.id) { web_error(r, 404, "Không có biên nhận này."); return; }
    buf pdf = {0};
    char err[200];
    if (receipt_pdf(r->db, &r->a, id, &pdf, err, sizeof err) != 0) { buf_free(&pdf); web_fail(r, "receipt pdf"); return; }
    web_header(r, "Content-Disposition",
               arena_printf(&r->a, "inline; filename=\"bien-nhan-%lld-%d.pdf\"", (long long)rc.number, rc.year));
    web_body(r, "application/pdf", pdf.data, pdf.len);
    buf_free(&pdf);
}

/* POST /api/funds/{id}/donations/{donation}/receipt: 201 with the new receipt, 200 with the one
 * the donation already has. */
void fund_receipt_api(req *r)
{
    int64_t fund_id, donation_id;
    if (!api_fund(r, &fund_id) || !web_param_id(r, 1, &donation_id)) return;
    int64_t in_fund = 0;
    int found = store_int64(r->db, &in_fund, "SELECT fund_id FROM donation WHERE id = $1 AND "
                              IMPORT_VISIBLE("import_batch_id"), "i", donation_id);
    if (found < 0) { web_fail(r, "donation"); return; }
    if (!found || in_fund != fund_id) { web_error(r, 404, "Quỹ không có khoản ủng hộ này."); return; }
    int64_t had = 0;
    if (store_int64(r->db, &had, "SELECT id FROM donation_receipt WHERE donation_id = $1", "i", donation_id) < 0) {
        web_fail(r, "receipt");
        return;
    }
    struct field_errors fe = {0};
    struct receipt rc;
    struct actor me = actor_of_req(r);
    int64_t id = receipt_issue(r->db, &r->a, &me, donation_id, &rc, &fe);
    if (id <= 0) { api_result(r, id, &fe, "issue receipt"); return; }
    web_json(r, had ? 200 : 201, json_pack("{s:I, s:I, s:i, s:I, s:s}", "id", (json_int_t)rc.id, "donation_id",
                                           (json_int_t)rc.donation_id, "year", rc.year, "number", (json_int_t)rc.number,
                                           "pdf", arena_printf(&r->a, "/funds/%lld/receipts/%lld", (long long)fund_id,
                                                               (long long)rc.id)));
}
