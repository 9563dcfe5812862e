/* admin_rule.h: the last-administrator rule, in one place for every writer that can take a
 * user's power away (user.c's disable and role change, role.c's role edits, privacy.c's
 * erasure): the system must always keep an enabled user holding user.admin over the whole unit
 * tree, or nobody could ever manage users again without the database file. */
#ifndef THIDUA_ADMIN_RULE_H
#define THIDUA_ADMIN_RULE_H
#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* True if some enabled user holds user.admin through a whole-tree role. Meant to be called
 * inside the writing transaction after the change, so that a refused change rolls back whole;
 * false on a store error too (fails closed). */
bool admin_rule_holds(store *s);
/* True if disabling, erasing or demoting user_id (leaving it out) would leave no enabled
 * whole-tree user administrator: the check before a change (privacy.c's erasure). Fails
 * closed: true on a store error. */
bool admin_rule_would_orphan(store *s, int64_t user_id);
#endif
