/* audit_cmd.c: `thidua audit head|verify|list`: the command-line face of the audit log, for
 * the operator who keeps the anchor outside the database and checks the chain against it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"

static int head_cmd(int argc, char **argv)
{
    bool opts_ok = cli_no_options("audit head", &argc, argv);
    const char *path = cli_db_path(&argc, argv);
    if (!opts_ok || argc != 1) { fprintf(stderr, "usage: thidua audit head --db FILE\n"); return 2; }
    store *s = cli_open_existing_db("audit head", path, false);
    if (!s) return 1;
    int64_t id;
    char hash[65];
    int rc = audit_head(s, &id, hash);
    if (rc < 0) fprintf(stderr, "thidua audit head: %s: %s\n", path, store_errmsg(s));
    else printf("%lld:%s\n", (long long)id, hash);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static int verify_cmd(int argc, char **argv)
{
    const char *anchor = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("anchor", &anchor), {0}};
    bool opts_ok = cli_options("audit verify", &argc, argv, opts);
    const char *path = cli_db_path(&argc, argv);
    if (!opts_ok || argc != 1) { fprintf(stderr, "usage: thidua audit verify --db FILE [--anchor ID:HASH]\n"); return 2; }
    int64_t aid;
    char ah[65];
    if (anchor && !audit_parse_anchor(anchor, &aid, ah)) {
        fprintf(stderr, "thidua audit verify: --anchor wants ID:HASH (a row id, a colon, 64 hex digits), got '%s'\n",
                anchor);
        return 2;
    }
    store *s = cli_open_existing_db("audit verify", path, false);
    if (!s) return 1;
    struct audit_report *rep = xcalloc(1, sizeof *rep);
    int rc = audit_verify(s, anchor, rep);
    int status = 0;
    if (rc < 0) {
        fprintf(stderr, "thidua audit verify: %s: %s\n", path, store_errmsg(s));
        status = 1;
    } else if (rep->n == 0) {
        printf("ok: %lld rows, chain intact%s; head %lld:%s\n", (long long)rep->rows,
               rep->anchor_checked ? ", matches the anchor" : "", (long long)rep->head_id, rep->head_hash);
    } else {
        arena a = {0};
        printf("FAILED: %lld problem(s) in %lld rows of %s\n", (long long)(rep->n + rep->more),
               (long long)rep->rows, path);
        for (int i = 0; i < rep->n; i++) printf("  %s\n", audit_problem_text(&a, &rep->problems[i], false));
        if (rep->more) printf("  … and %lld more\n", (long long)rep->more);
        arena_free(&a);
        status = 1;
    }
    free(rep);
    store_close(s);
    return status;
}

static int list_cmd(int argc, char **argv)
{
    struct audit_filter f = {0};
    const char *since = NULL, *until = NULL;
    int64_t l = 50;
    bool as_json = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("entity", &f.entity),
        CLI_TEXT("action", &f.action),
        CLI_TEXT("user", &f.user),
        CLI_TEXT("id", &f.entity_id),
        CLI_TEXT("since", &since),
        CLI_TEXT("until", &until),
        CLI_INT("limit", &l, .min = 1, .max = 1000000),
        CLI_FLAG("json", &as_json),
        {0}};
    bool opts_ok = cli_options("audit list", &argc, argv, opts);
    const char *path = cli_db_path(&argc, argv);
    if (!opts_ok || argc != 1) {
        fprintf(stderr, "usage: thidua audit list --db FILE [--entity E] [--id ID] [--action A] [--user LOGIN]"
                        " [--since DATE] [--until DATE] [--limit N] [--json]\n");
        return 2;
    }
    char from[21], to[21];
    if (since) {
        if (!audit_day_bound(since, false, from)) {
            fprintf(stderr, "thidua audit list: --since wants a date YYYY-MM-DD or dd/mm/yyyy (got '%s')\n", since);
            return 2;
        }
        f.from_at = from;
    }
    if (until) {
        if (!audit_day_bound(until, true, to)) {
            fprintf(stderr, "thidua audit list: --until wants a date YYYY-MM-DD or dd/mm/yyyy (got '%s')\n", until);
            return 2;
        }
        f.to_at = to;
    }
    f.limit = (int)l;
    store *s = cli_open_existing_db("audit list", path, false);
    if (!s) return 1;
    arena a = {0};
    struct audit_row *rows = NULL;
    int n = audit_list(s, &f, &a, &rows);
    if (n < 0) {
        fprintf(stderr, "thidua audit list: %s: %s\n", path, store_errmsg(s));
    } else if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, audit_row_json(&rows[i]));
        char *text = json_dumps(arr, JSON_COMPACT);
        puts(text ? text : "[]");
        free(text);
        json_decref(arr);
    } else {
        /* Newest first, one line each: id, UTC time, who, what; then the change as compact
         * JSON in UTF-8 (the stored form escapes non-ASCII, which nobody can read). */
        for (int i = 0; i < n; i++) {
            const struct audit_row *r = &rows[i];
            printf("%lld\t%s\t%s\t%s\t%s%s%s", (long long)r->id, r->at, r->user_login ? r->user_login : "-",
                   r->action, r->entity, r->entity_id ? "#" : "", r->entity_id ? r->entity_id : "");
            const char *texts[2] = {r->before_json, r->after_json}, *names[2] = {"before", "after"};
            for (int k = 0; k < 2; k++) {
                if (!texts[k]) continue;
                json_t *j = audit_json_parse(texts[k]);
                char *u = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
                printf("\t%s=%s", names[k], u ? u : texts[k]);
                free(u);
                json_decref(j);
            }
            putchar('\n');
        }
    }
    arena_free(&a);
    store_close(s);
    return n < 0 ? 1 : 0;
}

const struct cli_cmd audit_cmds[] = {
    {"head", head_cmd, "--db FILE", "print the latest row as ID:HASH, the anchor to keep outside the database"},
    {"verify", verify_cmd, "--db FILE [--anchor ID:HASH]",
     "check the hash chain (and, with an anchor, that nothing was re-hashed or cut off); exit 1 on any problem"},
    {"list", list_cmd, "--db FILE [--entity E] [--id ID] [--action A] [--user LOGIN] [--since DATE] [--until DATE]"
                       " [--limit N] [--json]", "list audit entries, newest first"},
    {0},
};

int audit_cmd(int argc, char **argv) { return cli_dispatch("audit", audit_cmds, argc, argv); }
