/* text.c: the `thidua text …` commands, Vietnamese text tools for administrators and scripts
 * (fold, sort keys, names, amounts, dates, calendar, legacy encodings, transfer senders).
 * The functions themselves live in the vn_* files (vn.h); this file only reads arguments or
 * standard input lines and prints one result per line (--json for structured output). */
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "text.h"

static const struct cli_cmd *const text_tables[] = { text_string_cmds, text_calendar_cmds };

bool text_options(const char *cmd, int *argc, char **argv, const struct cli_opt *opts)
{
    char name[48];
    snprintf(name, sizeof name, "text %s", cmd);
    return cli_options(name, argc, argv, opts) && cli_no_db(name, *argc, argv);
}

int text_cmd(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof text_tables / sizeof text_tables[0]; i++) {
        const struct cli_cmd *c = argc > 1 ? cli_find(text_tables[i], argv[1]) : 0;
        if (c) return c->run(argc - 1, argv + 1);
    }
    for (size_t i = 0; i < sizeof text_tables / sizeof text_tables[0]; i++)
        cli_usage("text", text_tables[i]);
    return 2;
}
