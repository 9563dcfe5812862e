/* auth.h: who is asking. Password hashing (Argon2id, bounded concurrency), sessions with
 * hashed random tokens, CSRF tokens, API bearer tokens, login throttling, and loading a user's
 * capabilities from their role. Pages: /login, /logout (auth.c); users are managed in user.c. */
#ifndef THIDUA_AUTH_H
#define THIDUA_AUTH_H
#include <sodium.h>
#include <stdbool.h>

#include "store.h"
#include "web.h"

#define AUTH_SESSION_COOKIE "thidua_session"
#define AUTH_SESSION_IDLE   (8 * 3600)     /* seconds without activity before a session ends */
#define AUTH_SESSION_MAX    (24 * 3600)    /* absolute session lifetime */
#define AUTH_MAX_FAIL_LOGIN 5              /* failures per account per window */
#define AUTH_MAX_FAIL_ADDR  20             /* failures per address per window */
#define AUTH_FAIL_WINDOW    (15 * 60)
#define AUTH_PASSWORD_MIN   10

/* Hashes a password with Argon2id into out. The cost comes from the database setting
 * auth.pwhash ("interactive", default; "cheap" only for test databases). At most two hashes
 * run at once in a process (each takes ~64 MiB); returns 0, or -1 if busy for 10 s / failed. */
int auth_hash_password(store *s, const char *password, char out[crypto_pwhash_STRBYTES]);
/* Verifies against a stored hash, under the same concurrency bound. */
bool auth_verify_password(const char *hash, const char *password);
/* Password rules: NULL if acceptable, else a Vietnamese message. */
const char *auth_password_problem(const char *password, const char *login);

/* Creates a user; returns the new id, or 0 with a message in err (duplicate login, unknown
 * role or unit, weak password). Writes an audit entry as `actor` (0 = system). */
int64_t auth_user_create(store *s, int64_t actor, const char *login, const char *name, int64_t unit_id,
                         const char *role, const char *password, char *err, size_t errlen);

/* Starts a session for user_id: sets the cookie on r and fills r->user. 0 on success. */
int auth_session_start(req *r, int64_t user_id);
/* Ends the request's session (logout). */
void auth_session_end(req *r);
/* Loads a user's identity and capabilities into u (arena for strings). 1 found, 0 not, <0 err. */
int auth_load_user(store *s, arena *a, int64_t user_id, struct user_ctx *u);
/* Issues an API token for a user; returns the clear token (shown once) in out (65 bytes). */
int auth_token_create(store *s, int64_t user_id, const char *label, char out[65], int64_t *id);

/* Throttling: true if this login or address has too many recent failures; records failures. */
bool auth_throttled(store *s, const char *login, const char *addr, int64_t *retry_after);
void auth_record_failure(store *s, const char *login, const char *addr);
void auth_clear_failures(store *s, const char *login);

/* TOTP (RFC 6238, SHA-1, 6 digits, 30 s): true if code matches now ±1 step. */
bool auth_totp_check(const char *base32_secret, const char *code, int64_t now);

/* Pages */
void login_page(req *r);
void logout_page(req *r);
#endif
