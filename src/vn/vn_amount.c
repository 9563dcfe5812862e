/* vn_amount.c: money amounts as Vietnamese texts write them. Reads "14 tỉ đồng", "hơn 14 tỷ",
 * "1,536 tỷ đồng", "50.000.000đ", "Mười bốn tỷ đồng" into exact int64 đồng with a bound flag;
 * writes "14.000.000.000 đồng", "1,5 tỷ" and amounts in words. Also owns the tokenizer and
 * fold helper shared by the calendar parsers (vn_date.c, vn_lunar.c, vn_holiday.c).
 * No floating point anywhere: decimals are kept as (mantissa, number of decimals). */
#include "vn_calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------ shared text helpers */

int vn_cal_fold(const char *s, size_t n, char *out, size_t cap)
{
    /* "ƣ" (U+01A3, from PDF text extraction) stands for "ư" (U+01B0): replace it before
     * composition so that a following tone mark composes with the right letter. Both are two
     * bytes in UTF-8, so the replacement is in place. */
    char small[256];
    char *tmp = n < sizeof small ? small : malloc(n + 1);
    if (!tmp) return -1;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)tmp[i] == 0xC6 && ((unsigned char)tmp[i + 1] == 0xA2 || (unsigned char)tmp[i + 1] == 0xA3)) {
            tmp[i + 1] = (char)((unsigned char)tmp[i + 1] == 0xA2 ? 0xAF : 0xB0);
            i++;
        }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)tmp, (utf8proc_ssize_t)n, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (tmp != small) free(tmp);
    if (m < 0) return -1;
    if ((size_t)m >= cap) {
        free(mapped);
        return -1;
    }
    memcpy(out, mapped, (size_t)m);
    out[m] = 0;
    free(mapped);
    return (int)m;
}

/* Unicode spaces that separate tokens like ASCII blanks (NBSP, thin and narrow spaces …). */
static bool is_space_cp(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == 0xA0 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

static bool is_letter_cp(int32_t c)
{
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
}

int vn_cal_error(struct vn_error *err, const char *text, const struct vn_tok *first,
                 const struct vn_tok *last, const char *fmt)
{
    if (!err) return -1;
    size_t off = first ? first->off : strlen(text);
    size_t end = last ? last->off + last->len : off;
    if (end < off) end = off;
    err->offset = off;
    err->length = end - off;
    char part[120];
    size_t n = end - off;
    if (n > sizeof part - 4) {
        /* cut at a character boundary */
        n = sizeof part - 4;
        while (n > 0 && ((unsigned char)text[off + n] & 0xC0) == 0x80) n--;
        memcpy(part, text + off, n);
        memcpy(part + n, "…", 4);
    } else {
        memcpy(part, text + off, n);
        part[n] = 0;
    }
    /* fmt is one of this module's constant messages with at most one %s */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(err->message, sizeof err->message, fmt, part);
#pragma GCC diagnostic pop
    return -1;
}

static int tok_fail(struct vn_error *err, size_t off, size_t len, const char *msg)
{
    if (err) {
        err->offset = off;
        err->length = len;
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    return -1;
}

int vn_cal_tokenize(const char *text, struct vn_tok *toks, size_t cap, struct vn_error *err)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    size_t len = strlen(text), i = 0, n = 0;
    bool space = false;
    while (i < len) {
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k < 0) return tok_fail(err, i, 1, "văn bản không phải UTF-8 hợp lệ");
        if (is_space_cp(c)) {
            space = true;
            i += (size_t)k;
            continue;
        }
        if (c < 0x20 || c == 0x7F) return tok_fail(err, i, 1, "văn bản có ký tự điều khiển");
        if (n == cap) return tok_fail(err, i, len - i, "văn bản quá dài");
        struct vn_tok *t = &toks[n++];
        t->off = i;
        t->space_before = space;
        space = false;
        if (c >= '0' && c <= '9') {
            t->type = VN_TOK_NUM;
            while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        } else if (is_letter_cp(c)) {
            t->type = VN_TOK_WORD;
            i += (size_t)k;
            while (i < len) {
                k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
                if (k < 0 || !is_letter_cp(c)) break;
                i += (size_t)k;
            }
        } else {
            t->type = VN_TOK_PUNCT;
            i += (size_t)k;
        }
        t->len = i - t->off;
        if (vn_cal_fold(text + t->off, t->len, t->key, sizeof t->key) < 0) t->key[0] = 0;
    }
    return (int)n;
}

/* ------------------------------------------------------------------------------ writing */

static const char *const digit_words[10] = {"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};

struct wbuf { char *p; size_t cap, len; bool overflow; };

static void wput(struct wbuf *w, const char *s)
{
    size_t n = strlen(s);
    if (w->len && w->len + 1 < w->cap) w->p[w->len++] = ' ';
    else if (w->len) w->overflow = true;
    if (w->len + n >= w->cap) {
        w->overflow = true;
        return;
    }
    memcpy(w->p + w->len, s, n);
    w->len += n;
    w->p[w->len] = 0;
}

/* One group of three digits. `full` reads the hundreds even when zero ("không trăm linh
 * năm"): every group after the first non-zero one is read in full. */
static void words_triple(struct wbuf *w, int g, bool full, unsigned flags)
{
    int h = g / 100, t = g / 10 % 10, u = g % 10;
    if (full || h) {
        wput(w, digit_words[h]);
        wput(w, "trăm");
    }
    if (t == 0) {
        if (u) {
            if (full || h) wput(w, flags & VN_WORDS_LE ? "lẻ" : "linh");
            wput(w, digit_words[u]);
        }
    } else if (t == 1) {
        wput(w, "mười");
        if (u == 5) wput(w, "lăm");
        else if (u) wput(w, digit_words[u]);
    } else {
        wput(w, digit_words[t]);
        wput(w, "mươi");
        if (u == 1) wput(w, "mốt");
        else if (u == 4) wput(w, "tư");
        else if (u == 5) wput(w, "lăm");
        else if (u) wput(w, digit_words[u]);
    }
}

/* Below 10^9: groups triệu, nghìn, units. *started says whether a higher group was written. */
static void words_below_billion(struct wbuf *w, int64_t v, bool *started, unsigned flags)
{
    static const int64_t scale[3] = {1000000, 1000, 1};
    for (int i = 0; i < 3; i++) {
        int g = (int)(v / scale[i] % 1000);
        if (!g) continue;
        words_triple(w, g, *started, flags);
        *started = true;
        if (i == 0) wput(w, "triệu");
        else if (i == 1) wput(w, flags & VN_WORDS_NGAN ? "ngàn" : "nghìn");
    }
}

int vn_amount_words(int64_t n, unsigned flags, char *out, size_t cap)
{
    if (!out || cap == 0) return -1;
    out[0] = 0;
    if (n < 0 || n > VN_AMOUNT_MAX) return -1;
    struct wbuf w = {out, cap, 0, false};
    if (n == 0) wput(&w, "không");
    else {
        bool started = false;
        int64_t hi = n / 1000000000, lo = n % 1000000000;
        /* The part above 10^9 is itself a number below 10^9 followed by "tỷ": this gives
         * "nghìn tỷ" and "triệu tỷ" for 10^12 and 10^15. */
        if (hi) {
            words_below_billion(&w, hi, &started, flags);
            wput(&w, "tỷ");
        }
        words_below_billion(&w, lo, &started, flags);
    }
    if (flags & VN_WORDS_DONG) wput(&w, "đồng");
    if (w.overflow) {
        out[0] = 0;
        return -1;
    }
    if (!(flags & VN_WORDS_LOWER) && out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
    return 0;
}

/* Digits of v (≥ 0) with a dot every three. */
static int dotted(uint64_t v, char *out, size_t cap)
{
    char digits[24];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t need = (size_t)nd + (size_t)(nd - 1) / 3 + 1;
    if (need > cap) return -1;
    size_t o = 0;
    for (int i = 0; i < nd; i++) {
        if (i && (nd - i) % 3 == 0) out[o++] = '.';
        out[o++] = digits[i];
    }
    out[o] = 0;
    return (int)o;
}

int vn_amount_format(int64_t n, bool with_unit, char *out, size_t cap)
{
    if (!out || cap < 2) return -1;
    size_t o = 0;
    uint64_t v = (uint64_t)n;
    if (n < 0) {
        out[o++] = '-';
        v = (uint64_t)0 - v;
    }
    int k = dotted(v, out + o, cap - o);
    if (k < 0) return -1;
    o += (size_t)k;
    if (with_unit) {
        if (o + sizeof " đồng" > cap) return -1;
        memcpy(out + o, " đồng", sizeof " đồng");
    }
    return 0;
}

int vn_amount_short(int64_t n, char *out, size_t cap)
{
    static const struct { int64_t unit; const char *name; } units[] = {
        {1000000000, "tỷ"}, {1000000, "triệu"}, {1000, "nghìn"},
    };
    if (!out || cap < 2 || n < 0) return -1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        int64_t q = units[i].unit / 1000;          /* three decimals of this unit */
        int64_t r = n / q + (n % q >= q / 2 && q > 1 ? 1 : 0); /* rounded, in thousandths */
        if (r < 1000) continue;                    /* below one unit even after rounding */
        int exact = n % q == 0;
        int64_t whole = r / 1000, frac = r % 1000;
        char w[32];
        if (dotted((uint64_t)whole, w, sizeof w) < 0) return -1;
        char f[8] = "";
        if (frac) {
            int d = 3;
            while (frac % 10 == 0) frac /= 10, d--;
            snprintf(f, sizeof f, ",%0*d", d, (int)frac);
        }
        int k = snprintf(out, cap, "%s%s %s", w, f, units[i].name);
        return k < 0 || (size_t)k >= cap ? -1 : exact;
    }
    return dotted((uint64_t)n, out, cap) < 0 ? -1 : 1;
}

/* ------------------------------------------------------------------------------ reading */

const char *vn_bound_name(enum vn_bound b)
{
    switch (b) {
    case VN_BOUND_EXACT: return "exact";
    case VN_BOUND_MORE_THAN: return "more_than";
    case VN_BOUND_AT_LEAST: return "at_least";
    case VN_BOUND_LESS_THAN: return "less_than";
    case VN_BOUND_AT_MOST: return "at_most";
    case VN_BOUND_NEARLY: return "nearly";
    case VN_BOUND_ABOUT: return "about";
    }
    return "exact";
}

const char *vn_bound_describe(enum vn_bound b)
{
    switch (b) {
    case VN_BOUND_EXACT: return "";
    case VN_BOUND_MORE_THAN: return "lower bound";
    case VN_BOUND_AT_LEAST: return "lower bound, inclusive";
    case VN_BOUND_LESS_THAN: return "upper bound";
    case VN_BOUND_AT_MOST: return "upper bound, inclusive";
    case VN_BOUND_NEARLY: return "approximate, from below";
    case VN_BOUND_ABOUT: return "approximate";
    }
    return "";
}

/* Number words. ALT are the forms a unit takes only after mười/mươi (mốt, tư, lăm, nhăm). */
enum nw_kind { NW_NONE, NW_DIGIT, NW_ALT, NW_TEN, NW_HUNDRED, NW_LINH, NW_SCALE, NW_HALF };
static const struct { const char *key; enum nw_kind kind; int64_t val; } number_words[] = {
    {"không", NW_DIGIT, 0}, {"một", NW_DIGIT, 1}, {"hai", NW_DIGIT, 2}, {"ba", NW_DIGIT, 3},
    {"bốn", NW_DIGIT, 4}, {"năm", NW_DIGIT, 5}, {"sáu", NW_DIGIT, 6}, {"bảy", NW_DIGIT, 7},
    {"bẩy", NW_DIGIT, 7}, {"tám", NW_DIGIT, 8}, {"chín", NW_DIGIT, 9},
    {"mốt", NW_ALT, 1}, {"tư", NW_ALT, 4}, {"lăm", NW_ALT, 5}, {"nhăm", NW_ALT, 5},
    {"mười", NW_TEN, 10}, {"mươi", NW_TEN, 10}, {"trăm", NW_HUNDRED, 100},
    {"linh", NW_LINH, 0}, {"lẻ", NW_LINH, 0},
    {"nghìn", NW_SCALE, 1000}, {"ngàn", NW_SCALE, 1000}, {"triệu", NW_SCALE, 1000000},
    {"tỷ", NW_SCALE, 1000000000}, {"tỉ", NW_SCALE, 1000000000}, {"rưỡi", NW_HALF, 0},
};

static enum nw_kind number_word(const char *key, int64_t *val)
{
    for (size_t i = 0; i < sizeof number_words / sizeof number_words[0]; i++)
        if (strcmp(key, number_words[i].key) == 0) {
            *val = number_words[i].val;
            return number_words[i].kind;
        }
    return NW_NONE;
}

/* Scale words after digits ("14 tỷ", "500k", "2tr"), with unaccented spellings. */
static int64_t digit_scale(const char *key)
{
    static const struct { const char *key; int64_t v; } scales[] = {
        {"trăm", 100}, {"tram", 100}, {"nghìn", 1000}, {"ngàn", 1000}, {"nghin", 1000},
        {"ngan", 1000}, {"k", 1000}, {"triệu", 1000000}, {"trieu", 1000000}, {"tr", 1000000},
        {"tỷ", 1000000000}, {"tỉ", 1000000000}, {"ty", 1000000000}, {"ti", 1000000000},
    };
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (strcmp(key, scales[i].key) == 0) return scales[i].v;
    return 0;
}

static bool is_half_key(const char *k) { return strcmp(k, "rưỡi") == 0 || strcmp(k, "ruoi") == 0; }

static bool is_unit_key(const char *k)
{
    static const char *const units[] = {"đồng", "dong", "đ", "d", "vnđ", "vnd", "₫"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(k, units[i]) == 0) return true;
    return false;
}

/* Qualifier phrases, longest first where one is a prefix of another. */
static const struct { const char *phrase; enum vn_bound bound; } prefixes[] = {
    {"ít nhất", VN_BOUND_AT_LEAST}, {"it nhat", VN_BOUND_AT_LEAST},
    {"tối thiểu", VN_BOUND_AT_LEAST}, {"toi thieu", VN_BOUND_AT_LEAST},
    {"không dưới", VN_BOUND_AT_LEAST}, {"khong duoi", VN_BOUND_AT_LEAST},
    {"không ít hơn", VN_BOUND_AT_LEAST},
    {"chưa đến", VN_BOUND_LESS_THAN}, {"chưa tới", VN_BOUND_LESS_THAN},
    {"chua den", VN_BOUND_LESS_THAN}, {"chua toi", VN_BOUND_LESS_THAN},
    {"ít hơn", VN_BOUND_LESS_THAN},
    {"tối đa", VN_BOUND_AT_MOST}, {"toi da", VN_BOUND_AT_MOST},
    {"không quá", VN_BOUND_AT_MOST}, {"khong qua", VN_BOUND_AT_MOST},
    {"không vượt quá", VN_BOUND_AT_MOST},
    {"khoảng chừng", VN_BOUND_ABOUT}, {"ước chừng", VN_BOUND_ABOUT},
    {"ước tính", VN_BOUND_ABOUT}, {"uoc tinh", VN_BOUND_ABOUT}, {"xấp xỉ", VN_BOUND_ABOUT},
    {"xap xi", VN_BOUND_ABOUT}, {"khoảng", VN_BOUND_ABOUT}, {"khoang", VN_BOUND_ABOUT},
    {"chừng", VN_BOUND_ABOUT}, {"ước", VN_BOUND_ABOUT}, {"tầm", VN_BOUND_ABOUT},
    {"cỡ", VN_BOUND_ABOUT}, {"độ", VN_BOUND_ABOUT},
    {"nhiều hơn", VN_BOUND_MORE_THAN}, {"hơn", VN_BOUND_MORE_THAN}, {"hon", VN_BOUND_MORE_THAN},
    {"trên", VN_BOUND_MORE_THAN}, {"tren", VN_BOUND_MORE_THAN}, {"ngoài", VN_BOUND_MORE_THAN},
    {"dưới", VN_BOUND_LESS_THAN}, {"duoi", VN_BOUND_LESS_THAN},
    {"gần", VN_BOUND_NEARLY}, {"gan", VN_BOUND_NEARLY},
    {"từ", VN_BOUND_AT_LEAST}, {"tu", VN_BOUND_AT_LEAST},
};
static const struct { const char *phrase; enum vn_bound bound; } suffixes[] = {
    {"trở lên", VN_BOUND_AT_LEAST}, {"tro len", VN_BOUND_AT_LEAST},
    {"trở xuống", VN_BOUND_AT_MOST}, {"tro xuong", VN_BOUND_AT_MOST},
};

/* Matches a space-separated phrase against word tokens at *i; advances on success. */
static bool match_phrase(const struct vn_tok *t, int n, int *i, const char *phrase)
{
    int j = *i;
    const char *p = phrase;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        if (j >= n || t[j].type != VN_TOK_WORD || strlen(t[j].key) != wl || memcmp(t[j].key, p, wl) != 0)
            return false;
        j++;
        p += wl;
        if (*p == ' ') p++;
    }
    *i = j;
    return true;
}

struct parser {
    const char *text;
    const struct vn_tok *t;
    int n;
    struct vn_error *err;
};

static int fail(struct parser *p, int first, int last, const char *fmt)
{
    const struct vn_tok *a = first >= 0 && first < p->n ? &p->t[first] : NULL;
    const struct vn_tok *b = last >= 0 && last < p->n ? &p->t[last] : a;
    return vn_cal_error(p->err, p->text, a, b, fmt);
}

/* ---- numbers in words ---- */

struct item { enum nw_kind kind; int64_t val; int tok; };

/* A group 0 … 999 from items[0..m). `nonleading` allows "linh năm" without hundreds. */
static int words_triple_parse(struct parser *p, const struct item *it, int m, bool nonleading, int64_t *out)
{
    int i = 0;
    int64_t v = 0;
    bool hundreds = false;
    if (m == 0) return fail(p, -1, -1, "thiếu số");
    if (it[0].kind == NW_HUNDRED) return fail(p, it[0].tok, it[0].tok, "thiếu chữ số trước \"%s\"");
    if (m >= 2 && it[0].kind == NW_DIGIT && it[1].kind == NW_HUNDRED) {
        v = it[0].val * 100;
        hundreds = true;
        i = 2;
    }
    if (i == m) {
        *out = v;
        return 0;
    }
    const struct item *a = &it[i];
    if (a->kind == NW_LINH) {
        if (!hundreds && !nonleading) return fail(p, a->tok, a->tok, "\"%s\" chỉ đứng sau \"trăm\"");
        if (i + 1 >= m) return fail(p, a->tok, a->tok, "sau \"%s\" thiếu chữ số");
        const struct item *u = &it[i + 1];
        if (!((u->kind == NW_DIGIT && u->val >= 1) || (u->kind == NW_ALT && u->val == 4)))
            return fail(p, u->tok, u->tok, "sau \"linh\"/\"lẻ\" cần một chữ số từ một đến chín, không phải \"%s\"");
        v += u->val;
        i += 2;
    } else if (a->kind == NW_TEN) {
        v += 10;
        i++;
        if (i < m && (it[i].kind == NW_DIGIT || it[i].kind == NW_ALT)) {
            if (it[i].val == 0) return fail(p, it[i].tok, it[i].tok, "\"%s\" không đứng sau \"mười\"");
            v += it[i].val;
            i++;
        }
    } else if (a->kind == NW_DIGIT && i + 1 < m && it[i + 1].kind == NW_TEN) {
        if (a->val < 2) return fail(p, a->tok, it[i + 1].tok, "\"%s\" không phải cách đọc số hàng chục");
        v += a->val * 10;
        i += 2;
        if (i < m && (it[i].kind == NW_DIGIT || it[i].kind == NW_ALT)) {
            if (it[i].val == 0) return fail(p, it[i].tok, it[i].tok, "\"%s\" không đứng sau \"mươi\"");
            v += it[i].val;
            i++;
        }
    } else if (a->kind == NW_DIGIT) {
        if (hundreds)
            return fail(p, it[0].tok, a->tok,
                        "\"%s\" không rõ: viết \"linh\"/\"lẻ\" (105) hoặc \"mươi\" (150)");
        v += a->val;
        i++;
    } else if (a->kind == NW_ALT) {
        return fail(p, a->tok, a->tok, "\"%s\" chỉ đứng sau \"mười\"/\"mươi\"");
    } else {
        return fail(p, a->tok, a->tok, "\"%s\" không đứng ở đây");
    }
    if (i < m) return fail(p, it[i].tok, it[m - 1].tok, "thừa \"%s\" sau một nhóm ba chữ số");
    *out = v;
    return 0;
}

/* Below 10^9: [T triệu] [T nghìn] [T]. */
static int words_p9_parse(struct parser *p, const struct item *it, int m, bool nonleading, int64_t *out)
{
    int64_t total = 0;
    int start = 0;
    int64_t last_scale = 1000000000;
    for (int i = 0; i < m; i++) {
        if (it[i].kind != NW_SCALE) continue;
        int64_t s = it[i].val;
        if (s >= 1000000000) return fail(p, it[i].tok, it[i].tok, "số quá lớn: \"%s\" lặp lại (giới hạn 999 999 999 999 999 999)");
        if (s >= last_scale) return fail(p, it[i].tok, it[i].tok, "\"%s\" đứng sai thứ tự");
        if (i == start) return fail(p, it[i].tok, it[i].tok, "thiếu số trước \"%s\"");
        int64_t g;
        if (words_triple_parse(p, it + start, i - start, nonleading || total > 0, &g) < 0) return -1;
        total += g * s;
        last_scale = s;
        start = i + 1;
    }
    if (start < m) {
        int64_t g;
        if (words_triple_parse(p, it + start, m - start, nonleading || total > 0, &g) < 0) return -1;
        total += g;
    }
    *out = total;
    return 0;
}

static int words_number_parse(struct parser *p, struct item *it, int m, int64_t *out)
{
    int64_t half = 0;
    if (m > 0 && it[m - 1].kind == NW_HALF) {
        if (m < 2 || (it[m - 2].kind != NW_SCALE && it[m - 2].kind != NW_HUNDRED))
            return fail(p, it[m - 1].tok, it[m - 1].tok, "\"%s\" chỉ đứng sau trăm, nghìn, triệu hoặc tỷ");
        half = it[m - 2].val / 2;
        m--;
    }
    for (int i = 0; i < m; i++)
        if (it[i].kind == NW_HALF) return fail(p, it[i].tok, it[i].tok, "\"%s\" chỉ đứng cuối số");
    int last_b = -1;
    for (int i = 0; i < m; i++)
        if (it[i].kind == NW_SCALE && it[i].val == 1000000000) last_b = i;
    int64_t hi = 0, lo = 0;
    if (last_b >= 0) {
        if (last_b == 0) return fail(p, it[0].tok, it[0].tok, "thiếu số trước \"%s\"");
        if (words_p9_parse(p, it, last_b, false, &hi) < 0) return -1;
        if (hi == 0) return fail(p, it[0].tok, it[last_b].tok, "\"%s\" bằng không");
        if (words_p9_parse(p, it + last_b + 1, m - last_b - 1, true, &lo) < 0) return -1;
    } else if (words_p9_parse(p, it, m, false, &lo) < 0) {
        return -1;
    }
    *out = hi * 1000000000 + lo + half;
    return 0;
}

/* ---- numbers in digits ---- */

static int pow10i(int d, int64_t *out)
{
    int64_t v = 1;
    for (int i = 0; i < d; i++) {
        if (v > INT64_MAX / 10) return -1;
        v *= 10;
    }
    *out = v;
    return 0;
}

/* Reads a digit literal starting at token *i: "14", "50.000.000", "1,536", "1.536,5",
 * "50 000 000". Gives mantissa and number of decimals. */
static int digits_parse(struct parser *p, int *i, int64_t *mant, int *decimals, bool *plain)
{
    const struct vn_tok *t = p->t;
    int j = *i, first = j;
    int64_t m = 0;
    int dec = 0;
    bool seen_comma = false, seen_dot = false, spaced = false;
    size_t first_len = t[j].len;
    for (;;) {
        /* one run of digits */
        for (size_t k = 0; k < t[j].len; k++) {
            if (m > (INT64_MAX - 9) / 10)
                return fail(p, first, j, "số \"%s\" quá lớn");
            m = m * 10 + (p->text[t[j].off + k] - '0');
            if (seen_comma) dec++;
        }
        if (j + 2 < p->n && t[j + 1].type == VN_TOK_PUNCT && !t[j + 1].space_before &&
            t[j + 2].type == VN_TOK_NUM && !t[j + 2].space_before &&
            (strcmp(t[j + 1].key, ".") == 0 || strcmp(t[j + 1].key, ",") == 0)) {
            if (t[j + 1].key[0] == ',') {
                if (seen_comma) return fail(p, first, j + 2, "\"%s\" có hai dấu phẩy (dấu phẩy là dấu thập phân; dấu chấm ngăn cách hàng nghìn)");
                seen_comma = true;
            } else {
                if (seen_comma) return fail(p, first, j + 2, "\"%s\": dấu chấm ngăn cách hàng nghìn không đứng sau dấu phẩy thập phân");
                if (spaced) return fail(p, first, j + 2, "\"%s\": không dùng cả dấu cách lẫn dấu chấm để ngăn cách hàng nghìn");
                if (t[j + 2].len != 3) return fail(p, j + 1, j + 2, "sau dấu chấm ngăn cách hàng nghìn phải có đúng ba chữ số, không phải \"%s\" (dấu thập phân là dấu phẩy)");
                if (!seen_dot && first_len > 3) return fail(p, first, j + 2, "\"%s\": nhóm chữ số trước dấu chấm đầu tiên dài quá ba chữ số");
                seen_dot = true;
            }
            j += 2;
            continue;
        }
        /* "50 000 000": groups of exactly three digits after spaces */
        if (!seen_comma && (spaced || !seen_dot) && j + 1 < p->n && t[j + 1].type == VN_TOK_NUM &&
            t[j + 1].space_before && t[j + 1].len == 3 && first_len <= 3) {
            j++;
            seen_dot = spaced = true;  /* the groups that follow must also be three digits */
            continue;
        }
        break;
    }
    *mant = m;
    *decimals = dec;
    *plain = !seen_comma && !seen_dot && j == first;
    *i = j + 1;
    return 0;
}

static int value_times(struct parser *p, int first, int last, int64_t mant, int dec, int64_t scale, int64_t *out)
{
    int64_t div;
    if (pow10i(dec, &div) < 0) return fail(p, first, last, "\"%s\" có quá nhiều chữ số thập phân");
    /* mant × scale / 10^dec exactly: reduce the division first so the product fits. */
    int64_t g = scale, a = div;
    while (a) { int64_t r = g % a; g = a; a = r; }       /* gcd(scale, div) */
    int64_t s = scale / g, d = div / g;
    if (mant % d != 0)
        return fail(p, first, last, "\"%s\" không phải một số đồng nguyên");
    int64_t v;
    if (__builtin_mul_overflow(mant / d, s, &v) || v > VN_AMOUNT_MAX)
        return fail(p, first, last, "số tiền \"%s\" vượt giới hạn 999.999.999.999.999.999 đồng");
    *out = v;
    return 0;
}

int vn_amount_parse(const char *text, struct vn_amount *out, struct vn_error *err)
{
    struct vn_tok toks[VN_TOKENS_MAX];
    memset(out, 0, sizeof *out);
    if (!text) text = "";
    int n = vn_cal_tokenize(text, toks, VN_TOKENS_MAX, err);
    if (n < 0) return -1;
    struct parser P = {text, toks, n, err}, *p = &P;
    int i = 0;
    /* drop a final "." or "./." and an enclosing pair of parentheses */
    if (n >= 3 && strcmp(toks[n - 1].key, ".") == 0 && strcmp(toks[n - 2].key, "/") == 0 && strcmp(toks[n - 3].key, ".") == 0) n -= 3;
    else if (n >= 1 && strcmp(toks[n - 1].key, ".") == 0) n--;
    if (n >= 2 && strcmp(toks[0].key, "(") == 0 && strcmp(toks[n - 1].key, ")") == 0) {
        i = 1;
        n--;
    }
    P.n = n;
    if (i >= n) return fail(p, -1, -1, "không có số tiền");

    /* qualifier before the number */
    enum vn_bound bound = VN_BOUND_EXACT;
    int qstart = i;
    for (size_t q = 0; q < sizeof prefixes / sizeof prefixes[0]; q++)
        if (match_phrase(toks, n, &i, prefixes[q].phrase)) {
            bound = prefixes[q].bound;
            break;
        }
    if (i > qstart) {
        size_t o = 0;
        for (int k = qstart; k < i; k++) {
            size_t l = strlen(toks[k].key);
            if (o + l + 2 > sizeof out->qualifier) break;
            if (o) out->qualifier[o++] = ' ';
            memcpy(out->qualifier + o, toks[k].key, l);
            o += l;
            out->qualifier[o] = 0;
        }
    }
    if (i >= n) return fail(p, qstart, i - 1, "sau \"%s\" thiếu số tiền");

    int64_t total = 0;
    int num_first = i;
    if (toks[i].type == VN_TOK_NUM) {
        int64_t prev_scale = 0;      /* smallest scale of the previous term; 0 = none yet */
        bool bare_last = false;
        int bare_tok = -1;
        while (i < n && toks[i].type == VN_TOK_NUM) {
            if (bare_last) return fail(p, bare_tok, i, "\"%s\": hai số liền nhau");
            int tfirst = i;
            int64_t mant = 0;
            int dec = 0;
            bool plain = false;
            if (digits_parse(p, &i, &mant, &dec, &plain) < 0) return -1;
            int64_t scale = 1, smallest = 0;
            int last_tok = i - 1;
            while (i < n && toks[i].type == VN_TOK_WORD) {
                int64_t s = digit_scale(toks[i].key);
                if (!s) break;
                if (smallest && s <= scale) return fail(p, tfirst, i, "\"%s\": đơn vị đứng sai thứ tự");
                if (smallest == 0) smallest = s;
                if (__builtin_mul_overflow(scale, s, &scale) || scale > VN_AMOUNT_MAX)
                    return fail(p, tfirst, i, "số tiền \"%s\" vượt giới hạn 999.999.999.999.999.999 đồng");
                last_tok = i++;
            }
            int64_t v = 0;
            if (value_times(p, tfirst, last_tok, mant, dec, scale, &v) < 0) return -1;
            if (i < n && toks[i].type == VN_TOK_WORD && is_half_key(toks[i].key)) {
                if (smallest == 0) return fail(p, i, i, "\"%s\" chỉ đứng sau trăm, nghìn, triệu hoặc tỷ");
                if (dec) return fail(p, tfirst, i, "\"%s\": \"rưỡi\" sau một số thập phân");
                int64_t half = scale / 2;
                if (v > VN_AMOUNT_MAX - half) return fail(p, tfirst, i, "số tiền \"%s\" vượt giới hạn");
                v += half;
                last_tok = i++;
            }
            if (prev_scale && v >= prev_scale)
                return fail(p, tfirst, last_tok, "\"%s\" không nhỏ hơn đơn vị của phần trước");
            if (total > VN_AMOUNT_MAX - v) return fail(p, num_first, last_tok, "số tiền \"%s\" vượt giới hạn");
            total += v;
            if (smallest == 0) {
                if (prev_scale) {
                    bare_last = true;
                    bare_tok = tfirst;
                }
                prev_scale = 1;
            } else {
                prev_scale = smallest;
            }
            (void)plain;
        }
        if (bare_last && !(i < n && ((toks[i].type == VN_TOK_WORD || toks[i].type == VN_TOK_PUNCT) && is_unit_key(toks[i].key))))
            return fail(p, bare_tok, bare_tok,
                        "số \"%s\" không có đơn vị (viết \"2,5 triệu\" hoặc \"2 triệu 500 nghìn\", hoặc thêm \"đồng\")");
    } else {
        struct item items[VN_TOKENS_MAX];
        int m = 0;
        while (i < n) {
            if (toks[i].type == VN_TOK_PUNCT && (strcmp(toks[i].key, ",") == 0 || strcmp(toks[i].key, "-") == 0) &&
                i + 1 < n && toks[i + 1].type == VN_TOK_WORD) {
                int64_t dummy;
                if (number_word(toks[i + 1].key, &dummy) != NW_NONE && m > 0) {
                    i++;
                    continue;
                }
            }
            if (toks[i].type != VN_TOK_WORD) break;
            int64_t v = 0;
            enum nw_kind k = number_word(toks[i].key, &v);
            if (k == NW_NONE) break;
            items[m].kind = k;
            items[m].val = v;
            items[m].tok = i;
            m++;
            i++;
        }
        if (m == 0) {
            if (toks[i].type == VN_TOK_WORD)
                return fail(p, i, i, "\"%s\" không phải số hay từ chỉ giới hạn (hơn, trên, khoảng …)");
            return fail(p, i, i, "\"%s\" không phải số");
        }
        if (words_number_parse(p, items, m, &total) < 0) return -1;
        out->in_words = true;
    }

    /* unit, "chẵn", suffix qualifier */
    if (i < n && is_unit_key(toks[i].key)) {
        out->has_unit = true;
        i++;
        if (i < n && strcmp(toks[i].key, ".") == 0 && i + 1 == n) i++;
    }
    if (i < n && (strcmp(toks[i].key, "chẵn") == 0 || strcmp(toks[i].key, "chan") == 0)) i++;
    for (size_t q = 0; i < n && q < sizeof suffixes / sizeof suffixes[0]; q++) {
        int s = i;
        if (!match_phrase(toks, n, &i, suffixes[q].phrase)) continue;
        bool from = strcmp(out->qualifier, "từ") == 0 || strcmp(out->qualifier, "tu") == 0;
        if (bound != VN_BOUND_EXACT && !from)
            return fail(p, qstart, i - 1, "\"%s\": hai giới hạn mâu thuẫn hoặc lặp lại");
        bound = suffixes[q].bound;
        size_t o = strlen(out->qualifier);
        for (int k = s; k < i; k++) {
            size_t l = strlen(toks[k].key);
            if (o + l + 2 > sizeof out->qualifier) break;
            if (o) out->qualifier[o++] = ' ';
            memcpy(out->qualifier + o, toks[k].key, l);
            o += l;
            out->qualifier[o] = 0;
        }
        break;
    }
    if (i < n) {
        if (toks[i].type == VN_TOK_WORD || toks[i].type == VN_TOK_NUM)
            return fail(p, i, n - 1, "không đọc được \"%s\" sau số tiền");
        return fail(p, i, n - 1, "thừa \"%s\" sau số tiền");
    }
    out->dong = total;
    out->bound = bound;
    return 0;
}

bool vn_amount_option(const char *text, void *dong)
{
    struct vn_amount am;
    struct vn_error err;
    if (vn_amount_parse(text, &am, &err) != 0 || am.bound != VN_BOUND_EXACT) return false;
    *(int64_t *)dong = am.dong;
    return true;
}
