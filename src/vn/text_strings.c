/* text_strings.c: `thidua text` subcommands over strings: fold, sortkey, sort, split-name,
 * sender, normalize. Each takes its inputs from the arguments or, with none, from the lines of
 * standard input (CRLF or LF), and prints one result per input line; --json prints one JSON
 * object per line instead. Input that is not UTF-8 stops the command with a message naming the
 * line (or argument) and the byte, and exit status 1; a usage mistake gives status 2. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "vn.h"

/* One input: its text, and where it came from for error messages. */
struct input {
    const char *s;
    size_t len;
    size_t number;     /* 1-based line or argument number */
    bool from_args;
};

typedef int (*input_fn)(void *ctx, const struct input *in);


static void input_error(const char *cmd, const struct input *in, const struct vn_error *err)
{
    buf msg = {0};
    vn_error_message(err, NULL, &msg);
    fprintf(stderr, "thidua text %s: %s %zu: %s\n", cmd, in->from_args ? "đối số" : "dòng", in->number,
            buf_str(&msg));
    buf_free(&msg);
}

/* Calls fn for each argument after argv[0] (skipping a "--"), or for each line of standard
 * input if there are none. Every input is checked to be UTF-8 first. Returns the exit status:
 * 0, 1 after an invalid input or a failing fn, stopping there. */
static int for_each_input(const char *cmd, int argc, char **argv, input_fn fn, void *ctx)
{
    struct vn_error err = {0};
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--") == 0) first = 2;
    if (argc > first) {
        for (int i = first; i < argc; i++) {
            struct input in = {argv[i], strlen(argv[i]), (size_t)(i - first + 1), true};
            if (!vn_utf8_valid(in.s, in.len, &err.offset)) {
                err.code = VN_ERR_UTF8;
                input_error(cmd, &in, &err);
                return 1;
            }
            if (fn(ctx, &in)) return 1;
        }
        return 0;
    }
    char *line = NULL;
    size_t cap = 0, number = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n') len--;
        if (len && line[len - 1] == '\r') len--;
        struct input in = {line, len, ++number, false};
        if (!vn_utf8_valid(in.s, in.len, &err.offset)) {
            err.code = VN_ERR_UTF8;
            input_error(cmd, &in, &err);
            rc = 1;
            break;
        }
        if (fn(ctx, &in)) { rc = 1; break; }
    }
    if (rc == 0 && ferror(stdin)) {
        fprintf(stderr, "thidua text %s: không đọc được đầu vào chuẩn\n", cmd);
        rc = 1;
    }
    free(line);
    return rc;
}

static void print_json(json_t *obj)
{
    char *s = json_dumps(obj, JSON_COMPACT);
    if (s) puts(s);
    free(s);
    json_decref(obj);
}

static json_t *json_str(const char *s, size_t n) { return json_stringn(s, n); }

static void hex(const char *p, size_t n, buf *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        buf_putc(out, digits[(unsigned char)p[i] >> 4]);
        buf_putc(out, digits[(unsigned char)p[i] & 15]);
    }
    if (!out->data) buf_puts(out, "");
}

/* ---- fold ---- */

struct opts { bool json, names; const char *match; unsigned norm_flags; };

static int fold_one(void *ctx, const struct input *in)
{
    const struct opts *o = ctx;
    buf f = {0};
    vn_fold(in->s, in->len, &f);
    if (o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "input", json_str(in->s, in->len));
        json_object_set_new(j, "fold", json_str(f.data, f.len));
        print_json(j);
    } else {
        fwrite(f.data, 1, f.len, stdout);
        putchar('\n');
    }
    buf_free(&f);
    return 0;
}

static int fold_cmd(int argc, char **argv)
{
    struct opts o = {0};
    const struct cli_opt opts[] = {CLI_FLAG("json", &o.json), {0}};
    if (!text_options("fold", &argc, argv, opts)) return 2;
    return for_each_input("fold", argc, argv, fold_one, &o);
}

/* ---- sortkey ---- */

static int sortkey_one(void *ctx, const struct input *in)
{
    const struct opts *o = ctx;
    buf k = {0}, h = {0};
    if (o->names) vn_name_sortkey(in->s, in->len, &k);
    else vn_sortkey(in->s, in->len, &k);
    hex(k.data, k.len, &h);
    if (o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "input", json_str(in->s, in->len));
        json_object_set_new(j, "key", json_string(h.data));
        print_json(j);
    } else {
        puts(h.data);
    }
    buf_free(&k);
    buf_free(&h);
    return 0;
}

static int sortkey_cmd(int argc, char **argv)
{
    struct opts o = {0};
    const struct cli_opt opts[] = {CLI_FLAG("json", &o.json), CLI_FLAG("names", &o.names), {0}};
    if (!text_options("sortkey", &argc, argv, opts)) return 2;
    return for_each_input("sortkey", argc, argv, sortkey_one, &o);
}

/* ---- sort ---- */

struct sort_item { char *text; size_t len; char *key; size_t klen; size_t seq; };
struct sort_ctx { struct opts o; struct sort_item *items; size_t n, cap; };

static int sort_collect(void *ctx, const struct input *in)
{
    struct sort_ctx *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->items = xrealloc(c->items, c->cap * sizeof *c->items);
    }
    struct sort_item *it = &c->items[c->n];
    buf k = {0};
    if (c->o.names) vn_name_sortkey(in->s, in->len, &k);
    else vn_sortkey(in->s, in->len, &k);
    it->klen = k.len;
    it->key = buf_detach(&k);
    it->text = xstrndup(in->s, in->len);
    it->len = in->len;
    it->seq = c->n++;
    return 0;
}

/* By key, then by input order, so that equal keys keep their order (a stable sort). */
static int sort_item_cmp(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    size_t n = x->klen < y->klen ? x->klen : y->klen;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    if (x->klen != y->klen) return x->klen < y->klen ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int sort_cmd(int argc, char **argv)
{
    struct sort_ctx c = {0};
    const struct cli_opt opts[] = {CLI_FLAG("json", &c.o.json), CLI_FLAG("names", &c.o.names), {0}};
    if (!text_options("sort", &argc, argv, opts)) return 2;
    int rc = for_each_input("sort", argc, argv, sort_collect, &c);
    if (rc == 0) {
        qsort(c.items, c.n, sizeof *c.items, sort_item_cmp);
        for (size_t i = 0; i < c.n; i++) {
            if (c.o.json) {
                buf h = {0};
                hex(c.items[i].key, c.items[i].klen, &h);
                json_t *j = json_object();
                json_object_set_new(j, "text", json_str(c.items[i].text, c.items[i].len));
                json_object_set_new(j, "key", json_string(h.data));
                print_json(j);
                buf_free(&h);
            } else {
                fwrite(c.items[i].text, 1, c.items[i].len, stdout);
                putchar('\n');
            }
        }
    }
    for (size_t i = 0; i < c.n; i++) {
        free(c.items[i].text);
        free(c.items[i].key);
    }
    free(c.items);
    return rc;
}

/* ---- split-name ---- */

static int split_one(void *ctx, const struct input *in)
{
    const struct opts *o = ctx;
    struct vn_name_parts p;
    size_t words = vn_name_split(in->s, in->len, &p);
    if (o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "input", json_str(in->s, in->len));
        json_object_set_new(j, "ho", json_str(in->s + p.ho_off, p.ho_len));
        json_object_set_new(j, "dem", json_str(in->s + p.dem_off, p.dem_len));
        json_object_set_new(j, "ten", json_str(in->s + p.ten_off, p.ten_len));
        json_object_set_new(j, "words", json_integer((json_int_t)words));
        print_json(j);
    } else {
        printf("%.*s\t%.*s\t%.*s\n", (int)p.ho_len, in->s + p.ho_off, (int)p.dem_len, in->s + p.dem_off,
               (int)p.ten_len, in->s + p.ten_off);
    }
    return 0;
}

static int split_name_cmd(int argc, char **argv)
{
    struct opts o = {0};
    const struct cli_opt opts[] = {CLI_FLAG("json", &o.json), {0}};
    if (!text_options("split-name", &argc, argv, opts)) return 2;
    return for_each_input("split-name", argc, argv, split_one, &o);
}

/* ---- sender ---- */

static int sender_one(void *ctx, const struct input *in)
{
    const struct opts *o = ctx;
    struct vn_sender s;
    bool found = vn_sender_extract(in->s, in->len, &s);
    int score = -1;
    if (found && o->match) score = vn_name_match_score(s.name, strlen(s.name), o->match, strlen(o->match));
    if (o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "input", json_str(in->s, in->len));
        json_object_set_new(j, "name", found ? json_string(s.name) : json_null());
        if (found) {
            json_object_set_new(j, "confidence", json_integer(s.confidence));
            json_object_set_new(j, "offset", json_integer((json_int_t)s.off));
            json_object_set_new(j, "length", json_integer((json_int_t)s.len));
            if (o->match) json_object_set_new(j, "score", json_integer(score));
        }
        print_json(j);
    } else if (found && o->match) {
        printf("%s\t%d\n", s.name, score);
    } else {
        puts(found ? s.name : "");
    }
    return 0;
}

static int sender_cmd(int argc, char **argv)
{
    struct opts o = {0};
    const struct cli_opt opts[] = {CLI_FLAG("json", &o.json), CLI_TEXT("match", &o.match), {0}};
    if (!text_options("sender", &argc, argv, opts)) return 2;
    if (o.match && !vn_utf8_valid(o.match, strlen(o.match), NULL)) {
        fprintf(stderr, "thidua text sender: --match không phải UTF-8 hợp lệ\n");
        return 2;
    }
    return for_each_input("sender", argc, argv, sender_one, &o);
}

/* ---- normalize ---- */

static int normalize_one(void *ctx, const struct input *in)
{
    const struct opts *o = ctx;
    buf out = {0};
    struct vn_error err;
    int rc = vn_normalize(in->s, in->len, o->norm_flags, &out, &err);
    if (rc) {
        input_error("normalize", in, &err);
        buf_free(&out);
        return 1;
    }
    if (o->json) {
        json_t *j = json_object();
        json_object_set_new(j, "input", json_str(in->s, in->len));
        json_object_set_new(j, "normalized", json_str(out.data, out.len));
        print_json(j);
    } else {
        fwrite(out.data, 1, out.len, stdout);
        putchar('\n');
    }
    buf_free(&out);
    return 0;
}

static int normalize_cmd(int argc, char **argv)
{
    struct opts o = {0};
    bool repair = false, multiline = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &o.json), CLI_FLAG("repair", &repair), CLI_FLAG("multiline", &multiline), {0}};
    if (!text_options("normalize", &argc, argv, opts)) return 2;
    if (repair) o.norm_flags |= VN_NORM_REPAIR;
    if (!multiline || argc > 1) return for_each_input("normalize", argc, argv, normalize_one, &o);
    /* --multiline without arguments: standard input is one text. */
    o.norm_flags |= VN_NORM_MULTILINE;
    buf all = {0};
    if (read_stream(stdin, &all) != 0) {
        fprintf(stderr, "thidua text normalize: không đọc được đầu vào chuẩn\n");
        buf_free(&all);
        return 1;
    }
    struct vn_error err;
    buf out = {0};
    int rc = vn_normalize(all.data, all.len, o.norm_flags, &out, &err);
    if (rc) {
        buf msg = {0};
        vn_error_message(&err, NULL, &msg);
        fprintf(stderr, "thidua text normalize: %s\n", buf_str(&msg));
        buf_free(&msg);
    } else if (o.json) {
        json_t *j = json_object();
        json_object_set_new(j, "normalized", json_str(out.data, out.len));
        print_json(j);
    } else {
        fwrite(out.data, 1, out.len, stdout);
        putchar('\n');
    }
    buf_free(&all);
    buf_free(&out);
    return rc ? 1 : 0;
}

const struct cli_cmd text_string_cmds[] = {
    {"fold", fold_cmd, "[--json] [TEXT…]",
     "dạng tìm kiếm: chữ thường, bỏ dấu, đ → d (\"Đường\" → \"duong\")"},
    {"sortkey", sortkey_cmd, "[--names] [--json] [TEXT…]",
     "khóa sắp xếp tiếng Việt (hex); --names: theo tên, họ, đệm"},
    {"sort", sort_cmd, "[--names] [--json] [TEXT…]",
     "sắp xếp các dòng theo thứ tự tiếng Việt; --names: họ tên theo tên, họ, đệm"},
    {"split-name", split_name_cmd, "[--json] [NAME…]", "tách họ tên: họ <TAB> đệm <TAB> tên"},
    {"sender", sender_cmd, "[--match NAME] [--json] [MESSAGE…]",
     "tên người chuyển trong nội dung chuyển khoản (dòng trống nếu không thấy); --match: điểm 0-100"},
    {"normalize", normalize_cmd, "[--repair] [--multiline] [--json] [TEXT…]",
     "chuẩn hóa: kiểm tra UTF-8, NFC, bỏ khoảng trắng thừa; --repair: sửa lỗi chép từ PDF (ƣ → ư)"},
    {0},
};
