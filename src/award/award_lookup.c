/* award_lookup.c: the public lookup of awards (award_rules_internal.h): who was rewarded, found
 * by a person's or a unit's name typed without diacritics or case ("nguyen van an", "so y te"),
 * through the folded name columns and vn_like_pattern. It reads only what a public page may show:
 * never a citizen ID, a birth date or a subject key. */
#include <string.h>

#include "award_rules_internal.h"
#include "award_subject.h"
#include "vn.h"

#define PUBLIC_COLS "s.id, s.kind, s.name, u.name, s.position"
/* A yearly rating (HTXSNV …) is evidence kept for eligibility, not an award: never public. */
#define PUBLIC_FORM " AND NOT EXISTS (SELECT 1 FROM award_form f WHERE f.code = h.form_code AND f.category = 'rating')"

static void public_read(stmt *q, arena *a, struct award_subject *o)
{
    memset(o, 0, sizeof *o);
    o->id = stmt_int64(q, 0);
    o->kind = stmt_text_dup(q, 1, a);
    o->name = stmt_text_dup(q, 2, a);
    o->unit_name = stmt_text_dup(q, 3, a);
    o->position = stmt_text_dup(q, 4, a);
}

int award_lookup(store *s, arena *a, const char *q, int limit, struct award_subject **out, int *n)
{
    *out = NULL;
    *n = 0;
    const char *pattern = q ? vn_like_pattern(a, q) : NULL;
    if (!pattern) return 1;
    if (limit < 1 || limit > 100) limit = 100;
    stmt *st = store_query(s, "SELECT " PUBLIC_COLS " FROM award_subject s LEFT JOIN unit u ON u.id = s.unit_id"
                              " WHERE (s.name_fold LIKE $1 ESCAPE '\\' OR (s.kind = 'individual' AND u.name_fold LIKE $1 ESCAPE '\\'))"
                              "   AND EXISTS (SELECT 1 FROM award_history h WHERE h.subject_id = s.id AND h.revoked_at IS NULL" PUBLIC_FORM ")"
                              " ORDER BY s.sort_key, s.id LIMIT $2", "tI", pattern, limit);
    if (!st) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(st)) == STORE_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        public_read(st, a, &(*out)[(*n)++]);
    }
    stmt_finalize(st);
    return rc == STORE_DONE ? 1 : STORE_ERR;
}

int award_lookup_subject(store *s, arena *a, int64_t id, struct award_subject *out)
{
    stmt *st = store_query(s, "SELECT " PUBLIC_COLS " FROM award_subject s LEFT JOIN unit u ON u.id = s.unit_id"
                              " WHERE s.id = $1 AND EXISTS (SELECT 1 FROM award_history h WHERE h.subject_id = s.id"
                              "   AND h.revoked_at IS NULL" PUBLIC_FORM ")", "i", id);
    if (!st) return STORE_ERR;
    int rc = stmt_step(st);
    if (rc == STORE_ROW) public_read(st, a, out);
    stmt_finalize(st);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int award_lookup_history(store *s, arena *a, int64_t subject_id, struct award_history **out, int *n)
{
    struct award_history *all;
    int nall;
    int rc = award_history_of(s, a, subject_id, false, &all, &nall);
    if (rc < 0) return rc;
    *out = arena_alloc(a, sizeof **out * (size_t)(nall ? nall : 1));
    *n = 0;
    for (int i = 0; i < nall; i++) {
        int64_t one;
        rc = store_int64(s, &one, "SELECT 1 FROM award_form WHERE code = $1 AND category = 'rating' LIMIT 1", "t",
                         all[i].form_code);
        if (rc < 0) return rc;
        if (rc == 0) (*out)[(*n)++] = all[i];
    }
    return 1;
}
