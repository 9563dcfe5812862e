/* fund_routes.c: what the fund feature (fundraising) adds to the web face: its routes with their
 * security policy (web.c enforces each row before the handler runs; tests/scenario/authz.sh
 * checks every row against every role), its menu entry and home card. The public rows serve
 * published funds only (a fund's managers also see it before) and always mask personal data;
 * the domain checks capability and the owner unit's scope on every write. The donation searches
 * are public searches (R_SEARCH): anonymous callers get the stricter rate-limit class. Literal paths come
 * before /funds/{id}. */
#include "fund_pages.h"

static const struct route fund_routes[] = {
    /* public (fund_web.c) */
    {"GET", "/funds", funds_page, CAP_PUBLIC, R_HTML | R_CACHE, "fund.list", NULL},
    {"GET POST", "/funds/new", fund_new_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.new", NULL},
    {"GET POST", "/donors/new", fund_donor_add_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "donor.new", NULL},
    {"GET", "/funds/{id}", fund_page, CAP_PUBLIC, R_HTML | R_CACHE, "fund.show", NULL},
    {"GET", "/funds/{id}/donations", fund_donations_page, CAP_PUBLIC, R_HTML | R_CACHE | R_SEARCH, "fund.donations", NULL},
    {"GET", "/funds/{id}/honour", fund_honour_page, CAP_PUBLIC, R_HTML | R_CACHE, "fund.honour", NULL},
    {"GET", "/api/funds", funds_api, CAP_PUBLIC, R_JSON | R_CACHE, "api.fund.list", NULL},
    {"GET", "/api/funds/{id}", fund_api, CAP_PUBLIC, R_JSON | R_CACHE, "api.fund.show", NULL},
    {"GET", "/api/funds/{id}/donations", fund_donations_api, CAP_PUBLIC, R_JSON | R_CACHE | R_SEARCH, "api.fund.donations", NULL},
    {"GET", "/api/funds/{id}/honour", fund_honour_api, CAP_PUBLIC, R_JSON | R_CACHE, "api.fund.honour", NULL},
    /* managers (fund_manage_web.c) */
    {"GET", "/funds/{id}/manage", fund_manage_page, CAP_FUND_WRITE, R_HTML, "fund.manage", NULL},
    {"POST", "/funds/{id}/publish", fund_publish_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.publish", NULL},
    {"POST", "/funds/{id}/tiers", fund_tier_add_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.tier.add", NULL},
    {"POST", "/funds/{id}/disbursements", fund_disburse_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.disburse", NULL},
    {"POST", "/funds/{id}/donations/new", fund_donation_add_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.donation.add", NULL},
    {"GET POST", "/funds/{id}/import", fund_import_page, CAP_FUND_WRITE, R_HTML | R_CSRF | R_UPLOAD, "fund.import", NULL},
    {"POST", "/funds/{id}/tiers/{tier}/propose", fund_propose_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.propose", NULL},
    {"POST", "/funds/{id}/donations/{donation}/receipt", fund_receipt_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.receipt",
     NULL},
    {"GET", "/funds/{id}/receipts/{receipt}", fund_receipt_pdf_page, CAP_FUND_WRITE, R_HTML, "fund.receipt.pdf", NULL},
    {"POST", "/api/funds/{id}/donations/{donation}/receipt", fund_receipt_api, CAP_FUND_WRITE, R_JSON | R_CSRF,
     "api.fund.receipt", api_no_body},
    {"POST", "/api/funds", funds_create_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.create", fund_body},
    {"POST", "/api/funds/{id}/publish", fund_publish_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.publish", fund_publish_body},
    {"POST", "/api/funds/{id}/tiers", fund_tiers_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.tier.add", tier_body},
    {"POST", "/api/funds/{id}/disbursements", fund_disbursements_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.disburse",
     disbursement_body},
    {"POST", "/api/funds/{id}/donations", fund_donations_create_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.donation.add",
     donation_body},
    {"POST", "/api/funds/{id}/import", fund_import_api, CAP_FUND_WRITE, R_JSON | R_CSRF | R_UPLOAD, "api.fund.import",
     api_file_body},
    {"POST", "/api/funds/{id}/tiers/{tier}/propose", fund_propose_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.propose",
     propose_body},
    {"POST", "/api/donors", donors_create_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.donor.create", donor_body},
    /* the review queue (fund_review_web.c) */
    {"GET", "/funds/{id}/reviews", fund_reviews_page, CAP_FUND_WRITE, R_HTML, "fund.reviews", NULL},
    {"POST", "/funds/{id}/reviews/{review}", fund_review_decide_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.review.decide", NULL},
    {"GET", "/api/funds/{id}/reviews", fund_reviews_api, CAP_FUND_WRITE, R_JSON, "api.fund.reviews", NULL},
    {"POST", "/api/funds/{id}/reviews/{review}", fund_review_decide_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.review.decide",
     review_decision_body},
    /* pledges and reversals (fund_pledge_web.c) */
    {"GET POST", "/funds/{id}/pledges", fund_pledges_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.pledges", NULL},
    {"GET POST", "/funds/{id}/reversal", fund_reversal_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.reversal", NULL},
    {"GET POST", "/funds/{id}/pledges/{pledge}/edit", fund_pledge_edit_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.pledge.edit", NULL},
    {"GET POST", "/funds/{id}/pledges/{pledge}/delete", fund_pledge_delete_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.pledge.delete",
     NULL},
    {"POST", "/funds/{id}/pledges/{pledge}/tie", fund_pledge_tie_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.pledge.tie", NULL},
    {"POST", "/funds/{id}/pledges/{pledge}/untie", fund_pledge_untie_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "fund.pledge.untie", NULL},
    {"GET", "/api/funds/{id}/pledges", fund_pledges_api, CAP_FUND_WRITE, R_JSON, "api.fund.pledges", NULL},
    {"GET", "/api/funds/{id}/pledges/{pledge}", fund_pledge_api, CAP_FUND_WRITE, R_JSON, "api.fund.pledge", NULL},
    {"PATCH", "/api/funds/{id}/pledges/{pledge}", fund_pledge_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.pledge.update",
     pledge_body},
    {"DELETE", "/api/funds/{id}/pledges/{pledge}", fund_pledge_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.pledge.delete",
     api_no_body},
    {"POST", "/api/funds/{id}/pledges/{pledge}/tie", fund_pledge_tie_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.pledge.tie",
     pledge_tie_body},
    {"POST", "/api/funds/{id}/pledges/{pledge}/untie", fund_pledge_untie_api, CAP_FUND_WRITE, R_JSON | R_CSRF,
     "api.fund.pledge.untie", pledge_tie_body},
    {"POST", "/api/funds/{id}/pledges", fund_pledges_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.fund.pledge.add", pledge_body},
    {"POST", "/api/funds/{id}/donations/{donation}/reverse", fund_reversal_api, CAP_FUND_WRITE, R_JSON | R_CSRF,
     "api.fund.donation.reverse", reversal_body},
    /* donor duplicates and merge (fund_donor_web.c): fund.write to see them, the Board to merge */
    {"GET", "/donors/duplicates", donor_duplicates_page, CAP_FUND_WRITE, R_HTML, "donor.duplicates", NULL},
    {"POST", "/donors/merge", donor_merge_page, CAP_FUND_WRITE, R_HTML | R_CSRF, "donor.merge", NULL},
    {"GET", "/api/donors/duplicates", donor_duplicates_api, CAP_FUND_WRITE, R_JSON, "api.donor.duplicates", NULL},
    {"POST", "/api/donors/merge", donor_merge_api, CAP_FUND_WRITE, R_JSON | R_CSRF, "api.donor.merge", donor_merge_body},
    {0},
};

static const struct nav_entry fund_nav[] = {
    {"/funds", "Quỹ ủng hộ", NULL, CAP_PUBLIC, NAV_MENU},
    {"/funds", "Quỹ vận động, ủng hộ", "Thu, chi công khai, sao kê, vinh danh nhà hảo tâm", CAP_LOGIN, NAV_CARD},
    {0},
};

const struct feature fund_feature = {"fund", fund_routes, fund_nav, NULL};
