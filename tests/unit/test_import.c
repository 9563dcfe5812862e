/* test_import.c: the CSV reader's edge cases (quotes, line endings, BOM, bad UTF-8, stray quotes
 * with line and column) and the import runner (header mapping, atomic vs skip-bad, idempotence,
 * one audit entry with the file's sha256, the quota, a second pass when another writer changed
 * the database between the check and the write), on a small table of its own. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "import.h"
#include "store.h"

static arena A;

static struct csv_doc rd(const char *s)
{
    struct csv_doc d;
    csv_read(&A, s, strlen(s), 0, &d);
    return d;
}

static void test_basic_and_line_endings(void)
{
    const char *inputs[] = {"a,b\r\n1,2\r\n", "a,b\n1,2\n", "a,b\r1,2\r", "a,b\n1,2"};
    for (size_t i = 0; i < countof(inputs); i++) {
        struct csv_doc d = rd(inputs[i]);
        CHECK(d.fatal == NULL);
        CHECK_INT(d.nrecords, 2);
        if (d.nrecords != 2) continue;
        CHECK_INT(d.records[1].nfields, 2);
        CHECK_STR(d.records[1].fields[0], "1");
        CHECK_STR(d.records[1].fields[1], "2");
        CHECK_INT(d.records[1].line, 2);
    }
}

static void test_bom_blank_lines_and_empty_fields(void)
{
    struct csv_doc d = rd("\xEF\xBB\xBFname,code\n\n,,\nX,\n\n\nY,1\n");
    CHECK_INT(d.nrecords, 3);
    CHECK_STR(d.records[0].fields[0], "name");      /* BOM gone */
    CHECK_STR(d.records[1].fields[0], "X");
    CHECK_STR(d.records[1].fields[1], "");
    CHECK_INT(d.records[1].line, 4);
    CHECK_INT(d.records[2].line, 7);
    d = rd("a,b\n1,\n");
    CHECK_INT(d.records[1].nfields, 2);
    d = rd("a,b\n1,");                                /* trailing separator, no newline */
    CHECK_INT(d.records[1].nfields, 2);
    d = rd("");
    CHECK_INT(d.nrecords, 0);
    CHECK(d.fatal == NULL);
}

static void test_quotes(void)
{
    struct csv_doc d = rd("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nnext,2,3\n");
    CHECK_INT(d.nrecords, 3);
    CHECK_STR(d.records[1].fields[0], "x, y");
    CHECK_STR(d.records[1].fields[1], "say \"hi\"");
    CHECK_STR(d.records[1].fields[2], "two\nlines");
    CHECK(d.records[1].error == NULL);
    CHECK_INT(d.records[2].line, 4);                  /* the quoted line break counted */
    d = rd("a\n\"\"\n");                               /* quoted empty field is a record */
    CHECK_INT(d.nrecords, 2);
    CHECK_STR(d.records[1].fields[0], "");
}

static void test_stray_quotes_report_line_and_column(void)
{
    struct csv_doc d = rd("a,b\nab\"c,1\nok,2\n");
    CHECK_INT(d.nrecords, 3);
    CHECK_CONTAINS(d.records[1].error, "dòng 2, cột 3");
    CHECK(d.records[2].error == NULL);
    d = rd("a,b\n\"Sở\"x,1\n");                        /* text after a closing quote */
    CHECK_CONTAINS(d.records[1].error, "dòng 2, cột 5");
    /* An unclosed quote costs one record: the reader resumes at the next line. */
    d = rd("a,b\nx,\"never closed\ny,2\nz,3\n");
    CHECK_INT(d.nrecords, 4);
    CHECK_CONTAINS(d.records[1].error, "dòng 2, cột 3 không được đóng");
    CHECK_STR(d.records[2].fields[0], "y");
    CHECK_INT(d.records[2].line, 3);
    CHECK(d.records[2].error == NULL);
    CHECK_STR(d.records[3].fields[0], "z");
    /* Columns count characters, not bytes. */
    d = rd("a\nĐường\"x\n");
    CHECK_CONTAINS(d.records[1].error, "cột 6");
}

static void test_encoding(void)
{
    struct csv_doc d = rd("a,b\n1,2\nx,\xC3\x28\n");  /* invalid UTF-8 on line 3, byte 3 */
    CHECK(d.fatal != NULL);
    CHECK_CONTAINS(d.fatal, "dòng 3, byte thứ 3");
    CHECK_INT(d.nrecords, 0);
    d = rd("\xFF\xFE" "a\0b");
    CHECK_CONTAINS(d.fatal, "UTF-16");
    struct csv_doc d2;
    CHECK_INT(csv_read(&A, "a\nx\0y\n", 6, 0, &d2), -1);
    CHECK_CONTAINS(d2.fatal, "NUL ở dòng 2");
    /* NFD in, NFC out: "Lạng" with combining dot below. */
    d = rd("n\nLa\xCC\xA3ng\n");
    CHECK_STR(d.records[1].fields[0], "L\xE1\xBA\xA1ng");
}

static void test_delimiters_and_neutralised_cells(void)
{
    struct csv_doc d = rd("tên;mã\nSở Y tế;SYT\n");
    CHECK_INT(d.delimiter, ';');
    CHECK_STR(d.records[1].fields[1], "SYT");
    d = rd("a\tb\n1\t2\n");
    CHECK_INT(d.delimiter, '\t');
    d = rd("a,b;c\n1,2;3\n");
    CHECK_INT(d.delimiter, ',');
    d = rd("a,b\n'=1+1,'plain\n");
    CHECK_STR(d.records[1].fields[0], "=1+1");
    CHECK_STR(d.records[1].fields[1], "'plain");
}

static void test_limits(void)
{
    buf b = {0};
    buf_puts(&b, "a\n");
    for (int i = 0; i < IMPORT_MAX_FIELD_BYTES + 10; i++) buf_putc(&b, 'x');
    buf_puts(&b, "\nok\n");
    struct csv_doc d;
    csv_read(&A, b.data, b.len, 0, &d);
    CHECK_INT(d.nrecords, 3);
    CHECK_CONTAINS(d.records[1].error, "dài quá");
    CHECK(d.records[2].error == NULL);
    buf_reset(&b);
    buf_puts(&b, "a\n");
    for (int i = 0; i < IMPORT_MAX_FIELDS + 5; i++) buf_puts(&b, "x,");
    buf_puts(&b, "\n");
    csv_read(&A, b.data, b.len, 0, &d);
    CHECK_CONTAINS(d.records[1].error, "quá 256 trường");
    buf_free(&b);
}

static void test_header_key(void)
{
    buf b = {0};
    import_header_key("Mã số thuế", strlen("Mã số thuế"), &b);
    CHECK_STR(buf_str(&b), "ma_so_thue");
    buf_reset(&b);
    import_header_key("  PARENT-code ", 14, &b);
    CHECK_STR(buf_str(&b), "parent_code");
    buf_reset(&b);
    import_header_key("Đơn vị cấp trên (mã)", strlen("Đơn vị cấp trên (mã)"), &b);
    CHECK_STR(buf_str(&b), "don_vi_cap_tren_ma");
    buf_free(&b);
}

/* ---- the runner, on a table of people with a natural key (code) ---- */
static const struct import_column cols[] = {
    {"code|ma", true, "mã"},
    {"name|ten", true, "tên"},
    {"age|tuoi", false, "tuổi"},
};

/* The person importer: check looks the code up in the table and among the lines it accepted
 * before (a later line may repeat one); write inserts, and reports a conflict if the code was
 * taken since the check. */
struct person { const char *code, *name; int line; };
struct person_ctx {
    struct person *seen[16];
    int n;
    store *intruder;           /* another connection that writes `intrude` during the first check */
    const char *intrude;
};

static void person_reset(void *ctx) { ((struct person_ctx *)ctx)->n = 0; }

static enum import_outcome person_check(void *ctx, store *s, arena *a, const struct import_row *row,
                                        struct import_line *out)
{
    struct person_ctx *c = ctx;
    const char *code = import_get(row, 0), *name = import_get(row, 1), *age = import_get(row, 2);
    if (!code) { out->field = "code"; out->message = "thiếu mã"; return IMPORT_REJECTED; }
    if (!name) { out->field = "name"; out->message = "thiếu tên"; return IMPORT_REJECTED; }
    int64_t n = -1;
    if (age && (!parse_int64(age, &n) || n < 0)) {
        out->field = "age";
        out->message = arena_printf(a, "tuổi \"%s\" không phải số", age);
        return IMPORT_REJECTED;
    }
    int64_t id = 0;
    int rc = store_int64(s, &id, "SELECT id FROM person WHERE code=$1", "t", code);
    if (rc < 0) return IMPORT_FAILED;
    if (rc == 1) { out->id = id; return IMPORT_DUPLICATE; }
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->seen[i]->code, code) == 0) { out->same_as = c->seen[i]->line; return IMPORT_DUPLICATE; }
    if (c->intruder && c->intrude && strcmp(code, c->intrude) == 0) {
        /* Another writer takes this code after it was checked and before it is written. */
        CHECK_INT(store_exec(c->intruder, "INSERT INTO person(code, name) VALUES ($1, 'khác')", "t", code), STORE_OK);
        c->intrude = NULL;
    }
    struct person *p = arena_alloc(a, sizeof *p);
    *p = (struct person){code, name, row->line};
    if (c->n < 16) c->seen[c->n++] = p;
    out->prepared = p;
    return IMPORT_ACCEPTED;
}

static enum import_outcome person_write(void *ctx, store *s, arena *a, struct import_line *lines, int n)
{
    (void)ctx;
    (void)a;
    for (int i = 0; i < n; i++) {
        if (lines[i].outcome != IMPORT_ACCEPTED) continue;
        struct person *p = lines[i].prepared;
        int rc = store_int64(s, &lines[i].id, "INSERT INTO person(code, name) VALUES ($1, $2) RETURNING id", "tt", p->code,
                             p->name);
        if (rc != 1) return rc == STORE_CONSTRAINT ? IMPORT_CONFLICT : IMPORT_FAILED;
    }
    return IMPORT_ACCEPTED;
}

static store *open_db(char *path)
{
    char err[256];
    store *s = store_open(path, err, sizeof err);
    CHECK(s != NULL);
    if (!s) return NULL;
    CHECK_INT(store_migrate(s, err, sizeof err), STORE_OK);
    CHECK_INT(store_exec_script(s, "CREATE TABLE person(id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT)"), STORE_OK);
    return s;
}

static int64_t count(store *s, const char *sql)
{
    int64_t n = -1;
    store_int64(s, &n, sql, "");
    return n;
}

static void test_runner(void)
{
    char path[] = "/tmp/test_import_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    store *s = open_db(path);
    if (!s) return;
    struct person_ctx pc = {0};
    struct import_spec spec = {"person", cols, (int)countof(cols), person_check, person_write, person_reset, &pc, NULL};
    struct import_report rep;
    arena a = {0};

    /* unknown and missing columns refuse the file */
    const char *bad_hdr = "code,nom\nA,x\n";
    CHECK_INT(import_run(s, &a, &spec, 0, "test", "h.csv", bad_hdr, strlen(bad_hdr), 0, &rep), 0);
    CHECK_CONTAINS(rep.fatal, "\"nom\"");
    const char *dup_hdr = "code,Mã,name\nA,B,x\n";
    import_run(s, &a, &spec, 0, "test", "h.csv", dup_hdr, strlen(dup_hdr), 0, &rep);
    CHECK_CONTAINS(rep.fatal, "hai lần");
    const char *miss_hdr = "code\nA\n";
    import_run(s, &a, &spec, 0, "test", "h.csv", miss_hdr, strlen(miss_hdr), 0, &rep);
    CHECK_CONTAINS(rep.fatal, "thiếu cột bắt buộc \"name\"");

    /* atomic: one bad line, nothing written, every line reported */
    const char *mixed = "Mã,Tên,Tuổi\nA1,An,30\nA2,Bình,ba mươi\nA3,\"Chi, Út\",\nA4\n";
    CHECK_INT(import_run(s, &a, &spec, 0, "test", "mixed.csv", mixed, strlen(mixed), 0, &rep), 0);
    CHECK(!rep.written);
    CHECK_INT(rep.total, 4);
    CHECK_INT(rep.accepted, 2);
    CHECK_INT(rep.rejected, 2);
    CHECK_INT(rep.lines[1].line, 3);
    CHECK_STR(rep.lines[1].field, "age");
    CHECK_CONTAINS(rep.lines[3].message, "có 1 trường nhưng dòng tiêu đề có 3");
    CHECK_INT(count(s, "SELECT count(*) FROM person"), 0);
    CHECK_INT(count(s, "SELECT count(*) FROM audit_log"), 0);

    /* dry run of a good file writes nothing */
    const char *good = "code,name\nB1,Bảo\nB2,Cúc\nB1,Bảo again\n";
    import_run(s, &a, &spec, 0, "test", "good.csv", good, strlen(good), IMPORT_DRY_RUN, &rep);
    CHECK(!rep.written);
    CHECK_INT(rep.accepted, 2);
    CHECK_INT(rep.duplicate, 1);
    CHECK_INT(count(s, "SELECT count(*) FROM person"), 0);

    /* skip-bad writes the good lines; one audit entry with the counts and the sha256 */
    CHECK_INT(import_run(s, &a, &spec, 7, "tester", "mixed.csv", mixed, strlen(mixed), IMPORT_SKIP_BAD, &rep), 0);
    CHECK(rep.written);
    CHECK_INT(count(s, "SELECT count(*) FROM person"), 2);
    CHECK_INT(count(s, "SELECT count(*) FROM audit_log"), 1);
    char *after = NULL;
    store_text(s, &after, &a, "SELECT after_json FROM audit_log WHERE action='import' AND entity='person'", "");
    CHECK_CONTAINS(after, rep.sha256);
    CHECK_CONTAINS(after, "\"accepted\":2");
    CHECK_CONTAINS(after, "\"rejected\":2");
    CHECK_CONTAINS(after, "\"file\":\"mixed.csv\"");

    /* the same file again adds nothing: all duplicates, no new audit entry */
    import_run(s, &a, &spec, 7, "tester", "mixed.csv", mixed, strlen(mixed), IMPORT_SKIP_BAD, &rep);
    CHECK(!rep.written);
    CHECK_INT(rep.accepted, 0);
    CHECK_INT(rep.duplicate, 2);
    CHECK_INT(count(s, "SELECT count(*) FROM person"), 2);
    CHECK_INT(count(s, "SELECT count(*) FROM audit_log"), 1);

    /* a fully good file commits atomically; duplicates inside the file are reported */
    CHECK_INT(import_run(s, &a, &spec, 7, "tester", "good.csv", good, strlen(good), 0, &rep), 0);
    CHECK(rep.written);
    CHECK_INT(rep.duplicate, 1);
    CHECK_INT(count(s, "SELECT count(*) FROM person"), 4);
    CHECK_INT(store_tx_depth(s), 0);

    json_t *j = import_report_json(&rep);
    CHECK_INT(json_integer_value(json_object_get(j, "accepted")), 2);
    CHECK_INT(json_array_size(json_object_get(j, "lines")), 3);
    CHECK_INT(json_integer_value(json_object_get(j, "passes")), 1);
    json_decref(j);
    /* the duplicate of an earlier line gets that line's id once it is written */
    CHECK_INT(rep.lines[2].same_as, 2);
    CHECK(rep.lines[2].id > 0 && rep.lines[2].id == rep.lines[0].id);

    /* a quota: more data lines than allowed refuses the file before anything is written */
    struct import_quota quota = {2, "import.max_rows.test"};
    spec.quota = &quota;
    const char *three = "code,name\nQ1,Một\nQ2,Hai\nQ3,Ba\n";
    CHECK_INT(import_run(s, &a, &spec, 7, "tester", "three.csv", three, strlen(three), 0, &rep), 0);
    CHECK(!rep.written);
    CHECK_CONTAINS(rep.fatal, "tệp có 3 dòng dữ liệu");
    CHECK_CONTAINS(rep.fatal, "giới hạn 2 dòng");
    CHECK_CONTAINS(rep.fatal, "import.max_rows.test");
    CHECK_INT(count(s, "SELECT count(*) FROM person WHERE code LIKE 'Q%'"), 0);
    /* a quoted line break does not count as a line */
    const char *two = "code,name\nQ1,\"Một\nhai dòng\"\nQ2,Hai\n";
    CHECK_INT(import_run(s, &a, &spec, 7, "tester", "two.csv", two, strlen(two), 0, &rep), 0);
    CHECK(rep.written && !rep.fatal);
    spec.quota = NULL;

    /* another writer takes a code between the check and the write: the runner checks again,
     * and the line becomes a duplicate; the rest is written once */
    char err[256];
    pc.intruder = store_open(path, err, sizeof err);
    CHECK(pc.intruder != NULL);
    pc.intrude = "R2";
    const char *race = "code,name\nR1,Một\nR2,Hai\nR3,Ba\n";
    CHECK_INT(import_run(s, &a, &spec, 7, "tester", "race.csv", race, strlen(race), 0, &rep), 0);
    CHECK(rep.written);
    CHECK_INT(rep.passes, 2);
    CHECK_INT(rep.accepted, 2);
    CHECK_INT(rep.duplicate, 1);
    CHECK_INT(rep.lines[1].outcome, IMPORT_DUPLICATE);
    CHECK_INT(count(s, "SELECT count(*) FROM person WHERE code LIKE 'R%'"), 3);
    CHECK_INT(count(s, "SELECT count(*) FROM person WHERE code = 'R2' AND name = 'khác'"), 1);
    CHECK_INT(store_tx_depth(s), 0);
    store_close(pc.intruder);
    pc.intruder = NULL;
    arena_free(&a);
    store_close(s);
    unlink(path);
}

int main(void)
{
    RUN(test_basic_and_line_endings);
    RUN(test_bom_blank_lines_and_empty_fields);
    RUN(test_quotes);
    RUN(test_stray_quotes_report_line_and_column);
    RUN(test_encoding);
    RUN(test_delimiters_and_neutralised_cells);
    RUN(test_limits);
    RUN(test_header_key);
    RUN(test_runner);
    arena_free(&A);
    return check_done();
}
