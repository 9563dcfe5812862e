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
    /* units (unit.c); literal paths before /units/{id}. Writes also check the unit scope. */
    {"GET", "/units", units_page, CAP_UNIT_READ, R_HTML, "unit.list"},
    {"GET POST", "/units/new", unit_new_page, CAP_UNIT_WRITE, R_HTML | R_CSRF, "unit.new"},
    {"GET POST", "/units/import", units_import_page, CAP_UNIT_WRITE, R_HTML | R_CSRF | R_UPLOAD, "unit.import"},
    {"GET", "/units/export.csv", units_export_page, CAP_UNIT_READ, R_HTML, "unit.export"},
    {"GET", "/units/{id}", unit_page, CAP_UNIT_READ, R_HTML, "unit.show"},
    {"GET POST", "/units/{id}/edit", unit_edit_page, CAP_UNIT_WRITE, R_HTML | R_CSRF, "unit.edit"},
    {"GET POST", "/units/{id}/reorganise", unit_reorganise_page, CAP_UNIT_WRITE, R_HTML | R_CSRF, "unit.reorganise"},
    {"GET", "/api/units", units_api, CAP_UNIT_READ, R_JSON, "api.unit.list"},
    {"POST", "/api/units", units_api, CAP_UNIT_WRITE, R_JSON | R_CSRF, "api.unit.create"},
    {"POST", "/api/units/import", units_import_api, CAP_UNIT_WRITE, R_JSON | R_CSRF | R_UPLOAD, "api.unit.import"},
    {"POST", "/api/units/reorganise", units_reorganise_api, CAP_UNIT_WRITE, R_JSON | R_CSRF, "api.unit.reorganise"},
    {"GET", "/api/units/{id}", unit_api, CAP_UNIT_READ, R_JSON, "api.unit.show"},
    {"PATCH", "/api/units/{id}", unit_api, CAP_UNIT_WRITE, R_JSON | R_CSRF, "api.unit.update"},
    {"GET", "/api/units/{id}/lineage", unit_lineage_api, CAP_UNIT_READ, R_JSON, "api.unit.lineage"},
    /* emulation blocks (block.c) */
    {"GET", "/blocks", blocks_page, CAP_UNIT_READ, R_HTML, "block.list"},
    {"GET POST", "/blocks/new", block_new_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.new"},
    {"GET", "/blocks/{id}", block_page, CAP_UNIT_READ, R_HTML, "block.show"},
    {"GET POST", "/blocks/{id}/edit", block_edit_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.edit"},
    {"POST", "/blocks/{id}/members", block_member_add_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.member.add"},
    {"POST", "/blocks/{id}/members/{unit}/remove", block_member_remove_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.member.remove"},
    {"POST", "/blocks/{id}/leaders", block_leader_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.leader"},
    {"GET", "/api/blocks", blocks_api, CAP_UNIT_READ, R_JSON, "api.block.list"},
    {"POST", "/api/blocks", blocks_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.create"},
    {"GET", "/api/blocks/{id}", block_api, CAP_UNIT_READ, R_JSON, "api.block.show"},
    {"PATCH", "/api/blocks/{id}", block_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.update"},
    {"POST", "/api/blocks/{id}/members", block_members_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.member.add"},
    {"DELETE", "/api/blocks/{id}/members/{unit}", block_members_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.member.remove"},
    {"PUT", "/api/blocks/{id}/leaders/{year}", block_leader_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.leader"},
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
