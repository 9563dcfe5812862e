/* qr.c: QR codes (qr.h) over libqrencode: the module matrix of a text in 8-bit mode at error
 * correction level M, and its SVG, for pages (through the HTML layer) and as a standalone file.
 * The SVG draws each horizontal run of dark modules as one sub-path of a single <path>, which
 * keeps a 57-module VietQR code to a few hundred bytes, and uses presentation attributes only
 * (no style attribute), so the strict CSP of the pages holds. pdf.c draws the same matrix as
 * vector squares (pdf_qr_at). */
#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "qr.h"

/* The quiet zone the standard asks for around the symbol, in modules. */
enum { QR_QUIET = 4 };

bool qr_encode(const char *text, struct qr_code *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t len = text ? strlen(text) : 0;
    if (len == 0) {
        snprintf(err, errlen, "mã QR: nội dung trống");
        return false;
    }
    /* QRcode_encodeData, not encodeString: the text is taken as bytes, so UTF-8 Vietnamese and
     * any character libqrencode's mode guessing would mishandle are kept exactly. */
    errno = 0;
    QRcode *q = QRcode_encodeData((int)(len > INT32_MAX ? INT32_MAX : len), (const unsigned char *)text, 0,
                                  QR_ECLEVEL_M);
    if (!q) {
        if (errno == ERANGE || errno == EINVAL)
            snprintf(err, errlen, "mã QR: nội dung dài %zu byte, quá sức chứa của một mã QR (tối đa 2331 byte ở mức sửa lỗi M)",
                     len);
        else
            snprintf(err, errlen, "mã QR: không tạo được (%s)", strerror(errno ? errno : ENOMEM));
        return false;
    }
    out->size = q->width;
    out->modules = xmalloc((size_t)q->width * (size_t)q->width);
    /* libqrencode's bytes carry flags in the upper bits; bit 0 is the module's colour. */
    for (size_t i = 0; i < (size_t)q->width * (size_t)q->width; i++) out->modules[i] = q->data[i] & 1;
    QRcode_free(q);
    return true;
}

void qr_free(struct qr_code *q)
{
    free(q->modules);
    q->modules = NULL;
    q->size = 0;
}

/* The path data of the dark modules, in module units with the quiet zone as offset:
 * "M4 4h7v1h-7z" per horizontal run. Only digits and the letters M h v z, so it is safe raw. */
static void qr_path_data(const struct qr_code *q, buf *out)
{
    for (int y = 0; y < q->size; y++) {
        const unsigned char *row = q->modules + (size_t)y * (size_t)q->size;
        for (int x = 0; x < q->size;) {
            if (!row[x]) { x++; continue; }
            int run = 1;
            while (x + run < q->size && row[x + run]) run++;
            buf_printf(out, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, run, run);
            x += run;
        }
    }
}

bool qr_svg(req *r, const char *text, const char *alt)
{
    struct qr_code q;
    char err[160];
    if (!qr_encode(text, &q, err, sizeof err)) return false;
    buf path = {0};
    qr_path_data(&q, &path);
    int side = q.size + 2 * QR_QUIET;
    html(r, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"qr\" viewBox=\"0 0 %d %d\" "
            "shape-rendering=\"crispEdges\"><title>%s</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
            "<path fill=\"#000\" d=\"%R\"/></svg>",
         side, side, alt ? alt : "Mã QR", side, side, buf_str(&path)); // raw: path data of digits and M/h/v/z composed above
    buf_free(&path);
    qr_free(&q);
    return true;
}

bool qr_svg_file(const char *text, buf *out, char *err, size_t errlen)
{
    struct qr_code q;
    if (!qr_encode(text, &q, err, errlen)) return false;
    int side = q.size + 2 * QR_QUIET;
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%dmm\" height=\"%dmm\" "
               "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
               side, side, side, side, side, side);
    qr_path_data(&q, out);
    buf_puts(out, "\"/></svg>\n");
    qr_free(&q);
    return true;
}
