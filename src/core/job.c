/* job.c: background jobs (job.h): the job table's rows, the runner (a queue and worker threads in
 * `thidua serve`, the foreground with a terminal progress bar elsewhere), progress throttling,
 * cancellation, results, the dead-server rule, and reading jobs for the pages and the CLI.
 *
 * Why the work itself is not in the database: a job is a C function with its argument, which
 * only the process that started it holds. So a queued job belongs to one process (its `runner`,
 * host:pid), and when that process dies its queued and running jobs can never finish: the next
 * server to start fails them (job_recover) instead of leaving a bar that spins for ever.
 *
 * Cancellation is seen two ways: in this process through a flag in the running job's context
 * (the page's cancel runs in the same server), and from elsewhere (`thidua job cancel`, another
 * server) through the row's cancel_requested, read at most every JOB_PROGRESS_INTERVAL_MS.
 *
 * Progress, heartbeats and cancel checks go through a second connection of the job's own (the
 * "meta" connection), never the job's: a write on the job's connection would end the read
 * snapshot an import checks its lines in, and a read there would see that snapshot, not a cancel
 * committed since. While the job's connection holds a write transaction the meta connection
 * would only wait for the job's own lock, so progress is then kept in memory until it ends.
 *
 * Retention: finished jobs older than job.keep_days are purged at the server's start and by an
 * idle worker every purge interval (the workers' wait is timed for it), so a server that runs for
 * months keeps neither the rows nor the result files of its old jobs. */
#include "job.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "setting.h"

struct job_ctx {
    int64_t id;
    store *s;
    store *meta;               /* progress, heartbeat, cancel checks (opened at the first need) */
    bool meta_failed;
    struct actor who;          /* a copy: the request that started the job is long gone */
    char *login;
    _Atomic bool cancel;       /* asked in this process (job_cancel, or the server stopping) */
    bool cancel_seen_in_db;
    int64_t done, total;
    char stage[256];
    char message[512];
    json_t *report;
    char *file_name, *file_type;
    void *file_data;
    size_t file_len;
    int64_t last_write_ms, last_cancel_check_ms, last_draw_ms;
    int writes;
    bool draw;                 /* foreground on a terminal: a bar on stderr */
};

struct pending {               /* a queued job of this process */
    struct pending *next;
    struct job_ctx *jc;
    char *kind, *title;
    job_fn run;
    void *arg;
    void (*free_arg)(void *arg);
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static struct pending *queue_head, *queue_tail;
static struct job_ctx *running[64];          /* this process's running jobs, for job_cancel */
static int n_busy;                            /* queued + running here */
static bool runner_on;
static _Atomic bool stopping;   /* read by running jobs without the lock */
static store *(*runner_open_db)(void);
static pthread_t workers[16];
static int n_workers;
static int64_t purge_interval_s = JOB_PURGE_INTERVAL_S;
static int64_t next_purge_ms;   /* under mu: when an idle worker purges next */

/* ---- small helpers ---- */
static void now_iso(char out[21]) { iso_time(now_unix(), out); }

static const char *self_runner(char out[300])
{
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0) snprintf(host, sizeof host, "unknown");
    snprintf(out, 300, "%s:%ld", host, (long)getpid());
    return out;
}

static struct job_ctx *ctx_new(store *s, const struct actor *ac)
{
    struct job_ctx *jc = xcalloc(1, sizeof *jc);
    jc->s = s;
    jc->who = *ac;
    jc->login = xstrdup(ac->login ? ac->login : "");
    jc->who.login = jc->login;
    return jc;
}

static void ctx_free(struct job_ctx *jc)
{
    if (!jc) return;
    store_close(jc->meta);
    json_decref(jc->report);
    free(jc->file_name);
    free(jc->file_type);
    free(jc->file_data);
    free(jc->login);
    free(jc);
}

store *job_store(struct job_ctx *jc) { return jc->s; }
const struct actor *job_actor(struct job_ctx *jc) { return &jc->who; }
int64_t job_id(struct job_ctx *jc) { return jc->id; }
int job_progress_writes(struct job_ctx *jc) { return jc->writes; }

static void draw_bar(struct job_ctx *jc, bool final)
{
    int64_t now = now_ms();
    if (!jc->draw || (!final && now - jc->last_draw_ms < 100)) return;
    jc->last_draw_ms = now;
    char bar[31];
    int pct = jc->total > 0 ? (int)(jc->done * 100 / jc->total) : 0;
    if (pct > 100) pct = 100;
    int filled = jc->total > 0 ? pct * 30 / 100 : 0;
    for (int i = 0; i < 30; i++) bar[i] = i < filled ? '#' : '.';
    bar[30] = 0;
    if (jc->total > 0)
        fprintf(stderr, "\r%3d%% [%s] %lld/%lld %.60s\033[K", pct, bar, (long long)jc->done, (long long)jc->total, jc->stage);
    else
        fprintf(stderr, "\r     [%s] %lld %.60s\033[K", bar, (long long)jc->done, jc->stage);
    if (final) fputc('\n', stderr);
    fflush(stderr);
}

/* The meta connection, or NULL (opening it failed once: logged, progress stays in memory). */
static store *meta_of(struct job_ctx *jc)
{
    if (!jc->meta && !jc->meta_failed) {
        char err[512];
        jc->meta = store_open(store_path(jc->s), err, sizeof err);
        if (!jc->meta) {
            jc->meta_failed = true;
            log_error("job %lld: no connection for its progress: %s", (long long)jc->id, err);
        }
    }
    return jc->meta;
}

/* Writes done/total/stage and the heartbeat unless the job's connection holds the write lock. */
static void write_progress(struct job_ctx *jc)
{
    store *m;
    if (store_tx_depth(jc->s) > 0 || !(m = meta_of(jc))) return;
    char at[21];
    now_iso(at);
    if (store_exec(m, "UPDATE job SET done=$1, total=$2, stage=$3, heartbeat_at=$4 WHERE id=$5", "iitti",
                   jc->done, jc->total, jc->stage, at, jc->id) == STORE_OK) {
        jc->writes++;
        jc->last_write_ms = now_ms();
    }
}

void job_progress(struct job_ctx *jc, int64_t done, int64_t total, const char *stage)
{
    jc->done = done;
    jc->total = total;
    if (stage) snprintf(jc->stage, sizeof jc->stage, "%s", stage);
    draw_bar(jc, false);
    if (now_ms() - jc->last_write_ms >= JOB_PROGRESS_INTERVAL_MS) write_progress(jc);
}

bool job_cancelled(struct job_ctx *jc)
{
    if (atomic_load(&jc->cancel) || jc->cancel_seen_in_db) return true;
    int64_t now = now_ms();
    store *m;
    if (now - jc->last_cancel_check_ms < JOB_PROGRESS_INTERVAL_MS || !(m = meta_of(jc))) return false;
    jc->last_cancel_check_ms = now;
    int64_t asked = 0;
    if (store_int64(m, &asked, "SELECT cancel_requested FROM job WHERE id=$1", "i", jc->id) == 1 && asked)
        jc->cancel_seen_in_db = true;
    return jc->cancel_seen_in_db;
}

void job_fail(struct job_ctx *jc, const char *message)
{
    snprintf(jc->message, sizeof jc->message, "%s", message ? message : "");
}

void job_result_json(struct job_ctx *jc, json_t *report)
{
    json_decref(jc->report);
    jc->report = report;
}

void job_result_file(struct job_ctx *jc, const char *name, const char *content_type, const void *data, size_t len)
{
    free(jc->file_name);
    free(jc->file_type);
    free(jc->file_data);
    jc->file_name = xstrdup(name ? name : "ket-qua");
    jc->file_type = xstrdup(content_type ? content_type : "application/octet-stream");
    jc->file_data = xmalloc(len ? len : 1);
    if (len) memcpy(jc->file_data, data, len);
    jc->file_len = len;
}

/* The end of a job: its state, last progress, message and result, in one transaction. */
static void finish(struct job_ctx *jc, const char *state)
{
    store *s = jc->s;
    while (store_tx_depth(s) > 0) {
        log_error("job %lld: its function left a transaction open; rolled back", (long long)jc->id);
        store_rollback(s);
        state = "failed";
        if (!jc->message[0]) snprintf(jc->message, sizeof jc->message, "Lỗi chương trình: việc để dở một giao dịch.");
    }
    if (str_eq(state, "failed") && !jc->message[0]) snprintf(jc->message, sizeof jc->message, "Việc không hoàn thành (không rõ lý do).");
    if (str_eq(state, "cancelled") && !jc->message[0]) snprintf(jc->message, sizeof jc->message, "Đã hủy theo yêu cầu.");
    char at[21], *report = jc->report ? json_dumps(jc->report, JSON_COMPACT) : NULL;
    now_iso(at);
    int rc = store_begin(s);
    if (rc == STORE_OK)
        rc = store_exec(s, "UPDATE job SET state=$1, done=$2, total=$3, stage=$4, message=$5, result_json=$6,"
                           " finished_at=$7, heartbeat_at=$7 WHERE id=$8",
                        "tiittt" "ti", state, jc->done, jc->total, jc->stage, jc->message, report, at, jc->id);
    if (rc == STORE_OK && jc->file_name) {
        stmt *q = store_prepare(s, "INSERT INTO job_file(job_id, name, content_type, bytes, content) VALUES ($1,$2,$3,$4,$5)");
        rc = q && stmt_bind_int64(q, 1, jc->id) == STORE_OK && stmt_bind_text(q, 2, jc->file_name) == STORE_OK &&
                     stmt_bind_text(q, 3, jc->file_type) == STORE_OK && stmt_bind_int64(q, 4, (int64_t)jc->file_len) == STORE_OK &&
                     stmt_bind_blob(q, 5, jc->file_data, jc->file_len) == STORE_OK && stmt_step(q) == STORE_DONE
                 ? STORE_OK : STORE_ERR;
        stmt_finalize(q);
    }
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) {
        log_error("job %lld: cannot record its end (%s): %s", (long long)jc->id, state, store_errmsg(s));
        store_rollback(s);
        /* The result could not be stored (too large, disk full): the job still ends, failed. */
        store_exec(s, "UPDATE job SET state='failed', message=$1, finished_at=$2 WHERE id=$3", "tti",
                   "Không lưu được kết quả của việc vào cơ sở dữ liệu.", at, jc->id);
    }
    free(report);
}

/* Runs one claimed job to its end. */
static void run_job(struct job_ctx *jc, job_fn run, void *arg)
{
    int rc = run(jc, arg);
    bool cancelled = atomic_load(&jc->cancel) || jc->cancel_seen_in_db;
    const char *state = rc == 0 ? "done" : cancelled ? "cancelled" : "failed";
    if (rc != 0 && stopping && !jc->cancel_seen_in_db) {
        state = "failed";
        snprintf(jc->message, sizeof jc->message, "%s", JOB_DEAD_MESSAGE);
    }
    finish(jc, state);
    draw_bar(jc, true);
}

/* ---- starting ---- */
static int64_t insert_row(store *s, const struct actor *ac, const struct job_spec *spec, const char *state)
{
    char at[21], runner[300];
    now_iso(at);
    self_runner(runner);
    int64_t id = 0;
    bool running_now = str_eq(state, "running");
    if (store_int64(s, &id,
                    "INSERT INTO job(owner_id, owner_login, kind, title, state, link, runner, heartbeat_at, created_at, started_at)"
                    " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8,$9) RETURNING id",
                    "ittttttt" "t", ac->user_id, ac->login ? ac->login : "", spec->kind, spec->title, state, spec->link,
                    runner, at, running_now ? at : NULL) != 1)
        return -1;
    return id;
}

int64_t job_start(store *s, const struct actor *ac, const struct job_spec *spec)
{
    if (!spec || !spec->run || !spec->kind || !spec->title) {
        if (spec && spec->free_arg) spec->free_arg(spec->arg);
        return -1;
    }
    if (store_tx_depth(s) > 0) {
        log_error("job_start(%s): called inside a transaction; the runner would not see the job", spec->kind);
        if (spec->free_arg) spec->free_arg(spec->arg);
        return -1;
    }
    pthread_mutex_lock(&mu);
    bool background = runner_on && !stopping;
    pthread_mutex_unlock(&mu);
    int64_t id = insert_row(s, ac, spec, background ? "queued" : "running");
    if (id < 0) {
        log_error("job_start(%s): %s", spec->kind, store_errmsg(s));
        if (spec->free_arg) spec->free_arg(spec->arg);
        return -1;
    }
    if (!background) {
        struct job_ctx *jc = ctx_new(s, ac);
        jc->id = id;
        jc->draw = isatty(2);
        jc->last_write_ms = now_ms();
        run_job(jc, spec->run, spec->arg);
        if (spec->free_arg) spec->free_arg(spec->arg);
        ctx_free(jc);
        return id;
    }
    struct pending *p = xcalloc(1, sizeof *p);
    p->jc = ctx_new(NULL, ac);
    p->jc->id = id;
    p->kind = xstrdup(spec->kind);
    p->title = xstrdup(spec->title);
    p->run = spec->run;
    p->arg = spec->arg;
    p->free_arg = spec->free_arg;
    pthread_mutex_lock(&mu);
    if (queue_tail) queue_tail->next = p;
    else queue_head = p;
    queue_tail = p;
    n_busy++;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&mu);
    return id;
}

/* ---- the server's runner ---- */
static void *worker_main(void *unused)
{
    (void)unused;
    store *s = runner_open_db();
    for (;;) {
        pthread_mutex_lock(&mu);
        bool purge_now = false;
        while (!queue_head && !stopping && !purge_now) {
            int64_t wait_ms = next_purge_ms - now_ms();
            if (wait_ms <= 0) {
                next_purge_ms = now_ms() + purge_interval_s * 1000;
                purge_now = true;      /* this worker purges; the others keep waiting */
                break;
            }
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += (time_t)(wait_ms / 1000);
            until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
            if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
            pthread_cond_timedwait(&changed, &mu, &until);
        }
        if (purge_now) {
            pthread_mutex_unlock(&mu);
            if (s) job_purge_expired(s);
            continue;
        }
        struct pending *p = queue_head;
        if (p) {
            queue_head = p->next;
            if (!queue_head) queue_tail = NULL;
        }
        bool stop_now = stopping;
        int slot = -1;
        if (p)
            for (int i = 0; i < (int)countof(running); i++)
                if (!running[i]) { running[i] = p->jc; slot = i; break; }
        pthread_mutex_unlock(&mu);
        if (!p) break;
        struct job_ctx *jc = p->jc;
        jc->s = s;
        char at[21];
        now_iso(at);
        if (!s) {
            log_error("job %lld: no database connection for the job runner", (long long)jc->id);
        } else if (stop_now) {
            /* Never started: the server is stopping. */
            store_exec(s, "UPDATE job SET state='failed', message=$1, finished_at=$2 WHERE id=$3 AND state='queued'",
                       "tti", JOB_DEAD_MESSAGE, at, jc->id);
        } else if (store_exec(s, "UPDATE job SET state='running', started_at=$1, heartbeat_at=$1"
                                 " WHERE id=$2 AND state='queued' AND cancel_requested=0", "ti", at, jc->id) == STORE_OK &&
                   store_changes(s) == 1) {
            jc->last_write_ms = now_ms();
            run_job(jc, p->run, p->arg);
        } else {
            /* Cancelled while it waited in the queue. */
            store_exec(s, "UPDATE job SET state='cancelled', message=$1, finished_at=$2 WHERE id=$3 AND state='queued'",
                       "tti", "Đã hủy trước khi chạy.", at, jc->id);
        }
        if (p->free_arg) p->free_arg(p->arg);
        pthread_mutex_lock(&mu);
        if (slot >= 0) running[slot] = NULL;
        n_busy--;
        pthread_cond_broadcast(&changed);
        pthread_mutex_unlock(&mu);
        ctx_free(jc);
        free(p->kind);
        free(p->title);
        free(p);
    }
    store_close(s);
    return NULL;
}

void job_set_runner(store *(*open_db)(void), int max_parallel)
{
    store *s = open_db();
    if (s) {
        int n = job_recover(s);
        if (n > 0) log_info("jobs: %d job(s) of a stopped server marked failed", n);
        job_purge_expired(s);
        store_close(s);
    }
    if (max_parallel < 1) max_parallel = 1;
    if (max_parallel > (int)countof(workers)) max_parallel = (int)countof(workers);
    pthread_mutex_lock(&mu);
    next_purge_ms = now_ms() + purge_interval_s * 1000;
    runner_open_db = open_db;
    stopping = false;
    runner_on = true;
    pthread_mutex_unlock(&mu);
    n_workers = 0;
    for (int i = 0; i < max_parallel; i++) {
        int rc = pthread_create(&workers[n_workers], NULL, worker_main, NULL);
        if (rc) log_error("jobs: cannot start a worker thread: %s", strerror(rc));
        else n_workers++;
    }
    if (!n_workers) {
        pthread_mutex_lock(&mu);
        runner_on = false;     /* no worker: jobs run in the foreground of their request */
        pthread_mutex_unlock(&mu);
    }
}

void job_wait_all(void)
{
    pthread_mutex_lock(&mu);
    while (n_busy > 0) pthread_cond_wait(&changed, &mu);
    pthread_mutex_unlock(&mu);
}

void job_stop_runner(void)
{
    pthread_mutex_lock(&mu);
    if (!runner_on) { pthread_mutex_unlock(&mu); return; }
    stopping = true;
    for (int i = 0; i < (int)countof(running); i++)
        if (running[i]) atomic_store(&running[i]->cancel, true);
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&mu);
    for (int i = 0; i < n_workers; i++) pthread_join(workers[i], NULL);
    n_workers = 0;
    pthread_mutex_lock(&mu);
    runner_on = false;
    stopping = false;
    pthread_mutex_unlock(&mu);
}

/* ---- the dead-server rule ---- */
static bool runner_dead(const char *runner, const char *heartbeat_at, const char *self, const char *stale_before)
{
    const char *colon = strrchr(runner, ':');
    const char *self_colon = strrchr(self, ':');
    int64_t pid = 0;
    if (!colon || !parse_int64(colon + 1, &pid) || pid <= 0) return true;     /* unreadable: nobody runs it */
    bool same_host = self_colon && colon - runner == self_colon - self && !strncmp(runner, self, (size_t)(colon - runner));
    if (same_host) {
        if (pid == (int64_t)getpid()) return true;   /* an earlier process with our pid: we hold no job yet */
        return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
    }
    return !heartbeat_at || strcmp(heartbeat_at, stale_before) < 0;
}

int job_recover(store *s)
{
    char self[300], at[21], stale[21];
    self_runner(self);
    now_iso(at);
    iso_time(now_unix() - JOB_HEARTBEAT_STALE_S, stale);
    arena a = {0};
    int64_t *dead = NULL;
    int n = 0, cap = 0;
    stmt *q = store_query(s, "SELECT id, runner, heartbeat_at FROM job WHERE state IN ('queued','running')", "");
    int rc = q ? STORE_OK : STORE_ERR;
    while (q && (rc = stmt_step(q)) == STORE_ROW) {
        if (!runner_dead(stmt_text(q, 1) ? stmt_text(q, 1) : "", stmt_text(q, 2), self, stale)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *grown = arena_alloc(&a, (size_t)cap * sizeof *grown);
            if (n) memcpy(grown, dead, (size_t)n * sizeof *grown);
            dead = grown;
        }
        dead[n++] = stmt_int64(q, 0);
    }
    stmt_finalize(q);
    if (rc < 0) { arena_free(&a); return -1; }
    rc = n ? store_begin(s) : STORE_OK;
    for (int i = 0; i < n && rc == STORE_OK; i++)
        rc = store_exec(s, "UPDATE job SET state='failed', message=$1, finished_at=$2 WHERE id=$3 AND state IN ('queued','running')",
                        "tti", JOB_DEAD_MESSAGE, at, dead[i]);
    if (n && rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) store_rollback(s);
    arena_free(&a);
    return rc == STORE_OK ? n : -1;
}

/* ---- reading and cancelling ---- */
#define JOB_COLUMNS \
    "j.id, j.owner_id, j.owner_login, j.kind, j.title, j.state, j.done, j.total, j.stage, j.message, j.result_json," \
    " j.link, j.created_at, j.started_at, j.finished_at, j.cancel_requested, f.name, f.content_type, f.bytes"

static void row_of(stmt *q, arena *a, struct job_row *j)
{
    j->id = stmt_int64(q, 0);
    j->owner_id = stmt_int64(q, 1);
    j->owner_login = stmt_text_dup(q, 2, a);
    j->kind = stmt_text_dup(q, 3, a);
    j->title = stmt_text_dup(q, 4, a);
    j->state = stmt_text_dup(q, 5, a);
    j->done = stmt_int64(q, 6);
    j->total = stmt_int64(q, 7);
    j->stage = stmt_text_dup(q, 8, a);
    j->message = stmt_text_dup(q, 9, a);
    j->result_json = stmt_text_dup(q, 10, a);
    j->link = stmt_text_dup(q, 11, a);
    j->created_at = stmt_text_dup(q, 12, a);
    j->started_at = stmt_text_dup(q, 13, a);
    j->finished_at = stmt_text_dup(q, 14, a);
    j->cancel_requested = stmt_int64(q, 15) != 0;
    j->file_name = stmt_text_dup(q, 16, a);
    j->file_type = stmt_text_dup(q, 17, a);
    j->file_bytes = stmt_int64(q, 18);
}

int job_get(store *s, arena *a, int64_t id, struct job_row *out)
{
    memset(out, 0, sizeof *out);
    stmt *q = store_query(s, "SELECT " JOB_COLUMNS " FROM job j LEFT JOIN job_file f ON f.job_id = j.id WHERE j.id=$1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) row_of(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

static bool job_admin(const struct actor *ac) { return actor_has(ac, CAP_SETTINGS); }

bool job_visible(const struct actor *ac, const struct job_row *j)
{
    return job_admin(ac) || (ac->user_id != 0 && j->owner_id == ac->user_id);
}

bool job_active(const struct job_row *j) { return str_eq(j->state, "queued") || str_eq(j->state, "running"); }

int job_list(store *s, arena *a, const struct actor *ac, int64_t limit, int64_t offset,
             struct job_row **rows, int *n, int64_t *total)
{
    *rows = NULL;
    *n = 0;
    *total = 0;
    /* owner -1 matches nobody: a non-administrator without a user id (cannot happen) sees none. */
    int64_t owner = job_admin(ac) ? 0 : ac->user_id ? ac->user_id : -1;
    if (store_int64(s, total, "SELECT count(*) FROM job WHERE $1 = 0 OR owner_id = $1", "i", owner) < 0) return STORE_ERR;
    stmt *q = store_query(s, "SELECT " JOB_COLUMNS " FROM job j LEFT JOIN job_file f ON f.job_id = j.id"
                             " WHERE $1 = 0 OR j.owner_id = $1 ORDER BY j.id DESC LIMIT $2 OFFSET $3",
                          "iii", owner, limit, offset);
    if (!q) return STORE_ERR;
    *rows = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **rows);
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW && *n < limit) row_of(q, a, &(*rows)[(*n)++]);
    stmt_finalize(q);
    return rc < 0 ? STORE_ERR : STORE_OK;
}

int job_file_read(store *s, arena *a, int64_t id, const void **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    stmt *q = store_query(s, "SELECT content FROM job_file WHERE job_id=$1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        size_t n = 0;
        const void *p = stmt_blob(q, 0, &n);
        void *copy = arena_alloc(a, n ? n : 1);
        if (n) memcpy(copy, p, n);
        *data = copy;
        *len = n;
    }
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int job_cancel(store *s, const struct actor *ac, int64_t id)
{
    arena a = {0};
    struct job_row j;
    int found = job_get(s, &a, id, &j);
    int rc = found < 0 ? STORE_ERR : !found || !job_visible(ac, &j) ? JOB_NOT_FOUND : !job_active(&j) ? JOB_NOT_ACTIVE : STORE_OK;
    if (rc == STORE_OK) rc = store_begin(s);
    if (rc == STORE_OK &&
        store_exec(s, "UPDATE job SET cancel_requested=1 WHERE id=$1 AND state IN ('queued','running')", "i", id) != STORE_OK)
        rc = STORE_ERR;
    if (rc == STORE_OK && store_changes(s) != 1) rc = JOB_NOT_ACTIVE;   /* it ended meanwhile */
    if (rc == STORE_OK) {
        json_t *before = json_pack("{s:s}", "state", j.state), *after = json_pack("{s:s, s:b}", "state", j.state, "cancel_requested", 1);
        if (audit_as(s, ac, "cancel", "job", id, before, after) < 0) rc = STORE_ERR;
        json_decref(before);
        json_decref(after);
    }
    if (rc == STORE_OK) rc = store_commit(s);
    else if (store_tx_depth(s) > 0) store_rollback(s);
    if (rc == STORE_OK) {
        pthread_mutex_lock(&mu);
        for (int i = 0; i < (int)countof(running); i++)
            if (running[i] && running[i]->id == id) atomic_store(&running[i]->cancel, true);
        pthread_mutex_unlock(&mu);
    }
    arena_free(&a);
    return rc;
}

const char *job_state_label(const char *state)
{
    if (str_eq(state, "queued")) return "Đang chờ";
    if (str_eq(state, "running")) return "Đang chạy";
    if (str_eq(state, "done")) return "Hoàn thành";
    if (str_eq(state, "failed")) return "Thất bại";
    if (str_eq(state, "cancelled")) return "Đã hủy";
    return state ? state : "";
}

/* ---- retention ---- */
void job_set_purge_interval(int64_t seconds)
{
    pthread_mutex_lock(&mu);
    purge_interval_s = seconds > 0 ? seconds : JOB_PURGE_INTERVAL_S;
    pthread_mutex_unlock(&mu);
}

/* The purged jobs, as a condition on job rows ($1 the cut-off): finished, and ended before it. */
#define PURGEABLE_JOBS "SELECT id FROM job WHERE state IN ('done','failed','cancelled') AND COALESCE(finished_at, created_at) < $1"

/* Counts what the purge takes; fills *doomed (arena) with the stored files to delete. */
static int purge_count(store *s, arena *a, const char *before, struct job_purge_counts *out, int64_t **doomed, int *n_doomed)
{
    *doomed = NULL;
    *n_doomed = 0;
    if (store_int64(s, &out->jobs, "SELECT count(*) FROM (" PURGEABLE_JOBS ") p", "t", before) != 1) return STORE_ERR;
    stmt *q = store_query(s, "SELECT count(*), COALESCE(sum(bytes), 0) FROM job_file WHERE job_id IN (" PURGEABLE_JOBS ")", "t", before);
    if (!q || stmt_step(q) != STORE_ROW) { stmt_finalize(q); return STORE_ERR; }
    out->files = stmt_int64(q, 0);
    out->bytes = stmt_int64(q, 1);
    stmt_finalize(q);
    /* A stored file is shared by hash: the same bytes may be evidence of a report or a dossier
     * attachment. Only a file whose every attachment belongs to a purged job goes. */
    q = store_query(s, "SELECT DISTINCT f.file_id,"
                       " (SELECT count(*) FROM file_attachment o WHERE o.file_id = f.file_id"
                       "   AND NOT (o.owner_kind = $2 AND o.owner_id IN (" PURGEABLE_JOBS ")))"
                       " FROM file_attachment f WHERE f.owner_kind = $2 AND f.owner_id IN (" PURGEABLE_JOBS ")"
                       " ORDER BY f.file_id",
                    "tt", before, JOB_FILE_OWNER);
    if (!q) return STORE_ERR;
    int rc, cap = 0;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        if (stmt_int64(q, 1) > 0) { out->stored_kept++; continue; }
        if (*n_doomed == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *grown = arena_alloc(a, (size_t)cap * sizeof *grown);
            if (*n_doomed) memcpy(grown, *doomed, (size_t)*n_doomed * sizeof *grown);
            *doomed = grown;
        }
        (*doomed)[(*n_doomed)++] = stmt_int64(q, 0);
    }
    stmt_finalize(q);
    out->stored_files = *n_doomed;
    return rc < 0 ? STORE_ERR : STORE_OK;
}

int job_purge(store *s, const struct actor *ac, int64_t older_than_days, bool dry_run, struct job_purge_counts *out)
{
    memset(out, 0, sizeof *out);
    if (!actor_has(ac, CAP_SETTINGS)) return JOB_NO_RIGHT;
    if (older_than_days < 0) older_than_days = 0;
    iso_time(now_unix() - older_than_days * 86400, out->before);
    arena a = {0};
    int64_t *doomed;
    int n_doomed;
    /* The write lock first, so a job that ends meanwhile is either counted and deleted or neither. */
    int rc = dry_run ? STORE_OK : store_begin(s);
    if (rc == STORE_OK) rc = purge_count(s, &a, out->before, out, &doomed, &n_doomed);
    if (dry_run || rc != STORE_OK || out->jobs == 0) {
        if (!dry_run && store_tx_depth(s) > 0) {
            if (rc == STORE_OK) rc = store_commit(s);
            else store_rollback(s);
        }
        arena_free(&a);
        return rc == STORE_OK ? STORE_OK : STORE_ERR;
    }
    rc = store_exec(s, "DELETE FROM file_attachment WHERE owner_kind = $2 AND owner_id IN (" PURGEABLE_JOBS ")", "tt",
                    out->before, JOB_FILE_OWNER);
    for (int i = 0; i < n_doomed && rc == STORE_OK; i++)
        rc = store_exec(s, "DELETE FROM stored_file WHERE id = $1", "i", doomed[i]);
    if (rc == STORE_OK) rc = store_exec(s, "DELETE FROM job_file WHERE job_id IN (" PURGEABLE_JOBS ")", "t", out->before);
    if (rc == STORE_OK)
        rc = store_exec(s, "DELETE FROM job WHERE id IN (SELECT id FROM (" PURGEABLE_JOBS ") p)", "t", out->before);
    if (rc == STORE_OK) {
        json_t *after = json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:I}", "older_than_days", (json_int_t)older_than_days,
                                  "before", out->before, "jobs", (json_int_t)out->jobs, "files", (json_int_t)out->files,
                                  "bytes", (json_int_t)out->bytes, "stored_files", (json_int_t)out->stored_files,
                                  "stored_kept", (json_int_t)out->stored_kept);
        if (audit_as(s, ac, "purge", "job", 0, NULL, after) < 0) rc = STORE_ERR;
        json_decref(after);
    }
    if (rc == STORE_OK) rc = store_commit(s);
    else store_rollback(s);
    arena_free(&a);
    if (rc != STORE_OK) {
        struct job_purge_counts none = {0};
        memcpy(none.before, out->before, sizeof none.before);
        *out = none;
        return STORE_ERR;
    }
    return STORE_OK;
}

void job_purge_expired(store *s)
{
    int64_t days = setting_int(s, "job.keep_days");
    struct job_purge_counts c;
    if (job_purge(s, &actor_system, days, false, &c) != STORE_OK)
        log_error("jobs: purging jobs older than %lld days failed: %s", (long long)days, store_errmsg(s));
    else if (c.jobs > 0)
        log_info("jobs: purged %lld finished job(s) older than %lld days (%lld result file(s), %lld bytes; %lld stored file(s))",
                 (long long)c.jobs, (long long)days, (long long)c.files, (long long)c.bytes, (long long)c.stored_files);
}
