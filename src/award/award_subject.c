/* award_subject.c: the subjects of commendation (award_subject.h): individuals keyed by citizen
 * ID, collectives keyed by their unit (following unit succession), households, enterprises keyed
 * by tax code; finding or adding one by key so proposals from proposal_intake resolve to the same
 * row; reading, listing, masking personal data; the subject classes of form 0603.N; the lineage
 * that lets a merged unit keep its predecessors' history; the JSON shapes of the award records. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "award_rules_internal.h"
#include "award_subject.h"
#include "pii.h"
#include "proposal_intake.h"
#include "vn.h"
#include "vn_calendar.h"

#define SUBJECT_COLS                                                                                              \
    "s.id, s.kind, s.subject_key, s.name, s.citizen_id, s.birth_date, s.gender, s.tax_code, s.unit_id, u.name, " \
    "s.position, s.subject_class, s.address, s.created_at, s.updated_at"
#define SUBJECT_FROM " FROM award_subject s LEFT JOIN unit u ON u.id = s.unit_id"

static void subject_read(stmt *q, arena *a, struct award_subject *o)
{
    o->id = stmt_int64(q, 0);
    o->kind = stmt_text_dup(q, 1, a);
    o->key = stmt_text_dup(q, 2, a);
    o->name = stmt_text_dup(q, 3, a);
    o->citizen_id = stmt_text_dup(q, 4, a);
    o->birth_date = stmt_text_dup(q, 5, a);
    o->gender = stmt_text_dup(q, 6, a);
    o->tax_code = stmt_text_dup(q, 7, a);
    o->unit_id = stmt_int64(q, 8);
    o->unit_name = stmt_text_dup(q, 9, a);
    o->position = stmt_text_dup(q, 10, a);
    o->subject_class = stmt_text_dup(q, 11, a);
    o->address = stmt_text_dup(q, 12, a);
    o->created_at = stmt_text_dup(q, 13, a);
    o->updated_at = stmt_text_dup(q, 14, a);
}

static int subject_one(store *s, arena *a, struct award_subject *out, const char *where, const char *types, ...)
{
    memset(out, 0, sizeof *out);
    char *sql = arena_printf(a, "SELECT " SUBJECT_COLS SUBJECT_FROM " WHERE %s", where);
    stmt *q = store_prepare(s, sql);
    if (!q) return STORE_ERR;
    va_list ap;
    va_start(ap, types);
    int brc = stmt_bindv(q, types, ap);
    va_end(ap);
    if (brc != STORE_OK) { stmt_finalize(q); return STORE_ERR; }
    int rc = stmt_step(q);
    if (rc == STORE_ROW) subject_read(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int award_subject_get(store *s, arena *a, int64_t id, struct award_subject *out)
{
    return subject_one(s, a, out, "s.id = $1", "i", id);
}

const char *award_subject_kind_of_intake(const char *k)
{
    if (str_eq(k, "individual")) return "individual";
    if (str_eq(k, "household")) return "household";
    if (str_eq(k, "enterprise")) return "enterprise";
    if (str_eq(k, "unit") || str_eq(k, "organisation")) return "collective";
    return NULL;
}

/* Citizen ID: digits only (spaces, dots, dashes dropped); 12 (CCCD) or 9 (old CMND) digits. */
static const char *cid_norm(arena *a, const char *in)
{
    char d[32];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n >= sizeof d - 1) return NULL;
            d[n++] = *p;
        } else if (*p != ' ' && *p != '.' && *p != '-') return NULL;
    }
    d[n] = 0;
    return n == 12 || n == 9 ? arena_strdup(a, d) : NULL;
}

/* Tax code (mã số thuế): 10 digits, or 10 digits '-' 3 digits for a branch (13 digits without the
 * dash accepted); spaces and dots dropped; the check digit must hold. */
static const char *tax_norm(arena *a, const char *in)
{
    char d[32];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n >= 13) return NULL;
            d[n++] = *p;
        } else if (*p == '-' && n == 10) continue;
        else if (*p != ' ' && *p != '.') return NULL;
    }
    d[n] = 0;
    if (n != 10 && n != 13) return NULL;
    /* The 10th digit checks the first nine (10 - weighted sum mod 11; a remainder of 0 is never
     * issued); digits 3–9 are not all zero; a branch is never 000. */
    static const int weight[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    int sum = 0, middle = 0;
    for (int i = 0; i < 9; i++) sum += weight[i] * (d[i] - '0');
    for (int i = 2; i < 9; i++) middle |= d[i] - '0';
    if (sum % 11 == 0 || 10 - sum % 11 != d[9] - '0' || !middle) return NULL;
    if (n == 13 && !strcmp(d + 10, "000")) return NULL;
    return n == 10 ? arena_strdup(a, d) : arena_printf(a, "%.10s-%s", d, d + 10);
}

/* The normalised key, or NULL with a field error under "key". *kind_of_key gets the kind the
 * prefix implies (NULL for "unit:" — a unit may be a collective or an enterprise). */
static const char *key_norm(store *s, arena *a, const char *key, const char **kind_of_key, int64_t *unit_of_key,
                            struct field_errors *fe)
{
    *kind_of_key = NULL;
    *unit_of_key = 0;
    if (!key || !*key) { ferr_add(fe, "key", "Khóa đối tượng: bắt buộc (cid:…, unit:…, tax:…, hh:…)."); return NULL; }
    if (str_starts(key, "cid:")) {
        const char *c = cid_norm(a, key + 4);
        if (!c) { ferr_add(fe, "key", "Số CCCD phải gồm 12 chữ số (hoặc CMND 9 chữ số)."); return NULL; }
        *kind_of_key = "individual";
        return arena_printf(a, "cid:%s", c);
    }
    if (str_starts(key, "tax:")) {
        const char *t = tax_norm(a, key + 4);
        if (!t) { ferr_add(fe, "key", "Mã số thuế không hợp lệ: 10 chữ số (chữ số thứ 10 là số kiểm tra), hoặc thêm dấu - và 3 chữ số của chi nhánh."); return NULL; }
        *kind_of_key = "enterprise";
        return arena_printf(a, "tax:%s", t);
    }
    if (str_starts(key, "unit:")) {
        int64_t id, one;
        if (!parse_int64(key + 5, &id) || id <= 0) { ferr_add(fe, "key", "unit: phải theo sau bởi mã số đơn vị."); return NULL; }
        int rc = store_int64(s, &one, "SELECT 1 FROM unit WHERE id = $1", "i", id);
        if (rc <= 0) { ferr_add(fe, "key", arena_printf(a, "Không có đơn vị số %lld.", (long long)id)); return NULL; }
        *unit_of_key = id;
        return arena_printf(a, "unit:%lld", (long long)id);
    }
    if (str_starts(key, "hh:")) {
        buf b = {0};
        vn_fold(key + 3, strlen(key + 3), &b);
        const char *f = award_clean(a, buf_str(&b), AWARD_KEY_MAX, false, "key", "Khóa hộ gia đình", fe);
        buf_free(&b);
        if (!f) { if (!ferr_get(fe, "key")) ferr_add(fe, "key", "Khóa hộ gia đình: trống."); return NULL; }
        *kind_of_key = "household";
        return arena_printf(a, "hh:%s", f);
    }
    ferr_add(fe, "key", "Khóa đối tượng phải bắt đầu bằng cid:, unit:, tax: hoặc hh:.");
    return NULL;
}

int award_subject_by_key(store *s, arena *a, const char *key, struct award_subject *out)
{
    struct field_errors fe = {0};
    const char *kind;
    int64_t unit;
    const char *k = key_norm(s, a, key, &kind, &unit, &fe);
    if (!k) { memset(out, 0, sizeof *out); return 0; }
    return subject_one(s, a, out, "s.subject_key = $1", "t", k);
}

static bool may_write_subject(store *s, const struct actor *ac, int64_t unit_id)
{
    if (!actor_has(ac, CAP_DOSSIER_WRITE) && !actor_has(ac, CAP_APPRAISE)) return false;
    if (ac->whole_tree) return true;
    return unit_id > 0 && actor_in_scope(s, ac, unit_id);
}

/* The cleaned, checked columns of a subject (from `in` over `old` when updating). */
struct subject_row {
    const char *kind, *key, *name, *citizen_id, *birth_date, *gender, *tax_code, *position, *subject_class, *address;
    int64_t unit_id;
};

static void subject_check(store *s, arena *a, const struct award_subject_input *in, struct subject_row *r,
                          struct field_errors *fe)
{
    if (in->name) {
        r->name = award_clean(a, in->name, AWARD_NAME_MAX, false, "name", "Tên", fe);
        if (!r->name && !ferr_get(fe, "name")) ferr_add(fe, "name", "Tên: không được để trống.");
    }
    if (in->position) r->position = award_clean(a, in->position, AWARD_POSITION_MAX, false, "position", "Chức vụ", fe);
    if (in->address) r->address = award_clean(a, in->address, 300, false, "address", "Địa chỉ", fe);
    if (in->unit_id) {
        int64_t one;
        if (store_int64(s, &one, "SELECT 1 FROM unit WHERE id = $1", "i", in->unit_id) != 1)
            ferr_add(fe, "unit_id", arena_printf(a, "Không có đơn vị số %lld.", (long long)in->unit_id));
        else r->unit_id = in->unit_id;
    }
    if (in->birth_date && *in->birth_date) {
        char iso[11];
        if (!vn_day_iso(in->birth_date, iso)) ferr_add(fe, "birth_date", "Ngày sinh: không phải ngày hợp lệ.");
        else r->birth_date = arena_strdup(a, iso);
    }
    if (in->gender && *in->gender) {
        buf b = {0};
        vn_fold(in->gender, strlen(in->gender), &b);
        if (str_eq(buf_str(&b), "nam")) r->gender = "nam";
        else if (str_eq(buf_str(&b), "nu")) r->gender = "nu";
        else ferr_add(fe, "gender", "Giới tính: ghi \"nam\" hoặc \"nữ\".");
        buf_free(&b);
    }
    if (in->citizen_id && *in->citizen_id) {
        r->citizen_id = cid_norm(a, in->citizen_id);
        if (!r->citizen_id) ferr_add(fe, "citizen_id", "Số CCCD phải gồm 12 chữ số (hoặc CMND 9 chữ số).");
    }
    if (in->tax_code && *in->tax_code) {
        r->tax_code = tax_norm(a, in->tax_code);
        if (!r->tax_code) ferr_add(fe, "tax_code", "Mã số thuế không hợp lệ: 10 chữ số (chữ số thứ 10 là số kiểm tra), hoặc thêm dấu - và 3 chữ số của chi nhánh.");
    }
    if (in->subject_class && *in->subject_class) {
        int64_t one;
        if (store_int64(s, &one, "SELECT 1 FROM award_subject_class WHERE code = $1 LIMIT 1", "t", in->subject_class) != 1)
            ferr_add(fe, "subject_class", arena_printf(a, "Nhóm đối tượng \"%s\" không có trong biểu 0603.N.", in->subject_class));
        else r->subject_class = arena_strdup(a, in->subject_class);
    }
}

static json_t *row_json(const struct subject_row *r)
{
    return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I}", "kind", r->kind, "key", r->key,
                     "name", r->name, "citizen_id", r->citizen_id, "birth_date", r->birth_date, "gender", r->gender,
                     "tax_code", r->tax_code, "position", r->position, "subject_class", r->subject_class, "address",
                     r->address, "unit_id", (json_int_t)r->unit_id);
}

static void sort_key_of(const char *kind, const char *name, buf *b)
{
    if (str_eq(kind, "individual")) vn_name_sortkey(name, strlen(name), b);
    else vn_sortkey(name, strlen(name), b);
}

int award_subject_prepare(store *s, arena *a, const char *key, const struct award_subject_input *in,
                          struct award_subject_prepared *p, struct field_errors *fe)
{
    memset(p, 0, sizeof *p);
    const char *kind_of_key;
    int64_t unit_of_key;
    const char *k = key_norm(s, a, key ? key : in->key, &kind_of_key, &unit_of_key, fe);
    if (!k) return 0;
    struct subject_row r = {0};
    r.key = k;
    r.kind = in->kind && *in->kind ? in->kind : kind_of_key ? kind_of_key : "collective";
    if (!award_is_subject_kind(r.kind)) {
        ferr_add(fe, "kind", "Loại đối tượng: cá nhân (individual), tập thể (collective), hộ gia đình (household) hoặc doanh nghiệp (enterprise).");
        return 0;
    }
    if (kind_of_key && !str_eq(kind_of_key, r.kind)) {
        ferr_add(fe, "kind", arena_printf(a, "Khóa %s dành cho %s, không phải %s.", k, award_kind_label(kind_of_key),
                                          award_kind_label(r.kind)));
        return 0;
    }
    if (unit_of_key && !str_eq(r.kind, "collective") && !str_eq(r.kind, "enterprise")) {
        ferr_add(fe, "kind", "Khóa unit: chỉ dùng cho tập thể hoặc doanh nghiệp là đơn vị trong cây.");
        return 0;
    }
    subject_check(s, a, in, &r, fe);
    if (unit_of_key) r.unit_id = unit_of_key;
    if (!r.name && unit_of_key && !fe->n) {
        char *uname = NULL;
        if (store_text(s, &uname, a, "SELECT name FROM unit WHERE id = $1", "i", unit_of_key) < 0) return STORE_ERR;
        r.name = uname;
    }
    if (!r.name && !ferr_get(fe, "name")) ferr_add(fe, "name", "Tên: bắt buộc.");
    if (str_starts(k, "cid:")) r.citizen_id = k + 4;
    if (str_starts(k, "tax:")) r.tax_code = k + 4;
    if (fe->n) return 0;
    p->kind = r.kind; p->key = r.key; p->name = r.name; p->citizen_id = r.citizen_id; p->birth_date = r.birth_date;
    p->gender = r.gender; p->tax_code = r.tax_code; p->position = r.position; p->subject_class = r.subject_class;
    p->address = r.address; p->unit_id = r.unit_id;
    return 1;
}

int64_t award_subject_insert(store *s, const struct award_subject_prepared *r)
{
    buf fold = {0}, sk = {0};
    vn_fold(r->name, strlen(r->name), &fold);
    sort_key_of(r->kind, r->name, &sk);
    char now[21];
    iso_time(now_unix(), now);
    stmt *q = store_query(s, "INSERT INTO award_subject(kind, subject_key, name, name_fold, sort_key, citizen_id, birth_date,"
                             " gender, tax_code, unit_id, position, subject_class, address, created_at, updated_at)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULLIF($10, 0), $11, $12, $13, $14, $14) RETURNING id",
                          "ttttbttttitttt", r->kind, r->key, r->name, buf_str(&fold), (const void *)sk.data, sk.len,
                          r->citizen_id, r->birth_date, r->gender, r->tax_code, r->unit_id, r->position, r->subject_class,
                          r->address, now);
    buf_free(&fold);
    buf_free(&sk);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    int64_t id = rc == STORE_ROW ? stmt_int64(q, 0) : 0;
    stmt_finalize(q);
    return rc == STORE_ROW ? id : rc == STORE_CONSTRAINT ? STORE_CONSTRAINT : STORE_ERR;
}

json_t *award_subject_prepared_json(const struct award_subject_prepared *p)
{
    struct subject_row r = {p->kind, p->key, p->name, p->citizen_id, p->birth_date, p->gender, p->tax_code,
                            p->position, p->subject_class, p->address, p->unit_id};
    return row_json(&r);
}

int award_subject_find_or_add(store *s, arena *a, const struct actor *ac, const char *key,
                              const struct award_subject_input *in, int64_t *id, struct field_errors *fe)
{
    *id = 0;
    const char *kind_of_key;
    int64_t unit_of_key;
    const char *k = key_norm(s, a, key ? key : in->key, &kind_of_key, &unit_of_key, fe);
    if (!k) return 0;
    struct award_subject found;
    int rc = subject_one(s, a, &found, "s.subject_key = $1", "t", k);
    if (rc < 0) return rc;
    if (rc == 1) { *id = found.id; return 1; }
    struct award_subject_prepared p;
    rc = award_subject_prepare(s, a, k, in, &p, fe);
    if (rc <= 0) return rc;
    if (!may_write_subject(s, ac, p.unit_id)) {
        ferr_add(fe, "scope", "Bạn chỉ thêm được đối tượng thuộc đơn vị của mình (cần quyền lập hồ sơ khen thưởng).");
        return 0;
    }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    *id = award_subject_insert(s, &p);
    if (*id <= 0) { store_rollback(s); *id = 0; return STORE_ERR; }
    json_t *after = award_subject_prepared_json(&p);
    int64_t aid = audit_as(s, ac, "create", "award_subject", *id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); *id = 0; return STORE_ERR; }
    return 2;
}

int award_subject_from_intake(store *s, arena *a, const struct actor *ac, const struct proposal_intake *p, int64_t *id,
                              struct field_errors *fe)
{
    /* The key is the confirmed identity; the intake's kind only names what the producer saw
     * ("organisation" with a tax code is an enterprise here). */
    const char *kind = str_starts(p->subject_key, "cid:") ? "individual"
                     : str_starts(p->subject_key, "tax:") ? "enterprise"
                     : str_starts(p->subject_key, "hh:") ? "household"
                     : str_starts(p->subject_key, "unit:") ? (str_eq(p->subject_kind, "enterprise") ? "enterprise" : "collective")
                     : award_subject_kind_of_intake(p->subject_kind);
    struct award_subject_input in = {.kind = kind, .name = p->subject_name,
                                     .unit_id = str_starts(p->subject_key, "unit:") ? 0 : p->unit_id};
    return award_subject_find_or_add(s, a, ac, p->subject_key, &in, id, fe);
}

int award_subject_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct award_subject_input *in,
                         struct field_errors *fe)
{
    struct award_subject old;
    int rc = award_subject_get(s, a, id, &old);
    if (rc < 0) return rc;
    if (rc == 0) { ferr_add(fe, "id", "Không có đối tượng này."); return 0; }
    if (!may_write_subject(s, ac, old.unit_id)) {
        ferr_add(fe, "scope", "Bạn chỉ sửa được đối tượng thuộc đơn vị của mình.");
        return 0;
    }
    if (in->kind && *in->kind && !str_eq(in->kind, old.kind))
        ferr_add(fe, "kind", "Không đổi được loại đối tượng (khóa đã gắn với loại).");
    if (in->key && *in->key && !str_eq(in->key, old.key))
        ferr_add(fe, "key", "Không đổi được khóa đối tượng: lịch sử khen thưởng gắn với khóa này.");
    struct subject_row r = {old.kind, old.key, old.name, old.citizen_id, old.birth_date, old.gender, old.tax_code,
                            old.position, old.subject_class, old.address, old.unit_id};
    subject_check(s, a, in, &r, fe);
    if (in->unit_id && str_starts(old.key, "unit:"))
        ferr_add(fe, "unit_id", "Đơn vị của một tập thể là chính nó; không đổi được.");
    if (in->citizen_id && r.citizen_id && str_starts(old.key, "cid:") && !str_eq(r.citizen_id, old.key + 4))
        ferr_add(fe, "citizen_id", "Số CCCD là khóa của cá nhân; không đổi được.");
    if (fe->n) return 0;
    if (in->unit_id && !may_write_subject(s, ac, in->unit_id)) {
        ferr_add(fe, "scope", "Bạn không chuyển được đối tượng sang đơn vị ngoài phạm vi của mình.");
        return 0;
    }
    buf fold = {0}, sk = {0};
    vn_fold(r.name, strlen(r.name), &fold);
    sort_key_of(r.kind, r.name, &sk);
    char now[21];
    iso_time(now_unix(), now);
    if (store_begin(s) != STORE_OK) { buf_free(&fold); buf_free(&sk); return STORE_ERR; }
    rc = store_exec(s, "UPDATE award_subject SET name = $2, name_fold = $3, sort_key = $4, birth_date = $5, gender = $6,"
                       " tax_code = $7, unit_id = NULLIF($8, 0), position = $9, subject_class = $10, address = $11, updated_at = $12"
                       " WHERE id = $1", "ittbtttitttt", id, r.name, buf_str(&fold), (const void *)sk.data, sk.len,
                    r.birth_date, r.gender, r.tax_code, r.unit_id, r.position, r.subject_class, r.address, now);
    buf_free(&fold);
    buf_free(&sk);
    if (rc != STORE_OK) { store_rollback(s); return STORE_ERR; }
    struct subject_row o = {old.kind, old.key, old.name, old.citizen_id, old.birth_date, old.gender, old.tax_code,
                            old.position, old.subject_class, old.address, old.unit_id};
    json_t *before = row_json(&o), *after = row_json(&r);
    int64_t aid = audit_as(s, ac, "update", "award_subject", id, before, after);
    json_decref(before);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return 1;
}

int award_subject_list(store *s, arena *a, const struct award_subject_query *qy, struct award_subject **out, int *n,
                       int *total)
{
    *out = NULL;
    *n = 0;
    if (total) *total = 0;
    const char *pattern = "";
    if (qy->q && *qy->q) {
        pattern = vn_like_pattern(a, qy->q);
        if (!pattern) return 1;   /* nothing searchable: no match rather than everything */
    }
    int limit = qy->limit > 0 ? qy->limit : 50, offset = qy->offset > 0 ? qy->offset : 0;
#define SUBJECT_FILTER                                                                                \
    " WHERE ($1 = '' OR s.name_fold LIKE $1 ESCAPE '\\' OR s.subject_key = $2)"                        \
    "   AND ($3 = '' OR s.kind = $3) AND ($4 = 0 OR s.unit_id = $4)"
    const char *kind = qy->kind ? qy->kind : "";
    const char *key = qy->q ? qy->q : "";
    if (total) {
        int64_t t = 0;
        if (store_int64(s, &t, "SELECT count(*) FROM award_subject s" SUBJECT_FILTER, "ttti", pattern, key, kind,
                        qy->unit_id) < 0)
            return STORE_ERR;
        *total = (int)t;
    }
    stmt *q = store_query(s, "SELECT " SUBJECT_COLS SUBJECT_FROM SUBJECT_FILTER " ORDER BY s.sort_key, s.id LIMIT $5 OFFSET $6",
                          "tttiII", pattern, key, kind, qy->unit_id, limit, offset);
#undef SUBJECT_FILTER
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        subject_read(q, a, &(*out)[(*n)++]);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : STORE_ERR;
}

struct award_subject award_subject_mask(req *r, const struct award_subject *in)
{
    struct award_subject m = *in;
    if (!privacy_can_see(r)) {
        m.citizen_id = mask_citizen_id(&r->a, in->citizen_id);
        m.birth_date = mask_birthdate(&r->a, in->birth_date);
        if (str_starts(in->key, "cid:")) m.key = arena_printf(&r->a, "cid:%s", mask_citizen_id(&r->a, in->key + 4));
        /* A household's key may be its head's citizen ID: personal numbers in it are masked too. */
        if (str_starts(in->key, "hh:")) m.key = arena_printf(&r->a, "hh:%s", mask_text(&r->a, in->key + 3));
    }
    return m;
}

int award_subject_classes(store *s, arena *a, const char *date_iso, struct award_subject_class **out, int *n)
{
    *out = NULL;
    *n = 0;
    stmt *q = store_query(s, "SELECT c.code, c.label, c.citation, c.position FROM award_subject_class c WHERE"
                             " c.valid_from <= $1 AND (c.valid_to IS NULL OR c.valid_to >= $1)"
                             " AND NOT EXISTS (SELECT 1 FROM award_subject_class d WHERE d.code = c.code"
                             "   AND d.valid_from > c.valid_from AND d.valid_from <= $1)"
                             " ORDER BY c.position, c.code", "t", date_iso);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct award_subject_class *c = &(*out)[(*n)++];
        c->code = stmt_text_dup(q, 0, a);
        c->label = stmt_text_dup(q, 1, a);
        c->citation = stmt_text_dup(q, 2, a);
        c->position = (int)stmt_int64(q, 3);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : STORE_ERR;
}

/* ---- lineage ---- */

int award_unit_lineage(store *s, arena *a, int64_t unit_id, int64_t **ids, int *n)
{
    int cap = 0;
    *ids = NULL;
    *n = 0;
    *ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
    (*ids)[(*n)++] = unit_id;
    /* Breadth-first over predecessors; a unit seen once is not walked again, and the walk stops
     * at 256 units (no real reorganisation history comes close). */
    for (int i = 0; i < *n && *n < 256; i++) {
        stmt *q = store_query(s, "SELECT predecessor_id FROM unit_succession WHERE successor_id = $1", "i", (*ids)[i]);
        if (!q) return STORE_ERR;
        int rc;
        while ((rc = stmt_step(q)) == STORE_ROW) {
            int64_t p = stmt_int64(q, 0);
            bool seen = false;
            for (int j = 0; j < *n; j++) seen |= (*ids)[j] == p;
            if (seen) continue;
            *ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
            (*ids)[(*n)++] = p;
        }
        stmt_finalize(q);
        if (rc != STORE_DONE) return STORE_ERR;
    }
    return 1;
}

int award_subject_lineage(store *s, arena *a, int64_t subject_id, int64_t **ids, int *n)
{
    int cap = 0;
    *ids = NULL;
    *n = 0;
    *ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
    (*ids)[(*n)++] = subject_id;
    char *key = NULL;
    int rc = store_text(s, &key, a, "SELECT subject_key FROM award_subject WHERE id = $1", "i", subject_id);
    if (rc <= 0) return rc;
    if (!str_starts(key, "unit:")) return 1;
    int64_t unit_id;
    if (!parse_int64(key + 5, &unit_id)) return 1;
    int64_t *units;
    int nu;
    if ((rc = award_unit_lineage(s, a, unit_id, &units, &nu)) < 0) return rc;
    for (int i = 1; i < nu; i++) {
        int64_t sid;
        rc = store_int64(s, &sid, "SELECT id FROM award_subject WHERE subject_key = $1", "t",
                         arena_printf(a, "unit:%lld", (long long)units[i]));
        if (rc < 0) return rc;
        if (rc == 1) {
            *ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
            (*ids)[(*n)++] = sid;
        }
    }
    return 1;
}

/* ---- JSON ---- */

json_t *award_subject_json(const struct award_subject *s)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:s?, s:s?, s:s?, s:s?}", "id",
                     (json_int_t)s->id, "kind", s->kind, "key", s->key, "name", s->name, "citizen_id", s->citizen_id,
                     "birth_date", s->birth_date, "gender", s->gender, "tax_code", s->tax_code, "unit_id",
                     (json_int_t)s->unit_id, "unit_name", s->unit_name, "position", s->position, "subject_class",
                     s->subject_class, "address", s->address);
}
