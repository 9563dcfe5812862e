/* review.c: deciding the review queue of a fund (fund_review, filled by the statement import):
 * uncertain reconciliation matches between overlapping statements and sender names that equal a
 * registered donor's. A person looks at both sides and accepts or rejects; each decision applies
 * its consequence (a rejected match becomes its own donation, an accepted donor match attributes
 * the transfer) in the same transaction as the decision and its audit entry, so totals, tiers and
 * the honour roll — all computed from donations — follow at once. The short list the manage page
 * counts stays fund_reviews (fund.c). */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "fund.h"
#include "fund_internal.h"
#include "import.h"
#include "pii.h"

static const struct vn_field note_field = {1, 1000, VN_NORM_REPAIR};

#define REVIEW_COLS                                                                                                           \
    "r.id, r.fund_id, coalesce(r.donation_id, 0), coalesce(r.line_id, 0), coalesce(r.donor_id, 0),"                          \
    " coalesce(r.result_donation_id, 0), coalesce(d.amount, 0), coalesce(d.donor_id, 0), coalesce(l.line_no, 0), r.score,"  \
    " r.kind, r.state, r.note, r.created_at, r.decided_at, r.decided_by, r.decision_note,"                                  \
    " d.given_on, d.given_time, d.bank, d.message, d.sender_name, d.reference, ds.file_name,"                               \
    " r.line_message, r.line_reference, r.line_sender, ls.file_name,"                                                       \
    " o.name, o.kind, o.tax_code, coalesce(o.identity_confirmed, 0)"                                                        \
    " FROM fund_review r LEFT JOIN donation d ON d.id = r.donation_id"                                                      \
    " LEFT JOIN fund_statement ds ON ds.id = d.statement_id LEFT JOIN donation_line l ON l.id = r.line_id"                  \
    " LEFT JOIN fund_statement ls ON ls.id = l.statement_id LEFT JOIN donor o ON o.id = r.donor_id"

static void review_from_row(stmt *q, arena *a, struct fund_review_item *v)
{
    int c = 0;
    v->id = stmt_int64(q, c++);
    v->fund_id = stmt_int64(q, c++);
    v->donation_id = stmt_int64(q, c++);
    v->line_id = stmt_int64(q, c++);
    v->donor_id = stmt_int64(q, c++);
    v->result_donation_id = stmt_int64(q, c++);
    v->amount = stmt_int64(q, c++);
    v->donation_donor_id = stmt_int64(q, c++);
    v->line_no = stmt_int64(q, c++);
    v->score = (int)stmt_int64(q, c++);
    const char **text[] = {&v->kind, &v->state, &v->note, &v->created_at, &v->decided_at, &v->decided_by,
                           &v->decision_note, &v->given_on, &v->given_time, &v->bank, &v->message, &v->sender_name,
                           &v->reference, &v->donation_statement, &v->line_message, &v->line_reference, &v->line_sender,
                           &v->line_statement, &v->donor_name, &v->donor_kind, &v->donor_tax_code};
    for (size_t i = 0; i < countof(text); i++) *text[i] = stmt_text_dup(q, c++, a);
    v->donor_confirmed = stmt_int64(q, c) != 0;
}

bool fund_review_state_read(const char *text, enum review_state *out)
{
    if (str_empty(text) || str_eq(text, "open")) *out = REVIEW_OPEN;
    else if (str_eq(text, "decided")) *out = REVIEW_DECIDED;
    else if (str_eq(text, "all")) *out = REVIEW_ALL;
    else return false;
    return true;
}

const char *fund_review_state_name(enum review_state st)
{
    return st == REVIEW_DECIDED ? "decided" : st == REVIEW_ALL ? "all" : "open";
}

/* The filter as SQL over r (fund_review), $1 the fund and $2 the kind ("" for both): one constant
 * text per state, so each reads its index in id order without sorting the fund's items — open
 * ones through fund_review_open (fund_id, state, then the row id), the others through
 * fund_review_fund (sql/034: fund_id, id). */
static const char *review_where(enum review_state st)
{
    switch (st) {
    case REVIEW_DECIDED:
        return " r.fund_id = $1 AND r.state <> 'open' AND ($2 = '' OR r.kind = $2) AND " IMPORT_VISIBLE("r.import_batch_id");
    case REVIEW_ALL:
        return " r.fund_id = $1 AND ($2 = '' OR r.kind = $2) AND " IMPORT_VISIBLE("r.import_batch_id");
    case REVIEW_OPEN:
    default:
        return " r.fund_id = $1 AND r.state = 'open' AND ($2 = '' OR r.kind = $2) AND " IMPORT_VISIBLE("r.import_batch_id");
    }
}

/* Whether an item of the filter lies beyond `id` (above it when `above`, else below); 1, 0, < 0. */
static int review_exists_beyond(store *s, arena *a, const struct review_filter *f, int64_t id, bool above)
{
    int64_t one = 0;
    const char *sql = arena_printf(a, "SELECT 1 FROM fund_review r WHERE%s AND r.id %s $3 LIMIT 1", review_where(f->state),
                                   above ? ">" : "<");
    return store_int64(s, &one, sql, "iti", f->fund_id, f->kind ? f->kind : "", id);
}

int fund_review_page(store *s, arena *a, const struct review_filter *f, struct review_page *out)
{
    memset(out, 0, sizeof *out);
    const char *kind = f->kind ? f->kind : "", *where = review_where(f->state);
    int limit = f->limit > 0 ? f->limit : 50;
    bool backwards = f->before > 0;
    /* one row more than the page tells whether another page follows in the reading direction */
    const char *sql = arena_printf(a, "SELECT " REVIEW_COLS " WHERE%s AND r.id %s $3 ORDER BY r.id%s LIMIT $4", where,
                                   backwards ? "<" : ">", backwards ? " DESC" : "");
    stmt *q = store_query(s, sql, "itii", f->fund_id, kind, backwards ? f->before : f->after, (int64_t)limit + 1);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) review_from_row(q, a, ARENA_PUSH(a, out->items, out->n, cap));
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    bool more = out->n > limit;
    if (more) out->n = limit;
    if (backwards) {
        for (int i = 0, j = out->n - 1; i < j; i++, j--) {
            struct fund_review_item t = out->items[i];
            out->items[i] = out->items[j];
            out->items[j] = t;
        }
        out->more_before = more;
        int after = review_exists_beyond(s, a, f, out->n ? out->items[out->n - 1].id : f->before - 1, true);
        if (after < 0) return STORE_ERR;
        out->more_after = after == 1;
    } else {
        out->more_after = more;
        int before = f->after > 0 ? review_exists_beyond(s, a, f, out->n ? out->items[0].id : f->after + 1, false) : 0;
        if (before < 0) return STORE_ERR;
        out->more_before = before == 1;
    }
    if (store_int64(s, &out->total, arena_printf(a, "SELECT count(*) FROM fund_review r WHERE%s", where), "it", f->fund_id, kind) != 1 ||
        store_int64(s, &out->open, arena_printf(a, "SELECT count(*) FROM fund_review r WHERE%s", review_where(REVIEW_OPEN)), "it",
                    f->fund_id, "") != 1)
        return STORE_ERR;
    return 0;
}

int fund_review_get(store *s, arena *a, int64_t id, struct fund_review_item *out)
{
    stmt *q = store_query(s, "SELECT " REVIEW_COLS " WHERE r.id = $1 AND " IMPORT_VISIBLE("r.import_batch_id"), "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) review_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

/* A rejected statement match: the line is a transfer of its own. It becomes a donation with the
 * matched transfer's day, time, amount and bank (the match rule compared exactly those) and the
 * line's own words, and the line and its statement's counts point at it. The new id or < 0. */
static int64_t line_becomes_donation(store *s, const struct fund_review_item *v, const char *now)
{
    int64_t statement_id = 0;
    if (store_int64(s, &statement_id, "SELECT statement_id FROM donation_line WHERE id = $1", "i", v->line_id) != 1)
        return STORE_ERR;
    struct donation_row row = {
        .fund_id = v->fund_id, .amount = v->amount, .given_on = v->given_on, .given_time = v->given_time,
        .channel = "transfer", .bank = v->bank, .reference = v->line_reference, .message = v->line_message,
        .sender_name = v->line_sender, .statement_id = statement_id, .created_at = now,
    };
    int64_t id = donation_insert(s, &row);
    if (id < 0) return id;
    if (store_exec(s, "UPDATE donation_line SET donation_id = $2, how = 'new' WHERE id = $1", "ii", v->line_id, id) != STORE_OK ||
        store_exec(s, "UPDATE fund_statement SET new_count = new_count + 1, matched = matched - 1 WHERE id = $1", "i",
                   statement_id) != STORE_OK)
        return STORE_ERR;
    return id;
}

int fund_review_decide(store *s, arena *a, const struct actor *ac, int64_t id, bool accept, const char *note,
                       int64_t *new_donation, struct field_errors *fe)
{
    if (new_donation) *new_donation = 0;
    const char *reason = field_clean(a, note, &note_field, "note", "Lý do", fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct fund_review_item v;
    int rc = fund_review_get(s, a, id, &v);
    if (rc <= 0) {
        store_rollback(s);
        if (rc == 0) ferr_add(fe, "review", "Không có mục cần xem xét này.");
        return rc;
    }
    struct fund f;
    rc = fund_manageable(s, a, ac, v.fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    if (!str_eq(v.state, "open")) {
        ferr_add(fe, "state", arena_printf(a, "Mục này đã được %s ngày %s (%s): mỗi mục chỉ quyết định một lần.",
                                           str_eq(v.state, "accepted") ? "chấp nhận" : "bác bỏ",
                                           v.decided_at ? v.decided_at : "?", v.decided_by ? v.decided_by : "?"));
        store_rollback(s);
        return 0;
    }
    bool match = str_eq(v.kind, "statement_match");
    if (!v.donation_id || (match && !v.line_id) || (!match && !v.donor_id)) {
        ferr_add(fe, "review", "Mục này thiếu giao dịch hoặc nhà tài trợ để đối chiếu.");
        store_rollback(s);
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    int64_t made = 0;
    if (match && !accept) {
        made = line_becomes_donation(s, &v, now);
        if (made < 0) { store_rollback(s); return STORE_ERR; }
    } else if (!match && accept) {
        struct donor d;
        int got = donor_get(s, a, v.donor_id, &d);
        if (got < 0) { store_rollback(s); return STORE_ERR; }
        if (got && d.merged_into)
            ferr_add(fe, "donor", arena_printf(a, "Nhà tài trợ này đã được gộp vào số %lld.", (long long)d.merged_into));
        else if (v.donation_donor_id && v.donation_donor_id != v.donor_id)
            ferr_add(fe, "donor", arena_printf(a, "Khoản ủng hộ #%lld đã được ghi cho nhà tài trợ số %lld.",
                                               (long long)v.donation_id, (long long)v.donation_donor_id));
        if (fe->n) { store_rollback(s); return 0; }
        if (store_exec(s, "UPDATE donation SET donor_id = $2 WHERE id = $1", "ii", v.donation_id, v.donor_id) != STORE_OK) {
            store_rollback(s);
            return STORE_ERR;
        }
    }
    /* state = 'open' again here: of two managers deciding at once, the second finds nothing */
    int64_t still = 0;
    rc = store_int64(s, &still, "UPDATE fund_review SET state = $2, decided_at = $3, decided_by = $4, decision_note = $5,"
                                " result_donation_id = NULLIF($6, 0) WHERE id = $1 AND state = 'open' RETURNING id",
                     "itttti", id, accept ? "accepted" : "rejected", now, ac->login, reason, made);
    if (rc != 1) {
        store_rollback(s);
        if (rc < 0) return STORE_ERR;
        ferr_add(fe, "state", "Mục này vừa được người khác quyết định.");
        return 0;
    }
    json_t *before = json_pack("{s:s}", "state", "open");
    json_t *after = json_pack("{s:s, s:s, s:I, s:I, s:I, s:s?, s:s}", "state", accept ? "accepted" : "rejected", "kind", v.kind,
                              "donation_id", (json_int_t)v.donation_id, "donor_id", (json_int_t)v.donor_id,
                              "new_donation_id", (json_int_t)made, "note", reason, "consequence",
                              match ? (accept ? "same transfer, counted once" : "distinct transfer, the line is its own donation")
                                    : (accept ? "the transfer is attributed to the donor" : "not this donor, left unattributed"));
    if (match && !accept && !v.line_message) json_object_set_new(after, "line_message_kept", json_false());
    int64_t aid = audit_as(s, ac, accept ? "accept" : "reject", "fund_review", id, before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    if (new_donation) *new_donation = made;
    return 1;
}

static void put_text(json_t *o, const char *key, const char *value)
{
    json_object_set_new(o, key, value ? json_string(value) : json_null());
}

/* Statement text as this reader may see it: account, phone and citizen ID numbers masked. */
static void put_masked(json_t *o, arena *a, bool mask, const char *key, const char *value)
{
    put_text(o, key, value && mask ? mask_text(a, value) : value);
}

static void put_id(json_t *o, const char *key, int64_t id)
{
    json_object_set_new(o, key, id ? json_integer(id) : json_null());
}

json_t *fund_review_json(const struct fund_review_item *v, bool mask)
{
    arena a = {0};
    json_t *o = json_object();
    put_id(o, "id", v->id);
    put_id(o, "fund_id", v->fund_id);
    put_text(o, "kind", v->kind);
    put_text(o, "state", v->state);
    put_text(o, "rule", str_eq(v->kind, "statement_match") ? STATEMENT_MATCH_RULE : FUND_DONOR_MATCH_RULE);
    put_text(o, "why", v->note);
    json_t *d = json_object();
    put_id(d, "id", v->donation_id);
    json_object_set_new(d, "amount", json_integer(v->amount));
    put_text(d, "given_on", v->given_on);
    put_text(d, "given_time", v->given_time);
    put_text(d, "bank", v->bank);
    put_masked(d, &a, mask, "message", v->message);
    put_masked(d, &a, mask, "reference", v->reference);
    put_text(d, "sender_name", v->sender_name);
    put_text(d, "statement", v->donation_statement);
    put_id(d, "donor_id", v->donation_donor_id);
    json_object_set_new(o, "donation", d);
    if (str_eq(v->kind, "statement_match")) {
        json_t *l = json_object();
        put_id(l, "id", v->line_id);
        json_object_set_new(l, "line_no", json_integer(v->line_no));
        put_text(l, "statement", v->line_statement);
        put_masked(l, &a, mask, "message", v->line_message);
        put_masked(l, &a, mask, "reference", v->line_reference);
        put_text(l, "sender_name", v->line_sender);
        json_object_set_new(o, "line", l);
    } else {
        json_t *r = json_object();
        put_id(r, "id", v->donor_id);
        put_text(r, "name", v->donor_name);
        put_text(r, "kind", v->donor_kind);
        put_text(r, "tax_code", v->donor_tax_code);
        json_object_set_new(r, "identity_confirmed", json_boolean(v->donor_confirmed));
        json_object_set_new(r, "name_score", json_integer(v->score));
        json_object_set_new(o, "donor", r);
    }
    put_text(o, "decided_at", v->decided_at);
    put_text(o, "decided_by", v->decided_by);
    put_text(o, "decision_note", v->decision_note);
    put_id(o, "result_donation_id", v->result_donation_id);
    arena_free(&a);
    return o;
}
