/* privacy.c: personal data: the masking rules (phones, citizen IDs, bank accounts, birth dates,
 * e-mails, and personal numbers inside free text), who may see personal data unmasked, and
 * erasing a person or purging old vault values (`thidua privacy …`). The rules and why they are
 * what they are: privacy.h and docs/privacy.md. */
#include "privacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "vn_calendar.h"

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

/* ---- erasure ---- */

/* An eraser overwrites the live personal fields of one record (inside the caller's
 * transaction); it adds the names of the fields it erased to `fields`. 1 done, 0 no such
 * record, < 0 database error; err gets the reason for a refusal (return -2). */
typedef int (*eraser_fn)(store *s, int64_t id, json_t *fields, char *err, size_t errlen);

static int erase_user(store *s, int64_t id, json_t *fields, char *err, size_t errlen)
{
    arena a = {0};
    stmt *q = store_query(s, "SELECT login, role, disabled FROM app_user WHERE id=$1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc != STORE_ROW) { stmt_finalize(q); return rc == STORE_DONE ? 0 : rc; }
    char *login = stmt_text_dup(q, 0, &a);
    bool active_admin = str_eq(stmt_text(q, 1), "admin") && stmt_int64(q, 2) == 0;
    stmt_finalize(q);
    if (active_admin) {
        int64_t others = 0;
        if (store_int64(s, &others, "SELECT count(*) FROM app_user WHERE role='admin' AND disabled=0"
                                    " AND id<>$1", "i", id) < 0) { arena_free(&a); return STORE_ERR; }
        if (others == 0) {
            snprintf(err, errlen, "user %lld is the last active administrator; make another "
                     "administrator first", (long long)id);
            arena_free(&a);
            return -2;
        }
    }
    char now[21];
    iso_time(now_unix(), now);
    char *new_login = arena_printf(&a, "erased-%lld", (long long)id);
    char *new_name = arena_printf(&a, "Người dùng đã xoá #%lld", (long long)id);
    /* "!erased" is no Argon2id string: no password can ever match it. */
    rc = store_exec(s, "UPDATE app_user SET login=$2, name=$3, email=NULL, phone=NULL, name_fold='', name_sort=NULL,"
                       " password_hash='!erased', totp_secret=NULL, totp_pending=NULL, disabled=1, updated_at=$4"
                       " WHERE id=$1", "ittt", id, new_login, new_name, now);
    if (rc == STORE_OK) rc = store_exec(s, "DELETE FROM session WHERE user_id=$1", "i", id);
    if (rc == STORE_OK) rc = store_exec(s, "UPDATE api_token SET revoked=1, label='' WHERE user_id=$1", "i", id);
    if (rc == STORE_OK && login)
        rc = store_exec(s, "DELETE FROM login_failure WHERE login=$1", "t", login);
    arena_free(&a);
    if (rc != STORE_OK) return rc;
    const char *erased[] = {"login", "name", "name_fold", "name_sort", "email", "phone", "password_hash",
                            "totp_secret", "totp_pending",
                            "sessions", "api_token.label", "login_failure"};
    for (size_t i = 0; i < countof(erased); i++) json_array_append_new(fields, json_string(erased[i]));
    return 1;
}

static const struct { const char *entity; eraser_fn fn; } erasers[] = {
    {"user", erase_user},
};

int privacy_erase(store *s, int64_t actor_id, const char *actor_login, const char *entity, int64_t id,
                  const char *reason, json_t **summary, char *err, size_t errlen)
{
    if (summary) *summary = NULL;
    eraser_fn fn = NULL;
    for (size_t i = 0; i < countof(erasers); i++)
        if (str_eq(erasers[i].entity, entity)) fn = erasers[i].fn;
    if (!fn) {
        snprintf(err, errlen, "no eraser for entity '%s' (known: user)", entity ? entity : "");
        return -1;
    }
    store_scrub_begin(s);   /* deleted bytes must not stay in the file (store.h) */
    if (store_begin(s) != STORE_OK) { snprintf(err, errlen, "%s", store_errmsg(s)); return -1; }
    json_t *fields = json_array();
    int rc = fn(s, id, fields, err, errlen);
    if (rc == 0) snprintf(err, errlen, "no %s with id %lld", entity, (long long)id);
    else if (rc < 0 && rc != -2) snprintf(err, errlen, "%s", store_errmsg(s));
    int vault = 0;
    if (rc == 1) {
        char now[21], sid[24];
        iso_time(now_unix(), now);
        snprintf(sid, sizeof sid, "%lld", (long long)id);
        if (store_exec(s, "UPDATE pii_vault SET value=NULL, erased_at=$3"
                          " WHERE subject=$1 AND subject_id=$2 AND value IS NOT NULL", "ttt",
                       entity, sid, now) != STORE_OK) {
            snprintf(err, errlen, "%s", store_errmsg(s));
            rc = -1;
        } else {
            vault = store_changes(s);
        }
    }
    json_t *after = NULL;
    if (rc == 1) {
        /* The record of the erasure names fields and counts only. The reason is free text
         * typed by an operator: audit_write vaults any personal number in it. */
        after = json_pack("{s:O, s:i}", "fields", fields, "vault_values", vault);
        if (!str_empty(reason)) json_object_set_new(after, "reason", json_string(reason));
        char sid[24];
        snprintf(sid, sizeof sid, "%lld", (long long)id);
        if (audit_write(s, actor_id, actor_login, "erase", entity, sid, NULL, after) < 0 ||
            store_commit(s) != STORE_OK) {
            snprintf(err, errlen, "%s", store_errmsg(s));
            rc = -1;
        }
    }
    json_decref(fields);
    if (rc != 1) {
        store_rollback(s);
        json_decref(after);
        return -1;
    }
    store_scrub_end(s);
    if (summary) *summary = after;
    else json_decref(after);
    return 0;
}

int64_t privacy_purge(store *s, int64_t actor_id, const char *actor_login, const char *before_iso,
                      char *err, size_t errlen)
{
    if (str_empty(before_iso)) { snprintf(err, errlen, "no date given"); return -1; }
    store_scrub_begin(s);
    if (store_begin(s) != STORE_OK) { snprintf(err, errlen, "%s", store_errmsg(s)); return -1; }
    char now[21];
    iso_time(now_unix(), now);
    int64_t n = -1;
    if (store_exec(s, "UPDATE pii_vault SET value=NULL, erased_at=$2 WHERE value IS NOT NULL AND last_used < $1",
                   "tt", before_iso, now) == STORE_OK) {
        n = store_changes(s);
        json_t *after = json_pack("{s:s, s:I}", "unused_since_before", before_iso, "vault_values", (json_int_t)n);
        if (audit_write(s, actor_id, actor_login, "purge", "pii_vault", NULL, NULL, after) < 0) n = -1;
        json_decref(after);
    }
    if (n < 0 || store_commit(s) != STORE_OK) {
        snprintf(err, errlen, "%s", store_errmsg(s));
        store_rollback(s);
        return -1;
    }
    store_scrub_end(s);
    return n;
}

/* ---- CLI ---- */
static int erase_cmd(int argc, char **argv)
{
    const char *entity = cli_option(&argc, argv, "entity");
    const char *id_text = cli_option(&argc, argv, "id");
    const char *reason = cli_option(&argc, argv, "reason");
    const char *path = cli_db_path(&argc, argv);
    int64_t id = 0;
    if (argc != 1 || !entity || !id_text) {
        fprintf(stderr, "usage: thidua privacy erase --db FILE --entity user --id N [--reason TEXT]\n");
        return 2;
    }
    if (!parse_int64(id_text, &id) || id <= 0) {
        fprintf(stderr, "thidua privacy erase: --id wants a positive number (got '%s')\n", id_text);
        return 2;
    }
    store *s = cli_open_existing_db("privacy erase", path, true);
    if (!s) return 1;
    arena a = {0};
    char err[512];
    json_t *summary = NULL;
    int rc = privacy_erase(s, 0, cli_actor(&a), entity, id, reason, &summary, err, sizeof err);
    if (rc != 0) fprintf(stderr, "thidua privacy erase: %s\n", err);
    else {
        printf("erased %s %lld: %zu field(s), %lld vault value(s)\n", entity, (long long)id,
               json_array_size(json_object_get(summary, "fields")),
               (long long)json_integer_value(json_object_get(summary, "vault_values")));
    }
    json_decref(summary);
    arena_free(&a);
    store_close(s);
    return rc ? 1 : 0;
}

static int purge_cmd(int argc, char **argv)
{
    const char *before = cli_option(&argc, argv, "before");
    const char *path = cli_db_path(&argc, argv);
    if (argc != 1 || !before) {
        fprintf(stderr, "usage: thidua privacy purge --db FILE --before YYYY-MM-DD\n");
        return 2;
    }
    struct vn_date_parsed day;
    struct vn_error verr;
    char iso[48];
    /* A real calendar day (vn_date_parse knows the months and leap years), written ISO. */
    if (vn_date_parse(before, NULL, 0, &day, &verr) != 0 || day.kind != VN_DATE_DAY ||
        vn_date_format(day.date, VN_DATE_ISO, iso, sizeof iso) != 0 || strcmp(iso, before) != 0) {
        fprintf(stderr, "thidua privacy purge: --before wants a date YYYY-MM-DD (got '%s')\n", before);
        return 2;
    }
    store *s = cli_open_existing_db("privacy purge", path, true);
    if (!s) return 1;
    arena a = {0};
    char err[512];
    int64_t n = privacy_purge(s, 0, cli_actor(&a), before, err, sizeof err);
    if (n < 0) fprintf(stderr, "thidua privacy purge: %s\n", err);
    else printf("purged %lld vault value(s) unused since before %s\n", (long long)n, before);
    arena_free(&a);
    store_close(s);
    return n < 0 ? 1 : 0;
}

static int mask_cmd(int argc, char **argv)
{
    const char *kind_name = cli_option(&argc, argv, "kind");
    static const struct { const char *name; enum pii_kind kind; } kinds[] = {
        {"phone", PII_PHONE}, {"citizen_id", PII_CITIZEN_ID}, {"account", PII_ACCOUNT},
        {"birthdate", PII_BIRTHDATE}, {"email", PII_EMAIL}, {"text", PII_TEXT},
    };
    enum pii_kind kind = PII_NONE;
    for (size_t i = 0; i < countof(kinds); i++)
        if (str_eq(kind_name ? kind_name : "text", kinds[i].name)) kind = kinds[i].kind;
    if (argc < 2 || kind == PII_NONE) {
        fprintf(stderr, "usage: thidua privacy mask [--kind phone|citizen_id|account|birthdate|email|text] VALUE…\n");
        return 2;
    }
    arena a = {0};
    for (int i = 1; i < argc; i++) puts(privacy_mask(&a, kind, argv[i]));
    arena_free(&a);
    return 0;
}

const struct cli_cmd privacy_cmds[] = {
    {"erase", erase_cmd, "--db FILE --entity user --id N [--reason TEXT]",
     "anonymise a person: overwrite their personal fields and vault values, record the erasure"},
    {"purge", purge_cmd, "--db FILE --before YYYY-MM-DD",
     "retention: erase vault values no audit entry has used since before the date"},
    {"mask", mask_cmd, "[--kind phone|citizen_id|account|birthdate|email|text] VALUE…",
     "print values as roles without pii.read see them"},
    {0},
};

int privacy_cmd(int argc, char **argv) { return cli_dispatch("privacy", privacy_cmds, argc, argv); }
