/* util.c: implementation of the shared toolbox declared in util.h (allocation, arenas, buffers,
 * files, time, randomness, logging, small string helpers). */
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void oom(size_t n)
{
    fprintf(stderr, "thidua: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return buf_detach(&b);
}

/* ---- arena ---- */
struct arena_block { arena_block *next; size_t used, cap; _Alignas(16) unsigned char mem[]; };

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 8192 ? n : 8192;
        b = xmalloc(sizeof *b + cap);
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->mem + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

void *arena_grow(arena *a, void *items, int n, int *cap, size_t size)
{
    if (n < *cap && items) return items;
    int c = *cap > 0 ? *cap * 2 : 8;
    while (c <= n) c *= 2;
    void *v = arena_alloc(a, size * (size_t)c);
    if (n > 0) memcpy(v, items, size * (size_t)n);
    *cap = c;
    return v;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(arena *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void arena_free(arena *a)
{
    for (arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}

/* ---- buf ---- */
void buf_grow(buf *b, size_t extra)
{
    if (b->cap - b->len > extra) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len <= extra) {
        if (cap > SIZE_MAX / 2) oom(cap);
        cap *= 2;
    }
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_append(buf *b, const void *p, size_t n)
{
    buf_grow(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }
void buf_putc(buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0) { buf_grow(b, 0); b->data[b->len] = 0; return; }
    buf_grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_reset(buf *b) { b->len = 0; if (b->data) b->data[0] = 0; }
void buf_free(buf *b) { free(b->data); b->data = NULL; b->len = b->cap = 0; }
const char *buf_str(const buf *b) { return b->data ? b->data : ""; }

char *buf_detach(buf *b)
{
    char *p = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

/* ---- files ---- */
int read_stream(void *file, buf *out)
{
    FILE *f = file;
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_append(out, tmp, n);
    if (!out->data) buf_grow(out, 0), out->data[0] = 0;
    return ferror(f) ? -1 : 0;
}

int read_file(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    int rc = read_stream(f, out);
    int saved = errno;
    fclose(f);
    errno = saved;
    return rc;
}

/* ---- time ---- */
int64_t now_unix(void) { return (int64_t)time(NULL); }

int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void iso_time(int64_t unix_secs, char out[21])
{
    /* The same seconds come again and again (every log line and token check asks for now, every
     * request for today in UTC+7): the last two formatted are kept per thread. */
    static _Thread_local int64_t secs[2] = {INT64_MIN, INT64_MIN};
    static _Thread_local char text[2][21];
    static _Thread_local int next;
    for (int i = 0; i < 2; i++)
        if (secs[i] == unix_secs) { memcpy(out, text[i], 21); return; }
    int i = next;
    next ^= 1;
    time_t t = (time_t)unix_secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(text[i], sizeof text[i], "%Y-%m-%dT%H:%M:%SZ", &tm);
    secs[i] = unix_secs;
    memcpy(out, text[i], 21);
}

void iso_date_today(char out[11])
{
    /* Vietnam has no daylight saving time: UTC+7 all year. iso_time's first ten characters
     * are the date. */
    char t[21];
    iso_time(now_unix() + 7 * 3600, t);
    memcpy(out, t, 10);
    out[10] = 0;
}

const char *iso_local_time(arena *a, const char *iso, bool seconds)
{
    int y, mo, d, h, mi, se;
    if (!iso || strlen(iso) < 19 || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6)
        return iso;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = se};
    time_t t = timegm(&tm) + 7 * 3600;
    gmtime_r(&t, &tm);
    if (seconds)
        return arena_printf(a, "%02d/%02d/%04d %02d:%02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
                            tm.tm_hour, tm.tm_min, tm.tm_sec);
    return arena_printf(a, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
                        tm.tm_min);
}

/* ---- randomness ---- */
static void sodium_ready(void)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "thidua: libsodium failed to initialise\n");
        abort();
    }
}

void random_hex(char *out, size_t nbytes)
{
    unsigned char raw[64];
    sodium_ready();
    if (nbytes > sizeof raw) nbytes = sizeof raw;
    randombytes_buf(raw, nbytes);
    sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
}

void sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    sodium_ready();
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

bool ct_streq(const char *a, const char *b)
{
    if (!a || !b) return false;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb) return false;
    return sodium_memcmp(a, b, la) == 0;
}

/* ---- logging ----
 * Unbuffered by default: every line is one write(2) to stderr, so a CLI's messages and a
 * crash's last lines are never lost. The server turns on buffering (log_buffering): each thread
 * collects its info lines and writes them in one go when 8 KiB have gathered, when the oldest
 * waiting line is 100 ms old, or when a flusher thread (log_buffering) finds them waiting; an
 * error line goes out at once, after its thread's waiting lines. On the request path this saves
 * a system call per request, which on a virtual machine costs as much as the rest of a cached
 * reply. Order within a thread is kept; lines of different threads may interleave by up to
 * 100 ms, and each carries its own time stamp. */
#define LOG_BUF_MAX 8192
#define LOG_DELAY_MS 100

struct log_buf {
    pthread_mutex_t lock;
    buf b;
    int64_t oldest_ms;         /* when the first waiting line was added */
    struct log_buf *next;
};

static atomic_bool log_buffered;
static pthread_mutex_t log_list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct log_buf *log_bufs;
static _Thread_local struct log_buf *thread_log;
static _Atomic int quiet = -1;     /* THIDUA_QUIET, read once */

static void log_write_out(struct log_buf *l)   /* with l->lock held */
{
    if (!l->b.len) return;
    fwrite(l->b.data, 1, l->b.len, stderr);
    l->b.len = 0;
}

static struct log_buf *my_log_buf(void)
{
    if (!thread_log) {
        struct log_buf *l = xcalloc(1, sizeof *l);
        pthread_mutex_init(&l->lock, NULL);
        pthread_mutex_lock(&log_list_lock);
        l->next = log_bufs;
        log_bufs = l;
        pthread_mutex_unlock(&log_list_lock);
        thread_log = l;
    }
    return thread_log;
}

void log_flush(void)
{
    pthread_mutex_lock(&log_list_lock);
    for (struct log_buf *l = log_bufs; l; l = l->next) {
        pthread_mutex_lock(&l->lock);
        log_write_out(l);
        pthread_mutex_unlock(&l->lock);
    }
    pthread_mutex_unlock(&log_list_lock);
}

static pthread_t flusher;
static atomic_bool flusher_stop;

static void *flusher_main(void *arg)
{
    (void)arg;
    while (!flusher_stop) {
        struct timespec ts = {0, LOG_DELAY_MS * 1000000L};
        nanosleep(&ts, NULL);
        log_flush();
    }
    return NULL;
}

void log_buffering(bool on)
{
    if (on == log_buffered) return;
    if (on) {
        flusher_stop = false;
        log_buffered = true;
        if (pthread_create(&flusher, NULL, flusher_main, NULL) != 0) log_buffered = false;
        return;
    }
    log_buffered = false;
    flusher_stop = true;
    pthread_join(flusher, NULL);
    log_flush();
    /* The buffers of threads that have ended stay listed; free them all (the caller has
     * stopped its worker threads before turning buffering off). */
    pthread_mutex_lock(&log_list_lock);
    while (log_bufs) {
        struct log_buf *l = log_bufs;
        log_bufs = l->next;
        buf_free(&l->b);
        pthread_mutex_destroy(&l->lock);
        free(l);
    }
    pthread_mutex_unlock(&log_list_lock);
    thread_log = NULL;
}

static void log_line(const char *level, const char *fmt, va_list ap, bool urgent)
{
    char ts[21];
    iso_time(now_unix(), ts);
    if (!log_buffered) {
        buf b = {0};
        buf_printf(&b, "%s %s ", ts, level);
        buf_vprintf(&b, fmt, ap);
        buf_putc(&b, '\n');
        fwrite(b.data, 1, b.len, stderr);  /* one write per line keeps threads from interleaving */
        buf_free(&b);
        return;
    }
    struct log_buf *l = my_log_buf();
    pthread_mutex_lock(&l->lock);
    int64_t now = now_ms();
    if (!l->b.len) l->oldest_ms = now;
    buf_printf(&l->b, "%s %s ", ts, level);
    buf_vprintf(&l->b, fmt, ap);
    buf_putc(&l->b, '\n');
    if (urgent || l->b.len >= LOG_BUF_MAX || now - l->oldest_ms >= LOG_DELAY_MS) log_write_out(l);
    pthread_mutex_unlock(&l->lock);
}

void log_info(const char *fmt, ...)
{
    if (quiet < 0) {
        const char *q = getenv("THIDUA_QUIET");
        quiet = q && *q == '1';
    }
    if (quiet) return;
    va_list ap;
    va_start(ap, fmt);
    log_line("info", fmt, ap, false);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line("error", fmt, ap, true);
    va_end(ap);
}

/* ---- strings ---- */
bool str_eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }
bool str_starts(const char *s, const char *p) { return s && strncmp(s, p, strlen(p)) == 0; }
bool str_empty(const char *s) { return !s || !*s; }

const char *temp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

static bool temp_template(const char *prefix, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/%sXXXXXX", temp_dir(), prefix);
    if (n < 0 || (size_t)n >= cap) { errno = ENAMETOOLONG; return false; }
    return true;
}

int temp_file_make(const char *prefix, char *out, size_t cap)
{
    return temp_template(prefix, out, cap) ? mkstemp(out) : -1;
}

bool temp_dir_make(const char *prefix, char *out, size_t cap)
{
    return temp_template(prefix, out, cap) && mkdtemp(out) != NULL;
}

bool parse_int64(const char *s, int64_t *out)
{
    if (str_empty(s)) return false;
    /* strtoll alone would also take leading blanks and '+': "whole string" means digits only. */
    const char *d = s[0] == '-' ? s + 1 : s;
    if (*d < '0' || *d > '9') return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s) return false;
    *out = (int64_t)v;
    return true;
}
