/* award_rules_cmd.c: `thidua award-rule …`: list a table of the rule base, add a row for a new
 * decree (as the command-line actor, audited), show what is in force on a date, and compute an
 * award's money with the rows used. The rules themselves are award_rules.c's. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "award_rules.h"
#include "award_rules_internal.h"
#include "cli.h"
#include "vn_calendar.h"

static int usage_kinds(void)
{
    fprintf(stderr, "kinds:");
    for (int k = 0; k < AWARD_RULE__COUNT; k++) fprintf(stderr, " %s", award_rule_kind_name(k));
    fprintf(stderr, "\n");
    return 2;
}

static int list_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("award-rule list", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int k = argc == 2 ? award_rule_kind_from(argv[1]) : -1;
    if (!opts_ok || k < 0) {
        fprintf(stderr, "usage: thidua award-rule list KIND [--json] --db FILE\n");
        store_close(s);
        return usage_kinds();
    }
    arena a = {0};
    struct award_rule_row *rows;
    int n, rc = 0;
    if (award_rule_list(s, &a, k, &rows, &n) < 0) { fprintf(stderr, "thidua award-rule list: %s\n", store_errmsg(s)); rc = 1; }
    else if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) {
            json_t *o = json_pack("{s:I}", "id", (json_int_t)rows[i].id);
            for (int c = 0; c < rows[i].n; c++)
                json_object_set_new(o, rows[i].cols[c].name, rows[i].cols[c].value ? json_string(rows[i].cols[c].value) : json_null());
            json_array_append_new(arr, o);
        }
        cli_print_json(arr);
    } else {
        const char *const *fields = award_rule_fields(k);
        printf("id");
        for (int i = 0; fields[i]; i++) printf("\t%s", fields[i]);
        printf("\n");
        for (int i = 0; i < n; i++) {
            printf("%lld", (long long)rows[i].id);
            for (int c = 0; c < rows[i].n; c++) printf("\t%s", rows[i].cols[c].value ? rows[i].cols[c].value : "");
            printf("\n");
        }
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int add_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int k = argc >= 2 ? award_rule_kind_from(argv[1]) : -1;
    if (k < 0) {
        fprintf(stderr, "usage: thidua award-rule add KIND --FIELD VALUE … --db FILE\n");
        store_close(s);
        return usage_kinds();
    }
    /* Every --name value (or --name=value) is a field of the row; the domain names any it does
     * not know, so nothing typed is dropped silently. */
    struct award_rule_input in = {0};
    arena a = {0};
    int rc = 0;
    for (int i = 2; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0 || in.n >= 24) {
            fprintf(stderr, "thidua award-rule add: unexpected argument '%s' (fields are --name value)\n", argv[i]);
            rc = 2;
            break;
        }
        const char *name = argv[i] + 2, *eq = strchr(name, '='), *value;
        if (eq) { value = eq + 1; name = arena_strndup(&a, name, (size_t)(eq - name)); }
        else if (i + 1 < argc) value = argv[++i];
        else { fprintf(stderr, "thidua award-rule add: --%s needs a value\n", name); rc = 2; break; }
        in.items[in.n++] = (struct kv){name, value, strlen(value)};
    }
    if (rc == 0) {
        struct field_errors fe = {0};
        struct actor me = actor_cli(&a);
        int64_t id = award_rule_add(s, &a, &me, k, &in, &fe);
        if (id < 0) { fprintf(stderr, "thidua award-rule add: %s\n", store_errmsg(s)); rc = 1; }
        else if (!id) {
            for (int i = 0; i < fe.n; i++) fprintf(stderr, "thidua award-rule add: %s: %s\n", fe.items[i].name, fe.items[i].value);
            rc = 1;
        } else printf("%lld\n", (long long)id);
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int money_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    bool opts_ok = cli_options("award-rule money", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    char date[11];
    if (!opts_ok || argc != 4 || !award_is_subject_kind(argv[2]) || !vn_day_iso(argv[3], date)) {
        fprintf(stderr, "usage: thidua award-rule money FORM individual|collective|household|enterprise DATE [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    int64_t amount;
    struct award_money_explain x;
    int rc = award_money(s, &a, argv[1], argv[2], date, &amount, &x), status = 0;
    if (rc < 0) { fprintf(stderr, "thidua award-rule money: %s\n", store_errmsg(s)); status = 1; }
    else if (rc == 0) { fprintf(stderr, "thidua award-rule money: %s\n", x.text); status = 1; }
    else if (as_json) {
        json_t *o = award_money_json(amount, &x);
        cli_print_json(o);
    } else printf("%lld\n%s\n", (long long)amount, x.text);
    arena_free(&a);
    store_close(s);
    return status;
}

static int in_force_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    char date[11];
    if (argc != 2 || !vn_day_iso(argv[1], date)) {
        fprintf(stderr, "usage: thidua award-rule in-force DATE --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct award_form *f;
    int n, status = 0;
    int64_t salary;
    struct award_ballot_rule b;
    if (award_forms_at(s, &a, date, &f, &n) < 0) { fprintf(stderr, "thidua award-rule in-force: %s\n", store_errmsg(s)); status = 1; }
    else {
        for (int i = 0; i < n; i++)
            printf("%s\t%s\t%s\t%s\tcouncil:%s\t%s\n", f[i].code, f[i].level, f[i].subject_kinds, f[i].name,
                   f[i].council_vote ? "yes" : "no", f[i].citation);
        if (award_base_salary_at(s, date, &salary, NULL) == 1) printf("base_salary\t%lld\n", (long long)salary);
        if (award_ballot_rule_at(s, &a, date, &b) == 1)
            printf("ballot\tquorum %d bp\tpass %d bp of %s\t%s\n", b.quorum_bp, b.pass_bp, b.pass_base, b.citation);
    }
    arena_free(&a);
    store_close(s);
    return status;
}

static const struct cli_cmd award_rule_cmds[] = {
    {"list", list_cmd, "KIND [--json]", "every row of one table of the rule base (form, coefficient, base_salary, …)"},
    {"add", add_cmd, "KIND --FIELD VALUE …", "add a row (a new decree): validated and audited"},
    {"money", money_cmd, "FORM KIND DATE [--json]", "an award's money on a decision date, with the rows used"},
    {"in-force", in_force_cmd, "DATE", "the forms, base salary and ballot rule in force on a date"},
    {0},
};

int award_rule_cmd(int argc, char **argv)
{
    return cli_dispatch("award-rule", award_rule_cmds, argc, argv);
}
