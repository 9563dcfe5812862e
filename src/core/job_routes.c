/* job_routes.c: the `job` feature: the routes of background jobs (job_web.c) with their
 * security policy, and the menu entry. Any signed-in user may follow the jobs they started; the
 * handlers answer 404 for someone else's job unless the caller is an administrator. */
#include "api.h"
#include "core_pages.h"

static const struct route job_routes[] = {
    {"GET", "/jobs", jobs_page, CAP_LOGIN, R_HTML, "job.list", NULL},
    {"GET", "/jobs/{id}", job_page, CAP_LOGIN, R_HTML, "job.show", NULL},
    {"POST", "/jobs/{id}/cancel", job_cancel_page, CAP_LOGIN, R_HTML | R_CSRF, "job.cancel", NULL},
    {"GET", "/jobs/{id}/result", job_result_page, CAP_LOGIN, R_HTML, "job.result", NULL},
    {"GET", "/api/jobs", jobs_api, CAP_LOGIN, R_JSON, "api.job.list", NULL},
    {"GET", "/api/jobs/{id}", job_api, CAP_LOGIN, R_JSON, "api.job.show", NULL},
    {"POST", "/api/jobs/{id}/cancel", job_cancel_api, CAP_LOGIN, R_JSON | R_CSRF, "api.job.cancel", api_no_body},
    {0},
};
static const struct nav_entry job_nav[] = {
    {"/jobs", "Việc nền", NULL, CAP_LOGIN, NAV_MENU},
    {0},
};
const struct feature job_feature = {"job", job_routes, job_nav, NULL};
