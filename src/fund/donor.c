/* donor.c: donors (enterprises with their tax code, organisations, units, households,
 * individuals): anonymity and display names, confirmed identity, duplicate detection (tax code,
 * account number, folded name) and a merge that keeps the merged donor's record and history.
 * Donors are shared by every fund: creating one needs fund.write, merging needs the whole tree. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "fund.h"

static const struct vn_field name_field = {2, 300, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};

static const char *const donor_kinds[] = {"enterprise", "organisation", "unit", "household", "individual", NULL};

bool donor_tax_code_check(const char *s, char out[15], const char **why)
{
    static const char *format = "mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số mã chi nhánh";
    char d[16];
    int n = 0, dash = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == ' ' || *p == '.') continue;
        if (*p == '-' && !dash && n == 10) { dash = 1; continue; }
        if (*p < '0' || *p > '9' || n >= 13) { *why = format; return false; }
        d[n++] = *p;
    }
    if (n != 10 && n != 13) { *why = format; return false; }
    if (n == 13 && !dash) { *why = "mã chi nhánh (3 chữ số cuối) phải đứng sau dấu '-'"; return false; }
    /* The 10th digit checks the first nine (Circular 105/2020/TT-BTC's algorithm). */
    static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    int sum = 0;
    for (int i = 0; i < 9; i++) sum += w[i] * (d[i] - '0');
    int check = 10 - sum % 11;
    if (check == 10 || d[9] - '0' != check) {
        *why = "sai chữ số kiểm tra (chữ số thứ 10); hãy xem lại từng chữ số";
        return false;
    }
    memcpy(out, d, 10);
    if (n == 13) { out[10] = '-'; memcpy(out + 11, d + 10, 3); out[14] = 0; }
    else out[10] = 0;
    return true;
}

const char *donor_public_name(const struct donor *d)
{
    if (d->anonymous) return "Nhà hảo tâm ẩn danh";
    return d->display_name ? d->display_name : d->name;
}

#define DONOR_COLS "id, coalesce(unit_id, 0), coalesce(merged_into, 0), kind, name, display_name, tax_code, citizen_id," \
                   " account_no, anonymous, honour_consent, identity_confirmed FROM donor"

static void donor_from_row(stmt *q, arena *a, struct donor *d)
{
    d->id = stmt_int64(q, 0);
    d->unit_id = stmt_int64(q, 1);
    d->merged_into = stmt_int64(q, 2);
    d->kind = stmt_text_dup(q, 3, a);
    d->name = stmt_text_dup(q, 4, a);
    d->display_name = stmt_text_dup(q, 5, a);
    d->tax_code = stmt_text_dup(q, 6, a);
    d->citizen_id = stmt_text_dup(q, 7, a);
    d->account_no = stmt_text_dup(q, 8, a);
    d->anonymous = stmt_int64(q, 9) != 0;
    d->honour_consent = stmt_int64(q, 10) != 0;
    d->identity_confirmed = stmt_int64(q, 11) != 0;
}

int donor_get(store *s, arena *a, int64_t id, struct donor *out)
{
    stmt *q = store_query(s, "SELECT " DONOR_COLS " WHERE id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) donor_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int donor_find_ref(store *s, arena *a, const char *text, int64_t *id, const char **why)
{
    (void)a;
    struct ref r = ref_parse(text);
    *why = "không có nhà tài trợ này";
    if (r.kind == REF_ID || r.kind == REF_DIGITS) return store_int64(s, id, "SELECT id FROM donor WHERE id = $1", "i", r.id);
    if (r.kind == REF_CODE) {
        char tax[15];
        const char *w;
        if (!donor_tax_code_check(r.code, tax, &w)) { *why = "ghi số hiệu (id:N) hoặc mã số thuế (code:MST)"; return 0; }
        return store_int64(s, id, "SELECT id FROM donor WHERE tax_code = $1 AND merged_into IS NULL", "t", tax);
    }
    *why = "ghi số hiệu (id:N) hoặc mã số thuế (code:MST)";
    return 0;
}

static bool digits_only(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    return n >= min && n <= max && s[strspn(s, "0123456789")] == '\0';
}

int64_t donor_create(store *s, arena *a, const struct actor *ac, const struct donor_input *in, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_FUND_WRITE)) { ferr_add(fe, "scope", "Bạn không có quyền thêm nhà tài trợ (cần quyền fund.write)."); return 0; }
    const char *kind = NULL;
    for (int i = 0; donor_kinds[i]; i++)
        if (str_eq(in->kind, donor_kinds[i])) kind = donor_kinds[i];
    if (!kind) ferr_add(fe, "kind", "Loại nhà tài trợ: enterprise, organisation, unit, household hoặc individual.");
    const char *name = field_clean(a, in->name, &name_field, "name", "Tên nhà tài trợ", fe);
    if (!name && !ferr_get(fe, "name")) ferr_add(fe, "name", "Tên nhà tài trợ: không được để trống.");
    const char *display = field_clean(a, in->display_name, &name_field, "display_name", "Tên hiển thị", fe);
    char tax[15];
    const char *tax_code = NULL, *why = NULL;
    if (!str_empty(in->tax_code)) {
        if (donor_tax_code_check(in->tax_code, tax, &why)) tax_code = arena_strdup(a, tax);
        else ferr_add(fe, "tax_code", arena_printf(a, "Mã số thuế \"%s\": %s.", in->tax_code, why));
    }
    if (str_eq(kind, "enterprise") && !tax_code && !ferr_get(fe, "tax_code"))
        ferr_add(fe, "tax_code", "Doanh nghiệp cần mã số thuế.");
    if (!str_empty(in->citizen_id) && !digits_only(in->citizen_id, 12, 12))
        ferr_add(fe, "citizen_id", "Số căn cước công dân gồm đúng 12 chữ số.");
    if (!str_empty(in->account_no) && !digits_only(in->account_no, 6, 19))
        ferr_add(fe, "account_no", "Số tài khoản gồm 6 đến 19 chữ số.");
    if (in->identity_confirmed && !tax_code && str_empty(in->citizen_id) && !in->unit_id)
        ferr_add(fe, "identity_confirmed", "Chỉ xác nhận danh tính khi có mã số thuế, số căn cước hoặc đơn vị.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t dup = 0;
    if (tax_code && store_int64(s, &dup, "SELECT id FROM donor WHERE tax_code = $1 AND merged_into IS NULL", "t", tax_code) == 1) {
        store_rollback(s);
        ferr_add(fe, "tax_code", arena_printf(a, "Mã số thuế %s đã thuộc nhà tài trợ số %lld.", tax_code, (long long)dup));
        return 0;
    }
    buf folded = {0};
    vn_fold(name, strlen(name), &folded);
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    int rc = store_int64(s, &id,
        "INSERT INTO donor(kind, name, name_fold, display_name, anonymous, honour_consent, tax_code, citizen_id, account_no,"
        " unit_id, identity_confirmed, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,NULLIF($10, 0),$11,$12) RETURNING id",
        "ttttiitttiit", kind, name, buf_str(&folded), display, (int64_t)in->anonymous, (int64_t)!in->no_honour, tax_code,
        str_empty(in->citizen_id) ? NULL : in->citizen_id, str_empty(in->account_no) ? NULL : in->account_no,
        in->unit_id, (int64_t)in->identity_confirmed, now);
    buf_free(&folded);
    if (rc != 1) { store_rollback(s); return STORE_ERR; }
    /* citizen_id and account_no are personal: audit_as vaults them by their names. */
    json_t *after = json_pack("{s:s, s:s, s:s?, s:b, s:s?, s:s?, s:s?, s:b}", "kind", kind, "name", name, "display_name",
                              display, "anonymous", in->anonymous, "tax_code", tax_code, "citizen_id",
                              str_empty(in->citizen_id) ? NULL : in->citizen_id, "account_number",
                              str_empty(in->account_no) ? NULL : in->account_no, "identity_confirmed",
                              in->identity_confirmed);
    int64_t aid = audit_as(s, ac, "create", "donor", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int donor_duplicates(store *s, arena *a, int64_t id, struct donor_duplicate **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0, rc;
    stmt *q = store_query(s,
        "SELECT o.id, o.name, CASE WHEN o.tax_code = d.tax_code THEN 'cùng mã số thuế'"
        " WHEN o.account_no = d.account_no THEN 'cùng số tài khoản' ELSE 'cùng tên (không dấu)' END"
        " FROM donor d JOIN donor o ON o.id <> d.id AND o.merged_into IS NULL"
        "  AND (o.tax_code = d.tax_code OR o.account_no = d.account_no OR o.name_fold = d.name_fold)"
        " WHERE d.id = $1 ORDER BY o.id", "i", id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct donor_duplicate *x = ARENA_PUSH(a, *out, *n, cap);
        x->id = stmt_int64(q, 0);
        x->name = stmt_text_dup(q, 1, a);
        x->why = stmt_text_dup(q, 2, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

#define PAIR_SIDE(t) t ".id, " t ".name, " t ".kind, " t ".tax_code, " t ".identity_confirmed,"                               \
    " (SELECT count(*) FROM donation g WHERE g.donor_id = " t ".id AND g.reversed_on IS NULL"                                  \
    " AND " IMPORT_VISIBLE("g.import_batch_id") "),"                                                                           \
    " (SELECT coalesce(sum(g.amount), 0) FROM donation g WHERE g.donor_id = " t ".id AND g.reversed_on IS NULL"                \
    " AND " IMPORT_VISIBLE("g.import_batch_id") ")"

static void pair_side(stmt *q, int c, arena *a, struct donor_pair_side *p)
{
    p->id = stmt_int64(q, c);
    p->name = stmt_text_dup(q, c + 1, a);
    p->kind = stmt_text_dup(q, c + 2, a);
    p->tax_code = stmt_text_dup(q, c + 3, a);
    p->identity_confirmed = stmt_int64(q, c + 4) != 0;
    p->gifts = stmt_int64(q, c + 5);
    p->given = stmt_int64(q, c + 6);
}

const char *donor_pair_why(const char *rule)
{
    return str_eq(rule, "tax") ? "cùng mã số thuế" : str_eq(rule, "account") ? "cùng số tài khoản" : "cùng tên (không dấu)";
}

/* The same three rules as donor_duplicates, each pair once (the lower id first); the rule is the
 * first that holds. $1 the rule filter ("" for any). */
#define PAIR_RULE "CASE WHEN o.tax_code = d.tax_code THEN 'tax' WHEN o.account_no = d.account_no THEN 'account' ELSE 'name' END"
#define PAIR_FROM                                                                                                             \
    " FROM donor d JOIN donor o ON o.id > d.id AND o.merged_into IS NULL"                                                    \
    "  AND (o.tax_code = d.tax_code OR o.account_no = d.account_no OR o.name_fold = d.name_fold)"                          \
    " WHERE d.merged_into IS NULL AND ($1 = '' OR " PAIR_RULE " = $1)"

/* Whether a pair of the filter lies beyond (a, b) (after it when `above`, else before); 1, 0, < 0.
 * Here and in the page, "d.id >= $2" (or <=) beside the pair comparison lets the first donor be
 * read from the cursor on rather than from the start. */
static int pair_exists_beyond(store *s, const char *rule, int64_t a, int64_t b, bool above)
{
    int64_t one = 0;
    return above ? store_int64(s, &one, "SELECT 1" PAIR_FROM " AND d.id >= $2 AND (d.id > $2 OR (d.id = $2 AND o.id > $3)) LIMIT 1", "tii", rule, a, b)
                 : store_int64(s, &one, "SELECT 1" PAIR_FROM " AND d.id <= $2 AND (d.id < $2 OR (d.id = $2 AND o.id < $3)) LIMIT 1", "tii", rule, a, b);
}

int donor_duplicate_page(store *s, arena *a, const struct pair_filter *f, struct pair_page *out)
{
    memset(out, 0, sizeof *out);
    const char *rule = f->rule ? f->rule : "";
    int limit = f->limit > 0 ? f->limit : 50, cap = 0, rc;
    bool backwards = f->before_a > 0;
    stmt *q = backwards
                  ? store_query(s, "SELECT " PAIR_SIDE("d") ", " PAIR_SIDE("o") ", " PAIR_RULE PAIR_FROM
                                   " AND d.id <= $2 AND (d.id < $2 OR (d.id = $2 AND o.id < $3)) ORDER BY d.id DESC, o.id DESC LIMIT $4",
                                "tiii", rule, f->before_a, f->before_b, (int64_t)limit + 1)
                  : store_query(s, "SELECT " PAIR_SIDE("d") ", " PAIR_SIDE("o") ", " PAIR_RULE PAIR_FROM
                                   " AND d.id >= $2 AND (d.id > $2 OR (d.id = $2 AND o.id > $3)) ORDER BY d.id, o.id LIMIT $4",
                                "tiii", rule, f->after_a, f->after_b, (int64_t)limit + 1);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct donor_pair *p = ARENA_PUSH(a, out->items, out->n, cap);
        pair_side(q, 0, a, &p->a);
        pair_side(q, 7, a, &p->b);
        p->rule = stmt_text_dup(q, 14, a);
        p->why = donor_pair_why(p->rule);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    bool more = out->n > limit;
    if (more) out->n = limit;
    if (backwards) {
        for (int i = 0, j = out->n - 1; i < j; i++, j--) {
            struct donor_pair t = out->items[i];
            out->items[i] = out->items[j];
            out->items[j] = t;
        }
        out->more_before = more;
        /* with an empty page, anything from the cursor on */
        int after = out->n ? pair_exists_beyond(s, rule, out->items[out->n - 1].a.id, out->items[out->n - 1].b.id, true)
                           : pair_exists_beyond(s, rule, f->before_a, f->before_b - 1, true);
        if (after < 0) return STORE_ERR;
        out->more_after = after == 1;
    } else {
        out->more_after = more;
        int before = !f->after_a ? 0
                     : out->n   ? pair_exists_beyond(s, rule, out->items[0].a.id, out->items[0].b.id, false)
                                : pair_exists_beyond(s, rule, f->after_a, f->after_b + 1, false);
        if (before < 0) return STORE_ERR;
        out->more_before = before == 1;
    }
    return store_int64(s, &out->total, "SELECT count(*)" PAIR_FROM, "t", rule) == 1 ? 0 : STORE_ERR;
}

bool donor_pair_cursor_read(const char *text, int64_t *a, int64_t *b)
{
    const char *dash = text ? strchr(text, '-') : NULL;
    if (!dash || dash == text || dash - text > 20) return false;
    char first[21];
    memcpy(first, text, (size_t)(dash - text));
    first[dash - text] = 0;
    return parse_int64(first, a) && parse_int64(dash + 1, b) && *a > 0 && *b > *a;
}

int donor_merge(store *s, arena *a, const struct actor *ac, int64_t from, int64_t into, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_FUND_WRITE) || !ac->whole_tree) {
        ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng gộp được nhà tài trợ (dùng chung cho mọi quỹ).");
        return 0;
    }
    if (from == into) { ferr_add(fe, "into", "Không gộp một nhà tài trợ vào chính nó."); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct donor df, di;
    int r1 = donor_get(s, a, from, &df), r2 = donor_get(s, a, into, &di);
    if (r1 < 0 || r2 < 0) { store_rollback(s); return STORE_ERR; }
    if (!r1) ferr_add(fe, "from", "Không có nhà tài trợ cần gộp.");
    else if (df.merged_into) ferr_add(fe, "from", arena_printf(a, "Nhà tài trợ này đã được gộp vào số %lld.", (long long)df.merged_into));
    if (!r2) ferr_add(fe, "into", "Không có nhà tài trợ đích.");
    else if (di.merged_into) ferr_add(fe, "into", "Nhà tài trợ đích đã được gộp vào người khác; hãy gộp vào người đó.");
    if (r1 && r2 && df.tax_code && di.tax_code && !str_eq(df.tax_code, di.tax_code))
        ferr_add(fe, "into", "Hai nhà tài trợ có mã số thuế khác nhau: không phải một.");
    if (fe->n) { store_rollback(s); return 0; }
    json_t *moved = json_array();
    stmt *q = store_query(s, "SELECT id FROM donation WHERE donor_id = $1 AND " IMPORT_VISIBLE("import_batch_id") " ORDER BY id",
                          "i", from);
    while (q && stmt_step(q) == STORE_ROW) json_array_append_new(moved, json_integer(stmt_int64(q, 0)));
    stmt_finalize(q);
    if (!q || store_exec(s, "UPDATE donation SET donor_id = $2 WHERE donor_id = $1", "ii", from, into) != STORE_OK ||
        store_exec(s, "UPDATE pledge SET donor_id = $2 WHERE donor_id = $1", "ii", from, into) != STORE_OK ||
        store_exec(s, "UPDATE fund_review SET donor_id = $2 WHERE donor_id = $1", "ii", from, into) != STORE_OK ||
        store_exec(s, "UPDATE donor SET merged_into = $2 WHERE id = $1", "ii", from, into) != STORE_OK) {
        json_decref(moved);
        store_rollback(s);
        return STORE_ERR;
    }
    /* A confirmed identity carries over: the merged record proved it. */
    if (df.identity_confirmed && !di.identity_confirmed && !di.tax_code && df.tax_code &&
        store_exec(s, "UPDATE donor SET tax_code = $2, identity_confirmed = 1 WHERE id = $1", "it", into, df.tax_code) != STORE_OK) {
        json_decref(moved);
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:I, s:o}", "merged", (json_int_t)from, "into", (json_int_t)into, "donations", moved);
    int64_t aid = audit_as(s, ac, "merge", "donor", into, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return 1;
}
