/* scoring.h: block scoring and ranking (scoring.c): a scoring sheet per block, year and campaign
 * with criteria — computed from the campaign's target statuses, entered by the Board, bonuses and
 * penalties — each member unit's score with every line explained, a ranking with a stated tie rule,
 * the leading unit(s), and the Board's proposal of the leader(s) for the province's emulation flag
 * through proposal_intake (core). Same write conventions as campaign.h (id / 0 refused / < 0). */
#ifndef THIDUA_SCORING_H
#define THIDUA_SCORING_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "campaign.h"
#include "html.h"
#include "store.h"

/* The tie rule, as the pages state it and scoring_rank applies it. */
#define SCORING_TIE_RULE "Bằng tổng điểm thì xếp trên đơn vị có ít điểm trừ hơn; vẫn bằng thì xếp trên đơn vị có nhiều " \
    "điểm từ kết quả thực hiện chỉ tiêu hơn; vẫn bằng thì đồng hạng và cùng được đề nghị."
#define SCORING_FORM_FLAG "CO_THI_DUA_UBND_TINH"

struct scoring_sheet { int64_t id, block_id, campaign_id; int year; const char *title, *block_name, *campaign_code; bool illustrative; };
struct scoring_criterion { int64_t id; const char *code, *title, *kind; int64_t max_points; int weight; };
struct scoring_criterion_input { const char *code, *title, *kind, *max_points; int weight; };
/* One line of a unit's score: the criterion, the points before the weight, the line's signed
 * contribution (points × weight, negative for a penalty) and why. */
struct score_line { const struct scoring_criterion *c; int64_t points, contribution; const char *why; };
struct unit_score {
    int64_t unit_id;
    const char *unit_name;
    struct score_line *lines; int nlines;
    int64_t total, penalty, targets_points;   /* milli-points */
    int rank;                                 /* 1 = first; equal ranks after the tie rule: shared */
};
struct scoring_result {
    struct scoring_sheet sheet;
    struct scoring_criterion *criteria; int ncriteria;
    struct unit_score *units; int nunits;     /* in rank order */
    const char *on;                           /* the campaign's statuses are taken on this date */
};

/* Orders v by the tie rule and sets each rank (pure; exposed for tests). */
void scoring_rank(struct unit_score *v, int n);
/* "12,5 điểm" of milli-points into out (32 bytes). */
void scoring_points_format(int64_t milli, char *out, size_t cap);

int scoring_sheet_get(store *s, arena *a, int64_t id, struct scoring_sheet *out);             /* 1, 0, < 0 */
int scoring_sheets_of_campaign(store *s, arena *a, int64_t campaign_id, struct scoring_sheet **out, int *n);
/* The sheet's scores: the block's members during the year, each criterion line by line, ranked.
 * Computed criteria use the campaign's statuses on `on` (NULL: the campaign's last day, or today
 * if earlier). */
int scoring_compute(store *s, arena *a, int64_t sheet_id, const char *on, struct scoring_result *out);

int64_t scoring_sheet_create(store *s, arena *a, const struct actor *ac, int64_t campaign_id, int64_t block_id, int year,
                             const char *title, const struct scoring_criterion_input *crit, int ncrit, bool illustrative,
                             struct field_errors *fe);
/* The Board's points for a unit on an entered, bonus or penalty criterion (0..max; replaces). */
int64_t scoring_entry_set(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const char *criterion_code,
                          int64_t unit_id, const char *points, const char *note, struct field_errors *fe);
/* Puts the leading unit(s) forward (proposal_intake, source campaign_result, form
 * CO_THI_DUA_UBND_TINH). Returns how many rows were added (> 0), 0 refused / already proposed (field
 * errors), < 0 error. */
int64_t scoring_propose(store *s, arena *a, const struct actor *ac, int64_t sheet_id, struct field_errors *fe);

/* The demo's sheet (campaign_demo.c): Khối văn hóa – xã hội, 2019, on the seed's campaign. */
int scoring_demo_load(store *s, arena *a, const struct actor *ac, int64_t campaign_id);
#endif
