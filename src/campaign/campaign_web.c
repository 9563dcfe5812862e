/* campaign_web.c: the campaign pages (public list and campaign page with its groups, targets,
 * statuses and the rule of each; the Board's create form and status buttons) and the /api/campaigns
 * endpoints. Handlers build the actor and call campaign.c, which decides; a refusal "scope" is a
 * 403, an unknown record a 404, anything else a 400 naming the field. Drafts are the Board's only. */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "campaign.h"
#include "campaign_json.h"
#include "campaign_pages.h"
#include "chart.h"
#include "export.h"
#include "scoring.h"

/* ======================================================================================
 * Shared pieces (campaign_pages.h)
 * ====================================================================================== */

void campaign_status_badge(req *r, enum target_status st, bool exceeded)
{
    html(r, "<span class=\"status st-%s\">%s%s</span>", status_code(st), status_label(st), exceeded ? " · vượt" : "");
}

/* The campaign of path parameter 0 that this user may see (drafts: the Board only); false after
 * answering 404 or 500. */
bool campaign_of_path(req *r, struct campaign *c)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = campaign_get(r->db, &r->a, id, c);
    if (rc < 0) { web_fail(r, "get campaign"); return false; }
    if (!rc || (str_eq(c->status, "draft") && !web_has_cap(r, CAP_CAMPAIGN_WRITE))) {
        web_error(r, 404, "Không có phong trào thi đua này.");
        return false;
    }
    return true;
}

void campaign_refused(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "id")) { web_error(r, 404, ferr_get(fe, "id")); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    if (web_wants_json(r) || (r->route && (r->route->flags & R_JSON))) { api_reply_errors(r, fe); return; }
    page_begin(r, "Chưa lưu được");
    html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa lưu được:</p><ul>");
    for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
    html(r, "</ul></div><p><a href=\"/campaigns\">Về danh sách phong trào</a></p>");
    page_end(r);
    r->status = 400;
}

/* ======================================================================================
 * Pages
 * ====================================================================================== */

void campaigns_page(req *r)
{
    struct campaign *v;
    int n;
    bool board = web_has_cap(r, CAP_CAMPAIGN_WRITE);
    if (campaign_list(r->db, &r->a, !board, &v, &n) < 0) { web_fail(r, "list campaigns"); return; }
    page_begin(r, "Phong trào thi đua");
    if (board) html(r, "<p class=\"actions\"><a class=\"button\" href=\"/campaigns/new\">Thêm phong trào</a></p>");
    if (!n) { html(r, "<p class=\"muted\">Chưa có phong trào thi đua nào.</p>"); page_end(r); return; }
    html(r, "<ul class=\"campaigns\">");
    for (int i = 0; i < n; i++) {
        html(r, "<li><a href=\"/campaigns/%D\"><strong>%s</strong></a><br><span class=\"muted\">%s · %T – %T (%D ngày) · "
                "<span class=\"tag\">%s</span></span></li>",
             v[i].id, v[i].title, campaign_kind_label(v[i].kind), v[i].start_date, v[i].end_date, v[i].days,
             campaign_status_label(v[i].status));
    }
    html(r, "</ul>");
    page_end(r);
}

static void counts_line(req *r, const struct status_count *c)
{
    html(r, "<ul class=\"status-counts\">");
    for (int s = 0; s < ST__COUNT; s++) {
        html(r, "<li>");
        campaign_status_badge(r, s, false);
        html(r, " %d</li>", c->n[s]);
    }
    html(r, "</ul>");
}

static void target_row(req *r, const struct campaign *c, const struct target_result *res, bool child)
{
    const struct campaign_target *t = res->target;
    char v[32] = "";
    if (res->obs.has) eval_format(res->obs.value, v, sizeof v);
    html(r, "<tr%R><th scope=\"row\">%s</th><td>%s", child ? " class=\"sub\"" : "", // raw: constant attribute
         t->code, t->subject);
    if (t->unit_name) html(r, " <span class=\"tag\">%s</span>", t->unit_name);
    if (t->phrase && !child) html(r, "<br><q class=\"phrase\">%s</q>", t->phrase);
    if (t->responsible) html(r, "<br><small class=\"muted\">Đơn vị được giao: %s</small>", t->responsible);
    html(r, "</td><td>%s</td><td>%T</td><td class=\"num\">", campaign_target_goal(&r->a, t), t->deadline);
    if (res->obs.has) html(r, "%s<br><small class=\"muted\">ngày %T</small>", v, res->obs.as_of);
    else html(r, "—");
    html(r, "</td><td>");
    campaign_status_badge(r, res->eval.status, res->eval.exceeded);
    html(r, "<br><small class=\"rule\">%s</small>", res->eval.rule);
    if (res->report_id && r->user.id) html(r, "<br><small><a href=\"/reports/%D\">báo cáo</a></small>", res->report_id);
    if (campaign_may_edit(r, c))
        html(r, "<br><small><a href=\"/campaigns/%D/targets/%D/edit\" aria-label=\"Sửa chỉ tiêu %s\">sửa</a></small>", c->id, t->id,
             t->code);
    html(r, "</td></tr>");
}

void campaign_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    const char *on = campaign_default_on(&r->a, web_param(r, "on"));
    struct campaign_eval e;
    if (campaign_evaluate_brief(r->db, &r->a, &c, on, &e) != STORE_OK) { web_fail(r, "evaluate campaign"); return; }
    struct campaign_occasion *oc;
    int no;
    if (campaign_occasions(r->db, &r->a, c.id, &oc, &no) != STORE_OK) { web_fail(r, "occasions"); return; }
    int64_t illustrative = 0;
    /* written so the illustrative reports (a partial index, sql/022) drive the search: joined from
     * the targets' side it probed each of a split's 50,050 targets (bench/campaign) */
    store_int64(r->db, &illustrative, "SELECT count(*) FROM (SELECT 1 FROM campaign_report r WHERE r.illustrative = 1 AND EXISTS"
                                      " (SELECT 1 FROM campaign_target t WHERE t.id = r.target_id AND t.campaign_id = $1) LIMIT 1) x",
                "i", c.id);
    page_begin(r, c.title);
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "created")) page_notice(r, "ok", "Đã tạo phong trào (dự thảo).");
    else if (str_eq(notice, "status")) page_notice(r, "ok", "Đã chuyển trạng thái phong trào.");
    else if (str_eq(notice, "edited")) page_notice(r, "ok", "Đã lưu thay đổi; tình trạng các chỉ tiêu được tính lại theo yêu cầu mới.");
    if (c.illustrative || illustrative)
        page_notice(r, "info", "Dữ liệu mẫu: các báo cáo tiến độ (và đơn vị được giao chỉ tiêu) là minh hoạ, không phải số liệu thật.");
    html(r, "<dl class=\"facts\"><dt>Mã</dt><dd>%s</dd><dt>Loại</dt><dd>%s</dd><dt>Phạm vi</dt><dd>%s</dd>"
            "<dt>Cơ quan phát động</dt><dd>%s</dd>",
         c.code, campaign_kind_label(c.kind), campaign_scope_label(c.scope), c.authority);
    if (c.plan_number) html(r, "<dt>Kế hoạch</dt><dd>%s</dd>", c.plan_number);
    if (c.launch_date) html(r, "<dt>Ngày phát động</dt><dd>%T</dd>", c.launch_date);
    html(r, "<dt>Thời gian</dt><dd>%T – %T (%D ngày)</dd><dt>Trạng thái</dt><dd><span class=\"tag\">%s</span></dd>",
         c.start_date, c.end_date, c.days, campaign_status_label(c.status));
    if (c.theme) html(r, "<dt>Chủ đề</dt><dd><q>%s</q></dd>", c.theme);
    if (c.source) html(r, "<dt>Nguồn</dt><dd>%s</dd>", c.source);
    html(r, "</dl>");
    if (no) {
        html(r, "<h2>Chào mừng các ngày kỷ niệm</h2><ul>");
        for (int i = 0; i < no; i++) {
            html(r, "<li>Kỷ niệm %s", oc[i].label);
            if (*oc[i].cls) html(r, " <span class=\"tag\">%s</span>", oc[i].cls);
            html(r, "</li>");
        }
        html(r, "</ul>");
    }
    /* actions */
    html(r, "<div class=\"actions\">");
    if (r->user.id) html(r, "<a class=\"button secondary\" href=\"/campaigns/%D/reports\">Báo cáo tiến độ</a>", c.id);
    if (web_has_cap(r, CAP_REPORT_WRITE) && str_eq(c.status, "launched"))
        html(r, "<a class=\"button\" href=\"/campaigns/%D/reports/new\">Gửi báo cáo</a>", c.id);
    html(r, "<a class=\"button secondary\" href=\"/campaigns/%D/export?format=xlsx&amp;on=%u\">Tải chỉ tiêu (Excel)</a>"
            "<a class=\"button secondary\" href=\"/campaigns/%D/export?format=csv&amp;on=%u\">CSV</a>", c.id, on, c.id, on);
    if (web_has_cap(r, CAP_CAMPAIGN_WRITE) && (str_eq(c.status, "draft") || str_eq(c.status, "launched")))
        html(r, "<a class=\"button secondary\" href=\"/campaigns/%D/edit\">Soạn nhóm, chỉ tiêu</a>", c.id);
    else if (campaign_may_edit(r, &c))
        html(r, "<a class=\"button secondary\" href=\"/campaigns/%D/edit\">Sửa nội dung (quản trị, kèm lý do)</a>", c.id);
    static const char *const next[][3] = {{"draft", "launched", "Phát động"}, {"launched", "closed", "Kết thúc đợt thi đua"},
                                          {"closed", "reviewed", "Đã tổng kết"}, {"closed", "launched", "Mở lại"}};
    if (web_has_cap(r, CAP_CAMPAIGN_WRITE))
        for (size_t i = 0; i < countof(next); i++) {
            if (!str_eq(c.status, next[i][0])) continue;
            if (str_eq(next[i][1], "launched") && str_eq(c.status, "closed") && !web_has_cap(r, CAMPAIGN_ADMIN_CAP)) continue;
            form_begin(r, arena_printf(&r->a, "/campaigns/%lld/status", (long long)c.id), "class=\"inline\"");
            html(r, "<input type=\"hidden\" name=\"status\" value=\"%s\"><button type=\"submit\" class=\"secondary\">%s</button></form>",
                 next[i][1], next[i][2]);
        }
    html(r, "</div>");
    struct scoring_sheet *sh;
    int nsh = 0;
    bool board = web_has_cap(r, CAP_CAMPAIGN_WRITE);
    if (r->user.id && scoring_sheets_of_campaign(r->db, &r->a, c.id, &sh, &nsh) == STORE_OK && (nsh || board)) {
        html(r, "<h2>Chấm điểm, xếp hạng khối thi đua</h2><ul>");
        for (int i = 0; i < nsh; i++) html(r, "<li><a href=\"/scoring/%D\">%s</a></li>", sh[i].id, sh[i].title);
        html(r, "</ul>");
        if (board) html(r, "<p><a class=\"button secondary\" href=\"/campaigns/%D/scoring/new\">Tạo bảng điểm cho một khối</a></p>", c.id);
    }
    /* the evaluation date */
    html(r, "<form method=\"get\" class=\"inline on-date\" action=\"/campaigns/%D\"><label for=\"on\">Đánh giá tại ngày</label> "
            "<input type=\"date\" id=\"on\" name=\"on\" value=\"%s\"> <button type=\"submit\" class=\"secondary\">Xem</button></form>",
         c.id, on);
    html(r, "<h2>Tình hình thực hiện tại ngày %T</h2>", on);
    if (r->user.id)   /* the printable report (campaign_pdf.c) on the same date */
        html(r, "<p><a class=\"button secondary\" href=\"/campaigns/%D/report.pdf?on=%u\">Báo cáo kết quả (PDF)</a></p>", c.id, on);
    counts_line(r, &e.total);
    if (e.ngroups) {
        /* targets by status in each group (stacked), and the weighted share met per group */
        static const struct chart_series series[ST__COUNT] = {
            {"Đạt", "st-met"}, {"Đúng tiến độ", "st-on_track"}, {"Chậm tiến độ", "st-at_risk"}, {"Không đạt", "st-missed"},
            {"Chưa có số liệu", "st-no_data"},
        };
        const char **labels = arena_alloc(&r->a, sizeof *labels * (size_t)e.ngroups);
        int64_t *values = arena_alloc(&r->a, sizeof *values * (size_t)e.ngroups * ST__COUNT);
        struct chart_bar *share = arena_alloc(&r->a, sizeof *share * (size_t)e.ngroups);
        for (int g = 0; g < e.ngroups; g++) {
            labels[g] = arena_printf(&r->a, "Nhóm %d", e.groups[g].number);
            for (int st = 0; st < ST__COUNT; st++) values[g * ST__COUNT + st] = e.by_group[g].n[st];
            const struct status_count *bc = &e.by_group[g];
            share[g] = (struct chart_bar){labels[g], bc->weight_total ? (int64_t)bc->weight_met * 10000 / bc->weight_total : 0,
                                          arena_printf(&r->a, "#nhom-%d", e.groups[g].number)};
        }
        struct chart_opts so = {"Chỉ tiêu theo tình trạng, từng nhóm nội dung",
                                arena_printf(&r->a, "Số chỉ tiêu của mỗi nhóm theo năm tình trạng, tại ngày %.2s/%.2s/%.4s.", on + 8, on + 5, on),
                                CHART_NUMBER};
        chart_stacked(r, &so, labels, e.ngroups, series, ST__COUNT, values);
        struct chart_opts po = {"Tiến độ theo nhóm nội dung: tỉ lệ chỉ tiêu đạt (theo trọng số)",
                                "Phần trăm trọng số của các chỉ tiêu đã đạt trong mỗi nhóm.", CHART_PERCENT};
        chart_bars_fmt(r, &po, share, e.ngroups);
    }
    for (int g = 0; g < e.ngroups; g++) {
        html(r, "<section class=\"group\" id=\"nhom-%d\"><h2>(%d) %s</h2>", e.groups[g].number, e.groups[g].number, e.groups[g].title);
        if (e.groups[g].note) html(r, "<p class=\"muted\">%s</p>", e.groups[g].note);
        counts_line(r, &e.by_group[g]);
        if (!e.by_group[g].total) { html(r, "<p class=\"muted\">Nhóm này không có chỉ tiêu đo được.</p></section>"); continue; }
        html(r, "<div class=\"table-wrap\"><table class=\"targets\"><thead><tr><th scope=\"col\">Mã</th><th scope=\"col\">Chỉ tiêu</th>"
                "<th scope=\"col\">Yêu cầu</th><th scope=\"col\">Hạn</th><th scope=\"col\" class=\"num\">Số liệu</th>"
                "<th scope=\"col\">Tình trạng và căn cứ</th></tr></thead><tbody>");
        for (int i = 0; i < e.n; i++) {
            if (e.targets[i].group_id != e.groups[g].id || e.targets[i].unit_id) continue;
            target_row(r, &c, &e.results[i], e.targets[i].parent_id != 0);
            /* a per-unit split: its shares follow it; one line of counts here (a province has
             * hundreds of units), each share on the reports and the CSV export */
            const struct status_count *shares = &e.shares[i];
            if (shares->total) {
                html(r, "<tr class=\"sub\"><th scope=\"row\"></th><td colspan=\"5\">Phân bổ cho %d đơn vị: ", shares->total);
                for (int st = 0; st < ST__COUNT; st++) html(r, "%s%s %d", st ? ", " : "", status_label(st), shares->n[st]);
                html(r, "</td></tr>");
            }
        }
        html(r, "</tbody></table></div></section>");
    }
    campaign_news_section(r, c.id);
    html(r, "<p class=\"muted\">Quy tắc: đạt khi số liệu được duyệt mới nhất thỏa yêu cầu; chưa đạt mà còn hạn thì so với tiến độ "
            "thời gian (với chỉ tiêu cộng dồn); chỉ tiêu \"không vượt quá\" chỉ đạt khi hết hạn; chỉ tiêu có tiêu chí con đạt khi "
            "mọi tiêu chí con đều đạt.</p>");
    page_end(r);
}

static const char *const kind_options[] = {"chuyen_de", "Theo chuyên đề", "thuong_xuyen", "Thường xuyên", NULL};
static const char *const scope_options[] = {"province", "Toàn tỉnh", "block", "Khối, cụm thi đua", "unit", "Trong một đơn vị",
                                            "national", "Toàn quốc", NULL};

void campaign_new_page(req *r)
{
    struct field_errors fe = {0};
    struct campaign_input in = {
        .code = web_param(r, "code"), .title = web_param(r, "title"), .theme = web_param(r, "theme"),
        .kind = web_param(r, "kind"), .scope = web_param(r, "scope"), .authority = web_param(r, "authority"),
        .plan_number = web_param(r, "plan_number"), .launch_date = web_param(r, "launch_date"),
        .start_date = web_param(r, "start_date"), .end_date = web_param(r, "end_date"), .source = web_param(r, "source"),
    };
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int64_t id = campaign_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create campaign"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/campaigns/%lld?notice=created", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, "Thêm phong trào thi đua");
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, "/campaigns/new", "class=\"narrow\"");
    form_field(r, "text", "code", "Mã phong trào", in.code, ferr_get(&fe, "code"), "required maxlength=\"40\"");
    form_field(r, "textarea", "title", "Tên phong trào", in.title, ferr_get(&fe, "title"), "required maxlength=\"500\"");
    form_field(r, "textarea", "theme", "Chủ đề", in.theme, ferr_get(&fe, "theme"), "maxlength=\"2000\"");
    form_select(r, "kind", "Loại", kind_options, in.kind, ferr_get(&fe, "kind"));
    form_select(r, "scope", "Phạm vi", scope_options, in.scope, ferr_get(&fe, "scope"));
    form_field(r, "text", "authority", "Cơ quan phát động", in.authority, ferr_get(&fe, "authority"), "required");
    form_field(r, "text", "plan_number", "Số kế hoạch (ví dụ 163/KH-UBND)", in.plan_number, ferr_get(&fe, "plan_number"), NULL);
    form_field(r, "date", "launch_date", "Ngày phát động", in.launch_date, ferr_get(&fe, "launch_date"), NULL);
    form_field(r, "date", "start_date", "Từ ngày", in.start_date, ferr_get(&fe, "start_date"), "required");
    form_field(r, "date", "end_date", "Đến ngày", in.end_date, ferr_get(&fe, "end_date"), "required");
    form_field(r, "textarea", "source", "Nguồn (văn bản, tin bài)", in.source, ferr_get(&fe, "source"), NULL);
    form_end(r, "Tạo phong trào (dự thảo)");
    page_end(r);
    if (fe.n) r->status = 400;
}

/* GET/POST /campaigns/{id}/edit: the Board adds an occasion, a content group or a target (one form
 * each, posted with `what`); the campaign's page shows the result. Closed campaigns refuse adds.
 * Above the forms, what the campaign has, each with its edit link (campaign_edit_web.c). */
const char *const campaign_cmp_options[] = {
    "ge", "≥ ít nhất", "gt", "> trên", "le", "≤ không quá", "lt", "< dưới", "eq", "= bằng", "between", "trong khoảng A – B",
    "reduce_pct", "giảm ít nhất A % so với kỳ gốc", "increase_pct", "tăng ít nhất A % so với kỳ gốc",
    "count_all", "số đơn vị đạt đủ B tiêu chí ≥ A", "coverage", "bao phủ 100 %", "zero", "không để xảy ra",
    "milestone", "hoàn thành trước hạn", "all", "mọi tiêu chí con đều đạt", NULL,
};
void campaign_edit_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct field_errors fe = {0};
    const char *what = web_param(r, "what");
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int64_t rc = 0, number = 0, year = 0, weight = 1;
        if (str_eq(what, "occasion")) {
            const char *y = web_param(r, "year");
            if (!str_empty(y) && !parse_int64(y, &year)) ferr_add(&fe, "year", "Năm kỷ niệm không hợp lệ.");
            if (!fe.n) rc = campaign_occasion_add(r->db, &r->a, &me, c.id, web_param(r, "event"), web_param(r, "event_date"),
                                                  (int)(year > 0 && year < 10000 ? year : 0), &fe);
        } else if (str_eq(what, "group")) {
            if (!parse_int64(web_param(r, "number"), &number)) ferr_add(&fe, "number", "Hãy nhập số thứ tự nhóm.");
            if (!fe.n) rc = campaign_group_add(r->db, &r->a, &me, c.id, (int)(number > 0 && number < 100 ? number : 0),
                                               web_param(r, "title"), web_param(r, "note"), &fe);
        } else if (str_eq(what, "target")) {
            const char *w = web_param(r, "weight"), *unit_code = web_param(r, "unit");
            if (!str_empty(w) && (!parse_int64(w, &weight) || weight < 0 || weight > 1000)) ferr_add(&fe, "weight", "Trọng số từ 0 đến 1000.");
            int64_t uid = 0;
            if (!str_empty(unit_code) &&
                campaign_unit_ref(r, (struct ref){.kind = REF_CODE, .code = unit_code}, "units", &uid, &fe) < 0) {
                web_fail(r, "resolve unit");
                return;
            }
            struct campaign_target_input in = {
                .group_ref = web_param(r, "group"), .parent_code = str_empty(web_param(r, "parent_code")) ? NULL : web_param(r, "parent_code"),
                .code = web_param(r, "code"), .phrase = web_param(r, "phrase"), .subject = web_param(r, "subject"),
                .measure_unit = web_param(r, "measure_unit"), .comparator = web_param(r, "comparator"),
                .value_a = web_param(r, "value_a"), .value_b = web_param(r, "value_b"),
                .baseline_value = web_param(r, "baseline_value"), .baseline_period = web_param(r, "baseline_period"),
                .deadline = str_empty(web_param(r, "deadline")) ? NULL : web_param(r, "deadline"), .weight = (int)weight,
                .accumulates = str_eq(web_param(r, "accumulates"), "1") ? 1 : 0, .unit_ids = &uid, .n_units = uid ? 1 : 0,
            };
            if (!fe.n) rc = campaign_target_add(r->db, &r->a, &me, c.id, &in, &fe);
        } else if (str_eq(what, "report")) {
            rc = campaign_report_print_set(r->db, &r->a, &me, c.id, web_param(r, "report_recipients"), web_param(r, "report_number"),
                                           web_param(r, "reason"), &fe);
        } else ferr_add(&fe, "what", "Hãy chọn một biểu mẫu.");
        if (rc < 0) { web_fail(r, "edit campaign"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/campaigns/%lld/edit?notice=%s", (long long)c.id, what)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, arena_printf(&r->a, "Soạn nội dung: %s", c.code));
    html(r, "<p><a href=\"/campaigns/%D\">← %s</a></p>", c.id, c.title);
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "removed")) page_notice(r, "ok", "Đã xoá.");
    else if (str_eq(notice, "report")) page_notice(r, "ok", "Đã lưu nơi nhận và số, ký hiệu của báo cáo in.");
    else if (notice) page_notice(r, "ok", "Đã thêm.");
    if (fe.n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa lưu được:</p><ul>");
        for (int i = 0; i < fe.n; i++) html(r, "<li>%s</li>", fe.items[i].value);
        html(r, "</ul></div>");
    }
    campaign_edit_lists(r, &c);
    const char *action = arena_printf(&r->a, "/campaigns/%lld/edit", (long long)c.id);
    bool keep_group = str_eq(what, "group"), keep_target = str_eq(what, "target"), keep_occ = str_eq(what, "occasion");
#define KEEP(flag, name) ((flag) ? web_param(r, name) : NULL)
    html(r, "<h2>Thêm chỉ tiêu</h2>");
    form_begin(r, action, "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"what\" value=\"target\">");
    form_field(r, "number", "group", "Nhóm nội dung số", KEEP(keep_target, "group"), ferr_get(&fe, "group"), "required min=\"1\" max=\"99\"");
    form_field(r, "text", "code", "Mã chỉ tiêu (ví dụ 2.4)", KEEP(keep_target, "code"), ferr_get(&fe, "code"), "required maxlength=\"40\"");
    form_field(r, "text", "parent_code", "Chỉ tiêu cấp trên (mã; để trống nếu không có)", KEEP(keep_target, "parent_code"),
               ferr_get(&fe, "parent"), "maxlength=\"40\"");
    form_field(r, "textarea", "phrase", "Nguyên văn trong kế hoạch", KEEP(keep_target, "phrase"), ferr_get(&fe, "phrase"), NULL);
    form_field(r, "text", "subject", "Nội dung đo", KEEP(keep_target, "subject"), ferr_get(&fe, "subject"), "required");
    form_field(r, "text", "measure_unit", "Đơn vị tính (%, doanh nghiệp, xã …)", KEEP(keep_target, "measure_unit"),
               ferr_get(&fe, "measure_unit"), "required");
    form_select(r, "comparator", "Yêu cầu", campaign_cmp_options, KEEP(keep_target, "comparator"), ferr_get(&fe, "comparator"));
    form_field(r, "text", "value_a", "Giá trị A", KEEP(keep_target, "value_a"), ferr_get(&fe, "value_a"), "inputmode=\"decimal\"");
    form_field(r, "text", "value_b", "Giá trị B (cận trên; số tiêu chí)", KEEP(keep_target, "value_b"), ferr_get(&fe, "value_b"),
               "inputmode=\"decimal\"");
    form_field(r, "text", "baseline_value", "Số liệu kỳ gốc", KEEP(keep_target, "baseline_value"), ferr_get(&fe, "baseline_value"),
               "inputmode=\"decimal\"");
    form_field(r, "text", "baseline_period", "Kỳ gốc (ví dụ: cùng kỳ năm trước)", KEEP(keep_target, "baseline_period"),
               ferr_get(&fe, "baseline_period"), NULL);
    form_field(r, "date", "deadline", "Hạn (để trống: ngày kết thúc phong trào)", KEEP(keep_target, "deadline"), ferr_get(&fe, "deadline"), NULL);
    form_field(r, "number", "weight", "Trọng số", KEEP(keep_target, "weight") ? KEEP(keep_target, "weight") : "1", ferr_get(&fe, "weight"),
               "min=\"0\" max=\"1000\"");
    static const char *const acc[] = {"1", "Cộng dồn trong kỳ (tính tiến độ theo thời gian)", "0", "Mức tại một thời điểm", NULL};
    form_select(r, "accumulates", "Loại số liệu", acc, KEEP(keep_target, "accumulates"), NULL);
    form_field(r, "text", "unit", "Đơn vị được giao (mã đơn vị)", KEEP(keep_target, "unit"), ferr_get(&fe, "units"), NULL);
    form_end(r, "Thêm chỉ tiêu");
    html(r, "<h2>Thêm nhóm nội dung</h2>");
    form_begin(r, action, "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"what\" value=\"group\">");
    form_field(r, "number", "number", "Số thứ tự", KEEP(keep_group, "number"), ferr_get(&fe, "number"), "required min=\"1\" max=\"99\"");
    form_field(r, "textarea", "title", "Nội dung", KEEP(keep_group, "title"), ferr_get(&fe, "title"), "required");
    form_field(r, "text", "note", "Ghi chú", KEEP(keep_group, "note"), ferr_get(&fe, "note"), NULL);
    form_end(r, "Thêm nhóm");
    html(r, "<h2>Thêm ngày kỷ niệm được chào mừng</h2>");
    form_begin(r, action, "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"what\" value=\"occasion\">");
    form_field(r, "text", "event", "Sự kiện (ví dụ: ngày sinh đồng chí …)", KEEP(keep_occ, "event"), ferr_get(&fe, "event"), "required");
    form_field(r, "date", "event_date", "Ngày của sự kiện", KEEP(keep_occ, "event_date"), ferr_get(&fe, "event_date"), "required");
    form_field(r, "number", "year", "Năm kỷ niệm (để trống: năm kết thúc phong trào)", KEEP(keep_occ, "year"), ferr_get(&fe, "year"), NULL);
    form_end(r, "Thêm ngày kỷ niệm");
    /* the printed report (campaign_pdf.c): what the Board types for it, kept with the campaign */
    bool keep_report = str_eq(what, "report");
    html(r, "<h2 id=\"bao-cao-in\">Báo cáo in (PDF)</h2><p class=\"muted\">Số, ký hiệu in ở dòng \"Số:\" của báo cáo "
            "(để trống: để văn thư ghi khi phát hành); nơi nhận in cuối báo cáo, mỗi nơi một dòng. "
            "<a href=\"/campaigns/%D/report.pdf\">Xem báo cáo (PDF)</a></p>", c.id);
    form_begin(r, action, "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"what\" value=\"report\">");
    form_field(r, "text", "report_number", "Số, ký hiệu (ví dụ 15/BC-UBND)", keep_report ? web_param(r, "report_number") : c.report_number,
               ferr_get(&fe, "report_number"), "maxlength=\"60\"");
    form_field(r, "textarea", "report_recipients", "Nơi nhận (mỗi nơi một dòng)",
               keep_report ? web_param(r, "report_recipients") : c.report_recipients ? c.report_recipients : CAMPAIGN_REPORT_RECIPIENTS,
               ferr_get(&fe, "report_recipients"), "rows=\"5\"");
    campaign_reason_field(r, &c, keep_report ? web_param(r, "reason") : NULL, &fe);
    form_end(r, "Lưu báo cáo in");
#undef KEEP
    page_end(r);
    if (fe.n) r->status = 400;
}

void campaign_status_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = campaign_set_status(r->db, &r->a, &me, id, web_param(r, "status"), &fe);
    if (rc < 0) { web_fail(r, "campaign status"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/campaigns/%lld?notice=status", (long long)id));
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

const struct api_member campaign_body[] = {
    {"code", API_TEXT}, {"title", API_TEXT}, {"theme", API_TEXT_NULL}, {"kind", API_TEXT}, {"scope", API_TEXT},
    {"authority", API_TEXT}, {"plan_number", API_TEXT_NULL}, {"launch_date", API_TEXT_NULL}, {"start_date", API_TEXT},
    {"end_date", API_TEXT}, {"participation", API_TEXT}, {"source", API_TEXT_NULL}, {NULL, 0},
};
const struct api_member campaign_status_body[] = {{"status", API_TEXT}, {NULL, 0}};
const struct api_member campaign_group_body[] = {{"number", API_INT}, {"title", API_TEXT}, {"note", API_TEXT_NULL}, {NULL, 0}};
const struct api_member campaign_occasion_body[] = {{"event", API_TEXT}, {"event_date", API_TEXT}, {"year", API_INT}, {NULL, 0}};
const struct api_member campaign_target_body[] = {
    {"group", API_INT}, {"parent_code", API_TEXT_NULL}, {"code", API_TEXT}, {"phrase", API_TEXT_NULL}, {"subject", API_TEXT},
    {"measure_unit", API_TEXT}, {"comparator", API_TEXT}, {"value_a", API_TEXT_NULL}, {"value_b", API_TEXT_NULL},
    {"baseline_value", API_TEXT_NULL}, {"baseline_period", API_TEXT_NULL}, {"deadline", API_TEXT_NULL}, {"weight", API_INT},
    {"accumulates", API_BOOL}, {"rollup", API_TEXT}, {"units", API_ARRAY}, {"split_unit", API_REF_NULL}, {NULL, 0},
};

/* A unit named by a JSON reference (a number is an id, a string a code): 1, 0 (field error), < 0. */
int campaign_unit_ref(req *r, struct ref ref, const char *member, int64_t *id, struct field_errors *fe)
{
    int rc = 0;
    if (ref.kind == REF_ID) rc = store_int64(r->db, id, "SELECT id FROM unit WHERE id = $1", "i", ref.id);
    else if (ref.kind == REF_CODE || ref.kind == REF_DIGITS)
        rc = store_int64(r->db, id, "SELECT id FROM unit WHERE code = $1", "t", ref.code);
    if (rc == 0) ferr_add(fe, member, "Không có đơn vị này (gửi số id hoặc mã đơn vị).");
    return rc;
}

int campaign_units_of_body(req *r, int64_t **ids, int *n, struct field_errors *fe)
{
    json_t *units = r->json ? json_object_get(r->json, "units") : NULL;
    size_t nu = units ? json_array_size(units) : 0;
    if (nu > 100) {
        ferr_add(fe, "units", "Tối đa 100 đơn vị được giao một chỉ tiêu.");
        nu = 100;
    }
    int64_t *uid = arena_alloc(&r->a, sizeof *uid * (nu ? nu : 1));
    for (size_t i = 0; i < nu; i++) {
        json_t *x = json_array_get(units, i);
        struct ref ref = {.kind = REF_NONE};
        if (json_is_integer(x)) ref = (struct ref){.kind = REF_ID, .id = json_integer_value(x)};
        else if (json_is_string(x)) ref = (struct ref){.kind = REF_CODE, .code = json_string_value(x)};
        if (ref.kind == REF_NONE) ferr_add(fe, "units", "Mỗi phần tử của \"units\" là số id hoặc mã đơn vị.");
        else if (campaign_unit_ref(r, ref, "units", &uid[i], fe) < 0) return STORE_ERR;
    }
    *ids = uid;
    *n = (int)nu;
    return fe->n ? 0 : 1;
}

void campaigns_api(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct campaign_input in = {
            .code = api_text(r, "code"), .title = api_text(r, "title"), .theme = api_text(r, "theme"),
            .kind = api_text(r, "kind"), .scope = api_text(r, "scope"), .authority = api_text(r, "authority"),
            .plan_number = api_text(r, "plan_number"), .launch_date = api_text(r, "launch_date"),
            .start_date = api_text(r, "start_date"), .end_date = api_text(r, "end_date"),
            .participation = api_text(r, "participation"), .source = api_text(r, "source"),
        };
        struct actor me = actor_of_req(r);
        int64_t id = campaign_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create campaign"); return; }
        if (!id) { campaign_refused(r, &fe); return; }
        struct campaign c;
        if (campaign_get(r->db, &r->a, id, &c) != 1) { web_fail(r, "get campaign"); return; }
        web_header(r, "Location", arena_printf(&r->a, "/api/campaigns/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "campaign", campaign_summary_json(&c)));
        return;
    }
    struct api_page pg;
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    struct campaign *v;
    int n;
    if (campaign_list(r->db, &r->a, !web_has_cap(r, CAP_CAMPAIGN_WRITE), &v, &n) < 0) { web_fail(r, "list campaigns"); return; }
    json_t *items = json_array();
    for (int64_t i = pg.offset; i < n && i < pg.offset + pg.limit; i++) json_array_append_new(items, campaign_summary_json(&v[i]));
    web_json(r, 200, api_list(items, n, &pg));
}

void campaign_api(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct campaign_eval e;
    const char *on = campaign_default_on(&r->a, web_param(r, "on"));
    if (campaign_evaluate(r->db, &r->a, &c, on, &e) != STORE_OK) { web_fail(r, "evaluate campaign"); return; }
    web_json(r, 200, json_pack("{s:o}", "campaign", campaign_full_json(r->db, &r->a, &c, &e)));
}

/* The answer to a write on a campaign: the campaign as it now is, or the refusal. */
void campaign_write_reply(req *r, int64_t id, int64_t rc, const struct field_errors *fe, int status)
{
    if (rc < 0) { web_fail(r, "campaign write"); return; }
    if (!rc) { campaign_refused(r, fe); return; }
    struct campaign c;
    struct campaign_eval e;
    if (campaign_get(r->db, &r->a, id, &c) != 1 ||
        campaign_evaluate(r->db, &r->a, &c, campaign_default_on(&r->a, NULL), &e) != STORE_OK) {
        web_fail(r, "get campaign");
        return;
    }
    web_json(r, status, json_pack("{s:o, s:I}", "campaign", campaign_full_json(r->db, &r->a, &c, &e), "id", (json_int_t)rc));
}

void campaign_status_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    if (!api_text(r, "status")) ferr_add(&fe, "status", "Hãy gửi \"status\": draft, launched, closed hoặc reviewed.");
    int64_t rc = fe.n ? 0 : campaign_set_status(r->db, &r->a, &me, id, api_text(r, "status"), &fe);
    campaign_write_reply(r, id, rc, &fe, 200);
}

void campaign_groups_api(req *r)
{
    int64_t id, number = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    if (!api_int(r, "number", &number) || number < 1 || number > 99) ferr_add(&fe, "number", "Hãy gửi \"number\": số thứ tự nhóm, 1–99.");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : campaign_group_add(r->db, &r->a, &me, id, (int)number, api_text(r, "title"), api_text(r, "note"), &fe);
    campaign_write_reply(r, id, rc, &fe, 201);
}

void campaign_occasions_api(req *r)
{
    int64_t id, year = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    if (api_has(r, "year") && (!api_int(r, "year", &year) || year < 1 || year > 9999)) ferr_add(&fe, "year", "Năm kỷ niệm không hợp lệ.");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : campaign_occasion_add(r->db, &r->a, &me, id, api_text(r, "event"), api_text(r, "event_date"), (int)year, &fe);
    campaign_write_reply(r, id, rc, &fe, 201);
}

void campaign_targets_api(req *r)
{
    int64_t id, group = 0, weight = 1;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    if (!api_int(r, "group", &group)) ferr_add(&fe, "group", "Hãy gửi \"group\": số thứ tự nhóm nội dung.");
    if (api_has(r, "weight") && !api_int(r, "weight", &weight)) ferr_add(&fe, "weight", "Trọng số là số nguyên.");
    int64_t *uid;
    int nu;
    if (campaign_units_of_body(r, &uid, &nu, &fe) < 0) { web_fail(r, "resolve unit"); return; }
    int64_t split = 0;
    struct ref sref = api_ref(r, "split_unit");
    if (sref.kind != REF_NONE && sref.kind != REF_NULL && campaign_unit_ref(r, sref, "split_unit", &split, &fe) < 0) {
        web_fail(r, "resolve unit");
        return;
    }
    char group_ref[24];
    snprintf(group_ref, sizeof group_ref, "%lld", (long long)group);
    int acc = api_bool(r, "accumulates");
    struct campaign_target_input in = {
        .group_ref = group_ref, .parent_code = api_text(r, "parent_code"), .code = api_text(r, "code"),
        .phrase = api_text(r, "phrase"), .subject = api_text(r, "subject"), .measure_unit = api_text(r, "measure_unit"),
        .comparator = api_text(r, "comparator"), .value_a = api_text(r, "value_a"), .value_b = api_text(r, "value_b"),
        .baseline_value = api_text(r, "baseline_value"), .baseline_period = api_text(r, "baseline_period"),
        .deadline = api_text(r, "deadline"), .weight = weight < 0 || weight > 1000 ? -1 : (int)weight, .accumulates = acc,
        .rollup = api_text(r, "rollup"), .unit_ids = uid, .n_units = nu, .split_unit_id = split,
    };
    if (in.parent_code && !*in.parent_code) in.parent_code = NULL;
    if (in.deadline && !*in.deadline) in.deadline = NULL;
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : campaign_target_add(r->db, &r->a, &me, id, &in, &fe);
    campaign_write_reply(r, id, rc, &fe, 201);
}

void campaign_export_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    enum export_format fmt = EXPORT_CSV;
    const char *f = web_param(r, "format");
    if (f && !export_format_parse(f, &fmt)) { web_error(r, 400, "Định dạng tải về là csv hoặc xlsx."); return; }
    struct campaign_eval e;
    if (campaign_evaluate(r->db, &r->a, &c, campaign_default_on(&r->a, web_param(r, "on")), &e) != STORE_OK) {
        web_fail(r, "evaluate campaign");
        return;
    }
    export_reply(r, campaign_targets_export(&e, &r->a, fmt), arena_printf(&r->a, "chi-tieu-%s", c.code));
}
