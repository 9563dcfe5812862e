/* bench/pdf_bench.c: the cost of thidua's PDF engine (pdf.h: pango layout in Liberation Serif)
 * against plain cairo text in the same run (built and run by bench/pdf). Two jobs, each timed
 * in process CPU time (other load on the shared machine does not count) and wall time, best of
 * ROUNDS rounds interleaved with its baseline's rounds:
 *   list          one A4 list of ROWS rows (5 columns, 9 pt, wrapping cells, the header row
 *                 repeated on every page) through pdf_table, with "Trang n/N" at each foot
 *                 (pages recorded and replayed), and again with no page numbers (drawn direct);
 *   certificates  CERTS one-page landscape certificates, each its own document: double border,
 *                 six centred paragraphs (national name, motto, issuer, title, recipient,
 *                 achievement), a verification QR code, place and date;
 * and the baselines: cairo drawing the same pages with cairo_show_text (no pango, no wrapping,
 * no shaping, centring by cairo_text_extents), the same cells at the same places with the same
 * number of pages, the certificates' border and QR squares included so that the ratio is the
 * text's. And what caching the font map saves: the certificates' text laid out by pango on a
 * new font map for each document (a fifth of the documents; compare pages/s). Prints a Markdown
 * table and the machine's figures (pages, bytes, peak memory). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <pango/pangocairo.h>

#include "pdf.h"
#include "qr.h"
#include "vn_gen.h"

#define MM_PT (72.0 / 25.4)
enum { COLS = 5, ROUNDS = 3 };

static int ROWS = 25000, CERTS = 500;

struct clocks { double cpu, wall; };

static struct clocks now(void)
{
    struct timespec c, w;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    clock_gettime(CLOCK_MONOTONIC, &w);
    return (struct clocks){c.tv_sec + c.tv_nsec / 1e9, w.tv_sec + w.tv_nsec / 1e9};
}

static long peak_rss_mib(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

/* ---- the data ------------------------------------------------------------------------------ */

static const char **cells;   /* ROWS × COLS */
static const struct pdf_table_col cols[COLS] = {
    {"STT", 14, PDF_RIGHT}, {"Họ và tên", 50, PDF_LEFT}, {"Đơn vị", 0, PDF_LEFT}, {"Ngày", 22, PDF_CENTER},
    {"Số tiền (đồng)", 28, PDF_RIGHT}};

static void make_rows(void)
{
    static const char *const units[] = {"Xã Đồng Đăng", "Phường Chi Lăng", "Thị trấn Cao Lộc", "Xã Hữu Liên",
                                        "Trường THPT Việt Bắc", "Sở Nội vụ tỉnh Lạng Sơn",
                                        "Công ty TNHH Thương mại Hoàng Văn Thụ, chi nhánh Tràng Định"};
    vn_rng r = {20190819};
    cells = xcalloc((size_t)ROWS * COLS, sizeof *cells);
    for (int i = 0; i < ROWS; i++) {
        struct vn_gen_name g;
        vn_gen_name(&r, &g);
        const char **row = cells + (size_t)i * COLS;
        row[0] = xasprintf("%d", i + 1);
        row[1] = xstrdup(g.full);
        row[2] = units[vn_rng_below(&r, countof(units))];
        row[3] = xasprintf("%02u/%02u/2024", 1 + vn_rng_below(&r, 28), 1 + vn_rng_below(&r, 12));
        row[4] = xasprintf("%u.%03u.000", 1 + vn_rng_below(&r, 50), vn_rng_below(&r, 1000));
    }
}

/* ---- the jobs -------------------------------------------------------------------------------- */

static int list_pages;

static size_t list_pdf(bool totals)
{
    pdf_doc *d = pdf_new(&(struct pdf_setup){.page_numbers = totals, .number_style = 1, .title = "Danh sách ủng hộ"});
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .flags = PDF_BOLD, .size_pt = 14, .after_pt = 6},
                  "DANH SÁCH CÁ NHÂN ỦNG HỘ QUỸ PHÒNG, CHỐNG THIÊN TAI NĂM 2024");
    pdf_table(d, cols, COLS, cells, ROWS, 9);
    list_pages = pdf_page_count(d);
    buf out = {0};
    char err[200];
    if (pdf_finish(d, &out, err, sizeof err) != 0) { fprintf(stderr, "%s\n", err); exit(1); }
    size_t n = out.len;
    buf_free(&out);
    return n;
}

static cairo_status_t count_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    (void)data;
    *(size_t *)closure += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The baseline list: list_pages pages of the same cells at the same column positions, rows per
 * page as the engine's pages hold them, each cell one cairo_show_text. */
static size_t list_cairo(void)
{
    size_t bytes = 0;
    double w = 210 * MM_PT, h = 297 * MM_PT;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(count_bytes, &bytes, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "Liberation Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 9);
    double x[COLS], fixed = 0;
    for (int c = 0; c < COLS; c++) fixed += cols[c].width_mm;
    double xx = 30;
    for (int c = 0; c < COLS; c++) {
        x[c] = (xx + 1.5) * MM_PT;
        xx += cols[c].width_mm > 0 ? cols[c].width_mm : 165 - fixed;
    }
    int per_page = (ROWS + list_pages - 1) / list_pages, row = 0;
    for (int p = 0; p < list_pages; p++) {
        double y = 25 * MM_PT;
        for (int c = 0; c < COLS; c++) {
            cairo_move_to(cr, x[c], y);
            cairo_show_text(cr, cols[c].header);
        }
        for (int k = 0; k < per_page && row < ROWS; k++, row++) {
            y += 5.1 * MM_PT;
            for (int c = 0; c < COLS; c++) {
                cairo_move_to(cr, x[c], y);
                cairo_show_text(cr, cells[(size_t)row * COLS + (size_t)c]);
            }
        }
        char label[32];
        snprintf(label, sizeof label, "Trang %d/%d", p + 1, list_pages);
        cairo_move_to(cr, 100 * MM_PT, 287 * MM_PT);
        cairo_show_text(cr, label);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return bytes;
}

static const char *const cert_lines[] = {
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
    "BẰNG KHEN"};

static size_t certificate_pdf(int i)
{
    const char **row = cells + (size_t)(i % ROWS) * COLS;
    pdf_doc *d = pdf_new(&(struct pdf_setup){.orientation = PDF_LANDSCAPE, .top_mm = 12, .bottom_mm = 12,
                                             .left_mm = 15, .right_mm = 15, .border = true});
    struct pdf_style head = {.align = PDF_CENTER, .size_pt = 13, .flags = PDF_BOLD};
    pdf_paragraph(d, &head, cert_lines[0]);
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 14, .flags = PDF_BOLD, .after_pt = 10}, cert_lines[1]);
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 15, .flags = PDF_BOLD, .after_pt = 6}, cert_lines[2]);
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 36, .flags = PDF_BOLD, .after_pt = 8}, cert_lines[3]);
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 20, .flags = PDF_BOLD, .after_pt = 4}, row[1]);
    char *why = xasprintf("%s, đã có thành tích xuất sắc trong phong trào thi đua \"Chung tay vì người nghèo\" năm 2024", row[2]);
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 15, .flags = PDF_ITALIC}, why);
    free(why);
    char *url = xasprintf("https://thidua.langson.gov.vn/xac-minh/BK-2024-%06d", i + 1);
    pdf_qr_at(d, 30, 150, 28, url);
    free(url);
    pdf_text_at(d, 170, 150, 100, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 14, .flags = PDF_ITALIC},
                "Lạng Sơn, ngày 20 tháng 8 năm 2024");
    buf out = {0};
    char err[200];
    if (pdf_finish(d, &out, err, sizeof err) != 0) { fprintf(stderr, "%s\n", err); exit(1); }
    size_t n = out.len;
    buf_free(&out);
    return n;
}

static void show_centred(cairo_t *cr, double size, const char *text, double y)
{
    cairo_text_extents_t e;
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, text, &e);
    cairo_move_to(cr, (297 * MM_PT - e.x_advance) / 2, y);
    cairo_show_text(cr, text);
}

static size_t certificate_cairo(int i)
{
    const char **row = cells + (size_t)(i % ROWS) * COLS;
    size_t bytes = 0;
    double w = 297 * MM_PT, h = 210 * MM_PT;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(count_bytes, &bytes, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_line_width(cr, 2);
    cairo_rectangle(cr, 15 * MM_PT, 12 * MM_PT, 267 * MM_PT, 186 * MM_PT);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, 16.5 * MM_PT, 13.5 * MM_PT, 264 * MM_PT, 183 * MM_PT);
    cairo_stroke(cr);
    cairo_select_font_face(cr, "Liberation Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    show_centred(cr, 13, cert_lines[0], 30 * MM_PT);
    show_centred(cr, 14, cert_lines[1], 37 * MM_PT);
    show_centred(cr, 15, cert_lines[2], 50 * MM_PT);
    show_centred(cr, 36, cert_lines[3], 70 * MM_PT);
    show_centred(cr, 20, row[1], 85 * MM_PT);
    cairo_select_font_face(cr, "Liberation Serif", CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL);
    char *why = xasprintf("%s, đã có thành tích xuất sắc trong phong trào thi đua \"Chung tay vì người nghèo\" năm 2024", row[2]);
    show_centred(cr, 15, why, 95 * MM_PT);
    free(why);
    cairo_move_to(cr, 180 * MM_PT, 155 * MM_PT);
    cairo_show_text(cr, "Lạng Sơn, ngày 20 tháng 8 năm 2024");
    char *url = xasprintf("https://thidua.langson.gov.vn/xac-minh/BK-2024-%06d", i + 1);
    struct qr_code q;
    char err[160];
    if (qr_encode(url, &q, err, sizeof err)) {
        double m = 28 * MM_PT / (q.size + 8);
        /* one rectangle per horizontal run of dark modules, as pdf_qr_at draws them */
        for (int y = 0; y < q.size; y++)
            for (int x = 0; x < q.size;) {
                if (!q.modules[y * q.size + x]) { x++; continue; }
                int run = 1;
                while (x + run < q.size && q.modules[y * q.size + x + run]) run++;
                cairo_rectangle(cr, 30 * MM_PT + (x + 4) * m, 150 * MM_PT + (y + 4) * m, run * m, m);
                x += run;
            }
        cairo_fill(cr);
        qr_free(&q);
    }
    free(url);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return bytes;
}

/* What caching the font map saves: the certificate's six paragraphs laid out by pango as
 * pdf.c does, but each document on a font map of its own (pango_cairo_font_map_new), so every
 * document loads its fonts through fontconfig again. */
static size_t certificate_fresh_font_map(int i)
{
    const char **row = cells + (size_t)(i % ROWS) * COLS;
    size_t bytes = 0;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(count_bytes, &bytes, 297 * MM_PT, 210 * MM_PT);
    cairo_t *cr = cairo_create(s);
    PangoFontMap *map = pango_cairo_font_map_new();
    PangoContext *ctx = pango_font_map_create_context(map);
    pango_cairo_context_set_resolution(ctx, 72);
    char *why = xasprintf("%s, đã có thành tích xuất sắc trong phong trào thi đua \"Chung tay vì người nghèo\" năm 2024", row[2]);
    const char *texts[] = {cert_lines[0], cert_lines[1], cert_lines[2], cert_lines[3], row[1], why};
    const double sizes[] = {13, 14, 15, 36, 20, 15};
    double y = 30 * MM_PT;
    for (int k = 0; k < 6; k++) {
        PangoLayout *l = pango_layout_new(ctx);
        PangoFontDescription *f = pango_font_description_from_string("Liberation Serif Bold");
        pango_font_description_set_size(f, (int)(sizes[k] * PANGO_SCALE));
        pango_layout_set_font_description(l, f);
        pango_font_description_free(f);
        pango_layout_set_width(l, (int)(241 * MM_PT * PANGO_SCALE));
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        pango_layout_set_text(l, texts[k], -1);
        cairo_move_to(cr, 28 * MM_PT, y);
        pango_cairo_show_layout(cr, l);
        int h;
        pango_layout_get_size(l, NULL, &h);
        y += (double)h / PANGO_SCALE + 6;
        g_object_unref(l);
    }
    free(why);
    g_object_unref(ctx);
    g_object_unref(map);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return bytes;
}

/* ---- timing ------------------------------------------------------------------------------------ */

/* In this order, so that the first round's peak memory after each job shows what it added: the
 * recorded list keeps every page until the end. */
enum job { LIST_CAIRO, LIST_PLAIN, LIST_TOTALS, CERTS_CAIRO, CERTS_PANGO, CERTS_FRESH_MAP, NJOBS };
static const char *const job_name[] = {"list baseline (cairo_show_text)", "list, no page numbers",
                                       "list, \"Trang n/N\" (recorded, replayed)", "certificates baseline (cairo_show_text)",
                                       "certificates",
                                       "certificates' text, a new font map per document (not cached)"};

/* The uncached font map is slow enough that a fifth of the certificates shows it. */
static int fresh_map_docs(void) { return CERTS >= 5 ? CERTS / 5 : 1; }

static size_t run_job(enum job j)
{
    size_t bytes = 0;
    switch (j) {
    case LIST_TOTALS: return list_pdf(true);
    case LIST_PLAIN: return list_pdf(false);
    case LIST_CAIRO: return list_cairo();
    case CERTS_PANGO: for (int i = 0; i < CERTS; i++) bytes += certificate_pdf(i); return bytes;
    case CERTS_FRESH_MAP: for (int i = 0; i < fresh_map_docs(); i++) bytes += certificate_fresh_font_map(i); return bytes;
    case CERTS_CAIRO: for (int i = 0; i < CERTS; i++) bytes += certificate_cairo(i); return bytes;
    case NJOBS: break;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1) ROWS = atoi(argv[1]);
    if (argc > 2) CERTS = atoi(argv[2]);
    if (ROWS < 100 || CERTS < 1) { fprintf(stderr, "usage: pdf_bench [ROWS≥100 [CERTS≥1]]\n"); return 2; }
    make_rows();
    struct clocks best[NJOBS];
    size_t bytes[NJOBS];
    long rss[NJOBS];
    int pages[NJOBS];
    for (int j = 0; j < NJOBS; j++) best[j] = (struct clocks){1e30, 1e30};
    /* a first list sets list_pages (the baseline draws as many pages) and warms the font caches */
    list_pdf(false);
    for (int round = 0; round < ROUNDS; round++)
        for (int j = 0; j < NJOBS; j++) {
            struct clocks t0 = now();
            bytes[j] = run_job((enum job)j);
            struct clocks t1 = now();
            if (t1.cpu - t0.cpu < best[j].cpu) best[j].cpu = t1.cpu - t0.cpu;
            if (t1.wall - t0.wall < best[j].wall) best[j].wall = t1.wall - t0.wall;
            pages[j] = j < CERTS_CAIRO ? list_pages : j == CERTS_FRESH_MAP ? fresh_map_docs() : CERTS;
            if (round == 0) rss[j] = peak_rss_mib();
        }
    printf("| job | pages | PDF bytes | CPU s (best of %d) | wall s | pages/s (CPU) | × baseline (CPU per page) |\n", ROUNDS);
    printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (int j = 0; j < NJOBS; j++) {
        /* per page, as the rows with fewer documents must be compared */
        int b = j < CERTS_CAIRO ? LIST_CAIRO : CERTS_CAIRO;
        double base = best[b].cpu / pages[b] * pages[j];
        printf("| %s | %d | %zu | %.3f | %.3f | %.0f | %.2f |\n", job_name[j], pages[j], bytes[j], best[j].cpu,
               best[j].wall, pages[j] / best[j].cpu, best[j].cpu / base);
    }
    printf("\nList: %d rows × %d columns at 9 pt (%d rows per page on average); certificates: %d documents of one "
           "landscape page. The process's peak resident memory after each job of the first round, in the table's order: ",
           ROWS, COLS, ROWS / list_pages, CERTS);
    for (int j = 0; j < NJOBS; j++) printf("%s%ld MiB", j ? ", " : "", rss[j]);
    printf(".\n");
    return 0;
}
