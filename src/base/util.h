/* util.h: the small shared toolbox of thidua: per-request arenas, growable byte buffers,
 * checked allocation, time and random helpers, logging. Everything here is pure C with no
 * knowledge of HTTP or the database. */
#ifndef THIDUA_UTIL_H
#define THIDUA_UTIL_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define countof(a) (sizeof(a) / sizeof((a)[0]))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Checked allocation: out of memory is not recoverable in a server, so these abort with a
 * message rather than return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF(1, 2);

/* Arena: bump allocator freed all at once (one per request, one per CLI command).
 * Memory from arena_* lives until arena_free(a). */
typedef struct arena_block arena_block;
typedef struct arena { arena_block *head; } arena;
void *arena_alloc(arena *a, size_t n);            /* zeroed, 16-byte aligned */
/* A growing array in the arena: returns the array with room for at least n+1 elements of
 * `size` bytes (the old elements copied, *cap doubled when full). Use through ARENA_PUSH, which
 * yields a pointer to the next (zeroed) element and counts it:
 *     struct unit *v = NULL; int n = 0, cap = 0;
 *     while (…) unit_from_row(q, a, ARENA_PUSH(a, v, n, cap)); */
void *arena_grow(arena *a, void *items, int n, int *cap, size_t size);
#define ARENA_PUSH(a, v, n, cap) \
    ((n) >= (cap) ? (void)((v) = arena_grow((a), (v), (n), &(cap), sizeof *(v))) : (void)0, &(v)[(n)++])
char *arena_strdup(arena *a, const char *s);       /* NULL in, NULL out */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) PRINTF(2, 3);
char *arena_vprintf(arena *a, const char *fmt, va_list ap);
void arena_free(arena *a);                         /* leaves an empty, reusable arena */

/* Buffer: growable byte string, always NUL-terminated. A zero buf is a valid empty buffer. */
typedef struct buf { char *data; size_t len, cap; } buf;
void buf_grow(buf *b, size_t extra);
void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) PRINTF(2, 3);
void buf_vprintf(buf *b, const char *fmt, va_list ap);
void buf_reset(buf *b);                            /* len = 0, keeps memory */
void buf_free(buf *b);
const char *buf_str(const buf *b);                 /* "" for an empty buffer */
char *buf_detach(buf *b);                          /* caller frees; buffer becomes empty */

/* Files */
int read_file(const char *path, buf *out);         /* 0 ok, -1 errno set */
int read_stream(void *file, buf *out);             /* FILE*; 0 ok, -1 on error */

/* Time: UTC seconds and ISO text. now_iso writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes). */
int64_t now_unix(void);
int64_t now_ms(void);
void iso_time(int64_t unix_secs, char out[21]);
void iso_date_today(char out[11]);                 /* today's date in Asia/Ho_Chi_Minh */
/* A stored UTC time "YYYY-MM-DDTHH:MM:SS…" as people read it: "dd/mm/yyyy HH:MM" (with ":SS"
 * when `seconds`) in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). Anything else is returned
 * as given; NULL stays NULL. The text lives in the arena. */
const char *iso_local_time(arena *a, const char *iso, bool seconds);

/* Randomness and hashing (libsodium): hex of n random bytes into out (2n+1 bytes). */
void random_hex(char *out, size_t nbytes);
void sha256_hex(const void *data, size_t len, char out[65]);
bool ct_streq(const char *a, const char *b);       /* constant-time equality */

/* Logging to stderr, one line each. log_info is silenced by THIDUA_QUIET=1 (read at the first
 * line). log_buffering(true) (the server) gathers each thread's info lines and writes them at
 * most 100 ms later; errors go out at once. log_buffering(false) writes what waits and frees the
 * buffers (call it after the other threads have stopped); log_flush writes what waits. */
void log_info(const char *fmt, ...) PRINTF(1, 2);
void log_error(const char *fmt, ...) PRINTF(1, 2);
void log_buffering(bool on);
void log_flush(void);

/* Strings */
bool str_eq(const char *a, const char *b);         /* NULL-safe */
bool str_starts(const char *s, const char *prefix);
bool str_empty(const char *s);                     /* NULL or "" */
/* Temporary files and folders, all under one place: $TMPDIR, else /tmp (temp_dir). The make
 * functions create temp_dir()/<prefix><6 random characters> with mkstemp or mkdtemp (the prefix
 * carries its own separator: "thidua-upload-"), writing the path into out
 * (cap 4096 always fits): temp_file_make returns the open descriptor, temp_dir_make true; -1 or
 * false with errno set when it cannot (out too small: ENAMETOOLONG). */
const char *temp_dir(void);
int temp_file_make(const char *prefix, char *out, size_t cap);
bool temp_dir_make(const char *prefix, char *out, size_t cap);
bool parse_int64(const char *s, int64_t *out);     /* whole string, base 10, no overflow */
#endif
