/* actor.h: who is writing, as every domain function takes it: the user (or the command line),
 * the name the audit log records, the role's capabilities and its write scope in the unit tree.
 * Domain functions (org/, people/, the capability folders) take a `const struct actor *` and
 * enforce capability and scope themselves, so the HTML form, the API, the CLI, an import and a
 * test all pass the same check; the web and CLI faces only build the actor. */
#ifndef THIDUA_ACTOR_H
#define THIDUA_ACTOR_H
#include <stdbool.h>
#include <stdint.h>

#include "store.h"
#include "web.h"

struct actor {
    int64_t user_id;          /* 0: the command line or the system */
    const char *login;        /* the audit log's name for the writer: "canbo.ban", "cli:root" */
    uint64_t caps;            /* CAP_BIT(…) of the role; the command line has every one */
    int64_t unit_id;          /* the user's unit: the root of the write scope */
    bool whole_tree;          /* the role writes everywhere in the tree */
};

/* The signed-in user of a request (r->user, read for this very request). */
struct actor actor_of_req(const req *r);
/* The command line: every capability, the whole tree, login "cli:<operator>" (cli_actor). */
struct actor actor_cli(arena *a);
/* The program itself (demo data, migrations): like the command line, login "system". */
extern const struct actor actor_system;

bool actor_has(const struct actor *a, enum capability c);
/* True if unit_id exists and the actor may write its data: whole-tree roles everywhere, others
 * their own unit and the units below it. */
bool actor_in_scope(store *s, const struct actor *a, int64_t unit_id);
/* actor_in_scope for the request's user (r->db). */
bool actor_req_in_scope(req *r, int64_t unit_id);
/* True if unit_id is root or lies below it (a walk up the tree, portable SQL, depth-bounded). */
bool unit_tree_contains(store *s, int64_t root, int64_t unit_id);
#endif
