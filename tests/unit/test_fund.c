/* test_fund.c: the fundraising domain (src/fund/): tax codes; the VietQR payload against the
 * published example; statement profiles and import (twins are distinct, commas inside messages,
 * a broken line leaves nothing, a missing year is named, the same file twice adds nothing, an
 * overlapping statement spelled differently is counted once); tier edges and proposals for
 * confirmed identities only; the honour roll's anonymity; duplicates and a merge that keeps
 * history; scope (only the owner unit's subtree and the Board manage a fund); the search finds
 * "Nguyễn Huy Thọ" by "nguyen huy tho" and "NGUYEN HUY THO"; public JSON masks numbers; the review
 * queue decided (both kinds, accept and reject, scope, a second decision refused); pledges edited,
 * deleted, tied and untied with their rules; the review queue and the donor duplicates paged by
 * keyset, every filter walked both ways against a brute-force list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fund.h"
#include "proposal_intake.h"

static store *S;
static arena A;
static struct actor Board;              /* whole tree, every capability */
static int64_t Province, Dept, OtherDept;
static char Dir[300];

static int64_t add_unit(const char *code, const char *name, int64_t parent)
{
    int64_t id = 0;
    store_int64(S, &id, "INSERT INTO unit(parent_id, kind, name, code, name_fold, sort_key, created_at, updated_at)"
                        " VALUES (NULLIF($1, 0), 'department', $2, $3, $2, x'01', '2019-01-01', '2019-01-01') RETURNING id",
                "itt", parent, name, code);
    return id;
}

static void setup(void)
{
    char path[400], err[512];
    if (!temp_dir_make("test_fund.", Dir, sizeof Dir)) { perror("mkdtemp"); exit(1); }
    snprintf(path, sizeof path, "%s/f.db", Dir);
    S = store_open(path, err, sizeof err);
    if (!S || store_migrate(S, err, sizeof err) != STORE_OK) { printf("FAIL setup: %s\n", err); exit(1); }
    Board = actor_system;
    Province = add_unit("20", "Tỉnh", 0);
    Dept = add_unit("SYT", "Sở Y tế", Province);
    OtherDept = add_unit("SGD", "Sở Giáo dục", Province);
}

static int64_t new_fund(const char *code, int64_t owner)
{
    struct fund_input in = {.name = code, .code = code, .owner_unit_id = owner, .published = true};
    struct field_errors fe = {0};
    return fund_create(S, &A, &Board, &in, &fe);
}

static int64_t count(const char *sql, int64_t arg)
{
    int64_t n = -1;
    store_int64(S, &n, sql, "i", arg);
    return n;
}

static void test_tax_code(void)
{
    char out[15];
    const char *why;
    CHECK(donor_tax_code_check("4900101110", out, &why));
    CHECK_STR(out, "4900101110");
    CHECK(donor_tax_code_check("4900 101 110-001", out, &why));
    CHECK_STR(out, "4900101110-001");
    CHECK(!donor_tax_code_check("4900101111", out, &why));            /* check digit */
    CHECK_CONTAINS(why, "kiểm tra");
    CHECK(!donor_tax_code_check("490010111", out, &why));             /* 9 digits */
    CHECK(!donor_tax_code_check("4900101110001", out, &why));         /* branch without '-' */
    CHECK(!donor_tax_code_check("49001O1110", out, &why));            /* a letter O */
}

/* The example published with github.com/subiz/vietqr (120,000 đồng to Vietinbank 0011001932418,
 * "ủng hộ lũ lụt"): the payload and its CRC-16/CCITT-FALSE, C15C. */
static void test_vietqr(void)
{
    CHECK_STR(vietqr_payload(&A, "970415", "0011001932418", 120000, "ủng hộ lũ lụt"),
              "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813"
              "ung ho lu lut6304C15C");
    CHECK_INT(vietqr_crc16("123456789", 9), 0x29B1);                 /* the CRC's check value */
    const char *stat = vietqr_payload(&A, "970418", "1261122666", 0, NULL);
    CHECK(stat && strstr(stat, "010211") == stat + 6);               /* no amount: static code */
    CHECK(stat && !strstr(stat, "5406"));
    CHECK(vietqr_payload(&A, "97041", "1261122666", 0, NULL) == NULL);
    CHECK(vietqr_payload(&A, "970418", "12611 22666", 0, NULL) == NULL);
}

static void test_profile_parse(void)
{
    struct statement_profile p;
    const char *why = NULL;
    CHECK(statement_profile_parse(&A, "head=2,tail=0,date=1,time=2,amount=4,message=3,header=0", &p, &why) == false);
    CHECK(statement_profile_parse(&A, "head=3,tail=0,date=1,time=2,amount=3,message=4,header=0", &p, &why));
    CHECK_INT(p.head, 3);
    CHECK(!p.header);
    CHECK(!statement_profile_parse(&A, "head=3,date=1", &p, &why));
    CHECK_CONTAINS(why, "amount");
    CHECK(!statement_profile_parse(&A, "head=3,colour=1", &p, &why));
    CHECK_CONTAINS(why, "colour");
}

static int import(int64_t fund, const char *name, const char *csv, int year, struct statement_result *res)
{
    struct field_errors fe = {0};
    int rc = statement_import(S, &A, &Board, fund, statement_profile_find("saoke"), year, name, csv, strlen(csv), 0, NULL,
                              NULL, NULL, res, &fe);
    return rc < 0 || fe.n ? -1 : 0;
}

static void test_import(void)
{
    int64_t f = new_fund("IMP", Province);
    struct statement_result res;
    /* twins (same time and amount, different senders), a message with commas, no final newline */
    const char *csv = "date,bank,id,money,desc,page\n"
                      "10/09 0:54:05,BIDV,1,100000,NGUYEN VAN AN chuyen tien,_\n"
                      "10/09 0:54:05,BIDV,2,100000,TRAN THI BINH chuyen tien,_\n"
                      "10/09 00:54:05,BIDV,3,100000,TRAN THI BINH chuyen tien,_\n"
                      "11/09 10:00:00,BIDV,4,2500000,LE VAN CUONG ung ho, chia se, mien Bac,_";
    CHECK_INT(import(f, "a.csv", csv, 2024, &res), 0);
    CHECK(res.rep.written);
    CHECK_INT(res.fresh, 4);
    CHECK_INT(res.sum_fresh, 2800000);
    char *msg = NULL;
    store_text(S, &msg, &A, "SELECT message FROM donation WHERE fund_id = $1 AND amount = 2500000", "i", f);
    CHECK_STR(msg, "LE VAN CUONG ung ho, chia se, mien Bac");
    /* the same file again: nothing */
    CHECK_INT(import(f, "a.csv", csv, 2024, &res), 0);
    CHECK(!res.rep.written);
    CHECK_INT(res.already, 4);
    CHECK_INT(count("SELECT count(*) FROM donation WHERE fund_id = $1", f), 4);
    /* a broken line: the report names it, nothing is written */
    const char *broken = "date,bank,id,money,desc,page\n"
                         "12/09 08:00:00,BIDV,1,300000,PHAM VAN DUNG chuyen tien,_\n"
                         "12/09 08:01:00,BIDV,2,3O0000,HOANG THI EM chuyen tien,_\n"
                         "12/09 08:02:00,BIDV\n";
    CHECK_INT(import(f, "broken.csv", broken, 2024, &res), 0);
    CHECK(!res.rep.written);
    CHECK_INT(res.rep.rejected, 2);
    CHECK_INT(res.rep.lines[1].line, 3);
    CHECK_STR(res.rep.lines[1].field, "amount");
    CHECK_CONTAINS(res.rep.lines[2].message, "cần ít nhất 6");
    CHECK_INT(count("SELECT count(*) FROM donation WHERE fund_id = $1", f), 4);
    /* no year and no --year: every line says so */
    CHECK_INT(import(f, "noyear.csv", "date,bank,id,money,desc,page\n13/09 08:00:00,BIDV,1,300000,X,_\n", 0, &res), 0);
    CHECK(!res.rep.written);
    CHECK_CONTAINS(res.rep.lines[0].message, "--year");
    /* gzip is recognised by its bytes: a damaged one is refused as a whole */
    CHECK_INT(import(f, "bad.gz", "\x1f\x8b\x08\x00garbage", 2024, &res), 0);
    CHECK(res.rep.fatal != NULL);
}

/* The same transfers published again in another spelling: masked account, 00:54:05 vs 0:54:05,
 * other message text. Each counts once; twins pair in order and go to review. */
static void test_overlap(void)
{
    int64_t f = new_fund("OVL", Province);
    struct statement_result res;
    const char *first = "date,bank,id,money,desc,page\n"
                        "10/09 00:54:05,BIDV,548,100000,TKThe :0001151002176 tai MSCBVNVX. VU THI THUY LINH chuyen tien,_\n"
                        "10/09 00:54:10,BIDV,549,10000000,TKThe :182225558888 tai TCB. LE THI TRANG TIEN UNG HO,_\n"
                        "10/09 01:00:00,BIDV,550,50000,1261122666 NGUYEN VAN A,_\n"
                        "10/09 01:00:00,BIDV,551,50000,1261122666 NGUYEN VAN B,_\n";
    const char *second = "date,bank,id,money,desc,page\n"
                         "10/09 0:54:05,BIDV,2,100000,0001151002xxx TKThe :0001151002xxx tai MSCBVNVX. VU THI THUY LINH chuyen tien -B2B,_\n"
                         "10/09 0:54:10,BIDV,3,10000000,182225558xxx TKThe :182225558xxx tai TCB. LE THI TRANG TIEN UNG HO FT24,_\n"
                         "10/09 1:00:00,BIDV,4,50000,1261122666 NGUYEN VAN A chuyen tien,_\n"
                         "10/09 1:00:00,BIDV,5,50000,1261122666 NGUYEN VAN B chuyen tien,_\n"
                         "10/09 1:00:00,BIDV,6,50000,1261122666 NGUYEN VAN C chuyen tien,_\n"
                         "13/09 9:00:00,BIDV,7,200000,DO VAN G,_\n";
    CHECK_INT(import(f, "1-12.csv", first, 2024, &res), 0);
    CHECK_INT(res.fresh, 4);
    CHECK_INT(import(f, "10-17.csv", second, 2024, &res), 0);
    CHECK(res.rep.written);
    CHECK_INT(res.matched, 4);
    CHECK_INT(res.fresh, 2);               /* a third 1:00:00 gift, and 13/09 */
    CHECK_INT(res.uncertain, 2);           /* the twins of 1:00:00 */
    CHECK_INT(count("SELECT count(*) FROM donation WHERE fund_id = $1", f), 6);
    CHECK_INT(count("SELECT count(*) FROM fund_review WHERE fund_id = $1 AND kind = 'statement_match'", f), 2);
    /* both files again: nothing at all */
    CHECK_INT(import(f, "10-17.csv", second, 2024, &res), 0);
    CHECK(!res.rep.written);
    CHECK_INT(import(f, "1-12.csv", first, 2024, &res), 0);
    CHECK(!res.rep.written);
    CHECK_INT(count("SELECT count(*) FROM donation WHERE fund_id = $1", f), 6);
}

static int64_t donor(const char *kind, const char *name, const char *tax, bool confirmed, bool anonymous)
{
    struct donor_input in = {.kind = kind, .name = name, .tax_code = tax, .identity_confirmed = confirmed, .anonymous = anonymous};
    struct field_errors fe = {0};
    int64_t id = donor_create(S, &A, &Board, &in, &fe);
    if (id <= 0) printf("     donor %s: %s\n", name, fe.n ? fe.items[0].value : "store");
    return id;
}

static void give(int64_t fund, int64_t who, int64_t amount, const char *on)
{
    struct donation_input in = {.fund_id = fund, .donor_id = who, .amount = amount, .given_on = on, .channel = "transfer"};
    struct field_errors fe = {0};
    CHECK(donation_add(S, &A, &Board, &in, &fe) > 0);
}

static void test_tiers(void)
{
    int64_t f = new_fund("TIER", Province);
    struct field_errors fe = {0};
    struct fund_tier t50 = {.fund_id = f, .threshold = 50000000, .label = "Biển ủng hộ"};
    struct fund_tier t500 = {.fund_id = f, .threshold = 500000000, .label = "Bằng khen", .form_code = "BK_CT_UBND_TINH"};
    int64_t id50 = fund_tier_add(S, &A, &Board, &t50, &fe), id500 = fund_tier_add(S, &A, &Board, &t500, &fe);
    CHECK(id50 > 0 && id500 > 0);
    t50.id = id50;
    t500.id = id500;
    int64_t exact = donor("enterprise", "Công ty A", "4900101110", true, false);
    int64_t several = donor("enterprise", "Công ty B", "4900102121", true, false);
    int64_t below = donor("enterprise", "Công ty C", "4900103132", true, false);
    int64_t unconfirmed = donor("enterprise", "Công ty D", "4900104143", false, false);
    int64_t anon = donor("individual", "Nguyễn Văn Ẩn", NULL, false, true);
    give(f, exact, 500000000, "2019-08-20");
    give(f, several, 200000000, "2019-08-20");
    give(f, several, 300000000, "2019-09-01");
    give(f, below, 499999999, "2019-08-20");
    give(f, unconfirmed, 600000000, "2019-08-21");
    give(f, anon, 50000000, "2019-08-22");
    struct tier_qualifier *q;
    int n;
    CHECK_INT(tier_qualifiers(S, &A, &t500, &q, &n), 0);
    CHECK_INT(n, 3);                                  /* exact, several, unconfirmed; not 499,999,999 */
    bool saw_several = false;
    for (int i = 0; i < n; i++) {
        CHECK(q[i].donor_id != below);
        if (q[i].donor_id == several) { saw_several = true; CHECK_INT(q[i].gifts, 2); CHECK_INT(q[i].total, 500000000); }
    }
    CHECK(saw_several);
    CHECK_INT(tier_qualifiers(S, &A, &t50, &q, &n), 0);
    CHECK_INT(n, 5);
    bool saw_anon = false;
    for (int i = 0; i < n; i++)
        if (q[i].donor_id == anon) { saw_anon = true; CHECK_STR(q[i].public_name, "Nhà hảo tâm ẩn danh"); CHECK(q[i].subject_key == NULL); }
    CHECK(saw_anon);
    /* a reversed gift no longer counts */
    int64_t gift = 0;
    store_int64(S, &gift, "SELECT id FROM donation WHERE donor_id = $1", "i", exact);
    CHECK_INT(donation_reverse(S, &A, &Board, gift, "25/08/2019", "Chuyển nhầm, ngân hàng hoàn trả", &fe), 1);
    CHECK_INT(tier_qualifiers(S, &A, &t500, &q, &n), 0);
    CHECK_INT(n, 2);
    /* proposals: confirmed identities only, once */
    int created, existing, skipped;
    CHECK_INT(tier_propose(S, &A, &Board, id500, 2019, &created, &existing, &skipped, &fe), 1);
    CHECK_INT(created, 1);
    CHECK_INT(skipped, 1);
    struct proposal_intake *rows;
    int nr;
    CHECK_INT(proposal_intake_list(S, &A, "pending", "fund_tier", &rows, &nr), 0);
    CHECK_INT(nr, 1);
    if (nr == 1) {
        CHECK_STR(rows[0].subject_key, "tax:4900102121");
        CHECK_STR(rows[0].form_code, "BK_CT_UBND_TINH");
        CHECK_STR(rows[0].achievement, arena_printf(&A, "fund:%lld/tier:%lld/2019", (long long)f, (long long)id500));
        CHECK_INT(rows[0].amount, 500000000);
    }
    CHECK_INT(tier_propose(S, &A, &Board, id500, 2019, &created, &existing, &skipped, &fe), 1);
    CHECK_INT(created, 0);
    CHECK_INT(existing, 1);
    /* a tier without a form has nothing to propose */
    CHECK_INT(tier_propose(S, &A, &Board, id50, 2019, &created, &existing, &skipped, &fe), 0);
}

static void test_donors(void)
{
    struct field_errors fe = {0};
    int64_t a = donor("enterprise", "Công ty Cổ phần Đá Đồng Mỏ", "4900105154", true, false);
    /* the same tax code again: refused, naming the first */
    struct donor_input dup = {.kind = "enterprise", .name = "Cty Đá Đồng Mỏ", .tax_code = "4900105154"};
    CHECK_INT(donor_create(S, &A, &Board, &dup, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "tax_code"), "đã thuộc");
    fe.n = 0;
    struct donor_input bad = {.kind = "enterprise", .name = "Công ty X", .tax_code = "123"};
    CHECK_INT(donor_create(S, &A, &Board, &bad, &fe), 0);
    CHECK(ferr_get(&fe, "tax_code") != NULL);
    /* the same folded name: a duplicate candidate; the merge moves the gifts and keeps the record */
    struct donor_input no_tax = {.kind = "enterprise", .name = "CONG TY CO PHAN DA DONG MO"};
    fe.n = 0;
    CHECK_INT(donor_create(S, &A, &Board, &no_tax, &fe), 0);      /* an enterprise needs its tax code */
    CHECK(ferr_get(&fe, "tax_code") != NULL);
    int64_t b = donor("organisation", "CONG TY CO PHAN DA DONG MO", NULL, false, false);
    struct donor_duplicate *d;
    int n;
    CHECK_INT(donor_duplicates(S, &A, b, &d, &n), 0);
    CHECK_INT(n, 1);
    if (n) CHECK_INT(d[0].id, a);
    int64_t f = new_fund("MERGE", Province);
    give(f, b, 70000000, "2019-09-01");
    fe.n = 0;
    struct actor scoped = {9, "canbo.syt", CAP_BIT(CAP_FUND_WRITE), Dept, false};
    CHECK_INT(donor_merge(S, &A, &scoped, b, a, &fe), 0);           /* only the Board merges */
    fe.n = 0;
    CHECK_INT(donor_merge(S, &A, &Board, b, a, &fe), 1);
    CHECK_INT(count("SELECT count(*) FROM donation WHERE donor_id = $1", a), 1);
    struct donor got;
    CHECK_INT(donor_get(S, &A, b, &got), 1);
    CHECK_INT(got.merged_into, a);
    CHECK_INT(count("SELECT count(*) FROM audit_log WHERE entity = 'donor' AND action = 'merge' AND entity_id = $1", a), 1);
}

static void test_scope(void)
{
    struct field_errors fe = {0};
    struct actor syt = {9, "baocao.syt", CAP_BIT(CAP_FUND_WRITE), Dept, false};
    struct actor viewer = {10, "xem", 0, Province, false};
    int64_t province_fund = new_fund("PROV", Province);
    struct fund_disbursement out = {.fund_id = province_fund, .amount = 1000, .paid_on = "01/10/2019", .payee = "Xã Mẫu Sơn", .purpose = "Làm đường"};
    CHECK_INT(fund_disburse(S, &A, &syt, &out, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    fe.n = 0;
    CHECK_INT(fund_disburse(S, &A, &viewer, &out, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    /* the department's own fund: its officer manages it, the other department's does not */
    fe.n = 0;
    struct fund_input in = {.name = "Quỹ Sở Y tế", .owner_unit_id = 0};
    int64_t own = fund_create(S, &A, &syt, &in, &fe);
    CHECK(own > 0);
    struct fund f;
    CHECK_INT(fund_get(S, &A, own, &f), 1);
    CHECK_INT(f.owner_unit_id, Dept);
    out.fund_id = own;
    CHECK(fund_disburse(S, &A, &syt, &out, &fe) > 0);
    struct actor sgd = {11, "canbo.sgd", CAP_BIT(CAP_FUND_WRITE), OtherDept, false};
    fe.n = 0;
    CHECK_INT(fund_disburse(S, &A, &sgd, &out, &fe), 0);
    struct fund_input elsewhere = {.name = "Quỹ của sở khác", .owner_unit_id = OtherDept};
    fe.n = 0;
    CHECK_INT(fund_create(S, &A, &syt, &elsewhere, &fe), 0);
    struct fund_totals t;
    CHECK_INT(fund_totals_get(S, own, &t), 0);
    CHECK_INT(t.disbursed, 1000);
}

static void test_search(void)
{
    int64_t f = new_fund("SRCH", Province);
    int64_t tho = donor("individual", "Nguyễn Huy Thọ", NULL, false, false);
    give(f, tho, 2000000, "2024-09-12");
    struct statement_result res;
    CHECK_INT(import(f, "s.csv",
                     "date,bank,id,money,desc,page\n"
                     "12/09 08:00:00,BIDV,1,300000,PHAM VAN DUNG 0912345678 chuyen tien CCD036056000355,_\n"
                     "12/09 08:01:00,BIDV,2,100000,TRAN THI HOA ung ho,_\n"
                     "13/09 08:01:00,BIDV,3,500000,NGUYEN HUY THONG ung ho,_\n", 2024, &res), 0);
    const char *queries[] = {"nguyen huy tho", "NGUYEN HUY THO", "Nguyễn Huy Thọ"};
    for (size_t i = 0; i < countof(queries); i++) {
        struct donation_query q = {.fund_id = f};
        const char *why;
        CHECK(donation_query_parse(&A, queries[i], &q, &why));
        struct donation *v;
        int n;
        bool more;
        CHECK_INT(donation_search(S, &A, &q, &v, &n, &more), 0);
        bool found = false;
        for (int k = 0; k < n; k++) found |= v[k].donor_id == tho;
        CHECK(found);
    }
    /* amount and range, date */
    struct donation_query q = {.fund_id = f};
    const char *why;
    CHECK(donation_query_parse(&A, "100000-300000 12/09/2024", &q, &why));
    CHECK_INT(q.min_amount, 100000);
    CHECK_INT(q.max_amount, 300000);
    CHECK_STR(q.from, "2024-09-12");
    struct donation *v;
    int n;
    bool more;
    CHECK_INT(donation_search(S, &A, &q, &v, &n, &more), 0);
    CHECK_INT(n, 2);
    CHECK(!donation_query_parse(&A, "500000-100000", &q, &why));
    /* paging without a count */
    struct donation_query all = {.fund_id = f, .limit = 2};
    CHECK_INT(donation_search(S, &A, &all, &v, &n, &more), 0);
    CHECK_INT(n, 2);
    CHECK(more);
    all.before_id = v[1].id;
    CHECK_INT(donation_search(S, &A, &all, &v, &n, &more), 0);
    CHECK_INT(n, 2);
    CHECK(!more);
    /* public JSON masks the phone and citizen ID numbers in the message */
    struct donation_query dung = {.fund_id = f, .words = "pham van dung"};
    CHECK_INT(donation_search(S, &A, &dung, &v, &n, &more), 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        json_t *o = donation_json(&v[0], true);
        const char *m = json_string_value(json_object_get(o, "message"));
        CHECK(m && !strstr(m, "0912345678") && !strstr(m, "036056000355"));
        CHECK_CONTAINS(m, "0912***678");
        json_decref(o);
    }
}

/* A pledge with its due date; donations against it count as received, a reversed one does not. */
static void test_pledges(void)
{
    int64_t f = new_fund("PLEDGE", Province);
    int64_t who = donor("enterprise", "Công ty cam kết", "4900106165", true, false);
    struct field_errors fe = {0};
    struct pledge p = {.fund_id = f, .donor_id = who, .amount = 300000000, .pledged_on = "19/08/2019", .due_on = "30/09/2019"};
    int64_t pid = pledge_add(S, &A, &Board, &p, &fe);
    CHECK(pid > 0);
    struct pledge late = {.fund_id = f, .donor_id = who, .amount = 1, .pledged_on = "19/08/2019", .due_on = "18/08/2019"};
    CHECK_INT(pledge_add(S, &A, &Board, &late, &fe), 0);
    CHECK(ferr_get(&fe, "due_on") != NULL);
    fe.n = 0;
    struct donation_input in = {.fund_id = f, .donor_id = who, .pledge_id = pid, .amount = 100000000, .given_on = "01/09/2019",
                                .channel = "transfer"};
    int64_t d1 = donation_add(S, &A, &Board, &in, &fe);
    in.amount = 50000000;
    int64_t d2 = donation_add(S, &A, &Board, &in, &fe);
    CHECK(d1 > 0 && d2 > 0);
    CHECK_INT(donation_reverse(S, &A, &Board, d2, "05/09/2019", "Hoàn trả", &fe), 1);
    int64_t other = donor("individual", "Người khác", NULL, false, false);
    in.donor_id = other;
    CHECK_INT(donation_add(S, &A, &Board, &in, &fe), 0);          /* a pledge of another donor */
    CHECK(ferr_get(&fe, "pledge") != NULL);
    struct pledge *v;
    int n;
    CHECK_INT(pledge_list(S, &A, f, &v, &n), 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(v[0].received, 100000000);
        CHECK_STR(v[0].due_on, "2019-09-30");
    }
}

/* The review queue decided: both kinds, accept and reject, each with its consequence on the
 * donations (and so on totals and tiers); only the fund's managers decide; a decided item is
 * refused a second decision, with nothing written. */
static int64_t review_of(int64_t fund, const char *kind, int nth)
{
    int64_t id = 0;
    store_int64(S, &id, "SELECT id FROM fund_review WHERE fund_id = $1 AND kind = $2 ORDER BY id LIMIT 1 OFFSET $3", "iti",
                fund, kind, (int64_t)nth);
    return id;
}

static void test_review(void)
{
    int64_t f = new_fund("REV", Province);
    struct field_errors fe = {0};
    struct fund_tier t = {.fund_id = f, .threshold = 200000, .label = "Ghi nhận"};
    t.id = fund_tier_add(S, &A, &Board, &t, &fe);
    CHECK(t.id > 0);
    int64_t khanh = donor("individual", "Phạm Quốc Khánh", NULL, false, false);
    int64_t thuong = donor("individual", "Đỗ Thị Hoài Thương", NULL, false, false);
    struct statement_result res;
    const char *first = "date,bank,id,money,desc,page\n"
                        "10/09 01:00:00,BIDV,1,50000,1261122666 LE VAN HAI,_\n"
                        "10/09 01:00:00,BIDV,2,50000,1261122666 LE VAN BA,_\n"
                        "11/09 08:00:00,BIDV,3,200000,PHAM QUOC KHANH chuyen tien ung ho,_\n"
                        "11/09 09:00:00,BIDV,4,300000,DO THI HOAI THUONG chuyen tien ung ho,_\n";
    const char *second = "date,bank,id,money,desc,page\n"
                         "10/09 1:00:00,BIDV,7,50000,1261122666 LE VAN HAI chuyen tien,_\n"
                         "10/09 1:00:00,BIDV,8,50000,1261122666 LE VAN BA chuyen tien,_\n";
    CHECK_INT(import(f, "1-12.csv", first, 2024, &res), 0);
    CHECK_INT(res.donor_reviews, 2);
    CHECK_INT(import(f, "10-17.csv", second, 2024, &res), 0);
    CHECK_INT(res.uncertain, 2);
    struct review_page pg;
    struct review_filter open = {.fund_id = f, .state = REVIEW_OPEN}, all = {.fund_id = f, .state = REVIEW_ALL};
    CHECK_INT(fund_review_page(S, &A, &open, &pg), 0);
    CHECK_INT(pg.n, 4);
    int64_t m1 = review_of(f, "statement_match", 0), m2 = review_of(f, "statement_match", 1);
    int64_t d1 = review_of(f, "donor_match", 0), d2 = review_of(f, "donor_match", 1);
    struct fund_review_item it;
    CHECK_INT(fund_review_get(S, &A, m2, &it), 1);
    CHECK_STR(it.line_message, "1261122666 LE VAN BA chuyen tien");   /* the line's own words, kept */
    CHECK_STR(it.line_statement, "10-17.csv");
    CHECK_STR(it.donation_statement, "1-12.csv");
    CHECK_CONTAINS(it.note, "ghép");
    struct fund_totals before;
    CHECK_INT(fund_totals_get(S, f, &before), 0);
    CHECK_INT(before.donations, 4);

    /* only the fund's managers decide */
    struct actor syt = {9, "baocao.syt", CAP_BIT(CAP_FUND_WRITE), Dept, false};
    struct actor viewer = {10, "xem", 0, Province, false};
    CHECK_INT(fund_review_decide(S, &A, &syt, m1, true, NULL, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    fe.n = 0;
    CHECK_INT(fund_review_decide(S, &A, &viewer, m1, false, NULL, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    fe.n = 0;
    CHECK_INT(count("SELECT count(*) FROM fund_review WHERE fund_id = $1 AND state <> 'open'", f), 0);
    CHECK_INT(fund_review_decide(S, &A, &Board, 999999, true, NULL, NULL, &fe), 0);
    CHECK(ferr_get(&fe, "review") != NULL);
    fe.n = 0;

    /* statement match accepted: the same transfer, still counted once */
    int64_t made = -1;
    CHECK_INT(fund_review_decide(S, &A, &Board, m1, true, "Cùng người chuyển, cùng giờ", &made, &fe), 1);
    CHECK_INT(made, 0);
    struct fund_totals after;
    CHECK_INT(fund_totals_get(S, f, &after), 0);
    CHECK_INT(after.donations, 4);
    /* statement match rejected: the line becomes its own donation, counted */
    CHECK_INT(fund_review_decide(S, &A, &Board, m2, false, NULL, &made, &fe), 1);
    CHECK(made > 0);
    CHECK_INT(fund_totals_get(S, f, &after), 0);
    CHECK_INT(after.donations, 5);
    CHECK_INT(after.donated, before.donated + 50000);
    struct donation nd;
    CHECK_INT(donation_get(S, &A, made, &nd), 1);
    CHECK_STR(nd.message, "1261122666 LE VAN BA chuyen tien");
    CHECK_STR(nd.given_time, "01:00:00");
    CHECK_INT(count("SELECT donation_id FROM donation_line WHERE id = $1", it.line_id), made);
    CHECK_INT(fund_review_get(S, &A, m2, &it), 1);
    CHECK_STR(it.state, "rejected");
    CHECK_INT(it.result_donation_id, made);
    CHECK_STR(it.decided_by, Board.login);
    /* the same file again still adds nothing: the line is known, now as its own donation */
    CHECK_INT(import(f, "10-17.csv", second, 2024, &res), 0);
    CHECK(!res.rep.written);

    /* a second decision is refused and writes nothing */
    int64_t audits = count("SELECT count(*) FROM audit_log WHERE entity = 'fund_review' AND entity_id <> $1", 0);
    CHECK_INT(audits, 2);
    CHECK_INT(fund_review_decide(S, &A, &Board, m2, true, NULL, &made, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "state"), "một lần");
    fe.n = 0;
    CHECK_INT(fund_review_decide(S, &A, &Board, m1, false, NULL, &made, &fe), 0);
    CHECK(ferr_get(&fe, "state") != NULL);
    fe.n = 0;
    CHECK_INT(count("SELECT count(*) FROM donation WHERE fund_id = $1", f), 5);
    CHECK_INT(count("SELECT count(*) FROM audit_log WHERE entity = 'fund_review' AND entity_id <> $1", 0), audits);

    /* donor match accepted: the gift is the donor's and reaches the tier; rejected: unattributed */
    struct tier_qualifier *q;
    int nq;
    CHECK_INT(tier_qualifiers(S, &A, &t, &q, &nq), 0);
    CHECK_INT(nq, 0);
    CHECK_INT(fund_review_get(S, &A, d1, &it), 1);
    CHECK_INT(it.donor_id, khanh);
    CHECK_STR(it.donor_name, "Phạm Quốc Khánh");
    CHECK_INT(fund_review_decide(S, &A, &Board, d1, true, NULL, NULL, &fe), 1);
    CHECK_INT(count("SELECT donor_id FROM donation WHERE id = $1", it.donation_id), khanh);
    CHECK_INT(fund_review_get(S, &A, d2, &it), 1);
    CHECK_INT(it.donor_id, thuong);
    CHECK_INT(fund_review_decide(S, &A, &Board, d2, false, "Người khác trùng tên", NULL, &fe), 1);
    CHECK_INT(count("SELECT count(*) FROM donation WHERE id = $1 AND donor_id IS NULL", it.donation_id), 1);
    CHECK_INT(tier_qualifiers(S, &A, &t, &q, &nq), 0);
    CHECK_INT(nq, 1);
    if (nq == 1) { CHECK_INT(q[0].donor_id, khanh); CHECK_INT(q[0].total, 200000); }
    CHECK_INT(fund_review_page(S, &A, &open, &pg), 0);
    CHECK_INT(pg.n, 0);
    CHECK_INT(fund_review_page(S, &A, &all, &pg), 0);
    CHECK_INT(pg.n, 4);
    CHECK_INT(count("SELECT count(*) FROM audit_log WHERE entity = 'fund_review' AND entity_id <> $1", 0), 4);
}

/* A pledge edited, deleted, tied and untied (pledge.c): the amount never below what was received
 * (the refusal names the sum and writes nothing), the donor kept while gifts are tied, a gift of
 * another donor refused and one without a donor attributed by the tie and given back by the
 * untie, deletion refused while something is received and allowed once only reversed gifts
 * remain (untied with it), overdue following the edits, the fund's managers only, every write
 * audited. */
static void test_pledge_edit(void)
{
    int64_t f = new_fund("PLEDGE-EDIT", Dept);
    int64_t who = donor("enterprise", "Công ty sửa cam kết", "0100109106", true, false);
    int64_t other = donor("individual", "Người ngoài cam kết", NULL, false, false);
    struct field_errors fe = {0};
    struct pledge in = {.fund_id = f, .donor_id = who, .amount = 300000000, .pledged_on = "01/08/2019", .due_on = "30/08/2019"};
    int64_t pid = pledge_add(S, &A, &Board, &in, &fe);
    CHECK(pid > 0);
    struct donation_input gift = {.fund_id = f, .donor_id = who, .pledge_id = pid, .amount = 120000000, .given_on = "20/08/2019",
                                  .channel = "transfer"};
    int64_t d1 = donation_add(S, &A, &Board, &gift, &fe);
    CHECK(d1 > 0);
    struct pledge p;
    CHECK_INT(pledge_get(S, &A, pid, &p), 1);
    CHECK_INT(p.received, 120000000);
    CHECK_INT(p.gifts, 1);
    CHECK(pledge_overdue(&p, "2019-09-01"));
    int64_t audits = count("SELECT count(*) FROM audit_log WHERE entity = 'pledge' AND entity_id = $1", pid);

    /* below what was received: refused, named, nothing written */
    struct pledge change = p;
    change.amount = 100000000;
    CHECK_INT(pledge_update(S, &A, &Board, pid, &change, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "amount"), "120.000.000 đồng");
    CHECK_INT(count("SELECT amount FROM pledge WHERE id = $1", pid), 300000000);
    /* another donor while a gift is tied: refused */
    fe.n = 0;
    change = p;
    change.donor_id = other;
    CHECK_INT(pledge_update(S, &A, &Board, pid, &change, &fe), 0);
    CHECK(ferr_get(&fe, "donor") != NULL);
    /* not the fund's manager: refused */
    fe.n = 0;
    struct actor sgd = {11, "canbo.sgd", CAP_BIT(CAP_FUND_WRITE), OtherDept, false};
    change = p;
    change.amount = 130000000;
    CHECK_INT(pledge_update(S, &A, &sgd, pid, &change, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    CHECK_INT(pledge_delete(S, &A, &sgd, pid, &fe), 0);
    CHECK_INT(count("SELECT count(*) FROM audit_log WHERE entity = 'pledge' AND entity_id = $1", pid), audits);
    /* met exactly, with a later due date (ISO as stored is read back too): overdue follows */
    fe.n = 0;
    change = p;
    change.amount = 120000000;
    change.due_on = "2019-12-31";
    CHECK_INT(pledge_update(S, &A, &Board, pid, &change, &fe), 1);
    CHECK_INT(pledge_get(S, &A, pid, &p), 1);
    CHECK_STR(p.due_on, "2019-12-31");
    CHECK(!pledge_overdue(&p, "2020-01-15"));            /* nothing left to receive */
    change = p;
    change.amount = 150000000;
    CHECK_INT(pledge_update(S, &A, &Board, pid, &change, &fe), 1);
    CHECK_INT(pledge_get(S, &A, pid, &p), 1);
    CHECK(!pledge_overdue(&p, "2019-12-31"));
    CHECK(pledge_overdue(&p, "2020-01-01"));
    CHECK_INT(count("SELECT count(*) FROM audit_log WHERE entity = 'pledge' AND action = 'update' AND entity_id = $1", pid), 2);

    /* ties */
    gift.pledge_id = 0;
    gift.donor_id = other;
    int64_t d_other = donation_add(S, &A, &Board, &gift, &fe);
    CHECK_INT(pledge_tie(S, &A, &Board, pid, d_other, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "donation"), "Người ngoài cam kết");
    fe.n = 0;
    gift.donor_id = 0;
    gift.amount = 30000000;
    int64_t d_nobody = donation_add(S, &A, &Board, &gift, &fe);
    CHECK(d_nobody > 0);
    CHECK_INT(pledge_tie(S, &A, &Board, pid, d_nobody, &fe), 1);
    CHECK_INT(count("SELECT donor_id FROM donation WHERE id = $1", d_nobody), who);
    CHECK_INT(pledge_get(S, &A, pid, &p), 1);
    CHECK_INT(p.received, 150000000);
    CHECK_INT(pledge_tie(S, &A, &Board, pid, d_nobody, &fe), 0);          /* twice */
    fe.n = 0;
    int64_t elsewhere = new_fund("PLEDGE-ELSEWHERE", Dept);
    gift.fund_id = elsewhere;
    int64_t d_far = donation_add(S, &A, &Board, &gift, &fe);
    CHECK_INT(pledge_tie(S, &A, &Board, pid, d_far, &fe), 0);             /* another fund's gift */
    CHECK(ferr_get(&fe, "donation") != NULL);
    fe.n = 0;
    /* delete refused while something is received */
    CHECK_INT(pledge_delete(S, &A, &Board, pid, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "pledge"), "150.000.000 đồng (2 khoản)");
    fe.n = 0;
    /* untie gives the donor-less gift back; a reversed gift does not count and goes with the pledge */
    CHECK_INT(pledge_untie(S, &A, &Board, pid, d_nobody, &fe), 1);
    CHECK_INT(count("SELECT count(*) FROM donation WHERE id = $1 AND donor_id IS NULL AND pledge_id IS NULL", d_nobody), 1);
    CHECK_INT(pledge_untie(S, &A, &Board, pid, d_nobody, &fe), 0);        /* not tied any more */
    fe.n = 0;
    CHECK_INT(donation_reverse(S, &A, &Board, d1, "25/08/2019", "Ngân hàng hoàn trả", &fe), 1);
    CHECK_INT(pledge_get(S, &A, pid, &p), 1);
    CHECK_INT(p.received, 0);
    CHECK_INT(pledge_tie(S, &A, &Board, pid, d1, &fe), 0);                /* tied already, and reversed */
    fe.n = 0;
    CHECK_INT(pledge_delete(S, &A, &Board, pid, &fe), 1);
    CHECK_INT(count("SELECT count(*) FROM pledge WHERE id = $1", pid), 0);
    CHECK_INT(count("SELECT count(*) FROM donation WHERE id = $1 AND pledge_id IS NULL", d1), 1);
    CHECK_INT(count("SELECT count(*) FROM audit_log WHERE entity = 'pledge' AND action IN ('tie', 'untie', 'delete') AND entity_id = $1",
                    pid), 3);
}

/* Walks a keyset-paged list forward then backward, comparing each page with the brute-force
 * order `want[0..nwant)`; `page` reads one page into ids/n and the two flags. */
typedef int (*page_fn)(void *ctx, int64_t after_cursor, int64_t before_cursor, int64_t *ids, int *n, bool *before, bool *after);

static void check_keyset(void *ctx, page_fn page, const int64_t *want, int nwant, int limit)
{
    int64_t ids[64];
    int n, seen = 0, pages = 0;
    bool more_before, more_after = true;
    int64_t cursor = 0;
    int64_t firsts[64];
    while (more_after && pages < 60) {
        CHECK_INT(page(ctx, cursor, 0, ids, &n, &more_before, &more_after), 0);
        CHECK(more_before == (pages > 0));
        for (int i = 0; i < n && seen + i < nwant; i++) CHECK_INT(ids[i], want[seen + i]);
        firsts[pages++] = n ? ids[0] : 0;
        seen += n;
        if (n) cursor = ids[n - 1];
        if (more_after) CHECK_INT(n, limit);
    }
    CHECK_INT(seen, nwant);
    /* backward from the last page's first item: the same pages again */
    for (int p = pages - 2; p >= 0; p--) {
        CHECK_INT(page(ctx, 0, firsts[p + 1], ids, &n, &more_before, &more_after), 0);
        CHECK_INT(n, limit);
        CHECK(more_after);
        CHECK(more_before == (p > 0));
        if (n) CHECK_INT(ids[0], firsts[p]);
    }
}

struct review_ctx { int64_t fund; const char *kind; enum review_state state; int limit; int64_t total; };

static int review_ids(void *ctx, int64_t after, int64_t before, int64_t *ids, int *n, bool *more_before, bool *more_after)
{
    struct review_ctx *c = ctx;
    struct review_filter f = {.fund_id = c->fund, .kind = c->kind, .state = c->state, .after = after, .before = before, .limit = c->limit};
    struct review_page pg;
    if (fund_review_page(S, &A, &f, &pg) < 0) return -1;
    for (int i = 0; i < pg.n; i++) ids[i] = pg.items[i].id;
    *n = pg.n;
    *more_before = pg.more_before;
    *more_after = pg.more_after;
    c->total = pg.total;
    return 0;
}

/* The review queue paged by keyset: every filter (kind, state) walked forward and back equals the
 * brute-force list, the totals count them all, and a page link stays right while items before it
 * are decided. */
static void test_review_paging(void)
{
    int64_t f = new_fund("REV-PAGES", Province);
    for (int i = 0; i < 137; i++)
        store_exec(S, "INSERT INTO fund_review(fund_id, kind, note, state, created_at) VALUES ($1, $2, 'thử', $3, '2024-09-10')", "itt",
                   f, i % 3 ? "statement_match" : "donor_match", i % 5 == 0 ? "accepted" : i % 7 == 0 ? "rejected" : "open");
    const char *kinds[] = {NULL, "statement_match", "donor_match"};
    const enum review_state states[] = {REVIEW_OPEN, REVIEW_DECIDED, REVIEW_ALL};
    for (int k = 0; k < 3; k++)
        for (int st = 0; st < 3; st++) {
            int64_t want[200];
            int nwant = 0;
            stmt *q = store_query(S, "SELECT id FROM fund_review WHERE fund_id = $1 AND ($2 = '' OR kind = $2) AND"
                                     " ($3 = 'all' OR ($3 = 'open') = (state = 'open')) ORDER BY id", "itt",
                                  f, kinds[k] ? kinds[k] : "", fund_review_state_name(states[st]));
            while (q && stmt_step(q) == STORE_ROW) want[nwant++] = stmt_int64(q, 0);
            stmt_finalize(q);
            CHECK(nwant > 7);
            struct review_ctx c = {f, kinds[k], states[st], 7, 0};
            check_keyset(&c, review_ids, want, nwant, 7);
            CHECK_INT(c.total, nwant);
        }
    struct review_filter open = {.fund_id = f, .state = REVIEW_OPEN, .limit = 10};
    struct review_page p1, p2, again;
    CHECK_INT(fund_review_page(S, &A, &open, &p1), 0);
    CHECK_INT(p1.open, count("SELECT count(*) FROM fund_review WHERE fund_id = $1 AND state = 'open'", f));
    open.after = p1.items[9].id;
    CHECK_INT(fund_review_page(S, &A, &open, &p2), 0);
    store_exec(S, "UPDATE fund_review SET state = 'accepted' WHERE id IN ($1, $2)", "ii", p1.items[0].id, p1.items[9].id);
    CHECK_INT(fund_review_page(S, &A, &open, &again), 0);
    CHECK_INT(again.n, p2.n);
    for (int i = 0; i < p2.n && i < again.n; i++) CHECK_INT(again.items[i].id, p2.items[i].id);
    CHECK_INT(again.open, p1.open - 2);
    /* past the end: an empty page that knows a page comes before it */
    open.after = 1000000;
    CHECK_INT(fund_review_page(S, &A, &open, &again), 0);
    CHECK_INT(again.n, 0);
    CHECK(again.more_before && !again.more_after);
}

struct pair_ctx { const char *rule; int limit; int64_t total; int64_t first_b[64]; };

/* Pairs as one number each (a * 100000 + b) so check_keyset compares them; the cursor back to
 * the two ids. */
static int pair_ids(void *ctx, int64_t after, int64_t before, int64_t *ids, int *n, bool *more_before, bool *more_after)
{
    struct pair_ctx *c = ctx;
    struct pair_filter f = {.rule = c->rule, .after_a = after / 100000, .after_b = after % 100000, .before_a = before / 100000,
                            .before_b = before % 100000, .limit = c->limit};
    struct pair_page pg;
    if (donor_duplicate_page(S, &A, &f, &pg) < 0) return -1;
    for (int i = 0; i < pg.n; i++) ids[i] = pg.items[i].a.id * 100000 + pg.items[i].b.id;
    *n = pg.n;
    *more_before = pg.more_before;
    *more_after = pg.more_after;
    c->total = pg.total;
    return 0;
}

/* Duplicate donors paged by keyset over (first id, second id), by rule: the same pairs as a
 * brute-force self-join, none lost at page edges where one donor opens several pairs. */
static void test_duplicate_paging(void)
{
    for (int i = 0; i < 9; i++) {                      /* three spellings of nine names: three pairs each */
        char name[64];
        snprintf(name, sizeof name, "Trần Văn Trùng %c", 'A' + i);
        donor("individual", name, NULL, false, false);
        snprintf(name, sizeof name, "TRAN VAN TRUNG %c", 'A' + i);
        donor("individual", name, NULL, false, false);
        snprintf(name, sizeof name, "tran van trung %c", 'a' + i);
        donor("individual", name, NULL, false, false);
    }
    for (int i = 0; i < 4; i++)                         /* same account, different names */
        store_exec(S, "INSERT INTO donor(kind, name, name_fold, account_no, created_at) VALUES ('individual', $1, $1, '0011223344', '2024-01-01')",
                   "t", i == 0 ? "tk mot" : i == 1 ? "tk hai" : i == 2 ? "tk ba" : "tk bon");
    const char *rules[] = {NULL, "name", "account", "tax"};
    for (int r = 0; r < 4; r++) {
        int64_t want[400];
        int nwant = 0;
        stmt *q = store_query(S, "SELECT d.id * 100000 + o.id, CASE WHEN o.tax_code = d.tax_code THEN 'tax' WHEN o.account_no = d.account_no"
                                 " THEN 'account' ELSE 'name' END FROM donor d JOIN donor o ON o.id > d.id AND o.merged_into IS NULL"
                                 " AND (o.tax_code = d.tax_code OR o.account_no = d.account_no OR o.name_fold = d.name_fold)"
                                 " WHERE d.merged_into IS NULL ORDER BY d.id, o.id", "");
        while (q && stmt_step(q) == STORE_ROW)
            if (!rules[r] || str_eq(stmt_text(q, 1), rules[r])) want[nwant++] = stmt_int64(q, 0);
        stmt_finalize(q);
        struct pair_ctx c = {.rule = rules[r], .limit = 4};
        if (nwant) check_keyset(&c, pair_ids, want, nwant, 4);
        if (nwant) CHECK_INT(c.total, nwant);
        if (r == 1) CHECK(nwant >= 27);
        if (r == 2) CHECK_INT(nwant, 6);
    }
    int64_t a, b;
    CHECK(donor_pair_cursor_read("12-345", &a, &b) && a == 12 && b == 345);
    CHECK(!donor_pair_cursor_read("345-12", &a, &b));
    CHECK(!donor_pair_cursor_read("12", &a, &b));
    CHECK(!donor_pair_cursor_read("-5", &a, &b));
}

int main(void)
{
    setup();
    RUN(test_tax_code);
    RUN(test_vietqr);
    RUN(test_profile_parse);
    RUN(test_import);
    RUN(test_overlap);
    RUN(test_tiers);
    RUN(test_donors);
    RUN(test_scope);
    RUN(test_search);
    RUN(test_pledges);
    RUN(test_review);
    RUN(test_pledge_edit);
    RUN(test_review_paging);
    RUN(test_duplicate_paging);
    arena_free(&A);
    store_close(S);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", Dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", Dir);
    return check_done();
}
