/* report.c: progress reports on campaign targets (campaign.h): a responsible unit reports a value
 * (or a milestone's progress) as of a date; every change is a new version of the report's series;
 * the Board accepts or returns the latest version; once the campaign is closed only an
 * administrator changes a report, with a reason kept on the version and in the audit entry.
 * Evidence files are attached through stored_file (owner "campaign_report"). */
#include "campaign.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "stored_file.h"
#include "vn.h"
#include "vn_calendar.h"

static const struct vn_field f_note = {0, REPORT_NOTE_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};
static const struct vn_field f_reason = {1, CAMPAIGN_TEXT_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};

static const char *const states[] = {"submitted", "Chờ duyệt", "accepted", "Đã duyệt", "returned", "Trả lại",
                                     "superseded", "Đã thay bằng bản sau", NULL};
const char *report_state_label(const char *state)
{
    for (int i = 0; states[i]; i += 2)
        if (str_eq(states[i], state)) return states[i + 1];
    return state ? state : "";
}

#define REPORT_COLS "r.id, r.target_id, r.unit_id, r.series_id, r.version, r.as_of, r.note, r.state, r.decision_reason," \
    " r.change_reason, r.created_at, r.created_by, r.decided_at, r.decided_by, u.name, t.code, r.value, r.denominator," \
    " r.baseline_value, r.illustrative"
#define REPORT_FROM " FROM campaign_report r JOIN unit u ON u.id = r.unit_id JOIN campaign_target t ON t.id = r.target_id"

static void report_from_row(stmt *q, arena *a, struct campaign_report *r)
{
    r->id = stmt_int64(q, 0);
    r->target_id = stmt_int64(q, 1);
    r->unit_id = stmt_int64(q, 2);
    r->series_id = stmt_int64(q, 3);
    r->version = (int)stmt_int64(q, 4);
    const char **f[] = {&r->as_of, &r->note, &r->state, &r->decision_reason, &r->change_reason, &r->created_at,
                        &r->created_by, &r->decided_at, &r->decided_by, &r->unit_name, &r->target_code};
    for (size_t i = 0; i < countof(f); i++) *f[i] = stmt_text_dup(q, (int)i + 5, a);
    r->value = stmt_int64(q, 16);
    r->has_denominator = !stmt_is_null(q, 17);
    r->denominator = stmt_int64(q, 17);
    r->has_baseline = !stmt_is_null(q, 18);
    r->baseline_value = stmt_int64(q, 18);
    r->illustrative = stmt_int64(q, 19) != 0;
}

static int reports_of(stmt *q, arena *a, struct campaign_report **out, int *n)
{
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct campaign_report *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) report_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int report_get(store *s, arena *a, int64_t id, struct campaign_report *out)
{
    struct campaign_report *v;
    int n;
    if (reports_of(store_query(s, "SELECT " REPORT_COLS REPORT_FROM " WHERE r.id = $1", "i", id), a, &v, &n) != STORE_OK)
        return STORE_ERR;
    if (n) *out = v[0];
    return n ? 1 : 0;
}

int report_list(store *s, arena *a, int64_t campaign_id, int64_t target_id, int64_t unit_id, const char *state,
                bool all_versions, struct campaign_report **out, int *n)
{
    return reports_of(store_query(s, "SELECT " REPORT_COLS REPORT_FROM
                                     " WHERE t.campaign_id = $1 AND ($2 = 0 OR r.target_id = $2) AND ($3 = 0 OR r.unit_id = $3)"
                                     " AND ($4 = '' OR r.state = $4) AND ($5 = 1 OR r.version ="
                                     " (SELECT max(x.version) FROM campaign_report x WHERE x.series_id = r.series_id))"
                                     " ORDER BY r.as_of DESC, r.id DESC",
                                  "iiitI", campaign_id, target_id, unit_id, state ? state : "", all_versions ? 1 : 0),
                      a, out, n);
}

int report_versions(store *s, arena *a, int64_t series_id, struct campaign_report **out, int *n)
{
    return reports_of(store_query(s, "SELECT " REPORT_COLS REPORT_FROM " WHERE r.series_id = $1 ORDER BY r.version DESC", "i",
                                  series_id),
                      a, out, n);
}

/* ---- writing ---- */
static int64_t finish(store *s, int64_t aid, int64_t id)
{
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return id;
}

struct clean_report {
    char as_of[11];
    int64_t value, denominator, baseline;
    bool has_denominator, has_baseline;
    const char *note, *change_reason;
};

/* Checks the values of a report (not who writes it): the date, the numbers, the note. */
static bool clean_input(arena *a, const struct report_input *in, struct clean_report *c, struct field_errors *fe)
{
    memset(c, 0, sizeof *c);
    if (str_empty(in->as_of)) ferr_add(fe, "as_of", "Hãy nhập ngày của số liệu (dd/mm/yyyy).");
    else if (!vn_day_iso_month_end(in->as_of, c->as_of))
        ferr_add(fe, "as_of", arena_printf(a, "Ngày số liệu \"%s\" không hợp lệ; hãy viết dd/mm/yyyy.", in->as_of));
    else {
        char today[11];
        iso_date_today(today);
        if (strcmp(c->as_of, today) > 0) ferr_add(fe, "as_of", "Ngày số liệu không được sau hôm nay.");
    }
    if (str_empty(in->value)) ferr_add(fe, "value", "Hãy nhập số liệu (với mốc hoàn thành: phần trăm đã làm, 100 là xong).");
    else if (!eval_parse(in->value, &c->value))
        ferr_add(fe, "value", arena_printf(a, "Số liệu \"%s\" không phải là số (viết 99,5 hoặc 1.234; tối đa 3 chữ số thập phân).", in->value));
    if (!str_empty(in->denominator)) {
        if (!eval_parse(in->denominator, &c->denominator) || c->denominator <= 0)
            ferr_add(fe, "denominator", arena_printf(a, "Mẫu số \"%s\" phải là số dương.", in->denominator));
        else c->has_denominator = true;
    }
    if (!str_empty(in->baseline_value)) {
        if (!eval_parse(in->baseline_value, &c->baseline) || c->baseline < 0)
            ferr_add(fe, "baseline_value", arena_printf(a, "Số liệu kỳ gốc \"%s\" phải là số không âm.", in->baseline_value));
        else c->has_baseline = true;
    }
    c->note = field_clean(a, in->note, &f_note, "note", "Ghi chú", fe);
    c->change_reason = field_clean(a, in->change_reason, &f_reason, "change_reason", "Lý do sửa", fe);
    return fe->n == 0;
}

/* Who may write a report for (target, unit) in a campaign of `status`: the target is a leaf, the
 * unit is responsible for it (or for its parent; a split share: that share's unit), the writer has
 * report.write with the unit in scope — or, once the campaign is closed, is the administrator and
 * gives a reason. The measure's own bounds (percent ≤ 100) are checked here too. 1 allowed, 0
 * refused (field errors), < 0 store error. */
static int may_report(store *s, arena *a, const struct actor *ac, const struct campaign_target *t, int64_t unit_id,
                      const char *status, const struct clean_report *c, struct field_errors *fe)
{
    bool closed = str_eq(status, "closed") || str_eq(status, "reviewed");
    if (str_eq(status, "draft")) {
        ferr_add(fe, "status", "Phong trào chưa phát động: chưa nhận báo cáo.");
        return 0;
    }
    if (closed) {
        if (!actor_has(ac, CAMPAIGN_ADMIN_CAP)) {
            ferr_add(fe, "scope", "Phong trào đã kết thúc: chỉ quản trị hệ thống được sửa báo cáo, kèm lý do.");
            return 0;
        }
        if (!c->change_reason) {
            ferr_add(fe, "change_reason", "Phong trào đã kết thúc: hãy ghi lý do sửa báo cáo.");
            return 0;
        }
    } else if (!actor_has(ac, CAP_REPORT_WRITE)) {
        ferr_add(fe, "scope", REPORT_NO_CAP);
        return 0;
    }
    int64_t children = 0, responsible = 0;
    if (store_int64(s, &children, "SELECT count(*) FROM campaign_target WHERE parent_id = $1", "i", t->id) != 1) return STORE_ERR;
    if (children) {
        ferr_add(fe, "target_id", arena_printf(a, "Chỉ tiêu %s tổng hợp từ các chỉ tiêu con: hãy báo cáo từng chỉ tiêu con.", t->code));
        return 0;
    }
    char *unit_name = NULL;
    int rc = store_text(s, &unit_name, a, "SELECT name FROM unit WHERE id = $1", "i", unit_id);
    if (rc <= 0) {
        if (!rc) ferr_add(fe, "unit_id", "Không có đơn vị này.");
        return rc;
    }
    if (!closed && !actor_in_scope(s, ac, unit_id)) {
        ferr_add(fe, "scope", arena_printf(a, "Bạn chỉ báo cáo cho đơn vị của mình và các đơn vị trực thuộc; %s nằm ngoài phạm vi đó.",
                                           unit_name));
        return 0;
    }
    if (t->unit_id) responsible = t->unit_id == unit_id;
    else if (store_int64(s, &responsible, "SELECT count(*) FROM campaign_target_unit WHERE unit_id = $2"
                                          " AND (target_id = $1 OR target_id = (SELECT parent_id FROM campaign_target WHERE id = $1))",
                         "ii", t->id, unit_id) != 1)
        return STORE_ERR;
    if (!responsible) {
        ferr_add(fe, "unit_id", arena_printf(a, "%s không được giao chỉ tiêu %s.", unit_name, t->code));
        return 0;
    }
    int cmp = comparator_from_code(t->comparator);
    if ((cmp == CMP_MILESTONE || cmp == CMP_COVERAGE) && (c->value < 0 || c->value > EVAL_PCT100)) {
        ferr_add(fe, "value", "Với chỉ tiêu hoàn thành hoặc bao phủ, số liệu là phần trăm từ 0 đến 100.");
        return 0;
    }
    if (c->value < 0 && cmp != CMP_EQ && cmp != CMP_GT && cmp != CMP_GE && cmp != CMP_LT && cmp != CMP_LE) {
        ferr_add(fe, "value", "Số liệu này không được âm.");
        return 0;
    }
    return 1;
}

static json_t *report_json_values(const struct clean_report *c)
{
    json_t *o = json_pack("{s:s, s:I}", "as_of", c->as_of, "value", (json_int_t)c->value);
    if (c->has_denominator) json_object_set_new(o, "denominator", json_integer(c->denominator));
    if (c->has_baseline) json_object_set_new(o, "baseline_value", json_integer(c->baseline));
    if (c->note) json_object_set_new(o, "note", json_string(c->note));
    if (c->change_reason) json_object_set_new(o, "change_reason", json_string(c->change_reason));
    return o;
}

static int64_t insert_version(store *s, const struct actor *ac, int64_t target_id, int64_t unit_id, int64_t series_id,
                              int version, const struct clean_report *c, const char *state, bool illustrative)
{
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    bool decided = str_eq(state, "accepted");
    if (store_int64(s, &id, "INSERT INTO campaign_report(target_id, unit_id, series_id, version, as_of, value, denominator,"
                            " baseline_value, note, state, change_reason, illustrative, created_at, created_by, decided_at, decided_by)"
                            " VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 = 1 THEN $8 ELSE NULL END,"
                            " CASE WHEN $9 = 1 THEN $10 ELSE NULL END, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
                    "iiiItiIiIitttItttt", target_id, unit_id, series_id, version, c->as_of, c->value,
                    c->has_denominator ? 1 : 0, c->denominator, c->has_baseline ? 1 : 0, c->baseline, c->note, state,
                    c->change_reason, illustrative ? 1 : 0, now, ac->login, decided ? now : NULL,
                    decided ? ac->login : NULL) != 1)
        return STORE_ERR;
    if (!series_id && store_exec(s, "UPDATE campaign_report SET series_id = id WHERE id = $1", "i", id) != STORE_OK)
        return STORE_ERR;
    return id;
}

/* Recomputes the target's row of campaign_latest from its accepted reports, and the statuses and
 * counts kept from it (campaign_tally.c), inside the caller's transaction: after every change of a
 * report's state. */
static int refresh_latest(store *s, int64_t target_id)
{
    if (store_exec(s, "DELETE FROM campaign_latest WHERE target_id = $1", "i", target_id) != STORE_OK ||
        store_exec(s, "INSERT INTO campaign_latest(target_id, report_id, as_of, value, baseline_value, denominator)"
                      " SELECT target_id, id, as_of, value, baseline_value, denominator FROM campaign_report"
                      " WHERE target_id = $1 AND state = 'accepted' ORDER BY as_of DESC, id DESC LIMIT 1", "i", target_id) != STORE_OK)
        return STORE_ERR;
    return campaign_refresh_target(s, target_id);
}

/* Stores and attaches the report's evidence files to version `id` (inside the caller's
 * transaction); adds their ids to `ids`. 1 done, 0 a file refused (field "evidence" says which
 * and why), < 0 store error. */
static int attach_evidence(store *s, arena *a, const struct actor *ac, const struct report_input *in, int64_t id, json_t *ids,
                           struct field_errors *fe)
{
    for (int i = 0; i < in->n_evidence; i++) {
        const struct upload *u = &in->evidence[i];
        if (!u->len && str_empty(u->filename)) continue;
        char msg[600];
        int64_t fid = file_store(s, ac, &file_policy_evidence, u->filename, u->content_type, u->data, u->len, msg, sizeof msg);
        if (fid == 0) { ferr_add(fe, "evidence", arena_strdup(a, msg)); return 0; }
        if (fid < 0 || file_attach(s, fid, REPORT_FILE_OWNER, id, NULL) < 0) return STORE_ERR;
        json_array_append_new(ids, json_integer(fid));
    }
    return 1;
}

/* Loads the target and its campaign's status and start; 1, 0 (field error), < 0. */
static int target_and_status(store *s, arena *a, int64_t target_id, struct campaign_target *t, char **status,
                             struct field_errors *fe)
{
    int rc = campaign_target_get(s, a, target_id, t);
    if (rc == 0) ferr_add(fe, "target_id", "Không có chỉ tiêu này.");
    if (rc != 1) return rc;
    rc = store_text(s, status, a, "SELECT c.status FROM campaign c JOIN campaign_target t ON t.campaign_id = c.id WHERE t.id = $1",
                    "i", target_id);
    return rc == 1 ? 1 : STORE_ERR;
}

int64_t report_submit(store *s, arena *a, const struct actor *ac, const struct report_input *in,
                      struct field_errors *fe)
{
    if (!actor_has(ac, CAP_REPORT_WRITE) && !actor_has(ac, CAMPAIGN_ADMIN_CAP)) {
        ferr_add(fe, "scope", REPORT_NO_CAP);
        return 0;
    }
    struct clean_report c;
    if (!in->target_id) ferr_add(fe, "target_id", "Hãy chọn chỉ tiêu.");
    if (!in->unit_id) ferr_add(fe, "unit_id", "Hãy chọn đơn vị báo cáo.");
    if (!clean_input(a, in, &c, fe)) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign_target t;
    char *status = NULL;
    int rc = target_and_status(s, a, in->target_id, &t, &status, fe);
    if (rc == 1) rc = may_report(s, a, ac, &t, in->unit_id, status, &c, fe);
    if (rc != 1) { store_rollback(s); return rc; }
    /* after the close the administrator's report is the authority: it counts at once */
    bool closed = str_eq(status, "closed") || str_eq(status, "reviewed");
    int64_t id = insert_version(s, ac, t.id, in->unit_id, 0, 1, &c, closed ? "accepted" : "submitted", in->illustrative);
    if (id < 0 || (closed && refresh_latest(s, t.id) != STORE_OK)) { store_rollback(s); return STORE_ERR; }
    json_t *files = json_array();
    if ((rc = attach_evidence(s, a, ac, in, id, files, fe)) != 1) {
        json_decref(files);
        store_rollback(s);
        return rc;
    }
    json_t *after = report_json_values(&c);
    json_object_set_new(after, "target", json_string(t.code));
    json_object_set_new(after, "unit_id", json_integer(in->unit_id));
    json_object_set_new(after, "evidence", files);
    int64_t aid = audit_as(s, ac, "submit", "campaign_report", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

/* The latest version of the report's series, or a field error naming the newer one. */
static int latest_version(store *s, arena *a, int64_t id, struct campaign_report *r, struct field_errors *fe)
{
    int rc = report_get(s, a, id, r);
    if (rc == 0) ferr_add(fe, "id", "Không có báo cáo này.");
    if (rc != 1) return rc;
    int64_t latest = 0;
    if (store_int64(s, &latest, "SELECT id FROM campaign_report WHERE series_id = $1 ORDER BY version DESC LIMIT 1", "i",
                    r->series_id) != 1)
        return STORE_ERR;
    if (latest != id) {
        ferr_add(fe, "version", arena_printf(a, "Báo cáo này đã có phiên bản mới hơn (số %lld): hãy làm việc trên bản đó.",
                                             (long long)latest));
        return 0;
    }
    return 1;
}

int64_t report_change(store *s, arena *a, const struct actor *ac, int64_t id, const struct report_input *in,
                      struct field_errors *fe)
{
    struct clean_report c;
    if (!clean_input(a, in, &c, fe)) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign_report old;
    struct campaign_target t;
    char *status = NULL;
    int rc = latest_version(s, a, id, &old, fe);
    if (rc == 1) rc = target_and_status(s, a, old.target_id, &t, &status, fe);
    if (rc == 1) rc = may_report(s, a, ac, &t, old.unit_id, status, &c, fe);
    if (rc != 1) { store_rollback(s); return rc; }
    bool closed = str_eq(status, "closed") || str_eq(status, "reviewed");
    int64_t nid = insert_version(s, ac, old.target_id, old.unit_id, old.series_id, old.version + 1, &c,
                                 closed ? "accepted" : "submitted", old.illustrative);
    if (nid < 0 || (closed && (store_exec(s, "UPDATE campaign_report SET state = 'superseded' WHERE series_id = $1 AND id <> $2"
                                             " AND state = 'accepted'", "ii", old.series_id, nid) != STORE_OK ||
                                  refresh_latest(s, old.target_id) != STORE_OK))) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *files = json_array();
    if ((rc = attach_evidence(s, a, ac, in, nid, files, fe)) != 1) {
        json_decref(files);
        store_rollback(s);
        return rc;
    }
    json_t *before = json_pack("{s:I, s:s, s:I, s:s}", "version_id", (json_int_t)old.id, "as_of", old.as_of, "value",
                               (json_int_t)old.value, "state", old.state);
    json_t *after = report_json_values(&c);
    json_object_set_new(after, "evidence", files);
    json_object_set_new(after, "version", json_integer(old.version + 1));
    int64_t aid = audit_as(s, ac, closed ? "change_after_close" : "change", "campaign_report", nid, before, after);
    json_decref(before);
    json_decref(after);
    return finish(s, aid, nid);
}

int64_t report_decide(store *s, arena *a, const struct actor *ac, int64_t id, bool accept, const char *reason,
                      struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) {
        ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng (quyền campaign.write) được duyệt hoặc trả lại báo cáo.");
        return 0;
    }
    const char *why = field_clean(a, reason, &f_reason, "reason", "Lý do trả lại", fe);
    if (!accept && !why && !ferr_get(fe, "reason")) ferr_add(fe, "reason", "Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign_report r;
    struct campaign_target t;
    char *status = NULL;
    int rc = latest_version(s, a, id, &r, fe);
    if (rc == 1) rc = target_and_status(s, a, r.target_id, &t, &status, fe);
    if (rc == 1 && !str_eq(r.state, "submitted")) {
        ferr_add(fe, "state", arena_printf(a, "Báo cáo đang ở trạng thái \"%s\": chỉ báo cáo chờ duyệt mới duyệt hoặc trả lại được.",
                                           report_state_label(r.state)));
        rc = 0;
    }
    if (rc == 1 && (str_eq(status, "closed") || str_eq(status, "reviewed")) && !actor_has(ac, CAMPAIGN_ADMIN_CAP)) {
        ferr_add(fe, "scope", "Phong trào đã kết thúc: chỉ quản trị hệ thống được duyệt báo cáo.");
        rc = 0;
    }
    if (rc != 1) { store_rollback(s); return rc; }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE campaign_report SET state = $2, decision_reason = $3, decided_at = $4, decided_by = $5 WHERE id = $1",
                   "itttt", id, accept ? "accepted" : "returned", accept ? NULL : why, now, ac->login) != STORE_OK ||
        (accept && (store_exec(s, "UPDATE campaign_report SET state = 'superseded' WHERE series_id = $1 AND id <> $2"
                                  " AND state = 'accepted'", "ii", r.series_id, id) != STORE_OK ||
                    refresh_latest(s, r.target_id) != STORE_OK))) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s}", "state", accept ? "accepted" : "returned");
    if (!accept) json_object_set_new(after, "reason", json_string(why));
    json_t *before = json_pack("{s:s}", "state", r.state);
    int64_t aid = audit_as(s, ac, accept ? "accept" : "return", "campaign_report", id, before, after);
    json_decref(before);
    json_decref(after);
    return finish(s, aid, id);
}
