/* setting.h: the settings an administrator may change without a code change (limits, quotas,
 * lifetimes), as one table of known names with their type, bounds, default and help. Values
 * live in the `setting` table; a name not stored there has its default. The CLI
 * (`thidua setting list|get|set`, setting_cmd.c) is generated from the table, so a new setting
 * is one row in setting.c and nothing else. Every change is audited. */
#ifndef THIDUA_SETTING_H
#define THIDUA_SETTING_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "store.h"

struct setting_def {
    const char *name;          /* "import.max_rows.reporter" */
    int64_t def, min, max;     /* integer settings only, for now */
    const char *unit;          /* "dòng", "ngày", … shown beside the value */
    const char *help;          /* Vietnamese, one line */
};
extern const struct setting_def setting_defs[];   /* ends with a zero row */

const struct setting_def *setting_find(const char *name);
/* The value in force: the stored one when it parses and is in bounds, else the default. An
 * unknown name is a programming error (asserted). A store failure yields the default. */
int64_t setting_int(store *s, const char *name);
/* Stores a value after checking it against the definition; audits the change inside one
 * transaction. 0 ok; -1 with a message in err (unknown name, not a number, out of bounds, or a
 * store failure). */
int setting_set(store *s, int64_t user_id, const char *user_login, const char *name,
                const char *value, char *err, size_t errlen);

/* setting_set as an actor, who needs the capability `settings` (else -1 with a message). */
int setting_set_as(store *s, const struct actor *who, const char *name, const char *value, char *err, size_t errlen);

int setting_cmd(int argc, char **argv);    /* thidua setting list|get|set (setting_cmd.c) */
#endif
