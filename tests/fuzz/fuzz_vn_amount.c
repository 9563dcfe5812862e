/* fuzz_vn_amount.c: vn_amount_parse on arbitrary bytes must not crash; whatever it accepts
 * must be in range and survive a words round trip. */
#include <stdlib.h>
#include <string.h>

#include "vn_calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    struct vn_amount a;
    struct vn_error e;
    if (vn_amount_parse(s, &a, &e) == 0) {
        if (a.dong < 0 || a.dong > VN_AMOUNT_MAX) abort();
        char w[VN_WORDS_MAX];
        struct vn_amount b;
        if (vn_amount_words(a.dong, (unsigned)size & 3, w, sizeof w) != 0) abort();
        if (vn_amount_parse(w, &b, &e) != 0 || b.dong != a.dong) abort();
    } else if (e.offset > size || e.length > size - e.offset) {
        abort();
    }
    free(s);
    return 0;
}
