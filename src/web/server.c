/* server.c: the two ways a request reaches web_handle(): `thidua serve` (libmicrohttpd with
 * epoll and a thread pool, one database connection per worker thread, graceful stop on SIGTERM)
 * and `thidua http` (one raw HTTP request read from standard input, the reply written to
 * standard output — so tests drive every page without a socket). Both hand the raw request
 * target to web_parse_target, so a path and a query mean the same on both. The serve side
 * decides what the request head allows before reading a body (web_admit), spools uploads to
 * temporary files, and leaves connection limits and deadlines to server_guard.c. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "server_guard.h"
#include "store.h"
#include "web.h"

/* libmicrohttpd's memory per connection (its default is 32 KiB). It holds the request line,
 * the headers and one record per query pair: with 32 KiB, ~460 pairs ran it out and the
 * connection hung without a reply. 64 KiB holds a query at our own limits (WEB_MAX_QUERY_PARAMS
 * pairs, WEB_MAX_QUERY bytes) with a full set of headers, so such requests get the dispatcher's
 * clear 400/414. Not more: libmicrohttpd clears the whole pool after every request, and at
 * 256 KiB that memset was a quarter of the server's CPU (bench/http: /healthz 0.7 × as fast). */
#define SERVE_CONNECTION_MEMORY (64u << 10)

#define HTTP_ONLY_CHUNKED "Chỉ hỗ trợ Transfer-Encoding: chunked."

/* Transfer-Encoding "chunked" alone (any case, surrounding blanks), the one coding served. */
static bool http_is_chunked(const char *value)
{
    if (!value) return false;
    while (*value == ' ' || *value == '\t') value++;
    size_t n = strlen(value);
    while (n && (value[n - 1] == ' ' || value[n - 1] == '\t')) n--;
    return n == 7 && strncasecmp(value, "chunked", 7) == 0;
}

static const char *db_path;
static bool test_rollback;                     /* --test-rollback: undo every request's writes */
static size_t cache_bytes = 32u << 20;         /* --cache MB: each worker's web_cache; 0: none */
static void (*serve_started_hook)(store *s);   /* web_set_serve_hooks (the app's background jobs) */
static void (*serve_stopping_hook)(void);

void web_set_serve_hooks(void (*started)(store *s), void (*stopping)(void))
{
    serve_started_hook = started;
    serve_stopping_hook = stopping;
}
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

/* One request's state between the calls of the access handler. Made by the URI callback,
 * which sees the request target as the client sent it (libmicrohttpd then decodes the path in
 * place, %00 included, and splits the query into pairs that nothing here uses); freed when the
 * request completes. */
struct request_state {
    char *target;              /* the raw request target, "/path?query" */
    bool started;              /* the access handler has seen the head */
    bool refused;              /* answered by the URI callback: close, do not serve */
    size_t limit;              /* the route's body limit */
    uint64_t held;             /* bytes taken from the body budget (server_guard.c) */
    buf body;                  /* an ordinary body, in memory */
    int fd;                    /* an upload's body, in an unlinked temporary file (-1: none) */
    size_t file_len;
};

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
 * get smuggled. Both cases are refused; so is a transfer coding other than chunked alone, which
 * MHD would neither decode nor refuse (the request would hang, waiting for a body it does not
 * know the end of). */
struct framing { const char *length; bool conflict; int encodings; bool chunked; };

static enum MHD_Result check_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct framing *f = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (f->length && strcmp(f->length, value ? value : "") != 0) f->conflict = true;
        f->length = value ? value : "";
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        f->encodings++;
        f->chunked = http_is_chunked(value);
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

/* A req for this connection's request: method, target, headers, peer address, the worker's
 * database and cache. Returns the target's parse error, or NULL. */
static const char *request_from(req *r, struct MHD_Connection *conn, const char *method, const struct request_state *st)
{
    req_init(r);
    r->db = worker_db();
    r->cache = thread_cache;
    r->method = method;
    const char *err = web_parse_target(r, st->target, strlen(st->target));
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header, r);
    char addr[INET6_ADDRSTRLEN];
    peer_address(conn, addr);
    r->remote_addr = arena_strdup(&r->a, addr);
    return err;
}

/* Runs a dispatcher step with the test mode's rollback (--test-rollback: the request sees its
 * own writes, then they are undone, so a test can send every role the same write against the
 * same data: tests/scenario/authz.sh). */
static bool run_step(req *r, bool head_only, int64_t declared)
{
    bool admitted = false;
    if (!test_rollback) {
        if (head_only) admitted = web_admit(r, declared);
        else web_handle(r);
    } else if (store_begin(r->db) != STORE_OK) {
        web_reject(r, 503, "Cơ sở dữ liệu đang bận.");
    } else {
        if (head_only) admitted = web_admit(r, declared);
        else web_handle(r);
        while (store_tx_depth(r->db) > 0) store_rollback(r->db);
    }
    return admitted;
}

/* A refusal sent by the URI callback itself, straight onto the socket, then the connection is
 * shut (libmicrohttpd closes it on its next read). Only for a query with more pairs than
 * WEB_MAX_QUERY_PARAMS: MHD 0.9.75 stores every pair of a query in the connection's memory
 * pool before the access handler runs, and when the pool runs out it neither answers nor
 * closes; the connection hangs. Nothing else has been written on this request yet, and the
 * previous one's reply is complete, so the bytes cannot interleave with MHD's. */
static void refuse_from_callback(struct MHD_Connection *conn, const char *target)
{
    req r;
    req_init(&r);
    if (web_parse_target(&r, target, strlen(target))) r.path = "/";
    web_reject(&r, 414, WEB_QUERY_TOO_BIG_MESSAGE);
    buf out = {0};
    buf_printf(&out, "HTTP/1.1 414 URI Too Long\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n",
               r.content_type, r.out.len);
    for (int i = 0; i < r.resp_headers.n; i++)
        buf_printf(&out, "%s: %s\r\n", r.resp_headers.items[i].name, r.resp_headers.items[i].value);
    buf_puts(&out, "\r\n");
    buf_append(&out, r.out.data ? r.out.data : "", r.out.len);
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci) {
        /* A fresh small reply fits the socket's send buffer; if it does not, the client gets
         * the connection closed, which is what it would get anyway. */
        if (send(ci->connect_fd, out.data, out.len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
            log_info("serve: could not send the 414 reply: %s", strerror(errno));
        shutdown(ci->connect_fd, SHUT_RDWR);
    }
    buf_free(&out);
    req_free(&r);
}

static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    struct request_state *st = xcalloc(1, sizeof *st);
    st->fd = -1;
    st->target = xstrdup(uri ? uri : "");
    const char *q = strchr(st->target, '?');
    if (q && web_query_too_big(q + 1, strlen(q + 1))) {
        refuse_from_callback(conn, st->target);
        st->refused = true;
    }
    return st;
}

/* Where an upload's body goes: a temporary file, unlinked at once (it vanishes with the
 * process, whatever happens), so a 64 MiB import costs disk, not memory. */
static int spool_open(void)
{
    char path[4096];
    int fd = temp_file_make("thidua-upload-", path, sizeof path);
    if (fd >= 0) unlink(path);
    else log_error("serve: cannot create a temporary file in %s: %s", temp_dir(), strerror(errno));
    return fd;
}

static bool spool_write(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Refuses the request on the first call, before its body is read (the connection then closes,
 * which is what an unread body needs). */
static enum MHD_Result refuse_head(struct MHD_Connection *conn, req *r, int status, const char *message)
{
    if (status) web_reject(r, status, message);
    guard_clock(conn, false);
    return queue_reply(conn, r);
}

/* The first call: the head is in, the body not yet. Everything the head decides is decided
 * here, so a body nobody may send is never read: framing, header count, and — for a request
 * with a body — the route, its capability and the caller's (web_admit), the declared length
 * and content type. Then room in the body budget, and a temporary file for an upload. */
static enum MHD_Result on_head(struct MHD_Connection *conn, const char *method, struct request_state *st)
{
    struct framing f = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, check_framing, &f);
    /* Iteration stops at the limit, so compare with the full count to refuse, not truncate. */
    int n_headers = MHD_get_connection_values(conn, MHD_HEADER_KIND, NULL, NULL);
    int64_t declared = 0;
    bool length_ok = !f.length || (parse_int64(f.length, &declared) && declared >= 0);
    bool bad_framing = f.conflict || (f.length && f.encodings) || f.encodings > 1 || !length_ok;
    bool bad_coding = f.encodings && !f.chunked;
    /* No body and nothing wrong: web_handle decides everything on the last call. */
    if (!bad_framing && !bad_coding && n_headers <= WEB_MAX_HEADERS && !declared && !f.chunked) return MHD_YES;
    req r;
    const char *target_err = request_from(&r, conn, method, st);
    if (bad_framing)
        return refuse_head(conn, &r, 400, "Yêu cầu có độ dài nội dung mâu thuẫn (Content-Length, Transfer-Encoding).");
    if (bad_coding) return refuse_head(conn, &r, 501, HTTP_ONLY_CHUNKED);
    if (n_headers > WEB_MAX_HEADERS) return refuse_head(conn, &r, 400, "Yêu cầu có quá nhiều dòng tiêu đề (header).");
    if (target_err)
        return refuse_head(conn, &r, 400, arena_printf(&r.a, "Yêu cầu HTTP không hợp lệ: %s.", target_err));
    if (!r.db) return refuse_head(conn, &r, 503, "Không mở được cơ sở dữ liệu.");
    if (!run_step(&r, true, f.chunked ? -1 : declared)) return refuse_head(conn, &r, 0, NULL);
    st->limit = web_body_limit(r.route);
    if (!guard_body_take((uint64_t)declared)) {
        if ((uint64_t)declared > guard_body_budget())
            return refuse_head(conn, &r, 413, "Dữ liệu gửi lên lớn hơn tổng dung lượng tải lên mà máy chủ nhận (http.upload_total_mb).");
        log_info("serve: %s %s: %lld bytes refused, the body budget (http.upload_total_mb) is in use",
                 method, r.path, (long long)declared);
        web_reject(&r, 503, "Máy chủ đang nhận quá nhiều dữ liệu tải lên cùng lúc; hãy thử lại sau ít phút.");
        web_header(&r, "Retry-After", "30");
        return refuse_head(conn, &r, 0, NULL);
    }
    st->held = (uint64_t)declared;
    if (st->limit > WEB_MAX_BODY && (st->fd = spool_open()) < 0)
        return refuse_head(conn, &r, 503, "Máy chủ không tạo được tệp tạm để nhận dữ liệu tải lên.");
    req_free(&r);
    return MHD_YES;
}

/* A piece of the body: to memory or the upload's file. A chunked body (no declared length)
 * takes from the budget as it comes. False: stop reading and close the connection. */
static bool on_body(const char *method, const char *url, struct request_state *st, const char *data, size_t n)
{
    size_t got = st->fd >= 0 ? st->file_len : st->body.len;
    if (got + n > st->limit) {
        /* Only a chunked body can get here (MHD holds a declared length to its word): stop
         * reading rather than buffer or drain an unbounded stream. */
        log_info("serve: %s %s: chunked body over %zu bytes; closing the connection", method, url, st->limit);
        return false;
    }
    if (got + n > st->held) {
        if (!guard_body_take(got + n - st->held)) {
            log_info("serve: %s %s: chunked body refused, the body budget is in use; closing the connection", method, url);
            return false;
        }
        st->held = got + n;
    }
    if (st->fd < 0) {
        buf_append(&st->body, data, n);
        return true;
    }
    if (!spool_write(st->fd, data, n)) {
        log_error("serve: %s %s: cannot write the upload's temporary file: %s", method, url, strerror(errno));
        return false;
    }
    st->file_len += n;
    return true;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                      const char *method, const char *version, const char *upload_data,
                                      size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)version;
    struct request_state *st = *con_cls;
    if (!st) return MHD_NO;   /* the URI callback makes one for every request */
    if (st->refused) return MHD_NO;
    if (!st->started) {
        /* First call: headers only. Reply on a later call so keep-alive is preserved. */
        st->started = true;
        in_flight++;
        return on_head(conn, method, st);
    }
    if (*upload_data_size) {
        if (!on_body(method, url, st, upload_data, *upload_data_size)) return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    /* The whole request is in: the deadline no longer runs (the reply takes what it takes). */
    guard_clock(conn, false);
    req r;
    const char *target_err = request_from(&r, conn, method, st);
    void *map = NULL;
    size_t map_len = 0;
    if (st->fd >= 0 && st->file_len) {
        /* The file read back as memory the kernel pages in and out as it likes; one NUL past
         * the end, as a buf has, for parsers that look one byte ahead. */
        map_len = st->file_len + 1;
        if (!spool_write(st->fd, "", 1) || (map = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE, st->fd, 0)) == MAP_FAILED) {
            log_error("serve: %s %s: cannot read back the upload's temporary file: %s", method, url, strerror(errno));
            map = NULL;
        } else {
            r.body = map;
            r.body_len = st->file_len;
        }
    } else {
        r.body = buf_str(&st->body);
        r.body_len = st->body.len;
    }
    if (target_err) web_reject(&r, 400, arena_printf(&r.a, "Yêu cầu HTTP không hợp lệ: %s.", target_err));
    else if (!r.db) web_reject(&r, 503, "Không mở được cơ sở dữ liệu.");
    else if (st->fd >= 0 && st->file_len && !map) web_reject(&r, 503, "Máy chủ không đọc lại được dữ liệu tải lên.");
    else run_step(&r, false, 0);
    enum MHD_Result ret = queue_reply(conn, &r);
    if (map) munmap(map, map_len);
    return ret;
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    (void)cls; (void)toe;
    struct request_state *st = *con_cls;
    /* The connection now waits for its next request: the deadline runs again. */
    guard_clock(conn, true);
    if (!st) return;
    if (st->started) in_flight--;
    guard_body_give(st->held);
    if (st->fd >= 0) close(st->fd);
    buf_free(&st->body);
    free(st->target);
    free(st);
    *con_cls = NULL;
}

static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) { stop_signal = sig; }

static int serve_cmd(int argc, char **argv)
{
    static const char usage[] = "usage: thidua serve --db FILE [--listen ADDR:PORT] [--threads N] [--cache MB] "
                                "[--trusted-proxy IP[,IP…]] [--test-rollback]\n";
    const char *listen_on = "127.0.0.1:8080", *proxies = NULL;
    int64_t threads = 0, cache_mb = 32;   /* threads 0: one per processor */
    bool rollback = false;
    const struct cli_opt opts[] = {
        CLI_TEXT("listen", &listen_on),
        CLI_INT("threads", &threads, .min = 1, .max = 256),
        CLI_INT("cache", &cache_mb, .min = 0, .max = 4096),
        CLI_TEXT("trusted-proxy", &proxies),
        CLI_FLAG("test-rollback", &rollback),
        {0}};
    if (!cli_options("serve", &argc, argv, opts)) { fputs(usage, stderr); return 2; }
    test_rollback = rollback;
    /* Open once in the main thread: applies migrations and fails early on a bad path. */
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    db_path = xstrdup(store_path(s));
    /* The limits are read once, here: changing them (thidua setting set) takes a restart. */
    struct guard_limits limits;
    guard_read_limits(s, &limits);
    if (argc > 1) {
        store_close(s);
        fputs(usage, stderr);
        return 2;
    }
    if (serve_started_hook) serve_started_hook(s);
    store_close(s);
    const char *colon = strrchr(listen_on, ':');
    int64_t port = 0;
    if (!colon || !parse_int64(colon + 1, &port) || port < 1 || port > 65535) {
        fprintf(stderr, "thidua serve: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080 (got '%s')\n", listen_on);
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
    if (guard_start(&limits) != 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        return 1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, (uint16_t)port, guard_accept, NULL,
        access_handler, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_URI_LOG_CALLBACK, uri_seen, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, guard_notify, NULL,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONNECTION_MEMORY,
        /* Idle time between requests; a request's own time is bounded by the guard's deadline. */
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "thidua serve: cannot listen on %s (in use, or not permitted)\n", listen_on);
        guard_stop();
        sigprocmask(SIG_SETMASK, &old, NULL);
        return 1;
    }
    log_info("serve: limits: %u connections per address, %u s to receive a request, %llu MiB of bodies at once",
             limits.per_address, limits.deadline_s, (unsigned long long)(limits.body_budget >> 20));
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
    guard_stop();
    if (serve_stopping_hook) serve_stopping_hook();
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

/* A chunked body (RFC 9112 7.1) from p to end into r->body: hexadecimal sizes (extensions after
 * ';' ignored), each chunk followed by a line end, a zero size, then trailer lines up to an
 * empty one. Returns an error text or NULL. */
static const char *dechunk(req *r, const char *p, const char *end, bool crlf)
{
    size_t eol_len = crlf ? 2 : 1;
    char *out = arena_alloc(&r->a, (size_t)(end - p) + 1);   /* the decoded body is shorter */
    size_t len = 0;
    for (;;) {
        const char *e = crlf ? memmem(p, (size_t)(end - p), "\r\n", 2) : memchr(p, '\n', (size_t)(end - p));
        if (!e) return "chunk size line not terminated";
        uint64_t size = 0;
        const char *c = p;
        for (; c < e && isxdigit((unsigned char)*c); c++) {
            if (size > ((uint64_t)WEB_MAX_UPLOAD << 4)) return "chunk size too large";
            size = size * 16 + (uint64_t)(isdigit((unsigned char)*c) ? *c - '0' : (tolower((unsigned char)*c) - 'a' + 10));
        }
        if (c == p || (c < e && *c != ';' && *c != ' ' && *c != '\t')) return "malformed chunk size";
        p = e + eol_len;
        if (!size) break;
        if ((uint64_t)(end - p) < size + eol_len) return "chunk shorter than its size";
        memcpy(out + len, p, size);
        len += size;
        p += size;
        if (crlf ? (p[0] != '\r' || p[1] != '\n') : p[0] != '\n') return "chunk not followed by a line end";
        p += eol_len;
    }
    for (;;) {   /* trailer fields: read past, not used */
        const char *e = crlf ? memmem(p, (size_t)(end - p), "\r\n", 2) : memchr(p, '\n', (size_t)(end - p));
        if (!e) return "chunked body not terminated";
        if (e == p) break;
        p = e + eol_len;
    }
    r->body = out;
    r->body_len = len;
    return NULL;
}

/* Parses a raw request (request line, headers, body) into r; returns an error text or NULL
 * (with r->status set to the status to answer when it is not 400). */
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
    const char *target_err = web_parse_target(r, sp1 + 1, strlen(sp1 + 1));
    if (target_err) return target_err;
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
    int encodings = 0;
    for (int i = 0; i < r->headers.n; i++) encodings += str_eq(r->headers.items[i].name, "transfer-encoding");
    if (encodings) {
        /* As `thidua serve` answers (its first call): a length and a coding, or two codings,
         * are refused; a coding other than chunked is not implemented. */
        if (cl || encodings > 1) return "both Content-Length and Transfer-Encoding";
        if (!http_is_chunked(kv_get(&r->headers, "transfer-encoding"))) {
            r->status = 501;
            return HTTP_ONLY_CHUNKED;
        }
        return dechunk(r, p, end, crlf);
    }
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
    static const char usage[] = "usage: thidua http --db FILE [--remote ADDR] [--trusted-proxy IP[,IP…]] < REQUEST\n";
    const char *remote = NULL, *proxies = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("remote", &remote), CLI_TEXT("trusted-proxy", &proxies), {0}};
    if (!cli_options("http", &argc, argv, opts)) { fputs(usage, stderr); return 2; }
    char perr[128];
    if (!web_set_trusted_proxies(proxies, perr, sizeof perr)) {
        fprintf(stderr, "thidua http: --trusted-proxy: %s\n", perr);
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    /* The request comes on standard input; a word on the line was ignored before. */
    if (argc > 1) {
        fprintf(stderr, "thidua http: %s: không nhận đối số (yêu cầu HTTP đọc từ đầu vào chuẩn)\n", argv[1]);
        fputs(usage, stderr);
        store_close(s);
        return 2;
    }
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
    if (err && r.status == 501) {
        web_reject(&r, 501, err);
    } else if (err) {
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
