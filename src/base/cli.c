/* cli.c: helpers shared by every command: table lookup, usage text, option parsing (each
 * command's declared table: cli_options; --db: cli_db_path), and reading secrets from the
 * terminal without echo. */
#include "cli.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

const struct cli_cmd *cli_find(const struct cli_cmd *table, const char *name)
{
    for (; table && table->name; table++)
        if (name && strcmp(table->name, name) == 0) return table;
    return NULL;
}

void cli_usage(const char *prefix, const struct cli_cmd *table)
{
    for (; table && table->name; table++)
        fprintf(stderr, "  thidua %s%s%s %s\n      %s\n", prefix, *prefix ? " " : "", table->name,
                table->usage ? table->usage : "", table->help ? table->help : "");
}

int cli_dispatch(const char *prefix, const struct cli_cmd *table, int argc, char **argv)
{
    const struct cli_cmd *c = argc > 1 ? cli_find(table, argv[1]) : NULL;
    if (!c) {
        if (argc > 1 && strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "help") != 0)
            fprintf(stderr, "thidua %s: unknown command '%s'\n", prefix, argv[1]);
        fprintf(stderr, "usage:\n");
        cli_usage(prefix, table);
        return 2;
    }
    return c->run(argc - 1, argv + 1);
}

static void remove_args(int *argc, char **argv, int at, int n)
{
    for (int i = at; i + n <= *argc; i++) argv[i] = argv[i + n];
    *argc -= n;
}

/* Where argv[i] names `--name` of the table: the entry, and *value the text after "=" (or NULL). */
static const struct cli_opt *option_named(const struct cli_opt *opts, const char *arg, const char **value)
{
    *value = NULL;
    if (strncmp(arg, "--", 2) != 0) return NULL;
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    for (const struct cli_opt *o = opts; o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) {
            if (eq) *value = eq + 1;
            return o;
        }
    return NULL;
}

static bool option_store(const char *cmd, const struct cli_opt *o, const char *value)
{
    switch (o->kind) {
    case CLI_OPT_TEXT:
        *(const char **)o->out = value;
        return true;
    case CLI_OPT_INT: {
        int64_t n;
        if (!parse_int64(value, &n)) {
            fprintf(stderr, "thidua %s: --%s: '%s' không phải số nguyên\n", cmd, o->name, value);
            return false;
        }
        if (o->max > o->min && (n < o->min || n > o->max)) {
            fprintf(stderr, "thidua %s: --%s: %lld nằm ngoài khoảng %lld–%lld\n", cmd, o->name, (long long)n,
                    (long long)o->min, (long long)o->max);
            return false;
        }
        *(int64_t *)o->out = n;
        return true;
    }
    case CLI_OPT_CONVERT:
        if (!o->convert(value, o->out)) {
            fprintf(stderr, "thidua %s: --%s: '%s' không phải %s\n", cmd, o->name, value, o->expect ? o->expect : "giá trị hợp lệ");
            return false;
        }
        return true;
    case CLI_OPT_LIST: {
        struct cli_list *l = o->out;
        int64_t most = o->max > 0 && o->max < CLI_LIST_MAX ? o->max : CLI_LIST_MAX;
        if (l->n >= most) {
            fprintf(stderr, "thidua %s: --%s: nhiều nhất %lld lần\n", cmd, o->name, (long long)most);
            return false;
        }
        l->item[l->n++] = value;
        return true;
    }
    case CLI_OPT_FLAG:
        break;
    }
    return false;
}

bool cli_options(const char *cmd, int *argc, char **argv, const struct cli_opt *opts)
{
    size_t n_opts = 0;
    while (opts[n_opts].name) n_opts++;
    bool seen[64] = {0};
    assert(n_opts <= countof(seen) && "cli_options: too many options in one table");
    for (int i = 1; i < *argc;) {
        const char *value;
        /* "--" ends the options: what follows is positional even if it starts with dashes
         * (`thidua text fold -- --json` folds the word "--json"). It stays for the command. */
        if (strcmp(argv[i], "--") == 0) break;
        const struct cli_opt *o = option_named(opts, argv[i], &value);
        if (!o) {
            if (strncmp(argv[i], "--", 2) != 0) { i++; continue; }
            /* --db is every command's and cli_open_db reads it later: step over it and its value. */
            if (strcmp(argv[i], "--db") == 0) { i += 2; continue; }
            if (strncmp(argv[i], "--db=", 5) == 0) { i++; continue; }
            const char *eq = strchr(argv[i], '=');
            fprintf(stderr, "thidua %s: %.*s: tùy chọn không biết\n", cmd, eq ? (int)(eq - argv[i]) : (int)strlen(argv[i]),
                    argv[i]);
            return false;
        }
        size_t k = (size_t)(o - opts);
        if (seen[k] && o->kind != CLI_OPT_LIST) { fprintf(stderr, "thidua %s: --%s: chỉ được ghi một lần\n", cmd, o->name); return false; }
        seen[k] = true;
        if (o->given) *o->given = true;
        if (o->kind == CLI_OPT_FLAG) {
            if (value) { fprintf(stderr, "thidua %s: --%s: không nhận giá trị\n", cmd, o->name); return false; }
            *(bool *)o->out = true;
            remove_args(argc, argv, i, 1);
            continue;
        }
        int taken = 1;
        if (!value) {
            if (i + 1 >= *argc) { fprintf(stderr, "thidua %s: --%s: thiếu giá trị\n", cmd, o->name); return false; }
            value = argv[i + 1];
            taken = 2;
        }
        if (!option_store(cmd, o, value)) return false;
        remove_args(argc, argv, i, taken);
    }
    for (size_t k = 0; k < n_opts; k++)
        if (opts[k].required && !seen[k]) { fprintf(stderr, "thidua %s: thiếu --%s\n", cmd, opts[k].name); return false; }
    return true;
}

bool cli_no_options(const char *cmd, int *argc, char **argv)
{
    static const struct cli_opt none[] = {{0}};
    return cli_options(cmd, argc, argv, none);
}

bool cli_no_db(const char *cmd, int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strncmp(argv[i], "--", 2) == 0) {
            const char *eq = strchr(argv[i], '=');
            fprintf(stderr, "thidua %s: %.*s: tùy chọn không biết\n", cmd, eq ? (int)(eq - argv[i]) : (int)strlen(argv[i]),
                    argv[i]);
            return false;
        }
    return true;
}

const char *cli_db_path(int *argc, char **argv)
{
    /* --db is the one option cli_options leaves (a command's table need not name it): taken out
     * here, the first one before a "--"; its value may be anything, even a word with dashes. */
    const char *db = NULL;
    for (int i = 1; i < *argc && strcmp(argv[i], "--") != 0; i++) {
        if (strncmp(argv[i], "--db=", 5) == 0) { db = argv[i] + 5; remove_args(argc, argv, i, 1); break; }
        if (strcmp(argv[i], "--db") == 0 && i + 1 < *argc) { db = argv[i + 1]; remove_args(argc, argv, i, 2); break; }
    }
    if (!db) db = getenv("THIDUA_DB");
    return db && *db ? db : "thidua.db";
}

const char *cli_actor(arena *a)
{
    const char *u = getenv("THIDUA_OPERATOR");
    if (str_empty(u)) u = getenv("SUDO_USER");
    if (str_empty(u)) u = getenv("USER");
    if (str_empty(u)) u = getlogin();
    char clean[33];
    size_t n = 0;
    for (const char *p = u ? u : ""; *p && n < 32; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._-", *p))
            clean[n++] = *p;
    clean[n] = 0;
    return n ? arena_printf(a, "cli:%s", clean) : arena_printf(a, "cli:uid%ld", (long)getuid());
}

char *cli_read_line(FILE *f)
{
    buf b = {0};
    int c;
    bool any = false;
    while ((c = fgetc(f)) != EOF) {
        any = true;
        if (c == '\n') break;
        if (b.len > 4096) continue;   /* far beyond any password rule; the rule check reports it */
        buf_putc(&b, (char)c);
    }
    if (!any) { buf_free(&b); return NULL; }
    while (b.len && b.data[b.len - 1] == '\r') b.data[--b.len] = 0;
    return buf_detach(&b);
}

char *cli_prompt_hidden(const char *prompt)
{
    struct termios old, quiet;
    fputs(prompt, stderr);
    fflush(stderr);
    bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *line = cli_read_line(stdin);
    if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return line;
}

void cli_secret_free(char *s)
{
    if (s) { sodium_memzero(s, strlen(s)); free(s); }
}

char *cli_prompt_password(const char *cmd, const char *given, const char *file)
{
    if (given) return xstrdup(given);
    if (file) {
        FILE *f = fopen(file, "r");
        if (!f) { fprintf(stderr, "thidua %s: cannot read %s: %s\n", cmd, file, strerror(errno)); return NULL; }
        char *pw = cli_read_line(f);
        fclose(f);
        if (!pw) fprintf(stderr, "thidua %s: %s is empty\n", cmd, file);
        return pw;
    }
    if (!isatty(STDIN_FILENO)) {
        char *pw = cli_read_line(stdin);
        if (!pw) fprintf(stderr, "thidua %s: no password on standard input\n", cmd);
        return pw;
    }
    char *pw = cli_prompt_hidden("Mật khẩu: "), *again = pw ? cli_prompt_hidden("Nhập lại mật khẩu: ") : NULL;
    if (!pw || !again || strcmp(pw, again) != 0) {
        fprintf(stderr, "thidua %s: the two passwords differ\n", cmd);
        cli_secret_free(pw);
        cli_secret_free(again);
        return NULL;
    }
    cli_secret_free(again);
    return pw;
}

int cli_write_new_file(const char *path, const buf *b, const char *what)
{
    FILE *f = fopen(path, "wx");
    if (!f) { fprintf(stderr, "thidua %s: cannot create %s (it may exist already)\n", what, path); return 1; }
    size_t w = fwrite(b->data, 1, b->len, f);
    if (fclose(f) != 0 || w != b->len) { fprintf(stderr, "thidua %s: cannot write %s\n", what, path); return 1; }
    return 0;
}

void cli_print_json(json_t *v)
{
    char *text = json_dumps(v, JSON_INDENT(2));
    puts(text ? text : "null");
    free(text);
    json_decref(v);
}
