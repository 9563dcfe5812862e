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
    const char *caption;       /* file_list only: the attachment's caption (NULL: none) */
};
/* The type of data by its first bytes ("application/pdf", "image/png", … ; "text/html" for
 * markup; "application/octet-stream" when unknown). */
const char *file_sniff(const void *data, size_t len);
/* Checks data against the policy and stores it (or finds it by hash). Call inside the caller's
 * write transaction. > 0 the file id; 0 refused (msg: a Vietnamese sentence naming the file and
 * the reason); -1 store error. */
int64_t file_store(store *s, const struct actor *ac, const struct file_policy *p, const char *name,
                   const char *declared_type, const void *data, size_t len, char *msg, size_t msglen);
/* Links a stored file to the record that owns it ("report", 17), with a caption (NFC, one line,
 * at most FILE_CAPTION_MAX characters; NULL: none), after the record's other files. Inside the
 * caller's write transaction. 1 attached; 0 it already was; FILE_BAD_CAPTION; -1 store error. */
int file_attach(store *s, int64_t file_id, const char *owner_kind, int64_t owner_id, const char *caption);
/* Unlinks it (file_id 0: every file of that record — call it when the record is deleted, since
 * a later record may get the same id). The stored bytes stay. 1 done, 0 nothing, -1 error. */
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

/* ---- limits, helpers ---- */
#define FILE_NAME_MAX 200          /* characters of a kept file name */
#define FILE_CAPTION_MAX 300
#define FILE_BAD_CAPTION (-5)
/* Width and height from a PNG's IHDR, a JPEG's first start-of-frame or a GIF's screen
 * descriptor, bounded by len. False (0 × 0) for anything else or a broken header. */
bool file_image_size(const void *data, size_t len, int *width, int *height);
/* "PDF", "ảnh PNG", "bảng tính Excel (XLSX)" … for messages. */
const char *file_type_label(const char *mime);
/* The name as it will be kept: last path part, NFC, one line, ≤ FILE_NAME_MAX; "tệp" if empty. */
const char *file_clean_name(arena *a, const char *name);
/* Content-Disposition for a name (RFC 6266; filename* per RFC 5987 for Vietnamese names). */
const char *file_content_disposition(arena *a, const char *name, bool inline_view);

/* ---- downloads: /files/{owner_kind}/{owner_id}/{file_id} (file_download_page) ----
 * A feature registers each kind of record that owns files, once at start (before serving):
 * who may download is the capability `cap` (CAP_PUBLIC for files of public pages) AND, when
 * may_see is not NULL, may_see(r, owner_id) — e.g. "this report's unit is in the user's
 * scope". A file is served only if its kind is registered, the caller passes both checks and
 * the file is attached to that very record; otherwise 404, whatever the reason. */
typedef bool (*file_owner_visible_fn)(req *r, int64_t owner_id);
#define FILE_OWNER_KINDS_MAX 32
bool file_owner_register(const char *kind, enum capability cap, file_owner_visible_fn may_see);
bool file_owner_visible(req *r, const char *kind, int64_t owner_id);
/* The download link of a file attached to a record (arena). */
const char *file_href(arena *a, const char *owner_kind, int64_t owner_id, int64_t file_id);
/* The route handler of /files/{kind}/{owner}/{id}. */
void file_download_page(req *r);
#endif
