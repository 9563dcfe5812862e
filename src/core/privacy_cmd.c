/* privacy_cmd.c: `thidua privacy erase|purge|mask`: the command-line face of erasure and
 * purge (privacy.c) and of the masking rules (pii.c), for an operator answering a person's
 * request or checking what a role without pii.read sees. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "privacy.h"
#include "vn_calendar.h"

/* ---- CLI ---- */
static int erase_cmd(int argc, char **argv)
{
    const char *entity = NULL, *reason = NULL;
    int64_t id = 0;
    const struct cli_opt opts[] = {
        CLI_TEXT("entity", &entity, .required = true),
        CLI_INT("id", &id, .required = true, .min = 1, .max = INT64_MAX),
        CLI_TEXT("reason", &reason),
        {0}};
    bool opts_ok = cli_options("privacy erase", &argc, argv, opts);
    const char *path = cli_db_path(&argc, argv);
    if (!opts_ok || argc != 1) {
        fprintf(stderr, "usage: thidua privacy erase --db FILE --entity user --id N [--reason TEXT]\n");
        return 2;
    }
    store *s = cli_open_existing_db("privacy erase", path, true);
    if (!s) return 1;
    arena a = {0};
    char err[512];
    json_t *summary = NULL;
    int rc = privacy_erase(s, 0, cli_actor(&a), entity, id, reason, &summary, err, sizeof err);
    if (rc != 0) fprintf(stderr, "thidua privacy erase: %s\n", err);
    else {
        printf("erased %s %lld: %zu field(s), %lld vault value(s)\n", entity, (long long)id,
               json_array_size(json_object_get(summary, "fields")),
               (long long)json_integer_value(json_object_get(summary, "vault_values")));
    }
    json_decref(summary);
    arena_free(&a);
    store_close(s);
    return rc ? 1 : 0;
}

static int purge_cmd(int argc, char **argv)
{
    const char *before = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("before", &before, .required = true), {0}};
    bool opts_ok = cli_options("privacy purge", &argc, argv, opts);
    const char *path = cli_db_path(&argc, argv);
    if (!opts_ok || argc != 1) {
        fprintf(stderr, "usage: thidua privacy purge --db FILE --before YYYY-MM-DD\n");
        return 2;
    }
    struct vn_date_parsed day;
    struct vn_error verr;
    char iso[48];
    /* A real calendar day (vn_date_parse knows the months and leap years), written ISO. */
    if (vn_date_parse(before, NULL, 0, &day, &verr) != 0 || day.kind != VN_DATE_DAY ||
        vn_date_format(day.date, VN_DATE_ISO, iso, sizeof iso) != 0 || strcmp(iso, before) != 0) {
        fprintf(stderr, "thidua privacy purge: --before wants a date YYYY-MM-DD (got '%s')\n", before);
        return 2;
    }
    store *s = cli_open_existing_db("privacy purge", path, true);
    if (!s) return 1;
    arena a = {0};
    char err[512];
    int64_t n = privacy_purge(s, 0, cli_actor(&a), before, err, sizeof err);
    if (n < 0) fprintf(stderr, "thidua privacy purge: %s\n", err);
    else printf("purged %lld vault value(s) unused since before %s\n", (long long)n, before);
    arena_free(&a);
    store_close(s);
    return n < 0 ? 1 : 0;
}

static int mask_cmd(int argc, char **argv)
{
    const char *kind_name = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("kind", &kind_name), {0}};
    bool opts_ok = cli_options("privacy mask", &argc, argv, opts);
    static const struct { const char *name; enum pii_kind kind; } kinds[] = {
        {"phone", PII_PHONE}, {"citizen_id", PII_CITIZEN_ID}, {"account", PII_ACCOUNT},
        {"birthdate", PII_BIRTHDATE}, {"email", PII_EMAIL}, {"text", PII_TEXT},
    };
    enum pii_kind kind = PII_NONE;
    for (size_t i = 0; i < countof(kinds); i++)
        if (str_eq(kind_name ? kind_name : "text", kinds[i].name)) kind = kinds[i].kind;
    if (!opts_ok || argc < 2 || kind == PII_NONE) {
        fprintf(stderr, "usage: thidua privacy mask [--kind phone|citizen_id|account|birthdate|email|text] VALUE…\n");
        return 2;
    }
    arena a = {0};
    for (int i = 1; i < argc; i++) puts(privacy_mask(&a, kind, argv[i]));
    arena_free(&a);
    return 0;
}

const struct cli_cmd privacy_cmds[] = {
    {"erase", erase_cmd, "--db FILE --entity user --id N [--reason TEXT]",
     "anonymise a person: overwrite their personal fields and vault values, record the erasure"},
    {"purge", purge_cmd, "--db FILE --before YYYY-MM-DD",
     "retention: erase vault values no audit entry has used since before the date"},
    {"mask", mask_cmd, "[--kind phone|citizen_id|account|birthdate|email|text] VALUE…",
     "print values as roles without pii.read see them"},
    {0},
};

int privacy_cmd(int argc, char **argv) { return cli_dispatch("privacy", privacy_cmds, argc, argv); }
