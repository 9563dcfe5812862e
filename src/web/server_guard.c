/* server_guard.c: the per-address connection limit, the request deadline and the body budget of
 * `thidua serve` (see server_guard.h).
 *
 * Why here and not in libmicrohttpd's options: MHD_OPTION_PER_IP_CONNECTION_LIMIT cannot spare a
 * trusted reverse proxy, through which every client arrives from one address; and
 * MHD_OPTION_CONNECTION_TIMEOUT counts idle time only, so a client sending one header line
 * every few seconds keeps a connection for ever. So every connection is tracked in one list,
 * from MHD's "started" notification to its "closed" one: the list gives the count per address
 * and lets a watchdog thread find connections whose request is overdue. The watchdog ends such
 * a connection with shutdown(2), which makes MHD's own next read fail and close it in its
 * worker thread; the descriptor stays valid meanwhile because MHD closes it only after the
 * "closed" notification, which takes the same lock.
 *
 * The list is scanned whole (for the count on each accept, and by the watchdog five times a
 * second): at most the daemon's connection limit (1000) entries, a few microseconds. */
#include "server_guard.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "util.h"
#include "web.h"

struct guarded {               /* one connection: MHD's socket context */
    struct guarded *prev, *next;
    MHD_socket fd;
    unsigned char key[16];     /* the peer's address: IPv4 in the first 4 bytes, else IPv6 */
    bool counted;              /* counts against its address (not a trusted proxy, not refused) */
    bool cut;                  /* shut down by the watchdog or as one too many */
    _Atomic int64_t since_ms;  /* the deadline clock's start (monotonic); 0: stopped */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static struct guarded *conns;
static struct guard_limits lim;
static pthread_t watchdog;
static bool running, stopping;
static _Atomic uint64_t body_used;
/* What was refused or cut since the last log line (one line a second at most: an attack must
 * not also flood the log). Under mu. */
static unsigned long n_refused, n_cut;
static int64_t last_report_ms;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The address as a 16-byte key (IPv4, also when mapped into IPv6, as 4 bytes and zeros), and
 * whether it is a trusted proxy (--trusted-proxy), which no limit applies to. */
static bool address_key(const struct sockaddr *sa, unsigned char key[16], bool *proxy)
{
    char text[INET6_ADDRSTRLEN];
    memset(key, 0, 16);
    if (!sa) return false;
    if (sa->sa_family == AF_INET) {
        const struct in_addr *a = &((const struct sockaddr_in *)sa)->sin_addr;
        memcpy(key, a, 4);
        inet_ntop(AF_INET, a, text, sizeof text);
    } else if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a)) {
            memcpy(key, a->s6_addr + 12, 4);
            inet_ntop(AF_INET, key, text, sizeof text);
        } else {
            memcpy(key, a, 16);
            inet_ntop(AF_INET6, a, text, sizeof text);
        }
    } else {
        return false;
    }
    *proxy = web_is_trusted_proxy(text);
    return true;
}

static unsigned count_of(const unsigned char key[16])
{
    unsigned n = 0;
    for (struct guarded *g = conns; g; g = g->next)
        if (g->counted && !memcmp(g->key, key, 16)) n++;
    return n;
}

/* Under mu. */
static void report(void)
{
    int64_t now = mono_ms();
    if ((!n_refused && !n_cut) || now - last_report_ms < 1000) return;
    log_info("serve: guard: %lu connection(s) refused (over %u per address), %lu closed at the %u s request deadline",
             n_refused, lim.per_address, n_cut, lim.deadline_s);
    n_refused = n_cut = 0;
    last_report_ms = now;
}

enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)cls;
    (void)addrlen;
    unsigned char key[16];
    bool proxy = false;
    if (!lim.per_address || !address_key(addr, key, &proxy) || proxy) return MHD_YES;
    pthread_mutex_lock(&mu);
    bool ok = count_of(key) < lim.per_address;
    if (!ok) {
        n_refused++;
        report();
    }
    pthread_mutex_unlock(&mu);
    return ok ? MHD_YES : MHD_NO;
}

void guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        struct guarded *g = xcalloc(1, sizeof *g);
        const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        g->fd = fd ? fd->connect_fd : MHD_INVALID_SOCKET;
        bool proxy = false;
        bool known = address_key(ad ? ad->client_addr : NULL, g->key, &proxy);
        atomic_store(&g->since_ms, mono_ms());
        pthread_mutex_lock(&mu);
        /* The accept policy checked the count, but several worker threads accept at once: the
         * exact check is this one, made under the same lock that adds the connection. */
        if (known && !proxy && lim.per_address) {
            if (count_of(g->key) < lim.per_address) {
                g->counted = true;
            } else if (g->fd != MHD_INVALID_SOCKET) {
                shutdown(g->fd, SHUT_RDWR);
                g->cut = true;
                n_refused++;
                report();
            }
        }
        g->next = conns;
        if (conns) conns->prev = g;
        conns = g;
        pthread_mutex_unlock(&mu);
        *socket_context = g;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct guarded *g = *socket_context;
        if (!g) return;
        pthread_mutex_lock(&mu);
        if (g->prev) g->prev->next = g->next;
        else conns = g->next;
        if (g->next) g->next->prev = g->prev;
        pthread_mutex_unlock(&mu);
        free(g);
        *socket_context = NULL;
    }
}

void guard_clock(struct MHD_Connection *conn, bool receiving)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct guarded *g = ci ? ci->socket_context : NULL;
    if (g) atomic_store(&g->since_ms, receiving ? mono_ms() : 0);
}

static void *watch(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    while (!stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 200 * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&wake, &mu, &until);
        if (stopping) break;
        int64_t now = mono_ms(), deadline = (int64_t)lim.deadline_s * 1000;
        for (struct guarded *g = conns; g; g = g->next) {
            int64_t since = atomic_load(&g->since_ms);
            if (g->cut || !since || now - since <= deadline || g->fd == MHD_INVALID_SOCKET) continue;
            shutdown(g->fd, SHUT_RDWR);
            g->cut = true;
            n_cut++;
        }
        report();
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

/* ---- public rate limits ----
 * One fixed table of buckets under its own lock (a request takes it once, for a few hundred
 * nanoseconds; the connection list's lock is not involved). A bucket is keyed by the client's
 * canonical address text and the class; it is found by hashing into a probe window of
 * RATE_PROBE slots. A full window gives up its stalest bucket: an address quiet long enough to
 * be evicted had refilled most of its tokens anyway, so eviction forgives little. */
#define RATE_PROBE 16
struct rate_bucket {
    char key[INET6_ADDRSTRLEN + 2];   /* class digit, ':', address; "" free */
    double tokens;
    int64_t last_ms;
};
static pthread_mutex_t rate_mu = PTHREAD_MUTEX_INITIALIZER;
static struct rate_bucket *rate_table;      /* GUARD_RATE_BUCKETS, made by guard_start */
static _Atomic bool rate_on;
static _Atomic uint64_t rate_refused[2];

static uint64_t rate_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

bool guard_rate_admit(const char *client_addr, enum guard_rate_class cls, unsigned *retry_after_s)
{
    *retry_after_s = 0;
    if (!atomic_load(&rate_on) || !client_addr) return true;
    unsigned per_minute = cls == GUARD_RATE_SEARCH ? lim.search_rate_per_minute : lim.public_rate_per_minute;
    unsigned burst = cls == GUARD_RATE_SEARCH ? lim.search_burst : lim.public_burst;
    if (!per_minute || !burst) return true;
    char key[sizeof ((struct rate_bucket *)0)->key];
    /* An IPv6 client owns a whole /64 as a rule: one bucket for the prefix, or a flood of its
     * addresses would simply evict its own bucket. */
    struct in6_addr v6;
    char prefix[INET6_ADDRSTRLEN];
    if (strchr(client_addr, ':') && inet_pton(AF_INET6, client_addr, &v6) == 1 && !IN6_IS_ADDR_V4MAPPED(&v6)) {
        memset(v6.s6_addr + 8, 0, 8);
        if (inet_ntop(AF_INET6, &v6, prefix, sizeof prefix)) client_addr = prefix;
    }
    snprintf(key, sizeof key, "%d:%s", (int)cls, client_addr);
    int64_t now = mono_ms();
    double per_ms = per_minute / 60000.0;
    pthread_mutex_lock(&rate_mu);
    size_t base = rate_hash(key) % GUARD_RATE_BUCKETS, stalest = base;
    struct rate_bucket *b = NULL;
    for (size_t i = 0; i < RATE_PROBE; i++) {
        struct rate_bucket *c = &rate_table[(base + i) % GUARD_RATE_BUCKETS];
        if (!strcmp(c->key, key)) { b = c; break; }
        if (!c->key[0] || c->last_ms < rate_table[stalest].last_ms) stalest = (base + i) % GUARD_RATE_BUCKETS;
        if (!c->key[0]) break;
    }
    if (!b) {
        b = &rate_table[stalest];
        snprintf(b->key, sizeof b->key, "%s", key);
        b->tokens = burst;
        b->last_ms = now;
    }
    b->tokens += (double)(now - b->last_ms) * per_ms;
    if (b->tokens > burst) b->tokens = burst;
    b->last_ms = now;
    bool ok = b->tokens >= 1.0;
    if (ok) {
        b->tokens -= 1.0;
    } else {
        double wait_ms = (1.0 - b->tokens) / per_ms;
        unsigned s = (unsigned)((wait_ms + 999.0) / 1000.0);
        *retry_after_s = s ? s : 1;
    }
    pthread_mutex_unlock(&rate_mu);
    if (!ok) atomic_fetch_add(&rate_refused[cls == GUARD_RATE_SEARCH], 1);
    return ok;
}

uint64_t guard_rate_limited_total(void) { return atomic_load(&rate_refused[0]) + atomic_load(&rate_refused[1]); }

void guard_rate_metrics(buf *out)
{
    buf_puts(out, "# HELP thidua_http_rate_limited_total Anonymous requests to public routes refused with 429 (per-address token bucket).\n"
                  "# TYPE thidua_http_rate_limited_total counter\n");
    buf_printf(out, "thidua_http_rate_limited_total{class=\"public\"} %llu\n", (unsigned long long)atomic_load(&rate_refused[0]));
    buf_printf(out, "thidua_http_rate_limited_total{class=\"search\"} %llu\n", (unsigned long long)atomic_load(&rate_refused[1]));
}

int guard_start(const struct guard_limits *limits)
{
    lim = *limits;
    if (!rate_table) rate_table = xcalloc(GUARD_RATE_BUCKETS, sizeof *rate_table);
    atomic_store(&rate_on, true);
    atomic_store(&body_used, 0);
    if (!lim.deadline_s) return 0;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&wake, &ca);
    pthread_condattr_destroy(&ca);
    stopping = false;
    int rc = pthread_create(&watchdog, NULL, watch, NULL);
    if (rc) {
        log_error("serve: cannot start the request deadline thread: %s", strerror(rc));
        pthread_cond_destroy(&wake);
        return -1;
    }
    running = true;
    return 0;
}

void guard_stop(void)
{
    atomic_store(&rate_on, false);
    if (!running) return;
    pthread_mutex_lock(&mu);
    stopping = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&mu);
    pthread_join(watchdog, NULL);
    pthread_cond_destroy(&wake);
    running = false;
}

bool guard_body_take(uint64_t n)
{
    uint64_t used = atomic_load(&body_used);
    do {
        if (n > lim.body_budget || used > lim.body_budget - n) return false;
    } while (!atomic_compare_exchange_weak(&body_used, &used, used + n));
    return true;
}

void guard_body_give(uint64_t n) { atomic_fetch_sub(&body_used, n); }

uint64_t guard_body_budget(void) { return lim.body_budget; }

static void (*limits_reader)(store *s, struct guard_limits *out);

void guard_set_limits_reader(void (*read)(store *s, struct guard_limits *out)) { limits_reader = read; }

void guard_read_limits(store *s, struct guard_limits *out)
{
    *out = (struct guard_limits){GUARD_DEFAULT_PER_ADDRESS, GUARD_DEFAULT_DEADLINE_S, GUARD_DEFAULT_BODY_BUDGET,
                                 GUARD_DEFAULT_PUBLIC_RATE, GUARD_DEFAULT_PUBLIC_BURST,
                                 GUARD_DEFAULT_SEARCH_RATE, GUARD_DEFAULT_SEARCH_BURST};
    if (limits_reader) limits_reader(s, out);
}
