-- 011_files: stored files (src/core/stored_file.h): one row per SHA-256 with the bytes in the
-- database (several servers share them, a backup holds them), what the client declared and what
-- the bytes are; and the attachments that link a file to the records that own it.
CREATE TABLE stored_file (
  id            INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  declared_type TEXT,
  sniffed_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  width         INTEGER NOT NULL DEFAULT 0,
  height        INTEGER NOT NULL DEFAULT 0,
  data          BLOB NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);
CREATE TABLE file_attachment (
  file_id     INTEGER NOT NULL REFERENCES stored_file(id),
  owner_kind  TEXT NOT NULL,
  owner_id    INTEGER NOT NULL,
  caption     TEXT,
  position    INTEGER NOT NULL,
  attached_at TEXT NOT NULL,
  PRIMARY KEY (file_id, owner_kind, owner_id)
);
CREATE INDEX file_attachment_owner ON file_attachment(owner_kind, owner_id, position);
