/* vn.h: Vietnamese text, the string half: UTF-8 validation, normalisation (NFC, white space,
 * PDF-extraction repairs), field limits, folding for search, collation sort keys, person names
 * (split, name sort key), an SQLite FTS5 tokenizer with SQL functions, and sender names in bank
 * transfer messages. Implemented in vn_text.c, vn_sort.c, vn_fts.c and vn_sender.c.
 * Amounts, dates, the lunar calendar and legacy encodings live in vn_calendar.h.
 *
 * Conventions of this module:
 * - Strings are (pointer, length) pairs of UTF-8; they need not be NUL-terminated and may contain
 *   any bytes. Functions that append to a `buf` (util.h) leave it NUL-terminated and never
 *   allocate per character; the caller owns the buf and reuses it across calls.
 * - Offsets are 0-based byte offsets into the caller's input. Messages meant for people count
 *   from 1 ("byte thứ 5"), as editors do.
 * - Nothing here keeps global mutable state except lookup tables built once, thread-safely,
 *   on first use; every function is safe to call from several threads at once. */
#ifndef THIDUA_VN_H
#define THIDUA_VN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "vn_error.h"

/* ---- UTF-8 ------------------------------------------------------------------------------- */

/* Decodes one code point of strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF) from s[0..len), len >= 1. Returns the code point and sets *n to the bytes used;
 * on an invalid or truncated sequence returns -1 and sets *n = 1, so a caller that goes on
 * resynchronises at the next byte. */
static inline int32_t vn_utf8_decode(const unsigned char *s, size_t len, size_t *n)
{
    unsigned c = s[0];
    if (c < 0x80) { *n = 1; return (int32_t)c; }
    *n = 1;
    if (c < 0xC2 || c > 0xF4) return -1;
    if (c < 0xE0) {
        if (len < 2 || (s[1] & 0xC0) != 0x80) return -1;
        *n = 2;
        return (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
    }
    if (c < 0xF0) {
        if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return -1;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)) return -1;
        *n = 3;
        return (int32_t)(((c & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F));
    }
    if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
        return -1;
    if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)) return -1;
    *n = 4;
    return (int32_t)(((c & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) |
                     ((unsigned)(s[2] & 0x3F) << 6) | (s[3] & 0x3F));
}

/* Writes the UTF-8 form of a valid code point to out (4 bytes room); returns its length. */
size_t vn_utf8_encode(int32_t cp, char out[4]);

/* True if s[0..len) is strict UTF-8. Otherwise false, and *bad (if not NULL) receives the offset
 * of the first byte that is not part of a valid sequence (the lead byte of a truncated one). */
bool vn_utf8_valid(const char *s, size_t len, size_t *bad);

/* Number of code points in valid UTF-8 s[0..len) (each invalid byte counts as one). */
size_t vn_utf8_chars(const char *s, size_t len);

/* ---- Errors: struct vn_error and enum vn_status live in vn_error.h ---------------------- */

/* Appends a Vietnamese sentence describing err to out, prefixed by "LABEL: " if label is not
 * NULL, e.g. "Họ và tên: dài quá 100 ký tự (có 123)", "UTF-8 không hợp lệ ở byte thứ 7". */
void vn_error_message(const struct vn_error *err, const char *label, buf *out);

/* ---- Normalisation ----------------------------------------------------------------------- */

enum {
    /* Repair what PDF extraction and old converters leave in Vietnamese text: ƣ/Ƣ (U+01A3/01A2,
     * "oi"/"gha", confused with ư/Ư), Ð/ð (eth, U+00D0/00F0) and Ɖ/ɖ (African D) for Đ/đ,
     * Latin ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ), soft hyphens and zero-width characters (removed), and
     * control characters (removed instead of being an error). */
    VN_NORM_REPAIR = 1u << 0,
    /* Keep line breaks (multi-line fields): CRLF and CR become LF, each line is trimmed and has
     * its spaces collapsed, and runs of blank lines become one blank line. Without this flag a
     * line break is white space like any other and collapses into one space. */
    VN_NORM_MULTILINE = 1u << 1,
    /* Reject line breaks with VN_ERR_NEWLINE instead of collapsing them (single-line fields that
     * must not silently join lines). Ignored with VN_NORM_MULTILINE. */
    VN_NORM_SINGLE_LINE = 1u << 2,
};

/* Normalises s[0..len) for storage: validates UTF-8, converts to NFC, trims, collapses each run
 * of white space (ASCII, NBSP, the Unicode space separators, line/paragraph separators) to one
 * ASCII space, applies VN_NORM_* flags. Appends the result to out (valid UTF-8, NFC) and returns
 * VN_OK. On error returns the negative vn_status, fills *err (if not NULL) and leaves out's
 * content as it was before the call. Control characters (C0 other than tab/CR/LF, DEL, C1) are
 * an error unless VN_NORM_REPAIR. */
int vn_normalize(const char *s, size_t len, unsigned flags, buf *out, struct vn_error *err);

/* A field's limits: characters (code points after normalisation) between min_chars and
 * max_chars (0 = no maximum), and VN_NORM_* flags. */
struct vn_field {
    size_t min_chars, max_chars;
    unsigned flags;
};

/* vn_normalize, then the limits of *field. Same result convention as vn_normalize; a field that
 * fails a limit also leaves out unchanged. Typical use:
 *     static const struct vn_field name_field = {1, 100, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
 *     if (vn_field_clean(in, n, &name_field, &clean, &err)) vn_error_message(&err, "Họ và tên", &msg); */
int vn_field_clean(const char *s, size_t len, const struct vn_field *field, buf *out,
                   struct vn_error *err);

/* ---- Folding for search ------------------------------------------------------------------ */

/* Appends the search form of s[0..len) to out and returns the number of bytes appended:
 * case-folded (Unicode full case folding, so ß → ss), compatibility forms replaced (ﬁ → fi,
 * full-width Ａ → a), every combining mark removed, and the letters with a stroke that Unicode
 * does not decompose folded to their base: đ Đ ð Ð ɖ Ɖ → d, ø → o, ł → l, ħ → h, ŧ → t,
 * ı → i, æ → ae, œ → oe, and ƣ Ƣ (PDF ư) → u. Everything else (spaces, punctuation, digits)
 * is kept as it is. Invalid UTF-8 bytes become U+FFFD, so the output is always valid UTF-8.
 *   "ĐƯỜNG Trần Hưng Đạo, Lạng Sơn" → "duong tran hung dao, lang son"
 * fold(x) == fold(NFD(x)) == fold(NFC(x)) for every x. */
size_t vn_fold(const char *s, size_t len, buf *out);
/* The SQL LIKE pattern of a search over a folded column (with ESCAPE '\\'): the words of q,
 * folded, joined and surrounded by '%' ("nguyen hoa" → "%nguyen%hoa%", which finds "Nguyễn Thị
 * Hoa"); LIKE's own characters in q are escaped. NULL when q has no word. In the arena. */
const char *vn_like_pattern(arena *a, const char *q);

/* Folds one code point as vn_fold does and writes the UTF-8 result to out[0..cap); returns its
 * length (0 for a mark or an ignorable character), or 0 if it does not fit (cap >= 64 always
 * fits). A negative cp (an invalid byte) gives U+FFFD. Unlike vn_fold it does not recompose
 * Hangul jamo, so use it for per-character work (tokenizers, comparisons), not whole texts. */
size_t vn_fold_cp(int32_t cp, char *out, size_t cap);

/* vn_fold of a NUL-terminated string into a new malloc'd string; the caller frees it. */
char *vn_fold_str(const char *s);

/* ---- Collation: sort keys ---------------------------------------------------------------- */

/* Appends to out the collation sort key of s[0..len) and returns its length. Comparing two keys
 * with memcmp (shorter first when one is a prefix of the other), as SQLite does for BLOBs and
 * PostgreSQL for bytea, orders the strings as ICU's "vi" collator does at tertiary strength:
 *   level 1: the letters of the whole string in the Vietnamese alphabet
 *            a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z),
 *            white space < punctuation < symbols < currency < digits < letters, as in ICU;
 *   level 2: tones ngang < huyền < hỏi < ngã < sắc < nặng (other marks after), left to right;
 *   level 3: case, lower before upper, left to right.
 * So "ả b" < "a c" (the letters decide before the tones). Digraphs (ch, gi, ng, qu …) are not
 * special, as in ICU. Canonically equivalent strings (NFC, NFD, any mark order) get equal keys;
 * ignorable characters (controls, format characters) are skipped; invalid UTF-8 bytes sort like
 * U+FFFD. Letters outside Latin and the rarer symbols sort by code point inside their group,
 * which is close to but not exactly ICU's order.
 * Key format: bytes 0x01..0xFF, never 0x00; 0x01 separates the levels. Keys are not meant to be
 * parsed, only compared; their format may change between versions (rebuild stored keys then). */
size_t vn_sortkey(const char *s, size_t len, buf *out);

/* Parts of a person's name as offsets into the caller's string: họ (family name), đệm (middle
 * name(s)), tên (given name). A length of 0 means the part is absent. */
struct vn_name_parts {
    size_t ho_off, ho_len;
    size_t dem_off, dem_len;
    size_t ten_off, ten_len;
};

/* Splits a full name written family name first ("Nguyễn Văn An": họ Nguyễn, đệm Văn, tên An).
 * Words are separated by white space; the last word is the tên, the first the họ (two words for
 * the known double family names such as "Tôn Thất", "Âu Dương", "Công Tằng Tôn Nữ"), the words
 * between are the đệm. One word is a tên alone. Returns the number of words (0 for an empty or
 * blank name, then all parts are empty). No allocation; s need not be normalised. */
size_t vn_name_split(const char *s, size_t len, struct vn_name_parts *parts);

/* Appends the sort key of a person's name and returns its length: the vn_sortkey of the tên,
 * then of the họ, then of the đệm, each followed by 0x01, so that memcmp orders names as
 * official lists do (by tên, then họ, then đệm; each part compared fully, tones included,
 * before the next). Same byte alphabet as vn_sortkey. */
size_t vn_name_sortkey(const char *s, size_t len, buf *out);

/* ---- SQLite ------------------------------------------------------------------------------ */

struct sqlite3;

/* Registers on one connection (call it on every connection the store opens):
 * - the FTS5 tokenizer "vnfold": tokens are runs of letters, digits and marks, each folded with
 *   vn_fold; so `CREATE VIRTUAL TABLE t USING fts5(x, tokenize='vnfold')` finds "Nguyễn" for
 *   the queries "nguyen", "NGUYỄN", "Nguyên" and, as a prefix query, "nguy*";
 * - the SQL functions vn_fold(text) → text, vn_sortkey(text) → blob and
 *   vn_name_sortkey(text) → blob (deterministic; NULL in, NULL out), for folded columns,
 *   indexes and ORDER BY.
 * Returns SQLITE_OK or an SQLite error code (SQLITE_ERROR if the library lacks FTS5).
 * PostgreSQL has neither: the store keeps vn_fold() and vn_sortkey() output, computed in C, in
 * columns (text and bytea), which gives byte-identical search and order on both backends.
 * lower(unaccent(x)) is close but not equal (it keeps ß, and folds a few letters differently),
 * so do not mix it with vn_fold columns. */
int vn_fts5_register(struct sqlite3 *db);
/* The tokens the "vnfold" tokenizer makes of text[0..len), in order: each maximal run of
 * letters, digits and marks, folded with vn_fold. `emit` gets each folded token (tok[0..n), not
 * NUL-terminated) and its byte range in the text; a non-zero return stops the walk and is
 * returned. The store uses it to keep the list of indexed terms (store_sqlite.c). */
typedef int (*vn_token_fn)(void *ctx, const char *tok, size_t n, size_t start, size_t end);
int vn_fts_tokens(const char *text, size_t len, vn_token_fn emit, void *ctx);

/* ---- Names in bank transfers ------------------------------------------------------------- */

/* The most likely sender found in a transfer message. */
struct vn_sender {
    char name[128];     /* upper-case ASCII words separated by one space, e.g. "NGUYEN HUY THO" */
    size_t off, len;    /* where the name starts and ends in the message (its first occurrence
                           used), so a caller can highlight or mask it */
    int confidence;     /* 0..100: how sure the extractor is that this is a person's name */
};

/* Extracts the most likely sender's name from a bank transfer message such as
 * "TKThe :0961351528 tai MSCBVNVX. NGUYEN VAN A chuyen tien - B2B…" or
 * "… (CT1111) NGUYEN HUY THO 104004257***". Returns true and fills *out if a name was found;
 * false (and an empty *out) if not. Works on any bytes (invalid UTF-8 is skipped); allocates
 * nothing. Names of organisations are not returned ("CONG TY TNHH …"). */
bool vn_sender_extract(const char *msg, size_t len, struct vn_sender *out);

/* Scores how well a name (typically folded, from a transfer: "NGUYEN HUY THO") matches a
 * registered name written with diacritics ("Nguyễn Huy Thọ"): 100 for the same words, less for
 * a missing or extra middle name, a typo, a different order or words run together, 0 for
 * unrelated names. Diacritics are compared only where both names have them, so a folded name
 * never loses points for lacking them. Suggested reading: >= 90 same name, 70..89 probably the
 * same person, < 70 not a match. */
int vn_name_match_score(const char *name, size_t name_len, const char *registered, size_t reg_len);

#endif
