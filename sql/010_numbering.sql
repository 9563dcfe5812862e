-- 010_numbering: numbering registers (src/core/numbering.h). One row per number ever given in a
-- register (kind, owner, year): the primary key makes a number unique across connections and
-- processes, and a number is never deleted, only voided with a reason (audited).
CREATE TABLE numbering_entry (
  kind        TEXT NOT NULL,
  owner       TEXT NOT NULL,
  year        INTEGER NOT NULL,
  number      INTEGER NOT NULL CHECK (number > 0),
  document    TEXT NOT NULL,
  origin      TEXT NOT NULL CHECK (origin IN ('auto','claim')),
  created_at  TEXT NOT NULL,
  voided_at   TEXT,
  voided_by   TEXT,
  void_reason TEXT,
  PRIMARY KEY (kind, owner, year, number)
);
