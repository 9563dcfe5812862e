/* donation.c: donations (transfer, cash, in kind with its valued amount), reversals of returned
 * transfers (a donation given against a pledge is checked here; pledges are pledge.c), and the
 * donation search: words of the name or message through the store's search index
 * (store_search_from: no dialect SQL here), amounts and amount ranges, dates; newest first, paged
 * by the last id seen, never counted, so a broad query costs one page. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "fund.h"
#include "fund_internal.h"
#include "pii.h"
#include "vn_calendar.h"

static const struct vn_field text_field = {1, 2000, VN_NORM_REPAIR};
static const struct vn_field short_field = {1, 200, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};

/* The words of a text worth indexing for the public search: runs of five digits or more (account,
 * phone and citizen ID numbers, bank references) are left out — a public search must not find a
 * person by such a number, and these one-off tokens made the index several times larger and its
 * merges slow (bench/donations). Amounts and dates are searched through their own columns. */
static void search_words(buf *out, const char *s)
{
    const char *p = s;
    while (*p) {
        while (*p == ' ') p++;
        const char *w = p;
        int digits = 0, run = 0;
        while (*p && *p != ' ') {
            if (*p >= '0' && *p <= '9') { if (++run > digits) digits = run; }
            else run = 0;
            p++;
        }
        if (p > w && digits < 5) {
            buf_append(out, w, (size_t)(p - w));
            buf_putc(out, ' ');
        }
    }
}

void donation_search_words(buf *out, const struct donation_row *d)
{
    const char *parts[] = {d->message, d->sender_name, d->in_kind, d->donor_words};
    for (size_t i = 0; i < countof(parts); i++)
        if (parts[i]) { search_words(out, parts[i]); buf_putc(out, ' '); }
}

int64_t donation_insert_unindexed(store *s, const struct donation_row *d)
{
    int64_t id = 0;
    if (store_int64(s, &id,
            "INSERT INTO donation(fund_id, donor_id, pledge_id, amount, given_on, given_time, channel, bank, in_kind,"
            " reference, message, sender_name, sender_confidence, statement_id, created_at, import_batch_id)"
            " VALUES ($1, NULLIF($2, 0), NULLIF($3, 0), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULLIF($14, 0), $15,"
            " NULLIF($16, 0)) RETURNING id", "iiiittttttttiiti", d->fund_id, d->donor_id, d->pledge_id, d->amount,
            d->given_on, d->given_time, d->channel, d->bank, d->in_kind, d->reference, d->message, d->sender_name,
            (int64_t)d->sender_confidence, d->statement_id, d->created_at, d->import_batch_id) != 1)
        return STORE_ERR;
    return id;
}

int64_t donation_insert(store *s, const struct donation_row *d)
{
    int64_t id = donation_insert_unindexed(s, d);
    if (id < 0) return id;
    buf words = {0};
    donation_search_words(&words, d);
    int rc = store_search_add(s, "donation_search", id, buf_str(&words));
    buf_free(&words);
    return rc == STORE_OK ? id : STORE_ERR;
}

static bool time_ok(const char *t)
{
    int h, m, sec;
    char tail;
    return t && sscanf(t, "%2d:%2d:%2d%c", &h, &m, &sec, &tail) == 3 && strlen(t) == 8 && h < 24 && m < 60 && sec < 60;
}

int64_t donation_add(store *s, arena *a, const struct actor *ac, const struct donation_input *in, struct field_errors *fe)
{
    struct fund f;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = fund_manageable(s, a, ac, in->fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    const char *channel = in->channel ? in->channel : "cash";
    if (!str_eq(channel, "transfer") && !str_eq(channel, "cash") && !str_eq(channel, "in_kind"))
        ferr_add(fe, "channel", "Hình thức: transfer (chuyển khoản), cash (tiền mặt) hoặc in_kind (hiện vật).");
    const char *in_kind = field_clean(a, in->in_kind, &text_field, "in_kind", "Hiện vật", fe);
    if (str_eq(channel, "in_kind") && !in_kind && !ferr_get(fe, "in_kind"))
        ferr_add(fe, "in_kind", "Ủng hộ bằng hiện vật: hãy mô tả hiện vật (số tiền là giá trị quy đổi).");
    if (!str_eq(channel, "in_kind") && in_kind) ferr_add(fe, "in_kind", "Chỉ ghi hiện vật khi hình thức là in_kind.");
    const char *message = field_clean(a, in->message, &text_field, "message", "Nội dung", fe);
    const char *reference = field_clean(a, in->reference, &short_field, "reference", "Số tham chiếu", fe);
    char on[11];
    if (!in->given_on || !vn_day_iso(in->given_on, on)) ferr_add(fe, "given_on", "Ngày ủng hộ: viết dd/mm/yyyy.");
    if (in->given_time && !time_ok(in->given_time)) ferr_add(fe, "given_time", "Giờ: viết HH:MM:SS.");
    if (in->amount <= 0 || in->amount > VN_AMOUNT_MAX) ferr_add(fe, "amount", "Số tiền phải là số đồng dương.");
    struct donor d = {0};
    if (in->donor_id) {
        int got = donor_get(s, a, in->donor_id, &d);
        if (got < 0) { store_rollback(s); return STORE_ERR; }
        if (!got) ferr_add(fe, "donor", "Không có nhà tài trợ này.");
        else if (d.merged_into)
            ferr_add(fe, "donor", arena_printf(a, "Nhà tài trợ này đã được gộp vào số %lld.", (long long)d.merged_into));
    }
    if (in->pledge_id) {
        int64_t pd = 0;
        int got = store_int64(s, &pd, "SELECT donor_id FROM pledge WHERE id = $1 AND fund_id = $2", "ii", in->pledge_id,
                              in->fund_id);
        if (got < 0) { store_rollback(s); return STORE_ERR; }
        if (!got || pd != in->donor_id) ferr_add(fe, "pledge", "Cam kết này không thuộc quỹ và nhà tài trợ đã chọn.");
    }
    if (fe->n) { store_rollback(s); return 0; }
    char now[21];
    iso_time(now_unix(), now);
    struct donation_row row = {
        .fund_id = in->fund_id, .donor_id = in->donor_id, .pledge_id = in->pledge_id, .amount = in->amount,
        .given_on = on, .given_time = in->given_time, .channel = channel, .in_kind = in_kind, .reference = reference,
        .message = message, .created_at = now, .donor_words = in->donor_id && !d.anonymous ? donor_public_name(&d) : NULL,
    };
    int64_t id = donation_insert(s, &row);
    if (id < 0) { store_rollback(s); return STORE_ERR; }
    json_t *after = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s?, s:s?}", "fund_id", (json_int_t)in->fund_id, "donor_id",
                              (json_int_t)in->donor_id, "amount", (json_int_t)in->amount, "given_on", on, "channel",
                              channel, "in_kind", in_kind, "reference", reference);
    int64_t aid = audit_as(s, ac, "create", "donation", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

#define DONATION_COLS "d.id, d.fund_id, coalesce(d.donor_id, 0), coalesce(d.pledge_id, 0), d.amount, d.given_on," \
    " d.given_time, d.channel, d.in_kind, d.reference, d.message, d.sender_name, d.bank, d.reversed_on,"           \
    " d.reversal_reason, o.name, o.display_name, coalesce(o.anonymous, 0)"
#define DONATION_JOIN " LEFT JOIN donor o ON o.id = d.donor_id"

static void donation_from_row(stmt *q, arena *a, struct donation *d)
{
    d->id = stmt_int64(q, 0);
    d->fund_id = stmt_int64(q, 1);
    d->donor_id = stmt_int64(q, 2);
    d->pledge_id = stmt_int64(q, 3);
    d->amount = stmt_int64(q, 4);
    d->given_on = stmt_text_dup(q, 5, a);
    d->given_time = stmt_text_dup(q, 6, a);
    d->channel = stmt_text_dup(q, 7, a);
    d->in_kind = stmt_text_dup(q, 8, a);
    d->reference = stmt_text_dup(q, 9, a);
    d->message = stmt_text_dup(q, 10, a);
    d->sender_name = stmt_text_dup(q, 11, a);
    d->bank = stmt_text_dup(q, 12, a);
    d->reversed_on = stmt_text_dup(q, 13, a);
    d->reversal_reason = stmt_text_dup(q, 14, a);
    if (d->donor_id) {
        struct donor o = {.name = stmt_text_dup(q, 15, a), .display_name = stmt_text_dup(q, 16, a),
                          .anonymous = stmt_int64(q, 17) != 0};
        d->donor_name = donor_public_name(&o);
    } else {
        d->donor_name = NULL;
    }
}

int donation_get(store *s, arena *a, int64_t id, struct donation *out)
{
    stmt *q = store_query(s, "SELECT " DONATION_COLS " FROM donation d" DONATION_JOIN " WHERE d.id = $1 AND "
                             IMPORT_VISIBLE("d.import_batch_id"), "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) donation_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int donation_reverse(store *s, arena *a, const struct actor *ac, int64_t id, const char *on, const char *reason,
                     struct field_errors *fe)
{
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct donation d;
    int rc = donation_get(s, a, id, &d);
    if (rc <= 0) { store_rollback(s); if (!rc) ferr_add(fe, "id", "Không có khoản ủng hộ này."); return rc; }
    struct fund f;
    rc = fund_manageable(s, a, ac, d.fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    char day[11];
    const char *why = field_clean(a, reason, &text_field, "reason", "Lý do", fe);
    if (!why && !ferr_get(fe, "reason")) ferr_add(fe, "reason", "Lý do hoàn trả: không được để trống.");
    if (!on || !vn_day_iso(on, day)) ferr_add(fe, "on", "Ngày hoàn trả: viết dd/mm/yyyy.");
    else if (strcmp(day, d.given_on) < 0) ferr_add(fe, "on", "Ngày hoàn trả không thể trước ngày ủng hộ.");
    if (d.reversed_on) ferr_add(fe, "id", "Khoản này đã được hoàn trả.");
    if (fe->n) { store_rollback(s); return 0; }
    if (store_exec(s, "UPDATE donation SET reversed_on = $2, reversal_reason = $3 WHERE id = $1", "itt", id, day, why) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:s}", "reversed_on", day, "reason", why);
    int64_t aid = audit_as(s, ac, "reverse", "donation", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return 1;
}

json_t *donation_json(const struct donation *d, bool mask)
{
    arena a = {0};
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "fund_id", json_integer(d->fund_id));
    json_object_set_new(o, "amount", json_integer(d->amount));
    json_object_set_new(o, "given_on", json_string(d->given_on));
    json_object_set_new(o, "given_time", d->given_time ? json_string(d->given_time) : json_null());
    json_object_set_new(o, "channel", json_string(d->channel));
    json_object_set_new(o, "in_kind", d->in_kind ? json_string(d->in_kind) : json_null());
    json_object_set_new(o, "reference", d->reference ? json_string(mask ? mask_text(&a, d->reference) : d->reference) : json_null());
    json_object_set_new(o, "message", d->message ? json_string(mask ? mask_text(&a, d->message) : d->message) : json_null());
    json_object_set_new(o, "sender_name", d->sender_name ? json_string(d->sender_name) : json_null());
    json_object_set_new(o, "donor", d->donor_name ? json_string(d->donor_name) : json_null());
    json_object_set_new(o, "bank", d->bank ? json_string(d->bank) : json_null());
    json_object_set_new(o, "reversed_on", d->reversed_on ? json_string(d->reversed_on) : json_null());
    arena_free(&a);
    return o;
}

/* ---- search ---- */

/* "500000", "500.000", "1,000,000": an amount; false if the token is not one. */
static bool amount_token(const char *t, size_t n, int64_t *out)
{
    int64_t v = 0;
    int digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] >= '0' && t[i] <= '9') {
            if (++digits > 18) return false;
            v = v * 10 + (t[i] - '0');
        } else if ((t[i] != '.' && t[i] != ',') || i == 0 || i + 1 == n) {
            return false;
        }
    }
    if (!digits) return false;
    *out = v;
    return true;
}

/* "12/09/2024", "2024-09-12": a day. */
static bool date_token(arena *a, const char *t, size_t n, const char **out)
{
    if (n < 8 || n > 10) return false;
    char tmp[11], iso[11];
    memcpy(tmp, t, n);
    tmp[n] = 0;
    if (!strchr(tmp, '/') && !strchr(tmp, '-')) return false;
    if (!vn_day_iso(tmp, iso)) return false;
    *out = arena_strdup(a, iso);
    return true;
}

bool donation_query_parse(arena *a, const char *text, struct donation_query *q, const char **why)
{
    buf words = {0};
    const char *p = text ? text : "";
    bool ok = true;
    while (*p && ok) {
        while (*p && isspace((unsigned char)*p)) p++;
        const char *t = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        size_t n = (size_t)(p - t);
        if (!n) break;
        int64_t v, w;
        const char *d1, *d2;
        const char *dots = NULL;
        for (size_t i = 0; i + 1 < n; i++)
            if (t[i] == '.' && t[i + 1] == '.') { dots = t + i; break; }
        const char *dash = memchr(t, '-', n);
        if (dots && date_token(a, t, (size_t)(dots - t), &d1) && date_token(a, dots + 2, n - (size_t)(dots - t) - 2, &d2)) {
            q->from = d1;
            q->to = d2;
        } else if (date_token(a, t, n, &d1)) {
            q->from = q->to = d1;
        } else if (amount_token(t, n, &v)) {
            q->min_amount = q->max_amount = v;
        } else if (dash && dash > t && amount_token(t, (size_t)(dash - t), &v) &&
                   amount_token(dash + 1, n - (size_t)(dash - t) - 1, &w)) {
            if (v > w) { *why = "khoảng số tiền viết từ nhỏ đến lớn, ví dụ 100000-500000"; ok = false; }
            q->min_amount = v;
            q->max_amount = w;
        } else {
            if (words.len) buf_putc(&words, ' ');
            buf_append(&words, t, n);
        }
    }
    if (ok && q->from && q->to && strcmp(q->from, q->to) > 0) { *why = "khoảng ngày viết từ trước đến sau"; ok = false; }
    q->words = words.len ? arena_strdup(a, words.data) : NULL;
    buf_free(&words);
    return ok;
}

/* How every query shape answers its page in bounded work (measured in bench/donations):
 * - words: the search index read newest first (store_search_from ordered by key descending), the
 *   fund, amount and day checked on each hit; it stops after a page. When an amount or a day
 *   matches fewer than SEARCH_SORT_CAP rows, the index is read only between the oldest and the
 *   newest of those rows; a broad day range (up to SEARCH_GROUPS_MAX days) likewise between the
 *   oldest and newest id of its days (day_window): a day's donations sit together.
 * - no words, no filter: the fund's donations newest first (index donation_fund_recent).
 * - an amount or a day, exact or a range: of the two, the one that matches fewer rows drives,
 *   counted up to SEARCH_SORT_CAP. Fewer than that: its rows are read and sorted here, at most the
 *   cap. More: a range of at most SEARCH_GROUPS_MAX distinct values (an exact amount or day is
 *   one) is read as one newest-first run per value — a day's or an amount's index entries end in
 *   the row id, so each run is a page read in index order — and the runs merged. A broad range of
 *   more distinct values walks the fund newest first checking amount and day inside
 *   donation_fund_recent: with at least SEARCH_SORT_CAP matches, a page is expected within
 *   (page × fund size / cap) entries, unless the matches all sit in the oldest rows.
 * Every index that could steer a statement away from its driver is switched off in that
 * statement ("amount + 0", "given_on || ''", "id + 0": the same on PostgreSQL), so the plan is the
 * program's choice, not the planner's guess. */
static int64_t search_sort_cap = 5000;
static int search_groups_max = 400;
#define SEARCH_SORT_CAP search_sort_cap
#define SEARCH_GROUPS_MAX search_groups_max
#define DAY_MAX "9999-12-31"

struct search_bounds {
    int64_t fund_id, lo, hi, before;  /* amount in [lo, hi]; id < before */
    const char *from, *to;            /* ISO days, inclusive */
    int64_t rows;                     /* the page size asked for plus one: is there more? */
    bool has_amount, has_day;         /* which of the two filters the query sets */
};

/* The other filter's check on a driver's rows. Unset, it is a test of the parameters alone
 * (always true for the open bounds), so the statement binds the same values and reads only the
 * driving index, never the table. Static text chosen here. */
static const char *other_filter(const struct search_bounds *b, bool by_day, int first_param)
{
    static const char *const checks[2][2] = {
        {"d.given_on || '' BETWEEN $5 AND $6", "d.given_on || '' BETWEEN $4 AND $5"},
        {"d.amount + 0 BETWEEN $5 AND $6", "d.amount + 0 BETWEEN $4 AND $5"},
    };
    static const char *const open_bounds[2] = {"$5 <= $6", "$4 <= $5"};
    bool set = by_day ? b->has_amount : b->has_day;
    int at = first_param == 5 ? 0 : 1;
    return set ? checks[by_day][at] : open_bounds[at];
}

struct id_list { int64_t *v; int n, cap; };

static int cmp_id_desc(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? 1 : a > b ? -1 : 0;
}

/* Appends the first column of every row of `sql` to `ids`. */
static int collect_ids(store *s, arena *a, struct id_list *ids, const char *sql, const char *types, ...)
{
    stmt *st = store_prepare(s, sql);
    if (!st) return STORE_ERR;
    va_list ap;
    va_start(ap, types);
    int rc = stmt_bindv(st, types, ap);
    va_end(ap);
    while (rc == STORE_OK && (rc = stmt_step(st)) == STORE_ROW) {
        *ARENA_PUSH(a, ids->v, ids->n, ids->cap) = stmt_int64(st, 0);
        rc = STORE_OK;
    }
    stmt_finalize(st);
    return rc == STORE_DONE || rc == STORE_OK ? STORE_OK : STORE_ERR;
}

/* The ids newest first, cut to the page (plus one). */
static void ids_page(struct id_list *ids, int64_t rows)
{
    if (ids->n > 1) qsort(ids->v, (size_t)ids->n, sizeof *ids->v, cmp_id_desc);
    if (ids->n > rows) ids->n = (int)rows;
}

/* How many rows the amount range (by_day false) or the day range matches, counted up to the cap. */
static int64_t count_capped(store *s, const struct search_bounds *b, bool by_day)
{
    int64_t n = 0;
    int rc = by_day
        ? store_int64(s, &n, "SELECT count(*) FROM (SELECT d.id FROM donation d WHERE d.fund_id = $1"
                             " AND d.given_on BETWEEN $2 AND $3 AND d.id + 0 < $4 LIMIT $5) AS c",
                      "ittii", b->fund_id, b->from, b->to, b->before, SEARCH_SORT_CAP)
        : store_int64(s, &n, "SELECT count(*) FROM (SELECT d.id FROM donation d WHERE d.fund_id = $1"
                             " AND d.amount BETWEEN $2 AND $3 AND d.id + 0 < $4 LIMIT $5) AS c",
                      "iiiii", b->fund_id, b->lo, b->hi, b->before, SEARCH_SORT_CAP);
    return rc < 0 ? STORE_ERR : n;
}

/* Every row of the driving range (amount, or day when by_day), the other range checked on it. */
static int collect_range(store *s, arena *a, const struct search_bounds *b, bool by_day, struct id_list *ids)
{
    return by_day
        ? collect_ids(s, a, ids, arena_printf(a, "SELECT d.id FROM donation d WHERE d.fund_id = $1 AND d.given_on BETWEEN $2 AND $3"
                                                 " AND d.id + 0 < $4 AND %s AND " IMPORT_VISIBLE("d.import_batch_id"), other_filter(b, true, 5)),
                      "ittiii", b->fund_id, b->from, b->to, b->before, b->lo, b->hi)
        : collect_ids(s, a, ids, arena_printf(a, "SELECT d.id FROM donation d WHERE d.fund_id = $1 AND d.amount BETWEEN $2 AND $3"
                                                 " AND d.id + 0 < $4 AND %s AND " IMPORT_VISIBLE("d.import_batch_id"), other_filter(b, false, 5)),
                      "iiiitt", b->fund_id, b->lo, b->hi, b->before, b->from, b->to);
}

/* The distinct amounts (or days) in the range, as long as there are at most SEARCH_GROUPS_MAX:
 * one index probe each. *many when there are more. */
static int range_values(store *s, arena *a, const struct search_bounds *b, bool by_day, int64_t **amounts,
                        const char ***days, int *n, bool *many)
{
    int cap = 0;
    *n = 0;
    *many = false;
    const char *day = b->from;
    int64_t amount = b->lo;
    for (bool first = true;; first = false) {
        if (*n == SEARCH_GROUPS_MAX) { *many = true; return STORE_OK; }
        int rc;
        if (by_day) {
            char *next = NULL;
            rc = store_text(s, &next, a, first ? "SELECT min(d.given_on) FROM donation d WHERE d.fund_id = $1 AND d.given_on >= $2 AND d.given_on <= $3"
                                               : "SELECT min(d.given_on) FROM donation d WHERE d.fund_id = $1 AND d.given_on > $2 AND d.given_on <= $3",
                            "itt", b->fund_id, day, b->to);
            if (rc < 0) return STORE_ERR;
            if (rc == 0 || !next) return STORE_OK;
            *ARENA_PUSH(a, *days, *n, cap) = day = next;
        } else {
            int64_t next = 0;
            rc = store_int64(s, &next, first ? "SELECT min(d.amount) FROM donation d WHERE d.fund_id = $1 AND d.amount >= $2 AND d.amount <= $3"
                                             : "SELECT min(d.amount) FROM donation d WHERE d.fund_id = $1 AND d.amount > $2 AND d.amount <= $3",
                             "iii", b->fund_id, amount, b->hi);
            if (rc < 0) return STORE_ERR;
            if (rc == 0 || next <= 0) return STORE_OK;   /* min() of nothing is NULL, read as 0 */
            *ARENA_PUSH(a, *amounts, *n, cap) = amount = next;
        }
    }
}

/* One newest-first run of at most a page per distinct value of the range, merged. */
static int merge_runs(store *s, arena *a, const struct search_bounds *b, bool by_day, const int64_t *amounts,
                      const char **days, int values, struct id_list *ids)
{
    const char *sql = by_day
        ? arena_printf(a, "SELECT d.id FROM donation d WHERE d.fund_id = $1 AND d.given_on = $2 AND d.id < $3"
                          " AND %s AND " IMPORT_VISIBLE("d.import_batch_id") " ORDER BY d.id DESC LIMIT $6", other_filter(b, true, 4))
        : arena_printf(a, "SELECT d.id FROM donation d WHERE d.fund_id = $1 AND d.amount = $2 AND d.id < $3"
                          " AND %s AND " IMPORT_VISIBLE("d.import_batch_id") " ORDER BY d.id DESC LIMIT $6", other_filter(b, false, 4));
    for (int i = 0; i < values; i++) {
        int rc = by_day ? collect_ids(s, a, ids, sql, "itiiii", b->fund_id, days[i], b->before, b->lo, b->hi, b->rows)
                        : collect_ids(s, a, ids, sql, "iiitti", b->fund_id, amounts[i], b->before, b->from, b->to, b->rows);
        if (rc < 0) return STORE_ERR;
    }
    return STORE_OK;
}

/* The ids a broad day range can hold: the oldest and newest id of each of its days (two index
 * probes a day, at most SEARCH_GROUPS_MAX days). Donations of a day are mostly entered together,
 * so words with a day read the search index over those days only, not over every later row.
 * Leaves the window alone when the range has more days; an empty range gives lo > hi. */
static int day_window(store *s, arena *a, const struct search_bounds *b, int64_t *lo, int64_t *hi)
{
    int64_t *amounts = NULL;
    const char **days = NULL;
    int values;
    bool many;
    if (range_values(s, a, b, true, &amounts, &days, &values, &many) < 0) return STORE_ERR;
    if (many) return STORE_OK;
    int64_t wlo = INT64_MAX, whi = 0;
    for (int i = 0; i < values; i++) {
        stmt *q = store_query(s, "SELECT (SELECT min(d.id) FROM donation d WHERE d.fund_id = $1 AND d.given_on = $2 AND d.id < $3),"
                                 " (SELECT max(d.id) FROM donation d WHERE d.fund_id = $1 AND d.given_on = $2 AND d.id < $3)",
                              "iti", b->fund_id, days[i], b->before);
        if (!q) return STORE_ERR;
        int rc = stmt_step(q);
        if (rc == STORE_ROW && !stmt_is_null(q, 0)) {
            if (stmt_int64(q, 0) < wlo) wlo = stmt_int64(q, 0);
            if (stmt_int64(q, 1) > whi) whi = stmt_int64(q, 1);
        }
        stmt_finalize(q);
        if (rc != STORE_ROW) return STORE_ERR;
    }
    *lo = wlo == INT64_MAX ? 1 : wlo;
    *hi = wlo == INT64_MAX ? 0 : whi;
    return STORE_OK;
}

void donation_search_limits(int64_t sort_cap, int groups_max)
{
    search_sort_cap = sort_cap > 0 ? sort_cap : 5000;
    search_groups_max = groups_max > 0 ? groups_max : 400;
}

/* The page of ids for a query without words: the driver chosen as the comment above says. */
static int search_ids(store *s, arena *a, const struct search_bounds *b, struct id_list *ids)
{
    bool has_amount = b->has_amount, has_day = b->has_day;
    if (!has_amount && !has_day)
        return collect_ids(s, a, ids, "SELECT d.id FROM donation d WHERE d.fund_id = $1 AND d.id < $2 AND " IMPORT_VISIBLE("d.import_batch_id")
                           " ORDER BY d.id DESC LIMIT $3",
                           "iii", b->fund_id, b->before, b->rows);
    int64_t by_amount = has_amount ? count_capped(s, b, false) : INT64_MAX;
    int64_t by_days = has_day ? count_capped(s, b, true) : INT64_MAX;
    if (by_amount < 0 || by_days < 0) return STORE_ERR;
    bool by_day = by_days < by_amount;
    if ((by_day ? by_days : by_amount) < SEARCH_SORT_CAP) {
        if (collect_range(s, a, b, by_day, ids) < 0) return STORE_ERR;
        ids_page(ids, b->rows);
        return STORE_OK;
    }
    /* both broad: runs per value of a range with few distinct values (days first: a day's rows
     * lie together, so a walk from the newest row would cross every later day first) */
    for (int pass = 0; pass < 2; pass++) {
        bool day_runs = pass == 0;
        if (day_runs ? !has_day : !has_amount) continue;
        int64_t *amounts = NULL;
        const char **days = NULL;
        int values;
        bool many;
        if (range_values(s, a, b, day_runs, &amounts, &days, &values, &many) < 0) return STORE_ERR;
        if (many) continue;
        if (merge_runs(s, a, b, day_runs, amounts, days, values, ids) < 0) return STORE_ERR;
        ids_page(ids, b->rows);
        return STORE_OK;
    }
    return collect_ids(s, a, ids, "SELECT d.id FROM donation d WHERE d.fund_id = $1 AND d.id < $2 AND d.amount + 0 BETWEEN $3 AND $4"
                                  " AND d.given_on || '' BETWEEN $5 AND $6 AND " IMPORT_VISIBLE("d.import_batch_id") " ORDER BY d.id DESC LIMIT $7",
                       "iiiitti", b->fund_id, b->before, b->lo, b->hi, b->from, b->to, b->rows);
}

int donation_search(store *s, arena *a, const struct donation_query *q, struct donation **out, int *n, bool *more)
{
    *out = NULL;
    *n = 0;
    *more = false;
    int cap = 0, limit = q->limit < 1 ? 50 : q->limit > 200 ? 200 : q->limit;
    const char *match = q->words ? store_fts_query(s, a, q->words) : NULL;
    /* words with nothing searchable ("--") find nothing rather than everything */
    if (q->words && !match) return 0;
    struct search_bounds b = {
        .fund_id = q->fund_id, .lo = q->min_amount > 0 ? q->min_amount : 0, .hi = q->max_amount > 0 ? q->max_amount : INT64_MAX,
        .before = q->before_id > 0 ? q->before_id : INT64_MAX, .from = q->from ? q->from : "", .to = q->to ? q->to : DAY_MAX,
        .rows = (int64_t)limit + 1,
    };
    b.has_amount = q->min_amount > 0 || q->max_amount > 0;
    b.has_day = q->from || q->to;
    bool has_amount = b.has_amount, has_day = b.has_day;
    struct id_list ids = {0};
    stmt *st;
    if (match) {
        /* the key window: the ids an amount or a day can match at all, when they are few */
        int64_t key_lo = 0, key_hi = b.before - 1;
        for (int pass = 0; pass < 2; pass++) {
            bool by_day = pass == 1;
            if (by_day ? !has_day : !has_amount) continue;
            int64_t cnt = count_capped(s, &b, by_day);
            if (cnt < 0) return STORE_ERR;
            if (cnt >= SEARCH_SORT_CAP) continue;
            ids.n = 0;
            if (collect_range(s, a, &b, by_day, &ids) < 0) return STORE_ERR;
            if (!ids.n) return 0;
            ids_page(&ids, ids.n);
            key_hi = ids.v[0];
            key_lo = ids.v[ids.n - 1];
            break;
        }
        if (has_day && key_lo == 0 && day_window(s, a, &b, &key_lo, &key_hi) < 0) return STORE_ERR;
        if (key_lo > key_hi) return 0;
        const char *from = store_search_from(s, a, "donation_search", "hit", 1);
        if (!from) return STORE_ERR;
        const char *sql = arena_printf(a, "SELECT " DONATION_COLS " FROM %s JOIN donation d ON d.id = hit.key" DONATION_JOIN
                                          " WHERE hit.key BETWEEN $2 AND $3 AND d.fund_id + 0 = $4 AND d.amount + 0 BETWEEN $5 AND $6"
                                          " AND d.given_on || '' BETWEEN $7 AND $8 AND " IMPORT_VISIBLE("d.import_batch_id")
                                          " ORDER BY hit.key DESC LIMIT $9", from);
        st = store_query(s, sql, "tiiiiitti", match, key_lo, key_hi, b.fund_id, b.lo, b.hi, b.from, b.to, b.rows);
        if (!st) return STORE_ERR;
        int rc;
        while ((rc = stmt_step(st)) == STORE_ROW) {
            if (*n == limit) { *more = true; break; }
            donation_from_row(st, a, ARENA_PUSH(a, *out, *n, cap));
        }
        stmt_finalize(st);
        return rc == STORE_ROW || rc == STORE_DONE ? 0 : STORE_ERR;
    }
    if (search_ids(s, a, &b, &ids) < 0) return STORE_ERR;
    if (ids.n > limit) { *more = true; ids.n = limit; }
    st = store_prepare(s, "SELECT " DONATION_COLS " FROM donation d" DONATION_JOIN " WHERE d.id = $1");
    if (!st) return STORE_ERR;
    for (int i = 0; i < ids.n; i++) {
        stmt_reset(st);
        if (stmt_bind_int64(st, 1, ids.v[i]) != STORE_OK) { stmt_finalize(st); return STORE_ERR; }
        int rc = stmt_step(st);
        if (rc == STORE_ROW) donation_from_row(st, a, ARENA_PUSH(a, *out, *n, cap));
        else if (rc != STORE_DONE) { stmt_finalize(st); return STORE_ERR; }
    }
    stmt_finalize(st);
    return 0;
}
