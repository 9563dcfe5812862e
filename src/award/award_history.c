/* award_history.c: what each subject received, year by year (award_subject.h): recording a title
 * or award (from a signed decision, by hand, or — award_history_import.c — from the lists of
 * earlier years) under the rule "one achievement is rewarded once"; revocation; reading a
 * subject's history including its predecessor units'; and initiatives (sáng kiến) with their
 * level and year, the evidence of the CSTĐ and Bằng khen clauses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "award_history_internal.h"
#include "award_rules_internal.h"
#include "award_subject.h"
#include "vn_calendar.h"

#define HISTORY_COLS                                                                                           \
    "h.id, h.subject_id, h.year, h.form_code, h.decision_ref, h.decision_date, h.decision_id, h.achievement_key, " \
    "h.reason, h.amount, h.source, h.revoked_at, h.revoked_reason, s.name, h.created_at, "                      \
    "(SELECT f.name FROM award_form f WHERE f.code = h.form_code ORDER BY f.valid_from DESC LIMIT 1)"
#define HISTORY_FROM " FROM award_history h JOIN award_subject s ON s.id = h.subject_id"

static void history_read(stmt *q, arena *a, struct award_history *h)
{
    h->id = stmt_int64(q, 0);
    h->subject_id = stmt_int64(q, 1);
    h->year = (int)stmt_int64(q, 2);
    h->form_code = stmt_text_dup(q, 3, a);
    h->decision_ref = stmt_text_dup(q, 4, a);
    h->decision_date = stmt_text_dup(q, 5, a);
    h->decision_id = stmt_int64(q, 6);
    h->achievement_key = stmt_text_dup(q, 7, a);
    h->reason = stmt_text_dup(q, 8, a);
    h->amount = stmt_int64(q, 9);
    h->source = stmt_text_dup(q, 10, a);
    h->revoked_at = stmt_text_dup(q, 11, a);
    h->revoked_reason = stmt_text_dup(q, 12, a);
    h->subject_name = stmt_text_dup(q, 13, a);
    h->created_at = stmt_text_dup(q, 14, a);
    h->form_name = stmt_text_dup(q, 15, a);
}

json_t *award_history_json(const struct award_history *h)
{
    return json_pack("{s:I, s:I, s:s?, s:i, s:s, s:s?, s:s?, s:s?, s:I, s:s?, s:s?, s:I, s:s, s:s?, s:s?}", "id",
                     (json_int_t)h->id, "subject_id", (json_int_t)h->subject_id, "subject_name", h->subject_name,
                     "year", h->year, "form_code", h->form_code, "form_name", h->form_name, "decision_ref",
                     h->decision_ref, "decision_date", h->decision_date, "decision_id", (json_int_t)h->decision_id,
                     "achievement_key", h->achievement_key, "reason", h->reason, "amount", (json_int_t)h->amount,
                     "source", h->source, "revoked_at", h->revoked_at, "revoked_reason", h->revoked_reason);
}

static int history_order(const void *x, const void *y)
{
    const struct award_history *a = x, *b = y;
    if (a->year != b->year) return b->year - a->year;
    int c = strcmp(a->form_code ? a->form_code : "", b->form_code ? b->form_code : "");
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

int award_history_of(store *s, arena *a, int64_t subject_id, bool with_revoked, struct award_history **out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t *ids;
    int nids;
    int rc = award_subject_lineage(s, a, subject_id, &ids, &nids);
    if (rc < 0) return rc;
    /* One query per subject of the lineage (itself and its predecessor units: a handful), merged
     * and ordered here, so no list of values is ever spliced into SQL. */
    int cap = 0;
    for (int i = 0; i < nids; i++) {
        stmt *q = store_query(s, with_revoked ? "SELECT " HISTORY_COLS HISTORY_FROM " WHERE h.subject_id = $1"
                                              : "SELECT " HISTORY_COLS HISTORY_FROM " WHERE h.subject_id = $1 AND h.revoked_at IS NULL",
                              "i", ids[i]);
        if (!q) return STORE_ERR;
        while ((rc = stmt_step(q)) == STORE_ROW) {
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
            history_read(q, a, &(*out)[(*n)++]);
        }
        stmt_finalize(q);
        if (rc != STORE_DONE) return STORE_ERR;
    }
    if (*n > 1) qsort(*out, (size_t)*n, sizeof **out, history_order);
    return 1;
}

int award_history_get(store *s, arena *a, int64_t id, struct award_history *out)
{
    memset(out, 0, sizeof *out);
    stmt *q = store_query(s, "SELECT " HISTORY_COLS HISTORY_FROM " WHERE h.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) history_read(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int award_history_find_achievement(store *s, arena *a, int64_t subject_id, const char *achievement_key,
                                   struct award_history *row)
{
    memset(row, 0, sizeof *row);
    if (!achievement_key || !*achievement_key) return 0;
    int64_t *ids;
    int nids;
    int rc = award_subject_lineage(s, a, subject_id, &ids, &nids);
    if (rc < 0) return rc;
    for (int i = 0; i < nids; i++) {
        stmt *q = store_query(s, "SELECT " HISTORY_COLS HISTORY_FROM " WHERE h.subject_id = $1 AND h.achievement_key = $2"
                                 " AND h.revoked_at IS NULL ORDER BY h.id LIMIT 1", "it", ids[i], achievement_key);
        if (!q) return STORE_ERR;
        rc = stmt_step(q);
        if (rc == STORE_ROW) history_read(q, a, row);
        stmt_finalize(q);
        if (rc == STORE_ROW) return 1;
        if (rc != STORE_DONE) return STORE_ERR;
    }
    return 0;
}

/* The form code as stored: a code with a row in the rule base; or, for lists typed by people,
 * the form's Vietnamese name without diacritics or case ("Chiến sĩ thi đua cơ sở" → CSTD_CS). */
int award_form_resolve(store *s, arena *a, const char *text, const char **code)
{
    *code = NULL;
    if (!text || !*text) return 0;
    char *c = NULL;
    int rc = store_text(s, &c, a, "SELECT code FROM award_form WHERE code = $1 LIMIT 1", "t", text);
    if (rc != 0) { *code = c; return rc; }
    /* By name: fold both sides in C (the table is small, a few dozen rows). */
    char *want = vn_fold_str(text);
    stmt *q = store_query(s, "SELECT DISTINCT code, name FROM award_form", "");
    if (!q) { free(want); return STORE_ERR; }
    while ((rc = stmt_step(q)) == STORE_ROW) {
        char *have = vn_fold_str(stmt_text(q, 1));
        bool same = str_eq(have, want);
        free(have);
        if (same) { *code = stmt_text_dup(q, 0, a); break; }
    }
    stmt_finalize(q);
    free(want);
    if (rc < 0) return STORE_ERR;
    return *code ? 1 : 0;
}

int award_history_clean(store *s, arena *a, const struct award_history_input *in, struct award_history_input *clean,
                        struct field_errors *fe)
{
    *clean = *in;
    if (in->year < 1945 || in->year > 2200) ferr_add(fe, "year", "Năm: từ 1945 đến 2200.");
    const char *code;
    int rc = award_form_resolve(s, a, in->form_code, &code);
    if (rc < 0) return rc;
    if (rc == 0) ferr_add(fe, "form_code", arena_printf(a, "Danh hiệu, hình thức \"%s\" không có trong cơ sở quy định.",
                                                        in->form_code ? in->form_code : ""));
    clean->form_code = code;
    clean->decision_ref = award_clean(a, in->decision_ref, AWARD_REF_MAX, false, "decision_ref", "Số quyết định", fe);
    clean->achievement_key = award_clean(a, in->achievement_key, AWARD_ACHIEVEMENT_MAX, false, "achievement_key",
                                         "Thành tích", fe);
    clean->reason = award_clean(a, in->reason, AWARD_REASON_MAX, true, "reason", "Nội dung thành tích", fe);
    if (in->decision_date && *in->decision_date) {
        char iso[11];
        if (!vn_day_iso(in->decision_date, iso)) ferr_add(fe, "decision_date", "Ngày quyết định: không phải ngày hợp lệ.");
        else clean->decision_date = arena_strdup(a, iso);
    } else clean->decision_date = NULL;
    if (in->amount < 0) ferr_add(fe, "amount", "Số tiền thưởng không được âm.");
    clean->source = in->source ? in->source : "manual";
    if (!str_eq(clean->source, "decision") && !str_eq(clean->source, "import") && !str_eq(clean->source, "manual"))
        ferr_add(fe, "source", "Nguồn: decision, import hoặc manual.");
    return fe->n ? 0 : 1;
}

int award_history_check(store *s, arena *a, const struct award_history_input *in, struct award_history_input *clean,
                        struct field_errors *fe)
{
    int64_t one;
    int rc = store_int64(s, &one, "SELECT 1 FROM award_subject WHERE id = $1", "i", in->subject_id);
    if (rc < 0) return rc;
    if (rc == 0) ferr_add(fe, "subject_id", "Không có đối tượng này.");
    rc = award_history_clean(s, a, in, clean, fe);
    if (rc < 0) return rc;
    if (fe->n) return 0;
    /* One title per subject, form and year; one achievement rewarded once. */
    rc = store_int64(s, &one, "SELECT id FROM award_history WHERE subject_id = $1 AND form_code = $2 AND year = $3"
                              " AND revoked_at IS NULL", "iti", clean->subject_id, clean->form_code, (int64_t)clean->year);
    if (rc < 0) return rc;
    if (rc == 1) ferr_add(fe, "form_code", arena_printf(a, "Đối tượng đã có %s năm %d (bản ghi số %lld).", clean->form_code,
                                                        clean->year, (long long)one));
    if (clean->achievement_key) {
        struct award_history prior;
        rc = award_history_find_achievement(s, a, clean->subject_id, clean->achievement_key, &prior);
        if (rc < 0) return rc;
        if (rc == 1)
            ferr_add(fe, "achievement_key",
                     arena_printf(a, "Thành tích \"%s\" đã được khen thưởng (%s năm %d%s%s); một thành tích chỉ khen thưởng một lần "
                                     "(Điều 6 Luật Thi đua, khen thưởng).", clean->achievement_key, prior.form_code, prior.year,
                                  prior.decision_ref ? ", " : "", prior.decision_ref ? prior.decision_ref : ""));
    }
    return fe->n ? 0 : 1;
}

int64_t award_history_insert(store *s, const struct award_history_input *c, const char *by)
{
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    stmt *q = store_query(s, "INSERT INTO award_history(subject_id, year, form_code, decision_ref, decision_date, decision_id,"
                             " achievement_key, reason, amount, source, created_at, created_by)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                          "iitttittittt", c->subject_id, (int64_t)c->year, c->form_code, c->decision_ref,
                          c->decision_date, c->decision_id, c->achievement_key, c->reason, c->amount, c->source, now, by);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) id = stmt_int64(q, 0);
    stmt_finalize(q);
    return rc == STORE_ROW ? id : rc == STORE_CONSTRAINT ? STORE_CONSTRAINT : STORE_ERR;
}

static json_t *input_json(const struct award_history_input *c)
{
    return json_pack("{s:I, s:i, s:s, s:s?, s:s?, s:I, s:s?, s:s?, s:I, s:s}", "subject_id", (json_int_t)c->subject_id,
                     "year", c->year, "form_code", c->form_code, "decision_ref", c->decision_ref, "decision_date",
                     c->decision_date, "decision_id", (json_int_t)c->decision_id, "achievement_key", c->achievement_key,
                     "reason", c->reason, "amount", (json_int_t)c->amount, "source", c->source);
}

int64_t award_history_add(store *s, arena *a, const struct actor *ac, const struct award_history_input *in,
                          struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) {
        ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng ghi được lịch sử khen thưởng.");
        return 0;
    }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct award_history_input c;
    int rc = award_history_check(s, a, in, &c, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    int64_t id = award_history_insert(s, &c, ac->login);
    if (id == STORE_CONSTRAINT) {
        store_rollback(s);
        ferr_add(fe, "achievement_key", "Bản ghi trùng: đối tượng đã có danh hiệu này trong năm hoặc thành tích này đã được khen.");
        return 0;
    }
    if (id < 0) { store_rollback(s); return id; }
    json_t *after = input_json(&c);
    int64_t aid = audit_as(s, ac, "create", "award_history", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int award_history_revoke(store *s, arena *a, const struct actor *ac, int64_t id, const char *reason,
                         struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) {
        ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng thu hồi được khen thưởng.");
        return 0;
    }
    const char *why = award_clean(a, reason, AWARD_REASON_MAX, true, "reason", "Lý do thu hồi", fe);
    if (!why && !ferr_get(fe, "reason")) ferr_add(fe, "reason", "Lý do thu hồi: bắt buộc.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct award_history h;
    int rc = award_history_get(s, a, id, &h);
    if (rc <= 0) {
        store_rollback(s);
        if (rc == 0) ferr_add(fe, "id", "Không có bản ghi khen thưởng này.");
        return rc;
    }
    if (h.revoked_at) {
        store_rollback(s);
        ferr_add(fe, "id", arena_printf(a, "Khen thưởng này đã bị thu hồi ngày %s.", award_vn_day(a, h.revoked_at)));
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE award_history SET revoked_at = $2, revoked_reason = $3 WHERE id = $1", "itt", id, now, why) !=
        STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:n}", "revoked_at");
    json_t *after = json_pack("{s:s, s:s}", "revoked_at", now, "revoked_reason", why);
    int64_t aid = audit_as(s, ac, "revoke", "award_history", id, before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return 1;
}

int award_history_revoke_decision(store *s, arena *a, const struct actor *ac, int64_t decision_id, const char *reason)
{
    if (!actor_has(ac, CAP_APPRAISE) || decision_id <= 0) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    stmt *q = store_query(s, "SELECT id FROM award_history WHERE decision_id = $1 AND revoked_at IS NULL ORDER BY id", "i",
                          decision_id);
    if (!q) { store_rollback(s); return STORE_ERR; }
    int64_t *ids = NULL;
    int n = 0, cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        ids = arena_grow(a, ids, n, &cap, sizeof *ids);
        ids[n++] = stmt_int64(q, 0);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) { store_rollback(s); return STORE_ERR; }
    for (int i = 0; i < n; i++) {
        struct field_errors fe = {0};
        rc = award_history_revoke(s, a, ac, ids[i], reason, &fe);
        if (rc != 1) { store_rollback(s); return rc < 0 ? rc : STORE_ERR; }
    }
    if (store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return n;
}

/* ---- initiatives ---- */

int award_initiative_level_rank(const char *level)
{
    if (str_eq(level, "co_so")) return 1;
    if (str_eq(level, "tinh")) return 2;
    if (str_eq(level, "toan_quoc")) return 3;
    return 0;
}

const char *award_initiative_level_label(const char *level)
{
    if (str_eq(level, "co_so")) return "Cấp cơ sở";
    if (str_eq(level, "tinh")) return "Cấp tỉnh";
    if (str_eq(level, "toan_quoc")) return "Toàn quốc";
    return level ? level : "";
}

json_t *award_initiative_json(const struct award_initiative *i)
{
    return json_pack("{s:I, s:I, s:i, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)i->id, "subject_id",
                     (json_int_t)i->subject_id, "year", i->year, "title", i->title, "level", i->level, "recognised_by",
                     i->recognised_by, "recognised_on", i->recognised_on);
}

int64_t award_initiative_add(store *s, arena *a, const struct actor *ac, const struct award_initiative_input *in,
                             struct field_errors *fe)
{
    struct award_subject subj;
    int rc = award_subject_get(s, a, in->subject_id, &subj);
    if (rc < 0) return rc;
    if (rc == 0) { ferr_add(fe, "subject_id", "Không có đối tượng này."); return 0; }
    bool may = actor_has(ac, CAP_APPRAISE) ||
               (actor_has(ac, CAP_DOSSIER_WRITE) && (ac->whole_tree || (subj.unit_id && actor_in_scope(s, ac, subj.unit_id))));
    if (!may) { ferr_add(fe, "scope", "Bạn chỉ ghi được sáng kiến của đối tượng thuộc đơn vị mình."); return 0; }
    struct award_initiative c = {0};
    c.subject_id = in->subject_id;
    c.year = in->year;
    if (in->year < 1945 || in->year > 2200) ferr_add(fe, "year", "Năm: từ 1945 đến 2200.");
    c.title = award_clean(a, in->title, AWARD_TITLE_MAX, false, "title", "Tên sáng kiến", fe);
    if (!c.title && !ferr_get(fe, "title")) ferr_add(fe, "title", "Tên sáng kiến: bắt buộc.");
    if (!award_initiative_level_rank(in->level)) ferr_add(fe, "level", "Cấp sáng kiến: co_so, tinh hoặc toan_quoc.");
    c.level = in->level;
    c.recognised_by = award_clean(a, in->recognised_by, AWARD_REF_MAX, false, "recognised_by", "Quyết định công nhận", fe);
    if (in->recognised_on && *in->recognised_on) {
        char iso[11];
        if (!vn_day_iso(in->recognised_on, iso)) ferr_add(fe, "recognised_on", "Ngày công nhận: không phải ngày hợp lệ.");
        else c.recognised_on = arena_strdup(a, iso);
    }
    if (fe->n) return 0;
    char now[21];
    iso_time(now_unix(), now);
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    stmt *q = store_query(s, "INSERT INTO award_initiative(subject_id, year, title, level, recognised_by, recognised_on, created_at)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", "iittttt", c.subject_id, (int64_t)c.year,
                          c.title, c.level, c.recognised_by, c.recognised_on, now);
    if (!q) { store_rollback(s); return STORE_ERR; }
    rc = stmt_step(q);
    if (rc == STORE_ROW) c.id = stmt_int64(q, 0);
    stmt_finalize(q);
    if (rc == STORE_CONSTRAINT) {
        store_rollback(s);
        ferr_add(fe, "title", "Sáng kiến này đã được ghi cho đối tượng trong năm đó.");
        return 0;
    }
    if (rc != STORE_ROW) { store_rollback(s); return STORE_ERR; }
    json_t *after = award_initiative_json(&c);
    int64_t aid = audit_as(s, ac, "create", "award_initiative", c.id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return c.id;
}

static int initiative_order(const void *x, const void *y)
{
    const struct award_initiative *a = x, *b = y;
    if (a->year != b->year) return b->year - a->year;
    return (a->id > b->id) - (a->id < b->id);
}

int award_initiatives_of(store *s, arena *a, int64_t subject_id, struct award_initiative **out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t *ids;
    int nids;
    int rc = award_subject_lineage(s, a, subject_id, &ids, &nids);
    if (rc < 0) return rc;
    int cap = 0;
    for (int k = 0; k < nids; k++) {
        stmt *q = store_query(s, "SELECT id, subject_id, year, title, level, recognised_by, recognised_on, created_at"
                                 " FROM award_initiative WHERE subject_id = $1", "i", ids[k]);
        if (!q) return STORE_ERR;
        while ((rc = stmt_step(q)) == STORE_ROW) {
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
            struct award_initiative *i = &(*out)[(*n)++];
            i->id = stmt_int64(q, 0);
            i->subject_id = stmt_int64(q, 1);
            i->year = (int)stmt_int64(q, 2);
            i->title = stmt_text_dup(q, 3, a);
            i->level = stmt_text_dup(q, 4, a);
            i->recognised_by = stmt_text_dup(q, 5, a);
            i->recognised_on = stmt_text_dup(q, 6, a);
            i->created_at = stmt_text_dup(q, 7, a);
        }
        stmt_finalize(q);
        if (rc != STORE_DONE) return STORE_ERR;
    }
    if (*n > 1) qsort(*out, (size_t)*n, sizeof **out, initiative_order);
    return 1;
}
