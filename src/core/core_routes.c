/* core_routes.c: what the core services with pages add to the web face: the audit log and the
 * working-day calendar, each as a feature with its routes (security policy per row, enforced by
 * web.c), menu entry and home card. */
#include "api.h"
#include "core_pages.h"
#include "holiday.h"
#include "stored_file.h"

static const struct route audit_routes[] = {
    /* audit (audit_web.c) */
    {"GET", "/audit", audit_page, CAP_AUDIT_READ, R_HTML, "audit.list", NULL},
    {"GET", "/audit/verify", audit_verify_page, CAP_AUDIT_READ, R_HTML, "audit.verify", NULL},
    {"GET", "/audit/{id}", audit_entry_page, CAP_AUDIT_READ, R_HTML, "audit.show", NULL},
    {"GET", "/api/audit", audit_api, CAP_AUDIT_READ, R_JSON, "audit.api.list", NULL},
    {"GET", "/api/audit/verify", audit_verify_api, CAP_AUDIT_READ, R_JSON, "audit.api.verify", NULL},
    {0},
};
static const struct nav_entry audit_nav[] = {
    {"/audit", "Nhật ký", NULL, CAP_AUDIT_READ, NAV_MENU},
    {"/audit", "Nhật ký kiểm toán", "Mọi thay đổi, chuỗi băm chống sửa", CAP_AUDIT_READ, NAV_CARD},
    {0},
};
const struct feature audit_feature = {"audit", audit_routes, audit_nav, NULL};

static const struct route holiday_routes[] = {
    /* the working-day calendar (holiday_web.c) */
    {"GET", "/holidays", holidays_page, CAP_LOGIN, R_HTML, "holiday.list", NULL},
    {"POST", "/holidays", holiday_amend_page, CAP_SETTINGS, R_HTML | R_CSRF, "holiday.amend", NULL},
    {"GET", "/holidays/{id}/files", holiday_files_page, CAP_LOGIN, R_HTML, "holiday.files", NULL},
    {"POST", "/holidays/{id}/files", holiday_files_upload_page, CAP_SETTINGS, R_HTML | R_CSRF | R_UPLOAD, "holiday.files.upload", NULL},
    {"POST", "/holidays/{id}/delete", holiday_delete_page, CAP_SETTINGS, R_HTML | R_CSRF, "holiday.delete", NULL},
    {"GET", "/api/holidays", holidays_api, CAP_LOGIN, R_JSON, "api.holiday.list", NULL},
    {"POST", "/api/holidays", holiday_amend_api, CAP_SETTINGS, R_JSON | R_CSRF, "api.holiday.amend", holiday_amend_body},
    {"DELETE", "/api/holidays/{id}", holiday_delete_api, CAP_SETTINGS, R_JSON | R_CSRF, "api.holiday.delete", api_no_body},
    {"GET", "/api/workdays", workdays_api, CAP_LOGIN, R_JSON, "api.workdays", NULL},
    {0},
};
static const struct nav_entry holiday_nav[] = {
    {"/holidays", "Lịch nghỉ lễ", NULL, CAP_LOGIN, NAV_MENU},
    {"/holidays", "Lịch nghỉ lễ, Tết", "Ngày nghỉ, làm bù và cách tính hạn theo ngày làm việc", CAP_LOGIN, NAV_CARD},
    {0},
};
const struct feature holiday_feature = {"holiday", holiday_routes, holiday_nav, NULL};

static const struct route register_routes[] = {
    /* numbering registers (numbering_web.c): for holders of appraise OR settings (the Board's
     * officers and the administrators); a row names one capability, so the rows ask for a
     * signed-in user and the handlers answer 403 to others (numbering_may_void) */
    {"GET", "/registers", registers_page, CAP_LOGIN, R_HTML, "register.list", NULL},
    {"GET", "/registers/{kind}/{owner}/{year}", register_page, CAP_LOGIN, R_HTML, "register.show", NULL},
    {"POST", "/registers/{kind}/{owner}/{year}/{number}/void", register_void_page, CAP_LOGIN, R_HTML | R_CSRF,
     "register.void", NULL},
    {0},
};
static const struct nav_entry register_nav[] = {
    {"/registers", "Sổ đăng ký số", "Số biên nhận, số quyết định: liên tục, không trùng; số hủy kèm lý do", CAP_APPRAISE, NAV_CARD},
    {"/registers", "Sổ đăng ký số", "Số biên nhận, số quyết định: liên tục, không trùng; số hủy kèm lý do", CAP_SETTINGS, NAV_CARD},
    {0},
};
const struct feature register_feature = {"register", register_routes, register_nav, NULL};

static const struct route file_routes[] = {
    /* stored files (stored_file.c): served only to whom the owner kind's registration allows,
     * and only when attached to that record; everything else is a 404 */
    {"GET", "/files/{kind}/{owner}/{id}", file_download_page, CAP_PUBLIC, R_HTML, "file.download", NULL},
    {0},
};
const struct feature file_feature = {"file", file_routes, NULL, NULL};

void core_file_owners_register(void)
{
    /* an amendment's documents: as public as the calendar itself (any signed-in user) */
    file_owner_register(HOLIDAY_FILE_OWNER, CAP_LOGIN, NULL);
}
