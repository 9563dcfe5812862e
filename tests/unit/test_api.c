/* test_api.c: the shared rules of the JSON API (api.c): declared members and types (unknown and
 * mistyped members are field errors named by the field), accessors, the reference rule for JSON
 * and for text, paging bounds and the list envelope. */
#include "api.h"
#include "check.h"

static const struct api_member spec[] = {
    {"name", API_TEXT}, {"note", API_TEXT_NULL}, {"year", API_INT}, {"active", API_BOOL},
    {"parent", API_REF_NULL}, {"unit", API_REF}, {"items", API_ARRAY}, {NULL, 0},
};

static bool check(req *r, const char *body, struct field_errors *fe)
{
    json_decref(r->json);
    r->json = json_loads(body, 0, NULL);
    memset(fe, 0, sizeof *fe);
    return api_body_check(r, spec, fe);
}

static void test_members_and_types(void)
{
    req r;
    req_init(&r);
    struct field_errors fe;
    CHECK(check(&r, "{\"name\":\"Sở Nội vụ\",\"note\":null,\"year\":2019,\"active\":true,\"parent\":null,\"unit\":\"STC\",\"items\":[]}", &fe));
    CHECK_STR(api_text(&r, "name"), "Sở Nội vụ");
    CHECK_STR(api_text(&r, "note"), "");
    CHECK(api_text(&r, "nothing") == NULL);
    int64_t y = 0;
    CHECK(api_int(&r, "year", &y) && y == 2019);
    CHECK_INT(api_bool(&r, "active"), 1);
    CHECK_INT(api_bool(&r, "absent"), -1);
    CHECK_INT(api_ref(&r, "parent").kind, REF_NULL);
    struct ref u = api_ref(&r, "unit");
    CHECK(u.kind == REF_CODE && str_eq(u.code, "STC"));
    /* An unknown member and a wrong type: both named; a number where text is due is not text. */
    CHECK(!check(&r, "{\"nmae\":\"x\",\"name\":5,\"unit\":0,\"year\":\"2019\"}", &fe));
    CHECK_STR(ferr_get(&fe, "nmae"), "Trường này không được hỗ trợ.");
    CHECK_STR(ferr_get(&fe, "name"), "Phải là chuỗi.");
    CHECK(ferr_get(&fe, "unit") != NULL);         /* 0 is no id */
    CHECK(ferr_get(&fe, "year") != NULL);
    CHECK_INT(fe.n, 4);
    CHECK(!check(&r, "[1,2]", &fe));
    CHECK(ferr_get(&fe, "_body") != NULL);
    json_decref(r.json);
    r.json = NULL;
    req_free(&r);
}

static void test_ref_parse(void)
{
    struct ref x = ref_parse("id:12");
    CHECK(x.kind == REF_ID && x.id == 12);
    x = ref_parse("code:123");
    CHECK(x.kind == REF_CODE && str_eq(x.code, "123"));
    x = ref_parse("123");
    CHECK(x.kind == REF_DIGITS && x.id == 123);       /* an id unless another record's code */
    x = ref_parse("STC");
    CHECK(x.kind == REF_CODE && str_eq(x.code, "STC"));
    CHECK_INT(ref_parse("").kind, REF_NONE);
    CHECK_INT(ref_parse(NULL).kind, REF_NONE);
    CHECK_INT(ref_parse("id:abc").kind, REF_BAD);
    CHECK_INT(ref_parse("id:0").kind, REF_BAD);
    CHECK_INT(ref_parse("code:").kind, REF_BAD);
}

static void test_paging_and_envelope(void)
{
    req r;
    req_init(&r);
    struct field_errors fe = {0};
    struct api_page p;
    CHECK(api_page_read(&r, &p, 100, 1000, &fe));
    CHECK(p.limit == 100 && p.offset == 0);
    kv_add(&r.a, &r.query, "limit", "1001", 4);
    kv_add(&r.a, &r.query, "offset", "-1", 2);
    CHECK(!api_page_read(&r, &p, 100, 1000, &fe));
    CHECK(ferr_get(&fe, "limit") != NULL && ferr_get(&fe, "offset") != NULL);
    p = (struct api_page){2, 4};
    json_t *items = json_pack("[i,i]", 1, 2);
    json_t *env = api_list(items, -1, &p);
    char *s = json_dumps(env, JSON_SORT_KEYS | JSON_COMPACT);
    CHECK_STR(s, "{\"count\":2,\"items\":[1,2],\"limit\":2,\"offset\":4,\"total\":null}");
    free(s);
    json_decref(env);
    req_free(&r);
}

int main(void)
{
    RUN(test_members_and_types);
    RUN(test_ref_parse);
    RUN(test_paging_and_envelope);
    return check_done();
}
