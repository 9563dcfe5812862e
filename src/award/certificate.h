/* certificate.h: the certificates of a signed decision — Bằng khen, Giấy khen, or the title's
 * certificate — for one recipient or the whole decision, in two modes:
 *  - "full": a landscape A4 page with the layout of domain.md §6 (a drawn border; the national
 *    emblem's place left empty for the blank's artwork — no image is embedded; the national name
 *    and motto; the issuing authority; "Tặng"; the form; the recipient and the achievement; bottom
 *    left the decision's number and date, the sổ vàng number and the QR code; bottom right place,
 *    date, signing authority and the signer), for proofs and e-copies;
 *  - "overprint": only the variable text, at the positions calibrated for a batch of pre-printed
 *    blanks (phôi) and saved as a blank (certificate_blank_*), to print onto the blanks.
 * Both carry the decision's number and date, the sổ vàng number and a QR code of the public
 * verification page (/verify/{code}), which shows the award and whether it was revoked. */
#ifndef THIDUA_CERTIFICATE_H
#define THIDUA_CERTIFICATE_H
#include <stdint.h>

#include "actor.h"
#include "html.h"
#include "store.h"
#include "util.h"

/* The variable fields of a certificate, in the order of the calibration page. */
enum cert_field {
    CF_RECIPIENT, CF_REASON, CF_DECISION, CF_SO_VANG, CF_PLACE_DATE, CF_SIGNER_POSITION, CF_SIGNER_NAME, CF_QR, CF__COUNT
};
const char *cert_field_name(enum cert_field f);    /* "recipient" … */
const char *cert_field_label(enum cert_field f);   /* "Tên tập thể, cá nhân" … */

/* A position in millimetres from the page's top-left corner (the QR's width is its size). */
struct cert_pos { double x_mm, y_mm, width_mm; int size_pt; };
/* The full page's own positions: the starting point of every calibration. */
extern const struct cert_pos cert_default_pos[CF__COUNT];

struct cert_blank {
    int64_t id;
    const char *name, *form_code, *updated_at, *updated_by;
    struct cert_pos pos[CF__COUNT];
};
int certificate_blanks(store *s, arena *a, struct cert_blank **out, int *n);
int certificate_blank_get(store *s, arena *a, int64_t id, struct cert_blank *out);    /* 1, 0, < 0 */
/* Adds or replaces the blank called `name` (capability appraise; audited). Positions must lie on
 * the landscape A4 page (0–297 × 0–210 mm) with sizes 6–72 pt. > 0 its id, 0 refused, < 0. */
int64_t certificate_blank_save(store *s, arena *a, const struct actor *ac, const char *name, const char *form_code,
                               const struct cert_pos pos[CF__COUNT], struct field_errors *fe);

/* The PDF of a signed (or revoked, marked so) decision's certificates: recipient_id 0 for every
 * recipient (one page each), else that one; mode "full" or "overprint" (blank_id: the calibration;
 * 0 uses the full page's positions); base_url ("https://thidua.example.vn") prefixes the
 * verification link. 0, or -1 with a message in err (not signed, no such recipient …). */
int certificate_pdf(store *s, arena *a, int64_t decision_id, int64_t recipient_id, const char *mode, int64_t blank_id,
                    const char *base_url, buf *out, char *err, size_t errlen);
/* certificate_job.c: the whole decision's certificates as a background job (job.h), its result
 * the PDF; for decisions with more than CERTIFICATE_JOB_THRESHOLD recipients, so a request never
 * waits for hundreds of pages. The job id, or -1. */
#define CERTIFICATE_JOB_THRESHOLD 20
int64_t certificate_job_start(store *s, const struct actor *ac, int64_t decision_id, const char *mode, int64_t blank_id,
                              const char *base_url);
#endif
