/* tests/unit/test_auth.c: authentication and users, driven through the real dispatcher where
 * it matters (web_handle with a hand-built request): TOTP against the RFC 6238 SHA-1 vectors,
 * base32 (RFC 4648) and HMAC-SHA-1 (RFC 2202), password rules and normalisation, the bound on
 * concurrent hashing (threads), sessions (rotation on login and password change, fixation,
 * idle expiry, the per-user cap), CSRF on every state-changing route, throttling per account
 * and per address, API tokens (expiry, revocation), two-factor login with replay refusal,
 * unit scope, field validation of hostile input, the last-administrator guard, and that no
 * secret ever reaches the audit log. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pwhash.h"
#include "session.h"
#include "totp.h"
#include "actor.h"
#include "app.h"
#include "check.h"
#include "secret.h"
#include "privacy.h"
#include "setting.h"
#include "user.h"
#include "role.h"
#include "admin_rule.h"
#include "vn.h"

static store *db;
static char dbpath[512];
static int64_t province, dept, hospital, other_dept, admin_id, rep_id;
static const char *const PW = "mat-khau-thu-nghiem-1";

static void exec_ok(const char *sql)
{
    if (store_exec(db, sql, "") != STORE_OK) { printf("setup failed: %s: %s\n", sql, store_errmsg(db)); exit(1); }
}

static int64_t add_unit(const char *name, const char *code, int64_t parent)
{
    int64_t id = 0;
    if (parent)
        store_int64(db, &id, "INSERT INTO unit(parent_id, kind, name, code, name_fold, sort_key, created_at, updated_at)"
                             " VALUES ($1, 'department', $2, $3, $2, $2, 't', 't') RETURNING id", "itt", parent, name, code);
    else
        store_int64(db, &id, "INSERT INTO unit(kind, name, code, name_fold, sort_key, created_at, updated_at)"
                             " VALUES ('province', $1, $2, $1, $1, 't', 't') RETURNING id", "tt", name, code);
    return id;
}

/* The actor of a signed-in user, as actor_of_req builds it from the loaded user. */
static struct actor actor_of(int64_t id, arena *a)
{
    struct user_ctx u = {0};
    auth_load_user(db, a, id, &u);
    return (struct actor){u.id, u.login, u.caps, u.unit_id, u.whole_tree};
}

static int64_t add_user(const char *login, const char *role, int64_t unit)
{
    arena a = {0};
    struct user_input in = {.login = login, .name = login, .role = role, .password = PW, .disabled = -1,
                            .must_change = 0, .unit = arena_printf(&a, "id:%lld", (long long)unit)};
    struct field_errors fe = {0};
    int64_t id = user_create(db, &a, &actor_system, &in, &fe);
    if (id < 0) id = 0;
    if (!id) printf("add_user %s: %s: %s\n", login, fe.n ? fe.items[0].name : "?", fe.n ? fe.items[0].value : "?");
    arena_free(&a);
    return id;
}

static void setup(void)
{
    setenv("THIDUA_QUIET", "1", 1);
    const char *tmp = getenv("TEST_TMP") ? getenv("TEST_TMP") : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dbpath, sizeof dbpath, "%s/test_auth-%d.db", tmp, (int)getpid());
    unlink(dbpath);
    char err[512];
    db = store_open(dbpath, err, sizeof err);
    if (!db || store_migrate(db, err, sizeof err) != STORE_OK) { printf("FAIL setup: %s\n", err); exit(1); }
    exec_ok("INSERT INTO setting(name, value, updated_at) VALUES ('auth.pwhash', 'cheap', 't')");
    province = add_unit("Tỉnh Thử", "99", 0);
    dept = add_unit("Sở Y tế", "SYT", province);
    hospital = add_unit("Bệnh viện Đa khoa", "BVDK", dept);
    other_dept = add_unit("Sở Giáo dục", "SGD", province);
    admin_id = add_user("quantri", "admin", province);
    rep_id = add_user("baocao", "reporter", dept);
    if (!province || !dept || !hospital || !other_dept || !admin_id || !rep_id) { printf("FAIL setup: data\n"); exit(1); }
}

/* ---- requests through the dispatcher ---- */
static req *run(const char *method, const char *target, const char *const *headers, const char *body)
{
    req *r = xcalloc(1, sizeof *r);
    req_init(r);
    r->db = db;
    r->method = method;
    const char *q = strchr(target, '?');
    r->path = q ? arena_strndup(&r->a, target, (size_t)(q - target)) : target;
    r->query_string = q ? q + 1 : NULL;
    r->remote_addr = "10.9.9.9";
    for (const char *const *h = headers; h && h[0]; h += 2) {
        if (str_eq(h[0], "remote")) r->remote_addr = h[1];
        else kv_add(&r->a, &r->headers, h[0], h[1], strlen(h[1]));
    }
    r->body = body;
    r->body_len = body ? strlen(body) : 0;
    web_handle(r);
    return r;
}

static void done(req *r)
{
    req_free(r);
    free(r);
}

/* "thidua_session=HEX" from a reply's Set-Cookie (malloc'd), or NULL. */
static char *reply_cookie(req *r)
{
    const char *v = kv_get(&r->resp_headers, "Set-Cookie");
    if (!v || !str_starts(v, AUTH_SESSION_COOKIE "=") || v[strlen(AUTH_SESSION_COOKIE) + 1] == ';') return NULL;
    return xstrndup(v, strcspn(v, ";"));
}

static const char *form = "application/x-www-form-urlencoded";

static char *login_as(const char *login, const char *password, const char *addr, const char *old_cookie, int *status)
{
    char body[512];
    snprintf(body, sizeof body, "login=%s&password=%s", login, password);
    const char *h[] = {"content-type", form, "remote", addr, "cookie", old_cookie ? old_cookie : "", NULL};
    if (!old_cookie) h[4] = NULL;
    req *r = run("POST", "/login", h, body);
    if (status) *status = r->status;
    char *c = r->status == 303 ? reply_cookie(r) : NULL;
    done(r);
    return c;
}

/* The status of GET path with a cookie (or a bearer token when it starts with "Bearer "). */
static int get_status(const char *path, const char *cred)
{
    const char *h[] = {str_starts(cred, "Bearer ") ? "authorization" : "cookie", cred, NULL};
    req *r = run("GET", path, cred ? h : NULL, NULL);
    int st = r->status;
    done(r);
    return st;
}

/* The CSRF token of a cookie's session, read from the database (malloc'd). */
static char *csrf_of(const char *cookie)
{
    const char *token = strchr(cookie, '=') + 1;
    char hash[65];
    sha256_hex(token, strlen(token), hash);
    arena a = {0};
    char *csrf = NULL;
    store_text(db, &csrf, &a, "SELECT csrf FROM session WHERE token_hash=$1", "t", hash);
    char *out = csrf ? xstrdup(csrf) : NULL;
    arena_free(&a);
    return out;
}

static int64_t count(const char *sql, int64_t id)
{
    int64_t n = -1;
    store_int64(db, &n, sql, "i", id);
    return n;
}

/* ---- TOTP, base32, HMAC ---- */
static void test_hmac_sha1_rfc2202(void)
{
    unsigned char key[20], mac[20];
    memset(key, 0x0b, sizeof key);
    hmac_sha1(key, sizeof key, (const unsigned char *)"Hi There", 8, mac);
    char hex[41];
    for (int i = 0; i < 20; i++) snprintf(hex + 2 * i, 3, "%02x", mac[i]);
    CHECK_STR(hex, "b617318655057264e28bc0b6fb378c8ef146be00");
    /* Test case 6: a key longer than the block is hashed first. */
    unsigned char big[80];
    memset(big, 0xaa, sizeof big);
    const char *msg = "Test Using Larger Than Block-Size Key - Hash Key First";
    hmac_sha1(big, sizeof big, (const unsigned char *)msg, strlen(msg), mac);
    for (int i = 0; i < 20; i++) snprintf(hex + 2 * i, 3, "%02x", mac[i]);
    CHECK_STR(hex, "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

static void test_base32_rfc4648(void)
{
    static const char *const vec[][2] = {{"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                                         {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
    for (size_t i = 0; i < countof(vec); i++) {
        char enc[32];
        unsigned char dec[16];
        base32_encode((const unsigned char *)vec[i][0], strlen(vec[i][0]), enc);
        CHECK_STR(enc, vec[i][1]);
        int n = base32_decode(vec[i][1], dec, sizeof dec);
        CHECK_INT(n, strlen(vec[i][0]));
        CHECK(n >= 0 && memcmp(dec, vec[i][0], (size_t)n) == 0);
    }
    unsigned char dec[16];
    CHECK_INT(base32_decode("MZXW6===", dec, sizeof dec), 3);     /* padding ignored */
    CHECK_INT(base32_decode("mzxw6", dec, sizeof dec), 3);        /* case-insensitive */
    CHECK_INT(base32_decode("MZ1W6", dec, sizeof dec), -1);       /* 1 is not base32 */
    CHECK_INT(base32_decode("MZXW6YTBOI", dec, 2), -1);           /* does not fit */
}

static void test_totp_rfc6238_sha1(void)
{
    /* RFC 6238 appendix B, SHA-1 rows: the seed "12345678901234567890" and 8-digit codes; our
     * codes are the 6-digit truncation, i.e. the last six digits. */
    const char *secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static const struct { int64_t t; long code8; } vec[] = {
        {59, 94287082}, {1111111109, 7081804}, {1111111111, 14050471},
        {1234567890, 89005924}, {2000000000, 69279037}, {20000000000LL, 65353130},
    };
    for (size_t i = 0; i < countof(vec); i++) {
        CHECK_INT(auth_totp_code(secret, vec[i].t), vec[i].code8 % 1000000);
        char code[8];
        snprintf(code, sizeof code, "%06ld", vec[i].code8 % 1000000);
        CHECK_INT(auth_totp_match(secret, code, vec[i].t), vec[i].t / 30);
        CHECK(auth_totp_check(secret, code, vec[i].t));
    }
    /* ±1 step of clock drift is accepted, two steps are not. */
    CHECK_INT(auth_totp_match(secret, "287082", 59 + 30), 1);
    CHECK_INT(auth_totp_match(secret, "287082", 59 - 30), 1);
    CHECK_INT(auth_totp_match(secret, "287082", 59 + 60), -1);
    CHECK_INT(auth_totp_match(secret, "28708", 59), -1);
    CHECK_INT(auth_totp_match(secret, "28708a", 59), -1);
    CHECK_INT(auth_totp_match(secret, "2870823", 59), -1);
    CHECK_INT(auth_totp_match(secret, NULL, 59), -1);
    CHECK_INT(auth_totp_match("NOT*BASE32", "287082", 59), -1);
    CHECK_INT(auth_totp_match("MZXW6", "287082", 59), -1);        /* 3-byte key: too short */
}

static void test_totp_secret_new(void)
{
    char a[33], b[33];
    auth_totp_secret_new(a);
    auth_totp_secret_new(b);
    CHECK_INT(strlen(a), 32);
    CHECK(strcmp(a, b) != 0);
    unsigned char key[64];
    CHECK_INT(base32_decode(a, key, sizeof key), 20);
    CHECK(auth_totp_code(a, now_unix()) >= 0);
}

/* ---- passwords ---- */
static void test_password_rules(void)
{
    CHECK(auth_password_problem("thidua-demo-2019", "admin") == NULL);
    CHECK(auth_password_problem("mậtkhẩuđẹp", NULL) == NULL);            /* 10 characters, 16 bytes */
    CHECK_CONTAINS(auth_password_problem("mậtkhẩuđẹ", NULL), "10 ký tự");  /* 9 characters, 14 bytes */
    CHECK_CONTAINS(auth_password_problem("short", NULL), "10 ký tự");
    CHECK_CONTAINS(auth_password_problem("", NULL), "Hãy nhập");
    CHECK_CONTAINS(auth_password_problem(NULL, NULL), "Hãy nhập");
    CHECK_CONTAINS(auth_password_problem("aaaaaaaaaaaaaa", NULL), "lặp lại");
    CHECK_CONTAINS(auth_password_problem("toi-la-quantri-99", "quantri"), "tên đăng nhập");
    CHECK_CONTAINS(auth_password_problem("TOI-LA-QUANTRI-99", "quantri"), "tên đăng nhập");
    CHECK_CONTAINS(auth_password_problem("1234567890", NULL), "phổ biến");
    CHECK_CONTAINS(auth_password_problem("Password123", NULL), "phổ biến");
    CHECK_CONTAINS(auth_password_problem("abc\xff\xfe" "defghijkl", NULL), "UTF-8");
    CHECK_CONTAINS(auth_password_problem("abcdefghij\x01k", NULL), "điều khiển");
    CHECK_CONTAINS(auth_password_problem("abcdefghij\tk", NULL), "điều khiển");
    char big[202];
    memset(big, 'x', 201);
    big[0] = 'y';
    big[201] = 0;
    CHECK_CONTAINS(auth_password_problem(big, NULL), "200");
}

static void test_password_hash_and_normalisation(void)
{
    char hash[crypto_pwhash_STRBYTES];
    CHECK_INT(auth_hash_password(db, "Mật khẩu dài lắm", hash), 0);
    CHECK(str_starts(hash, "$argon2id$"));
    CHECK_INT(auth_password_verify(hash, "Mật khẩu dài lắm"), AUTH_PW_OK);
    /* The same words typed with combining marks (NFD), as some keyboards and macOS send them. */
    CHECK_INT(auth_password_verify(hash, "Ma\xcc\xa3\xcc\x82t kha\xcc\x82\xcc\x89u da\xcc\x80i la\xcc\x86\xcc\x81m"), AUTH_PW_OK);
    CHECK_INT(auth_password_verify(hash, "Mật khẩu dài lắm!"), AUTH_PW_BAD);
    CHECK_INT(auth_password_verify(NULL, "x"), AUTH_PW_BAD);
    CHECK(!auth_password_needs_rehash(db, hash));
    /* The dummy hash for unknown logins has the database's current cost. */
    const char *dummy = auth_dummy_hash(db);
    CHECK(dummy && str_starts(dummy, "$argon2id$"));
    CHECK(dummy && !auth_password_needs_rehash(db, dummy));
}

/* ---- the bound on concurrent hashing ---- */
struct hash_job { int rc; };

static void *hash_thread(void *arg)
{
    struct hash_job *job = arg;
    char err[256], hash[crypto_pwhash_STRBYTES];
    store *s = store_open(dbpath, err, sizeof err);   /* a connection per thread, as in the server */
    job->rc = s ? auth_hash_password(s, "mot-mat-khau-dai-de-bam", hash) : -2;
    store_close(s);
    return NULL;
}

static void test_hash_bound_threads(void)
{
    /* The real cost (64 MiB each) so that hashes take long enough to overlap. */
    exec_ok("UPDATE setting SET value='interactive' WHERE name='auth.pwhash'");
    auth_hash_limits(2, 60000);
    int in_use = -1, peak = -1;
    auth_hash_stats(&in_use, &peak);
    CHECK_INT(in_use, 0);
    CHECK(peak <= 1);   /* every earlier test hashed one at a time */
    enum { N = 6 };
    pthread_t th[N];
    struct hash_job jobs[N];
    int64_t t0 = now_ms();
    for (int i = 0; i < N; i++) pthread_create(&th[i], NULL, hash_thread, &jobs[i]);
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    int64_t ms = now_ms() - t0;
    for (int i = 0; i < N; i++) CHECK_INT(jobs[i].rc, 0);
    auth_hash_stats(&in_use, &peak);
    CHECK_INT(in_use, 0);
    CHECK_INT(peak, 2);   /* six threads wanted to hash at once; two did */
    printf("     (6 interactive hashes on 6 threads, bound 2: %lld ms)\n", (long long)ms);
    exec_ok("UPDATE setting SET value='cheap' WHERE name='auth.pwhash'");
}

static void test_hash_busy(void)
{
    auth_hash_limits(2, 50);
    CHECK(auth_hash_slot_take(0));
    CHECK(auth_hash_slot_take(0));
    CHECK(!auth_hash_slot_take(0));
    char hash[crypto_pwhash_STRBYTES];
    int64_t t0 = now_ms();
    CHECK_INT(auth_hash_password(db, "mot-mat-khau-dai-de-bam", hash), -1);
    CHECK(now_ms() - t0 >= 40);   /* it waited for a slot, then gave up */
    CHECK_INT(auth_password_verify(auth_dummy_hash(db) ? auth_dummy_hash(db) : "x", "abc"), AUTH_PW_BUSY);
    /* A busy server answers a login with 503 and does not count it as a failed attempt. */
    int64_t before = count("SELECT count(*) FROM login_failure WHERE id > $1", 0);
    int status = 0;
    char *c = login_as("quantri", PW, "10.1.1.1", NULL, &status);
    CHECK_INT(status, 503);
    CHECK(c == NULL);
    CHECK_INT(count("SELECT count(*) FROM login_failure WHERE id > $1", 0), before);
    auth_hash_limits(3, 50);   /* raising the bound lets a third in */
    CHECK_INT(auth_hash_password(db, "mot-mat-khau-dai-de-bam", hash), 0);
    auth_hash_slot_release();
    auth_hash_slot_release();
    auth_hash_limits(2, 10000);
    int in_use = -1;
    auth_hash_stats(&in_use, NULL);
    CHECK_INT(in_use, 0);
}

/* ---- sessions ---- */
static void test_session_login_and_fixation(void)
{
    int status = 0;
    char *c1 = login_as("quantri", PW, "10.2.0.1", NULL, &status);
    CHECK_INT(status, 303);
    CHECK(c1 != NULL);
    if (!c1) return;
    CHECK_INT(get_status("/account", c1), 200);
    CHECK_INT(get_status("/account", "thidua_session=0000000000000000000000000000000000000000000000000000000000000000"), 303);
    /* Logging in again with the old cookie: a new token, and the old one is dead. */
    char *c2 = login_as("quantri", PW, "10.2.0.1", c1, &status);
    CHECK(c2 && strcmp(c1, c2) != 0);
    CHECK_INT(get_status("/account", c1), 303);
    CHECK_INT(get_status("/account", c2), 200);
    /* A login as someone else from a browser that was signed in also drops the old session. */
    char *c3 = login_as("baocao", PW, "10.2.0.1", c2, &status);
    CHECK_INT(get_status("/account", c2), 303);
    CHECK_INT(get_status("/account", c3), 200);
    /* Idle expiry. */
    store_exec(db, "UPDATE session SET last_seen = last_seen - $1", "I", AUTH_SESSION_IDLE + 10);
    CHECK_INT(get_status("/account", c3), 303);
    /* Uppercase login means the same account. */
    char *c4 = login_as("QuanTri", PW, "10.2.0.1", NULL, &status);
    CHECK_INT(status, 303);
    free(c1); free(c2); free(c3); free(c4);
}

static void test_session_cap(void)
{
    for (int i = 0; i < AUTH_MAX_SESSIONS + 5; i++) free(login_as("baocao", PW, "10.3.0.1", NULL, NULL));
    CHECK_INT(count("SELECT count(*) FROM session WHERE user_id=$1", rep_id), AUTH_MAX_SESSIONS);
}

static void test_password_change_rotates(void)
{
    int64_t uid = add_user("doimatkhau", "viewer", dept);
    char *other = login_as("doimatkhau", PW, "10.4.0.1", NULL, NULL);
    char *mine = login_as("doimatkhau", PW, "10.4.0.2", NULL, NULL);
    CHECK(other && mine);
    if (!other || !mine) return;
    char *csrf = csrf_of(mine);
    char body[512];
    /* Wrong current password: refused, nothing changes. */
    snprintf(body, sizeof body, "_csrf=%s&current=sai-mat-khau-roi&password=mat-khau-moi-2025&password2=mat-khau-moi-2025", csrf);
    const char *h[] = {"content-type", form, "cookie", mine, "remote", "10.4.0.2", NULL};
    req *r = run("POST", "/account/password", h, body);
    CHECK_INT(r->status, 400);
    done(r);
    /* Mismatched confirmation. */
    snprintf(body, sizeof body, "_csrf=%s&current=%s&password=mat-khau-moi-2025&password2=mat-khau-moi-2026", csrf, PW);
    r = run("POST", "/account/password", h, body);
    CHECK_INT(r->status, 400);
    done(r);
    snprintf(body, sizeof body, "_csrf=%s&current=%s&password=mat-khau-moi-2025&password2=mat-khau-moi-2025", csrf, PW);
    r = run("POST", "/account/password", h, body);
    CHECK_INT(r->status, 303);
    char *fresh = reply_cookie(r);
    done(r);
    CHECK(fresh && strcmp(fresh, mine) != 0);
    CHECK_INT(get_status("/account", mine), 303);    /* this browser's old token: gone */
    CHECK_INT(get_status("/account", other), 303);   /* the other browser: signed out */
    if (fresh) CHECK_INT(get_status("/account", fresh), 200);
    CHECK_INT(count("SELECT count(*) FROM session WHERE user_id=$1", uid), 1);
    int status = 0;
    free(login_as("doimatkhau", PW, "10.4.0.3", NULL, &status));
    CHECK_INT(status, 401);
    free(login_as("doimatkhau", "mat-khau-moi-2025", "10.4.0.3", NULL, &status));
    CHECK_INT(status, 303);
    free(other); free(mine); free(csrf); free(fresh);
}

static void test_disable_ends_sessions_and_tokens(void)
{
    int64_t uid = add_user("sekhoa", "viewer", dept);
    char *c = login_as("sekhoa", PW, "10.5.0.1", NULL, NULL);
    char token[AUTH_TOKEN_LEN + 1];
    struct field_errors tfe = {0};
    arena a = {0};
    CHECK(user_token_issue(db, &a, &actor_system, uid, "script", 30, token, &tfe) > 0);
    char bearer[100];
    snprintf(bearer, sizeof bearer, "Bearer %s", token);
    CHECK_INT(get_status("/api/account", bearer), 200);
    struct user_input in = {.disabled = 1, .must_change = -1};
    struct field_errors fe = {0};
    CHECK_INT(user_update(db, &a, (struct actor[]){actor_of(admin_id, &a)}, uid, &in, NULL, &fe), 1);
    CHECK_INT(count("SELECT count(*) FROM session WHERE user_id=$1", uid), 0);
    if (c) CHECK_INT(get_status("/account", c), 303);
    CHECK_INT(get_status("/api/account", bearer), 401);
    int status = 0;
    free(login_as("sekhoa", PW, "10.5.0.1", NULL, &status));
    CHECK_INT(status, 401);
    in.disabled = 0;
    CHECK_INT(user_update(db, &a, (struct actor[]){actor_of(admin_id, &a)}, uid, &in, NULL, &fe), 1);
    CHECK_INT(get_status("/api/account", bearer), 200);
    arena_free(&a);
    free(c);
}

/* ---- CSRF ---- */
static void test_csrf_on_every_state_changing_route(void)
{
    /* The policy itself: any route that accepts a method other than GET must carry R_CSRF,
     * except /login (there is no session yet; it checks Origin/Sec-Fetch-Site instead). */
    for (int i = 0; i < web_route_count(); i++) {
        const struct route *rt = web_route_at(i);
        bool writes = strstr(rt->methods, "POST") || strstr(rt->methods, "PATCH") || strstr(rt->methods, "PUT") ||
                      strstr(rt->methods, "DELETE");
        if (writes && !str_eq(rt->path, "/login") && !(rt->flags & R_CSRF))
            check_fail_at(__FILE__, __LINE__, "route %s %s changes state without R_CSRF", rt->methods, rt->path);
    }
}

static void test_csrf_enforced(void)
{
    char *c = login_as("quantri", PW, "10.6.0.1", NULL, NULL);
    if (!c) { CHECK(c != NULL); return; }
    char *csrf = csrf_of(c);
    const char *h[] = {"content-type", form, "cookie", c, NULL};
    req *r = run("POST", "/users/new", h, "login=khongcsrf&name=X&unit=1&role=viewer&password=mat-khau-dai-qua");
    CHECK_INT(r->status, 403);
    done(r);
    r = run("POST", "/users/new", h, "_csrf=deadbeef&login=khongcsrf&name=X&unit=1&role=viewer&password=mat-khau-dai-qua");
    CHECK_INT(r->status, 403);
    done(r);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE id > $1 AND login='khongcsrf'", 0), 0);
    /* JSON with a cookie session needs the header. */
    const char *hj[] = {"content-type", "application/json", "cookie", c, NULL};
    r = run("POST", "/api/tokens", hj, "{\"label\":\"x\"}");
    CHECK_INT(r->status, 403);
    done(r);
    const char *hj2[] = {"content-type", "application/json", "cookie", c, "x-csrf-token", csrf, NULL};
    char tbody[160];
    snprintf(tbody, sizeof tbody, "{\"label\":\"x\",\"password\":\"%s\"}", PW);
    r = run("POST", "/api/tokens", hj2, tbody);
    CHECK_INT(r->status, 201);
    done(r);
    /* A cross-site login POST is refused (login CSRF). */
    const char *hx[] = {"content-type", form, "origin", "https://evil.example", "host", "thidua.example", NULL};
    r = run("POST", "/login", hx, "login=quantri&password=x");
    CHECK_INT(r->status, 403);
    done(r);
    const char *hs[] = {"content-type", form, "origin", "https://thidua.example", "host", "thidua.example", NULL};
    char body[256];
    snprintf(body, sizeof body, "login=quantri&password=%s", PW);
    r = run("POST", "/login", hs, body);
    CHECK_INT(r->status, 303);
    done(r);
    free(c);
    free(csrf);
}

/* ---- throttling ---- */
static void test_throttle_per_account(void)
{
    int64_t wait = 0;
    for (int i = 0; i < AUTH_MAX_FAIL_LOGIN - 1; i++) auth_record_failure(db, "nannhan", "10.7.0.1");
    CHECK(!auth_throttled(db, "nannhan", "10.7.0.99", &wait));
    auth_record_failure(db, "nannhan", "10.7.0.2");
    CHECK(auth_throttled(db, "nannhan", "10.7.0.99", &wait));   /* any address */
    CHECK(wait > 0 && wait <= AUTH_FAIL_WINDOW);
    CHECK(!auth_throttled(db, "nguoikhac", "10.7.0.99", &wait));
    auth_clear_failures(db, "nannhan");
    CHECK(!auth_throttled(db, "nannhan", "10.7.0.99", &wait));
    /* Failures older than the window do not count. */
    for (int i = 0; i < 10; i++)
        store_exec(db, "INSERT INTO login_failure(login, remote_addr, at) VALUES ('cu', '10.7.0.3', $1)", "i",
                   now_unix() - AUTH_FAIL_WINDOW - 5);
    CHECK(!auth_throttled(db, "cu", "10.7.0.3", &wait));
    /* Through the login page: five wrong passwords, then even the right one waits. */
    int status = 0;
    for (int i = 0; i < AUTH_MAX_FAIL_LOGIN; i++) {
        free(login_as("baocao", "sai-mat-khau-nhe", "10.7.1.1", NULL, &status));
        CHECK_INT(status, 401);
    }
    free(login_as("baocao", PW, "10.7.1.2", NULL, &status));
    CHECK_INT(status, 429);
    auth_clear_failures(db, "baocao");
    free(login_as("baocao", PW, "10.7.1.2", NULL, &status));
    CHECK_INT(status, 303);
}

/* Reservations: the limit's worth of attempts are reserved, the next is refused before any
 * hash; a released attempt (busy server, second factor still to come) frees its place; a
 * success clears the failures before it but not a reservation made after it. */
static void test_throttle_reservation(void)
{
    int64_t wait = 0, ids[AUTH_MAX_FAIL_LOGIN];
    for (int i = 0; i < AUTH_MAX_FAIL_LOGIN; i++) {
        ids[i] = auth_attempt_reserve(db, "datcho", "10.7.2.1", &wait);
        CHECK(ids[i] > 0);
    }
    CHECK_INT(auth_attempt_reserve(db, "datcho", "10.7.2.2", &wait), 0);
    CHECK(wait > 0 && wait <= AUTH_FAIL_WINDOW);
    auth_attempt_release(db, ids[AUTH_MAX_FAIL_LOGIN - 1]);
    int64_t again = auth_attempt_reserve(db, "datcho", "10.7.2.2", &wait);
    CHECK(again > 0);
    CHECK_INT(auth_attempt_reserve(db, "datcho", "10.7.2.2", &wait), 0);
    CHECK_INT(auth_attempt_succeeded(db, "datcho", ids[1]), STORE_OK);
    CHECK_INT(count("SELECT count(*) FROM login_failure WHERE login='datcho' AND id > $1", 0), AUTH_MAX_FAIL_LOGIN - 2);
    auth_clear_failures(db, "datcho");
}

static void test_throttle_per_address(void)
{
    int64_t wait = 0;
    char login[32];
    for (int i = 0; i < AUTH_MAX_FAIL_ADDR; i++) {
        snprintf(login, sizeof login, "doan%d", i);   /* a spray over many accounts */
        auth_record_failure(db, login, "10.8.0.1");
    }
    CHECK(auth_throttled(db, "quantri", "10.8.0.1", &wait));
    CHECK(!auth_throttled(db, "quantri", "10.8.0.2", &wait));
    int status = 0;
    free(login_as("quantri", PW, "10.8.0.1", NULL, &status));
    CHECK_INT(status, 429);
    free(login_as("quantri", PW, "10.8.0.2", NULL, &status));
    CHECK_INT(status, 303);
}

/* ---- API tokens ---- */
static void test_api_tokens(void)
{
    char token[AUTH_TOKEN_LEN + 1], bearer[100];
    struct field_errors fe = {0};
    arena a = {0};
    int64_t id = user_token_issue(db, &a, &actor_system, rep_id, "báo cáo tự động", 30, token, &fe);
    CHECK(id > 0);
    CHECK(str_starts(token, "thd_") && strlen(token) == AUTH_TOKEN_LEN);
    snprintf(bearer, sizeof bearer, "Bearer %s", token);
    CHECK_INT(get_status("/api/account", bearer), 200);
    CHECK_INT(get_status("/api/users", bearer), 403);                       /* a reporter's token: reporter's rights */
    CHECK_INT(get_status("/api/account", "Bearer thd_0000"), 401);
    /* Only the hash is stored. */
    CHECK_INT(count("SELECT count(*) FROM api_token WHERE id=$1 AND token_hash NOT LIKE 'thd_%'", id), 1);
    /* Expired. */
    store_exec(db, "UPDATE api_token SET expires_at='2000-01-01T00:00:00Z' WHERE id=$1", "i", id);
    CHECK_INT(get_status("/api/account", bearer), 401);
    store_exec(db, "UPDATE api_token SET expires_at='2999-01-01T00:00:00Z' WHERE id=$1", "i", id);
    CHECK_INT(get_status("/api/account", bearer), 200);
    /* Someone else cannot revoke it; its owner can, once. */
    CHECK_INT(user_token_revoke(db, (struct actor[]){actor_of(admin_id, &a)}, admin_id, id), 0);
    CHECK_INT(user_token_revoke(db, (struct actor[]){actor_of(rep_id, &a)}, rep_id, id), 1);
    CHECK_INT(user_token_revoke(db, (struct actor[]){actor_of(rep_id, &a)}, rep_id, id), 0);
    CHECK_INT(get_status("/api/account", bearer), 401);
    /* Bad labels and terms: no label, no end, longer than token.max_days (365 by default, and
     * then whatever the setting says), not UTF-8. */
    fe = (struct field_errors){0};
    CHECK_INT(user_token_issue(db, &a, &actor_system, rep_id, "", 30, token, &fe), 0);
    CHECK(ferr_get(&fe, "label") != NULL);
    fe = (struct field_errors){0};
    CHECK_INT(user_token_issue(db, &a, &actor_system, rep_id, "x", 0, token, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "expires_days"), "token.max_days");
    fe = (struct field_errors){0};
    CHECK_INT(user_token_issue(db, &a, &actor_system, rep_id, "x", 366, token, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "expires_days"), "365 ngày");
    fe = (struct field_errors){0};
    CHECK(user_token_issue(db, &a, &actor_system, rep_id, "x", 365, token, &fe) > 0);
    char err[256];
    CHECK_INT(setting_set(db, 0, "test", "token.max_days", "30", err, sizeof err), 0);
    fe = (struct field_errors){0};
    CHECK_INT(user_token_issue(db, &a, &actor_system, rep_id, "x", 31, token, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "expires_days"), "30 ngày");
    CHECK_INT(user_token_default_days(db), 30);
    CHECK_INT(setting_set(db, 0, "test", "token.max_days", "365", err, sizeof err), 0);
    CHECK_INT(user_token_default_days(db), 90);
    fe = (struct field_errors){0};
    CHECK_INT(user_token_issue(db, &a, &actor_system, rep_id, "x\xff", 1, token, &fe), 0);
    /* A token cannot mint another token. */
    fe = (struct field_errors){0};
    id = user_token_issue(db, &a, &actor_system, rep_id, "thứ hai", 7, token, &fe);
    CHECK(id > 0);
    snprintf(bearer, sizeof bearer, "Bearer %s", token);
    const char *h[] = {"authorization", bearer, "content-type", "application/json", NULL};
    req *r = run("POST", "/api/tokens", h, "{\"label\":\"con\"}");
    CHECK_INT(r->status, 403);
    done(r);
    arena_free(&a);
}

/* ---- two-factor login ---- */
static void test_totp_login_and_replay(void)
{
    int64_t uid = add_user("haiyeuto", "admin", province);
    const char *secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    store_exec(db, "UPDATE app_user SET totp_secret=$2 WHERE id=$1", "it", uid, secret);
    int status = 0;
    /* Right password, no code: asked for the code, not counted as a failure, no session. */
    char *c = login_as("haiyeuto", PW, "10.9.0.1", NULL, &status);
    CHECK_INT(status, 200);
    CHECK(c == NULL);
    CHECK_INT(count("SELECT count(*) FROM login_failure WHERE login='haiyeuto' AND id > $1", 0), 0);
    char body[256], code[8];
    int64_t now = now_unix();
    snprintf(code, sizeof code, "%06d", (auth_totp_code(secret, now) + 1) % 1000000);
    snprintf(body, sizeof body, "login=haiyeuto&password=%s&code=%s", PW, code);
    const char *h[] = {"content-type", form, "remote", "10.9.0.1", NULL};
    req *r = run("POST", "/login", h, body);
    CHECK_INT(r->status, 401);
    done(r);
    snprintf(code, sizeof code, "%06d", auth_totp_code(secret, now_unix()));
    snprintf(body, sizeof body, "login=haiyeuto&password=%s&code=%s", PW, code);
    r = run("POST", "/login", h, body);
    CHECK_INT(r->status, 303);
    done(r);
    /* The same code again (an eavesdropper replaying it within its 90 s): refused. */
    r = run("POST", "/login", h, body);
    CHECK_INT(r->status, 401);
    done(r);
    /* A wrong password with the right code reveals nothing about the second factor. */
    snprintf(body, sizeof body, "login=haiyeuto&password=sai-mat-khau-roi&code=%s", code);
    r = run("POST", "/login", h, body);
    CHECK_INT(r->status, 401);
    CHECK(strstr(buf_str(&r->out), "name=\"code\"") == NULL);
    done(r);
}

static void test_totp_enrolment_flow(void)
{
    int64_t uid = add_user("dangky2lop", "admin", province);
    char *c = login_as("dangky2lop", PW, "10.10.0.1", NULL, NULL);
    if (!c) { CHECK(c != NULL); return; }
    char *csrf = csrf_of(c);
    char body[256];
    snprintf(body, sizeof body, "_csrf=%s", csrf);
    const char *h[] = {"content-type", form, "cookie", c, "remote", "10.10.0.1", NULL};
    req *r = run("POST", "/account/totp/start", h, body);
    CHECK_INT(r->status, 303);
    done(r);
    arena a = {0};
    char *sealed = NULL, err[300] = "";
    store_text(db, &sealed, &a, "SELECT totp_pending FROM app_user WHERE id=$1", "i", uid);
    /* At rest the seed is sealed with the key file beside the database (secret.c). */
    CHECK(sealed && strncmp(sealed, "s1:", 3) == 0);
    if (!sealed) return;
    char *secret = secret_open(db, &a, sealed, err, sizeof err);
    CHECK(secret && strlen(secret) == 32);
    if (!secret) { printf("     %s\n", err); return; }
    CHECK(strstr(sealed, secret) == NULL);
    char keyfile[600];
    struct stat kst;
    CHECK(stat(secret_key_path(db, keyfile, sizeof keyfile), &kst) == 0 && (kst.st_mode & 077) == 0);
    /* Another key does not open it, and says so. */
    setenv("THIDUA_KEY_FILE", "/dev/null", 1);
    secret_forget_key();
    CHECK(secret_open(db, &a, sealed, err, sizeof err) == NULL);
    CHECK_CONTAINS(err, "key file");
    unsetenv("THIDUA_KEY_FILE");
    secret_forget_key();
    /* A damaged value is refused, a value stored before sealing passes as it is. */
    CHECK(secret_open(db, &a, "s1:00ff", err, sizeof err) == NULL);
    CHECK_STR(secret_open(db, &a, "JBSWY3DPEHPK3PXP", err, sizeof err), "JBSWY3DPEHPK3PXP");
    r = run("GET", "/account", (const char *[]){"cookie", c, NULL}, NULL);
    CHECK_CONTAINS(buf_str(&r->out), secret);
    CHECK_CONTAINS(buf_str(&r->out), "otpauth://totp/thidua:dangky2lop?secret=");
    done(r);
    snprintf(body, sizeof body, "_csrf=%s&code=000000", csrf);
    if (auth_totp_code(secret, now_unix()) == 0) snprintf(body, sizeof body, "_csrf=%s&code=111111", csrf);
    r = run("POST", "/account/totp/confirm", h, body);
    CHECK_INT(r->status, 400);
    done(r);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE id=$1 AND totp_secret IS NULL", uid), 1);
    snprintf(body, sizeof body, "_csrf=%s&code=%06d", csrf, auth_totp_code(secret, now_unix()));
    r = run("POST", "/account/totp/confirm", h, body);
    CHECK_INT(r->status, 303);
    char *fresh = reply_cookie(r);
    done(r);
    CHECK(fresh != NULL);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE id=$1 AND totp_secret IS NOT NULL AND totp_pending IS NULL", uid), 1);
    CHECK_INT(get_status("/account", c), 303);   /* rotated */
    /* Disabling needs the password. */
    char *csrf2 = fresh ? csrf_of(fresh) : NULL;
    const char *h2[] = {"content-type", form, "cookie", fresh ? fresh : "", "remote", "10.10.0.2", NULL};
    snprintf(body, sizeof body, "_csrf=%s&password=sai-mat-khau-roi", csrf2 ? csrf2 : "");
    r = run("POST", "/account/totp/disable", h2, body);
    CHECK_INT(r->status, 400);
    done(r);
    snprintf(body, sizeof body, "_csrf=%s&password=%s", csrf2 ? csrf2 : "", PW);
    r = run("POST", "/account/totp/disable", h2, body);
    CHECK_INT(r->status, 303);
    done(r);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE id=$1 AND totp_secret IS NULL", uid), 1);
    arena_free(&a);
    free(c); free(csrf); free(fresh); free(csrf2);
}

/* ---- scope ---- */
static void test_scope(void)
{
    req r;
    req_init(&r);
    r.db = db;
    CHECK(auth_load_user(db, &r.a, rep_id, &r.user) == 1);
    CHECK(actor_req_in_scope(&r, dept));
    CHECK(actor_req_in_scope(&r, hospital));
    CHECK(!actor_req_in_scope(&r, other_dept));
    CHECK(!actor_req_in_scope(&r, province));
    CHECK(!actor_req_in_scope(&r, 999999));
    CHECK(!actor_req_in_scope(&r, 0));
    memset(&r.user, 0, sizeof r.user);
    CHECK(!actor_req_in_scope(&r, dept));   /* anonymous */
    CHECK(auth_load_user(db, &r.a, admin_id, &r.user) == 1);
    CHECK(actor_req_in_scope(&r, other_dept));
    CHECK(actor_req_in_scope(&r, province));
    CHECK(!actor_req_in_scope(&r, 999999));
    req_free(&r);
}

/* ---- fields ---- */
static void test_text_cleaning_and_fold(void)
{
    arena a = {0};
    char *out;
    CHECK(user_clean_text(&a, "  Nguyễn   Thị\u00a0Hoa ", 100, &out) == NULL);
    CHECK_STR(out, "Nguyễn Thị Hoa");
    CHECK(user_clean_text(&a, "Nguye\xcc\x82\xcc\x83n", 100, &out) == NULL);   /* NFD in, NFC out */
    CHECK_STR(out, "Nguyễn");
    CHECK_CONTAINS(user_clean_text(&a, "bad \xc3\x28", 100, &out), "UTF-8");
    CHECK_CONTAINS(user_clean_text(&a, "tên\xe2\x80\xaeđảo", 100, &out), "ẩn");     /* RIGHT-TO-LEFT OVERRIDE */
    CHECK_CONTAINS(user_clean_text(&a, "zero\xe2\x80\x8bwidth", 100, &out), "ẩn");
    CHECK_CONTAINS(user_clean_text(&a, "line\nbreak", 100, &out), "điều khiển");
    CHECK_CONTAINS(user_clean_text(&a, "ệệệệệ", 4, &out), "4");
    CHECK(user_clean_text(&a, "ệệệệ", 4, &out) == NULL);
    char *folded = vn_fold_str("Nguyễn Thị ĐÀO");   /* the users' search column (user.c) */
    CHECK_STR(folded, "nguyen thi dao");
    free(folded);
    CHECK_STR(iso_local_time(&a, "2025-06-30T20:15:00Z", false), "01/07/2025 03:15");
    CHECK_STR(iso_local_time(&a, "2025-06-30T20:15:09Z", true), "01/07/2025 03:15:09");
    CHECK_STR(iso_local_time(&a, "hôm qua", true), "hôm qua");
    arena_free(&a);
}

static void test_validation_hostile(void)
{
    arena a = {0};
    struct {
        struct user_input in;
        const char *field;
    } bad[] = {
        {{.login = "x", .name = "A", .unit = "SYT", .role = "viewer", .password = PW}, "login"},
        {{.login = "robert'); DROP TABLE app_user;--", .name = "A", .unit = "SYT", .role = "viewer", .password = PW}, "login"},
        {{.login = "ngoc", .name = "<script>alert(1)</script>\x01", .unit = "SYT", .role = "viewer", .password = PW}, "name"},
        {{.login = "ngoc", .name = "", .unit = "SYT", .role = "viewer", .password = PW}, "name"},
        {{.login = "ngoc", .name = "A", .email = "not-an-email", .unit = "SYT", .role = "viewer", .password = PW}, "email"},
        {{.login = "ngoc", .name = "A", .email = "a@b", .unit = "SYT", .role = "viewer", .password = PW}, "email"},
        {{.login = "ngoc", .name = "A", .email = "a@-b.vn", .unit = "SYT", .role = "viewer", .password = PW}, "email"},
        {{.login = "ngoc", .name = "A", .email = "tên@b.vn", .unit = "SYT", .role = "viewer", .password = PW}, "email"},
        {{.login = "ngoc", .name = "A", .phone = "12ab", .unit = "SYT", .role = "viewer", .password = PW}, "phone"},
        {{.login = "ngoc", .name = "A", .phone = "123", .unit = "SYT", .role = "viewer", .password = PW}, "phone"},
        {{.login = "ngoc", .name = "A", .unit = "' OR 1=1 --", .role = "viewer", .password = PW}, "unit"},
        {{.login = "ngoc", .name = "A", .unit = "SYT", .role = "superuser", .password = PW}, "role"},
        {{.login = "ngoc", .name = "A", .unit = "SYT", .role = "viewer", .password = "ngoc-ngan"}, "password"},
    };
    for (size_t i = 0; i < countof(bad); i++) {
        struct field_errors fe = {0};
        bad[i].in.disabled = bad[i].in.must_change = -1;
        bool ok = user_validate(db, &a, &bad[i].in, true, &fe);
        if (ok || !ferr_get(&fe, bad[i].field))
            check_fail_at(__FILE__, __LINE__, "case %zu: want an error on %s, got %s", i, bad[i].field,
                          fe.n ? fe.items[0].name : "none");
    }
    struct user_input good = {.login = "Ngoc.Tran", .name = "Trần  Ngọc", .email = "Ngoc@SoYTe.gov.vn",
                              .phone = "+84 (912) 345-678", .unit = "SYT", .role = "viewer", .password = PW,
                              .disabled = -1, .must_change = -1};
    struct field_errors fe = {0};
    CHECK(user_validate(db, &a, &good, true, &fe));
    CHECK_STR(good.login, "ngoc.tran");
    CHECK_STR(good.name, "Trần Ngọc");
    CHECK_STR(good.email, "ngoc@soyte.gov.vn");
    CHECK_STR(good.phone, "0912345678");
    CHECK_INT(good.unit_id, dept);
    /* A bare value that is both a code and another unit's id is ambiguous. */
    char code[24];
    snprintf(code, sizeof code, "%lld", (long long)dept);
    store_exec(db, "UPDATE unit SET code=$1 WHERE id=$2", "ti", code, hospital);
    struct user_input amb = {.unit = code, .disabled = -1, .must_change = -1};
    memset(&fe, 0, sizeof fe);
    CHECK(!user_validate(db, &a, &amb, false, &fe));
    CHECK_CONTAINS(ferr_get(&fe, "unit"), "id:");
    amb.unit = arena_printf(&a, "id:%s", code);
    memset(&fe, 0, sizeof fe);
    CHECK(user_validate(db, &a, &amb, false, &fe));
    CHECK_INT(amb.unit_id, dept);
    store_exec(db, "UPDATE unit SET code='BVDK' WHERE id=$1", "i", hospital);
    /* Duplicate logins are a field error, and nothing is written. */
    struct user_input dup = {.login = "quantri", .name = "Khác", .unit = "SYT", .role = "viewer", .password = PW,
                             .disabled = -1, .must_change = -1};
    memset(&fe, 0, sizeof fe);
    int64_t users = count("SELECT count(*) FROM app_user WHERE id > $1", 0);
    CHECK_INT(user_create(db, &a, &actor_system, &dup, &fe), 0);
    CHECK(ferr_get(&fe, "login") != NULL);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE id > $1", 0), users);
    arena_free(&a);
}

static void test_last_admin_guard(void)
{
    /* Every whole-tree administrator but one is disabled; the last cannot be. */
    arena a = {0};
    stmt *q = store_query(db, "SELECT u.id FROM app_user u WHERE u.role='admin' AND u.disabled=0 AND u.id<>$1", "i", admin_id);
    int64_t others[16];
    int n = 0;
    while (q && stmt_step(q) == STORE_ROW && n < 16) others[n++] = stmt_int64(q, 0);
    stmt_finalize(q);
    struct field_errors fe = {0};
    for (int i = 0; i < n; i++) {
        struct user_input in = {.disabled = 1, .must_change = -1};
        CHECK_INT(user_update(db, &a, &actor_system, others[i], &in, NULL, &fe), 1);
    }
    struct user_input off = {.disabled = 1, .must_change = -1};
    CHECK_INT(user_update(db, &a, &actor_system, admin_id, &off, NULL, &fe), USER_LAST_ADMIN);
    struct user_input demote = {.role = "viewer", .disabled = -1, .must_change = -1};
    CHECK_INT(user_update(db, &a, &actor_system, admin_id, &demote, NULL, &fe), USER_LAST_ADMIN);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE id=$1 AND disabled=0 AND role='admin'", admin_id), 1);
    CHECK(admin_rule_holds(db));
    CHECK(admin_rule_would_orphan(db, admin_id));         /* the one function privacy.c asks too */
    CHECK(!admin_rule_would_orphan(db, rep_id));
    /* Optimistic concurrency: an old version is refused. */
    struct user_input rename = {.name = "Tên mới", .disabled = -1, .must_change = -1};
    CHECK_INT(user_update(db, &a, &actor_system, admin_id, &rename, "1999-01-01T00:00:00Z", &fe), USER_CONFLICT);
    for (int i = 0; i < n; i++) {
        struct user_input in = {.disabled = 0, .must_change = -1};
        CHECK_INT(user_update(db, &a, &actor_system, others[i], &in, NULL, &fe), 1);
    }
    arena_free(&a);
}

/* The domain checks the actor itself (item 4 of #8): a user administrator scoped to a
 * department manages only users of its subtree, hands out only roles within its own powers,
 * and cannot edit roles; a user without user.admin changes only their own profile. */
static void test_domain_enforces_scope(void)
{
    arena a = {0};
    CHECK_INT(store_exec(db, "INSERT INTO role(name, label, whole_tree) VALUES ('unit_admin', 'Quản trị sở', 0)", ""), STORE_OK);
    CHECK_INT(store_exec(db, "INSERT INTO role_capability(role, capability) VALUES ('unit_admin', 'unit.read'),"
                             " ('unit_admin', 'user.admin')", ""), STORE_OK);
    int64_t scoped_id = add_user("quantriso", "unit_admin", dept), outsider = add_user("ngoaiso", "viewer", other_dept);
    CHECK(scoped_id > 0 && outsider > 0);
    struct actor scoped = actor_of(scoped_id, &a), rep = actor_of(rep_id, &a);
    struct field_errors fe = {0};
    struct user_input in = {.login = "trongso", .name = "Trong Sở", .role = "viewer", .password = PW, .disabled = -1,
                            .must_change = 0, .unit = arena_printf(&a, "id:%lld", (long long)hospital)};
    int64_t inside = user_create(db, &a, &scoped, &in, &fe);
    CHECK(inside > 0);
    struct user_input out = {.login = "ngoaiso2", .name = "Ngoài Sở", .role = "viewer", .password = PW, .disabled = -1,
                             .must_change = 0, .unit = arena_printf(&a, "id:%lld", (long long)other_dept)};
    fe.n = 0;
    CHECK_INT(user_create(db, &a, &scoped, &out, &fe), USER_FORBIDDEN);
    CHECK(ferr_get(&fe, "unit") != NULL);
    struct user_input up = {.login = "quyenlon", .name = "Quyền Lớn", .role = "admin", .password = PW, .disabled = -1,
                            .must_change = 0, .unit = arena_printf(&a, "id:%lld", (long long)dept)};
    fe.n = 0;
    CHECK_INT(user_create(db, &a, &scoped, &up, &fe), USER_FORBIDDEN);
    CHECK(ferr_get(&fe, "role") != NULL);
    struct user_input off = {.disabled = 1, .must_change = -1};
    fe.n = 0;
    CHECK_INT(user_update(db, &a, &scoped, inside, &off, NULL, &fe), 1);
    fe.n = 0;
    off.login = NULL;   /* user_update filled in the first user's login */
    CHECK_INT(user_update(db, &a, &scoped, outsider, &off, NULL, &fe), USER_FORBIDDEN);
    /* Moving one's own user out of one's subtree is refused too (checked before and after). */
    struct user_input move = {.unit = arena_printf(&a, "id:%lld", (long long)other_dept), .disabled = -1, .must_change = -1};
    fe.n = 0;
    CHECK_INT(user_update(db, &a, &scoped, inside, &move, NULL, &fe), USER_FORBIDDEN);
    const char *problem = NULL;
    CHECK_INT(user_set_password(db, &scoped, outsider, "mat-khau-moi-2026", false, NULL, false, "password.reset", NULL,
                                &problem), USER_FORBIDDEN);
    char token[AUTH_TOKEN_LEN + 1];
    fe.n = 0;
    CHECK_INT(user_token_issue(db, &a, &scoped, outsider, "x", 30, token, &fe), USER_FORBIDDEN);
    CHECK_INT(user_totp_off(db, &scoped, outsider), USER_FORBIDDEN);
    /* Without user.admin: one's own profile, nobody else's, and not one's own role. */
    struct user_input rename = {.name = "Báo Cáo Viên", .disabled = -1, .must_change = -1};
    fe.n = 0;
    CHECK_INT(user_update(db, &a, &rep, rep_id, &rename, NULL, &fe), 1);
    fe.n = 0;
    rename.login = NULL;
    CHECK_INT(user_update(db, &a, &rep, inside, &rename, NULL, &fe), USER_FORBIDDEN);
    struct user_input promote = {.role = "admin", .disabled = -1, .must_change = -1};
    fe.n = 0;
    CHECK_INT(user_update(db, &a, &rep, rep_id, &promote, NULL, &fe), USER_FORBIDDEN);
    /* Roles are edited by whole-tree administrators only. */
    fe.n = 0;
    CHECK_INT(role_save(db, &a, &scoped, "viewer", false, "Người xem", false, CAP_BIT(CAP_UNIT_READ), &fe), ROLE_FORBIDDEN);
    fe.n = 0;
    CHECK_INT(role_save(db, &a, &actor_system, "viewer", false, "Người xem", false, CAP_BIT(CAP_UNIT_READ), &fe), 1);
    arena_free(&a);
}

/* ---- nothing secret in the audit log ---- */
static void test_audit_has_no_secrets(void)
{
    arena a = {0};
    struct user_input in = {.login = "bimat", .name = "Bí Mật", .email = "bi.mat@example.vn", .phone = "0987654321",
                            .unit = "SYT", .role = "viewer", .password = "mat-khau-bi-mat-xyz", .disabled = -1, .must_change = 1};
    struct field_errors fe = {0};
    int64_t uid = user_create(db, &a, (struct actor[]){actor_of(admin_id, &a)}, &in, &fe);
    CHECK(uid > 0);
    const char *problem = NULL;
    CHECK_INT(user_set_password(db, (struct actor[]){actor_of(admin_id, &a)}, uid, "mat-khau-bi-mat-moi", true, NULL, false, "password.reset",
                                NULL, &problem), 1);
    char token[AUTH_TOKEN_LEN + 1];
    fe = (struct field_errors){0};
    CHECK(user_token_issue(db, &a, (struct actor[]){actor_of(admin_id, &a)}, uid, "bí mật", 30, token, &fe) > 0);
    char *hash = NULL, *all = NULL;
    store_text(db, &hash, &a, "SELECT password_hash FROM app_user WHERE id=$1", "i", uid);
    store_text(db, &all, &a, "SELECT group_concat(coalesce(before_json,'') || coalesce(after_json,''), '|') FROM audit_log", "");
    CHECK(all != NULL);
    if (!all) return;
    const char *secrets[] = {"mat-khau-bi-mat", "argon2", token, token + 4, hash ? hash : "$", "0987654321", "bi.mat@example.vn",
                             "GEZDGNBVGY3TQOJQ", "JBSWY3DPEHPK3PXP"};
    for (size_t i = 0; i < countof(secrets); i++)
        if (strstr(all, secrets[i])) check_fail_at(__FILE__, __LINE__, "audit log contains secret #%zu", i);
    CHECK_CONTAINS(all, "\"$pii\"");   /* phone and email are there as vault references */
    CHECK(count("SELECT count(*) FROM audit_log WHERE action='token.create' AND entity='api_token' AND id > $1", 0) >= 1);
    CHECK_INT(count("SELECT count(*) FROM audit_log WHERE action='password.reset' AND entity_id=CAST($1 AS TEXT)", uid), 1);
    arena_free(&a);
}

/* Erasing a person leaves nothing of their name in the derived columns (search, order) and no
 * pending two-factor secret. */
static void test_erase_clears_derived_columns(void)
{
    int64_t uid = add_user("xoabo", "viewer", dept);
    store_exec(db, "UPDATE app_user SET name='Phùng Thị Xoá', totp_pending='JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' WHERE id=$1", "i", uid);
    arena a = {0};
    struct user_input in = {.name = "Phùng Thị Xoá Bỏ", .disabled = -1, .must_change = -1};
    struct field_errors fe = {0};
    CHECK_INT(user_update(db, &a, &actor_system, uid, &in, NULL, &fe), 1);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE id=$1 AND name_fold='phung thi xoa bo' AND name_sort IS NOT NULL", uid), 1);
    char err[256];
    CHECK_INT(privacy_erase(db, admin_id, "quantri", "user", uid, "kiểm thử", NULL, err, sizeof err), 0);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE id=$1 AND name_fold='' AND name_sort IS NULL AND totp_pending IS NULL", uid), 1);
    CHECK_INT(count("SELECT count(*) FROM app_user WHERE name_fold LIKE '%phung%' AND id=$1", uid), 0);
    arena_free(&a);
}

int main(void)
{
    app_start();   /* the program's features and their routes */
    CHECK(web_route_count() > 50);
    setup();
    RUN(test_hmac_sha1_rfc2202);
    RUN(test_base32_rfc4648);
    RUN(test_totp_rfc6238_sha1);
    RUN(test_totp_secret_new);
    RUN(test_password_rules);
    RUN(test_password_hash_and_normalisation);
    RUN(test_hash_bound_threads);
    RUN(test_hash_busy);
    RUN(test_session_login_and_fixation);
    RUN(test_session_cap);
    RUN(test_password_change_rotates);
    RUN(test_disable_ends_sessions_and_tokens);
    RUN(test_csrf_on_every_state_changing_route);
    RUN(test_csrf_enforced);
    RUN(test_throttle_per_account);
    RUN(test_throttle_reservation);
    RUN(test_throttle_per_address);
    RUN(test_api_tokens);
    RUN(test_totp_login_and_replay);
    RUN(test_totp_enrolment_flow);
    RUN(test_scope);
    RUN(test_domain_enforces_scope);
    RUN(test_text_cleaning_and_fold);
    RUN(test_validation_hostile);
    RUN(test_last_admin_guard);
    RUN(test_audit_has_no_secrets);
    RUN(test_erase_clears_derived_columns);
    store_close(db);
    char side[600];
    unlink(dbpath);
    snprintf(side, sizeof side, "%s-wal", dbpath); unlink(side);
    snprintf(side, sizeof side, "%s-shm", dbpath); unlink(side);
    return check_done();
}
