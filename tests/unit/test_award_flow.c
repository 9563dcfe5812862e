/* test_award_flow.c: the award-flow domain (src/award/: proposal.c, council.c, ballot.c) on a
 * fresh database with the rule base of sql/040 and the workflow of sql/045:
 *  - the transition table: every action × every role × the state it starts from, allowed or
 *    refused exactly as the policy says (a unit's reporter only in its own subtree);
 *  - deadlines in working days across Tết (the calendar of holiday.h), and the overdue flag;
 *  - the secret ballot: one vote per member per item, members only, nothing after closing, and
 *    the tally's quorum and pass-threshold edges under the 2019 and the current rules;
 *  - "one achievement is rewarded once" for proposals;
 *  - decisions: money from the rule rows in force on the decision date; numbers from the issuer's
 *    register gap-free under concurrent signing by separate processes, entered numbers unique. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "award_rules.h"
#include "check.h"
#include "council.h"
#include "decision.h"
#include "proposal.h"

static store *S;
static arena A;
static char DIR_[300];
static int64_t PROVINCE, DEPT_A, DEPT_B, BOARD_UNIT;
static int64_t OFFICER_ID;

/* Each domain call gets an empty error list (a call refuses when its list is not empty). */
static struct field_errors *fresh(struct field_errors *fe)
{
    memset(fe, 0, sizeof *fe);
    return fe;
}

static int64_t add_unit(const char *name, const char *kind, int64_t parent)
{
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    store_int64(S, &id, "INSERT INTO unit(parent_id, kind, name, name_fold, sort_key, created_at, updated_at)"
                        " VALUES (CASE WHEN $1 = 0 THEN NULL ELSE $1 END, $2, $3, vn_fold($3), vn_sortkey($3), $4, $4)"
                        " RETURNING id", "ittt", parent, kind, name, now);
    return id;
}

static int64_t add_user(const char *login, const char *role, int64_t unit)
{
    int64_t id = 0;
    store_int64(S, &id, "INSERT INTO app_user(login, name, unit_id, role, password_hash, created_at, updated_at)"
                        " VALUES ($1, $1, $2, $3, 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
                "tit", login, unit, role);
    return id;
}

/* An actor as actor_of_req builds it from the role's capabilities (sql/001, sql/008). */
static struct actor role_actor(const char *role, int64_t user_id, int64_t unit, bool whole_tree)
{
    struct actor ac = {.user_id = user_id, .login = role, .unit_id = unit, .whole_tree = whole_tree};
    stmt *q = store_query(S, "SELECT capability FROM role_capability WHERE role = $1", "t", role);
    while (q && stmt_step(q) == STORE_ROW) {
        int c = cap_from_name(stmt_text(q, 0));
        if (c > 0) ac.caps |= CAP_BIT(c);
    }
    stmt_finalize(q);
    return ac;
}

static void setup(void)
{
    char path[400], err[512];
    if (!temp_dir_make("test_award_flow.", DIR_, sizeof DIR_)) { perror("mkdtemp"); exit(1); }
    snprintf(path, sizeof path, "%s/t.db", DIR_);
    S = store_open(path, err, sizeof err);
    if (!S || store_migrate(S, err, sizeof err) != STORE_OK) { printf("FAIL setup: %s\n", err); exit(1); }
    PROVINCE = add_unit("Tỉnh Lạng Sơn (thử)", "province", 0);
    BOARD_UNIT = add_unit("Ban Thi đua – Khen thưởng (thử)", "agency", PROVINCE);
    DEPT_A = add_unit("Sở Thử nghiệm A", "department", PROVINCE);
    DEPT_B = add_unit("Sở Thử nghiệm B", "department", PROVINCE);
    OFFICER_ID = add_user("canbo.thu", "officer", BOARD_UNIT);
}

static void teardown(void)
{
    arena_free(&A);
    store_close(S);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", DIR_);
    if (system(cmd) != 0) printf("     could not remove %s\n", DIR_);
}

static int64_t new_proposal(const struct actor *ac, int64_t unit, const char *achievement)
{
    struct field_errors fe = {0};
    struct proposal_input in = {.unit_id = unit, .subject_kind = "collective", .subject_name = "Sở Thử nghiệm A",
                                .subject_unit_id = DEPT_A, .form_code = "BK_CT_UBND_TINH", .year = 2025,
                                .reason = "Đã có thành tích xuất sắc trong phong trào thi đua năm 2025",
                                .achievement = achievement};
    int64_t id = proposal_create(S, &A, ac, &in, fresh(&fe));
    if (id <= 0) printf("     create: %s\n", fe.n ? fe.items[0].value : store_errmsg(S));
    return id;
}

static enum proposal_state state_of(int64_t id)
{
    struct proposal p = {0};
    proposal_get(S, &A, id, &p);
    return p.state;
}

/* The policy, written out by hand: which roles may make each move (from a state that allows it).
 * reporter_own: the reporter of the proposing unit; reporter_other: a reporter elsewhere. */
static const struct { enum proposal_action act; bool officer, reporter_own, reporter_other, council, viewer, admin; } policy[] = {
    {PA_SUBMIT, true, true, false, false, false, true},
    {PA_RECEIVE, true, false, false, false, false, true},
    {PA_RETURN, true, false, false, false, false, true},
    {PA_ASSIGN, true, false, false, false, false, true},
    {PA_APPRAISE, true, false, false, false, false, true},
    {PA_TO_COUNCIL, true, false, false, false, false, true},
    {PA_APPROVE, true, false, false, false, false, true},
    {PA_REFUSE, true, false, false, false, false, true},
};

static void test_transition_table(void)
{
    struct actor officer = role_actor("officer", OFFICER_ID, BOARD_UNIT, true);
    struct actor rep_a = role_actor("reporter", add_user("baocao.a", "reporter", DEPT_A), DEPT_A, false);
    struct actor rep_b = role_actor("reporter", add_user("baocao.b", "reporter", DEPT_B), DEPT_B, false);
    struct actor council = role_actor("council", add_user("hoidong.thu", "council", PROVINCE), PROVINCE, false);
    struct actor viewer = role_actor("viewer", add_user("xem.thu", "viewer", PROVINCE), PROVINCE, false);
    struct actor admin = role_actor("admin", add_user("admin.thu", "admin", PROVINCE), PROVINCE, true);

    /* creating: the reporter in its subtree, never outside it; no one without dossier.write */
    struct field_errors fe = {0};
    struct proposal_input in = {.unit_id = DEPT_A, .subject_kind = "collective", .subject_name = "Sở Thử nghiệm A",
                                .subject_unit_id = DEPT_A, .form_code = "BK_CT_UBND_TINH", .year = 2025,
                                .reason = "Thành tích", .achievement = "test:refused"};
    CHECK_INT(proposal_create(S, &A, &rep_b, &in, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(proposal_create(S, &A, &viewer, &in, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    struct actor council_only = council;
    CHECK_INT(proposal_create(S, &A, &council_only, &in, fresh(&fe)), 0);   /* the council votes, it does not propose */
    CHECK(ferr_get(&fe, "scope") != NULL);
    /* the administrator acts for the Board (sql/045), everywhere in the tree */
    in.achievement = "test:admin";
    CHECK(proposal_create(S, &A, &admin, &in, fresh(&fe)) > 0);

    int64_t id = new_proposal(&rep_a, DEPT_A, "test:table");
    CHECK(id > 0);
    /* Walk the happy path; at every state ask every role about every move. */
    const struct { enum proposal_action act; const struct actor *by; } path[] = {
        {PA_SUBMIT, &rep_a}, {PA_RECEIVE, &officer}, {PA_ASSIGN, &officer}, {PA_APPRAISE, &officer}, {PA_APPROVE, &officer},
    };
    int checked = 0;
    for (size_t step = 0; step <= countof(path); step++) {
        struct proposal p;
        CHECK_INT(proposal_get(S, &A, id, &p), 1);
        for (size_t i = 0; i < countof(policy); i++) {
            const struct actor *who[] = {&officer, &rep_a, &rep_b, &council, &viewer, &admin};
            const bool may[] = {policy[i].officer, policy[i].reporter_own, policy[i].reporter_other, policy[i].council,
                                policy[i].viewer, policy[i].admin};
            for (size_t w = 0; w < countof(who); w++) {
                const char *why = proposal_move_refusal(S, &A, who[w], &p, policy[i].act);
                /* a role the policy refuses is refused in every state */
                if (!may[w]) {
                    if (!why) printf("     %s allowed to %s in %s\n", who[w]->login, proposal_action_name(policy[i].act),
                                     proposal_state_name(p.state));
                    CHECK(why != NULL);
                }
                checked++;
            }
        }
        if (step == countof(path)) break;
        struct proposal_move m = {.action = path[step].act, .note = "Ý kiến", .eligible = 1, .assignee_id = OFFICER_ID};
        memset(&fe, 0, sizeof fe);
        int64_t rc = proposal_move(S, &A, path[step].by, id, &m, fresh(&fe));
        if (rc <= 0) printf("     step %zu: %s\n", step, fe.n ? fe.items[0].value : store_errmsg(S));
        CHECK_INT(rc, id);
    }
    CHECK(checked == 6 * 6 * 8);
    CHECK_INT(state_of(id), PS_APPROVED);

    /* The states: an allowed role is still refused from a state the move does not start from. */
    int64_t id2 = new_proposal(&rep_a, DEPT_A, "test:states");
    struct proposal_move m = {.action = PA_RECEIVE};
    memset(&fe, 0, sizeof fe);
    CHECK_INT(proposal_move(S, &A, &officer, id2, &m, fresh(&fe)), 0);      /* a draft is not received */
    CHECK(ferr_get(&fe, "state") != NULL);
    m = (struct proposal_move){.action = PA_SUBMIT};
    memset(&fe, 0, sizeof fe);
    CHECK_INT(proposal_move(S, &A, &rep_b, id2, &m, fresh(&fe)), 0);        /* another unit's reporter */
    CHECK(ferr_get(&fe, "scope") != NULL);
    CHECK_INT(proposal_move(S, &A, &rep_a, id2, &m, fresh(&fe)), id2);
    /* returning needs a reason, then the unit fixes and submits again */
    m = (struct proposal_move){.action = PA_RETURN};
    memset(&fe, 0, sizeof fe);
    CHECK_INT(proposal_move(S, &A, &officer, id2, &m, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "note") != NULL);
    m.note = "Thiếu biên bản họp xét";
    CHECK_INT(proposal_move(S, &A, &officer, id2, &m, fresh(&fe)), id2);
    CHECK_INT(state_of(id2), PS_RETURNED);
    m = (struct proposal_move){.action = PA_SUBMIT};
    CHECK_INT(proposal_move(S, &A, &rep_a, id2, &m, fresh(&fe)), id2);
    /* a form without a vote cannot go to the council; approving needs an eligible appraisal */
    m = (struct proposal_move){.action = PA_RECEIVE};
    CHECK_INT(proposal_move(S, &A, &officer, id2, &m, fresh(&fe)), id2);
    m = (struct proposal_move){.action = PA_ASSIGN, .assignee_id = OFFICER_ID};
    CHECK_INT(proposal_move(S, &A, &officer, id2, &m, fresh(&fe)), id2);
    m = (struct proposal_move){.action = PA_APPRAISE, .note = "Không đủ minh chứng", .eligible = 0};
    CHECK_INT(proposal_move(S, &A, &officer, id2, &m, fresh(&fe)), id2);
    struct proposal p2;
    proposal_get(S, &A, id2, &p2);
    CHECK(proposal_move_refusal(S, &A, &officer, &p2, PA_APPROVE) != NULL);
    CHECK(proposal_move_refusal(S, &A, &officer, &p2, PA_TO_COUNCIL) != NULL);
    CHECK(proposal_move_refusal(S, &A, &officer, &p2, PA_REFUSE) == NULL);
    /* every move is on the timeline and in the audit log */
    struct proposal_event *ev;
    int ne = 0;
    CHECK_INT(proposal_events(S, &A, id2, &ev, &ne), STORE_OK);
    CHECK_INT(ne, 7);   /* draft, submitted, returned, submitted, received, assigned, appraised */
    int64_t audits = 0;
    store_int64(S, &audits, "SELECT count(*) FROM audit_log WHERE entity = 'award_proposal' AND entity_id = $1", "t",
                arena_printf(&A, "%lld", (long long)id2));
    CHECK_INT(audits, 7);   /* create + 6 moves */
}

static void test_once(void)
{
    struct actor officer = role_actor("officer", OFFICER_ID, BOARD_UNIT, true);
    CHECK(new_proposal(&officer, DEPT_A, "campaign:7/2025") > 0);
    struct field_errors fe = {0};
    struct proposal_input in = {.unit_id = BOARD_UNIT, .subject_kind = "collective", .subject_name = "Sở A",
                                .subject_unit_id = DEPT_A, .form_code = "BK_CT_UBND_TINH", .year = 2025,
                                .reason = "Lần hai", .achievement = "campaign:7/2025"};
    CHECK_INT(proposal_create(S, &A, &officer, &in, fresh(&fe)), 0);
    CHECK_CONTAINS(ferr_get(&fe, "achievement"), "một thành tích chỉ khen thưởng một lần");
}

static void test_deadline_across_tet(void)
{
    char out[11], err[200];
    /* Wednesday 22/1/2020 + 5 working days: 23/1, then Tết (24–30/1 off in the calendar), 31/1,
     * 3/2, 4/2, 5/2. Without the holidays it would be 29/1. */
    CHECK_INT(proposal_deadline(S, "2020-01-22", 5, out, err, sizeof err), 0);
    CHECK_STR(out, "2020-02-05");
    /* 25 working days from a complete dossier received on 20/1/2020 */
    CHECK_INT(proposal_deadline(S, "2020-01-20", 25, out, err, sizeof err), 0);
    CHECK_STR(out, "2020-03-02");
    /* a submission recorded on that day gets the completeness deadline and is overdue today */
    struct actor officer = role_actor("officer", OFFICER_ID, BOARD_UNIT, true);
    int64_t id = new_proposal(&officer, DEPT_B, "test:tet");
    struct field_errors fe = {0};
    struct proposal_move m = {.action = PA_SUBMIT, .on = "22/01/2020"};
    /* a paper dossier entered today: its submission is recorded on the day it happened */
    CHECK_INT(proposal_move(S, &A, &officer, id, &m, fresh(&fe)), id);
    struct proposal p = {0};
    CHECK_INT(proposal_get(S, &A, id, &p), 1);
    CHECK_STR(p.due_on, "2020-02-05");
    CHECK_STR(p.due_step, "check");
    CHECK(p.overdue);
    m = (struct proposal_move){.action = PA_RECEIVE, .on = "2020-01-20"};   /* before the submission */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(proposal_move(S, &A, &officer, id, &m, fresh(&fe)), 0);
    m.on = "2099-01-01";                                                    /* the future */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(proposal_move(S, &A, &officer, id, &m, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "on") != NULL);
}

/* A proposal in to_council for the title TTLDXS (the council votes on it), with the history
 * that makes the department eligible recorded directly (the award-rules half owns that table). */
static int64_t council_proposal(const struct actor *officer, const char *ach)
{
    struct field_errors fe = {0};
    struct proposal_input in = {.unit_id = BOARD_UNIT, .subject_kind = "collective", .subject_name = "Sở Thử nghiệm B",
                                .subject_unit_id = DEPT_B, .form_code = "TTLDXS", .year = 2019,
                                .reason = "Hoàn thành xuất sắc nhiệm vụ năm 2019", .achievement = ach};
    int64_t id = proposal_create(S, &A, officer, &in, fresh(&fe));
    if (id <= 0) { printf("     council proposal: %s\n", fe.n ? fe.items[0].value : store_errmsg(S)); return 0; }
    struct proposal p;
    proposal_get(S, &A, id, &p);
    /* the appraisal is what the Board records after the checks: eligibility is the award-rules
     * half's (its own tests); here the state is set as an appraisal leaves it */
    store_exec(S, "UPDATE award_proposal SET state = 'to_council', eligible = 1 WHERE id = $1", "i", id);
    return id;
}

static void test_ballot(void)
{
    struct actor officer = role_actor("officer", OFFICER_ID, BOARD_UNIT, true);
    struct actor members[10];
    struct field_errors fe = {0};
    for (int i = 0; i < 10; i++) {
        int64_t uid = add_user(arena_printf(&A, "hd%d", i), "council", PROVINCE);
        members[i] = role_actor("council", uid, PROVINCE, false);
        members[i].login = arena_printf(&A, "hd%d", i);
        CHECK(council_member_add(S, &A, &officer, 2019, uid, "Ủy viên", fresh(&fe)) > 0);
        CHECK(council_member_add(S, &A, &officer, 2026, uid, "Ủy viên", fresh(&fe)) > 0);
    }
    /* only a user with ballot can sit; only the Board keeps the roll */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(council_member_add(S, &A, &officer, 2019, OFFICER_ID, "Ủy viên", fresh(&fe)), 0);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(council_member_add(S, &A, &members[0], 2019, members[1].user_id, "Ủy viên", fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);

    /* 2019: quorum 2/3 of the members, pass 90 % of the members */
    int64_t m19 = council_meeting_create(S, &A, &officer, "2019-12-20", "Phiên họp thử 2019", fresh(&fe));
    CHECK(m19 > 0);
    int64_t p_pass = council_proposal(&officer, "t:pass"), p_fail = council_proposal(&officer, "t:fail"),
            p_noq = council_proposal(&officer, "t:noq"), p_q = council_proposal(&officer, "t:q");
    int64_t i_pass = council_item_add(S, &A, &officer, m19, p_pass, fresh(&fe)), i_fail = council_item_add(S, &A, &officer, m19, p_fail, fresh(&fe)),
            i_noq = council_item_add(S, &A, &officer, m19, p_noq, fresh(&fe)), i_q = council_item_add(S, &A, &officer, m19, p_q, fresh(&fe));
    CHECK(i_pass > 0 && i_fail > 0 && i_noq > 0 && i_q > 0);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(council_item_add(S, &A, &officer, m19, p_pass, fresh(&fe)), 0);   /* once per meeting */
    for (int i = 0; i < 10; i++) {
        /* 9 of 10 for: exactly 90 % → passes */
        CHECK_INT(ballot_cast(S, &A, &members[i], i_pass, i < 9 ? BALLOT_FOR : BALLOT_AGAINST, fresh(&fe)), i_pass);
        /* 8 for, 2 abstain: 80 % → fails */
        CHECK_INT(ballot_cast(S, &A, &members[i], i_fail, i < 8 ? BALLOT_FOR : BALLOT_ABSTAIN, fresh(&fe)), i_fail);
        /* 6 ballots of 10 (60 % < 2/3): no quorum; 7 ballots: quorate (but 7 for < 90 %) */
        if (i < 6) CHECK_INT(ballot_cast(S, &A, &members[i], i_noq, BALLOT_FOR, fresh(&fe)), i_noq);
        if (i < 7) CHECK_INT(ballot_cast(S, &A, &members[i], i_q, BALLOT_FOR, fresh(&fe)), i_q);
    }
    /* one vote per member per item; members only; officers are not members */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(ballot_cast(S, &A, &members[0], i_pass, BALLOT_AGAINST, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "item") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(ballot_cast(S, &A, &officer, i_pass, BALLOT_FOR, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    struct actor outsider = role_actor("council", add_user("hd.ngoai", "council", PROVINCE), PROVINCE, false);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(ballot_cast(S, &A, &outsider, i_pass, BALLOT_FOR, fresh(&fe)), 0);   /* not on the 2019 roll */
    CHECK(ferr_get(&fe, "scope") != NULL);
    /* before closing nobody sees a tally */
    struct council_item *it;
    int n;
    CHECK_INT(council_items(S, &A, m19, &it, &n), STORE_OK);
    CHECK_INT(n, 4);
    if (n == 4) { CHECK_INT(it[0].votes_for, -1); CHECK_INT(it[0].voted, 10); }
    memset(&fe, 0, sizeof fe);
    CHECK_INT(council_meeting_close(S, &A, &members[0], m19, fresh(&fe)), 0);     /* members do not close */
    CHECK_INT(council_meeting_close(S, &A, &officer, m19, fresh(&fe)), m19);
    CHECK_INT(council_items(S, &A, m19, &it, &n), STORE_OK);
    if (n == 4) {
        CHECK_STR(it[0].result, "passed");
        CHECK_INT(it[0].votes_for, 9);
        CHECK_STR(it[1].result, "failed");
        CHECK_STR(it[2].result, "no_quorum");
        CHECK_STR(it[3].result, "failed");
    }
    CHECK_INT(state_of(p_pass), PS_APPROVED);
    CHECK_INT(state_of(p_fail), PS_REFUSED);
    CHECK_INT(state_of(p_noq), PS_TO_COUNCIL);   /* waits for a later meeting */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(ballot_cast(S, &A, &members[9], i_noq, BALLOT_FOR, fresh(&fe)), 0);   /* closed */

    /* today's rule: pass 70 % of the members: 7 for → passes, 6 for + 4 against → fails */
    int64_t m26 = council_meeting_create(S, &A, &officer, "2026-01-15", "Phiên họp thử 2026", fresh(&fe));
    int64_t i_noq2 = council_item_add(S, &A, &officer, m26, p_noq, fresh(&fe));   /* the item without a quorum, again */
    int64_t p6 = council_proposal(&officer, "t:six");
    int64_t i6 = council_item_add(S, &A, &officer, m26, p6, fresh(&fe));
    CHECK(i_noq2 > 0 && i6 > 0);
    for (int i = 0; i < 10; i++) {
        CHECK_INT(ballot_cast(S, &A, &members[i], i_noq2, i < 7 ? BALLOT_FOR : BALLOT_AGAINST, fresh(&fe)), i_noq2);
        CHECK_INT(ballot_cast(S, &A, &members[i], i6, i < 6 ? BALLOT_FOR : BALLOT_AGAINST, fresh(&fe)), i6);
    }
    CHECK_INT(council_meeting_close(S, &A, &officer, m26, fresh(&fe)), m26);
    CHECK_INT(state_of(p_noq), PS_APPROVED);
    CHECK_INT(state_of(p6), PS_REFUSED);

    /* Secrecy in storage: the voters' table has no choice and no time, and no audit entry of a
     * vote carries a choice. */
    stmt *q = store_query(S, "SELECT * FROM council_ballot_cast", "");
    CHECK(q && stmt_columns(q) == 2);
    stmt_finalize(q);
    int64_t leaky = -1;
    store_int64(S, &leaky, "SELECT count(*) FROM audit_log WHERE action = 'vote' AND (after_json LIKE '%for%'"
                           " OR after_json LIKE '%against%' OR after_json LIKE '%abstain%' OR after_json LIKE '%choice%')", "");
    CHECK_INT(leaky, 0);
    int64_t votes = 0;
    store_int64(S, &votes, "SELECT count(*) FROM audit_log WHERE action = 'vote'", "");
    CHECK_INT(votes, 10 + 10 + 6 + 7 + 10 + 10);
}

/* A tax code valid in form and check digit (award_subject.c checks both): nine digits, then
 * 10 - (weighted sum mod 11). Prefixes whose sum is a multiple of 11 are skipped upwards. */
static const char *tax_code(int seed)
{
    static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    for (int n = 499990000 + seed * 7;; n++) {
        char d[11];
        snprintf(d, sizeof d, "%09d", n);
        int sum = 0;
        for (int i = 0; i < 9; i++) sum += w[i] * (d[i] - '0');
        if (sum % 11 == 0) continue;
        d[9] = (char)('0' + 10 - sum % 11);
        d[10] = 0;
        return arena_strdup(&A, d);
    }
}

/* An approved proposal of an enterprise or a person, ready for a decision (the Board's steps are
 * tested above; here the state is set as they leave it). */
static int64_t approved(const struct actor *officer, const char *kind, const char *name, const char *ref, int year)
{
    struct field_errors fe = {0};
    struct proposal_input in = {.unit_id = BOARD_UNIT, .subject_kind = kind, .subject_name = name, .subject_ref = ref,
                                .form_code = "BK_CT_UBND_TINH", .year = year, .reason = "Đã có thành tích xuất sắc",
                                .achievement = arena_printf(&A, "test:%s", ref)};
    int64_t id = proposal_create(S, &A, officer, &in, &fe);
    if (id <= 0) { printf("     approved %s: %s\n", name, fe.n ? fe.items[0].value : store_errmsg(S)); return 0; }
    store_exec(S, "UPDATE award_proposal SET state = 'approved', eligible = 1 WHERE id = $1", "i", id);
    return id;
}

static int64_t draft(const struct actor *officer, const char *date, int64_t proposal)
{
    struct field_errors fe = {0};
    struct decision_input in = {.issuer_code = "UBND", .issuer = "Ủy ban nhân dân tỉnh Lạng Sơn", .symbol = "QĐ-UBND",
                                .place = "Lạng Sơn", .decided_on = date, .summary = "Về việc tặng Bằng khen",
                                .legal_bases = "Căn cứ Luật Thi đua, khen thưởng;", .proposer = "Trưởng ban Ban Thi đua – Khen thưởng",
                                .signer_position = "CHỦ TỊCH", .signer_name = "Người Ký Thử", .proposal_ids = &proposal,
                                .n_proposals = 1};
    int64_t id = decision_create(S, &A, officer, &in, &fe);
    if (id <= 0) printf("     draft: %s\n", fe.n ? fe.items[0].value : store_errmsg(S));
    return id;
}

static void test_decision_money(void)
{
    struct actor officer = role_actor("officer", OFFICER_ID, BOARD_UNIT, true);
    /* 2019: an enterprise's Bằng khen is 2.0 × 1,490,000 (Decree 91/2017, base salary from 1/7/2019) */
    int64_t d19 = draft(&officer, "2019-08-20", approved(&officer, "enterprise", "Công ty Thử Tiền", tax_code(1), 2019));
    /* 10/8/2026: an individual's is 1.5 × 2,530,000 = 3,795,000, rounded up to 3,800,000 */
    int64_t d26 = draft(&officer, "2026-08-10", approved(&officer, "individual", "Nguyễn Văn Thử", "001099012345", 2026));
    struct decision d;
    CHECK_INT(decision_get(S, &A, d19, &d), 1);
    CHECK_INT(d.total_money, 2980000);
    CHECK_INT(decision_get(S, &A, d26, &d), 1);
    CHECK_INT(d.total_money, 3800000);
    CHECK_STR(decision_amount_words(&A, 3800000), "Ba triệu tám trăm nghìn đồng");
}

/* A draft is edited (its money computed again for the new date, its "Nơi nhận" kept as typed) and
 * discarded (its proposals free again); a signed decision is neither; each write is audited with
 * the draft as it was. */
static void test_decision_draft_edit_discard(void)
{
    struct actor officer = role_actor("officer", OFFICER_ID, BOARD_UNIT, true);
    struct actor viewer = role_actor("viewer", add_user("xem.quyetdinh", "viewer", PROVINCE), PROVINCE, false);
    int64_t p1 = approved(&officer, "enterprise", "Công ty Sửa Dự Thảo", tax_code(3), 2019);
    int64_t p2 = approved(&officer, "enterprise", "Công ty Thứ Hai", tax_code(4), 2019);
    int64_t id = draft(&officer, "2019-08-20", p1);
    CHECK(id > 0);
    struct decision d;
    CHECK_INT(decision_get(S, &A, id, &d), 1);
    CHECK_STR(d.distribution, decision_distribution_default);   /* none typed: the minimal list */
    int64_t both[] = {p1, p2};
    struct decision_input in = {.issuer_code = "UBND", .issuer = "Ủy ban nhân dân tỉnh Lạng Sơn", .symbol = "QĐ-UBND",
                                .place = "Lạng Sơn", .decided_on = "2026-08-10", .summary = "Về việc tặng Bằng khen (sửa)",
                                .legal_bases = "Căn cứ Luật Thi đua, khen thưởng;", .proposer = "Trưởng ban Ban Thi đua – Khen thưởng",
                                .signer_position = "CHỦ TỊCH", .signer_name = "Người Ký Thử",
                                .distribution = "- Như Điều 3;\n- Chủ tịch, các PCT UBND tỉnh;\n- Lưu: VT, NC.",
                                .proposal_ids = both, .n_proposals = 2};
    struct field_errors fe = {0};
    CHECK_INT(decision_update(S, &A, &viewer, id, &in, &fe), 0);     /* not the Board */
    CHECK(ferr_get(&fe, "scope") != NULL);
    CHECK_INT(decision_update(S, &A, &officer, id, &in, fresh(&fe)), id);
    CHECK_INT(decision_get(S, &A, id, &d), 1);
    CHECK_STR(d.summary, "Về việc tặng Bằng khen (sửa)");
    CHECK_STR(d.distribution, "- Như Điều 3;\n- Chủ tịch, các PCT UBND tỉnh;\n- Lưu: VT, NC.");
    CHECK_INT(d.recipients, 2);
    /* the money of the rule rows in force on the new date, no longer 2019's 2,980,000 */
    int64_t each = 0;
    struct award_money_explain ex = {0};
    CHECK_INT(award_money(S, &A, "BK_CT_UBND_TINH", "enterprise", "2026-08-10", &each, &ex), 1);
    CHECK(each > 2980000);
    CHECK_INT(d.total_money, 2 * each);
    /* the audit entry keeps the draft as it was: one proposal */
    int64_t audited = 0;
    store_int64(S, &audited, "SELECT count(*) FROM audit_log WHERE action = 'update' AND entity = 'award_decision'"
                             " AND entity_id = $1 AND before_json LIKE $2", "it", id,
                arena_printf(&A, "%%\"proposal_ids\":[%lld]%%", (long long)p1));
    CHECK_INT(audited, 1);
    /* a proposal in this draft cannot go into another one */
    int64_t other = draft(&officer, "2019-08-20", p2);
    CHECK_INT(other, 0);
    /* discarded: gone, audited, its proposals free for a new draft */
    CHECK_INT(decision_discard(S, &A, &viewer, id, fresh(&fe)), 0);
    CHECK_INT(decision_discard(S, &A, &officer, id, fresh(&fe)), id);
    CHECK_INT(decision_get(S, &A, id, &d), 0);
    int64_t left = -1;
    store_int64(S, &left, "SELECT count(*) FROM award_decision_recipient WHERE decision_id = $1", "i", id);
    CHECK_INT(left, 0);
    store_int64(S, &audited, "SELECT count(*) FROM audit_log WHERE action = 'delete' AND entity = 'award_decision'"
                             " AND entity_id = $1 AND before_json LIKE $2 AND after_json IS NULL", "it", id,
                arena_printf(&A, "%%\"proposal_ids\":[%lld,%lld]%%", (long long)p1, (long long)p2));
    CHECK_INT(audited, 1);
    int64_t again = draft(&officer, "2019-08-20", p2);
    CHECK(again > 0);
    /* signed: neither edited nor discarded */
    CHECK_INT(decision_sign(S, &A, &officer, again, 0, fresh(&fe)), again);
    CHECK_INT(decision_update(S, &A, &officer, again, &in, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "state") != NULL);
    CHECK_INT(decision_discard(S, &A, &officer, again, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "state") != NULL);
    CHECK_INT(decision_discard(S, &A, &officer, 987654, fresh(&fe)), 0);
    CHECK(ferr_get(&fe, "id") != NULL);
}

/* Six processes sign six drafts at once: the register gives 1…6, each once. */
static void test_decision_numbers_concurrent(void)
{
    struct actor officer = role_actor("officer", OFFICER_ID, BOARD_UNIT, true);
    enum { N = 6 };
    int64_t ids[N];
    for (int i = 0; i < N; i++)
        ids[i] = draft(&officer, "2020-03-01",
                       approved(&officer, "enterprise", arena_printf(&A, "Công ty Đồng Thời %d", i),
                                tax_code(10 + i), 2020));
    char path[400];
    snprintf(path, sizeof path, "%s/t.db", DIR_);
    pid_t pids[N];
    for (int i = 0; i < N; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            char err[256];
            store *s = store_open(path, err, sizeof err);
            arena a = {0};
            struct field_errors fe = {0};
            int64_t rc = s ? decision_sign(s, &a, &officer, ids[i], 0, &fe) : -1;
            store_close(s);
            _exit(rc > 0 ? 0 : 1);
        }
    }
    int ok = 0;
    for (int i = 0; i < N; i++) {
        int st = 0;
        waitpid(pids[i], &st, 0);
        ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    CHECK_INT(ok, N);
    int64_t count = 0, distinct = 0, lo = 0, hi = 0;
    store_int64(S, &count, "SELECT count(*) FROM award_decision WHERE year = 2020 AND issuer_code = 'UBND'", "");
    store_int64(S, &distinct, "SELECT count(DISTINCT number) FROM award_decision WHERE year = 2020 AND issuer_code = 'UBND'", "");
    store_int64(S, &lo, "SELECT min(number) FROM award_decision WHERE year = 2020", "");
    store_int64(S, &hi, "SELECT max(number) FROM award_decision WHERE year = 2020", "");
    CHECK_INT(count, N);
    CHECK_INT(distinct, N);
    CHECK_INT(lo, 1);
    CHECK_INT(hi, N);   /* N distinct numbers from 1 to N: no gap */
    /* an entered number is checked against the same register */
    int64_t extra = draft(&officer, "2020-05-01", approved(&officer, "enterprise", "Công ty Số Tay", tax_code(30), 2020));
    struct field_errors fe = {0};
    CHECK_INT(decision_sign(S, &A, &officer, extra, 3, &fe), 0);
    CHECK(ferr_get(&fe, "number") != NULL);
    CHECK_INT(decision_sign(S, &A, &officer, extra, 40, fresh(&fe)), extra);
    struct decision d = {0};
    decision_get(S, &A, extra, &d);
    CHECK_STR(d.number_symbol, "40/QĐ-UBND");
    CHECK_STR(d.number_source, "entered");
}

int main(void)
{
    setup();
    RUN(test_transition_table);
    RUN(test_once);
    RUN(test_deadline_across_tet);
    RUN(test_ballot);
    RUN(test_decision_money);
    RUN(test_decision_numbers_concurrent);
    RUN(test_decision_draft_edit_discard);
    teardown();
    return check_done();
}
