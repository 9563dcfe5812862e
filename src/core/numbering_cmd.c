/* numbering_cmd.c: `thidua register list|show|void`: the numbering registers from the command
 * line (numbering.h), voiding as the command-line actor (actor_cli: audit name cli:<user>). */
#include <stdio.h>
#include <stdlib.h>

#include "actor.h"
#include "cli.h"
#include "numbering.h"

static int register_list_cmd(int argc, char **argv)
{
    if (!cli_no_options("register list", &argc, argv)) { fprintf(stderr, "usage: thidua register list --db FILE\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1) { fprintf(stderr, "usage: thidua register list --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    struct numbering_register *v;
    int n, rc = 0;
    if (numbering_registers(s, &a, &v, &n) < 0) { fprintf(stderr, "thidua register list: %s\n", store_errmsg(s)); rc = 1; }
    else {
        printf("kind\towner\tyear\tcount\tlast\tvoided\n");
        for (int i = 0; i < n; i++)
            printf("%s\t%s\t%d\t%lld\t%lld\t%lld\n", v[i].key.kind, v[i].key.owner, v[i].key.year, (long long)v[i].count,
                   (long long)v[i].last, (long long)v[i].voided);
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

/* KIND OWNER YEAR from argv[1..3]; false after a message. */
static bool key_args(const char *cmd, char **argv, struct numbering_key *k)
{
    int64_t year = 0;
    k->kind = argv[1];
    k->owner = argv[2];
    if (!parse_int64(argv[3], &year) || year < 1900 || year > 2200) year = 0;
    k->year = (int)year;
    if (numbering_key_valid(k)) return true;
    fprintf(stderr, "thidua register %s: not a register: kind [a-z0-9_.-], owner without spaces or '/', year 1900-2200\n", cmd);
    return false;
}

static int register_show_cmd(int argc, char **argv)
{
    if (!cli_no_options("register show", &argc, argv)) {
        fprintf(stderr, "usage: thidua register show KIND OWNER YEAR --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    struct numbering_key k;
    if (argc != 4) { fprintf(stderr, "usage: thidua register show KIND OWNER YEAR --db FILE\n"); store_close(s); return 2; }
    if (!key_args("show", argv, &k)) { store_close(s); return 2; }
    arena a = {0};
    struct numbering_entry *e;
    int n, rc = 0;
    if (numbering_entries(s, &a, &k, &e, &n) < 0) { fprintf(stderr, "thidua register show: %s\n", store_errmsg(s)); rc = 1; }
    else if (!n) { fprintf(stderr, "thidua register show: no number in %s %s %d\n", k.kind, k.owner, k.year); rc = 1; }
    else {
        printf("number\tdocument\torigin\tcreated_at\tvoided_at\tvoided_by\tvoid_reason\n");
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)e[i].number, e[i].document, e[i].claimed ? "claim" : "auto",
                   e[i].created_at, e[i].voided_at ? e[i].voided_at : "", e[i].voided_by ? e[i].voided_by : "",
                   e[i].void_reason ? e[i].void_reason : "");
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int register_void_cmd(int argc, char **argv)
{
    const char *reason = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("reason", &reason, .required = true), {0}};
    if (!cli_options("register void", &argc, argv, opts)) {
        fprintf(stderr, "usage: thidua register void KIND OWNER YEAR NUMBER --reason TEXT --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    struct numbering_key k;
    int64_t number = 0;
    if (argc != 5) {
        fprintf(stderr, "usage: thidua register void KIND OWNER YEAR NUMBER --reason TEXT --db FILE\n");
        store_close(s);
        return 2;
    }
    if (!key_args("void", argv, &k)) { store_close(s); return 2; }
    if (!parse_int64(argv[4], &number) || number <= 0) {
        fprintf(stderr, "thidua register void: NUMBER must be a positive whole number, not '%s'\n", argv[4]);
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct actor me = actor_cli(&a);
    char msg[600];
    int rc = numbering_void(s, &me, &k, number, reason, msg, sizeof msg);
    if (rc < 0) fprintf(stderr, "thidua register void: %s\n", store_errmsg(s));
    else if (!rc) fprintf(stderr, "thidua register void: %s\n", msg);
    arena_free(&a);
    store_close(s);
    return rc > 0 ? 0 : 1;
}

static const struct cli_cmd register_cmds[] = {
    {"list", register_list_cmd, "", "every numbering register: kind, owner, year, count, last number, voided"},
    {"show", register_show_cmd, "KIND OWNER YEAR", "the numbers of a register with their documents and void reasons"},
    {"void", register_void_cmd, "KIND OWNER YEAR NUMBER --reason TEXT", "void a number (kept, with the reason; audited)"},
    {0},
};

int register_cmd(int argc, char **argv) { return cli_dispatch("register", register_cmds, argc, argv); }
