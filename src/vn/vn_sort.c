/* vn_sort.c: Vietnamese collation without ICU: sort keys whose memcmp order is ICU's "vi" order
 * (vn_sortkey), person names split into họ/đệm/tên (vn_name_split) and the name sort key of
 * official lists (vn_name_sortkey).
 *
 * How the key mirrors ICU. ICU's vi collation is CLDR root (DUCET, non-ignorable punctuation)
 * with the tailoring
 *     &̀<<̉<<̃<<́<<̣   &a<ă<â   &d<đ   &e<ê   &o<ô<ơ   &u<ư      (+ upper-case <<< variants)
 * and normalisation on. So ă â ê ô ơ ư đ are letters of their own (the base letter and its
 * breve, circumflex or horn form one "unit" with one primary weight), the five tones and any
 * other combining marks are secondary weights of their own, and case is tertiary. A key is
 *     primary weights of all units   0x01   secondary weights   0x01   tertiary weights
 * where every unit with a primary weight adds COMMON to the secondary level followed by the
 * weights of its marks (exactly the shape of ICU's collation elements), and one case weight to
 * the tertiary level. Trailing COMMON weights of levels 2 and 3 are dropped: COMMON is the
 * smallest weight, so this keeps the order (ICU compresses the same way) and makes the keys of
 * lower-case toneless text short.
 *
 * A unit is built from a base character and the combining marks that follow it: the marks are
 * put in canonical order (by combining class, stably), then the first breve/circumflex/horn
 * that applies to the base and is not blocked by an earlier mark of the same class turns
 * a/e/o/u into ă/â/ê/ô/ơ/ư, the way ICU matches its discontiguous contractions. This is why
 * NFC, NFD and any canonically equivalent mark order get the same key.
 *
 * Byte alphabet: 0x01 separates levels (and the parts of a name key); weights are 0x02..0xFF;
 * 0x00 never occurs. Weights of the rare characters sorted by code point are 4 bytes:
 * a group lead byte and three bytes 0x01..0x80 from the code point, which stay prefix-free
 * because the lead byte fixes the length. */
#include "vn.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { SEP = 0x01, COMMON = 0x02 };

/* Primary weights, ascending. Order of the groups and inside the ASCII groups is ICU's. */
enum {
    P_TAB = 0x02, P_LF, P_VT, P_FF, P_CR, P_SPACE, P_OTHER_SPACE,                    /* 0x02.. */
    P_UNDERSCORE = 0x09, P_HYPHEN, P_COMMA, P_SEMICOLON, P_COLON, P_EXCLAM, P_QUESTION, P_PERIOD,
    P_APOS, P_QUOTE, P_LPAREN, P_RPAREN, P_LBRACKET, P_RBRACKET, P_LBRACE, P_RBRACE, P_AT,
    P_STAR, P_SLASH, P_BACKSLASH, P_AMP, P_HASH, P_PERCENT, P_OTHER_PUNCT,            /* ..0x20 */
    P_GRAVE = 0x21, P_CARET, P_PLUS, P_LESS, P_EQUAL, P_GREATER, P_BAR, P_TILDE, P_OTHER_SYMBOL,
    P_DOLLAR = 0x2A, P_OTHER_CURRENCY,
    P_DIGIT0 = 0x2C, P_OTHER_DIGIT = 0x36,
    /* a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z */
    P_A = 0x37, P_A_BREVE, P_A_CIRC, P_B, P_C, P_D, P_D_STROKE, P_E, P_E_CIRC, P_F, P_G, P_H, P_I,
    P_J, P_K, P_L, P_M, P_N, P_O, P_O_CIRC, P_O_HORN, P_P, P_Q, P_R, P_S, P_T, P_U, P_U_HORN, P_V,
    P_W, P_X, P_Y, P_Z, P_OTHER_LETTER, P_OTHER,
};

static const unsigned char ascii_primary[128] = {
    ['\t'] = P_TAB, ['\n'] = P_LF, ['\v'] = P_VT, ['\f'] = P_FF, ['\r'] = P_CR, [' '] = P_SPACE,
    ['_'] = P_UNDERSCORE, ['-'] = P_HYPHEN, [','] = P_COMMA, [';'] = P_SEMICOLON,
    [':'] = P_COLON, ['!'] = P_EXCLAM, ['?'] = P_QUESTION, ['.'] = P_PERIOD, ['\''] = P_APOS,
    ['"'] = P_QUOTE, ['('] = P_LPAREN, [')'] = P_RPAREN, ['['] = P_LBRACKET, [']'] = P_RBRACKET,
    ['{'] = P_LBRACE, ['}'] = P_RBRACE, ['@'] = P_AT, ['*'] = P_STAR, ['/'] = P_SLASH,
    ['\\'] = P_BACKSLASH, ['&'] = P_AMP, ['#'] = P_HASH, ['%'] = P_PERCENT,
    ['`'] = P_GRAVE, ['^'] = P_CARET, ['+'] = P_PLUS, ['<'] = P_LESS, ['='] = P_EQUAL,
    ['>'] = P_GREATER, ['|'] = P_BAR, ['~'] = P_TILDE, ['$'] = P_DOLLAR,
    ['0'] = P_DIGIT0, ['1'] = P_DIGIT0 + 1, ['2'] = P_DIGIT0 + 2, ['3'] = P_DIGIT0 + 3,
    ['4'] = P_DIGIT0 + 4, ['5'] = P_DIGIT0 + 5, ['6'] = P_DIGIT0 + 6, ['7'] = P_DIGIT0 + 7,
    ['8'] = P_DIGIT0 + 8, ['9'] = P_DIGIT0 + 9,
#define LETTER(c, w) [c] = w, [(c) - 'a' + 'A'] = w
    LETTER('a', P_A), LETTER('b', P_B), LETTER('c', P_C), LETTER('d', P_D), LETTER('e', P_E),
    LETTER('f', P_F), LETTER('g', P_G), LETTER('h', P_H), LETTER('i', P_I), LETTER('j', P_J),
    LETTER('k', P_K), LETTER('l', P_L), LETTER('m', P_M), LETTER('n', P_N), LETTER('o', P_O),
    LETTER('p', P_P), LETTER('q', P_Q), LETTER('r', P_R), LETTER('s', P_S), LETTER('t', P_T),
    LETTER('u', P_U), LETTER('v', P_V), LETTER('w', P_W), LETTER('x', P_X), LETTER('y', P_Y),
    LETTER('z', P_Z),
#undef LETTER
    /* 0x00..0x08, 0x0E..0x1F and 0x7F stay 0: completely ignorable, as in ICU */
};

/* Tertiary weights. */
enum { T_LOWER = COMMON, T_UPPER = 0x03, T_VARIANT = 0x04, T_VARIANT_UPPER = 0x05 };

/* Secondary weights of the combining marks U+0300..U+036F in ICU vi order: the Vietnamese
 * tones in the order huyền (grave) < hỏi (hook) < ngã (tilde) < sắc (acute) < nặng (dot below)
 * take the place of the grave accent of CLDR root, after three rare marks; the other marks
 * follow in root order. Each row is one weight; marks in
 * one row are equal. U+034F (combining grapheme joiner) is ignorable. */
static const uint16_t mark_order[][20] = {
    {0x0332}, {0x0313, 0x0343}, {0x0314},
    {0x0300, 0x0340}, {0x0309}, {0x0303}, {0x0301, 0x0341}, {0x0323},
    {0x0306}, {0x0302}, {0x030C}, {0x030A}, {0x0342}, {0x0308}, {0x0344}, {0x030B}, {0x0307},
    {0x0338}, {0x0327}, {0x0328}, {0x0304},
    {0x030D, 0x030E, 0x0312, 0x0315, 0x031A, 0x033D, 0x033E, 0x033F, 0x0346, 0x034A, 0x034B,
     0x034C, 0x0350, 0x0351, 0x0352, 0x0357, 0x035B, 0x035D, 0x035E},
    {0x0316, 0x0317, 0x0318, 0x0319, 0x031C, 0x031D, 0x031E, 0x031F, 0x0320, 0x0329, 0x032A,
     0x032B, 0x032C, 0x032F, 0x0333, 0x033A, 0x033B, 0x033C, 0x0347},
    {0x0348, 0x0349, 0x034D, 0x034E, 0x0353, 0x0354, 0x0355, 0x0356, 0x0359, 0x035A, 0x035C,
     0x035F, 0x0362},
    {0x0336, 0x0337}, {0x0335}, {0x0305}, {0x030F}, {0x0310}, {0x0311}, {0x031B}, {0x0321},
    {0x0322}, {0x0324}, {0x0325}, {0x0326}, {0x032D}, {0x032E}, {0x0330}, {0x0331}, {0x0334},
    {0x0339}, {0x0345}, {0x0358}, {0x0360}, {0x0361}, {0x0363}, {0x0368}, {0x0369}, {0x0364},
    {0x036A}, {0x0365}, {0x036B}, {0x0366}, {0x036C}, {0x036D}, {0x0367}, {0x036E}, {0x036F},
};
/* The two rows above that continue one another (ICU gives them one weight). */
#define MARK_ROW_CONTINUES(r) ((r) == 23)
enum { S_MARK_FIRST = 0x03, S_OTHER_MARK = 0xFE };

static unsigned char mark_weight[0x70]; /* U+0300 + i → secondary weight, 0 = ignorable */

/* Decomposition cache: for code points in [0x80, DECOMP_END), the full compatibility
 * decomposition (with this file's own additions for letters with a stroke), or n == 0xFF when
 * it does not fit and must be computed on the fly. */
enum { DECOMP_END = 0x2000, DECOMP_MAX = 4 };
struct decomp { unsigned char n, variant; uint16_t cp[DECOMP_MAX]; };
static struct decomp decomp_table[DECOMP_END];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* Decomposes cp for collation into out (room for 32) and returns the count; *variant is set
 * when the decomposition is a compatibility one (a tertiary difference in ICU). */
static int decompose(int32_t cp, int32_t *out, bool *variant)
{
    *variant = false;
    switch (cp) {  /* letters ICU sorts as a base letter with a secondary or tertiary difference */
    case 0x00F8: out[0] = 'o'; out[1] = 0x0338; return 2;   /* ø */
    case 0x00D8: out[0] = 'O'; out[1] = 0x0338; return 2;
    case 0x0142: out[0] = 'l'; out[1] = 0x0335; return 2;   /* ł */
    case 0x0141: out[0] = 'L'; out[1] = 0x0335; return 2;
    case 0x0127: out[0] = 'h'; out[1] = 0x0335; return 2;   /* ħ */
    case 0x0126: out[0] = 'H'; out[1] = 0x0335; return 2;
    case 0x00F0: out[0] = 'd'; out[1] = 0x0335; return 2;   /* ð: near d, as in ICU */
    case 0x00D0: out[0] = 'D'; out[1] = 0x0335; return 2;
    case 0x0167: out[0] = 't'; out[1] = 0x0335; return 2;   /* ŧ */
    case 0x0166: out[0] = 'T'; out[1] = 0x0335; return 2;
    case 0x00DF: out[0] = 's'; out[1] = 's'; *variant = true; return 2;  /* ß */
    case 0x1E9E: out[0] = 'S'; out[1] = 'S'; *variant = true; return 2;  /* ẞ */
    case 0x00E6: out[0] = 'a'; out[1] = 'e'; *variant = true; return 2;  /* æ */
    case 0x00C6: out[0] = 'A'; out[1] = 'E'; *variant = true; return 2;
    case 0x0153: out[0] = 'o'; out[1] = 'e'; *variant = true; return 2;  /* œ */
    case 0x0152: out[0] = 'O'; out[1] = 'E'; *variant = true; return 2;
    case 0x0131: out[0] = 'i'; *variant = true; return 1;                /* ı */
    /* Typographic punctuation sorts with its ASCII form, as a tertiary variant. */
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
        out[0] = '-'; *variant = true; return 1;
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        out[0] = '\''; *variant = true; return 1;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2033:
        out[0] = '"'; *variant = true; return 1;
    default: break;
    }
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, out, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
                                                 &boundclass);
    if (n < 1 || n > 32) { out[0] = cp; return 1; }
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    *variant = p->decomp_type != 0;
    return (int)n;
}

/* Fast path: a code point below DECOMP_END that on its own makes one unit with a one-byte
 * primary weight, at most one mark weight and a tertiary weight (a Vietnamese precomposed
 * letter, a Latin-1 letter …) is SIMPLE; when the next character is a STARTER (not a mark, not
 * ignorable, so nothing can attach to or change the unit) its weights are written directly,
 * which is exactly what the unit machinery would write. */
enum { F_SIMPLE = 1, F_STARTER = 2 };
struct simple { unsigned char prim, mark, ter, flags; };
static struct simple simple_table[DECOMP_END];
static void simple_table_build(void);

static void tables_build(void)
{
    int w = S_MARK_FIRST - 1;
    for (size_t r = 0; r < countof(mark_order); r++) {
        if (!(r > 0 && MARK_ROW_CONTINUES(r))) w++;
        for (size_t i = 0; i < countof(mark_order[r]) && mark_order[r][i]; i++)
            mark_weight[mark_order[r][i] - 0x300] = (unsigned char)w;
    }
    for (int32_t cp = 0x80; cp < DECOMP_END; cp++) {
        int32_t tmp[32];
        bool variant;
        int n = decompose(cp, tmp, &variant);
        struct decomp *d = &decomp_table[cp];
        d->n = 0xFF;
        if (n > DECOMP_MAX) continue;
        bool fits = true;
        for (int i = 0; i < n; i++) {
            if (tmp[i] > 0xFFFF) fits = false;
            else d->cp[i] = (uint16_t)tmp[i];
        }
        if (!fits) continue;
        d->n = (unsigned char)n;
        d->variant = variant;
    }
    simple_table_build();
}

/* ---- Key building ------------------------------------------------------------------------ */

/* A growable byte array that starts on the stack: most keys never touch the heap. */
struct kbuf { unsigned char *p; size_t len, cap, nz; unsigned char stack[256]; };

static void kbuf_init(struct kbuf *k) { k->p = k->stack; k->len = k->nz = 0; k->cap = sizeof k->stack; }
static void kbuf_free(struct kbuf *k) { if (k->p != k->stack) free(k->p); }

static void kbuf_grow(struct kbuf *k, size_t extra)
{
    if (k->cap - k->len >= extra) return;
    size_t cap = k->cap * 2;
    while (cap - k->len < extra) cap *= 2;
    if (k->p == k->stack) {
        k->p = xmalloc(cap);
        memcpy(k->p, k->stack, k->len);
    } else {
        k->p = xrealloc(k->p, cap);
    }
    k->cap = cap;
}

/* Appends a weight; nz tracks the end of the last non-COMMON weight (trailing COMMON strip). */
static inline void kbuf_put(struct kbuf *k, unsigned char b)
{
    if (k->len == k->cap) kbuf_grow(k, 1);
    k->p[k->len++] = b;
    if (b != COMMON) k->nz = k->len;
}

static void kbuf_put_cp(struct kbuf *k, unsigned char lead, int32_t cp)
{
    kbuf_put(k, lead);
    kbuf_put(k, (unsigned char)(((cp >> 14) & 0x7F) + 1));
    kbuf_put(k, (unsigned char)(((cp >> 7) & 0x7F) + 1));
    kbuf_put(k, (unsigned char)((cp & 0x7F) + 1));
}

enum { MAX_MARKS = 32 };

struct mark { unsigned char ccc; int32_t cp; };

/* The unit being built: one primary weight (or none for marks with no base) and its marks. */
struct unit {
    bool active, has_primary;
    unsigned char plen, tert, base;  /* base: 'a','e','o','u' if a modifier may apply, else 0 */
    unsigned char prim[4];
    unsigned nmarks;
    struct mark marks[MAX_MARKS];
};

struct keyctx {
    buf *out;            /* primary weights go straight here */
    struct kbuf sec, ter;
    struct unit u;
};

static void put_primary(struct keyctx *c, const unsigned char *p, size_t n)
{
    buf_grow(c->out, n);
    memcpy(c->out->data + c->out->len, p, n);
    c->out->len += n;
}

static void put_mark_weight(struct kbuf *k, int32_t cp)
{
    if (cp >= 0x300 && cp < 0x370) {
        unsigned char w = mark_weight[cp - 0x300];
        if (w) kbuf_put(k, w);
    } else {
        kbuf_put_cp(k, S_OTHER_MARK, cp);
    }
}

static void unit_flush(struct keyctx *c)
{
    struct unit *u = &c->u;
    if (!u->active) return;
    u->active = false;
    unsigned n = u->nmarks;
    /* Canonical order: stable insertion sort by combining class (the lists are tiny). */
    for (unsigned i = 1; i < n; i++) {
        struct mark m = u->marks[i];
        unsigned j = i;
        while (j > 0 && u->marks[j - 1].ccc > m.ccc) { u->marks[j] = u->marks[j - 1]; j--; }
        u->marks[j] = m;
    }
    if (u->base) {
        for (unsigned i = 0; i < n; i++) {
            int32_t m = u->marks[i].cp;
            unsigned char p = 0;
            switch (u->base) {
            case 'a': p = m == 0x0306 ? P_A_BREVE : m == 0x0302 ? P_A_CIRC : 0; break;
            case 'e': p = m == 0x0302 ? P_E_CIRC : 0; break;
            case 'o': p = m == 0x0302 ? P_O_CIRC : m == 0x031B ? P_O_HORN : 0; break;
            case 'u': p = m == 0x031B ? P_U_HORN : 0; break;
            default: break;
            }
            if (!p) continue;
            if (i > 0 && u->marks[i - 1].ccc == u->marks[i].ccc) break;  /* blocked */
            u->prim[0] = p;
            memmove(&u->marks[i], &u->marks[i + 1], (n - i - 1) * sizeof u->marks[0]);
            n--;
            break;
        }
    }
    if (u->has_primary) {
        put_primary(c, u->prim, u->plen);
        kbuf_put(&c->sec, COMMON);
        kbuf_put(&c->ter, u->tert);
    }
    for (unsigned i = 0; i < n; i++) put_mark_weight(&c->sec, u->marks[i].cp);
}

static void unit_start(struct keyctx *c, const unsigned char *prim, size_t plen, unsigned char tert,
                       unsigned char base)
{
    unit_flush(c);
    struct unit *u = &c->u;
    u->active = true;
    u->has_primary = plen > 0;
    u->plen = (unsigned char)plen;
    if (plen) memcpy(u->prim, prim, plen);
    u->tert = tert;
    u->base = base;
    u->nmarks = 0;
}

static void add_mark(struct keyctx *c, int32_t cp, unsigned char ccc)
{
    struct unit *u = &c->u;
    /* A mark of class 0 blocks reordering and contractions: it starts a unit of its own. A mark
     * with nothing before it, or past MAX_MARKS, does too (ICU gives it its own element). */
    if (ccc == 0 || !u->active || u->nmarks == MAX_MARKS) unit_start(c, NULL, 0, 0, 0);
    u->marks[u->nmarks].cp = cp;
    u->marks[u->nmarks].ccc = ccc;
    u->nmarks++;
}

static unsigned char tertiary(bool upper, bool variant)
{
    return variant ? (upper ? T_VARIANT_UPPER : T_VARIANT) : (upper ? T_UPPER : T_LOWER);
}

static void add_ascii(struct keyctx *c, unsigned ch, bool variant)
{
    unsigned char p = ascii_primary[ch];
    if (!p) return;  /* ignorable control character */
    unsigned char lower = (unsigned char)(ch | 0x20);
    bool letter = lower >= 'a' && lower <= 'z';
    bool upper = letter && ch < 'a';
    unsigned char base = (letter && (lower == 'a' || lower == 'e' || lower == 'o' || lower == 'u'))
                             ? lower : 0;
    unit_start(c, &p, 1, tertiary(upper, variant), base);
}

/* One code point after decomposition. */
static void add_cp(struct keyctx *c, int32_t cp, bool variant)
{
    if (cp < 0x80) { add_ascii(c, (unsigned)cp, variant); return; }
    if (cp == 0x0111 || cp == 0x0110) {  /* đ Đ */
        unsigned char p = P_D_STROKE;
        unit_start(c, &p, 1, tertiary(cp == 0x0110, variant), 0);
        return;
    }
    const utf8proc_property_t *prop = utf8proc_get_property(cp);
    unsigned char lead;
    bool upper = false;
    switch (prop->category) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        if (prop->ignorable) return;
        add_mark(c, cp, (unsigned char)prop->combining_class);
        return;
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS:
        return;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        lead = P_OTHER_SPACE; break;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        lead = P_OTHER_PUNCT; break;
    case UTF8PROC_CATEGORY_SC:
        lead = P_OTHER_CURRENCY; break;
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
        lead = cp == 0xFFFD ? P_OTHER : P_OTHER_SYMBOL; break;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        lead = P_OTHER_DIGIT; break;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
        upper = true;
        lead = P_OTHER_LETTER; break;
    case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        lead = P_OTHER_LETTER; break;
    default:  /* unassigned, private use */
        lead = P_OTHER; break;
    }
    if (prop->ignorable) return;
    unsigned char p[4] = {lead, (unsigned char)(((cp >> 14) & 0x7F) + 1),
                          (unsigned char)(((cp >> 7) & 0x7F) + 1), (unsigned char)((cp & 0x7F) + 1)};
    unit_start(c, p, 4, tertiary(upper, variant), 0);
}

static void simple_table_build(void)
{
    buf tmp = {0};
    for (int32_t cp = 0x80; cp < DECOMP_END; cp++) {
        struct simple *e = &simple_table[cp];
        const utf8proc_property_t *p = utf8proc_get_property(cp);
        bool mark = p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_MC ||
                    p->category == UTF8PROC_CATEGORY_ME;
        bool ignorable = p->ignorable || p->category == UTF8PROC_CATEGORY_CC ||
                         p->category == UTF8PROC_CATEGORY_CF || p->category == UTF8PROC_CATEGORY_CS;
        e->flags = (p->combining_class == 0 && !mark && !ignorable) ? F_STARTER : 0;
        const struct decomp *d = &decomp_table[cp];
        if (d->n == 0xFF || d->n == 0) continue;
        struct keyctx c;
        buf_reset(&tmp);
        c.out = &tmp;
        c.u.active = false;
        kbuf_init(&c.sec);
        kbuf_init(&c.ter);
        for (unsigned k = 0; k < d->n; k++) add_cp(&c, d->cp[k], d->variant);
        unit_flush(&c);
        if (tmp.len == 1 && c.sec.len >= 1 && c.sec.len <= 2 && c.sec.p[0] == COMMON && c.ter.len == 1) {
            e->prim = (unsigned char)tmp.data[0];
            e->mark = c.sec.len == 2 ? c.sec.p[1] : 0;
            e->ter = c.ter.p[0];
            e->flags |= F_SIMPLE;
        }
        kbuf_free(&c.sec);
        kbuf_free(&c.ter);
    }
    buf_free(&tmp);
}

/* Can nothing at in[i..] attach to the unit before it? */
static inline bool starter_at(const unsigned char *in, size_t i, size_t len)
{
    if (i >= len) return true;
    if (in[i] < 0x80) return ascii_primary[in[i]] != 0;
    size_t n;
    int32_t cp = vn_utf8_decode(in + i, len - i, &n);
    if (cp < 0) return true;  /* U+FFFD */
    if (cp < DECOMP_END) return simple_table[cp].flags & F_STARTER;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p->combining_class == 0 && !p->ignorable && p->category != UTF8PROC_CATEGORY_MN &&
           p->category != UTF8PROC_CATEGORY_MC && p->category != UTF8PROC_CATEGORY_ME &&
           p->category != UTF8PROC_CATEGORY_CF && p->category != UTF8PROC_CATEGORY_CC;
}

static inline void put_simple(struct keyctx *c, unsigned char prim, unsigned char mark, unsigned char ter)
{
    if (c->u.active) unit_flush(c);
    buf *o = c->out;
    if (o->cap - o->len < 2) buf_grow(o, 1);
    o->data[o->len++] = (char)prim;
    kbuf_put(&c->sec, COMMON);
    if (mark) kbuf_put(&c->sec, mark);
    kbuf_put(&c->ter, ter);
}

size_t vn_sortkey(const char *s, size_t len, buf *out)
{
    pthread_once(&tables_once, tables_build);
    const unsigned char *in = (const unsigned char *)s;
    struct keyctx c;
    c.out = out;
    c.u.active = false;
    kbuf_init(&c.sec);
    kbuf_init(&c.ter);
    size_t start = out->len;
    buf_grow(out, len + 4);
    for (size_t i = 0; i < len;) {
        unsigned b = in[i];
        if (b < 0x80) {
            unsigned char p = ascii_primary[b];
            if (p && starter_at(in, i + 1, len)) {
                unsigned char up = (unsigned char)(b - 'A') < 26;
                put_simple(&c, p, 0, up ? T_UPPER : T_LOWER);
            } else {
                add_ascii(&c, b, false);
            }
            i++;
            continue;
        }
        size_t n;
        int32_t cp = vn_utf8_decode(in + i, len - i, &n);
        i += n;
        if (cp >= 0 && cp < DECOMP_END && (simple_table[cp].flags & F_SIMPLE) && starter_at(in, i, len)) {
            const struct simple *e = &simple_table[cp];
            put_simple(&c, e->prim, e->mark, e->ter);
            continue;
        }
        if (cp < 0) cp = 0xFFFD;
        if (cp < DECOMP_END && decomp_table[cp].n != 0xFF) {
            const struct decomp *d = &decomp_table[cp];
            for (unsigned k = 0; k < d->n; k++) add_cp(&c, d->cp[k], d->variant);
        } else {
            int32_t tmp[32];
            bool variant;
            int m = decompose(cp, tmp, &variant);
            for (int k = 0; k < m; k++) add_cp(&c, tmp[k], variant);
        }
    }
    unit_flush(&c);
    buf_grow(out, c.sec.nz + c.ter.nz + 2);
    out->data[out->len++] = SEP;
    memcpy(out->data + out->len, c.sec.p, c.sec.nz);
    out->len += c.sec.nz;
    out->data[out->len++] = SEP;
    memcpy(out->data + out->len, c.ter.p, c.ter.nz);
    out->len += c.ter.nz;
    out->data[out->len] = 0;
    kbuf_free(&c.sec);
    kbuf_free(&c.ter);
    return out->len - start;
}

/* ---- Names ------------------------------------------------------------------------------- */

static bool is_name_space(const unsigned char *s, size_t len, size_t *n)
{
    int32_t cp = vn_utf8_decode(s, len, n);
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x202F ||
           cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A);
}

/* Compares word w (any case, any diacritics, NFC or not) folded with the ASCII word a. */
static bool word_folds_to(const char *w, size_t n, const char *a)
{
    const unsigned char *u = (const unsigned char *)w;
    if (n == 0 || (u[0] < 0x80 && (u[0] | 0x20) != (unsigned char)a[0])) return false;  /* fast "no" */
    size_t alen = strlen(a), pos = 0;
    for (size_t i = 0, cn; i < n; i += cn) {
        char f[64];
        size_t fl = vn_fold_cp(vn_utf8_decode(u + i, n - i, &cn), f, sizeof f);
        if (pos + fl > alen || memcmp(a + pos, f, fl) != 0) return false;
        pos += fl;
    }
    return pos == alen;
}

/* Family names of more than one word (folded). Only spellings that cannot be a family name
 * followed by a common middle name are listed. */
static const char *const compound_ho[][4] = {
    {"cong", "tang", "ton", "nu"}, {"cong", "huyen", "ton", "nu"},
    {"ton", "that"}, {"ton", "nu"}, {"au", "duong"},
};

size_t vn_name_split(const char *s, size_t len, struct vn_name_parts *parts)
{
    enum { MAX_WORDS = 64 };
    size_t off[MAX_WORDS], wl[MAX_WORDS], nw = 0;
    const unsigned char *u = (const unsigned char *)s;
    memset(parts, 0, sizeof *parts);
    for (size_t i = 0; i < len;) {
        size_t n;
        if (is_name_space(u + i, len - i, &n)) { i += n; continue; }
        size_t st = i;
        while (i < len && !is_name_space(u + i, len - i, &n)) i += n;
        if (nw < MAX_WORDS) {
            off[nw] = st;
            wl[nw] = i - st;
            nw++;
        } else {  /* absurdly many words: the rest belongs to the last one */
            wl[nw - 1] = i - off[nw - 1];
        }
    }
    if (nw == 0) return 0;
    parts->ten_off = off[nw - 1];
    parts->ten_len = wl[nw - 1];
    if (nw == 1) return 1;
    size_t ho_words = 1;
    for (size_t k = 0; k < countof(compound_ho); k++) {
        size_t cw = 0;
        while (cw < 4 && compound_ho[k][cw]) cw++;
        if (nw < cw + 1) continue;
        size_t j = 0;
        while (j < cw && word_folds_to(s + off[j], wl[j], compound_ho[k][j])) j++;
        if (j == cw) { ho_words = cw; break; }
    }
    parts->ho_off = off[0];
    parts->ho_len = off[ho_words - 1] + wl[ho_words - 1] - off[0];
    if (nw > ho_words + 1) {
        parts->dem_off = off[ho_words];
        parts->dem_len = off[nw - 2] + wl[nw - 2] - off[ho_words];
    }
    return nw;
}

size_t vn_name_sortkey(const char *s, size_t len, buf *out)
{
    struct vn_name_parts p;
    size_t start = out->len;
    vn_name_split(s, len, &p);
    vn_sortkey(s + p.ten_off, p.ten_len, out);
    buf_putc(out, SEP);
    vn_sortkey(s + p.ho_off, p.ho_len, out);
    buf_putc(out, SEP);
    vn_sortkey(s + p.dem_off, p.dem_len, out);
    buf_putc(out, SEP);
    return out->len - start;
}
