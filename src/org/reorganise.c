/* reorganise.c: reorganisation of the unit tree (merge, split, rename; unit.h's unit_reorganise):
 * the rules (a unit is reorganised once, dates agree), the new units, succession rows, children
 * moved, and the sources' block memberships ended through block.h. It uses unit and block; they
 * do not know about it. The web face is reorganise_web.c, the CLI reorganise_cmd.c. */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "audit.h"
#include "block.h"
#include "unit_internal.h"
#include "vn.h"
#include "vn_calendar.h"


/* Copies field errors of a new unit into fe under "new_<key>" (numbered when there are several). */
static void copy_new_errors(arena *a, const struct field_errors *from, int index, int count, struct field_errors *fe)
{
    for (int i = 0; i < from->n; i++) {
        const char *key = arena_printf(a, "new_%s", from->items[i].name);
        const char *msg = count > 1 ? arena_printf(a, "Đơn vị mới thứ %d: %s", index + 1, from->items[i].value)
                                    : from->items[i].value;
        ferr_add(fe, key, msg);
    }
}

/* Why unit u cannot end the day before `eff` in a reorganisation, or NULL if it can. A unit is
 * reorganised once: after that its history belongs to its successors, and a second merge (or a
 * rename at another date) would count it twice or move its end. Its life must also contain the
 * day it ends: it began on or before `end`, and it is either open or was given exactly that end
 * by hand (the reorganisation then records why it ended); any other end would be rewritten.
 * A store error sets *rc (< 0). */
static const char *source_problem(store *s, arena *a, const struct unit *u, const char *eff, const char *end, int *rc)
{
    stmt *q = store_query(s, "SELECT r.change, r.effective, n.name FROM unit_reorg_source r"
                             " LEFT JOIN unit_succession x ON x.predecessor_id = r.unit_id"
                             " LEFT JOIN unit n ON n.id = x.successor_id"
                             " WHERE r.unit_id = $1 ORDER BY n.sort_key LIMIT 1", "i", u->id);
    if (!q) { *rc = STORE_ERR; return NULL; }
    int step = stmt_step(q);
    const char *why = NULL;
    if (step == STORE_ROW) {
        const char *succ = stmt_text(q, 2);
        why = arena_printf(a, "%s đã được %s từ ngày %s%s%s%s; mỗi đơn vị chỉ được sắp xếp lại một lần "
                              "(ngày đề nghị: %s).", u->name, unit_change_label(stmt_text(q, 0)),
                           unit_vn_day(a, stmt_text(q, 1)), succ ? " (đơn vị kế thừa: " : "", succ ? succ : "",
                           succ ? ")" : "", unit_vn_day(a, eff));
    } else if (step != STORE_DONE) {
        *rc = step;
    }
    stmt_finalize(q);
    if (why || *rc < 0) return why;
    if (u->valid_from && strcmp(u->valid_from, end) > 0)
        return arena_printf(a, "%s bắt đầu hiệu lực từ %s; ngày có hiệu lực của việc sắp xếp (%s) phải sau ngày đó.",
                            u->name, unit_vn_day(a, u->valid_from), unit_vn_day(a, eff));
    if (u->valid_to && strcmp(u->valid_to, end) < 0)
        return arena_printf(a, "%s đã hết hiệu lực sau ngày %s, trước ngày sắp xếp %s.", u->name, unit_vn_day(a, u->valid_to),
                            unit_vn_day(a, eff));
    if (u->valid_to && strcmp(u->valid_to, end) > 0)
        return arena_printf(a, "%s có ngày hết hiệu lực %s: việc sắp xếp phải có hiệu lực từ ngày hôm sau, hoặc hãy sửa "
                               "ngày hết hiệu lực của đơn vị trước (ngày đề nghị: %s).", u->name, unit_vn_day(a, u->valid_to),
                            unit_vn_day(a, eff));
    return NULL;
}

static int64_t unit_create_noaudit(store *s, arena *a, const struct unit_input *in, struct field_errors *fe)
{
    struct unit u;
    unit_prepare(s, a, in, NULL, 0, NULL, &u, fe);
    if (fe->n) return 0;
    return unit_insert(s, &u);
}

int unit_reorganise(store *s, arena *a, const struct actor *ac, const struct unit_reorg *op, struct field_errors *fe,
                    struct unit_reorg_result *res)
{
    memset(res, 0, sizeof *res);
    if (!actor_has(ac, CAP_UNIT_WRITE)) { ferr_add(fe, "scope", UNIT_NO_CAP); return 0; }
    const char *change = op->change;
    bool merge = str_eq(change, "merge"), split = str_eq(change, "split"), rename = str_eq(change, "rename");
    if (!merge && !split && !rename) ferr_add(fe, "change", "Hãy chọn cách sắp xếp: sáp nhập, chia tách hoặc đổi tên.");
    char eff[11] = "", end[11] = "";
    if (!op->effective || !vn_day_iso(op->effective, eff))
        ferr_add(fe, "effective", "Hãy nhập ngày có hiệu lực hợp lệ (dd/mm/yyyy).");
    else
        unit_date_add(eff, -1, end);
    const char *legal = field_clean(a, op->legal_basis, &unit_f_legal, "legal_basis", "Căn cứ pháp lý", fe);
    int nsucc = op->nexisting + op->ncreated;
    if (op->nsources < 1 || op->nsources > UNIT_REORG_MAX) ferr_add(fe, "sources", "Hãy chọn đơn vị được sắp xếp (tối đa 16).");
    if (nsucc > UNIT_REORG_MAX) ferr_add(fe, "successors", "Tối đa 16 đơn vị kế thừa.");
    if (merge && nsucc != 1) ferr_add(fe, "successors", "Sáp nhập cần đúng một đơn vị kế thừa: một đơn vị có sẵn hoặc một đơn vị mới.");
    if (merge && op->ncreated == 1 && op->nsources < 2)
        ferr_add(fe, "sources", "Sáp nhập thành đơn vị mới cần ít nhất hai đơn vị; để đổi tên một đơn vị hãy chọn \"đổi tên\".");
    if (split && op->nsources != 1) ferr_add(fe, "sources", "Chia tách áp dụng cho đúng một đơn vị.");
    if (split && nsucc < 2) ferr_add(fe, "successors", "Chia tách cần ít nhất hai đơn vị kế thừa.");
    if (rename && (op->nsources != 1 || op->ncreated != 1 || op->nexisting != 0))
        ferr_add(fe, "successors", "Đổi tên áp dụng cho một đơn vị và tạo một đơn vị mang tên mới.");
    if (fe->n) return 0;
    if (store_begin(s) != STORE_OK) return STORE_ERR;
    int rc = STORE_OK;
    struct unit src[UNIT_REORG_MAX], ex[UNIT_REORG_MAX];
    /* Sources: exist, distinct, in scope, alive the day before `effective`. */
    for (int i = 0; i < op->nsources && !fe->n; i++) {
        for (int j = 0; j < i; j++)
            if (op->sources[j] == op->sources[i]) ferr_add(fe, "sources", "Một đơn vị được chọn hai lần.");
        if ((rc = unit_get(s, a, op->sources[i], &src[i])) < 0) goto fail;
        if (rc == 0) { ferr_add(fe, "sources", arena_printf(a, "Không có đơn vị số %lld.", (long long)op->sources[i])); break; }
        if (!actor_in_scope(s, ac, src[i].id))
            ferr_add(fe, "scope", arena_printf(a, "Bạn không có quyền sắp xếp %s.", src[i].name));
        rc = STORE_OK;
        const char *p = source_problem(s, a, &src[i], eff, end, &rc);
        if (rc < 0) goto fail;
        if (p) ferr_add(fe, "sources", p);
        for (int j = 0; j < i && !fe->n; j++)
            if (unit_tree_contains(s, src[j].id, src[i].id) || unit_tree_contains(s, src[i].id, src[j].id))
                ferr_add(fe, "sources", arena_printf(a, "%s và %s là cấp trên, cấp dưới của nhau; không sắp xếp chung được.",
                                                     src[j].name, src[i].name));
    }
    /* Existing successors: exist, in scope, alive on `effective`, not a source, not below a
     * source, not already a successor of it, not one of its predecessors (no cycles). */
    for (int i = 0; i < op->nexisting && !fe->n; i++) {
        if ((rc = unit_get(s, a, op->existing[i], &ex[i])) < 0) goto fail;
        if (rc == 0) { ferr_add(fe, "successors", arena_printf(a, "Không có đơn vị số %lld.", (long long)op->existing[i])); break; }
        if (!actor_in_scope(s, ac, ex[i].id))
            ferr_add(fe, "scope", arena_printf(a, "Bạn không có quyền ghi vào %s.", ex[i].name));
        if ((ex[i].valid_from && strcmp(ex[i].valid_from, eff) > 0) || (ex[i].valid_to && strcmp(ex[i].valid_to, eff) < 0))
            ferr_add(fe, "successors", arena_printf(a, "%s không còn hiệu lực vào ngày sắp xếp.", ex[i].name));
        for (int j = 0; j < op->nsources; j++) {
            if (ex[i].id == src[j].id) {
                ferr_add(fe, "successors", "Đơn vị kế thừa không thể đồng thời là đơn vị được sắp xếp.");
                continue;
            }
            if (unit_tree_contains(s, src[j].id, ex[i].id))
                ferr_add(fe, "successors", arena_printf(a, "%s nằm dưới %s nên không thể kế thừa nó.", ex[i].name, src[j].name));
            struct unit_lineage lin;
            if ((rc = unit_lineage(s, src[j].id, a, &lin)) < 0) goto fail;
            for (int k = 1; k < lin.n; k++)
                if (lin.units[k].id == ex[i].id)
                    ferr_add(fe, "successors", arena_printf(a, "%s là tiền thân của %s; không thể tạo vòng kế thừa.",
                                                            ex[i].name, src[j].name));
            int64_t dup = 0;
            if (store_int64(s, &dup, "SELECT count(*) FROM unit_succession WHERE successor_id = $1 AND predecessor_id = $2",
                            "ii", ex[i].id, src[j].id) < 0) { rc = STORE_ERR; goto fail; }
            if (dup) ferr_add(fe, "successors", arena_printf(a, "%s đã được ghi là kế thừa %s.", ex[i].name, src[j].name));
        }
    }
    if (fe->n) goto refused;
    /* Claim the sources first: the primary key of unit_reorg_source lets one reorganisation per
     * unit through even where the check above could race (sql/006_reorg.sql). */
    for (int i = 0; i < op->nsources; i++) {
        rc = store_exec(s, "INSERT INTO unit_reorg_source(unit_id, change, effective) VALUES ($1, $2, $3)", "itt",
                        src[i].id, change, eff);
        if (rc == STORE_CONSTRAINT)
            ferr_add(fe, "sources", arena_printf(a, "%s vừa được sắp xếp lại bởi một thao tác khác; hãy tải lại trang để "
                                                    "xem lịch sử của đơn vị.", src[i].name));
        else if (rc != STORE_OK) goto fail;
    }
    if (fe->n) goto refused;
    /* End the sources; a renamed unit hands its code and tax code to its new self. */
    char now[21];
    iso_time(now_unix(), now);
    for (int i = 0; i < op->nsources; i++) {
        if (store_exec(s, rename ? "UPDATE unit SET valid_to = $2, code = NULL, tax_code = NULL, updated_at = $3 WHERE id = $1"
                                 : "UPDATE unit SET valid_to = $2, updated_at = $3 WHERE id = $1",
                       "itt", src[i].id, end, now) != STORE_OK) { rc = STORE_ERR; goto fail; }
    }
    int ns = 0;
    json_t *succ_json = json_array();
    for (int i = 0; i < op->nexisting; i++) {
        res->successors[ns++] = ex[i].id;
        json_array_append_new(succ_json, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)ex[i].id, "name", ex[i].name, "created", 0));
    }
    for (int i = 0; i < op->ncreated; i++) {
        struct unit_input in = op->created[i];
        if (!in.kind) in.kind = src[0].kind;
        if (!in.set_parent) { in.set_parent = true; in.parent_id = src[0].parent_id; }
        if (!in.valid_from) {
            in.valid_from = eff;
        } else {
            /* A successor begins on the day of the reorganisation; another first day would leave
             * a gap or an overlap with the units it succeeds. */
            char given[11];
            if (!vn_day_iso(in.valid_from, given) || strcmp(given, eff) != 0) {
                ferr_add(fe, "new_valid_from", arena_printf(a, "Đơn vị mới bắt đầu hiệu lực đúng ngày sắp xếp (%s).",
                                                            unit_vn_day(a, eff)));
                continue;
            }
        }
        if (rename) {
            if (!in.short_name) in.short_name = src[0].short_name;
            if (!in.code) in.code = src[0].code;
            if (!in.tax_code) in.tax_code = src[0].tax_code;
            if (!in.address) in.address = src[0].address;
        }
        if (!unit_may_parent(s, ac, in.parent_id)) {
            ferr_add(fe, "scope", "Bạn không có quyền tạo đơn vị ở vị trí này của cây đơn vị.");
            break;
        }
        struct field_errors one = {0};
        int64_t id = unit_create_noaudit(s, a, &in, &one);
        if (id < 0) { rc = (int)id; json_decref(succ_json); goto fail; }
        if (!id) { copy_new_errors(a, &one, i, op->ncreated, fe); continue; }
        res->successors[ns++] = id;
        json_array_append_new(succ_json, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "name",
                                                   field_clean(a, in.name, &unit_f_name, "name", "", &one), "created", 1));
    }
    if (fe->n) { json_decref(succ_json); goto refused; }
    res->nsuccessors = ns;
    json_t *src_json = json_array();
    for (int i = 0; i < op->nsources; i++) {
        json_array_append_new(src_json, json_pack("{s:I, s:s}", "id", (json_int_t)src[i].id, "name", src[i].name));
        for (int k = 0; k < ns; k++)
            if (store_exec(s, "INSERT INTO unit_succession(successor_id, predecessor_id, change, effective, legal_basis)"
                              " VALUES ($1, $2, $3, $4, $5)", "iittt", res->successors[k], src[i].id, change, eff, legal) != STORE_OK) {
                json_decref(src_json);
                json_decref(succ_json);
                rc = STORE_ERR;
                goto fail;
            }
        /* A unit that has ended cannot stay in an emulation block; its successor joins only
         * by the block's own decision, so nothing is added. */
        int ended = block_memberships_end(s, src[i].id, end);
        if (ended < 0) {
            json_decref(src_json);
            json_decref(succ_json);
            rc = ended;
            goto fail;
        }
        res->memberships_ended += ended;
        if (ns == 1) {
            if (store_exec(s, "UPDATE unit SET parent_id = $2, updated_at = $4 WHERE parent_id = $1 AND id <> $2"
                              " AND (valid_to IS NULL OR valid_to >= $3)", "iitt", src[i].id, res->successors[0], eff, now) != STORE_OK) {
                json_decref(src_json);
                json_decref(succ_json);
                rc = STORE_ERR;
                goto fail;
            }
            res->moved_children += store_changes(s);
        } else {
            int64_t left = 0;
            store_int64(s, &left, "SELECT count(*) FROM unit WHERE parent_id = $1 AND (valid_to IS NULL OR valid_to >= $2)",
                        "it", src[i].id, eff);
            res->children_left += (int)left;
        }
    }
    json_t *after = json_pack("{s:s, s:s, s:o, s:o, s:i, s:i, s:i}", "change", change, "effective", eff, "sources", src_json,
                              "successors", succ_json, "moved_children", res->moved_children, "children_left", res->children_left,
                              "memberships_ended", res->memberships_ended);
    json_object_set_new(after, "legal_basis", legal ? json_string(legal) : json_null());
    char idtxt[24];
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)res->successors[0]);
    res->audit_id = audit_write(s, ac->user_id, ac->login, "reorganise", "unit", idtxt, NULL, after);
    json_decref(after);
    if (res->audit_id < 0 || store_commit(s) != STORE_OK) { rc = STORE_ERR; goto fail; }
    return 1;
refused:
    store_rollback(s);
    memset(res, 0, sizeof *res);
    return 0;
fail:
    store_rollback(s);
    memset(res, 0, sizeof *res);
    return rc < 0 ? rc : STORE_ERR;
}
