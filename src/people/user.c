/* user.c: the users domain (user.h): validation and storage of users (create, update,
 * password set and reset, disable/enable, two-factor off) and of their API tokens, each write
 * audited in its own transaction, and the rule of who may manage whom, checked here against
 * the actor so that the pages, the API, the CLI and the demo data cannot differ.
 *
 * Who may manage whom: an actor whose role covers the whole tree manages everyone, while any
 * other holder of user.admin manages only users of units in their own subtree, and may only
 * hand out roles that are not whole-tree and whose capabilities they hold themselves. A user
 * may change their own name, email, phone, password and tokens. No change may leave the system
 * without an enabled user who can manage users across the whole tree (admin_rule.h). */
#include "user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "admin_rule.h"
#include "api.h"
#include "audit.h"
#include "privacy.h"
#include "pwhash.h"
#include "role.h"
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

/* Search folding, the system's one (vn_fold), into the arena; NULL in, NULL out. */
static char *user_fold(arena *a, const char *s)
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

int user_unit_resolve(store *s, const char *text, int64_t *id)
{
    struct ref ref = ref_parse(text);
    int64_t by_code = 0, by_id = 0;
    *id = 0;
    int rc = 1;
    switch (ref.kind) {
    case REF_ID:
        rc = store_int64(s, id, "SELECT id FROM unit WHERE id=$1", "i", ref.id);
        break;
    case REF_CODE:
        rc = store_int64(s, id, "SELECT id FROM unit WHERE code=$1", "t", ref.code);
        break;
    case REF_DIGITS:
        /* Bare digits are an id, unless they are also another unit's code: then nothing is guessed. */
        if ((rc = store_int64(s, &by_code, "SELECT id FROM unit WHERE code=$1", "t", ref.code)) < 0) return rc;
        if ((rc = store_int64(s, &by_id, "SELECT id FROM unit WHERE id=$1", "i", ref.id)) < 0) return rc;
        if (by_code && by_id && by_code != by_id) return UNIT_AMBIGUOUS;
        *id = by_code ? by_code : by_id;
        return *id ? UNIT_FOUND : UNIT_NONE;
    default:
        return UNIT_NONE;
    }
    return rc < 0 ? rc : rc == 1 ? UNIT_FOUND : UNIT_NONE;
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
            int rc = user_unit_resolve(s, in->unit, &in->unit_id);
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

/* ---- who may manage whom ---- */
const char *user_manage_problem(store *s, const struct actor *actor, int64_t unit_id, const char *role,
                                const char **field)
{
    *field = "_auth";
    if (!actor_has(actor, CAP_USER_ADMIN)) return "Bạn không có quyền quản lý người dùng.";
    if (actor->whole_tree) return NULL;
    *field = "unit";
    if (!actor_in_scope(s, actor, unit_id)) return "Đơn vị này nằm ngoài phạm vi quản lý của bạn.";
    uint64_t caps = 0;
    bool whole = false;
    *field = "role";
    if (role_info(s, role, &caps, &whole) != 1) return "Không có vai trò này.";
    if (whole) return "Chỉ người quản trị phạm vi toàn tỉnh mới gán được vai trò phạm vi toàn tỉnh.";
    if (caps & ~actor->caps) return "Vai trò này có quyền mà chính bạn không có, nên bạn không gán được.";
    return NULL;
}

bool user_may_see(store *s, const struct actor *actor, int64_t unit_id)
{
    return actor->whole_tree || actor_in_scope(s, actor, unit_id);
}

/* The actor may act on user `id` as its manager or as the user itself (self_ok): 1 yes, 0 no
 * (reason in *why), USER_NOT_FOUND, USER_FAILED. */
static int may_act_on(store *s, arena *a, const struct actor *actor, int64_t id, bool self_ok, const char **why)
{
    *why = NULL;
    if (self_ok && actor->user_id && actor->user_id == id) return 1;
    struct user_row u;
    int rc = user_load(s, a, id, &u);
    if (rc != 1) return rc == 0 ? USER_NOT_FOUND : USER_FAILED;
    const char *field;
    *why = user_manage_problem(s, actor, u.unit_id, u.role, &field);
    return *why ? 0 : 1;
}

/* ---- one user ---- */
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

int user_load(store *s, arena *a, int64_t id, struct user_row *u)
{
    stmt *q = store_query(s, "SELECT " USER_COLUMNS USER_FROM " WHERE u.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) user_from_stmt(q, a, u);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

int64_t user_id_by_login(store *s, const char *login)
{
    int64_t id = 0;
    store_int64(s, &id, "SELECT id FROM app_user WHERE login=$1", "t", login);
    return id;
}

static json_t *json_str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

json_t *user_json(arena *a, const struct user_row *u, bool mask)
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

int64_t user_create(store *s, arena *a, const struct actor *actor, struct user_input *in, struct field_errors *fe)
{
    if (!user_validate(s, a, in, true, fe)) return ferr_get(fe, "_") ? USER_FAILED : 0;
    const char *field = NULL, *why = user_manage_problem(s, actor, in->unit_id, in->role, &field);
    if (why) { ferr_add(fe, field, why); return USER_FORBIDDEN; }
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
        return USER_BUSY;
    }
    iso_time(now_unix(), now);
    buf key = {0};
    vn_name_sortkey(in->name, strlen(in->name), &key);
    if (store_begin(s) != STORE_OK) { buf_free(&key); sodium_memzero(hash, sizeof hash); return USER_FAILED; }
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
        store_rollback(s);
        if (rc != STORE_CONSTRAINT) return USER_FAILED;
        ferr_add(fe, "login", arena_printf(a, "Tên đăng nhập '%s' đã được dùng.", in->login));
        return 0;
    }
    struct user_row u;
    json_t *after = NULL;
    if (user_load(s, a, id, &u) != 1 || !(after = user_audit_json(&u)) ||
        audit_write(s, actor->user_id, actor->login, "create", "user", arena_printf(a, "%lld", (long long)id), NULL,
                    after) < 0 ||
        store_commit(s) != STORE_OK) {
        json_decref(after);
        store_rollback(s);
        return USER_FAILED;
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

int user_set_password(store *s, const struct actor *actor, int64_t id, const char *password, bool must_change,
                      const char *keep_session_hash, bool keep_tokens, const char *action, int *tokens_revoked,
                      const char **problem)
{
    arena a = {0};
    char *login = NULL;
    *problem = NULL;
    int rc = may_act_on(s, &a, actor, id, true, problem);
    if (rc != 1) { arena_free(&a); return rc == 0 ? USER_FORBIDDEN : rc; }
    rc = store_text(s, &login, &a, "SELECT login FROM app_user WHERE id=$1", "i", id);
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
    int64_t aid = dropped < 0 ? -1 : audit_write(s, actor->user_id, actor->login, action, "user",
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

/* NULL if the actor may make this change to `before`; else the reason, its field in *field. */
static const char *update_problem(store *s, const struct actor *actor, const struct user_row *before,
                                  const struct user_input *in, const char **field)
{
    bool own_profile = actor->user_id && actor->user_id == before->id && !in->unit && !in->role &&
                       in->disabled < 0 && in->must_change < 0 && !in->password;
    if (own_profile) return NULL;
    const char *why = user_manage_problem(s, actor, before->unit_id, before->role, field);
    if (!why) why = user_manage_problem(s, actor, in->unit ? in->unit_id : before->unit_id,
                                        in->role ? in->role : before->role, field);
    return why;
}

int user_update(store *s, arena *a, const struct actor *actor, int64_t id, struct user_input *in,
                const char *if_version, struct field_errors *fe)
{
    struct user_row before;
    int rc = user_load(s, a, id, &before);
    if (rc != 1) return rc == 0 ? USER_NOT_FOUND : USER_FAILED;
    if (in->login && !str_eq(in->login, before.login)) ferr_add(fe, "login", "Không đổi được tên đăng nhập.");
    /* The login never changes (tokens, audit entries and habits refer to it); it is passed to
     * the validation only because the password rules compare against it. */
    in->login = before.login;
    if (!user_validate(s, a, in, false, fe)) return ferr_get(fe, "_") ? USER_FAILED : 0;
    const char *field = NULL, *why = update_problem(s, actor, &before, in, &field);
    if (why) { ferr_add(fe, field, why); return USER_FORBIDDEN; }
    if (in->unit && in->unit_id != before.unit_id && !unit_active(s, in->unit_id)) {
        ferr_add(fe, "unit", "Đơn vị này đã hết hiệu lực (giải thể, sáp nhập), không nhận người dùng mới.");
        return 0;
    }
    char hash[crypto_pwhash_STRBYTES] = "";
    if (in->password && auth_hash_password(s, in->password, hash) != 0) {
        ferr_add(fe, "_busy", "Máy chủ đang bận băm mật khẩu; hãy thử lại sau ít giây.");
        return USER_BUSY;
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
    if (!admin_rule_holds(s)) { result = USER_LAST_ADMIN; goto rollback; }
    struct user_row after;
    if (user_load(s, a, id, &after) != 1) goto rollback;
    jb = user_audit_json(&before);
    ja = user_audit_json(&after);
    const char *eid = arena_printf(a, "%lld", (long long)id);
    if (json_equal(jb, ja)) {
        if (!in->password) { store_rollback(s); result = 1; goto out; }   /* nothing changed */
    } else if (audit_write(s, actor->user_id, actor->login, "update", "user", eid, jb, ja) < 0) {
        goto rollback;
    }
    if (in->password) {
        int revoked = 0;   /* an administrator's reset never keeps the user's tokens */
        int dropped = apply_password(s, id, hash, in->must_change != 0, NULL, false, &revoked);
        json_t *pa = json_pack("{s:b, s:i, s:i}", "must_change", in->must_change != 0, "sessions_ended", dropped,
                               "tokens_revoked", revoked);
        int64_t aid = dropped < 0 ? -1 : audit_write(s, actor->user_id, actor->login, "password.reset", "user", eid, NULL, pa);
        json_decref(pa);
        if (aid < 0) goto rollback;
    }
    if (store_commit(s) != STORE_OK) goto rollback;
    result = 1;
    goto out;
rollback:
    store_rollback(s);
out:
    json_decref(jb);
    json_decref(ja);
    sodium_memzero(hash, sizeof hash);
    return result;
}

/* ---- the list ---- */

#define USER_LIST_WITH \
    "WITH RECURSIVE f(id) AS (SELECT id FROM unit WHERE id = $3" \
    " UNION SELECT c.id FROM unit c JOIN f ON c.parent_id = f.id)," \
    " sc(id) AS (SELECT id FROM unit WHERE id = $4 UNION SELECT c.id FROM unit c JOIN sc ON c.parent_id = sc.id) "
#define USER_LIST_WHERE \
    " WHERE ($1 = '' OR u.name_fold LIKE $1 ESCAPE '\\' OR u.login LIKE $1 ESCAPE '\\')" \
    " AND ($2 = '' OR u.role = $2) AND ($3 = 0 OR u.unit_id IN (SELECT id FROM f))" \
    " AND ($4 = 0 OR u.unit_id IN (SELECT id FROM sc))" \
    " AND ($5 = '' OR ($5 = 'active' AND u.disabled = 0) OR ($5 = 'disabled' AND u.disabled = 1))"


int user_list(store *s, arena *a, const struct user_filter *f, struct user_row **rows, int *n, int64_t *total)
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

int64_t user_token_issue(store *s, arena *a, const struct actor *actor, int64_t user_id, const char *label,
                         int64_t expires_days, char out[AUTH_TOKEN_LEN + 1], struct field_errors *fe)
{
    const char *why = NULL;
    int may = may_act_on(s, a, actor, user_id, true, &why);
    if (may == USER_NOT_FOUND) { ferr_add(fe, "user", "Tài khoản không tồn tại hoặc đang bị khoá."); return 0; }
    if (may < 0) return may;
    if (!may) { ferr_add(fe, "_auth", why); return USER_FORBIDDEN; }
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
        audit_write(s, actor->user_id, actor->login, "token.create", "api_token", arena_printf(a, "%lld", (long long)id),
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

int user_token_revoke(store *s, const struct actor *actor, int64_t user_id, int64_t token_id)
{
    arena a = {0};
    const char *why = NULL;
    int may = may_act_on(s, &a, actor, user_id, true, &why);
    arena_free(&a);
    if (may == USER_NOT_FOUND) return 0;
    if (may < 0) return may;
    if (!may) return USER_FORBIDDEN;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = auth_token_revoke(s, user_id, token_id);
    if (rc == 1) {
        char eid[24];
        snprintf(eid, sizeof eid, "%lld", (long long)token_id);
        json_t *after = json_pack("{s:I, s:b}", "user_id", (json_int_t)user_id, "revoked", 1);
        int64_t aid = audit_write(s, actor->user_id, actor->login, "token.revoke", "api_token", eid, NULL, after);
        json_decref(after);
        if (aid < 0) rc = STORE_ERR;
    }
    if (rc < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return rc < 0 ? rc : STORE_ERR; }
    return rc;
}

int user_totp_off(store *s, const struct actor *actor, int64_t id)
{
    arena a = {0};
    const char *why = NULL;
    int rc = may_act_on(s, &a, actor, id, true, &why);
    if (rc != 1) { arena_free(&a); return rc == 0 ? USER_FORBIDDEN : rc; }
    rc = USER_FAILED;
    json_t *after = json_pack("{s:b}", "two_factor", 0);
    if (store_begin(s) == STORE_OK) {
        if (store_exec(s, "UPDATE app_user SET totp_secret=NULL, totp_pending=NULL WHERE id=$1", "i", id) == STORE_OK &&
            audit_write(s, actor->user_id, actor->login, "totp.disable", "user", arena_printf(&a, "%lld", (long long)id),
                        NULL, after) >= 0 &&
            store_commit(s) == STORE_OK)
            rc = 1;
        else
            store_rollback(s);
    }
    json_decref(after);
    arena_free(&a);
    return rc;
}
