/* fuzz_privacy.c: the personal-data scanners on hostile text: mask_text (and the field maskers)
 * must never crash, never change the length of the text, mask nothing twice (idempotent), and
 * leave no personal number behind; the audit date and anchor parsers must not crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "pii.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    arena a = {0};
    char *m = mask_text(&a, s);
    if (strlen(m) != strlen(s)) abort();
    if (strcmp(mask_text(&a, m), m) != 0) abort();
    if (privacy_text_has_pii(m)) abort();
    mask_phone(&a, s);
    mask_citizen_id(&a, s);
    mask_account(&a, s);
    mask_birthdate(&a, s);
    mask_email(&a, s);
    privacy_field_kind(s);
    char out[21], hash[65];
    int64_t id;
    audit_day_bound(s, size & 1, out);
    audit_parse_anchor(s, &id, hash);
    arena_free(&a);
    free(s);
    return 0;
}
