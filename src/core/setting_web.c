/* setting_web.c: the settings page (/settings) and API (/api/settings) for administrators
 * (capability settings): every setting of setting.c's table with its value in force, default,
 * bounds and help, one small form each; a change goes through setting_set_as (checked, audited
 * with the value before and after). The page is generated from the table, like the CLI. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "core_pages.h"
#include "html.h"
#include "setting.h"

static void settings_render(req *r, const char *notice, const char *bad_name, const char *bad_value, const char *error)
{
    page_begin(r, "Thiết lập");
    html(r, "<h1>Thiết lập hệ thống</h1>"
            "<p class=\"muted\">Mỗi thay đổi được ghi vào nhật ký kiểm toán (giá trị trước và sau). "
            "Các giới hạn ghi \"đọc khi khởi động\" có hiệu lực sau khi khởi động lại máy chủ.</p>");
    if (notice) page_notice(r, "ok", notice);
    if (error && !bad_name) page_notice(r, "error", error);
    for (const struct setting_def *d = setting_defs; d->name; d++) {
        bool bad = bad_name && str_eq(bad_name, d->name);
        const char *value = bad ? bad_value : setting_value_text(r->db, &r->a, d, d->name);
        const char *id = arena_printf(&r->a, "setting-%s", d->name);
        html(r, "<section class=\"setting\" aria-labelledby=\"%s-h\"><h2 id=\"%s-h\"><code>%s</code></h2><p>%s</p>", id, id,
             d->name, d->help);
        if (d->kind == SETTING_TEXT)
            html(r, "<p class=\"muted\">Mặc định: “%s”; tối đa %D ký tự%s.</p>", d->text_def ? d->text_def : "", d->max,
                 d->min > 0 ? ", không để trống" : "");
        else
            html(r, "<p class=\"muted\">Mặc định: %D %s; từ %D đến %D.</p>", d->def, d->unit, d->min, d->max);
        form_begin(r, "/settings", NULL);
        html(r, "<input type=\"hidden\" name=\"name\" value=\"%s\">", d->name);
        form_field(r, d->kind == SETTING_TEXT ? "text" : "number", "value",
                   d->kind == SETTING_TEXT ? "Giá trị" : arena_printf(&r->a, "Giá trị (%s)", d->unit), value,
                   bad ? error : NULL, NULL);
        form_end(r, "Lưu");
        html(r, "</section>");
    }
    page_end(r);
}

void settings_page(req *r) { settings_render(r, web_param(r, "saved") ? "Đã lưu thiết lập." : NULL, NULL, NULL, NULL); }

void settings_save_page(req *r)
{
    const char *name = web_param(r, "name"), *value = web_param(r, "value");
    const struct setting_def *d = setting_find(name);
    char err[512];
    if (!d) {
        r->status = 400;
        settings_render(r, NULL, NULL, NULL, arena_printf(&r->a, "Không có thiết lập “%s”.", name ? name : ""));
        r->status = 400;
        return;
    }
    if (!setting_check(d, name, value, NULL, err, sizeof err)) {
        settings_render(r, NULL, d->name, value, err);
        r->status = 400;
        return;
    }
    struct actor me = actor_of_req(r);
    if (setting_set_as(r->db, &me, name, value, err, sizeof err) != 0) { web_fail(r, "setting_set_as"); return; }
    web_redirect(r, arena_printf(&r->a, "/settings?saved=1#setting-%s-h", d->name));
}

static json_t *setting_json(req *r, const struct setting_def *d)
{
    const char *v = setting_value_text(r->db, &r->a, d, d->name);
    if (d->kind == SETTING_TEXT)
        return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "name", d->name, "kind", "text", "value", v, "default",
                         d->text_def ? d->text_def : "", "min_chars", (json_int_t)d->min, "max_chars", (json_int_t)d->max,
                         "help", d->help);
    return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:s}", "name", d->name, "kind", "integer", "value",
                     (json_int_t)setting_int(r->db, d->name), "default", (json_int_t)d->def, "min", (json_int_t)d->min,
                     "max", (json_int_t)d->max, "unit", d->unit, "help", d->help);
}

void settings_api(req *r)
{
    json_t *items = json_array();
    int64_t n = 0;
    for (const struct setting_def *d = setting_defs; d->name; d++, n++) json_array_append_new(items, setting_json(r, d));
    struct api_page pg = {n, 0};
    web_json(r, 200, api_list(items, n, &pg));
}

const struct api_member setting_save_body[] = {{"name", API_TEXT}, {"value", API_TEXT}, {NULL, 0}};

void setting_save_api(req *r)
{
    const char *name = api_text(r, "name"), *value = api_text(r, "value");
    const struct setting_def *d = setting_find(name);
    char err[512];
    if (!name || !value) {
        web_json_fields(r, "Thiếu trường bắt buộc.", json_pack("{s:s}", name ? "value" : "name", "bắt buộc"));
        return;
    }
    if (!d) { web_json_fields(r, "Không có thiết lập này.", json_pack("{s:s}", "name", "không có thiết lập này (xem GET /api/settings)")); return; }
    if (!setting_check(d, name, value, NULL, err, sizeof err)) { web_json_fields(r, "Giá trị không hợp lệ.", json_pack("{s:s}", "value", err)); return; }
    struct actor me = actor_of_req(r);
    if (setting_set_as(r->db, &me, name, value, err, sizeof err) != 0) { web_fail(r, "setting_set_as"); return; }
    json_t *o = json_pack("{s:s, s:s}", "name", name, "value", setting_value_text(r->db, &r->a, d, name));
    web_json(r, 200, o);
}
