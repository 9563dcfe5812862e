/* fund.c: funds (name, purpose, owner unit, campaign reference, period, target, published flag),
 * their bank accounts, recognition tiers and disbursements, and the totals the fund's pages
 * show. Who manages a fund: fund.write in the owner unit's subtree (the Board: every fund). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "fund.h"
#include "fund_internal.h"
#include "vn_calendar.h"

static const struct vn_field name_field = {2, 300, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field text_field = {1, 2000, VN_NORM_REPAIR};
static const struct vn_field short_field = {1, 100, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};

#define FUND_NO_CAP "Bạn không có quyền quản lý quỹ (cần quyền fund.write)."
#define FUND_NO_SCOPE "Chỉ cán bộ của đơn vị chủ quỹ (và Ban Thi đua – Khen thưởng) mới quản lý được quỹ này."

static char *fold(arena *a, const char *s)
{
    buf b = {0};
    vn_fold(s, strlen(s), &b);
    char *r = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return r;
}

#define FUND_COLS "f.id, f.code, f.name, f.purpose, f.owner_unit_id, u.name, f.campaign_ref, f.period_from," \
                  " f.period_to, f.target_amount, f.published FROM fund f JOIN unit u ON u.id = f.owner_unit_id"

static void fund_from_row(stmt *q, arena *a, struct fund *f)
{
    f->id = stmt_int64(q, 0);
    f->code = stmt_text_dup(q, 1, a);
    f->name = stmt_text_dup(q, 2, a);
    f->purpose = stmt_text_dup(q, 3, a);
    f->owner_unit_id = stmt_int64(q, 4);
    f->owner_name = stmt_text_dup(q, 5, a);
    f->campaign_ref = stmt_text_dup(q, 6, a);
    f->period_from = stmt_text_dup(q, 7, a);
    f->period_to = stmt_text_dup(q, 8, a);
    f->target_amount = stmt_int64(q, 9);
    f->published = stmt_int64(q, 10) != 0;
}

int fund_get(store *s, arena *a, int64_t id, struct fund *out)
{
    stmt *q = store_query(s, "SELECT " FUND_COLS " WHERE f.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) fund_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int fund_find_ref(store *s, arena *a, const char *text, int64_t *id, const char **why)
{
    struct ref r = ref_parse(text);
    int rc = 0;
    *why = "không có quỹ này";
    if (r.kind == REF_ID || r.kind == REF_DIGITS) rc = store_int64(s, id, "SELECT id FROM fund WHERE id = $1", "i", r.id);
    if (r.kind == REF_CODE || (r.kind == REF_DIGITS && rc == 0))
        rc = store_int64(s, id, "SELECT id FROM fund WHERE code = $1", "t", r.kind == REF_CODE ? r.code : text);
    if (r.kind == REF_NONE || r.kind == REF_BAD) *why = "hãy ghi mã hoặc số hiệu của quỹ (id:N, code:X)";
    (void)a;
    return rc;
}

int fund_list(store *s, arena *a, bool published_only, struct fund **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0;
    stmt *q = store_query(s, "SELECT " FUND_COLS " WHERE ($1 = 0 OR f.published = 1) ORDER BY f.id DESC", "i",
                          (int64_t)published_only);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) fund_from_row(q, a, ARENA_PUSH(a, *out, *n, cap));
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

int fund_totals_get(store *s, int64_t fund_id, struct fund_totals *t)
{
    memset(t, 0, sizeof *t);
    stmt *q = store_query(s,
        "SELECT count(*), coalesce(sum(amount), 0),"
        " count(DISTINCT coalesce('d' || donor_id, 's' || sender_name, 'x' || id))"
        " FROM donation WHERE fund_id = $1 AND reversed_on IS NULL AND " IMPORT_VISIBLE("import_batch_id"), "i", fund_id);
    if (!q || stmt_step(q) != STORE_ROW) { stmt_finalize(q); return STORE_ERR; }
    t->donations = stmt_int64(q, 0);
    t->donated = stmt_int64(q, 1);
    t->donors = stmt_int64(q, 2);
    stmt_finalize(q);
    q = store_query(s, "SELECT count(*), coalesce(sum(amount), 0) FROM fund_disbursement WHERE fund_id = $1", "i", fund_id);
    if (!q || stmt_step(q) != STORE_ROW) { stmt_finalize(q); return STORE_ERR; }
    t->disbursements = stmt_int64(q, 0);
    t->disbursed = stmt_int64(q, 1);
    stmt_finalize(q);
    return store_int64(s, &t->reversed, "SELECT count(*) FROM donation WHERE fund_id = $1 AND reversed_on IS NOT NULL AND "
                       IMPORT_VISIBLE("import_batch_id"), "i", fund_id) < 0 ? STORE_ERR : 0;
}

bool fund_may_manage(store *s, const struct actor *ac, const struct fund *f)
{
    return actor_has(ac, CAP_FUND_WRITE) && actor_in_scope(s, ac, f->owner_unit_id);
}

static void json_text(json_t *o, const char *k, const char *v) { json_object_set_new(o, k, v ? json_string(v) : json_null()); }

json_t *fund_json(const struct fund *f, const struct fund_totals *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(f->id));
    json_text(o, "code", f->code);
    json_text(o, "name", f->name);
    json_text(o, "purpose", f->purpose);
    json_object_set_new(o, "owner_unit_id", json_integer(f->owner_unit_id));
    json_text(o, "owner_name", f->owner_name);
    json_text(o, "campaign_ref", f->campaign_ref);
    json_text(o, "period_from", f->period_from);
    json_text(o, "period_to", f->period_to);
    json_object_set_new(o, "target_amount", json_integer(f->target_amount));
    json_object_set_new(o, "published", json_boolean(f->published));
    if (t) {
        json_object_set_new(o, "donations", json_pack("{s:I, s:I}", "count", (json_int_t)t->donations, "sum",
                                                      (json_int_t)t->donated));
        json_object_set_new(o, "disbursements", json_pack("{s:I, s:I}", "count", (json_int_t)t->disbursements,
                                                          "sum", (json_int_t)t->disbursed));
        json_object_set_new(o, "donors", json_integer(t->donors));
        json_object_set_new(o, "reversed", json_integer(t->reversed));
        json_object_set_new(o, "balance", json_integer(t->donated - t->disbursed));
    }
    return o;
}

/* Loads the fund and checks the actor may manage it; 1 ok, 0 with a field error, < 0. */
int fund_manageable(store *s, arena *a, const struct actor *ac, int64_t fund_id, struct fund *f, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_FUND_WRITE)) { ferr_add(fe, "scope", FUND_NO_CAP); return 0; }
    int rc = fund_get(s, a, fund_id, f);
    if (rc < 0) return rc;
    if (rc == 0) { ferr_add(fe, "fund", "Không có quỹ này."); return 0; }
    if (!fund_may_manage(s, ac, f)) { ferr_add(fe, "scope", FUND_NO_SCOPE); return 0; }
    return 1;
}

static int64_t audit_and_commit(store *s, const struct actor *ac, const char *action, const char *entity, int64_t id,
                                json_t *before, json_t *after)
{
    int64_t aid = audit_as(s, ac, action, entity, id, before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int64_t fund_create(store *s, arena *a, const struct actor *ac, const struct fund_input *in, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_FUND_WRITE)) { ferr_add(fe, "scope", FUND_NO_CAP); return 0; }
    int64_t owner = in->owner_unit_id ? in->owner_unit_id : ac->unit_id;
    if (!owner) { ferr_add(fe, "owner", "Hãy chọn đơn vị chủ quỹ."); return 0; }
    if (!actor_in_scope(s, ac, owner)) {
        ferr_add(fe, "owner", "Đơn vị chủ quỹ phải là đơn vị của bạn hoặc đơn vị trực thuộc.");
        return 0;
    }
    const char *name = field_clean(a, in->name, &name_field, "name", "Tên quỹ", fe);
    if (!name && !ferr_get(fe, "name")) ferr_add(fe, "name", "Tên quỹ: không được để trống.");
    const char *code = field_clean(a, in->code, &short_field, "code", "Mã quỹ", fe);
    const char *purpose = field_clean(a, in->purpose, &text_field, "purpose", "Mục đích", fe);
    const char *campaign = field_clean(a, in->campaign_ref, &short_field, "campaign", "Phong trào", fe);
    const char *from = field_date(a, in->period_from, 0, "period_from", "Ngày bắt đầu", fe);
    const char *to = field_date(a, in->period_to, 0, "period_to", "Ngày kết thúc", fe);
    if (from && to && strcmp(from, to) > 0) ferr_add(fe, "period_to", "Ngày kết thúc phải sau ngày bắt đầu.");
    if (in->target_amount < 0 || in->target_amount > VN_AMOUNT_MAX)
        ferr_add(fe, "target", "Mục tiêu phải là số đồng không âm.");
    if (code && (code[strspn(code, "0123456789")] == '\0'))
        ferr_add(fe, "code", "Mã quỹ không được chỉ gồm chữ số (dễ nhầm với số hiệu).");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t dup = 0;
    if (code && store_int64(s, &dup, "SELECT id FROM fund WHERE code = $1", "t", code) == 1) {
        store_rollback(s);
        ferr_add(fe, "code", arena_printf(a, "Mã quỹ \"%s\" đã dùng cho quỹ số %lld.", code, (long long)dup));
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id,
                    "INSERT INTO fund(code, name, name_fold, purpose, owner_unit_id, campaign_ref, period_from, period_to,"
                    " target_amount, published, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)"
                    " RETURNING id", "ttttitttiitt", code, name, fold(a, name), purpose, owner, campaign, from, to,
                    in->target_amount, (int64_t)in->published, now, ac->login) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    struct fund f;
    if (fund_get(s, a, id, &f) != 1) { store_rollback(s); return STORE_ERR; }
    return audit_and_commit(s, ac, "create", "fund", id, NULL, fund_json(&f, NULL));
}

int fund_set_published(store *s, arena *a, const struct actor *ac, int64_t id, bool published, struct field_errors *fe)
{
    struct fund f;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = fund_manageable(s, a, ac, id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    if (store_exec(s, "UPDATE fund SET published = $2 WHERE id = $1", "ii", id, (int64_t)published) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:b}", "published", f.published), *after = json_pack("{s:b}", "published", published);
    return audit_and_commit(s, ac, published ? "publish" : "unpublish", "fund", id, before, after) < 0 ? STORE_ERR : 1;
}

/* ---- accounts ---- */
int64_t fund_account_add(store *s, arena *a, const struct actor *ac, const struct fund_account *in,
                         struct field_errors *fe)
{
    struct fund f;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = fund_manageable(s, a, ac, in->fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    const char *bank = field_clean(a, in->bank_name, &short_field, "bank_name", "Ngân hàng", fe);
    const char *holder = field_clean(a, in->account_name, &name_field, "account_name", "Chủ tài khoản", fe);
    const char *no = in->account_no;
    if (!bank && !ferr_get(fe, "bank_name")) ferr_add(fe, "bank_name", "Ngân hàng: không được để trống.");
    if (!no || !*no || strlen(no) > 19 || no[strspn(no, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")])
        ferr_add(fe, "account_no", "Số tài khoản gồm 1 đến 19 chữ số hoặc chữ in hoa, không dấu cách.");
    if (in->bank_bin && (strlen(in->bank_bin) != 6 || in->bank_bin[strspn(in->bank_bin, "0123456789")]))
        ferr_add(fe, "bank_bin", "Mã BIN ngân hàng (NAPAS) gồm đúng 6 chữ số, ví dụ 970418 (BIDV).");
    if (fe->n) { store_rollback(s); return 0; }
    int64_t id = 0;
    rc = store_int64(s, &id, "INSERT INTO fund_account(fund_id, bank_bin, bank_name, account_no, account_name)"
                             " VALUES ($1,$2,$3,$4,$5) RETURNING id", "ittt" "t", in->fund_id, in->bank_bin, bank, no, holder);
    if (rc == STORE_CONSTRAINT) {
        store_rollback(s);
        ferr_add(fe, "account_no", "Quỹ đã có tài khoản này.");
        return 0;
    }
    if (rc != 1) { store_rollback(s); return STORE_ERR; }
    json_t *after = json_pack("{s:I, s:s?, s:s, s:s, s:s?}", "fund_id", (json_int_t)in->fund_id, "bank_bin", in->bank_bin,
                              "bank_name", bank, "account_no", no, "account_name", holder);
    return audit_and_commit(s, ac, "create", "fund_account", id, NULL, after);
}

int fund_accounts(store *s, arena *a, int64_t fund_id, struct fund_account **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0, rc;
    stmt *q = store_query(s, "SELECT id, fund_id, bank_bin, bank_name, account_no, account_name FROM fund_account"
                             " WHERE fund_id = $1 ORDER BY id", "i", fund_id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct fund_account *x = ARENA_PUSH(a, *out, *n, cap);
        x->id = stmt_int64(q, 0);
        x->fund_id = stmt_int64(q, 1);
        x->bank_bin = stmt_text_dup(q, 2, a);
        x->bank_name = stmt_text_dup(q, 3, a);
        x->account_no = stmt_text_dup(q, 4, a);
        x->account_name = stmt_text_dup(q, 5, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

/* ---- tiers ---- */
int64_t fund_tier_add(store *s, arena *a, const struct actor *ac, const struct fund_tier *in, struct field_errors *fe)
{
    struct fund f;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = fund_manageable(s, a, ac, in->fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    const char *label = field_clean(a, in->label, &name_field, "label", "Tên mức ghi nhận", fe);
    if (!label && !ferr_get(fe, "label")) ferr_add(fe, "label", "Tên mức ghi nhận: không được để trống.");
    const char *form = field_clean(a, in->form_code, &short_field, "form_code", "Hình thức khen thưởng", fe);
    const char *basis = field_clean(a, in->basis, &text_field, "basis", "Căn cứ", fe);
    const char *from = field_date(a, in->period_from, 0, "period_from", "Từ ngày", fe);
    const char *to = field_date(a, in->period_to, 0, "period_to", "Đến ngày", fe);
    if (from && to && strcmp(from, to) > 0) ferr_add(fe, "period_to", "\"Đến ngày\" phải sau \"Từ ngày\".");
    if (in->threshold <= 0 || in->threshold > VN_AMOUNT_MAX) ferr_add(fe, "threshold", "Ngưỡng phải là số đồng dương.");
    if (fe->n) { store_rollback(s); return 0; }
    int64_t id = 0;
    rc = store_int64(s, &id, "INSERT INTO fund_tier(fund_id, threshold, label, form_code, period_from, period_to, basis)"
                             " VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id", "iittttt", in->fund_id, in->threshold, label,
                     form, from, to, basis);
    if (rc == STORE_CONSTRAINT) {
        store_rollback(s);
        ferr_add(fe, "threshold", "Quỹ đã có mức này (cùng ngưỡng và tên).");
        return 0;
    }
    if (rc != 1) { store_rollback(s); return STORE_ERR; }
    json_t *after = json_pack("{s:I, s:I, s:s, s:s?, s:s?, s:s?, s:s?}", "fund_id", (json_int_t)in->fund_id, "threshold",
                              (json_int_t)in->threshold, "label", label, "form_code", form, "period_from", from,
                              "period_to", to, "basis", basis);
    return audit_and_commit(s, ac, "create", "fund_tier", id, NULL, after);
}

int fund_tiers(store *s, arena *a, int64_t fund_id, struct fund_tier **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0, rc;
    stmt *q = store_query(s, "SELECT id, fund_id, threshold, label, form_code, period_from, period_to, basis FROM fund_tier"
                             " WHERE fund_id = $1 ORDER BY threshold DESC, id", "i", fund_id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct fund_tier *t = ARENA_PUSH(a, *out, *n, cap);
        t->id = stmt_int64(q, 0);
        t->fund_id = stmt_int64(q, 1);
        t->threshold = stmt_int64(q, 2);
        t->label = stmt_text_dup(q, 3, a);
        t->form_code = stmt_text_dup(q, 4, a);
        t->period_from = stmt_text_dup(q, 5, a);
        t->period_to = stmt_text_dup(q, 6, a);
        t->basis = stmt_text_dup(q, 7, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

/* ---- disbursements ---- */
int64_t fund_disburse(store *s, arena *a, const struct actor *ac, const struct fund_disbursement *in,
                      struct field_errors *fe)
{
    struct fund f;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = fund_manageable(s, a, ac, in->fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    const char *payee = field_clean(a, in->payee, &name_field, "payee", "Đơn vị/người nhận", fe);
    const char *purpose = field_clean(a, in->purpose, &text_field, "purpose", "Nội dung chi", fe);
    const char *doc = field_clean(a, in->document, &text_field, "document", "Chứng từ", fe);
    const char *on = field_date(a, in->paid_on, 0, "paid_on", "Ngày chi", fe);
    if (!payee && !ferr_get(fe, "payee")) ferr_add(fe, "payee", "Đơn vị/người nhận: không được để trống.");
    if (!purpose && !ferr_get(fe, "purpose")) ferr_add(fe, "purpose", "Nội dung chi: không được để trống.");
    if (!on && !ferr_get(fe, "paid_on")) ferr_add(fe, "paid_on", "Ngày chi: không được để trống.");
    if (in->amount <= 0 || in->amount > VN_AMOUNT_MAX) ferr_add(fe, "amount", "Số tiền chi phải là số đồng dương.");
    if (fe->n) { store_rollback(s); return 0; }
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO fund_disbursement(fund_id, amount, paid_on, payee, purpose, document, created_at,"
                            " created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id", "iitttttt", in->fund_id,
                    in->amount, on, payee, purpose, doc, now, ac->login) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?}", "fund_id", (json_int_t)in->fund_id, "amount",
                              (json_int_t)in->amount, "paid_on", on, "payee", payee, "purpose", purpose, "document", doc);
    return audit_and_commit(s, ac, "create", "fund_disbursement", id, NULL, after);
}

int fund_disbursements(store *s, arena *a, int64_t fund_id, struct fund_disbursement **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0, rc;
    stmt *q = store_query(s, "SELECT id, fund_id, amount, paid_on, payee, purpose, document FROM fund_disbursement"
                             " WHERE fund_id = $1 ORDER BY paid_on, id", "i", fund_id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct fund_disbursement *d = ARENA_PUSH(a, *out, *n, cap);
        d->id = stmt_int64(q, 0);
        d->fund_id = stmt_int64(q, 1);
        d->amount = stmt_int64(q, 2);
        d->paid_on = stmt_text_dup(q, 3, a);
        d->payee = stmt_text_dup(q, 4, a);
        d->purpose = stmt_text_dup(q, 5, a);
        d->document = stmt_text_dup(q, 6, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

/* ---- money over time, review queue ---- */
int fund_series(store *s, arena *a, int64_t fund_id, struct fund_point **out, int *n, bool *by_day)
{
    *out = NULL;
    *n = 0;
    *by_day = false;
    char *first = NULL, *last = NULL;
    if (store_text(s, &first, a, "SELECT min(given_on) FROM donation WHERE fund_id = $1 AND reversed_on IS NULL AND "
                   IMPORT_VISIBLE("import_batch_id"), "i", fund_id) < 0 ||
        store_text(s, &last, a, "SELECT max(given_on) FROM donation WHERE fund_id = $1 AND reversed_on IS NULL AND "
                   IMPORT_VISIBLE("import_batch_id"), "i", fund_id) < 0)
        return STORE_ERR;
    if (!first || !last) return 0;
    struct vn_date_parsed p1, p2;
    struct vn_error err;
    if (vn_date_parse(first, NULL, 0, &p1, &err) == 0 && vn_date_parse(last, NULL, 0, &p2, &err) == 0)
        *by_day = vn_date_jdn(p2.date) - vn_date_jdn(p1.date) <= 62;
    /* substr is the same function on both backends: the day is the whole ISO date, the month its
     * first seven characters */
    stmt *q = store_query(s, "SELECT substr(given_on, 1, $2), sum(amount), count(*) FROM donation"
                             " WHERE fund_id = $1 AND reversed_on IS NULL AND " IMPORT_VISIBLE("import_batch_id")
                             " GROUP BY substr(given_on, 1, $2) ORDER BY 1",
                          "ii", fund_id, (int64_t)(*by_day ? 10 : 7));
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct fund_point *pt = ARENA_PUSH(a, *out, *n, cap);
        pt->period = stmt_text_dup(q, 0, a);
        pt->amount = stmt_int64(q, 1);
        pt->count = stmt_int64(q, 2);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

int fund_reviews(store *s, arena *a, int64_t fund_id, int limit, struct fund_review **out, int *n, int64_t *open_count)
{
    *out = NULL;
    *n = 0;
    if (store_int64(s, open_count, "SELECT count(*) FROM fund_review WHERE fund_id = $1 AND state = 'open' AND "
                    IMPORT_VISIBLE("import_batch_id"), "i", fund_id) < 0)
        return STORE_ERR;
    stmt *q = store_query(s,
        "SELECT r.id, coalesce(r.donation_id, 0), coalesce(r.donor_id, 0), r.score, r.kind, r.note, r.state, o.name,"
        " d.sender_name, d.given_on, coalesce(d.amount, 0)"
        " FROM fund_review r LEFT JOIN donor o ON o.id = r.donor_id LEFT JOIN donation d ON d.id = r.donation_id"
        " WHERE r.fund_id = $1 AND " IMPORT_VISIBLE("r.import_batch_id") " ORDER BY CASE WHEN r.state = 'open' THEN 0 ELSE 1 END, r.id DESC LIMIT $2",
        "ii", fund_id, (int64_t)limit);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct fund_review *v = ARENA_PUSH(a, *out, *n, cap);
        v->id = stmt_int64(q, 0);
        v->donation_id = stmt_int64(q, 1);
        v->donor_id = stmt_int64(q, 2);
        v->score = (int)stmt_int64(q, 3);
        v->kind = stmt_text_dup(q, 4, a);
        v->note = stmt_text_dup(q, 5, a);
        v->state = stmt_text_dup(q, 6, a);
        v->donor_name = stmt_text_dup(q, 7, a);
        v->sender_name = stmt_text_dup(q, 8, a);
        v->given_on = stmt_text_dup(q, 9, a);
        v->amount = stmt_int64(q, 10);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}
