/* council_pdf.c: the minutes (biên bản kiểm phiếu) of a closed council meeting as PDF, in the
 * layout of Decree 30/2020 (pdf_admin_head/foot): the meeting, the members on the roll, the ballot
 * rule applied with its citation, and per agenda item how many members voted and the three
 * counters with the result. Like every other output it holds counts only: no member is named
 * beside a choice (council.h). */
#include <stdio.h>

#include "council.h"
#include "pdf.h"
#include "setting.h"

int council_minutes_pdf(store *s, arena *a, int64_t meeting_id, buf *out, char *err, size_t errlen)
{
    struct council_meeting m;
    struct council_item *it;
    int n;
    if (council_meeting_get(s, a, meeting_id, &m) != 1 || council_items(s, a, meeting_id, &it, &n) < 0) {
        snprintf(err, errlen, "Không có phiên họp số %lld.", (long long)meeting_id);
        return -1;
    }
    if (!str_eq(m.state, "closed")) {
        snprintf(err, errlen, "Phiên họp chưa kết thúc: biên bản kiểm phiếu có sau khi kiểm phiếu.");
        return -1;
    }
    char *secretary = NULL;
    store_text(s, &secretary, a, "SELECT name FROM app_user WHERE login = $1", "t", m.created_by);
    struct pdf_setup setup = {.page_numbers = true, .title = arena_printf(a, "Biên bản kiểm phiếu — %s", m.title)};
    pdf_doc *doc = pdf_new(&setup);
    if (!doc) { snprintf(err, errlen, "cannot start the PDF"); return -1; }
    struct pdf_admin_head head = {.parent_body = setting_text(s, a, "org.issuer_name"),
                                  .issuer = "Hội đồng Thi đua – Khen thưởng", .symbol = "BB-HĐTĐKT",
                                  .place = setting_text(s, a, "org.place_name"), .date_iso = m.held_on, .kind = "BIÊN BẢN",
                                  .summary = arena_printf(a, "Kiểm phiếu bầu kín — %s", m.title)};
    pdf_admin_head(doc, &head);
    struct pdf_style body = {.size_pt = 14, .align = PDF_JUSTIFY, .after_pt = 6, .first_indent_mm = 10};
    int voted_max = 0;
    for (int i = 0; i < n; i++) if (it[i].voted > voted_max) voted_max = it[i].voted;
    pdf_paragraph(doc, &body, arena_printf(a, "Ngày %s, Hội đồng Thi đua – Khen thưởng năm %d (%d thành viên) họp và bỏ phiếu "
                                              "kín về %d nội dung. Số thành viên bỏ phiếu nhiều nhất ở một nội dung: %d.",
                                           pdf_admin_date(a, m.held_on), m.year, m.members, n, voted_max));
    if (m.quorum_rule) pdf_paragraph(doc, &body, arena_printf(a, "Quy định áp dụng: %s.", m.quorum_rule));
    const struct pdf_table_col cols[] = {
        {"STT", 10, PDF_CENTER}, {"Hồ sơ", 0, PDF_LEFT}, {"Bỏ phiếu", 20, PDF_CENTER}, {"Đồng ý", 17, PDF_CENTER},
        {"Không đồng ý", 20, PDF_CENTER}, {"Không biểu quyết", 22, PDF_CENTER}, {"Kết quả", 28, PDF_LEFT},
    };
    const char **cells = arena_alloc(a, sizeof *cells * (size_t)(7 * (n ? n : 1)));
    for (int i = 0; i < n; i++) {
        const char **c = &cells[7 * i];
        c[0] = arena_printf(a, "%d", i + 1);
        c[1] = arena_printf(a, "%s (%s)", it[i].subject_name, it[i].form_code);
        c[2] = arena_printf(a, "%d/%d", it[i].voted, m.members);
        c[3] = arena_printf(a, "%d", it[i].votes_for);
        c[4] = arena_printf(a, "%d", it[i].votes_against);
        c[5] = arena_printf(a, "%d", it[i].votes_abstain);
        c[6] = str_eq(it[i].result, "passed") ? "Thông qua" : str_eq(it[i].result, "failed") ? "Không thông qua"
                                                                                          : "Không đủ số phiếu";
    }
    pdf_table(doc, cols, 7, cells, n, 11);
    pdf_paragraph(doc, &body, "Phiếu bầu là phiếu kín: biên bản chỉ ghi số phiếu, không ghi thành viên nào chọn gì.");
    const char *recipients[] = {"- Ban Thi đua – Khen thưởng;", "- Lưu: VT.", NULL};
    struct pdf_admin_foot foot = {.recipients = recipients, .authority = "TM. HỘI ĐỒNG", .position = "THƯ KÝ",
                                  .signer = secretary ? secretary : m.created_by};
    pdf_admin_foot(doc, &foot);
    return pdf_finish(doc, out, err, errlen);
}
