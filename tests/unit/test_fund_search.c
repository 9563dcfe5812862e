/* test_fund_search.c: the public donation search (donation_search in src/fund/donation.c) gives,
 * page after page, exactly what a brute-force filter over the same rows gives: newest first,
 * every filter applied, `more` true exactly when rows remain. 4,000 generated donations in two
 * funds, with amounts and days that tie (a few common amounts, several donations a day, some
 * days far out of id order) and amounts that do not (hundreds of distinct ones); each query
 * shape (nothing, an amount, an amount range of few and of many distinct values, a day, a day
 * range, both, words, words with an amount or a day) is walked page by page (up to 25 pages)
 * with page sizes 1, 7, 13 and 50, and again with the search's two thresholds set small, so that over this small
 * fund every driver it can choose (sort, one run per value, the newest-first walk, the search
 * index with and without a key window) answers, not only the one the default thresholds pick;
 * and a word indexed again after a rolled-back first indexing is still found by its prefix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fund.h"
#include "fund_internal.h"

static store *S;
static arena A;
static char Dir[300];

#define ROWS 4000

struct row { int64_t id, fund, amount; char day[11]; char words[96]; };
static struct row Rows[ROWS];
static int64_t FundA, FundB;

static const char *HO[] = {"NGUYEN", "TRAN", "LE", "PHAM", "HOANG"};
static const char *TEN[] = {"AN", "ANH", "BINH", "THO", "THONG", "HOA"};
static const char *WORDS[] = {"ung", "ho", "dong", "bao", "mien", "bac", "lu", "lut"};
static const int64_t COMMON[] = {10000, 50000, 100000, 200000, 500000};

static uint64_t Seed = 2024;
static int rnd(int n)
{
    Seed = Seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)((Seed >> 33) % (uint64_t)n);
}

static int64_t new_fund(const char *name, const char *code, int64_t owner)
{
    struct fund_input in = {.name = name, .code = code, .owner_unit_id = owner, .published = true};
    struct field_errors fe = {0};
    return fund_create(S, &A, &actor_system, &in, &fe);
}

static void setup(void)
{
    char path[400], err[512];
    if (!temp_dir_make("test_fund_search.", Dir, sizeof Dir)) { perror("mkdtemp"); exit(1); }
    snprintf(path, sizeof path, "%s/s.db", Dir);
    S = store_open(path, err, sizeof err);
    if (!S || store_migrate(S, err, sizeof err) != STORE_OK) { printf("FAIL setup: %s\n", err); exit(1); }
    int64_t unit = 0;
    store_int64(S, &unit, "INSERT INTO unit(parent_id, kind, name, code, name_fold, sort_key, created_at, updated_at)"
                          " VALUES (NULL, 'province', 'Tỉnh', '20', 'tinh', x'01', '2019-01-01', '2019-01-01') RETURNING id", "");
    FundA = new_fund("Quỹ tìm kiếm", "SEARCH", unit);
    FundB = new_fund("Quỹ bên cạnh", "BESIDE", unit);
    if (unit <= 0 || FundA <= 0 || FundB <= 0 || store_begin(S) != STORE_OK) {
        printf("FAIL setup: unit %lld, funds %lld %lld: %s\n", (long long)unit, (long long)FundA, (long long)FundB, store_errmsg(S));
        exit(1);
    }
    for (int i = 0; i < ROWS; i++) {
        struct row *r = &Rows[i];
        r->fund = rnd(8) ? FundA : FundB;
        r->amount = rnd(10) < 6 ? COMMON[rnd(5)] : (int64_t)(1 + rnd(900)) * 1000;
        /* mostly in id order, ~15 a day; one in ten on an older day, out of order */
        unsigned day = (unsigned)(rnd(10) ? i / 15 : rnd(i / 15 + 1));
        snprintf(r->day, sizeof r->day, "2024-%02u-%02u", 1 + day / 28 % 12, 1 + day % 28);
        int w = snprintf(r->words, sizeof r->words, "%s %s %s", HO[rnd(5)], rnd(2) ? "VAN" : "THI", TEN[rnd(6)]);
        for (int k = rnd(4); k > 0; k--) w += snprintf(r->words + w, sizeof r->words - (size_t)w, " %s", WORDS[rnd(8)]);
        struct donation_row d = {.fund_id = r->fund, .amount = r->amount, .given_on = r->day, .given_time = "08:00:00",
                                 .channel = "transfer", .message = r->words, .created_at = "2024-12-01T00:00:00Z"};
        r->id = donation_insert(S, &d);
        if (r->id <= 0) { printf("FAIL setup: insert %d: %s\n", i, store_errmsg(S)); exit(1); }
    }
    if (store_commit(S) != STORE_OK) { printf("FAIL setup: commit\n"); exit(1); }
}

/* Does every query word start some word of the row (case aside)? The search index's rule. */
static bool words_match(const char *row_words, const char *query)
{
    if (!query) return true;
    char q[128];
    snprintf(q, sizeof q, "%s", query);
    for (char *save = NULL, *w = strtok_r(q, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        size_t n = strlen(w);
        bool found = false;
        for (const char *p = row_words; *p && !found; ) {
            while (*p == ' ') p++;
            if (strncasecmp(p, w, n) == 0) found = true;
            while (*p && *p != ' ') p++;
        }
        if (!found) return false;
    }
    return true;
}

static bool row_matches(const struct row *r, const struct donation_query *q)
{
    return r->fund == q->fund_id && (!q->min_amount || r->amount >= q->min_amount) &&
           (!q->max_amount || r->amount <= q->max_amount) && (!q->from || strcmp(r->day, q->from) >= 0) &&
           (!q->to || strcmp(r->day, q->to) <= 0) && (!q->before_id || r->id < q->before_id) && words_match(r->words, q->words);
}

/* Walks the pages of `text` with page size `limit` (up to 25 of them), checking each against the
 * brute force; a walk that reaches the end must have seen every matching row once. */
static void walk(const char *text, int limit)
{
    struct donation_query q = {.fund_id = FundA, .limit = limit};
    const char *why = NULL;
    if (!donation_query_parse(&A, text, &q, &why)) { CHECK(!"query parses"); return; }
    int pages = 0, total = 0;
    for (;;) {
        struct donation *v;
        int n;
        bool more;
        if (donation_search(S, &A, &q, &v, &n, &more) != 0) {
            check_fail_at(__FILE__, __LINE__, "\"%s\" limit %d: %s", text, limit, store_errmsg(S));
            return;
        }
        /* the brute force: rows newest first (ids grow with i) */
        int want = 0;
        bool want_more = false;
        for (int i = ROWS - 1; i >= 0; i--) {
            if (!row_matches(&Rows[i], &q)) continue;
            if (want == limit) { want_more = true; break; }
            if (want >= n || v[want].id != Rows[i].id) {
                check_fail_at(__FILE__, __LINE__, "\"%s\" limit %d page %d row %d: got id %lld, want %lld", text, limit,
                              pages, want, want < n ? (long long)v[want].id : -1LL, (long long)Rows[i].id);
                return;
            }
            want++;
        }
        if (n != want || more != want_more) {
            check_fail_at(__FILE__, __LINE__, "\"%s\" limit %d page %d: %d rows more=%d, want %d more=%d", text, limit,
                          pages, n, more, want, want_more);
            return;
        }
        total += n;
        pages++;
        if (!more) break;
        if (pages == 25) return;   /* page boundaries are checked enough; keeps the test fast */
        q.before_id = v[n - 1].id;
    }
    /* the walk saw every matching row once */
    struct donation_query all = q;
    all.before_id = 0;
    int expect = 0;
    for (int i = 0; i < ROWS; i++) expect += row_matches(&Rows[i], &all);
    CHECK_INT(total, expect);
}

static const char *SHAPES[] = {
    "",                                  /* the fund newest first */
    "100000",                            /* one common amount: ties */
    "123000",                            /* a rare amount, maybe none */
    "10000-100000",                      /* a range of three common amounts and many rare ones */
    "10000-60000",                       /* few distinct values */
    "1000-900000",                       /* nearly everything, hundreds of distinct values */
    "2024-01-05",                        /* one day */
    "2024-01-01..2024-02-28",            /* a long range of days */
    "2024-03-01..2024-03-03",            /* a short one */
    "2024-02-10 100000",                 /* both: a day and an amount */
    "2024-01-01..2024-06-28 50000-200000",
    "nguyen",                            /* a word as a prefix */
    "NGUYEN VAN AN",                     /* "an" also finds "ANH" */
    "tho",                               /* "THO" and "THONG" */
    "ung ho",
    "hoang thi binh lut",
    "tran 100000",                       /* words with an amount */
    "le 2024-01-20",                     /* words with a day */
    "pham 2024-01-01..2024-01-10 10000-500000",
    "zzz",                               /* nothing */
};

static void shapes_under_limits(int64_t sort_cap, int groups_max)
{
    donation_search_limits(sort_cap, groups_max);
    for (size_t i = 0; i < countof(SHAPES); i++) {
        walk(SHAPES[i], 1 + (int)(i % 3) * 6);   /* 1, 7, 13 */
        walk(SHAPES[i], 50);
    }
    donation_search_limits(0, 0);
}

/* The default thresholds: over 4,000 rows every range is read whole and sorted. */
static void test_default_limits(void) { shapes_under_limits(0, 0); }
/* A cap of 10 rows: broad ranges go to one run per value (at most 400 values). */
static void test_runs_per_value(void) { shapes_under_limits(10, 400); }
/* At most 3 values: ranges of many distinct values walk the fund newest first. */
static void test_newest_first_walk(void) { shapes_under_limits(10, 3); }

/* The walk driver must agree even when its matches are all old rows: a day range far back. */
static void test_old_matches(void)
{
    donation_search_limits(5, 2);
    walk("2024-01-01..2024-01-04", 7);
    walk("2024-01-01..2024-01-04 10000-500000", 7);
    donation_search_limits(0, 0);
}

/* A word first indexed in a transaction that is rolled back, then indexed again, is still found
 * by a prefix of it: the store's list of terms (and its per-connection memory of them) must not
 * keep believing in the undone insert. */
static void test_term_after_rollback(void)
{
    struct donation_row d = {.fund_id = FundB, .amount = 70000, .given_on = "2024-05-01", .given_time = "09:00:00",
                             .channel = "transfer", .message = "QUYETTAMXANH gop", .created_at = "2024-12-01T00:00:00Z"};
    CHECK_INT(store_begin(S), STORE_OK);
    CHECK(donation_insert(S, &d) > 0);
    store_rollback(S);
    CHECK_INT(store_begin(S), STORE_OK);
    int64_t id = donation_insert(S, &d);
    CHECK(id > 0);
    CHECK_INT(store_commit(S), STORE_OK);
    struct donation_query q = {.fund_id = FundB, .words = "quyettam"};
    struct donation *v;
    int n;
    bool more;
    CHECK_INT(donation_search(S, &A, &q, &v, &n, &more), 0);
    CHECK_INT(n, 1);
    if (n == 1) CHECK_INT(v[0].id, id);
}

int main(void)
{
    setup();
    RUN(test_default_limits);
    RUN(test_runs_per_value);
    RUN(test_newest_first_walk);
    RUN(test_old_matches);
    RUN(test_term_after_rollback);
    arena_free(&A);
    store_close(S);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", Dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", Dir);
    return check_done();
}
