/* test_xlsx_read.c: the XLSX reader (export.h, xlsx_read.c) on workbooks built at test time:
 * by libxlsxwriter (shared strings, numbers, booleans, date formats, sparse rows, a named second
 * sheet) and by hand through libzip for what a writer seldom produces (inline strings, rich and
 * phonetic runs, error cells, formulas without a value, cells without a reference, custom and
 * 1904 dates, a zip bomb, a missing sheet, broken XML, a DOCTYPE). Then the import runner on an
 * XLSX gives the report a CSV of the same rows gives, lines being sheet rows. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "check.h"
#include "export.h"
#include "import.h"
#include "store.h"
#include "xlsx_fixture.h"

static arena A;

static struct csv_doc read_xlsx(const buf *b, const char *sheet, int *rc)
{
    struct csv_doc d;
    *rc = xlsx_read(&A, b->data, b->len, sheet, &d);
    return d;
}

/* The record whose sheet row is `row`, or NULL. */
static const struct csv_record *row_of(const struct csv_doc *d, int row)
{
    for (int i = 0; i < d->nrecords; i++)
        if (d->records[i].line == row) return &d->records[i];
    return NULL;
}

static const char *field(const struct csv_doc *d, int row, int col)
{
    const struct csv_record *r = row_of(d, row);
    return r && col < r->nfields ? r->fields[col] : "(missing)";
}

/* A workbook written by libxlsxwriter (shared strings: not constant-memory mode). */
static int writer_fixture(buf *out)
{
    char path[4096];
    int fd = temp_file_make("thidua-test-xlsx-", path, sizeof path);
    if (fd < 0) return -1;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *first = workbook_add_worksheet(wb, "Danh sách");
    lxw_worksheet *second = workbook_add_worksheet(wb, "Thứ hai");
    lxw_format *custom = workbook_add_format(wb);
    format_set_num_format(custom, "dd/mm/yyyy");
    lxw_format *builtin = workbook_add_format(wb);
    format_set_num_format_index(builtin, 14);
    lxw_format *stamp = workbook_add_format(wb);
    format_set_num_format(stamp, "dd/mm/yyyy hh:mm");
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0");
    const char *hdr[] = {"tên", "số", "tiền", "ngày", "ngày 2", "lúc", "có", "ghi chú"};
    for (int c = 0; c < 8; c++) worksheet_write_string(first, 0, (lxw_col_t)c, hdr[c], NULL);
    /* row 2: a decomposed (NFD) name, which must come back composed */
    worksheet_write_string(first, 1, 0, "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n A", NULL);
    worksheet_write_number(first, 1, 1, 0.1 + 0.2, NULL);
    worksheet_write_number(first, 1, 2, 14000000000.0, money);
    lxw_datetime d = {2019, 8, 19, 0, 0, 0};
    worksheet_write_datetime(first, 1, 3, &d, custom);
    worksheet_write_datetime(first, 1, 4, &d, builtin);
    lxw_datetime t = {2020, 2, 29, 8, 30, 0};
    worksheet_write_datetime(first, 1, 5, &t, stamp);
    worksheet_write_boolean(first, 1, 6, 1, NULL);
    worksheet_write_string(first, 1, 7, "=1+2", NULL);
    /* row 5 (rows 3, 4 blank): sparse, only the third column */
    worksheet_write_number(first, 4, 2, -5, NULL);
    worksheet_write_string(second, 0, 0, "mã", NULL);
    worksheet_write_string(second, 6, 0, "dòng bảy", NULL);
    int rc = workbook_close(wb) == LXW_NO_ERROR && read_file(path, out) == 0 ? 0 : -1;
    unlink(path);
    return rc;
}

static void test_writer_workbook(void)
{
    buf b = {0};
    CHECK_INT(writer_fixture(&b), 0);
    CHECK(xlsx_sniff(b.data, b.len));
    int rc;
    struct csv_doc d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, 0);
    CHECK(d.fatal == NULL);
    CHECK_INT(d.nrecords, 3);                              /* header, row 2, row 5: blank rows skipped */
    CHECK_STR(field(&d, 1, 0), "tên");
    CHECK_STR(field(&d, 2, 0), "Nguyễn Văn A");            /* NFC */
    CHECK_INT(strlen(field(&d, 2, 0)), strlen("Nguyễn Văn A"));
    CHECK_STR(field(&d, 2, 1), "0.3");                     /* 15 significant digits, as Excel shows */
    CHECK_STR(field(&d, 2, 2), "14000000000");             /* a money number is digits, no format */
    CHECK_STR(field(&d, 2, 3), "2019-08-19");              /* custom dd/mm/yyyy */
    CHECK_STR(field(&d, 2, 4), "2019-08-19");              /* builtin 14 */
    CHECK_STR(field(&d, 2, 5), "2020-02-29 08:30:00");
    CHECK_STR(field(&d, 2, 6), "1");
    CHECK_STR(field(&d, 2, 7), "=1+2");                    /* text, never a formula */
    const struct csv_record *r5 = row_of(&d, 5);
    CHECK(r5 != NULL);
    if (r5) {
        CHECK_INT(r5->nfields, 8);                         /* as wide as the header */
        CHECK_STR(r5->fields[0], "");
        CHECK_STR(r5->fields[2], "-5");
        CHECK_STR(r5->fields[7], "");
        CHECK(r5->error == NULL);
    }
    /* the second sheet by name, and by name in another case */
    d = read_xlsx(&b, "Thứ hai", &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(d.nrecords, 2);
    CHECK_STR(field(&d, 7, 0), "dòng bảy");
    d = read_xlsx(&b, "thứ HAI", &rc);   /* ASCII letters folded; "ứ" is the same bytes */
    CHECK_INT(rc, 0);
    /* a sheet that is not there: the names that are */
    d = read_xlsx(&b, "Tổng hợp", &rc);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(d.fatal, "không có trang tính \"Tổng hợp\"; các trang tính có: \"Danh sách\", \"Thứ hai\"");
    buf_free(&b);
}

static void test_inline_rich_and_bad_cells(void)
{
    const char *sst = "<si><t>a</t></si>"
                      "<si><r><rPr><b/></rPr><t>Sở </t></r><r><t xml:space=\"preserve\">Y tế</t></r>"
                      "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
                      "<si><t/></si>";
    const char *rows =
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>b</t></is></c>"
        "<c r=\"C2\" t=\"inlineStr\"><is><t>c</t></is></c></row>"
        /* row 3: shared rich text, an inline rich string, a formula's string result, a boolean */
        "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\" t=\"inlineStr\"><is><r><t>x</t></r><r><t>y</t></r></is></c>"
        "<c r=\"C3\" t=\"str\"><f>A3&amp;\"!\"</f><v>Sở Y tế!</v></c></row>"
        /* row 4: cells without references follow each other */
        "<row r=\"4\"><c t=\"inlineStr\"><is><t>p</t></is></c><c><v>2</v></c><c t=\"b\"><v>0</v></c></row>"
        /* rows 6–10: one fault each, each costing its row only */
        "<row r=\"6\"><c r=\"A6\" t=\"e\"><v>#N/A</v></c></row>"
        "<row r=\"7\"><c r=\"B7\"><f>SUM(A1:A2)</f></c></row>"
        "<row r=\"8\"><c r=\"A8\" t=\"s\"><v>99</v></c></row>"
        "<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>ok</t></is></c><c r=\"E9\"><v>5</v></c></row>"
        "<row r=\"10\"><c r=\"A10\" t=\"b\"><v>2</v></c></row>"
        "<row r=\"11\"><c r=\"A11\" t=\"inlineStr\"><is><t>last</t></is></c></row>";
    buf b = {0};
    CHECK_INT(zip_workbook(rows, sst, NULL, &b), 0);
    int rc;
    struct csv_doc d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(d.nrecords, 9);                              /* rows 2–4 and 6–11 */
    CHECK_INT(d.records[0].line, 2);                       /* the header is wherever the first row is */
    CHECK_STR(field(&d, 3, 0), "Sở Y tế");                 /* runs joined, phonetic text left out */
    CHECK_STR(field(&d, 3, 1), "xy");
    CHECK_STR(field(&d, 3, 2), "Sở Y tế!");
    CHECK_STR(field(&d, 4, 0), "p");
    CHECK_STR(field(&d, 4, 1), "2");
    CHECK_STR(field(&d, 4, 2), "0");
    CHECK(row_of(&d, 4)->error == NULL);
    CHECK_CONTAINS(row_of(&d, 6)->error, "ô A6 chứa lỗi công thức #N/A");
    CHECK_CONTAINS(row_of(&d, 7)->error, "ô B7 có công thức chưa được tính");
    CHECK_CONTAINS(row_of(&d, 8)->error, "ô A8 trỏ tới chuỗi dùng chung số 99, tệp chỉ có 3 chuỗi");
    CHECK_CONTAINS(row_of(&d, 9)->error, "ô E9 có dữ liệu nhưng cột E không có tên ở dòng tiêu đề (dòng 2)");
    CHECK_CONTAINS(row_of(&d, 10)->error, "ô A10 kiểu đúng/sai có giá trị \"2\"");
    CHECK(row_of(&d, 11)->error == NULL);
    buf_free(&b);
}

static void test_date_styles(void)
{
    const char *styles = "<numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"[$-42A]dd/mm/yyyy;@\"/>"
                         "<numFmt numFmtId=\"165\" formatCode=\"#,##0\"/>"
                         "<numFmt numFmtId=\"166\" formatCode=\"0.0&quot;d&quot;\"/>"
                         "<numFmt numFmtId=\"167\" formatCode=\"[Red]0.00\\d\"/></numFmts>"
                         "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
                         "<cellXfs count=\"7\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
                         "<xf numFmtId=\"166\"/><xf numFmtId=\"22\"/><xf numFmtId=\"47\"/><xf numFmtId=\"167\"/></cellXfs>";
    const char *rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>v</t></is></c></row>"
                       "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>43696</v></c></row>"        /* custom, locale tag */
                       "<row r=\"3\"><c r=\"A3\" s=\"2\"><v>43696</v></c></row>"        /* #,##0: a number */
                       "<row r=\"4\"><c r=\"A4\" s=\"3\"><v>43696</v></c></row>"        /* "d" quoted: a number */
                       "<row r=\"5\"><c r=\"A5\" s=\"4\"><v>43696.75</v></c></row>"     /* builtin 22 */
                       "<row r=\"6\"><c r=\"A6\" s=\"0\"><v>1.5E+3</v></c></row>"
                       "<row r=\"7\"><c r=\"A7\" s=\"6\"><v>43696</v></c></row>"        /* \d escaped: a number */
                       "<row r=\"8\"><c r=\"A8\" t=\"d\"><v>2019-08-19T00:00:00</v></c></row>"
                       "<row r=\"9\"><c r=\"A9\" s=\"1\"><v>59</v></c><c r=\"B9\" s=\"1\"><v>61</v></c></row>";
    buf b = {0};
    CHECK_INT(zip_workbook(rows, NULL, styles, &b), 0);
    int rc;
    struct csv_doc d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, 0);
    CHECK_STR(field(&d, 2, 0), "2019-08-19");
    CHECK_STR(field(&d, 3, 0), "43696");
    CHECK_STR(field(&d, 4, 0), "43696");
    CHECK_STR(field(&d, 5, 0), "2019-08-19 18:00:00");
    CHECK_STR(field(&d, 6, 0), "1500");
    CHECK_STR(field(&d, 7, 0), "43696");
    CHECK_STR(field(&d, 8, 0), "2019-08-19");
    CHECK_STR(field(&d, 9, 0), "1900-02-28");              /* before Excel's fictitious 29/02/1900 */
    CHECK_STR(field(&d, 9, 1), "1900-03-01");
    buf_free(&b);
    /* the 1904 date system (old Mac workbooks) */
    struct part parts[] = {
        {"xl/workbook.xml", "<workbook " NS_MAIN " " NS_REL "><workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" "
                            "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", 0},
        {"xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Target=\"/xl/worksheets/s.xml\"/>"
                                       "</Relationships>", 0},
        {"xl/styles.xml", "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>", 0},
        {"xl/worksheets/s.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>42234</v></c></row>"
                                "</sheetData></worksheet>", 0},
    };
    buf_reset(&b);
    CHECK_INT(zip_parts(parts, 4, &b), 0);
    d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, 0);
    CHECK_STR(field(&d, 1, 0), "2019-08-19");
    buf_free(&b);
}

static void test_zip_bomb_and_limits(void)
{
    /* 64 MiB of one repeated cell deflates about 1000×: refused long before it is all inflated */
    size_t n = 64u << 20;
    char *big = xmalloc(n);
    const char *head = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>";
    size_t hl = strlen(head);
    memcpy(big, head, hl);
    memset(big + hl, 'a', n - hl);
    struct part parts[] = {
        {"xl/workbook.xml", "<workbook " NS_MAIN " " NS_REL "><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
                            "</sheets></workbook>", 0},
        {"xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/s.xml\"/>"
                                       "</Relationships>", 0},
        {"xl/worksheets/s.xml", big, n},
    };
    buf b = {0};
    CHECK_INT(zip_parts(parts, 3, &b), 0);
    CHECK(b.len < n / 200);
    int rc;
    struct csv_doc d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(d.fatal, "quả bom zip");
    CHECK_CONTAINS(d.fatal, "xl/worksheets/s.xml");
    free(big);
    buf_free(&b);
    /* a cell longer than a field may be rejects its row, naming the cell */
    size_t m = IMPORT_MAX_FIELD_BYTES + 10;
    char *longcell = xmalloc(m + 200);
    int k = snprintf(longcell, 200, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>h</t></is></c></row>"
                                    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>");
    memset(longcell + k, 'x', m);
    strcpy(longcell + k + m, "</t></is></c></row>");
    CHECK_INT(zip_workbook(longcell, NULL, NULL, &b), 0);
    d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, 0);
    CHECK_CONTAINS(row_of(&d, 2) ? row_of(&d, 2)->error : NULL, "ô A2 dài quá 65536 byte");
    free(longcell);
    buf_free(&b);
    /* a column beyond the 256 a record may have */
    CHECK_INT(zip_workbook("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"IW2\"><v>1</v></c></row>", NULL,
                           NULL, &b), 0);
    d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, 0);
    CHECK_CONTAINS(row_of(&d, 2) ? row_of(&d, 2)->error : NULL, "ô IW2 có dữ liệu ở cột thứ 257");
    buf_free(&b);
}

static void test_broken_files(void)
{
    buf b = {0};
    int rc;
    struct csv_doc d;
    /* the workbook names a sheet whose part is missing */
    struct part missing[] = {
        {"xl/workbook.xml", "<workbook " NS_MAIN " " NS_REL "><sheets><sheet name=\"Mất\" sheetId=\"1\" r:id=\"rId1\"/>"
                            "</sheets></workbook>", 0},
        {"xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/gone.xml\"/>"
                                       "</Relationships>", 0},
    };
    CHECK_INT(zip_parts(missing, 2, &b), 0);
    d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(d.fatal, "trang tính \"Mất\" (phần xl/worksheets/gone.xml) không có trong tệp");
    buf_reset(&b);
    /* a zip that is no workbook */
    struct part other[] = {{"word/document.xml", "<w/>", 0}};
    CHECK_INT(zip_parts(other, 1, &b), 0);
    d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(d.fatal, "không có phần xl/workbook.xml");
    buf_reset(&b);
    /* malformed XML: the part, line and column */
    CHECK_INT(zip_workbook("<row r=\"1\">\n<c r=\"A1\"><v>1</v></row>", NULL, NULL, &b), 0);
    d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(d.fatal, "phần xl/worksheets/sheet1.xml của tệp XLSX sai cấu trúc XML ở dòng 2");
    buf_reset(&b);
    /* rows out of order */
    CHECK_INT(zip_workbook("<row r=\"5\"/><row r=\"3\"/>", NULL, NULL, &b), 0);
    d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(d.fatal, "hàng 3 đứng sau hàng 5");
    buf_reset(&b);
    /* a DOCTYPE (the way to entity bombs) is refused */
    struct part dtd[] = {
        {"xl/workbook.xml", "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><workbook><sheets/></workbook>", 0},
    };
    CHECK_INT(zip_parts(dtd, 1, &b), 0);
    d = read_xlsx(&b, NULL, &rc);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(d.fatal, "DOCTYPE");
    /* cut short: not a readable zip */
    d = read_xlsx(&(buf){.data = b.data, .len = 40}, NULL, &rc);
    CHECK_INT(rc, -1);
    CHECK_CONTAINS(d.fatal, "tệp XLSX hỏng");
    /* not a zip at all */
    CHECK(!xlsx_sniff("code,name\n", 10));
    struct csv_doc d2;
    CHECK_INT(xlsx_read(&A, "code,name\n", 10, NULL, &d2), -1);
    CHECK_CONTAINS(d2.fatal, "không phải bảng tính XLSX");
    buf_free(&b);
}

/* ---- the runner on XLSX: the same report as the same rows in CSV ---- */
static enum import_outcome kv_check(void *ctx, store *s, arena *a, const struct import_row *row, struct import_line *out)
{
    (void)ctx, (void)s;
    const char *code = import_get(row, 0), *qty = import_get(row, 1);
    int64_t n;
    if (!code) { out->field = "code"; out->message = "thiếu mã"; return IMPORT_REJECTED; }
    if (qty && !parse_int64(qty, &n)) {
        out->field = "qty";
        out->message = arena_printf(a, "số lượng \"%s\" không phải số nguyên", qty);
        return IMPORT_REJECTED;
    }
    return IMPORT_ACCEPTED;
}

static enum import_outcome kv_write(void *ctx, store *s, arena *a, struct import_line *lines, int n)
{
    (void)ctx, (void)s, (void)a, (void)lines, (void)n;
    return IMPORT_ACCEPTED;
}

static void test_runner_same_report(void)
{
    char err[256];
    store *s = store_open(":memory:", err, sizeof err);
    CHECK(s != NULL);
    if (!s) return;
    CHECK_INT(store_migrate(s, err, sizeof err), STORE_OK);
    static const struct import_column cols[] = {{"code|ma", true, "mã"}, {"qty|so_luong", false, "số lượng"}};
    struct import_spec spec = {"kv", cols, 2, kv_check, kv_write, NULL, NULL, NULL};
    const char *csv = "Mã,Số lượng\nA,1\n,2\nC,ba\n";
    buf b = {0};
    CHECK_INT(zip_workbook("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Mã</t></is></c>"
                           "<c r=\"B1\" t=\"inlineStr\"><is><t>Số lượng</t></is></c></row>"
                           "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>A</t></is></c><c r=\"B2\"><v>1</v></c></row>"
                           "<row r=\"3\"><c r=\"B3\"><v>2</v></c></row>"
                           "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>C</t></is></c>"
                           "<c r=\"B4\" t=\"inlineStr\"><is><t>ba</t></is></c></row>", NULL, NULL, &b), 0);
    struct import_report rc_csv, rc_xlsx;
    CHECK_INT(import_run(s, &A, &spec, 0, "test", "kv.csv", csv, strlen(csv), IMPORT_DRY_RUN, &rc_csv), 0);
    CHECK_INT(import_run_sheet(s, &A, &spec, 0, "test", "kv.xlsx", b.data, b.len, IMPORT_DRY_RUN, "Data", &rc_xlsx), 0);
    CHECK(rc_xlsx.fatal == NULL);
    CHECK_INT(rc_xlsx.nlines, rc_csv.nlines);
    CHECK_INT(rc_xlsx.rejected, 2);
    for (int i = 0; i < rc_csv.nlines && i < rc_xlsx.nlines; i++) {
        CHECK_INT(rc_xlsx.lines[i].line, rc_csv.lines[i].line);   /* here sheet rows and CSV lines agree */
        CHECK_INT(rc_xlsx.lines[i].outcome, rc_csv.lines[i].outcome);
        CHECK_STR(rc_xlsx.lines[i].field ? rc_xlsx.lines[i].field : "-", rc_csv.lines[i].field ? rc_csv.lines[i].field : "-");
        CHECK_STR(rc_xlsx.lines[i].message ? rc_xlsx.lines[i].message : "-",
                  rc_csv.lines[i].message ? rc_csv.lines[i].message : "-");
    }
    /* an Excel 97–2003 file: refused with the way out */
    const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an old workbook";
    struct import_report rep;
    CHECK_INT(import_run(s, &A, &spec, 0, "test", "old.xls", ole, sizeof ole - 1, 0, &rep), 0);
    CHECK_CONTAINS(rep.fatal, "Excel 97–2003 (.xls)");
    buf_free(&b);
    store_close(s);
}

/* Counting rows for the job threshold: all of them, or stopping one past the threshold. */
static void test_count_rows(void)
{
    char path[4096];
    int fd = temp_file_make("thidua-test-xlsx-", path, sizeof path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Sao kê");
    worksheet_write_string(ws, 0, 0, "số tiền", NULL);
    for (int i = 1; i <= 5000; i++) worksheet_write_number(ws, (lxw_row_t)i, 0, i, NULL);
    buf b = {0};
    CHECK(workbook_close(wb) == LXW_NO_ERROR && read_file(path, &b) == 0);
    unlink(path);
    CHECK_INT(xlsx_count_rows(&A, b.data, b.len, NULL, 0), 5000);          /* all */
    CHECK_INT(xlsx_count_rows(&A, b.data, b.len, NULL, 10000), 5000);      /* fewer than the threshold: exact */
    CHECK_INT(xlsx_count_rows(&A, b.data, b.len, NULL, 100), 101);         /* more: one past it, then stop */
    CHECK_INT(xlsx_count_rows(&A, b.data, b.len, "Sao kê", 100), 101);
    CHECK_INT(xlsx_count_rows(&A, b.data, b.len, "Không có", 100), -1);
    CHECK_INT(xlsx_count_rows(&A, "a,b\n1,2\n", 8, NULL, 100), -1);       /* not a workbook */
    buf_free(&b);
}

int main(void)
{
    RUN(test_writer_workbook);
    RUN(test_inline_rich_and_bad_cells);
    RUN(test_date_styles);
    RUN(test_zip_bomb_and_limits);
    RUN(test_broken_files);
    RUN(test_runner_same_report);
    RUN(test_count_rows);
    arena_free(&A);
    return check_done();
}
