/* auth.c: authentication. Password hashing with a bound on concurrent Argon2id work, sessions
 * (random token in an HttpOnly SameSite cookie, SHA-256 of it in the database; rotated on login
 * and on privilege changes), CSRF tokens, API bearer tokens (hashed, expiring, revocable), login
 * throttling per account and per address, and the /login and /logout pages. */
#include "auth.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "audit.h"
#include "html.h"
#include "secret.h"

/* ---- the bound on concurrent hashing ----
 * A mutex and a condition variable rather than a semaphore, so the bound can change at run time
 * and the peak is observable (tests, /metrics). The condition uses the monotonic clock: a wall
 * clock step must not turn a 10 s wait into an hour. */
static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static int hash_slots = 2, hash_wait_ms = 10000, hash_in_use, hash_peak;
static unsigned long long hash_taken, hash_refused;   /* for /metrics */

static void hash_init(void)
{
    if (sodium_init() < 0) abort();
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&hash_cv, &ca);
    pthread_condattr_destroy(&ca);
}

void auth_hash_limits(int slots, int wait_ms)
{
    pthread_once(&hash_once, hash_init);
    pthread_mutex_lock(&hash_mu);
    if (slots >= 1 && slots <= 64) hash_slots = slots;
    if (wait_ms >= 0) hash_wait_ms = wait_ms;
    pthread_cond_broadcast(&hash_cv);
    pthread_mutex_unlock(&hash_mu);
}

void auth_hash_stats(int *in_use, int *peak)
{
    pthread_mutex_lock(&hash_mu);
    if (in_use) *in_use = hash_in_use;
    if (peak) *peak = hash_peak;
    pthread_mutex_unlock(&hash_mu);
}

void auth_hash_metrics(buf *out)
{
    pthread_mutex_lock(&hash_mu);
    buf_printf(out, "# HELP thidua_password_hashes_total Argon2id hashes started (logins, password changes).\n"
                    "# TYPE thidua_password_hashes_total counter\nthidua_password_hashes_total %llu\n"
                    "# HELP thidua_password_hash_refusals_total Requests refused after waiting for a hashing slot.\n"
                    "# TYPE thidua_password_hash_refusals_total counter\nthidua_password_hash_refusals_total %llu\n"
                    "# HELP thidua_password_hashes_running Hashes running now, out of thidua_password_hash_slots.\n"
                    "# TYPE thidua_password_hashes_running gauge\nthidua_password_hashes_running %d\n"
                    "# HELP thidua_password_hash_slots Hashes allowed at once (each takes ~64 MiB).\n"
                    "# TYPE thidua_password_hash_slots gauge\nthidua_password_hash_slots %d\n",
               hash_taken, hash_refused, hash_in_use, hash_slots);
    pthread_mutex_unlock(&hash_mu);
}

bool auth_hash_slot_take(int wait_ms)
{
    pthread_once(&hash_once, hash_init);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += wait_ms / 1000;
    deadline.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&hash_mu);
    while (hash_in_use >= hash_slots) {
        if (pthread_cond_timedwait(&hash_cv, &hash_mu, &deadline) == ETIMEDOUT && hash_in_use >= hash_slots) {
            hash_refused++;
            pthread_mutex_unlock(&hash_mu);
            return false;
        }
    }
    if (++hash_in_use > hash_peak) hash_peak = hash_in_use;
    hash_taken++;
    pthread_mutex_unlock(&hash_mu);
    return true;
}

void auth_hash_slot_release(void)
{
    pthread_mutex_lock(&hash_mu);
    if (hash_in_use > 0) hash_in_use--;
    pthread_cond_signal(&hash_cv);
    pthread_mutex_unlock(&hash_mu);
}

static int current_wait_ms(void)
{
    pthread_mutex_lock(&hash_mu);
    int w = hash_wait_ms;
    pthread_mutex_unlock(&hash_mu);
    return w;
}

/* ---- password hashing ---- */
/* "cheap" (1 pass, 8 KiB) exists so test suites can create many users quickly; it is set only
 * by `thidua init --cheap-hash` and says so on the admin pages. */
static bool pwhash_cheap(store *s)
{
    arena a = {0};
    char *cost = NULL;
    store_text(s, &cost, &a, "SELECT value FROM setting WHERE name='auth.pwhash'", "");
    bool cheap = str_eq(cost, "cheap");
    arena_free(&a);
    return cheap;
}

static unsigned long long ops_for(bool cheap) { return cheap ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE; }
static size_t mem_for(bool cheap) { return cheap ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE; }

/* Passwords are hashed in Unicode NFKC (NIST SP 800-63B 5.1.1.2), so "mật khẩu" typed as
 * precomposed or as combining marks (macOS, some Vietnamese keyboards) is the same password.
 * Returns a malloc'd copy, or NULL to use the bytes as given (ASCII, or not UTF-8). */
static char *pw_normalize(const char *pw)
{
    bool ascii = true;
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
        if (*p >= 0x80) { ascii = false; break; }
    if (ascii) return NULL;
    return (char *)utf8proc_NFKC((const utf8proc_uint8_t *)pw);
}

static int hash_with(bool cheap, const char *password, char out[crypto_pwhash_STRBYTES], int wait_ms)
{
    if (!auth_hash_slot_take(wait_ms)) return -1;
    char *norm = pw_normalize(password);
    const char *pw = norm ? norm : password;
    int rc = crypto_pwhash_str(out, pw, strlen(pw), ops_for(cheap), mem_for(cheap));
    if (norm) { sodium_memzero(norm, strlen(norm)); free(norm); }
    auth_hash_slot_release();
    return rc == 0 ? 0 : -1;
}

int auth_hash_password(store *s, const char *password, char out[crypto_pwhash_STRBYTES])
{
    if (!password) return -1;
    return hash_with(pwhash_cheap(s), password, out, current_wait_ms());
}

enum auth_pw auth_password_verify(const char *hash, const char *password)
{
    if (!hash || !password) return AUTH_PW_BAD;
    if (!auth_hash_slot_take(current_wait_ms())) return AUTH_PW_BUSY;
    char *norm = pw_normalize(password);
    const char *pw = norm ? norm : password;
    bool ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
    if (norm) { sodium_memzero(norm, strlen(norm)); free(norm); }
    auth_hash_slot_release();
    return ok ? AUTH_PW_OK : AUTH_PW_BAD;
}

bool auth_verify_password(const char *hash, const char *password)
{
    return auth_password_verify(hash, password) == AUTH_PW_OK;
}

bool auth_password_needs_rehash(store *s, const char *hash)
{
    bool cheap = pwhash_cheap(s);
    return hash && crypto_pwhash_str_needs_rehash(hash, ops_for(cheap), mem_for(cheap)) != 0;
}

const char *auth_dummy_hash(store *s)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static char dummy[2][crypto_pwhash_STRBYTES];
    bool cheap = pwhash_cheap(s);
    pthread_mutex_lock(&mu);
    if (!dummy[cheap][0]) {
        char random_pw[33];
        random_hex(random_pw, 16);
        if (hash_with(cheap, random_pw, dummy[cheap], current_wait_ms()) != 0) dummy[cheap][0] = 0;
    }
    const char *h = dummy[cheap][0] ? dummy[cheap] : NULL;
    pthread_mutex_unlock(&mu);
    return h;
}

/* A few passwords that guessing lists try first; compared ignoring ASCII case. */
static const char *const common_passwords[] = {
    "0123456789", "1234567890", "12345678910", "0987654321", "1111111111", "1234512345",
    "password123", "password1234", "passw0rd123", "matkhau123", "matkhau1234", "matkhau@123",
    "qwertyuiop", "qwerty1234", "qwerty12345", "1qaz2wsx3edc", "abc1234567", "abcd123456",
    "admin12345", "admin@1234", "administrator", "iloveyou123", "thidua2024", "thidua2025",
    "thiduakhenthuong", "khenthuong", "khenthuong123", "vietnam123", "vietnam1234",
};

const char *auth_password_problem(const char *password, const char *login)
{
    if (str_empty(password)) return "Hãy nhập mật khẩu.";
    size_t bytes = strlen(password);
    if (bytes > AUTH_PASSWORD_MAX) return "Mật khẩu dài quá 200 byte.";
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)password;
    utf8proc_ssize_t left = (utf8proc_ssize_t)bytes;
    int chars = 0;
    utf8proc_int32_t first = -1;
    bool all_same = true;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) return "Mật khẩu không phải văn bản UTF-8 hợp lệ.";
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return "Mật khẩu chứa ký tự điều khiển.";
        if (first < 0) first = cp;
        else if (cp != first) all_same = false;
        chars++;
        p += n;
        left -= n;
    }
    if (chars < AUTH_PASSWORD_MIN) return "Mật khẩu phải có ít nhất 10 ký tự.";
    if (all_same) return "Mật khẩu không được chỉ lặp lại một ký tự.";
    if (login && strlen(login) >= 3 && strcasestr(password, login))
        return "Mật khẩu không được chứa tên đăng nhập.";
    for (size_t i = 0; i < countof(common_passwords); i++)
        if (strcasecmp(password, common_passwords[i]) == 0)
            return "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.";
    return NULL;
}

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

/* ---- pages ---- */
/* Only same-site relative paths are followed after login (no open redirect). */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || strlen(next) > 1000) return "/";
    /* Browsers drop tabs and newlines inside URLs and read a backslash as '/': "/\t/evil" is "//evil". */
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\') return "/";
    return next;
}

/* Login CSRF: a hostile site must not log the victim's browser into the attacker's account.
 * Browsers send Origin on cross-site POSTs and Sec-Fetch-Site; either naming another site is
 * refused. (Clients that send neither, like curl and the tests, are not browsers.) */
static bool cross_site_post(req *r)
{
    const char *site = kv_get(&r->headers, "sec-fetch-site");
    if (site && (str_eq(site, "cross-site") || str_eq(site, "same-site"))) return true;
    const char *origin = kv_get(&r->headers, "origin"), *host = kv_get(&r->headers, "host");
    if (!origin || str_eq(origin, "null")) return origin != NULL;
    const char *sep = strstr(origin, "://");
    return !host || !sep || !str_eq(sep + 3, host);
}

static void login_form(req *r, const char *login, const char *error, const char *next, bool ask_code)
{
    page_begin(r, "Đăng nhập");
    if (error) page_notice(r, "error", error);
    html(r, "<form method=\"post\" action=\"/login\" class=\"narrow\">"
            "<input type=\"hidden\" name=\"next\" value=\"%s\">", next);
    form_field(r, "text", "login", "Tên đăng nhập", login, NULL, "autocomplete=\"username\" required autofocus");
    form_field(r, "password", "password", "Mật khẩu", NULL, NULL, "autocomplete=\"current-password\" required");
    if (ask_code)
        form_field(r, "text", "code", "Mã xác thực 2 lớp (6 số)", NULL, NULL,
                   "inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\"");
    html(r, "<p class=\"actions\"><button type=\"submit\">Đăng nhập</button></p></form>");
    page_end(r);
}

static void login_busy(req *r, const char *login, const char *next)
{
    r->status = 503;
    web_header(r, "Retry-After", "5");
    login_form(r, login, "Máy chủ đang bận kiểm tra mật khẩu của nhiều người cùng lúc. Hãy thử lại sau vài giây.",
               next, false);
}

void login_page(req *r)
{
    const char *next = safe_next(web_param(r, "next"));
    if (!web_is_post(r)) {
        if (r->user.id) { web_redirect(r, next); return; }
        login_form(r, NULL, NULL, next, false);
        return;
    }
    if (cross_site_post(r)) {
        web_error(r, 403, "Yêu cầu đăng nhập đến từ một trang web khác nên bị từ chối.");
        return;
    }
    const char *login = web_param(r, "login"), *password = web_param(r, "password");
    const char *code = web_param(r, "code");
    if (str_empty(login) || str_empty(password)) {
        r->status = 400;
        login_form(r, login, "Hãy nhập tên đăng nhập và mật khẩu.", next, false);
        return;
    }
    if (strlen(login) > 64 || strlen(password) > AUTH_PASSWORD_MAX) {
        r->status = 400;
        login_form(r, NULL, "Tên đăng nhập hoặc mật khẩu quá dài.", next, false);
        return;
    }
    /* Logins are lower-case ASCII; "Admin" means admin, and throttling counts it as one account. */
    char *lc = arena_strdup(&r->a, login);
    for (char *p = lc; *p; p++) if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    login = lc;
    int64_t wait = 0;
    int64_t attempt = auth_attempt_reserve(r->db, login, r->remote_addr, &wait);
    if (attempt < 0) { web_fail(r, "login throttle"); return; }
    if (attempt == 0) {
        r->status = 429;
        web_header(r, "Retry-After", arena_printf(&r->a, "%lld", (long long)wait));
        login_form(r, login, arena_printf(&r->a, "Đăng nhập sai quá nhiều lần. Hãy thử lại sau %lld phút.",
                                          (long long)(wait + 59) / 60), next, false);
        return;
    }
    /* From here on the attempt is counted as a failure unless it is settled otherwise: every
     * early return that is not a wrong guess releases it. */
    int64_t user_id = 0, must_change = 0;
    char *hash = NULL, *totp = NULL;
    stmt *q = store_query(r->db, "SELECT id, password_hash, totp_secret, must_change FROM app_user"
                                 " WHERE login=$1 AND disabled=0", "t", login);
    if (!q) { auth_attempt_release(r->db, attempt); web_fail(r, "login lookup"); return; }
    if (stmt_step(q) == STORE_ROW) {
        user_id = stmt_int64(q, 0);
        hash = stmt_text_dup(q, 1, &r->a);
        totp = stmt_text_dup(q, 2, &r->a);
        must_change = stmt_int64(q, 3);
    }
    stmt_finalize(q);
    if (totp) {
        char err[300];
        char *plain = secret_open(r->db, &r->a, totp, err, sizeof err);   /* sealed at rest (secret.c) */
        if (!plain) {
            log_error("login of user %lld: the TOTP seed cannot be read: %s", (long long)user_id, err);
            auth_attempt_release(r->db, attempt);
            web_fail(r, "login totp seed");
            return;
        }
        totp = plain;
    }
    /* Verify even for an unknown login, against a hash of the same cost, so timing does not
     * reveal which logins exist. */
    const char *against = hash ? hash : auth_dummy_hash(r->db);
    enum auth_pw pw = against ? auth_password_verify(against, password) : AUTH_PW_BUSY;
    if (pw == AUTH_PW_BUSY) { auth_attempt_release(r->db, attempt); login_busy(r, login, next); return; }
    bool ok = pw == AUTH_PW_OK && user_id;
    int64_t step = 0;
    if (ok && totp && *totp) {
        if (str_empty(code)) {
            /* Password right: ask for the second factor without counting a failure. */
            auth_attempt_release(r->db, attempt);
            login_form(r, login, "Tài khoản này bật xác thực 2 lớp: hãy nhập lại mật khẩu và mã 6 số từ ứng dụng xác thực.",
                       next, true);
            return;
        }
        step = auth_totp_match(totp, code, now_unix());
        ok = step >= 0;
    }
    if (ok && store_begin(r->db) != STORE_OK) { auth_attempt_release(r->db, attempt); web_fail(r, "login"); return; }
    if (ok && step > 0) {
        /* A code is good once: the step must be newer than the last one used (RFC 6238 5.2). */
        if (store_exec(r->db, "UPDATE app_user SET totp_last_step=$2 WHERE id=$1 AND totp_last_step < $2",
                       "ii", user_id, step) != STORE_OK) {
            store_rollback(r->db);
            auth_attempt_release(r->db, attempt);
            web_fail(r, "login totp");
            return;
        }
        if (store_changes(r->db) == 0) { store_rollback(r->db); ok = false; }
    }
    if (!ok) {
        /* The reservation made before the hash is this failure's record. */
        r->status = 401;
        /* The code field comes back only when the password was right, so a wrong guess learns
         * nothing about whether the account exists or uses two factors. */
        login_form(r, login, "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.", next,
                   pw == AUTH_PW_OK && user_id && totp && *totp);
        return;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (auth_attempt_succeeded(r->db, login, attempt) != STORE_OK || auth_session_start(r, user_id) != 0 ||
        store_exec(r->db, "UPDATE app_user SET last_login=$2 WHERE id=$1", "it", user_id, now) != STORE_OK ||
        audit_req(r, "login", "user", user_id, NULL, NULL) < 0 || store_commit(r->db) != STORE_OK) {
        store_rollback(r->db);
        auth_attempt_release(r->db, attempt);
        web_fail(r, "session start");
        return;
    }
    /* The database's hashing cost went up since this password was set: upgrade it now, while
     * the clear password is at hand. A failure here costs nothing but the upgrade. */
    if (auth_password_needs_rehash(r->db, hash)) {
        char fresh[crypto_pwhash_STRBYTES];
        if (auth_hash_password(r->db, password, fresh) == 0)
            store_exec(r->db, "UPDATE app_user SET password_hash=$2 WHERE id=$1 AND password_hash=$3", "itt",
                       user_id, fresh, hash);
    }
    web_redirect(r, must_change ? "/account?must=1" : next);
}

void logout_page(req *r)
{
    if (store_begin(r->db) != STORE_OK) { web_fail(r, "logout"); return; }
    audit_req(r, "logout", "user", r->user.id, NULL, NULL);
    auth_session_end(r);
    if (store_commit(r->db) != STORE_OK) { web_fail(r, "logout"); return; }
    web_redirect(r, "/");
}
