/* block.c: the domain of emulation blocks and clusters (block.h): reading, members with
 * joined/left dates, a head and a deputy per year (both members that year), and the one scope
 * rule of every block write, checked here against the actor. No request and no HTML: the pages
 * and API are block_web.c, the CLI block_cmd.c. */
#include "block.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "import.h"
#include "unit.h"
#include "vn.h"

static const struct vn_field f_bname = {1, BLOCK_NAME_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_bdesc = {0, BLOCK_DESC_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};

const char *block_kind_label(const char *kind)
{
    if (str_eq(kind, "khoi")) return "Khối thi đua";
    if (str_eq(kind, "cum")) return "Cụm thi đua";
    return kind ? kind : "";
}

/* "khoi", "Khối", "khối thi đua" → "khoi"; "cum", "Cụm" … → "cum"; else NULL. */
static const char *block_kind_from_text(const char *text)
{
    if (str_empty(text)) return NULL;
    buf k = {0};
    import_header_key(text, strlen(text), &k);
    const char *r = NULL;
    if (str_eq(buf_str(&k), "khoi") || str_eq(buf_str(&k), "khoi_thi_dua")) r = "khoi";
    else if (str_eq(buf_str(&k), "cum") || str_eq(buf_str(&k), "cum_thi_dua")) r = "cum";
    buf_free(&k);
    return r;
}

static const char *idtxt(arena *a, int64_t id) { return arena_printf(a, "%lld", (long long)id); }

/* ---- reading ---- */
#define BLOCK_COLS "b.id, b.name, b.kind, b.description, b.created_at, b.updated_at," \
    " (SELECT count(*) FROM block_member m WHERE m.block_id = b.id AND (m.left_on IS NULL OR m.left_on >= $1))"

static void block_from_row(stmt *q, arena *a, struct block *b)
{
    b->id = stmt_int64(q, 0);
    b->name = stmt_text_dup(q, 1, a);
    b->kind = stmt_text_dup(q, 2, a);
    b->description = stmt_text_dup(q, 3, a);
    b->created_at = stmt_text_dup(q, 4, a);
    b->updated_at = stmt_text_dup(q, 5, a);
    b->members = (int)stmt_int64(q, 6);
}

int block_get(store *s, arena *a, int64_t id, struct block *out)
{
    char today[11];
    iso_date_today(today);
    stmt *q = store_query(s, "SELECT " BLOCK_COLS " FROM emulation_block b WHERE b.id = $2", "ti", today, id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) block_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

int block_find_ref(store *s, int64_t *id, const char *ref)
{
    int rc = store_int64(s, id, "SELECT id FROM emulation_block WHERE name = $1", "t", ref);
    if (rc != 0) return rc;
    int64_t n;
    if (!parse_int64(ref, &n) || n <= 0) return 0;
    return store_int64(s, id, "SELECT id FROM emulation_block WHERE id = $1", "i", n);
}

int block_list(store *s, arena *a, struct block **out, int *n)
{
    int64_t total;
    return block_list_page(s, a, 0, 0, out, n, &total);
}

int block_list_page(store *s, arena *a, int64_t limit, int64_t offset, struct block **out, int *n, int64_t *total)
{
    char today[11];
    iso_date_today(today);
    *total = 0;
    if (store_int64(s, total, "SELECT count(*) FROM emulation_block", "") != 1) return STORE_ERR;
    /* limit 0: every block (a LIMIT no table reaches, in both SQL dialects). */
    stmt *q = store_query(s, "SELECT " BLOCK_COLS " FROM emulation_block b ORDER BY b.kind DESC, b.name, b.id"
                             " LIMIT $2 OFFSET $3", "tii", today, limit > 0 ? limit : INT64_MAX, offset);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct block *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) block_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int block_members(store *s, arena *a, int64_t block_id, struct block_member **out, int *n)
{
    char today[11];
    iso_date_today(today);
    stmt *q = store_query(s,
        "SELECT m.unit_id, u.name, u.kind, m.joined, m.left_on,"
        " CASE WHEN (u.valid_to IS NULL OR u.valid_to >= $2) THEN 1 ELSE 0 END"
        " FROM block_member m JOIN unit u ON u.id = m.unit_id WHERE m.block_id = $1"
        " ORDER BY CASE WHEN m.left_on IS NULL OR m.left_on >= $2 THEN 0 ELSE 1 END, u.sort_key", "it", block_id, today);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct block_member *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct block_member *m = ARENA_PUSH(a, v, cnt, cap);
        m->unit_id = stmt_int64(q, 0);
        m->unit_name = stmt_text_dup(q, 1, a);
        m->unit_kind = stmt_text_dup(q, 2, a);
        m->joined = stmt_text_dup(q, 3, a);
        m->left_on = stmt_text_dup(q, 4, a);
        m->unit_current = stmt_int64(q, 5) != 0;
    }
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int block_leaders(store *s, arena *a, int64_t block_id, struct block_leader **out, int *n)
{
    stmt *q = store_query(s,
        "SELECT l.year, l.head_unit_id, coalesce(l.deputy_unit_id, 0), h.name, d.name FROM block_leadership l"
        " JOIN unit h ON h.id = l.head_unit_id LEFT JOIN unit d ON d.id = l.deputy_unit_id"
        " WHERE l.block_id = $1 ORDER BY l.year DESC", "i", block_id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct block_leader *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct block_leader *l = ARENA_PUSH(a, v, cnt, cap);
        l->year = (int)stmt_int64(q, 0);
        l->head_id = stmt_int64(q, 1);
        l->deputy_id = stmt_int64(q, 2);
        l->head_name = stmt_text_dup(q, 3, a);
        l->deputy_name = stmt_text_dup(q, 4, a);
    }
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int block_memberships_of_unit(store *s, arena *a, int64_t unit_id, struct block_membership **out, int *n)
{
    stmt *q = store_query(s,
        "SELECT b.id, b.name, b.kind, m.joined, m.left_on FROM block_member m JOIN emulation_block b ON b.id = m.block_id"
        " WHERE m.unit_id = $1 ORDER BY b.name", "i", unit_id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct block_membership *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct block_membership *m = ARENA_PUSH(a, v, cnt, cap);
        m->block_id = stmt_int64(q, 0);
        m->block_name = stmt_text_dup(q, 1, a);
        m->kind = stmt_text_dup(q, 2, a);
        m->joined = stmt_text_dup(q, 3, a);
        m->left_on = stmt_text_dup(q, 4, a);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc;
    /* The years this unit led or deputised, for all its blocks in one query. */
    q = store_query(s, "SELECT block_id, year, CASE WHEN head_unit_id = $1 THEN 1 ELSE 0 END FROM block_leadership"
                       " WHERE head_unit_id = $1 OR deputy_unit_id = $1 ORDER BY block_id, year", "i", unit_id);
    if (!q) return STORE_ERR;
    buf *years = cnt ? arena_alloc(a, sizeof *years * 2 * (size_t)cnt) : NULL;   /* head, deputy per block */
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int64_t block_id = stmt_int64(q, 0);
        for (int i = 0; i < cnt; i++) {
            if (v[i].block_id != block_id) continue;
            buf *b = &years[2 * i + (stmt_int64(q, 2) ? 0 : 1)];
            buf_printf(b, "%s%lld", b->len ? ", " : "", (long long)stmt_int64(q, 1));
            break;
        }
    }
    stmt_finalize(q);
    for (int i = 0; i < cnt; i++) {
        v[i].head_years = years[2 * i].len ? arena_strdup(a, years[2 * i].data) : NULL;
        v[i].deputy_years = years[2 * i + 1].len ? arena_strdup(a, years[2 * i + 1].data) : NULL;
        buf_free(&years[2 * i]);
        buf_free(&years[2 * i + 1]);
    }
    if (rc != STORE_DONE) return rc;
    *out = v;
    *n = cnt;
    return STORE_OK;
}

json_t *block_json(const struct block *b)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:i}", "id", (json_int_t)b->id, "name", b->name, "kind", b->kind,
                          "kind_label", block_kind_label(b->kind), "members", b->members);
    json_object_set_new(o, "description", b->description ? json_string(b->description) : json_null());
    return o;
}

/* ---- scope: the one rule of every block write ----
 * A block write changes something for some units, and the writer's unit scope (unit.h: the whole
 * tree, or the user's unit and the units below it) must cover every one of them:
 *  - adding or ending a membership concerns that unit;
 *  - the head and deputy of a year concern every member of the block that year (the posts are
 *    theirs to fill), the units named, and the units that held the posts before;
 *  - the name, kind and description concern every unit that is or was a member. A block with no
 *    member yet concerns the whole province: only a whole-tree scope renames it.
 * The domain functions below apply it inside their transactions, so the form, the API and any
 * later caller get the same answer; the command line and the demo are whole-tree actors. */

/* q lists the units a write concerns (id, name) and is finalized here. empty_ok: a write that
 * concerns no unit is allowed (its own checks then refuse it if it names a unit that does not
 * exist). Returns 1 allowed, 0 refused with the field error "scope", < 0 store error. */
static int scope_covers(store *s, arena *a, const struct actor *ac, stmt *q, bool empty_ok,
                        const char *block_name, struct field_errors *fe)
{
    if (!q) return STORE_ERR;
    if (ac->whole_tree) {
        stmt_finalize(q);
        return 1;
    }
    int rc = STORE_DONE, n = 0;
    const char *outside = NULL;
    while (!outside && (rc = stmt_step(q)) == STORE_ROW) {
        n++;
        if (!unit_tree_contains(s, ac->unit_id, stmt_int64(q, 0))) outside = stmt_text_dup(q, 1, a);
    }
    stmt_finalize(q);
    if (outside) {
        ferr_add(fe, "scope", arena_printf(a, "Bạn không có quyền thay đổi %s: %s không thuộc đơn vị của bạn hoặc các đơn "
                                              "vị trực thuộc.", block_name, outside));
        return 0;
    }
    if (rc != STORE_DONE) return rc < 0 ? rc : STORE_ERR;
    if (!n && !empty_ok) {
        ferr_add(fe, "scope", arena_printf(a, "%s chưa có đơn vị thành viên nên thuộc phạm vi toàn tỉnh; chỉ cán bộ có phạm vi "
                                              "toàn tỉnh mới sửa được.", block_name));
        return 0;
    }
    return 1;
}

static int scope_covers_unit(store *s, arena *a, const struct actor *ac, int64_t unit_id, const char *block_name,
                             struct field_errors *fe)
{
    return scope_covers(s, a, ac, store_query(s, "SELECT id, name FROM unit WHERE id = $1", "i", unit_id), true,
                        block_name, fe);
}

int block_may_edit(store *s, arena *a, const struct actor *ac, int64_t block_id, const char *block_name,
                   struct field_errors *fe)
{
    return scope_covers(s, a, ac,
                        store_query(s, "SELECT m.unit_id, u.name FROM block_member m JOIN unit u ON u.id = m.unit_id"
                                       " WHERE m.block_id = $1 ORDER BY u.sort_key", "i", block_id),
                        false, block_name, fe);
}

/* ---- writing ---- */
/* Commits a write whose audit entry is aid: the block's id, or STORE_ERR (rolled back). */
static int64_t finish(store *s, int64_t aid, int64_t block_id)
{
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return block_id;
}

int64_t block_create(store *s, arena *a, const struct actor *ac, const char *name, const char *kind,
                     const char *description, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_BLOCK_WRITE)) { ferr_add(fe, "scope", BLOCK_NO_CAP); return 0; }
    const char *n = field_clean(a, name ? name : "", &f_bname, "name", "Tên khối", fe);
    if (!n && !ferr_get(fe, "name")) ferr_add(fe, "name", "Hãy nhập tên khối, cụm thi đua.");
    const char *k = block_kind_from_text(kind);
    if (!k) ferr_add(fe, "kind", "Loại phải là khối (khoi) hoặc cụm (cum).");
    const char *d = field_clean(a, description, &f_bdesc, "description", "Mô tả", fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t other = 0;
    if (store_int64(s, &other, "SELECT id FROM emulation_block WHERE name = $1", "t", n) == 1) {
        store_rollback(s);
        ferr_add(fe, "name", arena_printf(a, "Đã có khối, cụm tên \"%s\" (số %lld).", n, (long long)other));
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO emulation_block(name, kind, description, created_at, updated_at)"
                            " VALUES ($1, $2, $3, $4, $4) RETURNING id", "tttt", n, k, d, now) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", n, "kind", k);
    json_object_set_new(after, "description", d ? json_string(d) : json_null());
    int64_t aid = audit_write(s, ac->user_id, ac->login, "create", "block", idtxt(a, id), NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t block_update(store *s, arena *a, const struct actor *ac, int64_t id, const char *name, const char *kind,
                     const char *description, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_BLOCK_WRITE)) { ferr_add(fe, "scope", BLOCK_NO_CAP); return 0; }
    struct block b;
    int rc = block_get(s, a, id, &b);
    if (rc <= 0) {
        if (!rc) ferr_add(fe, "id", "Không có khối, cụm này.");
        return rc;
    }
    const char *n = b.name, *k = b.kind, *d = b.description;
    if (name) {
        n = field_clean(a, name, &f_bname, "name", "Tên khối", fe);
        if (!n && !ferr_get(fe, "name")) ferr_add(fe, "name", "Hãy nhập tên khối, cụm thi đua.");
    }
    if (kind && !(k = block_kind_from_text(kind))) ferr_add(fe, "kind", "Loại phải là khối (khoi) hoặc cụm (cum).");
    if (description) d = field_clean(a, description, &f_bdesc, "description", "Mô tả", fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    if ((rc = block_may_edit(s, a, ac, id, b.name, fe)) != 1) {
        store_rollback(s);
        return rc;
    }
    int64_t other = 0;
    if (store_int64(s, &other, "SELECT id FROM emulation_block WHERE name = $1 AND id <> $2", "ti", n, id) == 1) {
        store_rollback(s);
        ferr_add(fe, "name", arena_printf(a, "Đã có khối, cụm tên \"%s\" (số %lld).", n, (long long)other));
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_exec(s, "UPDATE emulation_block SET name = $2, kind = $3, description = $4, updated_at = $5 WHERE id = $1",
                   "itttt", id, n, k, d, now) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *before = json_pack("{s:s, s:s}", "name", b.name, "kind", b.kind);
    json_object_set_new(before, "description", b.description ? json_string(b.description) : json_null());
    json_t *after = json_pack("{s:s, s:s}", "name", n, "kind", k);
    json_object_set_new(after, "description", d ? json_string(d) : json_null());
    int64_t aid = audit_write(s, ac->user_id, ac->login, "update", "block", idtxt(a, id), before, after);
    json_decref(before);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t block_member_add(store *s, arena *a, const struct actor *ac, int64_t block_id, int64_t unit_id,
                         const char *joined, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_BLOCK_WRITE)) { ferr_add(fe, "scope", BLOCK_NO_CAP); return 0; }
    const char *j = field_date(a, joined, 0, "joined", "Ngày tham gia", fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct block b;
    struct unit u;
    int rc = block_get(s, a, block_id, &b);
    if (rc < 0 || (rc = rc ? unit_get(s, a, unit_id, &u) : 0) < 0) { store_rollback(s); return STORE_ERR; }
    if (!rc) {
        store_rollback(s);
        ferr_add(fe, "unit_id", "Không có khối hoặc đơn vị này.");
        return 0;
    }
    if ((rc = scope_covers_unit(s, a, ac, unit_id, b.name, fe)) != 1) {
        store_rollback(s);
        return rc;
    }
    char today[11];
    iso_date_today(today);
    stmt *q = store_query(s, "SELECT joined, left_on FROM block_member WHERE block_id = $1 AND unit_id = $2", "ii", block_id, unit_id);
    if (!q) { store_rollback(s); return STORE_ERR; }
    bool exists = false, current = false;
    const char *old_joined = NULL, *old_left = NULL;
    if (stmt_step(q) == STORE_ROW) {
        exists = true;
        old_joined = stmt_text_dup(q, 0, a);
        old_left = stmt_text_dup(q, 1, a);
        current = !old_left || strcmp(old_left, today) >= 0;
    }
    stmt_finalize(q);
    if (current) {
        store_rollback(s);
        ferr_add(fe, "unit_id", arena_printf(a, "%s đã là thành viên của %s.", u.name, b.name));
        return 0;
    }
    if (exists) rc = store_exec(s, "UPDATE block_member SET joined = $3, left_on = NULL WHERE block_id = $1 AND unit_id = $2",
                                "iit", block_id, unit_id, j ? j : old_joined);
    else rc = store_exec(s, "INSERT INTO block_member(block_id, unit_id, joined) VALUES ($1, $2, $3)", "iit", block_id, unit_id, j);
    if (rc != STORE_OK) { store_rollback(s); return STORE_ERR; }
    json_t *after = json_pack("{s:I, s:I, s:s}", "block_id", (json_int_t)block_id, "unit_id", (json_int_t)unit_id,
                              "unit_name", u.name);
    json_object_set_new(after, "joined", (j ? j : old_joined) ? json_string(j ? j : old_joined) : json_null());
    json_t *before = exists ? json_pack("{s:s}", "left_on", old_left ? old_left : "") : NULL;
    int64_t aid = audit_write(s, ac->user_id, ac->login, "member_add", "block", idtxt(a, block_id), before, after);
    json_decref(after);
    if (before) json_decref(before);
    return finish(s, aid, block_id);
}

int64_t block_member_remove(store *s, arena *a, const struct actor *ac, int64_t block_id, int64_t unit_id,
                            const char *left_on, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_BLOCK_WRITE)) { ferr_add(fe, "scope", BLOCK_NO_CAP); return 0; }
    char today[11];
    iso_date_today(today);
    const char *l = field_date(a, left_on, 0, "left_on", "Ngày rời khối", fe);
    if (fe->n) return 0;
    if (!l) l = arena_strdup(a, today);
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    char *block_name = NULL;
    int rc = store_text(s, &block_name, a, "SELECT name FROM emulation_block WHERE id = $1", "i", block_id);
    if (rc == 1) rc = scope_covers_unit(s, a, ac, unit_id, block_name, fe);
    else if (rc == 0) ferr_add(fe, "id", "Không có khối, cụm này.");
    if (rc != 1) {
        store_rollback(s);
        return rc;
    }
    stmt *q = store_query(s, "SELECT m.joined, m.left_on, u.name FROM block_member m JOIN unit u ON u.id = m.unit_id"
                             " WHERE m.block_id = $1 AND m.unit_id = $2", "ii", block_id, unit_id);
    if (!q) { store_rollback(s); return STORE_ERR; }
    const char *joined = NULL, *old_left = NULL, *name = NULL;
    bool found = stmt_step(q) == STORE_ROW;
    if (found) {
        joined = stmt_text_dup(q, 0, a);
        old_left = stmt_text_dup(q, 1, a);
        name = stmt_text_dup(q, 2, a);
    }
    stmt_finalize(q);
    if (!found || (old_left && strcmp(old_left, today) < 0)) {
        store_rollback(s);
        ferr_add(fe, "unit_id", "Đơn vị này hiện không là thành viên của khối, cụm.");
        return 0;
    }
    if (joined && strcmp(l, joined) < 0) {
        store_rollback(s);
        ferr_add(fe, "left_on", "Ngày rời khối phải sau ngày tham gia.");
        return 0;
    }
    int64_t later = 0;
    if (store_int64(s, &later, "SELECT coalesce(max(year), 0) FROM block_leadership WHERE block_id = $1"
                               " AND (head_unit_id = $2 OR deputy_unit_id = $2)", "ii", block_id, unit_id) < 0) {
        store_rollback(s);
        return STORE_ERR;
    }
    if (later > atoi(l)) {
        store_rollback(s);
        ferr_add(fe, "unit_id", arena_printf(a, "%s là trưởng hoặc phó khối năm %lld; hãy chọn đơn vị khác cho năm đó trước.",
                                             name, (long long)later));
        return 0;
    }
    if (store_exec(s, "UPDATE block_member SET left_on = $3 WHERE block_id = $1 AND unit_id = $2", "iit", block_id, unit_id, l) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:I, s:I, s:s, s:s}", "block_id", (json_int_t)block_id, "unit_id", (json_int_t)unit_id,
                              "unit_name", name, "left_on", l);
    int64_t aid = audit_write(s, ac->user_id, ac->login, "member_remove", "block", idtxt(a, block_id), NULL, after);
    json_decref(after);
    return finish(s, aid, block_id);
}

/* True if unit_id was a member of the block at some time during `year`. */
static int member_in_year(store *s, int64_t block_id, int64_t unit_id, int year, bool *yes)
{
    char first[16], last[16];   /* year is 1945..2200 (checked by the caller) */
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    int64_t n = 0;
    int rc = store_int64(s, &n, "SELECT count(*) FROM block_member WHERE block_id = $1 AND unit_id = $2"
                                " AND (joined IS NULL OR joined <= $4) AND (left_on IS NULL OR left_on >= $3)",
                         "iitt", block_id, unit_id, first, last);
    *yes = rc == 1 && n > 0;
    return rc < 0 ? rc : STORE_OK;
}

int64_t block_leader_set(store *s, arena *a, const struct actor *ac, int64_t block_id, int year, int64_t head_id,
                         int64_t deputy_id, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_BLOCK_WRITE)) { ferr_add(fe, "scope", BLOCK_NO_CAP); return 0; }
    if (year < 1945 || year > 2200) ferr_add(fe, "year", "Năm phải từ 1945 đến 2200.");
    if (head_id <= 0) ferr_add(fe, "head_unit_id", "Hãy chọn đơn vị trưởng khối.");
    if (deputy_id && deputy_id == head_id) ferr_add(fe, "deputy_unit_id", "Phó khối phải khác trưởng khối.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct block b;
    int rc = block_get(s, a, block_id, &b);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có khối, cụm này.");
        return rc;
    }
    char first[16], last[16];   /* year is 1945..2200 (checked above) */
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    rc = scope_covers(s, a, ac,
                      store_query(s, "SELECT id, name FROM unit WHERE id IN ($2, $3)"
                                     " UNION SELECT u.id, u.name FROM block_member m JOIN unit u ON u.id = m.unit_id"
                                     "  WHERE m.block_id = $1 AND (m.joined IS NULL OR m.joined <= $5)"
                                     "  AND (m.left_on IS NULL OR m.left_on >= $4)"
                                     " UNION SELECT u.id, u.name FROM block_leadership l"
                                     "  JOIN unit u ON u.id IN (l.head_unit_id, l.deputy_unit_id)"
                                     "  WHERE l.block_id = $1 AND l.year = $6",
                                  "iiittI", block_id, head_id, deputy_id, first, last, year),
                      true, b.name, fe);
    if (rc != 1) {
        store_rollback(s);
        return rc;
    }
    bool ok;
    if (member_in_year(s, block_id, head_id, year, &ok) < 0) { store_rollback(s); return STORE_ERR; }
    if (!ok) ferr_add(fe, "head_unit_id", arena_printf(a, "Trưởng khối phải là thành viên của %s trong năm %d.", b.name, year));
    if (deputy_id) {
        if (member_in_year(s, block_id, deputy_id, year, &ok) < 0) { store_rollback(s); return STORE_ERR; }
        if (!ok) ferr_add(fe, "deputy_unit_id", arena_printf(a, "Phó khối phải là thành viên của %s trong năm %d.", b.name, year));
    }
    if (fe->n) { store_rollback(s); return 0; }
    json_t *before = NULL;
    stmt *q = store_query(s, "SELECT head_unit_id, deputy_unit_id FROM block_leadership WHERE block_id = $1 AND year = $2",
                          "iI", block_id, year);
    if (!q) { store_rollback(s); return STORE_ERR; }
    if (stmt_step(q) == STORE_ROW)
        before = json_pack("{s:I, s:o}", "head_unit_id", (json_int_t)stmt_int64(q, 0), "deputy_unit_id",
                           stmt_is_null(q, 1) ? json_null() : json_integer(stmt_int64(q, 1)));
    stmt_finalize(q);
    /* Portable upsert: both SQLite and PostgreSQL take ON CONFLICT … DO UPDATE with excluded. */
    if (store_exec(s, "INSERT INTO block_leadership(block_id, year, head_unit_id, deputy_unit_id)"
                      " VALUES ($1, $2, $3, CASE WHEN $4 = 0 THEN NULL ELSE $4 END)"
                      " ON CONFLICT (block_id, year) DO UPDATE SET head_unit_id = excluded.head_unit_id,"
                      " deputy_unit_id = excluded.deputy_unit_id", "iIii", block_id, year, head_id, deputy_id) != STORE_OK) {
        if (before) json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:i, s:I, s:o}", "year", year, "head_unit_id", (json_int_t)head_id, "deputy_unit_id",
                              deputy_id ? json_integer(deputy_id) : json_null());
    int64_t aid = audit_write(s, ac->user_id, ac->login, "leader_set", "block", idtxt(a, block_id), before, after);
    if (before) json_decref(before);
    json_decref(after);
    return finish(s, aid, block_id);
}

int block_memberships_end(store *s, int64_t unit_id, const char *last_day)
{
    if (store_exec(s, "UPDATE block_member SET left_on = $2 WHERE unit_id = $1 AND (left_on IS NULL OR left_on > $2)",
                   "it", unit_id, last_day) != STORE_OK)
        return STORE_ERR;
    return store_changes(s);
}
