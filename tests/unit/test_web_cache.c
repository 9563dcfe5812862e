/* test_web_cache.c: the workers' cache (src/web_cache.c): entries live only as long as the data
 * version and the day they were stored under; a version of 0 (unknown) caches nothing; memory
 * stays within the bound given (a value too large for it is not kept; a full cache starts
 * over); keys are compared whole, not by hash; NULs inside values survive. */
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "web.h"

static const char *get(web_cache *c, const char *key)
{
    size_t n = 0;
    return web_cache_get(c, key, strlen(key), &n);
}

static void put(web_cache *c, const char *key, const char *val) { web_cache_put(c, key, strlen(key), val, strlen(val) + 1); }

static void test_generation(void)
{
    web_cache *c = web_cache_new(1 << 20);
    CHECK(web_cache_sync(c, 7, "2026-11-26", 0));
    CHECK(get(c, "a") == NULL);
    put(c, "a", "one");
    put(c, "ab", "two");
    CHECK_STR(get(c, "a"), "one");
    CHECK_STR(get(c, "ab"), "two");
    put(c, "a", "other");                          /* the first value stays: same generation */
    CHECK_STR(get(c, "a"), "one");
    CHECK(web_cache_sync(c, 7, "2026-11-26", 0));      /* nothing changed */
    CHECK_STR(get(c, "a"), "one");
    CHECK(web_cache_sync(c, 8, "2026-11-26", 0));      /* data changed: all gone */
    CHECK(get(c, "a") == NULL);
    CHECK(get(c, "ab") == NULL);
    put(c, "a", "three");
    CHECK(web_cache_sync(c, 8, "2026-11-27", 0));      /* a new day: all gone */
    CHECK(get(c, "a") == NULL);
    CHECK(!web_cache_sync(c, 0, "2026-11-27", 0));     /* unknown version: refuse */
    CHECK(!web_cache_sync(c, 9, "2026-11", 0));        /* not a day */
    CHECK(!web_cache_sync(NULL, 9, "2026-11-27", 0));
    web_cache_free(c);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* When the database need not be asked: same local write count, same day, a recent check. */
static void test_recent(void)
{
    web_cache *c = web_cache_new(1 << 20);
    CHECK(!web_cache_recent(c, 5, "2026-11-26"));       /* never synced */
    int64_t t0 = mono_ms();
    CHECK(web_cache_sync(c, 3, "2026-11-26", 5));
    bool recent = web_cache_recent(c, 5, "2026-11-26");
    if (mono_ms() - t0 < 40) CHECK(recent);             /* (a stalled machine may take longer) */
    CHECK(!web_cache_recent(c, 6, "2026-11-26"));       /* this process wrote since */
    CHECK(!web_cache_recent(c, 5, "2026-11-27"));       /* a new day */
    struct timespec ts = {0, 60 * 1000000L};
    nanosleep(&ts, NULL);
    CHECK(!web_cache_recent(c, 5, "2026-11-26"));       /* 60 ms later: ask again */
    t0 = mono_ms();
    CHECK(web_cache_sync(c, 3, "2026-11-26", 5));
    recent = web_cache_recent(c, 5, "2026-11-26");
    if (mono_ms() - t0 < 40) CHECK(recent);
    CHECK(!web_cache_recent(NULL, 5, "2026-11-26"));
    web_cache_free(c);
}

static void test_values_are_bytes(void)
{
    web_cache *c = web_cache_new(1 << 20);
    CHECK(web_cache_sync(c, 1, "2026-11-26", 0));
    const char v[] = {'x', 0, 'y', 0, 'z'};
    web_cache_put(c, "k\0one", 5, v, sizeof v);    /* keys may hold NULs too */
    size_t n = 0;
    const char *got = web_cache_get(c, "k\0one", 5, &n);
    CHECK(got != NULL);
    CHECK_INT(n, sizeof v);
    CHECK(got && memcmp(got, v, sizeof v) == 0);
    CHECK(web_cache_get(c, "k\0two", 5, &n) == NULL);
    CHECK(web_cache_get(c, "k", 1, &n) == NULL);
    web_cache_free(c);
}

static void test_bounds(void)
{
    web_cache *c = web_cache_new(64 << 10);
    CHECK(web_cache_sync(c, 1, "2026-11-26", 0));
    char *big = calloc(1, 16 << 10);
    memset(big, 'b', (16 << 10) - 1);
    put(c, "big", big);                            /* over an eighth of the bound: not kept */
    CHECK(get(c, "big") == NULL);
    /* Many small entries: the cache starts over when full, and every value read back is the
     * one stored under its key. */
    char key[32], val[64];
    int found = 0, wrong = 0;
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        snprintf(val, sizeof val, "value of %d and some padding to fill memory", i);
        put(c, key, val);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        snprintf(val, sizeof val, "value of %d and some padding to fill memory", i);
        const char *g = get(c, key);
        if (g) { found++; if (strcmp(g, val) != 0) wrong++; }
    }
    CHECK_INT(wrong, 0);
    CHECK(found > 0 && found < 5000);
    unsigned long long hits, misses, flushes;
    web_cache_stats(&hits, &misses, &flushes);
    CHECK(flushes > 0);
    CHECK(hits >= (unsigned long long)found);
    free(big);
    web_cache_free(c);
}

int main(void)
{
    RUN(test_generation);
    RUN(test_recent);
    RUN(test_values_are_bytes);
    RUN(test_bounds);
    return check_done();
}
