/* vn_sender.c: person names in bank transfers: extracting the most likely sender's name from a
 * transfer message (vn_sender_extract) and scoring a name against a registered one
 * (vn_name_match_score).
 *
 * Transfer messages (see shared/data/bank-statements) are free text written by the sender plus
 * what each bank and channel adds: "1261122666 NGUYEN VAN A Chuyen tien", "TKThe :… tai VCB.
 * MBVCB.6988288617.227295.TANG THI BICH NGOC ung ho … .CT tu 0501000016xxx TANG THI BICH NGOC
 * toi …", "… (CT1111) NGUYEN HUY THO 104004257***", MoMo's "… 0377543234 LE THANH LUAN chuyen
 * tien qua MoMo". There is no grammar to parse, so the extractor scores candidates:
 *   1. words are runs of letters (folded for analysis); a word glued to digits ("CT1111",
 *      "1770260xxx") or not a possible Vietnamese syllable ("IBFT", "MoMo") is not a name word;
 *   2. runs of name words written alike (all capitals, all Title Case or all lower case) and
 *      separated only by spaces are cut at phrases of donation messages ("ung ho", "chuyen
 *      tien", "bao lu" …) and at words that are never names ("chuyen", "khoan" …);
 *   3. every stretch of 2..5 words of a run is a candidate, scored for: capitals, a family name
 *      first (the common ones more), "thi"/"van" second, 3-4 words, what precedes it (an
 *      account or phone number, "CT tu <account>", the start, punctuation), what follows it (a
 *      masked account "***"/"xxx", "chuyen", "ung", the end …), the same name appearing twice,
 *      and taking a whole run rather than part of one;
 *   4. the best candidate wins if its score passes a threshold and it starts with a family name
 *      or is confirmed by "thi"/"van" or by a repetition. Organisations ("CONG TY", "TAP THE" …)
 *      cut runs like donation phrases do, so their words rarely pass.
 * The weights were tuned on the real statements; tests/unit/test_vn_sender.c runs all of them. */
#include "vn.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- Word tables (folded, lower case) ---------------------------------------------------- */

/* Family names: the common ones (most Vietnamese carry one of these) and a longer tail. */
static const char *const ho_common[] = {
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "dinh", "dao", "luong", "trinh", "mai", "cao", "lam", "ha",
    "ta", "thai", "chau", "quach", "truong", "doan", "phung", "trieu", "luu", "lai", "tong",
    "vuong", "kieu", "to", "la", "hua", "dam", "mac", "nghiem", "nong", "tang", "khuc", "giang",
};
static const char *const ho_other[] = {
    "an", "au", "bach", "banh", "cam", "cat", "chu", "chung", "cu", "diep", "dieu", "dong", "gia",
    "giap", "han", "hau", "hinh", "hong", "khong", "khuat", "khuong", "kim", "lac", "lang", "lieu",
    "linh", "lo", "loc", "lu", "luc", "ma", "man", "nham", "ninh", "ong", "phi", "phuong", "quan",
    "quang", "sam", "son", "thach", "than", "thieu", "tieu", "ton", "tram", "tu", "ung", "uong",
    "van", "vi", "xa", "yen", "kha", "khu", "lanh", "nhu", "que", "tao", "thuy", "tinh",
    "nguy", "che", "luyen", "dau", "bien", "khieu", "tiet", "ngu", "mach", "danh",
};
/* Two-word phrases of donation messages: neither word is part of a name there. Only phrases
 * that are not also plausible names are listed ("binh an", "anh huong" are names too). */
static const char *const cut_phrases[][2] = {
    {"ung", "ho"}, {"chuyen", "tien"}, {"chuyen", "khoan"}, {"dong", "bao"}, {"bao", "lu"},
    {"lu", "lut"}, {"mien", "bac"}, {"mien", "trung"}, {"mien", "nam"}, {"khac", "phuc"},
    {"hau", "qua"}, {"cuu", "tro"}, {"thien", "tai"}, {"ba", "con"}, {"vung", "lu"},
    {"bao", "so"}, {"bao", "yagi"}, {"gop", "phan"}, {"chung", "tay"}, {"chia", "se"},
    {"tam", "long"}, {"it", "long"}, {"so", "tien"}, {"thiet", "hai"},
    {"bi", "anh"}, {"ho", "tro"}, {"gia", "dinh"}, {"tap", "the"}, {"cong", "ty"},
    {"nhan", "vien"}, {"vo", "chong"}, {"bo", "me"}, {"cac", "con"}, {"con", "bao"},
    {"moi", "nguoi"}, {"nguoi", "dan"}, {"viet", "nam"}, {"mat", "tran"}, {"to", "quoc"},
    {"uy", "ban"}, {"trung", "uong"}, {"vuot", "qua"}, {"kho", "khan"}, {"quyen", "gop"},
    {"dong", "gop"}, {"gui", "tien"}, {"xin", "gop"}, {"noi", "dung"}, {"thoi", "gian"},
    {"nhanh", "den"}, {"tien", "den"}, {"cong", "doan"}, {"chi", "bo"}, {"hoc", "sinh"},
    {"sinh", "vien"}, {"giao", "vien"}, {"can", "bo"}, {"tieu", "hoc"}, {"mam", "non"},
    {"trung", "hoc"}, {"ban", "van"}, {"doi", "bong"}, {"tien", "mat"},
    {"cam", "on"}, {"chuc", "moi"}, {"mong", "moi"}, {"tai", "tro"}, {"kinh", "gui"},
    {"khac", "phu"}, {"con", "lu"}, {"phan", "nho"}, {"nho", "be"}, {"quang", "cao"}, {"phan", "thiet"}, {"thu", "vien"}, {"nha", "hang"}, {"khach", "san"}, {"cua", "hang"}, {"trung", "tam"},
    {"lu", "quet"}, {"sat", "lo"}, {"ngap", "lut"}, {"bi", "thiet"}, {"dong", "chi"},
};
/* Places (those that are not also plausible given names): an address, not a name. */
static const char *const place_phrases[][2] = {
    {"ha", "noi"}, {"sai", "gon"}, {"da", "nang"}, {"hai", "phong"}, {"can", "tho"},
    {"nam", "dinh"}, {"nghe", "an"}, {"quang", "ngai"}, {"quang", "nam"}, {"quang", "ninh"},
    {"ha", "tinh"}, {"bac", "ninh"}, {"bac", "giang"}, {"phu", "tho"}, {"yen", "bai"},
    {"lao", "cai"}, {"lang", "son"}, {"cao", "bang"}, {"ha", "giang"}, {"son", "la"},
    {"dien", "bien"}, {"lai", "chau"}, {"bac", "kan"}, {"dong", "nai"}, {"tay", "ninh"},
    {"lam", "dong"}, {"gia", "lai"}, {"kon", "tum"}, {"dak", "lak"}, {"dong", "thap"},
    {"ben", "tre"}, {"tra", "vinh"}, {"soc", "trang"}, {"bac", "lieu"}, {"ca", "mau"},
    {"hau", "giang"}, {"vung", "tau"}, {"cau", "giay"}, {"thu", "duc"}, {"go", "vap"},
};
/* Words before a name ("CTY XE DOP", up to six words back) or right after it ("XE DOP CO.")
 * that say it is an organisation's. */
static const char *const org_before[] = {
    "cty", "ty", "tnhh", "cp", "mtv", "jsc", "hkd", "dntn", "xnk", "tmdv", "dv", "tm",
};
static const char *const org_after[] = {"co", "ltd", "jsc", "corp", "group", "shop", "spa", "store", "company"};
/* Possible syllables that are never part of a name in these messages. */
static const char *const cut_words[] = {
    "chuyen", "khoan", "lut", "cuu", "qua", "cua", "voi", "va", "cho", "den", "cac", "gop",
    "giup", "xin", "chuc", "yagi", "cty", "tnhh", "mtv", "ubnd", "ubtw", "mttq", "tgtt", "vnd",
    "ibft", "toi", "ct", "ck", "uh", "ib",
};
/* Words just after a name that confirm it (the sender's verb or the bank's next field). */
static const char *const after_words[] = {
    "chuyen", "ck", "ung", "uh", "gui", "chuc", "toi", "nop", "tra", "dong", "quyen", "xin",
    "tang", "giup", "chia", "cam", "ct", "chung", "thanh", "kinh", "va", "cung", "xin",
};
/* Words just before a name that confirm it. */
static const char *const before_words[] = {"den", "dung", "ibft", "tgtt", "tu", "ct", "bidv", "tk"};

/* The first letters are compared before calling strcmp: most entries differ there, and a call
 * per entry of these lists was a fifth of a statement import's time (bench/donations). */
static bool in_list(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == w[0] && strcmp(w, list[i]) == 0) return true;
    return false;
}
#define IN(w, list) in_list((w), (list), countof(list))

/* Could w (folded, lower case ASCII) be a Vietnamese syllable written without diacritics? */
static bool is_syllable(const char *w)
{
    static const char *const onsets[] = {
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g",
        "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x", "",
    };
    static const char *const rhymes[] = {
        "a", "ai", "ao", "au", "ay", "ac", "ach", "am", "an", "ang", "anh", "ap", "at",
        "e", "ec", "ech", "em", "en", "eng", "enh", "eo", "ep", "et", "eu",
        "i", "ia", "ich", "iec", "iem", "ien", "ieng", "iep", "iet", "ieu", "im", "in", "inh",
        "ip", "it", "iu",
        "o", "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat",
        "oay", "oc", "oe", "oen", "oeo", "oet", "oi", "om", "on", "ong", "ooc", "oong", "op", "ot",
        "u", "ua", "uan", "uang", "uanh", "uat", "uay", "uc", "ue", "uech", "uen", "uenh",
        "uet", "ui", "um", "un", "ung", "uo", "uoc", "uoi", "uom", "uon", "uong", "uop", "uot",
        "uou", "up", "ut", "uu", "uy", "uya", "uych", "uyen", "uyet", "uynh", "uyt", "uyu",
        "y", "yem", "yen", "yet", "yeu",
    };
    size_t len = strlen(w);
    if (len == 0 || len > 7) return false;
    for (size_t i = 0; i < countof(onsets); i++) {
        if (onsets[i][0] && onsets[i][0] != w[0]) continue;
        size_t ol = strlen(onsets[i]);
        if (strncmp(w, onsets[i], ol) != 0) continue;
        const char *r = w + ol;
        /* "gi" and "qu" own their vowel: "gi" alone and "gin" are g + i… */
        if (*r == 0) {
            if (strcmp(onsets[i], "gi") == 0) return true;
            continue;
        }
        if (IN(r, rhymes)) return true;
    }
    return false;
}

/* ---- Words of a message ------------------------------------------------------------------ */

/* Real messages have under 60 words; words past MAX_WORDS are not looked at. */
enum { MAX_WORDS = 96, MAX_WORD = 24 };
enum wcase { W_LOWER, W_TITLE, W_UPPER, W_MIXED };

struct word {
    size_t off, end;        /* bytes in the message */
    char f[MAX_WORD];       /* folded, lower case; empty if not a candidate name word */
    enum wcase wc;
    bool glued;             /* touches a digit or another letterless run without a gap */
    bool name_ok;           /* possible name syllable, not glued, not a cut word */
    bool space_before;      /* only white space between the previous word and this one */
    bool digits_before;     /* the gap before it holds digits (an account, a phone …) */
    bool masked_after;      /* the gap after it starts with a masked account ("123***") */
    bool end_after;         /* nothing but punctuation/space/digits after it */
    char punct_before;      /* the last punctuation character in the gap before, or 0 */
    unsigned lists;         /* WL_* : the word tables holding f, looked up once per word (the
                               scoring reads them for every candidate stretch of words) */
};
enum {
    WL_HO_COMMON = 1u << 0, WL_HO_OTHER = 1u << 1, WL_ORG_BEFORE = 1u << 2, WL_ORG_AFTER = 1u << 3,
    WL_AFTER = 1u << 4, WL_BEFORE = 1u << 5, WL_THI_VAN = 1u << 6, WL_THI = 1u << 7,
};

static unsigned word_lists(const char *f)
{
    unsigned l = 0;
    if (IN(f, ho_common)) l |= WL_HO_COMMON;
    else if (IN(f, ho_other)) l |= WL_HO_OTHER;
    if (IN(f, org_before)) l |= WL_ORG_BEFORE;
    if (IN(f, org_after)) l |= WL_ORG_AFTER;
    if (IN(f, after_words)) l |= WL_AFTER;
    if (IN(f, before_words)) l |= WL_BEFORE;
    if (strcmp(f, "thi") == 0) l |= WL_THI | WL_THI_VAN;
    if (strcmp(f, "van") == 0) l |= WL_THI_VAN;
    return l;
}

static bool is_letter_cp(int32_t cp)
{
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    if (cp < 0) return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
}

/* Characters that make a letter run part of a code rather than a word: "CT1111", "1770260xxx",
 * "O@L_080005". */
static bool glue_char(unsigned char c) { return (c >= '0' && c <= '9') || c == '@' || c == '_' || c == '*'; }

/* Splits msg into words with their surroundings; returns the count. */
static size_t split_words(const char *msg, size_t len, struct word *w)
{
    const unsigned char *u = (const unsigned char *)msg;
    size_t nw = 0, i = 0;
    size_t gap_start = 0;
    while (i < len && nw < MAX_WORDS) {
        size_t n;
        int32_t cp = vn_utf8_decode(u + i, len - i, &n);
        if (!is_letter_cp(cp)) { i += n; continue; }
        struct word *x = &w[nw];
        memset(x, 0, sizeof *x);
        x->off = i;
        /* the gap before this word */
        bool only_space = true;
        for (size_t g = gap_start; g < i; g++) {
            unsigned char c = u[g];
            if (c >= '0' && c <= '9') x->digits_before = true;
            if (c != ' ' && c != '\t') only_space = false;
            if (ispunct(c)) x->punct_before = (char)c;
        }
        x->space_before = only_space && nw > 0 && i > gap_start;
        bool glued = i > 0 && glue_char(u[i - 1]);
        size_t fl = 0;
        int upper = 0, lower = 0, first_upper = -1;
        bool too_long = false, non_ascii = false;
        bool prev_lower = false;
        while (i < len) {
            cp = vn_utf8_decode(u + i, len - i, &n);
            if (!is_letter_cp(cp)) break;
            bool is_up = utf8proc_isupper(cp), is_low = utf8proc_islower(cp);
            if (is_up && prev_lower) break;  /* camelCase: "HuongCty" is "Huong" + "Cty" */
            prev_lower = is_low;
            char f[32];
            size_t k = vn_fold_cp(cp, f, sizeof f);
            if (k && fl + k < MAX_WORD) { memcpy(x->f + fl, f, k); fl += k; }
            else if (k) too_long = true;
            if (is_up) upper++;
            else if (is_low) lower++;
            if (first_upper < 0 && (upper || lower)) first_upper = upper > 0;
            i += n;
        }
        x->f[fl] = 0;
        x->end = i;
        if (i < len && glue_char(u[i])) glued = true;
        for (size_t k = 0; k < fl; k++) if ((unsigned char)x->f[k] >= 0x80) non_ascii = true;
        x->glued = glued;
        x->wc = lower == 0 ? W_UPPER : upper == 0 ? W_LOWER : (first_upper == 1 && upper == 1) ? W_TITLE : W_MIXED;
        x->name_ok = !glued && !too_long && !non_ascii && x->wc != W_MIXED && is_syllable(x->f) &&
                     !IN(x->f, cut_words);
        x->lists = word_lists(x->f);
        gap_start = i;
        nw++;
    }
    /* What follows each word: a masked account, or nothing else worth reading. */
    for (size_t k = 0; k < nw; k++) {
        size_t g = w[k].end, stop = k + 1 < nw ? w[k + 1].off : len;
        while (g < stop && (u[g] == ' ' || u[g] == '\t')) g++;
        size_t d = g;
        while (d < stop && u[d] >= '0' && u[d] <= '9') d++;
        if (d > g && d < len && (u[d] == '*' || u[d] == 'x' || u[d] == 'X')) w[k].masked_after = true;
        w[k].end_after = k + 1 == nw;
    }
    return nw;
}

/* ---- Extraction -------------------------------------------------------------------------- */

static bool pair_in(const struct word *a, const struct word *b, const char *const (*list)[2], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i][0][0] == a->f[0] && list[i][1][0] == b->f[0] && strcmp(a->f, list[i][0]) == 0 &&
            strcmp(b->f, list[i][1]) == 0)
            return true;
    return false;
}

static bool cut_between(const struct word *a, const struct word *b)
{
    return pair_in(a, b, cut_phrases, countof(cut_phrases)) ||
           pair_in(a, b, place_phrases, countof(place_phrases));
}

/* Words of one name are written alike; a one-letter word in capitals ("Nhu Y") fits both
 * Title Case and capitals. */
static bool case_compatible(enum wcase run, const struct word *x)
{
    if (x->wc == run) return true;
    return x->f[1] == 0 && x->wc == W_UPPER && run == W_TITLE;
}

static bool is_thi_van(const struct word *x) { return (x->lists & WL_THI_VAN) != 0; }

/* Is the run of words [s, e) repeated elsewhere in the message (same folded words)? */
static bool repeated(const struct word *w, size_t nw, size_t s, size_t e)
{
    size_t n = e - s;
    for (size_t k = 0; k + n <= nw; k++) {
        if (k + n > s && k < e) continue;  /* overlaps itself */
        size_t j = 0;
        while (j < n && strcmp(w[k + j].f, w[s + j].f) == 0) j++;
        if (j == n) return true;
    }
    return false;
}

static int score_span(const struct word *w, size_t nw, size_t s, size_t e, size_t run_s, size_t run_e,
                      bool *confirmed)
{
    size_t n = e - s;
    int score = 0;
    enum wcase wc = w[s].wc;
    score += wc == W_UPPER ? 20 : wc == W_TITLE ? 15 : 0;
    int ho = w[s].lists & WL_HO_COMMON ? 25 : w[s].lists & WL_HO_OTHER ? 12 : 0;
    score += ho;
    /* Thị and Văn are middle names right after the family name, whatever that is. */
    bool thi_van = n >= 3 && is_thi_van(&w[s + 1]);
    if (thi_van) score += 15;
    for (size_t k = s + 2; k + 1 < e; k++)
        if (is_thi_van(&w[k])) score -= 10;  /* not aligned on the family name */
    if (s > run_s && is_thi_van(&w[s - 1])) score -= 20;  /* cuts a name after its Thị/Văn */
    if (w[e - 1].lists & WL_THI) score -= 15;
    /* Organisations. */
    for (size_t k = s >= 6 ? s - 6 : 0; k < s; k++)
        if (w[k].lists & WL_ORG_BEFORE) { score -= 40; break; }
    if (e < nw && (w[e].lists & WL_ORG_AFTER)) score -= 40;
    score += n == 3 || n == 4 ? 10 : n == 2 ? 0 : -5;
    const struct word *last = &w[e - 1];
    bool after = last->masked_after || last->end_after ||
                 (e < nw && ((w[e].lists & WL_AFTER) || !w[e].space_before || w[e].wc != wc));
    if (after) score += 12;
    const struct word *first = &w[s];
    bool before = s == 0 || first->digits_before || !first->space_before ||
                  (s > 0 && ((w[s - 1].lists & WL_BEFORE) || w[s - 1].wc != wc));
    if (before) score += 8;
    bool rep = repeated(w, nw, s, e);
    if (rep) score += 20;
    if (s == run_s && e == run_e) score += 5;
    if (wc == W_LOWER && !thi_van) score -= 25;
    *confirmed = ho > 0 || thi_van || rep;
    return score;
}

bool vn_sender_extract(const char *msg, size_t len, struct vn_sender *out)
{
    memset(out, 0, sizeof *out);
    struct word w[MAX_WORDS];
    size_t nw = split_words(msg, len, w);
    for (size_t k = 0; k + 1 < nw; k++) {
        if (w[k + 1].space_before && cut_between(&w[k], &w[k + 1])) {
            w[k].name_ok = w[k + 1].name_ok = false;
        }
    }
    int best = -1000;
    size_t bs = 0, be = 0;
    for (size_t i = 0; i < nw;) {
        if (!w[i].name_ok) { i++; continue; }
        /* a run: name words alike in case, separated by spaces only, not cut by a phrase */
        size_t j = i + 1;
        while (j < nw && w[j].name_ok && w[j].space_before && case_compatible(w[i].wc, &w[j])) j++;
        for (size_t s = i; s < j; s++) {
            for (size_t e = s + 2; e <= j && e - s <= 5; e++) {
                bool confirmed;
                int sc = score_span(w, nw, s, e, i, j, &confirmed);
                if (confirmed && sc > best) { best = sc; bs = s; be = e; }
            }
        }
        i = j;
    }
    if (best < 50) return false;
    size_t n = 0;
    for (size_t k = bs; k < be; k++) {
        size_t l = strlen(w[k].f);
        if (n + l + 2 > sizeof out->name) break;
        if (k > bs) out->name[n++] = ' ';
        for (size_t c = 0; c < l; c++) out->name[n++] = (char)toupper((unsigned char)w[k].f[c]);
    }
    out->name[n] = 0;
    out->off = w[bs].off;
    out->len = w[be - 1].end - w[bs].off;
    out->confidence = best > 100 ? 100 : best;
    return true;
}

/* ---- Matching ---------------------------------------------------------------------------- */

enum { MATCH_WORDS = 12 };

struct mword {
    char f[MAX_WORD];       /* folded */
    char l[MAX_WORD * 2];   /* lower case with diacritics (NFC), for comparing tones */
    bool marks;             /* the word has diacritics */
};

/* Splits a name into words (letters only), folded and lower-cased; returns the count. */
static size_t match_words(const char *s, size_t len, struct mword *w)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    const unsigned char *u = (const unsigned char *)s;
    size_t ulen = len;
    if (r >= 0) { u = nfc; ulen = (size_t)r; }
    size_t nw = 0;
    for (size_t i = 0; i < ulen && nw < MATCH_WORDS;) {
        size_t n;
        int32_t cp = vn_utf8_decode(u + i, ulen - i, &n);
        if (!is_letter_cp(cp)) { i += n; continue; }
        struct mword *x = &w[nw++];
        size_t fl = 0, ll = 0;
        while (i < ulen) {
            cp = vn_utf8_decode(u + i, ulen - i, &n);
            if (!is_letter_cp(cp)) break;
            char f[32];
            size_t k = vn_fold_cp(cp, f, sizeof f);
            if (fl + k < sizeof x->f) { memcpy(x->f + fl, f, k); fl += k; }
            if (ll + 4 < sizeof x->l) ll += vn_utf8_encode(utf8proc_tolower(cp), x->l + ll);
            i += n;
        }
        x->f[fl] = 0;
        x->l[ll] = 0;
        x->marks = strcmp(x->f, x->l) != 0;
    }
    free(nfc);
    return nw;
}

static size_t levenshtein(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t row[MAX_WORD * 2 + 1];
    if (la > MAX_WORD * 2 || lb > MAX_WORD * 2) return la > lb ? la : lb;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Similarity of two words, 0..100. Tones are compared only when the name has diacritics. */
static int word_sim(const struct mword *a, const struct mword *b, bool compare_marks)
{
    if (strcmp(a->f, b->f) == 0) {
        if (compare_marks && b->marks && strcmp(a->l, b->l) != 0) return 50;
        return 100;
    }
    size_t la = strlen(a->f), lb = strlen(b->f), d = levenshtein(a->f, b->f);
    size_t m = la > lb ? la : lb;
    if (d == 1 && m >= 4) return 70;
    if (d == 2 && m >= 7) return 50;
    return 0;
}

/* Order-preserving alignment of the words of a (from the transfer) to those of r (registered)
 * maximising the weighted similarity: tên 40 %, họ 30 %, đệm 30 % shared. A registered đệm
 * word with no counterpart keeps half its weight when a has fewer words than r (banks and
 * people drop middle names); a word of a matched to nothing costs 10 points. Result 0..100. */
static int align_score(const struct mword *a, size_t na, const struct mword *r, size_t nr, bool marks)
{
    bool shorter = na < nr;  /* only a shorter name can have dropped a middle name */
    int wt[MATCH_WORDS];
    if (nr == 1) {
        wt[0] = 100;
    } else if (nr == 2) {
        wt[0] = 45;
        wt[1] = 55;
    } else {
        int m = (int)nr - 2;
        wt[0] = 30;
        wt[nr - 1] = 40;
        for (int k = 1; k <= m; k++) wt[k] = 30 / m + (k <= 30 % m);
    }
    /* dp[i][j]: best score (in 1/100 points) aligning a[0..i) with r[0..j) */
    int dp[MATCH_WORDS + 1][MATCH_WORDS + 1];
    dp[0][0] = 0;
    for (size_t i = 0; i <= na; i++) {
        for (size_t j = 0; j <= nr; j++) {
            if (i == 0 && j == 0) continue;
            int best = -1000000;
            if (i > 0 && j > 0) {
                int s = word_sim(&a[i - 1], &r[j - 1], marks);
                int v = dp[i - 1][j - 1] + (s ? s * wt[j - 1] : -1000);
                if (v > best) best = v;
            }
            if (i > 0 && dp[i - 1][j] - 1000 > best) best = dp[i - 1][j] - 1000;
            if (j > 0) {
                bool middle = j > 1 && j < nr;
                int v = dp[i][j - 1] + (middle && shorter ? 50 * wt[j - 1] : 0);
                if (v > best) best = v;
            }
            dp[i][j] = best;
        }
    }
    int score = dp[na][nr] / 100;
    return score < 0 ? 0 : score > 100 ? 100 : score;
}

int vn_name_match_score(const char *name, size_t name_len, const char *registered, size_t reg_len)
{
    struct mword a[MATCH_WORDS], r[MATCH_WORDS];
    size_t na = match_words(name, name_len, a), nr = match_words(registered, reg_len, r);
    if (na == 0 || nr == 0) return 0;
    bool marks = false;
    for (size_t i = 0; i < na; i++) marks = marks || a[i].marks;
    int score = align_score(a, na, r, nr, marks);
    /* The tên decides: a different given name is another person whatever the rest says. */
    bool ten_found = false;
    for (size_t i = 0; i < na; i++) ten_found = ten_found || word_sim(&a[i], &r[nr - 1], false) > 0;
    /* Words run together ("NGUYENTHIBICH"): compare the concatenations. */
    char ca[MATCH_WORDS * MAX_WORD], cr[MATCH_WORDS * MAX_WORD];
    size_t la = 0, lr = 0;
    for (size_t i = 0; i < na; i++) { size_t l = strlen(a[i].f); memcpy(ca + la, a[i].f, l); la += l; }
    for (size_t i = 0; i < nr; i++) { size_t l = strlen(r[i].f); memcpy(cr + lr, r[i].f, l); lr += l; }
    ca[la] = cr[lr] = 0;
    if (na != nr && strcmp(ca, cr) == 0 && score < 95) score = 95, ten_found = true;
    /* Given name first (Western order, "THO NGUYEN HUY"): rotate and take 90 % of that. */
    if (na >= 2) {
        struct mword rot[MATCH_WORDS];
        memcpy(rot, a + 1, (na - 1) * sizeof *a);
        rot[na - 1] = a[0];
        int s = align_score(rot, na, r, nr, marks) * 9 / 10;
        if (s > score) score = s;
    }
    if (!ten_found && score > 40) score = 40;
    return score;
}
