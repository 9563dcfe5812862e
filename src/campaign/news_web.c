/* news_web.c: the campaign's news (a post's page, the Board's draft form and publish button, the
 * list on the campaign page) and the anniversary calendar's page (/anniversaries?year=N), with
 * their JSON. news.c and anniversary.c decide every write. Drafts are the Board's only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "campaign_pages.h"
#include "news.h"
#include "stored_file.h"

/* The published posts (and the Board's drafts) on the campaign page. */
void campaign_news_section(req *r, int64_t campaign_id)
{
    struct campaign_news *v;
    int n;
    bool board = web_has_cap(r, CAP_CAMPAIGN_WRITE);
    if (news_list(r->db, &r->a, campaign_id, board, &v, &n) != STORE_OK) return;
    if (!n && !board) return;
    html(r, "<section class=\"news\"><h2>Tin tức</h2>");
    if (board) html(r, "<p><a class=\"button secondary\" href=\"/campaigns/%D/news/new\">Viết tin</a></p>", campaign_id);
    html(r, "<ul>");
    for (int i = 0; i < n; i++) {
        html(r, "<li><a href=\"/news/%D\">%s</a> <small class=\"muted\">%s</small>", v[i].id, v[i].title,
             iso_local_time(&r->a, v[i].published_at ? v[i].published_at : v[i].created_at, false));
        if (str_eq(v[i].status, "draft")) html(r, " <span class=\"tag\">bản nháp</span>");
        html(r, "</li>");
    }
    html(r, "</ul></section>");
}

static bool news_of_path(req *r, struct campaign_news *p)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = news_get(r->db, &r->a, id, p);
    if (rc < 0) { web_fail(r, "get news"); return false; }
    if (!rc || (str_eq(p->status, "draft") && !web_has_cap(r, CAP_CAMPAIGN_WRITE))) {
        web_error(r, 404, "Không có tin này.");
        return false;
    }
    return true;
}

void news_page(req *r)
{
    struct campaign_news p;
    if (!news_of_path(r, &p)) return;
    page_begin(r, p.title);
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "published")) page_notice(r, "ok", "Đã đăng tin.");
    else if (str_eq(notice, "saved")) page_notice(r, "ok", "Đã lưu tin.");
    else if (str_eq(notice, "unpublished")) page_notice(r, "ok", "Đã gỡ tin xuống: tin là bản nháp, không còn trên trang công khai.");
    html(r, "<p><a href=\"/campaigns/%D\">← Phong trào</a> · <small class=\"muted\">%s</small>%R</p>", p.campaign_id,
         iso_local_time(&r->a, p.published_at ? p.published_at : p.created_at, false),
         str_eq(p.status, "draft") ? " <span class=\"tag\">bản nháp</span>" : ""); // raw: constant markup
    html(r, "<article class=\"news-body\">");
    /* paragraphs: blank lines in the text */
    const char *b = p.body;
    while (b && *b) {
        const char *end = strstr(b, "\n\n");
        size_t len = end ? (size_t)(end - b) : strlen(b);
        html(r, "<p>%s</p>", arena_strndup(&r->a, b, len));
        b = end ? end + 2 : NULL;
    }
    html(r, "</article>");
    struct stored_file *ph;
    int nph = 0;
    if (file_list(r->db, &r->a, NEWS_FILE_OWNER, p.id, &ph, &nph) >= 0)
        for (int i = 0; i < nph; i++)
            html(r, "<figure class=\"news-photo\"><img src=\"%s\" alt=\"%s\" loading=\"lazy\"><figcaption>%s</figcaption></figure>",
                 file_href(&r->a, NEWS_FILE_OWNER, p.id, ph[i].id), ph[i].caption ? ph[i].caption : ph[i].name,
                 ph[i].caption ? ph[i].caption : "");
    if (p.source) html(r, "<p class=\"muted\">Nguồn: %s</p>", p.source);
    if (web_has_cap(r, CAP_CAMPAIGN_WRITE)) {
        html(r, "<div class=\"actions\"><a class=\"button secondary\" href=\"/news/%D/edit\">Sửa tin</a>", p.id);
        bool draft = str_eq(p.status, "draft");
        form_begin(r, arena_printf(&r->a, "/news/%lld/%s", (long long)p.id, draft ? "publish" : "unpublish"), "class=\"inline\"");
        html(r, "<button type=\"submit\"%R>%s</button></form></div>", draft ? "" : " class=\"secondary\"", // raw: constant attribute
             draft ? "Đăng tin" : "Gỡ xuống (về bản nháp)");
    }
    page_end(r);
}

/* The photos a form uploaded (field "photos"); *n their count. */
static struct upload *form_photos(req *r, int *n)
{
    struct upload *ph = r->n_uploads ? arena_alloc(&r->a, sizeof *ph * (size_t)r->n_uploads) : NULL;
    *n = 0;
    for (int i = 0; i < r->n_uploads; i++)
        if (str_eq(r->uploads[i].field, "photos")) ph[(*n)++] = r->uploads[i];
    return ph;
}

void news_new_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct field_errors fe = {0};
    const char *title = web_param(r, "title"), *body = web_param(r, "body"), *source = web_param(r, "source");
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int nph = 0;
        struct upload *ph = form_photos(r, &nph);
        int64_t id = news_create(r->db, &r->a, &me, c.id, title, body, source, ph, nph, web_param(r, "caption"), &fe);
        if (id < 0) { web_fail(r, "create news"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/news/%lld", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, arena_printf(&r->a, "Viết tin: %s", c.code));
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, arena_printf(&r->a, "/campaigns/%lld/news/new", (long long)c.id), "class=\"narrow\" enctype=\"multipart/form-data\"");
    form_field(r, "text", "title", "Tiêu đề", title, ferr_get(&fe, "title"), "required maxlength=\"300\"");
    form_field(r, "textarea", "body", "Nội dung (các đoạn cách nhau một dòng trống)", body, ferr_get(&fe, "body"), "required");
    form_field(r, "textarea", "source", "Nguồn", source, ferr_get(&fe, "source"), "maxlength=\"1000\"");
    if (ferr_get(&fe, "photos")) html(r, "<p class=\"error\" role=\"alert\">%s</p>", ferr_get(&fe, "photos"));
    file_upload_field(r, "photos", "Ảnh (PNG, JPEG)", &file_policy_photo, true);
    form_field(r, "text", "caption", "Chú thích ảnh", web_param(r, "caption"), NULL, "maxlength=\"300\"");
    form_end(r, "Lưu bản nháp");
    page_end(r);
    if (fe.n) r->status = 400;
}

void news_publish_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = news_publish(r->db, &r->a, &me, id, &fe);
    if (rc < 0) { web_fail(r, "publish news"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/news/%lld?notice=published", (long long)id));
}

/* GET/POST /news/{id}/edit: a draft or a published post's title, body and source, pre-filled;
 * photos added (with a caption) or ticked for removal. The post keeps its status. */
void news_edit_page(req *r)
{
    struct campaign_news p;
    if (!news_of_path(r, &p)) return;
    struct field_errors fe = {0};
    bool post = web_is_post(r);
    const char *title = post ? web_param(r, "title") : p.title, *body = post ? web_param(r, "body") : p.body,
               *source = post ? web_param(r, "source") : p.source;
    struct stored_file *ph;
    int nph = 0;
    if (file_list(r->db, &r->a, NEWS_FILE_OWNER, p.id, &ph, &nph) < 0) { web_fail(r, "news photos"); return; }
    if (post) {
        struct actor me = actor_of_req(r);
        int64_t *remove = nph ? arena_alloc(&r->a, sizeof *remove * (size_t)nph) : NULL;
        int nremove = 0, nnew = 0;
        for (int i = 0; i < nph; i++)
            if (str_eq(web_param(r, arena_printf(&r->a, "remove_%lld", (long long)ph[i].id)), "1")) remove[nremove++] = ph[i].id;
        struct upload *added = form_photos(r, &nnew);
        int64_t rc = news_update(r->db, &r->a, &me, p.id, title ? title : "", body ? body : "", source ? source : "", added, nnew,
                                 web_param(r, "caption"), remove, nremove, &fe);
        if (rc < 0) { web_fail(r, "update news"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/news/%lld?notice=saved", (long long)p.id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, arena_printf(&r->a, "Sửa tin: %s", p.title));
    html(r, "<p><a href=\"/news/%D\">← Xem tin</a> · <span class=\"tag\">%s</span></p>", p.id,
         str_eq(p.status, "draft") ? "bản nháp" : "đã đăng");
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, arena_printf(&r->a, "/news/%lld/edit", (long long)p.id), "class=\"narrow\" enctype=\"multipart/form-data\"");
    form_field(r, "text", "title", "Tiêu đề", title, ferr_get(&fe, "title"), "required maxlength=\"300\"");
    form_field(r, "textarea", "body", "Nội dung (các đoạn cách nhau một dòng trống)", body, ferr_get(&fe, "body"), "required");
    form_field(r, "textarea", "source", "Nguồn", source, ferr_get(&fe, "source"), "maxlength=\"1000\"");
    if (ferr_get(&fe, "photos")) html(r, "<p class=\"error\" role=\"alert\">%s</p>", ferr_get(&fe, "photos"));
    if (nph) {
        html(r, "<fieldset><legend>Ảnh đang có: đánh dấu ảnh cần bỏ</legend>");
        for (int i = 0; i < nph; i++)
            html(r, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-remove-%D\" name=\"remove_%D\" value=\"1\">"
                    "<label for=\"f-remove-%D\"><img class=\"thumb\" src=\"%s\" alt=\"\"> Bỏ ảnh %s</label></div>",
                 ph[i].id, ph[i].id, ph[i].id, file_href(&r->a, NEWS_FILE_OWNER, p.id, ph[i].id),
                 ph[i].caption ? ph[i].caption : ph[i].name);
        html(r, "</fieldset>");
    }
    file_upload_field(r, "photos", "Thêm ảnh (PNG, JPEG)", &file_policy_photo, true);
    form_field(r, "text", "caption", "Chú thích ảnh thêm", web_param(r, "caption"), NULL, "maxlength=\"300\"");
    form_end(r, "Lưu tin");
    page_end(r);
    if (fe.n) r->status = 400;
}

void news_unpublish_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = news_unpublish(r->db, &r->a, &me, id, &fe);
    if (rc < 0) { web_fail(r, "unpublish news"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/news/%lld?notice=unpublished", (long long)id));
}

const struct api_member news_edit_body[] = {
    {"title", API_TEXT}, {"body", API_TEXT}, {"source", API_TEXT_NULL}, {"remove_photos", API_ARRAY}, {NULL, 0},
};
const struct api_member news_body[] = {{"title", API_TEXT}, {"body", API_TEXT}, {"source", API_TEXT_NULL}, {NULL, 0}};
const struct api_member anniversary_body[] = {
    {"kind", API_TEXT}, {"name", API_TEXT}, {"what", API_TEXT}, {"event_date", API_TEXT}, {"source", API_TEXT_NULL}, {NULL, 0},
};

static json_t *news_json(const struct campaign_news *p)
{
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)p->id, "campaign_id", (json_int_t)p->campaign_id, "title",
                          p->title, "body", p->body, "status", p->status);
    json_object_set_new(o, "source", p->source ? json_string(p->source) : json_null());
    json_object_set_new(o, "published_at", p->published_at ? json_string(p->published_at) : json_null());
    return o;
}

void news_api(req *r)
{
    struct campaign_news p;
    if (!news_of_path(r, &p)) return;
    web_json(r, 200, json_pack("{s:o}", "news", news_json(&p)));
}

void campaign_news_api(req *r)
{
    int64_t cid;
    if (!web_param_id(r, 0, &cid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t id = news_create(r->db, &r->a, &me, cid, api_text(r, "title"), api_text(r, "body"), api_text(r, "source"), NULL, 0, NULL,
                             &fe);
    if (id < 0) { web_fail(r, "create news"); return; }
    if (!id) { campaign_refused(r, &fe); return; }
    struct campaign_news p;
    if (news_get(r->db, &r->a, id, &p) != 1) { web_fail(r, "get news"); return; }
    web_json(r, 201, json_pack("{s:o}", "news", news_json(&p)));
}

/* The answer to a JSON write on post `id`: the post as it now is, or the refusal. */
static void news_write_reply(req *r, int64_t id, int64_t rc, const struct field_errors *fe, const char *what)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (!rc) { campaign_refused(r, fe); return; }
    struct campaign_news p;
    if (news_get(r->db, &r->a, id, &p) != 1) { web_fail(r, "get news"); return; }
    json_t *o = news_json(&p);
    struct stored_file *ph;
    int nph = 0;
    json_t *photos = json_array();
    if (file_list(r->db, &r->a, NEWS_FILE_OWNER, id, &ph, &nph) >= 0)
        for (int i = 0; i < nph; i++)
            json_array_append_new(photos, json_pack("{s:I, s:s?}", "id", (json_int_t)ph[i].id, "caption", ph[i].caption));
    json_object_set_new(o, "photos", photos);
    web_json(r, 200, json_pack("{s:o}", "news", o));
}

void news_publish_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    news_write_reply(r, id, news_publish(r->db, &r->a, &me, id, &fe), &fe, "publish news");
}

/* PATCH /api/news/{id} {title, body, source (null clears), remove_photos: [file id …]}. */
void news_update_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    json_t *arr = r->json ? json_object_get(r->json, "remove_photos") : NULL;
    size_t n = json_array_size(arr);
    int64_t *remove = arena_alloc(&r->a, sizeof *remove * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(arr, i);
        if (!json_is_integer(x)) ferr_add(&fe, "remove_photos", "Mỗi phần tử của \"remove_photos\" là số id của một ảnh.");
        else remove[i] = json_integer_value(x);
    }
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : news_update(r->db, &r->a, &me, id, api_text(r, "title"), api_text(r, "body"), api_text(r, "source"),
                                        NULL, 0, NULL, remove, (int)n, &fe);
    news_write_reply(r, id, rc, &fe, "update news");
}

void news_unpublish_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    news_write_reply(r, id, news_unpublish(r->db, &r->a, &me, id, &fe), &fe, "unpublish news");
}

/* ---- the anniversary calendar ---- */
static int year_param(req *r)
{
    int64_t y = 0;
    const char *q = web_param(r, "year");
    if (q && parse_int64(q, &y) && y >= 1 && y <= 9999) return (int)y;
    char today[11];
    iso_date_today(today);
    return atoi(today);
}

void anniversaries_page(req *r)
{
    int year = year_param(r);
    struct anniversary_row *v;
    int n;
    if (anniversary_year(r->db, &r->a, year, &v, &n) != STORE_OK) { web_fail(r, "anniversaries"); return; }
    page_begin(r, arena_printf(&r->a, "Lịch kỷ niệm năm %d", year));
    html(r, "<form method=\"get\" action=\"/anniversaries\" class=\"inline on-date\"><label for=\"year\">Năm</label> "
            "<input type=\"number\" id=\"year\" name=\"year\" min=\"1\" max=\"9999\" value=\"%d\"> "
            "<button type=\"submit\" class=\"secondary\">Xem</button></form>", year);
    html(r, "<p class=\"muted\">Năm tròn: số năm tận cùng là 0; năm chẵn: tận cùng là 5 (Nghị định 145/2013/NĐ-CP).</p>");
    if (!n) html(r, "<p class=\"muted\">Không có ngày kỷ niệm nào đã đăng ký.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Ngày</th><th scope=\"col\">Kỷ niệm</th>"
                "<th scope=\"col\" class=\"num\">Số năm</th><th scope=\"col\">Loại năm</th></tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            html(r, "<tr><td>%T</td><td>%s", v[i].date, v[i].label);
            if (v[i].source) html(r, "<br><small class=\"muted\">Nguồn: %s</small>", v[i].source);
            html(r, "</td><td class=\"num\">%d</td><td>", v[i].count);
            if (*v[i].cls) html(r, "<span class=\"tag\">%s</span>", v[i].cls);
            html(r, "</td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (web_has_cap(r, CAP_CAMPAIGN_WRITE)) {
        static const char *const kinds[] = {"event", "Sự kiện", "person", "Nhân vật", NULL};
        html(r, "<h2>Đăng ký ngày kỷ niệm</h2>");
        form_begin(r, "/anniversaries", "class=\"narrow\"");
        form_select(r, "kind", "Loại", kinds, "event", NULL);
        form_field(r, "text", "name", "Tên sự kiện, nhân vật", NULL, NULL, "required");
        form_field(r, "text", "what", "Nội dung kỷ niệm (ví dụ: ngày sinh đồng chí …)", NULL, NULL, "required");
        form_field(r, "date", "event_date", "Ngày", NULL, NULL, "required");
        form_field(r, "text", "source", "Nguồn", NULL, NULL, NULL);
        form_end(r, "Thêm vào lịch");
    }
    page_end(r);
}

void anniversary_add_page(req *r)
{
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t id = anniversary_add(r->db, &r->a, &me, web_param(r, "kind"), web_param(r, "name"), web_param(r, "what"),
                                 web_param(r, "event_date"), web_param(r, "source"), &fe);
    if (id < 0) { web_fail(r, "add anniversary"); return; }
    if (!id) { campaign_refused(r, &fe); return; }
    web_redirect(r, "/anniversaries");
}

void anniversaries_api(req *r)
{
    if (web_is_post(r)) {
        struct field_errors fe = {0};
        struct actor me = actor_of_req(r);
        int64_t id = anniversary_add(r->db, &r->a, &me, api_text(r, "kind"), api_text(r, "name"), api_text(r, "what"),
                                     api_text(r, "event_date"), api_text(r, "source"), &fe);
        if (id < 0) { web_fail(r, "add anniversary"); return; }
        if (!id) { campaign_refused(r, &fe); return; }
        web_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
        return;
    }
    int year = year_param(r);
    struct anniversary_row *v;
    int n;
    if (anniversary_year(r->db, &r->a, year, &v, &n) != STORE_OK) { web_fail(r, "anniversaries"); return; }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "id", (json_int_t)v[i].id, "kind", v[i].kind,
                                               "what", v[i].what, "event_date", v[i].event_date, "date", v[i].date, "anniversary",
                                               v[i].count, "class", v[i].cls, "label", v[i].label));
    web_json(r, 200, json_pack("{s:i, s:o, s:i}", "year", year, "items", items, "count", n));
}
