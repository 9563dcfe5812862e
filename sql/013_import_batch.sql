-- 013_import_batch: the batches of a batched import (src/core/import.c, import_run_batched).
-- A high-volume import writes its accepted lines in several short write transactions, each row
-- marked with the id of its batch; the rows stay invisible to every reader until the batch is
-- `published` (one short transaction with the import's audit entry). A batch that is rejected,
-- cancelled, in conflict with another writer or abandoned by a dead process becomes `discarded`
-- and its rows are deleted (`cleared` = 1 once none is left). The runner (host:pid) and its
-- heartbeat let a starting process tell a dead importer's batch from a live one's.
-- Readers' rule (import.h, IMPORT_VISIBLE): a row is visible when its batch_id is NULL or not
-- among the ids of unpublished batches.
CREATE TABLE import_batch (
  id            INTEGER PRIMARY KEY,
  entity        TEXT NOT NULL,                  -- the importer's audit entity, e.g. "donation"
  file_name     TEXT NOT NULL,
  sha256        TEXT NOT NULL,                  -- of the imported file
  state         TEXT NOT NULL DEFAULT 'staged'
                CHECK (state IN ('staged', 'published', 'discarded')),
  cleared       INTEGER NOT NULL DEFAULT 0,     -- discarded and every staged row deleted
  staged_lines  INTEGER NOT NULL DEFAULT 0,     -- accepted lines written under this batch so far
  user_id       INTEGER NOT NULL DEFAULT 0,     -- app_user.id; 0 for the command line
  user_login    TEXT NOT NULL,
  runner        TEXT NOT NULL,                  -- host:pid of the importing process
  heartbeat_at  TEXT NOT NULL,                  -- moved by every batch the runner writes
  created_at    TEXT NOT NULL,
  finished_at   TEXT                            -- published or discarded at
);
CREATE INDEX import_batch_by_state ON import_batch(state);
