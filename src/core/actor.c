/* actor.c: building the actor of a request or of the command line, and the one rule of write
 * scope in the unit tree (actor.h). */
#include "actor.h"

#include "cli.h"

struct actor actor_of_req(const req *r)
{
    return (struct actor){r->user.id, r->user.login, r->user.caps, r->user.unit_id, r->user.id && r->user.whole_tree};
}

struct actor actor_cli(arena *a) { return (struct actor){0, cli_actor(a), ~(uint64_t)0, 0, true}; }

const struct actor actor_system = {0, "system", ~(uint64_t)0, 0, true};

bool actor_has(const struct actor *a, enum capability c) { return c == CAP_PUBLIC || (a->caps & CAP_BIT(c)); }

bool unit_tree_contains(store *s, int64_t root, int64_t unit_id)
{
    if (root <= 0 || unit_id <= 0) return false;
    if (root == unit_id) return true;
    /* Walk up from the unit; the depth bound ends the walk even on corrupt (cyclic) data. */
    int64_t n = 0;
    int rc = store_int64(s, &n,
        "WITH RECURSIVE up(id, parent_id, depth) AS ("
        "  SELECT id, parent_id, 0 FROM unit WHERE id = $1"
        "  UNION ALL"
        "  SELECT u.id, u.parent_id, up.depth + 1 FROM unit u JOIN up ON u.id = up.parent_id"
        "  WHERE up.depth < 64)"
        " SELECT count(*) FROM up WHERE id = $2", "ii", unit_id, root);
    return rc == 1 && n > 0;
}

bool actor_in_scope(store *s, const struct actor *a, int64_t unit_id)
{
    if (!a || unit_id <= 0) return false;
    if (a->whole_tree) {
        int64_t n = 0;
        return store_int64(s, &n, "SELECT count(*) FROM unit WHERE id = $1", "i", unit_id) == 1 && n > 0;
    }
    return unit_tree_contains(s, a->unit_id, unit_id);
}

bool actor_req_in_scope(req *r, int64_t unit_id)
{
    if (!r->user.id || !r->db) return false;
    struct actor me = actor_of_req(r);
    return actor_in_scope(r->db, &me, unit_id);
}
