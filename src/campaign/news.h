/* news.h: news posts of a campaign (news.c) and the anniversary calendar (anniversary.c). Same
 * write conventions as campaign.h: the id / 0 refused with field errors / < 0 store error; the
 * Board (campaign.write) writes, in one audited transaction each. */
#ifndef THIDUA_NEWS_H
#define THIDUA_NEWS_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "html.h"
#include "store.h"

#define NEWS_FILE_OWNER "campaign_news"
struct campaign_news { int64_t id, campaign_id; const char *title, *body, *source, *status, *author, *created_at, *published_at; };
/* The campaign's posts, newest first; drafts only when with_drafts. */
int news_list(store *s, arena *a, int64_t campaign_id, bool with_drafts, struct campaign_news **out, int *n);
int news_get(store *s, arena *a, int64_t id, struct campaign_news *out);      /* 1, 0, < 0 */
/* photos (PNG, JPEG: file_policy_photo) are stored and attached with `caption` in the same
 * transaction; one refused photo refuses the post (field "photos"). */
int64_t news_create(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *title, const char *body,
                    const char *source, const struct upload *photos, int nphotos, const char *caption, struct field_errors *fe);
int64_t news_publish(store *s, arena *a, const struct actor *ac, int64_t id, struct field_errors *fe);

/* Edits a draft or a published post: title, body, source (NULL keeps; source "" clears); adds
 * `photos` with `caption` and detaches the files in remove_photo_ids (each must be one of the
 * post's photos, else field "photos"). A post's status stays as it is. */
int64_t news_update(store *s, arena *a, const struct actor *ac, int64_t id, const char *title, const char *body,
                    const char *source, const struct upload *photos, int nphotos, const char *caption,
                    const int64_t *remove_photo_ids, int nremove, struct field_errors *fe);
/* A published post back to a draft: off the public pages until published again. */
int64_t news_unpublish(store *s, arena *a, const struct actor *ac, int64_t id, struct field_errors *fe);

/* ---- the anniversary calendar ---- */
struct anniversary_row {
    int64_t id;
    const char *kind, *name, *what, *event_date, *source;
    int count;                    /* n-th anniversary in the year asked */
    const char *date;             /* ISO, in that year */
    const char *cls;              /* "năm tròn", "năm chẵn" or "" */
    const char *label;            /* "110 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2019)" */
};
/* Every registered event's anniversary in `year` (events of that year or later are left out), by date. */
int anniversary_year(store *s, arena *a, int year, struct anniversary_row **out, int *n);
int64_t anniversary_add(store *s, arena *a, const struct actor *ac, const char *kind, const char *name, const char *what,
                        const char *event_date, const char *source, struct field_errors *fe);
#endif
