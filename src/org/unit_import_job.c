/* unit_import_job.c: the unit import of a large file as a background job (job.h), started by the
 * import page when the file has more lines than the setting import.job_threshold_lines. The job
 * runs the same unit_import as the page (same checks, same all-or-nothing write, same single
 * audit entry), reports its check progress, stops before writing when cancelled, and leaves the
 * report: the summary and counts as the job's JSON result, every line's outcome as a text file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "import.h"
#include "job.h"
#include "unit_internal.h"

struct unit_import_job {
    char *file_name, *data, *quota_setting, *sheet;   /* sheet: NULL for the first (XLSX) */
    size_t len;
    int64_t max_rows;
    unsigned flags;
};

static void unit_import_job_free(void *arg)
{
    struct unit_import_job *u = arg;
    free(u->file_name);
    free(u->data);
    free(u->quota_setting);
    free(u->sheet);
    free(u);
}

int64_t unit_import_data_lines(arena *a, const char *data, size_t len, const char *sheet, int at_most)
{
    if (xlsx_sniff(data, len)) {
        /* "" from an empty form field: the first sheet */
        int64_t rows = xlsx_count_rows(a, data, len, sheet && *sheet ? sheet : NULL, at_most);
        return rows < 0 ? 0 : rows;
    }
    int64_t breaks = 0;
    for (const char *p = data, *end = data + len; (p = memchr(p, '\n', (size_t)(end - p))); p++) breaks++;
    int64_t lines = breaks + (len > 0 && data[len - 1] != '\n');
    return lines > 0 ? lines - 1 : 0;
}

static bool import_progress(void *ctx, int checked, int total, const char *stage)
{
    struct job_ctx *jc = ctx;
    job_progress(jc, checked, total, stage);
    return !job_cancelled(jc);
}

static int unit_import_job_run(struct job_ctx *jc, void *arg)
{
    struct unit_import_job *u = arg;
    struct import_quota quota = {u->max_rows, u->quota_setting};
    struct import_report rep;
    arena a = {0};
    job_progress(jc, 0, unit_import_data_lines(&a, u->data, u->len, u->sheet, 0), "Đang đọc tệp");
    import_set_progress(import_progress, jc);
    int rc = unit_import_sheet(job_store(jc), &a, job_actor(jc), &quota, u->file_name, u->data, u->len, u->flags,
                               u->sheet, &rep);
    import_set_progress(NULL, NULL);
    if (rc < 0) {
        job_fail(jc, "Lỗi cơ sở dữ liệu khi nhập; không có dòng nào được ghi. Hãy thử lại hoặc báo quản trị viên.");
        arena_free(&a);
        return -1;
    }
    const char *kind;
    const char *summary = import_report_summary(&a, &rep, &kind);
    /* The JSON result carries the verdict and counts; the per-line report (up to a million lines)
     * is the downloadable file, not a page of JSON. */
    json_t *report = import_report_json(&rep);
    json_object_del(report, "lines");
    job_result_json(jc, report);
    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = open_memstream(&text, &text_len);
    if (mem) {
        import_report_print(mem, &rep, true);
        fclose(mem);
        job_result_file(jc, "bao-cao-nhap-don-vi.txt", "text/plain; charset=utf-8", text, text_len);
        free(text);
    }
    job_progress(jc, rep.total, rep.total, summary);
    bool ok = rep.written || rep.dry_run || (!rep.fatal && !rep.rejected);
    if (!ok) job_fail(jc, summary);
    arena_free(&a);
    return ok ? 0 : -1;
}

int64_t unit_import_job_start(store *s, const struct actor *ac, const struct import_quota *quota, const char *file_name,
                              const char *data, size_t len, const char *sheet, unsigned flags)
{
    struct unit_import_job *u = xcalloc(1, sizeof *u);
    u->file_name = xstrdup(file_name ? file_name : "");
    u->data = xmalloc(len ? len : 1);
    if (len) memcpy(u->data, data, len);
    u->len = len;
    u->max_rows = quota ? quota->max_rows : 0;
    u->quota_setting = xstrdup(quota && quota->setting ? quota->setting : "");
    u->flags = flags;
    u->sheet = sheet && *sheet ? xstrdup(sheet) : NULL;
    char title[320];
    snprintf(title, sizeof title, "Nhập đơn vị từ tệp %s", u->file_name);
    const struct job_spec spec = {"unit.import", title, unit_import_job_run, u, unit_import_job_free, "/units"};
    return job_start(s, ac, &spec);
}
