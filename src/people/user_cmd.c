/* user_cmd.c: the `thidua user …` command group: add, list, passwd, disable, enable, token,
 * totp-off and roles (role_cmd.c). Every write goes through user.c as the command line's actor
 * (actor_cli: every capability, audited as "cli:<operator>"); passwords are read by base/cli.c
 * without echo. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "actor.h"
#include "cli.h"
#include "role.h"
#include "user.h"
#include "vn.h"

/* Why a create or update (its result res) failed, on stderr. */
static void print_field_errors(const char *cmd, int64_t res, const struct field_errors *fe, store *s)
{
    if (res == USER_FAILED) fprintf(stderr, "thidua user %s: failed: %s\n", cmd, store_errmsg(s));
    for (int i = 0; i < fe->n; i++) {
        const char *name = fe->items[i].name;
        if (str_eq(name, "_busy") || str_eq(name, "_auth")) fprintf(stderr, "thidua user %s: %s\n", cmd, fe->items[i].value);
        else fprintf(stderr, "thidua user %s: --%s: %s\n", cmd, name, fe->items[i].value);
    }
}

static int user_add_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    struct user_input in = {.disabled = -1};
    const char *pw_file = NULL, *pw_given = NULL;
    bool must_change = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("login", &in.login, .required = true),
        CLI_TEXT("name", &in.name, .required = true),
        CLI_TEXT("unit", &in.unit, .required = true),
        CLI_TEXT("role", &in.role, .required = true),
        CLI_TEXT("email", &in.email),
        CLI_TEXT("phone", &in.phone),
        CLI_FLAG("must-change", &must_change),
        CLI_TEXT("password-file", &pw_file),
        CLI_TEXT("password", &pw_given),
        {0}};
    bool opts_ok = cli_options("user add", &argc, argv, opts);
    in.must_change = must_change;
    store *s = NULL;
    if (!opts_ok || argc > 1 || (pw_file && pw_given)) {
        if (opts_ok && pw_file && pw_given) fprintf(stderr, "thidua user add: --password-file và --password: chỉ dùng một\n");
        fprintf(stderr, "usage: thidua user add --login L --name N --unit ID|CODE --role R [--email E] [--phone P]\n"
                        "       [--must-change] [--password-file F | --password P] --db FILE\n"
                        "  (without --password-file or --password the password is read from standard input)\n");
        return 2;
    }
    if (!(s = cli_open_existing_db("user add", db, true))) return 1;
    char *pw = cli_prompt_password("user add", pw_given, pw_file);
    if (!pw) { store_close(s); return 1; }
    in.password = pw;
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = user_create(s, &a, &me, &in, &fe);
    if (id > 0) printf("created user %s (id %lld)\n", in.login, (long long)id);
    else print_field_errors("add", id, &fe, s);
    cli_secret_free(pw);
    arena_free(&a);
    store_close(s);
    return id > 0 ? 0 : 1;
}

static int display_width(const char *s)
{
    int w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
    for (utf8proc_ssize_t left = (utf8proc_ssize_t)strlen((const char *)p); left > 0;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) { n = 1; cp = '?'; }
        w += utf8proc_charwidth(cp);
        p += n;
        left -= n;
    }
    return w;
}

static void print_cell(const char *s, int width, bool last)
{
    fputs(s ? s : "", stdout);
    if (last) { putchar('\n'); return; }
    for (int i = display_width(s); i < width + 2; i++) putchar(' ');
}

static int user_list_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    bool as_json = false;
    struct user_filter f = {.limit = 1000000};
    const char *unit = NULL;
    const struct cli_opt opts[] = {
        CLI_FLAG("json", &as_json),
        CLI_TEXT("search", &f.q),
        CLI_TEXT("role", &f.role),
        CLI_TEXT("status", &f.status),
        CLI_TEXT("unit", &unit),
        {0}};
    bool opts_ok = cli_options("user list", &argc, argv, opts);
    if (opts_ok && f.status && !str_eq(f.status, "active") && !str_eq(f.status, "disabled"))
        fprintf(stderr, "thidua user list: --status: '%s' không phải active hoặc disabled\n", f.status);
    if (!opts_ok || argc > 1 || (f.status && !str_eq(f.status, "active") && !str_eq(f.status, "disabled"))) {
        fprintf(stderr, "usage: thidua user list [--json] [--search TEXT] [--role R] [--unit ID|CODE]"
                        " [--status active|disabled] --db FILE\n");
        return 2;
    }
    store *s = cli_open_existing_db("user list", db, true);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    if (unit) {
        int u = user_unit_resolve(s, unit, &f.unit_id);
        if (u != UNIT_FOUND) {
            fprintf(stderr, "thidua user list: --unit %s: %s\n", unit,
                    u == UNIT_AMBIGUOUS ? "both a unit code and another unit's id; write id:N or code:X" : "no such unit");
            goto out;
        }
    }
    struct user_row *rows;
    int n;
    int64_t total;
    if (user_list(s, &a, &f, &rows, &n, &total) != 0) {
        fprintf(stderr, "thidua user list: %s\n", store_errmsg(s));
        goto out;
    }
    if (as_json) {
        json_t *list = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(list, user_json(&a, &rows[i], false));
        char *text = json_dumps(list, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        puts(text ? text : "[]");
        free(text);
        json_decref(list);
    } else {
        const char *head[] = {"ID", "LOGIN", "NAME", "ROLE", "UNIT", "STATUS", "LAST LOGIN"};
        enum { COLS = 7 };
        const char **cells = arena_alloc(&a, sizeof *cells * (size_t)(n + 1) * COLS);
        int width[COLS] = {0};
        for (int c = 0; c < COLS; c++) cells[c] = head[c];
        for (int i = 0; i < n; i++) {
            const struct user_row *u = &rows[i];
            const char **row = cells + (size_t)(i + 1) * COLS;
            row[0] = arena_printf(&a, "%lld", (long long)u->id);
            row[1] = u->login;
            row[2] = u->name;
            row[3] = u->role;
            row[4] = u->unit_name;
            row[5] = arena_printf(&a, "%s%s", u->disabled ? "disabled" : u->must_change ? "must-change" : "active",
                                  u->totp ? "+2fa" : "");
            row[6] = u->last_login ? u->last_login : "-";
        }
        for (int i = 0; i <= n; i++)
            for (int c = 0; c < COLS; c++) {
                int w = display_width(cells[(size_t)i * COLS + c]);
                if (w > width[c]) width[c] = w;
            }
        for (int i = 0; i <= n; i++)
            for (int c = 0; c < COLS; c++) print_cell(cells[(size_t)i * COLS + c], width[c], c == COLS - 1);
    }
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* The user named by a login or "id:N" on the command line; prints why not and returns 0. */
static int64_t cli_user(store *s, const char *cmd, const char *ref)
{
    int64_t id = 0;
    if (str_starts(ref, "id:") && parse_int64(ref + 3, &id)) {
        int64_t n = 0;
        if (store_int64(s, &n, "SELECT count(*) FROM app_user WHERE id=$1", "i", id) == 1 && n) return id;
        id = 0;
    } else {
        id = user_id_by_login(s, ref);
    }
    if (!id) fprintf(stderr, "thidua user %s: no user '%s'\n", cmd, ref);
    return id;
}

static int user_passwd_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    bool must = false;
    const char *pw_file = NULL, *pw_given = NULL;
    const struct cli_opt opts[] = {
        CLI_FLAG("must-change", &must),
        CLI_TEXT("password-file", &pw_file),
        CLI_TEXT("password", &pw_given),
        {0}};
    bool opts_ok = cli_options("user passwd", &argc, argv, opts);
    store *s = NULL;
    if (!opts_ok || argc != 2 || (pw_file && pw_given)) {
        if (opts_ok && pw_file && pw_given) fprintf(stderr, "thidua user passwd: --password-file và --password: chỉ dùng một\n");
        fprintf(stderr, "usage: thidua user passwd LOGIN [--must-change] [--password-file F | --password P] --db FILE\n"
                        "  (without --password-file or --password the password is read from standard input)\n");
        return 2;
    }
    if (!(s = cli_open_existing_db("user passwd", db, true))) return 1;
    int64_t id = cli_user(s, "passwd", argv[1]);
    char *pw = id ? cli_prompt_password("user passwd", pw_given, pw_file) : NULL;
    int rc = 1;
    if (pw) {
        arena a = {0};
        const char *problem = NULL;
        int revoked = 0;
        struct actor me = actor_cli(&a);
        int res = user_set_password(s, &me, id, pw, must, NULL, false, "password.reset", &revoked, &problem);
        if (res == 1) {
            printf("password of %s set; their sessions have ended and their %d live API token(s) are revoked\n",
                   argv[1], revoked);
            rc = 0;
        }
        else if (problem) fprintf(stderr, "thidua user passwd: %s\n", problem);
        else fprintf(stderr, "thidua user passwd: %s\n", store_errmsg(s));
        arena_free(&a);
    }
    cli_secret_free(pw);
    store_close(s);
    return rc;
}

static int set_disabled_cmd(const char *cmd, int argc, char **argv, bool disabled)
{
    const char *db = cli_db_path(&argc, argv);
    if (!cli_no_options(disabled ? "user disable" : "user enable", &argc, argv) || argc != 2) {
        fprintf(stderr, "usage: thidua user %s LOGIN --db FILE\n", cmd);
        return 2;
    }
    store *s = cli_open_existing_db(disabled ? "user disable" : "user enable", db, true);
    if (!s) return 1;
    int64_t id = cli_user(s, cmd, argv[1]);
    int rc = 1;
    if (id) {
        arena a = {0};
        struct user_input in = {.disabled = disabled, .must_change = -1};
        struct field_errors fe = {0};
        struct actor me = actor_cli(&a);
        int res = user_update(s, &a, &me, id, &in, NULL, &fe);
        if (res == 1) { printf("%s %s\n", argv[1], disabled ? "disabled; their sessions have ended" : "enabled"); rc = 0; }
        else if (res == USER_LAST_ADMIN)
            fprintf(stderr, "thidua user %s: refused: no enabled whole-tree user administrator would remain\n", cmd);
        else print_field_errors(cmd, res, &fe, s);
        arena_free(&a);
    }
    store_close(s);
    return rc;
}

static int user_disable_cmd(int argc, char **argv) { return set_disabled_cmd("disable", argc, argv, true); }
static int user_enable_cmd(int argc, char **argv) { return set_disabled_cmd("enable", argc, argv, false); }

static int user_token_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    const char *label = NULL;
    bool days = false, revoke = false, list = false;
    int64_t ndays = 0, revoke_id = 0;
    const struct cli_opt opts[] = {
        CLI_TEXT("label", &label),
        CLI_INT("expires-days", &ndays, .given = &days),
        CLI_INT("revoke", &revoke_id, .min = 1, .max = INT64_MAX, .given = &revoke),
        CLI_FLAG("list", &list),
        {0}};
    bool opts_ok = cli_options("user token", &argc, argv, opts);
    int modes = (label != NULL) + revoke + list;
    store *s = NULL;
    if (opts_ok && modes != 1) fprintf(stderr, "thidua user token: dùng đúng một trong --label, --list, --revoke\n");
    else if (opts_ok && days && !label) fprintf(stderr, "thidua user token: --expires-days: chỉ đi cùng --label\n");
    if (!opts_ok || argc != 2 || modes != 1 || (days && !label)) {
        fprintf(stderr, "usage: thidua user token LOGIN --label TEXT [--expires-days N] --db FILE   (prints the new token once)\n"
                        "       thidua user token LOGIN --list --db FILE\n"
                        "       thidua user token LOGIN --revoke TOKEN_ID --db FILE\n"
                        "  N: 1 to the setting token.max_days (default 365); without it, 90 (or the limit if lower)\n");
        return 2;
    }
    if (!(s = cli_open_existing_db("user token", db, true))) return 1;
    int64_t user_id = cli_user(s, "token", argv[1]);
    int rc = 1;
    arena a = {0};
    struct actor me = actor_cli(&a);
    if (!user_id) goto out;
    if (list) {
        stmt *q = store_query(s, "SELECT id, label, created_at, expires_at, last_used, revoked FROM api_token"
                                 " WHERE user_id=$1 ORDER BY id", "i", user_id);
        printf("%-6s %-21s %-21s %-21s %-8s %s\n", "ID", "CREATED", "EXPIRES", "LAST USED", "STATUS", "LABEL");
        while (q && stmt_step(q) == STORE_ROW)
            printf("%-6lld %-21s %-21s %-21s %-8s %s\n", (long long)stmt_int64(q, 0), stmt_text(q, 2),
                   stmt_text(q, 3) ? stmt_text(q, 3) : "never", stmt_text(q, 4) ? stmt_text(q, 4) : "-",
                   stmt_int64(q, 5) ? "revoked" : "live", stmt_text(q, 1));
        stmt_finalize(q);
        rc = q ? 0 : 1;
    } else if (revoke) {
        int res = user_token_revoke(s, &me, user_id, revoke_id);
        if (res == 1) { printf("token %lld revoked\n", (long long)revoke_id); rc = 0; }
        else if (res == 0) fprintf(stderr, "thidua user token: %s has no live token %lld\n", argv[1], (long long)revoke_id);
        else fprintf(stderr, "thidua user token: %s\n", store_errmsg(s));
    } else {
        char token[AUTH_TOKEN_LEN + 1];
        struct field_errors fe = {0};
        if (!days) ndays = user_token_default_days(s);
        int64_t id = user_token_issue(s, &a, &me, user_id, label, ndays, token, &fe);
        if (id > 0) {
            puts(token);
            fprintf(stderr, "token %lld for %s, valid %lld days: store it now, it is not shown again\n", (long long)id,
                    argv[1], (long long)ndays);
            sodium_memzero(token, sizeof token);
            rc = 0;
        } else if (fe.n) {
            for (int i = 0; i < fe.n; i++) fprintf(stderr, "thidua user token: %s\n", fe.items[i].value);
        } else {
            fprintf(stderr, "thidua user token: %s\n", store_errmsg(s));
        }
    }
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* Recovery for a lost authenticator: an operator with the database turns the second factor
 * off; the user signs in with the password and enrols again. */
static int user_totp_off_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    if (!cli_no_options("user totp-off", &argc, argv) || argc != 2) {
        fprintf(stderr, "usage: thidua user totp-off LOGIN --db FILE\n");
        return 2;
    }
    store *s = cli_open_existing_db("user totp-off", db, true);
    if (!s) return 1;
    int64_t id = cli_user(s, "totp-off", argv[1]);
    int rc = 1;
    arena a = {0};
    struct actor me = actor_cli(&a);
    if (id && user_totp_off(s, &me, id) == 1) {
        printf("two-factor login of %s is off; they sign in with the password and may enrol again\n", argv[1]);
        rc = 0;
    } else if (id) {
        fprintf(stderr, "thidua user totp-off: %s\n", store_errmsg(s));
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

const struct cli_cmd user_cmds[] = {
    {"add", user_add_cmd, "--login L --name N --unit ID|CODE --role R [--email E] [--phone P] [--must-change] "
                          "[--password-file F | --password P] --db FILE",
     "create a user; the password comes from standard input (asked twice without echo on a terminal) "
     "unless --password-file or --password (visible to other local users: scripts only) is given"},
    {"list", user_list_cmd, "[--json] [--search TEXT] [--role R] [--unit ID|CODE] [--status active|disabled] --db FILE",
     "list users as a table, or as JSON"},
    {"passwd", user_passwd_cmd, "LOGIN [--must-change] [--password-file F | --password P] --db FILE",
     "set a user's password (read like 'add'); ends their sessions and revokes their API tokens"},
    {"disable", user_disable_cmd, "LOGIN --db FILE", "lock an account: no login, sessions end, API tokens stop working"},
    {"enable", user_enable_cmd, "LOGIN --db FILE", "unlock an account"},
    {"token", user_token_cmd, "LOGIN --label TEXT [--expires-days N] | --list | --revoke ID --db FILE",
     "create an API token (printed once; 1 to token.max_days days, default 90), list a user's tokens, or revoke one"},
    {"totp-off", user_totp_off_cmd, "LOGIN --db FILE", "turn off a user's two-factor login (lost authenticator)"},
    {"roles", role_list_cmd, "[--json] --db FILE", "list roles with their capabilities"},
    {0},
};

int user_cmd(int argc, char **argv) { return cli_dispatch("user", user_cmds, argc, argv); }
