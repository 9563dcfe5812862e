/* pwhash.h: passwords, in core (core/pwhash.c): Argon2id hashing under a process-wide bound on
 * concurrent hashes (each takes ~64 MiB), verifying, rehashing when the database's cost
 * changed, the password rules, and the hashing series for /metrics. Sessions, tokens and the
 * login throttle are web/session.h's; the login pages people/login_web.c's. */
#ifndef THIDUA_PWHASH_H
#define THIDUA_PWHASH_H
#include <sodium.h>
#include <stdbool.h>

#include "store.h"
#include "util.h"

#define AUTH_PASSWORD_MIN   10             /* characters */
#define AUTH_PASSWORD_MAX   200            /* bytes */

/* Hashes a password with Argon2id into out. The cost comes from the database setting
 * auth.pwhash ("interactive", default; "cheap" only for test databases). At most
 * auth_hash_limits() hashes (default 2; each takes ~64 MiB) run at once in a process; a caller
 * waits up to the configured time (default 10 s) for a slot. Returns 0, or -1 if busy/failed. */
int auth_hash_password(store *s, const char *password, char out[crypto_pwhash_STRBYTES]);
/* Verifies against a stored hash, under the same concurrency bound. */
enum auth_pw { AUTH_PW_BUSY = -1, AUTH_PW_BAD = 0, AUTH_PW_OK = 1 };
enum auth_pw auth_password_verify(const char *hash, const char *password);
/* The same, with "busy" folded into false (for callers where busy simply means no). */
bool auth_verify_password(const char *hash, const char *password);
/* True if `hash` was made with other parameters than the database's current cost. */
bool auth_password_needs_rehash(store *s, const char *hash);
/* A hash of a random password at the database's current cost (computed once per process and
 * cost): verified against when a login is unknown, so timing does not reveal which exist. */
const char *auth_dummy_hash(store *s);
/* Password rules: NULL if acceptable, else a Vietnamese message (static). Counts characters
 * (code points), not bytes; rejects invalid UTF-8 and control characters, the login inside the
 * password, one repeated character and a few well-known passwords. */
const char *auth_password_problem(const char *password, const char *login);

/* The concurrency bound on hashing. Limits: slots 1..64, wait_ms >= 0; may be changed at any
 * time (waiters see the new bound). Stats: slots in use now, and the most ever in use at once. */
void auth_hash_limits(int slots, int wait_ms);
void auth_hash_stats(int *in_use, int *peak);
/* Hashing counters and gauges in Prometheus text format (for /metrics). */
void auth_hash_metrics(buf *out);
/* Takes/releases one hashing slot directly (tests, and callers that hash in a loop). */
bool auth_hash_slot_take(int wait_ms);
void auth_hash_slot_release(void);
#endif
