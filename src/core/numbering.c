/* numbering.c: numbering registers (numbering.h): the next number of a register taken inside the
 * caller's write transaction, numbers claimed from the office's paper register, voiding with a
 * reason, and the read side the /registers pages and `thidua register` use. A number is one row
 * of numbering_entry; nothing here ever deletes one. */
#include "numbering.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "vn.h"

/* Kinds are program identifiers; owners may carry a code ("issuer:UBND") but never a '/',
 * because the register's page puts kind, owner and year in path segments. */
bool numbering_key_valid(const struct numbering_key *k)
{
    if (!k || !k->kind || !k->owner || k->year < 1900 || k->year > 2200) return false;
    size_t kl = strlen(k->kind), ol = strlen(k->owner);
    if (!kl || kl > NUMBERING_KIND_MAX || !ol || ol > NUMBERING_OWNER_MAX) return false;
    for (const char *p = k->kind; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.')) return false;
    for (const unsigned char *p = (const unsigned char *)k->owner; *p; p++)
        if (*p < 0x21 || *p == 0x7f || *p == '/') return false;
    return vn_utf8_valid(k->owner, ol, NULL);
}

static bool document_valid(const char *document)
{
    size_t n = document ? strlen(document) : 0;
    return n > 0 && n <= NUMBERING_DOCUMENT_MAX && vn_utf8_valid(document, n, NULL);
}

/* The caller's transaction is the whole point: outside one, a number could be taken and its
 * document never stored, which is exactly the gap the register exists to prevent. */
static bool inside_write(store *s, const char *fn)
{
    if (store_tx_depth(s) > 0) return true;
    log_error("%s called outside a write transaction: refused", fn);
    return false;
}

int64_t numbering_next(store *s, const struct numbering_key *k, const char *document)
{
    if (!inside_write(s, "numbering_next")) return -1;
    if (!numbering_key_valid(k) || !document_valid(document)) {
        log_error("numbering_next: bad register key or document reference");
        return -1;
    }
    char now[21];
    iso_time(now_unix(), now);
    /* max + 1 in the statement that inserts it: the write lock (BEGIN IMMEDIATE) is held, so no
     * other writer can read the same max; the primary key would refuse a repeat anyway. The max
     * is read as "the last number in key order" (one step down the primary key's index, on any
     * backend): SQLite's max() with the key's prefix fixed walked ~17 times longer on a
     * 300,000-number register. */
    int64_t number = 0;
    int rc = store_int64(s, &number,
                         "INSERT INTO numbering_entry(kind, owner, year, number, document, origin, created_at)"
                         " VALUES ($1, $2, $3, coalesce((SELECT number FROM numbering_entry WHERE kind = $1 AND owner = $2"
                         " AND year = $3 ORDER BY number DESC LIMIT 1), 0) + 1, $4, 'auto', $5) RETURNING number",
                         "ttitt", k->kind, k->owner, (int64_t)k->year, document, now);
    return rc == 1 && number > 0 ? number : -1;
}

static void register_name(char *out, size_t len, const struct numbering_key *k)
{
    snprintf(out, len, "sổ \"%s / %s\" năm %d", k->kind, k->owner, k->year);
}

int numbering_claim(store *s, const struct numbering_key *k, int64_t number, const char *document,
                    char *msg, size_t msglen)
{
    if (msg && msglen) msg[0] = 0;
    if (!inside_write(s, "numbering_claim")) return -1;
    char reg[NUMBERING_OWNER_MAX + NUMBERING_KIND_MAX + 40];
    if (!numbering_key_valid(k) || !document_valid(document) || number <= 0) {
        if (msg) snprintf(msg, msglen, "Số đăng ký %lld hoặc sổ đăng ký không hợp lệ.", (long long)number);
        return 0;
    }
    register_name(reg, sizeof reg, k);
    arena a = {0};
    const char *holder = numbering_document(s, &a, k, number);
    if (holder) {
        if (msg) snprintf(msg, msglen, "Số %lld của %s đã được cấp cho %s.", (long long)number, reg, holder);
        arena_free(&a);
        return 0;
    }
    arena_free(&a);
    char now[21];
    iso_time(now_unix(), now);
    /* in a savepoint: a backend that aborts the whole transaction on a constraint failure
     * (PostgreSQL) must not take the caller's document down with a refused claim */
    if (store_begin(s) != STORE_OK) return -1;
    int rc = store_exec(s, "INSERT INTO numbering_entry(kind, owner, year, number, document, origin, created_at)"
                           " VALUES ($1, $2, $3, $4, $5, 'claim', $6)",
                        "ttiitt", k->kind, k->owner, (int64_t)k->year, number, document, now);
    if (rc == STORE_OK) return store_commit(s) == STORE_OK ? 1 : -1;
    store_rollback(s);
    if (rc != STORE_CONSTRAINT) return -1;
    if (msg) snprintf(msg, msglen, "Số %lld của %s vừa được cấp cho một văn bản khác.", (long long)number, reg);
    return 0;
}

const char *numbering_document(store *s, arena *a, const struct numbering_key *k, int64_t number)
{
    char *doc = NULL;
    if (!numbering_key_valid(k)) return NULL;
    int rc = store_text(s, &doc, a, "SELECT document FROM numbering_entry WHERE kind = $1 AND owner = $2"
                                    " AND year = $3 AND number = $4", "ttii", k->kind, k->owner, (int64_t)k->year, number);
    return rc == 1 ? doc : NULL;
}

bool numbering_may_void(const struct actor *ac)
{
    return actor_has(ac, CAP_APPRAISE) || actor_has(ac, CAP_SETTINGS);
}

int numbering_void(store *s, const struct actor *ac, const struct numbering_key *k, int64_t number,
                   const char *reason, char *msg, size_t msglen)
{
    if (msg && msglen) msg[0] = 0;
    if (!numbering_may_void(ac)) {
        if (msg) snprintf(msg, msglen, "Chỉ người có quyền thẩm định hoặc quản trị cấu hình mới được hủy số.");
        return 0;
    }
    if (!numbering_key_valid(k)) {
        if (msg) snprintf(msg, msglen, "Sổ đăng ký không hợp lệ.");
        return 0;
    }
    arena a = {0};
    static const struct vn_field f_reason = {1, NUMBERING_REASON_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
    char *clean = NULL;
    if (reason) {
        buf b = {0};
        if (vn_field_clean(reason, strlen(reason), &f_reason, &b, NULL) == VN_OK && b.len)
            clean = arena_strdup(&a, buf_str(&b));
        buf_free(&b);
    }
    char reg[NUMBERING_OWNER_MAX + NUMBERING_KIND_MAX + 40];
    register_name(reg, sizeof reg, k);
    if (!clean) {
        if (msg) snprintf(msg, msglen, "Hãy ghi lý do hủy số %lld (tối đa %d ký tự, một dòng).", (long long)number,
                          NUMBERING_REASON_MAX);
        arena_free(&a);
        return 0;
    }
    if (store_begin(s) != STORE_OK) { arena_free(&a); return -1; }
    stmt *q = store_query(s, "SELECT document, voided_at, void_reason FROM numbering_entry WHERE kind = $1"
                             " AND owner = $2 AND year = $3 AND number = $4",
                          "ttii", k->kind, k->owner, (int64_t)k->year, number);
    int rc = q ? stmt_step(q) : STORE_ERR;
    const char *document = rc == STORE_ROW ? stmt_text_dup(q, 0, &a) : NULL;
    const char *voided_at = rc == STORE_ROW ? stmt_text_dup(q, 1, &a) : NULL;
    const char *old_reason = rc == STORE_ROW ? stmt_text_dup(q, 2, &a) : NULL;
    stmt_finalize(q);
    if (rc < 0) goto fail;
    if (rc == STORE_DONE || voided_at) {
        store_rollback(s);
        if (msg) {
            if (rc == STORE_DONE) snprintf(msg, msglen, "Số %lld chưa được cấp trong %s.", (long long)number, reg);
            else snprintf(msg, msglen, "Số %lld của %s đã bị hủy trước đó (lý do: %s).", (long long)number, reg,
                          old_reason ? old_reason : "");
        }
        arena_free(&a);
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE numbering_entry SET voided_at = $5, voided_by = $6, void_reason = $7 WHERE kind = $1"
                      " AND owner = $2 AND year = $3 AND number = $4",
                   "ttiittt", k->kind, k->owner, (int64_t)k->year, number, now, ac->login, clean) != STORE_OK)
        goto fail;
    json_t *before = json_pack("{s:s, s:s, s:i, s:I, s:s}", "kind", k->kind, "owner", k->owner, "year", k->year,
                               "number", (json_int_t)number, "document", document);
    json_t *after = json_deep_copy(before);
    json_object_set_new(after, "void_reason", json_string(clean));
    json_object_set_new(after, "voided_at", json_string(now));
    int64_t aid = audit_write(s, ac->user_id, ac->login, "void", "numbering",
                              arena_printf(&a, "%s/%s/%d/%lld", k->kind, k->owner, k->year, (long long)number),
                              before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) goto fail;
    arena_free(&a);
    return 1;
fail:
    store_rollback(s);
    arena_free(&a);
    return -1;
}

/* ---- reading: the registers and their numbers ---- */
int numbering_registers(store *s, arena *a, struct numbering_register **out, int *n)
{
    *out = NULL;
    *n = 0;
    stmt *q = store_query(s, "SELECT kind, owner, year, count(*), max(number),"
                             " sum(CASE WHEN voided_at IS NULL THEN 0 ELSE 1 END)"
                             " FROM numbering_entry GROUP BY kind, owner, year ORDER BY kind, owner, year DESC", "");
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct numbering_register *v = arena_alloc(a, sizeof *v * (size_t)cap);
            if (*n) memcpy(v, *out, sizeof *v * (size_t)*n);
            *out = v;
        }
        struct numbering_register *g = &(*out)[(*n)++];
        g->key.kind = stmt_text_dup(q, 0, a);
        g->key.owner = stmt_text_dup(q, 1, a);
        g->key.year = (int)stmt_int64(q, 2);
        g->count = stmt_int64(q, 3);
        g->last = stmt_int64(q, 4);
        g->voided = stmt_int64(q, 5);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

int numbering_entries(store *s, arena *a, const struct numbering_key *k, struct numbering_entry **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (!numbering_key_valid(k)) return 0;
    stmt *q = store_query(s, "SELECT number, document, origin, created_at, voided_at, voided_by, void_reason"
                             " FROM numbering_entry WHERE kind = $1 AND owner = $2 AND year = $3 ORDER BY number",
                          "tti", k->kind, k->owner, (int64_t)k->year);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            struct numbering_entry *v = arena_alloc(a, sizeof *v * (size_t)cap);
            if (*n) memcpy(v, *out, sizeof *v * (size_t)*n);
            *out = v;
        }
        struct numbering_entry *e = &(*out)[(*n)++];
        e->number = stmt_int64(q, 0);
        e->document = stmt_text_dup(q, 1, a);
        e->claimed = str_eq(stmt_text(q, 2), "claim");
        e->created_at = stmt_text_dup(q, 3, a);
        e->voided_at = stmt_text_dup(q, 4, a);
        e->voided_by = stmt_text_dup(q, 5, a);
        e->void_reason = stmt_text_dup(q, 6, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}
