/* secret.h: small secrets (TOTP seeds) sealed at rest with a key kept outside the database
 * (secret.c says where and why). */
#ifndef THIDUA_SECRET_H
#define THIDUA_SECRET_H
#include "store.h"
#include "util.h"

/* The key file's path for this database: $THIDUA_KEY_FILE, else the database path + ".key". */
const char *secret_key_path(store *s, char *out, size_t outlen);
/* The sealed form of `plain` (in the arena), creating the key file if there is none yet; NULL
 * with the reason in err when the key cannot be read or made. NULL in, NULL out. */
char *secret_seal(store *s, arena *a, const char *plain, char *err, size_t errlen);
/* The plain text of a stored value (a value stored before sealing is returned as is); NULL
 * with the reason in err when the key is missing or does not open it. NULL in, NULL out. */
char *secret_open(store *s, arena *a, const char *stored, char *err, size_t errlen);
/* Drops the key from memory (tests switching databases). */
void secret_forget_key(void);
#endif
