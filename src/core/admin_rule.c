/* admin_rule.c: the last-administrator rule (admin_rule.h). One SQL condition says who counts
 * as an administrator, so the role editor, the user editor and erasure cannot disagree: an
 * enabled user whose role is whole-tree and carries the user.admin capability. */
#include "admin_rule.h"

#define ADMINS_WHERE \
    " FROM app_user u JOIN role r ON r.name = u.role" \
    " JOIN role_capability c ON c.role = u.role AND c.capability = 'user.admin'" \
    " WHERE u.disabled = 0 AND r.whole_tree = 1"

bool admin_rule_holds(store *s)
{
    int64_t n = 0;
    return store_int64(s, &n, "SELECT count(*)" ADMINS_WHERE, "") == 1 && n > 0;
}

bool admin_rule_would_orphan(store *s, int64_t user_id)
{
    int64_t n = 0;
    return store_int64(s, &n, "SELECT count(*)" ADMINS_WHERE " AND u.id <> $1", "i", user_id) != 1 || n == 0;
}
