/* tests/fuzz/fuzz_vn_text.c: libFuzzer target for the string half of the Vietnamese text module:
 * UTF-8 validation, normalisation (all flag combinations), folding, sort keys, name splitting and
 * name keys, sender extraction and name matching, on arbitrary bytes. Besides crashes and
 * sanitizer reports it checks the contracts: outputs are valid UTF-8, normalisation and folding
 * are idempotent, keys never contain 0x00, offsets stay inside the input, scores stay in 0..100. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vn.h"

#define REQUIRE(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    buf a = {0}, b = {0};

    size_t bad = 0;
    bool valid = vn_utf8_valid(s, size, &bad);
    REQUIRE(valid || bad < size);
    (void)vn_utf8_chars(s, size);

    for (unsigned flags = 0; flags < 8; flags++) {
        struct vn_error err;
        buf_reset(&a);
        buf_reset(&b);
        int rc = vn_normalize(s, size, flags, &a, &err);
        if (rc == VN_OK) {
            REQUIRE(vn_utf8_valid(a.data, a.len, NULL));
            REQUIRE(vn_normalize(a.data, a.len, flags, &b, &err) == VN_OK);
            REQUIRE(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
        } else {
            REQUIRE(a.len == 0);
            REQUIRE(err.offset < size || rc == VN_ERR_TOO_SHORT || rc == VN_ERR_TOO_LONG);
        }
    }
    static const struct vn_field field = {1, 20, VN_NORM_REPAIR};
    struct vn_error err;
    buf_reset(&a);
    if (vn_field_clean(s, size, &field, &a, &err) != VN_OK) {
        buf_reset(&b);
        vn_error_message(&err, "Trường", &b);
    }

    buf_reset(&a);
    buf_reset(&b);
    vn_fold(s, size, &a);
    REQUIRE(vn_utf8_valid(a.data, a.len, NULL));
    vn_fold(a.data, a.len, &b);
    REQUIRE(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);

    buf_reset(&a);
    vn_sortkey(s, size, &a);
    REQUIRE(a.len >= 2 && memchr(a.data, 0, a.len) == NULL);
    buf_reset(&a);
    vn_name_sortkey(s, size, &a);
    REQUIRE(memchr(a.data, 0, a.len) == NULL);

    struct vn_name_parts p;
    vn_name_split(s, size, &p);
    REQUIRE(p.ho_off + p.ho_len <= size && p.dem_off + p.dem_len <= size && p.ten_off + p.ten_len <= size);

    struct vn_sender snd;
    if (vn_sender_extract(s, size, &snd)) {
        REQUIRE(snd.off + snd.len <= size && snd.name[0] && snd.confidence <= 100);
        int sc = vn_name_match_score(snd.name, strlen(snd.name), s, size);
        REQUIRE(sc >= 0 && sc <= 100);
    }
    size_t half = size / 2;
    int sc = vn_name_match_score(s, half, s + half, size - half);
    REQUIRE(sc >= 0 && sc <= 100);

    buf_free(&a);
    buf_free(&b);
    return 0;
}
