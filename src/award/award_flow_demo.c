/* award_flow_demo.c: the award-flow part of the demo database (`thidua init --demo`), written
 * through the domain functions as the program itself, inside demo_populate's transaction, after
 * the fund and award-rules demos:
 *  - the seed's 10 enterprises that gave ≥ 500 million đồng in 2019: the pending hand-over rows the
 *    fund demo made (form BK_CT_UBND_TINH) become proposals of the Board, go through reception,
 *    appraisal and approval in August 2019, and into one decision of the Chairman of Lạng Sơn's
 *    People's Committee dated 20/8/2019, signed with the issuer's register, money from the 2019
 *    rule rows; their certificates are printed from that decision on demand. When no such row is
 *    pending, nothing is made from them (and the log says so): the demo never invents donors;
 *  - one proposal for a title the council votes on (Tập thể lao động xuất sắc 2019 for Sở Y tế),
 *    appraised and carried through a secret ballot of the 2019 council (the demo's council user).
 * The signer's name and the department's 2019 rating are illustrative and say so. */
#include <stdio.h>
#include <string.h>

#include "award_flow_demo.h"
#include "award_subject.h"
#include "council.h"
#include "decision.h"
#include "proposal.h"
#include "proposal_intake.h"
#include "setting.h"

static int64_t user_id(store *s, const char *login)
{
    int64_t id = 0;
    return store_int64(s, &id, "SELECT id FROM app_user WHERE login = $1", "t", login) == 1 ? id : 0;
}

static int64_t unit_by_code(store *s, const char *code)
{
    int64_t id = 0;
    return store_int64(s, &id, "SELECT id FROM unit WHERE code = $1", "t", code) == 1 ? id : 0;
}

static void log_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) log_error("award-flow demo: %s: %s: %s", what, fe->items[i].name, fe->items[i].value);
}

/* The Board's steps of one proposal, on the given days of 2019. 1 done, 0 refused, < 0. */
static int64_t board_steps(store *s, arena *a, const struct actor *ac, int64_t id, int64_t officer, const char *const days[5],
                           bool approve)
{
    const struct proposal_move moves[] = {
        {.action = PA_SUBMIT, .on = days[0]},
        {.action = PA_RECEIVE, .on = days[1]},
        {.action = PA_ASSIGN, .on = days[2], .assignee_id = officer},
        {.action = PA_APPRAISE, .on = days[3], .eligible = 1, .note = "Hồ sơ đầy đủ; thành tích đã được đơn vị xác nhận."},
        {.action = approve ? PA_APPROVE : PA_TO_COUNCIL, .on = days[4]},
    };
    for (size_t i = 0; i < countof(moves); i++) {
        struct field_errors fe = {0};
        int64_t rc = proposal_move(s, a, ac, id, &moves[i], &fe);
        if (rc <= 0) {
            log_fe(proposal_action_name(moves[i].action), &fe);
            return rc;
        }
    }
    return 1;
}

static int demo_decision(store *s, arena *a, const struct actor *ac, int64_t officer)
{
    struct proposal_intake *rows;
    int n = 0;
    if (proposal_intake_list(s, a, "pending", NULL, &rows, &n) < 0) return -1;
    int cap = 0, k = 0;
    int64_t *ids = arena_grow(a, NULL, 0, &cap, sizeof *ids);
    int64_t board = unit_by_code(s, "BTDKT");
    static const char *const days[5] = {"2019-08-05", "2019-08-06", "2019-08-07", "2019-08-12", "2019-08-14"};
    for (int i = 0; i < n; i++) {
        if (!str_eq(rows[i].form_code, "BK_CT_UBND_TINH") || rows[i].year != 2019) continue;
        struct field_errors fe = {0};
        int64_t id = proposal_from_intake(s, a, ac, rows[i].id, board, &fe);
        if (id <= 0) { log_fe("take", &fe); return -1; }
        if (board_steps(s, a, ac, id, officer, days, true) <= 0) return -1;
        *ARENA_PUSH(a, ids, k, cap) = id;
    }
    if (!k) {
        log_info("award-flow demo: no pending 2019 hand-over rows for BK_CT_UBND_TINH (the fund demo makes them); "
                 "no decision made from them");
        return 0;
    }
    struct decision_input in = {
        .issuer_code = "UBND", .issuer = setting_text(s, a, "org.issuer_name"), .symbol = "QĐ-UBND",
        .place = setting_text(s, a, "org.place_name"), .decided_on = "2019-08-20",
        .summary = "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        .legal_bases = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
                       "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của "
                       "Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013;\n"
                       "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành "
                       "một số điều của Luật Thi đua, khen thưởng;",
        .proposer = "Trưởng ban Ban Thi đua – Khen thưởng tỉnh", .signer_authority = NULL, .signer_position = "CHỦ TỊCH",
        .signer_name = "(Họ tên người ký — dữ liệu minh hoạ)", .proposal_ids = ids, .n_proposals = k};
    struct field_errors fe = {0};
    int64_t d = decision_create(s, a, ac, &in, &fe);
    if (d <= 0) { log_fe("decision", &fe); return -1; }
    memset(&fe, 0, sizeof fe);
    if (decision_sign(s, a, ac, d, 0, &fe) <= 0) { log_fe("sign", &fe); return -1; }
    return 0;
}

static int demo_ballot(store *s, arena *a, const struct actor *ac, int64_t officer)
{
    int64_t syt = unit_by_code(s, "SYT"), member = user_id(s, "hoidong");
    if (!syt || !member) return 0;
    struct field_errors fe = {0};
    struct proposal_input in = {.unit_id = syt, .subject_kind = "collective", .subject_name = "Sở Y tế", .subject_unit_id = syt,
                                .form_code = "TTLDXS", .year = 2019,
                                .reason = "Đã hoàn thành xuất sắc nhiệm vụ năm 2019", .achievement = "year:2019"};
    int64_t id = proposal_create(s, a, ac, &in, &fe);
    if (id <= 0) { log_fe("title proposal", &fe); return -1; }
    struct proposal p;
    if (proposal_get(s, a, id, &p) != 1) return -1;
    /* the department's 2019 rating that the title requires (illustrative), unless the award-rules
     * demo already recorded it */
    struct award_history_input h = {.subject_id = p.subject_id, .year = 2019, .form_code = "HTXSNV",
                                    .decision_ref = "(minh hoạ) xếp loại năm 2019", .source = "manual",
                                    .reason = "Hoàn thành xuất sắc nhiệm vụ (dữ liệu minh hoạ)"};
    memset(&fe, 0, sizeof fe);
    if (award_history_add(s, a, ac, &h, &fe) < 0) return -1;
    static const char *const days[5] = {"2019-11-25", "2019-11-26", "2019-11-27", "2019-12-02", "2019-12-03"};
    if (board_steps(s, a, ac, id, officer, days, false) <= 0) return -1;
    memset(&fe, 0, sizeof fe);
    if (council_member_add(s, a, ac, 2019, member, "Ủy viên Hội đồng", &fe) <= 0) { log_fe("council member", &fe); return -1; }
    int64_t m = council_meeting_create(s, a, ac, "2019-12-10", "Phiên họp xét danh hiệu thi đua năm 2019", &fe);
    if (m <= 0) { log_fe("meeting", &fe); return -1; }
    int64_t item = council_item_add(s, a, ac, m, id, &fe);
    if (item <= 0) { log_fe("agenda", &fe); return -1; }
    /* the member votes as themselves */
    struct actor voter = {.user_id = member, .login = "hoidong", .caps = CAP_BIT(CAP_BALLOT), .unit_id = 0};
    if (ballot_cast(s, a, &voter, item, BALLOT_FOR, &fe) <= 0) { log_fe("ballot", &fe); return -1; }
    if (council_meeting_close(s, a, ac, m, &fe) <= 0) { log_fe("close", &fe); return -1; }
    return 0;
}

int award_flow_demo_load(store *s)
{
    arena a = {0};
    int64_t officer = user_id(s, "canbo.ban");
    /* the Board's officer runs the Board's steps, as in the office */
    struct actor board = actor_system;
    board.user_id = officer;
    board.login = "canbo.ban";
    int rc = officer ? demo_decision(s, &a, &board, officer) : -1;
    if (rc == 0) rc = demo_ballot(s, &a, &board, officer);
    arena_free(&a);
    return rc;
}
