/* job_cmd.c: `thidua job list|show|cancel|purge`: background jobs (job.h) as the command-line
 * actor, who sees every job. Text for people, --json for scripts (the same members as /api/jobs). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "job.h"
#include "setting.h"

static json_t *row_json(const struct job_row *j)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:b, s:s?, s:s?, s:s?, s:s?}",
                          "id", (json_int_t)j->id, "kind", j->kind, "title", j->title, "state", j->state,
                          "owner", j->owner_login, "done", (json_int_t)j->done, "total", (json_int_t)j->total,
                          "stage", j->stage ? j->stage : "", "message", j->message ? j->message : "",
                          "cancel_requested", j->cancel_requested, "link", j->link, "created_at", j->created_at,
                          "started_at", j->started_at, "finished_at", j->finished_at);
    json_t *report = j->result_json ? json_loads(j->result_json, 0, NULL) : NULL;
    json_object_set_new(o, "result", report ? report : json_null());
    if (j->file_name)
        json_object_set_new(o, "file", json_pack("{s:s, s:s, s:I}", "name", j->file_name, "type", j->file_type,
                                                 "bytes", (json_int_t)j->file_bytes));
    return o;
}

static int job_list_cmd(int argc, char **argv)
{
    bool as_json = false;
    int64_t limit = 50;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), CLI_INT("limit", &limit, .min = 1, .max = 100000), {0}};
    if (!cli_options("job list", &argc, argv, opts)) {
        fprintf(stderr, "usage: thidua job list [--limit N (1–100000)] [--json] [--db FILE]\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1) {
        fprintf(stderr, "usage: thidua job list [--limit N (1–100000)] [--json] [--db FILE]\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct actor me = actor_cli(&a);
    struct job_row *rows;
    int n;
    int64_t total;
    int rc = job_list(s, &a, &me, limit, 0, &rows, &n, &total);
    if (rc < 0) {
        fprintf(stderr, "thidua job list: %s\n", store_errmsg(s));
    } else if (as_json) {
        json_t *items = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(items, row_json(&rows[i]));
        cli_print_json(json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
    } else {
        for (int i = 0; i < n; i++) {
            const struct job_row *j = &rows[i];
            printf("%lld\t%s\t%lld/%lld\t%s\t%s\t%s\n", (long long)j->id, j->state, (long long)j->done, (long long)j->total,
                   j->owner_login, j->kind, j->title);
        }
        if (total > n) printf("(%lld of %lld; --limit N for more)\n", (long long)n, (long long)total);
    }
    arena_free(&a);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static int job_show_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    if (!cli_options("job show", &argc, argv, opts)) { fprintf(stderr, "usage: thidua job show ID [--json] [--db FILE]\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id = 0;
    if (argc != 2 || !parse_int64(argv[1], &id) || id < 1) {
        fprintf(stderr, "usage: thidua job show ID [--json] [--db FILE]\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct job_row j;
    int rc = job_get(s, &a, id, &j);
    if (rc < 0) fprintf(stderr, "thidua job show: %s\n", store_errmsg(s));
    else if (!rc) fprintf(stderr, "thidua job show: no job %lld\n", (long long)id);
    else if (as_json) cli_print_json(row_json(&j));
    else {
        printf("job %lld: %s\nkind: %s\nowner: %s\nstate: %s (%s)\nprogress: %lld/%lld %s\n", (long long)j.id, j.title, j.kind,
               j.owner_login, j.state, job_state_label(j.state), (long long)j.done, (long long)j.total, j.stage ? j.stage : "");
        if (j.message && *j.message) printf("message: %s\n", j.message);
        printf("created: %s\n", j.created_at);
        if (j.started_at) printf("started: %s\n", j.started_at);
        if (j.finished_at) printf("finished: %s\n", j.finished_at);
        if (j.result_json) printf("result: %s\n", j.result_json);
        if (j.file_name) printf("file: %s (%s, %lld bytes)\n", j.file_name, j.file_type, (long long)j.file_bytes);
    }
    arena_free(&a);
    store_close(s);
    return rc == 1 ? 0 : 1;
}

static int job_cancel_cmd(int argc, char **argv)
{
    if (!cli_no_options("job cancel", &argc, argv)) { fprintf(stderr, "usage: thidua job cancel ID [--db FILE]\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t id = 0;
    if (argc != 2 || !parse_int64(argv[1], &id) || id < 1) {
        fprintf(stderr, "usage: thidua job cancel ID [--db FILE]\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct actor me = actor_cli(&a);
    int rc = job_cancel(s, &me, id);
    if (rc == JOB_NOT_FOUND) fprintf(stderr, "thidua job cancel: no job %lld\n", (long long)id);
    else if (rc == JOB_NOT_ACTIVE) fprintf(stderr, "thidua job cancel: job %lld has already ended\n", (long long)id);
    else if (rc < 0) fprintf(stderr, "thidua job cancel: %s\n", store_errmsg(s));
    else printf("job %lld: cancel requested; it stops at its next check\n", (long long)id);
    arena_free(&a);
    store_close(s);
    return rc == 0 ? 0 : 1;
}

/* Purges finished jobs older than --older-than DAYS (default: the setting job.keep_days); with
 * --dry-run it only says what would go. Running and queued jobs are never touched. */
static int job_purge_cmd(int argc, char **argv)
{
    bool dry_run = false, as_json = false, days_given = false;
    int64_t days = 0;
    const struct cli_opt opts[] = {
        CLI_INT("older-than", &days, .min = 0, .max = 36500, .given = &days_given),
        CLI_FLAG("dry-run", &dry_run),
        CLI_FLAG("json", &as_json),
        {0}};
    bool opts_ok = cli_options("job purge", &argc, argv, opts);
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (!opts_ok || argc > 1) {
        fprintf(stderr, "usage: thidua job purge [--older-than DAYS (0–36500)] [--dry-run] [--json] [--db FILE]\n");
        store_close(s);
        return 2;
    }
    if (!days_given) days = setting_int(s, "job.keep_days");
    arena a = {0};
    struct actor me = actor_cli(&a);
    struct job_purge_counts c;
    int rc = job_purge(s, &me, days, dry_run, &c);
    if (rc < 0) {
        fprintf(stderr, "thidua job purge: %s\n", store_errmsg(s));
    } else if (as_json) {
        cli_print_json(json_pack("{s:b, s:I, s:s, s:I, s:I, s:I, s:I, s:I}", "dry_run", dry_run,
                                 "older_than_days", (json_int_t)days, "before", c.before, "jobs", (json_int_t)c.jobs,
                                 "files", (json_int_t)c.files, "bytes", (json_int_t)c.bytes,
                                 "stored_files", (json_int_t)c.stored_files, "stored_kept", (json_int_t)c.stored_kept));
    } else {
        printf("%s %lld finished job(s) that ended before %s (older than %lld days): %lld result file(s), %lld bytes;"
               " %lld stored file(s) deleted, %lld kept (used elsewhere)\n",
               dry_run ? "would purge" : "purged", (long long)c.jobs, c.before, (long long)days, (long long)c.files,
               (long long)c.bytes, (long long)c.stored_files, (long long)c.stored_kept);
    }
    arena_free(&a);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static const struct cli_cmd job_cmds[] = {
    {"list", job_list_cmd, "[--limit N] [--json]", "background jobs, newest first"},
    {"show", job_show_cmd, "ID [--json]", "one job: state, progress, message, result"},
    {"cancel", job_cancel_cmd, "ID", "ask a queued or running job to stop (audited)"},
    {"purge", job_purge_cmd, "[--older-than DAYS] [--dry-run] [--json]",
     "delete finished jobs older than DAYS (default: setting job.keep_days) with their results (audited)"},
    {0},
};

int job_cmd(int argc, char **argv) { return cli_dispatch("job", job_cmds, argc, argv); }
