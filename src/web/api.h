/* api.h: the rules every JSON route follows, in one place (docs/api.md):
 *  - a body is one JSON object whose members a route declares (struct api_member, on its row
 *    of the route table); an unknown member or a member of the wrong type is a 400 that names
 *    the field, checked by the dispatcher before the handler runs;
 *  - one list envelope: {"items": […], "count": n, "total": N or null, "limit": L, "offset": O},
 *    paged by ?limit=&offset= with per-route bounds;
 *  - one reference rule: a JSON number is an id, a JSON string is a code. In text (forms, the
 *    CLI) "id:N" and "code:X" say which; bare digits are an id, and are refused as ambiguous
 *    when they are also another record's code. Nothing is guessed. */
#ifndef THIDUA_API_H
#define THIDUA_API_H
#include <jansson.h>

#include "html.h"
#include "web.h"

enum api_type {
    API_TEXT,          /* a string */
    API_TEXT_NULL,     /* a string, or null to clear the value */
    API_INT,           /* an integer */
    API_BOOL,          /* true or false */
    API_REF,           /* a reference: a number (id) or a string (code) */
    API_REF_NULL,      /* a reference, or null for none */
    API_ARRAY,         /* an array (its items are the handler's to check) */
    API_OBJECT,        /* an object (its members are the handler's to check) */
};
struct api_member { const char *name; enum api_type type; };
/* The body of a write that takes none: any member is unknown; no body at all is fine. */
extern const struct api_member api_no_body[];
/* The body is a file (CSV, XLSX, multipart upload), not a JSON object: no member check. */
extern const struct api_member api_file_body[];
/* The type's name for messages and `thidua routes --json`: "chuỗi", "số nguyên" … */
const char *api_type_name(enum api_type t);
const char *api_type_code(enum api_type t);      /* "text", "int", … (English, for the API doc) */

/* Checks that r->json is an object whose members are all in `spec` (ended by a {NULL} row) with
 * the declared types; adds one field error per bad member (unknown, or wrong type), and one on
 * "_body" when the body is not an object. True when there is none. */
bool api_body_check(req *r, const struct api_member *spec, struct field_errors *fe);

/* Accessors for a body that passed api_body_check. */
const char *api_text(req *r, const char *name);          /* NULL absent, "" for null */
bool api_has(req *r, const char *name);                  /* the member is present (null too) */
bool api_int(req *r, const char *name, int64_t *out);    /* false when absent */
int api_bool(req *r, const char *name);                  /* -1 absent, 0, 1 */

/* A reference, from JSON or from text. */
enum ref_kind { REF_NONE, REF_NULL, REF_ID, REF_CODE, REF_DIGITS, REF_BAD };
struct ref { enum ref_kind kind; int64_t id; const char *code; };
struct ref api_ref(req *r, const char *name);           /* from the body: number → ID, string → CODE */
/* From text: "id:N" → ID, "code:X" → CODE, bare digits → DIGITS (an id, unless ambiguous: the
 * resolver checks), anything else → CODE; empty → NONE; "id:" without a number → BAD. */
struct ref ref_parse(const char *text);

/* Paging of a list from ?limit= and ?offset=: `def` when absent; a value out of 1..max (limit)
 * or 0..10^9 (offset) is a field error. */
struct api_page { int64_t limit, offset; };
bool api_page_read(req *r, struct api_page *p, int64_t def, int64_t max, struct field_errors *fe);
/* The list envelope; takes ownership of items; total < 0 gives null (not counted). */
json_t *api_list(json_t *items, int64_t total, const struct api_page *p);
/* Answers a 400 with the field errors (or 503 with Retry-After for "_busy", 500 for "_"). */
void api_reply_errors(req *r, const struct field_errors *fe);
#endif
