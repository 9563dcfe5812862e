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
    const char *state = cli_option(&argc, argv, "state");
    bool as_json = cli_flag(&argc, argv, "json"), overdue = cli_flag(&argc, argv, "overdue");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int st = state ? proposal_state_from_name(state) : -1;
    if (argc > 1 || (state && st < 0)) {
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
    bool as_json = cli_flag(&argc, argv, "json");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id;
    if (argc != 2 || !parse_int64(argv[1], &id)) {
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
    const char *unit = cli_option(&argc, argv, "unit"), *kind = cli_option(&argc, argv, "kind"),
               *name = cli_option(&argc, argv, "name"), *ref = cli_option(&argc, argv, "ref"),
               *subject_unit = cli_option(&argc, argv, "subject-unit"), *form = cli_option(&argc, argv, "form"),
               *year = cli_option(&argc, argv, "year"), *reason = cli_option(&argc, argv, "reason"),
               *ach = cli_option(&argc, argv, "achievement");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t unit_id = 0, su = 0, y = 0;
    if (argc > 1 || !unit || !parse_int64(unit, &unit_id) || !kind || !name || !form || !year || !parse_int64(year, &y) ||
        !reason || (subject_unit && !parse_int64(subject_unit, &su))) {
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
    const char *unit = cli_option(&argc, argv, "unit");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t intake = 0, unit_id = 0;
    if (argc != 2 || !parse_int64(argv[1], &intake) || (unit && !parse_int64(unit, &unit_id))) {
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
    const char *note = cli_option(&argc, argv, "note"), *on = cli_option(&argc, argv, "on"),
               *assignee = cli_option(&argc, argv, "assignee"), *eligible = cli_option(&argc, argv, "eligible");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id = 0;
    int act = argc == 3 ? proposal_action_from_name(argv[2]) : -1;
    if (argc != 3 || !parse_int64(argv[1], &id) || act < 0 ||
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
