/* award_rules_internal.h: helpers shared by the rule-base and subject files of the award folder
 * (award_rule*.c, award_subject*.c, award_history*.c, eligibility*.c, award_lookup*.c,
 * award_stats*.c): date reading and showing, text cleaning with a field error, the JSON shapes of
 * the records, and the lineage of a collective's unit. Not for other folders. */
#ifndef THIDUA_AWARD_RULES_INTERNAL_H
#define THIDUA_AWARD_RULES_INTERNAL_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "award_subject.h"

/* ISO → dd/mm/yyyy in the arena; other text as it is; NULL → "". */
const char *award_vn_day(arena *a, const char *iso);
/* 31/12 of `year`, or today when that is later than today (rules in force for a year's work). */
void award_year_date(int year, char out[11]);
/* A coefficient in thousandths as Vietnamese decimal text: 1500 → "1,5", 300 → "0,3". */
const char *award_milli_text(arena *a, int milli);
/* Reads "1,5" / "1.5" / "2" into thousandths; false when not a number with at most 3 decimals. */
bool award_milli_parse(const char *s, int *out);
/* Money as "3.800.000" in the arena. */
const char *award_money_text(arena *a, int64_t dong);
/* Cleans one text field (NFC, one line unless multiline, trimmed) with max characters; NULL when
 * absent or empty. A broken rule adds a field error "<label>: …" under key. */
const char *award_clean(arena *a, const char *in, size_t max, bool multiline, const char *key, const char *label,
                        struct field_errors *fe);
/* A unit and every unit it succeeded (unit_succession, walked backwards, depth-bounded): ids into
 * the arena. */
int award_unit_lineage(store *s, arena *a, int64_t unit_id, int64_t **ids, int *n);
/* The subject ids whose history counts as subject_id's: itself, and for a collective the
 * subjects of its unit's predecessors. */
int award_subject_lineage(store *s, arena *a, int64_t subject_id, int64_t **ids, int *n);

/* A subject checked and normalised for insertion (find_or_add's rules), without writing: the
 * import checks its lines with reads only and inserts them later. */
struct award_subject_prepared {
    const char *kind, *key, *name, *citizen_id, *birth_date, *gender, *tax_code, *position, *subject_class, *address;
    int64_t unit_id;
};
/* 1 prepared, 0 field errors, < 0. `key` may be NULL (in->key is used). */
int award_subject_prepare(store *s, arena *a, const char *key, const struct award_subject_input *in,
                          struct award_subject_prepared *p, struct field_errors *fe);
/* Inserts without an audit entry (the caller writes one). > 0 id, STORE_CONSTRAINT key taken, < 0. */
int64_t award_subject_insert(store *s, const struct award_subject_prepared *p);
json_t *award_subject_prepared_json(const struct award_subject_prepared *p);

json_t *award_form_json(const struct award_form *f);
json_t *award_subject_json(const struct award_subject *s);
json_t *award_history_json(const struct award_history *h);
json_t *award_initiative_json(const struct award_initiative *i);
json_t *award_eligibility_json(const struct award_eligibility *e);
json_t *award_money_json(int64_t amount, const struct award_money_explain *x);
const char *award_kind_label(const char *kind);            /* "Cá nhân" … */
extern const char *const award_subject_kinds[];             /* NULL-ended */
bool award_is_subject_kind(const char *kind);

/* ---- the public lookup (award_lookup.c) ---- */
/* Subjects with at least one award in force whose name — or, for a person, whose unit's name —
 * matches the words of q without diacritics or case; at most `limit` (1–100), by name. Only what
 * a public page may show is filled: id, kind, name, unit_name, position (never citizen ID, birth
 * date or key). 1, or < 0. A q with no searchable word finds nothing. */
int award_lookup(store *s, arena *a, const char *q, int limit, struct award_subject **out, int *n);
/* One subject for the public page: 1 when it exists and has an award in force (public fields
 * only, as above), 0 otherwise, < 0. */
int award_lookup_subject(store *s, arena *a, int64_t id, struct award_subject *out);
/* The awards in force of a subject as a public page shows them: yearly ratings left out. */
int award_lookup_history(store *s, arena *a, int64_t subject_id, struct award_history **out, int *n);

/* ---- statistics form 0603.N (award_stats.c) ---- */
enum { AWARD_STATS_CLASSES = 8 };
struct award_stats_row {
    const char *form_code, *form_name;
    int collective, enterprise;      /* collectives in all (enterprises included), of which enterprises */
    int household;
    int individual;                  /* all individuals = sum of by_class + unclassified */
    int by_class[AWARD_STATS_CLASSES];
    int unclassified;                /* individuals without a subject class: counted, never dropped */
};
struct award_stats {
    int year;
    struct award_subject_class *classes;
    int nclasses;                    /* at most AWARD_STATS_CLASSES are shown; more are unclassified */
    struct award_stats_row *rows;    /* one per provincial form with an award that year */
    int nrows;
    struct award_stats_row total;
};
/* Provincial awards in force (level "province") whose year is `year`, by form and subject class. */
int award_stats_0603(store *s, arena *a, int year, struct award_stats *out);
/* The same table as a CSV or XLSX document (export.h; the rows, then the total); NULL with a
 * message in err. The caller ends it (export_end or export_reply). */
#include "export.h"
export_doc *award_stats_export(store *s, arena *a, int year, enum export_format fmt, char *err, size_t errlen);

/* ---- shared by the award web files ---- */
/* A verdict as HTML: the outcome, then one row per check with its clause and evidence. */
void award_verdict_html(req *r, const struct award_eligibility *e);
/* ?year= of a request, or the current year; NULL on success, else a Vietnamese message. */
const char *award_year_param(req *r, int *year);
/* The upload in form field `field`, or NULL; its file name cut to its last path component. */
const struct upload *award_upload(req *r, const char *field);
const char *award_upload_name(arena *a, const struct upload *u);
#endif
