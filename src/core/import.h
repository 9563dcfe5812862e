/* import.h: the machinery every bulk import of thidua shares (units now; donations, awards and
 * others later): a strict CSV reader, the mapping of a header row to the importer's columns,
 * and a runner that gives a per-line report and writes all-or-nothing.
 *
 * The reader (csv_read) takes RFC 4180 CSV as produced by spreadsheets and people:
 *  - UTF-8 only: invalid UTF-8 or a NUL byte refuses the whole file, naming the line and byte
 *    (a file saved as TCVN3, VNI, Windows-1258 or UTF-16 is refused with that hint); a UTF-8
 *    byte order mark is skipped; every field is converted to NFC;
 *  - records end with CRLF, LF or CR; the last one may lack its line break; blank lines and
 *    lines whose fields are all empty (",,,") are skipped;
 *  - fields may be quoted ("a, b", "say ""hi""", line breaks inside quotes); a quote inside an
 *    unquoted field, text after a closing quote, or a quote never closed makes that record
 *    malformed, with the line and column (in characters, from 1) of the offending quote; after
 *    an unclosed quote the reader resumes at the line after the one where the quote opened, so
 *    one typo costs one record, not the rest of the file;
 *  - the separator is ',' or, when the header line has more of them, ';' or TAB (spreadsheets
 *    in a Vietnamese locale write ';');
 *  - a field written by our exports as "'=…" (formula neutralisation, csv.h) gets its
 *    apostrophe back off, so exports import unchanged.
 *  Limits: 256 fields per record, 64 KiB per field, 1,000,000 records.
 *
 * The runner takes CSV and XLSX alike: a file whose bytes start like a zip (xlsx_sniff, export.h)
 * is read by xlsx_read (the sheet the caller names through import_run_sheet, or the first), and a record's line is then its
 * sheet row; everything after reading — header mapping, checks, report, audit — is the same. An
 * Excel 97–2003 .xls file is refused with a hint to save it as .xlsx or CSV UTF-8.
 *
 * The runner (import_run) refuses a file with more data lines than the caller's quota before
 * reading it further (the message names the limit, the count and the setting), maps the header
 * row to the importer's columns by name, ignoring case, diacritics and punctuation ("Mã đơn vị",
 * "ma_don_vi" and "MA DON VI" are the same), and then:
 *  - reports every line as accepted, duplicate (its natural key already exists: nothing
 *    written, so importing the same file twice adds nothing) or rejected (with the reason,
 *    naming the line and the column);
 *  - by default is atomic: if any line is rejected nothing at all is written; with
 *    IMPORT_SKIP_BAD the accepted lines are written and the rejected ones listed;
 *  - writes in ONE transaction with ONE audit entry (action "import", the entity of the
 *    importer, after = {file, sha256, accepted, duplicate, rejected}), only when something is
 *    written (import_run_batched, below: in several short transactions, published at once).
 *
 * Why in two phases: SQLite has one write lock for the whole database, and an import that
 * checked its lines inside its write transaction held it for its whole run (990,000 lines: ~9 s,
 * and every other writer waited or failed "database busy"). So the runner
 *  1. CHECKS every line with reads only, in one read snapshot, holding no write lock: the
 *     importer's `check` resolves references, finds duplicates (in the database, and among the
 *     lines it accepted before in the same file), validates and prepares the row to write;
 *  2. WRITES the accepted lines in one short write transaction: the importer's `write` confirms
 *     what another writer could have changed since the snapshot (a natural key taken, a parent
 *     moved out of scope) — cheap indexed look-ups and the constraints — and inserts. If something
 *     changed it answers IMPORT_CONFLICT: the runner rolls back and checks the file again; after
 *     IMPORT_RETRIES conflicts it checks and writes inside one write transaction, which cannot
 *     conflict. The user sees one all-or-nothing, idempotent import either way. */
#ifndef THIDUA_IMPORT_H
#define THIDUA_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store.h"
#include "util.h"
#include "web.h"

#define IMPORT_MAX_FIELDS        256
#define IMPORT_MAX_FIELD_BYTES   65536
#define IMPORT_MAX_RECORDS       1000000

/* ---- the CSV reader ---- */
struct csv_record {
    int line;                  /* physical line (from 1) where the record starts */
    int nfields;
    const char **fields;       /* NUL-terminated, NFC, in the arena */
    const size_t *lens;
    const char *error;         /* NULL, or why the record is malformed (names line and column) */
};
struct csv_doc {
    char delimiter;            /* ',' ';' or '\t' */
    int nrecords;              /* header included: records[0] is the first non-blank record */
    struct csv_record *records;
    const char *fatal;         /* NULL, or why the file cannot be read at all */
};
/* Reads data[0..len) into doc; everything lives in arena a. `delimiter` 0 detects it from the
 * first line. Returns 0, or -1 with doc->fatal set (invalid UTF-8, NUL, UTF-16, too many
 * records). Never reads outside data. */
int csv_read(arena *a, const char *data, size_t len, char delimiter, struct csv_doc *doc);

/* ---- header mapping ---- */
struct import_column {
    const char *names;         /* "code|ma|ma_don_vi": the first is canonical (messages, docs) */
    bool required;             /* the header must have it */
    const char *help;          /* Vietnamese description, for the import page and docs */
};
/* The key a header cell is matched by: folded (no case, no diacritics), every run of other
 * characters turned into one '_', trimmed: "Mã số thuế" → "ma_so_thue". Appends to out. */
void import_header_key(const char *s, size_t len, buf *out);

/* ---- the runner ---- */
enum import_outcome {
    IMPORT_ACCEPTED = 0,
    IMPORT_DUPLICATE = 1,
    IMPORT_REJECTED = 2,
    IMPORT_FAILED = -1,        /* operational failure (database): the whole import is undone */
    IMPORT_CONFLICT = -2,      /* write: the database changed since the check; check again */
};
struct import_line {
    int line;                  /* physical line where the record starts */
    enum import_outcome outcome;
    const char *field;         /* canonical column name the message is about, or NULL */
    const char *message;       /* Vietnamese; NULL for a plain acceptance */
    int64_t id;                /* id of the row created (accepted) or found (duplicate), or 0 */
    int same_as;               /* a duplicate of an earlier line of the same file: that line's
                                  number (its id is filled in once written), else 0 */
    void *prepared;            /* accepted: what `check` prepared for `write` */
};
struct import_row {
    int line;
    const struct csv_record *rec;
    const int *map;            /* importer column index → field index in rec, or -1 */
    const struct import_column *columns;
};
/* The text of column `col` in this row: NULL when the header lacks the column or the cell is
 * empty; otherwise the cell as read (NFC; not trimmed). */
const char *import_get(const struct import_row *row, int col);

/* check: called once per data record, in file order, with reads only (no write is allowed:
 * the runner may hold no write lock). Returns the outcome and fills out->field, out->message
 * (arena memory), out->id or out->same_as, and for an accepted line out->prepared. It must treat
 * the lines it accepted earlier in this pass as if they were already stored (a later line may
 * refer to them or repeat them). IMPORT_FAILED aborts the import (store error). */
typedef enum import_outcome (*import_check_fn)(void *ctx, store *s, arena *a, const struct import_row *row,
                                               struct import_line *out);
/* write: called once inside the write transaction with every line of the report (in file
 * order); for each accepted line it confirms what may have changed since the check and stores
 * the line's `prepared` row, setting the line's id (an importer may insert several rows per
 * statement). Returns IMPORT_ACCEPTED, IMPORT_CONFLICT (the database no longer agrees with the
 * check: nothing of this attempt is kept) or IMPORT_FAILED. */
typedef enum import_outcome (*import_write_fn)(void *ctx, store *s, arena *a, struct import_line *lines, int n);

/* A limit on the data lines of one import (the setting import.max_rows.<role>); NULL or
 * max_rows <= 0: none. */
struct import_quota {
    int64_t max_rows;
    const char *setting;       /* its name, for the message */
};

struct import_spec {
    const char *entity;        /* audit entity, e.g. "unit" */
    const struct import_column *columns;
    int ncolumns;
    import_check_fn check;
    import_write_fn write;
    void (*reset)(void *ctx);  /* forget the lines checked so far: a new pass begins */
    void *ctx;
    const struct import_quota *quota;
};
#define IMPORT_RETRIES 2       /* passes without the write lock before the last, locked one */

enum { IMPORT_SKIP_BAD = 1u << 0,   /* write the good lines even if some are rejected */
       IMPORT_DRY_RUN = 1u << 1 };  /* check and report only; write nothing */

struct import_report {
    const char *file_name;
    char sha256[65];
    int total, accepted, duplicate, rejected;
    struct import_line *lines;  /* one per data record, in file order */
    int nlines, cap;
    const char *fatal;          /* the file was refused as a whole (encoding, header …) */
    bool written;               /* the accepted lines are committed */
    bool skip_bad, dry_run;
    int64_t audit_id;           /* the audit entry, when written */
    int passes;                 /* check passes run (1 unless another writer got in the way) */
    double check_ms, write_ms;  /* time spent checking (last pass) and holding the write lock */
    /* the batched write (import_run_batched); 0 for a single-transaction write */
    int batches;                /* write transactions of the last pass's batch */
    int64_t batch_id;           /* its import_batch row */
    double longest_hold_ms;     /* the longest a batch (or the publish) held the write lock */
};

/* Runs an import of data[0..len) named file_name, as user (user_id, login). Everything in the
 * report lives in arena a. Returns 0 when the file was processed (see rep->written, rep->fatal
 * and the counts), or < 0 on a database failure (everything rolled back; store_errmsg says why).
 * Opens its own transactions; inside a caller's write transaction both phases run in it. */
int import_run(store *s, arena *a, const struct import_spec *spec, int64_t user_id, const char *login,
               const char *file_name, const char *data, size_t len, unsigned flags,
               struct import_report *rep);
/* The same, reading sheet `sheet` (by name; NULL or "": the first) when the file is an XLSX; a
 * CSV has one table and ignores it. A separate entry point rather than a member of import_spec,
 * so importers' positional initialisers of import_spec stay complete under -Wextra. */
int import_run_sheet(store *s, arena *a, const struct import_spec *spec, int64_t user_id, const char *login,
                     const char *file_name, const char *data, size_t len, unsigned flags, const char *sheet,
                     struct import_report *rep);

/* ---- the batched write, for high-volume importers (donations, statement lines) ----
 *
 * import_run writes every accepted line in ONE write transaction, and SQLite has one writer: a
 * 100,000-line import held the lock ~17 s on a loaded machine, past the 10 s busy timeout of
 * every other writer (docs/operations.md). import_run_batched checks exactly as import_run does
 * (one read snapshot, no lock), then writes the accepted lines in batches — `batch_lines`
 * accepted lines each, or by default as many as hold the lock about IMPORT_BATCH_TARGET_MS (at
 * most IMPORT_BATCH_LINES) — each its own short write transaction, with a pause of IMPORT_BATCH_PAUSE_MS
 * between batches so a waiting writer gets the lock (the store's busy handler polls every 2 ms).
 * For users and readers it stays one all-or-nothing import:
 *  - the first batch registers a row in `import_batch` (sql/013_import_batch.sql: entity, file,
 *    sha256, user, runner host:pid, heartbeat) in state 'staged'; `write_batch` stores its rows
 *    with the batch id in a marker column;
 *  - THE READERS' RULE: every query of the importer's table that anyone but the importer itself
 *    makes must treat only rows matching IMPORT_VISIBLE(marker column) as existing — lists, counts,
 *    sums, look-ups by id, public pages, exports, and the `check` of the next import. Only the
 *    confirming look-ups inside write_batch and the unique constraints see staged rows;
 *  - publishing is one short transaction: the batch's state becomes 'published' (which makes every
 *    row of it visible at once, whatever its size), the optional `publish` callback runs (e.g. to
 *    set a small parent row's totals), and the ONE audit entry is written; then the report;
 *  - a rejected line in atomic mode is found by the check, before anything is staged; a
 *    cancellation (the progress hook returning false between batches), a conflict, or a database
 *    failure discards the batch: its state becomes 'discarded' (O(1), one short transaction), then
 *    `discard` deletes its rows in chunks of `batch_lines`, each its own transaction;
 *  - a process that dies leaves its batch 'staged' (invisible): import_batch_recover, called at
 *    server start (app_start's serve hook) and by every import_run_batched before it stages,
 *    discards the batches of runners that are gone (same host: the pid no longer exists, or is
 *    this process and the batch is not one it is writing; another host: no heartbeat for
 *    IMPORT_BATCH_STALE_S) through the discard function registered for the entity;
 *  - between batches another writer may store a row with the natural key of a line not yet
 *    written: write_batch must confirm each line as `write` does (the unique constraint, or a
 *    look-up that counts rows of ANY batch not discarded, staged ones included) and answer
 *    IMPORT_CONFLICT. The runner then discards everything staged and checks the file again (a
 *    new batch); after IMPORT_RETRIES such passes it checks and writes in one write transaction
 *    through the importer's ordinary `write`, which cannot conflict.
 * The unit importer does NOT use this mode: some fifty queries in org/, people/, core/ and web/
 * read `unit`, and each would have to follow the readers' rule. It suits an importer whose table
 * is read by a handful of queries of its own feature. */
#define IMPORT_BATCH_LINES 20000      /* most accepted lines per batch (and rows deleted per discard step): the
                                         time target decides below it; at 5,000 a fast importer's batches took
                                         a few tens of ms and the pauses between them most of its run */
#define IMPORT_BATCH_TARGET_MS 250    /* the lock time a default-sized batch aims at */
#define IMPORT_BATCH_MIN_LINES 200    /* the fewest lines a default-sized batch shrinks to */
#define IMPORT_BATCH_PAUSE_MS 10      /* between batches: several polls of the store's busy handler (2 ms) */
#define IMPORT_BATCH_STALE_S 120      /* another host's batch without a heartbeat for this long is dead */
#define IMPORT_STAGE_BATCHES "Đang ghi theo lô"   /* the progress stage between batches */
/* The readers' rule as an SQL predicate on the marker column `col` (a string literal), e.g.
 * "SELECT count(*) FROM donation d WHERE " IMPORT_VISIBLE("d.import_batch_id"). The subquery is
 * uncorrelated and reads the few unpublished batches by the index on state. */
#define IMPORT_VISIBLE(col) \
    "(" col " IS NULL OR " col " NOT IN (SELECT id FROM import_batch WHERE state <> 'published'))"

/* write_batch: inside a write transaction, stores the accepted lines among lines[0..n) (a slice of
 * the report, in file order) with their marker column set to batch_id, confirming each as `write`
 * does, and sets each line's id. IMPORT_ACCEPTED, IMPORT_CONFLICT or IMPORT_FAILED. */
typedef enum import_outcome (*import_write_batch_fn)(void *ctx, store *s, arena *a, int64_t batch_id,
                                                     struct import_line *lines, int n);
/* discard: deletes at most max_rows rows marked batch_id (inside a transaction the runner opens);
 * returns how many it deleted (0: none left), or < 0 on a store error. An importer that stages
 * rows in several tables marks each and deletes children before parents, all under the same
 * count. It takes no ctx: recovery calls it for a batch whose importer died with its process. */
typedef int (*import_discard_fn)(store *s, int64_t batch_id, int max_rows);

struct import_batching {
    import_write_batch_fn write_batch;
    /* Optional, inside the publishing transaction: O(1) work only (the batch becomes visible by
     * its state alone; clearing a marker on every row would hold the lock as long as the rows). */
    int (*publish)(void *ctx, store *s, int64_t batch_id);
    import_discard_fn discard;
    int batch_lines;           /* accepted lines per batch; <= 0: sized by time (above) */
};

/* import_run_sheet with the batched write (above). Inside a caller's write transaction, or for a
 * dry run, it behaves exactly as import_run_sheet. The report also gets rep->batches, the batch id
 * (rep->batch_id) and the longest single hold of the write lock (rep->longest_hold_ms);
 * rep->write_ms is then the sum of the holds. */
int import_run_batched(store *s, arena *a, const struct import_spec *spec, const struct import_batching *batching,
                       int64_t user_id, const char *login, const char *file_name, const char *data, size_t len,
                       unsigned flags, const char *sheet, struct import_report *rep);
/* Registers the discard function of an entity's batches, for import_batch_recover (a feature calls
 * it at start; import_run_batched registers its own). Process-wide; the latest registration wins. */
void import_batch_register(const char *entity, import_discard_fn discard);
/* Discards the batches left 'staged' by dead runners (and finishes deleting the rows of discarded
 * batches not yet cleared). Returns how many batches it cleared, or -1 on a store error. Batches
 * of an entity with no registered discard function are left (their rows stay invisible) and
 * logged. Call it outside any transaction. */
int import_batch_recover(store *s);

/* Progress of the imports run by this thread (a background job sets it around its import_run):
 * called every IMPORT_PROGRESS_EVERY checked lines and once before the write, with the lines
 * checked of the total. Returning false stops the import during its check (nothing is written;
 * rep->fatal says it was stopped); the write itself is never interrupted. NULL: none. */
typedef bool (*import_progress_fn)(void *ctx, int checked, int total, const char *stage);
void import_set_progress(import_progress_fn fn, void *ctx);
#define IMPORT_PROGRESS_EVERY 500
#define IMPORT_STOPPED_MESSAGE "đã dừng theo yêu cầu hủy, không có gì được ghi"
/* A batched import that conflicted with another import of the same lines waits for that one to be
 * published (then its own check finds those lines imported) for at most this long; past it, or
 * when cancelled meanwhile, the import stops with IMPORT_BUSY_MESSAGE and writes nothing. */
#define IMPORT_WAIT_OTHERS_S 600
#define IMPORT_STAGE_WAITING "Đang chờ một lần nhập khác ghi xong"
#define IMPORT_BUSY_MESSAGE "một lần nhập khác đang ghi cùng các dòng này và chưa xong; không có gì được ghi, hãy nhập lại sau khi lần đó kết thúc"

/* Presentations of a report, shared by every importer. */
/* The one-sentence Vietnamese verdict (in arena a), the same on every face; *kind gets the
 * notice kind: "ok", "info" or "error". */
const char *import_report_summary(arena *a, const struct import_report *rep, const char **kind);
/* The report as HTML (import_web.c): the summary, then a table of every line (when `all_lines`) or of the lines
 * that are not plain acceptances. With `link_prefix` ("/units/"), a line's id links to
 * link_prefix + id. */
void import_report_html(req *r, const struct import_report *rep, bool all_lines, const char *link_prefix);
/* The report as a new JSON object {file, sha256, written, dry_run, skip_bad, total, accepted,
 * duplicate, rejected, fatal, summary, audit_id, passes, check_ms, write_ms,
 * lines:[{line, outcome, field, message, id}]}. */
json_t *import_report_json(const struct import_report *rep);
/* The report as text, one line per rejected/duplicate line (all lines when verbose), then a
 * summary line. */
void import_report_print(FILE *out, const struct import_report *rep, bool verbose);
/* The columns as an HTML table, for import pages (import_web.c). */
void import_columns_html(req *r, const struct import_column *cols, int n);
const char *import_outcome_name(enum import_outcome o);   /* "accepted", "duplicate" … */
#endif
