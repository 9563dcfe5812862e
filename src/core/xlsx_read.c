/* xlsx_read.c: the XLSX reader of every import (export.h): one worksheet of an Office Open XML
 * workbook into the csv_doc the import runner takes, so an .xlsx file and a .csv file go through
 * the same header mapping, checks and per-line report. A record's line is its sheet row.
 *
 * Streaming: each part is inflated by libzip in 64 KiB chunks straight into expat, so the
 * unpacked XML is never held whole; only the values (shared strings, the cells) stay, in the
 * caller's arena.
 *
 * Hostile files: the file size, the unpacked bytes of each part against its compressed size (a
 * zip bomb inflates 1,000×), the total unpacked bytes, the records and the cells are bounded,
 * counted on the bytes actually inflated (a zip's declared sizes may lie); a DOCTYPE is refused,
 * so no entity can expand. A broken part is one clear fatal message naming the part, its line
 * and column; a bad cell (an error value, a missing shared string) rejects only its row. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <expat.h>
#include <math.h>
#include <utf8proc.h>
#include <zip.h>

#include "export.h"
#include "import.h"

#define CHUNK (64 * 1024)
#define RATIO_FREE_BYTES (1u << 20)   /* a part this small may compress as well as it likes */
#define MAX_SHEET_ROW 1048576         /* Excel's last row */
#define MAX_SHEET_COL 16384           /* XFD */

struct named { const char *name, *id; };

enum part { P_WORKBOOK, P_RELS, P_SST, P_STYLES, P_SHEET };

struct cell { const char *s; size_t len; };

struct xr {
    arena *a;
    zip_t *z;
    XML_Parser p;
    const char *part_name;
    enum part part;
    const char *fatal;
    uint64_t unpacked;
    int depth;
    /* text being collected (a <t> or <v>), capped just past the field limit */
    buf text;
    bool collect, text_overflow;
    /* workbook.xml and its relationships */
    struct named *sheets, *rels;
    int nsheets, nrels, capsheets, caprels;
    bool date1904;
    /* sharedStrings.xml */
    struct cell *sst;
    int nsst, capsst;
    bool in_si, in_rph;
    /* styles.xml: date formats by numFmtId, and whether each cell format (xf) is a date */
    int *date_fmts;
    int ndate_fmts, capdate_fmts;
    bool in_cellxfs;
    bool *xf_date;
    int nxf, capxf;
    /* the sheet */
    bool in_sheetdata, in_row, in_c, in_v, in_is, has_v, has_f;
    int row, prev_row, col, prev_col, style;
    char type[12];
    struct cell *cells;        /* the current row, by column; malloc'd */
    int ncells, capcells, row_used;
    const char *row_error;
    int64_t ncells_total;
    struct csv_record *recs;   /* malloc'd, copied into the arena at the end */
    int nrecs, caprecs, width;
    int stop_after;            /* xlsx_count_rows: stop once this many records are past (0: read all) */
    bool stopped;
};

static void fail(struct xr *x, const char *msg)
{
    if (!x->fatal) x->fatal = msg;
    XML_StopParser(x->p, XML_FALSE);
}

static const char *local_name(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

static const char *attr(const char **at, const char *name)
{
    for (int i = 0; at[i]; i += 2)
        if (strcmp(local_name(at[i]), name) == 0) return at[i + 1];
    return NULL;
}

static void *grow(void *items, int n, int *cap, size_t size)
{
    if (n < *cap) return items;
    *cap = *cap ? *cap * 2 : 16;
    return xrealloc(items, size * (size_t)*cap);
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    struct xr *x = ud;
    if (!x->collect || len <= 0) return;
    if (x->text.len + (size_t)len > IMPORT_MAX_FIELD_BYTES + 1) {
        x->text_overflow = true;
        return;
    }
    buf_append(&x->text, s, (size_t)len);
}

static void collect_begin(struct xr *x)
{
    x->collect = true;
}

/* The collected text as NFC in the arena (expat hands us valid UTF-8). */
static struct cell text_cell(struct xr *x, const char *s, size_t n)
{
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
    struct cell c;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m = ascii ? -1 : utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
                                                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m >= 0) {
        c.s = arena_strndup(x->a, (const char *)nfc, (size_t)m);
        c.len = (size_t)m;
    } else {
        c.s = arena_strndup(x->a, s, n);
        c.len = n;
    }
    free(nfc);
    return c;
}

/* ---- workbook.xml, workbook.xml.rels ---- */
static void wb_start(void *ud, const XML_Char *name, const XML_Char **at)
{
    struct xr *x = ud;
    const char *n = local_name(name);
    if (x->part == P_WORKBOOK && strcmp(n, "sheet") == 0) {
        const char *sn = attr(at, "name"), *id = attr(at, "id");
        if (!sn || !id) {
            fail(x, "xl/workbook.xml: một trang tính thiếu tên hoặc mã liên kết (r:id)");
            return;
        }
        x->sheets = grow(x->sheets, x->nsheets, &x->capsheets, sizeof *x->sheets);
        x->sheets[x->nsheets++] = (struct named){arena_strdup(x->a, sn), arena_strdup(x->a, id)};
    } else if (x->part == P_WORKBOOK && strcmp(n, "workbookPr") == 0) {
        const char *d = attr(at, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (x->part == P_RELS && strcmp(n, "Relationship") == 0) {
        const char *id = attr(at, "Id"), *t = attr(at, "Target");
        if (!id || !t) return;
        x->rels = grow(x->rels, x->nrels, &x->caprels, sizeof *x->rels);
        x->rels[x->nrels++] = (struct named){arena_strdup(x->a, t), arena_strdup(x->a, id)};
    }
}

static void wb_end(void *ud, const XML_Char *name)
{
    (void)ud;
    (void)name;
}

/* ---- sharedStrings.xml: <si> is <t> or rich runs <r><t>; phonetic runs <rPh> are not text ---- */
static void sst_start(void *ud, const XML_Char *name, const XML_Char **at)
{
    struct xr *x = ud;
    (void)at;
    const char *n = local_name(name);
    if (strcmp(n, "si") == 0) {
        x->in_si = true;
        buf_reset(&x->text);
        x->text_overflow = false;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = true;
    } else if (strcmp(n, "t") == 0 && x->in_si && !x->in_rph) {
        collect_begin(x);
    }
}

static void sst_end(void *ud, const XML_Char *name)
{
    struct xr *x = ud;
    const char *n = local_name(name);
    if (strcmp(n, "t") == 0) {
        x->collect = false;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(n, "si") == 0) {
        x->in_si = false;
        if (x->nsst >= XLSX_MAX_CELLS) {
            fail(x, arena_printf(x->a, "xl/sharedStrings.xml có quá %d chuỗi", XLSX_MAX_CELLS));
            return;
        }
        x->sst = grow(x->sst, x->nsst, &x->capsst, sizeof *x->sst);
        /* an over-long string is kept cut; the cell that uses it is rejected then */
        x->sst[x->nsst++] = x->text_overflow ? (struct cell){NULL, IMPORT_MAX_FIELD_BYTES + 1}
                                             : text_cell(x, buf_str(&x->text), x->text.len);
        buf_reset(&x->text);
    }
}

/* ---- styles.xml ---- */
/* A custom number format shows a date when, outside quoted text, escapes and [..] sections
 * (colours, conditions, locales), it has a day, month, year or hour code. */
static bool format_is_date(const char *f)
{
    for (const char *p = f; *p; p++) {
        if (*p == '"') {
            p = strchr(p + 1, '"');
            if (!p) return false;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (!*++p) return false;
        } else if (*p == '[') {
            p = strchr(p + 1, ']');
            if (!p) return false;
        } else if (strchr("dmyhDMYH", *p)) {
            return true;
        }
    }
    return false;
}

static bool builtin_date(int id) { return (id >= 14 && id <= 22) || (id >= 45 && id <= 47); }

static void styles_start(void *ud, const XML_Char *name, const XML_Char **at)
{
    struct xr *x = ud;
    const char *n = local_name(name);
    if (strcmp(n, "numFmt") == 0) {
        const char *id = attr(at, "numFmtId"), *code = attr(at, "formatCode");
        if (id && code && format_is_date(code)) {
            x->date_fmts = grow(x->date_fmts, x->ndate_fmts, &x->capdate_fmts, sizeof *x->date_fmts);
            x->date_fmts[x->ndate_fmts++] = atoi(id);
        }
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs = true;
    } else if (strcmp(n, "xf") == 0 && x->in_cellxfs) {
        const char *id = attr(at, "numFmtId");
        int f = id ? atoi(id) : 0;
        bool date = builtin_date(f);
        for (int i = 0; i < x->ndate_fmts && !date; i++) date = x->date_fmts[i] == f;
        if (x->nxf >= 65536) {
            fail(x, "xl/styles.xml có quá 65.536 định dạng ô");
            return;
        }
        x->xf_date = grow(x->xf_date, x->nxf, &x->capxf, sizeof *x->xf_date);
        x->xf_date[x->nxf++] = date;
    }
}

static void styles_end(void *ud, const XML_Char *name)
{
    struct xr *x = ud;
    if (strcmp(local_name(name), "cellXfs") == 0) x->in_cellxfs = false;
}

/* ---- the worksheet ---- */
/* "AB12" → column 27 (from 0) and row 12; false if it is not a cell reference. */
static bool parse_ref(const char *s, int *col, int *row)
{
    int c = 0, n = 0;
    for (; *s >= 'A' && *s <= 'Z'; s++) {
        c = c * 26 + (*s - 'A' + 1);
        if (c > MAX_SHEET_COL) return false;
    }
    if (c == 0) return false;
    int r = 0;
    for (; *s >= '0' && *s <= '9'; s++, n++) {
        r = r * 10 + (*s - '0');
        if (r > MAX_SHEET_ROW) return false;
    }
    if (*s || n == 0 || r == 0) return false;
    *col = c - 1;
    *row = r;
    return true;
}

static void col_letters(int col, char out[4])
{
    char tmp[4];
    int n = 0;
    for (col += 1; col > 0 && n < 3; col = (col - 1) / 26) tmp[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = 0;
}

static const char *cell_name(struct xr *x, int col)
{
    char l[4];
    col_letters(col, l);
    return arena_printf(x->a, "%s%d", l, x->row);
}

static void row_error(struct xr *x, const char *msg)
{
    if (!x->row_error) x->row_error = msg;
}

/* Days since 1970-01-01 → civil date (H. Hinnant's algorithm). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* An Excel serial date as ISO text; NULL when out of Excel's range (0 .. 9999-12-31). Serials
 * before 1900-03-01 are counted from 1899-12-31 (Excel's fictitious 29/02/1900 is serial 60). */
static const char *serial_date(struct xr *x, double v)
{
    if (!(v >= 0 && v < 2958466)) return NULL;
    double day = floor(v);
    int64_t secs = llround((v - day) * 86400.0);
    int64_t days = (int64_t)day;
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    int64_t epoch = x->date1904 ? -24107 : days < 61 ? -25568 : -25569;   /* 1904-01-01, 1899-12-31, 1899-12-30 */
    int y, m, d;
    civil_from_days(epoch + days, &y, &m, &d);
    if (secs == 0) return arena_printf(x->a, "%04d-%02d-%02d", y, m, d);
    return arena_printf(x->a, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
                        (int)(secs % 60));
}

/* A number cell as the text a person sees: integers without a fraction or exponent, others with
 * at most 15 significant digits (Excel's precision), so 0.1 + 0.2 reads "0.3". */
static const char *number_text(struct xr *x, const char *v, bool *ok)
{
    /* the common case, an integer as Excel writes it, is kept as it stands */
    const char *p = v + (*v == '-');
    size_t digits = strspn(p, "0123456789");
    if (digits && digits <= 15 && !p[digits] && (p[0] != '0' || digits == 1)) {
        *ok = true;
        return arena_strndup(x->a, v, (size_t)(p - v) + digits);
    }
    char *end;
    double d = strtod(v, &end);
    *ok = end != v && *end == 0 && isfinite(d);
    if (!*ok) return v;
    if (d == floor(d) && fabs(d) < 9007199254740992.0) return arena_printf(x->a, "%lld", (long long)d);
    return arena_printf(x->a, "%.15g", d);
}

/* "2019-08-19T00:00:00" (a t="d" cell) → "2019-08-19"; with a time → "2019-08-19 08:30:00". */
static const char *iso_cell(struct xr *x, const char *v)
{
    size_t n = strlen(v);
    if (n >= 19 && v[10] == 'T' && strncmp(v + 11, "00:00:00", 8) == 0) return arena_strndup(x->a, v, 10);
    if (n >= 19 && v[10] == 'T') return arena_printf(x->a, "%.10s %.8s", v, v + 11);
    return arena_strdup(x->a, v);
}

static void cell_put(struct xr *x, int col, struct cell c)
{
    if (c.len == 0) return;
    if (col >= IMPORT_MAX_FIELDS) {
        row_error(x, arena_printf(x->a, "ô %s có dữ liệu ở cột thứ %d; một dòng có nhiều nhất %d cột",
                                  cell_name(x, col), col + 1, IMPORT_MAX_FIELDS));
        return;
    }
    if (++x->ncells_total > XLSX_MAX_CELLS) {
        fail(x, arena_printf(x->a, "trang tính có quá %d ô có dữ liệu; hãy chia thành nhiều tệp", XLSX_MAX_CELLS));
        return;
    }
    while (x->capcells <= col) {
        int old = x->capcells;
        x->capcells = x->capcells ? x->capcells * 2 : 16;
        x->cells = xrealloc(x->cells, sizeof *x->cells * (size_t)x->capcells);
        memset(x->cells + old, 0, sizeof *x->cells * (size_t)(x->capcells - old));
    }
    x->cells[col] = c;
    if (col + 1 > x->row_used) x->row_used = col + 1;
}

static void cell_end(struct xr *x)
{
    if (x->text_overflow) {
        row_error(x, arena_printf(x->a, "ô %s dài quá %d byte", cell_name(x, x->col), IMPORT_MAX_FIELD_BYTES));
        return;
    }
    const char *v = buf_str(&x->text);
    size_t n = x->text.len;
    const char *t = x->type;
    if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
        cell_put(x, x->col, text_cell(x, v, n));
        return;
    }
    if (!x->has_v) {
        if (x->has_f)
            row_error(x, arena_printf(x->a, "ô %s có công thức chưa được tính (không có giá trị lưu sẵn); hãy mở tệp "
                                            "bằng Excel hoặc LibreOffice và lưu lại", cell_name(x, x->col)));
        return;
    }
    if (strcmp(t, "s") == 0) {
        char *end;
        long i = strtol(v, &end, 10);
        if (end == v || *end || i < 0 || i >= x->nsst) {
            row_error(x, arena_printf(x->a, "ô %s trỏ tới chuỗi dùng chung số %s, tệp chỉ có %d chuỗi", cell_name(x, x->col), v, x->nsst));
            return;
        }
        if (!x->sst[i].s) {
            row_error(x, arena_printf(x->a, "ô %s dài quá %d byte", cell_name(x, x->col), IMPORT_MAX_FIELD_BYTES));
            return;
        }
        cell_put(x, x->col, x->sst[i]);
    } else if (strcmp(t, "b") == 0) {
        if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0) {
            row_error(x, arena_printf(x->a, "ô %s kiểu đúng/sai có giá trị \"%s\"", cell_name(x, x->col), v));
            return;
        }
        cell_put(x, x->col, (struct cell){v[0] == '1' ? "1" : "0", 1});
    } else if (strcmp(t, "e") == 0) {
        row_error(x, arena_printf(x->a, "ô %s chứa lỗi công thức %s", cell_name(x, x->col), v));
    } else if (strcmp(t, "d") == 0) {
        const char *iso = iso_cell(x, v);
        cell_put(x, x->col, (struct cell){iso, strlen(iso)});
    } else if (strcmp(t, "n") == 0 || t[0] == 0) {
        if (n == 0) return;
        bool ok;
        const char *num = number_text(x, v, &ok);
        if (!ok) {
            row_error(x, arena_printf(x->a, "ô %s kiểu số có giá trị \"%s\"", cell_name(x, x->col), v));
            return;
        }
        if (x->style >= 0 && x->style < x->nxf && x->xf_date[x->style]) {
            const char *d = serial_date(x, strtod(v, NULL));
            if (d) num = d;
        }
        cell_put(x, x->col, (struct cell){num, strlen(num)});
    } else {
        row_error(x, arena_printf(x->a, "ô %s có kiểu \"%s\" không được hỗ trợ", cell_name(x, x->col), t));
    }
}

/* Ends a row: skipped when blank; the first kept row is the header, whose width every later
 * record takes (missing cells are empty; data right of the header is refused, never dropped). */
static void row_end(struct xr *x)
{
    if (x->row_used == 0 && !x->row_error) return;
    if (x->nrecs >= IMPORT_MAX_RECORDS) {
        fail(x, arena_printf(x->a, "trang tính có quá %d dòng dữ liệu; hãy chia thành nhiều tệp", IMPORT_MAX_RECORDS));
        return;
    }
    if (x->nrecs == 0) x->width = x->row_used;
    int n = x->row_used > x->width ? x->row_used : x->width;
    if (x->row_used > x->width && !x->row_error) {
        int c = x->width;
        while (c < x->row_used && x->cells[c].len == 0) c++;
        char l[4];
        col_letters(c, l);
        x->row_error = arena_printf(x->a, "ô %s có dữ liệu nhưng cột %s không có tên ở dòng tiêu đề (dòng %d)",
                                    cell_name(x, c), l, x->recs[0].line);
    }
    const char **f = arena_alloc(x->a, sizeof *f * (size_t)(n ? n : 1));
    size_t *l = arena_alloc(x->a, sizeof *l * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        bool has = i < x->row_used && x->cells[i].len;
        f[i] = has ? x->cells[i].s : "";
        l[i] = has ? x->cells[i].len : 0;
    }
    x->recs = grow(x->recs, x->nrecs, &x->caprecs, sizeof *x->recs);
    x->recs[x->nrecs++] = (struct csv_record){x->row, n, f, l, x->row_error};
    if (x->stop_after && x->nrecs > x->stop_after && !x->stopped) {
        x->stopped = true;
        XML_StopParser(x->p, XML_FALSE);
    }
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **at)
{
    struct xr *x = ud;
    const char *n = local_name(name);
    if (strcmp(n, "sheetData") == 0) {
        x->in_sheetdata = true;
    } else if (!x->in_sheetdata) {
        return;
    } else if (strcmp(n, "row") == 0) {
        const char *r = attr(at, "r");
        int row = x->prev_row + 1;
        if (r) {
            char *end;
            long v = strtol(r, &end, 10);
            if (end == r || *end || v < 1 || v > MAX_SHEET_ROW) {
                fail(x, arena_printf(x->a, "%s: hàng có số \"%s\" không hợp lệ", x->part_name, r));
                return;
            }
            row = (int)v;
        }
        if (row <= x->prev_row) {
            fail(x, arena_printf(x->a, "%s: hàng %d đứng sau hàng %d; tệp XLSX sai cấu trúc", x->part_name, row,
                                 x->prev_row));
            return;
        }
        x->in_row = true;
        x->row = x->prev_row = row;
        x->prev_col = -1;
        for (int i = 0; i < x->row_used; i++) x->cells[i] = (struct cell){0};
        x->row_used = 0;
        x->row_error = NULL;
    } else if (strcmp(n, "c") == 0 && x->in_row) {
        const char *r = attr(at, "r"), *t = attr(at, "t"), *s = attr(at, "s");
        int col = x->prev_col + 1, row;
        if (r && !parse_ref(r, &col, &row)) {
            fail(x, arena_printf(x->a, "%s: ô có địa chỉ \"%s\" không hợp lệ (hàng %d)", x->part_name, r, x->row));
            return;
        }
        if (col <= x->prev_col) {
            fail(x, arena_printf(x->a, "%s: ô %s đứng sau một ô bên phải nó; tệp XLSX sai cấu trúc", x->part_name,
                                 cell_name(x, col)));
            return;
        }
        x->in_c = true;
        x->col = x->prev_col = col;
        x->style = s ? atoi(s) : 0;
        snprintf(x->type, sizeof x->type, "%s", t ? t : "n");
        x->has_v = x->has_f = false;
        buf_reset(&x->text);
        x->text_overflow = false;
    } else if (!x->in_c) {
        return;
    } else if (strcmp(n, "v") == 0) {
        x->in_v = x->has_v = true;
        collect_begin(x);
    } else if (strcmp(n, "f") == 0) {
        x->has_f = true;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = true;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = true;
    } else if (strcmp(n, "t") == 0 && x->in_is && !x->in_rph) {
        collect_begin(x);
    }
}

static void sheet_end(void *ud, const XML_Char *name)
{
    struct xr *x = ud;
    const char *n = local_name(name);
    if (strcmp(n, "sheetData") == 0) {
        x->in_sheetdata = false;
    } else if (strcmp(n, "row") == 0 && x->in_row) {
        x->in_row = false;
        row_end(x);
    } else if (strcmp(n, "c") == 0 && x->in_c) {
        x->in_c = x->in_v = x->in_is = x->in_rph = x->collect = false;
        cell_end(x);
    } else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        x->collect = false;
        x->in_v = false;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = false;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = false;
    }
}

/* ---- parts ---- */
static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid, int internal)
{
    struct xr *x = ud;
    (void)name, (void)sysid, (void)pubid, (void)internal;
    fail(x, arena_printf(x->a, "%s có khai báo DOCTYPE, điều mà tệp XLSX không bao giờ có", x->part_name));
}

/* Inflates part `name` into expat with the part's handlers. 1 when the part is absent and not
 * required, 0 when parsed, -1 with x->fatal. */
static int parse_part(struct xr *x, const char *name, enum part part, bool required)
{
    zip_int64_t idx = zip_name_locate(x->z, name, ZIP_FL_NOCASE);
    if (idx < 0) {
        if (!required) return 1;
        x->fatal = arena_printf(x->a, "tệp nén không có phần %s: đây không phải bảng tính XLSX", name);
        return -1;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_COMP_SIZE)) {
        x->fatal = arena_printf(x->a, "tệp XLSX hỏng: không đọc được phần %s", name);
        return -1;
    }
    zip_file_t *f = zip_fopen_index(x->z, (zip_uint64_t)idx, 0);
    if (!f) {
        x->fatal = arena_printf(x->a, "tệp XLSX hỏng hoặc được mã hoá: không mở được phần %s (%s)", name,
                                zip_strerror(x->z));
        return -1;
    }
    XML_Parser p = XML_ParserCreate("UTF-8");
    x->p = p;
    x->part = part;
    x->part_name = name;
    XML_SetUserData(p, x);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    switch (part) {
    case P_WORKBOOK:
    case P_RELS: XML_SetElementHandler(p, wb_start, wb_end); break;
    case P_SST: XML_SetElementHandler(p, sst_start, sst_end); break;
    case P_STYLES: XML_SetElementHandler(p, styles_start, styles_end); break;
    case P_SHEET: XML_SetElementHandler(p, sheet_start, sheet_end); break;
    }
    uint64_t got = 0, comp = st.comp_size ? st.comp_size : 1;
    char *chunk = xmalloc(CHUNK);
    int rc = 0;
    for (;;) {
        zip_int64_t n = zip_fread(f, chunk, CHUNK);
        if (n < 0) {
            x->fatal = arena_printf(x->a, "tệp XLSX hỏng: phần %s không giải nén được (%s)", name, zip_file_strerror(f));
            rc = -1;
            break;
        }
        got += (uint64_t)n;
        x->unpacked += (uint64_t)n;
        if (got > RATIO_FREE_BYTES && got / comp > XLSX_MAX_RATIO) {
            x->fatal = arena_printf(x->a, "phần %s giải nén ra hơn %d lần kích thước nén (%llu byte nén): tệp bị từ "
                                          "chối như một \"quả bom zip\"", name, XLSX_MAX_RATIO,
                                    (unsigned long long)st.comp_size);
            rc = -1;
            break;
        }
        if (x->unpacked > XLSX_MAX_UNPACKED) {
            x->fatal = arena_printf(x->a, "tệp XLSX giải nén ra hơn %llu MiB: quá lớn để nhập",
                                    (unsigned long long)(XLSX_MAX_UNPACKED >> 20));
            rc = -1;
            break;
        }
        if (XML_Parse(p, chunk, (int)n, n == 0) != XML_STATUS_OK) {
            if (x->stopped) break;   /* counted far enough (xlsx_count_rows) */
            if (!x->fatal)
                x->fatal = arena_printf(x->a, "phần %s của tệp XLSX sai cấu trúc XML ở dòng %lu, cột %lu: %s", name,
                                        (unsigned long)XML_GetCurrentLineNumber(p),
                                        (unsigned long)XML_GetCurrentColumnNumber(p) + 1,
                                        XML_ErrorString(XML_GetErrorCode(p)));
            rc = -1;
            break;
        }
        if (x->fatal) {
            rc = -1;
            break;
        }
        if (n == 0) break;
    }
    free(chunk);
    zip_fclose(f);
    XML_ParserFree(p);
    x->p = NULL;
    x->collect = false;
    return rc;
}

/* A relationship target relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/…"). */
static const char *part_path(struct xr *x, const char *target)
{
    if (target[0] == '/') return arena_strdup(x->a, target + 1);
    return arena_printf(x->a, "xl/%s", target);
}

bool xlsx_sniff(const char *data, size_t len)
{
    return data && len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

static const char *sheet_names(struct xr *x)
{
    buf b = {0};
    for (int i = 0; i < x->nsheets; i++) buf_printf(&b, "%s\"%s\"", i ? ", " : "", x->sheets[i].name);
    const char *s = arena_strdup(x->a, buf_str(&b));
    buf_free(&b);
    return s;
}

static int read_workbook(struct xr *x, const char *sheet)
{
    if (parse_part(x, "xl/workbook.xml", P_WORKBOOK, true) != 0) return -1;
    if (x->nsheets == 0) {
        x->fatal = "bảng tính không có trang tính nào";
        return -1;
    }
    const struct named *want = NULL;
    if (!sheet || !*sheet) want = &x->sheets[0];
    for (int i = 0; i < x->nsheets && !want; i++)
        if (strcmp(x->sheets[i].name, sheet) == 0) want = &x->sheets[i];
    for (int i = 0; i < x->nsheets && !want; i++)   /* Excel itself ignores the case of sheet names */
        if (strcasecmp(x->sheets[i].name, sheet) == 0) want = &x->sheets[i];
    if (!want) {
        x->fatal = arena_printf(x->a, "bảng tính không có trang tính \"%s\"; các trang tính có: %s", sheet,
                                sheet_names(x));
        return -1;
    }
    if (parse_part(x, "xl/_rels/workbook.xml.rels", P_RELS, true) != 0) return -1;
    const char *target = NULL;
    for (int i = 0; i < x->nrels && !target; i++)
        if (strcmp(x->rels[i].id, want->id) == 0) target = x->rels[i].name;
    if (!target) {
        x->fatal = arena_printf(x->a, "tệp XLSX hỏng: trang tính \"%s\" trỏ tới liên kết %s không có trong "
                                      "xl/_rels/workbook.xml.rels", want->name, want->id);
        return -1;
    }
    if (parse_part(x, "xl/sharedStrings.xml", P_SST, false) < 0) return -1;
    if (parse_part(x, "xl/styles.xml", P_STYLES, false) < 0) return -1;
    const char *path = part_path(x, target);
    if (zip_name_locate(x->z, path, ZIP_FL_NOCASE) < 0) {
        x->fatal = arena_printf(x->a, "tệp XLSX hỏng: trang tính \"%s\" (phần %s) không có trong tệp", want->name, path);
        return -1;
    }
    return parse_part(x, path, P_SHEET, true);
}

static int read_rows(arena *a, const char *data, size_t len, const char *sheet, int stop_after, struct csv_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    doc->delimiter = ',';
    if (len > XLSX_MAX_BYTES) {
        doc->fatal = arena_printf(a, "tệp XLSX lớn hơn %llu MiB", (unsigned long long)(XLSX_MAX_BYTES >> 20));
        return -1;
    }
    if (!xlsx_sniff(data, len)) {
        doc->fatal = "tệp không phải bảng tính XLSX (không bắt đầu như một tệp nén ZIP)";
        return -1;
    }
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    if (!z) {
        doc->fatal = arena_printf(a, "tệp XLSX hỏng: không mở được tệp nén (%s)", zip_error_strerror(&zerr));
        if (src) zip_source_free(src);
        zip_error_fini(&zerr);
        return -1;
    }
    zip_error_fini(&zerr);
    struct xr x = {.a = a, .z = z, .prev_row = 0, .stop_after = stop_after};
    int rc = read_workbook(&x, sheet);
    zip_discard(z);   /* read-only: closing writes nothing; the source goes with the archive */
    if (rc == 0 && !x.fatal) {
        if (x.nrecs) {
            doc->records = arena_alloc(a, sizeof *x.recs * (size_t)x.nrecs);
            memcpy(doc->records, x.recs, sizeof *x.recs * (size_t)x.nrecs);
        }
        doc->nrecords = x.nrecs;
    } else {
        doc->fatal = x.fatal ? x.fatal : "tệp XLSX không đọc được";
        rc = -1;
    }
    free(x.sheets);
    free(x.rels);
    free(x.sst);
    free(x.date_fmts);
    free(x.xf_date);
    free(x.cells);
    free(x.recs);
    buf_free(&x.text);
    return rc;
}

int xlsx_read(arena *a, const char *data, size_t len, const char *sheet, struct csv_doc *doc)
{
    return read_rows(a, data, len, sheet, 0, doc);
}

int64_t xlsx_count_rows(arena *a, const char *data, size_t len, const char *sheet, int at_most)
{
    struct csv_doc doc;
    if (read_rows(a, data, len, sheet, at_most > 0 ? at_most + 1 : 0, &doc) < 0) return -1;
    return doc.nrecords > 0 ? doc.nrecords - 1 : 0;
}
