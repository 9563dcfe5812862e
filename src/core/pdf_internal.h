/* pdf_internal.h: what pdf_admin.c (the Decree 30 layout) needs from pdf.c beyond pdf.h: a text
 * box that can be measured without drawing, a rule line, and the content area, all in mm. Only
 * the pdf files include it. */
#ifndef THIDUA_PDF_INTERNAL_H
#define THIDUA_PDF_INTERNAL_H
#include "pdf.h"

/* Lays out runs in a box w_mm wide whose top-left corner is (x_mm, y_mm) on the current page and,
 * when draw is true, draws them. Returns the box's height in mm; *widest_mm (if not NULL)
 * receives the width of its widest line, which the decree's short rules are measured against. */
double pdf_box(pdf_doc *d, double x_mm, double y_mm, double w_mm, const struct pdf_style *st,
               const struct pdf_run *runs, int n, bool draw, double *widest_mm);
/* A solid horizontal rule from x1 to x2 at y, width_pt thick. */
void pdf_rule(pdf_doc *d, double x1_mm, double x2_mm, double y_mm, double width_pt);
/* The content area: its left edge, and the lowest y the flow may reach. */
double pdf_content_left_mm(const pdf_doc *d);
double pdf_content_bottom_mm(const pdf_doc *d);
/* Moves the cursor (a layout that placed its own boxes continues the flow below them). */
void pdf_set_cursor_mm(pdf_doc *d, double y_mm);
/* True when the cursor is at the top of the content area (nothing flowed onto this page yet). */
bool pdf_at_page_top(const pdf_doc *d);
#endif
