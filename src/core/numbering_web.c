/* numbering_web.c: the numbering registers' admin pages (routes in core_routes.c): /registers
 * lists every register (kind, owner, year, how many numbers, the last, how many void),
 * /registers/{kind}/{owner}/{year} its numbers with their documents and void reasons, and the
 * void action. The rules (who may void, a reason, never a delete) are numbering.c's. */
#include <stdlib.h>

#include "core_pages.h"
#include "html.h"
#include "numbering.h"

static const char *register_href(req *r, const struct numbering_key *k)
{
    buf b = {0};
    html_buf(&b, "/registers/%u/%u/%d", k->kind, k->owner, k->year);
    const char *href = arena_strdup(&r->a, buf_str(&b));
    buf_free(&b);
    return href;
}

/* The registers are the Board's and the administrators' (appraise or settings): false after a 403. */
static bool may_manage(req *r)
{
    struct actor me = actor_of_req(r);
    if (numbering_may_void(&me)) return true;
    web_error(r, 403, "Sổ đăng ký số dành cho cán bộ Ban Thi đua – Khen thưởng và quản trị hệ thống.");
    return false;
}

void registers_page(req *r)
{
    if (!may_manage(r)) return;
    struct numbering_register *v;
    int n;
    if (numbering_registers(r->db, &r->a, &v, &n) < 0) { web_fail(r, "list registers"); return; }
    page_begin(r, "Sổ đăng ký số");
    html(r, "<p class=\"muted\">Mỗi sổ là một loại văn bản của một chủ sổ trong một năm; số được cấp liên tục, "
            "không bỏ trống, không trùng; số hủy vẫn được giữ cùng lý do.</p>");
    if (!n) {
        html(r, "<p class=\"muted\">Chưa có sổ nào được cấp số.</p>");
        page_end(r);
        return;
    }
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Loại</th><th scope=\"col\">Chủ sổ</th>"
            "<th scope=\"col\" class=\"num\">Năm</th><th scope=\"col\" class=\"num\">Số đã cấp</th>"
            "<th scope=\"col\" class=\"num\">Số cuối</th><th scope=\"col\" class=\"num\">Đã hủy</th></tr></thead><tbody>");
    for (int i = 0; i < n; i++)
        html(r, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%D</td>"
                "<td class=\"num\">%D</td><td class=\"num\">%D</td></tr>",
             register_href(r, &v[i].key), v[i].key.kind, v[i].key.owner, v[i].key.year, v[i].count, v[i].last,
             v[i].voided);
    html(r, "</tbody></table></div>");
    page_end(r);
}

/* The register named by the path, or false after a 404. */
static bool register_of_path(req *r, struct numbering_key *k)
{
    int64_t year = 0;
    k->kind = r->params[0];
    k->owner = r->params[1];
    if (!parse_int64(r->params[2], &year) || year < 1900 || year > 2200) year = 0;
    k->year = (int)year;
    if (!numbering_key_valid(k)) { web_error(r, 404, "Không có sổ đăng ký này."); return false; }
    return true;
}

static void register_render(req *r, const struct numbering_key *k, int status, const char *notice)
{
    struct numbering_entry *e;
    int n;
    if (numbering_entries(r->db, &r->a, k, &e, &n) < 0) { web_fail(r, "register entries"); return; }
    if (!n) { web_error(r, 404, "Sổ đăng ký này chưa có số nào."); return; }
    r->status = status;
    page_begin(r, arena_printf(&r->a, "Sổ %s — %s — năm %d", k->kind, k->owner, k->year));
    html(r, "<p><a href=\"/registers\">← Các sổ đăng ký</a></p>");
    if (notice) page_notice(r, status >= 400 ? "error" : "ok", notice);
    struct actor me = actor_of_req(r);
    bool may_void = numbering_may_void(&me);
    html(r, "<div class=\"table-wrap\"><table class=\"register\"><thead><tr><th scope=\"col\" class=\"num\">Số</th>"
            "<th scope=\"col\">Văn bản</th><th scope=\"col\">Cấp lúc</th><th scope=\"col\">Trạng thái</th>%R</tr></thead><tbody>",
         may_void ? "<th scope=\"col\">Hủy số</th>" : "");  // raw: a literal header cell of this file
    for (int i = 0; i < n; i++) {
        html(r, "<tr%R><td class=\"num\">%D</td><td>%s%R</td><td>%s</td><td>",
             e[i].voided_at ? " class=\"voided\"" : "", e[i].number, e[i].document,  // raw: literal attribute
             e[i].claimed ? " <span class=\"muted\">(số nhập tay)</span>" : "",       // raw: literal markup
             iso_local_time(&r->a, e[i].created_at, false));
        if (e[i].voided_at)
            html(r, "Đã hủy %s bởi %s: %s", iso_local_time(&r->a, e[i].voided_at, false), e[i].voided_by, e[i].void_reason);
        else
            html(r, "Đang dùng");
        html(r, "</td>");
        if (may_void) {
            html(r, "<td>");
            if (!e[i].voided_at) {
                buf act = {0};
                html_buf(&act, "%s/%D/void", register_href(r, k), e[i].number);
                form_begin(r, buf_str(&act), "class=\"inline\"");
                html(r, "<label for=\"reason-%D\" class=\"visually-hidden\">Lý do hủy số %D</label>"
                        "<input id=\"reason-%D\" name=\"reason\" required maxlength=\"%d\" placeholder=\"Lý do hủy\">",
                     e[i].number, e[i].number, e[i].number, NUMBERING_REASON_MAX);
                form_end(r, "Hủy số");
                buf_free(&act);
            }
            html(r, "</td>");
        }
        html(r, "</tr>");
    }
    html(r, "</tbody></table></div>");
    page_end(r);
}

void register_page(req *r)
{
    struct numbering_key k;
    if (!may_manage(r) || !register_of_path(r, &k)) return;
    register_render(r, &k, 200, NULL);
}

void register_void_page(req *r)
{
    struct numbering_key k;
    int64_t number;
    if (!may_manage(r) || !register_of_path(r, &k) || !web_param_id(r, 3, &number)) return;
    struct actor me = actor_of_req(r);
    char msg[600];
    int rc = numbering_void(r->db, &me, &k, number, web_param(r, "reason"), msg, sizeof msg);
    if (rc < 0) { web_fail(r, "void number"); return; }
    if (rc > 0) { web_redirect(r, register_href(r, &k)); return; }
    if (!numbering_may_void(&me)) { web_error(r, 403, msg); return; }
    if (!numbering_document(r->db, &r->a, &k, number)) { web_error(r, 404, msg); return; }
    register_render(r, &k, 400, msg);
}
