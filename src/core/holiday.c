/* holiday.c: the working-day calendar, its domain: the rule defaults (effective-dated, with their
 * citation) live in vn_holiday.c; this file stores administrators' amendments per day
 * (holiday_amendment), with an audit entry each, and gives the rest of thidua deadline
 * arithmetic over the amended calendar (holiday.h). Its pages and API are holiday_web.c, its
 * commands holiday_cmd.c; both validate and write through here. */
#include "holiday.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "stored_file.h"

const char *const holiday_kind_names[] = {"off", "cancel", "work", NULL};

int holiday_kind_from_name(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (str_eq(s, holiday_kind_names[i])) return i;
    return -1;
}

bool holiday_iso_to_date(const char *s, struct vn_date *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    d->year = atoi(s);
    d->month = atoi(s + 5);
    d->day = atoi(s + 8);
    return vn_date_valid(*d);
}

void holiday_date_to_iso(struct vn_date d, char out[11])
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
        if (!holiday_iso_to_date(stmt_text(q, 0), &am[i].date)) continue;   /* CHECKed on write */
        am[i].kind = (enum vn_amend_kind)holiday_kind_from_name(stmt_text(q, 1));
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
    if (!holiday_iso_to_date(from, &d)) { snprintf(err, errlen, "ngày '%s' không hợp lệ (cần YYYY-MM-DD)", from ? from : ""); return -1; }
    arena a = {0};
    struct vn_holiday_calendar cal;
    struct vn_error e;
    int rc = -1;
    if (holiday_calendar_load(s, &a, &cal) != STORE_OK) snprintf(err, errlen, "%s", store_errmsg(s));
    else if (vn_add_working_days(&cal, d, n, &r, &e) != 0) snprintf(err, errlen, "%s", e.message);
    else { holiday_date_to_iso(r, out); rc = 0; }
    arena_free(&a);
    return rc;
}

int holiday_count_working_days(store *s, const char *from, const char *to, int *out, char *err, size_t errlen)
{
    struct vn_date a1, b1;
    if (!holiday_iso_to_date(from, &a1) || !holiday_iso_to_date(to, &b1)) { snprintf(err, errlen, "ngày không hợp lệ (cần YYYY-MM-DD)"); return -1; }
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

/* ---- amendments ---- */
const char *holiday_parse_date(arena *a, const char *text, char iso[11])
{
    struct vn_date_parsed p;
    struct vn_error e;
    if (str_empty(text)) return "Hãy nhập ngày.";
    if (vn_date_parse(text, NULL, 0, &p, &e) != 0) return arena_strdup(a, e.message);
    if (p.kind != VN_DATE_DAY) return "Hãy nhập một ngày cụ thể (ví dụ 14/02/2026).";
    holiday_date_to_iso(p.date, iso);
    return NULL;
}

void holiday_validate(arena *a, const char *day, const char *kind, const char *note, const char *basis,
                      char iso[11], int *k, struct field_errors *fe)
{
    const char *e = holiday_parse_date(a, day, iso);
    if (e) ferr_add(fe, "day", e);
    else {
        struct vn_date d;
        holiday_iso_to_date(iso, &d);
        if (d.year < VN_HOLIDAY_FIRST_YEAR || d.year > VN_HOLIDAY_LAST_YEAR)
            ferr_add(fe, "day", arena_printf(a, "Lịch chỉ có cho các năm %d–%d.", VN_HOLIDAY_FIRST_YEAR, VN_HOLIDAY_LAST_YEAR));
    }
    *k = holiday_kind_from_name(kind);
    if (*k < 0) ferr_add(fe, "kind", "Loại điều chỉnh phải là off, cancel hoặc work.");
    if (note && strlen(note) > 200) ferr_add(fe, "note", "Ghi chú dài quá 200 ký tự.");
    if (basis && strlen(basis) > 200) ferr_add(fe, "legal_basis", "Căn cứ dài quá 200 ký tự.");
}

int holiday_amend(store *s, const struct actor *who, const char *iso, int kind, const char *note, const char *basis)
{
    if (!actor_has(who, CAP_SETTINGS)) return HOLIDAY_DENIED;
    int64_t user_id = who->user_id;
    const char *user_login = who->login;
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
        user_id ? "ttttti" : "tttttn", iso, holiday_kind_names[kind], str_empty(note) ? NULL : note,
        str_empty(basis) ? NULL : basis, now, user_id);  /* CLI changes have no user row */
    json_t *after = json_pack("{s:s, s:s, s:s?, s:s?}", "day", iso, "kind", holiday_kind_names[kind],
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

int holiday_remove(store *s, const struct actor *who, int64_t id, const char *iso)
{
    if (!actor_has(who, CAP_SETTINGS)) return HOLIDAY_DENIED;
    int64_t user_id = who->user_id;
    const char *user_login = who->login;
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
    /* its attached documents go with it: a later amendment may get the same id */
    int rc = file_detach(s, 0, HOLIDAY_FILE_OWNER, id) < 0 ? STORE_ERR : store_exec(s, "DELETE FROM holiday_amendment WHERE id=$1", "i", id);
    if (rc != STORE_OK || audit_write(s, user_id, user_login, "delete", "holiday_amendment", idtxt, before, NULL) < 0) {
        json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    json_decref(before);
    return store_commit(s) == STORE_OK ? 1 : STORE_ERR;
}

/* ---- how a day is shown ---- */
const char *holiday_source_label(const struct vn_calendar_day *d)
{
    if (d->working) return "Làm bù";
    switch (d->source) {
    case VN_DAY_RULE: return "Ngày lễ, Tết";
    case VN_DAY_COMPENSATORY: return "Nghỉ bù";
    case VN_DAY_AMENDED: return "Điều chỉnh";
    }
    return "";
}

json_t *holiday_days_json(const struct vn_calendar_day *days, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        char iso[11];
        holiday_date_to_iso(days[i].date, iso);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "date", iso,
            "kind", days[i].working ? "work" : days[i].source == VN_DAY_COMPENSATORY ? "compensatory"
                    : days[i].source == VN_DAY_AMENDED ? "amended" : "holiday",
            "name", days[i].name ? days[i].name : "", "detail", days[i].detail,
            "citation", days[i].citation ? days[i].citation : "", "working", days[i].working));
    }
    return arr;
}
