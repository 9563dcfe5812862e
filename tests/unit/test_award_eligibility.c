/* test_award_eligibility.c: subjects, history and eligibility (award_subject.c, award_history.c,
 * eligibility.c). Subjects resolve by key (a citizen ID typed with spaces is the same person;
 * a key's kind is enforced; a reporter adds subjects only in its unit); history refuses a second
 * reward of one achievement; each rule is judged with its "consecutive" edges (CSTĐ cấp tỉnh:
 * 3 consecutive CSTĐ cơ sở ending at the year + a province-level initiative in them; the Bằng
 * khen clause: 2 consecutive years HTXSNV + 2 initiatives in them), by the rows of the year's era;
 * a merged unit keeps its predecessor's history; block leaders reach the flag; manual criteria
 * are warnings, never refusals; and the yearly report lists only who newly qualifies. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "award_history_internal.h"
#include "award_rules_internal.h"
#include "export.h"
#include "proposal_intake.h"
#include "award_subject.h"
#include "check.h"

static store *db;
static arena A;
static struct actor board;

static store *open_db(const char *name)
{
    char dir[300], path[400], err[512];
    if (!temp_dir_make(name, dir, sizeof dir)) return NULL;
    snprintf(path, sizeof path, "%s/s.db", dir);
    store *s = store_open(path, err, sizeof err);
    if (!s || store_migrate(s, err, sizeof err) != STORE_OK) {
        printf("FAIL open: %s\n", err);
        return NULL;
    }
    return s;
}

static int64_t add_unit(const char *name, int64_t parent)
{
    int64_t id = 0;
    store_int64(db, &id, "INSERT INTO unit(parent_id, kind, name, name_fold, sort_key, created_at, updated_at)"
                         " VALUES (NULLIF($1, 0), 'department', $2, $2, $2, '2019-01-01', '2019-01-01') RETURNING id",
                "it", parent, name);
    if (id <= 0) printf("     unit %s: %s\n", name, store_errmsg(db));
    return id;
}

static int64_t subject(const char *key, const char *kind, const char *name, int64_t unit)
{
    struct award_subject_input in = {.kind = kind, .name = name, .unit_id = unit};
    struct field_errors fe = {0};
    int64_t id = 0;
    int rc = award_subject_find_or_add(db, &A, &board, key, &in, &id, &fe);
    if (rc <= 0) printf("     subject %s: rc %d %s\n", key, rc, fe.n ? fe.items[0].value : "");
    return id;
}

static void hist(int64_t subj, int year, const char *form, const char *achievement)
{
    struct award_history_input in = {.subject_id = subj, .year = year, .form_code = form,
                                     .decision_ref = "1/QĐ-TEST", .achievement_key = achievement, .source = "manual"};
    struct field_errors fe = {0};
    int64_t id = award_history_add(db, &A, &board, &in, &fe);
    if (id <= 0) printf("     history %lld %d %s: %lld %s\n", (long long)subj, year, form, (long long)id,
                        fe.n ? fe.items[0].value : "");
}

static void initiative(int64_t subj, int year, const char *level, const char *title)
{
    struct award_initiative_input in = {.subject_id = subj, .year = year, .title = title, .level = level};
    struct field_errors fe = {0};
    if (award_initiative_add(db, &A, &board, &in, &fe) <= 0) printf("     initiative: %s\n", fe.n ? fe.items[0].value : "");
}

static struct award_eligibility judge(int64_t subj, const char *form, int year, const char *achievement)
{
    struct award_eligibility e;
    int rc = award_eligibility_for(db, &A, subj, form, year, achievement, &e);
    if (rc != 1) printf("     judge %s %d: rc %d\n", form, year, rc);
    return e;
}

static const struct award_check *find_check(const struct award_eligibility *e, const char *text_has)
{
    for (int i = 0; i < e->n; i++)
        if (strstr(e->checks[i].text, text_has)) return &e->checks[i];
    return NULL;
}

static int64_t unit_a, unit_b;

static void test_subjects_by_key(void)
{
    int64_t id = subject("cid:001099012345", NULL, "Nguyễn Văn An", unit_a);
    CHECK(id > 0);
    struct award_subject_input in = {.name = "Nguyễn Văn An"};
    struct field_errors fe = {0};
    int64_t again = 0;
    CHECK_INT(award_subject_find_or_add(db, &A, &board, "cid:001 099 012 345", &in, &again, &fe), 1);
    CHECK_INT(again, id);
    struct award_subject s;
    CHECK_INT(award_subject_get(db, &A, id, &s), 1);
    CHECK_STR(s.kind, "individual");
    CHECK_STR(s.citizen_id, "001099012345");
    /* a citizen ID key for a collective, a short ID, an unknown prefix: refused with the field */
    fe = (struct field_errors){0};
    in = (struct award_subject_input){.kind = "collective", .name = "X"};
    CHECK_INT(award_subject_find_or_add(db, &A, &board, "cid:001099099999", &in, &again, &fe), 0);
    CHECK(ferr_get(&fe, "kind") != NULL);
    fe = (struct field_errors){0};
    CHECK_INT(award_subject_find_or_add(db, &A, &board, "cid:12345", &in, &again, &fe), 0);
    CHECK(ferr_get(&fe, "key") != NULL);
    fe = (struct field_errors){0};
    CHECK_INT(award_subject_find_or_add(db, &A, &board, "name:An", &in, &again, &fe), 0);
    CHECK(ferr_get(&fe, "key") != NULL);
    /* a unit key takes the unit's name; a tax key makes an enterprise */
    int64_t ua = subject("unit:1", NULL, NULL, 0);
    CHECK_INT(award_subject_get(db, &A, ua, &s), 1);
    CHECK_STR(s.name, "Sở A");
    CHECK_STR(s.kind, "collective");
    int64_t ent = subject("tax:0100.233.488", NULL, "Công ty minh hoạ", 0);
    CHECK_INT(award_subject_get(db, &A, ent, &s), 1);
    CHECK_STR(s.key, "tax:0100233488");
    CHECK_STR(s.kind, "enterprise");
    /* a wrong check digit, all-zero middle digits, a 000 branch: refused */
    static const char *const bad_tax[] = {"tax:0100233487", "tax:0100000000", "tax:0100233488-000"};
    for (int i = 0; i < 3; i++) {
        fe = (struct field_errors){0};
        in = (struct award_subject_input){.name = "Công ty sai mã"};
        CHECK_INT(award_subject_find_or_add(db, &A, &board, bad_tax[i], &in, &again, &fe), 0);
        CHECK(ferr_get(&fe, "key") != NULL);
    }
    fe = (struct field_errors){0};
    CHECK_INT(award_subject_find_or_add(db, &A, &board, "tax:0100233488-001", &in, &again, &fe), 2);
    /* a reporter of unit B cannot add a subject of unit A */
    struct actor reporter = {.user_id = 9, .login = "bc", .caps = CAP_BIT(CAP_DOSSIER_WRITE), .unit_id = unit_b};
    fe = (struct field_errors){0};
    in = (struct award_subject_input){.name = "Trần Thị Bình", .unit_id = unit_a};
    CHECK_INT(award_subject_find_or_add(db, &A, &reporter, "cid:001199000111", &in, &again, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    in.unit_id = unit_b;
    fe = (struct field_errors){0};
    CHECK_INT(award_subject_find_or_add(db, &A, &reporter, "cid:001199000111", &in, &again, &fe), 2);
    /* a change of unit keeps the key and the history */
    in = (struct award_subject_input){.unit_id = unit_b, .position = "Phó phòng"};
    fe = (struct field_errors){0};
    CHECK_INT(award_subject_update(db, &A, &board, id, &in, &fe), 1);
    CHECK_INT(award_subject_get(db, &A, id, &s), 1);
    CHECK_INT(s.unit_id, unit_b);
    CHECK_STR(s.key, "cid:001099012345");
    CHECK_STR(award_subject_kind_of_intake("organisation"), "collective");
    CHECK(award_subject_kind_of_intake("robot") == NULL);
    /* the list finds names without diacritics or case */
    struct award_subject_query q = {.q = "NGUYEN van an"};
    struct award_subject *list;
    int n, total;
    CHECK_INT(award_subject_list(db, &A, &q, &list, &n, &total), 1);
    CHECK_INT(total, 1);
}

static void test_cstd_tinh_consecutive(void)
{
    int64_t ok = subject("cid:001080000001", NULL, "Lê Văn Đủ", unit_a);
    hist(ok, 2022, "CSTD_CS", NULL);
    hist(ok, 2023, "CSTD_CS", NULL);
    hist(ok, 2024, "CSTD_CS", NULL);
    initiative(ok, 2023, "tinh", "Quy trình một cửa điện tử");
    struct award_eligibility e = judge(ok, "CSTD_TINH", 2024, NULL);
    CHECK(e.eligible);
    CHECK_INT(e.blocking_failures, 0);
    const struct award_check *c = find_check(&e, "3 lần liên tục");
    CHECK(c && c->outcome == AWARD_CHECK_PASS);
    if (c) {
        CHECK_CONTAINS(c->evidence, "2022");
        CHECK_CONTAINS(c->evidence, "1/QĐ-TEST");
        CHECK_CONTAINS(c->citation, "06/2022/QH15");
    }
    /* judged for 2025 the chain does not end at the year: refused, the missing year named */
    e = judge(ok, "CSTD_TINH", 2025, NULL);
    CHECK(!e.eligible);
    c = find_check(&e, "3 lần liên tục");
    CHECK(c && c->outcome == AWARD_CHECK_FAIL && c->blocking);
    if (c) CHECK_CONTAINS(c->evidence, "thiếu năm 2025");

    int64_t gap = subject("cid:001080000002", NULL, "Lê Văn Hở", unit_a);
    hist(gap, 2021, "CSTD_CS", NULL);
    hist(gap, 2023, "CSTD_CS", NULL);
    hist(gap, 2024, "CSTD_CS", NULL);
    initiative(gap, 2024, "tinh", "Sáng kiến A");
    e = judge(gap, "CSTD_TINH", 2024, NULL);
    CHECK(!e.eligible);
    c = find_check(&e, "3 lần liên tục");
    if (c) CHECK_CONTAINS(c->evidence, "thiếu năm 2022");

    int64_t low = subject("cid:001080000003", NULL, "Lê Văn Thấp", unit_a);
    hist(low, 2022, "CSTD_CS", NULL);
    hist(low, 2023, "CSTD_CS", NULL);
    hist(low, 2024, "CSTD_CS", NULL);
    initiative(low, 2023, "co_so", "Sáng kiến cấp cơ sở");
    initiative(low, 2021, "tinh", "Sáng kiến cấp tỉnh ngoài thời gian");
    e = judge(low, "CSTD_TINH", 2024, NULL);
    CHECK(!e.eligible);
    c = find_check(&e, "sáng kiến");
    CHECK(c && c->outcome == AWARD_CHECK_FAIL);
    if (c) CHECK_CONTAINS(c->evidence, "2022–2024");

    /* 2019: the 2003/2013 law's rows */
    int64_t old = subject("cid:001080000004", NULL, "Hoàng Văn Cũ", unit_a);
    hist(old, 2017, "CSTD_CS", NULL);
    hist(old, 2018, "CSTD_CS", NULL);
    hist(old, 2019, "CSTD_CS", NULL);
    initiative(old, 2018, "toan_quoc", "Sáng kiến toàn quốc");   /* a higher level counts */
    e = judge(old, "CSTD_TINH", 2019, NULL);
    CHECK(e.eligible);
    c = find_check(&e, "3 lần liên tục");
    if (c) CHECK_CONTAINS(c->citation, "2003");
    /* a collective is not a CSTĐ */
    int64_t coll = subject("unit:2", NULL, NULL, 0);
    e = judge(coll, "CSTD_TINH", 2024, NULL);
    CHECK(!e.eligible);
    CHECK(e.blocking_failures >= 1);
}

static void test_bang_khen_clause(void)
{
    int64_t ok = subject("cid:001090000001", NULL, "Phạm Thị Giỏi", unit_a);
    hist(ok, 2025, "HTXSNV", NULL);
    hist(ok, 2026, "HTXSNV", NULL);
    initiative(ok, 2025, "co_so", "Sáng kiến 1");
    initiative(ok, 2026, "co_so", "Sáng kiến 2");
    struct award_eligibility e = judge(ok, "BK_CT_UBND_TINH", 2026, NULL);
    CHECK(e.eligible);
    CHECK_STR(e.alternative_met, "b");
    /* alternative a (an achievement named) failed, but blocks nothing once b is met */
    CHECK_INT(e.blocking_failures, 0);
    const struct award_check *c = find_check(&e, "2 năm liên tục");
    if (c) CHECK_CONTAINS(c->citation, "Điều 74");

    int64_t gap = subject("cid:001090000002", NULL, "Phạm Thị Cách", unit_a);
    hist(gap, 2024, "HTXSNV", NULL);
    hist(gap, 2026, "HTXSNV", NULL);
    initiative(gap, 2025, "co_so", "S1");
    initiative(gap, 2026, "co_so", "S2");
    e = judge(gap, "BK_CT_UBND_TINH", 2026, NULL);
    CHECK(!e.eligible);
    CHECK(e.blocking_failures >= 2);          /* a: no achievement; b: the gap */

    int64_t one = subject("cid:001090000003", NULL, "Phạm Thị Một", unit_a);
    hist(one, 2025, "HTXSNV", NULL);
    hist(one, 2026, "HTXSNV", NULL);
    initiative(one, 2024, "co_so", "S0 (ngoài thời gian)");
    initiative(one, 2026, "co_so", "S2");
    e = judge(one, "BK_CT_UBND_TINH", 2026, NULL);
    CHECK(!e.eligible);
    c = find_check(&e, "2 sáng kiến");
    CHECK(c && c->outcome == AWARD_CHECK_FAIL);
    if (c) CHECK_CONTAINS(c->evidence, "1/2");
    /* the same subject with a named achievement meets clause a */
    e = judge(one, "BK_CT_UBND_TINH", 2026, "campaign:9/2026");
    CHECK(e.eligible);
    CHECK_STR(e.alternative_met, "a");
}

static void test_one_achievement_once(void)
{
    int64_t ent = subject("tax:0100233488", NULL, NULL, 0);
    hist(ent, 2019, "BK_CT_UBND_TINH", "fund:1/tier:2/2019");
    struct award_eligibility e = judge(ent, "BK_CT_UBND_TINH", 2019, "fund:1/tier:2/2019");
    CHECK(!e.eligible);
    const struct award_check *c = find_check(&e, "một lần");
    CHECK(c && c->outcome == AWARD_CHECK_FAIL && c->blocking);
    if (c) { CHECK_CONTAINS(c->evidence, "1/QĐ-TEST"); CHECK_CONTAINS(c->citation, "Điều 6"); }
    /* recording it twice is refused, naming the field; another achievement is fine */
    struct award_history_input in = {.subject_id = ent, .year = 2020, .form_code = "GK_THU_TRUONG",
                                     .achievement_key = "fund:1/tier:2/2019"};
    struct field_errors fe = {0};
    CHECK_INT(award_history_add(db, &A, &board, &in, &fe), 0);
    CHECK(ferr_get(&fe, "achievement_key") != NULL);
    e = judge(ent, "BK_CT_UBND_TINH", 2019, "fund:2/tier:1/2019");
    const struct award_check *once = find_check(&e, "một lần");
    CHECK(once && once->outcome == AWARD_CHECK_PASS);
    /* a form given by name is resolved; an unknown one refused */
    in = (struct award_history_input){.subject_id = ent, .year = 2021, .form_code = "giấy khen của thủ trưởng cơ quan, đơn vị"};
    fe = (struct field_errors){0};
    CHECK(award_history_add(db, &A, &board, &in, &fe) > 0);
    in.form_code = "Huân chương vàng";
    fe = (struct field_errors){0};
    CHECK_INT(award_history_add(db, &A, &board, &in, &fe), 0);
    CHECK(ferr_get(&fe, "form_code") != NULL);
    /* revoked: the achievement may be rewarded again */
    struct award_history *rows;
    int n;
    CHECK_INT(award_history_of(db, &A, ent, false, &rows, &n), 1);
    CHECK_INT(n, 2);
    int64_t bk = 0;
    for (int i = 0; i < n; i++) if (rows[i].year == 2019) bk = rows[i].id;
    fe = (struct field_errors){0};
    CHECK_INT(award_history_revoke(db, &A, &board, bk, "Kê khai không đúng", &fe), 1);
    e = judge(ent, "BK_CT_UBND_TINH", 2019, "fund:1/tier:2/2019");
    once = find_check(&e, "một lần");
    CHECK(once && once->outcome == AWARD_CHECK_PASS);
    CHECK_INT(award_history_of(db, &A, ent, true, &rows, &n), 1);
    CHECK_INT(n, 2);
}

static void test_collectives(void)
{
    /* Unit C merged into unit D in 2025: D's 2026 Bằng khen (2 years HTXSNV) counts C's 2025. */
    int64_t uc = add_unit("Phòng C", 1), ud = add_unit("Phòng D", 1);
    store_exec(db, "INSERT INTO unit_succession(successor_id, predecessor_id, change, effective) VALUES ($1, $2, 'merge', '2026-01-01')",
               "ii", ud, uc);
    int64_t sc = subject(arena_printf(&A, "unit:%lld", (long long)uc), NULL, NULL, 0);
    int64_t sd = subject(arena_printf(&A, "unit:%lld", (long long)ud), NULL, NULL, 0);
    hist(sc, 2025, "HTXSNV", NULL);
    hist(sd, 2026, "HTXSNV", NULL);
    struct award_eligibility e = judge(sd, "BK_CT_UBND_TINH", 2026, NULL);
    CHECK(e.eligible);
    e = judge(sc, "BK_CT_UBND_TINH", 2026, NULL);      /* the predecessor does not inherit forward */
    CHECK(!e.eligible);
    /* TTLĐXS: the rating proves the blocking part; the member ratios stay a warning */
    e = judge(sd, "TTLDXS", 2026, NULL);
    CHECK(e.eligible);
    CHECK(e.warnings >= 1);
    const struct award_check *m = find_check(&e, "70%");
    CHECK(m && m->outcome == AWARD_CHECK_WARN && !m->blocking);
    /* the flag needs the block's lead in the year */
    e = judge(sd, "CO_THI_DUA_UBND_TINH", 2026, NULL);
    CHECK(!e.eligible);
    int64_t block = 0;
    store_int64(db, &block, "INSERT INTO emulation_block(name, kind, created_at, updated_at) VALUES ('Khối kinh tế', 'khoi', 'x', 'x')"
                            " RETURNING id", "");
    store_exec(db, "INSERT INTO block_leadership(block_id, year, head_unit_id) VALUES ($1, 2026, $2)", "ii", block, ud);
    e = judge(sd, "CO_THI_DUA_UBND_TINH", 2026, NULL);
    CHECK(e.eligible);
    const struct award_check *b = find_check(&e, "Dẫn đầu");
    if (b) CHECK_CONTAINS(b->evidence, "Khối kinh tế");
}

static void test_newly_qualified(void)
{
    struct award_qualifier *q;
    int n;
    CHECK_INT(award_newly_qualified(db, &A, 2024, &q, &n), 1);
    bool du = false, ho = false;
    for (int i = 0; i < n; i++) {
        if (str_eq(q[i].subject.name, "Lê Văn Đủ") && str_eq(q[i].verdict.form_code, "CSTD_TINH")) du = true;
        if (str_eq(q[i].subject.name, "Lê Văn Hở") && str_eq(q[i].verdict.form_code, "CSTD_TINH")) ho = true;
        CHECK(q[i].verdict.eligible);
    }
    CHECK(du);
    CHECK(!ho);
    /* 2026: Giỏi newly meets the Bằng khen clause; Đủ, who already met CSTĐ tỉnh in 2024, is not listed for it */
    CHECK_INT(award_newly_qualified(db, &A, 2026, &q, &n), 1);
    bool gioi = false, du_again = false;
    for (int i = 0; i < n; i++) {
        if (str_eq(q[i].subject.name, "Phạm Thị Giỏi") && str_eq(q[i].verdict.form_code, "BK_CT_UBND_TINH")) gioi = true;
        if (str_eq(q[i].subject.name, "Lê Văn Đủ") && str_eq(q[i].verdict.form_code, "CSTD_TINH")) du_again = true;
    }
    CHECK(gioi);
    CHECK(!du_again);
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    store_int64(db, &n, sql, "");
    return n;
}

/* The lists of earlier years: new subjects are created, forms given by name resolve, the same
 * file twice adds nothing, and one bad line leaves nothing written, its line and column named. */
static void test_import_earlier_years(void)
{
    store_exec(db, "UPDATE unit SET code = 'SOA' WHERE id = $1", "i", unit_a);
    const char *csv =
        "Họ tên,Số CCCD,Mã đơn vị,Năm,Danh hiệu,Số quyết định,Ngày quyết định,Mã thành tích\n"
        "Đỗ Văn Nhập,001070000001,SOA,2017,Chiến sĩ thi đua cơ sở,12/QĐ-SNV,15/12/2017,\n"
        "Đỗ Văn Nhập,001070000001,SOA,2018,CSTD_CS,10/QĐ-SNV,14/12/2018,\n"
        "Sở A,,SOA,2018,Tập thể lao động xuất sắc,99/QĐ-UBND,2018-12-20,\n"
        "Đỗ Văn Nhập,001070000001,SOA,2018,CSTD_CS,10/QĐ-SNV,14/12/2018,\n";
    int64_t subjects = count("SELECT count(*) FROM award_subject"), rows = count("SELECT count(*) FROM award_history");
    int64_t audits = count("SELECT count(*) FROM audit_log WHERE action = 'import'");
    struct import_report rep;
    CHECK_INT(award_history_import(db, &A, &board, NULL, "ds.csv", csv, strlen(csv), 0, NULL, &rep), 0);
    CHECK(rep.fatal == NULL);
    CHECK_INT(rep.accepted, 3);
    CHECK_INT(rep.duplicate, 1);            /* the repeated last line */
    CHECK(rep.written);
    CHECK_INT(count("SELECT count(*) FROM award_subject"), subjects + 1);   /* Sở A existed as unit:1 */
    CHECK_INT(count("SELECT count(*) FROM award_history"), rows + 3);
    CHECK_INT(count("SELECT count(*) FROM audit_log WHERE action = 'import'"), audits + 1);
    struct award_subject s;
    CHECK_INT(award_subject_by_key(db, &A, "cid:001070000001", &s), 1);
    CHECK_INT(s.unit_id, unit_a);
    /* again: nothing new */
    CHECK_INT(award_history_import(db, &A, &board, NULL, "ds.csv", csv, strlen(csv), 0, NULL, &rep), 0);
    CHECK_INT(rep.accepted, 0);
    CHECK_INT(rep.duplicate, 4);
    CHECK_INT(count("SELECT count(*) FROM award_history"), rows + 3);
    /* one bad line: nothing written, the line and column named */
    const char *bad =
        "Họ tên,Số CCCD,Năm,Danh hiệu\n"
        "Vũ Thị Mới,001070000002,2019,CSTD_CS\n"
        "Vũ Thị Sai,00107,2019,CSTD_CS\n"
        "Vũ Thị Khác,001070000003,2019,Huân chương không có\n";
    CHECK_INT(award_history_import(db, &A, &board, NULL, "bad.csv", bad, strlen(bad), 0, NULL, &rep), 0);
    CHECK(!rep.written);
    CHECK_INT(rep.rejected, 2);
    CHECK_INT(count("SELECT count(*) FROM award_history"), rows + 3);
    bool line3 = false, line4 = false;
    for (int i = 0; i < rep.nlines; i++) {
        if (rep.lines[i].line == 3 && rep.lines[i].outcome == IMPORT_REJECTED) line3 = str_eq(rep.lines[i].field, "citizen_id");
        if (rep.lines[i].line == 4 && rep.lines[i].outcome == IMPORT_REJECTED) line4 = str_eq(rep.lines[i].field, "form");
    }
    CHECK(line3);
    CHECK(line4);
    /* without appraise: refused as a whole */
    struct actor reporter = {.user_id = 9, .login = "bc", .caps = CAP_BIT(CAP_DOSSIER_WRITE), .unit_id = unit_b};
    CHECK_INT(award_history_import(db, &A, &reporter, NULL, "ds.csv", csv, strlen(csv), 0, NULL, &rep), 0);
    CHECK(rep.fatal != NULL);
}

/* The other chains: LĐTT (a rating of the year), CSTĐ cơ sở (LĐTT + an initiative of the same
 * year), CSTĐ toàn quốc (2 CSTĐ cấp tỉnh within 6 years + a nationwide initiative), Giấy khen
 * (clause b: an excellent year), each at its edge. */
static void test_other_chains(void)
{
    int64_t p = subject("cid:001070000101", NULL, "Đặng Văn Xích", unit_a);
    struct award_eligibility e = judge(p, "LDTT", 2026, NULL);
    CHECK(!e.eligible);
    hist(p, 2026, "HTTNV", NULL);
    e = judge(p, "LDTT", 2026, NULL);
    CHECK(e.eligible);

    hist(p, 2026, "LDTT", NULL);
    initiative(p, 2025, "co_so", "Sáng kiến năm trước");
    e = judge(p, "CSTD_CS", 2026, NULL);
    CHECK(!e.eligible);                      /* the initiative must be of the year */
    initiative(p, 2026, "co_so", "Sáng kiến năm nay");
    e = judge(p, "CSTD_CS", 2026, NULL);
    CHECK(e.eligible);

    int64_t q = subject("cid:001070000102", NULL, "Đặng Văn Toàn", unit_a);
    hist(q, 2021, "CSTD_TINH", NULL);
    initiative(q, 2024, "toan_quoc", "Sáng kiến toàn quốc");
    e = judge(q, "CSTD_TQ", 2026, NULL);
    CHECK(!e.eligible);                      /* one CSTĐ tỉnh */
    hist(q, 2024, "CSTD_TINH", NULL);
    e = judge(q, "CSTD_TQ", 2026, NULL);
    CHECK(e.eligible);
    e = judge(q, "CSTD_TQ", 2027, NULL);
    CHECK(!e.eligible);                      /* 2021 left the six years */
    const struct award_check *c = find_check(&e, "Chiến sĩ thi đua cấp tỉnh");
    if (c) CHECK_CONTAINS(c->evidence, "1/2");

    e = judge(q, "GK_THU_TRUONG", 2026, NULL);
    CHECK(!e.eligible);
    hist(q, 2026, "HTXSNV", NULL);
    e = judge(q, "GK_THU_TRUONG", 2026, NULL);
    CHECK(e.eligible);
    CHECK_STR(e.alternative_met, "b");
    /* a household may receive a Bằng khen only for a named achievement (clause a) */
    int64_t hh = subject("hh:Thôn Nà Chuông, xã Mẫu Sơn", "household", "Hộ ông Lộc Văn Nà", 0);
    e = judge(hh, "BK_CT_UBND_TINH", 2026, NULL);
    CHECK(!e.eligible);
    e = judge(hh, "BK_CT_UBND_TINH", 2026, "fund:1/tier:3/2026");
    CHECK(e.eligible);
}

/* A proposal from the hand-over table resolves to the subject of its key, once. */
static void test_from_intake(void)
{
    struct proposal_intake p = {.subject_kind = "organisation", .subject_name = "Công ty minh hoạ B",
                                .subject_key = "tax:0100109106", .form_code = "BK_CT_UBND_TINH"};
    int64_t id = 0, again = 0;
    struct field_errors fe = {0};
    CHECK_INT(award_subject_from_intake(db, &A, &board, &p, &id, &fe), 2);
    struct award_subject s;
    CHECK_INT(award_subject_get(db, &A, id, &s), 1);
    CHECK_STR(s.kind, "enterprise");
    CHECK_INT(award_subject_from_intake(db, &A, &board, &p, &again, &fe), 1);
    CHECK_INT(again, id);
    p = (struct proposal_intake){.subject_kind = "unit", .subject_name = "Sở B", .subject_key = arena_printf(&A, "unit:%lld", (long long)unit_b)};
    CHECK(award_subject_from_intake(db, &A, &board, &p, &id, &fe) > 0);
    CHECK_INT(award_subject_get(db, &A, id, &s), 1);
    CHECK_STR(s.kind, "collective");
    CHECK_INT(s.unit_id, unit_b);
}

/* 0603.N: provincial awards of 2019 by class; the XLSX file reads back with the same numbers; and
 * an XLSX list of earlier years imports like the CSV one. */
static void test_stats_and_xlsx(void)
{
    struct award_stats st;
    CHECK_INT(award_stats_0603(db, &A, 2019, &st), 1);
    /* 2019 provincial rows so far: the enterprise's Bằng khen was revoked; Hoàng Văn Cũ has no
     * provincial award in 2019 (CSTĐ cơ sở is unit level); Sở A's TTLĐXS 2018 is another year. */
    int64_t before_individuals = st.total.individual;
    int64_t subj = 0;
    struct award_subject_input in = {.name = "Trịnh Văn Thống Kê", .unit_id = unit_a, .subject_class = "truc_tiep"};
    struct field_errors fe = {0};
    CHECK(award_subject_find_or_add(db, &A, &board, "cid:001060000001", &in, &subj, &fe) == 2);
    hist(subj, 2019, "BK_CT_UBND_TINH", NULL);
    int64_t unclassified = 0;
    in = (struct award_subject_input){.name = "Trịnh Văn Chưa Nhóm", .unit_id = unit_a};
    CHECK(award_subject_find_or_add(db, &A, &board, "cid:001060000002", &in, &unclassified, &fe) == 2);
    hist(unclassified, 2019, "CSTD_TINH", NULL);
    CHECK_INT(award_stats_0603(db, &A, 2019, &st), 1);
    CHECK_INT(st.total.individual, before_individuals + 2);
    int truc_tiep = -1;
    for (int i = 0; i < st.nclasses; i++) if (str_eq(st.classes[i].code, "truc_tiep")) truc_tiep = i;
    CHECK(truc_tiep >= 0);
    if (truc_tiep >= 0) CHECK(st.total.by_class[truc_tiep] >= 1);
    CHECK(st.total.unclassified >= 1);
    int sum = st.total.unclassified;
    for (int i = 0; i < st.nclasses; i++) sum += st.total.by_class[i];
    CHECK_INT(sum, st.total.individual);            /* nobody dropped */

    char err[256];
    export_doc *x = award_stats_export(db, &A, 2019, EXPORT_XLSX, err, sizeof err);
    CHECK(x != NULL);
    buf file = {0};
    CHECK(x && export_end(x, &file, err, sizeof err) == 0);
    struct csv_doc doc;
    CHECK_INT(xlsx_read(&A, file.data, file.len, NULL, &doc), 0);
    CHECK_INT(doc.nrecords, 1 + st.nrows + 1);     /* header, one row per form, the total */
    if (doc.nrecords == 2 + st.nrows) {
        const struct csv_record *total = &doc.records[doc.nrecords - 1];
        CHECK_STR(total->fields[0], "Tổng cộng");
        CHECK_STR(total->fields[5], arena_printf(&A, "%d", st.total.individual));
        CHECK_STR(doc.records[0].fields[3], "Trong đó doanh nghiệp");
    }
    buf_free(&file);

    /* An XLSX list imports as the CSV one does (the runner reads the sheet). */
    static const struct export_column cols[] = {{"Họ tên", EXPORT_TEXT}, {"Số CCCD", EXPORT_TEXT}, {"Năm", EXPORT_INT},
                                                {"Danh hiệu", EXPORT_TEXT}, {"Ngày quyết định", EXPORT_DATE}};
    x = export_begin(EXPORT_XLSX, "DS 2016", cols, 5);
    const char *row1[] = {"Quách Thị Excel", "001050000001", "2016", "Lao động tiên tiến", "2016-12-20"};
    export_row(x, row1);
    buf xl = {0};
    CHECK(export_end(x, &xl, err, sizeof err) == 0);
    struct import_report rep;
    CHECK_INT(award_history_import(db, &A, &board, NULL, "ds.xlsx", xl.data, xl.len, 0, "DS 2016", &rep), 0);
    CHECK(rep.fatal == NULL);
    CHECK_INT(rep.accepted, 1);
    struct award_subject s;
    CHECK_INT(award_subject_by_key(db, &A, "cid:001050000001", &s), 1);
    struct award_history *h;
    int n;
    CHECK_INT(award_history_of(db, &A, s.id, false, &h, &n), 1);
    CHECK_INT(n, 1);
    if (n == 1) { CHECK_STR(h[0].form_code, "LDTT"); CHECK_STR(h[0].decision_date, "2016-12-20"); }
    CHECK_INT(award_history_import(db, &A, &board, NULL, "ds.xlsx", xl.data, xl.len, 0, "Không có", &rep), 0);
    CHECK(rep.fatal != NULL);                        /* a sheet that is not there: named, nothing read */
    buf_free(&xl);
}

int main(void)
{
    db = open_db("test_award_elig");
    if (!db) return 1;
    board = actor_cli(&A);
    unit_a = add_unit("Sở A", 0);
    unit_b = add_unit("Sở B", unit_a);
    RUN(test_subjects_by_key);
    RUN(test_cstd_tinh_consecutive);
    RUN(test_bang_khen_clause);
    RUN(test_one_achievement_once);
    RUN(test_collectives);
    RUN(test_newly_qualified);
    RUN(test_import_earlier_years);
    RUN(test_stats_and_xlsx);
    RUN(test_other_chains);
    RUN(test_from_intake);
    arena_free(&A);
    store_close(db);
    return check_done();
}
