/* fund_internal.h: what the fund folder's files share and nothing else includes: storing one
 * donation row with its search words (donation.c, used by statement.c and the demo) and the
 * checks every write to a fund starts with (fund.c). */
#ifndef THIDUA_FUND_INTERNAL_H
#define THIDUA_FUND_INTERNAL_H
#include "fund.h"

/* A donation as stored; the caller has validated it and holds the write transaction. */
struct donation_row {
    int64_t fund_id, donor_id, pledge_id, amount, statement_id;
    const char *given_on, *given_time, *channel, *in_kind, *reference, *message, *sender_name, *bank;
    int sender_confidence;
    const char *created_at;
    const char *donor_words;    /* the donor's public name, indexed for search (NULL: none) */
    int64_t import_batch_id;    /* the statement import's batch that stages it (import.h); 0: none */
};
/* The words donation_insert indexes for the public search (name, message, in-kind text, donor),
 * appended to `out`. Deterministic: a statement import's discard recomputes them to take its
 * staged rows back out of the (contentless) index; bench/donations_fill indexes its rows with the
 * same words. */
void donation_search_words(buf *out, const struct donation_row *d);
/* The two thresholds of donation_search's choice of driver (donation.c says what they do):
 * rows a range may match and still be read whole and sorted (5,000), distinct values of a range
 * read as one run each (400); 0 restores the default. Tests set small ones to drive every path
 * over a fund of a few thousand rows. */
void donation_search_limits(int64_t sort_cap, int groups_max);
/* Inserts the row and its search words; the new id or < 0. */
int64_t donation_insert(store *s, const struct donation_row *d);
/* Inserts the row only: a statement import indexes a whole batch's words in one call
 * (store_search_add_many) after its other inserts. The new id or < 0. */
int64_t donation_insert_unindexed(store *s, const struct donation_row *d);

/* Loads the fund and checks that the actor may manage it: 1, 0 with a field error, < 0. */
int fund_manageable(store *s, arena *a, const struct actor *ac, int64_t fund_id, struct fund *f, struct field_errors *fe);
#endif
