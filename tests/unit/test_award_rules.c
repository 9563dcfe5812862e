/* test_award_rules.c: the rule base of commendation (award_rules.c) selects the rows in force on
 * a date — a decision of August 2019 is paid from 1,490,000 and the Decree 91/2017 coefficients,
 * one of 10/8/2026 from 2,530,000 × 1.5 = 3,800,000 — rounds up to 10,000 đồng, says which rows
 * it used, applies the ballot rule's quorum and threshold at their edges, and lets an
 * administrator (only) add the rows of a new decree, audited, with clear errors for bad rows. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "award_rules.h"
#include "check.h"

static store *open_db(const char *name)
{
    char dir[300], path[400], err[512];
    if (!temp_dir_make(name, dir, sizeof dir)) return NULL;
    snprintf(path, sizeof path, "%s/s.db", dir);
    store *s = store_open(path, err, sizeof err);
    if (!s || store_migrate(s, err, sizeof err) != STORE_OK) {
        printf("FAIL open: %s\n", err);
        return NULL;
    }
    return s;
}

static store *db;

/* The money table: form, kind, decision date → amount (0 with rc 1: "no money"; rc 0: no rule). */
static void test_money_table(void)
{
    static const struct {
        const char *form, *kind, *date;
        int rc;
        int64_t amount, salary;
        int milli;
        const char *citation_has;
    } cases[] = {
        {"BK_CT_UBND_TINH", "individual", "2019-08-20", 1, 1490000, 1490000, 1000, "91/2017"},
        {"BK_CT_UBND_TINH", "collective", "2019-08-20", 1, 2980000, 1490000, 2000, "91/2017"},
        {"BK_CT_UBND_TINH", "enterprise", "2019-08-20", 1, 2980000, 1490000, 2000, "91/2017"},
        {"CSTD_TINH", "individual", "2019-08-20", 1, 4470000, 1490000, 3000, "91/2017"},
        {"LDTT", "individual", "2019-08-20", 1, 450000, 1490000, 300, "91/2017"},          /* 447,000 ↑ */
        {"TTLDTT", "collective", "2019-08-20", 1, 1200000, 1490000, 800, "91/2017"},       /* 1,192,000 ↑ */
        {"GK_CT_UBND_XA", "individual", "2019-08-20", 1, 230000, 1490000, 150, "91/2017"}, /* 223,500 ↑ */
        {"BK_CT_UBND_TINH", "individual", "2019-06-30", 1, 1390000, 1390000, 1000, "91/2017"}, /* day before 1/7/2019 */
        {"BK_CT_UBND_TINH", "individual", "2019-07-01", 1, 1490000, 1490000, 1000, "91/2017"},
        {"BK_CT_UBND_TINH", "individual", "2025-06-30", 1, 2340000, 2340000, 1000, "98/2023"},
        {"BK_CT_UBND_TINH", "individual", "2025-07-01", 1, 3510000, 2340000, 1500, "152/2025"},
        {"BK_CT_UBND_TINH", "individual", "2026-06-30", 1, 3510000, 2340000, 1500, "152/2025"},
        {"BK_CT_UBND_TINH", "individual", "2026-08-10", 1, 3800000, 2530000, 1500, "152/2025"}, /* 3,795,000 ↑ */
        {"BK_CT_UBND_TINH", "household", "2026-08-10", 1, 3800000, 2530000, 1500, "152/2025"},
        {"BK_CT_UBND_TINH", "collective", "2026-08-10", 1, 7590000, 2530000, 3000, "152/2025"},
        {"HTXSNV", "individual", "2026-08-10", 1, 0, 0, 0, "không có tiền thưởng"},
        {"BK_TTG", "household", "2026-08-10", 0, 0, 0, 0, NULL},                          /* no row */
        {"BK_CT_UBND_TINH", "individual", "2017-01-01", 0, 0, 0, 0, NULL},                /* before the rules */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        arena a = {0};
        int64_t amount = -1;
        struct award_money_explain x;
        int rc = award_money(db, &a, cases[i].form, cases[i].kind, cases[i].date, &amount, &x);
        if (rc != cases[i].rc || amount != cases[i].amount) {
            printf("     case %zu: %s %s %s → rc %d amount %lld (%s)\n", i, cases[i].form, cases[i].kind, cases[i].date,
                   rc, (long long)amount, x.text ? x.text : "");
        }
        CHECK_INT(rc, cases[i].rc);
        CHECK_INT(amount, cases[i].amount);
        if (rc == 1 && !x.no_money) {
            CHECK_INT(x.base_salary, cases[i].salary);
            CHECK_INT(x.coefficient_milli, cases[i].milli);
            CHECK(x.coefficient_row_id > 0 && x.salary_row_id > 0);
            CHECK(x.rounded % 10000 == 0 && x.rounded >= x.exact && x.rounded - x.exact < 10000);
        }
        if (cases[i].citation_has) CHECK_CONTAINS(x.coefficient_citation ? x.coefficient_citation : x.text, cases[i].citation_has);
        if (rc == 0) CHECK(x.text != NULL);
        arena_free(&a);
    }
    /* The explanation shows the computation and the rows. */
    arena a = {0};
    int64_t amount;
    struct award_money_explain x;
    CHECK_INT(award_money(db, &a, "BK_CT_UBND_TINH", "individual", "2026-08-10", &amount, &x), 1);
    CHECK_CONTAINS(x.text, "1,5 × 2.530.000 = 3.795.000");
    CHECK_CONTAINS(x.text, "3.800.000 đồng");
    CHECK_CONTAINS(x.text, "161/2026");
    CHECK(x.no_money == false);
    arena_free(&a);
}

static void test_rules_by_date(void)
{
    arena a = {0};
    struct award_form f;
    CHECK_INT(award_form_at(db, &a, "BK_CT_UBND_TINH", "2019-08-20", &f), 1);
    CHECK_CONTAINS(f.citation, "2003");
    CHECK_STR(f.valid_to, "2023-12-31");
    CHECK(award_form_for_kind(&f, "enterprise"));
    CHECK(!f.council_vote);
    CHECK_INT(award_form_at(db, &a, "BK_CT_UBND_TINH", "2026-08-10", &f), 1);
    CHECK_CONTAINS(f.citation, "Điều 74");
    CHECK_CONTAINS(f.citation, "06/2022/QH15");
    CHECK_STR(f.certificate_title, "Bằng khen");           /* what its certificate prints (sql/046) */
    CHECK_INT(award_form_at(db, &a, "CSTD_TINH", "2024-01-01", &f), 1);
    CHECK(f.council_vote);
    CHECK(f.certificate_title == NULL);                    /* a title: "Công nhận danh hiệu" */
    CHECK(award_form_for_kind(&f, "individual") && !award_form_for_kind(&f, "collective"));
    CHECK_INT(award_form_at(db, &a, "BK_CT_UBND_TINH", "2010-01-01", &f), 0);
    CHECK_INT(award_form_at(db, &a, "NO_SUCH", "2026-01-01", &f), 0);

    struct award_form *forms;
    int n = 0;
    CHECK_INT(award_forms_at(db, &a, "2019-08-20", &forms, &n), 1);
    CHECK_INT(n, 13);                       /* one row per code in force */
    CHECK_INT(award_forms_at(db, &a, "2026-08-10", &forms, &n), 1);
    CHECK_INT(n, 13);
    bool seen_bk = false;
    for (int i = 0; i < n; i++)
        if (str_eq(forms[i].code, "BK_CT_UBND_TINH")) seen_bk = strstr(forms[i].citation, "06/2022") != NULL;
    CHECK(seen_bk);

    struct award_time_limit t;
    CHECK_INT(award_time_limit_at(db, &a, "total", "BK_CT_UBND_TINH", "2026-08-10", &t), 1);
    CHECK_INT(t.working_days, 25);
    CHECK_INT(award_time_limit_at(db, &a, "check", NULL, "2019-08-20", &t), 1);
    CHECK_INT(t.working_days, 5);

    struct award_donation_threshold *d;
    CHECK_INT(award_donation_thresholds_at(db, &a, "2019-08-20", &d, &n), 1);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(d[0].donor_kind, "any");
        CHECK_INT(d[0].min_amount, 50000000);
        CHECK_STR(d[1].form_code, "BK_CT_UBND_TINH");
        CHECK_INT(d[1].min_amount, 500000000);
    }
    CHECK_INT(award_donation_thresholds_at(db, &a, "2018-08-20", &d, &n), 1);
    CHECK_INT(n, 0);

    struct award_criterion *c;
    CHECK_INT(award_criteria_at(db, &a, "CSTD_TINH", "individual", "2019-12-31", &c, &n), 1);
    CHECK_INT(n, 3);                        /* 3 consecutive CSTĐ cơ sở, an initiative, and "once" */
    CHECK_INT(award_criteria_at(db, &a, "BK_CT_UBND_TINH", "individual", "2026-12-31", &c, &n), 1);
    CHECK_INT(n, 4);                        /* once; a: achievement; b: 2 years HTXSNV + 2 initiatives */
    arena_free(&a);
}

static void test_ballot_edges(void)
{
    arena a = {0};
    struct award_ballot_rule r;
    CHECK_INT(award_ballot_rule_at(db, &a, "2019-08-20", &r), 1);
    CHECK_INT(r.pass_bp, 9000);
    CHECK_STR(r.pass_base, "members");
    CHECK(award_ballot_quorate(&r, 21, 14));    /* 14/21 = 66.67 % */
    CHECK(!award_ballot_quorate(&r, 21, 13));
    CHECK(award_ballot_passes(&r, 20, 20, 18)); /* 90 % of all members */
    CHECK(!award_ballot_passes(&r, 20, 20, 17));
    CHECK(!award_ballot_passes(&r, 20, 13, 13)); /* no quorum: nothing passes */
    CHECK(!award_ballot_passes(&r, 20, 18, 19)); /* more yes than present: refused */
    CHECK_INT(award_ballot_rule_at(db, &a, "2026-08-10", &r), 1);
    CHECK_INT(r.pass_bp, 7000);
    CHECK(award_ballot_passes(&r, 20, 15, 14));  /* 70 % of 20 members */
    CHECK(!award_ballot_passes(&r, 20, 15, 13));
    CHECK_INT(award_ballot_rule_at(db, &a, "2016-01-01", &r), 0);
    arena_free(&a);
}

static int64_t audit_count(const char *entity)
{
    int64_t n = 0;
    store_int64(db, &n, "SELECT count(*) FROM audit_log WHERE entity = $1", "t", entity);
    return n;
}

static void put(struct award_rule_input *in, const char *name, const char *value)
{
    in->items[in->n].name = name;
    in->items[in->n].value = value;
    in->items[in->n].value_len = strlen(value);
    in->n++;
}

static void test_admin_adds_a_decree(void)
{
    arena a = {0};
    struct actor admin = actor_cli(&a);
    struct actor officer = {.user_id = 7, .login = "canbo", .caps = CAP_BIT(CAP_APPRAISE) | CAP_BIT(CAP_DOSSIER_WRITE),
                            .unit_id = 1, .whole_tree = true};
    struct field_errors fe = {0};
    struct award_rule_input in = {0};
    put(&in, "amount", "3.000.000");
    put(&in, "citation", "Nghị định giả định cho kiểm thử");
    put(&in, "valid_from", "01/07/2027");
    int64_t before = audit_count("award_base_salary");
    CHECK_INT(award_rule_add(db, &a, &officer, AWARD_RULE_BASE_SALARY, &in, &fe), 0);   /* no settings */
    CHECK(ferr_get(&fe, "scope") != NULL);
    fe = (struct field_errors){0};
    int64_t id = award_rule_add(db, &a, &admin, AWARD_RULE_BASE_SALARY, &in, &fe);
    CHECK(id > 0);
    CHECK_INT(audit_count("award_base_salary"), before + 1);
    int64_t amount;
    struct award_money_explain x;
    CHECK_INT(award_money(db, &a, "BK_CT_UBND_TINH", "individual", "2027-08-01", &amount, &x), 1);
    CHECK_INT(amount, 4500000);
    CHECK_INT(x.salary_row_id, id);
    CHECK_INT(award_money(db, &a, "BK_CT_UBND_TINH", "individual", "2026-08-10", &amount, &x), 1);
    CHECK_INT(amount, 3800000);             /* the old decision keeps the old row */

    /* the same start date twice: a clear error, nothing written */
    fe = (struct field_errors){0};
    CHECK_INT(award_rule_add(db, &a, &admin, AWARD_RULE_BASE_SALARY, &in, &fe), 0);
    CHECK(ferr_get(&fe, "valid_from") != NULL);

    /* a coefficient with a decimal comma, for a new decree */
    struct award_rule_input co = {0};
    put(&co, "form_code", "BK_CT_UBND_TINH");
    put(&co, "subject_kind", "individual");
    put(&co, "coefficient", "1,75");
    put(&co, "citation", "Nghị định giả định cho kiểm thử");
    put(&co, "valid_from", "2027-07-01");
    fe = (struct field_errors){0};
    CHECK(award_rule_add(db, &a, &admin, AWARD_RULE_COEFFICIENT, &co, &fe) > 0);
    CHECK_INT(award_money(db, &a, "BK_CT_UBND_TINH", "individual", "2027-08-01", &amount, &x), 1);
    CHECK_INT(amount, 5250000);             /* 1.75 × 3,000,000 */
    CHECK_CONTAINS(x.text, "1,75 × 3.000.000");

    /* bad rows: each field named */
    struct award_rule_input bad = {0};
    put(&bad, "form_code", "KHONG_CO");
    put(&bad, "subject_kind", "robot");
    put(&bad, "coefficient", "1,2345");
    put(&bad, "valid_from", "31/02/2027");
    put(&bad, "colour", "red");
    fe = (struct field_errors){0};
    CHECK_INT(award_rule_add(db, &a, &admin, AWARD_RULE_COEFFICIENT, &bad, &fe), 0);
    CHECK(ferr_get(&fe, "form_code") && ferr_get(&fe, "subject_kind") && ferr_get(&fe, "coefficient"));
    CHECK(ferr_get(&fe, "valid_from") && ferr_get(&fe, "citation") && ferr_get(&fe, "colour"));
    struct award_rule_input ends = {0};
    put(&ends, "amount", "1");
    put(&ends, "citation", "x");
    put(&ends, "valid_from", "2030-01-02");
    put(&ends, "valid_to", "2030-01-01");
    fe = (struct field_errors){0};
    CHECK_INT(award_rule_add(db, &a, &admin, AWARD_RULE_BASE_SALARY, &ends, &fe), 0);
    CHECK(ferr_get(&fe, "valid_to") != NULL);

    /* the list shows every row, newest first, coefficients as decimals */
    struct award_rule_row *rows;
    int n;
    CHECK_INT(award_rule_list(db, &a, AWARD_RULE_COEFFICIENT, &rows, &n), 1);
    CHECK(n > 50);
    if (n) {
        CHECK_STR(rows[0].cols[2].name, "coefficient");
        CHECK_STR(rows[0].cols[2].value, "1,75");
    }
    CHECK_INT(award_rule_kind_from("criterion"), AWARD_RULE_CRITERION);
    CHECK_INT(award_rule_kind_from("nope"), -1);
    arena_free(&a);
}

int main(void)
{
    db = open_db("test_award_rules");
    if (!db) return 1;
    RUN(test_money_table);
    RUN(test_rules_by_date);
    RUN(test_ballot_edges);
    RUN(test_admin_adds_a_decree);
    store_close(db);
    return check_done();
}
