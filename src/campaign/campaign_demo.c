/* campaign_demo.c: the seed's campaign as demo data (`thidua init --demo`, called once from
 * app/demo.c): Lạng Sơn's 60-day peak campaign of 19/08/2019 – 19/10/2019, exactly as the 2019
 * launch news item gives it — title, theme, period, both occasions, the six content groups (the
 * fifth lost its "(5)" label in the text: it is group 5) and every measurable target with its
 * comparator, value, unit and deadline, as reviewed in tests/fixtures/campaign/seed_targets.tsv
 * (test_campaign.c checks this table against that file). The text names no plan number and no
 * responsible units: the plan number stays empty; the units answering for each target and the
 * progress reports are ILLUSTRATIVE, marked so in the data and on every page, chosen to show
 * every status. Everything goes through the domain functions, so the demo exercises them. */
#include "campaign.h"
#include "news.h"
#include "scoring.h"

#include <string.h>

static const char *const seed_title =
    "Phong trào thi đua cao điểm lập thành tích chào mừng kỷ niệm 110 năm ngày sinh đồng chí Hoàng Văn Thụ "
    "(04/11/1909 - 04/11/2019), 188 năm ngày thành lập tỉnh Lạng Sơn (04/11/1831 - 04/11/2019)";
static const char *const seed_theme =
    "60 ngày đêm ra sức thi đua đoàn kết, sáng tạo, quyết tâm lập thành tích chào mừng kỷ niệm 110 năm ngày sinh "
    "đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2019) và 188 năm ngày thành lập tỉnh Lạng Sơn (04/11/1831 - 04/11/2019)";

static const struct { int number; const char *title, *note; } seed_groups[] = {
    {1, "Thi đua đẩy mạnh công tác cải cách hành chính, tăng cường kỷ luật, kỷ cương hành chính, nâng cao trách nhiệm, "
        "hiệu quả phục vụ người dân và doanh nghiệp", NULL},
    {2, "Thi đua thúc đẩy tăng trưởng kinh tế, đẩy mạnh các hoạt động xúc tiến, thu hút đầu tư", NULL},
    {3, "Đẩy mạnh phong trào thi đua sản xuất nông, lâm nghiệp, thực hiện đồng bộ các giải pháp thực hiện chương trình "
        "mục tiêu quốc gia về xây dựng nông thôn mới", NULL},
    {4, "Thực hiện có hiệu quả các chỉ tiêu, nhiệm vụ trong lĩnh vực văn hóa - xã hội", NULL},
    {5, "Thi đua xây dựng nền quốc phòng toàn dân, gắn với thế an ninh nhân dân vững mạnh, chủ động tổ chức, tham gia các "
        "hoạt động đối ngoại",
     "Trong văn bản gốc nhóm này mất nhãn \"(5)\"; theo thứ tự, đây là nhóm nội dung thứ năm."},
    {6, "Tiếp tục đẩy mạnh Phong trào thi đua “Nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng”", NULL},
};

/* The targets, as in the fixture: group, code, parent, phrase, subject, comparator, a, b, unit,
 * deadline, baseline period, accumulates, responsible unit codes (illustrative). */
static const struct seed_target {
    const char *group, *code, *parent, *phrase, *subject, *cmp, *a, *b, *unit, *deadline, *baseline;
    int accumulates;
    const char *units[3];
} seed_targets[] = {
    {"1", "1.1", NULL, "thực hiện xong việc sắp xếp các đơn vị sự nghiệp văn hóa, giáo dục, dạy nghề, xúc tiến đầu tư theo kế hoạch",
     "Sắp xếp các đơn vị sự nghiệp văn hóa, giáo dục, dạy nghề, xúc tiến đầu tư", "milestone", NULL, NULL, "việc",
     "2019-10-19", NULL, 1, {"SNV"}},
    {"1", "1.2", NULL, "Hoàn thiện, trình Trung ương Đề án sắp xếp các đơn vị hành chính cấp xã giai đoạn 2019 - 2021 trên địa bàn tỉnh",
     "Đề án sắp xếp đơn vị hành chính cấp xã 2019 - 2021 trình Trung ương", "milestone", NULL, NULL, "đề án", "2019-10-19",
     NULL, 1, {"SNV"}},
    {"1", "1.3", NULL, "trên 99% hồ sơ thủ tục hành chính tiếp nhận tại Trung tâm Phục vụ hành chính công của tỉnh được giải quyết đúng thời hạn quy định",
     "Tỉ lệ hồ sơ TTHC tại Trung tâm Phục vụ hành chính công tỉnh giải quyết đúng hạn", "gt", "99", NULL, "%",
     "2019-10-19", NULL, 0, {"TTPVHCC"}},
    {"1", "1.4", NULL, "sẵn sàng thực hiện dịch vụ công trực tuyến mức độ 3, 4 được tối thiểu 30% số thủ tục hành chính ở cấp xã",
     "Tỉ lệ TTHC cấp xã sẵn sàng cung cấp dịch vụ công trực tuyến mức độ 3, 4", "ge", "30", NULL, "%", "2019-10-19", NULL,
     1, {"VPUBND"}},
    {"2", "2.1", NULL, "trên 100 doanh nghiệp được thành lập mới và hoạt động có hiệu quả",
     "Số doanh nghiệp thành lập mới trong đợt cao điểm", "gt", "100", NULL, "doanh nghiệp", "2019-10-19", NULL, 1, {"SKHDT"}},
    {"2", "2.2", NULL, "thu ngân sách nhà nước trên địa bàn tỉnh tính đến ngày 19/10/2019 đạt 90 - 95% dự toán Hội đồng nhân dân tỉnh giao năm 2019",
     "Thu ngân sách nhà nước trên địa bàn so với dự toán HĐND tỉnh giao năm 2019", "between", "90", "95", "% dự toán",
     "2019-10-19", "Dự toán thu NSNN năm 2019 do HĐND tỉnh giao", 1, {"STC"}},
    {"2", "2.3", NULL, "hoàn thành các công việc đảm bảo mục tiêu thông xe kỹ thuật của Dự án vào cuối tháng 9/2019",
     "Thông xe kỹ thuật dự án đường cao tốc Bắc Giang - Lạng Sơn", "milestone", NULL, NULL, "mốc", "2019-09-30", NULL, 1,
     {"SGTVT"}},
    {"3", "3.1", NULL, "nêu cao trách nhiệm gương mẫu của 100% cán bộ, đảng viên tham gia quyên góp ủng hộ phong trào",
     "Tỉ lệ cán bộ, đảng viên tham gia quyên góp xây dựng đường giao thông nông thôn", "coverage", "100", NULL, "%",
     "2019-10-19", NULL, 1, {"MTTQ"}},
    {"3", "3.2", NULL, "phấn đấu đến ngày 19/10/2019, 12 xã cơ bản hoàn thành 19/19 tiêu chí chuẩn nông thôn mới",
     "Số xã cơ bản hoàn thành 19/19 tiêu chí nông thôn mới", "count_all", "12", "19", "xã", "2019-10-19", NULL, 1, {"VPUBND"}},
    {"4", "4.1", NULL, "hoàn thành việc công nhận thêm 03 trường học đạt chuẩn quốc gia",
     "Số trường học được công nhận thêm đạt chuẩn quốc gia", "ge", "3", NULL, "trường", "2019-10-19",
     "Số trường đạt chuẩn quốc gia tại ngày phát động 19/08/2019", 1, {"SGDDT"}},
    {"4", "4.2", NULL, "đưa bệnh viện Đa khoa tỉnh (700 giường) vào hoạt động cuối tháng 9/2019",
     "Bệnh viện Đa khoa tỉnh (700 giường) đi vào hoạt động", "milestone", NULL, NULL, "mốc", "2019-09-30", NULL, 1,
     {"SYT", "BVDK"}},
    {"4", "4.3", NULL, "hoàn thành việc trùng tu, tôn tạo khu lưu niệm, khuôn viên, nhà lưu niệm, tượng đài đồng chí Hoàng Văn Thụ trước ngày 30/9/2019",
     "Trùng tu, tôn tạo khu lưu niệm, nhà lưu niệm, tượng đài đồng chí Hoàng Văn Thụ", "milestone", NULL, NULL, "mốc",
     "2019-09-29", NULL, 1, {"SVHTTDL"}},
    {"5", "5.1", NULL, "làm giảm tai nạn giao thông cả 3 tiêu chí từ 5% trở lên so với cùng kỳ",
     "Tai nạn giao thông giảm cả 3 tiêu chí so với cùng kỳ", "all", NULL, NULL, "tiêu chí", "2019-10-19", NULL, 0, {"CAT"}},
    {"5", "5.1.a", "5.1", "làm giảm tai nạn giao thông cả 3 tiêu chí từ 5% trở lên so với cùng kỳ", "Số vụ tai nạn giao thông",
     "reduce_pct", "5", NULL, "vụ", "2019-10-19", "Cùng kỳ năm 2018 (19/08/2018 - 19/10/2018)", 0, {NULL}},
    {"5", "5.1.b", "5.1", "làm giảm tai nạn giao thông cả 3 tiêu chí từ 5% trở lên so với cùng kỳ",
     "Số người chết do tai nạn giao thông", "reduce_pct", "5", NULL, "người", "2019-10-19",
     "Cùng kỳ năm 2018 (19/08/2018 - 19/10/2018)", 0, {NULL}},
    {"5", "5.1.c", "5.1", "làm giảm tai nạn giao thông cả 3 tiêu chí từ 5% trở lên so với cùng kỳ",
     "Số người bị thương do tai nạn giao thông", "reduce_pct", "5", NULL, "người", "2019-10-19",
     "Cùng kỳ năm 2018 (19/08/2018 - 19/10/2018)", 0, {NULL}},
    {"6", "6.1", NULL, "100% tổ chức cơ sở đảng tổ chức học tập, quán triệt nội dung cơ bản và triển khai thực hiện Nghị quyết số 35-NQ/TW",
     "Tỉ lệ tổ chức cơ sở đảng tổ chức học tập, quán triệt Nghị quyết số 35-NQ/TW", "coverage", "100", NULL, "%",
     "2019-10-19", NULL, 1, {"SNV"}},
};

/* Illustrative progress reports: target, reporting unit, as of, value, baseline figure, decision
 * ("accept", "return" with its reason, or NULL: left waiting for the Board). On today's date they
 * give đạt (1.3, 2.1, 2.2 vượt, 2.3, 6.1), không đạt (1.4, 4.1, 5.1 through 5.1.b), chưa có số
 * liệu (the rest; 3.2 waits for the Board, 4.3 was returned); as of 20/09/2019 also đúng tiến độ
 * (1.4, 2.2) and chậm tiến độ (2.1). */
static const struct seed_report {
    const char *target, *unit, *as_of, *value, *baseline, *decision, *note;
} seed_reports[] = {
    {"1.3", "TTPVHCC", "2019-09-15", "99,2", NULL, "accept", "Số liệu minh hoạ: 1.488/1.500 hồ sơ đúng hạn."},
    {"1.3", "TTPVHCC", "2019-10-15", "99,6", NULL, "accept", "Số liệu minh hoạ."},
    {"1.4", "VPUBND", "2019-09-15", "18", NULL, "accept", "Số liệu minh hoạ."},
    {"1.4", "VPUBND", "2019-10-15", "27", NULL, "accept", "Số liệu minh hoạ."},
    {"2.1", "SKHDT", "2019-09-15", "40", NULL, "accept", "Số liệu minh hoạ."},
    {"2.1", "SKHDT", "2019-10-19", "112", NULL, "accept", "Số liệu minh hoạ."},
    {"2.2", "STC", "2019-09-15", "52", NULL, "accept", "Số liệu minh hoạ."},
    {"2.2", "STC", "2019-10-19", "96,2", NULL, "accept", "Số liệu minh hoạ."},
    {"2.3", "SGTVT", "2019-09-28", "100", NULL, "accept", "Số liệu minh hoạ: mốc thông xe kỹ thuật."},
    {"3.2", "VPUBND", "2019-10-18", "12", NULL, NULL, "Số liệu minh hoạ, chờ Ban duyệt."},
    {"4.1", "SGDDT", "2019-10-19", "2", NULL, "accept", "Số liệu minh hoạ."},
    {"4.3", "SVHTTDL", "2019-09-27", "100", NULL, "return", "Số liệu minh hoạ."},
    {"5.1.a", "CAT", "2019-10-19", "38", "42", "accept", "Số liệu minh hoạ: so với cùng kỳ năm 2018."},
    {"5.1.b", "CAT", "2019-10-19", "20", "21", "accept", "Số liệu minh hoạ: so với cùng kỳ năm 2018."},
    {"5.1.c", "CAT", "2019-10-19", "31", "36", "accept", "Số liệu minh hoạ: so với cùng kỳ năm 2018."},
    {"6.1", "SNV", "2019-09-30", "100", NULL, "accept", "Số liệu minh hoạ."},
};

static int64_t unit_by_code(store *s, const char *code)
{
    int64_t id = 0;
    return code && store_int64(s, &id, "SELECT id FROM unit WHERE code = $1", "t", code) == 1 ? id : 0;
}

static void log_fe(const char *what, const struct field_errors *fe)
{
    for (int i = 0; i < fe->n; i++) log_error("campaign demo %s: %s: %s", what, fe->items[i].name, fe->items[i].value);
}

int campaign_demo_load(store *s, arena *a, const struct actor *ac)
{
    struct field_errors fe = {0};
    struct campaign_input in = {
        .code = "CD-2019-HVT", .title = seed_title, .theme = seed_theme, .kind = "chuyen_de", .scope = "province",
        .authority = "Ủy ban nhân dân tỉnh Lạng Sơn", .launch_date = "2019-08-19", .start_date = "2019-08-19",
        .end_date = "2019-10-19", .participation = "unit_kind",
        .source = "Tin \"UBND tỉnh Lạng Sơn tổ chức Lễ phát động phong trào thi đua cao điểm …\" ngày 20/08/2019, "
                  "Trần Văn Ba (Ban TĐKT). Văn bản không nêu số kế hoạch và đơn vị chịu trách nhiệm từng chỉ tiêu: "
                  "đơn vị được giao và các báo cáo tiến độ trong dữ liệu mẫu là minh hoạ.",
    };
    int64_t cid = campaign_create(s, a, ac, &in, &fe);
    if (cid <= 0) { log_fe("create", &fe); return -1; }
    if (campaign_occasion_add(s, a, ac, cid, "ngày sinh đồng chí Hoàng Văn Thụ", "1909-11-04", 2019, &fe) <= 0 ||
        campaign_occasion_add(s, a, ac, cid, "ngày thành lập tỉnh Lạng Sơn", "1831-11-04", 2019, &fe) <= 0) {
        log_fe("occasion", &fe);
        return -1;
    }
    static const char *const kinds[] = {"department", "agency", "mass_org", "city", "district"};
    for (size_t i = 0; i < countof(kinds); i++)
        if (campaign_participant_add(s, a, ac, cid, "unit_kind", kinds[i], 0, &fe) <= 0) { log_fe("participant", &fe); return -1; }
    for (size_t i = 0; i < countof(seed_groups); i++)
        if (campaign_group_add(s, a, ac, cid, seed_groups[i].number, seed_groups[i].title, seed_groups[i].note, &fe) <= 0) {
            log_fe("group", &fe);
            return -1;
        }
    for (size_t i = 0; i < countof(seed_targets); i++) {
        const struct seed_target *t = &seed_targets[i];
        int64_t units[3];
        int nu = 0;
        for (int k = 0; k < 3 && t->units[k]; k++)
            if (!(units[nu++] = unit_by_code(s, t->units[k]))) { log_error("campaign demo: no unit %s", t->units[k]); return -1; }
        struct campaign_target_input ti = {
            .group_ref = t->group, .parent_code = t->parent, .code = t->code, .phrase = t->phrase, .subject = t->subject,
            .measure_unit = t->unit, .comparator = t->cmp, .value_a = t->a, .value_b = t->b, .baseline_period = t->baseline,
            .deadline = t->deadline, .weight = 1, .accumulates = t->accumulates, .unit_ids = units, .n_units = nu,
        };
        if (campaign_target_add(s, a, ac, cid, &ti, &fe) <= 0) { log_fe(t->code, &fe); return -1; }
    }
    if (campaign_set_status(s, a, ac, cid, "launched", &fe) <= 0) { log_fe("launch", &fe); return -1; }
    for (size_t i = 0; i < countof(seed_reports); i++) {
        const struct seed_report *r = &seed_reports[i];
        int64_t tid = 0;
        if (store_int64(s, &tid, "SELECT id FROM campaign_target WHERE campaign_id = $1 AND code = $2", "it", cid, r->target) != 1)
            return -1;
        struct report_input ri = {.target_id = tid, .unit_id = unit_by_code(s, r->unit), .as_of = r->as_of, .value = r->value,
                                  .baseline_value = r->baseline, .note = r->note, .illustrative = true};
        int64_t rid = report_submit(s, a, ac, &ri, &fe);
        if (rid <= 0) { log_fe(r->target, &fe); return -1; }
        if (r->decision && report_decide(s, a, ac, rid, str_eq(r->decision, "accept"),
                                         str_eq(r->decision, "return") ? "Thiếu ảnh minh chứng nghiệm thu hạng mục (minh hoạ)." : NULL,
                                         &fe) <= 0) {
            log_fe(r->target, &fe);
            return -1;
        }
    }
    /* the launch post, written for the demo (the seed's own text is not copied), published */
    int64_t post = news_create(s, a, ac, cid, "Lạng Sơn phát động 60 ngày đêm thi đua cao điểm",
        "Sáng 19/8/2019, Ủy ban nhân dân tỉnh Lạng Sơn phát động đợt thi đua cao điểm kéo dài đến ngày 19/10/2019, chào "
        "mừng 110 năm ngày sinh đồng chí Hoàng Văn Thụ và 188 năm ngày thành lập tỉnh.\n\n"
        "Đợt thi đua có sáu nhóm nội dung: cải cách hành chính; tăng trưởng kinh tế và thu hút đầu tư; sản xuất nông, lâm "
        "nghiệp và xây dựng nông thôn mới; văn hóa – xã hội; quốc phòng, an ninh và đối ngoại; xây dựng tổ chức cơ sở đảng. "
        "Các chỉ tiêu đo được của từng nhóm và tình hình thực hiện có trên trang của phong trào.\n\n"
        "Cùng dịp, tỉnh kêu gọi ủng hộ phong trào làm đường giao thông nông thôn; theo bản tin, đến ngày phát động đã có 35 "
        "doanh nghiệp, đơn vị ủng hộ hơn 14 tỷ đồng.",
        "Tóm tắt viết cho dữ liệu mẫu theo tin ngày 20/08/2019 của Ban Thi đua – Khen thưởng tỉnh Lạng Sơn (Trần Văn Ba); "
        "ảnh của bản tin thuộc Báo Lạng Sơn và Cổng Thông tin điện tử tỉnh, không sao chép vào đây.", NULL, 0, NULL, &fe);
    if (post <= 0 || news_publish(s, a, ac, post, &fe) <= 0) { log_fe("news", &fe); return -1; }
    static const struct { const char *kind, *name, *what, *date, *source; } events[] = {
        {"person", "Đồng chí Hoàng Văn Thụ", "ngày sinh đồng chí Hoàng Văn Thụ", "1909-11-04", "Tin phát động ngày 20/08/2019"},
        {"event", "Tỉnh Lạng Sơn", "ngày thành lập tỉnh Lạng Sơn", "1831-11-04", "Tin phát động ngày 20/08/2019"},
        {"event", "Lời kêu gọi thi đua ái quốc", "ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc", "1948-06-11", NULL},
        {"event", "Đảng Cộng sản Việt Nam", "ngày thành lập Đảng Cộng sản Việt Nam", "1930-02-03", NULL},
        {"event", "Quốc khánh", "ngày Quốc khánh nước Việt Nam Dân chủ Cộng hòa", "1945-09-02", NULL},
    };
    for (size_t i = 0; i < countof(events); i++)
        if (anniversary_add(s, a, ac, events[i].kind, events[i].name, events[i].what, events[i].date, events[i].source, &fe) <= 0) {
            log_fe("anniversary", &fe);
            return -1;
        }
    /* the 2019 scoring sheet of one block on this campaign (illustrative points) */
    return scoring_demo_load(s, a, ac, cid);
}
