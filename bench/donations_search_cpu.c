/* bench/donations_search_cpu.c: the CPU time of each search of bench/donations, measured inside
 * one process (donation_search on one connection, CLOCK_THREAD_CPUTIME_ID), for a figure that a
 * loaded shared machine does not inflate: the live server's latencies there include the time
 * its threads wait for a core. Usage: donations_search_cpu DB FUND_ID < queries.tsv (lines
 * "shape<TAB>query", as the bench wrote them); prints "shape<TAB>query<TAB>cpu ms<TAB>rows" per
 * query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fund.h"

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: donations_search_cpu DB FUND_ID < queries.tsv\n"); return 2; }
    char err[256], line[1024];
    store *s = store_open(argv[1], err, sizeof err);
    if (!s) { fprintf(stderr, "%s\n", err); return 1; }
    int64_t fund = atoll(argv[2]);
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        arena a = {0};
        struct donation_query q = {.fund_id = fund, .limit = 50};
        const char *why = NULL;
        if (!donation_query_parse(&a, tab + 1, &q, &why)) { fprintf(stderr, "%s: %s\n", tab + 1, why); return 1; }
        struct donation *v;
        int n;
        bool more;
        double c0 = cpu_ms();
        if (donation_search(s, &a, &q, &v, &n, &more) != 0) { fprintf(stderr, "%s: %s\n", tab + 1, store_errmsg(s)); return 1; }
        printf("%s\t%s\t%.3f\t%d\n", line, tab + 1, cpu_ms() - c0, n);
        arena_free(&a);
    }
    store_close(s);
    return 0;
}
