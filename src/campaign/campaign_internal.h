/* campaign_internal.h: what campaign.c (creating and reading) and campaign_edit.c (editing what
 * was added) share, and nothing outside the campaign's domain files includes: the text fields'
 * limits, a target's cleaned input and its checks, and the commit of an audited write. */
#ifndef THIDUA_CAMPAIGN_INTERNAL_H
#define THIDUA_CAMPAIGN_INTERNAL_H

#include <jansson.h>

#include "campaign.h"
#include "vn.h"

static const struct vn_field f_code = {1, CAMPAIGN_CODE_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_name = {1, CAMPAIGN_NAME_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_text = {1, CAMPAIGN_TEXT_MAX, VN_NORM_REPAIR | VN_NORM_MULTILINE};

static inline json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* A target's input, checked and cleaned (campaign_target_check), then resolved against the
 * campaign (campaign_target_resolve): the same rules for adding a target and editing one. */
struct target_clean {
    const char *code, *phrase, *subject, *unit, *bperiod, *deadline, *rollup;
    int cmp, weight;
    bool has_a, has_b, has_base, accumulates;
    int64_t va, vb, base, group_id, parent_id;
};
void campaign_target_check(arena *a, const struct campaign_target_input *in, struct target_clean *t, struct field_errors *fe);
int campaign_target_resolve(store *s, arena *a, const struct campaign *c, const struct campaign_target_input *in, int64_t self,
                            struct target_clean *t, struct field_errors *fe);
/* Commits a write whose audit entry is aid: the record's id, or STORE_ERR (rolled back). */
int64_t campaign_finish(store *s, int64_t aid, int64_t id);

#endif
