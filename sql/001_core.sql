-- 001_core: settings, the unit tree, users, roles and capabilities, sessions, API tokens,
-- login throttling, and the hash-chained audit log. Written in the SQL that SQLite and
-- PostgreSQL share wherever they can (ids are INTEGER PRIMARY KEY here, identity columns there).

CREATE TABLE setting (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- Units: the province, its departments, mass organisations, districts (historic), communes and
-- wards, schools, hospitals, enterprises. valid_from/valid_to (ISO dates) bound a unit's life,
-- so the 2019 districts and the post-1/7/2025 communes live in one tree.
CREATE TABLE unit (
  id          INTEGER PRIMARY KEY,
  parent_id   INTEGER REFERENCES unit(id),
  kind        TEXT NOT NULL CHECK (kind IN ('province','department','agency','mass_org','district',
                'city','commune','ward','special_zone','school','hospital','enterprise','other')),
  name        TEXT NOT NULL,
  short_name  TEXT,
  code        TEXT UNIQUE,              -- administrative or internal code
  tax_code    TEXT,                     -- enterprises (mã số thuế)
  address     TEXT,
  valid_from  TEXT,
  valid_to    TEXT,
  name_fold   TEXT NOT NULL,            -- vn fold of name, for search
  sort_key    BLOB NOT NULL,            -- vn sort key of name, for ordering
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX unit_parent ON unit(parent_id);
CREATE INDEX unit_fold ON unit(name_fold);

-- What a unit succeeded (merged, split, renamed), so awards and reports follow it.
CREATE TABLE unit_succession (
  successor_id   INTEGER NOT NULL REFERENCES unit(id),
  predecessor_id INTEGER NOT NULL REFERENCES unit(id),
  change         TEXT NOT NULL CHECK (change IN ('merge','split','rename','transfer')),
  effective      TEXT NOT NULL,
  legal_basis    TEXT,                  -- e.g. "Nghị quyết 1675/NQ-UBTVQH15"
  PRIMARY KEY (successor_id, predecessor_id),
  CHECK (successor_id <> predecessor_id)
);

-- Roles are data: a set of capability names. Expanded into a bit set at login.
CREATE TABLE role (
  name        TEXT PRIMARY KEY,
  label       TEXT NOT NULL,            -- Vietnamese, for screens
  whole_tree  INTEGER NOT NULL DEFAULT 0 -- 1: write scope is the whole tree (Board, admin)
);
CREATE TABLE role_capability (
  role        TEXT NOT NULL REFERENCES role(name),
  capability  TEXT NOT NULL,
  PRIMARY KEY (role, capability)
);

CREATE TABLE app_user (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  email         TEXT,
  phone         TEXT,                   -- personal data: masked for roles without pii.read
  unit_id       INTEGER NOT NULL REFERENCES unit(id),
  role          TEXT NOT NULL REFERENCES role(name),
  password_hash TEXT NOT NULL,          -- Argon2id string (libsodium crypto_pwhash_str)
  totp_secret   TEXT,                   -- base32; two-factor login when set
  disabled      INTEGER NOT NULL DEFAULT 0,
  must_change   INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- Sessions: the cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE session (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,         -- unix seconds
  last_seen   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  remote_addr TEXT,
  user_agent  TEXT
);
CREATE INDEX session_user ON session(user_id);

CREATE TABLE api_token (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  label       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  last_used   TEXT,
  revoked     INTEGER NOT NULL DEFAULT 0
);

-- Failed logins, per account and per address, for throttling.
CREATE TABLE login_failure (
  id          INTEGER PRIMARY KEY,
  login       TEXT,
  remote_addr TEXT,
  at          INTEGER NOT NULL
);
CREATE INDEX login_failure_login ON login_failure(login, at);
CREATE INDEX login_failure_addr ON login_failure(remote_addr, at);

-- Audit log: append-only; each row carries the hash of the previous row. before/after are
-- JSON with personal and secret values replaced by references or hashes (docs/privacy.md).
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER,
  user_login  TEXT,
  action      TEXT NOT NULL,            -- create, update, delete, import, login …
  entity      TEXT NOT NULL,            -- unit, user, block …
  entity_id   TEXT,
  before_json TEXT,
  after_json  TEXT,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Emulation blocks and clusters (khối / cụm thi đua): members, and per year a head and deputy.
CREATE TABLE emulation_block (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('khoi','cum')),
  description TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE TABLE block_member (
  block_id    INTEGER NOT NULL REFERENCES emulation_block(id) ON DELETE CASCADE,
  unit_id     INTEGER NOT NULL REFERENCES unit(id),
  joined      TEXT,
  left_on     TEXT,
  PRIMARY KEY (block_id, unit_id)
);
CREATE TABLE block_leadership (
  block_id    INTEGER NOT NULL REFERENCES emulation_block(id) ON DELETE CASCADE,
  year        INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2200),
  head_unit_id   INTEGER NOT NULL REFERENCES unit(id),
  deputy_unit_id INTEGER REFERENCES unit(id),
  PRIMARY KEY (block_id, year),
  CHECK (deputy_unit_id IS NULL OR deputy_unit_id <> head_unit_id)
);

INSERT INTO role(name, label, whole_tree) VALUES
  ('admin',    'Quản trị hệ thống', 1),
  ('officer',  'Chuyên viên Ban Thi đua – Khen thưởng', 1),
  ('reporter', 'Cán bộ báo cáo của đơn vị', 0),
  ('council',  'Thành viên Hội đồng Thi đua – Khen thưởng', 0),
  ('viewer',   'Người xem', 0);
INSERT INTO role_capability(role, capability) VALUES
  ('admin','unit.read'),('admin','unit.write'),('admin','block.write'),('admin','user.admin'),
  ('admin','audit.read'),('admin','pii.read'),('admin','settings'),
  ('officer','unit.read'),('officer','unit.write'),('officer','block.write'),('officer','pii.read'),
  ('officer','report.write'),('officer','dossier.write'),('officer','appraise'),
  ('reporter','unit.read'),('reporter','unit.write'),('reporter','report.write'),('reporter','dossier.write'),
  ('council','unit.read'),('council','ballot'),
  ('viewer','unit.read');
