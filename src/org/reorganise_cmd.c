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
    static const char usage[] = "usage: thidua unit reorganise --change merge|split|rename --source REF [--source REF…] "
                                "[--into REF…] [--new-name NAME…] [--kind K] [--parent REF] --effective DATE "
                                "[--legal-basis TEXT] --db FILE\n";
    const char *change = NULL, *effective = NULL, *legal = NULL, *kind = NULL, *parent = NULL;
    /* Each list holds at most what the domain takes: the one-option-at-a-time reader stopped at
     * UNIT_REORG_MAX and dropped the next value without a word; now it is refused. */
    struct cli_list src = {0}, into = {0}, names = {0};
    const struct cli_opt opts[] = {
        CLI_TEXT("change", &change, .required = true),
        CLI_TEXT("effective", &effective, .required = true),
        CLI_TEXT("legal-basis", &legal),
        CLI_TEXT("kind", &kind),
        CLI_TEXT("parent", &parent),
        CLI_LIST("source", &src, UNIT_REORG_MAX),
        CLI_LIST("into", &into, UNIT_REORG_MAX),
        CLI_LIST("new-name", &names, UNIT_REORG_MAX),
        {0}};
    if (!cli_options("unit reorganise", &argc, argv, opts)) { fputs(usage, stderr); return 2; }
    /* --kind and --parent describe the new units; without --new-name they were ignored. */
    if ((kind || parent) && !names.n) {
        fprintf(stderr, "thidua unit reorganise: --%s: chỉ đi cùng --new-name\n", kind ? "kind" : "parent");
        fputs(usage, stderr);
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    const char *why = NULL;
    int status = 1;
    int64_t sources[UNIT_REORG_MAX], existing[UNIT_REORG_MAX];
    struct unit_input created[UNIT_REORG_MAX];
    memset(created, 0, sizeof created);
    int ns = 0, ne = 0, nc = 0;
    if (argc > 1) {
        fputs(usage, stderr);
        status = 2;
        goto out;
    }
    for (; ns < src.n; ns++)
        if (unit_find_ref(s, &a, src.item[ns], &sources[ns], &why) != 1) { fprintf(stderr, "thidua unit reorganise: %s: %s\n", src.item[ns], why ? why : "database error"); goto out; }
    for (; ne < into.n; ne++)
        if (unit_find_ref(s, &a, into.item[ne], &existing[ne], &why) != 1) { fprintf(stderr, "thidua unit reorganise: %s: %s\n", into.item[ne], why ? why : "database error"); goto out; }
    int64_t parent_id = 0;
    if (parent && unit_find_ref(s, &a, parent, &parent_id, &why) != 1) { fprintf(stderr, "thidua unit reorganise: %s: %s\n", parent, why ? why : "database error"); goto out; }
    for (; nc < names.n; nc++) {
        created[nc].name = names.item[nc];
        created[nc].kind = kind;
        if (parent) { created[nc].set_parent = true; created[nc].parent_id = parent_id; }
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
