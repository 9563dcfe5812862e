/* proposal_intake.c: the hand-over table from the producers of award proposals (fundraising
 * tiers, campaign results) to commendation (proposal_intake.h). Portable SQL through the store
 * API; the uniqueness of an achievement is the table's UNIQUE constraint, so it holds across
 * processes without a read-then-write race. */
#include "proposal_intake.h"

#include <string.h>

#include "audit.h"

#define INTAKE_COLUMNS                                                                                     \
    "id, source, source_ref, subject_kind, subject_name, subject_key, coalesce(unit_id,0), form_code, "   \
    "achievement, reason, amount, year, state, coalesce(proposal_id,0), created_at, created_by"

static void intake_row(stmt *q, arena *a, struct proposal_intake *p)
{
    p->id = stmt_int64(q, 0);
    p->source = stmt_text_dup(q, 1, a);
    p->source_ref = stmt_text_dup(q, 2, a);
    p->subject_kind = stmt_text_dup(q, 3, a);
    p->subject_name = stmt_text_dup(q, 4, a);
    p->subject_key = stmt_text_dup(q, 5, a);
    p->unit_id = stmt_int64(q, 6);
    p->form_code = stmt_text_dup(q, 7, a);
    p->achievement = stmt_text_dup(q, 8, a);
    p->reason = stmt_text_dup(q, 9, a);
    p->amount = stmt_int64(q, 10);
    p->year = (int)stmt_int64(q, 11);
    p->state = stmt_text_dup(q, 12, a);
    p->proposal_id = stmt_int64(q, 13);
    p->created_at = stmt_text_dup(q, 14, a);
    p->created_by = stmt_text_dup(q, 15, a);
}

int64_t proposal_intake_add(store *s, const struct actor *ac, const struct proposal_intake *p, int64_t *existing)
{
    if (existing) *existing = 0;
    int64_t found = 0;
    int rc = store_int64(s, &found,
                         "SELECT id FROM proposal_intake WHERE subject_key=$1 AND achievement=$2 AND form_code=$3", "ttt",
                         p->subject_key, p->achievement, p->form_code);
    if (rc < 0) return -1;
    if (rc == 1) {
        if (existing) *existing = found;
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    rc = store_exec(s,
                    "INSERT INTO proposal_intake(source, source_ref, subject_kind, subject_name, subject_key, unit_id,"
                    " form_code, achievement, reason, amount, year, created_at, created_by)"
                    " VALUES($1,$2,$3,$4,$5,NULLIF($6,0),$7,$8,$9,$10,$11,$12,$13)",
                    "tttttitttiitt", p->source, p->source_ref, p->subject_kind, p->subject_name, p->subject_key,
                    p->unit_id, p->form_code, p->achievement, p->reason, p->amount, (int64_t)p->year, now,
                    ac->login);
    if (rc < 0) return -1;
    return store_int64(s, &found, "SELECT id FROM proposal_intake WHERE subject_key=$1 AND achievement=$2 AND form_code=$3",
                       "ttt", p->subject_key, p->achievement, p->form_code) == 1
               ? found
               : -1;
}

int proposal_intake_list(store *s, arena *a, const char *state, const char *source, struct proposal_intake **out,
                         int *n)
{
    *out = NULL;
    *n = 0;
    stmt *q = store_query(s,
                          "SELECT " INTAKE_COLUMNS " FROM proposal_intake WHERE ($1 IS NULL OR state=$1)"
                          " AND ($2 IS NULL OR source=$2) ORDER BY id",
                          "tt", state, source);
    if (!q) return -1;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 16;
            struct proposal_intake *grown = arena_alloc(a, sizeof **out * (size_t)ncap);
            if (*n) memcpy(grown, *out, sizeof **out * (size_t)*n);
            *out = grown;
            cap = ncap;
        }
        intake_row(q, a, &(*out)[(*n)++]);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : -1;
}

int proposal_intake_get(store *s, arena *a, int64_t id, struct proposal_intake *out)
{
    stmt *q = store_query(s, "SELECT " INTAKE_COLUMNS " FROM proposal_intake WHERE id=$1", "i", id);
    if (!q) return -1;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) intake_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

int proposal_intake_take(store *s, int64_t id, int64_t proposal_id)
{
    if (store_exec(s, "UPDATE proposal_intake SET state='taken', proposal_id=$2 WHERE id=$1 AND state='pending'", "ii", id,
                   proposal_id) < 0)
        return -1;
    return store_changes(s) == 1 ? 1 : 0;
}

int proposal_intake_withdraw(store *s, const struct actor *ac, int64_t id, const char *reason)
{
    if (store_begin(s) < 0) return -1;
    int rc = store_exec(s, "UPDATE proposal_intake SET state='withdrawn', withdrawn_reason=$2 WHERE id=$1 AND state='pending'",
                        "it", id, reason);
    if (rc < 0) goto fail;
    if (store_changes(s) != 1) {
        store_rollback(s);
        return 0;
    }
    json_t *after = json_pack("{s:s, s:s}", "state", "withdrawn", "reason", reason ? reason : "");
    int64_t aid = audit_as(s, ac, "withdraw", "proposal_intake", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) < 0) goto fail;
    return 1;
fail:
    store_rollback(s);
    return -1;
}
