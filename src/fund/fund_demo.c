/* fund_demo.c: the demo funds of `thidua init --demo`, loaded by app/demo.c inside its
 * transaction, through the same domain functions as everything else:
 *  - "Quỹ xây dựng đường giao thông nông thôn năm 2019" for the seed's campaign: 35 enterprises
 *    and units (illustrative names, marked "dữ liệu mẫu") giving just over 14 billion đồng from
 *    10/8/2019; 10 enterprises at 500 million or more (tax codes confirmed), tiers at 50 and 500
 *    million, and the 500-million tier's Bằng khen proposals handed to commendation;
 *  - "Quỹ cứu trợ đồng bào bị ảnh hưởng bão Yagi (sao kê mẫu)", loaded from the committed
 *    samples of the public statements (tests/fixtures/statements, compiled into the binary). */
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "fund.h"

#define DEMO_MARK " (dữ liệu mẫu)"

static const struct demo_gift {
    const char *name, *kind, *tax_code, *unit_code;
    bool confirmed, anonymous, no_honour;
    int64_t millions[3];          /* up to three gifts, in millions of đồng */
    const char *channel, *in_kind;
} gifts[] = {
    /* the ten enterprises at 500 million or more (the Chairman's Bằng khen) */
    {"Công ty Cổ phần Xây dựng Giao thông Xứ Lạng" DEMO_MARK, "enterprise", "4900101110", NULL, true, false, false, {1500, 1000}, "transfer", NULL},
    {"Công ty TNHH Xuất nhập khẩu Đồng Đăng" DEMO_MARK, "enterprise", "4900102121", NULL, true, false, false, {2000}, "transfer", NULL},
    {"Công ty Cổ phần Xi măng Hữu Lũng" DEMO_MARK, "enterprise", "4900103132", NULL, true, false, false, {1200}, "in_kind",
     "Xi măng PCB40, 800 tấn (giá trị quy đổi)"},
    {"Ngân hàng TMCP Biên Cương – Chi nhánh Lạng Sơn" DEMO_MARK, "enterprise", "4900104143", NULL, true, false, false, {1000, 500}, "transfer", NULL},
    {"Công ty TNHH Thương mại Tân Thanh" DEMO_MARK, "enterprise", "4900105154", NULL, true, false, false, {1000}, "transfer", NULL},
    {"Công ty Cổ phần Khoáng sản Lộc Bình" DEMO_MARK, "enterprise", "4900106165", NULL, true, false, false, {1000}, "transfer", NULL},
    {"Công ty Điện lực Xứ Lạng" DEMO_MARK, "enterprise", "4900107176", NULL, true, false, false, {800}, "transfer", NULL},
    {"Công ty Cổ phần Chè Mẫu Sơn Xanh" DEMO_MARK, "enterprise", "4900108187", NULL, true, false, false, {700}, "transfer", NULL},
    /* exactly 500 million, in one gift and in two */
    {"Công ty TNHH Vận tải Kỳ Lừa" DEMO_MARK, "enterprise", "4900109198", NULL, true, false, false, {500}, "transfer", NULL},
    {"Công ty Cổ phần Dịch vụ Cửa khẩu Chi Ma" DEMO_MARK, "enterprise", "4900110203", NULL, true, false, false, {300, 200}, "transfer", NULL},
    /* 50 million and more: donation boards at the ceremony */
    {"Công ty TNHH Gạch ngói Cao Lộc" DEMO_MARK, "enterprise", "4900111214", NULL, false, false, false, {300}, "transfer", NULL},
    {"Hợp tác xã Hồi Văn Quan" DEMO_MARK, "organisation", NULL, NULL, false, false, false, {250}, "transfer", NULL},
    {"Công ty TNHH Gỗ Bình Gia" DEMO_MARK, "enterprise", "4900112225", NULL, false, false, false, {200}, "cash", NULL},
    {"Sở Giao thông vận tải", "unit", NULL, "SGTVT", true, false, false, {200}, "transfer", NULL},
    {"Doanh nghiệp không nêu tên" DEMO_MARK, "enterprise", "4900113236", NULL, true, true, false, {150}, "transfer", NULL},
    {"Sở Xây dựng", "unit", NULL, "SXD", true, false, false, {150}, "transfer", NULL},
    {"Công ty Cổ phần Du lịch Mẫu Sơn" DEMO_MARK, "enterprise", "4900114247", NULL, false, false, false, {120}, "transfer", NULL},
    {"Hiệp hội Doanh nghiệp tỉnh Lạng Sơn", "unit", NULL, "HHDN", true, false, false, {100}, "transfer", NULL},
    {"Liên đoàn Lao động tỉnh", "unit", NULL, "LDLD", true, false, false, {100}, "cash", NULL},
    {"Công ty TNHH Nông sản Tràng Định" DEMO_MARK, "enterprise", "4900115258", NULL, false, false, true, {100}, "transfer", NULL},
    {"Công ty TNHH Cơ khí Đình Lập" DEMO_MARK, "enterprise", "4900116269", NULL, false, false, false, {100}, "transfer", NULL},
    {"Sở Tài chính", "unit", NULL, "STC", true, false, false, {80}, "transfer", NULL},
    {"Công ty TNHH Bao bì Chi Lăng" DEMO_MARK, "enterprise", "4900118280", NULL, false, false, false, {70}, "transfer", NULL},
    {"Sở Y tế", "unit", NULL, "SYT", true, false, false, {60}, "cash", NULL},
    {"Công ty TNHH Thực phẩm Bắc Sơn" DEMO_MARK, "enterprise", "4900119291", NULL, false, false, false, {50}, "transfer", NULL},
    {"Sở Giáo dục và Đào tạo", "unit", NULL, "SGDDT", true, false, false, {25, 25}, "transfer", NULL},
    {"Hộ kinh doanh Hoàng Văn Lộc" DEMO_MARK, "household", NULL, NULL, false, false, false, {50}, "cash", NULL},
    /* below 50 million */
    {"Công ty TNHH In Lạng Sơn" DEMO_MARK, "enterprise", "4900120307", NULL, false, false, false, {45}, "transfer", NULL},
    {"Công an tỉnh", "unit", NULL, "CAT", true, false, false, {40}, "transfer", NULL},
    {"Tỉnh đoàn Lạng Sơn", "unit", NULL, "TDOAN", true, false, false, {30}, "cash", NULL},
    {"Hội Nông dân tỉnh", "unit", NULL, "HND", true, false, false, {30}, "cash", NULL},
    {"Công ty TNHH May Văn Lãng" DEMO_MARK, "enterprise", "4900121318", NULL, false, false, false, {25}, "transfer", NULL},
    {"Hội Liên hiệp Phụ nữ tỉnh", "unit", NULL, "HLHPN", true, false, false, {20}, "cash", NULL},
    {"Trường Trung học phổ thông Việt Bắc", "unit", NULL, "THPTVB", true, false, false, {20}, "cash", NULL},
    {"Bệnh viện Đa khoa tỉnh Lạng Sơn", "unit", NULL, "BVDK", true, false, false, {15}, "cash", NULL},
};

static int64_t unit_by_code(store *s, const char *code)
{
    int64_t id = 0;
    return code && store_int64(s, &id, "SELECT id FROM unit WHERE code = $1", "t", code) == 1 ? id : 0;
}

static void log_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) log_error("fund demo %s: %s: %s", what, fe->items[i].name, fe->items[i].value);
}

static int road_fund(store *s, arena *a, const struct actor *ac)
{
    struct field_errors fe = {0};
    struct fund_input in = {
        .code = "GTNT-2019", .name = "Quỹ xây dựng đường giao thông nông thôn năm 2019",
        .purpose = "Vận động doanh nghiệp, đơn vị trong và ngoài tỉnh ủng hộ phong trào làm đường giao thông nông thôn trong "
                   "chương trình xây dựng nông thôn mới (hưởng ứng phong trào thi đua phát động ngày 19/8/2019). Dữ liệu mẫu: "
                   "tên và số tiền của từng nhà tài trợ chỉ để minh hoạ.",
        .campaign_ref = "code:CD-2019-HVT", .period_from = "2019-08-10", .period_to = "2019-12-31",
        .owner_unit_id = unit_by_code(s, "20"), .target_amount = 14000000000LL, .published = true,
    };
    int64_t fund = fund_create(s, a, ac, &in, &fe);
    if (fund <= 0) { log_fe("road fund", &fe); return -1; }
    struct fund_account acc = {.fund_id = fund, .bank_bin = "970418", .bank_name = "BIDV – Chi nhánh Lạng Sơn",
                               .account_no = "8800201908", .account_name = "Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn" DEMO_MARK};
    if (fund_account_add(s, a, ac, &acc, &fe) <= 0) { log_fe("account", &fe); return -1; }
    const struct fund_tier tiers[] = {
        {.fund_id = fund, .threshold = 50000000, .label = "Trao biển ủng hộ tại Lễ phát động",
         .basis = "Kế hoạch tổ chức Lễ phát động ngày 19/8/2019: tiếp nhận biển ủng hộ của các cơ quan, doanh nghiệp ủng hộ "
                  "từ 50 triệu đồng trở lên"},
        {.fund_id = fund, .threshold = 500000000, .label = "Bằng khen của Chủ tịch UBND tỉnh", .form_code = "BK_CT_UBND_TINH",
         .period_from = "2019-01-01", .period_to = "2019-12-31",
         .basis = "Chủ tịch UBND tỉnh tặng Bằng khen doanh nghiệp ủng hộ từ 500 triệu đồng trở lên năm 2019"},
    };
    int64_t bk_tier = 0;
    for (size_t i = 0; i < countof(tiers); i++) {
        int64_t id = fund_tier_add(s, a, ac, &tiers[i], &fe);
        if (id <= 0) { log_fe("tier", &fe); return -1; }
        if (tiers[i].form_code) bk_tier = id;
    }
    int day = 10, month = 8;
    for (size_t i = 0; i < countof(gifts); i++) {
        const struct demo_gift *g = &gifts[i];
        struct donor_input d = {.kind = g->kind, .name = g->name, .tax_code = g->tax_code, .unit_id = unit_by_code(s, g->unit_code),
                                .anonymous = g->anonymous, .no_honour = g->no_honour, .identity_confirmed = g->confirmed};
        int64_t donor = donor_create(s, a, ac, &d, &fe);
        if (donor <= 0) { log_fe(g->name, &fe); return -1; }
        for (int k = 0; k < 3 && g->millions[k]; k++) {
            const char *on = arena_printf(a, "2019-%02d-%02d", month, day);
            if (++day > 30) { day = 1; month++; }
            struct donation_input dn = {
                .fund_id = fund, .donor_id = donor, .amount = g->millions[k] * 1000000, .given_on = on,
                .channel = g->channel, .in_kind = g->in_kind,
                .message = arena_printf(a, "%s ủng hộ xây dựng đường giao thông nông thôn", g->name),
            };
            if (donation_add(s, a, ac, &dn, &fe) <= 0) { log_fe(g->name, &fe); return -1; }
        }
    }
    struct fund_disbursement out = {.fund_id = fund, .amount = 6500000000LL, .paid_on = "2019-11-15",
                                    .payee = "UBND huyện Lộc Bình" DEMO_MARK,
                                    .purpose = "Hỗ trợ xi măng, vật liệu làm 21 km đường giao thông nông thôn",
                                    .document = "Quyết định cấp phát số 01/QĐ-MTTQ ngày 15/11/2019" DEMO_MARK};
    if (fund_disburse(s, a, ac, &out, &fe) <= 0) { log_fe("disbursement", &fe); return -1; }
    int created, existing, skipped;
    if (tier_propose(s, a, ac, bk_tier, 2019, &created, &existing, &skipped, &fe) != 1) { log_fe("proposals", &fe); return -1; }
    if (created != 10) { log_error("fund demo: %d Bằng khen proposals, want 10", created); return -1; }
    return 0;
}

static int statement_fund(store *s, arena *a, const struct actor *ac)
{
    struct field_errors fe = {0};
    struct fund_input in = {
        .code = "YAGI-2024-MAU", .name = "Quỹ cứu trợ đồng bào bị ảnh hưởng bão Yagi (sao kê mẫu)",
        .purpose = "Các dòng sao kê công khai thật (Ủy ban Trung ương MTTQ Việt Nam – BIDV, Ban Cứu trợ Trung ương – "
                   "Vietinbank, tháng 9/2024), một phần nhỏ được chọn làm mẫu: dùng để thử tra cứu sao kê.",
        .period_from = "2024-09-01", .period_to = "2024-09-30", .owner_unit_id = unit_by_code(s, "MTTQ"), .published = true,
    };
    int64_t fund = fund_create(s, a, ac, &in, &fe);
    if (fund <= 0) { log_fe("statement fund", &fe); return -1; }
    struct fund_account acc = {.fund_id = fund, .bank_bin = "970418", .bank_name = "BIDV", .account_no = "1261122666",
                               .account_name = "Ủy ban Trung ương MTTQ Việt Nam"};
    if (fund_account_add(s, a, ac, &acc, &fe) <= 0) { log_fe("account", &fe); return -1; }
    static const char *const samples[] = {
        "tests/fixtures/statements/MTTQ_BIDV_1-12.sample.csv", "tests/fixtures/statements/MTTQ_BIDV_10-17.sample.csv",
        "tests/fixtures/statements/MTTQ_BIDV_18-19.sample.csv", "tests/fixtures/statements/CTTU_Vietinbank_17.sample.csv",
    };
    for (size_t i = 0; i < countof(samples); i++) {
        const struct embedded_file *f = embedded_find(samples[i]);
        if (!f) { log_error("fund demo: %s is not compiled in", samples[i]); return -1; }
        struct statement_result res;
        const char *name = strrchr(samples[i], '/') + 1;
        if (statement_import(s, a, ac, fund, statement_profile_find("saoke"), 2024, name, f->data, f->size, 0, NULL, NULL,
                             NULL, &res, &fe) < 0 || fe.n || !res.rep.written) {
            log_fe(name, &fe);
            log_error("fund demo: %s: %s", name, res.rep.fatal ? res.rep.fatal : "not imported");
            return -1;
        }
    }
    return 0;
}

int fund_demo_load(store *s, arena *a)
{
    struct actor ac = actor_system;
    ac.login = "demo";
    return road_fund(s, a, &ac) == 0 && statement_fund(s, a, &ac) == 0 ? 0 : -1;
}
