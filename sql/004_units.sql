-- 004_units: what the unit tree, its succession history and the emulation blocks need beyond
-- 001_core. Portable SQL (SQLite and PostgreSQL both accept partial indexes and ADD COLUMN).

-- A free note on a unit ("700 giường", the founding decision …), shown on its page.
ALTER TABLE unit ADD COLUMN note TEXT;

-- One unit per tax code (a branch has a 13-character code of its own: 10 digits, '-', 3 digits).
CREATE UNIQUE INDEX unit_tax_code ON unit(tax_code) WHERE tax_code IS NOT NULL;
-- Natural key of a unit without a code: its folded name under one parent (duplicates, imports).
CREATE INDEX unit_parent_fold ON unit(parent_id, name_fold);
-- Ordering by the Vietnamese sort key.
CREATE INDEX unit_sort ON unit(sort_key);
-- Lineage walks backwards by the primary key (successor_id, …); forwards by this index.
CREATE INDEX unit_succession_pred ON unit_succession(predecessor_id);
-- The blocks a unit belongs to, and the years it led them.
CREATE INDEX block_member_unit ON block_member(unit_id);
CREATE INDEX block_leadership_head ON block_leadership(head_unit_id);
CREATE INDEX block_leadership_deputy ON block_leadership(deputy_unit_id);
