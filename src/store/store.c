/* store.c: the backend-independent half of the store API (store.h). Chooses the backend from
 * the database path in store_open; dispatches every database-dependent call through the
 * connection's or statement's operations table (store_backend.h); writes once what every
 * backend shares: the one-shot helpers, binding by type string, and the process-wide counters. */
#include "store_backend.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- choosing the backend ---- */

/* Path prefixes that name a backend, matched without regard to case (URL schemes are
 * case-insensitive). `ops` NULL: a backend thidua knows but this binary was built without,
 * refused with a message that says so (rather than, say, SQLite creating a file named
 * "postgres:"). `whole`: the backend takes the path as it is (libpq parses its own URLs);
 * otherwise it gets what follows the prefix. A path without a prefix is a SQLite file. */
static const struct scheme {
    const char *prefix;
    const char *backend;
    const struct store_ops *ops;
    bool whole;
} schemes[] = {
    {"sqlite:", "SQLite", &store_sqlite_ops, false},
    {"postgres://", "PostgreSQL", NULL, true},
    {"postgresql://", "PostgreSQL", NULL, true},
};

/* The scheme `path` starts with; NULL for a plain file path. *unknown is set when the path does
 * start with a URL scheme ("name://"), but not one of the above: a typo such as "postgress://"
 * must not become a SQLite file of that name. */
static const struct scheme *scheme_of(const char *path, bool *unknown)
{
    *unknown = false;
    for (size_t i = 0; i < countof(schemes); i++)
        if (strncasecmp(path, schemes[i].prefix, strlen(schemes[i].prefix)) == 0) return &schemes[i];
    /* RFC 3986: a scheme is a letter, then letters, digits, '+', '-' or '.'. */
    const char *p = path;
    if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
        while (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') ||
               *p == '+' || *p == '-' || *p == '.') p++;
    *unknown = p > path && strncmp(p, "://", 3) == 0;
    return NULL;
}

/* Appends at most n bytes of p to out (size outlen, *o used so far), always terminated. */
static void put(char *out, size_t outlen, size_t *o, const char *p, size_t n)
{
    if (!outlen) return;
    size_t room = outlen - 1 - *o;
    if (n > room) n = room;
    memcpy(out + *o, p, n);
    *o += n;
    out[*o] = 0;
}

const char *store_redact(const char *path, char *out, size_t outlen)
{
    size_t o = 0;
    if (outlen) out[0] = 0;
    const char *p = path;
    const char *sep = strstr(path, "://");
    if (sep) {
        /* The authority runs to the first '/', '?' or '#'; its user information ends at the last
         * '@' in it (a password may itself contain '@' only percent-encoded, but be lenient). */
        const char *auth = sep + 3;
        const char *end = auth + strcspn(auth, "/?#");
        const char *at = NULL;
        for (const char *c = auth; c < end; c++) if (*c == '@') at = c;
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            put(out, outlen, &o, path, (size_t)(colon + 1 - path));
            put(out, outlen, &o, "***", 3);
            p = at;
        }
    }
    /* libpq also takes the password as a query parameter: "?password=…" or "&password=…". */
    const char *query = strchr(p, '?');
    if (!query) {
        put(out, outlen, &o, p, strlen(p));
        return out;
    }
    put(out, outlen, &o, p, (size_t)(query - p));
    p = query;
    while (*p) {
        put(out, outlen, &o, p, 1);   /* '?' or '&' */
        p++;
        size_t n = strcspn(p, "&#");
        if (n >= 9 && strncasecmp(p, "password=", 9) == 0) {
            put(out, outlen, &o, p, 9);
            put(out, outlen, &o, "***", 3);
        } else {
            put(out, outlen, &o, p, n);
        }
        p += n;
        if (*p == '#') { put(out, outlen, &o, p, strlen(p)); break; }
    }
    return out;
}

store *store_open(const char *path, char *err, size_t errlen)
{
    bool unknown;
    const struct scheme *sc = scheme_of(path, &unknown);
    if (unknown || (sc && !sc->ops)) {
        char shown[512];
        store_redact(path, shown, sizeof shown);
        if (unknown)
            snprintf(err, errlen, "cannot open database %s: unknown kind of database (a file path, "
                     "sqlite:FILE, or postgresql://…)", shown);
        else
            snprintf(err, errlen, "cannot open database %s: %s backend not built in this binary",
                     shown, sc->backend);
        return NULL;
    }
    const struct store_ops *ops = sc ? sc->ops : &store_sqlite_ops;
    const char *target = sc && !sc->whole ? path + strlen(sc->prefix) : path;
    store *s = ops->open(target, err, errlen);
    if (!s) return NULL;
    s->ops = ops;
    /* store_path must open the same database again (the server opens one connection per worker
     * with it), and for a SQLite file it should be the file's own path, which files kept beside
     * the database (secret.c's key file) are named after. So "sqlite:x.db" answers "x.db",
     * unless "x.db" itself would be read as another prefix or scheme. */
    bool again_unknown;
    bool plain = target != path && !scheme_of(target, &again_unknown) && !again_unknown;
    s->path = xstrdup(plain ? target : path);
    return s;
}

/* ---- dispatch ---- */

void store_close(store *s)
{
    if (!s) return;
    char *path = s->path;
    s->ops->close(s);
    free(path);
}

const char *store_errmsg(store *s) { return s->ops->errmsg(s); }
const char *store_backend(store *s) { return s->ops->name; }
const char *store_path(store *s) { return s->path; }

int store_set_error(store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    return STORE_ERR;
}

stmt *store_prepare(store *s, const char *sql) { return s->ops->prepare(s, sql); }

/* A NULL text is SQL NULL, for every backend. */
int stmt_bind_text(stmt *q, int n, const char *v)
{
    return v ? q->ops->bind_text(q, n, v) : q->ops->bind_null(q, n);
}
int stmt_bind_textn(stmt *q, int n, const char *v, size_t len)
{
    return v ? q->ops->bind_textn(q, n, v, len) : q->ops->bind_null(q, n);
}
int stmt_bind_int64(stmt *q, int n, int64_t v) { return q->ops->bind_int64(q, n, v); }
int stmt_bind_null(stmt *q, int n) { return q->ops->bind_null(q, n); }
int stmt_bind_blob(stmt *q, int n, const void *p, size_t len) { return q->ops->bind_blob(q, n, p, len); }

int stmt_bindv(stmt *q, const char *types, va_list ap)
{
    const struct store_ops *ops = q->ops;
    int n = 1, rc = STORE_OK;
    for (const char *t = types ? types : ""; *t && rc == STORE_OK; t++, n++) {
        switch (*t) {
        case 't': {
            const char *v = va_arg(ap, const char *);
            rc = v ? ops->bind_text(q, n, v) : ops->bind_null(q, n);
            break;
        }
        case 'i': rc = ops->bind_int64(q, n, va_arg(ap, int64_t)); break;
        case 'I': rc = ops->bind_int64(q, n, va_arg(ap, int)); break;
        case 'n': rc = ops->bind_null(q, n); break;
        case 'b': {
            const void *p = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            rc = ops->bind_blob(q, n, p, len);
            break;
        }
        default:
            rc = store_set_error(q->s, "bad bind type '%c'", *t);
        }
    }
    /* Too few values would leave the rest NULL and turn `WHERE x=$2` into a silent no-match.
     * An empty type string is allowed: the caller then binds one by one. */
    if (rc == STORE_OK && types && *types) {
        int want = ops->params(q);
        if (n - 1 != want)
            rc = store_set_error(q->s, "statement has %d parameter(s), type string \"%s\" binds %d",
                                 want, types, n - 1);
    }
    return rc;
}

int stmt_step(stmt *q) { return q->ops->step(q); }
int stmt_reset(stmt *q) { return q->ops->reset(q); }
void stmt_finalize(stmt *q)
{
    if (q) q->ops->finalize(q);
}
int stmt_columns(stmt *q) { return q->ops->columns(q); }
const char *stmt_column_name(stmt *q, int col) { return q->ops->column_name(q, col); }
const char *stmt_text(stmt *q, int col) { return q->ops->text(q, col); }
int64_t stmt_int64(stmt *q, int col) { return q->ops->int64(q, col); }
bool stmt_is_null(stmt *q, int col) { return q->ops->is_null(q, col); }
const void *stmt_blob(stmt *q, int col, size_t *len) { return q->ops->blob(q, col, len); }
char *stmt_text_dup(stmt *q, int col, arena *a) { return arena_strdup(a, q->ops->text(q, col)); }

int store_changes(store *s) { return s->ops->changes(s); }
int store_exec_script(store *s, const char *sql) { return s->ops->exec_script(s, sql); }
int store_stmt_cached(store *s) { return s->ops->stmt_cached(s); }

int store_begin(store *s) { return s->ops->begin(s); }
int store_commit(store *s) { return s->ops->commit(s); }
void store_rollback(store *s) { s->ops->rollback(s); }
int store_tx_depth(store *s) { return s->ops->tx_depth(s); }
int store_begin_read(store *s) { return s->ops->begin_read(s); }
void store_end_read(store *s) { s->ops->end_read(s); }
uint64_t store_data_version(store *s) { return s->ops->data_version(s); }

char *store_fts_query(store *s, arena *a, const char *user_text) { return s->ops->fts_query(s, a, user_text); }
/* Index and alias names are pasted into SQL, so only plain identifiers pass. */
static bool search_ident_ok(const char *name)
{
    if (!name || !*name || strlen(name) > 48) return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_')) return false;
    return true;
}
int store_search_add(store *s, const char *index, int64_t key, const char *words)
{
    if (!search_ident_ok(index)) return store_set_error(s, "bad search index name");
    return s->ops->search_add(s, index, key, words ? words : "");
}
int store_search_add_many(store *s, const char *index, const int64_t *keys, const char *const *words, int n)
{
    if (!search_ident_ok(index)) return store_set_error(s, "bad search index name");
    return n > 0 ? s->ops->search_add_many(s, index, keys, words, n) : STORE_OK;
}
int store_search_remove(store *s, const char *index, int64_t key, const char *words)
{
    if (!search_ident_ok(index)) return store_set_error(s, "bad search index name");
    return s->ops->search_remove(s, index, key, words ? words : "");
}
const char *store_search_from(store *s, arena *a, const char *index, const char *alias, int param)
{
    if (!search_ident_ok(index) || !search_ident_ok(alias) || param < 1 || param > 99) return NULL;
    return s->ops->search_from(s, a, index, alias, param);
}
void store_bulk_write(store *s, bool on) { s->ops->bulk_write(s, on); }
void store_scrub_begin(store *s) { s->ops->scrub_begin(s); }
void store_scrub_end(store *s) { s->ops->scrub_end(s); }
int store_backup(store *s, const char *dest_path, char *err, size_t errlen)
{
    return s->ops->backup(s, dest_path, err, errlen);
}
int store_check(store *s, char *err, size_t errlen) { return s->ops->check(s, err, errlen); }

/* ---- one-shot helpers, on top of the operations ---- */

static stmt *query_v(store *s, const char *sql, const char *types, va_list ap)
{
    stmt *q = s->ops->prepare(s, sql);
    if (!q) return NULL;
    if (stmt_bindv(q, types, ap) != STORE_OK) {
        log_error("store: bind failed: %s in: %.200s", s->err, sql);
        s->ops->finalize(q);
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
    while ((rc = s->ops->step(q)) == STORE_ROW) {}
    s->ops->finalize(q);
    return rc == STORE_DONE ? STORE_OK : rc;
}

int store_int64(store *s, int64_t *out, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    stmt *q = query_v(s, sql, types, ap);
    va_end(ap);
    if (!q) return STORE_ERR;
    int rc = s->ops->step(q);
    int result = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
    if (rc == STORE_ROW) *out = s->ops->int64(q, 0);
    s->ops->finalize(q);
    return result;
}

int store_text(store *s, char **out, arena *a, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    stmt *q = query_v(s, sql, types, ap);
    va_end(ap);
    if (!q) return STORE_ERR;
    int rc = s->ops->step(q);
    int result = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
    *out = rc == STORE_ROW ? arena_strdup(a, s->ops->text(q, 0)) : NULL;
    s->ops->finalize(q);
    return result;
}

/* ---- process-wide counters (store_backend.h) ---- */

_Atomic long long store_nanos_total;
_Atomic uint64_t store_hits_total, store_prepares_total, store_writes_total;

double store_seconds_total(void) { return (double)store_nanos_total / 1e9; }
void store_stmt_stats(uint64_t *hits, uint64_t *prepares)
{
    *hits = store_hits_total;
    *prepares = store_prepares_total;
}
uint64_t store_local_writes(void) { return store_writes_total; }

/* ---- multi-row inserts (store.h: store_rows) ---- */
void store_rows_begin(struct store_rows *r, store *s, const char *head, int ncols)
{
    r->s = s;
    r->head = head;
    r->ncols = ncols > 0 ? ncols : 1;
    r->per = STORE_ROWS_PARAMS / r->ncols;
    if (r->per < 1) r->per = 1;
    r->nvals = 0;
    r->rc = ncols > 0 && ncols <= STORE_ROWS_PARAMS ? STORE_OK : store_set_error(s, "store_rows: %d columns", ncols);
}

/* Runs the INSERT of the buffered rows (whole rows only). The statement text of a full chunk is
 * the same every time, so the prepared-statement cache keeps it; a shorter last chunk is sent as
 * power-of-two pieces, so a handful of statements covers every size. */
static void rows_flush(struct store_rows *r)
{
    int rows = r->nvals / r->ncols, done = 0;
    while (r->rc == STORE_OK && done < rows) {
        int n = r->per;
        while (n > rows - done) n /= 2;
        buf sql = {0};
        buf_puts(&sql, r->head);
        buf_puts(&sql, " VALUES ");
        for (int i = 0, p = 1; i < n; i++) {
            buf_puts(&sql, i ? ", (" : "(");
            for (int c = 0; c < r->ncols; c++, p++) buf_printf(&sql, c ? ", $%d" : "$%d", p);
            buf_putc(&sql, ')');
        }
        stmt *q = store_prepare(r->s, buf_str(&sql));
        buf_free(&sql);
        if (!q) { r->rc = STORE_ERR; break; }
        const struct store_rows_value *v = r->vals + (size_t)done * (size_t)r->ncols;
        int rc = STORE_OK;
        for (int i = 0; i < n * r->ncols && rc == STORE_OK; i++)
            rc = v[i].is_text ? (v[i].text ? stmt_bind_text(q, i + 1, v[i].text) : stmt_bind_null(q, i + 1))
                              : stmt_bind_int64(q, i + 1, v[i].i);
        if (rc == STORE_OK) rc = stmt_step(q);
        stmt_finalize(q);
        if (rc != STORE_DONE) { r->rc = rc < 0 ? rc : STORE_ERR; break; }
        done += n;
    }
    r->nvals = 0;
}

static struct store_rows_value *rows_next(struct store_rows *r)
{
    if (r->rc != STORE_OK) return NULL;
    if (r->nvals == r->per * r->ncols) rows_flush(r);
    return r->rc == STORE_OK ? &r->vals[r->nvals++] : NULL;
}

void store_rows_int(struct store_rows *r, int64_t v)
{
    struct store_rows_value *x = rows_next(r);
    if (x) *x = (struct store_rows_value){.i = v};
}

void store_rows_text(struct store_rows *r, const char *v)
{
    struct store_rows_value *x = rows_next(r);
    if (x) *x = (struct store_rows_value){.text = v, .is_text = true};
}

int store_rows_end(struct store_rows *r)
{
    if (r->rc == STORE_OK && r->nvals % r->ncols != 0)
        r->rc = store_set_error(r->s, "store_rows: %d values do not fill rows of %d columns", r->nvals, r->ncols);
    if (r->rc == STORE_OK) rows_flush(r);
    return r->rc;
}

int store_reserve_ids(store *s, const char *table, int64_t n, int64_t *first)
{
    for (const char *p = table; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_')) return store_set_error(s, "store_reserve_ids: bad table name");
    if (store_tx_depth(s) == 0) return store_set_error(s, "store_reserve_ids outside a write transaction");
    char sql[120];
    snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) + 1 FROM %s", table);
    (void)n;
    return store_int64(s, first, sql, "") == 1 ? STORE_OK : STORE_ERR;
}
