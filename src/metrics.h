/* metrics.h: process-wide request counters for GET /metrics (Prometheus text format):
 * requests by route name and status, a latency histogram, and time spent in the database. */
#ifndef THIDUA_METRICS_H
#define THIDUA_METRICS_H
#include <stdint.h>

#include "util.h"
void metrics_observe(const char *route_name, int status, int64_t ms);
void metrics_render(buf *out);
#endif
