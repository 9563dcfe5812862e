/* api.c: the shared rules of the JSON API (api.h): declared body members and their types, the
 * list envelope and paging, the reference rule, and the error reply. */
#include "api.h"

#include <string.h>

static const struct { const char *vi, *code; } type_names[] = {
    [API_TEXT] = {"chuỗi", "text"},
    [API_TEXT_NULL] = {"chuỗi hoặc null", "text|null"},
    [API_INT] = {"số nguyên", "int"},
    [API_BOOL] = {"true hoặc false", "bool"},
    [API_REF] = {"số id hoặc chuỗi mã", "ref"},
    [API_REF_NULL] = {"số id, chuỗi mã hoặc null", "ref|null"},
    [API_ARRAY] = {"mảng", "array"},
    [API_OBJECT] = {"đối tượng", "object"},
};
const struct api_member api_no_body[] = {{NULL, 0}};
const struct api_member api_file_body[] = {{NULL, 0}};

const char *api_type_name(enum api_type t) { return type_names[t].vi; }
const char *api_type_code(enum api_type t) { return type_names[t].code; }

static bool type_ok(enum api_type t, json_t *v)
{
    switch (t) {
    case API_TEXT: return json_is_string(v);
    case API_TEXT_NULL: return json_is_string(v) || json_is_null(v);
    case API_INT: return json_is_integer(v);
    case API_BOOL: return json_is_boolean(v);
    case API_REF: return (json_is_integer(v) && json_integer_value(v) > 0) || json_is_string(v);
    case API_REF_NULL: return (json_is_integer(v) && json_integer_value(v) > 0) || json_is_string(v) || json_is_null(v);
    case API_ARRAY: return json_is_array(v);
    case API_OBJECT: return json_is_object(v);
    }
    return false;
}

bool api_body_check(req *r, const struct api_member *spec, struct field_errors *fe)
{
    if (!r->json && r->body_len == 0 && spec == api_no_body) return true;   /* nothing sent, nothing due */
    if (!json_is_object(r->json)) {
        ferr_add(fe, "_body", "Cần gửi một đối tượng JSON (Content-Type: application/json).");
        return false;
    }
    const char *key;
    json_t *v;
    int before = fe->n;
    json_object_foreach(r->json, key, v) {
        const struct api_member *m = spec;
        while (m && m->name && !str_eq(m->name, key)) m++;
        const char *field = arena_printf(&r->a, "%.64s", key);
        if (!m || !m->name) ferr_add(fe, field, "Trường này không được hỗ trợ.");
        else if (!type_ok(m->type, v))
            ferr_add(fe, field, arena_printf(&r->a, "Phải là %s.", api_type_name(m->type)));
    }
    return fe->n == before;
}

const char *api_text(req *r, const char *name)
{
    json_t *v = json_object_get(r->json, name);
    if (!v) return NULL;
    return json_is_string(v) ? json_string_value(v) : "";
}

bool api_has(req *r, const char *name) { return json_object_get(r->json, name) != NULL; }

bool api_int(req *r, const char *name, int64_t *out)
{
    json_t *v = json_object_get(r->json, name);
    if (!json_is_integer(v)) return false;
    *out = (int64_t)json_integer_value(v);
    return true;
}

int api_bool(req *r, const char *name)
{
    json_t *v = json_object_get(r->json, name);
    return json_is_boolean(v) ? json_is_true(v) : -1;
}

struct ref api_ref(req *r, const char *name)
{
    json_t *v = json_object_get(r->json, name);
    if (!v) return (struct ref){REF_NONE, 0, NULL};
    if (json_is_null(v)) return (struct ref){REF_NULL, 0, NULL};
    if (json_is_integer(v) && json_integer_value(v) > 0) return (struct ref){REF_ID, (int64_t)json_integer_value(v), NULL};
    if (json_is_string(v)) return (struct ref){REF_CODE, 0, json_string_value(v)};
    return (struct ref){REF_BAD, 0, NULL};
}

struct ref ref_parse(const char *text)
{
    int64_t id;
    if (str_empty(text)) return (struct ref){REF_NONE, 0, NULL};
    if (str_starts(text, "id:"))
        return parse_int64(text + 3, &id) && id > 0 ? (struct ref){REF_ID, id, NULL} : (struct ref){REF_BAD, 0, NULL};
    if (str_starts(text, "code:"))
        return text[5] ? (struct ref){REF_CODE, 0, text + 5} : (struct ref){REF_BAD, 0, NULL};
    bool digits = true;
    for (const char *p = text; *p && digits; p++) digits = *p >= '0' && *p <= '9';
    if (digits && parse_int64(text, &id) && id > 0) return (struct ref){REF_DIGITS, id, text};
    return (struct ref){REF_CODE, 0, text};
}

bool api_page_read(req *r, struct api_page *p, int64_t def, int64_t max, struct field_errors *fe)
{
    p->limit = def;
    p->offset = 0;
    const char *ls = web_param(r, "limit"), *os = web_param(r, "offset");
    int before = fe->n;
    if (ls && (!parse_int64(ls, &p->limit) || p->limit < 1 || p->limit > max))
        ferr_add(fe, "limit", arena_printf(&r->a, "Phải là số từ 1 đến %lld.", (long long)max));
    if (os && (!parse_int64(os, &p->offset) || p->offset < 0 || p->offset > 1000000000))
        ferr_add(fe, "offset", "Phải là số từ 0 đến 1.000.000.000.");
    return fe->n == before;
}

json_t *api_list(json_t *items, int64_t total, const struct api_page *p)
{
    return json_pack("{s:o, s:I, s:o, s:I, s:I}", "items", items, "count", (json_int_t)json_array_size(items),
                     "total", total < 0 ? json_null() : json_integer(total), "limit", (json_int_t)p->limit,
                     "offset", (json_int_t)p->offset);
}

void api_reply_errors(req *r, const struct field_errors *fe)
{
    if (ferr_get(fe, "_busy")) {
        web_header(r, "Retry-After", "5");
        web_error(r, 503, ferr_get(fe, "_busy"));
    } else if (ferr_get(fe, "_")) {
        web_fail(r, ferr_get(fe, "_"));
    } else {
        web_json_fields(r, "Dữ liệu không hợp lệ: xem từng trường trong \"fields\".", ferr_json(fe));
    }
}
