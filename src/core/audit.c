/* audit.c: the audit log resource: the append path (audit_write) with its protection of secret
 * and personal values (pii_vault), the hash chain and its verification, listing, the CLI
 * (`thidua audit head|verify|list`), and the administrators' pages /audit, /audit/{id},
 * /audit/verify with their JSON twins /api/audit and /api/audit/verify. */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "html.h"
#include "core_pages.h"
#include "privacy.h"

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

static bool is_marker(json_t *v, const char *name)
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
        if (is_marker(v, "$pii") || is_marker(v, "$secret")) return STORE_OK;
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
            const char *key = json_object_iter_key(it);
            json_t *val = json_object_iter_value(it), *repl = NULL;
            if (json_is_null(val)) continue;
            if (is_secret_key(key)) {
                json_object_iter_set_new(v, it, secret_marker());
                continue;
            }
            if (is_marker(val, "$pii") || is_marker(val, "$secret")) continue;
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
        if (!v || json_is_null(v) || is_marker(v, "$pii") || is_marker(v, "$secret")) continue;
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

int64_t audit_req(req *r, const char *action, const char *entity, int64_t entity_id,
                  json_t *before, json_t *after)
{
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)entity_id);
    return audit_write(r->db, r->user.id, r->user.login, action, entity, entity_id ? idtxt : NULL,
                       before, after);
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

int64_t audit_import_req(req *r, const char *entity, const char *file_name, const char *file_sha256,
                         struct audit_counts counts)
{
    return audit_import(r->db, r->user.id, r->user.login, entity, file_name, file_sha256, counts);
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

static json_t *parse_or_null(const char *text)
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
                     "before", parse_or_null(r->before_json), "after", parse_or_null(r->after_json),
                     "prev_hash", r->prev_hash ? r->prev_hash : "", "hash", r->hash ? r->hash : "");
}

/* "2024-09-10T01:02:03Z" (UTC) → "10/09/2024 08:02:03" in Asia/Ho_Chi_Minh. */

/* ---- web: filters shared by the page and the API ---- */

struct web_filter {
    struct audit_filter f;
    const char *from, *to, *before, *after;   /* as typed */
    struct field_errors errors;
};

static const char *param_or_null(req *r, const char *name)
{
    const char *v = web_param(r, name);
    return str_empty(v) ? NULL : v;
}

static void read_filter(req *r, struct web_filter *w, int default_limit, int max_limit)
{
    memset(w, 0, sizeof *w);
    w->f.entity = param_or_null(r, "entity");
    w->f.action = param_or_null(r, "action");
    w->f.user = param_or_null(r, "user");
    w->f.entity_id = param_or_null(r, "entity_id");
    w->from = param_or_null(r, "from");
    w->to = param_or_null(r, "to");
    w->before = param_or_null(r, "before");
    w->after = param_or_null(r, "after");
    w->f.limit = default_limit;
    char bound[21];
    if (w->from) {
        if (audit_day_bound(w->from, false, bound)) w->f.from_at = arena_strdup(&r->a, bound);
        else ferr_add(&w->errors, "from", "Ngày không hợp lệ: hãy nhập dd/mm/yyyy.");
    }
    if (w->to) {
        if (audit_day_bound(w->to, true, bound)) w->f.to_at = arena_strdup(&r->a, bound);
        else ferr_add(&w->errors, "to", "Ngày không hợp lệ: hãy nhập dd/mm/yyyy.");
    }
    if (w->f.from_at && w->f.to_at && strcmp(w->f.from_at, w->f.to_at) >= 0)
        ferr_add(&w->errors, "to", "Ngày kết thúc phải không sớm hơn ngày bắt đầu.");
    if (w->before && (!parse_int64(w->before, &w->f.before_id) || w->f.before_id <= 0))
        ferr_add(&w->errors, "before", "Phải là một số dương.");
    if (w->after && (!parse_int64(w->after, &w->f.after_id) || w->f.after_id <= 0))
        ferr_add(&w->errors, "after", "Phải là một số dương.");
    const char *limit = param_or_null(r, "limit");
    int64_t l = 0;
    if (limit) {
        if (!parse_int64(limit, &l) || l < 1 || l > max_limit)
            ferr_add(&w->errors, "limit", arena_printf(&r->a, "Phải là số từ 1 đến %d.", max_limit));
        else w->f.limit = (int)l;
    }
    const char *const texts[][2] = {{"entity", w->f.entity}, {"action", w->f.action}, {"user", w->f.user},
                                    {"entity_id", w->f.entity_id}};
    for (size_t i = 0; i < countof(texts); i++)
        if (texts[i][1] && strlen(texts[i][1]) > 200) ferr_add(&w->errors, texts[i][0], "Quá dài (tối đa 200 ký tự).");
}

/* The filter as a query string prefix ("entity=…&user=…&"), for paging links. */
static const char *filter_query(req *r, const struct web_filter *w)
{
    buf b = {0};
    const char *const pairs[][2] = {{"entity", w->f.entity}, {"action", w->f.action}, {"user", w->f.user},
                                    {"entity_id", w->f.entity_id}, {"from", w->from}, {"to", w->to}};
    for (size_t i = 0; i < countof(pairs); i++) {
        if (!pairs[i][1]) continue;
        html_buf(&b, "%s=%u&amp;", pairs[i][0], pairs[i][1]);
    }
    const char *q = arena_strdup(&r->a, buf_str(&b));
    buf_free(&b);
    return q;
}

/* ---- web: showing values ---- */

struct vault_entry { const char *field, *value_json, *erased_at; bool found; };

static struct vault_entry vault_get(req *r, const char *ref)
{
    struct vault_entry e = {0};
    stmt *q = store_query(r->db, "SELECT field, value, erased_at FROM pii_vault WHERE ref=$1", "t", ref);
    if (q && stmt_step(q) == STORE_ROW) {
        e.found = true;
        e.field = stmt_text_dup(q, 0, &r->a);
        e.value_json = stmt_text_dup(q, 1, &r->a);
        e.erased_at = stmt_text_dup(q, 2, &r->a);
    }
    stmt_finalize(q);
    return e;
}

/* The text of a vaulted value: JSON strings as they are, anything else as compact JSON. */
static const char *vault_value_text(req *r, const char *value_json)
{
    json_t *j = json_loads(value_json, JSON_DECODE_ANY, NULL);
    if (!j) return value_json;
    const char *t;
    if (json_is_string(j)) t = arena_strdup(&r->a, json_string_value(j));
    else {
        char *d = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        t = arena_strdup(&r->a, d ? d : "");
        free(d);
    }
    json_decref(j);
    return t;
}

/* A vaulted value as this request may see it: clear with pii.read, masked otherwise (hidden
 * entirely when the field has no masking rule), or a note that it was erased. */
static const char *pii_display(req *r, const char *ref)
{
    struct vault_entry e = vault_get(r, ref);
    if (!e.found) return "[dữ liệu cá nhân: không tìm thấy]";
    if (!e.value_json) return arena_printf(&r->a, "[đã xoá theo yêu cầu, %s]", iso_local_time(&r->a, e.erased_at, true));
    const char *text = vault_value_text(r, e.value_json);
    if (privacy_can_see(r)) return text;
    enum pii_kind kind = privacy_field_kind(e.field);
    if (kind == PII_NONE) return "[dữ liệu cá nhân]";
    return privacy_mask(&r->a, kind, text);
}

/* A value for the diff: strings as is, markers resolved, the rest as compact JSON. */
static json_t *display_copy(req *r, json_t *v)
{
    if (is_marker(v, "$pii") && json_is_string(json_object_get(v, "$pii")))
        return json_string(pii_display(r, json_string_value(json_object_get(v, "$pii"))));
    if (is_marker(v, "$secret")) return json_string("[bí mật, không ghi]");
    if (json_is_object(v)) {
        json_t *o = json_object();
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) json_object_set_new(o, k, display_copy(r, x));
        return o;
    }
    if (json_is_array(v)) {
        json_t *arr = json_array();
        for (size_t i = 0; i < json_array_size(v); i++) json_array_append_new(arr, display_copy(r, json_array_get(v, i)));
        return arr;
    }
    return json_incref(v);
}

static const char *value_text(req *r, json_t *v)
{
    if (!v || json_is_null(v)) return "—";
    json_t *d = display_copy(r, v);
    const char *t;
    if (json_is_string(d)) t = arena_strdup(&r->a, json_string_value(d));
    else {
        char *s = json_dumps(d, JSON_COMPACT | JSON_ENCODE_ANY);
        t = arena_strdup(&r->a, s ? s : "");
        free(s);
    }
    json_decref(d);
    return t;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* before → after as a list of changed fields: added, removed, changed (old struck out, new
 * marked), unchanged ones only counted. Non-object values are shown whole. */
static void render_diff(req *r, const char *before_json, const char *after_json)
{
    json_t *b = before_json ? json_loads(before_json, JSON_DECODE_ANY, NULL) : NULL;
    json_t *a = after_json ? json_loads(after_json, JSON_DECODE_ANY, NULL) : NULL;
    if ((b && !json_is_object(b)) || (a && !json_is_object(a))) {
        if (b) html(r, "<p>Trước: <code>%s</code></p>", value_text(r, b));
        if (a) html(r, "<p>Sau: <code>%s</code></p>", value_text(r, a));
        json_decref(b);
        json_decref(a);
        return;
    }
    if (!b && !a) {
        html(r, "<span class=\"muted\">—</span>");
        return;
    }
    size_t cap = json_object_size(b) + json_object_size(a), n = 0;
    const char **keys = arena_alloc(&r->a, sizeof *keys * (cap + 1));
    const char *k;
    json_t *v;
    json_object_foreach(b, k, v) keys[n++] = k;
    json_object_foreach(a, k, v) if (!json_object_get(b, k)) keys[n++] = k;
    qsort(keys, n, sizeof *keys, cmp_str);
    int same = 0;
    html(r, "<ul class=\"diff\">");
    for (size_t i = 0; i < n; i++) {
        json_t *old = b ? json_object_get(b, keys[i]) : NULL, *new = a ? json_object_get(a, keys[i]) : NULL;
        if (old && new && json_equal(old, new)) {
            /* A create or a delete shows its whole record; an update only what changed. */
            if (b && a) { same++; continue; }
        }
        if (!b) html(r, "<li><code>%s</code>: %s</li>", keys[i], value_text(r, new));
        else if (!a) html(r, "<li><code>%s</code>: <del>%s</del></li>", keys[i], value_text(r, old));
        else if (!old) html(r, "<li><code>%s</code>: <ins>%s</ins> <span class=\"tag\">thêm</span></li>",
                            keys[i], value_text(r, new));
        else if (!new) html(r, "<li><code>%s</code>: <del>%s</del> <span class=\"tag\">bỏ</span></li>",
                            keys[i], value_text(r, old));
        else html(r, "<li><code>%s</code>: <del>%s</del> → <ins>%s</ins></li>", keys[i], value_text(r, old),
                  value_text(r, new));
    }
    html(r, "</ul>");
    if (same) html(r, "<p class=\"muted\">%d trường không đổi.</p>", same);
    json_decref(b);
    json_decref(a);
}

/* Every field of before and after side by side (personal values resolved or masked). */
static void render_fields(req *r, const char *before_json, const char *after_json)
{
    json_t *b = before_json ? json_loads(before_json, JSON_DECODE_ANY, NULL) : NULL;
    json_t *a = after_json ? json_loads(after_json, JSON_DECODE_ANY, NULL) : NULL;
    if ((b && !json_is_object(b)) || (a && !json_is_object(a)) || (!a && !b)) {
        json_decref(b);
        json_decref(a);
        return;
    }
    size_t n = 0;
    const char **keys = arena_alloc(&r->a, sizeof *keys * (json_object_size(b) + json_object_size(a) + 1));
    const char *k;
    json_t *v;
    json_object_foreach(b, k, v) keys[n++] = k;
    json_object_foreach(a, k, v) if (!json_object_get(b, k)) keys[n++] = k;
    qsort(keys, n, sizeof *keys, cmp_str);
    html(r, "<h2>Mọi trường</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Trường</th><th scope=\"col\">Trước</th>"
            "<th scope=\"col\">Sau</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        html(r, "<tr><th scope=\"row\"><code>%s</code></th><td>%s</td><td>%s</td></tr>", keys[i],
             b ? value_text(r, json_object_get(b, keys[i])) : "", a ? value_text(r, json_object_get(a, keys[i])) : "");
    html(r, "</tbody></table></div>");
    json_decref(b);
    json_decref(a);
}

/* ---- web: pages ---- */

static const char *action_label(const char *action)
{
    static const char *const labels[][2] = {
        {"create", "Tạo mới"}, {"update", "Sửa"}, {"delete", "Xoá"}, {"import", "Nhập tệp"},
        {"login", "Đăng nhập"}, {"logout", "Đăng xuất"}, {"erase", "Xoá dữ liệu cá nhân"},
        {"purge", "Hết hạn lưu trữ"},
    };
    for (size_t i = 0; i < countof(labels); i++)
        if (str_eq(action, labels[i][0])) return labels[i][1];
    return action;
}

static void filter_form(req *r, const struct web_filter *w)
{
    html(r, "<form method=\"get\" action=\"/audit\" class=\"filters\" aria-label=\"Lọc nhật ký\">"
            "<fieldset><legend>Lọc</legend><div class=\"search\">");
    /* Entities come from the log itself (an index makes this cheap). */
    stmt *q = store_query(r->db, "SELECT DISTINCT entity FROM audit_log ORDER BY entity", "");
    const char **opts = arena_alloc(&r->a, sizeof *opts * 2 * 66);
    int n = 0;
    opts[n++] = "";
    opts[n++] = "Tất cả";
    while (q && n < 2 * 65 && stmt_step(q) == STORE_ROW) {
        opts[n] = stmt_text_dup(q, 0, &r->a);
        opts[n + 1] = opts[n];
        n += 2;
    }
    stmt_finalize(q);
    opts[n] = NULL;
    form_select(r, "entity", "Đối tượng", opts, w->f.entity ? w->f.entity : "", ferr_get(&w->errors, "entity"));
    form_field(r, "text", "entity_id", "Mã đối tượng", w->f.entity_id, ferr_get(&w->errors, "entity_id"),
               "inputmode=\"numeric\" maxlength=\"200\"");
    form_field(r, "text", "action", "Thao tác", w->f.action, ferr_get(&w->errors, "action"),
               "maxlength=\"200\" placeholder=\"create, update, import, login…\"");
    form_field(r, "text", "user", "Người thực hiện", w->f.user, ferr_get(&w->errors, "user"),
               "maxlength=\"200\" autocomplete=\"off\" placeholder=\"tên đăng nhập\"");
    form_field(r, "date", "from", "Từ ngày", w->from, ferr_get(&w->errors, "from"), NULL);
    form_field(r, "date", "to", "Đến ngày", w->to, ferr_get(&w->errors, "to"), NULL);
    html(r, "</div><p class=\"actions\"><button type=\"submit\">Lọc</button> <a href=\"/audit\">Bỏ lọc</a></p>"
            "</fieldset></form>");
}

void audit_page(req *r)
{
    struct web_filter w;
    read_filter(r, &w, 50, 50);
    page_begin(r, "Nhật ký kiểm toán");
    html(r, "<p>Mọi thay đổi dữ liệu, ai làm, lúc nào, trước và sau. Mỗi dòng mang mã băm của dòng trước "
            "nên không thể sửa, chèn hay xoá dòng nào mà không bị phát hiện. "
            "<a href=\"/audit/verify\">Kiểm tra chuỗi băm</a>.</p>");
    if (!privacy_can_see(r))
        html(r, "<p class=\"muted\">Dữ liệu cá nhân được che vì tài khoản của bạn không có quyền xem.</p>");
    filter_form(r, &w);
    if (w.errors.n) {
        r->status = 400;
        page_notice(r, "error", "Bộ lọc có lỗi; hãy sửa các ô được đánh dấu.");
        page_end(r);
        return;
    }
    struct audit_row *rows = NULL;
    int n = audit_list(r->db, &w.f, &r->a, &rows);
    if (n < 0) { web_fail(r, "audit list"); return; }
    if (w.f.after_id > 0) {   /* fetched oldest first to page forward: show newest first */
        for (int i = 0; i < n / 2; i++) {
            struct audit_row t = rows[i];
            rows[i] = rows[n - 1 - i];
            rows[n - 1 - i] = t;
        }
    }
    if (n == 0) {
        page_notice(r, "info", "Không có dòng nhật ký nào khớp bộ lọc.");
    } else {
        html(r, "<div class=\"table-wrap\"><table><caption class=\"muted\">Giờ Việt Nam (UTC+7), mới nhất trước"
                "</caption><thead><tr><th scope=\"col\">Số</th><th scope=\"col\">Thời điểm</th>"
                "<th scope=\"col\">Người thực hiện</th><th scope=\"col\">Thao tác</th><th scope=\"col\">Đối tượng</th>"
                "<th scope=\"col\">Thay đổi</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            const struct audit_row *row = &rows[i];
            html(r, "<tr><td class=\"num\"><a href=\"/audit/%D\">%D</a></td><td>%s</td><td>%s</td><td>%s</td>"
                    "<td>%s%s%s</td><td>", row->id, row->id, iso_local_time(&r->a, row->at, true),
                 row->user_login ? row->user_login : "hệ thống", action_label(row->action), row->entity,
                 row->entity_id ? " #" : "", row->entity_id);
            render_diff(r, row->before_json, row->after_json);
            html(r, "</td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    const char *fq = filter_query(r, &w);
    html(r, "<nav class=\"pager\" aria-label=\"Trang\">");
    if (n > 0 && (w.f.before_id > 0 || w.f.after_id > 0))
        html(r, "<a href=\"/audit?%Rafter=%D\">← Mới hơn</a>", fq, rows[0].id); // raw: fq is built by filter_query with %u
    if (w.f.before_id > 0 || w.f.after_id > 0) html(r, "<a href=\"/audit?%R\">Mới nhất</a>", fq); // raw: as above
    if (n == w.f.limit)
        html(r, "<a href=\"/audit?%Rbefore=%D\">Cũ hơn →</a>", fq, rows[n - 1].id); // raw: as above
    html(r, "</nav>");
    page_end(r);
}

void audit_entry_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    if (id == INT64_MAX) { web_error(r, 404, "Không có dòng nhật ký này."); return; }
    struct audit_filter f = {.before_id = id + 1, .after_id = id - 1, .limit = 1};
    struct audit_row *rows = NULL;
    int n = audit_list(r->db, &f, &r->a, &rows);
    if (n < 0) { web_fail(r, "audit entry"); return; }
    if (n == 0) { web_error(r, 404, "Không có dòng nhật ký này."); return; }
    const struct audit_row *row = &rows[0];
    page_begin(r, arena_printf(&r->a, "Nhật ký: dòng %lld", (long long)id));
    html(r, "<p><a href=\"/audit\">← Nhật ký</a></p><dl class=\"facts\">"
            "<dt>Thời điểm</dt><dd>%s (giờ Việt Nam); %s UTC</dd>"
            "<dt>Người thực hiện</dt><dd>%s</dd><dt>Thao tác</dt><dd>%s (<code>%s</code>)</dd>"
            "<dt>Đối tượng</dt><dd>%s%s%s</dd></dl>", iso_local_time(&r->a, row->at, true), row->at,
         row->user_login ? row->user_login : "hệ thống", action_label(row->action), row->action, row->entity,
         row->entity_id ? " #" : "", row->entity_id);
    if (row->entity_id)
        html(r, "<p><a href=\"/audit?entity=%u&amp;entity_id=%u\">Mọi thay đổi của đối tượng này</a></p>",
             row->entity, row->entity_id);
    html(r, "<h2>Thay đổi</h2>");
    render_diff(r, row->before_json, row->after_json);
    render_fields(r, row->before_json, row->after_json);
    html(r, "<h2>Bản ghi gốc</h2><p class=\"muted\">Đúng như đã băm: dữ liệu cá nhân chỉ là mã tham chiếu "
            "<code>$pii</code> tới kho dữ liệu cá nhân, bí mật không được ghi.</p>"
            "<dl class=\"facts\"><dt>Trước</dt><dd class=\"table-wrap\"><pre>%s</pre></dd><dt>Sau</dt>"
            "<dd class=\"table-wrap\"><pre>%s</pre></dd>"
            "<dt>Mã băm dòng trước</dt><dd><code>%s</code></dd><dt>Mã băm</dt><dd><code>%s</code></dd></dl>",
         row->before_json ? row->before_json : "—", row->after_json ? row->after_json : "—", row->prev_hash,
         row->hash);
    page_end(r);
}

/* Adds to `pii` every vault reference found in v: {field, value | masked | erased_at | missing}. */
static void collect_refs(req *r, json_t *v, json_t *pii, bool clear)
{
    if (is_marker(v, "$pii") && json_is_string(json_object_get(v, "$pii"))) {
        const char *ref = json_string_value(json_object_get(v, "$pii"));
        if (json_object_get(pii, ref)) return;
        struct vault_entry e = vault_get(r, ref);
        json_t *d = json_pack("{s:s?}", "field", e.field);
        if (!e.found) json_object_set_new(d, "missing", json_true());
        else if (!e.value_json) json_object_set_new(d, "erased_at", json_string(e.erased_at));
        else if (clear) json_object_set_new(d, "value", parse_or_null(e.value_json));
        else json_object_set_new(d, "masked", json_string(pii_display(r, ref)));
        json_object_set_new(pii, ref, d);
        return;
    }
    const char *k;
    json_t *x;
    if (json_is_object(v)) json_object_foreach(v, k, x) collect_refs(r, x, pii, clear);
    else if (json_is_array(v))
        for (size_t i = 0; i < json_array_size(v); i++) collect_refs(r, json_array_get(v, i), pii, clear);
}

void audit_api(req *r)
{
    struct web_filter w;
    read_filter(r, &w, 50, 500);
    if (w.errors.n) { web_json_fields(r, "Bộ lọc không hợp lệ.", ferr_json(&w.errors)); return; }
    struct audit_row *rows = NULL;
    int n = audit_list(r->db, &w.f, &r->a, &rows);
    if (n < 0) { web_fail(r, "audit api"); return; }
    json_t *items = json_array(), *pii = json_object();
    bool clear = privacy_can_see(r);
    for (int i = 0; i < n; i++) {
        int at = w.f.after_id > 0 ? n - 1 - i : i;   /* newest first, whichever way it was fetched */
        json_t *item = audit_row_json(&rows[at]);
        /* The personal values this page refers to, clear or masked as the role allows; the
         * records themselves stay as hashed, so a client can recompute the chain. */
        collect_refs(r, json_object_get(item, "before"), pii, clear);
        collect_refs(r, json_object_get(item, "after"), pii, clear);
        json_array_append_new(items, item);
    }
    json_t *body = json_pack("{s:o, s:o}", "items", items, "pii", pii);
    int64_t oldest = n ? (w.f.after_id > 0 ? rows[0].id : rows[n - 1].id) : 0;
    json_object_set_new(body, "next_before", n == w.f.limit && oldest > 1 ? json_integer(oldest) : json_null());
    web_json(r, 200, body);
}

static json_t *report_json(arena *a, const struct audit_report *rep)
{
    json_t *problems = json_array();
    for (int i = 0; i < rep->n; i++) {
        const struct audit_problem *p = &rep->problems[i];
        json_array_append_new(problems, json_pack("{s:s, s:I, s:I, s:I, s:s}", "kind",
                                                  audit_problem_kind_name(p->kind), "id", (json_int_t)p->id,
                                                  "to", (json_int_t)p->to, "other", (json_int_t)p->other,
                                                  "message", audit_problem_text(a, p, true)));
    }
    char *head = arena_printf(a, "%lld:%s", (long long)rep->head_id, rep->head_hash);
    return json_pack("{s:b, s:I, s:s, s:b, s:o, s:I}", "ok", rep->n == 0 && rep->more == 0, "rows",
                     (json_int_t)rep->rows, "head", head, "anchor_checked", rep->anchor_checked,
                     "problems", problems, "more", (json_int_t)rep->more);
}

void audit_verify_api(req *r)
{
    const char *anchor = param_or_null(r, "anchor");
    struct audit_report *rep = arena_alloc(&r->a, sizeof *rep);
    int rc = audit_verify(r->db, anchor, rep);
    if (rc == -2) {
        web_json_fields(r, "Mốc không hợp lệ.", json_pack("{s:s}", "anchor", "Mốc có dạng SỐ:MÃBĂM (64 chữ số hex)."));
        return;
    }
    if (rc < 0) { web_fail(r, "audit verify"); return; }
    web_json(r, 200, report_json(&r->a, rep));
}

void audit_verify_page(req *r)
{
    const char *anchor = param_or_null(r, "anchor");
    struct audit_report *rep = arena_alloc(&r->a, sizeof *rep);
    int rc = audit_verify(r->db, anchor, rep);
    if (rc < 0 && rc != -2) { web_fail(r, "audit verify"); return; }
    page_begin(r, "Kiểm tra chuỗi nhật ký");
    html(r, "<p><a href=\"/audit\">← Nhật ký</a></p>");
    if (rc == -2) {
        r->status = 400;
        page_notice(r, "error", "Mốc không hợp lệ: mốc có dạng SỐ:MÃBĂM, ví dụ 1234:9f86d0…(64 chữ số hex).");
    } else if (rep->n == 0) {
        page_notice(r, "ok", arena_printf(&r->a, "Chuỗi nhật ký nguyên vẹn: %lld dòng, không dòng nào bị sửa, "
                                                 "chèn hay xoá%s.", (long long)rep->rows,
                                          rep->anchor_checked ? ", và khớp với mốc đã lưu" : ""));
    } else {
        page_notice(r, "error", arena_printf(&r->a, "Phát hiện %lld vấn đề trong %lld dòng nhật ký.",
                                             (long long)(rep->n + rep->more), (long long)rep->rows));
        html(r, "<ul>");
        for (int i = 0; i < rep->n; i++) {
            const struct audit_problem *p = &rep->problems[i];
            if (p->id > 0 && p->kind != AUDIT_DELETED && p->kind != AUDIT_TRUNCATED)
                html(r, "<li><a href=\"/audit/%D\">%s</a></li>", p->id, audit_problem_text(&r->a, p, true));
            else html(r, "<li>%s</li>", audit_problem_text(&r->a, p, true));
        }
        if (rep->more) html(r, "<li>… và %D vấn đề nữa.</li>", rep->more);
        html(r, "</ul>");
    }
    if (rc == 0 && rep->n == 0)
        html(r, "<h2>Mốc hiện tại</h2><p>Hãy lưu mốc này ở ngoài cơ sở dữ liệu (cùng bản sao lưu, trong biên bản): "
                "với nó, việc sửa rồi tính lại toàn bộ mã băm, hay cắt bỏ phần cuối nhật ký, đều bị phát hiện.</p>"
                "<p><code>%D:%s</code></p>", rep->head_id, rep->head_hash);
    else if (rc == 0)
        html(r, "<h2>Đầu chuỗi hiện tại</h2><p>Chuỗi có vấn đề: đừng dùng giá trị này làm mốc.</p>"
                "<p><code>%D:%s</code></p>", rep->head_id, rep->head_hash);
    html(r, "<form method=\"get\" action=\"/audit/verify\" aria-label=\"Kiểm tra với mốc\">");
    form_field(r, "text", "anchor", "Kiểm tra với mốc đã lưu (SỐ:MÃBĂM)", anchor,
               rc == -2 ? "Mốc có dạng SỐ:MÃBĂM (64 chữ số hex)." : NULL,
               "maxlength=\"90\" autocomplete=\"off\" spellcheck=\"false\"");
    html(r, "<p class=\"actions\"><button type=\"submit\">Kiểm tra</button></p></form>");
    page_end(r);
}

/* ---- CLI ---- */

static int head_cmd(int argc, char **argv)
{
    const char *path = cli_db_path(&argc, argv);
    if (argc != 1) { fprintf(stderr, "usage: thidua audit head --db FILE\n"); return 2; }
    store *s = cli_open_existing_db("audit head", path, false);
    if (!s) return 1;
    int64_t id;
    char hash[65];
    int rc = audit_head(s, &id, hash);
    if (rc < 0) fprintf(stderr, "thidua audit head: %s: %s\n", path, store_errmsg(s));
    else printf("%lld:%s\n", (long long)id, hash);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static int verify_cmd(int argc, char **argv)
{
    const char *anchor = cli_option(&argc, argv, "anchor");
    const char *path = cli_db_path(&argc, argv);
    if (argc != 1) { fprintf(stderr, "usage: thidua audit verify --db FILE [--anchor ID:HASH]\n"); return 2; }
    int64_t aid;
    char ah[65];
    if (anchor && !audit_parse_anchor(anchor, &aid, ah)) {
        fprintf(stderr, "thidua audit verify: --anchor wants ID:HASH (a row id, a colon, 64 hex digits), got '%s'\n",
                anchor);
        return 2;
    }
    store *s = cli_open_existing_db("audit verify", path, false);
    if (!s) return 1;
    struct audit_report *rep = xcalloc(1, sizeof *rep);
    int rc = audit_verify(s, anchor, rep);
    int status = 0;
    if (rc < 0) {
        fprintf(stderr, "thidua audit verify: %s: %s\n", path, store_errmsg(s));
        status = 1;
    } else if (rep->n == 0) {
        printf("ok: %lld rows, chain intact%s; head %lld:%s\n", (long long)rep->rows,
               rep->anchor_checked ? ", matches the anchor" : "", (long long)rep->head_id, rep->head_hash);
    } else {
        arena a = {0};
        printf("FAILED: %lld problem(s) in %lld rows of %s\n", (long long)(rep->n + rep->more),
               (long long)rep->rows, path);
        for (int i = 0; i < rep->n; i++) printf("  %s\n", audit_problem_text(&a, &rep->problems[i], false));
        if (rep->more) printf("  … and %lld more\n", (long long)rep->more);
        arena_free(&a);
        status = 1;
    }
    free(rep);
    store_close(s);
    return status;
}

static int list_cmd(int argc, char **argv)
{
    struct audit_filter f = {0};
    f.entity = cli_option(&argc, argv, "entity");
    f.action = cli_option(&argc, argv, "action");
    f.user = cli_option(&argc, argv, "user");
    f.entity_id = cli_option(&argc, argv, "id");
    const char *since = cli_option(&argc, argv, "since");
    const char *until = cli_option(&argc, argv, "until");
    const char *limit = cli_option(&argc, argv, "limit");
    bool as_json = cli_flag(&argc, argv, "json");
    const char *path = cli_db_path(&argc, argv);
    if (argc != 1) {
        fprintf(stderr, "usage: thidua audit list --db FILE [--entity E] [--id ID] [--action A] [--user LOGIN]"
                        " [--since DATE] [--until DATE] [--limit N] [--json]\n");
        return 2;
    }
    char from[21], to[21];
    if (since) {
        if (!audit_day_bound(since, false, from)) {
            fprintf(stderr, "thidua audit list: --since wants a date YYYY-MM-DD or dd/mm/yyyy (got '%s')\n", since);
            return 2;
        }
        f.from_at = from;
    }
    if (until) {
        if (!audit_day_bound(until, true, to)) {
            fprintf(stderr, "thidua audit list: --until wants a date YYYY-MM-DD or dd/mm/yyyy (got '%s')\n", until);
            return 2;
        }
        f.to_at = to;
    }
    int64_t l = 50;
    if (limit && (!parse_int64(limit, &l) || l < 1 || l > 1000000)) {
        fprintf(stderr, "thidua audit list: --limit wants a number from 1 to 1000000 (got '%s')\n", limit);
        return 2;
    }
    f.limit = (int)l;
    store *s = cli_open_existing_db("audit list", path, false);
    if (!s) return 1;
    arena a = {0};
    struct audit_row *rows = NULL;
    int n = audit_list(s, &f, &a, &rows);
    if (n < 0) {
        fprintf(stderr, "thidua audit list: %s: %s\n", path, store_errmsg(s));
    } else if (as_json) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, audit_row_json(&rows[i]));
        char *text = json_dumps(arr, JSON_COMPACT);
        puts(text ? text : "[]");
        free(text);
        json_decref(arr);
    } else {
        /* Newest first, one line each: id, UTC time, who, what; then the change as compact
         * JSON in UTF-8 (the stored form escapes non-ASCII, which nobody can read). */
        for (int i = 0; i < n; i++) {
            const struct audit_row *r = &rows[i];
            printf("%lld\t%s\t%s\t%s\t%s%s%s", (long long)r->id, r->at, r->user_login ? r->user_login : "-",
                   r->action, r->entity, r->entity_id ? "#" : "", r->entity_id ? r->entity_id : "");
            const char *texts[2] = {r->before_json, r->after_json}, *names[2] = {"before", "after"};
            for (int k = 0; k < 2; k++) {
                if (!texts[k]) continue;
                json_t *j = parse_or_null(texts[k]);
                char *u = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
                printf("\t%s=%s", names[k], u ? u : texts[k]);
                free(u);
                json_decref(j);
            }
            putchar('\n');
        }
    }
    arena_free(&a);
    store_close(s);
    return n < 0 ? 1 : 0;
}

const struct cli_cmd audit_cmds[] = {
    {"head", head_cmd, "--db FILE", "print the latest row as ID:HASH, the anchor to keep outside the database"},
    {"verify", verify_cmd, "--db FILE [--anchor ID:HASH]",
     "check the hash chain (and, with an anchor, that nothing was re-hashed or cut off); exit 1 on any problem"},
    {"list", list_cmd, "--db FILE [--entity E] [--id ID] [--action A] [--user LOGIN] [--since DATE] [--until DATE]"
                       " [--limit N] [--json]", "list audit entries, newest first"},
    {0},
};

int audit_cmd(int argc, char **argv) { return cli_dispatch("audit", audit_cmds, argc, argv); }
