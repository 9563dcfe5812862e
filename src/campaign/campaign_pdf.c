/* campaign_pdf.c: the printable campaign report (báo cáo kết quả thực hiện) as PDF, in the
 * administrative layout of Decree 30/2020 (pdf_admin_head/foot): the Board's header with the
 * number and symbol the Board typed ("Số: 15/BC-UBND"), or an unnumbered "Số:      /BC-BTĐKT" for
 * the clerk to number on issue, place and date, the title; then
 * the campaign and its occasions, the status counts with a stacked bar per content group drawn
 * into the page, per group its targets with the latest accepted value, the status and the rule
 * that produced it, and the ranking of every block scoring sheet; the "Nơi nhận" the Board typed
 * (kept with the campaign; the standard list when none) and the signer from the settings.
 * The same evaluation the campaign page shows, so the paper and the screen agree. */
#include <stdio.h>
#include <string.h>

#include "campaign.h"
#include "pdf.h"
#include "scoring.h"
#include "setting.h"

/* Decree 30's margins, stated so the chart can be placed inside them. */
enum { MARGIN_TOP = 20, MARGIN_BOTTOM = 20, MARGIN_LEFT = 30, MARGIN_RIGHT = 15, PAGE_H = 297 };

/* The status colours of the chart, in enum target_status order (as assets/style.css's st-*). */
static const unsigned status_rgb[ST__COUNT] = {0x2E7D32, 0x1565C0, 0xEF6C00, 0xC62828, 0x9E9E9E};

static const char *dmy(arena *a, const char *iso)
{
    return iso && strlen(iso) >= 10 ? arena_printf(a, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso) : "";
}

static const char *counts_sentence(arena *a, const struct status_count *c)
{
    buf b = {0};
    buf_printf(&b, "%d chỉ tiêu:", c->total);
    for (int st = 0; st < ST__COUNT; st++) buf_printf(&b, "%s %s %d", st ? ";" : "", status_label(st), c->n[st]);
    buf_printf(&b, ".");
    const char *out = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return out;
}

/* One stacked bar per content group and one for the whole campaign: the targets by status, on a
 * common scale (the largest row fills the width), the count and the share met written after each
 * bar; a legend of the five colours beneath. */
static void status_chart(pdf_doc *d, arena *a, const struct campaign_eval *e)
{
    const double row = 7, bar = 4.5, label_w = 30, tail_w = 32, legend = 12;
    double width = pdf_text_width_mm(d), bar_w = width - label_w - tail_w;
    int rows = e->ngroups + 1, most = e->total.total;
    for (int g = 0; g < e->ngroups; g++) if (e->by_group[g].total > most) most = e->by_group[g].total;
    if (most < 1) most = 1;
    double h = rows * row + legend, y = pdf_cursor_mm(d);
    if (y + h > PAGE_H - MARGIN_BOTTOM) { pdf_new_page(d); y = pdf_cursor_mm(d); }
    const struct pdf_style label = {.size_pt = 10}, small = {.size_pt = 9};
    for (int i = 0; i < rows; i++) {
        const struct status_count *c = i < e->ngroups ? &e->by_group[i] : &e->total;
        double top = y + i * row;
        pdf_text_at(d, MARGIN_LEFT, top, label_w - 2, &label,
                    i < e->ngroups ? arena_printf(a, "Nhóm %d", e->groups[i].number) : "Cả phong trào");
        double x = MARGIN_LEFT + label_w;
        for (int st = 0; st < ST__COUNT; st++) {
            double w = bar_w * c->n[st] / most;
            pdf_rect_at(d, x, top + (row - bar) / 2 - 0.8, w, bar, status_rgb[st]);
            x += w;
        }
        int share = c->weight_total ? (int)((int64_t)c->weight_met * 100 / c->weight_total) : 0;
        pdf_text_at(d, MARGIN_LEFT + label_w + bar_w + 2, top, tail_w - 2, &small,
                    arena_printf(a, "%d chỉ tiêu, đạt %d %%", c->total, share));
    }
    double x = MARGIN_LEFT, ly = y + rows * row + 2;
    for (int st = 0; st < ST__COUNT; st++) {
        pdf_rect_at(d, x, ly + 0.8, 3.5, 3.5, status_rgb[st]);
        pdf_text_at(d, x + 5, ly, 0, &small, status_label(st));
        x += width / ST__COUNT;
    }
    pdf_space(d, h);
}

static void targets_table(pdf_doc *d, arena *a, const struct campaign_eval *e, int64_t group_id)
{
    static const struct pdf_table_col cols[] = {
        {"Mã", 11, PDF_LEFT}, {"Chỉ tiêu", 0, PDF_LEFT}, {"Yêu cầu", 26, PDF_LEFT}, {"Số liệu mới nhất", 24, PDF_LEFT},
        {"Tình trạng", 20, PDF_LEFT}, {"Căn cứ", 48, PDF_LEFT},
    };
    enum { NC = (int)countof(cols) };
    const char **cells = arena_alloc(a, sizeof *cells * NC * (size_t)(e->n ? e->n : 1));
    int n = 0;
    for (int i = 0; i < e->n; i++) {
        const struct campaign_target *t = &e->targets[i];
        if (t->group_id != group_id || t->unit_id) continue;   /* per-unit shares left out, as on the dashboard */
        const struct target_result *res = &e->results[i];
        const char **c = &cells[NC * n++];
        char v[32] = "";
        if (res->obs.has) eval_format(res->obs.value, v, sizeof v);
        c[0] = t->code;
        c[1] = t->responsible ? arena_printf(a, "%s (giao: %s)", t->subject, t->responsible) : t->subject;
        c[2] = campaign_target_goal(a, t);
        c[3] = res->obs.has ? arena_printf(a, "%s %s, ngày %s", v, t->measure_unit ? t->measure_unit : "", dmy(a, res->obs.as_of)) : "—";
        c[4] = res->eval.exceeded ? arena_printf(a, "%s (vượt)", status_label(res->eval.status)) : status_label(res->eval.status);
        c[5] = res->eval.rule;
    }
    pdf_table(d, cols, NC, cells, n, 9.5);
}

static int ranking_section(pdf_doc *d, store *s, arena *a, const struct campaign *c, const char *on, const struct pdf_style *h2,
                           const struct pdf_style *body)
{
    struct scoring_sheet *sh;
    int nsh = 0;
    if (scoring_sheets_of_campaign(s, a, c->id, &sh, &nsh) != STORE_OK) return -1;
    pdf_paragraph(d, h2, "III. XẾP HẠNG KHỐI, CỤM THI ĐUA");
    if (!nsh) { pdf_paragraph(d, body, "Phong trào chưa có bảng điểm khối, cụm thi đua nào."); return 0; }
    pdf_paragraph(d, body, arena_printf(a, "Quy tắc khi bằng điểm: %s", SCORING_TIE_RULE));
    static const struct pdf_table_col cols[] = {
        {"Hạng", 14, PDF_CENTER}, {"Đơn vị", 0, PDF_LEFT}, {"Tổng điểm", 28, PDF_RIGHT}, {"Điểm trừ", 24, PDF_RIGHT},
        {"Điểm chỉ tiêu", 28, PDF_RIGHT},
    };
    for (int k = 0; k < nsh; k++) {
        struct scoring_result res;
        if (scoring_compute(s, a, sh[k].id, on, &res) != 1) return -1;
        pdf_paragraph(d, &(struct pdf_style){.size_pt = 13, .flags = PDF_ITALIC, .before_pt = 6, .after_pt = 3},
                      arena_printf(a, "%s, năm %d (%s; điểm tính từ chỉ tiêu tại ngày %s)", res.sheet.block_name, res.sheet.year,
                                   res.sheet.title, dmy(a, res.on)));
        const char **cells = arena_alloc(a, sizeof *cells * 5 * (size_t)(res.nunits ? res.nunits : 1));
        for (int i = 0; i < res.nunits; i++) {
            const struct unit_score *u = &res.units[i];
            char t[40], p[40], g[40];
            scoring_points_format(u->total, t, sizeof t);
            scoring_points_format(u->penalty, p, sizeof p);
            scoring_points_format(u->targets_points, g, sizeof g);
            const char **row = &cells[5 * i];
            row[0] = u->rank == 1 && u->total > 0 ? arena_printf(a, "%d (dẫn đầu)", u->rank) : arena_printf(a, "%d", u->rank);
            row[1] = u->unit_name;
            row[2] = arena_strdup(a, t);
            row[3] = arena_strdup(a, p);
            row[4] = arena_strdup(a, g);
        }
        pdf_table(d, cols, 5, cells, res.nunits, 10.5);
    }
    return 0;
}

int campaign_report_pdf(store *s, arena *a, const struct campaign *c, const struct campaign_eval *e, buf *out, char *err, size_t errlen)
{
    struct campaign_occasion *oc;
    int no = 0;
    if (campaign_occasions(s, a, c->id, &oc, &no) != STORE_OK) { snprintf(err, errlen, "cannot read the occasions"); return -1; }
    struct pdf_setup setup = {.top_mm = MARGIN_TOP, .bottom_mm = MARGIN_BOTTOM, .left_mm = MARGIN_LEFT, .right_mm = MARGIN_RIGHT,
                              .page_numbers = true, .title = arena_printf(a, "Báo cáo kết quả thực hiện %s", c->title)};
    pdf_doc *d = pdf_new(&setup);
    if (!d) { snprintf(err, errlen, "cannot start the PDF"); return -1; }
    char today[11];
    iso_date_today(today);
    struct pdf_admin_head head = {.parent_body = setting_text(s, a, "org.issuer_name"), .issuer = setting_text(s, a, "org.board_name"),
                                  .number_symbol = c->report_number, .symbol = "BC-BTĐKT",
                                  .place = setting_text(s, a, "org.place_name"), .date_iso = today,
                                  .kind = "BÁO CÁO", .summary = arena_printf(a, "Kết quả thực hiện %s", c->title)};
    pdf_admin_head(d, &head);
    const struct pdf_style body = {.size_pt = 13, .align = PDF_JUSTIFY, .after_pt = 4, .first_indent_mm = 10},
                           h2 = {.size_pt = 13, .flags = PDF_BOLD, .before_pt = 8, .after_pt = 4};
    pdf_paragraph(d, &h2, "I. PHONG TRÀO VÀ KẾT QUẢ CHUNG");
    pdf_paragraph(d, &body, arena_printf(a, "%s (mã %s; loại: %s), do %s phát động%s%s; thời gian từ %s đến %s (%lld ngày); "
                                            "tình trạng: %s.", c->title, c->code, campaign_kind_label(c->kind), c->authority,
                                         c->plan_number ? " theo Kế hoạch số " : "", c->plan_number ? c->plan_number : "",
                                         dmy(a, c->start_date), dmy(a, c->end_date), (long long)c->days, campaign_status_label(c->status)));
    if (c->theme) pdf_paragraph(d, &body, arena_printf(a, "Chủ đề: %s", c->theme));
    for (int i = 0; i < no; i++)
        pdf_paragraph(d, &body, arena_printf(a, "Dịp kỷ niệm: %s; ngày kỷ niệm %s.", oc[i].label, dmy(a, oc[i].celebration_date)));
    pdf_paragraph(d, &body, arena_printf(a, "Tại ngày %s, tính trên số liệu đã được Ban duyệt, phong trào có %s", dmy(a, e->on),
                                         counts_sentence(a, &e->total)));
    if (e->ngroups) {
        pdf_paragraph(d, &(struct pdf_style){.size_pt = 11, .flags = PDF_ITALIC, .after_pt = 3},
                      "Biểu đồ: số chỉ tiêu của mỗi nhóm nội dung theo tình trạng (tỷ lệ đạt tính theo trọng số).");
        status_chart(d, a, e);
    }
    pdf_paragraph(d, &h2, "II. KẾT QUẢ THEO NHÓM NỘI DUNG");
    for (int g = 0; g < e->ngroups; g++) {
        pdf_paragraph(d, &(struct pdf_style){.size_pt = 13, .flags = PDF_BOLD | PDF_ITALIC, .before_pt = 6, .after_pt = 2},
                      arena_printf(a, "Nhóm %d. %s", e->groups[g].number, e->groups[g].title));
        if (!e->by_group[g].total) { pdf_paragraph(d, &body, "Nhóm này không có chỉ tiêu đo được."); continue; }
        pdf_paragraph(d, &body, arena_printf(a, "Nhóm có %s", counts_sentence(a, &e->by_group[g])));
        targets_table(d, a, e, e->groups[g].id);
    }
    if (ranking_section(d, s, a, c, e->on, &h2, &body) != 0) {
        pdf_free(d);
        snprintf(err, errlen, "cannot compute the block ranking");
        return -1;
    }
    const char *const *recipients = pdf_text_lines(a, c->report_recipients ? c->report_recipients : CAMPAIGN_REPORT_RECIPIENTS);
    const char *authority = setting_text(s, a, "org.default_signer_authority"), *signer = setting_text(s, a, "org.default_signer_name");
    struct pdf_admin_foot foot = {.recipients = recipients, .authority = str_empty(authority) ? NULL : authority,
                                  .position = setting_text(s, a, "org.default_signer_position"), .signer = signer};
    pdf_admin_foot(d, &foot);
    return pdf_finish(d, out, err, errlen);
}
