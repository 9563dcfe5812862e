/* award_pages.h: the page and API handlers of the award-flow half of commendation (proposals and
 * dossiers, the council's ballot, decisions, certificates, the public verification page) for the
 * "award" feature's routes (award_routes.c), their declared JSON bodies, and the few page helpers
 * these handlers share. */
#ifndef THIDUA_AWARD_PAGES_H
#define THIDUA_AWARD_PAGES_H
#include "api.h"
#include "web.h"

/* JSON bodies (api.h), declared on the route rows. */
extern const struct api_member proposal_body[];        /* POST /api/proposals, PATCH /api/proposals/{id} */
extern const struct api_member proposal_move_body[];   /* POST /api/proposals/{id}/move */
extern const struct api_member proposal_intake_body[]; /* POST /api/proposals/from-intake */
extern const struct api_member council_member_body[];  /* POST /api/council/members */
extern const struct api_member council_meeting_body[]; /* POST /api/council/meetings */
extern const struct api_member council_item_body[];    /* POST /api/council/meetings/{id}/items */
extern const struct api_member ballot_body[];          /* POST /api/council/items/{id}/vote */
extern const struct api_member decision_body[];        /* POST /api/decisions, PATCH /api/decisions/{id} */
extern const struct api_member decision_sign_body[];   /* POST /api/decisions/{id}/sign */
extern const struct api_member decision_revoke_body[]; /* POST /api/decisions/{id}/revoke */

/* Helpers shared by the award pages (proposal_web.c). */
/* <select> options {value, label …, NULL} of the units a writer may propose for: the whole tree
 * for whole-tree roles, else the user's unit and those below it; current units only. */
const char **award_unit_options(req *r, bool whole_tree_only_when_allowed);
/* <select> options of the forms and titles of the rule base (every code ever, newest name). */
const char **award_form_options(req *r);
/* The error list of a refused form, as a notice (role=alert). */
void award_form_errors(req *r, const struct field_errors *fe);
/* A refused JSON write: 404 for an unknown record ("id"), 403 for "scope", else 400 fields. */
void award_json_refused(req *r, const struct field_errors *fe);

/* proposal_web.c */
void proposals_page(req *r);
void proposal_new_page(req *r);
void proposal_page(req *r);
void proposal_edit_page(req *r);
void proposal_move_page(req *r);
void proposal_intake_page(req *r);
void proposal_intake_take_page(req *r);
void proposals_api(req *r);
void proposal_api(req *r);
void proposal_move_api(req *r);
void proposal_intake_api(req *r);
/* council_web.c */
void council_page(req *r);
void council_member_page(req *r);
void council_meeting_new_page(req *r);
void council_meeting_page(req *r);
void council_minutes_page(req *r);
void council_item_new_page(req *r);
void council_close_page(req *r);
void ballot_page(req *r);
void council_members_api(req *r);
void council_meetings_api(req *r);
void council_meeting_api(req *r);
void council_items_api(req *r);
void council_close_api(req *r);
void ballot_api(req *r);
/* dossier_web.c: the documents' part of a proposal's page, and the upload */
struct proposal;
void dossier_section(req *r, const struct proposal *p, const char *error);
void dossier_upload_page(req *r);
/* decision_web.c */
void decisions_page(req *r);
void decision_new_page(req *r);
void decision_edit_page(req *r);
void decision_delete_page(req *r);
void decision_page(req *r);
void decision_sign_page(req *r);
void decision_revoke_page(req *r);
void decision_pdf_page(req *r);
void decision_recipients_page(req *r);
void decisions_api(req *r);
void decision_api(req *r);
void decision_sign_api(req *r);
void decision_revoke_api(req *r);
/* certificate_web.c */
void certificates_pdf_page(req *r);
void certificate_blanks_page(req *r);
void published_decisions_page(req *r);
void verify_page(req *r);
#endif
