/* anniversary.c: the anniversary calendar (news.h): registered events and people with their dates;
 * for a chosen year each one's n-th anniversary and date (vn_anniversary), marked "năm tròn" (the
 * count ends in 0) or "năm chẵn" (ends in 5) after Decree 145/2013/NĐ-CP — the occasions a campaign
 * is launched to celebrate. */
#include "news.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "campaign.h"
#include "vn.h"
#include "vn_calendar.h"

static const struct vn_field f_name = {1, 300, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_source = {0, 1000, VN_NORM_REPAIR | VN_NORM_MULTILINE};

static int by_date(const void *x, const void *y)
{
    const struct anniversary_row *a = x, *b = y;
    int c = strcmp(a->date, b->date);
    return c ? c : strcmp(a->what, b->what);
}

int anniversary_year(store *s, arena *a, int year, struct anniversary_row **out, int *n)
{
    stmt *q = store_query(s, "SELECT id, kind, name, what, event_date, source FROM anniversary_event ORDER BY event_date, id", "");
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct anniversary_row *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct vn_date ev = {0};
        struct vn_anniversary an;
        struct vn_error err = {0};
        const char *date = stmt_text(q, 4);
        if (!date || sscanf(date, "%4d-%2d-%2d", &ev.year, &ev.month, &ev.day) != 3 || ev.year >= year ||
            vn_anniversary(ev, year, &an, &err) != 0)
            continue;
        struct anniversary_row *r = ARENA_PUSH(a, v, cnt, cap);
        r->id = stmt_int64(q, 0);
        r->kind = stmt_text_dup(q, 1, a);
        r->name = stmt_text_dup(q, 2, a);
        r->what = stmt_text_dup(q, 3, a);
        r->event_date = stmt_text_dup(q, 4, a);
        r->source = stmt_text_dup(q, 5, a);
        r->count = an.count;
        r->date = arena_printf(a, "%04d-%02d-%02d", an.date.year, an.date.month, an.date.day);
        r->cls = vn_anniversary_class_name(an.cls);
        char label[700];
        r->label = vn_anniversary_format(&an, r->what, label, sizeof label) == 0 ? arena_strdup(a, label) : r->what;
    }
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc;
    qsort(v, (size_t)cnt, sizeof *v, by_date);
    *out = v;
    *n = cnt;
    return STORE_OK;
}

int64_t anniversary_add(store *s, arena *a, const struct actor *ac, const char *kind, const char *name, const char *what,
                        const char *event_date, const char *source, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_CAMPAIGN_WRITE)) { ferr_add(fe, "scope", CAMPAIGN_NO_CAP); return 0; }
    if (!str_eq(kind, "event") && !str_eq(kind, "person")) ferr_add(fe, "kind", "Loại là event (sự kiện) hoặc person (nhân vật).");
    const char *n = field_clean(a, name, &f_name, "name", "Tên", fe);
    if (!n && !ferr_get(fe, "name")) ferr_add(fe, "name", "Hãy nhập tên sự kiện hoặc nhân vật.");
    const char *w = field_clean(a, what, &f_name, "what", "Nội dung kỷ niệm", fe);
    if (!w && !ferr_get(fe, "what")) ferr_add(fe, "what", "Hãy nhập nội dung kỷ niệm (ví dụ: ngày sinh đồng chí …).");
    const char *src = field_clean(a, source, &f_source, "source", "Nguồn", fe);
    char iso[11];
    if (!vn_day_iso_month_end(event_date, iso))
        ferr_add(fe, "event_date", arena_printf(a, "Ngày \"%s\" không hợp lệ; hãy viết dd/mm/yyyy.", event_date ? event_date : ""));
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int64_t id = 0;
    if (store_int64(s, &id, "SELECT id FROM anniversary_event WHERE what = $1 AND event_date = $2", "tt", w, iso) == 1) {
        store_rollback(s);
        ferr_add(fe, "what", "Sự kiện này đã có trong lịch.");
        return 0;
    }
    char now[21];
    iso_time(now_unix(), now);
    if (store_int64(s, &id, "INSERT INTO anniversary_event(kind, name, what, event_date, source, created_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", "tttttt", kind, n, w, iso, src, now) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:s, s:s}", "kind", kind, "what", w, "event_date", iso);
    int64_t aid = audit_as(s, ac, "create", "anniversary_event", id, NULL, after);
    json_decref(after);
    if (aid < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return STORE_ERR; }
    return id;
}
