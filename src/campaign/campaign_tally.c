/* campaign_tally.c: the kept statuses and counts that let the dashboard and the block ranking read a
 * row per target and a few rows per unit instead of every share of a per-unit split (sql/023 says
 * what each table holds and why statuses are kept in two regimes, open and final). Everything here
 * runs inside the caller's write transaction, so a kept row never disagrees with the reports that
 * produced it; campaign_eval.c is the reader.
 *
 * A leaf's two statuses come from evaluate.c exactly as a page computes them: the open one on the
 * deadline itself (the last day that is not "after the deadline"), the final one on the last date
 * the calendar knows (after any deadline). The counts are then plain SQL GROUP BYs over a parent's
 * shares or a unit's shares, rebuilt whole on each change: a parent has at most a province's units
 * (about 1,000 rows on an index), a unit one share per split target. Sums of values are taken in C,
 * in 128 bits, and saturated, as campaign_eval.c does. */
#include "campaign.h"

#include <string.h>

/* Any evaluation date after every deadline: vn_date's last valid day. */
#define AFTER_EVERY_DEADLINE "9999-12-31"
/* The kept sums saturate here (10^18 milli, inside int64); campaign_eval.c saturates the roll-up
 * at EVAL_VALUE_MAX afterwards, so the two agree whenever a sum is below 10^15 units. */
#define TALLY_SUM_MAX INT64_C(1000000000000000000)

static int64_t saturate(__int128 v)
{
    return v > TALLY_SUM_MAX ? TALLY_SUM_MAX : v < -TALLY_SUM_MAX ? -TALLY_SUM_MAX : (int64_t)v;
}

int campaign_tally_current(store *s, int64_t campaign_id)
{
    int64_t version = 0;
    int rc = store_int64(s, &version, "SELECT rules_version FROM campaign_tally_state WHERE campaign_id = $1", "i", campaign_id);
    if (rc < 0) return STORE_ERR;
    return rc == 1 && version == EVAL_RULES_VERSION;
}

/* Statuses of leaf t (a target without children) in both regimes, from its kept latest value. */
static void leaf_statuses(const struct campaign_target *t, const char *start, const struct observation *o,
                          enum target_status *open, enum target_status *final)
{
    struct target_rule rule = campaign_target_rule(t, start);
    struct evaluation e;
    target_evaluate_ex(&rule, o, t->deadline, false, &e);
    *open = e.status;
    target_evaluate_ex(&rule, o, AFTER_EVERY_DEADLINE, false, &e);
    *final = e.status;
}

/* Writes the two statuses of target t's kept latest row (none: nothing to write). */
static int keep_leaf(store *s, arena *a, const struct campaign_target *t, const char *start)
{
    stmt *q = store_query(s, "SELECT value, as_of, baseline_value FROM campaign_latest WHERE target_id = $1", "i", t->id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc != STORE_ROW) { stmt_finalize(q); return rc == STORE_DONE ? STORE_OK : STORE_ERR; }
    struct observation o = {.has = true, .value = stmt_int64(q, 0), .as_of = stmt_text_dup(q, 1, a),
                            .has_baseline = !stmt_is_null(q, 2), .baseline = stmt_int64(q, 2)};
    stmt_finalize(q);
    enum target_status open, final;
    leaf_statuses(t, start, &o, &open, &final);
    return store_exec(s, "UPDATE campaign_latest SET status_open = $2, status_final = $3 WHERE target_id = $1", "itt", t->id,
                      status_code(open), status_code(final));
}

/* Rebuilds the counts and sums of split parent `parent_id` from its shares' kept rows. */
static int tally_parent(store *s, arena *a, int64_t parent_id)
{
    if (store_exec(s, "DELETE FROM campaign_share_tally WHERE parent_id = $1", "i", parent_id) != STORE_OK ||
        store_exec(s, "DELETE FROM campaign_share_sum WHERE parent_id = $1", "i", parent_id) != STORE_OK ||
        store_exec(s, "INSERT INTO campaign_share_tally(campaign_id, parent_id, deadline, regime, status, targets, weight)"
                      " SELECT t.campaign_id, t.parent_id, t.deadline, 'open', coalesce(l.status_open, 'no_data'), count(*), sum(t.weight)"
                      " FROM campaign_target t LEFT JOIN campaign_latest l ON l.target_id = t.id"
                      " WHERE t.parent_id = $1 AND t.unit_id IS NOT NULL"
                      " GROUP BY t.campaign_id, t.parent_id, t.deadline, coalesce(l.status_open, 'no_data')"
                      " UNION ALL"
                      " SELECT t.campaign_id, t.parent_id, t.deadline, 'final', coalesce(l.status_final, 'no_data'), count(*), sum(t.weight)"
                      " FROM campaign_target t LEFT JOIN campaign_latest l ON l.target_id = t.id"
                      " WHERE t.parent_id = $1 AND t.unit_id IS NOT NULL"
                      " GROUP BY t.campaign_id, t.parent_id, t.deadline, coalesce(l.status_final, 'no_data')", "i", parent_id) != STORE_OK)
        return STORE_ERR;
    stmt *q = store_query(s, "SELECT l.value, l.denominator, l.as_of FROM campaign_target t JOIN campaign_latest l ON l.target_id = t.id"
                             " WHERE t.parent_id = $1 AND t.unit_id IS NOT NULL", "i", parent_id);
    if (!q) return STORE_ERR;
    __int128 sum = 0, den = 0;
    int64_t reported = 0;
    char *latest = NULL;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        reported++;
        sum += stmt_int64(q, 0);
        den += stmt_int64(q, 1);      /* NULL (no denominator) reads as 0: adds nothing, as in campaign_eval.c */
        const char *as_of = stmt_text(q, 2);
        if (!latest || strcmp(as_of, latest) > 0) latest = arena_strdup(a, as_of);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    if (!reported) return STORE_OK;
    return store_exec(s, "INSERT INTO campaign_share_sum(parent_id, campaign_id, reported, value_sum, denominator_sum, latest_as_of)"
                         " SELECT id, campaign_id, $2, $3, $4, $5 FROM campaign_target WHERE id = $1",
                      "iiiit", parent_id, reported, saturate(sum), saturate(den), latest);
}

/* Rebuilds the counts of unit `unit_id`'s shares in the campaign. */
static int tally_unit(store *s, int64_t campaign_id, int64_t unit_id)
{
    if (store_exec(s, "DELETE FROM campaign_unit_tally WHERE campaign_id = $1 AND unit_id = $2", "ii", campaign_id, unit_id) != STORE_OK)
        return STORE_ERR;
    return store_exec(s, "INSERT INTO campaign_unit_tally(campaign_id, unit_id, deadline, regime, status, targets, weight)"
                         " SELECT t.campaign_id, t.unit_id, t.deadline, 'open', coalesce(l.status_open, 'no_data'), count(*), sum(t.weight)"
                         " FROM campaign_target t LEFT JOIN campaign_latest l ON l.target_id = t.id"
                         " WHERE t.campaign_id = $1 AND t.unit_id = $2 AND t.parent_id IS NOT NULL"
                         " GROUP BY t.campaign_id, t.unit_id, t.deadline, coalesce(l.status_open, 'no_data')"
                         " UNION ALL"
                         " SELECT t.campaign_id, t.unit_id, t.deadline, 'final', coalesce(l.status_final, 'no_data'), count(*), sum(t.weight)"
                         " FROM campaign_target t LEFT JOIN campaign_latest l ON l.target_id = t.id"
                         " WHERE t.campaign_id = $1 AND t.unit_id = $2 AND t.parent_id IS NOT NULL"
                         " GROUP BY t.campaign_id, t.unit_id, t.deadline, coalesce(l.status_final, 'no_data')",
                      "ii", campaign_id, unit_id);
}

/* The ids of a campaign's split parents (which = 0) or of the units owning shares (which = 1). */
static int ids_of(store *s, arena *a, int64_t campaign_id, int which, int64_t **out, int *n)
{
    stmt *q = which == 0
        ? store_query(s, "SELECT DISTINCT parent_id FROM campaign_target WHERE campaign_id = $1 AND unit_id IS NOT NULL"
                         " AND parent_id IS NOT NULL", "i", campaign_id)
        : store_query(s, "SELECT DISTINCT unit_id FROM campaign_target WHERE campaign_id = $1 AND unit_id IS NOT NULL"
                         " AND parent_id IS NOT NULL", "i", campaign_id);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    int64_t *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    *n = 0;
    while ((rc = stmt_step(q)) == STORE_ROW) *ARENA_PUSH(a, v, *n, cap) = stmt_int64(q, 0);
    stmt_finalize(q);
    *out = v;
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

int campaign_refresh(store *s, int64_t campaign_id)
{
    arena a = {0};
    int rc = STORE_ERR;
    struct campaign c;
    struct campaign_target *t;
    int n, nparents, nunits;
    int64_t *parents, *units;
    if (campaign_get(s, &a, campaign_id, &c) != 1 || campaign_targets(s, &a, campaign_id, &t, &n) != STORE_OK) goto done;
    /* every kept leaf's statuses, in one pass over the campaign's latest rows */
    stmt *q = store_query(s, "SELECT l.target_id, l.value, l.as_of, l.baseline_value FROM campaign_latest l"
                             " JOIN campaign_target t ON t.id = l.target_id WHERE t.campaign_id = $1", "i", campaign_id);
    stmt *up = store_prepare(s, "UPDATE campaign_latest SET status_open = $2, status_final = $3 WHERE target_id = $1");
    if (!q || !up) { stmt_finalize(q); stmt_finalize(up); goto done; }
    struct campaign_id_index *ix = campaign_index_make(&a, t, n);
    int step;
    while ((step = stmt_step(q)) == STORE_ROW) {
        int64_t id = stmt_int64(q, 0);
        int i = campaign_index_find(ix, n, id);
        if (i < 0) continue;
        struct observation o = {.has = true, .value = stmt_int64(q, 1), .as_of = stmt_text(q, 2),
                                .has_baseline = !stmt_is_null(q, 3), .baseline = stmt_int64(q, 3)};
        enum target_status open, final;
        leaf_statuses(&t[i], c.start_date, &o, &open, &final);
        stmt_reset(up);
        if (stmt_bind_int64(up, 1, id) != STORE_OK || stmt_bind_text(up, 2, status_code(open)) != STORE_OK ||
            stmt_bind_text(up, 3, status_code(final)) != STORE_OK || stmt_step(up) != STORE_DONE) {
            step = STORE_ERR;
            break;
        }
    }
    stmt_finalize(q);
    stmt_finalize(up);
    if (step != STORE_DONE) goto done;
    if (store_exec(s, "DELETE FROM campaign_share_tally WHERE campaign_id = $1", "i", campaign_id) != STORE_OK ||
        store_exec(s, "DELETE FROM campaign_share_sum WHERE campaign_id = $1", "i", campaign_id) != STORE_OK ||
        store_exec(s, "DELETE FROM campaign_unit_tally WHERE campaign_id = $1", "i", campaign_id) != STORE_OK ||
        ids_of(s, &a, campaign_id, 0, &parents, &nparents) != STORE_OK || ids_of(s, &a, campaign_id, 1, &units, &nunits) != STORE_OK)
        goto done;
    for (int i = 0; i < nparents; i++)
        if (tally_parent(s, &a, parents[i]) != STORE_OK) goto done;
    for (int i = 0; i < nunits; i++)
        if (tally_unit(s, campaign_id, units[i]) != STORE_OK) goto done;
    char now[21];
    iso_time(now_unix(), now);
    rc = store_exec(s, "INSERT INTO campaign_tally_state(campaign_id, rules_version, built_at) VALUES ($1, $2, $3)"
                       " ON CONFLICT (campaign_id) DO UPDATE SET rules_version = excluded.rules_version, built_at = excluded.built_at",
                    "iIt", campaign_id, EVAL_RULES_VERSION, now);
done:
    arena_free(&a);
    return rc;
}

int campaign_refresh_target(store *s, int64_t target_id)
{
    arena a = {0};
    int rc = STORE_ERR;
    struct campaign_target t;
    int64_t campaign_id = 0;
    char *start = NULL;
    if (store_int64(s, &campaign_id, "SELECT campaign_id FROM campaign_target WHERE id = $1", "i", target_id) != 1) goto done;
    int current = campaign_tally_current(s, campaign_id);
    if (current < 0) goto done;
    /* kept rows from before migration 023 or an older rule: rebuild the whole campaign once */
    if (!current) { rc = campaign_refresh(s, campaign_id); goto done; }
    if (campaign_target_get(s, &a, target_id, &t) != 1 ||
        store_text(s, &start, &a, "SELECT start_date FROM campaign WHERE id = $1", "i", campaign_id) != 1 ||
        keep_leaf(s, &a, &t, start) != STORE_OK)
        goto done;
    /* a share moves its parent's and its unit's counts; a split parent (a share added or taken
     * away under it) is recounted itself */
    if (tally_parent(s, &a, t.id) != STORE_OK) goto done;
    if (t.parent_id && t.unit_id && (tally_parent(s, &a, t.parent_id) != STORE_OK || tally_unit(s, campaign_id, t.unit_id) != STORE_OK))
        goto done;
    rc = STORE_OK;
done:
    arena_free(&a);
    return rc;
}
