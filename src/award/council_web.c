/* council_web.c: the /council pages (roll, meetings, agenda, the ballot form, closing) and the
 * /api/council endpoints. A member sees THAT they voted on an item, never a tally before the
 * meeting closes; the choice travels only in a POST body, which no log records, and the reply
 * after a vote never repeats it (council.h). */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "award_pages.h"
#include "council.h"
#include "proposal.h"

/* The council's pages are for the Board and the members; others get 403. */
static bool council_reader(req *r)
{
    if (web_has_cap(r, CAP_APPRAISE) || web_has_cap(r, CAP_BALLOT)) return true;
    web_error(r, 403, "Chỉ Ban Thi đua – Khen thưởng và thành viên Hội đồng xem được trang này.");
    return false;
}

static int this_year(void)
{
    char today[11];
    iso_date_today(today);
    return (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0');
}

static const char *result_label(const char *r)
{
    if (str_eq(r, "passed")) return "Được thông qua";
    if (str_eq(r, "failed")) return "Không được thông qua";
    if (str_eq(r, "no_quorum")) return "Không đủ số thành viên bỏ phiếu";
    return "Đang biểu quyết";
}

static void council_render(req *r, const struct field_errors *fe)
{
    int64_t y = 0;
    int year = parse_int64(web_param(r, "year"), &y) && y >= 1945 && y <= 2200 ? (int)y : this_year();
    struct council_member *mem;
    struct council_meeting *mt;
    int nm, nt;
    if (council_members(r->db, &r->a, year, &mem, &nm) < 0 || council_meetings(r->db, &r->a, &mt, &nt) < 0) {
        web_fail(r, "council");
        return;
    }
    int status = fe->n ? 400 : r->status;
    page_begin(r, "Hội đồng Thi đua – Khen thưởng");
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "member")) page_notice(r, "ok", "Đã thêm thành viên Hội đồng.");
    award_form_errors(r, fe);
    html(r, "<h2>Phiên họp</h2>");
    if (!nt) html(r, "<p class=\"muted\">Chưa có phiên họp nào.</p>");
    else {
        html(r, "<ul>");
        for (int i = 0; i < nt; i++)
            html(r, "<li><a href=\"/council/meetings/%D\">%s</a> — %T — %s</li>", mt[i].id, mt[i].title, mt[i].held_on,
                 str_eq(mt[i].state, "open") ? "đang họp" : "đã kết thúc");
        html(r, "</ul>");
    }
    bool board = web_has_cap(r, CAP_APPRAISE);
    if (board) {
        html(r, "<h3>Mở phiên họp</h3>");
        form_begin(r, "/council/meetings", "class=\"narrow\"");
        form_field(r, "date", "held_on", "Ngày họp", web_param(r, "held_on"), ferr_get(fe, "held_on"), "required");
        form_field(r, "text", "title", "Tên phiên họp", web_param(r, "title"), ferr_get(fe, "title"), "maxlength=\"300\" required");
        form_end(r, "Mở phiên họp");
    }
    html(r, "<h2>Thành viên Hội đồng năm %d</h2>", year);
    if (!nm) html(r, "<p class=\"muted\">Chưa có thành viên.</p>");
    else {
        html(r, "<ul>");
        for (int i = 0; i < nm; i++) html(r, "<li>%s (%s) — %s</li>", mem[i].name, mem[i].login, mem[i].position);
        html(r, "</ul>");
    }
    if (board) {
        stmt *q = store_query(r->db, "SELECT u.id, u.name, u.login FROM app_user u JOIN role_capability c ON c.role = u.role"
                                     " WHERE c.capability = 'ballot' AND u.disabled = 0 ORDER BY u.login", "");
        int cap = 0, k = 0;
        const char **opt = arena_grow(&r->a, NULL, 0, &cap, sizeof *opt);
        *ARENA_PUSH(&r->a, opt, k, cap) = "";
        *ARENA_PUSH(&r->a, opt, k, cap) = "— chọn người dùng —";
        while (q && stmt_step(q) == STORE_ROW) {
            *ARENA_PUSH(&r->a, opt, k, cap) = arena_printf(&r->a, "%lld", (long long)stmt_int64(q, 0));
            *ARENA_PUSH(&r->a, opt, k, cap) = arena_printf(&r->a, "%s (%s)", stmt_text(q, 1), stmt_text(q, 2));
        }
        stmt_finalize(q);
        *ARENA_PUSH(&r->a, opt, k, cap) = NULL;
        html(r, "<h3>Thêm thành viên</h3>");
        form_begin(r, "/council/members", "class=\"narrow\"");
        form_field(r, "number", "year", "Năm", arena_printf(&r->a, "%d", year), ferr_get(fe, "year"),
                   "min=\"1945\" max=\"2200\" required");
        form_select(r, "user_id", "Người dùng (vai trò thành viên Hội đồng)", opt, NULL, ferr_get(fe, "user_id"));
        form_field(r, "text", "position", "Chức danh trong Hội đồng", "Ủy viên", ferr_get(fe, "position"),
                   "maxlength=\"200\" required");
        form_end(r, "Thêm");
    }
    page_end(r);
    r->status = status;
}

void council_page(req *r)
{
    if (!council_reader(r)) return;
    struct field_errors fe = {0};
    council_render(r, &fe);
}

void council_member_page(req *r)
{
    struct field_errors fe = {0};
    int64_t year = 0, user = 0;
    if (!parse_int64(web_param(r, "year"), &year)) ferr_add(&fe, "year", "Hãy nhập năm.");
    if (!parse_int64(web_param(r, "user_id"), &user)) ferr_add(&fe, "user_id", "Hãy chọn người dùng.");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : council_member_add(r->db, &r->a, &me, year > 0 && year < 100000 ? (int)year : 0, user,
                                                web_param(r, "position"), &fe);
    if (rc < 0) { web_fail(r, "add council member"); return; }
    if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/council?year=%lld&notice=member", (long long)year)); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    council_render(r, &fe);
}

void council_meeting_new_page(req *r)
{
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t id = council_meeting_create(r->db, &r->a, &me, web_param(r, "held_on"), web_param(r, "title"), &fe);
    if (id < 0) { web_fail(r, "create meeting"); return; }
    if (id > 0) { web_redirect(r, arena_printf(&r->a, "/council/meetings/%lld", (long long)id)); return; }
    if (ferr_get(&fe, "scope")) { web_error(r, 403, ferr_get(&fe, "scope")); return; }
    council_render(r, &fe);
}

static void meeting_render(req *r, int64_t id, const struct field_errors *fe)
{
    struct council_meeting m;
    int rc = council_meeting_get(r->db, &r->a, id, &m);
    if (rc < 0) { web_fail(r, "get meeting"); return; }
    if (!rc) { web_error(r, 404, "Không có phiên họp này."); return; }
    struct council_item *it;
    int n;
    if (council_items(r->db, &r->a, id, &it, &n) < 0) { web_fail(r, "meeting items"); return; }
    int status = fe->n ? 400 : r->status;
    bool open = str_eq(m.state, "open"), board = web_has_cap(r, CAP_APPRAISE), voter = web_has_cap(r, CAP_BALLOT);
    struct actor me = actor_of_req(r);
    page_begin(r, m.title);
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "voted")) page_notice(r, "ok", "Đã ghi nhận phiếu của bạn. Phiếu là phiếu kín: không ai xem được bạn đã chọn gì.");
    else if (str_eq(notice, "closed")) page_notice(r, "ok", "Đã kết thúc phiên họp và kiểm phiếu.");
    award_form_errors(r, fe);
    html(r, "<p>Ngày họp %T — %s — %d thành viên Hội đồng năm %d.</p>", m.held_on, open ? "đang họp" : "đã kết thúc",
         m.members, m.year);
    if (m.quorum_rule) html(r, "<p class=\"muted\">Quy định áp dụng: %s</p>", m.quorum_rule);
    if (!open) html(r, "<p><a class=\"button secondary\" href=\"/council/meetings/%D/minutes.pdf\">Biên bản kiểm phiếu (PDF)</a></p>", id);
    html(r, "<h2>Nội dung biểu quyết</h2>");
    if (!n) html(r, "<p class=\"muted\">Chưa có nội dung nào.</p>");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Hồ sơ</th><th scope=\"col\">Hình thức</th>"
                "<th scope=\"col\" class=\"num\">Đã bỏ phiếu</th><th scope=\"col\">Kết quả</th>");
        if (open && voter) html(r, "<th scope=\"col\">Phiếu của bạn</th>");
        html(r, "</tr></thead><tbody>");
        for (int i = 0; i < n; i++) {
            html(r, "<tr><td>");
            if (board) html(r, "<a href=\"/proposals/%D\">%s</a>", it[i].proposal_id, it[i].subject_name);
            else html(r, "%s", it[i].subject_name);
            html(r, "</td><td>%s</td><td class=\"num\">%d/%d</td><td>%s", it[i].form_code, it[i].voted, m.members,
                 result_label(it[i].result));
            if (it[i].votes_for >= 0)
                html(r, " (đồng ý %d, không đồng ý %d, không biểu quyết %d)", it[i].votes_for, it[i].votes_against,
                     it[i].votes_abstain);
            html(r, "</td>");
            if (open && voter) {
                html(r, "<td>");
                int voted = council_has_voted(r->db, &me, it[i].id);
                if (voted < 0) { web_fail(r, "has voted"); return; }
                if (voted) html(r, "Bạn đã bỏ phiếu");
                else {
                    form_begin(r, arena_printf(&r->a, "/council/items/%lld/vote", (long long)it[i].id), "class=\"ballot\"");
                    html(r, "<fieldset><legend>Phiếu kín</legend>"
                            "<label><input type=\"radio\" name=\"choice\" value=\"for\" required> Đồng ý</label> "
                            "<label><input type=\"radio\" name=\"choice\" value=\"against\"> Không đồng ý</label> "
                            "<label><input type=\"radio\" name=\"choice\" value=\"abstain\"> Không biểu quyết</label>"
                            "</fieldset><button type=\"submit\">Bỏ phiếu</button></form>");
                }
                html(r, "</td>");
            }
            html(r, "</tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (open && board) {
        struct proposal *p;
        int np;
        int64_t total;
        struct proposal_filter f = {.state = PS_TO_COUNCIL};
        if (proposal_list(r->db, &r->a, &f, &p, &np, &total) < 0) { web_fail(r, "list proposals"); return; }
        if (np) {
            const char **opt = arena_alloc(&r->a, sizeof *opt * (size_t)(2 * np + 3));
            int k = 0;
            opt[k++] = "";
            opt[k++] = "— chọn hồ sơ trình Hội đồng —";
            for (int i = 0; i < np; i++) {
                opt[k++] = arena_printf(&r->a, "%lld", (long long)p[i].id);
                opt[k++] = arena_printf(&r->a, "Số %lld: %s — %s", (long long)p[i].id, p[i].subject_name, p[i].form_label);
            }
            opt[k] = NULL;
            html(r, "<h3>Thêm nội dung</h3>");
            form_begin(r, arena_printf(&r->a, "/council/meetings/%lld/items", (long long)id), "class=\"narrow\"");
            form_select(r, "proposal_id", "Hồ sơ", opt, NULL, ferr_get(fe, "proposal_id"));
            form_end(r, "Thêm vào phiên họp");
        }
        html(r, "<h3>Kết thúc phiên họp</h3><p>Kiểm phiếu theo quy định có hiệu lực ngày họp; sau khi kết thúc không bỏ "
                "phiếu được nữa.</p>");
        form_begin(r, arena_printf(&r->a, "/council/meetings/%lld/close", (long long)id), "class=\"inline\"");
        html(r, "<button type=\"submit\">Kết thúc và kiểm phiếu</button></form>");
    }
    page_end(r);
    r->status = status;
}

void council_minutes_page(req *r)
{
    int64_t id;
    if (!council_reader(r) || !web_param_id(r, 0, &id)) return;
    buf out = {0};
    char err[300];
    if (council_minutes_pdf(r->db, &r->a, id, &out, err, sizeof err) != 0) {
        buf_free(&out);
        web_error(r, 404, err);
        return;
    }
    web_header(r, "Content-Disposition", arena_printf(&r->a, "inline; filename=\"bien-ban-kiem-phieu-%lld.pdf\"", (long long)id));
    web_body(r, "application/pdf", out.data, out.len);
    buf_free(&out);
}

void council_meeting_page(req *r)
{
    int64_t id;
    if (!council_reader(r) || !web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    meeting_render(r, id, &fe);
}

static void meeting_result(req *r, int64_t id, int64_t rc, const struct field_errors *fe, const char *what,
                           const char *notice)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (rc > 0) {
        web_redirect(r, arena_printf(&r->a, "/council/meetings/%lld%s%s", (long long)id, notice ? "?notice=" : "",
                                     notice ? notice : ""));
        return;
    }
    if (ferr_get(fe, "id")) { web_error(r, 404, ferr_get(fe, "id")); return; }
    if (ferr_get(fe, "scope")) { web_error(r, 403, ferr_get(fe, "scope")); return; }
    meeting_render(r, id, fe);
}

void council_item_new_page(req *r)
{
    int64_t id, proposal = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    if (!parse_int64(web_param(r, "proposal_id"), &proposal)) ferr_add(&fe, "proposal_id", "Hãy chọn hồ sơ.");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : council_item_add(r->db, &r->a, &me, id, proposal, &fe);
    meeting_result(r, id, rc, &fe, "add item", NULL);
}

void council_close_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = council_meeting_close(r->db, &r->a, &me, id, &fe);
    meeting_result(r, id, rc, &fe, "close meeting", "closed");
}

void ballot_page(req *r)
{
    int64_t item;
    if (!web_param_id(r, 0, &item)) return;
    struct field_errors fe = {0};
    int choice = ballot_choice_from_name(web_param(r, "choice"));
    if (choice < 0) ferr_add(&fe, "choice", "Hãy chọn đồng ý, không đồng ý hoặc không biểu quyết.");
    int64_t meeting = 0;
    if (store_int64(r->db, &meeting, "SELECT meeting_id FROM council_item WHERE id = $1", "i", item) != 1) {
        web_error(r, 404, "Không có nội dung biểu quyết này.");
        return;
    }
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : ballot_cast(r->db, &r->a, &me, item, (enum ballot_choice)choice, &fe);
    meeting_result(r, meeting, rc, &fe, "cast ballot", "voted");
}

/* ======================================================================================
 * JSON API
 * ====================================================================================== */

const struct api_member council_member_body[] = {
    {"year", API_INT}, {"user_id", API_INT}, {"position", API_TEXT}, {NULL, 0},
};
const struct api_member council_meeting_body[] = {{"held_on", API_TEXT}, {"title", API_TEXT}, {NULL, 0}};
const struct api_member council_item_body[] = {{"proposal_id", API_INT}, {NULL, 0}};
const struct api_member ballot_body[] = {{"choice", API_TEXT}, {NULL, 0}};

static json_t *meeting_full_json(req *r, int64_t id)
{
    struct council_meeting m;
    struct council_item *it;
    int n;
    if (council_meeting_get(r->db, &r->a, id, &m) != 1 || council_items(r->db, &r->a, id, &it, &n) < 0) return NULL;
    json_t *o = council_meeting_json(&m), *items = json_array();
    struct actor me = actor_of_req(r);
    for (int i = 0; i < n; i++) {
        json_t *x = council_item_json(&it[i]);
        if (web_has_cap(r, CAP_BALLOT)) json_object_set_new(x, "you_voted", json_boolean(council_has_voted(r->db, &me, it[i].id) > 0));
        json_array_append_new(items, x);
    }
    json_object_set_new(o, "items", items);
    return o;
}

void council_members_api(req *r)
{
    if (!council_reader(r)) return;
    struct field_errors fe = {0};
    int64_t year = this_year();
    if (web_is_post(r)) {
        int64_t user = 0;
        if (!api_int(r, "year", &year)) ferr_add(&fe, "year", "Hãy gửi \"year\".");
        if (!api_int(r, "user_id", &user)) ferr_add(&fe, "user_id", "Hãy gửi \"user_id\".");
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : council_member_add(r->db, &r->a, &me, year > 0 && year < 100000 ? (int)year : 0, user,
                                                    api_text(r, "position"), &fe);
        if (id < 0) { web_fail(r, "add council member"); return; }
        if (!id) { award_json_refused(r, &fe); return; }
    } else {
        const char *y = web_param(r, "year");
        if (y && (!parse_int64(y, &year) || year < 1945 || year > 2200)) {
            ferr_add(&fe, "year", "Năm phải từ 1945 đến 2200.");
            api_reply_errors(r, &fe);
            return;
        }
    }
    struct council_member *m;
    int n;
    if (council_members(r->db, &r->a, (int)year, &m, &n) < 0) { web_fail(r, "council members"); return; }
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:I, s:i, s:s, s:s, s:s}", "id", (json_int_t)m[i].id, "user_id",
                                           (json_int_t)m[i].user_id, "year", m[i].year, "login", m[i].login, "name",
                                           m[i].name, "position", m[i].position));
    struct api_page pg = {.limit = n ? n : 1, .offset = 0};
    web_json(r, web_is_post(r) ? 201 : 200, api_list(a, n, &pg));
}

void council_meetings_api(req *r)
{
    if (!council_reader(r)) return;
    struct field_errors fe = {0};
    if (web_is_post(r)) {
        struct actor me = actor_of_req(r);
        int64_t id = council_meeting_create(r->db, &r->a, &me, api_text(r, "held_on"), api_text(r, "title"), &fe);
        if (id < 0) { web_fail(r, "create meeting"); return; }
        if (!id) { award_json_refused(r, &fe); return; }
        json_t *o = meeting_full_json(r, id);
        if (!o) { web_fail(r, "get meeting"); return; }
        web_header(r, "Location", arena_printf(&r->a, "/api/council/meetings/%lld", (long long)id));
        web_json(r, 201, json_pack("{s:o}", "meeting", o));
        return;
    }
    struct council_meeting *m;
    int n;
    if (council_meetings(r->db, &r->a, &m, &n) < 0) { web_fail(r, "meetings"); return; }
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, council_meeting_json(&m[i]));
    struct api_page pg = {.limit = n ? n : 1, .offset = 0};
    web_json(r, 200, api_list(a, n, &pg));
}

void council_meeting_api(req *r)
{
    int64_t id;
    if (!council_reader(r) || !web_param_id(r, 0, &id)) return;
    json_t *o = meeting_full_json(r, id);
    if (!o) { web_error(r, 404, "Không có phiên họp này."); return; }
    web_json(r, 200, json_pack("{s:o}", "meeting", o));
}

static void meeting_api_result(req *r, int64_t id, int64_t rc, const struct field_errors *fe, const char *what)
{
    if (rc < 0) { web_fail(r, what); return; }
    if (!rc) { award_json_refused(r, fe); return; }
    json_t *o = meeting_full_json(r, id);
    if (!o) { web_fail(r, "get meeting"); return; }
    web_json(r, 200, json_pack("{s:o}", "meeting", o));
}

void council_items_api(req *r)
{
    int64_t id, proposal = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    if (!api_int(r, "proposal_id", &proposal)) ferr_add(&fe, "proposal_id", "Hãy gửi \"proposal_id\".");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : council_item_add(r->db, &r->a, &me, id, proposal, &fe);
    meeting_api_result(r, id, rc, &fe, "add item");
}

void council_close_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = council_meeting_close(r->db, &r->a, &me, id, &fe);
    meeting_api_result(r, id, rc, &fe, "close meeting");
}

void ballot_api(req *r)
{
    int64_t item;
    if (!web_param_id(r, 0, &item)) return;
    struct field_errors fe = {0};
    int choice = ballot_choice_from_name(api_text(r, "choice"));
    if (choice < 0) {
        ferr_add(&fe, "choice", "\"choice\" phải là \"for\", \"against\" hoặc \"abstain\".");
        api_reply_errors(r, &fe);
        return;
    }
    struct actor me = actor_of_req(r);
    int64_t rc = ballot_cast(r->db, &r->a, &me, item, (enum ballot_choice)choice, &fe);
    if (rc < 0) { web_fail(r, "cast ballot"); return; }
    if (!rc) { award_json_refused(r, &fe); return; }
    /* the reply confirms THAT the vote was recorded, and nothing about it */
    web_json(r, 200, json_pack("{s:I, s:b}", "item_id", (json_int_t)item, "voted", 1));
}
