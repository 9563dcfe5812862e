/* setting.c: the table of known settings (name, bounds, default, help), reading a setting's
 * value in force and changing it with an audit entry, and `thidua setting list|get|set`.
 * A definition whose name ends in ".*" covers a family keyed by its last part (a role name in
 * "import.max_rows.*"): the stored value for the full name wins, then the family's stored
 * value under "….*", then the default. */
#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
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

/* ---- thidua setting list|get|set ---- */
static int setting_list_cmd(int argc, char **argv)
{
    bool as_json = cli_flag(&argc, argv, "json");
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc > 1) { fprintf(stderr, "usage: thidua setting list [--json] [--db FILE]\n"); store_close(s); return 2; }
    json_t *all = json_array();
    for (const struct setting_def *d = setting_defs; d->name; d++) {
        int64_t v = setting_int(s, d->name);
        if (as_json)
            json_array_append_new(all, json_pack("{s:s, s:I, s:I, s:I, s:I, s:s, s:s}", "name", d->name, "value", (json_int_t)v,
                                                 "default", (json_int_t)d->def, "min", (json_int_t)d->min,
                                                 "max", (json_int_t)d->max, "unit", d->unit, "help", d->help));
        else
            printf("%s = %lld %s (mặc định %lld; %lld–%lld)\n    %s\n", d->name, (long long)v, d->unit,
                   (long long)d->def, (long long)d->min, (long long)d->max, d->help);
    }
    /* Stored values of a family's members ("import.max_rows.reporter") are listed too. */
    stmt *q = store_query(s, "SELECT name, value FROM setting ORDER BY name", "");
    while (q && stmt_step(q) == STORE_ROW) {
        const char *name = stmt_text(q, 0);
        const struct setting_def *d = setting_find(name);
        if (!d || str_eq(d->name, name)) continue;
        if (as_json) json_array_append_new(all, json_pack("{s:s, s:I, s:s}", "name", name, "value", (json_int_t)setting_int(s, name), "family", d->name));
        else printf("%s = %lld %s\n", name, (long long)setting_int(s, name), d->unit);
    }
    stmt_finalize(q);
    if (as_json) {
        char *txt = json_dumps(all, JSON_INDENT(2));
        if (txt) puts(txt);
        free(txt);
    }
    json_decref(all);
    store_close(s);
    return 0;
}

static int setting_get_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int rc = 0;
    if (argc != 2) { fprintf(stderr, "usage: thidua setting get NAME [--db FILE]\n"); rc = 2; }
    else if (!setting_find(argv[1])) { fprintf(stderr, "thidua setting get: no setting '%s' (see: thidua setting list)\n", argv[1]); rc = 1; }
    else printf("%lld\n", (long long)setting_int(s, argv[1]));
    store_close(s);
    return rc;
}

static int setting_set_cmd(int argc, char **argv)
{
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int rc = 0;
    char err[256];
    arena a = {0};
    if (argc != 3) { fprintf(stderr, "usage: thidua setting set NAME VALUE [--db FILE]\n"); rc = 2; }
    else if (setting_set(s, 0, cli_actor(&a), argv[1], argv[2], err, sizeof err) != 0) {
        fprintf(stderr, "thidua setting set: %s\n", err);
        rc = 1;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd setting_cmds[] = {
    {"list", setting_list_cmd, "[--json]", "every setting with its value, default, bounds and help"},
    {"get", setting_get_cmd, "NAME", "the value in force"},
    {"set", setting_set_cmd, "NAME VALUE", "change a setting (checked against its bounds; audited)"},
    {0},
};

int setting_cmd(int argc, char **argv) { return cli_dispatch("setting", setting_cmds, argc, argv); }
