/* tests/unit/check.h: the tiny unit-test harness of thidua (header only).
 * A test file defines `static void test_x(void)` functions and a main that lists them:
 *     int main(void) { RUN(test_x); RUN(test_y); return check_done(); }
 * Each RUN prints one line, `PASS file:test_x` or `FAIL file:test_x: why`, which tests/run counts.
 * CHECK* record a failure and carry on, so one run reports every broken expectation. */
#ifndef CHECK_H
#define CHECK_H
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_failures_in_test, check_total_failed;
static const char *check_current;

static inline void check_fail_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static inline void check_fail_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    if (check_failures_in_test++ == 0) printf("FAIL %s:%s: ", file, check_current);
    else printf("     (also) ");
    printf("line %d: ", line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

#define CHECK(cond) do { if (!(cond)) check_fail_at(__FILE__, __LINE__, "%s", #cond); } while (0)
#define CHECK_INT(got, want) do { long long g_ = (long long)(got), w_ = (long long)(want); \
    if (g_ != w_) check_fail_at(__FILE__, __LINE__, "%s = %lld, want %lld", #got, g_, w_); } while (0)
#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
    if (!g_ || !w_ || strcmp(g_, w_) != 0) check_fail_at(__FILE__, __LINE__, "%s = \"%s\", want \"%s\"", \
        #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } while (0)
#define CHECK_CONTAINS(hay, needle) do { const char *h_ = (hay), *n_ = (needle); \
    if (!h_ || !strstr(h_, n_)) check_fail_at(__FILE__, __LINE__, "%s does not contain \"%s\"", #hay, n_); } while (0)

#define RUN(fn) do { check_current = #fn; check_failures_in_test = 0; fn(); \
    if (check_failures_in_test) check_total_failed++; else printf("PASS %s:%s\n", __FILE__, #fn); \
    fflush(stdout); } while (0)

static inline int check_done(void) { return check_total_failed ? 1 : 0; }
#endif
