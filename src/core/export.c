/* export.c: the writers behind export.h: one column spec, two faces. CSV through csv.h (BOM,
 * formula-like text neutralised, numbers bare, dates ISO); XLSX through libxlsxwriter in its
 * constant-memory mode (rows stream to a temporary file instead of staying in memory, so a
 * 100,000-row export costs a row's memory), written to a file of our own under $TMPDIR that is
 * read back into the caller's buffer and unlinked at once (this libxlsxwriter writes only to a
 * named file). XLSX cells get their kind's type: dates are date serials shown dd/mm/yyyy, money
 * numbers shown #,##0, text always a string cell, so "=HYPERLINK(…)" stays text. */
#include "export.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "csv.h"

#define XLSX_MAX_ROWS 1048576
#define XLSX_MAX_STRING 32767          /* characters in one cell, Excel's limit */
#define WIDTH_MIN 6
#define WIDTH_MAX 60

struct export_doc {
    enum export_format fmt;
    int ncols;
    struct export_column *cols;
    buf csv;
    /* XLSX */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *date, *money, *percent, *integer;
    char path[4096];
    uint32_t row;
    int *width;                /* characters of the widest cell per column, header included */
    char error[256];           /* the first failure; export_end reports it */
};

static void set_error(export_doc *x, const char *fmt, const char *detail)
{
    if (!x->error[0]) snprintf(x->error, sizeof x->error, fmt, detail);
}

static int utf8_chars(const char *s)
{
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void widen(export_doc *x, int col, int chars)
{
    if (chars > x->width[col]) x->width[col] = chars;
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\ , not empty. */
static void sheet_name(const char *in, char *out, size_t outlen)
{
    size_t o = 0;
    int chars = 0;
    for (const char *p = in ? in : ""; *p && o + 4 < outlen;) {
        size_t n = 1;
        while (((unsigned char)p[n] & 0xC0) == 0x80) n++;
        if (chars == 31) break;
        if (n == 1 && strchr("[]:*?/\\'", *p)) out[o++] = '_';
        else {
            memcpy(out + o, p, n);
            o += n;
        }
        chars++;
        p += n;
    }
    while (o && out[o - 1] == ' ') o--;   /* a name cut after a space keeps no trailing blank */
    out[o] = 0;
    if (!o) snprintf(out, outlen, "Sheet1");
}

export_doc *export_begin(enum export_format fmt, const char *sheet, const struct export_column *cols, int ncols)
{
    export_doc *x = xcalloc(1, sizeof *x);
    x->fmt = fmt;
    x->ncols = ncols;
    x->cols = xcalloc((size_t)(ncols ? ncols : 1), sizeof *x->cols);
    memcpy(x->cols, cols, sizeof *cols * (size_t)ncols);
    x->width = xcalloc((size_t)(ncols ? ncols : 1), sizeof *x->width);
    if (fmt == EXPORT_CSV) {
        csv_bom(&x->csv);
        for (int c = 0; c < ncols; c++) {
            if (c) csv_sep(&x->csv);
            csv_text(&x->csv, cols[c].header);
        }
        csv_eol(&x->csv);
        return x;
    }
    const char *tmp = temp_dir();
    int fd = temp_file_make("thidua-export-", x->path, sizeof x->path);
    if (fd < 0) {
        set_error(x, "cannot create a temporary file: %s", strerror(errno));
        x->path[0] = 0;
        return x;
    }
    close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmp};
    x->wb = workbook_new_opt(x->path, &opt);
    char name[128];
    sheet_name(sheet, name, sizeof name);
    x->ws = x->wb ? workbook_add_worksheet(x->wb, name) : NULL;
    if (!x->ws) {
        set_error(x, "libxlsxwriter cannot start the workbook%s", "");
        return x;
    }
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    x->date = workbook_add_format(x->wb);
    format_set_num_format(x->date, "dd/mm/yyyy");
    x->money = workbook_add_format(x->wb);
    format_set_num_format(x->money, "#,##0");
    x->percent = workbook_add_format(x->wb);
    format_set_num_format(x->percent, "0.0\"%\"");
    x->integer = workbook_add_format(x->wb);
    format_set_num_format(x->integer, "0");
    for (int c = 0; c < ncols; c++) {
        lxw_error e = worksheet_write_string(x->ws, 0, (lxw_col_t)c, cols[c].header ? cols[c].header : "", x->bold);
        if (e) set_error(x, "header: %s", lxw_strerror(e));
        widen(x, c, utf8_chars(cols[c].header ? cols[c].header : ""));
    }
    worksheet_freeze_panes(x->ws, 1, 0);
    x->row = 1;
    return x;
}

/* A decimal number as a spreadsheet reads it: optional '-', digits, at most one '.', digits. */
static bool plain_decimal(const char *s, double *v)
{
    const char *p = s;
    if (*p == '-') p++;
    bool digit = false, dot = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') digit = true;
        else if (*p == '.' && !dot) dot = true;
        else return false;
    }
    if (!digit) return false;
    *v = strtod(s, NULL);
    return isfinite(*v);
}

/* An ISO date yyyy-mm-dd of the proleptic calendar that exists. */
static bool iso_date(const char *s, lxw_datetime *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    int y = atoi(s), m = atoi(s + 5), day = atoi(s + 8);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1]) return false;
    if (m == 2 && day == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
    *d = (lxw_datetime){y, m, day, 0, 0, 0};
    return true;
}

/* Integers beyond 2^53 lose digits as a spreadsheet's double: those stay text. */
static bool exact_integer(const char *s, int64_t *v)
{
    return parse_int64(s, v) && *v > -9007199254740992LL && *v < 9007199254740992LL;
}

static void csv_cell(export_doc *x, enum export_kind k, const char *s)
{
    int64_t iv;
    double dv;
    if ((k == EXPORT_INT || k == EXPORT_MONEY) && parse_int64(s, &iv)) csv_int(&x->csv, iv);
    else if ((k == EXPORT_DECIMAL || k == EXPORT_PERCENT) && plain_decimal(s, &dv)) buf_puts(&x->csv, s);
    else csv_text(&x->csv, s);   /* text, dates (ISO), booleans, and anything not of its kind */
}

static void xlsx_cell(export_doc *x, int c, enum export_kind k, const char *s)
{
    lxw_col_t col = (lxw_col_t)c;
    int64_t iv;
    double dv;
    lxw_datetime dt;
    lxw_error e = LXW_NO_ERROR;
    int chars = utf8_chars(s);
    if ((k == EXPORT_INT || k == EXPORT_MONEY) && exact_integer(s, &iv)) {
        e = worksheet_write_number(x->ws, x->row, col, (double)iv, k == EXPORT_MONEY ? x->money : x->integer);
        if (k == EXPORT_MONEY) chars += (chars - (iv < 0)) / 3 ;   /* the thousands separators shown */
    } else if ((k == EXPORT_DECIMAL || k == EXPORT_PERCENT) && plain_decimal(s, &dv)) {
        e = worksheet_write_number(x->ws, x->row, col, dv, k == EXPORT_PERCENT ? x->percent : NULL);
        if (k == EXPORT_PERCENT) chars += 2;
    } else if (k == EXPORT_DATE && iso_date(s, &dt)) {
        e = worksheet_write_datetime(x->ws, x->row, col, &dt, x->date);
    } else if (k == EXPORT_BOOL && (strcmp(s, "1") == 0 || strcmp(s, "0") == 0)) {
        e = worksheet_write_boolean(x->ws, x->row, col, s[0] == '1', NULL);
        chars = 5;
    } else {
        if (chars > XLSX_MAX_STRING) {
            char where[64];
            snprintf(where, sizeof where, "row %u, column %d", x->row + 1, c + 1);
            set_error(x, "a cell is longer than Excel's 32,767 characters (%s)", where);
            return;
        }
        e = worksheet_write_string(x->ws, x->row, col, s, NULL);   /* a string cell: never a formula */
    }
    if (e) set_error(x, "libxlsxwriter: %s", lxw_strerror(e));
    widen(x, c, chars);
}

void export_row(export_doc *x, const char *const *cells)
{
    if (x->fmt == EXPORT_CSV) {
        for (int c = 0; c < x->ncols; c++) {
            if (c) csv_sep(&x->csv);
            if (cells[c] && *cells[c]) csv_cell(x, x->cols[c].kind, cells[c]);
        }
        csv_eol(&x->csv);
        return;
    }
    if (!x->ws || x->error[0]) return;
    if (x->row >= XLSX_MAX_ROWS) {
        set_error(x, "more rows than a sheet holds (%s)", "1,048,576");
        return;
    }
    for (int c = 0; c < x->ncols; c++)
        if (cells[c] && *cells[c]) xlsx_cell(x, c, x->cols[c].kind, cells[c]);
    x->row++;
}

static void export_free(export_doc *x)
{
    if (x->path[0]) unlink(x->path);
    buf_free(&x->csv);
    free(x->cols);
    free(x->width);
    free(x);
}

int export_end(export_doc *x, buf *out, char *err, size_t errlen)
{
    if (x->fmt == EXPORT_CSV) {
        buf_append(out, x->csv.data ? x->csv.data : "", x->csv.len);
        export_free(x);
        return 0;
    }
    if (x->ws)
        for (int c = 0; c < x->ncols; c++) {
            int w = x->width[c] + 2;
            worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w,
                                 NULL);
        }
    if (x->wb) {
        lxw_error e = workbook_close(x->wb);   /* frees the workbook whatever it answers */
        x->wb = NULL;
        if (e) set_error(x, "libxlsxwriter: %s", lxw_strerror(e));
    }
    if (!x->error[0]) {
        size_t before = out->len;
        if (read_file(x->path, out) != 0) {
            out->len = before;
            set_error(x, "cannot read the workbook back: %s", strerror(errno));
        }
    }
    int rc = x->error[0] ? -1 : 0;
    if (rc && err && errlen) snprintf(err, errlen, "%s", x->error);
    export_free(x);
    return rc;
}

bool export_format_parse(const char *s, enum export_format *fmt)
{
    if (!s) return false;
    if (strcmp(s, "csv") == 0) *fmt = EXPORT_CSV;
    else if (strcmp(s, "xlsx") == 0) *fmt = EXPORT_XLSX;
    else return false;
    return true;
}

void export_reply(req *r, export_doc *x, const char *stem)
{
    enum export_format fmt = x->fmt;
    buf out = {0};
    char err[256];
    if (export_end(x, &out, err, sizeof err) != 0) {
        buf_free(&out);
        log_error("export %s: %s", stem, err);
        web_fail(r, "export");
        return;
    }
    web_header(r, "Content-Disposition",
               arena_printf(&r->a, "attachment; filename=\"%s.%s\"", stem, fmt == EXPORT_XLSX ? "xlsx" : "csv"));
    web_body(r, fmt == EXPORT_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                   : "text/csv; charset=utf-8",
             out.data ? out.data : "", out.len);
    buf_free(&out);
}
