-- 020_campaign: emulation campaigns (phong trào thi đua) with their occasions, participating units,
-- numbered content groups, typed targets and progress reports (src/campaign/, docs/architecture.md).
-- Every measured value is an integer in thousandths of its unit ("milli": 99 % = 99000), so the
-- evaluation engine (evaluate.c) decides boundaries exactly; dates are ISO text.

CREATE TABLE campaign (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  title        TEXT NOT NULL,
  theme        TEXT,                               -- chủ đề
  kind         TEXT NOT NULL CHECK (kind IN ('thuong_xuyen','chuyen_de')),
  scope        TEXT NOT NULL CHECK (scope IN ('national','province','block','unit')),
  authority    TEXT NOT NULL,                      -- launching authority: "UBND tỉnh Lạng Sơn"
  plan_number  TEXT,                               -- "163/KH-UBND"; NULL when the source gives none
  launch_date  TEXT,
  start_date   TEXT NOT NULL,
  end_date     TEXT NOT NULL CHECK (end_date >= start_date),
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','launched','closed','reviewed')),
  participation TEXT NOT NULL DEFAULT 'list' CHECK (participation IN ('unit_kind','block','list')),
  source       TEXT,                               -- where the campaign's text comes from
  illustrative INTEGER NOT NULL DEFAULT 0,         -- demo data: says so on every page
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

-- Who takes part: unit kinds ('department' …), blocks, or a list of units, by `participation`.
CREATE TABLE campaign_participant (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  unit_kind    TEXT,
  block_id     INTEGER REFERENCES emulation_block(id),
  unit_id      INTEGER REFERENCES unit(id),
  CHECK ((CASE WHEN unit_kind IS NULL THEN 0 ELSE 1 END) + (CASE WHEN block_id IS NULL THEN 0 ELSE 1 END)
         + (CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END) = 1)
);
CREATE INDEX campaign_participant_c ON campaign_participant(campaign_id);

-- Occasions the campaign celebrates: the event and its date; the n-th anniversary and the
-- celebration date are computed for the campaign's year (vn_anniversary).
CREATE TABLE campaign_occasion (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  event        TEXT NOT NULL,                      -- "ngày sinh đồng chí Hoàng Văn Thụ"
  event_date   TEXT NOT NULL,
  year         INTEGER NOT NULL,                   -- the year celebrated
  position     INTEGER NOT NULL
);
CREATE INDEX campaign_occasion_c ON campaign_occasion(campaign_id);

CREATE TABLE campaign_group (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  number       INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
  title        TEXT NOT NULL,
  note         TEXT,                               -- "the text lost this group's label" …
  UNIQUE (campaign_id, number)
);

-- A target (chỉ tiêu). parent_id: a sub-measure of a target whose rollup says how its children
-- combine ('all': every sub-measure must hold; 'sum', 'ratio', 'count': a per-unit split, each
-- child with its unit_id). Reports go to targets without children.
CREATE TABLE campaign_target (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  group_id     INTEGER NOT NULL REFERENCES campaign_group(id) ON DELETE CASCADE,
  parent_id    INTEGER REFERENCES campaign_target(id) ON DELETE CASCADE,
  code         TEXT NOT NULL,                      -- "2.2", "5.1.a"
  phrase       TEXT,                               -- the original words
  subject      TEXT NOT NULL,
  measure_unit TEXT NOT NULL,                      -- "%", "doanh nghiệp", "xã"
  comparator   TEXT NOT NULL CHECK (comparator IN ('gt','ge','lt','le','eq','between','reduce_pct',
                 'increase_pct','count_all','coverage','zero','milestone','all')),
  value_a      INTEGER,                            -- milli
  value_b      INTEGER,                            -- milli: between's upper bound; count_all's criteria
  baseline_value INTEGER,                          -- milli
  baseline_period TEXT,                            -- "cùng kỳ năm 2018"
  deadline     TEXT NOT NULL,
  weight       INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 0 AND 1000),
  accumulates  INTEGER NOT NULL DEFAULT 0 CHECK (accumulates IN (0,1)),
  rollup       TEXT NOT NULL DEFAULT 'none' CHECK (rollup IN ('none','all','sum','ratio','count')),
  unit_id      INTEGER REFERENCES unit(id),        -- a per-unit split's unit
  position     INTEGER NOT NULL,
  UNIQUE (campaign_id, code)
);
CREATE INDEX campaign_target_group ON campaign_target(group_id, position);
CREATE INDEX campaign_target_parent ON campaign_target(parent_id);

-- The units responsible for a target (they report on it).
CREATE TABLE campaign_target_unit (
  target_id    INTEGER NOT NULL REFERENCES campaign_target(id) ON DELETE CASCADE,
  unit_id      INTEGER NOT NULL REFERENCES unit(id),
  PRIMARY KEY (target_id, unit_id)
);
CREATE INDEX campaign_target_unit_u ON campaign_target_unit(unit_id);

-- Progress reports. A report is a series of versions (series_id = the first version's id); a
-- change adds a version, none is overwritten. The Board's decision is kept on the version it
-- judged: 'accepted' or 'returned' (with the reason); an accepted version replaced by a later
-- accepted one of the same series becomes 'superseded'. Evidence files are linked through
-- stored_file's attachments (owner kind "campaign_report", the version's id).
CREATE TABLE campaign_report (
  id           INTEGER PRIMARY KEY,
  target_id    INTEGER NOT NULL REFERENCES campaign_target(id) ON DELETE CASCADE,
  unit_id      INTEGER NOT NULL REFERENCES unit(id),
  series_id    INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  as_of        TEXT NOT NULL,
  value        INTEGER NOT NULL,                   -- milli; a milestone: percent done (100000 = done)
  denominator  INTEGER,                            -- milli, for ratio roll-ups
  baseline_value INTEGER,                          -- milli: the baseline period's figure, when reported
  note         TEXT,
  state        TEXT NOT NULL CHECK (state IN ('submitted','accepted','returned','superseded')),
  decision_reason TEXT,                            -- why returned
  change_reason TEXT,                              -- why an administrator changed it after the close
  illustrative INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  decided_at   TEXT,
  decided_by   TEXT,
  UNIQUE (series_id, version)
);
CREATE INDEX campaign_report_target ON campaign_report(target_id, state, as_of);
CREATE INDEX campaign_report_unit ON campaign_report(unit_id);

-- The administrator gets report.write too: it already holds every other capability of the Board, and
-- after a campaign closes it is the one role that may still change a report (report.c); without it the
-- administrator could not even open the report form. Officers and unit reporters had it from 001.
INSERT INTO role_capability(role, capability) VALUES ('admin','report.write');

-- The latest accepted report of each target (greatest as_of, then id), kept by report.c whenever a
-- report of the target changes state, so the dashboard on today's date reads one row per target
-- instead of every report (bench/campaign: 600,000 reports). Evaluations as of an earlier date read
-- campaign_report itself. Reports cannot be dated after the day they are sent, so for any date from
-- today on both give the same answer (test_campaign checks it).
CREATE TABLE campaign_latest (
  target_id    INTEGER PRIMARY KEY REFERENCES campaign_target(id) ON DELETE CASCADE,
  report_id    INTEGER NOT NULL REFERENCES campaign_report(id) ON DELETE CASCADE,
  as_of        TEXT NOT NULL,
  value        INTEGER NOT NULL,
  baseline_value INTEGER,
  denominator  INTEGER
);
