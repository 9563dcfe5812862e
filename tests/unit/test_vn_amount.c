/* test_vn_amount.c: amounts read from Vietnamese text and written as numbers and words
 * (vn_amount.c): every example of the issue, the tricky cases, and the round-trip property
 * parse(words(n)) = n for 12,000 deterministic random n under all four linh/lẻ × nghìn/ngàn
 * choices. */
#include "check.h"
#include "vn.h"            /* both halves in one file: one struct vn_error */
#include "vn_calendar.h"

static void expect(const char *text, int64_t dong, enum vn_bound bound)
{
    struct vn_amount a;
    struct vn_error e;
    int rc = vn_amount_parse(text, &a, &e);
    if (rc != 0) {
        check_fail_at(__FILE__, __LINE__, "\"%s\": error %s", text, e.message);
        return;
    }
    if (a.dong != dong || a.bound != bound)
        check_fail_at(__FILE__, __LINE__, "\"%s\" = %lld (%s), want %lld (%s)", text, (long long)a.dong,
                      vn_bound_name(a.bound), (long long)dong, vn_bound_name(bound));
}

static void expect_error(const char *text, const char *part)
{
    struct vn_amount a;
    struct vn_error e;
    if (vn_amount_parse(text, &a, &e) == 0) {
        check_fail_at(__FILE__, __LINE__, "\"%s\" parsed as %lld, want an error", text, (long long)a.dong);
        return;
    }
    CHECK_CONTAINS(e.message, part);
    CHECK(e.offset + e.length <= strlen(text));
}

static void test_issue_examples(void)
{
    expect("14 tỉ đồng", 14000000000, VN_BOUND_EXACT);
    expect("hơn 14 tỷ", 14000000000, VN_BOUND_MORE_THAN);
    expect("1,536 tỷ đồng", 1536000000, VN_BOUND_EXACT);
    expect("500 triệu", 500000000, VN_BOUND_EXACT);
    expect("50.000.000đ", 50000000, VN_BOUND_EXACT);
    expect("2,5 triệu", 2500000, VN_BOUND_EXACT);
    expect("một trăm triệu đồng", 100000000, VN_BOUND_EXACT);
    expect("Mười bốn tỷ đồng", 14000000000, VN_BOUND_EXACT);
    expect("14.000.000.000 đồng", 14000000000, VN_BOUND_EXACT);
}

static void test_numeric_forms(void)
{
    expect("14", 14, VN_BOUND_EXACT);
    expect("50 000 000 đồng", 50000000, VN_BOUND_EXACT);
    expect("50\xC2\xA0" "000\xC2\xA0" "000 VNĐ", 50000000, VN_BOUND_EXACT);
    expect("14 tỷ 500 triệu", 14500000000, VN_BOUND_EXACT);
    expect("2 triệu 500 nghìn đồng", 2500000, VN_BOUND_EXACT);
    expect("1 triệu 500 đồng", 1000500, VN_BOUND_EXACT);
    expect("14 nghìn tỷ", 14000000000000, VN_BOUND_EXACT);
    expect("1.536,5 tỷ", 1536500000000, VN_BOUND_EXACT);
    expect("500k", 500000, VN_BOUND_EXACT);
    expect("2tr", 2000000, VN_BOUND_EXACT);
    expect("2 trieu", 2000000, VN_BOUND_EXACT);
    expect("5 trăm nghìn", 500000, VN_BOUND_EXACT);
    expect("2 triệu rưỡi", 2500000, VN_BOUND_EXACT);
    expect("50.000.000 ₫", 50000000, VN_BOUND_EXACT);
    expect("(14 tỷ đồng)", 14000000000, VN_BOUND_EXACT);
    expect("14 tỷ đồng.", 14000000000, VN_BOUND_EXACT);
    expect("14 TỶ ĐỒNG", 14000000000, VN_BOUND_EXACT);
    expect("999.999.999.999.999.999", VN_AMOUNT_MAX, VN_BOUND_EXACT);
    /* NFD input reads the same */
    expect("14 ty\xCC\x89 \xC4\x91o\xCC\x82\xCC\x80ng", 14000000000, VN_BOUND_EXACT);
}

static void test_bounds(void)
{
    expect("trên 99 triệu", 99000000, VN_BOUND_MORE_THAN);
    expect("gần 2 tỷ", 2000000000, VN_BOUND_NEARLY);
    expect("khoảng 500 triệu đồng", 500000000, VN_BOUND_ABOUT);
    expect("xấp xỉ 1,5 tỷ", 1500000000, VN_BOUND_ABOUT);
    expect("từ 50 triệu đồng trở lên", 50000000, VN_BOUND_AT_LEAST);
    expect("50 triệu trở lên", 50000000, VN_BOUND_AT_LEAST);
    expect("ít nhất 10 triệu", 10000000, VN_BOUND_AT_LEAST);
    expect("dưới 5 triệu", 5000000, VN_BOUND_LESS_THAN);
    expect("không quá 200 triệu", 200000000, VN_BOUND_AT_MOST);
    expect("hon 14 ty", 14000000000, VN_BOUND_MORE_THAN);
    expect("hơn mười bốn tỷ đồng", 14000000000, VN_BOUND_MORE_THAN);
    struct vn_amount a;
    struct vn_error e;
    CHECK_INT(vn_amount_parse("khoảng chừng 3 tỷ", &a, &e), 0);
    CHECK_STR(a.qualifier, "khoảng chừng");
}

static void test_words_variants(void)
{
    expect("Hai mươi mốt", 21, VN_BOUND_EXACT);
    expect("hai mươi một", 21, VN_BOUND_EXACT);
    expect("Hai mươi tư", 24, VN_BOUND_EXACT);
    expect("hai mươi bốn", 24, VN_BOUND_EXACT);
    expect("Hai mươi lăm", 25, VN_BOUND_EXACT);
    expect("hai mươi nhăm", 25, VN_BOUND_EXACT);
    expect("hai mười lăm", 25, VN_BOUND_EXACT);
    expect("Mười lăm", 15, VN_BOUND_EXACT);
    expect("mười một", 11, VN_BOUND_EXACT);
    expect("mười", 10, VN_BOUND_EXACT);
    expect("Một trăm linh năm nghìn đồng", 105000, VN_BOUND_EXACT);
    expect("một trăm lẻ năm ngàn đồng", 105000, VN_BOUND_EXACT);
    expect("Một triệu không trăm linh năm nghìn", 1005000, VN_BOUND_EXACT);
    expect("một tỉ hai trăm triệu", 1200000000, VN_BOUND_EXACT);
    expect("bẩy trăm", 700, VN_BOUND_EXACT);
    expect("một nghìn tỷ", 1000000000000, VN_BOUND_EXACT);
    expect("năm trăm triệu tỷ", 500000000000000000, VN_BOUND_EXACT);
    expect("hai triệu rưỡi", 2500000, VN_BOUND_EXACT);
    expect("Không đồng", 0, VN_BOUND_EXACT);
    expect("MƯỜI BỐN TỶ ĐỒNG CHẴN", 14000000000, VN_BOUND_EXACT);
    expect("mƣời bốn tỷ", 14000000000, VN_BOUND_EXACT);   /* ƣ from PDF extraction */
}

static void test_errors_name_the_part(void)
{
    expect_error("1.5 tỷ", "\".5\"");
    expect_error("1.50 tỷ", "đúng ba chữ số");
    expect_error("1,5", "không phải một số đồng nguyên");
    expect_error("50,000,000", "hai dấu phẩy");
    expect_error("14 tỷ abc", "\"abc\"");
    expect_error("abc", "\"abc\"");
    expect_error("", "không có số tiền");
    expect_error("1.000.000.000.000.000.000", "vượt giới hạn");
    expect_error("một tỷ tỷ", "\"tỷ\"");
    expect_error("một trăm năm", "không rõ");
    expect_error("lăm", "\"lăm\"");
    expect_error("trăm", "thiếu chữ số");
    expect_error("2 triệu 5", "không có đơn vị");
    expect_error("14 tỷ 2 tỷ", "không nhỏ hơn");
    expect_error("hơn", "thiếu số tiền");
    expect_error("\xFF\xFE", "UTF-8");
}

static void words_is(int64_t n, unsigned flags, const char *want)
{
    char w[VN_WORDS_MAX];
    CHECK_INT(vn_amount_words(n, flags, w, sizeof w), 0);
    CHECK_STR(w, want);
}

static void test_words_writer(void)
{
    words_is(14000000000, VN_WORDS_DONG, "Mười bốn tỷ đồng");
    words_is(105000, VN_WORDS_DONG, "Một trăm linh năm nghìn đồng");
    words_is(105000, VN_WORDS_DONG | VN_WORDS_LE | VN_WORDS_NGAN, "Một trăm lẻ năm ngàn đồng");
    words_is(21, 0, "Hai mươi mốt");
    words_is(24, 0, "Hai mươi tư");
    words_is(25, 0, "Hai mươi lăm");
    words_is(15, 0, "Mười lăm");
    words_is(14, 0, "Mười bốn");
    words_is(11, 0, "Mười một");
    words_is(10, 0, "Mười");
    words_is(1005000, 0, "Một triệu không trăm linh năm nghìn");
    words_is(1000005, 0, "Một triệu không trăm linh năm");
    words_is(2050, 0, "Hai nghìn không trăm năm mươi");
    words_is(1000000000000, 0, "Một nghìn tỷ");
    words_is(1500000000000000, 0, "Một triệu năm trăm nghìn tỷ");
    words_is(1000500000000, 0, "Một nghìn tỷ năm trăm triệu");
    words_is(1005000000000, 0, "Một nghìn không trăm linh năm tỷ");
    words_is(0, VN_WORDS_DONG, "Không đồng");
    words_is(31, VN_WORDS_LOWER, "ba mươi mốt");
    char w[VN_WORDS_MAX];
    CHECK_INT(vn_amount_words(VN_AMOUNT_MAX + 1, 0, w, sizeof w), -1);
    CHECK_INT(vn_amount_words(-1, 0, w, sizeof w), -1);
    CHECK_INT(vn_amount_words(VN_AMOUNT_MAX, 0, w, 20), -1);
    CHECK_INT(vn_amount_words(VN_AMOUNT_MAX, VN_WORDS_DONG, w, sizeof w), 0);
}

static void test_format_and_short(void)
{
    char s[48];
    CHECK_INT(vn_amount_format(14000000000, true, s, sizeof s), 0);
    CHECK_STR(s, "14.000.000.000 đồng");
    vn_amount_format(999, false, s, sizeof s);
    CHECK_STR(s, "999");
    vn_amount_format(-1234567, false, s, sizeof s);
    CHECK_STR(s, "-1.234.567");
    vn_amount_format(INT64_MIN, false, s, sizeof s);
    CHECK_STR(s, "-9.223.372.036.854.775.808");
    CHECK_INT(vn_amount_short(14000000000, s, sizeof s), 1);
    CHECK_STR(s, "14 tỷ");
    CHECK_INT(vn_amount_short(1500000000, s, sizeof s), 1);
    CHECK_STR(s, "1,5 tỷ");
    CHECK_INT(vn_amount_short(1536000000, s, sizeof s), 1);
    CHECK_STR(s, "1,536 tỷ");
    CHECK_INT(vn_amount_short(500000000, s, sizeof s), 1);
    CHECK_STR(s, "500 triệu");
    CHECK_INT(vn_amount_short(1000000000000, s, sizeof s), 1);
    CHECK_STR(s, "1.000 tỷ");
    CHECK_INT(vn_amount_short(1536123456, s, sizeof s), 0);
    CHECK_STR(s, "1,536 tỷ");
    CHECK_INT(vn_amount_short(999999999, s, sizeof s), 0);
    CHECK_STR(s, "1 tỷ");
    CHECK_INT(vn_amount_short(50000, s, sizeof s), 1);
    CHECK_STR(s, "50 nghìn");
    CHECK_INT(vn_amount_short(900, s, sizeof s), 1);
    CHECK_STR(s, "900");
}

/* xorshift64*: deterministic, so a failure can be replayed */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static void test_property_words_round_trip(void)
{
    int failures = 0, count = 0;
    for (int i = 0; i < 12000; i++) {
        /* spread over every magnitude, with zero groups made likely */
        int digits = 1 + (int)(rng() % 18);
        int64_t n = 0;
        for (int d = 0; d < digits; d++) n = n * 10 + (rng() % 3 == 0 ? 0 : (int64_t)(rng() % 10));
        unsigned flags = (unsigned)(i % 4) | (i % 3 == 0 ? VN_WORDS_DONG : 0);
        char w[VN_WORDS_MAX];
        struct vn_amount a;
        struct vn_error e;
        count++;
        if (vn_amount_words(n, flags, w, sizeof w) != 0 || vn_amount_parse(w, &a, &e) != 0 || a.dong != n ||
            !a.in_words) {
            if (failures++ < 5) check_fail_at(__FILE__, __LINE__, "round trip of %lld via \"%s\"", (long long)n, w);
        }
        /* and the digit forms */
        char f[48], s[48];
        vn_amount_format(n, true, f, sizeof f);
        if (vn_amount_parse(f, &a, &e) != 0 || a.dong != n) {
            if (failures++ < 5) check_fail_at(__FILE__, __LINE__, "round trip of %lld via \"%s\"", (long long)n, f);
        }
        if (vn_amount_short(n, s, sizeof s) == 1 && (vn_amount_parse(s, &a, &e) != 0 || a.dong != n)) {
            if (failures++ < 5) check_fail_at(__FILE__, __LINE__, "round trip of %lld via \"%s\"", (long long)n, s);
        }
    }
    CHECK_INT(count, 12000);
    CHECK_INT(failures, 0);
}

/* An importer reads amounts (vn_calendar.h) and cleans names (vn.h) with one error record, and
 * vn_error_message renders both kinds: a parser's sentence and a text check's code. */
static void test_one_error_record(void)
{
    struct vn_amount a;
    struct vn_error e = {0};
    buf out = {0};
    CHECK(vn_amount_parse("mười bốn con gà", &a, &e) != 0);
    vn_error_message(&e, "Số tiền", &out);
    CHECK(str_starts(buf_str(&out), "Số tiền: "));
    CHECK_CONTAINS(buf_str(&out), e.message);
    buf_reset(&out);
    buf clean = {0};
    CHECK(vn_normalize("a\nb", 3, VN_NORM_SINGLE_LINE, &clean, &e) != 0);
    vn_error_message(&e, "Tên", &out);
    CHECK_STR(buf_str(&out), "Tên: không được xuống dòng (byte thứ 2)");
    buf_free(&clean);
    buf_free(&out);
}

int main(void)
{
    RUN(test_issue_examples);
    RUN(test_numeric_forms);
    RUN(test_bounds);
    RUN(test_words_variants);
    RUN(test_errors_name_the_part);
    RUN(test_one_error_record);
    RUN(test_words_writer);
    RUN(test_format_and_short);
    RUN(test_property_words_round_trip);
    return check_done();
}
