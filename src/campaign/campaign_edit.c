/* campaign_edit.c: editing what was added to a campaign (campaign.h, "editing what was added"):
 * who may edit now (the Board while it runs, the administrator with a reason after the close),
 * targets changed or removed with their kept statuses refreshed, content groups renumbered or
 * removed, occasions and participants, the printed report's number and "Nơi nhận". Each edit is
 * one transaction with its audit entry (before and after). Creating campaigns is campaign.c. */
#include "campaign.h"
#include "campaign_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "vn.h"
#include "vn_calendar.h"

/* ======================================================================================
 * Editing what was added (campaign.h: "editing what was added")
 * ====================================================================================== */

static const struct vn_field f_reason = {1, CAMPAIGN_NAME_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};

/* Inside an edit's transaction: the campaign exists and the actor may edit its content now — the
 * Board while it runs, only the administrator with a reason once it is closed (its results have
 * been read then, so a change must say why). *reason gets the cleaned reason (NULL: none given).
 * 1 allowed, 0 refused (field errors), < 0 error. */
int campaign_editable(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *reason_in,
                      struct campaign *c, const char **reason, struct field_errors *fe)
{
    int rc = campaign_get(s, a, campaign_id, c);
    if (rc <= 0) {
        if (!rc) ferr_add(fe, "id", "Không có phong trào thi đua này.");
        return rc;
    }
    *reason = field_clean(a, reason_in, &f_reason, "reason", "Lý do sửa", fe);
    if (str_eq(c->status, "closed") || str_eq(c->status, "reviewed")) {
        if (!actor_has(ac, CAMPAIGN_ADMIN_CAP)) ferr_add(fe, "scope", CAMPAIGN_CLOSED_NO_CAP);
        else if (!*reason && !ferr_get(fe, "reason"))
            ferr_add(fe, "reason", arena_printf(a, "Phong trào \"%s\" đã kết thúc: hãy ghi lý do sửa.", c->code));
    } else if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) ferr_add(fe, "scope", CAMPAIGN_NO_CAP);
    return fe->n ? 0 : 1;
}

/* Commits an edit: the audit entry on the campaign with before and after (and the reason), then
 * the record's id; everything rolled back on a store error. Takes both JSON objects. */
static int64_t finish_edit(store *s, const struct actor *ac, const char *action, int64_t campaign_id, json_t *before,
                           json_t *after, const char *reason, int64_t id)
{
    if (reason && after) json_object_set_new(after, "reason", json_string(reason));
    else if (reason && before) json_object_set_new(before, "reason", json_string(reason));
    int64_t aid = audit_as(s, ac, action, "campaign", campaign_id, before, after);
    json_decref(before);
    json_decref(after);
    return campaign_finish(s, aid, id);
}

static const char *const record_tables[] = {"campaign_group", "campaign_occasion", "campaign_participant", "campaign_target", NULL};

int campaign_of_record(store *s, const char *table, int64_t record_id, int64_t *campaign_id)
{
    for (int i = 0; record_tables[i]; i++)
        if (str_eq(record_tables[i], table)) {
            /* the table's name comes from the fixed list above, never from the caller's text */
            char sql[96];
            snprintf(sql, sizeof sql, "SELECT campaign_id FROM %s WHERE id = $1", record_tables[i]);
            return store_int64(s, campaign_id, sql, "i", record_id);
        }
    return STORE_ERR;
}

/* A milli value as a form or a change takes it back: "99,5", "1234" (no thousands dots, which
 * eval_parse would read as grouping or decimals depending on the digits). */
const char *campaign_value_text(arena *a, bool has, int64_t v)
{
    if (!has) return NULL;
    int64_t whole = v / 1000, frac = v % 1000;
    if (frac < 0) frac = -frac;
    const char *sign = v < 0 && whole == 0 ? "-" : "";
    if (!frac) return arena_printf(a, "%s%lld", sign, (long long)whole);
    char f[8];
    snprintf(f, sizeof f, "%03lld", (long long)frac);
    for (int i = 2; i > 0 && f[i] == '0'; i--) f[i] = 0;
    return arena_printf(a, "%s%lld,%s", sign, (long long)whole, f);
}

/* A target as its audit entries keep it: every field an edit can change. */
static json_t *target_values_json(store *s, const struct campaign_target *t)
{
    json_t *o = json_pack("{s:I, s:s, s:i, s:s, s:s, s:s, s:s, s:i, s:b, s:s}", "target_id", (json_int_t)t->id, "code", t->code,
                          "group", t->group_number, "subject", t->subject, "measure_unit", t->measure_unit, "comparator",
                          t->comparator, "deadline", t->deadline, "weight", t->weight, "accumulates", t->accumulates,
                          "rollup", t->rollup);
    json_object_set_new(o, "phrase", jstr(t->phrase));
    json_object_set_new(o, "value_a", t->has_a ? json_integer(t->value_a) : json_null());
    json_object_set_new(o, "value_b", t->has_b ? json_integer(t->value_b) : json_null());
    json_object_set_new(o, "baseline_value", t->has_baseline ? json_integer(t->baseline_value) : json_null());
    json_object_set_new(o, "baseline_period", jstr(t->baseline_period));
    json_object_set_new(o, "split_unit_id", t->unit_id ? json_integer(t->unit_id) : json_null());
    json_t *units = json_array();
    stmt *q = store_query(s, "SELECT unit_id FROM campaign_target_unit WHERE target_id = $1 ORDER BY unit_id", "i", t->id);
    while (q && stmt_step(q) == STORE_ROW) json_array_append_new(units, json_integer(stmt_int64(q, 0)));
    stmt_finalize(q);
    json_object_set_new(o, "units", units);
    return o;
}

/* The names of up to five units, "; "-joined, of a query's first column (NULL: none). */
static int names_of(stmt *q, arena *a, char **names)
{
    if (!q) return STORE_ERR;
    int rc;
    *names = NULL;
    while ((rc = stmt_step(q)) == STORE_ROW)
        *names = *names ? arena_printf(a, "%s; %s", *names, stmt_text(q, 0)) : arena_strdup(a, stmt_text(q, 0));
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : rc;
}

/* The current target's values as a change's defaults: a NULL member of `in` keeps the stored one. */
static struct campaign_target_input target_merged(store *s, arena *a, const struct campaign_target *cur,
                                                  const struct campaign_target_input *in, bool set_units)
{
    struct campaign_target_input m = *in;
#define KEEP_TEXT(member, stored) if (!m.member) m.member = (stored)
    KEEP_TEXT(group_ref, arena_printf(a, "%d", cur->group_number));
    KEEP_TEXT(code, cur->code);
    KEEP_TEXT(phrase, cur->phrase);
    KEEP_TEXT(subject, cur->subject);
    KEEP_TEXT(measure_unit, cur->measure_unit);
    KEEP_TEXT(comparator, cur->comparator);
    KEEP_TEXT(value_a, campaign_value_text(a, cur->has_a, cur->value_a));
    KEEP_TEXT(value_b, campaign_value_text(a, cur->has_b, cur->value_b));
    KEEP_TEXT(baseline_value, campaign_value_text(a, cur->has_baseline, cur->baseline_value));
    KEEP_TEXT(baseline_period, cur->baseline_period);
    KEEP_TEXT(deadline, cur->deadline);
    KEEP_TEXT(rollup, cur->rollup);
#undef KEEP_TEXT
    if (m.deadline && !*m.deadline) m.deadline = NULL;       /* cleared: the campaign's end */
    if (m.phrase && !*m.phrase) m.phrase = NULL;             /* cleared optional texts */
    if (m.baseline_period && !*m.baseline_period) m.baseline_period = NULL;
    m.parent_code = NULL;                                   /* the tree is not edited */
    if (m.weight < 0) m.weight = cur->weight;
    if (m.accumulates < 0) m.accumulates = cur->accumulates ? 1 : 0;
    if (!m.split_unit_id) m.split_unit_id = cur->unit_id;
    if (!set_units) {
        int64_t *ids = NULL;
        int n = 0, cap = 0;
        stmt *q = store_query(s, "SELECT unit_id FROM campaign_target_unit WHERE target_id = $1 ORDER BY unit_id", "i", cur->id);
        while (q && stmt_step(q) == STORE_ROW) *ARENA_PUSH(a, ids, n, cap) = stmt_int64(q, 0);
        stmt_finalize(q);
        m.unit_ids = ids;
        m.n_units = n;
    }
    return m;
}

/* The rules of an edit beyond an add's: the tree stays consistent and no report loses its target,
 * its unit or its share. 1 fine, 0 field errors, < 0 error. */
static int target_edit_rules(store *s, arena *a, const struct campaign_target *cur, const struct campaign_target_input *m,
                             const struct target_clean *t, struct field_errors *fe)
{
    int64_t children = 0, parent_group = 0;
    if (store_int64(s, &children, "SELECT count(*) FROM campaign_target WHERE parent_id = $1", "i", cur->id) != 1) return STORE_ERR;
    if (children && str_eq(t->rollup, "none"))
        ferr_add(fe, "rollup", arena_printf(a, "Chỉ tiêu %s có %lld chỉ tiêu con: hãy chọn cách tổng hợp (all, sum, ratio, count).",
                                            cur->code, (long long)children));
    if (cur->parent_id) {
        if (store_int64(s, &parent_group, "SELECT group_id FROM campaign_target WHERE id = $1", "i", cur->parent_id) != 1) return STORE_ERR;
        if (t->group_id && t->group_id != parent_group)
            ferr_add(fe, "group", arena_printf(a, "Chỉ tiêu %s là chỉ tiêu con: nó đi theo nhóm của chỉ tiêu cấp trên (chuyển chỉ tiêu cấp trên).",
                                               cur->code));
    }
    char *names = NULL;
    if (m->split_unit_id != cur->unit_id && cur->unit_id) {
        if (names_of(store_query(s, "SELECT DISTINCT u.name FROM campaign_report r JOIN unit u ON u.id = r.unit_id"
                                    " WHERE r.target_id = $1 LIMIT 5", "i", cur->id), a, &names) != STORE_OK)
            return STORE_ERR;
        if (names)
            ferr_add(fe, "split_unit", arena_printf(a, "Phần chỉ tiêu %s đã có báo cáo của %s: không đổi đơn vị được (báo cáo được giữ nguyên).",
                                                    cur->code, names));
    }
    /* a responsible unit taken off the target while its reports stay: refused, naming the units */
    stmt *q = store_query(s, "SELECT DISTINCT u.id, u.name FROM campaign_report r JOIN unit u ON u.id = r.unit_id"
                             " JOIN campaign_target_unit tu ON tu.unit_id = r.unit_id AND tu.target_id = $1"
                             " WHERE r.target_id = $1 OR r.target_id IN (SELECT id FROM campaign_target WHERE parent_id = $1)"
                             " ORDER BY u.name", "i", cur->id);
    if (!q) return STORE_ERR;
    int rc;
    names = NULL;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int64_t uid = stmt_int64(q, 0);
        bool kept = false;
        for (int i = 0; i < m->n_units && !kept; i++) kept = m->unit_ids[i] == uid;
        if (!kept) names = names ? arena_printf(a, "%s; %s", names, stmt_text(q, 1)) : arena_strdup(a, stmt_text(q, 1));
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    if (names)
        ferr_add(fe, "units", arena_printf(a, "Không bỏ được đơn vị đã báo cáo về chỉ tiêu %s: %s (báo cáo được giữ nguyên).",
                                           cur->code, names));
    return fe->n ? 0 : 1;
}

/* A target inside an edit's transaction, with the edit allowed: 1, 0 refused (fe), < 0. */
static int target_for_edit(store *s, arena *a, const struct actor *ac, int64_t target_id, const char *reason,
                           struct campaign_target *cur, int64_t *campaign_id, struct campaign *c, const char **why,
                           struct field_errors *fe)
{
    int rc = campaign_target_get(s, a, target_id, cur);
    if (rc > 0) rc = campaign_of_record(s, "campaign_target", target_id, campaign_id);
    if (!rc) ferr_add(fe, "id", "Không có chỉ tiêu này.");
    if (rc > 0) rc = campaign_editable(s, a, ac, *campaign_id, reason, c, why, fe);
    return rc;
}

int64_t campaign_target_update(store *s, arena *a, const struct actor *ac, int64_t target_id,
                               const struct campaign_target_input *in, bool set_units, const char *reason,
                               struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign_target cur;
    struct campaign c;
    const char *why = NULL;
    int64_t campaign_id = 0;
    int rc = target_for_edit(s, a, ac, target_id, reason, &cur, &campaign_id, &c, &why, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    struct campaign_target_input m = target_merged(s, a, &cur, in, set_units);
    struct target_clean t;
    campaign_target_check(a, &m, &t, fe);
    rc = fe->n ? 0 : campaign_target_resolve(s, a, &c, &m, target_id, &t, fe);
    if (rc > 0) rc = target_edit_rules(s, a, &cur, &m, &t, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    json_t *before = target_values_json(s, &cur);
    if (store_exec(s, "UPDATE campaign_target SET group_id = $2, code = $3, phrase = $4, subject = $5, measure_unit = $6,"
                      " comparator = $7, value_a = CASE WHEN $8 = 1 THEN $9 ELSE NULL END,"
                      " value_b = CASE WHEN $10 = 1 THEN $11 ELSE NULL END, baseline_value = CASE WHEN $12 = 1 THEN $13 ELSE NULL END,"
                      " baseline_period = $14, deadline = $15, weight = $16, accumulates = $17, rollup = $18,"
                      " unit_id = CASE WHEN $19 = 0 THEN NULL ELSE $19 END WHERE id = $1",
                   "iitttttIiIiIittIIti", target_id, t.group_id, t.code, t.phrase, t.subject, t.unit, comparator_code(t.cmp),
                   t.has_a ? 1 : 0, t.va, t.has_b ? 1 : 0, t.vb, t.has_base ? 1 : 0, t.base, t.bperiod, t.deadline, t.weight,
                   t.accumulates ? 1 : 0, t.rollup, m.split_unit_id) != STORE_OK ||
        /* sub-measures and shares move with their target */
        store_exec(s, "UPDATE campaign_target SET group_id = $2 WHERE parent_id = $1", "ii", target_id, t.group_id) != STORE_OK) {
        json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    if (set_units) {
        if (store_exec(s, "DELETE FROM campaign_target_unit WHERE target_id = $1", "i", target_id) != STORE_OK) rc = STORE_ERR;
        for (int i = 0; rc > 0 && i < m.n_units; i++)
            if (store_exec(s, "INSERT INTO campaign_target_unit(target_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", "ii",
                           target_id, m.unit_ids[i]) != STORE_OK)
                rc = STORE_ERR;
    }
    /* the kept statuses and counts (sql/023) follow the new rule in this same transaction */
    struct campaign_target now;
    if (rc < 0 || campaign_refresh_target(s, target_id) != STORE_OK || campaign_target_get(s, a, target_id, &now) != 1) {
        json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    return finish_edit(s, ac, "target_update", campaign_id, before, target_values_json(s, &now), why, target_id);
}

int64_t campaign_target_remove(store *s, arena *a, const struct actor *ac, int64_t target_id, const char *reason,
                               struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign_target cur;
    struct campaign c;
    const char *why = NULL;
    int64_t campaign_id = 0, reports = 0;
    int rc = target_for_edit(s, a, ac, target_id, reason, &cur, &campaign_id, &c, &why, fe);
    if (rc > 0 && store_int64(s, &reports, "SELECT count(*) FROM campaign_report WHERE target_id = $1"
                                           " OR target_id IN (SELECT id FROM campaign_target WHERE parent_id = $1)", "i", target_id) != 1)
        rc = STORE_ERR;
    if (rc > 0 && reports) {
        ferr_add(fe, "reports", arena_printf(a, "Chỉ tiêu %s đã có %lld báo cáo tiến độ (kể cả chỉ tiêu con): không xoá được, để giữ "
                                                "nguyên các báo cáo. Hãy sửa chỉ tiêu thay vì xoá.", cur.code, (long long)reports));
        rc = 0;
    }
    if (rc <= 0) { store_rollback(s); return rc; }
    json_t *before = target_values_json(s, &cur);
    if (store_exec(s, "DELETE FROM campaign_target_unit WHERE target_id = $1"
                      " OR target_id IN (SELECT id FROM campaign_target WHERE parent_id = $1)", "i", target_id) != STORE_OK ||
        store_exec(s, "DELETE FROM campaign_target WHERE parent_id = $1", "i", target_id) != STORE_OK ||
        store_exec(s, "DELETE FROM campaign_target WHERE id = $1", "i", target_id) != STORE_OK ||
        campaign_refresh(s, campaign_id) != STORE_OK) {
        json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    return finish_edit(s, ac, "target_remove", campaign_id, before, NULL, why, target_id);
}

/* A content group inside an edit's transaction, with the edit allowed: 1, 0 refused (fe), < 0. */
static int group_for_edit(store *s, arena *a, const struct actor *ac, int64_t group_id, const char *reason,
                          struct campaign_group *cur, int64_t *campaign_id, struct campaign *c, const char **why,
                          struct field_errors *fe)
{
    stmt *q = store_query(s, "SELECT campaign_id, number, title, note FROM campaign_group WHERE id = $1", "i", group_id);
    int rc = q ? stmt_step(q) : STORE_ERR;
    if (rc == STORE_ROW) {
        *campaign_id = stmt_int64(q, 0);
        *cur = (struct campaign_group){group_id, (int)stmt_int64(q, 1), stmt_text_dup(q, 2, a), stmt_text_dup(q, 3, a)};
    }
    stmt_finalize(q);
    rc = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
    if (!rc) ferr_add(fe, "id", "Không có nhóm nội dung này.");
    if (rc > 0) rc = campaign_editable(s, a, ac, *campaign_id, reason, c, why, fe);
    return rc;
}

int64_t campaign_group_update(store *s, arena *a, const struct actor *ac, int64_t group_id, int number, const char *title,
                              const char *note, const char *reason, struct field_errors *fe)
{
    if (number && (number < 1 || number > 99)) ferr_add(fe, "number", "Số thứ tự nhóm nội dung từ 1 đến 99.");
    const char *t = title ? field_clean(a, title, &f_text, "title", "Nội dung", fe) : NULL;
    if (title && !t && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập nội dung của nhóm.");
    const char *n = !str_empty(note) ? field_clean(a, note, &f_text, "note", "Ghi chú", fe) : NULL;   /* "": cleared */
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t campaign_id = 0, other = 0;
    struct campaign c;
    const char *why = NULL;
    struct campaign_group cur = {0};
    int rc = group_for_edit(s, a, ac, group_id, reason, &cur, &campaign_id, &c, &why, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    int num = number ? number : cur.number;
    const char *new_title = title ? t : cur.title, *new_note = note ? n : cur.note;
    if (num != cur.number &&
        store_int64(s, &other, "SELECT id FROM campaign_group WHERE campaign_id = $1 AND number = $2", "iI", campaign_id, num) == 1) {
        store_rollback(s);
        ferr_add(fe, "number", arena_printf(a, "Đã có nhóm nội dung số %d: hãy đổi số của nhóm đó trước.", num));
        return 0;
    }
    if (store_exec(s, "UPDATE campaign_group SET number = $2, title = $3, note = $4 WHERE id = $1", "iItt", group_id, num, new_title,
                   new_note) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:I, s:i, s:s}", "group_id", (json_int_t)group_id, "number", cur.number, "title", cur.title);
    json_t *after = json_pack("{s:I, s:i, s:s}", "group_id", (json_int_t)group_id, "number", num, "title", new_title);
    json_object_set_new(before, "note", jstr(cur.note));
    json_object_set_new(after, "note", jstr(new_note));
    return finish_edit(s, ac, "group_update", campaign_id, before, after, why, group_id);
}

/* The targets of a group with their sub-measures and shares (children carry their parent's group,
 * the parent test also catches one moved apart by hand). $1: the group. */
#define GROUP_TARGETS "SELECT id FROM campaign_target WHERE group_id = $1 OR parent_id IN (SELECT id FROM campaign_target WHERE group_id = $1)"

int64_t campaign_group_remove(store *s, arena *a, const struct actor *ac, int64_t group_id, const char *reason, struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t campaign_id = 0, reports = 0, targets = 0;
    struct campaign c;
    const char *why = NULL;
    struct campaign_group cur = {0};
    int rc = group_for_edit(s, a, ac, group_id, reason, &cur, &campaign_id, &c, &why, fe);
    if (rc > 0 && (store_int64(s, &reports, "SELECT count(*) FROM campaign_report WHERE target_id IN (" GROUP_TARGETS ")", "i", group_id) != 1 ||
                   store_int64(s, &targets, "SELECT count(*) FROM (" GROUP_TARGETS ") g", "i", group_id) != 1))
        rc = STORE_ERR;
    if (rc > 0 && reports)
        ferr_add(fe, "reports", arena_printf(a, "Nhóm nội dung %d có %lld báo cáo tiến độ trên các chỉ tiêu của nhóm: không xoá được, "
                                                "vì báo cáo không bao giờ bị xoá. Hãy sửa nhóm thay vì xoá.", cur.number, (long long)reports));
    /* a computed scoring criterion that names the group would silently count over fewer groups */
    const char *sheets = NULL;
    if (rc > 0 && !reports) {
        stmt *q = store_query(s, "SELECT sh.title, cr.code FROM scoring_criterion cr JOIN scoring_sheet sh ON sh.id = cr.sheet_id"
                           " WHERE sh.campaign_id = $1 AND cr.kind = 'targets' AND ',' || cr.group_numbers || ',' LIKE $2"
                           " ORDER BY sh.id, cr.position", "it", campaign_id, arena_printf(a, "%%,%d,%%", cur.number));
        buf b = {0};
        int n = 0, step = q ? STORE_ROW : STORE_ERR;
        while (q && (step = stmt_step(q)) == STORE_ROW)
            buf_printf(&b, "%s\"%s\" (tiêu chí %s)", n++ ? "; " : "", stmt_text(q, 0), stmt_text(q, 1));
        stmt_finalize(q);
        if (n) sheets = arena_strdup(a, buf_str(&b));
        buf_free(&b);
        if (step != STORE_DONE) rc = STORE_ERR;
    }
    if (rc > 0 && sheets)
        ferr_add(fe, "scoring", arena_printf(a, "Nhóm nội dung %d được tính trong bảng điểm %s: hãy bỏ nhóm khỏi tiêu chí đó trước.",
                                             cur.number, sheets));
    if (rc > 0 && fe->n) rc = 0;
    if (rc <= 0) { store_rollback(s); return rc; }
    json_t *before = json_pack("{s:I, s:i, s:s, s:I}", "group_id", (json_int_t)group_id, "number", cur.number, "title", cur.title,
                               "targets_removed", (json_int_t)targets);
    json_object_set_new(before, "note", jstr(cur.note));
    if (store_exec(s, "DELETE FROM campaign_target_unit WHERE target_id IN (" GROUP_TARGETS ")", "i", group_id) != STORE_OK ||
        store_exec(s, "DELETE FROM campaign_target WHERE parent_id IN (SELECT id FROM campaign_target WHERE group_id = $1)", "i",
                   group_id) != STORE_OK ||
        store_exec(s, "DELETE FROM campaign_target WHERE group_id = $1", "i", group_id) != STORE_OK ||
        store_exec(s, "DELETE FROM campaign_group WHERE id = $1", "i", group_id) != STORE_OK || campaign_refresh(s, campaign_id) != STORE_OK) {
        json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    return finish_edit(s, ac, "group_remove", campaign_id, before, NULL, why, group_id);
}

static const struct vn_field f_report_number = {1, 60, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};

/* "15/BC-UBND" (a leading "Số:" taken off): the number, "/", a symbol without spaces or "/".
 * NULL after an error under "report_number". */
static const char *report_number_clean(arena *a, const char *in, struct field_errors *fe)
{
    const char *t = field_clean(a, in, &f_report_number, "report_number", "Số, ký hiệu", fe);
    if (!t) return NULL;
    if (!strncmp(t, "Số:", strlen("Số:"))) t += strlen("Số:");
    while (*t == ' ') t++;
    const char *p = t;
    while (*p >= '0' && *p <= '9') p++;
    bool ok = p > t && *p == '/' && p[1];
    for (const char *q = ok ? p + 1 : p; ok && *q; q++) ok = *q != ' ' && *q != '/';
    if (!ok) {
        ferr_add(fe, "report_number", arena_printf(a, "Số, ký hiệu \"%s\" không đúng dạng số/ký hiệu (ví dụ 15/BC-UBND).", in));
        return NULL;
    }
    return t;
}

int64_t campaign_report_print_set(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *recipients,
                                  const char *number, const char *reason, struct field_errors *fe)
{
    const char *list = !str_empty(recipients) ? field_clean(a, recipients, &f_text, "report_recipients", "Nơi nhận", fe) : NULL;
    const char *num = !str_empty(number) ? report_number_clean(a, number, fe) : NULL;
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign c;
    const char *why = NULL;
    int rc = campaign_editable(s, a, ac, campaign_id, reason, &c, &why, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    const char *new_list = recipients ? list : c.report_recipients, *new_num = number ? num : c.report_number;
    if (str_eq(new_list ? new_list : "", c.report_recipients ? c.report_recipients : "") &&
        str_eq(new_num ? new_num : "", c.report_number ? c.report_number : "")) {
        store_rollback(s);   /* nothing changed: nothing audited */
        return campaign_id;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE campaign SET report_recipients = $2, report_number = $3, updated_at = $4 WHERE id = $1", "ittt",
                   campaign_id, new_list, new_num, now) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_object(), *after = json_object();
    json_object_set_new(before, "report_recipients", jstr(c.report_recipients));
    json_object_set_new(before, "report_number", jstr(c.report_number));
    json_object_set_new(after, "report_recipients", jstr(new_list));
    json_object_set_new(after, "report_number", jstr(new_num));
    return finish_edit(s, ac, "report_print", campaign_id, before, after, why, campaign_id);
}

/* An occasion's row inside an edit's transaction, with the edit allowed: 1, 0 refused, < 0. */
static int occasion_for_edit(store *s, arena *a, const struct actor *ac, int64_t occasion_id, const char *reason,
                             int64_t *campaign_id, struct campaign *c, const char **why, json_t **before, int *year,
                             struct field_errors *fe)
{
    stmt *q = store_query(s, "SELECT campaign_id, event, event_date, year FROM campaign_occasion WHERE id = $1", "i", occasion_id);
    int rc = q ? stmt_step(q) : STORE_ERR;
    if (rc == STORE_ROW) {
        *campaign_id = stmt_int64(q, 0);
        *year = (int)stmt_int64(q, 3);
        *before = json_pack("{s:I, s:s, s:s, s:i}", "occasion_id", (json_int_t)occasion_id, "event", stmt_text(q, 1),
                            "event_date", stmt_text(q, 2), "year", *year);
    }
    stmt_finalize(q);
    rc = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
    if (!rc) ferr_add(fe, "id", "Không có ngày kỷ niệm này.");
    if (rc > 0) rc = campaign_editable(s, a, ac, *campaign_id, reason, c, why, fe);
    if (rc <= 0 && *before) { json_decref(*before); *before = NULL; }
    return rc;
}

int64_t campaign_occasion_update(store *s, arena *a, const struct actor *ac, int64_t occasion_id, const char *event,
                                 const char *event_date, int year, const char *reason, struct field_errors *fe)
{
    const char *ev = event ? field_clean(a, event, &f_name, "event", "Sự kiện", fe) : NULL;
    if (event && !ev && !ferr_get(fe, "event")) ferr_add(fe, "event", "Hãy nhập sự kiện (ví dụ: ngày sinh đồng chí Hoàng Văn Thụ).");
    const char *d = event_date ? field_date(a, event_date, FIELD_MONTH_END | FIELD_REQUIRED, "event_date", "Ngày của sự kiện", fe) : NULL;
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t campaign_id = 0;
    struct campaign c;
    const char *why = NULL;
    json_t *before = NULL;
    int old_year = 0;
    int rc = occasion_for_edit(s, a, ac, occasion_id, reason, &campaign_id, &c, &why, &before, &old_year, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    /* kept values: copied, since `before` is freed on the refusal below */
    if (!ev) ev = arena_strdup(a, json_string_value(json_object_get(before, "event")));
    if (!d) d = arena_strdup(a, json_string_value(json_object_get(before, "event_date")));
    if (!year) year = old_year;
    if (year <= atoi(d) || year > 9999) {
        json_decref(before);
        store_rollback(s);
        ferr_add(fe, "year", arena_printf(a, "Năm kỷ niệm %d phải sau năm của sự kiện (%.4s).", year, d));
        return 0;
    }
    json_t *after = json_pack("{s:I, s:s, s:s, s:i}", "occasion_id", (json_int_t)occasion_id, "event", ev, "event_date", d, "year", year);
    if (store_exec(s, "UPDATE campaign_occasion SET event = $2, event_date = $3, year = $4 WHERE id = $1", "ittI", occasion_id, ev, d,
                   year) != STORE_OK) {
        json_decref(before);
        json_decref(after);
        store_rollback(s);
        return STORE_ERR;
    }
    return finish_edit(s, ac, "occasion_update", campaign_id, before, after, why, occasion_id);
}

int64_t campaign_occasion_remove(store *s, arena *a, const struct actor *ac, int64_t occasion_id, const char *reason,
                                 struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t campaign_id = 0;
    struct campaign c;
    const char *why = NULL;
    json_t *before = NULL;
    int year = 0;
    int rc = occasion_for_edit(s, a, ac, occasion_id, reason, &campaign_id, &c, &why, &before, &year, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    if (store_exec(s, "DELETE FROM campaign_occasion WHERE id = $1", "i", occasion_id) != STORE_OK) {
        json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    return finish_edit(s, ac, "occasion_remove", campaign_id, before, NULL, why, occasion_id);
}

int64_t campaign_participant_remove(store *s, arena *a, const struct actor *ac, int64_t participant_id, const char *reason,
                                    struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t campaign_id = 0, block_id = 0, unit_id = 0;
    const char *unit_kind = NULL, *name = NULL;
    stmt *q = store_query(s, "SELECT p.campaign_id, p.unit_kind, coalesce(p.block_id, 0), coalesce(p.unit_id, 0),"
                             " coalesce(b.name, u.name, p.unit_kind) FROM campaign_participant p"
                             " LEFT JOIN emulation_block b ON b.id = p.block_id LEFT JOIN unit u ON u.id = p.unit_id WHERE p.id = $1",
                          "i", participant_id);
    int rc = q ? stmt_step(q) : STORE_ERR;
    if (rc == STORE_ROW) {
        campaign_id = stmt_int64(q, 0);
        unit_kind = stmt_text_dup(q, 1, a);
        block_id = stmt_int64(q, 2);
        unit_id = stmt_int64(q, 3);
        name = stmt_text_dup(q, 4, a);
    }
    stmt_finalize(q);
    rc = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
    if (!rc) ferr_add(fe, "id", "Không có đơn vị tham gia này.");
    struct campaign c;
    const char *why = NULL;
    if (rc > 0) rc = campaign_editable(s, a, ac, campaign_id, reason, &c, &why, fe);
    char *names = NULL;
    /* the units this row brings in that have reported on the campaign: removing it would leave
     * their reports outside the campaign's participants, so it is refused, naming them */
    if (rc > 0 && names_of(store_query(s, "SELECT DISTINCT u.name FROM campaign_report r JOIN campaign_target t ON t.id = r.target_id"
                                          " JOIN unit u ON u.id = r.unit_id WHERE t.campaign_id = $1"
                                          " AND (r.unit_id = $2 OR u.kind = $3"
                                          " OR r.unit_id IN (SELECT unit_id FROM block_member WHERE block_id = $4))"
                                          " ORDER BY u.name LIMIT 5", "iiti", campaign_id, unit_id, unit_kind, block_id),
                           a, &names) != STORE_OK)
        rc = STORE_ERR;
    if (rc > 0 && names) {
        ferr_add(fe, "reports", arena_printf(a, "Không bỏ được \"%s\" khỏi phong trào: %s đã gửi báo cáo tiến độ (báo cáo được giữ "
                                                "nguyên). Đơn vị vẫn tham gia.", name, names));
        rc = 0;
    }
    if (rc <= 0) { store_rollback(s); return rc; }
    if (store_exec(s, "DELETE FROM campaign_participant WHERE id = $1", "i", participant_id) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:I, s:s, s:I, s:I}", "participant_id", (json_int_t)participant_id, "name", name ? name : "",
                               "block_id", (json_int_t)block_id, "unit_id", (json_int_t)unit_id);
    json_object_set_new(before, "unit_kind", jstr(unit_kind));
    return finish_edit(s, ac, "participant_remove", campaign_id, before, NULL, why, participant_id);
}
