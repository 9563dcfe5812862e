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
    stmt *q = store_query(s, "SELECT id, code, title, kind, max_points, weight FROM scoring_criterion WHERE sheet_id = $1"
                             " ORDER BY position", "i", sheet_id);
    if (!q) return STORE_ERR;
    int cap = 0;
    struct scoring_criterion *cr = arena_grow(a, NULL, 0, &cap, sizeof *cr);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct scoring_criterion *x = ARENA_PUSH(a, cr, out->ncriteria, cap);
        x->id = stmt_int64(q, 0);
        x->code = stmt_text_dup(q, 1, a);
        x->title = stmt_text_dup(q, 2, a);
        x->kind = stmt_text_dup(q, 3, a);
        x->max_points = stmt_int64(q, 4);
        x->weight = (int)stmt_int64(q, 5);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    out->criteria = cr;
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
        struct status_count sc = counts[i];
        for (int k = 0; k < out->ncriteria; k++) {
            const struct scoring_criterion *x = &cr[k];
            struct score_line *l = &u->lines[u->nlines++];
            l->c = x;
            char mx[32];
            eval_format(x->max_points, mx, sizeof mx);
            if (str_eq(x->kind, "targets")) {
                if (!sc.weight_total) {
                    l->points = 0;
                    l->why = "Không được giao chỉ tiêu nào trong phong trào: 0 điểm.";
                } else {
                    l->points = (int64_t)((__int128)x->max_points * sc.weight_met / sc.weight_total);
                    char p[32];
                    eval_format(l->points, p, sizeof p);
                    l->why = arena_printf(a, "Đạt %d/%d chỉ tiêu được giao (theo trọng số) tại ngày %.2s/%.2s/%.4s: %s × %d/%d = %s điểm"
                                             " (làm tròn xuống đến phần nghìn).",
                                          sc.weight_met, sc.weight_total, on + 8, on + 5, on, mx, sc.weight_met, sc.weight_total, p);
                }
                u->targets_points += l->points * x->weight;
            } else {
                int64_t pts = 0;
                const char *note = NULL;
                bool found = false;
                for (int k2 = 0; k2 < nen && !found; k2++)
                    if (en[k2].criterion == x->id && en[k2].unit == u->unit_id) { found = true; pts = en[k2].points; note = en[k2].note; }
                l->points = pts;
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

int64_t scoring_sheet_create(store *s, arena *a, const struct actor *ac, int64_t campaign_id, int64_t block_id, int year,
                             const char *title, const struct scoring_criterion_input *crit, int ncrit, bool illustrative,
                             struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", CAMPAIGN_NO_CAP); return 0; }
    const char *t = field_clean(a, title, &f_title, "title", "Tên bảng điểm", fe);
    if (!t && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập tên bảng điểm.");
    if (year < 1945 || year > 2200) ferr_add(fe, "year", "Năm phải từ 1945 đến 2200.");
    if (ncrit < 1) ferr_add(fe, "criteria", "Bảng điểm cần ít nhất một tiêu chí.");
    int64_t *maxp = arena_alloc(a, sizeof *maxp * (size_t)(ncrit ? ncrit : 1));
    for (int i = 0; i < ncrit; i++) {
        const char *key = arena_printf(a, "criteria[%d]", i);
        if (str_empty(crit[i].code) || str_empty(crit[i].title))
            ferr_add(fe, key, arena_printf(a, "Tiêu chí thứ %d cần mã và tên.", i + 1));
        if (!str_eq(crit[i].kind, "targets") && !str_eq(crit[i].kind, "entered") && !str_eq(crit[i].kind, "bonus") &&
            !str_eq(crit[i].kind, "penalty"))
            ferr_add(fe, key, arena_printf(a, "Tiêu chí %s: loại là targets, entered, bonus hoặc penalty.", crit[i].code ? crit[i].code : ""));
        if (parse_points(a, crit[i].max_points, key, &maxp[i], fe) && maxp[i] <= 0)
            ferr_add(fe, key, arena_printf(a, "Tiêu chí %s: điểm tối đa phải lớn hơn 0.", crit[i].code ? crit[i].code : ""));
        if (crit[i].weight < 0 || crit[i].weight > 100) ferr_add(fe, key, "Hệ số từ 1 đến 100.");
    }
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc;
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
        rc = store_exec(s, "INSERT INTO scoring_criterion(sheet_id, position, code, title, kind, max_points, weight)"
                           " VALUES ($1, $2, $3, $4, $5, $6, $7)", "iItttiI", id, i, crit[i].code, crit[i].title, crit[i].kind,
                        maxp[i], crit[i].weight ? crit[i].weight : 1);
        if (rc != STORE_OK) {
            store_rollback(s);
            if (rc != STORE_CONSTRAINT) return STORE_ERR;
            ferr_add(fe, "criteria", arena_printf(a, "Mã tiêu chí \"%s\" bị trùng.", crit[i].code));
            return 0;
        }
    }
    json_t *after = json_pack("{s:I, s:I, s:i, s:s, s:i}", "campaign_id", (json_int_t)campaign_id, "block_id", (json_int_t)block_id,
                              "year", year, "title", t, "criteria", ncrit);
    int64_t aid = audit_as(s, ac, "create", "scoring_sheet", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t scoring_entry_set(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const char *criterion_code,
                          int64_t unit_id, const char *points, const char *note, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng được chấm điểm."); return 0; }
    int64_t p = 0;
    parse_points(a, points, "points", &p, fe);
    const char *n = field_clean(a, note, &f_note, "note", "Ghi chú", fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct scoring_sheet sh;
    int rc = scoring_sheet_get(s, a, sheet_id, &sh);
    if (rc <= 0) { store_rollback(s); if (!rc) ferr_add(fe, "id", "Không có bảng điểm này."); return rc; }
    int64_t cid = 0, maxp = 0, member = 0;
    char *kind = NULL;
    stmt *q = store_query(s, "SELECT id, kind, max_points FROM scoring_criterion WHERE sheet_id = $1 AND code = $2", "it", sheet_id,
                          criterion_code);
    if (!q) { store_rollback(s); return STORE_ERR; }
    if (stmt_step(q) == STORE_ROW) { cid = stmt_int64(q, 0); kind = stmt_text_dup(q, 1, a); maxp = stmt_int64(q, 2); }
    stmt_finalize(q);
    char first[16], last[16];
    snprintf(first, sizeof first, "%04d-01-01", sh.year);
    snprintf(last, sizeof last, "%04d-12-31", sh.year);
    if (!cid) ferr_add(fe, "criterion", arena_printf(a, "Bảng điểm không có tiêu chí mã \"%s\".", criterion_code ? criterion_code : ""));
    else if (str_eq(kind, "targets")) ferr_add(fe, "criterion", "Tiêu chí này tính từ kết quả thực hiện chỉ tiêu, không chấm tay.");
    else if (p > maxp) {
        char m[32];
        eval_format(maxp, m, sizeof m);
        ferr_add(fe, "points", arena_printf(a, "Điểm vượt mức tối đa %s của tiêu chí.", m));
    }
    if (store_int64(s, &member, "SELECT count(*) FROM block_member WHERE block_id = $1 AND unit_id = $2"
                                " AND (joined IS NULL OR joined <= $4) AND (left_on IS NULL OR left_on >= $3)",
                    "iitt", sh.block_id, unit_id, first, last) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    if (!member) ferr_add(fe, "unit", arena_printf(a, "Đơn vị không là thành viên của %s trong năm %d.", sh.block_name, sh.year));
    if (fe->n) { store_rollback(s); return 0; }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "INSERT INTO scoring_entry(sheet_id, criterion_id, unit_id, points, note, entered_by, entered_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (criterion_id, unit_id) DO UPDATE SET points = excluded.points,"
                      " note = excluded.note, entered_by = excluded.entered_by, entered_at = excluded.entered_at",
                   "iiiittt", sheet_id, cid, unit_id, p, n, ac->login, now) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:I, s:I}", "criterion", criterion_code, "unit_id", (json_int_t)unit_id, "points", (json_int_t)p);
    int64_t aid = audit_as(s, ac, "score", "scoring_sheet", sheet_id, NULL, after);
    json_decref(after);
    return finish(s, aid, sheet_id);
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
        {"1", "Kết quả thực hiện các chỉ tiêu được giao trong đợt thi đua cao điểm", "targets", "40", 1},
        {"2", "Thực hiện nhiệm vụ chuyên môn, công tác thi đua – khen thưởng", "entered", "50", 1},
        {"3", "Sáng kiến, mô hình mới được nhân rộng (điểm thưởng)", "bonus", "5", 1},
        {"4", "Chậm gửi báo cáo, báo cáo không đúng số liệu (điểm trừ)", "penalty", "5", 1},
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
