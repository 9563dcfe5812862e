/* people_routes.c: what the people feature (users, roles, one's own account, signing in and
 * out) adds to the web face: its routes with their security policy (web.c enforces each row
 * before the handler runs; a handler also checks the target's unit scope), its menu entry and
 * home cards. */
#include "core_pages.h"
#include "people_pages.h"

static const struct route people_routes[] = {
    /* sessions */
    {"GET POST", "/login", login_page, CAP_PUBLIC, R_HTML, "login"},
    {"POST", "/logout", logout_page, CAP_LOGIN, R_HTML | R_CSRF | R_PWCHANGE, "logout"},
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
    {"GET POST", "/account", account_page, CAP_LOGIN, R_HTML | R_CSRF | R_PWCHANGE, "account"},
    {"POST", "/account/password", account_password_page, CAP_LOGIN, R_HTML | R_CSRF | R_PWCHANGE, "account.password"},
    {"POST", "/account/tokens", account_token_new_page, CAP_LOGIN, R_HTML | R_CSRF, "account.token.new"},
    {"POST", "/account/tokens/{id}/revoke", account_token_revoke_page, CAP_LOGIN, R_HTML | R_CSRF, "account.token.revoke"},
    {"POST", "/account/totp/start", account_totp_start_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.start"},
    {"POST", "/account/totp/confirm", account_totp_confirm_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.confirm"},
    {"POST", "/account/totp/disable", account_totp_disable_page, CAP_LOGIN, R_HTML | R_CSRF, "account.totp.disable"},
    {"GET", "/api/account", account_api, CAP_LOGIN, R_JSON | R_PWCHANGE, "api.account"},
    {"POST", "/api/account/password", account_password_api, CAP_LOGIN, R_JSON | R_CSRF | R_PWCHANGE, "api.account.password"},
    {"GET POST", "/api/tokens", tokens_api, CAP_LOGIN, R_JSON | R_CSRF, "api.token.list"},
    {"POST", "/api/tokens/{id}/revoke", token_revoke_api, CAP_LOGIN, R_JSON | R_CSRF, "api.token.revoke"},
    {0},
};

static const struct nav_entry people_nav[] = {
    {"/users", "Người dùng", "Tài khoản, vai trò, phạm vi đơn vị", CAP_USER_ADMIN, NAV_MENU | NAV_CARD},
    {"/account", "Tài khoản của tôi", "Đổi mật khẩu, mã truy cập API, xác thực 2 lớp", CAP_LOGIN, NAV_CARD},
    {0},
};

const struct feature people_feature = {"people", people_routes, people_nav, NULL};
