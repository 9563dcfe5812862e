/* embedded.h: files compiled into the binary by tools/embed.c (assets/ and sql/). */
#ifndef THIDUA_EMBEDDED_H
#define THIDUA_EMBEDDED_H
#include <stddef.h>
struct embedded_file { const char *path; const char *data; size_t size; };
extern const struct embedded_file embedded_files[];   /* ends with a NULL path */
/* The file at `path` (e.g. "assets/style.css"), or NULL. */
const struct embedded_file *embedded_find(const char *path);
#endif
