/* campaign_cmd.c: `thidua campaign list|show|export|status|refresh` and `thidua report
 * add|list|show|accept|return|change`, writing as the command-line actor (actor_cli: audit name
 * cli:<operator>, every capability, the whole tree). Output is tab-separated text, or with --json
 * the same JSON the API gives (campaign_json.c); `campaign export` writes the targets as CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "campaign.h"
#include "campaign_json.h"
#include "cli.h"
#include "vn_calendar.h"

static void print_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) fprintf(stderr, "thidua %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

static int campaign_list_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("campaign list", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc > 1) { fprintf(stderr, "usage: thidua campaign list [--json] --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    struct campaign *v;
    int n, rc = 0;
    if (campaign_list(s, &a, false, &v, &n) < 0) { fprintf(stderr, "thidua campaign list: %s\n", store_errmsg(s)); rc = 1; }
    else if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, campaign_summary_json(&v[i]));
        cli_print_json(json_pack("{s:o, s:i}", "items", arr, "count", n));
    } else
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)v[i].id, v[i].code, v[i].status, v[i].start_date, v[i].end_date, v[i].title);
    arena_free(&a);
    store_close(s);
    return rc;
}

/* Opens the database and evaluates the campaign named by argv[1] on --on (default today);
 * *as_json tells whether --json was given; with pdf, --pdf FILE is read too (report). */
struct loaded { store *s; arena a; struct campaign c; struct campaign_eval e; };
static int load(const char *cmd, int *argc, char **argv, const char *usage, bool *as_json, const char **pdf, struct loaded *l)
{
    const char *on = NULL;
    struct cli_opt opts[] = {CLI_TEXT("on", &on), CLI_FLAG("json", as_json), {0}, {0}};
    if (pdf) opts[2] = (struct cli_opt)CLI_TEXT("pdf", pdf);
    char name[64];
    snprintf(name, sizeof name, "campaign %s", cmd);
    bool opts_ok = cli_options(name, argc, argv, opts);
    memset(l, 0, sizeof *l);
    l->s = cli_open_db(argc, argv);
    if (!l->s) return 1;
    int64_t id = 0;
    if (!opts_ok || *argc != 2) { fprintf(stderr, "usage: thidua campaign %s %s\n", cmd, usage); return 2; }
    if (campaign_find_ref(l->s, &l->a, argv[1], &id) != 1 || campaign_get(l->s, &l->a, id, &l->c) != 1) {
        fprintf(stderr, "thidua campaign %s: no campaign '%s' (give its id or code)\n", cmd, argv[1]);
        return 1;
    }
    char iso[11];
    if (on && !vn_day_iso_month_end(on, iso)) { fprintf(stderr, "thidua campaign %s: --on: '%s' is not a date\n", cmd, on); return 2; }
    if (campaign_evaluate(l->s, &l->a, &l->c, campaign_default_on(&l->a, on), &l->e) != STORE_OK) {
        fprintf(stderr, "thidua campaign %s: %s\n", cmd, store_errmsg(l->s));
        return 1;
    }
    return 0;
}
static void unload(struct loaded *l) { arena_free(&l->a); store_close(l->s); }

static int campaign_show_cmd(int argc, char **argv)
{
    bool as_json = false;
    struct loaded l;
    int rc = load("show", &argc, argv, "ID|CODE [--on DATE] [--json] --db FILE", &as_json, NULL, &l);
    if (rc) { unload(&l); return rc; }
    if (as_json) cli_print_json(json_pack("{s:o}", "campaign", campaign_full_json(l.s, &l.a, &l.c, &l.e)));
    else {
        const struct campaign *c = &l.c;
        printf("id: %lld\ncode: %s\ntitle: %s\nkind: %s\nstatus: %s\nperiod: %s – %s (%lld days)\n", (long long)c->id, c->code, c->title,
               c->kind, c->status, c->start_date, c->end_date, (long long)c->days);
        if (c->theme) printf("theme: %s\n", c->theme);
        struct campaign_occasion *o;
        int no = 0;
        if (campaign_occasions(l.s, &l.a, c->id, &o, &no) == STORE_OK)
            for (int i = 0; i < no; i++) printf("occasion: %s\n", o[i].label);
        printf("evaluated on: %s\n", l.e.on);
        for (int g = 0; g < l.e.ngroups; g++) {
            printf("group %d: %s\n", l.e.groups[g].number, l.e.groups[g].title);
            for (int i = 0; i < l.e.n; i++) {
                if (l.e.targets[i].group_id != l.e.groups[g].id) continue;
                const struct target_result *r = &l.e.results[i];
                printf("  %s\t%s\t%s\t%s\t%s\n", l.e.targets[i].code, status_code(r->eval.status),
                       campaign_target_goal(&l.a, &l.e.targets[i]), l.e.targets[i].subject, r->eval.rule);
            }
        }
    }
    unload(&l);
    return 0;
}

static int campaign_export_cmd(int argc, char **argv)
{
    bool as_json = false;
    struct loaded l;
    int rc = load("export", &argc, argv, "ID|CODE [--on DATE] [--json] --db FILE  (CSV on standard output)", &as_json, NULL, &l);
    if (rc) { unload(&l); return rc; }
    if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < l.e.n; i++) json_array_append_new(arr, target_result_json(&l.e.results[i]));
        cli_print_json(json_pack("{s:o, s:s, s:o}", "campaign", campaign_summary_json(&l.c), "evaluated_on", l.e.on, "targets", arr));
    } else {
        buf b = {0};
        campaign_targets_csv(&l.e, &l.a, &b);
        fwrite(b.data, 1, b.len, stdout);
        buf_free(&b);
    }
    unload(&l);
    return 0;
}

/* The printable report (campaign_pdf.c) written to --pdf FILE, on --on DATE (default today). */
static int campaign_report_cmd(int argc, char **argv)
{
    const char *path = NULL;
    struct loaded l;
    bool as_json = false;   /* load reads --json for show and export; a report has no JSON form */
    int rc = load("report", &argc, argv, "ID|CODE --pdf FILE [--on DATE] --db FILE", &as_json, &path, &l);
    if (!rc && as_json) { fprintf(stderr, "thidua campaign report: --json: the report is a PDF; use campaign show --json\n"); rc = 2; }
    if (!rc && !path) { fprintf(stderr, "usage: thidua campaign report ID|CODE --pdf FILE [--on DATE] --db FILE\n"); rc = 2; }
    if (rc) { unload(&l); return rc; }
    buf out = {0};
    char err[300];
    if (campaign_report_pdf(l.s, &l.a, &l.c, &l.e, &out, err, sizeof err) != 0) {
        fprintf(stderr, "thidua campaign report: %s\n", err);
        rc = 1;
    } else rc = cli_write_new_file(path, &out, "campaign report");
    buf_free(&out);
    unload(&l);
    return rc;
}

static int campaign_status_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    int64_t id = 0;
    struct field_errors fe = {0};
    if (argc != 3) { fprintf(stderr, "usage: thidua campaign status ID|CODE draft|launched|closed|reviewed --db FILE\n"); rc = 2; }
    else if (campaign_find_ref(s, &a, argv[1], &id) != 1) fprintf(stderr, "thidua campaign status: no campaign '%s'\n", argv[1]);
    else {
        struct actor me = actor_cli(&a);
        int64_t w = campaign_set_status(s, &a, &me, id, argv[2], &fe);
        if (w < 0) fprintf(stderr, "thidua campaign status: %s\n", store_errmsg(s));
        else if (!w) print_fe("campaign status", &fe);
        else rc = 0;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

/* `thidua campaign refresh ID|CODE|--all`: rebuilds the kept statuses and counts (sql/023) of one
 * campaign or of every one, each in its own transaction: for campaigns kept before the migration
 * or by an older EVAL_RULES_VERSION, which the pages otherwise read the slow way until their next
 * change. Derived rows only, recomputed from the reports: no audit entry. */
static int campaign_refresh_cmd(int argc, char **argv)
{
    bool all = false;
    const struct cli_opt opts[] = {CLI_FLAG("all", &all), {0}};
    bool opts_ok = cli_options("campaign refresh", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 0, n = 0;
    struct campaign *v = NULL;
    int64_t id = 0;
    if (!opts_ok || (all ? argc != 1 : argc != 2)) {
        fprintf(stderr, "usage: thidua campaign refresh ID|CODE|--all --db FILE\n");
        rc = 2;
    } else if (all && campaign_list(s, &a, false, &v, &n) < 0) {
        fprintf(stderr, "thidua campaign refresh: %s\n", store_errmsg(s));
        rc = 1;
    } else if (!all && campaign_find_ref(s, &a, argv[1], &id) != 1) {
        fprintf(stderr, "thidua campaign refresh: no campaign '%s' (give its id or code)\n", argv[1]);
        rc = 1;
    }
    for (int i = 0; !rc && i < (all ? n : 1); i++) {
        int64_t cid = all ? v[i].id : id;
        if (store_begin(s) != STORE_OK || campaign_refresh(s, cid) != STORE_OK || store_commit(s) != STORE_OK) {
            fprintf(stderr, "thidua campaign refresh: campaign %lld: %s\n", (long long)cid, store_errmsg(s));
            store_rollback(s);
            rc = 1;
        } else
            printf("%lld\trefreshed\n", (long long)cid);
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd campaign_cmds[] = {
    {"list", campaign_list_cmd, "[--json] --db FILE", "every campaign"},
    {"show", campaign_show_cmd, "ID|CODE [--on DATE] [--json] --db FILE", "a campaign, its groups and targets with their statuses"},
    {"export", campaign_export_cmd, "ID|CODE [--on DATE] [--json] --db FILE", "the targets and statuses as CSV (or JSON)"},
    {"report", campaign_report_cmd, "ID|CODE --pdf FILE [--on DATE] --db FILE", "the printable campaign report as PDF (Decree 30 layout)"},
    {"status", campaign_status_cmd, "ID|CODE STATUS --db FILE", "draft → launched → closed → reviewed"},
    {"refresh", campaign_refresh_cmd, "ID|CODE|--all --db FILE", "rebuild the kept statuses and counts the dashboard reads"},
    {0},
};
int campaign_cmd(int argc, char **argv) { return cli_dispatch("campaign", campaign_cmds, argc, argv); }

/* ---- thidua report … ---- */
static int64_t unit_of(store *s, const char *ref)
{
    int64_t id = 0, n;
    if (!ref) return 0;
    if (store_int64(s, &id, "SELECT id FROM unit WHERE code = $1", "t", str_starts(ref, "code:") ? ref + 5 : ref) == 1) return id;
    const char *digits = str_starts(ref, "id:") ? ref + 3 : ref;
    if (parse_int64(digits, &n) && store_int64(s, &id, "SELECT id FROM unit WHERE id = $1", "i", n) == 1) return id;
    return 0;
}

static int report_add_cmd(int argc, char **argv)
{
    const char *camp = NULL, *target = NULL, *unit = NULL;
    struct report_input in = {0};
    bool accept = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("campaign", &camp, .required = true),
        CLI_TEXT("target", &target, .required = true),
        CLI_TEXT("unit", &unit, .required = true),
        CLI_TEXT("as-of", &in.as_of),
        CLI_TEXT("value", &in.value),
        CLI_TEXT("denominator", &in.denominator),
        CLI_TEXT("baseline", &in.baseline_value),
        CLI_TEXT("note", &in.note),
        CLI_FLAG("accept", &accept),
        {0}};
    bool opts_ok = cli_options("report add", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc > 1) {
        fprintf(stderr, "usage: thidua report add --campaign ID|CODE --target CODE --unit CODE|id:N --as-of DATE --value N"
                        " [--denominator N] [--baseline N] [--note TEXT] [--accept] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    int rc = 1;
    int64_t cid = 0;
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    if (campaign_find_ref(s, &a, camp, &cid) != 1) fprintf(stderr, "thidua report add: no campaign '%s'\n", camp);
    else if (store_int64(s, &in.target_id, "SELECT id FROM campaign_target WHERE campaign_id = $1 AND code = $2", "it", cid, target) != 1)
        fprintf(stderr, "thidua report add: no target '%s' in that campaign\n", target);
    else if (!(in.unit_id = unit_of(s, unit))) fprintf(stderr, "thidua report add: no unit '%s'\n", unit);
    else {
        int64_t id = report_submit(s, &a, &me, &in, &fe);
        if (id > 0 && accept) id = report_decide(s, &a, &me, id, true, NULL, &fe);
        if (id < 0) fprintf(stderr, "thidua report add: %s\n", store_errmsg(s));
        else if (!id) print_fe("report add", &fe);
        else { printf("%lld\n", (long long)id); rc = 0; }
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int report_list_cmd(int argc, char **argv)
{
    const char *state = NULL;
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_TEXT("state", &state), CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("report list", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1, n;
    int64_t cid = 0;
    struct campaign_report *v;
    if (!opts_ok || argc != 2) { fprintf(stderr, "usage: thidua report list CAMPAIGN [--state submitted|accepted|returned] [--json] --db FILE\n"); rc = 2; }
    else if (campaign_find_ref(s, &a, argv[1], &cid) != 1) fprintf(stderr, "thidua report list: no campaign '%s'\n", argv[1]);
    else if (report_list(s, &a, cid, 0, 0, state, false, &v, &n) != STORE_OK) fprintf(stderr, "thidua report list: %s\n", store_errmsg(s));
    else {
        rc = 0;
        json_t *arr = as_json ? json_array() : NULL;
        for (int i = 0; i < n; i++) {
            char val[32];
            eval_format(v[i].value, val, sizeof val);
            if (arr) json_array_append_new(arr, report_json(&v[i], true));
            else printf("%lld\t%s\t%s\t%s\t%s\tv%d\t%s\n", (long long)v[i].id, v[i].target_code, v[i].unit_name, v[i].as_of, val,
                        v[i].version, v[i].state);
        }
        if (arr) cli_print_json(json_pack("{s:o, s:i}", "items", arr, "count", n));
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

/* accept ID / return ID --reason TEXT / change ID --as-of … --value … [--reason TEXT] */
static int report_write_cmd(const char *what, int argc, char **argv)
{
    const char *reason = NULL;
    struct report_input in = {0};
    const struct cli_opt opts[] = {
        CLI_TEXT("reason", &reason),
        CLI_TEXT("as-of", &in.as_of),
        CLI_TEXT("value", &in.value),
        CLI_TEXT("denominator", &in.denominator),
        CLI_TEXT("baseline", &in.baseline_value),
        CLI_TEXT("note", &in.note),
        {0}};
    char name[32];
    snprintf(name, sizeof name, "report %s", what);
    bool opts_ok = cli_options(name, &argc, argv, opts);
    in.change_reason = reason;
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua report accept ID | return ID --reason TEXT | change ID --as-of DATE --value N [--reason TEXT] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t w = str_eq(what, "change") ? report_change(s, &a, &me, id, &in, &fe)
                                       : report_decide(s, &a, &me, id, str_eq(what, "accept"), reason, &fe);
    int rc = 1;
    if (w < 0) fprintf(stderr, "thidua report %s: %s\n", what, store_errmsg(s));
    else if (!w) print_fe(arena_printf(&a, "report %s", what), &fe);
    else { printf("%lld\n", (long long)w); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}
static int report_accept_cmd(int argc, char **argv) { return report_write_cmd("accept", argc, argv); }
static int report_return_cmd(int argc, char **argv) { return report_write_cmd("return", argc, argv); }
static int report_change_cmd(int argc, char **argv) { return report_write_cmd("change", argc, argv); }

static const struct cli_cmd report_cmds[] = {
    {"add", report_add_cmd, "--campaign C --target CODE --unit U --as-of DATE --value N [--accept] --db FILE", "send a progress report"},
    {"list", report_list_cmd, "CAMPAIGN [--state S] [--json] --db FILE", "the latest version of every report"},
    {"accept", report_accept_cmd, "ID --db FILE", "accept a waiting report (the Board)"},
    {"return", report_return_cmd, "ID --reason TEXT --db FILE", "return a waiting report with the reason"},
    {"change", report_change_cmd, "ID --as-of DATE --value N [--reason TEXT] --db FILE", "a new version (after the close: a reason)"},
    {0},
};
int report_cmd(int argc, char **argv) { return cli_dispatch("report", report_cmds, argc, argv); }
