/* bench/text_bench.c: throughput of the Vietnamese string functions (built and run by bench/text).
 * Generates a deterministic corpus of realistic lines — full names with diacritics, transfer
 * messages shaped like ../shared/data (ASCII, capitals) and Vietnamese sentences — and measures,
 * per line as an importer or the store calls them, MB/s of input (best of 9 rounds of at least
 * 0.05 s of thread CPU time, interleaved with the baseline's rounds) for:
 *   baseline   a plain ASCII lower-case copy of each line into a reused buffer
 *   vn_fold, vn_sortkey, vn_name_sortkey (names), vn_normalize, vn_sender_extract (messages)
 * Each figure is the best of several rounds, and every ratio is against the baseline measured
 * in the same run on the same lines. Prints a Markdown table on standard output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vn.h"
#include "vn_gen.h"

/* Lines of one kind stored back to back in one block, as a reader's buffer would hold them:
 * lines scattered over the heap would measure cache misses instead of the functions. */
struct corpus { char **line; size_t *len; size_t n, bytes; buf text; };

static void add(struct corpus *c, const char *s)
{
    c->len = xrealloc(c->len, (c->n + 1) * sizeof *c->len);
    c->len[c->n] = strlen(s);
    buf_append(&c->text, s, c->len[c->n] + 1);
    c->bytes += c->len[c->n];
    c->n++;
}

static void finish(struct corpus *c)
{
    c->line = xmalloc(c->n * sizeof *c->line);
    for (size_t i = 0, off = 0; i < c->n; off += c->len[i] + 1, i++) c->line[i] = c->text.data + off;
}

/* A name as transfers write it ("NGUYEN HUY THO"): folded, then in capitals. */
static void ascii_upper_fold(char *s)
{
    buf f = {0};
    vn_fold(s, strlen(s), &f);
    for (size_t i = 0; i < f.len; i++)
        if (f.data[i] >= 'a' && f.data[i] <= 'z') f.data[i] = (char)(f.data[i] - 32);
    strcpy(s, f.data);
    buf_free(&f);
}

static void build(struct corpus *names, struct corpus *msgs, struct corpus *mixed, size_t target)
{
    vn_rng r = {20240917};
    static const char *const tails[] = {"Chuyen tien", "chuyen tien ung ho dong bao mien Bac",
                                        "ung ho khac phuc hau qua bao Yagi", "ck", "UNG HO BAO LU"};
    while (mixed->bytes < target) {
        struct vn_gen_name g;
        vn_gen_name(&r, &g);
        add(names, g.full);
        add(mixed, g.full);
        char up[256], msg[512];
        snprintf(up, sizeof up, "%s", g.full);
        ascii_upper_fold(up);
        switch (vn_rng_below(&r, 4)) {
        case 0: snprintf(msg, sizeof msg, "1261122666 %s %s", up, VN_PICK(&r, tails)); break;
        case 1:
            snprintf(msg, sizeof msg, "TKThe :%u tai VCB. MBVCB.%u.%u.%s %s.CT tu %uxxx %s toi 1261122666 "
                     "UBTW MTTQ VIET NAM tai BIDV", vn_rng_below(&r, 1000000000), vn_rng_below(&r, 1000000000),
                     vn_rng_below(&r, 1000000), up, VN_PICK(&r, tails), vn_rng_below(&r, 100000000), up);
            break;
        case 2:
            snprintf(msg, sizeof msg, "CT nhanh 247 den: %s %s (CT1111) %s %u***", up, VN_PICK(&r, tails), up,
                     vn_rng_below(&r, 1000000000));
            break;
        default:
            snprintf(msg, sizeof msg, "TKThe :%u tai MSCBVNVX. %s %s - B2B0200970422091%uCY8S4", vn_rng_below(&r, 1000000000),
                     up, VN_PICK(&r, tails), vn_rng_below(&r, 1000000000));
            break;
        }
        add(msgs, msg);
        add(mixed, msg);
        char sentence[512];
        size_t n = 0;
        unsigned words = 6 + vn_rng_below(&r, 10);
        for (unsigned w = 0; w < words && n + 80 < sizeof sentence; w++) {
            if (w) sentence[n++] = ' ';
            n = vn_gen_syllable(&r, sentence, n, w == 0 ? 1 : 0);
        }
        sentence[n] = 0;
        add(mixed, sentence);
    }
    finish(names);
    finish(msgs);
    finish(mixed);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);  /* CPU time: other load on the machine does not count */
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

enum job { BASELINE, FOLD, SORTKEY, NAMEKEY, NORMALIZE, SENDER };
static volatile size_t sink;

/* Time of one pass of job j over the lines. */
static double pass_time(enum job j, const struct corpus *c, buf *out, int passes)
{
    double t0 = now();
    size_t total = 0;
    for (int pass = 0; pass < passes; pass++) {
        for (size_t i = 0; i < c->n; i++) {
            const char *s = c->line[i];
            size_t n = c->len[i];
            buf_reset(out);
            switch (j) {
            case BASELINE:
                buf_grow(out, n);
                for (size_t k = 0; k < n; k++) {
                    unsigned char ch = (unsigned char)s[k];
                    out->data[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
                }
                out->len = n;
                out->data[n] = 0;
                break;
            case FOLD: vn_fold(s, n, out); break;
            case SORTKEY: vn_sortkey(s, n, out); break;
            case NAMEKEY: vn_name_sortkey(s, n, out); break;
            case NORMALIZE: vn_normalize(s, n, 0, out, NULL); break;
            case SENDER: {
                struct vn_sender snd;
                total += vn_sender_extract(s, n, &snd);
                break;
            }
            }
            total += out->len;
        }
    }
    sink = total;
    return (now() - t0) / passes;
}

/* MB/s of job j and of the baseline on the same lines, rounds interleaved so that a busy
 * machine slows both alike; the best round of each counts. */
static void measure(enum job j, const struct corpus *c, double *mbs, double *base)
{
    buf out = {0};
    int pj = 1, pb = 1;
    while (pass_time(j, c, &out, pj) * pj < 0.05 && pj < 4096) pj *= 2;
    while (pass_time(BASELINE, c, &out, pb) * pb < 0.05 && pb < 4096) pb *= 2;
    double bj = 1e9, bb = 1e9;
    for (int round = 0; round < 9; round++) {
        double t = pass_time(BASELINE, c, &out, pb);
        if (t < bb) bb = t;
        t = pass_time(j, c, &out, pj);
        if (t < bj) bj = t;
    }
    buf_free(&out);
    *mbs = (double)c->bytes / bj / 1e6;
    *base = (double)c->bytes / bb / 1e6;
}

static double row(const char *what, enum job j, const char *input, const struct corpus *c)
{
    double mbs, base;
    measure(j, c, &mbs, &base);
    printf("| %s | %s | %.1f | %.1f | %.2f |\n", what, input, mbs, base, mbs / base);
    return mbs;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 8;
    struct corpus names = {0}, msgs = {0}, mixed = {0};
    build(&names, &msgs, &mixed, mb * 1000 * 1000);
    size_t non_ascii = 0;
    for (size_t i = 0; i < mixed.n; i++)
        for (size_t k = 0; k < mixed.len[i]; k++) non_ascii += (unsigned char)mixed.line[i][k] >= 0x80;
    printf("Corpus: %zu lines, %.1f MB (names with diacritics, transfer messages, Vietnamese sentences; "
           "%.0f%% of bytes non-ASCII); one call per line, best of 9 rounds.\n\n",
           mixed.n, (double)mixed.bytes / 1e6, 100.0 * (double)non_ascii / (double)mixed.bytes);
    printf("| operation | input | MB/s | baseline MB/s | × baseline |\n|---|---|---:|---:|---:|\n");
    row("vn_fold", FOLD, "all lines", &mixed);
    row("vn_sortkey", SORTKEY, "all lines", &mixed);
    row("vn_normalize", NORMALIZE, "all lines", &mixed);
    row("vn_fold", FOLD, "names", &names);
    row("vn_sortkey", SORTKEY, "names", &names);
    row("vn_name_sortkey", NAMEKEY, "names", &names);
    row("vn_fold", FOLD, "transfer messages", &msgs);
    row("vn_sortkey", SORTKEY, "transfer messages", &msgs);
    double snd = row("vn_sender_extract", SENDER, "transfer messages", &msgs);
    printf("\nBaseline: a plain ASCII lower-case copy of each line into a reused buffer, timed in rounds "
           "interleaved with the operation's; times are the thread's CPU time. vn_sender_extract: %.0f messages/s.\n",
           snd * 1e6 * (double)msgs.n / (double)msgs.bytes);
    return 0;
}
