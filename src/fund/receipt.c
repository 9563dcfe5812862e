/* receipt.c: receipts (biên nhận) for donations: issued once per donation by the fund's managers,
 * numbered without gaps per fund per year through the numbering registers (numbering_next inside
 * the transaction that stores the receipt: kind "receipt", owner "fund:<id>", the donation's
 * year), and printed as a PDF in the administrative layout of Decree 30/2020/NĐ-CP with the
 * amount in figures and in words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "fund.h"
#include "fund_internal.h"
#include "numbering.h"
#include "pdf.h"
#include "vn_calendar.h"

int64_t receipt_issue(store *s, arena *a, const struct actor *ac, int64_t donation_id, struct receipt *out,
                      struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct donation d;
    int rc = donation_get(s, a, donation_id, &d);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "donation", "Không có khoản ủng hộ này.");
        return rc;
    }
    struct fund f;
    rc = fund_manageable(s, a, ac, d.fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    int64_t existing = 0;
    rc = store_int64(s, &existing, "SELECT id FROM donation_receipt WHERE donation_id = $1", "i", donation_id);
    if (rc < 0) { store_rollback(s); return STORE_ERR; }
    if (rc == 1) {
        /* one receipt per donation: asking again gives the same one */
        store_rollback(s);
        if (out && receipt_get(s, a, existing, out) != 1) return STORE_ERR;
        return existing;
    }
    if (d.reversed_on) {
        store_rollback(s);
        ferr_add(fe, "donation", "Khoản này đã được hoàn trả: không lập biên nhận.");
        return 0;
    }
    int year = atoi(d.given_on);
    struct numbering_key key = {"receipt", arena_printf(a, "fund:%lld", (long long)d.fund_id), year};
    int64_t number = numbering_next(s, &key, arena_printf(a, "donation_receipt:%lld", (long long)donation_id));
    if (number <= 0) { store_rollback(s); return STORE_ERR; }
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO donation_receipt(donation_id, fund_id, year, number, issued_at, issued_by)"
                            " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", "iiiitt", donation_id, d.fund_id, (int64_t)year,
                    number, now, ac->login) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:I, s:i, s:I, s:I}", "donation_id", (json_int_t)donation_id, "fund_id",
                              (json_int_t)d.fund_id, "year", year, "number", (json_int_t)number, "amount", (json_int_t)d.amount);
    int64_t aid = audit_as(s, ac, "create", "donation_receipt", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    if (out && receipt_get(s, a, id, out) != 1) return STORE_ERR;
    return id;
}

int receipt_get(store *s, arena *a, int64_t id, struct receipt *out)
{
    stmt *q = store_query(s, "SELECT id, donation_id, fund_id, year, number, issued_at, issued_by FROM donation_receipt"
                             " WHERE id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        out->id = stmt_int64(q, 0);
        out->donation_id = stmt_int64(q, 1);
        out->fund_id = stmt_int64(q, 2);
        out->year = (int)stmt_int64(q, 3);
        out->number = stmt_int64(q, 4);
        out->issued_at = stmt_text_dup(q, 5, a);
        out->issued_by = stmt_text_dup(q, 6, a);
    }
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

static const char *channel_label(const char *c)
{
    return str_eq(c, "transfer") ? "Chuyển khoản" : str_eq(c, "in_kind") ? "Hiện vật (giá trị quy đổi)" : "Tiền mặt";
}

int receipt_pdf(store *s, arena *a, int64_t id, buf *out, char *err, size_t errlen)
{
    struct receipt rc;
    struct donation d;
    struct fund f;
    if (receipt_get(s, a, id, &rc) != 1 || donation_get(s, a, rc.donation_id, &d) != 1 || fund_get(s, a, rc.fund_id, &f) != 1) {
        snprintf(err, errlen, "receipt %lld not found", (long long)id);
        return -1;
    }
    /* the place is the province: the root of the unit tree (its short name, else its name) */
    char *place = NULL;
    store_text(s, &place, a, "SELECT coalesce(short_name, name) FROM unit WHERE parent_id IS NULL ORDER BY id LIMIT 1", "");
    char amount[48], words[VN_WORDS_MAX];
    vn_amount_format(d.amount, true, amount, sizeof amount);
    vn_amount_words(d.amount, VN_WORDS_DONG, words, sizeof words);
    struct pdf_setup setup = {.title = "Biên nhận ủng hộ"};
    pdf_doc *doc = pdf_new(&setup);
    if (!doc) { snprintf(err, errlen, "cannot make a PDF surface"); return -1; }
    char today[11];
    memcpy(today, rc.issued_at, 10);
    today[10] = 0;
    struct pdf_admin_head head = {
        .issuer = f.owner_name,
        .number_symbol = arena_printf(a, "%lld/%d/BN-%s", (long long)rc.number, rc.year, f.code ? f.code : arena_printf(a, "Q%lld", (long long)f.id)),
        .place = place ? place : "", .date_iso = today, .kind = "BIÊN NHẬN",
        .summary = arena_printf(a, "Tiền, hiện vật ủng hộ %s", f.name),
    };
    pdf_admin_head(doc, &head);
    struct pdf_style body = {.size_pt = 13, .align = PDF_JUSTIFY, .before_pt = 6, .first_indent_mm = 10};
    const char *who = d.donor_name ? d.donor_name : d.sender_name ? d.sender_name : "Nhà hảo tâm (không ghi tên)";
    pdf_paragraph(doc, &body, arena_printf(a, "%s xác nhận đã nhận của: %s.", f.owner_name, who));
    pdf_paragraph(doc, &body, arena_printf(a, "Số tiền: %s.", amount));
    pdf_paragraph(doc, &body, arena_printf(a, "Bằng chữ: %s.", words));
    pdf_paragraph(doc, &body, arena_printf(a, "Hình thức: %s%s%s.", channel_label(d.channel), d.in_kind ? " — " : "",
                                           d.in_kind ? d.in_kind : ""));
    pdf_paragraph(doc, &body, arena_printf(a, "Ngày nhận: %s.", pdf_admin_date(a, d.given_on)));
    if (d.message) pdf_paragraph(doc, &body, arena_printf(a, "Nội dung: %s", d.message));
    pdf_paragraph(doc, &body, arena_printf(a, "Biên nhận số %lld năm %d của %s, lập %s.", (long long)rc.number, rc.year,
                                           f.name, pdf_admin_date(a, today)));
    static const char *const recipients[] = {"- Nhà tài trợ;", "- Lưu: quỹ.", NULL};
    struct pdf_admin_foot foot = {.recipients = recipients, .position = "ĐẠI DIỆN ĐƠN VỊ NHẬN", .signer = ""};
    pdf_admin_foot(doc, &foot);
    return pdf_finish(doc, out, err, errlen);
}
