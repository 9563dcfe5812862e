/* statement.c: bank-statement import into a fund. A profile (built in, or --map) says how a line
 * splits (the first `head` fields, the message with whatever commas it holds, the last `tail`
 * fields) and which column is the date, time, amount, message, reference and bank. The file
 * (CSV, gzip-compressed CSV, or XLSX: its first sheet) is first rewritten line for line into a strict CSV of those
 * columns, so the shared import runner (import.h) reads it with the file's own line numbers and
 * gives the usual atomic, per-line report; a line the profile cannot split stays in place as a
 * rejected line naming why.
 *
 * Identity of a line: what it says (date, time, amount, bank, message) and its occurrence among
 * identical lines of its file. Twins — distinct transfers with the same time and amount — have
 * different messages or occurrences, so each counts; the same file imported again finds every
 * key and adds nothing.
 *
 * Reconciliation (the match rule): a line whose key is new, with a time, is the same transfer
 * as a donation of the fund with the same bank column, date, time to the second (0:54:05 =
 * 00:54:05) and amount that no earlier line of this file has claimed; among several such
 * donations (twins) the lowest id is taken, in file order. The match is certain when exactly one
 * donation was available and no earlier line of the file matched in that group; otherwise it is
 * queued for review (fund_review, kind statement_match). Lines without a time are never matched
 * to another statement's transfers (a day and an amount alone would merge real gifts). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "export.h"
#include "fund.h"
#include "fund_internal.h"
#include "vn_calendar.h"

static const struct statement_profile builtin_profiles[] = {
    /* The public statements of 2024 (../shared/data/bank-statements): date,bank,id,money,desc,page
     * with "dd/mm hh:mm:ss" (or "dd/mm") and no year; desc may hold commas in other files. */
    {"saoke", true, 4, 1, 1, 1, 4, 5, 0, 2},
};

const struct statement_profile *statement_profile_find(const char *name)
{
    for (size_t i = 0; i < countof(builtin_profiles); i++)
        if (str_eq(builtin_profiles[i].name, name)) return &builtin_profiles[i];
    return NULL;
}

bool statement_profile_parse(arena *a, const char *spec, struct statement_profile *out, const char **why)
{
    memset(out, 0, sizeof *out);
    out->name = "map";
    out->header = true;
    const char *p = spec ? spec : "";
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        if (!eq) { *why = arena_printf(a, "--map: \"%.*s\" không có dạng tên=số", (int)n, p); return false; }
        size_t kn = (size_t)(eq - p);
        char val[16];
        size_t vn = n - kn - 1;
        if (vn == 0 || vn >= sizeof val) { *why = arena_printf(a, "--map: giá trị của \"%.*s\" không hợp lệ", (int)kn, p); return false; }
        memcpy(val, eq + 1, vn);
        val[vn] = 0;
        int64_t v;
        if (!parse_int64(val, &v) || v < 0 || v > 200) {
            *why = arena_printf(a, "--map: \"%.*s\" phải là số cột (0 đến 200)", (int)kn, p);
            return false;
        }
        static const char *const keys[] = {"head", "tail", "date", "time", "amount", "message", "reference", "bank", "header"};
        int *slots[] = {&out->head, &out->tail, &out->date, &out->time, &out->amount, &out->message, &out->reference,
                        &out->bank, NULL};
        size_t k = 0;
        for (; k < countof(keys); k++)
            if (strlen(keys[k]) == kn && memcmp(keys[k], p, kn) == 0) break;
        if (k == countof(keys)) {
            *why = arena_printf(a, "--map: không biết \"%.*s\" (dùng head, tail, date, time, amount, message, reference,"
                                   " bank, header)", (int)kn, p);
            return false;
        }
        if (slots[k]) *slots[k] = (int)v;
        else out->header = v != 0;
        p += n + (end ? 1 : 0);
    }
    int last = out->head + 1 + out->tail;
    if (!out->date || !out->amount) { *why = "--map: cần ít nhất date=N và amount=N"; return false; }
    if (!out->message) out->message = out->head + 1;
    if (out->message != out->head + 1) { *why = "--map: cột nội dung (message) phải là cột head+1"; return false; }
    const int cols[] = {out->date, out->time, out->amount, out->reference, out->bank};
    for (size_t i = 0; i < countof(cols); i++)
        if (cols[i] > last) { *why = arena_printf(a, "--map: cột %d vượt quá %d cột (head + nội dung + tail)", cols[i], last); return false; }
    return true;
}

/* ---- reading the file ---- */

/* gzip (magic 1f 8b) into out; 0, or -1 with *why. */
static int gunzip(const char *data, size_t len, buf *out, const char **why)
{
    z_stream z = {0};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) { *why = "không mở được tệp nén gzip"; return -1; }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    int rc;
    do {
        buf_grow(out, 1 << 16);
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)(out->cap - out->len - 1);
        rc = inflate(&z, Z_NO_FLUSH);
        out->len = out->cap - 1 - z.avail_out;
        if (out->len > (size_t)512 << 20) { rc = Z_MEM_ERROR; break; }
    } while (rc == Z_OK);
    /* concatenated members: keep reading */
    while (rc == Z_STREAM_END && z.avail_in > 0) {
        if (inflateReset(&z) != Z_OK) break;
        do {
            buf_grow(out, 1 << 16);
            z.next_out = (Bytef *)out->data + out->len;
            z.avail_out = (uInt)(out->cap - out->len - 1);
            rc = inflate(&z, Z_NO_FLUSH);
            out->len = out->cap - 1 - z.avail_out;
        } while (rc == Z_OK);
    }
    inflateEnd(&z);
    out->data[out->len] = 0;
    if (rc != Z_STREAM_END) { *why = "tệp nén gzip bị hỏng hoặc không đầy đủ"; return -1; }
    return 0;
}

static void csv_quoted(buf *b, const char *s, size_t n)
{
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') buf_putc(b, '"');
        buf_putc(b, s[i]);
    }
    buf_putc(b, '"');
}

/* A field as written: a field wholly in quotes loses them (and its doubled quotes become one);
 * anything else, stray quotes included, is kept as it is. */
static void field_value(buf *b, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        for (size_t i = 1; i + 1 < n; i++) {
            buf_putc(b, s[i]);
            if (s[i] == '"' && i + 2 < n && s[i + 1] == '"') i++;
        }
        return;
    }
    buf_append(b, s, n);
}

#define CANON_HEADER "date,time,amount,message,reference,bank,error\n"
enum { C_DATE, C_TIME, C_AMOUNT, C_MESSAGE, C_REFERENCE, C_BANK, C_ERROR, C__N };

/* One record's fields (f/fl, nf of them) as a line of the strict CSV, by the profile. */
static void canonical_record(const struct statement_profile *p, const char **f, const size_t *fl, int nf, buf val[],
                             buf *out)
{
    for (int i = 0; i < C__N; i++) buf_reset(&val[i]);
    int need = p->head + 1 + p->tail;
    if (nf < need) {
        buf_printf(&val[C_ERROR], "dòng có %d trường, hồ sơ \"%s\" cần ít nhất %d (%d trường đầu, nội dung, %d trường cuối)",
                   nf, p->name, need, p->head, p->tail);
    } else {
        /* logical column k (from 1): head fields, the message (fields head..nf-tail-1 with their
         * commas), the tail fields */
        int cols[] = {p->date, p->time, p->amount, p->message, p->reference, p->bank};
        for (int c = 0; c < 6; c++) {
            int k = cols[c];
            if (!k) continue;
            if (k <= p->head) {
                field_value(&val[c], f[k - 1], fl[k - 1]);
            } else if (k == p->head + 1) {
                for (int i = p->head; i < nf - p->tail; i++) {
                    if (i > p->head) buf_putc(&val[c], ',');
                    buf_append(&val[c], f[i], fl[i]);
                }
                buf b = {0};
                field_value(&b, buf_str(&val[c]), val[c].len);
                buf_reset(&val[c]);
                buf_append(&val[c], buf_str(&b), b.len);
                buf_free(&b);
            } else {
                int idx = nf - p->tail + (k - p->head - 2);
                field_value(&val[c], f[idx], fl[idx]);
            }
        }
        if (p->time && p->time == p->date) {
            /* "dd/mm hh:mm:ss": the time after the first space */
            const char *d = buf_str(&val[C_DATE]);
            const char *sp = strchr(d, ' ');
            buf_reset(&val[C_TIME]);
            if (sp) {
                buf_puts(&val[C_TIME], sp + 1);
                val[C_DATE].len = (size_t)(sp - d);
                val[C_DATE].data[val[C_DATE].len] = 0;
            }
        }
    }
    for (int c = 0; c < C__N; c++) {
        if (c) buf_putc(out, ',');
        csv_quoted(out, val[c].data ? val[c].data : "", val[c].len);
    }
    buf_putc(out, '\n');
}

/* Rewrites the statement into the strict CSV the runner reads, one output line per input line
 * (an XLSX: per sheet row). Returns the number of data lines; *fatal for an unreadable XLSX. */
static int canonicalise(arena *a, const struct statement_profile *p, const char *data, size_t len, buf *out, int *offset,
                        const char **fatal)
{
    int records = 0;
    *offset = p->header ? 0 : 1;
    *fatal = NULL;
    if (!p->header) buf_puts(out, CANON_HEADER);
    buf val[C__N] = {{0}};
    if (xlsx_sniff(data, len)) {
        /* cells are fields already: the message is the middle cells (joined by commas only when
         * the sheet has more cells than the profile's fixed ones) */
        struct csv_doc doc;
        if (xlsx_read(a, data, len, NULL, &doc) < 0) { *fatal = doc.fatal; return 0; }
        int row = 0;
        for (int i = 0; i < doc.nrecords; i++) {
            const struct csv_record *rec = &doc.records[i];
            while (++row < rec->line) buf_putc(out, '\n');
            if (i == 0 && p->header) { buf_puts(out, CANON_HEADER); continue; }
            canonical_record(p, rec->fields, rec->lens, rec->nfields, val, out);
            records++;
        }
        for (int i = 0; i < C__N; i++) buf_free(&val[i]);
        return records;
    }
    const char *end = data + len, *line = data;
    int lineno = 0;
    const char **f = NULL;
    size_t *fl = NULL;
    int fcap = 0;
    while (line < end) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *stop = nl ? nl : end;
        size_t n = (size_t)(stop - line);
        if (n && line[n - 1] == '\r') n--;
        lineno++;
        if (lineno == 1 && p->header) {
            buf_puts(out, CANON_HEADER);
        } else {
            bool blank = true;
            for (size_t i = 0; i < n && blank; i++) blank = line[i] == ' ' || line[i] == '\t' || line[i] == ',';
            if (blank) {
                buf_putc(out, '\n');
            } else {
                int nf = 0;
                for (const char *s = line, *e = line + n;;) {
                    const char *c = memchr(s, ',', (size_t)(e - s));
                    if (nf >= fcap) {
                        int ncap = fcap ? fcap * 2 : 32;
                        const char **nf2 = arena_alloc(a, sizeof *nf2 * (size_t)ncap);
                        size_t *nl2 = arena_alloc(a, sizeof *nl2 * (size_t)ncap);
                        if (nf) { memcpy(nf2, f, sizeof *f * (size_t)nf); memcpy(nl2, fl, sizeof *fl * (size_t)nf); }
                        f = nf2; fl = nl2; fcap = ncap;
                    }
                    f[nf] = s;
                    fl[nf++] = (size_t)((c ? c : e) - s);
                    if (!c) break;
                    s = c + 1;
                }
                canonical_record(p, f, fl, nf, val, out);
                records++;
            }
        }
        if (!nl) break;
        line = nl + 1;
    }
    for (int i = 0; i < C__N; i++) buf_free(&val[i]);
    return records;
}

/* ---- a small string → value table for the pass (occurrences, claims, the fund's lines and
 * transfers of the file's days) ---- */
struct tally {
    struct tally_slot { const char *key; int64_t v; void *p; } *slots;
    size_t cap, n;
};
static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}
static struct tally_slot *tally_find(const struct tally *t, const char *key)
{
    if (!t->cap) return NULL;
    size_t j = hash_str(key) & (t->cap - 1);
    while (t->slots[j].key && strcmp(t->slots[j].key, key) != 0) j = (j + 1) & (t->cap - 1);
    return t->slots[j].key ? &t->slots[j] : NULL;
}
/* The slot of key, added (value 0, pointer NULL, key copied into a) when missing. */
static struct tally_slot *tally_at(arena *a, struct tally *t, const char *key)
{
    if ((t->n + 1) * 2 > t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 1024;
        struct tally_slot *ns = calloc(ncap, sizeof *ns);
        if (!ns) abort();
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].key) {
                size_t j = hash_str(t->slots[i].key) & (ncap - 1);
                while (ns[j].key) j = (j + 1) & (ncap - 1);
                ns[j] = t->slots[i];
            }
        free(t->slots);
        t->slots = ns;
        t->cap = ncap;
    }
    size_t j = hash_str(key) & (t->cap - 1);
    while (t->slots[j].key && strcmp(t->slots[j].key, key) != 0) j = (j + 1) & (t->cap - 1);
    if (!t->slots[j].key) { t->slots[j].key = arena_strdup(a, key); t->n++; }
    return &t->slots[j];
}
static int64_t *tally_slot(arena *a, struct tally *t, const char *key) { return &tally_at(a, t, key)->v; }
static void tally_free(struct tally *t) { free(t->slots); memset(t, 0, sizeof *t); }

/* ---- the importer ---- */
enum line_kind { LINE_NEW, LINE_MATCH };
struct prepared_line {
    enum line_kind kind;
    const char *given_on, *given_time, *message, *reference, *bank, *key, *sender;
    const char *why_uncertain;   /* a match queued for review: what made it uncertain */
    int64_t amount, match_id, donor_candidate;
    int confidence, donor_score;
    bool uncertain;
};
/* A transfer of the fund already stored, as the match rule looks for it: its day, time, amount
 * and bank are the key of its group (struct tally transfers), the group's transfers in id order. */
struct stored_transfer {
    int64_t id;
    const char *sender;
    struct stored_transfer *next;
};
struct transfer_group { struct stored_transfer *first, *last; };

struct stmt_ctx {
    int64_t fund_id;
    int year;
    arena *pass;                 /* the report's arena */
    struct tally occurrences, group_matches, claimed;
    /* What the fund already holds, read once per day of the file (load_day): the check of a line
     * is then a look-up in memory instead of two indexed queries per line. */
    struct tally days;           /* the days read so far */
    struct tally known_lines;    /* line key → donation id, of the days read */
    struct tally transfers;      /* "day|time|amount|bank" → struct transfer_group, of the days read */
    struct tally donors;         /* folded name → the first registered donor of that name (id, name) */
    bool donors_loaded;
    int done, total;
    void (*progress)(void *ctx, int done, int total);
    void *progress_ctx;
    struct statement_result *res;
    const char *file_name, *file_sha, *profile;
    const char *now, *login;
    int64_t statement_id;
    buf scratch;                 /* a line's key text, a folded name, a donation's search words:
                                    reused, not allocated per line */
};

static void ctx_free(struct stmt_ctx *x)
{
    struct tally *all[] = {&x->occurrences, &x->group_matches, &x->claimed, &x->days, &x->known_lines, &x->transfers,
                           &x->donors};
    for (size_t i = 0; i < countof(all); i++) tally_free(all[i]);
    x->donors_loaded = false;
}

static void ctx_reset(void *c)
{
    struct stmt_ctx *x = c;
    ctx_free(x);   /* a new pass reads the fund again: another writer may have changed it */
    x->done = 0;
    x->statement_id = 0;
    struct statement_result *r = x->res;
    r->fresh = r->matched = r->uncertain = r->already = r->donor_reviews = 0;
    r->sum_fresh = 0;
}

/* Reads the fund's statement lines and timed transfers of day `iso` (once per day and pass). The
 * line keys begin with the day (sql/038), so a day's keys are one range of the unique index; the
 * transfers come through (fund_id, given_on). Only published rows count (the readers' rule). */
static int load_day(struct stmt_ctx *x, store *s, const char *iso)
{
    struct tally_slot *day = tally_at(x->pass, &x->days, iso);
    if (day->v) return STORE_OK;
    day->v = 1;
    char lo[16], hi[16];
    snprintf(lo, sizeof lo, "%.10s ", iso);
    snprintf(hi, sizeof hi, "%.10s!", iso);   /* '!' follows ' ': every key of the day sorts below */
    stmt *q = store_query(s, "SELECT line_key, donation_id FROM donation_line WHERE fund_id = $1 AND line_key >= $2"
                             " AND line_key < $3 AND " IMPORT_VISIBLE("import_batch_id"), "itt", x->fund_id, lo, hi);
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) tally_at(x->pass, &x->known_lines, stmt_text(q, 0))->v = stmt_int64(q, 1);
    stmt_finalize(q);
    if (rc != STORE_DONE) return STORE_ERR;
    q = store_query(s, "SELECT id, given_time, amount, coalesce(bank, ''), sender_name FROM donation WHERE fund_id = $1"
                       " AND given_on = $2 AND given_time IS NOT NULL AND " IMPORT_VISIBLE("import_batch_id") " ORDER BY id",
                    "it", x->fund_id, iso);
    if (!q) return STORE_ERR;
    buf *g = &x->scratch;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        buf_reset(g);
        buf_printf(g, "%s|%s|%lld|%s", iso, stmt_text(q, 1), (long long)stmt_int64(q, 2), stmt_text(q, 3));
        struct tally_slot *slot = tally_at(x->pass, &x->transfers, buf_str(g));
        struct transfer_group *grp = slot->p;
        if (!grp) slot->p = grp = arena_alloc(x->pass, sizeof *grp);
        struct stored_transfer *t = arena_alloc(x->pass, sizeof *t);
        t->id = stmt_int64(q, 0);
        t->sender = stmt_text_dup(q, 4, x->pass);
        if (grp->last) grp->last->next = t;
        else grp->first = t;
        grp->last = t;
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

/* The registered donors by folded name (the first of each name), read once per pass: a sender
 * name is only compared with them, and registered donors are few next to statement lines. */
static int load_donors(struct stmt_ctx *x, store *s)
{
    if (x->donors_loaded) return STORE_OK;
    x->donors_loaded = true;
    stmt *q = store_query(s, "SELECT id, name, name_fold FROM donor WHERE merged_into IS NULL ORDER BY id", "");
    if (!q) return STORE_ERR;
    int rc;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        struct tally_slot *slot = tally_at(x->pass, &x->donors, stmt_text(q, 2) ? stmt_text(q, 2) : "");
        if (slot->v) continue;
        slot->v = stmt_int64(q, 0);
        slot->p = stmt_text_dup(q, 1, x->pass);
    }
    stmt_finalize(q);
    return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

/* "dd/mm", "d/m/yyyy", "yyyy-mm-dd" → ISO; *no_year when the year came from `year`. */
static bool statement_date(const char *s, int year, char out[11], bool *no_year)
{
    int d = 0, m = 0, y = 0, n1 = 0, n2 = 0, n3 = 0;
    const char *p = s;
    *no_year = false;
    if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
        if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return false;
    } else {
        while (*p >= '0' && *p <= '9' && n1 < 3) d = d * 10 + (*p++ - '0'), n1++;
        if (*p != '/' && *p != '-' && *p != '.') return false;
        char sep = *p++;
        while (*p >= '0' && *p <= '9' && n2 < 3) m = m * 10 + (*p++ - '0'), n2++;
        if (*p == sep) {
            p++;
            while (*p >= '0' && *p <= '9' && n3 < 5) y = y * 10 + (*p++ - '0'), n3++;
            if (n3 != 4) return false;
        } else {
            if (!year) { *no_year = true; return false; }
            y = year;
            *no_year = true;
        }
        if (*p || !n1 || !n2 || n1 > 2 || n2 > 2) return false;
    }
    struct vn_date v = {y, m, d};
    if (!vn_date_valid(v)) return false;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    return true;
}

/* "0:54:05", "00:54:05", "9:05" → "00:54:05", "09:05:00". */
static bool statement_time(const char *s, char out[9])
{
    int h = 0, m = 0, sec = 0, nh = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9' && nh < 3) h = h * 10 + (*p++ - '0'), nh++;
    if (!nh || nh > 2 || *p++ != ':') return false;
    if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9')) return false;
    m = (p[0] - '0') * 10 + (p[1] - '0');
    p += 2;
    if (*p == ':') {
        p++;
        if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9')) return false;
        sec = (p[0] - '0') * 10 + (p[1] - '0');
        p += 2;
    }
    if (*p || h > 23 || m > 59 || sec > 59) return false;
    snprintf(out, 9, "%02u:%02u:%02u", (unsigned)h % 100u, (unsigned)m % 100u, (unsigned)sec % 100u);
    return true;
}

static bool statement_amount(const char *s, int64_t *out)
{
    int64_t v = 0;
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++digits > 18) return false;
            v = v * 10 + (*p - '0');
        } else if (*p != '.' || p == s || !p[1]) {
            return false;
        }
    }
    if (!digits || v <= 0) return false;
    *out = v;
    return true;
}

static enum import_outcome reject(struct import_line *out, const char *field, const char *msg)
{
    out->field = field;
    out->message = msg;
    return IMPORT_REJECTED;
}

static enum import_outcome stmt_check(void *c, store *s, arena *a, const struct import_row *row, struct import_line *out)
{
    struct stmt_ctx *x = c;
    if (x->progress && (++x->done % 2000 == 0 || x->done == x->total)) x->progress(x->progress_ctx, x->done, x->total);
    const char *err = import_get(row, C_ERROR);
    if (err) return reject(out, NULL, arena_strdup(a, err));
    const char *date = import_get(row, C_DATE), *time = import_get(row, C_TIME), *amount = import_get(row, C_AMOUNT);
    const char *message = import_get(row, C_MESSAGE), *reference = import_get(row, C_REFERENCE), *bank = import_get(row, C_BANK);
    char iso[11], hms[9];
    bool no_year;
    if (!date) return reject(out, "date", "thiếu ngày giao dịch");
    if (!statement_date(date, x->year, iso, &no_year)) {
        if (no_year && !x->year)
            return reject(out, "date", arena_printf(a, "ngày \"%s\" không có năm: hãy chạy lại với --year YYYY", date));
        return reject(out, "date", arena_printf(a, "ngày \"%s\" không đọc được (dd/mm, dd/mm/yyyy hoặc yyyy-mm-dd)", date));
    }
    if (time && !statement_time(time, hms))
        return reject(out, "time", arena_printf(a, "giờ \"%s\" không đọc được (hh:mm:ss)", time));
    int64_t money;
    if (!amount) return reject(out, "amount", "thiếu số tiền");
    if (!statement_amount(amount, &money))
        return reject(out, "amount", arena_printf(a, "số tiền \"%s\" phải là số đồng dương, chỉ gồm chữ số", amount));
    if (message && strlen(message) > 4000) return reject(out, "message", "nội dung dài quá 4000 ký tự");
    /* the line's identity: its day and time, then what it says and its occurrence among identical
     * lines (the day first: sql/038) */
    if (load_day(x, s, iso) != STORE_OK) return IMPORT_FAILED;
    buf *k = &x->scratch;
    buf_reset(k);
    buf_printf(k, "%s|%s|%lld|%s|%s", iso, time ? hms : "", (long long)money, bank ? bank : "", message ? message : "");
    char sha[65];
    sha256_hex(k->data, k->len, sha);
    sha[40] = 0;
    int64_t *occ = tally_slot(x->pass, &x->occurrences, sha);
    const char *key = arena_printf(a, "%s %s|%s#%lld", iso, time ? hms : "", sha, (long long)++*occ);
    const struct tally_slot *known = tally_find(&x->known_lines, key);
    char claim[24];
    if (known) {
        snprintf(claim, sizeof claim, "%lld", (long long)known->v);
        *tally_slot(x->pass, &x->claimed, claim) = 1;
        out->id = known->v;
        out->message = "dòng này đã được nhập trước đây (cùng nội dung)";
        x->res->already++;
        return IMPORT_DUPLICATE;
    }
    struct prepared_line *pl = arena_alloc(a, sizeof *pl);
    pl->given_on = arena_strdup(a, iso);
    pl->given_time = time ? arena_strdup(a, hms) : NULL;
    pl->amount = money;
    pl->message = message;
    pl->reference = reference;
    pl->bank = bank;
    pl->key = key;
    struct vn_sender snd;
    if (message && vn_sender_extract(message, strlen(message), &snd)) {
        pl->sender = arena_strdup(a, snd.name);
        pl->confidence = snd.confidence;
    }
    if (time) {
        /* another statement's spelling of the same transfer? */
        const char *group = arena_printf(a, "%s|%s|%lld|%s", iso, hms, (long long)money, bank ? bank : "");
        const struct tally_slot *slot = tally_find(&x->transfers, group);
        const struct transfer_group *grp = slot ? slot->p : NULL;
        int avail = 0;
        int64_t first = 0;
        const char *first_sender = NULL;
        for (const struct stored_transfer *t = grp ? grp->first : NULL; t; t = t->next) {
            snprintf(claim, sizeof claim, "%lld", (long long)t->id);
            const struct tally_slot *c = tally_find(&x->claimed, claim);
            if (c && c->v) continue;
            if (!avail++) { first = t->id; first_sender = t->sender; }
        }
        if (avail) {
            int64_t *gm = tally_slot(x->pass, &x->group_matches, group);
            bool names_differ = pl->sender && first_sender &&
                                vn_name_match_score(pl->sender, strlen(pl->sender), first_sender, strlen(first_sender)) < 70;
            pl->kind = LINE_MATCH;
            pl->match_id = first;
            pl->uncertain = avail > 1 || *gm > 0 || names_differ;
            if (pl->uncertain)
                pl->why_uncertain =
                    avail > 1 ? arena_printf(a, "%d giao dịch của quỹ cùng ngày, giờ và số tiền chưa được ghép: dòng này lấy giao dịch đầu tiên theo thứ tự.", avail)
                    : *gm > 0 ? "Một dòng trước trong tệp này đã ghép với giao dịch cùng ngày, giờ và số tiền: các cặp ghép theo thứ tự."
                              : arena_printf(a, "Tên người chuyển khác nhau: \"%s\" và \"%s\".", pl->sender, first_sender);
            ++*gm;
            snprintf(claim, sizeof claim, "%lld", (long long)first);
            *tally_slot(x->pass, &x->claimed, claim) = 1;
            out->id = first;
            out->message = arena_printf(a, "cùng giao dịch #%lld của sao kê khác (cùng ngày, giờ, số tiền)%s", (long long)first,
                                        pl->uncertain ? "; chờ xem xét" : "");
            x->res->matched++;
            if (pl->uncertain) x->res->uncertain++;
            out->prepared = pl;
            return IMPORT_ACCEPTED;
        }
    }
    pl->kind = LINE_NEW;
    if (pl->sender) {
        /* a registered donor with this name: a person decides (the name alone is no identity) */
        if (load_donors(x, s) != STORE_OK) return IMPORT_FAILED;
        buf *folded = &x->scratch;
        buf_reset(folded);
        vn_fold(pl->sender, strlen(pl->sender), folded);
        const struct tally_slot *reg = x->donors.n ? tally_find(&x->donors, buf_str(folded)) : NULL;
        if (reg) {
            const char *name = reg->p ? reg->p : "";
            pl->donor_candidate = reg->v;
            pl->donor_score = vn_name_match_score(pl->sender, strlen(pl->sender), name, strlen(name));
            x->res->donor_reviews++;
        }
    }
    x->res->fresh++;
    x->res->sum_fresh += money;
    out->prepared = pl;
    return IMPORT_ACCEPTED;
}

/* Stores the accepted lines among lines[0..n) marked with batch_id (0: none, a single-transaction
 * write), after the statement's own row, which the first call of a pass inserts. The rows go in
 * with multi-row INSERTs (store_rows) under ids reserved for the slice, parents first (every
 * statement checks its foreign keys): the new donations, then the lines, then the review entries,
 * and last the donations' search words in one call (store_search_add_many: on SQLite indexing
 * them between the other inserts flushed the index at every statement). */
static enum import_outcome write_lines(struct stmt_ctx *x, store *s, int64_t batch_id, struct import_line *lines, int n)
{
    if (!x->statement_id &&
        store_int64(s, &x->statement_id, "INSERT INTO fund_statement(fund_id, file_name, sha256, profile, lines, new_count,"
                                         " matched, imported_at, imported_by, import_batch_id)"
                                         " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,NULLIF($10, 0)) RETURNING id", "itttiiitti",
                    x->fund_id, x->file_name, x->file_sha, x->profile, (int64_t)x->total, (int64_t)x->res->fresh,
                    (int64_t)x->res->matched, x->now, x->login, batch_id) != 1)
        return IMPORT_FAILED;
    int64_t sid = x->statement_id, next_donation = 0, next_line = 0;
    int fresh = 0, accepted = 0;
    for (int i = 0; i < n; i++)
        if (lines[i].outcome == IMPORT_ACCEPTED) {
            accepted++;
            if (((struct prepared_line *)lines[i].prepared)->kind == LINE_NEW) fresh++;
        }
    if (store_reserve_ids(s, "donation", fresh, &next_donation) != STORE_OK ||
        store_reserve_ids(s, "donation_line", accepted, &next_line) != STORE_OK)
        return IMPORT_FAILED;
    int64_t *keys = xmalloc(sizeof *keys * (size_t)(fresh ? fresh : 1));
    const char **words = xmalloc(sizeof *words * (size_t)(fresh ? fresh : 1));
    int64_t *line_ids = xmalloc(sizeof *line_ids * (size_t)(n ? n : 1));
    int nwords = 0;
    arena wa = {0};
    enum import_outcome result = IMPORT_ACCEPTED;
    /* 1. the new transfers; a matched line's transfer must still be there */
    struct store_rows rows;
    store_rows_begin(&rows, s, "INSERT INTO donation(id, fund_id, amount, given_on, given_time, channel, bank, reference, message,"
                               " sender_name, sender_confidence, statement_id, created_at, import_batch_id)", 14);
    for (int i = 0; i < n && result == IMPORT_ACCEPTED; i++) {
        struct import_line *l = &lines[i];
        if (l->outcome != IMPORT_ACCEPTED) continue;
        struct prepared_line *pl = l->prepared;
        if (pl->kind == LINE_MATCH) {
            int64_t still = 0;
            int rc = store_int64(s, &still, "SELECT id FROM donation WHERE id = $1 AND fund_id = $2", "ii", pl->match_id, x->fund_id);
            if (rc <= 0) result = rc < 0 ? IMPORT_FAILED : IMPORT_CONFLICT;
            l->id = pl->match_id;
            continue;
        }
        l->id = next_donation++;
        store_rows_int(&rows, l->id);
        store_rows_int(&rows, x->fund_id);
        store_rows_int(&rows, pl->amount);
        store_rows_text(&rows, pl->given_on);
        store_rows_text(&rows, pl->given_time);
        store_rows_text(&rows, "transfer");
        store_rows_text(&rows, pl->bank);
        store_rows_text(&rows, pl->reference);
        store_rows_text(&rows, pl->message);
        store_rows_text(&rows, pl->sender);
        store_rows_int(&rows, pl->confidence);
        store_rows_int(&rows, sid);
        store_rows_text(&rows, x->now);
        if (batch_id) store_rows_int(&rows, batch_id);
        else store_rows_text(&rows, NULL);
        struct donation_row row = {.message = pl->message, .sender_name = pl->sender};
        buf_reset(&x->scratch);
        donation_search_words(&x->scratch, &row);
        keys[nwords] = l->id;
        words[nwords++] = arena_strdup(&wa, buf_str(&x->scratch));
    }
    int rc = store_rows_end(&rows);
    if (result == IMPORT_ACCEPTED && rc != STORE_OK) result = IMPORT_FAILED;
    /* 2. every accepted line; the unique key sees every batch's lines, staged ones included:
     * another import took one of these lines meanwhile (IMPORT_CONFLICT) */
    store_rows_begin(&rows, s, "INSERT INTO donation_line(id, fund_id, line_key, donation_id, statement_id, line_no, how,"
                               " import_batch_id)", 8);
    for (int i = 0; i < n && result == IMPORT_ACCEPTED; i++) {
        struct import_line *l = &lines[i];
        if (l->outcome != IMPORT_ACCEPTED) continue;
        struct prepared_line *pl = l->prepared;
        line_ids[i] = next_line++;
        store_rows_int(&rows, line_ids[i]);
        store_rows_int(&rows, x->fund_id);
        store_rows_text(&rows, pl->key);
        store_rows_int(&rows, l->id);
        store_rows_int(&rows, sid);
        store_rows_int(&rows, l->line);
        store_rows_text(&rows, pl->kind == LINE_MATCH ? "matched" : "new");
        if (batch_id) store_rows_int(&rows, batch_id);
        else store_rows_text(&rows, NULL);
    }
    rc = store_rows_end(&rows);
    if (result == IMPORT_ACCEPTED && rc != STORE_OK) result = rc == STORE_CONSTRAINT ? IMPORT_CONFLICT : IMPORT_FAILED;
    /* 3. what a person should look at (few) */
    for (int i = 0; i < n && result == IMPORT_ACCEPTED; i++) {
        struct import_line *l = &lines[i];
        if (l->outcome != IMPORT_ACCEPTED) continue;
        struct prepared_line *pl = l->prepared;
        if (pl->kind == LINE_MATCH && pl->uncertain &&
            store_exec(s, "INSERT INTO fund_review(fund_id, kind, donation_id, line_id, note, line_message, line_reference,"
                          " line_sender, created_at, import_batch_id) VALUES ($1, 'statement_match', $2, $3, $4, $5, $6, $7, $8,"
                          " NULLIF($9, 0))", "iiittttti", x->fund_id, l->id, line_ids[i], pl->why_uncertain, pl->message,
                       pl->reference, pl->sender, x->now, batch_id) != STORE_OK)
            result = IMPORT_FAILED;
        if (pl->kind == LINE_NEW && pl->donor_candidate &&
            store_exec(s, "INSERT INTO fund_review(fund_id, kind, donation_id, line_id, donor_id, score, note, created_at,"
                          " import_batch_id) VALUES ($1, 'donor_match', $2, $3, $4, $5, $6, $7, NULLIF($8, 0))", "iiiiitti",
                       x->fund_id, l->id, line_ids[i], pl->donor_candidate, (int64_t)pl->donor_score,
                       "Tên người chuyển trùng tên nhà tài trợ đã đăng ký: xác nhận trước khi ghi cho nhà tài trợ.", x->now,
                       batch_id) != STORE_OK)
            result = IMPORT_FAILED;
    }
    if (result == IMPORT_ACCEPTED && store_search_add_many(s, "donation_search", keys, words, nwords) != STORE_OK)
        result = IMPORT_FAILED;
    free(keys);
    free(words);
    free(line_ids);
    arena_free(&wa);
    return result;
}

/* The single-transaction write (a caller's transaction, or the runner's last, locked pass). */
static enum import_outcome stmt_write(void *c, store *s, arena *a, struct import_line *lines, int n)
{
    (void)a;
    struct stmt_ctx *x = c;
    x->statement_id = 0;
    return write_lines(x, s, 0, lines, n);
}

/* One batch of the batched write (import.h): the same rows, marked with the batch. */
static enum import_outcome stmt_write_batch(void *c, store *s, arena *a, int64_t batch_id, struct import_line *lines, int n)
{
    (void)a;
    return write_lines(c, s, batch_id, lines, n);
}

/* Deletes up to `budget` rows of batch_id from one table, lowest ids first: how many, or < 0. */
static int discard_rows(store *s, const char *delete_sql, int64_t batch_id, int budget)
{
    if (budget <= 0) return 0;
    if (store_exec(s, delete_sql, "ii", batch_id, (int64_t)budget) != STORE_OK) return STORE_ERR;
    return store_changes(s);
}

/* The discard function of the statement import's batches (import.h: it may run in another process
 * than the import, after that one died): at most max_rows rows, children before parents — review
 * entries, statement lines, donations (each first taken out of the search index, by the words it
 * was indexed with), the statement row. How many it deleted, or < 0. */
static int statement_discard(store *s, int64_t batch_id, int max_rows)
{
    int budget = max_rows, n;
    n = discard_rows(s, "DELETE FROM fund_review WHERE id IN (SELECT id FROM fund_review WHERE import_batch_id = $1"
                        " ORDER BY id LIMIT $2)", batch_id, budget);
    if (n < 0) return n;
    budget -= n;
    n = discard_rows(s, "DELETE FROM donation_line WHERE id IN (SELECT id FROM donation_line WHERE import_batch_id = $1"
                        " ORDER BY id LIMIT $2)", batch_id, budget);
    if (n < 0) return n;
    budget -= n;
    if (budget > 0) {
        stmt *q = store_query(s, "SELECT id, message, sender_name, in_kind FROM donation WHERE import_batch_id = $1"
                                 " ORDER BY id LIMIT $2", "ii", batch_id, (int64_t)budget);
        if (!q) return STORE_ERR;
        int rc;
        while ((rc = stmt_step(q)) == STORE_ROW) {
            struct donation_row row = {.message = stmt_text(q, 1), .sender_name = stmt_text(q, 2), .in_kind = stmt_text(q, 3)};
            buf w = {0};
            donation_search_words(&w, &row);
            int removed = store_search_remove(s, "donation_search", stmt_int64(q, 0), buf_str(&w));
            buf_free(&w);
            if (removed != STORE_OK) { rc = STORE_ERR; break; }
        }
        stmt_finalize(q);
        if (rc != STORE_DONE) return STORE_ERR;
        n = discard_rows(s, "DELETE FROM donation WHERE id IN (SELECT id FROM donation WHERE import_batch_id = $1"
                            " ORDER BY id LIMIT $2)", batch_id, budget);
        if (n < 0) return n;
        budget -= n;
    }
    n = discard_rows(s, "DELETE FROM fund_statement WHERE id IN (SELECT id FROM fund_statement WHERE import_batch_id = $1"
                        " ORDER BY id LIMIT $2)", batch_id, budget);
    if (n < 0) return n;
    budget -= n;
    return max_rows - budget;
}

void statement_batches_register(void) { import_batch_register("donation", statement_discard); }

int statement_import(store *s, arena *a, const struct actor *ac, int64_t fund_id, const struct statement_profile *p,
                     int year, const char *file_name, const char *data, size_t len, unsigned flags,
                     const struct import_quota *quota, void (*progress)(void *ctx, int done, int total), void *progress_ctx,
                     struct statement_result *res, struct field_errors *fe)
{
    memset(res, 0, sizeof *res);
    struct fund f;
    int rc = fund_manageable(s, a, ac, fund_id, &f, fe);
    if (rc <= 0) return rc;
    char file_sha[65];
    sha256_hex(data, len, file_sha);
    buf plain = {0}, canon = {0};
    const char *why = NULL;
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) {
        if (gunzip(data, len, &plain, &why) != 0) {
            buf_free(&plain);
            res->rep.file_name = arena_strdup(a, file_name);
            res->rep.fatal = why;
            return 0;
        }
        data = plain.data;
        len = plain.len;
    }
    int offset = 0;
    const char *fatal = NULL;
    int total = canonicalise(a, p, data, len, &canon, &offset, &fatal);
    buf_free(&plain);
    if (fatal) {
        buf_free(&canon);
        res->rep.file_name = arena_strdup(a, file_name);
        res->rep.fatal = fatal;
        return 0;
    }
    static const struct import_column cols[] = {
        {"date", true, "Ngày giao dịch"}, {"time", false, "Giờ giao dịch"}, {"amount", true, "Số tiền (đồng)"},
        {"message", false, "Nội dung chuyển khoản"}, {"reference", false, "Số tham chiếu"},
        {"bank", false, "Ngân hàng trên sao kê"}, {"error", false, "Lỗi khi tách dòng"},
    };
    char now[21];
    iso_time(now_unix(), now);
    struct stmt_ctx x = {
        .fund_id = fund_id, .year = year, .pass = a, .total = total, .progress = progress, .progress_ctx = progress_ctx,
        .res = res, .file_name = file_name, .file_sha = arena_strdup(a, file_sha), .profile = p->name, .now = now,
        .login = ac->login,
    };
    struct import_spec spec = {"donation", cols, (int)countof(cols), stmt_check, stmt_write, ctx_reset, &x, quota};
    static const struct import_batching batching = {stmt_write_batch, NULL, statement_discard, 0};
    store_bulk_write(s, true);
    rc = import_run_batched(s, a, &spec, &batching, ac->user_id, ac->login, file_name, canon.data ? canon.data : "",
                            canon.len, flags, NULL, &res->rep);
    store_bulk_write(s, false);
    buf_free(&canon);
    ctx_free(&x);
    buf_free(&x.scratch);
    if (rc < 0) return rc;
    memcpy(res->rep.sha256, file_sha, sizeof file_sha);
    if (offset)
        for (int i = 0; i < res->rep.nlines; i++) res->rep.lines[i].line -= offset;
    return 0;
}
