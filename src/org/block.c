/* block.c: emulation blocks and clusters (block.h): members with joined/left dates, a head and
 * a deputy per year (both members that year); the /blocks pages, the /api/blocks endpoints and
 * the `thidua block` commands. */
#include "block.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "import.h"
#include "org_pages.h"
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

/* A block named by id or by its exact name (CLI). */
static int block_find_ref(store *s, int64_t *id, const char *ref)
{
    int rc = store_int64(s, id, "SELECT id FROM emulation_block WHERE name = $1", "t", ref);
    if (rc != 0) return rc;
    int64_t n;
    if (!parse_int64(ref, &n) || n <= 0) return 0;
    return store_int64(s, id, "SELECT id FROM emulation_block WHERE id = $1", "i", n);
}

int block_list(store *s, arena *a, struct block **out, int *n)
{
    char today[11];
    iso_date_today(today);
    stmt *q = store_query(s, "SELECT " BLOCK_COLS " FROM emulation_block b ORDER BY b.kind DESC, b.name", "t", today);
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

/* A date field: NULL/"" → NULL; otherwise ISO or dd/mm/yyyy, else a field error. */
static const char *date_field(arena *a, const char *in, const char *key, struct field_errors *fe)
{
    char iso[11];
    if (str_empty(in)) return NULL;
    if (unit_date_parse(in, iso)) return arena_strdup(a, iso);
    ferr_add(fe, key, arena_printf(a, "Ngày \"%s\" không hợp lệ; hãy viết dd/mm/yyyy.", in));
    return NULL;
}

int64_t block_member_add(store *s, arena *a, const struct actor *ac, int64_t block_id, int64_t unit_id,
                         const char *joined, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_BLOCK_WRITE)) { ferr_add(fe, "scope", BLOCK_NO_CAP); return 0; }
    const char *j = date_field(a, joined, "joined", fe);
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
    const char *l = date_field(a, left_on, "left_on", fe);
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

/* ======================================================================================
 * Pages
 * ====================================================================================== */

static const char *const block_kind_options[] = {"khoi", "Khối thi đua", "cum", "Cụm thi đua", NULL};

void block_unit_section(req *r, int64_t unit_id)
{
    struct block_membership *m;
    int n;
    html(r, "<h2>Khối, cụm thi đua</h2>");
    if (block_memberships_of_unit(r->db, &r->a, unit_id, &m, &n) < 0) {
        html(r, "<p class=\"notice error\">Không đọc được khối thi đua.</p>");
        return;
    }
    if (!n) { html(r, "<p class=\"muted\">Đơn vị không thuộc khối, cụm thi đua nào.</p>"); return; }
    html(r, "<ul>");
    for (int i = 0; i < n; i++) {
        html(r, "<li><a href=\"/blocks/%D\">%s</a>", m[i].block_id, m[i].block_name);
        if (m[i].left_on) html(r, " <span class=\"tag old\">đã rời ngày %T</span>", m[i].left_on);
        if (m[i].head_years) html(r, " — trưởng khối năm %s", m[i].head_years);
        if (m[i].deputy_years) html(r, " — phó khối năm %s", m[i].deputy_years);
        html(r, "</li>");
    }
    html(r, "</ul>");
}

void blocks_page(req *r)
{
    struct block *v;
    int n;
    if (block_list(r->db, &r->a, &v, &n) < 0) { web_fail(r, "list blocks"); return; }
    page_begin(r, "Khối, cụm thi đua");
    if (web_has_cap(r, CAP_BLOCK_WRITE))
        html(r, "<p class=\"actions\"><a class=\"button\" href=\"/blocks/new\">Thêm khối, cụm</a></p>");
    if (!n) {
        html(r, "<p class=\"muted\">Chưa có khối, cụm thi đua nào.</p>");
        page_end(r);
        return;
    }
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Tên</th><th scope=\"col\">Loại</th>"
            "<th scope=\"col\" class=\"num\">Thành viên</th><th scope=\"col\">Trưởng khối gần nhất</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        struct block_leader *l;
        int nl;
        if (block_leaders(r->db, &r->a, v[i].id, &l, &nl) < 0) { web_fail(r, "block leaders"); return; }
        html(r, "<tr><td><a href=\"/blocks/%D\">%s</a></td><td>%s</td><td class=\"num\">%d</td><td>", v[i].id, v[i].name,
             block_kind_label(v[i].kind), v[i].members);
        if (nl) html(r, "%s (%d)", l[0].head_name, l[0].year);
        html(r, "</td></tr>");
    }
    html(r, "</tbody></table></div>");
    page_end(r);
}

static void block_form(req *r, const char *action, const char *name, const char *kind, const char *desc,
                       const struct field_errors *fe)
{
    if (fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, action, "class=\"narrow\"");
    form_field(r, "text", "name", "Tên khối, cụm", name, ferr_get(fe, "name"), "required maxlength=\"200\"");
    form_select(r, "kind", "Loại", block_kind_options, kind ? kind : "khoi", ferr_get(fe, "kind"));
    form_field(r, "textarea", "description", "Mô tả (thành phần, giao ước …)", desc, ferr_get(fe, "description"),
               "maxlength=\"2000\"");
    form_end(r, "Lưu");
}

void block_new_page(req *r)
{
    struct field_errors fe = {0};
    const char *name = web_param(r, "name"), *kind = web_param(r, "kind"), *desc = web_param(r, "description");
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int64_t id = block_create(r->db, &r->a, &me, name, kind, desc, &fe);
        if (id < 0) { web_fail(r, "create block"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/blocks/%lld?notice=created", (long long)id)); return; }
    }
    page_begin(r, "Thêm khối, cụm thi đua");
    block_form(r, "/blocks/new", name, kind, desc, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

void block_edit_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct block b;
    int rc = block_get(r->db, &r->a, id, &b);
    if (rc < 0) { web_fail(r, "get block"); return; }
    if (!rc) { web_error(r, 404, "Không có khối, cụm này."); return; }
    struct field_errors fe = {0};
    struct actor sc = actor_of_req(r);
    /* The form is offered only to who may save it (the same rule as block_update). */
    if ((rc = block_may_edit(r->db, &r->a, &sc, id, b.name, &fe)) != 1) {
        if (rc < 0) web_fail(r, "block scope");
        else web_error(r, 403, ferr_get(&fe, "scope"));
        return;
    }
    const char *name = b.name, *kind = b.kind, *desc = b.description;
    if (web_is_post(r)) {
        name = web_param(r, "name");
        kind = web_param(r, "kind");
        desc = web_param(r, "description");
        rc = block_update(r->db, &r->a, &sc, id, name ? name : "", kind ? kind : "",
                          desc ? desc : "", &fe);
        if (rc < 0) { web_fail(r, "update block"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/blocks/%lld?notice=updated", (long long)id)); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    }
    page_begin(r, arena_printf(&r->a, "Sửa: %s", b.name));
    block_form(r, arena_printf(&r->a, "/blocks/%lld/edit", (long long)id), name, kind, desc, &fe);
    page_end(r);
    if (fe.n) r->status = 400;
}

/* The block page; `fe` carries the errors of a form posted to it (member or leader forms). */
static void block_render(req *r, int64_t id, const struct field_errors *fe)
{
    struct block b;
    int rc = block_get(r->db, &r->a, id, &b);
    if (rc < 0) { web_fail(r, "get block"); return; }
    if (!rc) { web_error(r, 404, "Không có khối, cụm này."); return; }
    struct block_member *m;
    struct block_leader *l;
    int nm, nl;
    if (block_members(r->db, &r->a, id, &m, &nm) < 0 || block_leaders(r->db, &r->a, id, &l, &nl) < 0) {
        web_fail(r, "block details");
        return;
    }
    char today[11];
    iso_date_today(today);
    bool can = web_has_cap(r, CAP_BLOCK_WRITE);
    struct actor sc = actor_of_req(r);
    struct field_errors why = {0};
    bool can_edit = can && block_may_edit(r->db, &r->a, &sc, id, b.name, &why) == 1;
    int status = fe->n ? 400 : r->status;
    page_begin(r, b.name);
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "created")) page_notice(r, "ok", "Đã tạo khối, cụm.");
    else if (str_eq(notice, "updated")) page_notice(r, "ok", "Đã lưu thay đổi.");
    if (fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa lưu được:</p><ul>");
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
        html(r, "</ul></div>");
    }
    html(r, "<p><span class=\"tag\">%s</span> %s</p>", block_kind_label(b.kind), b.description ? b.description : "");
    if (can_edit) html(r, "<p class=\"actions\"><a class=\"button secondary\" href=\"/blocks/%D/edit\">Sửa tên, mô tả</a></p>", id);

    html(r, "<h2>Trưởng khối, phó khối theo năm</h2>");
    if (!nl) html(r, "<p class=\"muted\">Chưa có.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Năm</th><th scope=\"col\">Trưởng khối</th>"
                "<th scope=\"col\">Phó khối</th></tr></thead><tbody>");
        for (int i = 0; i < nl; i++) {
            html(r, "<tr><td>%d</td><td><a href=\"/units/%D\">%s</a></td><td>", l[i].year, l[i].head_id, l[i].head_name);
            if (l[i].deputy_id) html(r, "<a href=\"/units/%D\">%s</a>", l[i].deputy_id, l[i].deputy_name);
            html(r, "</td></tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (can && nm) {
        html(r, "<h3>Chọn trưởng khối, phó khối cho một năm</h3>");
        form_begin(r, arena_printf(&r->a, "/blocks/%lld/leaders", (long long)id), "class=\"narrow\"");
        form_field(r, "number", "year", "Năm", web_param(r, "year") ? web_param(r, "year") : arena_strndup(&r->a, today, 4),
                   ferr_get(fe, "year"),
                   "min=\"1945\" max=\"2200\" required");
        /* every member, current or former: a past year may be led by a unit that has since left */
        const char **opt = arena_alloc(&r->a, sizeof *opt * (size_t)(2 * nm + 3));
        int k = 0;
        opt[k++] = "";
        opt[k++] = "— chọn đơn vị —";
        for (int i = 0; i < nm; i++) {
            opt[k++] = arena_printf(&r->a, "%lld", (long long)m[i].unit_id);
            opt[k++] = m[i].unit_name;
        }
        opt[k] = NULL;
        form_select(r, "head_unit_id", "Trưởng khối", opt, web_param(r, "head_unit_id"), ferr_get(fe, "head_unit_id"));
        const char **dopt = arena_alloc(&r->a, sizeof *dopt * (size_t)(2 * nm + 3));
        dopt[0] = "0";
        dopt[1] = "(không có)";
        memcpy(dopt + 2, opt + 2, sizeof *opt * (size_t)(k - 1));
        form_select(r, "deputy_unit_id", "Phó khối", dopt, web_param(r, "deputy_unit_id"), ferr_get(fe, "deputy_unit_id"));
        form_end(r, "Lưu");
    }

    html(r, "<h2>Thành viên</h2>");
    if (!nm) html(r, "<p class=\"muted\">Chưa có thành viên.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Đơn vị</th><th scope=\"col\">Tham gia</th>"
                "<th scope=\"col\">Rời khối</th>");
        if (can) html(r, "<th scope=\"col\">Thao tác</th>");
        html(r, "</tr></thead><tbody>");
        for (int i = 0; i < nm; i++) {
            bool current = !m[i].left_on || strcmp(m[i].left_on, today) >= 0;
            html(r, "<tr><td><a href=\"/units/%D\">%s</a>", m[i].unit_id, m[i].unit_name);
            if (!m[i].unit_current) html(r, " <span class=\"tag old\">đơn vị đã giải thể</span>");
            html(r, "</td><td>%T</td><td>%T</td>", m[i].joined, m[i].left_on);
            if (can) {
                html(r, "<td>");
                if (current) {
                    form_begin(r, arena_printf(&r->a, "/blocks/%lld/members/%lld/remove", (long long)id, (long long)m[i].unit_id),
                               "class=\"inline\"");
                    html(r, "<button type=\"submit\" class=\"secondary\">Cho rời khối</button></form>");
                }
                html(r, "</td>");
            }
            html(r, "</tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (can) {
        html(r, "<h3>Thêm thành viên</h3>");
        struct unit_list_opts o = {0};
        struct unit *v;
        int n;
        if (unit_list(r->db, &r->a, &o, &v, &n) < 0) { web_fail(r, "list units"); return; }
        const char **opt = arena_alloc(&r->a, sizeof *opt * (size_t)(2 * n + 3));
        int k = 0;
        opt[k++] = "";
        opt[k++] = "— chọn đơn vị —";
        for (int i = 0; i < n; i++) {
            bool member = false;
            for (int j = 0; j < nm && !member; j++)
                member = m[j].unit_id == v[i].id && (!m[j].left_on || strcmp(m[j].left_on, today) >= 0);
            if (member) continue;
            opt[k++] = arena_printf(&r->a, "%lld", (long long)v[i].id);
            opt[k++] = v[i].name;
        }
        opt[k] = NULL;
        form_begin(r, arena_printf(&r->a, "/blocks/%lld/members", (long long)id), "class=\"narrow\"");
        form_select(r, "unit_id", "Đơn vị", opt, NULL, ferr_get(fe, "unit_id"));
        form_field(r, "date", "joined", "Tham gia từ ngày (không bắt buộc)", NULL, ferr_get(fe, "joined"), NULL);
        form_end(r, "Thêm vào khối");
    }
    page_end(r);
    r->status = status;
}

/* The answer to a form posted to a block: back to the block when done, 403 when outside the
 * writer's scope, the block page with the field errors otherwise. */
static void block_page_result(req *r, int64_t id, int rc, const struct field_errors *fe, const char *what)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/blocks/%lld", (long long)id)); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    block_render(r, id, fe);
}

void block_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    block_render(r, id, &fe);
}

void block_member_add_page(req *r)
{
    int64_t id, unit_id = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    const char *u = web_param(r, "unit_id");
    if (str_empty(u) || !parse_int64(u, &unit_id) || unit_id <= 0) ferr_add(&fe, "unit_id", "Hãy chọn đơn vị.");
    struct actor sc = actor_of_req(r);
    int rc = fe.n ? 0 : block_member_add(r->db, &r->a, &sc, id, unit_id, web_param(r, "joined"), &fe);
    block_page_result(r, id, rc, &fe, "add member");
}

void block_member_remove_page(req *r)
{
    int64_t id, unit_id;
    if (!web_param_id(r, 0, &id) || !web_param_id(r, 1, &unit_id)) return;
    struct field_errors fe = {0};
    struct actor sc = actor_of_req(r);
    int rc = block_member_remove(r->db, &r->a, &sc, id, unit_id, web_param(r, "left_on"), &fe);
    block_page_result(r, id, rc, &fe, "remove member");
}

void block_leader_page(req *r)
{
    int64_t id, year = 0, head = 0, deputy = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    const char *y = web_param(r, "year"), *h = web_param(r, "head_unit_id"), *d = web_param(r, "deputy_unit_id");
    if (!y || !parse_int64(y, &year)) ferr_add(&fe, "year", "Hãy nhập năm.");
    if (!h || !parse_int64(h, &head)) ferr_add(&fe, "head_unit_id", "Hãy chọn trưởng khối.");
    if (!str_empty(d) && !parse_int64(d, &deputy)) ferr_add(&fe, "deputy_unit_id", "Phó khối không hợp lệ.");
    if (year < 0 || year > 100000) year = 0;
    struct actor sc = actor_of_req(r);
    int rc = fe.n ? 0 : block_leader_set(r->db, &r->a, &sc, id, (int)year, head, deputy, &fe);
    block_page_result(r, id, rc, &fe, "set leader");
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A unit given as an id (number) or id/code (string); 0 if absent or unknown. */
static int64_t junit(req *r, json_t *v)
{
    int64_t id = 0;
    if (json_is_integer(v) && json_integer_value(v) > 0) {
        if (store_int64(r->db, &id, "SELECT id FROM unit WHERE id = $1", "i", (int64_t)json_integer_value(v)) == 1) return id;
    } else if (json_is_string(v) && unit_find_ref(r->db, &id, json_string_value(v)) == 1) {
        return id;
    }
    return 0;
}

static bool need_object(req *r)
{
    if (r->json && json_is_object(r->json)) return true;
    web_json_fields(r, "Cần gửi một đối tượng JSON (Content-Type: application/json).", NULL);
    return false;
}

/* A refused API write: 404 for an unknown block, 403 outside the writer's scope, else 400 with
 * the field errors. */
static void block_json_refused(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "id")) { web_error(r, 404, "Không có khối, cụm này."); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    web_json_fields(r, "Không thực hiện được.", ferr_json(fe));
}

static json_t *block_full_json(req *r, int64_t id)
{
    struct block b;
    struct block_member *m;
    struct block_leader *l;
    int nm, nl;
    if (block_get(r->db, &r->a, id, &b) != 1 || block_members(r->db, &r->a, id, &m, &nm) < 0 ||
        block_leaders(r->db, &r->a, id, &l, &nl) < 0)
        return NULL;
    json_t *o = block_json(&b), *jm = json_array(), *jl = json_array();
    for (int i = 0; i < nm; i++) {
        json_t *x = json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)m[i].unit_id, "name", m[i].unit_name, "kind", m[i].unit_kind);
        json_object_set_new(x, "joined", m[i].joined ? json_string(m[i].joined) : json_null());
        json_object_set_new(x, "left_on", m[i].left_on ? json_string(m[i].left_on) : json_null());
        json_array_append_new(jm, x);
    }
    for (int i = 0; i < nl; i++) {
        json_t *x = json_pack("{s:i, s:I, s:s}", "year", l[i].year, "head_unit_id", (json_int_t)l[i].head_id, "head_name", l[i].head_name);
        json_object_set_new(x, "deputy_unit_id", l[i].deputy_id ? json_integer(l[i].deputy_id) : json_null());
        json_object_set_new(x, "deputy_name", l[i].deputy_name ? json_string(l[i].deputy_name) : json_null());
        json_array_append_new(jl, x);
    }
    json_object_set_new(o, "member_list", jm);
    json_object_set_new(o, "leaders", jl);
    return o;
}

void blocks_api(req *r)
{
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        if (!web_has_cap(r, CAP_BLOCK_WRITE)) { web_error(r, 403, "Bạn không có quyền quản lý khối thi đua."); return; }
        if (!need_object(r)) return;
        struct actor me = actor_of_req(r);
        int64_t id = block_create(r->db, &r->a, &me, jstr(r->json, "name"), jstr(r->json, "kind"),
                                  jstr(r->json, "description"), &fe);
        if (id < 0) { web_fail(r, "create block"); return; }
        if (!id) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
        json_t *o = block_full_json(r, id);
        if (!o) { web_fail(r, "get block"); return; }
        web_header(r, "Location", arena_printf(&r->a, "/api/blocks/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "block", o));
        return;
    }
    struct block *v;
    int n;
    if (block_list(r->db, &r->a, &v, &n) < 0) { web_fail(r, "list blocks"); return; }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, block_json(&v[i]));
    web_json(r, 200, json_pack("{s:o, s:i}", "blocks", a, "count", n));
}

void block_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct block b;
    int rc = block_get(r->db, &r->a, id, &b);
    if (rc < 0) { web_fail(r, "get block"); return; }
    if (!rc) { web_error(r, 404, "Không có khối, cụm này."); return; }
    if (str_eq(r->method, "PATCH")) {
        if (!web_has_cap(r, CAP_BLOCK_WRITE)) { web_error(r, 403, "Bạn không có quyền quản lý khối thi đua."); return; }
        if (!need_object(r)) return;
        struct field_errors fe = {0};
        json_t *d = json_object_get(r->json, "description");
        struct actor sc = actor_of_req(r);
        rc = block_update(r->db, &r->a, &sc, id, jstr(r->json, "name"), jstr(r->json, "kind"),
                          json_is_null(d) ? "" : jstr(r->json, "description"), &fe);
        if (rc < 0) { web_fail(r, "update block"); return; }
        if (!rc) { block_json_refused(r, &fe); return; }
    }
    json_t *o = block_full_json(r, id);
    if (!o) { web_fail(r, "get block"); return; }
    web_json(r, 200, json_pack("{s:o}", "block", o));
}

/* POST {unit_id|unit_code, joined} adds; DELETE …/members/{unit}?left_on=DATE ends a membership. */
void block_members_api(req *r)
{
    int64_t id, unit_id = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    int rc;
    struct actor sc = actor_of_req(r);
    if (str_eq(r->method, "DELETE")) {
        if (!web_param_id(r, 1, &unit_id)) return;
        rc = block_member_remove(r->db, &r->a, &sc, id, unit_id, web_param(r, "left_on"), &fe);
    } else {
        if (!need_object(r)) return;
        json_t *u = json_object_get(r->json, "unit_id");
        if (!u) u = json_object_get(r->json, "unit_code");
        unit_id = junit(r, u);
        if (!unit_id) { ferr_add(&fe, "unit_id", "Không có đơn vị này (unit_id hoặc unit_code)."); rc = 0; }
        else rc = block_member_add(r->db, &r->a, &sc, id, unit_id, jstr(r->json, "joined"), &fe);
    }
    if (rc < 0) { web_fail(r, "block member"); return; }
    if (!rc) { block_json_refused(r, &fe); return; }
    json_t *o = block_full_json(r, id);
    if (!o) { web_fail(r, "get block"); return; }
    web_json(r, 200, json_pack("{s:o}", "block", o));
}

/* PUT /api/blocks/{id}/leaders/{year} {head_unit_id, deputy_unit_id}: ids or codes. */
void block_leader_api(req *r)
{
    int64_t id, year;
    if (!web_param_id(r, 0, &id)) return;
    if (!parse_int64(r->params[1], &year) || year < 1945 || year > 2200) {
        web_error(r, 404, "Năm phải từ 1945 đến 2200.");
        return;
    }
    if (!need_object(r)) return;
    struct field_errors fe = {0};
    json_t *h = json_object_get(r->json, "head_unit_id"), *d = json_object_get(r->json, "deputy_unit_id");
    int64_t head = junit(r, h), deputy = d && !json_is_null(d) ? junit(r, d) : 0;
    if (!head) ferr_add(&fe, "head_unit_id", "Không có đơn vị trưởng khối này.");
    if (d && !json_is_null(d) && !deputy) ferr_add(&fe, "deputy_unit_id", "Không có đơn vị phó khối này.");
    struct actor sc = actor_of_req(r);
    int rc = fe.n ? 0 : block_leader_set(r->db, &r->a, &sc, id, (int)year, head, deputy, &fe);
    if (rc < 0) { web_fail(r, "set leader"); return; }
    if (!rc) { block_json_refused(r, &fe); return; }
    json_t *o = block_full_json(r, id);
    if (!o) { web_fail(r, "get block"); return; }
    web_json(r, 200, json_pack("{s:o}", "block", o));
}

/* ======================================================================================
 * CLI: thidua block …
 * ====================================================================================== */

static void print_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) fprintf(stderr, "thidua block %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

static int block_add_cmd(int argc, char **argv)
{
    const char *name = cli_option(&argc, argv, "name"), *kind = cli_option(&argc, argv, "kind"),
               *desc = cli_option(&argc, argv, "description");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1 || !name || !kind) {
        fprintf(stderr, "usage: thidua block add --name NAME --kind khoi|cum [--description TEXT] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = block_create(s, &a, &me, name, kind, desc, &fe);
    int rc = 1;
    if (id < 0) fprintf(stderr, "thidua block add: %s\n", store_errmsg(s));
    else if (!id) print_fe("add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int block_list_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1) { fprintf(stderr, "usage: thidua block list --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    struct block *v;
    int n, rc = 0;
    if (block_list(s, &a, &v, &n) < 0) { fprintf(stderr, "thidua block list: %s\n", store_errmsg(s)); rc = 1; }
    else for (int i = 0; i < n; i++) printf("%lld\t%s\t%d\t%s\n", (long long)v[i].id, v[i].kind, v[i].members, v[i].name);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int block_show_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    int64_t id;
    struct block b;
    struct block_member *m;
    struct block_leader *l;
    int nm, nl;
    if (argc != 2) { fprintf(stderr, "usage: thidua block show ID|NAME --db FILE\n"); rc = 2; goto out; }
    if (block_find_ref(s, &id, argv[1]) != 1 || block_get(s, &a, id, &b) != 1 || block_members(s, &a, id, &m, &nm) < 0 ||
        block_leaders(s, &a, id, &l, &nl) < 0) {
        fprintf(stderr, "thidua block show: no block '%s'\n", argv[1]);
        goto out;
    }
    printf("id: %lld\nname: %s\nkind: %s\n", (long long)b.id, b.name, b.kind);
    for (int i = 0; i < nm; i++)
        printf("member: %lld %s%s%s\n", (long long)m[i].unit_id, m[i].unit_name, m[i].left_on ? " left " : "",
               m[i].left_on ? m[i].left_on : "");
    for (int i = 0; i < nl; i++)
        printf("leader %d: head %lld %s; deputy %s\n", l[i].year, (long long)l[i].head_id, l[i].head_name,
               l[i].deputy_name ? l[i].deputy_name : "-");
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* thidua block member BLOCK add|remove UNIT [--date DATE] */
static int block_member_cmd(int argc, char **argv)
{
    const char *date = cli_option(&argc, argv, "date");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    int64_t id, unit;
    if (argc != 4 || (!str_eq(argv[2], "add") && !str_eq(argv[2], "remove"))) {
        fprintf(stderr, "usage: thidua block member BLOCK add|remove UNIT [--date DATE] --db FILE\n");
        rc = 2;
        goto out;
    }
    if (block_find_ref(s, &id, argv[1]) != 1) { fprintf(stderr, "thidua block member: no block '%s'\n", argv[1]); goto out; }
    if (unit_find_ref(s, &unit, argv[3]) != 1) { fprintf(stderr, "thidua block member: no unit '%s'\n", argv[3]); goto out; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t r = str_eq(argv[2], "add") ? block_member_add(s, &a, &me, id, unit, date, &fe)
                                   : block_member_remove(s, &a, &me, id, unit, date, &fe);
    if (r < 0) fprintf(stderr, "thidua block member: %s\n", store_errmsg(s));
    else if (!r) print_fe("member", &fe);
    else rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

/* thidua block leader BLOCK YEAR HEAD [DEPUTY] */
static int block_leader_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    int64_t id, year, head, deputy = 0;
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: thidua block leader BLOCK YEAR HEAD_UNIT [DEPUTY_UNIT] --db FILE\n");
        rc = 2;
        goto out;
    }
    if (block_find_ref(s, &id, argv[1]) != 1) { fprintf(stderr, "thidua block leader: no block '%s'\n", argv[1]); goto out; }
    if (!parse_int64(argv[2], &year) || year < 1945 || year > 2200) { fprintf(stderr, "thidua block leader: bad year '%s'\n", argv[2]); rc = 2; goto out; }
    if (unit_find_ref(s, &head, argv[3]) != 1) { fprintf(stderr, "thidua block leader: no unit '%s'\n", argv[3]); goto out; }
    if (argc == 5 && unit_find_ref(s, &deputy, argv[4]) != 1) { fprintf(stderr, "thidua block leader: no unit '%s'\n", argv[4]); goto out; }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t r = block_leader_set(s, &a, &me, id, (int)year, head, deputy, &fe);
    if (r < 0) fprintf(stderr, "thidua block leader: %s\n", store_errmsg(s));
    else if (!r) print_fe("leader", &fe);
    else rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd block_cmds[] = {
    {"add", block_add_cmd, "--name NAME --kind khoi|cum [--description TEXT]", "create an emulation block or cluster"},
    {"list", block_list_cmd, "", "list blocks"},
    {"show", block_show_cmd, "ID|NAME", "members and yearly head/deputy"},
    {"member", block_member_cmd, "BLOCK add|remove UNIT [--date DATE]", "add a member, or end a membership"},
    {"leader", block_leader_cmd, "BLOCK YEAR HEAD_UNIT [DEPUTY_UNIT]", "set the head and deputy for a year"},
    {0},
};

int block_cmd(int argc, char **argv) { return cli_dispatch("block", block_cmds, argc, argv); }
