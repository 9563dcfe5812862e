/* report_web.c: the progress-report pages and API: a campaign's reports (the Board accepts or
 * returns the waiting ones), the form a unit's reporter sends a value with, one report with all its
 * versions and the form for a new version, and /api/reports. report.c decides every write (scope,
 * the unit's responsibility, the campaign's state); a refusal "scope" is a 403. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "campaign.h"
#include "campaign_json.h"
#include "campaign_pages.h"
#include "chart.h"
#include "export.h"
#include "stored_file.h"

/* The leaf targets of a campaign and, for each, the units this user may report for (responsible
 * for it or its parent, or the split's unit, and in the user's scope). */
struct report_choice { const struct campaign_target *t; int64_t unit_id; const char *unit_name; };

static int report_choices(req *r, int64_t campaign_id, const struct campaign_target *t, int n, struct report_choice **out,
                          int *nout)
{
    struct actor me = actor_of_req(r);
    int cap = 0, cnt = 0;
    struct report_choice *v = arena_grow(&r->a, NULL, 0, &cap, sizeof *v);
    stmt *q = store_query(r->db,
        "SELECT t.id, u.id, u.name FROM campaign_target t JOIN unit u ON u.id = t.unit_id WHERE t.campaign_id = $1"
        " AND NOT EXISTS (SELECT 1 FROM campaign_target c WHERE c.parent_id = t.id)"
        " UNION SELECT t.id, u.id, u.name FROM campaign_target t JOIN campaign_target_unit tu"
        "  ON tu.target_id = t.id OR tu.target_id = t.parent_id JOIN unit u ON u.id = tu.unit_id"
        "  WHERE t.campaign_id = $1 AND t.unit_id IS NULL AND NOT EXISTS (SELECT 1 FROM campaign_target c WHERE c.parent_id = t.id)"
        " ORDER BY 1, 3", "i", campaign_id);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int64_t tid = stmt_int64(q, 0), uid = stmt_int64(q, 1);
        const struct campaign_target *hit = NULL;
        for (int i = 0; i < n && !hit; i++) if (t[i].id == tid) hit = &t[i];
        if (!hit || !actor_in_scope(r->db, &me, uid)) continue;
        struct report_choice *c = ARENA_PUSH(&r->a, v, cnt, cap);
        *c = (struct report_choice){hit, uid, stmt_text_dup(q, 2, &r->a)};
    }
    stmt_finalize(q);
    *out = v;
    *nout = cnt;
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

static void decision_forms(req *r, const struct campaign_report *rep)
{
    form_begin(r, arena_printf(&r->a, "/reports/%lld/decision", (long long)rep->id), "class=\"inline\"");
    html(r, "<input type=\"hidden\" name=\"accept\" value=\"1\"><button type=\"submit\">Duyệt</button></form> ");
    form_begin(r, arena_printf(&r->a, "/reports/%lld/decision", (long long)rep->id), "class=\"inline return\"");
    html(r, "<input type=\"hidden\" name=\"accept\" value=\"0\"><label for=\"reason-%D\">Lý do trả lại</label> "
            "<input type=\"text\" id=\"reason-%D\" name=\"reason\" required maxlength=\"2000\"> "
            "<button type=\"submit\" class=\"secondary\">Trả lại</button></form>",
         rep->id, rep->id);
}

/* The reports of a campaign as CSV or XLSX (every version, with its state and decision). */
void campaign_reports_export_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    enum export_format fmt = EXPORT_CSV;
    const char *f = web_param(r, "format");
    if (f && !export_format_parse(f, &fmt)) { web_error(r, 400, "Định dạng tải về là csv hoặc xlsx."); return; }
    struct campaign_report *v;
    int n;
    if (report_list(r->db, &r->a, c.id, 0, 0, NULL, true, &v, &n) != STORE_OK) { web_fail(r, "list reports"); return; }
    static const struct export_column cols[] = {
        {"Số", EXPORT_INT}, {"Chuỗi", EXPORT_INT}, {"Bản", EXPORT_INT}, {"Chỉ tiêu", EXPORT_TEXT}, {"Đơn vị", EXPORT_TEXT},
        {"Ngày số liệu", EXPORT_DATE}, {"Số liệu", EXPORT_TEXT}, {"Kỳ gốc", EXPORT_TEXT}, {"Trạng thái", EXPORT_TEXT},
        {"Lý do trả lại", EXPORT_TEXT}, {"Lý do sửa", EXPORT_TEXT}, {"Ghi chú", EXPORT_TEXT}, {"Minh hoạ", EXPORT_BOOL},
    };
    export_doc *x = export_begin(fmt, "Báo cáo", cols, (int)countof(cols));
    for (int i = 0; i < n; i++) {
        char val[32], base[32] = "";
        eval_format(v[i].value, val, sizeof val);
        if (v[i].has_baseline) eval_format(v[i].baseline_value, base, sizeof base);
        const char *cells[] = {arena_printf(&r->a, "%lld", (long long)v[i].id), arena_printf(&r->a, "%lld", (long long)v[i].series_id),
                               arena_printf(&r->a, "%d", v[i].version), v[i].target_code, v[i].unit_name, v[i].as_of, val,
                               base, report_state_label(v[i].state), v[i].decision_reason, v[i].change_reason, v[i].note,
                               v[i].illustrative ? "1" : "0"};
        export_row(x, cells);
    }
    export_reply(r, x, arena_printf(&r->a, "bao-cao-%s", c.code));
}

void campaign_reports_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    const char *state = web_param(r, "state");
    if (state && !*state) state = NULL;
    struct campaign_report *v;
    int n;
    if (report_list(r->db, &r->a, c.id, 0, 0, state, false, &v, &n) != STORE_OK) { web_fail(r, "list reports"); return; }
    bool board = web_has_cap(r, CAP_CAMPAIGN_WRITE);
    page_begin(r, arena_printf(&r->a, "Báo cáo tiến độ: %s", c.code));
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "decided")) page_notice(r, "ok", "Đã ghi quyết định của Ban.");
    html(r, "<p><a href=\"/campaigns/%D\">← %s</a></p><p class=\"actions\">", c.id, c.title);
    if (web_has_cap(r, CAP_REPORT_WRITE) && str_eq(c.status, "launched"))
        html(r, "<a class=\"button\" href=\"/campaigns/%D/reports/new\">Gửi báo cáo</a>", c.id);
    html(r, "<a href=\"/campaigns/%D/reports/export?format=xlsx\">Tải về (Excel)</a> ", c.id);
    html(r, "<a href=\"/campaigns/%D/reports\">Tất cả</a> <a href=\"/campaigns/%D/reports?state=submitted\">Chờ duyệt</a> "
            "<a href=\"/campaigns/%D/reports?state=accepted\">Đã duyệt</a> <a href=\"/campaigns/%D/reports?state=returned\">Trả lại</a></p>",
         c.id, c.id, c.id, c.id);
    if (!n) { html(r, "<p class=\"muted\">Chưa có báo cáo nào.</p>"); page_end(r); return; }
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Chỉ tiêu</th><th scope=\"col\">Đơn vị</th>"
            "<th scope=\"col\">Ngày số liệu</th><th scope=\"col\" class=\"num\">Số liệu</th><th scope=\"col\">Trạng thái</th>"
            "<th scope=\"col\">Thao tác</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        char val[32];
        eval_format(v[i].value, val, sizeof val);
        html(r, "<tr><td><a href=\"/reports/%D\">%s</a> <small class=\"muted\">bản %d</small>%R</td><td>%s</td><td>%T</td>"
                "<td class=\"num\">%s</td><td><span class=\"tag rs-%s\">%s</span>",
             v[i].id, v[i].target_code, v[i].version,
             v[i].illustrative ? " <span class=\"tag\">minh hoạ</span>" : "", // raw: constant markup
             v[i].unit_name, v[i].as_of, val, v[i].state, report_state_label(v[i].state));
        if (v[i].decision_reason) html(r, "<br><small>%s</small>", v[i].decision_reason);
        html(r, "</td><td>");
        if (board && str_eq(v[i].state, "submitted")) decision_forms(r, &v[i]);
        html(r, "</td></tr>");
    }
    html(r, "</tbody></table></div>");
    page_end(r);
}

static void report_form(req *r, const char *action, const struct report_choice *ch, int nch, const struct report_input *in,
                        bool with_reason, bool by_target, const struct field_errors *fe)
{
    if (fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa gửi được:</p><ul>");
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
        html(r, "</ul></div>");
    }
    form_begin(r, action, "class=\"narrow\" enctype=\"multipart/form-data\"");
    if (ch) {
        const char **opt = arena_alloc(&r->a, sizeof *opt * (size_t)(2 * nch + 3));
        int k = 0;
        opt[k++] = "";
        opt[k++] = "— chọn chỉ tiêu và đơn vị —";
        for (int i = 0; i < nch; i++) {
            opt[k++] = by_target ? arena_printf(&r->a, "%lld", (long long)ch[i].t->id)
                                 : arena_printf(&r->a, "%lld:%lld", (long long)ch[i].t->id, (long long)ch[i].unit_id);
            opt[k++] = arena_printf(&r->a, "%s %s — %s", ch[i].t->code, ch[i].t->subject, ch[i].unit_name);
        }
        opt[k] = NULL;
        const char *sel = !in->target_id ? NULL
                          : by_target ? arena_printf(&r->a, "%lld", (long long)in->target_id)
                                      : arena_printf(&r->a, "%lld:%lld", (long long)in->target_id, (long long)in->unit_id);
        form_select(r, by_target ? "target" : "choice", "Chỉ tiêu — đơn vị báo cáo", opt, sel, ferr_get(fe, "target_id") ? ferr_get(fe, "target_id")
                                                                                                 : ferr_get(fe, "unit_id"));
    }
    form_field(r, "date", "as_of", "Số liệu tính đến ngày", in->as_of, ferr_get(fe, "as_of"), "required");
    form_field(r, "text", "value", "Số liệu (mốc hoàn thành: phần trăm đã làm, 100 là xong)", in->value, ferr_get(fe, "value"),
               "required inputmode=\"decimal\"");
    form_field(r, "text", "denominator", "Mẫu số (nếu chỉ tiêu tính tỉ lệ của tổng)", in->denominator, ferr_get(fe, "denominator"),
               "inputmode=\"decimal\"");
    form_field(r, "text", "baseline_value", "Số liệu kỳ gốc / cùng kỳ (nếu có)", in->baseline_value, ferr_get(fe, "baseline_value"),
               "inputmode=\"decimal\"");
    form_field(r, "textarea", "note", "Ghi chú", in->note, ferr_get(fe, "note"), "maxlength=\"4000\"");
    if (ferr_get(fe, "evidence")) html(r, "<p class=\"error\" role=\"alert\">%s</p>", ferr_get(fe, "evidence"));
    file_upload_field(r, "evidence", "Minh chứng (PDF, ảnh, Excel; không bắt buộc)", &file_policy_evidence, true);
    if (with_reason)
        form_field(r, "textarea", "change_reason", "Lý do sửa (bắt buộc sau khi phong trào kết thúc)", in->change_reason,
                   ferr_get(fe, "change_reason"), "maxlength=\"2000\"");
    form_end(r, "Gửi báo cáo");
}

/* The form's values; the uploads named "evidence" (multipart) as the evidence files. */
static struct report_input form_input(req *r)
{
    struct report_input in = {.as_of = web_param(r, "as_of"), .value = web_param(r, "value"),
                              .denominator = web_param(r, "denominator"), .baseline_value = web_param(r, "baseline_value"),
                              .note = web_param(r, "note"), .change_reason = web_param(r, "change_reason")};
    struct upload *ev = r->n_uploads ? arena_alloc(&r->a, sizeof *ev * (size_t)r->n_uploads) : NULL;
    for (int i = 0; i < r->n_uploads; i++)
        if (str_eq(r->uploads[i].field, "evidence")) ev[in.n_evidence++] = r->uploads[i];
    in.evidence = ev;
    return in;
}


/* GET/POST /campaigns/{id}/reports/new[?unit=N]: with a unit, the targets that unit answers for
 * (the unit must be in the writer's scope: 403 otherwise) and a field `target`; without, one list
 * of (target, unit) pairs over every unit of the writer's scope (`choice`). */
void report_new_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    int64_t only_unit = 0;
    const char *unit_param = kv_get(&r->query, "unit");
    if (unit_param && (!parse_int64(unit_param, &only_unit) || only_unit <= 0)) {
        web_error(r, 404, "Không có đơn vị này.");
        return;
    }
    struct actor me = actor_of_req(r);
    if (only_unit && !actor_in_scope(r->db, &me, only_unit)) {
        web_error(r, 403, "Bạn chỉ báo cáo cho đơn vị của mình và các đơn vị trực thuộc.");
        return;
    }
    struct campaign_target *t;
    int nt, nch, k = 0;
    struct report_choice *ch;
    if (campaign_targets(r->db, &r->a, c.id, &t, &nt) != STORE_OK || report_choices(r, c.id, t, nt, &ch, &nch) != STORE_OK) {
        web_fail(r, "report choices");
        return;
    }
    if (only_unit) {
        for (int i = 0; i < nch; i++) if (ch[i].unit_id == only_unit) ch[k++] = ch[i];
        nch = k;
    }
    struct field_errors fe = {0};
    struct report_input in = form_input(r);
    if (web_is_post(r)) {
        const char *choice = web_param(r, "choice"), *target = web_param(r, "target");
        if (only_unit && target && parse_int64(target, &in.target_id)) in.unit_id = only_unit;
        else if (!choice || sscanf(choice, "%" SCNd64 ":%" SCNd64, &in.target_id, &in.unit_id) != 2)
            ferr_add(&fe, "target_id", "Hãy chọn chỉ tiêu và đơn vị báo cáo.");
        int64_t id = fe.n ? 0 : report_submit(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "submit report"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/reports/%lld?notice=submitted", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, arena_printf(&r->a, "Gửi báo cáo tiến độ: %s", c.code));
    html(r, "<p><a href=\"/campaigns/%D\">← %s</a></p>", c.id, c.title);
    if (!nch) html(r, "<p class=\"muted\">Đơn vị này (và các đơn vị trực thuộc) không được giao chỉ tiêu nào của phong trào này.</p>");
    else if (only_unit)
        report_form(r, arena_printf(&r->a, "/campaigns/%lld/reports/new?unit=%lld", (long long)c.id, (long long)only_unit), ch, nch, &in,
                    false, true, &fe);
    else report_form(r, arena_printf(&r->a, "/campaigns/%lld/reports/new", (long long)c.id), ch, nch, &in, false, false, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

/* The report of path parameter 0 and its campaign (drafts hidden as on the campaign page). */
static bool report_of_path(req *r, struct campaign_report *rep, struct campaign *c)
{
    int64_t id, cid = 0;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = report_get(r->db, &r->a, id, rep);
    if (rc == 1) rc = store_int64(r->db, &cid, "SELECT campaign_id FROM campaign_target WHERE id = $1", "i", rep->target_id);
    if (rc == 1) rc = campaign_get(r->db, &r->a, cid, c);
    if (rc < 0) { web_fail(r, "get report"); return false; }
    if (!rc) { web_error(r, 404, "Không có báo cáo này."); return false; }
    return true;
}

static void report_render(req *r, const struct campaign_report *rep, const struct campaign *c, const struct report_input *in,
                          const struct field_errors *fe)
{
    struct campaign_report *v;
    int nv;
    if (report_versions(r->db, &r->a, rep->series_id, &v, &nv) != STORE_OK) { web_fail(r, "report versions"); return; }
    int status = fe->n ? 400 : 200;
    page_begin(r, arena_printf(&r->a, "Báo cáo chỉ tiêu %s — %s", rep->target_code, rep->unit_name));
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "submitted")) page_notice(r, "ok", "Đã gửi báo cáo; Ban Thi đua – Khen thưởng sẽ duyệt.");
    html(r, "<p><a href=\"/campaigns/%D/reports\">← Báo cáo của %s</a></p>", c->id, c->code);
    html(r, "<h2>Các phiên bản</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Bản</th><th scope=\"col\">Ngày số liệu</th>"
            "<th scope=\"col\" class=\"num\">Số liệu</th><th scope=\"col\">Trạng thái</th><th scope=\"col\">Ghi chú, lý do</th>"
            "<th scope=\"col\">Người gửi, thời điểm</th></tr></thead><tbody>");
    for (int i = 0; i < nv; i++) {
        char val[32];
        eval_format(v[i].value, val, sizeof val);
        html(r, "<tr><td>%d</td><td>%T</td><td class=\"num\">%s", v[i].version, v[i].as_of, val);
        if (v[i].has_baseline) {
            char b[32];
            eval_format(v[i].baseline_value, b, sizeof b);
            html(r, "<br><small>kỳ gốc %s</small>", b);
        }
        html(r, "</td><td><span class=\"tag rs-%s\">%s</span></td><td>%s", v[i].state, report_state_label(v[i].state),
             v[i].note ? v[i].note : "");
        if (v[i].decision_reason) html(r, "<br><strong>Lý do trả lại:</strong> %s", v[i].decision_reason);
        struct stored_file *ef;
        int nef = 0;
        if (file_list(r->db, &r->a, REPORT_FILE_OWNER, v[i].id, &ef, &nef) >= 0)
            for (int k = 0; k < nef; k++)
                html(r, "<br>Minh chứng: <a href=\"%s\">%s</a>", file_href(&r->a, REPORT_FILE_OWNER, v[i].id, ef[k].id), ef[k].name);
        if (v[i].change_reason) html(r, "<br><strong>Lý do sửa:</strong> %s", v[i].change_reason);
        html(r, "</td><td>%s<br><small>%s</small></td></tr>", v[i].created_by, iso_local_time(&r->a, v[i].created_at, false));
    }
    html(r, "</tbody></table></div>");
    /* the unit's accepted values of this target over time, against the target */
    struct campaign_report *hist;
    int nh;
    struct campaign_target t;
    if (report_list(r->db, &r->a, c->id, rep->target_id, rep->unit_id, "accepted", true, &hist, &nh) == STORE_OK && nh > 0 &&
        campaign_target_get(r->db, &r->a, rep->target_id, &t) == 1) {
        bool pct = t.measure_unit && t.measure_unit[0] == '%';
        struct chart_point *pts = arena_alloc(&r->a, sizeof *pts * (size_t)nh);
        for (int i = 0; i < nh; i++)   /* report_list is newest first; the chart wants dates ascending */
            pts[i] = (struct chart_point){hist[nh - 1 - i].as_of,
                                          pct ? hist[nh - 1 - i].value / 10 : (hist[nh - 1 - i].value + 500) / 1000};
        int64_t goal = !t.has_a ? -1 : pct ? t.value_a / 10 : (t.value_a + 500) / 1000;
        struct chart_opts o = {arena_printf(&r->a, "Tiến độ của %s: chỉ tiêu %s", rep->unit_name, t.code),
                               pct ? "Số liệu được duyệt theo ngày, phần trăm; đường đứt là mức chỉ tiêu."
                                   : "Số liệu được duyệt theo ngày (làm tròn đến đơn vị); đường đứt là mức chỉ tiêu.",
                               pct ? CHART_PERCENT : CHART_NUMBER};
        chart_line(r, &o, pts, nh, goal);
    }
    bool latest = nv && v[0].id == rep->id;
    if (!latest && nv) html(r, "<p>Đây không phải bản mới nhất: <a href=\"/reports/%D\">xem bản %d</a>.</p>", v[0].id, v[0].version);
    if (latest && web_has_cap(r, CAP_CAMPAIGN_WRITE) && str_eq(rep->state, "submitted")) {
        html(r, "<h2>Quyết định của Ban</h2>");
        decision_forms(r, rep);
    }
    bool closed = str_eq(c->status, "closed") || str_eq(c->status, "reviewed");
    if (latest && ((closed && web_has_cap(r, CAMPAIGN_ADMIN_CAP)) || (!closed && web_has_cap(r, CAP_REPORT_WRITE)))) {
        html(r, "<h2>Gửi bản sửa</h2>");
        report_form(r, arena_printf(&r->a, "/reports/%lld/versions", (long long)rep->id), NULL, 0, in, closed, false, fe);
    }
    page_end(r);
    r->status = status;
}

void report_page(req *r)
{
    struct campaign_report rep;
    struct campaign c;
    if (!report_of_path(r, &rep, &c)) return;
    struct field_errors fe = {0};
    struct report_input in = {.as_of = rep.as_of, .value = NULL, .note = rep.note};
    report_render(r, &rep, &c, &in, &fe);
}

void report_change_page(req *r)
{
    struct campaign_report rep;
    struct campaign c;
    if (!report_of_path(r, &rep, &c)) return;
    struct field_errors fe = {0};
    struct report_input in = form_input(r);
    struct actor me = actor_of_req(r);
    int64_t id = report_change(r->db, &r->a, &me, rep.id, &in, &fe);
    if (id < 0) { web_fail(r, "change report"); return; }
    if (id > 0) { web_redirect(r, arena_printf(&r->a, "/reports/%lld?notice=submitted", (long long)id)); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    report_render(r, &rep, &c, &in, &fe);
}

void report_decision_page(req *r)
{
    struct campaign_report rep;
    struct campaign c;
    if (!report_of_path(r, &rep, &c)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = report_decide(r->db, &r->a, &me, rep.id, str_eq(web_param(r, "accept"), "1"), web_param(r, "reason"), &fe);
    if (rc < 0) { web_fail(r, "decide report"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/campaigns/%lld/reports?notice=decided", (long long)c.id));
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

const struct api_member report_body[] = {
    {"target_id", API_INT}, {"unit", API_REF}, {"as_of", API_TEXT}, {"value", API_TEXT}, {"denominator", API_TEXT_NULL},
    {"baseline_value", API_TEXT_NULL}, {"note", API_TEXT_NULL}, {NULL, 0},
};
const struct api_member report_version_body[] = {
    {"as_of", API_TEXT}, {"value", API_TEXT}, {"denominator", API_TEXT_NULL}, {"baseline_value", API_TEXT_NULL},
    {"note", API_TEXT_NULL}, {"change_reason", API_TEXT_NULL}, {NULL, 0},
};
const struct api_member report_decision_body[] = {{"accept", API_BOOL}, {"reason", API_TEXT_NULL}, {NULL, 0}};

static struct report_input body_input(req *r)
{
    return (struct report_input){.as_of = api_text(r, "as_of"), .value = api_text(r, "value"),
                                 .denominator = api_text(r, "denominator"), .baseline_value = api_text(r, "baseline_value"),
                                 .note = api_text(r, "note"), .change_reason = api_text(r, "change_reason")};
}

static void report_reply(req *r, int64_t id, int status)
{
    struct campaign_report rep;
    if (report_get(r->db, &r->a, id, &rep) != 1) { web_fail(r, "get report"); return; }
    web_json(r, status, json_pack("{s:o}", "report", report_json(&rep, true)));
}

void campaign_reports_api(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct field_errors fe = {0};
    struct api_page pg;
    if (!api_page_read(r, &pg, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
    const char *state = web_param(r, "state");
    struct campaign_report *v;
    int n;
    if (report_list(r->db, &r->a, c.id, 0, 0, state && *state ? state : NULL, str_eq(web_param(r, "versions"), "all"), &v, &n) != STORE_OK) {
        web_fail(r, "list reports");
        return;
    }
    json_t *items = json_array();
    for (int64_t i = pg.offset; i < n && i < pg.offset + pg.limit; i++) json_array_append_new(items, report_json(&v[i], true));
    web_json(r, 200, api_list(items, n, &pg));
}

void reports_api(req *r)
{
    struct field_errors fe = {0};
    struct report_input in = body_input(r);
    if (!api_int(r, "target_id", &in.target_id)) ferr_add(&fe, "target_id", "Hãy gửi \"target_id\": số id của chỉ tiêu.");
    if (!api_has(r, "unit")) ferr_add(&fe, "unit", "Hãy gửi \"unit\": số id hoặc mã đơn vị báo cáo.");
    else if (campaign_unit_ref(r, api_ref(r, "unit"), "unit", &in.unit_id, &fe) < 0) { web_fail(r, "resolve unit"); return; }
    struct actor me = actor_of_req(r);
    int64_t id = fe.n ? 0 : report_submit(r->db, &r->a, &me, &in, &fe);
    if (id < 0) { web_fail(r, "submit report"); return; }
    if (!id) { campaign_refused(r, &fe); return; }
    web_header(r, "Location", arena_printf(&r->a, "/api/reports/%lld", (long long)id));
    report_reply(r, id, 201);
}

void report_api(req *r)
{
    struct campaign_report rep;
    struct campaign c;
    if (!report_of_path(r, &rep, &c)) return;
    struct campaign_report *v;
    int nv;
    if (report_versions(r->db, &r->a, rep.series_id, &v, &nv) != STORE_OK) { web_fail(r, "versions"); return; }
    json_t *jv = json_array();
    for (int i = 0; i < nv; i++) json_array_append_new(jv, report_json(&v[i], true));
    web_json(r, 200, json_pack("{s:o, s:o}", "report", report_json(&rep, true), "versions", jv));
}

void report_versions_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct report_input in = body_input(r);
    struct actor me = actor_of_req(r);
    int64_t nid = report_change(r->db, &r->a, &me, id, &in, &fe);
    if (nid < 0) { web_fail(r, "change report"); return; }
    if (!nid) { campaign_refused(r, &fe); return; }
    report_reply(r, nid, 201);
}

void report_decision_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    int accept = api_bool(r, "accept");
    if (accept < 0) ferr_add(&fe, "accept", "Hãy gửi \"accept\": true (duyệt) hoặc false (trả lại, kèm \"reason\").");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : report_decide(r->db, &r->a, &me, id, accept == 1, api_text(r, "reason"), &fe);
    if (rc < 0) { web_fail(r, "decide report"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    report_reply(r, id, 200);
}

/* GET /campaigns/{id}/report.pdf[?on=DATE]: the printable campaign report (campaign_pdf.c) on the
 * date the dashboard shows. */
void campaign_report_pdf_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct campaign_eval e;
    if (campaign_evaluate(r->db, &r->a, &c, campaign_default_on(&r->a, web_param(r, "on")), &e) != STORE_OK) {
        web_fail(r, "evaluate campaign");
        return;
    }
    buf out = {0};
    char err[300];
    if (campaign_report_pdf(r->db, &r->a, &c, &e, &out, err, sizeof err) != 0) {
        buf_free(&out);
        web_fail(r, err);
        return;
    }
    web_header(r, "Content-Disposition", arena_printf(&r->a, "inline; filename=\"bao-cao-phong-trao-%lld.pdf\"", (long long)c.id));
    web_body(r, "application/pdf", out.data, out.len);
    buf_free(&out);
}
