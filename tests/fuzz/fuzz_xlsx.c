/* fuzz_xlsx.c: the XLSX reader (export.h) on arbitrary bytes must never crash, never read out of
 * bounds, never hang on a bomb, and either refuse the file with a message or return records that
 * hold together: rows rising, every record as wide as the header or wider only with an error,
 * field lengths true, at most IMPORT_MAX_FIELDS fields. The seed corpus holds small workbooks
 * (shared strings, styles, inline strings) so mutations start inside the zip and the XML. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = {0};
    struct csv_doc doc;
    char *copy = malloc(size ? size : 1);   /* no bytes after it: an over-read is caught */
    memcpy(copy, data, size);
    /* the first sheet, then one by a name taken from the input (the missing-sheet path) */
    for (int pass = 0; pass < 2; pass++) {
        int rc = xlsx_read(&a, copy, size, pass ? "Trang 2" : NULL, &doc);
        if (rc == 0) {
            if (doc.fatal) abort();
            int width = doc.nrecords ? doc.records[0].nfields : 0;
            for (int i = 0; i < doc.nrecords; i++) {
                const struct csv_record *r = &doc.records[i];
                if (r->line < 1 || r->nfields < 0 || (r->nfields > width && !r->error)) abort();
                if (r->nfields > IMPORT_MAX_FIELDS + 1 && !r->error) abort();
                if (i && r->line <= doc.records[i - 1].line) abort();
                for (int f = 0; f < r->nfields; f++)
                    if (strlen(r->fields[f]) != r->lens[f] || r->lens[f] > IMPORT_MAX_FIELD_BYTES) abort();
            }
        } else if (!doc.fatal) {
            abort();
        }
    }
    free(copy);
    arena_free(&a);
    return 0;
}
