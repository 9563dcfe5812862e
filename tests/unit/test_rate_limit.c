/* test_rate_limit.c: the public rate limit's token buckets (web/server_guard.c): a burst then
 * refusals with a whole-second Retry-After, refill over time, IPv6 clients bucketed by /64, the search class separate and
 * stricter, addresses independent, the fixed table evicting its stalest buckets under a flood of
 * addresses (memory bounded, an evicted address starting again with a full bucket), and nothing
 * limited outside a running server. */
#include <stdio.h>
#include <time.h>

#include "check.h"
#include "server_guard.h"

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static struct guard_limits limits(unsigned rate, unsigned burst, unsigned search_rate, unsigned search_burst)
{
    /* deadline 0: no watchdog thread; only the buckets matter here. */
    return (struct guard_limits){64, 0, (uint64_t)1 << 20, rate, burst, search_rate, search_burst};
}

static void test_burst_then_refused(void)
{
    struct guard_limits l = limits(60, 3, 6, 1);
    CHECK_INT(guard_start(&l), 0);
    unsigned retry = 99;
    for (int i = 0; i < 3; i++) CHECK(guard_rate_admit("192.0.2.1", GUARD_RATE_PUBLIC, &retry));
    uint64_t refused = guard_rate_limited_total();
    CHECK(!guard_rate_admit("192.0.2.1", GUARD_RATE_PUBLIC, &retry));
    CHECK(retry >= 1 && retry <= 1);   /* 60 a minute: a token a second */
    CHECK_INT(guard_rate_limited_total(), refused + 1);
    CHECK(guard_rate_admit("192.0.2.2", GUARD_RATE_PUBLIC, &retry));   /* another address */
    /* IPv6: one bucket per /64, so a client cannot hop between its own addresses. */
    for (int i = 0; i < 3; i++) CHECK(guard_rate_admit("2001:db8:1:2::1", GUARD_RATE_PUBLIC, &retry));
    CHECK(!guard_rate_admit("2001:db8:1:2:ffff::9", GUARD_RATE_PUBLIC, &retry));
    CHECK(guard_rate_admit("2001:db8:1:3::1", GUARD_RATE_PUBLIC, &retry));
    /* The search class is its own bucket: one at once, then ten seconds. */
    CHECK(guard_rate_admit("192.0.2.1", GUARD_RATE_SEARCH, &retry));
    CHECK(!guard_rate_admit("192.0.2.1", GUARD_RATE_SEARCH, &retry));
    CHECK_INT(retry, 10);
    /* Refill: a second later the public bucket has a token again. */
    sleep_ms(1050);
    CHECK(guard_rate_admit("192.0.2.1", GUARD_RATE_PUBLIC, &retry));
    CHECK(!guard_rate_admit("192.0.2.1", GUARD_RATE_PUBLIC, &retry));
    buf m = {0};
    guard_rate_metrics(&m);
    CHECK_CONTAINS(buf_str(&m), "thidua_http_rate_limited_total{class=\"search\"} 1");
    buf_free(&m);
    guard_stop();
    /* Stopped (or never started: `thidua http`): nothing is limited. */
    for (int i = 0; i < 10; i++) CHECK(guard_rate_admit("192.0.2.1", GUARD_RATE_PUBLIC, &retry));
}

static void test_flood_evicts_stalest(void)
{
    struct guard_limits l = limits(1, 2, 1, 1);
    CHECK_INT(guard_start(&l), 0);
    unsigned retry;
    CHECK(guard_rate_admit("198.51.100.7", GUARD_RATE_PUBLIC, &retry));
    CHECK(guard_rate_admit("198.51.100.7", GUARD_RATE_PUBLIC, &retry));
    CHECK(!guard_rate_admit("198.51.100.7", GUARD_RATE_PUBLIC, &retry));
    /* Ten times the table's size in other addresses: each is admitted (a fresh bucket), and the
     * table does not grow: the quiet address above was among the stalest and was forgotten. */
    char addr[64];
    int admitted = 0;
    for (int i = 0; i < GUARD_RATE_BUCKETS * 10; i++) {
        snprintf(addr, sizeof addr, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        admitted += guard_rate_admit(addr, GUARD_RATE_PUBLIC, &retry);
    }
    CHECK_INT(admitted, GUARD_RATE_BUCKETS * 10);
    CHECK(guard_rate_admit("198.51.100.7", GUARD_RATE_PUBLIC, &retry));
    guard_stop();
}

int main(void)
{
    RUN(test_burst_then_refused);
    RUN(test_flood_evicts_stalest);
    return check_done();
}
