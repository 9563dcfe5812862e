/* council.c: the council's roll per year, its meetings and their agendas (council.h). The secret
 * ballot itself and the closing tally are ballot.c. Every write takes the actor, checks it here and
 * commits with its audit entry. */
#include "council.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "holiday.h"
#include "proposal.h"
#include "vn.h"

#define NO_BOARD "Chỉ Ban Thi đua – Khen thưởng (quyền thẩm định) quản lý Hội đồng và các phiên họp."

static const struct vn_field f_position = {1, 200, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_title = {1, 300, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};

static int64_t finish(store *s, int64_t aid, int64_t id)
{
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return id;
}

int64_t council_member_add(store *s, arena *a, const struct actor *ac, int year, int64_t user_id, const char *position,
                           struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) { ferr_add(fe, "scope", NO_BOARD); return 0; }
    if (year < 1945 || year > 2200) ferr_add(fe, "year", "Năm phải từ 1945 đến 2200.");
    const char *pos = field_clean(a, position, &f_position, "position", "Chức danh trong Hội đồng", fe);
    if (!pos && !ferr_get(fe, "position")) ferr_add(fe, "position", "Hãy nhập chức danh trong Hội đồng (ví dụ: Ủy viên).");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t ok = 0;
    char *login = NULL;
    if (store_text(s, &login, a, "SELECT login FROM app_user WHERE id = $1 AND disabled = 0", "i", user_id) != 1) {
        store_rollback(s);
        ferr_add(fe, "user_id", "Không có người dùng này (hoặc tài khoản đã bị khóa).");
        return 0;
    }
    if (store_int64(s, &ok, "SELECT count(*) FROM app_user u JOIN role_capability c ON c.role = u.role"
                            " WHERE u.id = $1 AND c.capability = 'ballot'", "i", user_id) != 1 || !ok) {
        store_rollback(s);
        ferr_add(fe, "user_id", arena_printf(a, "%s không có quyền bỏ phiếu (vai trò thành viên Hội đồng).", login));
        return 0;
    }
    int64_t id = 0;
    if (store_int64(s, &id, "SELECT id FROM council_member WHERE year = $1 AND user_id = $2", "ii", (int64_t)year, user_id) == 1) {
        store_rollback(s);
        ferr_add(fe, "user_id", arena_printf(a, "%s đã là thành viên Hội đồng năm %d.", login, year));
        return 0;
    }
    if (store_int64(s, &id, "INSERT INTO council_member(year, user_id, position) VALUES ($1, $2, $3) RETURNING id", "iit",
                    (int64_t)year, user_id, pos) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:i, s:I, s:s, s:s}", "year", year, "user_id", (json_int_t)user_id, "login", login,
                              "position", pos);
    int64_t aid = audit_as(s, ac, "create", "council_member", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

int council_members(store *s, arena *a, int year, struct council_member **out, int *n)
{
    stmt *q = store_query(s, "SELECT m.id, m.user_id, m.year, u.login, u.name, m.position FROM council_member m"
                             " JOIN app_user u ON u.id = m.user_id WHERE m.year = $1 ORDER BY m.id", "i", (int64_t)year);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct council_member *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct council_member *m = ARENA_PUSH(a, v, cnt, cap);
        m->id = stmt_int64(q, 0);
        m->user_id = stmt_int64(q, 1);
        m->year = (int)stmt_int64(q, 2);
        m->login = stmt_text_dup(q, 3, a);
        m->name = stmt_text_dup(q, 4, a);
        m->position = stmt_text_dup(q, 5, a);
    }
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

#define MEETING_COLS "id, year, held_on, title, state, quorum_rule, created_by," \
    " CASE WHEN state = 'closed' THEN members ELSE (SELECT count(*) FROM council_member cm WHERE cm.year = council_meeting.year) END"

static void meeting_from_row(stmt *q, arena *a, struct council_meeting *m)
{
    m->id = stmt_int64(q, 0);
    m->year = (int)stmt_int64(q, 1);
    m->held_on = stmt_text_dup(q, 2, a);
    m->title = stmt_text_dup(q, 3, a);
    m->state = stmt_text_dup(q, 4, a);
    m->quorum_rule = stmt_text_dup(q, 5, a);
    m->created_by = stmt_text_dup(q, 6, a);
    m->members = (int)stmt_int64(q, 7);
}

int council_meeting_get(store *s, arena *a, int64_t id, struct council_meeting *out)
{
    stmt *q = store_query(s, "SELECT " MEETING_COLS " FROM council_meeting WHERE id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) meeting_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

int council_meetings(store *s, arena *a, struct council_meeting **out, int *n)
{
    stmt *q = store_query(s, "SELECT " MEETING_COLS " FROM council_meeting ORDER BY held_on DESC, id DESC", "");
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct council_meeting *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) meeting_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int64_t council_meeting_create(store *s, arena *a, const struct actor *ac, const char *held_on, const char *title,
                               struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) { ferr_add(fe, "scope", NO_BOARD); return 0; }
    char iso[11] = "";
    const char *why = str_empty(held_on) ? "Hãy nhập ngày họp." : holiday_parse_date(a, held_on, iso);
    if (why) ferr_add(fe, "held_on", why);
    const char *t = field_clean(a, title, &f_title, "title", "Tên phiên họp", fe);
    if (!t && !ferr_get(fe, "title")) ferr_add(fe, "title", "Hãy nhập tên phiên họp.");
    if (fe->n) return 0;
    int year = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO council_meeting(year, held_on, title, created_at, created_by)"
                            " VALUES ($1, $2, $3, $4, $5) RETURNING id", "itttt", (int64_t)year, iso, t, now, ac->login) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:s}", "held_on", iso, "title", t);
    int64_t aid = audit_as(s, ac, "create", "council_meeting", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t council_item_add(store *s, arena *a, const struct actor *ac, int64_t meeting_id, int64_t proposal_id,
                         struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) { ferr_add(fe, "scope", NO_BOARD); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct council_meeting m;
    struct proposal p;
    int rc = council_meeting_get(s, a, meeting_id, &m);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có phiên họp này.");
        return rc;
    }
    if (!str_eq(m.state, "open")) {
        store_rollback(s);
        ferr_add(fe, "meeting", "Phiên họp đã kết thúc: không thêm được nội dung.");
        return 0;
    }
    if ((rc = proposal_get(s, a, proposal_id, &p)) <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "proposal_id", "Không có hồ sơ đề nghị này.");
        return rc;
    }
    if (p.state != PS_TO_COUNCIL) {
        store_rollback(s);
        ferr_add(fe, "proposal_id", arena_printf(a, "Hồ sơ số %lld chưa được trình Hội đồng (đang ở bước \"%s\").",
                                                 (long long)proposal_id, proposal_state_label(p.state)));
        return 0;
    }
    int64_t other = 0;
    if (store_int64(s, &other, "SELECT i.meeting_id FROM council_item i JOIN council_meeting m ON m.id = i.meeting_id"
                               " WHERE i.proposal_id = $1 AND (m.state = 'open' OR i.result IN ('passed','failed'))",
                    "i", proposal_id) == 1) {
        store_rollback(s);
        ferr_add(fe, "proposal_id", arena_printf(a, "Hồ sơ số %lld đã có trong phiên họp số %lld.", (long long)proposal_id,
                                                 (long long)other));
        return 0;
    }
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO council_item(meeting_id, proposal_id) VALUES ($1, $2) RETURNING id", "ii",
                    meeting_id, proposal_id) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:I}", "meeting_id", (json_int_t)meeting_id, "proposal_id", (json_int_t)proposal_id);
    int64_t aid = audit_as(s, ac, "create", "council_item", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

int council_items(store *s, arena *a, int64_t meeting_id, struct council_item **out, int *n)
{
    stmt *q = store_query(s,
        "SELECT i.id, i.meeting_id, i.proposal_id, p.subject_name, p.form_code, p.state, i.result,"
        " (SELECT count(*) FROM council_ballot_cast c WHERE c.item_id = i.id),"
        " CASE WHEN m.state = 'closed' THEN i.votes_for ELSE -1 END,"
        " CASE WHEN m.state = 'closed' THEN i.votes_against ELSE -1 END,"
        " CASE WHEN m.state = 'closed' THEN i.votes_abstain ELSE -1 END"
        " FROM council_item i JOIN award_proposal p ON p.id = i.proposal_id JOIN council_meeting m ON m.id = i.meeting_id"
        " WHERE i.meeting_id = $1 ORDER BY i.id", "i", meeting_id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct council_item *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct council_item *it = ARENA_PUSH(a, v, cnt, cap);
        it->id = stmt_int64(q, 0);
        it->meeting_id = stmt_int64(q, 1);
        it->proposal_id = stmt_int64(q, 2);
        it->subject_name = stmt_text_dup(q, 3, a);
        it->form_code = stmt_text_dup(q, 4, a);
        it->proposal_state = stmt_text_dup(q, 5, a);
        it->result = stmt_text_dup(q, 6, a);
        it->voted = (int)stmt_int64(q, 7);
        it->votes_for = (int)stmt_int64(q, 8);
        it->votes_against = (int)stmt_int64(q, 9);
        it->votes_abstain = (int)stmt_int64(q, 10);
    }
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int council_has_voted(store *s, const struct actor *ac, int64_t item_id)
{
    int64_t n = 0;
    int rc = store_int64(s, &n, "SELECT count(*) FROM council_ballot_cast c JOIN council_member m ON m.id = c.member_id"
                                " WHERE c.item_id = $1 AND m.user_id = $2", "ii", item_id, ac->user_id);
    return rc == 1 ? n > 0 : rc < 0 ? rc : STORE_ERR;
}

json_t *council_meeting_json(const struct council_meeting *m)
{
    json_t *o = json_pack("{s:I, s:i, s:s, s:s, s:s, s:i}", "id", (json_int_t)m->id, "year", m->year, "held_on", m->held_on,
                          "title", m->title, "state", m->state, "members", m->members);
    json_object_set_new(o, "ballot_rule", m->quorum_rule ? json_string(m->quorum_rule) : json_null());
    return o;
}

json_t *council_item_json(const struct council_item *it)
{
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:i}", "id", (json_int_t)it->id, "proposal_id",
                          (json_int_t)it->proposal_id, "subject_name", it->subject_name, "form_code", it->form_code,
                          "result", it->result, "voted", it->voted);
    /* the tally exists for the public only once the meeting is closed */
    if (it->votes_for >= 0)
        json_object_set_new(o, "tally", json_pack("{s:i, s:i, s:i}", "for", it->votes_for, "against", it->votes_against,
                                                  "abstain", it->votes_abstain));
    else json_object_set_new(o, "tally", json_null());
    return o;
}
