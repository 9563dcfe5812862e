/* app.h: the program's parts as the app layer assembles them: every feature (declared by its
 * folder), the list main() registers, and the start-up wiring (features.c). */
#ifndef THIDUA_APP_H
#define THIDUA_APP_H
#include "web.h"

extern const struct feature org_feature, people_feature, audit_feature, holiday_feature;
extern const struct feature register_feature, file_feature;   /* core: numbering registers, stored files */
extern const struct feature job_feature, setting_feature;   /* core/job_routes.c, core/setting_routes.c */
extern const struct feature campaign_feature;   /* src/campaign/campaign_routes.c */
void campaign_file_owners_register(void);       /* its kinds of file owners */
extern const struct feature award_feature;   /* award/award_routes.c: proposals, council, decisions, certificates */
extern const struct feature fund_feature;   /* fund/fund_routes.c */
void statement_batches_register(void);          /* fund/statement.c: its import batches' discard */
extern const struct feature *const thidua_features[];   /* NULL-ended, for web_set_features */
/* Registers the features with the web layer and the higher layers' /metrics series. Called by
 * main() before any command, and by tests that dispatch requests. */
void app_start(void);
#endif
