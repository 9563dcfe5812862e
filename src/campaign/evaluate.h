/* evaluate.h: the evaluation engine of campaign targets: given a target's rule (comparator, values,
 * baseline, period, deadline) and the latest accepted value, one of five statuses — đạt, đúng tiến
 * độ, chậm tiến độ, không đạt, chưa có số liệu — with the sentence of the rule that produced it, so a
 * page shows why beside every status. Pure functions: no database, no clock (the evaluation date is
 * an argument), so tests/unit/test_campaign_eval.c can state every case as a table.
 *
 * Numbers are exact: every value is an int64 in thousandths of its unit ("milli": 99 % = 99000,
 * 12 xã = 12000, 1,5 tỷ đồng would be 1500000000000), products are taken in 128 bits, so a
 * boundary (exactly 99 %, exactly 5 % fewer) is decided without rounding.
 *
 * The rules (the same sentences the pages print):
 *  - no accepted value                                → chưa có số liệu;
 *  - the value is final when the evaluation date is after the deadline or the value is as of the
 *    deadline or later;
 *  - "floor" comparators (>, ≥, =, between, increased by ≥ X %, count meeting all criteria,
 *    coverage 100 %, milestone): met → đạt (between: above B also "vượt"); not met and final →
 *    không đạt; not met before the deadline → for an accumulating measure the pace: value ×
 *    (deadline − start) ≥ goal × (as_of − start) → đúng tiến độ, else chậm tiến độ; for a level →
 *    chậm tiến độ;
 *  - "ceiling" comparators (<, ≤, zero, reduced by ≥ X %): a ceiling is proven only when the period
 *    is over: holding and final → đạt, holding before → đúng tiến độ; broken: an accumulating count
 *    cannot come down → không đạt at once; a level → chậm tiến độ before the deadline, không đạt
 *    after;
 *  - "all sub-measures hold" (cả 3 tiêu chí): đạt only when every one is đạt; else the worst of them
 *    in the order không đạt, chậm tiến độ, chưa có số liệu, đúng tiến độ. */
#ifndef THIDUA_EVALUATE_H
#define THIDUA_EVALUATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVAL_ONE 1000             /* a value of 1 in milli-units */
#define EVAL_PCT100 (100 * EVAL_ONE)
/* Largest magnitude a value may have (10^15 milli = 10^12 units): keeps every product exact. */
#define EVAL_VALUE_MAX INT64_C(1000000000000000)

/* The version of the rules below. Statuses are kept in the database (sql/023, campaign_tally.c):
 * raise it with any change that can give an input another status, and every campaign's kept
 * statuses are rebuilt by its next change (until then its pages evaluate the slow, exact way). */
#define EVAL_RULES_VERSION 1

enum comparator {
    CMP_GT, CMP_GE, CMP_LT, CMP_LE, CMP_EQ, CMP_BETWEEN, CMP_REDUCE_PCT, CMP_INCREASE_PCT, CMP_COUNT_ALL,
    CMP_COVERAGE, CMP_ZERO, CMP_MILESTONE, CMP_ALL, CMP__COUNT
};
/* The statuses, in the order the pages list them. */
enum target_status { ST_MET, ST_ON_TRACK, ST_AT_RISK, ST_MISSED, ST_NO_DATA, ST__COUNT };

const char *comparator_code(enum comparator c);           /* "ge" */
int comparator_from_code(const char *code);               /* -1 if unknown */
const char *comparator_label(enum comparator c);          /* "≥", "trong khoảng", "giảm ít nhất" … */
bool comparator_is_ceiling(enum comparator c);
bool comparator_needs_b(enum comparator c);               /* between (upper bound), count_all (criteria) */
bool comparator_needs_a(enum comparator c);               /* everything but coverage, zero, milestone, all */
const char *status_code(enum target_status s);            /* "met", "on_track", "at_risk", "missed", "no_data" */
const char *status_label(enum target_status s);           /* "Đạt", "Đúng tiến độ" … */
int status_from_code(const char *code);

struct target_rule {
    enum comparator cmp;
    int64_t a, b;                 /* milli; b: between's upper bound; count_all: criteria × 1000 */
    bool has_baseline;
    int64_t baseline;             /* milli: reduce/increase compare with it */
    bool accumulates;             /* the measure only grows during the period: pace applies */
    const char *start, *deadline; /* ISO dates: the period's start and the day the target is judged */
    const char *unit;             /* unit of measure for the sentences ("%", "doanh nghiệp") */
};
struct observation {
    bool has;                     /* an accepted value exists */
    int64_t value;                /* milli; a milestone: percent done × 1000 (100 % = done) */
    bool has_baseline;            /* the report gave the baseline period's figure too */
    int64_t baseline;
    const char *as_of;            /* ISO date of the value */
};
struct evaluation {
    enum target_status status;
    bool exceeded;                /* between: above the upper bound (vượt) */
    char rule[512];               /* the rule and the figures, in Vietnamese */
};

/* Evaluates one target on the date `on` (ISO). Every argument is read only; the result is in *out. */
void target_evaluate(const struct target_rule *t, const struct observation *o, const char *on, struct evaluation *out);
/* The same; with_rule false leaves out->rule empty and skips every bit of formatting (a split's
 * thousands of shares, shown as counts). */
void target_evaluate_ex(const struct target_rule *t, const struct observation *o, const char *on, bool with_rule,
                        struct evaluation *out);
/* The status of "all sub-measures hold" from the sub-measures' statuses (n ≥ 1), with its sentence. */
void target_evaluate_all(const enum target_status *parts, int n, struct evaluation *out);

/* Writes a milli value as people read it: 99500 → "99,5", 12000 → "12", -2500 → "-2,5"; with
 * thousands dots (1234567000 → "1.234.567"). out needs 32 bytes. */
void eval_format(int64_t milli, char *out, size_t cap);
/* Reads "99,5", "99.5" (one decimal point or comma; at most three decimals), "1.234.567" (dots that
 * group thousands), "-3", "12" into milli. False on anything else or beyond EVAL_VALUE_MAX. */
bool eval_parse(const char *text, int64_t *milli);
/* Days from ISO date a to ISO date b (b − a); false if either is not a valid ISO date. */
bool eval_days_between(const char *a, const char *b, int64_t *days);
#endif
