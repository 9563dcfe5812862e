/* stored_file.h: uploaded files (progress evidence, news photos, dossier attachments, bank
 * statements) kept in the database, once per SHA-256, so several servers share them and a backup
 * holds them. Each use states what it accepts (a file_policy: allowed types sniffed from the
 * bytes, a size limit); a PDF declared as an image, an HTML file or an oversize file is refused
 * with a sentence that says which file and why. Files are attached to the record that owns them
 * (owner kind and id) and served only after the caller checked that the user may see that
 * record, with Content-Disposition and nosniff. */
#ifndef THIDUA_STORED_FILE_H
#define THIDUA_STORED_FILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "store.h"
#include "web.h"

struct file_policy {
    const char *const *types;  /* sniffed MIME types accepted, NULL-ended: "image/png", "image/jpeg",
                                  "application/pdf", "text/csv", "application/gzip", XLSX … */
    size_t max_bytes;
    const char *what;          /* "ảnh minh chứng" — for messages */
};
extern const struct file_policy file_policy_evidence;   /* PDF, PNG, JPEG, XLSX; 20 MiB */
extern const struct file_policy file_policy_photo;      /* PNG, JPEG; 10 MiB */
extern const struct file_policy file_policy_document;   /* PDF, PNG, JPEG, XLSX, DOCX; 20 MiB */

struct stored_file {
    int64_t id;
    char sha256[65];
    const char *name;          /* as uploaded (NFC, path parts removed) */
    const char *declared_type; /* what the client said */
    const char *sniffed_type;  /* what the bytes are */
    int64_t size;
    int width, height;         /* images; 0 otherwise */
    const char *created_at;
};
/* The type of data by its first bytes ("application/pdf", "image/png", … ; "text/html" for
 * markup; "application/octet-stream" when unknown). */
const char *file_sniff(const void *data, size_t len);
/* Checks data against the policy and stores it (or finds it by hash). Call inside the caller's
 * write transaction. > 0 the file id; 0 refused (msg: a Vietnamese sentence naming the file and
 * the reason); -1 store error. */
int64_t file_store(store *s, const struct actor *ac, const struct file_policy *p, const char *name,
                   const char *declared_type, const void *data, size_t len, char *msg, size_t msglen);
/* Links a stored file to the record that owns it ("report", 17), with a caption; and lists them. */
int file_attach(store *s, int64_t file_id, const char *owner_kind, int64_t owner_id, const char *caption);
int file_detach(store *s, int64_t file_id, const char *owner_kind, int64_t owner_id);
/* The files of a record, in attach order; *n gets the count (arena memory). -1 on error. */
int file_list(store *s, arena *a, const char *owner_kind, int64_t owner_id, struct stored_file **out, int *n);
/* One file's metadata, and its bytes (arena) when data is not NULL. 1 found, 0 not, -1 error. */
int file_get(store *s, arena *a, int64_t id, struct stored_file *f, const void **data, size_t *len);
/* True if the file is attached to that record (a download route checks this before serving). */
bool file_belongs(store *s, int64_t file_id, const char *owner_kind, int64_t owner_id);
/* Replies with the file's bytes: its sniffed type, Content-Disposition (attachment, or inline for
 * images and PDF) with the name, X-Content-Type-Options: nosniff. 404 if there is no such file. */
void file_serve(req *r, int64_t file_id);
/* The HTML of an upload field that shows progress (a <progress> the page's script fills while the
 * form uploads; without JavaScript the form still works). */
void file_upload_field(req *r, const char *name, const char *label, const struct file_policy *p, bool multiple);
#endif
