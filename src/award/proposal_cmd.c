/* proposal_cmd.c: `thidua proposal list|show|add|take|move`, writing as the command-line actor
 * (actor_cli), through the same domain functions as the pages and the API (proposal.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "cli.h"
#include "proposal.h"

static void print_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++)
        fprintf(stderr, "thidua proposal %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

static int list_cmd(int argc, char **argv)
{
    const char *state = NULL;
    bool as_json = false, overdue = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("state", &state),
        CLI_FLAG("json", &as_json),
        CLI_FLAG("overdue", &overdue),
        {0}};
    bool opts_ok = cli_options("proposal list", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int st = state ? proposal_state_from_name(state) : -1;
    if (!opts_ok || argc > 1 || (state && st < 0)) {
        fprintf(stderr, "usage: thidua proposal list [--state STATE] [--overdue] [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct proposal_filter f = {.state = st, .overdue_only = overdue};
    struct proposal *v;
    int n, rc = 0;
    int64_t total;
    if (proposal_list(s, &a, &f, &v, &n, &total) < 0) {
        fprintf(stderr, "thidua proposal list: %s\n", store_errmsg(s));
        rc = 1;
    } else if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, proposal_json(&v[i]));
        cli_print_json(arr);
    } else {
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%d\t%s\t%s%s\n", (long long)v[i].id, proposal_state_name(v[i].state), v[i].form_code,
                   v[i].year, v[i].subject_name, v[i].due_on ? v[i].due_on : "-", v[i].overdue ? "\tquá hạn" : "");
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int show_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("proposal show", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua proposal show ID [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct proposal p;
    struct proposal_event *ev;
    int n, rc = 1;
    int g = proposal_get(s, &a, id, &p);
    if (g != 1 || proposal_events(s, &a, id, &ev, &n) < 0) {
        fprintf(stderr, "thidua proposal show: %s\n", g == 0 ? "no such proposal" : store_errmsg(s));
    } else if (as_json) {
        json_t *o = proposal_json(&p), *t = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(t, proposal_event_json(&ev[i]));
        json_object_set_new(o, "timeline", t);
        cli_print_json(o);
        rc = 0;
    } else {
        printf("id: %lld\nsubject: %s (%s)\nform: %s\nyear: %d\nunit: %s\nstate: %s\nreason: %s\n", (long long)p.id,
               p.subject_name, p.subject_kind, p.form_label, p.year, p.unit_name, proposal_state_name(p.state), p.reason);
        if (p.due_on) printf("due: %s (%s)%s\n", p.due_on, p.due_step, p.overdue ? " overdue" : "");
        for (int i = 0; i < n; i++)
            printf("event: %s %s %s%s%s\n", ev[i].on_date, ev[i].to_state, ev[i].actor, ev[i].note ? " — " : "",
                   ev[i].note ? ev[i].note : "");
        rc = 0;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int add_cmd(int argc, char **argv)
{
    const char *kind = NULL, *name = NULL, *ref = NULL, *form = NULL, *reason = NULL, *ach = NULL;
    int64_t unit_id = 0, su = 0, y = 0;
    const struct cli_opt opts[] = {
        CLI_INT("unit", &unit_id, .required = true),
        CLI_TEXT("kind", &kind, .required = true),
        CLI_TEXT("name", &name, .required = true),
        CLI_TEXT("ref", &ref),
        CLI_INT("subject-unit", &su),
        CLI_TEXT("form", &form, .required = true),
        CLI_INT("year", &y, .required = true),
        CLI_TEXT("reason", &reason, .required = true),
        CLI_TEXT("achievement", &ach),
        {0}};
    bool opts_ok = cli_options("proposal add", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc > 1) {
        fprintf(stderr, "usage: thidua proposal add --unit UNIT_ID --kind individual|collective|household|enterprise "
                        "--name NAME [--ref CCCD|MST|ADDRESS] [--subject-unit UNIT_ID] --form CODE --year YYYY "
                        "--reason TEXT [--achievement KEY] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    struct proposal_input in = {.unit_id = unit_id, .subject_kind = kind, .subject_name = name, .subject_ref = ref,
                                .subject_unit_id = su, .form_code = form, .year = y > 0 && y < 100000 ? (int)y : 0,
                                .reason = reason, .achievement = ach};
    int64_t id = proposal_create(s, &a, &me, &in, &fe);
    int rc = 1;
    if (id < 0) fprintf(stderr, "thidua proposal add: %s\n", store_errmsg(s));
    else if (!id) print_fe("add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int take_cmd(int argc, char **argv)
{
    int64_t intake = 0, unit_id = 0;
    const struct cli_opt opts[] = {CLI_INT("unit", &unit_id), {0}};
    bool opts_ok = cli_options("proposal take", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &intake)) {
        fprintf(stderr, "usage: thidua proposal take INTAKE_ID [--unit UNIT_ID] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = proposal_from_intake(s, &a, &me, intake, unit_id, &fe);
    int rc = 1;
    if (id < 0) fprintf(stderr, "thidua proposal take: %s\n", store_errmsg(s));
    else if (!id) print_fe("take", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int move_cmd(int argc, char **argv)
{
    const char *note = NULL, *on = NULL, *assignee = NULL, *eligible = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("note", &note),
        CLI_TEXT("on", &on),
        CLI_TEXT("assignee", &assignee),
        CLI_TEXT("eligible", &eligible),
        {0}};
    bool opts_ok = cli_options("proposal move", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id = 0;
    int act = argc == 3 ? proposal_action_from_name(argv[2]) : -1;
    if (!opts_ok || argc != 3 || !parse_int64(argv[1], &id) || act < 0 ||
        (eligible && !str_eq(eligible, "yes") && !str_eq(eligible, "no"))) {
        fprintf(stderr, "usage: thidua proposal move ID submit|receive|return|assign|appraise|to_council|approve|refuse "
                        "[--note TEXT] [--on DATE] [--assignee LOGIN] [--eligible yes|no] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t assignee_id = 0;
    if (assignee && store_int64(s, &assignee_id, "SELECT id FROM app_user WHERE login = $1", "t", assignee) != 1) {
        fprintf(stderr, "thidua proposal move: no user '%s'\n", assignee);
        arena_free(&a);
        store_close(s);
        return 1;
    }
    struct proposal_move m = {.action = (enum proposal_action)act, .note = note, .on = on, .assignee_id = assignee_id,
                              .eligible = !eligible ? -1 : str_eq(eligible, "yes") ? 1 : 0};
    int64_t rc = proposal_move(s, &a, &me, id, &m, &fe);
    int ret = 1;
    if (rc < 0) fprintf(stderr, "thidua proposal move: %s\n", store_errmsg(s));
    else if (!rc) print_fe("move", &fe);
    else ret = 0;
    arena_free(&a);
    store_close(s);
    return ret;
}

static const struct cli_cmd proposal_cmds[] = {
    {"list", list_cmd, "list [--state STATE] [--overdue] [--json]", "proposals, newest first"},
    {"show", show_cmd, "show ID [--json]", "one proposal with its timeline"},
    {"add", add_cmd, "add --unit ID --kind K --name N [--ref R] --form CODE --year Y --reason TEXT", "a draft proposal"},
    {"take", take_cmd, "take INTAKE_ID [--unit ID]", "a draft proposal from a pending hand-over row"},
    {"move", move_cmd, "move ID ACTION [--note] [--on] [--assignee] [--eligible yes|no]", "a workflow move"},
    {0},
};

int proposal_cmd(int argc, char **argv) { return cli_dispatch("proposal", proposal_cmds, argc, argv); }
