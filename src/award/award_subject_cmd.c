/* award_subject_cmd.c: `thidua award-subject …`: subjects, their history and initiatives, the
 * import of earlier years' lists, one subject's eligibility, the newly-qualified report and the
 * statistics form 0603.N, writing as the command-line actor (audited). The operator sees personal
 * data (the CLI is the database's owner); the domain files do the checking. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "award_history_internal.h"
#include "award_rules_internal.h"
#include "award_subject.h"
#include "cli.h"
#include "export.h"
#include "import.h"

static void print_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++)
        fprintf(stderr, "thidua award-subject %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

/* The years a commendation may belong to (positional YEAR arguments and --year options). */
enum { YEAR_MIN = 1945, YEAR_MAX = 2200 };

static bool year_arg(const char *s, int *year)
{
    int64_t y;
    if (!s || !parse_int64(s, &y) || y < YEAR_MIN || y > YEAR_MAX) return false;
    *year = (int)y;
    return true;
}

static int list_cmd(int argc, char **argv)
{
    const char *q = NULL, *kind = NULL;
    bool as_json = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("q", &q),
        CLI_TEXT("kind", &kind),
        CLI_FLAG("json", &as_json),
        {0}};
    bool opts_ok = cli_options("award-subject list", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc > 1) { fprintf(stderr, "usage: thidua award-subject list [--q WORDS] [--kind KIND] [--json] --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    int rc = 0;
    json_t *arr = as_json ? json_array() : NULL;
    for (int offset = 0;; offset += 500) {
        struct award_subject_query qy = {.q = q, .kind = kind, .limit = 500, .offset = offset};
        struct award_subject *v;
        int n;
        if (award_subject_list(s, &a, &qy, &v, &n, NULL) < 0) { fprintf(stderr, "thidua award-subject list: %s\n", store_errmsg(s)); rc = 1; break; }
        for (int i = 0; i < n; i++) {
            if (arr) json_array_append_new(arr, award_subject_json(&v[i]));
            else printf("%lld\t%s\t%s\t%s\t%s\n", (long long)v[i].id, v[i].kind, v[i].key, v[i].name, v[i].unit_name ? v[i].unit_name : "");
        }
        if (n < 500) break;
    }
    if (arr) { if (rc == 0) cli_print_json(arr); else json_decref(arr); }
    arena_free(&a);
    store_close(s);
    return rc;
}

/* A subject named on the command line: its id, or its key (cid:…, tax:…, unit:…, hh:…). */
static int64_t subject_arg(store *s, arena *a, const char *text)
{
    int64_t id;
    struct award_subject sub;
    if (parse_int64(text, &id)) return award_subject_get(s, a, id, &sub) == 1 ? id : 0;
    return award_subject_by_key(s, a, text, &sub) == 1 ? sub.id : 0;
}

static int show_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("award-subject show", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 2) { fprintf(stderr, "usage: thidua award-subject show ID|KEY [--json] --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    int rc = 1;
    int64_t id = subject_arg(s, &a, argv[1]);
    struct award_subject sub;
    struct award_history *h;
    struct award_initiative *in;
    int nh, ni;
    if (!id || award_subject_get(s, &a, id, &sub) != 1) fprintf(stderr, "thidua award-subject show: no subject '%s'\n", argv[1]);
    else if (award_history_of(s, &a, id, true, &h, &nh) < 0 || award_initiatives_of(s, &a, id, &in, &ni) < 0)
        fprintf(stderr, "thidua award-subject show: %s\n", store_errmsg(s));
    else {
        rc = 0;
        if (as_json) {
            json_t *o = award_subject_json(&sub), *hj = json_array(), *ij = json_array();
            for (int i = 0; i < nh; i++) json_array_append_new(hj, award_history_json(&h[i]));
            for (int i = 0; i < ni; i++) json_array_append_new(ij, award_initiative_json(&in[i]));
            json_object_set_new(o, "history", hj);
            json_object_set_new(o, "initiatives", ij);
            cli_print_json(o);
        } else {
            printf("id: %lld\nkind: %s\nkey: %s\nname: %s\n", (long long)sub.id, sub.kind, sub.key, sub.name);
            if (sub.unit_name) printf("unit: %s\n", sub.unit_name);
            for (int i = 0; i < nh; i++)
                printf("award: %d %s %s%s%s\n", h[i].year, h[i].form_code, h[i].decision_ref ? h[i].decision_ref : "",
                       h[i].revoked_at ? " REVOKED " : "", h[i].revoked_at ? h[i].revoked_reason : "");
            for (int i = 0; i < ni; i++) printf("initiative: %d %s %s\n", in[i].year, in[i].level, in[i].title);
        }
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int add_cmd(int argc, char **argv)
{
    const char *key = NULL;
    struct award_subject_input in = {0};
    const struct cli_opt opts[] = {
        CLI_TEXT("key", &key, .required = true),
        CLI_INT("unit", &in.unit_id),
        CLI_TEXT("kind", &in.kind),
        CLI_TEXT("name", &in.name),
        CLI_TEXT("birth-date", &in.birth_date),
        CLI_TEXT("gender", &in.gender),
        CLI_TEXT("position", &in.position),
        CLI_TEXT("class", &in.subject_class),
        CLI_TEXT("address", &in.address),
        {0}};
    bool opts_ok = cli_options("award-subject add", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc > 1) {
        fprintf(stderr, "usage: thidua award-subject add --key cid:…|tax:…|unit:N|hh:… [--kind K] [--name N] [--unit ID] "
                        "[--position P] [--class C] [--birth-date D] [--gender nam|nu] [--address A] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = 0;
    int rc = award_subject_find_or_add(s, &a, &me, key, &in, &id, &fe), status = 0;
    if (rc < 0) { fprintf(stderr, "thidua award-subject add: %s\n", store_errmsg(s)); status = 1; }
    else if (rc == 0) { print_fe("add", &fe); status = 1; }
    else printf("%lld%s\n", (long long)id, rc == 1 ? " (existing)" : "");
    arena_free(&a);
    store_close(s);
    return status;
}

static int history_add_cmd(int argc, char **argv)
{
    struct award_history_input in = {.source = "manual"};
    int64_t year = 0;
    const struct cli_opt opts[] = {
        CLI_INT("year", &year, .required = true, .min = YEAR_MIN, .max = YEAR_MAX),
        CLI_INT("amount", &in.amount),
        CLI_TEXT("form", &in.form_code, .required = true),
        CLI_TEXT("decision", &in.decision_ref),
        CLI_TEXT("date", &in.decision_date),
        CLI_TEXT("achievement", &in.achievement_key),
        CLI_TEXT("reason", &in.reason),
        {0}};
    bool opts_ok = cli_options("award-subject history-add", &argc, argv, opts);
    in.year = (int)year;
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int status = 2;
    if (!opts_ok || argc != 2) {
        fprintf(stderr, "usage: thidua award-subject history-add ID|KEY --year Y --form CODE [--decision REF] [--date D] "
                        "[--achievement KEY] [--reason TEXT] [--amount DONG] --db FILE\n");
        goto out;
    }
    in.subject_id = subject_arg(s, &a, argv[1]);
    if (!in.subject_id) { fprintf(stderr, "thidua award-subject history-add: no subject '%s'\n", argv[1]); status = 1; goto out; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = award_history_add(s, &a, &me, &in, &fe);
    status = 1;
    if (id < 0) fprintf(stderr, "thidua award-subject history-add: %s\n", store_errmsg(s));
    else if (!id) print_fe("history-add", &fe);
    else { printf("%lld\n", (long long)id); status = 0; }
out:
    arena_free(&a);
    store_close(s);
    return status;
}

static int initiative_add_cmd(int argc, char **argv)
{
    struct award_initiative_input in = {0};
    int64_t year = 0;
    const struct cli_opt opts[] = {
        CLI_INT("year", &year, .required = true, .min = YEAR_MIN, .max = YEAR_MAX),
        CLI_TEXT("title", &in.title, .required = true),
        CLI_TEXT("level", &in.level, .required = true),
        CLI_TEXT("decision", &in.recognised_by),
        CLI_TEXT("date", &in.recognised_on),
        {0}};
    bool opts_ok = cli_options("award-subject initiative-add", &argc, argv, opts);
    in.year = (int)year;
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int status = 2;
    if (!opts_ok || argc != 2) {
        fprintf(stderr, "usage: thidua award-subject initiative-add ID|KEY --year Y --title T --level co_so|tinh|toan_quoc "
                        "[--decision REF] [--date D] --db FILE\n");
        goto out;
    }
    in.subject_id = subject_arg(s, &a, argv[1]);
    if (!in.subject_id) { fprintf(stderr, "thidua award-subject initiative-add: no subject '%s'\n", argv[1]); status = 1; goto out; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = award_initiative_add(s, &a, &me, &in, &fe);
    status = 1;
    if (id < 0) fprintf(stderr, "thidua award-subject initiative-add: %s\n", store_errmsg(s));
    else if (!id) print_fe("initiative-add", &fe);
    else { printf("%lld\n", (long long)id); status = 0; }
out:
    arena_free(&a);
    store_close(s);
    return status;
}

static int revoke_cmd(int argc, char **argv)
{
    const char *reason = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("reason", &reason, .required = true), {0}};
    bool opts_ok = cli_options("award-subject revoke", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua award-subject revoke HISTORY_ID --reason TEXT --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = award_history_revoke(s, &a, &me, id, reason, &fe), status = 0;
    if (rc < 0) { fprintf(stderr, "thidua award-subject revoke: %s\n", store_errmsg(s)); status = 1; }
    else if (rc == 0) { print_fe("revoke", &fe); status = 1; }
    arena_free(&a);
    store_close(s);
    return status;
}

static int import_cmd(int argc, char **argv)
{
    bool dry = false, skip = false, verbose = false;
    const char *sheet = NULL;
    const struct cli_opt opts[] = {
        CLI_FLAG("dry-run", &dry),
        CLI_FLAG("skip-bad", &skip),
        CLI_FLAG("verbose", &verbose),
        CLI_TEXT("sheet", &sheet),
        {0}};
    bool opts_ok = cli_options("award-subject import", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 2) { fprintf(stderr, "usage: thidua award-subject import FILE.csv|FILE.xlsx [--sheet NAME] [--dry-run] [--skip-bad] [--verbose] --db FILE\n"); store_close(s); return 2; }
    buf data = {0};
    if (read_file(argv[1], &data) != 0) {
        fprintf(stderr, "thidua award-subject import: cannot read %s\n", argv[1]);
        store_close(s);
        return 1;
    }
    arena a = {0};
    struct actor me = actor_cli(&a);
    struct import_report rep;
    /* No quota: the CLI is the operator's way to load a large file (it writes the same way). */
    int rc = award_history_import(s, &a, &me, NULL, argv[1], data.data ? data.data : "", data.len,
                                  (dry ? IMPORT_DRY_RUN : 0) | (skip ? IMPORT_SKIP_BAD : 0), sheet, &rep), status = 0;
    if (rc < 0) { fprintf(stderr, "thidua award-subject import: %s\n", store_errmsg(s)); status = 1; }
    else {
        import_report_print(stdout, &rep, verbose);
        if (rep.fatal || (rep.rejected && !rep.written && !dry)) status = 1;
    }
    buf_free(&data);
    arena_free(&a);
    store_close(s);
    return status;
}

static int eligibility_cmd(int argc, char **argv)
{
    const char *ach = NULL;
    bool as_json = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("achievement", &ach),
        CLI_FLAG("json", &as_json),
        {0}};
    bool opts_ok = cli_options("award-subject eligibility", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int year, status = 2;
    if (!opts_ok || argc != 4 || !year_arg(argv[3], &year)) {
        fprintf(stderr, "usage: thidua award-subject eligibility ID|KEY FORM YEAR [--achievement KEY] [--json] --db FILE\n");
        goto out;
    }
    int64_t id = subject_arg(s, &a, argv[1]);
    struct award_eligibility e;
    int rc = id ? award_eligibility_for(s, &a, id, argv[2], year, ach, &e) : 0;
    status = 1;
    if (rc < 0) fprintf(stderr, "thidua award-subject eligibility: %s\n", store_errmsg(s));
    else if (rc == 0) fprintf(stderr, "thidua award-subject eligibility: no subject '%s' or no form %s in force in %d\n", argv[1], argv[2], year);
    else {
        if (as_json) cli_print_json(award_eligibility_json(&e));
        else {
            printf("%s\t%s %d\n", e.eligible ? "ELIGIBLE" : "NOT ELIGIBLE", e.form_code, year);
            for (int i = 0; i < e.n; i++) {
                const struct award_check *c = &e.checks[i];
                printf("%s\t%s\t%s\t%s\t%s\n", c->outcome == AWARD_CHECK_PASS ? "pass" : c->outcome == AWARD_CHECK_WARN ? "warn" : c->blocking ? "FAIL" : "fail",
                       *c->alternative ? c->alternative : "-", c->text, c->citation ? c->citation : "", c->evidence ? c->evidence : "");
            }
        }
        status = e.eligible ? 0 : 3;   /* 3: judged, not eligible (scripts tell it from an error) */
    }
out:
    arena_free(&a);
    store_close(s);
    return status;
}

static int qualified_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("award-subject qualified", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int year;
    if (!opts_ok || argc != 2 || !year_arg(argv[1], &year)) { fprintf(stderr, "usage: thidua award-subject qualified YEAR [--json] --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    struct award_qualifier *q;
    int n, status = 0;
    if (award_newly_qualified(s, &a, year, &q, &n) < 0) { fprintf(stderr, "thidua award-subject qualified: %s\n", store_errmsg(s)); status = 1; }
    else if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:o, s:o}", "subject", award_subject_json(&q[i].subject), "verdict",
                                                 award_eligibility_json(&q[i].verdict)));
        cli_print_json(arr);
    } else
        for (int i = 0; i < n; i++)
            printf("%s\t%lld\t%s\t%s\n", q[i].verdict.form_code, (long long)q[i].subject.id, q[i].subject.name,
                   *q[i].verdict.alternative_met ? q[i].verdict.alternative_met : "-");
    arena_free(&a);
    store_close(s);
    return status;
}

/* The 0603.N table written as a CSV or XLSX file (by the name's suffix). */
static int stats_file(store *s, arena *a, int year, const char *out)
{
    const char *dot = strrchr(out, '.');
    enum export_format fmt;
    if (!dot || !export_format_parse(dot + 1, &fmt)) {
        fprintf(stderr, "thidua award-subject stats: --out must end in .xlsx or .csv\n");
        return 2;
    }
    char err[256];
    export_doc *x = award_stats_export(s, a, year, fmt, err, sizeof err);
    buf b = {0};
    if (!x || export_end(x, &b, err, sizeof err) != 0) {
        fprintf(stderr, "thidua award-subject stats: %s\n", err);
        buf_free(&b);
        return 1;
    }
    FILE *f = fopen(out, "wb");
    int rc = f && fwrite(b.data, 1, b.len, f) == b.len ? 0 : 1;
    if (f && fclose(f) != 0) rc = 1;
    if (rc) fprintf(stderr, "thidua award-subject stats: cannot write %s\n", out);
    buf_free(&b);
    return rc;
}

static int stats_cmd(int argc, char **argv)
{
    const char *out = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("out", &out), {0}};
    bool opts_ok = cli_options("award-subject stats", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int year;
    if (!opts_ok || argc != 2 || !year_arg(argv[1], &year)) { fprintf(stderr, "usage: thidua award-subject stats YEAR [--out FILE.xlsx|FILE.csv] --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    struct award_stats st;
    int status = 0;
    if (out) status = stats_file(s, &a, year, out);
    else if (award_stats_0603(s, &a, year, &st) < 0) { fprintf(stderr, "thidua award-subject stats: %s\n", store_errmsg(s)); status = 1; }
    else {
        printf("form\tcollective\tenterprise\thousehold\tindividual");
        for (int i = 0; i < st.nclasses; i++) printf("\t%s", st.classes[i].code);
        printf("\tunclassified\n");
        for (int i = 0; i <= st.nrows; i++) {
            const struct award_stats_row *row = i < st.nrows ? &st.rows[i] : &st.total;
            printf("%s\t%d\t%d\t%d\t%d", i < st.nrows ? row->form_code : "TOTAL", row->collective, row->enterprise, row->household,
                   row->individual);
            for (int c = 0; c < st.nclasses; c++) printf("\t%d", row->by_class[c]);
            printf("\t%d\n", row->unclassified);
        }
    }
    arena_free(&a);
    store_close(s);
    return status;
}

static const struct cli_cmd award_subject_cmds[] = {
    {"list", list_cmd, "[--q WORDS] [--kind K] [--json]", "subjects, by name (no diacritics needed)"},
    {"show", show_cmd, "ID|KEY [--json]", "a subject with its history and initiatives"},
    {"add", add_cmd, "--key cid:…|tax:…|unit:N|hh:… [--name …]", "find or add a subject by key"},
    {"history-add", history_add_cmd, "ID|KEY --year Y --form CODE …", "record a title or award (one achievement once)"},
    {"initiative-add", initiative_add_cmd, "ID|KEY --year Y --title T --level L", "record a recognised initiative"},
    {"revoke", revoke_cmd, "HISTORY_ID --reason TEXT", "revoke a recorded award"},
    {"import", import_cmd, "FILE.csv|FILE.xlsx [--sheet NAME] [--dry-run] [--skip-bad]", "lists of earlier years (all-or-nothing, idempotent)"},
    {"eligibility", eligibility_cmd, "ID|KEY FORM YEAR [--achievement K] [--json]", "judge one subject (exit 3: not eligible)"},
    {"qualified", qualified_cmd, "YEAR [--json]", "who newly qualifies for what in a year"},
    {"stats", stats_cmd, "YEAR [--out FILE.xlsx|FILE.csv]", "statistics form 0603.N: provincial awards by subject class"},
    {0},
};

int award_subject_cmd(int argc, char **argv)
{
    return cli_dispatch("award-subject", award_subject_cmds, argc, argv);
}
