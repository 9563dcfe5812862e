/* campaign_json.c: the JSON shape of a campaign, its evaluation and its reports, written once for
 * the API (campaign_web.c, report_web.c) and the CLI (`thidua campaign show --json`, `export
 * --json`). Values are given twice: exact milli-units ("value_a_milli": 99000) and as people read
 * them ("value_a": "99"), so a client never has to guess a scale. Also the targets as CSV (the
 * same columns for the page's download and `thidua campaign export`). */
#include "campaign_json.h"

#include <string.h>

#include "export.h"

static json_t *jtext(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *jvalue(bool has, int64_t milli)
{
    if (!has) return json_null();
    char t[32];
    eval_format(milli, t, sizeof t);
    return json_string(t);
}

json_t *campaign_summary_json(const struct campaign *c)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b}", "id", (json_int_t)c->id, "code",
                          c->code, "title", c->title, "kind", c->kind, "kind_label", campaign_kind_label(c->kind), "scope",
                          c->scope, "authority", c->authority, "start_date", c->start_date, "end_date", c->end_date, "status",
                          c->status, "days", (json_int_t)c->days, "illustrative", c->illustrative);
    json_object_set_new(o, "status_label", json_string(campaign_status_label(c->status)));
    json_object_set_new(o, "theme", jtext(c->theme));
    json_object_set_new(o, "plan_number", jtext(c->plan_number));
    json_object_set_new(o, "launch_date", jtext(c->launch_date));
    json_object_set_new(o, "source", jtext(c->source));
    return o;
}

json_t *status_count_json(const struct status_count *c)
{
    json_t *o = json_object();
    for (int s = 0; s < ST__COUNT; s++) json_object_set_new(o, status_code(s), json_integer(c->n[s]));
    json_object_set_new(o, "total", json_integer(c->total));
    json_object_set_new(o, "weight_met", json_integer(c->weight_met));
    json_object_set_new(o, "weight_total", json_integer(c->weight_total));
    return o;
}

json_t *target_result_json(const struct target_result *r)
{
    const struct campaign_target *t = r->target;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "id", (json_int_t)t->id, "code", t->code,
                          "subject", t->subject, "measure_unit", t->measure_unit, "comparator", t->comparator, "deadline",
                          t->deadline, "rollup", t->rollup, "weight", t->weight, "accumulates", t->accumulates);
    json_object_set_new(o, "group", json_integer(t->group_number));
    json_object_set_new(o, "phrase", jtext(t->phrase));
    json_object_set_new(o, "value_a", jvalue(t->has_a, t->value_a));
    json_object_set_new(o, "value_b", jvalue(t->has_b, t->value_b));
    json_object_set_new(o, "value_a_milli", t->has_a ? json_integer(t->value_a) : json_null());
    json_object_set_new(o, "value_b_milli", t->has_b ? json_integer(t->value_b) : json_null());
    json_object_set_new(o, "baseline_value", jvalue(t->has_baseline, t->baseline_value));
    json_object_set_new(o, "baseline_period", jtext(t->baseline_period));
    json_object_set_new(o, "parent_id", t->parent_id ? json_integer(t->parent_id) : json_null());
    json_object_set_new(o, "split_unit", t->unit_id ? json_pack("{s:I, s:s}", "id", (json_int_t)t->unit_id, "name",
                                                                 t->unit_name ? t->unit_name : "") : json_null());
    json_object_set_new(o, "responsible", jtext(t->responsible));
    json_t *st = json_pack("{s:s, s:s, s:b, s:s}", "code", status_code(r->eval.status), "label", status_label(r->eval.status),
                           "exceeded", r->eval.exceeded, "rule", r->eval.rule);
    json_object_set_new(st, "value", jvalue(r->obs.has, r->obs.value));
    json_object_set_new(st, "value_milli", r->obs.has ? json_integer(r->obs.value) : json_null());
    json_object_set_new(st, "as_of", jtext(r->obs.has ? r->obs.as_of : NULL));
    json_object_set_new(st, "report_id", r->report_id ? json_integer(r->report_id) : json_null());
    json_object_set_new(o, "status", st);
    return o;
}

json_t *campaign_full_json(store *s, arena *a, const struct campaign *c, const struct campaign_eval *e)
{
    json_t *o = campaign_summary_json(c);
    struct campaign_occasion *oc;
    struct campaign_participant *p;
    int no = 0, np = 0;
    json_t *jo = json_array(), *jp = json_array(), *jg = json_array();
    if (campaign_occasions(s, a, c->id, &oc, &no) == STORE_OK)
        for (int i = 0; i < no; i++) {
            json_t *x = json_pack("{s:s, s:s, s:i, s:s}", "event", oc[i].event, "event_date", oc[i].event_date, "year",
                                  oc[i].year, "label", oc[i].label);
            json_object_set_new(x, "anniversary", json_integer(oc[i].count));
            json_object_set_new(x, "celebration_date", jtext(oc[i].celebration_date));
            json_object_set_new(x, "class", json_string(oc[i].cls));
            json_array_append_new(jo, x);
        }
    if (campaign_participants(s, a, c->id, &p, &np) == STORE_OK)
        for (int i = 0; i < np; i++) {
            json_t *x = json_pack("{s:I}", "id", (json_int_t)p[i].id);   /* for DELETE …/participants/{id} */
            if (p[i].unit_kind) json_object_set_new(x, "unit_kind", json_string(p[i].unit_kind));
            if (p[i].block_id) json_object_set_new(x, "block_id", json_integer(p[i].block_id));
            if (p[i].unit_id) json_object_set_new(x, "unit_id", json_integer(p[i].unit_id));
            if (p[i].name) json_object_set_new(x, "name", json_string(p[i].name));
            json_array_append_new(jp, x);
        }
    for (int g = 0; g < e->ngroups; g++) {
        json_t *x = json_pack("{s:I, s:i, s:s}", "id", (json_int_t)e->groups[g].id, "number", e->groups[g].number, "title",
                              e->groups[g].title);
        json_object_set_new(x, "note", jtext(e->groups[g].note));
        json_object_set_new(x, "counts", status_count_json(&e->by_group[g]));
        json_t *jt = json_array();
        for (int i = 0; i < e->n; i++)
            if (e->targets[i].group_id == e->groups[g].id) json_array_append_new(jt, target_result_json(&e->results[i]));
        json_object_set_new(x, "targets", jt);
        json_array_append_new(jg, x);
    }
    json_object_set_new(o, "occasions", jo);
    json_object_set_new(o, "participants", jp);
    json_object_set_new(o, "groups", jg);
    json_object_set_new(o, "evaluated_on", json_string(e->on));
    json_object_set_new(o, "counts", status_count_json(&e->total));
    return o;
}

json_t *report_json(const struct campaign_report *r, bool show_people)
{
    char v[32];
    eval_format(r->value, v, sizeof v);
    json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:I, s:i, s:s, s:s, s:I, s:s, s:s, s:b}", "id", (json_int_t)r->id,
                          "target_id", (json_int_t)r->target_id, "target_code", r->target_code, "unit_id",
                          (json_int_t)r->unit_id, "unit_name", r->unit_name, "series_id", (json_int_t)r->series_id, "version",
                          r->version, "as_of", r->as_of, "value", v, "value_milli", (json_int_t)r->value, "state", r->state,
                          "state_label", report_state_label(r->state), "illustrative", r->illustrative);
    json_object_set_new(o, "denominator", jvalue(r->has_denominator, r->denominator));
    json_object_set_new(o, "baseline_value", jvalue(r->has_baseline, r->baseline_value));
    json_object_set_new(o, "note", jtext(r->note));
    json_object_set_new(o, "decision_reason", jtext(r->decision_reason));
    json_object_set_new(o, "change_reason", jtext(r->change_reason));
    json_object_set_new(o, "created_at", jtext(r->created_at));
    json_object_set_new(o, "decided_at", jtext(r->decided_at));
    /* who wrote and decided: officials' logins, shown to signed-in users only */
    json_object_set_new(o, "created_by", show_people ? jtext(r->created_by) : json_null());
    json_object_set_new(o, "decided_by", show_people ? jtext(r->decided_by) : json_null());
    return o;
}

/* milli → "12.5" (a machine decimal for export.h: dot, no grouping). */
static const char *decimal(arena *a, bool has, int64_t milli)
{
    if (!has) return NULL;
    uint64_t m = milli < 0 ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
    char *t = arena_printf(a, "%s%llu.%03llu", milli < 0 ? "-" : "", (unsigned long long)(m / 1000), (unsigned long long)(m % 1000));
    size_t n = strlen(t);
    while (t[n - 1] == '0') t[--n] = 0;
    if (t[n - 1] == '.') t[--n] = 0;
    return t;
}

export_doc *campaign_targets_export(const struct campaign_eval *e, arena *a, enum export_format fmt)
{
    static const struct export_column cols[] = {
        {"Nhóm", EXPORT_INT}, {"Mã", EXPORT_TEXT}, {"Chỉ tiêu", EXPORT_TEXT}, {"Nguyên văn", EXPORT_TEXT}, {"Yêu cầu", EXPORT_TEXT},
        {"Phép so sánh", EXPORT_TEXT}, {"Giá trị A", EXPORT_DECIMAL}, {"Giá trị B", EXPORT_DECIMAL}, {"Đơn vị tính", EXPORT_TEXT},
        {"Hạn", EXPORT_DATE}, {"Đơn vị được giao", EXPORT_TEXT}, {"Số liệu", EXPORT_DECIMAL}, {"Ngày số liệu", EXPORT_DATE},
        {"Tình trạng", EXPORT_TEXT}, {"Vượt", EXPORT_BOOL}, {"Căn cứ", EXPORT_TEXT}, {"Ngày đánh giá", EXPORT_DATE},
    };
    export_doc *x = export_begin(fmt, "Chỉ tiêu", cols, (int)countof(cols));
    for (int i = 0; i < e->n; i++) {
        const struct campaign_target *t = &e->targets[i];
        const struct target_result *r = &e->results[i];
        const char *cells[] = {arena_printf(a, "%d", t->group_number), t->code, t->subject, t->phrase,
                               campaign_target_goal(a, t), t->comparator, decimal(a, t->has_a, t->value_a),
                               decimal(a, t->has_b, t->value_b), t->measure_unit, t->deadline,
                               t->unit_name ? t->unit_name : t->responsible, decimal(a, r->obs.has, r->obs.value),
                               r->obs.has ? r->obs.as_of : NULL, status_label(r->eval.status), r->eval.exceeded ? "1" : "0",
                               r->eval.rule, e->on};
        export_row(x, cells);
    }
    return x;
}

void campaign_targets_csv(const struct campaign_eval *e, arena *a, buf *out)
{
    char err[200];
    if (export_end(campaign_targets_export(e, a, EXPORT_CSV), out, err, sizeof err) != 0) log_error("campaign export: %s", err);
}
