-- 012_jobs: background jobs (src/core/job.c): long work outside the request, with its owner,
-- state, progress and result. The runner that holds a job writes `runner` (host:pid) and
-- `heartbeat_at`, so a server that starts can tell jobs of a dead process (failed: "máy chủ dừng
-- khi đang chạy") from those another live server is running. The result file is kept here, not
-- in the stored-files service: a job's download lives and dies with its job.
CREATE TABLE job (
  id                INTEGER PRIMARY KEY,
  owner_id          INTEGER NOT NULL DEFAULT 0,     -- app_user.id; 0 for the command line
  owner_login       TEXT NOT NULL,                  -- the audit name of the owner
  kind              TEXT NOT NULL,
  title             TEXT NOT NULL,
  state             TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  done              INTEGER NOT NULL DEFAULT 0,
  total             INTEGER NOT NULL DEFAULT 0,     -- 0: unknown
  stage             TEXT NOT NULL DEFAULT '',
  message           TEXT NOT NULL DEFAULT '',       -- why it failed or was cancelled
  result_json       TEXT,
  link              TEXT,
  cancel_requested  INTEGER NOT NULL DEFAULT 0,
  runner            TEXT NOT NULL DEFAULT '',       -- host:pid of the process running it
  heartbeat_at      TEXT,
  created_at        TEXT NOT NULL,
  started_at        TEXT,
  finished_at       TEXT
);
CREATE INDEX job_by_owner ON job(owner_id, id);
CREATE INDEX job_by_state ON job(state);

CREATE TABLE job_file (
  job_id        INTEGER PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  bytes         INTEGER NOT NULL,
  content       BLOB NOT NULL
);
