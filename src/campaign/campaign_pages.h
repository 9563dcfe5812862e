/* campaign_pages.h: the page and API handlers of the campaign feature for its routes
 * (campaign_routes.c), the JSON bodies its write routes declare, and the pieces the campaign and
 * report pages share (campaign_web.c). */
#ifndef THIDUA_CAMPAIGN_PAGES_H
#define THIDUA_CAMPAIGN_PAGES_H
#include "api.h"
#include "campaign.h"
#include "web.h"

extern const struct api_member campaign_body[];          /* POST /api/campaigns */
extern const struct api_member campaign_status_body[];   /* POST /api/campaigns/{id}/status */
extern const struct api_member campaign_group_body[];    /* POST /api/campaigns/{id}/groups */
extern const struct api_member campaign_occasion_body[]; /* POST /api/campaigns/{id}/occasions */
extern const struct api_member campaign_target_body[];   /* POST /api/campaigns/{id}/targets */
extern const struct api_member report_body[];            /* POST /api/reports */
extern const struct api_member report_version_body[];    /* POST /api/reports/{id}/versions */
extern const struct api_member report_decision_body[];   /* POST /api/reports/{id}/decision */
extern const struct api_member scoring_sheet_body[];     /* POST /api/campaigns/{id}/scoring */
extern const struct api_member scoring_entry_body[];     /* POST /api/scoring/{id}/entries */
extern const struct api_member scoring_criterion_body[]; /* POST /api/scoring/{id}/criteria, …/criteria/{crit} */
extern const struct api_member scoring_move_body[];      /* POST /api/scoring/{id}/criteria/{crit}/move */
extern const struct api_member scoring_grid_body[];      /* POST /api/scoring/{id}/grid */
extern const struct api_member scoring_sheet_edit_body[]; /* PATCH /api/scoring/{id} */
extern const struct api_member campaign_print_body[];     /* PATCH /api/campaigns/{id} */
extern const struct api_member news_body[];              /* POST /api/campaigns/{id}/news */
extern const struct api_member anniversary_body[];       /* POST /api/anniversaries */
/* editing what was added (campaign_edit_web.c, news_web.c) */
extern const struct api_member campaign_target_edit_body[];    /* PATCH /api/campaigns/{id}/targets/{target} */
extern const struct api_member campaign_group_edit_body[];     /* PATCH /api/campaigns/{id}/groups/{group} */
extern const struct api_member campaign_occasion_edit_body[];  /* PATCH /api/campaigns/{id}/occasions/{occasion} */
extern const struct api_member campaign_participant_body[];    /* POST /api/campaigns/{id}/participants */
extern const struct api_member news_edit_body[];               /* PATCH /api/news/{id} */

/* The kinds of records that own files (report evidence, news photos), registered with stored_file
 * at start (app_start). */
void campaign_file_owners_register(void);
/* shared (campaign_web.c) */
void campaign_status_badge(req *r, enum target_status st, bool exceeded);
bool campaign_of_path(req *r, struct campaign *c);
/* A refused write: 404 (field "id"), 403 ("scope"), else 400 with the field errors. */
void campaign_refused(req *r, const struct field_errors *fe);
int campaign_unit_ref(req *r, struct ref ref, const char *member, int64_t *id, struct field_errors *fe);
/* The "units" array of a JSON body (ids or codes, at most 100) resolved: 1, 0 field errors, < 0. */
int campaign_units_of_body(req *r, int64_t **ids, int *n, struct field_errors *fe);
/* The reply to a JSON write on campaign `id`: the campaign as it now is with "id": rc, or the refusal. */
void campaign_write_reply(req *r, int64_t id, int64_t rc, const struct field_errors *fe, int status);
/* The comparators as a form's options {code, label, …, NULL}. */
extern const char *const campaign_cmp_options[];
/* The user may edit the campaign's content now: the Board while it runs, the administrator after. */
bool campaign_may_edit(req *r, const struct campaign *c);
/* The pieces of an edit form (campaign_edit_web.c; scoring_web.c edits a sheet with them): the
 * reason field (only once the campaign is closed, then required), the box listing what was
 * refused, and the refusals answered with their own page (403 "scope", 404 "id": true). */
void campaign_reason_field(req *r, const struct campaign *c, const char *value, const struct field_errors *fe);
void campaign_errors_box(req *r, const struct field_errors *fe);
bool campaign_refused_elsewhere(req *r, const struct field_errors *fe);

/* campaign_web.c */
void campaigns_page(req *r);
void campaign_page(req *r);
void campaign_new_page(req *r);
void campaign_status_page(req *r);
void campaign_edit_page(req *r);
void campaign_export_page(req *r);
void campaigns_api(req *r);
void campaign_api(req *r);
void campaign_status_api(req *r);
void campaign_groups_api(req *r);
void campaign_occasions_api(req *r);
void campaign_targets_api(req *r);
/* campaign_edit_web.c */
void campaign_edit_lists(req *r, const struct campaign *c);
void campaign_target_edit_page(req *r);
void campaign_target_remove_page(req *r);
void campaign_group_edit_page(req *r);
void campaign_group_remove_page(req *r);
void campaign_print_api(req *r);
void campaign_occasion_edit_page(req *r);
void campaign_occasion_remove_page(req *r);
void campaign_participant_add_page(req *r);
void campaign_participant_remove_page(req *r);
void campaign_target_api(req *r);
void campaign_group_api(req *r);
void campaign_occasion_api(req *r);
void campaign_participants_api(req *r);
void campaign_participant_api(req *r);
/* report_web.c */
void campaign_reports_page(req *r);
void campaign_reports_export_page(req *r);
void report_new_page(req *r);
void report_page(req *r);
void report_change_page(req *r);
void report_decision_page(req *r);
void campaign_reports_api(req *r);
void reports_api(req *r);
void report_api(req *r);
void report_versions_api(req *r);
void report_decision_api(req *r);
void campaign_report_pdf_page(req *r);
/* scoring_web.c */
void scoring_page(req *r);
void scoring_unit_page(req *r);
void scoring_export_page(req *r);
void scoring_entry_page(req *r);
void scoring_propose_page(req *r);
void scoring_api(req *r);
void scoring_sheets_api(req *r);
void scoring_entries_api(req *r);
void scoring_propose_api(req *r);
void scoring_new_page(req *r);
void scoring_criterion_new_page(req *r);
void scoring_criterion_edit_page(req *r);
void scoring_criterion_remove_page(req *r);
void scoring_criterion_move_page(req *r);
void scoring_grid_page(req *r);
void scoring_criteria_api(req *r);
void scoring_criterion_api(req *r);
void scoring_criterion_remove_api(req *r);
void scoring_criterion_move_api(req *r);
void scoring_grid_api(req *r);
void scoring_edit_page(req *r);
void scoring_sheet_api(req *r);
/* news_web.c */
void campaign_news_section(req *r, int64_t campaign_id);
void news_page(req *r);
void news_new_page(req *r);
void news_publish_page(req *r);
void news_edit_page(req *r);
void news_unpublish_page(req *r);
void news_update_api(req *r);
void news_unpublish_api(req *r);
void news_api(req *r);
void campaign_news_api(req *r);
void news_publish_api(req *r);
void anniversaries_page(req *r);
void anniversary_add_page(req *r);
void anniversaries_api(req *r);
#endif
