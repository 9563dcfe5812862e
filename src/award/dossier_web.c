/* dossier_web.c: a proposal's documents on its page (the list with download links through
 * /files/award_proposal/…, and the upload form) and the upload handler. */
#include "award_pages.h"
#include "dossier.h"
#include "proposal.h"
#include "stored_file.h"

void dossier_section(req *r, const struct proposal *p, const char *error)
{
    struct stored_file *v;
    int n;
    html(r, "<h2>Tài liệu trong hồ sơ</h2>");
    if (error) page_notice(r, "error", error);
    if (file_list(r->db, &r->a, DOSSIER_FILE_OWNER, p->id, &v, &n) < 0) {
        html(r, "<p class=\"notice error\">Không đọc được danh sách tài liệu.</p>");
        return;
    }
    if (!n) html(r, "<p class=\"muted\">Chưa có tài liệu nào.</p>");
    else {
        html(r, "<ul class=\"files\">");
        for (int i = 0; i < n; i++)
            html(r, "<li>%s: <a href=\"%s\">%s</a> <span class=\"muted\">(%s, %D KB)</span></li>",
                 v[i].caption ? v[i].caption : "Tài liệu", file_href(&r->a, DOSSIER_FILE_OWNER, p->id, v[i].id), v[i].name,
                 file_type_label(v[i].sniffed_type), (v[i].size + 1023) / 1024);
        html(r, "</ul>");
    }
    struct actor me = actor_of_req(r);
    if ((p->state == PS_DRAFT || p->state == PS_RETURNED) && actor_has(&me, CAP_DOSSIER_WRITE) &&
        actor_in_scope(r->db, &me, p->unit_id)) {
        form_begin(r, arena_printf(&r->a, "/proposals/%lld/files", (long long)p->id), "enctype=\"multipart/form-data\"");
        form_select(r, "kind", "Loại tài liệu", (const char **)dossier_kinds, NULL, NULL);
        file_upload_field(r, "file", "Tệp (PDF, ảnh, XLSX, DOCX)", &file_policy_document, true);
        form_end(r, "Tải lên");
    }
}

void dossier_upload_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int rc = dossier_attach(r->db, &r->a, &me, id, web_param(r, "kind"), r->uploads, r->n_uploads, &fe);
    if (rc < 0) { web_fail(r, "attach dossier files"); return; }
    if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/proposals/%lld?notice=files", (long long)id)); return; }
    if (ferr_get(&fe, "id")) { web_error(r, 404, ferr_get(&fe, "id")); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    web_error(r, 400, fe.items[0].value);
}
