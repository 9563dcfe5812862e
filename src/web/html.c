/* html.c: the escaping output layer (html.h), the page shell, form helpers and field errors.
 * Any page markup that is the same on every page lives here, so pages stay consistent. */
#include "html.h"
#include "vn_calendar.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_escape(buf *b, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(b, s + start, i - start);
        buf_puts(b, rep);
        start = i + 1;
    }
    buf_append(b, s + start, len - start);
}

void url_encode(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') buf_putc(b, (char)*p);
        else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_append(b, e, 3);
        }
    }
}

void json_quote(buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') { buf_putc(b, '\\'); buf_putc(b, (char)*p); }
        else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&') buf_printf(b, "\\u%04x", *p);
        else buf_putc(b, (char)*p);
    }
    buf_putc(b, '"');
}

void money_format(buf *b, int64_t v)
{
    char digits[32];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = snprintf(digits, sizeof digits, "%" PRIu64, u);
    if (v < 0) buf_putc(b, '-');
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) buf_putc(b, '.');
        buf_putc(b, digits[i]);
    }
}

static bool iso_date_parts(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    if (s[10] && s[10] != 'T' && s[10] != ' ') return false;
    *y = atoi(s); *m = atoi(s + 5); *d = atoi(s + 8);
    if (*m < 1 || *m > 12) return false;
    /* A 30 February must show as given, not as a date that looks real. */
    return *d >= 1 && *d <= vn_days_in_month(*y, *m);
}

void html_buf_v(buf *b, const char *fmt, va_list ap)
{
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) { buf_puts(b, p); break; }
        buf_append(b, p, (size_t)(pct - p));
        switch (pct[1]) {
        case 's': { const char *s = va_arg(ap, const char *); if (s) html_escape(b, s, strlen(s)); break; }
        case 'R': { const char *s = va_arg(ap, const char *); if (s) buf_puts(b, s); break; }
        case 'u': { const char *s = va_arg(ap, const char *); if (s) url_encode(b, s); break; }
        case 'j': {
            const char *s = va_arg(ap, const char *);
            buf tmp = {0};
            json_quote(&tmp, s ? s : "");
            html_escape(b, tmp.data, tmp.len);
            buf_free(&tmp);
            break;
        }
        case 'd': buf_printf(b, "%d", va_arg(ap, int)); break;
        case 'D': buf_printf(b, "%" PRId64, va_arg(ap, int64_t)); break;
        case 'M': money_format(b, va_arg(ap, int64_t)); break;
        case 'T': {
            const char *s = va_arg(ap, const char *);
            int y, m, d;
            if (iso_date_parts(s, &y, &m, &d)) buf_printf(b, "%02d/%02d/%04d", d, m, y);
            else if (s) html_escape(b, s, strlen(s));
            break;
        }
        case '%': buf_putc(b, '%'); break;
        default:
            /* An unknown conversion is a programming error: make it visible, never guess. */
            buf_puts(b, "[bad %");
            if (pct[1]) buf_putc(b, pct[1]);
            buf_puts(b, "]");
            if (!pct[1]) return;
        }
        p = pct + 2;
    }
}

void html_buf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_buf_v(b, fmt, ap);
    va_end(ap);
}

void html_v(req *r, const char *fmt, va_list ap) { html_buf_v(&r->out, fmt, ap); }

void html(req *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_buf_v(&r->out, fmt, ap);
    va_end(ap);
}

/* ---- page shell ---- */
void page_begin(req *r, const char *title)
{
    r->content_type = "text/html; charset=utf-8";
    html(r, "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    /* A page that follows work in progress reloads itself (no script; CSP does not cover it). */
    if (r->refresh_seconds > 0) html(r, "<meta http-equiv=\"refresh\" content=\"%d\">", r->refresh_seconds);
    html(r, "<title>%s · thidua</title>"
            "<link rel=\"stylesheet\" href=\"/static/style.css\">"
            "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">"
            "<script src=\"/static/app.js\" defer></script></head><body>"
            "<a class=\"skip\" href=\"#main\">Bỏ qua, tới nội dung chính</a>"
            "<header class=\"top\"><a class=\"brand\" href=\"/\">Thi đua – Khen thưởng</a>"
            "<nav aria-label=\"Chính\"><ul>", title);
    /* The menu: every feature's NAV_MENU entries the user may see (web_set_features). */
    for (const struct feature *const *f = web_features(); *f; f++)
        for (const struct nav_entry *e = (*f)->nav; e && e->href; e++) {
            if (!(e->where & NAV_MENU) || !web_has_cap(r, e->cap)) continue;
            bool here = str_starts(r->path, e->href);
            html(r, "<li><a href=\"%s\"%R>%s</a></li>", e->href,
                 here ? " aria-current=\"page\"" : "", // raw: constant attribute
                 e->label);
        }
    html(r, "</ul></nav><div class=\"who\">");
    if (r->user.id) {
        html(r, "<a href=\"/account\" title=\"Tài khoản\">%s</a> <small>%s</small> ",
             r->user.name, r->user.role_label);
        html(r, "<form method=\"post\" action=\"/logout\" class=\"inline\">"
                "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
                "<button type=\"submit\" class=\"link\">Đăng xuất</button></form>", r->user.csrf);
    } else {
        html(r, "<a href=\"/login\">Đăng nhập</a>");
    }
    html(r, "</div></header><main id=\"main\" tabindex=\"-1\"><h1>%s</h1>", title);
}

void page_end(req *r)
{
    html(r, "</main><footer><p>thidua · phần mềm mã nguồn mở quản lý thi đua – khen thưởng</p>"
            "</footer></body></html>\n");
}

void page_notice(req *r, const char *kind, const char *text)
{
    html(r, "<p class=\"notice %s\" role=\"%s\">%s</p>", kind,
         str_eq(kind, "error") ? "alert" : "status", text);
}

int64_t page_number(req *r)
{
    int64_t page = 1;
    if (!parse_int64(web_param(r, "page"), &page) || page < 1) page = 1;
    return page > 100000 ? 100000 : page;
}

void page_links(req *r, const char *path, const char *const *keep, int64_t page, bool has_next)
{
    if (page <= 1 && !has_next) return;
    buf qs = {0};
    for (const char *const *k = keep; k && *k; k++) {
        const char *v = web_param(r, *k);
        if (str_empty(v)) continue;
        buf_printf(&qs, "%s=", *k);
        url_encode(&qs, v);
        buf_putc(&qs, '&');
    }
    html(r, "<nav class=\"pager\" aria-label=\"Trang\">");
    if (page > 1) html(r, "<a href=\"%s?%spage=%D\" rel=\"prev\">← Trang trước</a>", path, buf_str(&qs), page - 1);
    html(r, "<span class=\"muted\">Trang %D</span>", page);
    if (has_next) html(r, "<a href=\"%s?%spage=%D\" rel=\"next\">Trang sau →</a>", path, buf_str(&qs), page + 1);
    html(r, "</nav>");
    buf_free(&qs);
}

/* ---- forms ---- */
void form_begin(req *r, const char *action, const char *extra_attrs_raw)
{
    html(r, "<form method=\"post\" action=\"%s\" %R>"
            "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">",
         action, extra_attrs_raw ? extra_attrs_raw : "", // raw: attributes written by the caller's code
         r->user.csrf);
}

void form_end(req *r, const char *submit_label)
{
    html(r, "<p class=\"actions\"><button type=\"submit\">%s</button></p></form>", submit_label);
}

void form_field(req *r, const char *type, const char *name, const char *label,
                const char *value, const char *error, const char *attrs_raw)
{
    const char *a = attrs_raw ? attrs_raw : "";
    html(r, "<div class=\"field%R\"><label for=\"f-%s\">%s</label>",
         error ? " has-error" : "", name, label); // raw: constant class
    if (str_eq(type, "textarea")) {
        html(r, "<textarea id=\"f-%s\" name=\"%s\" %R%R>%s</textarea>", name, name, a, // raw: caller's attributes
             error ? " aria-invalid=\"true\"" : "", value); // raw: constant attribute
    } else {
        html(r, "<input id=\"f-%s\" type=\"%s\" name=\"%s\" value=\"%s\" %R%R>", name, type, name,
             str_eq(type, "password") || str_eq(type, "file") ? "" : value,
             a, error ? " aria-invalid=\"true\"" : ""); // raw: caller's attributes, constant attribute
    }
    if (error) html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", name, error);
    html(r, "</div>");
}

void form_select(req *r, const char *name, const char *label, const char *const *options,
                 const char *selected, const char *error)
{
    html(r, "<div class=\"field%R\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">",
         error ? " has-error" : "", name, label, name, name); // raw: constant class
    for (const char *const *o = options; o && o[0]; o += 2)
        html(r, "<option value=\"%s\"%R>%s</option>", o[0],
             str_eq(o[0], selected) ? " selected" : "", o[1]); // raw: constant attribute
    html(r, "</select>");
    if (error) html(r, "<p class=\"error\">%s</p>", error);
    html(r, "</div>");
}

void ferr_add(struct field_errors *e, const char *field, const char *message)
{
    if (e->n < (int)countof(e->items) && !ferr_get(e, field))
        e->items[e->n++] = (struct kv){field, message, 0};
}

const char *ferr_get(const struct field_errors *e, const char *field)
{
    for (int i = 0; i < e->n; i++)
        if (str_eq(e->items[i].name, field)) return e->items[i].value;
    return NULL;
}

json_t *ferr_json(const struct field_errors *e)
{
    json_t *o = json_object();
    for (int i = 0; i < e->n; i++) json_object_set_new(o, e->items[i].name, json_string(e->items[i].value));
    return o;
}

const char *field_clean(arena *a, const char *in, const struct vn_field *f, const char *key, const char *label,
                        struct field_errors *fe)
{
    if (!in) return NULL;
    buf out = {0}, msg = {0};
    struct vn_error err;
    const char *r = NULL;
    if (vn_field_clean(in, strlen(in), f, &out, &err) != VN_OK) {
        vn_error_message(&err, label, &msg);
        ferr_add(fe, key, arena_strdup(a, buf_str(&msg)));
    } else if (out.len) {
        r = arena_strdup(a, buf_str(&out));
    }
    buf_free(&out);
    buf_free(&msg);
    return r;
}

const char *field_date(arena *a, const char *in, unsigned flags, const char *key, const char *label,
                       struct field_errors *fe)
{
    if (str_empty(in)) {
        if (flags & FIELD_REQUIRED) ferr_add(fe, key, arena_printf(a, "Hãy nhập %s (dd/mm/yyyy).", label));
        return NULL;
    }
    char iso[11];
    if ((flags & FIELD_MONTH_END) ? vn_day_iso_month_end(in, iso) : vn_day_iso(in, iso)) return arena_strdup(a, iso);
    ferr_add(fe, key, arena_printf(a, "%s: \"%s\" không phải là ngày hợp lệ; hãy viết dd/mm/yyyy.", label, in));
    return NULL;
}
