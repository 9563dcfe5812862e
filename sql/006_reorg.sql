-- 006_reorg: a unit ends in at most one reorganisation (merge, split or rename).
--
-- unit_reorganise() checks this inside its write transaction before writing, and on SQLite that
-- transaction holds the only write lock (BEGIN IMMEDIATE), so two reorganisations of one unit
-- cannot both pass the check. A backend that lets writers run side by side (PostgreSQL under
-- READ COMMITTED) would let both pass it; the primary key below makes the second one fail at
-- its insert instead (it waits for the first to commit, then gets a unique violation), so the
-- rule holds there too without table locks. Without it a unit merged into three units would
-- have its history counted under all three.
CREATE TABLE unit_reorg_source (
  unit_id    INTEGER PRIMARY KEY REFERENCES unit(id),
  change     TEXT NOT NULL CHECK (change IN ('merge','split','rename','transfer')),
  effective  TEXT NOT NULL            -- the successors' first day; the unit ended the day before
);

-- Units already reorganised before this migration: the earliest of their reorganisations. (A
-- database that suffered the double reorganisation keeps its extra succession rows; they are
-- visible in the unit's history and can be judged by hand.)
INSERT INTO unit_reorg_source(unit_id, change, effective)
  SELECT s.predecessor_id, min(s.change), min(s.effective) FROM unit_succession s
  WHERE s.effective = (SELECT min(t.effective) FROM unit_succession t WHERE t.predecessor_id = s.predecessor_id)
  GROUP BY s.predecessor_id;
