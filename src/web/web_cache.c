/* web_cache.c: a per-worker cache of what requests derive from the database — who a session or an
 * API token belongs to (session.c), and whole replies of routes marked R_CACHE (web.c).
 *
 * Why it is correct: every entry belongs to one generation, named by the database's data version
 * (store_data_version: it changes on any commit, from this process or another, such as a CLI
 * import) and by the calendar day (pages say what is valid "today"). When either has moved,
 * every entry is dropped before anything is read. A reply is computed from the request's read
 * snapshot, which is the version synced, or newer if the request wrote — then the next sync sees
 * a newer version and drops it, so nothing stale survives.
 *
 * When the version is asked: asking costs a read transaction (three system calls on SQLite), as
 * much as the rest of a cached reply. So a request first compares the process's own write
 * counter (store_local_writes, one atomic load): if no connection of this server has written
 * since the last check, and that check is under WEB_CACHE_RECHECK_MS old, the cache is used as
 * it is. A write through this server is therefore seen by the very next request on every
 * worker; a write by another process (the CLI) within WEB_CACHE_RECHECK_MS.
 *
 * Why it is per worker: each worker thread has its own database connection and handles its
 * connections one request at a time, so the cache needs no lock. Memory is bounded: past
 * WEB_CACHE_SLOTS*3/4 entries or max_bytes, the whole generation is dropped (reads of a
 * province's data are few distinct pages read many times; an LRU would buy little). */
#include "web.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WEB_CACHE_SLOTS 1024   /* a power of two */
#define WEB_CACHE_RECHECK_MS 50

struct cache_entry {
    uint64_t hash;
    char *key;                 /* NULL: free slot */
    size_t klen;
    unsigned char *val;
    size_t vlen;
};

struct web_cache {
    uint64_t version;
    uint64_t local_writes;     /* store_local_writes() when the version was last asked */
    int64_t checked_ms;        /* and when (monotonic clock) */
    char day[11];
    size_t bytes, max_bytes;
    int used;
    struct cache_entry slot[WEB_CACHE_SLOTS];
};

/* Process-wide counters for /metrics; each worker adds its own events. */
static _Atomic unsigned long long n_hits, n_misses, n_flushes;

web_cache *web_cache_new(size_t max_bytes)
{
    web_cache *c = xcalloc(1, sizeof *c);
    c->max_bytes = max_bytes;
    return c;
}

static void drop_all(web_cache *c)
{
    for (int i = 0; i < WEB_CACHE_SLOTS; i++) {
        free(c->slot[i].key);
        free(c->slot[i].val);
        c->slot[i] = (struct cache_entry){0};
    }
    c->used = 0;
    c->bytes = 0;
}

void web_cache_free(web_cache *c)
{
    if (!c) return;
    drop_all(c);
    free(c);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool web_cache_recent(web_cache *c, uint64_t local_writes, const char *day)
{
    return c && c->version && local_writes == c->local_writes && day && !memcmp(c->day, day, 10) &&
           mono_ms() - c->checked_ms < WEB_CACHE_RECHECK_MS;
}

bool web_cache_sync(web_cache *c, uint64_t version, const char *day, uint64_t local_writes)
{
    if (!c || !version || !day || strlen(day) != 10) return false;
    c->local_writes = local_writes;
    c->checked_ms = mono_ms();
    if (c->version != version || memcmp(c->day, day, 10) != 0) {
        if (c->used) {
            drop_all(c);
            n_flushes++;
        }
        c->version = version;
        memcpy(c->day, day, 10);
        c->day[10] = 0;
    }
    return true;
}

static uint64_t key_hash(const char *key, size_t klen)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a: keys are short */
    for (size_t i = 0; i < klen; i++) h = (h ^ (unsigned char)key[i]) * 1099511628211u;
    return h;
}

const void *web_cache_get(web_cache *c, const char *key, size_t klen, size_t *vlen)
{
    if (!c || !c->version) return NULL;
    uint64_t h = key_hash(key, klen);
    for (size_t i = h & (WEB_CACHE_SLOTS - 1);; i = (i + 1) & (WEB_CACHE_SLOTS - 1)) {
        struct cache_entry *e = &c->slot[i];
        if (!e->key) break;
        if (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0) {
            n_hits++;
            *vlen = e->vlen;
            return e->val;
        }
    }
    n_misses++;
    return NULL;
}

void web_cache_put(web_cache *c, const char *key, size_t klen, const void *val, size_t vlen)
{
    if (!c || !c->version) return;
    size_t cost = klen + vlen + sizeof(struct cache_entry);
    if (cost > c->max_bytes / 8) return;   /* one huge reply must not evict everything else */
    if (c->used + 1 > WEB_CACHE_SLOTS * 3 / 4 || c->bytes + cost > c->max_bytes) {
        drop_all(c);
        n_flushes++;
    }
    uint64_t h = key_hash(key, klen);
    size_t i = h & (WEB_CACHE_SLOTS - 1);
    for (;; i = (i + 1) & (WEB_CACHE_SLOTS - 1)) {
        struct cache_entry *e = &c->slot[i];
        if (!e->key) break;
        if (e->hash == h && e->klen == klen && memcmp(e->key, key, klen) == 0) return;   /* already there */
    }
    struct cache_entry *e = &c->slot[i];
    e->hash = h;
    e->key = xmalloc(klen);
    memcpy(e->key, key, klen);
    e->klen = klen;
    e->val = xmalloc(vlen ? vlen : 1);
    if (vlen) memcpy(e->val, val, vlen);
    e->vlen = vlen;
    c->used++;
    c->bytes += cost;
}

void web_cache_stats(unsigned long long *hits, unsigned long long *misses, unsigned long long *flushes)
{
    *hits = n_hits;
    *misses = n_misses;
    *flushes = n_flushes;
}
