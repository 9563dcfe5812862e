/* fuzz_http.c: libFuzzer target for the HTTP input side of thidua: the form decoders
 * (web_parse_urlencoded, web_parse_multipart) and the raw request parser of `thidua http`
 * (http_parse_raw), whose result then goes through the whole dispatcher (web_handle) against
 * an in-memory demo-free database. The first byte picks the target:
 *   0 mod 3  urlencoded form: the rest is the body
 *   1 mod 3  multipart: the first line is the boundary, the rest the body
 *   2 mod 3  raw request: the rest is a request as read from standard input
 * Inputs are copied into exactly-sized heap blocks without a terminating NUL, so ASan reports
 * any read that relies on one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "web.h"

/* server.c: not in a header, the parser is internal to `thidua http`. */
const char *http_parse_raw(req *r, const char *raw, size_t len);

static store *db;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("THIDUA_QUIET", "1", 1);
    char err[512];
    db = store_open(":memory:", err, sizeof err);
    if (!db || store_migrate(db, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "fuzz_http: cannot set up the database: %s\n", err);
        abort();
    }
    /* Logins in fuzzed requests must not spend 64 MiB and a second each. */
    store_exec(db, "INSERT INTO setting(name, value, updated_at) VALUES ('auth.pwhash', 'cheap', 'x')", "");
    return 0;
}

static void check_kv(const struct kvlist *l)
{
    /* Every decoded name and value is a proper C string of its stated length. */
    for (int i = 0; i < l->n; i++)
        if (strlen(l->items[i].value) != l->items[i].value_len || !l->items[i].name[0]) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int mode = data[0] % 3;
    size_t len = size - 1;
    char *in = malloc(len ? len : 1);
    memcpy(in, data + 1, len);
    req r;
    req_init(&r);
    if (mode == 0) {
        struct kvlist l = {0};
        if (!web_parse_urlencoded(&r.a, in, len, &l)) check_kv(&l);
    } else if (mode == 1) {
        const char *nl = memchr(in, '\n', len);
        size_t blen = nl ? (size_t)(nl - in) : len;
        char *ct = arena_printf(&r.a, "multipart/form-data; boundary=%.*s", (int)blen, in);
        if (strlen(ct) < 30 + blen) goto done;   /* a NUL inside the boundary line */
        size_t off = nl ? blen + 1 : len;
        char *body = malloc(len - off ? len - off : 1);
        memcpy(body, in + off, len - off);
        r.body = body;
        r.body_len = len - off;
        if (!web_parse_multipart(&r, ct)) {
            check_kv(&r.form);
            for (int i = 0; i < r.n_uploads; i++)
                if (r.uploads[i].data < body || r.uploads[i].data + r.uploads[i].len > body + r.body_len) abort();
        }
        free(body);
    } else {
        r.db = db;
        r.remote_addr = "127.0.0.1";
        const char *err = http_parse_raw(&r, in, len);
        if (err) web_reject(&r, 400, err);
        else web_handle(&r);
        if (r.status < 100 || r.status > 599) abort();
        if (!kv_get(&r.resp_headers, "Content-Security-Policy")) abort();   /* on every reply */
        if (store_tx_depth(db) > 0) abort();   /* the dispatcher closes what a handler left open */
    }
done:
    req_free(&r);
    free(in);
    return 0;
}
