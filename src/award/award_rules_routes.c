/* award_rules_routes.c: what the first half of commendation adds to the web face, as its own
 * feature "award-rules" (award-flow registers the folder's other feature in award_routes.c): the
 * routes of the rule base, subjects and history, eligibility, the public lookup and statistics
 * 0603.N, with their security policy (web.c enforces each row before the handler runs; the
 * domain also checks capability and scope on every write; tests/authz/matrix.tsv has a row for
 * each), and the menu entries and home cards. Literal paths come before {id} paths. */
#include "award_rules_pages.h"
#include "html.h"

static const struct route award_rules_routes[] = {
    /* the rule base (award_rules_web.c) */
    {"GET", "/award-rules", award_rules_page, CAP_UNIT_READ, R_HTML, "award.rule.list", NULL},
    {"GET POST", "/award-rules/new", award_rule_new_page, CAP_SETTINGS, R_HTML | R_CSRF, "award.rule.new", NULL},
    {"GET", "/api/award-rules", award_rules_api, CAP_UNIT_READ, R_JSON, "api.award.rule.list", NULL},
    {"POST", "/api/award-rules", award_rules_api, CAP_SETTINGS, R_JSON | R_CSRF, "api.award.rule.add", award_rule_body},
    {"GET", "/api/award-rules/in-force", award_rules_in_force_api, CAP_UNIT_READ, R_JSON, "api.award.rule.in_force", NULL},
    {"GET", "/api/award-money", award_money_api, CAP_UNIT_READ, R_JSON, "api.award.money", NULL},
    /* subjects, history, initiatives (award_subject_web.c) */
    {"GET", "/award-subjects", award_subjects_page, CAP_UNIT_READ, R_HTML, "award.subject.list", NULL},
    {"GET POST", "/award-subjects/new", award_subject_new_page, CAP_DOSSIER_WRITE, R_HTML | R_CSRF, "award.subject.new", NULL},
    {"GET", "/award-subjects/{id}", award_subject_page, CAP_UNIT_READ, R_HTML, "award.subject.show", NULL},
    {"POST", "/award-subjects/{id}/history", award_subject_history_page, CAP_APPRAISE, R_HTML | R_CSRF, "award.history.add", NULL},
    {"POST", "/award-subjects/{id}/initiatives", award_subject_initiative_page, CAP_DOSSIER_WRITE, R_HTML | R_CSRF,
     "award.initiative.add", NULL},
    {"GET POST", "/award-history/import", award_history_import_page, CAP_APPRAISE, R_HTML | R_CSRF | R_UPLOAD,
     "award.history.import", NULL},
    {"POST", "/award-history/{id}/revoke", award_history_revoke_page, CAP_APPRAISE, R_HTML | R_CSRF, "award.history.revoke", NULL},
    {"GET", "/api/award-subjects", award_subjects_api, CAP_UNIT_READ, R_JSON, "api.award.subject.list", NULL},
    {"POST", "/api/award-subjects", award_subjects_api, CAP_DOSSIER_WRITE, R_JSON | R_CSRF, "api.award.subject.add",
     award_subject_body},
    {"GET", "/api/award-subjects/{id}", award_subject_api, CAP_UNIT_READ, R_JSON, "api.award.subject.show", NULL},
    {"PATCH", "/api/award-subjects/{id}", award_subject_api, CAP_DOSSIER_WRITE, R_JSON | R_CSRF, "api.award.subject.update",
     award_subject_body},
    {"POST", "/api/award-subjects/{id}/history", award_subject_history_api, CAP_APPRAISE, R_JSON | R_CSRF,
     "api.award.history.add", award_history_body},
    {"POST", "/api/award-subjects/{id}/initiatives", award_subject_initiatives_api, CAP_DOSSIER_WRITE, R_JSON | R_CSRF,
     "api.award.initiative.add", award_initiative_body},
    {"GET", "/api/award-subjects/{id}/eligibility", award_subject_eligibility_api, CAP_UNIT_READ, R_JSON,
     "api.award.eligibility", NULL},
    {"POST", "/api/award-history/import", award_history_import_api, CAP_APPRAISE, R_JSON | R_CSRF | R_UPLOAD,
     "api.award.history.import", api_file_body},
    {"POST", "/api/award-history/{id}/revoke", award_history_revoke_api, CAP_APPRAISE, R_JSON | R_CSRF,
     "api.award.history.revoke", award_revoke_body},
    /* who newly qualifies (eligibility_web.c): every subject judged for every form, so the reply is
     * cached until the next write (web_cache.c) */
    {"GET", "/award-eligibility", award_qualified_page, CAP_UNIT_READ, R_HTML | R_CACHE, "award.qualified", NULL},
    {"GET", "/api/award-eligibility", award_qualified_api, CAP_UNIT_READ, R_JSON | R_CACHE, "api.award.qualified", NULL},
    /* statistics 0603.N (award_stats_web.c) */
    {"GET", "/award-stats", award_stats_page, CAP_UNIT_READ, R_HTML, "award.stats", NULL},
    {"GET", "/award-stats.xlsx", award_stats_export_page, CAP_UNIT_READ, R_HTML, "award.stats.xlsx", NULL},
    {"GET", "/award-stats.csv", award_stats_export_page, CAP_UNIT_READ, R_HTML, "award.stats.csv", NULL},
    {"GET", "/api/award-stats", award_stats_api, CAP_UNIT_READ, R_JSON, "api.award.stats", NULL},
    /* the public lookup, no sign-in (award_lookup_web.c); the searches in the stricter rate class */
    {"GET", "/tra-cuu-khen-thuong", award_lookup_page, CAP_PUBLIC, R_HTML | R_SEARCH, "award.lookup", NULL},
    {"GET", "/tra-cuu-khen-thuong/{id}", award_lookup_subject_page, CAP_PUBLIC, R_HTML, "award.lookup.show", NULL},
    {"GET", "/api/public/awards", award_lookup_api, CAP_PUBLIC, R_JSON | R_SEARCH, "api.award.lookup", NULL},
    {0},
};

static const struct nav_entry award_rules_nav[] = {
    {"/award-subjects", "Đối tượng khen thưởng", NULL, CAP_UNIT_READ, NAV_MENU},
    {"/award-rules", "Quy định khen thưởng", NULL, CAP_UNIT_READ, NAV_MENU},
    {"/tra-cuu-khen-thuong", "Tra cứu khen thưởng", NULL, CAP_PUBLIC, NAV_MENU},
    {"/award-subjects", "Đối tượng và lịch sử khen thưởng",
     "Cá nhân, tập thể, hộ gia đình, doanh nghiệp; danh hiệu đã được tặng; sáng kiến", CAP_UNIT_READ, NAV_CARD},
    {"/award-eligibility", "Mới đủ điều kiện năm nay", "Ai đạt tiêu chuẩn danh hiệu, hình thức nào, kèm căn cứ và bằng chứng",
     CAP_UNIT_READ, NAV_CARD},
    {"/award-rules", "Cơ sở quy định khen thưởng", "Danh hiệu, hệ số tiền thưởng, lương cơ sở, ngưỡng bỏ phiếu theo thời gian",
     CAP_UNIT_READ, NAV_CARD},
    {"/award-stats", "Biểu thống kê 0603.N", "Khen thưởng cấp tỉnh theo đối tượng trong năm", CAP_UNIT_READ, NAV_CARD},
    {0},
};

const struct feature award_rules_feature = {"award-rules", award_rules_routes, award_rules_nav, NULL};
