/* session.h: who is asking, in the web layer (web/session.c): sessions with hashed random
 * tokens and CSRF tokens, API bearer tokens, the per-worker cache of what a credential resolves
 * to (auth_resolve, declared in web.h, fills r->user), loading a user's capabilities from their
 * role, and the login throttle's reservations. Password hashing and TOTP are core's (pwhash.h,
 * totp.h); the login pages are the people feature's (login_web.c). */
#ifndef THIDUA_SESSION_H
#define THIDUA_SESSION_H
#include <stdbool.h>
#include <stdint.h>

#include "store.h"
#include "web.h"

#define AUTH_SESSION_COOKIE "thidua_session"
#define AUTH_SESSION_IDLE   (8 * 3600)     /* seconds without activity before a session ends */
#define AUTH_SESSION_MAX    (24 * 3600)    /* absolute session lifetime */
#define AUTH_MAX_FAIL_LOGIN 5              /* failures per account per window */
#define AUTH_MAX_FAIL_ADDR  20             /* failures per address per window */
#define AUTH_FAIL_WINDOW    (15 * 60)
#define AUTH_MAX_SESSIONS   10             /* live sessions kept per user (newest) */

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

#endif
