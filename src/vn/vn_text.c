/* vn_text.c: the basic Vietnamese string operations of vn.h: UTF-8 validation and counting,
 * normalisation for storage (NFC, white space, PDF-extraction repairs), field limits with
 * Vietnamese error messages, and folding for search (vn_fold), which the FTS5 tokenizer, the
 * SQL function vn_fold() and the sender matcher all share so they agree byte for byte.
 *
 * Speed: folding is on the hot path of imports and search indexing. ASCII is copied through a
 * table; every other code point below U+2000 (Latin, Greek, Cyrillic, Vietnamese precomposed
 * letters, combining marks) is folded through a table built once from utf8proc on first use;
 * only rarer code points call utf8proc per character. Nothing allocates per character. */
#include "vn.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- UTF-8 ------------------------------------------------------------------------------- */

size_t vn_utf8_encode(int32_t cp, char out[4])
{
    unsigned u = (unsigned)cp;
    if (u < 0x80) { out[0] = (char)u; return 1; }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        out[0] = (char)(0xE0 | (u >> 12));
        out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        out[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (u >> 18));
    out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

/* Length of the leading run of ASCII bytes, eight at a time where possible. */
static size_t ascii_prefix(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) break;
        i += 8;
    }
    while (i < len && s[i] < 0x80) i++;
    return i;
}

bool vn_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n;
    while (i < len) {
        i += ascii_prefix(u + i, len - i);
        if (i >= len) break;
        if (vn_utf8_decode(u + i, len - i, &n) < 0) {
            if (bad) *bad = i;
            return false;
        }
        i += n;
    }
    return true;
}

size_t vn_utf8_chars(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t count = 0;
    for (size_t i = 0, n; i < len; i += n, count++) {
        size_t a = ascii_prefix(u + i, len - i);
        if (a) { count += a - 1; n = a; continue; }
        vn_utf8_decode(u + i, len - i, &n);
    }
    return count;
}

/* ---- Folding ----------------------------------------------------------------------------- */

/* Letters with a stroke or a ligature that Unicode does not decompose but that people type
 * without it; keyed by the case-folded form. ƣ is what PDF extraction leaves for ư. */
static const char *fold_special(int32_t cp)
{
    switch (cp) {
    case 0x0111: case 0x00F0: case 0x0256: return "d";    /* đ ð ɖ */
    case 0x00F8: return "o";                               /* ø */
    case 0x0142: return "l";                               /* ł */
    case 0x0127: return "h";                               /* ħ */
    case 0x0167: return "t";                               /* ŧ */
    case 0x0131: return "i";                               /* ı */
    case 0x00E6: return "ae";                              /* æ */
    case 0x0153: return "oe";                              /* œ */
    case 0x01A3: return "u";                               /* ƣ */
    default: return NULL;
    }
}

#define FOLD_OPTIONS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
                      UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

enum { HANGUL_S = 0xAC00, HANGUL_L = 0x1100, HANGUL_V = 0x1161, HANGUL_T = 0x11A7,
       HANGUL_LCOUNT = 19, HANGUL_VCOUNT = 21, HANGUL_TCOUNT = 28, HANGUL_SCOUNT = 11172 };

/* Folds one code point into out[0..cap) and returns the byte length, or -1 if it does not fit.
 * Conjoining Hangul jamo are left for the caller to recompose. */
static int fold_cp_slow(int32_t cp, char *out, size_t cap)
{
    /* The Greek iota subscript is a mark that case folding turns into ι; precomposed letters
     * carrying it (ᾳ) fold to "αι", so the lone mark of NFD text must too. */
    if (cp == 0x0345) {
        if (cap < 2) return -1;
        memcpy(out, "\xCE\xB9", 2);
        return 2;
    }
    int32_t tmp[32];
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, tmp, 32, FOLD_OPTIONS, &boundclass);
    if (n < 0 || n > 32) { /* cannot happen for a valid code point; keep it as it is */
        tmp[0] = cp;
        n = 1;
    }
    size_t len = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        const char *sp = fold_special(tmp[i]);
        if (sp) {
            size_t l = strlen(sp);
            if (len + l > cap) return -1;
            memcpy(out + len, sp, l);
            len += l;
        } else {
            if (len + 4 > cap) return -1;
            len += vn_utf8_encode(tmp[i], out + len);
        }
    }
    return (int)len;
}

/* The fold table: for each code point in [0x80, FOLD_TABLE_END), its folded UTF-8 (at most 7
 * bytes) or len == 0xFF for "use the slow path" (Hangul jamo, long expansions). */
enum { FOLD_TABLE_END = 0x2000 };
struct fold_entry { unsigned char len; char s[7]; };
static struct fold_entry fold_table[FOLD_TABLE_END];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_table_build(void)
{
    for (int32_t cp = 0x80; cp < FOLD_TABLE_END; cp++) {
        struct fold_entry *e = &fold_table[cp];
        int n = (cp >= 0x1100 && cp < 0x1200) ? -1 : fold_cp_slow(cp, e->s, sizeof e->s);
        e->len = n < 0 ? 0xFF : (unsigned char)n;
    }
}

static const unsigned char ascii_lower[128] = {
#define L4(c) (c), (c) + 1, (c) + 2, (c) + 3
#define L16(c) L4(c), L4((c) + 4), L4((c) + 8), L4((c) + 12)
    L16(0x00), L16(0x10), L16(0x20), L16(0x30),
    0x40, L4(0x61), L4(0x65), L4(0x69), L4(0x6D), L4(0x71), L4(0x75), 0x79, 0x7A, 0x5B, 0x5C, 0x5D,
    0x5E, 0x5F, L16(0x60), L16(0x70),
#undef L16
#undef L4
};

/* Appends cp's UTF-8 to out, composing a conjoining Hangul L+V(+T) sequence into a syllable so
 * that folded Korean is NFC whether the input was composed or not. */
static void fold_emit_hangul(buf *out, int32_t cp, int32_t *last, size_t *last_pos)
{
    if (*last >= HANGUL_L && *last < HANGUL_L + HANGUL_LCOUNT &&
        cp >= HANGUL_V && cp < HANGUL_V + HANGUL_VCOUNT) {
        int32_t s = HANGUL_S + ((*last - HANGUL_L) * HANGUL_VCOUNT + (cp - HANGUL_V)) * HANGUL_TCOUNT;
        out->len = *last_pos;
        cp = s;
    } else if (*last >= HANGUL_S && *last < HANGUL_S + HANGUL_SCOUNT &&
               (*last - HANGUL_S) % HANGUL_TCOUNT == 0 &&
               cp > HANGUL_T && cp < HANGUL_T + HANGUL_TCOUNT) {
        out->len = *last_pos;
        cp = *last + (cp - HANGUL_T);
    }
    char tmp[4];
    size_t n = vn_utf8_encode(cp, tmp);
    *last_pos = out->len;
    *last = cp;
    buf_append(out, tmp, n);
}

size_t vn_fold(const char *s, size_t len, buf *out)
{
    pthread_once(&fold_once, fold_table_build);
    const unsigned char *u = (const unsigned char *)s;
    size_t start = out->len;
    int32_t last = 0;     /* last code point emitted through the Hangul-aware path */
    size_t last_pos = 0;
    buf_grow(out, len + 16);
    size_t i = 0;
    while (i < len) {
        /* Reserve for the worst single step of the table path (7 bytes) plus the ASCII run. */
        if (out->cap - out->len <= 8 + (len - i)) buf_grow(out, 8 + (len - i));
        char *d = out->data + out->len;
        size_t k = i;
        while (k < len && u[k] < 0x80) *d++ = (char)ascii_lower[u[k++]];
        if (k > i) last = 0;
        out->len += k - i;
        i = k;
        if (i >= len) break;
        size_t n;
        int32_t cp = vn_utf8_decode(u + i, len - i, &n);
        i += n;
        if (cp < 0) {
            buf_append(out, "\xEF\xBF\xBD", 3);
            last = 0;
            continue;
        }
        if (cp < FOLD_TABLE_END && fold_table[cp].len != 0xFF) {
            const struct fold_entry *e = &fold_table[cp];
            memcpy(out->data + out->len, e->s, e->len);
            out->len += e->len;
            last = 0;
            continue;
        }
        /* Slow path: decompose (a Hangul syllable becomes jamo), then recompose Hangul. */
        char tmp[160];
        int m = fold_cp_slow(cp, tmp, sizeof tmp);
        if (m < 0) {  /* longer than any Unicode decomposition; keep the character */
            m = (int)vn_utf8_encode(cp, tmp);
        }
        for (size_t j = 0; j < (size_t)m;) {
            size_t cn;
            int32_t c = vn_utf8_decode((const unsigned char *)tmp + j, (size_t)m - j, &cn);
            fold_emit_hangul(out, c, &last, &last_pos);
            j += cn;
        }
    }
    out->data[out->len] = 0;
    return out->len - start;
}

size_t vn_fold_cp(int32_t cp, char *out, size_t cap)
{
    pthread_once(&fold_once, fold_table_build);
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) cp = 0xFFFD;
    if (cp < 0x80) {
        if (cap < 1) return 0;
        out[0] = (char)ascii_lower[cp];
        return 1;
    }
    if (cp < FOLD_TABLE_END && fold_table[cp].len != 0xFF) {
        const struct fold_entry *e = &fold_table[cp];
        if (e->len > cap) return 0;
        memcpy(out, e->s, e->len);
        return e->len;
    }
    int n = fold_cp_slow(cp, out, cap);
    return n < 0 ? 0 : (size_t)n;
}

char *vn_fold_str(const char *s)
{
    buf b = {0};
    vn_fold(s, strlen(s), &b);
    return buf_detach(&b);
}

/* ---- Normalisation ----------------------------------------------------------------------- */

static bool is_space_cp(int32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

static bool is_newline_cp(int32_t cp)
{
    return cp == 0x0A || cp == 0x0B || cp == 0x0C || cp == 0x0D || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

static bool is_control_cp(int32_t cp)
{
    return (cp < 0x20 && cp != 0x09 && !is_newline_cp(cp)) || cp == 0x7F ||
           (cp >= 0x80 && cp < 0xA0 && cp != 0x85);
}

/* What VN_NORM_REPAIR replaces: NULL = keep, "" = remove, else the replacement. */
static const char *repair_cp(int32_t cp)
{
    switch (cp) {
    case 0x01A3: return "\xC6\xB0";        /* ƣ → ư */
    case 0x01A2: return "\xC6\xAF";        /* Ƣ → Ư */
    case 0x00D0: case 0x0189: return "\xC4\x90";  /* Ð Ɖ → Đ */
    case 0x00F0: case 0x0256: return "\xC4\x91";  /* ð ɖ → đ */
    case 0xFB00: return "ff";
    case 0xFB01: return "fi";
    case 0xFB02: return "fl";
    case 0xFB03: return "ffi";
    case 0xFB04: return "ffl";
    case 0xFB05: case 0xFB06: return "st";
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: return "";
    default: return NULL;
    }
}

static void set_err(struct vn_error *err, int code, size_t offset)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
    err->code = code;
    err->offset = offset;
}

/* Collapses white space of NFC text t[0..n) into out (see vn_normalize). */
static void collapse_spaces(const char *t, size_t n, bool multiline, buf *out)
{
    const unsigned char *u = (const unsigned char *)t;
    bool pending_space = false;  /* white space seen since the last character written */
    size_t newlines = 0;         /* line breaks seen since the last character written */
    bool any = false;            /* something written yet */
    for (size_t i = 0, cn; i < n; i += cn) {
        int32_t cp = vn_utf8_decode(u + i, n - i, &cn);
        if (cp >= 0 && is_space_cp(cp)) {
            if (multiline && is_newline_cp(cp) && cp != 0x0B && cp != 0x0C) {
                /* CRLF is one break */
                if (!(cp == 0x0A && i > 0 && u[i - 1] == '\r')) newlines++;
                pending_space = false;
            } else if (!(multiline && newlines)) {
                pending_space = true;
            }
            continue;
        }
        if (any) {
            if (newlines) buf_append(out, "\n\n", newlines > 1 ? 2 : 1);
            else if (pending_space) buf_putc(out, ' ');
        }
        pending_space = false;
        newlines = 0;
        any = true;
        buf_append(out, t + i, cn);
    }
    if (!out->data) buf_grow(out, 0), out->data[0] = 0;
}

int vn_normalize(const char *s, size_t len, unsigned flags, buf *out, struct vn_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    bool repair = flags & VN_NORM_REPAIR;
    bool multiline = flags & VN_NORM_MULTILINE;
    bool single = (flags & VN_NORM_SINGLE_LINE) && !multiline;
    bool nfc_sure = true, needs_repair = false;

    /* Pass 1 on the caller's bytes, so that error offsets are theirs. */
    for (size_t i = 0, n; i < len; i += n) {
        int32_t cp = vn_utf8_decode(u + i, len - i, &n);
        if (cp < 0) { set_err(err, VN_ERR_UTF8, i); return VN_ERR_UTF8; }
        /* Below U+0300 and in Latin Extended Additional (the precomposed Vietnamese letters)
         * every character is NFC whatever surrounds it; anything else goes through utf8proc. */
        if (cp >= 0x300 && !(cp >= 0x1E00 && cp < 0x1F00)) nfc_sure = false;
        if (is_control_cp(cp)) {
            if (!repair) { set_err(err, VN_ERR_CONTROL, i); return VN_ERR_CONTROL; }
            needs_repair = true;
        } else if (single && is_newline_cp(cp)) {
            set_err(err, VN_ERR_NEWLINE, i);
            return VN_ERR_NEWLINE;
        } else if (repair && cp >= 0x80 && repair_cp(cp)) {
            needs_repair = true;
        }
    }

    /* Pass 2: repairs, before NFC so that a repaired letter composes with following marks. */
    buf fixed = {0};
    const char *t = s;
    size_t tn = len;
    if (needs_repair) {
        buf_grow(&fixed, len);
        for (size_t i = 0, n; i < len; i += n) {
            int32_t cp = vn_utf8_decode(u + i, len - i, &n);
            const char *r = cp >= 0x80 ? repair_cp(cp) : NULL;
            if (is_control_cp(cp)) continue;
            if (r) buf_puts(&fixed, r);
            else buf_append(&fixed, s + i, n);
        }
        t = fixed.data;
        tn = fixed.len;
    }

    /* Pass 3: NFC, unless pass 1 proved the text is NFC already. Repairs only produce
     * characters below U+0300, so they keep that proof valid. */
    utf8proc_uint8_t *nfc = NULL;
    if (!nfc_sure && tn > 0) {
        utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)t, (utf8proc_ssize_t)tn, &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (r < 0) {  /* validated above, so only out of memory can get here */
            buf_free(&fixed);
            fprintf(stderr, "thidua: utf8proc: %s\n", utf8proc_errmsg(r));
            abort();
        }
        t = (const char *)nfc;
        tn = (size_t)r;
    }

    collapse_spaces(t, tn, multiline, out);
    free(nfc);
    buf_free(&fixed);
    if (err) set_err(err, VN_OK, 0);
    return VN_OK;
}

int vn_field_clean(const char *s, size_t len, const struct vn_field *field, buf *out,
                   struct vn_error *err)
{
    size_t start = out->len;
    int rc = vn_normalize(s, len, field->flags, out, err);
    if (rc) return rc;
    size_t chars = vn_utf8_chars(out->data + start, out->len - start);
    int code = VN_OK;
    size_t limit = 0;
    if (chars < field->min_chars) code = VN_ERR_TOO_SHORT, limit = field->min_chars;
    else if (field->max_chars && chars > field->max_chars) code = VN_ERR_TOO_LONG, limit = field->max_chars;
    if (code) {
        out->len = start;
        out->data[start] = 0;
        if (err) {
            set_err(err, code, 0);
            err->limit = limit;
            err->count = chars;
        }
    }
    return code;
}

void vn_error_message(const struct vn_error *err, const char *label, buf *out)
{
    if (label && *label) buf_printf(out, "%s: ", label);
    if (err->message[0]) { buf_puts(out, err->message); return; }
    switch (err->code) {
    case VN_OK: buf_puts(out, "hợp lệ"); break;
    case VN_ERR_UTF8: buf_printf(out, "UTF-8 không hợp lệ ở byte thứ %zu", err->offset + 1); break;
    case VN_ERR_CONTROL: buf_printf(out, "có ký tự điều khiển ở byte thứ %zu", err->offset + 1); break;
    case VN_ERR_NEWLINE: buf_printf(out, "không được xuống dòng (byte thứ %zu)", err->offset + 1); break;
    case VN_ERR_TOO_SHORT:
        if (err->count == 0) buf_puts(out, "không được để trống");
        else buf_printf(out, "ngắn quá: cần ít nhất %zu ký tự (có %zu)", err->limit, err->count);
        break;
    case VN_ERR_TOO_LONG: buf_printf(out, "dài quá %zu ký tự (có %zu)", err->limit, err->count); break;
    default: buf_printf(out, "lỗi %d", err->code); break;
    }
}

const char *vn_like_pattern(arena *a, const char *q)
{
    buf f = {0}, p = {0};
    vn_fold(q, strlen(q), &f);
    buf_putc(&p, '%');
    bool word = false;
    for (size_t i = 0; i < f.len; i++) {
        unsigned char c = (unsigned char)f.data[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '%' || c == '_' || c == '\\';
        if (!alnum) {
            if (word) buf_putc(&p, '%');
            word = false;
            continue;
        }
        if (c == '%' || c == '_' || c == '\\') buf_putc(&p, '\\');
        buf_putc(&p, (char)c);
        word = true;
    }
    if (word) buf_putc(&p, '%');
    const char *r = p.len > 1 ? arena_strdup(a, buf_str(&p)) : NULL;
    buf_free(&f);
    buf_free(&p);
    return r;
}
