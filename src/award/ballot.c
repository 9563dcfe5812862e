/* ballot.c: the council's secret ballot (council.h says how secrecy is kept): casting a vote and
 * closing a meeting with its tally under the ballot rule of the rule base. A vote writes two rows
 * that share nothing but the item: "this member voted on this item" and "+1 on one counter". Its
 * audit entry names the voter and the item and nothing else; the choice never leaves this file
 * except as that counter. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "award_rules.h"
#include "council.h"
#include "proposal.h"

int ballot_choice_from_name(const char *name)
{
    if (str_eq(name, "for")) return BALLOT_FOR;
    if (str_eq(name, "against")) return BALLOT_AGAINST;
    if (str_eq(name, "abstain")) return BALLOT_ABSTAIN;
    return -1;
}

int64_t ballot_cast(store *s, arena *a, const struct actor *ac, int64_t item_id, enum ballot_choice choice,
                    struct field_errors *fe)
{
    if (!actor_has(ac, CAP_BALLOT)) {
        ferr_add(fe, "scope", "Chỉ thành viên Hội đồng (quyền bỏ phiếu) được bỏ phiếu.");
        return 0;
    }
    if ((unsigned)choice > BALLOT_ABSTAIN) {
        ferr_add(fe, "choice", "Phiếu phải là đồng ý (for), không đồng ý (against) hoặc không biểu quyết (abstain).");
        return 0;
    }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t meeting_id = 0, member_id = 0;
    char *state = NULL;
    int rc = store_int64(s, &meeting_id, "SELECT meeting_id FROM council_item WHERE id = $1", "i", item_id);
    if (rc != 1) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có nội dung biểu quyết này.");
        return rc == 0 ? 0 : STORE_ERR;
    }
    if (store_text(s, &state, a, "SELECT state FROM council_meeting WHERE id = $1", "i", meeting_id) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    if (!str_eq(state, "open")) {
        store_rollback(s);
        ferr_add(fe, "item", "Phiên họp đã kết thúc: không bỏ phiếu được nữa.");
        return 0;
    }
    rc = store_int64(s, &member_id, "SELECT cm.id FROM council_member cm JOIN council_meeting m ON m.year = cm.year"
                                    " WHERE m.id = $1 AND cm.user_id = $2", "ii", meeting_id, ac->user_id);
    if (rc != 1) {
        store_rollback(s);
        if (rc < 0) return STORE_ERR;
        ferr_add(fe, "scope", "Bạn không có tên trong Hội đồng của năm họp này.");
        return 0;
    }
    int64_t already = 0;
    if (store_int64(s, &already, "SELECT count(*) FROM council_ballot_cast WHERE item_id = $1 AND member_id = $2", "ii",
                    item_id, member_id) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    if (already) {
        store_rollback(s);
        ferr_add(fe, "item", "Bạn đã bỏ phiếu cho nội dung này: mỗi thành viên một phiếu.");
        return 0;
    }
    /* Two writes that share only the item: who voted (no choice), and one counter (no voter).
     * The counter's column is chosen by the program from the enum, never from the request. */
    static const char *const bump[] = {
        "UPDATE council_item SET votes_for = votes_for + 1 WHERE id = $1",
        "UPDATE council_item SET votes_against = votes_against + 1 WHERE id = $1",
        "UPDATE council_item SET votes_abstain = votes_abstain + 1 WHERE id = $1",
    };
    if (store_exec(s, "INSERT INTO council_ballot_cast(item_id, member_id) VALUES ($1, $2)", "ii", item_id, member_id) !=
            STORE_OK ||
        store_exec(s, bump[choice], "i", item_id) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    /* THAT the member voted, never how */
    json_t *after = json_pack("{s:I, s:b}", "meeting_id", (json_int_t)meeting_id, "voted", 1);
    int64_t aid = audit_as(s, ac, "vote", "council_item", item_id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    /* Drop the page images the store still keeps of the counters before this vote (SQLite's
     * write-ahead log), so the file does not hold a history of counters beside the voters. Only
     * once the vote is really committed (a caller's outer transaction, as the demo's, commits it
     * later; its own commit leaves one image per page). */
    if (store_tx_depth(s) == 0) store_scrub_end(s);
    return item_id;
}

int64_t council_meeting_close(store *s, arena *a, const struct actor *ac, int64_t meeting_id, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) {
        ferr_add(fe, "scope", "Chỉ Ban Thi đua – Khen thưởng kết thúc phiên họp.");
        return 0;
    }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct council_meeting m;
    int rc = council_meeting_get(s, a, meeting_id, &m);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có phiên họp này.");
        return rc;
    }
    if (!str_eq(m.state, "open")) {
        store_rollback(s);
        ferr_add(fe, "meeting", "Phiên họp đã kết thúc.");
        return 0;
    }
    struct award_ballot_rule rule;
    if ((rc = award_ballot_rule_at(s, a, m.held_on, &rule)) <= 0) {
        store_rollback(s);
        if (rc < 0) return STORE_ERR;
        ferr_add(fe, "meeting", arena_printf(a, "Không có quy định về bỏ phiếu (tỷ lệ có mặt, tỷ lệ tán thành) có hiệu lực "
                                                "ngày %s.", m.held_on));
        return 0;
    }
    if (m.members <= 0) {
        store_rollback(s);
        ferr_add(fe, "meeting", arena_printf(a, "Hội đồng năm %d chưa có thành viên.", m.year));
        return 0;
    }
    const char *rule_text = arena_printf(a, "Có mặt tối thiểu %d,%02d%% thành viên; tán thành tối thiểu %d,%02d%% %s (%s)",
                                         rule.quorum_bp / 100, rule.quorum_bp % 100, rule.pass_bp / 100, rule.pass_bp % 100,
                                         str_eq(rule.pass_base, "present") ? "số thành viên có mặt" : "tổng số thành viên",
                                         rule.citation);
    struct council_item *items;
    int n;
    /* the tally is read directly: council_items hides it until the meeting is closed */
    stmt *q = store_query(s, "SELECT i.id, i.proposal_id, i.votes_for, i.votes_against, i.votes_abstain FROM council_item i"
                             " WHERE i.meeting_id = $1 ORDER BY i.id", "i", meeting_id);
    if (!q) { store_rollback(s); return STORE_ERR; }
    int cap = 0;
    n = 0;
    items = arena_grow(a, NULL, 0, &cap, sizeof *items);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct council_item *it = ARENA_PUSH(a, items, n, cap);
        it->id = stmt_int64(q, 0);
        it->proposal_id = stmt_int64(q, 1);
        it->votes_for = (int)stmt_int64(q, 2);
        it->votes_against = (int)stmt_int64(q, 3);
        it->votes_abstain = (int)stmt_int64(q, 4);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) { store_rollback(s); return STORE_ERR; }
    json_t *tallies = json_array();
    for (int i = 0; i < n; i++) {
        struct council_item *it = &items[i];
        /* present: the members who cast a ballot on the item (an abstention is a ballot) */
        int present = it->votes_for + it->votes_against + it->votes_abstain;
        const char *result = !award_ballot_quorate(&rule, m.members, present) ? "no_quorum"
                             : award_ballot_passes(&rule, m.members, present, it->votes_for) ? "passed" : "failed";
        if (store_exec(s, "UPDATE council_item SET result = $2 WHERE id = $1", "it", it->id, result) != STORE_OK) {
            json_decref(tallies);
            store_rollback(s);
            return STORE_ERR;
        }
        const char *note = arena_printf(a, "Phiên họp \"%s\" ngày %s: %d/%d thành viên bỏ phiếu; đồng ý %d, không đồng ý %d, "
                                           "không biểu quyết %d. %s. %s.", m.title, m.held_on, present, m.members,
                                        it->votes_for, it->votes_against, it->votes_abstain,
                                        str_eq(result, "passed") ? "Được thông qua"
                                        : str_eq(result, "failed") ? "Không được thông qua"
                                                                   : "Không đủ số thành viên bỏ phiếu: chờ phiên họp sau",
                                        rule_text);
        if (!str_eq(result, "no_quorum") &&
            proposal_move_internal(s, ac, it->proposal_id, PS_TO_COUNCIL,
                                   str_eq(result, "passed") ? PS_APPROVED : PS_REFUSED, m.held_on, note, 0) < 0) {
            json_decref(tallies);
            store_rollback(s);
            return STORE_ERR;
        }
        json_array_append_new(tallies, json_pack("{s:I, s:I, s:i, s:i, s:i, s:s}", "item_id", (json_int_t)it->id,
                                                 "proposal_id", (json_int_t)it->proposal_id, "for", it->votes_for,
                                                 "against", it->votes_against, "abstain", it->votes_abstain,
                                                 "result", result));
    }
    if (store_exec(s, "UPDATE council_meeting SET state = 'closed', members = $2, quorum_rule = $3 WHERE id = $1", "iit",
                   meeting_id, (int64_t)m.members, rule_text) != STORE_OK) {
        json_decref(tallies);
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:i, s:s, s:o}", "state", "closed", "members", m.members, "ballot_rule", rule_text,
                              "tally", tallies);
    int64_t aid = audit_as(s, ac, "close", "council_meeting", meeting_id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return meeting_id;
}
