/* role.h: the roles domain (role.c): a role is a named set of capabilities with a write scope
 * (its own subtree, or the whole tree). Reading roles, their labels for the screen, and saving
 * one, which only a whole-tree user administrator may do (a role is a policy for every unit).
 * Pages and API: role_web.c; `thidua user roles`: role_cmd.c. */
#ifndef THIDUA_ROLE_H
#define THIDUA_ROLE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "html.h"   /* struct field_errors: the field problems every face reports */
#include "store.h"
#include "util.h"

#define ROLE_LABEL_MAX 100

struct role_row { const char *name, *label; bool whole_tree; uint64_t caps; int64_t users; };

/* The capabilities a role may hold, in screen order, with their Vietnamese labels. */
struct role_cap { enum capability cap; const char *label; };
extern const struct role_cap role_caps[];
extern const size_t role_caps_count;
/* The label of a capability by its name ("unit.write"); the name itself if unknown. */
const char *role_cap_label(const char *name);

/* A role's capability bits and scope: 1 found, 0 not, < 0 error. */
int role_info(store *s, const char *role, uint64_t *caps, bool *whole_tree);
/* One role (label, caps, scope; users not counted) into *out: 1 found, 0 not, < 0 error. */
int role_load(store *s, arena *a, const char *name, struct role_row *out);
/* All roles (arena), whole-tree first, with their enabled users counted. 0 ok, < 0 error. */
int roles_load(store *s, arena *a, struct role_row **out, int *n);
/* The API's view; with_users adds "active_users". */
json_t *role_json(const struct role_row *rr, bool with_users);

/* Creates (`creating`) or updates role `name` with a label, scope and capabilities, and audits
 * it. Checks the actor (user.admin over the whole tree), the name (2–32 of a–z 0–9 _, a letter
 * first, not "new") and the label; refuses a change that breaks the last-admin rule. Returns 1
 * saved, 0 with field problems in fe ("name", "label"), or one of: */
enum { ROLE_FAILED = -1, ROLE_EXISTS = -2, ROLE_LAST_ADMIN = -3, ROLE_NOT_FOUND = -4, ROLE_FORBIDDEN = -5 };
int role_save(store *s, arena *a, const struct actor *actor, const char *name, bool creating, const char *label,
              bool whole_tree, uint64_t caps, struct field_errors *fe);

/* `thidua user roles` (role_cmd.c). */
int role_list_cmd(int argc, char **argv);
#endif
