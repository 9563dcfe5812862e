/* proposal.h: award proposals and their dossiers (hồ sơ đề nghị khen thưởng) and the workflow
 * they go through (docs/domain.md §5):
 *
 *   draft → submitted → received | returned (with a reason) → assigned → appraised (eligible or
 *   not, with reasons) → to_council (when the rule asks for a vote) → approved | refused → decided
 *
 * A unit builds a proposal (capability dossier.write, inside its unit subtree) or the Board takes
 * one from proposal_intake (fund tiers, campaign results). The Board (capability appraise)
 * receives, returns, assigns, appraises, sends to the council, approves and refuses; the council's
 * ballot (ballot.c) and the signing of a decision (decision.c) make the last moves through
 * proposal_move_internal. Every move is checked HERE against the actor — the page, the API, the
 * CLI and the tests get the same answer — and written in one transaction with its timeline row
 * and its audit entry. Deadlines are working days on the province's calendar (holiday.h): the
 * completeness check from submission, the processing time from receipt, both from the rule base. */
#ifndef THIDUA_PROPOSAL_H
#define THIDUA_PROPOSAL_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "html.h"
#include "store.h"

#define PROPOSAL_NAME_MAX 300
#define PROPOSAL_REASON_MAX 2000

enum proposal_state {
    PS_DRAFT, PS_SUBMITTED, PS_RETURNED, PS_RECEIVED, PS_ASSIGNED, PS_APPRAISED, PS_TO_COUNCIL,
    PS_APPROVED, PS_REFUSED, PS_DECIDED, PS__COUNT
};
/* The moves a user asks for. decide and the council's verdicts are not here: only the decision
 * and the ballot make them (proposal_move_internal). */
enum proposal_action {
    PA_SUBMIT, PA_RECEIVE, PA_RETURN, PA_ASSIGN, PA_APPRAISE, PA_TO_COUNCIL, PA_APPROVE, PA_REFUSE, PA__COUNT
};

const char *proposal_state_name(enum proposal_state s);     /* "draft" … */
const char *proposal_state_label(enum proposal_state s);    /* "Bản nháp" … */
int proposal_state_from_name(const char *name);            /* -1 if unknown */
const char *proposal_action_name(enum proposal_action a);   /* "submit" … */
const char *proposal_action_label(enum proposal_action a);  /* "Gửi hồ sơ" … */
int proposal_action_from_name(const char *name);           /* -1 if unknown */

struct proposal {
    int64_t id, unit_id, subject_id, intake_id, assignee_id, decision_id;
    const char *unit_name, *subject_kind, *subject_name, *form_code, *form_label, *achievement,
               *reason, *appraisal, *due_on, *due_step, *created_at, *created_by, *updated_at, *assignee_login;
    int year;
    enum proposal_state state;
    bool needs_vote;
    int eligible;              /* -1 not appraised, 0 no, 1 yes */
    bool overdue;              /* due_on is before today and the step is still open */
};
struct proposal_event {
    int64_t id;
    const char *at, *on_date, *actor, *from_state, *to_state, *note;
};

/* What a unit (or the Board) enters. The subject is found or added in the award-rules half's
 * subjects (award_subject.h) by its key, built from subject_kind and subject_ref: an individual's
 * citizen ID ("cid:"), an enterprise's tax code ("tax:"), a household's stable text ("hh:"), or
 * for a collective the unit subject_unit_id ("unit:"). achievement NULL: "year:YYYY", the year's
 * achievement (one achievement is rewarded once: the same subject, form and achievement twice is
 * refused). */
struct proposal_input {
    int64_t unit_id;           /* the proposing unit: the writer's scope must cover it */
    const char *subject_kind, *subject_name, *subject_ref, *form_code, *achievement, *reason;
    int64_t subject_unit_id;
    int year;
};

/* ---- reading ---- */
int proposal_get(store *s, arena *a, int64_t id, struct proposal *out);         /* 1, 0, < 0 */
/* A page of proposals, newest first; state < 0: every state; unit_scope > 0: that unit and its
 * subtree only; overdue_only: only overdue ones. *total gets the count. STORE_OK or < 0. */
struct proposal_filter { int state; int64_t unit_scope; bool overdue_only; int64_t limit, offset; };
int proposal_list(store *s, arena *a, const struct proposal_filter *f, struct proposal **out, int *n, int64_t *total);
int proposal_events(store *s, arena *a, int64_t id, struct proposal_event **out, int *n);
json_t *proposal_json(const struct proposal *p);
json_t *proposal_event_json(const struct proposal_event *e);

/* May this actor see the proposal? The Board and the council all; dossier writers within their
 * write scope; nobody else. */
bool proposal_may_read(store *s, const struct actor *ac, const struct proposal *p);
/* Is the move allowed to this actor from this state (capability, scope, state, the rule's vote)?
 * NULL when allowed, else a Vietnamese sentence why not. Pages use it to offer only the buttons
 * that would work; proposal_move calls it again inside its transaction. */
const char *proposal_move_refusal(store *s, arena *a, const struct actor *ac, const struct proposal *p,
                                  enum proposal_action act);

/* ---- writing: each in its own transaction with its audit entry; > 0 the id, 0 refused with field
 * errors ("scope" for a missing capability or a unit outside the writer's scope: a 403), < 0 a
 * store error (rolled back). ---- */
int64_t proposal_create(store *s, arena *a, const struct actor *ac, const struct proposal_input *in,
                        struct field_errors *fe);
int64_t proposal_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct proposal_input *in,
                        struct field_errors *fe);
/* Takes a pending proposal_intake row as a new draft proposal of unit_id (0: the intake row's
 * unit, else the actor's own unit), marking the row taken in the same transaction. */
int64_t proposal_from_intake(store *s, arena *a, const struct actor *ac, int64_t intake_id, int64_t unit_id,
                             struct field_errors *fe);

struct proposal_move {
    enum proposal_action action;
    const char *note;          /* the reason: required to return, refuse and appraise */
    const char *on;            /* the day it takes effect (ISO or dd/mm/yyyy); NULL: today. Never in
                                  the future, never before the last move (the draft's entry does not
                                  count: a paper dossier's history may be entered later) */
    int64_t assignee_id;       /* assign: the officer (a user with capability appraise) */
    int eligible;              /* appraise: 1 eligible, 0 not; -1 missing */
};
int64_t proposal_move(store *s, arena *a, const struct actor *ac, int64_t id, const struct proposal_move *m,
                      struct field_errors *fe);
/* The moves only the ballot and the decision make, INSIDE their caller's transaction (they write
 * their own audit entries): to_council → approved | refused, approved → decided. 1 done, 0 not in
 * the expected state, < 0 store error. */
int proposal_move_internal(store *s, const struct actor *ac, int64_t id, enum proposal_state from,
                           enum proposal_state to, const char *on, const char *note, int64_t decision_id);

/* ---- deadlines ---- */
/* The deadline of a step that starts on `from` (ISO) and lasts `days` working days, into out.
 * 0, or -1 with a Vietnamese message in err. */
int proposal_deadline(store *s, const char *from, int days, char out[11], char *err, size_t errlen);
#endif
