/* audit.h: the one path every write takes into the audit log: who, when, which entity, before
 * and after (JSON), hash-chained so that an edited, inserted or deleted row is detectable.
 * Callers pass JSON in which secret or erasable values are already replaced by references or
 * hashes (see docs/privacy.md); audit_redact() helps with that. Must run inside the caller's
 * transaction, so the change and its audit row commit together or not at all. */
#ifndef THIDUA_AUTH_AUDIT_H
#define THIDUA_AUTH_AUDIT_H
#include <jansson.h>

#include "store.h"
#include "web.h"

/* Appends one row. before/after may be NULL; they are borrowed (not freed).
 * Returns the new row id, or < 0 on error (the caller rolls back). */
int64_t audit_write(store *s, int64_t user_id, const char *user_login, const char *action,
                    const char *entity, const char *entity_id, json_t *before, json_t *after);
/* The same with the request's user. */
int64_t audit_req(req *r, const char *action, const char *entity, int64_t entity_id,
                  json_t *before, json_t *after);
/* Replaces the named keys of obj (in place) by "sha256:<hex>" of their value, for personal data
 * that must be erasable: the chain keeps the hash, not the value. Keys absent are ignored. */
void audit_redact(json_t *obj, const char *const *keys);
/* The hash of a row, from its fields: sha256 over prev_hash and the canonical fields. */
void audit_row_hash(const char *prev_hash, int64_t id, const char *at, int64_t user_id, const char *user_login,
                    const char *action, const char *entity, const char *entity_id,
                    const char *before_json, const char *after_json, char out[65]);
#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#endif
