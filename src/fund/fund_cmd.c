/* fund_cmd.c: `thidua fund …`, `thidua donor …` and `thidua donation …`: the command-line face
 * of fundraising. Writes go through the domain (fund.h) as the command-line actor (actor_cli),
 * so they pass the same checks as the pages and the API. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "cli.h"
#include "fund.h"
#include "pii.h"
#include "vn_calendar.h"

static void print_errors(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) fprintf(stderr, "thidua %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

/* Arguments other than the database option (--db FILE or --db=FILE), which cli_open_db takes
 * out later: usage checks count these. */
static int positional(int argc, char **argv)
{
    int n = argc;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) { n -= 2; i++; }
        else if (strncmp(argv[i], "--db=", 5) == 0) n -= 1;
    }
    return n;
}

/* Opens the database and resolves FUND (`ref`, or NULL: the first argument left once the
 * database option is taken out); NULL after a message. */
static store *open_with_fund(int *argc, char **argv, arena *a, const char *what, const char *ref, int64_t *fund_id)
{
    store *s = cli_open_db(argc, argv);
    if (!s) return NULL;
    if (!ref) ref = *argc >= 2 ? argv[1] : NULL;
    const char *why = "no fund given";
    int rc = ref ? fund_find_ref(s, a, ref, fund_id, &why) : 0;
    if (rc <= 0) {
        fprintf(stderr, "thidua %s: %s: %s\n", what, ref ? ref : "(no fund)", rc < 0 ? store_errmsg(s) : why);
        store_close(s);
        return NULL;
    }
    return s;
}

/* ======================================================================== thidua fund */

static int fund_add_cmd(int argc, char **argv)
{
    struct fund_input in = {0};
    const char *owner = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("name", &in.name, .required = true),
        CLI_TEXT("code", &in.code),
        CLI_TEXT("purpose", &in.purpose),
        CLI_TEXT("campaign", &in.campaign_ref),
        CLI_TEXT("from", &in.period_from),
        CLI_TEXT("to", &in.period_to),
        CLI_TEXT("owner", &owner),
        CLI_CONVERT("target", &in.target_amount, vn_amount_option, VN_AMOUNT_OPTION_EXPECT),
        CLI_FLAG("published", &in.published),
        {0}};
    bool opts_ok = cli_options("fund add", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 2;
    if (!opts_ok || positional(argc, argv) > 1) {
        fprintf(stderr, "usage: thidua fund add --name NAME [--owner UNIT] [--target N] [--code C] [--purpose P]"
                        " [--campaign REF] [--from DATE] [--to DATE] [--published] --db FILE\n");
        goto out;
    }
    rc = 1;
    if (owner) {
        int64_t id = 0;
        struct ref r = ref_parse(owner);
        int found = r.kind == REF_ID || r.kind == REF_DIGITS ? store_int64(s, &id, "SELECT id FROM unit WHERE id = $1", "i", r.id)
                  : r.kind == REF_CODE ? store_int64(s, &id, "SELECT id FROM unit WHERE code = $1", "t", r.code) : 0;
        if (found != 1) { fprintf(stderr, "thidua fund add: --owner %s: no such unit\n", owner); goto out; }
        in.owner_unit_id = id;
    } else {
        /* the command line has no unit of its own: the root of the tree */
        if (store_int64(s, &in.owner_unit_id, "SELECT id FROM unit WHERE parent_id IS NULL ORDER BY id LIMIT 1", "") != 1) {
            fprintf(stderr, "thidua fund add: no unit in the database; give --owner\n");
            goto out;
        }
    }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = fund_create(s, &a, &me, &in, &fe);
    if (id < 0) fprintf(stderr, "thidua fund add: %s\n", store_errmsg(s));
    else if (!id) print_errors("fund add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_list_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    bool opts_ok = cli_options("fund list", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    struct fund *v;
    int n, rc = 1;
    if (!opts_ok || positional(argc, argv) > 1) { fprintf(stderr, "usage: thidua fund list [--json] --db FILE\n"); rc = 2; goto out; }
    if (fund_list(s, &a, false, &v, &n) < 0) { fprintf(stderr, "thidua fund list: %s\n", store_errmsg(s)); goto out; }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        struct fund_totals t;
        if (fund_totals_get(s, v[i].id, &t) < 0) { json_decref(arr); goto out; }
        if (json) json_array_append_new(arr, fund_json(&v[i], &t));
        else
            printf("%lld\t%s\t%s\t%s\t%lld\t%lld\n", (long long)v[i].id, v[i].code ? v[i].code : "-", v[i].name,
                   v[i].published ? "published" : "draft", (long long)t.donations, (long long)t.donated);
    }
    if (json) cli_print_json(arr);
    else json_decref(arr);
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_show_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    bool opts_ok = cli_options("fund show", &argc, argv, opts);
    arena a = {0};
    int64_t id;
    if (!opts_ok || positional(argc, argv) != 2) { fprintf(stderr, "usage: thidua fund show FUND [--json] --db FILE\n"); return 2; }
    store *s = open_with_fund(&argc, argv, &a, "fund show", NULL, &id);
    if (!s) { arena_free(&a); return 1; }
    struct fund f;
    struct fund_totals t;
    int rc = 1;
    if (fund_get(s, &a, id, &f) != 1 || fund_totals_get(s, id, &t) < 0) { fprintf(stderr, "thidua fund show: %s\n", store_errmsg(s)); goto out; }
    if (json) {
        cli_print_json(fund_json(&f, &t));
    } else {
        printf("id: %lld\nname: %s\nowner: %s\n", (long long)f.id, f.name, f.owner_name);
        if (f.code) printf("code: %s\n", f.code);
        if (f.campaign_ref) printf("campaign: %s\n", f.campaign_ref);
        printf("target: %lld\npublished: %s\n", (long long)f.target_amount, f.published ? "yes" : "no");
        printf("donations: %lld, sum %lld\n", (long long)t.donations, (long long)t.donated);
        printf("disbursements: %lld, sum %lld\n", (long long)t.disbursements, (long long)t.disbursed);
        printf("donors: %lld\nreversed: %lld\n", (long long)t.donors, (long long)t.reversed);
    }
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static json_t *tier_json(const struct fund_tier *t)
{
    return json_pack("{s:I, s:I, s:s, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)t->id, "threshold", (json_int_t)t->threshold,
                     "label", t->label, "form_code", t->form_code, "period_from", t->period_from, "period_to", t->period_to,
                     "basis", t->basis);
}

/* `fund tiers FUND`: each tier with who qualifies. */
static int fund_tiers_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    bool opts_ok = cli_options("fund tiers", &argc, argv, opts);
    arena a = {0};
    int64_t id;
    if (!opts_ok || positional(argc, argv) != 2) { fprintf(stderr, "usage: thidua fund tiers FUND [--json] --db FILE\n"); return 2; }
    store *s = open_with_fund(&argc, argv, &a, "fund tiers", NULL, &id);
    if (!s) { arena_free(&a); return 1; }
    struct fund_tier *t;
    int n, rc = 1;
    if (fund_tiers(s, &a, id, &t, &n) < 0) goto fail;
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        struct tier_qualifier *q;
        int nq;
        if (tier_qualifiers(s, &a, &t[i], &q, &nq) < 0) { json_decref(arr); goto fail; }
        json_t *o = tier_json(&t[i]), *qs = json_array();
        if (!json)
            printf("tier %lld: %s (>= %lld%s%s): %d qualify\n", (long long)t[i].id, t[i].label, (long long)t[i].threshold,
                   t[i].form_code ? ", form " : "", t[i].form_code ? t[i].form_code : "", nq);
        for (int j = 0; j < nq; j++) {
            if (json)
                json_array_append_new(qs, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:b, s:b, s:s?}", "donor_id",
                                                    (json_int_t)q[j].donor_id, "name", q[j].name, "public_name",
                                                    q[j].public_name, "kind", q[j].kind, "total", (json_int_t)q[j].total,
                                                    "gifts", (json_int_t)q[j].gifts, "anonymous", q[j].anonymous,
                                                    "identity_confirmed", q[j].identity_confirmed, "subject_key",
                                                    q[j].subject_key));
            else
                printf("  %lld\t%s\t%lld\t%lld gift(s)%s\n", (long long)q[j].donor_id, q[j].name, (long long)q[j].total,
                       (long long)q[j].gifts, q[j].identity_confirmed ? "\tconfirmed" : "");
        }
        json_object_set_new(o, "qualifiers", qs);
        json_array_append_new(arr, o);
    }
    if (json) cli_print_json(arr);
    else json_decref(arr);
    rc = 0;
    goto out;
fail:
    fprintf(stderr, "thidua fund tiers: %s\n", store_errmsg(s));
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_tier_add_cmd(int argc, char **argv)
{
    struct fund_tier in = {0};
    const char *fund = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true),
        CLI_CONVERT("threshold", &in.threshold, vn_amount_option, VN_AMOUNT_OPTION_EXPECT, .required = true),
        CLI_TEXT("label", &in.label, .required = true),
        CLI_TEXT("form", &in.form_code),
        CLI_TEXT("from", &in.period_from),
        CLI_TEXT("to", &in.period_to),
        CLI_TEXT("basis", &in.basis),
        {0}};
    bool opts_ok = cli_options("fund tier-add", &argc, argv, opts);
    arena a = {0};
    if (!opts_ok || positional(argc, argv) > 1) {
        fprintf(stderr, "usage: thidua fund tier-add --fund FUND --threshold N --label L [--form CODE] [--from D] [--to D]"
                        " [--basis TEXT] --db FILE\n");
        return 2;
    }
    store *s = open_with_fund(&argc, argv, &a, "fund tier-add", fund, &in.fund_id);
    if (!s) { arena_free(&a); return 1; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = fund_tier_add(s, &a, &me, &in, &fe);
    int rc = 1;
    if (id < 0) fprintf(stderr, "thidua fund tier-add: %s\n", store_errmsg(s));
    else if (!id) print_errors("fund tier-add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_account_cmd(int argc, char **argv)
{
    struct fund_account in = {0};
    const char *fund = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true),
        CLI_TEXT("bin", &in.bank_bin),
        CLI_TEXT("bank", &in.bank_name, .required = true),
        CLI_TEXT("account", &in.account_no, .required = true),
        CLI_TEXT("holder", &in.account_name),
        {0}};
    bool opts_ok = cli_options("fund account-add", &argc, argv, opts);
    arena a = {0};
    if (!opts_ok || positional(argc, argv) > 1) {
        fprintf(stderr, "usage: thidua fund account-add --fund FUND --bank NAME --account NO [--bin 970418] [--holder NAME] --db FILE\n");
        return 2;
    }
    store *s = open_with_fund(&argc, argv, &a, "fund account-add", fund, &in.fund_id);
    if (!s) { arena_free(&a); return 1; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = fund_account_add(s, &a, &me, &in, &fe);
    int rc = 1;
    if (id < 0) fprintf(stderr, "thidua fund account-add: %s\n", store_errmsg(s));
    else if (!id) print_errors("fund account-add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_publish_cmd(int argc, char **argv)
{
    bool off = false;
    const struct cli_opt opts[] = {CLI_FLAG("off", &off), {0}};
    bool opts_ok = cli_options("fund publish", &argc, argv, opts);
    arena a = {0};
    int64_t id;
    if (!opts_ok || positional(argc, argv) != 2) { fprintf(stderr, "usage: thidua fund publish FUND [--off] --db FILE\n"); return 2; }
    store *s = open_with_fund(&argc, argv, &a, "fund publish", NULL, &id);
    if (!s) { arena_free(&a); return 1; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int r = fund_set_published(s, &a, &me, id, !off, &fe);
    if (r < 0) fprintf(stderr, "thidua fund publish: %s\n", store_errmsg(s));
    else if (!r) print_errors("fund publish", &fe);
    arena_free(&a);
    store_close(s);
    return r == 1 ? 0 : 1;
}

static int fund_disburse_cmd(int argc, char **argv)
{
    struct fund_disbursement in = {0};
    const char *fund = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true),
        CLI_CONVERT("amount", &in.amount, vn_amount_option, VN_AMOUNT_OPTION_EXPECT, .required = true),
        CLI_TEXT("on", &in.paid_on),
        CLI_TEXT("payee", &in.payee),
        CLI_TEXT("purpose", &in.purpose),
        CLI_TEXT("document", &in.document),
        {0}};
    bool opts_ok = cli_options("fund disburse", &argc, argv, opts);
    arena a = {0};
    if (!opts_ok || positional(argc, argv) > 1) {
        fprintf(stderr, "usage: thidua fund disburse --fund FUND --amount N --on DATE --payee P --purpose TEXT"
                        " [--document REF] --db FILE\n");
        return 2;
    }
    store *s = open_with_fund(&argc, argv, &a, "fund disburse", fund, &in.fund_id);
    if (!s) { arena_free(&a); return 1; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = fund_disburse(s, &a, &me, &in, &fe);
    int rc = 1;
    if (id < 0) fprintf(stderr, "thidua fund disburse: %s\n", store_errmsg(s));
    else if (!id) print_errors("fund disburse", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_propose_cmd(int argc, char **argv)
{
    bool json = false;
    int64_t tier_id = 0, y = 0;
    const struct cli_opt opts[] = {
        CLI_INT("tier", &tier_id, .required = true),
        CLI_INT("year", &y, .required = true, .min = 1900, .max = 2200),
        CLI_FLAG("json", &json),
        {0}};
    bool opts_ok = cli_options("fund propose", &argc, argv, opts);
    if (!opts_ok || positional(argc, argv) > 1) {
        fprintf(stderr, "usage: thidua fund propose --tier TIER_ID --year YYYY [--json] --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int created = 0, existing = 0, skipped = 0;
    int r = tier_propose(s, &a, &me, tier_id, (int)y, &created, &existing, &skipped, &fe);
    if (r < 0) fprintf(stderr, "thidua fund propose: %s\n", store_errmsg(s));
    else if (!r) print_errors("fund propose", &fe);
    else if (json) cli_print_json(json_pack("{s:i, s:i, s:i}", "created", created, "existing", existing, "unconfirmed", skipped));
    else printf("created %d, already proposed %d, skipped (identity not confirmed) %d\n", created, existing, skipped);
    arena_free(&a);
    store_close(s);
    return r == 1 ? 0 : 1;
}

static int fund_qr_cmd(int argc, char **argv)
{
    const char *ref = NULL;
    int64_t id, money = 0;
    const struct cli_opt opts[] = {
        CLI_CONVERT("amount", &money, vn_amount_option, VN_AMOUNT_OPTION_EXPECT),
        CLI_TEXT("ref", &ref),
        {0}};
    bool opts_ok = cli_options("fund qr", &argc, argv, opts);
    arena a = {0};
    if (!opts_ok || positional(argc, argv) != 2) { fprintf(stderr, "usage: thidua fund qr FUND [--amount N] [--ref R] --db FILE\n"); return 2; }
    store *s = open_with_fund(&argc, argv, &a, "fund qr", NULL, &id);
    if (!s) { arena_free(&a); return 1; }
    struct fund_account *acc;
    int n, rc = 1;
    if (fund_accounts(s, &a, id, &acc, &n) < 0) { fprintf(stderr, "thidua fund qr: %s\n", store_errmsg(s)); goto out; }
    int k = 0;
    while (k < n && !acc[k].bank_bin) k++;
    if (k == n) { fprintf(stderr, "thidua fund qr: the fund has no account with a bank BIN (fund account-add --bin)\n"); goto out; }
    const char *msg = ref ? arena_printf(&a, "UNG HO QUY %lld %s", (long long)id, ref) : arena_printf(&a, "UNG HO QUY %lld", (long long)id);
    char *payload = vietqr_payload(&a, acc[k].bank_bin, acc[k].account_no, money, msg);
    if (!payload) { fprintf(stderr, "thidua fund qr: the account cannot be written as VietQR\n"); goto out; }
    puts(payload);
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_pledge_cmd(int argc, char **argv)
{
    struct pledge in = {0};
    const char *fund = NULL, *donor = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true),
        CLI_TEXT("donor", &donor, .required = true),
        CLI_CONVERT("amount", &in.amount, vn_amount_option, VN_AMOUNT_OPTION_EXPECT, .required = true),
        CLI_TEXT("on", &in.pledged_on, .required = true),
        CLI_TEXT("due", &in.due_on),
        CLI_TEXT("note", &in.note),
        {0}};
    bool opts_ok = cli_options("fund pledge", &argc, argv, opts);
    arena a = {0};
    if (!opts_ok || positional(argc, argv) > 1) {
        fprintf(stderr, "usage: thidua fund pledge --fund FUND --donor DONOR --amount N --on DATE [--due DATE] [--note T] --db FILE\n");
        return 2;
    }
    store *s = open_with_fund(&argc, argv, &a, "fund pledge", fund, &in.fund_id);
    if (!s) { arena_free(&a); return 1; }
    int rc = 1;
    const char *why;
    if (donor_find_ref(s, &a, donor, &in.donor_id, &why) != 1) { fprintf(stderr, "thidua fund pledge: --donor %s: %s\n", donor, why); goto out; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = pledge_add(s, &a, &me, &in, &fe);
    if (id < 0) fprintf(stderr, "thidua fund pledge: %s\n", store_errmsg(s));
    else if (!id) print_errors("fund pledge", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_pledges_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    bool opts_ok = cli_options("fund pledges", &argc, argv, opts);
    arena a = {0};
    int64_t id;
    if (!opts_ok || positional(argc, argv) != 2) { fprintf(stderr, "usage: thidua fund pledges FUND [--json] --db FILE\n"); return 2; }
    store *s = open_with_fund(&argc, argv, &a, "fund pledges", NULL, &id);
    if (!s) { arena_free(&a); return 1; }
    struct pledge *v;
    int n, rc = 1;
    if (pledge_list(s, &a, id, &v, &n) < 0) { fprintf(stderr, "thidua fund pledges: %s\n", store_errmsg(s)); goto out; }
    char today[11];
    iso_date_today(today);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        if (json) json_array_append_new(arr, pledge_json(&v[i], today));
        else
            printf("%lld\t%s\t%lld\treceived %lld\tdue %s\n", (long long)v[i].id, v[i].donor_name, (long long)v[i].amount,
                   (long long)v[i].received, v[i].due_on ? v[i].due_on : "-");
    }
    if (json) cli_print_json(arr);
    else json_decref(arr);
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* ---- thidua fund pledge-edit|pledge-delete|pledge-tie|pledge-untie ID ---- */
/* Opens the database and reads the pledge of argv[1] (after the options are taken out); NULL
 * after a message. */
static store *open_with_pledge(int *argc, char **argv, arena *a, const char *what, struct pledge *p)
{
    store *s = cli_open_db(argc, argv);
    if (!s) return NULL;
    int64_t id = 0;
    bool number = *argc == 2 && parse_int64(argv[1], &id) && id > 0;
    int got = number ? pledge_get(s, a, id, p) : 0;
    if (got <= 0) {
        if (got < 0) fprintf(stderr, "thidua %s: %s\n", what, store_errmsg(s));
        else if (number) fprintf(stderr, "thidua %s: there is no pledge %lld (thidua fund pledges FUND lists them)\n", what, (long long)id);
        else fprintf(stderr, "thidua %s: '%s' is not a pledge id\n", what, *argc > 1 ? argv[1] : "");
        store_close(s);
        return NULL;
    }
    return s;
}

/* After a write: the pledge as JSON (--json) or one line, exit status 0; or the errors, 1. */
static int pledge_write_done(store *s, arena *a, const char *what, int rc, int64_t id, bool json, const struct field_errors *fe)
{
    if (rc < 0) { fprintf(stderr, "thidua %s: %s\n", what, store_errmsg(s)); return 1; }
    if (rc == 0) { print_errors(what, fe); return 1; }
    struct pledge p;
    int got = pledge_get(s, a, id, &p);
    if (got < 0) { fprintf(stderr, "thidua %s: %s\n", what, store_errmsg(s)); return 1; }
    if (!got) { printf("pledge %lld deleted\n", (long long)id); return 0; }
    char today[11];
    iso_date_today(today);
    if (json) cli_print_json(pledge_json(&p, today));
    else printf("pledge %lld\t%s\t%lld\treceived %lld\tdue %s%s\n", (long long)p.id, p.donor_name, (long long)p.amount,
                (long long)p.received, p.due_on ? p.due_on : "-", pledge_overdue(&p, today) ? "\toverdue" : "");
    return 0;
}

static int fund_pledge_edit_cmd(int argc, char **argv)
{
    const char *donor = NULL, *on = NULL, *due = NULL, *note = NULL;
    int64_t amount = INT64_MIN;
    bool no_due = false, no_note = false, json = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("donor", &donor),
        CLI_CONVERT("amount", &amount, vn_amount_option, VN_AMOUNT_OPTION_EXPECT),
        CLI_TEXT("on", &on), CLI_TEXT("due", &due), CLI_FLAG("no-due", &no_due),
        CLI_TEXT("note", &note), CLI_FLAG("no-note", &no_note), CLI_FLAG("json", &json),
        {0}};
    bool opts_ok = cli_options("fund pledge-edit", &argc, argv, opts);
    if (!opts_ok || positional(argc, argv) != 2 || (due && no_due) || (note && no_note)) {
        fprintf(stderr, "usage: thidua fund pledge-edit ID [--donor D] [--amount N] [--on DATE] [--due DATE | --no-due]"
                        " [--note T | --no-note] [--json] --db FILE\n");
        return 2;
    }
    arena a = {0};
    struct pledge p;
    store *s = open_with_pledge(&argc, argv, &a, "fund pledge-edit", &p);
    if (!s) { arena_free(&a); return 1; }
    int rc = 1;
    struct pledge in = p;   /* what is not given stays */
    const char *why;
    if (donor && donor_find_ref(s, &a, donor, &in.donor_id, &why) != 1) {
        fprintf(stderr, "thidua fund pledge-edit: --donor %s: %s\n", donor, why);
        goto out;
    }
    if (amount != INT64_MIN) in.amount = amount;
    if (on) in.pledged_on = on;
    if (due || no_due) in.due_on = due;
    if (note || no_note) in.note = note;
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    rc = pledge_write_done(s, &a, "fund pledge-edit", pledge_update(s, &a, &me, p.id, &in, &fe), p.id, json, &fe);
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_pledge_delete_cmd(int argc, char **argv)
{
    bool opts_ok = cli_options("fund pledge-delete", &argc, argv, (const struct cli_opt[]){{0}});
    if (!opts_ok || positional(argc, argv) != 2) { fprintf(stderr, "usage: thidua fund pledge-delete ID --db FILE\n"); return 2; }
    arena a = {0};
    struct pledge p;
    store *s = open_with_pledge(&argc, argv, &a, "fund pledge-delete", &p);
    if (!s) { arena_free(&a); return 1; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = pledge_write_done(s, &a, "fund pledge-delete", pledge_delete(s, &a, &me, p.id, &fe), p.id, false, &fe);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int pledge_tie_cmd(int argc, char **argv, bool tie)
{
    const char *what = tie ? "fund pledge-tie" : "fund pledge-untie";
    int64_t donation = 0;
    bool json = false;
    const struct cli_opt opts[] = {CLI_INT("donation", &donation, .required = true), CLI_FLAG("json", &json), {0}};
    bool opts_ok = cli_options(what, &argc, argv, opts);
    if (!opts_ok || positional(argc, argv) != 2) { fprintf(stderr, "usage: thidua %s ID --donation N [--json] --db FILE\n", what); return 2; }
    arena a = {0};
    struct pledge p;
    store *s = open_with_pledge(&argc, argv, &a, what, &p);
    if (!s) { arena_free(&a); return 1; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = tie ? pledge_tie(s, &a, &me, p.id, donation, &fe) : pledge_untie(s, &a, &me, p.id, donation, &fe);
    rc = pledge_write_done(s, &a, what, rc, p.id, json, &fe);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int fund_pledge_tie_cmd(int argc, char **argv) { return pledge_tie_cmd(argc, argv, true); }
static int fund_pledge_untie_cmd(int argc, char **argv) { return pledge_tie_cmd(argc, argv, false); }

static const struct cli_cmd fund_cmds[] = {
    {"add", fund_add_cmd, "add --name NAME [--owner UNIT] [--target N] …", "create a fund"},
    {"list", fund_list_cmd, "list [--json]", "every fund with its donations"},
    {"show", fund_show_cmd, "show FUND [--json]", "a fund: count and sum in and out"},
    {"tiers", fund_tiers_cmd, "tiers FUND [--json]", "recognition tiers and who qualifies"},
    {"tier-add", fund_tier_add_cmd, "tier-add --fund FUND --threshold N --label L [--form CODE]", "add a recognition tier"},
    {"account-add", fund_account_cmd, "account-add --fund FUND --bank NAME --account NO [--bin BIN]", "add a bank account"},
    {"publish", fund_publish_cmd, "publish FUND [--off]", "show (or hide) the fund's public pages"},
    {"disburse", fund_disburse_cmd, "disburse --fund FUND --amount N --on DATE --payee P --purpose T", "record money paid out"},
    {"propose", fund_propose_cmd, "propose --tier ID --year YYYY", "commendation proposals for a tier's confirmed donors"},
    {"pledge", fund_pledge_cmd, "pledge --fund FUND --donor D --amount N --on DATE [--due DATE]", "record a pledge"},
    {"pledges", fund_pledges_cmd, "pledges FUND [--json]", "pledges with what was received against each"},
    {"pledge-edit", fund_pledge_edit_cmd, "pledge-edit ID [--donor D] [--amount N] [--on DATE] [--due DATE|--no-due] [--note T|--no-note]",
     "change a pledge (not below what was received)"},
    {"pledge-delete", fund_pledge_delete_cmd, "pledge-delete ID", "delete a pledge against which nothing was received"},
    {"pledge-tie", fund_pledge_tie_cmd, "pledge-tie ID --donation N", "count a donation of the fund against a pledge"},
    {"pledge-untie", fund_pledge_untie_cmd, "pledge-untie ID --donation N", "take a donation back off a pledge"},
    {"qr", fund_qr_cmd, "qr FUND [--amount N] [--ref R]", "print the VietQR payload of the fund's account"},
    {0},
};

int fund_cmd(int argc, char **argv) { return cli_dispatch("fund", fund_cmds, argc, argv); }

/* ======================================================================== thidua donor */

static int donor_add_cmd(int argc, char **argv)
{
    struct donor_input in = {0};
    const struct cli_opt opts[] = {
        CLI_TEXT("kind", &in.kind, .required = true),
        CLI_TEXT("name", &in.name, .required = true),
        CLI_TEXT("display-name", &in.display_name),
        CLI_TEXT("tax-code", &in.tax_code),
        CLI_TEXT("citizen-id", &in.citizen_id),
        CLI_TEXT("account", &in.account_no),
        CLI_FLAG("anonymous", &in.anonymous),
        CLI_FLAG("no-honour", &in.no_honour),
        CLI_FLAG("confirmed", &in.identity_confirmed),
        {0}};
    bool opts_ok = cli_options("donor add", &argc, argv, opts);
    if (!opts_ok || positional(argc, argv) > 1) {
        fprintf(stderr, "usage: thidua donor add --kind KIND --name NAME [--tax-code T] [--citizen-id C] [--account A]"
                        " [--display-name D] [--anonymous] [--no-honour] [--confirmed] --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = donor_create(s, &a, &me, &in, &fe);
    int rc = 1;
    if (id < 0) fprintf(stderr, "thidua donor add: %s\n", store_errmsg(s));
    else if (!id) print_errors("donor add", &fe);
    else {
        printf("%lld\n", (long long)id);
        struct donor_duplicate *d;
        int n;
        if (donor_duplicates(s, &a, id, &d, &n) == 0)
            for (int i = 0; i < n; i++)
                fprintf(stderr, "note: may be the same as donor %lld %s (%s): thidua donor merge --from %lld --into %lld\n",
                        (long long)d[i].id, d[i].name, d[i].why, (long long)id, (long long)d[i].id);
        rc = 0;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int donor_merge_cmd(int argc, char **argv)
{
    const char *from = NULL, *into = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("from", &from, .required = true),
        CLI_TEXT("into", &into, .required = true),
        {0}};
    bool opts_ok = cli_options("donor merge", &argc, argv, opts);
    if (!opts_ok || positional(argc, argv) > 1) { fprintf(stderr, "usage: thidua donor merge --from DONOR --into DONOR --db FILE\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int64_t f = 0, t = 0;
    const char *why;
    int rc = 1;
    if (donor_find_ref(s, &a, from, &f, &why) != 1) { fprintf(stderr, "thidua donor merge: --from %s: %s\n", from, why); goto out; }
    if (donor_find_ref(s, &a, into, &t, &why) != 1) { fprintf(stderr, "thidua donor merge: --into %s: %s\n", into, why); goto out; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int r = donor_merge(s, &a, &me, f, t, &fe);
    if (r < 0) fprintf(stderr, "thidua donor merge: %s\n", store_errmsg(s));
    else if (!r) print_errors("donor merge", &fe);
    else rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd donor_cmds[] = {
    {"add", donor_add_cmd, "add --kind KIND --name NAME [--tax-code T] …", "register a donor (warns of likely duplicates)"},
    {"merge", donor_merge_cmd, "merge --from DONOR --into DONOR", "merge a duplicate donor, keeping its history"},
    {0},
};

int donor_cmd(int argc, char **argv) { return cli_dispatch("donor", donor_cmds, argc, argv); }

/* ======================================================================== thidua donation */

static void progress_bar(void *ctx, int done, int total)
{
    const char *file = ctx;
    int pct = total ? (int)((int64_t)done * 100 / total) : 100;
    fprintf(stderr, "\r%s [%-40.*s] %3d%% %d/%d", file, pct * 40 / 100, "########################################", pct, done,
            total);
    if (done >= total) fputc('\n', stderr);
}

static int donation_import_cmd(int argc, char **argv)
{
    const char *fund = NULL, *profile = NULL, *map = NULL;
    bool json = false, verbose = false, dry = false, skip = false;
    int64_t y = 0;
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true),
        CLI_TEXT("profile", &profile),
        CLI_TEXT("map", &map),
        CLI_INT("year", &y, .min = 1900, .max = 2200),
        CLI_FLAG("json", &json),
        CLI_FLAG("verbose", &verbose),
        CLI_FLAG("dry-run", &dry),
        CLI_FLAG("skip-bad", &skip),
        {0}};
    bool opts_ok = cli_options("donation import", &argc, argv, opts);
    arena a = {0};
    struct statement_profile mp;
    const struct statement_profile *p = NULL;
    const char *why = NULL;
    if (!opts_ok || positional(argc, argv) < 2 || (!profile == !map)) {
        fprintf(stderr, "usage: thidua donation import --fund FUND (--profile saoke | --map SPEC) [--year YYYY] [--dry-run]"
                        " [--skip-bad] [--verbose] [--json] FILE… --db FILE\n"
                        "  --map: head=K,tail=T,date=N,time=N,amount=N,message=N,reference=N,bank=N,header=0|1\n");
        return 2;
    }
    if (profile && !(p = statement_profile_find(profile))) {
        fprintf(stderr, "thidua donation import: unknown profile '%s' (built in: saoke)\n", profile);
        return 2;
    }
    if (map) {
        if (!statement_profile_parse(&a, map, &mp, &why)) { fprintf(stderr, "thidua donation import: %s\n", why); arena_free(&a); return 2; }
        p = &mp;
    }
    int64_t fund_id;
    store *s = open_with_fund(&argc, argv, &a, "donation import", fund, &fund_id);
    if (!s) { arena_free(&a); return 1; }
    int status = 0;
    json_t *reports = json_array();
    bool tty = isatty(2) && !json;
    for (int i = 1; i < argc; i++) {
        buf data = {0};
        if (read_file(argv[i], &data) != 0) {
            fprintf(stderr, "thidua donation import: cannot read %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        arena fa = {0};
        struct statement_result res;
        struct field_errors fe = {0};
        struct actor me = actor_cli(&fa);
        int rc = statement_import(s, &fa, &me, fund_id, p, (int)y, argv[i], data.data ? data.data : "", data.len,
                                  (dry ? IMPORT_DRY_RUN : 0) | (skip ? IMPORT_SKIP_BAD : 0), NULL, tty ? progress_bar : NULL,
                                  argv[i], &res, &fe);
        buf_free(&data);
        if (rc < 0) {
            fprintf(stderr, "thidua donation import: %s: database error, nothing written: %s\n", argv[i], store_errmsg(s));
            status = 1;
        } else if (fe.n) {
            print_errors("donation import", &fe);
            status = 1;
        } else {
            if (json) {
                json_t *o = statement_result_json(&res, true);
                json_array_append_new(reports, o);
            } else {
                import_report_print(stdout, &res.rep, verbose);
                printf("%s: %d new transfers (%lld đồng), %d lines matched transfers of another statement (%d queued for"
                       " review), %d lines imported before, %d sender names to check against donors\n",
                       argv[i], res.fresh, (long long)res.sum_fresh, res.matched, res.uncertain, res.already,
                       res.donor_reviews);
            }
            if (res.rep.fatal || (res.rep.rejected && !res.rep.skip_bad)) status = 1;
        }
        arena_free(&fa);
    }
    if (json) cli_print_json(reports);
    else json_decref(reports);
    arena_free(&a);
    store_close(s);
    return status;
}

static int donation_search_cmd(int argc, char **argv)
{
    const char *fund = NULL;
    bool json = false, full = false;
    struct donation_query q = {0};
    int64_t lim = 50;
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true),
        CLI_INT("before", &q.before_id),
        CLI_INT("limit", &lim),
        CLI_FLAG("json", &json),
        CLI_FLAG("unmasked", &full),
        {0}};
    bool opts_ok = cli_options("donation search", &argc, argv, opts);
    arena a = {0};
    store *s = opts_ok ? open_with_fund(&argc, argv, &a, "donation search", fund, &q.fund_id) : NULL;
    if (opts_ok && !s) { arena_free(&a); return 1; }
    if (!opts_ok || argc > 2) {
        store_close(s);
        arena_free(&a);
        fprintf(stderr, "usage: thidua donation search --fund FUND [QUERY] [--before ID] [--limit N] [--unmasked] [--json] --db FILE\n"
                        "  QUERY: words of the name or message, an amount (500000), a range (100000-500000),\n"
                        "         a day (12/09/2024) or days (1/9/2024..12/9/2024)\n");
        return 2;
    }
    const char *why = NULL;
    if (argc == 2 && !donation_query_parse(&a, argv[1], &q, &why)) {
        fprintf(stderr, "thidua donation search: %s\n", why);
        store_close(s);
        arena_free(&a);
        return 2;
    }
    q.limit = (int)lim;
    struct donation *v;
    int n, rc = 1;
    bool more;
    if (donation_search(s, &a, &q, &v, &n, &more) < 0) { fprintf(stderr, "thidua donation search: %s\n", store_errmsg(s)); goto out; }
    if (json) {
        json_t *items = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(items, donation_json(&v[i], !full));
        json_t *o = json_pack("{s:o, s:i, s:b}", "items", items, "count", n, "more", more);
        if (more && n) json_object_set_new(o, "next_before", json_integer(v[n - 1].id));
        cli_print_json(o);
    } else {
        for (int i = 0; i < n; i++)
            printf("%lld\t%s %s\t%lld\t%s\n", (long long)v[i].id, v[i].given_on, v[i].given_time ? v[i].given_time : "",
                   (long long)v[i].amount, v[i].message ? (full ? v[i].message : mask_text(&a, v[i].message)) : "");
        if (more && n) printf("more: --before %lld\n", (long long)v[n - 1].id);
    }
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int donation_add_cmd(int argc, char **argv)
{
    struct donation_input in = {0};
    const char *fund = NULL, *donor = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true),
        CLI_CONVERT("amount", &in.amount, vn_amount_option, VN_AMOUNT_OPTION_EXPECT, .required = true),
        CLI_TEXT("donor", &donor),
        CLI_TEXT("on", &in.given_on, .required = true),
        CLI_TEXT("time", &in.given_time),
        CLI_TEXT("channel", &in.channel),
        CLI_TEXT("in-kind", &in.in_kind),
        CLI_TEXT("reference", &in.reference),
        CLI_TEXT("message", &in.message),
        CLI_INT("pledge", &in.pledge_id),
        {0}};
    bool opts_ok = cli_options("donation add", &argc, argv, opts);
    arena a = {0};
    if (!opts_ok || positional(argc, argv) > 1) {
        fprintf(stderr, "usage: thidua donation add --fund FUND --amount N --on DATE [--donor DONOR] [--channel transfer|cash|in_kind]"
                        " [--in-kind WHAT] [--time HH:MM:SS] [--reference R] [--message M] [--pledge ID] --db FILE\n");
        return 2;
    }
    store *s = open_with_fund(&argc, argv, &a, "donation add", fund, &in.fund_id);
    if (!s) { arena_free(&a); return 1; }
    int rc = 1;
    const char *why;
    if (donor && donor_find_ref(s, &a, donor, &in.donor_id, &why) != 1) {
        fprintf(stderr, "thidua donation add: --donor %s: %s\n", donor, why);
        goto out;
    }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = donation_add(s, &a, &me, &in, &fe);
    if (id < 0) fprintf(stderr, "thidua donation add: %s\n", store_errmsg(s));
    else if (!id) print_errors("donation add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int donation_reverse_cmd(int argc, char **argv)
{
    const char *on = NULL, *reason = NULL;
    const struct cli_opt opts[] = {
        CLI_TEXT("on", &on, .required = true),
        CLI_TEXT("reason", &reason, .required = true),
        {0}};
    bool opts_ok = cli_options("donation reverse", &argc, argv, opts);
    int64_t id;
    if (!opts_ok || positional(argc, argv) != 2) {
        fprintf(stderr, "usage: thidua donation reverse ID --on DATE --reason TEXT --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "thidua donation reverse: '%s' is not a donation id\n", argc > 1 ? argv[1] : "");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int r = donation_reverse(s, &a, &me, id, on, reason, &fe);
    if (r < 0) fprintf(stderr, "thidua donation reverse: %s\n", store_errmsg(s));
    else if (!r) print_errors("donation reverse", &fe);
    arena_free(&a);
    store_close(s);
    return r == 1 ? 0 : 1;
}

static int donation_receipt_cmd(int argc, char **argv)
{
    const char *pdf_path = NULL;
    bool json = false;
    const struct cli_opt opts[] = {CLI_TEXT("pdf", &pdf_path), CLI_FLAG("json", &json), {0}};
    bool opts_ok = cli_options("donation receipt", &argc, argv, opts);
    int64_t id;
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "usage: thidua donation receipt DONATION_ID [--pdf FILE] [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    struct receipt rc;
    int status = 1;
    int64_t rid = receipt_issue(s, &a, &me, id, &rc, &fe);
    if (rid < 0) fprintf(stderr, "thidua donation receipt: %s\n", store_errmsg(s));
    else if (!rid) print_errors("donation receipt", &fe);
    else {
        if (json) cli_print_json(json_pack("{s:I, s:I, s:i, s:I}", "id", (json_int_t)rc.id, "donation_id", (json_int_t)rc.donation_id,
                                       "year", rc.year, "number", (json_int_t)rc.number));
        else printf("receipt %lld: number %lld/%d\n", (long long)rc.id, (long long)rc.number, rc.year);
        status = 0;
        if (pdf_path) {
            buf pdf = {0};
            char err[200];
            FILE *f = NULL;
            if (receipt_pdf(s, &a, rid, &pdf, err, sizeof err) != 0 || !(f = fopen(pdf_path, "wb")) ||
                fwrite(pdf.data, 1, pdf.len, f) != pdf.len) {
                fprintf(stderr, "thidua donation receipt: %s: %s\n", pdf_path, f ? strerror(errno) : err);
                status = 1;
            }
            if (f && fclose(f) != 0) status = 1;
            buf_free(&pdf);
        }
    }
    arena_free(&a);
    store_close(s);
    return status;
}

/* ---- thidua donation review list|accept|reject ---- */

/* Every item of the filter, read page by page (nothing is capped): a line each, or one JSON array. */
static int review_list_cmd(int argc, char **argv)
{
    const char *fund = NULL, *kind = NULL, *state_text = NULL;
    bool json = false, all = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true), CLI_TEXT("kind", &kind), CLI_TEXT("state", &state_text),
        CLI_FLAG("all", &all), CLI_FLAG("json", &json), {0}};
    bool opts_ok = cli_options("donation review list", &argc, argv, opts);
    struct review_filter filter = {.kind = kind, .limit = 1000};
    bool filter_ok = true;
    if (!fund_review_state_read(all && !state_text ? "all" : state_text, &filter.state)) {
        fprintf(stderr, "thidua donation review list: --state %s: open, decided or all\n", state_text);
        filter_ok = false;
    }
    if (kind && !str_eq(kind, "statement_match") && !str_eq(kind, "donor_match")) {
        fprintf(stderr, "thidua donation review list: --kind %s: statement_match or donor_match\n", kind);
        filter_ok = false;
    }
    if (!opts_ok || !filter_ok || positional(argc, argv) != 1) {
        fprintf(stderr, "usage: thidua donation review list --fund FUND [--kind statement_match|donor_match]"
                        " [--state open|decided|all] [--all] [--json] --db FILE\n");
        return 2;
    }
    arena a = {0};
    store *s = open_with_fund(&argc, argv, &a, "donation review list", fund, &filter.fund_id);
    if (!s) { arena_free(&a); return 1; }
    int rc = 1;
    json_t *arr = json_array();
    struct review_page page = {.more_after = true};
    while (page.more_after) {
        arena pa = {0};
        if (fund_review_page(s, &pa, &filter, &page) < 0) {
            fprintf(stderr, "thidua donation review list: %s\n", store_errmsg(s));
            arena_free(&pa);
            goto out;
        }
        for (int i = 0; i < page.n; i++) {
            const struct fund_review_item *v = &page.items[i];
            if (json) { json_array_append_new(arr, fund_review_json(v, false)); continue; }
            bool match = str_eq(v->kind, "statement_match");
            printf("%lld\t%s\t%s\t#%lld %s %s %lld\t%s\t%s\n", (long long)v->id, v->kind, v->state, (long long)v->donation_id,
                   v->given_on ? v->given_on : "", v->given_time ? v->given_time : "", (long long)v->amount,
                   v->message ? v->message : "",
                   match ? (v->line_message ? v->line_message : "(line text not kept)")
                         : arena_printf(&pa, "donor %lld %s", (long long)v->donor_id, v->donor_name ? v->donor_name : ""));
        }
        if (page.n) filter.after = page.items[page.n - 1].id;
        else page.more_after = false;
        arena_free(&pa);
    }
    if (json) {
        cli_print_json(arr);   /* takes the array */
        arr = NULL;
    }
    rc = 0;
out:
    json_decref(arr);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int review_decide_cmd(int argc, char **argv, bool accept)
{
    const char *what = accept ? "donation review accept" : "donation review reject";
    const char *note = NULL;
    bool json = false;
    const struct cli_opt opts[] = {CLI_TEXT("note", &note), CLI_FLAG("json", &json), {0}};
    int64_t id;
    if (!cli_options(what, &argc, argv, opts) || positional(argc, argv) != 2) {
        fprintf(stderr, "usage: thidua %s ID [--note TEXT] [--json] --db FILE\n", what);
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc != 2 || !parse_int64(argv[1], &id)) {
        fprintf(stderr, "thidua %s: '%s' is not a review item id\n", what, argc > 1 ? argv[1] : "");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t made = 0;
    int r = fund_review_decide(s, &a, &me, id, accept, note, &made, &fe);
    if (r < 0) fprintf(stderr, "thidua %s: %s\n", what, store_errmsg(s));
    else if (!r) print_errors(what, &fe);
    else {
        struct fund_review_item v;
        if (json && fund_review_get(s, &a, id, &v) == 1) cli_print_json(fund_review_json(&v, false));
        else if (made) printf("review %lld rejected: the line is donation %lld\n", (long long)id, (long long)made);
        else printf("review %lld %s\n", (long long)id, accept ? "accepted" : "rejected");
    }
    arena_free(&a);
    store_close(s);
    return r == 1 ? 0 : 1;
}

static int review_accept_cmd(int argc, char **argv) { return review_decide_cmd(argc, argv, true); }
static int review_reject_cmd(int argc, char **argv) { return review_decide_cmd(argc, argv, false); }

static const struct cli_cmd review_cmds[] = {
    {"list", review_list_cmd, "--fund FUND [--kind K] [--state open|decided|all] [--all] [--json]",
     "uncertain matches waiting for a person (--all: decided too), every one"},
    {"accept", review_accept_cmd, "ID [--note TEXT]",
     "the same transfer (statement match) / this donor's gift (donor match)"},
    {"reject", review_reject_cmd, "ID [--note TEXT]",
     "a distinct transfer: the line becomes its own donation / not this donor"},
    {0},
};

static int donation_review_cmd(int argc, char **argv) { return cli_dispatch("donation review", review_cmds, argc, argv); }

static const struct cli_cmd donation_cmds[] = {
    {"import", donation_import_cmd, "import --fund FUND (--profile NAME | --map SPEC) [--year YYYY] FILE…",
     "bank statements (CSV or .csv.gz): atomic, idempotent, overlapping statements reconciled"},
    {"search", donation_search_cmd, "search --fund FUND [QUERY] [--json]", "search donations (masked as the public sees them)"},
    {"add", donation_add_cmd, "add --fund FUND --amount N --on DATE [--donor D] [--channel C]", "record one donation"},
    {"reverse", donation_reverse_cmd, "reverse ID --on DATE --reason TEXT", "mark a returned transfer"},
    {"receipt", donation_receipt_cmd, "receipt ID [--pdf FILE] [--json]", "issue (or find) the donation's numbered receipt"},
    {"review", donation_review_cmd, "review list|accept|reject …", "decide the uncertain matches of statement imports"},
    {0},
};

int donation_cmd(int argc, char **argv) { return cli_dispatch("donation", donation_cmds, argc, argv); }
