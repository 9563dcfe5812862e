/* features.c: the features of this program, in the order their routes are matched and their
 * menu entries and home cards shown; main() registers them with the web layer. A new feature
 * folder adds one line here and one in its feature's header (docs/architecture.md). Also the
 * system routes, which belong to no feature. */
#include "app.h"
#include "app_pages.h"
#include "dossier.h"
#include "core_pages.h"
#include "import.h"
#include "job.h"
#include "metrics.h"
#include "pwhash.h"
#include "server_guard.h"
#include "setting.h"

#include <stdlib.h>

static const struct route system_routes[] = {
    /* system */
    {"GET", "/", home_page, CAP_PUBLIC, R_HTML, "home", NULL},
    {"GET", "/healthz", healthz_api, CAP_PUBLIC, R_JSON | R_NOLOG, "healthz", NULL},
    {"GET", "/metrics", metrics_api, CAP_PUBLIC, R_LOCAL | R_NOLOG, "metrics", NULL},
    {"GET", "/static/{name}", static_page, CAP_PUBLIC, R_NOLOG, "static", NULL},
    {0},
};
static const struct feature system_feature = {"system", system_routes, NULL, NULL};

extern const struct feature award_rules_feature;   /* src/award/award_rules_routes.c */
const struct feature *const thidua_features[] = {
    &system_feature, &org_feature, &people_feature, &audit_feature, &holiday_feature,
    &register_feature, &file_feature, &job_feature, &setting_feature,
    &award_rules_feature, &campaign_feature,
    &award_feature,
    &fund_feature,
    NULL,
};

/* The server's limits from the settings table (http.*), read when `thidua serve` starts. */
static void read_server_limits(store *s, struct guard_limits *out)
{
    out->per_address = (unsigned)setting_int(s, "http.max_connections_per_ip");
    out->deadline_s = (unsigned)setting_int(s, "http.request_deadline_seconds");
    out->body_budget = (uint64_t)setting_int(s, "http.upload_total_mb") << 20;
    out->public_rate_per_minute = (unsigned)setting_int(s, "http.public_rate_per_minute");
    out->public_burst = (unsigned)setting_int(s, "http.public_burst");
    out->search_rate_per_minute = (unsigned)setting_int(s, "http.search_rate_per_minute");
    out->search_burst = (unsigned)setting_int(s, "http.search_burst");
}

/* Background jobs in `thidua serve`: the server's start and stop hooks (web_set_serve_hooks)
 * start the runner with connections to the server's own database, and stop it. */
static char *serve_db_path;
static store *open_serve_db(void)
{
    char err[512];
    store *s = store_open(serve_db_path, err, sizeof err);
    if (!s) log_error("jobs: %s", err);
    return s;
}
static void serve_started(store *s)
{
    /* Batches a dead importer left staged (import.h) are discarded before anything else writes. */
    if (import_batch_recover(s) < 0) log_error("import batches of dead importers: %s", store_errmsg(s));
    free(serve_db_path);
    serve_db_path = xstrdup(store_path(s));
    job_set_runner(open_serve_db, (int)setting_int(s, "job.max_parallel"));
}
static void serve_stopping(void) { job_stop_runner(); }

void app_start(void)
{
    web_set_serve_hooks(serve_started, serve_stopping);
    guard_set_limits_reader(read_server_limits);
    web_set_features(thidua_features);
    core_file_owners_register();
    campaign_file_owners_register();   /* src/campaign/campaign_routes.c */
    dossier_files_register();   /* award/dossier.c: a proposal's documents */
    statement_batches_register();   /* fund/statement.c: the discard of a dead statement import's batches */
    metrics_add_source(auth_hash_metrics);
    metrics_add_source(guard_rate_metrics);
}
