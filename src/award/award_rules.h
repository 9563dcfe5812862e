/* award_rules.h: the rule base of commendation (khen thưởng) as effective-dated data with legal
 * citations: the titles and forms (danh hiệu, hình thức) with who receives and who decides them
 * and whether the provincial council must vote; the money coefficients per subject kind and the
 * base-salary table (mức lương cơ sở); the council's ballot rule; processing time limits in
 * working days; the provincial donation thresholds that funds take as defaults; the eligibility
 * criteria per form. The law changes (2003/2013 law + Decree 91/2017 for 2019; Law 06/2022/QH15 +
 * Decree 152/2025/NĐ-CP + Circular 15/2025/TT-BNV today), so every rule is a row valid from a
 * date to a date with its citation (sql/040_award_rules.sql loads them), and a computation made
 * for a date uses the rows in force on that date and says which rows it used.
 *
 * Selection rule, everywhere: among the rows for the same key whose valid_from <= date and
 * (valid_to IS NULL or valid_to >= date), the one with the latest valid_from wins. So an
 * administrator adds the rows of a new decree (award_rule_add: capability settings, audited)
 * without closing the old ones and without a code change.
 *
 * Subject kinds, everywhere in the award folder: "individual", "collective", "household",
 * "enterprise" (award_subject.h maps proposal_intake's kinds onto them).
 *
 * Strings returned live in the caller's arena. Functions returning int use: 1 found / done,
 * 0 not found or refused (with field errors where a struct field_errors is passed), < 0 a store
 * error (STORE_ERR …). */
#ifndef THIDUA_AWARD_RULES_H
#define THIDUA_AWARD_RULES_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "html.h"
#include "store.h"

/* ---- titles and forms ---- */
struct award_form {
    int64_t id;
    const char *code;          /* "BK_CT_UBND_TINH", "GK_THU_TRUONG", "CSTD_CS", "CSTD_TINH", "TTLDXS", "LDTT" … */
    const char *name;          /* "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" */
    const char *category;      /* "title" (danh hiệu thi đua) | "form" (hình thức khen thưởng) |
                                  "rating" (a yearly rating used as evidence: "HTXSNV") */
    const char *level;         /* "national" | "province" | "unit" (sở, huyện, doanh nghiệp) | "commune" */
    const char *subject_kinds; /* comma list of subject kinds it is for: "individual,collective" */
    const char *decided_by;    /* "Chủ tịch UBND tỉnh", "Thủ trưởng cơ quan, đơn vị" … */
    const char *certificate_title;   /* printed as a certificate's title: "Bằng khen", "Giấy khen";
                                        NULL for a title (danh hiệu): "Công nhận danh hiệu" + name */
    bool council_vote;         /* the provincial council votes on it (secret ballot) */
    const char *citation;      /* "Điều 74 Luật Thi đua, khen thưởng 06/2022/QH15" */
    const char *valid_from, *valid_to;   /* ISO; valid_to NULL: open */
    const char *note;
};
/* The row of `code` in force on date_iso. 1, 0 none in force, < 0. */
int award_form_at(store *s, arena *a, const char *code, const char *date_iso, struct award_form *out);
/* Every form in force on date_iso (NULL: every row ever, for the rule pages), by level then code. */
int award_forms_at(store *s, arena *a, const char *date_iso, struct award_form **out, int *n);
/* True if the comma list f->subject_kinds names `kind`. */
bool award_form_for_kind(const struct award_form *f, const char *kind);

/* ---- money ---- */
struct award_money_explain {
    bool no_money;               /* the rule in force pays nothing for this form and kind */
    int64_t coefficient_row_id;  /* award_coefficient.id used (0: none in force) */
    int coefficient_milli;       /* coefficient × 1000 (1.5 → 1500) */
    const char *coefficient_citation, *coefficient_from;
    int64_t salary_row_id;       /* award_base_salary.id used */
    int64_t base_salary;         /* đồng */
    const char *salary_citation, *salary_from;
    int64_t exact;               /* coefficient × base salary before rounding, đồng (rounded up) */
    int64_t rounded;             /* rounded UP to the next 10,000 đồng */
    const char *text;            /* Vietnamese: "1,5 × 2.530.000 = 3.795.000 → 3.800.000 đồng (…)" */
};
/* Money for one subject of `subject_kind` receiving form_code by a decision dated date_iso:
 * coefficient (row in force for that form and kind) × base salary in force on the date, rounded
 * up to 10,000 đồng. 1 computed (*amount, 0 when the rule says no money: explain->no_money);
 * 0 no coefficient or no base salary in force (explain->text says which is missing); < 0. */
int award_money(store *s, arena *a, const char *form_code, const char *subject_kind, const char *date_iso,
                int64_t *amount, struct award_money_explain *explain);
/* The base salary in force on date_iso: 1 (*amount, *row_id), 0 none, < 0. */
int award_base_salary_at(store *s, const char *date_iso, int64_t *amount, int64_t *row_id);

/* ---- the council's ballot ---- */
struct award_ballot_rule {
    int64_t id;
    int quorum_bp;               /* members present needed, basis points of all members (2/3 is
                                    stored as 6666, so that 14 of 21 is enough) */
    int pass_bp;                 /* "yes" votes needed, basis points of pass_base */
    const char *pass_base;       /* "members" (all members of the council) | "present" */
    const char *citation, *valid_from, *valid_to;
};
int award_ballot_rule_at(store *s, arena *a, const char *date_iso, struct award_ballot_rule *out);
/* Pure: does a meeting of `members` with `present` voters reach the quorum, and do `yes` votes
 * pass? Integer arithmetic: present × 10000 >= quorum_bp × members (and likewise for yes). */
bool award_ballot_quorate(const struct award_ballot_rule *r, int members, int present);
bool award_ballot_passes(const struct award_ballot_rule *r, int members, int present, int yes);

/* ---- processing time limits ---- */
struct award_time_limit {
    int64_t id;
    const char *step;            /* "check" (completeness, return with reason) | "appraise" |
                                    "council" | "decide" | "total" (complete dossier → decision) */
    const char *form_code;       /* NULL: every form */
    int working_days;
    const char *citation, *valid_from, *valid_to;
};
/* The limit for `step` of form_code on date_iso: a row for that form wins over one for every
 * form. 1, 0 none, < 0. Deadlines themselves come from holiday.h's working-day arithmetic. */
int award_time_limit_at(store *s, arena *a, const char *step, const char *form_code, const char *date_iso,
                        struct award_time_limit *out);

/* ---- provincial donation thresholds (defaults for funds) ---- */
struct award_donation_threshold {
    int64_t id;
    const char *donor_kind;      /* "enterprise" | "entrepreneur" | "individual" | "household" | "any" */
    int64_t min_amount;          /* đồng, given in the campaign or year */
    const char *form_code;       /* what the province gives at that level ("BK_CT_UBND_TINH") or NULL
                                    for a recognition without a form (the donation board) */
    const char *label;           /* "Trao biển ủng hộ tại lễ phát động" */
    const char *citation, *valid_from, *valid_to;
};
/* Thresholds in force on date_iso, by donor kind then amount descending. */
int award_donation_thresholds_at(store *s, arena *a, const char *date_iso, struct award_donation_threshold **out,
                                 int *n);

/* ---- eligibility criteria (read by eligibility.c; rows so that a new decree is data) ---- */
struct award_criterion {
    int64_t id;
    const char *form_code;
    const char *subject_kind;    /* NULL: every kind the form is for */
    const char *alternative;     /* clause letter: the form is met when every blocking criterion of
                                    one alternative holds ("" = common to all alternatives) */
    const char *check;           /* "consecutive": `count` consecutive years ending at the year
                                    considered, each holding one of `forms` (comma list);
                                    "initiatives": `count` initiatives of level >= `level` within
                                    the last `years` years (the year considered included);
                                    "within": `count` rows of `forms` within the last `years` years;
                                    "not_within": none of `forms` within the last `years` years
                                    (a repeated award); "block_leader": led a khối/cụm in the year;
                                    "achievement": the proposal names the achievement rewarded
                                    (award_eligibility_for with an achievement key); "manual": to
                                    be checked in the dossier (always a warning, never proven);
                                    "once": the proposal's achievement was not rewarded before
                                    (form_code "*": a criterion of every form) */
    const char *forms;           /* comma list of form codes, for the chains */
    int count, years;
    const char *level;           /* initiative level "co_so" | "tinh" | "toan_quoc" */
    bool blocking;               /* false: a failure is a warning, not a refusal */
    const char *text;            /* Vietnamese statement of the criterion */
    const char *citation, *valid_from, *valid_to;
};
/* The criteria of form_code (and those of every form, "*") for subject_kind in force on date_iso,
 * by alternative then id. */
int award_criteria_at(store *s, arena *a, const char *form_code, const char *subject_kind, const char *date_iso,
                      struct award_criterion **out, int *n);

/* ---- administering the rule base (capability settings; own transaction; one audit entry) ---- */
enum award_rule_kind {
    AWARD_RULE_FORM, AWARD_RULE_COEFFICIENT, AWARD_RULE_BASE_SALARY, AWARD_RULE_BALLOT,
    AWARD_RULE_TIME_LIMIT, AWARD_RULE_DONATION, AWARD_RULE_CRITERION, AWARD_RULE__COUNT
};
/* "form", "coefficient", "base_salary", "ballot", "time_limit", "donation", "criterion". */
const char *award_rule_kind_name(enum award_rule_kind k);
const char *award_rule_kind_label(enum award_rule_kind k);   /* Vietnamese */
/* -1 if unknown. */
int award_rule_kind_from(const char *name);
/* One rule row of any kind as named text fields (the form, the JSON body and the CLI all give
 * this): the field names are the columns of that kind's table, listed by award_rule_fields. */
struct award_rule_input {
    struct kv items[24];
    int n;
};
/* The field names of a kind, NULL-ended; *required gets those that must be given. */
const char *const *award_rule_fields(enum award_rule_kind k);
bool award_rule_field_required(enum award_rule_kind k, const char *field);
/* The field's Vietnamese label ("Hệ số"), or NULL for a name the kind does not have. */
const char *award_rule_field_label(enum award_rule_kind k, const char *field);
/* Validates (dates, amounts, coefficients as decimals "1,5" or "1.5", form codes that exist,
 * citation required) and inserts one row. > 0 its id, 0 refused with field errors (keys: field
 * names; "scope" when the actor lacks settings), < 0. */
int64_t award_rule_add(store *s, arena *a, const struct actor *ac, enum award_rule_kind k,
                       const struct award_rule_input *in, struct field_errors *fe);
/* Every row of a kind, as (column, value) text pairs per row, newest valid_from first: for the
 * rule pages, the API and `thidua award-rule list`. */
struct award_rule_row {
    int64_t id;
    struct kv cols[24];
    int n;
};
int award_rule_list(store *s, arena *a, enum award_rule_kind k, struct award_rule_row **out, int *n);
#endif
