/* people_routes.c: what the people feature (users, roles, one's own account, signing in and
 * out) adds to the web face: its routes with their security policy (web.c enforces each row
 * before the handler runs; a handler also checks the target's unit scope), its menu entry and
 * home cards. */
#include "people_pages.h"

static const struct route people_routes[] = {
    /* signing in and out (login_web.c) */
    {"GET POST", "/login", login_page, CAP_PUBLIC, R_HTML, "login", NULL},
    {"POST", "/logout", logout_page, CAP_LOGIN, R_HTML | R_CSRF | R_PWCHANGE, "logout", NULL},
    /* users and roles (user_web.c, role_web.c); a handler also checks the target's unit scope */
    {"GET", "/users", users_page, CAP_USER_ADMIN, R_HTML, "user.list", NULL},
    {"GET POST", "/users/new", user_new_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.new", NULL},
    {"GET POST", "/users/{id}", user_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.show", NULL},
    {"POST", "/users/{id}/password", user_password_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.password", NULL},
    {"POST", "/users/{id}/disable", user_disable_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.disable", NULL},
    {"POST", "/users/{id}/enable", user_enable_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "user.enable", NULL},
    {"GET", "/roles", roles_page, CAP_USER_ADMIN, R_HTML, "role.list", NULL},
    {"GET POST", "/roles/{name}", role_page, CAP_USER_ADMIN, R_HTML | R_CSRF, "role.edit", NULL},
    {"GET POST", "/api/users", users_api, CAP_USER_ADMIN, R_JSON | R_CSRF, "api.user.list", user_create_body},
    {"GET PATCH", "/api/users/{id}", user_api, CAP_USER_ADMIN, R_JSON | R_CSRF, "api.user", user_update_body},
    {"GET", "/api/roles", roles_api, CAP_USER_ADMIN, R_JSON, "api.role.list", NULL},
    /* one's own account (account_web.c) */
    {"GET POST", "/account", account_page, CAP_LOGIN, R_HTML | R_CSRF | R_PWCHANGE, "account", NULL},
    {"POST", "/account/password", account_password_page, CAP_LOGIN, R_HTML | R_CSRF | R_PWCHANGE, "account.password", NULL},
    {"POST", "/account/tokens", account_token_new_page, CAP_LOGIN, R_HTML | R_CSRF, "account.token.new", NULL},
    {"POST", "/account/tokens/{id}/revoke", account_token_revoke_page, CAP_LOGIN, R_HTML | R_CSRF, "account.token.revoke", NULL},
    {"POST", "/account/totp/start", account_totp_start_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.start", NULL},
    {"POST", "/account/totp/confirm", account_totp_confirm_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.confirm", NULL},
    {"POST", "/account/totp/disable", account_totp_disable_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.disable", NULL},
    {"GET", "/api/account", account_api, CAP_LOGIN, R_JSON | R_PWCHANGE, "api.account", NULL},
    {"POST", "/api/account/password", account_password_api, CAP_LOGIN, R_JSON | R_CSRF | R_PWCHANGE, "api.account.password", account_password_body},
    {"GET POST", "/api/tokens", tokens_api, CAP_LOGIN, R_JSON | R_CSRF, "api.token.list", token_create_body},
    {"POST", "/api/tokens/{id}/revoke", token_revoke_api, CAP_LOGIN, R_JSON | R_CSRF, "api.token.revoke", api_no_body},
    {0},
};

static const struct nav_entry people_nav[] = {
    {"/users", "Người dùng", "Tài khoản, vai trò, phạm vi đơn vị", CAP_USER_ADMIN, NAV_MENU | NAV_CARD},
    {"/account", "Tài khoản của tôi", "Đổi mật khẩu, mã truy cập API, xác thực 2 lớp", CAP_LOGIN, NAV_CARD},
    {0},
};

const struct feature people_feature = {"people", people_routes, people_nav, NULL};
