/* job.h: long work outside the request — a million statement lines, 500 certificates, a
 * campaign recomputed. A job has an owner, a kind, a state (queued, running, done, failed,
 * cancelled), progress (done of total, a stage text) and a result: a JSON report and/or a file.
 * Jobs live in the database (so `thidua job list|show` and every server see them); the server
 * runs them in a worker thread with its own store connection; the command line runs them in the
 * foreground with a progress bar on a terminal. The job page (/jobs/{id}) shows a progress bar
 * and refreshes itself without JavaScript. A server that stops marks its running jobs failed
 * when it starts again. Finished jobs are kept job.keep_days days, then purged (job_purge). */
#ifndef THIDUA_JOB_H
#define THIDUA_JOB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "actor.h"
#include "store.h"

struct job_ctx;
/* The work: returns 0 (done) or -1 (failed, with job_fail's message). It reports progress and
 * may be cancelled; it uses job_store(jc) for the database. */
typedef int (*job_fn)(struct job_ctx *jc, void *arg);

struct job_spec {
    const char *kind;          /* "donation.import", "certificate.print" … */
    const char *title;         /* Vietnamese, for the list and the page */
    job_fn run;
    void *arg;
    void (*free_arg)(void *arg);   /* called once when the job ends; may be NULL */
    const char *link;          /* the page the result belongs to (e.g. "/funds/3"), or NULL */
};
/* Starts a job as the actor. In the server (job_set_runner was called) it runs in the background
 * and this returns at once; elsewhere it runs now, drawing progress on stderr when it is a
 * terminal. Returns the job id (> 0) or -1. Call it outside any transaction (the runner must see
 * the job's row committed): inside one it returns -1 and logs why. The spec's strings are
 * copied; arg belongs to the job from here on (free_arg is called even when this fails). */
int64_t job_start(store *s, const struct actor *ac, const struct job_spec *spec);
/* Called by the server at start: background jobs open their own connection with `open_db`.
 * First marks the jobs of dead runners failed (job_recover), then starts max_parallel worker
 * threads. */
void job_set_runner(store *(*open_db)(void), int max_parallel);
void job_wait_all(void);       /* until no job is queued or running here (tests) */
/* At the server's stop: job_cancelled turns true for every job of this process, the workers
 * end, and whatever did not finish is failed with "máy chủ dừng khi đang chạy". Back to
 * foreground mode afterwards. */
void job_stop_runner(void);
/* The dead-server rule: jobs queued or running under a runner that no longer exists are
 * failed with "máy chủ dừng khi đang chạy". A runner on this host is dead when its process is
 * gone (or is this very process, which has just started); on another host when its heartbeat is
 * older than JOB_HEARTBEAT_STALE_S. Returns how many were failed, or -1. */
int job_recover(store *s);
#define JOB_HEARTBEAT_STALE_S 120
#define JOB_DEAD_MESSAGE "máy chủ dừng khi đang chạy"

store *job_store(struct job_ctx *jc);
const struct actor *job_actor(struct job_ctx *jc);
int64_t job_id(struct job_ctx *jc);
/* Progress: done of total (total 0: unknown) with a stage text; written to the database at most
 * a few times per second. */
void job_progress(struct job_ctx *jc, int64_t done, int64_t total, const char *stage);
bool job_cancelled(struct job_ctx *jc);
void job_fail(struct job_ctx *jc, const char *message);
/* The result: a JSON report (the job takes the reference) and/or a file to download. */
void job_result_json(struct job_ctx *jc, json_t *report);
void job_result_file(struct job_ctx *jc, const char *name, const char *content_type, const void *data, size_t len);
/* How many times job_progress wrote to the database (the throttle's test). */
int job_progress_writes(struct job_ctx *jc);
/* Progress is written at most once per JOB_PROGRESS_INTERVAL_MS, and only while the job's
 * connection holds no transaction (inside one the row would be invisible and the write would
 * wait for the job's own lock): a job that wants a live bar commits in batches. */
#define JOB_PROGRESS_INTERVAL_MS 250

/* ---- reading jobs (pages, API, CLI) ---- */
struct job_row {
    int64_t id, owner_id;
    const char *owner_login, *kind, *title, *state;   /* state: queued running done failed cancelled */
    int64_t done, total;
    const char *stage, *message, *result_json, *link;
    const char *created_at, *started_at, *finished_at; /* ISO UTC; NULL when not yet */
    bool cancel_requested;
    const char *file_name, *file_type;                 /* NULL: no result file */
    int64_t file_bytes;
};
/* One job into the arena: 1 found, 0 none, < 0 store error. */
int job_get(store *s, arena *a, int64_t id, struct job_row *out);
/* Jobs newest first: the actor's own, or everyone's for an administrator (capability settings).
 * *rows in the arena; *total counts every match. 0 or < 0. */
int job_list(store *s, arena *a, const struct actor *ac, int64_t limit, int64_t offset,
             struct job_row **rows, int *n, int64_t *total);
/* Whether the actor may see (and cancel, and download) the job: its owner or an administrator. */
bool job_visible(const struct actor *ac, const struct job_row *j);
bool job_active(const struct job_row *j);       /* queued or running */
/* The result file's bytes, copied into the arena: 1, 0 none, < 0 error. */
int job_file_read(store *s, arena *a, int64_t id, const void **data, size_t *len);
/* Asks a queued or running job to stop, as the actor (owner or administrator), audited. 0 ok,
 * JOB_NOT_FOUND (none, or not visible to the actor), JOB_NOT_ACTIVE (already ended), or
 * STORE_ERR. The job ends as 'cancelled' when it next checks job_cancelled. */
int job_cancel(store *s, const struct actor *ac, int64_t id);
enum { JOB_NOT_FOUND = -10, JOB_NOT_ACTIVE = -11 };
const char *job_state_label(const char *state);   /* "Đang chạy" … */

/* ---- retention ----
 * Finished jobs (done, failed, cancelled) whose end (finished_at; created_at when it is missing)
 * is older than `older_than_days` days are deleted with what their result holds: the report
 * (result_json), the job's own result file (job_file: a copy that lives and dies with its job),
 * and the stored files attached to the job (owner kind JOB_FILE_OWNER), which are detached and
 * deleted only when no other record still uses them. A queued or running job is never purged,
 * however old. The default age is the setting job.keep_days; `thidua serve` purges at start and
 * the runner every JOB_PURGE_INTERVAL_S. The actor needs the capability settings; one audit entry
 * (action "purge") records the counts. With dry_run nothing is written: the counts say what would
 * go. 0 ok (counts in *out), JOB_NO_RIGHT, or STORE_ERR. */
struct job_purge_counts {
    int64_t jobs;              /* job rows */
    int64_t files, bytes;      /* job_file rows and their bytes */
    int64_t stored_files;      /* stored files deleted (attached to purged jobs only) */
    int64_t stored_kept;       /* stored files detached but kept: another record uses them */
    char before[21];           /* the cut-off: jobs that ended before this ISO time */
};
int job_purge(store *s, const struct actor *ac, int64_t older_than_days, bool dry_run, struct job_purge_counts *out);
/* job_purge as the system with job.keep_days, logging what went (the server's start and runner). */
void job_purge_expired(store *s);
/* How often the runner purges (seconds); tests shorten it before job_set_runner. */
void job_set_purge_interval(int64_t seconds);
#define JOB_PURGE_INTERVAL_S 3600
#define JOB_FILE_OWNER "job"
enum { JOB_NO_RIGHT = -12 };

int job_cmd(int argc, char **argv);    /* thidua job list|show|cancel|purge (job_cmd.c) */
#endif
