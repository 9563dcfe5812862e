/* test_job.c: background jobs (core/job.c): the states a job ends in (done, failed, cancelled),
 * its result (JSON and file), progress written at most ~4 times a second and never inside the
 * job's own write transaction, cancellation (visible only to the owner or an administrator,
 * audited), the server's runner (progress seen from another connection while the job runs,
 * queued jobs, the stop), the dead-server rule, and retention (old finished jobs purged with
 * their results, running and queued ones never, stored files still used elsewhere kept). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "job.h"
#include "setting.h"

static char db_path[400], tmp_dir[300];

static store *open_db(void)
{
    char err[512];
    store *s = store_open(db_path, err, sizeof err);
    if (!s) printf("     open %s: %s\n", db_path, err);
    return s;
}

static store *fresh_db(void)
{
    static int n;
    snprintf(db_path, sizeof db_path, "%s/j%d.db", tmp_dir, ++n);
    char err[512];
    store *s = open_db();
    if (s && store_migrate(s, err, sizeof err) != STORE_OK) printf("     migrate: %s\n", err);
    return s;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static const struct actor owner = {7, "canbo.ban", CAP_BIT(CAP_UNIT_READ), 1, true};
static const struct actor stranger = {8, "xem", CAP_BIT(CAP_UNIT_READ), 1, false};
static const struct actor admin = {1, "admin", CAP_BIT(CAP_SETTINGS), 1, true};

static const char *state_of(store *s, arena *a, int64_t id)
{
    char *v = NULL;
    store_text(s, &v, a, "SELECT state FROM job WHERE id=$1", "i", id);
    return v ? v : "";
}

/* ---- job functions ---- */
static int job_counts_to_100(struct job_ctx *jc, void *arg)
{
    (void)arg;
    for (int i = 0; i <= 100; i++) job_progress(jc, i, 100, "Đang đếm");
    job_result_json(jc, json_pack("{s:i}", "counted", 100));
    job_result_file(jc, "kết quả.txt", "text/plain; charset=utf-8", "một\nhai\n", 11);
    return 0;
}

static int job_fails_with_message(struct job_ctx *jc, void *arg)
{
    (void)arg;
    job_fail(jc, "Dòng 7: thiếu mã đơn vị");
    return -1;
}

static int job_fails_silently(struct job_ctx *jc, void *arg)
{
    (void)jc;
    (void)arg;
    return -1;
}

static int job_leaves_transaction_open(struct job_ctx *jc, void *arg)
{
    (void)arg;
    store *s = job_store(jc);
    store_begin(s);
    store_exec(s, "INSERT INTO setting(name, value, updated_at) VALUES ('job.test', '1', 'x')", "");
    return 0;
}

/* Calls job_progress as fast as it can for 1.1 s: the throttle lets ~4 writes a second through. */
static int progress_writes_seen;
static long progress_calls;
static int job_spins_progress(struct job_ctx *jc, void *arg)
{
    (void)arg;
    int64_t until = now_ms() + 1100;
    progress_calls = 0;
    while (now_ms() < until) job_progress(jc, ++progress_calls, 0, "Đang chạy");
    progress_writes_seen = job_progress_writes(jc);
    /* Inside its own write transaction nothing is written (the row would be invisible, and the
     * meta connection would wait for the job's own lock). */
    store_begin(job_store(jc));
    int before = job_progress_writes(jc);
    sleep_ms(300);
    job_progress(jc, 1, 2, "trong giao dịch");
    int inside = job_progress_writes(jc) - before;
    store_commit(job_store(jc));
    return inside == 0 ? 0 : -1;
}

/* Runs until cancelled (at most 20 s), reporting progress every 10 ms. */
static int job_until_cancelled(struct job_ctx *jc, void *arg)
{
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        if (job_cancelled(jc)) return -1;
        job_progress(jc, i + 1, 0, "Đang chờ hủy");
        sleep_ms(10);
    }
    job_fail(jc, "never cancelled");
    return -1;
}

static int freed_args;
static void count_free(void *arg) { (void)arg; freed_args++; }

/* ---- tests ---- */
static void test_foreground_done_with_result(void)
{
    store *s = fresh_db();
    arena a = {0};
    freed_args = 0;
    const struct job_spec spec = {"test.count", "Đếm tới 100", job_counts_to_100, NULL, count_free, "/units"};
    int64_t id = job_start(s, &owner, &spec);
    CHECK(id > 0);
    CHECK_INT(freed_args, 1);
    struct job_row j;
    CHECK_INT(job_get(s, &a, id, &j), 1);
    CHECK_STR(j.state, "done");
    CHECK_INT(j.done, 100);
    CHECK_INT(j.total, 100);
    CHECK_STR(j.owner_login, "canbo.ban");
    CHECK_STR(j.link, "/units");
    CHECK_CONTAINS(j.result_json, "\"counted\":100");
    CHECK(j.started_at && j.finished_at);
    CHECK_STR(j.file_name, "kết quả.txt");
    CHECK_INT(j.file_bytes, 11);
    const void *data;
    size_t len;
    CHECK_INT(job_file_read(s, &a, id, &data, &len), 1);
    CHECK(len == 11 && !memcmp(data, "một\nhai\n", 11));
    CHECK(job_visible(&owner, &j));
    CHECK(job_visible(&admin, &j));
    CHECK(!job_visible(&stranger, &j));
    /* Inside a transaction job_start refuses (the runner could not see the row) and frees arg. */
    store_begin(s);
    CHECK_INT(job_start(s, &owner, &spec), -1);
    store_rollback(s);
    CHECK_INT(freed_args, 2);
    arena_free(&a);
    store_close(s);
}

static void test_failures(void)
{
    store *s = fresh_db();
    arena a = {0};
    struct job_row j;
    const struct job_spec with_message = {"test.fail", "Thất bại có lý do", job_fails_with_message, NULL, NULL, NULL};
    int64_t id = job_start(s, &owner, &with_message);
    CHECK_INT(job_get(s, &a, id, &j), 1);
    CHECK_STR(j.state, "failed");
    CHECK_STR(j.message, "Dòng 7: thiếu mã đơn vị");
    CHECK(j.finished_at != NULL);
    const struct job_spec silent = {"test.fail", "Thất bại không lý do", job_fails_silently, NULL, NULL, NULL};
    id = job_start(s, &owner, &silent);
    CHECK_INT(job_get(s, &a, id, &j), 1);
    CHECK_STR(j.state, "failed");
    CHECK_CONTAINS(j.message, "không rõ lý do");
    const struct job_spec open_tx = {"test.bug", "Để dở giao dịch", job_leaves_transaction_open, NULL, NULL, NULL};
    id = job_start(s, &owner, &open_tx);
    CHECK_INT(job_get(s, &a, id, &j), 1);
    CHECK_STR(j.state, "failed");
    CHECK_CONTAINS(j.message, "giao dịch");
    int64_t kept = -1;
    store_int64(s, &kept, "SELECT count(*) FROM setting WHERE name='job.test'", "");
    CHECK_INT(kept, 0);   /* the job's half-done write was rolled back */
    CHECK_INT(store_tx_depth(s), 0);
    arena_free(&a);
    store_close(s);
}

static void test_progress_throttled(void)
{
    store *s = fresh_db();
    arena a = {0};
    const struct job_spec spec = {"test.spin", "Tiến độ dồn dập", job_spins_progress, NULL, NULL, NULL};
    int64_t id = job_start(s, &owner, &spec);
    CHECK_STR(state_of(s, &a, id), "done");   /* and so no progress was written inside its transaction */
    printf("     %ld progress calls in 1.1 s, %d database writes\n", progress_calls, progress_writes_seen);
    CHECK(progress_calls > 1000);
    CHECK(progress_writes_seen >= 3 && progress_writes_seen <= 6);
    arena_free(&a);
    store_close(s);
}

static void test_background_progress_and_cancel(void)
{
    store *s = fresh_db();
    arena a = {0};
    job_set_runner(open_db, 2);
    const struct job_spec spec = {"test.wait", "Chờ hủy", job_until_cancelled, NULL, NULL, NULL};
    int64_t id = job_start(s, &owner, &spec);
    CHECK(id > 0);
    /* It runs in the background: job_start returned at once; progress shows on this connection. */
    int64_t done = 0;
    for (int i = 0; i < 200 && done < 5; i++) {
        sleep_ms(20);
        store_int64(s, &done, "SELECT done FROM job WHERE id=$1", "i", id);
    }
    CHECK(done >= 5);
    CHECK_STR(state_of(s, &a, id), "running");
    CHECK_INT(job_cancel(s, &stranger, id), JOB_NOT_FOUND);   /* not theirs: as if it did not exist */
    CHECK_INT(job_cancel(s, &owner, id), 0);
    job_wait_all();
    struct job_row j;
    CHECK_INT(job_get(s, &a, id, &j), 1);
    CHECK_STR(j.state, "cancelled");
    CHECK(j.cancel_requested);
    CHECK_INT(job_cancel(s, &owner, id), JOB_NOT_ACTIVE);
    char *who = NULL;
    store_text(s, &who, &a, "SELECT user_login FROM audit_log WHERE entity='job' AND action='cancel'", "");
    CHECK_STR(who, "canbo.ban");
    /* A cancel from another process (the CLI) reaches the job through its row. */
    id = job_start(s, &owner, &spec);
    sleep_ms(100);
    CHECK_INT(store_exec(s, "UPDATE job SET cancel_requested=1 WHERE id=$1", "i", id), STORE_OK);
    job_wait_all();
    CHECK_STR(state_of(s, &a, id), "cancelled");
    job_stop_runner();
    arena_free(&a);
    store_close(s);
}

static void test_stop_fails_unfinished(void)
{
    store *s = fresh_db();
    arena a = {0};
    job_set_runner(open_db, 1);
    const struct job_spec spec = {"test.wait", "Chạy khi máy chủ dừng", job_until_cancelled, NULL, NULL, NULL};
    int64_t running_id = job_start(s, &owner, &spec);
    int64_t queued_id = job_start(s, &owner, &spec);   /* one worker: this one waits */
    sleep_ms(100);
    CHECK_STR(state_of(s, &a, queued_id), "queued");
    job_stop_runner();
    struct job_row j;
    CHECK_INT(job_get(s, &a, running_id, &j), 1);
    CHECK_STR(j.state, "failed");
    CHECK_STR(j.message, JOB_DEAD_MESSAGE);
    CHECK_INT(job_get(s, &a, queued_id, &j), 1);
    CHECK_STR(j.state, "failed");
    CHECK_STR(j.message, JOB_DEAD_MESSAGE);
    /* Back in the foreground: a job runs at once again. */
    const struct job_spec quick = {"test.count", "Đếm", job_counts_to_100, NULL, NULL, NULL};
    CHECK_STR(state_of(s, &a, job_start(s, &owner, &quick)), "done");
    arena_free(&a);
    store_close(s);
}

static void test_dead_server_rule(void)
{
    store *s = fresh_db();
    arena a = {0};
    char host[256] = "", dead[300], alive[300], self[300], old[21], fresh[21];
    gethostname(host, sizeof host - 1);
    pid_t child = fork();
    if (child == 0) _exit(0);
    waitpid(child, NULL, 0);   /* a pid that no longer runs */
    snprintf(dead, sizeof dead, "%s:%ld", host, (long)child);
    snprintf(alive, sizeof alive, "%s:%ld", host, (long)getppid());
    snprintf(self, sizeof self, "%s:%ld", host, (long)getpid());
    iso_time(now_unix() - 3600, old);
    iso_time(now_unix(), fresh);
    const char *ins = "INSERT INTO job(owner_id, owner_login, kind, title, state, runner, heartbeat_at, created_at)"
                      " VALUES (7, 'canbo.ban', 'test', $1, $2, $3, $4, $4)";
    store_exec(s, ins, "tttt", "dead-running", "running", dead, fresh);
    store_exec(s, ins, "tttt", "dead-queued", "queued", dead, fresh);
    store_exec(s, ins, "tttt", "self", "running", self, fresh);
    store_exec(s, ins, "tttt", "alive", "running", alive, fresh);
    store_exec(s, ins, "tttt", "other-host-stale", "running", "elsewhere:42", old);
    store_exec(s, ins, "tttt", "other-host-fresh", "running", "elsewhere:42", fresh);
    store_exec(s, ins, "tttt", "dead-but-done", "done", dead, old);
    CHECK_INT(job_recover(s), 4);
    const char *want[][2] = {{"dead-running", "failed"}, {"dead-queued", "failed"}, {"self", "failed"},
                             {"alive", "running"}, {"other-host-stale", "failed"}, {"other-host-fresh", "running"},
                             {"dead-but-done", "done"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *st = NULL, *msg = NULL;
        store_text(s, &st, &a, "SELECT state FROM job WHERE title=$1", "t", want[i][0]);
        store_text(s, &msg, &a, "SELECT message FROM job WHERE title=$1", "t", want[i][0]);
        CHECK_STR(st, want[i][1]);
        if (str_eq(want[i][1], "failed")) CHECK_STR(msg, JOB_DEAD_MESSAGE);
    }
    CHECK_INT(job_recover(s), 0);   /* nothing more to do */
    arena_free(&a);
    store_close(s);
}

static void test_list_scoped(void)
{
    store *s = fresh_db();
    arena a = {0};
    const struct job_spec spec = {"test.count", "Đếm", job_counts_to_100, NULL, NULL, NULL};
    job_start(s, &owner, &spec);
    job_start(s, &owner, &spec);
    job_start(s, &stranger, &spec);
    struct job_row *rows;
    int n;
    int64_t total;
    CHECK_INT(job_list(s, &a, &owner, 10, 0, &rows, &n, &total), 0);
    CHECK_INT(n, 2);
    CHECK_INT(total, 2);
    CHECK_INT(job_list(s, &a, &admin, 10, 0, &rows, &n, &total), 0);
    CHECK_INT(total, 3);
    CHECK(rows[0].id > rows[1].id);   /* newest first */
    CHECK_INT(job_list(s, &a, &admin, 1, 1, &rows, &n, &total), 0);
    CHECK_INT(n, 1);
    arena_free(&a);
    store_close(s);
}

/* ---- retention ---- */
/* A job row that ended (or, for queued/running, began) `age_days` ago; returns its id. */
static int64_t old_job(store *s, const char *title, const char *state, int age_days)
{
    char at[21];
    iso_time(now_unix() - (int64_t)age_days * 86400 - 60, at);
    bool ended = !str_eq(state, "queued") && !str_eq(state, "running");
    int64_t id = 0;
    store_int64(s, &id, "INSERT INTO job(owner_id, owner_login, kind, title, state, runner, heartbeat_at, created_at, finished_at)"
                        " VALUES (7, 'canbo.ban', 'test', $1, $2, 'elsewhere:1', $3, $3, $4) RETURNING id",
                "tttt", title, state, at, ended ? at : NULL);
    return id;
}

static int64_t count_of(store *s, const char *sql)
{
    int64_t n = -1;
    store_int64(s, &n, sql, "");
    return n;
}

/* A stored file attached to (owner_kind, owner_id), without the upload path (no policy needed). */
static int64_t stored_file_for(store *s, const char *sha, const char *owner_kind, int64_t owner_id)
{
    int64_t id = 0;
    if (store_int64(s, &id, "SELECT id FROM stored_file WHERE sha256=$1", "t", sha) != 1)
        store_int64(s, &id, "INSERT INTO stored_file(sha256, name, sniffed_type, size, data, created_at, created_by)"
                            " VALUES ($1, 'a.pdf', 'application/pdf', 4, X'25504446', '2026-01-01T00:00:00Z', 'test') RETURNING id",
                    "t", sha);
    store_exec(s, "INSERT INTO file_attachment(file_id, owner_kind, owner_id, position, attached_at)"
                  " VALUES ($1, $2, $3, 1, '2026-01-01T00:00:00Z')", "iti", id, owner_kind, owner_id);
    return id;
}

static void test_purge_ages_states_and_shared_files(void)
{
    store *s = fresh_db();
    arena a = {0};
    int64_t old_done = old_job(s, "old-done", "done", 40);
    old_job(s, "old-failed", "failed", 31);
    old_job(s, "old-cancelled", "cancelled", 400);
    old_job(s, "recent-done", "done", 29);
    old_job(s, "old-running", "running", 90);
    old_job(s, "old-queued", "queued", 90);
    store_exec(s, "INSERT INTO job_file(job_id, name, content_type, bytes, content) VALUES ($1, 'r.txt', 'text/plain', 3, X'616263')",
               "i", old_done);
    int64_t only_job = stored_file_for(s, "aa", JOB_FILE_OWNER, old_done);
    int64_t shared = stored_file_for(s, "bb", JOB_FILE_OWNER, old_done);
    stored_file_for(s, "bb", "report", 5);   /* the same bytes are a report's evidence */
    int64_t audits = count_of(s, "SELECT count(*) FROM audit_log");

    struct job_purge_counts c;
    CHECK_INT(job_purge(s, &stranger, 30, false, &c), JOB_NO_RIGHT);
    CHECK_INT(job_purge(s, &admin, 30, true, &c), 0);     /* dry run: counts, writes nothing */
    CHECK_INT(c.jobs, 3);
    CHECK_INT(c.files, 1);
    CHECK_INT(c.bytes, 3);
    CHECK_INT(c.stored_files, 1);
    CHECK_INT(c.stored_kept, 1);
    CHECK_INT(count_of(s, "SELECT count(*) FROM job"), 6);
    CHECK_INT(count_of(s, "SELECT count(*) FROM audit_log"), audits);

    CHECK_INT(job_purge(s, &admin, 30, false, &c), 0);
    CHECK_INT(c.jobs, 3);
    CHECK_INT(c.stored_files, 1);
    CHECK_INT(c.stored_kept, 1);
    const char *kept[] = {"recent-done", "old-running", "old-queued"};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        int64_t n = 0;
        store_int64(s, &n, "SELECT count(*) FROM job WHERE title=$1", "t", kept[i]);
        CHECK_INT(n, 1);
    }
    CHECK_INT(count_of(s, "SELECT count(*) FROM job"), 3);
    CHECK_INT(count_of(s, "SELECT count(*) FROM job_file"), 0);
    int64_t n = -1;
    store_int64(s, &n, "SELECT count(*) FROM stored_file WHERE id=$1", "i", only_job);
    CHECK_INT(n, 0);                          /* used by the purged job only: gone */
    store_int64(s, &n, "SELECT count(*) FROM stored_file WHERE id=$1", "i", shared);
    CHECK_INT(n, 1);                          /* still a report's evidence: kept */
    CHECK_INT(count_of(s, "SELECT count(*) FROM file_attachment WHERE owner_kind='job'"), 0);
    CHECK_INT(count_of(s, "SELECT count(*) FROM file_attachment WHERE owner_kind='report'"), 1);
    CHECK_INT(count_of(s, "SELECT count(*) FROM audit_log"), audits + 1);
    char *after = NULL;
    store_text(s, &after, &a, "SELECT after_json FROM audit_log WHERE action='purge' AND entity='job'", "");
    CHECK_CONTAINS(after, "\"jobs\":3");

    CHECK_INT(job_purge(s, &admin, 30, false, &c), 0);   /* nothing left to purge: no entry */
    CHECK_INT(c.jobs, 0);
    CHECK_INT(count_of(s, "SELECT count(*) FROM audit_log"), audits + 1);
    CHECK_INT(job_purge(s, &admin, 0, false, &c), 0);    /* age 0: every finished job, still no running one */
    CHECK_INT(c.jobs, 1);
    CHECK_INT(count_of(s, "SELECT count(*) FROM job WHERE state IN ('queued','running')"), 2);
    arena_free(&a);
    store_close(s);
}

/* The server's runner purges at its start with job.keep_days, then every purge interval. */
static void test_runner_purges_at_start_and_periodically(void)
{
    store *s = fresh_db();
    char err[256];
    CHECK_INT(setting_set(s, 0, "test", "job.keep_days", "10", err, sizeof err), 0);
    old_job(s, "before-start", "done", 11);
    old_job(s, "young", "done", 9);
    job_set_purge_interval(1);
    job_set_runner(open_db, 1);
    CHECK_INT(count_of(s, "SELECT count(*) FROM job WHERE title='before-start'"), 0);
    CHECK_INT(count_of(s, "SELECT count(*) FROM job WHERE title='young'"), 1);
    old_job(s, "while-running", "failed", 12);
    int64_t left = 1;
    for (int i = 0; i < 60 && left; i++) {
        sleep_ms(100);
        left = count_of(s, "SELECT count(*) FROM job WHERE title='while-running'");
    }
    CHECK_INT(left, 0);
    CHECK_INT(count_of(s, "SELECT count(*) FROM job WHERE title='young'"), 1);
    job_stop_runner();
    job_set_purge_interval(JOB_PURGE_INTERVAL_S);
    store_close(s);
}

int main(void)
{
    if (!temp_dir_make("test_job.", tmp_dir, sizeof tmp_dir)) { perror("mkdtemp"); return 1; }
    setenv("THIDUA_QUIET", "1", 1);
    RUN(test_foreground_done_with_result);
    RUN(test_failures);
    RUN(test_progress_throttled);
    RUN(test_background_progress_and_cancel);
    RUN(test_stop_fails_unfinished);
    RUN(test_dead_server_rule);
    RUN(test_list_scoped);
    RUN(test_purge_ages_states_and_shared_files);
    RUN(test_runner_purges_at_start_and_periodically);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", tmp_dir);
    return check_done();
}
