/* account_web.c: one's own account: the /account page (profile, password change, API tokens,
 * two-factor login) and its JSON API (/api/account, /api/account/password, /api/tokens).
 * Storage rules live in user.c (user_update, user_set_password, user_token_issue); this file
 * adds what is particular to acting on oneself: the current password (and the two-factor code)
 * as proof, counted by the login throttle, so that a borrowed or stolen session cannot change
 * credentials or mint an API token by itself; rotating the session after a change of
 * credentials; revoking API tokens on a password change unless the user asks to keep them; and
 * refusing to mint credentials with an API token (a leaked token must not be able to make
 * itself permanent). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "audit.h"
#include "people_pages.h"
#include "pwhash.h"
#include "secret.h"
#include "session.h"
#include "setting.h"
#include "totp.h"
#include "user.h"

struct self {
    const char *email, *phone, *totp_pending, *password_hash, *password_changed_at, *last_login;
    const char *totp_pending_stored;   /* as in the database (sealed, secret.c) */
    const char *totp_stored;           /* the confirmed seed, sealed; opened only to check a code */
    bool totp, must_change;
};

static int self_load(req *r, struct self *me)
{
    memset(me, 0, sizeof *me);
    stmt *q = store_query(r->db, "SELECT email, phone, totp_secret, totp_pending, password_hash,"
                                 " must_change, password_changed_at, last_login FROM app_user WHERE id=$1",
                          "i", r->user.id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        me->email = stmt_text_dup(q, 0, &r->a);
        me->phone = stmt_text_dup(q, 1, &r->a);
        me->totp_stored = stmt_text_dup(q, 2, &r->a);
        me->totp = me->totp_stored != NULL;
        me->totp_pending_stored = stmt_text_dup(q, 3, &r->a);
        me->password_hash = stmt_text_dup(q, 4, &r->a);
        me->must_change = stmt_int64(q, 5) != 0;
        me->password_changed_at = stmt_text_dup(q, 6, &r->a);
        me->last_login = stmt_text_dup(q, 7, &r->a);
    }
    stmt_finalize(q);
    if (me->totp_pending_stored) {
        char err[300];
        me->totp_pending = secret_open(r->db, &r->a, me->totp_pending_stored, err, sizeof err);
        if (!me->totp_pending) { log_error("account: TOTP enrolment of user %lld: %s", (long long)r->user.id, err); return STORE_ERR; }
    }
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

/* After a change of credentials the browser gets a new session token (and CSRF token), in its
 * own small transaction. API-token requests have no session to rotate. */
static int fresh_session(req *r)
{
    if (r->user.via_token || !r->user.session_hash) return 0;
    if (store_begin(r->db) != STORE_OK) return -1;
    if (auth_session_rotate(r) != 0) { store_rollback(r->db); return -1; }
    return store_commit(r->db) == STORE_OK ? 0 : -1;
}

/* Proof that the person at the keyboard owns the account, not someone holding a borrowed
 * session: the current password, and when `code` is not NULL (the caller passes it when
 * two-factor login is on) the current two-factor code, good once as at login. Each proof
 * reserves a login attempt before hashing (auth_attempt_reserve), so wrong answers count toward
 * the login throttle exactly like failed logins, however many arrive at once. The caller has
 * checked that password (and code) are not empty. PROOF_WRONG: the caller shows a field error;
 * PROOF_REPLIED: a reply was sent (429 throttled, 503 busy, 500). */
enum proof { PROOF_OK, PROOF_WRONG, PROOF_REPLIED };
static enum proof prove_self(req *r, const struct self *me, const char *password, const char *code)
{
    int64_t wait = 0;
    int64_t attempt = auth_attempt_reserve(r->db, r->user.login, r->remote_addr, &wait);
    if (attempt < 0) { web_fail(r, "re-authentication"); return PROOF_REPLIED; }
    if (attempt == 0) {
        web_header(r, "Retry-After", arena_printf(&r->a, "%lld", (long long)wait));
        web_error(r, 429, arena_printf(&r->a, "Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau %lld phút.",
                                       (long long)(wait + 59) / 60));
        return PROOF_REPLIED;
    }
    enum auth_pw pw = auth_password_verify(me->password_hash, password);
    if (pw == AUTH_PW_BUSY) {
        auth_attempt_release(r->db, attempt);
        web_header(r, "Retry-After", "5");
        web_error(r, 503, "Máy chủ đang bận kiểm tra mật khẩu; hãy thử lại sau ít giây.");
        return PROOF_REPLIED;
    }
    if (pw == AUTH_PW_BAD) return PROOF_WRONG;   /* the reservation is the failure's record */
    if (code) {
        char err[300];
        char *seed = me->totp_stored ? secret_open(r->db, &r->a, me->totp_stored, err, sizeof err) : NULL;
        if (!seed) {
            log_error("account: the TOTP seed of user %lld cannot be read: %s", (long long)r->user.id,
                      me->totp_stored ? err : "none");
            auth_attempt_release(r->db, attempt);
            web_fail(r, "re-authentication totp seed");
            return PROOF_REPLIED;
        }
        int64_t step = auth_totp_match(seed, code, now_unix());
        sodium_memzero(seed, strlen(seed));
        if (step < 0) return PROOF_WRONG;
        if (store_exec(r->db, "UPDATE app_user SET totp_last_step=$2 WHERE id=$1 AND totp_last_step < $2", "ii",
                       r->user.id, step) != STORE_OK) {
            auth_attempt_release(r->db, attempt);
            web_fail(r, "re-authentication totp");
            return PROOF_REPLIED;
        }
        if (store_changes(r->db) == 0) return PROOF_WRONG;   /* a code already used */
    }
    auth_attempt_release(r->db, attempt);
    return PROOF_OK;
}

/* Checks the current password for a sensitive change (prove_self without the second factor).
 * Returns AUTH_PW_OK; or replies (429/503/500) and returns AUTH_PW_BUSY; or AUTH_PW_BAD for the
 * caller's form (an empty password is refused without a hash and is not counted). */
static enum auth_pw check_current_password(req *r, const struct self *me, const char *password)
{
    if (str_empty(password)) return AUTH_PW_BAD;
    switch (prove_self(r, me, password, NULL)) {
    case PROOF_OK: return AUTH_PW_OK;
    case PROOF_WRONG: return AUTH_PW_BAD;
    case PROOF_REPLIED: break;
    }
    return AUTH_PW_BUSY;
}

/* The proof asked before minting an API token. Missing answers are field errors without any
 * hash; a wrong one is a field error that also counts as a failed login. With two factors the
 * message does not say which of the two was wrong, so a thief who has the session and guesses
 * the password right learns nothing from it. Returns false, having replied, on PROOF_REPLIED. */
struct proof_fields { const char *password, *code; };   /* the field names of the form or JSON body */
static bool token_proof(req *r, const struct self *me, const char *password, const char *code,
                        struct proof_fields names, struct field_errors *fe)
{
    if (str_empty(password)) ferr_add(fe, names.password, "Hãy nhập mật khẩu của bạn để xác nhận việc tạo mã truy cập.");
    if (me->totp && str_empty(code)) ferr_add(fe, names.code, "Tài khoản bật xác thực 2 lớp: hãy nhập mã 6 số đang hiển thị.");
    if (fe->n) return true;
    switch (prove_self(r, me, password, me->totp ? code : NULL)) {
    case PROOF_OK: return true;
    case PROOF_REPLIED: return false;
    case PROOF_WRONG: break;
    }
    if (me->totp) {
        ferr_add(fe, names.password, "Mật khẩu hoặc mã xác thực 2 lớp không đúng.");
        ferr_add(fe, names.code, "Mật khẩu hoặc mã xác thực 2 lớp không đúng.");
    } else {
        ferr_add(fe, names.password, "Mật khẩu không đúng.");
    }
    return true;
}

static bool refuse_via_token(req *r, const char *what)
{
    if (!r->user.via_token) return false;
    web_error(r, 403, arena_printf(&r->a, "Không thể %s khi xác thực bằng mã truy cập API; hãy đăng nhập bằng mật khẩu.", what));
    return true;
}

/* ---- the page ---- */
static const char *account_notice(const char *ok)
{
    static const struct { const char *key, *text; } notices[] = {
        {"profile", "Đã lưu thông tin cá nhân."},
        {"password", "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc và mọi mã truy cập API "
                     "của bạn đã bị thu hồi."},
        {"password_kept", "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc; các mã truy cập API "
                          "được giữ lại theo yêu cầu của bạn."},
        {"revoked", "Đã thu hồi mã truy cập."},
        {"totp_on", "Đã bật xác thực 2 lớp. Các phiên đăng nhập khác của bạn đã kết thúc."},
        {"totp_off", "Đã tắt xác thực 2 lớp."},
        {"totp_cancel", "Đã huỷ việc bật xác thực 2 lớp."},
    };
    for (size_t i = 0; ok && i < countof(notices); i++)
        if (str_eq(ok, notices[i].key)) return notices[i].text;
    return NULL;
}

struct account_view {
    const struct field_errors *fe;
    const char *error;                /* a notice at the top */
    const char *name, *email, *phone; /* values of a rejected profile form */
    const char *new_token;            /* shown once, right after creation */
    int64_t new_token_id;
    const char *token_label, *token_days;   /* values of a rejected token form */
};

/* The lifetimes the token form offers: the usual ones up to the limit, and the limit itself.
 * A {value, label} list for form_select, in the arena. */
static const char *const *token_day_options(req *r, int64_t max)
{
    static const int64_t usual[] = {7, 30, 90, 180, 365};
    const char **o = arena_alloc(&r->a, sizeof *o * (2 * (countof(usual) + 1) + 1));
    size_t n = 0;
    bool has_max = false;
    for (size_t i = 0; i < countof(usual) && usual[i] <= max; i++) {
        o[n++] = arena_printf(&r->a, "%lld", (long long)usual[i]);
        o[n++] = usual[i] == 365 ? "1 năm" : arena_printf(&r->a, "%lld ngày", (long long)usual[i]);
        has_max = usual[i] == max;
    }
    if (!has_max) {
        o[n++] = arena_printf(&r->a, "%lld", (long long)max);
        o[n++] = arena_printf(&r->a, "%lld ngày (tối đa)", (long long)max);
    }
    o[n] = NULL;
    return o;
}

static void tokens_table(req *r)
{
    char now[21];
    iso_time(now_unix(), now);
    stmt *q = store_query(r->db, "SELECT id, label, created_at, expires_at, last_used, revoked FROM api_token"
                                 " WHERE user_id=$1 ORDER BY revoked, id DESC LIMIT 200", "i", r->user.id);
    bool any = false;
    while (q && stmt_step(q) == STORE_ROW) {
        if (!any) {
            html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Tên</th><th scope=\"col\">Tạo lúc</th>"
                    "<th scope=\"col\">Hết hạn</th><th scope=\"col\">Dùng lần cuối</th><th scope=\"col\">Trạng thái</th>"
                    "<th scope=\"col\"><span class=\"muted\">Thao tác</span></th></tr></thead><tbody>");
            any = true;
        }
        int64_t id = stmt_int64(q, 0);
        const char *expires = stmt_text(q, 3);
        bool revoked = stmt_int64(q, 5) != 0, expired = expires && strcmp(expires, now) <= 0;
        html(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", stmt_text(q, 1),
             iso_local_time(&r->a, stmt_text(q, 2), false), expires ? iso_local_time(&r->a, expires, false) : "không hết hạn",
             stmt_text(q, 4) ? iso_local_time(&r->a, stmt_text(q, 4), false) : "chưa dùng",
             revoked ? "Đã thu hồi" : expired ? "Đã hết hạn" : "Còn hiệu lực");
        if (!revoked && !expired) {
            form_begin(r, arena_printf(&r->a, "/account/tokens/%lld/revoke", (long long)id), "class=\"inline\"");
            html(r, "<button type=\"submit\" class=\"secondary\">Thu hồi<span class=\"muted\"> mã %s</span></button></form>",
                 stmt_text(q, 1));
        }
        html(r, "</td></tr>");
    }
    stmt_finalize(q);
    if (any) html(r, "</tbody></table></div>");
    else html(r, "<p class=\"muted\">Bạn chưa có mã truy cập nào.</p>");
}

static void account_show(req *r, const struct account_view *v)
{
    static const struct field_errors none = {0};
    const struct field_errors *fe = v->fe ? v->fe : &none;
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    page_begin(r, "Tài khoản của tôi");
    const char *notice = account_notice(web_param(r, "ok"));
    if (v->error) page_notice(r, "error", v->error);
    else if (fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu.");
    else if (notice) page_notice(r, "ok", notice);
    if (me.must_change)
        page_notice(r, "error", "Mật khẩu của bạn do quản trị viên đặt: hãy đổi mật khẩu mới ngay bây giờ.");

    html(r, "<h2 id=\"profile\">Thông tin cá nhân</h2><dl class=\"facts\"><dt>Tên đăng nhập</dt><dd>%s</dd>"
            "<dt>Đơn vị</dt><dd>%s</dd><dt>Vai trò</dt><dd>%s</dd><dt>Đăng nhập gần nhất</dt><dd>%s</dd>"
            "<dt>Đổi mật khẩu lần cuối</dt><dd>%s</dd></dl>",
         r->user.login, r->user.unit_name, r->user.role_label,
         me.last_login ? iso_local_time(&r->a, me.last_login, false) : "—",
         me.password_changed_at ? iso_local_time(&r->a, me.password_changed_at, false) : "—");
    form_begin(r, "/account", "class=\"narrow\"");
    form_field(r, "text", "name", "Họ và tên", v->name ? v->name : r->user.name, ferr_get(fe, "name"),
               "required maxlength=\"100\" autocomplete=\"name\"");
    form_field(r, "email", "email", "Email", v->name ? v->email : me.email, ferr_get(fe, "email"),
               "maxlength=\"254\" autocomplete=\"email\"");
    form_field(r, "tel", "phone", "Số điện thoại", v->name ? v->phone : me.phone, ferr_get(fe, "phone"),
               "maxlength=\"40\" autocomplete=\"tel\"");
    form_end(r, "Lưu thông tin");

    html(r, "<h2 id=\"password\">Đổi mật khẩu</h2><p>Ít nhất 10 ký tự; nên dùng một câu dễ nhớ. "
            "Sau khi đổi, các phiên đăng nhập khác của bạn (máy khác, trình duyệt khác) sẽ kết thúc, và mọi "
            "mã truy cập API của bạn bị thu hồi, trừ khi bạn chọn giữ lại.</p>");
    form_begin(r, "/account/password", "class=\"narrow\"");
    form_field(r, "password", "current", "Mật khẩu hiện tại", NULL, ferr_get(fe, "current"),
               "required autocomplete=\"current-password\"");
    form_field(r, "password", "password", "Mật khẩu mới", NULL, ferr_get(fe, "password"), "required autocomplete=\"new-password\"");
    form_field(r, "password", "password2", "Nhập lại mật khẩu mới", NULL, ferr_get(fe, "password2"),
               "required autocomplete=\"new-password\"");
    /* Off by default: a password is changed most often because it may have leaked, and then the
     * tokens made with it (or with a stolen session) must go too. */
    html(r, "<div class=\"field check\"><label><input type=\"checkbox\" name=\"keep_tokens\" value=\"1\"> "
            "Giữ các token API (mã truy cập) đang có</label><p class=\"muted\">Chỉ chọn khi bạn chắc chắn không ai "
            "khác biết mật khẩu cũ hay dùng được phiên đăng nhập của bạn.</p></div>");
    form_end(r, "Đổi mật khẩu");

    int64_t max_days = setting_int(r->db, "token.max_days");
    html(r, "<h2 id=\"tokens\">Mã truy cập API</h2><p>Dùng cho các chương trình, tập lệnh gọi API thay cho mật khẩu: "
            "gửi tiêu đề <code>Authorization: Bearer MÃ</code>. Mã có đủ quyền của tài khoản bạn; "
            "chỉ hiện một lần khi tạo. Mỗi mã có thời hạn, dài nhất %D ngày; tạo mã cần nhập lại mật khẩu%s. "
            "Khi bạn đổi mật khẩu hoặc quản trị viên đặt lại mật khẩu, các mã bị thu hồi.</p>",
         max_days, me.totp ? " và mã xác thực 2 lớp" : "");
    if (v->new_token) {
        html(r, "<div class=\"notice ok\" role=\"status\"><p>Mã truy cập mới (số %D) — hãy sao chép và cất giữ ngay, "
                "mã sẽ không hiện lại:</p><p><code class=\"secret\">%s</code></p></div>", v->new_token_id, v->new_token);
    }
    tokens_table(r);
    if (!r->user.via_token) {
        form_begin(r, "/account/tokens", "class=\"narrow\"");
        form_field(r, "text", "label", "Tên mã (dùng vào việc gì)", v->token_label, ferr_get(fe, "label"),
                   "required maxlength=\"100\"");
        form_select(r, "expires_days", "Thời hạn", token_day_options(r, max_days),
                    v->token_days ? v->token_days : arena_printf(&r->a, "%lld", (long long)user_token_default_days(r->db)),
                    ferr_get(fe, "expires_days"));
        /* Own names: the password form above has a "password" field of its own. */
        form_field(r, "password", "token_password", "Mật khẩu của bạn (xác nhận)", NULL, ferr_get(fe, "token_password"),
                   "required autocomplete=\"current-password\"");
        if (me.totp)
            form_field(r, "text", "token_code", "Mã xác thực 2 lớp (6 số)", NULL, ferr_get(fe, "token_code"),
                       "required inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\"");
        form_end(r, "Tạo mã truy cập");
    }

    html(r, "<h2 id=\"totp\">Xác thực 2 lớp</h2>");
    if (me.totp) {
        html(r, "<p><strong>Đang bật.</strong> Khi đăng nhập, ngoài mật khẩu bạn nhập mã 6 số từ ứng dụng xác thực.</p>"
                "<p>Muốn tắt, hãy nhập mật khẩu hiện tại:</p>");
        form_begin(r, "/account/totp/disable", "class=\"narrow\"");
        form_field(r, "password", "password", "Mật khẩu hiện tại", NULL, ferr_get(fe, "totp_password"),
                   "required autocomplete=\"current-password\"");
        form_end(r, "Tắt xác thực 2 lớp");
    } else if (me.totp_pending) {
        buf uri = {0};
        buf_puts(&uri, "otpauth://totp/thidua:");
        url_encode(&uri, r->user.login);
        buf_printf(&uri, "?secret=%s&issuer=thidua&algorithm=SHA1&digits=6&period=30", me.totp_pending);
        html(r, "<ol><li>Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis…) và "
                "thêm tài khoản bằng <em>khoá thiết lập</em>:<p><code class=\"secret\">%s</code></p>"
                "<p class=\"muted\">Hoặc dán địa chỉ này vào ứng dụng: <code>%s</code></p></li>"
                "<li>Nhập mã 6 số ứng dụng hiển thị để xác nhận:</li></ol>", me.totp_pending, buf_str(&uri));
        buf_free(&uri);
        form_begin(r, "/account/totp/confirm", "class=\"narrow\"");
        form_field(r, "text", "code", "Mã 6 số", NULL, ferr_get(fe, "code"),
                   "required inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\"");
        form_end(r, "Xác nhận và bật");
        form_begin(r, "/account/totp/disable", "class=\"inline\"");
        html(r, "<button type=\"submit\" class=\"secondary\">Huỷ</button></form>");
    } else {
        html(r, "<p>Chưa bật. Xác thực 2 lớp bảo vệ tài khoản kể cả khi lộ mật khẩu; "
                "quản trị viên nên bật.</p>");
        if (!r->user.via_token) {
            form_begin(r, "/account/totp/start", NULL);
            html(r, "<p class=\"actions\"><button type=\"submit\">Bật xác thực 2 lớp</button></p></form>");
        }
    }
    page_end(r);
}

void account_page(req *r)
{
    if (!web_is_post(r)) { account_show(r, &(struct account_view){0}); return; }
    struct user_input in = {.disabled = -1, .must_change = -1};
    in.name = kv_get(&r->form, "name");
    in.email = kv_get(&r->form, "email");
    in.phone = kv_get(&r->form, "phone");
    if (!in.name) in.name = "";
    if (!in.email) in.email = "";
    if (!in.phone) in.phone = "";
    struct field_errors fe = {0};
    struct account_view v = {.fe = &fe, .name = in.name, .email = in.email, .phone = in.phone};
    struct actor self = actor_of_req(r);
    int res = user_update(r->db, &r->a, &self, r->user.id, &in, NULL, &fe);
    if (res == 1) { web_redirect(r, "/account?ok=profile"); return; }
    if (res == USER_BUSY) { web_error(r, 503, ferr_get(&fe, "_busy")); return; }
    if (res != 0) { web_fail(r, "account profile"); return; }
    r->status = 400;
    account_show(r, &v);
}

void account_password_page(req *r)
{
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    const char *current = kv_get(&r->form, "current"), *pw = kv_get(&r->form, "password");
    const char *pw2 = kv_get(&r->form, "password2");
    struct field_errors fe = {0};
    struct account_view v = {.fe = &fe};
    enum auth_pw ok = check_current_password(r, &me, current);
    if (ok == AUTH_PW_BUSY) return;
    if (ok == AUTH_PW_BAD) ferr_add(&fe, "current", "Mật khẩu hiện tại không đúng.");
    if (!str_eq(pw, pw2)) ferr_add(&fe, "password2", "Hai lần nhập mật khẩu mới không khớp.");
    if (pw && current && str_eq(pw, current)) ferr_add(&fe, "password", "Mật khẩu mới phải khác mật khẩu hiện tại.");
    if (!fe.n) {
        const char *problem = NULL;
        bool keep_tokens = kv_get(&r->form, "keep_tokens") != NULL;
        struct actor self = actor_of_req(r);
        int res = user_set_password(r->db, &self, r->user.id, pw, false, NULL, keep_tokens,
                                    "password.change", NULL, &problem);
        if (res == USER_BUSY) { web_header(r, "Retry-After", "5"); web_error(r, 503, problem); return; }
        if (res < 0) { web_fail(r, "password change"); return; }
        if (res == 0) ferr_add(&fe, "password", problem);
        else {
            if (fresh_session(r) != 0) { web_fail(r, "session after password change"); return; }
            web_redirect(r, keep_tokens ? "/account?ok=password_kept" : "/account?ok=password");
            return;
        }
    }
    r->status = 400;
    account_show(r, &v);
}

void account_token_new_page(req *r)
{
    if (refuse_via_token(r, "tạo mã truy cập mới")) return;
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    struct field_errors fe = {0};
    const char *label = kv_get(&r->form, "label"), *days_text = kv_get(&r->form, "expires_days"), *clean = NULL;
    struct account_view v = {.fe = &fe, .token_label = label, .token_days = days_text};
    int64_t days = user_token_default_days(r->db);
    if (!str_empty(days_text) && !parse_int64(days_text, &days))
        ferr_add(&fe, "expires_days", "Thời hạn phải là một số ngày.");
    /* Label and lifetime first: a form that cannot succeed costs no hash and no attempt. */
    if (user_token_validate(r->db, &r->a, label, days, &clean, &fe) && !fe.n &&
        !token_proof(r, &me, kv_get(&r->form, "token_password"), kv_get(&r->form, "token_code"),
                     (struct proof_fields){"token_password", "token_code"}, &fe))
        return;
    char token[AUTH_TOKEN_LEN + 1];
    struct actor self = actor_of_req(r);
    int64_t id = fe.n ? 0 : user_token_issue(r->db, &r->a, &self, r->user.id, label, days, token, &fe);
    if (id < 0) { web_fail(r, "token create"); return; }
    if (id == 0) {
        r->status = 400;
        account_show(r, &v);
        return;
    }
    /* Shown in this reply only: the page is not cached (no-store) and the token is not stored. */
    v = (struct account_view){.new_token = arena_strdup(&r->a, token), .new_token_id = id};
    sodium_memzero(token, sizeof token);
    r->status = 201;
    account_show(r, &v);
}

void account_token_revoke_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct actor self = actor_of_req(r);
    int rc = user_token_revoke(r->db, &self, r->user.id, id);
    if (rc < 0) { web_fail(r, "token revoke"); return; }
    if (rc == 0) { web_error(r, 404, "Không có mã truy cập còn hiệu lực nào với số này trong tài khoản của bạn."); return; }
    web_redirect(r, "/account?ok=revoked#tokens");
}

/* ---- two-factor login ---- */
void account_totp_start_page(req *r)
{
    if (refuse_via_token(r, "bật xác thực 2 lớp")) return;
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    if (me.totp) {
        r->status = 409;
        account_show(r, &(struct account_view){.error = "Xác thực 2 lớp đã bật rồi."});
        return;
    }
    char secret[33], err[300];
    auth_totp_secret_new(secret);
    const char *sealed = secret_seal(r->db, &r->a, secret, err, sizeof err);   /* at rest only sealed */
    sodium_memzero(secret, sizeof secret);
    if (!sealed) {
        log_error("account: TOTP enrolment: %s", err);
        web_fail(r, "totp start");
        return;
    }
    json_t *after = json_pack("{s:b}", "pending", 1);   /* never the secret */
    bool ok = store_begin(r->db) == STORE_OK &&
              store_exec(r->db, "UPDATE app_user SET totp_pending=$2 WHERE id=$1", "it", r->user.id, sealed) == STORE_OK &&
              audit_req(r, "totp.enrol", "user", r->user.id, NULL, after) >= 0 && store_commit(r->db) == STORE_OK;
    json_decref(after);
    if (!ok) { web_fail(r, "totp start"); return; }
    web_redirect(r, "/account#totp");
}

void account_totp_confirm_page(req *r)
{
    if (refuse_via_token(r, "bật xác thực 2 lớp")) return;
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    struct field_errors fe = {0};
    if (!me.totp_pending) {
        r->status = 400;
        account_show(r, &(struct account_view){.error = "Chưa bắt đầu bật xác thực 2 lớp (hoặc đã huỷ). Hãy bấm \"Bật xác thực 2 lớp\"."});
        return;
    }
    int64_t step = auth_totp_match(me.totp_pending, kv_get(&r->form, "code"), now_unix());
    if (step < 0) {
        ferr_add(&fe, "code", "Mã không đúng. Hãy kiểm tra giờ trên điện thoại rồi nhập mã đang hiển thị.");
        r->status = 400;
        account_show(r, &(struct account_view){.fe = &fe});
        return;
    }
    if (store_begin(r->db) != STORE_OK) { web_fail(r, "totp confirm"); return; }
    /* The code used to confirm also counts as used: it cannot log anyone in afterwards. */
    if (store_exec(r->db, "UPDATE app_user SET totp_secret=totp_pending, totp_pending=NULL, totp_last_step=$2"
                          " WHERE id=$1 AND totp_pending=$3", "iit", r->user.id, step, me.totp_pending_stored) != STORE_OK) {
        web_fail(r, "totp confirm");
        return;
    }
    if (store_changes(r->db) != 1) {
        store_rollback(r->db);
        r->status = 409;
        account_show(r, &(struct account_view){.error = "Việc bật xác thực 2 lớp vừa thay đổi ở nơi khác; hãy thử lại."});
        return;
    }
    /* Anyone else signed in with the password alone is signed out now. */
    int dropped = auth_sessions_drop(r->db, r->user.id, r->user.session_hash);
    json_t *after = json_pack("{s:b, s:i}", "two_factor", 1, "sessions_ended", dropped);
    bool ok = dropped >= 0 && audit_req(r, "totp.enable", "user", r->user.id, NULL, after) >= 0 &&
              auth_session_rotate(r) == 0 && store_commit(r->db) == STORE_OK;
    json_decref(after);
    if (!ok) { web_fail(r, "totp confirm"); return; }
    web_redirect(r, "/account?ok=totp_on#totp");
}

/* Turns two-factor login off (the current password is the proof), or cancels an enrolment
 * that was never confirmed (no proof needed: nothing was protecting the account yet). */
void account_totp_disable_page(req *r)
{
    if (refuse_via_token(r, "tắt xác thực 2 lớp")) return;
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    if (me.totp) {
        enum auth_pw ok = check_current_password(r, &me, kv_get(&r->form, "password"));
        if (ok == AUTH_PW_BUSY) return;
        if (ok == AUTH_PW_BAD) {
            struct field_errors fe = {0};
            ferr_add(&fe, "totp_password", "Mật khẩu hiện tại không đúng.");
            r->status = 400;
            account_show(r, &(struct account_view){.fe = &fe});
            return;
        }
    } else if (!me.totp_pending) {
        web_redirect(r, "/account#totp");
        return;
    }
    json_t *after = json_pack("{s:b}", "two_factor", 0);
    bool ok = store_begin(r->db) == STORE_OK &&
              store_exec(r->db, "UPDATE app_user SET totp_secret=NULL, totp_pending=NULL WHERE id=$1", "i", r->user.id) == STORE_OK &&
              audit_req(r, me.totp ? "totp.disable" : "totp.cancel", "user", r->user.id, NULL, after) >= 0 &&
              (!me.totp || auth_session_rotate(r) == 0) && store_commit(r->db) == STORE_OK;
    json_decref(after);
    if (!ok) { web_fail(r, "totp disable"); return; }
    web_redirect(r, me.totp ? "/account?ok=totp_off#totp" : "/account?ok=totp_cancel#totp");
}

/* ---- JSON API ---- */
void account_api(req *r)
{
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    json_t *caps = json_array();
    for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
        if (r->user.caps & CAP_BIT(c)) json_array_append_new(caps, json_string(cap_name((enum capability)c)));
    web_json(r, 200, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:{s:I, s:s}, s:{s:s, s:s}, s:o, s:b, s:b, s:b}",
                               "id", (json_int_t)r->user.id, "login", r->user.login, "name", r->user.name,
                               "email", me.email, "phone", me.phone,
                               "unit", "id", (json_int_t)r->user.unit_id, "name", r->user.unit_name,
                               "role", "name", r->user.role, "label", r->user.role_label, "capabilities", caps,
                               "two_factor", me.totp, "must_change_password", me.must_change,
                               "via_token", r->user.via_token));
}

/* The members of a password change and of a new token (docs/api.md); the dispatcher refuses
 * others, and members of another type, before the handler runs. */
const struct api_member account_password_body[] = {
    {"current", API_TEXT}, {"new", API_TEXT}, {"keep_tokens", API_BOOL}, {NULL, 0},
};
const struct api_member token_create_body[] = {
    {"label", API_TEXT}, {"expires_days", API_INT}, {"password", API_TEXT}, {"code", API_TEXT}, {NULL, 0},
};

void account_password_api(req *r)
{
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    struct field_errors fe = {0};
    const char *current = api_text(r, "current"), *pw = api_text(r, "new");
    if (!current) ferr_add(&fe, "current", "Cần mật khẩu hiện tại (chuỗi).");
    if (!pw) ferr_add(&fe, "new", "Cần mật khẩu mới (chuỗi).");
    if (fe.n) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
    enum auth_pw ok = check_current_password(r, &me, current);
    if (ok == AUTH_PW_BUSY) return;
    if (ok == AUTH_PW_BAD) ferr_add(&fe, "current", "Mật khẩu hiện tại không đúng.");
    else if (str_eq(pw, current)) ferr_add(&fe, "new", "Mật khẩu mới phải khác mật khẩu hiện tại.");
    if (fe.n) { web_json_fields(r, "Chưa đổi được mật khẩu.", ferr_json(&fe)); return; }
    const char *problem = NULL;
    int revoked = 0;
    struct actor self = actor_of_req(r);
    int res = user_set_password(r->db, &self, r->user.id, pw, false, NULL, api_bool(r, "keep_tokens") == 1,
                                "password.change", &revoked, &problem);
    if (res == USER_BUSY) { web_header(r, "Retry-After", "5"); web_error(r, 503, problem); return; }
    if (res < 0) { web_fail(r, "password change"); return; }
    if (res == 0) {
        ferr_add(&fe, "new", problem);
        web_json_fields(r, "Mật khẩu mới không đạt yêu cầu.", ferr_json(&fe));
        return;
    }
    if (fresh_session(r) != 0) { web_fail(r, "session after password change"); return; }
    web_json(r, 200, json_pack("{s:b, s:b, s:i}", "ok", 1, "session_rotated", !r->user.via_token && r->user.session_hash,
                               "tokens_revoked", revoked));
}

static json_t *token_json(stmt *q)
{
    return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:b}", "id", (json_int_t)stmt_int64(q, 0), "label", stmt_text(q, 1),
                     "created_at", stmt_text(q, 2), "expires_at", stmt_text(q, 3), "last_used", stmt_text(q, 4),
                     "revoked", stmt_int64(q, 5) != 0);
}

void tokens_api(req *r)
{
    struct field_errors fe = {0};
    if (!web_is_post(r)) {
        struct api_page page;
        if (!api_page_read(r, &page, 100, 1000, &fe)) { api_reply_errors(r, &fe); return; }
        int64_t total = 0;
        if (store_int64(r->db, &total, "SELECT count(*) FROM api_token WHERE user_id=$1", "i", r->user.id) != 1) {
            web_fail(r, "tokens");
            return;
        }
        stmt *q = store_query(r->db, "SELECT id, label, created_at, expires_at, last_used, revoked FROM api_token"
                                     " WHERE user_id=$1 ORDER BY id LIMIT $2 OFFSET $3", "iii", r->user.id, page.limit,
                              page.offset);
        if (!q) { web_fail(r, "tokens"); return; }
        json_t *list = json_array();
        while (stmt_step(q) == STORE_ROW) json_array_append_new(list, token_json(q));
        stmt_finalize(q);
        web_json(r, 200, api_list(list, total, &page));
        return;
    }
    if (refuse_via_token(r, "tạo mã truy cập mới")) return;
    struct self me;
    if (self_load(r, &me) != 1) { web_fail(r, "account load"); return; }
    const char *label = api_text(r, "label");
    if (!label) ferr_add(&fe, "label", "Cần tên mã (chuỗi).");
    int64_t days;
    if (!api_int(r, "expires_days", &days)) days = user_token_default_days(r->db);
    const char *clean = NULL;
    /* Shape, label and lifetime first: a request that cannot succeed costs no hash and no attempt. */
    if (user_token_validate(r->db, &r->a, label, days, &clean, &fe) && !fe.n &&
        !token_proof(r, &me, api_text(r, "password"), api_text(r, "code"), (struct proof_fields){"password", "code"}, &fe))
        return;
    if (fe.n) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
    char token[AUTH_TOKEN_LEN + 1];
    struct actor self = actor_of_req(r);
    int64_t id = user_token_issue(r->db, &r->a, &self, r->user.id, label, days, token, &fe);
    if (id < 0) { web_fail(r, "token create"); return; }
    if (id == 0) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
    stmt *q = store_query(r->db, "SELECT id, label, created_at, expires_at, last_used, revoked FROM api_token WHERE id=$1",
                          "i", id);
    json_t *o = q && stmt_step(q) == STORE_ROW ? token_json(q) : json_pack("{s:I}", "id", (json_int_t)id);
    stmt_finalize(q);
    json_object_set_new(o, "token", json_string(token));
    sodium_memzero(token, sizeof token);
    web_header(r, "Location", arena_printf(&r->a, "/api/tokens/%lld", (long long)id));
    web_json(r, 201, o);
}

void token_revoke_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct actor self = actor_of_req(r);
    int rc = user_token_revoke(r->db, &self, r->user.id, id);
    if (rc < 0) { web_fail(r, "token revoke"); return; }
    if (rc == 0) { web_error(r, 404, "Không có mã truy cập còn hiệu lực nào với số này trong tài khoản của bạn."); return; }
    web_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
}
