/* system.c: the pages that belong to no resource: the home page, /healthz, /metrics, and the
 * static assets compiled into the binary (/static/NAME). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "html.h"
#include "metrics.h"
#include "app_pages.h"
#include "web.h"

void home_page(req *r)
{
    page_begin(r, "Hệ thống quản lý thi đua – khen thưởng");
    if (!r->user.id) {
        html(r, "<p>Hệ thống phục vụ Ban Thi đua – Khen thưởng, các sở, ban, ngành, địa phương, "
                "nhà tài trợ và người dân: phong trào thi đua, chỉ tiêu, quỹ vận động và khen thưởng.</p>"
                "<p><a class=\"button\" href=\"/login\">Đăng nhập</a></p>");
    } else {
        html(r, "<p>Xin chào <strong>%s</strong> — %s, %s.</p><ul class=\"cards\">",
             r->user.name, r->user.role_label, r->user.unit_name);
        /* Every feature's cards the user may see, then each feature's part of the page. */
        for (const struct feature *const *f = web_features(); *f; f++)
            for (const struct nav_entry *e = (*f)->nav; e && e->href; e++)
                if ((e->where & NAV_CARD) && web_has_cap(r, e->cap))
                    html(r, "<li><a href=\"%s\"><strong>%s</strong><span>%s</span></a></li>", e->href, e->label,
                         e->summary);
        html(r, "</ul>");
        for (const struct feature *const *f = web_features(); *f; f++)
            if ((*f)->home) (*f)->home(r);
    }
    page_end(r);
}

void healthz_api(req *r)
{
    int64_t one = 0;
    bool ok = store_int64(r->db, &one, "SELECT 1", "") == 1 && one == 1;
    r->content_type = "application/json; charset=utf-8";
    web_json(r, ok ? 200 : 503, json_pack("{s:s, s:s}", "status", ok ? "ok" : "database unavailable",
                                          "backend", store_backend(r->db)));
}

void metrics_api(req *r)
{
    buf b = {0};
    metrics_render(&b);
    web_body(r, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
    buf_free(&b);
}

static const char *mime_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return "application/octet-stream";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    if (!strcmp(dot, ".png")) return "image/png";
    if (!strcmp(dot, ".woff2")) return "font/woff2";
    return "application/octet-stream";
}

void static_page(req *r)
{
    const char *name = r->params[0];
    if (!name || strchr(name, '/') || name[0] == '.') { web_error(r, 404, NULL); return; }
    char path[256];
    snprintf(path, sizeof path, "assets/%s", name);
    const struct embedded_file *f = embedded_find(path);
    if (!f) { web_error(r, 404, "Không tìm thấy tệp."); return; }
    /* The ETag is the content hash: a new build with a changed asset invalidates caches. The
     * assets never change while the binary runs, so each is hashed once. */
    static char etags[128][19];
    static pthread_mutex_t etag_lock = PTHREAD_MUTEX_INITIALIZER;
    size_t idx = (size_t)(f - embedded_files);
    char *etag = arena_alloc(&r->a, 19);
    pthread_mutex_lock(&etag_lock);
    if (idx < countof(etags) && etags[idx][0]) memcpy(etag, etags[idx], 19);
    pthread_mutex_unlock(&etag_lock);
    if (!etag[0]) {
        char h[65];
        sha256_hex(f->data, f->size, h);
        snprintf(etag, 19, "\"%.16s\"", h);
        pthread_mutex_lock(&etag_lock);
        if (idx < countof(etags)) memcpy(etags[idx], etag, 19);
        pthread_mutex_unlock(&etag_lock);
    }
    web_header(r, "ETag", etag);
    web_header(r, "Cache-Control", "public, max-age=3600");
    if (str_eq(kv_get(&r->headers, "if-none-match"), etag)) { r->status = 304; return; }
    web_body(r, mime_for(name), f->data, f->size);
}
