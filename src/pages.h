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
/* unit.c */
void units_page(req *r);
void unit_new_page(req *r);
void units_import_page(req *r);
void units_export_page(req *r);
void unit_page(req *r);
void unit_edit_page(req *r);
void unit_reorganise_page(req *r);
void units_api(req *r);
void units_import_api(req *r);
void units_reorganise_api(req *r);
void unit_api(req *r);
void unit_lineage_api(req *r);
/* block.c */
void blocks_page(req *r);
void block_new_page(req *r);
void block_page(req *r);
void block_edit_page(req *r);
void block_member_add_page(req *r);
void block_member_remove_page(req *r);
void block_leader_page(req *r);
void blocks_api(req *r);
void block_api(req *r);
void block_members_api(req *r);
void block_leader_api(req *r);
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
