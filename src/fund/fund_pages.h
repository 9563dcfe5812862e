/* fund_pages.h: the page and API handlers of fundraising, for the fund feature's routes
 * (fund_routes.c): the public pages of published funds (fund_web.c) and the managers' pages and
 * writes (fund_manage_web.c). */
#ifndef THIDUA_FUND_PAGES_H
#define THIDUA_FUND_PAGES_H
#include "api.h"
#include "fund.h"
#include "web.h"

/* The JSON bodies of the fund write routes (api.h), declared on their rows in fund_routes.c. */
extern const struct api_member fund_body[];          /* POST /api/funds */
extern const struct api_member fund_publish_body[];  /* POST /api/funds/{id}/publish */
extern const struct api_member tier_body[];          /* POST /api/funds/{id}/tiers */
extern const struct api_member disbursement_body[];  /* POST /api/funds/{id}/disbursements */
extern const struct api_member donation_body[];      /* POST /api/funds/{id}/donations */
extern const struct api_member propose_body[];       /* POST /api/funds/{id}/tiers/{tier}/propose */
extern const struct api_member donor_body[];         /* POST /api/donors */
extern const struct api_member review_decision_body[];   /* POST /api/funds/{id}/reviews/{review} */
extern const struct api_member pledge_body[];        /* POST /api/funds/{id}/pledges */
extern const struct api_member pledge_tie_body[];    /* POST /api/funds/{id}/pledges/{pledge}/tie|untie */
extern const struct api_member reversal_body[];      /* POST /api/funds/{id}/donations/{donation}/reverse */
extern const struct api_member donor_merge_body[];   /* POST /api/donors/merge */

/* Helpers of the managers' handlers (fund_manage_web.c), shared with the review and pledge pages:
 * an amount typed in a form (false with a field error); the fund of the path managed by this
 * user (false after a 404 or 403, as a page or as JSON); a domain answer as JSON (201 with the id,
 * 403 for scope, 400 with the fields). */
bool form_amount(req *r, const char *name, const char *label, int64_t *out, struct field_errors *fe);
bool managed_fund(req *r, struct fund *f);
bool api_fund(req *r, int64_t *id);
void api_result(req *r, int64_t rc, const struct field_errors *fe, const char *what);
/* Lists read by keyset (the review queue, donor duplicates): the query string of `keep` (name,
 * value pairs ended by NULL; empty values left out) and cursor_name=cursor (NULL: none), in the
 * arena; and the "← Trang trước" / "Trang sau →" links to `path` with before= / after= (NULL:
 * no such page; nothing is written when neither exists). */
const char *cursor_query(req *r, const char *const *keep, const char *cursor_name, const char *cursor);
void cursor_links(req *r, const char *path, const char *const *keep, const char *before, const char *after);

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
/* fund_review_web.c: the review queue (the fund's managers) */
void fund_reviews_page(req *r);
void fund_review_decide_page(req *r);
void fund_reviews_api(req *r);
void fund_review_decide_api(req *r);
/* fund_pledge_web.c: pledges and reversals (the fund's managers) */
void fund_pledges_page(req *r);
void fund_pledges_api(req *r);
void fund_pledge_edit_page(req *r);
void fund_pledge_delete_page(req *r);
void fund_pledge_tie_page(req *r);
void fund_pledge_untie_page(req *r);
void fund_pledge_api(req *r);
void fund_pledge_tie_api(req *r);
void fund_pledge_untie_api(req *r);
void fund_reversal_page(req *r);
void fund_reversal_api(req *r);
/* fund_donor_web.c: donor duplicates and merge (the Board: the domain decides) */
void donor_duplicates_page(req *r);
void donor_merge_page(req *r);
void donor_duplicates_api(req *r);
void donor_merge_api(req *r);
#endif
