/* export.h: one column spec drives both faces of a list export, CSV and XLSX (libxlsxwriter),
 * so a campaign's targets, a fund's donations and a decision's recipients download the same way.
 * XLSX: a bold, frozen header row; widths fitted to the content; dates as real dates (shown
 * dd/mm/yyyy); money as numbers with a thousands format; percentages as numbers; text that looks
 * like a formula ("=…", "+…", "-…", "@…") kept as text. CSV: UTF-8 with BOM, formula-like
 * text neutralised as csv.h does, dates ISO.
 *
 * Rows stream: export_row copies what it needs, so a caller can walk a query's rows. */
#ifndef THIDUA_EXPORT_H
#define THIDUA_EXPORT_H
#include <stdbool.h>
#include <stdint.h>

#include "util.h"
#include "web.h"

enum export_kind {
    EXPORT_TEXT = 0,
    EXPORT_INT,                /* integer text "123" */
    EXPORT_MONEY,              /* int64 đồng as text "14000000000": #,##0 in XLSX */
    EXPORT_DECIMAL,            /* "12.5" */
    EXPORT_PERCENT,            /* "99.5" meaning 99.5 %: 0.0"%" in XLSX */
    EXPORT_DATE,               /* ISO "2019-08-19": a date cell dd/mm/yyyy in XLSX, ISO in CSV */
    EXPORT_BOOL,               /* "1"/"0" */
};
struct export_column { const char *header; enum export_kind kind; };
enum export_format { EXPORT_CSV = 0, EXPORT_XLSX = 1 };

typedef struct export_doc export_doc;
/* Starts an export of one sheet named `sheet` (XLSX; ≤ 31 characters, cut otherwise). */
export_doc *export_begin(enum export_format fmt, const char *sheet, const struct export_column *cols, int ncols);
/* One row: ncols cells (NULL = empty). A cell that does not parse as its kind is written as text. */
void export_row(export_doc *x, const char *const *cells);
/* Ends it and appends the file to out; frees x. 0, or -1 with a message in err. */
int export_end(export_doc *x, buf *out, char *err, size_t errlen);
/* "csv" or "xlsx" (from ?format= or a path suffix) → the format; false if neither. */
bool export_format_parse(const char *s, enum export_format *fmt);
/* Replies with the file as a download named stem + ".csv"/".xlsx" (Content-Disposition,
 * nosniff, the right Content-Type); on failure a 500 through web_fail. */
void export_reply(req *r, export_doc *x, const char *stem);

/* ---- the XLSX reader (xlsx_read.c): a streaming reader on libzip and expat ----
 * Reads one worksheet into the csv_doc the import runner takes (import.h), so every import
 * accepts CSV and XLSX alike with the same line-and-field errors: a record's `line` is its
 * sheet row number. Shared strings, inline strings, numbers, booleans, and dates through the
 * styles (a date-formatted number becomes ISO "yyyy-mm-dd", with a time "yyyy-mm-dd hh:mm:ss").
 * Limits: the file size, rows and cells (IMPORT_MAX_*), and the zip expansion ratio
 * (XLSX_MAX_RATIO) and total unpacked bytes (XLSX_MAX_UNPACKED): a zip bomb is refused. */
#define XLSX_MAX_RATIO     200
#define XLSX_MAX_UNPACKED  (1024ull << 20)
#define XLSX_MAX_BYTES     (256ull << 20)   /* the .xlsx file itself */
#define XLSX_MAX_CELLS     16000000         /* cells with a value, and shared strings */
/* The ratio applies to a part once it has inflated past 1 MiB: small XML compresses very well.
 * Sizes are counted on the bytes actually inflated, not on what the zip declares. A DOCTYPE is
 * refused (no entity expansion). Blank rows are skipped; trailing empty cells and missing cells
 * (a sparse row) read as empty fields, every record as wide as the header row; a value right of
 * the header's last column rejects its row, naming the cell. A cell holding an error (#N/A …), a
 * formula without a stored value, or a missing shared string rejects its row (record->error)
 * naming the cell ("ô C7"); a broken part is fatal, naming the part, XML line and column. */
struct csv_doc;
/* True if data starts like a zip file (an XLSX). */
bool xlsx_sniff(const char *data, size_t len);
/* Reads sheet `sheet` (its name; NULL: the first) of data[0..len) into doc (arena memory).
 * 0, or -1 with doc->fatal set (not an XLSX, no such sheet — naming the sheets there are —,
 * a limit broken, a malformed part). */
int xlsx_read(arena *a, const char *data, size_t len, const char *sheet, struct csv_doc *doc);
/* The data rows (after the header) of that sheet, reading no further than at_most + 1 of them
 * (at_most <= 0: all), so deciding whether an upload is large costs little; -1 if unreadable. */
int64_t xlsx_count_rows(arena *a, const char *data, size_t len, const char *sheet, int at_most);
#endif
