/* pledge.c: pledges (cam kết ủng hộ) of a fund over their whole life: recorded, listed with what
 * has been received against each, read one by one with the donations tied to it, edited, deleted,
 * and donations tied to or untied from them. The rules a fund manager relies on live here, once,
 * for the pages, the API and the CLI alike:
 *  - received = the tied donations that were not reversed (a returned transfer was not received);
 *  - an edit may not take the amount below what has been received, nor change the donor while
 *    donations are tied (they are the old donor's gifts);
 *  - a pledge with something received is not deleted (its donations would lose what they paid);
 *  - a donation is tied only within its fund, when it is not reversed, not tied elsewhere, and is
 *    the pledging donor's or has no donor yet — then the tie makes it that donor's gift, and
 *    pledge_attribution (sql/033) remembers it so an untie gives the transfer back as it was.
 * Every write takes the actor, checks fund_manageable, and is one transaction with its audit
 * entry (before and after). Overdue is not stored: it is read from the due date, the amount and
 * the received sum at each reading, so it follows every edit and tie. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "fund.h"
#include "fund_internal.h"
#include "import.h"
#include "vn_calendar.h"

static const struct vn_field note_field = {1, 2000, VN_NORM_REPAIR};

#define PLEDGE_SELECT                                                                                                        \
    "SELECT p.id, p.fund_id, p.donor_id, p.amount,"                                                                         \
    " (SELECT coalesce(sum(d.amount), 0) FROM donation d WHERE d.pledge_id = p.id AND d.reversed_on IS NULL AND "           \
    IMPORT_VISIBLE("d.import_batch_id") "),"                                                                                 \
    " (SELECT count(*) FROM donation d WHERE d.pledge_id = p.id AND d.reversed_on IS NULL AND "                             \
    IMPORT_VISIBLE("d.import_batch_id") "),"                                                                                 \
    " o.name, o.display_name, o.anonymous, p.pledged_on, p.due_on, p.note"                                                  \
    " FROM pledge p JOIN donor o ON o.id = p.donor_id"

static void pledge_from_row(stmt *q, arena *a, struct pledge *p)
{
    p->id = stmt_int64(q, 0);
    p->fund_id = stmt_int64(q, 1);
    p->donor_id = stmt_int64(q, 2);
    p->amount = stmt_int64(q, 3);
    p->received = stmt_int64(q, 4);
    p->gifts = stmt_int64(q, 5);
    struct donor o = {.name = stmt_text_dup(q, 6, a), .display_name = stmt_text_dup(q, 7, a),
                      .anonymous = stmt_int64(q, 8) != 0};
    p->donor_name = donor_public_name(&o);
    p->pledged_on = stmt_text_dup(q, 9, a);
    p->due_on = stmt_text_dup(q, 10, a);
    p->note = stmt_text_dup(q, 11, a);
}

bool pledge_overdue(const struct pledge *p, const char *today)
{
    return p->received < p->amount && p->due_on && strcmp(p->due_on, today) < 0;
}

static const char *money_text(arena *a, int64_t dong)
{
    buf b = {0};
    money_format(&b, dong);
    const char *out = arena_strndup(a, b.data ? b.data : "0", b.len);
    buf_free(&b);
    return out;
}

/* The fields every write of a pledge checks (the donor, the amount, the dates, the note), into
 * ISO dates and the clean note; field errors in fe. < 0 on a store error, else 1. */
static int pledge_check(store *s, arena *a, const struct pledge *in, char on[11], char due[11], bool *has_due,
                        const char **note, struct field_errors *fe)
{
    struct donor d;
    int rc = donor_get(s, a, in->donor_id, &d);
    if (rc < 0) return rc;
    if (!rc || d.merged_into) ferr_add(fe, "donor", "Không có nhà tài trợ này (hoặc đã được gộp).");
    if (in->amount <= 0 || in->amount > VN_AMOUNT_MAX) ferr_add(fe, "amount", "Số tiền cam kết phải là số đồng dương.");
    if (!in->pledged_on || !vn_day_iso(in->pledged_on, on)) ferr_add(fe, "pledged_on", "Ngày cam kết: viết dd/mm/yyyy.");
    *has_due = !str_empty(in->due_on);
    if (*has_due && !vn_day_iso(in->due_on, due)) ferr_add(fe, "due_on", "Hạn nộp: viết dd/mm/yyyy.");
    else if (*has_due && !ferr_get(fe, "pledged_on") && strcmp(due, on) < 0)
        ferr_add(fe, "due_on", "Hạn nộp không thể trước ngày cam kết.");
    *note = field_clean(a, in->note, &note_field, "note", "Ghi chú", fe);
    return 1;
}

static json_t *pledge_audit_json(int64_t fund_id, int64_t donor_id, int64_t amount, const char *on, const char *due,
                                 const char *note)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:s?, s:s?}", "fund_id", (json_int_t)fund_id, "donor_id", (json_int_t)donor_id,
                     "amount", (json_int_t)amount, "pledged_on", on, "due_on", due, "note", note);
}

static int64_t audit_commit(store *s, const struct actor *ac, const char *action, int64_t id, json_t *before, json_t *after)
{
    int64_t aid = audit_as(s, ac, action, "pledge", id, before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int64_t pledge_add(store *s, arena *a, const struct actor *ac, const struct pledge *in, struct field_errors *fe)
{
    struct fund f;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = fund_manageable(s, a, ac, in->fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    char on[11], due[11];
    bool has_due;
    const char *note;
    if (pledge_check(s, a, in, on, due, &has_due, &note, fe) < 0) { store_rollback(s); return STORE_ERR; }
    if (fe->n) { store_rollback(s); return 0; }
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO pledge(fund_id, donor_id, amount, pledged_on, due_on, note, created_at)"
                            " VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id", "iiittt" "t", in->fund_id, in->donor_id,
                    in->amount, on, has_due ? due : NULL, note, now) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    return audit_commit(s, ac, "create", id, NULL,
                        pledge_audit_json(in->fund_id, in->donor_id, in->amount, on, has_due ? due : NULL, note));
}

int pledge_list(store *s, arena *a, int64_t fund_id, struct pledge **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0, rc;
    stmt *q = store_query(s, PLEDGE_SELECT " WHERE p.fund_id = $1 ORDER BY p.due_on, p.id", "i", fund_id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) pledge_from_row(q, a, ARENA_PUSH(a, *out, *n, cap));
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

int pledge_get(store *s, arena *a, int64_t id, struct pledge *out)
{
    stmt *q = store_query(s, PLEDGE_SELECT " WHERE p.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) pledge_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int pledge_donations(store *s, arena *a, int64_t pledge_id, struct donation **out, int *n)
{
    *out = NULL;
    *n = 0;
    int64_t *ids = NULL;
    int nids = 0, cap = 0, rc;
    stmt *q = store_query(s, "SELECT id FROM donation WHERE pledge_id = $1 AND " IMPORT_VISIBLE("import_batch_id")
                             " ORDER BY given_on, id", "i", pledge_id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) *ARENA_PUSH(a, ids, nids, cap) = stmt_int64(q, 0);
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    if (!nids) return 0;
    *out = arena_alloc(a, sizeof **out * (size_t)nids);
    for (int i = 0; i < nids; i++) {
        if (donation_get(s, a, ids[i], &(*out)[*n]) != 1) return STORE_ERR;
        (*n)++;
    }
    return 0;
}

/* The pledge of `id` inside the caller's transaction, and whether this actor manages its fund:
 * 1, 0 with a field error (rolled back), < 0 (rolled back). */
static int pledge_for_write(store *s, arena *a, const struct actor *ac, int64_t id, struct pledge *p, struct field_errors *fe)
{
    int rc = pledge_get(s, a, id, p);
    if (rc == 0) ferr_add(fe, "pledge", "Không có cam kết này.");
    if (rc > 0) {
        struct fund f;
        rc = fund_manageable(s, a, ac, p->fund_id, &f, fe);
    }
    if (rc <= 0) store_rollback(s);
    return rc;
}

/* Donations tied to the pledge, reversed ones included (each still holds the pledge's id). */
static int64_t tied_count(store *s, int64_t pledge_id)
{
    int64_t n = 0;
    return store_int64(s, &n, "SELECT count(*) FROM donation WHERE pledge_id = $1", "i", pledge_id) == 1 ? n : STORE_ERR;
}

int pledge_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct pledge *in, struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct pledge p;
    int rc = pledge_for_write(s, a, ac, id, &p, fe);
    if (rc <= 0) return rc;
    char on[11], due[11];
    bool has_due;
    const char *note;
    if (pledge_check(s, a, in, on, due, &has_due, &note, fe) < 0) { store_rollback(s); return STORE_ERR; }
    if (!ferr_get(fe, "amount") && in->amount < p.received)
        ferr_add(fe, "amount", arena_printf(a, "Số tiền cam kết không thể nhỏ hơn số đã nhận theo cam kết này: %s đồng (%lld khoản).",
                                            money_text(a, p.received), (long long)p.gifts));
    if (in->donor_id != p.donor_id && !ferr_get(fe, "donor")) {
        int64_t tied = tied_count(s, id);
        if (tied < 0) { store_rollback(s); return STORE_ERR; }
        if (tied)
            ferr_add(fe, "donor", arena_printf(a, "Cam kết đã có %lld khoản ủng hộ của %s gắn vào: gỡ các khoản đó trước khi đổi "
                                                  "nhà tài trợ.", (long long)tied, p.donor_name));
    }
    if (fe->n) { store_rollback(s); return 0; }
    if (store_exec(s, "UPDATE pledge SET donor_id = $2, amount = $3, pledged_on = $4, due_on = $5, note = $6 WHERE id = $1",
                   "iiittt", id, in->donor_id, in->amount, on, has_due ? due : NULL, note) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return audit_commit(s, ac, "update", id, pledge_audit_json(p.fund_id, p.donor_id, p.amount, p.pledged_on, p.due_on, p.note),
                        pledge_audit_json(p.fund_id, in->donor_id, in->amount, on, has_due ? due : NULL, note)) < 0
               ? STORE_ERR
               : 1;
}

/* Unties one donation inside the caller's transaction; a donor the tie gave is taken back. */
static int untie_one(store *s, int64_t donation_id, bool *donor_taken_back)
{
    int64_t attributed = 0;
    int rc = store_int64(s, &attributed, "SELECT count(*) FROM pledge_attribution WHERE donation_id = $1", "i", donation_id);
    if (rc != 1) return STORE_ERR;
    *donor_taken_back = attributed > 0;
    if (store_exec(s, "UPDATE donation SET pledge_id = NULL, donor_id = CASE WHEN $2 = 1 THEN NULL ELSE donor_id END"
                      " WHERE id = $1", "ii", donation_id, (int64_t)*donor_taken_back) != STORE_OK ||
        store_exec(s, "DELETE FROM pledge_attribution WHERE donation_id = $1", "i", donation_id) != STORE_OK)
        return STORE_ERR;
    return STORE_OK;
}

int pledge_delete(store *s, arena *a, const struct actor *ac, int64_t id, struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct pledge p;
    int rc = pledge_for_write(s, a, ac, id, &p, fe);
    if (rc <= 0) return rc;
    if (p.received > 0) {
        ferr_add(fe, "pledge", arena_printf(a, "Đã nhận %s đồng (%lld khoản) theo cam kết này nên không xoá được. Nếu các khoản đó "
                                               "bị gắn nhầm, hãy gỡ chúng khỏi cam kết trước.",
                                            money_text(a, p.received), (long long)p.gifts));
        store_rollback(s);
        return 0;
    }
    /* what is left tied was reversed (not received): untied with the pledge, listed in the entry */
    json_t *untied = json_array();
    stmt *q = store_query(s, "SELECT id FROM donation WHERE pledge_id = $1 ORDER BY id", "i", id);
    int step = STORE_ERR;
    while (q && (step = stmt_step(q)) == STORE_ROW) json_array_append_new(untied, json_integer(stmt_int64(q, 0)));
    stmt_finalize(q);
    bool ok = step == STORE_DONE;
    for (size_t i = 0; ok && i < json_array_size(untied); i++) {
        bool taken_back;
        ok = untie_one(s, json_integer_value(json_array_get(untied, i)), &taken_back) == STORE_OK;
    }
    if (!ok || store_exec(s, "DELETE FROM pledge WHERE id = $1", "i", id) != STORE_OK) {
        json_decref(untied);
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:b, s:o}", "deleted", 1, "untied_reversed_donations", untied);
    return audit_commit(s, ac, "delete", id, pledge_audit_json(p.fund_id, p.donor_id, p.amount, p.pledged_on, p.due_on, p.note),
                        after) < 0
               ? STORE_ERR
               : 1;
}

/* The donation of a tie or untie, inside the transaction, in the pledge's fund; 1, 0 (field
 * "donation"), < 0. */
static int donation_of_pledge_fund(store *s, arena *a, const struct pledge *p, int64_t donation_id, struct donation *d,
                                   struct field_errors *fe)
{
    int rc = donation_get(s, a, donation_id, d);
    if (rc < 0) return rc;
    if (!rc || d->fund_id != p->fund_id) {
        ferr_add(fe, "donation", arena_printf(a, "Quỹ của cam kết không có khoản ủng hộ số %lld.", (long long)donation_id));
        return 0;
    }
    return 1;
}

int pledge_tie(store *s, arena *a, const struct actor *ac, int64_t id, int64_t donation_id, struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct pledge p;
    int rc = pledge_for_write(s, a, ac, id, &p, fe);
    if (rc <= 0) return rc;
    struct donation d;
    rc = donation_of_pledge_fund(s, a, &p, donation_id, &d, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    if (d.pledge_id == id)
        ferr_add(fe, "donation", arena_printf(a, "Khoản #%lld đã gắn với cam kết này.", (long long)d.id));
    else if (d.pledge_id)
        ferr_add(fe, "donation", arena_printf(a, "Khoản #%lld đang gắn với cam kết số %lld: gỡ khỏi cam kết đó trước.",
                                              (long long)d.id, (long long)d.pledge_id));
    else if (d.reversed_on)
        ferr_add(fe, "donation", arena_printf(a, "Khoản #%lld đã được hoàn trả ngày %s: không tính là đã nhận theo cam kết.",
                                              (long long)d.id, d.reversed_on));
    else if (d.donor_id && d.donor_id != p.donor_id)
        ferr_add(fe, "donation", arena_printf(a, "Khoản #%lld là của nhà tài trợ %s, còn cam kết là của %s: chỉ gắn khoản của "
                                                 "chính nhà tài trợ cam kết hoặc khoản chưa ghi cho ai.",
                                              (long long)d.id, d.donor_name ? d.donor_name : "khác", p.donor_name));
    if (fe->n) { store_rollback(s); return 0; }
    bool attribute = d.donor_id == 0;
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE donation SET pledge_id = $2, donor_id = $3 WHERE id = $1", "iii", d.id, id, p.donor_id) != STORE_OK ||
        (attribute && store_exec(s, "INSERT INTO pledge_attribution(donation_id, pledge_id, tied_at, tied_by) VALUES ($1,$2,$3,$4)",
                                 "iitt", d.id, id, now, ac->login) != STORE_OK)) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:I, s:o}", "donation_id", (json_int_t)d.id, "donor_id",
                               attribute ? json_null() : json_integer(d.donor_id));
    json_t *after = json_pack("{s:I, s:I, s:I, s:b}", "donation_id", (json_int_t)d.id, "pledge_id", (json_int_t)id, "donor_id",
                              (json_int_t)p.donor_id, "donor_given_by_tie", attribute);
    return audit_commit(s, ac, "tie", id, before, after) < 0 ? STORE_ERR : 1;
}

int pledge_untie(store *s, arena *a, const struct actor *ac, int64_t id, int64_t donation_id, struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct pledge p;
    int rc = pledge_for_write(s, a, ac, id, &p, fe);
    if (rc <= 0) return rc;
    struct donation d;
    rc = donation_of_pledge_fund(s, a, &p, donation_id, &d, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    if (d.pledge_id != id) {
        ferr_add(fe, "donation", arena_printf(a, "Khoản #%lld không gắn với cam kết này.", (long long)d.id));
        store_rollback(s);
        return 0;
    }
    bool taken_back = false;
    if (untie_one(s, d.id, &taken_back) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    json_t *before = json_pack("{s:I, s:I, s:I}", "donation_id", (json_int_t)d.id, "pledge_id", (json_int_t)id, "donor_id",
                               (json_int_t)d.donor_id);
    json_t *after = json_pack("{s:I, s:o, s:b}", "donation_id", (json_int_t)d.id, "donor_id",
                              taken_back ? json_null() : json_integer(d.donor_id), "donor_taken_back", taken_back);
    return audit_commit(s, ac, "untie", id, before, after) < 0 ? STORE_ERR : 1;
}

json_t *pledge_json(const struct pledge *p, const char *today)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:s, s:s?, s:s?, s:b}", "id", (json_int_t)p->id, "fund_id",
                     (json_int_t)p->fund_id, "donor_id", (json_int_t)p->donor_id, "donor", p->donor_name, "amount",
                     (json_int_t)p->amount, "received", (json_int_t)p->received, "left",
                     (json_int_t)(p->amount > p->received ? p->amount - p->received : 0), "gifts", (json_int_t)p->gifts,
                     "pledged_on", p->pledged_on, "due_on", p->due_on, "note", p->note, "overdue", pledge_overdue(p, today));
}
