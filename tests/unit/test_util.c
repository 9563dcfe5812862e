/* test_util.c: the shared toolbox (util.h): arenas (alignment, zeroing, large blocks, reuse),
 * buffers (growth, NUL termination, printf, detach), strings, parse_int64, hashing, randomness,
 * time formatting. */
#include <inttypes.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "util.h"

static void test_arena_alignment_and_zeroing(void)
{
    arena a = {0};
    for (size_t n = 1; n < 200; n += 7) {
        unsigned char *p = arena_alloc(&a, n);
        CHECK(((uintptr_t)p & 15) == 0);
        int nonzero = 0;
        for (size_t i = 0; i < n; i++) nonzero |= p[i];
        CHECK_INT(nonzero, 0);
        memset(p, 0xAB, n);                      /* the next allocation must not see this */
    }
    arena_free(&a);
    CHECK(a.head == NULL);
}

static void test_arena_large_and_many(void)
{
    arena a = {0};
    /* Bigger than a block: gets its own block; earlier pointers stay valid. */
    char *small = arena_strdup(&a, "trước");
    char *big = arena_alloc(&a, 100000);
    memset(big, 'x', 100000);
    char *after = arena_strdup(&a, "sau");
    CHECK_STR(small, "trước");
    CHECK_STR(after, "sau");
    CHECK(big[99999] == 'x');
    /* Many small allocations across block boundaries keep their content. */
    char *ptrs[2000];
    for (int i = 0; i < 2000; i++) ptrs[i] = arena_printf(&a, "mục %d", i);
    int bad = 0;
    for (int i = 0; i < 2000; i++) {
        char want[32];
        snprintf(want, sizeof want, "mục %d", i);
        if (strcmp(ptrs[i], want) != 0) bad++;
    }
    CHECK_INT(bad, 0);
    arena_free(&a);
    /* An arena is reusable after arena_free. */
    CHECK_STR(arena_strdup(&a, "lại"), "lại");
    arena_free(&a);
}

static void test_arena_strings(void)
{
    arena a = {0};
    CHECK(arena_strdup(&a, NULL) == NULL);
    char *s = arena_strndup(&a, "abcdef", 3);
    CHECK_STR(s, "abc");
    char *z = arena_strndup(&a, "a\0b", 3);      /* embedded NUL copied, still terminated */
    CHECK(z[0] == 'a' && z[1] == 0 && z[2] == 'b' && z[3] == 0);
    char *p = arena_printf(&a, "%s-%05d-%lld", "x", 42, (long long)INT64_MIN);
    CHECK_STR(p, "x-00042--9223372036854775808");
    CHECK_STR(arena_printf(&a, "%s", ""), "");
    arena_free(&a);
}

static void test_arena_push(void)
{
    arena a = {0};
    struct item { int64_t k; char tag[16]; } *v = NULL;
    int n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        struct item *it = ARENA_PUSH(&a, v, n, cap);
        CHECK(it->k == 0 && it->tag[0] == 0);          /* each new element starts zeroed */
        it->k = i * 3;
        snprintf(it->tag, sizeof it->tag, "t%d", i);
    }
    CHECK_INT(n, 1000);
    CHECK(cap >= 1000 && cap < 2048);
    int bad = 0;
    for (int i = 0; i < n; i++) {
        char want[16];
        snprintf(want, sizeof want, "t%d", i);
        if (v[i].k != i * 3 || strcmp(v[i].tag, want) != 0) bad++;   /* kept through every growth */
    }
    CHECK_INT(bad, 0);
    arena_free(&a);
}

static void test_buf_basics(void)
{
    buf b = {0};
    CHECK_STR(buf_str(&b), "");
    CHECK_INT(b.len, 0);
    buf_puts(&b, "Lạng");
    buf_putc(&b, ' ');
    buf_append(&b, "Sơn!!", 4);
    CHECK_STR(buf_str(&b), "Lạng Sơn");
    CHECK_INT(b.len, strlen("Lạng Sơn"));
    CHECK(b.data[b.len] == 0);
    buf_reset(&b);
    CHECK_STR(buf_str(&b), "");
    CHECK_INT(b.len, 0);
    buf_append(&b, "", 0);                        /* empty append keeps it valid */
    CHECK_STR(buf_str(&b), "");
    buf_free(&b);
    CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
    buf_append(&b, NULL, 0);                      /* zero bytes from NULL: allowed */
    CHECK_STR(buf_str(&b), "");
    buf_free(&b);
}

static void test_buf_growth(void)
{
    buf b = {0};
    for (int i = 0; i < 100000; i++) buf_putc(&b, (char)('a' + i % 26));
    CHECK_INT(b.len, 100000);
    CHECK(b.cap > b.len);
    CHECK(b.data[b.len] == 0);
    CHECK(b.data[26] == 'a' && b.data[99999] == (char)('a' + 99999 % 26));
    /* Appending the buffer's own exact capacity boundary keeps the terminator in bounds. */
    buf c = {0};
    buf_grow(&c, 63);
    size_t cap = c.cap;
    char fill[256];
    memset(fill, 'z', sizeof fill);
    buf_append(&c, fill, cap - 1);
    CHECK(c.data[c.len] == 0);
    buf_append(&c, fill, 1);
    CHECK(c.cap > c.len && c.data[c.len] == 0);
    buf_free(&b);
    buf_free(&c);
}

static void test_buf_printf(void)
{
    buf b = {0};
    buf_printf(&b, "%d/%d", 19, 8);
    buf_printf(&b, "%s", "");                     /* zero-length output */
    buf_printf(&b, "/%04d", 2019);
    CHECK_STR(buf_str(&b), "19/8/2019");
    char big[5000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = 0;
    buf_printf(&b, "[%s]", big);
    CHECK_INT(b.len, 9 + 2 + 4999);
    CHECK(b.data[b.len - 1] == ']' && b.data[b.len] == 0);
    char *d = buf_detach(&b);
    CHECK(b.data == NULL && b.len == 0);
    CHECK(strncmp(d, "19/8/2019[qq", 12) == 0);
    free(d);
    char *e = buf_detach(&b);                     /* detaching an empty buffer gives "" */
    CHECK_STR(e, "");
    free(e);
    char *x = xasprintf("%s=%d", "n", 5);
    CHECK_STR(x, "n=5");
    free(x);
}

static void test_strings(void)
{
    CHECK(str_eq("a", "a"));
    CHECK(!str_eq("a", "b"));
    CHECK(!str_eq(NULL, "a") && !str_eq("a", NULL) && !str_eq(NULL, NULL));
    CHECK(str_starts("/api/units", "/api/"));
    CHECK(!str_starts("/ap", "/api/"));
    CHECK(!str_starts(NULL, "/"));
    CHECK(str_empty(NULL) && str_empty("") && !str_empty(" "));
    CHECK(ct_streq("abc", "abc"));
    CHECK(!ct_streq("abc", "abd") && !ct_streq("abc", "abcd") && !ct_streq(NULL, "a") && !ct_streq("a", NULL));
}

static void test_parse_int64(void)
{
    int64_t v = -1;
    CHECK(parse_int64("0", &v) && v == 0);
    CHECK(parse_int64("42", &v) && v == 42);
    CHECK(parse_int64("-17", &v) && v == -17);
    CHECK(parse_int64("9223372036854775807", &v) && v == INT64_MAX);
    CHECK(parse_int64("-9223372036854775808", &v) && v == INT64_MIN);
    v = 7;
    CHECK(!parse_int64("9223372036854775808", &v));   /* overflow */
    CHECK(!parse_int64("", &v));
    CHECK(!parse_int64(NULL, &v));
    CHECK(!parse_int64("12a", &v));
    CHECK(!parse_int64("1.5", &v));
    CHECK(!parse_int64("-", &v));
    /* "whole string, base 10": no whitespace, sign or radix tricks slip through. */
    CHECK(!parse_int64(" 12", &v));
    CHECK(!parse_int64("12 ", &v));
    CHECK(!parse_int64("+12", &v));
    CHECK(!parse_int64("\t5", &v));
    CHECK(!parse_int64("0x10", &v));
    CHECK_INT(v, 7);                              /* untouched on failure */
}

static void test_hash_and_random(void)
{
    char h[65];
    sha256_hex("abc", 3, h);
    CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256_hex("", 0, h);
    CHECK_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    char r1[65], r2[65];
    random_hex(r1, 32);
    random_hex(r2, 32);
    CHECK_INT(strlen(r1), 64);
    CHECK(strspn(r1, "0123456789abcdef") == 64);
    CHECK(strcmp(r1, r2) != 0);
    char r3[17];
    random_hex(r3, 8);
    CHECK_INT(strlen(r3), 16);
}

static void test_time(void)
{
    char t[21];
    iso_time(0, t);
    CHECK_STR(t, "1970-01-01T00:00:00Z");
    iso_time(1566172800, t);                      /* 2019-08-19 00:00:00 UTC */
    CHECK_STR(t, "2019-08-19T00:00:00Z");
    iso_time(1566172800, t);                      /* again: from the per-thread copy */
    CHECK_STR(t, "2019-08-19T00:00:00Z");
    iso_time(1566172801, t);
    CHECK_STR(t, "2019-08-19T00:00:01Z");
    char d[11];
    iso_date_today(d);
    CHECK_INT(strlen(d), 10);
    CHECK(d[4] == '-' && d[7] == '-');
    CHECK(now_ms() / 1000 - now_unix() <= 1);
}

/* Buffered logging (the server's): lines of several threads all arrive, each thread's in its
 * order, an error line at once, and nothing waits after log_buffering(false). */
#define LOG_THREADS 4
#define LOG_LINES 3000
static void *log_worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < LOG_LINES; i++) log_info("worker=%d line=%d", id, i);
    return NULL;
}

static void test_log_buffering(void)
{
    setenv("THIDUA_QUIET", "0", 1);   /* read at the first line, and none came before */
    char path[] = "/tmp/test_util_log.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    log_buffering(true);
    pthread_t th[LOG_THREADS];
    for (int i = 0; i < LOG_THREADS; i++) pthread_create(&th[i], NULL, log_worker, (void *)(intptr_t)i);
    for (int i = 0; i < LOG_THREADS; i++) pthread_join(th[i], NULL);
    log_info("main waits");
    log_error("urgent line");
    /* The error went out at once, with the line before it. */
    FILE *f = fopen(path, "r");
    char line[256];
    bool urgent = false, waits = false;
    while (f && fgets(line, sizeof line, f)) {
        if (strstr(line, "error urgent line")) urgent = true;
        if (strstr(line, "info main waits")) waits = true;
    }
    if (f) fclose(f);
    CHECK(urgent);
    CHECK(waits);
    log_buffering(false);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    int next[LOG_THREADS] = {0}, bad = 0;
    f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f)) {
        int w, n;
        const char *p = strstr(line, "worker=");
        if (!p || sscanf(p, "worker=%d line=%d", &w, &n) != 2) continue;
        if (w < 0 || w >= LOG_THREADS || n != next[w]) bad++;
        else next[w]++;
    }
    if (f) fclose(f);
    unlink(path);
    CHECK_INT(bad, 0);
    for (int i = 0; i < LOG_THREADS; i++) CHECK_INT(next[i], LOG_LINES);
}

int main(void)
{
    RUN(test_arena_alignment_and_zeroing);
    RUN(test_arena_large_and_many);
    RUN(test_arena_strings);
    RUN(test_arena_push);
    RUN(test_buf_basics);
    RUN(test_buf_growth);
    RUN(test_buf_printf);
    RUN(test_strings);
    RUN(test_parse_int64);
    RUN(test_hash_and_random);
    RUN(test_time);
    RUN(test_log_buffering);
    return check_done();
}
