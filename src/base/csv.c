/* csv.c: the CSV writer used by every export, with formula neutralisation (rule in csv.h). */
#include "csv.h"

#include <inttypes.h>
#include <string.h>

/* The full-width forms are three UTF-8 bytes: EF BC 9D (＝), EF BC 8B (＋), EF BC 8D (－),
 * EF BC A0 (＠). */
static bool fullwidth_trigger(const unsigned char *p, size_t len)
{
    return len >= 3 && p[0] == 0xEF && p[1] == 0xBC &&
           (p[2] == 0x9D || p[2] == 0x8B || p[2] == 0x8D || p[2] == 0xA0);
}

bool csv_formula_like(const char *s, size_t len)
{
    if (!s || !len) return false;
    const unsigned char *p = (const unsigned char *)s;
    switch (p[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
    default: return fullwidth_trigger(p, len);
    }
}

/* Leading apostrophes count as part of the prefix: a value that itself begins with "'=" is
 * written "''=", so the reader's removal of one apostrophe restores it exactly. */
static size_t apostrophes(const char *s, size_t len)
{
    size_t k = 0;
    while (k < len && s[k] == '\'') k++;
    return k;
}

size_t csv_neutral_prefix(const char *s, size_t len)
{
    if (!s) return 0;
    size_t k = apostrophes(s, len);
    return k >= 1 && csv_formula_like(s + k, len - k) ? 1 : 0;
}

void csv_textn(buf *b, const char *s, size_t len)
{
    if (!s) len = 0;
    size_t k = s ? apostrophes(s, len) : 0;
    bool neutral = csv_formula_like(s ? s + k : NULL, len - k);
    bool quote = len && (s[0] == ' ' || s[len - 1] == ' ');
    for (size_t i = 0; i < len && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') quote = true;
    if (quote) buf_putc(b, '"');
    if (neutral) buf_putc(b, '\'');
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '"') continue;
        buf_append(b, s + start, i + 1 - start);   /* the quote itself … */
        buf_putc(b, '"');                           /* … and its double */
        start = i + 1;
    }
    buf_append(b, s ? s + start : "", len - start);
    if (quote) buf_putc(b, '"');
}

void csv_text(buf *b, const char *s) { csv_textn(b, s, s ? strlen(s) : 0); }

void csv_int(buf *b, int64_t v) { buf_printf(b, "%" PRId64, v); }
void csv_sep(buf *b) { buf_putc(b, ','); }
void csv_eol(buf *b) { buf_append(b, "\r\n", 2); }
void csv_bom(buf *b) { buf_append(b, "\xEF\xBB\xBF", 3); }

void csv_row(buf *b, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) csv_sep(b);
        csv_text(b, cells[i]);
    }
    csv_eol(b);
}
