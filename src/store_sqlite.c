/* store_sqlite.c: the SQLite backend of the store API (store.h). Owns connection set-up
 * (WAL, foreign keys, busy timeout, Vietnamese text functions), binding $N parameters by name,
 * nested transactions as savepoints, online backup, and the migration runner. */
#include "store.h"

#include <sqlite3.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "embedded.h"

/* Prepared statements are kept per connection and reused: the same queries run on every
 * request (session, user, capabilities), and preparing one costs more than running it.
 * store_prepare hands out a cached statement that is not in use; stmt_finalize resets it and
 * gives it back. A statement already in use (the same SQL nested) gets a private one.
 * The cache holds every distinct SQL text the program prepares (a few hundred; the SQL is
 * written in the source, values are bound) in two open-addressing tables over one slot array:
 * by the text's address (most SQL is a string literal, so the same text comes at the same
 * address: one pointer compare and one strncmp) and by the text's hash. Both grow by
 * doubling. STMT_CACHE_MAX only guards against a program that builds SQL text at run time:
 * past it, statements are private (prepared each time) and counted as misses. */
#define STMT_CACHE_MAX 8192
struct stmt_slot { const char *key; char *sql; size_t len; uint64_t hash; struct stmt *q; bool in_use; };

struct store {
    sqlite3 *db;
    char *path;
    int tx_depth;
    bool read_tx;              /* a store_begin_read snapshot is open (never with tx_depth > 0) */
    int changes;
    char err[512];
    struct stmt_slot *slots;   /* the cached statements, in order of first use */
    int n_slots, cap_slots;
    int *by_addr, *by_text;    /* open addressing: slot index + 1, 0 = empty; size tbl_size */
    int tbl_size;              /* a power of two, at least twice n_slots */
};

struct stmt {
    store *s;
    sqlite3_stmt *st;
    int slot;                  /* index in s->slots, or -1 for a private statement */
};

static _Atomic long long db_nanos_total;
static _Atomic uint64_t stmt_hits, stmt_prepares;   /* store_stmt_stats */
void store_stmt_stats(uint64_t *hits, uint64_t *prepares) { *hits = stmt_hits; *prepares = stmt_prepares; }
static _Atomic uint64_t local_writes;   /* store_local_writes */
uint64_t store_local_writes(void) { return local_writes; }

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void account(double t0) { db_nanos_total += (long long)((mono_now() - t0) * 1e9); }
double store_seconds_total(void) { return (double)db_nanos_total / 1e9; }

static int set_err(store *s, int rc)
{
    snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
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

store *store_open(const char *path, char *err, size_t errlen)
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
    sqlite3_busy_timeout(db, 10000);
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
    store *s = xcalloc(1, sizeof *s);
    s->db = db;
    s->path = xstrdup(path);
    return s;
}

void store_close(store *s)
{
    if (!s) return;
    store_end_read(s);
    for (int i = 0; i < s->n_slots; i++) {
        sqlite3_finalize(s->slots[i].q->st);
        free(s->slots[i].q);
        free(s->slots[i].sql);
    }
    free(s->slots);
    free(s->by_addr);
    free(s->by_text);
    sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}

const char *store_errmsg(store *s) { return s->err[0] ? s->err : sqlite3_errmsg(s->db); }
const char *store_backend(store *s) { (void)s; return "sqlite"; }
const char *store_path(store *s) { return s->path; }

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
static void index_slot(store *s, int i)
{
    size_t mask = (size_t)s->tbl_size - 1;
    size_t h = addr_hash(s->slots[i].key) & mask;
    while (s->by_addr[h]) h = (h + 1) & mask;
    s->by_addr[h] = i + 1;
    h = (size_t)s->slots[i].hash & mask;
    while (s->by_text[h]) h = (h + 1) & mask;
    s->by_text[h] = i + 1;
}

/* Makes room for one more slot, doubling the array and the tables as needed. */
static void grow_cache(store *s)
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

stmt *store_prepare(store *s, const char *sql)
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
                stmt_hits++;
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
            stmt_hits++;
            return c->q;
        }
    }
    sqlite3_stmt *st = NULL;
    double t0 = mono_now();
    int rc = sqlite3_prepare_v2(s->db, sql, (int)len + 1, &st, NULL);
    account(t0);
    stmt_prepares++;
    if (rc != SQLITE_OK) {
        set_err(s, rc);
        log_error("store: prepare failed: %s in: %.200s", s->err, sql);
        return NULL;
    }
    stmt *q = xcalloc(1, sizeof *q);
    q->s = s;
    q->st = st;
    q->slot = -1;
    if (!seen && s->n_slots < STMT_CACHE_MAX) {
        grow_cache(s);
        q->slot = s->n_slots++;
        s->slots[q->slot] = (struct stmt_slot){sql, xstrndup(sql, len), len, h, q, true};
        index_slot(s, q->slot);
    }
    return q;
}

/* How many statements the cache holds (tests). */
int store_stmt_cached(store *s) { return s->n_slots; }

static int param_index(stmt *q, int n)
{
    char name[16];
    if (n > 0 && n < 10) name[0] = '$', name[1] = (char)('0' + n), name[2] = 0;   /* the common case, no printf */
    else snprintf(name, sizeof name, "$%d", n);
    int idx = sqlite3_bind_parameter_index(q->st, name);
    if (idx == 0) {
        snprintf(q->s->err, sizeof q->s->err, "no parameter %s in statement", name);
        return -1;
    }
    return idx;
}

#define BIND(call) do { int idx_ = param_index(q, n); if (idx_ < 0) return STORE_ERR; \
    int rc_ = call; return rc_ == SQLITE_OK ? STORE_OK : set_err(q->s, rc_); } while (0)

int stmt_bind_text(stmt *q, int n, const char *v)
{
    if (!v) return stmt_bind_null(q, n);
    BIND(sqlite3_bind_text(q->st, idx_, v, -1, SQLITE_TRANSIENT));
}
int stmt_bind_textn(stmt *q, int n, const char *v, size_t len)
{
    if (!v) return stmt_bind_null(q, n);
    BIND(sqlite3_bind_text64(q->st, idx_, v, len, SQLITE_TRANSIENT, SQLITE_UTF8));
}
int stmt_bind_int64(stmt *q, int n, int64_t v) { BIND(sqlite3_bind_int64(q->st, idx_, v)); }
int stmt_bind_null(stmt *q, int n) { BIND(sqlite3_bind_null(q->st, idx_)); }
int stmt_bind_blob(stmt *q, int n, const void *p, size_t len)
{
    BIND(sqlite3_bind_blob64(q->st, idx_, p ? p : "", len, SQLITE_TRANSIENT));
}

int stmt_bindv(stmt *q, const char *types, va_list ap)
{
    int n = 1, rc = STORE_OK;
    for (const char *t = types ? types : ""; *t && rc == STORE_OK; t++, n++) {
        switch (*t) {
        case 't': rc = stmt_bind_text(q, n, va_arg(ap, const char *)); break;
        case 'i': rc = stmt_bind_int64(q, n, va_arg(ap, int64_t)); break;
        case 'I': rc = stmt_bind_int64(q, n, va_arg(ap, int)); break;
        case 'n': rc = stmt_bind_null(q, n); break;
        case 'b': {
            const void *p = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            rc = stmt_bind_blob(q, n, p, len);
            break;
        }
        default:
            snprintf(q->s->err, sizeof q->s->err, "bad bind type '%c'", *t);
            rc = STORE_ERR;
        }
    }
    /* Too few values would leave the rest NULL and turn `WHERE x=$2` into a silent no-match.
     * An empty type string is allowed: the caller then binds one by one. */
    int want = sqlite3_bind_parameter_count(q->st);
    if (rc == STORE_OK && types && *types && n - 1 != want) {
        snprintf(q->s->err, sizeof q->s->err, "statement has %d parameter(s), type string \"%s\" binds %d",
                 want, types, n - 1);
        rc = STORE_ERR;
    }
    return rc;
}

int stmt_step(stmt *q)
{
    /* A write must not run inside the read snapshot (it would upgrade it, and could fail with
     * SQLITE_BUSY_SNAPSHOT where autocommit would have waited): end the snapshot first. */
    if (q->s->read_tx && !sqlite3_stmt_busy(q->st) && !sqlite3_stmt_readonly(q->st)) store_end_read(q->s);
    double t0 = mono_now();
    int rc = sqlite3_step(q->st);
    account(t0);
    if (rc == SQLITE_ROW) return STORE_ROW;
    if (rc == SQLITE_DONE) {
        q->s->changes = sqlite3_changes(q->s->db);
        if (!sqlite3_stmt_readonly(q->st)) local_writes++;
        return STORE_DONE;
    }
    int e = set_err(q->s, rc);
    if (e != STORE_CONSTRAINT)
        log_error("store: step failed: %s in: %.200s", q->s->err, sqlite3_sql(q->st));
    return e;
}

int stmt_reset(stmt *q)
{
    sqlite3_reset(q->st);
    sqlite3_clear_bindings(q->st);
    return STORE_OK;
}

void stmt_finalize(stmt *q)
{
    if (!q) return;
    if (q->slot >= 0) {
        /* Back to the cache: reset ends its read, cleared bindings drop copied values. */
        sqlite3_reset(q->st);
        sqlite3_clear_bindings(q->st);
        q->s->slots[q->slot].in_use = false;
        return;
    }
    sqlite3_finalize(q->st);
    free(q);
}

int stmt_columns(stmt *q) { return sqlite3_column_count(q->st); }
const char *stmt_column_name(stmt *q, int col) { return sqlite3_column_name(q->st, col); }
const char *stmt_text(stmt *q, int col) { return (const char *)sqlite3_column_text(q->st, col); }
int64_t stmt_int64(stmt *q, int col) { return sqlite3_column_int64(q->st, col); }
bool stmt_is_null(stmt *q, int col) { return sqlite3_column_type(q->st, col) == SQLITE_NULL; }

const void *stmt_blob(stmt *q, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(q->st, col);
    *len = (size_t)sqlite3_column_bytes(q->st, col);
    return p;
}

char *stmt_text_dup(stmt *q, int col, arena *a) { return arena_strdup(a, stmt_text(q, col)); }

static stmt *query_v(store *s, const char *sql, const char *types, va_list ap)
{
    stmt *q = store_prepare(s, sql);
    if (!q) return NULL;
    if (stmt_bindv(q, types, ap) != STORE_OK) {
        log_error("store: bind failed: %s in: %.200s", s->err, sql);
        stmt_finalize(q);
        return NULL;
    }
    return q;
}

stmt *store_query(store *s, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    stmt *q = query_v(s, sql, types, ap);
    va_end(ap);
    return q;
}

int store_exec(store *s, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    stmt *q = query_v(s, sql, types, ap);
    va_end(ap);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {}
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : rc;
}

int store_changes(store *s) { return s->changes; }

int store_int64(store *s, int64_t *out, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    stmt *q = query_v(s, sql, types, ap);
    va_end(ap);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    int result = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
    if (rc == STORE_ROW) *out = stmt_int64(q, 0);
    stmt_finalize(q);
    return result;
}

int store_text(store *s, char **out, arena *a, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    stmt *q = query_v(s, sql, types, ap);
    va_end(ap);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    int result = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
    *out = rc == STORE_ROW ? stmt_text_dup(q, 0, a) : NULL;
    stmt_finalize(q);
    return result;
}

int store_exec_script(store *s, const char *sql)
{
    store_end_read(s);   /* a script may write (migrations, BEGIN) */
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    local_writes++;   /* scripts write (migrations), and COMMIT, RELEASE and ROLLBACK come here */
    if (rc != SQLITE_OK) {
        snprintf(s->err, sizeof s->err, "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return STORE_ERR;
    }
    return STORE_OK;
}

/* ---- transactions ---- */
int store_begin(store *s)
{
    char sql[48];
    if (s->tx_depth == 0) snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
    else snprintf(sql, sizeof sql, "SAVEPOINT sp%d", s->tx_depth);
    if (store_exec_script(s, sql) != STORE_OK) return STORE_ERR;
    s->tx_depth++;
    return STORE_OK;
}

int store_commit(store *s)
{
    if (s->tx_depth <= 0) return STORE_ERR;
    char sql[48];
    if (s->tx_depth == 1) snprintf(sql, sizeof sql, "COMMIT");
    else snprintf(sql, sizeof sql, "RELEASE sp%d", s->tx_depth - 1);
    if (store_exec_script(s, sql) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    s->tx_depth--;
    return STORE_OK;
}

void store_rollback(store *s)
{
    if (s->tx_depth <= 0) return;
    char sql[64];
    if (s->tx_depth == 1) snprintf(sql, sizeof sql, "ROLLBACK");
    else snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", s->tx_depth - 1, s->tx_depth - 1);
    char saved[sizeof s->err];
    memcpy(saved, s->err, sizeof saved);  /* keep the error that caused the rollback */
    sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    local_writes++;
    memcpy(s->err, saved, sizeof saved);
    s->tx_depth--;
}

int store_tx_depth(store *s) { return s->tx_depth; }

/* BEGIN and COMMIT run on every request: prepared once per connection, not parsed each time. */
static int run_cached(store *s, const char *sql)
{
    stmt *q = store_prepare(s, sql);
    if (!q) return STORE_ERR;
    int rc = sqlite3_step(q->st);
    if (rc != SQLITE_DONE) rc = set_err(s, rc);
    else rc = STORE_OK;
    stmt_finalize(q);
    return rc;
}

int store_begin_read(store *s)
{
    if (s->tx_depth > 0 || s->read_tx) return STORE_OK;
    /* Deferred: the snapshot is taken by the first read, and no lock is held until then. */
    if (run_cached(s, "BEGIN") != STORE_OK) return STORE_ERR;
    s->read_tx = true;
    return STORE_OK;
}

void store_end_read(store *s)
{
    if (!s->read_tx) return;
    s->read_tx = false;
    /* Ending a transaction that wrote nothing cannot lose data; if COMMIT is refused, ROLLBACK
     * ends it all the same. */
    if (run_cached(s, "COMMIT") != STORE_OK) run_cached(s, "ROLLBACK");
}

uint64_t store_data_version(store *s)
{
    /* SQLITE_FCNTL_DATA_VERSION counts changes from every source, this connection included
     * (PRAGMA data_version leaves those out); the pager updates it when a read transaction
     * starts, so one trivial read comes first. Inside a write transaction the data seen is
     * not committed yet: nothing may be cached from it. */
    if (s->tx_depth > 0 || store_begin_read(s) != STORE_OK) return 0;
    stmt *q = store_prepare(s, "SELECT 1 FROM sqlite_schema LIMIT 1");
    if (!q) return 0;
    int rc = sqlite3_step(q->st);
    stmt_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return 0;
    unsigned int v = 0;
    if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK) return 0;
    return (uint64_t)v + 1;   /* never 0, which means "unknown" */
}

/* ---- dialect-specific ---- */
void store_scrub_begin(store *s) { store_exec_script(s, "PRAGMA secure_delete=ON"); }
void store_scrub_end(store *s) { store_exec_script(s, "PRAGMA wal_checkpoint(TRUNCATE)"); }

char *store_fts_query(store *s, arena *a, const char *user_text)
{
    (void)s;
    /* FTS5 syntax: each word as a quoted prefix term, implicitly ANDed. Quoting makes every
     * operator character in the user's text literal; the tokenizer folds the words. */
    buf b = {0};
    const char *p = user_text ? user_text : "";
    while (*p) {
        while (*p && (unsigned char)*p < 128 && !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                                                   (*p >= 'A' && *p <= 'Z'))) p++;
        const char *start = p;
        while (*p && ((unsigned char)*p >= 128 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                      (*p >= 'A' && *p <= 'Z'))) p++;
        if (p > start) {
            if (b.len) buf_putc(&b, ' ');
            buf_putc(&b, '"');
            buf_append(&b, start, (size_t)(p - start));
            buf_puts(&b, "\"*");
        }
    }
    char *r = b.len ? arena_strdup(a, b.data) : NULL;
    buf_free(&b);
    return r;
}

int store_backup(store *s, const char *dest_path, char *err, size_t errlen)
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
    sqlite3_backup *bk = sqlite3_backup_init(dst, "main", s->db, "main");
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

int store_check(store *s, char *err, size_t errlen)
{
    stmt *q = store_prepare(s, "PRAGMA integrity_check");
    if (!q) { snprintf(err, errlen, "%s", store_errmsg(s)); return STORE_ERR; }
    int rc = stmt_step(q);
    int ok = rc == STORE_ROW && str_eq(stmt_text(q, 0), "ok");
    if (!ok) snprintf(err, errlen, "%s", rc == STORE_ROW ? stmt_text(q, 0) : store_errmsg(s));
    stmt_finalize(q);
    if (!ok) return STORE_ERR;
    q = store_prepare(s, "PRAGMA foreign_key_check");
    if (!q) { snprintf(err, errlen, "%s", store_errmsg(s)); return STORE_ERR; }
    if (stmt_step(q) == STORE_ROW) {
        snprintf(err, errlen, "foreign key violation in table %s row %lld", stmt_text(q, 0),
                 (long long)stmt_int64(q, 1));
        ok = 0;
    }
    stmt_finalize(q);
    return ok ? STORE_OK : STORE_ERR;
}
