/* unit.h: the unit tree (đơn vị): the province, its departments and agencies, mass
 * organisations, the districts and provincial city that existed until 30/6/2025, communes and
 * wards, schools, hospitals, enterprises. Units have validity dates and record what they
 * succeeded (merge, split, rename), so that a history (awards, reports) follows a unit through
 * a reorganisation: unit_lineage() gives a unit and all its predecessors.
 *
 * Every write takes the writer as a `const struct actor *` (actor.h) and checks capability
 * (unit.write) and write scope itself: a whole-tree actor writes everywhere; anyone else only
 * their own unit and the units below it, and never a unit without a parent (a second root of
 * the tree). A refusal is the field error "scope" (the web answers 403), so the HTML form, the
 * API, the importer and the CLI all pass the same check.
 *
 * The domain is unit.c (reading, rules, create, update, lineage), unit_csv.c (import and
 * export) and reorganise.c (merge, split, rename); the faces are unit_web.c, reorganise_web.c
 * (pages, API), unit_cmd.c and reorganise_cmd.c (`thidua unit`). Strings returned live in the caller's arena. Functions returning int
 * use: > 0 (or 1) success, 0 "refused, see the field errors", < 0 a store error (STORE_ERR …;
 * the caller rolls back and reports an operational failure). */
#ifndef THIDUA_UNIT_H
#define THIDUA_UNIT_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "api.h"
#include "export.h"
#include "html.h"
#include "store.h"
#include "web.h"

enum {
    UNIT_NAME_MAX = 200, UNIT_SHORT_MAX = 100, UNIT_CODE_MAX = 32, UNIT_ADDRESS_MAX = 300,
    UNIT_NOTE_MAX = 2000, UNIT_LEGAL_MAX = 300,
    UNIT_MAX_DEPTH = 32,          /* deeper trees are refused: no real hierarchy comes close */
};

struct unit {
    int64_t id, parent_id;        /* parent_id 0: a root (the province) */
    const char *kind, *name, *short_name, *code, *tax_code, *address, *note;
    const char *valid_from, *valid_to;   /* ISO dates, NULL when open */
    const char *created_at, *updated_at;
    const char *parent_name;      /* filled by unit_get and unit_list */
    const void *sort_key;         /* for ordering in memory (unit_list) */
    size_t sort_key_len;
};

/* The fields of a create or an update. NULL: not given (an update keeps the stored value, a
 * create leaves it empty); "": clear an optional field. Text is cleaned (NFC, trimmed, white
 * space collapsed) and checked against the limits above. Dates may be ISO or dd/mm/yyyy. */
struct unit_input {
    const char *kind, *name, *short_name, *code, *tax_code, *address, *note, *valid_from, *valid_to;
    bool set_parent;              /* parent_id given (0 = root) */
    int64_t parent_id;
};

/* ---- kinds, tax codes, dates ---- */
extern const char *const unit_kinds[];                 /* kind names in display order, NULL-ended */
const char *unit_kind_label(const char *kind);         /* Vietnamese label, or NULL if unknown */
/* The kind named by `text`: a kind name ("ward") or a Vietnamese label or word ("Phường",
 * "xã", "Sở, ban, ngành"), ignoring case and diacritics. NULL if none. */
const char *unit_kind_from_text(const char *text);
int unit_kind_rank(const char *kind);                  /* position in unit_kinds, for ordering */
/* Vietnamese enterprise tax code (mã số thuế): 10 digits, or 10 digits, '-' and a 3-digit branch
 * number; spaces and dots are ignored, and 13 digits without the dash are accepted. The 10th
 * digit is a check digit: 10 - (31·d1 + 29·d2 + 23·d3 + 19·d4 + 17·d5 + 13·d6 + 7·d7 + 5·d8 + 3·d9)
 * mod 11 (a remainder of 0 is never issued); digits 3–9 are not all zero; a branch is not 000.
 * On success writes the normalised form ("0100233488" or "0100233488-001") to out and returns
 * true; otherwise returns false with a Vietnamese reason in *why. */
bool unit_tax_code_check(const char *s, char out[15], const char **why);
/* out = iso + days (days may be negative); iso must be a valid ISO date. */
void unit_date_add(const char *iso, int days, char out[11]);

/* ---- reading ---- */
int unit_get(store *s, arena *a, int64_t id, struct unit *out);        /* 1, 0 not found, < 0 */
int unit_find_code(store *s, int64_t *id, const char *code);           /* 1, 0, < 0 */
/* The one unit-reference rule (api.h): REF_ID an id, REF_CODE a code, REF_DIGITS (bare digits in
 * text) an id unless they are also another unit's code, which is refused as ambiguous with a
 * message asking for id:N or code:X. 1 found (*id), 0 not with a Vietnamese reason in *why (an
 * arena or static string), < 0 a store error. */
int unit_resolve(store *s, arena *a, struct ref ref, int64_t *id, const char **why);
/* The same for text (forms, the CLI): ref_parse, then unit_resolve. */
int unit_find_ref(store *s, arena *a, const char *text, int64_t *id, const char **why);

struct unit_list_opts {
    const char *at;               /* only units valid on this ISO date (NULL: see historic) */
    bool historic;                /* with at == NULL: every unit, historic ones included */
    const char *q;                /* search words: name without diacritics/case, or exact code */
    const char *kind;             /* only this kind */
    bool by_parent;               /* only children of parent_id (0: roots) */
    int64_t parent_id;
    int limit, offset;            /* limit 0: no limit */
};
/* Units matching opts, ordered by kind then Vietnamese name order. *out in the arena. Reads
 * every match (the tree views need them all); for a list shown a page at a time use
 * unit_list_page. */
int unit_list(store *s, arena *a, const struct unit_list_opts *opts, struct unit **out, int *n);
/* One page of the same list, in the same order, cut by the database: opts->limit (> 0) units
 * from opts->offset; *total is the number of all matches. */
int unit_list_page(store *s, arena *a, const struct unit_list_opts *opts, struct unit **out, int *n, int *total);
/* The ancestors of a unit from the root down, the unit itself excluded. */
int unit_path(store *s, arena *a, int64_t id, struct unit **out, int *n);
json_t *unit_json(const struct unit *u);               /* a new JSON object */
json_t *unit_list_json(const struct unit *v, int n);   /* a new JSON array of unit_json */

/* ---- scope ---- */
#define UNIT_NO_CAP "Bạn không có quyền sửa cây đơn vị."
/* True if the actor may place a unit under parent_id (0: at the root, whole-tree actors only). */
bool unit_may_parent(store *s, const struct actor *ac, int64_t parent_id);
/* True if the actor has unit.write and unit id lies in its scope. */
bool unit_may_write(store *s, const struct actor *ac, int64_t id);

/* ---- writing (each in its own transaction, nested if the caller has one; one audit entry) ---- */
/* Creates a unit. Returns its id (> 0), 0 with field errors (keys: the unit_input field names
 * and "parent_id"), or < 0. Messages are arena strings. */
int64_t unit_create(store *s, arena *a, const struct actor *ac, const struct unit_input *in, struct field_errors *fe);
/* Updates the given fields of unit id. Returns 1, 0 with field errors, or < 0. Moving a unit
 * below itself or one of its descendants is refused. */
int unit_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct unit_input *in,
                struct field_errors *fe);

/* ---- history ---- */
struct unit_brief {
    int64_t id;
    const char *name, *kind, *valid_from, *valid_to;
    int depth;                    /* 0: the unit asked about; 1: direct predecessor … */
};
struct unit_edge {
    int64_t successor_id, predecessor_id;
    const char *change;           /* merge, split, rename, transfer */
    const char *effective, *legal_basis;
};
struct unit_lineage {
    struct unit_brief *units;     /* units[0] is the unit itself, then by depth, then name */
    int n;
    struct unit_edge *edges;      /* the succession rows among these units */
    int nedges;
};
/* The unit and all its predecessors, transitively (what it succeeded, what those succeeded …).
 * A later issue attaches awards and reports of all these ids to the unit. 1, 0 (no such unit),
 * or < 0. */
int unit_lineage(store *s, int64_t unit_id, arena *a, struct unit_lineage *out);
/* The same forwards: the unit and everything that succeeded it, transitively. */
int unit_successors(store *s, int64_t unit_id, arena *a, struct unit_lineage *out);
const char *unit_change_label(const char *change);     /* "sáp nhập" … */
json_t *unit_lineage_json(const struct unit_lineage *l);   /* {"units": […], "edges": […]} */

/* A reorganisation, applied in one transaction with one audit entry (action "reorganise"):
 *  - merge:  sources (one or more) end; their successor is one existing unit or one new unit
 *            (with a single source only into an existing unit: "A merges into B");
 *  - split:  one source ends; two or more successors, existing or new;
 *  - rename: one source ends; one new unit takes its place with a new name (other fields are
 *            copied unless given).
 * Sources get valid_to = effective − 1 day; new units get valid_from = effective and, unless
 * given, the first source's kind and parent. A unit is reorganised at most once (after that its
 * history is its successors'): a source already merged, split or renamed is refused, and so is an
 * `effective` that contradicts its validity (on or before its first day, or not the day after an
 * end it already has); the refusal names the unit and the dates. The check and the writes share
 * one write transaction, and the table unit_reorg_source (primary key: the unit) backs the rule
 * where writers are not serialised (sql/006_reorg.sql). A new unit's valid_from, if given, must
 * be `effective`. Succession rows (successor, source, change,
 * effective, legal_basis) link every successor to every source. For merge and rename the
 * sources' children still valid on `effective` move under the successor; for a split they stay
 * (the result says how many), to be moved one by one. The sources' emulation-block memberships
 * end the day before `effective` (a successor joins a block only by that block's decision).
 * Every source, existing successor and new
 * unit's parent must lie in the actor's scope; otherwise the field error "scope" names the unit. */
struct unit_reorg {
    const char *change;           /* "merge", "split", "rename" */
    const int64_t *sources;
    int nsources;
    const int64_t *existing;      /* successors that already exist */
    int nexisting;
    const struct unit_input *created;   /* successors to create */
    int ncreated;
    const char *effective;        /* ISO or dd/mm/yyyy: the successors' first day */
    const char *legal_basis;      /* e.g. "Nghị quyết 1672/NQ-UBTVQH15" (optional) */
};
struct unit_reorg_result {
    int64_t successors[16];       /* existing first, then created */
    int nsuccessors;
    int moved_children;           /* merge/rename: children moved under the successor */
    int children_left;            /* split: children still under the ended source */
    int memberships_ended;        /* block memberships of the sources ended the day before */
    int64_t audit_id;
};
#define UNIT_REORG_MAX 16         /* at most this many sources, and successors */
int unit_reorganise(store *s, arena *a, const struct actor *ac, const struct unit_reorg *op, struct field_errors *fe,
                    struct unit_reorg_result *res);

/* ---- import / export ---- */
/* Imports units from CSV (columns in unit.c's unit_columns: code, name, kind, parent_code,
 * parent_name, short_name, tax_code, address, valid_from, valid_to, note). Natural keys: code,
 * then tax code, then folded name under the same parent: a line whose key exists (in the
 * database or on an earlier line) is a duplicate and writes nothing. Every parent must lie in
 * the actor's scope, and a line without a parent needs a whole-tree actor; an actor without
 * unit.write gets the file refused (rep->fatal). A file with more data lines than `quota` (NULL: none) is refused
 * before anything is read into the database. The lines are checked without the write lock and
 * written in one short transaction (import.h). See import.h for flags and the report. */
struct import_report;
struct import_quota;
int unit_import(store *s, arena *a, const struct actor *ac, const struct import_quota *quota, const char *file_name,
                const char *data, size_t len, unsigned flags, struct import_report *rep);
/* All units (or those valid on `at`) as CSV with the import's columns, parents before
 * children, formula-neutralised (csv.h), with a UTF-8 BOM. With mask_pii, personal numbers in
 * addresses and notes are masked (mask_text: for readers without pii.read). Appends to out. */
int unit_export_csv(store *s, arena *a, const char *at, bool mask_pii, buf *out);
/* The same list as CSV or XLSX through one column spec (export.h): in XLSX a bold frozen header,
 * the validity dates as date cells. STORE_OK, or STORE_ERR with the reason in err. */
int unit_export(store *s, arena *a, const char *at, bool mask_pii, enum export_format fmt, buf *out, char *err,
                size_t errlen);
/* The same rows in an export not yet ended, for export_reply; NULL with err on a store error. */
export_doc *unit_export_doc(store *s, arena *a, const char *at, bool mask_pii, enum export_format fmt, char *err,
                           size_t errlen);
/* unit_import reading sheet `sheet` of an XLSX file (NULL: the first); CSV ignores it. */
int unit_import_sheet(store *s, arena *a, const struct actor *ac, const struct import_quota *quota,
                      const char *file_name, const char *data, size_t len, unsigned flags, const char *sheet,
                      struct import_report *rep);

/* CLI: `thidua unit …` */
int unit_cmd(int argc, char **argv);
#endif
