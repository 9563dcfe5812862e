/* system.c: the pages that belong to no resource: the home page, /healthz, /metrics, and the
 * static assets compiled into the binary (/static/NAME). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "embedded.h"
#include "html.h"
#include "metrics.h"
#include "unit.h"
#include "web.h"

/* Current units by kind, as a bar chart linking to the tree. */
static void home_unit_chart(req *r)
{
    char today[11];
    iso_date_today(today);
    struct chart_bar bars[32];
    const char *kinds[32];
    int n = 0;
    stmt *q = store_query(r->db, "SELECT kind, count(*) FROM unit WHERE (valid_to IS NULL OR valid_to >= $1)"
                                 " AND (valid_from IS NULL OR valid_from <= $1) GROUP BY kind", "t", today);
    while (q && n < 32 && stmt_step(q) == STORE_ROW) {
        const char *kind = stmt_text_dup(q, 0, &r->a);
        const char *label = unit_kind_label(kind);
        kinds[n] = kind;
        bars[n++] = (struct chart_bar){label ? label : kind, stmt_int64(q, 1), "/units"};
    }
    stmt_finalize(q);
    /* display order of kinds, as in the tree */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && unit_kind_rank(kinds[j - 1]) > unit_kind_rank(kinds[j]); j--) {
            struct chart_bar t = bars[j]; bars[j] = bars[j - 1]; bars[j - 1] = t;
            const char *k = kinds[j]; kinds[j] = kinds[j - 1]; kinds[j - 1] = k;
        }
    if (n) chart_bars(r, "Đơn vị đang hoạt động, theo loại", bars, n);
}

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
        if (web_has_cap(r, CAP_UNIT_READ))
            html(r, "<li><a href=\"/units\"><strong>Cây đơn vị</strong><span>Sở, ban, ngành, địa phương, "
                    "doanh nghiệp và lịch sử sáp nhập</span></a></li>"
                    "<li><a href=\"/blocks\"><strong>Khối, cụm thi đua</strong><span>Thành viên, "
                    "trưởng khối và phó khối theo năm</span></a></li>");
        if (web_has_cap(r, CAP_USER_ADMIN))
            html(r, "<li><a href=\"/users\"><strong>Người dùng</strong><span>Tài khoản, vai trò, "
                    "phạm vi đơn vị</span></a></li>");
        if (web_has_cap(r, CAP_AUDIT_READ))
            html(r, "<li><a href=\"/audit\"><strong>Nhật ký kiểm toán</strong><span>Mọi thay đổi, "
                    "chuỗi băm chống sửa</span></a></li>");
        html(r, "<li><a href=\"/holidays\"><strong>Lịch nghỉ lễ, Tết</strong><span>Ngày nghỉ, làm bù "
                "và cách tính hạn theo ngày làm việc</span></a></li>"
                "<li><a href=\"/account\"><strong>Tài khoản của tôi</strong><span>Đổi mật khẩu, "
                "mã truy cập API, xác thực 2 lớp</span></a></li></ul>");
        if (web_has_cap(r, CAP_UNIT_READ)) home_unit_chart(r);
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
