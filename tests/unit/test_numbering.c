/* test_numbering.c: numbering registers (numbering.c): numbers without gaps per register and
 * year, a rolled-back document gives its number back, claims from the paper register are
 * unique and name the holder, voids are audited and never delete; and the race: several
 * PROCESSES (fork, each thread with its own connection to one database file) take numbers while
 * storing a document row in the same transaction, some transactions rolled back on purpose,
 * and afterwards the register has no gap, no repeat, and every number's document is stored.
 * The race runs NUMBERING_RACE_SECONDS seconds (default 5, so the suite stays fast; the issue's
 * 30 s run is NUMBERING_RACE_SECONDS=30). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "numbering.h"

static char db_path[400];

static store *open_db(void)
{
    char dir[300], err[512];
    if (!temp_dir_make("test_numbering.", dir, sizeof dir)) return NULL;
    snprintf(db_path, sizeof db_path, "%s/n.db", dir);
    store *s = store_open(db_path, err, sizeof err);
    if (s && store_migrate(s, err, sizeof err) != STORE_OK) { store_close(s); return NULL; }
    return s;
}

static void test_next_gap_free_and_rollback(void)
{
    store *s = open_db();
    CHECK(s != NULL);
    if (!s) return;
    struct numbering_key k = {"receipt", "fund:1", 2026}, other = {"receipt", "fund:2", 2026},
                         next_year = {"receipt", "fund:1", 2027};
    CHECK_INT(numbering_next(s, &k, "donation_receipt:1"), -1);   /* outside a transaction: refused */
    CHECK(store_begin(s) == STORE_OK);
    CHECK_INT(numbering_next(s, &k, "donation_receipt:1"), 1);
    CHECK_INT(numbering_next(s, &k, "donation_receipt:2"), 2);
    CHECK_INT(numbering_next(s, &other, "donation_receipt:3"), 1);   /* registers are separate */
    CHECK_INT(numbering_next(s, &next_year, "donation_receipt:4"), 1);  /* a new year starts at 1 */
    CHECK(store_commit(s) == STORE_OK);
    /* a document that is rolled back gives its number back */
    CHECK(store_begin(s) == STORE_OK);
    CHECK_INT(numbering_next(s, &k, "donation_receipt:5"), 3);
    store_rollback(s);
    CHECK(store_begin(s) == STORE_OK);
    CHECK_INT(numbering_next(s, &k, "donation_receipt:6"), 3);
    /* an inner savepoint rolled back also gives it back, the outer transaction continues */
    CHECK(store_begin(s) == STORE_OK);
    CHECK_INT(numbering_next(s, &k, "donation_receipt:7"), 4);
    store_rollback(s);
    CHECK_INT(numbering_next(s, &k, "donation_receipt:8"), 4);
    CHECK(store_commit(s) == STORE_OK);
    arena a = {0};
    CHECK_STR(numbering_document(s, &a, &k, 3), "donation_receipt:6");
    CHECK_STR(numbering_document(s, &a, &k, 4), "donation_receipt:8");
    CHECK(numbering_document(s, &a, &k, 5) == NULL);
    /* bad keys are refused, not stored */
    struct numbering_key bad_kind = {"Receipt!", "fund:1", 2026}, slash = {"receipt", "fund/1", 2026},
                         bad_year = {"receipt", "fund:1", 12};
    CHECK(store_begin(s) == STORE_OK);
    CHECK_INT(numbering_next(s, &bad_kind, "x:1"), -1);
    CHECK_INT(numbering_next(s, &slash, "x:1"), -1);
    CHECK_INT(numbering_next(s, &bad_year, "x:1"), -1);
    CHECK_INT(numbering_next(s, &k, ""), -1);
    CHECK(store_commit(s) == STORE_OK);
    struct numbering_register *regs;
    int n;
    CHECK_INT(numbering_registers(s, &a, &regs, &n), 0);
    CHECK_INT(n, 3);
    arena_free(&a);
    store_close(s);
}

static void test_claim_and_void(void)
{
    store *s = open_db();
    CHECK(s != NULL);
    if (!s) return;
    arena a = {0};
    struct numbering_key k = {"decision", "issuer:UBND", 2026};
    char msg[400];
    CHECK(store_begin(s) == STORE_OK);
    CHECK_INT(numbering_next(s, &k, "decision:1"), 1);
    CHECK_INT(numbering_claim(s, &k, 7, "decision:2", msg, sizeof msg), 1);   /* the paper register's number */
    CHECK_INT(numbering_claim(s, &k, 7, "decision:3", msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "Số 7");
    CHECK_CONTAINS(msg, "decision:2");                  /* names the document that holds it */
    CHECK_INT(numbering_claim(s, &k, 1, "decision:3", msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "decision:1");
    CHECK_INT(numbering_claim(s, &k, 0, "decision:3", msg, sizeof msg), 0);
    CHECK_INT(numbering_next(s, &k, "decision:4"), 8);   /* after a claim: max + 1 */
    CHECK(store_commit(s) == STORE_OK);

    struct actor cli = actor_cli(&a);
    struct actor viewer = {.user_id = 9, .login = "xem", .caps = CAP_BIT(CAP_LOGIN) | CAP_BIT(CAP_UNIT_READ)};
    int64_t audits_before = 0, audits_after = 0;
    store_int64(s, &audits_before, "SELECT count(*) FROM audit_log", "");
    CHECK_INT(numbering_void(s, &viewer, &k, 7, "nhầm", msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "quyền");
    CHECK_INT(numbering_void(s, &cli, &k, 7, "   ", msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "lý do");
    CHECK_INT(numbering_void(s, &cli, &k, 99, "nhầm", msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "chưa được cấp");
    CHECK_INT(numbering_void(s, &cli, &k, 7, "Quyết định ghi nhầm người nhận", msg, sizeof msg), 1);
    CHECK_INT(numbering_void(s, &cli, &k, 7, "lần nữa", msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "đã bị hủy");
    CHECK_CONTAINS(msg, "ghi nhầm người nhận");
    store_int64(s, &audits_after, "SELECT count(*) FROM audit_log", "");
    CHECK_INT(audits_after, audits_before + 1);         /* one entry, for the one void done */
    /* voided, never deleted: the number still holds its document, and is not given again */
    CHECK_STR(numbering_document(s, &a, &k, 7), "decision:2");
    CHECK(store_begin(s) == STORE_OK);
    CHECK_INT(numbering_claim(s, &k, 7, "decision:5", msg, sizeof msg), 0);
    CHECK_INT(numbering_next(s, &k, "decision:6"), 9);
    CHECK(store_commit(s) == STORE_OK);
    struct numbering_entry *e;
    int n;
    CHECK_INT(numbering_entries(s, &a, &k, &e, &n), 0);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK(e[1].claimed && e[1].number == 7);
        CHECK_STR(e[1].void_reason, "Quyết định ghi nhầm người nhận");
        CHECK_STR(e[1].voided_by, cli.login);
        CHECK(e[0].void_reason == NULL && !e[0].claimed);
    }
    arena_free(&a);
    store_close(s);
}

/* ---- the race ---- */
enum { RACE_PROCS = 3, RACE_THREADS = 3 };
static int64_t race_deadline_ms;

/* One writer: its own connection; each transaction takes a number and stores the document it
 * numbers; every fifth transaction is rolled back after taking its number. Returns how many
 * documents it committed in *out (the parent compares the total with the register). */
static void *race_writer(void *arg)
{
    int64_t *committed = arg;
    char err[512];
    store *s = store_open(db_path, err, sizeof err);
    if (!s) { *committed = -1; return NULL; }
    struct numbering_key k = {"receipt", "fund:race", 2026};
    unsigned seed = (unsigned)(getpid() * 131 + (uintptr_t)arg);
    for (int64_t i = 0; now_ms() < race_deadline_ms; i++) {
        if (store_begin(s) != STORE_OK) continue;          /* busy past the timeout: try again */
        char doc[64];
        snprintf(doc, sizeof doc, "race_doc:%d:%p:%lld", (int)getpid(), arg, (long long)i);
        int64_t n = numbering_next(s, &k, doc);
        if (n <= 0 || store_exec(s, "INSERT INTO race_doc(ref, number) VALUES ($1, $2)", "ti", doc, n) != STORE_OK) {
            store_rollback(s);
            *committed = -1;
            break;
        }
        if (rand_r(&seed) % 5 == 0) { store_rollback(s); continue; }   /* the document is abandoned */
        if (store_commit(s) != STORE_OK) { store_rollback(s); continue; }
        (*committed)++;
    }
    store_close(s);
    return NULL;
}

static void test_race_processes_threads(void)
{
    store *s = open_db();
    CHECK(s != NULL);
    if (!s) return;
    /* the "stored document" of the race: a table the test owns, written with each number */
    CHECK(store_exec(s, "CREATE TABLE race_doc (ref TEXT PRIMARY KEY, number INTEGER NOT NULL)", "") == STORE_OK);
    const char *env = getenv("NUMBERING_RACE_SECONDS");
    int seconds = env && atoi(env) > 0 ? atoi(env) : 5;
    race_deadline_ms = now_ms() + seconds * 1000;
    int fds[RACE_PROCS][2];
    pid_t pids[RACE_PROCS];
    for (int p = 0; p < RACE_PROCS; p++) {
        CHECK(pipe(fds[p]) == 0);
        pids[p] = fork();
        if (pids[p] == 0) {
            pthread_t th[RACE_THREADS];
            int64_t counts[RACE_THREADS] = {0}, total = 0;
            for (int t = 0; t < RACE_THREADS; t++) pthread_create(&th[t], NULL, race_writer, &counts[t]);
            for (int t = 0; t < RACE_THREADS; t++) pthread_join(th[t], NULL);
            for (int t = 0; t < RACE_THREADS; t++) total = counts[t] < 0 || total < 0 ? -1 : total + counts[t];
            ssize_t w = write(fds[p][1], &total, sizeof total);
            _exit(w == (ssize_t)sizeof total ? 0 : 1);
        }
        close(fds[p][1]);
    }
    int64_t committed = 0;
    for (int p = 0; p < RACE_PROCS; p++) {
        int64_t c = -1;
        CHECK(read(fds[p][0], &c, sizeof c) == (ssize_t)sizeof c);
        CHECK(c >= 0);
        committed += c;
        close(fds[p][0]);
        int status = 0;
        waitpid(pids[p], &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    int64_t count = -1, max = -2, distinct = -3, orphans = -4, docs = -5, mismatched = -6;
    store_int64(s, &count, "SELECT count(*) FROM numbering_entry WHERE kind = 'receipt' AND owner = 'fund:race'", "");
    store_int64(s, &max, "SELECT coalesce(max(number), 0) FROM numbering_entry WHERE kind = 'receipt' AND owner = 'fund:race'", "");
    store_int64(s, &distinct, "SELECT count(DISTINCT number) FROM numbering_entry WHERE kind = 'receipt' AND owner = 'fund:race'", "");
    store_int64(s, &orphans, "SELECT count(*) FROM numbering_entry e WHERE e.owner = 'fund:race'"
                             " AND NOT EXISTS (SELECT 1 FROM race_doc d WHERE d.ref = e.document)", "");
    store_int64(s, &docs, "SELECT count(*) FROM race_doc", "");
    store_int64(s, &mismatched, "SELECT count(*) FROM race_doc d JOIN numbering_entry e ON e.document = d.ref"
                                " WHERE e.number <> d.number", "");
    printf("     race: %d s, %d processes x %d threads, %lld numbers committed\n", seconds, RACE_PROCS, RACE_THREADS,
           (long long)committed);
    CHECK(committed > 0);
    CHECK_INT(count, committed);      /* every committed document has its number, nothing more */
    CHECK_INT(max, count);            /* no gap: 1..count */
    CHECK_INT(distinct, count);       /* no repeat */
    CHECK_INT(orphans, 0);            /* every number belongs to a stored document */
    CHECK_INT(docs, count);
    CHECK_INT(mismatched, 0);
    store_close(s);
}

int main(void)
{
    RUN(test_next_gap_free_and_rollback);
    RUN(test_claim_and_void);
    RUN(test_race_processes_threads);
    return check_done();
}
