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
    /* users and roles (user.c); a handler also checks the target's unit scope */
    {"GET", "/users", users_page, CAP_USER_ADMIN, R_HTML, "user.list"},
    {"GET POST", "/users/new", user_new_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.new"},
    {"GET POST", "/users/{id}", user_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.show"},
    {"POST", "/users/{id}/password", user_password_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.password"},
    {"POST", "/users/{id}/disable", user_disable_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.disable"},
    {"POST", "/users/{id}/enable", user_enable_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.enable"},
    {"GET", "/roles", roles_page, CAP_USER_ADMIN, R_HTML, "role.list"},
    {"GET POST", "/roles/{name}", role_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "role.edit"},
    {"GET POST", "/api/users", users_api, CAP_USER_ADMIN, R_JSON | R_CSRF, "api.user.list"},
    {"GET PATCH", "/api/users/{id}", user_api, CAP_USER_ADMIN, R_JSON | R_CSRF, "api.user"},
    {"GET", "/api/roles", roles_api, CAP_USER_ADMIN, R_JSON, "api.role.list"},
    /* one's own account (account.c) */
    {"GET POST", "/account", account_page, CAP_LOGIN, R_HTML | R_CSRF, "account"},
    {"POST", "/account/password", account_password_page, CAP_LOGIN, R_HTML | R_CSRF, "account.password"},
    {"POST", "/account/tokens", account_token_new_page, CAP_LOGIN, R_HTML | R_CSRF, "account.token.new"},
    {"POST", "/account/tokens/{id}/revoke", account_token_revoke_page, CAP_LOGIN, R_HTML | R_CSRF, "account.token.revoke"},
    {"POST", "/account/totp/start", account_totp_start_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.start"},
    {"POST", "/account/totp/confirm", account_totp_confirm_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.confirm"},
    {"POST", "/account/totp/disable", account_totp_disable_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.disable"},
    {"GET", "/api/account", account_api, CAP_LOGIN, R_JSON, "api.account"},
    {"POST", "/api/account/password", account_password_api, CAP_LOGIN, R_JSON | R_CSRF, "api.account.password"},
    {"GET POST", "/api/tokens", tokens_api, CAP_LOGIN, R_JSON | R_CSRF, "api.token.list"},
    {"POST", "/api/tokens/{id}/revoke", token_revoke_api, CAP_LOGIN, R_JSON | R_CSRF, "api.token.revoke"},
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
