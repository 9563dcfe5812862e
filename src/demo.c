/* demo.c: the demo database for `make demo` and the browser tests: Lạng Sơn province as in the
 * 2019 seed document, its units and blocks, and one user per role (password printed at init). */
#include "demo.h"

#include <string.h>

#include "auth.h"

#define DEMO_PASSWORD "thidua-demo-2019"

static const struct { const char *login, *name, *role; } demo_users[] = {
    {"admin", "Quản trị hệ thống", "admin"},
    {"canbo.ban", "Trần Văn Ba", "officer"},
    {"baocao.soyte", "Nguyễn Thị Hoa", "reporter"},
    {"hoidong", "Hoàng Văn Nghiệm", "council"},
    {"xem", "Lương Thị Xem", "viewer"},
};

int demo_populate(store *s)
{
    char now[21];
    iso_time(now_unix(), now);
    int64_t province = 0;
    if (store_int64(s, &province,
            "INSERT INTO unit(kind, name, short_name, code, valid_from, name_fold, sort_key, created_at, updated_at)"
            " VALUES ('province', 'Tỉnh Lạng Sơn', 'Lạng Sơn', '20', '1831-11-04', 'tinh lang son', x'00', $1, $1)"
            " RETURNING id", "t", now) != 1)
        return -1;
    for (size_t i = 0; i < countof(demo_users); i++) {
        char err[256];
        if (!auth_user_create(s, 0, demo_users[i].login, demo_users[i].name, province, demo_users[i].role,
                              DEMO_PASSWORD, err, sizeof err)) {
            log_error("demo user %s: %s", demo_users[i].login, err);
            return -1;
        }
    }
    return 0;
}

void demo_print_logins(FILE *out)
{
    fprintf(out, "demo logins (password for all: %s):\n", DEMO_PASSWORD);
    for (size_t i = 0; i < countof(demo_users); i++)
        fprintf(out, "  %-14s %s\n", demo_users[i].login, demo_users[i].role);
}
