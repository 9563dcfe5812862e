/* pii.c: the lowest piece of personal-data handling: the masking rules (phones, citizen IDs,
 * bank accounts, birth dates, e-mails, and personal numbers inside free text), which JSON keys
 * are personal, and who may see personal data unmasked. It writes nothing, so the audit log
 * (audit.c) and every page can use it without depending on erasure (privacy.c), which itself
 * writes audit entries. The rules and why they are what they are: pii.h and docs/privacy.md. */
#include "pii.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Writes `n` characters of `chars`: the first `keep_first` and the last `keep_last` as they
 * are, the ones between as '*'. */
static void put_masked(buf *b, const char *chars, size_t n, size_t keep_first, size_t keep_last)
{
    for (size_t i = 0; i < n; i++)
        buf_putc(b, i < keep_first || i + keep_last >= n ? chars[i] : '*');
}

static char *finish(arena *a, buf *b)
{
    char *r = arena_strdup(a, buf_str(b));
    buf_free(b);
    return r;
}

/* The characters of s for which keep() holds, into b (NUL-terminated); returns how many. */
static size_t collect(buf *b, const char *s, bool (*keep)(char))
{
    for (const char *p = s; *p; p++)
        if (keep(*p)) buf_putc(b, *p);
    return b->len;
}

char *mask_phone(arena *a, const char *s)
{
    if (!s) return NULL;
    buf d = {0}, out = {0};
    const char *p = s;
    while (*p == ' ') p++;
    bool plus = *p == '+';
    size_t n = collect(&d, s, is_digit);
    if (n < 7) buf_puts(&out, "***");
    else {
        if (plus) buf_putc(&out, '+');
        put_masked(&out, d.data, n, 4, 3);
    }
    buf_free(&d);
    return finish(a, &out);
}

char *mask_citizen_id(arena *a, const char *s)
{
    if (!s) return NULL;
    buf d = {0}, out = {0};
    size_t n = collect(&d, s, is_alnum);
    if (n == 12) put_masked(&out, d.data, n, 3, 3);
    else if (n == 9) put_masked(&out, d.data, n, 2, 3);
    else if (n >= 6) put_masked(&out, d.data, n, 0, 3);
    else buf_puts(&out, "***");
    buf_free(&d);
    return finish(a, &out);
}

char *mask_account(arena *a, const char *s)
{
    if (!s) return NULL;
    buf d = {0}, out = {0};
    size_t n = collect(&d, s, is_alnum);
    if (n >= 10) put_masked(&out, d.data, n, 4, 3);
    else if (n >= 7) put_masked(&out, d.data, n, 2, 3);
    else buf_puts(&out, "***");
    buf_free(&d);
    return finish(a, &out);
}

char *mask_birthdate(arena *a, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    /* ISO YYYY-MM-DD (possibly with a time), or dd/mm/yyyy as typed on screens. */
    if (n >= 10 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-')
        return arena_strndup(a, s, 4);
    if (n == 10 && s[2] == '/' && s[5] == '/' && is_digit(s[6]) && is_digit(s[7]) && is_digit(s[8]) &&
        is_digit(s[9]))
        return arena_strdup(a, s + 6);
    return arena_strdup(a, "****");
}

char *mask_email(arena *a, const char *s)
{
    if (!s) return NULL;
    const char *at = strrchr(s, '@');
    if (!at || at == s) return arena_strdup(a, "***");
    /* The first character of the local part, whole even if it is a multi-byte UTF-8 sequence. */
    size_t first = 1;
    while (s + first < at && ((unsigned char)s[first] & 0xC0) == 0x80) first++;
    return arena_printf(a, "%.*s***%s", (int)first, s, at);
}

/* ---- free text ---- */

/* How many leading and trailing digits of a run of n digits (starting with d0, d1) stay
 * visible; false if the run is not a personal number (rule 1 of mask_text). */
static bool run_rule(const char *run, size_t n, size_t *keep_first, size_t *keep_last)
{
    if (n < 9 || n > 19) return false;
    *keep_last = 3;
    if ((n == 10 && run[0] == '0') || (n == 11 && run[0] == '8' && run[1] == '4')) *keep_first = 4;
    else if (n == 12 && run[0] == '0') *keep_first = 3;
    else if (n == 9) *keep_first = 2;
    else *keep_first = 4;
    return true;
}

/* A character that glues a group of digits to a word: then the digits are part of a code or
 * of something already masked, not a phone number standing on its own. */
static bool glued(char c) { return is_alnum(c) || c == '*'; }

/* Rule 2: a phone number written in groups starting at s[i] (a digit that follows no digit).
 * The groups must stand alone (nothing glued before or after, no number and separator just
 * before) and use one separator; the match
 * ends at the first group that completes 10 digits starting with 0 (11 starting with 84), so
 * "0912 345 678 12 người" masks the phone and leaves the 12. Returns the length in bytes of
 * the matched groups, 0 if none. */
static size_t grouped_phone(const char *s, size_t i)
{
    if (i > 0 && glued(s[i - 1])) return 0;
    /* Not the middle of a longer chain of numbers ("…899.00800099.01"): where a chain may be
     * cut depends on what was masked before, and masking must give the same result twice. */
    if (i > 1 && (s[i - 1] == ' ' || s[i - 1] == '.' || s[i - 1] == '-') && (is_digit(s[i - 2]) || s[i - 2] == '*'))
        return 0;
    size_t p = i, digits = 0, groups = 0;
    char first[2] = {0, 0}, sep = 0;
    for (;;) {
        size_t g = 0;
        while (is_digit(s[p + g])) {
            if (digits + g < 2) first[digits + g] = s[p + g];
            g++;
        }
        if (g < 2) return 0;
        digits += g;
        groups++;
        p += g;
        bool phone = (digits == 10 && first[0] == '0') || (digits == 11 && first[0] == '8' && first[1] == '4');
        if (phone && groups >= 2 && !glued(s[p])) return p - i;
        if (digits >= 11) return 0;
        /* One kind of separator throughout: "09.09.2024 23:08" is a date and a time. */
        if ((s[p] == ' ' || s[p] == '.' || s[p] == '-') && (!sep || s[p] == sep) && is_digit(s[p + 1])) {
            sep = s[p++];
            continue;
        }
        return 0;
    }
}

/* Scans s; appends the masked text to out (if out is non-NULL); returns whether anything was
 * masked. */
static bool text_scan(const char *s, buf *out)
{
    bool found = false;
    size_t i = 0, len = strlen(s);
    while (i < len) {
        if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1]))) {
            if (out) buf_putc(out, s[i]);
            i++;
            continue;
        }
        size_t n = 0;
        while (is_digit(s[i + n])) n++;
        size_t kf, kl;
        size_t gp = n < 9 ? grouped_phone(s, i) : 0;
        if (gp) {
            found = true;
            /* Mask digit positions 5 .. (total-3), keep the separators. */
            size_t total = 0, seen = 0;
            for (size_t k = i; k < i + gp; k++) total += is_digit(s[k]);
            for (size_t k = i; k < i + gp; k++) {
                if (!is_digit(s[k])) { if (out) buf_putc(out, s[k]); continue; }
                if (out) buf_putc(out, seen < 4 || seen + 3 >= total ? s[k] : '*');
                seen++;
            }
            i += gp;
        } else if (run_rule(s + i, n, &kf, &kl)) {
            found = true;
            if (out) put_masked(out, s + i, n, kf, kl);
            i += n;
        } else {
            if (out) buf_append(out, s + i, n);
            i += n;
        }
    }
    return found;
}

char *mask_text(arena *a, const char *s)
{
    if (!s) return NULL;
    buf out = {0};
    text_scan(s, &out);
    return finish(a, &out);
}

bool privacy_text_has_pii(const char *s) { return s && text_scan(s, NULL); }

char *privacy_mask(arena *a, enum pii_kind kind, const char *value)
{
    switch (kind) {
    case PII_PHONE: return mask_phone(a, value);
    case PII_CITIZEN_ID: return mask_citizen_id(a, value);
    case PII_ACCOUNT: return mask_account(a, value);
    case PII_BIRTHDATE: return mask_birthdate(a, value);
    case PII_EMAIL: return mask_email(a, value);
    case PII_TEXT: return mask_text(a, value);
    case PII_NONE: break;
    }
    return arena_strdup(a, value);
}

static const struct { const char *name; enum pii_kind kind; } pii_names[] = {
    {"phone", PII_PHONE}, {"mobile", PII_PHONE}, {"tel", PII_PHONE}, {"phone_number", PII_PHONE},
    {"email", PII_EMAIL},
    {"citizen_id", PII_CITIZEN_ID}, {"cccd", PII_CITIZEN_ID}, {"cmnd", PII_CITIZEN_ID},
    {"id_number", PII_CITIZEN_ID}, {"identity_number", PII_CITIZEN_ID},
    {"bank_account", PII_ACCOUNT}, {"account_number", PII_ACCOUNT}, {"account_no", PII_ACCOUNT},
    {"birth_date", PII_BIRTHDATE}, {"birthdate", PII_BIRTHDATE}, {"date_of_birth", PII_BIRTHDATE},
    {"dob", PII_BIRTHDATE},
};

enum pii_kind privacy_field_kind(const char *name)
{
    if (!name) return PII_NONE;
    size_t n = strlen(name);
    for (size_t i = 0; i < countof(pii_names); i++) {
        size_t k = strlen(pii_names[i].name);
        if (n == k && strcmp(name, pii_names[i].name) == 0) return pii_names[i].kind;
        if (n > k && name[n - k - 1] == '_' && strcmp(name + n - k, pii_names[i].name) == 0)
            return pii_names[i].kind;
    }
    return PII_NONE;
}

bool privacy_can_see(req *r)
{
    if (!r) return false;
    if (!r->route || r->route->cap == CAP_PUBLIC) return false;
    return web_has_cap(r, CAP_PII_READ);
}

const char *privacy_show(req *r, enum pii_kind kind, const char *value)
{
    if (!value) return NULL;
    return privacy_can_see(r) ? value : privacy_mask(&r->a, kind, value);
}
