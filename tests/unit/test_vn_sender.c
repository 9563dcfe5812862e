/* tests/unit/test_vn_sender.c: sender names in bank transfer messages (vn_sender_extract) on the
 * channel shapes seen in the real statements and on messages without a person's name, the
 * name matcher (vn_name_match_score), and real statement lines: the samples committed in
 * tests/fixtures/statements always, and every line of the four whole statements in
 * ../shared/data/bank-statements (gunzipped here) when they are present; all must go through
 * with the name's span where the name is. The share of lines with a name is in the PASS line. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "vn.h"

static void test_extract_examples(void)
{
    static const struct { const char *msg, *name; } cases[] = {
        {"… thoi gian GD:15/09/2024 23:08:17 NGUYEN HUY THO 104004257***", "NGUYEN HUY THO"},
        {"1261122666 TRAN QUANG HUY Chuyen tien", "TRAN QUANG HUY"},
        {"TKThe :0898159357 tai MSCBVNVX. NGUYEN VAN NHAT HUY chuyen tien ung ho dong bao Mien Bac - "
         "B2B020097042209101046502024CY8S41268 6", "NGUYEN VAN NHAT HUY"},
        {"0501000016xxx TKThe :0501000016xxx tai VCB. MBVCB.6988288617.227295.TANG THI BICH NGOC ung ho chia "
         "se kho khan voi Ba con mien Bac.CT tu 0501000016xxx TANG THI BICH NGOC toi - CTLNHIDI000009811417320",
         "TANG THI BICH NGOC"},
        {"0041000260xxx TKThe :0041000260xxx tai VCB. MBVCB.6993135707.178414.ung ho khac phuc bao Yagi.CT tu "
         "0041000260xxx PHAM THI CUONG toi 1261122666 UBTW MTTQ VIET NAM tai BIDV", "PHAM THI CUONG"},
        {"1770260xxx REM Tfr Ac:1770260xxx O@L_080005_211601_0_0_511092672_66574476011 0377543234 LE THANH "
         "LUAN chuyen tien qua MoMo", "LE THANH LUAN"},
        {"67000162088-0901741302-NGUYEN THI NHUNG chuyen tien qua MoMo Chi ho Cong ty Vi MoMo 701888***",
         "NGUYEN THI NHUNG"},
        {"TKThe :7909205145249 tai Agribank. BIDV;1261122666;CHU LE ANH THU ung ho -CTLNHIDI000009821147298",
         "CHU LE ANH THU"},
        {"CT nhanh 247 den: DAO THI NHU chuyen tien (CT1111) DAO THI NHU 0382119***", "DAO THI NHU"},
        {"Chuyen tien den tu NAPAS Noi dung: Prides Aquarium (CT1111) PHAN TRONG NHAN 070060930***",
         "PHAN TRONG NHAN"},
        {"CT nhanh 247 den: GIA DINH LE THI THU TIEU KHU 1 THI TRAN PHU YEN SON LA UNG HO BAO LU DINH THI "
         "HUONG NGA 4110977***", "DINH THI HUONG NGA"},
        {"TKThe :02554073301 tai Tienphongbank. Nguyen Thi Nhu Y ung ho khac phuc hau qua bao Yagi.",
         "NGUYEN THI NHU Y"},
        {"TKThe :9704030432286208 tai Sacombank. IBFT Tran Tuan Kiet chuyen tien -CTLNHIDI000009816747229",
         "TRAN TUAN KIET"},
        {"TKThe :060159647751 tai Sacombank. QUACH DUY HO TRO BA CON VUNG LU -CTLNHIDI000009830617688",
         "QUACH DUY"},
        {"Chuyen tien den tu NAPAS Noi dung: NGUYEN THI KIM QUY chuyen du so tien it oi FT24262621457190 "
         "(CT1111) VND-TGTT-NGUYEN THI KIM QUY 19036945143***", "NGUYEN THI KIM QUY"},
        {"1260669xxx BLKPAY-126150 F/O 1261122666 UBTW MTTQ VIET NAM @PL@ Nguyen Thi Thu HuongCty CP Nang "
         "luong xanh UH dong bao", "NGUYEN THI THU HUONG"},  /* camelCase join */
        {"TKThe :100005014xxx tai ICBVVNVX. VU THI BICH VAN chuyen tien ung ho bao lu", "VU THI BICH VAN"},
        {"TKThe :924486868 tai MSCBVNVX. DANH THI TO UYEN chuyen tien - B2B0200970422090923403920240Z7V13",
         "DANH THI TO UYEN"},
        {"Nguyễn Văn Ánh chuyển tiền ủng hộ đồng bào", "NGUYEN VAN ANH"},  /* with diacritics */
    };
    for (size_t i = 0; i < countof(cases); i++) {
        struct vn_sender s;
        const char *m = cases[i].msg;
        bool ok = vn_sender_extract(m, strlen(m), &s);
        if (!ok) { check_fail_at(__FILE__, __LINE__, "no name in \"%s\"", m); continue; }
        CHECK_STR(s.name, cases[i].name);
        CHECK(s.confidence >= 50 && s.confidence <= 100);
        CHECK(s.off + s.len <= strlen(m));
    }
    static const char *const none[] = {
        "1261122666 Ung ho nguoi co hoan canh kho khan",
        "TKThe :19070066756016 tai TCB. Ho tro ba con vung lu. FT24254699773359 -CTLNHIDI000009819981029",
        "1261122666 ck",
        "1261122666 ung ho dong bao lu lut 4800311xxx",
        "Chuyen tien den tu NAPAS Noi dung: Ung ho dong bao mien bac (CT1111) MOMOIBFT 0697044105***",
        "CT nhanh 247 den: Cty XE DOP ung ho dong bao bao lut (CT1111) XE DOP CO. 19134177142***",
        "18/09,BIDV,29,2000000000,bidv tai tro kp hau qua thien tai do bao so 3 gay ra theo dn cua ub trung uong",
        "TKThe :125022xxx tai MSCBVNVX. TAP THE DOI BONG DA U15 THE CONG VIETTEL UNG HO DONG BAO",
        "",
        "\xFF\xFE\x00\x01 garbage",
    };
    for (size_t i = 0; i < countof(none); i++) {
        struct vn_sender s;
        if (vn_sender_extract(none[i], strlen(none[i]), &s))
            check_fail_at(__FILE__, __LINE__, "found \"%s\" in \"%s\"", s.name, none[i]);
        CHECK_STR(s.name, "");
    }
}

/* The span reported is where the name is: folding it and collapsing spaces gives the name. */
static bool span_matches(const char *msg, const struct vn_sender *s)
{
    buf f = {0};
    vn_fold(msg + s->off, s->len, &f);
    char out[256];
    size_t n = 0;
    for (size_t i = 0; i < f.len && n + 1 < sizeof out; i++) {
        char c = f.data[i];
        if (c == ' ' && (n == 0 || out[n - 1] == ' ')) continue;
        out[n++] = (char)toupper((unsigned char)c);
    }
    out[n] = 0;
    buf_free(&f);
    return strcmp(out, s->name) == 0;
}

static void test_match_score(void)
{
    static const struct { const char *a, *reg; int lo, hi; } cases[] = {
        {"NGUYEN HUY THO", "Nguyễn Huy Thọ", 100, 100},
        {"nguyen huy tho", "NGUYỄN HUY THỌ", 100, 100},
        {"Nguyễn Huy Thọ", "Nguyễn Huy Thọ", 100, 100},
        {"Nguyễn Huy Thơ", "Nguyễn Huy Thọ", 70, 89},   /* tones compared when both have them */
        {"NGUYEN THO", "Nguyễn Huy Thọ", 80, 89},        /* middle name dropped */
        {"NGUYEN HUY THOO", "Nguyễn Huy Thọ", 80, 89},   /* typo */
        {"THO NGUYEN HUY", "Nguyễn Huy Thọ", 85, 95},    /* given name first */
        {"NGUYENHUYTHO", "Nguyễn Huy Thọ", 95, 95},      /* run together */
        {"NGUYEN VAN THO", "Nguyễn Huy Thọ", 40, 69},    /* another middle name */
        {"GIA DINH NGUYEN HUY THO", "Nguyễn Huy Thọ", 70, 89},  /* extra words */
        {"NGUYEN HUY HOANG", "Nguyễn Huy Thọ", 0, 40},   /* another given name */
        {"TRAN THI LAN", "Nguyễn Huy Thọ", 0, 10},
        {"", "Nguyễn Huy Thọ", 0, 0},
        {"NGUYEN HUY THO", "", 0, 0},
        {"AN", "An", 100, 100},
        {"LE AN", "Lê Văn An", 80, 89},
        {"LE THI HONG", "Lê Thị Hồng Nhung", 0, 40},
    };
    for (size_t i = 0; i < countof(cases); i++) {
        int s = vn_name_match_score(cases[i].a, strlen(cases[i].a), cases[i].reg, strlen(cases[i].reg));
        if (s < cases[i].lo || s > cases[i].hi)
            check_fail_at(__FILE__, __LINE__, "score(\"%s\", \"%s\") = %d, want %d..%d", cases[i].a, cases[i].reg,
                          s, cases[i].lo, cases[i].hi);
    }
    /* An extracted name scores 100 against the registered spelling. */
    const char *m = "1261122666 NGUYEN HUY THO Chuyen tien";
    struct vn_sender s;
    CHECK(vn_sender_extract(m, strlen(m), &s));
    CHECK_INT(vn_name_match_score(s.name, strlen(s.name), "Nguyễn Huy Thọ", strlen("Nguyễn Huy Thọ")), 100);
}

/* Splits a CSV line of the statements: date,bank,id,money,desc,page — desc is everything between
 * the fourth comma and the last one (messages may contain commas in other statements). */
static bool csv_desc(char *line, char **desc)
{
    char *p = line;
    for (int k = 0; k < 4; k++) {
        p = strchr(p, ',');
        if (!p) return false;
        p++;
    }
    char *last = strrchr(p, ',');
    if (!last) return false;
    *last = 0;
    *desc = p;
    return true;
}

/* Runs the extractor over every line of one statement read through `cmd` (cat or gzip -dc);
 * adds to the counts; false if the file could not be read. */
static bool scan_statement(const char *cmd, long *lines, long *found, long *span_ok)
{
    FILE *f = popen(cmd, "r");
    if (!f) return false;
    char line[8192];
    long in_file = 0;
    while (fgets(line, sizeof line, f)) {
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = 0;
        if (in_file++ == 0) continue;  /* header */
        char *desc;
        if (!csv_desc(line, &desc)) continue;
        (*lines)++;
        struct vn_sender s;
        if (vn_sender_extract(desc, strlen(desc), &s)) {
            (*found)++;
            if (span_matches(desc, &s)) (*span_ok)++;
            else if (*found - *span_ok < 5) check_fail_at(__FILE__, __LINE__, "span of \"%s\" wrong in %s", s.name, desc);
        }
    }
    return pclose(f) == 0 && in_file >= 2;
}

static const char *const statement_files[] = {"MTTQ_BIDV_1-12", "MTTQ_BIDV_10-17", "MTTQ_BIDV_18-19",
                                              "CTTU_Vietinbank_17"};
static char bank_note[160];

/* The real lines committed under tests/fixtures/statements: always there, in any clone. */
static void test_statement_samples(void)
{
    const char *root = getenv("ROOT");
    long lines = 0, found = 0, span_ok = 0;
    for (size_t i = 0; i < countof(statement_files); i++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "cat '%s/tests/fixtures/statements/%s.sample.csv'", root ? root : ".", statement_files[i]);
        if (!scan_statement(cmd, &lines, &found, &span_ok))
            check_fail_at(__FILE__, __LINE__, "could not read %s (set ROOT to the repository)", cmd);
    }
    CHECK_INT(lines, 236);
    CHECK_INT(span_ok, found);
    CHECK(found * 2 > lines);   /* most real messages carry a name */
}

/* The four whole statements, when they are beside the repository (../shared/data, or
 * $THIDUA_SHARED_DATA for a checkout elsewhere). Absent, the test says so and counts as
 * neither passed nor failed: the samples above stand in for them. */
static int test_whole_statements(void)
{
    const char *root = getenv("ROOT"), *data = getenv("THIDUA_SHARED_DATA");
    char dir[800], probe[1024];
    if (data && *data) snprintf(dir, sizeof dir, "%s", data);
    else snprintf(dir, sizeof dir, "%s/../shared/data", root ? root : ".");
    snprintf(probe, sizeof probe, "%s/bank-statements/%s.csv.gz", dir, statement_files[0]);
    FILE *exists = fopen(probe, "rb");
    if (!exists) return 0;
    fclose(exists);
    long lines = 0, found = 0, span_ok = 0;
    for (size_t i = 0; i < countof(statement_files); i++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "gzip -dc '%s/bank-statements/%s.csv.gz'", dir, statement_files[i]);
        if (!scan_statement(cmd, &lines, &found, &span_ok))
            check_fail_at(__FILE__, __LINE__, "could not read %s", cmd);
    }
    CHECK_INT(lines, 5800 + 10685 + 159 + 14327);   /* the counts in the data's README */
    CHECK_INT(span_ok, found);
    snprintf(bank_note, sizeof bank_note, "sender name found in %ld of %ld lines (%.1f%%)", found, lines,
             lines ? 100.0 * (double)found / (double)lines : 0.0);
    return 1;
}

int main(void)
{
    RUN(test_extract_examples);
    RUN(test_match_score);
    RUN(test_statement_samples);
    /* Like RUN, with the share of lines in the PASS line, or a note when the files are absent. */
    check_current = "test_whole_statements";
    check_failures_in_test = 0;
    if (!test_whole_statements())
        printf("SKIP %s:test_whole_statements (no ../shared/data/bank-statements beside the repository)\n", __FILE__);
    else if (check_failures_in_test) check_total_failed++;
    else printf("PASS %s:test_whole_statements (%s)\n", __FILE__, bank_note);
    return check_done();
}
