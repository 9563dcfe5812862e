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
/* A computed ('targets') criterion reads the campaign's groups listed in group_numbers ("1,3";
 * NULL: every group) by its method: "share" (max × the weighted share of the unit's targets met)
 * or "all" (max only when every one is met). Other kinds keep NULL and "share". */
struct scoring_criterion { int64_t id; const char *code, *title, *kind; int64_t max_points; int weight; const char *group_numbers, *method; };
struct scoring_criterion_input { const char *code, *title, *kind, *max_points; int weight; const char *group_numbers, *method; };
/* One cell of the Board's grid: the points (NULL or "": none, which clears an earlier entry) and
 * the reason (required for a bonus or a penalty above 0). key: the field every error of the cell
 * is reported under (the form's input name, "entries[3]"). */
struct scoring_cell { const char *criterion_code; int64_t unit_id; const char *points, *note, *key; };
/* One line of a unit's score: the criterion, the points before the weight, the line's signed
 * contribution (points × weight, negative for a penalty) and why. */
struct score_line { const struct scoring_criterion *c; int64_t points, contribution; const char *why;
                    bool entered; const char *note; };   /* entered: the Board has points on this line; note: their reason */
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
/* A sheet's title (NULL keeps), block (0 keeps) and year (0 keeps), under the campaign's edit rule
 * (campaign_editable: the Board while it runs, the administrator with `reason` after the close).
 * The Board's points stay with the units they were given to, so a move of block or year is refused
 * (naming the units) while a scored unit would not be a member of the block in that year — their
 * points would silently fall out of the ranking — and refused once the sheet's leaders have been
 * proposed (the proposal names the block and year). Refused too: a block and year that already
 * have a sheet for the campaign. Nothing changed: returns the id and writes no audit entry.
 * Otherwise one audit entry "update" with before and after (and how many points were kept). */
int64_t scoring_sheet_update(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const char *title, int64_t block_id,
                             int year, const char *reason, struct field_errors *fe);
/* The criteria of a sheet, added, changed, removed (with the points entered on it, which the audit
 * entry counts) and moved one place up (delta -1) or down (+1): the Board only. Changing a
 * criterion refuses a maximum below points already entered and turning an entered criterion into a
 * computed one while it holds points. Each returns the criterion's id (remove: the sheet's). */
int64_t scoring_criterion_add(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const struct scoring_criterion_input *in,
                              struct field_errors *fe);
int64_t scoring_criterion_update(store *s, arena *a, const struct actor *ac, int64_t sheet_id, int64_t criterion_id,
                                 const struct scoring_criterion_input *in, struct field_errors *fe);
int64_t scoring_criterion_remove(store *s, arena *a, const struct actor *ac, int64_t sheet_id, int64_t criterion_id,
                                 struct field_errors *fe);
int64_t scoring_criterion_move(store *s, arena *a, const struct actor *ac, int64_t sheet_id, int64_t criterion_id, int delta,
                               struct field_errors *fe);
/* The Board's grid: every cell checked first (errors under each cell's key), then all written in
 * one transaction with one audit entry listing the cells that changed; nothing is written when
 * one cell is wrong. Returns the sheet's id. */
int64_t scoring_entries_set(store *s, arena *a, const struct actor *ac, int64_t sheet_id, const struct scoring_cell *cells, int n,
                            struct field_errors *fe);
/* The blocks a sheet can be made for: pairs {id, name} ended by NULL (for a select). */
int scoring_block_options(store *s, arena *a, const char ***out);
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
