/* pdf.h: printed documents (decisions, certificates, receipts, minutes, list reports) drawn with
 * cairo and pango in Liberation Serif, so the text is real text (pdftotext reads it back) and the
 * layout is the state's (Decree 30/2020/NĐ-CP, Appendix I; ../docs/domain.md §6).
 *
 * A document flows: paragraphs and tables run down the page from a cursor and break onto new
 * pages by themselves (a table repeats its header row); absolute placement (text, a PNG, a QR
 * code) is for overprinting onto pre-printed blanks and does not move the cursor. Everything is
 * in millimetres from the top-left corner of the page. Text is UTF-8 (NFC); it is never read as
 * markup, so user data cannot change the styling. */
#ifndef THIDUA_PDF_H
#define THIDUA_PDF_H
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum pdf_orientation { PDF_PORTRAIT = 0, PDF_LANDSCAPE = 1 };
enum pdf_align { PDF_LEFT = 0, PDF_CENTER, PDF_RIGHT, PDF_JUSTIFY };
enum pdf_run_flags { PDF_BOLD = 1u << 0, PDF_ITALIC = 1u << 1, PDF_UNDERLINE = 1u << 2 };

struct pdf_setup {
    enum pdf_orientation orientation;              /* A4 either way */
    double top_mm, bottom_mm, left_mm, right_mm;   /* margins; 0 everywhere: Decree 30's 20/20/30/15 */
    bool page_numbers;                             /* "n" centred in the top margin from page 2 (Decree 30) or
                                                      "Trang n/N" at the foot: see number_style */
    int number_style;                              /* 0: Decree 30 (top, from page 2); 1: "Trang n/N" at the foot
                                                      (every page is kept until pdf_finish knows N: about
                                                      0.2 MiB a page of a dense list, docs/BENCHMARKS.md);
                                                      2: "Trang n" at the foot, drawn as it goes (long lists) */
    bool border;                                   /* a drawn double border inside the margins (certificates) */
    const char *title;                             /* PDF metadata title, or NULL */
};

struct pdf_style {
    double size_pt;            /* 0: 13 pt */
    unsigned flags;            /* PDF_BOLD … for the whole paragraph */
    enum pdf_align align;
    double line_spacing;       /* multiple of single spacing; 0: 1.0 */
    double before_pt, after_pt;
    double first_indent_mm;    /* first-line indent (Decree 30 body: 10 mm) */
    bool uppercase;            /* draw the text upper-cased (Vietnamese-aware) */
    unsigned rgb;              /* the text's colour, 0xRRGGBB; 0: black (Bằng khen prints the issuer and
                                  the title in red, 0xC00000) */
};
struct pdf_run { const char *text; unsigned flags; };   /* a run of a paragraph with its own flags */

struct pdf_table_col {
    const char *header;
    double width_mm;           /* the widths should add up to the text width; 0 shares what is left */
    enum pdf_align align;
};

typedef struct pdf_doc pdf_doc;

/* NULL when cairo cannot make a surface, or when the margins leave less than 20 mm of text
 * width or height. A document belongs to one thread at a time (pango's font maps are per thread). */
pdf_doc *pdf_new(const struct pdf_setup *setup);
void pdf_free(pdf_doc *d);
/* Flowing content. */
void pdf_paragraph(pdf_doc *d, const struct pdf_style *st, const char *text);
void pdf_paragraph_runs(pdf_doc *d, const struct pdf_style *st, const struct pdf_run *runs, int n);
void pdf_space(pdf_doc *d, double mm);                 /* vertical gap (breaks the page if needed) */
void pdf_new_page(pdf_doc *d);
double pdf_cursor_mm(const pdf_doc *d);                /* the cursor's distance from the page top */
double pdf_text_width_mm(const pdf_doc *d);
/* A table: cells row-major (nrows × ncols, NULL = empty), wrapping inside their column; the
 * header row is bold and repeats at the top of every page the table continues on. A row moves
 * whole to the next page; one taller than a page is cut between its lines. */
void pdf_table(pdf_doc *d, const struct pdf_table_col *cols, int ncols, const char *const *cells, int nrows,
               double size_pt);
/* Absolute placement on the current page (overprint); the cursor does not move. (x, y) is the
 * top-left corner of the text's box: y is the top of its first line box (the font's ascent above
 * the baseline), as pdftotext -bbox reports it. width_mm 0: one line per line of text, no
 * wrapping (alignment then has nothing to align within). pdf_text_at returns the height drawn in
 * mm. pdf_png_at is false for bytes that are not a PNG; pdf_qr_at for text too long for a QR code. */
double pdf_text_at(pdf_doc *d, double x_mm, double y_mm, double width_mm, const struct pdf_style *st, const char *text);
bool pdf_png_at(pdf_doc *d, double x_mm, double y_mm, double w_mm, double h_mm, const void *png, size_t len);
/* A filled rectangle of colour rgb (0xRRGGBB) with no outline: the bars of a chart, a legend's key
 * (the cursor does not move; flowing content reserves the room with pdf_space first). */
void pdf_rect_at(pdf_doc *d, double x_mm, double y_mm, double w_mm, double h_mm, unsigned rgb);
/* A QR code of `text` (qr.h) as vector squares, size_mm wide, quiet zone included. */
bool pdf_qr_at(pdf_doc *d, double x_mm, double y_mm, double size_mm, const char *text);

/* The administrative layout of Decree 30/2020/NĐ-CP (domain.md §6), for decisions, receipts and
 * minutes. pdf_admin_head draws the two-column head (the issuing body over its parent body on
 * the left with "Số: …" under it; the national name and motto on the right with the place and
 * date under them), then the document kind and its summary line (trích yếu), centred; the body
 * is then the caller's paragraphs and tables; pdf_admin_foot draws "Nơi nhận:" with its list on
 * the left and the signing block on the right. */
struct pdf_admin_head {
    const char *parent_body;   /* "UBND TỈNH LẠNG SƠN" or NULL (upper case, 12–13 pt, regular) */
    const char *issuer;        /* "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" (bold) */
    const char *number_symbol; /* "1234/QĐ-UBND" → "Số: 1234/QĐ-UBND"; NULL: "Số:      /QĐ-UBND" unnumbered draft */
    const char *symbol;        /* used when number_symbol is NULL: "QĐ-UBND" */
    const char *place;         /* "Lạng Sơn" */
    const char *date_iso;      /* "2019-08-19" → "Lạng Sơn, ngày 19 tháng 8 năm 2019" (italic) */
    const char *kind;          /* "QUYẾT ĐỊNH" (bold, 13–14 pt) */
    const char *summary;       /* trích yếu: "Về việc tặng Bằng khen …" (bold) */
};
struct pdf_admin_foot {
    const char *const *recipients;   /* "Nơi nhận:" lines ("- Như Điều 3;"), NULL-ended */
    const char *authority;     /* "KT. CHỦ TỊCH" or NULL */
    const char *position;      /* "PHÓ CHỦ TỊCH" */
    const char *signer;        /* the signer's name (bold) */
};
void pdf_admin_head(pdf_doc *d, const struct pdf_admin_head *h);
void pdf_admin_foot(pdf_doc *d, const struct pdf_admin_foot *f);
/* The lines of a text typed one item per line (legal bases, "Nơi nhận"), trailing blanks cut and
 * empty lines left out: NULL-ended, in the arena (for pdf_admin_foot's recipients). */
const char *const *pdf_text_lines(arena *a, const char *text);
/* "ngày 19 tháng 8 năm 2019" style date of an ISO date (arena text); NULL if not a date. Days and
 * months below 10 get a leading zero only for day 1–9 and months 1–2 (Decree 30). */
const char *pdf_admin_date(arena *a, const char *date_iso);

/* Ends the document and appends the PDF bytes to out; frees d. 0, or -1 with a message in err. */
int pdf_finish(pdf_doc *d, buf *out, char *err, size_t errlen);
int pdf_page_count(const pdf_doc *d);
#endif
