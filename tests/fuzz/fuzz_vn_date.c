/* fuzz_vn_date.c: vn_date_parse and vn_lunar_parse on arbitrary bytes must not crash; an
 * accepted day must be valid and, in range, convert to lunar and back. */
#include <stdlib.h>
#include <string.h>

#include "vn_calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    struct vn_date ref = {2024, 6, 15};
    struct vn_date_parsed p;
    struct vn_error e;
    if (vn_date_parse(s, size & 1 ? &ref : NULL, size & 2 ? VN_DATE_US_ORDER : 0, &p, &e) == 0) {
        if (!vn_date_valid(p.date) || !vn_date_valid(p.last)) abort();
        struct vn_lunar_date l;
        struct vn_date back;
        if (p.date.year >= 1900 && p.date.year <= 2100 && (vn_solar_to_lunar(p.date, &l, &e) != 0 ||
            vn_lunar_to_solar(l, &back, &e) != 0 || vn_date_jdn(back) != vn_date_jdn(p.date)))
            abort();
    } else if (e.offset > size || e.length > size - e.offset) {
        abort();
    }
    struct vn_lunar_date l;
    struct vn_date d;
    if (vn_lunar_parse(s, &l, &e) == 0) (void)vn_lunar_to_solar(l, &d, &e);
    struct vn_amendment a;
    char note[64];
    (void)vn_amendment_parse(s, &a, note, sizeof note, &e);
    free(s);
    return 0;
}
