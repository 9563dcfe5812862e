/* test_unit.c: the unit domain (unit.h): tax codes, dates, kinds; write scope through
 * actor_req_in_scope (whole-tree roles, subtree, siblings, ancestors); lineage across several
 * reorganisations (transitive, shared predecessors once, no cycles); reorganise rules; search
 * without diacritics; the CSV importer's natural keys. */
#include <stdlib.h>
#include <unistd.h>

#include "actor.h"
#include "check.h"
#include "import.h"
#include "unit.h"
#include "vn_calendar.h"

/* The tests write as the program itself, with the audit name "test". */
static struct actor T;

static store *S;
static arena A;

static int64_t mk(const char *name, const char *kind, int64_t parent, const char *code)
{
    struct unit_input in = {.name = name, .kind = kind, .code = code, .set_parent = true, .parent_id = parent};
    struct field_errors fe = {0};
    int64_t id = unit_create(S, &A, &T, &in, &fe);
    if (id <= 0) printf("     create %s failed: %s %s\n", name, fe.n ? fe.items[0].name : "", fe.n ? fe.items[0].value : "");
    return id;
}

static void test_tax_codes(void)
{
    char out[15];
    const char *why = NULL;
    CHECK(unit_tax_code_check("0100233488", out, &why));
    CHECK_STR(out, "0100233488");
    CHECK(unit_tax_code_check("0314409058-002", out, &why));
    CHECK_STR(out, "0314409058-002");
    CHECK(unit_tax_code_check("0314409058002", out, &why));     /* 13 digits without the dash */
    CHECK_STR(out, "0314409058-002");
    CHECK(unit_tax_code_check(" 01.00.233.488 ", out, &why));
    CHECK_STR(out, "0100233488");
    CHECK(!unit_tax_code_check("0100233480", out, &why));       /* wrong check digit */
    CHECK_CONTAINS(why, "chữ số kiểm tra");
    CHECK(!unit_tax_code_check("12345", out, &why));
    CHECK(!unit_tax_code_check("0100233488-00", out, &why));
    CHECK(!unit_tax_code_check("0100233488-000", out, &why));
    CHECK_CONTAINS(why, "000");
    CHECK(!unit_tax_code_check("0100000000", out, &why));
    CHECK(!unit_tax_code_check("01002334a8", out, &why));
    CHECK(!unit_tax_code_check("", out, &why));
    CHECK(!unit_tax_code_check("0100233488-0011", out, &why));
    /* every check digit is rejected but the right one */
    int good = 0;
    for (char c = '0'; c <= '9'; c++) {
        char t[11] = "499990017";
        t[9] = c;
        t[10] = 0;
        good += unit_tax_code_check(t, out, &why);
    }
    CHECK_INT(good, 1);
}

static void test_dates_and_kinds(void)
{
    char d[11];
    CHECK(vn_day_iso("2025-07-01", d));
    CHECK_STR(d, "2025-07-01");
    CHECK(vn_day_iso("1/7/2025", d));
    CHECK_STR(d, "2025-07-01");
    CHECK(vn_day_iso("29-02-2024", d));
    CHECK(!vn_day_iso("29/02/2025", d));
    CHECK(!vn_day_iso("2025-13-01", d));
    /* the project's one date reader (vn_date_parse): its other day forms are taken too */
    CHECK(vn_day_iso("2025-7-1", d));
    CHECK_STR(d, "2025-07-01");
    CHECK(vn_day_iso("ngày 1 tháng 7 năm 2025", d));
    CHECK_STR(d, "2025-07-01");
    /* but only whole days with a year, 1800–2200 */
    CHECK(!vn_day_iso("tháng 7/2025", d));
    CHECK(!vn_day_iso("năm 2025", d));
    CHECK(!vn_day_iso("1/7", d));
    CHECK(!vn_day_iso("01/07/1700", d));
    CHECK(!vn_day_iso("01/07/25", d));
    CHECK(!vn_day_iso("", d));
    CHECK(!vn_day_iso("01/07/2025x", d));
    unit_date_add("2025-07-01", -1, d);
    CHECK_STR(d, "2025-06-30");
    unit_date_add("2024-02-28", 1, d);
    CHECK_STR(d, "2024-02-29");
    unit_date_add("2025-12-31", 1, d);
    CHECK_STR(d, "2026-01-01");
    CHECK_STR(unit_kind_from_text("Phường"), "ward");
    CHECK_STR(unit_kind_from_text("XÃ"), "commune");
    CHECK_STR(unit_kind_from_text("thị trấn"), "commune");
    CHECK_STR(unit_kind_from_text("Sở, ban, ngành"), "department");
    CHECK_STR(unit_kind_from_text("Doanh nghiệp"), "enterprise");
    CHECK_STR(unit_kind_from_text("special_zone"), "special_zone");
    CHECK(unit_kind_from_text("nhóm") == NULL);
    CHECK(unit_kind_from_text("") == NULL);
}

/* A small tree: province P; department D1 with child C1 (and its child G1); department D2. */
static int64_t P, D1, C1, G1, D2;

static void test_create_rules(void)
{
    P = mk("Tỉnh Thử", "province", 0, "P");
    D1 = mk("Sở Một", "department", P, "D1");
    C1 = mk("Trung tâm Một", "agency", D1, NULL);
    G1 = mk("Tổ Một", "other", C1, NULL);
    D2 = mk("Sở Hai", "department", P, "D2");
    CHECK(P > 0 && D1 > 0 && C1 > 0 && G1 > 0 && D2 > 0);
    struct field_errors fe = {0};
    struct unit_input in = {.name = "Sở Một", .kind = "department", .set_parent = true, .parent_id = P};
    CHECK_INT(unit_create(S, &A, &T, &in, &fe), 0);       /* same name, same parent */
    CHECK(ferr_get(&fe, "name") != NULL);
    struct unit_input orphan = {.name = "Không cấp trên", .kind = "agency"};
    memset(&fe, 0, sizeof fe);
    CHECK_INT(unit_create(S, &A, &T, &orphan, &fe), 0);
    CHECK(ferr_get(&fe, "parent_id") != NULL);
    struct unit_input cyc = {.set_parent = true, .parent_id = G1};
    memset(&fe, 0, sizeof fe);
    CHECK_INT(unit_update(S, &A, &T, D1, &cyc, &fe), 0);   /* under its own grandchild */
    CHECK(ferr_get(&fe, "parent_id") != NULL);
    struct unit_input dates = {.valid_from = "01/07/2025", .valid_to = "30/06/2025"};
    memset(&fe, 0, sizeof fe);
    CHECK_INT(unit_update(S, &A, &T, D2, &dates, &fe), 0);
    CHECK(ferr_get(&fe, "valid_to") != NULL);
    struct unit_input ok = {.short_name = "S2", .note = "ghi chú\n\ndòng hai"};
    memset(&fe, 0, sizeof fe);
    CHECK_INT(unit_update(S, &A, &T, D2, &ok, &fe), 1);
    struct unit u;
    CHECK_INT(unit_get(S, &A, D2, &u), 1);
    CHECK_STR(u.short_name, "S2");
    CHECK_STR(u.name, "Sở Hai");                                   /* untouched */
}

static bool can(const char *role, int64_t user_unit, int64_t target)
{
    req r;
    memset(&r, 0, sizeof r);
    r.db = S;
    r.user.id = 1;
    r.user.role = role;
    r.user.unit_id = user_unit;
    int64_t whole = 0;   /* as auth_load_user reads it with the user */
    CHECK_INT(store_int64(S, &whole, "SELECT whole_tree FROM role WHERE name = $1", "t", role), 1);
    r.user.whole_tree = whole != 0;
    bool v = actor_req_in_scope(&r, target);
    arena_free(&r.a);
    return v;
}

static void test_scope(void)
{
    CHECK(unit_tree_contains(S, D1, D1));
    CHECK(unit_tree_contains(S, D1, C1));
    CHECK(unit_tree_contains(S, D1, G1));
    CHECK(!unit_tree_contains(S, D1, D2));
    CHECK(!unit_tree_contains(S, D1, P));             /* not upwards */
    CHECK(!unit_tree_contains(S, C1, D1));
    CHECK(!unit_tree_contains(S, D1, 999999));
    CHECK(can("reporter", D1, D1));
    CHECK(can("reporter", D1, G1));
    CHECK(!can("reporter", D1, D2));
    CHECK(!can("reporter", D1, P));
    CHECK(!can("reporter", C1, D1));
    CHECK(can("officer", C1, D2));                    /* whole_tree role */
    CHECK(can("admin", G1, P));
    CHECK(!can("reporter", D1, 0));
    struct actor sc = {7, "canbo.so1", CAP_BIT(CAP_UNIT_WRITE), D1, false};
    CHECK(actor_in_scope(S, &sc, C1));
    CHECK(!actor_in_scope(S, &sc, D2));
    CHECK(actor_in_scope(S, &T, D2));
}

/* A scoped actor (a reporter: whole_tree 0) never makes a second root of the tree, whatever the
 * kind, through create, update (moving to the root) or import; nor writes without unit.write. */
static void test_scoped_actor_no_root(void)
{
    struct actor rep_actor = {7, "baocao.so1", CAP_BIT(CAP_UNIT_WRITE), D1, false};
    int64_t roots = 0, after = 0;
    store_int64(S, &roots, "SELECT count(*) FROM unit WHERE parent_id IS NULL", "");
    struct field_errors fe = {0};
    struct unit_input root = {.name = "Tỉnh thứ hai", .kind = "province"};
    CHECK_INT(unit_create(S, &A, &rep_actor, &root, &fe), 0);
    CHECK_CONTAINS(ferr_get(&fe, "scope"), "đơn vị của mình");
    memset(&fe, 0, sizeof fe);
    struct unit_input root0 = {.name = "Tỉnh thứ hai", .kind = "province", .set_parent = true, .parent_id = 0};
    CHECK_INT(unit_create(S, &A, &rep_actor, &root0, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    memset(&fe, 0, sizeof fe);
    struct unit_input to_root = {.set_parent = true, .parent_id = 0};
    CHECK_INT(unit_update(S, &A, &rep_actor, C1, &to_root, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    const char *csv = "code,name,kind,parent_code\nT2,Tỉnh thứ hai,province,\n";
    struct import_report rep;
    CHECK_INT(unit_import(S, &A, &rep_actor, NULL, "root.csv", csv, strlen(csv), 0, &rep), 0);
    CHECK_INT(rep.accepted, 0);
    CHECK_INT(rep.rejected, 1);
    /* without the capability nothing is written, even in scope */
    struct actor no_cap = rep_actor;
    no_cap.caps = 0;
    memset(&fe, 0, sizeof fe);
    struct unit_input child = {.name = "Phòng mới", .kind = "agency", .set_parent = true, .parent_id = D1};
    CHECK_INT(unit_create(S, &A, &no_cap, &child, &fe), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    CHECK_INT(unit_import(S, &A, &no_cap, NULL, "child.csv", csv, strlen(csv), 0, &rep), 0);
    CHECK(rep.fatal != NULL);
    /* the same scoped actor still creates below its own unit */
    memset(&fe, 0, sizeof fe);
    CHECK(unit_create(S, &A, &rep_actor, &child, &fe) > 0);
    store_int64(S, &after, "SELECT count(*) FROM unit WHERE parent_id IS NULL", "");
    CHECK_INT(after, roots);
}

static int64_t reorg(const char *change, const int64_t *src, int ns, const int64_t *into, int ne,
                     const char *const *names, int nc, const char *eff, struct field_errors *fe)
{
    struct unit_input created[UNIT_REORG_MAX];
    memset(created, 0, sizeof created);
    for (int i = 0; i < nc; i++) created[i].name = names[i];
    struct unit_reorg op = {change, src, ns, into, ne, created, nc, eff, "NQ thử"};
    struct unit_reorg_result res;
    int rc = unit_reorganise(S, &A, &T, &op, fe, &res);
    return rc == 1 ? res.successors[0] : -rc;
}

static bool lineage_has(const struct unit_lineage *l, int64_t id)
{
    for (int i = 0; i < l->n; i++)
        if (l->units[i].id == id) return true;
    return false;
}

static void test_lineage(void)
{
    struct field_errors fe = {0};
    /* A, B under P merge into new AB (2020); AB renamed to AB2 (2022); AB2 and D2 merge into D2 (2024). */
    int64_t A1 = mk("Xã A", "commune", P, NULL), B1 = mk("Xã B", "commune", P, NULL);
    int64_t kid = mk("Thôn của A", "other", A1, NULL);
    int64_t src1[] = {A1, B1};
    const char *n1[] = {"Xã AB"};
    int64_t AB = reorg("merge", src1, 2, NULL, 0, n1, 1, "2020-01-01", &fe);
    CHECK(AB > 0);
    struct unit u;
    unit_get(S, &A, A1, &u);
    CHECK_STR(u.valid_to, "2019-12-31");
    unit_get(S, &A, kid, &u);
    CHECK_INT(u.parent_id, AB);                          /* children follow a merge */
    unit_get(S, &A, AB, &u);
    CHECK_STR(u.kind, "commune");                        /* kind and parent from the first source */
    CHECK_INT(u.parent_id, P);
    CHECK_STR(u.valid_from, "2020-01-01");
    int64_t src2[] = {AB};
    const char *n2[] = {"Xã AB Mới"};
    int64_t AB2 = reorg("rename", src2, 1, NULL, 0, n2, 1, "2022-01-01", &fe);
    CHECK(AB2 > 0);
    int64_t src3[] = {AB2};
    int64_t into[] = {D2};
    CHECK(reorg("merge", src3, 1, into, 1, NULL, 0, "2024-01-01", &fe) == D2);
    struct unit_lineage l;
    CHECK_INT(unit_lineage(S, D2, &A, &l), 1);
    CHECK_INT(l.units[0].id, D2);
    CHECK_INT(l.units[0].depth, 0);
    CHECK(lineage_has(&l, AB2) && lineage_has(&l, AB) && lineage_has(&l, A1) && lineage_has(&l, B1));
    CHECK(!lineage_has(&l, D1));
    CHECK_INT(l.n, 5);
    CHECK_INT(l.nedges, 4);
    for (int i = 0; i < l.n; i++)
        if (l.units[i].id == A1) CHECK_INT(l.units[i].depth, 3);
    struct unit_lineage f;
    CHECK_INT(unit_successors(S, A1, &A, &f), 1);
    CHECK(lineage_has(&f, AB) && lineage_has(&f, AB2) && lineage_has(&f, D2));
    CHECK_INT(unit_lineage(S, 999999, &A, &l), 0);

    /* a split then a merge back: the shared predecessor appears once */
    int64_t X = mk("Xã X", "commune", P, NULL);
    int64_t srcx[] = {X};
    const char *halves[] = {"Xã X Bắc", "Xã X Nam"};
    memset(&fe, 0, sizeof fe);
    int64_t XB = reorg("split", srcx, 1, NULL, 0, halves, 2, "2021-01-01", &fe);
    CHECK(XB > 0);
    int64_t XN = XB + 1;
    int64_t both[] = {XB, XN};
    const char *joined[] = {"Xã X Hợp nhất"};
    int64_t XJ = reorg("merge", both, 2, NULL, 0, joined, 1, "2023-01-01", &fe);
    CHECK(XJ > 0);
    CHECK_INT(unit_lineage(S, XJ, &A, &l), 1);
    CHECK_INT(l.n, 4);                                   /* XJ, XB, XN, X once */
    int seen = 0;
    for (int i = 0; i < l.n; i++) seen += l.units[i].id == X;
    CHECK_INT(seen, 1);

    /* refusals: a cycle, an ended source, a successor below its source, wrong counts */
    int64_t srcd[] = {D2};
    int64_t back[] = {AB2};
    memset(&fe, 0, sizeof fe);
    CHECK(reorg("merge", srcd, 1, back, 1, NULL, 0, "2025-01-01", &fe) == 0);   /* AB2 ended, and is a predecessor */
    CHECK(fe.n > 0);
    memset(&fe, 0, sizeof fe);
    CHECK(reorg("merge", src1, 2, into, 1, NULL, 0, "2025-01-01", &fe) == 0);   /* A, B ended in 2019 */
    CHECK(ferr_get(&fe, "sources") != NULL);
    int64_t src_d1[] = {D1};
    int64_t below[] = {C1};
    memset(&fe, 0, sizeof fe);
    CHECK(reorg("merge", src_d1, 1, below, 1, NULL, 0, "2025-01-01", &fe) == 0);
    CHECK(ferr_get(&fe, "successors") != NULL);
    int64_t nested[] = {D1, C1};                          /* a unit with its own child */
    memset(&fe, 0, sizeof fe);
    CHECK(reorg("merge", nested, 2, NULL, 0, n1, 1, "2025-01-01", &fe) == 0);
    CHECK(ferr_get(&fe, "sources") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK(reorg("split", src_d1, 1, NULL, 0, n1, 1, "2025-01-01", &fe) == 0);
    memset(&fe, 0, sizeof fe);
    CHECK(reorg("merge", src_d1, 1, NULL, 0, n1, 1, "2025-01-01", &fe) == 0);    /* one source into a new unit */
    memset(&fe, 0, sizeof fe);
    CHECK(reorg("merge", src_d1, 1, NULL, 0, n1, 1, "not a date", &fe) == 0);
    CHECK(ferr_get(&fe, "effective") != NULL);
    memset(&fe, 0, sizeof fe);
    CHECK(reorg("explode", src_d1, 1, NULL, 0, n1, 1, "2025-01-01", &fe) == 0);
    CHECK(ferr_get(&fe, "change") != NULL);
    /* a restricted scope may not create next to its own root */
    struct unit_input created = {.name = "Sở Một mới"};
    struct unit_reorg op = {"rename", src_d1, 1, NULL, 0, &created, 1, "2025-01-01", NULL};
    struct unit_reorg_result res;
    struct actor sc = {7, "canbo.so1", CAP_BIT(CAP_UNIT_WRITE), D1, false};
    memset(&fe, 0, sizeof fe);
    CHECK_INT(unit_reorganise(S, &A, &sc, &op, &fe, &res), 0);
    CHECK(ferr_get(&fe, "scope") != NULL);
    unit_get(S, &A, D1, &u);
    CHECK(u.valid_to == NULL);                           /* refused means untouched */
}

static void test_search(void)
{
    struct unit_list_opts o = {.q = "SO MOT", .historic = true};
    struct unit *v;
    int n;
    CHECK_INT(unit_list(S, &A, &o, &v, &n), STORE_OK);
    CHECK_INT(n, 1);
    if (n) CHECK_STR(v[0].name, "Sở Một");
    o.q = "xa x";
    unit_list(S, &A, &o, &v, &n);
    CHECK_INT(n, 4);
    o.q = "%";                                           /* LIKE's own characters match literally */
    unit_list(S, &A, &o, &v, &n);
    CHECK_INT(n, 0);
    o.q = "d1";                                          /* a code, any case */
    unit_list(S, &A, &o, &v, &n);
    CHECK_INT(n, 1);
    struct unit_list_opts at = {.at = "2021-06-01", .q = "xa x"};
    unit_list(S, &A, &at, &v, &n);
    CHECK_INT(n, 2);                                     /* only the two halves lived then */
}

static void test_import_keys(void)
{
    const char *csv = "code,name,kind,parent_code,parent_name,tax_code\n"
                      "D1,Sở Một (khác tên),department,P,,\n"             /* duplicate by code */
                      ",Trung tâm Một,agency,D1,,\n"                      /* duplicate by name under D1 */
                      ",Công ty Z,enterprise,P,,0100233488\n"             /* new */
                      ",Công ty Z khác,enterprise,P,,0100233488\n"        /* duplicate by tax code */
                      ",Tổ Hai,other,,Trung tâm Một,\n"                   /* parent by name */
                      ",Tổ Ba,other,,Không có,\n";                       /* unknown parent name */
    struct import_report rep;
    CHECK_INT(unit_import(S, &A, &T, NULL, "keys.csv", csv, strlen(csv), IMPORT_SKIP_BAD, &rep), 0);
    CHECK_INT(rep.duplicate, 3);
    CHECK_INT(rep.accepted, 2);
    CHECK_INT(rep.rejected, 1);
    CHECK_STR(rep.lines[0].field, "code");
    CHECK_STR(rep.lines[1].field, "name");
    CHECK_STR(rep.lines[3].field, "tax_code");
    CHECK_STR(rep.lines[5].field, "parent_name");
    CHECK_INT(rep.lines[5].line, 7);
}

int main(void)
{
    char path[] = "/tmp/test_unit_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    char err[256];
    T = actor_system;
    T.login = "test";
    S = store_open(path, err, sizeof err);
    if (!S || store_migrate(S, err, sizeof err) != STORE_OK) {
        printf("FAIL test_unit: cannot open a database: %s\n", err);
        return 1;
    }
    RUN(test_tax_codes);
    RUN(test_dates_and_kinds);
    RUN(test_create_rules);
    RUN(test_scope);
    RUN(test_scoped_actor_no_root);
    RUN(test_lineage);
    RUN(test_search);
    RUN(test_import_keys);
    store_close(S);
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path); unlink(side);
    snprintf(side, sizeof side, "%s-shm", path); unlink(side);
    arena_free(&A);
    return check_done();
}
