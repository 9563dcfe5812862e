/* council_cmd.c: `thidua council member|meeting|item|close|show`, the Board's side of the
 * council from the command line (actor_cli). There is no vote command: a ballot is cast by a
 * member signed in as themselves, and the command line is nobody on the roll. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "cli.h"
#include "council.h"

static void print_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++)
        fprintf(stderr, "thidua council %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

/* Ends a write command: prints the id or the errors; returns the exit status. */
static int report(store *s, const char *what, int64_t id, const struct field_errors *fe)
{
    if (id < 0) fprintf(stderr, "thidua council %s: %s\n", what, store_errmsg(s));
    else if (!id) print_fe(what, fe);
    else printf("%lld\n", (long long)id);
    return id > 0 ? 0 : 1;
}

static int member_cmd(int argc, char **argv)
{
    const char *login = NULL, *position = NULL;
    int64_t y = 0, user = 0;
    const struct cli_opt opts[] = {
        CLI_INT("year", &y, .required = true),
        CLI_TEXT("login", &login, .required = true),
        CLI_TEXT("position", &position, .required = true),
        {0}};
    bool opts_ok = cli_options("council member", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 1) {
        fprintf(stderr, "usage: thidua council member --year YYYY --login LOGIN --position TEXT --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = 1;
    if (store_int64(s, &user, "SELECT id FROM app_user WHERE login = $1", "t", login) != 1)
        fprintf(stderr, "thidua council member: no user '%s'\n", login);
    else rc = report(s, "member", council_member_add(s, &a, &me, y > 0 && y < 100000 ? (int)y : 0, user, position, &fe), &fe);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int meeting_cmd(int argc, char **argv)
{
    const char *on = NULL, *title = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("on", &on, .required = true),
        CLI_TEXT("title", &title, .required = true),
        {0}};
    bool opts_ok = cli_options("council meeting", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 1) {
        fprintf(stderr, "usage: thidua council meeting --on DATE --title TEXT --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = report(s, "meeting", council_meeting_create(s, &a, &me, on, title, &fe), &fe);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int item_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t meeting = 0, proposal = 0;
    if (argc != 3 || !parse_int64(argv[1], &meeting) || !parse_int64(argv[2], &proposal)) {
        fprintf(stderr, "usage: thidua council item MEETING_ID PROPOSAL_ID --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = report(s, "item", council_item_add(s, &a, &me, meeting, proposal, &fe), &fe);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int close_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t meeting = 0;
    if (argc != 2 || !parse_int64(argv[1], &meeting)) {
        fprintf(stderr, "usage: thidua council close MEETING_ID --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = report(s, "close", council_meeting_close(s, &a, &me, meeting, &fe), &fe);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int show_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("council show", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id = 0;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua council show MEETING_ID [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct council_meeting m;
    struct council_item *it;
    int n, rc = 1;
    int g = council_meeting_get(s, &a, id, &m);
    if (g != 1 || council_items(s, &a, id, &it, &n) < 0) {
        fprintf(stderr, "thidua council show: %s\n", g == 0 ? "no such meeting" : store_errmsg(s));
    } else if (as_json) {
        json_t *o = council_meeting_json(&m), *items = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(items, council_item_json(&it[i]));
        json_object_set_new(o, "items", items);
        cli_print_json(o);
        rc = 0;
    } else {
        printf("meeting: %lld %s %s (%s), %d members\n", (long long)m.id, m.held_on, m.title, m.state, m.members);
        for (int i = 0; i < n; i++) {
            printf("item: %lld proposal %lld %s voted %d result %s", (long long)it[i].id, (long long)it[i].proposal_id,
                   it[i].subject_name, it[i].voted, it[i].result);
            if (it[i].votes_for >= 0) printf(" for %d against %d abstain %d", it[i].votes_for, it[i].votes_against, it[i].votes_abstain);
            putchar('\n');
        }
        rc = 0;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd council_cmds[] = {
    {"member", member_cmd, "member --year YYYY --login LOGIN --position TEXT", "adds a member to a year's council"},
    {"meeting", meeting_cmd, "meeting --on DATE --title TEXT", "opens a meeting"},
    {"item", item_cmd, "item MEETING_ID PROPOSAL_ID", "puts a proposal on a meeting's agenda"},
    {"close", close_cmd, "close MEETING_ID", "closes a meeting: tally, quorum, threshold, proposals moved"},
    {"show", show_cmd, "show MEETING_ID [--json]", "a meeting, its items and (once closed) the tally"},
    {0},
};

int council_cmd(int argc, char **argv) { return cli_dispatch("council", council_cmds, argc, argv); }
