/* campaign.c: the domain of campaigns (campaign.h): reading campaigns, their occasions (with the
 * anniversary computed), participants, numbered groups and targets; creating them and moving a
 * campaign through draft → launched → closed → reviewed, each write checked against the actor and
 * audited in its own transaction. Editing what was added is campaign_edit.c; reports are report.c;
 * evaluation campaign_eval.c. */
#include "campaign.h"
#include "campaign_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "vn.h"
#include "vn_calendar.h"


static const char *const kinds[] = {"thuong_xuyen", "Thường xuyên", "chuyen_de", "Theo chuyên đề", NULL};
static const char *const scopes[] = {"national", "Toàn quốc", "province", "Toàn tỉnh", "block", "Khối, cụm thi đua",
                                     "unit", "Trong một đơn vị", NULL};
static const char *const statuses[] = {"draft", "Dự thảo", "launched", "Đang triển khai", "closed", "Đã kết thúc",
                                       "reviewed", "Đã tổng kết", NULL};
static const char *const rollups[] = {"none", "—", "all", "Mọi tiêu chí con đều đạt", "sum", "Cộng số liệu các đơn vị",
                                      "ratio", "Tỉ lệ của tổng tử số trên tổng mẫu số", "count",
                                      "Số đơn vị đạt", NULL};

static const char *label_of(const char *const *pairs, const char *code)
{
    for (int i = 0; pairs[i]; i += 2)
        if (str_eq(pairs[i], code)) return pairs[i + 1];
    return code ? code : "";
}
static bool is_code(const char *const *pairs, const char *code) { return code && label_of(pairs, code) != code; }

const char *campaign_kind_label(const char *kind) { return label_of(kinds, kind); }
const char *campaign_scope_label(const char *scope) { return label_of(scopes, scope); }
const char *campaign_status_label(const char *status) { return label_of(statuses, status); }
const char *campaign_rollup_label(const char *rollup) { return label_of(rollups, rollup); }

/* ======================================================================================
 * Reading
 * ====================================================================================== */
#define CAMPAIGN_COLS "id, code, title, theme, kind, scope, authority, plan_number, launch_date, start_date, end_date," \
                      " status, participation, source, illustrative, report_recipients, report_number"

static void campaign_from_row(stmt *q, arena *a, struct campaign *c)
{
    c->id = stmt_int64(q, 0);
    const char **f[] = {&c->code, &c->title, &c->theme, &c->kind, &c->scope, &c->authority, &c->plan_number,
                        &c->launch_date, &c->start_date, &c->end_date, &c->status, &c->participation, &c->source};
    for (size_t i = 0; i < countof(f); i++) *f[i] = stmt_text_dup(q, (int)i + 1, a);
    c->illustrative = stmt_int64(q, 14) != 0;
    c->report_recipients = stmt_text_dup(q, 15, a);
    c->report_number = stmt_text_dup(q, 16, a);
    int64_t d = 0;
    c->days = eval_days_between(c->start_date, c->end_date, &d) ? d + 1 : 0;
}

int campaign_list(store *s, arena *a, bool public_only, struct campaign **out, int *n)
{
    stmt *q = store_query(s, "SELECT " CAMPAIGN_COLS " FROM campaign WHERE ($1 = 0 OR status <> 'draft')"
                             " ORDER BY start_date DESC, id DESC", "I", public_only ? 1 : 0);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct campaign *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) campaign_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int campaign_get(store *s, arena *a, int64_t id, struct campaign *out)
{
    stmt *q = store_query(s, "SELECT " CAMPAIGN_COLS " FROM campaign WHERE id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) campaign_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

int campaign_find_ref(store *s, arena *a, const char *ref, int64_t *id)
{
    (void)a;
    if (str_empty(ref)) return 0;
    if (str_starts(ref, "code:")) return store_int64(s, id, "SELECT id FROM campaign WHERE code = $1", "t", ref + 5);
    int64_t n;
    const char *digits = str_starts(ref, "id:") ? ref + 3 : ref;
    if (parse_int64(digits, &n) && n > 0) {
        int rc = store_int64(s, id, "SELECT id FROM campaign WHERE id = $1", "i", n);
        if (rc != 0 || digits != ref) return rc;
    }
    return store_int64(s, id, "SELECT id FROM campaign WHERE code = $1", "t", ref);
}

int campaign_occasions(store *s, arena *a, int64_t id, struct campaign_occasion **out, int *n)
{
    stmt *q = store_query(s, "SELECT id, event, event_date, year FROM campaign_occasion WHERE campaign_id = $1"
                             " ORDER BY position, id", "i", id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct campaign_occasion *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct campaign_occasion *o = ARENA_PUSH(a, v, cnt, cap);
        o->id = stmt_int64(q, 0);
        o->event = stmt_text_dup(q, 1, a);
        o->event_date = stmt_text_dup(q, 2, a);
        o->year = (int)stmt_int64(q, 3);
        struct vn_date ev = {0};
        struct vn_anniversary an;
        struct vn_error err = {0};
        char label[600];
        o->label = o->event;
        o->cls = "";
        if (sscanf(o->event_date, "%4d-%2d-%2d", &ev.year, &ev.month, &ev.day) == 3 &&
            vn_anniversary(ev, o->year, &an, &err) == 0 && vn_anniversary_format(&an, o->event, label, sizeof label) == 0) {
            o->count = an.count;
            o->celebration_date = arena_printf(a, "%04d-%02d-%02d", an.date.year, an.date.month, an.date.day);
            o->label = arena_strdup(a, label);
            o->cls = vn_anniversary_class_name(an.cls);
        }
    }
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int campaign_participants(store *s, arena *a, int64_t id, struct campaign_participant **out, int *n)
{
    stmt *q = store_query(s, "SELECT p.id, p.unit_kind, coalesce(p.block_id, 0), coalesce(p.unit_id, 0), coalesce(b.name, u.name)"
                             " FROM campaign_participant p LEFT JOIN emulation_block b ON b.id = p.block_id"
                             " LEFT JOIN unit u ON u.id = p.unit_id WHERE p.campaign_id = $1 ORDER BY p.id", "i", id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct campaign_participant *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct campaign_participant *p = ARENA_PUSH(a, v, cnt, cap);
        p->id = stmt_int64(q, 0);
        p->unit_kind = stmt_text_dup(q, 1, a);
        p->block_id = stmt_int64(q, 2);
        p->unit_id = stmt_int64(q, 3);
        p->name = stmt_text_dup(q, 4, a);
    }
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int campaign_groups(store *s, arena *a, int64_t id, struct campaign_group **out, int *n)
{
    stmt *q = store_query(s, "SELECT id, number, title, note FROM campaign_group WHERE campaign_id = $1 ORDER BY number", "i", id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct campaign_group *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct campaign_group *g = ARENA_PUSH(a, v, cnt, cap);
        g->id = stmt_int64(q, 0);
        g->number = (int)stmt_int64(q, 1);
        g->title = stmt_text_dup(q, 2, a);
        g->note = stmt_text_dup(q, 3, a);
    }
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

#define TARGET_COLS "t.id, t.group_id, coalesce(t.parent_id, 0), coalesce(t.unit_id, 0), g.number, t.code, t.phrase," \
    " t.subject, t.measure_unit, t.comparator, t.baseline_period, t.deadline, t.rollup, t.value_a, t.value_b," \
    " t.baseline_value, t.weight, t.accumulates, u.name"

static void target_from_row(stmt *q, arena *a, struct campaign_target *t)
{
    t->id = stmt_int64(q, 0);
    t->group_id = stmt_int64(q, 1);
    t->parent_id = stmt_int64(q, 2);
    t->unit_id = stmt_int64(q, 3);
    t->group_number = (int)stmt_int64(q, 4);
    const char **f[] = {&t->code, &t->phrase, &t->subject, &t->measure_unit, &t->comparator, &t->baseline_period,
                        &t->deadline, &t->rollup};
    for (size_t i = 0; i < countof(f); i++) *f[i] = stmt_text_dup(q, (int)i + 5, a);
    t->has_a = !stmt_is_null(q, 13);
    t->value_a = stmt_int64(q, 13);
    t->has_b = !stmt_is_null(q, 14);
    t->value_b = stmt_int64(q, 14);
    t->has_baseline = !stmt_is_null(q, 15);
    t->baseline_value = stmt_int64(q, 15);
    t->weight = (int)stmt_int64(q, 16);
    t->accumulates = stmt_int64(q, 17) != 0;
    t->unit_name = stmt_text_dup(q, 18, a);
}

/* The responsible units' names of every target of a campaign (without_shares: of the targets that
 * are not shares of a split, through the partial index of sql/023), in one query. */
static int fill_responsible(store *s, arena *a, int64_t campaign_id, bool without_shares, struct campaign_target *v, int n)
{
    stmt *q = store_query(s, without_shares
                                 ? "SELECT tu.target_id, u.name FROM campaign_target_unit tu JOIN campaign_target t ON t.id = tu.target_id"
                                   " JOIN unit u ON u.id = tu.unit_id WHERE t.campaign_id = $1 AND (t.unit_id IS NULL OR t.parent_id IS NULL)"
                                   " ORDER BY tu.target_id, u.sort_key"
                                 : "SELECT tu.target_id, u.name FROM campaign_target_unit tu JOIN campaign_target t ON t.id = tu.target_id"
                                   " JOIN unit u ON u.id = tu.unit_id WHERE t.campaign_id = $1 ORDER BY tu.target_id, u.sort_key",
                          "i", campaign_id);
    if (!q) return STORE_ERR;
    int rc;
    /* the targets are in display order: found by id through a sorted index (a split has
     * tens of thousands of shares) */
    struct campaign_id_index *ix = campaign_index_make(a, v, n);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int i = campaign_index_find(ix, n, stmt_int64(q, 0));
        if (i < 0) continue;
        const char *name = stmt_text(q, 1);
        v[i].responsible = v[i].responsible ? arena_printf(a, "%s; %s", v[i].responsible, name) : arena_strdup(a, name);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : rc;
}

/* Every target of the campaign, or (without_shares) all but the shares of per-unit splits. */
static int targets_of(store *s, arena *a, int64_t id, bool without_shares, struct campaign_target **out, int *n)
{
    /* parents before children: order by the top-level target's position, then the child's */
    stmt *q = store_query(s, without_shares
                                 ? "SELECT " TARGET_COLS " FROM campaign_target t JOIN campaign_group g ON g.id = t.group_id"
                                   " LEFT JOIN campaign_target p ON p.id = t.parent_id LEFT JOIN unit u ON u.id = t.unit_id"
                                   " WHERE t.campaign_id = $1 AND (t.unit_id IS NULL OR t.parent_id IS NULL)"
                                   " ORDER BY g.number, coalesce(p.position, t.position), CASE WHEN t.parent_id IS NULL THEN 0 ELSE 1 END,"
                                   " t.position, t.id"
                                 : "SELECT " TARGET_COLS " FROM campaign_target t JOIN campaign_group g ON g.id = t.group_id"
                                   " LEFT JOIN campaign_target p ON p.id = t.parent_id LEFT JOIN unit u ON u.id = t.unit_id"
                                   " WHERE t.campaign_id = $1"
                                   " ORDER BY g.number, coalesce(p.position, t.position), CASE WHEN t.parent_id IS NULL THEN 0 ELSE 1 END,"
                                   " t.position, t.id", "i", id);
    if (!q) return STORE_ERR;
    /* sized once from a count: a campaign split over a province's units has tens of thousands
     * of targets, and growing by doubling zeroed and copied the array twice over */
    int64_t total = 0;
    if (store_int64(s, &total, without_shares ? "SELECT count(*) FROM campaign_target WHERE campaign_id = $1"
                                                " AND (unit_id IS NULL OR parent_id IS NULL)"
                                              : "SELECT count(*) FROM campaign_target WHERE campaign_id = $1", "i", id) != 1) {
        stmt_finalize(q);
        return STORE_ERR;
    }
    int cap = (int)(total > 0 ? total : 1), cnt = 0, rc;
    struct campaign_target *v = arena_alloc(a, sizeof *v * (size_t)cap);
    while ((rc = stmt_step(q)) == STORE_ROW) target_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc;
    if (fill_responsible(s, a, id, without_shares, v, cnt) != STORE_OK) return STORE_ERR;
    *out = v;
    *n = cnt;
    return STORE_OK;
}

int campaign_targets(store *s, arena *a, int64_t id, struct campaign_target **out, int *n)
{
    return targets_of(s, a, id, false, out, n);
}

int campaign_targets_without_shares(store *s, arena *a, int64_t id, struct campaign_target **out, int *n)
{
    return targets_of(s, a, id, true, out, n);
}

int campaign_target_get(store *s, arena *a, int64_t target_id, struct campaign_target *out)
{
    stmt *q = store_query(s, "SELECT " TARGET_COLS " FROM campaign_target t JOIN campaign_group g ON g.id = t.group_id"
                             " LEFT JOIN unit u ON u.id = t.unit_id WHERE t.id = $1", "i", target_id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) target_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

struct target_rule campaign_target_rule(const struct campaign_target *t, const char *start)
{
    int c = comparator_from_code(t->comparator);
    return (struct target_rule){
        .cmp = c < 0 ? CMP_ALL : (enum comparator)c, .a = t->value_a, .b = t->value_b,
        .has_baseline = t->has_baseline, .baseline = t->baseline_value, .accumulates = t->accumulates,
        .start = start, .deadline = t->deadline, .unit = t->measure_unit,
    };
}

const char *campaign_target_goal(arena *a, const struct campaign_target *t)
{
    char va[32], vb[32];
    eval_format(t->value_a, va, sizeof va);
    eval_format(t->value_b, vb, sizeof vb);
    const char *u = t->measure_unit ? t->measure_unit : "";
    int c = comparator_from_code(t->comparator);
    switch (c) {
    case CMP_GT: return arena_printf(a, "> %s %s", va, u);
    case CMP_GE: return arena_printf(a, "≥ %s %s", va, u);
    case CMP_LT: return arena_printf(a, "< %s %s", va, u);
    case CMP_LE: return arena_printf(a, "≤ %s %s", va, u);
    case CMP_EQ: return arena_printf(a, "= %s %s", va, u);
    case CMP_BETWEEN: return arena_printf(a, "%s – %s %s (vượt nếu trên %s)", va, vb, u, vb);
    case CMP_REDUCE_PCT: return arena_printf(a, "giảm ≥ %s %% so với %s", va, t->baseline_period ? t->baseline_period : "kỳ gốc");
    case CMP_INCREASE_PCT: return arena_printf(a, "tăng ≥ %s %% so với %s", va, t->baseline_period ? t->baseline_period : "kỳ gốc");
    case CMP_COUNT_ALL: return arena_printf(a, "≥ %s %s đạt %s/%s tiêu chí", va, u, vb, vb);
    case CMP_COVERAGE: return "100 %";
    case CMP_ZERO: return arena_printf(a, "không để xảy ra (0 %s)", u);
    case CMP_MILESTONE: return "hoàn thành";
    case CMP_ALL: return "mọi tiêu chí con đều đạt";
    default: return t->comparator;
    }
}

const char *campaign_default_on(arena *a, const char *requested)
{
    char iso[11];
    if (!str_empty(requested) && vn_day_iso_month_end(requested, iso)) return arena_strdup(a, iso);
    iso_date_today(iso);
    return arena_strdup(a, iso);
}

/* ======================================================================================
 * Writing
 * ====================================================================================== */

/* Commits a write whose audit entry is aid: the record's id, or STORE_ERR (rolled back). */
int64_t campaign_finish(store *s, int64_t aid, int64_t id)
{
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return id;
}

static bool board(const struct actor *ac, struct field_errors *fe)
{
    if (actor_has(ac, CAP_CAMPAIGN_WRITE)) return true;
    ferr_add(fe, "scope", CAMPAIGN_NO_CAP);
    return false;
}

/* The campaign a write adds to must exist and not be closed: its content is frozen then. */
static int open_campaign(store *s, arena *a, int64_t id, struct campaign *c, struct field_errors *fe)
{
    int rc = campaign_get(s, a, id, c);
    if (rc == 0) ferr_add(fe, "id", "Không có phong trào thi đua này.");
    else if (rc == 1 && (str_eq(c->status, "closed") || str_eq(c->status, "reviewed"))) {
        ferr_add(fe, "status", arena_printf(a, "Phong trào \"%s\" đã kết thúc: không sửa nội dung được nữa.", c->code));
        rc = 0;
    }
    return rc;
}


int64_t campaign_create(store *s, arena *a, const struct actor *ac, const struct campaign_input *in,
                        struct field_errors *fe)
{
    if (!board(ac, fe)) return 0;
    const char *code = field_clean(a, in->code, &f_code, "code", "Mã phong trào", fe);
    if (!code && !ferr_get(fe, "code")) ferr_add(fe, "code", "Hãy nhập mã phong trào (ví dụ CD-2019-HVT).");
    const char *title = field_clean(a, in->title, &f_name, "title", "Tên phong trào", fe);
    if (!title && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập tên phong trào.");
    const char *theme = field_clean(a, in->theme, &f_text, "theme", "Chủ đề", fe);
    const char *authority = field_clean(a, in->authority, &f_name, "authority", "Cơ quan phát động", fe);
    if (!authority && !ferr_get(fe, "authority")) ferr_add(fe, "authority", "Hãy nhập cơ quan phát động (ví dụ UBND tỉnh).");
    const char *plan = field_clean(a, in->plan_number, &f_code, "plan_number", "Số kế hoạch", fe);
    const char *source = field_clean(a, in->source, &f_text, "source", "Nguồn", fe);
    const char *kind = in->kind ? in->kind : "chuyen_de", *scope = in->scope ? in->scope : "province";
    const char *part = in->participation ? in->participation : "list";
    if (!is_code(kinds, kind)) ferr_add(fe, "kind", "Loại phong trào là thuong_xuyen (thường xuyên) hoặc chuyen_de (theo chuyên đề).");
    if (!is_code(scopes, scope)) ferr_add(fe, "scope", "Phạm vi là national, province, block hoặc unit.");
    if (!str_eq(part, "unit_kind") && !str_eq(part, "block") && !str_eq(part, "list"))
        ferr_add(fe, "participation", "Đơn vị tham gia theo unit_kind (loại đơn vị), block (khối) hoặc list (danh sách).");
    const char *launch = field_date(a, in->launch_date, FIELD_MONTH_END, "launch_date", "Ngày phát động", fe);
    const char *start = field_date(a, in->start_date, FIELD_MONTH_END | FIELD_REQUIRED, "start_date", "Ngày bắt đầu", fe);
    const char *end = field_date(a, in->end_date, FIELD_MONTH_END | FIELD_REQUIRED, "end_date", "Ngày kết thúc", fe);
    if (start && end && strcmp(end, start) < 0) ferr_add(fe, "end_date", "Ngày kết thúc phải từ ngày bắt đầu trở đi.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t other = 0;
    if (store_int64(s, &other, "SELECT id FROM campaign WHERE code = $1", "t", code) == 1) {
        store_rollback(s);
        ferr_add(fe, "code", arena_printf(a, "Đã có phong trào mã \"%s\" (số %lld).", code, (long long)other));
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO campaign(code, title, theme, kind, scope, authority, plan_number, launch_date,"
                            " start_date, end_date, participation, source, illustrative, created_at, updated_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
                    "ttttttttttttIt", code, title, theme, kind, scope, authority, plan, launch, start, end, part, source,
                    in->illustrative ? 1 : 0, now) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", code, "title", title, "kind", kind, "scope", scope,
                              "start_date", start, "end_date", end);
    json_object_set_new(after, "plan_number", jstr(plan));
    int64_t aid = audit_as(s, ac, "create", "campaign", id, NULL, after);
    json_decref(after);
    return campaign_finish(s, aid, id);
}

int64_t campaign_set_status(store *s, arena *a, const struct actor *ac, int64_t id, const char *status,
                            struct field_errors *fe)
{
    if (!board(ac, fe)) return 0;
    if (!is_code(statuses, status)) {
        ferr_add(fe, "status", "Trạng thái là draft, launched, closed hoặc reviewed.");
        return 0;
    }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign c;
    int rc = campaign_get(s, a, id, &c);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có phong trào thi đua này.");
        return rc;
    }
    static const char *const order[] = {"draft", "launched", "closed", "reviewed"};
    int from = 0, to = 0;
    for (int i = 0; i < 4; i++) {
        if (str_eq(order[i], c.status)) from = i;
        if (str_eq(order[i], status)) to = i;
    }
    bool reopen = from == 2 && to == 1;
    if (!(to == from + 1 || reopen)) {
        store_rollback(s);
        ferr_add(fe, "status", arena_printf(a, "Không chuyển được từ \"%s\" sang \"%s\": trạng thái đi lần lượt dự thảo → "
                                              "đang triển khai → đã kết thúc → đã tổng kết.",
                                            campaign_status_label(c.status), campaign_status_label(status)));
        return 0;
    }
    if (reopen && !actor_has(ac, CAMPAIGN_ADMIN_CAP)) {
        store_rollback(s);
        ferr_add(fe, "scope", "Chỉ quản trị hệ thống mới mở lại một phong trào đã kết thúc.");
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE campaign SET status = $2, updated_at = $3 WHERE id = $1", "itt", id, status, now) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:s}", "status", c.status), *after = json_pack("{s:s}", "status", status);
    int64_t aid = audit_as(s, ac, "status", "campaign", id, before, after);
    json_decref(before);
    json_decref(after);
    return campaign_finish(s, aid, id);
}

int64_t campaign_occasion_add(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *event,
                              const char *event_date, int year, struct field_errors *fe)
{
    if (!board(ac, fe)) return 0;
    const char *ev = field_clean(a, event, &f_name, "event", "Sự kiện", fe);
    if (!ev && !ferr_get(fe, "event")) ferr_add(fe, "event", "Hãy nhập sự kiện (ví dụ: ngày sinh đồng chí Hoàng Văn Thụ).");
    const char *d = field_date(a, event_date, FIELD_MONTH_END | FIELD_REQUIRED, "event_date", "Ngày của sự kiện", fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign c;
    int rc = open_campaign(s, a, campaign_id, &c, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    if (!year) year = atoi(c.end_date);
    if (year <= atoi(d) || year > 9999) {
        store_rollback(s);
        ferr_add(fe, "year", arena_printf(a, "Năm kỷ niệm %d phải sau năm của sự kiện (%.4s).", year, d));
        return 0;
    }
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO campaign_occasion(campaign_id, event, event_date, year, position)"
                            " VALUES ($1, $2, $3, $4, (SELECT count(*) FROM campaign_occasion WHERE campaign_id = $1))"
                            " RETURNING id", "ittI", campaign_id, ev, d, year) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:s, s:s, s:i}", "occasion_id", (json_int_t)id, "event", ev, "event_date", d, "year", year);
    int64_t aid = audit_as(s, ac, "occasion_add", "campaign", campaign_id, NULL, after);
    json_decref(after);
    return campaign_finish(s, aid, id);
}

int64_t campaign_participant_add(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *kind,
                                 const char *unit_kind, int64_t ref_id, struct field_errors *fe)
{
    if (!board(ac, fe)) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign c;
    int rc = open_campaign(s, a, campaign_id, &c, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    int64_t found = 0;
    if (str_eq(kind, "unit_kind")) {
        rc = str_empty(unit_kind) ? 0 : store_int64(s, &found, "SELECT count(*) FROM unit WHERE kind = $1", "t", unit_kind);
        if (rc == 1 && !found) rc = 0;
        if (!rc) ferr_add(fe, "unit_kind", "Không có đơn vị nào thuộc loại này.");
    } else if (str_eq(kind, "block")) {
        rc = store_int64(s, &found, "SELECT id FROM emulation_block WHERE id = $1", "i", ref_id);
        if (!rc) ferr_add(fe, "block_id", "Không có khối, cụm thi đua này.");
    } else if (str_eq(kind, "unit")) {
        rc = store_int64(s, &found, "SELECT id FROM unit WHERE id = $1", "i", ref_id);
        if (!rc) ferr_add(fe, "unit_id", "Không có đơn vị này.");
    } else {
        rc = 0;
        ferr_add(fe, "kind", "Đơn vị tham gia là unit_kind, block hoặc unit.");
    }
    if (rc <= 0) { store_rollback(s); return rc; }
    bool is_kind = str_eq(kind, "unit_kind"), is_block = str_eq(kind, "block");
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO campaign_participant(campaign_id, unit_kind, block_id, unit_id)"
                            " VALUES ($1, $2, CASE WHEN $3 = 0 THEN NULL ELSE $3 END, CASE WHEN $4 = 0 THEN NULL ELSE $4 END)"
                            " RETURNING id", "itii", campaign_id, is_kind ? unit_kind : NULL,
                    is_block ? ref_id : (int64_t)0, !is_kind && !is_block ? ref_id : (int64_t)0) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:I}", "kind", kind, "ref_id", (json_int_t)ref_id);
    json_object_set_new(after, "unit_kind", jstr(is_kind ? unit_kind : NULL));
    int64_t aid = audit_as(s, ac, "participant_add", "campaign", campaign_id, NULL, after);
    json_decref(after);
    return campaign_finish(s, aid, id);
}

int64_t campaign_group_add(store *s, arena *a, const struct actor *ac, int64_t campaign_id, int number,
                           const char *title, const char *note, struct field_errors *fe)
{
    if (!board(ac, fe)) return 0;
    if (number < 1 || number > 99) ferr_add(fe, "number", "Số thứ tự nhóm nội dung từ 1 đến 99.");
    const char *t = field_clean(a, title, &f_text, "title", "Nội dung", fe);
    if (!t && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập nội dung của nhóm.");
    const char *n = field_clean(a, note, &f_text, "note", "Ghi chú", fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign c;
    int rc = open_campaign(s, a, campaign_id, &c, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    int64_t id = 0;
    if (store_int64(s, &id, "SELECT id FROM campaign_group WHERE campaign_id = $1 AND number = $2", "iI", campaign_id, number) == 1) {
        store_rollback(s);
        ferr_add(fe, "number", arena_printf(a, "Đã có nhóm nội dung số %d.", number));
        return 0;
    }
    if (store_int64(s, &id, "INSERT INTO campaign_group(campaign_id, number, title, note) VALUES ($1, $2, $3, $4) RETURNING id",
                    "iItt", campaign_id, number, t, n) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:i, s:s}", "group_id", (json_int_t)id, "number", number, "title", t);
    int64_t aid = audit_as(s, ac, "group_add", "campaign", campaign_id, NULL, after);
    json_decref(after);
    return campaign_finish(s, aid, id);
}

/* A number field of a target: NULL/"" → absent; otherwise exact (eval_parse), else a field error. */
static bool number_field(arena *a, const char *in, const char *key, const char *label, bool *has, int64_t *out,
                         struct field_errors *fe)
{
    *has = false;
    if (str_empty(in)) return true;
    if (!eval_parse(in, out)) {
        ferr_add(fe, key, arena_printf(a, "%s: \"%s\" không phải là số (viết 99,5 hoặc 1.234; tối đa 3 chữ số thập phân).",
                                       label, in));
        return false;
    }
    *has = true;
    return true;
}

/* A target's fields once checked: what campaign_target_add inserts and campaign_target_update
 * writes back. Both pass through target_check (the fields alone) and target_resolve (the rows the
 * fields name, inside the write's transaction), so an edit is held to every rule of an add. */

void campaign_target_check(arena *a, const struct campaign_target_input *in, struct target_clean *t, struct field_errors *fe)
{
    t->code = field_clean(a, in->code, &f_code, "code", "Mã chỉ tiêu", fe);
    if (!t->code && !ferr_get(fe, "code")) ferr_add(fe, "code", "Hãy nhập mã chỉ tiêu (ví dụ 2.1).");
    t->phrase = field_clean(a, in->phrase, &f_text, "phrase", "Nguyên văn", fe);
    t->subject = field_clean(a, in->subject, &f_text, "subject", "Nội dung đo", fe);
    if (!t->subject && !ferr_get(fe, "subject")) ferr_add(fe, "subject", "Hãy nhập nội dung đo của chỉ tiêu.");
    t->unit = field_clean(a, in->measure_unit, &f_code, "measure_unit", "Đơn vị tính", fe);
    if (!t->unit && !ferr_get(fe, "measure_unit")) ferr_add(fe, "measure_unit", "Hãy nhập đơn vị tính (%, doanh nghiệp, xã …).");
    t->bperiod = field_clean(a, in->baseline_period, &f_name, "baseline_period", "Kỳ gốc", fe);
    int cmp = t->cmp = comparator_from_code(in->comparator);
    if (cmp < 0)
        ferr_add(fe, "comparator", "Phép so sánh là một trong: gt, ge, lt, le, eq, between, reduce_pct, increase_pct, "
                                   "count_all, coverage, zero, milestone, all.");
    number_field(a, in->value_a, "value_a", "Giá trị chỉ tiêu", &t->has_a, &t->va, fe);
    number_field(a, in->value_b, "value_b", cmp == CMP_COUNT_ALL ? "Số tiêu chí" : "Cận trên", &t->has_b, &t->vb, fe);
    number_field(a, in->baseline_value, "baseline_value", "Số liệu kỳ gốc", &t->has_base, &t->base, fe);
    if (cmp >= 0 && comparator_needs_a(cmp) && !t->has_a && !ferr_get(fe, "value_a"))
        ferr_add(fe, "value_a", arena_printf(a, "Phép so sánh \"%s\" cần giá trị chỉ tiêu.", comparator_label(cmp)));
    if (cmp >= 0 && comparator_needs_b(cmp) && !t->has_b && !ferr_get(fe, "value_b"))
        ferr_add(fe, "value_b", cmp == CMP_COUNT_ALL ? "Hãy nhập số tiêu chí mỗi đơn vị phải đạt (ví dụ 19)."
                                                     : "Hãy nhập cận trên của khoảng.");
    if (cmp == CMP_BETWEEN && t->has_a && t->has_b && t->vb < t->va) ferr_add(fe, "value_b", "Cận trên phải từ cận dưới trở lên.");
    if ((cmp == CMP_REDUCE_PCT || cmp == CMP_INCREASE_PCT) && t->has_a &&
        (t->va <= 0 || (cmp == CMP_REDUCE_PCT && t->va > EVAL_PCT100)))
        ferr_add(fe, "value_a", "Tỉ lệ tăng, giảm phải lớn hơn 0 % (giảm: tối đa 100 %).");
    t->rollup = in->rollup ? in->rollup : (cmp == CMP_ALL ? "all" : "none");
    if (!is_code(rollups, t->rollup)) ferr_add(fe, "rollup", "Cách tổng hợp là none, all, sum, ratio hoặc count.");
    if (cmp == CMP_ALL && !str_eq(t->rollup, "all")) ferr_add(fe, "rollup", "Chỉ tiêu \"mọi tiêu chí con đều đạt\" tổng hợp theo all.");
    if (in->weight < 0 || in->weight > 1000) ferr_add(fe, "weight", "Trọng số từ 0 đến 1000.");
    t->weight = in->weight;
    t->accumulates = in->accumulates >= 0 ? in->accumulates != 0
                                          : (cmp == CMP_COUNT_ALL || cmp == CMP_MILESTONE || cmp == CMP_COVERAGE);
}

/* The rows a target's fields name, inside the write's transaction: its group by number, its parent
 * by code (adds only: an edit keeps the target where it is in the tree), a code no other target of
 * the campaign has (self: the target being edited), the units. 1 fine, 0 field errors, < 0 error. */
int campaign_target_resolve(store *s, arena *a, const struct campaign *c, const struct campaign_target_input *in, int64_t self,
                          struct target_clean *t, struct field_errors *fe)
{
    t->deadline = in->deadline ? field_date(a, in->deadline, FIELD_MONTH_END | FIELD_REQUIRED, "deadline", "Hạn", fe) : c->end_date;
    int64_t number = 0;
    int rc = 0;
    t->group_id = t->parent_id = 0;
    if (!in->group_ref || !parse_int64(in->group_ref, &number) ||
        (rc = store_int64(s, &t->group_id, "SELECT id FROM campaign_group WHERE campaign_id = $1 AND number = $2", "ii",
                          c->id, number)) == 0)
        ferr_add(fe, "group", arena_printf(a, "Không có nhóm nội dung số \"%s\" trong phong trào này.", in->group_ref ? in->group_ref : ""));
    if (rc < 0) return STORE_ERR;
    if (in->parent_code) {
        char *prollup = NULL;
        if ((rc = store_int64(s, &t->parent_id, "SELECT id FROM campaign_target WHERE campaign_id = $1 AND code = $2 AND parent_id IS NULL",
                              "it", c->id, in->parent_code)) == 0)
            ferr_add(fe, "parent", arena_printf(a, "Không có chỉ tiêu cấp trên mã \"%s\".", in->parent_code));
        else if (rc == 1 && store_text(s, &prollup, a, "SELECT rollup FROM campaign_target WHERE id = $1", "i", t->parent_id) == 1 &&
                 str_eq(prollup, "none"))
            ferr_add(fe, "parent", arena_printf(a, "Chỉ tiêu \"%s\" không có cách tổng hợp (all, sum, ratio, count) nên không có chỉ tiêu con.",
                                               in->parent_code));
        if (rc < 0) return STORE_ERR;
    }
    int64_t other = 0;
    if (t->code && store_int64(s, &other, "SELECT id FROM campaign_target WHERE campaign_id = $1 AND code = $2 AND id <> $3", "iti",
                               c->id, t->code, self) == 1)
        ferr_add(fe, "code", arena_printf(a, "Đã có chỉ tiêu mã \"%s\".", t->code));
    if (in->split_unit_id && store_int64(s, &other, "SELECT id FROM unit WHERE id = $1", "i", in->split_unit_id) != 1)
        ferr_add(fe, "split_unit", "Không có đơn vị được giao phần chỉ tiêu này.");
    for (int i = 0; i < in->n_units; i++)
        if (store_int64(s, &other, "SELECT id FROM unit WHERE id = $1", "i", in->unit_ids[i]) != 1)
            ferr_add(fe, "units", arena_printf(a, "Không có đơn vị số %lld.", (long long)in->unit_ids[i]));
    return fe->n ? 0 : 1;
}

int64_t campaign_target_add(store *s, arena *a, const struct actor *ac, int64_t campaign_id,
                            const struct campaign_target_input *in, struct field_errors *fe)
{
    if (!board(ac, fe)) return 0;
    struct target_clean t;
    campaign_target_check(a, in, &t, fe);
    if (!t.weight) t.weight = 1;              /* an add's weight 0: not given */
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct campaign c;
    int rc = open_campaign(s, a, campaign_id, &c, fe);
    if (rc > 0) rc = campaign_target_resolve(s, a, &c, in, 0, &t, fe);
    if (rc <= 0) { store_rollback(s); return rc; }
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO campaign_target(campaign_id, group_id, parent_id, code, phrase, subject, measure_unit,"
                            " comparator, value_a, value_b, baseline_value, baseline_period, deadline, weight, accumulates, rollup,"
                            " unit_id, position)"
                            " VALUES ($1, $2, CASE WHEN $3 = 0 THEN NULL ELSE $3 END, $4, $5, $6, $7, $8,"
                            " CASE WHEN $9 = 1 THEN $10 ELSE NULL END, CASE WHEN $11 = 1 THEN $12 ELSE NULL END,"
                            " CASE WHEN $13 = 1 THEN $14 ELSE NULL END, $15, $16, $17, $18, $19,"
                            " CASE WHEN $20 = 0 THEN NULL ELSE $20 END,"
                            " (SELECT count(*) FROM campaign_target WHERE campaign_id = $1)) RETURNING id",
                    "iiitttttIiIiIittIIti", campaign_id, t.group_id, t.parent_id, t.code, t.phrase, t.subject, t.unit,
                    comparator_code(t.cmp), t.has_a ? 1 : 0, t.va, t.has_b ? 1 : 0, t.vb, t.has_base ? 1 : 0, t.base, t.bperiod,
                    t.deadline, t.weight, t.accumulates ? 1 : 0, t.rollup, in->split_unit_id) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    for (int i = 0; i < in->n_units; i++)
        if (store_exec(s, "INSERT INTO campaign_target_unit(target_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", "ii",
                       id, in->unit_ids[i]) != STORE_OK) {
            store_rollback(s);
            return STORE_ERR;
        }
    /* a new share counts as "no data" in its parent's and its unit's kept tallies at once */
    if (campaign_refresh_target(s, id) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:s}", "target_id", (json_int_t)id, "code", t.code, "subject", t.subject,
                              "comparator", comparator_code(t.cmp), "deadline", t.deadline);
    json_object_set_new(after, "value_a", t.has_a ? json_integer(t.va) : json_null());
    json_object_set_new(after, "value_b", t.has_b ? json_integer(t.vb) : json_null());
    int64_t aid = audit_as(s, ac, "target_add", "campaign", campaign_id, NULL, after);
    json_decref(after);
    return campaign_finish(s, aid, id);
}

