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
/* Cleans one history row's own fields (form resolved, year, texts, date, amount, source) into
 * *clean, without looking at the subject. 1 fine, 0 with field errors, < 0. */
int award_history_clean(store *s, arena *a, const struct award_history_input *in, struct award_history_input *clean,
                        struct field_errors *fe);
/* award_history_clean, then the subject exists, one title per subject, form and year, and one
 * achievement rewarded once (award_history_add's rules). 1 fine, 0 with field errors, < 0. */
int award_history_check(store *s, arena *a, const struct award_history_input *in, struct award_history_input *clean,
                        struct field_errors *fe);
/* Inserts a checked row; > 0 its id, STORE_CONSTRAINT a unique rule broken meanwhile, < 0. */
int64_t award_history_insert(store *s, const struct award_history_input *clean, const char *by);
int award_history_get(store *s, arena *a, int64_t id, struct award_history *out);

/* ---- importing the lists of earlier years (award_history_import.c) ---- */
#include "import.h"
extern const struct import_column award_history_import_columns[];
extern const int award_history_import_ncolumns;
/* Imports a list, CSV or XLSX (sheet `sheet` by name; NULL: the first), one title or award per
 * line; the subject by citizen ID, tax code, household key or unit code, created when new:
 * all-or-nothing, idempotent (a line whose subject already holds that form that year is a
 * duplicate), one audit entry. Needs appraise: otherwise the report is refused as a whole
 * (rep->fatal). 0 processed (see rep), < 0 store error. */
int award_history_import(store *s, arena *a, const struct actor *ac, const struct import_quota *quota,
                         const char *file_name, const char *data, size_t len, unsigned flags, const char *sheet,
                         struct import_report *rep);
#endif
