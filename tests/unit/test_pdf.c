/* test_pdf.c: the PDF engine (pdf.h) read back with poppler-utils: text through pdftotext (plain
 * and -bbox for positions), pixels through pdftoppm, fonts through pdffonts. Each test writes
 * its PDF into $TEST_TMP (or a fresh directory under $TMPDIR) and prints where, so a person can
 * open the sample decision, certificate or list. The whole file prints one SKIP line and passes
 * when pdftotext is not installed (scripts/install-deps installs poppler-utils). */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>

#include "check.h"
#include "pdf.h"
#include "qr.h"
#include "vn.h"

static char dir[512];

/* ---- helpers ----------------------------------------------------------------------------- */

static const char *out_path(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Finishes d into the file name under dir; false (with a failure) when the engine refused. */
static bool save(pdf_doc *d, const char *name)
{
    buf out = {0};
    char err[256];
    int rc = pdf_finish(d, &out, err, sizeof err);
    if (rc != 0) {
        check_fail_at(__FILE__, __LINE__, "pdf_finish: %s", err);
        buf_free(&out);
        return false;
    }
    CHECK(out.len > 1000);
    CHECK(memcmp(out.data, "%PDF-", 5) == 0);
    FILE *f = fopen(out_path(name), "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(out.data, 1, out.len, f);
        fclose(f);
    }
    buf_free(&out);
    printf("     sample: %s\n", out_path(name));
    return f != NULL;
}

/* Runs a shell command and returns its standard output (caller frees the buf). */
static void run(const char *cmd, buf *out)
{
    buf_reset(out);
    FILE *p = popen(cmd, "r");
    if (!p) return;
    read_stream(p, out);
    pclose(p);
}

/* pdftotext of pages first..last (0: all) of a file under dir, NFC with white space collapsed
 * into single spaces, in a new malloc'd string. raw: in the order the text was drawn (-raw), which
 * is what copying and screen readers get; otherwise in pdftotext's guess at the reading order. */
static char *text_of(const char *name, int first, int last, bool raw_order)
{
    char cmd[1400];
    const char *mode = raw_order ? "-raw" : "";
    if (first > 0)
        snprintf(cmd, sizeof cmd, "pdftotext %s -enc UTF-8 -f %d -l %d '%s' -", mode, first, last, out_path(name));
    else
        snprintf(cmd, sizeof cmd, "pdftotext %s -enc UTF-8 '%s' -", mode, out_path(name));
    buf raw = {0}, clean = {0};
    run(cmd, &raw);
    struct vn_error e;
    if (vn_normalize(raw.data ? raw.data : "", raw.len, VN_NORM_REPAIR, &clean, &e) != VN_OK) buf_puts(&clean, "");
    buf_free(&raw);
    char *r = buf_detach(&clean);
    return r ? r : xstrdup("");
}

/* The same text from a string: NFC, white space collapsed. */
static char *norm(const char *s)
{
    buf clean = {0};
    struct vn_error e;
    vn_normalize(s, strlen(s), 0, &clean, &e);
    char *r = xstrdup(buf_str(&clean));
    buf_free(&clean);
    return r;
}

/* Words with their boxes, in mm, from pdftotext -bbox. */
struct word { int page; double x0, y0, x1, y1; char text[96]; };
struct words { struct word *w; int n; double page_w, page_h; };

static void html_unescape(char *s)
{
    static const struct { const char *e; char c; } ent[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *o = s;
    for (char *p = s; *p;) {
        bool done = false;
        for (size_t i = 0; i < sizeof ent / sizeof ent[0] && !done; i++)
            if (strncmp(p, ent[i].e, strlen(ent[i].e)) == 0) { *o++ = ent[i].c; p += strlen(ent[i].e); done = true; }
        if (!done) *o++ = *p++;
    }
    *o = 0;
}

static struct words words_of(const char *name)
{
    struct words ws = {0};
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -bbox '%s' -", out_path(name));
    buf raw = {0};
    run(cmd, &raw);
    int page = 0;
    const double k = 25.4 / 72;
    for (char *line = raw.data; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        double a, b, c, e;
        char *p;
        if ((p = strstr(line, "<page width=\"")) && sscanf(p, "<page width=\"%lf\" height=\"%lf\"", &a, &b) == 2) {
            page++;
            ws.page_w = a * k, ws.page_h = b * k;
        } else if ((p = strstr(line, "<word xMin=\"")) &&
                   sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">", &a, &b, &c, &e) == 4) {
            char *t = strchr(p, '>') + 1, *end = strstr(t, "</word>");
            if (end) *end = 0;
            ws.w = xrealloc(ws.w, (size_t)(ws.n + 1) * sizeof *ws.w);
            struct word *w = &ws.w[ws.n++];
            w->page = page, w->x0 = a * k, w->y0 = b * k, w->x1 = c * k, w->y1 = e * k;
            snprintf(w->text, sizeof w->text, "%s", t);
            html_unescape(w->text);
        }
        line = nl ? nl + 1 : NULL;
    }
    buf_free(&raw);
    return ws;
}

/* Page, then line (tops within 1 mm are one line), then left to right. */
static int by_page_line_x(const void *pa, const void *pb)
{
    const struct word *a = pa, *b = pb;
    if (a->page != b->page) return a->page - b->page;
    if (fabs(a->y0 - b->y0) > 1) return a->y0 < b->y0 ? -1 : 1;
    return a->x0 < b->x0 ? -1 : a->x0 > b->x0;
}

/* The first word equal to text (after NFC), on page (0: any), or NULL. */
static const struct word *find_word(const struct words *ws, int page, const char *text)
{
    char *want = norm(text);
    const struct word *hit = NULL;
    for (int i = 0; i < ws->n && !hit; i++) {
        if (page && ws->w[i].page != page) continue;
        char *got = norm(ws->w[i].text);
        if (strcmp(got, want) == 0) hit = &ws->w[i];
        free(got);
    }
    free(want);
    return hit;
}

/* Checks that each of parts occurs in text after the previous one. */
static void check_in_order(const char *text, const char *const *parts, int n)
{
    const char *at = text;
    for (int i = 0; i < n; i++) {
        char *want = norm(parts[i]);
        const char *hit = strstr(at, want);
        if (!hit) check_fail_at(__FILE__, __LINE__, "\"%s\" not found after part %d in: %.400s", want, i, at);
        else at = hit + strlen(want);
        free(want);
    }
}

/* A grey-scale page from pdftoppm -gray (binary PGM) at dpi dots per inch. */
struct gray { int w, h, dpi; unsigned char *px; };

static struct gray render_at(const char *name, int page, int dpi)
{
    struct gray g = {.dpi = dpi};
    char cmd[3000], pgm[1100];
    snprintf(pgm, sizeof pgm, "%s/render-%d", dir, page);
    snprintf(cmd, sizeof cmd, "pdftoppm -r %d -gray -f %d -l %d -singlefile '%s' '%s'", dpi, page, page, out_path(name), pgm);
    if (system(cmd) != 0) return g;
    strcat(pgm, ".pgm");
    buf b = {0};
    if (read_file(pgm, &b) != 0) return g;
    int maxv, used = 0;
    if (sscanf(b.data, "P5 %d %d %d%n", &g.w, &g.h, &maxv, &used) == 3 && (size_t)used + 1 + (size_t)g.w * (size_t)g.h <= b.len) {
        g.px = xmalloc((size_t)g.w * (size_t)g.h);
        memcpy(g.px, b.data + used + 1, (size_t)g.w * (size_t)g.h);
    }
    buf_free(&b);
    unlink(pgm);
    return g;
}

/* Pixels in a box (mm) of page 1 rendered in colour at 50 dpi: how many are red (the red well
 * above green and blue) and how many dark and grey (black text), in *red and *black. */
static void colours_in(const char *name, double x0, double y0, double x1, double y1, int *red, int *black)
{
    char cmd[3000], ppm[1100];
    snprintf(ppm, sizeof ppm, "%s/colour", dir);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 50 -f 1 -l 1 -singlefile '%s' '%s'", out_path(name), ppm);
    *red = *black = -1;
    if (system(cmd) != 0) return;
    strcat(ppm, ".ppm");
    buf b = {0};
    int w, h, maxv, used = 0;
    if (read_file(ppm, &b) == 0 && sscanf(b.data, "P6 %d %d %d%n", &w, &h, &maxv, &used) == 3 &&
        (size_t)used + 1 + 3 * (size_t)w * (size_t)h <= b.len) {
        const unsigned char *px = (const unsigned char *)b.data + used + 1;
        const double k = 50 / 25.4;
        *red = *black = 0;
        for (int y = (int)(y0 * k); y < (int)(y1 * k) && y < h; y++)
            for (int x = (int)(x0 * k); x < (int)(x1 * k) && x < w; x++) {
                const unsigned char *p = px + 3 * ((size_t)y * (size_t)w + (size_t)x);
                if (p[0] > 120 && p[1] < 90 && p[2] < 90) (*red)++;
                if (p[0] < 110 && abs(p[0] - p[1]) < 20 && abs(p[0] - p[2]) < 20) (*black)++;
            }
    }
    buf_free(&b);
    unlink(ppm);
}

/* The brief's check: -r 50. */
static struct gray render(const char *name, int page) { return render_at(name, page, 50); }

/* Dark pixels (below mid-grey) in a box given in mm. */
static int dark_in(const struct gray *g, double x0, double y0, double x1, double y1)
{
    const double k = g->dpi / 25.4;
    int n = 0;
    for (int y = (int)(y0 * k); y < (int)(y1 * k) && y < g->h; y++)
        for (int x = (int)(x0 * k); x < (int)(x1 * k) && x < g->w; x++) n += g->px[(size_t)y * (size_t)g->w + (size_t)x] < 128;
    return n;
}

/* ---- tests ------------------------------------------------------------------------------- */

/* Every Vietnamese letter with every tone, in both cases, and a sentence of names, come back
 * from pdftotext unchanged after NFC; text handed in decomposed (NFD) comes back composed. */
static void test_vietnamese_round_trip(void)
{
    static const char *const letters =
        "a à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ e è é ẻ ẽ ẹ ê ề ế ể ễ ệ i ì í ỉ ĩ ị "
        "o ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ u ù ú ủ ũ ụ ư ừ ứ ử ữ ự y ỳ ý ỷ ỹ ỵ đ";
    static const char *const names = "Nguyễn Thị Ánh Tuyết, Đồng Đăng, Bằng khen, Chiến sĩ thi đua, Hoàng Văn Thụ";
    /* "Thụ Đức" decomposed: u + combining dot below (U+0323), D-stroke, u + horn + dot below */
    static const char *const nfd = "Thu\xcc\xa3 \xc4\x90u\xcc\x9b\xcc\xa3" "c";
    pdf_doc *d = pdf_new(&(struct pdf_setup){.title = "Kiểm tra tiếng Việt"});
    CHECK(d != NULL);
    if (!d) return;
    pdf_paragraph(d, NULL, letters);
    struct pdf_style up = {.uppercase = true};
    pdf_paragraph(d, &up, letters);
    pdf_paragraph(d, NULL, names);
    pdf_paragraph(d, NULL, nfd);
    pdf_paragraph(d, &up, "ủy ban nhân dân tỉnh lạng sơn");
    if (!save(d, "vietnamese.pdf")) return;
    /* pdftotext joins evenly spaced single letters into one word ("aàá…"), so the letters are
     * compared as the words of -bbox, joined by single spaces */
    struct words ws = words_of("vietnamese.pdf");
    buf joined = {0};
    for (int i = 0; i < ws.n; i++) buf_printf(&joined, "%s%s", i ? " " : "", ws.w[i].text);
    free(ws.w);
    char *all = norm(buf_str(&joined));
    buf_free(&joined);
    CHECK_CONTAINS(all, letters);
    CHECK_CONTAINS(all, "A À Á Ả Ã Ạ Ă Ằ Ắ Ẳ Ẵ Ặ Â Ầ Ấ Ẩ Ẫ Ậ E È É Ẻ Ẽ Ẹ Ê Ề Ế Ể Ễ Ệ I Ì Í Ỉ Ĩ Ị "
                        "O Ò Ó Ỏ Õ Ọ Ô Ồ Ố Ổ Ỗ Ộ Ơ Ờ Ớ Ở Ỡ Ợ U Ù Ú Ủ Ũ Ụ Ư Ừ Ứ Ử Ữ Ự Y Ỳ Ý Ỷ Ỹ Ỵ Đ");
    free(all);
    char *text = text_of("vietnamese.pdf", 0, 0, false);
    CHECK_CONTAINS(text, names);
    CHECK_CONTAINS(text, "Thụ Đực");
    CHECK_CONTAINS(text, "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN");
    free(text);
}

/* Bold, italic and underlined runs use the bold and italic faces of Liberation Serif (pdffonts),
 * user text that looks like markup is drawn as the characters it is, and invalid UTF-8 becomes
 * U+FFFD instead of cutting the paragraph. */
static void test_runs_and_plain_text(void)
{
    pdf_doc *d = pdf_new(NULL);
    struct pdf_run runs[] = {{"Tặng ", 0}, {"Bằng khen", PDF_BOLD}, {" cho ", 0}, {"tập thể", PDF_ITALIC},
                             {" đã có thành tích ", 0}, {"xuất sắc", PDF_BOLD | PDF_ITALIC | PDF_UNDERLINE}};
    struct pdf_style just = {.align = PDF_JUSTIFY, .first_indent_mm = 10, .line_spacing = 1.2, .after_pt = 6};
    pdf_paragraph_runs(d, &just, runs, 6);
    pdf_paragraph(d, NULL, "<b>không đậm</b> &amp; <span foreground=\"red\">x</span>");
    pdf_paragraph(d, NULL, "trước\xff" "sau");
    if (!save(d, "runs.pdf")) return;
    char *text = text_of("runs.pdf", 0, 0, false);
    CHECK_CONTAINS(text, "Tặng Bằng khen cho tập thể đã có thành tích xuất sắc");
    CHECK_CONTAINS(text, "<b>không đậm</b> &amp; <span foreground=\"red\">x</span>");
    CHECK_CONTAINS(text, "trước\xef\xbf\xbd" "sau");
    free(text);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "pdffonts '%s'", out_path("runs.pdf"));
    buf fonts = {0};
    run(cmd, &fonts);
    CHECK_CONTAINS(buf_str(&fonts), "LiberationSerif-Bold ");
    CHECK_CONTAINS(buf_str(&fonts), "LiberationSerif-Italic");
    CHECK_CONTAINS(buf_str(&fonts), "LiberationSerif-BoldItalic");
    CHECK_CONTAINS(buf_str(&fonts), "LiberationSerif ");
    buf_free(&fonts);
}

/* A sample commendation decision in the Decree 30 layout. */
static const char *const recipients[] = {"- Như Điều 3;", "- Chủ tịch, các PCT UBND tỉnh;", "- Lưu: VT, NC.", NULL};

static void sample_decision(pdf_doc *d, int body_paragraphs)
{
    pdf_admin_head(d, &(struct pdf_admin_head){
                          .issuer = "Ủy ban nhân dân tỉnh Lạng Sơn",
                          .number_symbol = "1234/QĐ-UBND",
                          .place = "Lạng Sơn",
                          .date_iso = "2019-08-19",
                          .kind = "Quyết định",
                          .summary = "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                      });
    struct pdf_style center = {.align = PDF_CENTER, .flags = PDF_BOLD, .size_pt = 14, .after_pt = 6};
    struct pdf_style body = {.align = PDF_JUSTIFY, .first_indent_mm = 10, .size_pt = 14, .after_pt = 6};
    pdf_paragraph(d, &center, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN");
    pdf_paragraph(d, &body, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;");
    pdf_paragraph(d, &body, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;");
    for (int i = 0; i < body_paragraphs; i++)
        pdf_paragraph(d, &body, "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 163/TTr-SNV ngày 12 tháng 8 năm "
                                "2019, đề nghị tặng Bằng khen cho các tập thể, cá nhân đã có thành tích xuất sắc.");
    pdf_paragraph(d, &center, "QUYẾT ĐỊNH:");
    pdf_paragraph(d, &body, "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho ông Hoàng Văn Thụ, "
                            "Chiến sĩ thi đua cơ sở, xã Đồng Đăng, huyện Cao Lộc.");
    pdf_paragraph(d, &body, "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ và cá nhân có tên tại Điều 1 "
                            "chịu trách nhiệm thi hành Quyết định này./.");
    pdf_admin_foot(d, &(struct pdf_admin_foot){.recipients = recipients, .authority = "KT. Chủ tịch",
                                              .position = "Phó Chủ tịch", .signer = "Nguyễn Thị Ánh Tuyết"});
}

/* The extracted text of a decision holds the decree's parts in the order a reader meets them. */
static void test_decision_parts_in_order(void)
{
    pdf_doc *d = pdf_new(&(struct pdf_setup){.page_numbers = true, .title = "Quyết định 1234/QĐ-UBND"});
    sample_decision(d, 1);
    CHECK_INT(pdf_page_count(d), 1);
    if (!save(d, "decision.pdf")) return;
    char *text = text_of("decision.pdf", 0, 0, true);
    static const char *const parts[] = {
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "Số: 1234/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Lạng Sơn, ngày 19 tháng 8 năm 2019", "QUYẾT ĐỊNH",
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Căn cứ Luật Tổ chức chính quyền địa phương",
        "Điều 1. Tặng Bằng khen", "Điều 3.", "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, NC.", "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH", "Nguyễn Thị Ánh Tuyết"};
    check_in_order(text, parts, (int)(sizeof parts / sizeof parts[0]));
    free(text);
    /* pdftotext's own reading order puts the two head columns' lines in another order, but
     * loses none of them */
    text = text_of("decision.pdf", 0, 0, false);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char *want = norm(parts[i]);
        CHECK_CONTAINS(text, want);
        free(want);
    }
    free(text);
}

/* Positions (pdftotext -bbox) fall where the layout puts them. */
static void test_decision_positions(void)
{
    pdf_doc *d = pdf_new(&(struct pdf_setup){.page_numbers = true});
    sample_decision(d, 14);   /* long enough to run onto page 2, whose number is in the top margin */
    pdf_text_at(d, 40, 150, 0, &(struct pdf_style){.size_pt = 12}, "Overprint");
    int pages = pdf_page_count(d);
    CHECK(pages >= 2);
    if (!save(d, "decision-long.pdf")) return;
    struct words ws = words_of("decision-long.pdf");
    CHECK(fabs(ws.page_w - 210) < 0.5 && fabs(ws.page_h - 297) < 0.5);
    const double half = 105;
    const struct word *cong = find_word(&ws, 1, "CỘNG"), *nam = find_word(&ws, 1, "NAM");
    CHECK(cong && nam);
    if (cong && nam) {
        CHECK((cong->x0 + nam->x1) / 2 > half);               /* the national name's line centred in the right half */
        CHECK(cong->y0 >= 19 && cong->y0 <= 24);              /* on the first line under the 20 mm top margin */
    }
    const struct word *so = find_word(&ws, 1, "Số:");
    CHECK(so && so->x1 < half);
    const struct word *uy = find_word(&ws, 1, "ỦY");
    CHECK(uy && uy->x0 >= 30 - 0.5 && uy->x1 < half);          /* the issuer in the left column, inside the 30 mm margin */
    if (so && cong) CHECK(so->y0 > cong->y0);
    const struct word *motto = find_word(&ws, 1, "Độc"), *dated = find_word(&ws, 1, "ngày");
    CHECK(motto && dated && dated->x0 > half - 10 && dated->y0 > motto->y1);
    if (so && dated) CHECK(fabs(so->y0 - dated->y0) < 1.5);    /* "Số:" and the date share a line */
    /* the signer's name and title in the right half, below the last line of the body */
    const struct word *body_last = NULL;
    for (int i = 0; i < ws.n; i++)
        if (strstr(ws.w[i].text, "này./.")) body_last = &ws.w[i];
    const struct word *signer = find_word(&ws, pages, "Tuyết"), *kt = find_word(&ws, pages, "KT.");
    const struct word *noi = find_word(&ws, pages, "Nơi");
    CHECK(body_last && signer && kt && noi);
    if (body_last && signer && kt && noi) {
        CHECK(signer->x0 > half && kt->x0 > half);
        CHECK(noi->x1 < half);
        CHECK(kt->page == body_last->page && kt->y0 > body_last->y1);
        CHECK(signer->y0 > kt->y1 + 15);                       /* room for the signature and seal */
        CHECK(noi->y0 >= body_last->y1 && fabs(noi->y0 - kt->y0) < 2);
    }
    /* the page number: "2" centred in the top margin of page 2, nothing of the kind on page 1 */
    const struct word *two = NULL;
    for (int i = 0; i < ws.n; i++)
        if (ws.w[i].page == 2 && strcmp(ws.w[i].text, "2") == 0 && ws.w[i].y1 < 20) two = &ws.w[i];
    CHECK(two != NULL);
    if (two) CHECK(fabs((two->x0 + two->x1) / 2 - (30 + 195) / 2.0) < 2);
    for (int i = 0; i < ws.n; i++)
        if (ws.w[i].page == 1 && ws.w[i].y1 < 18) check_fail_at(__FILE__, __LINE__, "page 1 has \"%s\" in its top margin", ws.w[i].text);
    /* absolute text: its box's top-left corner at the requested (40, 150) mm of the last page */
    const struct word *over = find_word(&ws, pages, "Overprint");
    CHECK(over != NULL);
    if (over) {
        if (fabs(over->x0 - 40) > 1 || fabs(over->y0 - 150) > 1)
            check_fail_at(__FILE__, __LINE__, "Overprint at (%.2f, %.2f) mm, want (40, 150) ±1", over->x0, over->y0);
    }
    free(ws.w);
}

static cairo_status_t png_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* A rendered page has ink where text, a PNG and a QR code were drawn and none where nothing was. */
static void test_render_ink(void)
{
    pdf_doc *d = pdf_new(NULL);
    pdf_text_at(d, 30, 40, 0, &(struct pdf_style){.size_pt = 28, .flags = PDF_BOLD}, "BẰNG KHEN ĐẶC BIỆT");
    /* a black 8×8 PNG drawn by cairo itself, placed at (150, 200) as a 20 mm square */
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    buf png = {0};
    cairo_surface_write_to_png_stream(img, png_to_buf, &png);
    cairo_surface_destroy(img);
    CHECK(pdf_png_at(d, 150, 200, 20, 20, png.data, png.len));
    buf_free(&png);
    CHECK(pdf_qr_at(d, 40, 200, 40, "https://thidua.langson.gov.vn/xac-minh/BK-2019-000163"));
    CHECK(!pdf_png_at(d, 150, 200, 20, 20, "not a png", 9));
    if (!save(d, "ink.pdf")) return;
    struct gray g = render("ink.pdf", 1);
    CHECK(g.px != NULL);
    if (!g.px) return;
    CHECK(dark_in(&g, 30, 40, 150, 52) > 100);           /* the text */
    CHECK(dark_in(&g, 45, 205, 75, 235) > 100);          /* the QR code's modules */
    CHECK(dark_in(&g, 151, 201, 169, 219) > 1000);       /* the PNG, black all over */
    CHECK_INT(dark_in(&g, 171, 201, 180, 219), 0);       /* and not wider than asked */
    CHECK_INT(dark_in(&g, 40, 200, 43, 240), 0);         /* its quiet zone */
    CHECK_INT(dark_in(&g, 100, 100, 190, 180), 0);       /* where nothing was drawn */
    CHECK_INT(dark_in(&g, 0, 0, 210, 30), 0);            /* the top margin */
    free(g.px);
}

/* Filled rectangles (pdf_rect_at) land where asked, in their colour, and nowhere else; an empty
 * one draws nothing. */
static void test_filled_rectangles(void)
{
    pdf_doc *d = pdf_new(NULL);
    pdf_rect_at(d, 40, 60, 100, 10, 0x000000);     /* black bar */
    pdf_rect_at(d, 40, 90, 50, 10, 0xC00000);      /* red bar */
    pdf_rect_at(d, 40, 120, 0, 10, 0x000000);      /* zero width: nothing */
    if (!save(d, "rects.pdf")) return;
    struct gray g = render("rects.pdf", 1);
    CHECK(g.px != NULL);
    if (!g.px) return;
    CHECK(dark_in(&g, 41, 61, 139, 69) > 1500);    /* the black bar is solid */
    CHECK_INT(dark_in(&g, 141, 61, 180, 69), 0);   /* and ends where asked */
    CHECK_INT(dark_in(&g, 40, 119, 60, 131), 0);   /* the empty one */
    CHECK_INT(dark_in(&g, 40, 72, 140, 88), 0);    /* between the bars */
    free(g.px);
    int red, black;
    colours_in("rects.pdf", 41, 91, 89, 99, &red, &black);
    CHECK(red > 300);
    CHECK_INT(black, 0);
}

/* A 3-page table repeats its header at the top of every page (pdftotext page by page), every row
 * comes out exactly once, in order, and "Trang n/N" is at the foot of each page. */
static void test_table_header_repeats(void)
{
    enum { ROWS = 150, COLS = 4 };
    static const struct pdf_table_col cols[COLS] = {
        {"STT", 14, PDF_RIGHT}, {"Họ và tên", 0, PDF_LEFT}, {"Đơn vị", 0, PDF_LEFT}, {"Số tiền (đồng)", 35, PDF_RIGHT}};
    const char **cells = xcalloc(ROWS * COLS, sizeof *cells);
    arena a = {0};
    for (int r = 0; r < ROWS; r++) {
        cells[r * COLS + 0] = arena_printf(&a, "%d", r + 1);
        cells[r * COLS + 1] = arena_printf(&a, "R%04d Nguyễn Văn Thụ", r + 1);
        /* every 7th unit name wraps onto a second line inside its cell */
        cells[r * COLS + 2] = r % 7 ? "Xã Đồng Đăng"
                                    : "Ban Chỉ huy Quân sự huyện Cao Lộc, tỉnh Lạng Sơn, Quân khu 1, đơn vị anh hùng";
        cells[r * COLS + 3] = r % 5 ? "1.500.000" : NULL;
    }
    pdf_doc *d = pdf_new(&(struct pdf_setup){.page_numbers = true, .number_style = 1, .title = "Danh sách"});
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .flags = PDF_BOLD, .size_pt = 14, .after_pt = 6},
                  "DANH SÁCH ỦNG HỘ");
    pdf_table(d, cols, COLS, cells, ROWS, 11);
    pdf_paragraph(d, NULL, "Hết danh sách.");
    int pages = pdf_page_count(d);
    CHECK(pages >= 3);
    if (!save(d, "table.pdf")) return;
    buf all = {0};
    for (int p = 1; p <= pages; p++) {
        char *text = text_of("table.pdf", p, p, false);
        const char *head = strstr(text, "Họ và tên");
        if (!head) check_fail_at(__FILE__, __LINE__, "page %d has no header row", p);
        /* the header comes before the page's first row */
        const char *row = strstr(text, " R0");
        if (head && row && row < head) check_fail_at(__FILE__, __LINE__, "page %d: a row before the header", p);
        char label[32];
        snprintf(label, sizeof label, "Trang %d/%d", p, pages);
        if (!strstr(text, label)) check_fail_at(__FILE__, __LINE__, "page %d has no \"%s\"", p, label);
        buf_puts(&all, text);
        buf_putc(&all, ' ');
        free(text);
    }
    const char *at = buf_str(&all);
    for (int r = 0; r < ROWS; r++) {
        char id[16];
        snprintf(id, sizeof id, "R%04d ", r + 1);
        const char *hit = strstr(at, id);
        if (!hit) { check_fail_at(__FILE__, __LINE__, "row %s missing or out of order", id); break; }
        if (strstr(hit + 1, id)) check_fail_at(__FILE__, __LINE__, "row %s twice", id);
        at = hit;
    }
    CHECK_CONTAINS(buf_str(&all), "Quân khu 1, đơn vị anh hùng");
    CHECK_CONTAINS(buf_str(&all), "Hết danh sách.");
    /* no row crosses into the bottom margin: every row word ends above 297 − 20 mm */
    struct words ws = words_of("table.pdf");
    for (int i = 0; i < ws.n; i++)
        if (ws.w[i].text[0] == 'R' && ws.w[i].y1 > 277.5)
            check_fail_at(__FILE__, __LINE__, "%s at %.1f mm, in the bottom margin", ws.w[i].text, ws.w[i].y1);
    free(ws.w);
    buf_free(&all);
    free(cells);
    arena_free(&a);
}

/* A row taller than a page is cut between its lines: every word of the long cell comes out once,
 * in order, inside the margins, under a header repeated on each page, and the short cells beside
 * it too; "Trang n" (style 2) is at each foot. */
static void test_table_tall_row(void)
{
    buf long_cell = {0};
    for (int i = 1; i <= 1200; i++) buf_printf(&long_cell, "chữ%04d ", i);
    static const struct pdf_table_col cols[] = {{"STT", 14, PDF_RIGHT}, {"Thành tích", 0, PDF_JUSTIFY}, {"Ghi chú", 30, PDF_LEFT}};
    const char *cells[] = {"1", "Ngắn", "trước",   "2", buf_str(&long_cell), "Đồng Đăng",   "3", "Sau cùng", "cuối"};
    pdf_doc *d = pdf_new(&(struct pdf_setup){.page_numbers = true, .number_style = 2});
    pdf_table(d, cols, 3, cells, 3, 11);
    int pages = pdf_page_count(d);
    CHECK(pages >= 3);
    if (!save(d, "tall-row.pdf")) { buf_free(&long_cell); return; }
    /* pdftotext's own word order groups the page into blocks; the page order is line by line */
    struct words ws = words_of("tall-row.pdf");
    qsort(ws.w, (size_t)ws.n, sizeof *ws.w, by_page_line_x);
    int expect = 1;
    for (int i = 0; i < ws.n; i++) {
        int n;
        if (sscanf(ws.w[i].text, "chữ%d", &n) != 1) continue;
        if (n != expect) { check_fail_at(__FILE__, __LINE__, "word %d where %d was due", n, expect); break; }
        expect++;
        if (ws.w[i].y1 > 277.5) check_fail_at(__FILE__, __LINE__, "word %d in the bottom margin (%.1f mm)", n, ws.w[i].y1);
    }
    CHECK_INT(expect, 1201);
    free(ws.w);
    for (int p = 1; p <= pages; p++) {
        char *text = text_of("tall-row.pdf", p, p, false);
        if (!strstr(text, "Thành tích")) check_fail_at(__FILE__, __LINE__, "page %d has no header", p);
        char label[24];
        snprintf(label, sizeof label, "Trang %d", p);
        if (!strstr(text, label)) check_fail_at(__FILE__, __LINE__, "page %d has no \"%s\"", p, label);
        if (p == pages) { CHECK_CONTAINS(text, "Sau cùng"); CHECK_CONTAINS(text, "cuối"); }
        if (p == 1) { CHECK_CONTAINS(text, "Ngắn"); CHECK_CONTAINS(text, "Đồng Đăng"); }
        free(text);
    }
    buf_free(&long_cell);
}

/* Documents made at once on several threads (a server's workers, a print job) come out whole;
 * each thread's fonts are freed when it ends, and the process's at exit (the sanitizer build
 * reports a leak otherwise). */
static void *print_on_thread(void *arg)
{
    size_t *len = arg;
    pdf_doc *d = pdf_new(&(struct pdf_setup){.orientation = PDF_LANDSCAPE, .border = true});
    for (int i = 0; i < 20; i++) pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER}, "Chiến sĩ thi đua cơ sở năm 2024");
    pdf_qr_at(d, 20, 150, 30, "https://thidua.langson.gov.vn/xac-minh/BK-2024-000001");
    buf out = {0};
    char err[160];
    *len = pdf_finish(d, &out, err, sizeof err) == 0 ? out.len : 0;
    buf_free(&out);
    return NULL;
}

static void test_threads(void)
{
    pthread_t th[4];
    size_t len[4] = {0};
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&th[i], NULL, print_on_thread, &len[i]) == 0);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) CHECK(len[i] > 1000 && len[i] == len[0]);
}

/* The QR code in a PDF is the matrix of qr.h, module for module, where it was asked: the page is
 * rendered at 150 dpi and the centre of every module (quiet zone included) is sampled. With no QR
 * decoder on the machine, this and test_qr's comparison with libqrencode stand for a scan. */
static void test_qr_in_pdf_matches_matrix(void)
{
    static const char *const url = "https://thidua.langson.gov.vn/xac-minh/BK-2019-000163";
    const double x0 = 50, y0 = 60, size = 50;
    pdf_doc *d = pdf_new(NULL);
    CHECK(pdf_qr_at(d, x0, y0, size, url));
    CHECK(!pdf_qr_at(d, 10, 10, 20, ""));
    if (!save(d, "qr.pdf")) return;
    struct qr_code q;
    char err[160];
    CHECK(qr_encode(url, &q, err, sizeof err));
    struct gray g = render_at("qr.pdf", 1, 150);
    CHECK(g.px != NULL);
    if (g.px && q.modules) {
        int side = q.size + 8, wrong = 0;
        double m = size / side, k = 150 / 25.4;
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++) {
                bool in = x >= 4 && y >= 4 && x < side - 4 && y < side - 4;
                bool want = in && q.modules[(size_t)(y - 4) * (size_t)q.size + (size_t)(x - 4)];
                int px = (int)((x0 + (x + 0.5) * m) * k), py = (int)((y0 + (y + 0.5) * m) * k);
                bool dark = g.px[(size_t)py * (size_t)g.w + (size_t)px] < 128;
                wrong += dark != want;
            }
        CHECK_INT(wrong, 0);
        /* nothing outside the symbol's square */
        CHECK_INT(dark_in(&g, x0 - 5, y0 - 5, x0 - 0.5, y0 + size + 5), 0);
        CHECK_INT(dark_in(&g, x0 + size + 0.5, y0 - 5, x0 + size + 5, y0 + size + 5), 0);
    }
    free(g.px);
    qr_free(&q);
}

/* A landscape certificate: 297 × 210 mm pages, a double border inside the margins, centred
 * paragraphs centred on the page, a QR code; ink on the border and none outside it. */
static void test_landscape_certificate(void)
{
    pdf_doc *d = pdf_new(&(struct pdf_setup){.orientation = PDF_LANDSCAPE, .top_mm = 15, .bottom_mm = 15,
                                             .left_mm = 20, .right_mm = 20, .border = true});
    CHECK(fabs(pdf_text_width_mm(d) - (297 - 40 - 16)) < 0.01);
    CHECK(pdf_new(&(struct pdf_setup){.left_mm = 100, .right_mm = 95}) == NULL);   /* 15 mm of text width */
    struct pdf_style c = {.align = PDF_CENTER, .size_pt = 14, .flags = PDF_BOLD, .uppercase = true};
    pdf_paragraph(d, &c, "Cộng hòa xã hội chủ nghĩa Việt Nam");
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 14, .flags = PDF_BOLD, .after_pt = 12},
                  "Độc lập - Tự do - Hạnh phúc");
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 30, .flags = PDF_BOLD, .after_pt = 12, .rgb = 0xC00000},
                  "BẰNG KHEN");
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 18, .flags = PDF_BOLD}, "Bà Nguyễn Thị Ánh Tuyết");
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_CENTER, .size_pt = 14, .flags = PDF_ITALIC},
                  "Đã có thành tích xuất sắc trong phong trào thi đua năm 2019");
    CHECK(pdf_qr_at(d, 30, 160, 25, "https://thidua.langson.gov.vn/xac-minh/BK-2019-000163"));
    CHECK_INT(pdf_page_count(d), 1);
    if (!save(d, "certificate.pdf")) return;
    struct words ws = words_of("certificate.pdf");
    CHECK(fabs(ws.page_w - 297) < 0.5 && fabs(ws.page_h - 210) < 0.5);
    const struct word *bk = find_word(&ws, 1, "BẰNG"), *khen = find_word(&ws, 1, "KHEN");
    CHECK(bk && khen);
    if (bk && khen) {
        /* centred between the margins (20 mm each side): the line's middle at 148.5 mm */
        double mid = (bk->x0 + khen->x1) / 2;
        if (fabs(mid - 148.5) > 1.5) check_fail_at(__FILE__, __LINE__, "BẰNG KHEN centred at %.1f mm", mid);
        CHECK(bk->y0 > 15 + 8);   /* inside the border's padding */
        /* the title in red, the recipient under it in black */
        int red, black;
        colours_in("certificate.pdf", bk->x0, bk->y0, khen->x1, bk->y1, &red, &black);
        CHECK(red > 100);
        CHECK_INT(black, 0);
        const struct word *ba = find_word(&ws, 1, "Tuyết");
        CHECK(ba != NULL);
        if (ba) {
            colours_in("certificate.pdf", ba->x0, ba->y0, ba->x1, ba->y1, &red, &black);
            CHECK_INT(red, 0);
            CHECK(black > 10);
        }
    }
    free(ws.w);
    struct gray g = render("certificate.pdf", 1);
    CHECK(g.px != NULL);
    if (!g.px) return;
    CHECK(dark_in(&g, 19, 60, 21, 150) > 50);       /* the border's left side, on the 20 mm margin */
    CHECK(dark_in(&g, 60, 14, 240, 16) > 100);      /* its top, on the 15 mm margin */
    CHECK_INT(dark_in(&g, 0, 0, 297, 13), 0);       /* nothing outside it */
    CHECK_INT(dark_in(&g, 0, 0, 18, 210), 0);
    CHECK(dark_in(&g, 33, 163, 52, 182) > 50);      /* the QR code */
    free(g.px);
}

/* A long paragraph breaks across pages between lines, losing and repeating none, and stays
 * inside the margins; a larger line spacing takes more room. */
static void test_paragraph_flow(void)
{
    buf text = {0};
    for (int i = 1; i <= 1500; i++) buf_printf(&text, "từ%04d ", i);
    pdf_doc *d = pdf_new(NULL);
    pdf_paragraph(d, &(struct pdf_style){.align = PDF_JUSTIFY, .line_spacing = 1.3}, buf_str(&text));
    int pages = pdf_page_count(d);
    CHECK(pages >= 3);
    if (!save(d, "flow.pdf")) { buf_free(&text); return; }
    struct words ws = words_of("flow.pdf");
    int expect = 1;
    for (int i = 0; i < ws.n; i++) {
        int n;
        if (sscanf(ws.w[i].text, "từ%d", &n) != 1) continue;
        if (n != expect) { check_fail_at(__FILE__, __LINE__, "word %d where %d was due", n, expect); break; }
        expect++;
        if (ws.w[i].y1 > 277.5 || ws.w[i].y0 < 19.5 || ws.w[i].x0 < 29.5 || ws.w[i].x1 > 195.5)
            check_fail_at(__FILE__, __LINE__, "word %d outside the margins", n);
    }
    CHECK_INT(expect, 1501);
    free(ws.w);
    buf_free(&text);

    const char *three_lines = "Dòng một dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài "
                              "dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài";
    double used[2];
    for (int k = 0; k < 2; k++) {
        pdf_doc *m = pdf_new(NULL);
        double y0 = pdf_cursor_mm(m);
        pdf_paragraph(m, &(struct pdf_style){.line_spacing = k ? 1.5 : 0}, three_lines);
        used[k] = pdf_cursor_mm(m) - y0;
        pdf_free(m);
    }
    if (fabs(used[1] / used[0] - 1.5) > 0.05) check_fail_at(__FILE__, __LINE__, "spacing 1.5 used %.2f mm, single %.2f mm", used[1], used[0]);
}

/* Decree 30 dates: a zero before days 1–9 and months 1–2 only; no date from a non-date. */
static void test_admin_date(void)
{
    arena a = {0};
    CHECK_STR(pdf_admin_date(&a, "2019-08-19"), "ngày 19 tháng 8 năm 2019");
    CHECK_STR(pdf_admin_date(&a, "2019-08-20"), "ngày 20 tháng 8 năm 2019");
    CHECK_STR(pdf_admin_date(&a, "2020-02-05"), "ngày 05 tháng 02 năm 2020");
    CHECK_STR(pdf_admin_date(&a, "2020-01-31"), "ngày 31 tháng 01 năm 2020");
    CHECK_STR(pdf_admin_date(&a, "2021-11-03"), "ngày 03 tháng 11 năm 2021");
    CHECK_STR(pdf_admin_date(&a, "2024-02-29"), "ngày 29 tháng 02 năm 2024");
    CHECK(pdf_admin_date(&a, "2023-02-29") == NULL);
    CHECK(pdf_admin_date(&a, "2019-04-31") == NULL);
    CHECK(pdf_admin_date(&a, "2019-8-19") == NULL);
    CHECK(pdf_admin_date(&a, "19/08/2019") == NULL);
    CHECK(pdf_admin_date(&a, "2019-13-01") == NULL);
    CHECK(pdf_admin_date(&a, NULL) == NULL);
    arena_free(&a);
}

/* An unnumbered draft keeps the blank for the number ("Số:   /QĐ-UBND") and a hand-filled date,
 * and a parent body is drawn above the issuer. */
static void test_admin_draft(void)
{
    pdf_doc *d = pdf_new(NULL);
    pdf_admin_head(d, &(struct pdf_admin_head){.parent_body = "UBND tỉnh Lạng Sơn", .issuer = "Sở Nội vụ",
                                              .symbol = "TTr-SNV", .place = "Lạng Sơn", .kind = "Tờ trình",
                                              .summary = "Đề nghị tặng Bằng khen"});
    CHECK(pdf_cursor_mm(d) > 60);
    /* a second head begun low on the page moves whole to the next page */
    pdf_space(d, 277 - pdf_cursor_mm(d) - 30);
    pdf_admin_head(d, &(struct pdf_admin_head){.issuer = "Sở Nội vụ", .number_symbol = "12/TTr-SNV", .kind = "Tờ trình"});
    CHECK_INT(pdf_page_count(d), 2);
    if (!save(d, "draft.pdf")) return;
    struct words ws = words_of("draft.pdf");
    const struct word *cong = find_word(&ws, 2, "CỘNG"), *so = find_word(&ws, 2, "12/TTr-SNV");
    CHECK(cong && cong->y0 >= 19 && cong->y0 <= 24);
    CHECK(so != NULL);
    for (int i = 0; i < ws.n; i++)
        if (ws.w[i].page == 1 && ws.w[i].y0 > 120) check_fail_at(__FILE__, __LINE__, "\"%s\" left low on page 1", ws.w[i].text);
    free(ws.w);
    char *text = text_of("draft.pdf", 0, 0, true);
    static const char *const parts[] = {"UBND TỈNH LẠNG SƠN", "SỞ NỘI VỤ", "Số: /TTr-SNV", "CỘNG HÒA",
                                        "Lạng Sơn, ngày tháng năm", "TỜ TRÌNH", "Đề nghị tặng Bằng khen"};
    check_in_order(text, parts, (int)(sizeof parts / sizeof parts[0]));
    free(text);
}

int main(void)
{
    if (system("command -v pdftotext >/dev/null 2>&1") != 0) {
        printf("SKIP test_pdf: pdftotext (poppler-utils) is not installed; scripts/install-deps installs it\n");
        return 0;
    }
    const char *t = getenv("TEST_TMP");
    if (t && *t) {
        mkdir(t, 0700);   /* $TEST_TMP names a directory the runner made; a hand-set one may not exist yet */
        snprintf(dir, sizeof dir, "%s/pdf", t);
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) { perror(dir); return 1; }
    } else {
        if (!temp_dir_make("thidua-pdf-", dir, sizeof dir)) { perror("thidua-pdf: temporary folder"); return 1; }
    }
    printf("     PDFs written to %s\n", dir);
    RUN(test_vietnamese_round_trip);
    RUN(test_runs_and_plain_text);
    RUN(test_decision_parts_in_order);
    RUN(test_decision_positions);
    RUN(test_render_ink);
    RUN(test_qr_in_pdf_matches_matrix);
    RUN(test_table_header_repeats);
    RUN(test_table_tall_row);
    RUN(test_landscape_certificate);
    RUN(test_paragraph_flow);
    RUN(test_admin_date);
    RUN(test_admin_draft);
    RUN(test_filled_rectangles);
    RUN(test_threads);
    return check_done();
}
