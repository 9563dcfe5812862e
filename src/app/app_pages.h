/* app_pages.h: the pages that belong to no feature (system.c): home, health, metrics, static
 * files, for the system routes (features.c). */
#ifndef THIDUA_APP_PAGES_H
#define THIDUA_APP_PAGES_H
#include "web.h"

/* system.c */
void home_page(req *r);
void healthz_api(req *r);
void metrics_api(req *r);
void static_page(req *r);
#endif
