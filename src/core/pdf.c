/* pdf.c: the PDF engine behind pdf.h: A4 pages on a cairo PDF surface, text laid out by pango in
 * Liberation Serif (real text, so pdftotext and screen readers read it back), the flow of
 * paragraphs and tables down the page with page breaks, page furniture (numbers, a double
 * border), and absolute placement of text, PNG images and QR codes for overprinting. The Decree
 * 30 layout built on it is in pdf_admin.c.
 *
 * Units: cairo's PDF user space is the point (1/72 inch), and pango's context is set to 72 dpi,
 * so a font size in points is a size in user units; the API speaks millimetres and converts at
 * the edge. Text handed in is made valid UTF-8 and NFC here (pango needs the first, pdftotext's
 * round trip the second) and is only ever set as plain text with attributes: user data is never
 * parsed as pango markup.
 *
 * Performance: the font map is pango's per-thread default (it caches fonts and shaping across
 * documents), each document keeps one pango context and one font description per face, and a
 * table reuses one layout per column for all its rows instead of creating one per cell.
 * "Trang n/N" page numbers need the total, so in that style each page is drawn onto a cairo
 * recording surface and replayed onto the PDF at the end; every other document is drawn
 * straight onto the PDF surface.
 *
 * Fonts at exit: pango frees a thread's font map when the thread ends, but the main thread's
 * only dies with the process, and fontconfig keeps its configuration for good; leak checkers
 * (the sanitizer build's tests) would count both in every process that printed. So the first
 * document registers an exit handler that releases the exiting thread's font map and, when no
 * document and no other thread's font map is alive (fontconfig asserts on caches still in use),
 * fontconfig and cairo's static data. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "pdf_internal.h"
#include "qr.h"
#include "vn.h"

#define MM_PT (72.0 / 25.4)
#define A4_SHORT_PT (210.0 * MM_PT)
#define A4_LONG_PT (297.0 * MM_PT)
/* Inside a border, text keeps this far from the inner line. */
#define BORDER_PAD_MM 8.0
#define DEFAULT_SIZE_PT 13.0
/* A table cell's padding. */
#define CELL_PAD_X_MM 1.5
#define CELL_PAD_Y_MM 0.8

enum { FACE_REGULAR = 0, FACE_BOLD = 1, FACE_ITALIC = 2 };   /* indexes of pdf_doc.face, combinable */

struct pdf_doc {
    struct pdf_setup setup;
    double page_w, page_h;                 /* points */
    double left, right, top, bottom;       /* the content area's edges, points from the top-left */
    cairo_surface_t *pdf;
    cairo_t *cr;                           /* the current page's drawing context */
    cairo_surface_t **recorded;            /* pages kept for replay when totals are printed */
    int nrecorded, recorded_cap;
    buf bytes;                             /* the PDF as cairo streams it */
    PangoContext *pango;
    PangoFontDescription *face[4];         /* Liberation Serif regular, bold, italic, bold italic */
    double cursor;                         /* points from the page top */
    int page;                              /* the current page, from 1 */
    buf text;                              /* scratch: a paragraph's prepared text */
};

/* ---- Fonts of the process ------------------------------------------------------------------ */

static atomic_int live_docs, font_threads;   /* documents not yet finished; threads holding a font map */
static pthread_key_t font_key;               /* set in a thread once it holds a font map */
static pthread_once_t font_once = PTHREAD_ONCE_INIT;

/* Sanitizer builds release cairo's and fontconfig's static data at exit so that LeakSanitizer
 * reports only real leaks; release builds leave it to the process's end (see fonts_at_exit). */
#if defined(__SANITIZE_ADDRESS__)
#define PDF_RESET_FONTS_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PDF_RESET_FONTS_AT_EXIT 1
#endif
#endif
#ifndef PDF_RESET_FONTS_AT_EXIT
#define PDF_RESET_FONTS_AT_EXIT 0
#endif

static void font_thread_ended(void *unused)
{
    (void)unused;
    atomic_fetch_sub(&font_threads, 1);
}

static void fonts_at_exit(void)
{
    if (pthread_getspecific(font_key)) {
        pango_cairo_font_map_set_default(NULL);
        pthread_setspecific(font_key, NULL);
        atomic_fetch_sub(&font_threads, 1);
    }
#if PDF_RESET_FONTS_AT_EXIT
    /* Only for leak checkers: cairo's reset asserts (and aborts the process) if any font object
     * is still alive, which a release build must never risk at exit; the system reclaims it all. */
    if (atomic_load(&font_threads) == 0 && atomic_load(&live_docs) == 0) {
        cairo_debug_reset_static_data();
        FcFini();
    }
#endif
}

static void fonts_init(void)
{
    pthread_key_create(&font_key, font_thread_ended);
    atexit(fonts_at_exit);
}

/* pango's per-thread font map, counted so that the exit handler knows whether it is alone. */
static PangoFontMap *thread_font_map(void)
{
    pthread_once(&font_once, fonts_init);
    if (!pthread_getspecific(font_key)) {
        pthread_setspecific(font_key, &font_key);
        atomic_fetch_add(&font_threads, 1);
    }
    return pango_cairo_font_map_get_default();
}

static double mm(double pt) { return pt / MM_PT; }
static double pt(double millimetres) { return millimetres * MM_PT; }

static cairo_status_t pdf_write_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(&((pdf_doc *)closure)->bytes, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static bool recording_pages(const pdf_doc *d) { return d->setup.page_numbers && d->setup.number_style == 1; }

/* ---- Text preparation -------------------------------------------------------------------- */

/* Appends text to out as valid UTF-8 in NFC, upper-cased when asked. Invalid bytes become U+FFFD
 * rather than vanishing, so a broken character shows where it was. The common all-ASCII case is
 * copied as it is. */
static void prepare_text(const char *text, bool upper, buf *out)
{
    if (!text) return;
    size_t len = strlen(text);
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++) ascii = (unsigned char)text[i] < 0x80;
    if (ascii && !upper) { buf_append(out, text, len); return; }
    if (ascii) {
        buf_grow(out, len);
        for (size_t i = 0; i < len; i++)
            buf_putc(out, text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 32) : text[i]);
        return;
    }
    buf valid = {0};
    const char *src = text;
    if (!vn_utf8_valid(text, len, NULL)) {
        for (size_t i = 0; i < len;) {
            size_t n;
            int32_t cp = vn_utf8_decode((const unsigned char *)text + i, len - i, &n);
            char enc[4];
            buf_append(&valid, enc, vn_utf8_encode(cp < 0 ? 0xFFFD : cp, enc));
            i += n;
        }
        src = buf_str(&valid);
        len = valid.len;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) {   /* only out of memory is left once the bytes are valid: keep them unnormalised */
        buf_append(out, src, len);
    } else if (!upper) {
        buf_append(out, nfc, (size_t)n);
    } else {
        /* Precomposed Vietnamese letters have precomposed capitals (ễ → Ễ), so mapping code point
         * by code point after NFC keeps the text in NFC. */
        for (utf8proc_ssize_t i = 0; i < n;) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(nfc + i, n - i, &cp);
            if (k <= 0) break;
            char enc[4];
            buf_append(out, enc, vn_utf8_encode(utf8proc_toupper(cp), enc));
            i += k;
        }
    }
    free(nfc);
    buf_free(&valid);
}

/* ---- Layouts ----------------------------------------------------------------------------- */

static int face_of(unsigned flags) { return (flags & PDF_BOLD ? FACE_BOLD : 0) | (flags & PDF_ITALIC ? FACE_ITALIC : 0); }

/* A layout of width_pt (0: no wrapping) with the paragraph style st; its text is set by the caller. */
static PangoLayout *layout_new(pdf_doc *d, const struct pdf_style *st, double width_pt)
{
    static const struct pdf_style plain = {0};
    if (!st) st = &plain;
    PangoLayout *l = pango_layout_new(d->pango);
    PangoFontDescription *f = d->face[face_of(st->flags)];
    pango_font_description_set_size(f, (gint)((st->size_pt > 0 ? st->size_pt : DEFAULT_SIZE_PT) * PANGO_SCALE + 0.5));
    pango_layout_set_font_description(l, f);
    if (width_pt > 0) {
        pango_layout_set_width(l, (int)(width_pt * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    switch (st->align) {
    case PDF_CENTER: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER); break;
    case PDF_RIGHT: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT); break;
    case PDF_JUSTIFY: pango_layout_set_justify(l, TRUE); break;
    case PDF_LEFT: break;
    }
    if (st->first_indent_mm > 0) pango_layout_set_indent(l, (int)(pt(st->first_indent_mm) * PANGO_SCALE));
    if (st->line_spacing > 0) pango_layout_set_line_spacing(l, (float)st->line_spacing);
    return l;
}

/* Sets the text of runs (or of the one text when runs is NULL) with their attributes. The run
 * flags become pango attributes over byte ranges of the prepared text, never markup. */
static void layout_set_runs(pdf_doc *d, PangoLayout *l, const struct pdf_style *st, const struct pdf_run *runs, int n,
                            const char *text)
{
    bool upper = st && st->uppercase;
    unsigned para_flags = st ? st->flags : 0;
    buf_reset(&d->text);
    PangoAttrList *attrs = NULL;
    if (!runs) {
        prepare_text(text, upper, &d->text);
    } else {
        for (int i = 0; i < n; i++) {
            size_t start = d->text.len;
            prepare_text(runs[i].text, upper, &d->text);
            unsigned extra = runs[i].flags & ~para_flags;
            if (!extra || d->text.len == start) continue;
            if (!attrs) attrs = pango_attr_list_new();
            PangoAttribute *a;
            if (extra & PDF_BOLD) {
                a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
                a->start_index = (guint)start, a->end_index = (guint)d->text.len;
                pango_attr_list_insert(attrs, a);
            }
            if (extra & PDF_ITALIC) {
                a = pango_attr_style_new(PANGO_STYLE_ITALIC);
                a->start_index = (guint)start, a->end_index = (guint)d->text.len;
                pango_attr_list_insert(attrs, a);
            }
            if (extra & PDF_UNDERLINE) {
                a = pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
                a->start_index = (guint)start, a->end_index = (guint)d->text.len;
                pango_attr_list_insert(attrs, a);
            }
        }
    }
    if (para_flags & PDF_UNDERLINE) {
        if (!attrs) attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
    }
    pango_layout_set_text(l, buf_str(&d->text), (int)d->text.len);
    pango_layout_set_attributes(l, attrs);
    if (attrs) pango_attr_list_unref(attrs);
}

/* ---- Pages ------------------------------------------------------------------------------- */

static void draw_text_line(pdf_doc *d, double x, double y, double width, double size_pt, const char *text)
{
    struct pdf_style st = {.size_pt = size_pt, .align = PDF_CENTER};
    PangoLayout *l = layout_new(d, &st, width);
    layout_set_runs(d, l, &st, NULL, 0, text);
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, l);
    g_object_unref(l);
}

static void page_begin(pdf_doc *d)
{
    d->page++;
    if (recording_pages(d)) {
        cairo_rectangle_t extent = {0, 0, d->page_w, d->page_h};
        cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extent);
        if (d->nrecorded == d->recorded_cap) {
            d->recorded_cap = d->recorded_cap ? 2 * d->recorded_cap : 16;
            d->recorded = xrealloc(d->recorded, (size_t)d->recorded_cap * sizeof *d->recorded);
        }
        d->recorded[d->nrecorded++] = rec;
        if (d->cr) cairo_destroy(d->cr);
        d->cr = cairo_create(rec);
    }
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    const struct pdf_setup *s = &d->setup;
    if (s->border) {
        /* The border runs along the margins: a thick outer line and a thin inner one 1.5 mm in. */
        double x = pt(s->left_mm), y = pt(s->top_mm);
        double w = d->page_w - pt(s->left_mm + s->right_mm), h = d->page_h - pt(s->top_mm + s->bottom_mm);
        cairo_set_line_width(d->cr, 2.0);
        cairo_rectangle(d->cr, x, y, w, h);
        cairo_stroke(d->cr);
        cairo_set_line_width(d->cr, 0.6);
        cairo_rectangle(d->cr, x + pt(1.5), y + pt(1.5), w - pt(3), h - pt(3));
        cairo_stroke(d->cr);
    }
    if (s->page_numbers && s->number_style == 0 && d->page >= 2) {
        /* Decree 30: Arabic numerals, 13–14 pt, centred in the top margin, none on page 1. */
        char n[16];
        snprintf(n, sizeof n, "%d", d->page);
        draw_text_line(d, pt(s->left_mm), pt(s->top_mm) / 2 - 7, d->page_w - pt(s->left_mm + s->right_mm), 13, n);
    }
    if (s->page_numbers && s->number_style == 2) {
        char n[32];
        snprintf(n, sizeof n, "Trang %d", d->page);
        draw_text_line(d, pt(s->left_mm), d->page_h - pt(s->bottom_mm) / 2 - 6, d->page_w - pt(s->left_mm + s->right_mm),
                       11, n);
    }
    d->cursor = d->top;
}

static void page_end(pdf_doc *d)
{
    if (!recording_pages(d)) cairo_show_page(d->cr);
}

void pdf_new_page(pdf_doc *d)
{
    page_end(d);
    page_begin(d);
}

static void pdf_release(pdf_doc *d);

pdf_doc *pdf_new(const struct pdf_setup *setup)
{
    pdf_doc *d = xcalloc(1, sizeof *d);
    atomic_fetch_add(&live_docs, 1);
    static const struct pdf_setup none = {0};
    d->setup = setup ? *setup : none;
    struct pdf_setup *s = &d->setup;
    s->title = NULL;   /* only read in pdf_new, below */
    if (s->top_mm == 0 && s->bottom_mm == 0 && s->left_mm == 0 && s->right_mm == 0) {
        s->top_mm = 20, s->bottom_mm = 20, s->left_mm = 30, s->right_mm = 15;
    }
    bool landscape = s->orientation == PDF_LANDSCAPE;
    d->page_w = landscape ? A4_LONG_PT : A4_SHORT_PT;
    d->page_h = landscape ? A4_SHORT_PT : A4_LONG_PT;
    double pad = s->border ? BORDER_PAD_MM : 0;
    d->left = pt(s->left_mm + pad), d->right = d->page_w - pt(s->right_mm + pad);
    d->top = pt(s->top_mm + pad), d->bottom = d->page_h - pt(s->bottom_mm + pad);
    if (d->right - d->left < pt(20) || d->bottom - d->top < pt(20)) {   /* margins leave no page */
        pdf_release(d);
        return NULL;
    }
    d->pdf = cairo_pdf_surface_create_for_stream(pdf_write_bytes, d, d->page_w, d->page_h);
    if (cairo_surface_status(d->pdf) != CAIRO_STATUS_SUCCESS) {
        pdf_release(d);
        return NULL;
    }
    cairo_pdf_surface_set_metadata(d->pdf, CAIRO_PDF_METADATA_CREATOR, "thidua");
    if (setup && setup->title) {
        buf t = {0};
        prepare_text(setup->title, false, &t);
        cairo_pdf_surface_set_metadata(d->pdf, CAIRO_PDF_METADATA_TITLE, buf_str(&t));
        buf_free(&t);
    }
    if (!recording_pages(d)) d->cr = cairo_create(d->pdf);

    /* One context per document on the thread's shared font map; fixed font options (no hinting
     * of metrics) so the recording and the PDF surface lay out alike, and at any zoom. */
    d->pango = pango_font_map_create_context(thread_font_map());
    pango_cairo_context_set_resolution(d->pango, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(d->pango, fo);
    cairo_font_options_destroy(fo);
    for (int i = 0; i < 4; i++) {
        d->face[i] = pango_font_description_new();
        pango_font_description_set_family_static(d->face[i], "Liberation Serif");
        pango_font_description_set_weight(d->face[i], i & FACE_BOLD ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_font_description_set_style(d->face[i], i & FACE_ITALIC ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    }
    page_begin(d);
    return d;
}

static void pdf_release(pdf_doc *d)
{
    if (d->cr) cairo_destroy(d->cr);
    for (int i = 0; i < d->nrecorded; i++) cairo_surface_destroy(d->recorded[i]);
    free(d->recorded);
    if (d->pdf) cairo_surface_destroy(d->pdf);
    if (d->pango) g_object_unref(d->pango);
    for (int i = 0; i < 4; i++)
        if (d->face[i]) pango_font_description_free(d->face[i]);
    buf_free(&d->bytes);
    buf_free(&d->text);
    free(d);
    atomic_fetch_sub(&live_docs, 1);
}

void pdf_free(pdf_doc *d)
{
    if (d) pdf_release(d);
}

int pdf_page_count(const pdf_doc *d) { return d->page; }
double pdf_cursor_mm(const pdf_doc *d) { return mm(d->cursor); }
double pdf_text_width_mm(const pdf_doc *d) { return mm(d->right - d->left); }
double pdf_content_left_mm(const pdf_doc *d) { return mm(d->left); }
double pdf_content_bottom_mm(const pdf_doc *d) { return mm(d->bottom); }
void pdf_set_cursor_mm(pdf_doc *d, double y_mm) { d->cursor = pt(y_mm); }
bool pdf_at_page_top(const pdf_doc *d) { return d->cursor <= d->top + 0.01; }

void pdf_space(pdf_doc *d, double millimetres)
{
    if (d->cursor + pt(millimetres) > d->bottom) pdf_new_page(d);   /* a gap never carries over */
    else d->cursor += pt(millimetres);
}

/* ---- Flowing text ------------------------------------------------------------------------ */

/* Draws a laid-out paragraph at the cursor, line by line, breaking onto a new page before a line
 * that would cross the bottom margin (a line taller than a whole page is drawn anyway). Returns
 * the height of its last line, in points. */
static void set_text_colour(pdf_doc *d, unsigned rgb);

static double flow_layout(pdf_doc *d, PangoLayout *l, double x, unsigned rgb)
{
    if (rgb) set_text_colour(d, rgb);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int offset = 0;          /* layout y (pango units) that sits at d->cursor on this page */
    int last_bottom = 0, last_height = 0;
    do {
        PangoRectangle line;
        pango_layout_iter_get_line_extents(it, NULL, &line);
        double bottom = d->cursor + (double)(line.y + line.height - offset) / PANGO_SCALE;
        if (bottom > d->bottom && !(pdf_at_page_top(d) && line.y == offset)) {
            /* what was drawn of the paragraph ends at this line's top */
            pdf_new_page(d);   /* which draws its furniture in black */
            if (rgb) set_text_colour(d, rgb);
            offset = line.y;
        }
        int baseline = pango_layout_iter_get_baseline(it);
        cairo_move_to(d->cr, x + (double)line.x / PANGO_SCALE, d->cursor + (double)(baseline - offset) / PANGO_SCALE);
        pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
        last_bottom = line.y + line.height;
        last_height = line.height;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    if (rgb) set_text_colour(d, 0);
    d->cursor += (double)(last_bottom - offset) / PANGO_SCALE;
    return (double)last_height / PANGO_SCALE;
}

/* Sets the drawing colour to a style's text colour (black unless it says otherwise). */
static void set_text_colour(pdf_doc *d, unsigned rgb)
{
    cairo_set_source_rgb(d->cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
}

static void paragraph(pdf_doc *d, const struct pdf_style *st, const struct pdf_run *runs, int n, const char *text)
{
    static const struct pdf_style plain = {0};
    if (!st) st = &plain;
    if (st->before_pt > 0 && !pdf_at_page_top(d)) pdf_space(d, mm(st->before_pt));
    PangoLayout *l = layout_new(d, st, d->right - d->left);
    layout_set_runs(d, l, st, runs, n, text);
    double last = flow_layout(d, l, d->left, st->rgb);
    g_object_unref(l);
    /* pango spreads the baselines; as in a word processor, the last line gets its share too, so a
     * paragraph at 1.5 takes 1.5 times the room of a single-spaced one */
    if (st->line_spacing > 1) pdf_space(d, mm(last * (st->line_spacing - 1)));
    if (st->after_pt > 0) pdf_space(d, mm(st->after_pt));
}

void pdf_paragraph(pdf_doc *d, const struct pdf_style *st, const char *text) { paragraph(d, st, NULL, 0, text); }

void pdf_paragraph_runs(pdf_doc *d, const struct pdf_style *st, const struct pdf_run *runs, int n)
{
    paragraph(d, st, runs, n, NULL);
}

/* ---- Tables ------------------------------------------------------------------------------ */

struct table_pass {
    pdf_doc *d;
    int ncols;
    double *x, *w;              /* each column's left edge and width, points */
    PangoLayout **cell;         /* one reusable layout per column */
    PangoLayout **head;         /* the header row's layouts */
    double head_h;
};

/* Sets a row's texts into the column layouts and returns the row's height in points. */
static double table_row_set(struct table_pass *t, PangoLayout **ls, const char *const *texts, bool bold)
{
    double h = 0;
    for (int c = 0; c < t->ncols; c++) {
        struct pdf_style st = {.flags = bold ? PDF_BOLD : 0};
        layout_set_runs(t->d, ls[c], &st, NULL, 0, texts[c] ? texts[c] : "");
        int lh;
        pango_layout_get_size(ls[c], NULL, &lh);
        double ch = (double)lh / PANGO_SCALE;
        if (ch > h) h = ch;
    }
    return h + 2 * pt(CELL_PAD_Y_MM);
}

/* The row's grid: its frame and the column separators, stroked at once. */
static void table_grid(struct table_pass *t, double y, double h)
{
    cairo_t *cr = t->d->cr;
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, t->x[0], y, t->x[t->ncols - 1] + t->w[t->ncols - 1] - t->x[0], h);
    for (int c = 1; c < t->ncols; c++) {
        cairo_move_to(cr, t->x[c], y);
        cairo_line_to(cr, t->x[c], y + h);
    }
    cairo_stroke(cr);
}

static void table_row_draw(struct table_pass *t, PangoLayout **ls, double h)
{
    cairo_t *cr = t->d->cr;
    double y = t->d->cursor;
    for (int c = 0; c < t->ncols; c++) {
        cairo_move_to(cr, t->x[c] + pt(CELL_PAD_X_MM), y + pt(CELL_PAD_Y_MM));
        pango_cairo_show_layout(cr, ls[c]);
    }
    table_grid(t, y, h);
    t->d->cursor += h;
}

static void table_head_draw(struct table_pass *t);

/* A row taller than a whole page (a very long cell) is cut between lines: each page shows the
 * lines of every cell that fit under the repeated header, framed, and the rest continues on the
 * next page, so no text runs off the paper. */
static void table_row_draw_split(struct table_pass *t, PangoLayout **ls)
{
    pdf_doc *d = t->d;
    int *from = xcalloc((size_t)t->ncols, sizeof *from);   /* per column: layout y of the first line not drawn */
    bool *done = xcalloc((size_t)t->ncols, sizeof *done);
    for (;;) {
        double pad = pt(CELL_PAD_Y_MM), top = d->cursor, room = d->bottom - top - 2 * pad;
        double used = 0;
        bool all = true;
        for (int c = 0; c < t->ncols; c++) {
            if (done[c]) continue;
            PangoLayoutIter *it = pango_layout_get_iter(ls[c]);
            bool more = true, drew = false;
            do {
                PangoRectangle line;
                pango_layout_iter_get_line_extents(it, NULL, &line);
                if (line.y < from[c]) continue;
                double bottom = (double)(line.y + line.height - from[c]) / PANGO_SCALE;
                if (bottom > room && drew) break;   /* at least one line a page, however tall */
                int baseline = pango_layout_iter_get_baseline(it);
                cairo_move_to(d->cr, t->x[c] + pt(CELL_PAD_X_MM) + (double)line.x / PANGO_SCALE,
                              top + pad + (double)(baseline - from[c]) / PANGO_SCALE);
                pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
                if (bottom > used) used = bottom;
                drew = true;
            } while ((more = pango_layout_iter_next_line(it)));
            if (more) {
                PangoRectangle line;
                pango_layout_iter_get_line_extents(it, NULL, &line);
                from[c] = line.y;
                all = false;
            } else {
                done[c] = true;
            }
            pango_layout_iter_free(it);
        }
        table_grid(t, top, used + 2 * pad);
        d->cursor = top + used + 2 * pad;
        if (all) break;
        pdf_new_page(d);
        table_head_draw(t);
    }
    free(from);
    free(done);
}

/* The header's texts were set once into t->head; a layout keeps them across pages. */
static void table_head_draw(struct table_pass *t) { table_row_draw(t, t->head, t->head_h); }

void pdf_table(pdf_doc *d, const struct pdf_table_col *cols, int ncols, const char *const *cells, int nrows,
               double size_pt)
{
    if (ncols <= 0) return;
    struct table_pass t = {.d = d, .ncols = ncols};
    t.x = xcalloc((size_t)ncols, sizeof *t.x);
    t.w = xcalloc((size_t)ncols, sizeof *t.w);
    t.cell = xcalloc((size_t)ncols, sizeof *t.cell);
    t.head = xcalloc((size_t)ncols, sizeof *t.head);
    double total = d->right - d->left, fixed = 0;
    int shared = 0;
    for (int c = 0; c < ncols; c++) {
        if (cols[c].width_mm > 0) fixed += pt(cols[c].width_mm);
        else shared++;
    }
    double share = shared && total > fixed ? (total - fixed) / shared : pt(15);
    double x = d->left;
    const char **head_text = xcalloc((size_t)ncols, sizeof *head_text);
    for (int c = 0; c < ncols; c++) {
        t.x[c] = x;
        t.w[c] = cols[c].width_mm > 0 ? pt(cols[c].width_mm) : share;
        x += t.w[c];
        struct pdf_style body = {.size_pt = size_pt, .align = cols[c].align};
        struct pdf_style head = {.size_pt = size_pt, .align = PDF_CENTER, .flags = PDF_BOLD};
        double inner = t.w[c] - 2 * pt(CELL_PAD_X_MM);
        t.cell[c] = layout_new(d, &body, inner > 1 ? inner : 1);
        t.head[c] = layout_new(d, &head, inner > 1 ? inner : 1);
        head_text[c] = cols[c].header;
    }
    t.head_h = table_row_set(&t, t.head, head_text, true);
    free(head_text);

    bool head_on_page = false;
    for (int r = 0; r < nrows; r++) {
        double h = table_row_set(&t, t.cell, cells + (size_t)r * (size_t)ncols, false);
        double need = h + (head_on_page ? 0 : t.head_h);
        /* a row taller than a page is cut anyway: it starts here unless too little room is left */
        if (h > d->bottom - d->top - t.head_h) need = (head_on_page ? 0 : t.head_h) + pt(20);
        if (d->cursor + need > d->bottom && !pdf_at_page_top(d)) {
            pdf_new_page(d);
            head_on_page = false;
        }
        if (!head_on_page) {
            table_head_draw(&t);
            head_on_page = true;
        }
        if (d->cursor + h > d->bottom) table_row_draw_split(&t, t.cell);
        else table_row_draw(&t, t.cell, h);
        if (r + 1 < nrows && d->cursor >= d->bottom) {   /* the page is full: the next row starts a page */
            pdf_new_page(d);
            head_on_page = false;
        }
    }
    if (nrows == 0) table_head_draw(&t);
    for (int c = 0; c < ncols; c++) {
        g_object_unref(t.cell[c]);
        g_object_unref(t.head[c]);
    }
    free(t.x), free(t.w), free(t.cell), free(t.head);
}

/* ---- Absolute placement ------------------------------------------------------------------ */

double pdf_box(pdf_doc *d, double x_mm, double y_mm, double w_mm, const struct pdf_style *st,
               const struct pdf_run *runs, int n, bool draw, double *widest_mm)
{
    PangoLayout *l = layout_new(d, st, w_mm > 0 ? pt(w_mm) : 0);
    layout_set_runs(d, l, st, runs, n, NULL);
    if (draw) {
        if (st && st->rgb) set_text_colour(d, st->rgb);
        cairo_move_to(d->cr, pt(x_mm), pt(y_mm));
        pango_cairo_show_layout(d->cr, l);
        if (st && st->rgb) set_text_colour(d, 0);
    }
    int h;
    pango_layout_get_size(l, NULL, &h);
    if (widest_mm) {
        PangoRectangle ink;
        pango_layout_get_extents(l, NULL, &ink);   /* logical: the width of the widest line */
        *widest_mm = mm((double)ink.width / PANGO_SCALE);
    }
    g_object_unref(l);
    return mm((double)h / PANGO_SCALE);
}

void pdf_rule(pdf_doc *d, double x1_mm, double x2_mm, double y_mm, double width_pt)
{
    cairo_set_line_width(d->cr, width_pt);
    cairo_move_to(d->cr, pt(x1_mm), pt(y_mm));
    cairo_line_to(d->cr, pt(x2_mm), pt(y_mm));
    cairo_stroke(d->cr);
}

void pdf_rect_at(pdf_doc *d, double x_mm, double y_mm, double w_mm, double h_mm, unsigned rgb)
{
    if (w_mm <= 0 || h_mm <= 0) return;
    cairo_save(d->cr);
    cairo_set_source_rgb(d->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
    cairo_rectangle(d->cr, pt(x_mm), pt(y_mm), pt(w_mm), pt(h_mm));
    cairo_fill(d->cr);
    cairo_restore(d->cr);
}

double pdf_text_at(pdf_doc *d, double x_mm, double y_mm, double width_mm, const struct pdf_style *st, const char *text)
{
    struct pdf_run run = {text, 0};
    return pdf_box(d, x_mm, y_mm, width_mm, st, &run, 1, true, NULL);
}

struct png_source { const unsigned char *p; size_t left; };

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int length)
{
    struct png_source *s = closure;
    if (length > s->left) return CAIRO_STATUS_READ_ERROR;
    memcpy(data, s->p, length);
    s->p += length, s->left -= length;
    return CAIRO_STATUS_SUCCESS;
}

bool pdf_png_at(pdf_doc *d, double x_mm, double y_mm, double w_mm, double h_mm, const void *png, size_t len)
{
    if (!png || len == 0 || w_mm <= 0 || h_mm <= 0) return false;
    struct png_source src = {png, len};
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &src);
    bool ok = cairo_surface_status(img) == CAIRO_STATUS_SUCCESS && cairo_image_surface_get_width(img) > 0 &&
              cairo_image_surface_get_height(img) > 0;
    if (ok) {
        cairo_save(d->cr);
        cairo_translate(d->cr, pt(x_mm), pt(y_mm));
        cairo_scale(d->cr, pt(w_mm) / cairo_image_surface_get_width(img), pt(h_mm) / cairo_image_surface_get_height(img));
        cairo_set_source_surface(d->cr, img, 0, 0);
        cairo_paint(d->cr);
        cairo_restore(d->cr);
    }
    cairo_surface_destroy(img);
    return ok;
}

bool pdf_qr_at(pdf_doc *d, double x_mm, double y_mm, double size_mm, const char *text)
{
    struct qr_code q;
    char err[160];
    if (size_mm <= 0 || !qr_encode(text, &q, err, sizeof err)) return false;
    int quiet = 4, side = q.size + 2 * quiet;
    double m = pt(size_mm) / side, x0 = pt(x_mm), y0 = pt(y_mm);
    cairo_t *cr = d->cr;
    cairo_save(cr);
    /* white under the quiet zone: a pre-printed blank's pattern must not touch the symbol */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x0, y0, pt(size_mm), pt(size_mm));
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < q.size; y++)
        for (int x = 0; x < q.size;) {
            if (!q.modules[(size_t)y * (size_t)q.size + (size_t)x]) { x++; continue; }
            int run = 1;
            while (x + run < q.size && q.modules[(size_t)y * (size_t)q.size + (size_t)(x + run)]) run++;
            cairo_rectangle(cr, x0 + (x + quiet) * m, y0 + (y + quiet) * m, run * m, m);
            x += run;
        }
    cairo_fill(cr);
    cairo_restore(cr);
    qr_free(&q);
    return true;
}

/* ---- Finishing --------------------------------------------------------------------------- */

int pdf_finish(pdf_doc *d, buf *out, char *err, size_t errlen)
{
    if (recording_pages(d)) {
        /* Replays each recorded page onto the PDF with "Trang n/N" at its foot, centred in the
         * bottom margin, now that N is known. */
        cairo_destroy(d->cr);
        d->cr = cairo_create(d->pdf);
        for (int i = 0; i < d->nrecorded; i++) {
            cairo_set_source_surface(d->cr, d->recorded[i], 0, 0);
            cairo_paint(d->cr);
            char label[48];
            snprintf(label, sizeof label, "Trang %d/%d", i + 1, d->nrecorded);
            double foot = d->page_h - pt(d->setup.bottom_mm) / 2 - 6;
            draw_text_line(d, pt(d->setup.left_mm), foot, d->page_w - pt(d->setup.left_mm + d->setup.right_mm), 11,
                           label);
            cairo_show_page(d->cr);
            cairo_surface_destroy(d->recorded[i]);
            d->recorded[i] = NULL;
        }
        d->nrecorded = 0;
    } else {
        cairo_show_page(d->cr);
    }
    cairo_status_t st = cairo_status(d->cr);
    cairo_destroy(d->cr);
    d->cr = NULL;
    cairo_surface_finish(d->pdf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(d->pdf);
    int rc = 0;
    if (st != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "PDF: cairo: %s", cairo_status_to_string(st));
        rc = -1;
    } else {
        buf_append(out, d->bytes.data, d->bytes.len);
    }
    pdf_release(d);
    return rc;
}
