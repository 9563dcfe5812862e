/* core_pages.h: the pages and API of the core services: the working-day calendar
 * (holiday_web.c) and the audit log (audit_web.c), for their routes (core_routes.c). */
#ifndef THIDUA_CORE_PAGES_H
#define THIDUA_CORE_PAGES_H
#include "api.h"
#include "web.h"

/* holiday_web.c */
void holidays_page(req *r);
void holiday_amend_page(req *r);
void holiday_delete_page(req *r);
void holidays_api(req *r);
void holiday_amend_api(req *r);
extern const struct api_member holiday_amend_body[];   /* its members, for the route */
void holiday_delete_api(req *r);
void workdays_api(req *r);
/* audit_web.c */
void audit_page(req *r);
void audit_verify_page(req *r);
void audit_entry_page(req *r);
void audit_api(req *r);
void audit_verify_api(req *r);
/* holiday_files_web.c */
void holiday_files_page(req *r);
void holiday_files_upload_page(req *r);
/* the kinds of core records that own files (stored_file.h), registered by app_start */
void core_file_owners_register(void);
/* numbering_web.c */
void registers_page(req *r);
void register_page(req *r);
void register_void_page(req *r);
/* job_web.c (routes in job_routes.c) */
void jobs_page(req *r);
void job_page(req *r);
void job_cancel_page(req *r);
void job_result_page(req *r);
void jobs_api(req *r);
void job_api(req *r);
void job_cancel_api(req *r);
/* setting_web.c (routes in setting_routes.c) */
void settings_page(req *r);
void settings_save_page(req *r);
void settings_api(req *r);
void setting_save_api(req *r);
extern const struct api_member setting_save_body[];
#endif
