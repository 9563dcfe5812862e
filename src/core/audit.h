/* audit.h: the audit log: the one path every write takes into it (who, when, which entity,
 * before and after as JSON), hash-chained so that an edited, inserted or deleted row is
 * detectable; the personal-data vault that keeps personal values out of the chain; and the
 * tools that read it. The log is audit.c; its pages and API (/audit, /audit/verify, /api/audit)
 * audit_web.c; its commands (`thidua audit head|verify|list`) audit_cmd.c.
 *
 * What enters the chain (docs/privacy.md):
 *  - secrets (passwords, tokens, TOTP secrets, later a council member's vote) never: their
 *    values become {"$secret": true};
 *  - personal values (phones, e-mails, citizen IDs, bank accounts, birth dates, and any text
 *    holding such a number) only as {"$pii": "<ref>"}, a random reference to a row of
 *    pii_vault, which erasure can overwrite without touching the chain.
 * audit_write() applies both by key name and content on its own copy of the JSON, so a caller
 * that forgets cannot leak; audit_pii()/audit_secret() are for other keys and other subjects.
 *
 * All writers must run inside the caller's transaction (store_begin), so the change and its
 * audit row commit together or not at all. */
#ifndef THIDUA_AUDIT_H
#define THIDUA_AUDIT_H
#include <jansson.h>

#include "actor.h"
#include "store.h"
#include "web.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Appends one row. before/after may be NULL; they are borrowed and not modified (secrets and
 * personal values are replaced in a copy; personal values are vaulted with subject = entity,
 * entity_id). Returns the new row id, or < 0 on error (the caller rolls back). */
int64_t audit_write(store *s, int64_t user_id, const char *user_login, const char *action,
                    const char *entity, const char *entity_id, json_t *before, json_t *after);
/* The same as an actor (the writer every domain function takes); entity_id 0 means none. */
int64_t audit_as(store *s, const struct actor *who, const char *action, const char *entity, int64_t entity_id,
                 json_t *before, json_t *after);
/* The same with the request's user (audit_web.c); entity_id 0 means none. */
int64_t audit_req(req *r, const char *action, const char *entity, int64_t entity_id,
                  json_t *before, json_t *after);

/* A bulk import is ONE audit entry (action "import"): the file's name and SHA-256 and how many
 * lines were accepted, skipped as duplicates, and rejected. Returns the row id or < 0. */
struct audit_counts { int64_t accepted, duplicate, rejected; };
int64_t audit_import(store *s, int64_t user_id, const char *user_login, const char *entity,
                     const char *file_name, const char *file_sha256, struct audit_counts counts);
int64_t audit_import_as(store *s, const struct actor *who, const char *entity, const char *file_name,
                        const char *file_sha256, struct audit_counts counts);
/* audit_import with the request's user (audit_web.c). */
int64_t audit_import_req(req *r, const char *entity, const char *file_name, const char *file_sha256,
                         struct audit_counts counts);

/* Moves the named keys of obj (in place) into pii_vault under the person (subject,
 * subject_id), replacing each value with {"$pii": "<ref>"}. The same person, key and value
 * reuse one reference (so a diff shows "unchanged"); absent, null and already-vaulted keys are
 * skipped. Needs a transaction. 0, or < 0 on a database error. */
int audit_pii(store *s, const char *subject, const char *subject_id, json_t *obj, const char *const *keys);
/* Replaces the named keys of obj (in place) by {"$secret": true}: for values that must never
 * be recorded, not even by reference (a secret ballot's choice). Absent and null keys stay. */
void audit_secret(json_t *obj, const char *const *keys);

/* True if v is a marker the log put in place of a value: {"$pii": …} or {"$secret": …} by name. */
bool audit_is_marker(json_t *v, const char *name);
/* A stored before/after text as JSON (new reference): JSON null for NULL, the text as a JSON
 * string if it does not parse. */
json_t *audit_json_parse(const char *text);

/* The hash of a row, from its fields: SHA-256 over prev_hash and the length-prefixed fields. */
void audit_row_hash(const char *prev_hash, int64_t id, const char *at, int64_t user_id, const char *user_login,
                    const char *action, const char *entity, const char *entity_id,
                    const char *before_json, const char *after_json, char out[65]);

/* The latest row's id and hash (0 and AUDIT_GENESIS for an empty log): the anchor to keep
 * outside the database, printed as "ID:HASH". 1 found, 0 empty, < 0 error. */
int audit_head(store *s, int64_t *id, char hash[65]);
/* Parses "ID:HASH" (HASH 64 hex digits). */
bool audit_parse_anchor(const char *text, int64_t *id, char hash[65]);

/* ---- verification ---- */
enum audit_problem_kind {
    AUDIT_EDITED,              /* row `id`: its content does not match its hash */
    AUDIT_RENUMBERED,          /* row `id`: its content hashes as row `other` */
    AUDIT_DELETED,             /* rows id..to are missing, the chain skips them */
    AUDIT_INSERTED,            /* rows id..to are not in the chain: row to+1 links past them */
    AUDIT_RELINKED,            /* row `id` does not link to row `other` (that row rewritten) */
    AUDIT_GAP,                 /* ids id..to are missing but the chain links across them */
    AUDIT_ANCHOR_MISMATCH,     /* row `id` differs from the anchor: rewritten and re-hashed */
    AUDIT_TRUNCATED,           /* rows id..to (up to the anchor) are gone: the tail was cut */
    AUDIT_UNPROTECTED,         /* the append-only triggers are gone */
};
struct audit_problem { enum audit_problem_kind kind; int64_t id, to, other; };
#define AUDIT_MAX_PROBLEMS 100
struct audit_report {
    int64_t rows;              /* rows read */
    int64_t head_id;           /* the last row and its stored hash */
    char head_hash[65];
    bool anchor_checked;
    int n;                     /* problems kept (at most AUDIT_MAX_PROBLEMS) … */
    int64_t more;              /* … and how many more were found */
    struct audit_problem problems[AUDIT_MAX_PROBLEMS];
};
/* Walks the whole chain: recomputes every row's hash, checks every link and that ids run
 * 1, 2, 3 … without gaps, optionally compares with an anchor "ID:HASH" (which detects a
 * re-hashed forged history and a cut-off tail), and checks that the table still refuses
 * UPDATE and DELETE. Returns 0 when it ran (problems in out: out->n == 0 means intact), -2 for
 * a malformed anchor, < 0 other on a database error. */
int audit_verify(store *s, const char *anchor, struct audit_report *out);
/* A problem as one line of text, English (vi=false, for the CLI) or Vietnamese. */
char *audit_problem_text(arena *a, const struct audit_problem *p, bool vi);
const char *audit_problem_kind_name(enum audit_problem_kind k);

/* ---- listing ---- */
struct audit_filter {
    const char *entity, *action, *user, *entity_id;   /* exact matches; NULL: any */
    const char *from_at, *to_at;   /* UTC ISO bounds: at >= from_at, at < to_at; NULL: open */
    int64_t before_id;             /* > 0: only rows with id < before_id (newest first) */
    int64_t after_id;              /* > 0: only rows with id > after_id (oldest first) */
    int limit;
};
struct audit_row {
    int64_t id, user_id;
    const char *at, *user_login, *action, *entity, *entity_id, *before_json, *after_json,
               *prev_hash, *hash;
};
/* Rows matching f into *rows (arena); returns how many, or < 0. Newest first unless
 * f->after_id is set (then oldest first, as for "newer" paging). */
int audit_list(store *s, const struct audit_filter *f, arena *a, struct audit_row **rows);
/* A row as JSON (new reference): before/after parsed, personal values left as references. */
json_t *audit_row_json(const struct audit_row *row);
/* The UTC ISO timestamp at which a day ("YYYY-MM-DD" or "dd/mm/yyyy") starts in
 * Asia/Ho_Chi_Minh, or, with next_day, at which it ends. false if the text is no valid date. */
bool audit_day_bound(const char *day, bool next_day, char out[21]);

/* `thidua audit head|verify|list` (audit_cmd.c) */
int audit_cmd(int argc, char **argv);
#endif
