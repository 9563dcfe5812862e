/* fuzz_vn_legacy.c: every decoder (strict and lenient) and the detector on arbitrary bytes
 * must not crash; lenient decoding never fails and gives valid UTF-8; decoded text encodes
 * back without crashing. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "vn_calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum vn_encoding encs[] = {VN_ENC_UTF8, VN_ENC_UTF16LE, VN_ENC_UTF16BE, VN_ENC_CP1258,
                                            VN_ENC_TCVN3, VN_ENC_VNI, VN_ENC_VIQR};
    struct vn_detection d;
    vn_legacy_detect(data, size, &d);
    if (d.confidence < 0 || d.confidence > 1) abort();
    for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
        buf out = {0}, again = {0};
        struct vn_error e;
        (void)vn_legacy_decode(encs[i], data, size, VN_LEGACY_RECASE, &out, &e);
        buf_reset(&out);
        if (vn_legacy_decode(encs[i], data, size, VN_LEGACY_LENIENT | VN_LEGACY_RECASE, &out, &e) != 0) abort();
        int32_t cp;
        for (size_t k = 0; k < out.len;) {
            utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)out.data + k, (utf8proc_ssize_t)(out.len - k), &cp);
            if (n < 0) abort();
            k += (size_t)n;
        }
        (void)vn_legacy_encode(encs[i], out.data ? out.data : "", out.len, &again, &e);
        buf_reset(&out);
        (void)vn_legacy_decode(encs[i], data, size, VN_LEGACY_MOJIBAKE | VN_LEGACY_LENIENT, &out, &e);
        buf_free(&out);
        buf_free(&again);
    }
    return 0;
}
