/* test_csv.c: the CSV writer (csv.h): quoting, formula neutralisation, and that what it writes
 * reads back unchanged through the import reader. */
#include <stdlib.h>

#include "check.h"
#include "csv.h"
#include "import.h"

static const char *cell(const char *s)
{
    static buf b;
    buf_reset(&b);
    csv_text(&b, s);
    return buf_str(&b);
}

static void test_plain_and_quoting(void)
{
    CHECK_STR(cell("Sở Y tế"), "Sở Y tế");
    CHECK_STR(cell(""), "");
    CHECK_STR(cell(NULL), "");
    CHECK_STR(cell("a,b"), "\"a,b\"");
    CHECK_STR(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    CHECK_STR(cell("two\nlines"), "\"two\nlines\"");
    CHECK_STR(cell("cr\rhere"), "\"cr\rhere\"");
    CHECK_STR(cell(" lead"), "\" lead\"");
    CHECK_STR(cell("trail "), "\"trail \"");
    CHECK_STR(cell("\""), "\"\"\"\"");
}

static void test_formula_neutralised(void)
{
    CHECK_STR(cell("=1+1"), "'=1+1");
    CHECK_STR(cell("+84 912 345 678"), "'+84 912 345 678");
    CHECK_STR(cell("-5"), "'-5");
    CHECK_STR(cell("@SUM(A1)"), "'@SUM(A1)");
    CHECK_STR(cell("\tTAB"), "'\tTAB");
    CHECK_STR(cell("\r=x"), "\"'\r=x\"");                 /* CR start: prefixed and quoted */
    CHECK_STR(cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK_STR(cell("\xEF\xBC\x9D" "1+1"), "'\xEF\xBC\x9D" "1+1");   /* full-width = */
    CHECK_STR(cell("\xEF\xBC\xA0" "x"), "'\xEF\xBC\xA0" "x");       /* full-width @ */
    CHECK_STR(cell("'=x"), "''=x");                       /* already an apostrophe: one more */
    CHECK_STR(cell("a=b"), "a=b");                        /* only the first character counts */
    CHECK_STR(cell("'plain"), "'plain");
    CHECK(csv_formula_like("=", 1));
    CHECK(!csv_formula_like("", 0));
    CHECK(!csv_formula_like("x=", 2));
    CHECK_INT(csv_neutral_prefix("'=x", 3), 1);
    CHECK_INT(csv_neutral_prefix("''=x", 4), 1);
    CHECK_INT(csv_neutral_prefix("'x", 2), 0);
    CHECK_INT(csv_neutral_prefix("'", 1), 0);
}

static void test_numbers_and_rows(void)
{
    buf b = {0};
    csv_int(&b, -5);
    csv_sep(&b);
    csv_int(&b, 14000000000);
    csv_eol(&b);
    CHECK_STR(buf_str(&b), "-5,14000000000\r\n");
    buf_reset(&b);
    const char *cells[] = {"Mã", "=cmd|' /C calc'!A0", NULL, "x"};
    csv_row(&b, cells, 4);
    CHECK_STR(buf_str(&b), "Mã,'=cmd|' /C calc'!A0,,x\r\n");
    buf_reset(&b);
    csv_bom(&b);
    CHECK_INT(b.len, 3);
    buf_free(&b);
}

/* Everything the writer produces must come back identical through the reader. */
static void test_round_trip(void)
{
    const char *values[] = {"Sở Y tế", "=1+1", "'=x", "''=y", "-5", "+84", "@a", "\tt", "a,b",
                            "q\"q", "two\nlines", " sp ", "'plain", "Tỉnh Lạng Sơn", "\xEF\xBC\x8B\x39"};
    size_t n = countof(values);
    buf b = {0};
    csv_row(&b, values, n);
    csv_row(&b, values, n);
    arena a = {0};
    struct csv_doc doc;
    CHECK_INT(csv_read(&a, b.data, b.len, ',', &doc), 0);
    CHECK_INT(doc.nrecords, 2);
    if (doc.nrecords == 2) {
        CHECK_INT(doc.records[1].nfields, (int)n);
        for (size_t i = 0; i < n && (int)i < doc.records[1].nfields; i++)
            CHECK_STR(doc.records[1].fields[i], values[i]);
        CHECK(doc.records[1].error == NULL);
    }
    arena_free(&a);
    buf_free(&b);
}

int main(void)
{
    RUN(test_plain_and_quoting);
    RUN(test_formula_neutralised);
    RUN(test_numbers_and_rows);
    RUN(test_round_trip);
    return check_done();
}
