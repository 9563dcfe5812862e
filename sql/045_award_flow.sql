-- 045_award_flow: the second half of commendation (src/award/: proposal*, council*, ballot*,
-- decision*, certificate*): proposals and their dossiers with the workflow's timeline, the
-- council's secret ballot, numbered decisions with their recipients, and certificates.
-- Portable SQL. The rule base (titles, coefficients, base salary, quorum …) is the award-rules
-- half's tables; these tables keep what was decided with the rule rows' citations as text, so a
-- document prints the same years later.

-- A proposal (hồ sơ đề nghị): one subject put forward for one form by one unit. state follows
-- the workflow of docs/domain.md §5 (proposal.c holds the transition table).
CREATE TABLE award_proposal (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES unit(id),      -- the proposing unit (scope)
  subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('individual','collective','household','enterprise')),
  subject_name  TEXT NOT NULL,
  subject_id    INTEGER NOT NULL,                          -- the award-rules half's subject (award_subject_find_or_add);
                                                           -- its key (a citizen ID for a person) stays there, not copied here
  form_code     TEXT NOT NULL,                             -- rule base code: "BK_CT_UBND_TINH" …
  achievement   TEXT NOT NULL,                             -- key of what is rewarded
  reason        TEXT NOT NULL,                             -- "Đã có thành tích xuất sắc trong …"
  year          INTEGER NOT NULL,
  intake_id     INTEGER REFERENCES proposal_intake(id),
  state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','submitted','returned','received',
                  'assigned','appraised','to_council','approved','refused','decided')),
  needs_vote    INTEGER NOT NULL DEFAULT 0,                -- the rule asks for a council vote
  eligible      INTEGER,                                   -- appraisal: NULL not yet, 1, 0
  appraisal     TEXT,                                      -- the appraiser's reasons
  assignee_id   INTEGER REFERENCES app_user(id),
  due_on        TEXT,                                      -- deadline of the current step (ISO)
  due_step      TEXT,                                      -- 'check' (completeness) or 'process'
  decision_id   INTEGER,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
-- One achievement is rewarded once (Law 06/2022/QH15 Art. 6): the same subject cannot be put
-- forward twice for the same achievement and form.
CREATE UNIQUE INDEX award_proposal_once ON award_proposal(subject_id, achievement, form_code);
CREATE INDEX award_proposal_state ON award_proposal(state, due_on);
CREATE INDEX award_proposal_unit ON award_proposal(unit_id);

-- The timeline: every transition with who, when and the reason.
CREATE TABLE award_proposal_event (
  id          INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES award_proposal(id),
  at          TEXT NOT NULL,                               -- when it was recorded (UTC)
  on_date     TEXT NOT NULL,                               -- the day it took effect (ISO): deadlines count from it
  actor       TEXT NOT NULL,
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  note        TEXT
);
CREATE INDEX award_proposal_event_p ON award_proposal_event(proposal_id, id);

-- The council (Hội đồng Thi đua – Khen thưởng) of a year: its members are users who vote.
CREATE TABLE council_member (
  id        INTEGER PRIMARY KEY,
  year      INTEGER NOT NULL,
  user_id   INTEGER NOT NULL REFERENCES app_user(id),
  position  TEXT NOT NULL,                                 -- "Chủ tịch Hội đồng", "Ủy viên" …
  UNIQUE (year, user_id)
);

CREATE TABLE council_meeting (
  id          INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL,
  held_on     TEXT NOT NULL,
  title       TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),
  members     INTEGER NOT NULL DEFAULT 0,                  -- members of the year when it closed
  quorum_rule TEXT,                                        -- the rule rows used, as text with citation
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);

-- An agenda item: one proposal. The secret ballot keeps only COUNTERS per choice here; who
-- voted lives in council_ballot_cast, with no choice and no time. Nothing links the two.
CREATE TABLE council_item (
  id            INTEGER PRIMARY KEY,
  meeting_id    INTEGER NOT NULL REFERENCES council_meeting(id),
  proposal_id   INTEGER NOT NULL REFERENCES award_proposal(id),
  votes_for     INTEGER NOT NULL DEFAULT 0,
  votes_against INTEGER NOT NULL DEFAULT 0,
  votes_abstain INTEGER NOT NULL DEFAULT 0,
  result        TEXT NOT NULL DEFAULT 'pending' CHECK (result IN ('pending','passed','failed','no_quorum')),
  UNIQUE (meeting_id, proposal_id)
);
CREATE TABLE council_ballot_cast (
  item_id   INTEGER NOT NULL REFERENCES council_item(id),
  member_id INTEGER NOT NULL REFERENCES council_member(id),
  PRIMARY KEY (item_id, member_id)
);

-- A decision (quyết định). number is NULL until signed; then unique per issuer and year (the
-- numbering register holds the same number, bound to "decision:<id>").
CREATE TABLE award_decision (
  id              INTEGER PRIMARY KEY,
  issuer_code     TEXT NOT NULL,                           -- the register's owner: "UBND"
  issuer          TEXT NOT NULL,                           -- "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
  parent_body     TEXT,
  symbol          TEXT NOT NULL,                           -- "QĐ-UBND"
  number          INTEGER,
  number_source   TEXT CHECK (number_source IN ('register','entered')),
  year            INTEGER,
  decided_on      TEXT NOT NULL,                           -- ISO
  place           TEXT NOT NULL,
  form_code       TEXT NOT NULL,
  summary         TEXT NOT NULL,                           -- "Về việc tặng Bằng khen …"
  legal_bases     TEXT NOT NULL,                           -- one "Căn cứ …" per line
  proposer        TEXT NOT NULL,                           -- "Xét đề nghị của Giám đốc Sở Nội vụ"
  signer_authority TEXT,                                   -- "KT. CHỦ TỊCH"
  signer_position TEXT NOT NULL,                           -- "PHÓ CHỦ TỊCH"
  signer_name     TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','signed','revoked')),
  money_rule      TEXT,                                    -- the rule rows used for the money
  revoked_reason  TEXT,
  revoked_on      TEXT,
  created_at      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  signed_at       TEXT
);
CREATE UNIQUE INDEX award_decision_number ON award_decision(issuer_code, year, number) WHERE number IS NOT NULL;

CREATE TABLE award_decision_recipient (
  id            INTEGER PRIMARY KEY,
  decision_id   INTEGER NOT NULL REFERENCES award_decision(id),
  proposal_id   INTEGER NOT NULL REFERENCES award_proposal(id),
  line_no       INTEGER NOT NULL,
  subject_kind  TEXT NOT NULL,
  subject_name  TEXT NOT NULL,
  reason        TEXT NOT NULL,
  money         INTEGER NOT NULL DEFAULT 0,               -- đồng, rounded up to 10,000
  money_basis   TEXT,                                      -- "1,0 × 1.490.000 (…)" with citations
  so_vang       INTEGER,                                   -- gold-book number, at signing
  verify_code   TEXT NOT NULL UNIQUE,                      -- the public verification link's key
  UNIQUE (decision_id, proposal_id)
);

-- Calibration of a batch of pre-printed blanks (phôi): where each variable text goes, in mm.
CREATE TABLE certificate_blank (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  form_code   TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL
);
-- Positions in tenths of a millimetre from the page's top-left corner (integers: exact).
CREATE TABLE certificate_blank_field (
  blank_id    INTEGER NOT NULL REFERENCES certificate_blank(id),
  field       TEXT NOT NULL,                               -- "recipient", "reason", "decision" …
  x_dmm       INTEGER NOT NULL,
  y_dmm       INTEGER NOT NULL,
  width_dmm   INTEGER NOT NULL,
  size_pt     INTEGER NOT NULL,
  PRIMARY KEY (blank_id, field)
);

-- The administrator acts for the Board when it must (a dossier, an appraisal, the council's
-- agenda) and so holds the flow's capabilities too; "ballot" lets it reach the ballot routes, but
-- a vote still needs a seat on the year's council roll (ballot.c), which the administrator does not
-- have unless the Board gives it one. ON CONFLICT: the award-rules half may grant the same rows.
INSERT INTO role_capability(role, capability) VALUES
  ('admin','dossier.write'),('admin','appraise'),('admin','ballot')
  ON CONFLICT (role, capability) DO NOTHING;
