/* campaign_json.h: the JSON of campaigns, evaluations and reports (campaign_json.c), shared by the
 * API and the CLI so both print the same shape. Every function returns a new reference. */
#ifndef THIDUA_CAMPAIGN_JSON_H
#define THIDUA_CAMPAIGN_JSON_H
#include <jansson.h>

#include "campaign.h"
#include "export.h"

json_t *campaign_summary_json(const struct campaign *c);
json_t *status_count_json(const struct status_count *c);
json_t *target_result_json(const struct target_result *r);
/* The campaign with occasions, participants, groups, targets and their statuses on e->on. */
json_t *campaign_full_json(store *s, arena *a, const struct campaign *c, const struct campaign_eval *e);
/* show_people: include the logins of who wrote and decided (signed-in readers only). */
json_t *report_json(const struct campaign_report *r, bool show_people);
/* The targets with their statuses as one export.h sheet (CSV or XLSX); campaign_targets_csv
 * writes the CSV into out (UTF-8 with BOM, formula-like text neutralised). */
export_doc *campaign_targets_export(const struct campaign_eval *e, arena *a, enum export_format fmt);
void campaign_targets_csv(const struct campaign_eval *e, arena *a, buf *out);
#endif
