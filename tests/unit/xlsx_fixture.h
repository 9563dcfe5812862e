/* tests/unit/xlsx_fixture.h: workbooks built at test time for test_xlsx_read.c and test_export.c
 * (header only): a zip written by hand through libzip from (name, XML) parts, for the cases a
 * spreadsheet writer never produces; a part read out of a zip; a file read whole. */
#ifndef XLSX_FIXTURE_H
#define XLSX_FIXTURE_H
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "util.h"

struct part { const char *name; const char *data; size_t len; };   /* len 0: strlen(data) */

/* A zip of the parts into out (deflated). 0 or -1. */
static inline int zip_parts(const struct part *parts, int n, buf *out)
{
    char path[4096];
    int fd = temp_file_make("thidua-test-zip-", path, sizeof path);
    if (fd < 0) return -1;
    close(fd);
    int err = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &err);
    if (!z) return -1;
    for (int i = 0; i < n; i++) {
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *s = zip_source_buffer(z, parts[i].data, len, 0);
        if (!s || zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(s);
            zip_discard(z);
            unlink(path);
            return -1;
        }
    }
    int rc = zip_close(z) == 0 && read_file(path, out) == 0 ? 0 : -1;
    unlink(path);
    return rc;
}

/* Part `name` of the zip in data into out (NUL-terminated through buf_str). 0 or -1. */
static inline int zip_part(const char *data, size_t len, const char *name, buf *out)
{
    zip_error_t e;
    zip_error_init(&e);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &e);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &e) : NULL;
    zip_error_fini(&e);
    if (!z) {
        if (src) zip_source_free(src);
        return -1;
    }
    zip_file_t *f = zip_fopen(z, name, 0);
    int rc = f ? 0 : -1;
    char chunk[8192];
    zip_int64_t n;
    while (f && (n = zip_fread(f, chunk, sizeof chunk)) > 0) buf_append(out, chunk, (size_t)n);
    if (f) zip_fclose(f);
    zip_discard(z);
    return rc;
}

#define NS_MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define NS_REL "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* A one-sheet workbook around sheet XML `sheet_data` (the inside of <sheetData>), with optional
 * shared strings (the inside of <sst>) and styles (the inside of <styleSheet>). */
static inline int zip_workbook(const char *sheet_data, const char *sst, const char *styles, buf *out)
{
    arena a = {0};
    struct part parts[5] = {
        {"xl/workbook.xml", "<?xml version=\"1.0\"?><workbook " NS_MAIN " " NS_REL "><sheets><sheet name=\"Data\" "
                            "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", 0},
        {"xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
                                       "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"ws\" "
                                       "Target=\"worksheets/sheet1.xml\"/></Relationships>", 0},
        {"xl/worksheets/sheet1.xml", arena_printf(&a, "<?xml version=\"1.0\"?><worksheet " NS_MAIN "><sheetData>%s"
                                                      "</sheetData></worksheet>", sheet_data), 0},
    };
    int n = 3;
    if (sst) parts[n++] = (struct part){"xl/sharedStrings.xml", arena_printf(&a, "<sst " NS_MAIN ">%s</sst>", sst), 0};
    if (styles)
        parts[n++] = (struct part){"xl/styles.xml", arena_printf(&a, "<styleSheet " NS_MAIN ">%s</styleSheet>", styles), 0};
    int rc = zip_parts(parts, n, out);
    arena_free(&a);
    return rc;
}
#endif
