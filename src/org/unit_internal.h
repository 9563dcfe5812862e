/* unit_internal.h: what the files of the unit resource share with each other and with nobody
 * else: the domain's field checks and insert (unit.c, used by the importer in unit_csv.c and by
 * reorganise.c), the in-memory tree (pages, export), the CSV columns (importer, import page),
 * and the small helpers of the web and CLI faces. Other features use unit.h. */
#ifndef THIDUA_UNIT_INTERNAL_H
#define THIDUA_UNIT_INTERNAL_H
#include <jansson.h>

#include "api.h"
#include "import.h"
#include "unit.h"
#include "vn.h"
#include "web.h"

/* ---- domain (unit.c) ---- */
extern const struct vn_field unit_f_name, unit_f_legal;
/* What an import already knows about the parent of a unit it creates (unit_prepare). */
struct parent_hint {
    int depth;                    /* the parent's depth from the root */
    bool in_file;                 /* the parent is a unit of the same import, not written yet */
};
/* Merges `in` over `old` (NULL for a create) into *u and checks everything; errors go to fe.
 * self: the unit being updated (0 for a create). hint (imports only, else NULL): the parent was
 * found by the importer, which knows its depth and has itself looked for the unit's code, tax
 * code and name, so nothing more is looked up. Checks fields, not the actor: callers do that. */
void unit_prepare(store *s, arena *a, const struct unit_input *in, const struct unit *old, int64_t self,
                  const struct parent_hint *hint, struct unit *u, struct field_errors *fe);
int64_t unit_insert(store *s, const struct unit *u);   /* the new id, or < 0; no audit entry */
int unit_depth(store *s, int64_t id);                  /* 0 for a root; < 0 on error */
const char *unit_vn_day(arena *a, const char *iso);    /* "01/07/2025" for display in messages */
void unit_json_text(json_t *o, const char *key, const char *v);   /* v, or null when NULL */

/* An in-memory tree over a unit list (unit_list order): pages and the export walk it. */
struct unit_tree {
    struct unit *v;
    int n;
    int *by_id;                   /* indices of v sorted by id, for lookups */
    int *parent_ix;               /* index of each unit's parent in v, or -1 */
    int *first_child, *next_sibling;   /* children in v's order; -1 ends */
};
void unit_tree_build(arena *a, struct unit *v, int n, struct unit_tree *t);
int unit_tree_find(const struct unit_tree *t, int64_t id);            /* index in v, or -1 */
bool unit_tree_under(const struct unit_tree *t, int i, int64_t root); /* v[i] is root or below it */
int *unit_tree_bfs(arena *a, const struct unit_tree *t);              /* indices, parents first */

/* ---- CSV (unit_csv.c) ---- */
enum { C_CODE, C_NAME, C_KIND, C_PARENT_CODE, C_PARENT_NAME, C_SHORT, C_TAX, C_ADDRESS, C_FROM, C_TO, C_NOTE, C__N };
extern const struct import_column unit_columns[C__N];
const char *unit_trimmed(arena *a, const char *s);     /* blanks and tabs cut; NULL if empty */

/* ---- web (unit_web.c) ---- */
void unit_mask_for(req *r, struct unit *v, int n);     /* personal numbers masked for this reader */
const char *const *unit_kind_options(req *r);
/* The parent select's options: units the user may write, in tree order, plus `keep`. */
const char *const *unit_parent_options(req *r, int64_t self, int64_t keep);
/* The unit of the path's {id} if this user may change it; else answers 404/403 and false. */
bool unit_writable_of_path(req *r, int64_t *id, struct unit *u, const char *denied);
/* The fields of a unit from a JSON body that passed api_body_check(unit_body) (org_pages.h);
 * a parent_id that names no unit, or ambiguously, is a field error. */
void unit_input_from_body(req *r, struct unit_input *in, struct field_errors *fe);

/* ---- a large import as a background job (unit_import_job.c) ---- */
/* Data lines of an upload: of a CSV, the records after the header counted by line breaks (a
 * quoted field with a line break counts twice, which only moves a file across the threshold
 * early); of an XLSX, the rows of the sheet (`sheet`, NULL or "": the first) after the header,
 * read no further than at_most + 1 (at_most <= 0: all) with xlsx_count_rows into arena a (0 when
 * it cannot be read: the import then reports why). */
int64_t unit_import_data_lines(arena *a, const char *data, size_t len, const char *sheet, int at_most);
/* Starts the import of a copy of data[0..len) as a job of the actor (job.h); the job's page shows
 * its progress and then the report. Returns the job id or -1. */
int64_t unit_import_job_start(store *s, const struct actor *ac, const struct import_quota *quota, const char *file_name,
                              const char *data, size_t len, const char *sheet, unsigned flags);

/* ---- CLI (unit_cmd.c, reorganise_cmd.c) ---- */
void unit_print_errors(const char *what, const struct field_errors *fe);
int unit_reorganise_cmd(int argc, char **argv);
#endif
