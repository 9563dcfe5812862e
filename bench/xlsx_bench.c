/* bench/xlsx_bench.c: the XLSX reader (xlsx_read) against the CSV reader (csv_read) on the same
 * rows, in the same run (built and run by bench/xlsx). Generates ROWS deterministic rows of 8
 * columns — a Vietnamese full name, a code, an amount in đồng, a date, a count, a rate, an address,
 * a yes/no — writes them once as CSV and as XLSX through export.h (inline strings: what our own
 * exports produce) and once as XLSX with shared strings and date styles written by libxlsxwriter
 * in its default mode (what Excel itself writes), then times each reader over each file: the best
 * of ROUNDS rounds of thread CPU time, rounds interleaved. Prints a Markdown table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "export.h"
#include "import.h"
#include "vn_gen.h"

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static const struct export_column COLS[8] = {
    {"Họ và tên", EXPORT_TEXT}, {"Mã", EXPORT_TEXT},  {"Số tiền", EXPORT_MONEY},  {"Ngày", EXPORT_DATE},
    {"Số lượng", EXPORT_INT},   {"Tỉ lệ", EXPORT_PERCENT}, {"Địa chỉ", EXPORT_TEXT}, {"Đạt", EXPORT_BOOL},
};

struct row { char name[256], code[16], amount[24], date[11], count[12], rate[12], address[128], ok[2]; };

static void gen(struct row *r, size_t n)
{
    vn_rng g = {20261205};
    static const char *const streets[] = {"Lê Lợi", "Trần Hưng Đạo", "Bà Triệu", "Nguyễn Du", "Hùng Vương", "Lý Thái Tổ"};
    static const char *const wards[] = {"Chi Lăng", "Hoàng Văn Thụ", "Tam Thanh", "Vĩnh Trại", "Đông Kinh"};
    for (size_t i = 0; i < n; i++) {
        struct vn_gen_name nm;
        vn_gen_name(&g, &nm);
        snprintf(r[i].name, sizeof r[i].name, "%s", nm.full);
        snprintf(r[i].code, sizeof r[i].code, "DV%06zu", i);
        snprintf(r[i].amount, sizeof r[i].amount, "%u000", vn_rng_below(&g, 50000000));
        snprintf(r[i].date, sizeof r[i].date, "20%02u-%02u-%02u", 10 + vn_rng_below(&g, 16), 1 + vn_rng_below(&g, 12),
                 1 + vn_rng_below(&g, 28));
        snprintf(r[i].count, sizeof r[i].count, "%u", vn_rng_below(&g, 1000));
        snprintf(r[i].rate, sizeof r[i].rate, "%u.%u", vn_rng_below(&g, 100), vn_rng_below(&g, 10));
        snprintf(r[i].address, sizeof r[i].address, "số %u đường %s, phường %s, thành phố Lạng Sơn",
                 1 + vn_rng_below(&g, 300), VN_PICK(&g, streets), VN_PICK(&g, wards));
        snprintf(r[i].ok, sizeof r[i].ok, "%u", vn_rng_below(&g, 2));
    }
}

static void cells_of(const struct row *r, const char *c[8])
{
    c[0] = r->name, c[1] = r->code, c[2] = r->amount, c[3] = r->date;
    c[4] = r->count, c[5] = r->rate, c[6] = r->address, c[7] = r->ok;
}

static void through_export(enum export_format f, const struct row *rows, size_t n, buf *out)
{
    export_doc *x = export_begin(f, "Dữ liệu", COLS, 8);
    const char *c[8];
    for (size_t i = 0; i < n; i++) {
        cells_of(&rows[i], c);
        export_row(x, c);
    }
    char err[256];
    if (export_end(x, out, err, sizeof err) != 0) {
        fprintf(stderr, "export: %s\n", err);
        exit(1);
    }
}

/* As Excel writes: shared strings, a date style, numbers. */
static void shared_strings_xlsx(const struct row *rows, size_t n, buf *out)
{
    char path[4096];
    int fd = temp_file_make("thidua-bench-xlsx-", path, sizeof path);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Dữ liệu");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    for (int c = 0; c < 8; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, COLS[c].header, NULL);
    for (size_t i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        lxw_row_t y = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, y, 0, r->name, NULL);
        worksheet_write_string(ws, y, 1, r->code, NULL);
        worksheet_write_number(ws, y, 2, atof(r->amount), NULL);
        lxw_datetime d = {atoi(r->date), atoi(r->date + 5), atoi(r->date + 8), 0, 0, 0};
        worksheet_write_datetime(ws, y, 3, &d, date);
        worksheet_write_number(ws, y, 4, atof(r->count), NULL);
        worksheet_write_number(ws, y, 5, atof(r->rate), NULL);
        worksheet_write_string(ws, y, 6, r->address, NULL);
        worksheet_write_boolean(ws, y, 7, r->ok[0] == '1', NULL);
    }
    if (workbook_close(wb) != LXW_NO_ERROR || read_file(path, out) != 0) {
        fprintf(stderr, "libxlsxwriter failed\n");
        exit(1);
    }
    unlink(path);
}

/* One read of the file; the ms of thread CPU time, and the records read. */
static double one_read(const buf *b, bool xlsx, int *records)
{
    arena a = {0};
    struct csv_doc d;
    double t0 = cpu_ms();
    int rc = xlsx ? xlsx_read(&a, b->data, b->len, NULL, &d) : csv_read(&a, b->data, b->len, 0, &d);
    double t = cpu_ms() - t0;
    if (rc != 0) {
        fprintf(stderr, "read failed: %s\n", d.fatal);
        exit(1);
    }
    *records = d.nrecords;
    arena_free(&a);
    return t;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 100000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    struct row *rows = xcalloc(n, sizeof *rows);
    gen(rows, n);
    buf csv = {0}, inl = {0}, sst = {0};
    through_export(EXPORT_CSV, rows, n, &csv);
    through_export(EXPORT_XLSX, rows, n, &inl);
    shared_strings_xlsx(rows, n, &sst);
    const buf *files[3] = {&csv, &inl, &sst};
    const char *names[3] = {"CSV (export.h)", "XLSX, inline strings (export.h)", "XLSX, shared strings + date style (as Excel writes)"};
    double best[3] = {1e18, 1e18, 1e18};
    int recs[3] = {0};
    for (int r = 0; r < rounds; r++)
        for (int f = 0; f < 3; f++) {
            double t = one_read(files[f], f > 0, &recs[f]);
            if (t < best[f]) best[f] = t;
        }
    printf("%zu rows × 8 columns (name, code, amount, date, count, rate, address, yes/no); best of %d rounds of thread CPU "
           "time, rounds interleaved.\n\n", n, rounds);
    printf("| reader | file | bytes | records | ms | rows/s | × CSV time |\n|---|---|---:|---:|---:|---:|---:|\n");
    for (int f = 0; f < 3; f++)
        printf("| %s | %s | %zu | %d | %.0f | %.0f | %.2f |\n", f ? "xlsx_read" : "csv_read", names[f], files[f]->len, recs[f],
               best[f], (double)n / (best[f] / 1000.0), best[f] / best[0]);
    buf_free(&csv);
    buf_free(&inl);
    buf_free(&sst);
    free(rows);
    return 0;
}
