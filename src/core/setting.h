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

enum setting_kind {
    SETTING_INT = 0,           /* a whole number within [min, max] (the zero value: older rows) */
    SETTING_TEXT,              /* one line of Vietnamese text: normalised to NFC, at most max characters */
};
struct setting_def {
    const char *name;          /* "import.max_rows.reporter" */
    int64_t def, min, max;     /* integers: default and bounds; text: min/max characters (def unused) */
    const char *unit;          /* "dòng", "ngày", … shown beside the value ("" for text) */
    const char *help;          /* Vietnamese, one line */
    enum setting_kind kind;
    const char *text_def;      /* text settings: the default ("" allowed when min is 0) */
};
extern const struct setting_def setting_defs[];   /* ends with a zero row */

const struct setting_def *setting_find(const char *name);
/* The value in force: the stored one when it parses and is in bounds, else the default. An
 * unknown name is a programming error (asserted). A store failure yields the default. */
int64_t setting_int(store *s, const char *name);
/* The text value in force of a SETTING_TEXT setting (copied into the arena): the stored one when
 * it is still valid under the definition, else the default. Never NULL. An unknown name or an
 * integer setting is a programming error (asserted). */
const char *setting_text(store *s, arena *a, const char *name);
/* The value in force as text, whatever the kind (lists, pages, the CLI), in the arena. */
const char *setting_value_text(store *s, arena *a, const struct setting_def *d, const char *name);
/* Checks a proposed value against the definition without storing it. On success returns true
 * and, when clean is not NULL, appends the stored form (a normalised number or NFC text) to it;
 * else false with a Vietnamese message naming the setting in err. */
bool setting_check(const struct setting_def *d, const char *name, const char *value, buf *clean, char *err, size_t errlen);
/* Stores a value after checking it against the definition; audits the change inside one
 * transaction (before and after values). 0 ok; -1 with a message in err (unknown name, not a
 * number, out of bounds, text not UTF-8, a line break or too long, or a store failure). */
int setting_set(store *s, int64_t user_id, const char *user_login, const char *name,
                const char *value, char *err, size_t errlen);

/* setting_set as an actor, who needs the capability `settings` (else -1 with a message). */
int setting_set_as(store *s, const struct actor *who, const char *name, const char *value, char *err, size_t errlen);

int setting_cmd(int argc, char **argv);    /* thidua setting list|get|set (setting_cmd.c) */
#endif
