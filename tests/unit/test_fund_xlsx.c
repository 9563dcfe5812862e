/* test_fund_xlsx.c: bank statements as XLSX (issue 11). Each committed sample statement
 * (tests/fixtures/statements/) is written at test time as a workbook by libxlsxwriter, the way a
 * bank's export looks (shared strings; the amount and the transfer number as number cells), and
 * imported into an empty fund: exactly the CSV's line count and sum. A workbook with a broken
 * amount cell is refused as a whole and the report names its sheet row and the column.
 *
 * With `--write DIR` it only writes the workbooks into DIR (NAME.xlsx, and broken.xlsx) for
 * tests/scenario/fund_xlsx.sh, which imports them through the CLI and the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "check.h"
#include "fund.h"

static const char *const samples[] = {"MTTQ_BIDV_1-12", "MTTQ_BIDV_10-17", "MTTQ_BIDV_18-19", "CTTU_Vietinbank_17"};

/* A data line of the saoke profile: date,bank,id,money,<message with commas>,page. */
struct line_cells { const char *f[6]; size_t n[6]; };

static bool split_line(const char *s, size_t len, struct line_cells *out)
{
    const char *end = s + len, *p = s;
    for (int i = 0; i < 4; i++) {
        const char *c = memchr(p, ',', (size_t)(end - p));
        if (!c) return false;
        out->f[i] = p;
        out->n[i] = (size_t)(c - p);
        p = c + 1;
    }
    const char *last = end;
    while (last > p && last[-1] != ',') last--;
    if (last == p) return false;
    out->f[4] = p;
    out->n[4] = (size_t)(last - 1 - p);
    out->f[5] = last;
    out->n[5] = (size_t)(end - last);
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    if (!n || n > 15) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* The CSV statement as a workbook at path: one sheet row per line; the transfer number and the
 * amount as numbers (as a bank's export has them), the rest as text. broken_row > 0 writes that
 * data row's amount as the text "3O0.000" instead. 0 or -1. */
static int write_workbook(const char *csv, const char *path, int broken_row)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Sao kê");
    const char *p = csv, *end = csv + strlen(csv);
    int row = 0;
    char cell[4096];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n && p[n - 1] == '\r') n--;
        struct line_cells lc;
        if (!split_line(p, n, &lc)) { workbook_close(wb); return -1; }
        for (int c = 0; c < 6; c++) {
            size_t k = lc.n[c] < sizeof cell - 1 ? lc.n[c] : sizeof cell - 1;
            memcpy(cell, lc.f[c], k);
            cell[k] = 0;
            if (row > 0 && c == 3 && row == broken_row) worksheet_write_string(ws, (lxw_row_t)row, 3, "3O0.000", NULL);
            else if (row > 0 && (c == 2 || c == 3) && all_digits(cell, k))
                worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c, strtod(cell, NULL), NULL);
            else worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, cell, NULL);
        }
        row++;
        if (!nl) break;
        p = nl + 1;
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

static char *sample_csv(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "tests/fixtures/statements/%s.sample.csv", name);
    buf b = {0};
    if (read_file(path, &b) != 0) return NULL;
    return (char *)buf_str(&b);
}

static int write_all(const char *dir)
{
    char path[4096];
    for (size_t i = 0; i < countof(samples); i++) {
        char *csv = sample_csv(samples[i]);
        snprintf(path, sizeof path, "%s/%s.xlsx", dir, samples[i]);
        if (!csv || write_workbook(csv, path, 0) != 0) { fprintf(stderr, "cannot write %s\n", path); return 1; }
        if (i == 0) {
            snprintf(path, sizeof path, "%s/broken.xlsx", dir);
            if (write_workbook(csv, path, 3) != 0) { fprintf(stderr, "cannot write %s\n", path); return 1; }
        }
        free(csv);
    }
    return 0;
}

static store *S;
static arena A;
static char Dir[300];
static int64_t Unit;

static void setup(void)
{
    char path[400], err[512];
    if (!temp_dir_make("test_fund_xlsx.", Dir, sizeof Dir)) { perror("mkdtemp"); exit(1); }
    snprintf(path, sizeof path, "%s/f.db", Dir);
    S = store_open(path, err, sizeof err);
    if (!S || store_migrate(S, err, sizeof err) != STORE_OK) { printf("FAIL setup: %s\n", err); exit(1); }
    store_int64(S, &Unit, "INSERT INTO unit(kind, name, code, name_fold, sort_key, created_at, updated_at)"
                          " VALUES ('province', 'Tỉnh', '20', 'tinh', x'01', '2024-01-01', '2024-01-01') RETURNING id", "");
}

static int64_t new_fund(const char *code)
{
    struct fund_input in = {.name = code, .code = code, .owner_unit_id = Unit};
    struct field_errors fe = {0};
    return fund_create(S, &A, &actor_system, &in, &fe);
}

static void import(int64_t fund, const char *name, const char *data, size_t len, struct statement_result *res)
{
    struct field_errors fe = {0};
    int rc = statement_import(S, &A, &actor_system, fund, statement_profile_find("saoke"), 2024, name, data, len, 0, NULL,
                              NULL, NULL, res, &fe);
    CHECK_INT(rc, 0);
    CHECK_INT(fe.n, 0);
}

static int64_t fund_sum(int64_t fund)
{
    int64_t v = -1;
    store_int64(S, &v, "SELECT coalesce(sum(amount), 0) FROM donation WHERE fund_id = $1", "i", fund);
    return v;
}

/* Every sample: the workbook gives the CSV's lines and sum, and its lines are sheet rows. */
static void test_samples(void)
{
    char path[4096];
    for (size_t i = 0; i < countof(samples); i++) {
        char *csv = sample_csv(samples[i]);
        CHECK(csv != NULL);
        if (!csv) continue;
        snprintf(path, sizeof path, "%s/%s.xlsx", Dir, samples[i]);
        CHECK_INT(write_workbook(csv, path, 0), 0);
        buf x = {0};
        CHECK_INT(read_file(path, &x), 0);
        int64_t fc = new_fund(arena_printf(&A, "CSV-%zu", i)), fx = new_fund(arena_printf(&A, "XLSX-%zu", i));
        struct statement_result rc, rx;
        import(fc, "s.csv", csv, strlen(csv), &rc);
        import(fx, "s.xlsx", x.data, x.len, &rx);
        printf("     %s: CSV %d lines %lld đồng, XLSX %d lines %lld đồng\n", samples[i], rc.rep.total, (long long)rc.sum_fresh,
               rx.rep.total, (long long)rx.sum_fresh);
        CHECK(rc.rep.written && rx.rep.written);
        CHECK(rc.rep.total > 30);
        CHECK_INT(rx.rep.total, rc.rep.total);
        CHECK_INT(rx.fresh, rc.fresh);
        CHECK_INT(rx.sum_fresh, rc.sum_fresh);
        CHECK_INT(fund_sum(fx), fund_sum(fc));
        CHECK_INT(rx.rep.rejected, 0);
        /* the same workbook again adds nothing */
        import(fx, "s.xlsx", x.data, x.len, &rx);
        CHECK(!rx.rep.written);
        CHECK_INT(rx.already, rc.fresh);
        buf_free(&x);
        free(csv);
    }
}

/* A broken amount cell: nothing written, the report names sheet row 4 (the header is row 1) and
 * the amount column. */
static void test_broken_cell(void)
{
    char path[4096];
    char *csv = sample_csv(samples[0]);
    CHECK(csv != NULL);
    if (!csv) return;
    snprintf(path, sizeof path, "%s/broken.xlsx", Dir);
    CHECK_INT(write_workbook(csv, path, 3), 0);
    buf x = {0};
    CHECK_INT(read_file(path, &x), 0);
    int64_t f = new_fund("BROKEN");
    struct statement_result res;
    import(f, "broken.xlsx", x.data, x.len, &res);
    CHECK(!res.rep.written);
    CHECK_INT(res.rep.rejected, 1);
    CHECK_INT(fund_sum(f), 0);
    bool named = false;
    for (int i = 0; i < res.rep.nlines; i++)
        if (res.rep.lines[i].outcome == IMPORT_REJECTED) {
            CHECK_INT(res.rep.lines[i].line, 4);
            CHECK_STR(res.rep.lines[i].field, "amount");
            CHECK_CONTAINS(res.rep.lines[i].message, "3O0.000");
            named = true;
        }
    CHECK(named);
    buf_free(&x);
    free(csv);
}

int main(int argc, char **argv)
{
    if (argc == 3 && str_eq(argv[1], "--write")) return write_all(argv[2]);
    setup();
    RUN(test_samples);
    RUN(test_broken_cell);
    arena_free(&A);
    store_close(S);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", Dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", Dir);
    return check_done();
}
