/* job_web.c: the pages and API of background jobs (job.h): /jobs (my jobs; an administrator sees
 * everyone's), /jobs/{id} with a progress bar that reloads itself while the job runs (a meta
 * refresh: no JavaScript), cancel, /jobs/{id}/result (the file, for the owner or an
 * administrator), /api/jobs and /api/jobs/{id}. A job another user owns answers 404, as if it
 * did not exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core_pages.h"
#include "html.h"
#include "job.h"

/* "2026-12-05T12:30:07Z" (UTC) → "05/12/2026 19:30" (Vietnam, UTC+7, no daylight saving). */
static const char *vn_time(arena *a, const char *iso)
{
    struct tm tm = {0};
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return "";
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm) + 7 * 3600;
    struct tm vn;
    gmtime_r(&t, &vn);
    return arena_printf(a, "%02d/%02d/%04d %02d:%02d", vn.tm_mday, vn.tm_mon + 1, vn.tm_year + 1900, vn.tm_hour, vn.tm_min);
}

static int percent_of(const struct job_row *j)
{
    if (j->total <= 0) return str_eq(j->state, "done") ? 100 : 0;
    int64_t p = j->done * 100 / j->total;
    return (int)(p < 0 ? 0 : p > 100 ? 100 : p);
}

static json_t *job_json(const struct job_row *j)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:i, s:s, s:s, s:b, s:s?, s:s?, s:s?, s:s?}",
                          "id", (json_int_t)j->id, "kind", j->kind, "title", j->title, "state", j->state,
                          "owner", j->owner_login, "done", (json_int_t)j->done, "total", (json_int_t)j->total,
                          "percent", percent_of(j), "stage", j->stage ? j->stage : "", "message", j->message ? j->message : "",
                          "cancel_requested", j->cancel_requested, "link", j->link, "created_at", j->created_at,
                          "started_at", j->started_at, "finished_at", j->finished_at);
    json_t *report = j->result_json ? json_loads(j->result_json, 0, NULL) : NULL;
    json_object_set_new(o, "result", report ? report : json_null());
    if (j->file_name)
        json_object_set_new(o, "file", json_pack("{s:s, s:s, s:I, s:o}", "name", j->file_name, "type", j->file_type,
                                                 "bytes", (json_int_t)j->file_bytes,
                                                 "href", json_sprintf("/jobs/%lld/result", (long long)j->id)));
    return o;
}

/* The job of the path's {id} when the request's user may see it; else 404 (or 500) answered. */
static bool load_visible(req *r, struct job_row *j)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    struct actor me = actor_of_req(r);
    int rc = job_get(r->db, &r->a, id, j);
    if (rc < 0) { web_fail(r, "job_get"); return false; }
    if (!rc || !job_visible(&me, j)) {
        web_error(r, 404, "Không có việc này (hoặc bạn không được xem).");
        return false;
    }
    return true;
}

void jobs_page(req *r)
{
    struct actor me = actor_of_req(r);
    int64_t page = page_number(r), per_page = 50;
    struct job_row *rows;
    int n;
    int64_t total;
    if (job_list(r->db, &r->a, &me, per_page, (page - 1) * per_page, &rows, &n, &total) < 0) { web_fail(r, "job_list"); return; }
    page_begin(r, "Việc nền");
    html(r, "<h1>Việc nền</h1><p class=\"muted\">%s</p>",
         actor_has(&me, CAP_SETTINGS) ? "Mọi việc nền của hệ thống (bạn là quản trị viên)." : "Các việc bạn đã bắt đầu: nhập tệp lớn, in hàng loạt …");
    if (!n) {
        html(r, "<p>Chưa có việc nào.</p>");
    } else {
        html(r, "<div class=\"table-wrap\"><table class=\"jobs\"><caption class=\"sr-only\">Danh sách việc nền</caption><thead><tr>"
                "<th scope=\"col\">Việc</th><th scope=\"col\">Người bắt đầu</th><th scope=\"col\">Trạng thái</th>"
                "<th scope=\"col\">Tiến độ</th><th scope=\"col\">Bắt đầu lúc</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            const struct job_row *j = &rows[i];
            html(r, "<tr><td><a href=\"/jobs/%D\">%s</a></td><td>%s</td><td><span class=\"job-state job-%s\">%s</span></td>"
                    "<td><progress max=\"100\" value=\"%d\" aria-label=\"Tiến độ việc %D\">%d%%</progress> %d%%</td><td>%s</td></tr>",
                 j->id, j->title, j->owner_login, j->state, job_state_label(j->state), percent_of(j), j->id, percent_of(j),
                 percent_of(j), vn_time(&r->a, j->created_at));
        }
        html(r, "</tbody></table></div>");
    }
    page_links(r, "/jobs", NULL, page, page * per_page < total);
    page_end(r);
}

void job_page(req *r)
{
    struct job_row j;
    if (!load_visible(r, &j)) return;
    bool active = job_active(&j);
    if (active) r->refresh_seconds = 1;
    page_begin(r, j.title);
    html(r, "<p><a href=\"/jobs\">← Việc nền</a></p><h1>%s</h1>", j.title);
    html(r, "<p>Trạng thái: <strong class=\"job-state job-%s\">%s</strong>%s</p>", j.state, job_state_label(j.state),
         active && j.cancel_requested ? " — đang dừng theo yêu cầu hủy" : "");
    int pct = percent_of(&j);
    html(r, "<div class=\"job-progress\" role=\"status\" aria-live=\"polite\">"
            "<progress max=\"100\" value=\"%d\" aria-label=\"Tiến độ\">%d%%</progress> ", pct, pct);
    if (j.total > 0) html(r, "<span>%d%% — %D/%D</span>", pct, j.done, j.total);
    else if (active) html(r, "<span>%D (chưa biết tổng)</span>", j.done);
    if (j.stage && *j.stage) html(r, "<p class=\"job-stage\">%s</p>", j.stage);
    html(r, "</div>");
    if (active) html(r, "<p class=\"muted no-print\">Trang tự tải lại mỗi giây cho tới khi việc kết thúc.</p>");
    if (j.message && *j.message)
        html(r, "<p class=\"notice %s\" role=\"alert\">%s</p>", str_eq(j.state, "failed") ? "error" : "info", j.message);
    html(r, "<dl class=\"job-facts\"><dt>Loại việc</dt><dd>%s</dd><dt>Người bắt đầu</dt><dd>%s</dd>"
            "<dt>Tạo lúc</dt><dd>%s</dd>", j.kind, j.owner_login, vn_time(&r->a, j.created_at));
    if (j.started_at) html(r, "<dt>Chạy lúc</dt><dd>%s</dd>", vn_time(&r->a, j.started_at));
    if (j.finished_at) html(r, "<dt>Kết thúc lúc</dt><dd>%s</dd>", vn_time(&r->a, j.finished_at));
    html(r, "</dl>");
    if (j.file_name)
        html(r, "<p><a class=\"button\" href=\"/jobs/%D/result\" download>Tải kết quả: %s</a> <small>(%D byte)</small></p>",
             j.id, j.file_name, j.file_bytes);
    if (j.result_json) {
        /* The report: a JSON object of the job's own making, shown as its members. */
        json_t *rep = json_loads(j.result_json, 0, NULL);
        if (json_is_object(rep)) {
            html(r, "<h2>Báo cáo</h2><dl class=\"job-report\">");
            const char *key;
            json_t *v;
            json_object_foreach(rep, key, v) {
                char *txt = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
                html(r, "<dt>%s</dt><dd>%s</dd>", key, txt ? txt : json_string_value(v));
                free(txt);
            }
            html(r, "</dl>");
        }
        json_decref(rep);
    }
    if (j.link && str_eq(j.state, "done")) html(r, "<p><a href=\"%s\">Xem kết quả trong hệ thống</a></p>", j.link);
    if (active && !j.cancel_requested) {
        form_begin(r, arena_printf(&r->a, "/jobs/%lld/cancel", (long long)j.id), NULL);
        form_end(r, "Hủy việc này");
    }
    page_end(r);
}

void job_cancel_page(req *r)
{
    struct job_row j;
    if (!load_visible(r, &j)) return;
    struct actor me = actor_of_req(r);
    int rc = job_cancel(r->db, &me, j.id);
    if (rc == STORE_ERR) { web_fail(r, "job_cancel"); return; }
    web_redirect(r, arena_printf(&r->a, "/jobs/%lld", (long long)j.id));
}

void job_result_page(req *r)
{
    struct job_row j;
    if (!load_visible(r, &j)) return;
    const void *data;
    size_t len;
    int rc = job_file_read(r->db, &r->a, j.id, &data, &len);
    if (rc < 0) { web_fail(r, "job_file_read"); return; }
    if (!rc) { web_error(r, 404, "Việc này không có tệp kết quả."); return; }
    /* The name is the job's own, but quoted safely all the same: an ASCII fallback and the
     * UTF-8 form (RFC 6266/8187), so a Vietnamese name survives and no quote breaks the header. */
    buf enc = {0}, ascii = {0};
    url_encode(&enc, j.file_name);
    for (const char *p = j.file_name; *p; p++) buf_putc(&ascii, (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? *p : '_');
    web_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", buf_str(&ascii), buf_str(&enc)));
    buf_free(&enc);
    buf_free(&ascii);
    web_body(r, j.file_type, data, len);
}

void jobs_api(req *r)
{
    struct api_page pg;
    struct field_errors fe = {0};
    if (!api_page_read(r, &pg, 50, 500, &fe)) { api_reply_errors(r, &fe); return; }
    struct actor me = actor_of_req(r);
    struct job_row *rows;
    int n;
    int64_t total;
    if (job_list(r->db, &r->a, &me, pg.limit, pg.offset, &rows, &n, &total) < 0) { web_fail(r, "job_list"); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, job_json(&rows[i]));
    web_json(r, 200, api_list(items, total, &pg));
}

void job_api(req *r)
{
    struct job_row j;
    if (!load_visible(r, &j)) return;
    web_json(r, 200, job_json(&j));
}

void job_cancel_api(req *r)
{
    struct job_row j;
    if (!load_visible(r, &j)) return;
    struct actor me = actor_of_req(r);
    int rc = job_cancel(r->db, &me, j.id);
    if (rc == STORE_ERR) { web_fail(r, "job_cancel"); return; }
    if (rc == JOB_NOT_ACTIVE) { web_error(r, 409, "Việc đã kết thúc, không hủy được."); return; }
    if (job_get(r->db, &r->a, j.id, &j) != 1) { web_fail(r, "job_get"); return; }
    web_json(r, 200, job_json(&j));
}
