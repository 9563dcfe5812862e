/* privacy.h: erasing a person (`thidua privacy erase`) without breaking the audit chain, and
 * the retention purge of vault values no recent audit entry uses. The masking rules and field
 * kinds are in pii.h, included here so that callers of either need one include. Rules and
 * reasons: docs/privacy.md. */
#ifndef THIDUA_PRIVACY_H
#define THIDUA_PRIVACY_H
#include <jansson.h>
#include <stdbool.h>

#include "pii.h"
#include "store.h"

/* Erases a person: overwrites the personal fields of the live record, erases the person's
 * values in pii_vault, and appends one audit entry (action "erase") that lists which fields
 * were erased and how many vault values, never the values. Runs its own transaction.
 * Entities with an eraser: "user". Returns 0, or -1 with a message in err (unknown entity or
 * id, last administrator, database error). On SQLite the erased bytes are also scrubbed from
 * the file (secure_delete) and the WAL is truncated. *summary (may be NULL) receives a new
 * JSON object describing what was done (caller decrefs). */
int privacy_erase(store *s, int64_t actor_id, const char *actor_login, const char *entity, int64_t id,
                  const char *reason, json_t **summary, char *err, size_t errlen);
/* Retention: erases vault values not referred to by any audit entry since `before_iso`
 * (YYYY-MM-DD…); records one audit entry with the count. Returns the count, or < 0. */
int64_t privacy_purge(store *s, int64_t actor_id, const char *actor_login, const char *before_iso,
                      char *err, size_t errlen);

/* `thidua privacy erase|purge|mask …` */
int privacy_cmd(int argc, char **argv);
#endif
