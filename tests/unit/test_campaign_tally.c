/* test_campaign_tally.c: the statuses and counts kept by src/campaign/campaign_tally.c (sql/023),
 * which the dashboard and the block ranking read instead of every share of a per-unit split, equal
 * an evaluation from scratch (every accepted report read, every share evaluated) after each step of
 * a random sequence of reports, acceptances, returns, new versions, closings with an
 * administrator's changes after the close, reopenings, new per-unit shares ("unit splits") and edits
 * of a target's deadline and weight —
 * on every date that matters from today on (today, each deadline and the days either side of it,
 * long after the end). The kept rows also equal a rebuild from nothing (campaign_refresh) after
 * every step, and a campaign whose kept rows are missing (a database from before sql/023) or built
 * by older rules is read the slow way, then rebuilt by its next change. Dates are relative to
 * today, since reports cannot be dated after it. */
#include <stdlib.h>

#include "campaign.h"
#include "check.h"
#include "vn_calendar.h"

static store *S;
static arena A;
static char TODAY[11];

enum { UNITS = 6, STEPS = 200 };
static int64_t UNIT[UNITS];
static int64_t CAMPAIGN;

/* ISO date `days` after today. */
static const char *day(int days)
{
    struct vn_date d = {atoi(TODAY), atoi(TODAY + 5), atoi(TODAY + 8)};
    d = vn_date_add_days(d, days);
    return arena_printf(&A, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static store *fresh_db(void)
{
    char dir[300], path[400], err[512];
    if (!temp_dir_make("test_campaign_tally.", dir, sizeof dir)) return NULL;
    snprintf(path, sizeof path, "%s/t.db", dir);
    store *s = store_open(path, err, sizeof err);
    if (!s || store_migrate(s, err, sizeof err) != STORE_OK) { printf("     db: %s\n", err); return NULL; }
    return s;
}

static struct actor actor_of(const char *login, uint64_t caps)
{
    return (struct actor){.login = login, .caps = caps, .whole_tree = true};
}
static struct actor BOARD, ADMIN;

/* ---- the campaign: plain targets, splits rolled up by sum, ratio, count and all, shares with
 * their own deadlines (past, near, far) and comparators (floors, ceilings, a baseline), one
 * unit-split target without a parent ---- */
struct target_spec { const char *code, *parent, *cmp, *a, *b, *rollup; int deadline; int unit; int weight; int accumulates; };
static const struct target_spec SPECS[] = {
    {"1.1", NULL, "ge", "100", NULL, NULL, 120, -1, 2, 1},
    {"1.2", NULL, "le", "50", NULL, NULL, 30, -1, 1, 0},
    {"1.3", NULL, "between", "40", "60", NULL, -10, -1, 1, 0},
    {"1.4", NULL, "ge", "300", NULL, "sum", 150, -1, 3, 1},
    {"1.4.0", "1.4", "ge", "50", NULL, NULL, 150, 0, 1, 1},
    {"1.4.1", "1.4", "ge", "50", NULL, NULL, 20, 1, 2, 1},
    {"1.4.2", "1.4", "le", "80", NULL, NULL, -5, 2, 1, 0},
    {"1.4.3", "1.4", "between", "40", "60", NULL, 0, 3, 1, 0},
    {"2.1", NULL, "ge", "90", NULL, "ratio", 60, -1, 1, 0},
    {"2.1.0", "2.1", "ge", "90", NULL, NULL, 60, 0, 1, 0},
    {"2.1.1", "2.1", "ge", "90", NULL, NULL, 60, 1, 1, 0},
    {"2.1.2", "2.1", "zero", NULL, NULL, NULL, 1, 2, 1, 1},
    {"2.2", NULL, "ge", "2", NULL, "count", 90, -1, 1, 1},
    {"2.2.0", "2.2", "reduce_pct", "10", NULL, NULL, 90, 0, 1, 0},
    {"2.2.1", "2.2", "increase_pct", "5", NULL, NULL, -30, 1, 1, 0},
    {"2.2.2", "2.2", "milestone", NULL, NULL, NULL, 10, 3, 1, 1},
    {"2.3", NULL, "all", NULL, NULL, "all", 100, -1, 1, 0},
    {"2.3.a", "2.3", "ge", "10", NULL, NULL, 100, -1, 1, 1},
    {"2.3.0", "2.3", "gt", "10", NULL, NULL, 100, 0, 1, 1},
    {"2.3.1", "2.3", "lt", "10", NULL, NULL, -1, 1, 1, 0},
    {"2.4", NULL, "ge", "70", NULL, NULL, 45, 4, 1, 1},     /* split to a unit, no parent */
};
/* split parents that may get new shares during the sequence, and their new shares' comparators */
static const char *const SPLITS[] = {"1.4", "2.1", "2.2", "2.3"};

static int64_t add_target(const char *code, const char *parent, const char *cmp, const char *a, const char *b, const char *rollup,
                          const char *deadline, int64_t split_unit, const int64_t *units, int nunits, int weight, int accumulates)
{
    struct field_errors fe = {0};
    struct campaign_target_input in = {.group_ref = code[0] == '1' ? "1" : "2", .parent_code = parent, .code = code,
                                       .subject = code, .measure_unit = "đơn vị", .comparator = cmp, .value_a = a, .value_b = b,
                                       .baseline_value = str_eq(cmp, "increase_pct") ? "100" : NULL, .deadline = deadline,
                                       .weight = weight, .accumulates = accumulates, .rollup = rollup,
                                       .split_unit_id = split_unit, .unit_ids = units, .n_units = nunits};
    int64_t id = campaign_target_add(S, &A, &BOARD, CAMPAIGN, &in, &fe);
    if (id <= 0) printf("     target %s: %s %s\n", code, fe.n ? fe.items[0].name : "", fe.n ? fe.items[0].value : "");
    return id;
}

static bool build_campaign(void)
{
    struct field_errors fe = {0};
    store_exec(S, "INSERT INTO unit(id, kind, name, name_fold, sort_key, code, created_at, updated_at)"
                  " VALUES (900, 'province', 'Tỉnh thử', 'tinh thu', 'tinh thu', 'P900', $1, $1)", "t", "2020-01-01T00:00:00Z");
    for (int u = 0; u < UNITS; u++) {
        UNIT[u] = 901 + u;
        char name[32], code[16];
        snprintf(name, sizeof name, "Xã thử %d", u);
        snprintf(code, sizeof code, "X%d", u);
        if (store_exec(S, "INSERT INTO unit(id, parent_id, kind, name, name_fold, sort_key, code, created_at, updated_at)"
                          " VALUES ($1, 900, 'commune', $2, $2, $2, $3, $4, $4)", "ittt", UNIT[u], name, code, "2020-01-01T00:00:00Z") != STORE_OK)
            return false;
    }
    struct campaign_input ci = {.code = "TALLY", .title = "Phong trào thử số liệu giữ sẵn", .authority = "UBND tỉnh",
                                .start_date = day(-200), .end_date = day(200)};
    CAMPAIGN = campaign_create(S, &A, &BOARD, &ci, &fe);
    if (CAMPAIGN <= 0 || campaign_group_add(S, &A, &BOARD, CAMPAIGN, 1, "Nhóm một", NULL, &fe) <= 0 ||
        campaign_group_add(S, &A, &BOARD, CAMPAIGN, 2, "Nhóm hai", NULL, &fe) <= 0)
        return false;
    for (size_t i = 0; i < countof(SPECS); i++) {
        const struct target_spec *t = &SPECS[i];
        int64_t responsible[] = {UNIT[0], UNIT[5]};
        bool plain = !t->parent && !t->rollup && t->unit < 0;
        if (add_target(t->code, t->parent, t->cmp, t->a, t->b, t->rollup, day(t->deadline), t->unit >= 0 ? UNIT[t->unit] : 0,
                       plain || str_eq(t->code, "2.3.a") ? responsible : NULL, plain || str_eq(t->code, "2.3.a") ? 2 : 0,
                       t->weight, t->accumulates) <= 0)
            return false;
    }
    return campaign_set_status(S, &A, &BOARD, CAMPAIGN, "launched", &fe) > 0;
}

/* ---- the comparison ---- */
static bool same_count(const struct status_count *x, const struct status_count *y)
{
    return !memcmp(x->n, y->n, sizeof x->n) && x->total == y->total && x->weight_met == y->weight_met &&
           x->weight_total == y->weight_total;
}

static int64_t checked_dates, checked_targets;

/* On `on`, the dashboard's evaluation (kept counts) equals the one from every report. */
static void same_on(const struct campaign *c, const char *on, const char *step)
{
    arena a = {0};
    struct campaign_eval k, f;
    if (campaign_evaluate_opts(S, &a, c, on, true, false, &k) != STORE_OK ||
        campaign_evaluate_opts(S, &a, c, on, false, false, &f) != STORE_OK) {
        check_fail_at(__FILE__, __LINE__, "%s on %s: evaluation failed", step, on);
        arena_free(&a);
        return;
    }
    if (!k.from_tally || f.from_tally) check_fail_at(__FILE__, __LINE__, "%s: kept counts not used (%d) or used from the reports (%d)",
                                                     step, k.from_tally, f.from_tally);
    checked_dates++;
    for (int i = 0; i < k.n; i++) {
        int j = 0;
        while (j < f.n && f.targets[j].id != k.targets[i].id) j++;
        if (j == f.n) { check_fail_at(__FILE__, __LINE__, "%s: target %s missing from scratch", step, k.targets[i].code); continue; }
        const struct target_result *x = &k.results[i], *y = &f.results[j];
        checked_targets++;
        if (x->eval.status != y->eval.status || x->eval.exceeded != y->eval.exceeded || !str_eq(x->eval.rule, y->eval.rule) ||
            x->obs.has != y->obs.has || (x->obs.has && (x->obs.value != y->obs.value || !str_eq(x->obs.as_of, y->obs.as_of))) ||
            x->report_id != y->report_id || !same_count(&k.shares[i], &f.shares[j]))
            check_fail_at(__FILE__, __LINE__, "%s on %s: target %s kept %s (%s) value %lld, shares %d/%d met; scratch %s (%s) value %lld,"
                          " shares %d/%d met", step, on, k.targets[i].code, status_code(x->eval.status), x->eval.rule,
                          (long long)x->obs.value, k.shares[i].n[ST_MET], k.shares[i].total, status_code(y->eval.status), y->eval.rule,
                          (long long)y->obs.value, f.shares[j].n[ST_MET], f.shares[j].total);
    }
    /* every target of the scratch evaluation is either a row of the kept one or a share counted in it */
    int rows = 0, counted = 0;
    for (int j = 0; j < f.n; j++) {
        if (f.targets[j].unit_id && f.targets[j].parent_id) counted++;
        else rows++;
    }
    int kept_shares = 0;
    for (int i = 0; i < k.n; i++) kept_shares += k.shares[i].total;
    CHECK_INT(k.n, rows);
    CHECK_INT(kept_shares, counted);
    if (!same_count(&k.total, &f.total)) check_fail_at(__FILE__, __LINE__, "%s on %s: campaign totals differ", step, on);
    for (int g = 0; g < k.ngroups; g++)
        if (!same_count(&k.by_group[g], &f.by_group[g])) check_fail_at(__FILE__, __LINE__, "%s on %s: group %d differs", step, on, g + 1);
    struct status_count ku[UNITS], fu[UNITS];
    if (campaign_units_counts(S, &a, &k, UNIT, UNITS, ku) != STORE_OK || campaign_units_counts(S, &a, &f, UNIT, UNITS, fu) != STORE_OK)
        check_fail_at(__FILE__, __LINE__, "%s: unit counts failed", step);
    else
        for (int u = 0; u < UNITS; u++)
            if (!same_count(&ku[u], &fu[u]))
                check_fail_at(__FILE__, __LINE__, "%s on %s: unit %d kept %d/%d met (weight %d/%d), scratch %d/%d (weight %d/%d)", step, on, u,
                              ku[u].n[ST_MET], ku[u].total, ku[u].weight_met, ku[u].weight_total, fu[u].n[ST_MET], fu[u].total,
                              fu[u].weight_met, fu[u].weight_total);
    arena_free(&a);
}

/* The kept rows, as text in a fixed order. */
static char *kept_rows(arena *a)
{
    buf b = {0};
    static const char *const queries[] = {
        "SELECT target_id || ' ' || report_id || ' ' || as_of || ' ' || value || ' ' || coalesce(status_open, '-') || ' ' ||"
        " coalesce(status_final, '-') FROM campaign_latest ORDER BY target_id",
        "SELECT parent_id || ' ' || deadline || ' ' || regime || ' ' || status || ' ' || targets || ' ' || weight"
        " FROM campaign_share_tally ORDER BY parent_id, deadline, regime, status",
        "SELECT parent_id || ' ' || reported || ' ' || value_sum || ' ' || denominator_sum || ' ' || coalesce(latest_as_of, '-')"
        " FROM campaign_share_sum ORDER BY parent_id",
        "SELECT unit_id || ' ' || deadline || ' ' || regime || ' ' || status || ' ' || targets || ' ' || weight"
        " FROM campaign_unit_tally ORDER BY unit_id, deadline, regime, status",
    };
    for (size_t i = 0; i < countof(queries); i++) {
        stmt *q = store_query(S, queries[i], "");
        while (q && stmt_step(q) == STORE_ROW) buf_printf(&b, "%s\n", stmt_text(q, 0));
        stmt_finalize(q);
        buf_printf(&b, "--\n");
    }
    char *text = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return text;
}

static void check_step(const char *step)
{
    struct campaign c;
    arena a = {0};
    if (campaign_get(S, &a, CAMPAIGN, &c) != 1) { CHECK(0); return; }
    /* today, each deadline and the days either side (from today on), long after the end */
    const char *dates[64];
    int nd = 0;
    dates[nd++] = TODAY;
    dates[nd++] = "9999-12-30";
    stmt *q = store_query(S, "SELECT DISTINCT deadline FROM campaign_target WHERE campaign_id = $1", "i", CAMPAIGN);
    while (q && stmt_step(q) == STORE_ROW && nd < 60) {
        const char *d = arena_strdup(&a, stmt_text(q, 0));
        struct vn_date v = {atoi(d), atoi(d + 5), atoi(d + 8)};
        for (int k = -1; k <= 1; k++) {
            struct vn_date x = vn_date_add_days(v, k);
            const char *iso = arena_printf(&a, "%04d-%02d-%02d", x.year, x.month, x.day);
            if (strcmp(iso, TODAY) >= 0) dates[nd++] = iso;
        }
    }
    stmt_finalize(q);
    for (int i = 0; i < nd; i++) same_on(&c, dates[i], step);
    /* incremental upkeep = rebuild from nothing */
    char *before = kept_rows(&a);
    CHECK_INT(store_begin(S), STORE_OK);
    CHECK_INT(campaign_refresh(S, CAMPAIGN), STORE_OK);
    CHECK_INT(store_commit(S), STORE_OK);
    char *after = kept_rows(&a);
    if (!str_eq(before, after)) check_fail_at(__FILE__, __LINE__, "%s: kept rows differ from a rebuild:\n%s\nrebuilt:\n%s", step, before, after);
    arena_free(&a);
}

/* ---- the random sequence ---- */
static int64_t pick(const char *sql, int64_t param)
{
    stmt *q = store_query(S, sql, "i", param);
    int64_t ids[4096];
    int n = 0;
    while (q && stmt_step(q) == STORE_ROW && n < 4096) ids[n++] = stmt_int64(q, 0);
    stmt_finalize(q);
    return n ? ids[rand() % n] : 0;
}

/* A reportable target and a unit responsible for it. */
static bool reportable(int64_t *target, int64_t *unit)
{
    *target = pick("SELECT t.id FROM campaign_target t WHERE t.campaign_id = $1"
                   " AND NOT EXISTS (SELECT 1 FROM campaign_target c WHERE c.parent_id = t.id)", CAMPAIGN);
    if (!*target) return false;
    if (store_int64(S, unit, "SELECT coalesce(unit_id, 0) FROM campaign_target WHERE id = $1", "i", *target) != 1) return false;
    if (!*unit) *unit = pick("SELECT unit_id FROM campaign_target_unit WHERE target_id = $1", *target);
    return *unit != 0;
}

static void random_input(struct report_input *in)
{
    static char value[16], den[16], base[16];
    /* 0 … 100: milestones and coverage take a percent */
    snprintf(value, sizeof value, "%d", rand() % 5 == 0 ? 0 : rand() % 101);
    snprintf(den, sizeof den, "%d", 50 + rand() % 100);
    snprintf(base, sizeof base, "%d", 60 + rand() % 80);
    in->value = value;
    in->as_of = day(-(rand() % 200));
    in->denominator = rand() % 3 ? den : NULL;
    in->baseline_value = rand() % 2 ? base : NULL;
}

static void test_random_sequence(void)
{
    if (!S) return;
    CHECK(build_campaign());
    check_step("built");
    int done[9] = {0};
    enum { SUBMIT, ACCEPT, RETURN, CHANGE, CLOSE, REOPEN, ADMIN_CHANGE, SPLIT, EDIT };
    srand(20191019);
    for (int step = 0; step < STEPS; step++) {
        struct field_errors fe = {0};
        char *status = NULL;
        store_text(S, &status, &A, "SELECT status FROM campaign WHERE id = $1", "i", CAMPAIGN);
        bool closed = str_eq(status, "closed");
        int op = rand() % 100;
        int64_t id = 0, target, unit;
        const char *what = "nothing";
        struct report_input in = {0};
        if (closed) {
            /* after the close: the administrator changes a report (accepted at once) or reopens */
            if (op < 70 && (id = pick("SELECT r.id FROM campaign_report r JOIN campaign_target t ON t.id = r.target_id"
                                      " WHERE t.campaign_id = $1 AND r.version = (SELECT max(version) FROM campaign_report"
                                      " WHERE series_id = r.series_id)", CAMPAIGN))) {
                random_input(&in);
                in.change_reason = "Đính chính số liệu sau khi kết thúc đợt thi đua.";
                CHECK(report_change(S, &A, &ADMIN, id, &in, &fe) > 0);
                what = "admin change after the close";
                done[ADMIN_CHANGE]++;
            } else if (op < 80 && reportable(&target, &unit)) {
                random_input(&in);
                in.target_id = target;
                in.unit_id = unit;
                in.change_reason = "Bổ sung số liệu sau khi kết thúc đợt thi đua.";
                CHECK(report_submit(S, &A, &ADMIN, &in, &fe) > 0);
                what = "admin report after the close";
                done[ADMIN_CHANGE]++;
            } else {
                CHECK(campaign_set_status(S, &A, &ADMIN, CAMPAIGN, "launched", &fe) > 0);
                what = "reopen";
                done[REOPEN]++;
            }
        } else if (op < 35) {
            if (reportable(&target, &unit)) {
                random_input(&in);
                in.target_id = target;
                in.unit_id = unit;
                CHECK(report_submit(S, &A, &BOARD, &in, &fe) > 0);
                what = "submit";
                done[SUBMIT]++;
            }
        } else if (op < 80) {
            id = pick("SELECT r.id FROM campaign_report r JOIN campaign_target t ON t.id = r.target_id WHERE t.campaign_id = $1"
                      " AND r.state = 'submitted' AND r.version = (SELECT max(version) FROM campaign_report WHERE series_id = r.series_id)",
                      CAMPAIGN);
            if (id) {
                bool accept = op < 68;
                CHECK(report_decide(S, &A, &BOARD, id, accept, accept ? NULL : "Số liệu chưa khớp với biểu tổng hợp.", &fe) > 0);
                what = accept ? "accept" : "return";
                done[accept ? ACCEPT : RETURN]++;
            }
        } else if (op < 85) {
            id = pick("SELECT r.id FROM campaign_report r JOIN campaign_target t ON t.id = r.target_id WHERE t.campaign_id = $1"
                      " AND r.version = (SELECT max(version) FROM campaign_report WHERE series_id = r.series_id)", CAMPAIGN);
            if (id) {
                random_input(&in);
                CHECK(report_change(S, &A, &BOARD, id, &in, &fe) > 0);
                what = "new version";
                done[CHANGE]++;
            }
        } else if (op < 91) {
            /* a unit split: a new share for a unit the split does not have yet */
            const char *parent = SPLITS[rand() % countof(SPLITS)];
            int u = rand() % UNITS;
            int64_t exists = 0;
            store_int64(S, &exists, "SELECT count(*) FROM campaign_target t JOIN campaign_target p ON p.id = t.parent_id"
                                    " WHERE p.code = $1 AND t.unit_id = $2 AND t.campaign_id = $3", "tii", parent, UNIT[u], CAMPAIGN);
            if (!exists) {
                char *code = arena_printf(&A, "%s.%d", parent, u);
                static const char *const cmps[] = {"ge", "le", "zero", "milestone"};
                const char *cmp = cmps[rand() % countof(cmps)];
                CHECK(add_target(code, parent, cmp, str_eq(cmp, "ge") || str_eq(cmp, "le") ? "60" : NULL, NULL, NULL,
                                 day(rand() % 120 - 40), UNIT[u], NULL, 0, 1 + rand() % 3, rand() % 2) > 0);
                what = "unit split";
                done[SPLIT]++;
            }
        } else if (op < 95) {
            /* an edit of a target's deadline and weight, as an edit page writes it: the kept rows
             * are marked stale at once (sql/023's triggers), and the refresh the edit calls in its
             * transaction rebuilds them */
            int64_t tid = pick("SELECT id FROM campaign_target WHERE campaign_id = $1 AND rollup = 'none'", CAMPAIGN);
            CHECK_INT(store_begin(S), STORE_OK);
            CHECK_INT(store_exec(S, "UPDATE campaign_target SET deadline = $2, weight = $3 WHERE id = $1", "itI", tid,
                                 day(rand() % 150 - 50), 1 + rand() % 4), STORE_OK);
            CHECK_INT(campaign_tally_current(S, CAMPAIGN), 0);
            CHECK_INT(campaign_refresh_target(S, tid), STORE_OK);
            CHECK_INT(store_commit(S), STORE_OK);
            what = "target edit";
            done[EDIT]++;
        } else {
            CHECK(campaign_set_status(S, &A, &BOARD, CAMPAIGN, "closed", &fe) > 0);
            what = "close";
            done[CLOSE]++;
        }
        if (fe.n) printf("     step %d (%s): %s: %s\n", step, what, fe.items[0].name, fe.items[0].value);
        check_step(arena_printf(&A, "step %d (%s)", step, what));
        if (check_failures_in_test > 5) break;
    }
    /* the sequence did each thing, and the comparisons ran */
    for (int k = 0; k < 9; k++)
        if (!done[k]) check_fail_at(__FILE__, __LINE__, "operation %d never happened in %d steps", k, STEPS);
    CHECK(checked_dates > STEPS * 5);
    CHECK(checked_targets > checked_dates * 5);
    int64_t accepted = 0;
    store_int64(S, &accepted, "SELECT count(*) FROM campaign_latest", "");
    CHECK(accepted > 10);
    printf("     %d submitted, %d accepted, %d returned, %d new versions, %d closes, %d admin changes, %d reopens, %d unit splits,"
           " %d target edits; %lld evaluations compared\n", done[SUBMIT], done[ACCEPT], done[RETURN], done[CHANGE], done[CLOSE],
           done[ADMIN_CHANGE], done[REOPEN], done[SPLIT], done[EDIT], (long long)checked_dates);
}

/* A campaign whose kept rows are missing (kept before sql/023), built by other rules, or made stale
 * by an edit is read from every share, exactly; its next change or a refresh rebuilds them. */
static void test_not_current(void)
{
    if (!S || !CAMPAIGN) return;
    struct campaign c;
    struct campaign_eval e;
    campaign_get(S, &A, CAMPAIGN, &c);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0) CHECK_INT(store_exec(S, "DELETE FROM campaign_tally_state WHERE campaign_id = $1", "i", CAMPAIGN), STORE_OK);
        else CHECK_INT(store_exec(S, "UPDATE campaign_tally_state SET rules_version = $2 WHERE campaign_id = $1", "iI", CAMPAIGN,
                                  EVAL_RULES_VERSION - 1), STORE_OK);
        CHECK_INT(campaign_tally_current(S, CAMPAIGN), 0);
        CHECK_INT(campaign_evaluate_opts(S, &A, &c, TODAY, true, false, &e), STORE_OK);
        CHECK(!e.from_tally);
        int shares = 0;
        for (int i = 0; i < e.n; i++) shares += e.targets[i].unit_id && e.targets[i].parent_id;
        CHECK(shares > 0);                           /* every share read */
        /* the next change (here: a new share) rebuilds the campaign's kept rows */
        int64_t unit = UNIT[pass], exists = 0;
        store_int64(S, &exists, "SELECT count(*) FROM campaign_target WHERE code = $1", "t", pass ? "2.2.n1" : "2.2.n0");
        CHECK_INT(exists, 0);
        char *status = NULL;
        store_text(S, &status, &A, "SELECT status FROM campaign WHERE id = $1", "i", CAMPAIGN);
        struct field_errors fe = {0};
        if (str_eq(status, "closed")) CHECK(campaign_set_status(S, &A, &ADMIN, CAMPAIGN, "launched", &fe) > 0);
        CHECK(add_target(pass ? "2.2.n1" : "2.2.n0", "2.2", "ge", "5", NULL, NULL, day(10), unit, NULL, 0, 1, 1) > 0);
        CHECK_INT(campaign_tally_current(S, CAMPAIGN), 1);
        check_step(pass ? "after a rules change" : "after the upgrade");
    }
    /* a new start date (the pace's origin) and a deleted share mark the kept rows stale as well
     * (sql/023's triggers); campaign_refresh rebuilds them */
    CHECK_INT(store_exec(S, "UPDATE campaign SET start_date = $2 WHERE id = $1", "it", CAMPAIGN, day(-150)), STORE_OK);
    CHECK_INT(campaign_tally_current(S, CAMPAIGN), 0);
    CHECK_INT(store_begin(S), STORE_OK);
    CHECK_INT(campaign_refresh(S, CAMPAIGN), STORE_OK);
    CHECK_INT(store_commit(S), STORE_OK);
    check_step("after a new start date");
    CHECK_INT(store_exec(S, "DELETE FROM campaign_target WHERE campaign_id = $1 AND code = '2.2.n0'", "i", CAMPAIGN), STORE_OK);
    CHECK_INT(campaign_tally_current(S, CAMPAIGN), 0);
    CHECK_INT(store_begin(S), STORE_OK);
    CHECK_INT(campaign_refresh(S, CAMPAIGN), STORE_OK);
    CHECK_INT(store_commit(S), STORE_OK);
    check_step("after a deleted share");
}

int main(void)
{
    iso_date_today(TODAY);
    BOARD = actor_of("canbo.test", CAP_BIT(CAP_CAMPAIGN_WRITE) | CAP_BIT(CAP_REPORT_WRITE));
    ADMIN = actor_of("admin.test", CAP_BIT(CAP_SETTINGS) | CAP_BIT(CAP_CAMPAIGN_WRITE) | CAP_BIT(CAP_REPORT_WRITE));
    S = fresh_db();
    RUN(test_random_sequence);
    RUN(test_not_current);
    arena_free(&A);
    if (S) store_close(S);
    return check_done();
}
