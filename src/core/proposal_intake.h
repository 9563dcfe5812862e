/* proposal_intake.h: the hand-over from the capabilities that find who deserves an award —
 * fundraising (a donor's total reached a tier tied to a commendation form) and campaigns (a
 * unit led its block, a campaign's results) — to commendation, which turns an intake row into a
 * proposal and its dossier. The producers do not know commendation's tables and commendation
 * does not know theirs: this table is the whole contract (sql/008_handover.sql).
 *
 * One achievement is rewarded once: (subject_key, achievement, form_code) is unique, so the same
 * tier of the same fund, or the same campaign, cannot put a subject forward twice for one form;
 * proposal_intake_add answers 0 with the existing row's id instead. A row stays 'pending' until
 * commendation takes it (proposal_intake_take, with its proposal's id) or its producer withdraws
 * it with a reason. */
#ifndef THIDUA_PROPOSAL_INTAKE_H
#define THIDUA_PROPOSAL_INTAKE_H
#include <stdint.h>

#include "actor.h"
#include "store.h"

struct proposal_intake {
    int64_t id;
    const char *source;        /* "fund_tier" | "campaign_result" */
    const char *source_ref;    /* producer's reference: "fund:3/tier:2", "campaign:1/block:4" */
    const char *subject_kind;  /* "enterprise" | "organisation" | "unit" | "household" | "individual" */
    const char *subject_name;  /* as it will be printed */
    const char *subject_key;   /* stable identity: "tax:0101234567", "unit:42", "cid:…" — confirmed
                                  identities only (a name read from a transfer message is not one) */
    int64_t unit_id;           /* the unit the subject is (collectives) or belongs to; 0: none */
    const char *form_code;     /* the commendation form proposed: "BK_CT_UBND_TINH" … (rule base codes) */
    const char *achievement;   /* what is rewarded, as a key: "fund:3/tier:2/2019", "campaign:1/2019" */
    const char *reason;        /* Vietnamese: "Đã ủng hộ 1.200.000.000 đồng cho Quỹ …" */
    int64_t amount;            /* đồng given, for donation tiers; 0 otherwise */
    int year;
    const char *state;         /* "pending" | "taken" | "withdrawn" */
    int64_t proposal_id;       /* commendation's proposal when taken; 0 otherwise */
    const char *created_at, *created_by;
};
/* Inside the caller's write transaction (which also writes the caller's audit entry): adds a
 * pending row. > 0 the new id; 0 the achievement was already put forward for that subject and
 * form (*existing gets its id); -1 store error. */
int64_t proposal_intake_add(store *s, const struct actor *ac, const struct proposal_intake *p, int64_t *existing);
/* The rows in a state (NULL: all) of a source (NULL: all), oldest first; arena memory. -1 on error. */
int proposal_intake_list(store *s, arena *a, const char *state, const char *source, struct proposal_intake **out,
                         int *n);
int proposal_intake_get(store *s, arena *a, int64_t id, struct proposal_intake *out);   /* 1, 0, -1 */
/* Inside commendation's write transaction: marks a pending row taken by proposal_id. 1 done, 0 it
 * was not pending, -1 error. */
int proposal_intake_take(store *s, int64_t id, int64_t proposal_id);
/* A producer withdraws a pending row (own transaction, audited). 1 done, 0 not pending, -1 error. */
int proposal_intake_withdraw(store *s, const struct actor *ac, int64_t id, const char *reason);
#endif
