/* dossier.c: a proposal's documents (dossier.h), through stored_file.h. */
#include "dossier.h"

#include <string.h>

#include "audit.h"
#include "proposal.h"
#include "stored_file.h"

const char *const dossier_kinds[] = {
    "to_trinh", "Tờ trình kèm danh sách", "bien_ban", "Biên bản họp xét", "bao_cao", "Báo cáo thành tích",
    "minh_chung", "Minh chứng (quyết định, giấy chứng nhận sáng kiến …)", NULL,
};

const char *dossier_kind_label(const char *code)
{
    for (int i = 0; dossier_kinds[i]; i += 2)
        if (str_eq(dossier_kinds[i], code)) return dossier_kinds[i + 1];
    return NULL;
}

int dossier_attach(store *s, arena *a, const struct actor *ac, int64_t proposal_id, const char *kind,
                   const struct upload *uploads, int n_uploads, struct field_errors *fe)
{
    /* who and when first, then what: a refusal never depends on the files sent */
    struct proposal p;
    int rc = proposal_get(s, a, proposal_id, &p);
    if (rc <= 0) {
        if (!rc) ferr_add(fe, "id", "Không có hồ sơ đề nghị này.");
        return rc;
    }
    if (!actor_has(ac, CAP_DOSSIER_WRITE) || !actor_in_scope(s, ac, p.unit_id)) {
        ferr_add(fe, "scope", "Chỉ cán bộ của đơn vị đề nghị được bổ sung tài liệu cho hồ sơ.");
        return 0;
    }
    if (p.state != PS_DRAFT && p.state != PS_RETURNED) {
        ferr_add(fe, "file", arena_printf(a, "Hồ sơ đang ở bước \"%s\": chỉ bổ sung tài liệu khi là bản nháp hoặc bị trả lại.",
                                          proposal_state_label(p.state)));
        return 0;
    }
    const char *label = dossier_kind_label(kind);
    if (!label) ferr_add(fe, "kind", "Hãy chọn loại tài liệu (tờ trình, biên bản, báo cáo thành tích, minh chứng).");
    int files = 0;
    for (int i = 0; i < n_uploads; i++)
        if (str_eq(uploads[i].field, "file") && (uploads[i].len || !str_empty(uploads[i].filename))) files++;
    if (!files) ferr_add(fe, "file", "Hãy chọn ít nhất một tệp.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    char msg[600];
    json_t *added = json_array();
    int n = 0;
    for (int i = 0; i < n_uploads; i++) {
        const struct upload *u = &uploads[i];
        if (!str_eq(u->field, "file") || (!u->len && str_empty(u->filename))) continue;
        int64_t fid = file_store(s, ac, &file_policy_document, u->filename, u->content_type, u->data, u->len, msg, sizeof msg);
        if (fid == 0) {
            json_decref(added);
            store_rollback(s);
            ferr_add(fe, "file", arena_strdup(a, msg));
            return 0;
        }
        if (fid < 0 || file_attach(s, fid, DOSSIER_FILE_OWNER, proposal_id, label) < 0) {
            json_decref(added);
            store_rollback(s);
            return STORE_ERR;
        }
        json_array_append_new(added, json_integer(fid));
        n++;
    }
    json_t *after = json_pack("{s:s, s:o}", "kind", kind, "files_attached", added);
    int64_t aid = audit_as(s, ac, "attach", "award_proposal", proposal_id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return n;
}

/* Who may download a dossier's files: whoever may read the proposal. */
static bool dossier_visible(req *r, int64_t owner_id)
{
    struct proposal p;
    struct actor me = actor_of_req(r);
    return proposal_get(r->db, &r->a, owner_id, &p) == 1 && proposal_may_read(r->db, &me, &p);
}

void dossier_files_register(void) { file_owner_register(DOSSIER_FILE_OWNER, CAP_LOGIN, dossier_visible); }
