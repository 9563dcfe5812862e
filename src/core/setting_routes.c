/* setting_routes.c: the `setting` feature: the settings page and API (setting_web.c), for
 * administrators (capability settings), with the menu entry and home card. */
#include "api.h"
#include "core_pages.h"

static const struct route setting_routes[] = {
    {"GET", "/settings", settings_page, CAP_SETTINGS, R_HTML, "setting.list", NULL},
    {"POST", "/settings", settings_save_page, CAP_SETTINGS, R_HTML | R_CSRF, "setting.save", NULL},
    {"GET", "/api/settings", settings_api, CAP_SETTINGS, R_JSON, "api.setting.list", NULL},
    {"POST", "/api/settings", setting_save_api, CAP_SETTINGS, R_JSON | R_CSRF, "api.setting.save", setting_save_body},
    {0},
};
static const struct nav_entry setting_nav[] = {
    {"/settings", "Thiết lập", NULL, CAP_SETTINGS, NAV_MENU},
    {"/settings", "Thiết lập hệ thống", "Tên tỉnh, cơ quan, người ký mặc định, giới hạn truy cập công khai", CAP_SETTINGS, NAV_CARD},
    {0},
};
const struct feature setting_feature = {"setting", setting_routes, setting_nav, NULL};
