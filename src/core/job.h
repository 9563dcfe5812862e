/* job.h: long work outside the request — a million statement lines, 500 certificates, a
 * campaign recomputed. A job has an owner, a kind, a state (queued, running, done, failed,
 * cancelled), progress (done of total, a stage text) and a result: a JSON report and/or a file.
 * Jobs live in the database (so `thidua job list|show` and every server see them); the server
 * runs them in a worker thread with its own store connection; the command line runs them in the
 * foreground with a progress bar on a terminal. The job page (/jobs/{id}) shows a progress bar
 * and refreshes itself without JavaScript. A server that stops marks its running jobs failed
 * when it starts again. */
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
 * terminal. Returns the job id (> 0) or -1. */
int64_t job_start(store *s, const struct actor *ac, const struct job_spec *spec);
/* Called by the server at start: background jobs open their own connection with `open_db`. */
void job_set_runner(store *(*open_db)(void), int max_parallel);
void job_wait_all(void);       /* at shutdown and in tests */

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
#endif
