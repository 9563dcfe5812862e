/* award_rules_pages.h: the page and API handlers of the first half of commendation — the rule
 * base, subjects and their history, eligibility, the public lookup and the statistics — for the
 * "award-rules" feature's routes (award_rules_routes.c). award-flow's routes are its own. */
#ifndef THIDUA_AWARD_RULES_PAGES_H
#define THIDUA_AWARD_RULES_PAGES_H
#include "api.h"
#include "web.h"

/* The JSON bodies of the write routes (api.h), declared on their rows. */
extern const struct api_member award_rule_body[];        /* POST /api/award-rules */
extern const struct api_member award_subject_body[];     /* POST /api/award-subjects, PATCH /api/award-subjects/{id} */
extern const struct api_member award_history_body[];     /* POST /api/award-subjects/{id}/history */
extern const struct api_member award_revoke_body[];      /* POST /api/award-history/{id}/revoke */
extern const struct api_member award_initiative_body[];  /* POST /api/award-subjects/{id}/initiatives */

/* award_rules_web.c */
void award_rules_page(req *r);
void award_rule_new_page(req *r);
void award_rules_api(req *r);
void award_rules_in_force_api(req *r);
void award_money_api(req *r);
/* award_subject_web.c */
void award_subjects_page(req *r);
void award_subject_new_page(req *r);
void award_subject_page(req *r);
void award_subject_history_page(req *r);
void award_subject_initiative_page(req *r);
void award_history_revoke_page(req *r);
void award_history_import_page(req *r);
void award_subjects_api(req *r);
void award_subject_api(req *r);
void award_subject_history_api(req *r);
void award_subject_initiatives_api(req *r);
void award_subject_eligibility_api(req *r);
void award_history_revoke_api(req *r);
void award_history_import_api(req *r);
/* eligibility_web.c */
void award_qualified_page(req *r);
void award_qualified_api(req *r);
/* award_lookup_web.c (public) */
void award_lookup_page(req *r);
void award_lookup_subject_page(req *r);
void award_lookup_api(req *r);
/* award_stats_web.c */
void award_stats_page(req *r);
void award_stats_export_page(req *r);
void award_stats_api(req *r);
#endif
