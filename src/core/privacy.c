/* privacy.c: erasing a person and the retention purge of old vault values: the writes of
 * personal-data handling, each recorded in the audit log (so this file depends on audit.c,
 * never the other way round: audit.c needs only the rules of pii.c). The CLI is privacy_cmd.c;
 * why erasure works as it does: privacy.h and docs/privacy.md. */
#include "privacy.h"

#include <stdio.h>
#include <string.h>

#include "admin_rule.h"
#include "audit.h"

/* ---- erasure ---- */

/* An eraser overwrites the live personal fields of one record (inside the caller's
 * transaction); it adds the names of the fields it erased to `fields`. 1 done, 0 no such
 * record, < 0 database error; err gets the reason for a refusal (return -2). */
typedef int (*eraser_fn)(store *s, int64_t id, json_t *fields, char *err, size_t errlen);

static int erase_user(store *s, int64_t id, json_t *fields, char *err, size_t errlen)
{
    arena a = {0};
    stmt *q = store_query(s, "SELECT login FROM app_user WHERE id=$1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc != STORE_ROW) { stmt_finalize(q); return rc == STORE_DONE ? 0 : rc; }
    char *login = stmt_text_dup(q, 0, &a);
    stmt_finalize(q);
    /* The last-administrator rule, in its one place (core/admin_rule.c). */
    if (admin_rule_would_orphan(s, id)) {
        snprintf(err, errlen, "user %lld is the last active administrator (the only enabled user "
                 "who manages users across the whole tree); make another administrator first", (long long)id);
        arena_free(&a);
        return -2;
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
