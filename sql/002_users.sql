-- 002_users: what users, sessions and API tokens need beyond 001_core: a folded name for
-- search and a name sort key, the last login, pending TOTP enrolment and the last TOTP step used (replay refusal),
-- token expiry and revocation time, and indexes for the users list filters.
ALTER TABLE app_user ADD COLUMN name_fold TEXT NOT NULL DEFAULT '';   -- vn_fold(name), for search
ALTER TABLE app_user ADD COLUMN name_sort BLOB;                        -- vn_name_sortkey(name): by tên, họ, đệm
ALTER TABLE app_user ADD COLUMN last_login TEXT;
ALTER TABLE app_user ADD COLUMN password_changed_at TEXT;
-- base32 secret shown during enrolment; becomes totp_secret once a code from it is confirmed
ALTER TABLE app_user ADD COLUMN totp_pending TEXT;
-- unix time / 30 of the last accepted code: a code is accepted once (RFC 6238 section 5.2)
ALTER TABLE app_user ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
CREATE INDEX app_user_unit ON app_user(unit_id);
CREATE INDEX app_user_role ON app_user(role);
CREATE INDEX app_user_fold ON app_user(name_fold);
CREATE INDEX app_user_sort ON app_user(name_sort);

ALTER TABLE api_token ADD COLUMN expires_at TEXT;   -- ISO time (UTC); NULL: no expiry
ALTER TABLE api_token ADD COLUMN revoked_at TEXT;
CREATE INDEX api_token_user ON api_token(user_id);
