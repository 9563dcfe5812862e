/* vn_fts.c: Vietnamese search and ordering inside SQLite: the FTS5 tokenizer "vnfold" and the
 * SQL functions vn_fold(), vn_sortkey() and vn_name_sortkey(), registered together on a
 * connection by vn_fts5_register().
 *
 * Why our own tokenizer: FTS5's unicode61 with remove_diacritics does not fold đ to d (đ has no
 * Unicode decomposition), so "duong" would not find "Đường". Each token here is folded with
 * vn_fold, the function that also builds folded columns, so an FTS query, a LIKE on a folded
 * column and the PostgreSQL backend (which stores the same vn_fold output in a column rather
 * than relying on unaccent) all see the same tokens. Prefix queries ("nguy*") work because FTS5
 * folds the query with the same tokenizer and matches the folded prefix. */
#include <sqlite3.h>
#include <string.h>
#include <utf8proc.h>

#include "vn.h"

/* A token is a maximal run of letters, digits and combining marks; default-ignorable format
 * characters (soft hyphen, zero-width joiner …) inside a word do not split it (vn_fold drops
 * them), so "Nguy<SHY>ễn" is one token. */
static bool is_token_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp < 0) return false;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    switch (p->category) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    case UTF8PROC_CATEGORY_CF:
        return p->ignorable;
    default:
        return false;
    }
}

struct vnfold_tokenizer { int unused; };

static int vnfold_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ctx;
    (void)argv;
    *out = NULL;
    if (argc > 0) return SQLITE_ERROR;  /* vnfold takes no options */
    struct vnfold_tokenizer *t = sqlite3_malloc(sizeof *t);
    if (!t) return SQLITE_NOMEM;
    t->unused = 0;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void vnfold_delete(Fts5Tokenizer *t) { sqlite3_free(t); }

int vn_fts_tokens(const char *text, size_t len, vn_token_fn emit, void *ctx)
{
    const unsigned char *u = (const unsigned char *)text;
    buf folded = {0};
    int rc = 0;
    size_t i = 0;
    while (i < len && rc == 0) {
        size_t n;
        int32_t cp = vn_utf8_decode(u + i, len - i, &n);
        if (!is_token_cp(cp)) { i += n; continue; }
        size_t start = i;
        i += n;
        while (i < len) {
            cp = vn_utf8_decode(u + i, len - i, &n);
            if (!is_token_cp(cp)) break;
            i += n;
        }
        buf_reset(&folded);
        vn_fold(text + start, i - start, &folded);
        if (folded.len > 0 && folded.len < 0x7FFFFFFF) rc = emit(ctx, folded.data, folded.len, start, i);
    }
    buf_free(&folded);
    return rc;
}

struct fts5_emit { void *ctx; int (*emit)(void *, int, const char *, int, int, int); };

static int fts5_emit_token(void *ctx, const char *tok, size_t n, size_t start, size_t end)
{
    struct fts5_emit *e = ctx;
    return e->emit(e->ctx, 0, tok, (int)n, (int)start, (int)end);
}

static int vnfold_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int ntext,
                           int (*emit)(void *, int, const char *, int, int, int))
{
    (void)tok;
    (void)flags;
    struct fts5_emit e = {ctx, emit};
    return vn_fts_tokens(text, ntext > 0 ? (size_t)ntext : 0, fts5_emit_token, &e);
}

/* ---- SQL functions ----------------------------------------------------------------------- */

static void sql_text_fn(sqlite3_context *ctx, sqlite3_value **argv,
                        size_t (*fn)(const char *, size_t, buf *), bool blob)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    buf out = {0};
    fn(s, (size_t)n, &out);
    if (out.len > 0x7FFFFFFF) {
        buf_free(&out);
        sqlite3_result_error_toobig(ctx);
        return;
    }
    int len = (int)out.len;
    char *data = buf_detach(&out);
    if (blob) sqlite3_result_blob(ctx, data, len, free);
    else sqlite3_result_text(ctx, data, len, free);
}

static void sql_vn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sql_text_fn(ctx, argv, vn_fold, false);
}

static void sql_vn_sortkey(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sql_text_fn(ctx, argv, vn_sortkey, true);
}

static void sql_vn_name_sortkey(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sql_text_fn(ctx, argv, vn_name_sortkey, true);
}

/* FTS5 hands out its API through a pointer-passing query (SQLite's documented way). */
static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int vn_fts5_register(sqlite3 *db)
{
    static fts5_tokenizer vnfold = {vnfold_create, vnfold_delete, vnfold_tokenize};
#ifdef SQLITE_INNOCUOUS
    const int fl = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
#else
    const int fl = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
#endif
    int rc = sqlite3_create_function(db, "vn_fold", 1, fl, NULL, sql_vn_fold, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "vn_sortkey", 1, fl, NULL, sql_vn_sortkey, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "vn_name_sortkey", 1, fl, NULL, sql_vn_name_sortkey, NULL, NULL);
    if (rc != SQLITE_OK) return rc;
    fts5_api *api = fts5_api_of(db);
    if (!api || api->iVersion < 2) return SQLITE_ERROR;
    return api->xCreateTokenizer(api, "vnfold", NULL, &vnfold, NULL);
}
