/* campaign.h: the domain of emulation campaigns (phong trào thi đua): a campaign with its occasions,
 * participating units, numbered content groups and typed targets (campaign.c); progress reports
 * with versions and the Board's decisions (report.c); the evaluation of every target, group,
 * campaign and unit on a date (campaign_eval.c over evaluate.c); the seed's campaign as demo data
 * (campaign_demo.c). No request and no HTML here: the pages and API are campaign_web.c and
 * report_web.c, the CLI campaign_cmd.c.
 *
 * One return convention for every write (as unit.h and block.h): the record's id (> 0) on
 * success, 0 when refused with field errors, < 0 a store error (rolled back). Every write is one
 * transaction with one audit entry (entity "campaign" or "campaign_report"). Each write takes the
 * writer as a `const struct actor *` and checks it here:
 *  - campaigns, occasions, groups, targets, status changes, accepting and returning reports:
 *    campaign.write (the Board); refusal: field error "scope";
 *  - submitting or changing a report: report.write, and the report's unit inside the writer's
 *    scope (its unit and the units below; whole-tree roles everywhere), and the unit responsible
 *    for the target; refusal: "scope";
 *  - once the campaign is closed (or reviewed) only an administrator (the settings capability,
 *    which only the admin role holds) changes a report, always with a reason that the audit entry
 *    and the new version keep. */
#ifndef THIDUA_CAMPAIGN_H
#define THIDUA_CAMPAIGN_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "evaluate.h"
#include "html.h"
#include "store.h"

#define CAMPAIGN_NO_CAP "Chỉ Ban Thi đua – Khen thưởng (quyền campaign.write) được làm việc này."
#define REPORT_NO_CAP "Bạn không có quyền báo cáo tiến độ (report.write)."
/* The administrator: the one role with the settings capability (sql/001_core.sql). */
#define CAMPAIGN_ADMIN_CAP CAP_SETTINGS

enum { CAMPAIGN_TEXT_MAX = 2000, CAMPAIGN_NAME_MAX = 500, CAMPAIGN_CODE_MAX = 40, REPORT_NOTE_MAX = 4000 };

struct campaign {
    int64_t id;
    const char *code, *title, *theme, *kind, *scope, *authority, *plan_number, *launch_date, *start_date,
        *end_date, *status, *participation, *source;
    bool illustrative;
    int64_t days;                 /* the period's length counting both ends, from the dates */
    /* the printed report's "Nơi nhận" (one line per recipient) and number ("15/BC-UBND"); NULL:
     * CAMPAIGN_REPORT_RECIPIENTS and an unnumbered "Số:" line (sql/024) */
    const char *report_recipients, *report_number;
};
struct campaign_input {
    const char *code, *title, *theme, *kind, *scope, *authority, *plan_number, *launch_date, *start_date,
        *end_date, *participation, *source;
    bool illustrative;
};
struct campaign_occasion {
    int64_t id;
    const char *event, *event_date;
    int year;
    int count;                    /* n-th anniversary */
    const char *celebration_date; /* ISO */
    const char *label;            /* "110 năm ngày sinh đồng chí Hoàng Văn Thụ (04/11/1909 - 04/11/2019)" */
    const char *cls;              /* "năm tròn", "năm chẵn" or "" */
};
struct campaign_participant { int64_t id; const char *unit_kind; int64_t block_id, unit_id; const char *name; };
struct campaign_group { int64_t id; int number; const char *title, *note; };
struct campaign_target {
    int64_t id, group_id, parent_id, unit_id;
    int group_number;
    const char *code, *phrase, *subject, *measure_unit, *comparator, *baseline_period, *deadline, *rollup;
    bool has_a, has_b, has_baseline;
    int64_t value_a, value_b, baseline_value;
    int weight;
    bool accumulates;
    const char *unit_name;        /* the split's unit */
    const char *responsible;      /* names of the responsible units, "; "-joined (NULL: none) */
};
struct campaign_target_input {
    const char *group_ref;        /* the group's number */
    const char *parent_code;      /* a sub-measure or split share of that target; NULL: top level */
    const char *code, *phrase, *subject, *measure_unit, *comparator;
    const char *value_a, *value_b, *baseline_value;   /* text: "99", "99,5", "1.234" */
    const char *baseline_period, *deadline;            /* deadline: ISO or dd/mm/yyyy; NULL: the campaign's end */
    int weight;                   /* 0 → 1 */
    int accumulates;              /* -1: by the comparator (counts and milestones accumulate) */
    const char *rollup;           /* "none" (default), "all", "sum", "ratio", "count" */
    const int64_t *unit_ids; int n_units;   /* responsible units */
    int64_t split_unit_id;        /* a per-unit share: its unit */
};

/* The Vietnamese labels of codes. */
const char *campaign_kind_label(const char *kind);         /* "Theo chuyên đề" */
const char *campaign_scope_label(const char *scope);
const char *campaign_status_label(const char *status);      /* "Đang triển khai" … */
const char *campaign_rollup_label(const char *rollup);

/* ---- reading (arena memory; 1 found / 0 not / < 0 error, or STORE_OK) ---- */
/* public_only: the campaigns anyone may read (launched, closed, reviewed; never drafts). */
int campaign_list(store *s, arena *a, bool public_only, struct campaign **out, int *n);
int campaign_get(store *s, arena *a, int64_t id, struct campaign *out);
/* By id ("12", "id:12") or code. 1, 0, < 0. */
int campaign_find_ref(store *s, arena *a, const char *ref, int64_t *id);
int campaign_occasions(store *s, arena *a, int64_t id, struct campaign_occasion **out, int *n);
int campaign_participants(store *s, arena *a, int64_t id, struct campaign_participant **out, int *n);
int campaign_groups(store *s, arena *a, int64_t id, struct campaign_group **out, int *n);
/* Every target of the campaign, parents before their children, in group and position order. */
int campaign_targets(store *s, arena *a, int64_t id, struct campaign_target **out, int *n);
/* The same without the shares of per-unit splits (targets with both a parent and a unit): what
 * the dashboard shows as rows; the shares come as counts from the kept tallies (campaign_tally.c). */
int campaign_targets_without_shares(store *s, arena *a, int64_t id, struct campaign_target **out, int *n);
/* Targets by id, for the folder's lookups over tens of thousands of shares: index[] sorted by id,
 * find returns the position in the original array or -1. */
struct campaign_id_index { int64_t id; int index; };
struct campaign_id_index *campaign_index_make(arena *a, const struct campaign_target *t, int n);
int campaign_index_find(const struct campaign_id_index *ix, int n, int64_t id);
int campaign_target_get(store *s, arena *a, int64_t target_id, struct campaign_target *out);
/* What the target asks for, as people read it: "> 99 %", "90 – 95 % dự toán", "giảm ≥ 5 % so với
 * kỳ gốc", "≥ 12 xã đạt 19/19 tiêu chí", "hoàn thành" … (arena). */
const char *campaign_target_goal(arena *a, const struct campaign_target *t);
/* The rule of a stored target for evaluate.c (start: the campaign's start). */
struct target_rule campaign_target_rule(const struct campaign_target *t, const char *start);

/* ---- writing ---- */
int64_t campaign_create(store *s, arena *a, const struct actor *ac, const struct campaign_input *in,
                        struct field_errors *fe);
/* draft → launched → closed → reviewed, one step at a time (closed → launched reopens, admin only). */
int64_t campaign_set_status(store *s, arena *a, const struct actor *ac, int64_t id, const char *status,
                            struct field_errors *fe);
/* An occasion: the event's name and date (ISO or dd/mm/yyyy) and the year it is celebrated
 * (0: the year the campaign ends). */
int64_t campaign_occasion_add(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *event,
                              const char *event_date, int year, struct field_errors *fe);
/* Participants: kind "unit_kind" (value a unit kind), "block" (a block id), "unit" (a unit id). */
int64_t campaign_participant_add(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *kind,
                                 const char *unit_kind, int64_t ref_id, struct field_errors *fe);
int64_t campaign_group_add(store *s, arena *a, const struct actor *ac, int64_t campaign_id, int number,
                           const char *title, const char *note, struct field_errors *fe);
int64_t campaign_target_add(store *s, arena *a, const struct actor *ac, int64_t campaign_id,
                            const struct campaign_target_input *in, struct field_errors *fe);

/* The printed report's "Nơi nhận" when the Board has typed none. */
#define CAMPAIGN_REPORT_RECIPIENTS "- Thường trực UBND tỉnh;\n- Các đơn vị tham gia phong trào;\n- Lưu: VT."
/* The printed report's "Nơi nhận" (one recipient a line; NULL keeps, "" returns to the standard
 * list) and its number and symbol (NULL keeps, "" unnumbered; "15/BC-UBND": a number, "/", a
 * symbol of letters, digits and "-"; a leading "Số:" is taken off), under the edit rule below
 * (campaign_editable). One audit entry "report_print" with before and after. Returns the id. */
int64_t campaign_report_print_set(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *recipients,
                                  const char *number, const char *reason, struct field_errors *fe);
/* ---- editing what was added (campaign.c) ----
 * The same writer as the adds (campaign.write) while the campaign is a draft or launched; once it
 * is closed (or reviewed) only the administrator, always with `reason`, which the audit entry
 * keeps (as report_change). Each edit is one transaction with one audit entry on the campaign
 * holding the record's values before and after. Returns the record's id, 0 refused, < 0 error. */
#define CAMPAIGN_CLOSED_NO_CAP "Phong trào đã kết thúc: chỉ quản trị hệ thống được sửa nội dung, kèm lý do."
/* A target's new values: `in` is read as a change — a NULL text member keeps the stored value, ""
 * clears an optional one (phrase, values, baseline, deadline: the campaign's end); weight < 0 and
 * accumulates < 0 keep; units are replaced when set_units; split_unit_id 0 keeps. group_ref moves
 * the target (with its sub-measures and shares) to another group; parent_code is ignored (a target
 * stays where it is in the tree). Changing the comparator or values changes its status at the next
 * evaluation: statuses are computed from the kept accepted reports (campaign_latest), which an edit
 * of the rule leaves as they are. Refused: removing a responsible unit that has reported on it,
 * changing a share's unit once it has reports, rollup "none" on a target with sub-measures. */
int64_t campaign_target_update(store *s, arena *a, const struct actor *ac, int64_t target_id,
                               const struct campaign_target_input *in, bool set_units, const char *reason,
                               struct field_errors *fe);
/* Removes a target with its sub-measures and shares — refused (field "reports") when any of them
 * has a progress report: reports are never deleted. Returns target_id. */
int64_t campaign_target_remove(store *s, arena *a, const struct actor *ac, int64_t target_id, const char *reason,
                               struct field_errors *fe);
/* Renumbers (number 0 keeps; the number must be free in the campaign) and retitles (title NULL
 * keeps; note NULL keeps, "" clears) a content group. */
int64_t campaign_group_update(store *s, arena *a, const struct actor *ac, int64_t group_id, int number, const char *title,
                              const char *note, const char *reason, struct field_errors *fe);
/* Removes a content group with its targets (their sub-measures and shares) — refused (field
 * "reports") when any of them has a progress report, since reports are never deleted, and (field
 * "scoring") while a computed scoring criterion of the campaign names the group's number. The audit
 * entry keeps the group and how many targets went with it. Returns group_id. */
int64_t campaign_group_remove(store *s, arena *a, const struct actor *ac, int64_t group_id, const char *reason, struct field_errors *fe);
/* An occasion's event, date and year (NULL / 0 keep); the anniversary is computed from them on read. */
int64_t campaign_occasion_update(store *s, arena *a, const struct actor *ac, int64_t occasion_id, const char *event,
                                 const char *event_date, int year, const char *reason, struct field_errors *fe);
int64_t campaign_occasion_remove(store *s, arena *a, const struct actor *ac, int64_t occasion_id, const char *reason,
                                 struct field_errors *fe);
/* Removes a participant row (a unit, a block or a unit kind) — refused (field "reports", naming
 * the units) when a unit it brings in has sent a report on this campaign. */
int64_t campaign_participant_remove(store *s, arena *a, const struct actor *ac, int64_t participant_id, const char *reason,
                                    struct field_errors *fe);
/* A stored value (milli) as a form shows it for editing: "99,5", "1234" (NULL when absent). */
const char *campaign_value_text(arena *a, bool has, int64_t milli);
/* Inside an edit's transaction: the campaign exists and `ac` may edit what hangs on it now — the
 * Board (campaign.write) while it runs, only the administrator with a reason once it is closed or
 * reviewed. *reason gets the cleaned reason (NULL: none given). 1 allowed, 0 refused (field errors
 * "id", "scope", "reason"), < 0 error. Scoring sheets (scoring.c) pass through the same gate. */
int campaign_editable(store *s, arena *a, const struct actor *ac, int64_t campaign_id, const char *reason_in,
                      struct campaign *c, const char **reason, struct field_errors *fe);
/* The record's campaign (group, occasion, participant, target): 1, 0 not found, < 0. */
int campaign_of_record(store *s, const char *table, int64_t record_id, int64_t *campaign_id);

/* ---- progress reports (report.c) ---- */
struct campaign_report {
    int64_t id, target_id, unit_id, series_id;
    int version;
    const char *as_of, *note, *state, *decision_reason, *change_reason, *created_at, *created_by, *decided_at,
        *decided_by, *unit_name, *target_code;
    int64_t value;
    bool has_denominator, has_baseline;
    int64_t denominator, baseline_value;
    bool illustrative;
};
struct report_input {
    int64_t target_id, unit_id;
    const char *as_of;            /* ISO or dd/mm/yyyy */
    const char *value;            /* text number; a milestone: "100" (done) or a percent done */
    const char *denominator, *baseline_value, *note;
    const char *change_reason;    /* required for an administrator's change after the close */
    bool illustrative;
    /* evidence files (PDF, PNG, JPEG, XLSX: file_policy_evidence), stored and attached to the new
     * version in the same transaction; one refused file refuses the report (field "evidence") */
    const struct upload *evidence;
    int n_evidence;
};
#define REPORT_FILE_OWNER "campaign_report"
const char *report_state_label(const char *state);
int report_get(store *s, arena *a, int64_t id, struct campaign_report *out);
/* The reports of a campaign (state NULL: all; target_id/unit_id 0: all), newest first; every
 * version when all_versions, else the latest version of each series. */
int report_list(store *s, arena *a, int64_t campaign_id, int64_t target_id, int64_t unit_id, const char *state,
                bool all_versions, struct campaign_report **out, int *n);
int report_versions(store *s, arena *a, int64_t series_id, struct campaign_report **out, int *n);
int64_t report_submit(store *s, arena *a, const struct actor *ac, const struct report_input *in,
                      struct field_errors *fe);
/* A new version of report `id`'s series (the latest version): values in `in` (target and unit
 * are the series'). Before the close: report.write in scope; after: the administrator, with
 * in->change_reason. Returns the new version's id. */
int64_t report_change(store *s, arena *a, const struct actor *ac, int64_t id, const struct report_input *in,
                      struct field_errors *fe);
/* The Board accepts (accept true) or returns (reason required) a submitted latest version. */
int64_t report_decide(store *s, arena *a, const struct actor *ac, int64_t id, bool accept, const char *reason,
                      struct field_errors *fe);

/* ---- evaluation on a date (campaign_eval.c) ---- */
/* A target's status kept for a page: the sentence lives in the arena ("" when not asked for). */
struct target_status_kept { enum target_status status; bool exceeded; const char *rule; };
struct target_result {
    const struct campaign_target *target;
    struct target_status_kept eval;
    struct observation obs;       /* the latest accepted value used (obs.has false: none) */
    int64_t report_id;            /* that report's id, 0: none (parents: 0) */
};
struct status_count { int n[ST__COUNT]; int total; int weight_met, weight_total; };
struct campaign_eval {
    int64_t campaign_id;
    struct campaign_target *targets; int n;     /* as campaign_targets (without the shares when from_tally) */
    struct target_result *results;              /* one per target, same order */
    struct status_count *shares;                /* one per target: its split shares' statuses (total 0: none) */
    bool from_tally;                            /* shares read as kept counts (campaign_tally.c), not one by one */
    struct campaign_group *groups; int ngroups;
    struct status_count *by_group;              /* one per group (top-level targets) */
    struct status_count total;                  /* top-level targets of the campaign */
    const char *on;
};
/* Evaluates every target of the campaign on `on` (ISO): only accepted reports as of `on` or
 * earlier count. */
int campaign_evaluate(store *s, arena *a, const struct campaign *c, const char *on, struct campaign_eval *out);
/* The same with the source chosen: latest_table reads campaign_latest (right for any date from
 * today on), else the reports (any date). campaign_evaluate picks by the date; tests compare both. */
int campaign_evaluate_from(store *s, arena *a, const struct campaign *c, const char *on, bool latest_table,
                           struct campaign_eval *out);
/* with_rules false: the shares of per-unit splits get their status without the rule's sentence
 * (pages that show them as counts: the dashboard, the ranking); and, from today on when the
 * campaign's tallies are current, the shares are not read at all: targets holds the other
 * targets, shares[] and campaign_units_counts come from the kept counts (from_tally). */
int campaign_evaluate_opts(store *s, arena *a, const struct campaign *c, const char *on, bool latest_table, bool with_rules,
                           struct campaign_eval *out);
/* campaign_evaluate without the shares' sentences. */
int campaign_evaluate_brief(store *s, arena *a, const struct campaign *c, const char *on, struct campaign_eval *out);
/* The statuses of the targets (leaves and split shares) unit_id is responsible for. */
int campaign_unit_counts(store *s, const struct campaign_eval *e, int64_t unit_id, struct status_count *out);
/* campaign_unit_counts for many units at once (out[i] for unit_ids[i]), in one pass. */
int campaign_units_counts(store *s, arena *a, const struct campaign_eval *e, const int64_t *unit_ids, int nunits,
                          struct status_count *out);
/* ---- kept statuses and counts (campaign_tally.c; sql/023), inside the caller's transaction ---- */
/* 1 when the campaign's kept rows were built by the current rules (EVAL_RULES_VERSION), 0 not, < 0. */
int campaign_tally_current(store *s, int64_t campaign_id);
/* Rebuilds every kept status and count of the campaign: after a change of its start date, after a
 * target is deleted, for campaigns kept before migration 023 (`thidua campaign refresh`). */
int campaign_refresh(store *s, int64_t campaign_id);
/* Brings the kept rows up to date after target_id changed: its latest accepted report (report.c),
 * a share added under it or it added as a share (campaign_target_add). Rebuilds the whole campaign
 * when its kept rows are not current — which is always the case after an UPDATE of a target's rule
 * (comparator, values, deadline, weight, roll-up, place) or a DELETE: triggers of sql/023 mark the
 * campaign stale, so edit code calls this (or campaign_refresh) in its transaction and pages never
 * read stale rows even if it does not. STORE_OK or < 0. */
int campaign_refresh_target(store *s, int64_t target_id);

/* The evaluation date a page uses: ?on= when valid, else today. */
const char *campaign_default_on(arena *a, const char *requested);

/* ---- the printable report (campaign_pdf.c) ---- */
/* The campaign's report on e->on as a Decree 30 PDF appended to out: the campaign, its
 * occasions, the status counts and a bar chart per group, every group's targets with their latest
 * value, status and rule, the block rankings, the signer from the settings. 0, or -1 with err. */
int campaign_report_pdf(store *s, arena *a, const struct campaign *c, const struct campaign_eval *e, buf *out, char *err,
                        size_t errlen);

/* ---- the demo (campaign_demo.c): the seed's campaign, called once by app/demo.c ---- */
int campaign_demo_load(store *s, arena *a, const struct actor *ac);

/* CLI: `thidua campaign …`, `thidua report …` (campaign_cmd.c). */
int campaign_cmd(int argc, char **argv);
int report_cmd(int argc, char **argv);
#endif
