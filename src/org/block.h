/* block.h: emulation blocks and clusters (khối thi đua, cụm thi đua): groups of similar units
 * that sign a joint pledge and each year elect a head (trưởng khối) and a deputy (phó khối).
 * Members have joined/left dates; the head and deputy of a year must be members during that
 * year. The domain is block.c; the /blocks pages and /api/blocks are block_web.c, `thidua block`
 * is block_cmd.c.
 * One return convention for every write, as unit.h's: the block's id (> 0) on success, 0 when
 * refused with field errors, < 0 a store error (rolled back). Every write is one transaction
 * with one audit entry (entity "block").
 *
 * Every write takes the writer as a `const struct actor *` (actor.h) and checks the capability
 * block.write itself (refusal: field error "scope"), then one scope rule, in block.c: the actor's
 * scope (whole tree, or its unit and the units below) must cover every unit the
 * write concerns — the unit whose membership changes; every member of the block that year, the
 * units named and the units replaced, for the year's head and deputy; every unit that is or was
 * a member, for the block's name, kind and description (a block without members: whole-tree
 * scopes only). Outside it the write is refused with the field error "scope" naming the unit
 * (the web answers 403). */
#ifndef THIDUA_BLOCK_H
#define THIDUA_BLOCK_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "html.h"
#include "store.h"

#define BLOCK_NO_CAP "Bạn không có quyền sửa khối, cụm thi đua."

enum { BLOCK_NAME_MAX = 200, BLOCK_DESC_MAX = 2000 };

struct block {
    int64_t id;
    const char *name, *kind, *description;   /* kind: "khoi" or "cum" */
    const char *created_at, *updated_at;
    int members;                  /* current members (left_on empty or in the future) */
};
struct block_member {
    int64_t unit_id;
    const char *unit_name, *unit_kind, *joined, *left_on;
    bool unit_current;            /* the unit itself is still valid today */
};
struct block_leader {
    int year;
    int64_t head_id, deputy_id;   /* deputy 0: none */
    const char *head_name, *deputy_name;
};
/* A unit's membership of a block, with the years it led it (for the unit page). */
struct block_membership {
    int64_t block_id;
    const char *block_name, *kind, *joined, *left_on;
    const char *head_years, *deputy_years;   /* "2019, 2021" or NULL */
};

const char *block_kind_label(const char *kind);       /* "Khối thi đua" / "Cụm thi đua" */
int block_get(store *s, arena *a, int64_t id, struct block *out);            /* 1, 0, < 0 */
int block_list(store *s, arena *a, struct block **out, int *n);            /* every block */
/* One page of the same list, in the same order: limit (0: all) blocks from offset; *total is the
 * number of all blocks. */
int block_list_page(store *s, arena *a, int64_t limit, int64_t offset, struct block **out, int *n, int64_t *total);
/* A block named by its exact name, or by id (the CLI). 1 found, 0 not, < 0 error. */
int block_find_ref(store *s, int64_t *id, const char *ref);
int block_members(store *s, arena *a, int64_t block_id, struct block_member **out, int *n);
int block_leaders(store *s, arena *a, int64_t block_id, struct block_leader **out, int *n);
int block_memberships_of_unit(store *s, arena *a, int64_t unit_id, struct block_membership **out, int *n);
json_t *block_json(const struct block *b);

/* name required and unique; kind "khoi" or "cum" (also "khối"/"cụm"). Returns the id. */
int64_t block_create(store *s, arena *a, const struct actor *ac, const char *name, const char *kind,
                     const char *description, struct field_errors *fe);
/* 1 if the actor may change the block's name, kind and description (the rule above), 0 with the
 * field error "scope" if not, < 0 on a store error. block_name is for the message. */
int block_may_edit(store *s, arena *a, const struct actor *ac, int64_t block_id, const char *block_name,
                   struct field_errors *fe);
/* NULL keeps a field. */
int64_t block_update(store *s, arena *a, const struct actor *ac, int64_t id, const char *name, const char *kind,
                     const char *description, struct field_errors *fe);
/* Adds unit_id (joined: ISO or dd/mm/yyyy, may be NULL); re-adding a former member clears
 * its left date. */
int64_t block_member_add(store *s, arena *a, const struct actor *ac, int64_t block_id, int64_t unit_id,
                         const char *joined, struct field_errors *fe);
/* Ends a membership on `left_on` (NULL: today); history (leadership years) is kept. Refused if
 * the unit is head or deputy of a year after `left_on`. */
int64_t block_member_remove(store *s, arena *a, const struct actor *ac, int64_t block_id, int64_t unit_id,
                            const char *left_on, struct field_errors *fe);
/* Sets the head and deputy (0: none) for a year; both must be members during that year and
 * different units. Replaces an earlier choice for that year. */
int64_t block_leader_set(store *s, arena *a, const struct actor *ac, int64_t block_id, int year, int64_t head_id,
                         int64_t deputy_id, struct field_errors *fe);

/* Ends every membership of unit_id that is open after last_day on last_day (a reorganisation
 * ended the unit). No audit entry and no transaction of its own: it is one step of the caller's
 * write (reorganise.c), whose audit entry records it. Returns how many ended, or < 0. */
int block_memberships_end(store *s, int64_t unit_id, const char *last_day);

/* The "Khối thi đua" section of a unit's page. */
void block_unit_section(req *r, int64_t unit_id);
/* CLI: `thidua block …` */
int block_cmd(int argc, char **argv);
#endif
