/* test_stored_file.c: stored files (stored_file.c): the sniffer on real magic bytes of every
 * type it knows (a PNG drawn by cairo, a JPEG's segments, XLSX and DOCX zipped by libzip …),
 * image sizes (and truncated headers read safely), the policies' refusals with their sentences,
 * one row per SHA-256, attachments (order, caption, belongs, detach), the owner-kind registry
 * and the Content-Disposition of a Vietnamese name. */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>

#include "check.h"
#include "stored_file.h"

#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

static cairo_status_t png_to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* A real PNG of w × h drawn by cairo. */
static void make_png(buf *out, int w, int h)
{
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(sf);
    cairo_set_source_rgb(cr, 0.7, 0.1, 0.1);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_write_to_png_stream(sf, png_to_buf, out);
    cairo_surface_destroy(sf);
}

/* A baseline JPEG's header segments as an encoder writes them: SOI, APP0 (JFIF), DQT, SOF0
 * (height, width, three components), DHT, SOS, a byte of scan data, EOI. */
static void make_jpeg(buf *out, int w, int h)
{
    static const unsigned char app0[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    buf_append(out, app0, sizeof app0);
    unsigned char dqt[4 + 65] = {0xFF, 0xDB, 0, 67 - 0};
    dqt[3] = 67;
    for (int i = 5; i < (int)sizeof dqt; i++) dqt[i] = 1;
    buf_append(out, dqt, 4);
    buf_append(out, dqt + 4, 65);
    unsigned char sof[] = {0xFF, 0xC0, 0, 17, 8, (unsigned char)(h >> 8), (unsigned char)h, (unsigned char)(w >> 8),
                           (unsigned char)w, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
    buf_append(out, sof, sizeof sof);
    static const unsigned char dht[] = {0xFF, 0xC4, 0, 20, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    buf_append(out, dht, sizeof dht);
    static const unsigned char sos[] = {0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 63, 0, 0x55, 0xFF, 0xD9};
    buf_append(out, sos, sizeof sos);
}

/* A zip made by libzip holding the named (name, content) pairs. */
static void make_zip(buf *out, const char *const *names)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    for (const char *const *n = names; *n; n++) {
        zip_source_t *f = zip_source_buffer(z, "<x/>", 4, 0);
        zip_file_add(z, *n, f, ZIP_FL_OVERWRITE);
    }
    zip_close(z);
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *tmp = malloc((size_t)size);
    zip_source_read(src, tmp, (zip_uint64_t)size);
    buf_append(out, tmp, (size_t)size);
    free(tmp);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
}

static void test_sniff(void)
{
    buf png = {0}, jpg = {0}, xlsx = {0}, docx = {0}, zip = {0};
    make_png(&png, 37, 21);
    make_jpeg(&jpg, 640, 480);
    static const char *const xl[] = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml", NULL};
    static const char *const wd[] = {"[Content_Types].xml", "word/document.xml", NULL};
    static const char *const plain[] = {"readme.txt", "xl/not-office.xml", NULL};
    make_zip(&xlsx, xl);
    make_zip(&docx, wd);
    make_zip(&zip, plain);
    CHECK_STR(file_sniff(png.data, png.len), "image/png");
    CHECK_STR(file_sniff(jpg.data, jpg.len), "image/jpeg");
    CHECK_STR(file_sniff(xlsx.data, xlsx.len), XLSX);
    CHECK_STR(file_sniff(docx.data, docx.len), DOCX);
    CHECK_STR(file_sniff(zip.data, zip.len), "application/zip");   /* xl/ without [Content_Types].xml */
    CHECK_STR(file_sniff("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", 22), "application/pdf");
    CHECK_STR(file_sniff("GIF89a\x10\x00\x08\x00\x80\x00\x00", 13), "image/gif");
    CHECK_STR(file_sniff("RIFF\x24\x00\x00\x00WEBPVP8 ", 16), "image/webp");
    CHECK_STR(file_sniff("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8), "application/gzip");
    const char *csv = "Họ và tên,Số tiền\nNguyễn Văn An,500000\n";
    CHECK_STR(file_sniff(csv, strlen(csv)), "text/csv");
    CHECK_STR(file_sniff("Xin chào\nLạng Sơn", strlen("Xin chào\nLạng Sơn")), "text/plain");
    const char *html1 = "\n  <!DOCTYPE html><html><script>alert(1)</script>", *html2 = "<HTML><body>x";
    CHECK_STR(file_sniff(html1, strlen(html1)), "text/html");
    CHECK_STR(file_sniff(html2, strlen(html2)), "text/html");
    const char *svg1 = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", *svg2 = "\xEF\xBB\xBF<svg onload=x>";
    CHECK_STR(file_sniff(svg1, strlen(svg1)), "image/svg+xml");
    CHECK_STR(file_sniff(svg2, strlen(svg2)), "image/svg+xml");
    CHECK_STR(file_sniff("<?xml version=\"1.0\"?><a/>", 25), "application/xml");
    CHECK_STR(file_sniff("ab\0cd", 5), "application/octet-stream");      /* a NUL: not text */
    CHECK_STR(file_sniff("\xC3\x28 bad", 6), "application/octet-stream"); /* not UTF-8 */
    CHECK_STR(file_sniff("", 0), "application/octet-stream");
    /* a truncated zip or a zip whose directory lies is still only a zip, read within bounds */
    CHECK_STR(file_sniff(xlsx.data, 30), "application/zip");
    buf liar = {0};
    buf_append(&liar, xlsx.data, xlsx.len);
    liar.data[liar.len - 6] = (char)0xFF;     /* central directory offset far past the end */
    CHECK_STR(file_sniff(liar.data, liar.len), "application/zip");
    buf_free(&png); buf_free(&jpg); buf_free(&xlsx); buf_free(&docx); buf_free(&zip); buf_free(&liar);
}

static void test_dimensions(void)
{
    buf png = {0}, jpg = {0};
    make_png(&png, 37, 21);
    make_jpeg(&jpg, 640, 480);
    int w = -1, h = -1;
    CHECK(file_image_size(png.data, png.len, &w, &h));
    CHECK_INT(w, 37);
    CHECK_INT(h, 21);
    CHECK(file_image_size(jpg.data, jpg.len, &w, &h));
    CHECK_INT(w, 640);
    CHECK_INT(h, 480);
    CHECK(file_image_size("GIF89a\x10\x00\x08\x00\x80\x00\x00", 13, &w, &h));
    CHECK_INT(w, 16);
    CHECK_INT(h, 8);
    /* every truncation of both headers answers without reading past the end (ASan watches) */
    for (size_t n = 0; n < jpg.len; n++) {
        char *cut = malloc(n ? n : 1);
        memcpy(cut, jpg.data, n);
        bool ok = file_image_size(cut, n, &w, &h);
        CHECK(!ok || (w == 640 && h == 480));
        free(cut);
    }
    for (size_t n = 0; n < 24; n++) {
        char *cut = malloc(n ? n : 1);
        memcpy(cut, png.data, n);
        CHECK(!file_image_size(cut, n, &w, &h));
        free(cut);
    }
    /* a segment length that runs past the data ends the walk */
    buf bad = {0};
    buf_append(&bad, "\xFF\xD8\xFF\xE0\xFF\xF0JFIF", 10);
    CHECK(!file_image_size(bad.data, bad.len, &w, &h));
    CHECK(!file_image_size("%PDF-1.4", 8, &w, &h));
    buf_free(&png); buf_free(&jpg); buf_free(&bad);
}

static store *open_db(void)
{
    char dir[300], path[400], err[512];
    if (!temp_dir_make("test_stored_file.", dir, sizeof dir)) return NULL;
    snprintf(path, sizeof path, "%s/f.db", dir);
    store *s = store_open(path, err, sizeof err);
    if (s && store_migrate(s, err, sizeof err) != STORE_OK) { store_close(s); return NULL; }
    return s;
}

static void test_store_policies_dedup(void)
{
    store *s = open_db();
    CHECK(s != NULL);
    if (!s) return;
    arena a = {0};
    struct actor cli = actor_cli(&a);
    buf png = {0};
    make_png(&png, 12, 9);
    char msg[400];
    CHECK_INT(file_store(s, &cli, &file_policy_photo, "a.png", "image/png", png.data, png.len, msg, sizeof msg), -1);  /* no tx */
    CHECK(store_begin(s) == STORE_OK);
    int64_t id = file_store(s, &cli, &file_policy_photo, "C:\\Ảnh\\Lễ phát động.png", "image/png", png.data, png.len,
                            msg, sizeof msg);
    CHECK(id > 0);
    /* the same bytes under another name: the same row */
    CHECK_INT(file_store(s, &cli, &file_policy_evidence, "khac.png", "image/png", png.data, png.len, msg, sizeof msg), id);
    const char *pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    CHECK_INT(file_store(s, &cli, &file_policy_photo, "giay-khen.png", "image/png", pdf, strlen(pdf), msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "giay-khen.png");
    CHECK_CONTAINS(msg, "như một ảnh");
    CHECK_CONTAINS(msg, "PDF");
    const char *page = "<html><script>alert(1)</script></html>";
    CHECK_INT(file_store(s, &cli, &file_policy_document, "bao-cao.html", "text/html", page, strlen(page), msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "bao-cao.html");
    CHECK_CONTAINS(msg, "trang HTML");
    const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    CHECK_INT(file_store(s, &cli, &file_policy_evidence, "logo.svg", "image/svg+xml", svg, strlen(svg), msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "ảnh SVG");
    /* a PDF where photos only are taken: refused naming what is accepted */
    CHECK_INT(file_store(s, &cli, &file_policy_photo, "qd.pdf", "application/pdf", pdf, strlen(pdf), msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "chỉ nhận: ảnh PNG, ảnh JPEG");
    /* oversize */
    size_t big = (10u << 20) + 1;
    char *huge = calloc(1, big);
    memcpy(huge, png.data, png.len);
    CHECK_INT(file_store(s, &cli, &file_policy_photo, "to.png", "image/png", huge, big, msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "quá lớn");
    CHECK_CONTAINS(msg, "10 MB");
    free(huge);
    CHECK_INT(file_store(s, &cli, &file_policy_photo, "rong.png", "image/png", "", 0, msg, sizeof msg), 0);
    CHECK_CONTAINS(msg, "rỗng");
    CHECK(store_commit(s) == STORE_OK);

    struct stored_file f;
    const void *data = NULL;
    size_t len = 0;
    CHECK_INT(file_get(s, &a, id, &f, &data, &len), 1);
    CHECK_STR(f.name, "Lễ phát động.png");              /* path parts removed */
    CHECK_STR(f.sniffed_type, "image/png");
    CHECK_STR(f.declared_type, "image/png");
    CHECK_INT(f.width, 12);
    CHECK_INT(f.height, 9);
    CHECK_INT(f.size, (int64_t)png.len);
    CHECK(len == png.len && data && !memcmp(data, png.data, len));
    CHECK_INT(strlen(f.sha256), 64);
    int64_t rows = 0, audits = 0;
    store_int64(s, &rows, "SELECT count(*) FROM stored_file", "");
    store_int64(s, &audits, "SELECT count(*) FROM audit_log WHERE entity = 'stored_file'", "");
    CHECK_INT(rows, 1);
    CHECK_INT(audits, 1);
    CHECK_INT(file_get(s, &a, 999, &f, NULL, NULL), 0);
    buf_free(&png);
    arena_free(&a);
    store_close(s);
}

static void test_attach(void)
{
    store *s = open_db();
    CHECK(s != NULL);
    if (!s) return;
    arena a = {0};
    struct actor cli = actor_cli(&a);
    buf p1 = {0}, p2 = {0};
    make_png(&p1, 4, 4);
    make_png(&p2, 5, 5);
    char msg[300];
    CHECK(store_begin(s) == STORE_OK);
    int64_t f1 = file_store(s, &cli, &file_policy_photo, "mot.png", NULL, p1.data, p1.len, msg, sizeof msg);
    int64_t f2 = file_store(s, &cli, &file_policy_photo, "hai.png", NULL, p2.data, p2.len, msg, sizeof msg);
    CHECK(f1 > 0 && f2 > 0 && f1 != f2);
    CHECK_INT(file_attach(s, f2, "report", 17, "Ảnh hiện trường"), 1);
    CHECK_INT(file_attach(s, f1, "report", 17, NULL), 1);
    CHECK_INT(file_attach(s, f1, "report", 17, "lần hai"), 0);          /* already attached */
    CHECK_INT(file_attach(s, f1, "report", 18, "\x01\xC3"), FILE_BAD_CAPTION);
    CHECK_INT(file_attach(s, f1, "news", 3, NULL), 1);
    CHECK(store_commit(s) == STORE_OK);
    struct stored_file *v;
    int n;
    CHECK_INT(file_list(s, &a, "report", 17, &v, &n), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(v[0].id, f2);                                         /* attach order */
        CHECK_STR(v[0].caption, "Ảnh hiện trường");
        CHECK_INT(v[1].id, f1);
        CHECK(v[1].caption == NULL);
    }
    CHECK(file_belongs(s, f1, "report", 17));
    CHECK(!file_belongs(s, f1, "report", 18));
    CHECK(!file_belongs(s, f2, "news", 3));
    CHECK_INT(file_detach(s, f2, "report", 17), 1);
    CHECK(!file_belongs(s, f2, "report", 17));
    CHECK_INT(file_detach(s, 0, "report", 17), 1);                      /* every file of the record */
    CHECK_INT(file_list(s, &a, "report", 17, &v, &n), 0);
    CHECK_INT(n, 0);
    CHECK(file_belongs(s, f1, "news", 3));                              /* other owners keep theirs */
    buf_free(&p1); buf_free(&p2);
    arena_free(&a);
    store_close(s);
}

static bool only_odd(req *r, int64_t owner_id) { (void)r; return owner_id % 2 == 1; }

static void test_owners_and_disposition(void)
{
    req r;
    req_init(&r);
    r.user.id = 5;
    r.user.caps = CAP_BIT(CAP_LOGIN);
    CHECK(file_owner_register("test_note", CAP_LOGIN, only_odd));
    CHECK(file_owner_register("test_secret", CAP_SETTINGS, NULL));
    CHECK(file_owner_visible(&r, "test_note", 3));
    CHECK(!file_owner_visible(&r, "test_note", 4));       /* the feature's own check */
    CHECK(!file_owner_visible(&r, "test_secret", 1));     /* the capability */
    CHECK(!file_owner_visible(&r, "unregistered", 1));
    r.user.caps |= CAP_BIT(CAP_SETTINGS);
    CHECK(file_owner_visible(&r, "test_secret", 1));
    CHECK_STR(file_href(&r.a, "test_note", 3, 9), "/files/test_note/3/9");
    const char *cd = file_content_disposition(&r.a, "Báo cáo \"quý\" 1/2026.pdf", true);
    CHECK_STR(cd, "inline; filename=\"bao cao _quy_ 1_2026.pdf\"; "
                  "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22qu%C3%BD%22%201%2F2026.pdf");
    CHECK_STR(file_content_disposition(&r.a, "漢.png", false), "attachment; filename=\"_.png\"; filename*=UTF-8''%E6%BC%A2.png");
    CHECK_STR(file_clean_name(&r.a, "../../etc/passwd"), "passwd");
    CHECK_STR(file_clean_name(&r.a, "C:\\"), "tệp");
    req_free(&r);
}

int main(void)
{
    RUN(test_sniff);
    RUN(test_dimensions);
    RUN(test_store_policies_dedup);
    RUN(test_attach);
    RUN(test_owners_and_disposition);
    return check_done();
}
