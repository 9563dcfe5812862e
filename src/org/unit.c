/* unit.c: the unit resource (unit.h): kinds, tax codes and dates; reading, listing and
 * searching the tree; write scope (web_can_write_unit); create, update and reorganise (merge,
 * split, rename) with succession history and lineage; CSV import and export; the /units pages,
 * the /api/units endpoints and the `thidua unit` commands. */
#include "unit.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "audit.h"
#include "block.h"
#include "cli.h"
#include "csv.h"
#include "import.h"
#include "org_pages.h"
#include "privacy.h"
#include "setting.h"
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

static bool ymd_ok(int y, int m, int d)
{
    return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= vn_days_in_month(y, m);
}

/* Writes YYYY-MM-DD (years 0..9999) without snprintf, whose truncation warning gcc cannot rule out. */
static void fmt_ymd(char out[11], int y, int m, int d)
{
    if (y < 0) y = 0;
    if (y > 9999) y = 9999;
    out[0] = (char)('0' + y / 1000); out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10); out[3] = (char)('0' + y % 10);
    out[4] = '-'; out[5] = (char)('0' + m / 10 % 10); out[6] = (char)('0' + m % 10);
    out[7] = '-'; out[8] = (char)('0' + d / 10 % 10); out[9] = (char)('0' + d % 10);
    out[10] = 0;
}

/* Reads 1..max digits at *p into *v; false if none. */
static bool read_num(const char **p, int max, int *v)
{
    int n = 0, x = 0;
    while (n < max && isdigit((unsigned char)**p)) x = x * 10 + (*(*p)++ - '0'), n++;
    *v = x;
    return n > 0;
}

bool unit_date_parse(const char *s, char out[11])
{
    if (!s) return false;
    while (*s == ' ') s++;
    int y, m, d;
    const char *p = s;
    if (strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
        p = s;
        if (!read_num(&p, 4, &y) || p != s + 4) return false;
        p = s + 5;
        if (!read_num(&p, 2, &m) || p != s + 7) return false;
        p = s + 8;
        if (!read_num(&p, 2, &d) || p != s + 10) return false;
    } else {
        if (!read_num(&p, 2, &d) || (*p != '/' && *p != '-' && *p != '.')) return false;
        char sep = *p++;
        if (!read_num(&p, 2, &m) || *p != sep) return false;
        p++;
        const char *ys = p;
        if (!read_num(&p, 4, &y) || p - ys != 4) return false;
    }
    while (*p == ' ') p++;
    if (*p || !ymd_ok(y, m, d)) return false;
    fmt_ymd(out, y, m, d);
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (the classic era-based conversion). */
static int64_t days_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void ymd_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

void unit_date_add(const char *iso, int days, char out[11])
{
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    ymd_from_days(days_from_ymd(y, m, d) + days, &y, &m, &d);
    fmt_ymd(out, y, m, d);
}

/* An ISO date as the screens write it (dd/mm/yyyy), in the arena; other text as it is. */
static const char *vn_day(arena *a, const char *iso)
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

int unit_find_ref(store *s, int64_t *id, const char *ref)
{
    if (str_empty(ref)) return 0;
    int rc = unit_find_code(s, id, ref);
    if (rc != 0) return rc;
    int64_t n;
    if (!parse_int64(ref, &n) || n <= 0) return 0;
    return store_int64(s, id, "SELECT id FROM unit WHERE id = $1", "i", n);
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

static void json_set_text(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, v ? json_string(v) : json_null());
}

json_t *unit_json(const struct unit *u)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(o, "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null());
    json_set_text(o, "parent_name", u->parent_name);
    json_set_text(o, "kind", u->kind);
    json_set_text(o, "kind_label", unit_kind_label(u->kind));
    json_set_text(o, "name", u->name);
    json_set_text(o, "short_name", u->short_name);
    json_set_text(o, "code", u->code);
    json_set_text(o, "tax_code", u->tax_code);
    json_set_text(o, "address", u->address);
    json_set_text(o, "note", u->note);
    json_set_text(o, "valid_from", u->valid_from);
    json_set_text(o, "valid_to", u->valid_to);
    json_set_text(o, "created_at", u->created_at);
    json_set_text(o, "updated_at", u->updated_at);
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

static const struct vn_field f_name = {1, UNIT_NAME_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_short = {0, UNIT_SHORT_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_address = {0, UNIT_ADDRESS_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_note = {0, UNIT_NOTE_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};
static const struct vn_field f_legal = {0, UNIT_LEGAL_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};


static bool valid_code(const char *c)
{
    size_t n = strlen(c);
    if (!n || n > UNIT_CODE_MAX) return false;
    for (const char *p = c; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-') return false;
    return true;
}

/* Depth of a unit from the root (0 for a root); -1 on error or a cycle. */
static int unit_depth(store *s, int64_t id)
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

/* What an import already knows about the parent of a unit it creates (unit_prepare). */
struct parent_hint {
    int depth;                    /* the parent's depth from the root */
    bool in_file;                 /* the parent is a unit of the same import, not written yet */
};

/* Merges `in` over `old` (NULL for a create) into *u and checks everything; errors go to fe.
 * self: the unit being updated (0 for a create). hint (imports only, else NULL): the parent was
 * found by the importer, which knows its depth and has itself looked for the unit's code, tax
 * code and name (in the database and in its file), so nothing more is looked up here. */
static void unit_prepare(store *s, arena *a, const struct unit_input *in, const struct unit *old, int64_t self,
                         const struct parent_hint *hint, struct unit *u, struct field_errors *fe)
{
    memset(u, 0, sizeof *u);
    if (old) *u = *old;
    if (in->name || !old) {
        u->name = field_clean(a, in->name ? in->name : "", &f_name, "name", "Tên đơn vị", fe);
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
        else if (unit_date_parse(t, iso)) *date_out[i] = arena_strdup(a, iso);
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

static int64_t unit_insert(store *s, const struct unit *u)
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
                                                     "không sửa được ngày này.", old.name, vn_day(a, eff),
                                                  vn_day(a, old.valid_to)));
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

/* Copies field errors of a new unit into fe under "new_<key>" (numbered when there are several). */
static void copy_new_errors(arena *a, const struct field_errors *from, int index, int count, struct field_errors *fe)
{
    for (int i = 0; i < from->n; i++) {
        const char *key = arena_printf(a, "new_%s", from->items[i].name);
        const char *msg = count > 1 ? arena_printf(a, "Đơn vị mới thứ %d: %s", index + 1, from->items[i].value)
                                    : from->items[i].value;
        ferr_add(fe, key, msg);
    }
}

/* Why unit u cannot end the day before `eff` in a reorganisation, or NULL if it can. A unit is
 * reorganised once: after that its history belongs to its successors, and a second merge (or a
 * rename at another date) would count it twice or move its end. Its life must also contain the
 * day it ends: it began on or before `end`, and it is either open or was given exactly that end
 * by hand (the reorganisation then records why it ended); any other end would be rewritten.
 * A store error sets *rc (< 0). */
static const char *source_problem(store *s, arena *a, const struct unit *u, const char *eff, const char *end, int *rc)
{
    stmt *q = store_query(s, "SELECT r.change, r.effective, n.name FROM unit_reorg_source r"
                             " LEFT JOIN unit_succession x ON x.predecessor_id = r.unit_id"
                             " LEFT JOIN unit n ON n.id = x.successor_id"
                             " WHERE r.unit_id = $1 ORDER BY n.sort_key LIMIT 1", "i", u->id);
    if (!q) { *rc = STORE_ERR; return NULL; }
    int step = stmt_step(q);
    const char *why = NULL;
    if (step == STORE_ROW) {
        const char *succ = stmt_text(q, 2);
        why = arena_printf(a, "%s đã được %s từ ngày %s%s%s%s; mỗi đơn vị chỉ được sắp xếp lại một lần "
                              "(ngày đề nghị: %s).", u->name, unit_change_label(stmt_text(q, 0)),
                           vn_day(a, stmt_text(q, 1)), succ ? " (đơn vị kế thừa: " : "", succ ? succ : "",
                           succ ? ")" : "", vn_day(a, eff));
    } else if (step != STORE_DONE) {
        *rc = step;
    }
    stmt_finalize(q);
    if (why || *rc < 0) return why;
    if (u->valid_from && strcmp(u->valid_from, end) > 0)
        return arena_printf(a, "%s bắt đầu hiệu lực từ %s; ngày có hiệu lực của việc sắp xếp (%s) phải sau ngày đó.",
                            u->name, vn_day(a, u->valid_from), vn_day(a, eff));
    if (u->valid_to && strcmp(u->valid_to, end) < 0)
        return arena_printf(a, "%s đã hết hiệu lực sau ngày %s, trước ngày sắp xếp %s.", u->name, vn_day(a, u->valid_to),
                            vn_day(a, eff));
    if (u->valid_to && strcmp(u->valid_to, end) > 0)
        return arena_printf(a, "%s có ngày hết hiệu lực %s: việc sắp xếp phải có hiệu lực từ ngày hôm sau, hoặc hãy sửa "
                               "ngày hết hiệu lực của đơn vị trước (ngày đề nghị: %s).", u->name, vn_day(a, u->valid_to),
                            vn_day(a, eff));
    return NULL;
}

static int64_t unit_create_noaudit(store *s, arena *a, const struct unit_input *in, struct field_errors *fe)
{
    struct unit u;
    unit_prepare(s, a, in, NULL, 0, NULL, &u, fe);
    if (fe->n) return 0;
    return unit_insert(s, &u);
}

int unit_reorganise(store *s, arena *a, const struct actor *ac, const struct unit_reorg *op, struct field_errors *fe,
                    struct unit_reorg_result *res)
{
    memset(res, 0, sizeof *res);
    if (!actor_has(ac, CAP_UNIT_WRITE)) { ferr_add(fe, "scope", UNIT_NO_CAP); return 0; }
    const char *change = op->change;
    bool merge = str_eq(change, "merge"), split = str_eq(change, "split"), rename = str_eq(change, "rename");
    if (!merge && !split && !rename) ferr_add(fe, "change", "Hãy chọn cách sắp xếp: sáp nhập, chia tách hoặc đổi tên.");
    char eff[11] = "", end[11] = "";
    if (!op->effective || !unit_date_parse(op->effective, eff))
        ferr_add(fe, "effective", "Hãy nhập ngày có hiệu lực hợp lệ (dd/mm/yyyy).");
    else
        unit_date_add(eff, -1, end);
    const char *legal = field_clean(a, op->legal_basis, &f_legal, "legal_basis", "Căn cứ pháp lý", fe);
    int nsucc = op->nexisting + op->ncreated;
    if (op->nsources < 1 || op->nsources > UNIT_REORG_MAX) ferr_add(fe, "sources", "Hãy chọn đơn vị được sắp xếp (tối đa 16).");
    if (nsucc > UNIT_REORG_MAX) ferr_add(fe, "successors", "Tối đa 16 đơn vị kế thừa.");
    if (merge && nsucc != 1) ferr_add(fe, "successors", "Sáp nhập cần đúng một đơn vị kế thừa: một đơn vị có sẵn hoặc một đơn vị mới.");
    if (merge && op->ncreated == 1 && op->nsources < 2)
        ferr_add(fe, "sources", "Sáp nhập thành đơn vị mới cần ít nhất hai đơn vị; để đổi tên một đơn vị hãy chọn \"đổi tên\".");
    if (split && op->nsources != 1) ferr_add(fe, "sources", "Chia tách áp dụng cho đúng một đơn vị.");
    if (split && nsucc < 2) ferr_add(fe, "successors", "Chia tách cần ít nhất hai đơn vị kế thừa.");
    if (rename && (op->nsources != 1 || op->ncreated != 1 || op->nexisting != 0))
        ferr_add(fe, "successors", "Đổi tên áp dụng cho một đơn vị và tạo một đơn vị mang tên mới.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = STORE_OK;
    struct unit src[UNIT_REORG_MAX], ex[UNIT_REORG_MAX];
    /* Sources: exist, distinct, in scope, alive the day before `effective`. */
    for (int i = 0; i < op->nsources && !fe->n; i++) {
        for (int j = 0; j < i; j++)
            if (op->sources[j] == op->sources[i]) ferr_add(fe, "sources", "Một đơn vị được chọn hai lần.");
        if ((rc = unit_get(s, a, op->sources[i], &src[i])) < 0) goto fail;
        if (rc == 0) { ferr_add(fe, "sources", arena_printf(a, "Không có đơn vị số %lld.", (long long)op->sources[i])); break; }
        if (!actor_in_scope(s, ac, src[i].id))
            ferr_add(fe, "scope", arena_printf(a, "Bạn không có quyền sắp xếp %s.", src[i].name));
        rc = STORE_OK;
        const char *p = source_problem(s, a, &src[i], eff, end, &rc);
        if (rc < 0) goto fail;
        if (p) ferr_add(fe, "sources", p);
        for (int j = 0; j < i && !fe->n; j++)
            if (unit_tree_contains(s, src[j].id, src[i].id) || unit_tree_contains(s, src[i].id, src[j].id))
                ferr_add(fe, "sources", arena_printf(a, "%s và %s là cấp trên, cấp dưới của nhau; không sắp xếp chung được.",
                                                     src[j].name, src[i].name));
    }
    /* Existing successors: exist, in scope, alive on `effective`, not a source, not below a
     * source, not already a successor of it, not one of its predecessors (no cycles). */
    for (int i = 0; i < op->nexisting && !fe->n; i++) {
        if ((rc = unit_get(s, a, op->existing[i], &ex[i])) < 0) goto fail;
        if (rc == 0) { ferr_add(fe, "successors", arena_printf(a, "Không có đơn vị số %lld.", (long long)op->existing[i])); break; }
        if (!actor_in_scope(s, ac, ex[i].id))
            ferr_add(fe, "scope", arena_printf(a, "Bạn không có quyền ghi vào %s.", ex[i].name));
        if ((ex[i].valid_from && strcmp(ex[i].valid_from, eff) > 0) || (ex[i].valid_to && strcmp(ex[i].valid_to, eff) < 0))
            ferr_add(fe, "successors", arena_printf(a, "%s không còn hiệu lực vào ngày sắp xếp.", ex[i].name));
        for (int j = 0; j < op->nsources; j++) {
            if (ex[i].id == src[j].id) {
                ferr_add(fe, "successors", "Đơn vị kế thừa không thể đồng thời là đơn vị được sắp xếp.");
                continue;
            }
            if (unit_tree_contains(s, src[j].id, ex[i].id))
                ferr_add(fe, "successors", arena_printf(a, "%s nằm dưới %s nên không thể kế thừa nó.", ex[i].name, src[j].name));
            struct unit_lineage lin;
            if ((rc = unit_lineage(s, src[j].id, a, &lin)) < 0) goto fail;
            for (int k = 1; k < lin.n; k++)
                if (lin.units[k].id == ex[i].id)
                    ferr_add(fe, "successors", arena_printf(a, "%s là tiền thân của %s; không thể tạo vòng kế thừa.",
                                                            ex[i].name, src[j].name));
            int64_t dup = 0;
            if (store_int64(s, &dup, "SELECT count(*) FROM unit_succession WHERE successor_id = $1 AND predecessor_id = $2",
                            "ii", ex[i].id, src[j].id) < 0) { rc = STORE_ERR; goto fail; }
            if (dup) ferr_add(fe, "successors", arena_printf(a, "%s đã được ghi là kế thừa %s.", ex[i].name, src[j].name));
        }
    }
    if (fe->n) goto refused;
    /* Claim the sources first: the primary key of unit_reorg_source lets one reorganisation per
     * unit through even where the check above could race (sql/006_reorg.sql). */
    for (int i = 0; i < op->nsources; i++) {
        rc = store_exec(s, "INSERT INTO unit_reorg_source(unit_id, change, effective) VALUES ($1, $2, $3)", "itt",
                        src[i].id, change, eff);
        if (rc == STORE_CONSTRAINT)
            ferr_add(fe, "sources", arena_printf(a, "%s vừa được sắp xếp lại bởi một thao tác khác; hãy tải lại trang để "
                                                    "xem lịch sử của đơn vị.", src[i].name));
        else if (rc != STORE_OK) goto fail;
    }
    if (fe->n) goto refused;
    /* End the sources; a renamed unit hands its code and tax code to its new self. */
    char now[21];
    iso_time(now_unix(), now);
    for (int i = 0; i < op->nsources; i++) {
        if (store_exec(s, rename ? "UPDATE unit SET valid_to = $2, code = NULL, tax_code = NULL, updated_at = $3 WHERE id = $1"
                                 : "UPDATE unit SET valid_to = $2, updated_at = $3 WHERE id = $1",
                       "itt", src[i].id, end, now) != STORE_OK) { rc = STORE_ERR; goto fail; }
    }
    int ns = 0;
    json_t *succ_json = json_array();
    for (int i = 0; i < op->nexisting; i++) {
        res->successors[ns++] = ex[i].id;
        json_array_append_new(succ_json, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)ex[i].id, "name", ex[i].name, "created", 0));
    }
    for (int i = 0; i < op->ncreated; i++) {
        struct unit_input in = op->created[i];
        if (!in.kind) in.kind = src[0].kind;
        if (!in.set_parent) { in.set_parent = true; in.parent_id = src[0].parent_id; }
        if (!in.valid_from) {
            in.valid_from = eff;
        } else {
            /* A successor begins on the day of the reorganisation; another first day would leave
             * a gap or an overlap with the units it succeeds. */
            char given[11];
            if (!unit_date_parse(in.valid_from, given) || strcmp(given, eff) != 0) {
                ferr_add(fe, "new_valid_from", arena_printf(a, "Đơn vị mới bắt đầu hiệu lực đúng ngày sắp xếp (%s).",
                                                            vn_day(a, eff)));
                continue;
            }
        }
        if (rename) {
            if (!in.short_name) in.short_name = src[0].short_name;
            if (!in.code) in.code = src[0].code;
            if (!in.tax_code) in.tax_code = src[0].tax_code;
            if (!in.address) in.address = src[0].address;
        }
        if (!unit_may_parent(s, ac, in.parent_id)) {
            ferr_add(fe, "scope", "Bạn không có quyền tạo đơn vị ở vị trí này của cây đơn vị.");
            break;
        }
        struct field_errors one = {0};
        int64_t id = unit_create_noaudit(s, a, &in, &one);
        if (id < 0) { rc = (int)id; json_decref(succ_json); goto fail; }
        if (!id) { copy_new_errors(a, &one, i, op->ncreated, fe); continue; }
        res->successors[ns++] = id;
        json_array_append_new(succ_json, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "name",
                                                   field_clean(a, in.name, &f_name, "name", "", &one), "created", 1));
    }
    if (fe->n) { json_decref(succ_json); goto refused; }
    res->nsuccessors = ns;
    json_t *src_json = json_array();
    for (int i = 0; i < op->nsources; i++) {
        json_array_append_new(src_json, json_pack("{s:I, s:s}", "id", (json_int_t)src[i].id, "name", src[i].name));
        for (int k = 0; k < ns; k++)
            if (store_exec(s, "INSERT INTO unit_succession(successor_id, predecessor_id, change, effective, legal_basis)"
                              " VALUES ($1, $2, $3, $4, $5)", "iittt", res->successors[k], src[i].id, change, eff, legal) != STORE_OK) {
                json_decref(src_json);
                json_decref(succ_json);
                rc = STORE_ERR;
                goto fail;
            }
        /* A unit that has ended cannot stay in an emulation block; its successor joins only
         * by the block's own decision, so nothing is added. */
        if (store_exec(s, "UPDATE block_member SET left_on = $2 WHERE unit_id = $1 AND (left_on IS NULL OR left_on > $2)",
                       "it", src[i].id, end) != STORE_OK) {
            json_decref(src_json);
            json_decref(succ_json);
            rc = STORE_ERR;
            goto fail;
        }
        res->memberships_ended += store_changes(s);
        if (ns == 1) {
            if (store_exec(s, "UPDATE unit SET parent_id = $2, updated_at = $4 WHERE parent_id = $1 AND id <> $2"
                              " AND (valid_to IS NULL OR valid_to >= $3)", "iitt", src[i].id, res->successors[0], eff, now) != STORE_OK) {
                json_decref(src_json);
                json_decref(succ_json);
                rc = STORE_ERR;
                goto fail;
            }
            res->moved_children += store_changes(s);
        } else {
            int64_t left = 0;
            store_int64(s, &left, "SELECT count(*) FROM unit WHERE parent_id = $1 AND (valid_to IS NULL OR valid_to >= $2)",
                        "it", src[i].id, eff);
            res->children_left += (int)left;
        }
    }
    json_t *after = json_pack("{s:s, s:s, s:o, s:o, s:i, s:i, s:i}", "change", change, "effective", eff, "sources", src_json,
                              "successors", succ_json, "moved_children", res->moved_children, "children_left", res->children_left,
                              "memberships_ended", res->memberships_ended);
    json_object_set_new(after, "legal_basis", legal ? json_string(legal) : json_null());
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)res->successors[0]);
    res->audit_id = audit_write(s, ac->user_id, ac->login, "reorganise", "unit", idtxt, NULL, after);
    json_decref(after);
    if (res->audit_id < 0 || store_commit(s) != STORE_OK) { rc = STORE_ERR; goto fail; }
    return 1;
refused:
    store_rollback(s);
    memset(res, 0, sizeof *res);
    return 0;
fail:
    store_rollback(s);
    memset(res, 0, sizeof *res);
    return rc < 0 ? rc : STORE_ERR;
}

/* ======================================================================================
 * An in-memory tree over a unit list (pages and export)
 * ====================================================================================== */

struct tree {
    struct unit *v;
    int n;
    int *by_id;                   /* indices of v sorted by id, for lookups */
    int *parent_ix;               /* index of each unit's parent in v, or -1 */
    int *first_child, *next_sibling;   /* children in v's order; -1 ends */
};

static _Thread_local const struct unit *cmp_base;   /* qsort has no context argument */
static int cmp_ix_by_id(const void *x, const void *y)
{
    int64_t a = cmp_base[*(const int *)x].id, b = cmp_base[*(const int *)y].id;
    return a < b ? -1 : a > b;
}

static int tree_find(const struct tree *t, int64_t id)
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
static void tree_build(arena *a, struct unit *v, int n, struct tree *t)
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
        int p = v[i].parent_id ? tree_find(t, v[i].parent_id) : -1;
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
static int *tree_bfs(arena *a, const struct tree *t)
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
static bool tree_under(const struct tree *t, int i, int64_t root)
{
    for (int depth = 0; i >= 0 && depth <= UNIT_MAX_DEPTH + 1; depth++, i = t->parent_ix[i])
        if (t->v[i].id == root) return true;
    return false;
}


/* ======================================================================================
 * Import and export
 * ====================================================================================== */

enum { C_CODE, C_NAME, C_KIND, C_PARENT_CODE, C_PARENT_NAME, C_SHORT, C_TAX, C_ADDRESS, C_FROM, C_TO, C_NOTE, C__N };
static const struct import_column unit_columns[C__N] = {
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

static const char *trimmed(arena *a, const char *s)
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
    const char *pcode = trimmed(a, import_get(row, C_PARENT_CODE));
    const char *pname = trimmed(a, import_get(row, C_PARENT_NAME));
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
    const char *code = trimmed(a, import_get(row, C_CODE));
    const char *tax = trimmed(a, import_get(row, C_TAX));
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
        if (vn_field_clean(name, strlen(name), &f_name, &clean, &err) == VN_OK && clean.len) {
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
    int rc = import_run(s, a, &spec, ac->user_id, ac->login, file_name, data, len, flags, rep);
    unit_import_reset(&ctx);
    free(ctx.rows);
    for (int i = 0; i < IQ__N; i++) stmt_finalize(ctx.q[i]);
    return rc;
}

int unit_export_csv(store *s, arena *a, const char *at, bool mask_pii, buf *out)
{
    struct unit_list_opts o = {.at = at, .historic = at == NULL};
    struct unit *v;
    int n;
    int rc = unit_list(s, a, &o, &v, &n);
    if (rc < 0) return rc;
    /* Parents before children (breadth first), so the file imports in one pass. */
    struct tree t;
    tree_build(a, v, n, &t);
    int *order = tree_bfs(a, &t);
    int cnt = n;
    csv_bom(out);
    const char *hdr[C__N];
    for (int c = 0; c < C__N; c++) hdr[c] = arena_strndup(a, unit_columns[c].names, strcspn(unit_columns[c].names, "|"));
    csv_row(out, hdr, C__N);
    for (int k = 0; k < cnt; k++) {
        const struct unit *u = &v[order[k]];
        int p = t.parent_ix[order[k]];
        const char *pcode = p >= 0 ? v[p].code : NULL;
        if (u->parent_id && !pcode) {
            char *c = NULL;
            if (store_text(s, &c, a, "SELECT code FROM unit WHERE id = $1", "i", u->parent_id) < 0) return STORE_ERR;
            pcode = c;
        }
        const char *cells[C__N] = {
            [C_CODE] = u->code, [C_NAME] = u->name, [C_KIND] = u->kind, [C_PARENT_CODE] = pcode,
            [C_PARENT_NAME] = pcode ? NULL : u->parent_name, [C_SHORT] = u->short_name, [C_TAX] = u->tax_code,
            [C_ADDRESS] = mask_pii ? mask_text(a, u->address) : u->address, [C_FROM] = u->valid_from,
            [C_TO] = u->valid_to, [C_NOTE] = mask_pii ? mask_text(a, u->note) : u->note,
        };
        csv_row(out, cells, C__N);
    }
    return STORE_OK;
}

/* ======================================================================================
 * Personal numbers in free text
 * ====================================================================================== */

/* A unit's address and note are free text in which people write phone and citizen ID numbers
 * ("liên hệ ông An 0912345678"). Whoever may not read personal data (privacy_can_see: no
 * pii.read, or a public page) gets them masked (mask_text, docs/privacy.md), in place, on every
 * page, API answer and export of units. */
static void mask_units_for(req *r, struct unit *v, int n)
{
    if (privacy_can_see(r)) return;
    for (int i = 0; i < n; i++) {
        v[i].address = mask_text(&r->a, v[i].address);
        v[i].note = mask_text(&r->a, v[i].note);
    }
}

/* True if a and b are the same text but for carriage returns (a browser sends a textarea's line
 * breaks as CRLF). */
static bool same_text(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    for (;;) {
        while (*a == '\r') a++;
        while (*b == '\r') b++;
        if (*a != *b) return false;
        if (!*a) return true;
        a++, b++;
    }
}

/* An edit by someone who saw the address and note masked: a field sent back exactly as it was
 * shown keeps the stored text (otherwise saving a form, or PATCHing back a unit read from the
 * API, would replace the numbers with stars). A field changed is taken as typed. */
static void keep_masked_fields(req *r, const struct unit *stored, struct unit_input *in)
{
    if (privacy_can_see(r)) return;
    if (in->address && stored->address && same_text(in->address, mask_text(&r->a, stored->address))) in->address = NULL;
    if (in->note && stored->note && same_text(in->note, mask_text(&r->a, stored->note))) in->note = NULL;
}

/* ======================================================================================
 * Pages
 * ====================================================================================== */

/* The little labels after a unit's name: its kind, and its validity when not current. */
static void unit_tags(req *r, const struct unit *u, const char *today)
{
    html(r, " <span class=\"tag\">%s</span>", unit_kind_label(u->kind));
    if (u->valid_to && strcmp(u->valid_to, today) < 0)
        html(r, " <span class=\"tag old\">đến %T</span>", u->valid_to);
    else if (u->valid_from && strcmp(u->valid_from, today) > 0)
        html(r, " <span class=\"tag old\">từ %T</span>", u->valid_from);
}

static const char *notice_text(const char *code)
{
    if (str_eq(code, "created")) return "Đã thêm đơn vị.";
    if (str_eq(code, "updated")) return "Đã lưu thay đổi.";
    if (str_eq(code, "reorganised")) return "Đã sắp xếp lại đơn vị; lịch sử kế thừa được ghi bên dưới.";
    return NULL;
}

#define TREE_CHILDREN_MAX 100   /* children of one unit drawn in the /units tree */

static void tree_render(req *r, const struct tree *t, int i, int depth, const char *today)
{
    const struct unit *u = &t->v[i];
    bool kids = t->first_child[i] >= 0 && depth < UNIT_MAX_DEPTH;
    html(r, "<li>");
    if (kids) html(r, "<details%s><summary>", depth < 1 ? " open" : "");
    html(r, "<a href=\"/units/%D\">%s</a>", u->id, u->name);
    unit_tags(r, u, today);
    if (!kids) { html(r, "</li>"); return; }
    int count = 0;
    for (int c = t->first_child[i]; c >= 0; c = t->next_sibling[c]) count++;
    html(r, " <span class=\"muted\">(%d)</span></summary><ul>", count);
    /* A unit with thousands of children (an import) would make the tree page as large as the
     * database: the first ones are shown, the unit's own page lists them all, a page at a time. */
    int shown = 0;
    for (int c = t->first_child[i]; c >= 0 && shown < TREE_CHILDREN_MAX; c = t->next_sibling[c], shown++)
        tree_render(r, t, c, depth + 1, today);
    if (shown < count)
        html(r, "<li class=\"muted\"><a href=\"/units/%D#truc-thuoc\">… và %d đơn vị khác</a></li>", u->id, count - shown);
    html(r, "</ul></details></li>");
}

#define UNITS_PER_PAGE 100   /* search results on /units */

void units_page(req *r)
{
    char today[11], at[11] = "";
    iso_date_today(today);
    const char *q = web_param(r, "q");
    const char *at_in = web_param(r, "at");
    bool historic = str_eq(web_param(r, "historic"), "1");
    bool bad_at = !str_empty(at_in) && !unit_date_parse(at_in, at);
    struct unit_list_opts o = {.q = str_empty(q) ? NULL : q, .historic = historic, .at = at[0] ? at : NULL};
    struct unit *v;
    int n, total = 0;
    /* Search results a page at a time: a short query ("truong") can match thousands of units. */
    int64_t page = page_number(r);
    if (o.q) {
        o.limit = UNITS_PER_PAGE;
        o.offset = (int)((page - 1) * UNITS_PER_PAGE);
    }
    if ((o.q ? unit_list_page(r->db, &r->a, &o, &v, &n, &total) : unit_list(r->db, &r->a, &o, &v, &n)) < 0) {
        web_fail(r, "list units");
        return;
    }
    page_begin(r, "Cây đơn vị");
    if (web_has_cap(r, CAP_UNIT_WRITE))
        html(r, "<p class=\"actions\"><a class=\"button\" href=\"/units/new\">Thêm đơn vị</a>"
                "<a class=\"button secondary\" href=\"/units/import\">Nhập từ tệp CSV</a>"
                "<a class=\"button secondary\" href=\"/units/export.csv\">Tải về CSV</a></p>");
    else
        html(r, "<p class=\"actions\"><a class=\"button secondary\" href=\"/units/export.csv\">Tải về CSV</a></p>");
    html(r, "<form method=\"get\" action=\"/units\" class=\"search\" role=\"search\">"
            "<label for=\"q\" class=\"muted\">Tìm theo tên (không cần dấu) hoặc mã</label>"
            "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" placeholder=\"vd: lang son\">"
            "<label for=\"at\" class=\"muted\">Hiệu lực ngày</label>"
            "<input id=\"at\" name=\"at\" type=\"date\" value=\"%s\">"
            "<label><input type=\"checkbox\" name=\"historic\" value=\"1\"%s> Cả đơn vị đã giải thể, sáp nhập</label>"
            "<button type=\"submit\">Lọc</button></form>",
         q ? q : "", at[0] ? at : (bad_at ? at_in : ""), historic ? " checked" : "");
    if (bad_at) page_notice(r, "error", "Ngày lọc không hợp lệ; đang hiển thị các đơn vị hiện có.");
    const char *when = at[0] ? at : today;
    if (o.q) {
        html(r, "<p>Tìm thấy %d đơn vị cho “%s”%s.</p><ul>", total, q,
             historic ? " (kể cả đơn vị đã giải thể, sáp nhập)" : "");
        for (int i = 0; i < n; i++) {
            html(r, "<li><a href=\"/units/%D\">%s</a>", v[i].id, v[i].name);
            unit_tags(r, &v[i], when);
            if (v[i].parent_name) html(r, " <span class=\"muted\">— thuộc %s</span>", v[i].parent_name);
            html(r, "</li>");
        }
        html(r, "</ul>");
        static const char *const keep[] = {"q", "at", "historic", NULL};
        page_links(r, "/units", keep, page, o.offset + n < total);
        if (!total) html(r, "<p class=\"muted\">Không có đơn vị nào khớp. Hãy thử bớt từ, hoặc chọn “cả đơn vị đã giải thể”.</p>");
    } else {
        struct tree t;
        tree_build(&r->a, v, n, &t);
        if (historic && !at[0]) html(r, "<p class=\"muted\">Hiển thị mọi đơn vị, kể cả đơn vị đã giải thể, sáp nhập (%d đơn vị).</p>", n);
        else html(r, "<p class=\"muted\">Các đơn vị có hiệu lực ngày %T (%d đơn vị).</p>", when, n);
        html(r, "<ul class=\"tree\">");
        for (int i = 0; i < n; i++)
            if (t.parent_ix[i] < 0) tree_render(r, &t, i, 0, when);
        html(r, "</ul>");
    }
    page_end(r);
}

static void options_walk(req *r, const struct tree *t, int i, int depth, int64_t self, const struct actor *sc,
                         const char **opt, int *k)
{
    const struct unit *u = &t->v[i];
    if (u->id == self) return;   /* a unit cannot go under itself or its own subtree */
    if (sc->whole_tree || tree_under(t, i, sc->unit_id)) {
        buf label = {0};
        for (int d = 0; d < depth; d++) buf_puts(&label, "— ");
        buf_puts(&label, u->name);
        opt[(*k)++] = arena_printf(&r->a, "%lld", (long long)u->id);
        opt[(*k)++] = arena_strdup(&r->a, buf_str(&label));
        buf_free(&label);
    }
    if (depth >= UNIT_MAX_DEPTH) return;
    for (int c = t->first_child[i]; c >= 0; c = t->next_sibling[c]) options_walk(r, t, c, depth + 1, self, sc, opt, k);
}

/* Options of the parent select: the current units the user may write, in tree order, indented;
 * plus `keep` (the unit's present parent) even if out of scope or ended. */
static const char *const *parent_options(req *r, int64_t self, int64_t keep)
{
    struct unit_list_opts o = {0};
    struct unit *v;
    int n;
    if (unit_list(r->db, &r->a, &o, &v, &n) < 0) n = 0;
    struct tree t;
    tree_build(&r->a, v, n, &t);
    struct actor sc = actor_of_req(r);
    const char **opt = arena_alloc(&r->a, sizeof *opt * (size_t)(2 * n + 8));
    int k = 0;
    opt[k++] = "";
    opt[k++] = "— chọn đơn vị cấp trên —";
    if (sc.whole_tree) {
        opt[k++] = "0";
        opt[k++] = "(không có: đơn vị gốc, cấp tỉnh)";
    }
    for (int i = 0; i < n; i++)
        if (t.parent_ix[i] < 0) options_walk(r, &t, i, 0, self, &sc, opt, &k);
    bool kept = keep == 0;
    const char *keep_txt = arena_printf(&r->a, "%lld", (long long)keep);
    for (int i = 2; i < k && !kept; i += 2) kept = str_eq(opt[i], keep_txt);
    struct unit p;
    if (!kept && unit_get(r->db, &r->a, keep, &p) == 1) {
        opt[k++] = keep_txt;
        opt[k++] = arena_printf(&r->a, "%s (hiện tại)", p.name);
    }
    opt[k] = NULL;
    return opt;
}

static const char *const *kind_options(req *r)
{
    const char **opt = arena_alloc(&r->a, sizeof *opt * (2 * countof(kind_defs) + 3));
    int k = 0;
    opt[k++] = "";
    opt[k++] = "— chọn loại —";
    for (size_t i = 0; i < countof(kind_defs); i++) {
        opt[k++] = kind_defs[i].kind;
        opt[k++] = kind_defs[i].label;
    }
    opt[k] = NULL;
    return opt;
}

/* The create/edit form; `u` holds the values to show. */
static void unit_form(req *r, const char *action, const struct unit *u, const struct field_errors *fe, int64_t self)
{
    if (fe && fe->n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    form_begin(r, action, "class=\"narrow\"");
    form_field(r, "text", "name", "Tên đơn vị", u->name, fe ? ferr_get(fe, "name") : NULL, "required maxlength=\"200\"");
    form_field(r, "text", "short_name", "Tên viết tắt", u->short_name, fe ? ferr_get(fe, "short_name") : NULL, "maxlength=\"100\"");
    form_select(r, "kind", "Loại đơn vị", kind_options(r), u->kind, fe ? ferr_get(fe, "kind") : NULL);
    form_select(r, "parent_id", "Đơn vị cấp trên", parent_options(r, self, u->parent_id),
                u->parent_id ? arena_printf(&r->a, "%lld", (long long)u->parent_id) : (u->id && !u->parent_id ? "0" : ""),
                fe ? ferr_get(fe, "parent_id") : NULL);
    form_field(r, "text", "code", "Mã đơn vị (mã hành chính hoặc mã nội bộ, không bắt buộc)", u->code,
               fe ? ferr_get(fe, "code") : NULL, "maxlength=\"32\" autocomplete=\"off\"");
    form_field(r, "text", "tax_code", "Mã số thuế (doanh nghiệp: 10 số, chi nhánh: 10 số-3 số)", u->tax_code,
               fe ? ferr_get(fe, "tax_code") : NULL, "inputmode=\"numeric\" maxlength=\"20\" autocomplete=\"off\"");
    form_field(r, "text", "address", "Địa chỉ", u->address, fe ? ferr_get(fe, "address") : NULL, "maxlength=\"300\"");
    form_field(r, "date", "valid_from", "Có hiệu lực từ ngày", u->valid_from, fe ? ferr_get(fe, "valid_from") : NULL, NULL);
    form_field(r, "date", "valid_to", "Hết hiệu lực từ sau ngày (để trống nếu còn hoạt động)", u->valid_to,
               fe ? ferr_get(fe, "valid_to") : NULL, NULL);
    form_field(r, "textarea", "note", "Ghi chú", u->note, fe ? ferr_get(fe, "note") : NULL, "maxlength=\"2000\"");
    form_end(r, "Lưu");
}

/* Reads the form into an input (every field given: an empty box clears it). */
static void input_from_form(req *r, struct unit_input *in, struct field_errors *fe)
{
    memset(in, 0, sizeof *in);
    const char *keys[] = {"kind", "name", "short_name", "code", "tax_code", "address", "note", "valid_from", "valid_to"};
    const char **dst[] = {&in->kind, &in->name, &in->short_name, &in->code, &in->tax_code, &in->address, &in->note,
                          &in->valid_from, &in->valid_to};
    for (size_t i = 0; i < countof(keys); i++) {
        const char *v = web_param(r, keys[i]);
        *dst[i] = v ? v : "";
    }
    const char *p = web_param(r, "parent_id");
    if (!str_empty(p)) {
        in->set_parent = true;
        if (!parse_int64(p, &in->parent_id) || in->parent_id < 0) ferr_add(fe, "parent_id", "Đơn vị cấp trên không hợp lệ.");
    }
}

/* The values a form shows again after an error: what was typed. */
static struct unit unit_from_input(const struct unit_input *in)
{
    struct unit u = {0};
    u.kind = in->kind; u.name = in->name; u.short_name = in->short_name; u.code = in->code; u.tax_code = in->tax_code;
    u.address = in->address; u.note = in->note; u.valid_from = in->valid_from; u.valid_to = in->valid_to;
    u.parent_id = in->parent_id;
    return u;
}

void unit_new_page(req *r)
{
    struct field_errors fe = {0};
    struct unit u = {0};
    if (web_is_post(r)) {
        struct unit_input in;
        input_from_form(r, &in, &fe);
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : unit_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create unit"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/units/%lld?notice=created", (long long)id)); return; }
        u = unit_from_input(&in);
        r->status = 400;
    } else {
        const char *p = web_param(r, "parent");
        int64_t pid;
        if (p && parse_int64(p, &pid)) u.parent_id = pid;
    }
    int status = r->status;
    page_begin(r, "Thêm đơn vị");
    unit_form(r, "/units/new", &u, &fe, 0);
    page_end(r);
    r->status = status;
}

static void unit_lineage_html(req *r, const struct unit *u)
{
    struct unit_lineage back, fwd;
    if (unit_lineage(r->db, u->id, &r->a, &back) < 0 || unit_successors(r->db, u->id, &r->a, &fwd) < 0) {
        html(r, "<p class=\"notice error\">Không đọc được lịch sử kế thừa.</p>");
        return;
    }
    html(r, "<h2 id=\"lich-su\">Lịch sử sắp xếp, kế thừa</h2>");
    if (back.nedges == 0 && fwd.nedges == 0) {
        html(r, "<p class=\"muted\">Đơn vị chưa qua sáp nhập, chia tách hay đổi tên.</p>");
        return;
    }
    /* Each group (successor, change, date) is one sentence: "X được hình thành ngày … do sáp
     * nhập: A, B". Names come from the lineage lists. */
    struct unit_lineage *ls[2] = {&back, &fwd};
    const char *heads[2] = {"Tiền thân (đơn vị mà đơn vị này kế thừa, kể cả gián tiếp)",
                            "Đơn vị kế thừa (đơn vị đã thay thế đơn vị này)"};
    for (int d = 0; d < 2; d++) {
        struct unit_lineage *l = ls[d];
        if (!l->nedges) continue;
        html(r, "<h3>%s</h3><ul>", heads[d]);
        for (int i = 0; i < l->nedges; i++) {
            struct unit_edge *e = &l->edges[i];
            bool first = true;
            for (int j = 0; j < i; j++)
                if (l->edges[j].successor_id == e->successor_id && str_eq(l->edges[j].change, e->change) &&
                    str_eq(l->edges[j].effective, e->effective))
                    first = false;
            if (!first) continue;
            const char *succ = "?";
            for (int k = 0; k < l->n; k++)
                if (l->units[k].id == e->successor_id) succ = l->units[k].name;
            html(r, "<li>Ngày %T, %s: ", e->effective, unit_change_label(e->change));
            bool comma = false;
            for (int j = i; j < l->nedges; j++) {
                struct unit_edge *f = &l->edges[j];
                if (f->successor_id != e->successor_id || !str_eq(f->change, e->change) || !str_eq(f->effective, e->effective))
                    continue;
                const char *pred = "?";
                for (int k = 0; k < l->n; k++)
                    if (l->units[k].id == f->predecessor_id) pred = l->units[k].name;
                html(r, "%s<a href=\"/units/%D\">%s</a>", comma ? ", " : "", f->predecessor_id, pred);
                comma = true;
            }
            html(r, " → <a href=\"/units/%D\">%s</a>", e->successor_id, succ);
            if (e->legal_basis) html(r, " <span class=\"muted\">(căn cứ: %s)</span>", e->legal_basis);
            html(r, "</li>");
        }
        html(r, "</ul>");
    }
}

void unit_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct unit u;
    int rc = unit_get(r->db, &r->a, id, &u);
    if (rc < 0) { web_fail(r, "get unit"); return; }
    if (!rc) { web_error(r, 404, "Không có đơn vị này."); return; }
    char today[11];
    iso_date_today(today);
    struct unit *path;
    int np;
    if (unit_path(r->db, &r->a, id, &path, &np) < 0) { web_fail(r, "unit path"); return; }
    /* Children a page at a time: an import can put tens of thousands under one unit. */
    int64_t page = page_number(r);
    struct unit_list_opts co = {.historic = true, .by_parent = true, .parent_id = id, .limit = UNITS_PER_PAGE,
                                .offset = (int)((page - 1) * UNITS_PER_PAGE)};
    struct unit *kids;
    int nk, nkids;
    if (unit_list_page(r->db, &r->a, &co, &kids, &nk, &nkids) < 0) { web_fail(r, "unit children"); return; }
    mask_units_for(r, &u, 1);
    page_begin(r, u.name);
    const char *notice = notice_text(web_param(r, "notice"));
    if (notice) page_notice(r, "ok", notice);
    if (np) {
        html(r, "<nav aria-label=\"Vị trí trong cây đơn vị\"><p class=\"muted\"><a href=\"/units\">Cây đơn vị</a>");
        for (int i = 0; i < np; i++) html(r, " › <a href=\"/units/%D\">%s</a>", path[i].id, path[i].name);
        html(r, "</p></nav>");
    }
    if (u.valid_to && strcmp(u.valid_to, today) < 0)
        page_notice(r, "info", arena_printf(&r->a, "Đơn vị này đã thôi hoạt động sau ngày %s (xem lịch sử kế thừa bên dưới).",
                                            u.valid_to));
    bool can_write = web_has_cap(r, CAP_UNIT_WRITE) && actor_req_in_scope(r, id);
    if (can_write)
        html(r, "<p class=\"actions\"><a class=\"button\" href=\"/units/%D/edit\">Sửa</a>"
                "<a class=\"button secondary\" href=\"/units/new?parent=%D\">Thêm đơn vị trực thuộc</a>"
                "<a class=\"button secondary\" href=\"/units/%D/reorganise\">Sáp nhập, chia tách, đổi tên</a></p>",
             id, id, id);
    html(r, "<div class=\"table-wrap\"><table><tbody>"
            "<tr><th scope=\"row\">Loại</th><td>%s</td></tr>", unit_kind_label(u.kind));
    if (u.short_name) html(r, "<tr><th scope=\"row\">Tên viết tắt</th><td>%s</td></tr>", u.short_name);
    if (u.parent_id) html(r, "<tr><th scope=\"row\">Đơn vị cấp trên</th><td><a href=\"/units/%D\">%s</a></td></tr>",
                          u.parent_id, u.parent_name);
    if (u.code) html(r, "<tr><th scope=\"row\">Mã đơn vị</th><td>%s</td></tr>", u.code);
    if (u.tax_code) html(r, "<tr><th scope=\"row\">Mã số thuế</th><td>%s</td></tr>", u.tax_code);
    if (u.address) html(r, "<tr><th scope=\"row\">Địa chỉ</th><td>%s</td></tr>", u.address);
    html(r, "<tr><th scope=\"row\">Hiệu lực</th><td>%s%T%s%T</td></tr>", u.valid_from ? "từ " : "", u.valid_from,
         u.valid_to ? " đến hết ngày " : (u.valid_from ? "" : "không giới hạn"), u.valid_to);
    if (u.note) html(r, "<tr><th scope=\"row\">Ghi chú</th><td>%s</td></tr>", u.note);
    html(r, "</tbody></table></div>");
    html(r, "<h2 id=\"truc-thuoc\">Đơn vị trực thuộc</h2>");
    if (!nkids) html(r, "<p class=\"muted\">Không có.</p>");
    else {
        if (nkids > UNITS_PER_PAGE)
            html(r, "<p class=\"muted\">%d đơn vị; từ %d đến %d.</p>", nkids, co.offset + (nk ? 1 : 0), co.offset + nk);
        html(r, "<ul>");
        for (int i = 0; i < nk; i++) {
            html(r, "<li><a href=\"/units/%D\">%s</a>", kids[i].id, kids[i].name);
            unit_tags(r, &kids[i], today);
            html(r, "</li>");
        }
        html(r, "</ul>");
        page_links(r, arena_printf(&r->a, "/units/%lld", (long long)id), NULL, page, co.offset + nk < nkids);
    }
    unit_lineage_html(r, &u);
    block_unit_section(r, id);
    page_end(r);
}

/* The unit named by the path's {id}, if this user may change it; otherwise the 404 or 403 (with
 * `denied`) is answered here and false returned. */
static bool writable_unit_of_path(req *r, int64_t *id, struct unit *u, const char *denied)
{
    if (!web_param_id(r, 0, id)) return false;
    int rc = unit_get(r->db, &r->a, *id, u);
    if (rc < 0) { web_fail(r, "get unit"); return false; }
    if (!rc) { web_error(r, 404, "Không có đơn vị này."); return false; }
    if (!actor_req_in_scope(r, *id)) { web_error(r, 403, denied); return false; }
    return true;
}

void unit_edit_page(req *r)
{
    int64_t id;
    struct unit u;
    if (!writable_unit_of_path(r, &id, &u, "Bạn chỉ sửa được đơn vị của mình và các đơn vị trực thuộc.")) return;
    int rc;
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct unit_input in;
        input_from_form(r, &in, &fe);
        keep_masked_fields(r, &u, &in);
        if (!in.set_parent && !fe.n) ferr_add(&fe, "parent_id", "Hãy chọn đơn vị cấp trên.");
        struct actor me = actor_of_req(r);
        rc = fe.n ? 0 : unit_update(r->db, &r->a, &me, id, &in, &fe);
        if (rc < 0) { web_fail(r, "update unit"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/units/%lld?notice=updated", (long long)id)); return; }
        struct unit shown = unit_from_input(&in);
        shown.id = id;
        if (!in.address) shown.address = u.address;   /* kept fields show as they were shown */
        if (!in.note) shown.note = u.note;
        u = shown;
        r->status = 400;
    }
    mask_units_for(r, &u, 1);
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Sửa: %s", u.name && *u.name ? u.name : "đơn vị"));
    html(r, "<p class=\"muted\">Sửa để chỉnh thông tin sai. Khi đơn vị được đổi tên, sáp nhập hay chia tách theo quyết định "
            "của cấp có thẩm quyền, hãy dùng <a href=\"/units/%D/reorganise\">sắp xếp lại</a> để giữ lịch sử.</p>", id);
    unit_form(r, arena_printf(&r->a, "/units/%lld/edit", (long long)id), &u, &fe, id);
    page_end(r);
    r->status = status;
}

/* ---- reorganise ---- */
static void reorg_errors(req *r, const struct field_errors *fe)
{
    if (!fe->n) return;
    html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa sắp xếp được:</p><ul>");
    for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
    html(r, "</ul></div>");
}

/* A labelled input of one of the three reorganise forms; ids carry the form's name so the
 * page's labels stay unique. */
static void reorg_input(req *r, const char *form, const char *type, const char *name, const char *label,
                        const char *extra_raw)
{
    html(r, "<div class=\"field\"><label for=\"f-%s-%s\">%s</label>", form, name, label);
    if (str_eq(type, "textarea"))
        html(r, "<textarea id=\"f-%s-%s\" name=\"%s\" %R></textarea>", form, name, name, extra_raw); // raw: constant attributes
    else
        html(r, "<input id=\"f-%s-%s\" type=\"%s\" name=\"%s\" %R>", form, name, type, name, extra_raw); // raw: constant attributes
    html(r, "</div>");
}

static void date_and_basis(req *r, const char *form)
{
    reorg_input(r, form, "date", "effective", "Có hiệu lực từ ngày", "required");
    reorg_input(r, form, "text", "legal_basis", "Căn cứ (số nghị quyết, quyết định)",
                "maxlength=\"300\" placeholder=\"vd: Nghị quyết 1672/NQ-UBTVQH15\"");
}

void unit_reorganise_page(req *r)
{
    int64_t id;
    struct unit u;
    if (!writable_unit_of_path(r, &id, &u, "Bạn chỉ sắp xếp được đơn vị của mình và các đơn vị trực thuộc.")) return;
    int rc;
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        const char *change = web_param(r, "change");
        int64_t sources[UNIT_REORG_MAX] = {id}, existing[UNIT_REORG_MAX];
        int ns = 1, ne = 0, nc = 0;
        struct unit_input created[UNIT_REORG_MAX];
        memset(created, 0, sizeof created);
        if (str_eq(change, "merge")) {
            for (int i = 0; i < r->form.n; i++) {
                int64_t other;
                if (!str_eq(r->form.items[i].name, "with") || !parse_int64(r->form.items[i].value, &other)) continue;
                if (ns >= UNIT_REORG_MAX) { ferr_add(&fe, "sources", "Tối đa 16 đơn vị mỗi lần."); break; }
                if (other != id) sources[ns++] = other;
            }
            int64_t into;
            const char *into_s = web_param(r, "into");
            if (!str_empty(into_s) && parse_int64(into_s, &into) && into > 0) existing[ne++] = into;
            else {
                created[0].name = web_param(r, "new_name");
                created[0].kind = str_empty(web_param(r, "new_kind")) ? NULL : web_param(r, "new_kind");
                const char *np = web_param(r, "new_parent_id");
                if (!str_empty(np) && parse_int64(np, &created[0].parent_id)) created[0].set_parent = true;
                nc = 1;
            }
        } else if (str_eq(change, "split")) {
            const char *names = web_param(r, "names");
            for (const char *p = names ? names : ""; *p && nc < UNIT_REORG_MAX;) {
                size_t n = strcspn(p, "\r\n");
                const char *line = trimmed(&r->a, arena_strndup(&r->a, p, n));
                if (line) created[nc++].name = line;
                p += n;
                while (*p == '\r' || *p == '\n') p++;
            }
        } else if (str_eq(change, "rename")) {
            created[0].name = web_param(r, "new_name");
            const char *sn = web_param(r, "new_short_name");
            if (!str_empty(sn)) created[0].short_name = sn;
            nc = 1;
        }
        struct actor me = actor_of_req(r);
        struct unit_reorg op = {change, sources, ns, existing, ne, created, nc, web_param(r, "effective"),
                                web_param(r, "legal_basis")};
        struct unit_reorg_result res;
        rc = fe.n ? 0 : unit_reorganise(r->db, &r->a, &me, &op, &fe, &res);
        if (rc < 0) { web_fail(r, "reorganise unit"); return; }
        if (rc > 0) {
            web_redirect(r, arena_printf(&r->a, "/units/%lld?notice=reorganised#lich-su", (long long)res.successors[0]));
            return;
        }
        r->status = ferr_get(&fe, "scope") ? 403 : 400;
    }
    int status = r->status;
    page_begin(r, arena_printf(&r->a, "Sắp xếp lại: %s", u.name));
    reorg_errors(r, &fe);
    html(r, "<p>Mỗi thao tác được ghi một lần vào nhật ký; đơn vị cũ hết hiệu lực vào ngày trước ngày có hiệu lực, "
            "lịch sử (khen thưởng, báo cáo) đi theo đơn vị kế thừa.</p>");
    /* merge */
    struct unit_list_opts o = {0};
    struct unit *v;
    int n;
    if (unit_list(r->db, &r->a, &o, &v, &n) < 0) { web_fail(r, "list units"); return; }
    html(r, "<h2>Sáp nhập</h2><p class=\"muted\">%s cùng các đơn vị được chọn hợp thành một đơn vị: một đơn vị có sẵn "
            "(vd: Sở Kế hoạch và Đầu tư sáp nhập vào Sở Tài chính) hoặc một đơn vị mới.</p>", u.name);
    form_begin(r, arena_printf(&r->a, "/units/%lld/reorganise", (long long)id), "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"change\" value=\"merge\">"
            "<div class=\"field\"><label for=\"f-with\">Cùng sáp nhập với (giữ Ctrl để chọn nhiều)</label>"
            "<select id=\"f-with\" name=\"with\" multiple size=\"8\">");
    struct actor sc = actor_of_req(r);
    struct tree t;
    tree_build(&r->a, v, n, &t);
    int self = tree_find(&t, id);
    for (int i = 0; i < n; i++)   /* not itself, not its ancestors or descendants: siblings and cousins */
        if (v[i].id != id && (self < 0 || !tree_under(&t, self, v[i].id)) && !tree_under(&t, i, id) &&
            (sc.whole_tree || tree_under(&t, i, sc.unit_id)))
            html(r, "<option value=\"%D\">%s</option>", v[i].id, v[i].name);
    html(r, "</select></div><div class=\"field\"><label for=\"f-into\">Vào đơn vị</label><select id=\"f-into\" name=\"into\">"
            "<option value=\"\">Một đơn vị mới (điền tên bên dưới)</option>");
    for (int i = 0; i < n; i++)
        if (v[i].id != id) html(r, "<option value=\"%D\">%s</option>", v[i].id, v[i].name);
    html(r, "</select></div>");
    reorg_input(r, "merge", "text", "new_name", "Tên đơn vị mới", "maxlength=\"200\"");
    form_select(r, "new_kind", "Loại đơn vị mới (để trống: như đơn vị này)", kind_options(r), NULL, ferr_get(&fe, "new_kind"));
    form_select(r, "new_parent_id", "Cấp trên của đơn vị mới (để trống: như đơn vị này)", parent_options(r, 0, 0), NULL,
                ferr_get(&fe, "new_parent_id"));
    date_and_basis(r, "merge");
    form_end(r, "Sáp nhập");
    /* split */
    html(r, "<h2>Chia tách</h2><p class=\"muted\">%s thôi hoạt động; mỗi dòng dưới đây thành một đơn vị mới cùng loại, "
            "cùng cấp trên. Đơn vị trực thuộc (nếu có) cần được chuyển từng đơn vị sau đó.</p>", u.name);
    form_begin(r, arena_printf(&r->a, "/units/%lld/reorganise", (long long)id), "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"change\" value=\"split\">");
    reorg_input(r, "split", "textarea", "names", "Tên các đơn vị mới, mỗi dòng một tên", "required");
    date_and_basis(r, "split");
    form_end(r, "Chia tách");
    /* rename */
    html(r, "<h2>Đổi tên</h2><p class=\"muted\">Tạo đơn vị mang tên mới thay cho %s (giữ mã, mã số thuế, địa chỉ, "
            "đơn vị trực thuộc).</p>", u.name);
    form_begin(r, arena_printf(&r->a, "/units/%lld/reorganise", (long long)id), "class=\"narrow\"");
    html(r, "<input type=\"hidden\" name=\"change\" value=\"rename\">");
    reorg_input(r, "rename", "text", "new_name", "Tên mới", "maxlength=\"200\" required");
    reorg_input(r, "rename", "text", "new_short_name", "Tên viết tắt mới", "maxlength=\"100\"");
    date_and_basis(r, "rename");
    form_end(r, "Đổi tên");
    page_end(r);
    r->status = status;
}

/* ---- import / export ---- */
static const struct upload *find_upload(req *r, const char *field)
{
    for (int i = 0; i < r->n_uploads; i++)
        if (str_eq(r->uploads[i].field, field)) return &r->uploads[i];
    return NULL;
}

/* The file name as shown and audited: its last path component, at most 200 bytes. */
static const char *upload_name(arena *a, const struct upload *u)
{
    const char *n = u->filename ? u->filename : "";
    const char *slash = strrchr(n, '/'), *back = strrchr(n, '\\');
    if (slash && (!back || slash > back)) n = slash + 1;
    else if (back) n = back + 1;
    size_t len = strlen(n);
    if (len > 200) len = 200;
    while (len && ((unsigned char)n[len] & 0xC0) == 0x80) len--;   /* do not cut a character */
    return arena_strndup(a, n, len);
}

/* The import quota of a signed-in user: the setting import.max_rows.<role> (setting.c). */
static struct import_quota import_quota_of(req *r)
{
    const char *name = arena_printf(&r->a, "import.max_rows.%s", r->user.role ? r->user.role : "");
    struct import_quota q = {setting_int(r->db, name), name};
    return q;
}

static void import_form(req *r)
{
    form_begin(r, "/units/import", "enctype=\"multipart/form-data\" class=\"narrow\"");
    form_field(r, "file", "file", "Tệp CSV (UTF-8; dòng đầu là tên cột)", NULL, NULL, "accept=\".csv,text/csv\" required");
    html(r, "<div class=\"field\"><label><input type=\"checkbox\" name=\"skip_bad\" value=\"1\"> Bỏ qua các dòng lỗi "
            "(mặc định: có một dòng lỗi thì không ghi gì)</label>"
            "<label><input type=\"checkbox\" name=\"dry_run\" value=\"1\"> Chỉ kiểm tra, không ghi</label></div>");
    form_end(r, "Nhập");
}

void units_import_page(req *r)
{
    struct import_report rep;
    bool ran = false;
    if (web_is_post(r)) {
        const struct upload *up = find_upload(r, "file");
        if (!up) {
            r->status = 400;
        } else {
            unsigned flags = (str_eq(web_param(r, "skip_bad"), "1") ? IMPORT_SKIP_BAD : 0) |
                             (str_eq(web_param(r, "dry_run"), "1") ? IMPORT_DRY_RUN : 0);
            struct actor me = actor_of_req(r);
            struct import_quota quota = import_quota_of(r);
            if (unit_import(r->db, &r->a, &me, &quota, upload_name(&r->a, up), up->data, up->len, flags, &rep) < 0) {
                web_fail(r, "import units");
                return;
            }
            ran = true;
            if (rep.fatal || (!rep.written && rep.rejected && !rep.dry_run)) r->status = 400;
        }
    }
    int status = r->status;
    page_begin(r, "Nhập đơn vị từ tệp CSV");
    if (web_is_post(r) && !ran) page_notice(r, "error", "Hãy chọn một tệp CSV để nhập.");
    if (ran) import_report_html(r, &rep, rep.total <= 500, "/units/");   /* every line of a small file */
    html(r, "<p>Mỗi dòng của tệp là một đơn vị. Dòng có mã, mã số thuế, hoặc tên và đơn vị cấp trên trùng với đơn vị đã có "
            "được bỏ qua, nên nhập lại cùng một tệp không tạo bản sao. Tệp mẫu: <a href=\"/units/export.csv\">tải danh sách "
            "đơn vị hiện có</a>.</p>");
    import_form(r);
    import_columns_html(r, unit_columns, C__N);
    page_end(r);
    r->status = status;
}

void units_export_page(req *r)
{
    char at[11] = "";
    const char *at_in = web_param(r, "at");
    if (!str_empty(at_in) && !unit_date_parse(at_in, at)) {
        web_error(r, 400, "Ngày không hợp lệ (tham số at).");
        return;
    }
    buf out = {0};
    if (unit_export_csv(r->db, &r->a, at[0] ? at : NULL, !privacy_can_see(r), &out) < 0) {
        buf_free(&out);
        web_fail(r, "export units");
        return;
    }
    char today[11];
    iso_date_today(today);
    web_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"don-vi-%s.csv\"", at[0] ? at : today));
    web_body(r, "text/csv; charset=utf-8", out.data ? out.data : "", out.len);
    buf_free(&out);
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

/* A text member of a JSON object: NULL when absent, "" for null, numbers as their digits. */
static const char *jtext(req *r, json_t *o, const char *key, struct field_errors *fe)
{
    json_t *v = json_object_get(o, key);
    if (!v) return NULL;
    if (json_is_null(v)) return "";
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) return arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
    ferr_add(fe, key, arena_printf(&r->a, "Trường \"%s\" phải là chuỗi.", key));
    return NULL;
}

/* A unit reference in JSON: an id (number) or a code/id (string). 0 and a field error if unknown. */
static int64_t jref(req *r, json_t *v, const char *key, struct field_errors *fe)
{
    int64_t id = 0;
    if (json_is_integer(v) && json_integer_value(v) > 0) {
        if (store_int64(r->db, &id, "SELECT id FROM unit WHERE id = $1", "i", (int64_t)json_integer_value(v)) == 1) return id;
    } else if (json_is_string(v) && unit_find_ref(r->db, &id, json_string_value(v)) == 1) {
        return id;
    }
    ferr_add(fe, key, json_is_string(v) ? arena_printf(&r->a, "Không có đơn vị \"%s\".", json_string_value(v))
                                        : "Không có đơn vị này (cần số id hoặc mã đơn vị).");
    return 0;
}

static void input_from_json(req *r, json_t *o, struct unit_input *in, struct field_errors *fe)
{
    memset(in, 0, sizeof *in);
    in->kind = jtext(r, o, "kind", fe);
    in->name = jtext(r, o, "name", fe);
    in->short_name = jtext(r, o, "short_name", fe);
    in->code = jtext(r, o, "code", fe);
    in->tax_code = jtext(r, o, "tax_code", fe);
    in->address = jtext(r, o, "address", fe);
    in->note = jtext(r, o, "note", fe);
    in->valid_from = jtext(r, o, "valid_from", fe);
    in->valid_to = jtext(r, o, "valid_to", fe);
    json_t *p = json_object_get(o, "parent_id");
    json_t *pc = json_object_get(o, "parent_code");
    if (p && json_is_null(p)) {
        in->set_parent = true;
        in->parent_id = 0;
    } else if (p || pc) {
        in->set_parent = true;
        in->parent_id = jref(r, p ? p : pc, p ? "parent_id" : "parent_code", fe);
        if (!in->parent_id) in->set_parent = false;
    }
}

static bool json_body(req *r)
{
    if (!r->json || !json_is_object(r->json)) {
        web_json_fields(r, "Cần gửi một đối tượng JSON (Content-Type: application/json).", NULL);
        return false;
    }
    return true;
}

static json_t *units_json_array(const struct unit *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, unit_json(&v[i]));
    return a;
}

/* The window of a list request: `limit` (1–5000, default 500) and `offset`; errors into fe. */
static void list_window(req *r, struct unit_list_opts *o, struct field_errors *fe)
{
    int64_t limit = 500, offset = 0;
    const char *ls = web_param(r, "limit"), *os = web_param(r, "offset");
    if (ls && (!parse_int64(ls, &limit) || limit < 1 || limit > 5000)) ferr_add(fe, "limit", "limit từ 1 đến 5000.");
    if (os && (!parse_int64(os, &offset) || offset < 0 || offset > 100000000)) ferr_add(fe, "offset", "offset không hợp lệ.");
    o->limit = (int)limit;
    o->offset = (int)offset;
}

/* One page of a unit list in the API's list envelope {"units", "total", "offset", "count"}
 * (offset no further than total), masked for this reader; NULL on a store error. */
static json_t *units_page_json(req *r, const struct unit_list_opts *o)
{
    struct unit *v;
    int n, total;
    if (unit_list_page(r->db, &r->a, o, &v, &n, &total) < 0) return NULL;
    mask_units_for(r, v, n);
    return json_pack("{s:o, s:i, s:i, s:i}", "units", units_json_array(v, n), "total", total, "offset",
                     o->offset < total ? o->offset : total, "count", n);
}

void units_api(req *r)
{
    if (web_is_post(r)) {
        /* The route row demands unit.write; checked again so a shared row can never open it. */
        if (!web_has_cap(r, CAP_UNIT_WRITE)) { web_error(r, 403, "Bạn không có quyền sửa cây đơn vị."); return; }
        if (!json_body(r)) return;
        struct field_errors fe = {0};
        struct unit_input in;
        input_from_json(r, r->json, &in, &fe);
        if (fe.n) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
        struct actor me = actor_of_req(r);
        int64_t id = unit_create(r->db, &r->a, &me, &in, &fe);
        if (id < 0) { web_fail(r, "create unit"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        if (!id) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
        struct unit u;
        if (unit_get(r->db, &r->a, id, &u) != 1) { web_fail(r, "get unit"); return; }
        mask_units_for(r, &u, 1);
        web_header(r, "Location", arena_printf(&r->a, "/api/units/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "unit", unit_json(&u)));
        return;
    }
    char at[11] = "";
    const char *at_in = web_param(r, "at");
    struct field_errors fe = {0};
    if (!str_empty(at_in) && !unit_date_parse(at_in, at)) ferr_add(&fe, "at", "Ngày không hợp lệ.");
    struct unit_list_opts o = {.historic = str_eq(web_param(r, "historic"), "1"), .at = at[0] ? at : NULL};
    const char *q = web_param(r, "q"), *kind = web_param(r, "kind"), *parent = web_param(r, "parent");
    if (!str_empty(q)) o.q = q;
    if (!str_empty(kind)) {
        o.kind = unit_kind_from_text(kind);
        if (!o.kind) ferr_add(&fe, "kind", "Loại đơn vị không có trong danh mục.");
    }
    if (!str_empty(parent)) {
        o.by_parent = true;
        if (!parse_int64(parent, &o.parent_id) || o.parent_id < 0) ferr_add(&fe, "parent", "Cần số id của đơn vị cấp trên.");
    }
    list_window(r, &o, &fe);
    if (fe.n) { web_json_fields(r, "Tham số không hợp lệ.", ferr_json(&fe)); return; }
    json_t *list = units_page_json(r, &o);
    if (!list) { web_fail(r, "list units"); return; }
    web_json(r, 200, list);
}

void unit_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct unit u;
    int rc = unit_get(r->db, &r->a, id, &u);
    if (rc < 0) { web_fail(r, "get unit"); return; }
    if (!rc) { web_error(r, 404, "Không có đơn vị này."); return; }
    if (str_eq(r->method, "PATCH")) {
        if (!json_body(r)) return;
        struct field_errors fe = {0};
        struct unit_input in;
        input_from_json(r, r->json, &in, &fe);
        if (fe.n) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
        keep_masked_fields(r, &u, &in);
        struct actor me = actor_of_req(r);
        rc = unit_update(r->db, &r->a, &me, id, &in, &fe);
        if (rc < 0) { web_fail(r, "update unit"); return; }
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        if (!rc) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
        if (unit_get(r->db, &r->a, id, &u) != 1) { web_fail(r, "get unit"); return; }
        mask_units_for(r, &u, 1);
        web_json(r, 200, json_pack("{s:o}", "unit", unit_json(&u)));
        return;
    }
    /* Children in the units list's envelope, a window at a time (limit, offset). */
    struct field_errors fe = {0};
    struct unit_list_opts co = {.historic = true, .by_parent = true, .parent_id = id};
    list_window(r, &co, &fe);
    if (fe.n) { web_json_fields(r, "Tham số không hợp lệ.", ferr_json(&fe)); return; }
    struct unit *path;
    int np;
    struct block_membership *bm;
    int nb;
    json_t *children = NULL;
    if (unit_path(r->db, &r->a, id, &path, &np) < 0 || !(children = units_page_json(r, &co)) ||
        block_memberships_of_unit(r->db, &r->a, id, &bm, &nb) < 0) {
        json_decref(children);
        web_fail(r, "unit details");
        return;
    }
    json_t *jp = json_array(), *jb = json_array();
    for (int i = 0; i < np; i++)
        json_array_append_new(jp, json_pack("{s:I, s:s}", "id", (json_int_t)path[i].id, "name", path[i].name));
    for (int i = 0; i < nb; i++) {
        json_t *b = json_pack("{s:I, s:s, s:s}", "block_id", (json_int_t)bm[i].block_id, "name", bm[i].block_name,
                              "kind", bm[i].kind);
        json_set_text(b, "joined", bm[i].joined);
        json_set_text(b, "left_on", bm[i].left_on);
        json_set_text(b, "head_years", bm[i].head_years);
        json_set_text(b, "deputy_years", bm[i].deputy_years);
        json_array_append_new(jb, b);
    }
    mask_units_for(r, &u, 1);
    /* The unit exists (read above): its scope check needs no second look-up. */
    struct actor me = actor_of_req(r);
    bool can_write = web_has_cap(r, CAP_UNIT_WRITE) && (me.whole_tree || unit_tree_contains(r->db, me.unit_id, id));
    web_json(r, 200, json_pack("{s:o, s:o, s:o, s:o, s:b}", "unit", unit_json(&u), "path", jp, "children", children,
                               "blocks", jb, "can_write", can_write));
}

static json_t *lineage_json(const struct unit_lineage *l)
{
    json_t *units = json_array(), *edges = json_array();
    for (int i = 0; i < l->n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)l->units[i].id, "name", l->units[i].name,
                              "kind", l->units[i].kind, "depth", l->units[i].depth);
        json_set_text(o, "valid_from", l->units[i].valid_from);
        json_set_text(o, "valid_to", l->units[i].valid_to);
        json_array_append_new(units, o);
    }
    for (int i = 0; i < l->nedges; i++) {
        json_t *o = json_pack("{s:I, s:I, s:s, s:s}", "successor_id", (json_int_t)l->edges[i].successor_id,
                              "predecessor_id", (json_int_t)l->edges[i].predecessor_id, "change", l->edges[i].change,
                              "effective", l->edges[i].effective);
        json_set_text(o, "legal_basis", l->edges[i].legal_basis);
        json_array_append_new(edges, o);
    }
    return json_pack("{s:o, s:o}", "units", units, "edges", edges);
}

void unit_lineage_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct unit_lineage back, fwd;
    int rc = unit_lineage(r->db, id, &r->a, &back);
    if (rc < 0 || unit_successors(r->db, id, &r->a, &fwd) < 0) { web_fail(r, "lineage"); return; }
    if (!rc) { web_error(r, 404, "Không có đơn vị này."); return; }
    json_t *ids = json_array();
    for (int i = 0; i < back.n; i++) json_array_append_new(ids, json_integer(back.units[i].id));
    web_json(r, 200, json_pack("{s:I, s:o, s:o, s:o}", "unit_id", (json_int_t)id, "ids", ids, "predecessors",
                               lineage_json(&back), "successors", lineage_json(&fwd)));
}

void units_import_api(req *r)
{
    const struct upload *up = find_upload(r, "file");
    if (!up) {
        json_t *f = json_object();
        json_object_set_new(f, "file", json_string("Gửi tệp CSV trong trường \"file\" (multipart/form-data)."));
        web_json_fields(r, "Thiếu tệp CSV.", f);
        return;
    }
    unsigned flags = (str_eq(web_param(r, "skip_bad"), "1") ? IMPORT_SKIP_BAD : 0) |
                     (str_eq(web_param(r, "dry_run"), "1") ? IMPORT_DRY_RUN : 0);
    struct actor me = actor_of_req(r);
    struct import_quota quota = import_quota_of(r);
    struct import_report rep;
    if (unit_import(r->db, &r->a, &me, &quota, upload_name(&r->a, up), up->data, up->len, flags, &rep) < 0) {
        web_fail(r, "import units");
        return;
    }
    json_t *report = import_report_json(&rep);
    if (rep.fatal || (!rep.written && rep.rejected && !rep.dry_run && !rep.skip_bad)) {
        json_t *o = json_pack("{s:s, s:O, s:s, s:o}", "error", "bad_request", "message",
                              json_object_get(report, "summary"), "request_id", r->request_id, "report", report);
        web_json(r, 400, o);
        return;
    }
    web_json(r, 200, report);
}

/* "sources": [id|code …]; "into": id|code or a list; "new": an object or a list of objects. */
void units_reorganise_api(req *r)
{
    if (!json_body(r)) return;
    struct field_errors fe = {0};
    int64_t sources[UNIT_REORG_MAX], existing[UNIT_REORG_MAX];
    struct unit_input created[UNIT_REORG_MAX];
    int ns = 0, ne = 0, nc = 0;
    json_t *js = json_object_get(r->json, "sources"), *ji = json_object_get(r->json, "into"),
           *jn = json_object_get(r->json, "new"), *v;
    size_t i;
    if (js && !json_is_array(js)) js = NULL;
    if (!js) ferr_add(&fe, "sources", "\"sources\" phải là danh sách id hoặc mã đơn vị.");
    else json_array_foreach(js, i, v) {
        if (ns >= UNIT_REORG_MAX) { ferr_add(&fe, "sources", "Tối đa 16 đơn vị."); break; }
        int64_t id = jref(r, v, "sources", &fe);
        if (id) sources[ns++] = id;
    }
    if (ji && !json_is_null(ji)) {
        if (json_is_array(ji)) json_array_foreach(ji, i, v) {
            if (ne >= UNIT_REORG_MAX) { ferr_add(&fe, "into", "Tối đa 16 đơn vị."); break; }
            int64_t id = jref(r, v, "into", &fe);
            if (id) existing[ne++] = id;
        }
        else {
            int64_t id = jref(r, ji, "into", &fe);
            if (id) existing[ne++] = id;
        }
    }
    if (jn && json_is_object(jn)) {
        input_from_json(r, jn, &created[nc++], &fe);
    } else if (jn && json_is_array(jn)) {
        json_array_foreach(jn, i, v) {
            if (nc >= UNIT_REORG_MAX) { ferr_add(&fe, "new", "Tối đa 16 đơn vị."); break; }
            if (!json_is_object(v)) { ferr_add(&fe, "new", "Mỗi đơn vị mới là một đối tượng JSON."); break; }
            input_from_json(r, v, &created[nc++], &fe);
        }
    } else if (jn && !json_is_null(jn)) {
        ferr_add(&fe, "new", "\"new\" phải là một đối tượng hoặc một danh sách đối tượng.");
    }
    struct field_errors tmp = {0};
    const char *change = jtext(r, r->json, "change", &tmp), *effective = jtext(r, r->json, "effective", &tmp),
               *legal = jtext(r, r->json, "legal_basis", &tmp);
    for (int k = 0; k < tmp.n; k++) ferr_add(&fe, tmp.items[k].name, tmp.items[k].value);
    if (fe.n) { web_json_fields(r, "Dữ liệu không hợp lệ.", ferr_json(&fe)); return; }
    struct actor me = actor_of_req(r);
    struct unit_reorg op = {change, sources, ns, existing, ne, created, nc, effective, legal};
    struct unit_reorg_result res;
    int rc = unit_reorganise(r->db, &r->a, &me, &op, &fe, &res);
    if (rc < 0) { web_fail(r, "reorganise"); return; }
    if (!rc) {
        if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
        web_json_fields(r, "Không sắp xếp được.", ferr_json(&fe));
        return;
    }
    json_t *succ = json_array();
    for (int k = 0; k < res.nsuccessors; k++) json_array_append_new(succ, json_integer(res.successors[k]));
    web_json(r, 201, json_pack("{s:o, s:i, s:i, s:i, s:I}", "successors", succ, "moved_children", res.moved_children,
                               "children_left", res.children_left, "memberships_ended", res.memberships_ended,
                               "audit_id", (json_int_t)res.audit_id));
}

/* ======================================================================================
 * CLI: thidua unit …
 * ====================================================================================== */

static void print_errors(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) fprintf(stderr, "thidua unit %s: %s: %s\n", what, fe->items[i].name, fe->items[i].value);
}

/* Reads the unit fields from options (shared by add and the new units of reorganise). */
static void input_from_options(int *argc, char **argv, struct unit_input *in)
{
    in->name = cli_option(argc, argv, "name");
    in->kind = cli_option(argc, argv, "kind");
    in->short_name = cli_option(argc, argv, "short-name");
    in->code = cli_option(argc, argv, "code");
    in->tax_code = cli_option(argc, argv, "tax-code");
    in->address = cli_option(argc, argv, "address");
    in->note = cli_option(argc, argv, "note");
    in->valid_from = cli_option(argc, argv, "from");
    in->valid_to = cli_option(argc, argv, "to");
}

static int unit_add_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    struct unit_input in = {0};
    input_from_options(&argc, argv, &in);
    const char *parent = cli_option(&argc, argv, "parent");
    int rc = 1;
    arena a = {0};
    if (argc > 1 || !in.name || !in.kind) {
        fprintf(stderr, "usage: thidua unit add --name NAME --kind KIND [--parent ID|CODE] [--code C] [--short-name S]"
                        " [--tax-code T] [--address A] [--from DATE] [--to DATE] [--note N] --db FILE\n");
        rc = 2;
        goto out;
    }
    if (parent) {
        in.set_parent = true;
        int found = unit_find_ref(s, &in.parent_id, parent);
        if (found <= 0) {
            fprintf(stderr, "thidua unit add: no unit '%s' (give an id or a code)\n", parent);
            goto out;
        }
    }
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int64_t id = unit_create(s, &a, &me, &in, &fe);
    if (id < 0) fprintf(stderr, "thidua unit add: %s\n", store_errmsg(s));
    else if (!id) print_errors("add", &fe);
    else { printf("%lld\n", (long long)id); rc = 0; }
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int unit_list_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    struct unit_list_opts o = {0};
    char at[11];
    const char *at_in = cli_option(&argc, argv, "at"), *kind = cli_option(&argc, argv, "kind");
    o.q = cli_option(&argc, argv, "q");
    o.historic = cli_flag(&argc, argv, "historic");
    bool json = cli_flag(&argc, argv, "json");
    if (argc > 1) {
        fprintf(stderr, "usage: thidua unit list [--at DATE | --historic] [--q TEXT] [--kind KIND] [--json] --db FILE\n");
        rc = 2;
        goto out;
    }
    if (at_in && !unit_date_parse(at_in, at)) { fprintf(stderr, "thidua unit list: bad date '%s'\n", at_in); rc = 2; goto out; }
    if (at_in) o.at = at;
    if (kind && !(o.kind = unit_kind_from_text(kind))) { fprintf(stderr, "thidua unit list: unknown kind '%s'\n", kind); rc = 2; goto out; }
    struct unit *v;
    int n;
    if (unit_list(s, &a, &o, &v, &n) < 0) { fprintf(stderr, "thidua unit list: %s\n", store_errmsg(s)); goto out; }
    if (json) {
        json_t *arr = units_json_array(v, n);
        char *txt = json_dumps(arr, JSON_INDENT(1));
        puts(txt ? txt : "[]");
        free(txt);
        json_decref(arr);
    } else {
        for (int i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\t%s..%s\n", (long long)v[i].id, v[i].code ? v[i].code : "-", v[i].kind, v[i].name,
                   v[i].parent_name ? v[i].parent_name : "-", v[i].valid_from ? v[i].valid_from : "",
                   v[i].valid_to ? v[i].valid_to : "");
    }
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int unit_show_cmd(int argc, char **argv)
{
    bool json = cli_flag(&argc, argv, "json");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int rc = 1;
    int64_t id = 0;
    if (argc != 2) { fprintf(stderr, "usage: thidua unit show ID|CODE [--json] --db FILE\n"); rc = 2; goto out; }
    int found = unit_find_ref(s, &id, argv[1]);
    struct unit u;
    struct unit_lineage lin;
    if (found <= 0 || unit_get(s, &a, id, &u) != 1 || unit_lineage(s, id, &a, &lin) < 0) {
        fprintf(stderr, "thidua unit show: no unit '%s'\n", argv[1]);
        goto out;
    }
    if (json) {
        json_t *o = json_pack("{s:o, s:o}", "unit", unit_json(&u), "lineage", lineage_json(&lin));
        char *txt = json_dumps(o, JSON_INDENT(1));
        puts(txt ? txt : "{}");
        free(txt);
        json_decref(o);
    } else {
        printf("id: %lld\nname: %s\nkind: %s (%s)\n", (long long)u.id, u.name, u.kind, unit_kind_label(u.kind));
        if (u.parent_id) printf("parent: %lld %s\n", (long long)u.parent_id, u.parent_name);
        if (u.short_name) printf("short name: %s\n", u.short_name);
        if (u.code) printf("code: %s\n", u.code);
        if (u.tax_code) printf("tax code: %s\n", u.tax_code);
        if (u.address) printf("address: %s\n", u.address);
        printf("valid: %s .. %s\n", u.valid_from ? u.valid_from : "", u.valid_to ? u.valid_to : "");
        if (u.note) printf("note: %s\n", u.note);
        for (int i = 1; i < lin.n; i++)
            printf("predecessor (depth %d): %lld %s\n", lin.units[i].depth, (long long)lin.units[i].id, lin.units[i].name);
        for (int i = 0; i < lin.nedges; i++)
            printf("succession: %lld <- %lld %s %s%s%s\n", (long long)lin.edges[i].successor_id,
                   (long long)lin.edges[i].predecessor_id, lin.edges[i].change, lin.edges[i].effective,
                   lin.edges[i].legal_basis ? " " : "", lin.edges[i].legal_basis ? lin.edges[i].legal_basis : "");
    }
    rc = 0;
out:
    arena_free(&a);
    store_close(s);
    return rc;
}

static int unit_import_cmd(int argc, char **argv)
{
    bool skip = cli_flag(&argc, argv, "skip-bad"), dry = cli_flag(&argc, argv, "dry-run"),
         verbose = cli_flag(&argc, argv, "verbose"), json = cli_flag(&argc, argv, "json");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc != 2) {
        fprintf(stderr, "usage: thidua unit import FILE.csv [--skip-bad] [--dry-run] [--verbose] [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    buf data = {0};
    if (read_file(argv[1], &data) != 0) {
        fprintf(stderr, "thidua unit import: cannot read %s: %s\n", argv[1], strerror(errno));
        store_close(s);
        return 1;
    }
    arena a = {0};
    struct import_report rep;
    /* No quota: the CLI is the operator's way to load a large file (it writes the same way). */
    struct actor me = actor_cli(&a);
    int rc = unit_import(s, &a, &me, NULL, argv[1], data.data, data.len,
                         (skip ? IMPORT_SKIP_BAD : 0) | (dry ? IMPORT_DRY_RUN : 0), &rep);
    int status;
    if (rc < 0) {
        fprintf(stderr, "thidua unit import: database error, nothing written: %s\n", store_errmsg(s));
        status = 1;
    } else {
        if (json) {
            json_t *o = import_report_json(&rep);
            char *txt = json_dumps(o, JSON_INDENT(1));
            puts(txt ? txt : "{}");
            free(txt);
            json_decref(o);
        } else {
            import_report_print(stdout, &rep, verbose);
        }
        status = rep.fatal || (rep.rejected && !rep.skip_bad) ? 1 : 0;
    }
    arena_free(&a);
    buf_free(&data);
    store_close(s);
    return status;
}

static int unit_export_cmd(int argc, char **argv)
{
    const char *outpath = cli_option(&argc, argv, "out"), *at_in = cli_option(&argc, argv, "at");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    char at[11];
    if (argc > 1 || (at_in && !unit_date_parse(at_in, at))) {
        fprintf(stderr, "usage: thidua unit export [--out FILE] [--at DATE] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    buf out = {0};
    int rc = unit_export_csv(s, &a, at_in ? at : NULL, false, &out);   /* the operator of the database sees all */
    int status = 0;
    if (rc < 0) {
        fprintf(stderr, "thidua unit export: %s\n", store_errmsg(s));
        status = 1;
    } else {
        FILE *f = outpath ? fopen(outpath, "wb") : stdout;
        if (!f || fwrite(out.data ? out.data : "", 1, out.len, f) != out.len || (outpath && fclose(f) != 0)) {
            fprintf(stderr, "thidua unit export: cannot write %s: %s\n", outpath ? outpath : "stdout", strerror(errno));
            status = 1;
        }
    }
    buf_free(&out);
    arena_free(&a);
    store_close(s);
    return status;
}

/* thidua unit reorganise --change merge|split|rename --source REF… [--into REF…]
 *   [--new-name NAME… [--kind K] [--parent REF]] --effective DATE [--legal-basis TEXT] */
static int unit_reorganise_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    arena a = {0};
    int status = 1;
    const char *change = cli_option(&argc, argv, "change"), *effective = cli_option(&argc, argv, "effective"),
               *legal = cli_option(&argc, argv, "legal-basis"), *kind = cli_option(&argc, argv, "kind"),
               *parent = cli_option(&argc, argv, "parent");
    int64_t sources[UNIT_REORG_MAX], existing[UNIT_REORG_MAX];
    struct unit_input created[UNIT_REORG_MAX];
    memset(created, 0, sizeof created);
    int ns = 0, ne = 0, nc = 0;
    const char *ref;
    while ((ref = cli_option(&argc, argv, "source")) && ns < UNIT_REORG_MAX) {
        if (unit_find_ref(s, &sources[ns], ref) != 1) { fprintf(stderr, "thidua unit reorganise: no unit '%s'\n", ref); goto out; }
        ns++;
    }
    while ((ref = cli_option(&argc, argv, "into")) && ne < UNIT_REORG_MAX) {
        if (unit_find_ref(s, &existing[ne], ref) != 1) { fprintf(stderr, "thidua unit reorganise: no unit '%s'\n", ref); goto out; }
        ne++;
    }
    int64_t parent_id = 0;
    if (parent && unit_find_ref(s, &parent_id, parent) != 1) { fprintf(stderr, "thidua unit reorganise: no unit '%s'\n", parent); goto out; }
    while ((ref = cli_option(&argc, argv, "new-name")) && nc < UNIT_REORG_MAX) {
        created[nc].name = ref;
        created[nc].kind = kind;
        if (parent) { created[nc].set_parent = true; created[nc].parent_id = parent_id; }
        nc++;
    }
    if (argc > 1 || !change || !effective) {
        fprintf(stderr, "usage: thidua unit reorganise --change merge|split|rename --source REF [--source REF…] "
                        "[--into REF…] [--new-name NAME…] [--kind K] [--parent REF] --effective DATE "
                        "[--legal-basis TEXT] --db FILE\n");
        status = 2;
        goto out;
    }
    struct unit_reorg op = {change, sources, ns, existing, ne, created, nc, effective, legal};
    struct unit_reorg_result res;
    struct field_errors fe = {0};
    struct actor me = actor_cli(&a);
    int rc = unit_reorganise(s, &a, &me, &op, &fe, &res);
    if (rc < 0) fprintf(stderr, "thidua unit reorganise: %s\n", store_errmsg(s));
    else if (!rc) print_errors("reorganise", &fe);
    else {
        for (int i = 0; i < res.nsuccessors; i++) printf("%lld\n", (long long)res.successors[i]);
        if (res.moved_children) fprintf(stderr, "%d child unit(s) moved under the successor\n", res.moved_children);
        if (res.children_left) fprintf(stderr, "%d child unit(s) remain under the split unit; move them one by one\n", res.children_left);
        status = 0;
    }
out:
    arena_free(&a);
    store_close(s);
    return status;
}

static const struct cli_cmd unit_cmds[] = {
    {"add", unit_add_cmd, "--name NAME --kind KIND [--parent ID|CODE] [--code C] [--tax-code T] …", "create a unit"},
    {"list", unit_list_cmd, "[--at DATE | --historic] [--q TEXT] [--kind KIND] [--json]", "list units (search ignores diacritics)"},
    {"show", unit_show_cmd, "ID|CODE [--json]", "show a unit and its lineage"},
    {"import", unit_import_cmd, "FILE.csv [--skip-bad] [--dry-run] [--verbose] [--json]", "import units from CSV (atomic by default)"},
    {"export", unit_export_cmd, "[--out FILE] [--at DATE]", "export units as CSV"},
    {"reorganise", unit_reorganise_cmd, "--change merge|split|rename --source REF … --effective DATE", "merge, split or rename units"},
    {0},
};

int unit_cmd(int argc, char **argv) { return cli_dispatch("unit", unit_cmds, argc, argv); }
