/* setting_cmd.c: `thidua setting list|get|set`, generated from the table of setting.c (a new
 * setting needs no change here), writing as the command-line actor. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "setting.h"

/* ---- thidua setting list|get|set ---- */
static int setting_list_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    if (!cli_options("setting list", &argc, argv, opts)) { fprintf(stderr, "usage: thidua setting list [--json] [--db FILE]\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1) { fprintf(stderr, "usage: thidua setting list [--json] [--db FILE]\n"); store_close(s); return 2; }
    json_t *all = json_array();
    arena a = {0};
    for (const struct setting_def *d = setting_defs; d->name; d++) {
        const char *v = setting_value_text(s, &a, d, d->name);
        if (as_json && d->kind == SETTING_TEXT)
            json_array_append_new(all, json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "name", d->name, "kind", "text",
                                                 "value", v, "default", d->text_def ? d->text_def : "",
                                                 "min_chars", (json_int_t)d->min, "max_chars", (json_int_t)d->max, "help", d->help));
        else if (as_json)
            json_array_append_new(all, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:s}", "name", d->name, "kind", "integer",
                                                 "value", (json_int_t)setting_int(s, d->name),
                                                 "default", (json_int_t)d->def, "min", (json_int_t)d->min,
                                                 "max", (json_int_t)d->max, "unit", d->unit, "help", d->help));
        else if (d->kind == SETTING_TEXT)
            printf("%s = \"%s\" (mặc định \"%s\"; tối đa %lld ký tự)\n    %s\n", d->name, v, d->text_def ? d->text_def : "",
                   (long long)d->max, d->help);
        else
            printf("%s = %s %s (mặc định %lld; %lld–%lld)\n    %s\n", d->name, v, d->unit,
                   (long long)d->def, (long long)d->min, (long long)d->max, d->help);
    }
    /* Stored values of a family's members ("import.max_rows.reporter") are listed too. */
    stmt *q = store_query(s, "SELECT name, value FROM setting ORDER BY name", "");
    while (q && stmt_step(q) == STORE_ROW) {
        const char *name = stmt_text(q, 0);
        const struct setting_def *d = setting_find(name);
        if (!d || str_eq(d->name, name)) continue;
        const char *v = setting_value_text(s, &a, d, name);
        if (as_json) json_array_append_new(all, json_pack("{s:s, s:s, s:s}", "name", name, "value", v, "family", d->name));
        else printf("%s = %s %s\n", name, v, d->unit);
    }
    stmt_finalize(q);
    if (as_json) cli_print_json(all);
    else json_decref(all);
    arena_free(&a);
    store_close(s);
    return 0;
}

static int setting_get_cmd(int argc, char **argv)
{
    if (!cli_no_options("setting get", &argc, argv)) { fprintf(stderr, "usage: thidua setting get NAME [--db FILE]\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int rc = 0;
    if (argc != 2) { fprintf(stderr, "usage: thidua setting get NAME [--db FILE]\n"); rc = 2; }
    else if (!setting_find(argv[1])) { fprintf(stderr, "thidua setting get: no setting '%s' (see: thidua setting list)\n", argv[1]); rc = 1; }
    else {
        arena a = {0};
        puts(setting_value_text(s, &a, setting_find(argv[1]), argv[1]));
        arena_free(&a);
    }
    store_close(s);
    return rc;
}

static int setting_set_cmd(int argc, char **argv)
{
    if (!cli_no_options("setting set", &argc, argv)) { fprintf(stderr, "usage: thidua setting set NAME VALUE [--db FILE]\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int rc = 0;
    char err[256];
    arena a = {0};
    struct actor who = actor_cli(&a);
    if (argc != 3) { fprintf(stderr, "usage: thidua setting set NAME VALUE [--db FILE]\n"); rc = 2; }
    else if (setting_set_as(s, &who, argv[1], argv[2], err, sizeof err) != 0) {
        fprintf(stderr, "thidua setting set: %s\n", err);
        rc = 1;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd setting_cmds[] = {
    {"list", setting_list_cmd, "[--json]", "every setting with its value, default, bounds and help"},
    {"get", setting_get_cmd, "NAME", "the value in force"},
    {"set", setting_set_cmd, "NAME VALUE", "change a setting (checked against its bounds; audited)"},
    {0},
};

int setting_cmd(int argc, char **argv) { return cli_dispatch("setting", setting_cmds, argc, argv); }
