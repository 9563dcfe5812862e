/* reorganise_cmd.c: `thidua unit reorganise`, as the command-line actor. */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "cli.h"
#include "unit_internal.h"


/* thidua unit reorganise --change merge|split|rename --source REF… [--into REF…]
 *   [--new-name NAME… [--kind K] [--parent REF]] --effective DATE [--legal-basis TEXT] */
int unit_reorganise_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    const char *why = NULL;
    int status = 1;
    const char *change = cli_option(&argc, argv, "change"), *effective = cli_option(&argc, argv, "effective"),
               *legal = cli_option(&argc, argv, "legal-basis"), *kind = cli_option(&argc, argv, "kind"),
               *parent = cli_option(&argc, argv, "parent");
    int64_t sources[UNIT_REORG_MAX], existing[UNIT_REORG_MAX];
    struct unit_input created[UNIT_REORG_MAX];
    memset(created, 0, sizeof created);
    int ns = 0, ne = 0, nc = 0;
    const char *ref;
    while ((ref = cli_option(&argc, argv, "source")) && ns < UNIT_REORG_MAX) {
        if (unit_find_ref(s, &a, ref, &sources[ns], &why) != 1) { fprintf(stderr, "thidua unit reorganise: %s: %s\n", ref, why ? why : "database error"); goto out; }
        ns++;
    }
    while ((ref = cli_option(&argc, argv, "into")) && ne < UNIT_REORG_MAX) {
        if (unit_find_ref(s, &a, ref, &existing[ne], &why) != 1) { fprintf(stderr, "thidua unit reorganise: %s: %s\n", ref, why ? why : "database error"); goto out; }
        ne++;
    }
    int64_t parent_id = 0;
    if (parent && unit_find_ref(s, &a, parent, &parent_id, &why) != 1) { fprintf(stderr, "thidua unit reorganise: %s: %s\n", parent, why ? why : "database error"); goto out; }
    while ((ref = cli_option(&argc, argv, "new-name")) && nc < UNIT_REORG_MAX) {
        created[nc].name = ref;
        created[nc].kind = kind;
        if (parent) { created[nc].set_parent = true; created[nc].parent_id = parent_id; }
        nc++;
    }
    if (argc > 1 || !change || !effective) {
        fprintf(stderr, "usage: thidua unit reorganise --change merge|split|rename --source REF [--source REF…] "
                        "[--into REF…] [--new-name NAME…] [--kind K] [--parent REF] --effective DATE "
                        "[--legal-basis TEXT] --db FILE\n");
        status = 2;
        goto out;
    }
    struct unit_reorg op = {change, sources, ns, existing, ne, created, nc, effective, legal};
    struct unit_reorg_result res;
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = unit_reorganise(s, &a, &me, &op, &fe, &res);
    if (rc < 0) fprintf(stderr, "thidua unit reorganise: %s\n", store_errmsg(s));
    else if (!rc) unit_print_errors("reorganise", &fe);
    else {
        for (int i = 0; i < res.nsuccessors; i++) printf("%lld\n", (long long)res.successors[i]);
        if (res.moved_children) fprintf(stderr, "%d child unit(s) moved under the successor\n", res.moved_children);
        if (res.children_left) fprintf(stderr, "%d child unit(s) remain under the split unit; move them one by one\n", res.children_left);
        status = 0;
    }
out:
    arena_free(&a);
    store_close(s);
    return status;
}
