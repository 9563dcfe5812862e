/* stored_file.c: uploaded files kept in the database once per SHA-256 (stored_file.h): what the
 * bytes are (sniffed from their magic numbers, never from the name or the client's word), image
 * sizes read from PNG, JPEG and GIF headers, the per-use policies that refuse what a use does not
 * accept, attachments to the records that own a file, the registry of owner kinds that decides
 * who may download a file, and the reply that serves one (file_serve) or the field that uploads
 * one (file_upload_field). */
#include "stored_file.h"

#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "html.h"
#include "vn.h"

#define MIME_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

static const char *const evidence_types[] = {"application/pdf", "image/png", "image/jpeg", MIME_XLSX, NULL};
static const char *const photo_types[] = {"image/png", "image/jpeg", NULL};
static const char *const document_types[] = {"application/pdf", "image/png", "image/jpeg", MIME_XLSX, MIME_DOCX, NULL};
const struct file_policy file_policy_evidence = {evidence_types, 20u << 20, "tệp minh chứng"};
const struct file_policy file_policy_photo = {photo_types, 10u << 20, "ảnh"};
const struct file_policy file_policy_document = {document_types, 20u << 20, "văn bản đính kèm"};

/* ---- sniffing ---- */
static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }
static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p) { return be16(p) << 16 | be16(p + 2); }

/* A zip's kind by the names in its central directory: an Office file holds [Content_Types].xml
 * and its part folder (xl/ for a workbook, word/ for a document). Every offset is checked
 * against the buffer, so a lying directory only ends the walk. */
static const char *zip_kind(const unsigned char *d, size_t len)
{
    if (len < 22) return "application/zip";
    /* the end-of-central-directory record: in the last 22 + 65535 bytes (its comment) */
    size_t lowest = len > 22 + 65535 ? len - 22 - 65535 : 0;
    size_t eocd = (size_t)-1;
    for (size_t i = len - 22 + 1; i-- > lowest;)
        if (d[i] == 'P' && d[i + 1] == 'K' && d[i + 2] == 5 && d[i + 3] == 6) { eocd = i; break; }
    if (eocd == (size_t)-1) return "application/zip";
    uint32_t entries = le16(d + eocd + 10), cd_size = le32(d + eocd + 12), cd_off = le32(d + eocd + 16);
    if ((size_t)cd_off > eocd || (size_t)cd_size > eocd - cd_off) return "application/zip";
    bool content_types = false, xl = false, word = false;
    size_t p = cd_off, end = (size_t)cd_off + cd_size;
    for (uint32_t i = 0; i < entries && p + 46 <= end; i++) {
        if (be32(d + p) != 0x504b0102) break;
        size_t nlen = le16(d + p + 28), xlen = le16(d + p + 30), clen = le16(d + p + 32);
        if (p + 46 + nlen > end) break;
        const char *name = (const char *)d + p + 46;
        if (nlen == 19 && !memcmp(name, "[Content_Types].xml", 19)) content_types = true;
        if (nlen > 3 && !memcmp(name, "xl/", 3)) xl = true;
        if (nlen > 5 && !memcmp(name, "word/", 5)) word = true;
        p += 46 + nlen + xlen + clen;
    }
    if (content_types && xl) return MIME_XLSX;
    if (content_types && word) return MIME_DOCX;
    return "application/zip";
}

static bool starts_ci(const unsigned char *p, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return len >= n && !strncasecmp((const char *)p, lit, n);
}

/* Markup by its opening: browsers (and SVG viewers) run script in these, so the policies refuse
 * them unless a use allows them by name. */
static const char *markup_kind(const unsigned char *d, size_t len)
{
    size_t i = 0;
    if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n')) i++;
    if (i >= len || d[i] != '<') return NULL;
    size_t window = len - i < 1024 ? len - i : 1024;
    for (size_t j = i; j + 4 <= i + window; j++)
        if (starts_ci(d + j, i + window - j, "<svg")) return "image/svg+xml";
    if (starts_ci(d + i, len - i, "<?xml")) return "application/xml";
    return "text/html";
}

const char *file_sniff(const void *data, size_t len)
{
    const unsigned char *d = data;
    if (!d || !len) return "application/octet-stream";
    if (len >= 5 && !memcmp(d, "%PDF-", 5)) return "application/pdf";
    if (len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
    if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return "image/jpeg";
    if (len >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) return "image/gif";
    if (len >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4)) return "image/webp";
    if (len >= 4 && !memcmp(d, "PK\x03\x04", 4)) return zip_kind(d, len);
    if (len >= 2 && d[0] == 0x1F && d[1] == 0x8B) return "application/gzip";
    const char *markup = markup_kind(d, len);
    if (markup) return markup;
    if (!memchr(d, 0, len) && vn_utf8_valid((const char *)d, len, NULL)) {
        /* text: CSV when its first line separates fields (comma, semicolon or tab) */
        const unsigned char *nl = memchr(d, '\n', len);
        size_t first = nl ? (size_t)(nl - d) : len;
        for (size_t i = 0; i < first; i++)
            if (d[i] == ',' || d[i] == ';' || d[i] == '\t') return "text/csv";
        return "text/plain";
    }
    return "application/octet-stream";
}

/* ---- image sizes ---- */
/* PNG: the IHDR chunk comes first (8-byte signature, length, "IHDR", width, height). */
static bool png_size(const unsigned char *d, size_t len, int *w, int *h)
{
    if (len < 24 || memcmp(d + 12, "IHDR", 4)) return false;
    uint32_t pw = be32(d + 16), ph = be32(d + 20);
    if (!pw || !ph || pw > 0x7fffffff || ph > 0x7fffffff) return false;
    *w = (int)pw;
    *h = (int)ph;
    return true;
}

/* JPEG: walk the marker segments to the first start-of-frame (SOF0–SOF15 except DHT C4, JPG C8,
 * DAC CC), whose body is precision, height, width. Stops at start-of-scan or any segment that
 * would run past the data. */
static bool jpeg_size(const unsigned char *d, size_t len, int *w, int *h)
{
    size_t p = 2;
    while (p + 4 <= len) {
        if (d[p] != 0xFF) return false;
        unsigned char m = d[p + 1];
        if (m == 0xFF) { p++; continue; }                        /* fill byte */
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { p += 2; continue; }   /* no length */
        if (m == 0xD9 || m == 0xDA) return false;                /* end, or scan data before a frame */
        size_t seg = be16(d + p + 2);
        if (seg < 2 || p + 2 + seg > len) return false;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (seg < 7) return false;
            uint32_t fh = be16(d + p + 5), fw = be16(d + p + 7);
            if (!fw || !fh) return false;
            *w = (int)fw;
            *h = (int)fh;
            return true;
        }
        p += 2 + seg;
    }
    return false;
}

bool file_image_size(const void *data, size_t len, int *width, int *height)
{
    const unsigned char *d = data;
    *width = *height = 0;
    const char *t = file_sniff(data, len);
    if (str_eq(t, "image/png")) return png_size(d, len, width, height);
    if (str_eq(t, "image/jpeg")) return jpeg_size(d, len, width, height);
    if (str_eq(t, "image/gif") && len >= 10 && le16(d + 6) && le16(d + 8)) {
        *width = (int)le16(d + 6);
        *height = (int)le16(d + 8);
        return true;
    }
    return false;
}

/* ---- names and labels ---- */
const char *file_type_label(const char *mime)
{
    if (str_eq(mime, "application/pdf")) return "PDF";
    if (str_eq(mime, "image/png")) return "ảnh PNG";
    if (str_eq(mime, "image/jpeg")) return "ảnh JPEG";
    if (str_eq(mime, "image/gif")) return "ảnh GIF";
    if (str_eq(mime, "image/webp")) return "ảnh WebP";
    if (str_eq(mime, MIME_XLSX)) return "bảng tính Excel (XLSX)";
    if (str_eq(mime, MIME_DOCX)) return "văn bản Word (DOCX)";
    if (str_eq(mime, "application/zip")) return "tệp nén ZIP";
    if (str_eq(mime, "application/gzip")) return "tệp nén gzip";
    if (str_eq(mime, "text/csv")) return "bảng CSV";
    if (str_eq(mime, "text/plain")) return "văn bản thuần";
    if (str_eq(mime, "text/html")) return "trang HTML";
    if (str_eq(mime, "image/svg+xml")) return "ảnh SVG";
    if (str_eq(mime, "application/xml")) return "tệp XML";
    return "tệp không rõ loại";
}

/* The name as uploaded, made safe to keep and show: the last path part (browsers on Windows
 * send C:\…\name), NFC, one line, at most FILE_NAME_MAX characters; "tệp" when nothing is left.
 * In the arena. */
const char *file_clean_name(arena *a, const char *name)
{
    const char *base = name ? name : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    static const struct vn_field f_name = {1, FILE_NAME_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
    buf b = {0};
    const char *out = "tệp";
    if (vn_field_clean(base, strlen(base), &f_name, &b, NULL) == VN_OK && b.len) out = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return out;
}

static bool policy_allows(const struct file_policy *p, const char *mime)
{
    for (const char *const *t = p->types; t && *t; t++)
        if (str_eq(*t, mime)) return true;
    return false;
}

static void policy_type_list(const struct file_policy *p, char *out, size_t len)
{
    size_t used = 0;
    out[0] = 0;
    for (const char *const *t = p->types; t && *t && used < len; t++) {
        int n = snprintf(out + used, len - used, "%s%s", t == p->types ? "" : ", ", file_type_label(*t));
        if (n < 0) break;
        used += (size_t)n;
    }
}

/* Why a file is refused (a Vietnamese sentence naming it), or NULL when the policy takes it. */
static const char *refusal(arena *a, const struct file_policy *p, const char *name, const char *declared,
                           const char *sniffed, size_t len)
{
    char types[300];
    policy_type_list(p, types, sizeof types);
    if (!len) return arena_printf(a, "Tệp “%s” rỗng (0 byte).", name);
    if (len > p->max_bytes)
        return arena_printf(a, "Tệp “%s” quá lớn (%.1f MB); %s chỉ nhận tệp đến %zu MB.", name,
                            (double)len / (1 << 20), p->what, p->max_bytes >> 20);
    bool markup = str_eq(sniffed, "text/html") || str_eq(sniffed, "image/svg+xml") || str_eq(sniffed, "application/xml");
    if (markup && !policy_allows(p, sniffed))
        return arena_printf(a, "Tệp “%s” là %s: không nhận vì trình duyệt có thể chạy mã trong đó.", name,
                            file_type_label(sniffed));
    /* the client's word against the bytes: an "image" that is a PDF (or anything else) is a
     * mistake or a trick either way */
    if (declared && !strncasecmp(declared, "image/", 6) && strncmp(sniffed, "image/", 6))
        return arena_printf(a, "Tệp “%s” được gửi như một ảnh (%s) nhưng nội dung là %s.", name, declared,
                            file_type_label(sniffed));
    if (declared && !strcasecmp(declared, "application/pdf") && !str_eq(sniffed, "application/pdf"))
        return arena_printf(a, "Tệp “%s” được gửi như PDF nhưng nội dung là %s.", name, file_type_label(sniffed));
    if (!policy_allows(p, sniffed))
        return arena_printf(a, "Tệp “%s” là %s; %s chỉ nhận: %s.", name, file_type_label(sniffed), p->what, types);
    return NULL;
}

/* ---- storing ---- */
int64_t file_store(store *s, const struct actor *ac, const struct file_policy *p, const char *name,
                   const char *declared_type, const void *data, size_t len, char *msg, size_t msglen)
{
    if (msg && msglen) msg[0] = 0;
    if (store_tx_depth(s) <= 0) {
        log_error("file_store called outside a write transaction: refused");
        return -1;
    }
    arena a = {0};
    const char *clean = file_clean_name(&a, name);
    const char *sniffed = file_sniff(data, len);
    const char *why = refusal(&a, p, clean, declared_type, sniffed, len);
    if (why) {
        if (msg) snprintf(msg, msglen, "%s", why);
        arena_free(&a);
        return 0;
    }
    char sha[65];
    sha256_hex(data, len, sha);
    int64_t id = 0;
    int rc = store_int64(s, &id, "SELECT id FROM stored_file WHERE sha256 = $1", "t", sha);
    if (rc != 0) { arena_free(&a); return rc == 1 ? id : -1; }     /* the same bytes: stored once */
    int w = 0, h = 0;
    file_image_size(data, len, &w, &h);
    char now[21];
    iso_time(now_unix(), now);
    const char *declared = declared_type && vn_utf8_valid(declared_type, strlen(declared_type), NULL) &&
                                   strlen(declared_type) < 128 ? declared_type : NULL;
    rc = store_int64(s, &id, "INSERT INTO stored_file(sha256, name, declared_type, sniffed_type, size, width, height,"
                             " data, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                     "ttttiiibtt", sha, clean, declared, sniffed, (int64_t)len, (int64_t)w, (int64_t)h, data, len, now,
                     ac->login);
    if (rc != 1) { arena_free(&a); return -1; }
    json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:i, s:i}", "name", clean, "sha256", sha, "type", sniffed,
                              "size", (json_int_t)len, "width", w, "height", h);
    int64_t aid = audit_as(s, ac, "create", "stored_file", id, NULL, after);
    json_decref(after);
    arena_free(&a);
    return aid < 0 ? -1 : id;
}

int file_attach(store *s, int64_t file_id, const char *owner_kind, int64_t owner_id, const char *caption)
{
    const char *cap = NULL;
    buf b = {0};
    static const struct vn_field f_caption = {0, FILE_CAPTION_MAX, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
    if (caption) {
        if (vn_field_clean(caption, strlen(caption), &f_caption, &b, NULL) != VN_OK) { buf_free(&b); return FILE_BAD_CAPTION; }
        if (b.len) cap = buf_str(&b);
    }
    char now[21];
    iso_time(now_unix(), now);
    int rc = store_exec(s, "INSERT INTO file_attachment(file_id, owner_kind, owner_id, caption, position, attached_at)"
                           " SELECT $1, $2, $3, $4, coalesce(max(position), 0) + 1, $5 FROM file_attachment"
                           " WHERE owner_kind = $2 AND owner_id = $3 ON CONFLICT DO NOTHING",
                        "ititt", file_id, owner_kind, owner_id, cap, now);
    buf_free(&b);
    if (rc != STORE_OK) return -1;
    return store_changes(s) > 0 ? 1 : 0;
}

int file_detach(store *s, int64_t file_id, const char *owner_kind, int64_t owner_id)
{
    int rc = file_id > 0
        ? store_exec(s, "DELETE FROM file_attachment WHERE file_id = $1 AND owner_kind = $2 AND owner_id = $3", "iti",
                     file_id, owner_kind, owner_id)
        : store_exec(s, "DELETE FROM file_attachment WHERE owner_kind = $1 AND owner_id = $2", "ti", owner_kind, owner_id);
    if (rc != STORE_OK) return -1;
    return store_changes(s) > 0 ? 1 : 0;
}

#define FILE_COLS "f.id, f.sha256, f.name, f.declared_type, f.sniffed_type, f.size, f.width, f.height, f.created_at"
static void file_from_row(stmt *q, arena *a, struct stored_file *f)
{
    f->id = stmt_int64(q, 0);
    snprintf(f->sha256, sizeof f->sha256, "%s", stmt_text(q, 1) ? stmt_text(q, 1) : "");
    f->name = stmt_text_dup(q, 2, a);
    f->declared_type = stmt_text_dup(q, 3, a);
    f->sniffed_type = stmt_text_dup(q, 4, a);
    f->size = stmt_int64(q, 5);
    f->width = (int)stmt_int64(q, 6);
    f->height = (int)stmt_int64(q, 7);
    f->created_at = stmt_text_dup(q, 8, a);
}

int file_list(store *s, arena *a, const char *owner_kind, int64_t owner_id, struct stored_file **out, int *n)
{
    *out = NULL;
    *n = 0;
    stmt *q = store_query(s, "SELECT " FILE_COLS ", t.caption FROM file_attachment t JOIN stored_file f ON f.id = t.file_id"
                             " WHERE t.owner_kind = $1 AND t.owner_id = $2 ORDER BY t.position", "ti", owner_kind, owner_id);
    if (!q) return STORE_ERR;
    int cap = 0, rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            struct stored_file *v = arena_alloc(a, sizeof *v * (size_t)cap);
            if (*n) memcpy(v, *out, sizeof *v * (size_t)*n);
            *out = v;
        }
        struct stored_file *f = &(*out)[(*n)++];
        file_from_row(q, a, f);
        f->caption = stmt_text_dup(q, 9, a);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? 0 : STORE_ERR;
}

int file_get(store *s, arena *a, int64_t id, struct stored_file *f, const void **data, size_t *len)
{
    stmt *q = store_query(s, "SELECT " FILE_COLS ", f.data FROM stored_file f WHERE f.id = $1", "i", id);
    if (!q) return STORE_ERR;
    int rc = stmt_step(q);
    if (rc == STORE_ROW) {
        memset(f, 0, sizeof *f);
        file_from_row(q, a, f);
        if (data) {
            size_t n = 0;
            const void *blob = stmt_blob(q, 9, &n);
            void *copy = arena_alloc(a, n ? n : 1);
            if (n) memcpy(copy, blob, n);
            *data = copy;
            if (len) *len = n;
        }
    }
    stmt_finalize(q);
    return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : rc;
}

bool file_belongs(store *s, int64_t file_id, const char *owner_kind, int64_t owner_id)
{
    int64_t one = 0;
    return store_int64(s, &one, "SELECT 1 FROM file_attachment WHERE file_id = $1 AND owner_kind = $2 AND owner_id = $3",
                       "iti", file_id, owner_kind, owner_id) == 1;
}

/* ---- who may download: the owner kinds features register ---- */
struct owner_kind { const char *kind; enum capability cap; file_owner_visible_fn may_see; };
static struct owner_kind owner_kinds[FILE_OWNER_KINDS_MAX];
static int n_owner_kinds;

bool file_owner_register(const char *kind, enum capability cap, file_owner_visible_fn may_see)
{
    for (int i = 0; i < n_owner_kinds; i++)
        if (str_eq(owner_kinds[i].kind, kind)) { owner_kinds[i] = (struct owner_kind){kind, cap, may_see}; return true; }
    if (n_owner_kinds == FILE_OWNER_KINDS_MAX) return false;
    owner_kinds[n_owner_kinds++] = (struct owner_kind){kind, cap, may_see};
    return true;
}

bool file_owner_visible(req *r, const char *kind, int64_t owner_id)
{
    for (int i = 0; i < n_owner_kinds; i++)
        if (str_eq(owner_kinds[i].kind, kind))
            return web_has_cap(r, owner_kinds[i].cap) && (!owner_kinds[i].may_see || owner_kinds[i].may_see(r, owner_id));
    return false;
}

const char *file_href(arena *a, const char *owner_kind, int64_t owner_id, int64_t file_id)
{
    buf b = {0};
    html_buf(&b, "/files/%u/%D/%D", owner_kind, owner_id, file_id);
    const char *href = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return href;
}

/* ---- serving ---- */
static bool shown_inline(const char *mime)
{
    return str_eq(mime, "application/pdf") || str_eq(mime, "image/png") || str_eq(mime, "image/jpeg") ||
           str_eq(mime, "image/gif") || str_eq(mime, "image/webp");
}

/* Content-Disposition with both names (RFC 6266): filename="…" an ASCII stand-in for old
 * clients (Vietnamese folded to its letters, anything else '_'), filename*=UTF-8''… the real
 * name percent-encoded (RFC 5987: only attr-chars stay as they are). */
const char *file_content_disposition(arena *a, const char *name, bool inline_view)
{
    buf folded = {0}, out = {0};
    vn_fold(name, strlen(name), &folded);
    buf_printf(&out, "%s; filename=\"", inline_view ? "inline" : "attachment");
    for (const char *p = buf_str(&folded); *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_' || c == ' ' || c == '(' || c == ')';
        if (c >= 0x80) {
            while ((unsigned char)p[1] >= 0x80 && ((unsigned char)p[1] & 0xC0) == 0x80) p++;  /* one '_' per character */
        }
        buf_putc(&out, keep ? (char)c : '_');
    }
    buf_puts(&out, "\"; filename*=UTF-8''");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        bool attr = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                    strchr("!#$&+-.^_`|~", *p);
        if (attr) buf_putc(&out, (char)*p);
        else { buf_putc(&out, '%'); buf_putc(&out, hex[*p >> 4]); buf_putc(&out, hex[*p & 15]); }
    }
    const char *v = arena_strdup(a, buf_str(&out));
    buf_free(&folded);
    buf_free(&out);
    return v;
}

void file_serve(req *r, int64_t file_id)
{
    struct stored_file f;
    const void *data = NULL;
    size_t len = 0;
    int rc = file_get(r->db, &r->a, file_id, &f, &data, &len);
    if (rc < 0) { web_fail(r, "read stored file"); return; }
    if (!rc) { web_error(r, 404, "Không có tệp này."); return; }
    bool inline_view = shown_inline(f.sniffed_type);
    /* the type is what the bytes are, never what the uploader said; nosniff (added to every
     * reply by web.c) keeps the browser from guessing otherwise; the sandbox policy, enforced
     * together with the site's own, runs a PDF viewer or image with no script and no origin */
    web_header(r, "Content-Disposition", file_content_disposition(&r->a, f.name, inline_view));
    web_header(r, "Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
    web_body(r, f.sniffed_type, data, len);
}

void file_download_page(req *r)
{
    int64_t owner_id, file_id;
    const char *kind = r->params[0];
    if (!web_param_id(r, 1, &owner_id) || !web_param_id(r, 2, &file_id)) return;
    /* one answer for "no such record", "not yours to see" and "not attached to it", so a URL
     * tells a stranger nothing */
    if (!file_owner_visible(r, kind, owner_id) || !file_belongs(r->db, file_id, kind, owner_id)) {
        web_error(r, 404, "Không có tệp này, hoặc bạn không được xem hồ sơ chứa nó.");
        return;
    }
    file_serve(r, file_id);
}

/* ---- the upload field ---- */
void file_upload_field(req *r, const char *name, const char *label, const struct file_policy *p, bool multiple)
{
    char types[300];
    policy_type_list(p, types, sizeof types);
    buf accept = {0};
    for (const char *const *t = p->types; t && *t; t++) buf_printf(&accept, "%s%s", t == p->types ? "" : ",", *t);
    html(r, "<div class=\"field file-upload\"><label for=\"f-%s\">%s</label>"
            "<input type=\"file\" id=\"f-%s\" name=\"%s\" accept=\"%s\" data-upload-progress aria-describedby=\"f-%s-help\"%R>"
            "<p class=\"help\" id=\"f-%s-help\">Nhận: %s; mỗi tệp tối đa %zu MB.</p>"
            "<progress class=\"upload-progress\" max=\"100\" value=\"0\" hidden aria-label=\"Tiến độ tải lên\"></progress></div>",
         name, label, name, name, buf_str(&accept), name, multiple ? " multiple" : "", // raw: a literal attribute
         name, types, p->max_bytes >> 20);
    buf_free(&accept);
}
