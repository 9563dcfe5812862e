/* bench/campaign_bench.c: the campaign dashboard and the block ranking at a province's scale (built
 * and run by bench/campaign). Generates, deterministically, a launched campaign over U units
 * (default 1,000, all members of one block) with T targets (default 50), each split into one share
 * per unit, and R accepted reports per share (default 12): T × (U + 1) targets and T × U × R
 * reports, written with plain INSERTs in one transaction (the domain's one-audit-entry-per-write
 * path is not what is measured), then the kept statuses and counts built once from them
 * (campaign_refresh, as for a campaign kept before sql/023: timed). Then, best of 7 runs each, wall
 * time:
 *   dashboard   GET /campaigns/{id} through the dispatcher (web_handle: routing, the read snapshot,
 *               the evaluation on today's date from the kept counts, the HTML), no reply cache
 *   evaluate    campaign_evaluate_brief alone (the dashboard's evaluation: ~50 target rows, the
 *               kept counts and sums of the 50 splits)
 *   ranking     scoring_compute of the block's sheet (a computed criterion from the statuses of
 *               every unit's shares, read as each unit's kept counts; an entered criterion), ranked
 *               with the tie rule
 *   upkeep      campaign_refresh_target on one share, what each accepted, returned or changed
 *               report adds to its transaction (the share's parent's U shares and the unit's T
 *               shares recounted)
 *   baseline    the bare SQL aggregate over the same rows: the latest accepted as_of and the count
 *               of reports per target, GROUP BY target (no evaluation, no roll-up, no HTML)
 *   as of a past date  the evaluation from the reports themselves (every report read)
 *   dashboard without the kept counts  the same page with the campaign's kept rows marked stale,
 *               so every share is read and evaluated (the path before sql/023; best of 3), and
 *               whether its HTML is byte for byte the page from the kept counts
 * Prints a Markdown table with the ratios to the baseline measured in the same run. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "campaign.h"
#include "scoring.h"
#include "web.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void die(store *s, const char *what)
{
    fprintf(stderr, "campaign_bench: %s: %s\n", what, s ? store_errmsg(s) : "");
    exit(1);
}

static void exec_or_die(store *s, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    stmt *q = store_prepare(s, sql);
    if (!q || stmt_bindv(q, types, ap) != 0 || stmt_step(q) < 0) die(s, sql);
    va_end(ap);
    stmt_finalize(q);
}

/* GET path (the dashboard on 31/12/2026) through the dispatcher, anonymous; returns the wall time,
 * the page (malloc'd: the caller frees it), its length and the status. */
static double dashboard(store *s, const char *path, char **page, size_t *len, int *status)
{
    req r;
    req_init(&r);
    r.db = s;
    r.method = "GET";
    r.path = path;
    r.query_string = "on=2026-12-31";
    r.remote_addr = "127.0.0.1";
    kv_add(&r.a, &r.headers, "host", "bench", 5);
    double t = now_s();
    web_handle(&r);
    double d = now_s() - t;
    *len = r.out.len;
    *status = r.status;
    *page = malloc(r.out.len + 1);
    if (!*page) die(NULL, "memory");
    memcpy(*page, r.out.data, r.out.len);
    req_free(&r);
    return d;
}

int main(int argc, char **argv)
{
    int U = argc > 1 ? atoi(argv[1]) : 1000, T = argc > 2 ? atoi(argv[2]) : 50, R = argc > 3 ? atoi(argv[3]) : 12;
    char dir[4096], path[4200], err[256];
    if (!temp_dir_make("campaign-bench.", dir, sizeof dir)) { perror("campaign-bench: temporary folder"); return 1; }
    snprintf(path, sizeof path, "%s/b.db", dir);
    app_start();
    store *s = store_open(path, err, sizeof err);
    if (!s || store_migrate(s, err, sizeof err) != STORE_OK) { fprintf(stderr, "%s\n", err); return 1; }
    double t0 = now_s();
    if (store_begin(s) != STORE_OK) die(s, "begin");
    const char *now = "2026-01-01T00:00:00Z";
    exec_or_die(s, "INSERT INTO unit(id, kind, name, name_fold, sort_key, code, created_at, updated_at)"
                   " VALUES (1, 'province', 'Tỉnh thử', 'tinh thu', 'tinh thu', 'P', $1, $1)", "t", now);
    exec_or_die(s, "INSERT INTO emulation_block(id, name, kind, created_at, updated_at) VALUES (1, 'Cụm thử', 'cum', $1, $1)", "t", now);
    stmt *qu = store_prepare(s, "INSERT INTO unit(id, parent_id, kind, name, name_fold, sort_key, code, created_at, updated_at)"
                                " VALUES ($1, 1, 'commune', $2, $2, $2, $3, $4, $4)");
    stmt *qm = store_prepare(s, "INSERT INTO block_member(block_id, unit_id, joined) VALUES (1, $1, '2019-01-01')");
    for (int u = 0; u < U; u++) {
        char name[40], code[16];
        snprintf(name, sizeof name, "Xã thử %04d", u);
        snprintf(code, sizeof code, "X%04d", u);
        stmt_reset(qu);
        stmt_bind_int64(qu, 1, 2 + u); stmt_bind_text(qu, 2, name); stmt_bind_text(qu, 3, code); stmt_bind_text(qu, 4, now);
        if (stmt_step(qu) < 0) die(s, "unit");
        stmt_reset(qm);
        stmt_bind_int64(qm, 1, 2 + u);
        if (stmt_step(qm) < 0) die(s, "member");
    }
    stmt_finalize(qu);
    stmt_finalize(qm);
    exec_or_die(s, "INSERT INTO campaign(id, code, title, kind, scope, authority, start_date, end_date, status, participation,"
                   " created_at, updated_at) VALUES (1, 'BENCH', 'Phong trào thử tải', 'thuong_xuyen', 'province', 'UBND tỉnh',"
                   " '2026-01-01', '2026-12-31', 'launched', 'block', $1, $1)", "t", now);
    for (int g = 1; g <= 5; g++)
        exec_or_die(s, "INSERT INTO campaign_group(id, campaign_id, number, title) VALUES ($1, 1, $1, 'Nhóm thử')", "I", g);
    stmt *qt = store_prepare(s, "INSERT INTO campaign_target(id, campaign_id, group_id, parent_id, code, subject, measure_unit,"
                                " comparator, value_a, deadline, accumulates, rollup, unit_id, position)"
                                " VALUES ($1, 1, $2, CASE WHEN $3 = 0 THEN NULL ELSE $3 END, $4, 'Chỉ tiêu thử', 'đơn vị', 'ge', $5,"
                                " '2026-12-31', 1, $6, CASE WHEN $7 = 0 THEN NULL ELSE $7 END, $1)");
    stmt *qr = store_prepare(s, "INSERT INTO campaign_report(id, target_id, unit_id, series_id, version, as_of, value, state,"
                                " created_at, created_by) VALUES ($1, $2, $3, $1, 1, $4, $5, 'accepted', $6, 'bench')");
    /* the latest accepted report of each share, as report.c keeps it when a report is accepted */
    stmt *ql = store_prepare(s, "INSERT INTO campaign_latest(target_id, report_id, as_of, value) VALUES ($1, $2, $3, $4)");
    int64_t tid = 0, rid = 0;
    srand(20190819);
    for (int t = 0; t < T; t++) {
        int64_t parent = ++tid;
        char code[16];
        snprintf(code, sizeof code, "%d.%d", t / 10 + 1, t % 10 + 1);
        stmt_reset(qt);
        stmt_bind_int64(qt, 1, parent); stmt_bind_int64(qt, 2, t / 10 + 1); stmt_bind_int64(qt, 3, 0); stmt_bind_text(qt, 4, code);
        stmt_bind_int64(qt, 5, (int64_t)U * 100 * 1000); stmt_bind_text(qt, 6, "sum"); stmt_bind_int64(qt, 7, 0);
        if (stmt_step(qt) < 0) die(s, "target");
        for (int u = 0; u < U; u++) {
            int64_t share = ++tid;
            char scode[32];
            snprintf(scode, sizeof scode, "%s.%d", code, u);
            stmt_reset(qt);
            stmt_bind_int64(qt, 1, share); stmt_bind_int64(qt, 2, t / 10 + 1); stmt_bind_int64(qt, 3, parent);
            stmt_bind_text(qt, 4, scode); stmt_bind_int64(qt, 5, 100 * 1000); stmt_bind_text(qt, 6, "none");
            stmt_bind_int64(qt, 7, 2 + u);
            if (stmt_step(qt) < 0) die(s, "share");
            int64_t value = 0, best_id = 0, best_value = 0;
            char best_as_of[11] = "";
            for (int k = 0; k < R; k++) {
                char as_of[11];
                snprintf(as_of, sizeof as_of, "2026-%02d-%02d", k % 12 + 1, 1 + rand() % 28);
                value += rand() % 12000;
                stmt_reset(qr);
                stmt_bind_int64(qr, 1, ++rid); stmt_bind_int64(qr, 2, share); stmt_bind_int64(qr, 3, 2 + u);
                stmt_bind_text(qr, 4, as_of); stmt_bind_int64(qr, 5, value); stmt_bind_text(qr, 6, now);
                if (stmt_step(qr) < 0) die(s, "report");
                if (strcmp(as_of, best_as_of) >= 0) { snprintf(best_as_of, sizeof best_as_of, "%s", as_of); best_id = rid; best_value = value; }
            }
            if (R) {
                stmt_reset(ql);
                stmt_bind_int64(ql, 1, share); stmt_bind_int64(ql, 2, best_id); stmt_bind_text(ql, 3, best_as_of);
                stmt_bind_int64(ql, 4, best_value);
                if (stmt_step(ql) < 0) die(s, "latest");
            }
        }
    }
    stmt_finalize(qt);
    stmt_finalize(qr);
    stmt_finalize(ql);
    if (store_commit(s) != STORE_OK) die(s, "commit");
    double gen = now_s() - t0;
    t0 = now_s();
    if (store_begin(s) != STORE_OK || campaign_refresh(s, 1) != STORE_OK || store_commit(s) != STORE_OK) die(s, "refresh");
    double build = now_s() - t0;
    exec_or_die(s, "ANALYZE", "");
    arena a = {0};
    struct actor writer = actor_system;
    struct scoring_criterion_input crit[] = {{"1", "Kết quả chỉ tiêu", "targets", "60", 1}, {"2", "Ban chấm", "entered", "40", 1}};
    struct field_errors fe = {0};
    int64_t sheet = scoring_sheet_create(s, &a, &writer, 1, 1, 2026, "Bảng điểm thử tải", crit, 2, false, &fe);
    if (sheet <= 0) die(s, "sheet");
    for (int u = 0; u < U; u += 3) {
        char p[16];
        snprintf(p, sizeof p, "%d", 20 + u % 20);
        if (scoring_entry_set(s, &a, &writer, sheet, "2", 2 + u, p, NULL, &fe) <= 0) die(s, "entry");
    }
    arena_free(&a);

    enum { RUNS = 7, MEASURES = 7 };
    double best[MEASURES] = {1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9};
    size_t page_bytes = 0;
    char *page = NULL;
    int status = 0, leaders = 0;
    char page_path[32];
    snprintf(page_path, sizeof page_path, "/campaigns/%d", 1);
    for (int run = 0; run < RUNS; run++) {
        /* baseline: the bare aggregate over the same rows */
        double t = now_s();
        stmt *q = store_query(s, "SELECT r.target_id, count(*), max(r.as_of) FROM campaign_report r"
                                 " WHERE r.state = 'accepted' AND r.as_of <= $1 GROUP BY r.target_id", "t", "2026-12-31");
        int64_t rows = 0;
        while (q && stmt_step(q) == STORE_ROW) rows++;
        stmt_finalize(q);
        double d = now_s() - t;
        if (d < best[3]) best[3] = d;
        if (rows != (int64_t)T * U) { fprintf(stderr, "baseline saw %lld targets\n", (long long)rows); return 1; }
        /* evaluate */
        arena ea = {0};
        struct campaign c;
        struct campaign_eval e;
        t = now_s();
        if (campaign_get(s, &ea, 1, &c) != 1 || campaign_evaluate_brief(s, &ea, &c, "2026-12-31", &e) != STORE_OK) die(s, "evaluate");
        d = now_s() - t;
        if (d < best[1]) best[1] = d;
        arena_free(&ea);
        t = now_s();
        if (campaign_get(s, &ea, 1, &c) != 1 || campaign_evaluate_opts(s, &ea, &c, "2026-12-31", false, false, &e) != STORE_OK) die(s, "history");
        d = now_s() - t;
        if (d < best[4]) best[4] = d;
        arena_free(&ea);
        /* the dashboard page through the dispatcher */
        free(page);
        d = dashboard(s, page_path, &page, &page_bytes, &status);
        if (d < best[0]) best[0] = d;
        /* ranking */
        arena ra = {0};
        struct scoring_result res;
        t = now_s();
        if (scoring_compute(s, &ra, sheet, "2026-12-31", &res) != 1) die(s, "ranking");
        d = now_s() - t;
        if (d < best[2]) best[2] = d;
        leaders = 0;
        for (int i = 0; i < res.nunits; i++) leaders += res.units[i].rank == 1;
        arena_free(&ra);
        /* upkeep of one report decision: the last unit's share of a target in the middle */
        int64_t share = (int64_t)(T / 2) * (U + 1) + 1 + U;
        t = now_s();
        if (store_begin(s) != STORE_OK || campaign_refresh_target(s, share) != STORE_OK || store_commit(s) != STORE_OK) die(s, "upkeep");
        d = now_s() - t;
        if (d < best[5]) best[5] = d;
    }
    /* the same page from every share: the kept rows marked stale (as before sql/023) */
    exec_or_die(s, "UPDATE campaign_tally_state SET rules_version = 0", "");
    bool identical = true;
    for (int run = 0; run < 3; run++) {
        char *again;
        size_t again_bytes;
        int again_status;
        double d = dashboard(s, page_path, &again, &again_bytes, &again_status);
        if (d < best[6]) best[6] = d;
        identical = identical && again_status == 200 && again_bytes == page_bytes && page && !memcmp(again, page, page_bytes);
        free(again);
    }
    free(page);
    if (status != 200) { fprintf(stderr, "dashboard answered %d\n", status); return 1; }
    printf("Data: %d units × %d targets (each split per unit: %lld targets) × %d reports = %lld accepted reports;"
           " generated in %.1f s; kept statuses and counts built from them in %.1f s (campaign_refresh, once).\n\n",
           U, T, (long long)T * (U + 1), R, (long long)rid, gen, build);
    printf("| measure (best of %d) | time | × baseline |\n|---|---:|---:|\n", RUNS);
    const char *names[MEASURES] = {
        "dashboard: GET /campaigns/{id} (dispatcher, evaluation from the kept counts, HTML)",
        "evaluation of every target, the splits' shares as kept counts",
        "block ranking of the units (scoring_compute, each unit's kept counts)",
        "baseline: bare SQL aggregate (GROUP BY target)",
        "evaluation as of a past date (every report read)",
        "upkeep of one report decision (campaign_refresh_target on a share)",
        "dashboard without the kept counts (every share read; best of 3)",
    };
    for (int i = 0; i < MEASURES; i++) printf("| %s | %.1f ms | %.3f |\n", names[i], best[i] * 1000, best[i] / best[3]);
    printf("\nDashboard page: %zu bytes, %s the page from every share; ranking: %d units, %d leading.\n", page_bytes,
           identical ? "byte for byte the same as" : "DIFFERENT from", U, leaders);
    if (!identical) return 1;
    store_close(s);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    return 0;
}
