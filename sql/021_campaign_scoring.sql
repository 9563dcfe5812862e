-- 021_campaign_scoring: block scoring sheets (bảng chấm điểm thi đua của khối, cụm) per block and year,
-- their criteria and the points the Board enters (src/campaign/scoring.c). Points are milli-points
-- (1 point = 1000), so halves and quarters add exactly.

CREATE TABLE scoring_sheet (
  id           INTEGER PRIMARY KEY,
  block_id     INTEGER NOT NULL REFERENCES emulation_block(id),
  year         INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2200),
  campaign_id  INTEGER NOT NULL REFERENCES campaign(id),   -- its target statuses feed computed criteria
  title        TEXT NOT NULL,
  illustrative INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  UNIQUE (block_id, year, campaign_id)
);

-- kind: 'targets' computed = max × the weighted share of the unit's targets met in the campaign;
-- 'entered' points given by the Board (0..max); 'bonus' added; 'penalty' subtracted.
CREATE TABLE scoring_criterion (
  id           INTEGER PRIMARY KEY,
  sheet_id     INTEGER NOT NULL REFERENCES scoring_sheet(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  code         TEXT NOT NULL,
  title        TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('targets','entered','bonus','penalty')),
  max_points   INTEGER NOT NULL CHECK (max_points > 0),
  weight       INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100),
  UNIQUE (sheet_id, code)
);

CREATE TABLE scoring_entry (
  sheet_id     INTEGER NOT NULL REFERENCES scoring_sheet(id) ON DELETE CASCADE,
  criterion_id INTEGER NOT NULL REFERENCES scoring_criterion(id) ON DELETE CASCADE,
  unit_id      INTEGER NOT NULL REFERENCES unit(id),
  points       INTEGER NOT NULL CHECK (points >= 0),
  note         TEXT,
  entered_by   TEXT NOT NULL,
  entered_at   TEXT NOT NULL,
  PRIMARY KEY (criterion_id, unit_id)
);
