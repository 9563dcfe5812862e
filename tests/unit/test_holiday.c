/* test_holiday.c: the working-day calendar's domain (holiday.c) as every face uses it:
 * validation of an amendment, the capability an actor needs to change the calendar, the audit
 * entry of each change, and deadlines moving with an amendment. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "audit.h"
#include "check.h"
#include "holiday.h"

static char dir[300];
static store *db;

static bool setup(void)
{
    if (!temp_dir_make("test_holiday.", dir, sizeof dir)) return false;
    char path[400], err[512];
    snprintf(path, sizeof path, "%s/h.db", dir);
    db = store_open(path, err, sizeof err);
    if (!db || store_migrate(db, err, sizeof err) != STORE_OK) { printf("FAIL setup: %s\n", err); return false; }
    return true;
}

static void test_validate(void)
{
    arena a = {0};
    struct field_errors fe = {0};
    char iso[11] = "";
    int kind = -1;
    holiday_validate(&a, "14/02/2026", "work", "làm bù", NULL, iso, &kind, &fe);
    CHECK_INT(fe.n, 0);
    CHECK_STR(iso, "2026-02-14");
    CHECK_STR(holiday_kind_names[kind], "work");
    struct field_errors bad = {0};
    holiday_validate(&a, "31/02/2026", "holiday", NULL, NULL, iso, &kind, &bad);
    CHECK_INT(bad.n, 2);                  /* no such day, no such kind */
    CHECK_STR(bad.items[0].name, "day");
    CHECK_STR(bad.items[1].name, "kind");
    arena_free(&a);
}

static void test_amend_needs_settings(void)
{
    /* A writer without the capability `settings` (a reporter): refused before any write. */
    struct actor reporter = {0, "canbo.xa", CAP_BIT(CAP_UNIT_READ) | CAP_BIT(CAP_UNIT_WRITE), 0, false};
    int64_t before = 0, after = 0, rows = -1;
    char h[65];
    audit_head(db, &before, h);
    CHECK_INT(holiday_amend(db, &reporter, "2026-02-14", 2, NULL, NULL), HOLIDAY_DENIED);
    CHECK_INT(holiday_remove(db, &reporter, 0, "2026-02-14"), HOLIDAY_DENIED);
    store_int64(db, &rows, "SELECT count(*) FROM holiday_amendment", "");
    CHECK_INT(rows, 0);
    audit_head(db, &after, h);
    CHECK_INT(after, before);
    CHECK_INT(store_tx_depth(db), 0);
}

static void test_amend_moves_deadlines(void)
{
    arena a = {0};
    struct actor cli = actor_cli(&a);
    char out[11], err[256];
    /* Friday 2026-03-06 + 1 working day is Monday 2026-03-09; make Monday a day off and the
     * deadline moves to Tuesday; remove the amendment and it comes back. */
    CHECK_INT(holiday_add_working_days(db, "2026-03-06", 1, out, err, sizeof err), 0);
    CHECK_STR(out, "2026-03-09");
    CHECK_INT(holiday_amend(db, &cli, "2026-03-09", 0, "nghỉ đột xuất", "QĐ 1/UBND"), STORE_OK);
    CHECK_INT(holiday_add_working_days(db, "2026-03-06", 1, out, err, sizeof err), 0);
    CHECK_STR(out, "2026-03-10");
    char *who = NULL, *action = NULL;
    store_text(db, &who, &a, "SELECT user_login FROM audit_log ORDER BY id DESC LIMIT 1", "");
    store_text(db, &action, &a, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1", "");
    CHECK_STR(who, cli.login);
    CHECK_STR(action, "create");
    CHECK_INT(holiday_remove(db, &cli, 0, "2026-03-09"), 1);
    CHECK_INT(holiday_remove(db, &cli, 0, "2026-03-09"), 0);
    CHECK_INT(holiday_add_working_days(db, "2026-03-06", 1, out, err, sizeof err), 0);
    CHECK_STR(out, "2026-03-09");
    arena_free(&a);
}

int main(void)
{
    if (!setup()) return 1;
    RUN(test_validate);
    RUN(test_amend_needs_settings);
    RUN(test_amend_moves_deadlines);
    store_close(db);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", dir);
    return check_done();
}
