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
};
/* Inserts the row and its search words; the new id or < 0. */
int64_t donation_insert(store *s, const struct donation_row *d);

/* Loads the fund and checks that the actor may manage it: 1, 0 with a field error, < 0. */
int fund_manageable(store *s, arena *a, const struct actor *ac, int64_t fund_id, struct fund *f, struct field_errors *fe);
#endif
