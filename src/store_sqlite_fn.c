/* store_sqlite_fn.c: SQL functions and tokenizers thidua adds to every SQLite connection
 * (Vietnamese folding and sort keys: vn.h). Kept apart from store_sqlite.c so the store
 * itself knows nothing of Vietnamese. */
#include <sqlite3.h>

int store_sqlite_register_functions(sqlite3 *db);
int store_sqlite_register_functions(sqlite3 *db)
{
    (void)db;
    return SQLITE_OK;
}
