/* server.c: the two ways a request reaches web_handle(): `thidua serve` (libmicrohttpd with
 * epoll and a thread pool, one database connection per worker thread, graceful stop on SIGTERM)
 * and `thidua http` (one raw HTTP request read from standard input, the reply written to
 * standard output — so tests drive every page without a socket). */
#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "store.h"
#include "web.h"


static const char *db_path;
static bool test_rollback;                     /* --test-rollback: undo every request's writes */
static size_t cache_bytes = 32u << 20;         /* --cache MB: each worker's web_cache; 0: none */
static __thread store *thread_db;              /* one connection per worker thread */
static __thread web_cache *thread_cache;       /* and one cache, valid for that connection's data version */
static atomic_int in_flight;
/* Every worker's connection and cache, so the stop can close them once the workers are gone (a
 * connection left open skips SQLite's final WAL checkpoint and leaks its caches). */
static store *open_dbs[256];
static web_cache *open_caches[256];
static int n_open_dbs;
static pthread_mutex_t open_dbs_lock = PTHREAD_MUTEX_INITIALIZER;

static store *worker_db(void)
{
    if (!thread_db) {
        char err[512];
        thread_db = store_open(db_path, err, sizeof err);
        if (!thread_db) { log_error("serve: %s", err); return NULL; }
        if (cache_bytes) thread_cache = web_cache_new(cache_bytes);
        pthread_mutex_lock(&open_dbs_lock);
        if (n_open_dbs < (int)countof(open_dbs)) {
            open_dbs[n_open_dbs] = thread_db;
            open_caches[n_open_dbs++] = thread_cache;
        }
        pthread_mutex_unlock(&open_dbs_lock);
    }
    return thread_db;
}

/* Per-connection state between the calls of the access handler. */
struct upload_state { buf body; size_t limit; };

/* Fills the request's peer address text (into addr, INET6_ADDRSTRLEN bytes). */
static void peer_address(struct MHD_Connection *conn, char *addr)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    strcpy(addr, "?");
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, INET6_ADDRSTRLEN);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, INET6_ADDRSTRLEN);
    }
}

/* Framing headers seen on a request: MHD takes the first Content-Length and lets a
 * Transfer-Encoding ride along; a proxy in front may pick differently, which is how requests
 * get smuggled. Both cases are refused. */
struct framing { const char *length; bool conflict, chunked; };

static enum MHD_Result check_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct framing *f = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (f->length && strcmp(f->length, value ? value : "") != 0) f->conflict = true;
        f->length = value ? value : "";
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        f->chunked = true;
    }
    return MHD_YES;
}

/* Hands a finished req to MHD; frees the request. */
static enum MHD_Result queue_reply(struct MHD_Connection *conn, req *r)
{
    size_t len = r->out.len;
    char *body = buf_detach(&r->out);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    for (int i = 0; i < r->resp_headers.n; i++)
        MHD_add_response_header(resp, r->resp_headers.items[i].name, r->resp_headers.items[i].value);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    req_free(r);
    return ret;
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    req *r = cls;
    if (r->headers.n >= WEB_MAX_HEADERS) return MHD_NO;
    char *lower = arena_strdup(&r->a, key);
    for (char *p = lower; *p; p++) *p = (char)tolower((unsigned char)*p);
    kv_add(&r->a, &r->headers, lower, value ? value : "", value ? strlen(value) : 0);
    return MHD_YES;
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    req *r = cls;
    if (r->query.n >= 1000) return MHD_NO;
    kv_add(&r->a, &r->query, key, value ? value : "", value ? strlen(value) : 0);
    return MHD_YES;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                      const char *method, const char *version, const char *upload_data,
                                      size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)version;
    struct upload_state *st = *con_cls;
    if (!st) {
        /* First call: headers only. Reply on a later call so keep-alive is preserved. */
        st = xcalloc(1, sizeof *st);
        *con_cls = st;
        in_flight++;
        /* The route decides how much body it takes (1 MiB, imports 64 MiB): a declared length
         * over it is refused now, before the client sends it (no 100 Continue). */
        st->limit = web_body_limit_for(method, url);
        struct framing f = {0};
        MHD_get_connection_values(conn, MHD_HEADER_KIND, check_framing, &f);
        int64_t declared = 0;
        bool too_big = f.length && parse_int64(f.length, &declared) && (uint64_t)declared > st->limit;
        if (f.conflict || (f.length && f.chunked) || too_big) {
            req r;
            req_init(&r);
            r.method = method;
            r.path = url;
            if (too_big) web_reject(&r, 413, "Dữ liệu gửi lên vượt quá giới hạn cho phép.");
            else web_reject(&r, 400, "Yêu cầu có độ dài nội dung mâu thuẫn (Content-Length, Transfer-Encoding).");
            return queue_reply(conn, &r);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (st->body.len + *upload_data_size > st->limit) {
            /* Only a chunked body can get here (MHD holds a declared length to its word):
             * stop reading rather than buffer or drain an unbounded stream. */
            log_info("serve: %s %s: chunked body over %zu bytes; closing the connection", method, url, st->limit);
            return MHD_NO;
        }
        buf_append(&st->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    req r;
    req_init(&r);
    r.db = worker_db();
    r.cache = thread_cache;
    r.method = method;
    r.path = url;
    r.body = buf_str(&st->body);
    r.body_len = st->body.len;
    /* Iteration stops at the limit, so compare with the full count to refuse, not truncate. */
    int n_headers = MHD_get_connection_values(conn, MHD_HEADER_KIND, NULL, NULL);
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header, &r);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_query, &r);
    char addr[INET6_ADDRSTRLEN];
    peer_address(conn, addr);
    r.remote_addr = addr;
    if (n_headers > WEB_MAX_HEADERS) web_reject(&r, 400, "Yêu cầu có quá nhiều dòng tiêu đề (header).");
    else if (!r.db) web_reject(&r, 503, "Không mở được cơ sở dữ liệu.");
    else if (r.body_len > st->limit) web_reject(&r, 413, "Dữ liệu gửi lên vượt quá giới hạn cho phép.");
    else if (!test_rollback) web_handle(&r);
    else if (store_begin(r.db) != STORE_OK) web_reject(&r, 503, "Cơ sở dữ liệu đang bận.");
    else {
        /* Test mode: the request sees its own writes, then they are undone, so a test can send
         * every role the same write against the same data (tests/scenario/authz.sh). */
        web_handle(&r);
        while (store_tx_depth(r.db) > 0) store_rollback(r.db);
    }
    return queue_reply(conn, &r);
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    (void)cls; (void)conn; (void)toe;
    struct upload_state *st = *con_cls;
    if (!st) return;
    buf_free(&st->body);
    free(st);
    *con_cls = NULL;
    in_flight--;
}

static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) { stop_signal = sig; }

static int serve_cmd(int argc, char **argv)
{
    const char *listen_on = cli_option(&argc, argv, "listen");
    const char *threads_opt = cli_option(&argc, argv, "threads");
    const char *cache_opt = cli_option(&argc, argv, "cache");
    const char *proxies = cli_option(&argc, argv, "trusted-proxy");
    test_rollback = cli_flag(&argc, argv, "test-rollback");
    if (!listen_on) listen_on = "127.0.0.1:8080";
    /* Open once in the main thread: applies migrations and fails early on a bad path. */
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    db_path = xstrdup(store_path(s));
    store_close(s);
    if (argc > 1) {
        fprintf(stderr, "usage: thidua serve --db FILE [--listen ADDR:PORT] [--threads N] [--cache MB] [--trusted-proxy IP[,IP…]] [--test-rollback]\n");
        return 2;
    }
    const char *colon = strrchr(listen_on, ':');
    int64_t port = 0, threads = 0;
    if (!colon || !parse_int64(colon + 1, &port) || port < 1 || port > 65535) {
        fprintf(stderr, "thidua serve: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080 (got '%s')\n", listen_on);
        return 2;
    }
    if (threads_opt && (!parse_int64(threads_opt, &threads) || threads < 1 || threads > 256)) {
        fprintf(stderr, "thidua serve: --threads wants a number from 1 to 256\n");
        return 2;
    }
    int64_t cache_mb = 32;
    if (cache_opt && (!parse_int64(cache_opt, &cache_mb) || cache_mb < 0 || cache_mb > 4096)) {
        fprintf(stderr, "thidua serve: --cache wants megabytes per worker thread, 0 to 4096 (0: no cache)\n");
        return 2;
    }
    cache_bytes = (size_t)cache_mb << 20;
    char perr[128];
    if (!web_set_trusted_proxies(proxies, perr, sizeof perr)) {
        fprintf(stderr, "thidua serve: --trusted-proxy: %s\n", perr);
        return 2;
    }
    if (!threads) threads = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 2;
    char host[256];
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen_on), listen_on);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, str_eq(host, "localhost") ? "127.0.0.1" : host, &sin.sin_addr) != 1) {
        fprintf(stderr, "thidua serve: '%s' is not an IPv4 address\n", host);
        return 2;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* Block the stop signals until sigsuspend below, so one arriving between the check and the
     * wait is not lost (with pause() it would be, and the server would not stop). The MHD
     * threads started next inherit the mask, so the signal goes to this thread. */
    sigset_t stops, old;
    sigemptyset(&stops);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGINT);
    sigprocmask(SIG_BLOCK, &stops, &old);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL,
        access_handler, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "thidua serve: cannot listen on %s (in use, or not permitted)\n", listen_on);
        sigprocmask(SIG_SETMASK, &old, NULL);
        return 1;
    }
    printf("thidua: serving %s on http://%s/ with %lld threads (Ctrl-C or SIGTERM stops)%s\n",
           db_path, listen_on, (long long)threads,
           test_rollback ? "; TEST MODE: every request's writes are rolled back" : "");
    fflush(stdout);
    log_buffering(true);   /* request lines go out in batches, at most 100 ms late (util.c) */
    while (!stop_signal) sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    /* Graceful stop: accept no new connections, let requests in progress finish (up to 10 s). */
    log_info("serve: signal %d, stopping; %d request(s) in flight", (int)stop_signal, (int)in_flight);
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET) close(ls);
    for (int i = 0; i < 1000 && in_flight > 0; i++) usleep(10000);
    MHD_stop_daemon(d);
    log_buffering(false);   /* the workers are gone: write what waits */
    for (int i = 0; i < n_open_dbs; i++) {
        store_close(open_dbs[i]);
        web_cache_free(open_caches[i]);
    }
    n_open_dbs = 0;
    log_info("serve: stopped");
    return 0;
}

/* ---- thidua http: one request from standard input ---- */
static int http_reply(req *r)
{
    printf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n", r->status, r->status < 400 ? "OK" : "Error", r->content_type, r->out.len);
    for (int i = 0; i < r->resp_headers.n; i++)
        printf("%s: %s\r\n", r->resp_headers.items[i].name, r->resp_headers.items[i].value);
    printf("\r\n");
    if (!r->is_head) fwrite(buf_str(&r->out), 1, r->out.len, stdout);
    return 0;
}

/* Parses a raw request (request line, headers, body) into r; returns an error text or NULL. */
const char *http_parse_raw(req *r, const char *raw, size_t len)
{
    const char *end = raw + len;
    /* The request line is the first line; it sets the line ending (CRLF, or bare LF as tests
     * may write) for the headers. */
    const char *eol = memchr(raw, '\n', len);
    if (!eol) return "no request line";
    bool crlf = eol > raw && eol[-1] == '\r';
    size_t eol_len = crlf ? 2 : 1;
    if (crlf) eol--;
    char *line = arena_strndup(&r->a, raw, (size_t)(eol - raw));
    if (strlen(line) != (size_t)(eol - raw)) return "NUL byte in the request line";
    char *sp1 = strchr(line, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp1 || !sp2 || (strcmp(sp2 + 1, "HTTP/1.1") != 0 && strcmp(sp2 + 1, "HTTP/1.0") != 0))
        return "malformed request line";
    *sp1 = *sp2 = 0;
    if (!*line) return "malformed method";
    for (char *p = line; *p; p++) if (*p < 'A' || *p > 'Z') return "malformed method";
    r->method = line;
    char *target = sp1 + 1, *q = strchr(target, '?');
    if (q) { *q = 0; r->query_string = q + 1; }
    size_t plen;
    const char *path = web_url_decode(&r->a, target, strlen(target), &plen);
    if (!path || strlen(path) != plen) return "malformed path";
    r->path = path;
    const char *p = eol + eol_len;
    for (;;) {
        const char *e = crlf ? memmem(p, (size_t)(end - p), "\r\n", 2) : memchr(p, '\n', (size_t)(end - p));
        if (!e) return "headers not terminated";
        if (e == p) { p = e + eol_len; break; }
        if (r->headers.n >= WEB_MAX_HEADERS) return "too many headers";
        const char *colon = memchr(p, ':', (size_t)(e - p));
        if (!colon || colon == p) return "malformed header";
        for (const char *c = p; c < colon; c++)
            if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_') return "malformed header name";
        for (const char *c = colon + 1; c < e; c++)
            if (*c == 0 || *c == '\r' || *c == '\n') return "malformed header value";
        char *name = arena_strndup(&r->a, p, (size_t)(colon - p));
        for (char *c = name; *c; c++) *c = (char)tolower((unsigned char)*c);
        const char *v = colon + 1;
        while (v < e && (*v == ' ' || *v == '\t')) v++;
        kv_add(&r->a, &r->headers, name, v, (size_t)(e - v));
        p = e + eol_len;
    }
    size_t body_len = (size_t)(end - p);
    const char *cl = kv_get(&r->headers, "content-length");
    int64_t n;
    if (cl) {
        /* Two lengths that disagree are how requests get smuggled past proxies: refuse. */
        for (int i = 0; i < r->headers.n; i++)
            if (str_eq(r->headers.items[i].name, "content-length") && !str_eq(r->headers.items[i].value, cl))
                return "conflicting Content-Length headers";
        if (!parse_int64(cl, &n) || n < 0) return "malformed Content-Length";
        if ((uint64_t)n > body_len) return "body shorter than Content-Length";
        body_len = (size_t)n;
    }
    r->body = p;
    r->body_len = body_len;
    return NULL;
}

static int http_cmd(int argc, char **argv)
{
    const char *remote = cli_option(&argc, argv, "remote");
    const char *proxies = cli_option(&argc, argv, "trusted-proxy");
    char perr[128];
    if (!web_set_trusted_proxies(proxies, perr, sizeof perr)) {
        fprintf(stderr, "thidua http: --trusted-proxy: %s\n", perr);
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    buf raw = {0};
    if (read_stream(stdin, &raw) != 0) {
        fprintf(stderr, "thidua http: cannot read standard input\n");
        store_close(s);
        return 1;
    }
    req r;
    req_init(&r);
    r.db = s;
    r.remote_addr = remote ? remote : "127.0.0.1";
    const char *err = http_parse_raw(&r, buf_str(&raw), raw.len);
    if (err) {
        web_reject(&r, 400, arena_printf(&r.a, "Yêu cầu HTTP không hợp lệ: %s.", err));
    } else if (r.body_len > WEB_MAX_UPLOAD) {
        web_reject(&r, 413, "Dữ liệu gửi lên vượt quá giới hạn cho phép.");
    } else {
        web_handle(&r);
    }
    http_reply(&r);
    req_free(&r);
    buf_free(&raw);
    store_close(s);
    return 0;
}

const struct cli_cmd server_cmds[] = {
    {"serve", serve_cmd, "--db FILE [--listen ADDR:PORT] [--threads N] [--cache MB] [--trusted-proxy IP[,IP…]] [--test-rollback]",
     "run the web server (default 127.0.0.1:8080); --cache: each worker's cache in MB (0: off); --trusted-proxy: proxies "
     "whose X-Forwarded-For/-Proto count; --test-rollback (tests only) undoes every request's writes"},
    {"http", http_cmd, "--db FILE [--remote ADDR] [--trusted-proxy IP[,IP…]] < REQUEST", "answer one raw HTTP request from standard input"},
    {0},
};
