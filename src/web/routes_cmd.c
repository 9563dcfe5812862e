/* routes_cmd.c: `thidua routes [--json]`: prints the route table (every feature's routes, web.h), the security
 * policy of the web face, one route per row: methods, path, required capability, flags, name.
 * tests/scenario/authz.sh reads it to fail when a route exists that its matrix does not cover;
 * operators read it to review who may do what. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "api.h"
#include "web.h"

static const struct { unsigned bit; const char *name; } flag_names[] = {
    {R_HTML, "html"}, {R_JSON, "json"}, {R_CSRF, "csrf"}, {R_LOCAL, "local"},
    {R_NOLOG, "nolog"}, {R_UPLOAD, "upload"}, {R_CACHE, "cache"}, {R_PWCHANGE, "pwchange"},
    {R_SEARCH, "search"},
};

/* Flags as "html,csrf" ("-" for none) into out. */
static void flags_text(unsigned flags, char *out, size_t len)
{
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < countof(flag_names); i++)
        if (flags & flag_names[i].bit)
            n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s%s", n ? "," : "", flag_names[i].name);
    if (!n) snprintf(out, len, "-");
}

static int routes_list_cmd(int argc, char **argv)
{
    bool as_json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &as_json), {0}};
    if (!cli_options("routes", &argc, argv, opts) || argc > 1) {
        fprintf(stderr, "usage: thidua routes [--json]\n");
        return 2;
    }
    if (!as_json) {
        printf("# methods\tpath\tcapability\tflags\tname\n");
        for (int i = 0; i < web_route_count(); i++) {
            const struct route *rt = web_route_at(i);
            char flags[80];
            flags_text(rt->flags, flags, sizeof flags);
            printf("%s\t%s\t%s\t%s\t%s\n", rt->methods, rt->path, cap_name(rt->cap), flags, rt->name);
        }
        return 0;
    }
    json_t *all = json_array();
    for (int i = 0; i < web_route_count(); i++) {
        const struct route *rt = web_route_at(i);
        json_t *methods = json_array(), *flags = json_array();
        for (const char *p = rt->methods; *p;) {
            size_t n = strcspn(p, " ");
            if (n) json_array_append_new(methods, json_stringn(p, n));
            p += n;
            while (*p == ' ') p++;
        }
        for (size_t i = 0; i < countof(flag_names); i++)
            if (rt->flags & flag_names[i].bit) json_array_append_new(flags, json_string(flag_names[i].name));
        /* The body's declared members (api.h), "file" for an upload, or null where the route
         * declares nothing. */
        json_t *body = json_null();
        if (rt->body == api_file_body) {
            body = json_string("file");
        } else if (rt->body) {
            body = json_array();
            for (const struct api_member *m = rt->body; m->name; m++)
                json_array_append_new(body, json_pack("{s:s, s:s}", "name", m->name, "type", api_type_code(m->type)));
        }
        json_array_append_new(all, json_pack("{s:o, s:s, s:s, s:o, s:s, s:o}", "methods", methods, "path", rt->path,
                                             "capability", cap_name(rt->cap), "flags", flags, "name", rt->name,
                                             "body", body));
    }
    char *s = json_dumps(all, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(all);
    if (!s) { fprintf(stderr, "thidua routes: out of memory\n"); return 1; }
    puts(s);
    free(s);
    return 0;
}

const struct cli_cmd routes_cmds[] = {
    {"routes", routes_list_cmd, "[--json]", "list every web route: methods, path, capability, flags, name"},
    {0},
};
