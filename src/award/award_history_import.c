/* award_history_import.c: loading the commendation lists of earlier years (CSV or XLSX; one
 * title or award per line) into subjects and history through the import runner (import.h): every line is
 * checked with reads only (the subject's key, the form by code or name, the year, one title per
 * subject, form and year, one achievement rewarded once — also among the file's own lines), then
 * all accepted lines are written in one transaction with one audit entry. A subject seen for the
 * first time is created from its line. Importing the same file twice adds nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "award_history_internal.h"
#include "award_rules_internal.h"
#include "award_subject.h"
#include "import.h"

enum { C_KIND, C_CID, C_TAX, C_UNIT, C_HOUSEHOLD, C_NAME, C_YEAR, C_FORM, C_DREF, C_DDATE, C_ACH, C_REASON, C_AMOUNT,
       C_POSITION, C_CLASS, C_BIRTH, C__N };

const struct import_column award_history_import_columns[] = {
    [C_KIND] = {"kind|loai|loai_doi_tuong", false, "individual, collective, household hoặc enterprise (trống: theo khóa)"},
    [C_CID] = {"citizen_id|cccd|so_cccd|so_dinh_danh", false, "Số CCCD của cá nhân (khóa của cá nhân)"},
    [C_TAX] = {"tax_code|ma_so_thue|mst", false, "Mã số thuế của doanh nghiệp (khóa của doanh nghiệp)"},
    [C_UNIT] = {"unit_code|ma_don_vi", false, "Mã đơn vị: chính tập thể (khi không có khóa khác) hoặc đơn vị của cá nhân"},
    [C_HOUSEHOLD] = {"household_key|khoa_ho|ho_gia_dinh", false, "Khóa hộ gia đình (CCCD chủ hộ hoặc địa chỉ)"},
    [C_NAME] = {"name|ho_ten|ten|ten_doi_tuong", true, "Họ tên cá nhân hoặc tên tập thể"},
    [C_YEAR] = {"year|nam", true, "Năm được tặng"},
    [C_FORM] = {"form|form_code|danh_hieu|hinh_thuc|ma_hinh_thuc", true, "Mã hoặc tên danh hiệu, hình thức (CSTD_CS, Chiến sĩ thi đua cơ sở …)"},
    [C_DREF] = {"decision_ref|so_quyet_dinh|quyet_dinh", false, "Số quyết định (163/QĐ-UBND)"},
    [C_DDATE] = {"decision_date|ngay_quyet_dinh", false, "Ngày quyết định"},
    [C_ACH] = {"achievement_key|ma_thanh_tich", false, "Mã thành tích (một thành tích chỉ khen một lần)"},
    [C_REASON] = {"reason|thanh_tich|noi_dung|ly_do", false, "Nội dung thành tích"},
    [C_AMOUNT] = {"amount|so_tien|tien_thuong", false, "Tiền thưởng đã chi (đồng)"},
    [C_POSITION] = {"position|chuc_vu", false, "Chức vụ"},
    [C_CLASS] = {"subject_class|nhom_doi_tuong", false, "Nhóm đối tượng của biểu 0603.N"},
    [C_BIRTH] = {"birth_date|ngay_sinh", false, "Ngày sinh"},
};
const int award_history_import_ncolumns = C__N;

struct hist_prep {
    const char *key;                       /* the subject's normalised key */
    int64_t subject_id;                    /* 0: new, created from `subject` at write time */
    struct award_subject_prepared subject;
    struct award_history_input h;
};

struct import_ctx {
    struct hist_prep **accepted;           /* the lines accepted so far in this pass */
    int *lines;
    int n, cap;
    arena *a;
};

static void ctx_reset(void *p)
{
    struct import_ctx *c = p;
    c->n = 0;
}

static const char *get(const struct import_row *row, int col) { return import_get(row, col); }

static enum import_outcome reject(struct import_line *out, const char *field, const char *message)
{
    out->field = field;
    out->message = message;
    return IMPORT_REJECTED;
}

/* The first field error as the line's reason, its key mapped to the file's column (the column's
 * canonical name, the first of its names; in the arena: servers import on several threads). */
static enum import_outcome reject_fe(arena *a, struct import_line *out, const struct field_errors *fe)
{
    static const struct { const char *key; int col; } map[] = {
        {"key", C_CID}, {"kind", C_KIND}, {"name", C_NAME}, {"year", C_YEAR}, {"form_code", C_FORM},
        {"decision_ref", C_DREF}, {"decision_date", C_DDATE}, {"achievement_key", C_ACH}, {"reason", C_REASON},
        {"amount", C_AMOUNT}, {"position", C_POSITION}, {"subject_class", C_CLASS}, {"birth_date", C_BIRTH},
        {"citizen_id", C_CID}, {"tax_code", C_TAX}, {"unit_id", C_UNIT},
    };
    const char *field = NULL;
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (str_eq(map[i].key, fe->items[0].name)) {
            const char *names = award_history_import_columns[map[i].col].names, *bar = strchr(names, '|');
            field = bar ? arena_strndup(a, names, (size_t)(bar - names)) : names;
        }
    return reject(out, field, fe->items[0].value);
}

static enum import_outcome check_line(void *pc, store *s, arena *a, const struct import_row *row, struct import_line *out)
{
    struct import_ctx *c = pc;
    struct field_errors fe = {0};
    struct hist_prep *p = arena_alloc(a, sizeof *p);

    /* The unit: the collective itself, or the unit an individual belongs to. */
    int64_t unit_id = 0;
    const char *unit_code = get(row, C_UNIT);
    if (unit_code) {
        int rc = store_int64(s, &unit_id, "SELECT id FROM unit WHERE code = $1", "t", unit_code);
        if (rc < 0) return IMPORT_FAILED;
        if (rc == 0) return reject(out, "unit_code", arena_printf(a, "Không có đơn vị mã \"%s\".", unit_code));
    }
    const char *key = NULL;
    if (get(row, C_CID)) key = arena_printf(a, "cid:%s", get(row, C_CID));
    else if (get(row, C_TAX)) key = arena_printf(a, "tax:%s", get(row, C_TAX));
    else if (get(row, C_HOUSEHOLD)) key = arena_printf(a, "hh:%s", get(row, C_HOUSEHOLD));
    else if (unit_id) key = arena_printf(a, "unit:%lld", (long long)unit_id);
    else return reject(out, "citizen_id", "Thiếu khóa đối tượng: ghi số CCCD, mã số thuế, khóa hộ gia đình hoặc mã đơn vị.");

    struct award_subject_input in = {.kind = get(row, C_KIND), .name = get(row, C_NAME), .position = get(row, C_POSITION),
                                     .subject_class = get(row, C_CLASS), .birth_date = get(row, C_BIRTH)};
    if (!str_starts(key, "unit:")) in.unit_id = unit_id;
    int rc = award_subject_prepare(s, a, key, &in, &p->subject, &fe);
    if (rc < 0) return IMPORT_FAILED;
    if (rc == 0) return reject_fe(a, out, &fe);
    p->key = p->subject.key;

    int64_t year = 0;
    if (!parse_int64(get(row, C_YEAR) ? get(row, C_YEAR) : "", &year))
        return reject(out, "year", arena_printf(a, "Năm \"%s\" không phải số.", get(row, C_YEAR) ? get(row, C_YEAR) : ""));
    int64_t amount = 0;
    if (get(row, C_AMOUNT)) {
        char digits[32];
        size_t n = 0;
        for (const char *q = get(row, C_AMOUNT); *q && n < sizeof digits - 1; q++)
            if (*q != '.' && *q != ' ') digits[n++] = *q;
        digits[n] = 0;
        if (!parse_int64(digits, &amount) || amount < 0)
            return reject(out, "amount", arena_printf(a, "Số tiền \"%s\" không hợp lệ (đồng, số nguyên).", get(row, C_AMOUNT)));
    }
    struct award_history_input h = {.year = (int)(year > 9999 ? 0 : year), .form_code = get(row, C_FORM),
                                    .decision_ref = get(row, C_DREF), .decision_date = get(row, C_DDATE),
                                    .achievement_key = get(row, C_ACH), .reason = get(row, C_REASON), .amount = amount,
                                    .source = "import"};
    rc = award_history_clean(s, a, &h, &p->h, &fe);
    if (rc < 0) return IMPORT_FAILED;
    if (rc == 0) return reject_fe(a, out, &fe);

    /* The file's own earlier lines first: the same title twice is a duplicate, the same
     * achievement for another title a refusal. */
    for (int i = 0; i < c->n; i++) {
        const struct hist_prep *o = c->accepted[i];
        if (!str_eq(o->key, p->key)) continue;
        if (str_eq(o->h.form_code, p->h.form_code) && o->h.year == p->h.year) {
            out->same_as = c->lines[i];
            return IMPORT_DUPLICATE;
        }
        if (p->h.achievement_key && str_eq(o->h.achievement_key, p->h.achievement_key))
            return reject(out, "achievement_key", arena_printf(a, "Thành tích \"%s\" đã có ở dòng %d: một thành tích chỉ khen một lần.",
                                                               p->h.achievement_key, c->lines[i]));
    }
    /* Then the database. */
    rc = store_int64(s, &p->subject_id, "SELECT id FROM award_subject WHERE subject_key = $1", "t", p->key);
    if (rc < 0) return IMPORT_FAILED;
    if (rc == 1) {
        int64_t existing;
        rc = store_int64(s, &existing, "SELECT id FROM award_history WHERE subject_id = $1 AND form_code = $2 AND year = $3"
                                       " AND revoked_at IS NULL", "iti", p->subject_id, p->h.form_code, (int64_t)p->h.year);
        if (rc < 0) return IMPORT_FAILED;
        if (rc == 1) { out->id = existing; return IMPORT_DUPLICATE; }
        if (p->h.achievement_key) {
            struct award_history prior;
            rc = award_history_find_achievement(s, a, p->subject_id, p->h.achievement_key, &prior);
            if (rc < 0) return IMPORT_FAILED;
            if (rc == 1)
                return reject(out, "achievement_key", arena_printf(a, "Thành tích \"%s\" đã được khen (%s năm %d): một thành tích chỉ khen một lần.",
                                                                   p->h.achievement_key, prior.form_code, prior.year));
        }
    } else p->subject_id = 0;
    int lcap = c->cap;
    c->accepted = arena_grow(c->a, c->accepted, c->n, &c->cap, sizeof *c->accepted);
    c->lines = arena_grow(c->a, c->lines, c->n, &lcap, sizeof *c->lines);
    c->accepted[c->n] = p;
    c->lines[c->n] = row->line;
    c->n++;
    out->prepared = p;
    return IMPORT_ACCEPTED;
}

static enum import_outcome write_lines(void *pc, store *s, arena *a, struct import_line *lines, int n)
{
    (void)pc;
    (void)a;
    for (int i = 0; i < n; i++) {
        if (lines[i].outcome != IMPORT_ACCEPTED) continue;
        struct hist_prep *p = lines[i].prepared;
        /* The subject: found (maybe created by an earlier line of this file), or created now. */
        int64_t sid = 0;
        int rc = store_int64(s, &sid, "SELECT id FROM award_subject WHERE subject_key = $1", "t", p->key);
        if (rc < 0) return IMPORT_FAILED;
        if (rc == 0) {
            if (p->subject_id) return IMPORT_CONFLICT;   /* removed since the check */
            sid = award_subject_insert(s, &p->subject);
            if (sid == STORE_CONSTRAINT) return IMPORT_CONFLICT;
            if (sid < 0) return IMPORT_FAILED;
        } else if (!p->subject_id) {
            /* Created by another writer since the check, or by an earlier line: only the latter is ours. */
            bool ours = false;
            for (int j = 0; j < i && !ours; j++)
                ours = lines[j].outcome == IMPORT_ACCEPTED && str_eq(((struct hist_prep *)lines[j].prepared)->key, p->key);
            if (!ours) return IMPORT_CONFLICT;
        }
        p->h.subject_id = sid;
        int64_t id = award_history_insert(s, &p->h, "import");
        if (id == STORE_CONSTRAINT) return IMPORT_CONFLICT;
        if (id < 0) return IMPORT_FAILED;
        lines[i].id = id;
    }
    return IMPORT_ACCEPTED;
}

int award_history_import(store *s, arena *a, const struct actor *ac, const struct import_quota *quota,
                         const char *file_name, const char *data, size_t len, unsigned flags, const char *sheet,
                         struct import_report *rep)
{
    if (!actor_has(ac, CAP_APPRAISE)) {
        memset(rep, 0, sizeof *rep);
        rep->file_name = file_name;
        rep->fatal = "Chỉ Ban Thi đua – Khen thưởng nhập được danh sách khen thưởng các năm trước.";
        return 0;
    }
    struct import_ctx ctx = {.a = a};
    struct import_spec spec = {"award_history", award_history_import_columns, C__N, check_line, write_lines, ctx_reset,
                               &ctx, quota};
    return import_run_sheet(s, a, &spec, ac->user_id, ac->login, file_name, data, len, flags, sheet, rep);
}
