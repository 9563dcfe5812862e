/* store_backend.h: what a database backend provides to store.c, and what store.c shares with the
 * backends. Private to the store: included by store.c and the backend files (store_sqlite.c …),
 * never by the rest of the program, which sees only store.h.
 *
 * A backend is one `struct store_ops` table. store_open (store.c) picks the table from the
 * database path and calls its open; every other public function of store.h that depends on the
 * database is a one-line dispatch through the table of the connection or statement at hand.
 * What does not depend on the database is written once in store.c on top of the table: the
 * one-shot helpers (store_query, store_exec, store_int64, store_text), binding by type string
 * (stmt_bindv), NULL text as NULL, and the process-wide counters below.
 *
 * Each backend's connection and statement structs begin with the common heads `struct store` and
 * `struct stmt` (first member, so a pointer to one is a pointer to the other: C17 6.7.2.1p15).
 * The backend allocates them zeroed; store.c fills the connection head after open. */
#ifndef THIDUA_STORE_BACKEND_H
#define THIDUA_STORE_BACKEND_H
#include <stdatomic.h>
#include <time.h>

#include "store.h"

/* The head of every connection. `ops` and `path` are set by store.c (path: what store_path
 * returns, freed by store.c after the backend's close). `err` holds the connection's last error
 * message; store_set_error writes it, and so may a backend directly. */
struct store {
    const struct store_ops *ops;
    char *path;
    char err[512];
};

/* The head of every statement: `ops` so a call on a statement dispatches with one load (the
 * hot path: step and column calls run once per row and value), `s` for error messages. */
struct stmt {
    const struct store_ops *ops;
    store *s;
};

/* Every member is required. Errors are returned as in store.h (STORE_ERR, STORE_CONSTRAINT,
 * STORE_BUSY) with the message left in s->err. */
struct store_ops {
    const char *name;   /* store_backend(): "sqlite" */
    /* `target` is the path with the backend's prefix removed ("sqlite:x.db" → "x.db"). Returns a
     * zeroed-head connection (store.c fills ops and path) or NULL with a message in err. */
    store *(*open)(const char *target, char *err, size_t errlen);
    void (*close)(store *s);                /* never NULL; frees the backend's part only */
    const char *(*errmsg)(store *s);

    /* Statements: the contracts of store.h. bind_text and bind_textn never get NULL (store.c
     * binds NULL for them); n is the placeholder number, 1 for $1. params: how many distinct
     * placeholders the statement has (stmt_bindv checks the type string against it). */
    stmt *(*prepare)(store *s, const char *sql);
    int (*params)(stmt *q);
    int (*bind_text)(stmt *q, int n, const char *v);
    int (*bind_textn)(stmt *q, int n, const char *v, size_t len);
    int (*bind_int64)(stmt *q, int n, int64_t v);
    int (*bind_null)(stmt *q, int n);
    int (*bind_blob)(stmt *q, int n, const void *p, size_t len);
    int (*step)(stmt *q);
    int (*reset)(stmt *q);
    void (*finalize)(stmt *q);              /* never NULL */
    int (*columns)(stmt *q);
    const char *(*column_name)(stmt *q, int col);
    const char *(*text)(stmt *q, int col);
    int64_t (*int64)(stmt *q, int col);
    bool (*is_null)(stmt *q, int col);
    const void *(*blob)(stmt *q, int col, size_t *len);
    int (*changes)(store *s);
    int (*exec_script)(store *s, const char *sql);
    int (*stmt_cached)(store *s);

    /* Transactions and snapshots: the contracts of store.h (nesting included). */
    int (*begin)(store *s);
    int (*commit)(store *s);
    void (*rollback)(store *s);
    int (*tx_depth)(store *s);
    int (*begin_read)(store *s);
    void (*end_read)(store *s);
    uint64_t (*data_version)(store *s);

    /* Dialect-specific operations (store.h). */
    char *(*fts_query)(store *s, arena *a, const char *user_text);
    int (*search_add)(store *s, const char *index, int64_t key, const char *words);
    int (*search_add_many)(store *s, const char *index, const int64_t *keys, const char *const *words, int n);
    int (*search_remove)(store *s, const char *index, int64_t key, const char *words);
    const char *(*search_from)(store *s, arena *a, const char *index, const char *alias, int param);
    void (*bulk_write)(store *s, bool on);
    void (*scrub_begin)(store *s);
    void (*scrub_end)(store *s);
    int (*backup)(store *s, const char *dest_path, char *err, size_t errlen);
    int (*check)(store *s, char *err, size_t errlen);
};

/* The backends linked into this binary. */
extern const struct store_ops store_sqlite_ops;

/* Copies a database path or URL into out for a message, with any password in it replaced by
 * "***" (postgresql://user:secret@host/db, ?password=secret): errors go to logs and terminals.
 * Returns out. */
const char *store_redact(const char *path, char *out, size_t outlen);

/* Writes a message into s->err (printf-style); returns STORE_ERR for `return store_set_error(…)`. */
int store_set_error(store *s, const char *fmt, ...) PRINTF(2, 3);

/* Process-wide counters behind store_seconds_total, store_stmt_stats and store_local_writes,
 * kept by the backends: time inside the database, statements served from a cache and prepared,
 * and writes (after every writing statement, commit and rollback). */
extern _Atomic long long store_nanos_total;
extern _Atomic uint64_t store_hits_total, store_prepares_total, store_writes_total;

/* store_clock() before a database call, store_account(t0) after it: adds the time it took. */
static inline double store_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static inline void store_account(double t0) { store_nanos_total += (long long)((store_clock() - t0) * 1e9); }
#endif
