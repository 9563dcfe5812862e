/* test_campaign_eval.c: the evaluation engine of campaign targets (src/campaign/evaluate.c) as a
 * table: for every comparator the cases met, missed, on track, at risk, no data, the exact boundary
 * values and a passed deadline; "all sub-measures hold"; and the exact number reading and writing
 * that the boundaries rely on. Period of every case: 19/08/2019 – 19/10/2019 (61 days from the
 * start to the deadline); "mid" evaluates on 20/09/2019 a value as of 19/09/2019 (31 days elapsed). */
#include <stdio.h>

#include "check.h"
#include "evaluate.h"

#define START "2019-08-19"
#define DEADLINE "2019-10-19"
#define MID_ASOF "2019-09-19"
#define MID_ON "2019-09-20"
#define AFTER "2019-10-20"
#define K(x) ((int64_t)((x) * 1000 + ((x) < 0 ? -0.5 : 0.5)))   /* literal → milli, for the table only */

struct eval_case {
    const char *name;
    enum comparator cmp;
    int64_t a, b;
    bool target_base; int64_t base;
    bool accumulates;
    bool has; int64_t value; const char *as_of;
    bool obs_base; int64_t obs_baseline;
    const char *on;
    enum target_status want;
    bool want_exceeded;
    const char *rule_has;      /* a piece of the rule sentence, or NULL */
};

static const struct eval_case cases[] = {
    /* > 99 % (a level: the share of files on time) */
    {"gt met", CMP_GT, K(99), 0, false, 0, false, true, K(99.5), MID_ASOF, false, 0, MID_ON, ST_MET, false, "99,5 % > 99 %"},
    {"gt boundary is not met", CMP_GT, K(99), 0, false, 0, false, true, K(99), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, "99 % ≤ 99 %"},
    {"gt boundary after deadline", CMP_GT, K(99), 0, false, 0, false, true, K(99), MID_ASOF, false, 0, AFTER, ST_MISSED, false, "Không đạt"},
    {"gt one thousandth above", CMP_GT, K(99), 0, false, 0, false, true, K(99.001), MID_ASOF, false, 0, AFTER, ST_MET, false, NULL},
    {"gt no data", CMP_GT, K(99), 0, false, 0, false, false, 0, NULL, false, 0, MID_ON, ST_NO_DATA, false, "Chưa có số liệu"},
    /* ≥ 30 % accumulating */
    {"ge boundary met", CMP_GE, K(30), 0, false, 0, true, true, K(30), MID_ASOF, false, 0, MID_ON, ST_MET, false, "30 % ≥ 30 %"},
    {"ge on pace", CMP_GE, K(30), 0, false, 0, true, true, K(20), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, "31/61 ngày"},
    {"ge behind pace", CMP_GE, K(30), 0, false, 0, true, true, K(10), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, "15,245"},
    {"ge missed by a thousandth", CMP_GE, K(30), 0, false, 0, true, true, K(29.999), MID_ASOF, false, 0, AFTER, ST_MISSED, false, NULL},
    {"ge no data", CMP_GE, K(30), 0, false, 0, true, false, 0, NULL, false, 0, MID_ON, ST_NO_DATA, false, NULL},
    {"ge value as of the deadline is final", CMP_GE, K(30), 0, false, 0, true, true, K(29), DEADLINE, false, 0, DEADLINE, ST_MISSED, false, NULL},
    /* pace exactly on the line: 30 × 31 / 61 = 15,2459… → 15,246 is ahead, 15,245 behind */
    {"ge pace boundary above", CMP_GE, K(30), 0, false, 0, true, true, K(15.246), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, NULL},
    {"ge pace boundary below", CMP_GE, K(30), 0, false, 0, true, true, K(15.245), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    /* < 5 (a ceiling) */
    {"lt holding before deadline", CMP_LT, K(5), 0, false, 0, false, true, K(4.999), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, "chỉ đạt khi giữ được"},
    {"lt holding at the end", CMP_LT, K(5), 0, false, 0, false, true, K(4.999), MID_ASOF, false, 0, AFTER, ST_MET, false, NULL},
    {"lt boundary broken, a level", CMP_LT, K(5), 0, false, 0, false, true, K(5), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, "5 ≥ 5"},
    {"lt boundary broken, accumulating", CMP_LT, K(5), 0, false, 0, true, true, K(5), MID_ASOF, false, 0, MID_ON, ST_MISSED, false, "cộng dồn"},
    {"lt broken at the end", CMP_LT, K(5), 0, false, 0, false, true, K(6), MID_ASOF, false, 0, AFTER, ST_MISSED, false, NULL},
    {"lt no data", CMP_LT, K(5), 0, false, 0, false, false, 0, NULL, false, 0, AFTER, ST_NO_DATA, false, NULL},
    /* ≤ 5 */
    {"le boundary holds", CMP_LE, K(5), 0, false, 0, false, true, K(5), MID_ASOF, false, 0, AFTER, ST_MET, false, "5 ≤ 5"},
    {"le a thousandth over", CMP_LE, K(5), 0, false, 0, false, true, K(5.001), MID_ASOF, false, 0, AFTER, ST_MISSED, false, NULL},
    {"le no data", CMP_LE, K(5), 0, false, 0, false, false, 0, NULL, false, 0, AFTER, ST_NO_DATA, false, NULL},
    {"le over before deadline", CMP_LE, K(5), 0, false, 0, false, true, K(7), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    {"le holding before deadline", CMP_LE, K(5), 0, false, 0, false, true, K(3), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, NULL},
    /* = 10 */
    {"eq met", CMP_EQ, K(10), 0, false, 0, false, true, K(10), MID_ASOF, false, 0, MID_ON, ST_MET, false, "10 = 10"},
    {"eq off before deadline", CMP_EQ, K(10), 0, false, 0, true, true, K(9), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, "9 ≠ 10"},
    {"eq off after deadline", CMP_EQ, K(10), 0, false, 0, false, true, K(9), MID_ASOF, false, 0, AFTER, ST_MISSED, false, NULL},
    {"eq no data", CMP_EQ, K(10), 0, false, 0, false, false, 0, NULL, false, 0, MID_ON, ST_NO_DATA, false, NULL},
    /* 90 – 95 % of the plan: met from the lower bound, vượt above the upper */
    {"between lower bound met", CMP_BETWEEN, K(90), K(95), false, 0, true, true, K(90), MID_ASOF, false, 0, AFTER, ST_MET, false, "trong khoảng"},
    {"between upper bound not exceeded", CMP_BETWEEN, K(90), K(95), false, 0, true, true, K(95), MID_ASOF, false, 0, AFTER, ST_MET, false, NULL},
    {"between above upper: exceeded", CMP_BETWEEN, K(90), K(95), false, 0, true, true, K(95.001), MID_ASOF, false, 0, AFTER, ST_MET, true, "vượt"},
    {"between below lower after deadline", CMP_BETWEEN, K(90), K(95), false, 0, true, true, K(89.999), MID_ASOF, false, 0, AFTER, ST_MISSED, false, "dưới cận dưới"},
    {"between on pace", CMP_BETWEEN, K(90), K(95), false, 0, true, true, K(50), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, NULL},
    {"between behind pace", CMP_BETWEEN, K(90), K(95), false, 0, true, true, K(40), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    {"between no data", CMP_BETWEEN, K(90), K(95), false, 0, true, false, 0, NULL, false, 0, AFTER, ST_NO_DATA, false, NULL},
    /* reduced by ≥ 5 % against the same period (baseline 100 on the target, or given by the report) */
    {"reduce exactly 5 %", CMP_REDUCE_PCT, K(5), 0, true, K(100), false, true, K(95), MID_ASOF, false, 0, AFTER, ST_MET, false, "giảm 5 %"},
    {"reduce a thousandth short", CMP_REDUCE_PCT, K(5), 0, true, K(100), false, true, K(95.001), MID_ASOF, false, 0, AFTER, ST_MISSED, false, NULL},
    {"reduce holding before deadline", CMP_REDUCE_PCT, K(5), 0, true, K(100), false, true, K(90), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, NULL},
    {"reduce short before deadline", CMP_REDUCE_PCT, K(5), 0, true, K(100), false, true, K(96), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    {"reduce without a baseline", CMP_REDUCE_PCT, K(5), 0, false, 0, false, true, K(90), MID_ASOF, false, 0, AFTER, ST_NO_DATA, false, "kỳ gốc"},
    {"reduce with the report's baseline", CMP_REDUCE_PCT, K(5), 0, false, 0, false, true, K(57), MID_ASOF, true, K(60), AFTER, ST_MET, false, NULL},
    {"reduce report's baseline 3 of 60 is 5 %, 58 is not", CMP_REDUCE_PCT, K(5), 0, false, 0, false, true, K(58), MID_ASOF, true, K(60), AFTER, ST_MISSED, false, NULL},
    /* increased by ≥ 10 % from 200 */
    {"increase exactly 10 %", CMP_INCREASE_PCT, K(10), 0, true, K(200), false, true, K(220), MID_ASOF, false, 0, AFTER, ST_MET, false, "tăng 10 %"},
    {"increase short", CMP_INCREASE_PCT, K(10), 0, true, K(200), false, true, K(219.999), MID_ASOF, false, 0, AFTER, ST_MISSED, false, NULL},
    {"increase short before deadline", CMP_INCREASE_PCT, K(10), 0, true, K(200), false, true, K(210), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    {"increase no data", CMP_INCREASE_PCT, K(10), 0, true, K(200), false, false, 0, NULL, false, 0, MID_ON, ST_NO_DATA, false, NULL},
    /* 12 communes meeting all 19 criteria */
    {"count_all boundary met", CMP_COUNT_ALL, K(12), K(19), false, 0, true, true, K(12), MID_ASOF, false, 0, AFTER, ST_MET, false, "19/19"},
    {"count_all one short after deadline", CMP_COUNT_ALL, K(12), K(19), false, 0, true, true, K(11), MID_ASOF, false, 0, AFTER, ST_MISSED, false, NULL},
    {"count_all on pace", CMP_COUNT_ALL, K(12), K(19), false, 0, true, true, K(7), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, NULL},
    {"count_all behind pace", CMP_COUNT_ALL, K(12), K(19), false, 0, true, true, K(6), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    {"count_all no data", CMP_COUNT_ALL, K(12), K(19), false, 0, true, false, 0, NULL, false, 0, MID_ON, ST_NO_DATA, false, NULL},
    /* coverage 100 % */
    {"coverage met", CMP_COVERAGE, 0, 0, false, 0, true, true, K(100), MID_ASOF, false, 0, MID_ON, ST_MET, false, "100 %"},
    {"coverage a thousandth short at the end", CMP_COVERAGE, 0, 0, false, 0, true, true, K(99.999), MID_ASOF, false, 0, AFTER, ST_MISSED, false, NULL},
    {"coverage on pace", CMP_COVERAGE, 0, 0, false, 0, true, true, K(60), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, NULL},
    {"coverage behind pace", CMP_COVERAGE, 0, 0, false, 0, true, true, K(40), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    {"coverage no data", CMP_COVERAGE, 0, 0, false, 0, true, false, 0, NULL, false, 0, AFTER, ST_NO_DATA, false, NULL},
    /* zero occurrences (không để xảy ra) */
    {"zero holding before deadline", CMP_ZERO, 0, 0, false, 0, true, true, 0, MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, "chưa xảy ra"},
    {"zero held to the end", CMP_ZERO, 0, 0, false, 0, true, true, 0, MID_ASOF, false, 0, AFTER, ST_MET, false, NULL},
    {"zero broken, counted", CMP_ZERO, 0, 0, false, 0, true, true, K(1), MID_ASOF, false, 0, MID_ON, ST_MISSED, false, "đã xảy ra 1"},
    {"zero broken, a level", CMP_ZERO, 0, 0, false, 0, false, true, K(1), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    {"zero no data", CMP_ZERO, 0, 0, false, 0, true, false, 0, NULL, false, 0, MID_ON, ST_NO_DATA, false, NULL},
    /* milestone: done (100 %) by the deadline; progress in percent paced */
    {"milestone done", CMP_MILESTONE, 0, 0, false, 0, true, true, K(100), MID_ASOF, false, 0, MID_ON, ST_MET, false, "đã hoàn thành"},
    {"milestone ahead", CMP_MILESTONE, 0, 0, false, 0, true, true, K(60), MID_ASOF, false, 0, MID_ON, ST_ON_TRACK, false, "60 %"},
    {"milestone behind", CMP_MILESTONE, 0, 0, false, 0, true, true, K(50), MID_ASOF, false, 0, MID_ON, ST_AT_RISK, false, NULL},
    {"milestone deadline passed", CMP_MILESTONE, 0, 0, false, 0, true, true, K(99), MID_ASOF, false, 0, AFTER, ST_MISSED, false, "đã hết hạn"},
    {"milestone no data after deadline", CMP_MILESTONE, 0, 0, false, 0, true, false, 0, NULL, false, 0, AFTER, ST_NO_DATA, false, NULL},
};

static void test_table(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct eval_case *c = &cases[i];
        struct target_rule t = {c->cmp, c->a, c->b, c->target_base, c->base, c->accumulates, START, DEADLINE, "%"};
        if (c->cmp == CMP_COUNT_ALL) t.unit = "xã";
        if (c->cmp == CMP_LT || c->cmp == CMP_LE || c->cmp == CMP_EQ || c->cmp == CMP_REDUCE_PCT ||
            c->cmp == CMP_INCREASE_PCT || c->cmp == CMP_ZERO)
            t.unit = "";
        struct observation o = {c->has, c->value, c->obs_base, c->obs_baseline, c->as_of};
        struct evaluation e;
        target_evaluate(&t, &o, c->on, &e);
        if (e.status != c->want || e.exceeded != c->want_exceeded)
            check_fail_at(__FILE__, __LINE__, "case \"%s\": got %s%s, want %s%s (%s)", c->name, status_code(e.status),
                          e.exceeded ? "+exceeded" : "", status_code(c->want), c->want_exceeded ? "+exceeded" : "", e.rule);
        if (c->rule_has && !strstr(e.rule, c->rule_has))
            check_fail_at(__FILE__, __LINE__, "case \"%s\": rule \"%s\" lacks \"%s\"", c->name, e.rule, c->rule_has);
        if (!e.rule[0]) check_fail_at(__FILE__, __LINE__, "case \"%s\": no rule sentence", c->name);
    }
    /* every comparator but "all" has a met, a not-met and a no-data row above */
    for (int cmp = 0; cmp < CMP_ALL; cmp++) {
        bool met = false, other = false, nodata = false;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            if ((int)cases[i].cmp != cmp) continue;
            met |= cases[i].want == ST_MET;
            other |= cases[i].want == ST_MISSED || cases[i].want == ST_AT_RISK;
            nodata |= cases[i].want == ST_NO_DATA;
        }
        if (!met || !other || !nodata) check_fail_at(__FILE__, __LINE__, "comparator %s lacks a case", comparator_code(cmp));
    }
}

static void test_all_submeasures(void)
{
    struct { enum target_status parts[3]; int n; enum target_status want; } t[] = {
        {{ST_MET, ST_MET, ST_MET}, 3, ST_MET},
        {{ST_MET, ST_ON_TRACK, ST_MET}, 3, ST_ON_TRACK},
        {{ST_MET, ST_NO_DATA, ST_AT_RISK}, 3, ST_AT_RISK},
        {{ST_MET, ST_MISSED, ST_NO_DATA}, 3, ST_MISSED},
        {{ST_MET, ST_NO_DATA, ST_ON_TRACK}, 3, ST_NO_DATA},
        {{ST_MET}, 0, ST_NO_DATA},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct evaluation e;
        target_evaluate_all(t[i].parts, t[i].n, &e);
        if (e.status != t[i].want)
            check_fail_at(__FILE__, __LINE__, "row %zu: got %s, want %s", i, status_code(e.status), status_code(t[i].want));
    }
    struct evaluation e;
    enum target_status three[] = {ST_MET, ST_MET, ST_MISSED};
    target_evaluate_all(three, 3, &e);
    CHECK_CONTAINS(e.rule, "cần cả 3 tiêu chí con đều đạt — 2 đạt");
}

static void test_numbers(void)
{
    struct { const char *in; bool ok; int64_t want; } p[] = {
        {"99,5", true, 99500}, {"99.5", true, 99500}, {"1.234", true, 1234000}, {"1.234.567", true, 1234567000},
        {"1.234.567,25", true, 1234567250}, {"12", true, 12000}, {"-3", true, -3000}, {"0,001", true, 1},
        {" 30 ", true, 30000}, {"1,2345", false, 0}, {"abc", false, 0}, {"1.23.4", false, 0}, {"", false, 0},
        {"12,", false, 0}, {",5", false, 0}, {"1234.567.890", false, 0}, {"10000000000000", false, 0},
        {"1e3", false, 0}, {"--1", false, 0},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        int64_t v = -777;
        bool ok = eval_parse(p[i].in, &v);
        if (ok != p[i].ok || (ok && v != p[i].want))
            check_fail_at(__FILE__, __LINE__, "eval_parse(\"%s\") = %d/%lld, want %d/%lld", p[i].in, ok, (long long)v, p[i].ok,
                          (long long)p[i].want);
    }
    char out[32];
    eval_format(99500, out, sizeof out); CHECK_STR(out, "99,5");
    eval_format(1234567000, out, sizeof out); CHECK_STR(out, "1.234.567");
    eval_format(-2500, out, sizeof out); CHECK_STR(out, "-2,5");
    eval_format(1, out, sizeof out); CHECK_STR(out, "0,001");
    int64_t d;
    CHECK(eval_days_between("2019-08-19", "2019-10-19", &d) && d == 61);
    CHECK(!eval_days_between("2019-02-29", "2019-10-19", &d));
    for (int c = 0; c < CMP__COUNT; c++) CHECK_INT(comparator_from_code(comparator_code(c)), c);
    for (int s = 0; s < ST__COUNT; s++) CHECK_INT(status_from_code(status_code(s)), s);
}

int main(void)
{
    RUN(test_table);
    RUN(test_all_submeasures);
    RUN(test_numbers);
    return check_done();
}
