/* decision.c: the domain of commendation decisions (decision.h): drafting from approved
 * proposals with the money of the rule base, signing with the register's numbers and the award
 * history, revoking. No request and no HTML: the pages and API are decision_web.c, the CLI
 * decision_cmd.c, the printed forms decision_pdf.c. */
#include "decision.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "award_rules.h"
#include "award_subject.h"
#include "holiday.h"
#include "numbering.h"
#include "proposal.h"
#include "vn.h"
#include "vn_calendar.h"

#define NO_BOARD "Chỉ Ban Thi đua – Khen thưởng (quyền thẩm định) soạn, ghi ký và thu hồi quyết định."

static const struct vn_field f_line = {1, 300, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_short = {1, 40, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_text = {1, 4000, VN_NORM_REPAIR | VN_NORM_MULTILINE};
/* optional fields: empty means none */
static const struct vn_field f_opt_line = {0, 300, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_opt_short = {0, 40, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
static const struct vn_field f_opt_text = {0, 4000, VN_NORM_REPAIR | VN_NORM_MULTILINE};

#define D_COLS "d.id, coalesce(d.number, 0), coalesce(d.year, 0), d.issuer_code, d.issuer, d.parent_body, d.symbol," \
    " d.number_source, d.decided_on, d.place, d.form_code, d.summary, d.legal_bases, d.proposer, d.signer_authority," \
    " d.signer_position, d.signer_name, d.state, d.money_rule, d.revoked_reason, d.revoked_on, d.created_at," \
    " d.created_by, d.signed_at," \
    " (SELECT coalesce(sum(money), 0) FROM award_decision_recipient r WHERE r.decision_id = d.id)," \
    " (SELECT count(*) FROM award_decision_recipient r WHERE r.decision_id = d.id), d.distribution"

const char decision_distribution_default[] = "- Như Điều 3;\n- Lưu: VT.";

static void decision_from_row(stmt *q, arena *a, struct decision *d)
{
    d->id = stmt_int64(q, 0);
    d->number = stmt_int64(q, 1);
    d->year = (int)stmt_int64(q, 2);
    d->issuer_code = stmt_text_dup(q, 3, a);
    d->issuer = stmt_text_dup(q, 4, a);
    d->parent_body = stmt_text_dup(q, 5, a);
    d->symbol = stmt_text_dup(q, 6, a);
    d->number_source = stmt_text_dup(q, 7, a);
    d->decided_on = stmt_text_dup(q, 8, a);
    d->place = stmt_text_dup(q, 9, a);
    d->form_code = stmt_text_dup(q, 10, a);
    d->summary = stmt_text_dup(q, 11, a);
    d->legal_bases = stmt_text_dup(q, 12, a);
    d->proposer = stmt_text_dup(q, 13, a);
    d->signer_authority = stmt_text_dup(q, 14, a);
    d->signer_position = stmt_text_dup(q, 15, a);
    d->signer_name = stmt_text_dup(q, 16, a);
    d->state = stmt_text_dup(q, 17, a);
    d->money_rule = stmt_text_dup(q, 18, a);
    d->revoked_reason = stmt_text_dup(q, 19, a);
    d->revoked_on = stmt_text_dup(q, 20, a);
    d->created_at = stmt_text_dup(q, 21, a);
    d->created_by = stmt_text_dup(q, 22, a);
    d->signed_at = stmt_text_dup(q, 23, a);
    d->total_money = stmt_int64(q, 24);
    d->recipients = (int)stmt_int64(q, 25);
    d->distribution = stmt_text_dup(q, 26, a);
    if (!d->distribution) d->distribution = decision_distribution_default;
    /* Decree 30: numbers below 10 get a leading zero */
    d->number_symbol = d->number > 0 ? arena_printf(a, "%02lld/%s", (long long)d->number, d->symbol) : NULL;
    d->form_name = d->form_code;
}

static void fill_form_name(store *s, arena *a, struct decision *d)
{
    struct award_form f;
    if (award_form_at(s, a, d->form_code, d->decided_on, &f) == 1) {
        d->form_name = f.name;
        d->certificate_title = f.certificate_title;
    }
}

int decision_get(store *s, arena *a, int64_t id, struct decision *out)
{
    stmt *q = store_query(s, "SELECT " D_COLS " FROM award_decision d WHERE d.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) decision_from_row(q, a, out);
    stmt_finalize(q);
    if (rc == STORE_ROW) fill_form_name(s, a, out);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

int decision_list(store *s, arena *a, bool signed_only, struct decision **out, int *n)
{
    stmt *q = store_query(s, "SELECT " D_COLS " FROM award_decision d WHERE ($1 = 0 OR d.state <> 'draft')"
                             " ORDER BY d.decided_on DESC, d.id DESC", "i", (int64_t)signed_only);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct decision *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) decision_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    if (rc != STORE_DONE) return rc < 0 ? rc : STORE_ERR;
    for (int i = 0; i < cnt; i++) fill_form_name(s, a, &v[i]);
    *out = v;
    *n = cnt;
    return STORE_OK;
}

#define R_COLS "r.id, r.decision_id, r.proposal_id, r.money, coalesce(r.so_vang, 0), r.line_no, p.year, r.subject_kind," \
    " r.subject_name, r.reason, r.money_basis, r.verify_code, u.name"

static void recipient_from_row(stmt *q, arena *a, struct decision_recipient *r)
{
    r->id = stmt_int64(q, 0);
    r->decision_id = stmt_int64(q, 1);
    r->proposal_id = stmt_int64(q, 2);
    r->money = stmt_int64(q, 3);
    r->so_vang = stmt_int64(q, 4);
    r->line_no = (int)stmt_int64(q, 5);
    r->year = (int)stmt_int64(q, 6);
    r->subject_kind = stmt_text_dup(q, 7, a);
    r->subject_name = stmt_text_dup(q, 8, a);
    r->reason = stmt_text_dup(q, 9, a);
    r->money_basis = stmt_text_dup(q, 10, a);
    r->verify_code = stmt_text_dup(q, 11, a);
    r->unit_name = stmt_text_dup(q, 12, a);
}

int decision_recipients(store *s, arena *a, int64_t id, struct decision_recipient **out, int *n)
{
    stmt *q = store_query(s, "SELECT " R_COLS " FROM award_decision_recipient r JOIN award_proposal p ON p.id = r.proposal_id"
                             " JOIN unit u ON u.id = p.unit_id WHERE r.decision_id = $1 ORDER BY r.line_no", "i", id);
    if (!q) return STORE_ERR;
    int cap = 0, cnt = 0, rc;
    struct decision_recipient *v = arena_grow(a, NULL, 0, &cap, sizeof *v);
    while ((rc = stmt_step(q)) == STORE_ROW) recipient_from_row(q, a, ARENA_PUSH(a, v, cnt, cap));
    stmt_finalize(q);
    *out = v;
    *n = cnt;
    return rc == STORE_DONE ? STORE_OK : rc;
}

int decision_by_verify_code(store *s, arena *a, const char *code, struct decision *d, struct decision_recipient *rcp)
{
    stmt *q = store_query(s, "SELECT " R_COLS " FROM award_decision_recipient r JOIN award_proposal p ON p.id = r.proposal_id"
                             " JOIN unit u ON u.id = p.unit_id WHERE r.verify_code = $1", "t", code);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) recipient_from_row(q, a, rcp);
    stmt_finalize(q);
    if (rc != STORE_ROW) return rc == STORE_DONE ? 0 : rc;
    return decision_get(s, a, rcp->decision_id, d);
}

static json_t *text_or_null(const char *s) { return s ? json_string(s) : json_null(); }

json_t *decision_json(const struct decision *d)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:i}", "id", (json_int_t)d->id,
                          "issuer_code", d->issuer_code, "issuer", d->issuer, "symbol", d->symbol, "decided_on", d->decided_on,
                          "place", d->place, "form_code", d->form_code, "form_name", d->form_name, "summary", d->summary,
                          "signer_position", d->signer_position, "signer_name", d->signer_name, "state", d->state,
                          "total_money", (json_int_t)d->total_money, "recipients", d->recipients);
    json_object_set_new(o, "number", d->number ? json_integer(d->number) : json_null());
    json_object_set_new(o, "number_symbol", text_or_null(d->number_symbol));
    json_object_set_new(o, "number_source", text_or_null(d->number_source));
    json_object_set_new(o, "parent_body", text_or_null(d->parent_body));
    json_object_set_new(o, "signer_authority", text_or_null(d->signer_authority));
    json_object_set_new(o, "legal_bases", json_string(d->legal_bases));
    json_object_set_new(o, "proposer", json_string(d->proposer));
    json_object_set_new(o, "distribution", json_string(d->distribution));
    json_object_set_new(o, "money_rule", text_or_null(d->money_rule));
    json_object_set_new(o, "revoked_reason", text_or_null(d->revoked_reason));
    json_object_set_new(o, "revoked_on", text_or_null(d->revoked_on));
    return o;
}

json_t *decision_recipient_json(const struct decision_recipient *r)
{
    json_t *o = json_pack("{s:i, s:I, s:s, s:s, s:s, s:I}", "line_no", r->line_no, "proposal_id", (json_int_t)r->proposal_id,
                          "subject_kind", r->subject_kind, "subject_name", r->subject_name, "reason", r->reason,
                          "money", (json_int_t)r->money);
    json_object_set_new(o, "money_basis", text_or_null(r->money_basis));
    json_object_set_new(o, "so_vang", r->so_vang ? json_integer(r->so_vang) : json_null());
    json_object_set_new(o, "verify_code", json_string(r->verify_code));
    return o;
}

const char *decision_amount_words(arena *a, int64_t amount)
{
    char w[VN_WORDS_MAX];
    if (vn_amount_words(amount, VN_WORDS_DONG, w, sizeof w) != 0) return "";
    return arena_strdup(a, w);
}

/* ---- writing ---- */
static int64_t finish(store *s, int64_t aid, int64_t id)
{
    if (aid < 0 || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return id;
}

static const char *need(arena *a, const char *in, const struct vn_field *f, const char *key, const char *label,
                        struct field_errors *fe)
{
    const char *v = field_clean(a, in, f, key, label, fe);
    if (!v && !ferr_get(fe, key)) ferr_add(fe, key, arena_printf(a, "Hãy nhập %s.", label));
    return v;
}

/* A draft's fields, checked and normalised (decision_read). */
struct draft {
    const char *code, *issuer, *parent, *symbol, *place, *summary, *bases, *proposer, *authority, *position, *signer,
               *distribution;
    char day[11];
};

static void decision_read(arena *a, const struct decision_input *in, struct draft *d, struct field_errors *fe)
{
    d->code = need(a, in->issuer_code, &f_short, "issuer_code", "mã cơ quan ban hành (sổ đăng ký số)", fe);
    d->issuer = need(a, in->issuer, &f_line, "issuer", "tên cơ quan ban hành", fe);
    d->parent = field_clean(a, in->parent_body, &f_opt_line, "parent_body", "Cơ quan chủ quản", fe);
    d->symbol = need(a, in->symbol, &f_short, "symbol", "ký hiệu (ví dụ QĐ-UBND)", fe);
    d->place = need(a, in->place, &f_short, "place", "địa danh", fe);
    d->summary = need(a, in->summary, &f_line, "summary", "trích yếu (Về việc …)", fe);
    d->bases = need(a, in->legal_bases, &f_text, "legal_bases", "căn cứ pháp lý", fe);
    d->proposer = need(a, in->proposer, &f_line, "proposer", "cơ quan đề nghị (Xét đề nghị của …)", fe);
    d->authority = field_clean(a, in->signer_authority, &f_opt_short, "signer_authority", "Quyền hạn ký", fe);
    d->position = need(a, in->signer_position, &f_short, "signer_position", "chức vụ người ký", fe);
    d->signer = need(a, in->signer_name, &f_line, "signer_name", "họ tên người ký", fe);
    d->distribution = field_clean(a, in->distribution, &f_opt_text, "distribution", "Nơi nhận", fe);
    if (!d->distribution) d->distribution = decision_distribution_default;
    char today[11];
    iso_date_today(today);
    d->day[0] = 0;
    const char *why = str_empty(in->decided_on) ? "Hãy nhập ngày ký." : holiday_parse_date(a, in->decided_on, d->day);
    if (why) ferr_add(fe, "decided_on", why);
    else if (strcmp(d->day, today) > 0) ferr_add(fe, "decided_on", "Ngày ký không được ở tương lai.");
    if (in->n_proposals <= 0) ferr_add(fe, "proposal_ids", "Hãy chọn ít nhất một hồ sơ đã được duyệt.");
}

/* Inside the transaction: the chosen proposals, each approved, of one form, chosen once and in no
 * other live decision than `self` (0 for a new draft). 1 with ps[] and *form set, 0 refused
 * (field error, rolled back), < 0 store error (rolled back). */
static int decision_take_proposals(store *s, arena *a, const struct decision_input *in, int64_t self,
                                   struct proposal *ps, const char **form, struct field_errors *fe)
{
    *form = NULL;
    for (int i = 0; i < in->n_proposals; i++) {
        int rc = proposal_get(s, a, in->proposal_ids[i], &ps[i]);
        if (rc < 0) { store_rollback(s); return STORE_ERR; }
        const char *bad = !rc ? "không có"
                          : ps[i].state != PS_APPROVED ? arena_printf(a, "đang ở bước \"%s\", chưa được duyệt",
                                                                      proposal_state_label(ps[i].state))
                          : (*form && !str_eq(*form, ps[i].form_code)) ? "khác hình thức với các hồ sơ khác" : NULL;
        for (int j = 0; !bad && j < i; j++)
            if (ps[j].id == ps[i].id) bad = "được chọn hai lần";
        int64_t other = 0;
        if (!bad && store_int64(s, &other, "SELECT d.id FROM award_decision_recipient r JOIN award_decision d ON d.id = r.decision_id"
                                           " WHERE r.proposal_id = $1 AND d.state <> 'revoked' AND d.id <> $2", "ii", ps[i].id,
                                self) == 1)
            bad = arena_printf(a, "đã có trong dự thảo quyết định số %lld", (long long)other);
        if (bad) {
            ferr_add(fe, "proposal_ids", arena_printf(a, "Hồ sơ số %lld %s.", (long long)in->proposal_ids[i], bad));
            store_rollback(s);
            return 0;
        }
        *form = ps[i].form_code;
    }
    return 1;
}

/* Inside the transaction: the recipients' rows of decision id, each with the money of the rule base
 * in force on `day` frozen on it, and the decision's money_rule line. 1 with *total set, 0 refused
 * (no rule in force: field error, rolled back), < 0 store error (rolled back). */
static int decision_write_recipients(store *s, arena *a, int64_t id, const char *form, const char *day,
                                     const struct proposal *ps, int n, int64_t *total, struct field_errors *fe)
{
    const char *money_rule = NULL;
    *total = 0;
    for (int i = 0; i < n; i++) {
        int64_t money = 0;
        struct award_money_explain ex;
        memset(&ex, 0, sizeof ex);
        int rc = award_money(s, a, form, ps[i].subject_kind, day, &money, &ex);
        if (rc < 0) { store_rollback(s); return STORE_ERR; }
        if (!rc) {
            ferr_add(fe, "decided_on", arena_printf(a, "Không tính được tiền thưởng cho %s: %s", ps[i].subject_name,
                                                    ex.text ? ex.text : "không có quy định có hiệu lực."));
            store_rollback(s);
            return 0;
        }
        if (!money_rule && !ex.no_money) {
            char base[32];
            vn_amount_format(ex.base_salary, false, base, sizeof base);
            money_rule = arena_printf(a, "Mức lương cơ sở %s đồng%s%s%s%s", base, ex.salary_from ? " từ ngày " : "",
                                      ex.salary_from ? ex.salary_from : "", ex.salary_citation ? " — " : "",
                                      ex.salary_citation ? ex.salary_citation : "");
        }
        char code_hex[25];
        random_hex(code_hex, 12);
        *total += money;
        if (store_exec(s, "INSERT INTO award_decision_recipient(decision_id, proposal_id, line_no, subject_kind, subject_name,"
                          " reason, money, money_basis, verify_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                       "iiitttitt", id, ps[i].id, (int64_t)(i + 1), ps[i].subject_kind, ps[i].subject_name, ps[i].reason,
                       money, ex.text, code_hex) != STORE_OK) {
            store_rollback(s);
            return STORE_ERR;
        }
    }
    if (store_exec(s, "UPDATE award_decision SET money_rule = $2 WHERE id = $1", "it", id, money_rule) != STORE_OK) {
        store_rollback(s);
        return STORE_ERR;
    }
    return 1;
}

/* The audit image of a draft as written. */
static json_t *draft_json(const struct draft *d, const char *form, const struct decision_input *in, int64_t total)
{
    json_t *ids = json_array();
    for (int i = 0; i < in->n_proposals; i++) json_array_append_new(ids, json_integer(in->proposal_ids[i]));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I}", "issuer_code", d->code, "symbol", d->symbol,
                     "decided_on", d->day, "form_code", form, "summary", d->summary, "signer_name", d->signer,
                     "distribution", d->distribution, "proposal_ids", ids, "total_money", (json_int_t)total);
}

int64_t decision_create(store *s, arena *a, const struct actor *ac, const struct decision_input *in,
                        struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) { ferr_add(fe, "scope", NO_BOARD); return 0; }
    struct draft d;
    decision_read(a, in, &d, fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct proposal *ps = arena_alloc(a, sizeof *ps * (size_t)in->n_proposals);
    const char *form;
    int rc = decision_take_proposals(s, a, in, 0, ps, &form, fe);
    if (rc <= 0) return rc;
    char now[21];
    iso_time(now_unix(), now);
    int64_t id = 0;
    if (store_int64(s, &id, "INSERT INTO award_decision(issuer_code, issuer, parent_body, symbol, decided_on, place, form_code,"
                            " summary, legal_bases, proposer, signer_authority, signer_position, signer_name, distribution,"
                            " created_at, created_by)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
                    "tttttttttttttttt", d.code, d.issuer, d.parent, d.symbol, d.day, d.place, form, d.summary, d.bases,
                    d.proposer, d.authority, d.position, d.signer, d.distribution, now, ac->login) != 1) {
        store_rollback(s);
        return STORE_ERR;
    }
    int64_t total;
    rc = decision_write_recipients(s, a, id, form, d.day, ps, in->n_proposals, &total, fe);
    if (rc <= 0) return rc;
    json_t *after = draft_json(&d, form, in, total);
    int64_t aid = audit_as(s, ac, "create", "award_decision", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

/* Inside a transaction: decision id, which must be a draft. 1, 0 refused (rolled back), < 0. */
static int draft_get(store *s, arena *a, int64_t id, struct decision *d, struct field_errors *fe)
{
    int rc = decision_get(s, a, id, d);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có quyết định này.");
        return rc;
    }
    if (!str_eq(d->state, "draft")) {
        store_rollback(s);
        ferr_add(fe, "state", str_eq(d->state, "signed") ? "Quyết định đã ký: không sửa, không xóa được; nếu sai thì thu hồi."
                                                         : "Quyết định đã bị thu hồi.");
        return 0;
    }
    return 1;
}

/* The audit image of a stored draft with its proposals. */
static json_t *stored_draft_json(store *s, arena *a, const struct decision *d)
{
    json_t *o = decision_json(d), *ids = json_array();
    struct decision_recipient *rv;
    int n = 0;
    if (decision_recipients(s, a, d->id, &rv, &n) == STORE_OK)
        for (int i = 0; i < n; i++) json_array_append_new(ids, json_integer(rv[i].proposal_id));
    json_object_set_new(o, "proposal_ids", ids);
    return o;
}

int64_t decision_update(store *s, arena *a, const struct actor *ac, int64_t id, const struct decision_input *in,
                        struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) { ferr_add(fe, "scope", NO_BOARD); return 0; }
    struct draft d;
    decision_read(a, in, &d, fe);
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct decision old;
    int rc = draft_get(s, a, id, &old, fe);
    if (rc <= 0) return rc;
    json_t *before = stored_draft_json(s, a, &old);
    struct proposal *ps = arena_alloc(a, sizeof *ps * (size_t)in->n_proposals);
    const char *form;
    rc = decision_take_proposals(s, a, in, id, ps, &form, fe);
    int64_t total = 0;
    if (rc > 0 && (store_exec(s, "UPDATE award_decision SET issuer_code = $2, issuer = $3, parent_body = $4, symbol = $5,"
                                 " decided_on = $6, place = $7, form_code = $8, summary = $9, legal_bases = $10, proposer = $11,"
                                 " signer_authority = $12, signer_position = $13, signer_name = $14, distribution = $15"
                                 " WHERE id = $1 AND state = 'draft'",
                              "itttttttttttttt", id, d.code, d.issuer, d.parent, d.symbol, d.day, d.place, form, d.summary,
                              d.bases, d.proposer, d.authority, d.position, d.signer, d.distribution) != STORE_OK ||
                   store_exec(s, "DELETE FROM award_decision_recipient WHERE decision_id = $1", "i", id) != STORE_OK)) {
        store_rollback(s);
        rc = STORE_ERR;
    }
    if (rc > 0) rc = decision_write_recipients(s, a, id, form, d.day, ps, in->n_proposals, &total, fe);
    if (rc <= 0) { json_decref(before); return rc; }
    json_t *after = draft_json(&d, form, in, total);
    int64_t aid = audit_as(s, ac, "update", "award_decision", id, before, after);
    json_decref(before);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t decision_discard(store *s, arena *a, const struct actor *ac, int64_t id, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) { ferr_add(fe, "scope", NO_BOARD); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct decision old;
    int rc = draft_get(s, a, id, &old, fe);
    if (rc <= 0) return rc;
    json_t *before = stored_draft_json(s, a, &old);
    if (store_exec(s, "DELETE FROM award_decision_recipient WHERE decision_id = $1", "i", id) != STORE_OK ||
        store_exec(s, "DELETE FROM award_decision WHERE id = $1 AND state = 'draft'", "i", id) != STORE_OK) {
        json_decref(before);
        store_rollback(s);
        return STORE_ERR;
    }
    int64_t aid = audit_as(s, ac, "delete", "award_decision", id, before, NULL);
    json_decref(before);
    return finish(s, aid, id);
}

int64_t decision_sign(store *s, arena *a, const struct actor *ac, int64_t id, int64_t number, struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) { ferr_add(fe, "scope", NO_BOARD); return 0; }
    if (number < 0 || number > 1000000) { ferr_add(fe, "number", "Số quyết định phải là số nguyên dương."); return 0; }
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct decision d;
    int rc = decision_get(s, a, id, &d);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có quyết định này.");
        return rc;
    }
    if (!str_eq(d.state, "draft")) {
        store_rollback(s);
        ferr_add(fe, "state", "Quyết định đã được ký.");
        return 0;
    }
    int year = (d.decided_on[0] - '0') * 1000 + (d.decided_on[1] - '0') * 100 + (d.decided_on[2] - '0') * 10 +
               (d.decided_on[3] - '0');
    struct numbering_key k = {"decision", arena_printf(a, "issuer:%s", d.issuer_code), year};
    const char *doc = arena_printf(a, "decision:%lld", (long long)id);
    const char *source = number ? "entered" : "register";
    if (number == 0) {
        number = numbering_next(s, &k, doc);
        if (number <= 0) { store_rollback(s); return STORE_ERR; }
    } else {
        char msg[300] = "";
        rc = numbering_claim(s, &k, number, doc, msg, sizeof msg);
        if (rc < 0) { store_rollback(s); return STORE_ERR; }
        if (!rc) {
            store_rollback(s);
            ferr_add(fe, "number", msg[0] ? arena_strdup(a, msg)
                                          : arena_printf(a, "Số %lld năm %d của %s đã được dùng.", (long long)number, year,
                                                         d.issuer_code));
            return 0;
        }
    }
    char now[21];
    iso_time(now_unix(), now);
    rc = store_exec(s, "UPDATE award_decision SET number = $2, year = $3, number_source = $4, state = 'signed', signed_at = $5"
                       " WHERE id = $1", "iiitt", id, number, (int64_t)year, source, now);
    if (rc == STORE_CONSTRAINT) {
        /* the register and the table agree; this only fires if a number was bound outside the register */
        store_rollback(s);
        ferr_add(fe, "number", arena_printf(a, "Số %lld năm %d đã có quyết định khác.", (long long)number, year));
        return 0;
    }
    if (rc != STORE_OK) { store_rollback(s); return STORE_ERR; }
    struct decision_recipient *rv;
    int n;
    if (decision_recipients(s, a, id, &rv, &n) < 0) { store_rollback(s); return STORE_ERR; }
    const char *ref = arena_printf(a, "%02lld/%s", (long long)number, d.symbol);
    struct numbering_key book = {"so_vang", arena_printf(a, "register:%s-%s", d.issuer_code, d.form_code), year};
    for (int i = 0; i < n; i++) {
        int64_t sv = numbering_next(s, &book, arena_printf(a, "decision_recipient:%lld", (long long)rv[i].id));
        if (sv <= 0 || store_exec(s, "UPDATE award_decision_recipient SET so_vang = $2 WHERE id = $1", "ii", rv[i].id, sv) != STORE_OK) {
            store_rollback(s);
            return STORE_ERR;
        }
        struct proposal p;
        if (proposal_get(s, a, rv[i].proposal_id, &p) != 1) { store_rollback(s); return STORE_ERR; }
        struct award_history_input h = {.subject_id = p.subject_id, .year = p.year, .form_code = d.form_code,
                                        .decision_ref = ref, .decision_date = d.decided_on,
                                        .achievement_key = p.achievement, .reason = p.reason, .decision_id = id,
                                        .amount = rv[i].money, .source = "decision"};
        rc = (int)award_history_add(s, a, ac, &h, fe);
        if (rc <= 0) { store_rollback(s); return rc; }
        rc = proposal_move_internal(s, ac, p.id, PS_APPROVED, PS_DECIDED, d.decided_on,
                                    arena_printf(a, "Quyết định số %s ngày %s", ref, d.decided_on), id);
        if (rc <= 0) {
            store_rollback(s);
            if (!rc) ferr_add(fe, "state", arena_printf(a, "Hồ sơ số %lld không còn ở bước \"Được duyệt\".", (long long)p.id));
            return rc;
        }
    }
    json_t *after = json_pack("{s:s, s:I, s:i, s:s}", "state", "signed", "number", (json_int_t)number, "year", year,
                              "number_symbol", ref);
    int64_t aid = audit_as(s, ac, "sign", "award_decision", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}

int64_t decision_revoke(store *s, arena *a, const struct actor *ac, int64_t id, const char *reason,
                        struct field_errors *fe)
{
    if (!actor_has(ac, CAP_APPRAISE)) { ferr_add(fe, "scope", NO_BOARD); return 0; }
    const char *why = need(a, reason, &f_text, "reason", "lý do thu hồi", fe);
    if (!why) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    struct decision d;
    int rc = decision_get(s, a, id, &d);
    if (rc <= 0) {
        store_rollback(s);
        if (!rc) ferr_add(fe, "id", "Không có quyết định này.");
        return rc;
    }
    if (!str_eq(d.state, "signed")) {
        store_rollback(s);
        ferr_add(fe, "state", str_eq(d.state, "draft") ? "Dự thảo chưa ký: không cần thu hồi." : "Quyết định đã bị thu hồi.");
        return 0;
    }
    char today[11];
    iso_date_today(today);
    if (store_exec(s, "UPDATE award_decision SET state = 'revoked', revoked_reason = $2, revoked_on = $3 WHERE id = $1", "itt",
                   id, why, today) != STORE_OK ||
        award_history_revoke_decision(s, a, ac, id, why) < 0) {
        store_rollback(s);
        return STORE_ERR;
    }
    json_t *after = json_pack("{s:s, s:s}", "state", "revoked", "reason", why);
    int64_t aid = audit_as(s, ac, "revoke", "award_decision", id, NULL, after);
    json_decref(after);
    return finish(s, aid, id);
}
