/* holiday_web.c: the working-day calendar's web face: a year as twelve month grids and a list
 * with the amendment form and a deadline calculator (/holidays), and the JSON API
 * (/api/holidays, /api/workdays); routes in core_routes.c. Validation and writes are holiday.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "core_pages.h"
#include "holiday.h"
#include "html.h"

/* ---- pages ---- */
/* The ?year= of a request: the current year when absent or empty; else it must be a year the
 * calendar covers. NULL with *year set, or a Vietnamese message (in the arena): a year that is
 * not one is an error, never quietly replaced by this year (which answered "year 99999" with
 * another year's days). */
static const char *year_param(req *r, int *year)
{
    char today[11];
    iso_date_today(today);
    *year = atoi(today);
    const char *s = web_param(r, "year");
    if (str_empty(s)) return NULL;
    int64_t y = 0;
    if (!parse_int64(s, &y) || y < VN_HOLIDAY_FIRST_YEAR || y > VN_HOLIDAY_LAST_YEAR)
        return arena_printf(&r->a, "Năm phải là một số từ %d đến %d (lịch chỉ có cho các năm này).",
                            VN_HOLIDAY_FIRST_YEAR, VN_HOLIDAY_LAST_YEAR);
    *year = (int)y;
    return NULL;
}

/* The working-day calculator's inputs (from, n) when either is given: both must be valid. NULL
 * when the calculator was not used or its inputs are good (*used, iso, *n set), else a message. */
static const char *calculator_params(req *r, bool *used, char iso[11], int64_t *n)
{
    const char *from = web_param(r, "from"), *ntext = web_param(r, "n");
    *used = !str_empty(from) || !str_empty(ntext);
    if (!*used) return NULL;
    const char *e = holiday_parse_date(&r->a, from, iso);
    if (e) return arena_printf(&r->a, "Ngày bắt đầu: %s", e);
    if (str_empty(ntext) || !parse_int64(ntext, n) || *n < -1000 || *n > 1000)
        return "Số ngày làm việc phải là một số nguyên từ -1000 đến 1000.";
    return NULL;
}

/* One month as a 7-column grid (Monday first); days off and worked rest days are marked. */
static void month_grid(req *r, int year, int month, const struct vn_calendar_day *days, int n,
                       const struct vn_holiday_calendar *cal)
{
    html(r, "<table class=\"month\"><caption>Tháng %d</caption><thead><tr>", month);
    static const char *const wd[] = {"T2", "T3", "T4", "T5", "T6", "T7", "CN"};
    for (int i = 0; i < 7; i++) html(r, "<th scope=\"col\">%s</th>", wd[i]);
    html(r, "</tr></thead><tbody><tr>");
    struct vn_date first = {year, month, 1};
    int lead = vn_weekday(first) - 1, col = 0;
    for (; col < lead; col++) html(r, "<td></td>");
    int dim = vn_days_in_month(year, month);
    for (int day = 1; day <= dim; day++, col++) {
        if (col && col % 7 == 0) html(r, "</tr><tr>");
        struct vn_date d = {year, month, day};
        const struct vn_calendar_day *e = NULL;
        for (int i = 0; i < n; i++)
            if (days[i].date.month == month && days[i].date.day == day) e = &days[i];
        struct vn_error err;
        int working = vn_is_working_day(cal, d, &err);
        const char *cls = e ? (e->working ? "work" : e->source == VN_DAY_COMPENSATORY ? "comp" : "off")
                            : working == 0 ? "rest" : "";
        if (e) html(r, "<td class=\"%s\" title=\"%s\">%d</td>", cls, e->name, day);
        else html(r, "<td class=\"%s\">%d</td>", cls, day);
    }
    for (; col % 7; col++) html(r, "<td></td>");
    html(r, "</tr></tbody></table>");
}

static void holidays_render(req *r, int year, const struct field_errors *fe, const char *notice)
{
    arena *a = &r->a;
    struct vn_holiday_calendar cal;
    if (holiday_calendar_load(r->db, a, &cal) != STORE_OK) { web_fail(r, "load holiday amendments"); return; }
    struct vn_calendar_day days[VN_CALENDAR_DAYS_MAX];
    struct vn_error err;
    int n = vn_holidays(&cal, year, days, VN_CALENDAR_DAYS_MAX, &err);
    page_begin(r, arena_printf(a, "Lịch nghỉ lễ, Tết năm %d", year));
    if (notice) page_notice(r, "ok", notice);
    if (fe && fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các mục được đánh dấu bên dưới.");
    html(r, "<nav class=\"pager\" aria-label=\"Năm\">");
    if (year > VN_HOLIDAY_FIRST_YEAR) html(r, "<a href=\"/holidays?year=%d\">← Năm %d</a>", year - 1, year - 1);
    if (year < VN_HOLIDAY_LAST_YEAR) html(r, "<a href=\"/holidays?year=%d\">Năm %d →</a>", year + 1, year + 1);
    html(r, "</nav>");
    if (n < 0) { page_notice(r, "error", err.message); page_end(r); return; }
    int off = 0, comp = 0, work = 0;
    for (int i = 0; i < n; i++) {
        if (days[i].working) work++;
        else if (days[i].source == VN_DAY_COMPENSATORY) comp++;
        else off++;
    }
    html(r, "<p>%d ngày nghỉ lễ, Tết; %d ngày nghỉ bù; %d ngày làm bù. Ngày mặc định sinh từ quy định "
            "pháp luật (cột “Căn cứ”); quản trị viên điều chỉnh theo thông báo chính thức của từng năm.</p>",
         off, comp, work);
    html(r, "<p class=\"legend\"><span class=\"off\">Nghỉ lễ, Tết</span> <span class=\"comp\">Nghỉ bù</span> "
            "<span class=\"work\">Làm bù</span> <span class=\"rest\">Nghỉ hằng tuần</span></p>"
            "<div class=\"months\">");
    for (int m = 1; m <= 12; m++) month_grid(r, year, m, days, n, &cal);
    html(r, "</div><h2>Danh sách</h2><div class=\"table-wrap\"><table><thead><tr><th>Ngày</th><th>Loại</th>"
            "<th>Tên</th><th>Chi tiết</th><th>Căn cứ</th><th></th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        char shown[48], iso[11];
        vn_date_format(days[i].date, VN_DATE_WEEKDAY, shown, sizeof shown);
        holiday_date_to_iso(days[i].date, iso);
        html(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", shown, holiday_source_label(&days[i]),
             days[i].name, days[i].detail, days[i].citation);
        if (days[i].source == VN_DAY_AMENDED || days[i].working) {
            int64_t id = 0;
            if (store_int64(r->db, &id, "SELECT id FROM holiday_amendment WHERE day=$1", "t", iso) == 1)
                html(r, "<a href=\"/holidays/%D/files\">Văn bản căn cứ</a> ", id);
            if (id && web_has_cap(r, CAP_SETTINGS)) {
                html(r, "<form method=\"post\" action=\"/holidays/%D/delete\" class=\"inline\" "
                        "data-confirm=\"Bỏ điều chỉnh ngày này?\"><input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
                        "<button type=\"submit\" class=\"link\">Bỏ điều chỉnh</button></form>", id, r->user.csrf);
            }
        }
        html(r, "</td></tr>");
    }
    html(r, "</tbody></table></div>");
    /* Amendments that cancel a default day do not appear as entries: list them too. */
    stmt *q = store_query(r->db, "SELECT id, day, note, legal_basis FROM holiday_amendment"
                                 " WHERE kind='cancel' AND day >= $1 AND day <= $2 ORDER BY day", "tt",
                          arena_printf(a, "%04d-01-01", year), arena_printf(a, "%04d-12-31", year));
    bool any = false;
    while (q && stmt_step(q) == STORE_ROW) {
        if (!any) html(r, "<h3>Ngày nghỉ mặc định đã bỏ</h3><ul>");
        any = true;
        html(r, "<li>%T — %s %s", stmt_text(q, 1), stmt_text(q, 2), stmt_text(q, 3));
        if (web_has_cap(r, CAP_SETTINGS))
            html(r, " <form method=\"post\" action=\"/holidays/%D/delete\" class=\"inline\"><input type=\"hidden\" "
                    "name=\"_csrf\" value=\"%s\"><button type=\"submit\" class=\"link\">Khôi phục</button></form>",
                 stmt_int64(q, 0), r->user.csrf);
        html(r, "</li>");
    }
    if (any) html(r, "</ul>");
    stmt_finalize(q);
    if (web_has_cap(r, CAP_SETTINGS)) {
        html(r, "<h2>Điều chỉnh một ngày</h2>");
        form_begin(r, "/holidays", NULL);
        html(r, "<input type=\"hidden\" name=\"year\" value=\"%d\">", year);
        form_field(r, "text", "day", "Ngày (dd/mm/yyyy)", fe ? web_param(r, "day") : NULL, fe ? ferr_get(fe, "day") : NULL,
                   "required placeholder=\"14/02/2026\"");
        static const char *const kinds[] = {"off", "Nghỉ thêm (ví dụ: thêm ngày nghỉ Tết)", "cancel",
                                            "Bỏ một ngày nghỉ mặc định", "work", "Làm bù (ngày nghỉ hằng tuần đi làm)", NULL};
        form_select(r, "kind", "Loại điều chỉnh", kinds, fe ? web_param(r, "kind") : "off", fe ? ferr_get(fe, "kind") : NULL);
        form_field(r, "text", "note", "Ghi chú (tên hiển thị)", fe ? web_param(r, "note") : NULL, fe ? ferr_get(fe, "note") : NULL,
                   "maxlength=\"200\"");
        form_field(r, "text", "legal_basis", "Căn cứ (số văn bản)", fe ? web_param(r, "legal_basis") : NULL,
                   fe ? ferr_get(fe, "legal_basis") : NULL, "maxlength=\"200\" placeholder=\"Thông báo số …/TB-BLĐTBXH\"");
        form_end(r, "Lưu điều chỉnh");
    }
    html(r, "<h2>Tính hạn theo ngày làm việc</h2><form method=\"get\" action=\"/holidays\" class=\"search\">"
            "<input type=\"hidden\" name=\"year\" value=\"%d\">"
            "<label>Từ ngày <input name=\"from\" value=\"%s\" placeholder=\"dd/mm/yyyy\"></label>"
            "<label>Số ngày làm việc <input name=\"n\" type=\"number\" min=\"-1000\" max=\"1000\" value=\"%s\"></label>"
            "<button type=\"submit\">Tính</button></form>",
         year, web_param(r, "from"), web_param(r, "n"));
    int64_t nd = 0;
    bool used;
    char iso[11], out[11], msg[256];
    const char *perr = calculator_params(r, &used, iso, &nd);
    if (perr) {
        r->status = 400;
        page_notice(r, "error", perr);
    } else if (used) {
        if (holiday_add_working_days(r->db, iso, (int)nd, out, msg, sizeof msg) != 0) {
            r->status = 400;
            page_notice(r, "error", msg);
        } else {
            struct vn_date d;
            char shown[48];
            holiday_iso_to_date(out, &d);
            vn_date_format(d, VN_DATE_WEEKDAY, shown, sizeof shown);
            html(r, "<p class=\"notice ok\" role=\"status\">%D ngày làm việc tính từ %T: <strong>%s</strong></p>",
                 nd, iso, shown);
        }
    }
    page_end(r);
}

void holidays_page(req *r)
{
    int year;
    const char *e = year_param(r, &year);
    if (e) { web_error(r, 400, e); return; }
    holidays_render(r, year, NULL, NULL);
}


void holiday_amend_page(req *r)
{
    struct field_errors fe = {0};
    char iso[11] = "";
    int kind;
    const char *note = web_param(r, "note"), *basis = web_param(r, "legal_basis");
    holiday_validate(&r->a, web_param(r, "day"), web_param(r, "kind"), note, basis, iso, &kind, &fe);
    if (fe.n) {
        /* The calendar shown beside the form's errors: the year the form came from (a hidden
         * field); if that was tampered with, this year's. */
        int year;
        year_param(r, &year);
        r->status = 400;
        holidays_render(r, year, &fe, NULL);
        return;
    }
    struct actor who = actor_of_req(r);
    int rc = holiday_amend(r->db, &who, iso, kind, note, basis);
    if (rc == HOLIDAY_DENIED) { web_error(r, 403, "Bạn không có quyền sửa lịch nghỉ lễ."); return; }
    if (rc != STORE_OK) {
        web_fail(r, "save holiday amendment");
        return;
    }
    web_redirect(r, arena_printf(&r->a, "/holidays?year=%.4s", iso));
}

void holiday_delete_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    char *day = NULL;
    store_text(r->db, &day, &r->a, "SELECT day FROM holiday_amendment WHERE id=$1", "i", id);
    struct actor who = actor_of_req(r);
    int rc = holiday_remove(r->db, &who, id, NULL);
    if (rc == HOLIDAY_DENIED) { web_error(r, 403, "Bạn không có quyền sửa lịch nghỉ lễ."); return; }
    if (rc == 0) { web_error(r, 404, "Không có điều chỉnh này."); return; }
    if (rc < 0) { web_fail(r, "remove holiday amendment"); return; }
    web_redirect(r, day ? arena_printf(&r->a, "/holidays?year=%.4s", day) : "/holidays");
}

/* ---- JSON API ---- */
void holidays_api(req *r)
{
    int year;
    const char *e = year_param(r, &year);
    if (e) { web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "year", e)); return; }
    struct vn_holiday_calendar cal;
    if (holiday_calendar_load(r->db, &r->a, &cal) != STORE_OK) { web_fail(r, "load holiday amendments"); return; }
    struct vn_calendar_day days[VN_CALENDAR_DAYS_MAX];
    struct vn_error err;
    int n = vn_holidays(&cal, year, days, VN_CALENDAR_DAYS_MAX, &err);
    if (n < 0) { web_json_fields(r, err.message, NULL); return; }
    web_json(r, 200, json_pack("{s:i, s:o}", "year", year, "days", holiday_days_json(days, n)));
}

const struct api_member holiday_amend_body[] = {
    {"day", API_TEXT}, {"kind", API_TEXT}, {"note", API_TEXT_NULL}, {"legal_basis", API_TEXT_NULL}, {NULL, 0},
};

void holiday_amend_api(req *r)
{
    struct field_errors fe = {0};
    char iso[11] = "";
    int kind;
    /* The members and their types were checked by the dispatcher (holiday_amend_body). */
    const char *day = api_text(r, "day"), *k = api_text(r, "kind");
    const char *note = api_text(r, "note"), *basis = api_text(r, "legal_basis");
    if (note && !*note) note = NULL;      /* null clears, as absent does */
    if (basis && !*basis) basis = NULL;
    if (!fe.n) holiday_validate(&r->a, day, k, note, basis, iso, &kind, &fe);
    if (fe.n) { web_json_fields(r, "Điều chỉnh không hợp lệ.", ferr_json(&fe)); return; }
    struct actor who = actor_of_req(r);
    int rc = holiday_amend(r->db, &who, iso, kind, note, basis);
    if (rc == HOLIDAY_DENIED) { web_error(r, 403, "Bạn không có quyền sửa lịch nghỉ lễ."); return; }
    if (rc != STORE_OK) {
        web_fail(r, "save holiday amendment");
        return;
    }
    web_json(r, 200, json_pack("{s:s, s:s}", "day", iso, "kind", holiday_kind_names[kind]));
}

void holiday_delete_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct actor who = actor_of_req(r);
    int rc = holiday_remove(r->db, &who, id, NULL);
    if (rc == HOLIDAY_DENIED) { web_error(r, 403, "Bạn không có quyền sửa lịch nghỉ lễ."); return; }
    if (rc == 0) { web_error(r, 404, "Không có điều chỉnh này."); return; }
    if (rc < 0) { web_fail(r, "remove holiday amendment"); return; }
    web_json(r, 200, json_pack("{s:b}", "deleted", 1));
}

void workdays_api(req *r)
{
    const char *from = web_param(r, "from"), *to = web_param(r, "to"), *ntext = web_param(r, "n");
    char iso[11], iso_to[11], out[11], msg[256];
    const char *e = holiday_parse_date(&r->a, from, iso);
    if (e) { web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "from", e)); return; }
    /* One question per request: with both, which one was answered would be a guess. */
    if (to && ntext) {
        web_json_fields(r, "Chỉ dùng một trong hai tham số n (số ngày làm việc) hoặc to (ngày cuối).",
                        json_pack("{s:s}", "n", "Không dùng cùng với to."));
        return;
    }
    if (to) {
        int count;
        if ((e = holiday_parse_date(&r->a, to, iso_to))) {
            web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "to", e));
            return;
        }
        if (holiday_count_working_days(r->db, iso, iso_to, &count, msg, sizeof msg) != 0) {
            web_json_fields(r, msg, NULL);
            return;
        }
        web_json(r, 200, json_pack("{s:s, s:s, s:i}", "from", iso, "to", iso_to, "working_days", count));
        return;
    }
    int64_t n;
    if (!ntext || !parse_int64(ntext, &n) || n < -10000 || n > 10000) {
        web_json_fields(r, "Cần tham số n (số ngày làm việc, -10000…10000) hoặc to (ngày cuối).",
                        json_pack("{s:s}", "n", "Phải là một số nguyên từ -10000 đến 10000."));
        return;
    }
    if (holiday_add_working_days(r->db, iso, (int)n, out, msg, sizeof msg) != 0) { web_json_fields(r, msg, NULL); return; }
    web_json(r, 200, json_pack("{s:s, s:I, s:s}", "from", iso, "n", (json_int_t)n, "date", out));
}
