/* store_sqlite.c: the SQLite backend of the store API (store.h), exported as the operations
 * table store_sqlite_ops (store_backend.h); every function here is static and reached through
 * that table. Owns connection set-up (WAL, foreign keys, busy timeout, Vietnamese text
 * functions), the per-connection statement cache, binding $N parameters by name, nested
 * transactions as savepoints, read snapshots, the data version, scrubbing, online backup and the
 * integrity check. */
#include "store_backend.h"
#include "vn.h"

#include <sqlite3.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Prepared statements are kept per connection and reused: the same queries run on every
 * request (session, user, capabilities), and preparing one costs more than running it.
 * sq_prepare hands out a cached statement that is not in use; sq_finalize resets it and
 * gives it back. A statement already in use (the same SQL nested) gets a private one.
 * The cache holds every distinct SQL text the program prepares (a few hundred; the SQL is
 * written in the source, values are bound) in two open-addressing tables over one slot array:
 * by the text's address (most SQL is a string literal, so the same text comes at the same
 * address: one pointer compare and one strncmp) and by the text's hash. Both grow by
 * doubling. STMT_CACHE_MAX only guards against a program that builds SQL text at run time:
 * past it, statements are private (prepared each time) and counted as misses. */
#define STMT_CACHE_MAX 8192
struct stmt_slot { const char *key; char *sql; size_t len; uint64_t hash; struct sq_stmt *q; bool in_use; };

/* The search terms this connection knows to be in search_term, so sq_search_add inserts each
 * term once per connection rather than once per row (a statement import indexes ~15 words a
 * line out of a vocabulary of thousands). Emptied by every rollback, which may have undone an
 * insert it recorded; nothing else removes terms. Open addressing, at most TERM_SET_MAX. */
#define TERM_SET_MAX (1u << 17)
struct term_set { char **slot; size_t cap, n; };

struct sq_store {
    struct store head;         /* first: a store * from store.c is a struct sq_store * */
    struct term_set terms;
    struct term_set listed_words;   /* space-separated words of indexed text whose every term is
                                       in `terms`: a batch's words are mostly the same few thousand,
                                       so each is tokenized for the term list once, not per row */
    sqlite3 *db;
    int tx_depth;
    bool read_tx;              /* a store_begin_read snapshot is open (never with tx_depth > 0) */
    int changes;
    struct stmt_slot *slots;   /* the cached statements, in order of first use */
    int n_slots, cap_slots;
    int *by_addr, *by_text;    /* open addressing: slot index + 1, 0 = empty; size tbl_size */
    int tbl_size;              /* a power of two, at least twice n_slots */
    int64_t busy_since_ms;     /* when the current wait for a lock began (busy_wait) */
};

struct sq_stmt {
    struct stmt head;          /* first, as above; head.s is the connection */
    sqlite3_stmt *st;
    int slot;                  /* index in the connection's slots, or -1 for a private statement */
    int *param_of;             /* param_of[N]: SQLite's index of "$N" (0: none), N <= max_param;
                                  resolved once at prepare, not by name on every bind */
    int max_param;
};

/* The conversions from the common heads (store_backend.h): the head is the first member. */
static inline struct sq_store *sq_conn(store *s) { return (struct sq_store *)s; }
static inline struct sq_stmt *sq_stmt_of(stmt *q) { return (struct sq_stmt *)q; }
static inline struct sq_store *sq_conn_of(struct sq_stmt *q) { return sq_conn(q->head.s); }

static int set_err(struct sq_store *s, int rc)
{
    snprintf(s->head.err, sizeof s->head.err, "%s", sqlite3_errmsg(s->db));
    int primary = rc & 0xff;
    if (primary == SQLITE_CONSTRAINT) return STORE_CONSTRAINT;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return STORE_BUSY;
    return STORE_ERR;
}

/* Hook for extra SQL functions (Vietnamese folding, sort keys, FTS tokenizer); see vn.h. */
int store_sqlite_register_functions(sqlite3 *db);

/* Process-wide settings, made once before SQLite initialises: each connection is used by one
 * thread at a time (one per worker), so SQLite's own mutexes are not needed, and its memory
 * statistics (which take a global mutex on every allocation) are not read by thidua. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static void sqlite_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

/* The busy handler: a connection that finds the database locked retries every
 * BUSY_POLL_MS for up to BUSY_TIMEOUT_MS. SQLite's own busy_timeout backs off to one try per
 * 100 ms, so a batched import (import.h) had to pause 110 ms between its batches for a waiting
 * writer to get in; with a short poll a short pause does (IMPORT_BATCH_PAUSE_MS). */
#define BUSY_TIMEOUT_MS 10000
#define BUSY_POLL_MS 2
static int busy_wait(void *ctx, int count)
{
    struct sq_store *s = ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    if (count == 0) s->busy_since_ms = ms;
    if (ms - s->busy_since_ms >= BUSY_TIMEOUT_MS) return 0;
    struct timespec pause = {0, (count < 4 ? 1 : BUSY_POLL_MS) * 1000000L};
    nanosleep(&pause, NULL);
    return 1;
}

static store *sq_open(const char *path, char *err, size_t errlen)
{
    pthread_once(&sqlite_once, sqlite_configure);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                             SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);   /* during the set-up; busy_wait from then on */
    const char *setup =
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY;";
    char *msg = NULL;
    if (sqlite3_exec(db, setup, NULL, NULL, &msg) != SQLITE_OK ||
        store_sqlite_register_functions(db) != SQLITE_OK) {
        snprintf(err, errlen, "cannot set up database %s: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    struct sq_store *s = xcalloc(1, sizeof *s);
    s->db = db;
    sqlite3_busy_handler(db, busy_wait, s);
    return &s->head;
}

static void end_read(struct sq_store *s);

static size_t term_hash(const char *t)
{
    size_t h = 1469598103934665603u;
    for (; *t; t++) h = (h ^ (unsigned char)*t) * 1099511628211u;
    return h;
}

static bool term_known(const struct term_set *ts, const char *t)
{
    if (!ts->cap) return false;
    for (size_t i = term_hash(t) & (ts->cap - 1); ts->slot[i]; i = (i + 1) & (ts->cap - 1))
        if (strcmp(ts->slot[i], t) == 0) return true;
    return false;
}

static void term_forget_all(struct term_set *ts)
{
    for (size_t i = 0; i < ts->cap; i++) free(ts->slot[i]);
    free(ts->slot);
    *ts = (struct term_set){0};
}

/* Records a term known to be stored; silently not when full or out of memory (a cache). */
static void term_remember(struct term_set *ts, const char *t)
{
    if (ts->n >= TERM_SET_MAX) return;
    if (2 * (ts->n + 1) > ts->cap) {
        size_t cap = ts->cap ? 2 * ts->cap : 1024;
        char **slot = calloc(cap, sizeof *slot);
        if (!slot) return;
        for (size_t i = 0; i < ts->cap; i++) {
            if (!ts->slot[i]) continue;
            size_t j = term_hash(ts->slot[i]) & (cap - 1);
            while (slot[j]) j = (j + 1) & (cap - 1);
            slot[j] = ts->slot[i];
        }
        free(ts->slot);
        ts->slot = slot;
        ts->cap = cap;
    }
    char *copy = strdup(t);
    if (!copy) return;
    size_t i = term_hash(t) & (ts->cap - 1);
    while (ts->slot[i]) i = (i + 1) & (ts->cap - 1);
    ts->slot[i] = copy;
    ts->n++;
}

static void sq_close(store *st)
{
    struct sq_store *s = sq_conn(st);
    end_read(s);
    for (int i = 0; i < s->n_slots; i++) {
        sqlite3_finalize(s->slots[i].q->st);
        free(s->slots[i].q->param_of);
        free(s->slots[i].q);
        free(s->slots[i].sql);
    }
    free(s->slots);
    free(s->by_addr);
    free(s->by_text);
    term_forget_all(&s->terms);
    term_forget_all(&s->listed_words);
    sqlite3_close_v2(s->db);
    free(s);
}

static const char *sq_errmsg(store *st)
{
    struct sq_store *s = sq_conn(st);
    return s->head.err[0] ? s->head.err : sqlite3_errmsg(s->db);
}

static uint64_t sql_hash(const char *sql, size_t *len)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a */
    const char *p = sql;
    for (; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211u;
    *len = (size_t)(p - sql);
    return h;
}

static size_t addr_hash(const char *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    return (size_t)(x ^ (x >> 33));
}

/* Puts slot i into both tables (they have room: tbl_size >= 2 * n_slots). */
static void index_slot(struct sq_store *s, int i)
{
    size_t mask = (size_t)s->tbl_size - 1;
    size_t h = addr_hash(s->slots[i].key) & mask;
    /* One slot per address: a buffer reused for many SQL texts (SQL built at run time) would
     * otherwise pile them all up in one probe run. The later texts are found by their hash. */
    while (s->by_addr[h] && s->slots[s->by_addr[h] - 1].key != s->slots[i].key) h = (h + 1) & mask;
    if (!s->by_addr[h]) s->by_addr[h] = i + 1;
    h = (size_t)s->slots[i].hash & mask;
    while (s->by_text[h]) h = (h + 1) & mask;
    s->by_text[h] = i + 1;
}

/* Makes room for one more slot, doubling the array and the tables as needed. */
static void grow_cache(struct sq_store *s)
{
    if (s->n_slots == s->cap_slots) {
        s->cap_slots = s->cap_slots ? 2 * s->cap_slots : 128;
        s->slots = xrealloc(s->slots, (size_t)s->cap_slots * sizeof *s->slots);
    }
    if (2 * (s->n_slots + 1) <= s->tbl_size) return;
    free(s->by_addr);
    free(s->by_text);
    s->tbl_size = s->tbl_size ? 2 * s->tbl_size : 256;
    s->by_addr = xcalloc((size_t)s->tbl_size, sizeof *s->by_addr);
    s->by_text = xcalloc((size_t)s->tbl_size, sizeof *s->by_text);
    for (int i = 0; i < s->n_slots; i++) index_slot(s, i);
}

/* The "$N" parameters of a new statement, by number. Binding by name (store.h) looked the name
 * up on every bind: a linear scan of the statement's names per value, the first cost of a bulk
 * import's profile. */
static void map_params(struct sq_stmt *q)
{
    int count = sqlite3_bind_parameter_count(q->st);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 1; i <= count; i++) {
            const char *name = sqlite3_bind_parameter_name(q->st, i);
            int64_t n;
            if (!name || name[0] != '$' || !parse_int64(name + 1, &n) || n < 1 || n > 99999) continue;
            if (pass == 0 && n > q->max_param) q->max_param = (int)n;
            if (pass == 1) q->param_of[n] = i;
        }
        if (pass == 0) {
            if (!q->max_param) return;
            q->param_of = xcalloc((size_t)q->max_param + 1, sizeof *q->param_of);
        }
    }
}

static struct sq_stmt *prepare(struct sq_store *s, const char *sql)
{
    if (s->tbl_size) {
        /* By address: the text is compared too (a buffer may be reused for other SQL), with
         * strncmp, which stops at the first difference and is cheaper than hashing. */
        size_t mask = (size_t)s->tbl_size - 1;
        for (size_t h = addr_hash(sql) & mask; s->by_addr[h]; h = (h + 1) & mask) {
            struct stmt_slot *c = &s->slots[s->by_addr[h] - 1];
            if (c->key == sql && strncmp(c->sql, sql, c->len + 1) == 0) {
                if (c->in_use) break;
                c->in_use = true;
                store_hits_total++;
                return c->q;
            }
        }
    }
    size_t len;
    uint64_t h = sql_hash(sql, &len);
    bool seen = false;
    if (s->tbl_size) {
        size_t mask = (size_t)s->tbl_size - 1;
        for (size_t i = (size_t)h & mask; s->by_text[i]; i = (i + 1) & mask) {
            struct stmt_slot *c = &s->slots[s->by_text[i] - 1];
            if (c->hash != h || c->len != len || memcmp(c->sql, sql, len) != 0) continue;
            seen = true;
            if (c->in_use) break;
            c->in_use = true;
            store_hits_total++;
            return c->q;
        }
    }
    sqlite3_stmt *st = NULL;
    double t0 = store_clock();
    int rc = sqlite3_prepare_v2(s->db, sql, (int)len + 1, &st, NULL);
    store_account(t0);
    store_prepares_total++;
    if (rc != SQLITE_OK) {
        set_err(s, rc);
        log_error("store: prepare failed: %s in: %.200s", s->head.err, sql);
        return NULL;
    }
    struct sq_stmt *q = xcalloc(1, sizeof *q);
    q->head.ops = &store_sqlite_ops;
    q->head.s = &s->head;
    q->st = st;
    q->slot = -1;
    map_params(q);
    if (!seen && s->n_slots < STMT_CACHE_MAX) {
        grow_cache(s);
        q->slot = s->n_slots++;
        s->slots[q->slot] = (struct stmt_slot){sql, xstrndup(sql, len), len, h, q, true};
        index_slot(s, q->slot);
    }
    return q;
}

static stmt *sq_prepare(store *s, const char *sql)
{
    struct sq_stmt *q = prepare(sq_conn(s), sql);
    return q ? &q->head : NULL;
}

/* How many statements the cache holds (tests). */
static int sq_stmt_cached(store *s) { return sq_conn(s)->n_slots; }

static int sq_params(stmt *q) { return sqlite3_bind_parameter_count(sq_stmt_of(q)->st); }

static int param_index(struct sq_stmt *q, int n)
{
    if (n > 0 && n <= q->max_param && q->param_of[n]) return q->param_of[n];
    snprintf(q->head.s->err, sizeof q->head.s->err, "no parameter $%d in statement", n);
    return -1;
}

/* Binds through `call` (which sees idx_, the SQLite index of $n), in a function whose `stmt *qq`
 * is the statement. */
#define BIND(call) do { struct sq_stmt *q = sq_stmt_of(qq); int idx_ = param_index(q, n); \
    if (idx_ < 0) return STORE_ERR; \
    int rc_ = call; return rc_ == SQLITE_OK ? STORE_OK : set_err(sq_conn_of(q), rc_); } while (0)

static int sq_bind_text(stmt *qq, int n, const char *v)
{
    BIND(sqlite3_bind_text(q->st, idx_, v, -1, SQLITE_TRANSIENT));
}
static int sq_bind_textn(stmt *qq, int n, const char *v, size_t len)
{
    BIND(sqlite3_bind_text64(q->st, idx_, v, len, SQLITE_TRANSIENT, SQLITE_UTF8));
}
static int sq_bind_int64(stmt *qq, int n, int64_t v) { BIND(sqlite3_bind_int64(q->st, idx_, v)); }
static int sq_bind_null(stmt *qq, int n) { BIND(sqlite3_bind_null(q->st, idx_)); }
static int sq_bind_blob(stmt *qq, int n, const void *p, size_t len)
{
    BIND(sqlite3_bind_blob64(q->st, idx_, p ? p : "", len, SQLITE_TRANSIENT));
}

static int step(struct sq_stmt *q)
{
    struct sq_store *s = sq_conn_of(q);
    /* A write must not run inside the read snapshot (it would upgrade it, and could fail with
     * SQLITE_BUSY_SNAPSHOT where autocommit would have waited): end the snapshot first. */
    if (s->read_tx && !sqlite3_stmt_busy(q->st) && !sqlite3_stmt_readonly(q->st)) end_read(s);
    double t0 = store_clock();
    int rc = sqlite3_step(q->st);
    store_account(t0);
    if (rc == SQLITE_ROW) return STORE_ROW;
    if (rc == SQLITE_DONE) {
        s->changes = sqlite3_changes(s->db);
        if (!sqlite3_stmt_readonly(q->st)) store_writes_total++;
        return STORE_DONE;
    }
    int e = set_err(s, rc);
    if (e != STORE_CONSTRAINT)
        log_error("store: step failed: %s in: %.200s", s->head.err, sqlite3_sql(q->st));
    return e;
}
static int sq_step(stmt *q) { return step(sq_stmt_of(q)); }

static int sq_reset(stmt *q)
{
    sqlite3_reset(sq_stmt_of(q)->st);
    sqlite3_clear_bindings(sq_stmt_of(q)->st);
    return STORE_OK;
}

static void finalize(struct sq_stmt *q)
{
    if (q->slot >= 0) {
        /* Back to the cache: reset ends its read, cleared bindings drop copied values. */
        sqlite3_reset(q->st);
        sqlite3_clear_bindings(q->st);
        sq_conn_of(q)->slots[q->slot].in_use = false;
        return;
    }
    sqlite3_finalize(q->st);
    free(q->param_of);
    free(q);
}
static void sq_finalize(stmt *q) { finalize(sq_stmt_of(q)); }

static int sq_columns(stmt *q) { return sqlite3_column_count(sq_stmt_of(q)->st); }
static const char *sq_column_name(stmt *q, int col) { return sqlite3_column_name(sq_stmt_of(q)->st, col); }
static const char *sq_text(stmt *q, int col) { return (const char *)sqlite3_column_text(sq_stmt_of(q)->st, col); }
static int64_t sq_int64(stmt *q, int col) { return sqlite3_column_int64(sq_stmt_of(q)->st, col); }
static bool sq_is_null(stmt *q, int col) { return sqlite3_column_type(sq_stmt_of(q)->st, col) == SQLITE_NULL; }

static const void *sq_blob(stmt *q, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(sq_stmt_of(q)->st, col);
    *len = (size_t)sqlite3_column_bytes(sq_stmt_of(q)->st, col);
    return p;
}

static int sq_changes(store *s) { return sq_conn(s)->changes; }

static int exec_script(struct sq_store *s, const char *sql)
{
    end_read(s);   /* a script may write (migrations, BEGIN) */
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    store_writes_total++;   /* scripts write (migrations), and COMMIT, RELEASE and ROLLBACK come here */
    if (rc != SQLITE_OK) {
        snprintf(s->head.err, sizeof s->head.err, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return STORE_ERR;
    }
    return STORE_OK;
}
static int sq_exec_script(store *s, const char *sql) { return exec_script(sq_conn(s), sql); }

/* ---- transactions ---- */
static int sq_begin(store *st)
{
    struct sq_store *s = sq_conn(st);
    char sql[48];
    if (s->tx_depth == 0) snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
    else snprintf(sql, sizeof sql, "SAVEPOINT sp%d", s->tx_depth);
    if (exec_script(s, sql) != STORE_OK) return STORE_ERR;
    s->tx_depth++;
    return STORE_OK;
}

static void sq_rollback(store *st)
{
    struct sq_store *s = sq_conn(st);
    if (s->tx_depth <= 0) return;
    char sql[64];
    if (s->tx_depth == 1) snprintf(sql, sizeof sql, "ROLLBACK");
    else snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", s->tx_depth - 1, s->tx_depth - 1);
    char saved[sizeof s->head.err];
    memcpy(saved, s->head.err, sizeof saved);  /* keep the error that caused the rollback */
    sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    store_writes_total++;
    memcpy(s->head.err, saved, sizeof saved);
    s->tx_depth--;
    term_forget_all(&s->terms);   /* terms it recorded may have been undone */
    term_forget_all(&s->listed_words);
}

static int sq_commit(store *st)
{
    struct sq_store *s = sq_conn(st);
    if (s->tx_depth <= 0) return STORE_ERR;
    char sql[48];
    if (s->tx_depth == 1) snprintf(sql, sizeof sql, "COMMIT");
    else snprintf(sql, sizeof sql, "RELEASE sp%d", s->tx_depth - 1);
    if (exec_script(s, sql) != STORE_OK) {
        sq_rollback(st);
        return STORE_ERR;
    }
    s->tx_depth--;
    return STORE_OK;
}

static int sq_tx_depth(store *s) { return sq_conn(s)->tx_depth; }

/* BEGIN and COMMIT run on every request: prepared once per connection, not parsed each time. */
static int run_cached(struct sq_store *s, const char *sql)
{
    struct sq_stmt *q = prepare(s, sql);
    if (!q) return STORE_ERR;
    int rc = sqlite3_step(q->st);
    if (rc != SQLITE_DONE) rc = set_err(s, rc);
    else rc = STORE_OK;
    finalize(q);
    return rc;
}

static int begin_read(struct sq_store *s)
{
    if (s->tx_depth > 0 || s->read_tx) return STORE_OK;
    /* Deferred: the snapshot is taken by the first read, and no lock is held until then. */
    if (run_cached(s, "BEGIN") != STORE_OK) return STORE_ERR;
    s->read_tx = true;
    return STORE_OK;
}
static int sq_begin_read(store *s) { return begin_read(sq_conn(s)); }

static void end_read(struct sq_store *s)
{
    if (!s->read_tx) return;
    s->read_tx = false;
    /* Ending a transaction that wrote nothing cannot lose data; if COMMIT is refused, ROLLBACK
     * ends it all the same. */
    if (run_cached(s, "COMMIT") != STORE_OK) run_cached(s, "ROLLBACK");
}
static void sq_end_read(store *s) { end_read(sq_conn(s)); }

static uint64_t sq_data_version(store *st)
{
    struct sq_store *s = sq_conn(st);
    /* SQLITE_FCNTL_DATA_VERSION counts changes from every source, this connection included
     * (PRAGMA data_version leaves those out); the pager updates it when a read transaction
     * starts, so one trivial read comes first. Inside a write transaction the data seen is
     * not committed yet: nothing may be cached from it. */
    if (s->tx_depth > 0 || begin_read(s) != STORE_OK) return 0;
    struct sq_stmt *q = prepare(s, "SELECT 1 FROM sqlite_schema LIMIT 1");
    if (!q) return 0;
    int rc = sqlite3_step(q->st);
    finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return 0;
    unsigned int v = 0;
    if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK) return 0;
    return (uint64_t)v + 1;   /* never 0, which means "unknown" */
}

/* ---- dialect-specific ---- */
/* -N: N KiB; -2000 is SQLite's default. */
static void sq_bulk_write(store *s, bool on) { exec_script(sq_conn(s), on ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-2000"); }
static void sq_scrub_begin(store *s) { exec_script(sq_conn(s), "PRAGMA secure_delete=ON"); }
static void sq_scrub_end(store *s) { exec_script(sq_conn(s), "PRAGMA wal_checkpoint(TRUNCATE)"); }

/* The terms of the word search indexes (table search_term, sql/036) that begin with the folded
 * token t[0..n), written as an FTS5 OR group; NULL when there are more than PREFIX_TERMS_MAX (the
 * caller then leaves the prefix to FTS5). FTS5 answers a prefix term by merging the whole
 * document list of every matching term before it returns one row — all of them for "ung*" or
 * "an*" over millions of rows — while an OR of exact terms is read lazily, newest first, and
 * stops after a page. The list holds every term ever indexed, so the group finds exactly what
 * the prefix finds. */
#define PREFIX_TERMS_MAX 64
static const char *prefix_terms(store *s, arena *a, const char *t, size_t n)
{
    if (n == 0 || n > 200 || (unsigned char)t[n - 1] == 0xFF) return NULL;
    char lo[201], hi[201];
    memcpy(lo, t, n);
    lo[n] = 0;
    memcpy(hi, t, n);
    hi[n - 1] = (char)((unsigned char)hi[n - 1] + 1);   /* every term with the prefix sorts below */
    hi[n] = 0;
    stmt *q = store_query(s, "SELECT term FROM search_term WHERE term >= $1 AND term < $2 ORDER BY term LIMIT $3", "tti",
                          lo, hi, (int64_t)PREFIX_TERMS_MAX + 1);
    if (!q) return NULL;
    buf b = {0};
    int count = 0;
    while (stmt_step(q) == STORE_ROW && ++count <= PREFIX_TERMS_MAX) {
        buf_puts(&b, count == 1 ? "(\"" : " OR \"");
        buf_puts(&b, stmt_text(q, 0));   /* a token: letters, digits and marks, never a quote */
        buf_putc(&b, '"');
    }
    stmt_finalize(q);
    const char *r = NULL;
    if (count == 0) r = arena_printf(a, "\"%s\"", lo);      /* no such term: nothing matches */
    else if (count <= PREFIX_TERMS_MAX) { buf_putc(&b, ')'); r = arena_strdup(a, b.data); }
    buf_free(&b);
    return r;
}

/* Copies the only token of a word into term[0..200] (NUL-terminated); stops at a second one. */
struct one_token { int n; char term[201]; size_t len; };

static int take_token(void *ctx, const char *tok, size_t n, size_t start, size_t end)
{
    (void)start;
    (void)end;
    struct one_token *w = ctx;
    if (w->n++ == 0 && n < sizeof w->term) { memcpy(w->term, tok, n); w->term[n] = 0; w->len = n; }
    return w->n > 1;
}

static char *sq_fts_query(store *s, arena *a, const char *user_text)
{
    /* FTS5 syntax: each word a quoted prefix term, ANDed; a word that folds to one token is
     * written as the OR of the indexed terms it begins (prefix_terms): the same matches, read
     * lazily. Quoting makes every operator character in the user's text literal; the
     * tokenizer folds the words. */
    buf b = {0};
    const char *p = user_text ? user_text : "";
    while (*p) {
        while (*p && (unsigned char)*p < 128 && !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                                                   (*p >= 'A' && *p <= 'Z'))) p++;
        const char *start = p;
        while (*p && ((unsigned char)*p >= 128 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                      (*p >= 'A' && *p <= 'Z'))) p++;
        if (p > start) {
            if (b.len) buf_puts(&b, " AND ");
            struct one_token w = {0};
            vn_fts_tokens(start, (size_t)(p - start), take_token, &w);
            const char *group = w.n == 1 && w.len ? prefix_terms(s, a, w.term, w.len) : NULL;
            if (group) {
                buf_puts(&b, group);
            } else {
                buf_putc(&b, '"');
                buf_append(&b, start, (size_t)(p - start));
                buf_puts(&b, "\"*");
            }
        }
    }
    char *r = b.len ? arena_strdup(a, b.data) : NULL;
    buf_free(&b);
    return r;
}

/* An FTS5 table whose one column is `words`; the rowid is the key. Every distinct token of the
 * words also goes into search_term, the list prefix_terms reads. */
struct term_add { store *s; int rc; };

static int add_term(void *ctx, const char *tok, size_t n, size_t start, size_t end)
{
    (void)start;
    (void)end;
    struct term_add *t = ctx;
    char term[201];
    if (n >= sizeof term) return 0;   /* longer than any word prefix_terms expands */
    memcpy(term, tok, n);
    term[n] = 0;
    struct term_set *known = &sq_conn(t->s)->terms;
    if (term_known(known, term)) return 0;
    t->rc = store_exec(t->s, "INSERT INTO search_term(term) VALUES ($1) ON CONFLICT DO NOTHING", "t", term);
    if (t->rc != STORE_OK) return 1;
    term_remember(known, term);
    return 0;
}

static int sq_search_add(store *s, const char *index, int64_t key, const char *words)
{
    char sql[160];
    snprintf(sql, sizeof sql, "INSERT INTO %s(rowid, words) VALUES ($1, $2)", index);
    int rc = store_exec(s, sql, "it", key, words);
    if (rc != STORE_OK) return rc;
    struct term_add t = {.s = s, .rc = STORE_OK};
    vn_fts_tokens(words, strlen(words), add_term, &t);
    return t.rc;
}

/* Lists the terms of `text` in search_term, word by word (tokens never span a space, so the
 * terms are the same as the whole text's), skipping the words already listed. */
static void list_terms_of_words(struct sq_store *s, struct term_add *t, const char *text)
{
    const char *p = text;
    while (*p && t->rc == STORE_OK) {
        while (*p == ' ') p++;
        const char *w = p;
        while (*p && *p != ' ') p++;
        size_t n = (size_t)(p - w);
        if (!n) continue;
        char word[64];
        if (n >= sizeof word) {   /* a long word: tokenized every time, never remembered */
            vn_fts_tokens(w, n, add_term, t);
            continue;
        }
        memcpy(word, w, n);
        word[n] = 0;
        if (term_known(&s->listed_words, word)) continue;
        vn_fts_tokens(word, n, add_term, t);
        if (t->rc == STORE_OK) term_remember(&s->listed_words, word);
    }
}

/* Rows per INSERT of sq_search_add_many: 2 parameters each, far below SQLite's 32,766. */
#define SEARCH_ROWS_PER_INSERT 256

/* One multi-row INSERT per SEARCH_ROWS_PER_INSERT pairs (the full-size statement is prepared
 * once and cached; a shorter last one is prepared for its size). Parameters are bound by
 * position: the text is generated here with $1, $2 … in order, so SQLite's numbering by first
 * appearance is the same. */
static int sq_search_add_many(store *ss, const char *index, const int64_t *keys, const char *const *words, int n)
{
    struct sq_store *s = sq_conn(ss);
    for (int done = 0; done < n;) {
        /* a power of two: at most a handful of distinct statements in the cache */
        int rows = SEARCH_ROWS_PER_INSERT;
        while (rows > n - done) rows /= 2;
        buf sql = {0};
        buf_printf(&sql, "INSERT INTO %s(rowid, words) VALUES ", index);
        for (int i = 0; i < rows; i++) buf_printf(&sql, "%s($%d, $%d)", i ? ", " : "", 2 * i + 1, 2 * i + 2);
        struct sq_stmt *q = prepare(s, buf_str(&sql));
        buf_free(&sql);
        if (!q) return STORE_ERR;
        int rc = SQLITE_OK;
        for (int i = 0; i < rows && rc == SQLITE_OK; i++) {
            rc = sqlite3_bind_int64(q->st, 2 * i + 1, keys[done + i]);
            if (rc == SQLITE_OK) rc = sqlite3_bind_text(q->st, 2 * i + 2, words[done + i] ? words[done + i] : "", -1, SQLITE_STATIC);
        }
        int out = rc == SQLITE_OK ? step(q) : set_err(s, rc);
        finalize(q);
        if (out != STORE_DONE) return out < 0 ? out : STORE_ERR;
        /* each new token into search_term too, as sq_search_add does: a word query is sent as the
         * OR of the listed terms it begins, so an unlisted term would never be found */
        struct term_add t = {.s = ss, .rc = STORE_OK};
        for (int i = 0; i < rows && t.rc == STORE_OK; i++)
            if (words[done + i]) list_terms_of_words(s, &t, words[done + i]);
        if (t.rc != STORE_OK) return t.rc;
        done += rows;
    }
    return STORE_OK;
}

/* A contentless FTS5 table forgets a row through its 'delete' command, given the row's terms. */
static int sq_search_remove(store *s, const char *index, int64_t key, const char *words)
{
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO %s(%s, rowid, words) VALUES ('delete', $1, $2)", index, index);
    return store_exec(s, sql, "it", key, words);
}

static const char *sq_search_from(store *s, arena *a, const char *index, const char *alias, int param)
{
    (void)s;
    /* A subquery SQLite flattens into the FTS5 scan, so ORDER BY alias.key DESC LIMIT n reads
     * the index backwards and stops after n rows. */
    return arena_printf(a, "(SELECT rowid AS key FROM %s WHERE %s MATCH $%d) AS %s", index, index, param, alias);
}

static int sq_backup(store *s, const char *dest_path, char *err, size_t errlen)
{
    if (access(dest_path, F_OK) == 0) {
        snprintf(err, errlen, "%s already exists; choose a new file name", dest_path);
        return STORE_ERR;
    }
    sqlite3 *dst = NULL;
    if (sqlite3_open(dest_path, &dst) != SQLITE_OK) {
        snprintf(err, errlen, "cannot create %s: %s", dest_path, sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return STORE_ERR;
    }
    /* The online backup API, all pages in one step: that step reads one snapshot, and in WAL
     * mode writers go on meanwhile (readers do not block them). Steps of a few pages would
     * let writers in between too, but every commit from another connection restarts the
     * copy, so a large database under steady writes might never finish. BUSY (a checkpoint
     * or recovery holding a lock) is retried for up to a minute. */
    sqlite3_backup *bk = sqlite3_backup_init(dst, "main", sq_conn(s)->db, "main");
    int rc = SQLITE_ERROR;
    if (bk) {
        for (int tries = 0; tries < 3000; tries++) {
            rc = sqlite3_backup_step(bk, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
            sqlite3_sleep(20);
        }
        sqlite3_backup_finish(bk);
    }
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "backup to %s failed: %s", dest_path, sqlite3_errmsg(dst));
        sqlite3_close(dst);
        unlink(dest_path);
        return STORE_ERR;
    }
    /* A backup is a single self-contained file: no WAL beside it. */
    sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close(dst);
    return STORE_OK;
}

static int sq_check(store *st, char *err, size_t errlen)
{
    struct sq_store *s = sq_conn(st);
    struct sq_stmt *q = prepare(s, "PRAGMA integrity_check");
    if (!q) { snprintf(err, errlen, "%s", sq_errmsg(st)); return STORE_ERR; }
    int rc = step(q);
    const char *first = rc == STORE_ROW ? (const char *)sqlite3_column_text(q->st, 0) : NULL;
    int ok = rc == STORE_ROW && str_eq(first, "ok");
    if (!ok) snprintf(err, errlen, "%s", rc == STORE_ROW ? first : sq_errmsg(st));
    finalize(q);
    if (!ok) return STORE_ERR;
    q = prepare(s, "PRAGMA foreign_key_check");
    if (!q) { snprintf(err, errlen, "%s", sq_errmsg(st)); return STORE_ERR; }
    if (step(q) == STORE_ROW) {
        snprintf(err, errlen, "foreign key violation in table %s row %lld",
                 (const char *)sqlite3_column_text(q->st, 0), (long long)sqlite3_column_int64(q->st, 1));
        ok = 0;
    }
    finalize(q);
    return ok ? STORE_OK : STORE_ERR;
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .errmsg = sq_errmsg,
    .prepare = sq_prepare,
    .params = sq_params,
    .bind_text = sq_bind_text,
    .bind_textn = sq_bind_textn,
    .bind_int64 = sq_bind_int64,
    .bind_null = sq_bind_null,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .columns = sq_columns,
    .column_name = sq_column_name,
    .text = sq_text,
    .int64 = sq_int64,
    .is_null = sq_is_null,
    .blob = sq_blob,
    .changes = sq_changes,
    .exec_script = sq_exec_script,
    .stmt_cached = sq_stmt_cached,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .tx_depth = sq_tx_depth,
    .begin_read = sq_begin_read,
    .end_read = sq_end_read,
    .data_version = sq_data_version,
    .fts_query = sq_fts_query,
    .search_add = sq_search_add,
    .search_add_many = sq_search_add_many,
    .search_remove = sq_search_remove,
    .search_from = sq_search_from,
    .bulk_write = sq_bulk_write,
    .scrub_begin = sq_scrub_begin,
    .scrub_end = sq_scrub_end,
    .backup = sq_backup,
    .check = sq_check,
};
