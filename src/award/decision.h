/* decision.h: commendation decisions (quyết định khen thưởng): drafted by the Board from approved
 * proposals of one form, signed — which gives the number from the issuer's register (numbering.h:
 * gap-free per issuer per calendar year, assigned inside the signing transaction) or records the
 * number the office's paper register gave (unique per issuer and year, checked), gives each
 * recipient a sổ vàng number (gap-free per register and year), writes the award history
 * (award_history_add) and moves the proposals to "decided" — and revoked with a reason.
 *
 * Money per recipient comes from the rule base in force on the decision date (award_money:
 * coefficient × base salary, rounded up to 10,000 đồng) and is frozen on the recipient row with the
 * rule rows' text, so the document prints the same years later. The printed forms are
 * decision_pdf.c (Decree 30/2020 layout) and the recipients' list (XLSX/CSV through export.h). */
#ifndef THIDUA_DECISION_H
#define THIDUA_DECISION_H
#include <jansson.h>
#include <stdint.h>

#include "actor.h"
#include "export.h"
#include "html.h"
#include "store.h"
#include "util.h"

struct decision {
    int64_t id, number;        /* number 0: not signed yet */
    int year;
    const char *issuer_code, *issuer, *parent_body, *symbol, *number_source, *decided_on, *place, *form_code,
               *form_name, *certificate_title, *summary, *legal_bases, *proposer, *signer_authority, *signer_position, *signer_name,
               *state, *money_rule, *revoked_reason, *revoked_on, *created_at, *created_by, *signed_at;
    const char *distribution;  /* "Nơi nhận": one line per recipient body (decision_distribution_default if none kept) */
    const char *number_symbol; /* "163/QĐ-UBND" once signed (a leading zero below 10), else NULL */
    int64_t total_money;
    int recipients;
};
struct decision_recipient {
    int64_t id, decision_id, proposal_id, money, so_vang;
    int line_no, year;
    const char *subject_kind, *subject_name, *reason, *money_basis, *verify_code, *unit_name;
};
struct decision_input {
    const char *issuer_code;   /* the register's owner: "UBND" */
    const char *issuer, *parent_body, *symbol, *place, *decided_on, *summary, *legal_bases, *proposer,
               *signer_authority, *signer_position, *signer_name;
    const char *distribution;  /* "Nơi nhận" lines; NULL or empty: decision_distribution_default */
    const int64_t *proposal_ids;
    int n_proposals;
};

int decision_get(store *s, arena *a, int64_t id, struct decision *out);      /* 1, 0, < 0 */
int decision_list(store *s, arena *a, bool signed_only, struct decision **out, int *n);
int decision_recipients(store *s, arena *a, int64_t id, struct decision_recipient **out, int *n);
/* The recipient with this verification code and its decision (public page). 1, 0, < 0. */
int decision_by_verify_code(store *s, arena *a, const char *code, struct decision *d, struct decision_recipient *rcp);
json_t *decision_json(const struct decision *d);
json_t *decision_recipient_json(const struct decision_recipient *r);
/* "Mười một triệu chín trăm hai mươi nghìn đồng" (arena). */
const char *decision_amount_words(arena *a, int64_t amount);

/* Writes: capability appraise; own transaction with its audit entry; > 0 the id, 0 refused with
 * field errors ("scope" a 403, "id" a 404), < 0 store error. */
int64_t decision_create(store *s, arena *a, const struct actor *ac, const struct decision_input *in,
                        struct field_errors *fe);
/* Rewrites a draft (state draft only, else a "state" error): every field of the input, the
 * proposals included; the money is computed again for the (possibly new) date, and the audit
 * entry keeps the draft as it was. */
int64_t decision_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct decision_input *in,
                        struct field_errors *fe);
/* Discards a draft that was never signed (it has no number, so no register has a gap): the row and
 * its recipients go, the audit entry keeps them, and the proposals are free for another draft. A
 * signed decision is revoked, never discarded. */
int64_t decision_discard(store *s, arena *a, const struct actor *ac, int64_t id, struct field_errors *fe);
/* The "Nơi nhận" of a decision whose drafter wrote none. */
extern const char decision_distribution_default[];
/* Signs a draft: number 0 takes the next number of the issuer's register; number > 0 records the
 * paper register's number (refused when the register already holds it). */
int64_t decision_sign(store *s, arena *a, const struct actor *ac, int64_t id, int64_t number, struct field_errors *fe);
int64_t decision_revoke(store *s, arena *a, const struct actor *ac, int64_t id, const char *reason,
                        struct field_errors *fe);

/* decision_pdf.c: the decision in the Decree 30/2020 layout (A4, Liberation Serif) with the list
 * of recipients attached; and the recipients' list as CSV or XLSX. 0, or -1 with err. */
int decision_pdf(store *s, arena *a, int64_t id, buf *out, char *err, size_t errlen);
/* decision_web.c: the recipients' list (number, name, kind, reason, money, its basis, sổ vàng,
 * decision, date) as an export document; NULL for an unknown decision. */
export_doc *decision_recipients_export(store *s, arena *a, int64_t id, enum export_format fmt);
#endif
