/* store.h: the one database API of thidua. Resource files write SQL once, with $1, $2 …
 * placeholders, and bind values through this API; nothing outside the store knows which
 * database is underneath.
 *
 * Backends plug in behind these functions: store.c chooses one in store_open from the path (a
 * file path or "sqlite:FILE": store_sqlite.c; "postgres://" or "postgresql://": refused until a
 * PostgreSQL backend is linked in) and dispatches every call through that backend's operations
 * table, `struct store_ops` in store_backend.h. A backend provides the table (open/close,
 * prepare, bind by $N number, step, columns, exec_script, transactions that nest as savepoints,
 * read snapshots, data version) and the dialect-specific operations: store_fts_query,
 * store_scrub_begin/end, store_backup, store_check. Its connection and statement structs begin
 * with the common heads of store_backend.h. The one-shot helpers, binding by type string and
 * the process-wide counters are written once in store.c. libpq takes $N natively.
 *
 * Binding is BY NAME: SQLite numbers `$N` parameters by first appearance, so `SELECT $2, $1`
 * bound by index would swap the values; the SQLite backend looks up "$N" by name, once per
 * prepared statement (the map from N to SQLite's index is kept with the cached statement).
 *
 * Values are bound with a type string, one letter per parameter, in $1, $2 … order:
 *   't' const char * (NULL binds NULL)    'i' int64_t       'I' int (promoted, for literals)
 *   'n' NULL (no argument)                'b' const void *, size_t (blob)
 * Example: store_exec(s, "UPDATE unit SET name=$2 WHERE id=$1", "it", id, name);
 *
 * Errors: functions return a negative STORE_ERR on failure and keep the message on the
 * connection (store_errmsg). Constraint violations return STORE_CONSTRAINT so callers can turn
 * a duplicate into a field error instead of a 500. */
#ifndef THIDUA_STORE_H
#define THIDUA_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct store store;
typedef struct stmt stmt;

enum { STORE_OK = 0, STORE_ROW = 1, STORE_DONE = 2, STORE_ERR = -1, STORE_CONSTRAINT = -2,
       STORE_BUSY = -3 };

/* Opens (creating if needed) the database at `path`: a SQLite file path, "sqlite:FILE" (prefix
 * in any case), or a postgres:// / postgresql:// URL (refused in this binary: "PostgreSQL backend
 * not built in this binary"). NULL on failure with a message in err (a password in a URL is
 * shown as ***). A SQLite connection has foreign keys on, WAL, a busy timeout, and the
 * Vietnamese text functions (vn_fold, vn_sortkey, the FTS tokenizer) registered. */
store *store_open(const char *path, char *err, size_t errlen);
void store_close(store *s);                    /* NULL is fine */
const char *store_errmsg(store *s);
const char *store_backend(store *s);           /* the backend's name: "sqlite" */
/* The database as store_open accepts it again (for a second connection); for SQLite the file's
 * own path, without a "sqlite:" prefix, so files named after it sit beside the database. */
const char *store_path(store *s);

/* Statements. store_prepare returns NULL on error (message on the connection). The statement
 * is owned by the caller: stmt_finalize it (NULL is fine). */
stmt *store_prepare(store *s, const char *sql);
int stmt_bind_text(stmt *q, int n, const char *v);          /* n: 1 for $1 … */
int stmt_bind_textn(stmt *q, int n, const char *v, size_t len);
int stmt_bind_int64(stmt *q, int n, int64_t v);
int stmt_bind_null(stmt *q, int n);
int stmt_bind_blob(stmt *q, int n, const void *p, size_t len);
int stmt_bindv(stmt *q, const char *types, va_list ap);    /* binds $1.. by the type string */
int stmt_step(stmt *q);                                     /* STORE_ROW, STORE_DONE or < 0 */
int stmt_reset(stmt *q);
void stmt_finalize(stmt *q);
int stmt_columns(stmt *q);
const char *stmt_column_name(stmt *q, int col);
/* Column values of the current row; text is valid until the next step/finalize. */
const char *stmt_text(stmt *q, int col);                   /* NULL for SQL NULL */
int64_t stmt_int64(stmt *q, int col);                       /* 0 for NULL */
bool stmt_is_null(stmt *q, int col);
const void *stmt_blob(stmt *q, int col, size_t *len);
char *stmt_text_dup(stmt *q, int col, arena *a);           /* copy into arena; NULL stays NULL */

/* One-shot helpers. */
stmt *store_query(store *s, const char *sql, const char *types, ...);  /* prepared + bound */
int store_exec(store *s, const char *sql, const char *types, ...);     /* runs to completion */
int store_changes(store *s);                                            /* rows changed by the last exec */
/* First column of the first row: 1 found, 0 no row, < 0 error. */
int store_int64(store *s, int64_t *out, const char *sql, const char *types, ...);
int store_text(store *s, char **out, arena *a, const char *sql, const char *types, ...);
/* Runs a script of several statements without parameters (migrations only). */
int store_exec_script(store *s, const char *sql);

/* Transactions nest: the outermost begin/commit are real, inner ones are savepoints, so a
 * resource function can open a transaction whether or not its caller already did.
 * store_begin takes the write lock at once (BEGIN IMMEDIATE) so writers queue, not deadlock. */
int store_begin(store *s);
int store_commit(store *s);
void store_rollback(store *s);
int store_tx_depth(store *s);          /* write transactions only; a read snapshot is not counted */

/* A read snapshot around a whole request (web.c opens it, closes it at the end): the request's
 * reads share one transaction instead of each statement taking and dropping the database's
 * locks (a dozen system calls per statement on SQLite). Transparent to the code inside: the
 * snapshot ends by itself before store_begin or any statement that writes, so writes behave
 * exactly as without it. No-op inside a write transaction; store_end_read is always safe. */
int store_begin_read(store *s);
void store_end_read(store *s);
/* A number that changes whenever the database's committed content changes — by this
 * connection, another one, or another process — as seen by the current read snapshot (begun
 * here if need be). Caches derived from the data (web_cache.c) key on it. 0 means the backend
 * cannot tell, and callers must not cache. The number is per connection: compare it only with
 * earlier values from the same store. */
uint64_t store_data_version(store *s);
/* How many writes this process has made, through any of its connections: moves after every
 * writing statement, commit and rollback. Cheap (one atomic load): web_cache.c compares it on
 * every request and asks store_data_version only when it moved or some time has passed. */
uint64_t store_local_writes(void);

/* Dialect-specific operations (one implementation per backend). */
/* Turns a user's search words into the backend's full-text query: every word folded and
 * matched as a prefix ("nguy" finds "Nguyễn"). Returns NULL if no searchable word. */
char *store_fts_query(store *s, arena *a, const char *user_text);
/* Word search indexes: a migration creates one per searchable resource (donation_search);
 * resource SQL never writes the dialect's search syntax. SQLite serves an index from a
 * contentless FTS5 table with the vnfold tokenizer (rowid = key); a PostgreSQL backend from a
 * table (key bigint, words text holding vn_fold(words)) with a pg_trgm GIN index, matching each
 * query word at a word start ('\m' || word) so both give the same keys.
 * store_search_add: indexes `words` under `key`, inside the caller's transaction. `index` is a
 * plain identifier ([a-z_]); anything else is refused. (SQLite also records each new term in
 * search_term, from which store_fts_query writes a word as the OR of the terms it begins:
 * FTS5 would otherwise merge every matching term's whole document list for a prefix.)
 * store_search_from: the text of a FROM item, "(…) AS alias", with one column `key`: the keys
 * whose words contain every word of the query as a word prefix, the query being bound at
 * $param with the value of store_fts_query(). Drive a query from it and order by alias.key
 * (descending is cheap on both backends) to page a broad search without counting it. NULL
 * for a bad index or alias name. In the arena. */
int store_search_add(store *s, const char *index, int64_t key, const char *words);
/* store_search_add_many: the same for n pairs (keys[i], words[i]; NULL words index nothing), in
 * as few statements as the backend allows — a bulk import's batch. On SQLite this is more than a
 * saving of statements: inside a transaction FTS5 flushes its pending terms into a new segment at
 * every statement that opens a savepoint (any insert into a table with foreign keys does), so rows
 * indexed one by one between other inserts wrote one tiny segment each and then merged them.
 * store_search_remove: takes `key` out of the index; `words` must be exactly what was added under
 * it (a contentless FTS5 index deletes by the terms it was given; PostgreSQL ignores them). */
int store_search_add_many(store *s, const char *index, const int64_t *keys, const char *const *words, int n);
int store_search_remove(store *s, const char *index, int64_t key, const char *words);
const char *store_search_from(store *s, arena *a, const char *index, const char *alias, int param);
/* Many rows into one table with multi-row INSERTs (portable SQL: INSERT INTO t(a, b) VALUES
 * ($1, $2), ($3, $4) …): one statement per STORE_ROWS_PARAMS parameters instead of one per row —
 * a bulk import's rows, where each statement's own cost (binding, running, resetting; on SQLite a
 * savepoint per statement) was most of the write. Inside the caller's transaction; a failed
 * statement (a constraint: STORE_CONSTRAINT) fails the rest, and the caller rolls back.
 *   struct store_rows r;
 *   store_rows_begin(&r, s, "INSERT INTO t(a, b)", 2);
 *   for each row: store_rows_int(&r, a); store_rows_text(&r, b);
 *   rc = store_rows_end(&r);      STORE_OK or < 0
 * Values are kept until their statement runs: text must stay valid until store_rows_end (or
 * until the row count reaches a multiple of the rows per statement). */
#define STORE_ROWS_PARAMS 960
struct store_rows {
    store *s;
    const char *head;
    int ncols, per, nvals, rc;
    struct store_rows_value { const char *text; int64_t i; bool is_text; } vals[STORE_ROWS_PARAMS];
};
void store_rows_begin(struct store_rows *r, store *s, const char *head, int ncols);
void store_rows_int(struct store_rows *r, int64_t v);
void store_rows_text(struct store_rows *r, const char *v);   /* NULL: SQL NULL */
int store_rows_end(struct store_rows *r);
/* Reserves n ids of `table`'s integer primary key for rows the caller inserts with explicit ids
 * in this same write transaction (before it reserves again in that table): *first … *first+n-1.
 * SQLite: the write lock is held, so the ids after the largest are free. (A PostgreSQL backend
 * takes them from the table's sequence, which must then move past them.) */
int store_reserve_ids(store *s, const char *table, int64_t n, int64_t *first);
/* A bulk write (an import of many thousand rows) begins (on) or ends (off) on this connection:
 * the backend may keep more of the database in memory meanwhile (SQLite: a 64 MiB page cache
 * instead of its 2 MiB, so the indexes the import reads and extends stay in memory). */
void store_bulk_write(store *s, bool on);
/* Erasing personal data: deleted bytes must not stay readable in the database files.
 * store_scrub_begin makes this connection overwrite what it deletes from now on (SQLite:
 * secure_delete); store_scrub_end, after the commit, drops the old page images the backend
 * still keeps (SQLite: a truncating WAL checkpoint; PostgreSQL will VACUUM). */
void store_scrub_begin(store *s);
void store_scrub_end(store *s);
/* Consistent online copy of the whole database to `dest_path` (refuses to overwrite). */
int store_backup(store *s, const char *dest_path, char *err, size_t errlen);
/* Integrity check: 0 ok, else writes the first problem into err. */
int store_check(store *s, char *err, size_t errlen);

/* Migrations: numbered SQL files sql/NNN_name.sql embedded in the binary, applied in order,
 * each in its own transaction, recorded in schema_migration. */
int store_migrate(store *s, char *err, size_t errlen);
/* Calls fn for each known migration: number, name, applied-at (NULL if pending). */
int store_migration_status(store *s, void (*fn)(void *ctx, int num, const char *name,
                           const char *applied_at), void *ctx);

/* Query timing for /metrics: total seconds spent in the database by this process. */
double store_seconds_total(void);
/* Statement cache counters for /metrics (all connections of this process): statements served
 * from a connection's cache, and statements prepared (first use, a nested use of the same SQL,
 * or past the cache's guard). store_stmt_cached: how many distinct statements `s` holds. */
void store_stmt_stats(uint64_t *hits, uint64_t *prepares);
int store_stmt_cached(store *s);

/* ---- for commands (thidua …): the database named on the command line (cli_db_path) ---- */
/* The database of --db/$THIDUA_DB, opened with pending migrations applied (migrate.c); NULL
 * after printing the reason. */
store *cli_open_db(int *argc, char **argv);
/* An existing database at `path`, never a new one: a mistyped path must not leave an empty
 * database behind. `migrate`: apply pending migrations (false for commands that must not change
 * what they read, e.g. verifying a backup). NULL after a message naming `what` (e.g. "audit
 * verify"). */
store *cli_open_existing_db(const char *what, const char *path, bool migrate);
#endif
