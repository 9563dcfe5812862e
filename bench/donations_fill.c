/* bench/donations_fill.c: the fast path that fills a fund for the search half of bench/donations.
 * Usage: donations_fill DB FUND_ID YEAR < generated.csv (bench/donations_gen.py's layout:
 * date,bank,id,money,desc,page with "dd/mm h:mm:ss" dates).
 * Each line becomes the donation row the statement importer writes (the same columns, the sender
 * name from vn_sender_extract, the search words from donation_search_words, indexed by
 * store_search_add) with the row's insert prepared once (the importer prepares per line);
 * skipped is only what a search never reads: line keys, reconciliation look-ups, SHA-256, the
 * per-line report. Committed every 100,000 rows. A line that does not parse stops the fill with
 * its line number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fund_internal.h"
#include "store.h"
#include "util.h"
#include "vn.h"

#define BATCH 100000

/* "dd/mm h:mm:ss" → ISO day and HH:MM:SS; false if the field is not that. */
static bool parse_stamp(const char *f, int year, char iso[11], char hms[9])
{
    int d, m, h, mi, s;
    if (sscanf(f, "%2d/%2d %d:%2d:%2d", &d, &m, &h, &mi, &s) != 5) return false;
    if (d < 1 || d > 31 || m < 1 || m > 12 || h > 23 || mi > 59 || s > 59) return false;
    snprintf(iso, 11, "%04d-%02d-%02d", year, m, d);
    snprintf(hms, 9, "%02d:%02d:%02d", h, mi, s);
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: donations_fill DB FUND_ID YEAR < generated.csv\n"); return 2; }
    int64_t fund_id = atoll(argv[2]);
    int year = atoi(argv[3]);
    char err[256];
    store *s = store_open(argv[1], err, sizeof err);
    if (!s) { fprintf(stderr, "%s\n", err); return 1; }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, rows = 0;
    const char *now = "2024-12-01T00:00:00Z";
    stmt *ins = store_prepare(s, "INSERT INTO donation(fund_id, amount, given_on, given_time, channel, bank, reference,"
                                 " message, sender_name, sender_confidence, created_at)"
                                 " VALUES ($1, $2, $3, $4, 'transfer', $5, $6, $7, $8, $9, $10) RETURNING id");
    if (!ins) { fprintf(stderr, "%s\n", store_errmsg(s)); return 1; }
    buf words = {0};
    if (store_begin(s) != STORE_OK) { fprintf(stderr, "%s\n", store_errmsg(s)); return 1; }
    while (getline(&line, &cap, stdin) > 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (lineno == 1 && strncmp(line, "date,", 5) == 0) continue;
        /* date,bank,id,money,<message with any commas>,page */
        char *f[4], *p = line;
        for (int i = 0; i < 4; i++) {
            f[i] = p;
            p = strchr(p, ',');
            if (!p) { fprintf(stderr, "line %ld: fewer than six fields\n", lineno); return 1; }
            *p++ = 0;
        }
        char *last = strrchr(p, ',');
        if (!last) { fprintf(stderr, "line %ld: no page field\n", lineno); return 1; }
        *last = 0;
        char iso[11], hms[9];
        char *end;
        long long money = strtoll(f[3], &end, 10);
        if (!parse_stamp(f[0], year, iso, hms) || *end || money <= 0) {
            fprintf(stderr, "line %ld: bad date or amount\n", lineno);
            return 1;
        }
        struct vn_sender snd;
        bool named = vn_sender_extract(p, strlen(p), &snd);
        struct donation_row row = {
            .fund_id = fund_id, .amount = money, .given_on = iso, .given_time = hms, .channel = "transfer",
            .reference = f[2], .message = p, .sender_name = named ? snd.name : NULL,
            .sender_confidence = named ? snd.confidence : 0, .bank = f[1], .created_at = now,
        };
        stmt_bind_int64(ins, 1, row.fund_id);
        stmt_bind_int64(ins, 2, row.amount);
        stmt_bind_text(ins, 3, row.given_on);
        stmt_bind_text(ins, 4, row.given_time);
        stmt_bind_text(ins, 5, row.bank);
        stmt_bind_text(ins, 6, row.reference);
        stmt_bind_text(ins, 7, row.message);
        if (row.sender_name) stmt_bind_text(ins, 8, row.sender_name); else stmt_bind_null(ins, 8);
        stmt_bind_int64(ins, 9, row.sender_confidence);
        stmt_bind_text(ins, 10, row.created_at);
        if (stmt_step(ins) != STORE_ROW) { fprintf(stderr, "line %ld: %s\n", lineno, store_errmsg(s)); return 1; }
        int64_t id = stmt_int64(ins, 0);
        words.len = 0;
        if (words.data) words.data[0] = 0;
        donation_search_words(&words, &row);
        if (store_search_add(s, "donation_search", id, buf_str(&words)) != STORE_OK) {
            fprintf(stderr, "line %ld: %s\n", lineno, store_errmsg(s));
            return 1;
        }
        stmt_reset(ins);   /* a statement left mid-step would block the commit */
        if (++rows % BATCH == 0) {
            if (store_commit(s) != STORE_OK || store_begin(s) != STORE_OK) { fprintf(stderr, "%s\n", store_errmsg(s)); return 1; }
        }
    }
    if (store_commit(s) != STORE_OK) { fprintf(stderr, "%s\n", store_errmsg(s)); return 1; }
    free(line);
    buf_free(&words);
    stmt_finalize(ins);
    store_close(s);
    printf("%ld\n", rows);
    return 0;
}
