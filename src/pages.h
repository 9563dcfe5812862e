/* pages.h: every route handler, by resource file, for the route table (routes.c). */
#ifndef THIDUA_PAGES_H
#define THIDUA_PAGES_H
#include "web.h"
/* system.c */
void home_page(req *r);
void healthz_api(req *r);
void metrics_api(req *r);
void static_page(req *r);
/* auth.c */
void login_page(req *r);
void logout_page(req *r);
/* user.c */
void users_page(req *r);
void user_new_page(req *r);
void user_page(req *r);
void user_password_page(req *r);
void user_disable_page(req *r);
void user_enable_page(req *r);
void roles_page(req *r);
void role_page(req *r);
void users_api(req *r);
void user_api(req *r);
void roles_api(req *r);
/* account.c */
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
/* holiday.c */
void holidays_page(req *r);
void holiday_amend_page(req *r);
void holiday_delete_page(req *r);
void holidays_api(req *r);
void holiday_amend_api(req *r);
void holiday_delete_api(req *r);
void workdays_api(req *r);
/* audit.c */
void audit_page(req *r);
void audit_verify_page(req *r);
void audit_entry_page(req *r);
void audit_api(req *r);
void audit_verify_api(req *r);
#endif
