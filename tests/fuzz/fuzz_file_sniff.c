/* fuzz_file_sniff.c: the stored files' byte readers (stored_file.c) on arbitrary bytes: the
 * sniffer (a zip's central directory walked from its end record, markup openings, UTF-8 text)
 * and the image-size parsers (PNG IHDR, JPEG segments, GIF) must stay inside the buffer, always
 * name a type, and report sizes only when both are positive. The input is copied to a buffer of
 * its exact size, so ASan sees any read past it. */
#include <stdlib.h>
#include <string.h>

#include "stored_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size ? size : 1);
    if (size) memcpy(copy, data, size);
    const char *type = file_sniff(copy, size);
    if (!type || !*type) abort();
    int w = -1, h = -1;
    if (file_image_size(copy, size, &w, &h)) {
        if (w <= 0 || h <= 0) abort();
        if (strncmp(type, "image/", 6)) abort();
    } else if (w != 0 || h != 0) {
        abort();                      /* a refused header leaves 0 × 0, never half a size */
    }
    free(copy);
    return 0;
}
