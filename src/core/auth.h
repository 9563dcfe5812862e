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
#define AUTH_PASSWORD_MIN   10             /* characters */
#define AUTH_PASSWORD_MAX   200            /* bytes */
#define AUTH_MAX_SESSIONS   10             /* live sessions kept per user (newest) */

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


/* Starts a session for user_id: sets the cookie on r and fills r->user. 0 on success. If the
 * request already carried a session (r->user.session_hash), that session is deleted, so a
 * login or a privilege change always leaves the browser with a fresh token (no fixation). */
int auth_session_start(req *r, int64_t user_id);
/* Replaces the request's session by a fresh one (new token and CSRF token) for the same user;
 * a no-op for API-token requests. 0 on success. */
int auth_session_rotate(req *r);
/* Deletes every session of user_id except the one whose hash is keep_hash (NULL: all).
 * Returns the number deleted, or < 0 on error. */
int auth_sessions_drop(store *s, int64_t user_id, const char *keep_hash);
/* Ends the request's session (logout). */
void auth_session_end(req *r);
/* Loads a user's identity and capabilities into u (arena for strings). 1 found, 0 not, <0 err. */
int auth_load_user(store *s, arena *a, int64_t user_id, struct user_ctx *u);
/* True if the user's role has write scope over the whole unit tree (role.whole_tree). */
bool auth_whole_tree(store *s, int64_t user_id);

/* API tokens: "thd_" + 60 hex characters (240 random bits); only the SHA-256 is stored. Issues
 * a token for a user that expires at `expires_at` (ISO time), writing the clear token (shown
 * once) into out; 0 on success with *id set, -1 on error. The caller holds the transaction,
 * audits, and has checked the lifetime against token.max_days (user_token_issue does all three).
 * There is no way to make a token without an expiry. */
#define AUTH_TOKEN_LEN 64
int auth_token_create_until(store *s, int64_t user_id, const char *label, const char *expires_at,
                            char out[AUTH_TOKEN_LEN + 1], int64_t *id);
/* Revokes token `id` if it belongs to user_id: 1 revoked, 0 not found / not theirs / already
 * revoked, < 0 error. */
int auth_token_revoke(store *s, int64_t user_id, int64_t id);
/* Revokes every live token of user_id (a password change or reset): the number revoked, or < 0. */
int auth_tokens_revoke_all(store *s, int64_t user_id);

/* Throttling: at most AUTH_MAX_FAIL_LOGIN failures per account and AUTH_MAX_FAIL_ADDR per
 * address in AUTH_FAIL_WINDOW. A password check reserves its attempt BEFORE hashing:
 * auth_attempt_reserve counts the window's failures and, if both are under the limit, records
 * this attempt as a failure in advance, in one write transaction, so however many workers ask at
 * once, exactly the limit's worth of hashes run. It returns the reservation's id (> 0), 0 when
 * throttled (*retry_after: seconds to wait), or < 0 on a store error. The caller then settles it:
 *   a wrong password or code: nothing to do, the reservation is the failure;
 *   auth_attempt_release: the attempt was no guess after all (every hashing slot busy, an
 *     operational failure, a right password still waiting for its second factor, or a right
 *     re-authentication on the account page);
 *   auth_attempt_succeeded: a login succeeded; its reservation and the account's failures before
 *     it are cleared (reservations made after it, still in flight, stay counted).
 * Must not be called inside a write transaction (the reservation commits on its own). */
int64_t auth_attempt_reserve(store *s, const char *login, const char *addr, int64_t *retry_after);
void auth_attempt_release(store *s, int64_t attempt);
int auth_attempt_succeeded(store *s, const char *login, int64_t attempt);
/* True if this login or address is over its limit now (fails closed on a store error). */
bool auth_throttled(store *s, const char *login, const char *addr, int64_t *retry_after);
/* Records a failure outright, and clears a login's failures (tests and tools). */
void auth_record_failure(store *s, const char *login, const char *addr);
void auth_clear_failures(store *s, const char *login);

/* TOTP (RFC 6238, SHA-1, 6 digits, 30 s steps). auth_totp_match returns the time step
 * (unix/30) whose code equals `code` within now ±1 step, or -1; callers store the step and
 * refuse a step not newer than the last one used, so a code cannot be replayed. */
int64_t auth_totp_match(const char *base32_secret, const char *code, int64_t now);
bool auth_totp_check(const char *base32_secret, const char *code, int64_t now);
/* A new secret: 20 random bytes (160 bits, RFC 4226's recommendation) as 32 base32 chars. */
void auth_totp_secret_new(char out[33]);
/* The 6-digit code of a secret at a unix time, or -1 for a bad secret (tests, CLI helper). */
int auth_totp_code(const char *base32_secret, int64_t when);
/* RFC 4648 base32 without padding; out needs 8*ceil(n/5)+1 bytes. */
void base32_encode(const unsigned char *in, size_t n, char *out);
int base32_decode(const char *s, unsigned char *out, size_t cap);
void hmac_sha1(const unsigned char *key, size_t keylen, const unsigned char *msg, size_t n, unsigned char out[20]);
int totp_code_at(const unsigned char *key, size_t keylen, uint64_t counter);

/* Pages */
void login_page(req *r);
void logout_page(req *r);
#endif
