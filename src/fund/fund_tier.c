/* fund_tier.c: who qualifies for a fund's recognition tiers (each donor's total to the fund,
 * reversals excluded, within the tier's period when it has one) and the one action that hands
 * the qualifying donors of a tier tied to a commendation form to commendation, through
 * proposal_intake (core): only donors whose identity is confirmed (a tax code, a citizen ID or a
 * unit, checked by a person) — a name read from a transfer is not an identity. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "fund.h"
#include "fund_internal.h"
#include "proposal_intake.h"
#include "vn_calendar.h"

/* Qualifiers of a tier over [from, to] (ISO, NULL: open). */
static int qualifiers_between(store *s, arena *a, const struct fund_tier *t, const char *from, const char *to,
                              struct tier_qualifier **out, int *n)
{
    *out = NULL;
    *n = 0;
    int cap = 0, rc;
    stmt *q = store_query(s,
        "SELECT o.id, o.name, o.display_name, o.kind, o.tax_code, o.citizen_id, o.anonymous, o.honour_consent,"
        " o.identity_confirmed, coalesce(o.unit_id, 0), sum(d.amount), count(*)"
        " FROM donation d JOIN donor o ON o.id = d.donor_id"
        " WHERE d.fund_id = $1 AND d.reversed_on IS NULL AND " IMPORT_VISIBLE("d.import_batch_id")
        " AND ($2 = '' OR d.given_on >= $2) AND ($3 = '' OR d.given_on <= $3)"
        " GROUP BY o.id, o.name, o.display_name, o.kind, o.tax_code, o.citizen_id, o.anonymous, o.honour_consent,"
        "  o.identity_confirmed, o.unit_id"
        " HAVING sum(d.amount) >= $4 ORDER BY sum(d.amount) DESC, o.id",
        "itti", t->fund_id, from ? from : "", to ? to : "", t->threshold);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct tier_qualifier *x = ARENA_PUSH(a, *out, *n, cap);
        struct donor d = {.name = stmt_text_dup(q, 1, a), .display_name = stmt_text_dup(q, 2, a),
                          .anonymous = stmt_int64(q, 6) != 0};
        const char *tax = stmt_text(q, 4), *cid = stmt_text(q, 5);
        x->donor_id = stmt_int64(q, 0);
        x->name = d.name;
        x->public_name = donor_public_name(&d);
        x->kind = stmt_text_dup(q, 3, a);
        x->anonymous = d.anonymous;
        x->honour_consent = stmt_int64(q, 7) != 0;
        x->identity_confirmed = stmt_int64(q, 8) != 0;
        x->unit_id = stmt_int64(q, 9);
        x->total = stmt_int64(q, 10);
        x->gifts = stmt_int64(q, 11);
        if (x->identity_confirmed)
            x->subject_key = tax ? arena_printf(a, "tax:%s", tax)
                           : cid ? arena_printf(a, "cid:%s", cid)
                           : x->unit_id ? arena_printf(a, "unit:%lld", (long long)x->unit_id) : NULL;
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

int tier_qualifiers(store *s, arena *a, const struct fund_tier *t, struct tier_qualifier **out, int *n)
{
    return qualifiers_between(s, a, t, t->period_from, t->period_to, out, n);
}

int tier_propose(store *s, arena *a, const struct actor *ac, int64_t tier_id, int year, int *created, int *existing,
                 int *skipped, struct field_errors *fe)
{
    *created = *existing = *skipped = 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct fund_tier t = {0};
    stmt *q = store_query(s, "SELECT fund_id, threshold, label, form_code, period_from, period_to FROM fund_tier WHERE id = $1",
                          "i", tier_id);
    int rc = q ? stmt_step(q) : STORE_ERR;
    if (rc == STORE_ROW) {
        t.id = tier_id;
        t.fund_id = stmt_int64(q, 0);
        t.threshold = stmt_int64(q, 1);
        t.label = stmt_text_dup(q, 2, a);
        t.form_code = stmt_text_dup(q, 3, a);
        t.period_from = stmt_text_dup(q, 4, a);
        t.period_to = stmt_text_dup(q, 5, a);
    }
    stmt_finalize(q);
    if (rc < 0) { store_rollback(s); return STORE_ERR; }
    if (rc != STORE_ROW) { store_rollback(s); ferr_add(fe, "tier", "Không có mức ghi nhận này."); return 0; }
    struct fund f;
    rc = fund_manageable(s, a, ac, t.fund_id, &f, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    if (!t.form_code) {
        store_rollback(s);
        ferr_add(fe, "tier", "Mức này không gắn với hình thức khen thưởng nào: không có đề nghị để tạo.");
        return 0;
    }
    /* The gifts of that year, unless the tier has a period of its own. */
    char from[11], to[11];
    snprintf(from, sizeof from, "%04u-01-01", (unsigned)year % 10000u);
    snprintf(to, sizeof to, "%04u-12-31", (unsigned)year % 10000u);
    struct tier_qualifier *v;
    int n;
    rc = qualifiers_between(s, a, &t, t.period_from ? t.period_from : from, t.period_to ? t.period_to : to, &v, &n);
    if (rc < 0) { store_rollback(s); return rc; }
    json_t *ids = json_array();
    for (int i = 0; i < n; i++) {
        if (!v[i].subject_key) { ++*skipped; continue; }
        char amount[64];
        vn_amount_format(v[i].total, true, amount, sizeof amount);
        struct proposal_intake p = {
            .source = "fund_tier",
            .source_ref = arena_printf(a, "fund:%lld/tier:%lld", (long long)t.fund_id, (long long)t.id),
            .subject_kind = v[i].kind, .subject_name = v[i].name, .subject_key = v[i].subject_key, .unit_id = v[i].unit_id,
            .form_code = t.form_code,
            .achievement = arena_printf(a, "fund:%lld/tier:%lld/%d", (long long)t.fund_id, (long long)t.id, year),
            .reason = arena_printf(a, "Đã ủng hộ %s cho %s (%s)", amount, f.name, t.label),
            .amount = v[i].total, .year = year,
        };
        int64_t had = 0, id = proposal_intake_add(s, ac, &p, &had);
        if (id < 0) { json_decref(ids); store_rollback(s); return STORE_ERR; }
        if (id > 0) { ++*created; json_array_append_new(ids, json_integer(id)); }
        else ++*existing;
    }
    json_t *after = json_pack("{s:I, s:i, s:o, s:i, s:i}", "tier_id", (json_int_t)tier_id, "year", year, "intake_ids", ids,
                              "already", *existing, "unconfirmed", *skipped);
    int64_t aid = audit_as(s, ac, "propose", "fund_tier", tier_id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return 1;
}
