/* award_subject.h: who is rewarded, what they received before, and whether they qualify now.
 *
 * Subjects (đối tượng khen thưởng) have one stable key, so a history survives a change of unit or
 * name and proposals from proposal_intake resolve to the same row:
 *   "cid:<citizen ID>"  an individual (CCCD, 12 digits; old 9-digit CMND accepted)
 *   "unit:<unit id>"    a collective that is a unit of the tree; its history includes that of the
 *                       units it succeeded (unit_succession: merge, split, rename)
 *   "tax:<tax code>"    an enterprise (mã số thuế, normalised)
 *   "hh:<text>"         a household (the caller's stable text: the head's citizen ID, or the
 *                       address folded)
 * Kinds: "individual", "collective", "household", "enterprise". An individual carries a subject
 * class of the statistics form 0603.N (table award_subject_class, data with a citation).
 * Citizen IDs and birth dates are personal data: award_subject_mask() hides them for roles
 * without pii.read, and public pages never show them.
 *
 * History (award_history): one row per title or award a subject received in a year — written by
 * the decision flow at signing (award_history_add inside its transaction), by an import of the
 * lists of earlier years (CSV, XLSX through the import runner), or by hand. "One achievement is
 * rewarded once": a subject never has two live rows with the same achievement_key, and
 * eligibility refuses a proposal whose achievement was already rewarded. Initiatives (sáng kiến)
 * with their level and year are the evidence of the CSTĐ and Bằng khen clauses.
 *
 * Writes take the actor and check it themselves: subjects and initiatives need dossier.write and
 * the subject's unit in the actor's scope; history needs appraise (the Board keeps the record) —
 * except award_history_add called by the decision flow, which passes its own signing actor.
 * Each write is one transaction (nested when the caller has one) with its audit entry.
 * Strings live in the caller's arena. Returns: > 0 / 1 done, 0 refused with field errors,
 * < 0 store error. */
#ifndef THIDUA_AWARD_SUBJECT_H
#define THIDUA_AWARD_SUBJECT_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "award_rules.h"
#include "html.h"
#include "store.h"
#include "web.h"

enum {
    AWARD_NAME_MAX = 200, AWARD_POSITION_MAX = 200, AWARD_KEY_MAX = 120, AWARD_REF_MAX = 120,
    AWARD_REASON_MAX = 2000, AWARD_TITLE_MAX = 500, AWARD_ACHIEVEMENT_MAX = 200,
};

/* ---- subjects ---- */
struct award_subject {
    int64_t id;
    const char *kind;            /* "individual" | "collective" | "household" | "enterprise" */
    const char *key;             /* "cid:…", "unit:…", "tax:…", "hh:…" */
    const char *name;
    const char *citizen_id;      /* individuals; personal data */
    const char *birth_date;      /* ISO; personal data (the year is not) */
    const char *gender;          /* "nam" | "nu" | NULL */
    const char *tax_code;        /* enterprises */
    int64_t unit_id;             /* collectives: the unit itself; others: the unit they belong to */
    const char *unit_name;       /* filled by reads */
    const char *position;        /* chức vụ */
    const char *subject_class;   /* individuals: award_subject_class.code ("truc_tiep" …) */
    const char *address;
    const char *created_at, *updated_at;
};
struct award_subject_input {
    const char *kind, *key, *name, *citizen_id, *birth_date, *gender, *tax_code, *position,
        *subject_class, *address;
    int64_t unit_id;             /* 0: none given */
};
/* The subject kind of a proposal_intake kind: "individual" → "individual", "household" →
 * "household", "enterprise" → "enterprise", "unit" and "organisation" → "collective". NULL if
 * unknown. */
const char *award_subject_kind_of_intake(const char *intake_kind);
/* The subject with `key` ("cid:…", "tax:…", "unit:…", "hh:…"; the key is normalised first: a
 * citizen ID's spaces and a tax code's dots dropped). If none, adds it from `in` (in->key may be
 * NULL: it is taken from `key`; a missing kind is taken from the key's prefix; a collective's
 * name defaults to its unit's name). 1 found (*id), 2 added (*id), 0 refused with field errors,
 * < 0. Found subjects are not updated: award_subject_update does that. */
int award_subject_find_or_add(store *s, arena *a, const struct actor *ac, const char *key,
                              const struct award_subject_input *in, int64_t *id, struct field_errors *fe);
/* The subject of a proposal_intake row (its subject_key, name, kind and unit), found or added as
 * award_subject_find_or_add does. The key's prefix decides the kind where it implies one (cid:,
 * tax:, hh:); a unit: key is a collective. Same returns. */
struct proposal_intake;
int award_subject_from_intake(store *s, arena *a, const struct actor *ac, const struct proposal_intake *p, int64_t *id,
                              struct field_errors *fe);
int award_subject_get(store *s, arena *a, int64_t id, struct award_subject *out);           /* 1, 0, < 0 */
int award_subject_by_key(store *s, arena *a, const char *key, struct award_subject *out);   /* 1, 0, < 0 */
/* Updates the given fields (NULL: keep) — a change of unit or position keeps the history. */
int award_subject_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct award_subject_input *in,
                         struct field_errors *fe);
struct award_subject_query {
    const char *q;               /* words of the name, without diacritics or case; or a key */
    const char *kind;            /* NULL: every kind */
    int64_t unit_id;             /* 0: every unit */
    int limit, offset;           /* limit 0: 50 */
};
int award_subject_list(store *s, arena *a, const struct award_subject_query *q, struct award_subject **out, int *n,
                       int *total);
/* The subject as `r` may see it: citizen ID masked and birth date cut to its year unless the
 * request may see personal data (privacy_can_see). Returns a masked copy in r's arena. */
struct award_subject award_subject_mask(req *r, const struct award_subject *s);
/* The subject classes of form 0603.N in force on date_iso, in the form's order. */
struct award_subject_class { const char *code, *label, *citation; int position; };
int award_subject_classes(store *s, arena *a, const char *date_iso, struct award_subject_class **out, int *n);

/* ---- history ---- */
struct award_history {
    int64_t id, subject_id;
    int year;
    const char *form_code, *form_name;
    const char *decision_ref;    /* "163/QĐ-UBND" */
    const char *decision_date;   /* ISO, NULL when unknown (old lists) */
    int64_t decision_id;         /* award-flow's decision row, 0 for imported/hand entries */
    const char *achievement_key; /* "campaign:1/2019", "fund:3/tier:2/2019" … NULL: none */
    const char *reason;
    int64_t amount;              /* money paid, đồng (0: none or unknown) */
    const char *source;          /* "decision" | "import" | "manual" */
    const char *revoked_at, *revoked_reason;   /* NULL: in force */
    const char *subject_name;    /* filled by reads */
    const char *created_at;
};
struct award_history_input {
    int64_t subject_id;
    int year;
    const char *form_code, *decision_ref, *decision_date, *achievement_key, *reason;
    int64_t decision_id, amount;
    const char *source;          /* NULL: "manual" */
};
/* Records one title or award. Refused (0, field errors): unknown subject or form (the form must
 * have a row — in force or not — in the rule base), a year outside 1945–2200, a live row of the
 * same subject, form and year (key "form_code"), or a live row of the same subject with the same
 * achievement_key (key "achievement_key": one achievement is rewarded once). > 0 the new id. */
int64_t award_history_add(store *s, arena *a, const struct actor *ac, const struct award_history_input *in,
                          struct field_errors *fe);
/* Revocation (thu hồi): keeps the row, marks it revoked with the reason. 1, 0 refused, < 0. */
int award_history_revoke(store *s, arena *a, const struct actor *ac, int64_t id, const char *reason,
                         struct field_errors *fe);
/* Every live row written from decision_id (the decision flow revoking a decision). n revoked, < 0. */
int award_history_revoke_decision(store *s, arena *a, const struct actor *ac, int64_t decision_id,
                                  const char *reason);
/* A subject's history, newest year first; a collective's includes its predecessor units'. */
int award_history_of(store *s, arena *a, int64_t subject_id, bool with_revoked, struct award_history **out, int *n);
/* The live history row of this subject (or its predecessors) with this achievement key: 1 (*row),
 * 0 none, < 0. */
int award_history_find_achievement(store *s, arena *a, int64_t subject_id, const char *achievement_key,
                                   struct award_history *row);

/* ---- initiatives (sáng kiến) ---- */
struct award_initiative {
    int64_t id, subject_id;
    int year;
    const char *title;
    const char *level;           /* "co_so" | "tinh" | "toan_quoc" */
    const char *recognised_by;   /* "Quyết định 12/QĐ-SGDĐT" */
    const char *recognised_on;   /* ISO */
    const char *created_at;
};
struct award_initiative_input {
    int64_t subject_id;
    int year;
    const char *title, *level, *recognised_by, *recognised_on;
};
/* "co_so" → 1, "tinh" → 2, "toan_quoc" → 3; 0 unknown. Labels: "Cấp cơ sở" … */
int award_initiative_level_rank(const char *level);
const char *award_initiative_level_label(const char *level);
int64_t award_initiative_add(store *s, arena *a, const struct actor *ac, const struct award_initiative_input *in,
                             struct field_errors *fe);
int award_initiatives_of(store *s, arena *a, int64_t subject_id, struct award_initiative **out, int *n);

/* ---- eligibility ---- */
enum award_check_outcome { AWARD_CHECK_PASS, AWARD_CHECK_FAIL, AWARD_CHECK_WARN };
struct award_check {
    int64_t criterion_id;        /* 0 for the built-in checks (form in force, kind, one achievement once) */
    const char *alternative;     /* "" common; "a", "b" … */
    const char *text;            /* the criterion, Vietnamese */
    const char *citation;        /* the clause */
    const char *evidence;        /* what was found: "CSTĐ cơ sở 2022 (QĐ 12/QĐ-SGDĐT), 2023 (…), 2024 (…)" */
    enum award_check_outcome outcome;
    bool blocking;               /* a FAIL of a blocking check refuses; WARN never does */
};
struct award_eligibility {
    int64_t subject_id;
    const char *form_code, *form_name;
    int year;
    bool eligible;               /* no blocking failure in the common checks and one alternative
                                    whose blocking checks all pass */
    const char *alternative_met; /* the first alternative fully met ("" if the form has none) */
    int blocking_failures, warnings;
    struct award_check *checks;
    int n;
};
/* Judges subject_id for form_code in `year` by the rules in force on 31/12 of that year (or today,
 * for the current year): the form exists and is for the subject's kind, then every criterion row.
 * 1 judged (*out filled, eligible or not), 0 unknown subject or no such form in force, < 0. */
int award_eligibility(store *s, arena *a, int64_t subject_id, const char *form_code, int year,
                      struct award_eligibility *out);
/* The same plus "one achievement is rewarded once": if achievement_key is not NULL and that
 * subject (or a predecessor unit) already received an award for it, a blocking failure citing
 * Điều 6 (the row's decision as evidence). The decision flow calls this when a proposal is
 * created and again at appraisal. */
int award_eligibility_for(store *s, arena *a, int64_t subject_id, const char *form_code, int year,
                          const char *achievement_key, struct award_eligibility *out);

/* Who newly qualifies in `year`: every subject and every form with criteria rows (for the
 * subject's kind) that the subject meets in `year`, did not meet in year - 1, and has not received
 * in `year`. Ordered as award_forms_at lists the forms (level, then code), then by subject name in
 * Vietnamese order. */
struct award_qualifier {
    struct award_subject subject;
    struct award_eligibility verdict;
};
int award_newly_qualified(store *s, arena *a, int year, struct award_qualifier **out, int *n);

/* The demo's commendation subjects, history and initiatives (award_rules_demo.c), written through
 * the functions above as the program itself, inside the caller's transaction, after the demo
 * units exist: a few illustrative people and units whose history makes the eligibility report of
 * the current year show both who qualifies and who falls just short. 0, or -1 (logged). */
int award_rules_demo_load(store *s);
#endif
