/* news.c: news posts of a campaign (news.h): the Board writes a draft and publishes it; only
 * published posts are shown on the public campaign page. Each write is one audited transaction. */
#include "news.h"

#include <string.h>

#include "audit.h"
#include "campaign.h"
#include "stored_file.h"
#include "vn.h"

static const struct vn_field f_title = {1, 300, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_body = {1, 20000, VN_NORM_REPAIR | VN_NORM_MULTILINE};
static const struct vn_field f_source = {0, 1000, VN_NORM_REPAIR | VN_NORM_MULTILINE};

#define NEWS_COLS "id, campaign_id, title, body, source, status, author, created_at, published_at"
static void news_from_row(stmt *q, arena *a, struct campaign_news *p)
{
    p->id = stmt_int64(q, 0);
    p->campaign_id = stmt_int64(q, 1);
    const char **f[] = {&p->title, &p->body, &p->source, &p->status, &p->author, &p->created_at, &p->published_at};
    for (size_t i = 0; i < countof(f); i++) *f[i] = stmt_text_dup(q, (int)i + 2, a);
}

int news_list(store *s, arena *a, int64_t campaign_id, bool with_drafts, struct campaign_news **out, int *n)
{
    stmt *q = store_query(s, "SELECT " NEWS_COLS " FROM campaign_news WHERE campaign_id = $1 AND ($2 = 1 OR status = 'published')"
                             " ORDER BY coalesce(published_at, created_at) DESC, id DESC", "iI", campaign_id, with_drafts ? 1 : 0);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct campaign_news *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) news_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int news_get(store *s, arena *a, int64_t id, struct campaign_news *out)
{
    stmt *q = store_query(s, "SELECT " NEWS_COLS " FROM campaign_news WHERE id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) news_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

/* Stores `photos` and attaches them to post `id` with `caption`, inside the caller's transaction;
 * their ids go to `files`. 1 done, 0 one refused (field "photos" says which and why), < 0 error. */
static int attach_photos(store *s, arena *a, const struct actor *ac, int64_t id, const struct upload *photos, int nphotos,
                         const char *caption, json_t *files, struct field_errors *fe)
{
    for (int i = 0; i < nphotos; i++) {
        const struct upload *u = &photos[i];
        if (!u->len && str_empty(u->filename)) continue;
        char msg[600];
        int64_t fid = file_store(s, ac, &file_policy_photo, u->filename, u->content_type, u->data, u->len, msg, sizeof msg);
        int rc = fid > 0 ? file_attach(s, fid, NEWS_FILE_OWNER, id, str_empty(caption) ? NULL : caption) : (int)fid;
        if (fid == 0 || rc == FILE_BAD_CAPTION) {
            ferr_add(fe, "photos", fid == 0 ? arena_strdup(a, msg) : "Chú thích ảnh: một dòng, tối đa 300 ký tự.");
            return 0;
        }
        if (fid < 0 || rc < 0) return STORE_ERR;
        json_array_append_new(files, json_integer(fid));
    }
    return 1;
}

int64_t news_create(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *title, const char *body,
                    const char *source, const struct upload *photos, int nphotos, const char *caption, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", CAMPAIGN_NO_CAP); return 0; }
    const char *t = field_clean(a, title, &f_title, "title", "Tiêu đề", fe);
    if (!t && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập tiêu đề.");
    const char *b = field_clean(a, body, &f_body, "body", "Nội dung", fe);
    if (!b && !ferr_get(fe, "body")) ferr_add(fe, "body", "Hãy nhập nội dung tin.");
    const char *src = field_clean(a, source, &f_source, "source", "Nguồn", fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t id = 0;
    if (store_int64(s, &id, "SELECT id FROM campaign WHERE id = $1", "i", campaign_id) != 1) {
        store_rollback(s);
        ferr_add(fe, "id", "Không có phong trào thi đua này.");
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_int64(s, &id, "INSERT INTO campaign_news(campaign_id, title, body, source, author, created_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", "ittttt", campaign_id, t, b, src, ac->login, now) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *files = json_array();
    int rc = attach_photos(s, a, ac, id, photos, nphotos, caption, files, fe);
    if (rc <= 0) { json_decref(files); store_rollback(s); return rc; }
    json_t *after = json_pack("{s:I, s:s, s:o}", "campaign_id", (json_int_t)campaign_id, "title", t, "photos", files);
    int64_t aid = audit_as(s, ac, "create", "campaign_news", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int64_t news_publish(store *s, arena *a, const struct actor *ac, int64_t id, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", CAMPAIGN_NO_CAP); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign_news p;
    int rc = news_get(s, a, id, &p);
    if (rc <= 0 || str_eq(p.status, "published")) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có tin này.");
        else if (rc > 0) { ferr_add(fe, "status", "Tin này đã đăng."); rc = 0; }
        return rc;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE campaign_news SET status = 'published', published_at = $2 WHERE id = $1", "it", id, now) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s}", "status", "published");
    int64_t aid = audit_as(s, ac, "publish", "campaign_news", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int64_t news_update(store *s, arena *a, const struct actor *ac, int64_t id, const char *title, const char *body,
                    const char *source, const struct upload *photos, int nphotos, const char *caption,
                    const int64_t *remove_photo_ids, int nremove, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", CAMPAIGN_NO_CAP); return 0; }
    const char *t = title ? field_clean(a, title, &f_title, "title", "Tiêu đề", fe) : NULL;
    if (title && !t && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập tiêu đề.");
    const char *b = body ? field_clean(a, body, &f_body, "body", "Nội dung", fe) : NULL;
    if (body && !b && !ferr_get(fe, "body")) ferr_add(fe, "body", "Hãy nhập nội dung tin.");
    const char *src = source ? field_clean(a, source, &f_source, "source", "Nguồn", fe) : NULL;
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign_news p;
    int rc = news_get(s, a, id, &p);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có tin này.");
        return rc;
    }
    for (int i = 0; i < nremove; i++)
        if (!file_belongs(s, remove_photo_ids[i], NEWS_FILE_OWNER, id)) {
            store_rollback(s);
            ferr_add(fe, "photos", arena_printf(a, "Ảnh số %lld không thuộc tin này.", (long long)remove_photo_ids[i]));
            return 0;
        }
    const char *new_title = title ? t : p.title, *new_body = body ? b : p.body, *new_source = source ? src : p.source;
    json_t *removed = json_array(), *added = json_array();
    for (int i = 0; i < nremove; i++) {
        if (file_detach(s, remove_photo_ids[i], NEWS_FILE_OWNER, id) < 0) rc = STORE_ERR;
        json_array_append_new(removed, json_integer(remove_photo_ids[i]));
    }
    if (rc > 0) rc = attach_photos(s, a, ac, id, photos, nphotos, caption, added, fe);
    if (rc > 0 && store_exec(s, "UPDATE campaign_news SET title = $2, body = $3, source = $4 WHERE id = $1", "ittt", id, new_title,
                             new_body, new_source) != STORE_OK)
        rc = STORE_ERR;
    if (rc <= 0) {
        json_decref(removed);
        json_decref(added);
        store_rollback(s);
        return rc;
    }
    json_t *before = json_pack("{s:s, s:s, s:o}", "title", p.title, "body", p.body, "photos_removed", removed);
    json_t *after = json_pack("{s:s, s:s, s:o}", "title", new_title, "body", new_body, "photos_added", added);
    json_object_set_new(before, "source", p.source ? json_string(p.source) : json_null());
    json_object_set_new(after, "source", new_source ? json_string(new_source) : json_null());
    int64_t aid = audit_as(s, ac, "update", "campaign_news", id, before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int64_t news_unpublish(store *s, arena *a, const struct actor *ac, int64_t id, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", CAMPAIGN_NO_CAP); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign_news p;
    int rc = news_get(s, a, id, &p);
    if (rc <= 0 || !str_eq(p.status, "published")) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có tin này.");
        else if (rc > 0) { ferr_add(fe, "status", "Tin này chưa đăng (đang là bản nháp)."); rc = 0; }
        return rc;
    }
    if (store_exec(s, "UPDATE campaign_news SET status = 'draft', published_at = NULL WHERE id = $1", "i", id) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:s, s:s}", "status", "published", "published_at", p.published_at ? p.published_at : "");
    json_t *after = json_pack("{s:s}", "status", "draft");
    int64_t aid = audit_as(s, ac, "unpublish", "campaign_news", id, before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}
