/* certificate.c: certificates of a decision (certificate.h): the full landscape page and the
 * overprint onto calibrated blanks, and the blanks' calibrations. Positions are kept in tenths of
 * a millimetre (integers, exact) in certificate_blank_field. */
#include "certificate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "decision.h"
#include "pdf.h"
#include "vn.h"

static const char *const field_names[CF__COUNT] = {
    "recipient", "reason", "decision", "so_vang", "place_date", "signer_position", "signer_name", "qr",
};
static const char *const field_labels[CF__COUNT] = {
    "Tên tập thể, cá nhân", "Thành tích", "Số và ngày quyết định", "Số sổ vàng", "Địa danh, ngày tháng",
    "Quyền hạn, chức vụ người ký", "Họ tên người ký", "Mã QR xác minh",
};
const char *cert_field_name(enum cert_field f) { return (unsigned)f < CF__COUNT ? field_names[f] : "?"; }
const char *cert_field_label(enum cert_field f) { return (unsigned)f < CF__COUNT ? field_labels[f] : "?"; }

/* The full page (landscape A4, 297 × 210 mm): a centred column for the recipient and the
 * achievement, the decision and the QR bottom left, the signature block bottom right. */
const struct cert_pos cert_default_pos[CF__COUNT] = {
    [CF_RECIPIENT] = {30, 104, 237, 22},
    [CF_REASON] = {40, 118, 217, 15},
    [CF_DECISION] = {25, 150, 115, 12},
    [CF_SO_VANG] = {25, 157, 115, 12},
    [CF_PLACE_DATE] = {160, 148, 115, 13},
    [CF_SIGNER_POSITION] = {160, 156, 115, 13},
    [CF_SIGNER_NAME] = {160, 186, 115, 14},
    [CF_QR] = {25, 165, 24, 0},
};

int certificate_blank_get(store *s, arena *a, int64_t id, struct cert_blank *out)
{
    stmt *q = store_query(s, "SELECT id, name, form_code, updated_at, updated_by FROM certificate_blank WHERE id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        out->id = stmt_int64(q, 0);
        out->name = stmt_text_dup(q, 1, a);
        out->form_code = stmt_text_dup(q, 2, a);
        out->updated_at = stmt_text_dup(q, 3, a);
        out->updated_by = stmt_text_dup(q, 4, a);
    }
    stmt_finalize(q);
    if (rc != STORE_ROW) return rc == STORE_DONE ? 0 : rc;
    memcpy(out->pos, cert_default_pos, sizeof out->pos);
    q = store_query(s, "SELECT field, x_dmm, y_dmm, width_dmm, size_pt FROM certificate_blank_field WHERE blank_id = $1", "i", id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW)
        for (int f = 0; f < CF__COUNT; f++)
            if (str_eq(stmt_text(q, 0), field_names[f]))
                out->pos[f] = (struct cert_pos){stmt_int64(q, 1) / 10.0, stmt_int64(q, 2) / 10.0, stmt_int64(q, 3) / 10.0,
                                                (int)stmt_int64(q, 4)};
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : rc;
}

int certificate_blanks(store *s, arena *a, struct cert_blank **out, int *n)
{
    stmt *q = store_query(s, "SELECT id FROM certificate_blank ORDER BY name", "");
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    int64_t *ids = arena_grow(a, NULL, 0, &cap, sizeof *ids);
    while ((rc = stmt_step(q)) == STORE_ROW) *ARENA_PUSH(a, ids, cnt, cap) = stmt_int64(q, 0);
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc < 0 ? rc : STORE_ERR;
    struct cert_blank *v = arena_alloc(a, sizeof *v * (size_t)(cnt ? cnt : 1));
    for (int i = 0; i < cnt; i++)
        if (certificate_blank_get(s, a, ids[i], &v[i]) != 1) return STORE_ERR;
    *out = v;
    *n = cnt;
    return STORE_OK;
}

int64_t certificate_blank_save(store *s, arena *a, const struct actor *ac, const char *name, const char *form_code,
                               const struct cert_pos pos[CF__COUNT], struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) {
        ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng lưu cách căn chỉnh phôi.");
        return 0;
    }
    static const struct vn_field f_name = {1, 200, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
    static const struct vn_field f_code = {1, 60, VN_NORM_SINGLE_LINE};
    const char *n = field_clean(a, name, &f_name, "name", "Tên lô phôi", fe);
    if (!n && !ferr_get(fe, "name")) ferr_add(fe, "name", "Hãy đặt tên cho lô phôi (ví dụ: Phôi Bằng khen 2019, lô 1).");
    const char *fc = field_clean(a, form_code, &f_code, "form_code", "Hình thức", fe);
    if (!fc && !ferr_get(fe, "form_code")) ferr_add(fe, "form_code", "Hãy chọn hình thức của phôi.");
    for (int f = 0; f < CF__COUNT; f++) {
        const struct cert_pos *p = &pos[f];
        bool bad = !(p->x_mm >= 0 && p->x_mm <= 297 && p->y_mm >= 0 && p->y_mm <= 210 && p->width_mm >= 0 &&
                     p->x_mm + p->width_mm <= 297);
        if (f != CF_QR && (p->size_pt < 6 || p->size_pt > 72)) bad = true;
        if (f == CF_QR && (p->width_mm < 10 || p->y_mm + p->width_mm > 210)) bad = true;
        if (bad)
            ferr_add(fe, field_names[f], arena_printf(a, "%s: vị trí phải nằm trong trang A4 ngang (297 × 210 mm), cỡ chữ "
                                                         "6–72 pt; mã QR rộng ít nhất 10 mm.", field_labels[f]));
    }
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    int rc = store_int64(s, &id, "SELECT id FROM certificate_blank WHERE name = $1", "t", n);
    if (rc < 0) { store_rollback(s); return STORE_ERR; }
    if (rc == 1) rc = store_exec(s, "UPDATE certificate_blank SET form_code = $2, updated_at = $3, updated_by = $4 WHERE id = $1",
                                 "ittt", id, fc, now, ac->login);
    else rc = store_int64(s, &id, "INSERT INTO certificate_blank(name, form_code, updated_at, updated_by) VALUES ($1, $2, $3, $4)"
                                  " RETURNING id", "tttt", n, fc, now, ac->login) == 1 ? STORE_OK : STORE_ERR;
    if (rc != STORE_OK || store_exec(s, "DELETE FROM certificate_blank_field WHERE blank_id = $1", "i", id) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:s}", "name", n, "form_code", fc), *fields = json_object();
    for (int f = 0; f < CF__COUNT; f++) {
        const struct cert_pos *p = &pos[f];
        if (store_exec(s, "INSERT INTO certificate_blank_field(blank_id, field, x_dmm, y_dmm, width_dmm, size_pt)"
                          " VALUES ($1, $2, $3, $4, $5, $6)", "itiiii", id, field_names[f], (int64_t)lround(p->x_mm * 10),
                       (int64_t)lround(p->y_mm * 10), (int64_t)lround(p->width_mm * 10), (int64_t)p->size_pt) != STORE_OK) {
            json_decref(after);
            json_decref(fields);
            store_rollback(s);
            return STORE_ERR;
        }
        json_object_set_new(fields, field_names[f], json_pack("[f, f, f, i]", p->x_mm, p->y_mm, p->width_mm, p->size_pt));
    }
    json_object_set_new(after, "fields", fields);
    int64_t aid = audit_as(s, ac, "save", "certificate_blank", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return id;
}

/* ---- printing ---- */
/* One certificate on the current page. */
static void draw_one(pdf_doc *doc, arena *a, const struct decision *d, const struct decision_recipient *r, bool full,
                     const struct cert_pos *pos, const char *base_url)
{
    struct pdf_style st = {.align = PDF_CENTER};
    if (full) {
        /* the emblem's place (about 30 mm at the top centre) is left empty for the blank's artwork */
        struct pdf_style nat = {.size_pt = 14, .flags = PDF_BOLD, .align = PDF_CENTER};
        pdf_text_at(doc, 30, 40, 237, &nat, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        pdf_text_at(doc, 30, 47, 237, &nat, "Độc lập - Tự do - Hạnh phúc");
        struct pdf_style issuer = {.size_pt = 16, .flags = PDF_BOLD, .align = PDF_CENTER, .uppercase = true};
        /* given in the name of the head: the one a deputy signs for ("KT. CHỦ TỊCH", Decree 30), else
         * the signer's own position */
        const char *who = str_starts(d->signer_authority, "KT. ") ? d->signer_authority + strlen("KT. ") : d->signer_position;
        pdf_text_at(doc, 30, 58, 237, &issuer, arena_printf(a, "%s %s", who, d->issuer));
        bool titled = !str_empty(d->certificate_title);   /* the form's rule row says what it prints */
        struct pdf_style give = {.size_pt = 16, .flags = PDF_ITALIC, .align = PDF_CENTER};
        pdf_text_at(doc, 30, 70, 237, &give, titled ? "Tặng" : "Công nhận danh hiệu");
        struct pdf_style title = {.size_pt = titled ? 36 : 26, .flags = PDF_BOLD, .align = PDF_CENTER, .uppercase = true};
        pdf_text_at(doc, 30, 79, 237, &title, titled ? d->certificate_title : d->form_name);
    }
    st.size_pt = pos[CF_RECIPIENT].size_pt;
    st.flags = PDF_BOLD;
    pdf_text_at(doc, pos[CF_RECIPIENT].x_mm, pos[CF_RECIPIENT].y_mm, pos[CF_RECIPIENT].width_mm, &st, r->subject_name);
    st.size_pt = pos[CF_REASON].size_pt;
    st.flags = PDF_ITALIC;
    pdf_text_at(doc, pos[CF_REASON].x_mm, pos[CF_REASON].y_mm, pos[CF_REASON].width_mm, &st, r->reason);
    struct pdf_style left = {.align = PDF_LEFT};
    left.size_pt = pos[CF_DECISION].size_pt;
    pdf_text_at(doc, pos[CF_DECISION].x_mm, pos[CF_DECISION].y_mm, pos[CF_DECISION].width_mm, &left,
                arena_printf(a, "Quyết định số %s ngày %c%c/%c%c/%.4s", d->number_symbol ? d->number_symbol : "", d->decided_on[8],
                             d->decided_on[9], d->decided_on[5], d->decided_on[6], d->decided_on));
    left.size_pt = pos[CF_SO_VANG].size_pt;
    pdf_text_at(doc, pos[CF_SO_VANG].x_mm, pos[CF_SO_VANG].y_mm, pos[CF_SO_VANG].width_mm, &left,
                arena_printf(a, "Sổ vàng số: %lld", (long long)r->so_vang));
    struct pdf_style right = {.align = PDF_CENTER, .flags = PDF_ITALIC};
    right.size_pt = pos[CF_PLACE_DATE].size_pt;
    pdf_text_at(doc, pos[CF_PLACE_DATE].x_mm, pos[CF_PLACE_DATE].y_mm, pos[CF_PLACE_DATE].width_mm, &right,
                arena_printf(a, "%s, %s", d->place, pdf_admin_date(a, d->decided_on)));
    right.flags = PDF_BOLD;
    right.size_pt = pos[CF_SIGNER_POSITION].size_pt;
    pdf_text_at(doc, pos[CF_SIGNER_POSITION].x_mm, pos[CF_SIGNER_POSITION].y_mm, pos[CF_SIGNER_POSITION].width_mm, &right,
                d->signer_authority ? arena_printf(a, "%s\n%s", d->signer_authority, d->signer_position) : d->signer_position);
    right.size_pt = pos[CF_SIGNER_NAME].size_pt;
    pdf_text_at(doc, pos[CF_SIGNER_NAME].x_mm, pos[CF_SIGNER_NAME].y_mm, pos[CF_SIGNER_NAME].width_mm, &right, d->signer_name);
    const char *url = arena_printf(a, "%s/verify/%s", base_url ? base_url : "", r->verify_code);
    pdf_qr_at(doc, pos[CF_QR].x_mm, pos[CF_QR].y_mm, pos[CF_QR].width_mm, url);
    if (full) {
        struct pdf_style tiny = {.size_pt = 8, .align = PDF_LEFT};
        pdf_text_at(doc, pos[CF_QR].x_mm + pos[CF_QR].width_mm + 2, pos[CF_QR].y_mm + pos[CF_QR].width_mm / 2 - 2, 0, &tiny,
                    "Quét mã để xác minh");
    }
}

int certificate_pdf(store *s, arena *a, int64_t decision_id, int64_t recipient_id, const char *mode, int64_t blank_id,
                    const char *base_url, buf *out, char *err, size_t errlen)
{
    bool full = !str_eq(mode, "overprint");
    if (!str_eq(mode, "full") && !str_eq(mode, "overprint")) {
        snprintf(err, errlen, "Kiểu in phải là full (trang đầy đủ) hoặc overprint (in lên phôi).");
        return -1;
    }
    struct decision d;
    struct decision_recipient *rv;
    int n;
    if (decision_get(s, a, decision_id, &d) != 1 || decision_recipients(s, a, decision_id, &rv, &n) < 0) {
        snprintf(err, errlen, "Không có quyết định số %lld.", (long long)decision_id);
        return -1;
    }
    if (str_eq(d.state, "draft")) {
        snprintf(err, errlen, "Quyết định chưa ký: chưa có số quyết định và số sổ vàng để in.");
        return -1;
    }
    struct cert_pos pos[CF__COUNT];
    memcpy(pos, cert_default_pos, sizeof pos);
    if (blank_id > 0) {
        struct cert_blank b;
        if (certificate_blank_get(s, a, blank_id, &b) != 1) {
            snprintf(err, errlen, "Không có lô phôi số %lld.", (long long)blank_id);
            return -1;
        }
        memcpy(pos, b.pos, sizeof pos);
    }
    struct pdf_setup setup = {.orientation = PDF_LANDSCAPE, .top_mm = 12, .bottom_mm = 12, .left_mm = 12, .right_mm = 12,
                              .border = full, .title = arena_printf(a, "Bằng khen, giấy khen — Quyết định %s", d.number_symbol)};
    pdf_doc *doc = pdf_new(&setup);
    if (!doc) { snprintf(err, errlen, "cannot start the PDF"); return -1; }
    int pages = 0;
    for (int i = 0; i < n; i++) {
        if (recipient_id > 0 && rv[i].id != recipient_id && rv[i].line_no != recipient_id) continue;
        if (pages++) pdf_new_page(doc);
        draw_one(doc, a, &d, &rv[i], full, pos, base_url);
        if (str_eq(d.state, "revoked") && full) {
            struct pdf_style warn = {.size_pt = 14, .flags = PDF_BOLD, .align = PDF_CENTER};
            pdf_text_at(doc, 30, 195, 237, &warn, arena_printf(a, "ĐÃ THU HỒI ngày %s", d.revoked_on));
        }
    }
    if (!pages) {
        pdf_free(doc);
        snprintf(err, errlen, "Quyết định không có người nhận số %lld.", (long long)recipient_id);
        return -1;
    }
    return pdf_finish(doc, out, err, errlen);
}
