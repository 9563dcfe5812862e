/* db_cmd.c: the database commands that need the whole program: `thidua init` (a new database,
 * optionally with the demo data), `thidua demo-logins`, and `thidua backup` (an online copy,
 * checked, with its audit anchor). Migrations and the integrity check are in store/migrate.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "demo.h"
#include "store.h"

static int init_cmd(int argc, char **argv)
{
    bool demo = false, force = false, cheap = false;
    const struct cli_opt opts[] = {
        CLI_FLAG("demo", &demo),
        CLI_FLAG("force", &force),
        CLI_FLAG("cheap-hash", &cheap),
        {0}};
    bool opts_ok = cli_options("init", &argc, argv, opts);
    const char *path = cli_db_path(&argc, argv);
    if (!opts_ok || argc > 1) {
        fprintf(stderr, "usage: thidua init [--demo] [--force] [--cheap-hash] --db FILE\n");
        return 2;
    }
    if (access(path, F_OK) == 0) {
        if (!force) {
            fprintf(stderr, "thidua init: %s already exists (use --force to replace it)\n", path);
            return 1;
        }
        char side[1024];
        unlink(path);
        snprintf(side, sizeof side, "%s-wal", path); unlink(side);
        snprintf(side, sizeof side, "%s-shm", path); unlink(side);
    }
    char *av[] = {argv[0], "--db", (char *)path, NULL};
    int ac = 3;
    store *s = cli_open_db(&ac, av);
    if (!s) return 1;
    int rc = 0;
    /* Test databases only: a minimal Argon2id cost, so suites can create many users. */
    if (cheap && store_exec(s, "INSERT INTO setting(name, value, updated_at) VALUES ('auth.pwhash', 'cheap', $1)",
                            "t", "init") != STORE_OK) {
        fprintf(stderr, "thidua init: %s\n", store_errmsg(s));
        rc = 1;
    }
    if (!rc && demo && demo_populate(s) != 0) {
        fprintf(stderr, "thidua init: demo data failed: %s\n", store_errmsg(s));
        rc = 1;
    }
    store_close(s);
    if (rc) { unlink(path); return rc; }
    printf("created %s%s\n", path, demo ? " with demo data" : "");
    if (demo) demo_print_logins(stdout);
    return 0;
}

static int backup_cmd(int argc, char **argv)
{
    bool opts_ok = cli_no_options("backup", &argc, argv);
    const char *path = cli_db_path(&argc, argv);
    if (!opts_ok || argc != 2) {
        fprintf(stderr, "usage: thidua backup --db FILE OUT\n");
        return 2;
    }
    char err[512];
    store *s = store_open(path, err, sizeof err);
    if (!s) { fprintf(stderr, "thidua: %s\n", err); return 1; }
    int rc = store_backup(s, argv[1], err, sizeof err);
    store_close(s);
    if (rc != STORE_OK) { fprintf(stderr, "thidua backup: %s\n", err); return 1; }
    s = store_open(argv[1], err, sizeof err);
    if (s && store_check(s, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "thidua backup: the copy fails its integrity check: %s\n", err);
        store_close(s);
        return 1;
    }
    /* The copy's anchor, to keep beside it: `thidua audit verify --anchor` checks a restore. */
    int64_t head_id = 0;
    char head_hash[65];
    int hrc = s ? audit_head(s, &head_id, head_hash) : STORE_ERR;
    store_close(s);
    if (hrc < 0) { fprintf(stderr, "thidua backup: cannot read the copy's audit log\n"); return 1; }
    printf("backup written to %s\nanchor %lld:%s\n", argv[1], (long long)head_id, head_hash);
    return 0;
}

static int demo_logins_cmd(int argc, char **argv)
{
    /* It reads no database: anything on the line (even --db) was ignored before; now refused. */
    if (!cli_no_options("demo-logins", &argc, argv) || argc > 1) {
        if (argc > 1) fprintf(stderr, "thidua demo-logins: %s: không nhận đối số (danh sách như nhau với mọi cơ sở dữ liệu demo)\n", argv[1]);
        fprintf(stderr, "usage: thidua demo-logins\n");
        return 2;
    }
    demo_print_logins(stdout);
    return 0;
}

const struct cli_cmd db_cmds[] = {
    {"demo-logins", demo_logins_cmd, "", "print the demo database's users and password"},
    {"init", init_cmd, "[--demo] [--force] [--cheap-hash] --db FILE", "create a database (--demo: the Lạng Sơn demo data; --cheap-hash: fast password hashing, for test databases only)"},
    {"backup", backup_cmd, "--db FILE OUT", "consistent copy of a live database into OUT"},
    {0},
};
