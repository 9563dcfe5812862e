/* statement_job.c: a bank-statement import started from a page, as a background job (job.h) when
 * the file has more lines than the setting import.job_threshold_lines: the same
 * statement_import as the command line (same checks, reconciliation, all-or-nothing write and
 * single audit entry, written in batches), with its progress on the job page and cancellation
 * between batches; the result is the summary and counts as JSON and every line's outcome as a
 * text file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "fund.h"
#include "job.h"

struct statement_job {
    int64_t fund_id;
    struct statement_profile profile;
    char *profile_name, *file_name, *data, *quota_setting;
    size_t len;
    int year;
    int64_t max_rows;
    unsigned flags;
};

static void statement_job_free(void *arg)
{
    struct statement_job *j = arg;
    free(j->profile_name);
    free(j->file_name);
    free(j->data);
    free(j->quota_setting);
    free(j);
}

/* The runner's progress hook (import.h): the check's lines, then the batches written; a cancelled
 * job stops the import there (nothing stays written: staged batches are discarded). */
static bool job_step(void *ctx, int done, int total, const char *stage)
{
    job_progress(ctx, done, total, stage ? stage : "Đang kiểm tra các dòng sao kê");
    return !job_cancelled(ctx);
}

json_t *statement_result_json(const struct statement_result *res, bool with_lines)
{
    json_t *o = import_report_json(&res->rep);
    if (!with_lines) json_object_del(o, "lines");
    json_object_set_new(o, "new_transfers", json_integer(res->fresh));
    json_object_set_new(o, "new_sum", json_integer(res->sum_fresh));
    json_object_set_new(o, "matched_existing", json_integer(res->matched));
    json_object_set_new(o, "matched_uncertain", json_integer(res->uncertain));
    json_object_set_new(o, "imported_before", json_integer(res->already));
    json_object_set_new(o, "donor_reviews", json_integer(res->donor_reviews));
    json_object_set_new(o, "match_rule", json_string(STATEMENT_MATCH_RULE));
    return o;
}

static int statement_job_run(struct job_ctx *jc, void *arg)
{
    struct statement_job *j = arg;
    struct import_quota quota = {j->max_rows, j->quota_setting};
    struct statement_result res;
    struct field_errors fe = {0};
    arena a = {0};
    job_progress(jc, 0, 0, "Đang đọc tệp");
    import_set_progress(job_step, jc);
    int rc = statement_import(job_store(jc), &a, job_actor(jc), j->fund_id, &j->profile, j->year, j->file_name, j->data,
                              j->len, j->flags, &quota, NULL, NULL, &res, &fe);
    import_set_progress(NULL, NULL);
    if (rc < 0 || fe.n) {
        job_fail(jc, fe.n ? fe.items[0].value : "Lỗi cơ sở dữ liệu khi nhập; không có dòng nào được ghi.");
        arena_free(&a);
        return -1;
    }
    const char *kind;
    const char *summary = import_report_summary(&a, &res.rep, &kind);
    job_result_json(jc, statement_result_json(&res, false));
    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = open_memstream(&text, &text_len);
    if (mem) {
        import_report_print(mem, &res.rep, true);
        fprintf(mem, "%d giao dịch mới, %d dòng trùng giao dịch của sao kê khác (%d chờ xem xét), %d dòng đã nhập trước đây\n",
                res.fresh, res.matched, res.uncertain, res.already);
        fclose(mem);
        job_result_file(jc, "bao-cao-nhap-sao-ke.txt", "text/plain; charset=utf-8", text, text_len);
        free(text);
    }
    job_progress(jc, res.rep.total, res.rep.total, summary);
    bool ok = res.rep.written || res.rep.dry_run || (!res.rep.fatal && !res.rep.rejected);
    if (!ok) job_fail(jc, summary);
    arena_free(&a);
    return ok ? 0 : -1;
}

int64_t statement_job_start(store *s, const struct actor *ac, int64_t fund_id, const struct statement_profile *p, int year,
                            const struct import_quota *quota, const char *file_name, const char *data, size_t len,
                            unsigned flags)
{
    struct statement_job *j = xcalloc(1, sizeof *j);
    j->fund_id = fund_id;
    j->profile = *p;
    j->profile_name = xstrdup(p->name ? p->name : "map");
    j->profile.name = j->profile_name;
    j->file_name = xstrdup(file_name ? file_name : "");
    j->data = xmalloc(len ? len : 1);
    if (len) memcpy(j->data, data, len);
    j->len = len;
    j->year = year;
    j->max_rows = quota ? quota->max_rows : 0;
    j->quota_setting = xstrdup(quota && quota->setting ? quota->setting : "");
    j->flags = flags;
    char title[320], link[64];
    snprintf(title, sizeof title, "Nhập sao kê %s vào quỹ số %lld", j->file_name, (long long)fund_id);
    snprintf(link, sizeof link, "/funds/%lld/manage", (long long)fund_id);
    const struct job_spec spec = {"donation.import", title, statement_job_run, j, statement_job_free, link};
    return job_start(s, ac, &spec);
}

int64_t statement_data_lines(const char *data, size_t len, int at_most)
{
    if (xlsx_sniff(data, len)) {   /* a workbook's rows, not the line breaks of its zip bytes */
        arena a = {0};
        int64_t rows = xlsx_count_rows(&a, data, len, NULL, at_most);
        arena_free(&a);
        return rows < 0 ? 0 : rows;
    }
    int64_t breaks = 0;
    for (const char *p = data, *end = data + len; (p = memchr(p, '\n', (size_t)(end - p))); p++) breaks++;
    /* a gzip file's lines are not countable from its bytes: about 30 bytes compress to one line */
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) return (int64_t)len / 30;
    return breaks;
}
