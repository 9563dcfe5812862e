/* user.h: the users domain (user.c): validating, creating, updating and listing users, their
 * passwords and API tokens, with the rule of who may manage whom. Every write takes the actor
 * (core/actor.h) and checks its capability and unit scope itself, so the pages and API
 * (user_web.c, account_web.c), the CLI (user_cmd.c) and the demo data pass the same checks.
 * No request and no HTML here. Personal data is masked with privacy.h (mask_phone, mask_email). */
#ifndef THIDUA_USER_H
#define THIDUA_USER_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "actor.h"
#include "session.h"
#include "html.h"   /* struct field_errors: the field problems every face reports */
#include "store.h"
#include "util.h"

/* Limits on user fields (characters, after NFC). */
#define USER_NAME_MAX   100
#define USER_EMAIL_MAX  254
#define USER_LABEL_MAX  100

/* Values for a new user or for an update. Strings are borrowed; NULL means "not given" (on an
 * update: leave as is). For email and phone, "" on an update clears the value. unit is a
 * reference as text (api.h's ref rule: "id:12", "code:06100", or bare digits, refused when
 * ambiguous). */
struct user_input {
    const char *login, *name, *email, *phone, *unit, *role, *password;
    int disabled;          /* -1: not given; 0 or 1 */
    int must_change;       /* -1: not given; 0 or 1 (create: defaults to 0) */
    int64_t unit_id;       /* out: the resolved unit when `unit` was given */
};

/* One user as read from the database (strings in the reader's arena). */
struct user_row {
    int64_t id, unit_id;
    const char *login, *name, *email, *phone, *role, *role_label, *unit_name, *unit_code;
    const char *created_at, *updated_at, *last_login, *password_changed_at;
    bool disabled, must_change, totp, role_whole_tree;
};

/* Outcomes of the writes below, besides 1 (done) and 0 (field problems in fe). */
enum {
    USER_FAILED = -1,      /* operational failure: details in store_errmsg */
    USER_CONFLICT = -2,    /* if_version is stale */
    USER_LAST_ADMIN = -3,  /* the change would leave no enabled whole-tree user administrator */
    USER_NOT_FOUND = -4,
    USER_BUSY = -5,        /* every password-hashing slot stayed busy: try again shortly */
    USER_FORBIDDEN = -6,   /* the actor may not do this; the reason is in fe (field "unit", "role" or "_auth") */
};

/* Validates and normalises `in` in place (strings replaced by cleaned copies in `a`; unit
 * resolved into in->unit_id). `creating` makes login, name, unit, role and password required.
 * Field problems go to fe (field names as in the JSON API); returns true if there are none. */
bool user_validate(store *s, arena *a, struct user_input *in, bool creating, struct field_errors *fe);

/* Resolves a unit reference in text (api.h's ref_parse: "id:N", "code:X", bare digits an id
 * unless also another unit's code): UNIT_FOUND with *id, UNIT_NONE, UNIT_AMBIGUOUS (the caller
 * asks for the explicit form), or < 0 on a database error. */
enum { UNIT_NONE = 0, UNIT_FOUND = 1, UNIT_AMBIGUOUS = 2 };
int user_unit_resolve(store *s, const char *text, int64_t *id);

/* NULL if `actor` may manage a user of unit_id holding role; else the reason, with the field it
 * belongs to in *field. A whole-tree user administrator manages everyone; another holder of
 * user.admin manages only users of its own subtree, and hands out only roles that are not
 * whole-tree and whose capabilities it holds itself. */
const char *user_manage_problem(store *s, const struct actor *actor, int64_t unit_id, const char *role,
                                const char **field);
/* True if actor may see a user of unit_id (whole tree, or its own subtree). */
bool user_may_see(store *s, const struct actor *actor, int64_t unit_id);

/* Creates a user: validates, checks the actor manages the new user's unit and role, hashes the
 * password outside any transaction, then inserts and audits (as actor->login) in one
 * transaction. Messages live in `a`. Returns the new id, 0 with problems in fe (a duplicate
 * login is a field error), USER_FORBIDDEN (reason in fe), USER_BUSY, or USER_FAILED. */
int64_t user_create(store *s, arena *a, const struct actor *actor, struct user_input *in, struct field_errors *fe);

/* Applies an update to user `id` (fields of `in` that are given; a password resets it, ends the
 * user's sessions and revokes their API tokens; disabling ends the sessions). A user may change
 * their own name, email and phone; anything else needs user.admin over both the user as they
 * are and as they would be. `if_version` (the updated_at the editor saw, or NULL) guards
 * against overwriting someone else's change. Refuses a change that breaks the last-admin rule
 * (admin_rule.h). Returns 1 done, 0 field problems in fe, or a USER_ code (fe explains
 * USER_FORBIDDEN). */
int user_update(store *s, arena *a, const struct actor *actor, int64_t id, struct user_input *in,
                const char *if_version, struct field_errors *fe);

/* Sets the password of user `id` (the actor's own, or one it manages) after the rules (login
 * from the database), clears must_change unless `must_change`, ends all sessions except
 * keep_session_hash (NULL: all), revokes all the user's API tokens unless keep_tokens (only the
 * user's own change may keep them), and audits `action` ("password.change" or
 * "password.reset") with the counts, without any secret. Hashes before the transaction. Returns
 * 1 done (tokens revoked in *tokens_revoked, if not NULL), 0 with a message in *problem
 * (rules), or < 0: USER_BUSY (message in *problem), USER_FORBIDDEN (message in *problem),
 * USER_NOT_FOUND, USER_FAILED. */
int user_set_password(store *s, const struct actor *actor, int64_t id, const char *password, bool must_change,
                      const char *keep_session_hash, bool keep_tokens, const char *action, int *tokens_revoked,
                      const char **problem);

/* Turns off user id's two-factor login (a lost authenticator) and audits it: 1 done,
 * USER_FORBIDDEN, USER_NOT_FOUND or USER_FAILED. */
int user_totp_off(store *s, const struct actor *actor, int64_t id);

/* Reading. user_load: 1 found, 0 not, < 0 error. user_id_by_login: 0 if none. */
int user_load(store *s, arena *a, int64_t id, struct user_row *u);
int64_t user_id_by_login(store *s, const char *login);

/* A page of users: q searches name (folded) and login; "" or NULL for any. */
struct user_filter {
    const char *q, *role, *status;   /* status: "active" or "disabled" */
    int64_t unit_id;                  /* 0: any; else that unit and its subtree */
    int64_t scope_unit;               /* 0: whole tree; else only this unit's subtree */
    int64_t limit, offset;
};
/* Fills rows (arena) with one page of users matching f, and *total with the count of all
 * matches. 0 ok, < 0 database error. */
int user_list(store *s, arena *a, const struct user_filter *f, struct user_row **rows, int *n, int64_t *total);
/* The API's (and `user list --json`'s) view of a user; `mask` hides phone and email. */
json_t *user_json(arena *a, const struct user_row *u, bool mask);

/* API tokens. A token lives 1 to token.max_days days (setting.c; default 365): one without an
 * end, or a longer one, is refused, never clamped. user_token_default_days: the lifetime a form
 * or the CLI offers when none is given (90, or the limit if lower). user_token_validate checks a
 * label (cleaned, 1..100 characters; *clean in the arena) and a lifetime; problems go to fe
 * ("label", "expires_days"; the latter names the limit); true if none. */
int64_t user_token_default_days(store *s);
bool user_token_validate(store *s, arena *a, const char *label, int64_t expires_days, const char **clean,
                         struct field_errors *fe);
/* Issues a token for user_id (the actor itself, or a user it manages) after
 * user_token_validate. Audits "token.create" with the label and expiry only, never the token or
 * its hash. Returns the token id with the clear token in out (shown once), 0 with problems in
 * fe ("label", "expires_days", or "user": disabled or unknown user), USER_FORBIDDEN (reason in
 * fe), or < 0. Proof that the requester is the user (password, second factor) is the caller's
 * business (account_web.c); the CLI needs none, its user holds the database. */
int64_t user_token_issue(store *s, arena *a, const struct actor *actor, int64_t user_id, const char *label,
                         int64_t expires_days, char out[AUTH_TOKEN_LEN + 1], struct field_errors *fe);
/* Revokes token_id of user_id (the actor's own, or a user it manages) and audits
 * "token.revoke": 1 revoked, 0 no such live token of that user, USER_FORBIDDEN, < 0 error. */
int user_token_revoke(store *s, const struct actor *actor, int64_t user_id, int64_t token_id);

/* Text fields: valid UTF-8, no control or invisible formatting characters, NFC, spaces
 * collapsed and trimmed, at most max_chars characters. Returns NULL and sets *out (arena), or
 * a Vietnamese message (static or in the arena). NULL in gives "". */
const char *user_clean_text(arena *a, const char *in, size_t max_chars, char **out);
#endif
