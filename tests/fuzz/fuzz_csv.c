/* fuzz_csv.c: the CSV reader (import.h) on arbitrary bytes must never crash, never read out of
 * bounds, and report sane records; and whatever it reads, the writer (csv.h) must write in a
 * form that reads back identically (the export/import round trip). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = {0};
    struct csv_doc doc;
    /* a private copy with no bytes after it, so any over-read is caught */
    char *copy = malloc(size ? size : 1);
    memcpy(copy, data, size);
    int rc = csv_read(&a, copy, size, 0, &doc);
    if (rc == 0) {
        if (doc.fatal) abort();
        buf out = {0};
        csv_bom(&out);   /* as every export starts; a field that itself begins with U+FEFF survives */
        for (int i = 0; i < doc.nrecords; i++) {
            const struct csv_record *r = &doc.records[i];
            if (r->line < 1 || r->nfields < 1 || r->nfields > IMPORT_MAX_FIELDS) abort();
            if (i && r->line < doc.records[i - 1].line) abort();
            for (int f = 0; f < r->nfields; f++)
                if (strlen(r->fields[f]) != r->lens[f]) abort();
            if (!r->error) csv_row(&out, r->fields, (size_t)r->nfields);
        }
        /* Round trip: the good records, written by our writer, read back field for field. */
        struct csv_doc back;
        if (out.len > 3 && csv_read(&a, out.data, out.len, ',', &back) == 0) {
            int j = 0;
            for (int i = 0; i < doc.nrecords; i++) {
                const struct csv_record *r = &doc.records[i];
                if (r->error) continue;
                bool blank = true;
                for (int f = 0; f < r->nfields; f++) blank = blank && r->lens[f] == 0;
                if (blank) continue;   /* a record of empty fields written back is a skipped line */
                if (j >= back.nrecords) abort();
                const struct csv_record *b = &back.records[j++];
                if (b->error || b->nfields != r->nfields) abort();
                for (int f = 0; f < r->nfields; f++)
                    if (b->lens[f] != r->lens[f] || memcmp(b->fields[f], r->fields[f], r->lens[f]) != 0) abort();
            }
        }
        buf_free(&out);
    } else if (!doc.fatal) {
        abort();
    }
    free(copy);
    arena_free(&a);
    return 0;
}
