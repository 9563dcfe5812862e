-- 027_scoring_criterion_scope: what a computed ('targets') criterion of a scoring sheet counts and how
-- (src/campaign/scoring.c). group_numbers: the campaign's content groups it reads, as their numbers
-- "1,3" in ascending order (NULL: every group). method: 'share' gives max × the weighted share of the
-- unit's targets in those groups that are met (the rule of sheets made before this migration);
-- 'all' gives max only when every one of them is met, else 0. Entered, bonus and penalty criteria
-- keep NULL and 'share' (they read no targets).
ALTER TABLE scoring_criterion ADD COLUMN group_numbers TEXT;
ALTER TABLE scoring_criterion ADD COLUMN method TEXT NOT NULL DEFAULT 'share' CHECK (method IN ('share', 'all'));
