/* cli.h: the command-line face of thidua. A command is a row {name, handler, usage, help};
 * resource files export their commands' handlers and main.c lists them. A handler gets argv
 * starting at its own name and returns the process exit status (0 ok, 1 failure, 2 usage). */
#ifndef THIDUA_CLI_H
#define THIDUA_CLI_H
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "util.h"

struct cli_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *help;
};

/* Finds `name` in a table ended by a zero row; NULL if absent. */
const struct cli_cmd *cli_find(const struct cli_cmd *table, const char *name);
/* Prints "usage: thidua PREFIX USAGE" lines for every row of a table to stderr. */
void cli_usage(const char *prefix, const struct cli_cmd *table);
/* Runs argv[1] from `table` (argv[0] is the group's name); prints usage and returns 2 if unknown. */
int cli_dispatch(const char *prefix, const struct cli_cmd *table, int argc, char **argv);
/* A command's options, declared once as a table (one rule and one set of messages for every
 * command, instead of an option read, a parse and a message each):
 *     int64_t number = 0; const char *reason = NULL; bool json = false;
 *     const struct cli_opt opts[] = {
 *         CLI_INT("number", &number),
 *         CLI_TEXT("reason", &reason, .required = true),
 *         CLI_FLAG("json", &json),
 *         {0}};
 *     if (!cli_options("decision revoke", &argc, argv, opts)) { usage…; return 2; }
 * Each option is `--name value` or `--name=value` (a flag is bare `--name`); it may appear once
 * (a CLI_LIST option: up to .max times, every value kept in order).
 * A bare "--" ends the options: it and every word after it stay, as positional arguments.
 * The table's options are taken out of argv; the positional arguments and --db (which
 * cli_open_db takes later, so every table need not name it) stay, in order. Any other word
 * starting with "--" is an option the command does not have, and is refused, so nothing the
 * user typed is silently ignored or mistaken for a positional argument. An option not given leaves its
 * out untouched, so a default set before stands. On a missing required option, a missing or
 * unconvertible value, or a repeated option it prints one line naming the option to stderr
 * ("thidua CMD: thiếu --reason", "thidua CMD: --number: 'x' không phải số nguyên"; an unknown one:
 * "thidua CMD: --nam: tùy chọn không biết") and returns
 * false; the caller prints its usage and returns 2. */
enum cli_opt_kind {
    CLI_OPT_TEXT = 0,          /* out: const char ** — the value as given */
    CLI_OPT_INT,               /* out: int64_t * — a whole number, within [min, max] when max > min */
    CLI_OPT_FLAG,              /* out: bool * — true when present; takes no value */
    CLI_OPT_CONVERT,           /* out: whatever `convert` fills; `expect` says what it wants */
    CLI_OPT_LIST,              /* out: struct cli_list * — every value, in order, at most .max */
};
/* The values of a repeatable option (--source A --source B). */
#define CLI_LIST_MAX 32
struct cli_list {
    const char *item[CLI_LIST_MAX];
    int n;
};
struct cli_opt {
    const char *name;          /* without the dashes: "fund" for --fund */
    enum cli_opt_kind kind;
    void *out;
    bool required;
    int64_t min, max;          /* CLI_OPT_INT bounds (unused when max <= min); CLI_OPT_LIST: most values */
    bool (*convert)(const char *text, void *out);   /* CLI_OPT_CONVERT: false when text is not one */
    const char *expect;        /* CLI_OPT_CONVERT: "số tiền (đồng)", for the message */
    bool *given;               /* optional: set true when the option was on the line */
};
/* One row, with its out pointer's type checked at compile time (out is a void * in the row);
 * the rest of the members by name (.required = true, .min/.max, .given). */
#define CLI_TEXT(name_, out_, ...) {.name = (name_), .kind = CLI_OPT_TEXT, .out = _Generic((out_), const char **: (out_)), __VA_ARGS__}
#define CLI_INT(name_, out_, ...) {.name = (name_), .kind = CLI_OPT_INT, .out = _Generic((out_), int64_t *: (out_)), __VA_ARGS__}
#define CLI_FLAG(name_, out_, ...) {.name = (name_), .kind = CLI_OPT_FLAG, .out = _Generic((out_), bool *: (out_)), __VA_ARGS__}
/* A repeatable option: up to max_ values (at most CLI_LIST_MAX) into a struct cli_list. */
#define CLI_LIST(name_, out_, max_, ...) \
    {.name = (name_), .kind = CLI_OPT_LIST, .out = _Generic((out_), struct cli_list *: (out_)), .max = (max_), __VA_ARGS__}
/* A converted value: convert(text, out) fills what out points to; expect names it for messages. */
#define CLI_CONVERT(name_, out_, convert_, expect_, ...) \
    {.name = (name_), .kind = CLI_OPT_CONVERT, .out = (out_), .convert = (convert_), .expect = (expect_), __VA_ARGS__}
bool cli_options(const char *cmd, int *argc, char **argv, const struct cli_opt *opts);
/* cli_options with an empty table, for a command that takes only --db and positionals: an
 * option it does not have gets the same message as anywhere else. */
bool cli_no_options(const char *cmd, int *argc, char **argv);
/* For a command that reads no database, after cli_options: --db (which cli_options leaves for
 * cli_open_db) is not its option either; false after the same message as any unknown option. */
bool cli_no_db(const char *cmd, int argc, char **argv);

/* A command's --json answer: v on stdout, indented by two, then a newline; takes v's reference. */
void cli_print_json(json_t *v);
/* Writes a command's document (a PDF, a CSV) to a file that must not exist yet, so a mistyped
 * path never overwrites one; 0, or 1 after saying why on stderr ("thidua WHAT: …"). */
int cli_write_new_file(const char *path, const buf *b, const char *what);
/* The database path: --db (taken out of argv), else $THIDUA_DB, else "thidua.db". */
const char *cli_db_path(int *argc, char **argv);

/* Who the audit log names for a command-line change: "cli:" and $THIDUA_OPERATOR, else the
 * operating-system user ($SUDO_USER, $USER, the login name), cleaned to [A-Za-z0-9._-]. */
const char *cli_actor(arena *a);

/* Terminal input for secrets. cli_read_line: one line of f without its end (CR too), malloc'd;
 * NULL on end of file before any byte; lines past 4 KiB are cut there. cli_prompt_hidden: the
 * prompt on stderr, then a line of standard input without echo when it is a terminal.
 * cli_secret_free: wipes and frees such a line (NULL is fine). */
char *cli_read_line(FILE *f);
char *cli_prompt_hidden(const char *prompt);
void cli_secret_free(char *s);
/* A new password for a command ("user add"): `given` (an explicit option, for scripts), else the
 * first line of `file`, else standard input: asked twice without echo on a terminal, one line
 * otherwise. malloc'd (free with cli_secret_free); NULL after printing why to stderr. */
char *cli_prompt_password(const char *cmd, const char *given, const char *file);

/* `thidua text ...` (Vietnamese text tools): text.c. */
int text_cmd(int argc, char **argv);
#endif
