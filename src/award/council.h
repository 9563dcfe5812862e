/* council.h: the provincial emulation and commendation council (Hội đồng Thi đua – Khen thưởng):
 * its members per year, its meetings with an agenda of proposals, and the SECRET ballot on each
 * agenda item (ballot.c).
 *
 * Secrecy is a property of the storage, not of the pages: who voted on an item is one table
 * (council_ballot_cast: item, member — no choice, no time), how the item was voted is three
 * counters on the item (council_item: for, against, abstain — no voter). No row, column, order or
 * audit entry links the two: a vote's audit entry says THAT the user voted on the item, never how
 * (audit.h: the choice is never even offered to it), and after each vote the store is asked to drop
 * the old page images it keeps (store_scrub_end: SQLite's write-ahead log), so the counters' history
 * is not left beside the voters' rows. Counters are shown only once the meeting is closed, so
 * watching them move cannot reveal a vote either. The ballot routes never log request bodies (no
 * route logs bodies; the choice is never in a path or a query).
 *
 * Roles: the Board (capability appraise) keeps the roll, opens meetings, sets the agenda and closes
 * the meeting; members (capability ballot, and on the roll of the meeting's year) vote. Closing
 * applies the ballot rule in force on the meeting's day (award_rules.h: quorum and pass threshold
 * with their citation) and moves each proposal: passed → approved, failed → refused; an item
 * without a quorum stays with the council for a later meeting. */
#ifndef THIDUA_COUNCIL_H
#define THIDUA_COUNCIL_H
#include <jansson.h>
#include <stdint.h>

#include "actor.h"
#include "html.h"
#include "store.h"

struct council_member {
    int64_t id, user_id;
    int year;
    const char *login, *name, *position;
};
struct council_meeting {
    int64_t id;
    int year;
    const char *held_on, *title, *state, *quorum_rule, *created_by;
    int members;               /* members on the roll (at closing: frozen) */
};
enum ballot_choice { BALLOT_FOR = 0, BALLOT_AGAINST = 1, BALLOT_ABSTAIN = 2 };
struct council_item {
    int64_t id, meeting_id, proposal_id;
    const char *subject_name, *form_code, *proposal_state;
    const char *result;        /* "pending" | "passed" | "failed" | "no_quorum" */
    int voted;                 /* members who voted on it (public: THAT they voted) */
    /* The tally: only filled once the meeting is closed (-1 before). */
    int votes_for, votes_against, votes_abstain;
};

/* ---- the roll ---- */
int64_t council_member_add(store *s, arena *a, const struct actor *ac, int year, int64_t user_id, const char *position,
                           struct field_errors *fe);
int council_members(store *s, arena *a, int year, struct council_member **out, int *n);

/* ---- meetings and agenda ---- */
int64_t council_meeting_create(store *s, arena *a, const struct actor *ac, const char *held_on, const char *title,
                               struct field_errors *fe);
int council_meeting_get(store *s, arena *a, int64_t id, struct council_meeting *out);   /* 1, 0, < 0 */
int council_meetings(store *s, arena *a, struct council_meeting **out, int *n);
/* Puts a proposal waiting for the council (state to_council) on an open meeting's agenda. */
int64_t council_item_add(store *s, arena *a, const struct actor *ac, int64_t meeting_id, int64_t proposal_id,
                         struct field_errors *fe);
int council_items(store *s, arena *a, int64_t meeting_id, struct council_item **out, int *n);
/* Whether the actor (a member of the meeting's year) has voted on the item: 1 yes, 0 no, < 0. */
int council_has_voted(store *s, const struct actor *ac, int64_t item_id);

/* ---- the secret ballot (ballot.c) ---- */
/* One vote of the actor on an item of an open meeting: the actor must hold ballot and be on the
 * roll of the meeting's year, and may vote once per item. > 0 done (the item id), 0 refused with
 * field errors ("scope": not a member; "choice", "item"), < 0 store error. */
int64_t ballot_cast(store *s, arena *a, const struct actor *ac, int64_t item_id, enum ballot_choice choice,
                    struct field_errors *fe);
int ballot_choice_from_name(const char *name);    /* "for" | "against" | "abstain" → enum; -1 */
/* Closes the meeting: tallies each item under the ballot rule in force on the meeting's day and
 * moves the proposals. > 0 done, 0 refused (field errors), < 0 store error. */
int64_t council_meeting_close(store *s, arena *a, const struct actor *ac, int64_t meeting_id, struct field_errors *fe);

/* council_pdf.c: the minutes of a closed meeting (counts only). 0, or -1 with a message in err. */
int council_minutes_pdf(store *s, arena *a, int64_t meeting_id, buf *out, char *err, size_t errlen);

json_t *council_meeting_json(const struct council_meeting *m);
json_t *council_item_json(const struct council_item *it);
#endif
