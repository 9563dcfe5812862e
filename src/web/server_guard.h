/* server_guard.h: what keeps one client of `thidua serve` from holding the server for everyone
 * else: a limit on connections per address, a deadline for each request's head and body, and a
 * budget for the bodies being received at once across all connections. libmicrohttpd calls the
 * first two through its accept-policy and connection-notification hooks; server.c drives the
 * deadline clock and the budget from its access handler. Settings: http.* (core/setting.c, read through guard_set_limits_reader). */
#ifndef THIDUA_SERVER_GUARD_H
#define THIDUA_SERVER_GUARD_H
#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

#include "store.h"
#include "util.h"

struct guard_limits {
    unsigned per_address;      /* open connections from one address (trusted proxies: no limit) */
    unsigned deadline_s;       /* to receive a request's head and body, from the connection's
                                * start or the end of its previous reply */
    uint64_t body_budget;      /* bytes of request bodies being received at once, server-wide */
    /* Anonymous requests to public routes, per client address (token buckets, guard_rate_admit):
     * tokens per minute and the bucket's size; the search class (R_SEARCH) has its own pair. */
    unsigned public_rate_per_minute, public_burst;
    unsigned search_rate_per_minute, search_burst;
};

/* Where `thidua serve` reads the limits when it starts: the settings table lives in a higher
 * layer (core/setting.c), so the app registers the reader (app/main.c). Without one, the
 * defaults below apply. */
void guard_set_limits_reader(void (*read)(store *s, struct guard_limits *out));
void guard_read_limits(store *s, struct guard_limits *out);
#define GUARD_DEFAULT_PER_ADDRESS 64
#define GUARD_DEFAULT_DEADLINE_S 60
#define GUARD_DEFAULT_BODY_BUDGET ((uint64_t)512 << 20)
#define GUARD_DEFAULT_PUBLIC_RATE 120
#define GUARD_DEFAULT_PUBLIC_BURST 60
#define GUARD_DEFAULT_SEARCH_RATE 20
#define GUARD_DEFAULT_SEARCH_BURST 10

/* Starts the deadline watchdog thread; call before MHD_start_daemon. 0, or -1 (no thread). */
int guard_start(const struct guard_limits *limits);
/* Stops the watchdog; call after MHD_stop_daemon (every connection is closed by then). */
void guard_stop(void);

/* MHD_AcceptPolicyCallback: refuses a connection from an address already at its limit. */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
/* MHD_NotifyConnectionCallback: tracks each connection (its socket context) from open to close;
 * counts it against its address exactly (the accept policy can let a few more in at once, one
 * per worker thread) and starts its deadline clock. */
void guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                  enum MHD_ConnectionNotificationCode code);
/* The deadline clock: running while a request's head or body is being received, stopped once
 * the whole request is in (its reply may take as long as it takes), started again when the
 * reply is done and the connection waits for its next request. A connection whose clock runs
 * past the deadline is shut down by the watchdog. */
void guard_clock(struct MHD_Connection *conn, bool receiving);

/* Public rate limits: a token bucket per client address (after --trusted-proxy resolution) and
 * class, for anonymous requests to public routes. Active only in `thidua serve` after
 * guard_start (a `thidua http` process answers one request and keeps nothing). True: admitted
 * (a token taken). False: refused, *retry_after_s the whole seconds until a token is back (≥ 1).
 * The table has a fixed number of buckets; a new address takes the stalest bucket of its probe
 * window, so memory is bounded and a flood of addresses only forgets the quietest ones. */
enum guard_rate_class { GUARD_RATE_PUBLIC = 0, GUARD_RATE_SEARCH = 1 };
bool guard_rate_admit(const char *client_addr, enum guard_rate_class cls, unsigned *retry_after_s);
/* Requests refused by guard_rate_admit since the start, and the /metrics lines for it. */
uint64_t guard_rate_limited_total(void);
void guard_rate_metrics(buf *out);
#define GUARD_RATE_BUCKETS 8192

/* The body budget: takes n bytes (false, nothing taken, if that would pass the budget) and
 * gives them back. guard_body_budget is the configured total. */
bool guard_body_take(uint64_t n);
void guard_body_give(uint64_t n);
uint64_t guard_body_budget(void);
#endif
