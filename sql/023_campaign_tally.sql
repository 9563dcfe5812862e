-- 023_campaign_tally.sql: what the campaign dashboard and the block ranking read instead of every
-- share of a per-unit split (bench/campaign: 1,000 units × 50 targets = 50,050 targets to read and
-- evaluate on every page view). Kept by src/campaign/campaign_tally.c inside the transaction of every
-- change that can move a status: a report accepted, returned or changed (report.c), a target or a
-- share added (campaign.c), and campaign_refresh_target / campaign_refresh for edits.
--
-- Why statuses and not only their inputs: a status depends on the evaluation date only through one
-- question, "is the date after the target's deadline?" (evaluate.c: `final`; the pace is measured at
-- the value's own date, not at the evaluation date). So each kept leaf carries its status in both
-- regimes — open (on or before the deadline) and final (after it) — and a reader picks the regime by
-- comparing its date with the deadline: exact for every date from today on (campaign_latest holds the
-- latest accepted report; reports cannot be dated in the future), never stale as the days pass. For a
-- date in the past the pages still read the reports themselves.
--
-- The statuses come from C (evaluate.c), so SQL cannot compute them for rows that exist before this
-- migration: campaign_tally_state records, per campaign, that its kept rows were built and by which
-- version of the rules (EVAL_RULES_VERSION). A campaign without a current row is read the slow,
-- exact way and rebuilt by its next change or by `thidua campaign refresh`.

ALTER TABLE campaign_latest ADD COLUMN status_open TEXT;    -- status code ('met' …) on or before the deadline
ALTER TABLE campaign_latest ADD COLUMN status_final TEXT;   -- status code after the deadline

CREATE TABLE campaign_tally_state (
  campaign_id   INTEGER PRIMARY KEY REFERENCES campaign(id) ON DELETE CASCADE,
  rules_version INTEGER NOT NULL,
  built_at      TEXT NOT NULL
);

-- Per split parent: its shares counted by deadline, regime and status (a share without an accepted
-- report counts as no_data in both regimes), with their weights.
CREATE TABLE campaign_share_tally (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,   -- the reader's key
  parent_id  INTEGER NOT NULL REFERENCES campaign_target(id) ON DELETE CASCADE,
  deadline   TEXT NOT NULL,
  regime     TEXT NOT NULL CHECK (regime IN ('open','final')),
  status     TEXT NOT NULL,
  targets    INTEGER NOT NULL,
  weight     INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, parent_id, deadline, regime, status)
);
CREATE INDEX campaign_share_tally_parent ON campaign_share_tally(parent_id);

-- Per split parent: what its roll-up needs from the shares' latest accepted values (the sum of the
-- values and of the denominators, saturated at ±10^18 milli; the newest value's date).
CREATE TABLE campaign_share_sum (
  parent_id       INTEGER PRIMARY KEY REFERENCES campaign_target(id) ON DELETE CASCADE,
  campaign_id     INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  reported        INTEGER NOT NULL,
  value_sum       INTEGER NOT NULL,
  denominator_sum INTEGER NOT NULL,
  latest_as_of    TEXT
);
CREATE INDEX campaign_share_sum_campaign ON campaign_share_sum(campaign_id);

-- Per campaign and unit: the unit's shares counted as in campaign_share_tally (the block ranking).
CREATE TABLE campaign_unit_tally (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  unit_id     INTEGER NOT NULL,
  deadline    TEXT NOT NULL,
  regime      TEXT NOT NULL CHECK (regime IN ('open','final')),
  status      TEXT NOT NULL,
  targets     INTEGER NOT NULL,
  weight      INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, deadline, regime, status)
);

-- A unit's shares in a campaign (campaign_unit_tally's refresh).
CREATE INDEX campaign_target_campaign_unit ON campaign_target(campaign_id, unit_id);
-- The campaign's targets that are not shares of a per-unit split (the dashboard's rows): a partial
-- index on exactly the predicate the readers write, so they touch ~50 rows, not 50,050.
CREATE INDEX campaign_target_not_share ON campaign_target(campaign_id) WHERE unit_id IS NULL OR parent_id IS NULL;

-- A safety net for edits: a change to a target's rule, roll-up or place, a deleted target, or a new
-- campaign start (the pace's origin) marks the campaign's kept rows stale, so its pages fall back to
-- the exact evaluation from every share until campaign_refresh_target / campaign_refresh (which edit
-- code calls in the same transaction) or the next report decision rebuilds them. Kept rows can thus
-- never be read out of date, whichever code path made the change.
CREATE TRIGGER campaign_target_rule_changed AFTER UPDATE OF comparator, value_a, value_b, baseline_value, deadline, weight,
  accumulates, rollup, unit_id, parent_id, campaign_id ON campaign_target
  BEGIN DELETE FROM campaign_tally_state WHERE campaign_id IN (OLD.campaign_id, NEW.campaign_id); END;
CREATE TRIGGER campaign_target_deleted AFTER DELETE ON campaign_target
  BEGIN DELETE FROM campaign_tally_state WHERE campaign_id = OLD.campaign_id; END;
CREATE TRIGGER campaign_start_changed AFTER UPDATE OF start_date ON campaign
  BEGIN DELETE FROM campaign_tally_state WHERE campaign_id = NEW.id; END;
