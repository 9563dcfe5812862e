/* text_strings.c: `thidua text` subcommands over strings: fold, sortkey, sort, split-name,
 * sender, normalise. */
#include "text.h"

const struct cli_cmd text_string_cmds[] = {
    {0},
};
