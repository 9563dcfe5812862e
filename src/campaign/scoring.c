/* scoring.c: block scoring and ranking (scoring.h). A unit's score is the sum of its lines: a
 * computed line gives max × the weighted share of the unit's campaign targets that are đạt; an
 * entered line the Board's points; a bonus adds and a penalty subtracts; each times the criterion's
 * weight. The ranking applies SCORING_TIE_RULE; the leaders (rank 1, several when tied throughout)
 * are put forward through proposal_intake in one audited transaction. */
#include "scoring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "proposal_intake.h"
#include "vn.h"

static const struct vn_field f_title = {1, CAMPAIGN_NAME_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_note = {0, CAMPAIGN_TEXT_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};

void scoring_points_format(int64_t milli, char *out, size_t cap)
{
    char n[32];
    eval_format(milli, n, sizeof n);
    snprintf(out, cap, "%s điểm", n);
}

/* total desc, then penalty asc, then targets points desc; equal on all three: same rank */
static int score_order(const void *x, const void *y)
{
    const struct unit_score *a = x, *b = y;
    if (a->total != b->total) return a->total > b->total ? -1 : 1;
    if (a->penalty != b->penalty) return a->penalty < b->penalty ? -1 : 1;
    if (a->targets_points != b->targets_points) return a->targets_points > b->targets_points ? -1 : 1;
    return strcmp(a->unit_name ? a->unit_name : "", b->unit_name ? b->unit_name : "");   /* display order only */
}

void scoring_rank(struct unit_score *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, score_order);
    for (int i = 0; i < n; i++) {
        bool tied = i && v[i].total == v[i - 1].total && v[i].penalty == v[i - 1].penalty &&
                    v[i].targets_points == v[i - 1].targets_points;
        v[i].rank = tied ? v[i - 1].rank : i + 1;
    }
}

#define SHEET_COLS "s.id, s.block_id, s.campaign_id, s.year, s.title, b.name, c.code, s.illustrative"
#define SHEET_FROM " FROM scoring_sheet s JOIN emulation_block b ON b.id = s.block_id JOIN campaign c ON c.id = s.campaign_id"
static void sheet_from_row(stmt *q, arena *a, struct scoring_sheet *s)
{
    s->id = stmt_int64(q, 0);
    s->block_id = stmt_int64(q, 1);
    s->campaign_id = stmt_int64(q, 2);
    s->year = (int)stmt_int64(q, 3);
    s->title = stmt_text_dup(q, 4, a);
    s->block_name = stmt_text_dup(q, 5, a);
    s->campaign_code = stmt_text_dup(q, 6, a);
    s->illustrative = stmt_int64(q, 7) != 0;
}

int scoring_sheet_get(store *s, arena *a, int64_t id, struct scoring_sheet *out)
{
    stmt *q = store_query(s, "SELECT " SHEET_COLS SHEET_FROM " WHERE s.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) sheet_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

int scoring_sheets_of_campaign(store *s, arena *a, int64_t campaign_id, struct scoring_sheet **out, int *n)
{
    stmt *q = store_query(s, "SELECT " SHEET_COLS SHEET_FROM " WHERE s.campaign_id = $1 ORDER BY s.year DESC, b.name", "i", campaign_id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct scoring_sheet *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) sheet_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

static int criteria_of_sheet(store *s, arena *a, int64_t sheet_id, struct scoring_criterion **out, int *n)
{
    stmt *q = store_query(s, "SELECT id, code, title, kind, max_points, weight, group_numbers, method FROM scoring_criterion"
                             " WHERE sheet_id = $1 ORDER BY position", "i", sheet_id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct scoring_criterion *cr = arena_grow(a, NULL, 0, &cap, sizeof *cr);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct scoring_criterion *x = ARENA_PUSH(a, cr, cnt, cap);
        x->id = stmt_int64(q, 0);
        x->code = stmt_text_dup(q, 1, a);
        x->title = stmt_text_dup(q, 2, a);
        x->kind = stmt_text_dup(q, 3, a);
        x->max_points = stmt_int64(q, 4);
        x->weight = (int)stmt_int64(q, 5);
        x->group_numbers = stmt_text_dup(q, 6, a);
        x->method = stmt_text_dup(q, 7, a);
    }
    stmt_finalize(q);
    *out = cr;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

/* Whether group `number` is in the list "1,3" (NULL: every group). */
static bool group_listed(const char *list, int number)
{
    if (!list) return true;
    for (const char *p = list; *p;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p) return false;
        if (v == number) return true;
        p = *end == ',' ? end + 1 : end;
    }
    return false;
}

/* The units' counts over the targets of the listed groups only: the evaluation narrowed to them. */
static int counts_in_groups(store *s, arena *a, const struct campaign_eval *e, const char *groups, const int64_t *ids, int nunits,
                            struct status_count *out)
{
    struct campaign_eval sub = *e;
    sub.from_tally = false;   /* e is a full evaluation (every share evaluated): the kept counts span every group */
    sub.targets = arena_alloc(a, sizeof *sub.targets * (size_t)(e->n ? e->n : 1));
    sub.results = arena_alloc(a, sizeof *sub.results * (size_t)(e->n ? e->n : 1));
    sub.n = 0;
    for (int i = 0; i < e->n; i++)
        if (group_listed(groups, e->targets[i].group_number)) {
            sub.targets[sub.n] = e->targets[i];
            sub.results[sub.n++] = e->results[i];
        }
    return campaign_units_counts(s, a, &sub, ids, nunits, out);
}

int scoring_compute(store *s, arena *a, int64_t sheet_id, const char *on, struct scoring_result *out)
{
    memset(out, 0, sizeof *out);
    int rc = scoring_sheet_get(s, a, sheet_id, &out->sheet);
    if (rc <= 0) return rc;
    struct campaign c;
    if (campaign_get(s, a, out->sheet.campaign_id, &c) != 1) return STORE_ERR;
    if (!on) {
        char today[11];
        iso_date_today(today);
        on = strcmp(today, c.end_date) < 0 ? arena_strdup(a, today) : c.end_date;
    }
    out->on = on;
    struct campaign_eval e;
    if (campaign_evaluate_brief(s, a, &c, on, &e) != STORE_OK) return STORE_ERR;
    /* criteria */
    struct scoring_criterion *cr;
    if (criteria_of_sheet(s, a, sheet_id, &cr, &out->ncriteria) != STORE_OK) return STORE_ERR;
    out->criteria = cr;
    stmt *q;
    /* the block's members during the year */
    char first[16], last[16];
    snprintf(first, sizeof first, "%04d-01-01", out->sheet.year);
    snprintf(last, sizeof last, "%04d-12-31", out->sheet.year);
    q = store_query(s, "SELECT u.id, u.name FROM block_member m JOIN unit u ON u.id = m.unit_id WHERE m.block_id = $1"
                       " AND (m.joined IS NULL OR m.joined <= $3) AND (m.left_on IS NULL OR m.left_on >= $2) ORDER BY u.sort_key",
                    "itt", out->sheet.block_id, first, last);
    if (!q) return STORE_ERR;
    int ucap = 0;
    struct unit_score *us = arena_grow(a, NULL, 0, &ucap, sizeof *us);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct unit_score *u = ARENA_PUSH(a, us, out->nunits, ucap);
        u->unit_id = stmt_int64(q, 0);
        u->unit_name = stmt_text_dup(q, 1, a);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(out->nunits ? out->nunits : 1));
    struct status_count *counts = arena_alloc(a, sizeof *counts * (size_t)(out->nunits ? out->nunits : 1));
    for (int i = 0; i < out->nunits; i++) ids[i] = us[i].unit_id;
    if (campaign_units_counts(s, a, &e, ids, out->nunits, counts) != STORE_OK) return STORE_ERR;
    /* criteria narrowed to some groups count over those groups' targets only */
    struct status_count **scoped = arena_alloc(a, sizeof *scoped * (size_t)(out->ncriteria ? out->ncriteria : 1));
    struct campaign_eval full;
    bool have_full = false;
    for (int k = 0; k < out->ncriteria; k++) {
        scoped[k] = counts;
        if (!str_eq(cr[k].kind, "targets") || !cr[k].group_numbers) continue;
        /* the brief evaluation may take the shares from the kept counts, which do not say their
         * group: a criterion narrowed to groups counts over every share evaluated */
        if (!have_full && campaign_evaluate(s, a, &c, on, &full) != STORE_OK) return STORE_ERR;
        have_full = true;
        scoped[k] = arena_alloc(a, sizeof *counts * (size_t)(out->nunits ? out->nunits : 1));
        if (counts_in_groups(s, a, &full, cr[k].group_numbers, ids, out->nunits, scoped[k]) != STORE_OK) return STORE_ERR;
    }
    /* the Board's points of the whole sheet, in one query */
    struct entry { int64_t criterion, unit, points; const char *note; } *en = NULL;
    int nen = 0, encap = 0;
    q = store_query(s, "SELECT criterion_id, unit_id, points, note FROM scoring_entry WHERE sheet_id = $1", "i", sheet_id);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct entry *x = ARENA_PUSH(a, en, nen, encap);
        *x = (struct entry){stmt_int64(q, 0), stmt_int64(q, 1), stmt_int64(q, 2), stmt_text_dup(q, 3, a)};
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    for (int i = 0; i < out->nunits; i++) {
        struct unit_score *u = &us[i];
        u->lines = arena_alloc(a, sizeof *u->lines * (size_t)(out->ncriteria ? out->ncriteria : 1));
        for (int k = 0; k < out->ncriteria; k++) {
            const struct scoring_criterion *x = &cr[k];
            struct score_line *l = &u->lines[u->nlines++];
            l->c = x;
            char mx[32];
            eval_format(x->max_points, mx, sizeof mx);
            if (str_eq(x->kind, "targets")) {
                struct status_count sc = scoped[k][i];
                const char *where = x->group_numbers ? arena_printf(a, " trong nhóm %s", x->group_numbers) : " trong phong trào";
                char p[32];
                if (!sc.weight_total) {
                    l->points = 0;
                    l->why = arena_printf(a, "Không được giao chỉ tiêu nào%s: 0 điểm.", where);
                } else if (str_eq(x->method, "all")) {
                    bool every = sc.weight_met == sc.weight_total;
                    l->points = every ? x->max_points : 0;
                    l->why = arena_printf(a, "Đạt %d/%d chỉ tiêu được giao%s (theo trọng số) tại ngày %.2s/%.2s/%.4s; tiêu chí cho %s điểm"
                                             " khi đạt tất cả: %s.", sc.weight_met, sc.weight_total, where, on + 8, on + 5, on, mx,
                                          every ? arena_printf(a, "được %s điểm", mx) : "0 điểm");
                } else {
                    l->points = (int64_t)((__int128)x->max_points * sc.weight_met / sc.weight_total);
                    eval_format(l->points, p, sizeof p);
                    l->why = arena_printf(a, "Đạt %d/%d chỉ tiêu được giao%s (theo trọng số) tại ngày %.2s/%.2s/%.4s: %s × %d/%d = %s điểm"
                                             " (làm tròn xuống đến phần nghìn).",
                                          sc.weight_met, sc.weight_total, where, on + 8, on + 5, on, mx, sc.weight_met, sc.weight_total, p);
                }
                u->targets_points += l->points * x->weight;
            } else {
                int64_t pts = 0;
                const char *note = NULL;
                bool found = false;
                for (int k2 = 0; k2 < nen && !found; k2++)
                    if (en[k2].criterion == x->id && en[k2].unit == u->unit_id) { found = true; pts = en[k2].points; note = en[k2].note; }
                l->points = pts;
                l->entered = found;
                l->note = note;
                char p[32];
                eval_format(pts, p, sizeof p);
                l->why = !found ? arena_printf(a, "Ban chưa chấm tiêu chí này: 0 điểm (tối đa %s).", mx)
                                : arena_printf(a, "Ban chấm %s/%s điểm%s%s", p, mx, note ? ": " : ".", note ? note : "");
            }
            l->contribution = l->points * x->weight * (str_eq(x->kind, "penalty") ? -1 : 1);
            if (str_eq(x->kind, "penalty")) u->penalty += l->points * x->weight;
            u->total += l->contribution;
        }
    }
    scoring_rank(us, out->nunits);
    out->units = us;
    return 1;
}

static bool parse_points(arena *a, const char *in, const char *key, int64_t *out, struct field_errors *fe)
{
    if (!eval_parse(in, out) || *out < 0) {
        ferr_add(fe, key, arena_printf(a, "Điểm \"%s\" không hợp lệ: một số không âm, tối đa 3 chữ số thập phân.", in ? in : ""));
        return false;
    }
    return true;
}

static int64_t finish(store *s, int64_t aid, int64_t id)
{
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return id;
}

static const struct vn_field f_code = {1, CAMPAIGN_CODE_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};

/* "3, 1 3" → "1,3": the listed groups, each one of the campaign's, ascending, once each; NULL for
 * none listed. Errors under key. */
static const char *group_list_clean(store *s, arena *a, int64_t campaign_id, const char *in, const char *label, const char *key,
                                    struct field_errors *fe)
{
    if (str_empty(in)) return NULL;
    struct campaign_group *g;
    int ng = 0;
    if (campaign_groups(s, a, campaign_id, &g, &ng) != STORE_OK) { ferr_add(fe, key, "Không đọc được các nhóm của phong trào."); return NULL; }
    bool *on = arena_alloc(a, sizeof *on * (size_t)(ng ? ng : 1));
    memset(on, 0, sizeof *on * (size_t)(ng ? ng : 1));
    for (const char *p = in; *p;) {
        if (*p == ',' || *p == ' ' || *p == ';') { p++; continue; }
        char *end;
        long v = strtol(p, &end, 10);
        int found = -1;
        for (int i = 0; i < ng && end != p; i++) if (g[i].number == v) found = i;
        if (end == p || found < 0) {
            ferr_add(fe, key, arena_printf(a, "%s: \"%s\" không phải số thứ tự một nhóm nội dung của phong trào.", label, in));
            return NULL;
        }
        on[found] = true;
        p = end;
    }
    buf b = {0};
    int *nums = arena_alloc(a, sizeof *nums * (size_t)(ng ? ng : 1)), nn = 0;
    for (int i = 0; i < ng; i++) if (on[i]) nums[nn++] = g[i].number;
    for (int i = 1; i < nn; i++)   /* insertion sort: a campaign has a handful of groups */
        for (int j = i; j > 0 && nums[j - 1] > nums[j]; j--) { int t = nums[j]; nums[j] = nums[j - 1]; nums[j - 1] = t; }
    for (int i = 0; i < nn; i++) buf_printf(&b, "%s%d", i ? "," : "", nums[i]);
    const char *out = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return out;
}

/* One criterion checked (kind, maximum, weight, groups, method) into a clean copy; errors under key
 * with the criterion's place in `label`. */
static bool criterion_check(store *s, arena *a, int64_t campaign_id, const struct scoring_criterion_input *in, const char *key,
                            const char *label, struct scoring_criterion_input *out, int64_t *maxp, struct field_errors *fe)
{
    int before = fe->n;
    *out = *in;
    out->code = field_clean(a, in->code, &f_code, key, arena_printf(a, "%s: mã", label), fe);
    out->title = field_clean(a, in->title, &f_title, key, arena_printf(a, "%s: tên", label), fe);
    if ((!out->code || !out->title) && fe->n == before) ferr_add(fe, key, arena_printf(a, "%s cần mã và tên.", label));
    bool targets = str_eq(in->kind, "targets");
    if (!targets && !str_eq(in->kind, "entered") && !str_eq(in->kind, "bonus") && !str_eq(in->kind, "penalty"))
        ferr_add(fe, key, arena_printf(a, "%s: loại là targets (tính từ chỉ tiêu), entered (Ban chấm), bonus (điểm thưởng) hoặc "
                                          "penalty (điểm trừ).", label));
    if (parse_points(a, in->max_points, key, maxp, fe) && *maxp <= 0)
        ferr_add(fe, key, arena_printf(a, "%s: điểm tối đa phải lớn hơn 0.", label));
    if (in->weight < 0 || in->weight > 100) ferr_add(fe, key, arena_printf(a, "%s: hệ số từ 1 đến 100.", label));
    out->weight = in->weight ? in->weight : 1;
    out->method = str_empty(in->method) ? "share" : in->method;
    if (!str_eq(out->method, "share") && !str_eq(out->method, "all"))
        ferr_add(fe, key, arena_printf(a, "%s: cách tính là share (theo tỷ lệ chỉ tiêu đạt) hoặc all (đạt tất cả mới có điểm).", label));
    else if (!targets && str_eq(out->method, "all"))
        ferr_add(fe, key, arena_printf(a, "%s: chỉ tiêu chí tính từ chỉ tiêu mới có cách tính \"all\".", label));
    out->group_numbers = NULL;
    if (!str_empty(in->group_numbers) && !targets)
        ferr_add(fe, key, arena_printf(a, "%s: chỉ tiêu chí tính từ chỉ tiêu mới chọn nhóm nội dung.", label));
    else if (targets)
        out->group_numbers = group_list_clean(s, a, campaign_id, in->group_numbers, label, key, fe);
    return fe->n == before;
}

static int64_t insert_criterion(store *s, int64_t sheet_id, int position, const struct scoring_criterion_input *c, int64_t maxp)
{
    int64_t id = 0;
    int rc = store_int64(s, &id, "INSERT INTO scoring_criterion(sheet_id, position, code, title, kind, max_points, weight, group_numbers, method)"
                                 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id", "iItttiItt", sheet_id, position, c->code,
                         c->title, c->kind, maxp, c->weight, c->group_numbers, c->method);
    return rc == 1 ? id : rc == STORE_CONSTRAINT ? 0 : STORE_ERR;
}

static json_t *criterion_json(const struct scoring_criterion_input *c, int64_t maxp)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:i, s:s?, s:s}", "code", c->code, "title", c->title, "kind", c->kind, "max_points_milli",
                     (json_int_t)maxp, "weight", c->weight, "group_numbers", c->group_numbers, "method", c->method);
}

int64_t scoring_sheet_create(store *s, arena *a, const struct actor *ac, int64_t campaign_id, int64_t block_id, int year,
                             const char *title, const struct scoring_criterion_input *crit, int ncrit, bool illustrative,
                             struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", CAMPAIGN_NO_CAP); return 0; }
    const char *t = field_clean(a, title, &f_title, "title", "Tên bảng điểm", fe);
    if (!t && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập tên bảng điểm.");
    if (year < 1945 || year > 2200) ferr_add(fe, "year", "Năm phải từ 1945 đến 2200.");
    /* a sheet may start empty: the page adds its criteria one by one */
    int64_t *maxp = arena_alloc(a, sizeof *maxp * (size_t)(ncrit ? ncrit : 1));
    struct scoring_criterion_input *clean = arena_alloc(a, sizeof *clean * (size_t)(ncrit ? ncrit : 1));
    for (int i = 0; i < ncrit; i++)
        criterion_check(s, a, campaign_id, &crit[i], arena_printf(a, "criteria[%d]", i), arena_printf(a, "Tiêu chí thứ %d", i + 1),
                        &clean[i], &maxp[i], fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t x = 0;
    if (store_int64(s, &x, "SELECT id FROM campaign WHERE id = $1", "i", campaign_id) != 1) ferr_add(fe, "id", "Không có phong trào thi đua này.");
    else if (store_int64(s, &x, "SELECT id FROM emulation_block WHERE id = $1", "i", block_id) != 1)
        ferr_add(fe, "block", "Không có khối, cụm thi đua này.");
    else if (store_int64(s, &x, "SELECT id FROM scoring_sheet WHERE block_id = $1 AND year = $2 AND campaign_id = $3", "iIi", block_id,
                         year, campaign_id) == 1)
        ferr_add(fe, "block", arena_printf(a, "Khối này đã có bảng điểm năm %d cho phong trào này (số %lld).", year, (long long)x));
    if (fe->n) { store_rollback(s); return 0; }
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO scoring_sheet(block_id, year, campaign_id, title, illustrative, created_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", "iIitIt", block_id, year, campaign_id, t,
                    illustrative ? 1 : 0, now) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    for (int i = 0; i < ncrit; i++) {
        int64_t cid = insert_criterion(s, id, i, &clean[i], maxp[i]);
        if (cid <= 0) {
            store_rollback(s);
            if (cid < 0) return STORE_ERR;
            ferr_add(fe, arena_printf(a, "criteria[%d]", i), arena_printf(a, "Mã tiêu chí \"%s\" bị trùng.", clean[i].code));
            return 0;
        }
    }
    json_t *after = json_pack("{s:I, s:I, s:i, s:s, s:i}", "campaign_id", (json_int_t)campaign_id, "block_id", (json_int_t)block_id,
                              "year", year, "title", t, "criteria", ncrit);
    int64_t aid = audit_as(s, ac, "create", "scoring_sheet", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

/* The units the Board has scored on the sheet that are not members of block_id during `year`: their
 * points would fall out of the ranking silently, so a move to that block or year is refused while
 * they hold points. "A, B" (NULL: none; "" on error is never returned: < 0 instead). */
static int scored_units_outside(store *s, arena *a, int64_t sheet_id, int64_t block_id, int year, const char **names)
{
    char first[16], last[16];
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    stmt *q = store_query(s, "SELECT DISTINCT u.name, u.sort_key FROM scoring_entry e JOIN unit u ON u.id = e.unit_id WHERE e.sheet_id = $1"
                             " AND NOT EXISTS (SELECT 1 FROM block_member m WHERE m.block_id = $2 AND m.unit_id = e.unit_id"
                             " AND (m.joined IS NULL OR m.joined <= $4) AND (m.left_on IS NULL OR m.left_on >= $3)) ORDER BY u.sort_key",
                          "iitt", sheet_id, block_id, first, last);
    if (!q) return STORE_ERR;
    buf b = {0};
    int rc, n = 0;
    while ((rc = stmt_step(q)) == STORE_ROW) buf_printf(&b, "%s%s", n++ ? ", " : "", stmt_text(q, 0));
    stmt_finalize(q);
    *names = n ? arena_strdup(a, buf_str(&b)) : NULL;
    buf_free(&b);
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

int64_t scoring_sheet_update(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const char *title, int64_t block_id,
                             int year, const char *reason, struct field_errors *fe)
{
    const char *t = title ? field_clean(a, title, &f_title, "title", "Tên bảng điểm", fe) : NULL;
    if (title && !t && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập tên bảng điểm.");
    if (year && (year < 1945 || year > 2200)) ferr_add(fe, "year", "Năm phải từ 1945 đến 2200.");
    if (block_id < 0) ferr_add(fe, "block", "Hãy chọn khối, cụm thi đua.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct scoring_sheet sh;
    struct campaign c;
    const char *why = NULL;
    int rc = scoring_sheet_get(s, a, sheet_id, &sh);
    if (!rc) ferr_add(fe, "id", "Không có bảng điểm này.");
    if (rc > 0) rc = campaign_editable(s, a, ac, sh.campaign_id, reason, &c, &why, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    int64_t new_block = block_id ? block_id : sh.block_id, entries = 0, x = 0;
    int new_year = year ? year : sh.year;
    const char *new_title = t ? t : sh.title, *new_block_name = sh.block_name;
    bool moves = new_block != sh.block_id || new_year != sh.year;
    if (!moves && str_eq(new_title, sh.title)) { store_rollback(s); return sheet_id; }   /* nothing to change: nothing audited */
    if (store_int64(s, &entries, "SELECT count(*) FROM scoring_entry WHERE sheet_id = $1", "i", sheet_id) != 1) { store_rollback(s); return STORE_ERR; }
    if (moves) {
        const char *field = new_block != sh.block_id ? "block" : "year", *outside = NULL;
        int64_t proposed = 0;
        char *found = NULL;
        if (new_block != sh.block_id) {
            rc = store_text(s, &found, a, "SELECT name FROM emulation_block WHERE id = $1", "i", new_block);
            if (rc < 0) { store_rollback(s); return STORE_ERR; }
            if (rc == 1) new_block_name = found;
        }
        if (new_block != sh.block_id && !found)
            ferr_add(fe, "block", "Không có khối, cụm thi đua này.");
        else if (store_int64(s, &x, "SELECT id FROM scoring_sheet WHERE block_id = $1 AND year = $2 AND campaign_id = $3 AND id <> $4",
                             "iIii", new_block, new_year, sh.campaign_id, sheet_id) == 1)
            ferr_add(fe, field, arena_printf(a, "Khối \"%s\" đã có bảng điểm năm %d cho phong trào này (số %lld).", new_block_name,
                                             new_year, (long long)x));
        else if (store_int64(s, &proposed, "SELECT count(*) FROM proposal_intake WHERE source = 'campaign_result' AND achievement = $1"
                                           " AND state <> 'withdrawn'", "t",
                             arena_printf(a, "campaign:%lld/block:%lld/%d", (long long)sh.campaign_id, (long long)sh.block_id, sh.year)) != 1 ||
                 scored_units_outside(s, a, sheet_id, new_block, new_year, &outside) != STORE_OK) {
            store_rollback(s);
            return STORE_ERR;
        } else if (proposed)
            /* the proposal names this block and year as the achievement: moving the sheet would orphan it */
            ferr_add(fe, field, arena_printf(a, "Đơn vị dẫn đầu của bảng điểm này (khối \"%s\", năm %d) đã được đề nghị khen thưởng: "
                                                "không đổi được khối, năm; chỉ sửa được tên.", sh.block_name, sh.year));
        else if (outside && new_block != sh.block_id)
            ferr_add(fe, "block", arena_printf(a, "Ban đã chấm %lld ô điểm cho đơn vị của khối \"%s\"; %s không thuộc khối \"%s\" năm %d "
                                                  "nên điểm đó sẽ rơi khỏi bảng. Hãy xoá các ô điểm đó (bảng chấm điểm) trước, hoặc tạo "
                                                  "bảng điểm mới cho khối kia.", (long long)entries, sh.block_name, outside,
                                               new_block_name, new_year));
        else if (outside)
            ferr_add(fe, "year", arena_printf(a, "Năm %d, %s không còn là thành viên khối \"%s\" nên điểm Ban đã chấm cho đơn vị đó sẽ "
                                                 "rơi khỏi bảng. Hãy xoá các ô điểm đó (bảng chấm điểm) trước.", new_year, outside,
                                              new_block_name));
        if (fe->n) { store_rollback(s); return 0; }
    }
    if (store_exec(s, "UPDATE scoring_sheet SET title = $2, block_id = $3, year = $4 WHERE id = $1", "itiI", sheet_id, new_title, new_block,
                   new_year) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:s, s:I, s:s, s:i}", "title", sh.title, "block_id", (json_int_t)sh.block_id, "block_name", sh.block_name,
                               "year", sh.year);
    json_t *after = json_pack("{s:s, s:I, s:s, s:i, s:I}", "title", new_title, "block_id", (json_int_t)new_block, "block_name",
                              new_block_name, "year", new_year, "entries_kept", (json_int_t)entries);
    if (why) json_object_set_new(after, "reason", json_string(why));
    int64_t aid = audit_as(s, ac, "update", "scoring_sheet", sheet_id, before, after);
    json_decref(before);
    json_decref(after);
    return finish(s, aid, sheet_id);
}

/* The start of every criterion write: the Board, the sheet (404 as field "id"), inside a begun
 * transaction. 1 begun, 0 refused, < 0 error. */
static int criterion_write_begin(store *s, arena *a, const struct actor *ac, int64_t sheet_id, struct scoring_sheet *sh,
                                 struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng được sửa bảng điểm."); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = scoring_sheet_get(s, a, sheet_id, sh);
    if (rc <= 0) { store_rollback(s); if (!rc) ferr_add(fe, "id", "Không có bảng điểm này."); return rc; }
    return 1;
}

/* The criterion's current row, within the sheet. 1, 0 (field "criterion"), < 0. */
static int criterion_row(store *s, arena *a, int64_t sheet_id, int64_t criterion_id, struct scoring_criterion *out, int *position,
                         struct field_errors *fe)
{
    stmt *q = store_query(s, "SELECT id, code, title, kind, max_points, weight, group_numbers, method, position FROM scoring_criterion"
                             " WHERE sheet_id = $1 AND id = $2", "ii", sheet_id, criterion_id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        *out = (struct scoring_criterion){stmt_int64(q, 0), stmt_text_dup(q, 1, a), stmt_text_dup(q, 2, a), stmt_text_dup(q, 3, a),
                                          stmt_int64(q, 4), (int)stmt_int64(q, 5), stmt_text_dup(q, 6, a), stmt_text_dup(q, 7, a)};
        *position = (int)stmt_int64(q, 8);
    }
    stmt_finalize(q);
    if (rc == STORE_DONE) ferr_add(fe, "criterion", "Bảng điểm không có tiêu chí này.");
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int64_t scoring_criterion_add(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const struct scoring_criterion_input *in,
                              struct field_errors *fe)
{
    struct scoring_sheet sh;
    int rc = criterion_write_begin(s, a, ac, sheet_id, &sh, fe);
    if (rc <= 0) return rc;
    struct scoring_criterion_input c;
    int64_t maxp = 0, last = -1;
    if (!criterion_check(s, a, sh.campaign_id, in, "criterion", "Tiêu chí", &c, &maxp, fe)) { store_rollback(s); return 0; }
    if (store_int64(s, &last, "SELECT coalesce(max(position), -1) FROM scoring_criterion WHERE sheet_id = $1", "i", sheet_id) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    int64_t id = insert_criterion(s, sheet_id, (int)last + 1, &c, maxp);
    if (id <= 0) {
        store_rollback(s);
        if (!id) ferr_add(fe, "criterion", arena_printf(a, "Mã tiêu chí \"%s\" đã có trong bảng điểm.", c.code));
        return id;
    }
    json_t *after = criterion_json(&c, maxp);
    json_object_set_new(after, "criterion_id", json_integer(id));
    int64_t aid = audit_as(s, ac, "criterion_add", "scoring_sheet", sheet_id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t scoring_criterion_update(store *s, arena *a, const struct actor *ac, int64_t sheet_id, int64_t criterion_id,
                                 const struct scoring_criterion_input *in, struct field_errors *fe)
{
    struct scoring_sheet sh;
    int rc = criterion_write_begin(s, a, ac, sheet_id, &sh, fe);
    if (rc <= 0) return rc;
    struct scoring_criterion was;
    int position;
    if ((rc = criterion_row(s, a, sheet_id, criterion_id, &was, &position, fe)) <= 0) { store_rollback(s); return rc; }
    struct scoring_criterion_input c;
    int64_t maxp = 0, entries = 0, top = 0;
    if (!criterion_check(s, a, sh.campaign_id, in, "criterion", "Tiêu chí", &c, &maxp, fe)) { store_rollback(s); return 0; }
    if (store_int64(s, &entries, "SELECT count(*) FROM scoring_entry WHERE criterion_id = $1", "i", criterion_id) != 1 ||
        store_int64(s, &top, "SELECT coalesce(max(points), 0) FROM scoring_entry WHERE criterion_id = $1", "i", criterion_id) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    if (entries && str_eq(c.kind, "targets"))
        ferr_add(fe, "criterion", arena_printf(a, "Ban đã chấm %lld ô của tiêu chí này: xoá các điểm đó (bảng chấm điểm) trước khi "
                                                  "chuyển sang tính từ chỉ tiêu.", (long long)entries));
    else if (top > maxp) {
        char m[32];
        eval_format(top, m, sizeof m);
        ferr_add(fe, "criterion", arena_printf(a, "Đã có đơn vị được chấm %s điểm ở tiêu chí này: điểm tối đa không thể thấp hơn.", m));
    }
    if (fe->n) { store_rollback(s); return 0; }
    rc = store_exec(s, "UPDATE scoring_criterion SET code = $2, title = $3, kind = $4, max_points = $5, weight = $6, group_numbers = $7,"
                       " method = $8 WHERE id = $1", "itttiItt", criterion_id, c.code, c.title, c.kind, maxp, c.weight, c.group_numbers,
                    c.method);
    if (rc != STORE_OK) {
        store_rollback(s);
        if (rc != STORE_CONSTRAINT) return STORE_ERR;
        ferr_add(fe, "criterion", arena_printf(a, "Mã tiêu chí \"%s\" đã có trong bảng điểm.", c.code));
        return 0;
    }
    struct scoring_criterion_input before_in = {was.code, was.title, was.kind, NULL, was.weight, was.group_numbers, was.method};
    json_t *before = criterion_json(&before_in, was.max_points), *after = criterion_json(&c, maxp);
    json_object_set_new(after, "criterion_id", json_integer(criterion_id));
    int64_t aid = audit_as(s, ac, "criterion_update", "scoring_sheet", sheet_id, before, after);
    json_decref(before);
    json_decref(after);
    return finish(s, aid, criterion_id);
}

int64_t scoring_criterion_remove(store *s, arena *a, const struct actor *ac, int64_t sheet_id, int64_t criterion_id,
                                 struct field_errors *fe)
{
    struct scoring_sheet sh;
    int rc = criterion_write_begin(s, a, ac, sheet_id, &sh, fe);
    if (rc <= 0) return rc;
    struct scoring_criterion was;
    int position;
    if ((rc = criterion_row(s, a, sheet_id, criterion_id, &was, &position, fe)) <= 0) { store_rollback(s); return rc; }
    if (store_exec(s, "DELETE FROM scoring_entry WHERE criterion_id = $1", "i", criterion_id) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    int entries = store_changes(s);
    if (store_exec(s, "DELETE FROM scoring_criterion WHERE id = $1", "i", criterion_id) != STORE_OK ||
        store_exec(s, "UPDATE scoring_criterion SET position = position - 1 WHERE sheet_id = $1 AND position > $2", "iI", sheet_id,
                   position) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    struct scoring_criterion_input before_in = {was.code, was.title, was.kind, NULL, was.weight, was.group_numbers, was.method};
    json_t *before = criterion_json(&before_in, was.max_points);
    json_object_set_new(before, "criterion_id", json_integer(criterion_id));
    json_object_set_new(before, "entries_removed", json_integer(entries));
    int64_t aid = audit_as(s, ac, "criterion_remove", "scoring_sheet", sheet_id, before, NULL);
    json_decref(before);
    return finish(s, aid, sheet_id);
}

int64_t scoring_criterion_move(store *s, arena *a, const struct actor *ac, int64_t sheet_id, int64_t criterion_id, int delta,
                               struct field_errors *fe)
{
    if (delta != -1 && delta != 1) { ferr_add(fe, "direction", "Chuyển tiêu chí lên (up) hoặc xuống (down) một bậc."); return 0; }
    struct scoring_sheet sh;
    int rc = criterion_write_begin(s, a, ac, sheet_id, &sh, fe);
    if (rc <= 0) return rc;
    struct scoring_criterion was;
    int position;
    if ((rc = criterion_row(s, a, sheet_id, criterion_id, &was, &position, fe)) <= 0) { store_rollback(s); return rc; }
    int64_t other = 0;
    rc = store_int64(s, &other, "SELECT id FROM scoring_criterion WHERE sheet_id = $1 AND position = $2", "iI", sheet_id, position + delta);
    if (rc < 0) { store_rollback(s); return STORE_ERR; }
    if (!rc) {
        store_rollback(s);
        ferr_add(fe, "direction", delta < 0 ? "Tiêu chí đã ở đầu bảng." : "Tiêu chí đã ở cuối bảng.");
        return 0;
    }
    /* the neighbour takes this one's place; positions are not unique in the schema, so two updates suffice */
    if (store_exec(s, "UPDATE scoring_criterion SET position = $2 WHERE id = $1", "iI", other, position) != STORE_OK ||
        store_exec(s, "UPDATE scoring_criterion SET position = $2 WHERE id = $1", "iI", criterion_id, position + delta) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:s, s:i, s:i}", "criterion_id", (json_int_t)criterion_id, "code", was.code, "from", position + 1,
                              "to", position + delta + 1);
    int64_t aid = audit_as(s, ac, "criterion_move", "scoring_sheet", sheet_id, NULL, after);
    json_decref(after);
    return finish(s, aid, criterion_id);
}

int scoring_block_options(store *s, arena *a, const char ***out)
{
    stmt *q = store_query(s, "SELECT id, name FROM emulation_block ORDER BY name", "");
    if (!q) return STORE_ERR;
    int cap = 0, n = 0, rc;
    const char **v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        *ARENA_PUSH(a, v, n, cap) = arena_printf(a, "%lld", (long long)stmt_int64(q, 0));
        *ARENA_PUSH(a, v, n, cap) = stmt_text_dup(q, 1, a);
    }
    stmt_finalize(q);
    *ARENA_PUSH(a, v, n, cap) = NULL;
    *out = v;
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

int64_t scoring_entries_set(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const struct scoring_cell *cells, int n,
                            struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng được chấm điểm."); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct scoring_sheet sh;
    int rc = scoring_sheet_get(s, a, sheet_id, &sh);
    if (rc <= 0) { store_rollback(s); if (!rc) ferr_add(fe, "id", "Không có bảng điểm này."); return rc; }
    struct scoring_criterion *cr;
    int ncr = 0;
    if (criteria_of_sheet(s, a, sheet_id, &cr, &ncr) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    char first[16], last[16];
    snprintf(first, sizeof first, "%04d-01-01", sh.year);
    snprintf(last, sizeof last, "%04d-12-31", sh.year);
    int64_t *points = arena_alloc(a, sizeof *points * (size_t)(n ? n : 1));
    const char **notes = arena_alloc(a, sizeof *notes * (size_t)(n ? n : 1));
    const struct scoring_criterion **of = arena_alloc(a, sizeof *of * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const struct scoring_cell *c = &cells[i];
        const char *kc = c->key ? c->key : "criterion", *ku = c->key ? c->key : "unit", *kp = c->key ? c->key : "points",
                   *kn = c->key ? c->key : "note";
        of[i] = NULL;
        for (int k = 0; k < ncr && !of[i]; k++) if (str_eq(cr[k].code, c->criterion_code)) of[i] = &cr[k];
        points[i] = -1;   /* -1: the cell is empty (clears an earlier entry) */
        if (!str_empty(c->points)) parse_points(a, c->points, kp, &points[i], fe);
        notes[i] = field_clean(a, c->note, &f_note, kn, "Lý do", fe);
        int64_t member = 0;
        if (store_int64(s, &member, "SELECT count(*) FROM block_member WHERE block_id = $1 AND unit_id = $2"
                                    " AND (joined IS NULL OR joined <= $4) AND (left_on IS NULL OR left_on >= $3)",
                        "iitt", sh.block_id, c->unit_id, first, last) != 1) {
            store_rollback(s);
            return STORE_ERR;
        }
        if (!of[i]) ferr_add(fe, kc, arena_printf(a, "Bảng điểm không có tiêu chí mã \"%s\".", c->criterion_code ? c->criterion_code : ""));
        else if (str_eq(of[i]->kind, "targets")) ferr_add(fe, kc, "Tiêu chí này tính từ kết quả thực hiện chỉ tiêu, không chấm tay.");
        else if (points[i] > of[i]->max_points) {
            char m[32];
            eval_format(of[i]->max_points, m, sizeof m);
            ferr_add(fe, kp, arena_printf(a, "Điểm vượt mức tối đa %s của tiêu chí %s.", m, of[i]->code));
        } else if (points[i] > 0 && !notes[i] && (str_eq(of[i]->kind, "bonus") || str_eq(of[i]->kind, "penalty")))
            ferr_add(fe, kn, arena_printf(a, "Tiêu chí %s là %s: hãy ghi lý do.", of[i]->code,
                                          str_eq(of[i]->kind, "bonus") ? "điểm thưởng" : "điểm trừ"));
        if (!member) ferr_add(fe, ku, arena_printf(a, "Đơn vị không là thành viên của %s trong năm %d.", sh.block_name, sh.year));
    }
    if (fe->n) { store_rollback(s); return 0; }
    char now[21];
    iso_time(now_unix(), now);
    json_t *changed = json_array();
    for (int i = 0; i < n; i++) {
        if (points[i] < 0) {
            rc = store_exec(s, "DELETE FROM scoring_entry WHERE criterion_id = $1 AND unit_id = $2", "ii", of[i]->id, cells[i].unit_id);
            if (rc == STORE_OK && store_changes(s) > 0)
                json_array_append_new(changed, json_pack("{s:s, s:I, s:n}", "criterion", of[i]->code, "unit_id",
                                                         (json_int_t)cells[i].unit_id, "points"));
        } else {
            int64_t old = -1;
            char *old_note = NULL;
            stmt *q = store_query(s, "SELECT points, note FROM scoring_entry WHERE criterion_id = $1 AND unit_id = $2", "ii", of[i]->id,
                                  cells[i].unit_id);
            if (!q) { json_decref(changed); store_rollback(s); return STORE_ERR; }
            if (stmt_step(q) == STORE_ROW) { old = stmt_int64(q, 0); old_note = stmt_text_dup(q, 1, a); }
            stmt_finalize(q);
            if (old == points[i] && str_eq(old_note ? old_note : "", notes[i] ? notes[i] : "")) continue;   /* unchanged */
            rc = store_exec(s, "INSERT INTO scoring_entry(sheet_id, criterion_id, unit_id, points, note, entered_by, entered_at)"
                               " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (criterion_id, unit_id) DO UPDATE SET points = excluded.points,"
                               " note = excluded.note, entered_by = excluded.entered_by, entered_at = excluded.entered_at",
                            "iiiittt", sheet_id, of[i]->id, cells[i].unit_id, points[i], notes[i], ac->login, now);
            if (rc == STORE_OK)
                json_array_append_new(changed, json_pack("{s:s, s:I, s:I}", "criterion", of[i]->code, "unit_id",
                                                         (json_int_t)cells[i].unit_id, "points", (json_int_t)points[i]));
        }
        if (rc != STORE_OK) { json_decref(changed); store_rollback(s); return STORE_ERR; }
    }
    if (!json_array_size(changed)) {   /* nothing differs from what is stored: no write, no entry */
        json_decref(changed);
        store_rollback(s);
        return sheet_id;
    }
    json_t *after = json_pack("{s:o}", "entries", changed);
    int64_t aid = audit_as(s, ac, "score", "scoring_sheet", sheet_id, NULL, after);
    json_decref(after);
    return finish(s, aid, sheet_id);
}

int64_t scoring_entry_set(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const char *criterion_code,
                          int64_t unit_id, const char *points, const char *note, struct field_errors *fe)
{
    /* one cell of the grid; here the points are required (an empty grid cell clears instead) */
    if (str_empty(points)) { ferr_add(fe, "points", "Hãy nhập điểm."); return 0; }
    struct scoring_cell c = {criterion_code, unit_id, points, note, NULL};
    return scoring_entries_set(s, a, ac, sheet_id, &c, 1, fe);
}

int64_t scoring_propose(store *s, arena *a, const struct actor *ac, int64_t sheet_id, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng được đề nghị khen thưởng."); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct scoring_result res;
    int rc = scoring_compute(s, a, sheet_id, NULL, &res);
    if (rc <= 0) { store_rollback(s); if (!rc) ferr_add(fe, "id", "Không có bảng điểm này."); return rc; }
    if (!res.nunits || res.units[0].total <= 0) {
        store_rollback(s);
        ferr_add(fe, "ranking", "Chưa có đơn vị nào có điểm: chưa đề nghị được.");
        return 0;
    }
    int added = 0;
    json_t *who = json_array();
    for (int i = 0; i < res.nunits && res.units[i].rank == 1; i++) {
        const struct unit_score *u = &res.units[i];
        char pts[40];
        scoring_points_format(u->total, pts, sizeof pts);
        struct proposal_intake p = {
            .source = "campaign_result",
            .source_ref = arena_printf(a, "campaign:%lld/block:%lld", (long long)res.sheet.campaign_id, (long long)res.sheet.block_id),
            .subject_kind = "unit", .subject_name = u->unit_name,
            .subject_key = arena_printf(a, "unit:%lld", (long long)u->unit_id), .unit_id = u->unit_id,
            .form_code = SCORING_FORM_FLAG,
            .achievement = arena_printf(a, "campaign:%lld/block:%lld/%d", (long long)res.sheet.campaign_id,
                                        (long long)res.sheet.block_id, res.sheet.year),
            .reason = arena_printf(a, "Dẫn đầu %s năm %d với %s (bảng điểm \"%s\", phong trào %s).", res.sheet.block_name,
                                   res.sheet.year, pts, res.sheet.title, res.sheet.campaign_code),
            .year = res.sheet.year,
        };
        int64_t existing = 0, id = proposal_intake_add(s, ac, &p, &existing);
        if (id < 0) { json_decref(who); store_rollback(s); return STORE_ERR; }
        if (id > 0) {
            added++;
            json_array_append_new(who, json_pack("{s:I, s:I, s:I}", "unit_id", (json_int_t)u->unit_id, "intake_id", (json_int_t)id,
                                                 "total", (json_int_t)u->total));
        }
    }
    if (!added) {
        json_decref(who);
        store_rollback(s);
        ferr_add(fe, "ranking", "Đơn vị dẫn đầu đã được đề nghị cho thành tích này (một thành tích chỉ khen một lần).");
        return 0;
    }
    json_t *after = json_pack("{s:o, s:s}", "proposed", who, "form_code", SCORING_FORM_FLAG);
    int64_t aid = audit_as(s, ac, "propose", "scoring_sheet", sheet_id, NULL, after);
    json_decref(after);
    return finish(s, aid, added);
}

int scoring_demo_load(store *s, arena *a, const struct actor *ac, int64_t campaign_id)
{
    int64_t block = 0;
    if (store_int64(s, &block, "SELECT id FROM emulation_block WHERE name = $1", "t", "Khối văn hóa – xã hội") != 1) return -1;
    static const struct scoring_criterion_input crit[] = {
        {"1", "Kết quả thực hiện các chỉ tiêu được giao trong đợt thi đua cao điểm", "targets", "40", 1, NULL, NULL},
        {"2", "Thực hiện nhiệm vụ chuyên môn, công tác thi đua – khen thưởng", "entered", "50", 1, NULL, NULL},
        {"3", "Sáng kiến, mô hình mới được nhân rộng (điểm thưởng)", "bonus", "5", 1, NULL, NULL},
        {"4", "Chậm gửi báo cáo, báo cáo không đúng số liệu (điểm trừ)", "penalty", "5", 1, NULL, NULL},
    };
    struct field_errors fe = {0};
    int64_t sheet = scoring_sheet_create(s, a, ac, campaign_id, block, 2019,
                                         "Bảng điểm thi đua Khối văn hóa – xã hội năm 2019 (minh hoạ)", crit, (int)countof(crit), true, &fe);
    if (sheet <= 0) return -1;
    static const struct { const char *unit, *crit, *points, *note; } entries[] = {
        {"SGDDT", "2", "46", "Điểm minh hoạ."}, {"SYT", "2", "45,5", "Điểm minh hoạ."}, {"SVHTTDL", "2", "44", "Điểm minh hoạ."},
        {"SVHTTDL", "3", "4", "Minh hoạ: mô hình du lịch cộng đồng."}, {"SYT", "3", "2,5", "Minh hoạ."},
        {"SGDDT", "4", "1", "Minh hoạ: một báo cáo chậm hạn."},
    };
    for (size_t i = 0; i < countof(entries); i++) {
        int64_t unit = 0;
        if (store_int64(s, &unit, "SELECT id FROM unit WHERE code = $1", "t", entries[i].unit) != 1 ||
            scoring_entry_set(s, a, ac, sheet, entries[i].crit, unit, entries[i].points, entries[i].note, &fe) <= 0) {
            for (int k = 0; k < fe.n; k++) log_error("scoring demo: %s: %s", fe.items[k].name, fe.items[k].value);
            return -1;
        }
    }
    return 0;
}
