/* tests/unit/vn_gen.h: deterministic generators of Vietnamese test data for the vn unit tests
 * and the text benchmark: syllables with every tone, both cases and đ, words, full names with
 * their parts. Header only; a generator is a seeded splitmix64 state, so every run of a test
 * sees the same data. Output strings are NFC unless a caller asks for NFD. */
#ifndef VN_GEN_H
#define VN_GEN_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct { uint64_t s; } vn_rng;

static inline uint64_t vn_rng_next(vn_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static inline unsigned vn_rng_below(vn_rng *r, unsigned n) { return (unsigned)(vn_rng_next(r) % n); }
#define VN_PICK(r, arr) ((arr)[vn_rng_below((r), sizeof(arr) / sizeof((arr)[0]))])

static const char *const vn_gen_onsets[] = {
    "", "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
};
/* Rhymes without tone; the tone goes on the vowel at index tone_at (in code points). */
static const struct { const char *rhyme; int tone_at; } vn_gen_rhymes[] = {
    {"a", 0}, {"e", 0}, {"ê", 0}, {"i", 0}, {"o", 0}, {"ô", 0}, {"ơ", 0}, {"u", 0}, {"ư", 0},
    {"y", 0}, {"ai", 0}, {"ao", 0}, {"au", 0}, {"ay", 0}, {"âu", 0}, {"ây", 0}, {"eo", 0},
    {"êu", 0}, {"ia", 0}, {"iu", 0}, {"oa", 1}, {"oe", 1}, {"oi", 0}, {"ôi", 0}, {"ơi", 0},
    {"ua", 0}, {"ui", 0}, {"uy", 1}, {"ưa", 0}, {"ưi", 0}, {"ưu", 0}, {"oai", 1}, {"uôi", 1},
    {"ươi", 1}, {"ăn", 0}, {"ăng", 0}, {"âm", 0}, {"ân", 0}, {"ất", 0}, {"anh", 0}, {"ach", 0},
    {"iêng", 1}, {"iên", 1}, {"uông", 1}, {"ương", 1}, {"ươc", 1}, {"yên", 1}, {"uyên", 2},
    {"ong", 0}, {"ông", 0}, {"ung", 0}, {"ưng", 0}, {"inh", 0}, {"ênh", 0}, {"ơn", 0}, {"un", 0},
    {"am", 0}, {"ap", 0}, {"at", 0}, {"ac", 0}, {"oc", 0}, {"ôc", 0}, {"ep", 0}, {"êt", 0},
    {"ich", 0}, {"ưt", 0}, {"ut", 0}, {"op", 0}, {"ơp", 0}, {"oan", 1}, {"oang", 1}, {"uân", 1},
};
/* Combining tone marks: ngang (none), huyền, hỏi, ngã, sắc, nặng. */
static const char *const vn_gen_tones[] = {"", "\xCC\x80", "\xCC\x89", "\xCC\x83", "\xCC\x81", "\xCC\xA3"};

/* Appends one NFC syllable to out (size >= 64) and returns the new length. case_mode: 0 lower,
 * 1 Title, 2 UPPER, 3 random per letter. Only valid tones for checked codas would be more
 * realistic; collation does not care, so every tone appears with every rhyme. */
static inline size_t vn_gen_syllable(vn_rng *r, char *out, size_t len, int case_mode)
{
    char raw[64];
    size_t n = 0;
    const char *on = VN_PICK(r, vn_gen_onsets);
    unsigned ri = vn_rng_below(r, sizeof vn_gen_rhymes / sizeof vn_gen_rhymes[0]);
    const char *rh = vn_gen_rhymes[ri].rhyme;
    const char *tone = VN_PICK(r, vn_gen_tones);
    n += (size_t)snprintf(raw + n, sizeof raw - n, "%s", on);
    int cpi = 0;
    for (const char *p = rh; *p;) {
        int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
        memcpy(raw + n, p, (size_t)l);
        n += (size_t)l;
        p += l;
        if (cpi++ == vn_gen_rhymes[ri].tone_at) n += (size_t)snprintf(raw + n, sizeof raw - n, "%s", tone);
    }
    raw[n] = 0;
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)raw);
    int first = 1;
    for (const utf8proc_uint8_t *p = nfc; *p;) {
        int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(p, -1, &cp);
        p += l;
        int up = case_mode == 2 || (case_mode == 1 && first) || (case_mode == 3 && vn_rng_below(r, 2));
        first = 0;
        if (up) cp = utf8proc_toupper(cp);
        len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + len);
    }
    free(nfc);
    out[len] = 0;
    return len;
}

static const char *const vn_gen_ho[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đào", "Lương", "Trịnh", "Mai", "Cao", "Lâm", "Hà", "Tạ",
    "Thái", "Châu", "Quách", "Ông", "Ưng", "Âu", "Ân", "Ấu", "An", "Ba", "Ca",
};
static const char *const vn_gen_dem[] = {
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Thu", "Hồng", "Kim",
    "Bảo", "Gia", "Công", "Đình", "Thế", "Anh", "Ánh", "Ái", "Ân", "Diệu", "Mỹ", "Khánh",
};
static const char *const vn_gen_ten[] = {
    "An", "Ân", "Ấn", "Ẩn", "Anh", "Ánh", "Ảnh", "Bảo", "Bão", "Bình", "Chi", "Chí", "Cúc", "Dũng",
    "Dung", "Đạt", "Đức", "Giang", "Hà", "Hạ", "Hải", "Hằng", "Hạnh", "Hiếu", "Hoa", "Hòa", "Hóa",
    "Huy", "Hùng", "Hưng", "Hương", "Khoa", "Lan", "Linh", "Loan", "Long", "Mai", "Minh", "My",
    "Mỹ", "Nam", "Nga", "Ngà", "Ngọc", "Nhung", "Oanh", "Phong", "Phương", "Quân", "Quang", "Quý",
    "Sơn", "Tâm", "Thảo", "Thơ", "Thọ", "Thủy", "Thuỷ", "Trang", "Tú", "Tuấn", "Uyên", "Vân", "Vy",
    "Xuân", "Yến",
};

/* A generated name and its parts (NFC). */
struct vn_gen_name { char full[256], ho[48], dem[96], ten[48]; };

/* Generates a name: a family name, 0..2 middle names, a given name, each from the lists or (one
 * time in three for the given name) a random syllable; one name in eight is in capitals. */
static inline void vn_gen_name(vn_rng *r, struct vn_gen_name *g)
{
    int upper = vn_rng_below(r, 8) == 0;
    snprintf(g->ho, sizeof g->ho, "%s", VN_PICK(r, vn_gen_ho));
    g->dem[0] = 0;
    unsigned nd = vn_rng_below(r, 3);
    for (unsigned i = 0; i < nd; i++) {
        size_t l = strlen(g->dem);
        snprintf(g->dem + l, sizeof g->dem - l, "%s%s", i ? " " : "", VN_PICK(r, vn_gen_dem));
    }
    if (vn_rng_below(r, 3) == 0) vn_gen_syllable(r, g->ten, 0, 1);
    else snprintf(g->ten, sizeof g->ten, "%s", VN_PICK(r, vn_gen_ten));
    if (upper) {
        char *parts[] = {g->ho, g->dem, g->ten};
        for (int k = 0; k < 3; k++) {
            utf8proc_uint8_t *u = NULL;
            utf8proc_map((const utf8proc_uint8_t *)parts[k], 0, &u, UTF8PROC_NULLTERM | UTF8PROC_COMPOSE);
            char tmp[96];
            size_t n = 0;
            for (const utf8proc_uint8_t *p = u; *p;) {
                int32_t cp;
                p += utf8proc_iterate(p, -1, &cp);
                n += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)tmp + n);
            }
            tmp[n] = 0;
            free(u);
            size_t cap = k == 1 ? sizeof g->dem : sizeof g->ho;
            if (n >= cap) n = cap - 1;  /* upper case can only grow ß, absent from the lists */
            memcpy(parts[k], tmp, n);
            parts[k][n] = 0;
        }
    }
    size_t n = 0, l;
    l = strlen(g->ho); memcpy(g->full + n, g->ho, l); n += l;
    if (g->dem[0]) { g->full[n++] = ' '; l = strlen(g->dem); memcpy(g->full + n, g->dem, l); n += l; }
    g->full[n++] = ' ';
    l = strlen(g->ten); memcpy(g->full + n, g->ten, l); n += l;
    g->full[n] = 0;
}

/* A word for collation tests: 1..3 syllables with a mixed case mode, sometimes a hyphen, a digit
 * or a punctuation mark, sometimes a plain Latin letter (f j w z) to mix the alphabets. */
static inline void vn_gen_word(vn_rng *r, char *out, size_t cap)
{
    size_t len = 0;
    unsigned ns = 1 + vn_rng_below(r, 3);
    int mode = (int)vn_rng_below(r, 10);
    mode = mode < 5 ? 0 : mode < 7 ? 1 : mode < 9 ? 2 : 3;
    out[0] = 0;
    for (unsigned i = 0; i < ns && len + 80 < cap; i++) {
        if (i) {
            unsigned sep = vn_rng_below(r, 20);
            out[len++] = sep == 0 ? '-' : sep == 1 ? ',' : ' ';
            if (sep == 1) out[len++] = ' ';
        }
        unsigned extra = vn_rng_below(r, 30);
        if (extra == 0) len += (size_t)snprintf(out + len, cap - len, "%u", vn_rng_below(r, 100));
        else if (extra == 1) out[len++] = "fjwzFJWZ"[vn_rng_below(r, 8)];
        len = vn_gen_syllable(r, out, len, mode);
    }
    out[len] = 0;
}
#endif
