/* scoring_web.c: the block scoring pages (a sheet with its criteria, the ranking with the tie rule
 * stated, the leading units and the Board's propose button; a unit's score explained line by line;
 * the Board's points form) and /api/scoring. scoring.c decides every write. */
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

void scoring_page(req *r)
{
    struct scoring_result res;
    if (!sheet_of_path(r, &res)) return;
    bool board = web_has_cap(r, CAP_CAMPAIGN_WRITE);
    page_begin(r, res.sheet.title);
    const char *notice = web_param(r, "notice");
    if (str_eq(notice, "scored")) page_notice(r, "ok", "Đã ghi điểm.");
    else if (str_eq(notice, "proposed")) page_notice(r, "ok", "Đã đề nghị đơn vị dẫn đầu (chờ bộ phận khen thưởng tiếp nhận).");
    if (res.sheet.illustrative) page_notice(r, "info", "Dữ liệu mẫu: điểm do Ban chấm trong bảng này là minh hoạ.");
    html(r, "<p><a href=\"/campaigns/%D\">← Phong trào %s</a> · %s · năm %d</p>", res.sheet.campaign_id, res.sheet.campaign_code,
         res.sheet.block_name, res.sheet.year);
    html(r, "<h2>Tiêu chí</h2><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Mã</th><th scope=\"col\">Tiêu chí</th>"
            "<th scope=\"col\">Loại</th><th scope=\"col\" class=\"num\">Tối đa</th><th scope=\"col\" class=\"num\">Hệ số</th></tr></thead><tbody>");
    for (int k = 0; k < res.ncriteria; k++)
        html(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%d</td></tr>", res.criteria[k].code,
             res.criteria[k].title, kind_label(res.criteria[k].kind), pts(r, res.criteria[k].max_points), res.criteria[k].weight);
    html(r, "</tbody></table></div>");
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
        html(r, "<h2>Chấm điểm</h2>");
        form_begin(r, arena_printf(&r->a, "/scoring/%lld/entries", (long long)res.sheet.id), "class=\"narrow\"");
        const char **co = arena_alloc(&r->a, sizeof *co * (size_t)(2 * res.ncriteria + 1)), **uo;
        int k = 0;
        for (int i = 0; i < res.ncriteria; i++) {
            if (str_eq(res.criteria[i].kind, "targets")) continue;
            co[k++] = res.criteria[i].code;
            co[k++] = arena_printf(&r->a, "%s. %s", res.criteria[i].code, res.criteria[i].title);
        }
        co[k] = NULL;
        uo = arena_alloc(&r->a, sizeof *uo * (size_t)(2 * res.nunits + 1));
        k = 0;
        for (int i = 0; i < res.nunits; i++) {
            uo[k++] = arena_printf(&r->a, "%lld", (long long)res.units[i].unit_id);
            uo[k++] = res.units[i].unit_name;
        }
        uo[k] = NULL;
        form_select(r, "criterion", "Tiêu chí", co, NULL, NULL);
        form_select(r, "unit", "Đơn vị", uo, NULL, NULL);
        form_field(r, "text", "points", "Điểm", NULL, NULL, "required inputmode=\"decimal\"");
        form_field(r, "textarea", "note", "Căn cứ chấm điểm", NULL, NULL, "maxlength=\"2000\"");
        form_end(r, "Ghi điểm");
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
