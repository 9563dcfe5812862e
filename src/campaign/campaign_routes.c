/* campaign_routes.c: what the campaign feature adds to the web face: its routes with their
 * security policy (web.c enforces each row before the handler runs; tests/authz/matrix.tsv states
 * what every role gets), its menu entry and home card. The campaign list and a campaign's page
 * (groups, targets, statuses) and their JSON are public: anyone may read a launched campaign;
 * drafts are the Board's (campaign_of_path). Writes: the Board (campaign.write) runs campaigns
 * and decides reports; reporters (report.write) send reports; a change to a report is open to
 * any signed-in user at the door and decided by report.c (a reporter in scope before the close,
 * the administrator after it). Block scoring sheets are read by signed-in users and written by the
 * Board. News posts (published) and the anniversary calendar are public; the Board writes them.
 * Literal paths come before /campaigns/{id}. */
#include "campaign_pages.h"
#include "html.h"
#include "news.h"
#include "stored_file.h"

static const struct route campaign_routes[] = {
    {"GET", "/campaigns", campaigns_page, CAP_PUBLIC, R_HTML | R_CACHE, "campaign.list", NULL},
    {"GET POST", "/campaigns/new", campaign_new_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.new", NULL},
    {"GET", "/campaigns/{id}", campaign_page, CAP_PUBLIC, R_HTML | R_CACHE, "campaign.show", NULL},
    {"GET", "/campaigns/{id}/export", campaign_export_page, CAP_PUBLIC, R_HTML, "campaign.export", NULL},
    {"GET", "/campaigns/{id}/report.pdf", campaign_report_pdf_page, CAP_LOGIN, R_HTML, "campaign.report_pdf", NULL},
    {"GET POST", "/campaigns/{id}/edit", campaign_edit_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.edit", NULL},
    {"POST", "/campaigns/{id}/status", campaign_status_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.status", NULL},
    {"GET", "/campaigns/{id}/reports", campaign_reports_page, CAP_LOGIN, R_HTML | R_CACHE, "report.list", NULL},
    {"GET", "/campaigns/{id}/reports/export", campaign_reports_export_page, CAP_LOGIN, R_HTML, "report.export", NULL},
    {"GET POST", "/campaigns/{id}/reports/new", report_new_page, CAP_REPORT_WRITE, R_HTML | R_CSRF | R_UPLOAD, "report.new", NULL},
    {"GET", "/reports/{id}", report_page, CAP_LOGIN, R_HTML | R_CACHE, "report.show", NULL},
    {"POST", "/reports/{id}/versions", report_change_page, CAP_LOGIN, R_HTML | R_CSRF | R_UPLOAD, "report.change", NULL},
    {"POST", "/reports/{id}/decision", report_decision_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "report.decide", NULL},
    {"GET", "/scoring/{id}", scoring_page, CAP_LOGIN, R_HTML | R_CACHE, "scoring.show", NULL},
    {"GET", "/scoring/{id}/export", scoring_export_page, CAP_LOGIN, R_HTML, "scoring.export", NULL},
    {"GET", "/scoring/{id}/units/{unit}", scoring_unit_page, CAP_LOGIN, R_HTML | R_CACHE, "scoring.unit", NULL},
    {"POST", "/scoring/{id}/entries", scoring_entry_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.entry", NULL},
    {"POST", "/scoring/{id}/propose", scoring_propose_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.propose", NULL},
    {"GET POST", "/campaigns/{id}/scoring/new", scoring_new_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.new", NULL},
    {"GET POST", "/scoring/{id}/criteria/new", scoring_criterion_new_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.criterion.new", NULL},
    {"GET POST", "/scoring/{id}/criteria/{crit}", scoring_criterion_edit_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.criterion.edit", NULL},
    {"POST", "/scoring/{id}/criteria/{crit}/remove", scoring_criterion_remove_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.criterion.remove", NULL},
    {"POST", "/scoring/{id}/criteria/{crit}/move", scoring_criterion_move_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.criterion.move", NULL},
    {"GET POST", "/scoring/{id}/edit", scoring_edit_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.edit", NULL},
    {"GET POST", "/scoring/{id}/grid", scoring_grid_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "scoring.grid", NULL},
    {"GET POST", "/campaigns/{id}/news/new", news_new_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF | R_UPLOAD, "news.new", NULL},
    {"GET", "/news/{id}", news_page, CAP_PUBLIC, R_HTML | R_CACHE, "news.show", NULL},
    {"POST", "/news/{id}/publish", news_publish_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "news.publish", NULL},
    {"GET", "/anniversaries", anniversaries_page, CAP_PUBLIC, R_HTML | R_CACHE, "anniversary.list", NULL},
    {"POST", "/anniversaries", anniversary_add_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "anniversary.add", NULL},
    {"GET", "/api/campaigns", campaigns_api, CAP_PUBLIC, R_JSON | R_CACHE, "api.campaign.list", NULL},
    {"POST", "/api/campaigns", campaigns_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.create", campaign_body},
    {"GET", "/api/campaigns/{id}", campaign_api, CAP_PUBLIC, R_JSON | R_CACHE, "api.campaign.show", NULL},
    {"PATCH", "/api/campaigns/{id}", campaign_print_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.print", campaign_print_body},
    {"POST", "/api/campaigns/{id}/status", campaign_status_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.status", campaign_status_body},
    {"POST", "/api/campaigns/{id}/groups", campaign_groups_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.group", campaign_group_body},
    {"POST", "/api/campaigns/{id}/occasions", campaign_occasions_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.occasion", campaign_occasion_body},
    {"POST", "/api/campaigns/{id}/targets", campaign_targets_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.target", campaign_target_body},
    {"GET", "/api/campaigns/{id}/reports", campaign_reports_api, CAP_LOGIN, R_JSON | R_CACHE, "api.report.list", NULL},
    {"POST", "/api/reports", reports_api, CAP_REPORT_WRITE, R_JSON | R_CSRF, "api.report.submit", report_body},
    {"GET", "/api/reports/{id}", report_api, CAP_LOGIN, R_JSON | R_CACHE, "api.report.show", NULL},
    {"POST", "/api/reports/{id}/versions", report_versions_api, CAP_LOGIN, R_JSON | R_CSRF, "api.report.change", report_version_body},
    {"POST", "/api/reports/{id}/decision", report_decision_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.report.decide", report_decision_body},
    {"POST", "/api/campaigns/{id}/scoring", scoring_sheets_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.create", scoring_sheet_body},
    {"GET", "/api/scoring/{id}", scoring_api, CAP_LOGIN, R_JSON | R_CACHE, "api.scoring.show", NULL},
    {"PATCH", "/api/scoring/{id}", scoring_sheet_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.update", scoring_sheet_edit_body},
    {"POST", "/api/scoring/{id}/entries", scoring_entries_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.entry", scoring_entry_body},
    {"POST", "/api/scoring/{id}/propose", scoring_propose_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.propose", api_no_body},
    {"POST", "/api/scoring/{id}/criteria", scoring_criteria_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.criterion.add", scoring_criterion_body},
    {"POST", "/api/scoring/{id}/criteria/{crit}", scoring_criterion_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.criterion.change", scoring_criterion_body},
    {"POST", "/api/scoring/{id}/criteria/{crit}/remove", scoring_criterion_remove_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.criterion.remove", api_no_body},
    {"POST", "/api/scoring/{id}/criteria/{crit}/move", scoring_criterion_move_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.criterion.move", scoring_move_body},
    {"POST", "/api/scoring/{id}/grid", scoring_grid_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.scoring.grid", scoring_grid_body},
    {"POST", "/api/campaigns/{id}/news", campaign_news_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.news.create", news_body},
    {"GET", "/api/news/{id}", news_api, CAP_PUBLIC, R_JSON | R_CACHE, "api.news.show", NULL},
    {"POST", "/api/news/{id}/publish", news_publish_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.news.publish", api_no_body},
    /* editing what was added (campaign_edit_web.c, news_web.c) */
    {"GET POST", "/campaigns/{id}/targets/{target}/edit", campaign_target_edit_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.target.edit", NULL},
    {"POST", "/campaigns/{id}/targets/{target}/remove", campaign_target_remove_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.target.remove", NULL},
    {"GET POST", "/campaigns/{id}/groups/{group}/edit", campaign_group_edit_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.group.edit", NULL},
    {"GET POST", "/campaigns/{id}/groups/{group}/remove", campaign_group_remove_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.group.remove", NULL},
    {"GET POST", "/campaigns/{id}/occasions/{occasion}/edit", campaign_occasion_edit_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.occasion.edit", NULL},
    {"POST", "/campaigns/{id}/occasions/{occasion}/remove", campaign_occasion_remove_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.occasion.remove", NULL},
    {"POST", "/campaigns/{id}/participants", campaign_participant_add_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.participant.add", NULL},
    {"POST", "/campaigns/{id}/participants/{participant}/remove", campaign_participant_remove_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "campaign.participant.remove", NULL},
    {"GET POST", "/news/{id}/edit", news_edit_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF | R_UPLOAD, "news.edit", NULL},
    {"POST", "/news/{id}/unpublish", news_unpublish_page, CAP_CAMPAIGN_WRITE, R_HTML | R_CSRF, "news.unpublish", NULL},
    {"PATCH", "/api/campaigns/{id}/targets/{target}", campaign_target_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.target.update", campaign_target_edit_body},
    {"DELETE", "/api/campaigns/{id}/targets/{target}", campaign_target_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.target.remove", api_no_body},
    {"PATCH", "/api/campaigns/{id}/groups/{group}", campaign_group_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.group.update", campaign_group_edit_body},
    {"DELETE", "/api/campaigns/{id}/groups/{group}", campaign_group_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.group.remove", api_no_body},
    {"PATCH", "/api/campaigns/{id}/occasions/{occasion}", campaign_occasion_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.occasion.update", campaign_occasion_edit_body},
    {"DELETE", "/api/campaigns/{id}/occasions/{occasion}", campaign_occasion_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.occasion.remove", api_no_body},
    {"POST", "/api/campaigns/{id}/participants", campaign_participants_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.participant.add", campaign_participant_body},
    {"DELETE", "/api/campaigns/{id}/participants/{participant}", campaign_participant_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.campaign.participant.remove", api_no_body},
    {"PATCH", "/api/news/{id}", news_update_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.news.update", news_edit_body},
    {"POST", "/api/news/{id}/unpublish", news_unpublish_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.news.unpublish", api_no_body},
    {"GET", "/api/anniversaries", anniversaries_api, CAP_PUBLIC, R_JSON | R_CACHE, "api.anniversary.list", NULL},
    {"POST", "/api/anniversaries", anniversaries_api, CAP_CAMPAIGN_WRITE, R_JSON | R_CSRF, "api.anniversary.add", anniversary_body},
    {0},
};

static const struct nav_entry campaign_nav[] = {
    {"/campaigns", "Phong trào", NULL, CAP_PUBLIC, NAV_MENU},
    {"/anniversaries", "Lịch kỷ niệm", NULL, CAP_PUBLIC, NAV_MENU},
    {"/campaigns", "Phong trào thi đua", "Nhóm nội dung, chỉ tiêu, báo cáo tiến độ và tình trạng từng chỉ tiêu", CAP_LOGIN, NAV_CARD},
    {0},
};

/* News photos are public once the post is published (the Board sees drafts'). */
static bool news_visible(req *r, int64_t news_id)
{
    char *status = NULL;
    if (store_text(r->db, &status, &r->a, "SELECT status FROM campaign_news WHERE id = $1", "i", news_id) != 1) return false;
    return str_eq(status, "published") || web_has_cap(r, CAP_CAMPAIGN_WRITE);
}

void campaign_file_owners_register(void)
{
    /* evidence of progress reports: signed-in users, as the reports themselves */
    file_owner_register(REPORT_FILE_OWNER, CAP_LOGIN, NULL);
    file_owner_register(NEWS_FILE_OWNER, CAP_PUBLIC, news_visible);
}

const struct feature campaign_feature = {"campaign", campaign_routes, campaign_nav, NULL};
