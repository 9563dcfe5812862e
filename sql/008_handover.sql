-- 008_handover: two capabilities the capability features need, and the hand-over table from the
-- producers of award proposals (fundraising tiers, campaign results) to commendation
-- (src/core/proposal_intake.h says why it is the whole contract between them).
INSERT INTO role_capability(role, capability) VALUES
  ('admin','campaign.write'),('admin','fund.write'),
  ('officer','campaign.write'),('officer','fund.write'),
  ('reporter','fund.write');

CREATE TABLE proposal_intake (
  id           INTEGER PRIMARY KEY,
  source       TEXT NOT NULL CHECK (source IN ('fund_tier','campaign_result')),
  source_ref   TEXT NOT NULL,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('enterprise','organisation','unit','household','individual')),
  subject_name TEXT NOT NULL,
  subject_key  TEXT NOT NULL,
  unit_id      INTEGER REFERENCES unit(id),
  form_code    TEXT NOT NULL,
  achievement  TEXT NOT NULL,
  reason       TEXT NOT NULL,
  amount       INTEGER NOT NULL DEFAULT 0,
  year         INTEGER NOT NULL,
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','taken','withdrawn')),
  proposal_id  INTEGER,
  withdrawn_reason TEXT,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  UNIQUE (subject_key, achievement, form_code)
);
CREATE INDEX proposal_intake_state ON proposal_intake(state, source);
