/* main.c: entry point of the thidua binary. Holds the top-level command table; every command
 * lives in the file of the resource it belongs to. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cli_cmd commands[] = {
    {"text", text_cmd, "SUBCOMMAND [ARG…]", "Vietnamese text tools (fold, sortkey, amount, date, lunar …)"},
    {0},
};

int main(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)) {
        puts("thidua 0.1");
        return 0;
    }
    return cli_dispatch("", commands, argc, argv);
}
