/* award_history_internal.h: the pieces of recording history that the hand entry
 * (award_history.c) and the import of earlier years' lists (award_history_import.c) share, so
 * both pass the same checks: resolving a form by code or name, checking one row, inserting it
 * without an audit entry of its own (the caller writes one: per row, or one per import). */
#ifndef THIDUA_AWARD_HISTORY_INTERNAL_H
#define THIDUA_AWARD_HISTORY_INTERNAL_H
#include "award_subject.h"

/* A form code that has a row in the rule base, found by code or by its name without diacritics
 * or case. 1 (*code in the arena), 0 none, < 0. */
int award_form_resolve(store *s, arena *a, const char *text, const char **code);
/* Cleans and checks one history row (award_history_add's rules) into *clean. 1 fine, 0 with
 * field errors, < 0. */
int award_history_check(store *s, arena *a, const struct award_history_input *in, struct award_history_input *clean,
                        struct field_errors *fe);
/* Inserts a checked row; > 0 its id, STORE_CONSTRAINT a unique rule broken meanwhile, < 0. */
int64_t award_history_insert(store *s, const struct award_history_input *clean, const char *by);
int award_history_get(store *s, arena *a, int64_t id, struct award_history *out);
#endif
