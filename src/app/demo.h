/* demo.h: the demo database (`thidua init --demo`): Lạng Sơn province, its units and blocks,
 * one user per role; later resources add their demo data here. */
#ifndef THIDUA_DEMO_H
#define THIDUA_DEMO_H
#include <stdio.h>

#include "store.h"
int demo_populate(store *s);            /* 0 ok; on error the caller discards the file */
void demo_print_logins(FILE *out);
#endif
