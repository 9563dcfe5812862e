/* test_proposal_intake.c: the hand-over table from fundraising and campaigns to commendation
 * (proposal_intake.c): one achievement is put forward once per subject and form, a row is taken
 * once, and a withdrawal is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "proposal_intake.h"

static void test_intake(void)
{
    char dir[300], path[400], err[512];
    CHECK(temp_dir_make("test_intake.", dir, sizeof dir));
    snprintf(path, sizeof path, "%s/s.db", dir);
    store *s = store_open(path, err, sizeof err);
    CHECK(s && store_migrate(s, err, sizeof err) == STORE_OK);
    if (!s) return;
    arena a = {0};
    struct actor cli = actor_cli(&a);
    struct proposal_intake p = {
        .source = "fund_tier", .source_ref = "fund:1/tier:2", .subject_kind = "enterprise",
        .subject_name = "Công ty minh hoạ A", .subject_key = "tax:4900123456", .form_code = "BK_CT_UBND_TINH",
        .achievement = "fund:1/tier:2/2019", .reason = "Đã ủng hộ 600.000.000 đồng", .amount = 600000000, .year = 2019,
    };
    int64_t existing = -5;
    CHECK(store_begin(s) == 0);
    int64_t id = proposal_intake_add(s, &cli, &p, &existing);
    CHECK(id > 0);
    CHECK_INT(existing, 0);
    /* the same achievement for the same subject and form: refused, pointing at the first row */
    CHECK_INT(proposal_intake_add(s, &cli, &p, &existing), 0);
    CHECK_INT(existing, id);
    /* another form for the same achievement is another proposal */
    p.form_code = "GK_SO";
    int64_t id2 = proposal_intake_add(s, &cli, &p, &existing);
    CHECK(id2 > id);
    CHECK(store_commit(s) == 0);

    struct proposal_intake *rows = NULL;
    int n = 0;
    CHECK_INT(proposal_intake_list(s, &a, "pending", "fund_tier", &rows, &n), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(rows[0].subject_name, "Công ty minh hoạ A");
        CHECK_INT(rows[0].amount, 600000000);
        CHECK_STR(rows[0].created_by, cli.login);
    }
    CHECK(store_begin(s) == 0);
    CHECK_INT(proposal_intake_take(s, id, 77), 1);
    CHECK_INT(proposal_intake_take(s, id, 78), 0);     /* taken once */
    CHECK(store_commit(s) == 0);
    struct proposal_intake got = {0};
    CHECK_INT(proposal_intake_get(s, &a, id, &got), 1);
    CHECK_STR(got.state, "taken");
    CHECK_INT(got.proposal_id, 77);
    CHECK_INT(proposal_intake_withdraw(s, &cli, id, "nhầm"), 0);   /* no longer pending */
    CHECK_INT(proposal_intake_withdraw(s, &cli, id2, "trùng hồ sơ"), 1);
    int64_t audits = 0;
    store_int64(s, &audits, "SELECT count(*) FROM audit_log WHERE entity='proposal_intake' AND action='withdraw'", "");
    CHECK_INT(audits, 1);
    CHECK_INT(proposal_intake_list(s, &a, "pending", NULL, &rows, &n), 0);
    CHECK_INT(n, 0);
    arena_free(&a);
    store_close(s);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", dir);
}

int main(void)
{
    RUN(test_intake);
    return check_done();
}
