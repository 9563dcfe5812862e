/* pdf_admin.c: the administrative layout of Decree 30/2020/NĐ-CP, Appendix I (domain.md §6) on
 * top of pdf.c: the two-column head of a decision, receipt or minutes, the document kind and its
 * summary, and the foot with "Nơi nhận:" and the signing block; and the decree's way of writing a
 * date. Sizes follow the appendix: national name 12 pt bold capitals, motto 13 pt bold with a
 * solid line its own length beneath, issuing body 13 pt capitals (its own name bold, the parent
 * body regular) with a short line beneath, "Số:" 13 pt, place and date 13 pt italic, kind and
 * summary 14 pt bold, "Nơi nhận:" 12 pt bold italic with its list in 11 pt, signing authority and
 * title 13 pt bold capitals, the signer's name 13 pt bold.
 *
 * The head is a two-column table as in the decree's templates: the left column (the issuer and
 * "Số:") takes 38 % of the text width, the right (national name, motto, place and date) the
 * rest, wide enough for the national name on one line. "Số:" and the place and date share a
 * line under the taller of the two column heads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_internal.h"

#define HEAD_LEFT_SHARE 0.38
#define FOOT_LEFT_SHARE 0.45
/* Room left for the signature and seal between the title and the signer's name. */
#define SIGNATURE_GAP_MM 24.0

static double box(pdf_doc *d, double x, double y, double w, const struct pdf_style *st, const char *text, bool draw,
                  double *widest)
{
    struct pdf_run run = {text, 0};
    return pdf_box(d, x, y, w, st, &run, 1, draw, widest);
}

/* A centred short rule under a line of text: `share` of the text's width, 1.2 mm below its line
 * box, clear of the descenders (g, ạ, ị). */
static void short_rule(pdf_doc *d, double col_x, double col_w, double y, double text_w, double share)
{
    double len = text_w * share, x = col_x + (col_w - len) / 2;
    pdf_rule(d, x, x + len, y + 1.2, 0.6);
}

void pdf_admin_head(pdf_doc *d, const struct pdf_admin_head *h)
{
    arena a = {0};
    double x = pdf_content_left_mm(d), tw = pdf_text_width_mm(d), y0 = pdf_cursor_mm(d);
    double lw = tw * HEAD_LEFT_SHARE, rx = x + lw, rw = tw - lw;

    struct pdf_style body = {.size_pt = 13, .align = PDF_CENTER, .uppercase = true};
    struct pdf_style issuer = {.size_pt = 13, .align = PDF_CENTER, .uppercase = true, .flags = PDF_BOLD};
    struct pdf_style nation = {.size_pt = 12, .align = PDF_CENTER, .uppercase = true, .flags = PDF_BOLD};
    struct pdf_style motto = {.size_pt = 13, .align = PDF_CENTER, .flags = PDF_BOLD};
    struct pdf_style num = {.size_pt = 13, .align = PDF_CENTER};
    struct pdf_style dated = {.size_pt = 13, .align = PDF_CENTER, .flags = PDF_ITALIC};
    const char *national_name = "Cộng hòa xã hội chủ nghĩa Việt Nam", *motto_text = "Độc lập - Tự do - Hạnh phúc";
    const char *number = h->number_symbol
                             ? arena_printf(&a, "Số: %s", h->number_symbol)
                             : arena_printf(&a, "Số:        /%s", h->symbol ? h->symbol : "");
    const char *date = h->date_iso ? pdf_admin_date(&a, h->date_iso) : NULL;
    if (!date) date = h->date_iso ? h->date_iso : "ngày      tháng      năm";   /* a draft dated by hand */
    const char *place_date = str_empty(h->place) ? date : arena_printf(&a, "%s, %s", h->place, date);

    /* Both column heads are measured first, because "Số:" and the place and date share the line
     * under the taller one; then each column is drawn top to bottom, left first, so the text
     * comes out of the PDF (copy, screen readers, pdftotext -raw) in the order people read it. */
    double lh = 0, rh = 0, widest = 0;
    if (!str_empty(h->parent_body)) lh += box(d, x, y0, lw, &body, h->parent_body, false, NULL);
    lh += box(d, x, y0, lw, &issuer, h->issuer, false, NULL);
    rh += box(d, rx, y0, rw, &nation, national_name, false, NULL);
    rh += box(d, rx, y0, rw, &motto, motto_text, false, NULL);
    double y = y0 + (lh > rh ? lh : rh) + 2.5;
    struct pdf_style kind = {.size_pt = 14, .align = PDF_CENTER, .uppercase = true, .flags = PDF_BOLD};
    struct pdf_style summary = {.size_pt = 14, .align = PDF_CENTER, .flags = PDF_BOLD};
    /* The head is kept whole: begun low on a page (a second document in one file), it moves on. */
    double nh = box(d, x, y, lw, &num, number, false, NULL), dh = box(d, rx, y, rw, &dated, place_date, false, NULL);
    double total = y - y0 + (nh > dh ? nh : dh) + 8 + 6;
    if (!str_empty(h->kind)) total += box(d, x, y, tw, &kind, h->kind, false, NULL);
    if (!str_empty(h->summary)) total += box(d, x, y, tw, &summary, h->summary, false, NULL);
    if (y0 + total > pdf_content_bottom_mm(d) && !pdf_at_page_top(d)) {
        pdf_new_page(d);
        y -= y0;
        y0 = pdf_cursor_mm(d);
        y += y0;
    }

    /* Left column: the parent body (regular), the issuer (bold), a rule of 40 % of its width, "Số:". */
    double ly = y0;
    if (!str_empty(h->parent_body)) ly += box(d, x, ly, lw, &body, h->parent_body, true, NULL);
    ly += box(d, x, ly, lw, &issuer, h->issuer, true, &widest);
    short_rule(d, x, lw, ly, widest, 0.4);
    box(d, x, y, lw, &num, number, true, NULL);

    /* Right column: the national name, the motto with a solid line its own length beneath, the
     * place and date. */
    double ry = y0;
    ry += box(d, rx, ry, rw, &nation, national_name, true, NULL);
    ry += box(d, rx, ry, rw, &motto, motto_text, true, &widest);
    short_rule(d, rx, rw, ry, widest, 1.0);
    box(d, rx, y, rw, &dated, place_date, true, NULL);
    y += (nh > dh ? nh : dh) + 8;

    /* The kind and the summary, centred on the whole text width, a short rule under the summary. */
    if (!str_empty(h->kind)) y += box(d, x, y, tw, &kind, h->kind, true, NULL);
    if (!str_empty(h->summary)) {
        y += box(d, x, y, tw, &summary, h->summary, true, &widest);
        short_rule(d, x, tw, y, widest, 0.4);
    }
    pdf_set_cursor_mm(d, y + 6);
    arena_free(&a);
}

void pdf_admin_foot(pdf_doc *d, const struct pdf_admin_foot *f)
{
    double x = pdf_content_left_mm(d), tw = pdf_text_width_mm(d);
    double lw = tw * FOOT_LEFT_SHARE, rx = x + lw, rw = tw - lw;
    struct pdf_style heading = {.size_pt = 12, .flags = PDF_BOLD | PDF_ITALIC};
    struct pdf_style item = {.size_pt = 11};
    struct pdf_style title = {.size_pt = 13, .align = PDF_CENTER, .uppercase = true, .flags = PDF_BOLD};
    struct pdf_style name = {.size_pt = 13, .align = PDF_CENTER, .flags = PDF_BOLD};

    /* Measure both columns first: the foot is kept whole on one page. */
    for (int pass = 0; pass < 2; pass++) {
        bool draw = pass == 1;
        double y0 = pdf_cursor_mm(d) + 4;
        double ly = y0;
        if (f->recipients) {
            ly += box(d, x, ly, lw, &heading, "Nơi nhận:", draw, NULL);
            for (const char *const *r = f->recipients; *r; r++) ly += box(d, x, ly, lw, &item, *r, draw, NULL);
        }
        double ry = y0;
        if (!str_empty(f->authority)) ry += box(d, rx, ry, rw, &title, f->authority, draw, NULL);
        if (!str_empty(f->position)) ry += box(d, rx, ry, rw, &title, f->position, draw, NULL);
        ry += SIGNATURE_GAP_MM;
        if (!str_empty(f->signer)) ry += box(d, rx, ry, rw, &name, f->signer, draw, NULL);
        double bottom = ly > ry ? ly : ry;
        if (!draw) {
            if (bottom > pdf_content_bottom_mm(d) && !pdf_at_page_top(d)) pdf_new_page(d);
            continue;
        }
        pdf_set_cursor_mm(d, bottom);
    }
}

const char *pdf_admin_date(arena *a, const char *date_iso)
{
    if (!date_iso || strlen(date_iso) != 10) return NULL;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? date_iso[i] != '-' : (date_iso[i] < '0' || date_iso[i] > '9')) return NULL;
    int y = atoi(date_iso), m = atoi(date_iso + 5), dd = atoi(date_iso + 8);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || dd < 1 || dd > days[m - 1]) return NULL;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && dd == 29 && !leap) return NULL;
    /* Decree 30: a zero before days 1–9 and months 1 and 2 (so "tháng 01" cannot become "tháng 11"
     * by a stroke of the pen), none before the other months. */
    return m <= 2 ? arena_printf(a, "ngày %02d tháng %02d năm %d", dd, m, y)
                  : arena_printf(a, "ngày %02d tháng %d năm %d", dd, m, y);
}

/* The lines of a text typed one item per line (legal bases, "Nơi nhận"), trailing blanks cut and
 * empty lines left out; NULL-ended, in the arena. */
const char *const *pdf_text_lines(arena *a, const char *text)
{
    int cap = 1;
    for (const char *c = text; c && *c; c++) cap += *c == '\n';
    const char **v = arena_alloc(a, sizeof *v * (size_t)(cap + 1));
    int n = 0;
    for (const char *c = text; c && *c;) {
        const char *e = strchr(c, '\n');
        size_t len = e ? (size_t)(e - c) : strlen(c);
        while (len && (c[len - 1] == '\r' || c[len - 1] == ' ')) len--;
        if (len) v[n++] = arena_strndup(a, c, len);
        c = e ? e + 1 : NULL;
    }
    v[n] = NULL;
    return v;
}
