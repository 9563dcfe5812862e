/* campaign_eval.c: a campaign's targets evaluated on a date (campaign.h): the latest accepted
 * report of every leaf target as of that date (one query for the whole campaign), each leaf
 * through evaluate.c, then the parents by their roll-up rule — every sub-measure holds ('all'),
 * the units' values summed ('sum'), the ratio of the summed numerators to the summed denominators
 * ('ratio'), the number of units whose share is met ('count') — and the counts per status for
 * every group, the campaign and a unit.
 *
 * Two sources for the shares of per-unit splits (a province: 1,000 units × 50 targets): read and
 * evaluated one by one (any date; every page that lists shares), or, for the pages that show them
 * only as counts (the dashboard, the ranking) on a date from today on, the counts and sums kept by
 * campaign_tally.c (sql/023): about one row per split target and a few per unit, whatever the
 * number of units. Both give the same statuses (test_campaign_tally). */
#include "campaign.h"

#include <stdlib.h>
#include <string.h>

static int by_id(const void *x, const void *y)
{
    int64_t a = ((const struct campaign_id_index *)x)->id, b = ((const struct campaign_id_index *)y)->id;
    return a < b ? -1 : a > b;
}

static void index_sort(struct campaign_id_index *ix, int n) { qsort(ix, (size_t)n, sizeof *ix, by_id); }

struct campaign_id_index *campaign_index_make(arena *a, const struct campaign_target *t, int n)
{
    struct campaign_id_index *ix = arena_alloc(a, sizeof *ix * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) ix[i] = (struct campaign_id_index){t[i].id, i};
    index_sort(ix, n);
    return ix;
}

int campaign_index_find(const struct campaign_id_index *ix, int n, int64_t id)
{
    struct campaign_id_index key = {id, 0};
    const struct campaign_id_index *hit = bsearch(&key, ix, (size_t)n, sizeof *ix, by_id);
    return hit ? hit->index : -1;
}

/* Evaluates one target and keeps its status (and its sentence, when asked) in the arena. */
static void keep(arena *a, struct target_status_kept *k, const struct target_rule *rule, const struct observation *o,
                 const char *on, bool with_rule)
{
    struct evaluation e;
    target_evaluate_ex(rule, o, on, with_rule, &e);
    *k = (struct target_status_kept){e.status, e.exceeded, with_rule ? arena_strdup(a, e.rule) : ""};
}

/* Adds `targets` targets of status st weighing `weight` in all to c. */
static void count_many(struct status_count *c, enum target_status st, int targets, int weight)
{
    c->n[st] += targets;
    c->total += targets;
    c->weight_total += weight;
    if (st == ST_MET) c->weight_met += weight;
}

static void count_status(struct status_count *c, const struct campaign_target *t, enum target_status st)
{
    count_many(c, st, 1, t->weight);
}

/* A status code read from a kept row (an unknown one counts as no data). */
static enum target_status kept_status(const char *code)
{
    int st = status_from_code(code);
    return st < 0 ? ST_NO_DATA : (enum target_status)st;
}

/* What a split parent's roll-up reads from its shares, kept (campaign_share_sum). */
struct share_sum { int64_t reported, value, denominator; const char *latest; };

/* The kept counts and sums of every split parent of the campaign, on `on` (each share counted in
 * the regime its own deadline puts it in). */
static int read_share_tallies(store *s, arena *a, int64_t campaign_id, const char *on, const struct campaign_id_index *ix, int n,
                              struct status_count *shares, struct share_sum *sums)
{
    stmt *q = store_query(s, "SELECT k.parent_id, k.status, k.targets, k.weight FROM campaign_share_tally k WHERE k.campaign_id = $1"
                             " AND k.regime = CASE WHEN $2 > k.deadline THEN 'final' ELSE 'open' END", "it", campaign_id, on);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int i = campaign_index_find(ix, n, stmt_int64(q, 0));
        if (i >= 0) count_many(&shares[i], kept_status(stmt_text(q, 1)), (int)stmt_int64(q, 2), (int)stmt_int64(q, 3));
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    q = store_query(s, "SELECT parent_id, reported, value_sum, denominator_sum, latest_as_of FROM campaign_share_sum"
                       " WHERE campaign_id = $1", "i", campaign_id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int i = campaign_index_find(ix, n, stmt_int64(q, 0));
        if (i >= 0) sums[i] = (struct share_sum){stmt_int64(q, 1), stmt_int64(q, 2), stmt_int64(q, 3), stmt_text_dup(q, 4, a)};
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

int campaign_evaluate(store *s, arena *a, const struct campaign *c, const char *on, struct campaign_eval *out)
{
    char today[11];
    iso_date_today(today);
    return campaign_evaluate_opts(s, a, c, on, strcmp(on, today) >= 0, true, out);
}

int campaign_evaluate_brief(store *s, arena *a, const struct campaign *c, const char *on, struct campaign_eval *out)
{
    char today[11];
    iso_date_today(today);
    return campaign_evaluate_opts(s, a, c, on, strcmp(on, today) >= 0, false, out);
}

int campaign_evaluate_from(store *s, arena *a, const struct campaign *c, const char *on, bool latest_table,
                           struct campaign_eval *out)
{
    return campaign_evaluate_opts(s, a, c, on, latest_table, true, out);
}

int campaign_evaluate_opts(store *s, arena *a, const struct campaign *c, const char *on, bool latest_table, bool with_rules,
                           struct campaign_eval *out)
{
    memset(out, 0, sizeof *out);
    out->on = on;
    out->campaign_id = c->id;
    if (latest_table && !with_rules) {
        int current = campaign_tally_current(s, c->id);
        if (current < 0) return STORE_ERR;
        out->from_tally = current == 1;
    }
    bool tally = out->from_tally;
    if ((tally ? campaign_targets_without_shares(s, a, c->id, &out->targets, &out->n)
               : campaign_targets(s, a, c->id, &out->targets, &out->n)) != STORE_OK ||
        campaign_groups(s, a, c->id, &out->groups, &out->ngroups) != STORE_OK)
        return STORE_ERR;
    int n = out->n;
    struct campaign_target *t = out->targets;
    struct target_result *res = arena_alloc(a, sizeof *res * (size_t)(n ? n : 1));   /* small: no sentence inside */
    int64_t *denominator = arena_alloc(a, sizeof *denominator * (size_t)(n ? n : 1));
    bool *has_denominator = arena_alloc(a, sizeof *has_denominator * (size_t)(n ? n : 1));
    out->shares = arena_alloc(a, sizeof *out->shares * (size_t)(n ? n : 1));
    struct share_sum *kept = tally ? arena_alloc(a, sizeof *kept * (size_t)(n ? n : 1)) : NULL;
    for (int i = 0; i < n; i++) res[i].target = &t[i];
    struct campaign_id_index *ix = campaign_index_make(a, t, n);
    /* The latest accepted value of each target as of `on`: from today on, the kept row of
     * campaign_latest; before, the reports themselves in (target, as_of, id) order, the last one of
     * each target winning. */
    stmt *q = tally
        ? store_query(s, "SELECT l.target_id, l.report_id, l.value, l.as_of, l.baseline_value, l.denominator"
                         " FROM campaign_latest l JOIN campaign_target t ON t.id = l.target_id WHERE t.campaign_id = $1"
                         " AND (t.unit_id IS NULL OR t.parent_id IS NULL)", "i", c->id)
        : latest_table
        ? store_query(s, "SELECT l.target_id, l.report_id, l.value, l.as_of, l.baseline_value, l.denominator"
                         " FROM campaign_latest l JOIN campaign_target t ON t.id = l.target_id WHERE t.campaign_id = $1", "i", c->id)
        : store_query(s, "SELECT r.target_id, r.id, r.value, r.as_of, r.baseline_value, r.denominator"
                         " FROM campaign_report r JOIN campaign_target t ON t.id = r.target_id"
                         " WHERE t.campaign_id = $1 AND r.state = 'accepted' AND r.as_of <= $2"
                         " ORDER BY r.target_id, r.as_of, r.id", "it", c->id, on);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int i = campaign_index_find(ix, n, stmt_int64(q, 0));
        if (i < 0) continue;
        struct observation *o = &res[i].obs;
        o->has = true;
        res[i].report_id = stmt_int64(q, 1);
        o->value = stmt_int64(q, 2);
        o->as_of = stmt_text_dup(q, 3, a);
        o->has_baseline = !stmt_is_null(q, 4);
        o->baseline = stmt_int64(q, 4);
        has_denominator[i] = !stmt_is_null(q, 5);
        denominator[i] = stmt_int64(q, 5);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    if (tally && read_share_tallies(s, a, c->id, on, ix, n, out->shares, kept) != STORE_OK) return STORE_ERR;
    /* leaves first (a parent reads its children's results) */
    for (int i = 0; i < n; i++) {
        if (!str_eq(t[i].rollup, "none")) continue;
        struct target_rule rule = campaign_target_rule(&t[i], c->start_date);
        keep(a, &res[i].eval, &rule, &res[i].obs, on, with_rules || !t[i].unit_id);
    }
    for (int p = 0; p < n; p++) {
        if (str_eq(t[p].rollup, "none")) continue;
        int np = 0, met = 0, children = 0;
        __int128 sum = 0, den = 0;
        bool any = false;
        const char *latest = NULL;
        /* children follow their parent (campaign_targets' order) */
        for (int i = p + 1; i < n && t[i].parent_id == t[p].id; i++) children++;
        struct status_count *sh = &out->shares[p];
        enum target_status *parts = arena_alloc(a, sizeof *parts * (size_t)(children + sh->total + 1));
        for (int i = p + 1; i <= p + children; i++) {
            parts[np++] = res[i].eval.status;
            met += res[i].eval.status == ST_MET;
            if (t[i].unit_id) count_status(sh, &t[i], res[i].eval.status);   /* the shares read one by one */
            if (!res[i].obs.has) continue;
            any = true;
            sum += res[i].obs.value;
            if (has_denominator[i]) den += denominator[i];
            if (!latest || strcmp(res[i].obs.as_of, latest) > 0) latest = res[i].obs.as_of;
        }
        if (tally) {
            /* the shares as kept counts: their statuses by count, their values as sums */
            for (int st = 0; st < ST__COUNT; st++)
                for (int k = 0; k < sh->n[st]; k++) parts[np++] = (enum target_status)st;
            met += sh->n[ST_MET];
            if (kept[p].reported) {
                any = true;
                sum += kept[p].value;
                den += kept[p].denominator;
                if (!latest || strcmp(kept[p].latest, latest) > 0) latest = kept[p].latest;
            }
        }
        if (str_eq(t[p].rollup, "all")) {
            struct evaluation all;
            target_evaluate_all(parts, np, &all);
            res[p].eval = (struct target_status_kept){all.status, all.exceeded, arena_strdup(a, all.rule)};
            continue;
        }
        struct observation o = {.has = any, .as_of = latest};
        if (str_eq(t[p].rollup, "sum")) o.value = sum > EVAL_VALUE_MAX ? EVAL_VALUE_MAX : (int64_t)sum;
        else if (str_eq(t[p].rollup, "count")) o.value = (int64_t)met * EVAL_ONE;
        else if (den > 0) o.value = (int64_t)(sum * EVAL_PCT100 / den);   /* ratio, as a percent */
        else o.has = false;
        res[p].obs = o;
        struct target_rule rule = campaign_target_rule(&t[p], c->start_date);
        keep(a, &res[p].eval, &rule, &o, on, true);
    }
    out->results = res;
    out->by_group = arena_alloc(a, sizeof *out->by_group * (size_t)(out->ngroups ? out->ngroups : 1));
    for (int i = 0; i < n; i++) {
        if (t[i].parent_id) continue;
        count_status(&out->total, &t[i], res[i].eval.status);
        for (int g = 0; g < out->ngroups; g++)
            if (out->groups[g].id == t[i].group_id) count_status(&out->by_group[g], &t[i], res[i].eval.status);
    }
    return STORE_OK;
}

int campaign_units_counts(store *s, arena *a, const struct campaign_eval *e, const int64_t *unit_ids, int nunits,
                          struct status_count *out)
{
    memset(out, 0, sizeof *out * (size_t)nunits);
    struct campaign_id_index *ux = arena_alloc(a, sizeof *ux * (size_t)(nunits ? nunits : 1));
    for (int i = 0; i < nunits; i++) ux[i] = (struct campaign_id_index){unit_ids[i], i};
    index_sort(ux, nunits);
    struct campaign_id_index *tx = campaign_index_make(a, e->targets, e->n);
    /* the targets split to a unit that were evaluated here (every share, unless from_tally) */
    for (int i = 0; i < e->n; i++) {
        int u = e->targets[i].unit_id ? campaign_index_find(ux, nunits, e->targets[i].unit_id) : -1;
        if (u >= 0) count_status(&out[u], &e->targets[i], e->results[i].eval.status);
    }
    int rc;
    stmt *q;
    if (e->from_tally) {
        /* the shares, as each unit's kept counts in the regime of their deadline on e->on */
        q = store_query(s, "SELECT unit_id, status, targets, weight FROM campaign_unit_tally WHERE campaign_id = $1"
                           " AND regime = CASE WHEN $2 > deadline THEN 'final' ELSE 'open' END", "it", e->campaign_id, e->on);
        if (!q) return STORE_ERR;
        while ((rc = stmt_step(q)) == STORE_ROW) {
            int u = campaign_index_find(ux, nunits, stmt_int64(q, 0));
            if (u >= 0) count_many(&out[u], kept_status(stmt_text(q, 1)), (int)stmt_int64(q, 2), (int)stmt_int64(q, 3));
        }
        stmt_finalize(q);
        if (rc != STORE_DONE) return STORE_ERR;
    }
    /* the units named responsible for a target; a share not evaluated here (from_tally) by its
     * kept status in the regime of its deadline. From the assignments' side (CROSS JOIN keeps that
     * order in SQLite): they are a few per target, while the campaign's side is every share. */
    q = store_query(s, "SELECT tu.target_id, tu.unit_id, t.weight,"
                       " CASE WHEN l.target_id IS NULL THEN 'no_data' WHEN $2 > t.deadline THEN l.status_final ELSE l.status_open END"
                       " FROM campaign_target_unit tu CROSS JOIN campaign_target t"
                       " LEFT JOIN campaign_latest l ON l.target_id = t.id WHERE t.id = tu.target_id AND t.campaign_id = $1",
                    "it", e->campaign_id, e->on);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int ti = campaign_index_find(tx, e->n, stmt_int64(q, 0)), u = campaign_index_find(ux, nunits, stmt_int64(q, 1));
        if (u < 0) continue;
        if (ti >= 0) count_status(&out[u], &e->targets[ti], e->results[ti].eval.status);
        else if (e->from_tally) count_many(&out[u], kept_status(stmt_text(q, 3)), 1, (int)stmt_int64(q, 2));
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

int campaign_unit_counts(store *s, const struct campaign_eval *e, int64_t unit_id, struct status_count *out)
{
    arena a = {0};
    int rc = campaign_units_counts(s, &a, e, &unit_id, 1, out);
    arena_free(&a);
    return rc;
}
