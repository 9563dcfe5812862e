/* session.c: who is asking (session.h): sessions (random token in an HttpOnly SameSite cookie,
 * SHA-256 of it in the database; rotated on login and on privilege changes), CSRF tokens, API
 * bearer tokens (hashed, expiring, revocable), the per-worker credential cache behind
 * auth_resolve, and login throttling per account and per address. */
#include "session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"

int auth_load_user(store *s, arena *a, int64_t user_id, struct user_ctx *u)
{
    /* One query for the user, the role and its capabilities (one row per capability; a role
     * without any still gives one row): this runs on every signed-in request whose credential
     * is not in the worker's cache. */
    stmt *q = store_query(s,
        "SELECT u.id, u.login, u.name, u.role, r.label, u.unit_id, n.name, r.whole_tree, c.capability, u.must_change"
        " FROM app_user u JOIN role r ON r.name = u.role JOIN unit n ON n.id = u.unit_id"
        " LEFT JOIN role_capability c ON c.role = u.role"
        " WHERE u.id = $1 AND u.disabled = 0", "i", user_id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc != STORE_ROW) { stmt_finalize(q); return rc == STORE_DONE ? 0 : rc; }
    u->id = stmt_int64(q, 0);
    u->login = stmt_text_dup(q, 1, a);
    u->name = stmt_text_dup(q, 2, a);
    u->role = stmt_text_dup(q, 3, a);
    u->role_label = stmt_text_dup(q, 4, a);
    u->unit_id = stmt_int64(q, 5);
    u->unit_name = stmt_text_dup(q, 6, a);
    u->whole_tree = stmt_int64(q, 7) != 0;
    u->must_change = stmt_int64(q, 9) != 0;
    u->caps = 0;
    do {
        int c = stmt_is_null(q, 8) ? 0 : cap_from_name(stmt_text(q, 8));
        if (c > 0) u->caps |= CAP_BIT(c);
    } while ((rc = stmt_step(q)) == STORE_ROW);
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : rc;
}

bool auth_whole_tree(store *s, int64_t user_id)
{
    int64_t w = 0;
    return store_int64(s, &w, "SELECT r.whole_tree FROM app_user u JOIN role r ON r.name = u.role"
                              " WHERE u.id = $1 AND u.disabled = 0", "i", user_id) == 1 && w == 1;
}

/* ---- sessions ---- */
static const char *cookie_value(req *r, const char *name)
{
    const char *h = kv_get(&r->headers, "cookie");
    size_t n = strlen(name);
    for (const char *p = h; p && *p;) {
        while (*p == ' ' || *p == ';') p++;
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            const char *v = p + n + 1;
            return arena_strndup(&r->a, v, strcspn(v, ";"));
        }
        p = strchr(p, ';');
    }
    return NULL;
}

static bool secure_request(req *r)
{
    /* Only a trusted proxy's word counts (web.c): a client could claim anything. */
    return r->via_proxy && str_eq(kv_get(&r->headers, "x-forwarded-proto"), "https");
}

int auth_session_start(req *r, int64_t user_id)
{
    char token[65], hash[65], csrf[65];
    random_hex(token, 32);
    random_hex(csrf, 32);
    sha256_hex(token, 64, hash);
    int64_t now = now_unix();
    /* The session the browser came with (if any) ends here: a login or a privilege change never
     * keeps a token that existed before it (session fixation). */
    if (r->user.session_hash &&
        store_exec(r->db, "DELETE FROM session WHERE token_hash=$1", "t", r->user.session_hash) != STORE_OK)
        return -1;
    const char *ua = kv_get(&r->headers, "user-agent");
    if (store_exec(r->db, "INSERT INTO session(token_hash, user_id, csrf, created_at, last_seen, expires_at,"
                          " remote_addr, user_agent) VALUES ($1,$2,$3,$4,$4,$5,$6,$7)",
                   "titiitt", hash, user_id, csrf, now, now + AUTH_SESSION_MAX, r->remote_addr,
                   ua ? arena_strndup(&r->a, ua, strlen(ua) > 200 ? 200 : strlen(ua)) : NULL) != STORE_OK)
        return -1;
    /* Old sessions of this user past their lifetime are dropped here, not by a timer; and only
     * the newest few are kept, so a script logging in in a loop cannot grow the table. */
    if (store_exec(r->db, "DELETE FROM session WHERE user_id=$1 AND (expires_at < $2 OR last_seen < $3)", "iii",
                   user_id, now, now - AUTH_SESSION_IDLE) != STORE_OK ||
        store_exec(r->db, "DELETE FROM session WHERE user_id=$1 AND token_hash NOT IN"
                          " (SELECT token_hash FROM session WHERE user_id=$1"
                          "  ORDER BY created_at DESC, token_hash LIMIT $2)", "iI", user_id, AUTH_MAX_SESSIONS) != STORE_OK)
        return -1;
    web_header(r, "Set-Cookie", arena_printf(&r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
                                             AUTH_SESSION_COOKIE, token, AUTH_SESSION_MAX,
                                             secure_request(r) ? "; Secure" : ""));
    memset(&r->user, 0, sizeof r->user);
    if (auth_load_user(r->db, &r->a, user_id, &r->user) != 1) return -1;
    r->user.csrf = arena_strdup(&r->a, csrf);
    r->user.session_hash = arena_strdup(&r->a, hash);
    return 0;
}

int auth_session_rotate(req *r)
{
    if (!r->user.id || r->user.via_token || !r->user.session_hash) return 0;
    return auth_session_start(r, r->user.id);
}

int auth_sessions_drop(store *s, int64_t user_id, const char *keep_hash)
{
    int rc = keep_hash
        ? store_exec(s, "DELETE FROM session WHERE user_id=$1 AND token_hash <> $2", "it", user_id, keep_hash)
        : store_exec(s, "DELETE FROM session WHERE user_id=$1", "i", user_id);
    return rc == STORE_OK ? store_changes(s) : rc;
}

void auth_session_end(req *r)
{
    if (r->user.session_hash)
        store_exec(r->db, "DELETE FROM session WHERE token_hash=$1", "t", r->user.session_hash);
    web_header(r, "Set-Cookie", arena_printf(&r->a, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
                                             AUTH_SESSION_COOKIE));
    memset(&r->user, 0, sizeof r->user);
}

/* ---- who a credential belongs to, cached per worker (web_cache.c) ----
 * Every signed-in request needs the user, role and capabilities behind its session or token;
 * while the data version stays the same the answer cannot have changed, so it is kept in the
 * worker's cache, with the credential's own expiry times, which are checked against the clock on
 * every use. */
struct credential {
    int64_t user_id, id;       /* id: the API token's row (0 for sessions) */
    const char *csrf;          /* sessions */
    const char *last_used, *expires_at;   /* tokens: ISO times (expires_at may be NULL) */
    int64_t last_seen, session_expires;   /* sessions: unix times */
};

/* The cached form: the numbers as a fixed block, then each text as a presence byte, the text
 * and its NUL. No printf or scanf: this runs on every signed-in request. */
struct credential_numbers {
    int64_t user_id, id, last_seen, session_expires, unit_id;
    uint64_t caps;
    bool whole_tree, must_change;
};

static size_t cache_key(char out[80], char kind, const char *hash)
{
    out[0] = 'A';
    out[1] = kind;
    size_t n = strlen(hash);
    memcpy(out + 2, hash, n);   /* a sha256 in hex: 64 bytes */
    return n + 2;
}

static void put_text(buf *v, const char *s)
{
    buf_putc(v, s ? 'y' : 'n');   /* NULL and "" stay apart */
    if (s) buf_puts(v, s);
    buf_putc(v, 0);
}

static const char *get_text(arena *a, const char **p, const char *end)
{
    if (*p >= end) return NULL;
    bool present = **p == 'y';
    const char *s = *p + 1;
    size_t n = strlen(s);
    *p = s + n + 1;
    return present ? arena_strndup(a, s, n) : NULL;
}

static void remember_credential(req *r, char kind, const char *hash, const struct credential *c)
{
    if (!r->cache) return;
    const struct user_ctx *u = &r->user;
    char key[80];
    size_t klen = cache_key(key, kind, hash);
    struct credential_numbers num;
    memset(&num, 0, sizeof num);   /* padding too: the bytes are stored as they are */
    num.user_id = c->user_id;
    num.id = c->id;
    num.last_seen = c->last_seen;
    num.session_expires = c->session_expires;
    num.unit_id = u->unit_id;
    num.caps = u->caps;
    num.whole_tree = u->whole_tree;
    num.must_change = u->must_change;
    buf v = {0};
    buf_append(&v, &num, sizeof num);
    put_text(&v, u->login);
    put_text(&v, u->name);
    put_text(&v, u->role);
    put_text(&v, u->role_label);
    put_text(&v, u->unit_name);
    put_text(&v, c->csrf);
    put_text(&v, c->last_used);
    put_text(&v, c->expires_at);
    web_cache_put(r->cache, key, klen, v.data, v.len);
    buf_free(&v);
}

/* Fills r->user and *c from the cache; false on a miss. */
static bool recall_credential(req *r, char kind, const char *hash, struct credential *c)
{
    if (!r->cache) return false;
    char key[80];
    size_t klen = cache_key(key, kind, hash), n = 0;
    const char *v = web_cache_get(r->cache, key, klen, &n);
    struct credential_numbers num;
    if (!v || n < sizeof num) return false;
    memcpy(&num, v, sizeof num);
    const char *p = v + sizeof num, *end = v + n;
    struct user_ctx *u = &r->user;
    memset(u, 0, sizeof *u);
    *c = (struct credential){.user_id = num.user_id, .id = num.id, .last_seen = num.last_seen,
                             .session_expires = num.session_expires};
    u->id = num.user_id;
    u->unit_id = num.unit_id;
    u->caps = num.caps;
    u->whole_tree = num.whole_tree;
    u->must_change = num.must_change;
    u->login = get_text(&r->a, &p, end);
    u->name = get_text(&r->a, &p, end);
    u->role = get_text(&r->a, &p, end);
    u->role_label = get_text(&r->a, &p, end);
    u->unit_name = get_text(&r->a, &p, end);
    c->csrf = get_text(&r->a, &p, end);
    c->last_used = get_text(&r->a, &p, end);
    c->expires_at = get_text(&r->a, &p, end);
    return true;
}

static void resolve_bearer(req *r, const char *token)
{
    if (strlen(token) > 200) return;
    char hash[65], now[21];
    sha256_hex(token, strlen(token), hash);
    iso_time(now_unix(), now);
    struct credential c = {0};
    if (!recall_credential(r, 'b', hash, &c)) {
        stmt *q = store_query(r->db, "SELECT user_id, id, last_used, expires_at FROM api_token"
                                     " WHERE token_hash=$1 AND revoked=0", "t", hash);
        if (!q) return;
        if (stmt_step(q) == STORE_ROW) {
            c.user_id = stmt_int64(q, 0);
            c.id = stmt_int64(q, 1);
            c.last_used = stmt_text_dup(q, 2, &r->a);
            c.expires_at = stmt_text_dup(q, 3, &r->a);
        }
        stmt_finalize(q);
        if (!c.user_id || auth_load_user(r->db, &r->a, c.user_id, &r->user) != 1) {
            memset(&r->user, 0, sizeof r->user);
            return;
        }
        remember_credential(r, 'b', hash, &c);
    }
    if (c.expires_at && strcmp(c.expires_at, now) <= 0) {   /* expired: as if unknown */
        memset(&r->user, 0, sizeof r->user);
        return;
    }
    r->user.via_token = true;
    /* last_used moves at most once a minute, and only then is it written: an UPDATE that
     * changes nothing still takes the database's write lock, on every API request. */
    if (!c.last_used || strncmp(c.last_used, now, 16) < 0)
        store_exec(r->db, "UPDATE api_token SET last_used=$2 WHERE id=$1", "it", c.id, now);
}

void auth_resolve(req *r)
{
    if (r->user.id || !r->db) return;
    const char *authz = kv_get(&r->headers, "authorization");
    if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
        resolve_bearer(r, authz + 7);
        return;
    }
    const char *token = cookie_value(r, AUTH_SESSION_COOKIE);
    if (!token || strlen(token) != 64) return;
    char hash[65];
    sha256_hex(token, 64, hash);
    int64_t now = now_unix();
    struct credential c = {0};
    if (!recall_credential(r, 's', hash, &c)) {
        stmt *q = store_query(r->db, "SELECT user_id, csrf, last_seen, expires_at FROM session WHERE token_hash=$1",
                              "t", hash);
        if (!q) return;
        if (stmt_step(q) == STORE_ROW) {
            c.user_id = stmt_int64(q, 0);
            c.csrf = stmt_text_dup(q, 1, &r->a);
            c.last_seen = stmt_int64(q, 2);
            c.session_expires = stmt_int64(q, 3);
        }
        stmt_finalize(q);
        if (!c.user_id || auth_load_user(r->db, &r->a, c.user_id, &r->user) != 1) {
            memset(&r->user, 0, sizeof r->user);
            return;
        }
        remember_credential(r, 's', hash, &c);
    }
    if (c.session_expires <= now || c.last_seen <= now - AUTH_SESSION_IDLE) {   /* over: as if unknown */
        memset(&r->user, 0, sizeof r->user);
        return;
    }
    r->user.csrf = c.csrf;
    r->user.session_hash = arena_strdup(&r->a, hash);
    if (now - c.last_seen > 60)   /* sliding idle expiry, written at most once a minute */
        store_exec(r->db, "UPDATE session SET last_seen=$2 WHERE token_hash=$1", "ti", hash, now);
}

int auth_token_create_until(store *s, int64_t user_id, const char *label, const char *expires_at,
                            char out[AUTH_TOKEN_LEN + 1], int64_t *id)
{
    char hex[61], hash[65], now[21];
    if (str_empty(expires_at)) return -1;   /* a token without an end is a stolen key for ever */
    /* A recognisable prefix lets secret scanners and log filters find leaked tokens; the rest
     * is 30 random bytes, and the whole fits the 64 characters tokens have always had. */
    random_hex(hex, 30);
    snprintf(out, AUTH_TOKEN_LEN + 1, "thd_%s", hex);
    sha256_hex(out, strlen(out), hash);
    iso_time(now_unix(), now);
    return store_int64(s, id, "INSERT INTO api_token(token_hash, user_id, label, created_at, expires_at)"
                              " VALUES ($1,$2,$3,$4,$5) RETURNING id", "titt" "t",
                       hash, user_id, label, now, expires_at) == 1 ? 0 : -1;
}

int auth_token_revoke(store *s, int64_t user_id, int64_t id)
{
    char now[21];
    iso_time(now_unix(), now);
    int rc = store_exec(s, "UPDATE api_token SET revoked=1, revoked_at=$3 WHERE id=$1 AND user_id=$2 AND revoked=0",
                        "iit", id, user_id, now);
    return rc == STORE_OK ? (store_changes(s) > 0) : rc;
}

int auth_tokens_revoke_all(store *s, int64_t user_id)
{
    char now[21];
    iso_time(now_unix(), now);
    int rc = store_exec(s, "UPDATE api_token SET revoked=1, revoked_at=$2 WHERE user_id=$1 AND revoked=0", "it",
                        user_id, now);
    return rc == STORE_OK ? store_changes(s) : rc;
}

/* ---- throttling ---- */
/* 1 over a limit (with *retry_after), 0 not, < 0 store error. */
static int throttle_state(store *s, const char *login, const char *addr, int64_t *retry_after)
{
    int64_t now = now_unix(), since = now - AUTH_FAIL_WINDOW, n_login = 0, n_addr = 0, oldest = 0;
    if (store_int64(s, &n_login, "SELECT count(*) FROM login_failure WHERE login=$1 AND at > $2", "ti", login, since) < 0 ||
        store_int64(s, &n_addr, "SELECT count(*) FROM login_failure WHERE remote_addr=$1 AND at > $2", "ti", addr, since) < 0)
        return STORE_ERR;
    if (n_login < AUTH_MAX_FAIL_LOGIN && n_addr < AUTH_MAX_FAIL_ADDR) return 0;
    /* The wait ends when the window has dropped enough of the failures that tripped the limit. */
    if (n_login >= AUTH_MAX_FAIL_LOGIN)
        store_int64(s, &oldest, "SELECT at FROM login_failure WHERE login=$1 AND at > $2 ORDER BY at DESC"
                                " LIMIT 1 OFFSET $3", "tiI", login, since, AUTH_MAX_FAIL_LOGIN - 1);
    int64_t oldest_addr = 0;
    if (n_addr >= AUTH_MAX_FAIL_ADDR &&
        store_int64(s, &oldest_addr, "SELECT at FROM login_failure WHERE remote_addr=$1 AND at > $2"
                                     " ORDER BY at DESC LIMIT 1 OFFSET $3", "tiI", addr, since, AUTH_MAX_FAIL_ADDR - 1) == 1 &&
        oldest_addr > oldest)
        oldest = oldest_addr;
    *retry_after = oldest + AUTH_FAIL_WINDOW - now;
    if (*retry_after < 1) *retry_after = 1;
    return 1;
}

bool auth_throttled(store *s, const char *login, const char *addr, int64_t *retry_after)
{
    int rc = throttle_state(s, login, addr, retry_after);
    if (rc < 0) *retry_after = 60;
    return rc != 0;
}

int64_t auth_attempt_reserve(store *s, const char *login, const char *addr, int64_t *retry_after)
{
    /* store_begin takes the write lock at once (BEGIN IMMEDIATE): reservations queue behind one
     * another, so the count each one sees includes every attempt reserved before it. Checking
     * first and recording after the hash let every worker pass the check while the others were
     * still hashing (40 parallel guesses with 8 workers: up to 10 hashes for a limit of 5). */
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = throttle_state(s, login, addr, retry_after);
    if (rc != 0) { store_rollback(s); return rc > 0 ? 0 : STORE_ERR; }
    int64_t now = now_unix(), id = 0;
    if (store_int64(s, &id, "INSERT INTO login_failure(login, remote_addr, at) VALUES ($1,$2,$3) RETURNING id", "tti",
                    login, addr, now) != 1 ||
        store_exec(s, "DELETE FROM login_failure WHERE at < $1", "i", now - 24 * 3600) != STORE_OK ||
        store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return id;
}

void auth_attempt_release(store *s, int64_t attempt)
{
    if (attempt > 0 && store_exec(s, "DELETE FROM login_failure WHERE id=$1", "i", attempt) != STORE_OK)
        log_error("login throttle: attempt %lld stays counted: %s", (long long)attempt, store_errmsg(s));
}

int auth_attempt_succeeded(store *s, const char *login, int64_t attempt)
{
    return store_exec(s, "DELETE FROM login_failure WHERE login=$1 AND id <= $2", "ti", login, attempt);
}

void auth_record_failure(store *s, const char *login, const char *addr)
{
    store_exec(s, "INSERT INTO login_failure(login, remote_addr, at) VALUES ($1,$2,$3)", "tti", login, addr, now_unix());
    store_exec(s, "DELETE FROM login_failure WHERE at < $1", "i", now_unix() - 24 * 3600);
}

void auth_clear_failures(store *s, const char *login)
{
    store_exec(s, "DELETE FROM login_failure WHERE login=$1", "t", login);
}
