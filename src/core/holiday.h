/* holiday.h: the province's working-day calendar = the rule defaults of vn_holiday.c plus the
 * administrators' amendments stored in holiday_amendment. Every deadline in thidua ("25 ngày
 * làm việc") is computed through here, so an amendment changes every deadline consistently.
 * The domain is holiday.c; the pages and API holiday_web.c; `thidua holiday …` holiday_cmd.c. */
#ifndef THIDUA_HOLIDAY_H
#define THIDUA_HOLIDAY_H
#include <jansson.h>
#include <stdbool.h>

#include "actor.h"
#include "html.h"
#include "store.h"
#include "vn_calendar.h"

/* Loads every stored amendment into cal (memory in arena a). 0 ok, < 0 store error. */
int holiday_calendar_load(store *s, arena *a, struct vn_holiday_calendar *cal);
/* The n-th working day after the ISO date `from` into out ("YYYY-MM-DD"). 0 ok; -1 with a
 * message in err (bad date, outside the covered years, store error). */
int holiday_add_working_days(store *s, const char *from, int n, char out[11], char *err, size_t errlen);
/* Working days in (from, to]. 0 ok, -1 with a message in err. */
int holiday_count_working_days(store *s, const char *from, const char *to, int *out, char *err, size_t errlen);

/* ---- amendments ---- */
/* The kinds of an amendment as stored and typed: "off", "cancel", "work" (enum vn_amend_kind
 * order), then NULL. */
extern const char *const holiday_kind_names[];
/* The index of a kind name, or -1. */
int holiday_kind_from_name(const char *s);
/* "YYYY-MM-DD" ⇄ struct vn_date; false for anything else or an impossible day. */
bool holiday_iso_to_date(const char *s, struct vn_date *d);
void holiday_date_to_iso(struct vn_date d, char out[11]);
/* A day as a user types it (any form vn_date_parse reads, with a year) into ISO: NULL, or a
 * Vietnamese message (possibly in arena a). */
const char *holiday_parse_date(arena *a, const char *text, char iso[11]);
/* Checks an amendment from a form, the API or the command line: the day (inside the covered
 * years), the kind, note and legal basis (200 bytes at most). Fills iso and *kind, or adds
 * Vietnamese messages to fe under the field names day, kind, note, legal_basis. */
void holiday_validate(arena *a, const char *day, const char *kind, const char *note, const char *basis,
                      char iso[11], int *k, struct field_errors *fe);

/* The actor lacks the capability `settings` that changing the calendar needs. */
#define HOLIDAY_DENIED (-10)
/* The owner kind of an amendment's attached documents (stored_file.h; holiday_files_web.c). */
#define HOLIDAY_FILE_OWNER "holiday_amendment"
/* Adds or replaces the amendment of one (validated) day, with its audit entry, in its own
 * transaction. 0 ok, HOLIDAY_DENIED, or a STORE_* error (rolled back). */
int holiday_amend(store *s, const struct actor *who, const char *iso, int kind, const char *note, const char *basis);
/* Removes the amendment of a day, by id (iso NULL) or by ISO day (id 0), with its audit entry.
 * 1 removed, 0 none, HOLIDAY_DENIED, or < 0 store error. */
int holiday_remove(store *s, const struct actor *who, int64_t id, const char *iso);

/* ---- showing days ---- */
/* The Vietnamese label of where a day off or worked day comes from ("Nghỉ bù", "Điều chỉnh"…). */
const char *holiday_source_label(const struct vn_calendar_day *d);
/* A year's days (vn_holidays) as a JSON array (new reference): date, kind, name, detail,
 * citation, working. The API and `thidua holiday list --json` give the same shape. */
json_t *holiday_days_json(const struct vn_calendar_day *days, int n);
#endif
