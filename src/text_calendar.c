/* text_calendar.c: `thidua text` subcommands for amounts, dates, the lunar calendar, working
 * days and legacy encodings. */
#include "text.h"

const struct cli_cmd text_calendar_cmds[] = {
    {0},
};
