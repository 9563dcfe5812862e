/* fund_web.c: the public face of a fund, open without signing in once the fund is published
 * (its managers also see it before): money in and out, donors, progress to the target and money
 * over time, the VietQR code of its accounts, the honour roll by tier, and the donation search
 * ("sao kê") with shareable links, as pages and as JSON. Public routes always mask personal data
 * (account, phone and citizen ID numbers inside transfer messages: pii.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "chart.h"
#include "fund.h"
#include "fund_pages.h"
#include "pii.h"
#include "qr.h"
#include "vn_calendar.h"

/* The fund of the path, if this request may see it: published, or managed by the user. False
 * after answering 404. */
static bool visible_fund(req *r, struct fund *f)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = fund_get(r->db, &r->a, id, f);
    if (rc < 0) { web_fail(r, "get fund"); return false; }
    if (rc == 1 && !f->published) {
        struct actor me = actor_of_req(r);
        if (!r->user.id || !fund_may_manage(r->db, &me, f)) rc = 0;
    }
    if (!rc) { web_error(r, 404, "Không có quỹ này, hoặc quỹ chưa được công khai."); return false; }
    return true;
}

static bool may_manage(req *r, const struct fund *f)
{
    if (!r->user.id) return false;
    struct actor me = actor_of_req(r);
    return fund_may_manage(r->db, &me, f);
}

/* "2024-09" → "09/2024"; a whole date goes through %T. */
static const char *period_label(arena *a, const char *p)
{
    if (p && strlen(p) == 7) return arena_printf(a, "%.2s/%.4s", p + 5, p);
    if (p && strlen(p) == 10) return arena_printf(a, "%.2s/%.2s", p + 8, p + 5);
    return p;
}

static void fund_nav(req *r, const struct fund *f, const char *here)
{
    html(r, "<nav class=\"fund-nav\" aria-label=\"Quỹ\"><ul>");
    const char *items[][2] = {{"", "Tổng quan"}, {"/donations", "Sao kê, tra cứu"}, {"/honour", "Vinh danh"}};
    for (size_t i = 0; i < countof(items); i++) {
        if (str_eq(here, items[i][0])) html(r, "<li><a aria-current=\"page\" href=\"/funds/%D%s\">%s</a></li>", f->id, items[i][0], items[i][1]);
        else html(r, "<li><a href=\"/funds/%D%s\">%s</a></li>", f->id, items[i][0], items[i][1]);
    }
    if (may_manage(r, f)) html(r, "<li><a href=\"/funds/%D/manage\">Quản lý quỹ</a></li>", f->id);
    html(r, "</ul></nav>");
}

/* ---- /funds ---- */
void funds_page(req *r)
{
    struct fund *v;
    int n;
    if (fund_list(r->db, &r->a, false, &v, &n) < 0) { web_fail(r, "list funds"); return; }
    page_begin(r, "Quỹ vận động, ủng hộ");
    if (web_has_cap(r, CAP_FUND_WRITE)) html(r, "<p class=\"actions\"><a class=\"button\" href=\"/funds/new\">Lập quỹ mới</a></p>");
    int shown = 0;
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Quỹ</th><th scope=\"col\">Đơn vị chủ quỹ</th>"
            "<th scope=\"col\" class=\"num\">Đã nhận (đồng)</th><th scope=\"col\" class=\"num\">Đã chi (đồng)</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        if (!v[i].published && !may_manage(r, &v[i])) continue;
        struct fund_totals t;
        if (fund_totals_get(r->db, v[i].id, &t) < 0) { web_fail(r, "fund totals"); return; }
        html(r, "<tr><td><a href=\"/funds/%D\">%s</a>", v[i].id, v[i].name);
        if (!v[i].published) html(r, " <span class=\"tag old\">chưa công khai</span>");
        html(r, "</td><td>%s</td><td class=\"num\">%M</td><td class=\"num\">%M</td></tr>", v[i].owner_name, t.donated, t.disbursed);
        shown++;
    }
    html(r, "</tbody></table></div>");
    if (!shown) html(r, "<p class=\"muted\">Chưa có quỹ nào được công khai.</p>");
    page_end(r);
}

/* ---- /funds/{id} ---- */
void fund_page(req *r)
{
    struct fund f;
    if (!visible_fund(r, &f)) return;
    struct fund_totals t;
    struct fund_account *acc;
    struct fund_disbursement *dis;
    struct fund_point *pts;
    int nacc, ndis, npts;
    bool by_day;
    if (fund_totals_get(r->db, f.id, &t) < 0 || fund_accounts(r->db, &r->a, f.id, &acc, &nacc) < 0 ||
        fund_disbursements(r->db, &r->a, f.id, &dis, &ndis) < 0 || fund_series(r->db, &r->a, f.id, &pts, &npts, &by_day) < 0) {
        web_fail(r, "fund page");
        return;
    }
    page_begin(r, f.name);
    fund_nav(r, &f, "");
    if (!f.published) page_notice(r, "info", "Quỹ chưa được công khai: chỉ người quản lý quỹ xem được trang này.");
    if (f.purpose) html(r, "<p>%s</p>", f.purpose);
    html(r, "<p class=\"muted\">Đơn vị chủ quỹ: %s", f.owner_name);
    if (f.period_from) html(r, " · từ %T", f.period_from);
    if (f.period_to) html(r, " đến %T", f.period_to);
    html(r, "</p>");
    html(r, "<dl class=\"fund-totals\"><div><dt>Tổng thu</dt><dd>%M đồng</dd></div><div><dt>Tổng chi</dt><dd>%M đồng</dd></div>"
            "<div><dt>Còn lại</dt><dd>%M đồng</dd></div><div><dt>Số lượt ủng hộ</dt><dd>%D</dd></div>"
            "<div><dt>Số nhà hảo tâm</dt><dd>%D</dd></div></dl>",
         t.donated, t.disbursed, t.donated - t.disbursed, t.donations, t.donors);
    if (f.target_amount > 0) {
        struct chart_opts po = {"Tiến độ so với mục tiêu", "Số tiền đã nhận so với mục tiêu vận động của quỹ.", CHART_MONEY};
        chart_progress(r, &po, t.donated, f.target_amount);
    }
    if (npts) {
        /* money in, accumulated, toward the target */
        struct chart_point *cp = arena_alloc(&r->a, sizeof *cp * (size_t)npts);
        int64_t sum = 0;
        for (int i = 0; i < npts; i++) {
            sum += pts[i].amount;
            cp[i] = (struct chart_point){by_day ? pts[i].period : arena_printf(&r->a, "%s-01", pts[i].period), sum};
        }
        struct chart_opts lo = {by_day ? "Số tiền nhận lũy kế theo ngày" : "Số tiền nhận lũy kế theo tháng",
                                "Tổng số tiền quỹ đã nhận tính đến mỗi ngày có khoản ủng hộ.", CHART_MONEY};
        if (npts > 1) chart_line(r, &lo, cp, npts, f.target_amount > 0 ? f.target_amount : -1);
        struct chart_bar *bars = arena_alloc(&r->a, sizeof *bars * (size_t)npts);
        for (int i = 0; i < npts; i++) bars[i] = (struct chart_bar){period_label(&r->a, pts[i].period), pts[i].amount, NULL};
        struct chart_opts bo = {by_day ? "Số tiền nhận theo ngày" : "Số tiền nhận theo tháng",
                                "Số tiền quỹ nhận được trong từng ngày (hoặc tháng).", CHART_MONEY};
        chart_bars_fmt(r, &bo, bars, npts);
    }
    if (nacc) {
        html(r, "<h2>Tài khoản nhận ủng hộ</h2>");
        for (int i = 0; i < nacc; i++) {
            html(r, "<section class=\"fund-account\"><p><strong>%s</strong>: %s", acc[i].bank_name, acc[i].account_no);
            if (acc[i].account_name) html(r, " — %s", acc[i].account_name);
            html(r, "</p>");
            const char *payload = acc[i].bank_bin ? vietqr_payload(&r->a, acc[i].bank_bin, acc[i].account_no, 0,
                                                                   arena_printf(&r->a, "UNG HO QUY %lld", (long long)f.id))
                                                  : NULL;
            if (payload) {
                qr_svg(r, payload, arena_printf(&r->a, "Mã VietQR chuyển khoản tới tài khoản %s", acc[i].account_no));
                html(r, "<p class=\"muted\">Nội dung chuyển khoản gợi ý: UNG HO QUY %D kèm họ tên của bạn. Mã VietQR: "
                        "<code class=\"qr-payload\">%s</code></p>", f.id, payload);
            }
            html(r, "</section>");
        }
    }
    html(r, "<h2>Các khoản đã chi</h2>");
    if (!ndis) html(r, "<p class=\"muted\">Chưa có khoản chi nào.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Ngày</th><th scope=\"col\">Nơi nhận</th>"
                "<th scope=\"col\">Nội dung</th><th scope=\"col\">Chứng từ</th><th scope=\"col\" class=\"num\">Số tiền (đồng)</th>"
                "</tr></thead><tbody>");
        for (int i = 0; i < ndis; i++)
            html(r, "<tr><td>%T</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%M</td></tr>", dis[i].paid_on,
                 dis[i].payee, dis[i].purpose, dis[i].document ? dis[i].document : "", dis[i].amount);
        html(r, "</tbody></table></div>");
    }
    page_end(r);
}

/* ---- the donation search ---- */

/* The query of a search request: q (words, amounts, dates), min, max, from, to, before. False
 * with field errors. */
static bool read_query(req *r, struct donation_query *q, struct field_errors *fe)
{
    const char *why = NULL;
    if (!donation_query_parse(&r->a, web_param(r, "q"), q, &why)) ferr_add(fe, "q", why);
    const char *mn = web_param(r, "min"), *mx = web_param(r, "max"), *from = web_param(r, "from"), *to = web_param(r, "to"),
               *before = web_param(r, "before"), *limit = web_param(r, "limit");
    int64_t v;
    if (!str_empty(mn)) { if (parse_int64(mn, &v) && v >= 0) q->min_amount = v; else ferr_add(fe, "min", "Số tiền từ: chỉ gồm chữ số."); }
    if (!str_empty(mx)) { if (parse_int64(mx, &v) && v >= 0) q->max_amount = v; else ferr_add(fe, "max", "Số tiền đến: chỉ gồm chữ số."); }
    char iso[11];
    if (!str_empty(from)) { if (vn_day_iso(from, iso)) q->from = arena_strdup(&r->a, iso); else ferr_add(fe, "from", "Từ ngày: viết dd/mm/yyyy."); }
    if (!str_empty(to)) { if (vn_day_iso(to, iso)) q->to = arena_strdup(&r->a, iso); else ferr_add(fe, "to", "Đến ngày: viết dd/mm/yyyy."); }
    if (!str_empty(before) && !(parse_int64(before, &q->before_id) && q->before_id > 0)) ferr_add(fe, "before", "Tham số trang không hợp lệ.");
    q->limit = 50;
    if (!str_empty(limit)) {
        if (parse_int64(limit, &v) && v >= 1 && v <= 200) q->limit = (int)v;
        else ferr_add(fe, "limit", "limit: từ 1 đến 200.");
    }
    return fe->n == 0;
}

/* The link to the next page: the same query with before = the last id shown. */
static const char *next_link(req *r, int64_t fund_id, int64_t last_id)
{
    buf b = {0};
    html_buf(&b, "/funds/%D/donations?", fund_id);
    const char *keep[] = {"q", "min", "max", "from", "to"};
    for (size_t i = 0; i < countof(keep); i++) {
        const char *v = web_param(r, keep[i]);
        if (!str_empty(v)) html_buf(&b, "%s=%u&", keep[i], v);
    }
    html_buf(&b, "before=%D", last_id);
    char *s = arena_strdup(&r->a, b.data);
    buf_free(&b);
    return s;
}

void fund_donations_page(req *r)
{
    struct fund f;
    if (!visible_fund(r, &f)) return;
    struct donation_query q = {.fund_id = f.id};
    struct field_errors fe = {0};
    struct donation *v = NULL;
    int n = 0;
    bool more = false;
    if (read_query(r, &q, &fe) && donation_search(r->db, &r->a, &q, &v, &n, &more) < 0) { web_fail(r, "search donations"); return; }
    bool manager = may_manage(r, &f);
    page_begin(r, arena_printf(&r->a, "Sao kê: %s", f.name));
    fund_nav(r, &f, "/donations");
    html(r, "<form method=\"get\" action=\"/funds/%D/donations\" class=\"search\" role=\"search\">", f.id);
    form_field(r, "text", "q", "Tên người ủng hộ, nội dung, số tiền (500000, 100000-500000) hoặc ngày (12/09/2024)",
               web_param(r, "q"), ferr_get(&fe, "q"), "maxlength=\"200\" autocomplete=\"off\"");
    html(r, "<div class=\"row\">");
    form_field(r, "number", "min", "Số tiền từ (đồng)", web_param(r, "min"), ferr_get(&fe, "min"), "min=\"0\"");
    form_field(r, "number", "max", "đến (đồng)", web_param(r, "max"), ferr_get(&fe, "max"), "min=\"0\"");
    form_field(r, "text", "from", "Từ ngày", web_param(r, "from"), ferr_get(&fe, "from"), "placeholder=\"dd/mm/yyyy\"");
    form_field(r, "text", "to", "Đến ngày", web_param(r, "to"), ferr_get(&fe, "to"), "placeholder=\"dd/mm/yyyy\"");
    html(r, "</div><p><button type=\"submit\">Tìm</button></p></form>");
    if (fe.n) {
        page_notice(r, "error", "Chưa tìm được: hãy sửa các ô được đánh dấu.");
        page_end(r);
        r->status = 400;
        return;
    }
    html(r, "<p class=\"muted\" role=\"status\">%s</p>",
         n == 0 ? "Không có khoản ủng hộ nào khớp." : more ? "Các khoản mới nhất khớp với tìm kiếm (còn trang sau)."
                                                         : "Các khoản khớp với tìm kiếm.");
    if (n) {
        html(r, "<div class=\"table-wrap\"><table class=\"donations\"><thead><tr><th scope=\"col\">Ngày</th><th scope=\"col\">Giờ</th>"
                "<th scope=\"col\" class=\"num\">Số tiền (đồng)</th><th scope=\"col\">Người ủng hộ</th><th scope=\"col\">Nội dung</th>");
        if (manager) html(r, "<th scope=\"col\">Biên nhận</th>");
        html(r, "</tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            const char *who = v[i].donor_name ? v[i].donor_name : v[i].sender_name;
            html(r, "<tr><td>%T</td><td>%s</td><td class=\"num\">%M</td><td>%s</td><td class=\"message\">%s", v[i].given_on,
                 v[i].given_time ? v[i].given_time : "", v[i].amount, who ? who : "", mask_text(&r->a, v[i].message));
            if (v[i].in_kind) html(r, " (hiện vật: %s)", v[i].in_kind);
            if (v[i].reversed_on) html(r, " <span class=\"tag old\">đã hoàn trả %T</span>", v[i].reversed_on);
            html(r, "</td>");
            if (manager) {
                html(r, "<td>");
                if (!v[i].reversed_on) {
                    form_begin(r, arena_printf(&r->a, "/funds/%lld/donations/%lld/receipt", (long long)f.id, (long long)v[i].id),
                               "class=\"inline\"");
                    html(r, "<button type=\"submit\" class=\"secondary\">Biên nhận</button></form>");
                }
                html(r, "</td>");
            }
            html(r, "</tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (more && n) html(r, "<p class=\"pager\"><a href=\"%s\" rel=\"next\">Trang sau →</a></p>", next_link(r, f.id, v[n - 1].id));
    page_end(r);
}

/* ---- the honour roll ---- */
struct honour_tier {
    struct fund_tier tier;
    struct tier_qualifier *q;
    int n;
};

/* Each donor under the highest tier reached; donors who did not consent are left out (counted
 * once). */
static int honour_roll(req *r, int64_t fund_id, struct honour_tier **out, int *ntiers, int *withheld)
{
    struct fund_tier *t;
    int nt;
    *withheld = 0;
    if (fund_tiers(r->db, &r->a, fund_id, &t, &nt) < 0) return -1;
    struct honour_tier *h = arena_alloc(&r->a, sizeof *h * (size_t)(nt ? nt : 1));
    int64_t *seen = NULL;
    int nseen = 0, cap = 0;
    for (int i = 0; i < nt; i++) {     /* highest threshold first (fund_tiers' order) */
        struct tier_qualifier *q;
        int nq;
        if (tier_qualifiers(r->db, &r->a, &t[i], &q, &nq) < 0) return -1;
        h[i].tier = t[i];
        h[i].q = arena_alloc(&r->a, sizeof *q * (size_t)(nq ? nq : 1));
        h[i].n = 0;
        for (int j = 0; j < nq; j++) {
            bool already = false;
            for (int k = 0; k < nseen && !already; k++) already = seen[k] == q[j].donor_id;
            if (already) continue;
            *ARENA_PUSH(&r->a, seen, nseen, cap) = q[j].donor_id;
            if (!q[j].honour_consent) { (*withheld)++; continue; }
            h[i].q[h[i].n++] = q[j];
        }
    }
    *out = h;
    *ntiers = nt;
    return 0;
}

void fund_honour_page(req *r)
{
    struct fund f;
    if (!visible_fund(r, &f)) return;
    struct honour_tier *h;
    int nt, withheld;
    if (honour_roll(r, f.id, &h, &nt, &withheld) < 0) { web_fail(r, "honour roll"); return; }
    page_begin(r, arena_printf(&r->a, "Vinh danh: %s", f.name));
    fund_nav(r, &f, "/honour");
    if (!nt) html(r, "<p class=\"muted\">Quỹ chưa đặt mức ghi nhận nào.</p>");
    for (int i = 0; i < nt; i++) {
        html(r, "<section class=\"honour-tier\"><h2>%s</h2><p class=\"muted\">Tổng ủng hộ từ %M đồng", h[i].tier.label,
             h[i].tier.threshold);
        if (h[i].tier.period_from || h[i].tier.period_to) html(r, " (từ %T đến %T)", h[i].tier.period_from, h[i].tier.period_to);
        html(r, "</p>");
        if (!h[i].n) html(r, "<p class=\"muted\">Chưa có.</p>");
        else {
            html(r, "<ol class=\"honour\">");
            for (int j = 0; j < h[i].n; j++)
                html(r, "<li><span class=\"name\">%s</span> <span class=\"amount\">%M đồng</span></li>", h[i].q[j].public_name,
                     h[i].q[j].total);
            html(r, "</ol>");
        }
        html(r, "</section>");
    }
    if (withheld) html(r, "<p class=\"muted\">%d nhà hảo tâm đạt mức ghi nhận nhưng không muốn công khai tên.</p>", withheld);
    page_end(r);
}

/* ---- JSON ---- */
void funds_api(req *r)
{
    struct fund *v;
    int n;
    if (fund_list(r->db, &r->a, false, &v, &n) < 0) { web_fail(r, "list funds"); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        if (!v[i].published && !may_manage(r, &v[i])) continue;
        struct fund_totals t;
        if (fund_totals_get(r->db, v[i].id, &t) < 0) { json_decref(items); web_fail(r, "fund totals"); return; }
        json_array_append_new(items, fund_json(&v[i], &t));
    }
    struct api_page p = {(int64_t)json_array_size(items), 0};
    web_json(r, 200, api_list(items, (int64_t)json_array_size(items), &p));
}

void fund_api(req *r)
{
    struct fund f;
    if (!visible_fund(r, &f)) return;
    struct fund_totals t;
    struct fund_account *acc;
    struct fund_disbursement *dis;
    struct fund_tier *tiers;
    int nacc, ndis, nt;
    if (fund_totals_get(r->db, f.id, &t) < 0 || fund_accounts(r->db, &r->a, f.id, &acc, &nacc) < 0 ||
        fund_disbursements(r->db, &r->a, f.id, &dis, &ndis) < 0 || fund_tiers(r->db, &r->a, f.id, &tiers, &nt) < 0) {
        web_fail(r, "fund");
        return;
    }
    json_t *o = fund_json(&f, &t), *a = json_array(), *d = json_array(), *ti = json_array();
    for (int i = 0; i < nacc; i++) {
        const char *payload = acc[i].bank_bin ? vietqr_payload(&r->a, acc[i].bank_bin, acc[i].account_no, 0,
                                                               arena_printf(&r->a, "UNG HO QUY %lld", (long long)f.id)) : NULL;
        json_array_append_new(a, json_pack("{s:s, s:s, s:s?, s:s?, s:s?}", "bank_name", acc[i].bank_name, "account_no",
                                           acc[i].account_no, "account_name", acc[i].account_name, "bank_bin", acc[i].bank_bin,
                                           "vietqr", payload));
    }
    for (int i = 0; i < ndis; i++)
        json_array_append_new(d, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?}", "id", (json_int_t)dis[i].id, "amount",
                                           (json_int_t)dis[i].amount, "paid_on", dis[i].paid_on, "payee", dis[i].payee,
                                           "purpose", dis[i].purpose, "document", dis[i].document));
    for (int i = 0; i < nt; i++)
        json_array_append_new(ti, json_pack("{s:I, s:I, s:s, s:s?}", "id", (json_int_t)tiers[i].id, "threshold",
                                            (json_int_t)tiers[i].threshold, "label", tiers[i].label, "form_code",
                                            tiers[i].form_code));
    json_object_set_new(o, "accounts", a);
    json_object_set_new(o, "disbursement_list", d);
    json_object_set_new(o, "tiers", ti);
    web_json(r, 200, o);
}

void fund_donations_api(req *r)
{
    struct fund f;
    if (!visible_fund(r, &f)) return;
    struct donation_query q = {.fund_id = f.id};
    struct field_errors fe = {0};
    if (!read_query(r, &q, &fe)) { api_reply_errors(r, &fe); return; }
    struct donation *v;
    int n;
    bool more;
    if (donation_search(r->db, &r->a, &q, &v, &n, &more) < 0) { web_fail(r, "search donations"); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, donation_json(&v[i], true));
    /* no total: a broad search is never counted; "more" and "next_before" page it */
    json_t *o = json_pack("{s:o, s:i, s:n, s:i, s:b}", "items", items, "count", n, "total", "limit", q.limit, "more", more);
    json_object_set_new(o, "next_before", more && n ? json_integer(v[n - 1].id) : json_null());
    web_json(r, 200, o);
}

void fund_honour_api(req *r)
{
    struct fund f;
    if (!visible_fund(r, &f)) return;
    struct honour_tier *h;
    int nt, withheld;
    if (honour_roll(r, f.id, &h, &nt, &withheld) < 0) { web_fail(r, "honour roll"); return; }
    json_t *tiers = json_array();
    for (int i = 0; i < nt; i++) {
        json_t *names = json_array();
        for (int j = 0; j < h[i].n; j++)
            json_array_append_new(names, json_pack("{s:s, s:I, s:b}", "name", h[i].q[j].public_name, "total",
                                                   (json_int_t)h[i].q[j].total, "anonymous", h[i].q[j].anonymous));
        json_array_append_new(tiers, json_pack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)h[i].tier.id, "label",
                                               h[i].tier.label, "threshold", (json_int_t)h[i].tier.threshold, "donors", names));
    }
    web_json(r, 200, json_pack("{s:I, s:o, s:i}", "fund_id", (json_int_t)f.id, "tiers", tiers, "withheld", withheld));
}
