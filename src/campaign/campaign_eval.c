/* campaign_eval.c: a campaign's targets evaluated on a date (campaign.h): the latest accepted
 * report of every leaf target as of that date (one query for the whole campaign), each leaf
 * through evaluate.c, then the parents by their roll-up rule — every sub-measure holds ('all'),
 * the units' values summed ('sum'), the ratio of the summed numerators to the summed denominators
 * ('ratio'), the number of units whose share is met ('count') — and the counts per status for
 * every group, the campaign and a unit. */
#include "campaign.h"

#include <stdlib.h>
#include <string.h>

struct id_index { int64_t id; int index; };
static int by_id(const void *x, const void *y)
{
    int64_t a = ((const struct id_index *)x)->id, b = ((const struct id_index *)y)->id;
    return a < b ? -1 : a > b;
}

static int find_index(const struct id_index *ix, int n, int64_t id)
{
    struct id_index key = {id, 0};
    const struct id_index *hit = bsearch(&key, ix, (size_t)n, sizeof *ix, by_id);
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

static void count_status(struct status_count *c, const struct campaign_target *t, enum target_status st)
{
    c->n[st]++;
    c->total++;
    c->weight_total += t->weight;
    if (st == ST_MET) c->weight_met += t->weight;
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
    if (campaign_targets(s, a, c->id, &out->targets, &out->n) != STORE_OK ||
        campaign_groups(s, a, c->id, &out->groups, &out->ngroups) != STORE_OK)
        return STORE_ERR;
    int n = out->n;
    struct campaign_target *t = out->targets;
    struct target_result *res = arena_alloc(a, sizeof *res * (size_t)(n ? n : 1));   /* small: no sentence inside */
    struct id_index *ix = arena_alloc(a, sizeof *ix * (size_t)(n ? n : 1));
    int64_t *denominator = arena_alloc(a, sizeof *denominator * (size_t)(n ? n : 1));
    bool *has_denominator = arena_alloc(a, sizeof *has_denominator * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        res[i].target = &t[i];
        ix[i] = (struct id_index){t[i].id, i};
    }
    qsort(ix, (size_t)n, sizeof *ix, by_id);
    /* The latest accepted value of each target as of `on`: from today on, the kept row of
     * campaign_latest; before, the reports themselves in (target, as_of, id) order, the last one of
     * each target winning. */
    stmt *q = latest_table
        ? store_query(s, "SELECT l.target_id, l.report_id, l.value, l.as_of, l.baseline_value, l.denominator"
                         " FROM campaign_latest l JOIN campaign_target t ON t.id = l.target_id WHERE t.campaign_id = $1", "i", c->id)
        : store_query(s, "SELECT r.target_id, r.id, r.value, r.as_of, r.baseline_value, r.denominator"
                         " FROM campaign_report r JOIN campaign_target t ON t.id = r.target_id"
                         " WHERE t.campaign_id = $1 AND r.state = 'accepted' AND r.as_of <= $2"
                         " ORDER BY r.target_id, r.as_of, r.id", "it", c->id, on);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int i = find_index(ix, n, stmt_int64(q, 0));
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
    /* leaves first (a parent reads its children's results) */
    for (int i = 0; i < n; i++) {
        if (!str_eq(t[i].rollup, "none")) continue;
        struct target_rule rule = campaign_target_rule(&t[i], c->start_date);
        keep(a, &res[i].eval, &rule, &res[i].obs, on, with_rules || !t[i].unit_id);
    }
    enum target_status *parts = NULL;
    for (int p = 0; p < n; p++) {
        if (str_eq(t[p].rollup, "none")) continue;
        if (!parts) parts = arena_alloc(a, sizeof *parts * (size_t)n);
        int np = 0, met = 0;
        __int128 sum = 0, den = 0;
        bool any = false;
        const char *latest = NULL;
        /* children follow their parent (campaign_targets' order) */
        for (int i = p + 1; i < n && t[i].parent_id == t[p].id; i++) {
            parts[np++] = res[i].eval.status;
            met += res[i].eval.status == ST_MET;
            if (!res[i].obs.has) continue;
            any = true;
            sum += res[i].obs.value;
            if (has_denominator[i]) den += denominator[i];
            if (!latest || strcmp(res[i].obs.as_of, latest) > 0) latest = res[i].obs.as_of;
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
    struct id_index *ux = arena_alloc(a, sizeof *ux * (size_t)(nunits ? nunits : 1));
    struct id_index *tx = arena_alloc(a, sizeof *tx * (size_t)(e->n ? e->n : 1));
    for (int i = 0; i < nunits; i++) ux[i] = (struct id_index){unit_ids[i], i};
    for (int i = 0; i < e->n; i++) tx[i] = (struct id_index){e->targets[i].id, i};
    qsort(ux, (size_t)nunits, sizeof *ux, by_id);
    qsort(tx, (size_t)e->n, sizeof *tx, by_id);
    for (int i = 0; i < e->n; i++) {
        int u = e->targets[i].unit_id ? find_index(ux, nunits, e->targets[i].unit_id) : -1;
        if (u >= 0) count_status(&out[u], &e->targets[i], e->results[i].eval.status);
    }
    stmt *q = store_query(s, "SELECT tu.target_id, tu.unit_id FROM campaign_target_unit tu JOIN campaign_target t ON t.id = tu.target_id"
                             " WHERE t.campaign_id = (SELECT campaign_id FROM campaign_target WHERE id = $1)", "i",
                          e->n ? e->targets[0].id : (int64_t)0);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int ti = find_index(tx, e->n, stmt_int64(q, 0)), u = find_index(ux, nunits, stmt_int64(q, 1));
        if (ti >= 0 && u >= 0) count_status(&out[u], &e->targets[ti], e->results[ti].eval.status);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

int campaign_unit_counts(store *s, const struct campaign_eval *e, int64_t unit_id, struct status_count *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < e->n; i++)
        if (e->targets[i].unit_id == unit_id) count_status(out, &e->targets[i], e->results[i].eval.status);
    stmt *q = store_query(s, "SELECT target_id FROM campaign_target_unit WHERE unit_id = $1", "i", unit_id);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int64_t tid = stmt_int64(q, 0);
        for (int i = 0; i < e->n; i++)
            if (e->targets[i].id == tid) { count_status(out, &e->targets[i], e->results[i].eval.status); break; }
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}
