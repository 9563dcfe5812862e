/* evaluate.c: the target evaluation engine (evaluate.h): comparators, the five statuses by explicit
 * rules with their sentences, pace against elapsed time, and exact milli-unit arithmetic. No
 * database and no clock: the caller passes the evaluation date. */
#include "evaluate.h"

#include <stdio.h>
#include <string.h>

#include "util.h"
#include "vn_calendar.h"

static const struct { const char *code, *label; bool ceiling, needs_a, needs_b; } cmps[CMP__COUNT] = {
    [CMP_GT] = {"gt", "trên (>)", false, true, false},
    [CMP_GE] = {"ge", "ít nhất (≥)", false, true, false},
    [CMP_LT] = {"lt", "dưới (<)", true, true, false},
    [CMP_LE] = {"le", "không quá (≤)", true, true, false},
    [CMP_EQ] = {"eq", "bằng (=)", false, true, false},
    [CMP_BETWEEN] = {"between", "trong khoảng", false, true, true},
    [CMP_REDUCE_PCT] = {"reduce_pct", "giảm ít nhất … % so với kỳ gốc", true, true, false},
    [CMP_INCREASE_PCT] = {"increase_pct", "tăng ít nhất … % so với kỳ gốc", false, true, false},
    [CMP_COUNT_ALL] = {"count_all", "số đơn vị đạt đủ mọi tiêu chí", false, true, true},
    [CMP_COVERAGE] = {"coverage", "bao phủ 100 %", false, false, false},
    [CMP_ZERO] = {"zero", "không để xảy ra", true, false, false},
    [CMP_MILESTONE] = {"milestone", "hoàn thành trước hạn", false, false, false},
    [CMP_ALL] = {"all", "mọi tiêu chí con đều đạt", false, false, false},
};
static const struct { const char *code, *label; } statuses[ST__COUNT] = {
    [ST_MET] = {"met", "Đạt"},
    [ST_ON_TRACK] = {"on_track", "Đúng tiến độ"},
    [ST_AT_RISK] = {"at_risk", "Chậm tiến độ"},
    [ST_MISSED] = {"missed", "Không đạt"},
    [ST_NO_DATA] = {"no_data", "Chưa có số liệu"},
};

const char *comparator_code(enum comparator c) { return c < CMP__COUNT ? cmps[c].code : "?"; }
const char *comparator_label(enum comparator c) { return c < CMP__COUNT ? cmps[c].label : "?"; }
bool comparator_is_ceiling(enum comparator c) { return c < CMP__COUNT && cmps[c].ceiling; }
bool comparator_needs_a(enum comparator c) { return c < CMP__COUNT && cmps[c].needs_a; }
bool comparator_needs_b(enum comparator c) { return c < CMP__COUNT && cmps[c].needs_b; }
int comparator_from_code(const char *code)
{
    for (int i = 0; i < CMP__COUNT; i++)
        if (str_eq(cmps[i].code, code)) return i;
    return -1;
}
const char *status_code(enum target_status s) { return s < ST__COUNT ? statuses[s].code : "?"; }
const char *status_label(enum target_status s) { return s < ST__COUNT ? statuses[s].label : "?"; }
int status_from_code(const char *code)
{
    for (int i = 0; i < ST__COUNT; i++)
        if (str_eq(statuses[i].code, code)) return i;
    return -1;
}

void eval_format(int64_t milli, char *out, size_t cap)
{
    char digits[32];
    uint64_t m = milli < 0 ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
    uint64_t whole = m / EVAL_ONE, frac = m % EVAL_ONE;
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)whole);
    char grouped[48];
    size_t k = 0;
    if (milli < 0) grouped[k++] = '-';
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) grouped[k++] = '.';
        grouped[k++] = digits[i];
    }
    grouped[k] = 0;
    if (!frac) { snprintf(out, cap, "%s", grouped); return; }
    char f[8];
    snprintf(f, sizeof f, "%03llu", (unsigned long long)frac);
    for (int i = 2; i > 0 && f[i] == '0'; i--) f[i] = 0;
    snprintf(out, cap, "%s,%s", grouped, f);
}

/* The integer part "1234" or "1.234.567" (groups of three after the first) into *out. */
static bool parse_whole(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    int digits = 0, run = 0, groups = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.') {
            if (!run || (groups ? run != 3 : run > 3)) return false;
            groups++;
            run = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9' || ++digits > 13) return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
        run++;
    }
    if (!run || (groups && run != 3)) return false;
    *out = v;
    return true;
}

bool eval_parse(const char *text, int64_t *milli)
{
    if (!text) return false;
    while (*text == ' ') text++;
    bool neg = *text == '-';
    if (neg || *text == '+') text++;
    size_t len = strlen(text);
    while (len && text[len - 1] == ' ') len--;
    if (!len) return false;
    /* The decimal mark: a comma; or a single dot not followed by exactly three digits (so
     * "1.234" groups thousands as Vietnamese writes it, and "99.5" is ninety-nine and a half). */
    const char *mark = memchr(text, ',', len);
    const char *dot = memchr(text, '.', len);
    if (!mark && dot && !memchr(dot + 1, '.', len - (size_t)(dot + 1 - text)) && len - (size_t)(dot + 1 - text) != 3)
        mark = dot;
    size_t wlen = mark ? (size_t)(mark - text) : len;
    uint64_t whole, frac = 0;
    if (!parse_whole(text, wlen, &whole)) return false;
    if (mark) {
        size_t flen = len - wlen - 1;
        if (flen < 1 || flen > 3) return false;
        for (size_t i = 0; i < 3; i++) {
            char c = i < flen ? mark[1 + i] : '0';
            if (c < '0' || c > '9') return false;
            frac = frac * 10 + (uint64_t)(c - '0');
        }
    }
    if (whole > (uint64_t)EVAL_VALUE_MAX / EVAL_ONE) return false;
    uint64_t v = whole * EVAL_ONE + frac;
    if (v > (uint64_t)EVAL_VALUE_MAX) return false;
    *milli = neg ? -(int64_t)v : (int64_t)v;
    return true;
}

static bool iso_jdn(const char *iso, int32_t *jdn)
{
    struct vn_date d;
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-') return false;
    /* by hand, not sscanf: every target of a campaign passes here twice */
    int v[8];
    static const int pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 8; i++) {
        char ch = iso[pos[i]];
        if (ch < '0' || ch > '9') return false;
        v[i] = ch - '0';
    }
    d.year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    d.month = v[4] * 10 + v[5];
    d.day = v[6] * 10 + v[7];
    if (!vn_date_valid(d)) return false;
    *jdn = vn_date_jdn(d);
    return true;
}

bool eval_days_between(const char *a, const char *b, int64_t *days)
{
    int32_t ja, jb;
    if (!iso_jdn(a, &ja) || !iso_jdn(b, &jb)) return false;
    *days = (int64_t)jb - ja;
    return true;
}

/* dd/mm/yyyy of an ISO date, for the sentences. */
static void dmy(const char *iso, char out[11])
{
    if (iso && strlen(iso) == 10) snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    else snprintf(out, 11, "%s", iso ? iso : "?");
}

/* "99,5 %", or "5" without a unit. */
static void with_unit(int64_t milli, const char *unit, char *out, size_t cap)
{
    char n[32];
    eval_format(milli, n, sizeof n);
    snprintf(out, cap, "%s%s%s", n, unit && *unit ? " " : "", unit ? unit : "");
}

/* Whether the value meets the comparator; *exceeded for between above B. `why` gets the
 * comparison written out ("99,6 % > 99 %"). */
static bool meets(const struct target_rule *t, int64_t v, int64_t base, bool has_base, bool *exceeded, char *why,
                  size_t cap, bool *no_baseline)
{
    char sv[64] = "", sa[64] = "", sb[32] = "", sa_bare[32] = "";
    const char *u = t->unit ? t->unit : "";
    /* cap 0: the status only, no sentence (the shares of a split, thousands of them) */
    if (cap) {
        eval_format(t->b, sb, sizeof sb);
        /* "99,5 %" or "5" when the unit is empty; the "%s %s" below joins two such quantities */
        with_unit(v, u, sv, sizeof sv);
        with_unit(t->a, u, sa, sizeof sa);
        eval_format(t->a, sa_bare, sizeof sa_bare);
    }
    *exceeded = false;
    *no_baseline = false;
    switch (t->cmp) {
    case CMP_GT: if (cap) snprintf(why, cap, "%s %s %s", sv, v > t->a ? ">" : "≤", sa); return v > t->a;
    case CMP_GE: if (cap) snprintf(why, cap, "%s %s %s", sv, v >= t->a ? "≥" : "<", sa); return v >= t->a;
    case CMP_LT: if (cap) snprintf(why, cap, "%s %s %s", sv, v < t->a ? "<" : "≥", sa); return v < t->a;
    case CMP_LE: if (cap) snprintf(why, cap, "%s %s %s", sv, v <= t->a ? "≤" : ">", sa); return v <= t->a;
    case CMP_EQ: if (cap) snprintf(why, cap, "%s %s %s", sv, v == t->a ? "=" : "≠", sa); return v == t->a;
    case CMP_BETWEEN:
        *exceeded = v > t->b;
        if (cap) snprintf(why, cap, "%s so với khoảng %s – %s %s%s", sv, sa_bare, sb, u,
                 *exceeded ? " (vượt cận trên)" : v >= t->a ? " (trong khoảng)" : " (dưới cận dưới)");
        return v >= t->a;
    case CMP_COUNT_ALL:
        if (cap) snprintf(why, cap, "%s đạt đủ %s/%s tiêu chí, chỉ tiêu ≥ %s", sv, sb, sb, sa_bare);
        return v >= t->a;
    case CMP_COVERAGE:
        if (cap) snprintf(why, cap, "bao phủ %s %% (chỉ tiêu 100 %%)", sv);
        return v >= EVAL_PCT100;
    case CMP_MILESTONE:
        if (cap) snprintf(why, cap, v >= EVAL_PCT100 ? "đã hoàn thành" : "mới hoàn thành %s %%", sv);
        return v >= EVAL_PCT100;
    case CMP_ZERO:
        if (cap) snprintf(why, cap, v == 0 ? "chưa xảy ra trường hợp nào" : "đã xảy ra %s", sv);
        return v == 0;
    case CMP_REDUCE_PCT:
    case CMP_INCREASE_PCT: {
        if (!has_base) {
            *no_baseline = true;
            if (cap) snprintf(why, cap, "chưa có số liệu kỳ gốc để so sánh");
            return false;
        }
        char sbase[64] = "";
        if (cap) with_unit(base, u, sbase, sizeof sbase);
        /* reduced by ≥ a %: v ≤ base × (100 − a) / 100, compared as v × 100 ≤ base × (100 − a) */
        __int128 lhs = (__int128)v * EVAL_PCT100;
        __int128 rhs = (__int128)base * (t->cmp == CMP_REDUCE_PCT ? EVAL_PCT100 - t->a : EVAL_PCT100 + t->a);
        bool ok = t->cmp == CMP_REDUCE_PCT ? lhs <= rhs : lhs >= rhs;
        /* the actual change in thousandths of a percent, rounded toward zero, for the sentence */
        char sch[32] = "—";
        if (cap && base != 0) {
            __int128 ch = ((__int128)(v - base) * EVAL_PCT100 * EVAL_ONE) / ((__int128)base * EVAL_ONE);
            eval_format((int64_t)(ch < 0 ? -ch : ch), sch, sizeof sch);
        }
        if (cap) snprintf(why, cap, "%s so với kỳ gốc %s: %s %s %% (chỉ tiêu %s ít nhất %s %%)", sv, sbase,
                 v < base ? "giảm" : v > base ? "tăng" : "không đổi,", v == base ? "0" : sch,
                 t->cmp == CMP_REDUCE_PCT ? "giảm" : "tăng", sa_bare);
        return ok;
    }
    case CMP_ALL:
    case CMP__COUNT: break;
    }
    if (cap) snprintf(why, cap, "phép so sánh không hợp lệ");
    return false;
}

/* The goal an accumulating floor is paced against. */
static int64_t pace_goal(const struct target_rule *t)
{
    if (t->cmp == CMP_COVERAGE || t->cmp == CMP_MILESTONE) return EVAL_PCT100;
    return t->a;
}

void target_evaluate(const struct target_rule *t, const struct observation *o, const char *on, struct evaluation *out)
{
    target_evaluate_ex(t, o, on, true, out);
}

/* out->rule is written through R(...) only when with_rule. */
#define R(...) do { if (with_rule) snprintf(out->rule, sizeof out->rule, __VA_ARGS__); } while (0)
void target_evaluate_ex(const struct target_rule *t, const struct observation *o, const char *on, bool with_rule,
                        struct evaluation *out)
{
    out->status = ST_NO_DATA;
    out->exceeded = false;
    out->rule[0] = 0;
    char ddl[11], asof[11];
    dmy(t->deadline, ddl);
    if (!o || !o->has) {
        out->status = ST_NO_DATA;
        R("Chưa có số liệu: chưa có báo cáo nào được duyệt (hạn %s).", ddl);
        return;
    }
    dmy(o->as_of, asof);
    int64_t after_deadline = 0, asof_to_deadline = 0;
    bool dates = eval_days_between(t->deadline, on, &after_deadline) &&
                 eval_days_between(o->as_of, t->deadline, &asof_to_deadline);
    bool final = !dates || after_deadline > 0 || asof_to_deadline <= 0;
    bool exceeded, no_base;
    char why[300] = "";
    bool has_base = o->has_baseline || t->has_baseline;
    int64_t base = o->has_baseline ? o->baseline : t->baseline;
    bool ok = meets(t, o->value, base, has_base, &exceeded, why, with_rule ? sizeof why : 0, &no_base);
    if (no_base) {
        out->status = ST_NO_DATA;
        R("Chưa có số liệu: %s (số liệu ngày %s).", why, asof);
        return;
    }
    const char *when = final ? "đã hết hạn" : "chưa đến hạn";
    if (!comparator_is_ceiling(t->cmp)) {
        if (ok) {
            out->status = ST_MET;
            out->exceeded = exceeded;
            R("Đạt%s: %s (số liệu ngày %s).", exceeded ? ", vượt" : "", why, asof);
            return;
        }
        if (final) {
            out->status = ST_MISSED;
            R("Không đạt: %s khi %s %s (số liệu ngày %s).", why, when, ddl, asof);
            return;
        }
        int64_t elapsed = 0, total = 0;
        if (t->accumulates && t->cmp != CMP_EQ && eval_days_between(t->start, o->as_of, &elapsed) &&
            eval_days_between(t->start, t->deadline, &total) && total > 0 && elapsed >= 0) {
            /* pace: the value so far against the goal's share of the elapsed time */
            int64_t goal = pace_goal(t);
            __int128 lhs = (__int128)o->value * total, rhs = (__int128)goal * elapsed;
            int64_t expected = (int64_t)(((__int128)goal * elapsed) / total);
            char sexp[32];
            eval_format(expected, sexp, sizeof sexp);
            out->status = lhs >= rhs ? ST_ON_TRACK : ST_AT_RISK;
            snprintf(out->rule, sizeof out->rule,
                     "%s: %s; sau %lld/%lld ngày theo tiến độ cần %s %s (số liệu ngày %s, hạn %s).",
                     lhs >= rhs ? "Đúng tiến độ" : "Chậm tiến độ", why, (long long)elapsed, (long long)total, sexp,
                     t->unit ? t->unit : "", asof, ddl);
            return;
        }
        out->status = ST_AT_RISK;
        R("Chậm tiến độ: %s, chưa đạt khi còn hạn đến %s (số liệu ngày %s).", why, ddl,
                 asof);
        return;
    }
    /* ceilings */
    if (ok) {
        out->status = final ? ST_MET : ST_ON_TRACK;
        R(final ? "Đạt: %s cho cả kỳ (hạn %s, số liệu ngày %s)."
                                                    : "Đúng tiến độ: %s; chỉ đạt khi giữ được đến hết hạn %s (số liệu ngày %s).",
                 why, ddl, asof);
        return;
    }
    if (final || t->accumulates) {
        out->status = ST_MISSED;
        snprintf(out->rule, sizeof out->rule,
                 final ? "Không đạt: %s khi đã hết hạn %s (số liệu ngày %s)."
                       : "Không đạt: %s; số liệu cộng dồn không thể giảm lại trước hạn %s (số liệu ngày %s).",
                 why, ddl, asof);
        return;
    }
    out->status = ST_AT_RISK;
    R("Chậm tiến độ: %s, còn hạn đến %s (số liệu ngày %s).", why, ddl, asof);
}

#undef R

void target_evaluate_all(const enum target_status *parts, int n, struct evaluation *out)
{
    memset(out, 0, sizeof *out);
    int count[ST__COUNT] = {0};
    for (int i = 0; i < n; i++) count[parts[i] < ST__COUNT ? parts[i] : ST_NO_DATA]++;
    static const enum target_status worst[] = {ST_MISSED, ST_AT_RISK, ST_NO_DATA, ST_ON_TRACK};
    out->status = ST_MET;
    for (size_t i = 0; n && i < countof(worst); i++)
        if (count[worst[i]]) { out->status = worst[i]; break; }
    if (!n) out->status = ST_NO_DATA;
    snprintf(out->rule, sizeof out->rule,
             "%s: cần cả %d tiêu chí con đều đạt — %d đạt, %d đúng tiến độ, %d chậm tiến độ, %d không đạt, %d chưa có số liệu.",
             status_label(out->status), n, count[ST_MET], count[ST_ON_TRACK], count[ST_AT_RISK], count[ST_MISSED],
             count[ST_NO_DATA]);
}
