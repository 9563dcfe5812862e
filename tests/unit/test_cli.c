/* test_cli.c: the declared option tables of the command line (base/cli.c, cli_options): both
 * forms of a value, flags, positional arguments and foreign options left in order, defaults kept
 * when an option is absent, and one line naming the option for each mistake (missing, not a
 * number, out of bounds, repeated, a value on a flag, a value missing at the end, a converter's
 * refusal, an unknown option), with the money and day converters of the vn layer; repeatable
 * options (CLI_LIST) and their most, "--" ending the options, --db stepped over (and refused by
 * cli_no_db for commands that read no database). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "vn_calendar.h"

/* argv from a line of words (split on spaces), as main would get it after the command's name. */
struct line { char *argv[32]; int argc; char text[512]; };
static void split(struct line *l, const char *text)
{
    snprintf(l->text, sizeof l->text, "%s", text);
    l->argc = 0;
    for (char *w = strtok(l->text, " "); w && l->argc < 31; w = strtok(NULL, " ")) l->argv[l->argc++] = w;
    l->argv[l->argc] = NULL;
}

/* stderr into a temporary file between capture_begin and capture_end, which copies it to err. */
struct capture { int saved; FILE *tmp; };
static struct capture capture_begin(void)
{
    fflush(stderr);
    struct capture c = {dup(2), tmpfile()};
    dup2(fileno(c.tmp), 2);
    return c;
}
static void capture_end(struct capture c, char *err, size_t errlen)
{
    fflush(stderr);
    dup2(c.saved, 2);
    close(c.saved);
    rewind(c.tmp);
    size_t n = fread(err, 1, errlen - 1, c.tmp);
    err[n] = 0;
    fclose(c.tmp);
}

/* Runs cli_options with stderr captured into err (one run of the command's parse). */
static bool parse_capturing(struct line *l, const struct cli_opt *opts, char *err, size_t errlen)
{
    struct capture c = capture_begin();
    bool ok = cli_options("thu lenh", &l->argc, l->argv, opts);
    capture_end(c, err, errlen);
    return ok;
}

/* Runs cli_no_db with stderr captured into err. */
static bool no_db_capturing(struct line *l, char *err, size_t errlen)
{
    struct capture c = capture_begin();
    bool ok = cli_no_db("thu lenh", l->argc, l->argv);
    capture_end(c, err, errlen);
    return ok;
}

static void test_values_flags_and_positionals(void)
{
    struct line l;
    split(&l, "sign 17 --number=42 --reason Sai sót --json --db x.db extra");
    const char *reason = NULL, *note = "mặc định";
    int64_t number = 0, limit = 50;
    bool json = false, dry = false;
    const struct cli_opt opts[] = {
        CLI_INT("number", &number),
        CLI_TEXT("reason", &reason, .required = true),
        CLI_TEXT("note", &note),
        CLI_INT("limit", &limit, .min = 1, .max = 100),
        CLI_FLAG("json", &json),
        CLI_FLAG("dry-run", &dry),
        {0}};
    char err[512];
    CHECK(parse_capturing(&l, opts, err, sizeof err));
    CHECK_STR(err, "");
    CHECK_INT(number, 42);
    CHECK_STR(reason, "Sai");      /* one word: the rest stays positional, in order */
    CHECK_STR(note, "mặc định");   /* absent: the default stands */
    CHECK_INT(limit, 50);
    CHECK(json);
    CHECK(!dry);
    CHECK_INT(l.argc, 6);
    const char *want[] = {"sign", "17", "sót", "--db", "x.db", "extra"};
    for (int i = 0; i < 6 && i < l.argc; i++) CHECK_STR(l.argv[i], want[i]);
    CHECK(l.argv[l.argc] == NULL);
}

static void test_given_and_converters(void)
{
    struct line l;
    split(&l, "add --amount 14.055.000.000 --target 0 --on 19/08/2019");
    int64_t amount = 0, target = 7;
    char on[11] = "";
    bool target_given = false, amount_given = false;
    const struct cli_opt opts[] = {
        CLI_CONVERT("amount", &amount, vn_amount_option, VN_AMOUNT_OPTION_EXPECT, .given = &amount_given),
        CLI_INT("target", &target, .given = &target_given),
        CLI_CONVERT("on", on, vn_day_option, VN_DAY_OPTION_EXPECT),
        {0}};
    char err[512];
    CHECK(parse_capturing(&l, opts, err, sizeof err));
    CHECK_INT(amount, 14055000000LL);
    CHECK(amount_given);
    CHECK_INT(target, 0);
    CHECK(target_given);           /* 0 given on the line, told apart from "not given" */
    CHECK_STR(on, "2019-08-19");
    CHECK_INT(l.argc, 1);

    split(&l, "add --amount 14 tỷ");   /* words: "14" alone is read, "tỷ" stays positional */
    amount = 0;
    CHECK(parse_capturing(&l, opts, err, sizeof err));
    CHECK_INT(amount, 14);
    char *words[] = {"add", "--amount=14 tỷ", NULL};
    int argc = 2;
    amount = 0;
    CHECK(cli_options("thu lenh", &argc, words, opts));
    CHECK_INT(amount, 14000000000LL);
    CHECK_INT(argc, 1);
}

/* Each mistake: false, and one line naming the option. */
static void test_errors_name_the_option(void)
{
    int64_t number = 0, limit = 0, amount = 0;
    const char *fund = NULL;
    bool json = false;
    char on[11];
    const struct cli_opt opts[] = {
        CLI_TEXT("fund", &fund, .required = true),
        CLI_INT("number", &number),
        CLI_INT("limit", &limit, .min = 1, .max = 100),
        CLI_CONVERT("amount", &amount, vn_amount_option, VN_AMOUNT_OPTION_EXPECT),
        CLI_CONVERT("on", on, vn_day_option, VN_DAY_OPTION_EXPECT),
        CLI_FLAG("json", &json),
        {0}};
    const char *cases[][2] = {
        {"x --number 1", "thidua thu lenh: thiếu --fund\n"},
        {"x --fund 3 --number mười", "thidua thu lenh: --number: 'mười' không phải số nguyên\n"},
        {"x --fund 3 --limit 0", "thidua thu lenh: --limit: 0 nằm ngoài khoảng 1–100\n"},
        {"x --fund 3 --fund 4", "thidua thu lenh: --fund: chỉ được ghi một lần\n"},
        {"x --fund 3 --json=yes", "thidua thu lenh: --json: không nhận giá trị\n"},
        {"x --fund 3 --number", "thidua thu lenh: --number: thiếu giá trị\n"},
        {"x --fund 3 --amount hơn_5", "thidua thu lenh: --amount: 'hơn_5' không phải số tiền (đồng)\n"},
        {"x --fund 3 --on 31/02/2019", "thidua thu lenh: --on: '31/02/2019' không phải một ngày (dd/mm/yyyy)\n"},
        {"x --fund 3 --nam 2", "thidua thu lenh: --nam: tùy chọn không biết\n"},
        {"x --fund=3 --nam=2 --db d", "thidua thu lenh: --nam: tùy chọn không biết\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct line l;
        char err[512];
        split(&l, cases[i][0]);
        CHECK(!parse_capturing(&l, opts, err, sizeof err));
        CHECK_STR(err, cases[i][1]);
    }
}

/* A repeatable option keeps every value in order, up to its most; --db, in either spelling,
 * is stepped over (its value is not mistaken for an unknown option) and left for cli_open_db. */
static void test_lists_and_db(void)
{
    struct cli_list src = {0};
    const char *into = NULL;
    const struct cli_opt opts[] = {CLI_LIST("source", &src, 3), CLI_TEXT("into", &into), {0}};
    struct line l;
    char err[512];
    split(&l, "merge --source A --db --odd.db --source=B --into C --db=x.db --source D");
    CHECK(parse_capturing(&l, opts, err, sizeof err));
    CHECK_STR(err, "");
    CHECK_INT(src.n, 3);
    CHECK_STR(src.item[0], "A");
    CHECK_STR(src.item[1], "B");
    CHECK_STR(src.item[2], "D");
    CHECK_STR(into, "C");
    const char *want[] = {"merge", "--db", "--odd.db", "--db=x.db"};
    CHECK_INT(l.argc, 4);
    for (int i = 0; i < 4 && i < l.argc; i++) CHECK_STR(l.argv[i], want[i]);

    /* "--" ends the options: the words after it stay positional, dashes and all */
    struct cli_list none = {0};
    const char *into2 = NULL;
    const struct cli_opt opts2[] = {CLI_LIST("source", &none, 3), CLI_TEXT("into", &into2), {0}};
    split(&l, "fold --into C -- --source --nam");
    CHECK(parse_capturing(&l, opts2, err, sizeof err));
    CHECK_STR(into2, "C");
    CHECK_INT(none.n, 0);
    const char *rest[] = {"fold", "--", "--source", "--nam"};
    CHECK_INT(l.argc, 4);
    for (int i = 0; i < 4 && i < l.argc; i++) CHECK_STR(l.argv[i], rest[i]);
    /* a command that reads no database: --db is refused like any unknown option, but not after "--" */
    split(&l, "fold x --db=t.db");
    CHECK(!no_db_capturing(&l, err, sizeof err));
    CHECK_STR(err, "thidua thu lenh: --db: tùy chọn không biết\n");
    split(&l, "fold x -- --db");
    CHECK(no_db_capturing(&l, err, sizeof err));
    CHECK_STR(err, "");

    struct cli_list two = {0};
    const struct cli_opt most[] = {CLI_LIST("source", &two, 2), {0}};
    split(&l, "merge --source A --source B --source C");
    CHECK(!parse_capturing(&l, most, err, sizeof err));
    CHECK_STR(err, "thidua thu lenh: --source: nhiều nhất 2 lần\n");
}

int main(void)
{
    RUN(test_lists_and_db);
    RUN(test_values_flags_and_positionals);
    RUN(test_given_and_converters);
    RUN(test_errors_name_the_option);
    return check_done();
}
