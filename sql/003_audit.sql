-- 003_audit: the personal-data vault of the audit log, and indexes for verifying and filtering
-- the log.
--
-- Personal values (phones, e-mails, citizen ID numbers, bank accounts, birth dates) never enter
-- the hash chain in clear: audit_write() stores each one here under a random reference and the
-- audit JSON holds {"$pii": "<ref>"}. The chain hashes the reference, not the value, so erasing
-- a person (value set to NULL) leaves every audit row and its hash untouched. A reference is 128
-- random bits, not a hash of the value: a hash of a 10-digit phone number is reversed by trying
-- all 10^10 numbers, a random reference reveals nothing. See docs/privacy.md.
CREATE TABLE pii_vault (
  ref         TEXT PRIMARY KEY,         -- 32 hex digits from the system CSPRNG
  subject     TEXT NOT NULL,            -- the person's entity: 'user', 'donor' …
  subject_id  TEXT NOT NULL,            -- that entity's id ('' when the write had none)
  field       TEXT NOT NULL,            -- the JSON key the value came from: 'phone', 'email' …
  value       TEXT,                     -- the value as canonical JSON; NULL once erased
  created_at  TEXT NOT NULL,
  last_used   TEXT NOT NULL,            -- day (UTC) of the last audit entry using it (retention)
  erased_at   TEXT,
  CHECK ((value IS NULL) = (erased_at IS NOT NULL))
);
CREATE INDEX pii_vault_subject ON pii_vault(subject, subject_id, field);
CREATE INDEX pii_vault_last_used ON pii_vault(last_used);

-- verify looks a broken link's prev_hash up among the stored hashes (to tell an inserted row
-- from a deleted one); the list filters by time and by who.
CREATE INDEX audit_hash ON audit_log(hash);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_user ON audit_log(user_login);
