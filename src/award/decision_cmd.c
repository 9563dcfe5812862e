/* decision_cmd.c: `thidua decision list|show|pdf|recipients|sign|revoke` and
 * `thidua certificate pdf`, through decision.c and certificate.c as the command-line actor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "certificate.h"
#include "cli.h"
#include "decision.h"

static int list_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("decision list", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 1) { fprintf(stderr, "usage: thidua decision list [--json] --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    struct decision *v;
    int n, rc = 0;
    if (decision_list(s, &a, false, &v, &n) < 0) { fprintf(stderr, "thidua decision list: %s\n", store_errmsg(s)); rc = 1; }
    else if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, decision_json(&v[i]));
        cli_print_json(arr);
    } else
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%d\t%lld\t%s\n", (long long)v[i].id, v[i].number_symbol ? v[i].number_symbol : "-",
                   v[i].decided_on, v[i].state, v[i].recipients, (long long)v[i].total_money, v[i].summary);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int show_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("decision show", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua decision show ID [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct decision d;
    struct decision_recipient *rv;
    int n, rc = 1;
    if (decision_get(s, &a, id, &d) != 1 || decision_recipients(s, &a, id, &rv, &n) < 0)
        fprintf(stderr, "thidua decision show: no decision %lld\n", (long long)id);
    else if (as_json) {
        json_t *o = decision_json(&d), *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, decision_recipient_json(&rv[i]));
        json_object_set_new(o, "recipient_list", arr);
        json_object_set_new(o, "total_in_words", json_string(decision_amount_words(&a, d.total_money)));
        cli_print_json(o);
        rc = 0;
    } else {
        printf("id: %lld\nnumber: %s\ndate: %s\nstate: %s\nissuer: %s\nsummary: %s\nform: %s\nsigner: %s%s%s %s\n"
               "total: %lld (%s)\n", (long long)d.id, d.number_symbol ? d.number_symbol : "-", d.decided_on, d.state,
               d.issuer, d.summary, d.form_name, d.signer_authority ? d.signer_authority : "", d.signer_authority ? " " : "",
               d.signer_position, d.signer_name, (long long)d.total_money, decision_amount_words(&a, d.total_money));
        for (int i = 0; i < n; i++)
            printf("recipient: %d\t%s\t%lld\t%s\tsổ vàng %lld\n", rv[i].line_no, rv[i].subject_name, (long long)rv[i].money,
                   rv[i].money_basis ? rv[i].money_basis : "", (long long)rv[i].so_vang);
        rc = 0;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int pdf_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id;
    if (argc != 3 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua decision pdf ID OUT.pdf --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    buf out = {0};
    char err[300];
    int rc = 1;
    if (decision_pdf(s, &a, id, &out, err, sizeof err) != 0) fprintf(stderr, "thidua decision pdf: %s\n", err);
    else rc = cli_write_new_file(argv[2], &out, "decision pdf");
    buf_free(&out);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int recipients_cmd(int argc, char **argv)
{
    const char *format = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("format", &format), {0}};
    bool opts_ok = cli_options("decision recipients", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id;
    enum export_format fmt;
    if (!opts_ok || argc != 3 || !parse_int64(argv[1], &id) || !export_format_parse(format ? format : "xlsx", &fmt)) {
        fprintf(stderr, "usage: thidua decision recipients ID OUT [--format xlsx|csv] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    buf out = {0};
    char err[300];
    int rc = 1;
    export_doc *x = decision_recipients_export(s, &a, id, fmt);
    if (!x) fprintf(stderr, "thidua decision recipients: no decision %lld\n", (long long)id);
    else if (export_end(x, &out, err, sizeof err) != 0) fprintf(stderr, "thidua decision recipients: %s\n", err);
    else rc = cli_write_new_file(argv[2], &out, "decision recipients");
    buf_free(&out);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int sign_cmd(int argc, char **argv)
{
    int64_t id, num = 0;
    const struct cli_opt opts[] = {CLI_INT("number", &num), {0}};
    bool opts_ok = cli_options("decision sign", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua decision sign ID [--number N] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t rc = decision_sign(s, &a, &me, id, num, &fe);
    struct decision d;
    if (rc < 0) fprintf(stderr, "thidua decision sign: %s\n", store_errmsg(s));
    else if (!rc) for (int i = 0; i < fe.n; i++) fprintf(stderr, "thidua decision sign: %s: %s\n", fe.items[i].name, fe.items[i].value);
    else if (decision_get(s, &a, id, &d) == 1) printf("%s\n", d.number_symbol);
    arena_free(&a);
    store_close(s);
    return rc > 0 ? 0 : 1;
}

static int revoke_cmd(int argc, char **argv)
{
    const char *reason = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("reason", &reason, .required = true), {0}};
    bool opts_ok = cli_options("decision revoke", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua decision revoke ID --reason TEXT --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t rc = decision_revoke(s, &a, &me, id, reason, &fe);
    if (rc < 0) fprintf(stderr, "thidua decision revoke: %s\n", store_errmsg(s));
    else if (!rc) for (int i = 0; i < fe.n; i++) fprintf(stderr, "thidua decision revoke: %s: %s\n", fe.items[i].name, fe.items[i].value);
    arena_free(&a);
    store_close(s);
    return rc > 0 ? 0 : 1;
}

static const struct cli_cmd decision_cmds[] = {
    {"list", list_cmd, "list [--json]", "decisions, newest first"},
    {"show", show_cmd, "show ID [--json]", "one decision with its recipients, money and total in words"},
    {"pdf", pdf_cmd, "pdf ID OUT.pdf", "the decision in the Decree 30/2020 layout, with its list"},
    {"recipients", recipients_cmd, "recipients ID OUT [--format xlsx|csv]", "the list of recipients"},
    {"sign", sign_cmd, "sign ID [--number N]", "signs: the register's next number, or the paper register's"},
    {"revoke", revoke_cmd, "revoke ID --reason TEXT", "revokes a signed decision and its awards"},
    {0},
};

int decision_cmd(int argc, char **argv) { return cli_dispatch("decision", decision_cmds, argc, argv); }

static int certificate_pdf_cmd(int argc, char **argv)
{
    const char *mode = "full", *base = NULL;
    int64_t id, rid = 0, bid = 0;
    const struct cli_opt opts[] = {
        CLI_INT("recipient", &rid),
        CLI_TEXT("mode", &mode),
        CLI_INT("blank", &bid),
        CLI_TEXT("base-url", &base, .required = true),
        {0}};
    bool opts_ok = cli_options("certificate pdf", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 3 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua certificate pdf DECISION_ID OUT.pdf --base-url https://… [--recipient LINE]\n"
                        "       [--mode full|overprint] [--blank BLANK_ID] --db FILE\n"
                        "  (--base-url: the public address the QR codes open, e.g. https://thidua.langson.gov.vn)\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    buf out = {0};
    char err[300];
    int rc = 1;
    if (certificate_pdf(s, &a, id, rid, mode, bid, base, &out, err, sizeof err) != 0)
        fprintf(stderr, "thidua certificate pdf: %s\n", err);
    else rc = cli_write_new_file(argv[2], &out, "certificate pdf");
    buf_free(&out);
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd certificate_cmds[] = {
    {"pdf", certificate_pdf_cmd, "pdf DECISION_ID OUT.pdf --base-url URL [--recipient LINE] [--mode full|overprint] [--blank ID]",
     "certificates of a signed decision"},
    {0},
};

int certificate_cmd(int argc, char **argv) { return cli_dispatch("certificate", certificate_cmds, argc, argv); }
