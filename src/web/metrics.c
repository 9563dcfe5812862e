/* metrics.c: counters behind GET /metrics. A small fixed table of (route, status) cells guarded
 * by a mutex (an observation is a few nanoseconds of work; contention is negligible next to
 * request handling), a latency histogram, and the store's database time. */
#include "metrics.h"
#include "web.h"

#include <pthread.h>
#include <string.h>

#include "store.h"

#define MAX_CELLS 512
static const double buckets_ms[] = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};
#define NBUCKETS (sizeof buckets_ms / sizeof buckets_ms[0])

static struct cell { const char *route; int status; uint64_t count; } cells[MAX_CELLS];
static int ncells;
static uint64_t hist[NBUCKETS + 1], hist_count;
static double hist_sum_ms;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void (*sources[16])(buf *out);   /* metrics_add_source; written at start, before serving */
static int n_sources;

void metrics_observe(const char *route_name, int status, int64_t ms)
{
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < ncells; i++)
        if (cells[i].status == status && cells[i].route == route_name) break;
    if (i == ncells && ncells < MAX_CELLS) cells[ncells++] = (struct cell){route_name, status, 0};
    if (i < ncells) cells[i].count++;
    size_t b = 0;
    while (b < NBUCKETS && (double)ms > buckets_ms[b]) b++;
    hist[b]++;
    hist_count++;
    hist_sum_ms += (double)ms;
    pthread_mutex_unlock(&lock);
}

void metrics_render(buf *out)
{
    pthread_mutex_lock(&lock);
    buf_puts(out, "# HELP thidua_http_requests_total HTTP requests by route and status.\n"
                  "# TYPE thidua_http_requests_total counter\n");
    for (int i = 0; i < ncells; i++)
        buf_printf(out, "thidua_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                   cells[i].route, cells[i].status, (unsigned long long)cells[i].count);
    buf_puts(out, "# HELP thidua_http_request_duration_seconds Time to answer a request.\n"
                  "# TYPE thidua_http_request_duration_seconds histogram\n");
    uint64_t cum = 0;
    for (size_t b = 0; b < NBUCKETS; b++) {
        cum += hist[b];
        buf_printf(out, "thidua_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                   buckets_ms[b] / 1000.0, (unsigned long long)cum);
    }
    cum += hist[NBUCKETS];
    buf_printf(out, "thidua_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
                    "thidua_http_request_duration_seconds_sum %g\n"
                    "thidua_http_request_duration_seconds_count %llu\n",
               (unsigned long long)cum, hist_sum_ms / 1000.0, (unsigned long long)hist_count);
    pthread_mutex_unlock(&lock);
    buf_printf(out, "# HELP thidua_db_seconds_total Time spent in database calls.\n"
                    "# TYPE thidua_db_seconds_total counter\nthidua_db_seconds_total %g\n",
               store_seconds_total());
    unsigned long long hits, misses, flushes;
    web_cache_stats(&hits, &misses, &flushes);
    buf_printf(out, "# HELP thidua_cache_lookups_total Lookups in the workers' caches (credentials, cached replies).\n"
                    "# TYPE thidua_cache_lookups_total counter\n"
                    "thidua_cache_lookups_total{result=\"hit\"} %llu\nthidua_cache_lookups_total{result=\"miss\"} %llu\n"
                    "# HELP thidua_cache_flushes_total Whole-cache drops (data changed, new day, or full).\n"
                    "# TYPE thidua_cache_flushes_total counter\nthidua_cache_flushes_total %llu\n",
               hits, misses, flushes);
    uint64_t stmt_hits, stmt_prepares;
    store_stmt_stats(&stmt_hits, &stmt_prepares);
    buf_printf(out, "# HELP thidua_db_statements_total Prepared statements: served from a connection's cache, or prepared.\n"
                    "# TYPE thidua_db_statements_total counter\n"
                    "thidua_db_statements_total{result=\"cached\"} %llu\nthidua_db_statements_total{result=\"prepared\"} %llu\n",
               (unsigned long long)stmt_hits, (unsigned long long)stmt_prepares);
    for (int i = 0; i < n_sources; i++) sources[i](out);
}

void metrics_add_source(void (*render)(buf *out))
{
    pthread_mutex_lock(&lock);
    bool known = false;
    for (int i = 0; i < n_sources; i++) known |= sources[i] == render;
    if (!known && n_sources < (int)countof(sources)) sources[n_sources++] = render;
    pthread_mutex_unlock(&lock);
}
