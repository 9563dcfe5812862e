/* fund.h: the fundraising domain (src/fund/): funds with their bank accounts, recognition tiers
 * and disbursements (fund.c); donors, duplicates and merges (donor.c); donations, reversals,
 * pledges and the donation search (donation.c); bank-statement import and reconciliation
 * (statement.c); who qualifies for which tier and the proposals it hands to commendation
 * (fund_tier.c); the VietQR payload (fund_qr.c). No request, no printing: every write takes a
 * `const struct actor *`, checks capability (fund.write) and scope (the fund's owner unit and
 * the units below it; whole-tree roles everywhere) itself, and runs in one transaction with its
 * audit entry. Functions return > 0 (an id) or 1 for done, 0 with field errors (`fe`), < 0 on a
 * store error. Text returned lives in the caller's arena. */
#ifndef THIDUA_FUND_H
#define THIDUA_FUND_H
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "html.h"
#include "import.h"
#include "store.h"

/* ---- funds (fund.c) ---- */
struct fund {
    int64_t id, owner_unit_id, target_amount;
    const char *code, *name, *purpose, *owner_name, *campaign_ref, *period_from, *period_to;
    bool published;
};
struct fund_input {
    const char *code, *name, *purpose, *campaign_ref, *period_from, *period_to;
    int64_t owner_unit_id;     /* 0: the actor's own unit */
    int64_t target_amount;
    bool published;
};
struct fund_totals {
    int64_t donations, donated;            /* count and sum in (reversals excluded) */
    int64_t disbursements, disbursed;      /* count and sum out */
    int64_t donors;                        /* distinct donors and unattributed transfers' senders */
    int64_t reversed;                      /* reversed donations (not counted above) */
};
int64_t fund_create(store *s, arena *a, const struct actor *ac, const struct fund_input *in, struct field_errors *fe);
int fund_set_published(store *s, arena *a, const struct actor *ac, int64_t id, bool published, struct field_errors *fe);
int fund_get(store *s, arena *a, int64_t id, struct fund *out);                  /* 1, 0, < 0 */
/* "id:N", "code:X", bare digits (an id) or a code; 1 found, 0 not (why), < 0 error. */
int fund_find_ref(store *s, arena *a, const char *text, int64_t *id, const char **why);
int fund_list(store *s, arena *a, bool published_only, struct fund **out, int *n);
int fund_totals_get(store *s, int64_t fund_id, struct fund_totals *out);
/* May this actor manage the fund: fund.write and the owner unit in the actor's scope. */
bool fund_may_manage(store *s, const struct actor *ac, const struct fund *f);
json_t *fund_json(const struct fund *f, const struct fund_totals *t);

struct fund_account {
    int64_t id, fund_id;
    const char *bank_bin, *bank_name, *account_no, *account_name;
};
int64_t fund_account_add(store *s, arena *a, const struct actor *ac, const struct fund_account *in,
                         struct field_errors *fe);
int fund_accounts(store *s, arena *a, int64_t fund_id, struct fund_account **out, int *n);

struct fund_tier {
    int64_t id, fund_id, threshold;
    const char *label, *form_code, *period_from, *period_to, *basis;
};
int64_t fund_tier_add(store *s, arena *a, const struct actor *ac, const struct fund_tier *in, struct field_errors *fe);
int fund_tiers(store *s, arena *a, int64_t fund_id, struct fund_tier **out, int *n);   /* by threshold */

struct fund_disbursement {
    int64_t id, fund_id, amount;
    const char *paid_on, *payee, *purpose, *document;
};
int64_t fund_disburse(store *s, arena *a, const struct actor *ac, const struct fund_disbursement *in,
                      struct field_errors *fe);
int fund_disbursements(store *s, arena *a, int64_t fund_id, struct fund_disbursement **out, int *n);

/* Money in over time: sums by day (when the gifts span at most 62 days) or by month ("2024-09"),
 * ascending; reversals excluded. */
struct fund_point { const char *period; int64_t amount, count; };
int fund_series(store *s, arena *a, int64_t fund_id, struct fund_point **out, int *n, bool *by_day);

/* The review queue: open items first, newest first, at most `limit`; *open_count counts them all. */
struct fund_review {
    int64_t id, donation_id, donor_id;
    int score;
    const char *kind, *note, *state, *donor_name, *sender_name, *given_on;
    int64_t amount;
};
int fund_reviews(store *s, arena *a, int64_t fund_id, int limit, struct fund_review **out, int *n, int64_t *open_count);

/* One review item in full, both sides (review.c). A statement match: the transfer already in the
 * fund (given_on … donation_statement) and the line of another statement matched to it (line_*).
 * A donor match: the unattributed transfer (given_on … sender_name) and the registered donor whose
 * folded name its sender's equals (donor_*, score: how close the spellings are, 0–100). */
struct fund_review_item {
    int64_t id, fund_id, donation_id, line_id, donor_id, result_donation_id, amount, donation_donor_id, line_no;
    int score;
    const char *kind, *state, *note, *created_at, *decided_at, *decided_by, *decision_note;
    const char *given_on, *given_time, *bank, *message, *sender_name, *reference, *donation_statement;
    const char *line_message, *line_reference, *line_sender, *line_statement;
    const char *donor_name, *donor_kind, *donor_tax_code;
    bool donor_confirmed;
};
/* A page of a fund's review queue: the items of a kind (NULL: both) and state, by id (oldest
 * first), read by keyset so a link to a page stays right while items are decided and added:
 * the `limit` items after id `after` (0: from the start), or, when before > 0, the `limit` items
 * just below id `before` (the page before). */
enum review_state { REVIEW_OPEN, REVIEW_DECIDED, REVIEW_ALL };
struct review_filter {
    int64_t fund_id;
    const char *kind;           /* "statement_match", "donor_match" or NULL */
    enum review_state state;
    int64_t after, before;
    int limit;                  /* 1..1000; 0: 50 */
};
struct review_page {
    struct fund_review_item *items;
    int n;
    bool more_before, more_after;   /* a page exists before the first item, after the last */
    int64_t total;                  /* items of the filter, all pages */
    int64_t open;                   /* open items of the fund, any kind */
};
int fund_review_page(store *s, arena *a, const struct review_filter *f, struct review_page *out);
/* "open" (or empty), "decided", "all" → the state; false for anything else. And back. */
bool fund_review_state_read(const char *text, enum review_state *out);
const char *fund_review_state_name(enum review_state st);
int fund_review_get(store *s, arena *a, int64_t id, struct fund_review_item *out);     /* 1, 0, < 0 */
/* A person's decision on an open item (the fund's managers; audited; one transaction):
 * - statement match, accept: the line is the same transfer (it stays counted once);
 *   reject: a distinct transfer — the line becomes its own donation (*new_donation), counted;
 * - donor match, accept: the transfer is this donor's gift (counted in the donor's total, tiers
 *   and honour roll); reject: not this donor — the transfer stays unattributed.
 * An item already decided is refused (field "state"). `note` (may be NULL) is the reason given.
 * 1 done, 0 with fe, < 0 on a store error. */
int fund_review_decide(store *s, arena *a, const struct actor *ac, int64_t id, bool accept, const char *note,
                       int64_t *new_donation, struct field_errors *fe);
/* The item as the API and `donation review list --json` give it; mask: personal numbers in the
 * messages and references masked (mask_text). */
json_t *fund_review_json(const struct fund_review_item *v, bool mask);
/* What each kind of item compares, as pages and reports state it. */
#define FUND_DONOR_MATCH_RULE "tên người chuyển đọc từ nội dung chuyển khoản, bỏ dấu và không phân biệt hoa thường, " \
    "trùng tên một nhà tài trợ đã đăng ký; tên giống nhau chưa phải là một người"


/* ---- donors (donor.c) ---- */
struct donor {
    int64_t id, unit_id, merged_into;
    const char *kind, *name, *display_name, *tax_code, *citizen_id, *account_no;
    bool anonymous, honour_consent, identity_confirmed;
};
struct donor_input {
    const char *kind, *name, *display_name, *tax_code, *citizen_id, *account_no;
    int64_t unit_id;
    bool anonymous, no_honour, identity_confirmed;
};
/* A tax code: 10 digits, or 10 digits, '-' and a 3-digit branch number, with the check digit
 * (the 10th) right. Spaces and dots are dropped. False with *why (Vietnamese) otherwise. */
bool donor_tax_code_check(const char *s, char out[15], const char **why);
/* Creates a donor. Refuses a second donor with the same tax code (the error names the first). */
int64_t donor_create(store *s, arena *a, const struct actor *ac, const struct donor_input *in, struct field_errors *fe);
int donor_get(store *s, arena *a, int64_t id, struct donor *out);                 /* 1, 0, < 0 */
int donor_find_ref(store *s, arena *a, const char *text, int64_t *id, const char **why);
/* The name the public sees: "Nhà hảo tâm ẩn danh" for anonymous donors, else the display name
 * or the name. */
const char *donor_public_name(const struct donor *d);
struct donor_duplicate {
    int64_t id;
    const char *name, *why;     /* "cùng mã số thuế", "cùng số tài khoản", "cùng tên" */
};
/* Other (unmerged) donors that may be the same as `id`: same tax code, account or folded name. */
int donor_duplicates(store *s, arena *a, int64_t id, struct donor_duplicate **out, int *n);
/* Pairs of unmerged donors that may be one (same tax code, account or folded name), each side
 * with its gifts (count and sum, reversals excluded). */
struct donor_pair_side { int64_t id, gifts, given; const char *name, *kind, *tax_code; bool identity_confirmed; };
struct donor_pair { struct donor_pair_side a, b; const char *rule, *why; };
/* Read by keyset like the review queue, by (first id, second id): the pairs after the pair
 * (after_a, after_b) (0, 0: from the start) or, when before_a > 0, the page just before the pair
 * (before_a, before_b); `rule` "tax", "account", "name" (the first rule that holds) or NULL. */
struct pair_filter { const char *rule; int64_t after_a, after_b, before_a, before_b; int limit; };
struct pair_page {
    struct donor_pair *items;
    int n;
    bool more_before, more_after;
    int64_t total;              /* pairs of the filter, all pages */
};
int donor_duplicate_page(store *s, arena *a, const struct pair_filter *f, struct pair_page *out);
/* What a rule code says ("cùng mã số thuế" …); a pair cursor "A-B" read (false if it is not one). */
const char *donor_pair_why(const char *rule);
bool donor_pair_cursor_read(const char *text, int64_t *a, int64_t *b);
/* Merges donor `from` into `into`: its donations and pledges move, `from` is kept with
 * merged_into set (its history stays readable), the audit entry lists what moved. Board only
 * (donors are shared by every fund). */
int donor_merge(store *s, arena *a, const struct actor *ac, int64_t from, int64_t into, struct field_errors *fe);

/* ---- donations and pledges (donation.c) ---- */
struct donation {
    int64_t id, fund_id, donor_id, pledge_id, amount;
    const char *given_on, *given_time, *channel, *in_kind, *reference, *message, *sender_name, *bank;
    const char *donor_name;     /* the donor's public name, or NULL */
    const char *reversed_on, *reversal_reason;
};
struct donation_input {
    int64_t fund_id, donor_id, pledge_id, amount;
    const char *given_on, *given_time, *channel, *in_kind, *reference, *message;
};
int64_t donation_add(store *s, arena *a, const struct actor *ac, const struct donation_input *in, struct field_errors *fe);
/* A returned transfer: kept, marked reversed, no longer counted. */
int donation_reverse(store *s, arena *a, const struct actor *ac, int64_t id, const char *on, const char *reason,
                     struct field_errors *fe);
int donation_get(store *s, arena *a, int64_t id, struct donation *out);

struct donation_query {
    int64_t fund_id;
    const char *words;          /* name or message words: folded, prefix, all must match */
    int64_t min_amount, max_amount;   /* 0: no bound */
    const char *from, *to;      /* ISO dates, inclusive; NULL: open */
    int64_t before_id;          /* > 0: the page after the one that ended at this id */
    int limit;                  /* 1..200 */
};
/* Newest first; *more tells whether another page follows (no count: broad queries stay cheap). */
int donation_search(store *s, arena *a, const struct donation_query *q, struct donation **out, int *n, bool *more);
/* Reads a search box: "nguyen huy tho", "500000", "100000-500000", "12/09/2024", "1/9/2024-12/9/2024"
 * and words mixed; fills q (words, amounts, dates). False with *why when a part is unreadable. */
bool donation_query_parse(arena *a, const char *text, struct donation_query *q, const char **why);
json_t *donation_json(const struct donation *d, bool mask);

/* ---- pledges (pledge.c) ---- */
struct pledge {
    int64_t id, fund_id, donor_id, amount;
    int64_t received, gifts;    /* the tied donations not reversed: their sum and count */
    const char *donor_name, *pledged_on, *due_on, *note;
};
/* Records a pledge (donor, amount, pledged_on, due_on?, note?); the id, 0 with fe, < 0. */
int64_t pledge_add(store *s, arena *a, const struct actor *ac, const struct pledge *in, struct field_errors *fe);
/* The fund's pledges by due date (none last), then id. */
int pledge_list(store *s, arena *a, int64_t fund_id, struct pledge **out, int *n);
int pledge_get(store *s, arena *a, int64_t id, struct pledge *out);                 /* 1, 0, < 0 */
/* The donations tied to a pledge (reversed ones too, marked), by date. 0 or < 0. */
int pledge_donations(store *s, arena *a, int64_t pledge_id, struct donation **out, int *n);
/* Late: something is left to receive and the due date is before `today` (ISO). */
bool pledge_overdue(const struct pledge *p, const char *today);
/* Replaces the pledge's donor, amount, dates and note with `in`'s (all given: callers merge a
 * partial change with pledge_get first). Refused: an amount below what has been received (the
 * message names the sum), a new donor while donations are tied. 1, 0 with fe, < 0. */
int pledge_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct pledge *in, struct field_errors *fe);
/* Deletes a pledge against which nothing has been received (field "pledge" says what was,
 * otherwise); reversed donations still tied to it are untied with it. 1, 0 with fe, < 0. */
int pledge_delete(store *s, arena *a, const struct actor *ac, int64_t id, struct field_errors *fe);
/* Ties a donation of the pledge's fund to it: not reversed, not tied elsewhere, and the pledging
 * donor's or without a donor (it then becomes that donor's gift; untying takes that back).
 * Untie: the donation must be tied to this pledge. 1, 0 with fe (field "donation"), < 0. */
int pledge_tie(store *s, arena *a, const struct actor *ac, int64_t id, int64_t donation_id, struct field_errors *fe);
int pledge_untie(store *s, arena *a, const struct actor *ac, int64_t id, int64_t donation_id, struct field_errors *fe);
/* The pledge as the API and the CLI give it: what is left and whether it is overdue on `today`. */
json_t *pledge_json(const struct pledge *p, const char *today);

/* ---- bank statements (statement.c) ---- */
/* How a statement's lines split and what each column is. A line is split at commas: the first
 * `head` fields, then the message (everything up to the last `tail` fields, commas included),
 * then the last `tail` fields. Columns are numbered from 1 over that logical record (the
 * message is column head+1); 0 means absent. */
struct statement_profile {
    const char *name;
    bool header;                /* the first line names the columns */
    int head, tail;
    int date, time, amount, message, reference, bank;   /* `time` may equal `date` ("dd/mm hh:mm:ss") */
};
/* The built-in profiles ("saoke": the public statements of 2024, date,bank,id,money,desc,page). */
const struct statement_profile *statement_profile_find(const char *name);
/* A --map spec: "head=4,tail=1,date=1,time=1,amount=4,message=5,reference=3,bank=2,header=1".
 * False with *why when something is missing or inconsistent. */
bool statement_profile_parse(arena *a, const char *spec, struct statement_profile *out, const char **why);

struct statement_result {
    struct import_report rep;   /* the runner's per-line report (line numbers of the file) */
    int fresh, matched, uncertain, already;   /* new transfers, lines matched to a transfer already
                                                 there (another statement), of which queued for
                                                 review, lines imported before (same file) */
    int donor_reviews;          /* sender names queued against registered donors */
    int64_t sum_fresh;          /* đồng of the new transfers */
};
/* Imports one statement (CSV, or CSV compressed with gzip: recognised by its bytes) into a fund:
 * atomic, idempotent, with a line-by-line report. `year` fills dates without a year (0: such a
 * line is rejected). Lines matching a transfer of another statement of the fund (same bank
 * column, date, time to the second and amount; among twins, in order) are counted once.
 * `progress` (may be NULL) is called with (done, total) lines while checking. Returns 0 when
 * the file was processed (see res->rep), 0 with fe for a refused actor, < 0 on a store error. */
int statement_import(store *s, arena *a, const struct actor *ac, int64_t fund_id, const struct statement_profile *p,
                     int year, const char *file_name, const char *data, size_t len, unsigned flags,
                     const struct import_quota *quota, void (*progress)(void *ctx, int done, int total), void *progress_ctx,
                     struct statement_result *res, struct field_errors *fe);

/* The statement import writes through the batched runner (import.h, import_run_batched): its
 * rows stay invisible until the import is published, and a batch left by a dead process is
 * discarded by the function this registers (under the entity "donation"), which app_start calls
 * so that `thidua serve` clears such batches before anything else writes. */
void statement_batches_register(void);

/* The match rule, as reports state it. */
#define STATEMENT_MATCH_RULE "cùng cột ngân hàng, ngày, giờ (đến giây) và số tiền với một giao dịch của sao kê khác trong quỹ; " \
    "các giao dịch trùng giờ và số tiền ghép theo thứ tự, cặp không chắc chắn chờ xem xét; dòng không có giờ không ghép"
/* The report of an import as JSON: the runner's report (with every line, or without) and the
 * counts above (statement_job.c). */
json_t *statement_result_json(const struct statement_result *res, bool with_lines);
/* The same import as a background job (statement_job.c); the job id or -1. */
int64_t statement_job_start(store *s, const struct actor *ac, int64_t fund_id, const struct statement_profile *p, int year,
                            const struct import_quota *quota, const char *file_name, const char *data, size_t len,
                            unsigned flags);
/* About how many data lines a statement file holds (for choosing a job). */
int64_t statement_data_lines(const char *data, size_t len, int at_most);

/* ---- receipts (receipt.c) ---- */
struct receipt {
    int64_t id, donation_id, fund_id, number;
    int year;
    const char *issued_at, *issued_by;
};
/* Issues the donation's receipt (or gives the one it has: one per donation), numbered in the
 * register ("receipt", "fund:<id>", the donation's year) inside the same transaction. The id,
 * 0 with fe, < 0; *out (may be NULL) is filled. */
int64_t receipt_issue(store *s, arena *a, const struct actor *ac, int64_t donation_id, struct receipt *out,
                      struct field_errors *fe);
int receipt_get(store *s, arena *a, int64_t id, struct receipt *out);                /* 1, 0, < 0 */
/* The receipt as a PDF (Decree 30 layout; amount in figures and words) appended to out. */
int receipt_pdf(store *s, arena *a, int64_t id, buf *out, char *err, size_t errlen);

/* ---- tiers and proposals (fund_tier.c) ---- */
struct tier_qualifier {
    int64_t donor_id, total, gifts;
    const char *name, *public_name, *kind, *subject_key;   /* subject_key NULL: identity not confirmed */
    bool anonymous, honour_consent, identity_confirmed;
    int64_t unit_id;
};
/* Donors whose total to the fund (within the tier's period, if any; reversals excluded) reaches
 * the tier's threshold, largest first. */
int tier_qualifiers(store *s, arena *a, const struct fund_tier *t, struct tier_qualifier **out, int *n);
/* For a tier tied to a commendation form: one proposal_intake row per qualifying donor whose
 * identity is confirmed (source 'fund_tier', achievement "fund:F/tier:T/YEAR"); others are
 * counted in *skipped. *created new rows, *existing rows already there. */
int tier_propose(store *s, arena *a, const struct actor *ac, int64_t tier_id, int year, int *created, int *existing,
                 int *skipped, struct field_errors *fe);

/* ---- the honour roll and VietQR (fund_qr.c) ---- */
/* The EMVCo / NAPAS VietQR payload for a transfer to (bin, account) with an optional amount
 * (0: the payer types it) and message, ending in its CRC-16/CCITT-FALSE. NULL if bin is not
 * 6 digits or the account not 1..19 letters and digits. */
char *vietqr_payload(arena *a, const char *bank_bin, const char *account, int64_t amount, const char *message);
/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of data[0..len). */
unsigned vietqr_crc16(const char *data, size_t len);

/* `thidua fund|donor|donation …` (fund_cmd.c), listed in main.c. */
int fund_cmd(int argc, char **argv);
int donor_cmd(int argc, char **argv);
int donation_cmd(int argc, char **argv);

/* The demo funds (fund_demo.c), inside demo_populate's transaction. */
int fund_demo_load(store *s, arena *a);
#endif
