/* decision_pdf.c: the printed forms of a commendation decision: the decision itself in the
 * layout of Decree 30/2020/NĐ-CP (pdf_admin_head/pdf_admin_foot: A4, Liberation Serif, the
 * decree's margins and sizes) with its list of recipients attached on a new page, and that list as
 * CSV or XLSX (export.h). The wording of the articles follows the province's published decisions
 * (domain.md §6): the legal bases, "Xét đề nghị của …", Article 1 the awards, Article 2 the money
 * with the total in figures and in words, Article 3 the execution. */
#include <stdio.h>
#include <string.h>

#include "award_rules.h"
#include "decision.h"
#include "export.h"
#include "pdf.h"
#include "vn_calendar.h"

static const char *kind_noun(const char *kind)
{
    if (str_eq(kind, "individual")) return "cá nhân";
    if (str_eq(kind, "household")) return "hộ gia đình";
    if (str_eq(kind, "enterprise")) return "doanh nghiệp";
    return "tập thể";
}

static const char *money_text(arena *a, int64_t v)
{
    char b[32];
    vn_amount_format(v, false, b, sizeof b);
    return arena_strdup(a, b);
}

int decision_pdf(store *s, arena *a, int64_t id, buf *out, char *err, size_t errlen)
{
    struct decision d;
    struct decision_recipient *rv;
    int n;
    if (decision_get(s, a, id, &d) != 1 || decision_recipients(s, a, id, &rv, &n) < 0) {
        snprintf(err, errlen, "no decision %lld", (long long)id);
        return -1;
    }
    struct award_form form;
    const char *decided_by = award_form_at(s, a, d.form_code, d.decided_on, &form) == 1 ? form.decided_by : NULL;
    struct pdf_setup setup = {.orientation = PDF_PORTRAIT, .page_numbers = true, .number_style = 0,
                              .title = arena_printf(a, "Quyết định %s", d.number_symbol ? d.number_symbol : "(dự thảo)")};
    pdf_doc *doc = pdf_new(&setup);
    if (!doc) { snprintf(err, errlen, "cannot start the PDF"); return -1; }
    struct pdf_style body = {.size_pt = 14, .align = PDF_JUSTIFY, .after_pt = 6, .first_indent_mm = 10, .line_spacing = 1.15};
    struct pdf_style basis = body;
    basis.flags = PDF_ITALIC;
    struct pdf_style centre_bold = {.size_pt = 14, .flags = PDF_BOLD, .align = PDF_CENTER, .after_pt = 6, .uppercase = true};
    if (str_eq(d.state, "revoked")) {
        struct pdf_style warn = {.size_pt = 12, .flags = PDF_BOLD, .align = PDF_CENTER, .after_pt = 6};
        pdf_paragraph(doc, &warn, arena_printf(a, "ĐÃ THU HỒI ngày %s — %s", d.revoked_on, d.revoked_reason));
    }
    struct pdf_admin_head head = {.parent_body = d.parent_body, .issuer = d.issuer, .number_symbol = d.number_symbol,
                                  .symbol = d.symbol, .place = d.place, .date_iso = d.decided_on, .kind = "QUYẾT ĐỊNH",
                                  .summary = d.summary};
    pdf_admin_head(doc, &head);
    /* the authority that decides (the rule base's "decided by"), in capitals under the summary */
    if (decided_by) pdf_paragraph(doc, &centre_bold, decided_by);
    pdf_space(doc, 2);
    /* the legal bases: one "Căn cứ …" per line as entered */
    for (const char *const *line = pdf_text_lines(a, d.legal_bases); *line; line++) pdf_paragraph(doc, &basis, *line);
    pdf_paragraph(doc, &basis, arena_printf(a, "Xét đề nghị của %s.", d.proposer));
    struct pdf_style decides = {.size_pt = 14, .flags = PDF_BOLD, .align = PDF_CENTER, .before_pt = 6, .after_pt = 6};
    pdf_paragraph(doc, &decides, "QUYẾT ĐỊNH:");
    /* Article 1: who is awarded what */
    const char *kinds = NULL;
    for (int i = 0; i < n; i++) {
        const char *k = kind_noun(rv[i].subject_kind);
        if (!kinds) kinds = k;
        else if (!strstr(kinds, k)) kinds = arena_printf(a, "%s, %s", kinds, k);
    }
    struct pdf_run art1[] = {
        {"Điều 1. ", PDF_BOLD},
        {n == 1 ? arena_printf(a, "Tặng %s cho %s, %s.", d.form_name, rv[0].subject_name, rv[0].reason)
                : arena_printf(a, "Tặng %s cho %d %s có tên trong danh sách kèm theo, đã có thành tích được nêu tại danh "
                                  "sách.", d.form_name, n, kinds ? kinds : "tập thể, cá nhân"),
         0},
    };
    pdf_paragraph_runs(doc, &body, art1, 2);
    /* Article 2: the money, from the rule rows frozen on the recipients */
    const char *words = decision_amount_words(a, d.total_money);
    struct pdf_run art2[] = {
        {"Điều 2. ", PDF_BOLD},
        {d.total_money > 0
             ? arena_printf(a, "Kèm theo %s, mỗi %s được tặng tiền thưởng theo mức tại danh sách kèm theo%s%s. Tổng số tiền "
                               "thưởng: %s đồng (Bằng chữ: %s).", d.form_name, n == 1 ? kind_noun(rv[0].subject_kind) : "tập thể, cá nhân",
                            d.money_rule ? "; " : "", d.money_rule ? d.money_rule : "", money_text(a, d.total_money), words)
             : arena_printf(a, "Theo quy định, %s không kèm theo tiền thưởng.", d.form_name),
         0},
    };
    pdf_paragraph_runs(doc, &body, art2, 2);
    struct pdf_run art3[] = {
        {"Điều 3. ", PDF_BOLD},
        {arena_printf(a, "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị có liên quan và các %s "
                         "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.", kinds ? kinds : "tập thể, cá nhân"),
         0},
    };
    pdf_paragraph_runs(doc, &body, art3, 2);
    const char *const *recipients = pdf_text_lines(a, d.distribution);   /* "Nơi nhận", as the drafter wrote it */
    struct pdf_admin_foot foot = {.recipients = recipients, .authority = d.signer_authority, .position = d.signer_position,
                                  .signer = d.signer_name};
    pdf_admin_foot(doc, &foot);

    /* the attached list */
    pdf_new_page(doc);
    struct pdf_style title = {.size_pt = 14, .flags = PDF_BOLD, .align = PDF_CENTER};
    struct pdf_style sub = {.size_pt = 13, .flags = PDF_ITALIC, .align = PDF_CENTER, .after_pt = 8};
    pdf_paragraph(doc, &title, arena_printf(a, "DANH SÁCH %s", d.form_name));
    pdf_paragraph(doc, &title, "ĐƯỢC TẶNG");
    pdf_paragraph(doc, &sub, arena_printf(a, "(Kèm theo Quyết định số %s ngày %s)",
                                          d.number_symbol ? d.number_symbol : arena_printf(a, "     /%s", d.symbol),
                                          pdf_admin_date(a, d.decided_on)));
    const struct pdf_table_col cols[] = {
        {"STT", 12, PDF_CENTER}, {"Tên tập thể, cá nhân và thành tích", 0, PDF_LEFT}, {"Số tiền (đồng)", 30, PDF_RIGHT},
        {"Sổ vàng số", 20, PDF_CENTER},
    };
    const char **cells = arena_alloc(a, sizeof *cells * (size_t)(4 * (n + 1)));
    for (int i = 0; i < n; i++) {
        cells[4 * i] = arena_printf(a, "%d", rv[i].line_no);
        cells[4 * i + 1] = arena_printf(a, "%s\n%s", rv[i].subject_name, rv[i].reason);
        cells[4 * i + 2] = money_text(a, rv[i].money);
        cells[4 * i + 3] = rv[i].so_vang ? arena_printf(a, "%lld", (long long)rv[i].so_vang) : "";
    }
    cells[4 * n] = "";
    cells[4 * n + 1] = "Tổng cộng";
    cells[4 * n + 2] = money_text(a, d.total_money);
    cells[4 * n + 3] = "";
    pdf_table(doc, cols, 4, cells, n + 1, 12);
    struct pdf_style words_style = {.size_pt = 13, .flags = PDF_ITALIC, .before_pt = 6};
    pdf_paragraph(doc, &words_style, arena_printf(a, "Bằng chữ: %s.", words));
    return pdf_finish(doc, out, err, errlen);
}
