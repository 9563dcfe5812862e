/* html.h: the one output layer for HTML. Every byte of a page goes through html() (or the page
 * and form helpers built on it), whose conversions escape by default:
 *   %s  text, escaped for HTML text and quoted attributes (& < > " ')  — NULL prints nothing
 *   %u  text, percent-encoded for a URL query value or path segment
 *   %j  text as a JSON string literal, quoted (for data- attributes, escaped again for HTML)
 *   %d  int            %D  int64_t          %M  int64_t money: 14.000.000.000
 *   %T  ISO date "2019-08-19" → 19/08/2019 (anything else printed escaped, as given)
 *   %R  RAW markup: only for strings the program itself composed; the lint in
 *       tests/lint/html-escape.sh fails unless the line says why it is safe (`// raw: …`)
 *   %%  a percent sign
 * There is no plain `%s` that skips escaping, so user data cannot reach a page unescaped. */
#ifndef THIDUA_HTML_H
#define THIDUA_HTML_H
#include <stdarg.h>

#include "vn.h"
#include "web.h"

void html(req *r, const char *fmt, ...);
void html_v(req *r, const char *fmt, va_list ap);
/* Same conversions into any buffer (used for fragments and tests). */
void html_buf(buf *b, const char *fmt, ...);
void html_buf_v(buf *b, const char *fmt, va_list ap);
void html_escape(buf *b, const char *s, size_t len);
void url_encode(buf *b, const char *s);
void json_quote(buf *b, const char *s);
void money_format(buf *b, int64_t dong);              /* 14.000.000.000 (no unit) */

/* Page shell: <head>, top bar with the user's menu, breadcrumbs, <main>. `title` is text. */
void page_begin(req *r, const char *title);
void page_end(req *r);
/* Notice box (role=status): kind "ok", "error" or "info". */
void page_notice(req *r, const char *kind, const char *text);

/* Page numbers of a list: the ?page=N of the request (1 when absent or bad, at most 100000),
 * and a pager with "← Trang trước" / "Trang sau →" links to `path`, keeping the request's
 * parameters named in `keep` (a NULL-ended list). Nothing is written when there is one page. */
int64_t page_number(req *r);
void page_links(req *r, const char *path, const char *const *keep, int64_t page, bool has_next);

/* Forms. form_begin writes <form method=post action=…> with the CSRF token field. */
void form_begin(req *r, const char *action, const char *extra_attrs_raw);
void form_end(req *r, const char *submit_label);
/* A labelled input; `error` (may be NULL) is shown under it and sets aria-invalid. `type` is
 * "text", "password", "date", "number", "email", "tel", "file" or "textarea". */
void form_field(req *r, const char *type, const char *name, const char *label,
                const char *value, const char *error, const char *attrs_raw);
/* A <select>; options are pairs {value, label} ended by NULL. */
void form_select(req *r, const char *name, const char *label, const char *const *options,
                 const char *selected, const char *error);

/* Field errors collected while validating a form or JSON body. */
struct field_errors { struct kv items[32]; int n; };
void ferr_add(struct field_errors *e, const char *field, const char *message);
const char *ferr_get(const struct field_errors *e, const char *field);
/* The errors as a JSON object {field: message} (new reference). */
json_t *ferr_json(const struct field_errors *e);
/* One text field of a form or JSON body, cleaned by its vn_field rule (NFC, white space,
 * limits): the clean text in the arena; NULL when `in` is NULL (absent) or cleans to "" (empty);
 * on a broken rule, NULL and a field error under `key` whose message starts with `label`. */
const char *field_clean(arena *a, const char *in, const struct vn_field *f, const char *key, const char *label,
                        struct field_errors *fe);
/* One date field of a form or JSON body, read by vn_day_iso (vn_day_iso_month_end with
 * FIELD_MONTH_END): its ISO text in the arena; NULL when `in` is NULL or empty (and, with
 * FIELD_REQUIRED, the field error "Hãy nhập <label> (dd/mm/yyyy)."); NULL and a field error under
 * `key` naming `label` and the text when it is not one day. */
enum { FIELD_REQUIRED = 1u << 0, FIELD_MONTH_END = 1u << 1 };
const char *field_date(arena *a, const char *in, unsigned flags, const char *key, const char *label,
                       struct field_errors *fe);
#endif
