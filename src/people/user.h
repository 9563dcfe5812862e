/* user.h: the users resource (user.c) as other files see it: creating, validating and
 * updating users (auth.c's auth_user_create, the demo data and the account page use these),
 * text cleaning and folding for user fields, the role checks shared
 * with account.c, and the `thidua user …` command group. Personal data is masked with
 * privacy.h (mask_phone, mask_email, privacy_show). */
#ifndef THIDUA_USER_H
#define THIDUA_USER_H
#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "cli.h"
#include "html.h"
#include "store.h"
#include "web.h"

/* Limits on user fields (characters, after NFC). */
#define USER_NAME_MAX   100
#define USER_EMAIL_MAX  254
#define USER_LABEL_MAX  100

/* Values for a new user or for an update. Strings are borrowed; NULL means "not given" (on an
 * update: leave as is). For email and phone, "" on an update clears the value. unit is an id
 * or a code ("12", "06100", or explicitly "id:12" / "code:06100"). */
struct user_input {
    const char *login, *name, *email, *phone, *unit, *role, *password;
    int disabled;          /* -1: not given; 0 or 1 */
    int must_change;       /* -1: not given; 0 or 1 (create: defaults to 0) */
    int64_t unit_id;       /* out: the resolved unit when `unit` was given */
};

/* Validates and normalises `in` in place (strings replaced by cleaned copies in `a`; unit
 * resolved into in->unit_id). `creating` makes login, name, unit, role and password required.
 * Field problems go to fe (field names as in the JSON API); returns true if there are none. */
bool user_validate(store *s, arena *a, struct user_input *in, bool creating, struct field_errors *fe);

/* Creates a user after user_validate (called inside): hashes the password outside any
 * transaction, then inserts and audits (as actor_id/actor_login; 0/"system" or "cli:NAME")
 * in one transaction. Messages live in `a`. Returns the new id, or 0 with problems in fe (a
 * duplicate login is a field error; "_busy": every hashing slot stayed busy; "_": an
 * operational failure, details in store_errmsg). */
int64_t user_create(store *s, arena *a, int64_t actor_id, const char *actor_login, struct user_input *in,
                    struct field_errors *fe);

/* Applies an update to user `id` (fields of `in` that are given; a password resets it, ends
 * the user's sessions and revokes their API tokens; disabling ends the sessions). `if_version` (the updated_at the editor
 * saw, or NULL) guards against overwriting someone else's change. Refuses a change that leaves
 * no enabled user able to manage users. Returns 1 done, 0 field problems in fe, or one of: */
enum { USER_FAILED = -1, USER_CONFLICT = -2, USER_LAST_ADMIN = -3, USER_NOT_FOUND = -4, USER_BUSY = -5 };
int user_update(store *s, arena *a, int64_t actor_id, const char *actor_login, int64_t id,
                struct user_input *in, const char *if_version, struct field_errors *fe);

/* Sets the password of user `id` after the rules (login from the database), clears
 * must_change unless `must_change`, ends all sessions except keep_session_hash (NULL: all),
 * revokes all the user's API tokens unless keep_tokens (only the user's own change may keep
 * them; an administrator's reset never does), and audits `action` ("password.change" or
 * "password.reset") with the counts, without any secret. Hashes before the transaction. Returns
 * 1 done (the number of tokens revoked in *tokens_revoked, if not NULL), 0 with a message in
 * *problem (rules), or < 0: USER_BUSY (every hashing slot stayed busy), USER_NOT_FOUND,
 * USER_FAILED. */
int user_set_password(store *s, int64_t actor_id, const char *actor_login, int64_t id, const char *password,
                      bool must_change, const char *keep_session_hash, bool keep_tokens, const char *action,
                      int *tokens_revoked, const char **problem);

/* API tokens. A token lives 1 to token.max_days days (setting.c; default 365): one without an
 * end, or a longer one, is refused, never clamped. user_token_default_days: the lifetime a form
 * or the CLI offers when none is given (90, or the limit if lower). user_token_validate checks a
 * label (cleaned, 1..100 characters; *clean in the arena) and a lifetime; problems go to fe
 * ("label", "expires_days"; the latter names the limit); true if none. */
int64_t user_token_default_days(store *s);
bool user_token_validate(store *s, arena *a, const char *label, int64_t expires_days, const char **clean,
                         struct field_errors *fe);
/* Issues a token for user_id after user_token_validate. Audits "token.create" with the label
 * and expiry only, never the token or its hash. Returns the token id with the clear token in out
 * (shown once), 0 with problems in fe ("label", "expires_days", or "user": disabled or unknown
 * user), or < 0. Proof that the requester is the user (password, second factor) is the
 * caller's business (account.c); the CLI needs none, its user holds the database. */
int64_t user_token_issue(store *s, arena *a, int64_t actor_id, const char *actor_login, int64_t user_id,
                         const char *label, int64_t expires_days, char out[AUTH_TOKEN_LEN + 1], struct field_errors *fe);
/* Revokes token_id of user_id and audits "token.revoke": 1 revoked, 0 no such live token of
 * that user, < 0 error. */
int user_token_revoke(store *s, int64_t actor_id, const char *actor_login, int64_t user_id, int64_t token_id);

/* Text fields: valid UTF-8, no control or invisible formatting characters, NFC, spaces
 * collapsed and trimmed, at most max_chars characters. Returns NULL and sets *out (arena), or
 * a Vietnamese message (static or in the arena). NULL in gives "". */
const char *user_clean_text(arena *a, const char *in, size_t max_chars, char **out);
/* Search folding, the system's one (vn_fold): lower case, no diacritics, đ → d
 * ("Nguyễn Thị Đào" → "nguyen thi dao"). Result in the arena; NULL in, NULL out. */
char *user_fold(arena *a, const char *s);

/* Local time on screen (UTC+7): "2025-07-01T02:03:04Z" → "01/07/2025 09:03"; other text as is. */

/* `thidua user SUBCOMMAND …` */
int user_cmd(int argc, char **argv);
extern const struct cli_cmd user_cmds[];
#endif
