/* org_pages.h: the page and API handlers of units and emulation blocks, for the org
 * feature's routes (org_routes.c). */
#ifndef THIDUA_ORG_PAGES_H
#define THIDUA_ORG_PAGES_H
#include "api.h"
#include "web.h"

/* The JSON bodies of the org write routes (api.h), declared on their rows in org_routes.c. */
extern const struct api_member unit_body[];          /* POST /api/units, PATCH /api/units/{id} */
extern const struct api_member reorganise_body[];    /* POST /api/units/reorganise */
extern const struct api_member block_body[];         /* POST /api/blocks, PATCH /api/blocks/{id} */
extern const struct api_member block_member_body[];  /* POST /api/blocks/{id}/members */
extern const struct api_member block_leader_body[];  /* PUT /api/blocks/{id}/leaders/{year} */

/* unit_web.c, reorganise_web.c */
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
/* block_web.c */
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
#endif
