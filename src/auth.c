/* auth.c: authentication. Password hashing with a bound on concurrent Argon2id work, sessions
 * (random token in an HttpOnly SameSite cookie, SHA-256 of it in the database), CSRF tokens,
 * API bearer tokens, login throttling, and the /login and /logout pages. */
#include "auth.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "html.h"

/* ---- password hashing ---- */
static sem_t hash_slots;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static void hash_slots_init(void)
{
    if (sodium_init() < 0) abort();
    sem_init(&hash_slots, 0, 2);
}

static bool hash_slot_take(void)
{
    pthread_once(&hash_once, hash_slots_init);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 10;
    return sem_timedwait(&hash_slots, &ts) == 0;
}

int auth_hash_password(store *s, const char *password, char out[crypto_pwhash_STRBYTES])
{
    arena a = {0};
    char *cost = NULL;
    store_text(s, &cost, &a, "SELECT value FROM setting WHERE name='auth.pwhash'", "");
    bool cheap = str_eq(cost, "cheap");
    arena_free(&a);
    if (!hash_slot_take()) return -1;
    /* "cheap" (1 pass, 8 KiB) exists so test suites can create many users quickly; it is set
     * only by `thidua init --cheap-hash` and says so on the admin pages. */
    int rc = crypto_pwhash_str(out, password, strlen(password),
                               cheap ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               cheap ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE);
    sem_post(&hash_slots);
    return rc == 0 ? 0 : -1;
}

bool auth_verify_password(const char *hash, const char *password)
{
    if (!hash || !password) return false;
    if (!hash_slot_take()) return false;
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    sem_post(&hash_slots);
    return ok;
}

const char *auth_password_problem(const char *password, const char *login)
{
    if (!password || strlen(password) < AUTH_PASSWORD_MIN)
        return "Mật khẩu phải có ít nhất 10 ký tự.";
    if (strlen(password) > 200) return "Mật khẩu dài quá 200 ký tự.";
    if (login && strcasestr(password, login)) return "Mật khẩu không được chứa tên đăng nhập.";
    return NULL;
}

/* ---- users ---- */
static bool valid_login(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > 64) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
            return false;
    return true;
}

int64_t auth_user_create(store *s, int64_t actor, const char *login, const char *name, int64_t unit_id,
                         const char *role, const char *password, char *err, size_t errlen)
{
    if (!valid_login(login)) {
        snprintf(err, errlen, "tên đăng nhập '%s' không hợp lệ: 2–64 ký tự a-z, 0-9, '.', '_', '-'", login ? login : "");
        return 0;
    }
    if (str_empty(name) || strlen(name) > 200) {
        snprintf(err, errlen, "họ tên phải có từ 1 đến 200 ký tự");
        return 0;
    }
    const char *weak = auth_password_problem(password, login);
    if (weak) { snprintf(err, errlen, "%s", weak); return 0; }
    char hash[crypto_pwhash_STRBYTES];
    if (auth_hash_password(s, password, hash) != 0) {
        snprintf(err, errlen, "máy chủ đang bận băm mật khẩu; hãy thử lại");
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_begin(s) != STORE_OK) { snprintf(err, errlen, "%s", store_errmsg(s)); return 0; }
    int64_t n = 0;
    store_int64(s, &n, "SELECT count(*) FROM role WHERE name=$1", "t", role);
    if (!n) { snprintf(err, errlen, "vai trò '%s' không tồn tại", role ? role : ""); goto fail; }
    n = 0;
    store_int64(s, &n, "SELECT count(*) FROM unit WHERE id=$1", "i", unit_id);
    if (!n) { snprintf(err, errlen, "đơn vị số %lld không tồn tại", (long long)unit_id); goto fail; }
    int64_t id = 0;
    int rc = store_int64(s, &id,
        "INSERT INTO app_user(login, name, unit_id, role, password_hash, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id", "ttitt" "t", login, name, unit_id, role, hash, now);
    if (rc != 1) {
        if (rc == STORE_CONSTRAINT) snprintf(err, errlen, "tên đăng nhập '%s' đã được dùng", login);
        else snprintf(err, errlen, "%s", store_errmsg(s));
        goto fail;
    }
    json_t *after = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "login", login,
                              "name", name, "unit_id", (json_int_t)unit_id, "role", role);
    arena a = {0};
    char *actor_login = NULL;
    if (actor) store_text(s, &actor_login, &a, "SELECT login FROM app_user WHERE id=$1", "i", actor);
    int64_t aid = audit_write(s, actor, actor ? actor_login : "system", "create", "user",
                              arena_printf(&a, "%lld", (long long)id), NULL, after);
    json_decref(after);
    arena_free(&a);
    if (aid < 0 || store_commit(s) != STORE_OK) { snprintf(err, errlen, "%s", store_errmsg(s)); goto fail; }
    return id;
fail:
    store_rollback(s);
    return 0;
}

int auth_load_user(store *s, arena *a, int64_t user_id, struct user_ctx *u)
{
    stmt *q = store_query(s,
        "SELECT u.id, u.login, u.name, u.role, r.label, u.unit_id, n.name, r.whole_tree"
        " FROM app_user u JOIN role r ON r.name = u.role JOIN unit n ON n.id = u.unit_id"
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
    stmt_finalize(q);
    u->caps = 0;
    q = store_query(s, "SELECT capability FROM role_capability WHERE role = $1", "t", u->role);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int c = cap_from_name(stmt_text(q, 0));
        if (c > 0) u->caps |= CAP_BIT(c);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : rc;
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
    return str_eq(kv_get(&r->headers, "x-forwarded-proto"), "https");
}

int auth_session_start(req *r, int64_t user_id)
{
    char token[65], hash[65], csrf[65];
    random_hex(token, 32);
    random_hex(csrf, 32);
    sha256_hex(token, 64, hash);
    int64_t now = now_unix();
    const char *ua = kv_get(&r->headers, "user-agent");
    if (store_exec(r->db, "INSERT INTO session(token_hash, user_id, csrf, created_at, last_seen, expires_at,"
                          " remote_addr, user_agent) VALUES ($1,$2,$3,$4,$4,$5,$6,$7)",
                   "titiitt", hash, user_id, csrf, now, now + AUTH_SESSION_MAX, r->remote_addr,
                   ua ? arena_strndup(&r->a, ua, strlen(ua) > 200 ? 200 : strlen(ua)) : NULL) != STORE_OK)
        return -1;
    /* Old sessions of this user past their lifetime are dropped here, not by a timer. */
    store_exec(r->db, "DELETE FROM session WHERE user_id=$1 AND (expires_at < $2 OR last_seen < $3)", "iii",
               user_id, now, now - AUTH_SESSION_IDLE);
    web_header(r, "Set-Cookie", arena_printf(&r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
                                             AUTH_SESSION_COOKIE, token, AUTH_SESSION_MAX,
                                             secure_request(r) ? "; Secure" : ""));
    if (auth_load_user(r->db, &r->a, user_id, &r->user) != 1) return -1;
    r->user.csrf = arena_strdup(&r->a, csrf);
    r->user.session_hash = arena_strdup(&r->a, hash);
    return 0;
}

void auth_session_end(req *r)
{
    if (r->user.session_hash)
        store_exec(r->db, "DELETE FROM session WHERE token_hash=$1", "t", r->user.session_hash);
    web_header(r, "Set-Cookie", arena_printf(&r->a, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
                                             AUTH_SESSION_COOKIE));
    memset(&r->user, 0, sizeof r->user);
}

static void resolve_bearer(req *r, const char *token)
{
    char hash[65];
    sha256_hex(token, strlen(token), hash);
    int64_t user_id = 0, token_id = 0;
    const char *last_used = NULL;
    stmt *q = store_query(r->db, "SELECT user_id, id, last_used FROM api_token WHERE token_hash=$1 AND revoked=0", "t", hash);
    if (!q) return;
    if (stmt_step(q) == STORE_ROW) {
        user_id = stmt_int64(q, 0);
        token_id = stmt_int64(q, 1);
        last_used = stmt_text_dup(q, 2, &r->a);
    }
    stmt_finalize(q);
    if (!user_id || auth_load_user(r->db, &r->a, user_id, &r->user) != 1) {
        memset(&r->user, 0, sizeof r->user);
        return;
    }
    r->user.via_token = true;
    /* last_used moves at most once a minute, and only then is it written: an UPDATE that
     * changes nothing still takes the database's write lock, on every API request. */
    char now[21];
    iso_time(now_unix(), now);
    if (!last_used || strncmp(last_used, now, 16) < 0)
        store_exec(r->db, "UPDATE api_token SET last_used=$2 WHERE id=$1", "it", token_id, now);
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
    int64_t now = now_unix(), user_id = 0, last_seen = 0;
    const char *csrf = NULL;
    stmt *q = store_query(r->db, "SELECT user_id, csrf, last_seen FROM session"
                                 " WHERE token_hash=$1 AND expires_at > $2 AND last_seen > $3",
                          "tii", hash, now, now - AUTH_SESSION_IDLE);
    if (!q) return;
    if (stmt_step(q) == STORE_ROW) {
        user_id = stmt_int64(q, 0);
        csrf = stmt_text_dup(q, 1, &r->a);
        last_seen = stmt_int64(q, 2);
    }
    stmt_finalize(q);
    if (!user_id || auth_load_user(r->db, &r->a, user_id, &r->user) != 1) {
        memset(&r->user, 0, sizeof r->user);
        return;
    }
    r->user.csrf = csrf;
    r->user.session_hash = arena_strdup(&r->a, hash);
    if (now - last_seen > 60)   /* sliding idle expiry, written at most once a minute */
        store_exec(r->db, "UPDATE session SET last_seen=$2 WHERE token_hash=$1", "ti", hash, now);
}

int auth_token_create(store *s, int64_t user_id, const char *label, char out[65], int64_t *id)
{
    char hash[65], now[21];
    random_hex(out, 32);
    sha256_hex(out, 64, hash);
    iso_time(now_unix(), now);
    return store_int64(s, id, "INSERT INTO api_token(token_hash, user_id, label, created_at) VALUES ($1,$2,$3,$4)"
                              " RETURNING id", "tit" "t", hash, user_id, label, now) == 1 ? 0 : -1;
}

/* ---- throttling ---- */
bool auth_throttled(store *s, const char *login, const char *addr, int64_t *retry_after)
{
    int64_t since = now_unix() - AUTH_FAIL_WINDOW, n_login = 0, n_addr = 0, oldest = 0;
    store_int64(s, &n_login, "SELECT count(*) FROM login_failure WHERE login=$1 AND at > $2", "ti", login, since);
    store_int64(s, &n_addr, "SELECT count(*) FROM login_failure WHERE remote_addr=$1 AND at > $2", "ti", addr, since);
    if (n_login < AUTH_MAX_FAIL_LOGIN && n_addr < AUTH_MAX_FAIL_ADDR) return false;
    store_int64(s, &oldest, "SELECT min(at) FROM login_failure WHERE (login=$1 OR remote_addr=$2) AND at > $3",
                "tti", login, addr, since);
    *retry_after = oldest + AUTH_FAIL_WINDOW - now_unix();
    if (*retry_after < 1) *retry_after = 1;
    return true;
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
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') || strchr(next, '\n'))
        return "/";
    return next;
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

void login_page(req *r)
{
    const char *next = safe_next(web_param(r, "next"));
    if (!web_is_post(r)) {
        if (r->user.id) { web_redirect(r, next); return; }
        login_form(r, NULL, NULL, next, false);
        return;
    }
    const char *login = web_param(r, "login"), *password = web_param(r, "password");
    const char *code = web_param(r, "code");
    if (str_empty(login) || str_empty(password)) {
        r->status = 400;
        login_form(r, login, "Hãy nhập tên đăng nhập và mật khẩu.", next, false);
        return;
    }
    if (strlen(login) > 64 || strlen(password) > 200) {
        r->status = 400;
        login_form(r, NULL, "Tên đăng nhập hoặc mật khẩu quá dài.", next, false);
        return;
    }
    int64_t wait = 0;
    if (auth_throttled(r->db, login, r->remote_addr, &wait)) {
        r->status = 429;
        web_header(r, "Retry-After", arena_printf(&r->a, "%lld", (long long)wait));
        login_form(r, login, arena_printf(&r->a, "Đăng nhập sai quá nhiều lần. Hãy thử lại sau %lld phút.",
                                          (long long)(wait + 59) / 60), next, false);
        return;
    }
    int64_t user_id = 0;
    char *hash = NULL, *totp = NULL;
    stmt *q = store_query(r->db, "SELECT id, password_hash, totp_secret FROM app_user WHERE login=$1 AND disabled=0",
                          "t", login);
    if (!q) { web_fail(r, "login lookup"); return; }
    if (stmt_step(q) == STORE_ROW) {
        user_id = stmt_int64(q, 0);
        hash = stmt_text_dup(q, 1, &r->a);
        totp = stmt_text_dup(q, 2, &r->a);
    }
    stmt_finalize(q);
    /* Verify even for an unknown login, so timing does not reveal which logins exist. */
    static const char *dummy = "$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    bool ok = auth_verify_password(hash ? hash : dummy, password) && user_id;
    if (ok && totp && *totp) {
        if (str_empty(code)) {
            /* Password right: ask for the second factor without counting a failure. */
            login_form(r, login, "Tài khoản này bật xác thực 2 lớp: hãy nhập mã 6 số từ ứng dụng xác thực.",
                       next, true);
            return;
        }
        ok = auth_totp_check(totp, code, now_unix());
    }
    if (!ok) {
        auth_record_failure(r->db, login, r->remote_addr);
        r->status = 401;
        login_form(r, login, "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.", next, totp && *totp);
        return;
    }
    auth_clear_failures(r->db, login);
    if (store_begin(r->db) != STORE_OK || auth_session_start(r, user_id) != 0 ||
        audit_req(r, "login", "user", user_id, NULL, NULL) < 0 || store_commit(r->db) != STORE_OK) {
        web_fail(r, "session start");
        return;
    }
    web_redirect(r, next);
}

void logout_page(req *r)
{
    if (store_begin(r->db) != STORE_OK) { web_fail(r, "logout"); return; }
    audit_req(r, "logout", "user", r->user.id, NULL, NULL);
    auth_session_end(r);
    if (store_commit(r->db) != STORE_OK) { web_fail(r, "logout"); return; }
    web_redirect(r, "/");
}
