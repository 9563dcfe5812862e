/* login_web.c: the /login and /logout pages of the people feature: the password (verified by
 * core/pwhash.c under the throttle's reservation, web/session.c), the optional second factor
 * (core/totp.c), the session that follows, and the audit entries of both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "people_pages.h"
#include "pwhash.h"
#include "secret.h"
#include "session.h"
#include "totp.h"

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

