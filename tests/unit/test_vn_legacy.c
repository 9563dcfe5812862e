/* test_vn_legacy.c: legacy encodings (vn_legacy.c): round trips of a sample holding every
 * Vietnamese letter and tone in both cases, single-byte tables checked against glibc iconv
 * (an independent implementation of CP1258 and TCVN 5712), known strings, detection, errors. */
#include <iconv.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "check.h"
#include "vn_calendar.h"

/* Every vowel with every tone, both cases, plus đ/Đ and the consonants. */
static void build_sample(buf *b, bool lower_only)
{
    static const char *const vowels[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"};
    static const char *const marks[] = {"", "\xCC\x80", "\xCC\x81", "\xCC\x83", "\xCC\x89", "\xCC\xA3"};
    buf raw = {0};
    for (int c = 0; c < (lower_only ? 1 : 2); c++) {
        for (size_t v = 0; v < sizeof vowels / sizeof vowels[0]; v++) {
            for (size_t t = 0; t < 6; t++) {
                utf8proc_uint8_t *s = NULL;
                utf8proc_map((const utf8proc_uint8_t *)vowels[v], 0, &s, UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE);
                buf_puts(&raw, "b");
                if (c) {
                    /* upper-case the first code point */
                    int32_t cp;
                    utf8proc_ssize_t k = utf8proc_iterate(s, -1, &cp);
                    utf8proc_uint8_t u[4];
                    buf_append(&raw, u, (size_t)utf8proc_encode_char(utf8proc_toupper(cp), u));
                    buf_puts(&raw, (const char *)s + k);
                } else {
                    buf_puts(&raw, (const char *)s);
                }
                buf_puts(&raw, marks[t]);
                buf_puts(&raw, "n ");
                free(s);
            }
        }
    }
    buf_puts(&raw, lower_only ? "đ đường Việt Nam quốc ngữ khuyên tuyết nghiêng giữa ĐƯƠNG ĐÔ Ă Â Ê Ô Ơ Ư Đ"
                              : "Đ đ ĐƯỜNG đường Việt Nam Quốc ngữ: khuyên, tuyết, nghiêng, giữa. Hỏi? \"Ngã\" (nặng) 100% ~ ^ + ' ` \\ dd DD");
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)raw.data, (utf8proc_ssize_t)raw.len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    buf_append(b, nfc, (size_t)n);
    free(nfc);
    buf_free(&raw);
}

static void round_trip(enum vn_encoding enc, bool lower_only)
{
    buf sample = {0}, bytes = {0}, back = {0};
    struct vn_error e;
    build_sample(&sample, lower_only);
    if (vn_legacy_encode(enc, sample.data, sample.len, &bytes, &e) != 0) {
        check_fail_at(__FILE__, __LINE__, "%s encode: %s", vn_encoding_name(enc), e.message);
    } else if (vn_legacy_decode(enc, (const uint8_t *)bytes.data, bytes.len, 0, &back, &e) != 0) {
        check_fail_at(__FILE__, __LINE__, "%s decode: %s", vn_encoding_name(enc), e.message);
    } else if (back.len != sample.len || memcmp(back.data, sample.data, sample.len) != 0) {
        check_fail_at(__FILE__, __LINE__, "%s round trip:\n  %s\n  %s", vn_encoding_name(enc), sample.data, back.data);
    }
    struct vn_detection d;
    vn_legacy_detect((const uint8_t *)bytes.data, bytes.len, &d);
    if (d.enc != enc && !(enc == VN_ENC_VIQR && d.enc == VN_ENC_VIQR))
        check_fail_at(__FILE__, __LINE__, "detect %s: got %s (%.2f)", vn_encoding_name(enc), vn_encoding_name(d.enc), d.confidence);
    buf_free(&sample);
    buf_free(&bytes);
    buf_free(&back);
}

static void test_round_trips(void)
{
    round_trip(VN_ENC_VNI, false);
    round_trip(VN_ENC_VIQR, false);
    round_trip(VN_ENC_CP1258, false);
    round_trip(VN_ENC_UTF16LE, false);
    round_trip(VN_ENC_UTF16BE, false);
    round_trip(VN_ENC_TCVN3, true);
}

static void decodes(enum vn_encoding enc, const char *bytes, unsigned flags, const char *want)
{
    buf out = {0};
    struct vn_error e;
    if (vn_legacy_decode(enc, (const uint8_t *)bytes, strlen(bytes), flags, &out, &e) != 0)
        check_fail_at(__FILE__, __LINE__, "%s \"%s\": %s", vn_encoding_name(enc), bytes, e.message);
    else
        CHECK_STR(out.data ? out.data : "", want);
    buf_free(&out);
}

static void test_known_strings(void)
{
    decodes(VN_ENC_VIQR, "Vie^.t Nam", 0, "Việt Nam");
    decodes(VN_ENC_VIQR, "To^i ye^u tie^'ng nu+o+'c to^i tu+` khi mo+'i ra ddo+`i\\.", 0,
            "Tôi yêu tiếng nước tôi từ khi mới ra đời.");
    decodes(VN_ENC_VIQR, "DDa^y la` ca'i ba`n\\. Kho^ng?", 0, "Đây là cái bàn. Không?");
    decodes(VN_ENC_VNI, "Vie\xE4t Nam", 0, "Việt Nam");
    decodes(VN_ENC_VNI, "\xD1\xF6\xF4\xF8ng Hoa\xF8ng V\xE6n Th\xE6", 0, "Đường Hoàng Vỉn Thỉ");
    decodes(VN_ENC_VNI, "TR\xD6\xD4\xD8NG", 0, "TRƯỜNG");
    decodes(VN_ENC_TCVN3, "Vi\xD6t Nam", 0, "Việt Nam");
    decodes(VN_ENC_TCVN3, "\xA7\xEAng H\xE5 Ch\xDD Minh", 0, "Đờng Hồ Chí Minh");
    decodes(VN_ENC_TCVN3, "C\xE9NG HO\xB5 X\xB7 H\xE9I CH\xF1 NGH\xDC" "A VI\xD6T NAM", VN_LEGACY_RECASE,
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    decodes(VN_ENC_TCVN3, "C\xE1 r\xAB", VN_LEGACY_RECASE, "Cỏ rô");
    decodes(VN_ENC_TCVN3, "a\xB3", 0, "á");            /* tone mark as a separate byte */
    decodes(VN_ENC_CP1258, "Vi\xEA\xF2t Nam", 0, "Việt Nam");
    decodes(VN_ENC_CP1258, "\xD0\xFD\xF5\xCCng", 0, "Đường");
    /* mojibake: TCVN3 bytes read as Windows-1252 and saved as UTF-8 */
    decodes(VN_ENC_TCVN3, "Vi\xC3\x96t Nam", VN_LEGACY_MOJIBAKE, "Việt Nam");
    decodes(VN_ENC_UTF8, "\xEF\xBB\xBFVie\xCC\xA3\xCC\x82t", 0, "Việt");
}

static void test_errors(void)
{
    buf out = {0};
    struct vn_error e;
    CHECK_INT(vn_legacy_decode(VN_ENC_TCVN3, (const uint8_t *)"ab\ncd\x80", 6, 0, &out, &e), -1);
    CHECK_CONTAINS(e.message, "dòng 2, cột 3");
    CHECK_CONTAINS(e.message, "0x80");
    CHECK_INT(e.offset, 5);
    buf_reset(&out);
    CHECK_INT(vn_legacy_decode(VN_ENC_TCVN3, (const uint8_t *)"\x80", 1, VN_LEGACY_LENIENT, &out, &e), 0);
    CHECK_STR(out.data, "À");   /* VN1 capital, lenient mode */
    buf_reset(&out);
    CHECK_INT(vn_legacy_decode(VN_ENC_UTF16LE, (const uint8_t *)"\xFF\xFE\x41", 3, 0, &out, &e), -1);
    CHECK_CONTAINS(e.message, "UTF-16");
    CHECK_INT(vn_legacy_decode(VN_ENC_UTF8, (const uint8_t *)"a\xC3", 2, 0, &out, &e), -1);
    CHECK_INT(vn_legacy_decode(VN_ENC_CP1258, (const uint8_t *)"\x8A", 1, 0, &out, &e), -1);
    CHECK_INT(vn_legacy_decode(VN_ENC_VNI, (const uint8_t *)"x\xE9", 2, 0, &out, &e), -1);
    CHECK_CONTAINS(e.message, "không ghép được");
    buf_reset(&out);
    CHECK_INT(vn_legacy_encode(VN_ENC_TCVN3, "Việt NAM ẤN", strlen("Việt NAM ẤN"), &out, &e), -1);
    CHECK_CONTAINS(e.message, "U+1EA4");
    CHECK_INT(e.offset, strlen("Việt NAM "));
    buf_reset(&out);
    /* "€" stands for byte 0x80: not VN3, a VN1 capital in lenient mode */
    CHECK_INT(vn_legacy_decode(VN_ENC_TCVN3, (const uint8_t *)"Vi\xC3\x96t\xE2\x82\xAC", 8, VN_LEGACY_MOJIBAKE, &out, &e), -1);
    buf_reset(&out);
    CHECK_INT(vn_legacy_decode(VN_ENC_TCVN3, (const uint8_t *)"Vi\xC3\x96t\xE2\x82\xAC", 8, VN_LEGACY_MOJIBAKE | VN_LEGACY_LENIENT, &out, &e), 0);
    CHECK_STR(out.data, "ViệtÀ");
    buf_reset(&out);
    CHECK_INT(vn_legacy_decode(VN_ENC_TCVN3, (const uint8_t *)"\xE4\xB8\x80", 3, VN_LEGACY_MOJIBAKE, &out, &e), -1);
    CHECK_CONTAINS(e.message, "Windows-1252");
    enum vn_encoding en;
    CHECK_INT(vn_encoding_from_name("ABC", &en), 0);
    CHECK_INT(en, VN_ENC_TCVN3);
    CHECK_INT(vn_encoding_from_name("koi8", &en), -1);
    buf_free(&out);
}

/* Decodes one byte with glibc iconv, NFC. */
static int iconv_byte(const char *charset, uint8_t b, char *out, size_t cap)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) return -1;
    char in[1] = {(char)b}, *ip = in, tmp[16], *op = tmp;
    size_t il = 1, ol = sizeof tmp;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    size_t r2 = iconv(cd, NULL, NULL, &op, &ol);   /* flush a buffered base letter */
    iconv_close(cd);
    if (r == (size_t)-1 || r2 == (size_t)-1 || op == tmp) return -1;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)tmp, op - tmp, &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0 || (size_t)n >= cap) return -1;
    memcpy(out, nfc, (size_t)n);
    out[n] = 0;
    free(nfc);
    return 0;
}

static void test_tables_against_iconv(void)
{
    int compared = 0;
    for (int b = 0x20; b < 0x100; b++) {
        char want[16], got[16];
        buf out = {0};
        struct vn_error e;
        uint8_t byte = (uint8_t)b;
        int ri = iconv_byte("CP1258", byte, want, sizeof want);
        int rm = vn_legacy_decode(VN_ENC_CP1258, &byte, 1, 0, &out, &e);
        if (ri != rm) check_fail_at(__FILE__, __LINE__, "CP1258 0x%02X: iconv %d, ours %d", b, ri, rm);
        else if (ri == 0 && strcmp(want, out.data) != 0) check_fail_at(__FILE__, __LINE__, "CP1258 0x%02X: iconv %s, ours %s", b, want, out.data);
        else compared++;
        buf_reset(&out);
        /* TCVN3 = the VN3 subset of TCVN 5712 (glibc implements VN1, a superset) */
        if (vn_legacy_decode(VN_ENC_TCVN3, &byte, 1, 0, &out, &e) == 0) {
            snprintf(got, sizeof got, "%s", out.data);
            if (iconv_byte("TCVN5712-1", byte, want, sizeof want) != 0 || strcmp(want, got) != 0)
                check_fail_at(__FILE__, __LINE__, "TCVN3 0x%02X: iconv %s, ours %s", b, want, got);
            else compared++;
        } else if (b >= 0xA0 && b != 0xAF) {
            /* bytes VN3 leaves out are VN1 capitals: lenient mode must agree with iconv */
            buf_reset(&out);
            if (vn_legacy_decode(VN_ENC_TCVN3, &byte, 1, VN_LEGACY_LENIENT, &out, &e) == 0 &&
                iconv_byte("TCVN5712-1", byte, want, sizeof want) == 0 && strcmp(want, out.data) != 0)
                check_fail_at(__FILE__, __LINE__, "TCVN1 0x%02X: iconv %s, ours %s", b, want, out.data);
        }
        buf_free(&out);
    }
    CHECK(compared > 300);
}

static void detect_is(const char *text, size_t len, enum vn_encoding want, bool mojibake)
{
    struct vn_detection d;
    vn_legacy_detect((const uint8_t *)text, len, &d);
    if (d.enc != want || d.mojibake != mojibake)
        check_fail_at(__FILE__, __LINE__, "detect \"%.30s\": %s%s (%.2f), want %s", text, vn_encoding_name(d.enc),
                      d.mojibake ? " mojibake" : "", d.confidence, vn_encoding_name(want));
    CHECK(d.confidence >= 0 && d.confidence <= 1);
}

static void test_detect(void)
{
    const char *para = "Sáng ngày 19/8/2019, tại Trung tâm Hội nghị tỉnh, UBND tỉnh Lạng Sơn đã tổ chức Lễ phát động "
                       "phong trào thi đua cao điểm lập thành tích chào mừng kỷ niệm 110 năm ngày sinh đồng chí Hoàng Văn Thụ.";
    detect_is(para, strlen(para), VN_ENC_UTF8, false);
    detect_is("\xEF\xBB\xBF" "abc", 6, VN_ENC_UTF8, false);
    detect_is("\xFF\xFE" "a\0", 4, VN_ENC_UTF16LE, false);
    detect_is("\xFE\xFF\0a", 4, VN_ENC_UTF16BE, false);
    detect_is("Hello, world. Nothing to see here!", 34, VN_ENC_ASCII, false);
    detect_is("", 0, VN_ENC_ASCII, false);
    static const enum vn_encoding encs[] = {VN_ENC_TCVN3, VN_ENC_VNI, VN_ENC_CP1258, VN_ENC_VIQR};
    for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
        buf b = {0};
        struct vn_error e;
        /* TCVN3 cannot hold capital toned letters: the paragraph has none */
        CHECK_INT(vn_legacy_encode(encs[i], para, strlen(para), &b, &e), 0);
        detect_is(b.data, b.len, encs[i], false);
        if (encs[i] == VN_ENC_TCVN3 || encs[i] == VN_ENC_VNI) {
            /* the same bytes read as Windows-1252 and saved as UTF-8 */
            buf m = {0};
            for (size_t k = 0; k < b.len; k++) {
                uint8_t c = (uint8_t)b.data[k];
                if (c < 0x80) buf_putc(&m, (char)c);
                else if (c >= 0xA0) { buf_putc(&m, (char)(0xC0 | c >> 6)); buf_putc(&m, (char)(0x80 | (c & 0x3F))); }
            }
            detect_is(m.data, m.len, encs[i], true);
            buf_free(&m);
        }
        buf_free(&b);
    }
}

int main(void)
{
    RUN(test_round_trips);
    RUN(test_known_strings);
    RUN(test_errors);
    RUN(test_tables_against_iconv);
    RUN(test_detect);
    return check_done();
}
