/* org_routes.c: what the org feature (the unit tree, reorganisations, emulation blocks) adds to
 * the web face: its routes with their security policy (web.c enforces each row before the
 * handler runs; tests/scenario/authz.sh checks every row against every role), its menu entries
 * and home cards, and its part of the home page. Literal paths come before /units/{id}. */
#include "chart.h"
#include "html.h"
#include "org_pages.h"
#include "unit.h"

static const struct route org_routes[] = {
    /* units (unit_web.c, reorganise_web.c); literal paths before /units/{id}. JSON writes declare
     * their body (org_pages.h); the domain checks capability and scope on every write. */
    {"GET", "/units", units_page, CAP_UNIT_READ, R_HTML | R_CACHE, "unit.list", NULL},
    {"GET POST", "/units/new", unit_new_page, CAP_UNIT_WRITE, R_HTML | R_CSRF, "unit.new", NULL},
    {"GET POST", "/units/import", units_import_page, CAP_UNIT_WRITE, R_HTML | R_CSRF | R_UPLOAD, "unit.import", NULL},
    {"GET", "/units/export.csv", units_export_page, CAP_UNIT_READ, R_HTML, "unit.export", NULL},
    {"GET", "/units/export.xlsx", units_export_page, CAP_UNIT_READ, R_HTML, "unit.export.xlsx", NULL},
    {"GET", "/units/{id}", unit_page, CAP_UNIT_READ, R_HTML | R_CACHE, "unit.show", NULL},
    {"GET POST", "/units/{id}/edit", unit_edit_page, CAP_UNIT_WRITE, R_HTML | R_CSRF, "unit.edit", NULL},
    {"GET POST", "/units/{id}/reorganise", unit_reorganise_page, CAP_UNIT_WRITE, R_HTML | R_CSRF, "unit.reorganise", NULL},
    {"GET", "/api/units", units_api, CAP_UNIT_READ, R_JSON | R_CACHE, "api.unit.list", NULL},
    {"POST", "/api/units", units_api, CAP_UNIT_WRITE, R_JSON | R_CSRF, "api.unit.create", unit_body},
    {"POST", "/api/units/import", units_import_api, CAP_UNIT_WRITE, R_JSON | R_CSRF | R_UPLOAD, "api.unit.import", api_file_body},
    {"POST", "/api/units/reorganise", units_reorganise_api, CAP_UNIT_WRITE, R_JSON | R_CSRF, "api.unit.reorganise", reorganise_body},
    {"GET", "/api/units/{id}", unit_api, CAP_UNIT_READ, R_JSON | R_CACHE, "api.unit.show", NULL},
    {"PATCH", "/api/units/{id}", unit_api, CAP_UNIT_WRITE, R_JSON | R_CSRF, "api.unit.update", unit_body},
    {"GET", "/api/units/{id}/lineage", unit_lineage_api, CAP_UNIT_READ, R_JSON | R_CACHE, "api.unit.lineage", NULL},
    /* emulation blocks (block_web.c) */
    {"GET", "/blocks", blocks_page, CAP_UNIT_READ, R_HTML | R_CACHE, "block.list", NULL},
    {"GET POST", "/blocks/new", block_new_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.new", NULL},
    {"GET", "/blocks/{id}", block_page, CAP_UNIT_READ, R_HTML | R_CACHE, "block.show", NULL},
    {"GET POST", "/blocks/{id}/edit", block_edit_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.edit", NULL},
    {"POST", "/blocks/{id}/members", block_member_add_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.member.add", NULL},
    {"POST", "/blocks/{id}/members/{unit}/remove", block_member_remove_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.member.remove", NULL},
    {"POST", "/blocks/{id}/leaders", block_leader_page, CAP_BLOCK_WRITE, R_HTML | R_CSRF, "block.leader", NULL},
    {"GET", "/api/blocks", blocks_api, CAP_UNIT_READ, R_JSON | R_CACHE, "api.block.list", NULL},
    {"POST", "/api/blocks", blocks_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.create", block_body},
    {"GET", "/api/blocks/{id}", block_api, CAP_UNIT_READ, R_JSON | R_CACHE, "api.block.show", NULL},
    {"PATCH", "/api/blocks/{id}", block_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.update", block_body},
    {"POST", "/api/blocks/{id}/members", block_members_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.member.add", block_member_body},
    {"DELETE", "/api/blocks/{id}/members/{unit}", block_members_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.member.remove", api_no_body},
    {"PUT", "/api/blocks/{id}/leaders/{year}", block_leader_api, CAP_BLOCK_WRITE, R_JSON | R_CSRF, "api.block.leader", block_leader_body},
    {0},
};

static const struct nav_entry org_nav[] = {
    {"/units", "Đơn vị", NULL, CAP_UNIT_READ, NAV_MENU},
    {"/blocks", "Khối thi đua", NULL, CAP_UNIT_READ, NAV_MENU},
    {"/units", "Cây đơn vị", "Sở, ban, ngành, địa phương, doanh nghiệp và lịch sử sáp nhập", CAP_UNIT_READ, NAV_CARD},
    {"/blocks", "Khối, cụm thi đua", "Thành viên, trưởng khối và phó khối theo năm", CAP_UNIT_READ, NAV_CARD},
    {0},
};

/* Current units by kind, as a bar chart linking to the tree. */
static void org_home(req *r)
{
    char today[11];
    iso_date_today(today);
    struct chart_bar bars[32];
    const char *kinds[32];
    int n = 0;
    stmt *q = store_query(r->db, "SELECT kind, count(*) FROM unit WHERE (valid_to IS NULL OR valid_to >= $1)"
                                 " AND (valid_from IS NULL OR valid_from <= $1) GROUP BY kind", "t", today);
    while (q && n < 32 && stmt_step(q) == STORE_ROW) {
        const char *kind = stmt_text_dup(q, 0, &r->a);
        const char *label = unit_kind_label(kind);
        kinds[n] = kind;
        bars[n++] = (struct chart_bar){label ? label : kind, stmt_int64(q, 1), "/units"};
    }
    stmt_finalize(q);
    /* display order of kinds, as in the tree */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && unit_kind_rank(kinds[j - 1]) > unit_kind_rank(kinds[j]); j--) {
            struct chart_bar t = bars[j]; bars[j] = bars[j - 1]; bars[j - 1] = t;
            const char *k = kinds[j]; kinds[j] = kinds[j - 1]; kinds[j - 1] = k;
        }
    if (n) chart_bars(r, "Đơn vị đang hoạt động, theo loại", bars, n);
}


const struct feature org_feature = {"org", org_routes, org_nav, org_home};
