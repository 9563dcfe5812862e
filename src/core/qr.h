/* qr.h: QR codes (libqrencode) for verification links on certificates and VietQR payment codes
 * on fund pages: the module matrix, an SVG for pages (one <path>, no inline style, so the strict
 * CSP holds) and, through pdf.h's pdf_qr_at, vector squares in PDFs. */
#ifndef THIDUA_QR_H
#define THIDUA_QR_H
#include <stdbool.h>
#include <stddef.h>

#include "web.h"

struct qr_code {
    int size;                  /* modules per side, without the quiet zone */
    unsigned char *modules;    /* size × size, row-major, 1 = dark; free with qr_free */
};
/* Encodes UTF-8 text as a QR code (8-bit mode, error correction level M). False with a reason
 * in err when the text is too long for a QR code. */
bool qr_encode(const char *text, struct qr_code *out, char *err, size_t errlen);
void qr_free(struct qr_code *q);
/* Writes <svg role="img" class="qr"> with <title>alt</title> and one path of the dark modules
 * (4-module quiet zone, viewBox in modules) through the HTML layer. False if the text does not
 * fit in a QR code (nothing written). */
bool qr_svg(req *r, const char *text, const char *alt);
/* The same SVG as a standalone file (thidua fund qr --svg), appended to out. */
bool qr_svg_file(const char *text, buf *out, char *err, size_t errlen);
#endif
