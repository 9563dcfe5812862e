/* holiday_files_web.c: the official documents behind a working-day amendment (the Ministry's
 * or the province's notice that moves a holiday, as a PDF or a scan): /holidays/{id}/files lists
 * them and, for holders of `settings`, uploads more. The first real use of stored files
 * (stored_file.h): owner kind "holiday_amendment", visible to every signed-in user like the
 * calendar itself; a removed amendment's attachments go with it (holiday.c). */
#include <stdlib.h>

#include "audit.h"
#include "core_pages.h"
#include "holiday.h"
#include "html.h"
#include "stored_file.h"

/* The amendment's day and note, or false after a 404. */
static bool amendment_of_path(req *r, int64_t *id, const char **day, const char **note)
{
    if (!web_param_id(r, 0, id)) return false;
    stmt *q = store_query(r->db, "SELECT day, note, legal_basis FROM holiday_amendment WHERE id = $1", "i", *id);
    if (!q) { web_fail(r, "read holiday amendment"); return false; }
    bool found = stmt_step(q) == STORE_ROW;
    if (found) {
        *day = stmt_text_dup(q, 0, &r->a);
        *note = stmt_text_dup(q, 1, &r->a);
        if (!*note) *note = stmt_text_dup(q, 2, &r->a);
    }
    stmt_finalize(q);
    if (!found) web_error(r, 404, "Không có điều chỉnh lịch nghỉ này.");
    return found;
}

static void files_render(req *r, int64_t id, const char *day, const char *note, int status, const char *error)
{
    struct stored_file *v;
    int n;
    if (file_list(r->db, &r->a, HOLIDAY_FILE_OWNER, id, &v, &n) < 0) { web_fail(r, "list holiday files"); return; }
    r->status = status;
    page_begin(r, "Văn bản căn cứ của điều chỉnh lịch nghỉ");
    html(r, "<p><a href=\"/holidays?year=%.4s\">← Lịch nghỉ lễ</a></p><p>Ngày %T%R%s</p>", day, day,
         note ? ": " : "", note);   // raw: a literal separator
    if (error) page_notice(r, "error", error);
    if (!n) html(r, "<p class=\"muted\">Chưa có văn bản nào được đính kèm.</p>");
    else {
        html(r, "<ul class=\"files\">");
        for (int i = 0; i < n; i++) {
            html(r, "<li><a href=\"%s\">%s</a> <span class=\"muted\">(%s, %D KB", file_href(&r->a, HOLIDAY_FILE_OWNER, id, v[i].id),
                 v[i].name, file_type_label(v[i].sniffed_type), (v[i].size + 1023) / 1024);
            if (v[i].width) html(r, ", %d × %d điểm ảnh", v[i].width, v[i].height);
            html(r, ")</span>");
            if (v[i].caption) html(r, " — %s", v[i].caption);
            html(r, "</li>");
        }
        html(r, "</ul>");
    }
    if (web_has_cap(r, CAP_SETTINGS)) {
        html(r, "<h2>Đính kèm văn bản</h2>");
        buf act = {0};
        buf_printf(&act, "/holidays/%lld/files", (long long)id);
        form_begin(r, buf_str(&act), "enctype=\"multipart/form-data\"");
        file_upload_field(r, "file", "Tệp (PDF hoặc ảnh chụp thông báo)", &file_policy_document, true);
        form_field(r, "text", "caption", "Chú thích", status >= 400 ? web_param(r, "caption") : NULL, NULL,
                   "maxlength=\"300\" placeholder=\"Thông báo số …/TB-BLĐTBXH\"");
        form_end(r, "Tải lên");
        buf_free(&act);
    }
    page_end(r);
}

void holiday_files_page(req *r)
{
    int64_t id;
    const char *day = NULL, *note = NULL;
    if (!amendment_of_path(r, &id, &day, &note)) return;
    files_render(r, id, day, note, 200, NULL);
}

/* Every uploaded file is checked and stored, or none is: one refused file rolls the whole
 * upload back and the page says which file and why. */
void holiday_files_upload_page(req *r)
{
    int64_t id;
    const char *day = NULL, *note = NULL;
    if (!amendment_of_path(r, &id, &day, &note)) return;
    struct actor me = actor_of_req(r);
    if (!actor_has(&me, CAP_SETTINGS)) { web_error(r, 403, "Bạn không có quyền sửa lịch nghỉ lễ."); return; }
    int files = 0;
    for (int i = 0; i < r->n_uploads; i++)
        if (str_eq(r->uploads[i].field, "file") && (r->uploads[i].len || !str_empty(r->uploads[i].filename))) files++;
    if (!files) { files_render(r, id, day, note, 400, "Hãy chọn ít nhất một tệp."); return; }
    if (store_begin(r->db) != STORE_OK) { web_fail(r, "begin upload"); return; }
    char msg[600];
    const char *caption = web_param(r, "caption");
    json_t *added = json_array();
    for (int i = 0; i < r->n_uploads; i++) {
        const struct upload *u = &r->uploads[i];
        if (!str_eq(u->field, "file") || (!u->len && str_empty(u->filename))) continue;
        int64_t fid = file_store(r->db, &me, &file_policy_document, u->filename, u->content_type, u->data, u->len, msg,
                                 sizeof msg);
        int rc = fid > 0 ? file_attach(r->db, fid, HOLIDAY_FILE_OWNER, id, str_empty(caption) ? NULL : caption) : (int)fid;
        if (fid == 0 || rc == FILE_BAD_CAPTION) {
            store_rollback(r->db);
            json_decref(added);
            files_render(r, id, day, note, 400, fid == 0 ? msg : "Chú thích không hợp lệ (một dòng, tối đa 300 ký tự).");
            return;
        }
        if (fid < 0 || rc < 0) { json_decref(added); web_fail(r, "store holiday file"); return; }
        json_array_append_new(added, json_integer(fid));
    }
    json_t *after = json_pack("{s:o}", "files_attached", added);
    int64_t aid = audit_as(r->db, &me, "attach", "holiday_amendment", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(r->db) != STORE_OK) { web_fail(r, "commit holiday files"); return; }
    web_redirect(r, arena_printf(&r->a, "/holidays/%lld/files", (long long)id));
}
