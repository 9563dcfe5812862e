/* test_setting.c: the settings table (setting.c) as an actor changes it: bounds checked, the
 * capability `settings` required, the change audited under the actor's name. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "setting.h"

static void test_set_as_actor(void)
{
    char dir[300], path[400], err[512];
    CHECK(temp_dir_make("test_setting.", dir, sizeof dir));
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

/* Text settings: NFC and white space normalised, one line, a length limit, the default until
 * set, an invalid stored value falling back to the default, and the audit entry with before and
 * after (the default as "before" on a first change). */
static void test_text_settings(void)
{
    char dir[300], path[400], err[512];
    CHECK(temp_dir_make("test_setting.", dir, sizeof dir));
    snprintf(path, sizeof path, "%s/s.db", dir);
    store *s = store_open(path, err, sizeof err);
    CHECK(s && store_migrate(s, err, sizeof err) == STORE_OK);
    if (!s) return;
    arena a = {0};
    struct actor cli = actor_cli(&a);
    CHECK_STR(setting_text(s, &a, "org.province"), "Lạng Sơn");
    CHECK_STR(setting_text(s, &a, "org.board_name"), "Ban Thi đua – Khen thưởng tỉnh Lạng Sơn");
    CHECK_STR(setting_text(s, &a, "org.issuer_name"), "Ủy ban nhân dân tỉnh Lạng Sơn");
    CHECK_STR(setting_text(s, &a, "org.place_name"), "Lạng Sơn");
    CHECK_STR(setting_text(s, &a, "org.default_signer_authority"), "KT. CHỦ TỊCH");
    CHECK_STR(setting_text(s, &a, "org.default_signer_position"), "PHÓ CHỦ TỊCH");
    CHECK_STR(setting_text(s, &a, "org.default_signer_name"), "");
    /* Decomposed input (NFD "Sơn" = S o U+031B n) and stray spaces are stored as NFC, trimmed. */
    CHECK_INT(setting_set_as(s, &cli, "org.place_name", "  TP. La\xcc\xa3ng  So\xcc\x9bn ", err, sizeof err), 0);
    CHECK_STR(setting_text(s, &a, "org.place_name"), "TP. Lạng Sơn");
    char *before = NULL, *after = NULL;
    store_text(s, &before, &a, "SELECT before_json FROM audit_log WHERE entity='setting' ORDER BY id DESC LIMIT 1", "");
    store_text(s, &after, &a, "SELECT after_json FROM audit_log WHERE entity='setting' ORDER BY id DESC LIMIT 1", "");
    json_t *bj = before ? json_loads(before, 0, NULL) : NULL, *aj = after ? json_loads(after, 0, NULL) : NULL;
    CHECK_STR(json_string_value(json_object_get(bj, "value")), "Lạng Sơn");   /* the default it replaced */
    CHECK(json_is_true(json_object_get(bj, "default")));
    CHECK_STR(json_string_value(json_object_get(aj, "value")), "TP. Lạng Sơn");
    json_decref(bj);
    json_decref(aj);
    /* Refused: a line break, too long, empty where required, invalid UTF-8; the value stays. */
    CHECK_INT(setting_set_as(s, &cli, "org.place_name", "Lạng\nSơn", err, sizeof err), -1);
    CHECK_CONTAINS(err, "org.place_name");
    char longer[400];
    memset(longer, 'x', 150);
    longer[150] = 0;
    CHECK_INT(setting_set_as(s, &cli, "org.place_name", longer, err, sizeof err), -1);
    CHECK_CONTAINS(err, "100");
    CHECK_INT(setting_set_as(s, &cli, "org.province", "   ", err, sizeof err), -1);
    CHECK_INT(setting_set_as(s, &cli, "org.province", "L\xff", err, sizeof err), -1);
    CHECK_STR(setting_text(s, &a, "org.place_name"), "TP. Lạng Sơn");
    /* Optional text may be emptied. */
    CHECK_INT(setting_set_as(s, &cli, "org.default_signer_authority", "", err, sizeof err), 0);
    CHECK_STR(setting_text(s, &a, "org.default_signer_authority"), "");
    /* A value stored around the checks (a hand edit) is not used: the default is. */
    store_exec(s, "UPDATE setting SET value='a\nb' WHERE name='org.place_name'", "");
    CHECK_STR(setting_text(s, &a, "org.place_name"), "Lạng Sơn");
    /* Integers are checked as before; the value in force as text for lists. */
    CHECK_STR(setting_value_text(s, &a, setting_find("http.public_burst"), "http.public_burst"), "60");
    CHECK_INT(setting_set_as(s, &cli, "http.public_burst", "abc", err, sizeof err), -1);
    arena_free(&a);
    store_close(s);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", dir);
}

int main(void)
{
    RUN(test_set_as_actor);
    RUN(test_text_settings);
    return check_done();
}
