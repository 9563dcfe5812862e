/* test_campaign_edit.c: editing what was added to a campaign (campaign.h "editing what was added",
 * news.h news_update/news_unpublish): for targets, content groups, occasions, participants and news
 * posts — who may edit (a reporter never; the Board while the campaign runs; once it is closed only
 * the administrator, with a reason), the audit entry with the values before and after, the
 * refusals that protect reports (a target with reports is not removed, a unit that reported is not
 * taken off a target or out of the campaign), and that a changed comparator or value changes the
 * target's status on the same kept reports. Also: a content group's removal (campaign_group_remove:
 * with its targets, never with reports behind it, nor while a scoring criterion names it); a block
 * scoring sheet's title, block and year (scoring_sheet_update: the Board's points are never moved
 * to units they were not given to, a proposal already made freezes block and year); the printed
 * report's number and "Nơi nhận" (campaign_report_print_set); each under the same close rule. Runs
 * on the demo database (its units and blocks). */
#include <stdlib.h>

#include "campaign.h"
#include "check.h"
#include "demo.h"
#include "news.h"
#include "pdf.h"
#include "scoring.h"

static store *S;
static arena A;
static int64_t C, UNIT_A, UNIT_B;

static store *fresh_db(void)
{
    char dir[300], path[400], err[512];
    if (!temp_dir_make("test_campaign_edit.", dir, sizeof dir)) return NULL;
    snprintf(path, sizeof path, "%s/edit.db", dir);
    store *s = store_open(path, err, sizeof err);
    if (!s || store_migrate(s, err, sizeof err) != STORE_OK) { printf("     db: %s\n", err); return NULL; }
    store_exec(s, "INSERT INTO setting(name, value, updated_at) VALUES ('auth.pwhash', 'cheap', '2020-01-01T00:00:00Z')", "");
    if (demo_populate(s) != 0) { printf("     demo_populate failed\n"); return NULL; }
    return s;
}

static struct actor actor_of(const char *login, uint64_t caps, int64_t unit, bool whole)
{
    return (struct actor){.user_id = 0, .login = login, .caps = caps, .unit_id = unit, .whole_tree = whole};
}
static struct actor board, admin, reporter;

static int64_t unit_code(const char *code)
{
    int64_t id = 0;
    store_int64(S, &id, "SELECT id FROM unit WHERE code = $1", "t", code);
    return id;
}

/* The latest audit entry's action and its before/after JSON texts (arena). */
static void last_audit(const char **action, char **before, char **after)
{
    *before = *after = NULL;
    char *act = NULL;
    store_text(S, &act, &A, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1", "");
    store_text(S, before, &A, "SELECT coalesce(before_json, '') FROM audit_log ORDER BY id DESC LIMIT 1", "");
    store_text(S, after, &A, "SELECT coalesce(after_json, '') FROM audit_log ORDER BY id DESC LIMIT 1", "");
    *action = act ? act : "";
}

/* A text member of an audit entry's JSON (the log escapes non-ASCII, so texts are compared parsed). */
static const char *member(const char *json_text, const char *key)
{
    json_t *j = json_loads(json_text ? json_text : "", JSON_DECODE_ANY, NULL);
    const char *v = json_string_value(json_object_get(j, key));
    const char *out = v ? arena_strdup(&A, v) : "";
    json_decref(j);
    return out;
}

static int64_t count(const char *sql, int64_t id)
{
    int64_t n = -1;
    store_int64(S, &n, sql, "i", id);
    return n;
}

/* The status of target_id on 2020-06-30, with its campaign's kept reports. */
static enum target_status status_of(int64_t target_id)
{
    struct campaign c;
    struct campaign_eval e;
    if (campaign_get(S, &A, C, &c) != 1 || campaign_evaluate(S, &A, &c, "2020-06-30", &e) != STORE_OK) return ST__COUNT;
    for (int i = 0; i < e.n; i++)
        if (e.targets[i].id == target_id) return e.results[i].eval.status;
    return ST__COUNT;
}

static int64_t add_target(const char *group, const char *code, const char *parent, const char *cmp, const char *value,
                          const char *rollup, int64_t split, const int64_t *units, int nu)
{
    struct field_errors fe = {0};
    struct campaign_target_input in = {.group_ref = group, .parent_code = parent, .code = code, .subject = code,
                                       .measure_unit = "%", .comparator = cmp, .value_a = value, .rollup = rollup,
                                       .accumulates = 0, .split_unit_id = split, .unit_ids = units, .n_units = nu};
    int64_t id = campaign_target_add(S, &A, &board, C, &in, &fe);
    if (id <= 0) printf("     target %s: %s %s\n", code, fe.n ? fe.items[0].name : "", fe.n ? fe.items[0].value : "");
    return id;
}

/* A change that keeps every member but those set by the caller. */
static struct campaign_target_input keep_all(void)
{
    return (struct campaign_target_input){.weight = -1, .accumulates = -1};
}

static int64_t T_PLAIN, T_SPLIT, T_SHARE_A, T_FREE;

static void test_setup(void)
{
    CHECK(S != NULL);
    if (!S) return;
    UNIT_A = unit_code("06532");
    UNIT_B = unit_code("06541");
    CHECK(UNIT_A && UNIT_B);
    reporter = actor_of("baocao.xa", CAP_BIT(CAP_REPORT_WRITE), UNIT_A, false);
    struct field_errors fe = {0};
    struct campaign_input ci = {.code = "EDIT-2020", .title = "Phong trào sửa thử", .authority = "UBND tỉnh",
                                .start_date = "01/01/2020", .end_date = "31/12/2020"};
    C = campaign_create(S, &A, &board, &ci, &fe);
    CHECK(C > 0);
    CHECK(campaign_group_add(S, &A, &board, C, 1, "Nhóm một", NULL, &fe) > 0);
    CHECK(campaign_group_add(S, &A, &board, C, 2, "Nhóm hai", NULL, &fe) > 0);
    int64_t both[] = {UNIT_A, UNIT_B};
    T_PLAIN = add_target("1", "1.1", NULL, "ge", "90", NULL, 0, both, 2);
    T_SPLIT = add_target("1", "1.2", NULL, "ge", "100", "sum", 0, NULL, 0);
    T_SHARE_A = add_target("1", "1.2.a", "1.2", "ge", "60", NULL, UNIT_A, NULL, 0);
    CHECK(add_target("1", "1.2.b", "1.2", "ge", "40", NULL, UNIT_B, NULL, 0) > 0);
    T_FREE = add_target("2", "2.1", NULL, "ge", "5", NULL, 0, both, 2);
    CHECK(T_PLAIN > 0 && T_SPLIT > 0 && T_SHARE_A > 0 && T_FREE > 0);
    CHECK(campaign_participant_add(S, &A, &board, C, "unit", NULL, UNIT_A, &fe) > 0);
    CHECK(campaign_participant_add(S, &A, &board, C, "unit", NULL, UNIT_B, &fe) > 0);
    CHECK(campaign_occasion_add(S, &A, &board, C, "ngày thành lập thử", "04/11/1970", 0, &fe) > 0);
    CHECK(campaign_set_status(S, &A, &board, C, "launched", &fe) > 0);
    /* unit A reports 92 % on 1.1 and 70 on its share of 1.2; the Board accepts both */
    struct report_input r1 = {.target_id = T_PLAIN, .unit_id = UNIT_A, .as_of = "2020-06-01", .value = "92"};
    struct report_input r2 = {.target_id = T_SHARE_A, .unit_id = UNIT_A, .as_of = "2020-06-01", .value = "70"};
    int64_t id1 = report_submit(S, &A, &reporter, &r1, &fe), id2 = report_submit(S, &A, &reporter, &r2, &fe);
    CHECK(id1 > 0 && id2 > 0);
    CHECK(report_decide(S, &A, &board, id1, true, NULL, &fe) > 0);
    CHECK(report_decide(S, &A, &board, id2, true, NULL, &fe) > 0);
    CHECK_INT(fe.n, 0);
}

static void test_target_edit(void)
{
    if (!S || !T_PLAIN) return;
    CHECK_INT(status_of(T_PLAIN), ST_MET);                  /* 92 ≥ 90 */
    /* a reporter cannot edit a target */
    struct field_errors fe = {0};
    struct campaign_target_input in = keep_all();
    in.value_a = "95";
    CHECK_INT(campaign_target_update(S, &A, &reporter, T_PLAIN, &in, false, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    /* the Board raises the value: the same accepted report no longer meets it */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, false, NULL, &fe), T_PLAIN);
    CHECK(status_of(T_PLAIN) != ST_MET);
    /* the kept statuses (sql/023) were rebuilt in the edit's transaction, and agree */
    CHECK_INT(campaign_tally_current(S, C), 1);
    struct campaign c;
    struct campaign_eval kept, exact;
    CHECK_INT(campaign_get(S, &A, C, &c), 1);
    CHECK_INT(campaign_evaluate_from(S, &A, &c, "2030-01-01", true, &kept), STORE_OK);
    CHECK_INT(campaign_evaluate_from(S, &A, &c, "2030-01-01", false, &exact), STORE_OK);
    for (int i = 0; i < kept.n && i < exact.n; i++) CHECK_INT(kept.results[i].eval.status, exact.results[i].eval.status);
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "target_update");
    CHECK_CONTAINS(before, "\"value_a\":90000");
    CHECK_CONTAINS(after, "\"value_a\":95000");
    /* a changed comparator: a range 85 – 91 is met from its lower bound, so the same 92 meets it again */
    memset(&fe, 0, sizeof fe);
    in = keep_all();
    in.comparator = "between";
    in.value_a = "85";
    in.value_b = "91";
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, false, NULL, &fe), T_PLAIN);
    CHECK_INT(status_of(T_PLAIN), ST_MET);                  /* 92 above 91: met and exceeded (vượt) */
    struct campaign_target t;
    CHECK_INT(campaign_target_get(S, &A, T_PLAIN, &t), 1);
    CHECK_STR(t.comparator, "between");
    CHECK_INT(t.value_b, 91000);
    CHECK_STR(t.subject, "1.1");                            /* members not given are kept */
    CHECK_INT(t.weight, 1);
    /* every field an add checks is checked on an edit */
    memset(&fe, 0, sizeof fe);
    in = keep_all();
    in.value_b = "80";                                      /* below the lower bound */
    in.code = "1.2";                                        /* another target's code */
    in.comparator = "nearly";
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, false, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "comparator") != NULL);
    memset(&fe, 0, sizeof fe);
    in.comparator = NULL;
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, false, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "value_b") != NULL);
    in.value_b = NULL;
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, false, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "code") != NULL);
    /* clearing an optional member; a new phrase, deadline, weight and baseline */
    memset(&fe, 0, sizeof fe);
    in = keep_all();
    in.phrase = "Tỉ lệ đạt trên 85 %";
    in.deadline = "30/09/2020";
    in.weight = 3;
    in.baseline_value = "80,5";
    in.baseline_period = "năm 2019";
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, false, NULL, &fe), T_PLAIN);
    CHECK_INT(campaign_target_get(S, &A, T_PLAIN, &t), 1);
    CHECK_STR(t.deadline, "2020-09-30");
    CHECK_INT(t.weight, 3);
    CHECK_INT(t.baseline_value, 80500);
    in = keep_all();
    in.baseline_value = "";
    in.phrase = "";
    in.deadline = "";                                       /* cleared: the campaign's end */
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, false, NULL, &fe), T_PLAIN);
    CHECK_INT(campaign_target_get(S, &A, T_PLAIN, &t), 1);
    CHECK(!t.has_baseline);
    CHECK(t.phrase == NULL);
    CHECK_STR(t.deadline, "2020-12-31");
}

static void test_target_tree_and_units(void)
{
    if (!S || !T_SPLIT) return;
    struct field_errors fe = {0};
    struct campaign_target_input in = keep_all();
    /* a share follows its parent: moving it alone is refused; moving the parent moves the shares */
    in.group_ref = "2";
    CHECK_INT(campaign_target_update(S, &A, &board, T_SHARE_A, &in, false, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "group") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_target_update(S, &A, &board, T_SPLIT, &in, false, NULL, &fe), T_SPLIT);
    struct campaign_target t;
    CHECK_INT(campaign_target_get(S, &A, T_SHARE_A, &t), 1);
    CHECK_INT(t.group_number, 2);
    /* a parent keeps a roll-up */
    memset(&fe, 0, sizeof fe);
    in = keep_all();
    in.rollup = "none";
    CHECK_INT(campaign_target_update(S, &A, &board, T_SPLIT, &in, false, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "rollup") != NULL);
    /* a share's value is edited like any target; its unit cannot change once it has reports */
    memset(&fe, 0, sizeof fe);
    in = keep_all();
    in.value_a = "65";
    CHECK_INT(campaign_target_update(S, &A, &board, T_SHARE_A, &in, false, NULL, &fe), T_SHARE_A);
    in.split_unit_id = UNIT_B;
    CHECK_INT(campaign_target_update(S, &A, &board, T_SHARE_A, &in, false, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "split_unit") != NULL);
    /* responsible units: B (no report) can go, A (reported) cannot */
    memset(&fe, 0, sizeof fe);
    in = keep_all();
    in.unit_ids = &UNIT_B;
    in.n_units = 1;
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, true, NULL, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "units"), "báo cáo được giữ nguyên");
    memset(&fe, 0, sizeof fe);
    in.unit_ids = &UNIT_A;
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, true, NULL, &fe), T_PLAIN);
    CHECK_INT(count("SELECT count(*) FROM campaign_target_unit WHERE target_id = $1", T_PLAIN), 1);
}

static void test_target_remove(void)
{
    if (!S || !T_PLAIN) return;
    struct field_errors fe = {0};
    int64_t reports = count("SELECT count(*) FROM campaign_report WHERE target_id = $1", T_PLAIN);
    CHECK_INT(reports, 1);
    CHECK_INT(campaign_target_remove(S, &A, &board, T_PLAIN, NULL, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "reports"), "không xoá được");
    CHECK_INT(count("SELECT count(*) FROM campaign_report WHERE target_id = $1", T_PLAIN), reports);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_target_remove(S, &A, &board, T_SPLIT, NULL, &fe), 0);     /* a share has a report */
    CHECK(ferr_get(&fe, "reports") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_target_remove(S, &A, &reporter, T_FREE, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_target_remove(S, &A, &board, T_FREE, NULL, &fe), T_FREE);
    CHECK_INT(campaign_tally_current(S, C), 1);
    CHECK_INT(count("SELECT count(*) FROM campaign_target WHERE id = $1", T_FREE), 0);
    CHECK_INT(count("SELECT count(*) FROM campaign_target_unit WHERE target_id = $1", T_FREE), 0);
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "target_remove");
    CHECK_CONTAINS(before, "\"code\":\"2.1\"");
    CHECK_STR(after, "");
}

static void test_groups_occasions_participants(void)
{
    if (!S || !C) return;
    struct campaign_group *g;
    int n;
    CHECK_INT(campaign_groups(S, &A, C, &g, &n), STORE_OK);
    CHECK_INT(n, 2);
    struct field_errors fe = {0};
    /* renumbering onto a taken number is refused; onto a free one, with a new title, done */
    CHECK_INT(campaign_group_update(S, &A, &board, g[0].id, 2, NULL, NULL, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "number") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_group_update(S, &A, &reporter, g[0].id, 3, NULL, NULL, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_group_update(S, &A, &board, g[0].id, 3, "Nhóm ba (đổi tên)", "", NULL, &fe), g[0].id);
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "group_update");
    CHECK_CONTAINS(before, "\"number\":1");
    CHECK_CONTAINS(after, "\"number\":3");
    struct campaign_target t;
    CHECK_INT(campaign_target_get(S, &A, T_PLAIN, &t), 1);
    CHECK_INT(t.group_number, 3);                           /* its targets go with it */
    /* an occasion: a new year gives a new anniversary */
    struct campaign_occasion *o;
    CHECK_INT(campaign_occasions(S, &A, C, &o, &n), STORE_OK);
    CHECK_INT(n, 1);
    CHECK_INT(o[0].count, 50);                              /* 1970 → 2020 */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_occasion_update(S, &A, &board, o[0].id, NULL, NULL, 1960, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "year") != NULL);                   /* before the event */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_occasion_update(S, &A, &board, o[0].id, "ngày giải phóng thử", "04/11/1975", 0, NULL, &fe), o[0].id);
    CHECK_INT(campaign_occasions(S, &A, C, &o, &n), STORE_OK);
    CHECK_INT(o[0].count, 45);
    CHECK_STR(o[0].cls, "năm chẵn");
    CHECK_CONTAINS(o[0].label, "45 năm ngày giải phóng thử");
    CHECK_INT(campaign_occasion_remove(S, &A, &board, o[0].id, NULL, &fe), o[0].id);
    CHECK_INT(campaign_occasions(S, &A, C, &o, &n), STORE_OK);
    CHECK_INT(n, 0);
    /* participants: A has reported and stays; B goes */
    struct campaign_participant *p;
    CHECK_INT(campaign_participants(S, &A, C, &p, &n), STORE_OK);
    CHECK_INT(n, 2);
    int64_t pa = p[0].unit_id == UNIT_A ? p[0].id : p[1].id, pb = p[0].unit_id == UNIT_A ? p[1].id : p[0].id;
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_participant_remove(S, &A, &board, pa, NULL, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "reports"), "Đơn vị vẫn tham gia");
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_participant_remove(S, &A, &board, pb, NULL, &fe), pb);
    CHECK_INT(campaign_participants(S, &A, C, &p, &n), STORE_OK);
    CHECK_INT(n, 1);
    last_audit(&action, &before, &after);
    CHECK_STR(action, "participant_remove");
}

static void test_after_close(void)
{
    if (!S || !C) return;
    struct field_errors fe = {0};
    CHECK(campaign_set_status(S, &A, &board, C, "closed", &fe) > 0);
    struct campaign_target_input in = keep_all();
    in.value_a = "80";
    /* the Board cannot edit a closed campaign; the administrator can, only with a reason */
    CHECK_INT(campaign_target_update(S, &A, &board, T_PLAIN, &in, false, "sửa lỗi đánh máy", &fe), 0);
    CHECK_STR(ferr_get(&fe, "scope"), CAMPAIGN_CLOSED_NO_CAP);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_target_update(S, &A, &admin, T_PLAIN, &in, false, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "reason") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_target_update(S, &A, &admin, T_PLAIN, &in, false, "Kế hoạch ghi 80 %, nhập nhầm", &fe), T_PLAIN);
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "target_update");
    CHECK_STR(member(after, "reason"), "Kế hoạch ghi 80 %, nhập nhầm");
    struct campaign_group *g;
    int n;
    CHECK_INT(campaign_groups(S, &A, C, &g, &n), STORE_OK);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_group_update(S, &A, &board, g[0].id, 0, "Tên mới", NULL, "lý do", &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_group_update(S, &A, &admin, g[0].id, 0, "Tên mới", NULL, "Theo kế hoạch sửa đổi", &fe), g[0].id);
}

static void test_news(void)
{
    if (!S || !C) return;
    struct field_errors fe = {0};
    int64_t id = news_create(S, &A, &board, C, "Tin nháp", "Nội dung một", NULL, NULL, 0, NULL, &fe);
    CHECK(id > 0);
    CHECK_INT(news_update(S, &A, &reporter, id, "X", NULL, NULL, NULL, 0, NULL, NULL, 0, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(news_update(S, &A, &board, id, "", NULL, NULL, NULL, 0, NULL, NULL, 0, &fe), 0);
    CHECK(ferr_get(&fe, "title") != NULL);
    memset(&fe, 0, sizeof fe);
    int64_t foreign = 999999;
    CHECK_INT(news_update(S, &A, &board, id, NULL, NULL, NULL, NULL, 0, NULL, &foreign, 1, &fe), 0);
    CHECK(ferr_get(&fe, "photos") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(news_update(S, &A, &board, id, "Tin đã sửa", NULL, "Báo Lạng Sơn", NULL, 0, NULL, NULL, 0, &fe), id);
    struct campaign_news p;
    CHECK_INT(news_get(S, &A, id, &p), 1);
    CHECK_STR(p.title, "Tin đã sửa");
    CHECK_STR(p.body, "Nội dung một");
    CHECK_STR(p.status, "draft");
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "update");
    CHECK_STR(member(before, "title"), "Tin nháp");
    CHECK_STR(member(after, "title"), "Tin đã sửa");
    /* a published post is edited and stays published; unpublished, it is a draft again, once */
    CHECK_INT(news_unpublish(S, &A, &board, id, &fe), 0);
    CHECK(ferr_get(&fe, "status") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK(news_publish(S, &A, &board, id, &fe) > 0);
    CHECK_INT(news_update(S, &A, &board, id, NULL, "Nội dung hai", NULL, NULL, 0, NULL, NULL, 0, &fe), id);
    CHECK_INT(news_get(S, &A, id, &p), 1);
    CHECK_STR(p.status, "published");
    CHECK_INT(news_unpublish(S, &A, &reporter, id, &fe), 0);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(news_unpublish(S, &A, &board, id, &fe), id);
    CHECK_INT(news_get(S, &A, id, &p), 1);
    CHECK_STR(p.status, "draft");
    CHECK(p.published_at == NULL);
}

/* A content group goes with its targets when none of them has a report; a group with reports, or
 * one a computed scoring criterion names, stays, and the refusal says why. */
static void test_group_remove(void)
{
    if (!S || !C) return;
    struct field_errors fe = {0};
    CHECK(campaign_group_add(S, &A, &board, C, 4, "Nhóm bốn", NULL, &fe) > 0);
    int64_t both[] = {UNIT_A, UNIT_B};
    int64_t t41 = add_target("4", "4.1", NULL, "ge", "10", "all", 0, both, 2);
    CHECK(t41 > 0 && add_target("4", "4.1.a", "4.1", "ge", "5", NULL, 0, both, 2) > 0);
    int64_t reported = 0, g4 = 0;   /* group 1 of the setup, renumbered 3 above, holds the reported targets */
    store_int64(S, &reported, "SELECT id FROM campaign_group WHERE campaign_id = $1 AND number = 3", "i", C);
    store_int64(S, &g4, "SELECT id FROM campaign_group WHERE campaign_id = $1 AND number = 4", "i", C);
    CHECK(reported > 0 && g4 > 0);
    CHECK_INT(campaign_group_remove(S, &A, &reporter, g4, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_group_remove(S, &A, &board, 999999, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "id") != NULL);
    /* the reported group: refused, nothing removed */
    memset(&fe, 0, sizeof fe);
    int64_t targets_before = count("SELECT count(*) FROM campaign_target WHERE campaign_id = $1", C);
    CHECK_INT(campaign_group_remove(S, &A, &board, reported, NULL, &fe), 0);
    const char *why = ferr_get(&fe, "reports");
    CHECK(why && strstr(why, "báo cáo tiến độ") && strstr(why, "không bao giờ bị xoá"));
    CHECK_INT(count("SELECT count(*) FROM campaign_group WHERE id = $1", reported), 1);
    CHECK_INT(count("SELECT count(*) FROM campaign_target WHERE campaign_id = $1", C), targets_before);
    /* group 4 is read by a computed criterion of a sheet: refused naming it */
    memset(&fe, 0, sizeof fe);
    struct scoring_criterion_input crit = {.code = "CT", .title = "Chỉ tiêu nhóm bốn", .kind = "targets", .max_points = "10", .weight = 1,
                                           .group_numbers = "4"};
    int64_t sheet = scoring_sheet_create(S, &A, &board, C, count("SELECT min(id) FROM emulation_block WHERE id > $1", 0), 2019,
                                         "Bảng đọc nhóm bốn", &crit, 1, false, &fe);
    CHECK(sheet > 0);
    CHECK_INT(campaign_group_remove(S, &A, &board, g4, NULL, &fe), 0);
    why = ferr_get(&fe, "scoring");
    CHECK(why && strstr(why, "Bảng đọc nhóm bốn") && strstr(why, "tiêu chí CT"));
    CHECK_INT(count("SELECT count(*) FROM campaign_target WHERE group_id = $1", g4), 2);
    /* the criterion gone, the group goes with its two targets (4.1 and its sub-measure) */
    memset(&fe, 0, sizeof fe);
    int64_t crit_id = count("SELECT id FROM scoring_criterion WHERE sheet_id = $1", sheet);
    CHECK_INT(scoring_criterion_remove(S, &A, &board, sheet, crit_id, &fe), sheet);
    CHECK_INT(campaign_group_remove(S, &A, &board, g4, NULL, &fe), g4);
    CHECK_INT(count("SELECT count(*) FROM campaign_group WHERE id = $1", g4), 0);
    CHECK_INT(count("SELECT count(*) FROM campaign_target WHERE group_id = $1", g4), 0);
    CHECK_INT(count("SELECT count(*) FROM campaign_target_unit WHERE target_id = $1", t41), 0);
    CHECK_INT(count("SELECT count(*) FROM campaign_target WHERE campaign_id = $1", C), targets_before - 2);
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "group_remove");
    CHECK_STR(member(before, "title"), "Nhóm bốn");
    CHECK_CONTAINS(before, "\"targets_removed\":2");
}

static int64_t SHEET;

static int64_t block_named(const char *name)
{
    int64_t id = 0;
    store_int64(S, &id, "SELECT id FROM emulation_block WHERE name = $1", "t", name);
    return id;
}

static int64_t audit_rows(void)
{
    int64_t n = -1;
    store_int64(S, &n, "SELECT count(*) FROM audit_log", "");
    return n;
}

/* The printed report's number and "Nơi nhận": who, the number's shape, kept / cleared, audited. */
static void test_report_print(void)
{
    if (!S || !C) return;
    struct field_errors fe = {0};
    struct campaign c;
    CHECK_INT(campaign_report_print_set(S, &A, &reporter, C, "- Sở Nội vụ;", NULL, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    static const char *const bad[] = {"BC-UBND", "15/", "15/BC UBND", "/BC-UBND", "15/BC/UBND", NULL};
    for (int i = 0; bad[i]; i++) {
        memset(&fe, 0, sizeof fe);
        CHECK_INT(campaign_report_print_set(S, &A, &board, C, NULL, bad[i], NULL, &fe), 0);
        CHECK(ferr_get(&fe, "report_number") != NULL);
    }
    CHECK_INT(campaign_get(S, &A, C, &c), 1);
    CHECK(c.report_number == NULL && c.report_recipients == NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(campaign_report_print_set(S, &A, &board, C, "- Ban Thường vụ Tỉnh ủy;\n- Lưu: VT.", "Số: 15/BC-UBND", NULL, &fe), C);
    CHECK_INT(campaign_get(S, &A, C, &c), 1);
    CHECK_STR(c.report_number, "15/BC-UBND");
    CHECK_STR(c.report_recipients, "- Ban Thường vụ Tỉnh ủy;\n- Lưu: VT.");
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "report_print");
    CHECK_STR(member(after, "report_number"), "15/BC-UBND");
    /* the number cleared, the list kept; the same values again write nothing */
    CHECK_INT(campaign_report_print_set(S, &A, &board, C, NULL, "", NULL, &fe), C);
    CHECK_INT(campaign_get(S, &A, C, &c), 1);
    CHECK(c.report_number == NULL);
    CHECK_STR(c.report_recipients, "- Ban Thường vụ Tỉnh ủy;\n- Lưu: VT.");
    int64_t rows = audit_rows();
    CHECK_INT(campaign_report_print_set(S, &A, &board, C, "- Ban Thường vụ Tỉnh ủy;\n- Lưu: VT.", NULL, NULL, &fe), C);
    CHECK_INT(audit_rows(), rows);
    /* the lines as the PDF's foot takes them */
    const char *const *lines = pdf_text_lines(&A, c.report_recipients);
    CHECK_STR(lines[0], "- Ban Thường vụ Tỉnh ủy;");
    CHECK_STR(lines[1], "- Lưu: VT.");
    CHECK(lines[2] == NULL);
}

/* A sheet's title, block and year while the campaign runs: who, the checks, what happens to the
 * Board's points (kept when their units stay members, else the move is refused naming them), a
 * block and year already taken, and a proposal that freezes block and year. */
static void test_scoring_sheet_edit(void)
{
    if (!S || !C) return;
    int64_t culture = block_named("Khối văn hóa – xã hội"), general = block_named("Khối các cơ quan tổng hợp");
    int64_t health = unit_code("SYT"), interior = unit_code("SNV");
    CHECK(culture > 0 && general > 0 && health > 0 && interior > 0);
    struct field_errors fe = {0};
    struct scoring_criterion_input crit = {.code = "BC", .title = "Ban chấm", .kind = "entered", .max_points = "10", .weight = 1};
    SHEET = scoring_sheet_create(S, &A, &board, C, culture, 2020, "Bảng điểm khối văn hóa 2020", &crit, 1, false, &fe);
    CHECK(SHEET > 0);
    struct scoring_sheet sh;
    /* a reporter may not; an empty title, a year out of range and an unknown block are refused */
    CHECK_INT(scoring_sheet_update(S, &A, &reporter, SHEET, "X", 0, 0, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, "  ", 0, 1800, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "title") != NULL);
    CHECK(ferr_get(&fe, "year") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, NULL, 999999, 0, NULL, &fe), 0);
    CHECK_STR(ferr_get(&fe, "block"), "Không có khối, cụm thi đua này.");
    memset(&fe, 0, sizeof fe);
    CHECK_INT(scoring_sheet_update(S, &A, &board, 999999, "X", 0, 0, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "id") != NULL);
    /* the title: audited with before and after; the same values again write nothing */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, "Bảng chấm điểm khối văn hóa – xã hội", 0, 0, NULL, &fe), SHEET);
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "update");
    CHECK_STR(member(before, "title"), "Bảng điểm khối văn hóa 2020");
    CHECK_STR(member(after, "title"), "Bảng chấm điểm khối văn hóa – xã hội");
    int64_t rows = audit_rows();
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, "Bảng chấm điểm khối văn hóa – xã hội", culture, 2020, NULL, &fe), SHEET);
    CHECK_INT(audit_rows(), rows);
    /* the Board scores Sở Y tế: the sheet cannot move to a block Sở Y tế is not in, and nothing moves */
    CHECK(scoring_entry_set(S, &A, &board, SHEET, "BC", health, "7", NULL, &fe) > 0);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, NULL, general, 0, NULL, &fe), 0);
    const char *why = ferr_get(&fe, "block");
    CHECK(why && strstr(why, "Sở Y tế") && strstr(why, "xoá các ô điểm"));
    CHECK_INT(scoring_sheet_get(S, &A, SHEET, &sh), 1);
    CHECK_INT(sh.block_id, culture);
    CHECK_INT(count("SELECT count(*) FROM scoring_entry WHERE sheet_id = $1", SHEET), 1);
    /* another year in which every scored unit is still a member: allowed, the points are kept */
    memset(&fe, 0, sizeof fe);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, NULL, 0, 2021, NULL, &fe), SHEET);
    CHECK_INT(scoring_sheet_get(S, &A, SHEET, &sh), 1);
    CHECK_INT(sh.year, 2021);
    CHECK_INT(count("SELECT count(*) FROM scoring_entry WHERE sheet_id = $1", SHEET), 1);
    last_audit(&action, &before, &after);
    CHECK(strstr(before, "\"year\": 2020") || strstr(before, "\"year\":2020"));
    CHECK(strstr(after, "\"entries_kept\": 1") || strstr(after, "\"entries_kept\":1"));
    /* a year in which Sở Y tế has left the block: refused, naming it */
    CHECK_INT(store_exec(S, "UPDATE block_member SET left_on = '2021-12-31' WHERE block_id = $1 AND unit_id = $2", "ii", culture, health),
              STORE_OK);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, NULL, 0, 2022, NULL, &fe), 0);
    why = ferr_get(&fe, "year");
    CHECK(why && strstr(why, "Sở Y tế") && strstr(why, "2022"));
    store_exec(S, "UPDATE block_member SET left_on = NULL WHERE block_id = $1 AND unit_id = $2", "ii", culture, health);
    /* a block and year that already have a sheet for the campaign */
    memset(&fe, 0, sizeof fe);
    int64_t other = scoring_sheet_create(S, &A, &board, C, culture, 2020, "Bảng thứ hai", NULL, 0, false, &fe);
    CHECK(other > 0);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, NULL, 0, 2020, NULL, &fe), 0);
    why = ferr_get(&fe, "year");
    CHECK(why && strstr(why, "đã có bảng điểm năm 2020"));
    /* the points cleared (through the Board's grid), the sheet moves to the other block */
    memset(&fe, 0, sizeof fe);
    struct scoring_cell clear = {"BC", health, NULL, NULL, NULL};   /* the grid's empty cell clears the points */
    CHECK(scoring_entries_set(S, &A, &board, SHEET, &clear, 1, &fe) > 0);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, NULL, general, 0, NULL, &fe), SHEET);
    CHECK_INT(scoring_sheet_get(S, &A, SHEET, &sh), 1);
    CHECK_INT(sh.block_id, general);
    last_audit(&action, &before, &after);
    CHECK_STR(member(before, "block_name"), "Khối văn hóa – xã hội");
    CHECK_STR(member(after, "block_name"), "Khối các cơ quan tổng hợp");
    /* once its leader is proposed, block and year are frozen; the title still changes */
    CHECK(scoring_entry_set(S, &A, &board, SHEET, "BC", interior, "9", "Hoàn thành xuất sắc", &fe) > 0);
    CHECK(scoring_propose(S, &A, &board, SHEET, &fe) > 0);
    CHECK_INT(fe.n, 0);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, NULL, 0, 2023, NULL, &fe), 0);
    why = ferr_get(&fe, "year");
    CHECK(why && strstr(why, "đã được đề nghị khen thưởng"));
    memset(&fe, 0, sizeof fe);
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, "Bảng chấm điểm khối tổng hợp", 0, 0, NULL, &fe), SHEET);
}

/* After the close: the Board no longer; the administrator with a reason, which the entry keeps. */
static void test_scoring_sheet_after_close(void)
{
    if (!S || !SHEET) return;
    struct field_errors fe = {0};
    CHECK_INT(scoring_sheet_update(S, &A, &board, SHEET, "Tên sau khi kết thúc", 0, 0, "lý do", &fe), 0);
    CHECK_STR(ferr_get(&fe, "scope"), CAMPAIGN_CLOSED_NO_CAP);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(scoring_sheet_update(S, &A, &admin, SHEET, "Tên sau khi kết thúc", 0, 0, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "reason") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK_INT(scoring_sheet_update(S, &A, &admin, SHEET, "Tên sau khi kết thúc", 0, 0, "Tên theo quyết định số 12", &fe), SHEET);
    const char *action;
    char *before, *after;
    last_audit(&action, &before, &after);
    CHECK_STR(action, "update");
    CHECK_STR(member(after, "reason"), "Tên theo quyết định số 12");
}

int main(void)
{
    S = fresh_db();
    board = actor_of("canbo.test", CAP_BIT(CAP_CAMPAIGN_WRITE), 0, true);
    admin = actor_of("admin.test", CAP_BIT(CAP_SETTINGS) | CAP_BIT(CAP_CAMPAIGN_WRITE), 0, true);
    RUN(test_setup);
    RUN(test_target_edit);
    RUN(test_target_tree_and_units);
    RUN(test_target_remove);
    RUN(test_groups_occasions_participants);
    RUN(test_group_remove);
    RUN(test_scoring_sheet_edit);
    RUN(test_report_print);
    RUN(test_after_close);
    RUN(test_scoring_sheet_after_close);
    RUN(test_news);
    if (S) store_close(S);
    arena_free(&A);
    return check_done();
}
