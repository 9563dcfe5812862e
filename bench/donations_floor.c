/* bench/donations_floor.c: the floor under the statement import's rate — what SQLite alone takes
 * to write rows the importer wrote, without reading, checking or parsing anything.
 * Usage: donations_floor SOURCE_DB TARGET_DB TARGET_FUND_ID
 * SOURCE_DB holds a fund filled by `thidua donation import` (bench/donations' import half);
 * TARGET_DB is a fresh thidua database with an empty fund. The same rows are copied with
 * INSERT … SELECT into the target's schema (its indexes, foreign keys and unique line keys), each
 * table in one transaction, and the donations' search words are indexed through
 * store_search_add_many as the importer does. Prints one line: the seconds of each part and the
 * total, which bench/donations sets against sqlite3's `.import` of the same lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fund_internal.h"
#include "store.h"
#include "util.h"

static double seconds_since(int64_t t0) { return (double)(now_ms() - t0) / 1000.0; }

static int run(store *s, const char *sql, int64_t fund)
{
    if (store_begin(s) != STORE_OK) return -1;
    int rc = store_exec(s, sql, "i", fund);
    if (rc != STORE_OK || store_commit(s) != STORE_OK) {
        fprintf(stderr, "%s: %s\n", sql, store_errmsg(s));
        store_rollback(s);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: donations_floor SOURCE_DB TARGET_DB TARGET_FUND_ID\n"); return 2; }
    int64_t fund = atoll(argv[3]);
    char err[256];
    store *s = store_open(argv[2], err, sizeof err);
    if (!s) { fprintf(stderr, "%s\n", err); return 1; }
    store_bulk_write(s, true);
    if (strchr(argv[1], '\'')) { fprintf(stderr, "the source path may not hold a quote\n"); return 2; }
    buf attach = {0};
    buf_printf(&attach, "ATTACH DATABASE '%s' AS src", argv[1]);
    if (store_exec_script(s, buf_str(&attach)) != STORE_OK) { fprintf(stderr, "attach: %s\n", store_errmsg(s)); return 1; }
    buf_free(&attach);
    int64_t t0 = now_ms();
    if (run(s, "INSERT INTO fund_statement(id, fund_id, file_name, sha256, profile, lines, new_count, matched, imported_at,"
               " imported_by) SELECT id, $1, file_name, sha256, profile, lines, new_count, matched, imported_at, imported_by"
               " FROM src.fund_statement", fund) < 0)
        return 1;
    if (run(s, "INSERT INTO donation(id, fund_id, amount, given_on, given_time, channel, bank, reference, message, sender_name,"
               " sender_confidence, statement_id, created_at, import_batch_id) SELECT id, $1, amount, given_on, given_time,"
               " channel, bank, reference, message, sender_name, sender_confidence, statement_id, created_at, NULL"
               " FROM src.donation ORDER BY id", fund) < 0)
        return 1;
    double t_donation = seconds_since(t0);
    int64_t t1 = now_ms();
    if (run(s, "INSERT INTO donation_line(id, fund_id, line_key, donation_id, statement_id, line_no, how)"
               " SELECT id, $1, line_key, donation_id, statement_id, line_no, how FROM src.donation_line ORDER BY id", fund) < 0)
        return 1;
    double t_line = seconds_since(t1);
    /* the search words, as the importer indexes them: 20,000 donations per transaction */
    int64_t t2 = now_ms();
    stmt *q = store_query(s, "SELECT id, message, sender_name FROM src.donation ORDER BY id", "");
    if (!q) return 1;
    enum { CHUNK = 20000 };
    int64_t *keys = xmalloc(sizeof *keys * CHUNK);
    const char **words = xmalloc(sizeof *words * CHUNK);
    arena wa = {0};
    int n = 0, rc;
    int64_t rows = 0;
    bool ok = store_begin(s) == STORE_OK;
    while (ok && (rc = stmt_step(q)) == STORE_ROW) {
        struct donation_row row = {.message = stmt_text(q, 1), .sender_name = stmt_text(q, 2)};
        buf w = {0};
        donation_search_words(&w, &row);
        keys[n] = stmt_int64(q, 0);
        words[n++] = arena_strdup(&wa, buf_str(&w));
        buf_free(&w);
        rows++;
        if (n == CHUNK) {
            ok = store_search_add_many(s, "donation_search", keys, words, n) == STORE_OK && store_commit(s) == STORE_OK &&
                 store_begin(s) == STORE_OK;
            arena_free(&wa);
            n = 0;
        }
    }
    stmt_finalize(q);
    ok = ok && store_search_add_many(s, "donation_search", keys, words, n) == STORE_OK && store_commit(s) == STORE_OK;
    if (!ok) { fprintf(stderr, "search words: %s\n", store_errmsg(s)); return 1; }
    double t_words = seconds_since(t2);
    arena_free(&wa);
    free(keys);
    free(words);
    printf("%lld %.3f %.3f %.3f %.3f\n", (long long)rows, t_donation, t_line, t_words, seconds_since(t0));
    store_close(s);
    return 0;
}
