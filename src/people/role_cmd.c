/* role_cmd.c: `thidua user roles`, the roles as the command line lists them (role.h). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "role.h"

int role_list_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    if (!cli_options("user roles", &argc, argv, opts) || argc > 1) { fprintf(stderr, "usage: thidua user roles [--json] --db FILE\n"); return 2; }
    store *s = cli_open_existing_db("user roles", db, true);
    if (!s) return 1;
    arena a = {0};
    struct role_row *roles;
    int n, rc = 1;
    if (roles_load(s, &a, &roles, &n) == 0) {
        rc = 0;
        if (as_json) {
            json_t *list = json_array();
            for (int i = 0; i < n; i++) json_array_append_new(list, role_json(&roles[i], true));
            char *text = json_dumps(list, JSON_INDENT(2) | JSON_ENSURE_ASCII);
            puts(text ? text : "[]");
            free(text);
            json_decref(list);
        }
        for (int i = 0; !as_json && i < n; i++) {
            printf("%s%s (%lld active users): %s\n ", roles[i].name, roles[i].whole_tree ? " [whole tree]" : "",
                   (long long)roles[i].users, roles[i].label);
            for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
                if (roles[i].caps & CAP_BIT(c)) printf(" %s", cap_name((enum capability)c));
            putchar('\n');
        }
    } else {
        fprintf(stderr, "thidua user roles: %s\n", store_errmsg(s));
    }
    arena_free(&a);
    store_close(s);
    return rc;
}
