/* test_export.c: one column spec, two files (export.h). CSV: BOM, numbers bare (a negative amount
 * is not neutralised), formula-like text neutralised, dates ISO, a value not of its kind kept as
 * text. XLSX: read back with our own reader (every value returns as it went in) and inspected as
 * XML: the frozen header pane, the bold header style, number cells for money with #,##0, date
 * cells with dd/mm/yyyy, string cells (never <f>) for formula-like text, column widths that follow
 * the content; the sheet name cut to Excel's rules; a 100,000-row export in constant memory. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "export.h"
#include "import.h"
#include "xlsx_fixture.h"

static arena A;

static const struct export_column COLS[] = {
    {"Tên đơn vị", EXPORT_TEXT}, {"Số tiền", EXPORT_MONEY}, {"Ngày", EXPORT_DATE}, {"Tỉ lệ", EXPORT_PERCENT},
    {"Số", EXPORT_INT},          {"Đạt", EXPORT_BOOL},      {"Hệ số", EXPORT_DECIMAL},
};
#define NCOLS 7
static const char *const ROW1[NCOLS] = {"Sở Y tế", "14000000000", "2019-08-19", "99.5", "7", "1", "1.25"};
static const char *const ROW2[NCOLS] = {"=HYPERLINK(\"http://x\")", "-5000", "ngày mai", "n/a", "007x", "0", NULL};
static const char *const ROW3[NCOLS] = {"+84 912", NULL, "2019-02-29", "-1.5", "-3", "có", "-0.5"};

static int export_all(enum export_format fmt, const char *sheet, buf *out)
{
    export_doc *x = export_begin(fmt, sheet, COLS, NCOLS);
    export_row(x, ROW1);
    export_row(x, ROW2);
    export_row(x, ROW3);
    char err[256] = "";
    int rc = export_end(x, out, err, sizeof err);
    if (rc) printf("# export_end: %s\n", err);
    return rc;
}

static void test_csv(void)
{
    buf b = {0};
    CHECK_INT(export_all(EXPORT_CSV, "x", &b), 0);
    const char *want = "\xEF\xBB\xBFTên đơn vị,Số tiền,Ngày,Tỉ lệ,Số,Đạt,Hệ số\r\n"
                       "Sở Y tế,14000000000,2019-08-19,99.5,7,1,1.25\r\n"
                       "\"'=HYPERLINK(\"\"http://x\"\")\",-5000,ngày mai,n/a,007x,0,\r\n"
                       "'+84 912,,2019-02-29,-1.5,-3,có,-0.5\r\n";
    CHECK_STR(buf_str(&b), want);
    /* and it reads back, formula neutralisation undone */
    struct csv_doc d;
    CHECK_INT(csv_read(&A, b.data, b.len, 0, &d), 0);
    CHECK_INT(d.nrecords, 4);
    CHECK_STR(d.records[2].fields[0], "=HYPERLINK(\"http://x\")");
    CHECK_STR(d.records[2].fields[1], "-5000");
    buf_free(&b);
}

/* The <c …> element of cell `ref` in the sheet XML, in the arena, or "". */
static const char *cell_xml(const char *sheet, const char *ref)
{
    char pat[32];
    snprintf(pat, sizeof pat, "<c r=\"%s\"", ref);
    const char *p = strstr(sheet, pat);
    if (!p) return "";
    const char *e = strstr(p, "</c>"), *self = strstr(p, "/>");
    if (!e || (self && self < e && !memchr(p, '>', (size_t)(self - p)))) e = self;
    return e ? arena_strndup(&A, p, (size_t)(e - p) + 4) : "";
}

/* The style index s="N" of a cell element, or -1. */
static int style_of(const char *cell)
{
    const char *s = strstr(cell, " s=\"");
    return s ? atoi(s + 4) : -1;
}

/* The numFmt code that the cellXfs entry `xf` uses, or "" (styles.xml by string search). */
static const char *xf_format(const char *styles, int xf)
{
    const char *p = strstr(styles, "<cellXfs");
    for (int i = 0; p && i <= xf; i++) p = strstr(p + 1, "<xf ");
    if (!p) return "";
    const char *id = strstr(p, "numFmtId=\"");
    if (!id) return "";
    int fmt = atoi(id + 10);
    char pat[48];
    snprintf(pat, sizeof pat, "numFmtId=\"%d\" formatCode=\"", fmt);
    const char *f = strstr(styles, pat);
    if (!f) return fmt == 0 ? "General" : arena_printf(&A, "builtin %d", fmt);
    f += strlen(pat);
    return arena_strndup(&A, f, strcspn(f, "\""));
}

static double col_width(const char *sheet, int col)
{
    char pat[48];
    snprintf(pat, sizeof pat, "<col min=\"%d\" max=\"%d\" width=\"", col, col);
    const char *p = strstr(sheet, pat);
    return p ? strtod(p + strlen(pat), NULL) : -1;
}

static void test_xlsx_read_back(void)
{
    buf b = {0};
    CHECK_INT(export_all(EXPORT_XLSX, "Danh sách", &b), 0);
    CHECK(xlsx_sniff(b.data, b.len));
    struct csv_doc d;
    CHECK_INT(xlsx_read(&A, b.data, b.len, "Danh sách", &d), 0);
    CHECK(d.fatal == NULL);
    CHECK_INT(d.nrecords, 4);
    if (d.nrecords != 4) return;
    for (int c = 0; c < NCOLS; c++) CHECK_STR(d.records[0].fields[c], COLS[c].header);
    for (int c = 0; c < NCOLS; c++) CHECK_STR(d.records[1].fields[c], ROW1[c]);
    for (int c = 0; c < NCOLS; c++) CHECK_STR(d.records[2].fields[c], ROW2[c] ? ROW2[c] : "");
    for (int c = 0; c < NCOLS; c++) CHECK_STR(d.records[3].fields[c], ROW3[c] ? ROW3[c] : "");
    CHECK_INT(d.records[1].line, 2);
    buf_free(&b);
}

static void test_xlsx_xml(void)
{
    buf b = {0}, sheet = {0}, styles = {0}, wbk = {0};
    CHECK_INT(export_all(EXPORT_XLSX, "Báo cáo: quý [1]/2024 và những thứ dài hơn nữa", &b), 0);
    CHECK_INT(zip_part(b.data, b.len, "xl/worksheets/sheet1.xml", &sheet), 0);
    CHECK_INT(zip_part(b.data, b.len, "xl/styles.xml", &styles), 0);
    CHECK_INT(zip_part(b.data, b.len, "xl/workbook.xml", &wbk), 0);
    const char *sx = buf_str(&sheet), *st = buf_str(&styles);
    /* the header row frozen: a pane split below row 1 */
    CHECK_CONTAINS(sx, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>");
    /* header cells bold: their style's font is the bold one */
    int hs = style_of(cell_xml(sx, "A1"));
    CHECK(hs > 0);
    CHECK_CONTAINS(st, "<b/>");
    /* money: a number cell (no t=), formatted #,##0 */
    const char *money = cell_xml(sx, "B2");
    CHECK(strstr(money, " t=\"") == NULL);
    CHECK_CONTAINS(money, "<v>14000000000</v>");
    CHECK_STR(xf_format(st, style_of(money)), "#,##0");
    CHECK_CONTAINS(cell_xml(sx, "B3"), "<v>-5000</v>");
    /* date: a serial number cell formatted dd/mm/yyyy */
    const char *date = cell_xml(sx, "C2");
    CHECK(strstr(date, " t=\"") == NULL);
    CHECK_CONTAINS(date, "<v>43696</v>");
    CHECK_STR(xf_format(st, style_of(date)), "dd/mm/yyyy");
    /* a value not of its kind stays text: "ngày mai", 29/02/2019 (no such day), "n/a", "có" */
    CHECK_CONTAINS(cell_xml(sx, "C3"), "t=\"inlineStr\"");
    CHECK_CONTAINS(cell_xml(sx, "C4"), "t=\"inlineStr\"");
    CHECK_CONTAINS(cell_xml(sx, "D3"), "t=\"inlineStr\"");
    CHECK_CONTAINS(cell_xml(sx, "F4"), "t=\"inlineStr\"");
    /* percent, boolean */
    CHECK_STR(xf_format(st, style_of(cell_xml(sx, "D2"))), "0.0&quot;%&quot;");
    CHECK_CONTAINS(cell_xml(sx, "F2"), "t=\"b\"");
    /* formula-like text: a string cell, and no formula anywhere */
    const char *f = cell_xml(sx, "A3");
    CHECK_CONTAINS(f, "t=\"inlineStr\"");
    CHECK_CONTAINS(f, "<t>=HYPERLINK(\"http://x\")</t>");
    CHECK(strstr(sx, "<f>") == NULL);
    /* widths fitted: the long formula text's column wider than the boolean's, the date column room
     * for dd/mm/yyyy, nothing wider than the cap */
    double wa = col_width(sx, 1), wf = col_width(sx, 6), wc = col_width(sx, 3);
    CHECK(wa > wf);
    CHECK(wc >= 10);
    CHECK(wa <= 61);
    /* the sheet name: 31 characters, forbidden characters replaced */
    CHECK_CONTAINS(buf_str(&wbk), "name=\"Báo cáo_ quý _1__2024 và những\"");
    buf_free(&b);
    buf_free(&sheet);
    buf_free(&styles);
    buf_free(&wbk);
}

static void test_format_parse_and_errors(void)
{
    enum export_format f = EXPORT_CSV;
    CHECK(export_format_parse("xlsx", &f) && f == EXPORT_XLSX);
    CHECK(export_format_parse("csv", &f) && f == EXPORT_CSV);
    CHECK(!export_format_parse("xls", &f));
    CHECK(!export_format_parse(NULL, &f));
    /* a text cell longer than Excel allows: an error, not a cut value */
    static const struct export_column one[] = {{"ghi chú", EXPORT_TEXT}};
    char *big = xmalloc(40000);
    memset(big, 'x', 39999);
    big[39999] = 0;
    export_doc *x = export_begin(EXPORT_XLSX, "S", one, 1);
    const char *cells[1] = {big};
    export_row(x, cells);
    buf b = {0};
    char err[256] = "";
    CHECK_INT(export_end(x, &b, err, sizeof err), -1);
    CHECK_CONTAINS(err, "32,767");
    CHECK_INT(b.len, 0);
    free(big);
    buf_free(&b);
}

static void test_large_export(void)
{
    /* 100,000 rows stream through constant memory and read back whole */
    static const struct export_column c2[] = {{"mã", EXPORT_TEXT}, {"tiền", EXPORT_MONEY}};
    export_doc *x = export_begin(EXPORT_XLSX, "Lớn", c2, 2);
    char code[16], amount[24];
    const char *cells[2] = {code, amount};
    for (int i = 0; i < 100000; i++) {
        snprintf(code, sizeof code, "M%06d", i);
        snprintf(amount, sizeof amount, "%d", i * 1000);
        export_row(x, cells);
    }
    buf b = {0};
    char err[256];
    CHECK_INT(export_end(x, &b, err, sizeof err), 0);
    struct csv_doc d;
    arena a = {0};
    CHECK_INT(xlsx_read(&a, b.data, b.len, NULL, &d), 0);
    CHECK_INT(d.nrecords, 100001);
    if (d.nrecords == 100001) {
        CHECK_STR(d.records[100000].fields[0], "M099999");
        CHECK_STR(d.records[100000].fields[1], "99999000");
        CHECK_INT(d.records[100000].line, 100001);
    }
    arena_free(&a);
    buf_free(&b);
}

int main(void)
{
    RUN(test_csv);
    RUN(test_xlsx_read_back);
    RUN(test_xlsx_xml);
    RUN(test_format_parse_and_errors);
    RUN(test_large_export);
    arena_free(&A);
    return check_done();
}
