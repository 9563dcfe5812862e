/* holiday.c: the working-day calendar resource. The rule defaults (effective-dated, with their
 * citation) live in vn_holiday.c; this file stores administrators' amendments per day
 * (holiday_amendment), shows a year's calendar as twelve month grids and a list (/holidays),
 * offers the JSON API (/api/holidays, /api/workdays) and the CLI (`thidua holiday …`), and
 * gives the rest of thidua deadline arithmetic over the amended calendar (holiday.h). */
#include "holiday.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "cli.h"
#include "html.h"
#include "core_pages.h"


static const char *const kind_names[] = {"off", "cancel", "work"};

static int kind_from_name(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (str_eq(s, kind_names[i])) return i;
    return -1;
}

static bool iso_to_date(const char *s, struct vn_date *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    d->year = atoi(s);
    d->month = atoi(s + 5);
    d->day = atoi(s + 8);
    return vn_date_valid(*d);
}

static void date_to_iso(struct vn_date d, char out[11])
{
    snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

int holiday_calendar_load(store *s, arena *a, struct vn_holiday_calendar *cal)
{
    memset(cal, 0, sizeof *cal);
    int64_t n = 0;
    if (store_int64(s, &n, "SELECT count(*) FROM holiday_amendment", "") < 0) return STORE_ERR;
    struct vn_amendment *am = arena_alloc(a, sizeof *am * (size_t)(n + 1));
    stmt *q = store_query(s, "SELECT day, kind, note FROM holiday_amendment ORDER BY day", "");
    if (!q) return STORE_ERR;
    size_t i = 0;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW && i < (size_t)n) {
        if (!iso_to_date(stmt_text(q, 0), &am[i].date)) continue;   /* CHECKed on write */
        am[i].kind = (enum vn_amend_kind)kind_from_name(stmt_text(q, 1));
        am[i].note = stmt_text_dup(q, 2, a);
        i++;
    }
    stmt_finalize(q);
    if (rc < 0) return rc;
    cal->amendments = am;
    cal->n_amendments = i;
    return STORE_OK;
}

int holiday_add_working_days(store *s, const char *from, int n, char out[11], char *err, size_t errlen)
{
    struct vn_date d, r;
    if (!iso_to_date(from, &d)) { snprintf(err, errlen, "ngày '%s' không hợp lệ (cần YYYY-MM-DD)", from ? from : ""); return -1; }
    arena a = {0};
    struct vn_holiday_calendar cal;
    struct vn_error e;
    int rc = -1;
    if (holiday_calendar_load(s, &a, &cal) != STORE_OK) snprintf(err, errlen, "%s", store_errmsg(s));
    else if (vn_add_working_days(&cal, d, n, &r, &e) != 0) snprintf(err, errlen, "%s", e.message);
    else { date_to_iso(r, out); rc = 0; }
    arena_free(&a);
    return rc;
}

int holiday_count_working_days(store *s, const char *from, const char *to, int *out, char *err, size_t errlen)
{
    struct vn_date a1, b1;
    if (!iso_to_date(from, &a1) || !iso_to_date(to, &b1)) { snprintf(err, errlen, "ngày không hợp lệ (cần YYYY-MM-DD)"); return -1; }
    arena a = {0};
    struct vn_holiday_calendar cal;
    struct vn_error e;
    int rc = -1;
    if (holiday_calendar_load(s, &a, &cal) != STORE_OK) snprintf(err, errlen, "%s", store_errmsg(s));
    else if (vn_count_working_days(&cal, a1, b1, out, &e) != 0) snprintf(err, errlen, "%s", e.message);
    else rc = 0;
    arena_free(&a);
    return rc;
}

/* Reads a user's date (any form vn_date_parse reads, with a year) into ISO; NULL + message. */
static const char *parse_user_date(arena *a, const char *text, char iso[11])
{
    struct vn_date_parsed p;
    struct vn_error e;
    if (str_empty(text)) return "Hãy nhập ngày.";
    if (vn_date_parse(text, NULL, 0, &p, &e) != 0) return arena_strdup(a, e.message);
    if (p.kind != VN_DATE_DAY) return "Hãy nhập một ngày cụ thể (ví dụ 14/02/2026).";
    date_to_iso(p.date, iso);
    return NULL;
}

/* Adds or replaces the amendment of one day, with its audit entry. 0 ok, else STORE_* error. */
static int amend_day(store *s, int64_t user_id, const char *user_login, const char *iso, int kind,
                     const char *note, const char *basis)
{
    char now[21];
    iso_time(now_unix(), now);
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    json_t *before = NULL;
    stmt *q = store_query(s, "SELECT kind, note, legal_basis FROM holiday_amendment WHERE day=$1", "t", iso);
    if (q && stmt_step(q) == STORE_ROW)
        before = json_pack("{s:s, s:s?, s:s?, s:s?}", "day", iso, "kind", stmt_text(q, 0), "note", stmt_text(q, 1),
                           "legal_basis", stmt_text(q, 2));
    stmt_finalize(q);
    int64_t id = 0;
    int rc = store_int64(s, &id,
        "INSERT INTO holiday_amendment(day, kind, note, legal_basis, created_at, created_by)"
        " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (day) DO UPDATE SET kind=excluded.kind,"
        " note=excluded.note, legal_basis=excluded.legal_basis, created_at=excluded.created_at,"
        " created_by=excluded.created_by RETURNING id",
        user_id ? "ttttti" : "tttttn", iso, kind_names[kind], str_empty(note) ? NULL : note,
        str_empty(basis) ? NULL : basis, now, user_id);  /* CLI changes have no user row */
    json_t *after = json_pack("{s:s, s:s, s:s?, s:s?}", "day", iso, "kind", kind_names[kind],
                              "note", str_empty(note) ? NULL : note, "legal_basis", str_empty(basis) ? NULL : basis);
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
    if (rc != 1 || audit_write(s, user_id, user_login, before ? "update" : "create", "holiday_amendment", idtxt,
                               before, after) < 0) {
        json_decref(before);
        json_decref(after);
        store_rollback(s);
        return rc < 0 ? rc : STORE_ERR;
    }
    json_decref(before);
    json_decref(after);
    return store_commit(s);
}

/* Removes the amendment of a day (by id or by ISO day); 1 removed, 0 none, < 0 error. */
static int remove_amendment(store *s, int64_t user_id, const char *user_login, int64_t id, const char *iso)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    stmt *q = id ? store_query(s, "SELECT id, day, kind, note, legal_basis FROM holiday_amendment WHERE id=$1", "i", id)
                 : store_query(s, "SELECT id, day, kind, note, legal_basis FROM holiday_amendment WHERE day=$1", "t", iso);
    json_t *before = NULL;
    if (q && stmt_step(q) == STORE_ROW) {
        id = stmt_int64(q, 0);
        before = json_pack("{s:s, s:s, s:s?, s:s?}", "day", stmt_text(q, 1), "kind", stmt_text(q, 2),
                           "note", stmt_text(q, 3), "legal_basis", stmt_text(q, 4));
    }
    stmt_finalize(q);
    if (!before) { store_rollback(s); return q ? 0 : STORE_ERR; }
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
    int rc = store_exec(s, "DELETE FROM holiday_amendment WHERE id=$1", "i", id);
    if (rc != STORE_OK || audit_write(s, user_id, user_login, "delete", "holiday_amendment", idtxt, before, NULL) < 0) {
        json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    json_decref(before);
    return store_commit(s) == STORE_OK ? 1 : STORE_ERR;
}

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
    const char *e = parse_user_date(&r->a, from, iso);
    if (e) return arena_printf(&r->a, "Ngày bắt đầu: %s", e);
    if (str_empty(ntext) || !parse_int64(ntext, n) || *n < -1000 || *n > 1000)
        return "Số ngày làm việc phải là một số nguyên từ -1000 đến 1000.";
    return NULL;
}

static const char *source_label(const struct vn_calendar_day *d)
{
    if (d->working) return "Làm bù";
    switch (d->source) {
    case VN_DAY_RULE: return "Ngày lễ, Tết";
    case VN_DAY_COMPENSATORY: return "Nghỉ bù";
    case VN_DAY_AMENDED: return "Điều chỉnh";
    }
    return "";
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
        date_to_iso(days[i].date, iso);
        html(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", shown, source_label(&days[i]),
             days[i].name, days[i].detail, days[i].citation);
        if (days[i].source == VN_DAY_AMENDED || days[i].working) {
            int64_t id = 0;
            if (web_has_cap(r, CAP_SETTINGS) &&
                store_int64(r->db, &id, "SELECT id FROM holiday_amendment WHERE day=$1", "t", iso) == 1) {
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
            iso_to_date(out, &d);
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

/* Validates an amendment from form or JSON fields; fills iso/kind or field errors. */
static void validate_amendment(arena *a, const char *day, const char *kind, const char *note, const char *basis,
                               char iso[11], int *k, struct field_errors *fe)
{
    const char *e = parse_user_date(a, day, iso);
    if (e) ferr_add(fe, "day", e);
    else {
        struct vn_date d;
        iso_to_date(iso, &d);
        if (d.year < VN_HOLIDAY_FIRST_YEAR || d.year > VN_HOLIDAY_LAST_YEAR)
            ferr_add(fe, "day", arena_printf(a, "Lịch chỉ có cho các năm %d–%d.", VN_HOLIDAY_FIRST_YEAR, VN_HOLIDAY_LAST_YEAR));
    }
    *k = kind_from_name(kind);
    if (*k < 0) ferr_add(fe, "kind", "Loại điều chỉnh phải là off, cancel hoặc work.");
    if (note && strlen(note) > 200) ferr_add(fe, "note", "Ghi chú dài quá 200 ký tự.");
    if (basis && strlen(basis) > 200) ferr_add(fe, "legal_basis", "Căn cứ dài quá 200 ký tự.");
}

void holiday_amend_page(req *r)
{
    struct field_errors fe = {0};
    char iso[11] = "";
    int kind;
    const char *note = web_param(r, "note"), *basis = web_param(r, "legal_basis");
    validate_amendment(&r->a, web_param(r, "day"), web_param(r, "kind"), note, basis, iso, &kind, &fe);
    if (fe.n) {
        /* The calendar shown beside the form's errors: the year the form came from (a hidden
         * field); if that was tampered with, this year's. */
        int year;
        year_param(r, &year);
        r->status = 400;
        holidays_render(r, year, &fe, NULL);
        return;
    }
    if (amend_day(r->db, r->user.id, r->user.login, iso, kind, note, basis) != STORE_OK) {
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
    int rc = remove_amendment(r->db, r->user.id, r->user.login, id, NULL);
    if (rc == 0) { web_error(r, 404, "Không có điều chỉnh này."); return; }
    if (rc < 0) { web_fail(r, "remove holiday amendment"); return; }
    web_redirect(r, day ? arena_printf(&r->a, "/holidays?year=%.4s", day) : "/holidays");
}

/* ---- JSON API ---- */
static json_t *days_json(const struct vn_calendar_day *days, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        char iso[11];
        date_to_iso(days[i].date, iso);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "date", iso,
            "kind", days[i].working ? "work" : days[i].source == VN_DAY_COMPENSATORY ? "compensatory"
                    : days[i].source == VN_DAY_AMENDED ? "amended" : "holiday",
            "name", days[i].name ? days[i].name : "", "detail", days[i].detail,
            "citation", days[i].citation ? days[i].citation : "", "working", days[i].working));
    }
    return arr;
}

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
    web_json(r, 200, json_pack("{s:i, s:o}", "year", year, "days", days_json(days, n)));
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
    if (!fe.n) validate_amendment(&r->a, day, k, note, basis, iso, &kind, &fe);
    if (fe.n) { web_json_fields(r, "Điều chỉnh không hợp lệ.", ferr_json(&fe)); return; }
    if (amend_day(r->db, r->user.id, r->user.login, iso, kind, note, basis) != STORE_OK) {
        web_fail(r, "save holiday amendment");
        return;
    }
    web_json(r, 200, json_pack("{s:s, s:s}", "day", iso, "kind", kind_names[kind]));
}

void holiday_delete_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    int rc = remove_amendment(r->db, r->user.id, r->user.login, id, NULL);
    if (rc == 0) { web_error(r, 404, "Không có điều chỉnh này."); return; }
    if (rc < 0) { web_fail(r, "remove holiday amendment"); return; }
    web_json(r, 200, json_pack("{s:b}", "deleted", 1));
}

void workdays_api(req *r)
{
    const char *from = web_param(r, "from"), *to = web_param(r, "to"), *ntext = web_param(r, "n");
    char iso[11], iso_to[11], out[11], msg[256];
    const char *e = parse_user_date(&r->a, from, iso);
    if (e) { web_json_fields(r, "Tham số không hợp lệ.", json_pack("{s:s}", "from", e)); return; }
    /* One question per request: with both, which one was answered would be a guess. */
    if (to && ntext) {
        web_json_fields(r, "Chỉ dùng một trong hai tham số n (số ngày làm việc) hoặc to (ngày cuối).",
                        json_pack("{s:s}", "n", "Không dùng cùng với to."));
        return;
    }
    if (to) {
        int count;
        if ((e = parse_user_date(&r->a, to, iso_to))) {
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

/* ---- CLI ---- */
static int holiday_list_cmd(int argc, char **argv)
{
    bool json = cli_flag(&argc, argv, "json");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t year = 0;
    if (argc != 2 || !parse_int64(argv[1], &year)) {
        fprintf(stderr, "usage: thidua holiday list YEAR [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct vn_holiday_calendar cal;
    struct vn_calendar_day days[VN_CALENDAR_DAYS_MAX];
    struct vn_error err;
    int rc = 1, n;
    if (holiday_calendar_load(s, &a, &cal) != STORE_OK) fprintf(stderr, "thidua holiday: %s\n", store_errmsg(s));
    else if ((n = vn_holidays(&cal, (int)year, days, VN_CALENDAR_DAYS_MAX, &err)) < 0)
        fprintf(stderr, "thidua holiday list: %s\n", err.message);
    else {
        if (json) {
            json_t *j = days_json(days, n);
            char *txt = json_dumps(j, JSON_INDENT(2));
            puts(txt);
            free(txt);
            json_decref(j);
        } else {
            for (int i = 0; i < n; i++) {
                char shown[48];
                vn_date_format(days[i].date, VN_DATE_WEEKDAY_ABBR, shown, sizeof shown);
                printf("%s  %-12s %s%s%s\n", shown, source_label(&days[i]), days[i].name ? days[i].name : "",
                       days[i].detail[0] ? " — " : "", days[i].detail);
            }
        }
        rc = 0;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int holiday_amend_cmd(int argc, char **argv)
{
    const char *note = cli_option(&argc, argv, "note"), *basis = cli_option(&argc, argv, "basis");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc != 3) {
        fprintf(stderr, "usage: thidua holiday amend DATE off|cancel|work [--note TEXT] [--basis TEXT] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    char iso[11] = "";
    int kind, rc = 0;
    validate_amendment(&a, argv[1], argv[2], note, basis, iso, &kind, &fe);
    for (int i = 0; i < fe.n; i++) fprintf(stderr, "thidua holiday amend: %s: %s\n", fe.items[i].name, fe.items[i].value);
    if (fe.n) rc = 1;
    else if (amend_day(s, 0, cli_actor(&a), iso, kind, note, basis) != STORE_OK) {
        fprintf(stderr, "thidua holiday amend: %s\n", store_errmsg(s));
        rc = 1;
    } else printf("%s %s\n", iso, kind_names[kind]);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int holiday_remove_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc != 2) { fprintf(stderr, "usage: thidua holiday remove DATE --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    char iso[11];
    const char *e = parse_user_date(&a, argv[1], iso);
    int rc = 1;
    if (e) fprintf(stderr, "thidua holiday remove: %s\n", e);
    else {
        int n = remove_amendment(s, 0, cli_actor(&a), 0, iso);
        if (n == 0) fprintf(stderr, "thidua holiday remove: no amendment on %s\n", iso);
        else if (n < 0) fprintf(stderr, "thidua holiday remove: %s\n", store_errmsg(s));
        else { printf("removed %s\n", iso); rc = 0; }
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int holiday_add_workdays_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t n;
    if (argc != 3 || !parse_int64(argv[2], &n) || n < -10000 || n > 10000) {
        fprintf(stderr, "usage: thidua holiday add-workdays DATE N --db FILE   (N: -10000…10000)\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    char iso[11], out[11], msg[256];
    const char *e = parse_user_date(&a, argv[1], iso);
    int rc = 1;
    if (e) fprintf(stderr, "thidua holiday add-workdays: %s\n", e);
    else if (holiday_add_working_days(s, iso, (int)n, out, msg, sizeof msg) != 0)
        fprintf(stderr, "thidua holiday add-workdays: %s\n", msg);
    else { puts(out); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd holiday_sub[] = {
    {"list", holiday_list_cmd, "YEAR [--json] --db FILE", "the year's days off and worked days, with their legal basis"},
    {"amend", holiday_amend_cmd, "DATE off|cancel|work [--note T] [--basis T] --db FILE", "change one day of the calendar"},
    {"remove", holiday_remove_cmd, "DATE --db FILE", "drop the amendment of a day (back to the rule default)"},
    {"add-workdays", holiday_add_workdays_cmd, "DATE N --db FILE", "the N-th working day after DATE on the amended calendar"},
    {0},
};

static int holiday_cmd(int argc, char **argv) { return cli_dispatch("holiday", holiday_sub, argc, argv); }

const struct cli_cmd holiday_cmds[] = {
    {"holiday", holiday_cmd, "list|amend|remove|add-workdays …", "the public-holiday calendar and working-day deadlines"},
    {0},
};
