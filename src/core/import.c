/* import.c: the shared import machinery (import.h): the CSV reader, header mapping, the
 * all-or-nothing runner with its per-line report and single audit entry, its batched write
 * (import_run_batched: staged batches, publishing, discarding, recovery of a dead runner's
 * batches), and the report's JSON and text presentations (the HTML ones, which take a request,
 * are import_web.c).
 * Importers (unit.c, later donation.c …) supply only their columns and a row function. */
#include "import.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "audit.h"
#include "csv.h"
#include "export.h"
#include "vn.h"

/* ---- reading ---- */

/* Line (from 1) and byte within the line (from 1) of offset `at`, counting CRLF, LF and CR. */
static void line_of(const char *d, size_t at, int *line, size_t *byte)
{
    int l = 1;
    size_t start = 0;
    for (size_t i = 0; i < at; i++) {
        if (d[i] == '\n' || (d[i] == '\r' && d[i + 1] != '\n')) {   /* d[at] exists: i + 1 <= at */
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *byte = at - start + 1;
}

/* Column in characters (from 1) of offset pos in a line starting at line_start; the input is
 * valid UTF-8, so characters are the bytes that are not continuation bytes. */
static int column_of(const char *d, size_t line_start, size_t pos)
{
    int col = 1;
    for (size_t i = line_start; i < pos; i++)
        if (((unsigned char)d[i] & 0xC0) != 0x80) col++;
    return col;
}

static char detect_delimiter(const char *d, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool q = false;
    for (size_t i = 0; i < len; i++) {
        char c = d[i];
        if (c == '"') q = !q;
        else if (!q && (c == '\n' || c == '\r')) break;
        else if (!q && c == ',') comma++;
        else if (!q && c == ';') semi++;
        else if (!q && c == '\t') tab++;
    }
    if (semi > comma && semi >= tab) return ';';
    if (tab > comma && tab > semi) return '\t';
    return ',';
}

struct reader {
    arena *a;
    const char *d;
    size_t len, pos, line_start;
    int line;
    char delim;
    buf field;                 /* the field being read */
    /* the record being read (malloc'd, copied into the arena when complete) */
    const char **fields;
    size_t *lens;
    int nfields, cap;
    bool field_overflow, record_overflow;
    const char *error;
};

static void reader_error(struct reader *rd, const char *msg)
{
    if (!rd->error) rd->error = msg;
}

static void field_put(struct reader *rd, char c)
{
    if (rd->field.len >= IMPORT_MAX_FIELD_BYTES) {
        if (!rd->field_overflow)
            reader_error(rd, arena_printf(rd->a, "trường thứ %d dài quá %d byte", rd->nfields + 1,
                                          IMPORT_MAX_FIELD_BYTES));
        rd->field_overflow = true;
        return;
    }
    buf_putc(&rd->field, c);
}

/* Finishes the current field: undoes our export's formula neutralisation, converts to NFC,
 * copies into the arena. */
static void field_push(struct reader *rd)
{
    rd->field_overflow = false;
    if (rd->nfields >= IMPORT_MAX_FIELDS) {
        if (!rd->record_overflow)
            reader_error(rd, arena_printf(rd->a, "bản ghi có quá %d trường", IMPORT_MAX_FIELDS));
        rd->record_overflow = true;
        buf_reset(&rd->field);
        return;
    }
    const char *s = buf_str(&rd->field);
    size_t n = rd->field.len;
    size_t skip = csv_neutral_prefix(s, n);
    s += skip;
    n -= skip;
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
    char *copy;
    if (ascii || n == 0) {
        copy = arena_strndup(rd->a, s, n);
    } else {
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m < 0) {  /* cannot happen on validated UTF-8; keep the bytes rather than lose them */
            copy = arena_strndup(rd->a, s, n);
        } else {
            copy = arena_strndup(rd->a, (const char *)nfc, (size_t)m);
            n = (size_t)m;
        }
        free(nfc);
    }
    if (rd->nfields == rd->cap) {
        rd->cap = rd->cap ? rd->cap * 2 : 16;
        rd->fields = xrealloc(rd->fields, sizeof *rd->fields * (size_t)rd->cap);
        rd->lens = xrealloc(rd->lens, sizeof *rd->lens * (size_t)rd->cap);
    }
    rd->fields[rd->nfields] = copy;
    rd->lens[rd->nfields] = n;
    rd->nfields++;
    buf_reset(&rd->field);
}

/* Consumes one line break at rd->pos (CRLF, LF or CR) and starts a new physical line. */
static void newline(struct reader *rd)
{
    if (rd->d[rd->pos] == '\r' && rd->pos + 1 < rd->len && rd->d[rd->pos + 1] == '\n') rd->pos += 2;
    else rd->pos++;
    rd->line++;
    rd->line_start = rd->pos;
}

static bool is_eol(char c) { return c == '\n' || c == '\r'; }

/* Reads one record starting at rd->pos. Returns false at the end of the data. */
static bool read_record(struct reader *rd, int *rec_line, bool *blank)
{
    if (rd->pos >= rd->len) return false;
    rd->nfields = 0;
    rd->error = NULL;
    rd->record_overflow = false;
    *rec_line = rd->line;
    bool any_quoted = false;
    for (;;) {
        buf_reset(&rd->field);
        if (rd->pos < rd->len && rd->d[rd->pos] == '"') {
            any_quoted = true;
            int open_line = rd->line;
            int open_col = column_of(rd->d, rd->line_start, rd->pos);
            size_t open_pos = rd->pos;
            rd->pos++;
            bool closed = false;
            while (rd->pos < rd->len) {
                char c = rd->d[rd->pos];
                if (c == '"') {
                    if (rd->pos + 1 < rd->len && rd->d[rd->pos + 1] == '"') {
                        field_put(rd, '"');
                        rd->pos += 2;
                        continue;
                    }
                    rd->pos++;
                    closed = true;
                    break;
                }
                if (is_eol(c)) {   /* a line break inside quotes belongs to the field, as LF */
                    field_put(rd, '\n');
                    newline(rd);
                    continue;
                }
                field_put(rd, c);
                rd->pos++;
            }
            if (!closed) {
                /* Unclosed quote: this record ends here; resume after the line the quote
                 * opened on, so the following lines are read as records of their own. */
                reader_error(rd, arena_printf(rd->a, "dấu ngoặc kép mở trường ở dòng %d, cột %d không "
                                                     "được đóng", open_line, open_col));
                size_t p = open_pos;
                while (p < rd->len && !is_eol(rd->d[p])) p++;
                /* keep the rest of that line as the field's text, for the report */
                buf_reset(&rd->field);
                buf_append(&rd->field, rd->d + open_pos + 1, p - open_pos - 1);
                field_push(rd);
                rd->pos = p;
                rd->line = open_line;
                if (p < rd->len) newline(rd);
                *blank = false;
                return true;
            }
            if (rd->pos < rd->len && rd->d[rd->pos] != rd->delim && !is_eol(rd->d[rd->pos])) {
                reader_error(rd, arena_printf(rd->a, "sau dấu ngoặc kép đóng trường ở dòng %d, cột %d còn "
                                                     "ký tự khác dấu phân cách; dấu ngoặc kép bên trong "
                                                     "trường phải viết đôi (\"\")", rd->line,
                                              column_of(rd->d, rd->line_start, rd->pos)));
                while (rd->pos < rd->len && rd->d[rd->pos] != rd->delim && !is_eol(rd->d[rd->pos]))
                    field_put(rd, rd->d[rd->pos++]);
            }
        } else {
            while (rd->pos < rd->len && rd->d[rd->pos] != rd->delim && !is_eol(rd->d[rd->pos])) {
                if (rd->d[rd->pos] == '"')
                    reader_error(rd, arena_printf(rd->a, "dấu ngoặc kép (\") ở dòng %d, cột %d nằm giữa "
                                                         "một trường không mở bằng ngoặc kép; hãy bao cả "
                                                         "trường trong ngoặc kép và viết \"\" cho mỗi dấu "
                                                         "ngoặc kép bên trong", rd->line,
                                                  column_of(rd->d, rd->line_start, rd->pos)));
                field_put(rd, rd->d[rd->pos++]);
            }
        }
        field_push(rd);
        if (rd->pos < rd->len && rd->d[rd->pos] == rd->delim) {
            rd->pos++;
            continue;
        }
        if (rd->pos < rd->len) newline(rd);
        break;
    }
    bool empty = !any_quoted && !rd->error;
    for (int i = 0; i < rd->nfields && empty; i++) empty = rd->lens[i] == 0;
    *blank = empty;
    return true;
}

int csv_read(arena *a, const char *data, size_t len, char delimiter, struct csv_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    if (!data) len = 0;
    if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                     ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
        doc->fatal = "tệp có dạng UTF-16 (Excel gọi là \"Unicode Text\"); hãy lưu lại dưới dạng \"CSV UTF-8\"";
        return -1;
    }
    size_t start = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *d = data + start;
    len -= start;
    size_t bad;
    if (!vn_utf8_valid(d, len, &bad)) {
        int line;
        size_t byte;
        line_of(d, bad, &line, &byte);
        doc->fatal = arena_printf(a, "tệp không phải văn bản UTF-8 hợp lệ: dòng %d, byte thứ %zu của dòng "
                                     "(byte thứ %zu của tệp). Có thể tệp được lưu bằng bảng mã cũ (TCVN3, VNI, "
                                     "Windows-1258): hãy lưu lại dưới dạng \"CSV UTF-8\"",
                                  line, byte, bad + start + 1);
        return -1;
    }
    const char *nul = memchr(d, 0, len);
    if (nul) {
        int line;
        size_t byte;
        line_of(d, (size_t)(nul - d), &line, &byte);
        doc->fatal = arena_printf(a, "tệp chứa ký tự NUL ở dòng %d, byte thứ %zu của dòng: đây không phải "
                                     "tệp văn bản CSV", line, byte);
        return -1;
    }
    struct reader rd = {.a = a, .d = d, .len = len, .line = 1};
    rd.delim = delimiter ? delimiter : detect_delimiter(d, len);
    doc->delimiter = rd.delim;
    struct csv_record *recs = NULL;
    int nrec = 0, cap = 0, rc = 0;
    int line;
    bool blank;
    while (read_record(&rd, &line, &blank)) {
        if (blank) continue;
        if (nrec >= IMPORT_MAX_RECORDS) {
            doc->fatal = arena_printf(a, "tệp có quá %d bản ghi; hãy chia thành nhiều tệp", IMPORT_MAX_RECORDS);
            rc = -1;
            break;
        }
        if (nrec == cap) {
            cap = cap ? cap * 2 : 64;
            recs = xrealloc(recs, sizeof *recs * (size_t)cap);
        }
        struct csv_record *r = &recs[nrec++];
        r->line = line;
        r->nfields = rd.nfields;
        const char **f = arena_alloc(a, sizeof *f * (size_t)(rd.nfields ? rd.nfields : 1));
        size_t *l = arena_alloc(a, sizeof *l * (size_t)(rd.nfields ? rd.nfields : 1));
        if (rd.nfields) {
            memcpy(f, rd.fields, sizeof *f * (size_t)rd.nfields);
            memcpy(l, rd.lens, sizeof *l * (size_t)rd.nfields);
        }
        r->fields = f;
        r->lens = l;
        r->error = rd.error;
    }
    if (nrec) {
        doc->records = arena_alloc(a, sizeof *recs * (size_t)nrec);
        memcpy(doc->records, recs, sizeof *recs * (size_t)nrec);
    }
    doc->nrecords = rc ? 0 : nrec;
    free(recs);
    free(rd.fields);
    free(rd.lens);
    buf_free(&rd.field);
    return rc;
}

/* ---- header mapping ---- */
void import_header_key(const char *s, size_t len, buf *out)
{
    buf folded = {0};
    vn_fold(s, len, &folded);
    bool pending = false;
    size_t start = out->len;
    for (size_t i = 0; i < folded.len; i++) {
        unsigned char c = (unsigned char)folded.data[i];
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (!keep) { pending = true; continue; }
        if (pending && out->len > start) buf_putc(out, '_');
        pending = false;
        buf_putc(out, (char)c);
    }
    buf_free(&folded);
}

static bool alias_matches(const char *names, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = names; *p;) {
        size_t n = strcspn(p, "|");
        if (n == klen && memcmp(p, key, n) == 0) return true;
        p += n;
        if (*p == '|') p++;
    }
    return false;
}

static const char *canonical_name(arena *a, const char *names)
{
    return arena_strndup(a, names, strcspn(names, "|"));
}

/* Fills map (ncols entries); returns NULL or a message for a header the importer cannot use. */
static const char *map_header(arena *a, const struct import_spec *spec, const struct csv_record *hdr, int *map)
{
    for (int c = 0; c < spec->ncolumns; c++) map[c] = -1;
    if (hdr->error) return arena_printf(a, "dòng tiêu đề (dòng %d) sai định dạng: %s", hdr->line, hdr->error);
    buf key = {0};
    const char *err = NULL;
    for (int f = 0; f < hdr->nfields && !err; f++) {
        buf_reset(&key);
        import_header_key(hdr->fields[f], hdr->lens[f], &key);
        if (!key.len) {
            err = arena_printf(a, "cột thứ %d của dòng tiêu đề (dòng %d) không có tên", f + 1, hdr->line);
            break;
        }
        int found = -1;
        for (int c = 0; c < spec->ncolumns && found < 0; c++)
            if (alias_matches(spec->columns[c].names, buf_str(&key))) found = c;
        if (found < 0) {
            buf names = {0};
            for (int c = 0; c < spec->ncolumns; c++) {
                if (c) buf_puts(&names, ", ");
                buf_puts(&names, canonical_name(a, spec->columns[c].names));
            }
            err = arena_printf(a, "cột \"%s\" (cột thứ %d của dòng tiêu đề) không được hỗ trợ; các cột nhận "
                                  "được: %s", hdr->fields[f], f + 1, buf_str(&names));
            buf_free(&names);
        } else if (map[found] >= 0) {
            err = arena_printf(a, "cột \"%s\" có hai lần trong dòng tiêu đề (cột thứ %d và %d)",
                               canonical_name(a, spec->columns[found].names), map[found] + 1, f + 1);
        } else {
            map[found] = f;
        }
    }
    for (int c = 0; c < spec->ncolumns && !err; c++)
        if (spec->columns[c].required && map[c] < 0)
            err = arena_printf(a, "dòng tiêu đề thiếu cột bắt buộc \"%s\"", canonical_name(a, spec->columns[c].names));
    buf_free(&key);
    return err;
}

const char *import_get(const struct import_row *row, int col)
{
    int f = row->map[col];
    if (f < 0 || f >= row->rec->nfields || row->rec->lens[f] == 0) return NULL;
    return row->rec->fields[f];
}

const char *import_outcome_name(enum import_outcome o)
{
    switch (o) {
    case IMPORT_ACCEPTED: return "accepted";
    case IMPORT_DUPLICATE: return "duplicate";
    case IMPORT_REJECTED: return "rejected";
    default: return "failed";
    }
}

/* ---- running ---- */
static void report_add(arena *a, struct import_report *rep, const struct import_line *l)
{
    if (rep->nlines == rep->cap) {
        int cap = rep->cap ? rep->cap * 2 : 64;
        struct import_line *n = arena_alloc(a, sizeof *n * (size_t)cap);
        if (rep->nlines) memcpy(n, rep->lines, sizeof *n * (size_t)rep->nlines);
        rep->lines = n;
        rep->cap = cap;
    }
    rep->lines[rep->nlines++] = *l;
    rep->total++;
    if (l->outcome == IMPORT_ACCEPTED) rep->accepted++;
    else if (l->outcome == IMPORT_DUPLICATE) rep->duplicate++;
    else rep->rejected++;
}

/* The single audit entry of an import, through the audit module's helper (file, sha256, counts). */
static int64_t import_audit(store *s, int64_t user_id, const char *login, const char *entity,
                            const struct import_report *rep)
{
    struct audit_counts c = {rep->accepted, rep->duplicate, rep->rejected};
    return audit_import(s, user_id, login, entity, rep->file_name ? rep->file_name : "", rep->sha256, c);
}

/* n with dots between thousands, as Vietnamese writes counts ("50.001"), in the arena. */
static const char *count_text(arena *a, int64_t n)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? 0 : n));
    buf b = {0};
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0) buf_putc(&b, '.');
        buf_putc(&b, digits[i]);
    }
    const char *r = arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return r;
}

/* The data records of a CSV file counted without reading them (the quota is checked before an
 * oversized file costs a parse): a record ends at a line break outside double quotes, a line of
 * nothing but separators is blank, the first record is the header. Never more than csv_read
 * finds, except in a malformed file (an unclosed quote hides the rest), which the exact check
 * after csv_read catches. */
static int64_t quick_data_records(const char *d, size_t len)
{
    int64_t n = 0;
    bool quoted = false, content = false;
    for (size_t i = 0; i < len; i++) {
        char c = d[i];
        if (c == '"') { quoted = !quoted; content = true; }
        else if (!quoted && (c == '\n' || c == '\r')) { n += content; content = false; }
        else if (c != ',' && c != ';' && c != '\t') content = true;
    }
    n += content;
    return n > 0 ? n - 1 : 0;
}

static const char *quota_message(arena *a, const struct import_quota *q, int64_t lines)
{
    return arena_printf(a, "tệp có %s dòng dữ liệu, nhiều hơn giới hạn %s dòng cho một lần nhập (thiết lập %s); hãy chia "
                           "tệp thành nhiều phần, hoặc đề nghị quản trị viên nâng giới hạn", count_text(a, lines),
                        count_text(a, q->max_rows), q->setting ? q->setting : "");
}

/* One pass of checks over the data records, into rep (emptied first). */
/* The thread's progress hook (import_set_progress): a job's, around its import. */
static _Thread_local import_progress_fn progress_fn;
static _Thread_local void *progress_ctx;

void import_set_progress(import_progress_fn fn, void *ctx)
{
    progress_fn = fn;
    progress_ctx = ctx;
}

/* False when the hook asks to stop. */
static bool progress(int checked, int total, const char *stage)
{
    return !progress_fn || progress_fn(progress_ctx, checked, total, stage);
}

static int check_pass(store *s, arena *a, const struct import_spec *spec, const struct csv_doc *doc, const int *map,
                      struct import_report *rep)
{
    rep->nlines = rep->total = rep->accepted = rep->duplicate = rep->rejected = 0;
    if (spec->reset) spec->reset(spec->ctx);
    const struct csv_record *hdr = &doc->records[0];
    for (int i = 1; i < doc->nrecords; i++) {
        const struct csv_record *rec = &doc->records[i];
        struct import_line line = {.line = rec->line, .outcome = IMPORT_REJECTED};
        if (rec->error) {
            line.message = rec->error;
        } else if (rec->nfields != hdr->nfields) {
            line.message = arena_printf(a, "dòng có %d trường nhưng dòng tiêu đề có %d", rec->nfields, hdr->nfields);
        } else {
            struct import_row row = {rec->line, rec, map, spec->columns};
            line.outcome = spec->check(spec->ctx, s, a, &row, &line);
            if (line.outcome == IMPORT_FAILED || line.outcome == IMPORT_CONFLICT) return STORE_ERR;
        }
        report_add(a, rep, &line);
        if (i % IMPORT_PROGRESS_EVERY == 0 && !progress(i, doc->nrecords - 1, "Đang kiểm tra từng dòng")) return STORE_DONE;
    }
    return STORE_OK;
}

static void fill_same_as(struct import_report *rep);

/* Writes the accepted lines of rep (inside the caller's write transaction) and fills the ids of
 * the duplicates of earlier lines. IMPORT_ACCEPTED, IMPORT_CONFLICT or IMPORT_FAILED. */
static enum import_outcome write_pass(store *s, arena *a, const struct import_spec *spec, struct import_report *rep)
{
    enum import_outcome o = spec->write(spec->ctx, s, a, rep->lines, rep->nlines);
    if (o != IMPORT_ACCEPTED) return o == IMPORT_CONFLICT ? o : IMPORT_FAILED;
    fill_same_as(rep);
    return IMPORT_ACCEPTED;
}

/* The ids of the duplicates of earlier lines of the same file, once those lines are written. */
static void fill_same_as(struct import_report *rep)
{
    /* Lines are in file order, so the line a duplicate repeats is found by binary search. */
    for (int i = 0; i < rep->nlines; i++) {
        struct import_line *l = &rep->lines[i];
        if (l->outcome != IMPORT_DUPLICATE || !l->same_as) continue;
        int lo = 0, hi = i - 1;
        while (lo <= hi) {
            int mid = (lo + hi) / 2;
            if (rep->lines[mid].line == l->same_as) { l->id = rep->lines[mid].id; break; }
            if (rep->lines[mid].line < l->same_as) lo = mid + 1;
            else hi = mid - 1;
        }
    }
}

/* ---- the batched write (import.h: import_run_batched) ---- */

/* host:pid of this process, as import_batch.runner (and job.runner) hold it. */
static void self_runner(char out[300])
{
    char host[256] = {0};
    if (gethostname(host, sizeof host - 1) != 0) snprintf(host, sizeof host, "unknown");
    snprintf(out, 300, "%s:%ld", host, (long)getpid());
}

static void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

/* The batches this process is writing now: recovery in the same process (another thread's
 * import, or a server start with the same pid as a dead process) must tell them from a dead
 * process's batch, which the pid alone cannot. */
#define ACTIVE_BATCHES_MAX 64
static pthread_mutex_t batch_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t active_batches[ACTIVE_BATCHES_MAX];

static void active_set(int64_t id, bool on)
{
    pthread_mutex_lock(&batch_mu);
    int i = 0;
    for (; i < ACTIVE_BATCHES_MAX; i++) {
        if (on ? active_batches[i] == 0 : active_batches[i] == id) {
            active_batches[i] = on ? id : 0;
            break;
        }
    }
    pthread_mutex_unlock(&batch_mu);
    /* Unrecorded, a recovery in this process could discard the batch: its next write then finds
     * the batch no longer staged and the import fails whole, never half-written. */
    if (on && i == ACTIVE_BATCHES_MAX)
        log_error("import batch %lld: more than %d batched imports at once in this process", (long long)id, ACTIVE_BATCHES_MAX);
}

static bool active_has(int64_t id)
{
    bool found = false;
    pthread_mutex_lock(&batch_mu);
    for (int i = 0; i < ACTIVE_BATCHES_MAX && !found; i++) found = active_batches[i] == id;
    pthread_mutex_unlock(&batch_mu);
    return found;
}

/* The discard function of each entity's batches, for recovery after the importer's process died. */
#define DISCARDERS_MAX 32
static struct { char entity[64]; import_discard_fn fn; } discarders[DISCARDERS_MAX];

void import_batch_register(const char *entity, import_discard_fn discard)
{
    pthread_mutex_lock(&batch_mu);
    int slot = -1;
    for (int i = 0; i < DISCARDERS_MAX && slot < 0; i++)
        if (!discarders[i].fn || strcmp(discarders[i].entity, entity) == 0) slot = i;
    if (slot >= 0) {
        snprintf(discarders[slot].entity, sizeof discarders[slot].entity, "%s", entity);
        discarders[slot].fn = discard;
    } else {
        log_error("import_batch_register(%s): more than %d importers; its dead batches will not be recovered", entity,
                  DISCARDERS_MAX);
    }
    pthread_mutex_unlock(&batch_mu);
}

static import_discard_fn discarder_of(const char *entity)
{
    import_discard_fn fn = NULL;
    pthread_mutex_lock(&batch_mu);
    for (int i = 0; i < DISCARDERS_MAX && discarders[i].fn && !fn; i++)
        if (strcmp(discarders[i].entity, entity) == 0) fn = discarders[i].fn;
    pthread_mutex_unlock(&batch_mu);
    return fn;
}

/* Discards batch `id`: first its state becomes 'discarded' (one short transaction; its rows were
 * invisible already and stay so), then its rows are deleted `per` at a time, each step its own
 * transaction with a pause between, and the batch is marked cleared. A published batch is never
 * touched. 0, or -1 (the batch stays staged or discarded-not-cleared, its rows invisible, for
 * the next recovery). */
static int discard_batch(store *s, import_discard_fn discard, int64_t id, int per)
{
    char at[21];
    iso_time(now_unix(), at);
    char *state = NULL;
    arena a = {0};
    if (store_begin(s) != STORE_OK) return -1;
    if (store_exec(s, "UPDATE import_batch SET state = 'discarded', finished_at = $1 WHERE id = $2 AND state = 'staged'",
                   "ti", at, id) != STORE_OK ||
        store_text(s, &state, &a, "SELECT state FROM import_batch WHERE id = $1", "i", id) < 0 ||
        (state && strcmp(state, "discarded") != 0)) {
        if (state && strcmp(state, "discarded") != 0)
            log_error("import batch %lld is %s, not discarded: its rows are kept", (long long)id, state);
        store_rollback(s);
        arena_free(&a);
        return -1;
    }
    arena_free(&a);
    if (store_commit(s) != STORE_OK) { store_rollback(s); return -1; }
    for (;;) {
        if (store_begin(s) != STORE_OK) return -1;
        int n = discard(s, id, per);
        if (n < 0 || store_commit(s) != STORE_OK) { store_rollback(s); return -1; }
        if (n < per) break;
        pause_ms(IMPORT_BATCH_PAUSE_MS);
    }
    if (store_begin(s) != STORE_OK) return -1;
    if (store_exec(s, "UPDATE import_batch SET cleared = 1 WHERE id = $1", "i", id) != STORE_OK || store_commit(s) != STORE_OK) {
        store_rollback(s);
        return -1;
    }
    log_info("import batch %lld discarded", (long long)id);
    return 0;
}

/* The dead-runner rule of import_batch_recover (the same as jobs', plus the batches this very
 * process is writing). */
static bool batch_runner_dead(int64_t id, const char *runner, const char *heartbeat_at, const char *self,
                              const char *stale_before)
{
    const char *colon = strrchr(runner, ':');
    const char *self_colon = strrchr(self, ':');
    int64_t pid = 0;
    if (!colon || !parse_int64(colon + 1, &pid) || pid <= 0) return true;   /* unreadable: nobody writes it */
    bool same_host = self_colon && colon - runner == self_colon - self && !strncmp(runner, self, (size_t)(colon - runner));
    if (same_host) {
        if (pid == (int64_t)getpid()) return !active_has(id);
        return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
    }
    return !heartbeat_at || strcmp(heartbeat_at, stale_before) < 0;
}

int import_batch_recover(store *s)
{
    char self[300], stale[21];
    self_runner(self);
    iso_time(now_unix() - IMPORT_BATCH_STALE_S, stale);
    arena a = {0};
    struct dead { int64_t id; const char *entity; } *dead = NULL;
    int n = 0, cap = 0, cleared = 0;
    stmt *q = store_query(s, "SELECT id, entity, runner, heartbeat_at FROM import_batch "
                             "WHERE state = 'staged' OR (state = 'discarded' AND cleared = 0) ORDER BY id", "");
    int rc = q ? STORE_OK : STORE_ERR;
    while (q && (rc = stmt_step(q)) == STORE_ROW) {
        int64_t id = stmt_int64(q, 0);
        if (!batch_runner_dead(id, stmt_text(q, 2) ? stmt_text(q, 2) : "", stmt_text(q, 3), self, stale)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            struct dead *grown = arena_alloc(&a, (size_t)cap * sizeof *grown);
            if (n) memcpy(grown, dead, (size_t)n * sizeof *grown);
            dead = grown;
        }
        dead[n++] = (struct dead){id, stmt_text_dup(q, 1, &a)};
    }
    stmt_finalize(q);
    store_end_read(s);
    if (rc < 0) { arena_free(&a); return -1; }
    int failed = 0;
    for (int i = 0; i < n; i++) {
        import_discard_fn fn = discarder_of(dead[i].entity);
        if (!fn) {
            log_error("import batch %lld (%s) of a dead importer is left staged (its rows stay invisible): no "
                      "discard function is registered for %s", (long long)dead[i].id, dead[i].entity, dead[i].entity);
            continue;
        }
        if (discard_batch(s, fn, dead[i].id, IMPORT_BATCH_LINES) == 0) cleared++;
        else failed++;
    }
    if (cleared) log_info("import: %d batch(es) left by dead importers discarded", cleared);
    arena_free(&a);
    return failed ? -1 : cleared;
}

enum { BATCHES_PUBLISHED = 0, BATCHES_CONFLICT = 1, BATCHES_STOPPED = 2, BATCHES_FAILED = -1 };

/* The write of an unlocked pass in batches, then the publish (above, import.h). On anything but
 * BATCHES_PUBLISHED, whatever was staged is discarded before returning. */
static int write_batches(store *s, arena *a, const struct import_spec *spec, const struct import_batching *b,
                         int64_t user_id, const char *login, struct import_report *rep)
{
    /* A fixed size when the importer asks for one; otherwise sized by the time a batch holds the
     * lock: the first 1,000 lines measure the machine's pace (a small first batch: on a slow,
     * loaded machine a statement import's first 4,000 lines held the lock 4.5 s), and each next
     * batch aims at IMPORT_BATCH_TARGET_MS (a loaded machine writes fewer lines per batch). */
    bool fixed = b->batch_lines > 0;
    int most = fixed ? b->batch_lines : IMPORT_BATCH_LINES, per = fixed ? most : 1000;
    char runner[300], at[21];
    self_runner(runner);
    rep->batches = 0;
    rep->batch_id = 0;
    rep->write_ms = rep->longest_hold_ms = 0;
    int64_t id = 0;
    bool registered = false;                     /* the batch row is committed */
    int written = 0, start = 0, result = BATCHES_PUBLISHED;
    while (start < rep->nlines && written < rep->accepted) {
        int end = start, n = 0;
        while (end < rep->nlines && n < per)
            if (rep->lines[end++].outcome == IMPORT_ACCEPTED) n++;
        if (store_begin(s) != STORE_OK) { result = BATCHES_FAILED; break; }
        int64_t t0 = now_ms();
        iso_time(now_unix(), at);
        int rc = 1;
        if (!registered) {
            rc = store_int64(s, &id, "INSERT INTO import_batch(entity, file_name, sha256, user_id, user_login, runner, "
                                     "heartbeat_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                             "tttittt", spec->entity, rep->file_name, rep->sha256, user_id, login ? login : "", runner, at);
            if (rc == 1) active_set(id, true);
        }
        enum import_outcome o = rc == 1 ? b->write_batch(spec->ctx, s, a, id, rep->lines + start, end - start) : IMPORT_FAILED;
        /* A batch someone else discarded (a recovery that judged this runner dead) is not written to. */
        if (o == IMPORT_ACCEPTED &&
            (store_exec(s, "UPDATE import_batch SET heartbeat_at = $1, staged_lines = $2 WHERE id = $3 AND state = 'staged'",
                        "tIi", at, written + n, id) != STORE_OK || store_changes(s) != 1))
            o = IMPORT_FAILED;
        if (o != IMPORT_ACCEPTED || store_commit(s) != STORE_OK) {
            if (o == IMPORT_FAILED || o == IMPORT_ACCEPTED)
                log_error("import %s: batch %d failed: %s", rep->file_name, rep->batches + 1, store_errmsg(s));
            store_rollback(s);
            if (!registered && id) { active_set(id, false); id = 0; }
            result = o == IMPORT_CONFLICT ? BATCHES_CONFLICT : BATCHES_FAILED;
            break;
        }
        registered = true;
        double held = (double)(now_ms() - t0);
        rep->write_ms += held;
        if (held > rep->longest_hold_ms) rep->longest_hold_ms = held;
        if (!fixed) {
            double next = (double)n * IMPORT_BATCH_TARGET_MS / (held > 1 ? held : 1);
            per = next >= most ? most : next <= IMPORT_BATCH_MIN_LINES ? IMPORT_BATCH_MIN_LINES : (int)next;
        }
        rep->batches++;
        rep->batch_id = id;
        written += n;
        start = end;
        if (written < rep->accepted) {
            if (!progress(written, rep->accepted, IMPORT_STAGE_BATCHES)) { result = BATCHES_STOPPED; break; }
            pause_ms(IMPORT_BATCH_PAUSE_MS);
        }
    }
    if (result == BATCHES_PUBLISHED) {
        /* Publish: the batch's state makes its rows visible at once; the one audit entry. */
        int64_t t0 = now_ms();
        iso_time(now_unix(), at);
        bool ok = store_begin(s) == STORE_OK;
        ok = ok && store_exec(s, "UPDATE import_batch SET state = 'published', finished_at = $1 WHERE id = $2 AND state = 'staged'",
                              "ti", at, id) == STORE_OK && store_changes(s) == 1;
        ok = ok && (!b->publish || b->publish(spec->ctx, s, id) == 0);
        ok = ok && (rep->audit_id = import_audit(s, user_id, login, spec->entity, rep)) > 0;
        ok = ok && store_commit(s) == STORE_OK;
        if (ok) {
            double held = (double)(now_ms() - t0);
            rep->write_ms += held;
            if (held > rep->longest_hold_ms) rep->longest_hold_ms = held;
        } else {
            log_error("import %s: publishing batch %lld failed: %s", rep->file_name, (long long)id, store_errmsg(s));
            store_rollback(s);
            rep->audit_id = 0;
            result = BATCHES_FAILED;
        }
    }
    if (result != BATCHES_PUBLISHED && registered && discard_batch(s, b->discard, id, most) != 0)
        log_error("import %s: batch %lld could not be discarded now; its rows stay invisible until recovery",
                  rep->file_name, (long long)id);
    if (id) active_set(id, false);
    return result;
}

/* Waits until no other import of `entity` has a staged batch: after a conflict with one (the same
 * lines being imported twice at once, from two pages or a page and the CLI), checking again before
 * it is published would find its lines still invisible and conflict again. Dead importers' batches
 * are discarded on the way (import_batch_recover); the progress hook can stop the wait. True when
 * none is left; false when stopped or after IMPORT_WAIT_OTHERS_S. */
static bool wait_for_other_batches(store *s, const struct import_spec *spec, struct import_report *rep)
{
    int64_t until = now_ms() + (int64_t)IMPORT_WAIT_OTHERS_S * 1000;
    for (;;) {
        int64_t staged = 0;
        if (store_int64(s, &staged, "SELECT count(*) FROM import_batch WHERE entity = $1 AND state = 'staged'", "t",
                        spec->entity) != 1)
            return false;
        if (staged == 0) return true;
        if (now_ms() > until) return false;
        if (!progress(0, rep->accepted, IMPORT_STAGE_WAITING)) return false;
        struct timespec ts = {0, 200 * 1000000L};
        nanosleep(&ts, NULL);
        if (import_batch_recover(s) < 0) log_error("import %s: recovery of dead batches failed: %s", rep->file_name, store_errmsg(s));
    }
}

/* ---- the runner ---- */
static int run_import(store *s, arena *a, const struct import_spec *spec, const struct import_batching *batching,
                      int64_t user_id, const char *login, const char *file_name, const char *data, size_t len,
                      unsigned flags, const char *sheet, struct import_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->file_name = arena_strdup(a, file_name ? file_name : "");
    rep->skip_bad = (flags & IMPORT_SKIP_BAD) != 0;
    rep->dry_run = (flags & IMPORT_DRY_RUN) != 0;
    sha256_hex(data ? data : "", data ? len : 0, rep->sha256);
    const struct import_quota *quota = spec->quota && spec->quota->max_rows > 0 ? spec->quota : NULL;
    bool xlsx = xlsx_sniff(data, len);
    if (data && len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        rep->fatal = "tệp là bảng tính Excel 97–2003 (.xls), không được hỗ trợ; hãy lưu lại dưới dạng "
                     "\"Sổ làm việc Excel (.xlsx)\" hoặc \"CSV UTF-8\"";
        return 0;
    }
    /* A CSV's records are counted before it is parsed; an XLSX's rows only once read (its reader
     * has its own limits on size, cells and rows). */
    int64_t quick = quota && !xlsx ? quick_data_records(data ? data : "", data ? len : 0) : 0;
    if (quota && quick > quota->max_rows) {
        rep->fatal = quota_message(a, quota, quick);
        return 0;
    }
    struct csv_doc doc;
    if (xlsx ? xlsx_read(a, data, len, sheet, &doc) != 0 : csv_read(a, data, len, 0, &doc) != 0) {
        rep->fatal = doc.fatal;
        return 0;
    }
    if (doc.nrecords == 0) {
        rep->fatal = "tệp rỗng: cần một dòng tiêu đề và ít nhất một dòng dữ liệu";
        return 0;
    }
    if (quota && doc.nrecords - 1 > quota->max_rows) {
        rep->fatal = quota_message(a, quota, doc.nrecords - 1);
        return 0;
    }
    int *map = arena_alloc(a, sizeof *map * (size_t)(spec->ncolumns ? spec->ncolumns : 1));
    const char *herr = map_header(a, spec, &doc.records[0], map);
    if (herr) {
        rep->fatal = herr;
        return 0;
    }
    if (doc.nrecords == 1) {
        rep->fatal = "tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào";
        return 0;
    }
    /* Inside a caller's write transaction there is no lock to spare: one locked pass. */
    bool inside = store_tx_depth(s) > 0;
    if (batching && (inside || rep->dry_run)) batching = NULL;
    /* A batched import first clears what dead importers left (one indexed look-up when nothing). */
    if (batching) {
        import_batch_register(spec->entity, batching->discard);
        if (import_batch_recover(s) < 0) log_error("import %s: recovery of dead batches failed: %s", rep->file_name, store_errmsg(s));
    }
    for (int pass = inside ? IMPORT_RETRIES : 0;; pass++) {
        bool locked = pass >= IMPORT_RETRIES;
        rep->passes++;
        if (locked ? store_begin(s) != STORE_OK : store_begin_read(s) != STORE_OK) return STORE_ERR;
        int64_t t0 = now_ms(), held_since = t0;   /* the write lock, for a locked pass */
        int checked = check_pass(s, a, spec, &doc, map, rep);
        if (checked == STORE_DONE || (checked == STORE_OK && !progress(doc.nrecords - 1, doc.nrecords - 1, "Đang ghi vào cơ sở dữ liệu"))) {
            /* Stopped by the progress hook (a cancelled job): nothing was written. */
            if (locked) store_rollback(s);
            else store_end_read(s);
            rep->fatal = IMPORT_STOPPED_MESSAGE;
            return 0;
        }
        if (checked != STORE_OK) goto failed;
        rep->check_ms = (double)(now_ms() - t0);
        bool write = rep->accepted > 0 && !rep->dry_run && (rep->rejected == 0 || rep->skip_bad);
        if (!write) {
            if (locked) store_rollback(s);
            else store_end_read(s);
            return 0;
        }
        if (!locked && batching) {
            store_end_read(s);
            int done = write_batches(s, a, spec, batching, user_id, login, rep);
            if (done == BATCHES_CONFLICT) {
                log_info("import %s: another writer changed the database between batches (pass %d); checking again "
                         "once no other import of the same kind is being written", rep->file_name, rep->passes);
                if (!wait_for_other_batches(s, spec, rep)) {
                    rep->fatal = IMPORT_BUSY_MESSAGE;
                    return 0;
                }
                continue;
            }
            if (done == BATCHES_STOPPED) {
                rep->fatal = IMPORT_STOPPED_MESSAGE;
                return 0;
            }
            if (done != BATCHES_PUBLISHED) return STORE_ERR;
            fill_same_as(rep);
            rep->written = true;
            log_info("import %s: %d lines written in %d batches, checked in %.0f ms, write lock held %.0f ms in all, "
                     "%.0f ms at most, %d pass(es)", rep->file_name, rep->accepted, rep->batches, rep->check_ms,
                     rep->write_ms, rep->longest_hold_ms, rep->passes);
            return 0;
        }
        if (!locked) {
            store_end_read(s);
            if (store_begin(s) != STORE_OK) return STORE_ERR;
            held_since = now_ms();
        }
        enum import_outcome o = write_pass(s, a, spec, rep);
        if (o == IMPORT_CONFLICT && !locked) {
            store_rollback(s);
            log_info("import %s: the database changed during the check (pass %d); checking again", rep->file_name,
                     rep->passes);
            continue;
        }
        if (o == IMPORT_CONFLICT) {
            /* the locked pass still met another import's staged lines (one that began since the wait) */
            store_rollback(s);
            rep->fatal = IMPORT_BUSY_MESSAGE;
            return 0;
        }
        if (o != IMPORT_ACCEPTED) goto failed;
        rep->audit_id = import_audit(s, user_id, login, spec->entity, rep);
        if (rep->audit_id < 0 || store_commit(s) != STORE_OK) goto failed;
        rep->write_ms = (double)(now_ms() - held_since);
        rep->written = true;
        /* The single transaction of a batched import's last resort counts as its one batch. */
        rep->batches = 0;
        rep->batch_id = 0;
        rep->longest_hold_ms = rep->write_ms;
        log_info("import %s: %d lines written, checked in %.0f ms, write lock held %.0f ms, %d pass(es)", rep->file_name,
                 rep->accepted, rep->check_ms, rep->write_ms, rep->passes);
        return 0;
    }
failed:
    store_rollback(s);
    store_end_read(s);
    return STORE_ERR;
}

int import_run(store *s, arena *a, const struct import_spec *spec, int64_t user_id, const char *login,
               const char *file_name, const char *data, size_t len, unsigned flags,
               struct import_report *rep)
{
    return run_import(s, a, spec, NULL, user_id, login, file_name, data, len, flags, NULL, rep);
}

int import_run_sheet(store *s, arena *a, const struct import_spec *spec, int64_t user_id, const char *login,
                     const char *file_name, const char *data, size_t len, unsigned flags, const char *sheet,
                     struct import_report *rep)
{
    return run_import(s, a, spec, NULL, user_id, login, file_name, data, len, flags, sheet, rep);
}

int import_run_batched(store *s, arena *a, const struct import_spec *spec, const struct import_batching *batching,
                       int64_t user_id, const char *login, const char *file_name, const char *data, size_t len,
                       unsigned flags, const char *sheet, struct import_report *rep)
{
    return run_import(s, a, spec, batching, user_id, login, file_name, data, len, flags, sheet, rep);
}

/* ---- presentations ---- */
/* The one-sentence verdict, the same on every face. */
const char *import_report_summary(arena *a, const struct import_report *rep, const char **kind)
{
    if (rep->fatal) {
        *kind = "error";
        return arena_printf(a, "Không nhập được tệp: %s.", rep->fatal);
    }
    if (rep->dry_run) {
        *kind = "info";
        return arena_printf(a, "Chạy thử, không ghi gì. Nếu nhập thật: %d dòng mới, %d dòng trùng, %d dòng bị "
                               "từ chối%s.", rep->accepted, rep->duplicate, rep->rejected,
                            rep->rejected && !rep->skip_bad ? " (khi đó sẽ không có gì được ghi)" : "");
    }
    if (rep->written) {
        *kind = "ok";
        return arena_printf(a, "Đã nhập %d dòng mới; %d dòng trùng được bỏ qua; %d dòng bị từ chối.",
                            rep->accepted, rep->duplicate, rep->rejected);
    }
    if (rep->rejected) {
        *kind = "error";
        return arena_printf(a, "Không có gì được ghi vì %d dòng bị từ chối (%d dòng hợp lệ, %d dòng trùng). Hãy "
                               "sửa các dòng dưới đây rồi nhập lại, hoặc chọn bỏ qua các dòng lỗi.",
                            rep->rejected, rep->accepted, rep->duplicate);
    }
    *kind = "info";
    return arena_printf(a, "Không có dòng mới: cả %d dòng đều đã có trong hệ thống (tệp này có thể đã được "
                           "nhập trước đó). Không có gì được ghi.", rep->duplicate);
}

json_t *import_report_json(const struct import_report *rep)
{
    json_t *lines = json_array();
    for (int i = 0; i < rep->nlines; i++) {
        const struct import_line *l = &rep->lines[i];
        json_t *o = json_pack("{s:i, s:s}", "line", l->line, "outcome", import_outcome_name(l->outcome));
        if (l->field) json_object_set_new(o, "field", json_string(l->field));
        if (l->message) json_object_set_new(o, "message", json_string(l->message));
        if (l->id) json_object_set_new(o, "id", json_integer(l->id));
        json_array_append_new(lines, o);
    }
    json_t *o = json_pack("{s:s, s:s, s:b, s:b, s:b, s:i, s:i, s:i, s:i, s:o}", "file", rep->file_name ? rep->file_name : "",
                          "sha256", rep->sha256, "written", rep->written, "dry_run", rep->dry_run,
                          "skip_bad", rep->skip_bad, "total", rep->total, "accepted", rep->accepted,
                          "duplicate", rep->duplicate, "rejected", rep->rejected, "lines", lines);
    json_object_set_new(o, "fatal", rep->fatal ? json_string(rep->fatal) : json_null());
    arena a = {0};
    const char *kind;
    json_object_set_new(o, "summary", json_string(import_report_summary(&a, rep, &kind)));
    arena_free(&a);
    if (rep->audit_id > 0) json_object_set_new(o, "audit_id", json_integer(rep->audit_id));
    /* How the import shared the database: passes of checks (more than one when another writer
     * changed what a line depended on) and how long the write lock was held. */
    json_object_set_new(o, "passes", json_integer(rep->passes));
    json_object_set_new(o, "check_ms", json_integer((json_int_t)rep->check_ms));
    json_object_set_new(o, "write_ms", json_integer((json_int_t)rep->write_ms));
    if (rep->batches) {   /* a batched write: how many transactions, and the longest hold */
        json_object_set_new(o, "batches", json_integer(rep->batches));
        json_object_set_new(o, "longest_hold_ms", json_integer((json_int_t)rep->longest_hold_ms));
    }
    return o;
}

void import_report_print(FILE *out, const struct import_report *rep, bool verbose)
{
    arena a = {0};
    for (int i = 0; i < rep->nlines; i++) {
        const struct import_line *l = &rep->lines[i];
        if (!verbose && l->outcome == IMPORT_ACCEPTED) continue;
        fprintf(out, "dòng %d: %s", l->line, import_outcome_name(l->outcome));
        if (l->field) fprintf(out, ", cột %s", l->field);
        if (l->message) fprintf(out, ": %s", l->message);
        fputc('\n', out);
    }
    const char *kind;
    fprintf(out, "%s\n", import_report_summary(&a, rep, &kind));
    arena_free(&a);
}
