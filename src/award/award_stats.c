/* award_stats.c: statistics form 0603.N (Circular 02/2023/TT-BNV): the provincial awards of a
 * year by subject class — collectives (of which enterprises), households, and individuals in the
 * classes of award_subject_class (data with a citation). An individual without a class is
 * counted in its own column rather than dropped, so the totals always add up. The same table as
 * a CSV or XLSX file (export.h) for the report sent to the Ministry. */
#include <stdio.h>
#include <string.h>

#include "award_rules_internal.h"
#include "export.h"
#include "award_subject.h"

static void add_to(struct award_stats_row *row, const struct award_stats *st, const char *kind, const char *cls, int count)
{
    if (str_eq(kind, "collective") || str_eq(kind, "enterprise")) {
        row->collective += count;
        if (str_eq(kind, "enterprise")) row->enterprise += count;
    } else if (str_eq(kind, "household")) row->household += count;
    else {
        row->individual += count;
        int at = -1;
        for (int i = 0; i < st->nclasses && i < AWARD_STATS_CLASSES; i++)
            if (str_eq(st->classes[i].code, cls)) at = i;
        if (at >= 0) row->by_class[at] += count;
        else row->unclassified += count;
    }
}

int award_stats_0603(store *s, arena *a, int year, struct award_stats *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    out->total.form_code = "";
    out->total.form_name = "Tổng cộng";
    char date[11];
    award_year_date(year, date);
    int rc = award_subject_classes(s, a, date, &out->classes, &out->nclasses);
    if (rc < 0) return rc;
    /* A form's level is read from its row in force on the decision's date (or the year's end for
     * an old list without a date): a form that moved level is counted where it was then. */
    stmt *q = store_query(s, "SELECT h.form_code, s.kind, s.subject_class, count(*),"
                             " (SELECT f.name FROM award_form f WHERE f.code = h.form_code ORDER BY f.valid_from DESC LIMIT 1)"
                             " FROM award_history h JOIN award_subject s ON s.id = h.subject_id"
                             " WHERE h.year = $1 AND h.revoked_at IS NULL AND EXISTS (SELECT 1 FROM award_form f"
                             "   WHERE f.code = h.form_code AND f.level = 'province'"
                             "   AND f.valid_from <= coalesce(h.decision_date, $2)"
                             "   AND (f.valid_to IS NULL OR f.valid_to >= coalesce(h.decision_date, $2)))"
                             " GROUP BY h.form_code, s.kind, s.subject_class ORDER BY h.form_code",
                          "it", (int64_t)year, date);
    if (!q) return STORE_ERR;
    int cap = 0;
    while ((rc = stmt_step(q)) == STORE_ROW) {
        const char *code = stmt_text(q, 0);
        struct award_stats_row *row = out->nrows ? &out->rows[out->nrows - 1] : NULL;
        if (!row || !str_eq(row->form_code, code)) {
            out->rows = arena_grow(a, out->rows, out->nrows, &cap, sizeof *out->rows);
            row = &out->rows[out->nrows++];
            memset(row, 0, sizeof *row);
            row->form_code = arena_strdup(a, code);
            row->form_name = stmt_text_dup(q, 4, a);
        }
        int count = (int)stmt_int64(q, 3);
        add_to(row, out, stmt_text(q, 1), stmt_text(q, 2), count);
        add_to(&out->total, out, stmt_text(q, 1), stmt_text(q, 2), count);
    }
    stmt_finalize(q);
    if (out->nclasses > AWARD_STATS_CLASSES) out->nclasses = AWARD_STATS_CLASSES;
    return rc == STORE_DONE ? 1 : STORE_ERR;
}

export_doc *award_stats_export(store *s, arena *a, int year, enum export_format fmt, char *err, size_t errlen)
{
    struct award_stats st;
    if (award_stats_0603(s, a, year, &st) < 0) {
        snprintf(err, errlen, "%s", store_errmsg(s));
        return NULL;
    }
    int ncols = 7 + st.nclasses;
    struct export_column *cols = arena_alloc(a, sizeof *cols * (size_t)ncols);
    int c = 0;
    cols[c++] = (struct export_column){"Danh hiệu, hình thức", EXPORT_TEXT};
    cols[c++] = (struct export_column){"Mã", EXPORT_TEXT};
    cols[c++] = (struct export_column){"Tập thể", EXPORT_INT};
    cols[c++] = (struct export_column){"Trong đó doanh nghiệp", EXPORT_INT};
    cols[c++] = (struct export_column){"Hộ gia đình", EXPORT_INT};
    cols[c++] = (struct export_column){"Cá nhân", EXPORT_INT};
    for (int i = 0; i < st.nclasses; i++)
        cols[c++] = (struct export_column){arena_printf(a, "Cá nhân: %s", st.classes[i].label), EXPORT_INT};
    cols[c++] = (struct export_column){"Cá nhân chưa phân nhóm", EXPORT_INT};
    export_doc *x = export_begin(fmt, arena_printf(a, "0603.N %d", year), cols, ncols);
    if (!x) { snprintf(err, errlen, "export_begin failed"); return NULL; }
    const char **cells = arena_alloc(a, sizeof *cells * (size_t)ncols);
    for (int i = 0; i <= st.nrows; i++) {
        const struct award_stats_row *row = i < st.nrows ? &st.rows[i] : &st.total;
        c = 0;
        cells[c++] = row->form_name ? row->form_name : row->form_code;
        cells[c++] = row->form_code;
        cells[c++] = arena_printf(a, "%d", row->collective);
        cells[c++] = arena_printf(a, "%d", row->enterprise);
        cells[c++] = arena_printf(a, "%d", row->household);
        cells[c++] = arena_printf(a, "%d", row->individual);
        for (int k = 0; k < st.nclasses; k++) cells[c++] = arena_printf(a, "%d", row->by_class[k]);
        cells[c++] = arena_printf(a, "%d", row->unclassified);
        export_row(x, cells);
    }
    return x;
}
