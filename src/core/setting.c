/* setting.c: the table of known settings (name, bounds, default, help), reading a setting's
 * value in force and changing it with an audit entry; `thidua setting list|get|set` is
 * setting_cmd.c.
 * A definition whose name ends in ".*" covers a family keyed by its last part (a role name in
 * "import.max_rows.*"): the stored value for the full name wins, then the family's stored
 * value under "….*", then the default.
 * Text settings (the province, the Board, the signers printed on documents) are one line of NFC
 * text with a length limit: checked the same way on the page, the CLI and in setting_set, and
 * checked again on reading, so a value written around the API (or under an older limit) falls
 * back to the default instead of reaching a document. */
#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "server_guard.h"
#include "setting.h"
#include "vn.h"

const struct setting_def setting_defs[] = {
    {"token.max_days", 365, 1, 3650, "ngày",
     "Thời hạn tối đa của một mã truy cập API (token); token mới không được dài hơn.", SETTING_INT, NULL},
    {"import.max_rows.*", 50000, 1, 10000000, "dòng",
     "Số dòng tối đa của một lần nhập tệp, theo vai trò (ví dụ import.max_rows.reporter).", SETTING_INT, NULL},
    {"http.max_connections_per_ip", GUARD_DEFAULT_PER_ADDRESS, 1, 10000, "kết nối",
     "Số kết nối đồng thời tối đa từ một địa chỉ IP (đọc khi khởi động máy chủ).", SETTING_INT, NULL},
    {"http.request_deadline_seconds", GUARD_DEFAULT_DEADLINE_S, 5, 3600, "giây",
     "Thời gian tối đa để nhận xong phần đầu và nội dung một yêu cầu (đọc khi khởi động).", SETTING_INT, NULL},
    {"http.upload_total_mb", GUARD_DEFAULT_BODY_BUDGET >> 20, 1, 65536, "MB",
     "Tổng dung lượng tải lên đang nhận cùng lúc trên toàn máy chủ (đọc khi khởi động).", SETTING_INT, NULL},
    {"http.public_rate_per_minute", GUARD_DEFAULT_PUBLIC_RATE, 1, 100000, "yêu cầu/phút",
     "Trang công khai: số yêu cầu mỗi phút từ một địa chỉ IP cho người chưa đăng nhập (đọc khi khởi động).", SETTING_INT, NULL},
    {"http.public_burst", GUARD_DEFAULT_PUBLIC_BURST, 1, 100000, "yêu cầu",
     "Trang công khai: số yêu cầu dồn liền một lúc được phép trước khi bị giới hạn (đọc khi khởi động).", SETTING_INT, NULL},
    {"http.search_rate_per_minute", GUARD_DEFAULT_SEARCH_RATE, 1, 100000, "yêu cầu/phút",
     "Tra cứu công khai: số yêu cầu mỗi phút từ một địa chỉ IP (chặt hơn trang thường; đọc khi khởi động).", SETTING_INT, NULL},
    {"http.search_burst", GUARD_DEFAULT_SEARCH_BURST, 1, 100000, "yêu cầu",
     "Tra cứu công khai: số yêu cầu dồn liền một lúc được phép (đọc khi khởi động).", SETTING_INT, NULL},
    {"import.job_threshold_lines", 2000, 1, 10000000, "dòng",
     "Tệp nhập từ trang web có nhiều dòng hơn số này chạy thành việc nền, có thanh tiến độ (tệp nhỏ nhập ngay).",
     SETTING_INT, NULL},
    {"job.max_parallel", 2, 1, 16, "việc",
     "Số việc nền (nhập tệp lớn, in hàng loạt) chạy cùng lúc trên một máy chủ (đọc khi khởi động).", SETTING_INT, NULL},
    {"job.keep_days", 30, 1, 3650, "ngày",
     "Việc nền đã kết thúc được giữ (cùng báo cáo và tệp kết quả) bấy nhiêu ngày rồi tự xóa; việc đang chờ hoặc đang chạy không bao giờ bị xóa.",
     SETTING_INT, NULL},
    {"org.province", 0, 1, 100, "", "Tên tỉnh.", SETTING_TEXT, "Lạng Sơn"},
    {"org.board_name", 0, 1, 200, "", "Tên cơ quan thường trực thi đua, khen thưởng.", SETTING_TEXT,
     "Ban Thi đua – Khen thưởng tỉnh Lạng Sơn"},
    {"org.issuer_name", 0, 1, 200, "", "Cơ quan ban hành văn bản khen thưởng (góc trái tiêu đề văn bản).",
     SETTING_TEXT, "Ủy ban nhân dân tỉnh Lạng Sơn"},
    {"org.place_name", 0, 1, 100, "", "Địa danh ghi trên văn bản: \"<địa danh>, ngày … tháng … năm …\".",
     SETTING_TEXT, "Lạng Sơn"},
    {"org.default_signer_authority", 0, 0, 100, "", "Thẩm quyền ký mặc định (ví dụ KT. CHỦ TỊCH; để trống nếu ký trực tiếp).",
     SETTING_TEXT, "KT. CHỦ TỊCH"},
    {"org.default_signer_position", 0, 1, 100, "", "Chức vụ người ký mặc định.", SETTING_TEXT, "PHÓ CHỦ TỊCH"},
    {"org.default_signer_name", 0, 0, 100, "", "Họ và tên người ký mặc định (để trống: điền khi ký).", SETTING_TEXT, ""},
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
    assert(d->kind == SETTING_INT && "setting_int: a text setting (use setting_text)");
    int64_t v;
    if (stored_int(s, d, name, &v)) return v;
    if (!str_eq(d->name, name) && stored_int(s, d, d->name, &v)) return v;
    return d->def;
}

bool setting_check(const struct setting_def *d, const char *name, const char *value, buf *clean, char *err, size_t errlen)
{
    if (!value) value = "";
    if (d->kind == SETTING_TEXT) {
        const struct vn_field field = {(size_t)d->min, (size_t)d->max, VN_NORM_SINGLE_LINE};
        struct vn_error ve = {0};
        buf out = {0}, msg = {0};
        bool ok = vn_field_clean(value, strlen(value), &field, &out, &ve) == VN_OK;
        if (!ok) {
            vn_error_message(&ve, name, &msg);
            snprintf(err, errlen, "%s", buf_str(&msg));
        } else if (clean) {
            buf_puts(clean, buf_str(&out));
        }
        buf_free(&out);
        buf_free(&msg);
        return ok;
    }
    int64_t n;
    if (!parse_int64(value, &n)) { snprintf(err, errlen, "%s: '%s' không phải số nguyên", name, value); return false; }
    if (n < d->min || n > d->max) {
        snprintf(err, errlen, "%s: %lld nằm ngoài khoảng %lld–%lld", name, (long long)n, (long long)d->min, (long long)d->max);
        return false;
    }
    if (clean) buf_printf(clean, "%lld", (long long)n);
    return true;
}

/* The stored text of exactly `name` when it is still valid under the definition. */
static const char *stored_text(store *s, arena *a, const struct setting_def *d, const char *name)
{
    char *v = NULL, err[256];
    buf clean = {0};
    const char *out = NULL;
    if (store_text(s, &v, a, "SELECT value FROM setting WHERE name=$1", "t", name) == 1 &&
        setting_check(d, name, v, &clean, err, sizeof err))
        out = arena_strdup(a, buf_str(&clean));
    buf_free(&clean);
    return out;
}

const char *setting_text(store *s, arena *a, const char *name)
{
    const struct setting_def *d = setting_find(name);
    assert(d && d->kind == SETTING_TEXT && "setting_text: unknown or not a text setting");
    if (!d || d->kind != SETTING_TEXT) return "";
    const char *v = stored_text(s, a, d, name);
    if (!v && !str_eq(d->name, name)) v = stored_text(s, a, d, d->name);
    return v ? v : arena_strdup(a, d->text_def ? d->text_def : "");
}

const char *setting_value_text(store *s, arena *a, const struct setting_def *d, const char *name)
{
    if (d->kind == SETTING_TEXT) return setting_text(s, a, name);
    return arena_printf(a, "%lld", (long long)setting_int(s, name));
}

int setting_set(store *s, int64_t user_id, const char *user_login, const char *name,
                const char *value, char *err, size_t errlen)
{
    const struct setting_def *d = setting_find(name);
    if (!d) { snprintf(err, errlen, "không có thiết lập '%s' (xem: thidua setting list)", name ? name : ""); return -1; }
    buf clean = {0};
    if (!setting_check(d, name, value, &clean, err, errlen)) { buf_free(&clean); return -1; }
    arena a = {0};
    char *old = NULL, at[21];
    const char *txt = arena_strdup(&a, buf_str(&clean));
    buf_free(&clean);
    iso_time(now_unix(), at);
    /* The value in force before (a default when none is stored), so the audit entry shows what
     * the change replaced even on a first change. */
    const char *before_value = setting_value_text(s, &a, d, name);
    int rc = store_begin(s);
    if (rc == STORE_OK && store_text(s, &old, &a, "SELECT value FROM setting WHERE name=$1", "t", name) < 0) rc = STORE_ERR;
    if (rc == STORE_OK)
        rc = store_exec(s, "INSERT INTO setting(name, value, updated_at) VALUES ($1,$2,$3)"
                           " ON CONFLICT(name) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at",
                        "ttt", name, txt, at);
    if (rc == STORE_OK) {
        json_t *before = old ? json_pack("{s:s}", "value", old) : json_pack("{s:s, s:b}", "value", before_value, "default", 1);
        json_t *after = json_pack("{s:s}", "value", txt);
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
