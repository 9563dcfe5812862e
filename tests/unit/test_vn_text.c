/* tests/unit/test_vn_text.c: UTF-8 validation, normalisation, field limits, folding (with the
 * property fold(NFD(x)) == fold(x) on generated and on all BMP text), and the SQLite side: the
 * FTS5 tokenizer "vnfold" (prefix queries, đ, NFD) and the SQL functions. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "check.h"
#include "vn.h"
#include "vn_gen.h"

static char *fold(const char *s)
{
    static buf b;
    buf_reset(&b);
    vn_fold(s, strlen(s), &b);
    return b.data;
}

static void test_utf8(void)
{
    static const struct { const char *s; size_t len; bool ok; size_t bad; } cases[] = {
        {"", 0, true, 0},
        {"Nguyễn", 8, true, 0},
        {"abc\xFF", 4, false, 3},
        {"ab\xC3", 3, false, 2},               /* truncated */
        {"\xC0\xAF", 2, false, 0},             /* overlong '/' */
        {"\xE0\x80\xAF", 3, false, 0},         /* overlong */
        {"\xED\xA0\x80", 3, false, 0},         /* surrogate */
        {"\xF4\x90\x80\x80", 4, false, 0},     /* above U+10FFFF */
        {"\xF0\x9F\x98\x80", 4, true, 0},      /* 😀 */
        {"aaaaaaaaaaaaaaaa\x80", 17, false, 16},
        {"a\0b", 3, true, 0},                  /* NUL is valid UTF-8 */
    };
    for (size_t i = 0; i < countof(cases); i++) {
        size_t bad = 999;
        CHECK_INT(vn_utf8_valid(cases[i].s, cases[i].len, &bad), cases[i].ok);
        if (!cases[i].ok) CHECK_INT(bad, cases[i].bad);
    }
    CHECK_INT(vn_utf8_chars("Nguyễn Văn", strlen("Nguyễn Văn")), 10);
    CHECK_INT(vn_utf8_chars("a\xFF" "b", 3), 3);
    char out[4];
    CHECK_INT(vn_utf8_encode(0x1EC5, out), 3);
    CHECK(memcmp(out, "ễ", 3) == 0);
}

static void test_normalize(void)
{
    static const struct { const char *in; unsigned flags; const char *out; } cases[] = {
        {"  Nguyễn   Văn\tAn  ", 0, "Nguyễn Văn An"},
        {"Nguye\xCC\x82\xCC\x83n", 0, "Nguyễn"},                      /* NFD → NFC */
        {"A\xC2\xA0" "B\xE2\x80\x83" "C\xE3\x80\x80" "D", 0, "A B C D"},  /* NBSP, em space, ideographic */
        {"dòng 1\r\ndòng 2\n\n\n\ndòng 3  \n", VN_NORM_MULTILINE, "dòng 1\ndòng 2\n\ndòng 3"},
        {"a\nb", 0, "a b"},
        {"Dƣơng Ƣu", VN_NORM_REPAIR, "Dương Ưu"},                       /* PDF ư */
        {"Dƣơng", 0, "Dƣơng"},                                         /* repairs only on request */
        {"\xC3\x90\xC3\xB4ng \xC3\xB0\xC3\xAAm", VN_NORM_REPAIR, "Đông đêm"},  /* Ð ð (eth) */
        {"\xEF\xAC\x81le tr\xC6\xB0\xC6\xA1\xCC\x80ng", VN_NORM_REPAIR, "file trường"},  /* ligature, horn + grave */
        {"Nguy\xC2\xAD" "ễn\xE2\x80\x8B", VN_NORM_REPAIR, "Nguyễn"},    /* soft hyphen, ZWSP */
        {"\xEF\xBB\xBFxin ch\x01\xC3\xA0o", VN_NORM_REPAIR, "xin chào"}, /* BOM, control */
        {"Dƣ\xCC\x80ng", VN_NORM_REPAIR, "Dừng"},                      /* repaired letter composes */
        {"", 0, ""},
        {"   ", 0, ""},
    };
    buf out = {0};
    for (size_t i = 0; i < countof(cases); i++) {
        struct vn_error err;
        buf_reset(&out);
        CHECK_INT(vn_normalize(cases[i].in, strlen(cases[i].in), cases[i].flags, &out, &err), VN_OK);
        CHECK_STR(buf_str(&out), cases[i].out);
    }
    /* Errors carry the offset of the caller's byte and leave out as it was. */
    static const struct { const char *in; size_t len; unsigned flags; int code; size_t off; } bad[] = {
        {"Nguy\xE1\xBB" "n", 7, 0, VN_ERR_UTF8, 4},
        {"ab\x01" "c", 4, 0, VN_ERR_CONTROL, 2},
        {"ab\x7F", 3, 0, VN_ERR_CONTROL, 2},
        {"x\xC2\x85y", 4, VN_NORM_SINGLE_LINE, VN_ERR_NEWLINE, 1},
        {"dòng\nhai", 9, VN_NORM_SINGLE_LINE, VN_ERR_NEWLINE, 5},
        {"a\0b", 3, 0, VN_ERR_CONTROL, 1},
    };
    for (size_t i = 0; i < countof(bad); i++) {
        struct vn_error err;
        buf_reset(&out);
        buf_puts(&out, "keep");
        CHECK_INT(vn_normalize(bad[i].in, bad[i].len, bad[i].flags, &out, &err), bad[i].code);
        CHECK_INT(err.code, bad[i].code);
        CHECK_INT(err.offset, bad[i].off);
        CHECK_STR(buf_str(&out), "keep");
    }
    /* Normalising twice changes nothing. */
    vn_rng r = {7};
    for (int i = 0; i < 2000; i++) {
        char w[256];
        vn_gen_word(&r, w, sizeof w);
        buf a = {0}, b = {0};
        CHECK_INT(vn_normalize(w, strlen(w), 0, &a, NULL), VN_OK);
        CHECK_INT(vn_normalize(a.data, a.len, 0, &b, NULL), VN_OK);
        CHECK_STR(buf_str(&a), buf_str(&b));
        buf_free(&a);
        buf_free(&b);
    }
    buf_free(&out);
}

static void test_field(void)
{
    static const struct vn_field name = {1, 10, VN_NORM_REPAIR | VN_NORM_SINGLE_LINE};
    buf out = {0}, msg = {0};
    struct vn_error err;
    CHECK_INT(vn_field_clean("  Lê  Lợi ", strlen("  Lê  Lợi "), &name, &out, &err), VN_OK);
    CHECK_STR(buf_str(&out), "Lê Lợi");
    buf_reset(&out);
    CHECK_INT(vn_field_clean("   ", 3, &name, &out, &err), VN_ERR_TOO_SHORT);
    CHECK_STR(buf_str(&out), "");
    vn_error_message(&err, "Họ và tên", &msg);
    CHECK_STR(buf_str(&msg), "Họ và tên: không được để trống");
    /* 11 characters (Vietnamese letters count as one each, in NFD input too). */
    const char *longer = "Nguye\xCC\x82\xCC\x83n Văn Ab";
    CHECK_INT(vn_field_clean(longer, strlen(longer), &name, &out, &err), VN_ERR_TOO_LONG);
    CHECK_INT(err.limit, 10);
    CHECK_INT(err.count, 13);
    buf_reset(&msg);
    vn_error_message(&err, "Họ và tên", &msg);
    CHECK_STR(buf_str(&msg), "Họ và tên: dài quá 10 ký tự (có 13)");
    CHECK_INT(vn_field_clean("ab\xFF", 3, &name, &out, &err), VN_ERR_UTF8);
    buf_reset(&msg);
    vn_error_message(&err, NULL, &msg);
    CHECK_STR(buf_str(&msg), "UTF-8 không hợp lệ ở byte thứ 3");
    static const struct vn_field min3 = {3, 0, 0};
    CHECK_INT(vn_field_clean("ab", 2, &min3, &out, &err), VN_ERR_TOO_SHORT);
    buf_reset(&msg);
    vn_error_message(&err, NULL, &msg);
    CHECK_STR(buf_str(&msg), "ngắn quá: cần ít nhất 3 ký tự (có 2)");
    buf_free(&out);
    buf_free(&msg);
}

static void test_fold(void)
{
    static const char *const cases[][2] = {
        {"ĐƯỜNG Trần Hưng Đạo, Lạng Sơn", "duong tran hung dao, lang son"},
        {"Nguyễn Huy Thọ", "nguyen huy tho"},
        {"NGUYỄN", "nguyen"},
        {"Nguye\xCC\x82\xCC\x83n", "nguyen"},               /* NFD */
        {"đĐ ƠơƯư ĂăÂâÊêÔô", "dd oouu aaaaeeoo"},
        {"Dƣơng", "duong"},                                   /* PDF ư */
        {"Straße ÆSIR œuvre", "strasse aesir oeuvre"},
        {"ﬁle Ａｂｃ ①", "file abc 1"},                          /* compatibility forms */
        {"Øresund Łódź İstanbul", "oresund lodz istanbul"},
        {"Nguy\xC2\xAD" "ễn", "nguyen"},                       /* soft hyphen dropped */
        {"123 - 456.789 đồng", "123 - 456.789 dong"},
        {"bad\xFF" "byte", "bad\xEF\xBF\xBD" "byte"},          /* U+FFFD */
        {"한국어", "한국어"},                                     /* Hangul recomposed */
        {"Ελληνικά", "ελληνικα"},
        {"", ""},
    };
    for (size_t i = 0; i < countof(cases); i++) CHECK_STR(fold(cases[i][0]), cases[i][1]);
    /* Appends, returns the count, and the _str variant allocates. */
    buf b = {0};
    buf_puts(&b, "x");
    CHECK_INT(vn_fold("Ấ", 3, &b), 1);
    CHECK_STR(buf_str(&b), "xa");
    buf_free(&b);
    char *s = vn_fold_str("Lạng Sơn");
    CHECK_STR(s, "lang son");
    free(s);
    /* vn_fold_cp agrees with vn_fold on single characters */
    char f[64];
    CHECK_INT(vn_fold_cp(0x1EA0, f, sizeof f), 1);  /* Ạ */
    CHECK(f[0] == 'a');
    CHECK_INT(vn_fold_cp(0x0301, f, sizeof f), 0);  /* a lone mark folds to nothing */
}

/* fold(NFD(x)) == fold(x) == fold(NFC(x)): generated Vietnamese text and every assigned code
 * point of the BMP in small groups. */
static void test_fold_nfd_property(void)
{
    vn_rng r = {2024};
    long tried = 0, ok = 0;
    for (int i = 0; i < 20000; i++) {
        char w[256];
        if (i % 2) vn_gen_word(&r, w, sizeof w);
        else {
            struct vn_gen_name g;
            vn_gen_name(&r, &g);
            snprintf(w, sizeof w, "%s", g.full);
        }
        utf8proc_uint8_t *d = utf8proc_NFD((const utf8proc_uint8_t *)w);
        char *a = xstrdup(fold(w));
        tried++;
        if (strcmp(a, fold((const char *)d)) == 0) ok++;
        else if (tried - ok < 5) check_fail_at(__FILE__, __LINE__, "fold(NFD(\"%s\")) differs", w);
        free(a);
        free(d);
    }
    long cps = 0, cps_ok = 0;
    for (int32_t base = 0x20; base < 0x10000; base += 8) {
        char w[64];
        size_t n = 0;
        for (int32_t cp = base; cp < base + 8; cp++) {
            if (cp >= 0xD800 && cp < 0xE000) continue;
            if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CN) continue;
            n += vn_utf8_encode(cp, w + n);
        }
        w[n] = 0;
        if (!n) continue;
        utf8proc_uint8_t *d = utf8proc_NFD((const utf8proc_uint8_t *)w);
        utf8proc_uint8_t *c = utf8proc_NFC((const utf8proc_uint8_t *)w);
        char *a = xstrdup(fold(w));
        cps++;
        if (strcmp(a, fold((const char *)d)) == 0 && strcmp(a, fold((const char *)c)) == 0) cps_ok++;
        else if (cps - cps_ok < 5) check_fail_at(__FILE__, __LINE__, "fold(NFD/NFC(U+%04X..)) differs", (unsigned)base);
        free(a);
        free(d);
        free(c);
    }
    printf("     fold(NFD(x)) == fold(x): %ld/%ld generated words and names, %ld/%ld groups of BMP code points\n",
           ok, tried, cps_ok, cps);
    /* vn_fold_cp never needs more than 64 bytes for one code point */
    size_t longest = 0;
    for (int32_t cp = 0; cp < 0x110000; cp++) {
        if (cp >= 0xD800 && cp < 0xE000) continue;
        char out[256];
        size_t l = vn_fold_cp(cp, out, sizeof out);
        if (l > longest) longest = l;
    }
    CHECK(longest <= 64);
}

/* ---- SQLite ---- */

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(vn_fts5_register(db), SQLITE_OK);
    return db;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        check_fail_at(__FILE__, __LINE__, "SQL failed: %s: %s", sql, err ? err : "?");
        sqlite3_free(err);
    }
}

/* Runs a query with one text parameter and joins the first column of all rows with '|'. */
static char *query(sqlite3 *db, const char *sql, const char *param)
{
    static buf b;
    buf_reset(&b);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        buf_printf(&b, "error: %s", sqlite3_errmsg(db));
        return b.data;
    }
    if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (b.len) buf_putc(&b, '|');
        const char *t = (const char *)sqlite3_column_text(st, 0);
        buf_puts(&b, t ? t : "NULL");
    }
    if (rc != SQLITE_DONE) buf_printf(&b, "error: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    if (!b.data) buf_puts(&b, "");
    return b.data;
}

static void test_fts5(void)
{
    sqlite3 *db = open_db();
    exec(db, "CREATE VIRTUAL TABLE donor USING fts5(name, note, tokenize='vnfold')");
    exec(db, "INSERT INTO donor(rowid, name, note) VALUES "
             "(1, 'Nguyễn Huy Thọ', 'ủng hộ đồng bào'),"
             "(2, 'Trần Thị Đường', 'ĐƯỜNG Trần Hưng Đạo, Lạng Sơn'),"
             "(3, 'Nguye\xCC\x82\xCC\x83n Văn An', 'NFD input'),"
             "(4, 'Công ty TNHH Nguyên Phát', NULL),"
             "(5, 'Dƣơng Văn Bình', 'PDF text')");
    static const char *const q[][2] = {
        {"nguyen", "1|3|4"},
        {"NGUYỄN", "1|3|4"},
        {"nguy*", "1|3|4"},          /* prefix finds Nguyễn */
        {"Nguyễ*", "1|3|4"},
        {"duong", "2|5"},            /* đ folds to d; ƣ to u */
        {"đường", "2|5"},
        {"\"tran hung dao\"", "2"},  /* phrase */
        {"NGUYEN HUY THO", "1"},     /* a folded bank name finds the donor */
        {"tho AND ho", "1"},
        {"lang son", "2"},
        {"an", "3"},
        {"xyz", ""},
    };
    for (size_t i = 0; i < countof(q); i++)
        CHECK_STR(query(db, "SELECT rowid FROM donor WHERE donor MATCH ?1 ORDER BY rowid", q[i][0]), q[i][1]);
    /* offsets point into the original text (highlight) */
    CHECK_STR(query(db, "SELECT highlight(donor, 0, '[', ']') FROM donor WHERE donor MATCH ?1", "tho"),
              "Nguyễn Huy [Thọ]");
    /* the tokenizer takes no options */
    char *err = NULL;
    CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE t2 USING fts5(x, tokenize='vnfold remove_diacritics 1')",
                       NULL, NULL, &err) != SQLITE_OK);
    sqlite3_free(err);
    sqlite3_close(db);
}

static void test_sql_functions(void)
{
    sqlite3 *db = open_db();
    CHECK_STR(query(db, "SELECT vn_fold(?1)", "ĐƯỜNG Trần Hưng Đạo"), "duong tran hung dao");
    CHECK_STR(query(db, "SELECT vn_fold(NULL)", NULL), "NULL");
    CHECK_STR(query(db, "SELECT vn_fold(42)", NULL), "42");
    CHECK_STR(query(db, "SELECT typeof(vn_sortkey(?1))", "a"), "blob");
    CHECK_STR(query(db, "SELECT typeof(vn_name_sortkey(?1))", "Lê An"), "blob");
    /* ORDER BY a sort key column, through an index, gives Vietnamese order */
    exec(db, "CREATE TABLE p(name TEXT, k BLOB, nk BLOB)");
    exec(db, "CREATE INDEX p_k ON p(k)");
    exec(db, "INSERT INTO p(name) VALUES ('Đỗ Bình'),('Lê Thị An'),('an'),('Ân'),('ả b'),('a c'),"
             "('Ấn'),('Anh'),('Ăn'),('ăn'),('b'),('Nguyễn Văn Án'),('Trần An')");
    exec(db, "UPDATE p SET k = vn_sortkey(name), nk = vn_name_sortkey(name)");
    CHECK_STR(query(db, "SELECT name FROM p ORDER BY k", NULL),
              "ả b|a c|an|Anh|ăn|Ăn|Ân|Ấn|b|Đỗ Bình|Lê Thị An|Nguyễn Văn Án|Trần An");
    CHECK_STR(query(db, "SELECT name FROM p WHERE name LIKE '% %' AND name NOT LIKE '_ _' ORDER BY nk", NULL),
              "Lê Thị An|Trần An|Nguyễn Văn Án|Đỗ Bình");
    /* a folded column for LIKE search */
    CHECK_STR(query(db, "SELECT name FROM p WHERE vn_fold(name) LIKE '%' || vn_fold(?1) || '%' ORDER BY k", "AN"),
              "an|Anh|ăn|Ăn|Ân|Ấn|Lê Thị An|Nguyễn Văn Án|Trần An");
    sqlite3_close(db);
}

/* One LIKE pattern for every search (units, users): folded words joined by '%', LIKE's own
 * characters kept literal, nothing for a search without a word. */
static void test_like_pattern(void)
{
    arena a = {0};
    CHECK_STR(vn_like_pattern(&a, "Nguyễn  Hoà"), "%nguyen%hoa%");
    CHECK_STR(vn_like_pattern(&a, "ĐƯỜNG-tỉnh"), "%duong%tinh%");
    CHECK_STR(vn_like_pattern(&a, "50%_off"), "%50\\%\\_off%");
    CHECK(vn_like_pattern(&a, " - ") == NULL);
    CHECK(vn_like_pattern(&a, "") == NULL);
    arena_free(&a);
}

int main(void)
{
    RUN(test_like_pattern);
    RUN(test_utf8);
    RUN(test_normalize);
    RUN(test_field);
    RUN(test_fold);
    RUN(test_fold_nfd_property);
    RUN(test_fts5);
    RUN(test_sql_functions);
    return check_done();
}
