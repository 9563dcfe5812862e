/* vn_legacy.c: the byte encodings Vietnamese text used before Unicode, to and from UTF-8 NFC,
 * and the detector the importers call to find out which one a file is in.
 *   TCVN3 (ABC, TCVN 5712:1993 VN3): precomposed lower-case letters in 0xB5–0xFE, the seven
 *     base letters Ă Â Ê Ô Ơ Ư Đ and their lower case in 0xA1–0xAE, tone marks alone in
 *     0xB0–0xB4. VN3 has no capital toned letters: ".VnTimeH" fonts drew the lower-case codes
 *     as capitals, so decoding gives lower case (VN_LEGACY_RECASE restores all-capital words).
 *     The capitals of the larger VN1 set (0x80–0x9F and gaps above 0xA0) are read only in
 *     lenient mode, since in VN3 files those bytes are usually Windows punctuation.
 *   VNI-Windows: a letter followed by a mark byte (ù ø û õ ï for the tones, â á à å ã ä for the
 *     circumflex with a tone, ê é è ú ü ë for the breve with a tone; capitals Ù Ø Û …);
 *     í ì æ ó ò (i with a tone), î (ỵ), ñ (đ), ô (ơ), ö (ư) are letters of their own.
 *   VIQR (RFC 1456): a( a^ o+ then ' ` ? ~ . for the tones, dd for đ, "\" escapes.
 *   Windows-1258: Latin-1 letters plus Ă Đ Ơ Ư and combining tone marks.
 * The tables were written from the published charts (TCVN 5712:1993, VNI and Microsoft code
 * page charts, RFC 1456); the tests check CP1258 and the VN3 part of TCVN against glibc iconv.
 * Every decoder produces code points, then one NFC pass composes base letters and marks. */
#include "vn_calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

const char *vn_encoding_name(enum vn_encoding e)
{
    switch (e) {
    case VN_ENC_UNKNOWN: return "unknown";
    case VN_ENC_ASCII: return "ascii";
    case VN_ENC_UTF8: return "utf-8";
    case VN_ENC_UTF16LE: return "utf-16le";
    case VN_ENC_UTF16BE: return "utf-16be";
    case VN_ENC_CP1258: return "cp1258";
    case VN_ENC_TCVN3: return "tcvn3";
    case VN_ENC_VNI: return "vni";
    case VN_ENC_VIQR: return "viqr";
    }
    return "unknown";
}

int vn_encoding_from_name(const char *name, enum vn_encoding *out)
{
    static const struct { const char *n; enum vn_encoding e; } names[] = {
        {"ascii", VN_ENC_ASCII}, {"us-ascii", VN_ENC_ASCII}, {"utf-8", VN_ENC_UTF8}, {"utf8", VN_ENC_UTF8},
        {"utf-16", VN_ENC_UTF16LE}, {"utf16", VN_ENC_UTF16LE}, {"utf-16le", VN_ENC_UTF16LE},
        {"utf16le", VN_ENC_UTF16LE}, {"utf-16be", VN_ENC_UTF16BE}, {"utf16be", VN_ENC_UTF16BE},
        {"cp1258", VN_ENC_CP1258}, {"windows-1258", VN_ENC_CP1258}, {"win1258", VN_ENC_CP1258},
        {"tcvn3", VN_ENC_TCVN3}, {"tcvn", VN_ENC_TCVN3}, {"abc", VN_ENC_TCVN3}, {"vn3", VN_ENC_TCVN3},
        {"vni", VN_ENC_VNI}, {"vni-windows", VN_ENC_VNI}, {"viqr", VN_ENC_VIQR},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].n) == 0) {
            *out = names[i].e;
            return 0;
        }
    return -1;
}

/* ------------------------------------------------------------------------------ tables */

/* Windows-1252 0x80–0x9F (0 = unassigned); VNI and TCVN3 files carry Windows punctuation here. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int32_t cp1252_byte(uint8_t b) { return b >= 0x80 && b < 0xA0 ? (cp1252_hi[b - 0x80] ? cp1252_hi[b - 0x80] : -1) : b; }

/* Windows-1258: Windows-1252 without Š Ž š ž, and these changes above 0xC0. */
static int32_t cp1258_byte(uint8_t b)
{
    switch (b) {
    case 0x8A: case 0x8E: case 0x9A: case 0x9E: return -1;
    case 0xC3: return 0x0102;
    case 0xCC: return 0x0300;
    case 0xD0: return 0x0110;
    case 0xD2: return 0x0309;
    case 0xD5: return 0x01A0;
    case 0xDD: return 0x01AF;
    case 0xDE: return 0x0303;
    case 0xE3: return 0x0103;
    case 0xEC: return 0x0301;
    case 0xF0: return 0x0111;
    case 0xF2: return 0x0323;
    case 0xF5: return 0x01A1;
    case 0xFD: return 0x01B0;
    case 0xFE: return 0x20AB;
    default: return cp1252_byte(b);
    }
}

/* TCVN3 0xA0–0xFF: VN3 (0 = unassigned in VN3). */
static const uint16_t tcvn3_hi[96] = {
    /* A0 */ 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0,
    /* B0 */ 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, 0x00E1, 0x1EA1, 0, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0,
    /* C0 */ 0, 0, 0, 0, 0, 0, 0x1EB7, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0, 0x1EBB, 0x1EBD,
    /* D0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, 0x1EC9, 0, 0, 0, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    /* E0 */ 0, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    /* F0 */ 0, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0,
};
/* The capitals VN1 adds where VN3 has nothing (read in lenient mode only). */
static const uint16_t tcvn1_80[32] = {
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8, 0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
    0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8, 0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
};
static const struct { uint8_t b; uint16_t cp; } tcvn1_gaps[] = {
    {0xAF, 0x1EB0}, {0xBA, 0x1EB2}, {0xBF, 0x1EB4}, {0xC0, 0x1EAE}, {0xC1, 0x1EA6}, {0xC2, 0x1EA8}, {0xC3, 0x1EAA},
    {0xC4, 0x1EA4}, {0xC5, 0x1EC0}, {0xCD, 0x1EC2}, {0xD9, 0x1EC4}, {0xDA, 0x1EBE}, {0xDB, 0x1ED2}, {0xE0, 0x1ED4},
    {0xF0, 0x1ED6}, {0xFF, 0x1ED0},
};

static int32_t tcvn3_byte(uint8_t b, bool lenient)
{
    if (b < 0x80) return b;
    if (b >= 0xA0 && tcvn3_hi[b - 0xA0]) return tcvn3_hi[b - 0xA0];
    if (!lenient) return -1;
    if (b < 0xA0) return tcvn1_80[b - 0x80];
    for (size_t i = 0; i < sizeof tcvn1_gaps / sizeof tcvn1_gaps[0]; i++)
        if (tcvn1_gaps[i].b == b) return tcvn1_gaps[i].cp;
    return -1;
}

/* VNI mark bytes (lower-case form; the capital form is 0x20 lower): the combining marks. */
enum { M_NONE = 0, M_CIRC = 1, M_BREVE = 2, M_HORN = 3 };
enum { T_NONE = 0, T_GRAVE, T_ACUTE, T_TILDE, T_HOOK, T_DOT };
static const uint16_t tone_mark[6] = {0, 0x0300, 0x0301, 0x0303, 0x0309, 0x0323};
static const uint16_t mod_mark[4] = {0, 0x0302, 0x0306, 0x031B};

struct vni_mark { uint8_t b; int mod, tone; };
static const struct vni_mark vni_marks[] = {
    {0xF9, M_NONE, T_ACUTE}, {0xF8, M_NONE, T_GRAVE}, {0xFB, M_NONE, T_HOOK}, {0xF5, M_NONE, T_TILDE},
    {0xEF, M_NONE, T_DOT},   {0xE2, M_CIRC, T_NONE},  {0xE1, M_CIRC, T_ACUTE}, {0xE0, M_CIRC, T_GRAVE},
    {0xE5, M_CIRC, T_HOOK},  {0xE3, M_CIRC, T_TILDE}, {0xE4, M_CIRC, T_DOT},   {0xEA, M_BREVE, T_NONE},
    {0xE9, M_BREVE, T_ACUTE}, {0xE8, M_BREVE, T_GRAVE}, {0xFA, M_BREVE, T_HOOK}, {0xFC, M_BREVE, T_TILDE},
    {0xEB, M_BREVE, T_DOT},
};
/* VNI letter bytes (lower-case form): base, modifier, tone. */
struct vni_letter { uint8_t b; char base; int mod, tone; };
static const struct vni_letter vni_letters[] = {
    {0xED, 'i', M_NONE, T_ACUTE}, {0xEC, 'i', M_NONE, T_GRAVE}, {0xE6, 'i', M_NONE, T_HOOK},
    {0xF3, 'i', M_NONE, T_TILDE}, {0xF2, 'i', M_NONE, T_DOT},   {0xEE, 'y', M_NONE, T_DOT},
    {0xF4, 'o', M_HORN, T_NONE},  {0xF6, 'u', M_HORN, T_NONE},  {0xF1, 'd', M_NONE, T_NONE},
};

static const struct vni_mark *vni_mark_of(uint8_t b, bool *upper)
{
    for (size_t i = 0; i < sizeof vni_marks / sizeof vni_marks[0]; i++) {
        if (vni_marks[i].b == b) { *upper = false; return &vni_marks[i]; }
        if (vni_marks[i].b - 0x20 == b) { *upper = true; return &vni_marks[i]; }
    }
    return NULL;
}

static const struct vni_letter *vni_letter_of(uint8_t b, bool *upper)
{
    for (size_t i = 0; i < sizeof vni_letters / sizeof vni_letters[0]; i++) {
        if (vni_letters[i].b == b) { *upper = false; return &vni_letters[i]; }
        if (vni_letters[i].b - 0x20 == b) { *upper = true; return &vni_letters[i]; }
    }
    return NULL;
}

/* ----------------------------------------------------------------------------- decoding */

struct cps { int32_t *v; size_t n, cap; };

static void cp_put(struct cps *c, int32_t cp)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->v = xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = cp;
}

static int dfail(struct vn_error *err, const uint8_t *in, size_t pos, const char *what)
{
    if (err) {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < pos; i++) {
            if (in[i] == '\n') line++, col = 1;
            else col++;
        }
        err->offset = pos;
        err->length = 1;
        snprintf(err->message, sizeof err->message, "dòng %zu, cột %zu (byte %zu): %s 0x%02X", line, col, pos + 1, what, in[pos]);
    }
    return -1;
}

/* State of the last letter, for deciding whether a mark can attach to it. */
struct lastch { char base; int mod, tone; bool upper; };

static bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

static bool mark_fits(const struct lastch *l, int mod, int tone)
{
    if (!is_vowel(l->base)) return false;
    if (mod == M_CIRC && !(l->mod == M_NONE && l->tone == T_NONE && (l->base == 'a' || l->base == 'e' || l->base == 'o'))) return false;
    if (mod == M_BREVE && !(l->mod == M_NONE && l->tone == T_NONE && l->base == 'a')) return false;
    if (mod == M_HORN && !(l->mod == M_NONE && l->tone == T_NONE && (l->base == 'o' || l->base == 'u'))) return false;
    if (tone != T_NONE && l->tone != T_NONE) return false;
    return true;
}

static void set_ascii_last(struct lastch *l, uint8_t b)
{
    l->mod = M_NONE;
    l->tone = T_NONE;
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {
        l->base = (char)(b | 0x20);
        l->upper = b < 'a';
    } else {
        l->base = 0;
    }
}

static int decode_vni(const uint8_t *in, size_t len, bool lenient, struct cps *c, struct vn_error *err)
{
    struct lastch l = {0, 0, 0, false};
    for (size_t i = 0; i < len; i++) {
        uint8_t b = in[i];
        bool up;
        const struct vni_mark *mk = b >= 0x80 ? vni_mark_of(b, &up) : NULL;
        const struct vni_letter *lt = b >= 0x80 && !mk ? vni_letter_of(b, &up) : NULL;
        if (mk && mark_fits(&l, mk->mod, mk->tone)) {
            if (mk->mod) cp_put(c, mod_mark[mk->mod]), l.mod = mk->mod;
            if (mk->tone) cp_put(c, tone_mark[mk->tone]), l.tone = mk->tone;
        } else if (lt) {
            if (lt->base == 'd') cp_put(c, up ? 0x0110 : 0x0111);
            else {
                cp_put(c, up ? lt->base - 32 : lt->base);
                if (lt->mod) cp_put(c, mod_mark[lt->mod]);
                if (lt->tone) cp_put(c, tone_mark[lt->tone]);
            }
            l.base = lt->base == 'd' ? 0 : lt->base;
            l.mod = lt->mod;
            l.tone = lt->tone;
            l.upper = up;
        } else if (b >= 0x80) {
            if (!lenient && mk) return dfail(err, in, i, "dấu VNI không ghép được với chữ đứng trước: byte");
            int32_t cp = cp1252_byte(b);
            if (cp < 0) {
                if (!lenient) return dfail(err, in, i, "byte không có trong VNI-Windows:");
                cp = 0xFFFD;
            }
            cp_put(c, cp);
            l.base = 0;
        } else {
            cp_put(c, b);
            set_ascii_last(&l, b);
        }
    }
    return 0;
}

static int decode_viqr(const uint8_t *in, size_t len, bool lenient, struct cps *c, struct vn_error *err)
{
    struct lastch l = {0, 0, 0, false};
    for (size_t i = 0; i < len; i++) {
        uint8_t b = in[i];
        if (b >= 0x80) {
            int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(in + i, (utf8proc_ssize_t)(len - i), &cp);
            if (k < 0) {
                if (!lenient) return dfail(err, in, i, "VIQR là văn bản ASCII; byte không hợp lệ");
                cp = 0xFFFD;
                k = 1;
            }
            cp_put(c, cp);
            i += (size_t)k - 1;
            l.base = 0;
            continue;
        }
        if (b == '\\' && i + 1 < len && strchr("(^+'`?~.\\dD", in[i + 1]) && in[i + 1]) {
            cp_put(c, in[++i]);
            l.base = 0;
            continue;
        }
        int mod = b == '(' ? M_BREVE : b == '^' ? M_CIRC : b == '+' ? M_HORN : M_NONE;
        int tone = b == '\'' ? T_ACUTE : b == '`' ? T_GRAVE : b == '?' ? T_HOOK : b == '~' ? T_TILDE : b == '.' ? T_DOT : T_NONE;
        if ((mod || tone) && mark_fits(&l, mod, tone)) {
            if (mod) cp_put(c, mod_mark[mod]), l.mod = mod;
            if (tone) cp_put(c, tone_mark[tone]), l.tone = tone;
            continue;
        }
        if ((b == 'd' || b == 'D') && i + 1 < len && (in[i + 1] == 'd' || (b == 'D' && in[i + 1] == 'D'))) {
            cp_put(c, b == 'D' ? 0x0110 : 0x0111);
            i++;
            l.base = 0;
            continue;
        }
        cp_put(c, b);
        set_ascii_last(&l, b);
    }
    return 0;
}

static int decode_utf16(const uint8_t *in, size_t len, bool be, bool lenient, struct cps *c, struct vn_error *err)
{
    size_t i = 0;
    if (len >= 2 && ((be && in[0] == 0xFE && in[1] == 0xFF) || (!be && in[0] == 0xFF && in[1] == 0xFE))) i = 2;
    for (; i < len; i += 2) {
        if (i + 1 >= len) {
            if (!lenient) return dfail(err, in, i, "UTF-16 bị cắt: byte lẻ cuối cùng");
            cp_put(c, 0xFFFD);
            break;
        }
        uint32_t u = be ? (uint32_t)(in[i] << 8 | in[i + 1]) : (uint32_t)(in[i + 1] << 8 | in[i]);
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < len) {
            uint32_t v = be ? (uint32_t)(in[i + 2] << 8 | in[i + 3]) : (uint32_t)(in[i + 3] << 8 | in[i + 2]);
            if (v >= 0xDC00 && v < 0xE000) {
                cp_put(c, (int32_t)(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00)));
                i += 2;
                continue;
            }
        }
        if (u >= 0xD800 && u < 0xE000) {
            if (!lenient) return dfail(err, in, i, "UTF-16 có nửa cặp thay thế (surrogate) lẻ loi, byte");
            u = 0xFFFD;
        }
        cp_put(c, (int32_t)u);
    }
    return 0;
}

static bool cp_is_letter(int32_t cp)
{
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t k = utf8proc_category(cp);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) || (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME);
}

/* Upper-cases words whose ASCII letters are all capitals (VN_LEGACY_RECASE): "CéNG" → "CỘNG".
 * A word with fewer than two ASCII letters ("X·", "é") is decided by its nearest neighbours
 * on the same line that have two or more: capitals if every such neighbour is capitals. */
struct word { size_t start, end; int ascii, upper; bool line_start; };

static void recase(struct cps *c)
{
    struct word *w = NULL;
    size_t nw = 0, cap = 0;
    bool new_line = true;
    for (size_t i = 0; i < c->n;) {
        if (!cp_is_letter(c->v[i])) {
            if (c->v[i] == '\n') new_line = true;
            i++;
            continue;
        }
        if (nw == cap) w = xrealloc(w, (cap = cap ? cap * 2 : 64) * sizeof *w);
        struct word *x = &w[nw++];
        x->start = i;
        x->ascii = x->upper = 0;
        x->line_start = new_line;
        new_line = false;
        while (i < c->n && cp_is_letter(c->v[i])) {
            if (c->v[i] < 0x80) {
                x->ascii++;
                if (c->v[i] < 'a') x->upper++;
            }
            i++;
        }
        x->end = i;
    }
    for (size_t k = 0; k < nw; k++) {
        bool caps;
        if (w[k].ascii >= 2) caps = w[k].upper == w[k].ascii;
        else {
            if (w[k].upper < w[k].ascii) continue;
            int votes = 0, against = 0;
            for (size_t j = k; j-- > 0;) {          /* previous decisive word on the line */
                if (w[j].ascii >= 2) { *(w[j].upper == w[j].ascii ? &votes : &against) += 1; break; }
                if (w[j].line_start) break;
            }
            for (size_t j = k + 1; j < nw && !w[j].line_start; j++)
                if (w[j].ascii >= 2) { *(w[j].upper == w[j].ascii ? &votes : &against) += 1; break; }
            caps = votes > 0 && against == 0;
        }
        if (caps)
            for (size_t i = w[k].start; i < w[k].end; i++) c->v[i] = utf8proc_toupper(c->v[i]);
    }
    free(w);
}

/* Maps UTF-8 "mojibake" back to the Windows-1252 bytes it was decoded from. */
static int unmojibake(const uint8_t *in, size_t len, buf *bytes, struct vn_error *err)
{
    for (size_t i = 0; i < len;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(in + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k < 0) return dfail(err, in, i, "văn bản không phải UTF-8 hợp lệ: byte");
        int b = -1;
        if (cp < 0x100 && !(cp >= 0x80 && cp < 0xA0 && cp1252_hi[cp - 0x80])) b = cp;
        else
            for (int j = 0; j < 32; j++)
                if (cp1252_hi[j] && cp1252_hi[j] == cp) b = 0x80 + j;
        if (b < 0) {
            if (err) {
                err->offset = i;
                err->length = (size_t)k;
                snprintf(err->message, sizeof err->message,
                         "ký tự U+%04X ở byte %zu không thuộc Windows-1252: văn bản không phải chữ mã cũ bị đọc nhầm",
                         (unsigned)cp, i + 1);
            }
            return -1;
        }
        buf_putc(bytes, (char)b);
        i += (size_t)k;
    }
    return 0;
}

static int nfc_append(const struct cps *c, buf *out, struct vn_error *err)
{
    buf tmp = {0};
    for (size_t i = 0; i < c->n; i++) {
        utf8proc_uint8_t u[4];
        utf8proc_ssize_t k = utf8proc_encode_char(c->v[i], u);
        buf_append(&tmp, u, (size_t)k);
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t m = tmp.len ? utf8proc_map((const utf8proc_uint8_t *)tmp.data, (utf8proc_ssize_t)tmp.len, &mapped,
                                                 UTF8PROC_STABLE | UTF8PROC_COMPOSE)
                                 : 0;
    buf_free(&tmp);
    if (m < 0) {
        if (err) {
            err->offset = err->length = 0;
            snprintf(err->message, sizeof err->message, "không chuẩn hoá được văn bản: %s", utf8proc_errmsg(m));
        }
        return -1;
    }
    if (m) buf_append(out, mapped, (size_t)m);
    free(mapped);
    return 0;
}

int vn_legacy_decode(enum vn_encoding enc, const uint8_t *in, size_t len, unsigned flags, buf *out, struct vn_error *err)
{
    bool lenient = flags & VN_LEGACY_LENIENT;
    buf raw = {0};
    struct cps c = {0};
    int rc = 0;
    if (flags & VN_LEGACY_MOJIBAKE) {
        if (unmojibake(in, len, &raw, err) < 0) {
            buf_free(&raw);
            return -1;
        }
        in = (const uint8_t *)raw.data;
        len = raw.len;
    }
    switch (enc) {
    case VN_ENC_UNKNOWN:
    case VN_ENC_ASCII:
    case VN_ENC_UTF8: {
        size_t i = len >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF ? 3 : 0;
        while (i < len) {
            int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(in + i, (utf8proc_ssize_t)(len - i), &cp);
            if (k < 0) {
                if (!lenient) { rc = dfail(err, in, i, "byte không hợp lệ trong UTF-8:"); break; }
                cp = 0xFFFD;
                k = 1;
            }
            cp_put(&c, cp);
            i += (size_t)k;
        }
        break;
    }
    case VN_ENC_UTF16LE:
    case VN_ENC_UTF16BE:
        if (len >= 2 && in[0] == 0xFE && in[1] == 0xFF) enc = VN_ENC_UTF16BE;
        else if (len >= 2 && in[0] == 0xFF && in[1] == 0xFE) enc = VN_ENC_UTF16LE;
        rc = decode_utf16(in, len, enc == VN_ENC_UTF16BE, lenient, &c, err);
        break;
    case VN_ENC_CP1258:
    case VN_ENC_TCVN3:
        for (size_t i = 0; i < len; i++) {
            int32_t cp = enc == VN_ENC_CP1258 ? cp1258_byte(in[i]) : tcvn3_byte(in[i], lenient);
            if (cp < 0) {
                if (!lenient) { rc = dfail(err, in, i, enc == VN_ENC_CP1258 ? "byte không có trong Windows-1258:" : "byte không có trong TCVN3 (VN3):"); break; }
                cp = 0xFFFD;
            }
            cp_put(&c, cp);
        }
        if (rc == 0 && enc == VN_ENC_TCVN3 && (flags & VN_LEGACY_RECASE)) recase(&c);
        break;
    case VN_ENC_VNI: rc = decode_vni(in, len, lenient, &c, err); break;
    case VN_ENC_VIQR: rc = decode_viqr(in, len, lenient, &c, err); break;
    }
    if (rc == 0) rc = nfc_append(&c, out, err);
    free(c.v);
    buf_free(&raw);
    return rc;
}

/* ----------------------------------------------------------------------------- encoding */

/* Splits a code point into base letter (ASCII, or 'd' for đ with *stroke), modifier, tone
 * and case. Returns false if it is not a Latin letter of Vietnamese or ASCII. */
struct parts { int32_t base; int mod, tone; bool upper, stroke; };

static bool split_letter(int32_t cp, struct parts *p)
{
    memset(p, 0, sizeof *p);
    if (cp == 0x0110 || cp == 0x0111) {
        p->base = 'd';
        p->stroke = true;
        p->upper = cp == 0x0110;
        return true;
    }
    utf8proc_int32_t d[8];
    int last;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &last);
    if (n < 1 || n > 3 || d[0] >= 0x80) return false;
    p->base = d[0];
    for (int i = 1; i < n; i++) {
        int found = 0;
        for (int t = 1; t < 6; t++)
            if (d[i] == tone_mark[t]) p->tone = t, found = 1;
        for (int m = 1; m < 4; m++)
            if (d[i] == mod_mark[m]) p->mod = m, found = 1;
        if (!found) return false;
    }
    p->upper = p->base >= 'A' && p->base <= 'Z';
    if (p->upper) p->base += 32;
    return true;
}

static int efail(struct vn_error *err, size_t off, size_t len, int32_t cp, const char *enc)
{
    if (err) {
        err->offset = off;
        err->length = len;
        snprintf(err->message, sizeof err->message, "ký tự U+%04X ở byte %zu không có trong %s", (unsigned)cp, off + 1, enc);
    }
    return -1;
}

/* Single-byte reverse lookup over a decoding function. */
static int reverse_byte(int32_t cp, int32_t (*dec)(uint8_t))
{
    if (cp < 0x80) return (int)cp;
    for (int b = 0x80; b < 0x100; b++)
        if (dec((uint8_t)b) == cp) return b;
    return -1;
}

static int32_t tcvn3_strict(uint8_t b) { return tcvn3_byte(b, false); }

static int32_t compose2(int32_t base, int32_t mark)
{
    utf8proc_int32_t in[2] = {base, mark};
    utf8proc_ssize_t n = utf8proc_normalize_utf32(in, 2, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    return n == 1 ? in[0] : -1;
}

int vn_legacy_encode(enum vn_encoding enc, const char *utf8, size_t len, buf *out, struct vn_error *err)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)utf8, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0) {
        if (err) {
            err->offset = err->length = 0;
            snprintf(err->message, sizeof err->message, "văn bản không phải UTF-8 hợp lệ");
        }
        return -1;
    }
    int rc = 0;
    if (enc == VN_ENC_UTF16LE || enc == VN_ENC_UTF16BE) {
        bool be = enc == VN_ENC_UTF16BE;
        buf_append(out, be ? "\xFE\xFF" : "\xFF\xFE", 2);
    } else if (enc == VN_ENC_UTF8 || enc == VN_ENC_ASCII || enc == VN_ENC_UNKNOWN) {
        buf_append(out, nfc, (size_t)m);
        free(nfc);
        return 0;
    }
    const char *name = vn_encoding_name(enc);
    struct parts prev = {0};
    bool prev_letter = false;
    for (utf8proc_ssize_t i = 0; i < m && rc == 0;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(nfc + i, m - i, &cp);
        size_t off = (size_t)i;
        i += k;
        struct parts p;
        bool letter = split_letter(cp, &p);
        switch (enc) {
        case VN_ENC_UTF16LE:
        case VN_ENC_UTF16BE: {
            uint32_t units[2];
            int nu = 1;
            if (cp >= 0x10000) {
                units[0] = 0xD800 + ((uint32_t)(cp - 0x10000) >> 10);
                units[1] = 0xDC00 + ((uint32_t)(cp - 0x10000) & 0x3FF);
                nu = 2;
            } else {
                units[0] = (uint32_t)cp;
            }
            for (int u = 0; u < nu; u++) {
                char b2[2] = {(char)(units[u] & 0xFF), (char)(units[u] >> 8)};
                if (enc == VN_ENC_UTF16BE) { char t = b2[0]; b2[0] = b2[1]; b2[1] = t; }
                buf_append(out, b2, 2);
            }
            break;
        }
        case VN_ENC_CP1258: {
            int b = reverse_byte(cp, cp1258_byte);
            if (b >= 0) { buf_putc(out, (char)b); break; }
            if (!letter || !p.tone) { rc = efail(err, off, (size_t)k, cp, name); break; }
            int32_t base = p.upper ? p.base - 32 : p.base;
            if (p.mod) base = compose2(base, mod_mark[p.mod]);
            int bb = base < 0 ? -1 : reverse_byte(base, cp1258_byte);
            if (bb < 0) { rc = efail(err, off, (size_t)k, cp, name); break; }
            buf_putc(out, (char)bb);
            buf_putc(out, (char)reverse_byte(tone_mark[p.tone], cp1258_byte));
            break;
        }
        case VN_ENC_TCVN3: {
            int b = reverse_byte(cp, tcvn3_strict);
            if (b < 0 || (b >= 0xB0 && b <= 0xB4) || b == 0xA0) {
                if (cp == 0xA0) { buf_putc(out, (char)0xA0); break; }
                rc = efail(err, off, (size_t)k, cp, "TCVN3 (VN3 không có chữ hoa có dấu thanh)");
                break;
            }
            buf_putc(out, (char)b);
            break;
        }
        case VN_ENC_VNI: {
            if (cp < 0x80) { buf_putc(out, (char)cp); break; }
            if (!letter) {
                int b = reverse_byte(cp, cp1252_byte);
                bool up;
                if (b < 0 || vni_mark_of((uint8_t)b, &up) || vni_letter_of((uint8_t)b, &up)) {
                    rc = efail(err, off, (size_t)k, cp, name);
                    break;
                }
                buf_putc(out, (char)b);
                break;
            }
            uint8_t sh = p.upper ? 0x20 : 0;
            bool done = false;
            for (size_t j = 0; j < sizeof vni_letters / sizeof vni_letters[0] && !done; j++) {
                const struct vni_letter *L = &vni_letters[j];
                if (p.stroke ? L->base == 'd' : (L->base == p.base && !p.stroke && L->mod == p.mod && (L->tone == p.tone || (L->mod && !L->tone)))) {
                    buf_putc(out, (char)(L->b - sh));
                    if (L->mod && p.tone) {
                        for (size_t q = 0; q < sizeof vni_marks / sizeof vni_marks[0]; q++)
                            if (vni_marks[q].mod == M_NONE && vni_marks[q].tone == p.tone) buf_putc(out, (char)(vni_marks[q].b - sh));
                    }
                    done = true;
                }
            }
            if (done) break;
            buf_putc(out, (char)(p.upper ? p.base - 32 : p.base));
            if (p.mod || p.tone) {
                bool put = false;
                for (size_t q = 0; q < sizeof vni_marks / sizeof vni_marks[0]; q++)
                    if (vni_marks[q].mod == p.mod && vni_marks[q].tone == p.tone) {
                        buf_putc(out, (char)(vni_marks[q].b - sh));
                        put = true;
                    }
                if (!put) rc = efail(err, off, (size_t)k, cp, name);
            }
            break;
        }
        case VN_ENC_VIQR: {
            if (letter && (p.stroke || p.mod || p.tone)) {
                if (p.stroke) buf_puts(out, p.upper ? "DD" : "dd");
                else {
                    buf_putc(out, (char)(p.upper ? p.base - 32 : p.base));
                    if (p.mod) buf_putc(out, "\0^(+"[p.mod]);
                    if (p.tone) buf_putc(out, "\0`'~?."[p.tone]);
                }
            } else if (cp < 0x80) {
                /* escape what the decoder would otherwise read as a mark or as đ */
                struct lastch l = {prev_letter && !prev.stroke ? (char)prev.base : 0, prev.mod, prev.tone, false};
                int mod = cp == '(' ? M_BREVE : cp == '^' ? M_CIRC : cp == '+' ? M_HORN : M_NONE;
                int tone = cp == '\'' ? T_ACUTE : cp == '`' ? T_GRAVE : cp == '?' ? T_HOOK : cp == '~' ? T_TILDE : cp == '.' ? T_DOT : T_NONE;
                bool dd = (cp == 'd' || cp == 'D') && prev_letter && !prev.stroke && !prev.mod && !prev.tone &&
                          (prev.base == 'd' && (cp == 'd' || prev.upper));
                if (cp == '\\' || dd || ((mod || tone) && mark_fits(&l, mod, tone))) buf_putc(out, '\\');
                buf_putc(out, (char)cp);
            } else {
                buf_append(out, nfc + off, (size_t)k);
            }
            break;
        }
        default: break;
        }
        prev = p;
        prev_letter = letter && cp < 0x80 ? true : letter;
        if (letter && cp >= 0x80 && enc == VN_ENC_VIQR && p.stroke) prev_letter = false;
    }
    free(nfc);
    return rc;
}

/* ---------------------------------------------------------------------------- detection */

/* Is a lower-case, NFC word a Vietnamese syllable? Onset + vowel cluster + coda, one tone. */
static bool valid_syllable(const char *w)
{
    static const char *const onsets[] = {"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d",
                                         "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""};
    static const char *const codas[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", ""};
    static const char *const nuclei[] = {
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia",
        "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ",
        "ưu", "yê", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "iêu", "yêu", "uya", "uyê", "uyu", "ưo", "uyêu"};
    /* remove the tone: decompose, drop tone marks, recompose */
    utf8proc_uint8_t *d = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)w, 0, &d, UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE);
    if (n < 0) return false;
    utf8proc_int32_t cps[64];
    int nc = 0, tones = 0;
    for (utf8proc_ssize_t i = 0; i < n && nc < 64;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(d + i, n - i, &cp);
        if (k < 0) break;
        i += k;
        bool tone = false;
        for (int t = 1; t < 6; t++)
            if (cp == tone_mark[t]) tone = true;
        if (tone) tones++;
        else cps[nc++] = cp;
    }
    free(d);
    if (tones > 1 || nc == 0 || nc >= 60) return false;
    utf8proc_ssize_t nn = utf8proc_normalize_utf32(cps, nc, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (nn < 0) return false;
    char s[256];
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < nn && o + 4 < sizeof s; i++) o += (size_t)utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)s + o);
    s[o] = 0;
    for (size_t a = 0; a < sizeof onsets / sizeof onsets[0]; a++) {
        size_t ol = strlen(onsets[a]);
        if (strncmp(s, onsets[a], ol) != 0) continue;
        for (size_t c = 0; c < sizeof codas / sizeof codas[0]; c++) {
            size_t cl = strlen(codas[c]);
            if (o < ol + cl || strcmp(s + o - cl, codas[c]) != 0) continue;
            size_t vl = o - ol - cl;
            if (vl == 0) {
                if (strcmp(onsets[a], "gi") == 0) return true;   /* gì, gìn */
                continue;
            }
            for (size_t v = 0; v < sizeof nuclei / sizeof nuclei[0]; v++)
                if (strlen(nuclei[v]) == vl && strncmp(s + ol, nuclei[v], vl) == 0) return true;
        }
    }
    return false;
}

/* Share of the words with non-ASCII letters (or, for VIQR, with marks) that are valid
 * syllables; *words gets their number. Decoded text that is mostly U+FFFD scores 0. */
static double score_text(const char *text, size_t len, int *words)
{
    int good = 0, total = 0, bad_chars = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k < 0) { i++; continue; }
        if (cp == 0xFFFD) bad_chars++;
        if (!cp_is_letter(cp)) { i += (size_t)k; continue; }
        size_t start = i;
        bool non_ascii = false;
        while (i < len) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
            if (k < 0 || !cp_is_letter(cp)) break;
            if (cp >= 0x80) non_ascii = true;
            i += (size_t)k;
        }
        if (!non_ascii) continue;
        total++;
        char lw[128];
        if (i - start < 100 && vn_cal_fold(text + start, i - start, lw, sizeof lw) > 0 && valid_syllable(lw)) good++;
    }
    *words = total;
    if (total == 0) return 0;
    double s = (double)good / total;
    if (bad_chars) s *= (double)total / (total + bad_chars);
    return s;
}

static bool valid_utf8(const uint8_t *in, size_t len, bool *ascii)
{
    *ascii = true;
    for (size_t i = 0; i < len;) {
        if (in[i] < 0x80) { i++; continue; }
        *ascii = false;
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(in + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k < 0) return false;
        i += (size_t)k;
    }
    return true;
}

struct cand { enum vn_encoding e; double score; int words; };

static void rank(struct cand *c, int n, struct vn_detection *out, bool mojibake)
{
    int best = 0, second = -1;
    for (int i = 1; i < n; i++)
        if (c[i].score > c[best].score) best = i;
    for (int i = 0; i < n; i++)
        if (i != best && (second < 0 || c[i].score > c[second].score)) second = i;
    out->enc = c[best].e;
    /* more words make the score more trustworthy; a close runner-up lowers confidence */
    double weight = c[best].words >= 10 ? 1.0 : 0.5 + 0.05 * c[best].words;
    double margin = second >= 0 ? c[best].score - c[second].score : c[best].score;
    out->confidence = c[best].score * weight * (0.5 + 0.5 * (margin < 0 ? 0 : margin));
    if (out->confidence > 1) out->confidence = 1;
    out->mojibake = mojibake;
    if (second >= 0) {
        out->runner_up = c[second].e;
        out->runner_up_confidence = c[second].score * weight * 0.5;
    }
}

static double try_decode(enum vn_encoding e, const uint8_t *in, size_t len, unsigned flags, int *words)
{
    buf out = {0};
    double s = 0;
    *words = 0;
    if (vn_legacy_decode(e, in, len, flags | VN_LEGACY_LENIENT, &out, NULL) == 0) s = score_text(out.data ? out.data : "", out.len, words);
    buf_free(&out);
    return s;
}

void vn_legacy_detect(const uint8_t *in, size_t len, struct vn_detection *out)
{
    memset(out, 0, sizeof *out);
    out->enc = VN_ENC_ASCII;
    if (len == 0) return;
    if (len >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
        out->enc = VN_ENC_UTF8;
        out->confidence = 1;
        return;
    }
    if (len >= 2 && ((in[0] == 0xFF && in[1] == 0xFE) || (in[0] == 0xFE && in[1] == 0xFF))) {
        out->enc = in[0] == 0xFF ? VN_ENC_UTF16LE : VN_ENC_UTF16BE;
        out->confidence = 1;
        return;
    }
    bool ascii;
    if (valid_utf8(in, len, &ascii)) {
        if (ascii) {
            int w;
            double s = try_decode(VN_ENC_VIQR, in, len, 0, &w);
            if (w >= 1 && s >= 0.6) {
                out->enc = VN_ENC_VIQR;
                out->confidence = s * (w >= 5 ? 1.0 : 0.5 + 0.1 * w);
                out->runner_up = VN_ENC_ASCII;
            } else {
                out->enc = VN_ENC_ASCII;
                out->confidence = 1;
            }
            return;
        }
        int wu;
        double su = try_decode(VN_ENC_UTF8, in, len, 0, &wu);
        struct cand c[3] = {{VN_ENC_UTF8, su, wu}, {VN_ENC_TCVN3, 0, 0}, {VN_ENC_VNI, 0, 0}};
        c[1].score = try_decode(VN_ENC_TCVN3, in, len, VN_LEGACY_MOJIBAKE, &c[1].words);
        c[2].score = try_decode(VN_ENC_VNI, in, len, VN_LEGACY_MOJIBAKE, &c[2].words);
        if (c[1].score > su + 0.2 || c[2].score > su + 0.2) {
            rank(c, 3, out, true);
            return;
        }
        /* valid multi-byte UTF-8 is strong evidence by itself */
        out->enc = VN_ENC_UTF8;
        out->confidence = 0.9 + 0.1 * su;
        out->runner_up = c[1].score >= c[2].score ? VN_ENC_TCVN3 : VN_ENC_VNI;
        out->runner_up_confidence = (c[1].score >= c[2].score ? c[1].score : c[2].score) * 0.5;
        return;
    }
    struct cand c[3] = {{VN_ENC_TCVN3, 0, 0}, {VN_ENC_VNI, 0, 0}, {VN_ENC_CP1258, 0, 0}};
    for (int i = 0; i < 3; i++) c[i].score = try_decode(c[i].e, in, len, 0, &c[i].words);
    rank(c, 3, out, false);
}
