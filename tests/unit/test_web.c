/* test_web.c: the dispatcher (web.c) against a route table of its own: path matching and
 * {placeholders}, 404 and 405 (with a correct Allow list), capability enforcement (redirect to
 * /login for HTML GETs, 401 and 403 otherwise), CSRF on cookie sessions (not on bearer tokens),
 * loopback-only routes, body limits, content types and UTF-8, JSON error bodies under /api/,
 * the security headers on every reply (errors included), transactions left open, and the form
 * parsers (urlencoded, multipart, percent-decoding).
 *
 * The tests register a feature of their own (web_set_features), so they see exactly the rows
 * below, whatever the application's features hold today. */
#include <stdlib.h>
#include <unistd.h>

#include "session.h"
#include "check.h"
#include "user.h"
#include "html.h"
#include "web.h"

/* ---- handlers of the test table ---- */
static int handler_calls;

static void h_ok(req *r) { handler_calls++; html(r, "<p>ok</p>"); }
static void h_show(req *r)
{
    handler_calls++;
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    html(r, "id=%D q=%s", id, web_param(r, "q"));
}
static void h_write(req *r)
{
    handler_calls++;
    html(r, "wrote %s name=%s", r->params[0], web_param(r, "name"));
}
static void h_two(req *r) { handler_calls++; html(r, "%s/%s", r->params[0], r->params[1]); }
static void h_json(req *r)
{
    handler_calls++;
    json_t *name = r->json ? json_object_get(r->json, "name") : NULL;
    web_json(r, 201, json_pack("{s:s, s:s?}", "id", r->params[0] ? r->params[0] : "new",
                               "name", name ? json_string_value(name) : NULL));
}
static void h_upload(req *r)
{
    handler_calls++;
    html(r, "uploads=%d", r->n_uploads);
    if (r->n_uploads) html(r, " file=%s len=%D", r->uploads[0].filename, (int64_t)r->uploads[0].len);
    html(r, " note=%s", web_param(r, "note"));
}
static void h_leave_tx(req *r)
{
    handler_calls++;
    store_begin(r->db);
    store_exec(r->db, "INSERT INTO setting(name, value, updated_at) VALUES ('t.left', 'x', 'now')", "");
    html(r, "forgot to commit");
}
static void h_fail(req *r) { handler_calls++; store_begin(r->db); web_fail(r, "test failure"); }

static const struct route test_routes[] = {
    {"GET", "/", h_ok, CAP_PUBLIC, R_HTML, "t.home", NULL},
    {"GET", "/things/{id}", h_show, CAP_UNIT_READ, R_HTML, "t.show", NULL},
    {"POST", "/things/{id}", h_write, CAP_UNIT_WRITE, R_HTML | R_CSRF, "t.update", NULL},
    {"DELETE", "/things/{id}", h_write, CAP_UNIT_WRITE, R_HTML | R_CSRF, "t.delete", NULL},
    {"GET POST", "/things/{id}/sub/{sub}", h_two, CAP_LOGIN, R_HTML | R_CSRF, "t.sub", NULL},
    {"GET", "/api/things/{id}", h_json, CAP_UNIT_READ, R_JSON, "t.api.show", NULL},
    {"POST", "/api/things", h_json, CAP_UNIT_WRITE, R_JSON | R_CSRF, "t.api.create", NULL},
    {"GET", "/local", h_ok, CAP_PUBLIC, R_LOCAL, "t.local", NULL},
    {"POST", "/upload", h_upload, CAP_LOGIN, R_HTML | R_CSRF | R_UPLOAD, "t.upload", NULL},
    {"GET", "/leave-tx", h_leave_tx, CAP_PUBLIC, R_HTML, "t.leave", NULL},
    {"GET", "/api/fail", h_fail, CAP_PUBLIC, R_JSON, "t.fail", NULL},
    {0},
};
static const struct feature test_feature = {"test", test_routes, NULL, NULL};
static const struct feature *const test_features[] = {&test_feature, NULL};

/* ---- fixture: a database with two users (viewer: unit.read; admin: all) ---- */
static char dir[256];
static store *db;
static char viewer_cookie[128], admin_cookie[128], admin_csrf[65], admin_token[65];

static bool start_session(int64_t uid, char *cookie, char *csrf)
{
    req r;
    req_init(&r);
    r.db = db;
    r.remote_addr = "127.0.0.1";
    bool ok = auth_session_start(&r, uid) == 0;
    const char *sc = kv_get(&r.resp_headers, "Set-Cookie");
    if (ok && sc) snprintf(cookie, 128, "%.*s", (int)strcspn(sc, ";"), sc);
    if (ok && csrf) snprintf(csrf, 65, "%s", r.user.csrf);
    req_free(&r);
    return ok && sc;
}

/* A user through user_create (people/user.c), as the program makes them. 0 on failure. */
static int64_t add_user(const char *login, const char *name, int64_t unit, const char *role, const char *password)
{
    arena a = {0};
    struct user_input in = {.login = login, .name = name, .role = role, .password = password,
                            .unit = arena_printf(&a, "id:%lld", (long long)unit), .disabled = -1, .must_change = -1};
    struct field_errors fe = {0};
    int64_t id = user_create(db, &a, &actor_system, &in, &fe);
    arena_free(&a);
    return id > 0 ? id : 0;
}

static bool setup(void)
{
    const char *tmp = getenv("TEST_TMP");
    snprintf(dir, sizeof dir, "%s/test_web.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) return false;
    char path[300], err[512];
    snprintf(path, sizeof path, "%s/web.db", dir);
    db = store_open(path, err, sizeof err);
    if (!db || store_migrate(db, err, sizeof err) != STORE_OK) { printf("FAIL setup: %s\n", err); return false; }
    store_exec(db, "INSERT INTO setting(name, value, updated_at) VALUES ('auth.pwhash', 'cheap', 'x')", "");
    int64_t unit = 0;
    store_int64(db, &unit, "INSERT INTO unit(kind, name, name_fold, sort_key, created_at, updated_at)"
                           " VALUES ('province', 'Tỉnh', 'tinh', $1, 'x', 'x') RETURNING id", "b", "k", (size_t)1);
    int64_t v = add_user("xem", "Người xem", unit, "viewer", "mat-khau-dai-1");
    int64_t a = add_user("quantri", "Quản trị", unit, "admin", "mat-khau-dai-2");
    if (!v || !a) { printf("FAIL setup: cannot create the test users\n"); return false; }
    int64_t tid;
    return start_session(v, viewer_cookie, NULL) && start_session(a, admin_cookie, admin_csrf) &&
           auth_token_create_until(db, a, "test", "2999-01-01T00:00:00Z", admin_token, &tid) == 0;
}

/* ---- calling the dispatcher ---- */
struct call { const char *method, *path, *query, *cookie, *ct, *body, *remote, *csrf_header, *bearer;
              size_t body_len; };

static req R;   /* the last request; freed by the next call */

static req *call(struct call c)
{
    req_free(&R);
    req_init(&R);
    R.db = db;
    R.method = c.method ? c.method : "GET";
    R.path = c.path;
    R.query_string = c.query;
    R.remote_addr = c.remote ? c.remote : "127.0.0.1";
    kv_add(&R.a, &R.headers, "host", "test", 4);
    if (c.cookie) kv_add(&R.a, &R.headers, "cookie", c.cookie, strlen(c.cookie));
    if (c.ct) kv_add(&R.a, &R.headers, "content-type", c.ct, strlen(c.ct));
    if (c.csrf_header) kv_add(&R.a, &R.headers, "x-csrf-token", c.csrf_header, strlen(c.csrf_header));
    if (c.bearer) {
        char *h = arena_printf(&R.a, "Bearer %s", c.bearer);
        kv_add(&R.a, &R.headers, "authorization", h, strlen(h));
    }
    R.body = c.body;
    R.body_len = c.body ? (c.body_len ? c.body_len : strlen(c.body)) : 0;
    web_handle(&R);
    return &R;
}

static const char *header(const req *r, const char *name) { return kv_get(&r->resp_headers, name); }
static const char *body(const req *r) { return buf_str(&r->out); }

/* Every reply carries these, whatever its status. */
static bool secure_headers(const req *r)
{
    const char *csp = header(r, "Content-Security-Policy");
    return csp && strstr(csp, "default-src 'self'") && strstr(csp, "frame-ancestors 'none'") &&
           str_eq(header(r, "X-Content-Type-Options"), "nosniff") && str_eq(header(r, "X-Frame-Options"), "DENY") &&
           header(r, "Referrer-Policy") && header(r, "X-Request-Id") && header(r, "Cache-Control");
}

/* The JSON error body's "error" code, or NULL if the body is not such JSON. */
static const char *reply_error_code(const req *r)
{
    static char code[64];
    json_error_t je;
    json_t *j = json_loads(body(r), 0, &je);
    const char *e = j ? json_string_value(json_object_get(j, "error")) : NULL;
    bool has_msg = j && json_is_string(json_object_get(j, "message")) && json_is_string(json_object_get(j, "request_id"));
    snprintf(code, sizeof code, "%s", e && has_msg ? e : "");
    json_decref(j);
    return e && has_msg ? code : NULL;
}

/* ---- tests ---- */
static void test_routing_and_params(void)
{
    req *r = call((struct call){.path = "/"});
    CHECK_INT(r->status, 200);
    CHECK_STR(body(r), "<p>ok</p>");
    r = call((struct call){.path = "/things/42", .query = "q=Lạng%20Sơn", .cookie = viewer_cookie});
    CHECK_INT(r->status, 200);
    CHECK_STR(body(r), "id=42 q=Lạng Sơn");
    r = call((struct call){.path = "/things/7/sub/a%20b", .cookie = viewer_cookie});
    CHECK_INT(r->status, 200);
    CHECK_STR(body(r), "7/a%20b");                     /* the dispatcher gets decoded paths */
    CHECK_STR(r->route->name, "t.sub");
    r = call((struct call){.method = "HEAD", .path = "/", .cookie = NULL});
    CHECK_INT(r->status, 200);
    CHECK(r->is_head);
    /* Ids that are not positive decimal numbers are 404, never 0 or a partial parse. */
    const char *bad_ids[] = {"abc", "0", "-1", "+5", "12x", "99999999999999999999"};
    for (size_t i = 0; i < countof(bad_ids); i++) {
        char p[64];
        snprintf(p, sizeof p, "/things/%s", bad_ids[i]);
        r = call((struct call){.path = p, .cookie = viewer_cookie});
        if (r->status != 404) printf("     (id '%s')\n", bad_ids[i]);
        CHECK_INT(r->status, 404);
        CHECK(secure_headers(r));
    }
}

static void test_not_found_and_bad_paths(void)
{
    const char *paths[] = {"/nope", "/things", "/things/", "/things/5/", "/things//sub/x", "/things/5/sub/",
                           "/static/../etc/passwd", "//things/5"};
    for (size_t i = 0; i < countof(paths); i++) {
        req *r = call((struct call){.path = paths[i], .cookie = viewer_cookie});
        if (r->status != 404) printf("     (path '%s')\n", paths[i]);
        CHECK_INT(r->status, 404);
        CHECK(secure_headers(r));
        CHECK_CONTAINS(body(r), "<html");
    }
    req *r = call((struct call){.path = "/api/nope"});
    CHECK_INT(r->status, 404);
    CHECK_STR(reply_error_code(r), "not_found");
    CHECK_CONTAINS(r->content_type, "application/json");
    CHECK(secure_headers(r));
    r = call((struct call){.path = "no-slash"});
    CHECK_INT(r->status, 400);
    CHECK(secure_headers(r));
    r = call((struct call){.path = ""});
    CHECK_INT(r->status, 400);
    char longpath[3000];
    memset(longpath, 'a', sizeof longpath - 1);
    longpath[0] = '/';
    longpath[sizeof longpath - 1] = 0;
    r = call((struct call){.path = longpath});
    CHECK_INT(r->status, 400);
}

static void test_method_not_allowed(void)
{
    req *r = call((struct call){.method = "PUT", .path = "/things/5", .cookie = admin_cookie});
    CHECK_INT(r->status, 405);
    /* The union of every row for the path, comma-separated, HEAD with GET. */
    CHECK_STR(header(r, "Allow"), "GET, HEAD, POST, DELETE");
    CHECK(secure_headers(r));
    r = call((struct call){.method = "POST", .path = "/"});
    CHECK_INT(r->status, 405);
    CHECK_STR(header(r, "Allow"), "GET, HEAD");
    r = call((struct call){.method = "DELETE", .path = "/api/things/3"});
    CHECK_INT(r->status, 405);
    CHECK_STR(reply_error_code(r), "method_not_allowed");
    /* Methods that only look like allowed ones. */
    r = call((struct call){.method = "GE", .path = "/"});
    CHECK_INT(r->status, 405);
    r = call((struct call){.method = "GETX", .path = "/"});
    CHECK_INT(r->status, 405);
    r = call((struct call){.method = "", .path = "/"});   /* used to loop forever */
    CHECK_INT(r->status, 405);
}

static void test_capabilities(void)
{
    int before = handler_calls;
    /* Anonymous HTML GET: to the login page, coming back here afterwards. */
    req *r = call((struct call){.path = "/things/5"});
    CHECK_INT(r->status, 303);
    CHECK_STR(header(r, "Location"), "/login?next=%2Fthings%2F5");
    CHECK(secure_headers(r));
    /* Anonymous POST and anonymous JSON: 401. */
    r = call((struct call){.method = "POST", .path = "/things/5", .ct = "application/x-www-form-urlencoded", .body = "name=x"});
    CHECK_INT(r->status, 401);
    CHECK(secure_headers(r));
    r = call((struct call){.path = "/api/things/5"});
    CHECK_INT(r->status, 401);
    CHECK_STR(reply_error_code(r), "unauthorized");
    /* A forged or stale session cookie is anonymous. */
    r = call((struct call){.path = "/things/5", .cookie = "thidua_session=0000000000000000000000000000000000000000000000000000000000000000"});
    CHECK_INT(r->status, 303);
    r = call((struct call){.path = "/api/things/5", .bearer = "not-a-token"});
    CHECK_INT(r->status, 401);
    /* Signed in without the capability: 403, as a page or as JSON. */
    r = call((struct call){.method = "POST", .path = "/things/5", .cookie = viewer_cookie,
                           .ct = "application/x-www-form-urlencoded", .body = "name=x"});
    CHECK_INT(r->status, 403);
    CHECK_CONTAINS(body(r), "không có quyền");
    CHECK(secure_headers(r));
    r = call((struct call){.method = "POST", .path = "/api/things", .cookie = viewer_cookie,
                           .ct = "application/json", .body = "{}"});
    CHECK_INT(r->status, 403);
    CHECK_STR(reply_error_code(r), "forbidden");
    CHECK_INT(handler_calls, before);                  /* no handler ran for any of these */
    /* With the capability. */
    r = call((struct call){.path = "/api/things/5", .cookie = viewer_cookie});
    CHECK_INT(r->status, 201);
    r = call((struct call){.path = "/api/things/5", .bearer = admin_token});
    CHECK_INT(r->status, 201);
    CHECK(r->user.via_token);
    /* Login-only route: any signed-in user. */
    r = call((struct call){.path = "/things/1/sub/2", .cookie = viewer_cookie});
    CHECK_INT(r->status, 200);
}

static void test_csrf(void)
{
    const char *form = "application/x-www-form-urlencoded";
    int before = handler_calls;
    req *r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form, .body = "name=a"});
    CHECK_INT(r->status, 403);
    CHECK_CONTAINS(body(r), "CSRF");
    CHECK(secure_headers(r));
    r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form,
                           .body = "name=a&_csrf=0000000000000000000000000000000000000000000000000000000000000000"});
    CHECK_INT(r->status, 403);
    r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form, .body = "name=a&_csrf="});
    CHECK_INT(r->status, 403);
    /* The viewer's own token does not work with the admin's session. */
    r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form,
                           .body = "name=a", .csrf_header = "x"});
    CHECK_INT(r->status, 403);
    r = call((struct call){.method = "DELETE", .path = "/things/5", .cookie = admin_cookie});
    CHECK_INT(r->status, 403);
    CHECK_INT(handler_calls, before);
    char ok_body[200];
    snprintf(ok_body, sizeof ok_body, "name=T%%C3%%AAn&_csrf=%s", admin_csrf);
    r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form, .body = ok_body});
    CHECK_INT(r->status, 200);
    CHECK_STR(body(r), "wrote 5 name=Tên");
    r = call((struct call){.method = "POST", .path = "/api/things", .cookie = admin_cookie, .ct = "application/json",
                           .body = "{\"name\":\"x\"}", .csrf_header = admin_csrf});
    CHECK_INT(r->status, 201);
    /* Bearer tokens are not sent by browsers on their own: no CSRF token needed. */
    r = call((struct call){.method = "POST", .path = "/api/things", .bearer = admin_token, .ct = "application/json",
                           .body = "{\"name\":\"y\"}"});
    CHECK_INT(r->status, 201);
    CHECK_CONTAINS(body(r), "\"name\":\"y\"");
    /* GET on a CSRF route is not a state change. */
    r = call((struct call){.path = "/things/1/sub/2", .cookie = admin_cookie});
    CHECK_INT(r->status, 200);
}

static void test_local_only(void)
{
    req *r = call((struct call){.path = "/local", .remote = "10.1.2.3"});
    CHECK_INT(r->status, 403);
    CHECK(secure_headers(r));
    r = call((struct call){.path = "/local", .remote = "::ffff:10.0.0.1"});
    CHECK_INT(r->status, 403);
    r = call((struct call){.path = "/local", .remote = "1270.0.0.1"});
    CHECK_INT(r->status, 403);
    r = call((struct call){.path = "/local", .remote = "127.0.0.1"});
    CHECK_INT(r->status, 200);
    r = call((struct call){.path = "/local", .remote = "::1"});
    CHECK_INT(r->status, 200);
    r = call((struct call){.path = "/local", .remote = "::ffff:127.0.0.1"});
    CHECK_INT(r->status, 200);
}

static void test_bodies(void)
{
    const char *form = "application/x-www-form-urlencoded";
    char tok[100];
    snprintf(tok, sizeof tok, "_csrf=%s", admin_csrf);
    int before = handler_calls;
    /* Over the 1 MiB limit of ordinary routes. */
    size_t big = WEB_MAX_BODY + 10;
    char *huge = malloc(big + 1);
    memset(huge, 'a', big);
    memcpy(huge, "name=", 5);
    huge[big] = 0;
    req *r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form, .body = huge});
    CHECK_INT(r->status, 413);
    CHECK(secure_headers(r));
    /* A field over 64 KiB inside the limit. */
    char *longf = malloc(70000 + 200);
    snprintf(longf, 200, "%s&name=", tok);
    memset(longf + strlen(longf), 'b', 70000);
    longf[strlen(tok) + 6 + 70000] = 0;
    r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form, .body = longf});
    CHECK_INT(r->status, 400);
    free(longf);
    /* Invalid UTF-8 (a lone continuation byte, an overlong '/', a surrogate) in values and names. */
    const char *bad[] = {"name=%80", "name=%C0%AF", "name=%ED%A0%80", "name=%F4%90%80%80", "na%FFme=x", "name=%E1%BB"};
    for (size_t i = 0; i < countof(bad); i++) {
        char b[200];
        snprintf(b, sizeof b, "%s&%s", tok, bad[i]);
        r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form, .body = b});
        if (r->status != 400) printf("     (body '%s')\n", bad[i]);
        CHECK_INT(r->status, 400);
    }
    /* Bad percent-encoding and NUL. */
    const char *enc[] = {"name=%zz", "name=%4", "name=%", "name=a%00b", "=x"};
    for (size_t i = 0; i < countof(enc); i++) {
        char b[200];
        snprintf(b, sizeof b, "%s&%s", tok, enc[i]);
        r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form, .body = b});
        if (r->status != 400) printf("     (body '%s')\n", enc[i]);
        CHECK_INT(r->status, 400);
        CHECK_CONTAINS(body(r), "không đọc được");
    }
    /* Query strings get the same checks. */
    r = call((struct call){.path = "/things/5", .query = "q=%FF", .cookie = viewer_cookie});
    CHECK_INT(r->status, 400);
    r = call((struct call){.path = "/things/5", .query = "q=%G1", .cookie = viewer_cookie});
    CHECK_INT(r->status, 400);
    /* JSON: invalid, invalid UTF-8 inside, duplicate keys, wrong or missing type. */
    const char *jbad[] = {"{", "{\"name\":\"\xff\"}", "{\"name\":\"a\",\"name\":\"b\"}", "{\"a\":\"\\u0000\"}", "[1,]"};
    for (size_t i = 0; i < countof(jbad); i++) {
        r = call((struct call){.method = "POST", .path = "/api/things", .bearer = admin_token, .ct = "application/json", .body = jbad[i]});
        if (r->status != 400) printf("     (json '%s')\n", jbad[i]);
        CHECK_INT(r->status, 400);
        CHECK_STR(reply_error_code(r), "bad_request");
        CHECK(secure_headers(r));
    }
    const char *wrong_ct[] = {"application/x-www-form-urlencoded", "text/plain", "application/jsonx", "multipart/form-data; boundary=x"};
    for (size_t i = 0; i < countof(wrong_ct); i++) {
        r = call((struct call){.method = "POST", .path = "/api/things", .bearer = admin_token, .ct = wrong_ct[i], .body = "name=x"});
        if (r->status != 415) printf("     (content type '%s')\n", wrong_ct[i]);
        CHECK_INT(r->status, 415);
        CHECK_STR(reply_error_code(r), "unsupported_media_type");
    }
    r = call((struct call){.method = "POST", .path = "/api/things", .bearer = admin_token, .body = "{}"});
    CHECK_INT(r->status, 415);
    r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = "text/plain", .body = tok});
    CHECK_INT(r->status, 415);
    CHECK_INT(handler_calls, before);
    /* An upload route takes more than 1 MiB. */
    size_t n = WEB_MAX_BODY * 2;
    char *mp = malloc(n + 1000);
    int h = snprintf(mp, 1000, "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n"
                               "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nghi chú\r\n"
                               "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"đơn vị.csv\"\r\n"
                               "Content-Type: text/csv\r\n\r\n", admin_csrf);
    memset(mp + h, 'x', n);
    int t = snprintf(mp + h + n, 100, "\r\n--XyZ--\r\n");
    r = call((struct call){.method = "POST", .path = "/upload", .cookie = admin_cookie,
                           .ct = "multipart/form-data; boundary=XyZ", .body = mp, .body_len = (size_t)h + n + (size_t)t});
    CHECK_INT(r->status, 200);
    char want[100];
    snprintf(want, sizeof want, "uploads=1 file=đơn vị.csv len=%zu note=ghi chú", n);
    CHECK_STR(body(r), want);
    free(mp);
    /* The same size to an ordinary route is refused. */
    r = call((struct call){.method = "POST", .path = "/things/5", .cookie = admin_cookie, .ct = form, .body = huge});
    CHECK_INT(r->status, 413);
    free(huge);
    CHECK_INT(web_body_limit_for("POST", "/upload"), WEB_MAX_UPLOAD);
    CHECK_INT(web_body_limit_for("POST", "/things/5"), WEB_MAX_BODY);
    CHECK_INT(web_body_limit_for("POST", "/no/such/route"), WEB_MAX_BODY);
}

static void test_handler_mistakes(void)
{
    int64_t n = -1;
    req *r = call((struct call){.path = "/leave-tx"});
    CHECK_INT(r->status, 500);
    CHECK(secure_headers(r));
    CHECK_INT(store_tx_depth(db), 0);
    store_int64(db, &n, "SELECT count(*) FROM setting WHERE name='t.left'", "");
    CHECK_INT(n, 0);                                   /* rolled back, not committed */
    r = call((struct call){.path = "/api/fail"});
    CHECK_INT(r->status, 500);
    CHECK_STR(reply_error_code(r), "internal_error");
    CHECK_INT(store_tx_depth(db), 0);
    CHECK(secure_headers(r));
}

static void test_reject_before_dispatch(void)
{
    req_free(&R);
    req_init(&R);
    web_reject(&R, 400, "Yêu cầu HTTP không hợp lệ.");
    CHECK_INT(R.status, 400);
    CHECK(secure_headers(&R));
    CHECK_CONTAINS(body(&R), "không hợp lệ");
    req_free(&R);
    req_init(&R);
    R.method = "POST";
    R.path = "/api/things";
    web_reject(&R, 413, NULL);
    CHECK_INT(R.status, 413);
    CHECK_STR(reply_error_code(&R), "payload_too_large");
    CHECK(secure_headers(&R));
}

static void test_request_ids(void)
{
    /* Unique across many requests, 16 hex digits. */
    enum { N = 2000 };
    static char ids[N][17];
    for (int i = 0; i < N; i++) {
        req r;
        req_init(&r);
        snprintf(ids[i], sizeof ids[i], "%s", r.request_id);
        req_free(&r);
    }
    int bad = 0, dup = 0;
    for (int i = 0; i < N; i++) {
        if (strlen(ids[i]) != 16 || strspn(ids[i], "0123456789abcdef") != 16) bad++;
        for (int j = i + 1; j < N; j++) if (!strcmp(ids[i], ids[j])) dup++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(dup, 0);
}

/* web_json writes JSON itself; it must give exactly what jansson's json_dumps gives. */
static void same_as_jansson(json_t *v, int *bad)
{
    char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    req r;
    req_init(&r);
    web_json(&r, 200, json_incref(v));
    const char *got = buf_str(&r.out);
    size_t n = strlen(got);
    if (!want || n == 0 || got[n - 1] != '\n' || strncmp(got, want, n - 1) != 0 || strlen(want) != n - 1) {
        if ((*bad)++ < 3) printf("     json differs:\n       want %s\n       got  %s", want ? want : "(null)", got);
    }
    free(want);
    req_free(&r);
}

static json_t *random_json(unsigned *seed, int depth)
{
    *seed = *seed * 1103515245u + 12345u;
    unsigned k = (*seed >> 16) % (depth > 3 ? 6 : 8);
    switch (k) {
    case 0: return json_null();
    case 1: return json_boolean((*seed >> 3) & 1);
    case 2: return json_integer((json_int_t)((long long)*seed * 7919 - 1000000000LL * (*seed & 7)));
    case 3: return json_real((double)(*seed % 100000) / 64.0);
    case 4: case 5: {
        char t[32];
        int len = (int)((*seed >> 8) % 12);
        for (int i = 0; i < len; i++) { *seed = *seed * 1103515245u + 12345u; t[i] = (char)(1 + (*seed >> 16) % 126); }
        return json_stringn(t, (size_t)len);
    }
    case 6: {
        json_t *a = json_array();
        for (unsigned i = 0; i < (*seed >> 5) % 5; i++) json_array_append_new(a, random_json(seed, depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = 0; i < (*seed >> 5) % 5; i++) {
            char key[16];
            snprintf(key, sizeof key, "k\"%u\t", (*seed >> 7) % 50);
            json_object_set_new(o, key, random_json(seed, depth + 1));
        }
        return o;
    }
    }
}

static void test_json_writer(void)
{
    int bad = 0;
    char ctl[40];
    for (int i = 0; i < 32; i++) ctl[i] = (char)(i ? i : ' ');
    memcpy(ctl + 32, "\"\\/\x7f<>&", 8);
    json_t *cases[] = {
        json_null(), json_true(), json_false(), json_integer(0), json_integer(-1), json_integer(INT64_MAX),
        json_integer(INT64_MIN), json_real(1.5), json_real(-0.25), json_real(1e300), json_real(3.0),
        json_string(""), json_string("Nguyễn Thị Hoà – Lạng Sơn 🌿"), json_stringn(ctl, 40),
        json_stringn("a\0b", 3), json_array(), json_object(),
        json_pack("{s:s, s:I, s:[i, s, {s:b}], s:n, s:{}}", "tên", "Sở Y tế", "id", (json_int_t)42, "list", 1, "x\"y", "ok", 1,
                  "none", "empty"),
        json_pack("[[[[]]], {s:[]}]", "a"),
    };
    for (size_t i = 0; i < countof(cases); i++) { same_as_jansson(cases[i], &bad); json_decref(cases[i]); }
    json_t *k = json_object();
    json_object_setn_new(k, "a\0\x01\"", 4, json_string("v"));
    same_as_jansson(k, &bad);
    json_decref(k);
    unsigned seed = 20251126;
    for (int i = 0; i < 3000; i++) {
        json_t *v = random_json(&seed, 0);
        same_as_jansson(v, &bad);
        json_decref(v);
    }
    CHECK_INT(bad, 0);
}

static void test_cache_headers(void)
{
    req *r = call((struct call){.path = "/"});
    CHECK_STR(header(r, "Cache-Control"), "no-cache");
    r = call((struct call){.path = "/things/1", .cookie = viewer_cookie});
    CHECK_STR(header(r, "Cache-Control"), "no-store");   /* personal pages are never stored */
    CHECK(header(r, "Set-Cookie") == NULL);
}

/* ---- the parsers on their own ---- */
static void test_urlencoded(void)
{
    arena a = {0};
    struct kvlist l = {0};
    CHECK(web_parse_urlencoded(&a, "a=1&b=&c&&d=x+y%2Bz&a=2", 23, &l) == NULL);
    CHECK_INT(l.n, 5);
    CHECK_STR(kv_get(&l, "a"), "1");                   /* first value wins */
    CHECK_STR(kv_get(&l, "b"), "");
    CHECK_STR(kv_get(&l, "c"), "");
    CHECK_STR(kv_get(&l, "d"), "x y+z");
    CHECK(kv_get(&l, "e") == NULL);
    struct kvlist m = {0};
    CHECK(web_parse_urlencoded(&a, "", 0, &m) == NULL);
    CHECK_INT(m.n, 0);
    CHECK(web_parse_urlencoded(&a, "x=%E1%BA%A1", 11, &m) == NULL);
    CHECK_STR(kv_get(&m, "x"), "ạ");
    struct kvlist e = {0};
    CHECK(web_parse_urlencoded(&a, "x=%", 3, &e) != NULL);
    CHECK(web_parse_urlencoded(&a, "x=%a", 4, &e) != NULL);
    CHECK(web_parse_urlencoded(&a, "x=%ag", 5, &e) != NULL);
    CHECK(web_parse_urlencoded(&a, "%00=x", 5, &e) != NULL);
    CHECK(web_parse_urlencoded(&a, "=x", 2, &e) != NULL);
    /* Length-bound: bytes after len are not read. */
    struct kvlist f = {0};
    CHECK(web_parse_urlencoded(&a, "k=v%zz", 3, &f) == NULL);
    CHECK_STR(kv_get(&f, "k"), "v");
    buf many = {0};
    for (int i = 0; i < 1001; i++) buf_printf(&many, "f%d=1&", i);
    struct kvlist g = {0};
    CHECK(web_parse_urlencoded(&a, many.data, many.len, &g) != NULL);
    buf_free(&many);
    size_t n = 0;
    CHECK_STR(web_url_decode(&a, "a%2fb+c", 7, &n), "a/b c");
    CHECK_INT(n, 5);
    arena_free(&a);
}

static const char *multipart(req *r, const char *ct, const char *b)
{
    req_free(r);
    req_init(r);
    r->body = b;
    r->body_len = strlen(b);
    return web_parse_multipart(r, ct);
}

static void test_multipart(void)
{
    req r;
    req_init(&r);
    const char *ok = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                     "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                     "l1\r\nl2\r\n--b--\r\n";
    CHECK(multipart(&r, "multipart/form-data; boundary=b", ok) == NULL);
    CHECK_STR(kv_get(&r.form, "a"), "1");
    CHECK_INT(r.n_uploads, 1);
    CHECK_STR(r.uploads[0].filename, "x.csv");
    CHECK_STR(r.uploads[0].content_type, "text/csv");
    CHECK_INT(r.uploads[0].len, 6);
    CHECK(memcmp(r.uploads[0].data, "l1\r\nl2", 6) == 0);
    CHECK(multipart(&r, "multipart/form-data; boundary=\"b\"", ok) == NULL);
    CHECK(multipart(&r, "multipart/form-data", ok) != NULL);                    /* no boundary */
    CHECK(multipart(&r, "multipart/form-data; boundary=", ok) != NULL);
    CHECK(multipart(&r, "multipart/form-data; boundary=zz", ok) != NULL);       /* not in the body */
    CHECK(multipart(&r, "multipart/form-data; boundary=b",
                    "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated") != NULL);
    CHECK(multipart(&r, "multipart/form-data; boundary=b",
                    "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--") != NULL);   /* no name */
    CHECK(multipart(&r, "multipart/form-data; boundary=b", "--bXX") != NULL);
    CHECK(multipart(&r, "multipart/form-data; boundary=b", "--b\r\nno header end") != NULL);
    CHECK(multipart(&r, "multipart/form-data; boundary=b", "--b--") == NULL);  /* empty form */
    CHECK_INT(r.form.n, 0);
    req_free(&r);
}

int main(void)
{
    setenv("THIDUA_QUIET", "1", 1);
    web_set_features(test_features);
    if (!setup()) { printf("FAIL test_web: setup failed\n"); return 1; }
    RUN(test_routing_and_params);
    RUN(test_not_found_and_bad_paths);
    RUN(test_method_not_allowed);
    RUN(test_capabilities);
    RUN(test_csrf);
    RUN(test_local_only);
    RUN(test_bodies);
    RUN(test_handler_mistakes);
    RUN(test_reject_before_dispatch);
    RUN(test_request_ids);
    RUN(test_json_writer);
    RUN(test_cache_headers);
    RUN(test_urlencoded);
    RUN(test_multipart);
    req_free(&R);
    store_close(db);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("(could not remove %s)\n", dir);
    return check_done();
}
