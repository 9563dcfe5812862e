/* audit.c: the audit log resource: the append path (audit_write), the hash chain, and
 * (further below) `thidua audit head|verify|list` and the administrators' /audit page. */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void audit_row_hash(const char *prev_hash, int64_t id, const char *at, int64_t user_id, const char *user_login,
                    const char *action, const char *entity, const char *entity_id,
                    const char *before_json, const char *after_json, char out[65])
{
    /* Length-prefixed fields: no separator inside a value can make two rows hash alike. */
    buf b = {0};
    const char *fields[] = {prev_hash, at, user_login, action, entity, entity_id, before_json, after_json};
    buf_printf(&b, "thidua-audit-v1|%lld|%lld", (long long)id, (long long)user_id);
    for (size_t i = 0; i < countof(fields); i++) {
        const char *f = fields[i] ? fields[i] : "";
        buf_printf(&b, "|%zu:%s%s", strlen(f), f, fields[i] ? "" : "~");
    }
    sha256_hex(b.data, b.len, out);
    buf_free(&b);
}

static char *canonical(json_t *j)
{
    return j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ENCODE_ANY) : NULL;
}

int64_t audit_write(store *s, int64_t user_id, const char *user_login, const char *action,
                    const char *entity, const char *entity_id, json_t *before, json_t *after)
{
    /* The caller holds the write transaction (BEGIN IMMEDIATE), so reading the last hash and
     * appending cannot interleave with another writer. */
    if (store_tx_depth(s) == 0) {
        log_error("audit_write outside a transaction (%s %s)", action, entity);
        return STORE_ERR;
    }
    arena a = {0};
    char *prev = NULL;
    int64_t last_id = 0;
    int rc = store_int64(s, &last_id, "SELECT coalesce(max(id), 0) FROM audit_log", "");
    if (rc < 0) { arena_free(&a); return STORE_ERR; }
    if (last_id) {
        if (store_text(s, &prev, &a, "SELECT hash FROM audit_log WHERE id=$1", "i", last_id) < 0) {
            arena_free(&a);
            return STORE_ERR;
        }
    }
    if (!prev) prev = AUDIT_GENESIS;
    char at[21], hash[65];
    iso_time(now_unix(), at);
    char *bj = canonical(before), *aj = canonical(after);
    int64_t id = last_id + 1;
    audit_row_hash(prev, id, at, user_id, user_login, action, entity, entity_id, bj, aj, hash);
    rc = store_exec(s, "INSERT INTO audit_log(id, at, user_id, user_login, action, entity, entity_id,"
                       " before_json, after_json, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
                    "itittttttt" "t", id, at, user_id, user_login, action, entity, entity_id, bj, aj, prev, hash);
    free(bj);
    free(aj);
    arena_free(&a);
    return rc == STORE_OK ? id : rc;
}

int64_t audit_req(req *r, const char *action, const char *entity, int64_t entity_id,
                  json_t *before, json_t *after)
{
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)entity_id);
    return audit_write(r->db, r->user.id, r->user.login, action, entity, entity_id ? idtxt : NULL,
                       before, after);
}

void audit_redact(json_t *obj, const char *const *keys)
{
    for (; keys && *keys; keys++) {
        json_t *v = json_object_get(obj, *keys);
        if (!v || json_is_null(v)) continue;
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        char h[65];
        sha256_hex(text, strlen(text), h);
        free(text);
        char tagged[72];
        snprintf(tagged, sizeof tagged, "sha256:%s", h);
        json_object_set_new(obj, *keys, json_string(tagged));
    }
}
