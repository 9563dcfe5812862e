/* text.h: the two tables of `thidua text` subcommands: string tools (text_strings.c: fold,
 * sortkey, sort, split-name, sender, normalise …) and calendar/amount/encoding tools
 * (text_calendar.c: amount, words, date, anniversary, lunar, solar, holidays, add-workdays,
 * workdays, decode, detect). Each table ends with a zero row. */
#ifndef THIDUA_TEXT_H
#define THIDUA_TEXT_H
#include "cli.h"
extern const struct cli_cmd text_string_cmds[];
extern const struct cli_cmd text_calendar_cmds[];
/* A subcommand's options (cli_options: its rule and messages, named "text CMD"); these read no
 * database, so a --db left over is refused too. false after the message. */
bool text_options(const char *cmd, int *argc, char **argv, const struct cli_opt *opts);
#endif
