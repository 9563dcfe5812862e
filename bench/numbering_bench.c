/* bench/numbering_bench.c: number assignment under contention (numbering.c) against a baseline
 * measured in the same run. For 1, 2, 4 and 8 writers — each a PROCESS with its own connection to
 * one database file, as several `thidua serve` processes would be — every writer runs
 * transactions for a fixed time: BEGIN IMMEDIATE; the work; COMMIT. The work is either
 *   numbered:  numbering_next(receipt, fund:1, 2026) + INSERT of the document it numbers, or
 *   baseline:  the same INSERT of a document, with no number.
 * Each (mode, writers) cell starts on a fresh database. Prints one Markdown table row per
 * writer count: transactions per second of both and the ratio. Usage: numbering_bench SECONDS. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "numbering.h"

static int64_t run_writer(const char *path, bool numbered, int64_t until_ms)
{
    char err[512];
    store *s = store_open(path, err, sizeof err);
    if (!s) return -1;
    struct numbering_key k = {"receipt", "fund:1", 2026};
    int64_t done = 0;
    while (now_ms() < until_ms) {
        if (store_begin(s) != STORE_OK) continue;
        char ref[64];
        snprintf(ref, sizeof ref, "doc:%d:%lld", (int)getpid(), (long long)done);
        int64_t n = numbered ? numbering_next(s, &k, ref) : 0;
        if (n < 0 || store_exec(s, "INSERT INTO bench_doc(ref, number) VALUES ($1, $2)", "ti", ref, n) != STORE_OK) {
            store_rollback(s);
            done = -1;
            break;
        }
        if (store_commit(s) != STORE_OK) { store_rollback(s); continue; }
        done++;
    }
    store_close(s);
    return done;
}

/* Transactions per second of `writers` processes on a fresh database; -1 on failure. */
static double run_cell(const char *dir, bool numbered, int writers, int seconds)
{
    char path[600], err[512];
    static int cell;
    snprintf(path, sizeof path, "%s/cell%d.db", dir, ++cell);
    store *s = store_open(path, err, sizeof err);
    if (!s || store_migrate(s, err, sizeof err) != STORE_OK ||
        store_exec(s, "CREATE TABLE bench_doc (ref TEXT PRIMARY KEY, number INTEGER NOT NULL)", "") != STORE_OK) {
        fprintf(stderr, "numbering_bench: %s\n", s ? store_errmsg(s) : err);
        store_close(s);
        return -1;
    }
    store_close(s);
    int fds[8][2];
    pid_t pids[8];
    int64_t start = now_ms() + 200, until = start + seconds * 1000;   /* all start together */
    for (int w = 0; w < writers; w++) {
        if (pipe(fds[w]) != 0) return -1;
        pids[w] = fork();
        if (pids[w] == 0) {
            while (now_ms() < start) usleep(1000);
            int64_t n = run_writer(path, numbered, until);
            _exit(write(fds[w][1], &n, sizeof n) == (ssize_t)sizeof n ? 0 : 1);
        }
        close(fds[w][1]);
    }
    int64_t total = 0;
    bool failed = false;
    for (int w = 0; w < writers; w++) {
        int64_t n = -1;
        if (read(fds[w][0], &n, sizeof n) != (ssize_t)sizeof n || n < 0) failed = true;
        else total += n;
        close(fds[w][0]);
        waitpid(pids[w], NULL, 0);
    }
    if (numbered && !failed) {
        /* the numbers must still be 1..count with no repeat, or the speed means nothing */
        s = store_open(path, err, sizeof err);
        int64_t count = -1, max = -2, distinct = -3;
        store_int64(s, &count, "SELECT count(*) FROM numbering_entry", "");
        store_int64(s, &max, "SELECT max(number) FROM numbering_entry", "");
        store_int64(s, &distinct, "SELECT count(DISTINCT number) FROM numbering_entry", "");
        store_close(s);
        if (count != total || max != count || distinct != count) {
            fprintf(stderr, "numbering_bench: register broken: %lld committed, %lld rows, max %lld, %lld distinct\n",
                    (long long)total, (long long)count, (long long)max, (long long)distinct);
            failed = true;
        }
    }
    return failed ? -1 : (double)total / seconds;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 3;
    if (seconds <= 0) seconds = 3;
    char dir[4096];
    if (!temp_dir_make("numbering-bench.", dir, sizeof dir)) { perror("numbering-bench: temporary folder"); return 1; }
    static const int counts[] = {1, 2, 4, 8};
    printf("| writers | numbered tx/s | baseline tx/s | numbered ÷ baseline |\n|---:|---:|---:|---:|\n");
    int rc = 0;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        /* baseline and numbered alternate per writer count, so drift on a shared machine hits both */
        double base = run_cell(dir, false, counts[i], seconds);
        double num = run_cell(dir, true, counts[i], seconds);
        if (base <= 0 || num <= 0) { rc = 1; break; }
        printf("| %d | %.0f | %.0f | %.2f |\n", counts[i], num, base, num / base);
        fflush(stdout);
    }
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) rc = 1;
    return rc;
}
