/* certificate_job.c: printing a whole decision's certificates as a background job (job.h) when
 * the decision has many recipients, so the request does not wait for hundreds of pages: the job
 * draws the same PDF as certificate_pdf and keeps it as its result file, with its page on
 * /jobs/{id}. */
#include <stdio.h>
#include <stdlib.h>

#include "certificate.h"
#include "job.h"

struct cert_job {
    int64_t decision_id, blank_id;
    char *mode, *base_url;
};

static void cert_job_free(void *arg)
{
    struct cert_job *j = arg;
    free(j->mode);
    free(j->base_url);
    free(j);
}

static int cert_job_run(struct job_ctx *jc, void *arg)
{
    struct cert_job *j = arg;
    arena a = {0};
    buf out = {0};
    char err[300];
    job_progress(jc, 0, 1, "Đang dàn trang bằng khen");
    int rc = certificate_pdf(job_store(jc), &a, j->decision_id, 0, j->mode, j->blank_id, j->base_url, &out, err, sizeof err);
    if (rc == 0) {
        char name[80];
        snprintf(name, sizeof name, "bang-khen-quyet-dinh-%lld.pdf", (long long)j->decision_id);
        job_result_file(jc, name, "application/pdf", out.data, out.len);
        job_progress(jc, 1, 1, "Đã xong");
    } else job_fail(jc, err);
    buf_free(&out);
    arena_free(&a);
    return rc == 0 ? 0 : -1;
}

int64_t certificate_job_start(store *s, const struct actor *ac, int64_t decision_id, const char *mode, int64_t blank_id,
                              const char *base_url)
{
    struct cert_job *j = xcalloc(1, sizeof *j);
    j->decision_id = decision_id;
    j->blank_id = blank_id;
    j->mode = xstrdup(mode);
    j->base_url = xstrdup(base_url ? base_url : "");
    char title[160], link[64];
    snprintf(title, sizeof title, "In bằng khen của quyết định số %lld (%s)", (long long)decision_id,
             str_eq(mode, "overprint") ? "in lên phôi" : "trang đầy đủ");
    snprintf(link, sizeof link, "/decisions/%lld", (long long)decision_id);
    const struct job_spec spec = {"certificate.print", title, cert_job_run, j, cert_job_free, link};
    return job_start(s, ac, &spec);
}
