/* award_routes.c: what the "award" feature (the award-flow half of commendation: proposals and
 * dossiers, the council's secret ballot, decisions, certificates, the public verification page)
 * adds to the web face: its routes with their security policy, its menu entries and home cards.
 * The rule base, subjects, history, lookup and statistics are the award-rules half's feature
 * (award_rules_routes.c). Routes whose permission depends on the record (a move of a proposal,
 * a vote) are CAP_LOGIN here and decided by the domain functions, which answer 403 through the
 * handler. One proposal (its page, its edit form, its moves) is such a route: who may read it
 * (the Board, the council that votes on it, the proposing unit's staff) and who may change it (the
 * unit's staff while it is a draft, the Board for its steps) depend on its unit and its state.
 * Literal paths come before their {id} siblings. */
#include "award_pages.h"
#include "html.h"

static const struct route award_routes[] = {
    /* proposals (proposal_web.c) */
    {"GET", "/proposals", proposals_page, CAP_DOSSIER_WRITE, R_HTML, "proposal.list", NULL},
    {"GET POST", "/proposals/new", proposal_new_page, CAP_DOSSIER_WRITE, R_HTML | R_CSRF, "proposal.new", NULL},
    {"GET", "/proposals/intake", proposal_intake_page, CAP_APPRAISE, R_HTML, "proposal.intake", NULL},
    {"POST", "/proposals/intake/{id}/take", proposal_intake_take_page, CAP_APPRAISE, R_HTML | R_CSRF,
     "proposal.intake.take", NULL},
    {"GET", "/proposals/{id}", proposal_page, CAP_LOGIN, R_HTML, "proposal.show", NULL},
    {"GET POST", "/proposals/{id}/edit", proposal_edit_page, CAP_LOGIN, R_HTML | R_CSRF, "proposal.edit", NULL},
    {"POST", "/proposals/{id}/files", dossier_upload_page, CAP_LOGIN, R_HTML | R_CSRF | R_UPLOAD, "proposal.files", NULL},
    {"POST", "/proposals/{id}/move", proposal_move_page, CAP_LOGIN, R_HTML | R_CSRF, "proposal.move", NULL},
    {"GET", "/api/proposals", proposals_api, CAP_DOSSIER_WRITE, R_JSON, "api.proposal.list", NULL},
    {"POST", "/api/proposals", proposals_api, CAP_DOSSIER_WRITE, R_JSON | R_CSRF, "api.proposal.create", proposal_body},
    {"GET", "/api/proposals/intake", proposal_intake_api, CAP_APPRAISE, R_JSON, "api.proposal.intake", NULL},
    {"POST", "/api/proposals/from-intake", proposal_intake_api, CAP_APPRAISE, R_JSON | R_CSRF,
     "api.proposal.from_intake", proposal_intake_body},
    {"GET", "/api/proposals/{id}", proposal_api, CAP_LOGIN, R_JSON, "api.proposal.show", NULL},
    {"PATCH", "/api/proposals/{id}", proposal_api, CAP_LOGIN, R_JSON | R_CSRF, "api.proposal.update", proposal_body},
    {"POST", "/api/proposals/{id}/move", proposal_move_api, CAP_LOGIN, R_JSON | R_CSRF, "api.proposal.move",
     proposal_move_body},
    /* the council and its secret ballot (council_web.c): readable by the Board and the members
     * (checked in the handler), written by the Board; a vote needs ballot and the roll. */
    {"GET", "/council", council_page, CAP_LOGIN, R_HTML, "council.show", NULL},
    {"POST", "/council/members", council_member_page, CAP_APPRAISE, R_HTML | R_CSRF, "council.member.add", NULL},
    {"POST", "/council/meetings", council_meeting_new_page, CAP_APPRAISE, R_HTML | R_CSRF, "council.meeting.new", NULL},
    {"GET", "/council/meetings/{id}", council_meeting_page, CAP_LOGIN, R_HTML, "council.meeting.show", NULL},
    {"GET", "/council/meetings/{id}/minutes.pdf", council_minutes_page, CAP_LOGIN, R_HTML, "council.minutes", NULL},
    {"POST", "/council/meetings/{id}/items", council_item_new_page, CAP_APPRAISE, R_HTML | R_CSRF, "council.item.add", NULL},
    {"POST", "/council/meetings/{id}/close", council_close_page, CAP_APPRAISE, R_HTML | R_CSRF, "council.meeting.close", NULL},
    {"POST", "/council/items/{id}/vote", ballot_page, CAP_BALLOT, R_HTML | R_CSRF, "council.vote", NULL},
    {"GET", "/api/council/members", council_members_api, CAP_LOGIN, R_JSON, "api.council.members", NULL},
    {"POST", "/api/council/members", council_members_api, CAP_APPRAISE, R_JSON | R_CSRF, "api.council.member.add",
     council_member_body},
    {"GET", "/api/council/meetings", council_meetings_api, CAP_LOGIN, R_JSON, "api.council.meetings", NULL},
    {"POST", "/api/council/meetings", council_meetings_api, CAP_APPRAISE, R_JSON | R_CSRF, "api.council.meeting.create",
     council_meeting_body},
    {"GET", "/api/council/meetings/{id}", council_meeting_api, CAP_LOGIN, R_JSON, "api.council.meeting.show", NULL},
    {"POST", "/api/council/meetings/{id}/items", council_items_api, CAP_APPRAISE, R_JSON | R_CSRF, "api.council.item.add",
     council_item_body},
    {"POST", "/api/council/meetings/{id}/close", council_close_api, CAP_APPRAISE, R_JSON | R_CSRF,
     "api.council.meeting.close", api_no_body},
    {"POST", "/api/council/items/{id}/vote", ballot_api, CAP_BALLOT, R_JSON | R_CSRF, "api.council.vote", ballot_body},
    /* decisions and certificates (decision_web.c, certificate_web.c): the Board's */
    {"GET", "/decisions", decisions_page, CAP_APPRAISE, R_HTML, "decision.list", NULL},
    {"GET POST", "/decisions/new", decision_new_page, CAP_APPRAISE, R_HTML | R_CSRF, "decision.new", NULL},
    {"GET", "/decisions/{id}", decision_page, CAP_APPRAISE, R_HTML, "decision.show", NULL},
    {"GET POST", "/decisions/{id}/edit", decision_edit_page, CAP_APPRAISE, R_HTML | R_CSRF, "decision.edit", NULL},
    {"POST", "/decisions/{id}/delete", decision_delete_page, CAP_APPRAISE, R_HTML | R_CSRF, "decision.delete", NULL},
    {"POST", "/decisions/{id}/sign", decision_sign_page, CAP_APPRAISE, R_HTML | R_CSRF, "decision.sign", NULL},
    {"POST", "/decisions/{id}/revoke", decision_revoke_page, CAP_APPRAISE, R_HTML | R_CSRF, "decision.revoke", NULL},
    {"GET", "/decisions/{id}/decision.pdf", decision_pdf_page, CAP_APPRAISE, R_HTML, "decision.pdf", NULL},
    {"GET", "/decisions/{id}/recipients", decision_recipients_page, CAP_APPRAISE, R_HTML, "decision.recipients", NULL},
    {"GET", "/decisions/{id}/certificates.pdf", certificates_pdf_page, CAP_APPRAISE, R_HTML, "certificate.pdf", NULL},
    {"GET POST", "/certificates/blanks", certificate_blanks_page, CAP_APPRAISE, R_HTML | R_CSRF, "certificate.blanks", NULL},
    {"GET", "/api/decisions", decisions_api, CAP_APPRAISE, R_JSON, "api.decision.list", NULL},
    {"POST", "/api/decisions", decisions_api, CAP_APPRAISE, R_JSON | R_CSRF, "api.decision.create", decision_body},
    {"GET", "/api/decisions/{id}", decision_api, CAP_APPRAISE, R_JSON, "api.decision.show", NULL},
    {"PATCH", "/api/decisions/{id}", decision_api, CAP_APPRAISE, R_JSON | R_CSRF, "api.decision.update", decision_body},
    {"DELETE", "/api/decisions/{id}", decision_api, CAP_APPRAISE, R_JSON | R_CSRF, "api.decision.delete", api_no_body},
    {"POST", "/api/decisions/{id}/sign", decision_sign_api, CAP_APPRAISE, R_JSON | R_CSRF, "api.decision.sign",
     decision_sign_body},
    {"POST", "/api/decisions/{id}/revoke", decision_revoke_api, CAP_APPRAISE, R_JSON | R_CSRF, "api.decision.revoke",
     decision_revoke_body},
    /* public: the published decisions and the certificates' verification page (no login) */
    {"GET", "/published/decisions", published_decisions_page, CAP_PUBLIC, R_HTML, "decision.published", NULL},
    {"GET", "/verify/{code}", verify_page, CAP_PUBLIC, R_HTML, "certificate.verify", NULL},
    {0},
};

static const struct nav_entry award_nav[] = {
    {"/proposals", "Hồ sơ khen thưởng", NULL, CAP_DOSSIER_WRITE, NAV_MENU},
    {"/proposals", "Hồ sơ đề nghị khen thưởng", "Lập, gửi, tiếp nhận, thẩm định hồ sơ; hạn xử lý theo ngày làm việc",
     CAP_DOSSIER_WRITE, NAV_CARD},
    {"/council", "Hội đồng", NULL, CAP_APPRAISE, NAV_MENU},
    {"/council", "Hội đồng Thi đua – Khen thưởng", "Phiên họp, bỏ phiếu kín, kiểm phiếu", CAP_BALLOT, NAV_MENU | NAV_CARD},
    {"/decisions", "Quyết định", NULL, CAP_APPRAISE, NAV_MENU},
    {"/decisions", "Quyết định khen thưởng", "Soạn, ghi ký, cấp số, in bằng khen, thu hồi", CAP_APPRAISE, NAV_CARD},
    {0},
};

const struct feature award_feature = {"award", award_routes, award_nav, NULL};
