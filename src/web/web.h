/* web.h: the web face of thidua: the request context handed to every page and API handler, the
 * route table's row type (which carries each route's whole security policy), capabilities, and
 * the reply helpers. The dispatcher (web.c) enforces a route's policy before its handler runs,
 * so a handler never forgets the coarse check; handlers still check unit scope on writes. */
#ifndef THIDUA_WEB_H
#define THIDUA_WEB_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store.h"
#include "util.h"

/* ---- capabilities: what a role may do; roles are data (table role_capability) ---- */
enum capability {
    CAP_PUBLIC = 0,            /* no login needed */
    CAP_LOGIN,                 /* any signed-in user */
    CAP_UNIT_READ,             /* see the unit tree and blocks */
    CAP_UNIT_WRITE,            /* create/edit units in one's scope */
    CAP_BLOCK_WRITE,           /* manage emulation blocks */
    CAP_USER_ADMIN,            /* manage users and roles */
    CAP_AUDIT_READ,            /* read the audit log */
    CAP_PII_READ,              /* see unmasked personal data */
    CAP_SETTINGS,              /* change settings and rule tables */
    CAP_REPORT_WRITE,          /* submit progress reports for one's unit */
    CAP_DOSSIER_WRITE,         /* build commendation dossiers */
    CAP_APPRAISE,              /* Board: appraise dossiers, prepare decisions */
    CAP_BALLOT,                /* council member: cast ballots */
    CAP_CAMPAIGN_WRITE,        /* Board: campaigns, targets, accepting reports, scoring, news */
    CAP_FUND_WRITE,            /* manage the funds one's unit owns (whole tree: every fund) */
    CAP__COUNT
};
const char *cap_name(enum capability c);                 /* "unit.write" */
int cap_from_name(const char *name);                     /* -1 if unknown */
#define CAP_BIT(c) ((uint64_t)1 << (c))

/* ---- request ---- */
struct kv { const char *name, *value; size_t value_len; };
struct kvlist { struct kv *items; int n, cap; };
const char *kv_get(const struct kvlist *l, const char *name);   /* first value or NULL */
void kv_add(arena *a, struct kvlist *l, const char *name, const char *value, size_t len);

struct upload { const char *field, *filename, *content_type; const char *data; size_t len; };

struct user_ctx {
    int64_t id;                /* 0: anonymous */
    const char *login, *name, *role, *role_label;
    int64_t unit_id;
    const char *unit_name;
    uint64_t caps;
    bool whole_tree;           /* the role's write scope is the whole unit tree */
    bool must_change;          /* the password must be changed before anything else (R_PWCHANGE) */
    const char *csrf;          /* the session's CSRF token (NULL for API tokens) */
    const char *session_hash;  /* sha256 of the session token, NULL for API tokens */
    bool via_token;            /* authenticated by an API bearer token */
};

/* ---- per-worker cache (web_cache.c) ---- */
typedef struct web_cache web_cache;
web_cache *web_cache_new(size_t max_bytes);
void web_cache_free(web_cache *c);
/* Starts a request. web_cache_recent: true when the cache may be used without asking the
 * database (no write by this process since the last sync, which is under 50 ms old, same day).
 * Otherwise web_cache_sync with the data version (and store_local_writes() read BEFORE it):
 * drops every entry when the version or the day changed; false (do not use the cache) when
 * the version is 0 (unknown). */
bool web_cache_recent(web_cache *c, uint64_t local_writes, const char *day);
bool web_cache_sync(web_cache *c, uint64_t version, const char *day, uint64_t local_writes);
/* The value stored under the key in the current generation, or NULL. */
const void *web_cache_get(web_cache *c, const char *key, size_t klen, size_t *vlen);
void web_cache_put(web_cache *c, const char *key, size_t klen, const void *val, size_t vlen);
void web_cache_stats(unsigned long long *hits, unsigned long long *misses, unsigned long long *flushes);

struct route;
typedef struct req {
    arena a;                   /* everything below lives here; freed after the reply */
    store *db;
    web_cache *cache;          /* the worker's cache (NULL: none, e.g. `thidua http`); see web_cache.c */
    const char *method, *path, *query_string, *remote_addr, *request_id;
    struct kvlist headers, query, form, cookies;
    struct upload *uploads; int n_uploads;
    const char *body; size_t body_len;
    json_t *json;              /* parsed JSON body of API requests (owned; freed by web.c) */
    const struct route *route;
    const char *params[4];     /* values of {placeholders} in the route's path */
    struct user_ctx user;
    /* reply */
    int status;
    const char *content_type;
    struct kvlist resp_headers;
    buf out;
    int64_t start_ms;
    bool is_head;
    bool via_proxy;            /* the peer is a trusted proxy: its X-Forwarded-Proto counts */
    int refresh_seconds;       /* > 0: page_begin adds <meta http-equiv="refresh"> (a job's live page, no JS) */
} req;

/* ---- routes ---- */
enum route_flags {
    R_HTML = 1 << 0,           /* answers HTML pages (errors as pages) */
    R_JSON = 1 << 1,           /* answers JSON (errors as JSON bodies) */
    R_CSRF = 1 << 2,           /* state-changing: needs the CSRF token with a cookie session */
    R_LOCAL = 1 << 3,          /* only from loopback addresses (metrics) */
    R_NOLOG = 1 << 4,          /* no per-request log line (health checks, static files) */
    R_UPLOAD = 1 << 5,         /* accepts large multipart bodies (imports) */
    /* GET replies may be served from the worker's cache (web_cache.c). Only for handlers whose
     * reply depends on nothing but the path and query, the user (and session: forms carry its
     * CSRF token), the database and the day — no other header, no clock finer than a day. */
    R_CACHE = 1 << 6,
    /* Open to a user whose password must be changed first (a temporary password set by an
     * administrator): their account pages and logout. Every other signed-in route sends them to
     * /account?must=1 (HTML GET) or answers 403. */
    R_PWCHANGE = 1 << 7,
    /* A public search (the settings http.search_*): anonymous callers get the stricter of the
     * two rate-limit classes (server_guard.h). Every other public route is in the public class,
     * except R_NOLOG and R_LOCAL ones (static files, health, metrics), which are not limited. */
    R_SEARCH = 1 << 8,
};
struct route {
    const char *methods;       /* "GET", "POST", "GET POST" … (HEAD is allowed with GET) */
    const char *path;          /* "/units/{id}/edit": {x} matches one segment */
    void (*handler)(req *r);
    enum capability cap;       /* required capability (CAP_PUBLIC: none) */
    unsigned flags;
    const char *name;          /* for metrics and logs, e.g. "unit.show" */
    /* R_JSON routes that write: the members their body may have, with types (api.h), ended by
     * a {NULL} row; the dispatcher refuses an unknown or mistyped member with a 400 naming it
     * before the handler runs. api_no_body for a write that takes no body. */
    const struct api_member *body;
};
struct api_member;

/* ---- features: what each feature folder adds to the web face ----
 * A feature (org/, people/, a capability's folder …) declares its routes, its menu entries and
 * home-page cards, and optionally a part of the home page, in one `struct feature` in its own
 * folder; app/features.c lists the features and main() hands the list to the web layer once,
 * at start, before any request. The web layer names nothing above it. */
enum nav_where { NAV_MENU = 1 << 0, NAV_CARD = 1 << 1 };
struct nav_entry {
    const char *href, *label;  /* "/units", "Đơn vị" */
    const char *summary;       /* the home card's line ("Sở, ban, ngành …"); NULL: no card */
    enum capability cap;       /* who sees it */
    unsigned where;            /* NAV_MENU, NAV_CARD or both */
};
struct feature {
    const char *name;                    /* "org" */
    const struct route *routes;          /* ends with a zero row; NULL: none */
    const struct nav_entry *nav;         /* ends with a zero row; NULL: none */
    void (*home)(req *r);                /* its part of a signed-in user's home page, or NULL */
};
/* Registers the features (a NULL-ended list, kept, not copied), in the order their routes are
 * matched and their entries shown. Routes of a feature are matched in its table's order. */
void web_set_features(const struct feature *const *features);
const struct feature *const *web_features(void);     /* the registered list (never NULL) */
int web_route_count(void);
const struct route *web_route_at(int i);             /* 0 ≤ i < web_route_count() */

/* `thidua serve`'s start and stop, for the services of higher layers (background jobs): started
 * runs once the database is open and migrated (its connection is closed right after), stopping
 * after the listener has stopped taking requests. Registered by the app before any command. */
void web_set_serve_hooks(void (*started)(store *s), void (*stopping)(void));

/* ---- dispatch ---- */
/* Limits that hostile input hits first. */
#define WEB_MAX_BODY      (1u << 20)     /* 1 MiB for forms and JSON */
#define WEB_MAX_UPLOAD    (64u << 20)    /* 64 MiB for imports (R_UPLOAD routes) */
#define WEB_MAX_HEADERS   100
#define WEB_MAX_FIELD     65536
#define WEB_MAX_QUERY     16384          /* bytes of query string */
#define WEB_MAX_QUERY_PARAMS 256         /* name=value pairs ('&'-separated, empty ones too) */
#define WEB_QUERY_TOO_BIG_MESSAGE "Chuỗi truy vấn quá dài hoặc có quá nhiều tham số (tối đa 1000 tham số, 16 KiB)."
/* Handles one parsed request: policy, handler, headers, metrics, log. The caller fills method,
 * path, query_string, headers, body, remote_addr and db; on return status/out/headers hold the
 * reply. */
void web_handle(req *r);
/* The part of web_handle that needs only the request head, for a server to run before it reads
 * a body: address, route and method, query, loopback-only, authentication, capability, and the
 * body's declared length (declared_len; -1: not known, chunked) and content type. True: the
 * body may be read (r is then spent: free it; web_handle decides again on the whole request).
 * False: r holds the refusal, logged and counted as web_handle would have answered it. */
bool web_admit(req *r, int64_t declared_len);
/* Splits a raw request target "/path?query" into r->path (percent-decoded, '+' kept; a NUL,
 * raw or %00, refused) and r->query_string (raw, parsed by web_handle). Both servers use it,
 * so a query means the same to the router, the handlers and the reply cache. Returns an error
 * text or NULL. */
const char *web_parse_target(req *r, const char *target, size_t len);
/* True if a query string is over WEB_MAX_QUERY bytes or WEB_MAX_QUERY_PARAMS pairs: 414. */
bool web_query_too_big(const char *query, size_t len);
/* Answers a request that never reaches dispatch (unreadable request line or headers, body over
 * the limit, no database) with an error page or JSON, plus the headers every reply carries. */
void web_reject(req *r, int status, const char *message);
/* The largest body a route accepts (WEB_MAX_UPLOAD for R_UPLOAD routes, else WEB_MAX_BODY);
 * _for looks the route up by method and path, so a server can refuse before reading a body. */
size_t web_body_limit(const struct route *rt);
size_t web_body_limit_for(const char *method, const char *path);
void req_init(req *r);         /* zero + request id + start time */
/* Peers whose X-Forwarded-For and X-Forwarded-Proto are believed (serve/http --trusted-proxy):
 * a list of IP addresses separated by commas. False, with the reason in err, on a bad entry. */
bool web_set_trusted_proxies(const char *list, char *err, size_t errlen);
bool web_is_trusted_proxy(const char *addr);   /* one of them (any textual form of the address) */
void req_free(req *r);

/* ---- reply helpers ---- */
void web_header(req *r, const char *name, const char *value);
void web_redirect(req *r, const char *location);          /* 303 See Other */
void web_error(req *r, int status, const char *message);  /* page or JSON by route kind */
/* JSON reply: takes ownership of `body` (a jansson value). */
void web_json(req *r, int status, json_t *body);
/* 400 JSON with {"error":…, "fields":{name: message}}; takes ownership of fields (may be NULL). */
void web_json_fields(req *r, const char *message, json_t *fields);
bool web_wants_json(const req *r);
/* A non-HTML body (static file, CSV, PDF, metrics text): bytes as given, with that type. */
void web_body(req *r, const char *content_type, const void *data, size_t len);
const char *web_param(req *r, const char *name);          /* form field, then query */
bool web_is_post(const req *r);
bool web_has_cap(const req *r, enum capability c);
/* Reads a route path parameter as an id; on failure replies 404 and returns false. */
bool web_param_id(req *r, int index, int64_t *out);
/* Called by the server on a failed operation: rolls back, logs with the request id, 500. */
void web_fail(req *r, const char *what);

/* Form parsing (application/x-www-form-urlencoded and multipart/form-data); returns an error
 * message (static) or NULL. Exposed for tests and fuzzing. */
const char *web_parse_urlencoded(arena *a, const char *s, size_t len, struct kvlist *out);
const char *web_parse_multipart(req *r, const char *content_type);
const char *web_url_decode(arena *a, const char *s, size_t len, size_t *outlen);

/* Authentication hook (session.c): fills r->user from the session cookie or bearer token. */
void auth_resolve(req *r);
#endif
