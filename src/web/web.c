/* web.c: the dispatcher. Matches a request to a row of the route table, enforces the row's
 * policy (method, capability, loopback-only, CSRF), parses the body, runs the handler, and adds
 * what every reply carries (security headers, request id); then records metrics and one log
 * line. Also the request helpers (params, errors, JSON replies) and the form parsers. */
#include "web.h"
#include "api.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "metrics.h"
#include "server_guard.h"
#include "vn.h"

static const char *const cap_names[CAP__COUNT] = {
    [CAP_PUBLIC] = "public", [CAP_LOGIN] = "login", [CAP_UNIT_READ] = "unit.read",
    [CAP_UNIT_WRITE] = "unit.write", [CAP_BLOCK_WRITE] = "block.write",
    [CAP_USER_ADMIN] = "user.admin", [CAP_AUDIT_READ] = "audit.read", [CAP_PII_READ] = "pii.read",
    [CAP_SETTINGS] = "settings", [CAP_REPORT_WRITE] = "report.write",
    [CAP_DOSSIER_WRITE] = "dossier.write", [CAP_APPRAISE] = "appraise", [CAP_BALLOT] = "ballot",
    [CAP_CAMPAIGN_WRITE] = "campaign.write", [CAP_FUND_WRITE] = "fund.write",
};

const char *cap_name(enum capability c) { return c < CAP__COUNT ? cap_names[c] : "?"; }

int cap_from_name(const char *name)
{
    for (int i = 0; i < CAP__COUNT; i++)
        if (str_eq(cap_names[i], name)) return i;
    return -1;
}

/* ---- key/value lists ---- */
const char *kv_get(const struct kvlist *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0) return l->items[i].value;
    return NULL;
}

void kv_add(arena *a, struct kvlist *l, const char *name, const char *value, size_t len)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        struct kv *items = arena_alloc(a, sizeof *items * (size_t)cap);
        if (l->n) memcpy(items, l->items, sizeof *items * (size_t)l->n);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = (struct kv){arena_strdup(a, name), arena_strndup(a, value, len), len};
}

/* ---- request life ---- */
/* Request ids only tie a reply to its log line, so they need to be unique, not secret: a
 * per-thread random seed stepped and mixed (splitmix64) costs no system call per request,
 * where drawing fresh random bytes each time did. */
static void next_request_id(char out[17])
{
    static __thread uint64_t state, step;
    if (!step) {
        char seed[33], first[17];
        random_hex(seed, 16);
        memcpy(first, seed, 16);
        first[16] = 0;
        state = strtoull(first, NULL, 16);
        step = strtoull(seed + 16, NULL, 16) | 1;
    }
    uint64_t z = (state += step);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, z >>= 4) out[i] = hex[z & 15];
    out[16] = 0;
}

void req_init(req *r)
{
    memset(r, 0, sizeof *r);
    r->start_ms = now_ms();
    char id[17];
    next_request_id(id);
    r->request_id = arena_strdup(&r->a, id);
    r->status = 200;
}

void req_free(req *r)
{
    if (r->json) json_decref(r->json);
    buf_free(&r->out);
    arena_free(&r->a);
}

bool web_has_cap(const req *r, enum capability c)
{
    if (c == CAP_PUBLIC) return true;
    if (!r->user.id) return false;
    if (c == CAP_LOGIN) return true;
    return (r->user.caps & CAP_BIT(c)) != 0;
}

bool web_wants_json(const req *r)
{
    if (r->route) return (r->route->flags & R_JSON) != 0;
    return str_starts(r->path, "/api/");
}

bool web_is_post(const req *r) { return str_eq(r->method, "POST"); }

const char *web_param(req *r, const char *name)
{
    const char *v = kv_get(&r->form, name);
    return v ? v : kv_get(&r->query, name);
}

void web_header(req *r, const char *name, const char *value)
{
    kv_add(&r->a, &r->resp_headers, name, value, strlen(value));
}

void web_redirect(req *r, const char *location)
{
    r->status = 303;
    web_header(r, "Location", location);
    buf_reset(&r->out);
}

static const char *status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Yêu cầu không hợp lệ";
    case 401: return "Cần đăng nhập";
    case 403: return "Không có quyền";
    case 404: return "Không tìm thấy";
    case 405: return "Phương thức không được phép";
    case 409: return "Xung đột dữ liệu";
    case 413: return "Dữ liệu gửi lên quá lớn";
    case 414: return "Địa chỉ yêu cầu quá dài";
    case 415: return "Kiểu dữ liệu không được hỗ trợ";
    case 429: return "Quá nhiều yêu cầu";
    case 500: return "Lỗi máy chủ";
    case 501: return "Chưa hỗ trợ";
    case 503: return "Dịch vụ tạm ngừng";
    default: return "Lỗi";
    }
}

static const char *status_code_name(int status)
{
    switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 429: return "too_many_requests";
    case 500: return "internal_error";
    case 501: return "not_implemented";
    case 503: return "unavailable";
    default: return "error";
    }
}

void web_body(req *r, const char *content_type, const void *data, size_t len)
{
    r->content_type = content_type;
    buf_reset(&r->out);
    buf_append(&r->out, data, len);
}

/* Compact JSON into b: the very text json_dumps(JSON_COMPACT | JSON_ENCODE_ANY) gives (keys in
 * insertion order, UTF-8 as is, the same escapes), written directly: jansson's own dump keeps a
 * loop-detection table per container and formats every number with printf, which made it a
 * seventh of the cost of a JSON API request. */
static void json_write_string(buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_grow(b, len + 2);
    buf_putc(b, '"');
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_append(b, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\b': buf_puts(b, "\\b"); break;
        case '\f': buf_puts(b, "\\f"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_append(b, e, 6);
        }
        }
    }
    buf_append(b, s + start, len - start);
    buf_putc(b, '"');
}

static void json_write(buf *b, json_t *v, int depth)
{
    if (!v || depth > 256) { buf_puts(b, "null"); return; }
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        buf_putc(b, '{');
        bool first = true;
        for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
            if (!first) buf_putc(b, ',');
            first = false;
            json_write_string(b, json_object_iter_key(it), json_object_iter_key_len(it));
            buf_putc(b, ':');
            json_write(b, json_object_iter_value(it), depth + 1);
        }
        buf_putc(b, '}');
        break;
    }
    case JSON_ARRAY: {
        buf_putc(b, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) buf_putc(b, ',');
            json_write(b, json_array_get(v, i), depth + 1);
        }
        buf_putc(b, ']');
        break;
    }
    case JSON_STRING: json_write_string(b, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: {
        char digits[24], *p = digits + sizeof digits;
        json_int_t n = json_integer_value(v);
        unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
        do *--p = (char)('0' + u % 10); while (u /= 10);
        if (n < 0) *--p = '-';
        buf_append(b, p, (size_t)(digits + sizeof digits - p));
        break;
    }
    case JSON_REAL: {   /* rare here (money is integer đồng): keep jansson's number format */
        char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        buf_puts(b, t ? t : "null");
        free(t);
        break;
    }
    case JSON_TRUE: buf_puts(b, "true"); break;
    case JSON_FALSE: buf_puts(b, "false"); break;
    default: buf_puts(b, "null"); break;
    }
}

void web_json(req *r, int status, json_t *body)
{
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    buf_reset(&r->out);
    json_write(&r->out, body, 0);
    buf_putc(&r->out, '\n');
    json_decref(body);
}

void web_json_fields(req *r, const char *message, json_t *fields)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "error", "bad_request", "message", message,
                          "request_id", r->request_id);
    if (fields) json_object_set_new(o, "fields", fields);
    web_json(r, 400, o);
}

void web_error(req *r, int status, const char *message)
{
    if (!message) message = status_text(status);
    if (web_wants_json(r)) {
        web_json(r, status, json_pack("{s:s, s:s, s:s}", "error", status_code_name(status),
                                      "message", message, "request_id", r->request_id));
        return;
    }
    buf_reset(&r->out);
    page_begin(r, status_text(status));
    html(r, "<p class=\"notice error\" role=\"alert\">%s</p>", message);
    if (status == 401 || status == 403) {
        if (!r->user.id) html(r, "<p><a href=\"/login?next=%u\">Đăng nhập</a> để tiếp tục.</p>", r->path);
        else html(r, "<p>Tài khoản của bạn không có quyền thực hiện thao tác này. "
                     "Hãy liên hệ quản trị viên nếu bạn cần quyền.</p>");
    }
    html(r, "<p><a href=\"/\">Về trang chủ</a></p><p class=\"muted\">Mã yêu cầu: %s</p>", r->request_id);
    page_end(r);
    r->status = status;
}

void web_fail(req *r, const char *what)
{
    const char *detail = r->db ? store_errmsg(r->db) : "";
    if (r->db) while (store_tx_depth(r->db) > 0) store_rollback(r->db);
    log_error("request %s %s %s failed: %s: %s", r->request_id, r->method, r->path, what, detail);
    web_error(r, 500, "Máy chủ gặp lỗi khi xử lý yêu cầu; không có dữ liệu nào bị ghi. "
                      "Hãy thử lại, hoặc báo mã yêu cầu cho quản trị viên.");
}

bool web_param_id(req *r, int index, int64_t *out)
{
    if (index < 0 || index >= 4 || !parse_int64(r->params[index], out) || *out <= 0) {
        web_error(r, 404, "Không tìm thấy mục này.");
        return false;
    }
    return true;
}

/* ---- parsing ---- */
static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Percent-decoding; '+' means a space only in form data and queries (in a path it is itself). */
static const char *percent_decode(arena *a, const char *s, size_t len, bool plus_is_space, size_t *outlen)
{
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+' && plus_is_space) out[o++] = ' ';
        else if (s[i] == '%') {
            if (i + 2 >= len) return NULL;
            int hi = hexval((unsigned char)s[i + 1]), lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0) return NULL;
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else out[o++] = s[i];
    }
    out[o] = 0;
    if (outlen) *outlen = o;
    return out;
}

const char *web_url_decode(arena *a, const char *s, size_t len, size_t *outlen)
{
    return percent_decode(a, s, len, true, outlen);
}

const char *web_parse_target(req *r, const char *target, size_t len)
{
    if (memchr(target, 0, len)) return "NUL byte in the request target";
    const char *q = memchr(target, '?', len);
    size_t plen = q ? (size_t)(q - target) : len, n;
    const char *path = percent_decode(&r->a, target, plen, false, &n);
    /* %00 would cut the path short for every C string test after this one ("/metrics%00.css"
     * would be /metrics to the router and something else to whoever reads the whole). */
    if (!path || strlen(path) != n) return "malformed path";
    r->path = path;
    r->query_string = q ? arena_strndup(&r->a, q + 1, len - plen - 1) : NULL;
    return NULL;
}

bool web_query_too_big(const char *query, size_t len)
{
    if (len > WEB_MAX_QUERY) return true;
    size_t params = 1;
    for (size_t i = 0; i < len; i++)
        if (query[i] == '&' && ++params > WEB_MAX_QUERY_PARAMS) return true;
    return false;
}

const char *web_parse_urlencoded(arena *a, const char *s, size_t len, struct kvlist *out)
{
    size_t i = 0;
    int count = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '&') j++;
        if (j > i) {
            if (++count > 1000) return "quá nhiều trường trong biểu mẫu";
            size_t eq = i;
            while (eq < j && s[eq] != '=') eq++;
            size_t nlen, vlen = 0;
            const char *name = web_url_decode(a, s + i, eq - i, &nlen);
            const char *value = eq < j ? web_url_decode(a, s + eq + 1, j - eq - 1, &vlen) : "";
            if (!name || !value) return "mã hoá phần trăm sai trong biểu mẫu";
            if (nlen == 0) return "tên trường rỗng trong biểu mẫu";
            if (strlen(name) != nlen || strlen(value) != vlen) return "ký tự NUL trong biểu mẫu";
            if (vlen > WEB_MAX_FIELD) return "một trường của biểu mẫu quá dài";
            kv_add(a, out, name, value, vlen);
        }
        i = j + 1;
    }
    return NULL;
}

static const char *memmem_str(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    return memmem(hay, hlen, needle, nlen);
}

/* Reads a parameter like boundary=… or name="…" from a header value into the arena. */
static const char *header_param(arena *a, const char *value, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = value; p && *p; p++) {
        if ((p == value || p[-1] == ';' || p[-1] == ' ') && strncasecmp(p, key, klen) == 0 && p[klen] == '=') {
            p += klen + 1;
            if (*p == '"') {
                const char *end = strchr(p + 1, '"');
                if (!end) return NULL;
                return arena_strndup(a, p + 1, (size_t)(end - p - 1));
            }
            size_t n = strcspn(p, "; ");
            return arena_strndup(a, p, n);
        }
    }
    return NULL;
}

const char *web_parse_multipart(req *r, const char *content_type)
{
    const char *boundary = header_param(&r->a, content_type, "boundary");
    if (!boundary || !*boundary || strlen(boundary) > 200) return "multipart thiếu boundary";
    char *delim = arena_printf(&r->a, "--%s", boundary);
    size_t dlen = strlen(delim);
    const char *p = r->body, *end = r->body + r->body_len;
    const char *d = memmem_str(p, (size_t)(end - p), delim, dlen);
    if (!d) return "multipart không có phần nào";
    int parts = 0;
    for (;;) {
        p = d + dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return NULL;  /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return "multipart sai định dạng";
        p += 2;
        if (++parts > 100) return "multipart có quá nhiều phần";
        const char *hdr_end = memmem_str(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hdr_end) return "multipart: phần thiếu tiêu đề";
        const char *name = NULL, *filename = NULL, *ctype = NULL;
        for (const char *line = p; line < hdr_end;) {
            const char *eol = memmem_str(line, (size_t)(hdr_end - line + 2), "\r\n", 2);
            if (!eol) eol = hdr_end;
            char *h = arena_strndup(&r->a, line, (size_t)(eol - line));
            if (strncasecmp(h, "Content-Disposition:", 20) == 0) {
                name = header_param(&r->a, h + 20, "name");
                filename = header_param(&r->a, h + 20, "filename");
            } else if (strncasecmp(h, "Content-Type:", 13) == 0) {
                ctype = arena_strdup(&r->a, h + 13 + strspn(h + 13, " "));
            }
            line = eol + 2;
        }
        const char *data = hdr_end + 4;
        char *next_delim = arena_printf(&r->a, "\r\n%s", delim);
        const char *nd = memmem_str(data, (size_t)(end - data), next_delim, dlen + 2);
        if (!nd) return "multipart không đóng";
        size_t len = (size_t)(nd - data);
        if (!name || !*name) return "multipart: phần thiếu tên trường";
        if (filename) {
            struct upload *u = arena_alloc(&r->a, sizeof *u * (size_t)(r->n_uploads + 1));
            if (r->n_uploads) memcpy(u, r->uploads, sizeof *u * (size_t)r->n_uploads);
            u[r->n_uploads++] = (struct upload){name, filename, ctype, data, len};
            r->uploads = u;
        } else {
            if (len > WEB_MAX_FIELD) return "một trường của biểu mẫu quá dài";
            if (memchr(data, 0, len)) return "ký tự NUL trong biểu mẫu";
            kv_add(&r->a, &r->form, name, data, len);
        }
        d = nd + 2;
    }
}


/* The first name=value in a list that is not valid UTF-8 (its name, if printable), or NULL. */
static const char *bad_utf8_field(arena *a, const struct kvlist *l)
{
    for (int i = 0; i < l->n; i++) {
        bool name_ok = vn_utf8_valid(l->items[i].name, strlen(l->items[i].name), NULL);
        if (!name_ok || !vn_utf8_valid(l->items[i].value, l->items[i].value_len, NULL))
            return arena_printf(a, "trường \"%s\" không phải văn bản UTF-8 hợp lệ", name_ok ? l->items[i].name : "?");
    }
    return NULL;
}

static bool is_json_type(const char *ct)
{
    return ct && strncasecmp(ct, "application/json", 16) == 0 && (ct[16] == 0 || ct[16] == ';' || ct[16] == ' ');
}

/* What the request head says about the body: its length (declared or read) against the route's
 * limit, and its content type against what the route takes. Replies 413/415 and returns false.
 * Needs only the head, so the server runs it before reading a byte of the body. */
static bool body_acceptable(req *r, uint64_t len)
{
    const char *ct = kv_get(&r->headers, "content-type");
    if (len > web_body_limit(r->route)) {
        web_error(r, 413, "Dữ liệu gửi lên vượt quá giới hạn cho phép.");
        return false;
    }
    if (!len) return true;
    /* A JSON API takes JSON only: a form posted to it is a client error, not an empty object. */
    bool json_only = r->route && (r->route->flags & R_JSON) && !(r->route->flags & (R_HTML | R_UPLOAD));
    if (json_only && !is_json_type(ct)) {
        web_error(r, 415, "Hãy gửi dữ liệu dạng JSON (Content-Type: application/json).");
        return false;
    }
    /* Only a file upload may be larger than an ordinary form (a 60 MB urlencoded body would be
     * decoded into memory whole). */
    if (len > WEB_MAX_BODY && !(ct && strncasecmp(ct, "multipart/form-data", 19) == 0)) {
        web_error(r, 415, "Tệp lớn phải được gửi dạng multipart/form-data.");
        return false;
    }
    bool known = ct && (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 ||
                        strncasecmp(ct, "multipart/form-data", 19) == 0 || is_json_type(ct));
    if (!known && r->route && (r->route->flags & (R_JSON | R_CSRF))) {
        web_error(r, 415, "Kiểu nội dung (Content-Type) không được hỗ trợ: hãy gửi biểu mẫu hoặc JSON.");
        return false;
    }
    return true;
}

/* Splits an accepted body (body_acceptable) by content type; replies 400 and returns false on
 * bad input. */
static bool parse_body(req *r)
{
    if (!r->body_len) return true;
    const char *ct = kv_get(&r->headers, "content-type");
    const char *err = NULL;
    if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
        err = web_parse_urlencoded(&r->a, r->body, r->body_len, &r->form);
    } else if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
        err = web_parse_multipart(r, ct);
    } else if (is_json_type(ct)) {
        json_error_t je;
        r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
        if (!r->json) err = arena_printf(&r->a, "JSON không hợp lệ ở dòng %d, cột %d: %s", je.line, je.column, je.text);
    }
    if (!err) err = bad_utf8_field(&r->a, &r->form);
    for (int i = 0; i < r->n_uploads && !err; i++) {
        const struct upload *u = &r->uploads[i];
        if (!vn_utf8_valid(u->field, strlen(u->field), NULL) || !vn_utf8_valid(u->filename, strlen(u->filename), NULL) ||
            (u->content_type && !vn_utf8_valid(u->content_type, strlen(u->content_type), NULL)))
            err = "tên trường hoặc tên tệp tải lên không phải văn bản UTF-8 hợp lệ";
    }
    if (err) {
        web_error(r, 400, arena_printf(&r->a, "Dữ liệu gửi lên không đọc được: %s.", err));
        return false;
    }
    return true;
}

/* ---- routing ---- */
static bool method_allowed(const char *methods, const char *m)
{
    size_t n = strlen(m);
    if (n == 0) return false;   /* strstr finds "" everywhere: the loop below would not advance */
    for (const char *p = methods; (p = strstr(p, m)); p += n)
        if ((p == methods || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) return true;
    return false;
}

/* Matches `path` against a pattern; captures {x} segments into params. */
static bool path_match(const char *pattern, const char *path, const char **params, arena *a)
{
    int np = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t n = strcspn(s, "/");
            if (!close || n == 0 || np >= 4) return false;
            if (params) params[np] = arena_strndup(a, s, n);
            np++;
            p = close + 1;
            s += n;
        } else if (*p++ != *s++) return false;
    }
    return *p == 0 && *s == 0;
}

/* ---- the client's address behind a reverse proxy ----
 * Behind nginx (TLS, docs/operations.md) every connection comes from the proxy, so throttling
 * per address would lump all users together and the loopback-only routes would be open to
 * anyone the proxy lets in. Only for peers listed with --trusted-proxy, the address is taken
 * from X-Forwarded-For: the right-most entry that is not itself a trusted proxy (entries to its
 * left were written by the client and prove nothing). X-Forwarded-Proto is believed only from
 * them too. Anyone else's forwarding headers are ignored. */
#define MAX_TRUSTED_PROXIES 16
static char trusted_proxies[MAX_TRUSTED_PROXIES][INET6_ADDRSTRLEN];
static int n_trusted_proxies;

/* The address in canonical text form (so ::ffff:127.0.0.1 and 127.0.0.1 compare as written by
 * inet_ntop), or false if it is not an IPv4 or IPv6 address. */
static bool canonical_ip(const char *in, size_t len, char out[INET6_ADDRSTRLEN])
{
    char tmp[INET6_ADDRSTRLEN];
    if (len == 0 || len >= sizeof tmp) return false;
    memcpy(tmp, in, len);
    tmp[len] = 0;
    unsigned char bin[16];
    if (inet_pton(AF_INET, tmp, bin) == 1) return inet_ntop(AF_INET, bin, out, INET6_ADDRSTRLEN) != NULL;
    if (inet_pton(AF_INET6, tmp, bin) == 1) return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) != NULL;
    return false;
}

bool web_set_trusted_proxies(const char *list, char *err, size_t errlen)
{
    n_trusted_proxies = 0;
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, ", ");
        if (n) {
            if (n_trusted_proxies == MAX_TRUSTED_PROXIES) {
                snprintf(err, errlen, "at most %d trusted proxies", MAX_TRUSTED_PROXIES);
                return false;
            }
            if (!canonical_ip(p, n, trusted_proxies[n_trusted_proxies])) {
                snprintf(err, errlen, "'%.*s' is not an IP address", (int)(n > 64 ? 64 : n), p);
                return false;
            }
            n_trusted_proxies++;
        }
        p += n;
        while (*p == ',' || *p == ' ') p++;
    }
    return true;
}

bool web_is_trusted_proxy(const char *addr)
{
    char c[INET6_ADDRSTRLEN];
    if (!addr || !n_trusted_proxies || !canonical_ip(addr, strlen(addr), c)) return false;
    for (int i = 0; i < n_trusted_proxies; i++)
        if (!strcmp(trusted_proxies[i], c)) return true;
    return false;
}

/* Replaces r->remote_addr by the client's address when the peer is a trusted proxy. False when
 * that proxy's X-Forwarded-For cannot be read: the client is then unknown, and falling back to
 * the proxy's own address would make everyone behind it local (R_LOCAL) and one throttling
 * bucket, so the request is refused. */
static bool resolve_client_address(req *r)
{
    if (!web_is_trusted_proxy(r->remote_addr)) return true;
    r->via_proxy = true;
    const char *xff = kv_get(&r->headers, "x-forwarded-for");
    if (!xff) return true;   /* the proxy's own request (a health check) */
    /* Right to left: skip our own proxies, stop at the first other address. */
    const char *end = xff + strlen(xff);
    while (end > xff) {
        const char *start = end;
        while (start > xff && start[-1] != ',') start--;
        const char *a = start, *b = end;
        while (a < b && (*a == ' ' || *a == '\t')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
        /* Some proxies add the client's port: "203.0.113.9:51234", "[2001:db8::1]:51234". */
        if (a < b && *a == '[') {
            const char *close = memchr(a, ']', (size_t)(b - a));
            if (close) { b = close; a++; }
        } else {
            const char *colon = memchr(a, ':', (size_t)(b - a));
            if (colon && !memchr(colon + 1, ':', (size_t)(b - colon - 1))) b = colon;   /* one colon: IPv4:port */
        }
        char c[INET6_ADDRSTRLEN];
        if (!canonical_ip(a, (size_t)(b - a), c)) return false;
        if (!web_is_trusted_proxy(c)) {
            r->remote_addr = arena_strdup(&r->a, c);
            return true;
        }
        end = start > xff ? start - 1 : xff;
    }
    /* No address left of our own proxies: an empty header is unreadable; a chain of trusted
     * proxies only is a request of theirs, and keeps the peer's address. */
    return xff[strspn(xff, " \t,")] != 0;
}

static bool is_loopback(const char *addr)
{
    return addr && (str_starts(addr, "127.") || str_eq(addr, "::1") || str_starts(addr, "::ffff:127."));
}

static void add_security_headers(req *r)
{
    web_header(r, "Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    web_header(r, "X-Content-Type-Options", "nosniff");
    web_header(r, "X-Frame-Options", "DENY");
    web_header(r, "Referrer-Policy", "same-origin");
    web_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    web_header(r, "X-Request-Id", r->request_id);
    if (!kv_get(&r->resp_headers, "Cache-Control"))
        web_header(r, "Cache-Control", r->user.id ? "no-store" : "no-cache");
}

static bool csrf_ok(req *r)
{
    if (r->user.via_token || !r->user.id) return true;   /* bearer tokens are not ambient */
    const char *sent = kv_get(&r->form, "_csrf");
    if (!sent) sent = kv_get(&r->headers, "x-csrf-token");
    return ct_streq(sent, r->user.csrf);
}

/* A copy fit for a one-line log: control characters and spaces become '?', quotes kept out,
 * so a hostile path cannot forge log lines. */
static const char *log_safe(arena *a, const char *s)
{
    if (!s) return "-";
    size_t n = strlen(s) > 300 ? 300 : strlen(s);
    char *c = arena_strndup(a, s, n);
    for (char *p = c; *p; p++)
        if ((unsigned char)*p < 0x21 || *p == 0x7f || *p == '"') *p = '?';
    return c;
}

/* The metrics table tells routes apart by the address of their name: one object for every
 * request that matched no route, so they share one series. */
static const char unmatched_route[] = "unmatched";

/* Adds "GET POST" to a comma-separated Allow list without duplicates; GET brings HEAD. */
static void allow_add(buf *allow, const char *methods)
{
    for (const char *p = methods; *p;) {
        size_t n = strcspn(p, " ");
        char one[16];
        if (n && n < sizeof one) {
            memcpy(one, p, n);
            one[n] = 0;
            for (int k = 0; k < 2; k++) {
                const char *name = k == 0 ? one : str_eq(one, "GET") ? "HEAD" : NULL;
                if (!name) continue;
                bool seen = false;
                for (const char *q = buf_str(allow); (q = strstr(q, name)); q += strlen(name))
                    if ((q == buf_str(allow) || q[-1] == ' ') && (q[strlen(name)] == ',' || !q[strlen(name)])) seen = true;
                if (seen) continue;
                if (allow->len) buf_puts(allow, ", ");
                buf_puts(allow, name);
            }
        }
        p += n;
        while (*p == ' ') p++;
    }
}

/* ---- features (web.h) ---- */
static const struct feature *const no_features[] = {NULL};
static const struct feature *const *features = no_features;
/* Every route of every feature, flattened at registration: the dispatcher walks one array. */
static const struct route **all_routes;
static int n_routes;

void web_set_features(const struct feature *const *list)
{
    features = list ? list : no_features;
    int n = 0;
    for (const struct feature *const *f = features; *f; f++)
        for (const struct route *rt = (*f)->routes; rt && rt->path; rt++) n++;
    free(all_routes);
    all_routes = xcalloc((size_t)n + 1, sizeof *all_routes);
    n_routes = 0;
    for (const struct feature *const *f = features; *f; f++)
        for (const struct route *rt = (*f)->routes; rt && rt->path; rt++) all_routes[n_routes++] = rt;
}

const struct feature *const *web_features(void) { return features; }
int web_route_count(void) { return n_routes; }
const struct route *web_route_at(int i) { return i >= 0 && i < n_routes ? all_routes[i] : NULL; }

size_t web_body_limit(const struct route *rt)
{
    return rt && (rt->flags & R_UPLOAD) ? WEB_MAX_UPLOAD : WEB_MAX_BODY;
}

size_t web_body_limit_for(const char *method, const char *path)
{
    if (!method || !path) return WEB_MAX_BODY;
    arena a = {0};
    size_t limit = WEB_MAX_BODY;
    for (int i = 0; i < n_routes; i++) {
        const struct route *rt = all_routes[i];
        if (method_allowed(rt->methods, method) && path_match(rt->path, path, NULL, &a)) {
            limit = web_body_limit(rt);
            break;
        }
    }
    arena_free(&a);
    return limit;
}

void web_reject(req *r, int status, const char *message)
{
    if (!r->content_type) r->content_type = "text/html; charset=utf-8";
    if (!r->path) r->path = "/";
    if (!r->method) r->method = "GET";
    web_error(r, status, message);
    add_security_headers(r);
    metrics_observe(unmatched_route, r->status, now_ms() - r->start_ms);
    log_info("req id=%s method=%s path=%s status=%d rejected", r->request_id, log_safe(&r->a, r->method),
             log_safe(&r->a, r->path), r->status);
}

/* ---- cached replies (routes marked R_CACHE; see web_cache.c) ---- */
/* The key: route, path and query, user, and session (an HTML page carries its CSRF token). */
static void reply_key(req *r, buf *k)
{
    char id[24];
    int n = 0;
    uint64_t v = (uint64_t)r->user.id;
    do id[n++] = (char)('0' + v % 10); while ((v /= 10) && n < 23);
    buf_putc(k, 'R');
    buf_puts(k, r->route->name);
    buf_putc(k, 0);
    buf_puts(k, r->path);
    buf_putc(k, '?');
    /* The parsed arguments (both transports parse the target with web_parse_target), length-
     * prefixed, so no name or value can pass for another. */
    for (int i = 0; i < r->query.n; i++) {
        const struct kv *q = &r->query.items[i];
        buf_printf(k, "%zu:%s=%zu:", strlen(q->name), q->name, q->value_len);
        buf_append(k, q->value, q->value_len);
    }
    buf_putc(k, 0);
    while (n) buf_putc(k, id[--n]);
    buf_putc(k, 0);
    buf_puts(k, r->user.session_hash ? r->user.session_hash : "-");
}

/* Stored as: status, content type, headers (name and value), body — the first three as
 * NUL-terminated texts. */
static void reply_to_cache(req *r)
{
    if (r->status != 200) return;
    for (int i = 0; i < r->resp_headers.n; i++)
        if (!strcasecmp(r->resp_headers.items[i].name, "Set-Cookie")) return;   /* never replay a cookie */
    buf k = {0}, v = {0};
    reply_key(r, &k);
    buf_printf(&v, "%d", r->status);
    buf_putc(&v, 0);
    buf_puts(&v, r->content_type);
    buf_putc(&v, 0);
    buf_printf(&v, "%d", r->resp_headers.n);
    buf_putc(&v, 0);
    for (int i = 0; i < r->resp_headers.n; i++) {
        buf_puts(&v, r->resp_headers.items[i].name);
        buf_putc(&v, 0);
        buf_puts(&v, r->resp_headers.items[i].value);
        buf_putc(&v, 0);
    }
    buf_append(&v, r->out.data ? r->out.data : "", r->out.len);
    web_cache_put(r->cache, k.data, k.len, v.data, v.len);
    buf_free(&k);
    buf_free(&v);
}

static bool reply_from_cache(req *r)
{
    buf k = {0};
    reply_key(r, &k);
    size_t n = 0;
    const char *v = web_cache_get(r->cache, k.data, k.len, &n);
    buf_free(&k);
    if (!v) return false;
    const char *end = v + n, *p = v;
    int64_t status = 0, nh = 0;
    if (!parse_int64(p, &status)) return false;
    p += strlen(p) + 1;
    r->content_type = arena_strdup(&r->a, p);
    p += strlen(p) + 1;
    if (!parse_int64(p, &nh)) return false;
    p += strlen(p) + 1;
    for (int64_t i = 0; i < nh; i++) {
        const char *name = p;
        p += strlen(p) + 1;
        web_header(r, name, p);   /* copied into the request's arena there */
        p += strlen(p) + 1;
    }
    r->status = (int)status;
    buf_append(&r->out, p, (size_t)(end - p));
    return true;
}

/* One request through the dispatcher. With head_only (web_admit), only what the head decides
 * runs — address, route, query, authentication, capability, the declared body length
 * (head_len; < 0: not known, chunked) and content type — and an admitted request ends there,
 * unlogged: the caller reads its body and hands it to web_handle, which runs everything again
 * on the whole request. A refusal is a finished reply either way, so the two cannot differ. */
static bool dispatch(req *r, bool head_only, int64_t head_len)
{
    /* Normally 0; `thidua serve --test-rollback` runs each request inside a transaction of its own. */
    int depth_at_entry = r->db ? store_tx_depth(r->db) : 0;
    bool admitted = false;
    /* One read snapshot for the whole request (see store_begin_read); writes end it by themselves. */
    if (r->db) store_begin_read(r->db);
    /* The worker's cache is valid for this data version and day (web_cache.c); inside an outer
     * transaction (test mode) or without a known version, this request does without it. */
    if (r->cache) {
        char today[11];
        iso_date_today(today);
        uint64_t writes = store_local_writes();   /* before the version: a commit in between is not lost */
        if (depth_at_entry > 0 || !r->db ||
            (!web_cache_recent(r->cache, writes, today) &&
             !web_cache_sync(r->cache, store_data_version(r->db), today, writes)))
            r->cache = NULL;
    }
    if (!r->content_type) r->content_type = "text/html; charset=utf-8";
    const struct route *match = NULL;
    bool path_found = false;
    if (!r->path || r->path[0] != '/' || strlen(r->path) > 2048) {
        web_error(r, 400, "Đường dẫn không hợp lệ.");
        goto done;
    }
    /* Checked before the route, as the server checks it before libmicrohttpd parses the query. */
    if (r->query_string && web_query_too_big(r->query_string, strlen(r->query_string))) {
        web_error(r, 414, WEB_QUERY_TOO_BIG_MESSAGE);
        goto done;
    }
    if (!resolve_client_address(r)) {
        web_error(r, 400, "Tiêu đề X-Forwarded-For từ máy chủ trung gian không đọc được.");
        goto done;
    }
    r->is_head = str_eq(r->method, "HEAD");
    const char *m = r->is_head ? "GET" : r->method;
    buf allow = {0};
    for (int i = 0; i < n_routes; i++) {
        const struct route *rt = all_routes[i];
        const char *params[4] = {0};
        if (!path_match(rt->path, r->path, params, &r->a)) continue;
        path_found = true;
        if (method_allowed(rt->methods, m)) {
            match = rt;
            memcpy(r->params, params, sizeof params);
            break;
        }
        if (!r->route) r->route = rt;  /* for the kind of error page */
        allow_add(&allow, rt->methods);
    }
    if (!match) {
        if (path_found) {
            /* RFC 9110: a comma-separated list of every method the path answers. */
            web_header(r, "Allow", buf_str(&allow));
            buf_free(&allow);
            web_error(r, 405, NULL);
        } else {
            web_error(r, 404, "Không tìm thấy trang bạn yêu cầu.");
        }
        goto done;
    }
    buf_free(&allow);
    r->route = match;
    if (r->query_string && web_parse_urlencoded(&r->a, r->query_string, strlen(r->query_string), &r->query)) {
        web_error(r, 400, "Chuỗi truy vấn (query string) không hợp lệ.");
        goto done;
    }
    const char *bad = bad_utf8_field(&r->a, &r->query);
    if (bad) {
        web_error(r, 400, arena_printf(&r->a, "Chuỗi truy vấn không đọc được: %s.", bad));
        goto done;
    }
    if ((match->flags & R_LOCAL) && !is_loopback(r->remote_addr)) {
        web_error(r, 403, "Chỉ truy cập được từ máy chủ.");
        goto done;
    }
    if (match->cap != CAP_PUBLIC || (match->flags & R_CSRF)) auth_resolve(r);
    else if (kv_get(&r->headers, "cookie")) auth_resolve(r);   /* public pages show who is in */
    if (!web_has_cap(r, match->cap)) {
        if (!r->user.id && (match->flags & R_HTML) && !strcmp(m, "GET")) {
            buf b = {0};
            buf_puts(&b, "/login?next=");
            url_encode(&b, r->path);
            web_redirect(r, arena_strdup(&r->a, buf_str(&b)));
            buf_free(&b);
        } else if (!r->user.id) {
            web_error(r, 401, "Bạn cần đăng nhập.");
        } else {
            web_error(r, 403, "Bạn không có quyền truy cập chức năng này.");
        }
        goto done;
    }
    if (!head_only && match->cap == CAP_PUBLIC && !r->user.id && !(match->flags & (R_NOLOG | R_LOCAL))) {
        /* Counted on the whole request only (a body request's head pass would count it twice).
         * An API client with a bearer token is signed in too: resolve it before limiting. */
        if (kv_get(&r->headers, "authorization") && !kv_get(&r->headers, "cookie")) auth_resolve(r);
    }
    if (!head_only && match->cap == CAP_PUBLIC && !r->user.id && !(match->flags & (R_NOLOG | R_LOCAL))) {
        unsigned retry_s = 0;
        if (!guard_rate_admit(r->remote_addr, (match->flags & R_SEARCH) ? GUARD_RATE_SEARCH : GUARD_RATE_PUBLIC, &retry_s)) {
            web_header(r, "Retry-After", arena_printf(&r->a, "%u", retry_s));
            web_error(r, 429, arena_printf(&r->a, "Có quá nhiều yêu cầu từ địa chỉ của bạn. Hãy thử lại sau %u giây "
                                                  "(hoặc đăng nhập: người đã đăng nhập không bị giới hạn này).", retry_s));
            goto done;
        }
    }
    if (r->user.id && r->user.must_change && match->cap != CAP_PUBLIC && !(match->flags & R_PWCHANGE)) {
        if ((match->flags & R_HTML) && !strcmp(m, "GET")) web_redirect(r, "/account?must=1");
        else web_error(r, 403, "Bạn cần đổi mật khẩu tạm thời trước khi dùng chức năng này (trang Tài khoản).");
        goto done;
    }
    if (head_only) {
        if (head_len >= 0 && !body_acceptable(r, (uint64_t)head_len)) goto done;
        admitted = true;
        goto done;
    }
    if (!body_acceptable(r, r->body_len) || !parse_body(r)) goto done;
    if ((match->flags & R_CACHE) && !strcmp(m, "GET") && r->cache && reply_from_cache(r)) goto done;
    if ((match->flags & R_CSRF) && strcmp(m, "GET") != 0 && !csrf_ok(r)) {
        web_error(r, 403, "Phiên làm việc không hợp lệ hoặc đã hết hạn (thiếu mã CSRF). "
                          "Hãy tải lại trang rồi thử lại.");
        goto done;
    }
    if (match->body && match->body != api_file_body && (match->flags & R_JSON) && strcmp(m, "GET") != 0) {
        /* The route's declared members (api.h): an unknown or mistyped one never reaches the
         * handler, on every JSON write route alike. */
        struct field_errors fe = {0};
        if (!api_body_check(r, match->body, &fe)) {
            api_reply_errors(r, &fe);
            goto done;
        }
    }
    match->handler(r);
    if ((match->flags & R_CACHE) && !strcmp(m, "GET") && r->cache) reply_to_cache(r);
    if (r->db && store_tx_depth(r->db) > depth_at_entry) {
        /* A handler must finish its transaction; leaving one open is a bug we refuse to commit. */
        log_error("request %s: handler %s left a transaction open; rolled back", r->request_id, match->name);
        while (store_tx_depth(r->db) > depth_at_entry) store_rollback(r->db);
        web_error(r, 500, NULL);
    }
done:
    if (r->db) store_end_read(r->db);
    if (admitted) return true;
    add_security_headers(r);
    int64_t ms = now_ms() - r->start_ms;
    metrics_observe(r->route && match ? r->route->name : unmatched_route, r->status, ms);
    if (!(match && (match->flags & R_NOLOG)))
        log_info("req id=%s method=%s path=%s status=%d ms=%lld user=%s addr=%s", r->request_id,
                 log_safe(&r->a, r->method), log_safe(&r->a, r->path), r->status, (long long)ms,
                 r->user.login ? r->user.login : "-", r->remote_addr ? r->remote_addr : "-");
    return false;
}

void web_handle(req *r) { dispatch(r, false, 0); }

bool web_admit(req *r, int64_t declared_len) { return dispatch(r, true, declared_len); }

