/* test_privacy.c: the masking rules of pii.h (one test per kind, free text on real transfer
 * messages), the personal-key names, who may see personal data, and erasure's guard of the
 * last administrator (privacy.h), which goes by capability, not by role name. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "privacy.h"

static arena A;

static void test_mask_phone(void)
{
    CHECK_STR(mask_phone(&A, "0912345678"), "0912***678");
    CHECK_STR(mask_phone(&A, "0912 345 678"), "0912***678");
    CHECK_STR(mask_phone(&A, "0912.345.678"), "0912***678");
    CHECK_STR(mask_phone(&A, " +84912345678"), "+8491****678");
    CHECK_STR(mask_phone(&A, "(024) 3825 3536"), "0243****536");   /* landline, 11 digits */
    CHECK_STR(mask_phone(&A, "113"), "***");
    CHECK_STR(mask_phone(&A, ""), "***");
    CHECK(mask_phone(&A, NULL) == NULL);
}

static void test_mask_citizen_id(void)
{
    /* The 4th digit (sex, century) and the 5th-6th (year of birth) are never shown. */
    CHECK_STR(mask_citizen_id(&A, "001099012345"), "001******345");
    CHECK_STR(mask_citizen_id(&A, "001 099 012 345"), "001******345");
    CHECK_STR(mask_citizen_id(&A, "012345678"), "01****678");        /* old CMND */
    CHECK_STR(mask_citizen_id(&A, "B1234567"), "*****567");          /* passport */
    CHECK_STR(mask_citizen_id(&A, "12345"), "***");
    CHECK(mask_citizen_id(&A, NULL) == NULL);
}

static void test_mask_account(void)
{
    CHECK_STR(mask_account(&A, "10401234257"), "1040****257");
    CHECK_STR(mask_account(&A, "1040 1234 5257"), "1040*****257");
    CHECK_STR(mask_account(&A, "0001151002176"), "0001******176");
    CHECK_STR(mask_account(&A, "12345678"), "12***678");
    CHECK_STR(mask_account(&A, "123456"), "***");
    CHECK(mask_account(&A, NULL) == NULL);
}

static void test_mask_birthdate(void)
{
    CHECK_STR(mask_birthdate(&A, "1985-03-12"), "1985");
    CHECK_STR(mask_birthdate(&A, "12/03/1985"), "1985");
    CHECK_STR(mask_birthdate(&A, "1985-03-12T00:00:00Z"), "1985");
    CHECK_STR(mask_birthdate(&A, "12 tháng 3"), "****");
    CHECK(mask_birthdate(&A, NULL) == NULL);
}

static void test_mask_email(void)
{
    CHECK_STR(mask_email(&A, "an.nguyen@gmail.com"), "a***@gmail.com");
    CHECK_STR(mask_email(&A, "đức@langson.gov.vn"), "đ***@langson.gov.vn");   /* whole UTF-8 letter */
    CHECK_STR(mask_email(&A, "x@y.vn"), "x***@y.vn");
    CHECK_STR(mask_email(&A, "no-at-sign"), "***");
    CHECK_STR(mask_email(&A, "@y.vn"), "***");
    CHECK(mask_email(&A, NULL) == NULL);
}

static void test_mask_text_rules(void)
{
    CHECK_STR(mask_text(&A, "goi 0912345678 nhe"), "goi 0912***678 nhe");
    CHECK_STR(mask_text(&A, "so 84912345678"), "so 8491****678");
    CHECK_STR(mask_text(&A, "CCCD 001099012345"), "CCCD 001******345");
    CHECK_STR(mask_text(&A, "CMND 012345678"), "CMND 01****678");
    CHECK_STR(mask_text(&A, "TK 10401234257 BIDV"), "TK 1040****257 BIDV");
    CHECK_STR(mask_text(&A, "FT24254608201092"), "FT2425*******092");     /* letters around do not matter */
    CHECK_STR(mask_text(&A, "LH 0912 345 678."), "LH 0912 *** 678.");
    CHECK_STR(mask_text(&A, "LH 091-234-5678"), "LH 091-2**-*678");
    CHECK_STR(mask_text(&A, "+84 912 345 678"), "+84 91* *** 678");
    CHECK_STR(mask_text(&A, "goi 0912 345 678 12 nguoi"), "goi 0912 *** 678 12 nguoi");
    /* Groups glued to a word or to masked digits are codes, not phones (and masking never
     * exposes a new phone: "…0084 91204 23" stays as the long run's mask left it). */
    CHECK_STR(mask_text(&A, "MA0912 345 678"), "MA0912 345 678");
    CHECK_STR(mask_text(&A, "1700000000000084 91204 23"), "1700*********084 91204 23");
    CHECK_STR(mask_text(&A, ".899.00800099.01.00800099.000"), ".899.00800099.01.00800099.000");
    /* Left alone: dates, times, amounts under 9 digits, references of 20+ digits, mixed
     * separators (a date and a time), and 10-digit groups not starting with 0. */
    const char *keep[] = {
        "thoi gian GD:09/09/2024 23:08:17", "ngay 09.09.2024 23:08", "ung ho 50000000 dong",
        "-B2B020097042209092321522024N6L6618839", "so tien 1.500.000.000 d", "12345678", "",
        "Nguyễn Văn An ủng hộ",
    };
    for (size_t i = 0; i < countof(keep); i++) {
        CHECK_STR(mask_text(&A, keep[i]), keep[i]);
        CHECK(!privacy_text_has_pii(keep[i]));
    }
    CHECK(mask_text(&A, NULL) == NULL);
    CHECK(privacy_text_has_pii("a 0912345678"));
    CHECK(!privacy_text_has_pii(NULL));
}

/* Real messages from the Yagi relief statements (shared/data/bank-statements). */
static void test_mask_text_real_messages(void)
{
    const char *lines[][2] = {
        {"CT nhanh 247 den: DAO THI NHU chuyen tien (CT1111) DAO THI NHU 0382119***",
         "CT nhanh 247 den: DAO THI NHU chuyen tien (CT1111) DAO THI NHU 0382119***"},
        {"1261122666 NGUYEN DANH THONG Chuyen tien", "1261***666 NGUYEN DANH THONG Chuyen tien"},
        {"0501000016xxx TKThe :0501000016xxx tai VCB. MBVCB.6988288617.227295.TANG THI BICH NGOC ung ho",
         "0501***016xxx TKThe :0501***016xxx tai VCB. MBVCB.6988***617.227295.TANG THI BICH NGOC ung ho"},
        {"CCD\"\"036056000355 ung ho", "CCD\"\"036******355 ung ho"},
        {"LE THI TRANG TIEN UNG HO BA CON LU LUT FT24254608201092 -CTLNHIDI000009811418032-1/1-CRE-002;",
         "LE THI TRANG TIEN UNG HO BA CON LU LUT FT2425*******092 -CTLNHIDI0000********032-1/1-CRE-002;"},
        {"Chuyen tien den tu NAPAS Noi dung: Prides Aquarium (CT1111) PHAN TRONG NHAN 070060930***",
         "Chuyen tien den tu NAPAS Noi dung: Prides Aquarium (CT1111) PHAN TRONG NHAN 07****930***"},
    };
    for (size_t i = 0; i < countof(lines); i++) {
        char *m = mask_text(&A, lines[i][0]);
        CHECK_STR(m, lines[i][1]);
        CHECK_INT(strlen(m), strlen(lines[i][0]));          /* masking never shifts the text */
        CHECK_STR(mask_text(&A, m), m);                      /* and is idempotent */
        CHECK(!privacy_text_has_pii(m));
    }
}

static void test_field_kind(void)
{
    CHECK_INT(privacy_field_kind("phone"), PII_PHONE);
    CHECK_INT(privacy_field_kind("contact_phone"), PII_PHONE);
    CHECK_INT(privacy_field_kind("email"), PII_EMAIL);
    CHECK_INT(privacy_field_kind("donor_email"), PII_EMAIL);
    CHECK_INT(privacy_field_kind("cccd"), PII_CITIZEN_ID);
    CHECK_INT(privacy_field_kind("citizen_id"), PII_CITIZEN_ID);
    CHECK_INT(privacy_field_kind("bank_account"), PII_ACCOUNT);
    CHECK_INT(privacy_field_kind("sender_account_number"), PII_ACCOUNT);
    CHECK_INT(privacy_field_kind("birth_date"), PII_BIRTHDATE);
    CHECK_INT(privacy_field_kind("dob"), PII_BIRTHDATE);
    CHECK_INT(privacy_field_kind("name"), PII_NONE);
    CHECK_INT(privacy_field_kind("emails"), PII_NONE);
    CHECK_INT(privacy_field_kind("xphone"), PII_NONE);
    CHECK_INT(privacy_field_kind(NULL), PII_NONE);
    CHECK_STR(privacy_mask(&A, PII_PHONE, "0912345678"), "0912***678");
    CHECK_STR(privacy_mask(&A, PII_NONE, "abc"), "abc");
}

static void test_can_see(void)
{
    static const struct route private_route = {"GET", "/x", NULL, CAP_USER_ADMIN, R_HTML, "x", NULL};
    static const struct route public_route = {"GET", "/p", NULL, CAP_PUBLIC, R_HTML, "p", NULL};
    req r;
    req_init(&r);
    r.route = &private_route;
    r.user.id = 7;
    r.user.caps = CAP_BIT(CAP_USER_ADMIN) | CAP_BIT(CAP_PII_READ);
    CHECK(privacy_can_see(&r));
    CHECK_STR(privacy_show(&r, PII_PHONE, "0912345678"), "0912345678");
    r.route = &public_route;                 /* public pages always mask */
    CHECK(!privacy_can_see(&r));
    CHECK_STR(privacy_show(&r, PII_PHONE, "0912345678"), "0912***678");
    r.route = &private_route;
    r.user.caps = CAP_BIT(CAP_USER_ADMIN);   /* no pii.read */
    CHECK(!privacy_can_see(&r));
    CHECK_STR(privacy_show(&r, PII_CITIZEN_ID, "001099012345"), "001******345");
    r.user.id = 0;                           /* anonymous */
    r.user.caps = CAP_BIT(CAP_PII_READ);
    CHECK(!privacy_can_see(&r));
    CHECK(!privacy_can_see(NULL));
    CHECK(privacy_show(&r, PII_PHONE, NULL) == NULL);
    req_free(&r);
}

/* ---- erasure: the last administrator ---- */

static store *admin_db(char *dir, size_t n)
{
    if (!temp_dir_make("test_privacy.", dir, n)) return NULL;
    char path[600], err[512];
    snprintf(path, sizeof path, "%s/p.db", dir);
    store *s = store_open(path, err, sizeof err);
    if (!s || store_migrate(s, err, sizeof err) != STORE_OK) { printf("     setup: %s\n", err); return NULL; }
    return s;
}

static int64_t add_user(store *s, const char *login, const char *role)
{
    int64_t id = 0;
    store_int64(s, &id, "INSERT INTO app_user(login, name, unit_id, role, password_hash, created_at, updated_at)"
                        " VALUES ($1, $1, (SELECT min(id) FROM unit), $2, '!none', 'x', 'x') RETURNING id",
                "tt", login, role);
    return id;
}

static int erase(store *s, int64_t id, char *err, size_t n)
{
    return privacy_erase(s, 0, "cli:test", "user", id, NULL, NULL, err, n);
}

static void test_erase_last_admin_by_capability(void)
{
    char dir[300], err[512];
    store *s = admin_db(dir, sizeof dir);
    CHECK(s != NULL);
    if (!s) return;
    store_exec(s, "INSERT INTO unit(kind, name, name_fold, sort_key, created_at, updated_at)"
                  " VALUES ('province', 'Tỉnh', 'tinh', $1, 'x', 'x')", "b", "k", (size_t)1);
    /* A whole-tree role that manages users, not called "admin"; and the role called "admin"
     * stripped of user.admin: the guard must follow the capability both ways. */
    CHECK_INT(store_exec(s, "INSERT INTO role(name, label, whole_tree) VALUES ('bando', 'Ban điều hành', 1)", ""), STORE_OK);
    CHECK_INT(store_exec(s, "INSERT INTO role_capability(role, capability) VALUES ('bando', 'user.admin'),"
                            " ('bando', 'unit.read')", ""), STORE_OK);
    CHECK_INT(store_exec(s, "DELETE FROM role_capability WHERE role='admin' AND capability='user.admin'", ""), STORE_OK);
    int64_t chief = add_user(s, "giamdoc", "bando");
    int64_t named = add_user(s, "quantri", "admin");
    int64_t viewer = add_user(s, "xem", "viewer");
    CHECK(chief > 0 && named > 0 && viewer > 0);

    /* The only enabled holder of user.admin: refused, nothing changed, no transaction left. */
    CHECK_INT(erase(s, chief, err, sizeof err), -1);
    CHECK_CONTAINS(err, "last active administrator");
    CHECK_INT(store_tx_depth(s), 0);
    char *login = NULL;
    arena a = {0};
    store_text(s, &login, &a, "SELECT login FROM app_user WHERE id=$1", "i", chief);
    CHECK_STR(login, "giamdoc");
    /* A role named "admin" without the capability protects nobody; a plain user never was. */
    CHECK_INT(erase(s, named, err, sizeof err), 0);
    CHECK_INT(erase(s, viewer, err, sizeof err), 0);

    /* Two holders: erasing one of them is allowed, and then the other is the last. */
    int64_t deputy = add_user(s, "phogiamdoc", "bando");
    CHECK(deputy > 0);
    CHECK_INT(erase(s, chief, err, sizeof err), 0);
    CHECK_INT(erase(s, deputy, err, sizeof err), -1);
    CHECK_CONTAINS(err, "last active administrator");

    /* A disabled holder does not count as the one who remains. */
    int64_t off = add_user(s, "nghihuu", "bando");
    CHECK_INT(store_exec(s, "UPDATE app_user SET disabled=1 WHERE id=$1", "i", off), STORE_OK);
    CHECK_INT(erase(s, deputy, err, sizeof err), -1);
    arena_free(&a);
    store_close(s);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) printf("     could not remove %s\n", dir);
}

int main(void)
{
    RUN(test_mask_phone);
    RUN(test_mask_citizen_id);
    RUN(test_mask_account);
    RUN(test_mask_birthdate);
    RUN(test_mask_email);
    RUN(test_mask_text_rules);
    RUN(test_mask_text_real_messages);
    RUN(test_field_kind);
    RUN(test_can_see);
    RUN(test_erase_last_admin_by_capability);
    arena_free(&A);
    return check_done();
}
