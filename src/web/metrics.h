/* metrics.h: process-wide request counters for GET /metrics (Prometheus text format):
 * requests by route name and status, a latency histogram, and time spent in the database. */
#ifndef THIDUA_METRICS_H
#define THIDUA_METRICS_H
#include <stdint.h>

#include "util.h"
void metrics_observe(const char *route_name, int status, int64_t ms);
void metrics_render(buf *out);
/* A series from a higher layer (password hashing in core/pwhash.c, later jobs and imports): its
 * renderer appends Prometheus lines and is called by metrics_render after the web's own. The app
 * registers them at start (app/main.c), so this layer names nothing above it. At most 16. */
void metrics_add_source(void (*render)(buf *out));
#endif
