/* block_cmd.c: `thidua block …` (add, list, show, member, leader), writing as the command-line
 * actor (actor_cli: audit name cli:<user>). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "block.h"
#include "cli.h"
#include "unit.h"


/* ======================================================================================
 * CLI: thidua block …
 * ====================================================================================== */

static void print_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) fprintf(stderr, "thidua block %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

static int block_add_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: thidua block add --name NAME --kind khoi|cum [--description TEXT] --db FILE\n";
    const char *name = NULL, *kind = NULL, *desc = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("name", &name, .required = true),
        CLI_TEXT("kind", &kind, .required = true),
        CLI_TEXT("description", &desc),
        {0}};
    if (!cli_options("block add", &argc, argv, opts)) { fputs(usage, stderr); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1) {
        fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = block_create(s, &a, &me, name, kind, desc, &fe);
    int rc = 1;
    if (id < 0) fprintf(stderr, "thidua block add: %s\n", store_errmsg(s));
    else if (!id) print_fe("add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int block_list_cmd(int argc, char **argv)
{
    if (!cli_no_options("block list", &argc, argv)) { fprintf(stderr, "usage: thidua block list --db FILE\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1) { fprintf(stderr, "usage: thidua block list --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    struct block *v;
    int n, rc = 0;
    if (block_list(s, &a, &v, &n) < 0) { fprintf(stderr, "thidua block list: %s\n", store_errmsg(s)); rc = 1; }
    else for (int i = 0; i < n; i++) printf("%lld\t%s\t%d\t%s\n", (long long)v[i].id, v[i].kind, v[i].members, v[i].name);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int block_show_cmd(int argc, char **argv)
{
    if (!cli_no_options("block show", &argc, argv)) { fprintf(stderr, "usage: thidua block show ID|NAME --db FILE\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    int64_t id;
    struct block b;
    struct block_member *m;
    struct block_leader *l;
    int nm, nl;
    if (argc != 2) { fprintf(stderr, "usage: thidua block show ID|NAME --db FILE\n"); rc = 2; goto out; }
    if (block_find_ref(s, &id, argv[1]) != 1 || block_get(s, &a, id, &b) != 1 || block_members(s, &a, id, &m, &nm) < 0 ||
        block_leaders(s, &a, id, &l, &nl) < 0) {
        fprintf(stderr, "thidua block show: no block '%s'\n", argv[1]);
        goto out;
    }
    printf("id: %lld\nname: %s\nkind: %s\n", (long long)b.id, b.name, b.kind);
    for (int i = 0; i < nm; i++)
        printf("member: %lld %s%s%s\n", (long long)m[i].unit_id, m[i].unit_name, m[i].left_on ? " left " : "",
               m[i].left_on ? m[i].left_on : "");
    for (int i = 0; i < nl; i++)
        printf("leader %d: head %lld %s; deputy %s\n", l[i].year, (long long)l[i].head_id, l[i].head_name,
               l[i].deputy_name ? l[i].deputy_name : "-");
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* thidua block member BLOCK add|remove UNIT [--date DATE] */
static int block_member_cmd(int argc, char **argv)
{
    const char *date = NULL;   /* the domain reads it with the form's rules and messages */
    const struct cli_opt opts[] = {CLI_TEXT("date", &date), {0}};
    if (!cli_options("block member", &argc, argv, opts)) {
        fprintf(stderr, "usage: thidua block member BLOCK add|remove UNIT [--date DATE] --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    const char *why = NULL;
    int rc = 1;
    int64_t id, unit;
    if (argc != 4 || (!str_eq(argv[2], "add") && !str_eq(argv[2], "remove"))) {
        fprintf(stderr, "usage: thidua block member BLOCK add|remove UNIT [--date DATE] --db FILE\n");
        rc = 2;
        goto out;
    }
    if (block_find_ref(s, &id, argv[1]) != 1) { fprintf(stderr, "thidua block member: no block '%s'\n", argv[1]); goto out; }
    if (unit_find_ref(s, &a, argv[3], &unit, &why) != 1) { fprintf(stderr, "thidua block member: %s: %s\n", argv[3], why ? why : "database error"); goto out; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t r = str_eq(argv[2], "add") ? block_member_add(s, &a, &me, id, unit, date, &fe)
                                   : block_member_remove(s, &a, &me, id, unit, date, &fe);
    if (r < 0) fprintf(stderr, "thidua block member: %s\n", store_errmsg(s));
    else if (!r) print_fe("member", &fe);
    else rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* thidua block leader BLOCK YEAR HEAD [DEPUTY] */
static int block_leader_cmd(int argc, char **argv)
{
    if (!cli_no_options("block leader", &argc, argv)) {
        fprintf(stderr, "usage: thidua block leader BLOCK YEAR HEAD_UNIT [DEPUTY_UNIT] --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    const char *why = NULL;
    int rc = 1;
    int64_t id, year, head, deputy = 0;
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: thidua block leader BLOCK YEAR HEAD_UNIT [DEPUTY_UNIT] --db FILE\n");
        rc = 2;
        goto out;
    }
    if (block_find_ref(s, &id, argv[1]) != 1) { fprintf(stderr, "thidua block leader: no block '%s'\n", argv[1]); goto out; }
    if (!parse_int64(argv[2], &year) || year < 1945 || year > 2200) { fprintf(stderr, "thidua block leader: bad year '%s'\n", argv[2]); rc = 2; goto out; }
    if (unit_find_ref(s, &a, argv[3], &head, &why) != 1) { fprintf(stderr, "thidua block leader: %s: %s\n", argv[3], why ? why : "database error"); goto out; }
    if (argc == 5 && unit_find_ref(s, &a, argv[4], &deputy, &why) != 1) { fprintf(stderr, "thidua block leader: %s: %s\n", argv[4], why ? why : "database error"); goto out; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t r = block_leader_set(s, &a, &me, id, (int)year, head, deputy, &fe);
    if (r < 0) fprintf(stderr, "thidua block leader: %s\n", store_errmsg(s));
    else if (!r) print_fe("leader", &fe);
    else rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd block_cmds[] = {
    {"add", block_add_cmd, "--name NAME --kind khoi|cum [--description TEXT]", "create an emulation block or cluster"},
    {"list", block_list_cmd, "", "list blocks"},
    {"show", block_show_cmd, "ID|NAME", "members and yearly head/deputy"},
    {"member", block_member_cmd, "BLOCK add|remove UNIT [--date DATE]", "add a member, or end a membership"},
    {"leader", block_leader_cmd, "BLOCK YEAR HEAD_UNIT [DEPUTY_UNIT]", "set the head and deputy for a year"},
    {0},
};

int block_cmd(int argc, char **argv) { return cli_dispatch("block", block_cmds, argc, argv); }
