/* holiday_cmd.c: `thidua holiday list|amend|remove|add-workdays`: the working-day calendar from
 * the command line, as the command-line actor (every capability), through holiday.c. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "holiday.h"

/* ---- CLI ---- */
static int holiday_list_cmd(int argc, char **argv)
{
    bool json = false;
    const struct cli_opt opts[] = {CLI_FLAG("json", &json), {0}};
    if (!cli_options("holiday list", &argc, argv, opts)) {
        fprintf(stderr, "usage: thidua holiday list YEAR [--json] --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t year = 0;
    if (argc != 2 || !parse_int64(argv[1], &year)) {
        fprintf(stderr, "usage: thidua holiday list YEAR [--json] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct vn_holiday_calendar cal;
    struct vn_calendar_day days[VN_CALENDAR_DAYS_MAX];
    struct vn_error err;
    int rc = 1, n;
    if (holiday_calendar_load(s, &a, &cal) != STORE_OK) fprintf(stderr, "thidua holiday: %s\n", store_errmsg(s));
    else if ((n = vn_holidays(&cal, (int)year, days, VN_CALENDAR_DAYS_MAX, &err)) < 0)
        fprintf(stderr, "thidua holiday list: %s\n", err.message);
    else {
        if (json) {
            cli_print_json(holiday_days_json(days, n));
        } else {
            for (int i = 0; i < n; i++) {
                char shown[48];
                vn_date_format(days[i].date, VN_DATE_WEEKDAY_ABBR, shown, sizeof shown);
                printf("%s  %-12s %s%s%s\n", shown, holiday_source_label(&days[i]), days[i].name ? days[i].name : "",
                       days[i].detail[0] ? " — " : "", days[i].detail);
            }
        }
        rc = 0;
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int holiday_amend_cmd(int argc, char **argv)
{
    const char *note = NULL, *basis = NULL;
    const struct cli_opt opts[] = {CLI_TEXT("note", &note), CLI_TEXT("basis", &basis), {0}};
    if (!cli_options("holiday amend", &argc, argv, opts)) {
        fprintf(stderr, "usage: thidua holiday amend DATE off|cancel|work [--note TEXT] [--basis TEXT] --db FILE\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc != 3) {
        fprintf(stderr, "usage: thidua holiday amend DATE off|cancel|work [--note TEXT] [--basis TEXT] --db FILE\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    struct actor who = actor_cli(&a);
    struct field_errors fe = {0};
    char iso[11] = "";
    int kind, rc = 0;
    holiday_validate(&a, argv[1], argv[2], note, basis, iso, &kind, &fe);
    for (int i = 0; i < fe.n; i++) fprintf(stderr, "thidua holiday amend: %s: %s\n", fe.items[i].name, fe.items[i].value);
    if (fe.n) rc = 1;
    else if (holiday_amend(s, &who, iso, kind, note, basis) != STORE_OK) {
        fprintf(stderr, "thidua holiday amend: %s\n", store_errmsg(s));
        rc = 1;
    } else printf("%s %s\n", iso, holiday_kind_names[kind]);
    arena_free(&a);
    store_close(s);
    return rc;
}

static int holiday_remove_cmd(int argc, char **argv)
{
    if (!cli_no_options("holiday remove", &argc, argv)) { fprintf(stderr, "usage: thidua holiday remove DATE --db FILE\n"); return 2; }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    if (argc != 2) { fprintf(stderr, "usage: thidua holiday remove DATE --db FILE\n"); store_close(s); return 2; }
    arena a = {0};
    char iso[11];
    const char *e = holiday_parse_date(&a, argv[1], iso);
    int rc = 1;
    if (e) fprintf(stderr, "thidua holiday remove: %s\n", e);
    else {
        struct actor who = actor_cli(&a);
        int n = holiday_remove(s, &who, 0, iso);
        if (n == 0) fprintf(stderr, "thidua holiday remove: no amendment on %s\n", iso);
        else if (n < 0) fprintf(stderr, "thidua holiday remove: %s\n", store_errmsg(s));
        else { printf("removed %s\n", iso); rc = 0; }
    }
    arena_free(&a);
    store_close(s);
    return rc;
}

static int holiday_add_workdays_cmd(int argc, char **argv)
{
    if (!cli_no_options("holiday add-workdays", &argc, argv)) {
        fprintf(stderr, "usage: thidua holiday add-workdays DATE N --db FILE   (N: -10000…10000)\n");
        return 2;
    }
    store *s = cli_open_db(&argc, argv);
    if (!s) return 1;
    int64_t n;
    if (argc != 3 || !parse_int64(argv[2], &n) || n < -10000 || n > 10000) {
        fprintf(stderr, "usage: thidua holiday add-workdays DATE N --db FILE   (N: -10000…10000)\n");
        store_close(s);
        return 2;
    }
    arena a = {0};
    char iso[11], out[11], msg[256];
    const char *e = holiday_parse_date(&a, argv[1], iso);
    int rc = 1;
    if (e) fprintf(stderr, "thidua holiday add-workdays: %s\n", e);
    else if (holiday_add_working_days(s, iso, (int)n, out, msg, sizeof msg) != 0)
        fprintf(stderr, "thidua holiday add-workdays: %s\n", msg);
    else { puts(out); rc = 0; }
    arena_free(&a);
    store_close(s);
    return rc;
}

static const struct cli_cmd holiday_sub[] = {
    {"list", holiday_list_cmd, "YEAR [--json] --db FILE", "the year's days off and worked days, with their legal basis"},
    {"amend", holiday_amend_cmd, "DATE off|cancel|work [--note T] [--basis T] --db FILE", "change one day of the calendar"},
    {"remove", holiday_remove_cmd, "DATE --db FILE", "drop the amendment of a day (back to the rule default)"},
    {"add-workdays", holiday_add_workdays_cmd, "DATE N --db FILE", "the N-th working day after DATE on the amended calendar"},
    {0},
};

static int holiday_cmd(int argc, char **argv) { return cli_dispatch("holiday", holiday_sub, argc, argv); }

const struct cli_cmd holiday_cmds[] = {
    {"holiday", holiday_cmd, "list|amend|remove|add-workdays …", "the public-holiday calendar and working-day deadlines"},
    {0},
};
