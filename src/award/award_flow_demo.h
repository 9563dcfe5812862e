/* award_flow_demo.h: the award-flow part of the demo database (award_flow_demo.c). */
#ifndef THIDUA_AWARD_FLOW_DEMO_H
#define THIDUA_AWARD_FLOW_DEMO_H
#include "store.h"
/* Inside demo_populate's transaction, after the fund and award-rules demos: 0, or -1 (logged). */
int award_flow_demo_load(store *s);
#endif
