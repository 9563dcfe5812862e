/* migrate.c: schema migrations and opening the database a command names. Migrations are the
 * numbered files sql/NNN_name.sql compiled into the binary; each is applied once, in number
 * order, inside its own transaction, and recorded in schema_migration. Commands: `thidua
 * migrate`, `thidua check-db` (init and backup, which need the layers above, are in app/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "embedded.h"
#include "store.h"

extern const struct cli_cmd store_cmds[];   /* listed by app/main.c */


/* Parses "sql/012_units.sql" into 12 and "units"; 0 if the file is not a migration. */
static int migration_number(const char *path, char *name, size_t namelen)
{
    if (strncmp(path, "sql/", 4) != 0) return 0;
    const char *p = path + 4;
    int num = 0, digits = 0;
    while (*p >= '0' && *p <= '9') num = num * 10 + (*p++ - '0'), digits++;
    if (digits != 3 || *p != '_') return 0;
    const char *dot = strrchr(p, '.');
    if (!dot || strcmp(dot, ".sql") != 0) return 0;
    snprintf(name, namelen, "%.*s", (int)(dot - p - 1), p + 1);
    return num;
}

static int ensure_migration_table(store *s)
{
    return store_exec_script(s,
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " num INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
}

int store_migrate(store *s, char *err, size_t errlen)
{
    if (ensure_migration_table(s) != STORE_OK) {
        snprintf(err, errlen, "cannot create schema_migration: %s", store_errmsg(s));
        return STORE_ERR;
    }
    /* embedded_files are sorted by path (the Makefile sorts), so numbers come in order. */
    for (const struct embedded_file *f = embedded_files; f->path; f++) {
        char name[128];
        int num = migration_number(f->path, name, sizeof name);
        if (!num) continue;
        int64_t seen = 0;
        if (store_int64(s, &seen, "SELECT count(*) FROM schema_migration WHERE num=$1", "I", num) < 0) {
            snprintf(err, errlen, "%s", store_errmsg(s));
            return STORE_ERR;
        }
        if (seen) continue;
        char now[21];
        iso_time(now_unix(), now);
        if (store_begin(s) != STORE_OK || store_exec_script(s, f->data) != STORE_OK ||
            store_exec(s, "INSERT INTO schema_migration(num, name, applied_at) VALUES ($1, $2, $3)",
                       "Itt", num, name, now) != STORE_OK) {
            snprintf(err, errlen, "migration %03d_%s failed: %s", num, name, store_errmsg(s));
            store_rollback(s);
            return STORE_ERR;
        }
        if (store_commit(s) != STORE_OK) {
            snprintf(err, errlen, "migration %03d_%s: commit failed: %s", num, name, store_errmsg(s));
            return STORE_ERR;
        }
    }
    return STORE_OK;
}

int store_migration_status(store *s, void (*fn)(void *, int, const char *, const char *), void *ctx)
{
    if (ensure_migration_table(s) != STORE_OK) return STORE_ERR;
    for (const struct embedded_file *f = embedded_files; f->path; f++) {
        char name[128];
        int num = migration_number(f->path, name, sizeof name);
        if (!num) continue;
        arena a = {0};
        char *at = NULL;
        if (store_text(s, &at, &a, "SELECT applied_at FROM schema_migration WHERE num=$1", "I", num) < 0) {
            arena_free(&a);
            return STORE_ERR;
        }
        fn(ctx, num, name, at);
        arena_free(&a);
    }
    return STORE_OK;
}

static store *open_and_migrate(const char *path)
{
    char err[512];
    store *s = store_open(path, err, sizeof err);
    if (!s) {
        fprintf(stderr, "thidua: %s\n", err);
        return NULL;
    }
    if (store_migrate(s, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "thidua: %s: %s\n", path, err);
        store_close(s);
        return NULL;
    }
    return s;
}

store *cli_open_db(int *argc, char **argv) { return open_and_migrate(cli_db_path(argc, argv)); }

store *cli_open_existing_db(const char *what, const char *path, bool migrate)
{
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "thidua %s: no such database: %s (create one with: thidua init --db %s)\n", what, path, path);
        return NULL;
    }
    if (migrate) return open_and_migrate(path);
    char err[512];
    store *s = store_open(path, err, sizeof err);
    if (!s) fprintf(stderr, "thidua %s: %s\n", what, err);
    return s;
}


static void print_status(void *ctx, int num, const char *name, const char *at)
{
    (void)ctx;
    printf("%03d %-28s %s\n", num, name, at ? at : "pending");
}

static int migrate_cmd(int argc, char **argv)
{
    bool status = false;
    const struct cli_opt opts[] = {CLI_FLAG("status", &status), {0}};
    bool opts_ok = cli_options("migrate", &argc, argv, opts);
    const char *path = cli_db_path(&argc, argv);
    /* Words beyond the options were ignored before; now they are a usage error. */
    if (!opts_ok || argc > 1) { fprintf(stderr, "usage: thidua migrate [--status] --db FILE\n"); return 2; }
    char err[512];
    store *s = store_open(path, err, sizeof err);
    if (!s) { fprintf(stderr, "thidua: %s\n", err); return 1; }
    int rc = 0;
    if (!status && store_migrate(s, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "thidua migrate: %s\n", err);
        rc = 1;
    }
    if (store_migration_status(s, print_status, NULL) != STORE_OK) rc = 1;
    store_close(s);
    return rc;
}


static int checkdb_cmd(int argc, char **argv)
{
    bool opts_ok = cli_no_options("check-db", &argc, argv);
    const char *path = cli_db_path(&argc, argv);
    if (!opts_ok || argc > 1) { fprintf(stderr, "usage: thidua check-db --db FILE\n"); return 2; }
    char err[512];
    store *s = store_open(path, err, sizeof err);
    if (!s) { fprintf(stderr, "thidua: %s\n", err); return 1; }
    int rc = store_check(s, err, sizeof err);
    store_close(s);
    if (rc != STORE_OK) { fprintf(stderr, "thidua check-db: %s\n", err); return 1; }
    puts("ok");
    return 0;
}


const struct cli_cmd store_cmds[] = {
    {"migrate", migrate_cmd, "[--status] --db FILE", "apply pending schema migrations, or list them"},
    {"check-db", checkdb_cmd, "--db FILE", "integrity and foreign-key check"},
    {0},
};
