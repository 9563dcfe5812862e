/* setting.c: the table of known settings (name, bounds, default, help), reading a setting's
 * value in force and changing it with an audit entry; `thidua setting list|get|set` is
 * setting_cmd.c.
 * A definition whose name ends in ".*" covers a family keyed by its last part (a role name in
 * "import.max_rows.*"): the stored value for the full name wins, then the family's stored
 * value under "….*", then the default. */
#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "server_guard.h"
#include "setting.h"

const struct setting_def setting_defs[] = {
    {"token.max_days", 365, 1, 3650, "ngày",
     "Thời hạn tối đa của một mã truy cập API (token); token mới không được dài hơn."},
    {"import.max_rows.*", 50000, 1, 10000000, "dòng",
     "Số dòng tối đa của một lần nhập tệp, theo vai trò (ví dụ import.max_rows.reporter)."},
    {"http.max_connections_per_ip", GUARD_DEFAULT_PER_ADDRESS, 1, 10000, "kết nối",
     "Số kết nối đồng thời tối đa từ một địa chỉ IP (đọc khi khởi động máy chủ)."},
    {"http.request_deadline_seconds", GUARD_DEFAULT_DEADLINE_S, 5, 3600, "giây",
     "Thời gian tối đa để nhận xong phần đầu và nội dung một yêu cầu (đọc khi khởi động)."},
    {"http.upload_total_mb", GUARD_DEFAULT_BODY_BUDGET >> 20, 1, 65536, "MB",
     "Tổng dung lượng tải lên đang nhận cùng lúc trên toàn máy chủ (đọc khi khởi động)."},
    {0},
};

/* The definition covering `name`, exact first, then a family "prefix.*". */
const struct setting_def *setting_find(const char *name)
{
    if (!name) return NULL;
    for (const struct setting_def *d = setting_defs; d->name; d++)
        if (str_eq(d->name, name)) return d;
    for (const struct setting_def *d = setting_defs; d->name; d++) {
        size_t n = strlen(d->name);
        if (n >= 2 && d->name[n - 1] == '*' && strncmp(d->name, name, n - 1) == 0 && name[n - 1] &&
            !strchr(name + n - 1, '.'))
            return d;
    }
    return NULL;
}

/* The stored value of exactly `name` when it parses and is within the definition's bounds. */
static bool stored_int(store *s, const struct setting_def *d, const char *name, int64_t *out)
{
    arena a = {0};
    char *v = NULL;
    int64_t n = 0;
    bool ok = store_text(s, &v, &a, "SELECT value FROM setting WHERE name=$1", "t", name) == 1 &&
              parse_int64(v, &n) && n >= d->min && n <= d->max;
    arena_free(&a);
    if (ok) *out = n;
    return ok;
}

int64_t setting_int(store *s, const char *name)
{
    const struct setting_def *d = setting_find(name);
    assert(d && "setting_int: unknown setting (add it to setting_defs)");
    if (!d) return 0;
    int64_t v;
    if (stored_int(s, d, name, &v)) return v;
    if (!str_eq(d->name, name) && stored_int(s, d, d->name, &v)) return v;
    return d->def;
}

int setting_set(store *s, int64_t user_id, const char *user_login, const char *name,
                const char *value, char *err, size_t errlen)
{
    const struct setting_def *d = setting_find(name);
    int64_t n;
    if (!d) { snprintf(err, errlen, "không có thiết lập '%s' (xem: thidua setting list)", name ? name : ""); return -1; }
    if (!parse_int64(value, &n)) { snprintf(err, errlen, "%s: '%s' không phải số nguyên", name, value ? value : ""); return -1; }
    if (n < d->min || n > d->max) {
        snprintf(err, errlen, "%s: %lld nằm ngoài khoảng %lld–%lld", name, (long long)n, (long long)d->min, (long long)d->max);
        return -1;
    }
    arena a = {0};
    char *old = NULL, at[21], txt[24];
    iso_time(now_unix(), at);
    snprintf(txt, sizeof txt, "%lld", (long long)n);
    int rc = store_begin(s);
    if (rc == STORE_OK && store_text(s, &old, &a, "SELECT value FROM setting WHERE name=$1", "t", name) < 0) rc = STORE_ERR;
    if (rc == STORE_OK)
        rc = store_exec(s, "INSERT INTO setting(name, value, updated_at) VALUES ($1,$2,$3)"
                           " ON CONFLICT(name) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at",
                        "ttt", name, txt, at);
    if (rc == STORE_OK) {
        json_t *before = old ? json_pack("{s:s}", "value", old) : NULL, *after = json_pack("{s:s}", "value", txt);
        if (audit_write(s, user_id, user_login, "update", "setting", name, before, after) < 0) rc = STORE_ERR;
        json_decref(before);
        json_decref(after);
    }
    if (rc == STORE_OK) rc = store_commit(s);
    if (rc != STORE_OK) {
        snprintf(err, errlen, "%s: không lưu được (%s)", name, store_errmsg(s));
        store_rollback(s);
    }
    arena_free(&a);
    return rc == STORE_OK ? 0 : -1;
}

int setting_set_as(store *s, const struct actor *who, const char *name, const char *value, char *err, size_t errlen)
{
    if (!actor_has(who, CAP_SETTINGS)) {
        snprintf(err, errlen, "changing settings needs the capability settings");
        return -1;
    }
    return setting_set(s, who->user_id, who->login, name, value, err, errlen);
}
