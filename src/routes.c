/* routes.c: THE route table — every URL of thidua with its methods, required capability and
 * flags. This table is the security policy: web.c enforces each row before the handler runs,
 * and tests/scenario/authz.sh checks every row against every role. Keep one row per route,
 * grouped by resource. */
#include "pages.h"

const struct route routes[] = {
    /* system */
    {"GET", "/", home_page, CAP_PUBLIC, R_HTML, "home"},
    {"GET", "/healthz", healthz_api, CAP_PUBLIC, R_JSON | R_NOLOG, "healthz"},
    {"GET", "/metrics", metrics_api, CAP_PUBLIC, R_LOCAL | R_NOLOG, "metrics"},
    {"GET", "/static/{name}", static_page, CAP_PUBLIC, R_NOLOG, "static"},
    /* sessions */
    {"GET POST", "/login", login_page, CAP_PUBLIC, R_HTML, "login"},
    {"POST", "/logout", logout_page, CAP_LOGIN, R_HTML | R_CSRF, "logout"},
    /* the working-day calendar (holiday.c) */
    {"GET", "/holidays", holidays_page, CAP_LOGIN, R_HTML, "holiday.list"},
    {"POST", "/holidays", holiday_amend_page, CAP_SETTINGS, R_HTML | R_CSRF, "holiday.amend"},
    {"POST", "/holidays/{id}/delete", holiday_delete_page, CAP_SETTINGS, R_HTML | R_CSRF, "holiday.delete"},
    {"GET", "/api/holidays", holidays_api, CAP_LOGIN, R_JSON, "api.holiday.list"},
    {"POST", "/api/holidays", holiday_amend_api, CAP_SETTINGS, R_JSON | R_CSRF, "api.holiday.amend"},
    {"DELETE", "/api/holidays/{id}", holiday_delete_api, CAP_SETTINGS, R_JSON | R_CSRF, "api.holiday.delete"},
    {"GET", "/api/workdays", workdays_api, CAP_LOGIN, R_JSON, "api.workdays"},
    /* audit (audit.c) */
    {"GET", "/audit", audit_page, CAP_AUDIT_READ, R_HTML, "audit.list"},
    {"GET", "/audit/verify", audit_verify_page, CAP_AUDIT_READ, R_HTML, "audit.verify"},
    {"GET", "/audit/{id}", audit_entry_page, CAP_AUDIT_READ, R_HTML, "audit.show"},
    {"GET", "/api/audit", audit_api, CAP_AUDIT_READ, R_JSON, "audit.api.list"},
    {"GET", "/api/audit/verify", audit_verify_api, CAP_AUDIT_READ, R_JSON, "audit.api.verify"},
    {0},
};
