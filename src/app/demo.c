/* demo.c: the demo database for `make demo` and the browser tests: Lạng Sơn province as in the
 * 2019 seed document — its departments, mass organisations, the provincial city and ten
 * districts that existed until 30/6/2025, some communes and wards before and after the 2025
 * reorganisation (with their succession), a hospital, schools, demo enterprises — its emulation
 * blocks with 2019 heads and deputies, and one user per role (password printed at init).
 * Everything is written through the unit and block functions, so the demo also exercises them.
 *
 * Sources for the facts: unit codes of the province (20), the city (178) and districts
 * (180–189) and the 2019 communes are the national administrative codes; the 1/7/2025
 * communes follow Nghị quyết 1672/NQ-UBTVQH15 (composition of xã Lộc Bình and xã Mẫu Sơn from
 * its published text; the four wards of Lạng Sơn city from a secondary source [verify]). Only
 * the predecessors present in the demo are linked: e.g. phường Kỳ Lừa also took in communes of
 * Cao Lộc district that the demo does not list. The departments' merger date (1/3/2025) is
 * [verify]. Enterprises are fictional and say so in their names; their tax codes are valid in
 * form and check digit only. Block memberships and 2019 heads/deputies are illustrative. */
#include "demo.h"

#include <string.h>

#include "award_flow_demo.h"
#include "award_subject.h"
#include "block.h"
#include "campaign.h"
#include "fund.h"
#include "unit.h"
#include "user.h"

/* Creates a demo user through user_create (user.c), so the demo passes the checks every user
 * passes; 0 with a message in err. */
static int64_t demo_user_create(store *s, int64_t actor, const char *login, const char *name, int64_t unit_id,
                                const char *role, const char *password, char *err, size_t errlen)
{
    arena a = {0};
    char *actor_login = NULL;
    if (actor) store_text(s, &actor_login, &a, "SELECT login FROM app_user WHERE id=$1", "i", actor);
    /* The demo writes as the program itself, or as the named demo user with the same powers:
     * the data it makes is the province's, not one unit's. */
    struct actor as = actor_system;
    if (actor) { as.user_id = actor; as.login = actor_login; }
    struct user_input in = {.login = login, .name = name, .role = role, .password = password,
                            .unit = arena_printf(&a, "id:%lld", (long long)unit_id), .disabled = -1,
                            .must_change = -1};
    struct field_errors fe = {0};
    int64_t id = user_create(s, &a, &as, &in, &fe);
    if (id < 0 && !fe.n) ferr_add(&fe, "_", store_errmsg(s));
    if (id < 0) id = 0;
    if (!id) {
        buf b = {0};
        for (int i = 0; i < fe.n; i++)
            buf_printf(&b, "%s%s: %s", i ? "; " : "", fe.items[i].name, fe.items[i].value);
        snprintf(err, errlen, "%s", fe.n ? buf_str(&b) : "không tạo được người dùng");
        buf_free(&b);
    }
    arena_free(&a);
    return id;
}

#define DEMO_PASSWORD "thidua-demo-2019"
#define DEMO_ACTOR "demo"
#define NQ_1672 "Nghị quyết 1672/NQ-UBTVQH15"

static const struct { const char *login, *name, *role, *unit_code; } demo_users[] = {
    {"admin", "Quản trị hệ thống", "admin", "20"},
    {"canbo.ban", "Trần Văn Ba", "officer", "BTDKT"},
    {"baocao.soyte", "Nguyễn Thị Hoa", "reporter", "SYT"},
    {"hoidong", "Hoàng Văn Nghiệm", "council", "20"},
    {"xem", "Lương Thị Xem", "viewer", "20"},
};

/* key: a handle for this table (the unit's code when it has one); parent: a key above. */
static const struct demo_unit {
    const char *key, *parent, *kind, *name, *short_name, *code, *tax_code, *valid_to, *note;
} units[] = {
    {"20", NULL, "province", "Tỉnh Lạng Sơn", "Lạng Sơn", "20", NULL, NULL, NULL},
    /* departments and agencies */
    {"VPUBND", "20", "department", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "VPUBND", NULL, NULL, NULL},
    {"SNV", "20", "department", "Sở Nội vụ", "SNV", "SNV", NULL, NULL, NULL},
    {"BTDKT", "SNV", "agency", "Ban Thi đua – Khen thưởng", "Ban TĐKT", "BTDKT", NULL, NULL,
     "Cơ quan thường trực của Hội đồng Thi đua – Khen thưởng tỉnh."},
    {"STC", "20", "department", "Sở Tài chính", "STC", "STC", NULL, NULL, NULL},
    {"SKHDT", "20", "department", "Sở Kế hoạch và Đầu tư", "SKHĐT", "SKHDT", NULL, NULL, NULL},
    {"SGDDT", "20", "department", "Sở Giáo dục và Đào tạo", "SGDĐT", "SGDDT", NULL, NULL, NULL},
    {"SYT", "20", "department", "Sở Y tế", "SYT", "SYT", NULL, NULL, NULL},
    {"SGTVT", "20", "department", "Sở Giao thông vận tải", "SGTVT", "SGTVT", NULL, NULL, NULL},
    {"SXD", "20", "department", "Sở Xây dựng", "SXD", "SXD", NULL, NULL, NULL},
    {"STP", "20", "department", "Sở Tư pháp", "STP", "STP", NULL, NULL, NULL},
    {"SVHTTDL", "20", "department", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "SVHTTDL", NULL, NULL, NULL},
    {"CAT", "20", "agency", "Công an tỉnh", NULL, "CAT", NULL, NULL, NULL},
    {"TTPVHCC", "20", "agency", "Trung tâm Phục vụ hành chính công tỉnh", NULL, "TTPVHCC", NULL, NULL, NULL},
    {"BVDK", "SYT", "hospital", "Bệnh viện Đa khoa tỉnh Lạng Sơn", "BVĐK tỉnh", "BVDK", NULL, NULL,
     "Quy mô 700 giường; đưa vào hoạt động là một chỉ tiêu của đợt thi đua năm 2019."},
    {"THPTCCVA", "SGDDT", "school", "Trường Trung học phổ thông Chuyên Chu Văn An", "THPT Chuyên Chu Văn An", "THPTCCVA", NULL, NULL, NULL},
    {"THPTVB", "SGDDT", "school", "Trường Trung học phổ thông Việt Bắc", "THPT Việt Bắc", "THPTVB", NULL, NULL, NULL},
    /* mass organisations */
    {"MTTQ", "20", "mass_org", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQ tỉnh", "MTTQ", NULL, NULL, NULL},
    {"TDOAN", "20", "mass_org", "Tỉnh đoàn Lạng Sơn", NULL, "TDOAN", NULL, NULL, NULL},
    {"HLHPN", "20", "mass_org", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh", "HLHPN", NULL, NULL, NULL},
    {"HND", "20", "mass_org", "Hội Nông dân tỉnh", NULL, "HND", NULL, NULL, NULL},
    {"LDLD", "20", "mass_org", "Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh", "LDLD", NULL, NULL, NULL},
    {"HHDN", "20", "mass_org", "Hiệp hội Doanh nghiệp tỉnh Lạng Sơn", NULL, "HHDN", NULL, NULL, NULL},
    /* the provincial city and the ten districts, until the district level ended */
    {"178", "20", "city", "Thành phố Lạng Sơn", NULL, "178", NULL, "2025-06-30", NULL},
    {"180", "20", "district", "Huyện Tràng Định", NULL, "180", NULL, "2025-06-30", NULL},
    {"181", "20", "district", "Huyện Bình Gia", NULL, "181", NULL, "2025-06-30", NULL},
    {"182", "20", "district", "Huyện Văn Lãng", NULL, "182", NULL, "2025-06-30", NULL},
    {"183", "20", "district", "Huyện Cao Lộc", NULL, "183", NULL, "2025-06-30", NULL},
    {"184", "20", "district", "Huyện Văn Quan", NULL, "184", NULL, "2025-06-30", NULL},
    {"185", "20", "district", "Huyện Bắc Sơn", NULL, "185", NULL, "2025-06-30", NULL},
    {"186", "20", "district", "Huyện Hữu Lũng", NULL, "186", NULL, "2025-06-30", NULL},
    {"187", "20", "district", "Huyện Chi Lăng", NULL, "187", NULL, "2025-06-30", NULL},
    {"188", "20", "district", "Huyện Lộc Bình", NULL, "188", NULL, "2025-06-30", NULL},
    {"189", "20", "district", "Huyện Đình Lập", NULL, "189", NULL, "2025-06-30", NULL},
    /* some 2019 communes and wards; the reorganisation below ends them on 30/6/2025 */
    {"05971", "178", "ward", "Phường Hoàng Văn Thụ", NULL, "05971", NULL, NULL, NULL},
    {"05974", "178", "ward", "Phường Tam Thanh", NULL, "05974", NULL, NULL, NULL},
    {"05977", "178", "ward", "Phường Vĩnh Trại", NULL, "05977", NULL, NULL, NULL},
    {"05980", "178", "ward", "Phường Đông Kinh", NULL, "05980", NULL, NULL, NULL},
    {"05983", "178", "ward", "Phường Chi Lăng", NULL, "05983", NULL, NULL, NULL},
    {"05986", "178", "commune", "Xã Hoàng Đồng", NULL, "05986", NULL, NULL, NULL},
    {"QL", "178", "commune", "Xã Quảng Lạc", NULL, NULL, NULL, NULL, NULL},
    {"MP", "178", "commune", "Xã Mai Pha", NULL, NULL, NULL, NULL, NULL},
    {"TTCL", "183", "commune", "Thị trấn Cao Lộc", NULL, NULL, NULL, NULL, NULL},
    {"06529", "188", "commune", "Thị trấn Lộc Bình", NULL, "06529", NULL, NULL, NULL},
    {"06532", "188", "commune", "Xã Mẫu Sơn", NULL, "06532", NULL, NULL, NULL},
    {"06541", "188", "commune", "Xã Yên Khoái", NULL, "06541", NULL, NULL, NULL},
    {"06544", "188", "commune", "Xã Khánh Xuân", NULL, "06544", NULL, NULL, NULL},
    {"06547", "188", "commune", "Xã Tú Mịch", NULL, "06547", NULL, NULL, NULL},
    {"06550", "188", "commune", "Xã Hữu Khánh", NULL, "06550", NULL, NULL, NULL},
    {"06553", "188", "commune", "Xã Đồng Bục", NULL, "06553", NULL, NULL, NULL},
    /* demo enterprises (fictional) */
    {"DN1", "20", "enterprise", "Công ty TNHH Thương mại và Dịch vụ Kỳ Lừa (dữ liệu mẫu)", NULL, NULL, "4999900173", NULL,
     "Doanh nghiệp hư cấu, chỉ dùng để minh hoạ."},
    {"DN2", "20", "enterprise", "Công ty Cổ phần Chè Mẫu Sơn (dữ liệu mẫu)", NULL, NULL, "4999900247", NULL,
     "Doanh nghiệp hư cấu, chỉ dùng để minh hoạ."},
    {"DN3", "20", "enterprise", "Công ty TNHH Xuất nhập khẩu Tân Thanh (dữ liệu mẫu)", NULL, NULL, "4999900310", NULL,
     "Doanh nghiệp hư cấu, chỉ dùng để minh hoạ."},
    {"DN3CN", "DN3", "enterprise", "Chi nhánh Hữu Lũng – Công ty TNHH Xuất nhập khẩu Tân Thanh (dữ liệu mẫu)", NULL, NULL,
     "4999900310-001", NULL, "Chi nhánh hư cấu: mã số thuế 13 số của chi nhánh."},
};

/* Reorganisations, applied after the units exist: sources (keys) → an existing unit or a new one. */
static const struct demo_reorg {
    const char *sources[6];
    const char *into;                        /* existing successor key, or NULL */
    const char *new_kind, *new_name;         /* new successor directly under the province */
    const char *effective, *legal_basis;
} reorgs[] = {
    {{"SKHDT"}, "STC", NULL, NULL, "2025-03-01", NULL},
    {{"SGTVT"}, "SXD", NULL, NULL, "2025-03-01", NULL},
    {{"05974", "05986"}, NULL, "ward", "Phường Tam Thanh", "2025-07-01", NQ_1672},
    {{"05983", "QL"}, NULL, "ward", "Phường Lương Văn Tri", "2025-07-01", NQ_1672},
    {{"05977", "05980", "MP"}, NULL, "ward", "Phường Đông Kinh", "2025-07-01", NQ_1672},
    {{"05971", "TTCL"}, NULL, "ward", "Phường Kỳ Lừa", "2025-07-01", NQ_1672},
    {{"06529", "06544", "06553", "06550"}, NULL, "commune", "Xã Lộc Bình", "2025-07-01", NQ_1672},
    {{"06532", "06541", "06547"}, NULL, "commune", "Xã Mẫu Sơn", "2025-07-01", NQ_1672},
};

static const struct demo_block {
    const char *name, *kind;
    const char *members[12];
    const char *head, *deputy;               /* 2019 */
    const char *left_on;                     /* members leave on this date (districts), or NULL */
} blocks[] = {
    {"Khối các cơ quan tổng hợp", "khoi", {"VPUBND", "SNV", "STC", "SKHDT", "STP"}, "STC", "SNV", NULL},
    {"Khối văn hóa – xã hội", "khoi", {"SGDDT", "SYT", "SVHTTDL"}, "SGDDT", "SYT", NULL},
    {"Cụm thi đua các huyện, thành phố", "cum",
     {"178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189"}, "178", "186", "2025-06-30"},
};

static int64_t ids[countof(units)];

/* The demo's writer: the program itself (actor_system: every capability, the whole tree),
 * recorded in the audit log as "demo" so the demo data stays recognisable there. */
static struct actor demo_actor(void)
{
    struct actor ac = actor_system;
    ac.login = DEMO_ACTOR;
    return ac;
}

static int64_t id_of(const char *key)
{
    for (size_t i = 0; i < countof(units); i++)
        if (str_eq(units[i].key, key)) return ids[i];
    return 0;
}

static void log_errors(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) log_error("demo %s: %s: %s", what, fe->items[i].name, fe->items[i].value);
}

static int demo_units(store *s, arena *a)
{
    const struct actor demo = demo_actor();
    for (size_t i = 0; i < countof(units); i++) {
        const struct demo_unit *d = &units[i];
        struct unit_input in = {
            .kind = d->kind, .name = d->name, .short_name = d->short_name, .code = d->code, .tax_code = d->tax_code,
            .valid_to = d->valid_to, .note = d->note, .set_parent = true, .parent_id = d->parent ? id_of(d->parent) : 0,
        };
        struct field_errors fe = {0};
        ids[i] = unit_create(s, a, &demo, &in, &fe);
        if (ids[i] <= 0) {
            log_errors(d->name, &fe);
            return -1;
        }
    }
    return 0;
}

/* After the blocks: a reorganisation also ends the merged units' block memberships. */
static int demo_reorganise(store *s, arena *a)
{
    const struct actor demo = demo_actor();
    for (size_t i = 0; i < countof(reorgs); i++) {
        const struct demo_reorg *g = &reorgs[i];
        int64_t src[6], into[1];
        int ns = 0;
        for (; ns < 6 && g->sources[ns]; ns++) src[ns] = id_of(g->sources[ns]);
        struct unit_input created = {.kind = g->new_kind, .name = g->new_name, .set_parent = true, .parent_id = id_of("20")};
        if (g->into) into[0] = id_of(g->into);
        struct unit_reorg op = {"merge", src, ns, into, g->into ? 1 : 0, &created, g->into ? 0 : 1, g->effective,
                                g->legal_basis};
        struct unit_reorg_result res;
        struct field_errors fe = {0};
        if (unit_reorganise(s, a, &demo, &op, &fe, &res) != 1) {
            log_errors(g->new_name ? g->new_name : g->into, &fe);
            return -1;
        }
    }
    return 0;
}

static int demo_blocks(store *s, arena *a)
{
    const struct actor demo = demo_actor();
    for (size_t i = 0; i < countof(blocks); i++) {
        const struct demo_block *b = &blocks[i];
        struct field_errors fe = {0};
        int64_t id = block_create(s, a, &demo, b->name, b->kind,
                                  "Dữ liệu mẫu: thành phần, trưởng khối và phó khối năm 2019 chỉ để minh hoạ.", &fe);
        if (id <= 0) { log_errors(b->name, &fe); return -1; }
        for (int m = 0; m < 12 && b->members[m]; m++)
            if (block_member_add(s, a, &demo, id, id_of(b->members[m]), NULL, &fe) <= 0) {
                log_errors(b->name, &fe);
                return -1;
            }
        if (block_leader_set(s, a, &demo, id, 2019, id_of(b->head), id_of(b->deputy), &fe) <= 0) {
            log_errors(b->name, &fe);
            return -1;
        }
        for (int m = 0; b->left_on && m < 12 && b->members[m]; m++)
            if (block_member_remove(s, a, &demo, id, id_of(b->members[m]), b->left_on, &fe) <= 0) {
                log_errors(b->name, &fe);
                return -1;
            }
    }
    return 0;
}

int demo_populate(store *s)
{
    arena a = {0};
    int rc = -1;
    if (store_begin(s) != STORE_OK) return -1;
    if (demo_units(s, &a) != 0 || demo_blocks(s, &a) != 0 || demo_reorganise(s, &a) != 0) goto out;
    const struct actor demo = demo_actor();
    if (campaign_demo_load(s, &a, &demo) != 0) goto out;   /* the seed's campaign (src/campaign/campaign_demo.c) */
    if (fund_demo_load(s, &a) != 0) goto out;   /* fund/fund_demo.c */
    for (size_t i = 0; i < countof(demo_users); i++) {
        char err[256];
        if (!demo_user_create(s, 0, demo_users[i].login, demo_users[i].name, id_of(demo_users[i].unit_code),
                              demo_users[i].role, DEMO_PASSWORD, err, sizeof err)) {
            log_error("demo user %s: %s", demo_users[i].login, err);
            goto out;
        }
    }
    if (award_rules_demo_load(s) != 0) goto out;   /* commendation subjects and history (src/award) */
    if (award_flow_demo_load(s) != 0) goto out;
    rc = store_commit(s) == STORE_OK ? 0 : -1;
out:
    if (rc) store_rollback(s);
    arena_free(&a);
    return rc;
}

void demo_print_logins(FILE *out)
{
    fprintf(out, "demo logins (password for all: %s):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < countof(demo_users); i++)
        fprintf(out, "  %-14s %s\n", demo_users[i].login, demo_users[i].role);
}
