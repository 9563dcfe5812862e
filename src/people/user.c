/* user.c: the users resource. Validation and storage of users (create, update, password reset,
 * disable/enable) with their audit entries; the pages /users, /users/new, /users/{id},
 * /roles and /roles/{name}; the JSON API /api/users, /api/users/{id} and /api/roles; and the
 * `thidua user …` commands. What a user does to their own account (password change, API
 * tokens, two-factor login) lives in account.c.
 *
 * Who may manage whom: the route table demands user.admin; here, an actor whose role covers the
 * whole tree manages everyone, while any other holder of user.admin manages only users of units
 * in their own subtree, and may only hand out roles that are not whole-tree and whose
 * capabilities they hold themselves. No change may leave the system without an enabled user who
 * can manage users across the whole tree. */
#include "user.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "actor.h"
#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "people_pages.h"
#include "privacy.h"
#include "setting.h"
#include "vn.h"

/* ---- text ---- */
/* Characters no name, label or contact needs, which can hide or reorder text on screen
 * (controls, bidi overrides, zero-width characters, private use, unassigned code points). */
static bool unwanted_char(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO: case UTF8PROC_CATEGORY_CN: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return true;
    default:
        return false;
    }
}

const char *user_clean_text(arena *a, const char *in, size_t max_chars, char **out)
{
    *out = arena_strdup(a, "");
    if (!in) return NULL;
    size_t len = strlen(in);
    /* A generous byte bound first, so hostile megabytes are refused before any Unicode work. */
    if (len > max_chars * 8 + 64) return arena_printf(a, "Dài quá %zu ký tự.", max_chars);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
    for (utf8proc_ssize_t left = (utf8proc_ssize_t)len; left > 0;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) return "Không phải văn bản UTF-8 hợp lệ.";
        if (unwanted_char(cp)) return "Có ký tự điều khiển hoặc ký tự ẩn (không in được).";
        p += n;
        left -= n;
    }
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)in);
    if (!nfc) return "Không chuẩn hoá được văn bản (Unicode NFC).";
    buf b = {0};
    size_t chars = 0;
    bool space = false;
    p = nfc;
    for (utf8proc_ssize_t left = (utf8proc_ssize_t)strlen((char *)nfc); left > 0;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) break;
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS) {
            space = b.len > 0;
        } else {
            if (space) { buf_putc(&b, ' '); chars++; space = false; }
            buf_append(&b, p, (size_t)n);
            chars++;
        }
        p += n;
        left -= n;
    }
    free(nfc);
    *out = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    if (chars > max_chars) return arena_printf(a, "Dài quá %zu ký tự.", max_chars);
    return NULL;
}

char *user_fold(arena *a, const char *s)
{
    if (!s) return NULL;
    buf b = {0};
    vn_fold(s, strlen(s), &b);
    char *out = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return out;
}


/* ---- field rules ---- */
static const char *login_problem(arena *a, const char *in, char **out)
{
    *out = NULL;
    if (str_empty(in)) return "Hãy nhập tên đăng nhập.";
    size_t n = strlen(in);
    if (n < 2 || n > 64) return "Tên đăng nhập phải có từ 2 đến 64 ký tự.";
    char *l = arena_strdup(a, in);
    for (char *p = l; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
            return "Tên đăng nhập chỉ gồm chữ a–z không dấu, chữ số, dấu chấm, gạch dưới, gạch nối.";
    }
    if (!((l[0] >= 'a' && l[0] <= 'z') || (l[0] >= '0' && l[0] <= '9')))
        return "Tên đăng nhập phải bắt đầu bằng chữ cái hoặc chữ số.";
    *out = l;
    return NULL;
}

static bool email_local_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr(".!#$%&'*+/=?^_`{|}~-", c);
}

/* A practical check (RFC 5321 dot-atom, ASCII domain), lower-cased. */
static const char *email_problem(arena *a, const char *in, char **out)
{
    const char *bad = user_clean_text(a, in, USER_EMAIL_MAX, out);
    if (bad) return bad;
    char *e = *out;
    for (char *p = e; *p; p++) {
        if ((unsigned char)*p >= 0x80) return "Địa chỉ email chỉ gồm ký tự ASCII (tên miền tiếng Việt: dùng dạng punycode).";
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    }
    char *at = strchr(e, '@');
    if (!at || strchr(at + 1, '@')) return "Địa chỉ email phải có đúng một ký tự @.";
    size_t local = (size_t)(at - e);
    if (local == 0 || local > 64) return "Phần trước @ của email phải có từ 1 đến 64 ký tự.";
    if (e[0] == '.' || at[-1] == '.' || strstr(e, "..")) return "Email có dấu chấm đặt sai chỗ.";
    for (char *p = e; p < at; p++)
        if (!email_local_char(*p)) return "Phần trước @ của email có ký tự không được phép.";
    const char *d = at + 1;
    if (!strchr(d, '.')) return "Tên miền của email phải có dấu chấm (ví dụ soyte.langson.gov.vn).";
    const char *start = d;
    for (const char *p = d;; p++) {
        if (*p == '.' || *p == 0) {
            size_t label = (size_t)(p - start);
            if (label == 0 || label > 63 || *start == '-' || p[-1] == '-') return "Tên miền của email không hợp lệ.";
            if (!*p) break;
            start = p + 1;
        } else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
            return "Tên miền của email có ký tự không được phép.";
        }
    }
    return NULL;
}

/* Phone numbers are kept as digits ("0912345678"); +84 becomes the domestic 0; other
 * international numbers keep their '+'. Spaces, dots, dashes and brackets are dropped. */
static const char *phone_problem(arena *a, const char *in, char **out)
{
    *out = NULL;
    size_t n = strlen(in);
    if (n > 40) return "Số điện thoại quá dài.";
    char *d = arena_alloc(a, n + 1);
    size_t o = 0, digits = 0;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (c >= '0' && c <= '9') { d[o++] = c; digits++; }
        else if (c == '+' && o == 0 && i == strspn(in, " ")) d[o++] = c;
        else if (!strchr(" .-()", c)) return "Số điện thoại chỉ gồm chữ số, dấu + ở đầu, khoảng trắng, dấu chấm, gạch nối, ngoặc.";
    }
    d[o] = 0;
    if (digits < 8 || digits > 15) return "Số điện thoại phải có từ 8 đến 15 chữ số.";
    if (str_starts(d, "+84")) d = arena_printf(a, "0%s", d + 3);
    *out = d;
    return NULL;
}

enum { UNIT_NONE = 0, UNIT_FOUND = 1, UNIT_AMBIGUOUS = 2 };
/* Resolves an id or code: "id:N" and "code:X" are explicit; a bare value is a code if a unit
 * has it, else an id. If it is both the code of one unit and the id of another, that is
 * ambiguous, so the caller asks for the explicit form. < 0 on a database error. */
static int unit_resolve(store *s, const char *ref, int64_t *id)
{
    int64_t n = 0, by_code = 0, by_id = 0;
    *id = 0;
    if (str_starts(ref, "id:")) {
        if (!parse_int64(ref + 3, &n) || n <= 0) return UNIT_NONE;
        int rc = store_int64(s, id, "SELECT id FROM unit WHERE id=$1", "i", n);
        return rc < 0 ? rc : rc == 1 ? UNIT_FOUND : UNIT_NONE;
    }
    if (str_starts(ref, "code:")) {
        int rc = store_int64(s, id, "SELECT id FROM unit WHERE code=$1", "t", ref + 5);
        return rc < 0 ? rc : rc == 1 ? UNIT_FOUND : UNIT_NONE;
    }
    int rc = store_int64(s, &by_code, "SELECT id FROM unit WHERE code=$1", "t", ref);
    if (rc < 0) return rc;
    if (parse_int64(ref, &n) && n > 0) {
        rc = store_int64(s, &by_id, "SELECT id FROM unit WHERE id=$1", "i", n);
        if (rc < 0) return rc;
    }
    if (by_code && by_id && by_code != by_id) return UNIT_AMBIGUOUS;
    *id = by_code ? by_code : by_id;
    return *id ? UNIT_FOUND : UNIT_NONE;
}

/* A unit whose validity ended (a district dissolved on 1/7/2025, a merged commune) keeps its
 * history and its users, but takes no new ones. */
static bool unit_active(store *s, int64_t unit_id)
{
    char today[11];
    iso_date_today(today);
    int64_t n = 0;
    return store_int64(s, &n, "SELECT count(*) FROM unit WHERE id=$1 AND (valid_to IS NULL OR valid_to >= $2)",
                       "it", unit_id, today) == 1 && n > 0;
}

bool user_validate(store *s, arena *a, struct user_input *in, bool creating, struct field_errors *fe)
{
    char *v;
    const char *p;
    if (in->login || creating) {
        if ((p = login_problem(a, in->login, &v))) ferr_add(fe, "login", p);
        else in->login = v;
    }
    if (in->name || creating) {
        p = user_clean_text(a, in->name, USER_NAME_MAX, &v);
        if (!p && !*v) p = "Hãy nhập họ tên.";
        if (p) ferr_add(fe, "name", p);
        else in->name = v;
    }
    if (in->email && *in->email) {
        if ((p = email_problem(a, in->email, &v))) ferr_add(fe, "email", p);
        else in->email = v;
    }
    if (in->phone && *in->phone) {
        if ((p = phone_problem(a, in->phone, &v))) ferr_add(fe, "phone", p);
        else in->phone = v;
    }
    if (in->unit || creating) {
        if (str_empty(in->unit)) ferr_add(fe, "unit", "Hãy chọn đơn vị.");
        else if (strlen(in->unit) > 100) ferr_add(fe, "unit", "Mã đơn vị quá dài.");
        else {
            int rc = unit_resolve(s, in->unit, &in->unit_id);
            if (rc < 0) ferr_add(fe, "_", "tra cứu đơn vị");
            else if (rc == UNIT_NONE) ferr_add(fe, "unit", arena_printf(a, "Không có đơn vị có mã hoặc số hiệu '%s'.", in->unit));
            else if (rc == UNIT_AMBIGUOUS)
                ferr_add(fe, "unit", arena_printf(a, "'%s' vừa là mã của một đơn vị vừa là số hiệu của đơn vị khác; "
                                                     "hãy ghi rõ id:%s hoặc code:%s.", in->unit, in->unit, in->unit));
        }
    }
    if (in->role || creating) {
        int64_t n = 0;
        if (str_empty(in->role)) ferr_add(fe, "role", "Hãy chọn vai trò.");
        else if (strlen(in->role) > 64 || store_int64(s, &n, "SELECT count(*) FROM role WHERE name=$1", "t", in->role) != 1 || !n)
            ferr_add(fe, "role", arena_printf(a, "Không có vai trò '%.64s'.", in->role));
    }
    if (in->password || creating) {
        if ((p = auth_password_problem(in->password, in->login))) ferr_add(fe, "password", p);
    }
    return fe->n == 0;
}

/* ---- one user ---- */
struct user_row {
    int64_t id, unit_id;
    const char *login, *name, *email, *phone, *role, *role_label, *unit_name, *unit_code;
    const char *created_at, *updated_at, *last_login, *password_changed_at;
    bool disabled, must_change, totp, role_whole_tree;
};

#define USER_COLUMNS \
    "u.id, u.login, u.name, u.email, u.phone, u.unit_id, n.name, n.code, u.role, r.label, r.whole_tree," \
    " u.disabled, u.must_change, CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END, u.created_at, u.updated_at," \
    " u.last_login, u.password_changed_at"
#define USER_FROM " FROM app_user u JOIN role r ON r.name = u.role JOIN unit n ON n.id = u.unit_id"

static void user_from_stmt(stmt *q, arena *a, struct user_row *u)
{
    u->id = stmt_int64(q, 0);
    u->login = stmt_text_dup(q, 1, a);
    u->name = stmt_text_dup(q, 2, a);
    u->email = stmt_text_dup(q, 3, a);
    u->phone = stmt_text_dup(q, 4, a);
    u->unit_id = stmt_int64(q, 5);
    u->unit_name = stmt_text_dup(q, 6, a);
    u->unit_code = stmt_text_dup(q, 7, a);
    u->role = stmt_text_dup(q, 8, a);
    u->role_label = stmt_text_dup(q, 9, a);
    u->role_whole_tree = stmt_int64(q, 10) != 0;
    u->disabled = stmt_int64(q, 11) != 0;
    u->must_change = stmt_int64(q, 12) != 0;
    u->totp = stmt_int64(q, 13) != 0;
    u->created_at = stmt_text_dup(q, 14, a);
    u->updated_at = stmt_text_dup(q, 15, a);
    u->last_login = stmt_text_dup(q, 16, a);
    u->password_changed_at = stmt_text_dup(q, 17, a);
}

/* 1 found, 0 not found, < 0 error. */
static int user_load(store *s, arena *a, int64_t id, struct user_row *u)
{
    stmt *q = store_query(s, "SELECT " USER_COLUMNS USER_FROM " WHERE u.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) user_from_stmt(q, a, u);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

static int64_t user_id_by_login(store *s, const char *login)
{
    int64_t id = 0;
    store_int64(s, &id, "SELECT id FROM app_user WHERE login=$1", "t", login);
    return id;
}

static json_t *json_str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* The API's view of a user; `mask` hides phone and email for roles without pii.read. */
static json_t *user_json(arena *a, const struct user_row *u, bool mask)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(o, "login", json_string(u->login));
    json_object_set_new(o, "name", json_string(u->name));
    json_object_set_new(o, "email", json_str_or_null(mask ? mask_email(a, u->email) : u->email));
    json_object_set_new(o, "phone", json_str_or_null(mask ? mask_phone(a, u->phone) : u->phone));
    json_object_set_new(o, "unit", json_pack("{s:I, s:s, s:o}", "id", (json_int_t)u->unit_id, "name", u->unit_name,
                                              "code", json_str_or_null(u->unit_code)));
    json_object_set_new(o, "role", json_pack("{s:s, s:s, s:b}", "name", u->role, "label", u->role_label,
                                              "whole_tree", u->role_whole_tree));
    json_object_set_new(o, "disabled", json_boolean(u->disabled));
    json_object_set_new(o, "must_change_password", json_boolean(u->must_change));
    json_object_set_new(o, "two_factor", json_boolean(u->totp));
    json_object_set_new(o, "created_at", json_str_or_null(u->created_at));
    json_object_set_new(o, "updated_at", json_str_or_null(u->updated_at));
    json_object_set_new(o, "last_login", json_str_or_null(u->last_login));
    return o;
}

/* The audit log's view: never the password hash or the TOTP secret. Phone and email are
 * included as they are: audit_write moves them into the personal-data vault and the chain
 * keeps only a reference (docs/privacy.md). */
static json_t *user_audit_json(const struct user_row *u)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:s, s:b, s:b}", "id", (json_int_t)u->id,
                     "login", u->login, "name", u->name, "email", json_str_or_null(u->email),
                     "phone", json_str_or_null(u->phone), "unit_id", (json_int_t)u->unit_id,
                     "role", u->role, "disabled", u->disabled, "must_change", u->must_change);
}

/* True if some enabled user can still manage users across the whole tree. Checked inside the
 * writing transaction after the change, so a refused change rolls back whole. */
static bool admins_remain(store *s)
{
    int64_t n = 0;
    return store_int64(s, &n, "SELECT count(*) FROM app_user u JOIN role r ON r.name = u.role"
                              " JOIN role_capability c ON c.role = u.role AND c.capability = 'user.admin'"
                              " WHERE u.disabled = 0 AND r.whole_tree = 1", "") == 1 && n > 0;
}

int64_t user_create(store *s, arena *a, int64_t actor_id, const char *actor_login, struct user_input *in,
                    struct field_errors *fe)
{
    if (!user_validate(s, a, in, true, fe)) return 0;
    if (!unit_active(s, in->unit_id)) {
        ferr_add(fe, "unit", "Đơn vị này đã hết hiệu lực (giải thể, sáp nhập), không nhận người dùng mới.");
        return 0;
    }
    /* A duplicate is found before the costly hash; the UNIQUE constraint still decides races. */
    if (user_id_by_login(s, in->login)) {
        ferr_add(fe, "login", arena_printf(a, "Tên đăng nhập '%s' đã được dùng.", in->login));
        return 0;
    }
    char hash[crypto_pwhash_STRBYTES], now[21];
    if (auth_hash_password(s, in->password, hash) != 0) {
        ferr_add(fe, "_busy", "Máy chủ đang bận băm mật khẩu; hãy thử lại sau ít giây.");
        return 0;
    }
    iso_time(now_unix(), now);
    buf key = {0};
    vn_name_sortkey(in->name, strlen(in->name), &key);
    if (store_begin(s) != STORE_OK) { buf_free(&key); ferr_add(fe, "_", "bắt đầu giao dịch"); return 0; }
    int64_t id = 0;
    int rc = store_int64(s, &id,
        "INSERT INTO app_user(login, name, name_fold, name_sort, email, phone, unit_id, role, password_hash,"
        " must_change, created_at, updated_at, password_changed_at)"
        " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11,$11) RETURNING id",
        "tttbttitti" "t", in->login, in->name, user_fold(a, in->name), key.data ? key.data : "", key.len,
        str_empty(in->email) ? NULL : in->email, str_empty(in->phone) ? NULL : in->phone, in->unit_id, in->role,
        hash, (int64_t)(in->must_change == 1), now);
    buf_free(&key);
    sodium_memzero(hash, sizeof hash);
    if (rc != 1) {
        if (rc == STORE_CONSTRAINT) ferr_add(fe, "login", arena_printf(a, "Tên đăng nhập '%s' đã được dùng.", in->login));
        else ferr_add(fe, "_", "thêm người dùng");
        store_rollback(s);
        return 0;
    }
    struct user_row u;
    json_t *after = NULL;
    if (user_load(s, a, id, &u) != 1 || !(after = user_audit_json(&u)) ||
        audit_write(s, actor_id, actor_login, "create", "user", arena_printf(a, "%lld", (long long)id), NULL, after) < 0 ||
        store_commit(s) != STORE_OK) {
        json_decref(after);
        ferr_add(fe, "_", "ghi người dùng mới");
        store_rollback(s);
        return 0;
    }
    json_decref(after);
    return id;
}

/* Inside the caller's transaction: stores a new hash, ends sessions and, unless keep_tokens,
 * revokes the user's API tokens: a token made with a stolen session or a leaked password must
 * not outlive the change that locks the thief out. Returns the number of sessions ended (and
 * *tokens_revoked), or < 0. */
static int apply_password(store *s, int64_t id, const char *hash, bool must_change, const char *keep_session,
                          bool keep_tokens, int *tokens_revoked)
{
    char now[21];
    iso_time(now_unix(), now);
    *tokens_revoked = 0;
    if (store_exec(s, "UPDATE app_user SET password_hash=$2, must_change=$3, password_changed_at=$4, updated_at=$4"
                      " WHERE id=$1", "itit", id, hash, (int64_t)must_change, now) != STORE_OK)
        return STORE_ERR;
    if (!keep_tokens && (*tokens_revoked = auth_tokens_revoke_all(s, id)) < 0) return STORE_ERR;
    return auth_sessions_drop(s, id, keep_session);
}

int user_set_password(store *s, int64_t actor_id, const char *actor_login, int64_t id, const char *password,
                      bool must_change, const char *keep_session_hash, bool keep_tokens, const char *action,
                      int *tokens_revoked, const char **problem)
{
    arena a = {0};
    char *login = NULL;
    *problem = NULL;
    int rc = store_text(s, &login, &a, "SELECT login FROM app_user WHERE id=$1", "i", id);
    if (rc != 1) { arena_free(&a); return rc == 0 ? USER_NOT_FOUND : USER_FAILED; }
    if ((*problem = auth_password_problem(password, login))) { arena_free(&a); return 0; }
    char hash[crypto_pwhash_STRBYTES];
    if (auth_hash_password(s, password, hash) != 0) {
        *problem = "Máy chủ đang bận băm mật khẩu; hãy thử lại sau ít giây.";
        arena_free(&a);
        return USER_BUSY;
    }
    int result = USER_FAILED, revoked = 0;
    if (store_begin(s) != STORE_OK) goto out;
    int dropped = apply_password(s, id, hash, must_change, keep_session_hash, keep_tokens, &revoked);
    json_t *after = json_pack("{s:b, s:i, s:i}", "must_change", must_change, "sessions_ended", dropped,
                              "tokens_revoked", revoked);
    int64_t aid = dropped < 0 ? -1 : audit_write(s, actor_id, actor_login, action, "user",
                                                 arena_printf(&a, "%lld", (long long)id), NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); goto out; }
    if (tokens_revoked) *tokens_revoked = revoked;
    result = 1;
out:
    sodium_memzero(hash, sizeof hash);
    arena_free(&a);
    return result;
}

int user_update(store *s, arena *a, int64_t actor_id, const char *actor_login, int64_t id,
                struct user_input *in, const char *if_version, struct field_errors *fe)
{
    struct user_row before;
    int rc = user_load(s, a, id, &before);
    if (rc != 1) return rc == 0 ? USER_NOT_FOUND : USER_FAILED;
    if (in->login && !str_eq(in->login, before.login)) ferr_add(fe, "login", "Không đổi được tên đăng nhập.");
    /* The login never changes (tokens, audit entries and habits refer to it); it is passed to
     * the validation only because the password rules compare against it. */
    in->login = before.login;
    if (!user_validate(s, a, in, false, fe)) return 0;
    if (in->unit && in->unit_id != before.unit_id && !unit_active(s, in->unit_id)) {
        ferr_add(fe, "unit", "Đơn vị này đã hết hiệu lực (giải thể, sáp nhập), không nhận người dùng mới.");
        return 0;
    }
    char hash[crypto_pwhash_STRBYTES] = "";
    if (in->password && auth_hash_password(s, in->password, hash) != 0) {
        ferr_add(fe, "_busy", "Máy chủ đang bận băm mật khẩu; hãy thử lại sau ít giây.");
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    int result = USER_FAILED;
    json_t *jb = NULL, *ja = NULL;
    if (store_begin(s) != STORE_OK) goto out;
    /* Re-read inside the write transaction: the version check and the change are atomic. */
    if (user_load(s, a, id, &before) != 1) goto rollback;
    if (if_version && !str_eq(if_version, before.updated_at)) { result = USER_CONFLICT; goto rollback; }
    const char *name = in->name ? in->name : before.name;
    const char *email = in->email ? (*in->email ? in->email : NULL) : before.email;
    const char *phone = in->phone ? (*in->phone ? in->phone : NULL) : before.phone;
    int64_t unit_id = in->unit ? in->unit_id : before.unit_id;
    const char *role = in->role ? in->role : before.role;
    int64_t disabled = in->disabled >= 0 ? in->disabled : before.disabled;
    int64_t must_change = in->must_change >= 0 ? in->must_change : before.must_change;
    buf key = {0};
    vn_name_sortkey(name, strlen(name), &key);
    rc = store_exec(s, "UPDATE app_user SET name=$2, name_fold=$3, name_sort=$4, email=$5, phone=$6, unit_id=$7,"
                       " role=$8, disabled=$9, must_change=$10, updated_at=$11 WHERE id=$1", "ittbtti" "tiit",
                    id, name, user_fold(a, name), key.data ? key.data : "", key.len, email, phone, unit_id, role,
                    disabled, must_change, now);
    buf_free(&key);
    if (rc != STORE_OK) goto rollback;
    /* A disabled account keeps its API tokens (they stop working while it is disabled), but
     * its browser sessions end now rather than at their next request. */
    if (disabled && !before.disabled && auth_sessions_drop(s, id, NULL) < 0) goto rollback;
    if (!admins_remain(s)) { result = USER_LAST_ADMIN; goto rollback; }
    struct user_row after;
    if (user_load(s, a, id, &after) != 1) goto rollback;
    jb = user_audit_json(&before);
    ja = user_audit_json(&after);
    const char *eid = arena_printf(a, "%lld", (long long)id);
    if (json_equal(jb, ja)) {
        if (!in->password) { store_rollback(s); result = 1; goto out; }   /* nothing changed */
    } else if (audit_write(s, actor_id, actor_login, "update", "user", eid, jb, ja) < 0) {
        goto rollback;
    }
    if (in->password) {
        int revoked = 0;   /* an administrator's reset never keeps the user's tokens */
        int dropped = apply_password(s, id, hash, in->must_change != 0, NULL, false, &revoked);
        json_t *pa = json_pack("{s:b, s:i, s:i}", "must_change", in->must_change != 0, "sessions_ended", dropped,
                               "tokens_revoked", revoked);
        int64_t aid = dropped < 0 ? -1 : audit_write(s, actor_id, actor_login, "password.reset", "user", eid, NULL, pa);
        json_decref(pa);
        if (aid < 0) goto rollback;
    }
    if (store_commit(s) != STORE_OK) goto rollback;
    result = 1;
    goto out;
rollback:
    store_rollback(s);
out:
    if (result == USER_FAILED) ferr_add(fe, "_", "cập nhật người dùng");
    json_decref(jb);
    json_decref(ja);
    sodium_memzero(hash, sizeof hash);
    return result;
}

/* ---- who may manage whom ---- */
static const struct { enum capability cap; const char *label; } cap_labels[] = {
    {CAP_UNIT_READ, "Xem cây đơn vị, khối và cụm thi đua"},
    {CAP_UNIT_WRITE, "Thêm, sửa đơn vị trong phạm vi của mình"},
    {CAP_BLOCK_WRITE, "Quản lý khối, cụm thi đua"},
    {CAP_USER_ADMIN, "Quản lý người dùng và vai trò"},
    {CAP_AUDIT_READ, "Xem nhật ký kiểm toán"},
    {CAP_PII_READ, "Xem đầy đủ dữ liệu cá nhân (điện thoại, email, số định danh…)"},
    {CAP_SETTINGS, "Thay đổi cấu hình và các bảng quy định"},
    {CAP_REPORT_WRITE, "Gửi báo cáo tiến độ của đơn vị"},
    {CAP_DOSSIER_WRITE, "Lập hồ sơ đề nghị khen thưởng"},
    {CAP_APPRAISE, "Thẩm định hồ sơ, chuẩn bị quyết định (Ban Thi đua – Khen thưởng)"},
    {CAP_BALLOT, "Bỏ phiếu (thành viên Hội đồng)"},
};

static const char *cap_label(const char *name)
{
    int c = cap_from_name(name);
    for (size_t i = 0; i < countof(cap_labels); i++)
        if ((int)cap_labels[i].cap == c) return cap_labels[i].label;
    return name;
}

/* A role's capability bits and scope: 1 found, 0 not, < 0 error. */
static int role_info(store *s, const char *role, uint64_t *caps, bool *whole_tree)
{
    int64_t w = 0;
    int rc = store_int64(s, &w, "SELECT whole_tree FROM role WHERE name=$1", "t", role);
    if (rc != 1) return rc;
    *whole_tree = w != 0;
    *caps = 0;
    stmt *q = store_query(s, "SELECT capability FROM role_capability WHERE role=$1", "t", role);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int c = cap_from_name(stmt_text(q, 0));
        if (c > 0) *caps |= CAP_BIT(c);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : rc;
}

/* NULL if the request's user may manage a user of unit_id holding role; else the message,
 * with the form field it belongs to in *field. */
static const char *manage_problem(req *r, int64_t unit_id, const char *role, const char **field)
{
    if (auth_whole_tree(r->db, r->user.id)) return NULL;
    *field = "unit";
    if (!actor_req_in_scope(r, unit_id)) return "Đơn vị này nằm ngoài phạm vi quản lý của bạn.";
    uint64_t caps = 0;
    bool whole = false;
    *field = "role";
    if (role_info(r->db, role, &caps, &whole) != 1) return "Không có vai trò này.";
    if (whole) return "Chỉ người quản trị phạm vi toàn tỉnh mới gán được vai trò phạm vi toàn tỉnh.";
    if (caps & ~r->user.caps) return "Vai trò này có quyền mà chính bạn không có, nên bạn không gán được.";
    return NULL;
}

static bool may_see_user(req *r, const struct user_row *u)
{
    return auth_whole_tree(r->db, r->user.id) || actor_req_in_scope(r, u->unit_id);
}

/* ---- option lists for <select> ---- */
struct optlist { const char **v; int n, cap; };

static void opt_add(arena *a, struct optlist *o, const char *value, const char *label)
{
    if (o->n + 3 > o->cap) {
        int cap = o->cap ? o->cap * 2 : 32;
        const char **v = arena_alloc(a, sizeof *v * (size_t)cap);
        if (o->n) memcpy(v, o->v, sizeof *v * (size_t)o->n);
        o->v = v;
        o->cap = cap;
    }
    o->v[o->n++] = value;
    o->v[o->n++] = label;
    o->v[o->n] = NULL;
}

/* The units the actor may use: their subtree, or every unit for a whole-tree role. Filters
 * list historic units too (marked); forms offer only units still in force. */
static const char *const *unit_options(req *r, bool with_historic, const char *first_label)
{
    struct optlist o = {0};
    if (first_label) opt_add(&r->a, &o, "", first_label);
    char today[11];
    iso_date_today(today);
    bool whole = auth_whole_tree(r->db, r->user.id);
    stmt *q = store_query(r->db,
        "WITH RECURSIVE sc(id) AS (SELECT id FROM unit WHERE id = $1"
        " UNION SELECT c.id FROM unit c JOIN sc ON c.parent_id = sc.id)"
        " SELECT id, name, code, valid_to FROM unit"
        " WHERE ($2 = 1 OR id IN (SELECT id FROM sc)) AND ($3 = 1 OR valid_to IS NULL OR valid_to >= $4)"
        " ORDER BY sort_key, name, id LIMIT 5000", "iiit",
        r->user.unit_id, (int64_t)whole, (int64_t)with_historic, today);
    while (q && stmt_step(q) == STORE_ROW) {
        const char *code = stmt_text(q, 2), *valid_to = stmt_text(q, 3);
        bool old = valid_to && strcmp(valid_to, today) < 0;
        opt_add(&r->a, &o, arena_printf(&r->a, "%lld", (long long)stmt_int64(q, 0)),
                arena_printf(&r->a, "%s%s%s%s%s", stmt_text(q, 1), code ? " (" : "", code ? code : "",
                             code ? ")" : "", old ? " — đã hết hiệu lực" : ""));
    }
    stmt_finalize(q);
    if (!o.v) opt_add(&r->a, &o, "", "(không có đơn vị nào)");
    return o.v;
}

/* The roles the actor may hand out (all of them for a whole-tree administrator). */
static const char *const *role_options(req *r, const char *first_label)
{
    struct optlist o = {0};
    if (first_label) opt_add(&r->a, &o, "", first_label);
    bool whole = auth_whole_tree(r->db, r->user.id);
    stmt *q = store_query(r->db, "SELECT name, label FROM role ORDER BY whole_tree DESC, name", "");
    while (q && stmt_step(q) == STORE_ROW) {
        const char *name = stmt_text_dup(q, 0, &r->a), *label = stmt_text_dup(q, 1, &r->a);
        uint64_t caps = 0;
        bool role_whole = false;
        if (!whole && (role_info(r->db, name, &caps, &role_whole) != 1 || role_whole || (caps & ~r->user.caps)))
            continue;
        opt_add(&r->a, &o, name, label);
    }
    stmt_finalize(q);
    if (!o.v) opt_add(&r->a, &o, "", "(không có vai trò nào)");
    return o.v;
}

/* ---- the list ---- */
struct user_filter {
    const char *q, *role, *status;   /* "" for any; status: "active" or "disabled" */
    int64_t unit_id;                  /* 0: any; else that unit and its subtree */
    int64_t scope_unit;               /* 0: whole tree; else only this unit's subtree */
    int64_t limit, offset;
};

#define USER_LIST_WITH \
    "WITH RECURSIVE f(id) AS (SELECT id FROM unit WHERE id = $3" \
    " UNION SELECT c.id FROM unit c JOIN f ON c.parent_id = f.id)," \
    " sc(id) AS (SELECT id FROM unit WHERE id = $4 UNION SELECT c.id FROM unit c JOIN sc ON c.parent_id = sc.id) "
#define USER_LIST_WHERE \
    " WHERE ($1 = '' OR u.name_fold LIKE $1 ESCAPE '\\' OR u.login LIKE $1 ESCAPE '\\')" \
    " AND ($2 = '' OR u.role = $2) AND ($3 = 0 OR u.unit_id IN (SELECT id FROM f))" \
    " AND ($4 = 0 OR u.unit_id IN (SELECT id FROM sc))" \
    " AND ($5 = '' OR ($5 = 'active' AND u.disabled = 0) OR ($5 = 'disabled' AND u.disabled = 1))"


/* Fills rows (arena) with one page of users matching f, and *total with the count of all
 * matches. 0 ok, < 0 database error. */
static int user_list(store *s, arena *a, const struct user_filter *f, struct user_row **rows, int *n, int64_t *total)
{
    const char *pat = str_empty(f->q) ? NULL : vn_like_pattern(a, f->q);
    if (!pat) pat = "";
    const char *role = f->role ? f->role : "", *status = f->status ? f->status : "";
    *n = 0;
    *rows = NULL;
    if (store_int64(s, total, USER_LIST_WITH "SELECT count(*)" USER_FROM USER_LIST_WHERE, "ttiit",
                    pat, role, f->unit_id, f->scope_unit, status) != 1)
        return STORE_ERR;
    stmt *q = store_query(s, USER_LIST_WITH "SELECT " USER_COLUMNS USER_FROM USER_LIST_WHERE
                             " ORDER BY u.name_sort, u.login LIMIT $6 OFFSET $7", "ttiit" "ii",
                          pat, role, f->unit_id, f->scope_unit, status, f->limit, f->offset);
    if (!q) return STORE_ERR;
    /* Grown as rows come: the CLI asks for "all", which must not mean a huge allocation. */
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW && *n < f->limit) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            struct user_row *grown = arena_alloc(a, sizeof *grown * (size_t)cap);
            if (*n) memcpy(grown, *rows, sizeof *grown * (size_t)*n);
            *rows = grown;
        }
        user_from_stmt(q, a, &(*rows)[(*n)++]);
    }
    stmt_finalize(q);
    return rc < 0 ? rc : 0;
}

static void user_filter_from_query(req *r, struct user_filter *f)
{
    memset(f, 0, sizeof *f);
    f->q = web_param(r, "q");
    f->role = web_param(r, "role");
    f->status = web_param(r, "status");
    int64_t v;
    if (parse_int64(web_param(r, "unit"), &v) && v > 0) f->unit_id = v;
    f->scope_unit = auth_whole_tree(r->db, r->user.id) ? 0 : r->user.unit_id;
}

static const char *status_label(const struct user_row *u)
{
    return u->disabled ? "Đã khoá" : u->must_change ? "Phải đổi mật khẩu" : "Đang hoạt động";
}

#define USERS_PER_PAGE 50

void users_page(req *r)
{
    struct user_filter f;
    user_filter_from_query(r, &f);
    int64_t page = page_number(r);
    f.limit = USERS_PER_PAGE;
    f.offset = (page - 1) * USERS_PER_PAGE;
    if (f.q && strlen(f.q) > 200) { web_error(r, 400, "Từ khoá tìm kiếm dài quá 200 ký tự."); return; }
    struct user_row *rows;
    int n;
    int64_t total = 0;
    if (user_list(r->db, &r->a, &f, &rows, &n, &total) != 0) { web_fail(r, "users list"); return; }
    page_begin(r, "Người dùng");
    html(r, "<p class=\"actions\"><a class=\"button\" href=\"/users/new\">Thêm người dùng</a>"
            "<a class=\"button secondary\" href=\"/roles\">Vai trò và quyền</a></p>");
    html(r, "<form method=\"get\" action=\"/users\" class=\"search\" role=\"search\">");
    form_field(r, "search", "q", "Tìm theo tên hoặc tên đăng nhập", f.q, NULL, "maxlength=\"200\"");
    form_select(r, "role", "Vai trò", role_options(r, "Mọi vai trò"), f.role, NULL);
    form_select(r, "unit", "Đơn vị (gồm cả đơn vị trực thuộc)", unit_options(r, true, "Mọi đơn vị"),
                f.unit_id ? arena_printf(&r->a, "%lld", (long long)f.unit_id) : "", NULL);
    static const char *const statuses[] = {"", "Mọi trạng thái", "active", "Đang hoạt động", "disabled", "Đã khoá", NULL};
    form_select(r, "status", "Trạng thái", statuses, f.status, NULL);
    html(r, "<p class=\"actions\"><button type=\"submit\">Lọc</button></p></form>");
    html(r, "<p role=\"status\">%D người dùng%s</p>", total, total > n ? arena_printf(&r->a, ", trang %lld", (long long)page) : "");
    if (n) {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Họ tên</th><th scope=\"col\">Tên đăng nhập</th>"
                "<th scope=\"col\">Đơn vị</th><th scope=\"col\">Vai trò</th><th scope=\"col\">Liên hệ</th>"
                "<th scope=\"col\">Trạng thái</th><th scope=\"col\">Đăng nhập gần nhất</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            const struct user_row *u = &rows[i];
            const char *email = privacy_show(r, PII_EMAIL, u->email);
            const char *phone = privacy_show(r, PII_PHONE, u->phone);
            html(r, "<tr><td><a href=\"/users/%D\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s%s%s</td>"
                    "<td>%s%s</td><td>%s</td></tr>",
                 u->id, u->name, u->login, u->unit_name, u->role_label, email, email && phone ? ", " : "", phone,
                 status_label(u), u->totp ? " · 2 lớp" : "",
                 u->last_login ? iso_local_time(&r->a, u->last_login, false) : "chưa đăng nhập");
        }
        html(r, "</tbody></table></div>");
    } else {
        page_notice(r, "info", "Không có người dùng nào khớp bộ lọc.");
    }
    static const char *const keep[] = {"q", "role", "unit", "status", NULL};
    page_links(r, "/users", keep, page, total > f.offset + n);
    page_end(r);
}

/* ---- one user: pages ---- */
static const char *unit_value(const char *unit) { return str_starts(unit, "id:") ? unit + 3 : unit; }

/* Form fields into `in`. A form's unit is always an id (its <select> values), so it is passed
 * as "id:N": a unit code that happens to equal another unit's id cannot redirect it. */
static void user_input_from_form(req *r, struct user_input *in, bool creating)
{
    memset(in, 0, sizeof *in);
    in->disabled = -1;
    in->must_change = creating ? (kv_get(&r->form, "must_change") ? 1 : 0) : -1;
    if (creating) {
        in->login = kv_get(&r->form, "login");
        in->password = kv_get(&r->form, "password");
    }
    in->name = kv_get(&r->form, "name");
    in->email = kv_get(&r->form, "email");
    in->phone = kv_get(&r->form, "phone");
    in->role = kv_get(&r->form, "role");
    const char *unit = kv_get(&r->form, "unit");
    if (unit) in->unit = *unit ? arena_printf(&r->a, "id:%s", unit) : "";
}

/* Operational failures after a create or update: true if a reply was made. */
static bool fe_operational(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "_busy")) {
        web_header(r, "Retry-After", "5");
        web_error(r, 503, ferr_get(fe, "_busy"));
        return true;
    }
    if (ferr_get(fe, "_")) {
        web_fail(r, ferr_get(fe, "_"));
        return true;
    }
    return false;
}

static void form_checkbox(req *r, const char *name, const char *value, const char *label, bool checked)
{
    html(r, "<div class=\"field check\"><label><input type=\"checkbox\" name=\"%s\" value=\"%s\"%R> %s</label></div>",
         name, value, checked ? " checked" : "", label); // raw: constant attribute
}

static void user_form_fields(req *r, const struct user_input *v, const struct field_errors *fe, bool creating)
{
    bool pii = web_has_cap(r, CAP_PII_READ);
    if (creating)
        form_field(r, "text", "login", "Tên đăng nhập (chữ không dấu, số, . _ -)", v->login, ferr_get(fe, "login"),
                   "required maxlength=\"64\" autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\"");
    form_field(r, "text", "name", "Họ và tên", v->name, ferr_get(fe, "name"), "required maxlength=\"100\"");
    const char *hidden = "placeholder=\"(đã ẩn — để trống nếu không đổi)\"";
    form_field(r, "email", "email", "Email", v->email, ferr_get(fe, "email"), pii || creating ? "maxlength=\"254\"" : hidden);
    form_field(r, "tel", "phone", "Số điện thoại", v->phone, ferr_get(fe, "phone"), pii || creating ? "maxlength=\"40\"" : hidden);
    form_select(r, "unit", "Đơn vị", unit_options(r, !creating, creating ? "— chọn đơn vị —" : NULL),
                unit_value(v->unit), ferr_get(fe, "unit"));
    form_select(r, "role", "Vai trò", role_options(r, creating ? "— chọn vai trò —" : NULL), v->role, ferr_get(fe, "role"));
    if (creating) {
        form_field(r, "password", "password", "Mật khẩu ban đầu (ít nhất 10 ký tự)", NULL, ferr_get(fe, "password"),
                   "required autocomplete=\"new-password\"");
        form_checkbox(r, "must_change", "1", "Bắt buộc đổi mật khẩu ở lần đăng nhập đầu", v->must_change != 0);
    }
}

void user_new_page(req *r)
{
    struct user_input in = {.disabled = -1, .must_change = 1};
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        user_input_from_form(r, &in, true);
        if (user_validate(r->db, &r->a, &in, true, &fe)) {
            const char *field = NULL, *p = manage_problem(r, in.unit_id, in.role, &field);
            if (p) ferr_add(&fe, field, p);
        }
        if (!fe.n) {
            int64_t id = user_create(r->db, &r->a, r->user.id, r->user.login, &in, &fe);
            if (id) {
                web_redirect(r, arena_printf(&r->a, "/users/%lld?ok=created", (long long)id));
                return;
            }
        }
        if (fe_operational(r, &fe)) return;
        r->status = 400;
    }
    page_begin(r, "Thêm người dùng");
    html(r, "<p><a href=\"/users\">← Danh sách người dùng</a></p>");
    if (fe.n) page_notice(r, "error", "Chưa tạo được người dùng: hãy sửa các ô được đánh dấu.");
    form_begin(r, "/users/new", "class=\"narrow\"");
    user_form_fields(r, &in, &fe, true);
    form_end(r, "Tạo người dùng");
    page_end(r);
}

static const char *ok_notice(const char *ok)
{
    static const struct { const char *key, *text; } notices[] = {
        {"created", "Đã tạo người dùng."},
        {"saved", "Đã lưu thay đổi."},
        {"password", "Đã đặt lại mật khẩu; mọi phiên đăng nhập của người này đã kết thúc, mọi mã truy cập API đã bị thu hồi."},
        {"disabled", "Đã khoá tài khoản; các phiên đăng nhập của người này đã kết thúc và mã truy cập API ngừng hoạt động."},
        {"enabled", "Đã mở khoá tài khoản."},
    };
    for (size_t i = 0; ok && i < countof(notices); i++)
        if (str_eq(ok, notices[i].key)) return notices[i].text;
    return NULL;
}

/* The page of one user: summary, edit form, password reset, lock/unlock. `vals` (NULL: the
 * stored values) and `fe` re-show a rejected form. */
static void user_show(req *r, const struct user_row *u, const struct user_input *vals,
                      const struct field_errors *fe, const char *error)
{
    static const struct field_errors none = {0};
    if (!fe) fe = &none;
    bool pii = web_has_cap(r, CAP_PII_READ), self = u->id == r->user.id;
    struct user_input stored = {
        .name = u->name, .role = u->role, .disabled = -1, .must_change = -1,
        .email = pii ? u->email : NULL, .phone = pii ? u->phone : NULL,
        .unit = arena_printf(&r->a, "%lld", (long long)u->unit_id),
    };
    if (!vals) vals = &stored;
    int64_t now = now_unix(), sessions = 0, tokens = 0;
    char now_iso[21];
    iso_time(now, now_iso);
    store_int64(r->db, &sessions, "SELECT count(*) FROM session WHERE user_id=$1 AND expires_at > $2 AND last_seen > $3",
                "iii", u->id, now, now - AUTH_SESSION_IDLE);
    store_int64(r->db, &tokens, "SELECT count(*) FROM api_token WHERE user_id=$1 AND revoked=0"
                                " AND (expires_at IS NULL OR expires_at > $2)", "it", u->id, now_iso);
    page_begin(r, u->name);
    html(r, "<p><a href=\"/users\">← Danh sách người dùng</a></p>");
    const char *notice = ok_notice(web_param(r, "ok"));
    if (error) page_notice(r, "error", error);
    else if (fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu.");
    else if (notice) page_notice(r, "ok", notice);
    html(r, "<dl class=\"facts\"><dt>Tên đăng nhập</dt><dd>%s</dd><dt>Trạng thái</dt><dd>%s</dd>"
            "<dt>Đơn vị</dt><dd>%s</dd><dt>Vai trò</dt><dd>%s</dd>"
            "<dt>Email</dt><dd>%s</dd><dt>Điện thoại</dt><dd>%s</dd>"
            "<dt>Xác thực 2 lớp</dt><dd>%s</dd><dt>Tạo lúc</dt><dd>%s</dd>"
            "<dt>Đổi mật khẩu lần cuối</dt><dd>%s</dd><dt>Đăng nhập gần nhất</dt><dd>%s</dd>"
            "<dt>Phiên đăng nhập đang mở</dt><dd>%D</dd><dt>Mã truy cập API còn hiệu lực</dt><dd>%D</dd></dl>",
         u->login, status_label(u), u->unit_name, u->role_label,
         u->email ? privacy_show(r, PII_EMAIL, u->email) : "—",
         u->phone ? privacy_show(r, PII_PHONE, u->phone) : "—",
         u->totp ? "Đang bật" : "Chưa bật", iso_local_time(&r->a, u->created_at, false),
         u->password_changed_at ? iso_local_time(&r->a, u->password_changed_at, false) : "—",
         u->last_login ? iso_local_time(&r->a, u->last_login, false) : "chưa đăng nhập", sessions, tokens);
    html(r, "<h2 id=\"edit\">Sửa thông tin</h2>");
    const char *action = arena_printf(&r->a, "/users/%lld", (long long)u->id);
    form_begin(r, action, "class=\"narrow\"");
    /* The version the editor saw: a save over someone else's newer change is refused. */
    html(r, "<input type=\"hidden\" name=\"v\" value=\"%s\">", u->updated_at);
    user_form_fields(r, vals, fe, false);
    form_end(r, "Lưu thay đổi");
    if (self) {
        html(r, "<p class=\"muted\">Đây là tài khoản của bạn: đổi mật khẩu và xác thực 2 lớp ở trang "
                "<a href=\"/account\">Tài khoản của tôi</a>.</p>");
    } else {
        html(r, "<h2 id=\"password\">Đặt lại mật khẩu</h2><p>Mọi phiên đăng nhập của người này sẽ kết thúc "
                "và mọi mã truy cập API (token) của họ bị thu hồi.</p>");
        form_begin(r, arena_printf(&r->a, "/users/%lld/password", (long long)u->id), "class=\"narrow\"");
        form_field(r, "password", "password", "Mật khẩu mới (ít nhất 10 ký tự)", NULL, ferr_get(fe, "password"),
                   "required autocomplete=\"new-password\"");
        form_checkbox(r, "must_change", "1", "Bắt buộc đổi mật khẩu ở lần đăng nhập tới", true);
        form_end(r, "Đặt lại mật khẩu");
        html(r, "<h2 id=\"status\">%s</h2>", u->disabled ? "Mở khoá tài khoản" : "Khoá tài khoản");
        form_begin(r, arena_printf(&r->a, "/users/%lld/%s", (long long)u->id, u->disabled ? "enable" : "disable"), NULL);
        html(r, "<p>%s</p><p class=\"actions\"><button type=\"submit\"%R>%s</button></p></form>",
             u->disabled ? "Người này sẽ đăng nhập và dùng mã truy cập API được trở lại."
                         : "Người này không đăng nhập được nữa; các phiên đang mở kết thúc ngay, mã truy cập API ngừng hoạt động.",
             u->disabled ? "" : " class=\"danger\"", // raw: constant attribute
             u->disabled ? "Mở khoá" : "Khoá tài khoản");
    }
    page_end(r);
}

/* Loads user {id} of the route for a page, checking it is within the actor's scope; replies
 * and returns false otherwise. With `write`, also checks the actor may manage that user. */
static bool user_for_page(req *r, struct user_row *u, bool write)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = user_load(r->db, &r->a, id, u);
    if (rc < 0) { web_fail(r, "user load"); return false; }
    if (rc == 0) { web_error(r, 404, "Không có người dùng này."); return false; }
    if (!may_see_user(r, u)) {
        web_error(r, 403, "Người dùng này thuộc đơn vị ngoài phạm vi quản lý của bạn.");
        return false;
    }
    const char *field, *p;
    if (write && (p = manage_problem(r, u->unit_id, u->role, &field))) {
        web_error(r, 403, p);
        return false;
    }
    return true;
}

/* Replies to the outcome of user_update for a page. */
static void user_update_reply(req *r, const struct user_row *u, int res, const struct user_input *vals,
                              const struct field_errors *fe, const char *ok)
{
    switch (res) {
    case 1:
        web_redirect(r, arena_printf(&r->a, "/users/%lld?ok=%s", (long long)u->id, ok));
        return;
    case 0:
        if (fe_operational(r, fe)) return;
        r->status = 400;
        user_show(r, u, vals, fe, NULL);
        return;
    case USER_CONFLICT:
        r->status = 409;
        user_show(r, u, NULL, NULL, "Người khác vừa sửa người dùng này trong lúc bạn sửa; thông tin dưới đây là bản "
                                    "mới nhất. Hãy xem lại rồi sửa lần nữa.");
        return;
    case USER_LAST_ADMIN:
        r->status = 409;
        user_show(r, u, vals, NULL, "Không thể thay đổi như vậy: hệ thống sẽ không còn người quản trị nào đang hoạt "
                                    "động có quyền quản lý người dùng trên toàn tỉnh.");
        return;
    case USER_NOT_FOUND:
        web_error(r, 404, "Không có người dùng này.");
        return;
    default:
        web_fail(r, "user update");
    }
}

void user_page(req *r)
{
    struct user_row u;
    if (!user_for_page(r, &u, web_is_post(r))) return;
    if (!web_is_post(r)) { user_show(r, &u, NULL, NULL, NULL); return; }
    struct user_input in;
    user_input_from_form(r, &in, false);
    if (!web_has_cap(r, CAP_PII_READ)) {
        /* The form could not show these: an empty field means "unchanged", not "erase". */
        if (str_empty(in.email)) in.email = NULL;
        if (str_empty(in.phone)) in.phone = NULL;
    }
    struct field_errors fe = {0};
    struct user_input check = in;
    if (user_validate(r->db, &r->a, &check, false, &fe)) {
        const char *field = NULL, *p = manage_problem(r, check.unit ? check.unit_id : u.unit_id,
                                                      check.role ? check.role : u.role, &field);
        if (p) ferr_add(&fe, field, p);
    }
    int res = fe.n ? 0 : user_update(r->db, &r->a, r->user.id, r->user.login, u.id, &in, kv_get(&r->form, "v"), &fe);
    user_update_reply(r, &u, res, &in, &fe, "saved");
}

void user_password_page(req *r)
{
    struct user_row u;
    if (!user_for_page(r, &u, true)) return;
    if (u.id == r->user.id) {
        web_error(r, 400, "Hãy đổi mật khẩu của chính bạn ở trang Tài khoản của tôi (cần mật khẩu hiện tại).");
        return;
    }
    const char *problem = NULL;
    int res = user_set_password(r->db, r->user.id, r->user.login, u.id, kv_get(&r->form, "password"),
                                kv_get(&r->form, "must_change") != NULL, NULL, false, "password.reset", NULL, &problem);
    if (res == 1) { web_redirect(r, arena_printf(&r->a, "/users/%lld?ok=password#password", (long long)u.id)); return; }
    if (res == USER_BUSY) { web_header(r, "Retry-After", "5"); web_error(r, 503, problem); return; }
    if (res == 0) {
        struct field_errors fe = {0};
        ferr_add(&fe, "password", problem);
        r->status = 400;
        user_show(r, &u, NULL, &fe, NULL);
        return;
    }
    user_update_reply(r, &u, res, NULL, NULL, "password");
}

static void user_set_disabled(req *r, bool disabled)
{
    struct user_row u;
    if (!user_for_page(r, &u, true)) return;
    if (disabled && u.id == r->user.id) {
        web_error(r, 400, "Bạn không thể tự khoá tài khoản của mình.");
        return;
    }
    struct user_input in = {.disabled = disabled, .must_change = -1};
    struct field_errors fe = {0};
    int res = user_update(r->db, &r->a, r->user.id, r->user.login, u.id, &in, NULL, &fe);
    user_update_reply(r, &u, res, NULL, &fe, disabled ? "disabled" : "enabled");
}

void user_disable_page(req *r) { user_set_disabled(r, true); }
void user_enable_page(req *r) { user_set_disabled(r, false); }

/* ---- roles ---- */
struct role_row { const char *name, *label; bool whole_tree; uint64_t caps; int64_t users; };

/* All roles (arena), ordered whole-tree first. 0 ok, < 0 error. */
static int roles_load(store *s, arena *a, struct role_row **out, int *n)
{
    int64_t count = 0;
    if (store_int64(s, &count, "SELECT count(*) FROM role", "") != 1) return STORE_ERR;
    *out = arena_alloc(a, sizeof **out * (size_t)(count + 1));
    *n = 0;
    stmt *q = store_query(s, "SELECT r.name, r.label, r.whole_tree,"
                             " (SELECT count(*) FROM app_user u WHERE u.role = r.name AND u.disabled = 0)"
                             " FROM role r ORDER BY r.whole_tree DESC, r.name", "");
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW && *n < count) {
        struct role_row *rr = &(*out)[(*n)++];
        rr->name = stmt_text_dup(q, 0, a);
        rr->label = stmt_text_dup(q, 1, a);
        rr->whole_tree = stmt_int64(q, 2) != 0;
        rr->users = stmt_int64(q, 3);
    }
    stmt_finalize(q);
    if (rc < 0) return rc;
    for (int i = 0; i < *n; i++) {
        bool w;
        if (role_info(s, (*out)[i].name, &(*out)[i].caps, &w) != 1) return STORE_ERR;
    }
    return 0;
}

static json_t *role_json(const struct role_row *rr, bool with_users)
{
    json_t *caps = json_array();
    for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
        if (rr->caps & CAP_BIT(c)) json_array_append_new(caps, json_string(cap_name((enum capability)c)));
    json_t *o = json_pack("{s:s, s:s, s:b, s:o}", "name", rr->name, "label", rr->label, "whole_tree", rr->whole_tree,
                          "capabilities", caps);
    if (with_users) json_object_set_new(o, "active_users", json_integer(rr->users));
    return o;
}

void roles_page(req *r)
{
    struct role_row *roles;
    int n;
    if (roles_load(r->db, &r->a, &roles, &n) != 0) { web_fail(r, "roles"); return; }
    bool editor = auth_whole_tree(r->db, r->user.id);
    page_begin(r, "Vai trò và quyền");
    html(r, "<p><a href=\"/users\">← Người dùng</a></p>"
            "<p>Mỗi vai trò là một tập quyền. Vai trò <em>phạm vi toàn tỉnh</em> được ghi dữ liệu của mọi đơn vị; "
            "vai trò khác chỉ ghi được dữ liệu của đơn vị mình và các đơn vị trực thuộc.</p>");
    if (str_eq(web_param(r, "ok"), "saved")) page_notice(r, "ok", "Đã lưu vai trò.");
    if (editor) html(r, "<p class=\"actions\"><a class=\"button\" href=\"/roles/new\">Thêm vai trò</a></p>");
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Vai trò</th><th scope=\"col\">Phạm vi</th>"
            "<th scope=\"col\">Quyền</th><th scope=\"col\" class=\"num\">Người dùng</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        html(r, "<tr><td>");
        if (editor) html(r, "<a href=\"/roles/%u\">%s</a>", roles[i].name, roles[i].label);
        else html(r, "%s", roles[i].label);
        html(r, " <span class=\"tag\">%s</span></td><td>%s</td><td><ul>", roles[i].name,
             roles[i].whole_tree ? "Toàn tỉnh" : "Đơn vị và cấp dưới");
        for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
            if (roles[i].caps & CAP_BIT(c)) html(r, "<li>%s</li>", cap_label(cap_name((enum capability)c)));
        html(r, "</ul></td><td class=\"num\">%D</td></tr>", roles[i].users);
    }
    html(r, "</tbody></table></div>");
    page_end(r);
}

static bool valid_role_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > 32 || !(s[0] >= 'a' && s[0] <= 'z') || str_eq(s, "new")) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return true;
}

static void role_form(req *r, const char *name, bool creating, const char *label, bool whole, uint64_t caps,
                      const struct field_errors *fe, const char *error)
{
    page_begin(r, creating ? "Thêm vai trò" : arena_printf(&r->a, "Vai trò: %s", label));
    html(r, "<p><a href=\"/roles\">← Vai trò và quyền</a></p>");
    if (error) page_notice(r, "error", error);
    else if (fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu.");
    form_begin(r, creating ? "/roles/new" : arena_printf(&r->a, "/roles/%s", name), "class=\"narrow\"");
    if (creating)
        form_field(r, "text", "name", "Mã vai trò (a–z, 0–9, _)", name, ferr_get(fe, "name"), "required maxlength=\"32\"");
    form_field(r, "text", "label", "Tên hiển thị", label, ferr_get(fe, "label"), "required maxlength=\"100\"");
    form_checkbox(r, "whole_tree", "1", "Phạm vi toàn tỉnh (ghi được dữ liệu của mọi đơn vị)", whole);
    html(r, "<fieldset><legend>Quyền</legend>");
    if (ferr_get(fe, "capabilities")) html(r, "<p class=\"error\">%s</p>", ferr_get(fe, "capabilities"));
    for (size_t i = 0; i < countof(cap_labels); i++)
        form_checkbox(r, "cap", cap_name(cap_labels[i].cap),
                      arena_printf(&r->a, "%s (%s)", cap_labels[i].label, cap_name(cap_labels[i].cap)),
                      (caps & CAP_BIT(cap_labels[i].cap)) != 0);
    html(r, "</fieldset>");
    form_end(r, creating ? "Tạo vai trò" : "Lưu vai trò");
    page_end(r);
}

/* GET shows a role's form, POST saves it; "/roles/new" creates one. Only administrators whose
 * own role covers the whole tree edit roles: a role is a policy for every unit. */
void role_page(req *r)
{
    const char *name = r->params[0];
    bool creating = str_eq(name, "new");
    if (!auth_whole_tree(r->db, r->user.id)) {
        web_error(r, 403, "Chỉ quản trị viên phạm vi toàn tỉnh mới sửa được vai trò.");
        return;
    }
    struct role_row before = {0};
    if (!creating) {
        int64_t w = 0;
        int rc = store_int64(r->db, &w, "SELECT count(*) FROM role WHERE name=$1", "t", name);
        if (rc != 1) { web_fail(r, "role"); return; }
        if (!w) { web_error(r, 404, "Không có vai trò này."); return; }
        before.name = name;
        store_text(r->db, (char **)&before.label, &r->a, "SELECT label FROM role WHERE name=$1", "t", name);
        if (role_info(r->db, name, &before.caps, &before.whole_tree) != 1) { web_fail(r, "role"); return; }
    }
    struct field_errors fe = {0};
    if (!web_is_post(r)) {
        role_form(r, creating ? "" : name, creating, creating ? "" : before.label, before.whole_tree, before.caps, &fe, NULL);
        return;
    }
    const char *new_name = creating ? kv_get(&r->form, "name") : name;
    char *label = NULL;
    const char *p = user_clean_text(&r->a, kv_get(&r->form, "label"), USER_LABEL_MAX, &label);
    if (p || !*label) ferr_add(&fe, "label", p ? p : "Hãy nhập tên hiển thị.");
    if (creating && !valid_role_name(new_name))
        ferr_add(&fe, "name", "Mã vai trò gồm 2–32 ký tự a–z, 0–9, _ và bắt đầu bằng chữ cái (không dùng 'new').");
    bool whole = kv_get(&r->form, "whole_tree") != NULL;
    uint64_t caps = 0;
    for (int i = 0; i < r->form.n; i++) {
        if (!str_eq(r->form.items[i].name, "cap")) continue;
        int c = cap_from_name(r->form.items[i].value);
        if (c <= CAP_LOGIN) ferr_add(&fe, "capabilities", arena_printf(&r->a, "Không có quyền '%.40s'.", r->form.items[i].value));
        else caps |= CAP_BIT(c);
    }
    if (fe.n) {
        r->status = 400;
        role_form(r, new_name, creating, label, whole, caps, &fe, NULL);
        return;
    }
    struct role_row after = {.name = new_name, .label = label, .whole_tree = whole, .caps = caps};
    json_t *jb = creating ? NULL : role_json(&before, false), *ja = role_json(&after, false);
    const char *error = NULL;
    int status = 0;
    if (store_begin(r->db) != STORE_OK) goto fail;
    int rc = creating
        ? store_exec(r->db, "INSERT INTO role(name, label, whole_tree) VALUES ($1, $2, $3)", "tti", new_name, label, (int64_t)whole)
        : store_exec(r->db, "UPDATE role SET label=$2, whole_tree=$3 WHERE name=$1", "tti", new_name, label, (int64_t)whole);
    if (rc == STORE_CONSTRAINT) { error = "Mã vai trò này đã có."; status = 409; goto fail; }
    if (rc != STORE_OK || store_exec(r->db, "DELETE FROM role_capability WHERE role=$1", "t", new_name) != STORE_OK)
        goto fail;
    for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
        if ((caps & CAP_BIT(c)) &&
            store_exec(r->db, "INSERT INTO role_capability(role, capability) VALUES ($1, $2)", "tt",
                       new_name, cap_name((enum capability)c)) != STORE_OK)
            goto fail;
    if (!admins_remain(r->db)) {
        error = "Không thể lưu như vậy: hệ thống sẽ không còn người quản trị nào đang hoạt động có quyền quản lý "
                "người dùng trên toàn tỉnh.";
        status = 409;
        goto fail;
    }
    if (!json_equal(jb, ja) &&
        audit_write(r->db, r->user.id, r->user.login, creating ? "create" : "update", "role", new_name, jb, ja) < 0)
        goto fail;
    if (store_commit(r->db) != STORE_OK) goto fail;
    json_decref(jb);
    json_decref(ja);
    web_redirect(r, "/roles?ok=saved");
    return;
fail:
    json_decref(jb);
    json_decref(ja);
    if (!status) { web_fail(r, "role save"); return; }
    store_rollback(r->db);
    r->status = status;
    role_form(r, new_name, creating, label, whole, caps, &fe, error);
}

void roles_api(req *r)
{
    struct role_row *roles;
    int n;
    if (roles_load(r->db, &r->a, &roles, &n) != 0) { web_fail(r, "roles"); return; }
    json_t *list = json_array(), *caps = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(list, role_json(&roles[i], true));
    for (size_t i = 0; i < countof(cap_labels); i++)
        json_array_append_new(caps, json_pack("{s:s, s:s}", "name", cap_name(cap_labels[i].cap), "label", cap_labels[i].label));
    web_json(r, 200, json_pack("{s:o, s:o}", "roles", list, "capabilities", caps));
}

/* ---- JSON API ---- */
/* Reads the string member `key` of obj: absent leaves *out NULL; null gives "" where `nullable`
 * (clearing the value); anything else that is not a string is a field error. */
static void json_member_str(json_t *obj, const char *key, bool nullable, const char **out, struct field_errors *fe)
{
    json_t *v = json_object_get(obj, key);
    if (!v) return;
    if (json_is_null(v) && nullable) *out = "";
    else if (json_is_string(v)) *out = json_string_value(v);
    else ferr_add(fe, key, nullable ? "Phải là chuỗi hoặc null." : "Phải là chuỗi.");
}

static void json_member_bool(json_t *obj, const char *key, int *out, struct field_errors *fe)
{
    json_t *v = json_object_get(obj, key);
    if (!v) return;
    if (json_is_boolean(v)) *out = json_is_true(v);
    else ferr_add(fe, key, "Phải là true hoặc false.");
}

/* A user from a JSON body; unknown members are errors (a typo must not be silently ignored). */
static bool user_input_from_json(req *r, struct user_input *in, bool creating, struct field_errors *fe)
{
    memset(in, 0, sizeof *in);
    in->disabled = in->must_change = -1;
    if (!json_is_object(r->json)) {
        ferr_add(fe, "_body", "Cần một đối tượng JSON (Content-Type: application/json).");
        return false;
    }
    static const char *const create_keys[] = {"login", "name", "email", "phone", "unit", "role", "password",
                                              "must_change_password", NULL};
    static const char *const update_keys[] = {"name", "email", "phone", "unit", "role", "password", "disabled",
                                              "must_change_password", "version", NULL};
    const char *key;
    json_t *v;
    json_object_foreach(r->json, key, v) {
        bool known = false;
        for (const char *const *k = creating ? create_keys : update_keys; *k && !known; k++) known = str_eq(*k, key);
        if (!known) ferr_add(fe, arena_printf(&r->a, "%.64s", key), "Trường này không được hỗ trợ.");
    }
    if (creating) json_member_str(r->json, "login", false, &in->login, fe);
    json_member_str(r->json, "name", false, &in->name, fe);
    json_member_str(r->json, "email", true, &in->email, fe);
    json_member_str(r->json, "phone", true, &in->phone, fe);
    json_member_str(r->json, "role", false, &in->role, fe);
    json_member_str(r->json, "password", false, &in->password, fe);
    /* JSON tells numbers from strings, so no guessing: a number is a unit id, a string a unit
     * code (the explicit "id:N" and "code:X" forms also work). */
    json_t *unit = json_object_get(r->json, "unit");
    if (json_is_integer(unit)) in->unit = arena_printf(&r->a, "id:%lld", (long long)json_integer_value(unit));
    else json_member_str(r->json, "unit", false, &in->unit, fe);
    if (json_is_string(unit) && !str_starts(in->unit, "id:") && !str_starts(in->unit, "code:"))
        in->unit = arena_printf(&r->a, "code:%s", in->unit);
    if (!creating) json_member_bool(r->json, "disabled", &in->disabled, fe);
    json_member_bool(r->json, "must_change_password", &in->must_change, fe);
    if (creating && in->must_change < 0) in->must_change = 0;
    return fe->n == 0;
}

static void reply_fields(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "_busy")) {
        web_header(r, "Retry-After", "5");
        web_error(r, 503, ferr_get(fe, "_busy"));
    } else if (ferr_get(fe, "_")) {
        web_fail(r, ferr_get(fe, "_"));
    } else {
        web_json_fields(r, "Dữ liệu không hợp lệ: xem từng trường trong \"fields\".", ferr_json(fe));
    }
}

void users_api(req *r)
{
    bool pii = web_has_cap(r, CAP_PII_READ);
    if (!web_is_post(r)) {
        struct user_filter f;
        user_filter_from_query(r, &f);
        f.limit = 100;
        int64_t v;
        const char *limit = web_param(r, "limit"), *offset = web_param(r, "offset");
        if (limit && (!parse_int64(limit, &v) || v < 1 || v > 1000)) { web_error(r, 400, "limit phải là số từ 1 đến 1000."); return; }
        if (limit) f.limit = v;
        if (offset && (!parse_int64(offset, &v) || v < 0)) { web_error(r, 400, "offset phải là số không âm."); return; }
        if (offset) f.offset = v;
        if (f.q && strlen(f.q) > 200) { web_error(r, 400, "Từ khoá tìm kiếm (q) dài quá 200 ký tự."); return; }
        if (f.status && *f.status && !str_eq(f.status, "active") && !str_eq(f.status, "disabled")) {
            web_error(r, 400, "status phải là active hoặc disabled.");
            return;
        }
        struct user_row *rows;
        int n;
        int64_t total = 0;
        if (user_list(r->db, &r->a, &f, &rows, &n, &total) != 0) { web_fail(r, "users list"); return; }
        json_t *list = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(list, user_json(&r->a, &rows[i], !pii));
        web_json(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "users", list, "total", (json_int_t)total,
                                   "limit", (json_int_t)f.limit, "offset", (json_int_t)f.offset));
        return;
    }
    struct user_input in;
    struct field_errors fe = {0};
    if (user_input_from_json(r, &in, true, &fe) && user_validate(r->db, &r->a, &in, true, &fe)) {
        const char *field = NULL, *p = manage_problem(r, in.unit_id, in.role, &field);
        if (p) { web_error(r, 403, p); return; }
    }
    int64_t id = fe.n ? 0 : user_create(r->db, &r->a, r->user.id, r->user.login, &in, &fe);
    struct user_row u;
    if (!id) { reply_fields(r, &fe); return; }
    if (user_load(r->db, &r->a, id, &u) != 1) { web_fail(r, "user load"); return; }
    web_header(r, "Location", arena_printf(&r->a, "/api/users/%lld", (long long)id));
    web_json(r, 201, user_json(&r->a, &u, !pii));
}

void user_api(req *r)
{
    struct user_row u;
    bool patch = str_eq(r->method, "PATCH");
    if (!user_for_page(r, &u, patch)) return;
    bool pii = web_has_cap(r, CAP_PII_READ);
    if (!patch) { web_json(r, 200, user_json(&r->a, &u, !pii)); return; }
    struct user_input in;
    struct field_errors fe = {0};
    const char *version = NULL;
    if (user_input_from_json(r, &in, false, &fe)) json_member_str(r->json, "version", false, &version, &fe);
    if (!fe.n && u.id == r->user.id && (in.disabled == 1 || in.password)) {
        web_error(r, 400, in.password ? "Đổi mật khẩu của chính bạn qua POST /api/account/password (cần mật khẩu hiện tại)."
                                      : "Bạn không thể tự khoá tài khoản của mình.");
        return;
    }
    struct user_input check = in;
    if (!fe.n && user_validate(r->db, &r->a, &check, false, &fe)) {
        const char *field = NULL, *p = manage_problem(r, check.unit ? check.unit_id : u.unit_id,
                                                      check.role ? check.role : u.role, &field);
        if (p) { web_error(r, 403, p); return; }
    }
    int res = fe.n ? 0 : user_update(r->db, &r->a, r->user.id, r->user.login, u.id, &in, version, &fe);
    switch (res) {
    case 1:
        if (user_load(r->db, &r->a, u.id, &u) != 1) { web_fail(r, "user load"); return; }
        web_json(r, 200, user_json(&r->a, &u, !pii));
        return;
    case 0: reply_fields(r, &fe); return;
    case USER_CONFLICT: web_error(r, 409, "Người dùng đã được sửa sau phiên bản (version) bạn gửi; hãy đọc lại rồi sửa."); return;
    case USER_LAST_ADMIN:
        web_error(r, 409, "Thay đổi này sẽ làm hệ thống không còn quản trị viên toàn tỉnh nào đang hoạt động.");
        return;
    case USER_NOT_FOUND: web_error(r, 404, "Không có người dùng này."); return;
    default: web_fail(r, "user update");
    }
}

/* ---- API tokens (issued here for the CLI and for account.c) ---- */
int64_t user_token_default_days(store *s)
{
    int64_t max = setting_int(s, "token.max_days");
    return max < 90 ? max : 90;
}

bool user_token_validate(store *s, arena *a, const char *label, int64_t expires_days, const char **clean,
                         struct field_errors *fe)
{
    char *c = NULL;
    const char *p = user_clean_text(a, label, USER_LABEL_MAX, &c);
    if (!p && !*c) p = "Hãy đặt tên cho mã truy cập (để biết nó dùng cho việc gì).";
    if (p) ferr_add(fe, "label", p);
    *clean = c;
    /* A token is a password that never asks for a second factor: it must end. Refused rather
     * than clamped, so nobody believes they hold a longer-lived token than they do. */
    int64_t max = setting_int(s, "token.max_days");
    if (expires_days <= 0)
        ferr_add(fe, "expires_days", arena_printf(a, "Mã truy cập phải có thời hạn: từ 1 đến %lld ngày "
                                                     "(giới hạn token.max_days).", (long long)max));
    else if (expires_days > max)
        ferr_add(fe, "expires_days", arena_printf(a, "Thời hạn dài nhất của một mã truy cập là %lld ngày "
                                                     "(giới hạn token.max_days); %lld ngày là quá dài.",
                                                  (long long)max, (long long)expires_days));
    return fe->n == 0;
}

int64_t user_token_issue(store *s, arena *a, int64_t actor_id, const char *actor_login, int64_t user_id,
                         const char *label, int64_t expires_days, char out[AUTH_TOKEN_LEN + 1], struct field_errors *fe)
{
    const char *clean = NULL;
    if (!user_token_validate(s, a, label, expires_days, &clean, fe)) return 0;
    int64_t disabled = 1;
    int rc = store_int64(s, &disabled, "SELECT disabled FROM app_user WHERE id=$1", "i", user_id);
    if (rc < 0) return rc;
    if (rc == 0 || disabled) { ferr_add(fe, "user", "Tài khoản không tồn tại hoặc đang bị khoá."); return 0; }
    char expires[21];
    iso_time(now_unix() + expires_days * 86400, expires);
    int64_t id = 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    json_t *after = json_pack("{s:I, s:s, s:s}", "user_id", (json_int_t)user_id, "label", clean, "expires_at", expires);
    if (auth_token_create_until(s, user_id, clean, expires, out, &id) != 0 ||
        audit_write(s, actor_id, actor_login, "token.create", "api_token", arena_printf(a, "%lld", (long long)id),
                    NULL, after) < 0 ||
        store_commit(s) != STORE_OK) {
        json_decref(after);
        store_rollback(s);
        sodium_memzero(out, AUTH_TOKEN_LEN + 1);
        return STORE_ERR;
    }
    json_decref(after);
    return id;
}

int user_token_revoke(store *s, int64_t actor_id, const char *actor_login, int64_t user_id, int64_t token_id)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = auth_token_revoke(s, user_id, token_id);
    if (rc == 1) {
        char eid[24];
        snprintf(eid, sizeof eid, "%lld", (long long)token_id);
        json_t *after = json_pack("{s:I, s:b}", "user_id", (json_int_t)user_id, "revoked", 1);
        int64_t aid = audit_write(s, actor_id, actor_login, "token.revoke", "api_token", eid, NULL, after);
        json_decref(after);
        if (aid < 0) rc = STORE_ERR;
    }
    if (rc < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return rc < 0 ? rc : STORE_ERR; }
    return rc;
}

/* ---- CLI ---- */
/* Reads one line (without its end) from f into a malloc'd string; NULL on EOF before any byte. */
static char *read_line(FILE *f)
{
    buf b = {0};
    int c;
    bool any = false;
    while ((c = fgetc(f)) != EOF) {
        any = true;
        if (c == '\n') break;
        if (b.len > 4096) continue;   /* far beyond the rules; the rule check reports it */
        buf_putc(&b, (char)c);
    }
    if (!any) { buf_free(&b); return NULL; }
    while (b.len && b.data[b.len - 1] == '\r') b.data[--b.len] = 0;
    return buf_detach(&b);
}

static char *prompt_hidden(const char *prompt)
{
    struct termios old, quiet;
    fputs(prompt, stderr);
    fflush(stderr);
    bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *line = read_line(stdin);
    if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return line;
}

static void free_secret(char *s)
{
    if (s) { sodium_memzero(s, strlen(s)); free(s); }
}

/* The password for add/passwd: --password (explicit, for scripts), else the first line of
 * --password-file, else standard input (asked twice, without echo, on a terminal). malloc'd;
 * NULL after printing why. */
static char *cli_password(const char *cmd, const char *given, const char *file)
{
    if (given) return xstrdup(given);
    if (file) {
        FILE *f = fopen(file, "r");
        if (!f) { fprintf(stderr, "thidua user %s: cannot read %s: %s\n", cmd, file, strerror(errno)); return NULL; }
        char *pw = read_line(f);
        fclose(f);
        if (!pw) fprintf(stderr, "thidua user %s: %s is empty\n", cmd, file);
        return pw;
    }
    if (!isatty(STDIN_FILENO)) {
        char *pw = read_line(stdin);
        if (!pw) fprintf(stderr, "thidua user %s: no password on standard input\n", cmd);
        return pw;
    }
    char *pw = prompt_hidden("Mật khẩu: "), *again = pw ? prompt_hidden("Nhập lại mật khẩu: ") : NULL;
    if (!pw || !again || strcmp(pw, again) != 0) {
        fprintf(stderr, "thidua user %s: the two passwords differ\n", cmd);
        free_secret(pw);
        free_secret(again);
        return NULL;
    }
    free_secret(again);
    return pw;
}

static void print_field_errors(const char *cmd, const struct field_errors *fe, store *s)
{
    for (int i = 0; i < fe->n; i++) {
        const char *name = fe->items[i].name;
        if (str_eq(name, "_")) fprintf(stderr, "thidua user %s: %s failed: %s\n", cmd, fe->items[i].value, store_errmsg(s));
        else if (str_eq(name, "_busy")) fprintf(stderr, "thidua user %s: %s\n", cmd, fe->items[i].value);
        else fprintf(stderr, "thidua user %s: --%s: %s\n", cmd, name, fe->items[i].value);
    }
}

static int user_add_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    struct user_input in = {.disabled = -1};
    in.login = cli_option(&argc, argv, "login");
    in.name = cli_option(&argc, argv, "name");
    in.unit = cli_option(&argc, argv, "unit");
    in.role = cli_option(&argc, argv, "role");
    in.email = cli_option(&argc, argv, "email");
    in.phone = cli_option(&argc, argv, "phone");
    in.must_change = cli_flag(&argc, argv, "must-change");
    const char *pw_file = cli_option(&argc, argv, "password-file"), *pw_given = cli_option(&argc, argv, "password");
    store *s = NULL;
    if (!in.login || !in.name || !in.unit || !in.role || argc > 1 || (pw_file && pw_given)) {
        fprintf(stderr, "usage: thidua user add --login L --name N --unit ID|CODE --role R [--email E] [--phone P]\n"
                        "       [--must-change] [--password-file F | --password P] --db FILE\n"
                        "  (without --password-file or --password the password is read from standard input)\n");
        return 2;
    }
    if (!(s = cli_open_existing_db("user add", db, true))) return 1;
    char *pw = cli_password("add", pw_given, pw_file);
    if (!pw) { store_close(s); return 1; }
    in.password = pw;
    arena a = {0};
    struct field_errors fe = {0};
    int64_t id = user_create(s, &a, 0, cli_actor(&a), &in, &fe);
    if (id) printf("created user %s (id %lld)\n", in.login, (long long)id);
    else print_field_errors("add", &fe, s);
    free_secret(pw);
    arena_free(&a);
    store_close(s);
    return id ? 0 : 1;
}

static int display_width(const char *s)
{
    int w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
    for (utf8proc_ssize_t left = (utf8proc_ssize_t)strlen((const char *)p); left > 0;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) { n = 1; cp = '?'; }
        w += utf8proc_charwidth(cp);
        p += n;
        left -= n;
    }
    return w;
}

static void print_cell(const char *s, int width, bool last)
{
    fputs(s ? s : "", stdout);
    if (last) { putchar('\n'); return; }
    for (int i = display_width(s); i < width + 2; i++) putchar(' ');
}

static int user_list_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    bool as_json = cli_flag(&argc, argv, "json");
    struct user_filter f = {.limit = 1000000};
    f.q = cli_option(&argc, argv, "search");
    f.role = cli_option(&argc, argv, "role");
    f.status = cli_option(&argc, argv, "status");
    const char *unit = cli_option(&argc, argv, "unit");
    if (argc > 1 || (f.status && !str_eq(f.status, "active") && !str_eq(f.status, "disabled"))) {
        fprintf(stderr, "usage: thidua user list [--json] [--search TEXT] [--role R] [--unit ID|CODE]"
                        " [--status active|disabled] --db FILE\n");
        return 2;
    }
    store *s = cli_open_existing_db("user list", db, true);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    if (unit) {
        int u = unit_resolve(s, unit, &f.unit_id);
        if (u != UNIT_FOUND) {
            fprintf(stderr, "thidua user list: --unit %s: %s\n", unit,
                    u == UNIT_AMBIGUOUS ? "both a unit code and another unit's id; write id:N or code:X" : "no such unit");
            goto out;
        }
    }
    struct user_row *rows;
    int n;
    int64_t total;
    if (user_list(s, &a, &f, &rows, &n, &total) != 0) {
        fprintf(stderr, "thidua user list: %s\n", store_errmsg(s));
        goto out;
    }
    if (as_json) {
        json_t *list = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(list, user_json(&a, &rows[i], false));
        char *text = json_dumps(list, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        puts(text ? text : "[]");
        free(text);
        json_decref(list);
    } else {
        const char *head[] = {"ID", "LOGIN", "NAME", "ROLE", "UNIT", "STATUS", "LAST LOGIN"};
        enum { COLS = 7 };
        const char **cells = arena_alloc(&a, sizeof *cells * (size_t)(n + 1) * COLS);
        int width[COLS] = {0};
        for (int c = 0; c < COLS; c++) cells[c] = head[c];
        for (int i = 0; i < n; i++) {
            const struct user_row *u = &rows[i];
            const char **row = cells + (size_t)(i + 1) * COLS;
            row[0] = arena_printf(&a, "%lld", (long long)u->id);
            row[1] = u->login;
            row[2] = u->name;
            row[3] = u->role;
            row[4] = u->unit_name;
            row[5] = arena_printf(&a, "%s%s", u->disabled ? "disabled" : u->must_change ? "must-change" : "active",
                                  u->totp ? "+2fa" : "");
            row[6] = u->last_login ? u->last_login : "-";
        }
        for (int i = 0; i <= n; i++)
            for (int c = 0; c < COLS; c++) {
                int w = display_width(cells[(size_t)i * COLS + c]);
                if (w > width[c]) width[c] = w;
            }
        for (int i = 0; i <= n; i++)
            for (int c = 0; c < COLS; c++) print_cell(cells[(size_t)i * COLS + c], width[c], c == COLS - 1);
    }
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* The user named by a login or "id:N" on the command line; prints why not and returns 0. */
static int64_t cli_user(store *s, const char *cmd, const char *ref)
{
    int64_t id = 0;
    if (str_starts(ref, "id:") && parse_int64(ref + 3, &id)) {
        int64_t n = 0;
        if (store_int64(s, &n, "SELECT count(*) FROM app_user WHERE id=$1", "i", id) == 1 && n) return id;
        id = 0;
    } else {
        id = user_id_by_login(s, ref);
    }
    if (!id) fprintf(stderr, "thidua user %s: no user '%s'\n", cmd, ref);
    return id;
}

static int user_passwd_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    bool must = cli_flag(&argc, argv, "must-change");
    const char *pw_file = cli_option(&argc, argv, "password-file"), *pw_given = cli_option(&argc, argv, "password");
    store *s = NULL;
    if (argc != 2 || (pw_file && pw_given)) {
        fprintf(stderr, "usage: thidua user passwd LOGIN [--must-change] [--password-file F | --password P] --db FILE\n"
                        "  (without --password-file or --password the password is read from standard input)\n");
        return 2;
    }
    if (!(s = cli_open_existing_db("user passwd", db, true))) return 1;
    int64_t id = cli_user(s, "passwd", argv[1]);
    char *pw = id ? cli_password("passwd", pw_given, pw_file) : NULL;
    int rc = 1;
    if (pw) {
        arena a = {0};
        const char *problem = NULL;
        int revoked = 0;
        int res = user_set_password(s, 0, cli_actor(&a), id, pw, must, NULL, false, "password.reset", &revoked, &problem);
        if (res == 1) {
            printf("password of %s set; their sessions have ended and their %d live API token(s) are revoked\n",
                   argv[1], revoked);
            rc = 0;
        }
        else if (problem) fprintf(stderr, "thidua user passwd: %s\n", problem);
        else fprintf(stderr, "thidua user passwd: %s\n", store_errmsg(s));
        arena_free(&a);
    }
    free_secret(pw);
    store_close(s);
    return rc;
}

static int set_disabled_cmd(const char *cmd, int argc, char **argv, bool disabled)
{
    const char *db = cli_db_path(&argc, argv);
    if (argc != 2) {
        fprintf(stderr, "usage: thidua user %s LOGIN --db FILE\n", cmd);
        return 2;
    }
    store *s = cli_open_existing_db(disabled ? "user disable" : "user enable", db, true);
    if (!s) return 1;
    int64_t id = cli_user(s, cmd, argv[1]);
    int rc = 1;
    if (id) {
        arena a = {0};
        struct user_input in = {.disabled = disabled, .must_change = -1};
        struct field_errors fe = {0};
        int res = user_update(s, &a, 0, cli_actor(&a), id, &in, NULL, &fe);
        if (res == 1) { printf("%s %s\n", argv[1], disabled ? "disabled; their sessions have ended" : "enabled"); rc = 0; }
        else if (res == USER_LAST_ADMIN)
            fprintf(stderr, "thidua user %s: refused: no enabled whole-tree user administrator would remain\n", cmd);
        else print_field_errors(cmd, &fe, s);
        arena_free(&a);
    }
    store_close(s);
    return rc;
}

static int user_disable_cmd(int argc, char **argv) { return set_disabled_cmd("disable", argc, argv, true); }
static int user_enable_cmd(int argc, char **argv) { return set_disabled_cmd("enable", argc, argv, false); }

static int user_token_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    const char *label = cli_option(&argc, argv, "label"), *days = cli_option(&argc, argv, "expires-days");
    const char *revoke = cli_option(&argc, argv, "revoke");
    bool list = cli_flag(&argc, argv, "list");
    int64_t ndays = 0, revoke_id = 0;
    int modes = (label != NULL) + (revoke != NULL) + list;
    store *s = NULL;
    if (argc != 2 || modes != 1 || (days && (!label || !parse_int64(days, &ndays))) ||
        (revoke && (!parse_int64(revoke, &revoke_id) || revoke_id <= 0))) {
        fprintf(stderr, "usage: thidua user token LOGIN --label TEXT [--expires-days N] --db FILE   (prints the new token once)\n"
                        "       thidua user token LOGIN --list --db FILE\n"
                        "       thidua user token LOGIN --revoke TOKEN_ID --db FILE\n"
                        "  N: 1 to the setting token.max_days (default 365); without it, 90 (or the limit if lower)\n");
        return 2;
    }
    if (!(s = cli_open_existing_db("user token", db, true))) return 1;
    int64_t user_id = cli_user(s, "token", argv[1]);
    int rc = 1;
    arena a = {0};
    if (!user_id) goto out;
    if (list) {
        stmt *q = store_query(s, "SELECT id, label, created_at, expires_at, last_used, revoked FROM api_token"
                                 " WHERE user_id=$1 ORDER BY id", "i", user_id);
        printf("%-6s %-21s %-21s %-21s %-8s %s\n", "ID", "CREATED", "EXPIRES", "LAST USED", "STATUS", "LABEL");
        while (q && stmt_step(q) == STORE_ROW)
            printf("%-6lld %-21s %-21s %-21s %-8s %s\n", (long long)stmt_int64(q, 0), stmt_text(q, 2),
                   stmt_text(q, 3) ? stmt_text(q, 3) : "never", stmt_text(q, 4) ? stmt_text(q, 4) : "-",
                   stmt_int64(q, 5) ? "revoked" : "live", stmt_text(q, 1));
        stmt_finalize(q);
        rc = q ? 0 : 1;
    } else if (revoke) {
        int res = user_token_revoke(s, 0, cli_actor(&a), user_id, revoke_id);
        if (res == 1) { printf("token %lld revoked\n", (long long)revoke_id); rc = 0; }
        else if (res == 0) fprintf(stderr, "thidua user token: %s has no live token %lld\n", argv[1], (long long)revoke_id);
        else fprintf(stderr, "thidua user token: %s\n", store_errmsg(s));
    } else {
        char token[AUTH_TOKEN_LEN + 1];
        struct field_errors fe = {0};
        if (!days) ndays = user_token_default_days(s);
        int64_t id = user_token_issue(s, &a, 0, cli_actor(&a), user_id, label, ndays, token, &fe);
        if (id > 0) {
            puts(token);
            fprintf(stderr, "token %lld for %s, valid %lld days: store it now, it is not shown again\n", (long long)id,
                    argv[1], (long long)ndays);
            sodium_memzero(token, sizeof token);
            rc = 0;
        } else if (fe.n) {
            for (int i = 0; i < fe.n; i++) fprintf(stderr, "thidua user token: %s\n", fe.items[i].value);
        } else {
            fprintf(stderr, "thidua user token: %s\n", store_errmsg(s));
        }
    }
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* Recovery for a lost authenticator: an operator with the database turns the second factor
 * off; the user signs in with the password and enrols again. */
static int user_totp_off_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    if (argc != 2) { fprintf(stderr, "usage: thidua user totp-off LOGIN --db FILE\n"); return 2; }
    store *s = cli_open_existing_db("user totp-off", db, true);
    if (!s) return 1;
    int64_t id = cli_user(s, "totp-off", argv[1]);
    int rc = 1;
    arena a = {0};
    json_t *after = json_pack("{s:b}", "two_factor", 0);
    if (id && store_begin(s) == STORE_OK) {
        if (store_exec(s, "UPDATE app_user SET totp_secret=NULL, totp_pending=NULL WHERE id=$1", "i", id) == STORE_OK &&
            audit_write(s, 0, cli_actor(&a), "totp.disable", "user", arena_printf(&a, "%lld", (long long)id), NULL, after) >= 0 &&
            store_commit(s) == STORE_OK) {
            printf("two-factor login of %s is off; they sign in with the password and may enrol again\n", argv[1]);
            rc = 0;
        } else {
            store_rollback(s);
            fprintf(stderr, "thidua user totp-off: %s\n", store_errmsg(s));
        }
    }
    json_decref(after);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int user_roles_cmd(int argc, char **argv)
{
    const char *db = cli_db_path(&argc, argv);
    bool as_json = cli_flag(&argc, argv, "json");
    if (argc > 1) { fprintf(stderr, "usage: thidua user roles [--json] --db FILE\n"); return 2; }
    store *s = cli_open_existing_db("user roles", db, true);
    if (!s) return 1;
    arena a = {0};
    struct role_row *roles;
    int n, rc = 1;
    if (roles_load(s, &a, &roles, &n) == 0) {
        rc = 0;
        if (as_json) {
            json_t *list = json_array();
            for (int i = 0; i < n; i++) json_array_append_new(list, role_json(&roles[i], true));
            char *text = json_dumps(list, JSON_INDENT(2) | JSON_ENSURE_ASCII);
            puts(text ? text : "[]");
            free(text);
            json_decref(list);
        }
        for (int i = 0; !as_json && i < n; i++) {
            printf("%s%s (%lld active users): %s\n ", roles[i].name, roles[i].whole_tree ? " [whole tree]" : "",
                   (long long)roles[i].users, roles[i].label);
            for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
                if (roles[i].caps & CAP_BIT(c)) printf(" %s", cap_name((enum capability)c));
            putchar('\n');
        }
    } else {
        fprintf(stderr, "thidua user roles: %s\n", store_errmsg(s));
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

const struct cli_cmd user_cmds[] = {
    {"add", user_add_cmd, "--login L --name N --unit ID|CODE --role R [--email E] [--phone P] [--must-change] "
                          "[--password-file F | --password P] --db FILE",
     "create a user; the password comes from standard input (asked twice without echo on a terminal) "
     "unless --password-file or --password (visible to other local users: scripts only) is given"},
    {"list", user_list_cmd, "[--json] [--search TEXT] [--role R] [--unit ID|CODE] [--status active|disabled] --db FILE",
     "list users as a table, or as JSON"},
    {"passwd", user_passwd_cmd, "LOGIN [--must-change] [--password-file F | --password P] --db FILE",
     "set a user's password (read like 'add'); ends their sessions and revokes their API tokens"},
    {"disable", user_disable_cmd, "LOGIN --db FILE", "lock an account: no login, sessions end, API tokens stop working"},
    {"enable", user_enable_cmd, "LOGIN --db FILE", "unlock an account"},
    {"token", user_token_cmd, "LOGIN --label TEXT [--expires-days N] | --list | --revoke ID --db FILE",
     "create an API token (printed once; 1 to token.max_days days, default 90), list a user's tokens, or revoke one"},
    {"totp-off", user_totp_off_cmd, "LOGIN --db FILE", "turn off a user's two-factor login (lost authenticator)"},
    {"roles", user_roles_cmd, "[--json] --db FILE", "list roles with their capabilities"},
    {0},
};

int user_cmd(int argc, char **argv) { return cli_dispatch("user", user_cmds, argc, argv); }
