/* holiday.h: the province's working-day calendar = the rule defaults of vn_holiday.c plus the
 * administrators' amendments stored in holiday_amendment. Every deadline in thidua ("25 ngày
 * làm việc") is computed through here, so an amendment changes every deadline consistently. */
#ifndef THIDUA_HOLIDAY_H
#define THIDUA_HOLIDAY_H
#include "store.h"
#include "vn_calendar.h"

/* Loads every stored amendment into cal (memory in arena a). 0 ok, < 0 store error. */
int holiday_calendar_load(store *s, arena *a, struct vn_holiday_calendar *cal);
/* The n-th working day after the ISO date `from` into out ("YYYY-MM-DD"). 0 ok; -1 with a
 * message in err (bad date, outside the covered years, store error). */
int holiday_add_working_days(store *s, const char *from, int n, char out[11], char *err, size_t errlen);
/* Working days in (from, to]. 0 ok, -1 with a message in err. */
int holiday_count_working_days(store *s, const char *from, const char *to, int *out, char *err, size_t errlen);
#endif
