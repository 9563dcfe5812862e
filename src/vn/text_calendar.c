/* text_calendar.c: `thidua text` subcommands for amounts, dates, the lunar calendar, working
 * days and legacy encodings (amount, words, date, anniversary, lunar, solar, holidays,
 * add-workdays, workdays, decode, detect). Each reads its arguments or, with none, standard
 * input lines, prints one result per line (--json: one JSON object per line), and on input it
 * cannot read prints "thidua text CMD: dòng N: …" (or "đối số N") to stderr, goes on with the
 * next input and exits 1 at the end. decode and detect read standard input as a whole (bytes,
 * not lines). The functions live in vn_calendar.h; this file only reads and prints. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"
#include "vn_calendar.h"

/* Calls fn for each argument, or for each line of standard input if there are none. */
typedef int (*input_fn)(const char *in, void *ctx, struct vn_error *err);

static int each_input(const char *cmd, int argc, char **argv, input_fn fn, void *ctx)
{
    int status = 0;
    struct vn_error err;
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            memset(&err, 0, sizeof err);
            if (fn(argv[i], ctx, &err) < 0) {
                fprintf(stderr, "thidua text %s: đối số %d (\"%s\"): %s\n", cmd, i, argv[i], err.message);
                status = 1;
            }
        }
        return status;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long no = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        no++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0) continue;
        memset(&err, 0, sizeof err);
        if (fn(line, ctx, &err) < 0) {
            fprintf(stderr, "thidua text %s: dòng %ld, cột %zu: %s\n", cmd, no, err.offset + 1, err.message);
            status = 1;
        }
    }
    free(line);
    return status;
}

static void print_json(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    if (s) puts(s);
    free(s);
    json_decref(j);
}

static int usage(const char *cmd)
{
    extern const struct cli_cmd text_calendar_cmds[];
    for (const struct cli_cmd *c = text_calendar_cmds; c->name; c++)
        if (strcmp(c->name, cmd) == 0) fprintf(stderr, "usage: thidua text %s %s\n", c->name, c->usage);
    return 2;
}

/* text_options, then the usage after a mistake (these commands print it; the string ones do not). */
static bool cal_options(const char *cmd, int *argc, char **argv, const struct cli_opt *opts)
{
    if (text_options(cmd, argc, argv, opts)) return true;
    usage(cmd);
    return false;
}

/* Reads a single day (any vn_date_parse form with a year). */
static int read_day(const char *s, struct vn_date *d, struct vn_error *err)
{
    struct vn_date_parsed p;
    if (vn_date_parse(s, NULL, 0, &p, err) < 0) return -1;
    if (p.kind != VN_DATE_DAY) {
        snprintf(err->message, sizeof err->message, "\"%s\" không phải một ngày cụ thể", s);
        return -1;
    }
    *d = p.date;
    return 0;
}

/* ------------------------------------------------------------------------------ amount */

struct amount_ctx { bool json; const char *as; };

static int amount_one(const char *in, void *vctx, struct vn_error *err)
{
    struct amount_ctx *c = vctx;
    struct vn_amount a;
    if (vn_amount_parse(in, &a, err) < 0) return -1;
    char lng[48], shrt[48], words[VN_WORDS_MAX];
    vn_amount_format(a.dong, true, lng, sizeof lng);
    int exact = vn_amount_short(a.dong, shrt, sizeof shrt);
    vn_amount_words(a.dong, VN_WORDS_DONG, words, sizeof words);
    if (c->json) {
        print_json(json_pack("{s:s, s:I, s:s, s:s, s:b, s:s, s:s, s:b, s:s}", "input", in, "dong", (json_int_t)a.dong,
                             "bound", vn_bound_name(a.bound), "qualifier", a.qualifier, "in_words", a.in_words, "text",
                             lng, "short", shrt, "short_exact", exact == 1, "words", words));
        return 0;
    }
    const char *v;
    char num[32];
    if (!c->as || strcmp(c->as, "number") == 0) {
        snprintf(num, sizeof num, "%lld", (long long)a.dong);
        v = num;
    } else if (strcmp(c->as, "long") == 0) v = lng;
    else if (strcmp(c->as, "short") == 0) v = shrt;
    else v = words;
    if (a.bound == VN_BOUND_EXACT) puts(v);
    else printf("%s (%s: \"%s\")\n", v, vn_bound_describe(a.bound), a.qualifier);
    return 0;
}

static int amount_cmd(int argc, char **argv)
{
    struct amount_ctx c = {0};
    const struct cli_opt opts[] = {CLI_FLAG("json", &c.json), CLI_TEXT("as", &c.as), {0}};
    if (!cal_options("amount", &argc, argv, opts)) return 2;
    if (c.as && strcmp(c.as, "number") && strcmp(c.as, "long") && strcmp(c.as, "short") && strcmp(c.as, "words"))
        return usage("amount");
    return each_input("amount", argc, argv, amount_one, &c);
}

/* ------------------------------------------------------------------------------- words */

struct words_ctx { bool json; unsigned flags; };

static int words_one(const char *in, void *vctx, struct vn_error *err)
{
    struct words_ctx *c = vctx;
    struct vn_amount a;
    if (vn_amount_parse(in, &a, err) < 0) return -1;
    if (a.bound != VN_BOUND_EXACT) {
        snprintf(err->message, sizeof err->message, "\"%s\" chỉ là một giới hạn (%s), không phải số tiền chính xác", in, a.qualifier);
        return -1;
    }
    char w[VN_WORDS_MAX];
    if (vn_amount_words(a.dong, c->flags, w, sizeof w) < 0) {
        snprintf(err->message, sizeof err->message, "không đọc được số %lld thành chữ", (long long)a.dong);
        return -1;
    }
    if (c->json) print_json(json_pack("{s:s, s:I, s:s}", "input", in, "dong", (json_int_t)a.dong, "words", w));
    else puts(w);
    return 0;
}

static int words_cmd(int argc, char **argv)
{
    struct words_ctx c = {false, VN_WORDS_DONG};
    bool le = false, ngan = false, no_unit = false, lower = false;
    const struct cli_opt opts[] = {
        CLI_FLAG("json", &c.json), CLI_FLAG("le", &le), CLI_FLAG("ngan", &ngan),
        CLI_FLAG("no-unit", &no_unit), CLI_FLAG("lower", &lower), {0}};
    if (!cal_options("words", &argc, argv, opts)) return 2;
    if (le) c.flags |= VN_WORDS_LE;
    if (ngan) c.flags |= VN_WORDS_NGAN;
    if (no_unit) c.flags &= ~(unsigned)VN_WORDS_DONG;
    if (lower) c.flags |= VN_WORDS_LOWER;
    return each_input("words", argc, argv, words_one, &c);
}

/* -------------------------------------------------------------------------------- date */

struct date_ctx { bool json; unsigned flags; bool has_ref; struct vn_date ref; enum vn_date_style style; bool styled; };

static const char *kind_name(enum vn_date_kind k)
{
    switch (k) {
    case VN_DATE_DAY: return "day";
    case VN_DATE_END_OF_MONTH: return "end_of_month";
    case VN_DATE_MONTH: return "month";
    case VN_DATE_YEAR: return "year";
    }
    return "day";
}

static int date_one(const char *in, void *vctx, struct vn_error *err)
{
    struct date_ctx *c = vctx;
    struct vn_date_parsed p;
    if (vn_date_parse(in, c->has_ref ? &c->ref : NULL, c->flags, &p, err) < 0) return -1;
    char a[64], b[64];
    vn_date_format(p.date, c->styled ? c->style : VN_DATE_ISO, a, sizeof a);
    vn_date_format(p.last, c->styled ? c->style : VN_DATE_ISO, b, sizeof b);
    if (c->json) {
        char ia[16], ib[16], time[16] = "";
        vn_date_format(p.date, VN_DATE_ISO, ia, sizeof ia);
        vn_date_format(p.last, VN_DATE_ISO, ib, sizeof ib);
        if (p.has_time) snprintf(time, sizeof time, "%02d:%02d:%02d", p.hour, p.minute, p.second);
        json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "input", in, "kind", kind_name(p.kind), "date", ia, "last",
                              ib, "text", a, "year_from_ref", p.year_from_ref);
        if (p.has_time) json_object_set_new(j, "time", json_string(time));
        print_json(j);
        return 0;
    }
    switch (p.kind) {
    case VN_DATE_DAY:
        if (p.has_time) printf("%s %02d:%02d:%02d\n", a, p.hour, p.minute, p.second);
        else puts(a);
        break;
    case VN_DATE_END_OF_MONTH: printf("%s (end of month)\n", a); break;
    case VN_DATE_MONTH: printf("%s..%s (month)\n", a, b); break;
    case VN_DATE_YEAR: printf("%s..%s (year)\n", a, b); break;
    }
    return 0;
}

static int date_cmd(int argc, char **argv)
{
    struct date_ctx c = {0};
    bool us = false;
    const char *ref = NULL, *fmt = NULL;
    const struct cli_opt opts[] = {
        CLI_FLAG("json", &c.json), CLI_FLAG("us", &us), CLI_TEXT("ref", &ref), CLI_TEXT("format", &fmt), {0}};
    if (!cal_options("date", &argc, argv, opts)) return 2;
    if (us) c.flags |= VN_DATE_US_ORDER;
    if (ref) {
        struct vn_error err;
        if (read_day(ref, &c.ref, &err) < 0) {
            fprintf(stderr, "thidua text date: --ref: %s\n", err.message);
            return 2;
        }
        c.has_ref = true;
    }
    if (fmt) {
        static const struct { const char *n; enum vn_date_style s; } styles[] = {
            {"iso", VN_DATE_ISO}, {"dmy", VN_DATE_DMY}, {"weekday", VN_DATE_WEEKDAY},
            {"abbr", VN_DATE_WEEKDAY_ABBR}, {"long", VN_DATE_LONG}, {"plain", VN_DATE_LONG_PLAIN},
        };
        for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
            if (strcmp(fmt, styles[i].n) == 0) c.style = styles[i].s, c.styled = true;
        if (!c.styled) return usage("date");
    }
    return each_input("date", argc, argv, date_one, &c);
}

/* ------------------------------------------------------------------------- anniversary */

struct anniv_ctx { bool json; const char *event; };

/* "DATE YEAR": the year is the last word. */
static int split_last(const char *in, char *first, size_t cap, const char **last)
{
    const char *sp = strrchr(in, ' ');
    const char *tab = strrchr(in, '\t');
    if (tab > sp) sp = tab;
    if (!sp || (size_t)(sp - in) >= cap) return -1;
    memcpy(first, in, (size_t)(sp - in));
    first[sp - in] = 0;
    *last = sp + 1;
    return 0;
}

static int anniv_pair(const char *date, const char *year_s, struct anniv_ctx *c, struct vn_error *err)
{
    struct vn_date ev;
    int64_t y;
    if (read_day(date, &ev, err) < 0) return -1;
    if (!parse_int64(year_s, &y) || y < 1 || y > 9999) {
        snprintf(err->message, sizeof err->message, "năm kỷ niệm \"%s\" không hợp lệ", year_s);
        return -1;
    }
    struct vn_anniversary a;
    if (vn_anniversary(ev, (int)y, &a, err) < 0) return -1;
    char text[512], ie[16], ia[16];
    vn_anniversary_format(&a, c->event, text, sizeof text);
    if (c->json) {
        vn_date_format(a.event, VN_DATE_ISO, ie, sizeof ie);
        vn_date_format(a.date, VN_DATE_ISO, ia, sizeof ia);
        print_json(json_pack("{s:i, s:s, s:s, s:s, s:s}", "count", a.count, "event", ie, "date", ia, "class",
                             a.cls == VN_ANNIV_TRON ? "tron" : a.cls == VN_ANNIV_CHAN ? "chan" : "", "text", text));
    } else if (a.cls != VN_ANNIV_PLAIN) {
        printf("%s — %s\n", text, vn_anniversary_class_name(a.cls));
    } else {
        puts(text);
    }
    return 0;
}

static int anniv_line(const char *in, void *vctx, struct vn_error *err)
{
    char date[256];
    const char *year;
    if (split_last(in, date, sizeof date, &year) < 0) {
        snprintf(err->message, sizeof err->message, "cần \"NGÀY NĂM\", ví dụ \"04/11/1909 2019\"");
        return -1;
    }
    return anniv_pair(date, year, vctx, err);
}

static int anniversary_cmd(int argc, char **argv)
{
    struct anniv_ctx c = {0};
    const struct cli_opt opts[] = {CLI_FLAG("json", &c.json), CLI_TEXT("event", &c.event), {0}};
    if (!cal_options("anniversary", &argc, argv, opts)) return 2;
    if (argc == 1) return each_input("anniversary", argc, argv, anniv_line, &c);
    if (argc != 3) return usage("anniversary");
    struct vn_error err;
    if (anniv_pair(argv[1], argv[2], &c, &err) < 0) {
        fprintf(stderr, "thidua text anniversary: %s\n", err.message);
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ lunar, solar */

static int lunar_one(const char *in, void *vctx, struct vn_error *err)
{
    bool json = *(bool *)vctx;
    struct vn_date d;
    struct vn_lunar_date l;
    if (read_day(in, &d, err) < 0 || vn_solar_to_lunar(d, &l, err) < 0) return -1;
    char txt[32], cy[32], cm[32], cd[32];
    vn_lunar_format(l, txt, sizeof txt);
    vn_canchi_year(l.year, cy, sizeof cy);
    vn_canchi_month(l.year, l.month, cm, sizeof cm);
    vn_canchi_day(d, cd, sizeof cd);
    if (json) {
        char iso[16];
        vn_date_format(d, VN_DATE_ISO, iso, sizeof iso);
        print_json(json_pack("{s:s, s:i, s:i, s:i, s:b, s:s, s:s, s:s}", "solar", iso, "year", l.year, "month", l.month, "day",
                             l.day, "leap", l.leap, "year_canchi", cy, "month_canchi", cm, "day_canchi", cd));
    } else {
        printf("%s (%s)\n", txt, cy);
    }
    return 0;
}

static int lunar_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    if (!cal_options("lunar", &argc, argv, opts)) return 2;
    return each_input("lunar", argc, argv, lunar_one, &json);
}

static int solar_one(const char *in, void *vctx, struct vn_error *err)
{
    bool json = *(bool *)vctx;
    struct vn_lunar_date l;
    struct vn_date d;
    if (vn_lunar_parse(in, &l, err) < 0 || vn_lunar_to_solar(l, &d, err) < 0) return -1;
    char iso[16];
    vn_date_format(d, VN_DATE_ISO, iso, sizeof iso);
    if (json) print_json(json_pack("{s:s, s:s, s:s}", "input", in, "solar", iso, "weekday", vn_weekday_name(vn_weekday(d))));
    else puts(iso);
    return 0;
}

static int solar_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    if (!cal_options("solar", &argc, argv, opts)) return 2;
    return each_input("solar", argc, argv, solar_one, &json);
}

/* -------------------------------------------------------------------- holidays, workdays */

struct cal_ctx {
    bool json, inclusive;
    struct vn_holiday_calendar cal;
    struct vn_amendment *am;
    char (*notes)[128];
};

/* Reads --amend FILE: one amendment per line, '#' comments. */
static int load_amendments(const char *cmd, const char *path, struct cal_ctx *c)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "thidua text %s: không mở được %s\n", cmd, path);
        return -1;
    }
    char line[512];
    size_t cap = 0;
    long no = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        no++;
        char *h = strchr(line, '#');
        if (h) *h = 0;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ')) line[--n] = 0;
        if (!n) continue;
        if (c->cal.n_amendments == cap) {
            cap = cap ? cap * 2 : 16;
            c->am = xrealloc(c->am, cap * sizeof *c->am);
            c->notes = xrealloc(c->notes, cap * sizeof *c->notes);
            for (size_t i = 0; i < c->cal.n_amendments; i++)
                if (c->am[i].note) c->am[i].note = c->notes[i];
        }
        size_t k = c->cal.n_amendments;
        struct vn_error err;
        if (vn_amendment_parse(line, &c->am[k], c->notes[k], sizeof c->notes[k], &err) < 0) {
            fprintf(stderr, "thidua text %s: %s dòng %ld: %s\n", cmd, path, no, err.message);
            rc = -1;
            break;
        }
        c->cal.n_amendments++;
    }
    fclose(f);
    c->cal.amendments = c->am;
    return rc;
}

static const char *source_name(const struct vn_calendar_day *d)
{
    if (d->working) return "work";
    return d->source == VN_DAY_RULE ? "holiday" : d->source == VN_DAY_COMPENSATORY ? "compensatory" : "amended";
}

static int holidays_one(const char *in, void *vctx, struct vn_error *err)
{
    struct cal_ctx *c = vctx;
    int64_t y;
    if (!parse_int64(in, &y) || y < VN_HOLIDAY_FIRST_YEAR || y > VN_HOLIDAY_LAST_YEAR) {
        snprintf(err->message, sizeof err->message, "năm \"%s\" không hợp lệ (1995–2100)", in);
        return -1;
    }
    struct vn_calendar_day days[VN_CALENDAR_DAYS_MAX];
    int n = vn_holidays(&c->cal, (int)y, days, VN_CALENDAR_DAYS_MAX, err);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++) {
        char iso[16];
        vn_date_format(days[i].date, VN_DATE_ISO, iso, sizeof iso);
        const char *wd = vn_weekday_name(vn_weekday(days[i].date));
        if (c->json) {
            print_json(json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "date", iso, "weekday", wd, "kind", source_name(&days[i]),
                                 "name", days[i].name, "detail", days[i].detail, "citation", days[i].citation));
        } else {
            printf("%s  %-9s %s%s%s%s%s%s%s\n", iso, wd, days[i].working ? "làm việc: " : "", days[i].name,
                   *days[i].detail ? " (" : "", days[i].detail, *days[i].detail ? ")" : "", *days[i].citation ? " — " : "",
                   days[i].citation);
        }
    }
    return 0;
}

/* The options of the calendar commands (holidays, add-workdays, workdays): -2 after a usage
 * mistake (message and usage printed), -1 when an --amend file cannot be used, else 0. */
static int cal_setup(const char *cmd, int *argc, char **argv, struct cal_ctx *c)
{
    memset(c, 0, sizeof *c);
    struct cli_list amend = {0};
    const struct cli_opt opts[] = {
        CLI_FLAG("json", &c->json), CLI_FLAG("inclusive", &c->inclusive), CLI_LIST("amend", &amend, CLI_LIST_MAX), {0}};
    if (!cal_options(cmd, argc, argv, opts)) return -2;
    for (int i = 0; i < amend.n; i++)
        if (load_amendments(cmd, amend.item[i], c) < 0) return -1;
    return 0;
}

/* cal_setup's result as an exit status, or -1 to go on. */
static int cal_status(int setup) { return setup == -2 ? 2 : setup < 0 ? 1 : -1; }

static void cal_free(struct cal_ctx *c)
{
    free(c->am);
    free(c->notes);
}

static int holidays_cmd(int argc, char **argv)
{
    struct cal_ctx c;
    int rc = cal_status(cal_setup("holidays", &argc, argv, &c));
    if (rc < 0) rc = each_input("holidays", argc, argv, holidays_one, &c);
    cal_free(&c);
    return rc;
}

static int add_pair(const char *date, const char *n_s, struct cal_ctx *c, struct vn_error *err)
{
    struct vn_date d, r;
    int64_t n;
    if (read_day(date, &d, err) < 0) return -1;
    if (!parse_int64(n_s, &n) || n < -100000 || n > 100000) {
        snprintf(err->message, sizeof err->message, "số ngày làm việc \"%s\" không hợp lệ", n_s);
        return -1;
    }
    if (vn_add_working_days(&c->cal, d, (int)n, &r, err) < 0) return -1;
    char iso[16], wd[48];
    vn_date_format(r, VN_DATE_ISO, iso, sizeof iso);
    vn_date_format(r, VN_DATE_WEEKDAY, wd, sizeof wd);
    if (c->json) print_json(json_pack("{s:s, s:I, s:s, s:s}", "from", date, "working_days", (json_int_t)n, "date", iso, "text", wd));
    else puts(iso);
    return 0;
}

static int add_line(const char *in, void *vctx, struct vn_error *err)
{
    char date[256];
    const char *n;
    if (split_last(in, date, sizeof date, &n) < 0) {
        snprintf(err->message, sizeof err->message, "cần \"NGÀY SỐ_NGÀY\", ví dụ \"2026-08-10 25\"");
        return -1;
    }
    return add_pair(date, n, vctx, err);
}

static int count_pair(const char *a, const char *b, struct cal_ctx *c, struct vn_error *err)
{
    struct vn_date from, to;
    int n;
    if (read_day(a, &from, err) < 0 || read_day(b, &to, err) < 0) return -1;
    if (c->inclusive && vn_date_jdn(from) <= vn_date_jdn(to)) from = vn_date_add_days(from, -1);
    else if (c->inclusive) to = vn_date_add_days(to, -1);
    if (vn_count_working_days(&c->cal, from, to, &n, err) < 0) return -1;
    if (c->json) print_json(json_pack("{s:s, s:s, s:i, s:b}", "from", a, "to", b, "working_days", n, "inclusive", c->inclusive));
    else printf("%d\n", n);
    return 0;
}

static int count_line(const char *in, void *vctx, struct vn_error *err)
{
    char a[256];
    const char *b;
    if (split_last(in, a, sizeof a, &b) < 0) {
        snprintf(err->message, sizeof err->message, "cần \"TỪ_NGÀY ĐẾN_NGÀY\", ví dụ \"2026-02-01 2026-02-28\"");
        return -1;
    }
    return count_pair(a, b, vctx, err);
}

static int pair_cmd(const char *cmd, int argc, char **argv, input_fn line_fn,
                    int (*pair_fn)(const char *, const char *, struct cal_ctx *, struct vn_error *))
{
    struct cal_ctx c;
    int rc = cal_status(cal_setup(cmd, &argc, argv, &c));
    if (rc < 0) {
        if (argc == 1) rc = each_input(cmd, argc, argv, line_fn, &c);
        else if (argc != 3) rc = usage(cmd);
        else {
            struct vn_error err;
            rc = 0;
            if (pair_fn(argv[1], argv[2], &c, &err) < 0) {
                fprintf(stderr, "thidua text %s: %s\n", cmd, err.message);
                rc = 1;
            }
        }
    }
    cal_free(&c);
    return rc;
}

static int add_workdays_cmd(int argc, char **argv) { return pair_cmd("add-workdays", argc, argv, add_line, add_pair); }
static int workdays_cmd(int argc, char **argv) { return pair_cmd("workdays", argc, argv, count_line, count_pair); }

/* ------------------------------------------------------------------------ decode, detect */

static int read_all_stdin(buf *b)
{
    if (read_stream(stdin, b) < 0) {
        fprintf(stderr, "thidua text: không đọc được đầu vào chuẩn\n");
        return -1;
    }
    return 0;
}

static int decode_cmd(int argc, char **argv)
{
    const char *from = NULL;
    bool lenient = false, recase = false, mojibake = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("from", &from), CLI_FLAG("lenient", &lenient), CLI_FLAG("recase", &recase),
        CLI_FLAG("mojibake", &mojibake), {0}};
    if (!cal_options("decode", &argc, argv, opts)) return 2;
    unsigned flags = 0;
    if (lenient) flags |= VN_LEGACY_LENIENT;
    if (recase) flags |= VN_LEGACY_RECASE;
    if (mojibake) flags |= VN_LEGACY_MOJIBAKE;
    enum vn_encoding enc = VN_ENC_UNKNOWN;
    bool autodetect = !from || strcmp(from, "auto") == 0;
    if (!autodetect && vn_encoding_from_name(from, &enc) < 0) {
        fprintf(stderr, "thidua text decode: bảng mã không biết: %s (tcvn3, vni, viqr, cp1258, utf-8, utf-16, auto)\n", from);
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc || (argc == 1 && i == 1); i++) {
        buf in = {0}, out = {0};
        if (argc == 1) {
            if (read_all_stdin(&in) < 0) return 1;
        } else {
            buf_puts(&in, argv[i]);
        }
        enum vn_encoding e = enc;
        unsigned f = flags;
        if (autodetect) {
            struct vn_detection d;
            vn_legacy_detect((const uint8_t *)in.data, in.len, &d);
            e = d.enc;
            if (d.mojibake) f |= VN_LEGACY_MOJIBAKE;
        }
        struct vn_error err;
        if (vn_legacy_decode(e, (const uint8_t *)(in.data ? in.data : ""), in.len, f, &out, &err) < 0) {
            if (argc == 1) fprintf(stderr, "thidua text decode (%s): %s\n", vn_encoding_name(e), err.message);
            else fprintf(stderr, "thidua text decode (%s): đối số %d: %s\n", vn_encoding_name(e), i, err.message);
            status = 1;
        } else {
            fwrite(out.data ? out.data : "", 1, out.len, stdout);
            if (argc > 1) putchar('\n');
        }
        buf_free(&in);
        buf_free(&out);
    }
    return status;
}

static int detect_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    if (!cal_options("detect", &argc, argv, opts)) return 2;
    for (int i = 1; i < argc || (argc == 1 && i == 1); i++) {
        buf in = {0};
        if (argc == 1) {
            if (read_all_stdin(&in) < 0) return 1;
        } else {
            buf_puts(&in, argv[i]);
        }
        struct vn_detection d;
        vn_legacy_detect((const uint8_t *)in.data, in.len, &d);
        if (json)
            print_json(json_pack("{s:s, s:f, s:b, s:s, s:f}", "encoding", vn_encoding_name(d.enc), "confidence", d.confidence,
                                 "mojibake", d.mojibake, "runner_up", vn_encoding_name(d.runner_up), "runner_up_confidence",
                                 d.runner_up_confidence));
        else
            printf("%s %.2f%s\n", vn_encoding_name(d.enc), d.confidence, d.mojibake ? " (mojibake: read with --mojibake)" : "");
        buf_free(&in);
    }
    return 0;
}

const struct cli_cmd text_calendar_cmds[] = {
    {"amount", amount_cmd, "[--json] [--as number|long|short|words] [TEXT…]",
     "read amounts (\"hơn 14 tỷ\", \"1,536 tỷ đồng\", \"Mười bốn tỷ đồng\") into đồng"},
    {"words", words_cmd, "[--le] [--ngan] [--no-unit] [--lower] [--json] [AMOUNT…]",
     "write an amount in words (\"Một trăm linh năm nghìn đồng\")"},
    {"date", date_cmd, "[--ref DATE] [--us] [--format iso|dmy|weekday|abbr|long|plain] [--json] [TEXT…]",
     "read a date (\"19/8/2019\", \"ngày 19 tháng 8 năm 2019\", \"cuối tháng 9/2019\")"},
    {"anniversary", anniversary_cmd, "[--event TEXT] [--json] [EVENT_DATE YEAR]",
     "the n-th anniversary in a year, with năm tròn / năm chẵn"},
    {"lunar", lunar_cmd, "[--json] [DATE…]", "solar → lunar date (UTC+7) with the year's can-chi"},
    {"solar", solar_cmd, "[--json] [LUNAR_DATE…]", "lunar → solar date (\"1/4/2020 nhuận\")"},
    {"holidays", holidays_cmd, "[--amend FILE] [--json] [YEAR…]",
     "days off of a year: holidays, nghỉ bù, amendments (FILE lines: DATE off|cancel|work [NOTE])"},
    {"add-workdays", add_workdays_cmd, "[--amend FILE] [--json] [DATE N]", "the N-th working day after DATE"},
    {"workdays", workdays_cmd, "[--amend FILE] [--inclusive] [--json] [FROM TO]",
     "working days after FROM up to TO (both ends with --inclusive)"},
    {"decode", decode_cmd, "[--from auto|tcvn3|vni|viqr|cp1258|utf-16] [--lenient] [--recase] [--mojibake] [TEXT…]",
     "legacy encoding → UTF-8 NFC (standard input as a whole when no TEXT)"},
    {"detect", detect_cmd, "[--json] [TEXT…]", "guess the encoding of a text, with a confidence"},
    {0},
};
