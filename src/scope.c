/* scope.c: unit scope for writes, web_can_write_unit() (declared in web.h). A user writes the
 * data of their own unit and of every unit below it; a role with whole_tree (Board officers,
 * administrators) writes everywhere. Temporary home: the units work (unit.c) owns this
 * function, and this file goes away when that lands. */
#include "auth.h"
#include "web.h"

bool web_can_write_unit(req *r, int64_t unit_id)
{
    if (!r->user.id || unit_id <= 0 || !r->db) return false;
    int64_t n = 0;
    if (auth_whole_tree(r->db, r->user.id))
        return store_int64(r->db, &n, "SELECT count(*) FROM unit WHERE id=$1", "i", unit_id) == 1 && n > 0;
    /* Walk up from the target: its ancestors are few (the tree is shallow), whereas the
     * user's subtree may be large. UNION (not UNION ALL) ends the walk even if a bad edit ever
     * made a cycle. */
    return store_int64(r->db, &n,
               "WITH RECURSIVE up(id, parent_id) AS ("
               " SELECT id, parent_id FROM unit WHERE id = $1"
               " UNION SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id)"
               " SELECT count(*) FROM up WHERE id = $2", "ii", unit_id, r->user.unit_id) == 1 && n > 0;
}
