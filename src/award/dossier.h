/* dossier.h: a proposal's dossier (hồ sơ): the documents attached to it — tờ trình, biên bản họp
 * xét, báo cáo thành tích, minh chứng — kept as stored files (stored_file.h, policy
 * file_policy_document: PDF, images, XLSX, DOCX) owned by "award_proposal". The proposing unit's
 * staff attach them while the proposal is a draft or was returned; the Board, the council and
 * the unit's staff download them (the owner kind's visibility is proposal_may_read). */
#ifndef THIDUA_DOSSIER_H
#define THIDUA_DOSSIER_H
#include <stdint.h>

#include "actor.h"
#include "html.h"
#include "store.h"
#include "web.h"

#define DOSSIER_FILE_OWNER "award_proposal"
/* The kinds of document a dossier holds, as {code, label} pairs ended by NULL. */
extern const char *const dossier_kinds[];
const char *dossier_kind_label(const char *code);   /* NULL if unknown */

/* Attaches uploaded files (every upload of field "file") to a proposal under one kind, all or
 * none, in one transaction with one audit entry. > 0 the number attached, 0 refused with field
 * errors ("scope" a 403; "file" names the refused file and why), < 0 store error. */
int dossier_attach(store *s, arena *a, const struct actor *ac, int64_t proposal_id, const char *kind,
                   const struct upload *uploads, int n_uploads, struct field_errors *fe);
/* Registers the owner kind with the downloads route (app_start). */
void dossier_files_register(void);
#endif
