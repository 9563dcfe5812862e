/* test_html.c: every conversion of the HTML output layer (html.h): %s escaping of & < > " ',
 * %u, %j, %d, %D, %M (money with dot groups, negatives, extremes), %T (ISO date to dd/mm/yyyy,
 * anything else escaped), %R raw, %%, unknown conversions; and the page shell and form helpers
 * that build on it (CSRF field, labels, skip link, escaping of values). */
#include <stdint.h>

#include "check.h"
#include "html.h"

/* Formats into a fresh buffer; the result lives until the next call. */
static const char *fmt(const char *f, ...)
{
    static buf b;
    buf_free(&b);
    va_list ap;
    va_start(ap, f);
    html_buf_v(&b, f, ap);
    va_end(ap);
    return buf_str(&b);
}

static const char *money(int64_t v) { return fmt("%M", v); }

static void test_s_escapes_all_five(void)
{
    CHECK_STR(fmt("<p>%s</p>", "a & b < c > d \" e ' f"),
              "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f</p>");
    CHECK_STR(fmt("%s", "<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK_STR(fmt("<a title=\"%s\">", "\" onmouseover=\"x"), "<a title=\"&quot; onmouseover=&quot;x\">");
    CHECK_STR(fmt("%s", "&amp;"), "&amp;amp;");                 /* escaping is not idempotent: by design */
    CHECK_STR(fmt("[%s]", (const char *)NULL), "[]");          /* NULL prints nothing */
    CHECK_STR(fmt("%s", "Nguyễn Thị Hoà – Đồng Đăng"), "Nguyễn Thị Hoà – Đồng Đăng");  /* UTF-8 untouched */
    CHECK_STR(fmt("%s%s", "<", ">"), "&lt;&gt;");
    CHECK_STR(fmt("no conversions"), "no conversions");
}

static void test_u_percent_encodes(void)
{
    CHECK_STR(fmt("/login?next=%u", "/units/5?x=1&y=2"), "/login?next=%2Funits%2F5%3Fx%3D1%26y%3D2");
    CHECK_STR(fmt("%u", "a-b_c.d~e"), "a-b_c.d~e");
    CHECK_STR(fmt("%u", "Đ \"<"), "%C4%90%20%22%3C");
    CHECK_STR(fmt("%u", "javascript:alert(1)"), "javascript%3Aalert%281%29");
    CHECK_STR(fmt("[%u]", (const char *)NULL), "[]");
}

static void test_j_json_in_attribute(void)
{
    CHECK_STR(fmt("%j", "x"), "&quot;x&quot;");
    /* Quotes and backslashes escaped for JSON, then the whole literal for HTML. */
    CHECK_STR(fmt("%j", "a\"b\\c"), "&quot;a\\&quot;b\\\\c&quot;");
    /* < > & become \u escapes, so even a raw <script> context could not be closed. */
    CHECK_STR(fmt("%j", "</script>&"), "&quot;\\u003c/script\\u003e\\u0026&quot;");
    CHECK_STR(fmt("%j", "l1\nl2\t"), "&quot;l1\\u000al2\\u0009&quot;");
    CHECK_STR(fmt("%j", "'"), "&quot;&#39;&quot;");
    CHECK_STR(fmt("%j", (const char *)NULL), "&quot;&quot;");
    CHECK_STR(fmt("%j", "Hà Nội"), "&quot;Hà Nội&quot;");
}

static void test_d_and_D(void)
{
    CHECK_STR(fmt("%d|%d|%d", 0, -5, 2147483647), "0|-5|2147483647");
    CHECK_STR(fmt("%D", (int64_t)14000000000), "14000000000");
    CHECK_STR(fmt("%D", INT64_MIN), "-9223372036854775808");
    CHECK_STR(fmt("%D|%s", (int64_t)7, "<"), "7|&lt;");        /* argument order kept */
}

static void test_M_money(void)
{
    CHECK_STR(money(14000000000), "14.000.000.000");
    CHECK_STR(money(0), "0");
    CHECK_STR(money(5), "5");
    CHECK_STR(money(999), "999");
    CHECK_STR(money(1000), "1.000");
    CHECK_STR(money(100000), "100.000");
    CHECK_STR(money(1234567), "1.234.567");
    CHECK_STR(money(-1), "-1");
    CHECK_STR(money(-1500), "-1.500");
    CHECK_STR(money(-999999), "-999.999");
    CHECK_STR(money(-14000000000), "-14.000.000.000");
    CHECK_STR(money(INT64_MAX), "9.223.372.036.854.775.807");
    CHECK_STR(money(INT64_MIN), "-9.223.372.036.854.775.808");
    CHECK_STR(fmt("%M đồng", (int64_t)50000), "50.000 đồng");
    buf b = {0};
    money_format(&b, 2500000);
    CHECK_STR(buf_str(&b), "2.500.000");
    buf_free(&b);
}

static void test_T_dates(void)
{
    CHECK_STR(fmt("%T", "2019-08-19"), "19/08/2019");
    CHECK_STR(fmt("%T", "2025-07-01T08:30:00Z"), "01/07/2025");
    CHECK_STR(fmt("%T", "2024-02-29"), "29/02/2024");          /* leap day */
    CHECK_STR(fmt("%T", "2000-02-29"), "29/02/2000");
    CHECK_STR(fmt("%T", "2024-12-31 23:59"), "31/12/2024");
    /* Not a date: printed as given, escaped; never a made-up date. */
    CHECK_STR(fmt("%T", "2019-13-01"), "2019-13-01");
    CHECK_STR(fmt("%T", "2019-00-10"), "2019-00-10");
    CHECK_STR(fmt("%T", "2019-02-30"), "2019-02-30");
    CHECK_STR(fmt("%T", "2023-02-29"), "2023-02-29");
    CHECK_STR(fmt("%T", "1900-02-29"), "1900-02-29");
    CHECK_STR(fmt("%T", "2019-04-31"), "2019-04-31");
    CHECK_STR(fmt("%T", "2019-08-19x"), "2019-08-19x");
    CHECK_STR(fmt("%T", "19/08/2019"), "19/08/2019");
    CHECK_STR(fmt("%T", "<b>"), "&lt;b&gt;");
    CHECK_STR(fmt("%T", "2019-8-1"), "2019-8-1");
    CHECK_STR(fmt("%T", ""), "");
    CHECK_STR(fmt("[%T]", (const char *)NULL), "[]");
}

static void test_R_raw_and_percent(void)
{
    CHECK_STR(fmt("<p%R>", " class=\"x\""), "<p class=\"x\">");   // raw: test of the raw conversion
    CHECK_STR(fmt("[%R]", (const char *)NULL), "[]");             // raw: NULL prints nothing
    CHECK_STR(fmt("100%%"), "100%");
    CHECK_STR(fmt("%%s"), "%s");
}

static void test_unknown_conversion_is_visible(void)
{
    CHECK_STR(fmt("a%qb"), "a[bad %q]b");
    CHECK_STR(fmt("end%"), "end[bad %]");
}

static void test_escape_helpers(void)
{
    buf b = {0};
    html_escape(&b, "a<b\0c>", 6);                 /* length-based: a NUL is just a byte */
    CHECK_INT(b.len, 12);
    CHECK(memcmp(b.data, "a&lt;b\0c&gt;", 12) == 0);
    buf_reset(&b);
    json_quote(&b, "x\x01y");
    CHECK_STR(buf_str(&b), "\"x\\u0001y\"");
    buf_reset(&b);
    url_encode(&b, "");
    CHECK_STR(buf_str(&b), "");
    buf_free(&b);
}

static void test_page_shell_and_forms(void)
{
    req r;
    req_init(&r);
    r.path = "/units";
    r.user.id = 7;
    r.user.name = "Trần <Văn> Ba";
    r.user.role_label = "Chuyên viên";
    r.user.caps = CAP_BIT(CAP_UNIT_READ);
    r.user.csrf = "c0ffee";
    page_begin(&r, "Đơn vị & \"khối\"");
    form_begin(&r, "/units/new?x=<1>", NULL);
    form_field(&r, "text", "name", "Tên đơn vị", "<script>x</script>", "Tên \"trùng\"", "required");
    form_field(&r, "password", "pw", "Mật khẩu", "secret-value", NULL, NULL);
    form_field(&r, "textarea", "note", "Ghi chú", "a</textarea><b>", NULL, NULL);
    const char *const opts[] = {"commune", "Xã", "ward", "Phường <P>", NULL};
    form_select(&r, "kind", "Loại", opts, "ward", NULL);
    form_end(&r, "Lưu");
    page_notice(&r, "error", "Lỗi <x>");
    page_end(&r);
    const char *o = buf_str(&r.out);
    CHECK_CONTAINS(o, "<html lang=\"vi\">");
    CHECK_CONTAINS(o, "<title>Đơn vị &amp; &quot;khối&quot; · thidua</title>");
    CHECK_CONTAINS(o, "<a class=\"skip\" href=\"#main\">");
    CHECK_CONTAINS(o, "<main id=\"main\"");
    CHECK_CONTAINS(o, "Trần &lt;Văn&gt; Ba");
    CHECK_CONTAINS(o, "<a href=\"/units\" aria-current=\"page\">Đơn vị</a>");
    CHECK(strstr(o, "href=\"/users\"") == NULL);        /* no capability, no menu entry */
    CHECK_CONTAINS(o, "action=\"/units/new?x=&lt;1&gt;\"");
    CHECK_CONTAINS(o, "<input type=\"hidden\" name=\"_csrf\" value=\"c0ffee\">");
    CHECK_CONTAINS(o, "<label for=\"f-name\">Tên đơn vị</label>");
    CHECK_CONTAINS(o, "value=\"&lt;script&gt;x&lt;/script&gt;\"");
    CHECK_CONTAINS(o, "aria-invalid=\"true\"");
    CHECK_CONTAINS(o, "Tên &quot;trùng&quot;");
    CHECK(strstr(o, "secret-value") == NULL);             /* passwords are never echoed */
    CHECK_CONTAINS(o, "a&lt;/textarea&gt;&lt;b&gt;</textarea>");
    CHECK_CONTAINS(o, "<option value=\"ward\" selected>Phường &lt;P&gt;</option>");
    CHECK_CONTAINS(o, "<p class=\"notice error\" role=\"alert\">Lỗi &lt;x&gt;</p>");
    CHECK(strstr(o, "<script>x") == NULL);
    req_free(&r);
}

static void test_field_errors(void)
{
    struct field_errors e = {0};
    ferr_add(&e, "name", "bắt buộc");
    ferr_add(&e, "name", "lỗi thứ hai bị bỏ qua");
    ferr_add(&e, "code", "trùng");
    CHECK_STR(ferr_get(&e, "name"), "bắt buộc");
    CHECK(ferr_get(&e, "kind") == NULL);
    json_t *j = ferr_json(&e);
    char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
    CHECK_STR(s, "{\"code\":\"trùng\",\"name\":\"bắt buộc\"}");
    free(s);
    json_decref(j);
    for (int i = 0; i < 40; i++) ferr_add(&e, i % 2 ? "a" : "b", "x");   /* bounded, no overflow */
    CHECK(e.n <= 32);
}

/* The page shell draws the menu from the registered features (web_set_features): one of the
 * tests' own, so this file does not depend on the application's features. */
static const struct nav_entry test_nav[] = {{"/units", "Đơn vị", NULL, CAP_UNIT_READ, NAV_MENU}, {0}};
static const struct feature test_feature = {"test", NULL, test_nav, NULL};
static const struct feature *const test_features[] = {&test_feature, NULL};

int main(void)
{
    web_set_features(test_features);
    RUN(test_s_escapes_all_five);
    RUN(test_u_percent_encodes);
    RUN(test_j_json_in_attribute);
    RUN(test_d_and_D);
    RUN(test_M_money);
    RUN(test_T_dates);
    RUN(test_R_raw_and_percent);
    RUN(test_unknown_conversion_is_visible);
    RUN(test_escape_helpers);
    RUN(test_page_shell_and_forms);
    RUN(test_field_errors);
    return check_done();
}
