/* proposal.c: the domain of award proposals (proposal.h): creating and editing them, taking them
 * from proposal_intake, and the workflow's moves with their deadlines. The transition table below
 * is the whole policy of who may move a proposal from where to where; every move is checked
 * against the actor here and written with its timeline row and its audit entry in one
 * transaction. No request and no HTML: the pages and API are proposal_web.c, the CLI
 * proposal_cmd.c. */
#include "proposal.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "award_rules.h"
#include "award_subject.h"
#include "holiday.h"
#include "proposal_intake.h"
#include "vn.h"

static const char *const state_names[PS__COUNT] = {
    "draft", "submitted", "returned", "received", "assigned", "appraised", "to_council", "approved", "refused", "decided",
};
static const char *const state_labels[PS__COUNT] = {
    "Bản nháp", "Đã gửi", "Trả lại", "Đã tiếp nhận", "Đã phân công", "Đã thẩm định", "Trình Hội đồng", "Được duyệt",
    "Không được duyệt", "Đã có quyết định",
};
static const char *const action_names[PA__COUNT] = {
    "submit", "receive", "return", "assign", "appraise", "to_council", "approve", "refuse",
};
static const char *const action_labels[PA__COUNT] = {
    "Gửi hồ sơ", "Tiếp nhận", "Trả lại hồ sơ", "Phân công thẩm định", "Ghi kết quả thẩm định", "Trình Hội đồng",
    "Duyệt", "Không duyệt",
};

const char *proposal_state_name(enum proposal_state s) { return (unsigned)s < PS__COUNT ? state_names[s] : "?"; }
const char *proposal_state_label(enum proposal_state s) { return (unsigned)s < PS__COUNT ? state_labels[s] : "?"; }
const char *proposal_action_name(enum proposal_action a) { return (unsigned)a < PA__COUNT ? action_names[a] : "?"; }
const char *proposal_action_label(enum proposal_action a) { return (unsigned)a < PA__COUNT ? action_labels[a] : "?"; }

int proposal_state_from_name(const char *name)
{
    for (int i = 0; i < PS__COUNT; i++)
        if (str_eq(name, state_names[i])) return i;
    return -1;
}

int proposal_action_from_name(const char *name)
{
    for (int i = 0; i < PA__COUNT; i++)
        if (str_eq(name, action_names[i])) return i;
    return -1;
}

/* ---- the transition table: the one policy of the workflow ----
 * from: a bit per state the move starts from; to: where it goes; cap: what the actor needs;
 * scoped: the proposing unit must lie in the actor's write scope (a unit's own staff);
 * note: a reason is required. The vote rule (to_council only when the form asks for a vote,
 * approve only when it does not) and eligibility are checked in proposal_move_refusal. */
#define FROM(s) (1u << (s))
static const struct transition {
    enum proposal_action action;
    unsigned from;
    enum proposal_state to;
    enum capability cap;
    bool scoped, note;
} transitions[PA__COUNT] = {
    {PA_SUBMIT, FROM(PS_DRAFT) | FROM(PS_RETURNED), PS_SUBMITTED, CAP_DOSSIER_WRITE, true, false},
    {PA_RECEIVE, FROM(PS_SUBMITTED), PS_RECEIVED, CAP_APPRAISE, false, false},
    {PA_RETURN, FROM(PS_SUBMITTED) | FROM(PS_RECEIVED) | FROM(PS_ASSIGNED), PS_RETURNED, CAP_APPRAISE, false, true},
    {PA_ASSIGN, FROM(PS_RECEIVED) | FROM(PS_ASSIGNED), PS_ASSIGNED, CAP_APPRAISE, false, false},
    {PA_APPRAISE, FROM(PS_ASSIGNED), PS_APPRAISED, CAP_APPRAISE, false, true},
    {PA_TO_COUNCIL, FROM(PS_APPRAISED), PS_TO_COUNCIL, CAP_APPRAISE, false, false},
    {PA_APPROVE, FROM(PS_APPRAISED), PS_APPROVED, CAP_APPRAISE, false, false},
    {PA_REFUSE, FROM(PS_APPRAISED), PS_REFUSED, CAP_APPRAISE, false, true},
};

static const struct vn_field f_name = {1, PROPOSAL_NAME_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_reason = {1, PROPOSAL_REASON_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};
/* optional (empty: none): an identifier, an achievement key */
static const struct vn_field f_key = {0, 120, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_code = {1, 60, VN_NORM_SINGLE_LINE};

#define NO_CAP_WRITE "Bạn không có quyền lập hồ sơ đề nghị khen thưởng."
#define NO_SCOPE "Đơn vị đề nghị không thuộc đơn vị của bạn hoặc các đơn vị trực thuộc."

/* The day whose rules judge a proposal of `year`: 31/12 of that year, or today for this year. */
static void rule_day(int year, char out[11])
{
    char today[11];
    iso_date_today(today);
    snprintf(out, 11, "%04d-12-31", year > 0 && year < 10000 ? year : 1);
    if (strcmp(out, today) > 0) memcpy(out, today, 11);
}

/* ---- reading ---- */
#define P_COLS "p.id, p.unit_id, p.subject_id, coalesce(p.intake_id, 0), coalesce(p.assignee_id, 0)," \
    " coalesce(p.decision_id, 0), u.name, p.subject_kind, p.subject_name, p.form_code, p.achievement, p.reason," \
    " p.appraisal, p.due_on, p.due_step, p.created_at, p.created_by, p.updated_at, au.login, p.year, p.state," \
    " p.needs_vote, coalesce(p.eligible, -1)"
#define P_FROM " FROM award_proposal p JOIN unit u ON u.id = p.unit_id LEFT JOIN app_user au ON au.id = p.assignee_id"

static bool due_open(enum proposal_state s)
{
    return s != PS_DRAFT && s != PS_RETURNED && s != PS_REFUSED && s != PS_DECIDED;
}

static void proposal_from_row(stmt *q, arena *a, const char *today, struct proposal *p)
{
    p->id = stmt_int64(q, 0);
    p->unit_id = stmt_int64(q, 1);
    p->subject_id = stmt_int64(q, 2);
    p->intake_id = stmt_int64(q, 3);
    p->assignee_id = stmt_int64(q, 4);
    p->decision_id = stmt_int64(q, 5);
    p->unit_name = stmt_text_dup(q, 6, a);
    p->subject_kind = stmt_text_dup(q, 7, a);
    p->subject_name = stmt_text_dup(q, 8, a);
    p->form_code = stmt_text_dup(q, 9, a);
    p->achievement = stmt_text_dup(q, 10, a);
    p->reason = stmt_text_dup(q, 11, a);
    p->appraisal = stmt_text_dup(q, 12, a);
    p->due_on = stmt_text_dup(q, 13, a);
    p->due_step = stmt_text_dup(q, 14, a);
    p->created_at = stmt_text_dup(q, 15, a);
    p->created_by = stmt_text_dup(q, 16, a);
    p->updated_at = stmt_text_dup(q, 17, a);
    p->assignee_login = stmt_text_dup(q, 18, a);
    p->year = (int)stmt_int64(q, 19);
    int st = proposal_state_from_name(stmt_text(q, 20));
    p->state = st < 0 ? PS_DRAFT : (enum proposal_state)st;
    p->needs_vote = stmt_int64(q, 21) != 0;
    p->eligible = (int)stmt_int64(q, 22);
    p->overdue = p->due_on && due_open(p->state) && strcmp(p->due_on, today) < 0;
    p->form_label = p->form_code;
}

/* The forms' names, from the rule rows in force for each proposal's year. */
static void fill_form_labels(store *s, arena *a, struct proposal *v, int n)
{
    for (int i = 0; i < n; i++) {
        char day[11];
        rule_day(v[i].year, day);
        struct award_form f;
        if (award_form_at(s, a, v[i].form_code, day, &f) == 1) v[i].form_label = f.name;
    }
}

int proposal_get(store *s, arena *a, int64_t id, struct proposal *out)
{
    char today[11];
    iso_date_today(today);
    stmt *q = store_query(s, "SELECT " P_COLS P_FROM " WHERE p.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) proposal_from_row(q, a, today, out);
    stmt_finalize(q);
    if (rc == STORE_ROW) fill_form_labels(s, a, out, 1);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

int proposal_list(store *s, arena *a, const struct proposal_filter *f, struct proposal **out, int *n, int64_t *total)
{
    char today[11];
    iso_date_today(today);
    const char *state = f->state >= 0 ? proposal_state_name((enum proposal_state)f->state) : NULL;
    /* The subtree of unit_scope, walked in portable SQL (WITH RECURSIVE exists in both dialects). */
    const char *where =
        " WHERE ($1 IS NULL OR p.state = $1)"
        " AND ($2 = 0 OR p.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT $2 UNION SELECT c.id FROM unit c JOIN sub"
        " ON c.parent_id = sub.id) SELECT id FROM sub))"
        " AND ($3 = 0 OR (p.due_on < $4 AND p.state NOT IN ('draft','returned','refused','decided')))";
    *total = 0;
    if (store_int64(s, total, arena_printf(a, "SELECT count(*)" P_FROM "%s", where), "tiit", state, f->unit_scope,
                    (int64_t)f->overdue_only, today) != 1)
        return STORE_ERR;
    stmt *q = store_query(s, arena_printf(a, "SELECT " P_COLS P_FROM "%s ORDER BY p.id DESC LIMIT $5 OFFSET $6", where),
                          "tiitii", state, f->unit_scope, (int64_t)f->overdue_only, today,
                          f->limit > 0 ? f->limit : INT64_MAX, f->offset);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct proposal *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) proposal_from_row(q, a, today, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc < 0 ? rc : STORE_ERR;
    fill_form_labels(s, a, v, cnt);
    *out = v;
    *n = cnt;
    return STORE_OK;
}

int proposal_events(store *s, arena *a, int64_t id, struct proposal_event **out, int *n)
{
    stmt *q = store_query(s, "SELECT id, at, on_date, actor, from_state, to_state, note FROM award_proposal_event"
                             " WHERE proposal_id = $1 ORDER BY id", "i", id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct proposal_event *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct proposal_event *e = ARENA_PUSH(a, v, cnt, cap);
        e->id = stmt_int64(q, 0);
        e->at = stmt_text_dup(q, 1, a);
        e->on_date = stmt_text_dup(q, 2, a);
        e->actor = stmt_text_dup(q, 3, a);
        e->from_state = stmt_text_dup(q, 4, a);
        e->to_state = stmt_text_dup(q, 5, a);
        e->note = stmt_text_dup(q, 6, a);
    }
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

static json_t *text_or_null(const char *s) { return s ? json_string(s) : json_null(); }

json_t *proposal_json(const struct proposal *p)
{
    json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:b, s:b}",
                          "id", (json_int_t)p->id, "unit_id", (json_int_t)p->unit_id, "unit_name", p->unit_name,
                          "subject_id", (json_int_t)p->subject_id, "subject_kind", p->subject_kind,
                          "subject_name", p->subject_name, "form_code", p->form_code, "form_name", p->form_label,
                          "achievement", p->achievement, "reason", p->reason, "year", p->year,
                          "state", proposal_state_name(p->state), "state_label", proposal_state_label(p->state),
                          "needs_vote", p->needs_vote, "overdue", p->overdue);
    json_object_set_new(o, "eligible", p->eligible < 0 ? json_null() : json_boolean(p->eligible));
    json_object_set_new(o, "appraisal", text_or_null(p->appraisal));
    json_object_set_new(o, "due_on", text_or_null(p->due_on));
    json_object_set_new(o, "due_step", text_or_null(p->due_step));
    json_object_set_new(o, "assignee", text_or_null(p->assignee_login));
    json_object_set_new(o, "intake_id", p->intake_id ? json_integer(p->intake_id) : json_null());
    json_object_set_new(o, "decision_id", p->decision_id ? json_integer(p->decision_id) : json_null());
    json_object_set_new(o, "created_at", json_string(p->created_at));
    json_object_set_new(o, "created_by", json_string(p->created_by));
    return o;
}

json_t *proposal_event_json(const struct proposal_event *e)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id, "at", e->at, "on", e->on_date,
                          "actor", e->actor, "to", e->to_state);
    json_object_set_new(o, "from", text_or_null(e->from_state));
    json_object_set_new(o, "note", text_or_null(e->note));
    return o;
}

bool proposal_may_read(store *s, const struct actor *ac, const struct proposal *p)
{
    /* the Board, the council (which votes on proposals), and dossier writers within their scope */
    if (actor_has(ac, CAP_APPRAISE) || actor_has(ac, CAP_BALLOT)) return true;
    if (!actor_has(ac, CAP_DOSSIER_WRITE)) return false;
    return ac->whole_tree || (ac->unit_id && unit_tree_contains(s, ac->unit_id, p->unit_id));
}

/* ---- writing ---- */
static int64_t finish(store *s, int64_t aid, int64_t id)
{
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return id;
}

/* The subject's key in award_subject.h's scheme; NULL with a field error when it cannot be built. */
static const char *subject_key_of(arena *a, const char *kind, const char *ref, int64_t subject_unit_id,
                                  struct field_errors *fe)
{
    if (str_eq(kind, "collective")) {
        if (subject_unit_id <= 0) {
            ferr_add(fe, "subject_unit_id", "Hãy chọn đơn vị (tập thể) được đề nghị khen thưởng.");
            return NULL;
        }
        return arena_printf(a, "unit:%lld", (long long)subject_unit_id);
    }
    if (str_empty(ref)) {
        ferr_add(fe, "subject_ref", str_eq(kind, "individual") ? "Hãy nhập số căn cước công dân của cá nhân."
                                    : str_eq(kind, "enterprise") ? "Hãy nhập mã số thuế của doanh nghiệp."
                                                                 : "Hãy nhập địa chỉ hoặc số căn cước của chủ hộ.");
        return NULL;
    }
    const char *prefix = str_eq(kind, "individual") ? "cid:" : str_eq(kind, "enterprise") ? "tax:" : "hh:";
    /* a key given whole ("tax:4900…") is taken as it is */
    if (str_starts(ref, prefix)) return ref;
    return arena_printf(a, "%s%s", prefix, ref);
}

/* Validates the input into clean values; field errors on fe. */
struct clean_input {
    const char *kind, *name, *key, *form, *achievement, *reason;
    int year;
    struct award_form form_row;
};
static void clean(store *s, arena *a, const struct proposal_input *in, struct clean_input *c, struct field_errors *fe)
{
    memset(c, 0, sizeof *c);
    if (!str_eq(in->subject_kind, "individual") && !str_eq(in->subject_kind, "collective") &&
        !str_eq(in->subject_kind, "household") && !str_eq(in->subject_kind, "enterprise"))
        ferr_add(fe, "subject_kind", "Loại đối tượng phải là cá nhân (individual), tập thể (collective), hộ gia đình "
                                     "(household) hoặc doanh nghiệp (enterprise).");
    else c->kind = in->subject_kind;
    c->name = field_clean(a, in->subject_name, &f_name, "subject_name", "Tên đối tượng", fe);
    if (!c->name && !ferr_get(fe, "subject_name")) ferr_add(fe, "subject_name", "Hãy nhập tên đối tượng được đề nghị.");
    const char *ref = field_clean(a, in->subject_ref, &f_key, "subject_ref", "Số định danh", fe);
    if (c->kind) c->key = subject_key_of(a, c->kind, ref, in->subject_unit_id, fe);
    c->reason = field_clean(a, in->reason, &f_reason, "reason", "Thành tích", fe);
    if (!c->reason && !ferr_get(fe, "reason")) ferr_add(fe, "reason", "Hãy nhập thành tích được đề nghị khen thưởng.");
    if (in->year < 1945 || in->year > 2200) ferr_add(fe, "year", "Năm thành tích phải từ 1945 đến 2200.");
    else c->year = in->year;
    c->form = field_clean(a, in->form_code, &f_code, "form_code", "Hình thức", fe);
    if (!c->form && !ferr_get(fe, "form_code")) ferr_add(fe, "form_code", "Hãy chọn hình thức khen thưởng.");
    if (c->form && c->year) {
        char day[11];
        rule_day(c->year, day);
        int rc = award_form_at(s, a, c->form, day, &c->form_row);
        if (rc < 0) ferr_add(fe, "_", "form");
        else if (!rc)
            ferr_add(fe, "form_code", arena_printf(a, "Không có hình thức \"%s\" có hiệu lực ngày %s.", c->form, day));
        else if (c->kind && !award_form_for_kind(&c->form_row, c->kind))
            ferr_add(fe, "form_code", arena_printf(a, "%s không dành cho loại đối tượng này (chỉ cho: %s).",
                                                   c->form_row.name, c->form_row.subject_kinds));
    }
    const char *ach = field_clean(a, in->achievement, &f_key, "achievement", "Thành tích (mã)", fe);
    c->achievement = ach ? ach : c->year ? arena_printf(a, "year:%d", c->year) : NULL;
}

/* The proposing unit must exist and lie in the writer's scope. */
static bool unit_writable(store *s, arena *a, const struct actor *ac, int64_t unit_id, const char **unit_name,
                          struct field_errors *fe)
{
    char *name = NULL;
    if (unit_id <= 0 || store_text(s, &name, a, "SELECT name FROM unit WHERE id = $1", "i", unit_id) != 1) {
        ferr_add(fe, "unit_id", "Không có đơn vị đề nghị này.");
        return false;
    }
    if (!actor_in_scope(s, ac, unit_id)) {
        ferr_add(fe, "scope", NO_SCOPE);
        return false;
    }
    if (unit_name) *unit_name = name;
    return true;
}

static int add_event(store *s, int64_t id, const char *on, const char *actor, const char *from, const char *to,
                     const char *note)
{
    char now[21];
    iso_time(now_unix(), now);
    return store_exec(s, "INSERT INTO award_proposal_event(proposal_id, at, on_date, actor, from_state, to_state, note)"
                         " VALUES ($1, $2, $3, $4, $5, $6, $7)", "itttttt", id, now, on, actor, from, to, note);
}

/* "One achievement is rewarded once": another proposal with the same subject, achievement and
 * form (except `self`), or an award already in the subject's history for it. */
static int once_check(store *s, arena *a, int64_t subject_id, const struct clean_input *c, int64_t self,
                      struct field_errors *fe)
{
    int64_t other = 0;
    int rc = store_int64(s, &other, "SELECT id FROM award_proposal WHERE subject_id = $1 AND achievement = $2"
                                    " AND form_code = $3 AND id <> $4", "itti", subject_id, c->achievement, c->form, self);
    if (rc < 0) return rc;
    if (rc == 1) {
        ferr_add(fe, "achievement", arena_printf(a, "Đối tượng này đã được đề nghị %s cho cùng thành tích (hồ sơ số %lld): "
                                                    "một thành tích chỉ khen thưởng một lần.", c->form_row.name,
                                                    (long long)other));
        return 0;
    }
    struct award_history h;
    rc = award_history_find_achievement(s, a, subject_id, c->achievement, &h);
    if (rc < 0) return rc;
    if (rc == 1) {
        ferr_add(fe, "achievement", arena_printf(a, "Thành tích này đã được khen thưởng (%s năm %d%s%s): một thành tích "
                                                    "chỉ khen thưởng một lần.", h.form_name ? h.form_name : h.form_code,
                                                    h.year, h.decision_ref ? ", quyết định " : "",
                                                    h.decision_ref ? h.decision_ref : ""));
        return 0;
    }
    return 1;
}

static json_t *input_json(const struct clean_input *c, int64_t unit_id, int64_t subject_id)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:i}", "unit_id", (json_int_t)unit_id, "subject_kind", c->kind,
                     "subject_name", c->name, "subject_id", (json_int_t)subject_id, "form_code", c->form,
                     "achievement", c->achievement, "reason", c->reason, "year", c->year);
}

/* Inside a transaction: the subject (found or added through award_subject.h) and the insert. */
static int64_t insert_proposal(store *s, arena *a, const struct actor *ac, int64_t unit_id, const struct clean_input *c,
                               int64_t intake_id, struct field_errors *fe)
{
    struct award_subject_input si = {.kind = c->kind, .name = c->name,
                                     .unit_id = str_eq(c->kind, "collective") ? 0 : unit_id};
    int64_t subject_id = 0;
    int rc = award_subject_find_or_add(s, a, ac, c->key, &si, &subject_id, fe);
    if (rc <= 0) return rc;
    if ((rc = once_check(s, a, subject_id, c, 0, fe)) <= 0) return rc;
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO award_proposal(unit_id, subject_kind, subject_name, subject_id, form_code,"
                            " achievement, reason, year, intake_id, needs_vote, created_at, created_by, updated_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 > 0 THEN $9 ELSE NULL END, $10, $11, $12, $11)"
                            " RETURNING id",
                    "ittitttiiitt", unit_id, c->kind, c->name, subject_id, c->form, c->achievement, c->reason,
                    (int64_t)c->year, intake_id > 0 ? intake_id : (int64_t)0, (int64_t)c->form_row.council_vote, now,
                    ac->login) != 1)
        return STORE_ERR;
    char today[11];
    iso_date_today(today);
    if (add_event(s, id, today, ac->login, NULL, "draft", intake_id > 0 ? arena_printf(a, "Từ danh sách chuyển sang số %lld",
                                                                                       (long long)intake_id) : NULL) != STORE_OK)
        return STORE_ERR;
    return id;
}

int64_t proposal_create(store *s, arena *a, const struct actor *ac, const struct proposal_input *in,
                        struct field_errors *fe)
{
    if (!actor_has(ac, CAP_DOSSIER_WRITE)) { ferr_add(fe, "scope", NO_CAP_WRITE); return 0; }
    struct clean_input c;
    clean(s, a, in, &c, fe);
    if (ferr_get(fe, "_")) return STORE_ERR;
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    if (!unit_writable(s, a, ac, in->unit_id, NULL, fe)) { store_rollback(s); return 0; }
    int64_t id = insert_proposal(s, a, ac, in->unit_id, &c, 0, fe);
    if (id <= 0) { store_rollback(s); return id; }
    json_t *after = input_json(&c, in->unit_id, 0);
    int64_t aid = audit_as(s, ac, "create", "award_proposal", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t proposal_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct proposal_input *in,
                        struct field_errors *fe)
{
    if (!actor_has(ac, CAP_DOSSIER_WRITE)) { ferr_add(fe, "scope", NO_CAP_WRITE); return 0; }
    struct proposal p;
    int rc = proposal_get(s, a, id, &p);
    if (rc <= 0) {
        if (!rc) ferr_add(fe, "id", "Không có hồ sơ đề nghị này.");
        return rc;
    }
    if (p.state != PS_DRAFT && p.state != PS_RETURNED) {
        ferr_add(fe, "state", arena_printf(a, "Hồ sơ đang ở bước \"%s\": chỉ sửa được bản nháp hoặc hồ sơ bị trả lại.",
                                           proposal_state_label(p.state)));
        return 0;
    }
    /* The same kind without a new identifier keeps the subject: an edit need not re-enter a
     * citizen ID that the page does not show back. */
    struct proposal_input keep = *in;
    struct award_subject sub;
    if (str_empty(in->subject_ref) && !in->subject_unit_id && str_eq(in->subject_kind, p.subject_kind) &&
        award_subject_get(s, a, p.subject_id, &sub) == 1) {
        int64_t u = 0;
        if (str_starts(sub.key, "unit:") && parse_int64(sub.key + 5, &u)) keep.subject_unit_id = u;
        else keep.subject_ref = sub.key;
    }
    in = &keep;
    struct clean_input c;
    clean(s, a, in, &c, fe);
    if (ferr_get(fe, "_")) return STORE_ERR;
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    if (!unit_writable(s, a, ac, p.unit_id, NULL, fe) || !unit_writable(s, a, ac, in->unit_id, NULL, fe)) {
        store_rollback(s);
        return 0;
    }
    struct award_subject_input si = {.kind = c.kind, .name = c.name,
                                     .unit_id = str_eq(c.kind, "collective") ? 0 : in->unit_id};
    int64_t subject_id = 0;
    if ((rc = award_subject_find_or_add(s, a, ac, c.key, &si, &subject_id, fe)) <= 0 ||
        (rc = once_check(s, a, subject_id, &c, id, fe)) <= 0) {
        store_rollback(s);
        return rc;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE award_proposal SET unit_id = $2, subject_kind = $3, subject_name = $4, subject_id = $5,"
                      " form_code = $6, achievement = $7, reason = $8, year = $9, needs_vote = $10, updated_at = $11"
                      " WHERE id = $1", "iittitttiit", id, in->unit_id, c.kind, c.name, subject_id, c.form,
                   c.achievement, c.reason, (int64_t)c.year, (int64_t)c.form_row.council_vote, now) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i}", "unit_id", (json_int_t)p.unit_id, "subject_name",
                               p.subject_name, "form_code", p.form_code, "achievement", p.achievement, "reason", p.reason,
                               "year", p.year);
    json_t *after = input_json(&c, in->unit_id, subject_id);
    int64_t aid = audit_as(s, ac, "update", "award_proposal", id, before, after);
    json_decref(before);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t proposal_from_intake(store *s, arena *a, const struct actor *ac, int64_t intake_id, int64_t unit_id,
                             struct field_errors *fe)
{
    /* the hand-over rows are the Board's work list: it turns them into dossiers */
    if (!actor_has(ac, CAP_DOSSIER_WRITE) || !actor_has(ac, CAP_APPRAISE)) {
        ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng lập hồ sơ từ các đề xuất chuyển sang.");
        return 0;
    }
    struct proposal_intake in;
    int rc = proposal_intake_get(s, a, intake_id, &in);
    if (rc < 0) return STORE_ERR;
    if (!rc) { ferr_add(fe, "intake_id", "Không có đề xuất chuyển sang này."); return 0; }
    if (!str_eq(in.state, "pending")) {
        ferr_add(fe, "intake_id", arena_printf(a, "Đề xuất số %lld không còn chờ xử lý (trạng thái: %s).",
                                               (long long)intake_id, in.state));
        return 0;
    }
    if (unit_id <= 0) unit_id = in.unit_id > 0 ? in.unit_id : ac->unit_id;
    const char *kind = award_subject_kind_of_intake(in.subject_kind);
    if (!kind) { ferr_add(fe, "intake_id", "Loại đối tượng của đề xuất không được hỗ trợ."); return 0; }
    /* The intake row's key is already in award_subject.h's scheme ("tax:…", "unit:…", "cid:…"). */
    struct proposal_input pin = {.unit_id = unit_id, .subject_kind = kind, .subject_name = in.subject_name,
                                 .subject_ref = in.subject_key, .form_code = in.form_code, .achievement = in.achievement,
                                 .reason = in.reason, .year = in.year};
    int64_t subject_unit = 0;
    if (str_eq(kind, "collective") && str_starts(in.subject_key, "unit:") && parse_int64(in.subject_key + 5, &subject_unit))
        pin.subject_unit_id = subject_unit;
    else if (str_eq(kind, "collective")) pin.subject_unit_id = in.unit_id;
    struct clean_input c;
    clean(s, a, &pin, &c, fe);
    if (!str_eq(kind, "collective")) c.key = in.subject_key;
    if (ferr_get(fe, "_")) return STORE_ERR;
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    if (!unit_writable(s, a, ac, unit_id, NULL, fe)) { store_rollback(s); return 0; }
    int64_t id = insert_proposal(s, a, ac, unit_id, &c, intake_id, fe);
    if (id <= 0) { store_rollback(s); return id; }
    if ((rc = proposal_intake_take(s, intake_id, id)) != 1) {
        store_rollback(s);
        if (rc == 0) { ferr_add(fe, "intake_id", "Đề xuất vừa được người khác xử lý."); return 0; }
        return STORE_ERR;
    }
    json_t *after = input_json(&c, unit_id, 0);
    json_object_set_new(after, "intake_id", json_integer(intake_id));
    int64_t aid = audit_as(s, ac, "create", "award_proposal", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

/* ---- the workflow ---- */
int proposal_deadline(store *s, const char *from, int days, char out[11], char *err, size_t errlen)
{
    return holiday_add_working_days(s, from, days, out, err, errlen);
}

const char *proposal_move_refusal(store *s, arena *a, const struct actor *ac, const struct proposal *p,
                                  enum proposal_action act)
{
    if ((unsigned)act >= PA__COUNT) return "Thao tác không hợp lệ.";
    const struct transition *t = &transitions[act];
    if (!actor_has(ac, t->cap))
        return arena_printf(a, "Bạn không có quyền \"%s\" (cần quyền %s).", proposal_action_label(act), cap_name(t->cap));
    if (t->scoped && !actor_in_scope(s, ac, p->unit_id)) return NO_SCOPE;
    if (!(t->from & FROM(p->state)))
        return arena_printf(a, "Không thể \"%s\" khi hồ sơ đang ở bước \"%s\".", proposal_action_label(act),
                            proposal_state_label(p->state));
    if (act == PA_TO_COUNCIL && !p->needs_vote)
        return "Hình thức này không cần Hội đồng bỏ phiếu: hãy duyệt trực tiếp.";
    if (act == PA_TO_COUNCIL && p->eligible != 1) return "Chỉ trình Hội đồng hồ sơ đủ điều kiện.";
    if (act == PA_APPROVE && p->needs_vote) return "Hình thức này phải được Hội đồng bỏ phiếu kín trước khi duyệt.";
    if (act == PA_APPROVE && p->eligible != 1) return "Hồ sơ không đủ điều kiện: không thể duyệt.";
    return NULL;
}

/* The day a move takes effect: today, or a given past day not before the last move. */
static const char *effective_day(store *s, arena *a, int64_t id, const char *on, struct field_errors *fe)
{
    char today[11], iso[11];
    iso_date_today(today);
    if (str_empty(on)) return arena_strdup(a, today);
    const char *why = holiday_parse_date(a, on, iso);
    if (why) { ferr_add(fe, "on", why); return NULL; }
    if (strcmp(iso, today) > 0) { ferr_add(fe, "on", "Ngày thực hiện không được ở tương lai."); return NULL; }
    /* the draft's own row does not count: a paper dossier may be entered after its moves happened */
    char *last = NULL;
    if (store_text(s, &last, a, "SELECT max(on_date) FROM award_proposal_event WHERE proposal_id = $1"
                                " AND from_state IS NOT NULL", "i", id) == 1 &&
        last && strcmp(iso, last) < 0) {
        ferr_add(fe, "on", arena_printf(a, "Ngày thực hiện không được trước bước trước đó (%s).", last));
        return NULL;
    }
    return arena_strdup(a, iso);
}

/* The deadline of a step from the rule base's time limit; NULL step: none. */
static int step_deadline(store *s, arena *a, const struct proposal *p, const char *step, const char *on, const char **due,
                         struct field_errors *fe)
{
    *due = NULL;
    struct award_time_limit tl;
    int rc = award_time_limit_at(s, a, step, p->form_code, on, &tl);
    if (rc < 0) return rc;
    if (!rc) return 1;       /* no limit in force for this step: no deadline, not an error */
    char out[11], err[200];
    if (proposal_deadline(s, on, tl.working_days, out, err, sizeof err) != 0) {
        ferr_add(fe, "on", arena_printf(a, "Không tính được hạn xử lý: %s", err));
        return 0;
    }
    *due = arena_strdup(a, out);
    return 1;
}

int64_t proposal_move(store *s, arena *a, const struct actor *ac, int64_t id, const struct proposal_move *m,
                      struct field_errors *fe)
{
    if ((unsigned)m->action >= PA__COUNT) { ferr_add(fe, "action", "Thao tác không hợp lệ."); return 0; }
    const struct transition *t = &transitions[m->action];
    if (!actor_has(ac, t->cap)) {
        ferr_add(fe, "scope", arena_printf(a, "Bạn không có quyền \"%s\".", proposal_action_label(m->action)));
        return 0;
    }
    static const struct vn_field f_note = {0, PROPOSAL_REASON_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};   /* required only where t->note */
    const char *note = field_clean(a, m->note, &f_note, "note", "Lý do", fe);
    if (t->note && !note && !ferr_get(fe, "note"))
        ferr_add(fe, "note", m->action == PA_APPRAISE ? "Hãy ghi ý kiến thẩm định." : "Hãy ghi lý do.");
    if (m->action == PA_APPRAISE && m->eligible != 0 && m->eligible != 1)
        ferr_add(fe, "eligible", "Hãy chọn đủ hoặc không đủ điều kiện.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct proposal p;
    int rc = proposal_get(s, a, id, &p);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có hồ sơ đề nghị này.");
        return rc;
    }
    const char *why = proposal_move_refusal(s, a, ac, &p, m->action);
    if (why) {
        store_rollback(s);
        ferr_add(fe, t->scoped && !actor_in_scope(s, ac, p.unit_id) ? "scope" : "state", why);
        return 0;
    }
    const char *on = effective_day(s, a, id, m->on, fe);
    if (!on) { store_rollback(s); return 0; }
    char now[21];
    iso_time(now_unix(), now);
    const char *to = proposal_state_name(t->to);
    const char *due = NULL;
    const char *due_step = NULL;
    bool keep_due = false;
    int64_t assignee = 0;
    int eligible = -1;
    const char *appraisal = NULL;
    switch (m->action) {
    case PA_SUBMIT: due_step = "check"; break;
    case PA_RECEIVE: due_step = "total"; break;
    case PA_RETURN: break;
    case PA_ASSIGN: {
        keep_due = true;
        int64_t ok = 0;
        if (m->assignee_id <= 0 ||
            store_int64(s, &ok, "SELECT count(*) FROM app_user u JOIN role_capability c ON c.role = u.role"
                                " WHERE u.id = $1 AND c.capability = 'appraise' AND u.disabled = 0", "i", m->assignee_id) != 1 ||
            !ok) {
            store_rollback(s);
            ferr_add(fe, "assignee_id", "Hãy chọn một chuyên viên có quyền thẩm định.");
            return 0;
        }
        assignee = m->assignee_id;
        break;
    }
    case PA_APPRAISE: {
        keep_due = true;
        struct award_eligibility el;
        rc = award_eligibility_for(s, a, p.subject_id, p.form_code, p.year, p.achievement, &el);
        if (rc < 0) { store_rollback(s); return STORE_ERR; }
        buf b = {0};
        buf_printf(&b, "%s", note);
        if (rc == 1) {
            buf_printf(&b, "\nĐối chiếu tiêu chuẩn (%s): %s.", el.form_name ? el.form_name : p.form_code,
                       el.eligible ? "đủ điều kiện" : "chưa đủ điều kiện");
            for (int i = 0; i < el.n; i++)
                buf_printf(&b, "\n- [%s] %s%s%s%s%s", el.checks[i].outcome == AWARD_CHECK_PASS ? "đạt"
                                                       : el.checks[i].outcome == AWARD_CHECK_WARN ? "lưu ý" : "không đạt",
                           el.checks[i].text, el.checks[i].citation ? " (" : "", el.checks[i].citation ? el.checks[i].citation : "",
                           el.checks[i].citation ? ")" : "",
                           el.checks[i].evidence ? arena_printf(a, ": %s", el.checks[i].evidence) : "");
        }
        if (m->eligible == 1 && rc == 1 && !el.eligible) {
            buf_free(&b);
            store_rollback(s);
            buf e = {0};
            buf_puts(&e, "Không thể ghi \"đủ điều kiện\": hồ sơ chưa đạt tiêu chuẩn bắt buộc:");
            for (int i = 0; i < el.n; i++)
                if (el.checks[i].outcome == AWARD_CHECK_FAIL && el.checks[i].blocking)
                    buf_printf(&e, " %s%s%s%s.", el.checks[i].text, el.checks[i].citation ? " (" : "",
                               el.checks[i].citation ? el.checks[i].citation : "", el.checks[i].citation ? ")" : "");
            ferr_add(fe, "eligible", arena_strdup(a, buf_str(&e)));
            buf_free(&e);
            return 0;
        }
        eligible = m->eligible;
        appraisal = arena_strdup(a, buf_str(&b));
        note = appraisal;
        buf_free(&b);
        break;
    }
    default: keep_due = true; break;
    }
    if (due_step && (rc = step_deadline(s, a, &p, due_step, on, &due, fe)) != 1) {
        store_rollback(s);
        return rc;
    }
    if (keep_due) { due = p.due_on; due_step = p.due_step; }
    /* refused ends the proposal: no deadline runs any more */
    if (t->to == PS_REFUSED) { due = NULL; due_step = NULL; }
    if (store_exec(s, "UPDATE award_proposal SET state = $2, due_on = $3, due_step = $4, updated_at = $5,"
                      " assignee_id = CASE WHEN $6 > 0 THEN $6 ELSE assignee_id END,"
                      " eligible = CASE WHEN $7 >= 0 THEN $7 ELSE eligible END,"
                      " appraisal = coalesce($8, appraisal) WHERE id = $1",
                   "ittttiit", id, to, due, due_step, now, assignee, (int64_t)eligible, appraisal) != STORE_OK ||
        add_event(s, id, on, ac->login, proposal_state_name(p.state), to, note) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:s}", "state", proposal_state_name(p.state));
    json_t *after = json_pack("{s:s, s:s, s:s}", "state", to, "action", proposal_action_name(m->action), "on", on);
    if (note) json_object_set_new(after, "note", json_string(note));
    if (due) json_object_set_new(after, "due_on", json_string(due));
    if (assignee) json_object_set_new(after, "assignee_id", json_integer(assignee));
    if (eligible >= 0) json_object_set_new(after, "eligible", json_boolean(eligible));
    int64_t aid = audit_as(s, ac, proposal_action_name(m->action), "award_proposal", id, before, after);
    json_decref(before);
    json_decref(after);
    return finish(s, aid, id);
}

int proposal_move_internal(store *s, const struct actor *ac, int64_t id, enum proposal_state from,
                           enum proposal_state to, const char *on, const char *note, int64_t decision_id)
{
    char now[21];
    iso_time(now_unix(), now);
    int rc = store_exec(s, "UPDATE award_proposal SET state = $3, updated_at = $4,"
                           " decision_id = CASE WHEN $5 > 0 THEN $5 ELSE decision_id END,"
                           " due_on = CASE WHEN $3 IN ('refused','decided') THEN NULL ELSE due_on END,"
                           " due_step = CASE WHEN $3 IN ('refused','decided') THEN NULL ELSE due_step END"
                           " WHERE id = $1 AND state = $2", "ittti", id, proposal_state_name(from),
                        proposal_state_name(to), now, decision_id);
    if (rc != STORE_OK) return rc;
    if (store_changes(s) != 1) return 0;
    if (add_event(s, id, on, ac->login, proposal_state_name(from), proposal_state_name(to), note) != STORE_OK)
        return STORE_ERR;
    return 1;
}
