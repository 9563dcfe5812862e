/* test_store.c: the store API on SQLite (store.h): binding $N by name (so `SELECT $2, $1` gets
 * the right values), type strings that do not fit the statement, nested transactions as
 * savepoints (an inner rollback undoes only the inner work), constraint errors mapped to
 * STORE_CONSTRAINT, one-shot helpers, blobs and NULLs, multi-row inserts (store_rows) and reserved
 * ids, full-text query quoting (hostile input
 * must stay literal), migrations, backup and integrity check; the backend chosen by the path
 * (sqlite: prefix, PostgreSQL URLs refused with a clear message). */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "store.h"

static char dir[256];

static store *fresh(const char *name)
{
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
    store *s = store_open(path, err, sizeof err);
    if (!s) printf("FAIL setup: %s\n", err);
    return s;
}

static void test_bind_by_name(void)
{
    store *s = fresh("bind.db");
    stmt *q = store_query(s, "SELECT $2, $1", "ti", "một", (int64_t)2);
    CHECK(q != NULL);
    CHECK_INT(stmt_step(q), STORE_ROW);
    CHECK_INT(stmt_int64(q, 0), 2);               /* $2 first, although bound second */
    CHECK_STR(stmt_text(q, 1), "một");
    stmt_finalize(q);
    /* A parameter used twice and out of order. */
    q = store_query(s, "SELECT $3 || $1 || $3, $2 + $2", "tIt", "b", 21, "a");
    CHECK_INT(stmt_step(q), STORE_ROW);
    CHECK_STR(stmt_text(q, 0), "aba");
    CHECK_INT(stmt_int64(q, 1), 42);
    CHECK_INT(stmt_step(q), STORE_DONE);
    stmt_finalize(q);
    /* 'n' binds NULL without consuming an argument; 't' with NULL binds NULL too. */
    q = store_query(s, "SELECT $1 IS NULL, $2 IS NULL, $3", "ntI", (const char *)NULL, 9);
    CHECK_INT(stmt_step(q), STORE_ROW);
    CHECK_INT(stmt_int64(q, 0), 1);
    CHECK_INT(stmt_int64(q, 1), 1);
    CHECK_INT(stmt_int64(q, 2), 9);
    CHECK(stmt_is_null(q, 0) == false);
    stmt_finalize(q);
    /* Blob with zero bytes inside, and text with an explicit length. */
    q = store_query(s, "SELECT length($1), hex($1)", "b", "a\0b", (size_t)3);
    CHECK_INT(stmt_step(q), STORE_ROW);
    CHECK_INT(stmt_int64(q, 0), 3);
    CHECK_STR(stmt_text(q, 1), "610062");
    stmt_finalize(q);
    q = store_prepare(s, "SELECT $1, $2");
    CHECK_INT(stmt_bind_textn(q, 2, "abcdef", 3), STORE_OK);
    CHECK_INT(stmt_bind_int64(q, 1, -5), STORE_OK);
    CHECK_INT(stmt_step(q), STORE_ROW);
    CHECK_INT(stmt_int64(q, 0), -5);
    CHECK_STR(stmt_text(q, 1), "abc");
    CHECK(stmt_text(q, 5) == NULL);               /* out of range column: NULL, no crash */
    stmt_reset(q);
    CHECK_INT(stmt_step(q), STORE_ROW);           /* bindings cleared by reset */
    CHECK(stmt_is_null(q, 0) && stmt_is_null(q, 1));
    stmt_finalize(q);
    stmt_finalize(NULL);
    store_close(s);
}

static void test_bind_mismatch_is_an_error(void)
{
    store *s = fresh("mismatch.db");
    /* More values than parameters: $3 does not exist. */
    CHECK(store_query(s, "SELECT $1, $2", "iii", (int64_t)1, (int64_t)2, (int64_t)3) == NULL);
    CHECK_CONTAINS(store_errmsg(s), "$3");
    /* Fewer values than parameters would silently compare with NULL: refused too. */
    CHECK(store_query(s, "SELECT $1, $2", "i", (int64_t)1) == NULL);
    int64_t v = 0;
    CHECK(store_int64(s, &v, "SELECT $1 + $2", "i", (int64_t)1) < 0);
    /* Unknown type letter. */
    CHECK(store_query(s, "SELECT $1", "x", 1) == NULL);
    CHECK_CONTAINS(store_errmsg(s), "bad bind type");
    /* No type string at all: parameters may then be bound one by one. */
    stmt *q = store_query(s, "SELECT $1", "");
    CHECK(q != NULL);
    CHECK_INT(stmt_bind_text(q, 1, "x"), STORE_OK);
    CHECK_INT(stmt_bind_text(q, 2, "y"), STORE_ERR);
    CHECK_INT(stmt_step(q), STORE_ROW);
    CHECK_STR(stmt_text(q, 0), "x");
    stmt_finalize(q);
    /* Bad SQL: NULL and a message, the connection stays usable. */
    CHECK(store_prepare(s, "SELEC 1") == NULL);
    CHECK_CONTAINS(store_errmsg(s), "syntax error");
    CHECK_INT(store_int64(s, &v, "SELECT 41 + 1", ""), 1);
    CHECK_INT(v, 42);
    store_close(s);
}

static void test_statement_reuse(void)
{
    store *s = fresh("reuse.db");
    CHECK_INT(store_exec(s, "CREATE TABLE t(x INTEGER)", ""), STORE_OK);
    for (int i = 1; i <= 5; i++) CHECK_INT(store_exec(s, "INSERT INTO t VALUES ($1)", "I", i), STORE_OK);
    const char *sql = "SELECT x FROM t WHERE x >= $1 ORDER BY x";
    /* The same SQL while the first is still stepping: two independent statements. */
    stmt *a = store_query(s, sql, "I", 2);
    CHECK_INT(stmt_step(a), STORE_ROW);
    CHECK_INT(stmt_int64(a, 0), 2);
    stmt *b = store_query(s, sql, "I", 4);
    CHECK(a != b);
    CHECK_INT(stmt_step(b), STORE_ROW);
    CHECK_INT(stmt_int64(b, 0), 4);
    CHECK_INT(stmt_step(a), STORE_ROW);
    CHECK_INT(stmt_int64(a, 0), 3);
    stmt_finalize(b);
    stmt_finalize(a);                    /* given back in the middle of its rows */
    /* Reused: starts from the first row with the new binding, old bindings gone. */
    for (int round = 0; round < 3; round++) {
        stmt *c = store_query(s, sql, "I", 5);
        CHECK_INT(stmt_step(c), STORE_ROW);
        CHECK_INT(stmt_int64(c, 0), 5);
        CHECK_INT(stmt_step(c), STORE_DONE);
        stmt_finalize(c);
    }
    stmt *d = store_prepare(s, sql);
    CHECK_INT(stmt_step(d), STORE_DONE);   /* $1 unbound is NULL: x >= NULL matches nothing */
    stmt_finalize(d);
    /* A write through a cached statement after the table changed shape still works. */
    CHECK_INT(store_exec(s, "ALTER TABLE t ADD COLUMN y TEXT", ""), STORE_OK);
    int64_t n = 0;
    CHECK_INT(store_int64(s, &n, "SELECT count(*) FROM t WHERE x >= $1", "I", 3), 1);
    CHECK_INT(n, 3);
    CHECK_INT(store_int64(s, &n, "SELECT count(*) FROM t WHERE x >= $1", "I", 1), 1);
    CHECK_INT(n, 5);
    /* Many distinct statements (more than the program has today): every one is kept, so a
     * second round prepares nothing, whether the text comes at the same address (a literal) or
     * at another one (here: a buffer reused for each text, then a fresh copy). */
    int before = store_stmt_cached(s);
    for (int round = 0; round < 2; round++) {
        uint64_t hits0, prep0, hits1, prep1;
        store_stmt_stats(&hits0, &prep0);
        for (int i = 0; i < 600; i++) {
            char q[64];
            snprintf(q, sizeof q, "SELECT %d + $1", i);
            char *copy = round ? xstrdup(q) : NULL;
            CHECK_INT(store_int64(s, &n, copy ? copy : q, "I", 1), 1);
            free(copy);
            if (n != i + 1) { CHECK_INT(n, i + 1); break; }
        }
        store_stmt_stats(&hits1, &prep1);
        CHECK_INT(prep1 - prep0, round ? 0 : 600);
        CHECK_INT(hits1 - hits0, round ? 600 : 0);
    }
    CHECK_INT(store_stmt_cached(s) - before, 600);
    store_close(s);
}

static void test_read_snapshot(void)
{
    store *s = fresh("snap.db");
    char err[512], path[512];
    snprintf(path, sizeof path, "%s/snap.db", dir);
    CHECK_INT(store_exec(s, "CREATE TABLE t(x INTEGER)", ""), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES (1)", ""), STORE_OK);
    store *o = store_open(path, err, sizeof err);
    int64_t n = 0;
    /* Reads inside share one snapshot: another connection's commit is not seen … */
    CHECK_INT(store_begin_read(s), STORE_OK);
    CHECK_INT(store_tx_depth(s), 0);                 /* not a write transaction */
    store_int64(s, &n, "SELECT count(*) FROM t", "");
    CHECK_INT(n, 1);
    CHECK_INT(store_exec(o, "INSERT INTO t VALUES (2)", ""), STORE_OK);
    store_int64(s, &n, "SELECT count(*) FROM t", "");
    CHECK_INT(n, 1);
    store_end_read(s);
    store_int64(s, &n, "SELECT count(*) FROM t", "");
    CHECK_INT(n, 2);                                 /* … until it ends */
    /* A write statement ends the snapshot first, so it neither fails on the other writer's
     * commit nor stays uncommitted. */
    CHECK_INT(store_begin_read(s), STORE_OK);
    store_int64(s, &n, "SELECT count(*) FROM t", "");
    CHECK_INT(store_exec(o, "INSERT INTO t VALUES (3)", ""), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES (4)", ""), STORE_OK);
    store_int64(o, &n, "SELECT count(*) FROM t", "");
    CHECK_INT(n, 4);                                 /* committed, visible elsewhere */
    /* The same with a read still stepping when the write comes (as without a snapshot, no other
     * writer may commit in between: the stepping read holds its own snapshot). */
    CHECK_INT(store_begin_read(s), STORE_OK);
    stmt *q = store_query(s, "SELECT x FROM t ORDER BY x", "");
    CHECK_INT(stmt_step(q), STORE_ROW);
    CHECK_INT(store_exec(s, "UPDATE t SET x = x + 10 WHERE x = 1", ""), STORE_OK);
    while (stmt_step(q) == STORE_ROW) {}
    stmt_finalize(q);
    store_int64(o, &n, "SELECT count(*) FROM t WHERE x = 11", "");
    CHECK_INT(n, 1);
    /* store_begin inside a snapshot: a normal write transaction, committed and rolled back as ever. */
    CHECK_INT(store_begin_read(s), STORE_OK);
    store_int64(s, &n, "SELECT count(*) FROM t", "");
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_tx_depth(s), 1);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES (6)", ""), STORE_OK);
    store_rollback(s);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES (7)", ""), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    store_end_read(s);                               /* nothing left to end: harmless */
    store_int64(o, &n, "SELECT count(*) FROM t WHERE x IN (6, 7)", "");
    CHECK_INT(n, 1);
    /* No snapshot inside a write transaction; ending one that is not open is a no-op. */
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_begin_read(s), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES (8)", ""), STORE_OK);
    store_end_read(s);
    CHECK_INT(store_tx_depth(s), 1);
    store_rollback(s);
    store_int64(o, &n, "SELECT count(*) FROM t WHERE x = 8", "");
    CHECK_INT(n, 0);
    CHECK_INT(store_begin_read(s), STORE_OK);
    store_close(o);
    store_close(s);                                  /* closes an open snapshot too */
}

static int64_t count_rows(store *s)
{
    int64_t n = -1;
    store_int64(s, &n, "SELECT count(*) FROM t", "");
    return n;
}

static void test_transactions_nest(void)
{
    store *s = fresh("tx.db");
    CHECK_INT(store_exec(s, "CREATE TABLE t(x TEXT UNIQUE)", ""), STORE_OK);
    CHECK_INT(store_tx_depth(s), 0);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES ($1)", "t", "outer"), STORE_OK);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_tx_depth(s), 2);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES ($1)", "t", "inner"), STORE_OK);
    CHECK_INT(count_rows(s), 2);
    store_rollback(s);                            /* inner only */
    CHECK_INT(store_tx_depth(s), 1);
    CHECK_INT(count_rows(s), 1);
    /* A second inner transaction after the rolled-back one, committed. */
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES ($1)", "t", "inner2"), STORE_OK);
    CHECK_INT(store_begin(s), STORE_OK);          /* three levels */
    CHECK_INT(store_tx_depth(s), 3);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES ($1)", "t", "deep"), STORE_OK);
    store_rollback(s);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(store_tx_depth(s), 0);
    arena a = {0};
    char *all = NULL;
    CHECK_INT(store_text(s, &all, &a, "SELECT group_concat(x, ',') FROM (SELECT x FROM t ORDER BY x)", ""), 1);
    CHECK_STR(all, "inner2,outer");
    /* Outer rollback undoes committed inner work. */
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES ($1)", "t", "gone"), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    store_rollback(s);
    CHECK_INT(count_rows(s), 2);
    /* Unbalanced calls are refused, not crashes. */
    CHECK_INT(store_commit(s), STORE_ERR);
    store_rollback(s);
    CHECK_INT(store_tx_depth(s), 0);
    /* A constraint error inside an inner transaction leaves the outer one usable. */
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES ($1)", "t", "kept"), STORE_OK);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES ($1)", "t", "outer"), STORE_CONSTRAINT);
    store_rollback(s);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(count_rows(s), 3);
    arena_free(&a);
    store_close(s);
}

static void test_two_connections_see_commits_only(void)
{
    store *s = fresh("two.db");
    char err[512], path[512];
    snprintf(path, sizeof path, "%s/two.db", dir);
    CHECK_INT(store_exec(s, "CREATE TABLE t(x TEXT UNIQUE)", ""), STORE_OK);
    store *o = store_open(path, err, sizeof err);
    CHECK(o != NULL);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES ('a')", ""), STORE_OK);
    CHECK_INT(count_rows(o), 0);                  /* WAL: readers see the last commit */
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK_INT(count_rows(o), 1);
    store_close(o);
    store_close(s);
}

/* store_data_version: the same while nothing changes; moves on this connection's own commits
 * and on another connection's; 0 (do not cache) inside a write transaction. */
static void test_data_version(void)
{
    store *s = fresh("version.db");
    char err[512], path[512];
    snprintf(path, sizeof path, "%s/version.db", dir);
    CHECK_INT(store_exec(s, "CREATE TABLE t(x INTEGER)", ""), STORE_OK);
    store *o = store_open(path, err, sizeof err);
    CHECK(o != NULL);
    uint64_t w0 = store_local_writes();
    uint64_t v1 = store_data_version(s);
    store_end_read(s);
    CHECK(store_local_writes() == w0);                                       /* reads do not count */
    uint64_t v2 = store_data_version(s);
    store_end_read(s);
    CHECK(v1 != 0);
    CHECK(v1 == v2);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES (1)", ""), STORE_OK);      /* its own write */
    CHECK(store_local_writes() > w0);
    uint64_t w1 = store_local_writes();
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_commit(s), STORE_OK);
    CHECK(store_local_writes() > w1);                                        /* a commit counts */
    uint64_t v3 = store_data_version(s);
    store_end_read(s);
    CHECK(v3 != 0 && v3 != v2);
    CHECK_INT(store_exec(o, "INSERT INTO t VALUES (2)", ""), STORE_OK);      /* another connection's */
    uint64_t v4 = store_data_version(s);
    CHECK(v4 != 0 && v4 != v3);
    /* Within one read snapshot the version stays, even when another connection commits. */
    CHECK_INT(store_exec(o, "INSERT INTO t VALUES (3)", ""), STORE_OK);
    CHECK(store_data_version(s) == v4);
    store_end_read(s);
    CHECK(store_data_version(s) != v4);
    store_end_read(s);
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK(store_data_version(s) == 0);
    store_rollback(s);
    store_close(o);
    store_close(s);
}

static void test_constraints_map(void)
{
    store *s = fresh("constraint.db");
    CHECK_INT(store_exec_script(s,
        "CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT UNIQUE, n INTEGER NOT NULL CHECK (n >= 0));"
        "CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER NOT NULL REFERENCES p(id));"), STORE_OK);
    int64_t id = 0;
    CHECK_INT(store_int64(s, &id, "INSERT INTO p(code, n) VALUES ($1, $2) RETURNING id", "tI", "A", 1), 1);
    CHECK(id > 0);
    CHECK_INT(store_exec(s, "INSERT INTO p(code, n) VALUES ($1, $2)", "tI", "A", 2), STORE_CONSTRAINT);   /* unique */
    CHECK_CONTAINS(store_errmsg(s), "UNIQUE");
    CHECK_INT(store_int64(s, &id, "INSERT INTO p(code, n) VALUES ($1, $2) RETURNING id", "tI", "A", 2),
              STORE_CONSTRAINT);                                                                    /* via RETURNING */
    CHECK_INT(store_exec(s, "INSERT INTO p(code, n) VALUES ($1, NULL)", "t", "B"), STORE_CONSTRAINT);   /* not null */
    CHECK_INT(store_exec(s, "INSERT INTO p(code, n) VALUES ($1, -1)", "t", "C"), STORE_CONSTRAINT);     /* check */
    CHECK_INT(store_exec(s, "INSERT INTO c(p_id) VALUES (999)", ""), STORE_CONSTRAINT);                 /* foreign key */
    CHECK_INT(store_exec(s, "INSERT INTO nosuch VALUES (1)", ""), STORE_ERR);                           /* not a constraint */
    CHECK_INT(store_exec(s, "INSERT INTO p(code, n) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING", "tI", "A", 3),
              STORE_OK);
    CHECK_INT(store_changes(s), 0);
    CHECK_INT(store_exec(s, "UPDATE p SET n = n + 1", ""), STORE_OK);
    CHECK_INT(store_changes(s), 1);
    store_close(s);
}

static void test_one_shot_helpers(void)
{
    store *s = fresh("helpers.db");
    arena a = {0};
    int64_t v = 99;
    char *t = (char *)"untouched";
    CHECK_INT(store_int64(s, &v, "SELECT 1 WHERE 0", ""), 0);
    CHECK_INT(v, 99);
    CHECK_INT(store_text(s, &t, &a, "SELECT 'x' WHERE 0", ""), 0);
    CHECK(t == NULL);
    CHECK_INT(store_text(s, &t, &a, "SELECT NULL", ""), 1);
    CHECK(t == NULL);
    CHECK_INT(store_text(s, &t, &a, "SELECT $1", "t", "Đồng Đăng"), 1);
    CHECK_STR(t, "Đồng Đăng");
    CHECK_INT(store_int64(s, &v, "SELECT $1", "i", INT64_MIN), 1);
    CHECK(v == INT64_MIN);
    stmt *q = store_query(s, "SELECT 1 AS one, 'a' AS two", "");
    CHECK_INT(stmt_columns(q), 2);
    CHECK_STR(stmt_column_name(q, 1), "two");
    stmt_finalize(q);
    CHECK_STR(store_backend(s), "sqlite");
    arena_free(&a);
    store_close(s);
}

/* store_rows: rows of any count (full statements, a shorter last chunk in power-of-two pieces),
 * texts, NULLs and integers in their columns; a constraint fails the rest with STORE_CONSTRAINT;
 * a row left half-filled is an error, not a silent drop. store_reserve_ids: the ids after the
 * largest, and only inside a write transaction. */
static void test_rows_and_reserved_ids(void)
{
    store *s = fresh("rows.db");
    CHECK_INT(store_exec_script(s, "CREATE TABLE r(id INTEGER PRIMARY KEY, k TEXT UNIQUE, n INTEGER, t TEXT)"), STORE_OK);
    int64_t first = 0;
    CHECK(store_reserve_ids(s, "r", 10, &first) < 0);   /* no write transaction */
    CHECK_INT(store_begin(s), STORE_OK);
    CHECK_INT(store_reserve_ids(s, "r", 10, &first), STORE_OK);
    CHECK_INT(first, 1);
    CHECK(store_reserve_ids(s, "r; DROP TABLE r", 1, &first) < 0);
    enum { N = 1001 };   /* 240 rows a statement at 4 columns: four full ones, then 32 + 8 + 1 */
    static char keys[N][16];
    struct store_rows rows;
    store_rows_begin(&rows, s, "INSERT INTO r(id, k, n, t)", 4);
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        store_rows_int(&rows, 1 + i);
        store_rows_text(&rows, keys[i]);
        store_rows_int(&rows, (int64_t)i * 1000000007);
        store_rows_text(&rows, i % 3 ? "chữ" : NULL);
    }
    CHECK_INT(store_rows_end(&rows), STORE_OK);
    int64_t n = 0;
    CHECK_INT(store_int64(s, &n, "SELECT count(*) FROM r", ""), 1);
    CHECK_INT(n, N);
    CHECK_INT(store_int64(s, &n, "SELECT count(*) FROM r WHERE t IS NULL", ""), 1);
    CHECK_INT(n, (N + 2) / 3);
    CHECK_INT(store_int64(s, &n, "SELECT n FROM r WHERE k = 'k1000'", ""), 1);
    CHECK_INT(n, (int64_t)1000 * 1000000007);
    CHECK_INT(store_int64(s, &n, "SELECT sum(id) FROM r", ""), 1);
    CHECK_INT(n, (int64_t)N * (N + 1) / 2);
    CHECK_INT(store_reserve_ids(s, "r", 1, &first), STORE_OK);
    CHECK_INT(first, N + 1);
    /* a duplicate key in the second statement: that statement fails, and so does the rest */
    store_rows_begin(&rows, s, "INSERT INTO r(id, k, n, t)", 4);
    for (int i = 0; i < 300; i++) {
        store_rows_int(&rows, N + 1 + i);
        store_rows_text(&rows, i == 250 ? "k5" : "fresh");
        store_rows_int(&rows, i);
        store_rows_text(&rows, NULL);
    }
    CHECK_INT(store_rows_end(&rows), STORE_CONSTRAINT);
    store_rollback(s);
    CHECK_INT(store_int64(s, &n, "SELECT count(*) FROM r", ""), 1);
    CHECK_INT(n, 0);
    /* values that do not fill the last row */
    CHECK_INT(store_begin(s), STORE_OK);
    store_rows_begin(&rows, s, "INSERT INTO r(id, k, n, t)", 4);
    store_rows_int(&rows, 1);
    store_rows_text(&rows, "k");
    CHECK(store_rows_end(&rows) < 0);
    store_rollback(s);
    store_close(s);
}

static void test_fts_query_quoting(void)
{
    store *s = fresh("fts.db");
    arena a = {0};
    CHECK_STR(store_fts_query(s, &a, "nguy"), "\"nguy\"*");
    /* words joined by an explicit AND (a word may become an OR group of indexed terms, sql/036) */
    CHECK_STR(store_fts_query(s, &a, "  Nguyễn   Văn "), "\"Nguyễn\"* AND \"Văn\"*");
    CHECK_STR(store_fts_query(s, &a, "a OR b"), "\"a\"* AND \"OR\"* AND \"b\"*");
    CHECK_STR(store_fts_query(s, &a, "x\" OR 1=1 --"), "\"x\"* AND \"OR\"* AND \"1\"* AND \"1\"*");
    CHECK_STR(store_fts_query(s, &a, "NEAR(a b) col:x ^y"),
              "\"NEAR\"* AND \"a\"* AND \"b\"* AND \"col\"* AND \"x\"* AND \"y\"*");
    CHECK(store_fts_query(s, &a, "") == NULL);
    CHECK(store_fts_query(s, &a, NULL) == NULL);
    CHECK(store_fts_query(s, &a, "\"*-()+:^ ;") == NULL);
    /* Every produced query is valid FTS5 and finds by prefix. */
    CHECK_INT(store_exec(s, "CREATE VIRTUAL TABLE f USING fts5(body)", ""), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO f(body) VALUES ($1)", "t", "Nguyễn Văn An OR 1"), STORE_OK);
    const char *inputs[] = {"nguy", "Nguyễn an", "x\" OR 1=1 --", "NEAR(a b)", "AND", "\"\"\"", "a*b", "an)"};
    for (size_t i = 0; i < countof(inputs); i++) {
        const char *fq = store_fts_query(s, &a, inputs[i]);
        if (!fq) continue;
        int64_t n = -1;
        int rc = store_int64(s, &n, "SELECT count(*) FROM f WHERE f MATCH $1", "t", fq);
        if (rc != 1) printf("     (fts input '%s' → '%s' failed: %s)\n", inputs[i], fq, store_errmsg(s));
        CHECK_INT(rc, 1);
    }
    int64_t n = 0;
    store_int64(s, &n, "SELECT count(*) FROM f WHERE f MATCH $1", "t", store_fts_query(s, &a, "Nguy v"));
    CHECK_INT(n, 1);
    arena_free(&a);
    store_close(s);
}

static void test_migrate_backup_check(void)
{
    store *s = fresh("mig.db");
    char err[512];
    CHECK_INT(store_migrate(s, err, sizeof err), STORE_OK);
    int64_t n1 = 0, n2 = 0;
    store_int64(s, &n1, "SELECT count(*) FROM schema_migration", "");
    CHECK(n1 >= 1);
    CHECK_INT(store_migrate(s, err, sizeof err), STORE_OK);   /* idempotent */
    store_int64(s, &n2, "SELECT count(*) FROM schema_migration", "");
    CHECK_INT(n2, n1);
    CHECK_INT(store_check(s, err, sizeof err), STORE_OK);
    char dest[512];
    snprintf(dest, sizeof dest, "%s/mig-copy.db", dir);
    unlink(dest);
    CHECK_INT(store_backup(s, dest, err, sizeof err), STORE_OK);
    CHECK_INT(store_backup(s, dest, err, sizeof err), STORE_ERR);   /* never overwrites */
    CHECK_CONTAINS(err, "already exists");
    store *c = store_open(dest, err, sizeof err);
    int64_t n3 = 0;
    store_int64(c, &n3, "SELECT count(*) FROM schema_migration", "");
    CHECK_INT(n3, n1);
    store_close(c);
    store_close(s);
    CHECK(store_open("/nonexistent-dir/x.db", err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "/nonexistent-dir/x.db");
}

/* store_open picks the backend from the path: a plain file path or "sqlite:FILE" is SQLite;
 * postgres:// and postgresql:// URLs are refused with a message that says why (this binary has
 * no PostgreSQL backend) and names the database without its password; an unknown "x://" is
 * refused rather than becoming a SQLite file of that name. */
static void test_backend_chosen_by_path(void)
{
    char path[512], url[600], err[512];
    snprintf(path, sizeof path, "%s/prefixed.db", dir);
    unlink(path);
    snprintf(url, sizeof url, "sqlite:%s", path);
    store *s = store_open(url, err, sizeof err);
    CHECK(s != NULL);
    if (!s) { printf("     (%s)\n", err); return; }
    CHECK_STR(store_backend(s), "sqlite");
    CHECK_STR(store_path(s), path);   /* the file itself: workers reopen it, the key file sits beside it */
    CHECK_INT(store_exec(s, "CREATE TABLE t(x INTEGER)", ""), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO t VALUES (7)", ""), STORE_OK);
    store_close(s);
    /* The same file by its plain path, and with the prefix in capitals. */
    const char *again[2] = {path, NULL};
    char upper[600];
    snprintf(upper, sizeof upper, "SQLite:%s", path);
    again[1] = upper;
    for (int i = 0; i < 2; i++) {
        s = store_open(again[i], err, sizeof err);
        CHECK(s != NULL);
        if (!s) continue;
        int64_t n = 0;
        CHECK_INT(store_int64(s, &n, "SELECT x FROM t", ""), 1);
        CHECK_INT(n, 7);
        CHECK_STR(store_backend(s), "sqlite");
        CHECK_STR(store_path(s), path);
        store_close(s);
    }
    s = store_open("sqlite::memory:", err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        int64_t n = 0;
        CHECK_INT(store_int64(s, &n, "SELECT 40 + $1", "I", 2), 1);
        CHECK_INT(n, 42);
        store_close(s);
    }

    /* PostgreSQL is not built in: NULL and a clear message, nothing created. */
    snprintf(err, sizeof err, "untouched");
    CHECK(store_open("postgres://thidua@localhost/thidua", err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "PostgreSQL backend not built in this binary");
    CHECK_CONTAINS(err, "postgres://thidua@localhost/thidua");
    CHECK(store_open("postgresql://thidua:s3cret@db.example:5432/thidua?sslmode=require&password=s3cret",
                     err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "PostgreSQL backend not built in this binary");
    CHECK_CONTAINS(err, "postgresql://thidua:***@db.example:5432/thidua?sslmode=require&password=***");
    CHECK(strstr(err, "s3cret") == NULL);
    CHECK(store_open("POSTGRESQL://db.example/thidua", err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "PostgreSQL backend not built in this binary");
    CHECK(access("postgres:", F_OK) != 0 && access("postgresql:", F_OK) != 0);
    CHECK(store_open("postgress://db.example/thidua", err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "unknown kind of database");
    CHECK_CONTAINS(err, "postgress://db.example/thidua");
    snprintf(url, sizeof url, "sqlite:%s/no-such-dir/x.db", dir);
    CHECK(store_open(url, err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "/no-such-dir/x.db");

    /* store_path always opens the same database again: when the rest of the path would itself
     * read as a prefix, the prefix is kept. */
    char cwd[512];
    bool entered = getcwd(cwd, sizeof cwd) && chdir(dir) == 0;   /* relative paths land in the test folder */
    CHECK(entered);
    if (!entered) return;
    s = store_open("sqlite:sqlite:odd.db", err, sizeof err);
    CHECK(s != NULL);
    if (s) {
        CHECK_STR(store_path(s), "sqlite:sqlite:odd.db");
        CHECK_INT(store_exec(s, "CREATE TABLE odd(x INTEGER)", ""), STORE_OK);
        store *o = store_open(store_path(s), err, sizeof err);
        int64_t n = -1;
        CHECK(o && store_int64(o, &n, "SELECT count(*) FROM odd", "") == 1 && n == 0);
        store_close(o);
        store_close(s);
    }
    CHECK(access("sqlite:odd.db", F_OK) == 0);
    CHECK_INT(chdir(cwd), 0);
}

int main(void)
{
    const char *tmp = getenv("TEST_TMP");
    snprintf(dir, sizeof dir, "%s/test_store.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) { printf("FAIL setup: mkdtemp %s\n", dir); return 1; }
    setenv("THIDUA_QUIET", "1", 1);
    RUN(test_bind_by_name);
    RUN(test_bind_mismatch_is_an_error);
    RUN(test_statement_reuse);
    RUN(test_transactions_nest);
    RUN(test_two_connections_see_commits_only);
    RUN(test_read_snapshot);
    RUN(test_data_version);
    RUN(test_constraints_map);
    RUN(test_one_shot_helpers);
    RUN(test_rows_and_reserved_ids);
    RUN(test_fts_query_quoting);
    RUN(test_migrate_backup_check);
    RUN(test_backend_chosen_by_path);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("(could not remove %s)\n", dir);
    return check_done();
}
