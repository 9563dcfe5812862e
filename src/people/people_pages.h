/* people_pages.h: the page and API handlers of users, roles and one's own account, and the
 * JSON bodies they accept, for the people feature's routes (people_routes.c). */
#ifndef THIDUA_PEOPLE_PAGES_H
#define THIDUA_PEOPLE_PAGES_H
#include "api.h"
#include "web.h"

/* login_web.c */
void login_page(req *r);
void logout_page(req *r);
/* user_web.c */
void users_page(req *r);
void user_new_page(req *r);
void user_page(req *r);
void user_password_page(req *r);
void user_disable_page(req *r);
void user_enable_page(req *r);
void users_api(req *r);
void user_api(req *r);
extern const struct api_member user_create_body[], user_update_body[];   /* for the routes */
/* A checkbox field of a people form (user_web.c; the role form uses it too). */
void people_checkbox(req *r, const char *name, const char *value, const char *label, bool checked);
/* role_web.c */
void roles_page(req *r);
void role_page(req *r);
void roles_api(req *r);
/* account_web.c */
void account_page(req *r);
void account_password_page(req *r);
void account_token_new_page(req *r);
void account_token_revoke_page(req *r);
void account_totp_start_page(req *r);
void account_totp_confirm_page(req *r);
void account_totp_disable_page(req *r);
void account_api(req *r);
void account_password_api(req *r);
void tokens_api(req *r);
void token_revoke_api(req *r);
extern const struct api_member account_password_body[], token_create_body[];   /* for the routes */
#endif
