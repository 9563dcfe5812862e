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
