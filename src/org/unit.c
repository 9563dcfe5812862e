/* unit.c: the unit resource's domain (unit.h): kinds, tax codes and dates; reading, listing and
 * searching the tree; the write rules (capability and scope of the actor, a root only for the
 * whole tree); create and update; lineage; the in-memory tree the pages and the export walk.
 * No request and no HTML here: the web face is unit_web.c, the CLI unit_cmd.c. */
#include "unit.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "audit.h"
#include "unit_internal.h"
#include "vn.h"
#include "vn_calendar.h"

/* ======================================================================================
 * Kinds, tax codes, dates
 * ====================================================================================== */

static const struct kind_def {
    const char *kind, *label, *words;   /* words: extra header-key forms accepted on input */
} kind_defs[] = {
    {"province", "Tỉnh", "tinh|thanh_pho_truc_thuoc_trung_uong"},
    {"department", "Sở, ban, ngành", "so|ban|nganh|so_ban_nganh"},
    {"agency", "Cơ quan, đơn vị trực thuộc", "co_quan|don_vi|don_vi_truc_thuoc|co_quan_don_vi|trung_tam"},
    {"mass_org", "Tổ chức chính trị – xã hội, hội, đoàn thể", "doan_the|to_chuc|hoi|hiep_hoi|mat_tran|to_chuc_chinh_tri_xa_hoi"},
    {"district", "Huyện (đến 30/6/2025)", "huyen|quan|thi_xa"},
    {"city", "Thành phố thuộc tỉnh (đến 30/6/2025)", "thanh_pho|thanh_pho_thuoc_tinh"},
    {"commune", "Xã, thị trấn", "xa|thi_tran"},
    {"ward", "Phường", "phuong"},
    {"special_zone", "Đặc khu", "dac_khu"},
    {"school", "Trường học", "truong|truong_hoc"},
    {"hospital", "Bệnh viện, cơ sở y tế", "benh_vien|co_so_y_te|trung_tam_y_te"},
    {"enterprise", "Doanh nghiệp", "doanh_nghiep|cong_ty"},
    {"other", "Khác", "khac"},
};

const char *const unit_kinds[] = {"province", "department", "agency", "mass_org", "district", "city",
                                  "commune", "ward", "special_zone", "school", "hospital", "enterprise",
                                  "other", NULL};

const char *unit_kind_label(const char *kind)
{
    for (size_t i = 0; i < countof(kind_defs); i++)
        if (str_eq(kind_defs[i].kind, kind)) return kind_defs[i].label;
    return NULL;
}

int unit_kind_rank(const char *kind)
{
    for (size_t i = 0; i < countof(kind_defs); i++)
        if (str_eq(kind_defs[i].kind, kind)) return (int)i;
    return (int)countof(kind_defs);
}

static bool word_in(const char *words, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = words; *p;) {
        size_t n = strcspn(p, "|");
        if (n == klen && memcmp(p, key, n) == 0) return true;
        p += n + (p[n] == '|');
    }
    return false;
}

const char *unit_kind_from_text(const char *text)
{
    if (str_empty(text)) return NULL;
    for (size_t i = 0; i < countof(kind_defs); i++)
        if (str_eq(kind_defs[i].kind, text)) return kind_defs[i].kind;
    buf key = {0}, label = {0};
    import_header_key(text, strlen(text), &key);
    const char *found = NULL;
    for (size_t i = 0; i < countof(kind_defs) && !found; i++) {
        buf_reset(&label);
        import_header_key(kind_defs[i].label, strlen(kind_defs[i].label), &label);
        if (str_eq(buf_str(&key), kind_defs[i].kind) || str_eq(buf_str(&key), buf_str(&label)) ||
            word_in(kind_defs[i].words, buf_str(&key)))
            found = kind_defs[i].kind;
    }
    buf_free(&key);
    buf_free(&label);
    return found;
}

bool unit_tax_code_check(const char *s, char out[15], const char **why)
{
    char d[16];
    int n = 0, dash_at = -1;
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == ' ' || *p == '.') continue;
        if (*p == '-' && dash_at < 0 && n == 10) { dash_at = n; continue; }
        if (*p < '0' || *p > '9' || n >= 13) {
            *why = "mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số mã chi nhánh";
            return false;
        }
        d[n++] = *p;
    }
    if (n != 10 && n != 13) {
        *why = "mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số mã chi nhánh";
        return false;
    }
    if (dash_at >= 0 && n != 13) {
        *why = "sau dấu '-' phải có đúng 3 chữ số mã chi nhánh";
        return false;
    }
    if (memcmp(d + 2, "0000000", 7) == 0) {
        *why = "chữ số thứ 3 đến thứ 9 của mã số thuế không thể đều là 0";
        return false;
    }
    static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    int sum = 0;
    for (int i = 0; i < 9; i++) sum += w[i] * (d[i] - '0');
    int check = 10 - sum % 11;
    if (check == 10 || d[9] - '0' != check) {
        *why = "mã số thuế sai chữ số kiểm tra (chữ số thứ 10); hãy xem lại từng chữ số";
        return false;
    }
    if (n == 13 && memcmp(d + 10, "000", 3) == 0) {
        *why = "mã chi nhánh (3 chữ số sau dấu '-') không thể là 000";
        return false;
    }
    if (n == 10) snprintf(out, 15, "%.10s", d);
    else snprintf(out, 15, "%.10s-%.3s", d, d + 10);
    return true;
}

void unit_date_add(const char *iso, int days, char out[11])
{
    struct vn_date d = {atoi(iso), atoi(iso + 5), atoi(iso + 8)};
    vn_date_format(vn_date_add_days(d, days), VN_DATE_ISO, out, 11);
}

/* An ISO date as the screens write it (dd/mm/yyyy), in the arena; other text as it is. */
const char *unit_vn_day(arena *a, const char *iso)
{
    if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-') return iso ? iso : "";
    return arena_printf(a, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

const char *unit_change_label(const char *change)
{
    if (str_eq(change, "merge")) return "sáp nhập";
    if (str_eq(change, "split")) return "chia tách";
    if (str_eq(change, "rename")) return "đổi tên";
    if (str_eq(change, "transfer")) return "chuyển giao";
    return change ? change : "";
}

/* ======================================================================================
 * Reading
 * ====================================================================================== */

#define UNIT_COLS                                                                                      \
    "u.id, coalesce(u.parent_id, 0), u.kind, u.name, u.short_name, u.code, u.tax_code, u.address, u.note," \
    " u.valid_from, u.valid_to, u.created_at, u.updated_at, p.name, u.sort_key"
#define UNIT_FROM " FROM unit u LEFT JOIN unit p ON p.id = u.parent_id"

static void unit_from_row(stmt *q, arena *a, struct unit *u)
{
    u->id = stmt_int64(q, 0);
    u->parent_id = stmt_int64(q, 1);
    u->kind = stmt_text_dup(q, 2, a);
    u->name = stmt_text_dup(q, 3, a);
    u->short_name = stmt_text_dup(q, 4, a);
    u->code = stmt_text_dup(q, 5, a);
    u->tax_code = stmt_text_dup(q, 6, a);
    u->address = stmt_text_dup(q, 7, a);
    u->note = stmt_text_dup(q, 8, a);
    u->valid_from = stmt_text_dup(q, 9, a);
    u->valid_to = stmt_text_dup(q, 10, a);
    u->created_at = stmt_text_dup(q, 11, a);
    u->updated_at = stmt_text_dup(q, 12, a);
    u->parent_name = stmt_text_dup(q, 13, a);
    size_t n = 0;
    const void *k = stmt_blob(q, 14, &n);
    void *copy = arena_alloc(a, n ? n : 1);
    if (n) memcpy(copy, k, n);
    u->sort_key = copy;
    u->sort_key_len = n;
}

/* Every row of a query over UNIT_COLS, into the arena; finalizes q (NULL: STORE_ERR). */
static int units_of_query(stmt *q, arena *a, struct unit **out, int *n)
{
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct unit *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) unit_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc;
    *out = v;
    *n = cnt;
    return STORE_OK;
}

int unit_get(store *s, arena *a, int64_t id, struct unit *out)
{
    stmt *q = store_query(s, "SELECT " UNIT_COLS UNIT_FROM " WHERE u.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) unit_from_row(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

int unit_find_code(store *s, int64_t *id, const char *code)
{
    return store_int64(s, id, "SELECT id FROM unit WHERE code = $1", "t", code);
}

int unit_resolve(store *s, arena *a, struct ref ref, int64_t *id, const char **why)
{
    *why = NULL;
    int64_t other = 0;
    int rc;
    switch (ref.kind) {
    case REF_ID:
    case REF_DIGITS:
        if (ref.kind == REF_DIGITS) {
            /* Bare digits are an id, unless they are also the code of a unit other than that id:
             * then nothing is guessed (api.h's rule). */
            rc = unit_find_code(s, &other, ref.code);
            if (rc < 0) return rc;
            if (rc == 1 && other != ref.id) {
                *why = arena_printf(a, "\"%s\" vừa có thể là số id vừa là mã của một đơn vị khác: hãy viết id:%s hoặc "
                                       "code:%s.", ref.code, ref.code, ref.code);
                return 0;
            }
        }
        rc = store_int64(s, id, "SELECT id FROM unit WHERE id = $1", "i", ref.id);
        if (rc == 0) *why = arena_printf(a, "Không có đơn vị số %lld.", (long long)ref.id);
        return rc;
    case REF_CODE:
        rc = unit_find_code(s, id, ref.code);
        if (rc == 0) *why = arena_printf(a, "Không có đơn vị mã \"%s\".", ref.code);
        return rc;
    case REF_NONE:
    case REF_NULL:
        *why = "Hãy chọn đơn vị.";
        return 0;
    case REF_BAD:
        break;
    }
    *why = "Cần số id hoặc mã đơn vị (id:N hoặc code:X).";
    return 0;
}

int unit_find_ref(store *s, arena *a, const char *text, int64_t *id, const char **why)
{
    return unit_resolve(s, a, ref_parse(text), id, why);
}

static int cmp_units(const void *x, const void *y)
{
    const struct unit *a = x, *b = y;
    int ra = unit_kind_rank(a->kind), rb = unit_kind_rank(b->kind);
    if (ra != rb) return ra - rb;
    size_t n = a->sort_key_len < b->sort_key_len ? a->sort_key_len : b->sort_key_len;
    int c = memcmp(a->sort_key, b->sort_key, n);
    if (c) return c;
    if (a->sort_key_len != b->sort_key_len) return a->sort_key_len < b->sort_key_len ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The filters of a unit list as one WHERE clause: an empty parameter switches its condition off
 * ($1 date, $2 name pattern, $3 code, $4 kind, $5 parent). Children of one parent (every unit
 * page and the unit API) get a clause of their own that the index on parent_id serves; the
 * generic one would read every unit. Static text: no value is ever spliced in. */
static const char *unit_list_where(const struct unit_list_opts *o)
{
#define UNIT_LIST_FILTERS                                                                                        \
    " WHERE ($1 = '' OR ((u.valid_from IS NULL OR u.valid_from <= $1) AND (u.valid_to IS NULL OR u.valid_to >= $1)))" \
    "   AND ($2 = '' OR u.name_fold LIKE $2 ESCAPE '\\' OR lower(u.code) = lower($3))"                              \
    "   AND ($4 = '' OR u.kind = $4)"
    return !o->by_parent ? UNIT_LIST_FILTERS " AND $5 = 0"
           : o->parent_id ? UNIT_LIST_FILTERS " AND u.parent_id = $5"
                          : UNIT_LIST_FILTERS " AND u.parent_id IS NULL AND $5 = 0";
#undef UNIT_LIST_FILTERS
}

/* Runs `sql` (a unit list statement over unit_list_where's parameters, then $6 and $7 when
 * `paged`) with opts' values. NULL after a store error, or with *none when nothing can match. */
static stmt *unit_list_query(store *s, arena *a, const struct unit_list_opts *o, const char *sql, bool paged, bool *none)
{
    *none = false;
    const char *pattern = o->q ? vn_like_pattern(a, o->q) : NULL;
    if (o->q && !pattern) {   /* nothing searchable: no match rather than everything */
        *none = true;
        return NULL;
    }
    char today[11];
    const char *at = o->at;
    if (!at && !o->historic) {
        iso_date_today(today);
        at = today;
    }
    int64_t parent = o->by_parent ? o->parent_id : 0;
    if (paged)
        return store_query(s, sql, "ttttiII", at ? at : "", pattern ? pattern : "", o->q ? o->q : "", o->kind ? o->kind : "",
                           parent, o->limit, o->offset);
    return store_query(s, sql, "tttti", at ? at : "", pattern ? pattern : "", o->q ? o->q : "", o->kind ? o->kind : "",
                       parent);
}

int unit_list(store *s, arena *a, const struct unit_list_opts *o, struct unit **out, int *n)
{
    *out = NULL;
    *n = 0;
    char *sql = arena_printf(a, "SELECT " UNIT_COLS UNIT_FROM "%s", unit_list_where(o));
    bool none;
    stmt *q = unit_list_query(s, a, o, sql, false, &none);
    if (none) return STORE_OK;
    struct unit *v;
    int cnt, rc = units_of_query(q, a, &v, &cnt);
    if (rc != STORE_OK) return rc;
    qsort(v, (size_t)cnt, sizeof *v, cmp_units);
    int off = o->offset > 0 ? (o->offset < cnt ? o->offset : cnt) : 0;
    int lim = o->limit > 0 && o->limit < cnt - off ? o->limit : cnt - off;
    *out = v + off;
    *n = lim;
    return STORE_OK;
}

/* ORDER BY of a page of units in SQL: kind in display order (kind_defs), then the Vietnamese sort
 * key (a BLOB: compared as memcmp, shorter first), then id — the order cmp_units gives in
 * memory. The kinds and numbers come from the table above, never from input. */
static void unit_order_sql(buf *b)
{
    buf_puts(b, " ORDER BY CASE u.kind");
    for (size_t i = 0; i < countof(kind_defs); i++) buf_printf(b, " WHEN '%s' THEN %d", kind_defs[i].kind, (int)i);
    buf_printf(b, " ELSE %d END, u.sort_key, u.id", (int)countof(kind_defs));
}

int unit_list_page(store *s, arena *a, const struct unit_list_opts *o, struct unit **out, int *n, int *total)
{
    *out = NULL;
    *n = *total = 0;
    assert(o->limit > 0 && o->offset >= 0);
    bool none;
    int64_t count = 0;
    stmt *q = unit_list_query(s, a, o, arena_printf(a, "SELECT count(*) FROM unit u%s", unit_list_where(o)), false, &none);
    if (none) return STORE_OK;
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) count = stmt_int64(q, 0);
    stmt_finalize(q);
    if (rc != STORE_ROW) return rc < 0 ? rc : STORE_ERR;
    *total = count > INT32_MAX ? INT32_MAX : (int)count;
    if (o->offset >= count) return STORE_OK;
    buf sql = {0};
    buf_printf(&sql, "SELECT " UNIT_COLS UNIT_FROM "%s", unit_list_where(o));
    unit_order_sql(&sql);
    buf_puts(&sql, " LIMIT $6 OFFSET $7");
    q = unit_list_query(s, a, o, buf_str(&sql), true, &none);
    buf_free(&sql);
    return units_of_query(q, a, out, n);
}

int unit_path(store *s, arena *a, int64_t id, struct unit **out, int *n)
{
    *out = NULL;
    *n = 0;
    /* The ancestors in one recursive query, the province first; the depth bound ends the walk
     * even on corrupt (cyclic) data. */
    stmt *q = store_query(s,
        "WITH RECURSIVE up(id, depth) AS ("
        "  SELECT parent_id, 1 FROM unit WHERE id = $1 AND parent_id IS NOT NULL"
        "  UNION ALL"
        "  SELECT x.parent_id, up.depth + 1 FROM unit x JOIN up ON x.id = up.id"
        "  WHERE x.parent_id IS NOT NULL AND up.depth < $2)"
        " SELECT " UNIT_COLS UNIT_FROM " JOIN up ON up.id = u.id ORDER BY up.depth DESC", "iI", id, UNIT_MAX_DEPTH + 1);
    int rc = units_of_query(q, a, out, n);
    return rc == STORE_OK ? 1 : rc;
}

void unit_json_text(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, v ? json_string(v) : json_null());
}

json_t *unit_json(const struct unit *u)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(o, "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null());
    unit_json_text(o, "parent_name", u->parent_name);
    unit_json_text(o, "kind", u->kind);
    unit_json_text(o, "kind_label", unit_kind_label(u->kind));
    unit_json_text(o, "name", u->name);
    unit_json_text(o, "short_name", u->short_name);
    unit_json_text(o, "code", u->code);
    unit_json_text(o, "tax_code", u->tax_code);
    unit_json_text(o, "address", u->address);
    unit_json_text(o, "note", u->note);
    unit_json_text(o, "valid_from", u->valid_from);
    unit_json_text(o, "valid_to", u->valid_to);
    unit_json_text(o, "created_at", u->created_at);
    unit_json_text(o, "updated_at", u->updated_at);
    return o;
}

/* ======================================================================================
 * Scope
 * ====================================================================================== */

bool unit_may_parent(store *s, const struct actor *ac, int64_t parent_id)
{
    /* A whole-tree actor places a unit anywhere, the root included (a parent that does not exist
     * is unit_prepare's error, not a scope refusal); a scoped one only below a unit it writes. */
    if (ac->whole_tree) return true;
    return parent_id > 0 && unit_tree_contains(s, ac->unit_id, parent_id);
}

bool unit_may_write(store *s, const struct actor *ac, int64_t id)
{
    return actor_has(ac, CAP_UNIT_WRITE) && actor_in_scope(s, ac, id);
}

/* ======================================================================================
 * Writing
 * ====================================================================================== */

const struct vn_field unit_f_name = {1, UNIT_NAME_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_short = {0, UNIT_SHORT_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_address = {0, UNIT_ADDRESS_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_note = {0, UNIT_NOTE_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};
const struct vn_field unit_f_legal = {0, UNIT_LEGAL_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};

static bool valid_code(const char *c)
{
    size_t n = strlen(c);
    if (!n || n > UNIT_CODE_MAX) return false;
    for (const char *p = c; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-') return false;
    return true;
}

/* Depth of a unit from the root (0 for a root); -1 on error or a cycle. */
int unit_depth(store *s, int64_t id)
{
    int depth = 0;
    int64_t p = id;
    while (p && depth <= UNIT_MAX_DEPTH + 1) {
        int64_t parent = 0;
        if (store_int64(s, &parent, "SELECT coalesce(parent_id, 0) FROM unit WHERE id = $1", "i", p) != 1) return -1;
        p = parent;
        if (p) depth++;
    }
    return depth > UNIT_MAX_DEPTH ? -1 : depth;
}

static bool periods_overlap(const char *f1, const char *t1, const char *f2, const char *t2)
{
    bool a = !t1 || !f2 || strcmp(f2, t1) <= 0;
    bool b = !t2 || !f1 || strcmp(f1, t2) <= 0;
    return a && b;
}

/* Merges `in` over `old` (NULL for a create) into *u and checks everything; errors go to fe.
 * self: the unit being updated (0 for a create). hint (imports only, else NULL): the parent was
 * found by the importer, which knows its depth and has itself looked for the unit's code, tax
 * code and name (in the database and in its file), so nothing more is looked up here. */
void unit_prepare(store *s, arena *a, const struct unit_input *in, const struct unit *old, int64_t self,
                         const struct parent_hint *hint, struct unit *u, struct field_errors *fe)
{
    memset(u, 0, sizeof *u);
    if (old) *u = *old;
    if (in->name || !old) {
        u->name = field_clean(a, in->name ? in->name : "", &unit_f_name, "name", "Tên đơn vị", fe);
        if (!u->name && !ferr_get(fe, "name")) ferr_add(fe, "name", "Hãy nhập tên đơn vị.");
    }
    if (in->kind || !old) {
        u->kind = unit_kind_from_text(in->kind);
        if (!u->kind)
            ferr_add(fe, "kind", str_empty(in->kind) ? "Hãy chọn loại đơn vị."
                                                     : arena_printf(a, "Loại đơn vị \"%s\" không có trong danh mục.", in->kind));
    }
    u->short_name = in->short_name ? field_clean(a, in->short_name, &f_short, "short_name", "Tên viết tắt", fe) : u->short_name;
    u->address = in->address ? field_clean(a, in->address, &f_address, "address", "Địa chỉ", fe) : u->address;
    u->note = in->note ? field_clean(a, in->note, &f_note, "note", "Ghi chú", fe) : u->note;
    if (in->code) {
        const char *c = field_clean(a, in->code, &f_short, "code", "Mã đơn vị", fe);
        if (c && !valid_code(c))
            ferr_add(fe, "code", "Mã đơn vị gồm tối đa 32 ký tự chữ không dấu, chữ số, '.', '_' hoặc '-'.");
        u->code = c;
    }
    if (in->tax_code) {
        const char *t = field_clean(a, in->tax_code, &f_short, "tax_code", "Mã số thuế", fe);
        if (t) {
            char norm[15];
            const char *why = NULL;
            if (unit_tax_code_check(t, norm, &why)) t = arena_strdup(a, norm);
            else ferr_add(fe, "tax_code", arena_printf(a, "Mã số thuế \"%s\": %s.", t, why));
        }
        u->tax_code = t;
    }
    const char *const date_keys[2] = {"valid_from", "valid_to"};
    const char *const date_in[2] = {in->valid_from, in->valid_to};
    const char **date_out[2] = {&u->valid_from, &u->valid_to};
    for (int i = 0; i < 2; i++) {
        if (!date_in[i]) continue;
        char iso[11];
        const char *t = date_in[i];
        while (*t == ' ') t++;
        if (!*t) *date_out[i] = NULL;
        else if (vn_day_iso(t, iso)) *date_out[i] = arena_strdup(a, iso);
        else ferr_add(fe, date_keys[i], arena_printf(a, "Ngày \"%s\" không hợp lệ; hãy viết dd/mm/yyyy.", date_in[i]));
    }
    if (u->valid_from && u->valid_to && strcmp(u->valid_to, u->valid_from) < 0)
        ferr_add(fe, "valid_to", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.");
    if (in->set_parent) u->parent_id = in->parent_id;
    if (hint) {
        /* The importer found the parent (in the database or in its file) and knows its depth. */
        if (hint->depth < 0 || hint->depth >= UNIT_MAX_DEPTH) ferr_add(fe, "parent_id", "Cây đơn vị quá sâu ở nhánh này.");
    } else if (in->set_parent || !old) {
        if (u->parent_id) {
            int64_t n = 0;
            int depth;
            if (store_int64(s, &n, "SELECT count(*) FROM unit WHERE id = $1", "i", u->parent_id) != 1 || !n)
                ferr_add(fe, "parent_id", "Đơn vị cấp trên không tồn tại.");
            else if (self && (u->parent_id == self || unit_tree_contains(s, self, u->parent_id)))
                ferr_add(fe, "parent_id", "Không thể đặt một đơn vị dưới chính nó hoặc dưới đơn vị trực thuộc của nó.");
            else if ((depth = unit_depth(s, u->parent_id)) < 0 || depth >= UNIT_MAX_DEPTH)
                ferr_add(fe, "parent_id", "Cây đơn vị quá sâu ở nhánh này.");
        } else if (u->kind && !str_eq(u->kind, "province")) {
            ferr_add(fe, "parent_id", "Hãy chọn đơn vị cấp trên (chỉ cấp tỉnh mới là đơn vị gốc).");
        }
    }
    /* Uniqueness: code, tax code, and the same name under the same parent at the same time. An
     * importer (hint) has looked for all three itself, in the database and in its file. */
    if (hint) return;
    int64_t other = 0;
    if (u->code && !ferr_get(fe, "code") &&
        store_int64(s, &other, "SELECT id FROM unit WHERE code = $1 AND id <> $2", "ti", u->code, self) == 1)
        ferr_add(fe, "code", arena_printf(a, "Mã \"%s\" đã được dùng cho đơn vị số %lld.", u->code, (long long)other));
    if (u->tax_code && !ferr_get(fe, "tax_code") &&
        store_int64(s, &other, "SELECT id FROM unit WHERE tax_code = $1 AND id <> $2", "ti", u->tax_code, self) == 1)
        ferr_add(fe, "tax_code", arena_printf(a, "Mã số thuế %s đã có ở đơn vị số %lld.", u->tax_code, (long long)other));
    if (u->name && !ferr_get(fe, "name") && !ferr_get(fe, "parent_id")) {
        buf fold = {0};
        vn_fold(u->name, strlen(u->name), &fold);
        stmt *q = store_query(s, "SELECT id, valid_from, valid_to FROM unit"
                                 " WHERE coalesce(parent_id, 0) = $1 AND name_fold = $2 AND id <> $3",
                              "iti", u->parent_id, buf_str(&fold), self);
        while (q && stmt_step(q) == STORE_ROW) {
            if (periods_overlap(stmt_text(q, 1), stmt_text(q, 2), u->valid_from, u->valid_to)) {
                ferr_add(fe, "name", arena_printf(a, "Đã có đơn vị cùng tên dưới đơn vị cấp trên này (số %lld) "
                                                     "trong cùng thời gian hiệu lực.", (long long)stmt_int64(q, 0)));
                break;
            }
        }
        stmt_finalize(q);
        buf_free(&fold);
    }
}

/* Inserts a prepared unit whose folded name and sort key are computed (no audit: the caller
 * writes one). Returns the id or < 0 (STORE_CONSTRAINT: its code or tax code is taken). */
static int64_t unit_insert_keyed(store *s, const struct unit *u, const char *fold, const void *key, size_t keylen)
{
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    int rc = store_int64(s, &id,
        "INSERT INTO unit(parent_id, kind, name, short_name, code, tax_code, address, note, valid_from, valid_to,"
        " name_fold, sort_key, created_at, updated_at)"
        " VALUES (CASE WHEN $1 = 0 THEN NULL ELSE $1 END, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)"
        " RETURNING id",
        "itttttttttt" "bt", u->parent_id, u->kind, u->name, u->short_name, u->code, u->tax_code,
        u->address, u->note, u->valid_from, u->valid_to, fold, key ? key : "", keylen, now);
    if (rc != 1) return rc < 0 ? rc : STORE_ERR;
    return id;
}

int64_t unit_insert(store *s, const struct unit *u)
{
    buf fold = {0}, key = {0};
    vn_fold(u->name, strlen(u->name), &fold);
    vn_sortkey(u->name, strlen(u->name), &key);
    int64_t id = unit_insert_keyed(s, u, buf_str(&fold), key.data, key.len);
    buf_free(&fold);
    buf_free(&key);
    return id;
}

static int unit_store_update(store *s, const struct unit *u)
{
    buf fold = {0}, key = {0};
    vn_fold(u->name, strlen(u->name), &fold);
    vn_sortkey(u->name, strlen(u->name), &key);
    char now[21];
    iso_time(now_unix(), now);
    int rc = store_exec(s,
        "UPDATE unit SET parent_id = CASE WHEN $2 = 0 THEN NULL ELSE $2 END, kind = $3, name = $4, short_name = $5,"
        " code = $6, tax_code = $7, address = $8, note = $9, valid_from = $10, valid_to = $11, name_fold = $12,"
        " sort_key = $13, updated_at = $14 WHERE id = $1",
        "iitttttttttt" "bt", u->id, u->parent_id, u->kind, u->name, u->short_name, u->code, u->tax_code, u->address,
        u->note, u->valid_from, u->valid_to, buf_str(&fold), key.data ? key.data : "", key.len, now);
    buf_free(&fold);
    buf_free(&key);
    return rc;
}

int64_t unit_create(store *s, arena *a, const struct actor *ac, const struct unit_input *in, struct field_errors *fe)
{
    /* Capability and scope first, so a writer outside them learns nothing from field errors. A
     * unit without a parent is a second root of the tree: only a whole-tree actor makes one. */
    if (!actor_has(ac, CAP_UNIT_WRITE)) { ferr_add(fe, "scope", UNIT_NO_CAP); return 0; }
    if (!unit_may_parent(s, ac, in->set_parent ? in->parent_id : 0)) {
        ferr_add(fe, "scope", "Bạn chỉ có thể thêm đơn vị vào đơn vị của mình hoặc đơn vị trực thuộc.");
        return 0;
    }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct unit u;
    unit_prepare(s, a, in, NULL, 0, NULL, &u, fe);
    if (fe->n) { store_rollback(s); return 0; }
    int64_t id = unit_insert(s, &u);
    if (id < 0) {
        store_rollback(s);
        return id;
    }
    struct unit saved;
    if (unit_get(s, a, id, &saved) != 1) { store_rollback(s); return STORE_ERR; }
    json_t *after = unit_json(&saved);
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
    int64_t aid = audit_write(s, ac->user_id, ac->login, "create", "unit", idtxt, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int unit_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct unit_input *in,
                struct field_errors *fe)
{
    if (!actor_has(ac, CAP_UNIT_WRITE)) { ferr_add(fe, "scope", UNIT_NO_CAP); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct unit old, u;
    int rc = unit_get(s, a, id, &old);
    if (rc != 1) {
        store_rollback(s);
        if (rc == 0) ferr_add(fe, "id", "Không có đơn vị này.");
        return rc < 0 ? rc : 0;
    }
    const char *denied = NULL;
    if (!actor_in_scope(s, ac, id)) denied = "Bạn chỉ sửa được đơn vị của mình và các đơn vị trực thuộc.";
    else if (in->set_parent && in->parent_id != old.parent_id && !unit_may_parent(s, ac, in->parent_id))
        denied = "Bạn không có quyền chuyển đơn vị tới vị trí đó.";
    if (denied) { store_rollback(s); ferr_add(fe, "scope", denied); return 0; }
    unit_prepare(s, a, in, &old, id, NULL, &u, fe);
    bool end_moved = (u.valid_to || old.valid_to) && !str_eq(u.valid_to, old.valid_to);
    if (!fe->n && end_moved) {
        /* A reorganised unit ended the day before its successors began; an edit must not move
         * that end (the reorganisation is the record of it). */
        char *eff = NULL;
        rc = store_text(s, &eff, a, "SELECT effective FROM unit_reorg_source WHERE unit_id = $1", "i", id);
        if (rc < 0) { store_rollback(s); return rc; }
        if (rc == 1)
            ferr_add(fe, "valid_to", arena_printf(a, "%s đã được sắp xếp lại từ ngày %s nên hết hiệu lực sau ngày %s; "
                                                     "không sửa được ngày này.", old.name, unit_vn_day(a, eff),
                                                  unit_vn_day(a, old.valid_to)));
    }
    if (fe->n) { store_rollback(s); return 0; }
    if (unit_store_update(s, &u) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    struct unit saved;
    if (unit_get(s, a, id, &saved) != 1) { store_rollback(s); return STORE_ERR; }
    json_t *before = unit_json(&old), *after = unit_json(&saved);
    json_object_del(before, "updated_at");
    json_object_del(after, "updated_at");
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
    int64_t aid = audit_write(s, ac->user_id, ac->login, "update", "unit", idtxt, before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return 1;
}

/* ======================================================================================
 * History: lineage and reorganisation
 * ====================================================================================== */

/* Backwards (predecessors) and forwards (successors) differ only in the column followed. */
static const char *const lineage_units_sql[2] = {
    "WITH RECURSIVE lin(id, depth) AS ("
    "  SELECT id, 0 FROM unit WHERE id = $1"
    "  UNION"
    "  SELECT s.predecessor_id, lin.depth + 1 FROM unit_succession s JOIN lin ON s.successor_id = lin.id"
    "  WHERE lin.depth < 64)"
    " SELECT u.id, u.name, u.kind, u.valid_from, u.valid_to, min(lin.depth) FROM lin JOIN unit u ON u.id = lin.id"
    " GROUP BY u.id, u.name, u.kind, u.valid_from, u.valid_to, u.sort_key ORDER BY min(lin.depth), u.sort_key",
    "WITH RECURSIVE lin(id, depth) AS ("
    "  SELECT id, 0 FROM unit WHERE id = $1"
    "  UNION"
    "  SELECT s.successor_id, lin.depth + 1 FROM unit_succession s JOIN lin ON s.predecessor_id = lin.id"
    "  WHERE lin.depth < 64)"
    " SELECT u.id, u.name, u.kind, u.valid_from, u.valid_to, min(lin.depth) FROM lin JOIN unit u ON u.id = lin.id"
    " GROUP BY u.id, u.name, u.kind, u.valid_from, u.valid_to, u.sort_key ORDER BY min(lin.depth), u.sort_key",
};
static const char *const lineage_edges_sql[2] = {
    "WITH RECURSIVE lin(id, depth) AS ("
    "  SELECT id, 0 FROM unit WHERE id = $1"
    "  UNION"
    "  SELECT s.predecessor_id, lin.depth + 1 FROM unit_succession s JOIN lin ON s.successor_id = lin.id"
    "  WHERE lin.depth < 64)"
    " SELECT s.successor_id, s.predecessor_id, s.change, s.effective, s.legal_basis FROM unit_succession s"
    " WHERE s.successor_id IN (SELECT id FROM lin) ORDER BY s.effective DESC, s.successor_id, s.predecessor_id",
    "WITH RECURSIVE lin(id, depth) AS ("
    "  SELECT id, 0 FROM unit WHERE id = $1"
    "  UNION"
    "  SELECT s.successor_id, lin.depth + 1 FROM unit_succession s JOIN lin ON s.predecessor_id = lin.id"
    "  WHERE lin.depth < 64)"
    " SELECT s.successor_id, s.predecessor_id, s.change, s.effective, s.legal_basis FROM unit_succession s"
    " WHERE s.predecessor_id IN (SELECT id FROM lin) ORDER BY s.effective, s.successor_id, s.predecessor_id",
};

static int lineage(store *s, int64_t unit_id, arena *a, struct unit_lineage *out, int dir)
{
    memset(out, 0, sizeof *out);
    stmt *q = store_query(s, lineage_units_sql[dir], "i", unit_id);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    out->units = arena_grow(a, NULL, 0, &cap, sizeof *out->units);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct unit_brief *b = ARENA_PUSH(a, out->units, out->n, cap);
        b->id = stmt_int64(q, 0);
        b->name = stmt_text_dup(q, 1, a);
        b->kind = stmt_text_dup(q, 2, a);
        b->valid_from = stmt_text_dup(q, 3, a);
        b->valid_to = stmt_text_dup(q, 4, a);
        b->depth = (int)stmt_int64(q, 5);
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc;
    if (!out->n) return 0;
    q = store_query(s, lineage_edges_sql[dir], "i", unit_id);
    if (!q) return STORE_ERR;
    cap = 0;
    out->edges = arena_grow(a, NULL, 0, &cap, sizeof *out->edges);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct unit_edge *e = ARENA_PUSH(a, out->edges, out->nedges, cap);
        e->successor_id = stmt_int64(q, 0);
        e->predecessor_id = stmt_int64(q, 1);
        e->change = stmt_text_dup(q, 2, a);
        e->effective = stmt_text_dup(q, 3, a);
        e->legal_basis = stmt_text_dup(q, 4, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : rc;
}

int unit_lineage(store *s, int64_t unit_id, arena *a, struct unit_lineage *out) { return lineage(s, unit_id, a, out, 0); }
int unit_successors(store *s, int64_t unit_id, arena *a, struct unit_lineage *out) { return lineage(s, unit_id, a, out, 1); }

/* ======================================================================================
 * An in-memory tree over a unit list (pages and export)
 * ====================================================================================== */

static _Thread_local const struct unit *cmp_base;   /* qsort has no context argument */
static int cmp_ix_by_id(const void *x, const void *y)
{
    int64_t a = cmp_base[*(const int *)x].id, b = cmp_base[*(const int *)y].id;
    return a < b ? -1 : a > b;
}

int unit_tree_find(const struct unit_tree *t, int64_t id)
{
    int lo = 0, hi = t->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int64_t m = t->v[t->by_id[mid]].id;
        if (m == id) return t->by_id[mid];
        if (m < id) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

/* v must already be in display order (unit_list's). */
void unit_tree_build(arena *a, struct unit *v, int n, struct unit_tree *t)
{
    size_t m = (size_t)(n ? n : 1);
    t->v = v;
    t->n = n;
    t->by_id = arena_alloc(a, sizeof(int) * m);
    t->parent_ix = arena_alloc(a, sizeof(int) * m);
    t->first_child = arena_alloc(a, sizeof(int) * m);
    t->next_sibling = arena_alloc(a, sizeof(int) * m);
    for (int i = 0; i < n; i++) t->by_id[i] = i, t->first_child[i] = t->next_sibling[i] = -1;
    cmp_base = v;
    qsort(t->by_id, (size_t)n, sizeof(int), cmp_ix_by_id);
    for (int i = n - 1; i >= 0; i--) {
        int p = v[i].parent_id ? unit_tree_find(t, v[i].parent_id) : -1;
        if (p == i) p = -1;
        t->parent_ix[i] = p;
        if (p >= 0) {
            t->next_sibling[i] = t->first_child[p];
            t->first_child[p] = i;
        }
    }
}

/* Breadth-first order: roots (units whose parent is not in the list) first, parents before
 * children; units on a cycle (corrupt data) are appended at the end, never lost. */
int *unit_tree_bfs(arena *a, const struct unit_tree *t)
{
    int *order = arena_alloc(a, sizeof(int) * (size_t)(t->n ? t->n : 1));
    bool *done = arena_alloc(a, (size_t)(t->n ? t->n : 1));
    int cnt = 0;
    for (int i = 0; i < t->n; i++)
        if (t->parent_ix[i] < 0) order[cnt++] = i, done[i] = true;
    for (int head = 0; head < cnt; head++)
        for (int c = t->first_child[order[head]]; c >= 0; c = t->next_sibling[c])
            if (!done[c]) order[cnt++] = c, done[c] = true;
    for (int i = 0; i < t->n; i++)
        if (!done[i]) order[cnt++] = i;
    return order;
}

/* True if index i lies in the subtree of the unit with id root (in memory). */
bool unit_tree_under(const struct unit_tree *t, int i, int64_t root)
{
    for (int depth = 0; i >= 0 && depth <= UNIT_MAX_DEPTH + 1; depth++, i = t->parent_ix[i])
        if (t->v[i].id == root) return true;
    return false;
}

json_t *unit_lineage_json(const struct unit_lineage *l)
{
    json_t *units = json_array(), *edges = json_array();
    for (int i = 0; i < l->n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)l->units[i].id, "name", l->units[i].name,
                              "kind", l->units[i].kind, "depth", l->units[i].depth);
        unit_json_text(o, "valid_from", l->units[i].valid_from);
        unit_json_text(o, "valid_to", l->units[i].valid_to);
        json_array_append_new(units, o);
    }
    for (int i = 0; i < l->nedges; i++) {
        json_t *o = json_pack("{s:I, s:I, s:s, s:s}", "successor_id", (json_int_t)l->edges[i].successor_id,
                              "predecessor_id", (json_int_t)l->edges[i].predecessor_id, "change", l->edges[i].change,
                              "effective", l->edges[i].effective);
        unit_json_text(o, "legal_basis", l->edges[i].legal_basis);
        json_array_append_new(edges, o);
    }
    return json_pack("{s:o, s:o}", "units", units, "edges", edges);
}

json_t *unit_list_json(const struct unit *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, unit_json(&v[i]));
    return a;
}
