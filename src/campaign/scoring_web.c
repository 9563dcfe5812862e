/* scoring_web.c: the block scoring pages (a sheet with its criteria, the ranking with the tie rule
 * stated, the leading units and the Board's propose button; a unit's score explained line by line;
 * the Board's points form) and /api/scoring. scoring.c decides every write. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "api.h"
#include "campaign_pages.h"
#include "chart.h"
#include "export.h"
#include "scoring.h"

static const char *kind_label(const char *kind)
{
    if (str_eq(kind, "targets")) return "Tính từ kết quả chỉ tiêu";
    if (str_eq(kind, "entered")) return "Ban chấm";
    if (str_eq(kind, "bonus")) return "Điểm thưởng";
    if (str_eq(kind, "penalty")) return "Điểm trừ";
    return kind;
}

static bool sheet_of_path(req *r, struct scoring_result *res)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = scoring_compute(r->db, &r->a, id, NULL, res);
    if (rc < 0) { web_fail(r, "compute scores"); return false; }
    if (!rc) { web_error(r, 404, "Không có bảng điểm này."); return false; }
    return true;
}

/* milli → "12.5" for export.h */
static const char *dec(req *r, int64_t milli)
{
    uint64_t m = milli < 0 ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
    return arena_printf(&r->a, "%s%llu.%03llu", milli < 0 ? "-" : "", (unsigned long long)(m / 1000), (unsigned long long)(m % 1000));
}

static const char *pts(req *r, int64_t milli)
{
    char *out = arena_alloc(&r->a, 40);
    scoring_points_format(milli, out, 40);
    return out;
}

/* " — nhóm 1,3; đạt tất cả" for a computed criterion (markup-free text, escaped here). */
static const char *criterion_scope_note(req *r, const struct scoring_criterion *c)
{
    if (!str_eq(c->kind, "targets")) return "";
    buf b = {0};
    html_buf(&b, "<br><small class=\"muted\">%s; %s</small>", c->group_numbers ? arena_printf(&r->a, "nhóm %s", c->group_numbers) : "mọi nhóm",
             str_eq(c->method, "all") ? "đạt tất cả mới có điểm" : "theo tỷ lệ chỉ tiêu đạt");
    const char *out = arena_strdup(&r->a, buf_str(&b));
    buf_free(&b);
    return out;
}

void scoring_page(req *r)
{
    struct scoring_result res;
    if (!sheet_of_path(r, &res)) return;
    bool board = web_has_cap(r, CAP_CAMPAIGN_WRITE);
    page_begin(r, res.sheet.title);
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "scored")) page_notice(r, "ok", "Đã ghi điểm.");
    else if (str_eq(notice, "created")) page_notice(r, "ok", "Đã tạo bảng điểm. Hãy thêm các tiêu chí.");
    else if (str_eq(notice, "criterion")) page_notice(r, "ok", "Đã lưu tiêu chí.");
    else if (str_eq(notice, "removed")) page_notice(r, "ok", "Đã xoá tiêu chí.");
    else if (str_eq(notice, "moved")) page_notice(r, "ok", "Đã đổi thứ tự tiêu chí.");
    else if (str_eq(notice, "edited")) page_notice(r, "ok", "Đã lưu tên, khối và năm của bảng điểm.");
    else if (str_eq(notice, "proposed")) page_notice(r, "ok", "Đã đề nghị đơn vị dẫn đầu (chờ bộ phận khen thưởng tiếp nhận).");
    if (res.sheet.illustrative) page_notice(r, "info", "Dữ liệu mẫu: điểm do Ban chấm trong bảng này là minh hoạ.");
    html(r, "<p><a href=\"/campaigns/%D\">← Phong trào %s</a> · %s · năm %d</p>", res.sheet.campaign_id, res.sheet.campaign_code,
         res.sheet.block_name, res.sheet.year);
    html(r, "<h2 id=\"tieu-chi\">Tiêu chí</h2>");
    if (!res.ncriteria) page_notice(r, "info", "Bảng điểm chưa có tiêu chí nào.");
    else {
        html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Mã</th><th scope=\"col\">Tiêu chí</th>"
                "<th scope=\"col\">Loại</th><th scope=\"col\" class=\"num\">Tối đa</th><th scope=\"col\" class=\"num\">Hệ số</th>%R</tr>"
                "</thead><tbody>", board ? "<th scope=\"col\">Sửa, thứ tự</th>" : ""); // raw: constant markup
        for (int k = 0; k < res.ncriteria; k++) {
            const struct scoring_criterion *c = &res.criteria[k];
            html(r, "<tr><td>%s</td><td>%s</td><td>%s%R</td><td class=\"num\">%s</td><td class=\"num\">%d</td>", c->code, c->title,
                 kind_label(c->kind), criterion_scope_note(r, c), pts(r, c->max_points), c->weight); // raw: composed by criterion_scope_note
            if (board) {
                html(r, "<td class=\"actions\"><a href=\"/scoring/%D/criteria/%D\">Sửa</a>", res.sheet.id, c->id);
                for (int d = 0; d < 2; d++) {
                    if ((d == 0 && k == 0) || (d == 1 && k == res.ncriteria - 1)) continue;
                    form_begin(r, arena_printf(&r->a, "/scoring/%lld/criteria/%lld/move", (long long)res.sheet.id, (long long)c->id),
                               "class=\"inline\"");
                    html(r, "<input type=\"hidden\" name=\"direction\" value=\"%s\"><button type=\"submit\" class=\"secondary\" "
                            "aria-label=\"Chuyển tiêu chí %s %s\">%s</button></form>", d ? "down" : "up", c->code, d ? "xuống" : "lên",
                         d ? "↓" : "↑");
                }
                html(r, "</td>");
            }
            html(r, "</tr>");
        }
        html(r, "</tbody></table></div>");
    }
    if (board)
        html(r, "<p><a class=\"button\" href=\"/scoring/%D/criteria/new\">Thêm tiêu chí</a> "
                "<a class=\"button secondary\" href=\"/scoring/%D/grid\">Chấm điểm (bảng)</a> "
                "<a class=\"button secondary\" href=\"/scoring/%D/edit\">Sửa tên, khối, năm</a></p>", res.sheet.id, res.sheet.id,
             res.sheet.id);
    html(r, "<p><a href=\"/scoring/%D/export?format=xlsx\">Tải bảng điểm (Excel)</a> · "
            "<a href=\"/scoring/%D/export?format=csv\">CSV</a></p>", res.sheet.id, res.sheet.id);
    html(r, "<h2>Xếp hạng</h2><p class=\"muted\">Điểm tính từ chỉ tiêu lấy tình trạng tại ngày %T. Quy tắc khi bằng điểm: %s</p>",
         res.on, SCORING_TIE_RULE);
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\" class=\"num\">Hạng</th><th scope=\"col\">Đơn vị</th>"
            "<th scope=\"col\" class=\"num\">Tổng điểm</th><th scope=\"col\" class=\"num\">Điểm trừ</th>"
            "<th scope=\"col\" class=\"num\">Điểm chỉ tiêu</th><th scope=\"col\">Chi tiết</th></tr></thead><tbody>");
    for (int i = 0; i < res.nunits; i++) {
        const struct unit_score *u = &res.units[i];
        html(r, "<tr><td class=\"num\">%d</td><td>%s%R</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                "<td><a href=\"/scoring/%D/units/%D\">giải thích</a></td></tr>",
             u->rank, u->unit_name, u->rank == 1 && u->total > 0 ? " <span class=\"tag\">dẫn đầu</span>" : "", // raw: constant markup
             pts(r, u->total), pts(r, u->penalty), pts(r, u->targets_points), res.sheet.id, u->unit_id);
    }
    html(r, "</tbody></table></div>");
    if (res.nunits) {
        int shown = res.nunits < 30 ? res.nunits : 30;   /* the chart: the first 30; the table above has all */
        struct chart_bar *b = arena_alloc(&r->a, sizeof *b * (size_t)shown);
        for (int i = 0; i < shown; i++)
            b[i] = (struct chart_bar){res.units[i].unit_name, (res.units[i].total + 500) / 1000,
                                      arena_printf(&r->a, "/scoring/%lld/units/%lld", (long long)res.sheet.id, (long long)res.units[i].unit_id)};
        struct chart_opts o = {"Xếp hạng khối: tổng điểm", res.nunits > shown ? "30 đơn vị đứng đầu, tổng điểm làm tròn đến điểm."
                                                                                : "Tổng điểm của mỗi đơn vị, làm tròn đến điểm.", CHART_NUMBER};
        chart_bars_fmt(r, &o, b, shown);
    }
    if (board) {
        html(r, "<h2>Đề nghị đơn vị dẫn đầu</h2><p>Đơn vị hạng 1 được đề nghị tặng Cờ thi đua của Ủy ban nhân dân tỉnh (chuyển sang "
                "bộ phận khen thưởng; một thành tích chỉ đề nghị một lần).</p>");
        form_begin(r, arena_printf(&r->a, "/scoring/%lld/propose", (long long)res.sheet.id), "class=\"inline\"");
        html(r, "<button type=\"submit\">Đề nghị đơn vị dẫn đầu</button></form>");
    }
    page_end(r);
}

/* The ranking as CSV or XLSX: one row per unit and criterion line, with the totals. */
void scoring_export_page(req *r)
{
    struct scoring_result res;
    if (!sheet_of_path(r, &res)) return;
    enum export_format fmt = EXPORT_CSV;
    const char *f = web_param(r, "format");
    if (f && !export_format_parse(f, &fmt)) { web_error(r, 400, "Định dạng tải về là csv hoặc xlsx."); return; }
    static const struct export_column cols[] = {
        {"Hạng", EXPORT_INT}, {"Đơn vị", EXPORT_TEXT}, {"Tổng điểm", EXPORT_DECIMAL}, {"Tiêu chí", EXPORT_TEXT},
        {"Loại", EXPORT_TEXT}, {"Điểm", EXPORT_DECIMAL}, {"Hệ số", EXPORT_INT}, {"Cộng vào tổng", EXPORT_DECIMAL}, {"Căn cứ", EXPORT_TEXT},
    };
    export_doc *x = export_begin(fmt, "Bảng điểm", cols, (int)countof(cols));
    for (int i = 0; i < res.nunits; i++) {
        const struct unit_score *u = &res.units[i];
        for (int k = 0; k < u->nlines; k++) {
            const struct score_line *l = &u->lines[k];
            const char *cells[] = {arena_printf(&r->a, "%d", u->rank), u->unit_name, dec(r, u->total),
                                   arena_printf(&r->a, "%s. %s", l->c->code, l->c->title), kind_label(l->c->kind), dec(r, l->points),
                                   arena_printf(&r->a, "%d", l->c->weight), dec(r, l->contribution), l->why};
            export_row(x, cells);
        }
    }
    export_reply(r, x, arena_printf(&r->a, "bang-diem-%lld", (long long)res.sheet.id));
}

void scoring_unit_page(req *r)
{
    struct scoring_result res;
    int64_t unit;
    if (!sheet_of_path(r, &res) || !web_param_id(r, 1, &unit)) return;
    const struct unit_score *u = NULL;
    for (int i = 0; i < res.nunits && !u; i++) if (res.units[i].unit_id == unit) u = &res.units[i];
    if (!u) { web_error(r, 404, "Đơn vị này không thuộc khối trong năm của bảng điểm."); return; }
    page_begin(r, arena_printf(&r->a, "Điểm của %s", u->unit_name));
    html(r, "<p><a href=\"/scoring/%D\">← %s</a></p><p>Hạng <strong>%d</strong> / %d · tổng <strong>%s</strong></p>", res.sheet.id,
         res.sheet.title, u->rank, res.nunits, pts(r, u->total));
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Tiêu chí</th><th scope=\"col\" class=\"num\">Điểm</th>"
            "<th scope=\"col\" class=\"num\">× hệ số</th><th scope=\"col\" class=\"num\">Cộng vào tổng</th><th scope=\"col\">Căn cứ</th>"
            "</tr></thead><tbody>");
    for (int i = 0; i < u->nlines; i++) {
        const struct score_line *l = &u->lines[i];
        html(r, "<tr><td>%s. %s <small class=\"muted\">(%s)</small></td><td class=\"num\">%s</td><td class=\"num\">%d</td>"
                "<td class=\"num\">%s</td><td>%s</td></tr>",
             l->c->code, l->c->title, kind_label(l->c->kind), pts(r, l->points), l->c->weight, pts(r, l->contribution), l->why);
    }
    html(r, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"3\">Tổng</th><td class=\"num\">%s</td><td></td></tr></tfoot></table></div>",
         pts(r, u->total));
    html(r, "<p class=\"muted\">Quy tắc xếp hạng khi bằng điểm: %s</p>", SCORING_TIE_RULE);
    page_end(r);
}

void scoring_entry_page(req *r)
{
    int64_t id, unit = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    if (!parse_int64(web_param(r, "unit"), &unit)) ferr_add(&fe, "unit", "Hãy chọn đơn vị.");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : scoring_entry_set(r->db, &r->a, &me, id, web_param(r, "criterion"), unit, web_param(r, "points"),
                                               web_param(r, "note"), &fe);
    if (rc < 0) { web_fail(r, "score"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=scored", (long long)id));
}

void scoring_propose_page(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = scoring_propose(r->db, &r->a, &me, id, &fe);
    if (rc < 0) { web_fail(r, "propose"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=proposed", (long long)id));
}

/* ---- JSON ---- */
const struct api_member scoring_sheet_body[] = {
    {"block", API_INT}, {"year", API_INT}, {"title", API_TEXT}, {"criteria", API_ARRAY}, {NULL, 0},
};
const struct api_member scoring_entry_body[] = {
    {"criterion", API_TEXT}, {"unit", API_REF}, {"points", API_TEXT}, {"note", API_TEXT_NULL}, {NULL, 0},
};

static json_t *result_json(const struct scoring_result *res)
{
    json_t *crit = json_array(), *units = json_array();
    char buf[32];
    for (int k = 0; k < res->ncriteria; k++) {
        eval_format(res->criteria[k].max_points, buf, sizeof buf);
        json_array_append_new(crit, json_pack("{s:s, s:s, s:s, s:s, s:i}", "code", res->criteria[k].code, "title", res->criteria[k].title,
                                              "kind", res->criteria[k].kind, "max_points", buf, "weight", res->criteria[k].weight));
    }
    for (int i = 0; i < res->nunits; i++) {
        const struct unit_score *u = &res->units[i];
        json_t *lines = json_array();
        for (int k = 0; k < u->nlines; k++) {
            eval_format(u->lines[k].contribution, buf, sizeof buf);
            json_t *l = json_pack("{s:s, s:s, s:s}", "criterion", u->lines[k].c->code, "contribution", buf, "why", u->lines[k].why);
            eval_format(u->lines[k].points, buf, sizeof buf);
            json_object_set_new(l, "points", json_string(buf));
            json_array_append_new(lines, l);
        }
        eval_format(u->total, buf, sizeof buf);
        json_t *x = json_pack("{s:I, s:s, s:i, s:s, s:I, s:o}", "unit_id", (json_int_t)u->unit_id, "unit_name", u->unit_name, "rank",
                              u->rank, "total", buf, "total_milli", (json_int_t)u->total, "lines", lines);
        eval_format(u->penalty, buf, sizeof buf);
        json_object_set_new(x, "penalty", json_string(buf));
        json_object_set_new(x, "leading", json_boolean(u->rank == 1 && u->total > 0));
        json_array_append_new(units, x);
    }
    return json_pack("{s:I, s:s, s:I, s:s, s:i, s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)res->sheet.id, "title", res->sheet.title,
                     "block_id", (json_int_t)res->sheet.block_id, "block_name", res->sheet.block_name, "year", res->sheet.year,
                     "campaign_id", (json_int_t)res->sheet.campaign_id, "evaluated_on", res->on, "tie_rule", SCORING_TIE_RULE,
                     "criteria", crit, "ranking", units);
}

void scoring_api(req *r)
{
    struct scoring_result res;
    if (!sheet_of_path(r, &res)) return;
    web_json(r, 200, json_pack("{s:o}", "scoring", result_json(&res)));
}

static void reply_sheet(req *r, int64_t id, int status)
{
    struct scoring_result res;
    if (scoring_compute(r->db, &r->a, id, NULL, &res) != 1) { web_fail(r, "compute scores"); return; }
    web_json(r, status, json_pack("{s:o}", "scoring", result_json(&res)));
}

void scoring_sheets_api(req *r)
{
    int64_t cid, block = 0, year = 0;
    if (!web_param_id(r, 0, &cid)) return;
    struct field_errors fe = {0};
    if (!api_int(r, "block", &block)) ferr_add(&fe, "block", "Hãy gửi \"block\": số id của khối, cụm.");
    if (!api_int(r, "year", &year) || year < 1945 || year > 2200) ferr_add(&fe, "year", "Hãy gửi \"year\": năm 1945–2200.");
    json_t *arr = r->json ? json_object_get(r->json, "criteria") : NULL;
    int n = arr ? (int)json_array_size(arr) : 0;
    if (n > 50) { ferr_add(&fe, "criteria", "Tối đa 50 tiêu chí."); n = 50; }
    struct scoring_criterion_input *c = arena_alloc(&r->a, sizeof *c * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        json_t *x = json_array_get(arr, (size_t)i);
        json_t *w = json_object_get(x, "weight");
        if (!json_is_object(x)) { ferr_add(&fe, "criteria", "Mỗi tiêu chí là một đối tượng {code, title, kind, max_points, weight}."); break; }
        c[i] = (struct scoring_criterion_input){json_string_value(json_object_get(x, "code")), json_string_value(json_object_get(x, "title")),
                                                json_string_value(json_object_get(x, "kind")),
                                                json_string_value(json_object_get(x, "max_points")),
                                                w ? (json_is_integer(w) ? (int)json_integer_value(w) : -1) : 1,
                                                json_string_value(json_object_get(x, "group_numbers")),
                                                json_string_value(json_object_get(x, "method"))};
    }
    struct actor me = actor_of_req(r);
    int64_t id = fe.n ? 0 : scoring_sheet_create(r->db, &r->a, &me, cid, block, (int)year, api_text(r, "title"), c, n, false, &fe);
    if (id < 0) { web_fail(r, "create sheet"); return; }
    if (!id) { campaign_refused(r, &fe); return; }
    web_header(r, "Location", arena_printf(&r->a, "/api/scoring/%lld", (long long)id));
    reply_sheet(r, id, 201);
}

void scoring_entries_api(req *r)
{
    int64_t id, unit = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    if (!api_has(r, "unit")) ferr_add(&fe, "unit", "Hãy gửi \"unit\": số id hoặc mã đơn vị.");
    else if (campaign_unit_ref(r, api_ref(r, "unit"), "unit", &unit, &fe) < 0) { web_fail(r, "resolve unit"); return; }
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : scoring_entry_set(r->db, &r->a, &me, id, api_text(r, "criterion"), unit, api_text(r, "points"),
                                               api_text(r, "note"), &fe);
    if (rc < 0) { web_fail(r, "score"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    reply_sheet(r, id, 200);
}

void scoring_propose_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = scoring_propose(r->db, &r->a, &me, id, &fe);
    if (rc < 0) { web_fail(r, "propose"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_json(r, 201, json_pack("{s:I}", "proposed", (json_int_t)rc));
}

/* ---- the Board's pages for a sheet's shape and its points ---- */
static const char *const criterion_kind_options[] = {
    "targets", "Tính từ kết quả chỉ tiêu", "entered", "Ban chấm", "bonus", "Điểm thưởng", "penalty", "Điểm trừ", NULL,
};
static const char *const criterion_method_options[] = {
    "share", "Theo tỷ lệ chỉ tiêu đạt (tối đa × phần đạt)", "all", "Đạt tất cả chỉ tiêu mới được điểm tối đa, không thì 0", NULL,
};

/* GET/POST /campaigns/{id}/scoring/new: a sheet for a block and a year; its criteria come next. */
void scoring_new_page(req *r)
{
    struct campaign c;
    if (!campaign_of_path(r, &c)) return;
    struct field_errors fe = {0};
    const char *block = web_param(r, "block"), *year = web_param(r, "year"), *title = web_param(r, "title");
    if (web_is_post(r)) {
        int64_t block_id = 0, y = 0;
        if (!parse_int64(block, &block_id)) ferr_add(&fe, "block", "Hãy chọn khối, cụm thi đua.");
        if (!parse_int64(year, &y) || y < 1945 || y > 2200) ferr_add(&fe, "year", "Năm phải từ 1945 đến 2200.");
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : scoring_sheet_create(r->db, &r->a, &me, c.id, block_id, (int)y, title, NULL, 0, false, &fe);
        if (id < 0) { web_fail(r, "create sheet"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=created", (long long)id)); return; }
        if (ferr_get(&fe, "scope") || ferr_get(&fe, "id")) { campaign_refused(r, &fe); return; }
    }
    const char **blocks;
    if (scoring_block_options(r->db, &r->a, &blocks) != STORE_OK) { web_fail(r, "list blocks"); return; }
    page_begin(r, arena_printf(&r->a, "Bảng điểm mới: %s", c.code));
    if (fe.n) page_notice(r, "error", "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.");
    html(r, "<p><a href=\"/campaigns/%D\">← Phong trào %s</a></p><p>Bảng điểm chấm các đơn vị thành viên của một khối, cụm trong "
            "một năm. Sau khi tạo, thêm các tiêu chí (tính từ chỉ tiêu, Ban chấm, điểm thưởng, điểm trừ).</p>", c.id, c.code);
    form_begin(r, arena_printf(&r->a, "/campaigns/%lld/scoring/new", (long long)c.id), "class=\"narrow\"");
    form_select(r, "block", "Khối, cụm thi đua", blocks, block, ferr_get(&fe, "block"));
    form_field(r, "number", "year", "Năm", year ? year : arena_printf(&r->a, "%.4s", c.end_date), ferr_get(&fe, "year"),
               "required min=\"1945\" max=\"2200\"");
    form_field(r, "text", "title", "Tên bảng điểm", title, ferr_get(&fe, "title"), "required maxlength=\"500\"");
    form_end(r, "Tạo bảng điểm");
    page_end(r);
    if (fe.n) r->status = 400;
}

static struct scoring_criterion_input criterion_of_form(req *r, struct field_errors *fe)
{
    int64_t w = 1;
    const char *ws = web_param(r, "weight");
    if (!str_empty(ws) && (!parse_int64(ws, &w) || w < 1 || w > 100)) { ferr_add(fe, "weight", "Hệ số là số nguyên từ 1 đến 100."); w = 1; }
    return (struct scoring_criterion_input){web_param(r, "code"), web_param(r, "title"), web_param(r, "kind"), web_param(r, "max_points"),
                                            (int)w, web_param(r, "group_numbers"), web_param(r, "method")};
}

/* The criterion form, new or existing: the domain's errors (under "criterion") show above it. */
static void criterion_form(req *r, const struct scoring_sheet *sh, const char *action, const struct scoring_criterion_input *v,
                           const struct field_errors *fe, const char *submit)
{
    struct campaign_group *g;
    int ng = 0;
    if (campaign_groups(r->db, &r->a, sh->campaign_id, &g, &ng) != STORE_OK) ng = 0;
    if (fe->n) {
        html(r, "<div class=\"notice error\" role=\"alert\"><p>Chưa lưu được:</p><ul>");
        for (int i = 0; i < fe->n; i++) html(r, "<li>%s</li>", fe->items[i].value);
        html(r, "</ul></div>");
    }
    form_begin(r, action, "class=\"narrow\"");
    form_field(r, "text", "code", "Mã tiêu chí (ví dụ 1, 2.a)", v->code, NULL, "required maxlength=\"40\"");
    form_field(r, "textarea", "title", "Tên tiêu chí", v->title, NULL, "required maxlength=\"500\"");
    form_select(r, "kind", "Loại", criterion_kind_options, v->kind, NULL);
    form_field(r, "text", "max_points", "Điểm tối đa", v->max_points, NULL, "required inputmode=\"decimal\"");
    form_field(r, "number", "weight", "Hệ số", v->weight ? arena_printf(&r->a, "%d", v->weight) : "1", ferr_get(fe, "weight"),
               "min=\"1\" max=\"100\"");
    form_field(r, "text", "group_numbers", "Nhóm nội dung được tính (chỉ với loại tính từ chỉ tiêu; để trống: mọi nhóm)",
               v->group_numbers, NULL, "aria-describedby=\"groups-help\"");
    html(r, "<p class=\"muted\" id=\"groups-help\">Ghi số thứ tự các nhóm, cách nhau bởi dấu phẩy (ví dụ 1, 3).");
    for (int i = 0; i < ng; i++) html(r, " Nhóm %d: %s.", g[i].number, g[i].title);
    html(r, "</p>");
    form_select(r, "method", "Cách tính (chỉ với loại tính từ chỉ tiêu)", criterion_method_options, v->method, NULL);
    form_end(r, submit);
}

static bool sheet_only_of_path(req *r, struct scoring_sheet *sh)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return false;
    int rc = scoring_sheet_get(r->db, &r->a, id, sh);
    if (rc < 0) { web_fail(r, "read sheet"); return false; }
    if (!rc) { web_error(r, 404, "Không có bảng điểm này."); return false; }
    return true;
}

void scoring_criterion_new_page(req *r)
{
    struct scoring_sheet sh;
    if (!sheet_only_of_path(r, &sh)) return;
    struct field_errors fe = {0};
    struct scoring_criterion_input in = {0};
    if (web_is_post(r)) {
        in = criterion_of_form(r, &fe);
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : scoring_criterion_add(r->db, &r->a, &me, sh.id, &in, &fe);
        if (id < 0) { web_fail(r, "add criterion"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=criterion#tieu-chi", (long long)sh.id)); return; }
        if (ferr_get(&fe, "scope") || ferr_get(&fe, "id")) { campaign_refused(r, &fe); return; }
    }
    page_begin(r, arena_printf(&r->a, "Thêm tiêu chí: %s", sh.title));
    html(r, "<p><a href=\"/scoring/%D\">← %s</a></p>", sh.id, sh.title);
    criterion_form(r, &sh, arena_printf(&r->a, "/scoring/%lld/criteria/new", (long long)sh.id), &in, &fe, "Thêm tiêu chí");
    page_end(r);
    if (fe.n) r->status = 400;
}

void scoring_criterion_edit_page(req *r)
{
    struct scoring_result res;
    int64_t cid;
    if (!sheet_of_path(r, &res) || !web_param_id(r, 1, &cid)) return;
    const struct scoring_criterion *c = NULL;
    for (int k = 0; k < res.ncriteria && !c; k++) if (res.criteria[k].id == cid) c = &res.criteria[k];
    if (!c) { web_error(r, 404, "Bảng điểm không có tiêu chí này."); return; }
    struct field_errors fe = {0};
    char mx[32];
    eval_format(c->max_points, mx, sizeof mx);
    struct scoring_criterion_input in = {c->code, c->title, c->kind, arena_strdup(&r->a, mx), c->weight, c->group_numbers, c->method};
    if (web_is_post(r)) {
        in = criterion_of_form(r, &fe);
        struct actor me = actor_of_req(r);
        int64_t id = fe.n ? 0 : scoring_criterion_update(r->db, &r->a, &me, res.sheet.id, cid, &in, &fe);
        if (id < 0) { web_fail(r, "change criterion"); return; }
        if (id > 0) { web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=criterion#tieu-chi", (long long)res.sheet.id)); return; }
        if (ferr_get(&fe, "scope") || ferr_get(&fe, "id")) { campaign_refused(r, &fe); return; }
    }
    page_begin(r, arena_printf(&r->a, "Sửa tiêu chí %s", c->code));
    html(r, "<p><a href=\"/scoring/%D\">← %s</a></p>", res.sheet.id, res.sheet.title);
    criterion_form(r, &res.sheet, arena_printf(&r->a, "/scoring/%lld/criteria/%lld", (long long)res.sheet.id, (long long)cid), &in, &fe,
                   "Lưu tiêu chí");
    int entered = 0;
    for (int i = 0; i < res.nunits; i++)
        for (int k = 0; k < res.units[i].nlines; k++) entered += res.units[i].lines[k].c->id == cid && res.units[i].lines[k].entered;
    html(r, "<h2>Xoá tiêu chí</h2><p>%R</p>", entered ? "Xoá tiêu chí cũng xoá các điểm Ban đã chấm cho nó (nhật ký ghi lại số ô bị xoá)."
                                                   : "Tiêu chí chưa có điểm nào do Ban chấm."); // raw: constant text
    form_begin(r, arena_printf(&r->a, "/scoring/%lld/criteria/%lld/remove", (long long)res.sheet.id, (long long)cid), "class=\"inline\"");
    html(r, "<button type=\"submit\" class=\"danger\">Xoá tiêu chí %s%R</button></form>", c->code,
         entered ? arena_printf(&r->a, " và %d ô điểm", entered) : ""); // raw: composed from a number
    page_end(r);
    if (fe.n) r->status = 400;
}

void scoring_criterion_remove_page(req *r)
{
    int64_t id, cid;
    if (!web_param_id(r, 0, &id) || !web_param_id(r, 1, &cid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = scoring_criterion_remove(r->db, &r->a, &me, id, cid, &fe);
    if (rc < 0) { web_fail(r, "remove criterion"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=removed#tieu-chi", (long long)id));
}

static int direction_delta(const char *d)
{
    return str_eq(d, "up") ? -1 : str_eq(d, "down") ? 1 : 0;
}

void scoring_criterion_move_page(req *r)
{
    int64_t id, cid;
    if (!web_param_id(r, 0, &id) || !web_param_id(r, 1, &cid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = scoring_criterion_move(r->db, &r->a, &me, id, cid, direction_delta(web_param(r, "direction")), &fe);
    if (rc < 0) { web_fail(r, "move criterion"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=moved#tieu-chi", (long long)id));
}

/* GET/POST /scoring/{id}/edit: the sheet's title, block and year, pre-filled; scoring_sheet_update
 * decides (points entered on units outside the new block or year, a proposal already made, a block
 * and year taken refuse a move; after the campaign's close the administrator gives a reason). */
void scoring_edit_page(req *r)
{
    struct scoring_result res;
    if (!sheet_of_path(r, &res)) return;
    struct campaign c;
    if (campaign_get(r->db, &r->a, res.sheet.campaign_id, &c) != 1) { web_fail(r, "sheet's campaign"); return; }
    struct field_errors fe = {0};
    bool post = web_is_post(r);
    const char *block = post ? web_param(r, "block") : arena_printf(&r->a, "%lld", (long long)res.sheet.block_id);
    const char *year = post ? web_param(r, "year") : arena_printf(&r->a, "%d", res.sheet.year);
    const char *title = post ? web_param(r, "title") : res.sheet.title, *reason = post ? web_param(r, "reason") : NULL;
    if (post) {
        int64_t block_id = 0, y = 0;
        if (!parse_int64(block, &block_id) || block_id <= 0) { ferr_add(&fe, "block", "Hãy chọn khối, cụm thi đua."); block_id = 0; }
        if (!parse_int64(year, &y) || y < 1 || y > INT_MAX) { ferr_add(&fe, "year", "Năm phải từ 1945 đến 2200."); y = 0; }   /* 0: "keep" */
        struct actor me = actor_of_req(r);
        /* the domain checks the rest even after a field above failed (it writes nothing then), so
         * every mistake of the form is shown at once */
        int64_t rc = scoring_sheet_update(r->db, &r->a, &me, res.sheet.id, title ? title : "", block_id, (int)y, reason, &fe);
        if (rc < 0) { web_fail(r, "update sheet"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=edited", (long long)res.sheet.id)); return; }
        if (campaign_refused_elsewhere(r, &fe)) return;
    }
    const char **blocks;
    if (scoring_block_options(r->db, &r->a, &blocks) != STORE_OK) { web_fail(r, "list blocks"); return; }
    int entered = 0;
    for (int i = 0; i < res.nunits; i++)
        for (int k = 0; k < res.units[i].nlines; k++) entered += res.units[i].lines[k].entered;
    page_begin(r, arena_printf(&r->a, "Sửa bảng điểm: %s", res.sheet.title));
    html(r, "<p><a href=\"/scoring/%D\">← %s</a></p>", res.sheet.id, res.sheet.title);
    campaign_errors_box(r, &fe);
    if (entered)
        html(r, "<p class=\"muted\">Ban đã chấm %d ô điểm trên bảng này. Điểm gắn với từng đơn vị: đổi khối hoặc năm chỉ được khi mọi "
                "đơn vị đã được chấm vẫn là thành viên của khối trong năm đó (điểm được giữ nguyên); nếu không, hãy xoá các ô điểm đó "
                "trước. Khi đơn vị dẫn đầu đã được đề nghị khen thưởng thì chỉ sửa được tên.</p>", entered);
    else html(r, "<p class=\"muted\">Bảng chưa có điểm nào do Ban chấm. Khi đơn vị dẫn đầu đã được đề nghị khen thưởng thì chỉ "
                 "sửa được tên.</p>");
    form_begin(r, arena_printf(&r->a, "/scoring/%lld/edit", (long long)res.sheet.id), "class=\"narrow\"");
    form_field(r, "text", "title", "Tên bảng điểm", title, ferr_get(&fe, "title"), "required maxlength=\"500\"");
    form_select(r, "block", "Khối, cụm thi đua", blocks, block, ferr_get(&fe, "block"));
    form_field(r, "number", "year", "Năm", year, ferr_get(&fe, "year"), "required min=\"1945\" max=\"2200\"");
    campaign_reason_field(r, &c, reason, &fe);
    form_end(r, "Lưu bảng điểm");
    page_end(r);
    if (fe.n) r->status = 400;
}

static const char *cell_key(req *r, char prefix, int64_t criterion, int64_t unit)
{
    return arena_printf(&r->a, "%c_%lld_%lld", prefix, (long long)criterion, (long long)unit);
}

/* GET/POST /scoring/{id}/grid: one form with a cell per member unit and criterion the Board scores
 * (and a reason beside each bonus and penalty); all cells are saved together or none. */
void scoring_grid_page(req *r)
{
    struct scoring_result res;
    if (!sheet_of_path(r, &res)) return;
    struct field_errors fe = {0};
    bool post = web_is_post(r);
    int nmanual = 0;
    for (int k = 0; k < res.ncriteria; k++) nmanual += !str_eq(res.criteria[k].kind, "targets");
    if (post) {
        struct scoring_cell *cells = arena_alloc(&r->a, sizeof *cells * (size_t)(res.nunits * nmanual + 1));
        int n = 0;
        for (int i = 0; i < res.nunits; i++)
            for (int k = 0; k < res.ncriteria; k++) {
                const struct scoring_criterion *c = &res.criteria[k];
                if (str_eq(c->kind, "targets")) continue;
                const char *pk = cell_key(r, 'p', c->id, res.units[i].unit_id);
                cells[n++] = (struct scoring_cell){c->code, res.units[i].unit_id, web_param(r, pk),
                                                   web_param(r, cell_key(r, 'n', c->id, res.units[i].unit_id)), pk};
            }
        struct actor me = actor_of_req(r);
        int64_t rc = scoring_entries_set(r->db, &r->a, &me, res.sheet.id, cells, n, &fe);
        if (rc < 0) { web_fail(r, "score"); return; }
        if (rc > 0) { web_redirect(r, arena_printf(&r->a, "/scoring/%lld?notice=scored", (long long)res.sheet.id)); return; }
        if (ferr_get(&fe, "scope") || ferr_get(&fe, "id")) { campaign_refused(r, &fe); return; }
    }
    page_begin(r, arena_printf(&r->a, "Chấm điểm: %s", res.sheet.title));
    html(r, "<p><a href=\"/scoring/%D\">← %s</a> · %s · năm %d</p>", res.sheet.id, res.sheet.title, res.sheet.block_name, res.sheet.year);
    if (!nmanual || !res.nunits) {
        page_notice(r, "info", !nmanual ? "Bảng điểm chưa có tiêu chí nào do Ban chấm (Ban chấm, điểm thưởng, điểm trừ)."
                                        : "Khối chưa có đơn vị thành viên nào trong năm của bảng điểm.");
        page_end(r);
        return;
    }
    if (fe.n) page_notice(r, "error", arena_printf(&r->a, "Chưa lưu ô nào: %d ô có lỗi, được đánh dấu bên dưới.", fe.n));
    html(r, "<p>Điểm là số không âm, tối đa 3 chữ số thập phân (ví dụ 45,5), không vượt mức tối đa của tiêu chí. Để trống một ô: "
            "đơn vị chưa được chấm tiêu chí đó (xoá điểm đã chấm). Điểm thưởng và điểm trừ cần ghi lý do.</p>");
    form_begin(r, arena_printf(&r->a, "/scoring/%lld/grid", (long long)res.sheet.id), "class=\"score-grid\"");
    html(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Đơn vị</th>");
    for (int k = 0; k < res.ncriteria; k++)
        if (!str_eq(res.criteria[k].kind, "targets"))
            html(r, "<th scope=\"col\">%s. %s <small class=\"muted\">(%s, tối đa %s)</small></th>", res.criteria[k].code,
                 res.criteria[k].title, kind_label(res.criteria[k].kind), pts(r, res.criteria[k].max_points));
    html(r, "</tr></thead><tbody>");
    for (int i = 0; i < res.nunits; i++) {
        const struct unit_score *u = &res.units[i];
        html(r, "<tr><th scope=\"row\">%s</th>", u->unit_name);
        for (int k = 0; k < u->nlines; k++) {
            const struct score_line *l = &u->lines[k];
            if (str_eq(l->c->kind, "targets")) continue;
            const char *pk = cell_key(r, 'p', l->c->id, u->unit_id), *nk = cell_key(r, 'n', l->c->id, u->unit_id);
            char stored[32] = "";
            if (l->entered) eval_format(l->points, stored, sizeof stored);
            const char *pv = post ? web_param(r, pk) : stored, *nv = post ? web_param(r, nk) : l->note, *err = ferr_get(&fe, pk);
            html(r, "<td%R><input id=\"%s\" name=\"%s\" value=\"%s\" inputmode=\"decimal\" size=\"6\" aria-label=\"%s: %s. %s\"%R>",
                 err ? " class=\"has-error\"" : "", pk, pk, pv, u->unit_name, l->c->code, l->c->title,
                 err ? arena_printf(&r->a, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", pk) : ""); // raw: constant class; composed id
            if (str_eq(l->c->kind, "bonus") || str_eq(l->c->kind, "penalty") || (nv && *nv))
                html(r, "<input name=\"%s\" value=\"%s\" placeholder=\"Lý do\" maxlength=\"2000\" aria-label=\"Lý do: %s, tiêu chí %s\">", nk,
                     nv, u->unit_name, l->c->code);
            if (err) html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", pk, err);
            html(r, "</td>");
        }
        html(r, "</tr>");
    }
    html(r, "</tbody></table></div>");
    form_end(r, "Lưu điểm");
    page_end(r);
    if (fe.n) r->status = 400;
}

/* ---- JSON writes of the sheet's shape and its grid ---- */
const struct api_member scoring_criterion_body[] = {
    {"code", API_TEXT}, {"title", API_TEXT}, {"kind", API_TEXT}, {"max_points", API_TEXT}, {"weight", API_INT},
    {"group_numbers", API_TEXT_NULL}, {"method", API_TEXT}, {NULL, 0},
};
const struct api_member scoring_move_body[] = {{"direction", API_TEXT}, {NULL, 0}};
const struct api_member scoring_grid_body[] = {{"entries", API_ARRAY}, {NULL, 0}};
const struct api_member scoring_sheet_edit_body[] = {
    {"title", API_TEXT}, {"block", API_INT}, {"year", API_INT}, {"reason", API_TEXT}, {NULL, 0},
};

static struct scoring_criterion_input criterion_of_json(req *r, struct field_errors *fe)
{
    int64_t w = 1;
    if (api_has(r, "weight") && (!api_int(r, "weight", &w) || w < 1 || w > 100)) { ferr_add(fe, "weight", "\"weight\": số nguyên 1–100."); w = 1; }
    const char *groups = api_text(r, "group_numbers");
    return (struct scoring_criterion_input){api_text(r, "code"), api_text(r, "title"), api_text(r, "kind"), api_text(r, "max_points"),
                                            (int)w, groups && *groups ? groups : NULL, api_text(r, "method")};
}

void scoring_criteria_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    struct scoring_criterion_input in = criterion_of_json(r, &fe);
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : scoring_criterion_add(r->db, &r->a, &me, id, &in, &fe);
    if (rc < 0) { web_fail(r, "add criterion"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    reply_sheet(r, id, 201);
}

void scoring_criterion_api(req *r)
{
    int64_t id, cid;
    if (!web_param_id(r, 0, &id) || !web_param_id(r, 1, &cid)) return;
    struct field_errors fe = {0};
    struct scoring_criterion_input in = criterion_of_json(r, &fe);
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : scoring_criterion_update(r->db, &r->a, &me, id, cid, &in, &fe);
    if (rc < 0) { web_fail(r, "change criterion"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    reply_sheet(r, id, 200);
}

void scoring_criterion_remove_api(req *r)
{
    int64_t id, cid;
    if (!web_param_id(r, 0, &id) || !web_param_id(r, 1, &cid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = scoring_criterion_remove(r->db, &r->a, &me, id, cid, &fe);
    if (rc < 0) { web_fail(r, "remove criterion"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    reply_sheet(r, id, 200);
}

void scoring_criterion_move_api(req *r)
{
    int64_t id, cid;
    if (!web_param_id(r, 0, &id) || !web_param_id(r, 1, &cid)) return;
    struct field_errors fe = {0};
    struct actor me = actor_of_req(r);
    int64_t rc = scoring_criterion_move(r->db, &r->a, &me, id, cid, direction_delta(api_text(r, "direction")), &fe);
    if (rc < 0) { web_fail(r, "move criterion"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    reply_sheet(r, id, 200);
}

/* {"entries": [{"criterion": "2", "unit": "SYT" | 12, "points": "45,5" | null, "note": "…"}]}: errors
 * under "entries[i]"; null or "" points clear the cell. */
void scoring_grid_api(req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    json_t *arr = r->json ? json_object_get(r->json, "entries") : NULL;
    int n = arr ? (int)json_array_size(arr) : 0;
    if (!n) ferr_add(&fe, "entries", "Hãy gửi \"entries\": danh sách ô điểm {criterion, unit, points, note}.");
    if (n > 5000) { ferr_add(&fe, "entries", "Tối đa 5000 ô điểm một lần."); n = 0; }
    struct scoring_cell *cells = arena_alloc(&r->a, sizeof *cells * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        json_t *x = json_array_get(arr, (size_t)i), *u = json_object_get(x, "unit"), *p = json_object_get(x, "points");
        const char *key = arena_printf(&r->a, "entries[%d]", i);
        cells[i] = (struct scoring_cell){json_string_value(json_object_get(x, "criterion")), 0, json_string_value(p),
                                         json_string_value(json_object_get(x, "note")), key};
        if (!json_is_object(x) || !json_is_string(json_object_get(x, "criterion")) || (p && !json_is_string(p) && !json_is_null(p))) {
            ferr_add(&fe, key, "Mỗi ô là {\"criterion\": \"mã\", \"unit\": id hoặc mã, \"points\": \"45,5\" hoặc null, \"note\": \"lý do\"}.");
            continue;
        }
        struct ref ref = {0};
        if (json_is_integer(u)) ref = (struct ref){REF_ID, json_integer_value(u), NULL};
        else if (json_is_string(u)) ref = (struct ref){REF_CODE, 0, json_string_value(u)};
        else { ferr_add(&fe, key, "\"unit\": số id hoặc mã đơn vị."); continue; }
        if (campaign_unit_ref(r, ref, key, &cells[i].unit_id, &fe) < 0) { web_fail(r, "resolve unit"); return; }
    }
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : scoring_entries_set(r->db, &r->a, &me, id, cells, n, &fe);
    if (rc < 0) { web_fail(r, "score"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    reply_sheet(r, id, 200);
}

/* PATCH /api/scoring/{id}: {"title", "block", "year", "reason"}, each optional (absent: kept). */
void scoring_sheet_api(req *r)
{
    int64_t id, block = 0, year = 0;
    if (!web_param_id(r, 0, &id)) return;
    struct field_errors fe = {0};
    if (api_has(r, "block") && (!api_int(r, "block", &block) || block <= 0)) ferr_add(&fe, "block", "\"block\": số id của khối, cụm.");
    if (api_has(r, "year") && (!api_int(r, "year", &year) || year < 1945 || year > 2200)) ferr_add(&fe, "year", "\"year\": năm 1945–2200.");
    if (!api_has(r, "title") && !api_has(r, "block") && !api_has(r, "year"))
        ferr_add(&fe, "title", "Hãy gửi ít nhất một trong \"title\", \"block\", \"year\".");
    struct actor me = actor_of_req(r);
    int64_t rc = fe.n ? 0 : scoring_sheet_update(r->db, &r->a, &me, id, api_text(r, "title"), block, (int)year, api_text(r, "reason"), &fe);
    if (rc < 0) { web_fail(r, "update sheet"); return; }
    if (!rc) { campaign_refused(r, &fe); return; }
    reply_sheet(r, id, 200);
}
