/* unit_csv.c: units to and from files (unit.h's unit_import, unit_import_sheet, unit_export):
 * the columns, the importer's natural keys (code, tax code, name under a parent), its check and
 * write passes (import.h; CSV or XLSX alike), and the export in tree order through one column
 * spec (export.h: CSV or XLSX). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "csv.h"
#include "export.h"
#include "import.h"
#include "privacy.h"
#include "unit_internal.h"
#include "vn.h"


/* ======================================================================================
 * Import and export
 * ====================================================================================== */

const struct import_column unit_columns[C__N] = {
    [C_CODE] = {"code|ma|ma_don_vi|ma_dv", false, "Mã đơn vị, duy nhất (mã hành chính hoặc mã nội bộ). Dòng có mã đã có là dòng trùng."},
    [C_NAME] = {"name|ten|ten_don_vi", true, "Tên đầy đủ của đơn vị."},
    [C_KIND] = {"kind|loai|loai_don_vi", true, "Loại đơn vị: province, department, agency, mass_org, district, city, commune, ward, "
                                               "special_zone, school, hospital, enterprise, other — hoặc tên tiếng Việt (Sở, Xã, Phường, "
                                               "Doanh nghiệp …)."},
    [C_PARENT_CODE] = {"parent_code|ma_cap_tren|ma_don_vi_cap_tren", false, "Mã của đơn vị cấp trên: đã có trong hệ thống, hoặc ở một dòng trước trong tệp."},
    [C_PARENT_NAME] = {"parent_name|cap_tren|don_vi_cap_tren|ten_cap_tren|ten_don_vi_cap_tren", false,
                       "Tên đơn vị cấp trên, khi không có mã (phải duy nhất, không phân biệt dấu). Bỏ trống cả hai chỉ với cấp tỉnh."},
    [C_SHORT] = {"short_name|ten_viet_tat|viet_tat|ten_tat", false, "Tên viết tắt."},
    [C_TAX] = {"tax_code|mst|ma_so_thue", false, "Mã số thuế: 10 chữ số, hoặc 10 chữ số-3 chữ số cho chi nhánh; kiểm tra chữ số kiểm tra."},
    [C_ADDRESS] = {"address|dia_chi", false, "Địa chỉ."},
    [C_FROM] = {"valid_from|tu_ngay|hieu_luc_tu|ngay_bat_dau", false, "Ngày bắt đầu hiệu lực (dd/mm/yyyy hoặc yyyy-mm-dd)."},
    [C_TO] = {"valid_to|den_ngay|hieu_luc_den|ngay_ket_thuc", false, "Ngày hết hiệu lực, nếu đơn vị đã giải thể hoặc sáp nhập."},
    [C_NOTE] = {"note|ghi_chu", false, "Ghi chú."},
};

/* The column a field error is about, for the report. */
static const char *error_column(const char *key, bool by_name)
{
    if (str_eq(key, "parent_id")) return by_name ? "parent_name" : "parent_code";
    if (str_eq(key, "short_name") || str_eq(key, "tax_code") || str_eq(key, "valid_from") || str_eq(key, "valid_to") ||
        str_eq(key, "name") || str_eq(key, "kind") || str_eq(key, "code") || str_eq(key, "address") || str_eq(key, "note"))
        return key;
    return NULL;
}

const char *unit_trimmed(arena *a, const char *s)
{
    if (!s) return NULL;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return n ? arena_strndup(a, s, n) : NULL;
}

/* ---- the importer: check (reads only) and write (import.h) ----
 * The check treats the lines it accepted earlier in the file as stored units: a later line may
 * name one as its parent (by code or by name) or repeat it (same code, tax code, or name under the
 * same parent), so those keys are kept in a small hash map. */

/* An accepted line, ready to insert. */
struct unit_prep {
    struct unit u;                /* checked; u.parent_id: a unit in the database, or 0 */
    int parent_ix;                /* ... or the file's unit it goes under (index in rows), or -1 */
    int depth;                    /* its depth from the root */
    int line;
    const char *fold;             /* vn_fold of the name */
    const char *pcode;            /* the parent as the file named it: by code, */
    const char *pname_fold;       /* or by name (folded) */
    int64_t id;                   /* once written */
};

/* A string → (first index, count) map with open addressing; malloc'd, freed by unit_import. */
struct smap_val { int first, count; };
struct smap {
    const char **keys;            /* in the import's arena */
    struct smap_val *vals;
    size_t cap, n;
};

static uint64_t smap_hash(const char *k)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a */
    for (; *k; k++) h = (h ^ (unsigned char)*k) * 1099511628211u;
    return h;
}

static struct smap_val *smap_find(const struct smap *m, const char *key)
{
    if (!m->cap) return NULL;
    for (size_t i = smap_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return NULL;
        if (strcmp(m->keys[i], key) == 0) return &m->vals[i];
    }
}

/* The value of key, added as {first, 0} if absent (key is kept: it must outlive the map). */
static struct smap_val *smap_put(struct smap *m, const char *key, int first)
{
    if ((m->n + 1) * 2 > m->cap) {   /* at most half full: probes stay short */
        struct smap old = *m;
        m->cap = old.cap ? old.cap * 2 : 1024;
        m->keys = xcalloc(m->cap, sizeof *m->keys);
        m->vals = xcalloc(m->cap, sizeof *m->vals);
        m->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i]) *smap_put(m, old.keys[i], 0) = old.vals[i];
        free(old.keys);
        free(old.vals);
    }
    size_t i = smap_hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->vals[i] = (struct smap_val){first, 0};
        m->n++;
    }
    return &m->vals[i];
}

static void smap_free(struct smap *m)
{
    free(m->keys);
    free(m->vals);
    *m = (struct smap){0};
}

/* The statements an import runs for every line, each prepared once per import and reset between
 * uses: on a server that has run a while the connection's statement cache is full (it keeps
 * the first texts it sees), and preparing one costs more than running it. */
enum { IQ_CODE, IQ_TAX, IQ_FOLD2, IQ_NAME, IQ_NAME_UNDER, IQ_NAME_ROOT, IQ_INSERT16, IQ_INSERT4, IQ_INSERT1, IQ__N };
static const char *const iq_sql[IQ__N] = {
    [IQ_CODE] = "SELECT id FROM unit WHERE code = $1",
    [IQ_TAX] = "SELECT id FROM unit WHERE tax_code = $1",
    [IQ_FOLD2] = "SELECT id FROM unit WHERE name_fold = $1 ORDER BY id LIMIT 2",
    [IQ_NAME] = "SELECT id FROM unit WHERE coalesce(parent_id, 0) = $1 AND name_fold = $2 ORDER BY id",
    [IQ_NAME_UNDER] = "SELECT count(*) FROM unit WHERE parent_id = $1 AND name_fold = $2",
    [IQ_NAME_ROOT] = "SELECT count(*) FROM unit WHERE parent_id IS NULL AND name_fold = $1",
};

struct unit_import_ctx {
    const struct actor *ac;
    arena *a;
    stmt *q[IQ__N];
    struct unit_prep **rows;      /* the lines accepted in this pass, in file order (malloc'd) */
    int nrows, cap;
    /* Keys, by their first letter: c code, t tax code, n parent + folded name, f folded name
     * (count: how many lines), p a parent in the database (first: its depth, count: 1 if in
     * scope); and, during the write, W a parent code, V a parent name and w a parent confirmed. */
    struct smap keys;
};

static const char *key_of(arena *a, char kind, const char *text) { return arena_printf(a, "%c%s", kind, text); }

/* The import's statement `which` (iq_sql, or `sql` for the inserts), reset and bound; prepared
 * on first use. NULL on a store error. */
static stmt *iq(struct unit_import_ctx *c, store *s, int which, const char *sql, const char *types, ...)
{
    if (!c->q[which] && !(c->q[which] = store_prepare(s, sql ? sql : iq_sql[which]))) return NULL;
    stmt *q = c->q[which];
    stmt_reset(q);
    va_list ap;
    va_start(ap, types);
    int rc = stmt_bindv(q, types, ap);
    va_end(ap);
    return rc == STORE_OK ? q : NULL;
}

/* The first column of the first row of a held statement (then reset): 1, 0 no row, < 0. */
static int iq_int64(stmt *q, int64_t *out)
{
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) *out = stmt_int64(q, 0);
    stmt_reset(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

/* Up to two ids of units named `fold` (ORDER BY id): how many (0, 1, 2), the first in *first. */
static int iq_fold2(struct unit_import_ctx *c, store *s, const char *fold, int64_t *first)
{
    stmt *q = iq(c, s, IQ_FOLD2, NULL, "t", fold);
    if (!q) return STORE_ERR;
    int rc, n = 0;
    while ((rc = stmt_step(q)) == STORE_ROW)
        if (!n++) *first = stmt_int64(q, 0);
    stmt_reset(q);
    return rc == STORE_DONE ? n : rc < 0 ? rc : STORE_ERR;
}

static void unit_import_reset(void *ctx)
{
    struct unit_import_ctx *c = ctx;
    c->nrows = 0;
    smap_free(&c->keys);
}

/* Depth and scope of a parent in the database, looked up once per import pass. */
static struct smap_val *db_parent(struct unit_import_ctx *c, store *s, int64_t id)
{
    const char *k = arena_printf(c->a, "p%lld", (long long)id);
    struct smap_val *v = smap_find(&c->keys, k);
    if (v) return v;
    int depth = unit_depth(s, id);
    bool allowed = actor_in_scope(s, c->ac, id);
    v = smap_put(&c->keys, k, depth);
    v->count = allowed;
    return v;
}

static enum import_outcome unit_import_check(void *ctx, store *s, arena *a, const struct import_row *row,
                                             struct import_line *out)
{
    struct unit_import_ctx *c = ctx;
    const char *pcode = unit_trimmed(a, import_get(row, C_PARENT_CODE));
    const char *pname = unit_trimmed(a, import_get(row, C_PARENT_NAME));
    int64_t parent = 0;
    int pix = -1, pname_db = 0, rc;
    const char *pname_fold = NULL;
    struct smap_val *v;
    if (pcode) {
        if ((rc = iq_int64(iq(c, s, IQ_CODE, NULL, "t", pcode), &parent)) < 0) return IMPORT_FAILED;
        if (!rc) {
            if ((v = smap_find(&c->keys, key_of(a, 'c', pcode)))) {
                pix = v->first;
            } else {
                out->field = "parent_code";
                out->message = arena_printf(a, "không có đơn vị mã \"%s\" (trong hệ thống hay ở các dòng trước)", pcode);
                return IMPORT_REJECTED;
            }
        }
    } else if (pname) {
        buf fold = {0};
        vn_fold(pname, strlen(pname), &fold);
        pname_fold = arena_strdup(a, buf_str(&fold));
        buf_free(&fold);
        if ((pname_db = iq_fold2(c, s, pname_fold, &parent)) < 0) return IMPORT_FAILED;
        v = smap_find(&c->keys, key_of(a, 'f', pname_fold));
        int found = pname_db + (v ? v->count : 0);
        if (found != 1) {
            out->field = "parent_name";
            out->message = found ? arena_printf(a, "có nhiều đơn vị tên \"%s\"; hãy dùng cột parent_code", pname)
                                 : arena_printf(a, "không có đơn vị tên \"%s\"", pname);
            return IMPORT_REJECTED;
        }
        if (!pname_db) pix = v->first;
    }
    const char *under = pix >= 0 ? arena_printf(a, "l%d", pix) : arena_printf(a, "d%lld", (long long)parent);
    /* Natural keys, in order: code, tax code, folded name under the same parent — in the
     * database, then among the lines accepted before. */
    const char *code = unit_trimmed(a, import_get(row, C_CODE));
    const char *tax = unit_trimmed(a, import_get(row, C_TAX));
    const char *name = import_get(row, C_NAME);
    int64_t found = 0;
    if (code) {
        if ((rc = iq_int64(iq(c, s, IQ_CODE, NULL, "t", code), &found)) < 0) return IMPORT_FAILED;
        v = rc ? NULL : smap_find(&c->keys, key_of(a, 'c', code));
        if (rc || v) {
            out->id = found;
            out->same_as = v ? c->rows[v->first]->line : 0;
            out->field = "code";
            out->message = rc ? arena_printf(a, "đã có đơn vị mã \"%s\" (số %lld)", code, (long long)found)
                              : arena_printf(a, "đã có đơn vị mã \"%s\" ở dòng %d", code, out->same_as);
            return IMPORT_DUPLICATE;
        }
    }
    char norm[15];
    const char *why;
    if (tax && unit_tax_code_check(tax, norm, &why)) {
        if ((rc = iq_int64(iq(c, s, IQ_TAX, NULL, "t", norm), &found)) < 0) return IMPORT_FAILED;
        v = rc ? NULL : smap_find(&c->keys, key_of(a, 't', norm));
        if (rc || v) {
            out->id = found;
            out->same_as = v ? c->rows[v->first]->line : 0;
            out->field = "tax_code";
            out->message = rc ? arena_printf(a, "đã có đơn vị mã số thuế %s (số %lld)", norm, (long long)found)
                              : arena_printf(a, "đã có đơn vị mã số thuế %s ở dòng %d", norm, out->same_as);
            return IMPORT_DUPLICATE;
        }
    }
    const char *fold = NULL;
    if (name) {
        buf clean = {0}, f = {0};
        struct vn_error err;
        if (vn_field_clean(name, strlen(name), &unit_f_name, &clean, &err) == VN_OK && clean.len) {
            vn_fold(clean.data, clean.len, &f);
            fold = arena_strdup(a, buf_str(&f));
        }
        buf_free(&clean);
        buf_free(&f);
    }
    if (fold) {
        rc = pix >= 0 ? 0   /* a unit of this file has no children in the database */
                      : iq_int64(iq(c, s, IQ_NAME, NULL, "it", parent, fold), &found);
        if (rc < 0) return IMPORT_FAILED;
        v = rc ? NULL : smap_find(&c->keys, arena_printf(a, "n%s/%s", under, fold));
        if (rc || v) {
            out->id = found;
            out->same_as = v ? c->rows[v->first]->line : 0;
            out->field = "name";
            out->message = rc ? arena_printf(a, "đã có đơn vị cùng tên dưới cùng đơn vị cấp trên (số %lld)", (long long)found)
                              : arena_printf(a, "đã có đơn vị cùng tên dưới cùng đơn vị cấp trên ở dòng %d", out->same_as);
            return IMPORT_DUPLICATE;
        }
    }
    /* Scope: a parent in the database must lie in it; a unit of this file does (its own parent
     * did); a root needs the whole tree. */
    struct smap_val *pv = pix < 0 && parent ? db_parent(c, s, parent) : NULL;
    if (pix < 0 && (parent ? !pv->count : !c->ac->whole_tree)) {
        out->field = pcode ? "parent_code" : pname ? "parent_name" : "parent_code";
        out->message = "bạn không có quyền thêm đơn vị vào vị trí này của cây đơn vị";
        return IMPORT_REJECTED;
    }
    struct unit_input in = {
        .kind = import_get(row, C_KIND), .name = name ? name : "", .short_name = import_get(row, C_SHORT),
        .code = code, .tax_code = tax, .address = import_get(row, C_ADDRESS), .note = import_get(row, C_NOTE),
        .valid_from = import_get(row, C_FROM), .valid_to = import_get(row, C_TO), .set_parent = true, .parent_id = parent,
    };
    if (!in.kind) in.kind = "";
    struct parent_hint hint = {pix >= 0 ? c->rows[pix]->depth : pv ? pv->first : 0, pix >= 0};
    struct field_errors fe = {0};
    struct unit_prep *p = arena_alloc(a, sizeof *p);
    unit_prepare(s, a, &in, NULL, 0, pix >= 0 || parent ? &hint : NULL, &p->u, &fe);
    if (fe.n) {
        out->field = error_column(fe.items[0].name, pname && !pcode);
        buf msg = {0};
        for (int i = 0; i < fe.n; i++) {
            if (i) buf_putc(&msg, ' ');
            buf_puts(&msg, fe.items[i].value);
        }
        out->message = arena_strdup(a, buf_str(&msg));
        buf_free(&msg);
        return IMPORT_REJECTED;
    }
    /* Ready to write: everything the insert computes is computed here, outside the write lock. */
    buf f = {0}, key = {0};
    vn_fold(p->u.name, strlen(p->u.name), &f);
    vn_sortkey(p->u.name, strlen(p->u.name), &key);
    p->fold = arena_strdup(a, buf_str(&f));
    void *k = arena_alloc(a, key.len ? key.len : 1);
    if (key.len) memcpy(k, key.data, key.len);
    p->u.sort_key = k;
    p->u.sort_key_len = key.len;
    buf_free(&f);
    buf_free(&key);
    p->parent_ix = pix;
    p->depth = hint.depth + (pix >= 0 || parent ? 1 : 0);
    p->line = row->line;
    p->pcode = pcode;
    p->pname_fold = pname_fold;
    int ix = c->nrows;
    if (c->nrows == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->rows = xrealloc(c->rows, sizeof *c->rows * (size_t)c->cap);
    }
    c->rows[c->nrows++] = p;
    if (p->u.code) smap_put(&c->keys, key_of(a, 'c', p->u.code), ix);
    if (p->u.tax_code) smap_put(&c->keys, key_of(a, 't', p->u.tax_code), ix);
    smap_put(&c->keys, arena_printf(a, "n%s/%s", under, p->fold), ix);
    smap_put(&c->keys, key_of(a, 'f', p->fold), ix)->count++;
    out->prepared = p;
    return IMPORT_ACCEPTED;
}

/* Confirms, inside the write transaction and before anything is inserted, what the check of
 * line p read from the database that another writer could have changed since: how the parent
 * was named still names it (a name still names exactly one unit, or none when the parent is
 * the file's own), the parent still lies in scope at the same depth, and no unit of the same
 * name has appeared under it. Code and tax code are guarded by their unique indexes at the
 * insert. Each parent and reference is looked at once. */
static enum import_outcome unit_import_confirm(struct unit_import_ctx *c, store *s, arena *a, const struct unit_prep *p)
{
    int64_t n = 0;
    int rc;
    if (p->pcode || p->pname_fold) {
        const char *k = p->pcode ? key_of(a, 'W', p->pcode) : key_of(a, 'V', p->pname_fold);
        if (!smap_find(&c->keys, k)) {
            if (p->pcode && p->parent_ix < 0) {
                rc = iq_int64(iq(c, s, IQ_CODE, NULL, "t", p->pcode), &n);
                if (rc < 0) return IMPORT_FAILED;
                if (rc != 1 || n != p->u.parent_id) return IMPORT_CONFLICT;
            } else if (p->pname_fold) {
                int64_t first = 0;
                int cnt = iq_fold2(c, s, p->pname_fold, &first);
                if (cnt < 0) return IMPORT_FAILED;
                if (p->parent_ix >= 0 ? cnt != 0 : cnt != 1 || first != p->u.parent_id) return IMPORT_CONFLICT;
            }
            smap_put(&c->keys, k, 0);
        }
    }
    if (p->parent_ix >= 0) return IMPORT_ACCEPTED;   /* a new unit has no children in the database */
    if (p->u.parent_id) {
        const char *k = arena_printf(a, "w%lld", (long long)p->u.parent_id);
        if (!smap_find(&c->keys, k)) {
            if (unit_depth(s, p->u.parent_id) != p->depth - 1 || !actor_in_scope(s, c->ac, p->u.parent_id))
                return IMPORT_CONFLICT;
            smap_put(&c->keys, k, 0);
        }
    }
    rc = iq_int64(p->u.parent_id ? iq(c, s, IQ_NAME_UNDER, NULL, "it", p->u.parent_id, p->fold)
                                 : iq(c, s, IQ_NAME_ROOT, NULL, "t", p->fold), &n);
    if (rc != 1) return IMPORT_FAILED;
    return n ? IMPORT_CONFLICT : IMPORT_ACCEPTED;
}

/* Rows per INSERT statement. Each execution of the statement has a fixed cost (among others,
 * the CHECK on `kind` builds a small temporary index of the allowed kinds); several rows per
 * statement share it. Only these sizes are used, so the statement cache holds three texts. */
static const int insert_sizes[] = {16, 4, 1};   /* IQ_INSERT16, IQ_INSERT4, IQ_INSERT1 */

/* Inserts rows[0..n) (their parents already have ids) with one statement, and gives each its
 * id: RETURNING reports rows in no promised order, so each is matched by its parent and folded
 * name, which the check made unique among the rows of a file. */
static enum import_outcome insert_rows(struct unit_import_ctx *c, store *s, struct unit_prep **rows, int n)
{
    buf sql = {0};
    buf_puts(&sql, "INSERT INTO unit(parent_id, kind, name, short_name, code, tax_code, address, note, valid_from, valid_to,"
                   " name_fold, sort_key, created_at, updated_at) VALUES ");
    for (int i = 0; i < n; i++) {
        int b = 1 + 12 * i;   /* $1 is the time, shared */
        buf_printf(&sql, "%s(CASE WHEN $%d = 0 THEN NULL ELSE $%d END", i ? ", " : "", b + 1, b + 1);
        for (int k = 2; k <= 12; k++) buf_printf(&sql, ", $%d", b + k);
        buf_puts(&sql, ", $1, $1)");
    }
    buf_puts(&sql, " RETURNING id, coalesce(parent_id, 0), name_fold");
    stmt *q = iq(c, s, n == 16 ? IQ_INSERT16 : n == 4 ? IQ_INSERT4 : IQ_INSERT1, buf_str(&sql), "");
    buf_free(&sql);
    if (!q) return IMPORT_FAILED;
    char now[21];
    iso_time(now_unix(), now);
    int rc = stmt_bind_text(q, 1, now);
    for (int i = 0; i < n && rc == STORE_OK; i++) {
        const struct unit *u = &rows[i]->u;
        const char *text[9] = {u->kind, u->name, u->short_name, u->code, u->tax_code, u->address, u->note, u->valid_from,
                               u->valid_to};
        int b = 1 + 12 * i;
        rc = stmt_bind_int64(q, b + 1, u->parent_id);
        for (int k = 0; k < 9 && rc == STORE_OK; k++) rc = stmt_bind_text(q, b + 2 + k, text[k]);
        if (rc == STORE_OK) rc = stmt_bind_text(q, b + 11, rows[i]->fold);
        if (rc == STORE_OK) rc = stmt_bind_blob(q, b + 12, u->sort_key, u->sort_key_len);
    }
    int got = 0;
    while (rc == STORE_OK && (rc = stmt_step(q)) == STORE_ROW) {
        int64_t parent = stmt_int64(q, 1);
        const char *fold = stmt_text(q, 2);
        for (int i = 0; i < n; i++)
            if (!rows[i]->id && rows[i]->u.parent_id == parent && str_eq(rows[i]->fold, fold)) {
                rows[i]->id = stmt_int64(q, 0);
                got++;
                break;
            }
        rc = STORE_OK;
    }
    stmt_reset(q);
    if (rc == STORE_CONSTRAINT) return IMPORT_CONFLICT;   /* a code or tax code taken since the check */
    if (rc != STORE_DONE || got != n) return IMPORT_FAILED;
    return IMPORT_ACCEPTED;
}

static enum import_outcome insert_batch(struct unit_import_ctx *c, store *s, struct unit_prep **rows, int n)
{
    for (int done = 0; done < n;) {
        int size = 1;
        for (size_t k = 0; k < countof(insert_sizes); k++)
            if (insert_sizes[k] <= n - done) { size = insert_sizes[k]; break; }
        enum import_outcome o = insert_rows(c, s, rows + done, size);
        if (o != IMPORT_ACCEPTED) return o;
        done += size;
    }
    return IMPORT_ACCEPTED;
}

/* The write of an import (import.h): confirms every accepted line, then inserts them in file
 * order, several per statement; a batch ends before a line whose parent is in it (that parent
 * needs its id first). */
static enum import_outcome unit_import_write(void *ctx, store *s, arena *a, struct import_line *lines, int n)
{
    struct unit_import_ctx *c = ctx;
    for (int i = 0; i < n; i++) {
        if (lines[i].outcome != IMPORT_ACCEPTED) continue;
        enum import_outcome o = unit_import_confirm(c, s, a, lines[i].prepared);
        if (o != IMPORT_ACCEPTED) return o;
    }
    struct unit_prep *batch[16];
    int nb = 0, first = 0;   /* batch holds rows[first .. first + nb) of the accepted lines */
    for (int i = 0; i <= n; i++) {
        struct unit_prep *p = i < n && lines[i].outcome == IMPORT_ACCEPTED ? lines[i].prepared : NULL;
        if (i < n && !p) continue;
        int pix = p ? p->parent_ix : -1;
        bool parent_in_batch = pix >= 0 && pix >= first && pix < first + nb;
        if (nb && (!p || nb == (int)countof(batch) || parent_in_batch)) {
            enum import_outcome o = insert_batch(c, s, batch, nb);
            if (o != IMPORT_ACCEPTED) return o;
            first += nb;
            nb = 0;
        }
        if (!p) break;
        if (pix >= 0) p->u.parent_id = c->rows[pix]->id;
        p->id = 0;
        batch[nb++] = p;
    }
    for (int i = 0; i < n; i++)
        if (lines[i].outcome == IMPORT_ACCEPTED) lines[i].id = ((struct unit_prep *)lines[i].prepared)->id;
    return IMPORT_ACCEPTED;
}

int unit_import(store *s, arena *a, const struct actor *ac, const struct import_quota *quota, const char *file_name,
                const char *data, size_t len, unsigned flags, struct import_report *rep)
{
    return unit_import_sheet(s, a, ac, quota, file_name, data, len, flags, NULL, rep);
}

int unit_import_sheet(store *s, arena *a, const struct actor *ac, const struct import_quota *quota,
                      const char *file_name, const char *data, size_t len, unsigned flags, const char *sheet,
                      struct import_report *rep)
{
    if (!actor_has(ac, CAP_UNIT_WRITE)) {
        /* Refused as a whole, before the file is read: the report says why (import.h). */
        memset(rep, 0, sizeof *rep);
        rep->file_name = file_name;
        rep->fatal = UNIT_NO_CAP;
        return 0;
    }
    struct unit_import_ctx ctx = {.ac = ac, .a = a};
    struct import_spec spec = {"unit", unit_columns, C__N, unit_import_check, unit_import_write, unit_import_reset, &ctx,
                               quota};
    int rc = import_run_sheet(s, a, &spec, ac->user_id, ac->login, file_name, data, len, flags, sheet, rep);
    unit_import_reset(&ctx);
    free(ctx.rows);
    for (int i = 0; i < IQ__N; i++) stmt_finalize(ctx.q[i]);
    return rc;
}

/* The kinds of the import's columns, for the export's column spec: the validity dates are dates
 * (real date cells in XLSX); everything else is text, codes included (a code "007" stays "007"). */
static enum export_kind unit_column_kind(int c) { return c == C_FROM || c == C_TO ? EXPORT_DATE : EXPORT_TEXT; }

export_doc *unit_export_doc(store *s, arena *a, const char *at, bool mask_pii, enum export_format fmt, char *err,
                           size_t errlen)
{
    struct unit_list_opts o = {.at = at, .historic = at == NULL};
    struct unit *v;
    int n;
    if (unit_list(s, a, &o, &v, &n) < 0) {
        snprintf(err, errlen, "%s", store_errmsg(s));
        return NULL;
    }
    /* Parents before children (breadth first), so the file imports in one pass. */
    struct unit_tree t;
    unit_tree_build(a, v, n, &t);
    int *order = unit_tree_bfs(a, &t);
    struct export_column cols[C__N];
    for (int c = 0; c < C__N; c++)
        cols[c] = (struct export_column){arena_strndup(a, unit_columns[c].names, strcspn(unit_columns[c].names, "|")),
                                         unit_column_kind(c)};
    export_doc *x = export_begin(fmt, "Đơn vị", cols, C__N);
    for (int k = 0; k < n; k++) {
        const struct unit *u = &v[order[k]];
        int p = t.parent_ix[order[k]];
        const char *pcode = p >= 0 ? v[p].code : NULL;
        if (u->parent_id && !pcode) {
            char *c = NULL;
            if (store_text(s, &c, a, "SELECT code FROM unit WHERE id = $1", "i", u->parent_id) < 0) {
                snprintf(err, errlen, "%s", store_errmsg(s));
                buf discard = {0};
                export_end(x, &discard, NULL, 0);
                buf_free(&discard);
                return NULL;
            }
            pcode = c;
        }
        const char *cells[C__N] = {
            [C_CODE] = u->code, [C_NAME] = u->name, [C_KIND] = u->kind, [C_PARENT_CODE] = pcode,
            [C_PARENT_NAME] = pcode ? NULL : u->parent_name, [C_SHORT] = u->short_name, [C_TAX] = u->tax_code,
            [C_ADDRESS] = mask_pii ? mask_text(a, u->address) : u->address, [C_FROM] = u->valid_from,
            [C_TO] = u->valid_to, [C_NOTE] = mask_pii ? mask_text(a, u->note) : u->note,
        };
        export_row(x, cells);
    }
    return x;
}

int unit_export(store *s, arena *a, const char *at, bool mask_pii, enum export_format fmt, buf *out, char *err,
                size_t errlen)
{
    export_doc *x = unit_export_doc(s, a, at, mask_pii, fmt, err, errlen);
    if (!x) return STORE_ERR;
    return export_end(x, out, err, errlen) == 0 ? STORE_OK : STORE_ERR;
}

int unit_export_csv(store *s, arena *a, const char *at, bool mask_pii, buf *out)
{
    char err[256];
    return unit_export(s, a, at, mask_pii, EXPORT_CSV, out, err, sizeof err);
}
