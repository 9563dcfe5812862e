/* award_rules_demo.c: the demo's commendation subjects and history (award_subject.h). The rule
 * base itself is migration data (sql/040_award_rules.sql). The people are fictional (their
 * citizen IDs start with Lạng Sơn's code 020 but belong to no one); the units are the demo tree's.
 * The history is chosen so that the current year's report of who newly qualifies is worth
 * reading: one doctor completes three consecutive years of CSTĐ cơ sở with a province-level
 * initiative (CSTĐ cấp tỉnh), a department head meets the Bằng khen clause (two years of
 * excellent completion and two initiatives), a teacher falls one initiative short, and a
 * department's two excellent years qualify it as a collective. 2019 rows show an old list. */
#include <stdio.h>
#include <string.h>

#include "award_subject.h"

struct demo_person {
    const char *cid, *name, *unit_code, *position, *subject_class, *birth_date, *gender;
};
static const struct demo_person people[] = {
    {"020085001234", "Nguyễn Văn Bình", "BVDK", "Bác sĩ, Trưởng khoa Hồi sức tích cực", "lanh_dao_phong", "1985-04-12", "nam"},
    {"020190004321", "Lý Thị Hạnh", "THPTCCVA", "Giáo viên Toán", "cong_chuc", "1990-09-02", "nu"},
    {"020078005678", "Hoàng Văn Đức", "SYT", "Phó Giám đốc Sở", "lanh_dao_cap_cao", "1978-01-20", "nam"},
    {"020092008765", "Vi Thị Mai", "BVDK", "Điều dưỡng", "truc_tiep", "1992-06-15", "nu"},
};

/* year, person index (or -1 with a unit code), form, decision */
struct demo_award { int person; const char *unit_code; int year; const char *form, *decision, *date, *achievement; };
static const struct demo_award awards[] = {
    {0, NULL, 2024, "CSTD_CS", "45/QĐ-BVĐK", "2024-12-20", NULL},
    {0, NULL, 2025, "CSTD_CS", "52/QĐ-BVĐK", "2025-12-19", NULL},
    {0, NULL, 2026, "CSTD_CS", "61/QĐ-BVĐK", "2026-12-01", NULL},
    {0, NULL, 2025, "HTXSNV", NULL, NULL, NULL},
    {0, NULL, 2026, "HTXSNV", NULL, NULL, NULL},
    {1, NULL, 2025, "CSTD_CS", "30/QĐ-THPTCCVA", "2025-06-30", NULL},
    {1, NULL, 2026, "CSTD_CS", "28/QĐ-THPTCCVA", "2026-06-30", NULL},
    {1, NULL, 2025, "HTXSNV", NULL, NULL, NULL},
    {1, NULL, 2026, "HTXSNV", NULL, NULL, NULL},
    {2, NULL, 2024, "HTXSNV", NULL, NULL, NULL},
    {2, NULL, 2025, "HTXSNV", NULL, NULL, NULL},
    {2, NULL, 2026, "HTXSNV", NULL, NULL, NULL},
    {2, NULL, 2019, "BK_CT_UBND_TINH", "1290/QĐ-UBND", "2019-12-27", "demo:phong-chong-dich-2019"},
    {3, NULL, 2026, "LDTT", "61/QĐ-BVĐK", "2026-12-01", NULL},
    {-1, "SYT", 2025, "HTXSNV", NULL, NULL, NULL},
    {-1, "SYT", 2026, "HTXSNV", NULL, NULL, NULL},
    {-1, "SGDDT", 2019, "HTXSNV", NULL, NULL, NULL},
    {-1, "SGDDT", 2019, "TTLDXS", "1301/QĐ-UBND", "2019-12-30", NULL},
    {-1, "BVDK", 2019, "TTLDXS", "1301/QĐ-UBND", "2019-12-30", NULL},
};

struct demo_initiative { int person; int year; const char *title, *level, *decision; };
static const struct demo_initiative initiatives[] = {
    {0, 2025, "Quy trình phối hợp cấp cứu liên viện cho bệnh nhân đột quỵ", "tinh", "Quyết định 88/QĐ-HĐSK tỉnh"},
    {0, 2026, "Bảng kiểm an toàn người bệnh thở máy", "co_so", "Quyết định 12/QĐ-BVĐK"},
    {1, 2026, "Ngân hàng đề kiểm tra Toán trực tuyến", "co_so", "Quyết định 9/QĐ-THPTCCVA"},
    {2, 2025, "Số hóa hồ sơ cấp phép hành nghề y", "co_so", "Quyết định 40/QĐ-SYT"},
    {2, 2026, "Bản đồ số cơ sở khám chữa bệnh", "co_so", "Quyết định 47/QĐ-SYT"},
};

static int64_t unit_of(store *s, const char *code)
{
    int64_t id = 0;
    return store_int64(s, &id, "SELECT id FROM unit WHERE code = $1", "t", code) == 1 ? id : 0;
}

static void log_fe(const char *what, const struct field_errors *fe)
{
    log_error("award demo %s: %s: %s", what, fe->n ? fe->items[0].name : "", fe->n ? fe->items[0].value : "store error");
}

int award_rules_demo_load(store *s)
{
    arena a = {0};
    int rc = -1;
    int64_t person_ids[sizeof people / sizeof *people] = {0};
    const struct actor *me = &actor_system;
    for (size_t i = 0; i < sizeof people / sizeof *people; i++) {
        struct award_subject_input in = {.kind = "individual", .name = people[i].name, .unit_id = unit_of(s, people[i].unit_code),
                                         .position = people[i].position, .subject_class = people[i].subject_class,
                                         .birth_date = people[i].birth_date, .gender = people[i].gender};
        struct field_errors fe = {0};
        if (award_subject_find_or_add(s, &a, me, arena_printf(&a, "cid:%s", people[i].cid), &in, &person_ids[i], &fe) <= 0) {
            log_fe("person", &fe);
            goto out;
        }
    }
    for (size_t i = 0; i < sizeof awards / sizeof *awards; i++) {
        const struct demo_award *d = &awards[i];
        int64_t subject = 0;
        if (d->person >= 0) subject = person_ids[d->person];
        else {
            struct award_subject_input in = {0};
            struct field_errors fe = {0};
            int64_t unit = unit_of(s, d->unit_code);
            if (!unit || award_subject_find_or_add(s, &a, me, arena_printf(&a, "unit:%lld", (long long)unit), &in, &subject, &fe) <= 0) {
                log_fe(d->unit_code, &fe);
                goto out;
            }
        }
        struct award_history_input in = {.subject_id = subject, .year = d->year, .form_code = d->form,
                                         .decision_ref = d->decision, .decision_date = d->date,
                                         .achievement_key = d->achievement, .source = d->decision ? "import" : "manual"};
        struct field_errors fe = {0};
        if (award_history_add(s, &a, me, &in, &fe) <= 0) { log_fe(d->form, &fe); goto out; }
    }
    for (size_t i = 0; i < sizeof initiatives / sizeof *initiatives; i++) {
        const struct demo_initiative *d = &initiatives[i];
        struct award_initiative_input in = {.subject_id = person_ids[d->person], .year = d->year, .title = d->title,
                                            .level = d->level, .recognised_by = d->decision};
        struct field_errors fe = {0};
        if (award_initiative_add(s, &a, me, &in, &fe) <= 0) { log_fe("initiative", &fe); goto out; }
    }
    rc = 0;
out:
    arena_free(&a);
    return rc;
}
