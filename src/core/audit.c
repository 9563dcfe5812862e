/* audit.c: the audit log itself: the append path (audit_write and its actor and import
 * variants) with its protection of secret and personal values (pii_vault), the hash chain,
 * its verification, and listing. No request and no printing here: the pages and API are
 * audit_web.c, the commands audit_cmd.c. Personal values are recognised by the rules of pii.c,
 * the lowest piece of the privacy code; erasure (privacy.c) sits above this file. */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pii.h"

/* ---- the chain ---- */

void audit_row_hash(const char *prev_hash, int64_t id, const char *at, int64_t user_id, const char *user_login,
                    const char *action, const char *entity, const char *entity_id,
                    const char *before_json, const char *after_json, char out[65])
{
    /* Length-prefixed fields: no separator inside a value can make two rows hash alike; a
     * trailing '~' tells NULL from the empty string. */
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

/* Canonical text of a JSON value: sorted keys, no spaces, ASCII only, so the same content
 * always gives the same bytes (and the same hash) whatever produced it. Caller frees. */
static char *canonical(json_t *j)
{
    return j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ENCODE_ANY) : NULL;
}

/* ---- secrets and personal values ---- */

static const char *const secret_names[] = {
    "password", "password_hash", "passwd", "token", "token_hash", "totp_secret", "secret",
    "csrf", "session_token", "api_key",
};

/* A key whose value is a secret: one of the names, or ending in "_" + one of them
 * ("new_password", "reset_token"). */
static bool is_secret_key(const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < countof(secret_names); i++) {
        size_t k = strlen(secret_names[i]);
        if (n == k && strcmp(key, secret_names[i]) == 0) return true;
        if (n > k && key[n - k - 1] == '_' && strcmp(key + n - k, secret_names[i]) == 0) return true;
    }
    return false;
}

/* Keys whose values are digests or references, whose digit runs are not personal numbers. */
static bool is_digest_key(const char *key)
{
    size_t n = strlen(key);
    return str_eq(key, "hash") || str_eq(key, "sha256") || str_eq(key, "ref") ||
           (n > 5 && strcmp(key + n - 5, "_hash") == 0) || (n > 7 && strcmp(key + n - 7, "_sha256") == 0);
}

bool audit_is_marker(json_t *v, const char *name)
{
    return json_is_object(v) && json_object_size(v) == 1 && json_object_get(v, name);
}

static json_t *secret_marker(void) { return json_pack("{s:b}", "$secret", 1); }

/* Stores one value for a person and writes its reference (33 bytes) into ref. The same person,
 * field and value reuse their reference, so an unchanged value looks unchanged in a diff. */
static int vault_put(store *s, const char *subject, const char *subject_id, const char *field,
                     json_t *value, char ref[33])
{
    char *text = canonical(value);
    if (!text) return STORE_ERR;
    char now[21], today[11];
    iso_time(now_unix(), now);
    snprintf(today, sizeof today, "%.10s", now);
    int rc = STORE_ERR;
    stmt *q = store_query(s, "SELECT ref, last_used FROM pii_vault WHERE subject=$1 AND subject_id=$2"
                             " AND field=$3 AND value=$4", "tttt", subject, subject_id, field, text);
    if (q) {
        rc = stmt_step(q);
        if (rc == STORE_ROW) {
            snprintf(ref, 33, "%s", stmt_text(q, 0));
            /* last_used is a day (UTC): retention counts days, and a value used often costs one
             * write a day, not one per audit entry. */
            bool stale = !str_eq(stmt_text(q, 1), today);
            stmt_finalize(q);
            rc = stale ? store_exec(s, "UPDATE pii_vault SET last_used=$2 WHERE ref=$1", "tt", ref, today) : STORE_OK;
        } else {
            stmt_finalize(q);
            if (rc == STORE_DONE) {
                random_hex(ref, 16);
                rc = store_exec(s, "INSERT INTO pii_vault(ref, subject, subject_id, field, value, created_at, last_used)"
                                   " VALUES ($1, $2, $3, $4, $5, $6, $7)", "ttttttt", ref, subject, subject_id, field,
                                text, now, today);
            }
        }
    }
    free(text);
    return rc < 0 ? rc : STORE_OK;
}

static int vault_replace(store *s, const char *subject, const char *subject_id, const char *field,
                         json_t *value, json_t **slot_new)
{
    char ref[33];
    int rc = vault_put(s, subject, subject_id, field, value, ref);
    if (rc != STORE_OK) return rc;
    *slot_new = json_pack("{s:s}", "$pii", ref);
    return STORE_OK;
}

/* Walks a copy of before/after: secrets become markers; values under personal keys, and
 * strings holding a personal number, go into the vault. `field` names the key an array's
 * elements came from. */
static int protect(store *s, const char *subject, const char *subject_id, json_t *v, const char *field)
{
    if (json_is_object(v)) {
        if (audit_is_marker(v, "$pii") || audit_is_marker(v, "$secret")) return STORE_OK;
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
            const char *key = json_object_iter_key(it);
            json_t *val = json_object_iter_value(it), *repl = NULL;
            if (json_is_null(val)) continue;
            if (is_secret_key(key)) {
                json_object_iter_set_new(v, it, secret_marker());
                continue;
            }
            if (audit_is_marker(val, "$pii") || audit_is_marker(val, "$secret")) continue;
            if (privacy_field_kind(key) != PII_NONE ||
                (json_is_string(val) && !is_digest_key(key) && privacy_text_has_pii(json_string_value(val)))) {
                int rc = vault_replace(s, subject, subject_id, key, val, &repl);
                if (rc != STORE_OK) return rc;
                json_object_iter_set_new(v, it, repl);
                continue;
            }
            int rc = protect(s, subject, subject_id, val, key);
            if (rc != STORE_OK) return rc;
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *el = json_array_get(v, i), *repl = NULL;
            if (json_is_string(el) && !(field && is_digest_key(field)) &&
                privacy_text_has_pii(json_string_value(el))) {
                int rc = vault_replace(s, subject, subject_id, field ? field : "", el, &repl);
                if (rc != STORE_OK) return rc;
                json_array_set_new(v, i, repl);
            } else {
                int rc = protect(s, subject, subject_id, el, field);
                if (rc != STORE_OK) return rc;
            }
        }
    }
    return STORE_OK;
}

int audit_pii(store *s, const char *subject, const char *subject_id, json_t *obj, const char *const *keys)
{
    if (!json_is_object(obj)) return STORE_OK;
    for (; keys && *keys; keys++) {
        json_t *v = json_object_get(obj, *keys), *repl = NULL;
        if (!v || json_is_null(v) || audit_is_marker(v, "$pii") || audit_is_marker(v, "$secret")) continue;
        int rc = vault_replace(s, subject ? subject : "", subject_id ? subject_id : "", *keys, v, &repl);
        if (rc != STORE_OK) return rc;
        json_object_set_new(obj, *keys, repl);
    }
    return STORE_OK;
}

void audit_secret(json_t *obj, const char *const *keys)
{
    if (!json_is_object(obj)) return;
    for (; keys && *keys; keys++) {
        json_t *v = json_object_get(obj, *keys);
        if (v && !json_is_null(v)) json_object_set_new(obj, *keys, secret_marker());
    }
}

/* ---- writing ---- */

int64_t audit_write(store *s, int64_t user_id, const char *user_login, const char *action,
                    const char *entity, const char *entity_id, json_t *before, json_t *after)
{
    /* The caller holds the write transaction (BEGIN IMMEDIATE), so reading the last hash and
     * appending cannot interleave with another writer. A PostgreSQL backend must serialise
     * this the same way (a lock on the log's head taken before reading it), or two writers
     * would both append id N+1: the primary key makes one fail rather than fork the chain. */
    if (store_tx_depth(s) == 0) {
        log_error("audit_write outside a transaction (%s %s)", action, entity);
        return STORE_ERR;
    }
    json_t *b = before ? json_deep_copy(before) : NULL, *af = after ? json_deep_copy(after) : NULL;
    const char *sid = entity_id ? entity_id : "";
    int rc = STORE_OK;
    if ((before && !b) || (after && !af)) rc = STORE_ERR;
    json_t **sides[2] = {&b, &af};
    for (int i = 0; i < 2 && rc == STORE_OK; i++) {
        json_t *v = *sides[i], *repl = NULL;
        if (json_is_string(v) && privacy_text_has_pii(json_string_value(v))) {
            /* A bare string (not an object) holding a personal number. */
            rc = vault_replace(s, entity ? entity : "", sid, "", v, &repl);
            if (rc == STORE_OK) { json_decref(v); *sides[i] = repl; }
        } else {
            rc = protect(s, entity ? entity : "", sid, v, NULL);
        }
    }
    char *bj = canonical(b), *aj = canonical(af);
    json_decref(b);
    json_decref(af);
    char prev[65];
    int64_t last_id = 0, id = -1;
    if (rc == STORE_OK && audit_head(s, &last_id, prev) < 0) rc = STORE_ERR;
    if (rc == STORE_OK) {
        char at[21], hash[65];
        iso_time(now_unix(), at);
        id = last_id + 1;
        audit_row_hash(prev, id, at, user_id, user_login, action, entity, entity_id, bj, aj, hash);
        rc = store_exec(s, "INSERT INTO audit_log(id, at, user_id, user_login, action, entity, entity_id,"
                           " before_json, after_json, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
                        "itittttttt" "t", id, at, user_id, user_login, action, entity, entity_id, bj, aj, prev, hash);
    }
    free(bj);
    free(aj);
    return rc == STORE_OK ? id : rc;
}

int64_t audit_import(store *s, int64_t user_id, const char *user_login, const char *entity,
                     const char *file_name, const char *file_sha256, struct audit_counts c)
{
    json_t *after = json_pack("{s:s?, s:s?, s:I, s:I, s:I}", "file", file_name, "sha256", file_sha256,
                              "accepted", (json_int_t)c.accepted, "duplicate", (json_int_t)c.duplicate,
                              "rejected", (json_int_t)c.rejected);
    if (!after) return STORE_ERR;
    int64_t id = audit_write(s, user_id, user_login, "import", entity, NULL, NULL, after);
    json_decref(after);
    return id;
}

int64_t audit_as(store *s, const struct actor *who, const char *action, const char *entity, int64_t entity_id,
                 json_t *before, json_t *after)
{
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)entity_id);
    return audit_write(s, who->user_id, who->login, action, entity, entity_id ? idtxt : NULL, before, after);
}

int64_t audit_import_as(store *s, const struct actor *who, const char *entity, const char *file_name,
                        const char *file_sha256, struct audit_counts counts)
{
    return audit_import(s, who->user_id, who->login, entity, file_name, file_sha256, counts);
}

/* ---- head, anchors, verification ---- */

int audit_head(store *s, int64_t *id, char hash[65])
{
    *id = 0;
    snprintf(hash, 65, "%s", AUDIT_GENESIS);
    stmt *q = store_query(s, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", "");
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        *id = stmt_int64(q, 0);
        snprintf(hash, 65, "%s", stmt_text(q, 1) ? stmt_text(q, 1) : "");
    }
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

bool audit_parse_anchor(const char *text, int64_t *id, char hash[65])
{
    if (!text) return false;
    const char *colon = strchr(text, ':');
    if (!colon || colon == text || colon - text > 19 || strlen(colon + 1) != 64) return false;
    char num[24];
    snprintf(num, sizeof num, "%.*s", (int)(colon - text), text);
    if (!parse_int64(num, id) || *id < 0) return false;
    for (int i = 0; i < 64; i++) {
        char c = colon[1 + i];
        if (c >= 'A' && c <= 'F') c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        hash[i] = c;
    }
    hash[64] = 0;
    return true;
}

static void add_problem(struct audit_report *out, enum audit_problem_kind kind, int64_t id, int64_t to, int64_t other)
{
    if (out->n < AUDIT_MAX_PROBLEMS) out->problems[out->n++] = (struct audit_problem){kind, id, to, other};
    else out->more++;
}

/* The id of the earliest row stored with this hash, 0 if none. */
static int64_t id_with_hash(store *s, const char *hash)
{
    int64_t id = 0;
    if (store_int64(s, &id, "SELECT min(id) FROM audit_log WHERE hash=$1", "t", hash) < 0) return 0;
    return id;
}

/* True if the table accepts an UPDATE or a DELETE: the triggers were dropped. The probe runs in
 * a transaction that is always rolled back. */
static bool unprotected(store *s, int64_t some_id)
{
    if (store_begin(s) != STORE_OK) return false;   /* read-only or busy: cannot tell */
    bool open = store_exec(s, "UPDATE audit_log SET action=action WHERE id=$1", "i", some_id) == STORE_OK ||
                store_exec(s, "DELETE FROM audit_log WHERE id=$1", "i", some_id) == STORE_OK;
    store_rollback(s);
    return open;
}

int audit_verify(store *s, const char *anchor, struct audit_report *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->head_hash, sizeof out->head_hash, "%s", AUDIT_GENESIS);
    int64_t anchor_id = 0;
    char anchor_hash[65] = "";
    if (anchor && !audit_parse_anchor(anchor, &anchor_id, anchor_hash)) return -2;
    stmt *q = store_query(s, "SELECT id, at, user_id, user_login, action, entity, entity_id, before_json,"
                             " after_json, prev_hash, hash FROM audit_log ORDER BY id", "");
    if (!q) return STORE_ERR;
    int64_t prev_id = 0;
    char prev_hash[65];
    snprintf(prev_hash, sizeof prev_hash, "%s", AUDIT_GENESIS);
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        out->rows++;
        int64_t id = stmt_int64(q, 0), user_id = stmt_int64(q, 2);
        const char *at = stmt_text(q, 1), *login = stmt_text(q, 3), *action = stmt_text(q, 4),
                   *entity = stmt_text(q, 5), *entity_id = stmt_text(q, 6), *bj = stmt_text(q, 7),
                   *aj = stmt_text(q, 8), *link = stmt_text(q, 9), *stored = stmt_text(q, 10);
        if (!link) link = "";
        if (!stored) stored = "";
        char h[65];
        bool genuine = true;   /* its content hashes to its stored hash (perhaps under another id) */
        audit_row_hash(link, id, at, user_id, login, action, entity, entity_id, bj, aj, h);
        if (!str_eq(h, stored)) {
            /* A row moved by one (to make room for an insertion, or to close a deletion's gap)
             * still hashes as its old id: say so, it points at what happened. */
            int64_t was = 0;
            for (int d = -1; d <= 1 && !was; d += 2) {
                audit_row_hash(link, id + d, at, user_id, login, action, entity, entity_id, bj, aj, h);
                if (str_eq(h, stored)) was = id + d;
            }
            add_problem(out, was ? AUDIT_RENUMBERED : AUDIT_EDITED, id, id, was);
            genuine = was != 0;
        }
        if (!str_eq(link, prev_hash)) {
            /* Only a genuine row's link is evidence: when it skips back over rows, those rows
             * were slipped in. A forged row's link proves nothing. */
            int64_t j = genuine ? id_with_hash(s, link) : 0;
            if (id > prev_id + 1) add_problem(out, AUDIT_DELETED, prev_id + 1, id - 1, 0);
            else if (j > 0 && j < prev_id) add_problem(out, AUDIT_INSERTED, j + 1, prev_id, id);
            else if (genuine && str_eq(link, AUDIT_GENESIS) && prev_id > 0) add_problem(out, AUDIT_INSERTED, 1, prev_id, id);
            else add_problem(out, AUDIT_RELINKED, id, id, prev_id);
        } else if (id > prev_id + 1) {
            add_problem(out, AUDIT_GAP, prev_id + 1, id - 1, 0);
        }
        prev_id = id;
        snprintf(prev_hash, sizeof prev_hash, "%s", stored);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc < 0 ? rc : STORE_ERR;
    out->head_id = prev_id;
    snprintf(out->head_hash, sizeof out->head_hash, "%s", prev_hash);
    if (anchor) {
        out->anchor_checked = true;
        if (anchor_id == 0) {
            if (!str_eq(anchor_hash, AUDIT_GENESIS)) add_problem(out, AUDIT_ANCHOR_MISMATCH, 0, 0, 0);
        } else if (anchor_id > prev_id) {
            add_problem(out, AUDIT_TRUNCATED, prev_id + 1, anchor_id, 0);
        } else {
            arena a = {0};
            char *h = NULL;
            if (store_text(s, &h, &a, "SELECT hash FROM audit_log WHERE id=$1", "i", anchor_id) < 0) {
                arena_free(&a);
                return STORE_ERR;
            }
            if (!str_eq(h, anchor_hash)) add_problem(out, AUDIT_ANCHOR_MISMATCH, anchor_id, anchor_id, 0);
            arena_free(&a);
        }
    }
    if (out->rows && unprotected(s, prev_id)) add_problem(out, AUDIT_UNPROTECTED, 0, 0, 0);
    return 0;
}

const char *audit_problem_kind_name(enum audit_problem_kind k)
{
    switch (k) {
    case AUDIT_EDITED: return "edited";
    case AUDIT_RENUMBERED: return "renumbered";
    case AUDIT_DELETED: return "deleted";
    case AUDIT_INSERTED: return "inserted";
    case AUDIT_RELINKED: return "relinked";
    case AUDIT_GAP: return "gap";
    case AUDIT_ANCHOR_MISMATCH: return "anchor_mismatch";
    case AUDIT_TRUNCATED: return "truncated";
    case AUDIT_UNPROTECTED: return "unprotected";
    }
    return "?";
}

static char *range_text(arena *a, int64_t from, int64_t to, bool vi)
{
    if (from == to) return arena_printf(a, vi ? "dòng %lld" : "row %lld", (long long)from);
    return arena_printf(a, vi ? "các dòng %lld–%lld" : "rows %lld-%lld", (long long)from, (long long)to);
}

char *audit_problem_text(arena *a, const struct audit_problem *p, bool vi)
{
    long long id = p->id, other = p->other;
    char *range = range_text(a, p->id, p->to, vi);
    switch (p->kind) {
    case AUDIT_EDITED:
        return vi ? arena_printf(a, "Dòng %lld đã bị sửa: nội dung không còn khớp với mã băm của nó.", id)
                  : arena_printf(a, "row %lld: edited (its content no longer matches its hash)", id);
    case AUDIT_RENUMBERED:
        return vi ? arena_printf(a, "Dòng %lld đã bị đổi số: nội dung của nó là của dòng %lld.", id, other)
                  : arena_printf(a, "row %lld: renumbered (its content hashes as row %lld)", id, other);
    case AUDIT_DELETED:
        return vi ? arena_printf(a, "Mất %s: đã bị xoá (chuỗi băm bỏ qua chúng).", range)
                  : arena_printf(a, "%s: deleted (missing; the chain skips them)", range);
    case AUDIT_INSERTED:
        return vi ? arena_printf(a, "%s không thuộc chuỗi: đã bị chèn thêm (dòng %lld nối thẳng qua chúng).",
                                 range, other)
                  : arena_printf(a, "%s: inserted (not in the chain; row %lld links past them)", range, other);
    case AUDIT_RELINKED:
        return vi ? arena_printf(a, "Dòng %lld không nối với dòng %lld: dòng %lld đã bị viết lại, hoặc mối nối "
                                    "của dòng %lld đã bị sửa.", id, other, other, id)
                  : arena_printf(a, "row %lld: does not link to row %lld (row %lld was rewritten, or row "
                                    "%lld's link was edited)", id, other, other, id);
    case AUDIT_GAP:
        return vi ? arena_printf(a, "Thiếu số %s nhưng chuỗi vẫn nối qua: số thứ tự đã bị sửa.", range)
                  : arena_printf(a, "%s: ids missing although the chain links across them (ids edited)", range);
    case AUDIT_ANCHOR_MISMATCH:
        return vi ? arena_printf(a, "Dòng %lld khác với mốc đã lưu: nhật ký đến dòng này đã bị sửa và tính lại "
                                    "mã băm (giả mạo).", id)
                  : arena_printf(a, "row %lld: differs from the anchor (the log up to it was changed and "
                                    "re-hashed: forged)", id);
    case AUDIT_TRUNCATED:
        return vi ? arena_printf(a, "Mất %s so với mốc đã lưu: phần cuối nhật ký đã bị cắt bỏ.", range)
                  : arena_printf(a, "%s: missing up to the anchor (the tail of the log was cut off)", range);
    case AUDIT_UNPROTECTED:
        return vi ? arena_strdup(a, "Bảng nhật ký không còn chặn sửa và xoá (trigger đã bị gỡ).")
                  : arena_strdup(a, "the append-only triggers are gone: audit_log accepts UPDATE or DELETE");
    }
    return arena_strdup(a, "?");
}

/* ---- listing ---- */

bool audit_day_bound(const char *day, bool next_day, char out[21])
{
    if (!day) return false;
    int y, m, d;
    char tail;
    size_t n = strlen(day);
    if (n == 10 && day[4] == '-' && sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
    } else if (n == 10 && day[2] == '/' && sscanf(day, "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3) {
    } else {
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (!((day[i] >= '0' && day[i] <= '9') || day[i] == '-' || day[i] == '/')) return false;
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return false;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    time_t t = timegm(&tm);
    struct tm check;
    gmtime_r(&t, &check);
    if (check.tm_mday != d || check.tm_mon != m - 1) return false;   /* 31/02 */
    /* Vietnam keeps UTC+7 all year: the local day starts at 17:00 UTC the day before. */
    iso_time((int64_t)t - 7 * 3600 + (next_day ? 86400 : 0), out);
    return true;
}

int audit_list(store *s, const struct audit_filter *f, arena *a, struct audit_row **rows)
{
    static const char *const base =
        "SELECT id, at, user_id, user_login, action, entity, entity_id, before_json, after_json,"
        " prev_hash, hash FROM audit_log"
        " WHERE ($1 IS NULL OR entity = $1) AND ($2 IS NULL OR action = $2) AND ($3 IS NULL OR user_login = $3)"
        " AND ($4 IS NULL OR entity_id = $4) AND ($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at < $6)"
        " AND id < $7 AND id > $8";
    bool asc = f->after_id > 0;
    char *sql = arena_printf(a, "%s ORDER BY id %s LIMIT $9", base, asc ? "ASC" : "DESC");
    int limit = f->limit > 0 ? f->limit : 50;
    stmt *q = store_query(s, sql, "tttttti" "iI", f->entity, f->action, f->user, f->entity_id, f->from_at,
                          f->to_at, f->before_id > 0 ? f->before_id : INT64_MAX, f->after_id, limit);
    if (!q) return STORE_ERR;
    /* Grown as rows come: a large limit costs nothing unless the rows exist. */
    int cap = limit < 64 ? limit : 64, n = 0, rc = STORE_DONE;
    struct audit_row *out = arena_alloc(a, sizeof *out * (size_t)cap);
    while (n < limit && (rc = stmt_step(q)) == STORE_ROW) {
        if (n == cap) {
            cap = cap * 2 < limit ? cap * 2 : limit;
            struct audit_row *bigger = arena_alloc(a, sizeof *out * (size_t)cap);
            memcpy(bigger, out, sizeof *out * (size_t)n);
            out = bigger;
        }
        struct audit_row *r = &out[n++];
        r->id = stmt_int64(q, 0);
        r->at = stmt_text_dup(q, 1, a);
        r->user_id = stmt_int64(q, 2);
        r->user_login = stmt_text_dup(q, 3, a);
        r->action = stmt_text_dup(q, 4, a);
        r->entity = stmt_text_dup(q, 5, a);
        r->entity_id = stmt_text_dup(q, 6, a);
        r->before_json = stmt_text_dup(q, 7, a);
        r->after_json = stmt_text_dup(q, 8, a);
        r->prev_hash = stmt_text_dup(q, 9, a);
        r->hash = stmt_text_dup(q, 10, a);
    }
    if (n < limit && rc != STORE_DONE) { stmt_finalize(q); return rc < 0 ? rc : STORE_ERR; }
    stmt_finalize(q);
    *rows = out;
    return n;
}

json_t *audit_json_parse(const char *text)
{
    if (!text) return json_null();
    json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
    return j ? j : json_string(text);
}

json_t *audit_row_json(const struct audit_row *r)
{
    return json_pack("{s:I, s:s, s:I, s:s?, s:s, s:s, s:s?, s:o, s:o, s:s, s:s}",
                     "id", (json_int_t)r->id, "at", r->at ? r->at : "", "user_id", (json_int_t)r->user_id,
                     "user", r->user_login, "action", r->action ? r->action : "",
                     "entity", r->entity ? r->entity : "", "entity_id", r->entity_id,
                     "before", audit_json_parse(r->before_json), "after", audit_json_parse(r->after_json),
                     "prev_hash", r->prev_hash ? r->prev_hash : "", "hash", r->hash ? r->hash : "");
}
