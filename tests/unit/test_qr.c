/* test_qr.c: QR codes (qr.h). With no QR decoder on the machine (zbarimg is not installed), the
 * matrix is checked against libqrencode's own symbol for the same bytes and level (size and every
 * module), the SVG's path is parsed back into modules and compared with the matrix, and the SVG
 * is checked for what the strict CSP forbids (a style attribute or element) and for escaping. */
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "html.h"
#include "qr.h"

static const char *const samples[] = {
    "https://thidua.langson.gov.vn/xac-minh/BK-2019-000163",
    "Bằng khen: Nguyễn Thị Ánh Tuyết, Đồng Đăng",
    /* a VietQR (EMVCo) payload: 8-bit mode keeps it byte for byte */
    "00020101021238570010A000000727012700069704360113001234567890208QRIBFTTA53037045405100005802VN62150811UNG HO BAO6304ABCD",
    "1",
};

/* Parses "M<x> <y>h<w>v1h-<w>z" sub-paths into a module grid of side `side` (quiet zone included). */
static bool path_modules(const char *d, int side, unsigned char *grid)
{
    memset(grid, 0, (size_t)side * (size_t)side);
    while (*d) {
        int x, y, w, w2, n = 0;
        if (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &w, &w2, &n) != 4 || n == 0 || w != w2 || w < 1) return false;
        if (x < 0 || y < 0 || x + w > side || y >= side) return false;
        for (int i = 0; i < w; i++) {
            if (grid[(size_t)y * (size_t)side + (size_t)(x + i)]) return false;   /* a module drawn twice */
            grid[(size_t)y * (size_t)side + (size_t)(x + i)] = 1;
        }
        d += n;
    }
    return true;
}

/* The matrix is libqrencode's symbol for the same bytes at level M: same size, same modules. */
static void test_matrix_matches_libqrencode(void)
{
    for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        struct qr_code q;
        char err[160];
        CHECK(qr_encode(samples[s], &q, err, sizeof err));
        QRcode *ref = QRcode_encodeData((int)strlen(samples[s]), (const unsigned char *)samples[s], 0, QR_ECLEVEL_M);
        CHECK(ref != NULL);
        if (!ref || !q.modules) { if (ref) QRcode_free(ref); qr_free(&q); continue; }
        CHECK_INT(q.size, ref->width);
        CHECK_INT((q.size - 17) % 4, 0);   /* a QR version's side is 17 + 4·version */
        int diff = 0, dark = 0;
        for (int i = 0; i < q.size * q.size; i++) {
            diff += q.modules[i] != (ref->data[i] & 1);
            dark += q.modules[i];
        }
        CHECK_INT(diff, 0);
        CHECK(dark > q.size * q.size / 4 && dark < q.size * q.size * 3 / 4);   /* masking balances dark and light */
        QRcode_free(ref);
        qr_free(&q);
        CHECK(q.modules == NULL && q.size == 0);
    }
    /* the longer the text, the larger the symbol: a VietQR payload needs more than version 1 */
    struct qr_code small, big;
    char err[160];
    CHECK(qr_encode("1", &small, err, sizeof err) && qr_encode(samples[2], &big, err, sizeof err));
    CHECK_INT(small.size, 21);
    CHECK(big.size > 21);
    qr_free(&small);
    qr_free(&big);
}

/* Too long or empty text is refused with a reason, and nothing is drawn. */
static void test_refusals(void)
{
    char *long_text = xmalloc(2400);
    memset(long_text, 'x', 2399);
    long_text[2399] = 0;
    struct qr_code q;
    char err[200] = "";
    CHECK(!qr_encode(long_text, &q, err, sizeof err));
    CHECK_CONTAINS(err, "2399 byte");
    CHECK(q.modules == NULL);
    CHECK(!qr_encode("", &q, err, sizeof err));
    CHECK_CONTAINS(err, "trống");
    buf file = {0};
    CHECK(!qr_svg_file(long_text, &file, err, sizeof err));
    CHECK_INT(file.len, 0);
    req r;
    req_init(&r);
    CHECK(!qr_svg(&r, long_text, "x"));
    CHECK_INT(r.out.len, 0);
    req_free(&r);
    /* 2331 bytes is the most level M holds in 8-bit mode */
    long_text[2331] = 0;
    CHECK(qr_encode(long_text, &q, err, sizeof err));
    CHECK_INT(q.size, 177);   /* version 40 */
    qr_free(&q);
    free(long_text);
}

/* The page SVG: role, class and escaped title, a viewBox with the 4-module quiet zone, one path
 * whose sub-paths are exactly the dark modules, and no style attribute or element. */
static void test_svg_for_pages(void)
{
    req r;
    req_init(&r);
    CHECK(qr_svg(&r, samples[0], "Mã xác minh <Bằng khen> & \"số\""));
    const char *o = buf_str(&r.out);
    CHECK(strncmp(o, "<svg ", 5) == 0);
    CHECK_CONTAINS(o, "role=\"img\"");
    CHECK_CONTAINS(o, "class=\"qr\"");
    CHECK_CONTAINS(o, "<title>Mã xác minh &lt;Bằng khen&gt; &amp; &quot;số&quot;</title>");
    CHECK(strstr(o, "style") == NULL);
    CHECK(strstr(o, "<script") == NULL);
    struct qr_code q;
    char err[160];
    CHECK(qr_encode(samples[0], &q, err, sizeof err));
    int side = q.size + 8;
    char vb[64];
    snprintf(vb, sizeof vb, "viewBox=\"0 0 %d %d\"", side, side);
    CHECK_CONTAINS(o, vb);
    /* exactly one path */
    const char *p = strstr(o, "<path ");
    CHECK(p && !strstr(p + 1, "<path "));
    const char *d = p ? strstr(p, " d=\"") : NULL;
    CHECK(d != NULL);
    if (d && q.modules) {
        d += 4;
        char *data = xstrndup(d, (size_t)(strchr(d, '"') - d));
        unsigned char *grid = xmalloc((size_t)side * (size_t)side);
        CHECK(path_modules(data, side, grid));
        int mismatch = 0, dark = 0;
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++) {
                bool in = x >= 4 && y >= 4 && x < side - 4 && y < side - 4;
                int want = in ? q.modules[(size_t)(y - 4) * (size_t)q.size + (size_t)(x - 4)] : 0;
                mismatch += grid[(size_t)y * (size_t)side + (size_t)x] != want;
                dark += want;
            }
        CHECK_INT(mismatch, 0);
        CHECK(dark > 100);
        free(grid);
        free(data);
    }
    qr_free(&q);
    req_free(&r);
}

/* The standalone file: an XML declaration, a size in mm (1 mm a module), the same path. */
static void test_svg_file(void)
{
    buf file = {0};
    char err[160];
    CHECK(qr_svg_file(samples[1], &file, err, sizeof err));
    const char *o = buf_str(&file);
    CHECK(strncmp(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 44) == 0);
    CHECK(strstr(o, "style") == NULL);
    struct qr_code q;
    CHECK(qr_encode(samples[1], &q, err, sizeof err));
    char size[64];
    snprintf(size, sizeof size, "width=\"%dmm\" height=\"%dmm\"", q.size + 8, q.size + 8);
    CHECK_CONTAINS(o, size);
    const char *d = strstr(o, " d=\"");
    CHECK(d != NULL);
    if (d) {
        d += 4;
        char *data = xstrndup(d, (size_t)(strchr(d, '"') - d));
        int side = q.size + 8;
        unsigned char *grid = xmalloc((size_t)side * (size_t)side);
        CHECK(path_modules(data, side, grid));
        int n = 0, want = 0;
        for (int i = 0; i < side * side; i++) n += grid[i];
        for (int i = 0; i < q.size * q.size; i++) want += q.modules[i];
        CHECK_INT(n, want);
        free(grid);
        free(data);
    }
    CHECK(o[file.len - 1] == '\n');
    qr_free(&q);
    buf_free(&file);
}

int main(void)
{
    RUN(test_matrix_matches_libqrencode);
    RUN(test_refusals);
    RUN(test_svg_for_pages);
    RUN(test_svg_file);
    return check_done();
}
