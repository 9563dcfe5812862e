/* test_setting.c: the settings table (setting.c) as an actor changes it: bounds checked, the
 * capability `settings` required, the change audited under the actor's name. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "setting.h"

static void test_set_as_actor(void)
{
    const char *tmp = getenv("TMPDIR");
    char dir[300], path[400], err[512];
    snprintf(dir, sizeof dir, "%s/test_setting.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/s.db", dir);
    store *s = store_open(path, err, sizeof err);
    CHECK(s && store_migrate(s, err, sizeof err) == STORE_OK);
    if (!s) return;
    arena a = {0};
    const struct setting_def *d = setting_find("token.max_days");
    CHECK(d != NULL);
    if (!d) { store_close(s); return; }
    struct actor viewer = {5, "xem", CAP_BIT(CAP_UNIT_READ), 1, false};
    CHECK_INT(setting_set_as(s, &viewer, "token.max_days", "30", err, sizeof err), -1);
    CHECK_CONTAINS(err, "settings");
    CHECK_INT(setting_int(s, "token.max_days"), d->def);
    struct actor cli = actor_cli(&a);
    CHECK_INT(setting_set_as(s, &cli, "token.max_days", "30", err, sizeof err), 0);
    CHECK_INT(setting_int(s, "token.max_days"), 30);
    CHECK_INT(setting_set_as(s, &cli, "token.max_days", "0", err, sizeof err), -1);   /* below its bounds */
    CHECK_INT(setting_int(s, "token.max_days"), 30);
    char *who = NULL;
    store_text(s, &who, &a, "SELECT user_login FROM audit_log WHERE entity='setting' ORDER BY id DESC LIMIT 1", "");
    CHECK_STR(who, cli.login);
    arena_free(&a);
    store_close(s);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", dir);
}

int main(void)
{
    RUN(test_set_as_actor);
    return check_done();
}
