/* award_rules.c: the rule base of commendation (award_rules.h): reading the rows in force on a
 * date (forms, coefficients, base salary, ballot rule, time limits, donation thresholds,
 * criteria), the money computation that shows which rows it used, and the administrators' way to
 * add the rows of a new decree (validated, audited) without a code change. Also the small helpers
 * of award_rules_internal.h that the award_rule, award_subject, award_history, eligibility,
 * award_lookup and award_stats files share. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "award_rules.h"
#include "award_rules_internal.h"
#include "vn.h"
#include "vn_calendar.h"

/* ======================================================================================
 * Shared helpers
 * ====================================================================================== */

const char *award_vn_day(arena *a, const char *iso)
{
    if (!iso) return "";
    if (strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-') return iso;
    return arena_printf(a, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

void award_year_date(int year, char out[11])
{
    char today[11];
    iso_date_today(today);
    if (year < 1000 || year > 9999) year = year < 1000 ? 1000 : 9999;
    snprintf(out, 11, "%04d-12-31", year % 10000);
    if (strcmp(out, today) > 0 && atoi(today) == year) memcpy(out, today, 11);
}

const char *award_milli_text(arena *a, int milli)
{
    int whole = milli / 1000, frac = milli % 1000;
    if (!frac) return arena_printf(a, "%d", whole);
    char f[8];
    snprintf(f, sizeof f, "%03d", frac);
    for (int i = 2; i > 0 && f[i] == '0'; i--) f[i] = 0;
    return arena_printf(a, "%d,%s", whole, f);
}

bool award_milli_parse(const char *s, int *out)
{
    if (!s || !*s) return false;
    long whole = 0;
    int frac = 0, digits = 0;
    const char *p = s;
    if (!isdigit((unsigned char)*p)) return false;
    while (isdigit((unsigned char)*p)) {
        whole = whole * 10 + (*p++ - '0');
        if (whole > 1000) return false;
    }
    if (*p == ',' || *p == '.') {
        p++;
        if (!isdigit((unsigned char)*p)) return false;
        while (isdigit((unsigned char)*p)) {
            if (++digits > 3) return false;
            frac = frac * 10 + (*p++ - '0');
        }
    }
    if (*p) return false;
    while (digits++ < 3) frac *= 10;
    *out = (int)whole * 1000 + frac;
    return true;
}

const char *award_money_text(arena *a, int64_t dong)
{
    buf b = {0};
    money_format(&b, dong);
    const char *t = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return t;
}

const char *award_clean(arena *a, const char *in, size_t max, bool multiline, const char *key, const char *label,
                        struct field_errors *fe)
{
    struct vn_field f = {0, max, VN_NORM_REPAIR | (multiline ? VN_NORM_MULTILINE : 0)};
    return field_clean(a, in, &f, key, label, fe);
}

const char *const award_subject_kinds[] = {"individual", "collective", "household", "enterprise", NULL};

bool award_is_subject_kind(const char *kind)
{
    for (int i = 0; award_subject_kinds[i]; i++)
        if (str_eq(kind, award_subject_kinds[i])) return true;
    return false;
}

const char *award_kind_label(const char *kind)
{
    if (str_eq(kind, "individual")) return "Cá nhân";
    if (str_eq(kind, "collective")) return "Tập thể";
    if (str_eq(kind, "household")) return "Hộ gia đình";
    if (str_eq(kind, "enterprise")) return "Doanh nghiệp";
    return kind ? kind : "";
}

/* ======================================================================================
 * Reading rows in force
 * ====================================================================================== */

/* The one selection rule, as SQL: in force on $D, latest valid_from first. */
#define IN_FORCE(d) " valid_from <= " d " AND (valid_to IS NULL OR valid_to >= " d ")"

static const char *form_cols =
    "id, code, name, category, level, subject_kinds, decided_by, council_vote, citation, valid_from, valid_to, note, "
    "certificate_title";

static void form_read(stmt *q, arena *a, struct award_form *f)
{
    f->id = stmt_int64(q, 0);
    f->code = stmt_text_dup(q, 1, a);
    f->name = stmt_text_dup(q, 2, a);
    f->category = stmt_text_dup(q, 3, a);
    f->level = stmt_text_dup(q, 4, a);
    f->subject_kinds = stmt_text_dup(q, 5, a);
    f->decided_by = stmt_text_dup(q, 6, a);
    f->council_vote = stmt_int64(q, 7) != 0;
    f->citation = stmt_text_dup(q, 8, a);
    f->valid_from = stmt_text_dup(q, 9, a);
    f->valid_to = stmt_text_dup(q, 10, a);
    f->note = stmt_text_dup(q, 11, a);
    f->certificate_title = stmt_text_dup(q, 12, a);
}

int award_form_at(store *s, arena *a, const char *code, const char *date_iso, struct award_form *out)
{
    memset(out, 0, sizeof *out);
    char *sql = arena_printf(a, "SELECT %s FROM award_form WHERE code = $1 AND" IN_FORCE("$2")
                                " ORDER BY valid_from DESC, id DESC LIMIT 1", form_cols);
    stmt *q = store_query(s, sql, "tt", code, date_iso);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) form_read(q, a, out);
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int award_forms_at(store *s, arena *a, const char *date_iso, struct award_form **out, int *n)
{
    *out = NULL;
    *n = 0;
    /* In force on a date: for each code the latest row in force (a code has one row per era). */
    char *sql = date_iso
        ? arena_printf(a, "SELECT %s FROM award_form f WHERE" IN_FORCE("$1")
                          " AND NOT EXISTS (SELECT 1 FROM award_form g WHERE g.code = f.code AND g.valid_from > f.valid_from"
                          " AND g.valid_from <= $1 AND (g.valid_to IS NULL OR g.valid_to >= $1))"
                          " ORDER BY CASE level WHEN 'national' THEN 0 WHEN 'province' THEN 1 WHEN 'unit' THEN 2 ELSE 3 END,"
                          " category DESC, code", form_cols)
        : arena_printf(a, "SELECT %s FROM award_form ORDER BY code, valid_from DESC", form_cols);
    stmt *q = date_iso ? store_query(s, sql, "t", date_iso) : store_query(s, sql, "");
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        form_read(q, a, &(*out)[(*n)++]);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : STORE_ERR;
}

bool award_form_for_kind(const struct award_form *f, const char *kind)
{
    if (!f || !f->subject_kinds || !kind || !*kind) return false;
    size_t k = strlen(kind);
    for (const char *p = f->subject_kinds; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == k && !memcmp(p, kind, k)) return true;
        if (!e) break;
        p = e + 1;
    }
    return false;
}

int award_base_salary_at(store *s, const char *date_iso, int64_t *amount, int64_t *row_id)
{
    stmt *q = store_query(s, "SELECT id, amount FROM award_base_salary WHERE" IN_FORCE("$1")
                             " ORDER BY valid_from DESC, id DESC LIMIT 1", "t", date_iso);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        if (row_id) *row_id = stmt_int64(q, 0);
        *amount = stmt_int64(q, 1);
    }
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int award_money(store *s, arena *a, const char *form_code, const char *subject_kind, const char *date_iso,
                int64_t *amount, struct award_money_explain *x)
{
    memset(x, 0, sizeof *x);
    *amount = 0;
    stmt *q = store_query(s, "SELECT id, coefficient_milli, no_money, citation, valid_from FROM award_coefficient"
                             " WHERE form_code = $1 AND subject_kind = $2 AND" IN_FORCE("$3")
                             " ORDER BY valid_from DESC, id DESC LIMIT 1", "ttt", form_code, subject_kind, date_iso);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        x->coefficient_row_id = stmt_int64(q, 0);
        x->coefficient_milli = (int)stmt_int64(q, 1);
        x->no_money = stmt_int64(q, 2) != 0;
        x->coefficient_citation = stmt_text_dup(q, 3, a);
        x->coefficient_from = stmt_text_dup(q, 4, a);
    }
    stmt_finalize(q);
    if (rc < 0) return STORE_ERR;
    if (rc == STORE_DONE) {
        x->text = arena_printf(a, "Không có hệ số tiền thưởng của %s cho %s có hiệu lực ngày %s.", form_code,
                               award_kind_label(subject_kind), award_vn_day(a, date_iso));
        return 0;
    }
    if (x->no_money) {
        x->text = arena_printf(a, "Không có tiền thưởng (%s).", x->coefficient_citation);
        return 1;
    }
    rc = award_base_salary_at(s, date_iso, &x->base_salary, &x->salary_row_id);
    if (rc < 0) return rc;
    if (rc == 0) {
        x->text = arena_printf(a, "Không có mức lương cơ sở có hiệu lực ngày %s.", award_vn_day(a, date_iso));
        return 0;
    }
    stmt *b = store_query(s, "SELECT citation, valid_from FROM award_base_salary WHERE id = $1", "i", x->salary_row_id);
    if (!b) return STORE_ERR;
    if (stmt_step(b) == STORE_ROW) {
        x->salary_citation = stmt_text_dup(b, 0, a);
        x->salary_from = stmt_text_dup(b, 1, a);
    }
    stmt_finalize(b);
    /* Exact arithmetic in thousandths of a đồng: the amount is rounded up to the đồng, then up
     * to the next 10,000 đồng (Decree 91/2017 and its successors). */
    int64_t milli_dong = (int64_t)x->coefficient_milli * x->base_salary;
    x->exact = (milli_dong + 999) / 1000;
    x->rounded = (milli_dong + 10000000 - 1) / 10000000 * 10000;
    *amount = x->rounded;
    x->text = arena_printf(a, "%s × %s = %s → làm tròn lên %s đồng (hệ số: %s; lương cơ sở từ %s: %s)",
                           award_milli_text(a, x->coefficient_milli), award_money_text(a, x->base_salary),
                           award_money_text(a, x->exact), award_money_text(a, x->rounded), x->coefficient_citation,
                           award_vn_day(a, x->salary_from), x->salary_citation);
    return 1;
}

json_t *award_money_json(int64_t amount, const struct award_money_explain *x)
{
    return json_pack("{s:I, s:b, s:I, s:I, s:s?, s:I, s:I, s:s?, s:I, s:I, s:s?}", "amount", (json_int_t)amount,
                     "no_money", x->no_money, "coefficient_row_id", (json_int_t)x->coefficient_row_id,
                     "coefficient_milli", (json_int_t)x->coefficient_milli, "coefficient_citation",
                     x->coefficient_citation, "salary_row_id", (json_int_t)x->salary_row_id, "base_salary",
                     (json_int_t)x->base_salary, "salary_citation", x->salary_citation, "exact", (json_int_t)x->exact,
                     "rounded", (json_int_t)x->rounded, "explain", x->text);
}

int award_ballot_rule_at(store *s, arena *a, const char *date_iso, struct award_ballot_rule *out)
{
    memset(out, 0, sizeof *out);
    stmt *q = store_query(s, "SELECT id, quorum_bp, pass_bp, pass_base, citation, valid_from, valid_to"
                             " FROM award_ballot_rule WHERE" IN_FORCE("$1") " ORDER BY valid_from DESC, id DESC LIMIT 1",
                          "t", date_iso);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        out->id = stmt_int64(q, 0);
        out->quorum_bp = (int)stmt_int64(q, 1);
        out->pass_bp = (int)stmt_int64(q, 2);
        out->pass_base = stmt_text_dup(q, 3, a);
        out->citation = stmt_text_dup(q, 4, a);
        out->valid_from = stmt_text_dup(q, 5, a);
        out->valid_to = stmt_text_dup(q, 6, a);
    }
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

bool award_ballot_quorate(const struct award_ballot_rule *r, int members, int present)
{
    if (members <= 0 || present < 0 || present > members) return false;
    return (int64_t)present * 10000 >= (int64_t)r->quorum_bp * members;
}

bool award_ballot_passes(const struct award_ballot_rule *r, int members, int present, int yes)
{
    if (!award_ballot_quorate(r, members, present) || yes < 0 || yes > present) return false;
    int base = str_eq(r->pass_base, "present") ? present : members;
    return (int64_t)yes * 10000 >= (int64_t)r->pass_bp * base;
}

int award_time_limit_at(store *s, arena *a, const char *step, const char *form_code, const char *date_iso,
                        struct award_time_limit *out)
{
    memset(out, 0, sizeof *out);
    /* A row for the form itself wins over a row for every form; then the latest in force. */
    stmt *q = store_query(s, "SELECT id, step, form_code, working_days, citation, valid_from, valid_to"
                             " FROM award_time_limit WHERE step = $1 AND (form_code IS NULL OR form_code = $2) AND"
                             IN_FORCE("$3") " ORDER BY CASE WHEN form_code IS NULL THEN 1 ELSE 0 END, valid_from DESC,"
                             " id DESC LIMIT 1", "ttt", step, form_code, date_iso);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        out->id = stmt_int64(q, 0);
        out->step = stmt_text_dup(q, 1, a);
        out->form_code = stmt_text_dup(q, 2, a);
        out->working_days = (int)stmt_int64(q, 3);
        out->citation = stmt_text_dup(q, 4, a);
        out->valid_from = stmt_text_dup(q, 5, a);
        out->valid_to = stmt_text_dup(q, 6, a);
    }
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : STORE_ERR;
}

int award_donation_thresholds_at(store *s, arena *a, const char *date_iso, struct award_donation_threshold **out,
                                 int *n)
{
    *out = NULL;
    *n = 0;
    stmt *q = store_query(s, "SELECT id, donor_kind, min_amount, form_code, label, citation, valid_from, valid_to"
                             " FROM award_donation_threshold WHERE" IN_FORCE("$1")
                             " ORDER BY donor_kind, min_amount DESC, id", "t", date_iso);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct award_donation_threshold *t = &(*out)[(*n)++];
        t->id = stmt_int64(q, 0);
        t->donor_kind = stmt_text_dup(q, 1, a);
        t->min_amount = stmt_int64(q, 2);
        t->form_code = stmt_text_dup(q, 3, a);
        t->label = stmt_text_dup(q, 4, a);
        t->citation = stmt_text_dup(q, 5, a);
        t->valid_from = stmt_text_dup(q, 6, a);
        t->valid_to = stmt_text_dup(q, 7, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : STORE_ERR;
}

int award_criteria_at(store *s, arena *a, const char *form_code, const char *subject_kind, const char *date_iso,
                      struct award_criterion **out, int *n)
{
    *out = NULL;
    *n = 0;
    stmt *q = store_query(s, "SELECT id, form_code, subject_kind, alternative, check_kind, forms, count, years, level,"
                             " blocking, text, citation, valid_from, valid_to FROM award_criterion"
                             " WHERE (form_code = $1 OR form_code = '*') AND (subject_kind IS NULL OR subject_kind = $2) AND" IN_FORCE("$3")
                             " ORDER BY alternative, id", "ttt", form_code, subject_kind, date_iso);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct award_criterion *c = &(*out)[(*n)++];
        c->id = stmt_int64(q, 0);
        c->form_code = stmt_text_dup(q, 1, a);
        c->subject_kind = stmt_text_dup(q, 2, a);
        c->alternative = stmt_text_dup(q, 3, a);
        if (!c->alternative) c->alternative = "";
        c->check = stmt_text_dup(q, 4, a);
        c->forms = stmt_text_dup(q, 5, a);
        c->count = (int)stmt_int64(q, 6);
        c->years = (int)stmt_int64(q, 7);
        c->level = stmt_text_dup(q, 8, a);
        c->blocking = stmt_int64(q, 9) != 0;
        c->text = stmt_text_dup(q, 10, a);
        c->citation = stmt_text_dup(q, 11, a);
        c->valid_from = stmt_text_dup(q, 12, a);
        c->valid_to = stmt_text_dup(q, 13, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : STORE_ERR;
}

/* ======================================================================================
 * Administering the rule base
 * ====================================================================================== */

/* F_FORM: a form code with a row in the rule base; F_FORM_ANY: the same or "*" (every form). */
enum field_type { F_TEXT, F_LONG, F_CODE, F_DATE, F_MONEY, F_INT, F_BOOL, F_MILLI, F_BP, F_ENUM, F_KINDS, F_FORM, F_FORM_ANY };

struct rule_field {
    const char *name, *column, *label;
    enum field_type type;
    bool required;
    const char *const *values;   /* F_ENUM */
    int min, max;                /* F_INT bounds; F_TEXT max characters; F_BOOL: min is the default */
};

static const char *const categories[] = {"title", "form", "rating", NULL};
static const char *const levels[] = {"national", "province", "unit", "commune", NULL};
static const char *const bases[] = {"members", "present", NULL};
static const char *const steps[] = {"check", "appraise", "council", "decide", "total", NULL};
static const char *const donor_kinds[] = {"enterprise", "entrepreneur", "individual", "household", "any", NULL};
static const char *const checks[] = {"consecutive", "initiatives", "within", "not_within", "block_leader",
                                     "achievement", "manual", "once", NULL};
static const char *const init_levels[] = {"co_so", "tinh", "toan_quoc", NULL};

#define CITATION {"citation", "citation", "Căn cứ pháp lý", F_TEXT, true, NULL, 0, 500}
#define VALID_FROM {"valid_from", "valid_from", "Hiệu lực từ", F_DATE, true, NULL, 0, 0}
#define VALID_TO {"valid_to", "valid_to", "Hiệu lực đến", F_DATE, false, NULL, 0, 0}
#define NOTE {"note", "note", "Ghi chú", F_TEXT, false, NULL, 0, 1000}
#define END {NULL, NULL, NULL, F_TEXT, false, NULL, 0, 0}

static const struct rule_field form_fields[] = {
    {"code", "code", "Mã", F_CODE, true, NULL, 0, 40},
    {"name", "name", "Tên", F_TEXT, true, NULL, 0, 300},
    {"category", "category", "Loại", F_ENUM, true, categories, 0, 0},
    {"level", "level", "Cấp", F_ENUM, true, levels, 0, 0},
    {"subject_kinds", "subject_kinds", "Đối tượng", F_KINDS, true, NULL, 0, 0},
    {"decided_by", "decided_by", "Thẩm quyền quyết định", F_TEXT, true, NULL, 0, 300},
    {"council_vote", "council_vote", "Hội đồng bỏ phiếu", F_BOOL, false, NULL, 0, 0},
    {"certificate_title", "certificate_title", "Tiêu đề in trên bằng (Bằng khen, Giấy khen; trống với danh hiệu)", F_TEXT,
     false, NULL, 0, 60},
    CITATION, VALID_FROM, VALID_TO, NOTE, END};
static const struct rule_field coefficient_fields[] = {
    {"form_code", "form_code", "Mã hình thức", F_FORM, true, NULL, 0, 0},
    {"subject_kind", "subject_kind", "Đối tượng", F_ENUM, true, award_subject_kinds, 0, 0},
    {"coefficient", "coefficient_milli", "Hệ số", F_MILLI, true, NULL, 0, 0},
    {"no_money", "no_money", "Không có tiền thưởng", F_BOOL, false, NULL, 0, 0},
    CITATION, VALID_FROM, VALID_TO, NOTE, END};
static const struct rule_field salary_fields[] = {
    {"amount", "amount", "Mức lương cơ sở (đồng)", F_MONEY, true, NULL, 0, 0},
    CITATION, VALID_FROM, VALID_TO, NOTE, END};
static const struct rule_field ballot_fields[] = {
    {"quorum_percent", "quorum_bp", "Tỷ lệ có mặt tối thiểu (%)", F_BP, true, NULL, 0, 0},
    {"pass_percent", "pass_bp", "Tỷ lệ đồng ý để đạt (%)", F_BP, true, NULL, 0, 0},
    {"pass_base", "pass_base", "Tính trên", F_ENUM, true, bases, 0, 0},
    CITATION, VALID_FROM, VALID_TO, NOTE, END};
static const struct rule_field time_fields[] = {
    {"step", "step", "Bước", F_ENUM, true, steps, 0, 0},
    {"form_code", "form_code", "Mã hình thức (trống: mọi hình thức)", F_FORM, false, NULL, 0, 0},
    {"working_days", "working_days", "Số ngày làm việc", F_INT, true, NULL, 1, 365},
    CITATION, VALID_FROM, VALID_TO, NOTE, END};
static const struct rule_field donation_fields[] = {
    {"donor_kind", "donor_kind", "Loại nhà tài trợ", F_ENUM, true, donor_kinds, 0, 0},
    {"min_amount", "min_amount", "Mức tối thiểu (đồng)", F_MONEY, true, NULL, 0, 0},
    {"form_code", "form_code", "Hình thức khen thưởng", F_FORM, false, NULL, 0, 0},
    {"label", "label", "Ghi nhận", F_TEXT, true, NULL, 0, 300},
    CITATION, VALID_FROM, VALID_TO, NOTE, END};
static const struct rule_field criterion_fields[] = {
    {"form_code", "form_code", "Mã hình thức (* : mọi hình thức)", F_FORM_ANY, true, NULL, 0, 0},
    {"subject_kind", "subject_kind", "Đối tượng (trống: mọi đối tượng)", F_ENUM, false, award_subject_kinds, 0, 0},
    {"alternative", "alternative", "Phương án (a, b …)", F_CODE, false, NULL, 0, 4},
    {"check", "check_kind", "Loại điều kiện", F_ENUM, true, checks, 0, 0},
    {"forms", "forms", "Các danh hiệu (mã, cách nhau bởi dấu phẩy)", F_TEXT, false, NULL, 0, 200},
    {"count", "count", "Số lần / số sáng kiến", F_INT, false, NULL, 0, 50},
    {"years", "years", "Trong số năm", F_INT, false, NULL, 0, 50},
    {"level", "level", "Cấp sáng kiến", F_ENUM, false, init_levels, 0, 0},
    {"blocking", "blocking", "Bắt buộc (0: chỉ cảnh báo)", F_BOOL, false, NULL, 1, 0},
    {"text", "text", "Nội dung điều kiện", F_TEXT, true, NULL, 0, 1000},
    CITATION, VALID_FROM, VALID_TO, END};

static const struct {
    const char *name, *label, *table;
    const struct rule_field *fields;
} kinds[AWARD_RULE__COUNT] = {
    [AWARD_RULE_FORM] = {"form", "Danh hiệu, hình thức khen thưởng", "award_form", form_fields},
    [AWARD_RULE_COEFFICIENT] = {"coefficient", "Hệ số tiền thưởng", "award_coefficient", coefficient_fields},
    [AWARD_RULE_BASE_SALARY] = {"base_salary", "Mức lương cơ sở", "award_base_salary", salary_fields},
    [AWARD_RULE_BALLOT] = {"ballot", "Quy tắc bỏ phiếu của Hội đồng", "award_ballot_rule", ballot_fields},
    [AWARD_RULE_TIME_LIMIT] = {"time_limit", "Thời hạn xử lý", "award_time_limit", time_fields},
    [AWARD_RULE_DONATION] = {"donation", "Mức ủng hộ được ghi nhận", "award_donation_threshold", donation_fields},
    [AWARD_RULE_CRITERION] = {"criterion", "Tiêu chuẩn xét khen thưởng", "award_criterion", criterion_fields},
};

const char *award_rule_kind_name(enum award_rule_kind k) { return k < AWARD_RULE__COUNT ? kinds[k].name : ""; }
const char *award_rule_kind_label(enum award_rule_kind k) { return k < AWARD_RULE__COUNT ? kinds[k].label : ""; }

int award_rule_kind_from(const char *name)
{
    for (int k = 0; k < AWARD_RULE__COUNT; k++)
        if (str_eq(name, kinds[k].name)) return k;
    return -1;
}

const char *const *award_rule_fields(enum award_rule_kind k)
{
    /* Filled on first use; per thread, so server workers never write one array together. */
    static _Thread_local const char *names[AWARD_RULE__COUNT][24];
    if (k >= AWARD_RULE__COUNT) return NULL;
    if (!names[k][0]) {
        int i = 0;
        for (const struct rule_field *f = kinds[k].fields; f->name && i < 23; f++) names[k][i++] = f->name;
        names[k][i] = NULL;
    }
    return names[k];
}

static const struct rule_field *field_of(enum award_rule_kind k, const char *name)
{
    for (const struct rule_field *f = kinds[k].fields; f->name; f++)
        if (str_eq(f->name, name)) return f;
    return NULL;
}

bool award_rule_field_required(enum award_rule_kind k, const char *field)
{
    const struct rule_field *f = k < AWARD_RULE__COUNT ? field_of(k, field) : NULL;
    return f && f->required;
}

const char *award_rule_field_label(enum award_rule_kind k, const char *field)
{
    const struct rule_field *f = k < AWARD_RULE__COUNT ? field_of(k, field) : NULL;
    return f ? f->label : NULL;
}

/* A typed value ready to bind: text or integer or NULL. */
struct bound {
    const char *text;
    int64_t num;
    bool is_num, is_null;
};

static bool enum_has(const char *const *values, const char *v)
{
    for (int i = 0; values[i]; i++)
        if (str_eq(values[i], v)) return true;
    return false;
}

static const char *enum_list(arena *a, const char *const *values)
{
    buf b = {0};
    for (int i = 0; values[i]; i++) buf_printf(&b, "%s%s", i ? ", " : "", values[i]);
    const char *t = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return t;
}

static void check_field(store *s, arena *a, const struct rule_field *f, const char *raw, struct bound *out,
                        struct field_errors *fe)
{
    memset(out, 0, sizeof *out);
    out->is_null = true;
    const char *v = award_clean(a, raw, f->type == F_TEXT && f->max ? (size_t)f->max : 2000, false, f->name, f->label, fe);
    if (ferr_get(fe, f->name)) return;
    if (!v) {
        if (f->required) ferr_add(fe, f->name, arena_printf(a, "%s: bắt buộc.", f->label));
        else if (f->type == F_BOOL) { out->is_null = false; out->is_num = true; out->num = f->min; }
        return;
    }
    out->is_null = false;
    switch (f->type) {
    case F_TEXT: case F_LONG: out->text = v; return;
    case F_CODE:
        for (const char *p = v; *p; p++)
            if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_' && !islower((unsigned char)*p)) {
                ferr_add(fe, f->name, arena_printf(a, "%s: chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới.", f->label));
                return;
            }
        if (f->max && (int)strlen(v) > f->max) {
            ferr_add(fe, f->name, arena_printf(a, "%s: tối đa %d ký tự.", f->label, f->max));
            return;
        }
        out->text = v;
        return;
    case F_DATE: {
        char iso[11];
        if (!vn_day_iso(v, iso)) {
            ferr_add(fe, f->name, arena_printf(a, "%s: \"%s\" không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).", f->label, v));
            return;
        }
        out->text = arena_strdup(a, iso);
        return;
    }
    case F_MONEY: {
        /* Money is written with dots as thousands separators on screens: accept them. */
        char digits[32];
        size_t n = 0;
        for (const char *p = v; *p && n < sizeof digits - 1; p++)
            if (*p != '.' && *p != ' ') digits[n++] = *p;
        digits[n] = 0;
        if (!parse_int64(digits, &out->num) || out->num <= 0 || out->num > 1000000000000000LL) {
            ferr_add(fe, f->name, arena_printf(a, "%s: \"%s\" không phải số tiền hợp lệ (đồng, số nguyên dương).", f->label, v));
            return;
        }
        out->is_num = true;
        return;
    }
    case F_INT:
        if (!parse_int64(v, &out->num) || out->num < f->min || out->num > f->max) {
            ferr_add(fe, f->name, arena_printf(a, "%s: phải là số nguyên từ %d đến %d.", f->label, f->min, f->max));
            return;
        }
        out->is_num = true;
        return;
    case F_BOOL:
        if (str_eq(v, "1") || str_eq(v, "true") || str_eq(v, "on") || str_eq(v, "co") || str_eq(v, "có")) out->num = 1;
        else if (str_eq(v, "0") || str_eq(v, "false") || str_eq(v, "off") || str_eq(v, "khong") || str_eq(v, "không")) out->num = 0;
        else { ferr_add(fe, f->name, arena_printf(a, "%s: ghi 1 (có) hoặc 0 (không).", f->label)); return; }
        out->is_num = true;
        return;
    case F_MILLI: {
        int milli;
        if (!award_milli_parse(v, &milli)) {
            ferr_add(fe, f->name, arena_printf(a, "%s: \"%s\" không phải hệ số hợp lệ (ví dụ 1,5; tối đa 3 chữ số thập phân).", f->label, v));
            return;
        }
        out->num = milli;
        out->is_num = true;
        return;
    }
    case F_BP: {
        int milli;
        /* A percentage with up to two decimals → basis points (66,67 → 6667). */
        if (!award_milli_parse(v, &milli) || milli % 10 || milli <= 0 || milli > 100000) {
            ferr_add(fe, f->name, arena_printf(a, "%s: phần trăm từ 0,01 đến 100 (tối đa 2 chữ số thập phân).", f->label));
            return;
        }
        out->num = milli / 10;
        out->is_num = true;
        return;
    }
    case F_ENUM:
        if (!enum_has(f->values, v)) {
            ferr_add(fe, f->name, arena_printf(a, "%s: \"%s\" không hợp lệ; chọn một trong: %s.", f->label, v, enum_list(a, f->values)));
            return;
        }
        out->text = v;
        return;
    case F_KINDS: {
        char *copy = arena_strdup(a, v);
        for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", "))
            if (!award_is_subject_kind(tok)) {
                ferr_add(fe, f->name, arena_printf(a, "%s: \"%s\" không hợp lệ; dùng %s.", f->label, tok,
                                                   enum_list(a, award_subject_kinds)));
                return;
            }
        out->text = v;
        return;
    }
    case F_FORM_ANY:
        if (str_eq(v, "*")) { out->text = v; return; }
        /* fall through */
    case F_FORM: {
        int64_t one;
        int rc = store_int64(s, &one, "SELECT 1 FROM award_form WHERE code = $1 LIMIT 1", "t", v);
        if (rc == 0) ferr_add(fe, f->name, arena_printf(a, "%s: chưa có danh hiệu, hình thức mã \"%s\".", f->label, v));
        out->text = v;
        return;
    }
    }
}

int64_t award_rule_add(store *s, arena *a, const struct actor *ac, enum award_rule_kind k,
                       const struct award_rule_input *in, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_SETTINGS)) {
        ferr_add(fe, "scope", "Bạn không có quyền sửa cơ sở quy định khen thưởng.");
        return 0;
    }
    if (k >= AWARD_RULE__COUNT) { ferr_add(fe, "kind", "Loại quy định không hợp lệ."); return 0; }
    /* Nothing the user sent is dropped silently: an unknown field is an error. */
    for (int i = 0; i < in->n; i++)
        if (!field_of(k, in->items[i].name))
            ferr_add(fe, in->items[i].name, arena_printf(a, "Trường \"%s\" không thuộc loại quy định %s.",
                                                         in->items[i].name, kinds[k].name));
    struct bound vals[24];
    const struct rule_field *f;
    int nf = 0;
    for (f = kinds[k].fields; f->name; f++, nf++) {
        const char *raw = NULL;
        for (int i = 0; i < in->n; i++)
            if (str_eq(in->items[i].name, f->name)) raw = in->items[i].value;
        check_field(s, a, f, raw, &vals[nf], fe);
    }
    int vf = -1, vt = -1;
    for (int i = 0; i < nf; i++) {
        if (str_eq(kinds[k].fields[i].name, "valid_from")) vf = i;
        if (str_eq(kinds[k].fields[i].name, "valid_to")) vt = i;
    }
    if (!fe->n && vf >= 0 && vt >= 0 && !vals[vt].is_null && strcmp(vals[vt].text, vals[vf].text) < 0)
        ferr_add(fe, "valid_to", "Hiệu lực đến: phải từ ngày hiệu lực trở đi.");
    if (fe->n) return 0;

    buf sql = {0};
    buf_printf(&sql, "INSERT INTO %s(", kinds[k].table);
    for (int i = 0; i < nf; i++) buf_printf(&sql, "%s, ", kinds[k].fields[i].column);
    buf_puts(&sql, "created_at) VALUES (");
    for (int i = 0; i <= nf; i++) buf_printf(&sql, "%s$%d", i ? ", " : "", i + 1);
    buf_puts(&sql, ") RETURNING id");
    char now[21];
    iso_time(now_unix(), now);

    if (store_begin(s) != STORE_OK) { buf_free(&sql); return STORE_ERR; }
    stmt *q = store_prepare(s, buf_str(&sql));
    buf_free(&sql);
    if (!q) { store_rollback(s); return STORE_ERR; }
    for (int i = 0; i < nf; i++) {
        if (vals[i].is_null) stmt_bind_null(q, i + 1);
        else if (vals[i].is_num) stmt_bind_int64(q, i + 1, vals[i].num);
        else stmt_bind_text(q, i + 1, vals[i].text);
    }
    stmt_bind_text(q, nf + 1, now);
    int rc = stmt_step(q);
    int64_t id = rc == STORE_ROW ? stmt_int64(q, 0) : 0;
    stmt_finalize(q);
    if (rc == STORE_CONSTRAINT) {
        store_rollback(s);
        ferr_add(fe, "valid_from", "Hiệu lực từ: đã có một dòng cùng khóa bắt đầu từ ngày này.");
        return 0;
    }
    if (rc != STORE_ROW) { store_rollback(s); return STORE_ERR; }
    json_t *after = json_object();
    json_object_set_new(after, "kind", json_string(kinds[k].name));
    for (int i = 0; i < nf; i++) {
        const char *name = kinds[k].fields[i].name;
        if (vals[i].is_null) json_object_set_new(after, name, json_null());
        else if (vals[i].is_num) json_object_set_new(after, name, json_integer(vals[i].num));
        else json_object_set_new(after, name, json_string(vals[i].text));
    }
    int64_t aid = audit_as(s, ac, "create", kinds[k].table, id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}

int award_rule_list(store *s, arena *a, enum award_rule_kind k, struct award_rule_row **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (k >= AWARD_RULE__COUNT) return 0;
    buf sql = {0};
    buf_puts(&sql, "SELECT id");
    for (const struct rule_field *f = kinds[k].fields; f->name; f++) buf_printf(&sql, ", %s", f->column);
    buf_printf(&sql, " FROM %s ORDER BY valid_from DESC, id DESC", kinds[k].table);
    stmt *q = store_query(s, buf_str(&sql), "");
    buf_free(&sql);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof **out);
        struct award_rule_row *row = &(*out)[(*n)++];
        row->id = stmt_int64(q, 0);
        int col = 1;
        for (const struct rule_field *f = kinds[k].fields; f->name && row->n < 24; f++, col++) {
            const char *v = stmt_text_dup(q, col, a);
            if (v && f->type == F_MILLI) v = award_milli_text(a, (int)stmt_int64(q, col));
            else if (v && f->type == F_BP) v = award_milli_text(a, (int)stmt_int64(q, col) * 10);
            row->cols[row->n].name = f->name;
            row->cols[row->n].value = v;
            row->cols[row->n].value_len = v ? strlen(v) : 0;
            row->n++;
        }
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : STORE_ERR;
}
