/* fund_pages.h: the page and API handlers of fundraising, for the fund feature's routes
 * (fund_routes.c): the public pages of published funds (fund_web.c) and the managers' pages and
 * writes (fund_manage_web.c). */
#ifndef THIDUA_FUND_PAGES_H
#define THIDUA_FUND_PAGES_H
#include "api.h"
#include "web.h"

/* The JSON bodies of the fund write routes (api.h), declared on their rows in fund_routes.c. */
extern const struct api_member fund_body[];          /* POST /api/funds */
extern const struct api_member fund_publish_body[];  /* POST /api/funds/{id}/publish */
extern const struct api_member tier_body[];          /* POST /api/funds/{id}/tiers */
extern const struct api_member disbursement_body[];  /* POST /api/funds/{id}/disbursements */
extern const struct api_member donation_body[];      /* POST /api/funds/{id}/donations */
extern const struct api_member propose_body[];       /* POST /api/funds/{id}/tiers/{tier}/propose */
extern const struct api_member donor_body[];         /* POST /api/donors */

/* fund_web.c: public (published funds; managers also see their drafts) */
void funds_page(req *r);
void fund_page(req *r);
void fund_donations_page(req *r);
void fund_honour_page(req *r);
void funds_api(req *r);
void fund_api(req *r);
void fund_donations_api(req *r);
void fund_honour_api(req *r);
/* fund_manage_web.c: fund.write, in the owner unit's scope */
void fund_new_page(req *r);
void fund_manage_page(req *r);
void fund_publish_page(req *r);
void fund_tier_add_page(req *r);
void fund_disburse_page(req *r);
void fund_donation_add_page(req *r);
void fund_import_page(req *r);
void fund_propose_page(req *r);
void fund_donor_add_page(req *r);
void funds_create_api(req *r);
void fund_publish_api(req *r);
void fund_tiers_api(req *r);
void fund_disbursements_api(req *r);
void fund_donations_create_api(req *r);
void fund_import_api(req *r);
void fund_propose_api(req *r);
void donors_create_api(req *r);
void fund_receipt_page(req *r);
void fund_receipt_pdf_page(req *r);
void fund_receipt_api(req *r);
#endif
