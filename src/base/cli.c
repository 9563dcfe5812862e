/* cli.c: helpers shared by every command: table lookup, usage text, option parsing, and
 * reading secrets from the terminal without echo. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
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

const char *cli_option(int *argc, char **argv, const char *name)
{
    size_t len = strlen(name);
    for (int i = 1; i < *argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0 || strncmp(argv[i] + 2, name, len) != 0) continue;
        const char *rest = argv[i] + 2 + len;
        if (*rest == '=') {
            remove_args(argc, argv, i, 1);
            return rest + 1;
        }
        if (*rest == 0 && i + 1 < *argc) {
            const char *v = argv[i + 1];
            remove_args(argc, argv, i, 2);
            return v;
        }
    }
    return NULL;
}

bool cli_flag(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0) {
            remove_args(argc, argv, i, 1);
            return true;
        }
    }
    return false;
}

const char *cli_db_path(int *argc, char **argv)
{
    const char *db = cli_option(argc, argv, "db");
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
