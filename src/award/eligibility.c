/* eligibility.c: whether a subject qualifies for a title or form in a year (award_subject.h),
 * computed from its history and initiatives by the criterion rows in force (award_rules.h), each
 * check citing its clause and showing the evidence it found; and the report of who newly
 * qualifies for what in a year. The rules are data: this file only knows the kinds of check
 * (consecutive titles, initiatives, counts within years, block leadership, the achievement named,
 * one achievement rewarded once, what must be read in the dossier). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "award_rules_internal.h"
#include "award_subject.h"

/* What a judgement reads once: the subject's live history and initiatives (its lineage's). */
struct evidence {
    struct award_history *hist;
    int nhist;
    struct award_initiative *init;
    int ninit;
};

static bool in_list(const char *list, const char *code)
{
    struct award_form f = {.subject_kinds = list};
    return award_form_for_kind(&f, code);   /* the same comma-list membership test */
}

/* The history row of one of `forms` in `year`, or NULL. */
static const struct award_history *held_in(const struct evidence *ev, const char *forms, int year)
{
    for (int i = 0; i < ev->nhist; i++)
        if (ev->hist[i].year == year && in_list(forms, ev->hist[i].form_code)) return &ev->hist[i];
    return NULL;
}

static const char *row_evidence(arena *a, const struct award_history *h)
{
    if (h->decision_ref)
        return arena_printf(a, "%s %d (%s%s%s)", h->form_code, h->year, h->decision_ref, h->decision_date ? " ngày " : "",
                            h->decision_date ? award_vn_day(a, h->decision_date) : "");
    return arena_printf(a, "%s %d", h->form_code, h->year);
}

static void check_consecutive(arena *a, const struct award_criterion *c, const struct evidence *ev, int year,
                              bool *ok, const char **evidence)
{
    buf b = {0};
    int run = 0;
    int missing = 0;
    int need = c->count > 0 ? c->count : 1;
    for (int y = year; y > year - need; y--) {
        const struct award_history *h = held_in(ev, c->forms, y);
        if (h) {
            buf_printf(&b, "%s%s", run ? "; " : "", row_evidence(a, h));
            run++;
        } else if (!missing) missing = y;
    }
    *ok = run == need;
    if (*ok) *evidence = arena_printf(a, "Đủ %d năm liên tục: %s.", need, buf_str(&b));
    else if (run)
        *evidence = arena_printf(a, "Có %d/%d năm (%s); thiếu năm %d.", run, need, buf_str(&b), missing);
    else *evidence = arena_printf(a, "Không có %s trong năm %d%s.", c->forms, year,
                                  need > 1 ? arena_printf(a, " và %d năm trước đó", need - 1) : "");
    buf_free(&b);
}

static void check_initiatives(arena *a, const struct award_criterion *c, const struct evidence *ev, int year,
                              bool *ok, const char **evidence)
{
    int years = c->years > 0 ? c->years : 1, need = c->count > 0 ? c->count : 1;
    int min_rank = award_initiative_level_rank(c->level ? c->level : "co_so");
    buf b = {0};
    int found = 0;
    for (int i = 0; i < ev->ninit; i++) {
        const struct award_initiative *in = &ev->init[i];
        if (in->year > year || in->year <= year - years) continue;
        if (award_initiative_level_rank(in->level) < min_rank) continue;
        buf_printf(&b, "%s\"%s\" (%s, %d%s%s)", found ? "; " : "", in->title, award_initiative_level_label(in->level),
                   in->year, in->recognised_by ? ", " : "", in->recognised_by ? in->recognised_by : "");
        found++;
    }
    *ok = found >= need;
    const char *span = years == 1 ? arena_printf(a, "năm %d", year) : arena_printf(a, "%d–%d", year - years + 1, year);
    *evidence = found ? arena_printf(a, "%d/%d sáng kiến từ %s trở lên trong %s: %s.", found, need,
                                     award_initiative_level_label(c->level ? c->level : "co_so"), span, buf_str(&b))
                      : arena_printf(a, "Không có sáng kiến %s trở lên trong %s (cần %d).",
                                     award_initiative_level_label(c->level ? c->level : "co_so"), span, need);
    buf_free(&b);
}

static void check_within(arena *a, const struct award_criterion *c, const struct evidence *ev, int year, bool negate,
                         bool *ok, const char **evidence)
{
    int years = c->years > 0 ? c->years : 1, need = c->count > 0 ? c->count : 1;
    buf b = {0};
    int found = 0;
    for (int i = 0; i < ev->nhist; i++) {
        const struct award_history *h = &ev->hist[i];
        if (h->year > year || h->year <= year - years || !in_list(c->forms, h->form_code)) continue;
        buf_printf(&b, "%s%s", found ? "; " : "", row_evidence(a, h));
        found++;
    }
    const char *span = arena_printf(a, "%d–%d", year - years + 1, year);
    if (negate) {
        *ok = found == 0;
        *evidence = found ? arena_printf(a, "Đã có trong %s: %s.", span, buf_str(&b))
                          : arena_printf(a, "Không có %s trong %s.", c->forms, span);
    } else {
        *ok = found >= need;
        *evidence = found ? arena_printf(a, "%d/%d lần trong %s: %s.", found, need, span, buf_str(&b))
                          : arena_printf(a, "Không có %s trong %s (cần %d).", c->forms, span, need);
    }
    buf_free(&b);
}

static int check_block_leader(store *s, arena *a, const struct award_subject *subj, int year, bool *ok,
                              const char **evidence)
{
    *ok = false;
    if (!str_starts(subj->key, "unit:")) {
        *evidence = "Đối tượng không phải đơn vị trong cây tổ chức, nên không thuộc khối, cụm thi đua nào.";
        return 1;
    }
    int64_t *units;
    int nu;
    int rc = award_unit_lineage(s, a, subj->unit_id, &units, &nu);
    if (rc < 0) return rc;
    for (int i = 0; i < nu && !*ok; i++) {
        char *block = NULL;
        rc = store_text(s, &block, a, "SELECT b.name FROM block_leadership l JOIN emulation_block b ON b.id = l.block_id"
                                      " WHERE l.year = $1 AND l.head_unit_id = $2 ORDER BY b.name LIMIT 1",
                        "ii", (int64_t)year, units[i]);
        if (rc < 0) return rc;
        if (rc == 1) {
            *ok = true;
            *evidence = arena_printf(a, "Dẫn đầu %s năm %d.", block, year);
        }
    }
    if (!*ok) *evidence = arena_printf(a, "Không dẫn đầu khối, cụm thi đua nào năm %d.", year);
    return 1;
}

static void add_check(arena *a, struct award_eligibility *out, int *cap, const struct award_check *c)
{
    out->checks = arena_grow(a, out->checks, out->n, cap, sizeof *out->checks);
    out->checks[out->n++] = *c;
}

int award_eligibility_for(store *s, arena *a, int64_t subject_id, const char *form_code, int year,
                          const char *achievement_key, struct award_eligibility *out)
{
    memset(out, 0, sizeof *out);
    struct award_subject subj;
    int rc = award_subject_get(s, a, subject_id, &subj);
    if (rc <= 0) return rc;
    char date[11];
    award_year_date(year, date);
    struct award_form form;
    rc = award_form_at(s, a, form_code, date, &form);
    if (rc <= 0) return rc;
    out->subject_id = subject_id;
    out->form_code = form.code;
    out->form_name = form.name;
    out->year = year;
    out->alternative_met = "";
    int cap = 0;

    struct award_check kind = {0};
    kind.alternative = "";
    kind.text = arena_printf(a, "%s dành cho: %s", form.name, form.subject_kinds);
    kind.citation = form.citation;
    kind.blocking = true;
    kind.outcome = award_form_for_kind(&form, subj.kind) ? AWARD_CHECK_PASS : AWARD_CHECK_FAIL;
    kind.evidence = arena_printf(a, "Đối tượng là %s.", award_kind_label(subj.kind));
    add_check(a, out, &cap, &kind);

    struct evidence ev = {0};
    if ((rc = award_history_of(s, a, subject_id, false, &ev.hist, &ev.nhist)) < 0) return rc;
    if ((rc = award_initiatives_of(s, a, subject_id, &ev.init, &ev.ninit)) < 0) return rc;
    struct award_criterion *crit;
    int ncrit;
    if ((rc = award_criteria_at(s, a, form.code, subj.kind, date, &crit, &ncrit)) < 0) return rc;

    for (int i = 0; i < ncrit; i++) {
        const struct award_criterion *c = &crit[i];
        struct award_check ck = {c->id, c->alternative, c->text, c->citation, NULL, AWARD_CHECK_PASS, c->blocking};
        bool ok = false;
        if (str_eq(c->check, "consecutive")) check_consecutive(a, c, &ev, year, &ok, &ck.evidence);
        else if (str_eq(c->check, "initiatives")) check_initiatives(a, c, &ev, year, &ok, &ck.evidence);
        else if (str_eq(c->check, "within")) check_within(a, c, &ev, year, false, &ok, &ck.evidence);
        else if (str_eq(c->check, "not_within")) check_within(a, c, &ev, year, true, &ok, &ck.evidence);
        else if (str_eq(c->check, "block_leader")) {
            if ((rc = check_block_leader(s, a, &subj, year, &ok, &ck.evidence)) < 0) return rc;
        } else if (str_eq(c->check, "achievement")) {
            ok = achievement_key && *achievement_key;
            ck.evidence = ok ? arena_printf(a, "Thành tích đề nghị: %s.", achievement_key)
                             : "Chưa nêu thành tích cụ thể được bình xét.";
        } else if (str_eq(c->check, "once")) {
            if (!achievement_key || !*achievement_key) continue;   /* nothing named: nothing to compare */
            struct award_history prior;
            if ((rc = award_history_find_achievement(s, a, subject_id, achievement_key, &prior)) < 0) return rc;
            ok = rc == 0;
            ck.evidence = ok ? arena_printf(a, "Thành tích \"%s\" chưa được khen thưởng.", achievement_key)
                             : arena_printf(a, "Thành tích \"%s\" đã được khen thưởng: %s.", achievement_key,
                                            row_evidence(a, &prior));
        } else if (str_eq(c->check, "manual")) {
            ck.outcome = AWARD_CHECK_WARN;
            ck.blocking = false;
            ck.evidence = "Cần kiểm tra trong hồ sơ (biên bản, báo cáo thành tích).";
            add_check(a, out, &cap, &ck);
            continue;
        } else {
            ck.evidence = arena_printf(a, "Loại điều kiện \"%s\" chưa được hỗ trợ: coi như chưa đạt.", c->check);
        }
        ck.outcome = ok ? AWARD_CHECK_PASS : c->blocking ? AWARD_CHECK_FAIL : AWARD_CHECK_WARN;
        add_check(a, out, &cap, &ck);
    }

    /* The verdict: no blocking failure among the common checks, and (when the form has
     * alternatives) one alternative whose blocking checks all pass. */
    bool common_ok = true, has_alt = false;
    for (int i = 0; i < out->n; i++) {
        const struct award_check *c = &out->checks[i];
        if (!*c->alternative) { if (c->blocking && c->outcome == AWARD_CHECK_FAIL) common_ok = false; }
        else has_alt = true;
    }
    const char *met = NULL;
    for (int i = 0; i < out->n && has_alt && !met; i++) {
        const char *alt = out->checks[i].alternative;
        if (!*alt) continue;
        bool all = true;
        for (int j = 0; j < out->n; j++)
            if (str_eq(out->checks[j].alternative, alt) && out->checks[j].blocking && out->checks[j].outcome == AWARD_CHECK_FAIL)
                all = false;
        if (all) met = alt;
    }
    out->eligible = common_ok && (!has_alt || met);
    out->alternative_met = met ? met : "";
    /* Once one alternative is met, the failures of the others block nothing. */
    for (int i = 0; i < out->n; i++) {
        struct award_check *c = &out->checks[i];
        if (met && *c->alternative && !str_eq(c->alternative, met)) c->blocking = false;
        if (c->outcome == AWARD_CHECK_FAIL && c->blocking) out->blocking_failures++;
        if (c->outcome == AWARD_CHECK_WARN || (c->outcome == AWARD_CHECK_FAIL && !c->blocking)) out->warnings++;
    }
    return 1;
}

int award_eligibility(store *s, arena *a, int64_t subject_id, const char *form_code, int year,
                      struct award_eligibility *out)
{
    return award_eligibility_for(s, a, subject_id, form_code, year, NULL, out);
}

json_t *award_eligibility_json(const struct award_eligibility *e)
{
    json_t *checks = json_array();
    for (int i = 0; i < e->n; i++) {
        const struct award_check *c = &e->checks[i];
        const char *o = c->outcome == AWARD_CHECK_PASS ? "pass" : c->outcome == AWARD_CHECK_FAIL ? "fail" : "warn";
        json_array_append_new(checks, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s, s:b}", "criterion_id",
                                                (json_int_t)c->criterion_id, "alternative", c->alternative, "text",
                                                c->text, "citation", c->citation, "evidence", c->evidence, "outcome", o,
                                                "blocking", c->blocking));
    }
    return json_pack("{s:I, s:s, s:s?, s:i, s:b, s:s, s:i, s:i, s:o}", "subject_id", (json_int_t)e->subject_id,
                     "form_code", e->form_code ? e->form_code : "", "form_name", e->form_name, "year", e->year,
                     "eligible", e->eligible, "alternative_met", e->alternative_met ? e->alternative_met : "",
                     "blocking_failures", e->blocking_failures, "warnings", e->warnings, "checks", checks);
}

/* ---- the yearly report ---- */

int award_newly_qualified(store *s, arena *a, int year, struct award_qualifier **out, int *n)
{
    *out = NULL;
    *n = 0;
    char date[11];
    award_year_date(year, date);
    struct award_form *forms;
    int nforms;
    int rc = award_forms_at(s, a, date, &forms, &nforms);
    if (rc < 0) return rc;
    /* Every subject, read a page at a time, in Vietnamese name order. */
    struct award_subject *subs = NULL;
    int ns = 0, scap = 0;
    for (int offset = 0;; offset += 500) {
        struct award_subject_query q = {.limit = 500, .offset = offset};
        struct award_subject *page;
        int np;
        if ((rc = award_subject_list(s, a, &q, &page, &np, NULL)) < 0) return rc;
        for (int i = 0; i < np; i++) {
            subs = arena_grow(a, subs, ns, &scap, sizeof *subs);
            subs[ns++] = page[i];
        }
        if (np < 500) break;
    }
    int cap = 0;
    for (int f = 0; f < nforms; f++) {
        if (str_eq(forms[f].category, "rating")) continue;
        for (int i = 0; i < ns; i++) {
            if (!award_form_for_kind(&forms[f], subs[i].kind)) continue;
            struct award_eligibility now, before;
            if ((rc = award_eligibility(s, a, subs[i].id, forms[f].code, year, &now)) < 0) return rc;
            if (rc == 0 || !now.eligible) continue;
            int64_t got;
            rc = store_int64(s, &got, "SELECT id FROM award_history WHERE subject_id = $1 AND form_code = $2 AND year = $3"
                                      " AND revoked_at IS NULL", "iti", subs[i].id, forms[f].code, (int64_t)year);
            if (rc < 0) return rc;
            if (rc == 1) continue;
            if ((rc = award_eligibility(s, a, subs[i].id, forms[f].code, year - 1, &before)) < 0) return rc;
            if (rc == 1 && before.eligible) continue;
            *out = arena_grow(a, *out, *n, &cap, sizeof **out);
            (*out)[*n].subject = subs[i];
            (*out)[*n].verdict = now;
            (*n)++;
        }
    }
    return 1;
}
