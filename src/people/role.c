/* role.c: the roles domain (role.h): reading roles with their capabilities, and saving one
 * under the actor's check and the last-admin rule, in one transaction with its audit entry. */
#include "role.h"

#include <string.h>

#include "admin_rule.h"
#include "audit.h"
#include "user.h"

const struct role_cap role_caps[] = {
    {CAP_UNIT_READ, "Xem cây đơn vị, khối và cụm thi đua"},
    {CAP_UNIT_WRITE, "Thêm, sửa đơn vị trong phạm vi của mình"},
    {CAP_BLOCK_WRITE, "Quản lý khối, cụm thi đua"},
    {CAP_USER_ADMIN, "Quản lý người dùng và vai trò"},
    {CAP_AUDIT_READ, "Xem nhật ký kiểm toán"},
    {CAP_PII_READ, "Xem đầy đủ dữ liệu cá nhân (điện thoại, email, số định danh…)"},
    {CAP_SETTINGS, "Thay đổi cấu hình và các bảng quy định"},
    {CAP_REPORT_WRITE, "Gửi báo cáo tiến độ của đơn vị"},
    {CAP_DOSSIER_WRITE, "Lập hồ sơ đề nghị khen thưởng"},
    {CAP_APPRAISE, "Thẩm định hồ sơ, chuẩn bị quyết định (Ban Thi đua – Khen thưởng)"},
    {CAP_BALLOT, "Bỏ phiếu (thành viên Hội đồng)"},
    {CAP_CAMPAIGN_WRITE, "Quản lý phong trào thi đua, chỉ tiêu, duyệt báo cáo, chấm điểm, tin bài"},
    {CAP_FUND_WRITE, "Quản lý quỹ do đơn vị mình phụ trách (tiếp nhận ủng hộ, chi, sao kê)"},
};
const size_t role_caps_count = countof(role_caps);

const char *role_cap_label(const char *name)
{
    int c = cap_from_name(name);
    for (size_t i = 0; i < countof(role_caps); i++)
        if ((int)role_caps[i].cap == c) return role_caps[i].label;
    return name;
}

int role_info(store *s, const char *role, uint64_t *caps, bool *whole_tree)
{
    int64_t w = 0;
    int rc = store_int64(s, &w, "SELECT whole_tree FROM role WHERE name=$1", "t", role);
    if (rc != 1) return rc;
    *whole_tree = w != 0;
    *caps = 0;
    stmt *q = store_query(s, "SELECT capability FROM role_capability WHERE role=$1", "t", role);
    if (!q) return STORE_ERR;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        int c = cap_from_name(stmt_text(q, 0));
        if (c > 0) *caps |= CAP_BIT(c);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 1 : rc;
}

int role_load(store *s, arena *a, const char *name, struct role_row *out)
{
    memset(out, 0, sizeof *out);
    char *label = NULL;
    int rc = store_text(s, &label, a, "SELECT label FROM role WHERE name=$1", "t", name);
    if (rc != 1) return rc;
    out->name = name;
    out->label = label;
    return role_info(s, name, &out->caps, &out->whole_tree);
}

int roles_load(store *s, arena *a, struct role_row **out, int *n)
{
    int64_t count = 0;
    if (store_int64(s, &count, "SELECT count(*) FROM role", "") != 1) return STORE_ERR;
    *out = arena_alloc(a, sizeof **out * (size_t)(count + 1));
    *n = 0;
    stmt *q = store_query(s, "SELECT r.name, r.label, r.whole_tree,"
                             " (SELECT count(*) FROM app_user u WHERE u.role = r.name AND u.disabled = 0)"
                             " FROM role r ORDER BY r.whole_tree DESC, r.name", "");
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW && *n < count) {
        struct role_row *rr = &(*out)[(*n)++];
        rr->name = stmt_text_dup(q, 0, a);
        rr->label = stmt_text_dup(q, 1, a);
        rr->whole_tree = stmt_int64(q, 2) != 0;
        rr->users = stmt_int64(q, 3);
    }
    stmt_finalize(q);
    if (rc < 0) return rc;
    for (int i = 0; i < *n; i++) {
        bool w;
        if (role_info(s, (*out)[i].name, &(*out)[i].caps, &w) != 1) return STORE_ERR;
    }
    return 0;
}

json_t *role_json(const struct role_row *rr, bool with_users)
{
    json_t *caps = json_array();
    for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
        if (rr->caps & CAP_BIT(c)) json_array_append_new(caps, json_string(cap_name((enum capability)c)));
    json_t *o = json_pack("{s:s, s:s, s:b, s:o}", "name", rr->name, "label", rr->label, "whole_tree", rr->whole_tree,
                          "capabilities", caps);
    if (with_users) json_object_set_new(o, "active_users", json_integer(rr->users));
    return o;
}

static bool valid_role_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > 32 || !(s[0] >= 'a' && s[0] <= 'z') || str_eq(s, "new")) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
    return true;
}

int role_save(store *s, arena *a, const struct actor *actor, const char *name, bool creating, const char *label,
              bool whole_tree, uint64_t caps, struct field_errors *fe)
{
    if (!actor_has(actor, CAP_USER_ADMIN) || !actor->whole_tree) return ROLE_FORBIDDEN;
    struct role_row before = {0};
    if (!creating) {
        int rc = role_load(s, a, name, &before);
        if (rc < 0) return ROLE_FAILED;
        if (rc == 0) return ROLE_NOT_FOUND;
    }
    char *clean = NULL;
    const char *p = user_clean_text(a, label, ROLE_LABEL_MAX, &clean);
    if (p || !*clean) ferr_add(fe, "label", p ? p : "Hãy nhập tên hiển thị.");
    if (creating && !valid_role_name(name))
        ferr_add(fe, "name", "Mã vai trò gồm 2–32 ký tự a–z, 0–9, _ và bắt đầu bằng chữ cái (không dùng 'new').");
    if (fe->n) return 0;
    struct role_row after = {.name = name, .label = clean, .whole_tree = whole_tree, .caps = caps};
    json_t *jb = creating ? NULL : role_json(&before, false), *ja = role_json(&after, false);
    int result = ROLE_FAILED;
    if (store_begin(s) != STORE_OK) goto out;
    int rc = creating
        ? store_exec(s, "INSERT INTO role(name, label, whole_tree) VALUES ($1, $2, $3)", "tti", name, clean,
                     (int64_t)whole_tree)
        : store_exec(s, "UPDATE role SET label=$2, whole_tree=$3 WHERE name=$1", "tti", name, clean, (int64_t)whole_tree);
    if (rc == STORE_CONSTRAINT) { result = ROLE_EXISTS; goto rollback; }
    if (rc != STORE_OK || store_exec(s, "DELETE FROM role_capability WHERE role=$1", "t", name) != STORE_OK)
        goto rollback;
    for (int c = CAP_UNIT_READ; c < CAP__COUNT; c++)
        if ((caps & CAP_BIT(c)) &&
            store_exec(s, "INSERT INTO role_capability(role, capability) VALUES ($1, $2)", "tt", name,
                       cap_name((enum capability)c)) != STORE_OK)
            goto rollback;
    if (!admin_rule_holds(s)) { result = ROLE_LAST_ADMIN; goto rollback; }
    if (!json_equal(jb, ja) &&
        audit_write(s, actor->user_id, actor->login, creating ? "create" : "update", "role", name, jb, ja) < 0)
        goto rollback;
    if (store_commit(s) != STORE_OK) goto rollback;
    result = 1;
    goto out;
rollback:
    store_rollback(s);
out:
    json_decref(jb);
    json_decref(ja);
    return result;
}
