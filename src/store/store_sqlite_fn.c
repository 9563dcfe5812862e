/* store_sqlite_fn.c: SQL functions and tokenizers thidua adds to every SQLite connection:
 * the Vietnamese FTS5 tokenizer "vnfold" and vn_fold(), vn_sortkey(), vn_name_sortkey()
 * (vn_fts.c). Kept apart from store_sqlite.c so the store itself knows nothing of Vietnamese. */
#include <sqlite3.h>

#include "vn.h"

int store_sqlite_register_functions(sqlite3 *db);
int store_sqlite_register_functions(sqlite3 *db) { return vn_fts5_register(db); }
