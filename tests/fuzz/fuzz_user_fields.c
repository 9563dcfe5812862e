/* tests/fuzz/fuzz_user_fields.c: hostile text through every validator of a user's fields and
 * the two-factor helpers. The input is split at newlines into login, name, email, phone,
 * unit, role, password; the validators must never crash, and what they accept must be clean
 * (valid UTF-8 without control characters, within the limits). */
#include <stdlib.h>
#include <string.h>

#include "pwhash.h"
#include "totp.h"
#include "user.h"
#include "vn.h"

static store *db;

static void check_clean(const char *s, size_t max_bytes)
{
    if (!s) return;
    if (strlen(s) > max_bytes) abort();
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) abort();
    if (auth_password_problem(s, NULL) && strstr(auth_password_problem(s, NULL), "UTF-8")) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        char err[256];
        setenv("THIDUA_QUIET", "1", 1);
        db = store_open(":memory:", err, sizeof err);
        if (!db || store_migrate(db, err, sizeof err) != STORE_OK) abort();
        store_exec(db, "INSERT INTO unit(kind, name, code, name_fold, sort_key, created_at, updated_at)"
                       " VALUES ('province', 'Tỉnh', '20', 'tinh', 'tinh', 't', 't')", "");
    }
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    const char *field[7] = {0};
    char *p = text;
    for (int i = 0; i < 7 && p; i++) {
        field[i] = p;
        p = strchr(p, '\n');
        if (p) *p++ = 0;
    }
    arena a = {0};
    struct user_input in = {.login = field[0], .name = field[1], .email = field[2], .phone = field[3],
                            .unit = field[4], .role = field[5], .password = field[6], .disabled = -1, .must_change = -1};
    struct field_errors fe = {0};
    if (user_validate(db, &a, &in, true, &fe)) {
        check_clean(in.login, 64);
        check_clean(in.name, USER_NAME_MAX * 4);
        check_clean(in.email, USER_EMAIL_MAX);
        check_clean(in.phone, 16);
    }
    char *out = NULL;
    if (!user_clean_text(&a, field[1], 20, &out)) check_clean(out, 80);
    if (field[1]) free(vn_fold_str(field[1]));   /* the users' search column (user.c) */
    iso_local_time(&a, field[0], false);
    iso_local_time(&a, field[0], true);
    auth_password_problem(text, field[0]);
    unsigned char key[64];
    base32_decode(text, key, sizeof key);
    auth_totp_match(field[0], field[1], 1700000000);
    arena_free(&a);
    free(text);
    return 0;
}
