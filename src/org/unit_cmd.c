/* unit_cmd.c: `thidua unit …` (add, list, show, import, export; reorganise is
 * reorganise_cmd.c). Writes go through the domain as the command-line actor (actor_cli). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "cli.h"
#include "import.h"
#include "unit_internal.h"
#include "vn_calendar.h"


/* ======================================================================================
 * CLI: thidua unit …
 * ====================================================================================== */

void unit_print_errors(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) fprintf(stderr, "thidua unit %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

static int unit_add_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: thidua unit add --name NAME --kind KIND [--parent ID|CODE] [--code C] [--short-name S]"
                                " [--tax-code T] [--address A] [--from DATE] [--to DATE] [--note N] --db FILE\n";
    struct unit_input in = {0};
    const char *parent = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("name", &in.name, .required = true),
        CLI_TEXT("kind", &in.kind, .required = true),
        CLI_TEXT("short-name", &in.short_name),
        CLI_TEXT("code", &in.code),
        CLI_TEXT("tax-code", &in.tax_code),
        CLI_TEXT("address", &in.address),
        CLI_TEXT("note", &in.note),
        CLI_TEXT("from", &in.valid_from),   /* dates are checked by unit_create, with the form's messages */
        CLI_TEXT("to", &in.valid_to),
        CLI_TEXT("parent", &parent),
        {0}};
    if (!cli_options("unit add", &argc, argv, opts)) { fputs(usage, stderr); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int rc = 1;
    arena a = {0};
    const char *why = NULL;
    if (argc > 1) {
        fputs(usage, stderr);
        rc = 2;
        goto out;
    }
    if (parent) {
        in.set_parent = true;
        int found = unit_find_ref(s, &a, parent, &in.parent_id, &why);
        if (found <= 0) {
            fprintf(stderr, "thidua unit add: %s: %s\n", parent, why ? why : "database error");
            goto out;
        }
    }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = unit_create(s, &a, &me, &in, &fe);
    if (id < 0) fprintf(stderr, "thidua unit add: %s\n", store_errmsg(s));
    else if (!id) unit_print_errors("add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int unit_list_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: thidua unit list [--at DATE | --historic] [--q TEXT] [--kind KIND] [--json] --db FILE\n";
    struct unit_list_opts o = {0};
    char at[11];
    const char *kind = NULL;
    bool at_given = false, json = false;
    const struct cli_opt opts[] = {
        CLI_CONVERT("at", at, vn_day_option, VN_DAY_OPTION_EXPECT, .given = &at_given),
        CLI_TEXT("kind", &kind),
        CLI_TEXT("q", &o.q),
        CLI_FLAG("historic", &o.historic),
        CLI_FLAG("json", &json),
        {0}};
    if (!cli_options("unit list", &argc, argv, opts)) { fputs(usage, stderr); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    if (argc > 1) {
        fputs(usage, stderr);
        rc = 2;
        goto out;
    }
    if (at_given) o.at = at;
    if (kind && !(o.kind = unit_kind_from_text(kind))) { fprintf(stderr, "thidua unit list: unknown kind '%s'\n", kind); rc = 2; goto out; }
    struct unit *v;
    int n;
    if (unit_list(s, &a, &o, &v, &n) < 0) { fprintf(stderr, "thidua unit list: %s\n", store_errmsg(s)); goto out; }
    if (json) {
        json_t *arr = unit_list_json(v, n);
        char *txt = json_dumps(arr, JSON_INDENT(1));
        puts(txt ? txt : "[]");
        free(txt);
        json_decref(arr);
    } else {
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s..%s\n", (long long)v[i].id, v[i].code ? v[i].code : "-", v[i].kind, v[i].name,
                   v[i].parent_name ? v[i].parent_name : "-", v[i].valid_from ? v[i].valid_from : "",
                   v[i].valid_to ? v[i].valid_to : "");
    }
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int unit_show_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    if (!cli_options("unit show", &argc, argv, opts)) { fprintf(stderr, "usage: thidua unit show ID|CODE [--json] --db FILE\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    const char *why = NULL;
    int rc = 1;
    int64_t id = 0;
    if (argc != 2) { fprintf(stderr, "usage: thidua unit show ID|CODE [--json] --db FILE\n"); rc = 2; goto out; }
    int found = unit_find_ref(s, &a, argv[1], &id, &why);
    struct unit u;
    struct unit_lineage lin;
    if (found <= 0 || unit_get(s, &a, id, &u) != 1 || unit_lineage(s, id, &a, &lin) < 0) {
        fprintf(stderr, "thidua unit show: %s: %s\n", argv[1], why ? why : "database error");
        goto out;
    }
    if (json) {
        json_t *o = json_pack("{s:o, s:o}", "unit", unit_json(&u), "lineage", unit_lineage_json(&lin));
        char *txt = json_dumps(o, JSON_INDENT(1));
        puts(txt ? txt : "{}");
        free(txt);
        json_decref(o);
    } else {
        printf("id: %lld\nname: %s\nkind: %s (%s)\n", (long long)u.id, u.name, u.kind, unit_kind_label(u.kind));
        if (u.parent_id) printf("parent: %lld %s\n", (long long)u.parent_id, u.parent_name);
        if (u.short_name) printf("short name: %s\n", u.short_name);
        if (u.code) printf("code: %s\n", u.code);
        if (u.tax_code) printf("tax code: %s\n", u.tax_code);
        if (u.address) printf("address: %s\n", u.address);
        printf("valid: %s .. %s\n", u.valid_from ? u.valid_from : "", u.valid_to ? u.valid_to : "");
        if (u.note) printf("note: %s\n", u.note);
        for (int i = 1; i < lin.n; i++)
            printf("predecessor (depth %d): %lld %s\n", lin.units[i].depth, (long long)lin.units[i].id, lin.units[i].name);
        for (int i = 0; i < lin.nedges; i++)
            printf("succession: %lld <- %lld %s %s%s%s\n", (long long)lin.edges[i].successor_id,
                   (long long)lin.edges[i].predecessor_id, lin.edges[i].change, lin.edges[i].effective,
                   lin.edges[i].legal_basis ? " " : "", lin.edges[i].legal_basis ? lin.edges[i].legal_basis : "");
    }
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int unit_import_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: thidua unit import FILE.csv|FILE.xlsx [--sheet NAME] [--skip-bad] [--dry-run] [--verbose] "
                                "[--json] --db FILE\n";
    bool skip = false, dry = false, verbose = false, json = false;
    const char *sheet = NULL;
    const struct cli_opt opts[] = {
        CLI_FLAG("skip-bad", &skip),
        CLI_FLAG("dry-run", &dry),
        CLI_FLAG("verbose", &verbose),
        CLI_FLAG("json", &json),
        CLI_TEXT("sheet", &sheet),
        {0}};
    if (!cli_options("unit import", &argc, argv, opts)) { fputs(usage, stderr); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc != 2) {
        fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    buf data = {0};
    if (read_file(argv[1], &data) != 0) {
        fprintf(stderr, "thidua unit import: cannot read %s: %s\n", argv[1], strerror(errno));
        store_close(s);
        return 1;
    }
    arena a = {0};
    struct import_report rep;
    /* No quota: the CLI is the operator's way to load a large file (it writes the same way). */
    struct actor me = actor_cli(&a);
    int rc = unit_import_sheet(s, &a, &me, NULL, argv[1], data.data, data.len,
                               (skip ? IMPORT_SKIP_BAD : 0) | (dry ? IMPORT_DRY_RUN : 0), sheet, &rep);
    int status;
    if (rc < 0) {
        fprintf(stderr, "thidua unit import: database error, nothing written: %s\n", store_errmsg(s));
        status = 1;
    } else {
        if (json) {
            json_t *o = import_report_json(&rep);
            char *txt = json_dumps(o, JSON_INDENT(1));
            puts(txt ? txt : "{}");
            free(txt);
            json_decref(o);
        } else {
            import_report_print(stdout, &rep, verbose);
        }
        status = rep.fatal || (rep.rejected && !rep.skip_bad) ? 1 : 0;
    }
    arena_free(&a);
    buf_free(&data);
    store_close(s);
    return status;
}

static int unit_export_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: thidua unit export [--format csv|xlsx] [--out FILE] [--at DATE] --db FILE\n";
    const char *outpath = NULL, *format = NULL;
    char at[11];
    bool at_given = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("out", &outpath),
        CLI_CONVERT("at", at, vn_day_option, VN_DAY_OPTION_EXPECT, .given = &at_given),
        CLI_TEXT("format", &format),
        {0}};
    enum export_format fmt = EXPORT_CSV;
    if (!cli_options("unit export", &argc, argv, opts)) { fputs(usage, stderr); return 2; }
    if (format && !export_format_parse(format, &fmt)) {
        fprintf(stderr, "thidua unit export: --format: '%s' không phải csv hoặc xlsx\n", format);
        fputs(usage, stderr);
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1) {
        fputs(usage, stderr);
        store_close(s);
        return 2;
    }
    arena a = {0};
    buf out = {0};
    char err[256];
    /* the operator of the database sees all */
    int rc = unit_export(s, &a, at_given ? at : NULL, false, fmt, &out, err, sizeof err);
    int status = 0;
    if (rc < 0) {
        fprintf(stderr, "thidua unit export: %s\n", err);
        status = 1;
    } else {
        FILE *f = outpath ? fopen(outpath, "wb") : stdout;
        if (!f || fwrite(out.data ? out.data : "", 1, out.len, f) != out.len || (outpath && fclose(f) != 0)) {
            fprintf(stderr, "thidua unit export: cannot write %s: %s\n", outpath ? outpath : "stdout", strerror(errno));
            status = 1;
        }
    }
    buf_free(&out);
    arena_free(&a);
    store_close(s);
    return status;
}

static const struct cli_cmd unit_cmds[] = {
    {"add", unit_add_cmd, "--name NAME --kind KIND [--parent ID|CODE] [--code C] [--tax-code T] …", "create a unit"},
    {"list", unit_list_cmd, "[--at DATE | --historic] [--q TEXT] [--kind KIND] [--json]", "list units (search ignores diacritics)"},
    {"show", unit_show_cmd, "ID|CODE [--json]", "show a unit and its lineage"},
    {"import", unit_import_cmd, "FILE.csv|FILE.xlsx [--sheet NAME] [--skip-bad] [--dry-run] [--verbose] [--json]",
     "import units from CSV or XLSX (atomic by default)"},
    {"export", unit_export_cmd, "[--format csv|xlsx] [--out FILE] [--at DATE]", "export units as CSV or XLSX"},
    {"reorganise", unit_reorganise_cmd, "--change merge|split|rename --source REF … --effective DATE", "merge, split or rename units"},
    {0},
};

int unit_cmd(int argc, char **argv) { return cli_dispatch("unit", unit_cmds, argc, argv); }
